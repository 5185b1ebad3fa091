//! Annotation titles as map labels (issue 18, point 7): each titled annotation whose
//! [`Annotation::show_title`] is on becomes a [`LabelCandidate`] placed with the map's
//! other labels (collisions, halo, the same rules in the window and in images) — a
//! point's beside its marker, a line's beside its middle, a polygon's on its inside. A
//! text annotation is its title already and gets none.

use egui::{Pos2, Rect};
use geo::InteriorPoint;

use super::GeoScreen;
use super::hit::marker_radius;
use super::paint::colour;
use crate::map::labels::{LabelAnchor, LabelCandidate};
use crate::model::annotation::{Annotation, AnnotationKind};

/// Priority of an annotation's title: above imported layers' labels (860–880), below
/// the plan's named features (900) and the map's place names.
pub const TITLE_PRIORITY: f32 = 890.0;
/// Font size of an annotation's title.
const TITLE_FONT_PT: f32 = 13.0;

/// The point halfway along the polyline `points` (by screen length).
fn middle_of(points: &[Pos2]) -> Option<Pos2> {
    let total: f32 = points.windows(2).map(|w| w[0].distance(w[1])).sum();
    let mut left = total / 2.0;
    for w in points.windows(2) {
        let d = w[0].distance(w[1]);
        if d >= left && d > 0.0 {
            return Some(w[0] + (w[1] - w[0]) * (left / d));
        }
        left -= d;
    }
    points.first().copied()
}

/// The title labels of `annotations` whose anchor lies in `rect`, drawn through `screen`.
pub fn title_labels(annotations: &[Annotation], screen: &GeoScreen, rect: Rect) -> Vec<LabelCandidate> {
    let mut labels = Vec::new();
    for a in annotations {
        let title = a.title.trim();
        if !a.show_title || title.is_empty() || a.kind == AnnotationKind::Text {
            continue;
        }
        let points: Vec<Pos2> = a.vertices.iter().map(|v| screen.pos(*v)).collect();
        let style = &a.style;
        let (anchor_in_ui, anchor, rgb) = match a.kind {
            AnnotationKind::Point | AnnotationKind::Text => {
                let Some(&at) = points.first() else { continue };
                let radius = marker_radius(style.marker_size);
                (at, LabelAnchor::Point { radius }, style.marker_colour)
            }
            AnnotationKind::Line => {
                let Some(at) = middle_of(&points) else { continue };
                let radius = style.stroke_width as f32 / 2.0 + 2.0;
                (at, LabelAnchor::Beside { radius }, style.stroke)
            }
            AnnotationKind::Polygon => {
                let ring: geo::LineString<f64> = a.vertices.iter().map(|&[x, y]| geo::Coord { x, y }).collect();
                let Some(inside) = geo::Polygon::new(ring, Vec::new()).interior_point() else {
                    continue;
                };
                (screen.pos([inside.x(), inside.y()]), LabelAnchor::Area, style.stroke)
            }
        };
        if !rect.contains(anchor_in_ui) {
            continue;
        }
        labels.push(LabelCandidate {
            text: title.to_string(),
            anchor_in_ui,
            anchor,
            priority: TITLE_PRIORITY,
            min_zoom: 0.0,
            font_size: TITLE_FONT_PT,
            color: colour(rgb, 1.0),
        });
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coords::CoordinateSystem;
    use crate::map::lod::ScreenFromMercator;
    use egui::{pos2, vec2};

    fn screen() -> GeoScreen {
        GeoScreen::new(
            ScreenFromMercator::new(12.0, [121.62, 38.92], pos2(400.0, 300.0)),
            CoordinateSystem::Wgs84,
        )
    }

    fn at(s: &GeoScreen, x: f32, y: f32) -> [f64; 2] {
        s.lon_lat(pos2(x, y))
    }

    #[test]
    fn titled_points_lines_and_polygons_get_a_label_and_untitled_hidden_or_text_ones_none() {
        let s = screen();
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
        let point = Annotation::new(1, AnnotationKind::Point, vec![at(&s, 100.0, 100.0)])
            .expect("valid")
            .with_title("站址");
        let line = Annotation::new(
            2,
            AnnotationKind::Line,
            vec![at(&s, 100.0, 400.0), at(&s, 300.0, 400.0)],
        )
        .expect("valid")
        .with_title("光缆");
        let square = vec![
            at(&s, 500.0, 100.0),
            at(&s, 700.0, 100.0),
            at(&s, 700.0, 300.0),
            at(&s, 500.0, 300.0),
        ];
        let polygon = Annotation::new(3, AnnotationKind::Polygon, square)
            .expect("valid")
            .with_title("园区");
        let mut hidden = point.clone().with_title("不显示");
        hidden.show_title = false;
        let untitled = Annotation::new(5, AnnotationKind::Point, vec![at(&s, 200.0, 200.0)]).expect("valid");
        let text = Annotation::new(6, AnnotationKind::Text, vec![at(&s, 250.0, 250.0)])
            .expect("valid")
            .with_title("文字");
        let labels = title_labels(&[point, line, polygon, hidden, untitled, text], &s, rect);
        let texts: Vec<&str> = labels.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["站址", "光缆", "园区"]);
        assert!(matches!(labels[0].anchor, LabelAnchor::Point { .. }));
        assert!(
            labels[1].anchor_in_ui.distance(pos2(200.0, 400.0)) < 1.0,
            "{:?}",
            labels[1].anchor_in_ui
        );
        assert_eq!(labels[2].anchor, LabelAnchor::Area);
        assert!(Rect::from_min_max(pos2(500.0, 100.0), pos2(700.0, 300.0)).contains(labels[2].anchor_in_ui));
    }
}
