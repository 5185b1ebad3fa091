//! Lines and rings of imported layers kept compactly at every zoom band (issue 14's
//! memory goal): positions at full detail as `f32` offsets from one origin, and each
//! simplified band as the indices of the positions it keeps — a half and a quarter of
//! what `[f64; 2]` copies took — in two allocations per feature part instead of one per
//! band and path.
//!
//! An `f32` offset keeps 24 bits. Offsets are taken from the middle of a part's box and
//! used only where they all lie within [`NEAR`] of it, which keeps every position within
//! an eighth of a pixel at zoom 22 (and within a few hundredths of a millimetre in a part
//! a kilometre across); a part reaching farther keeps its positions as `f64`.

/// Paths (a line, or a polygon's rings) at every band of [`crate::map::lod::BAND_MIN_ZOOMS`]
/// kept: the simplified bands first, then every path at full detail.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackedPaths {
    /// What `positions` are offsets from, in normalised Mercator.
    origin: [f64; 2],
    /// Every path's positions at full detail, path after path.
    positions: Positions,
    /// `[path ends…, band ends…, kept path ends…, kept…]`: where each full path ends in
    /// `positions`; where each simplified band's paths end among the kept paths; where
    /// each kept path ends in `kept`; and the kept positions of the simplified bands as
    /// indices into `positions`. Two bytes each where every entry fits.
    index: Indices,
    paths: u32,
    simplified_bands: u32,
    kept_paths: u32,
}

/// One path of a band: positions in normalised Mercator, read in order.
#[derive(Clone, Copy, Debug, Default)]
pub struct PackedPath<'a> {
    origin: [f64; 2],
    positions: PositionSlice<'a>,
    /// Indices into `positions` of the positions of a simplified path; `None`: all of
    /// `positions` (a path at full detail).
    kept: Option<IndexSlice<'a>>,
}

/// How far from the origin, in normalised Mercator (about 78 km at the equator), offsets
/// are kept as `f32`: a step of `f32` there is 2⁻³³ (half of it the most a position is
/// off), an eighth of a pixel at zoom 22.
pub const NEAR: f64 = 1.0 / 512.0;

/// Positions at full detail: offsets from [`PackedPaths::origin`] (`Far` ones as they
/// are, the origin then being zero).
#[derive(Clone, Debug, PartialEq)]
enum Positions {
    Near(Box<[[f32; 2]]>),
    Far(Box<[[f64; 2]]>),
}

impl Default for Positions {
    fn default() -> Self {
        Positions::Near(Box::default())
    }
}

impl Positions {
    fn len(&self) -> usize {
        match self {
            Positions::Near(v) => v.len(),
            Positions::Far(v) => v.len(),
        }
    }

    fn slice(&self, from: usize, to: usize) -> PositionSlice<'_> {
        match self {
            Positions::Near(v) => PositionSlice::Near(v.get(from..to).unwrap_or(&[])),
            Positions::Far(v) => PositionSlice::Far(v.get(from..to).unwrap_or(&[])),
        }
    }
}

/// A stretch of [`Positions`].
#[derive(Clone, Copy, Debug)]
enum PositionSlice<'a> {
    Near(&'a [[f32; 2]]),
    Far(&'a [[f64; 2]]),
}

impl Default for PositionSlice<'_> {
    fn default() -> Self {
        PositionSlice::Near(&[])
    }
}

impl PositionSlice<'_> {
    fn len(&self) -> usize {
        match self {
            PositionSlice::Near(v) => v.len(),
            PositionSlice::Far(v) => v.len(),
        }
    }

    /// Offset `k` from the origin.
    fn get(&self, k: usize) -> Option<[f64; 2]> {
        match self {
            PositionSlice::Near(v) => v.get(k).map(|p| [f64::from(p[0]), f64::from(p[1])]),
            PositionSlice::Far(v) => v.get(k).copied(),
        }
    }
}

/// Numbers below 2¹⁶ in two bytes each, others in four: nearly every feature part has
/// fewer positions than that.
#[derive(Clone, Debug, PartialEq)]
enum Indices {
    Narrow(Box<[u16]>),
    Wide(Box<[u32]>),
}

impl Default for Indices {
    fn default() -> Self {
        Indices::Narrow(Box::default())
    }
}

/// A stretch of [`Indices`].
#[derive(Clone, Copy, Debug)]
enum IndexSlice<'a> {
    Narrow(&'a [u16]),
    Wide(&'a [u32]),
}

impl Indices {
    fn slice(&self, from: usize, to: usize) -> IndexSlice<'_> {
        match self {
            Indices::Narrow(v) => IndexSlice::Narrow(v.get(from..to).unwrap_or(&[])),
            Indices::Wide(v) => IndexSlice::Wide(v.get(from..to).unwrap_or(&[])),
        }
    }

    fn len(&self) -> usize {
        match self {
            Indices::Narrow(v) => v.len(),
            Indices::Wide(v) => v.len(),
        }
    }
}

impl<'a> IndexSlice<'a> {
    fn get(&self, k: usize) -> Option<usize> {
        match self {
            IndexSlice::Narrow(v) => v.get(k).map(|&i| usize::from(i)),
            IndexSlice::Wide(v) => v.get(k).map(|&i| i as usize),
        }
    }

    fn len(&self) -> usize {
        match self {
            IndexSlice::Narrow(v) => v.len(),
            IndexSlice::Wide(v) => v.len(),
        }
    }

    fn slice(&self, from: usize, to: usize) -> IndexSlice<'a> {
        match self {
            IndexSlice::Narrow(v) => IndexSlice::Narrow(v.get(from..to).unwrap_or(&[])),
            IndexSlice::Wide(v) => IndexSlice::Wide(v.get(from..to).unwrap_or(&[])),
        }
    }
}

/// Why paths cannot be packed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    #[error("a feature has 2³² positions or more")]
    TooMany,
    #[error("a simplified band keeps a position its path does not have")]
    BadIndex,
}

/// Collects paths for [`PackedPaths`]: every path at full detail first
/// ([`PathPacker::full`]), then band after band ([`PathPacker::band`]) the positions each
/// simplified path keeps ([`PathPacker::kept`]).
#[derive(Debug, Default)]
pub struct PathPacker {
    positions: Vec<[f64; 2]>,
    path_ends: Vec<usize>,
    band_ends: Vec<usize>,
    kept_ends: Vec<usize>,
    kept: Vec<usize>,
}

impl PathPacker {
    /// Adds a path at full detail; returns its number.
    pub fn full(&mut self, path: &[[f64; 2]]) -> usize {
        self.positions.extend_from_slice(path);
        self.path_ends.push(self.positions.len());
        self.path_ends.len() - 1
    }

    /// Starts the next simplified band.
    pub fn band(&mut self) {
        self.band_ends.push(self.kept_ends.len());
    }

    /// Adds to the current band path `path`'s positions at `indices` (into that path).
    pub fn kept(&mut self, path: usize, indices: impl IntoIterator<Item = u32>) -> Result<(), PackError> {
        let start = if path == 0 {
            0
        } else {
            self.path_ends.get(path - 1).copied().ok_or(PackError::BadIndex)?
        };
        let end = self.path_ends.get(path).copied().ok_or(PackError::BadIndex)?;
        for k in indices {
            let at = start + k as usize;
            if at >= end {
                return Err(PackError::BadIndex);
            }
            self.kept.push(at);
        }
        self.kept_ends.push(self.kept.len());
        if let Some(last) = self.band_ends.last_mut() {
            *last = self.kept_ends.len();
        }
        Ok(())
    }

    /// Positions at full detail so far.
    pub fn position_count(&self) -> usize {
        self.positions.len()
    }

    /// The packed paths, offsets taken from the middle of their box (of finite
    /// positions: one infinite coordinate spoils only its own position).
    pub fn finish(self) -> Result<PackedPaths, PackError> {
        let n = |v: usize| u32::try_from(v).map_err(|_| PackError::TooMany);
        let (min, max) = self
            .positions
            .iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .fold(([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]), |(lo, hi), p| {
                ([lo[0].min(p[0]), lo[1].min(p[1])], [hi[0].max(p[0]), hi[1].max(p[1])])
            });
        let near = max[0] - min[0] <= 2.0 * NEAR && max[1] - min[1] <= 2.0 * NEAR;
        // Far positions are kept as they are (offsets in f64 would save nothing and
        // could round).
        let origin = if near && min[0] <= max[0] {
            [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0]
        } else {
            [0.0; 2]
        };
        let offset = |p: &[f64; 2]| [p[0] - origin[0], p[1] - origin[1]];
        let positions = if near {
            Positions::Near(self.positions.iter().map(|p| offset(p).map(|d| d as f32)).collect())
        } else {
            Positions::Far(self.positions.iter().map(offset).collect())
        };
        let all = || {
            self.path_ends
                .iter()
                .chain(&self.band_ends)
                .chain(&self.kept_ends)
                .chain(&self.kept)
                .copied()
        };
        n(self.positions.len())?;
        let index = match all().max().unwrap_or(0) {
            most if most <= usize::from(u16::MAX) => Indices::Narrow(all().map(|v| v as u16).collect()),
            most => {
                n(most)?;
                Indices::Wide(all().map(|v| v as u32).collect())
            }
        };
        Ok(PackedPaths {
            origin,
            positions,
            index,
            paths: n(self.path_ends.len())?,
            simplified_bands: n(self.band_ends.len())?,
            kept_paths: n(self.kept_ends.len())?,
        })
    }
}

/// The positions one simplified band keeps of each path, while packing: collected for
/// every band first, so that bands keeping nearly everything can be dropped
/// ([`crate::map::lod::drop_near_full_bands`]) before [`PathPacker::simplified`] adds
/// the others.
#[derive(Debug, Default)]
pub struct SimplifiedBand {
    /// Path number and where its indices are in `kept`.
    paths: Vec<(usize, std::ops::Range<usize>)>,
    kept: Vec<u32>,
}

impl SimplifiedBand {
    /// Positions kept in all.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Adds path `path`'s positions that `keep` appends (indices into that path) — the
    /// path is left out where `keep` appends fewer than `min_len`.
    pub fn push(&mut self, path: usize, min_len: usize, keep: impl FnOnce(&mut Vec<u32>)) {
        let start = self.kept.len();
        keep(&mut self.kept);
        if self.kept.len() - start < min_len {
            self.kept.truncate(start);
        } else {
            self.paths.push((path, start..self.kept.len()));
        }
    }
}

impl PathPacker {
    /// Adds `band` as the next simplified band.
    pub fn simplified(&mut self, band: &SimplifiedBand) -> Result<(), PackError> {
        self.band();
        for (path, range) in &band.paths {
            self.kept(*path, band.kept.get(range.clone()).unwrap_or(&[]).iter().copied())?;
        }
        Ok(())
    }
}

impl PackedPaths {
    /// Bands kept: the simplified ones and the full one (0 for no path); read with
    /// [`crate::map::lod::kept_band`].
    pub fn band_count(&self) -> usize {
        if self.paths == 0 {
            0
        } else {
            self.simplified_bands as usize + 1
        }
    }

    fn parts(&self) -> [IndexSlice<'_>; 4] {
        let (paths, bands, kept_paths) = (
            self.paths as usize,
            self.simplified_bands as usize,
            self.kept_paths as usize,
        );
        let i = &self.index;
        [
            i.slice(0, paths),
            i.slice(paths, paths + bands),
            i.slice(paths + bands, paths + bands + kept_paths),
            i.slice(paths + bands + kept_paths, i.len()),
        ]
    }

    /// The paths of band `k` (past the last: the full one).
    pub fn band(&self, k: usize) -> PackedBand<'_> {
        let [path_ends, band_ends, ..] = self.parts();
        let full = k >= band_ends.len();
        let (next, end) = if full {
            (0, path_ends.len())
        } else {
            let first = k.checked_sub(1).and_then(|b| band_ends.get(b)).unwrap_or(0);
            (first, band_ends.get(k).unwrap_or(first))
        };
        PackedBand {
            paths: self,
            full,
            next,
            end,
        }
    }

    /// Path `p` at full detail (`full`), else kept path `p` of the simplified bands.
    fn path(&self, p: usize, full: bool) -> PackedPath<'_> {
        let [path_ends, _, kept_ends, kept] = self.parts();
        let ends = if full { path_ends } else { kept_ends };
        let start = p.checked_sub(1).and_then(|q| ends.get(q)).unwrap_or(0);
        let end = ends.get(p).unwrap_or(start);
        if full {
            PackedPath {
                origin: self.origin,
                positions: self.positions.slice(start, end),
                kept: None,
            }
        } else {
            PackedPath {
                origin: self.origin,
                positions: self.positions.slice(0, self.positions.len()),
                kept: Some(kept.slice(start, end)),
            }
        }
    }

    /// Positions at full detail.
    pub fn position_count(&self) -> usize {
        self.positions.len()
    }

    /// Whether `m` lies inside band `k`'s paths taken as closed rings, by the even-odd
    /// rule (a hole's inside is outside), as tiny-skia fills them.
    pub fn rings_contain(&self, k: usize, m: [f64; 2]) -> bool {
        let mut inside = false;
        for ring in self.band(k) {
            let Some(mut a) = ring.last() else { continue };
            for b in ring.iter() {
                if (a[1] > m[1]) != (b[1] > m[1]) {
                    let x = a[0] + (m[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
                    if m[0] < x {
                        inside = !inside;
                    }
                }
                a = b;
            }
        }
        inside
    }
}

/// The paths of one band, whichever way they are kept (see [`PathView`]).
#[derive(Clone, Debug)]
pub enum BandPaths<'a> {
    Plain(std::slice::Iter<'a, Vec<[f64; 2]>>),
    Packed(PackedBand<'a>),
}

impl<'a> Iterator for BandPaths<'a> {
    type Item = PathView<'a>;

    fn next(&mut self) -> Option<PathView<'a>> {
        match self {
            BandPaths::Plain(i) => i.next().map(|p| PathView::Plain(p)),
            BandPaths::Packed(i) => i.next().map(PathView::Packed),
        }
    }
}

impl<'a> PackedPath<'a> {
    pub fn len(&self) -> usize {
        self.kept.map_or(self.positions.len(), |k| k.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Position `k` in normalised Mercator.
    pub fn get(&self, k: usize) -> Option<[f64; 2]> {
        let at = match self.kept {
            Some(kept) => kept.get(k)?,
            None => k,
        };
        let p = self.positions.get(at)?;
        Some([self.origin[0] + p[0], self.origin[1] + p[1]])
    }

    pub fn last(&self) -> Option<[f64; 2]> {
        self.get(self.len().checked_sub(1)?)
    }

    /// The positions in order.
    pub fn iter(&self) -> PackedIter<'a> {
        PackedIter {
            path: *self,
            next: 0,
            end: self.len(),
        }
    }

    /// Consecutive pairs of positions (the segments of an open line).
    pub fn segments(&self) -> impl Iterator<Item = ([f64; 2], [f64; 2])> + 'a {
        self.iter().zip(self.iter().skip(1))
    }
}

/// The paths of one band of [`PackedPaths`].
#[derive(Clone, Debug)]
pub struct PackedBand<'a> {
    paths: &'a PackedPaths,
    full: bool,
    next: usize,
    end: usize,
}

impl<'a> Iterator for PackedBand<'a> {
    type Item = PackedPath<'a>;

    fn next(&mut self) -> Option<PackedPath<'a>> {
        if self.next >= self.end {
            return None;
        }
        self.next += 1;
        Some(self.paths.path(self.next - 1, self.full))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end.saturating_sub(self.next);
        (n, Some(n))
    }
}

impl ExactSizeIterator for PackedBand<'_> {}

/// The positions of a [`PackedPath`] in normalised Mercator.
#[derive(Clone, Debug)]
pub struct PackedIter<'a> {
    path: PackedPath<'a>,
    next: usize,
    end: usize,
}

impl Iterator for PackedIter<'_> {
    type Item = [f64; 2];

    fn next(&mut self) -> Option<[f64; 2]> {
        if self.next >= self.end {
            return None;
        }
        self.next += 1;
        self.path.get(self.next - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end.saturating_sub(self.next);
        (n, Some(n))
    }
}

impl ExactSizeIterator for PackedIter<'_> {}

/// One ring or line of a band, whichever way it is kept: as `[f64; 2]` (polygons
/// prepared with triangles) or packed.
#[derive(Clone, Copy, Debug)]
pub enum PathView<'a> {
    Plain(&'a [[f64; 2]]),
    Packed(PackedPath<'a>),
}

impl<'a> PathView<'a> {
    pub fn len(&self) -> usize {
        match self {
            PathView::Plain(p) => p.len(),
            PathView::Packed(p) => p.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The positions in order.
    pub fn iter(&self) -> PathIter<'a> {
        match *self {
            PathView::Plain(p) => PathIter::Plain(p.iter()),
            PathView::Packed(p) => PathIter::Packed(p.iter()),
        }
    }
}

/// The positions of a [`PathView`].
#[derive(Clone, Debug)]
pub enum PathIter<'a> {
    Plain(std::slice::Iter<'a, [f64; 2]>),
    Packed(PackedIter<'a>),
}

impl Iterator for PathIter<'_> {
    type Item = [f64; 2];

    fn next(&mut self) -> Option<[f64; 2]> {
        match self {
            PathIter::Plain(i) => i.next().copied(),
            PathIter::Packed(i) => i.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            PathIter::Plain(i) => i.size_hint(),
            PathIter::Packed(i) => i.size_hint(),
        }
    }
}

impl ExactSizeIterator for PathIter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn packed() -> PackedPaths {
        let mut p = PathPacker::default();
        let a = p.full(&[[0.5, 0.25], [0.5001, 0.25], [0.5002, 0.2501], [0.5003, 0.25]]);
        let b = p.full(&[[0.5006, 0.2503], [0.5006, 0.2504], [0.5007, 0.2504]]);
        p.band();
        p.kept(a, [0, 3]).unwrap();
        p.band();
        p.kept(a, [0, 2, 3]).unwrap();
        p.kept(b, [0, 1, 2]).unwrap();
        p.finish().unwrap()
    }

    fn band(p: &PackedPaths, k: usize) -> Vec<Vec<[f64; 2]>> {
        p.band(k).map(|path| path.iter().collect()).collect()
    }

    /// Within 1e-10 of the world: 4 mm (the paths are 30 km across).
    fn close(a: [f64; 2], b: [f64; 2]) -> bool {
        (a[0] - b[0]).abs() < 1e-10 && (a[1] - b[1]).abs() < 1e-10
    }

    #[test]
    fn each_band_gives_back_the_positions_it_kept_within_millimetres_at_city_scale() {
        let p = packed();
        assert_eq!(p.band_count(), 3);
        assert_eq!(p.position_count(), 7);
        let expect: [&[&[[f64; 2]]]; 3] = [
            &[&[[0.5, 0.25], [0.5003, 0.25]]],
            &[
                &[[0.5, 0.25], [0.5002, 0.2501], [0.5003, 0.25]],
                &[[0.5006, 0.2503], [0.5006, 0.2504], [0.5007, 0.2504]],
            ],
            &[
                &[[0.5, 0.25], [0.5001, 0.25], [0.5002, 0.2501], [0.5003, 0.25]],
                &[[0.5006, 0.2503], [0.5006, 0.2504], [0.5007, 0.2504]],
            ],
        ];
        for (k, want) in expect.iter().enumerate() {
            let got = band(&p, k);
            assert_eq!(got.len(), want.len(), "band {k}");
            for (g, w) in got.iter().zip(want.iter()) {
                assert_eq!(g.len(), w.len(), "band {k}");
                assert!(
                    g.iter().zip(w.iter()).all(|(a, b)| close(*a, *b)),
                    "band {k}: {g:?} against {w:?}"
                );
            }
        }
        assert_eq!(band(&p, 7), band(&p, 2), "past the last band, the full one");
    }

    #[test]
    fn a_path_reads_by_index_and_by_segment() {
        let p = packed();
        let path = p.band(1).next().unwrap();
        assert_eq!(path.len(), 3);
        assert!(close(path.get(1).unwrap(), [0.5002, 0.2501]));
        assert_eq!(path.get(3), None);
        assert!(close(path.last().unwrap(), [0.5003, 0.25]));
        assert_eq!(path.segments().count(), 2);
    }

    #[test]
    fn a_part_reaching_far_keeps_its_positions_exactly_and_a_near_one_within_an_eighth_of_a_pixel_at_zoom_22() {
        let eighth_px_at_22 = 1.0 / (256.0 * 2f64.powi(22)) / 8.0;
        for (span, exact) in [(2.0 * NEAR, false), (2.5 * NEAR, true), (0.5, true)] {
            let line = [
                [0.3, 0.4],
                [0.3 + span / 3.0, 0.4 + 1e-9],
                [0.3 + span, 0.4 + span / 7.0],
            ];
            let mut p = PathPacker::default();
            p.full(&line);
            let p = p.finish().unwrap();
            assert_eq!(matches!(p.positions, Positions::Near(_)), !exact, "span {span}");
            let got: Vec<[f64; 2]> = p.band(0).next().unwrap().iter().collect();
            for (g, w) in got.iter().zip(&line) {
                if exact {
                    assert_eq!(g, w, "span {span}");
                } else {
                    assert!((g[0] - w[0]).abs() <= eighth_px_at_22 && (g[1] - w[1]).abs() <= eighth_px_at_22);
                }
            }
        }
    }

    #[test]
    fn a_part_of_more_than_65535_positions_reads_back_whole() {
        let line: Vec<[f64; 2]> = (0..70_000).map(|k| [0.5 + f64::from(k) * 1e-9, 0.25]).collect();
        let mut p = PathPacker::default();
        let a = p.full(&line);
        p.band();
        p.kept(a, (0..70_000).step_by(2)).unwrap();
        let p = p.finish().unwrap();
        let simplified = p.band(0).next().unwrap();
        assert_eq!(simplified.len(), 35_000);
        assert!(close(simplified.last().unwrap(), line[69_998]));
        assert_eq!(p.band(1).next().unwrap().len(), 70_000);
        assert!(close(p.band(1).next().unwrap().last().unwrap(), line[69_999]));
    }

    #[test]
    fn an_infinite_coordinate_spoils_only_its_own_position() {
        let mut p = PathPacker::default();
        p.full(&[[0.5, 0.25], [f64::NEG_INFINITY, 0.25], [0.5001, 0.2501]]);
        let got: Vec<[f64; 2]> = p.finish().unwrap().band(0).next().unwrap().iter().collect();
        assert!(close(got[0], [0.5, 0.25]) && close(got[2], [0.5001, 0.2501]), "{got:?}");
    }

    #[test]
    fn a_city_sized_part_takes_eight_bytes_a_position_and_two_a_kept_index() {
        // A ring about 4 km across near Dalian, 2 000 positions, kept at four bands.
        let ring: Vec<[f64; 2]> = (0..2_000)
            .map(|k| {
                let a = f64::from(k) * std::f64::consts::TAU / 2_000.0;
                [0.838 + 5e-5 * a.cos(), 0.383 + 5e-5 * a.sin()]
            })
            .collect();
        let mut p = PathPacker::default();
        let a = p.full(&ring);
        for step in [64, 16, 4, 2] {
            p.band();
            p.kept(a, (0..2_000).step_by(step)).unwrap();
        }
        let p = p.finish().unwrap();
        assert!(
            matches!(&p.positions, Positions::Near(v) if v.len() == 2_000),
            "f32 offsets"
        );
        let kept = 2_000 / 64 + 1 + 2_000 / 16 + 2_000 / 4 + 2_000 / 2;
        assert!(
            matches!(&p.index, Indices::Narrow(v) if v.len() == 1 + 4 + 4 + kept),
            "u16 indices"
        );
    }

    #[test]
    fn a_kept_index_outside_its_path_is_refused() {
        let mut p = PathPacker::default();
        let a = p.full(&[[0.0, 0.0], [1.0, 1.0]]);
        p.band();
        assert_eq!(p.kept(a, [0, 2]), Err(PackError::BadIndex));
        assert_eq!(p.kept(5, [0]), Err(PackError::BadIndex));
    }

    #[test]
    fn nothing_packed_has_no_band() {
        let p = PathPacker::default().finish().unwrap();
        assert_eq!(p.band_count(), 0);
        assert_eq!(p.band(0).count(), 0);
    }

    #[test]
    fn rings_contain_by_the_even_odd_rule() {
        let mut p = PathPacker::default();
        p.full(&[[0.0, 0.0], [0.004, 0.0], [0.004, 0.004], [0.0, 0.004]]);
        p.full(&[[0.001, 0.001], [0.003, 0.001], [0.003, 0.003], [0.001, 0.003]]);
        let p = p.finish().unwrap();
        assert!(p.rings_contain(0, [0.0005, 0.002]));
        assert!(!p.rings_contain(0, [0.002, 0.002]), "in the hole");
        assert!(!p.rings_contain(0, [0.005, 0.002]));
    }
}
