//! Painting the plan layers from their cache.

use egui::{Color32, Mesh, Painter, Rect, Shape, Stroke};

use super::{
    BOX_MARGIN_PT, HIGHLIGHT, ItemGeometry, MARKER_RADIUS, PlanItem, PlanLayerView, SELECTED, item_in_view,
    line_points, point_pos,
};
use crate::basemap::Precision;
use crate::catalogue::Layer;
use crate::map::labels::{LabelAnchor, LabelCandidate};
use crate::map::lod::ScreenFromMercator;
use crate::symbology::darker;
use crate::theme::swatch::paint_marker;

/// Paints the visible plan layers and returns their label candidates.
pub fn paint_plan_layers(
    painter: &Painter,
    view: &PlanLayerView,
    to_screen: &ScreenFromMercator,
    rect: Rect,
) -> Vec<LabelCandidate> {
    let visible_box = to_screen.mercator_box(rect.expand(BOX_MARGIN_PT));
    let zoom = to_screen.zoom;
    let mut labels = Vec::new();
    // While a plan element is in focus, everything else steps back.
    let drawn: Vec<(&PlanItem, f32)> = view
        .drawn_items()
        .into_iter()
        .map(|(item, opacity)| {
            let dim = !view.highlighted.is_empty()
                && !view.highlighted.contains(&item.index)
                && view.selected != Some(item.index);
            (item, if dim { opacity * 0.35 } else { opacity })
        })
        .collect();
    let emphasis = |i: &PlanItem| -> Option<Color32> {
        if view.selected == Some(i.index) {
            Some(SELECTED)
        } else if view.highlighted.contains(&i.index) {
            Some(HIGHLIGHT)
        } else {
            None
        }
    };

    // Areas: fills in one mesh, then outlines, then emphasis.
    let mut mesh = Mesh::default();
    let mut outlines = Vec::new();
    let mut emphasis_shapes = Vec::new();
    for (item, opacity) in &drawn {
        let ItemGeometry::Area {
            polygon,
            label_mercator,
            ..
        } = &item.geometry
        else {
            continue;
        };
        if !item_in_view(item, to_screen, rect, &visible_box) {
            continue;
        }
        let rgba = view.colour_of(item);
        let color = Color32::from(rgba).gamma_multiply(*opacity);
        let unset = view.unset(item);
        // In status styling an area with a status is always filled, so its colour reads.
        let fill = match (view.status.is_some(), unset) {
            (false, _) => item.style.fill,
            (true, true) => 0.0,
            (true, false) => item.style.fill.max(0.25),
        };
        if fill > 0.0 && view.area_fills {
            polygon.add_fill(&mut mesh, to_screen, color.gamma_multiply(fill));
        }
        let width = match (unset, item.layer) {
            (true, _) => 1.0,
            (false, Layer::Layout) => crate::symbology::plan::ZONE_OUTLINE_WIDTH,
            (false, _) => crate::symbology::plan::AREA_OUTLINE_WIDTH,
        };
        if let Some(e) = emphasis(item) {
            // A halo under the feature's own outline.
            polygon.outline_without_spikes(to_screen, Stroke::new(6.0, e.gamma_multiply(0.5)), &mut outlines);
            polygon.outline_without_spikes(to_screen, Stroke::new(width + 0.6, color), &mut emphasis_shapes);
        } else {
            polygon.outline(to_screen, Stroke::new(width, color), &mut outlines);
        }
        // Area labels: the layout's cores and zones always, others when emphasised.
        let emphasised = emphasis(item).is_some();
        if item.layer == Layer::Layout || emphasised {
            let schematic = if item.precision == Precision::Schematic {
                view.schematic
            } else {
                ""
            };
            labels.push(LabelCandidate {
                text: format!("{}{schematic}", view.name(item.index)),
                anchor_in_ui: to_screen.apply(*label_mercator),
                anchor: LabelAnchor::Beside { radius: 18.0 },
                priority: if emphasised { 2500.0 } else { 950.0 },
                min_zoom: 0.0,
                font_size: 14.0,
                color: darker(rgba).into(),
            });
        }
    }
    painter.add(Shape::mesh(mesh));
    painter.extend(outlines);
    painter.extend(emphasis_shapes);

    // Lines: a white casing under the coloured line.
    for (item, opacity) in &drawn {
        let ItemGeometry::Line { mercator, .. } = &item.geometry else {
            continue;
        };
        if !item_in_view(item, to_screen, rect, &visible_box) {
            continue;
        }
        let points = line_points(to_screen, mercator);
        let rgba = view.colour_of(item);
        let color = Color32::from(rgba).gamma_multiply(*opacity);
        let line_width = if view.unset(item) {
            1.2
        } else {
            crate::symbology::plan::LINE_WIDTH
        };
        if let Some(e) = emphasis(item) {
            painter.add(Shape::line(points.clone(), Stroke::new(7.0, e.gamma_multiply(0.7))));
        }
        let Some(&mid) = points.get(points.len() / 2) else {
            continue;
        };
        painter.add(Shape::line(
            points.clone(),
            Stroke::new(3.6, Color32::WHITE.gamma_multiply(0.7 * opacity)),
        ));
        // Solid, not dashed: a dashed line is one shape per dash (see the frame benchmark).
        painter.add(Shape::line(points, Stroke::new(line_width, color)));
        if emphasis(item).is_some() || zoom >= 9.0 {
            labels.push(LabelCandidate {
                text: view.name(item.index),
                anchor_in_ui: mid,
                anchor: LabelAnchor::Beside { radius: 6.0 },
                priority: if emphasis(item).is_some() { 2400.0 } else { 500.0 },
                min_zoom: 0.0,
                font_size: 12.5,
                color: darker(rgba).into(),
            });
        }
    }

    // Points.
    for (item, opacity) in &drawn {
        let ItemGeometry::Point { mercator, fan } = &item.geometry else {
            continue;
        };
        if !item_in_view(item, to_screen, rect, &visible_box) {
            continue;
        }
        let at = point_pos(to_screen, *mercator, *fan);
        let rgba = view.colour_of(item);
        let color = Color32::from(rgba).gamma_multiply(*opacity);
        let hollow = item.precision == Precision::District;
        if let Some(e) = emphasis(item) {
            painter.circle_filled(at, MARKER_RADIUS + 6.0, e.gamma_multiply(0.85));
        }
        if hollow {
            // The ring: “somewhere in this district”.
            painter.circle_stroke(at, MARKER_RADIUS + 4.0, Stroke::new(1.0, color.gamma_multiply(0.7)));
        }
        paint_marker(painter, at, item.style.marker, color, MARKER_RADIUS, hollow);
        let emphasised = emphasis(item).is_some();
        labels.push(LabelCandidate {
            text: view.name(item.index),
            anchor_in_ui: at,
            anchor: LabelAnchor::Point {
                radius: MARKER_RADIUS + 2.0,
            },
            priority: if emphasised { 2600.0 } else { 900.0 },
            min_zoom: if emphasised { 0.0 } else { 9.5 },
            font_size: 13.0,
            color: darker(rgba).into(),
        });
    }
    labels
}
