//! Points of big layers aggregated per map cell (issue 14).
//!
//! Thousands of markers 14 points wide make a solid blob at city scale. In the image of
//! big layers ([`super::raster`]) each layer's points are counted per cell of
//! [`CLUSTER_CELL_PT`] points at the view's zoom level ([`super::pyramid::cell_level`]):
//! a cell holding one point draws that marker as usual; a cell holding more draws one
//! disc at their mean position, sized by the count ([`cluster_radius_pt`]) and coloured
//! by the marker colour of more than half of them ([`MIXED_COLOUR`] when no colour has a
//! majority, so that a mixed cell does not pass for one category), with the count written
//! on it. The cells are the map's, not the screen's: a pan moves the clusters with the
//! map instead of regrouping them, and as the map zooms in they split up until every
//! point stands alone. Big layers read the counts from their [`super::pyramid`]; others
//! count the points in view.

use crate::map::lod::MercatorBox;
use crate::symbology::Rgba8;

use super::CachedLayer;
use super::pyramid::{
    CellCount, cell_level, cell_of, cells_box, cells_within, count_cells, items_of, point_at, point_of_id,
};

/// The legend's words for clusters, in both languages (as the category key's “other”).
pub const CLUSTER_TEXT: &str = "聚合点（灰：多类）/ clusters (grey: mixed)";
/// The colour of a cluster whose points have no majority colour.
pub const MIXED_COLOUR: Rgba8 = Rgba8::rgb(0x5b, 0x63, 0x70);
/// Side of a cell, in points, at its zoom level.
pub const CLUSTER_CELL_PT: f32 = 32.0;

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
    /// How many points it stands for.
    pub count: usize,
    /// The marker colour of a single point; that of most of a cluster's points.
    pub colour: Rgba8,
    /// A single point's marker radius (points) and letter.
    pub radius_pt: f32,
    pub symbol: Option<char>,
    /// The single point's (or the cluster's first point's) position.
    pub mercator: [f64; 2],
    /// A single point's feature (its position in the layer's features).
    pub feature: Option<usize>,
}

/// The clusters of `layer`'s points in the view at `zoom` whose Mercator box is
/// `visible`, drawn where `to_pixels` puts them in an image of `size` pixels at
/// `pixels_per_point`: one per non-empty cell of the cells meeting `visible`, row by row,
/// kept when its disc (with its rim) reaches into the image — a cell straddling the
/// image's edge may have its mean outside it.
pub fn clusters_of(
    layer: &CachedLayer,
    zoom: f64,
    visible: &MercatorBox,
    to_pixels: &dyn Fn([f64; 2]) -> (f32, f32),
    size: [usize; 2],
    pixels_per_point: f32,
) -> Vec<Cluster> {
    if layer.point_count == 0 {
        return Vec::new();
    }
    let level = cell_level(zoom);
    let (a, b) = (cell_of(visible.min, level), cell_of(visible.max, level));
    let (min, max) = ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)));
    let from_pyramid = layer.point_pyramid.as_ref().and_then(|p| p.cells_in(level, min, max));
    let counted;
    let cells: Vec<&CellCount> = match from_pyramid {
        Some(cells) => cells,
        None => {
            // The points of whole cells, so that a cell counts the same in every view.
            let reach = cells_box(min, max, level);
            let inside = |m: [f64; 2]| {
                let (x, y) = cell_of(m, level);
                x >= min.0 && x <= max.0 && y >= min.1 && y <= max.1
            };
            let features = super::raster::in_box_at(layer, &reach);
            let items = items_of(features, &inside);
            let position = |id: u64| point_at(layer, id).unwrap_or([0.0, 0.0]);
            counted = count_cells(&items, level, &position);
            cells_within(&counted, min, max)
        }
    };
    let reaches_image = |c: &Cluster| {
        let reach = (c.radius_pt + 2.0) * pixels_per_point + 2.0;
        c.x + reach >= 0.0 && c.y + reach >= 0.0 && c.x - reach < size[0] as f32 && c.y - reach < size[1] as f32
    };
    cells
        .into_iter()
        .filter_map(|cell| {
            let (position, _) = point_of_id(cell.first);
            let f = layer.features.get(position)?;
            let first = point_at(layer, cell.first)?;
            let cluster = if cell.count == 1 {
                let (x, y) = to_pixels(first);
                Cluster {
                    x,
                    y,
                    count: 1,
                    colour: f.style.marker_colour,
                    radius_pt: f.style.marker_radius,
                    symbol: f.style.marker_symbol,
                    mercator: first,
                    feature: Some(position),
                }
            } else {
                let n = f64::from(cell.count);
                let (x, y) = to_pixels([cell.sum[0] / n, cell.sum[1] / n]);
                Cluster {
                    x,
                    y,
                    count: cell.count as usize,
                    colour: cell.colour,
                    radius_pt: cluster_radius_pt(cell.count as usize),
                    symbol: None,
                    mercator: first,
                    feature: None,
                }
            };
            reaches_image(&cluster).then_some(cluster)
        })
        .collect()
}
