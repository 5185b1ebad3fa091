//! Painting imported layers from their cache.

use egui::{Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, Vec2};

use super::index::Visible;
use super::{CachedFeature, CachedLayer, SPECK_PX, UserGeometryKind, UserLayersView, drawn_layers, speck};
use crate::map::labels::{LabelAnchor, LabelCandidate};
use crate::map::lod::{MercatorBox, ScreenFromMercator};
use crate::map::plan::SELECTED;
use crate::symbology::darker;
use crate::symbology::simplestyle::MARKER_RADII;

/// Paints the visible user layers — `layers[0]` at the bottom, the last layer on top;
/// all areas, then all lines, then all points — with the selected feature emphasised,
/// and returns the label candidates of the labelled features whose label anchor is in
/// `rect` (top layer first), for the shared label placer. Only maps cached vertices and
/// culls by bounding box — the boxes of each layer's [`super::FeatureIndex`], so the
/// cost follows what is on screen, not the layer's size.
pub fn paint_user_layers(
    painter: &Painter,
    view: &UserLayersView,
    to_screen: &ScreenFromMercator,
    rect: Rect,
) -> Vec<LabelCandidate> {
    paint_culled(painter, view, to_screen, rect, |layer, visible_box| {
        layer.index.visible(visible_box)
    })
}

/// [`paint_user_layers`] with the features of each layer that may be on screen chosen
/// by `cull` (given the layer and the visible Mercator box), in drawing order.
pub(super) fn paint_culled(
    painter: &Painter,
    view: &UserLayersView,
    to_screen: &ScreenFromMercator,
    rect: Rect,
    cull: impl Fn(&CachedLayer, &MercatorBox) -> Visible,
) -> Vec<LabelCandidate> {
    let visible_box = to_screen.mercator_box(rect.expand(20.0));
    // Each layer's features on screen, found once for every pass below.
    let drawn: Vec<_> = drawn_layers(view)
        .into_iter()
        .map(|(k, layer, opacity)| (k, layer, opacity, cull(layer, &visible_box)))
        .collect();
    let is_selected = |k: usize, f: &CachedFeature| view.selected == Some((k, f.index));

    // Areas: fills in one mesh, then outlines, then the selected feature's outline.
    let mut mesh = Mesh::default();
    let mut outlines = Vec::new();
    let mut emphasis = Vec::new();
    for (k, layer, opacity, visible) in &drawn {
        let (k, opacity) = (*k, *opacity);
        for f in visible.features(&layer.features) {
            let Some(polygon) = &f.polygon else { continue };
            if !polygon.bbox.intersects(&visible_box) {
                continue;
            }
            let s = &f.style;
            if let Some(centre) = speck(f, to_screen)
                && !is_selected(k, f)
            {
                // Smaller than a few pixels: a speck in its outline colour.
                let colour = if s.stroke_opacity > 0.0 { s.stroke } else { s.fill };
                mesh.add_colored_rect(
                    Rect::from_center_size(centre, Vec2::splat(SPECK_PX)),
                    Color32::from(colour).gamma_multiply(opacity),
                );
                continue;
            }
            if s.fill_opacity > 0.0 && opacity > 0.0 {
                polygon.add_fill(
                    &mut mesh,
                    to_screen,
                    Color32::from(s.fill).gamma_multiply(s.fill_opacity * opacity),
                );
            }
            let stroke = Stroke::new(
                s.stroke_width,
                Color32::from(s.stroke).gamma_multiply(s.stroke_opacity * opacity),
            );
            if is_selected(k, f) {
                polygon.outline(
                    to_screen,
                    Stroke::new(s.stroke_width + 5.0, SELECTED.gamma_multiply(0.5)),
                    &mut outlines,
                );
                polygon.outline(
                    to_screen,
                    Stroke::new(s.stroke_width.max(1.5), stroke.color),
                    &mut emphasis,
                );
            } else if s.stroke_width > 0.0 && s.stroke_opacity > 0.0 {
                polygon.outline(to_screen, stroke, &mut outlines);
            }
        }
    }
    if !mesh.is_empty() {
        painter.add(Shape::mesh(mesh));
    }
    painter.extend(outlines);
    painter.extend(emphasis);

    // Lines (specks of tiny ones in one mesh).
    let mut specks = Mesh::default();
    for (k, layer, opacity, visible) in &drawn {
        let (k, opacity) = (*k, *opacity);
        for f in visible.features(&layer.features) {
            if f.lines.is_empty() || !f.bbox.intersects(&visible_box) {
                continue;
            }
            let s = &f.style;
            let selected = is_selected(k, f);
            if let Some(centre) = speck(f, to_screen)
                && !selected
            {
                let colour = Color32::from(s.stroke).gamma_multiply(s.stroke_opacity * opacity);
                specks.add_colored_rect(Rect::from_center_size(centre, Vec2::splat(SPECK_PX)), colour);
                continue;
            }
            for line in &f.lines {
                if !line.bbox.intersects(&visible_box) {
                    continue;
                }
                let points: Vec<Pos2> = line
                    .at_zoom(to_screen.zoom)
                    .iter()
                    .map(|&m| to_screen.apply(m))
                    .collect();
                if selected {
                    painter.add(Shape::line(
                        points.clone(),
                        Stroke::new(s.stroke_width + 5.0, SELECTED.gamma_multiply(0.6)),
                    ));
                }
                if s.stroke_width > 0.0 && s.stroke_opacity > 0.0 {
                    let colour = Color32::from(s.stroke).gamma_multiply(s.stroke_opacity * opacity);
                    painter.add(Shape::line(points, Stroke::new(s.stroke_width, colour)));
                }
            }
        }
    }

    if !specks.is_empty() {
        painter.add(Shape::mesh(specks));
    }

    // Points: a circle with a white rim, a letter or digit inside medium and large ones.
    for (k, layer, opacity, visible) in &drawn {
        let (k, opacity) = (*k, *opacity);
        for f in visible.features(&layer.features) {
            if f.points.is_empty() || !f.bbox.intersects(&visible_box) {
                continue;
            }
            let s = &f.style;
            let colour = Color32::from(s.marker_colour).gamma_multiply(opacity);
            let rim = Stroke::new(1.2, Color32::WHITE.gamma_multiply(opacity));
            let selected = is_selected(k, f);
            for &m in &f.points {
                let at = to_screen.apply(m);
                if !rect.expand(s.marker_radius + 8.0).contains(at) {
                    continue;
                }
                if selected {
                    painter.circle_filled(at, s.marker_radius + 5.0, SELECTED.gamma_multiply(0.85));
                }
                painter.circle(at, s.marker_radius, colour, rim);
                if let Some(symbol) = s.marker_symbol
                    && s.marker_radius >= MARKER_RADII[1]
                {
                    painter.text(
                        at,
                        Align2::CENTER_CENTER,
                        symbol,
                        FontId::proportional(s.marker_radius * 1.4),
                        Color32::WHITE.gamma_multiply(opacity),
                    );
                }
            }
        }
    }

    // Labels, top layer first so that it wins ties in the placer.
    let mut labels = Vec::new();
    for (k, layer, _, visible) in drawn.iter().rev() {
        let k = *k;
        for f in visible.features(&layer.features) {
            let (Some(text), Some((m, kind))) = (&f.label, f.label_anchor) else {
                continue;
            };
            let at = to_screen.apply(m);
            if !rect.contains(at) {
                continue;
            }
            let s = &f.style;
            let (anchor, priority, colour) = match kind {
                UserGeometryKind::Point => (
                    LabelAnchor::Point {
                        radius: s.marker_radius + 2.0,
                    },
                    880.0,
                    s.marker_colour,
                ),
                UserGeometryKind::Line => (
                    LabelAnchor::Point {
                        radius: s.stroke_width / 2.0 + 2.0,
                    },
                    480.0,
                    s.stroke,
                ),
                UserGeometryKind::Area => (LabelAnchor::Area, 860.0, s.stroke),
            };
            labels.push(LabelCandidate {
                text: text.clone(),
                anchor_in_ui: at,
                anchor,
                priority: if is_selected(k, f) { 2700.0 } else { priority },
                min_zoom: 0.0,
                font_size: 12.5,
                color: darker(colour).into(),
            });
        }
    }
    labels
}
