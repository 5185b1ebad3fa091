//! Which plan feature is under the pointer.

use egui::Pos2;
use geo::{Contains, Point};

use super::{ItemGeometry, MARKER_RADIUS, PlanLayerView, line_points, point_pos};
use crate::map::lod::{ScreenFromMercator, lon_lat_from_mercator};

/// Distance in points from `p` to the segment `a`–`b` (line hit tests).
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a + ab * t - p).length()
}

/// The catalogue index of the feature under a screen position: points first (within
/// their symbol), then lines (within 6 points), then the smallest area containing it;
/// only visible layers, topmost layer first.
pub fn plan_item_at(view: &PlanLayerView, to_screen: &ScreenFromMercator, pos_in_ui: Pos2) -> Option<usize> {
    let drawn = view.drawn_items();
    let on_top = drawn.iter().rev();
    let point = on_top.clone().find_map(|(item, _)| match &item.geometry {
        ItemGeometry::Point { mercator, fan } => {
            ((point_pos(to_screen, *mercator, *fan) - pos_in_ui).length() <= MARKER_RADIUS + 3.0).then_some(item.index)
        }
        _ => None,
    });
    if point.is_some() {
        return point;
    }
    let line = on_top.clone().find_map(|(item, _)| match &item.geometry {
        ItemGeometry::Line { mercator, .. } => {
            let pts = line_points(to_screen, mercator);
            pts.windows(2)
                .any(|w| distance_to_segment(pos_in_ui, w[0], w[1]) <= 6.0)
                .then_some(item.index)
        }
        _ => None,
    });
    if line.is_some() {
        return line;
    }
    let lon_lat = lon_lat_from_mercator(to_screen.mercator_of(pos_in_ui));
    let p = Point::new(lon_lat[0], lon_lat[1]);
    drawn
        .iter()
        .filter_map(|(item, _)| match &item.geometry {
            ItemGeometry::Area { lon_lat, area, .. } if lon_lat.contains(&p) => Some((item.index, *area)),
            _ => None,
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(index, _)| index)
}
