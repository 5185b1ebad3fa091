//! Points of big layers aggregated per screen cell (issue 14).
//!
//! Thousands of markers 14 points wide make a solid blob at city scale. In the image of
//! big layers ([`super::raster`]) each layer's points are counted per cell of
//! [`CLUSTER_CELL_PT`] points: a cell holding one point draws that marker as usual; a
//! cell holding more draws one disc at their mean position, sized by the count
//! ([`cluster_radius_pt`]) and coloured by the marker colour of more than half of them
//! ([`MIXED_COLOUR`] when no colour has a majority, so that a mixed cell does not pass
//! for one category), with the count written on it. The cells are the screen's, so the clusters split up
//! as the map zooms in until every point stands alone.

use crate::map::lod::MercatorBox;
use crate::symbology::Rgba8;

use super::CachedLayer;

/// The legend's words for clusters, in both languages (as the category key's “other”).
pub const CLUSTER_TEXT: &str = "聚合点（灰：多类）/ clusters (grey: mixed)";
/// The colour of a cluster whose points have no majority colour.
pub const MIXED_COLOUR: Rgba8 = Rgba8::rgb(0x5b, 0x63, 0x70);
/// Side of a cell, in points.
pub const CLUSTER_CELL_PT: f32 = 32.0;
/// At most this many distinct colours are told apart per cell (the rest count towards
/// the cell but not its colour).
const COLOURS_PER_CELL: usize = 12;

/// The radius (points) of a disc standing for `count` points: 9 for two, growing with
/// the count's logarithm, at most 24.
pub fn cluster_radius_pt(count: usize) -> f32 {
    (8.0 + 4.0 * (count.max(1) as f32).log10()).clamp(9.0, 24.0)
}

/// One cell's points: a single marker, or a cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Where to draw it, in the image's pixels: the point itself for a single point, the
    /// mean position for a cluster.
    pub x: f32,
    pub y: f32,
    pub count: usize,
    /// The marker colour of a single point; that of most of a cluster's points.
    pub colour: Rgba8,
    /// A single point's marker radius (points) and letter.
    pub radius_pt: f32,
    pub symbol: Option<char>,
    /// The single point's (or the cluster's first point's) position.
    pub mercator: [f64; 2],
}

#[derive(Clone, Default)]
struct Cell {
    count: usize,
    sum: [f64; 2],
    colours: Vec<(Rgba8, usize)>,
    /// The cell's first point, as drawn when it is alone.
    first: Option<Cluster>,
}

/// The points of one layer counted per cell of an image `width` × `height` pixels.
pub struct PointClusters {
    cell_px: f32,
    cols: usize,
    cells: Vec<Cell>,
}

impl PointClusters {
    /// Counts the points of `layer`'s features whose box meets `visible`; `to_pixels`
    /// maps normalised Mercator to the image's pixels, `cell_px` is a cell's side in
    /// pixels. Points outside the image are left out.
    pub fn new(
        layer: &CachedLayer,
        visible: &MercatorBox,
        to_pixels: &dyn Fn([f64; 2]) -> (f32, f32),
        size: [usize; 2],
        cell_px: f32,
    ) -> PointClusters {
        let cell_px = cell_px.max(1.0);
        let cols = (size[0] as f32 / cell_px).ceil() as usize;
        let rows = (size[1] as f32 / cell_px).ceil() as usize;
        let mut cells = vec![Cell::default(); cols * rows];
        for f in super::raster::in_box(layer, visible) {
            let s = &f.style;
            for &m in &f.points {
                let (x, y) = to_pixels(m);
                if !(x >= 0.0 && y >= 0.0 && x < size[0] as f32 && y < size[1] as f32) {
                    continue;
                }
                let at = (y / cell_px) as usize * cols + (x / cell_px) as usize;
                let Some(cell) = cells.get_mut(at) else { continue };
                cell.count += 1;
                cell.sum[0] += f64::from(x);
                cell.sum[1] += f64::from(y);
                match cell.colours.iter().position(|(c, _)| *c == s.marker_colour) {
                    Some(k) => cell.colours[k].1 += 1,
                    None if cell.colours.len() < COLOURS_PER_CELL => cell.colours.push((s.marker_colour, 1)),
                    None => {}
                }
                if cell.first.is_none() {
                    cell.first = Some(Cluster {
                        x,
                        y,
                        count: 1,
                        colour: s.marker_colour,
                        radius_pt: s.marker_radius,
                        symbol: s.marker_symbol,
                        mercator: m,
                    });
                }
            }
        }
        PointClusters { cell_px, cols, cells }
    }

    /// Every non-empty cell, row by row.
    pub fn clusters(&self) -> impl Iterator<Item = Cluster> + '_ {
        self.cells.iter().filter_map(|cell| {
            let first = cell.first.as_ref()?;
            if cell.count == 1 {
                return Some(first.clone());
            }
            // The colour of more than half of the points, if any.
            let colour = cell
                .colours
                .iter()
                .find(|c| 2 * c.1 > cell.count)
                .map_or(MIXED_COLOUR, |c| c.0);
            let n = cell.count as f64;
            Some(Cluster {
                x: (cell.sum[0] / n) as f32,
                y: (cell.sum[1] / n) as f32,
                count: cell.count,
                colour,
                radius_pt: cluster_radius_pt(cell.count),
                symbol: None,
                mercator: first.mercator,
            })
        })
    }

    /// How many points share the cell of image pixel (`x`, `y`) (0 outside the image).
    pub fn count_at(&self, x: f32, y: f32) -> usize {
        if !(x >= 0.0 && y >= 0.0) {
            return 0;
        }
        let col = (x / self.cell_px) as usize;
        if col >= self.cols {
            return 0;
        }
        let at = (y / self.cell_px) as usize * self.cols + col;
        self.cells.get(at).map_or(0, |c| c.count)
    }
}
