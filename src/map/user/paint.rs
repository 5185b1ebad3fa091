//! Painting imported layers from their cache.

use egui::{Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, Vec2};

use super::background::{ShownRaster, raster_now, wants_raster};
use super::index::Visible;
use super::raster::{label_candidate, placed_rect};
use super::{BigLayers, CachedFeature, CachedLayer, SPECK_PX, UserLayersView, drawn_layers, speck};
use crate::map::labels::LabelCandidate;
use crate::map::lod::{MercatorBox, ScreenFromMercator};
use crate::map::plan::SELECTED;
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
    let every = |layer: &CachedLayer, visible_box: &MercatorBox| layer.index.visible(visible_box);
    match view.big {
        BigLayers::Background(shown) if wants_raster(view) => match shown {
            Some(shown) => paint_raster(painter, view, shown, to_screen, rect),
            None => paint_selected(painter, view, to_screen, rect),
        },
        BigLayers::DrawNow if wants_raster(view) => match raster_now(painter.ctx(), view, to_screen, rect) {
            Some(shown) => paint_raster(painter, view, &shown, to_screen, rect),
            None => paint_culled(painter, view, to_screen, rect, every),
        },
        _ => paint_culled(painter, view, to_screen, rect, every),
    }
}

/// Only the selected feature, emphasised (over the image of big layers).
fn paint_selected(
    painter: &Painter,
    view: &UserLayersView,
    to_screen: &ScreenFromMercator,
    rect: Rect,
) -> Vec<LabelCandidate> {
    let Some((k, index)) = view.selected else {
        return Vec::new();
    };
    let Some(target) = view.cache.layers.get(k) else {
        return Vec::new();
    };
    let position = target.features.binary_search_by_key(&index, |f| f.index).ok();
    let only = |layer: &CachedLayer, _: &MercatorBox| {
        let chosen = position.filter(|_| std::ptr::eq(layer, &**target));
        Visible::Some(chosen.and_then(|p| u32::try_from(p).ok()).into_iter().collect())
    };
    paint_culled(painter, view, to_screen, rect, only)
}

/// Paints the image the worker drew for big layers, placed for the view `to_screen`
/// (shifted or scaled while a newer one is drawn), the marker letters and cluster counts
/// over it and the selected feature on top, and returns the image's label candidates at
/// their place in this view (the selected feature's own first).
fn paint_raster(
    painter: &Painter,
    view: &UserLayersView,
    raster: &ShownRaster,
    to_screen: &ScreenFromMercator,
    rect: Rect,
) -> Vec<LabelCandidate> {
    let placed = placed_rect(&raster.to_screen, raster.rect, to_screen);
    painter.image(
        raster.texture.id(),
        placed,
        Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
        Color32::WHITE,
    );
    for s in &raster.symbols {
        let at = to_screen.apply(s.mercator);
        if rect.contains(at) {
            painter.text(
                at,
                Align2::CENTER_CENTER,
                &s.text,
                FontId::proportional(s.font_pt),
                Color32::WHITE.gamma_multiply(s.opacity),
            );
        }
    }
    let mut labels = paint_selected(painter, view, to_screen, rect);
    for l in &raster.labels {
        if view.selected == Some((l.layer, l.feature)) {
            continue;
        }
        let at = to_screen.apply(l.mercator);
        if rect.contains(at) {
            labels.push(LabelCandidate {
                anchor_in_ui: at,
                ..l.candidate.clone()
            });
        }
    }
    labels
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
                    .map(|m| to_screen.apply(m))
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
            let Some((m, _)) = f.label_anchor else { continue };
            let at = to_screen.apply(m);
            if !rect.contains(at) {
                continue;
            }
            labels.extend(label_candidate(f, at, is_selected(k, f)));
        }
    }
    labels
}
