//! The points of a big layer counted per Mercator cell at every zoom level, once per
//! style (issue 14).
//!
//! The image of big layers ([`super::raster`]) draws points as clusters: the points of
//! one cell of [`CLUSTER_CELL_PT`] points at the view's zoom level ([`cell_level`]) make
//! one disc. Counting them per view costs a pass over every point in view — 0.8 s for
//! 10 M points at zoom 9. The pyramid counts them once, when the layer is prepared:
//! level L holds the non-empty cells of that side at zoom L (a quadtree: a cell's four
//! children are the next level's), each with its count, the sum of its positions, its
//! majority colour and its first point in file order. A view then reads the cells it
//! shows, about 1 500 per layer whatever the data. Levels stop where cells hold few
//! points (on average fewer than [`MIN_POINTS_PER_CELL`]); views closer than that count
//! the points they show ([`count_cells`] on the fly) — usually few, though the average is
//! the layer's, so a dense city centre in a sparse layer still costs a count of its points.
//!
//! Cells are keyed by the Morton (Z-order) code of their column and row, so the cells of
//! a parent's children follow one another and each level is one sorted array.

use super::CachedLayer;
use super::clusters::{CLUSTER_CELL_PT, MIXED_COLOUR};
use crate::symbology::Rgba8;

/// The finest level a key can address (cells of 32 points at zoom 22: a few centimetres).
pub const MAX_LEVEL: u32 = 22;
/// Layers with fewer points than this count them per view (it is cheap).
pub const PYRAMID_FROM_POINTS: usize = 2_000;
/// The pyramid stops at the finest level whose cells hold at least this many points on
/// average.
const MIN_POINTS_PER_CELL: usize = 8;
/// At most this many distinct colours are told apart per cell (the rest count towards
/// the cell but not its colour). Coarser levels merge their children's tallies, so with
/// more colours than this in one cell its majority can differ from a direct count; a
/// colour that is not among the first twelve then leaves the cell [`MIXED_COLOUR`].
const COLOURS_PER_CELL: usize = 12;

/// The level of cells a view at `zoom` is clustered by: the nearest whole zoom, so a
/// cell is 23 to 45 points on screen.
pub fn cell_level(zoom: f64) -> u32 {
    if zoom.is_finite() {
        zoom.round().clamp(0.0, f64::from(MAX_LEVEL)) as u32
    } else {
        0
    }
}

/// Cells per side of the world at `level`.
fn cells_per_axis(level: u32) -> f64 {
    256.0 * 2f64.powi(level.min(MAX_LEVEL) as i32) / f64::from(CLUSTER_CELL_PT)
}

/// The column and row of the cell at `level` that holds the normalised Mercator
/// position `m` (clamped to the world).
pub fn cell_of(m: [f64; 2], level: u32) -> (u32, u32) {
    let n = cells_per_axis(level);
    // `as` maps NaN to 0.
    let axis = |v: f64| (v * n).clamp(0.0, n - 1.0) as u32;
    (axis(m[0]), axis(m[1]))
}

/// The normalised Mercator box of the cells `min..=max` (column, row) at `level`.
pub fn cells_box(min: (u32, u32), max: (u32, u32), level: u32) -> crate::map::lod::MercatorBox {
    let n = cells_per_axis(level);
    crate::map::lod::MercatorBox {
        min: [f64::from(min.0) / n, f64::from(min.1) / n],
        max: [(f64::from(max.0) + 1.0) / n, (f64::from(max.1) + 1.0) / n],
    }
}

/// The Morton code of column `x` and row `y`: their bits interleaved, `x` in the even
/// ones.
pub fn morton(x: u32, y: u32) -> u64 {
    spread(x) | (spread(y) << 1)
}

fn spread(v: u32) -> u64 {
    let mut x = u64::from(v);
    x = (x | (x << 16)) & 0x0000_ffff_0000_ffff;
    x = (x | (x << 8)) & 0x00ff_00ff_00ff_00ff;
    x = (x | (x << 4)) & 0x0f0f_0f0f_0f0f_0f0f;
    x = (x | (x << 2)) & 0x3333_3333_3333_3333;
    (x | (x << 1)) & 0x5555_5555_5555_5555
}

fn compact(v: u64) -> u32 {
    let mut x = v & 0x5555_5555_5555_5555;
    x = (x | (x >> 1)) & 0x3333_3333_3333_3333;
    x = (x | (x >> 2)) & 0x0f0f_0f0f_0f0f_0f0f;
    x = (x | (x >> 4)) & 0x00ff_00ff_00ff_00ff;
    x = (x | (x >> 8)) & 0x0000_ffff_0000_ffff;
    ((x | (x >> 16)) & 0xffff_ffff) as u32
}

/// The column and row of a Morton code.
pub fn unmorton(key: u64) -> (u32, u32) {
    (compact(key), compact(key >> 1))
}

/// How far a [`MAX_LEVEL`] key is shifted to give the key at `level`.
fn shift(level: u32) -> u32 {
    2 * (MAX_LEVEL - level.min(MAX_LEVEL))
}

/// One point to count: its cell at [`MAX_LEVEL`], which point it is
/// (`position << 32 | point`, see [`point_id`]) and its marker colour.
#[derive(Clone, Copy, Debug)]
pub struct Item {
    key: u64,
    id: u64,
    colour: Rgba8,
}

/// The id of point `point` of the feature at `position` in the layer's features: file
/// order is id order.
pub fn point_id(position: usize, point: usize) -> u64 {
    ((position as u64) << 32) | (point as u64 & 0xffff_ffff)
}

/// The feature position and point of an id.
pub fn point_of_id(id: u64) -> (usize, usize) {
    ((id >> 32) as usize, (id & 0xffff_ffff) as usize)
}

/// The items of the points of `features` (position in the layer, feature) that `keep`
/// accepts, sorted by cell and then file order.
pub fn items_of<'a>(
    features: impl Iterator<Item = (usize, &'a super::CachedFeature)>,
    keep: &dyn Fn([f64; 2]) -> bool,
) -> Vec<Item> {
    let mut items = Vec::new();
    for (position, f) in features {
        for (k, &m) in f.points.iter().enumerate().filter(|(_, m)| keep(**m)) {
            let (x, y) = cell_of(m, MAX_LEVEL);
            items.push(Item {
                key: morton(x, y),
                id: point_id(position, k),
                colour: f.style.marker_colour,
            });
        }
    }
    items.sort_unstable_by_key(|i| (i.key, i.id));
    items
}

/// One non-empty cell.
#[derive(Clone, Debug, PartialEq)]
pub struct CellCount {
    /// Its Morton key at its level.
    pub key: u64,
    /// How many points it holds.
    pub count: u32,
    /// Its first point in file order ([`point_id`]).
    pub first: u64,
    /// The sum of its points' normalised Mercator positions.
    pub sum: [f64; 2],
    /// The marker colour of more than half of its points, else [`MIXED_COLOUR`].
    pub colour: Rgba8,
}

/// The cells at `level` of `items` (sorted as [`items_of`] leaves them), in key order;
/// `position` gives a point's position from its id.
pub fn count_cells(items: &[Item], level: u32, position: &dyn Fn(u64) -> [f64; 2]) -> Vec<CellCount> {
    tally_cells(items, level, position).0
}

/// The colours counted in a cell while the pyramid is built (at most
/// [`COLOURS_PER_CELL`]).
type Tally = Vec<(Rgba8, u32)>;

/// Counts `n` more points of colour `c` in `tally`.
fn add_colour(tally: &mut Tally, c: Rgba8, n: u32) {
    match tally.iter().position(|(t, _)| *t == c) {
        Some(k) => tally[k].1 += n,
        None if tally.len() < COLOURS_PER_CELL => tally.push((c, n)),
        None => {}
    }
}

/// The colour of more than half of `count` points, else [`MIXED_COLOUR`].
fn majority(tally: &Tally, count: u32) -> Rgba8 {
    tally
        .iter()
        .find(|(_, n)| 2 * n > count)
        .map_or(MIXED_COLOUR, |&(c, _)| c)
}

/// Groups parts `0..n`, which come in key order, into cells by `key_of`: each cell holds
/// the parts of one key, added by `add(cell, tally, part)`.
fn group_cells(
    n: usize,
    key_of: impl Fn(usize) -> u64,
    add: impl Fn(&mut CellCount, &mut Tally, usize),
) -> (Vec<CellCount>, Vec<Tally>) {
    let (mut cells, mut tallies) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < n {
        let key = key_of(i);
        let mut cell = CellCount {
            key,
            count: 0,
            first: u64::MAX,
            sum: [0.0, 0.0],
            colour: MIXED_COLOUR,
        };
        let mut tally = Tally::new();
        while i < n && key_of(i) == key {
            add(&mut cell, &mut tally, i);
            i += 1;
        }
        cell.colour = majority(&tally, cell.count);
        cells.push(cell);
        tallies.push(tally);
    }
    (cells, tallies)
}

/// [`count_cells`] with each cell's colour tally.
fn tally_cells(items: &[Item], level: u32, position: &dyn Fn(u64) -> [f64; 2]) -> (Vec<CellCount>, Vec<Tally>) {
    let s = shift(level);
    group_cells(
        items.len(),
        |k| items.get(k).map_or(0, |item| item.key >> s),
        |cell, tally, k| {
            if let Some(item) = items.get(k) {
                cell.count += 1;
                cell.first = cell.first.min(item.id);
                let m = position(item.id);
                cell.sum[0] += m[0];
                cell.sum[1] += m[1];
                add_colour(tally, item.colour, 1);
            }
        },
    )
}

/// The cells one level above `children` (in key order, with their tallies): each the
/// sum of its children.
fn parent_cells(children: &[CellCount], tallies: &[Tally]) -> (Vec<CellCount>, Vec<Tally>) {
    group_cells(
        children.len(),
        |k| children.get(k).map_or(0, |c| c.key >> 2),
        |cell, tally, k| {
            if let Some(child) = children.get(k) {
                cell.count += child.count;
                cell.first = cell.first.min(child.first);
                cell.sum[0] += child.sum[0];
                cell.sum[1] += child.sum[1];
            }
            for &(c, n) in tallies.get(k).map_or(&[][..], Vec::as_slice) {
                add_colour(tally, c, n);
            }
        },
    )
}

/// The finest level whose cells hold at least [`MIN_POINTS_PER_CELL`] points on
/// average, with all levels up to it holding at most half as many cells as points;
/// `None` when even level 0 is that sparse. `items` sorted by key.
fn top_level(items: &[Item]) -> Option<u32> {
    // Two neighbours in key order fall in different cells from the level where their
    // highest differing bit is kept; counting those levels counts the cells per level.
    let mut splits = [0usize; MAX_LEVEL as usize + 1];
    for pair in items.windows(2) {
        let diff = pair[0].key ^ pair[1].key;
        if diff != 0 {
            let bit = 63 - diff.leading_zeros();
            let level = MAX_LEVEL.saturating_sub(bit / 2);
            splits[level as usize] += 1;
        }
    }
    let n = items.len();
    let mut top = None;
    let (mut cells, mut total) = (usize::from(n > 0), 0usize);
    for (level, split) in (0..=MAX_LEVEL).zip(splits) {
        cells += split;
        total += cells;
        if cells * MIN_POINTS_PER_CELL > n || 2 * total > n {
            break;
        }
        top = Some(level);
    }
    top
}

/// A layer's points counted per cell, levels 0 to [`PointPyramid::top`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointPyramid {
    levels: Vec<Vec<CellCount>>,
}

impl PointPyramid {
    /// The pyramid of `layer`'s points as styled now; `None` for a layer of fewer than
    /// [`PYRAMID_FROM_POINTS`] points (level 0 has at most 64 cells, so any layer of more
    /// has at least that level).
    pub fn build(layer: &CachedLayer) -> Option<PointPyramid> {
        if layer.point_count < PYRAMID_FROM_POINTS {
            return None;
        }
        let items = items_of(layer.features.iter().enumerate(), &|_| true);
        let top = top_level(&items)?;
        let position = |id: u64| point_at(layer, id).unwrap_or([0.0, 0.0]);
        let (mut cells, mut tallies) = tally_cells(&items, top, &position);
        drop(items);
        let mut levels = Vec::new();
        for _ in 0..top {
            let (parents, parent_tallies) = parent_cells(&cells, &tallies);
            levels.push(std::mem::replace(&mut cells, parents));
            tallies = parent_tallies;
        }
        levels.push(cells);
        levels.reverse();
        Some(PointPyramid { levels })
    }

    /// The finest level held.
    pub fn top(&self) -> u32 {
        self.levels.len().saturating_sub(1) as u32
    }

    /// How many cells all levels hold (for memory accounting).
    pub fn cell_count(&self) -> usize {
        self.levels.iter().map(Vec::len).sum()
    }

    /// The non-empty cells at `level` with column and row in `min..=max`, row by row;
    /// `None` above [`PointPyramid::top`].
    pub fn cells_in(&self, level: u32, min: (u32, u32), max: (u32, u32)) -> Option<Vec<&CellCount>> {
        self.levels
            .get(level as usize)
            .map(|cells| cells_within(cells, min, max))
    }
}

/// The cells of `cells` (one level, in key order) with column and row in `min..=max`,
/// row by row: looked up one by one when the range is smaller than the level, else
/// filtered.
pub fn cells_within(cells: &[CellCount], min: (u32, u32), max: (u32, u32)) -> Vec<&CellCount> {
    let inside = |(x, y): (u32, u32)| x >= min.0 && x <= max.0 && y >= min.1 && y <= max.1;
    let wanted = (u64::from(max.0.saturating_sub(min.0)) + 1) * (u64::from(max.1.saturating_sub(min.1)) + 1);
    let mut found: Vec<&CellCount> = if wanted > cells.len() as u64 {
        cells.iter().filter(|c| inside(unmorton(c.key))).collect()
    } else {
        (min.1..=max.1)
            .flat_map(|y| (min.0..=max.0).map(move |x| morton(x, y)))
            .filter_map(|key| cells.binary_search_by_key(&key, |c| c.key).ok())
            .filter_map(|k| cells.get(k))
            .collect()
    };
    found.sort_by_key(|c| {
        let (x, y) = unmorton(c.key);
        (y, x)
    });
    found
}

/// The position of point `id` of `layer`.
pub fn point_at(layer: &CachedLayer, id: u64) -> Option<[f64; 2]> {
    let (position, point) = point_of_id(id);
    layer.features.get(position)?.points.get(point).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn morton_codes_interleave_and_come_apart_again() {
        assert_eq!(morton(0b11, 0b00), 0b0101);
        assert_eq!(morton(0b00, 0b11), 0b1010);
        for (x, y) in [(0, 0), (1, 2), (12_345, 678_901), ((1 << 25) - 1, (1 << 25) - 1)] {
            assert_eq!(unmorton(morton(x, y)), (x, y));
            // A parent's key is its child's shifted by two bits.
            assert_eq!(morton(x / 2, y / 2), morton(x, y) >> 2);
        }
    }

    #[test]
    fn a_cell_at_a_zoom_level_is_the_cluster_cell_of_that_zoom() {
        // Zoom 0: the world is 256 points wide, 8 cells of 32 points.
        assert_eq!(cell_of([0.5, 0.99], 0), (4, 7));
        assert_eq!(cell_of([1.5, f64::NAN], 0), (7, 0));
        assert_eq!(cell_level(9.4), 9);
        assert_eq!(cell_level(9.6), 10);
        assert_eq!(cell_level(f64::NAN), 0);
    }
}

#[cfg(test)]
#[path = "pyramid_tests.rs"]
mod layer_tests;
