//! Level-of-detail polygon cache: geometry projected to normalised Web Mercator once,
//! simplified per zoom band and triangulated once when data loads. A frame only maps
//! the cached vertices to the screen with one affine transform ([`ScreenFromMercator`])
//! and culls by bounding box — no trigonometry, simplification or triangulation per frame.

use egui::{Color32, Mesh, Pos2, Rect, Shape, Stroke, pos2};
use geo::{Area, Coord, LineString, MultiPolygon, Polygon, SimplifyVwPreserve, TriangulateEarcut};
use walkers::{Projector, lon_lat};

use super::packed::{BandPaths, PackError, PackedPaths, PathPacker, SimplifiedBand};
use super::simplify::{RING_MIN, SplitTree};

/// Normalised Web Mercator: x and y in 0..1 over the world, y growing southwards
/// (the same space walkers' tiles use, before scaling by the zoom).
pub fn mercator_from_lon_lat(lon_lat: [f64; 2]) -> [f64; 2] {
    let [lon, lat] = lon_lat;
    let lat = lat.clamp(-85.05112878, 85.05112878).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0;
    [x, y]
}

/// The inverse of [`mercator_from_lon_lat`].
pub fn lon_lat_from_mercator(mercator: [f64; 2]) -> [f64; 2] {
    let [x, y] = mercator;
    let lon = x * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * y)).sinh().atan().to_degrees();
    [lon, lat]
}

/// The affine map from normalised Mercator to points in the UI for one frame, derived
/// from the walkers projector by projecting two reference points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenFromMercator {
    scale: [f64; 2],
    offset: [f64; 2],
    /// Map zoom of this frame.
    pub zoom: f64,
}

impl ScreenFromMercator {
    /// Two points around Dalian keep the arithmetic well conditioned at every zoom.
    const REFERENCE_LON_LAT: [[f64; 2]; 2] = [[120.0, 38.0], [124.0, 41.0]];

    pub fn from_projector(projector: &Projector) -> Self {
        let [a, b] = Self::REFERENCE_LON_LAT;
        let screen = |p: [f64; 2]| projector.project(lon_lat(p[0], p[1]));
        let (sa, sb) = (screen(a), screen(b));
        let (ma, mb) = (mercator_from_lon_lat(a), mercator_from_lon_lat(b));
        let scale = [
            (f64::from(sb.x) - f64::from(sa.x)) / (mb[0] - ma[0]),
            (f64::from(sb.y) - f64::from(sa.y)) / (mb[1] - ma[1]),
        ];
        let offset = [f64::from(sa.x) - scale[0] * ma[0], f64::from(sa.y) - scale[1] * ma[1]];
        ScreenFromMercator {
            scale,
            offset,
            zoom: projector.zoom(),
        }
    }

    /// The transform of a map at walkers' `zoom` whose `centre_lon_lat` (display datum)
    /// sits at `centre_in_ui`: a map not drawn yet (the legend built before the map, an
    /// image's layout), tests and benchmarks.
    pub fn new(zoom: f64, centre_lon_lat: [f64; 2], centre_in_ui: Pos2) -> Self {
        let world_px = 256.0 * 2f64.powf(zoom);
        let m = mercator_from_lon_lat(centre_lon_lat);
        ScreenFromMercator {
            scale: [world_px, world_px],
            offset: [
                f64::from(centre_in_ui.x) - world_px * m[0],
                f64::from(centre_in_ui.y) - world_px * m[1],
            ],
            zoom,
        }
    }

    pub fn apply(&self, mercator: [f64; 2]) -> Pos2 {
        pos2(
            (mercator[0] * self.scale[0] + self.offset[0]) as f32,
            (mercator[1] * self.scale[1] + self.offset[1]) as f32,
        )
    }

    /// The inverse of [`ScreenFromMercator::apply`].
    pub fn mercator_of(&self, pos_in_ui: Pos2) -> [f64; 2] {
        [
            (f64::from(pos_in_ui.x) - self.offset[0]) / self.scale[0],
            (f64::from(pos_in_ui.y) - self.offset[1]) / self.scale[1],
        ]
    }

    /// The Mercator box a UI rect covers.
    pub fn mercator_box(&self, rect: Rect) -> MercatorBox {
        let (a, b) = (self.mercator_of(rect.min), self.mercator_of(rect.max));
        MercatorBox {
            min: [a[0].min(b[0]), a[1].min(b[1])],
            max: [a[0].max(b[0]), a[1].max(b[1])],
        }
    }
}

/// An axis-aligned box in normalised Mercator.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MercatorBox {
    pub min: [f64; 2],
    pub max: [f64; 2],
}

impl MercatorBox {
    pub fn intersects(&self, other: &MercatorBox) -> bool {
        self.min[0] <= other.max[0]
            && other.min[0] <= self.max[0]
            && self.min[1] <= other.max[1]
            && other.min[1] <= self.max[1]
    }

    /// The box around `points` (`None` for none).
    pub fn of(points: impl Iterator<Item = [f64; 2]>) -> Option<MercatorBox> {
        points.fold(None, |acc: Option<MercatorBox>, p| {
            Some(match acc {
                None => MercatorBox { min: p, max: p },
                Some(b) => MercatorBox {
                    min: [b.min[0].min(p[0]), b.min[1].min(p[1])],
                    max: [b.max[0].max(p[0]), b.max[1].max(p[1])],
                },
            })
        })
    }
}

/// Lowest zoom of each detail band; a band's geometry is simplified to half a pixel at
/// its lowest zoom, the last band keeps every vertex. Below the first band's zoom the
/// whole municipality is a few dozen pixels wide and the first band is used.
pub const BAND_MIN_ZOOMS: [f64; 5] = [6.0, 8.0, 10.0, 12.0, 14.0];

/// One value per band of [`BAND_MIN_ZOOMS`]: `simplified(px)` for each band but the last,
/// with `px` the size of a pixel at the band's zoom in normalised Mercator units, and
/// `full()` (all detail) for the last. The one place that decides what each band keeps.
pub fn per_band<T>(full: impl Fn() -> T, simplified: impl Fn(f64) -> T) -> Vec<T> {
    BAND_MIN_ZOOMS
        .iter()
        .enumerate()
        .map(|(k, &zoom)| {
            if k + 1 == BAND_MIN_ZOOMS.len() {
                full()
            } else {
                simplified(pixel_at_zoom(zoom))
            }
        })
        .collect()
}

/// The size of a pixel at `zoom`, in normalised Mercator units.
fn pixel_at_zoom(zoom: f64) -> f64 {
    1.0 / (256.0 * 2f64.powf(zoom))
}

/// Douglas–Peucker's tolerance for imported lines and rings, in pixels at the band's
/// lowest zoom.
pub const SIMPLIFY_PX: f64 = 0.5;

/// The finest tolerance imported geometry is simplified at ([`SIMPLIFY_PX`] at the last
/// simplified band): split trees need not be searched below it.
pub fn finest_tolerance() -> f64 {
    SIMPLIFY_PX * pixel_at_zoom(BAND_MIN_ZOOMS[BAND_MIN_ZOOMS.len() - 2])
}

/// Index into [`BAND_MIN_ZOOMS`] for a map zoom.
pub fn band_for_zoom(zoom: f64) -> usize {
    BAND_MIN_ZOOMS.iter().rposition(|&z| zoom >= z).unwrap_or(0)
}

/// The band to draw at `zoom` among `len` kept bands (see [`drop_near_full_bands`]).
pub fn kept_band(len: usize, zoom: f64) -> usize {
    band_for_zoom(zoom).min(len.saturating_sub(1))
}

/// Drops the bands from the first that keeps at least four fifths of the last band's
/// positions (`positions`) on, the last (full detail) taking its place — so a feature
/// drawn with (nearly) every vertex from some zoom on keeps one copy for those zooms, not
/// one per band. Drawing with every position costs at most a quarter more there, and
/// those copies were most of a big imported layer's memory (a 100 MB file: 6.2 million
/// positions in the four simplified bands against 3.3 million at full detail, 2.9 million
/// of them in the zoom-12 band). Used for imported layers' lines and ring-only polygons.
/// Read the result with [`kept_band`].
pub fn drop_near_full_bands<T>(bands: &mut Vec<T>, positions: impl Fn(&T) -> usize) {
    let Some(full) = bands.last().map(&positions) else {
        return;
    };
    let first_near = bands
        .iter()
        .position(|b| positions(b).saturating_mul(5) >= full.saturating_mul(4))
        .unwrap_or(bands.len() - 1);
    if first_near + 1 < bands.len() {
        bands.swap_remove(first_near);
        bands.truncate(first_near + 1);
    }
}

/// One feature's geometry at one level of detail.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BandGeometry {
    /// Triangle vertices in normalised Mercator.
    pub vertices: Vec<[f64; 2]>,
    /// Triangles as index triples into `vertices`.
    pub indices: Vec<u32>,
    /// Closed rings (exteriors and holes) in normalised Mercator, for outlines.
    pub rings: Vec<Vec<[f64; 2]>>,
}

/// How [`CachedPolygon::prepared`] prepares a polygon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolygonPrep {
    /// Triangulated for egui's meshes, and simplified without creating
    /// self-intersections: the plan's layers, the basemap, small imported layers.
    Triangles,
    /// Rings only, simplified by Douglas–Peucker: big imported layers, drawn into an
    /// image by tiny-skia, which fills rings itself (even-odd). No triangulation and no
    /// topology checks: a fraction of the time and memory. A ring simplified to half a
    /// pixel may cross itself by less than a pixel, which does not show.
    Rings,
}

/// One polygon feature ready to draw at any zoom.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedPolygon {
    pub bbox: MercatorBox,
    /// Prepared as [`PolygonPrep::Triangles`]: one entry per band of [`BAND_MIN_ZOOMS`].
    /// Empty when prepared as rings.
    pub bands: Vec<BandGeometry>,
    /// Prepared as [`PolygonPrep::Rings`]: the rings at every band, those at the end
    /// keeping nearly every position dropped ([`drop_near_full_bands`]), packed. `None`
    /// when prepared with triangles. Read either with [`CachedPolygon::rings_at`].
    pub packed: Option<PackedPaths>,
    /// The area at full detail in normalised Mercator units² (holes taken out).
    pub area: f64,
}

fn ring_to_mercator(ring: &LineString<f64>, to_lon_lat: &dyn Fn([f64; 2]) -> [f64; 2]) -> LineString<f64> {
    ring.coords()
        .map(|c| {
            let m = mercator_from_lon_lat(to_lon_lat([c.x, c.y]));
            Coord { x: m[0], y: m[1] }
        })
        .collect()
}

impl CachedPolygon {
    /// Projects, simplifies and triangulates `geometry_lon_lat` (WGS-84 `[lon, lat]`).
    /// `shift` maps each lon/lat before projection (identity, or WGS-84 → GCJ-02 to line
    /// up with a GCJ-02 tile layer). Returns `None` for an empty geometry.
    pub fn new(geometry_lon_lat: &MultiPolygon<f64>, shift: &dyn Fn([f64; 2]) -> [f64; 2]) -> Option<CachedPolygon> {
        CachedPolygon::prepared(geometry_lon_lat, shift, PolygonPrep::Triangles)
    }

    /// [`CachedPolygon::new`], prepared as `prep` says.
    pub fn prepared(
        geometry_lon_lat: &MultiPolygon<f64>,
        shift: &dyn Fn([f64; 2]) -> [f64; 2],
        prep: PolygonPrep,
    ) -> Option<CachedPolygon> {
        let mercator: MultiPolygon<f64> = geometry_lon_lat
            .iter()
            .map(|p| {
                Polygon::new(
                    ring_to_mercator(p.exterior(), shift),
                    p.interiors().iter().map(|r| ring_to_mercator(r, shift)).collect(),
                )
            })
            .collect();
        let bbox = MercatorBox::of(
            mercator
                .iter()
                .flat_map(|p| p.exterior().coords().map(|c| [c.x, c.y]).collect::<Vec<_>>()),
        )?;
        let (bands, packed) = match prep {
            // Visvalingam area tolerance: a triangle of about half a pixel squared.
            PolygonPrep::Triangles => (
                per_band(
                    || band_geometry(&mercator),
                    |px| band_geometry(&mercator.simplify_vw_preserve(0.25 * px * px)),
                ),
                None,
            ),
            // A polygon of 2³² positions or more is not drawn.
            PolygonPrep::Rings => (Vec::new(), Some(RingTrees::new(&mercator).packed().ok()?)),
        };
        let area = mercator.unsigned_area();
        Some(CachedPolygon {
            bbox,
            bands,
            packed,
            area,
        })
    }

    /// Bands kept (read with [`kept_band`]).
    pub fn band_count(&self) -> usize {
        self.packed.as_ref().map_or(self.bands.len(), PackedPaths::band_count)
    }

    /// The rings (exteriors and holes, not closed) at the band for `zoom`.
    pub fn rings_at(&self, zoom: f64) -> BandPaths<'_> {
        let k = kept_band(self.band_count(), zoom);
        match &self.packed {
            Some(packed) => BandPaths::Packed(packed.band(k)),
            None => BandPaths::Plain(self.bands.get(k).map_or([].iter(), |b| b.rings.iter())),
        }
    }

    /// Positions of its rings at full detail.
    pub fn position_count(&self) -> usize {
        match &self.packed {
            Some(packed) => packed.position_count(),
            None => self.bands.last().map_or(0, |b| b.rings.iter().map(Vec::len).sum()),
        }
    }

    /// Whether normalised-Mercator `m` lies in what is filled at `zoom`: its triangles
    /// there, or for a polygon prepared as rings, its rings by the even-odd rule.
    pub fn fill_contains(&self, zoom: f64, m: [f64; 2]) -> bool {
        let inside_box = self.bbox.min[0] <= m[0]
            && m[0] <= self.bbox.max[0]
            && self.bbox.min[1] <= m[1]
            && m[1] <= self.bbox.max[1];
        if !inside_box {
            return false;
        }
        let k = kept_band(self.band_count(), zoom);
        if let Some(packed) = &self.packed {
            return packed.rings_contain(k, m);
        }
        let Some(band) = self.bands.get(k) else {
            return false;
        };
        band.indices.chunks_exact(3).any(|t| {
            let v = |i: u32| band.vertices.get(i as usize).copied();
            let (Some(a), Some(b), Some(c)) = (v(t[0]), v(t[1]), v(t[2])) else {
                return false;
            };
            let (d1, d2, d3) = (cross(a, b, m), cross(b, c, m), cross(c, a, m));
            let negative = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
            let positive = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
            !(negative && positive)
        })
    }

    /// Appends this polygon's triangles at the band for `to_screen.zoom` to `mesh`
    /// (nothing for a polygon prepared as rings).
    pub fn add_fill(&self, mesh: &mut Mesh, to_screen: &ScreenFromMercator, color: Color32) {
        let Some(band) = self.bands.get(kept_band(self.bands.len(), to_screen.zoom)) else {
            return;
        };
        let base = mesh.vertices.len() as u32;
        for &v in &band.vertices {
            mesh.colored_vertex(to_screen.apply(v), color);
        }
        mesh.indices.extend(band.indices.iter().map(|i| base + i));
    }

    /// Outline shapes (one closed line per ring) at the band for the zoom.
    pub fn outline(&self, to_screen: &ScreenFromMercator, stroke: Stroke, out: &mut Vec<Shape>) {
        for ring in self.rings_at(to_screen.zoom) {
            let points: Vec<Pos2> = ring.iter().map(|v| to_screen.apply(v)).collect();
            out.push(Shape::closed_line(points, stroke));
        }
    }

    /// [`CachedPolygon::outline`] for thick strokes (halos, emphasis): vertices where the
    /// ring turns back on itself on screen (a jagged coast, an inlet a few pixels wide)
    /// are left out, because a thick stroke's mitred corner there shoots out as a long
    /// spike.
    pub fn outline_without_spikes(&self, to_screen: &ScreenFromMercator, stroke: Stroke, out: &mut Vec<Shape>) {
        for ring in self.rings_at(to_screen.zoom) {
            let points: Vec<Pos2> = ring.iter().map(|v| to_screen.apply(v)).collect();
            out.push(Shape::closed_line(without_spikes(points), stroke));
        }
    }
}

/// The cosine of the sharpest turn [`without_spikes`] keeps: about 150° (an interior
/// angle of 30°).
const SPIKE_COS: f32 = -0.866;

/// A closed ring's points without the vertices where it doubles back: the edges in and
/// out of a kept vertex meet at an interior angle of at least 30°. Repeats until none is
/// left (dropping one spike can sharpen its neighbour); keeps at least three points.
pub fn without_spikes(mut points: Vec<Pos2>) -> Vec<Pos2> {
    loop {
        let n = points.len();
        if n <= 3 {
            return points;
        }
        let keep: Vec<bool> = (0..n)
            .map(|k| {
                let (prev, here, next) = (points[(k + n - 1) % n], points[k], points[(k + 1) % n]);
                let (a, b) = (here - prev, next - here);
                let lengths = a.length() * b.length();
                // A repeated point is no turn; dropping it is harmless too.
                lengths <= f32::EPSILON || a.dot(b) / lengths > SPIKE_COS
            })
            .collect();
        if keep.iter().all(|&k| k) {
            return points;
        }
        let kept: Vec<Pos2> = points.iter().zip(&keep).filter(|(_, k)| **k).map(|(p, _)| *p).collect();
        if kept.len() < 3 {
            return points;
        }
        points = kept;
    }
}

/// The rings of a polygon prepared as [`PolygonPrep::Rings`] (exteriors and holes, in
/// normalised Mercator), each with its Douglas–Peucker split tree.
struct RingTrees {
    rings: Vec<(Vec<[f64; 2]>, SplitTree)>,
}

impl RingTrees {
    fn new(geometry: &MultiPolygon<f64>) -> RingTrees {
        let rings = geometry
            .iter()
            .flat_map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()))
            .map(|ring| {
                let points: Vec<[f64; 2]> = ring.coords().map(|c| [c.x, c.y]).collect();
                let tree = SplitTree::new(&points, finest_tolerance());
                (points, tree)
            })
            .collect();
        RingTrees { rings }
    }

    /// The rings at every band, each simplified by Douglas–Peucker at the band's
    /// tolerance (as geo's `MultiPolygon::simplify`), without their closing positions;
    /// rings of fewer than three positions left out (as [`push_ring`] does).
    fn packed(&self) -> Result<PackedPaths, PackError> {
        let mut packer = PathPacker::default();
        let numbers: Vec<Option<usize>> = self
            .rings
            .iter()
            .map(|(points, _)| {
                let open = without_closing(points);
                (open.len() >= 3).then(|| packer.full(open))
            })
            .collect();
        let mut bands = per_band(
            || None,
            |px| {
                let mut band = SimplifiedBand::default();
                for ((points, tree), number) in self.rings.iter().zip(&numbers) {
                    let Some(number) = *number else { continue };
                    let open = without_closing(points).len();
                    band.push(number, 3, |kept| {
                        tree.kept_indices(points, SIMPLIFY_PX * px, RING_MIN, kept);
                        if kept.last().is_some_and(|&k| k as usize >= open) {
                            kept.pop();
                        }
                    });
                }
                Some(band)
            },
        );
        let full = packer.position_count();
        drop_near_full_bands(&mut bands, |b| b.as_ref().map_or(full, SimplifiedBand::len));
        for band in bands.iter().flatten() {
            packer.simplified(band)?;
        }
        packer.finish()
    }
}

/// A ring's positions without the closing one (equal to the first).
fn without_closing(points: &[[f64; 2]]) -> &[[f64; 2]] {
    match points {
        [first, .., last] if first == last => &points[..points.len() - 1],
        _ => points,
    }
}

/// Twice the signed area of the triangle `a b c`.
pub fn cross(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])
}

/// Appends `ring` without its closing position, if it keeps three or more.
fn push_ring(rings: &mut Vec<Vec<[f64; 2]>>, ring: &LineString<f64>) {
    push_points(rings, ring.coords().map(|c| [c.x, c.y]).collect());
}

/// [`push_ring`] of a ring's positions.
fn push_points(rings: &mut Vec<Vec<[f64; 2]>>, mut points: Vec<[f64; 2]>) {
    // `closed_line` closes the ring itself.
    if points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    if points.len() >= 3 {
        rings.push(points);
    }
}

fn band_geometry(geometry: &MultiPolygon<f64>) -> BandGeometry {
    let mut out = BandGeometry::default();
    for polygon in geometry {
        // earcut asserts on rings of fewer than four coordinates (simplification or user
        // data can produce them): drop degenerate rings instead of panicking.
        if polygon.exterior().0.len() < 4 {
            continue;
        }
        let polygon = Polygon::new(
            polygon.exterior().clone(),
            polygon.interiors().iter().filter(|r| r.0.len() >= 4).cloned().collect(),
        );
        let raw = polygon.earcut_triangles_raw();
        let base = out.vertices.len() as u32;
        out.vertices.extend(raw.vertices.iter().map(|v| [v[0], v[1]]));
        out.indices
            .extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            push_ring(&mut out.rings, ring);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, polygon};

    #[test]
    fn bands_equal_to_the_full_detail_are_kept_once_and_every_zoom_still_finds_its_band() {
        let full = per_band(
            || vec![1, 2, 3, 4],
            |px| if px > 1e-5 { vec![1, 4] } else { vec![1, 2, 3, 4] },
        );
        let mut kept = full.clone();
        drop_near_full_bands(&mut kept, Vec::len);
        assert!(kept.len() < full.len(), "{kept:?}");
        for zoom in [0.0, 6.0, 7.5, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 18.0, 22.0] {
            assert_eq!(
                kept[kept_band(kept.len(), zoom)],
                full[band_for_zoom(zoom)],
                "zoom {zoom}"
            );
        }
        let mut none: Vec<Vec<u8>> = Vec::new();
        drop_near_full_bands(&mut none, Vec::len);
        assert!(none.is_empty());
    }

    #[test]
    fn bands_keeping_four_fifths_of_the_full_detail_give_way_to_it() {
        // Positions per band: 1, 3, 8 (of 10: near full), 9, 10.
        let full = per_band(
            || 10,
            |px| match px {
                p if p > 3e-5 => 1,
                p if p > 1e-5 => 3,
                p if p > 2e-6 => 8,
                _ => 9,
            },
        );
        assert_eq!(full, vec![1, 3, 8, 9, 10]);
        let mut kept = full.clone();
        drop_near_full_bands(&mut kept, |&n| n);
        assert_eq!(kept, vec![1, 3, 10], "from zoom 10 on, every position");
        for zoom in [0.0, 6.0, 8.0, 9.5, 10.0, 12.0, 14.0, 20.0] {
            let drawn = kept[kept_band(kept.len(), zoom)];
            let wanted = full[band_for_zoom(zoom)];
            assert!(
                drawn >= wanted && drawn * 4 <= wanted * 5 + 4,
                "zoom {zoom}: {drawn} for {wanted}"
            );
        }
        let mut none: Vec<usize> = Vec::new();
        drop_near_full_bands(&mut none, |&n| n);
        assert!(none.is_empty());
        let mut one = vec![5];
        drop_near_full_bands(&mut one, |&n| n);
        assert_eq!(one, vec![5]);
    }

    #[test]
    fn mercator_round_trips_and_puts_north_up() {
        let p = [121.6, 38.9];
        let m = mercator_from_lon_lat(p);
        let back = lon_lat_from_mercator(m);
        assert!((back[0] - p[0]).abs() < 1e-9 && (back[1] - p[1]).abs() < 1e-9);
        assert!(mercator_from_lon_lat([121.6, 40.0])[1] < m[1], "north is smaller y");
    }

    #[test]
    fn the_affine_transform_puts_the_centre_at_the_centre() {
        let t = ScreenFromMercator::new(10.0, [121.6, 38.9], pos2(400.0, 300.0));
        let c = t.apply(mercator_from_lon_lat([121.6, 38.9]));
        assert!((c.x - 400.0).abs() < 1e-3 && (c.y - 300.0).abs() < 1e-3);
        let b = t.mercator_box(Rect::from_min_max(pos2(0.0, 0.0), pos2(800.0, 600.0)));
        let m = mercator_from_lon_lat([121.6, 38.9]);
        assert!(b.min[0] < m[0] && m[0] < b.max[0] && b.min[1] < m[1] && m[1] < b.max[1]);
    }

    #[test]
    fn bands_are_chosen_by_zoom() {
        assert_eq!(band_for_zoom(3.0), 0);
        assert_eq!(band_for_zoom(7.0), 0);
        assert_eq!(band_for_zoom(8.0), 1);
        assert_eq!(band_for_zoom(11.9), 2);
        assert_eq!(band_for_zoom(18.0), BAND_MIN_ZOOMS.len() - 1);
    }

    #[test]
    fn a_concave_polygon_with_a_hole_is_triangulated_to_its_own_area_in_every_band() {
        // An L-shaped polygon with a square hole, around Dalian.
        let p = polygon!(
            exterior: [(x: 121.0, y: 38.0), (x: 122.0, y: 38.0), (x: 122.0, y: 38.5), (x: 121.5, y: 38.5), (x: 121.5, y: 39.0), (x: 121.0, y: 39.0)],
            interiors: [[(x: 121.1, y: 38.1), (x: 121.2, y: 38.1), (x: 121.2, y: 38.2), (x: 121.1, y: 38.2)]],
        );
        let cached = CachedPolygon::new(&MultiPolygon(vec![p.clone()]), &|x| x).expect("non-empty");
        let merc_poly = Polygon::new(
            ring_to_mercator(p.exterior(), &|x| x),
            p.interiors().iter().map(|r| ring_to_mercator(r, &|x| x)).collect(),
        );
        let expected = merc_poly.unsigned_area();
        for band in &cached.bands {
            let tri_area: f64 = band
                .indices
                .chunks(3)
                .map(|t| {
                    let [a, b, c] = [
                        band.vertices[t[0] as usize],
                        band.vertices[t[1] as usize],
                        band.vertices[t[2] as usize],
                    ];
                    ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
                })
                .sum();
            assert!(
                (tri_area - expected).abs() / expected < 1e-6,
                "{tri_area} vs {expected}"
            );
            assert_eq!(band.rings.len(), 2);
        }
    }

    #[test]
    fn low_zoom_bands_have_fewer_vertices_than_full_detail() {
        // A wiggly coastline-like ring: 2,000 vertices on a circle with noise.
        let n = 2000;
        let ring: Vec<Coord<f64>> = (0..=n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                let r = 0.3 + 0.002 * ((i * 7919) % 13) as f64;
                Coord {
                    x: 121.6 + r * a.cos(),
                    y: 39.0 + r * a.sin(),
                }
            })
            .collect();
        let poly = Polygon::new(LineString(ring), vec![]);
        let cached = CachedPolygon::new(&MultiPolygon(vec![poly]), &|x| x).expect("non-empty");
        let counts: Vec<usize> = cached.bands.iter().map(|b| b.vertices.len()).collect();
        assert!(counts[0] < counts[counts.len() - 1] / 4, "{counts:?}");
        assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    }

    #[test]
    fn degenerate_rings_are_dropped_instead_of_panicking() {
        let tiny_hole = LineString(vec![
            Coord { x: 121.1, y: 38.1 },
            Coord { x: 121.2, y: 38.1 },
            Coord { x: 121.1, y: 38.1 },
        ]);
        let line_like = LineString(vec![Coord { x: 121.0, y: 38.0 }, Coord { x: 121.0, y: 38.0 }]);
        let ok = polygon!((x: 121.0, y: 38.0), (x: 122.0, y: 38.0), (x: 122.0, y: 39.0));
        let with_bad_hole = Polygon::new(ok.exterior().clone(), vec![tiny_hole]);
        let cached = CachedPolygon::new(
            &MultiPolygon(vec![with_bad_hole, Polygon::new(line_like, vec![])]),
            &|x| x,
        )
        .expect("non-empty");
        assert_eq!(cached.bands[0].indices.len(), 3);
    }

    #[test]
    fn a_shift_moves_the_cached_geometry() {
        let p = polygon!((x: 121.0, y: 38.0), (x: 121.1, y: 38.0), (x: 121.1, y: 38.1));
        let plain = CachedPolygon::new(&MultiPolygon(vec![p.clone()]), &|x| x).expect("non-empty");
        let shifted = CachedPolygon::new(&MultiPolygon(vec![p]), &|[lon, lat]| [lon + 0.005, lat]).expect("non-empty");
        assert!(shifted.bbox.min[0] > plain.bbox.min[0]);
    }
}

#[cfg(test)]
mod spike_tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn a_spike_out_of_a_square_is_dropped_and_the_square_kept() {
        let square_with_spike = vec![
            pos2(0.0, 0.0),
            pos2(10.0, 0.0),
            pos2(40.0, 0.5), // the tip: out and straight back
            pos2(10.0, 1.0),
            pos2(10.0, 10.0),
            pos2(0.0, 10.0),
        ];
        let cleaned = without_spikes(square_with_spike);
        assert!(!cleaned.contains(&pos2(40.0, 0.5)), "{cleaned:?}");
        assert!(cleaned.contains(&pos2(0.0, 0.0)) && cleaned.contains(&pos2(10.0, 10.0)));
    }

    #[test]
    fn a_ring_without_sharp_turns_is_unchanged() {
        let hexagon: Vec<Pos2> = (0..6)
            .map(|k| {
                let a = k as f32 * std::f32::consts::PI / 3.0;
                pos2(a.cos() * 10.0, a.sin() * 10.0)
            })
            .collect();
        assert_eq!(without_spikes(hexagon.clone()), hexagon);
    }
}
