//! Which imported feature is under the pointer.

use egui::{Pos2, Rect, Vec2};

use super::cache::cross;
use super::{LINE_HIT_PX, POINT_HIT_SLACK_PX, UserLayersView, drawn_layers};
use crate::map::lod::{CachedPolygon, ScreenFromMercator, band_for_zoom};
use crate::map::plan::distance_to_segment;

/// Whether normalised-Mercator `m` lies in a triangle of `polygon` at the band for `zoom`
/// (exactly what is filled on screen at that zoom: its triangles, or its rings for a
/// polygon prepared without them).
fn polygon_contains(polygon: &CachedPolygon, zoom: f64, m: [f64; 2]) -> bool {
    let inside_box = polygon.bbox.min[0] <= m[0]
        && m[0] <= polygon.bbox.max[0]
        && polygon.bbox.min[1] <= m[1]
        && m[1] <= polygon.bbox.max[1];
    if !inside_box {
        return false;
    }
    let Some(band) = polygon.bands.get(band_for_zoom(zoom)) else {
        return false;
    };
    if band.indices.is_empty() {
        // Prepared as rings only (a big layer, drawn filled even-odd).
        return band.rings_contain(m);
    }
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

/// The (layer index, feature index) of the feature under `pos_in_ui`, among visible
/// layers only: first a point whose marker contains it (marker radius + 2 points), then
/// a line within [`LINE_HIT_PX`] points (or half its width), each on the top layer first
/// and, within a layer, the feature drawn last first; then the smallest area whose fill
/// at this zoom contains it (the top one of equal areas).
pub fn user_feature_at(
    view: &UserLayersView,
    to_screen: &ScreenFromMercator,
    pos_in_ui: Pos2,
) -> Option<(usize, usize)> {
    let drawn = drawn_layers(view);
    let on_top = || {
        drawn
            .iter()
            .rev()
            .flat_map(|&(k, layer, _)| layer.features.iter().rev().map(move |f| (k, f)))
    };
    let point = on_top().find(|(_, f)| {
        f.points
            .iter()
            .any(|&m| (to_screen.apply(m) - pos_in_ui).length() <= f.style.marker_radius + POINT_HIT_SLACK_PX)
    });
    if let Some((k, f)) = point {
        return Some((k, f.index));
    }
    let line = on_top().find(|(_, f)| {
        if f.lines.is_empty() {
            return false;
        }
        let reach = LINE_HIT_PX.max(f.style.stroke_width / 2.0);
        let probe = to_screen.mercator_box(Rect::from_center_size(pos_in_ui, Vec2::splat(2.0 * reach)));
        f.bbox.intersects(&probe)
            && f.lines.iter().any(|line| {
                line.bbox.intersects(&probe)
                    && line
                        .at_zoom(to_screen.zoom)
                        .windows(2)
                        .any(|w| distance_to_segment(pos_in_ui, to_screen.apply(w[0]), to_screen.apply(w[1])) <= reach)
            })
    });
    if let Some((k, f)) = line {
        return Some((k, f.index));
    }
    let m = to_screen.mercator_of(pos_in_ui);
    on_top()
        .filter(|(_, f)| {
            f.polygon
                .as_ref()
                .is_some_and(|p| polygon_contains(p, to_screen.zoom, m))
        })
        .min_by(|a, b| a.1.area.total_cmp(&b.1.area))
        .map(|(k, f)| (k, f.index))
}
