//! Painting annotations, the selection's vertex handles and the sketch in progress.

use egui::{Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, Vec2, vec2};
use geo::TriangulateEarcut;

use super::hit::{draw_order, marker_radius, screen_points, text_rect, text_size};
use super::sketch::{Drag, Hover, Sketch};
use super::{GeoScreen, HANDLE_RADIUS, RULER, SELECTION, Tool};
use crate::model::annotation::{Annotation, AnnotationKind, Rgb, Style};

pub(super) fn colour(rgb: Rgb, opacity: f64) -> Color32 {
    let [r, g, b] = rgb.0;
    Color32::from_rgba_unmultiplied(r, g, b, (opacity.clamp(0.0, 1.0) * 255.0).round() as u8)
}

/// Appends the fill of the ring `points` (earcut, so concave rings fill correctly).
pub(super) fn fill_ring(painter: &Painter, points: &[Pos2], fill: Color32) {
    let mut distinct: Vec<Pos2> = Vec::new();
    for p in points {
        if distinct.last() != Some(p) {
            distinct.push(*p);
        }
    }
    if distinct.len() > 1 && distinct.first() == distinct.last() {
        distinct.pop();
    }
    if distinct.len() < 3 || fill.a() == 0 {
        return;
    }
    let ring: geo::LineString<f64> = distinct
        .iter()
        .map(|p| geo::Coord {
            x: f64::from(p.x),
            y: f64::from(p.y),
        })
        .collect();
    let raw = geo::Polygon::new(ring, Vec::new()).earcut_triangles_raw();
    let mut mesh = Mesh::default();
    for v in &raw.vertices {
        mesh.colored_vertex(Pos2::new(v[0] as f32, v[1] as f32), fill);
    }
    mesh.indices.extend(raw.triangle_indices.iter().map(|&i| i as u32));
    painter.add(Shape::mesh(mesh));
}

pub(super) fn paint_text(painter: &Painter, at: Pos2, text: &str, size: f32, colour: Color32) {
    let font = FontId::proportional(size);
    let halo = Color32::from_white_alpha(230);
    for d in [vec2(-1.0, 0.0), vec2(1.0, 0.0), vec2(0.0, -1.0), vec2(0.0, 1.0)] {
        painter.text(at + d, Align2::CENTER_CENTER, text, font.clone(), halo);
    }
    painter.text(at, Align2::CENTER_CENTER, text, font, colour);
}

pub(super) fn paint_marker(painter: &Painter, at: Pos2, style: &Style, alpha: f32) {
    let r = marker_radius(style.marker_size);
    let fill = colour(style.marker_colour, 1.0).gamma_multiply(alpha);
    painter.circle(at, r, fill, Stroke::new(1.5, Color32::WHITE.gamma_multiply(alpha)));
    let symbol = style.marker_symbol.trim();
    if !symbol.is_empty() && symbol.chars().count() <= 2 {
        painter.text(
            at,
            Align2::CENTER_CENTER,
            symbol,
            FontId::proportional(r * 1.3),
            Color32::WHITE.gamma_multiply(alpha),
        );
    }
}

/// Paints one annotation in its style; `selected` adds the selection halo under it.
pub(super) fn paint_annotation(painter: &Painter, a: &Annotation, screen: &GeoScreen, selected: bool, visible: Rect) {
    let s = &a.style;
    let halo = Stroke::new(s.stroke_width as f32 + 7.0, SELECTION.gamma_multiply(0.35));
    match a.kind {
        AnnotationKind::Point => {
            let Some(at) = a.vertices.first().map(|v| screen.pos(*v)) else {
                return;
            };
            if !visible.contains(at) {
                return;
            }
            if selected {
                painter.circle_stroke(at, marker_radius(s.marker_size) + 4.0, Stroke::new(2.5, SELECTION));
            }
            paint_marker(painter, at, s, 1.0);
        }
        AnnotationKind::Text => {
            let rect = text_rect(a, screen);
            if !visible.intersects(rect) {
                return;
            }
            if selected {
                painter.rect_stroke(
                    rect.expand(3.0),
                    2.0,
                    Stroke::new(1.5, SELECTION),
                    egui::StrokeKind::Outside,
                );
            }
            let c = colour(s.marker_colour, 1.0);
            if a.title.is_empty() {
                painter.rect_stroke(
                    Rect::from_center_size(rect.center(), Vec2::splat(12.0)),
                    1.0,
                    Stroke::new(1.5, c),
                    egui::StrokeKind::Middle,
                );
            } else {
                paint_text(painter, rect.center(), &a.title, text_size(s.marker_size), c);
            }
        }
        AnnotationKind::Line | AnnotationKind::Polygon => {
            let pts = screen_points(a, screen);
            let Some(bounds) = bounds_of(&pts) else { return };
            if !visible.intersects(bounds) {
                return;
            }
            let stroke = Stroke::new(s.stroke_width as f32, colour(s.stroke, s.stroke_opacity));
            if a.kind == AnnotationKind::Polygon {
                if selected {
                    painter.add(Shape::closed_line(pts.clone(), halo));
                }
                fill_ring(painter, &pts, colour(s.fill, s.fill_opacity));
                if stroke.width > 0.0 {
                    painter.add(Shape::closed_line(pts, stroke));
                }
            } else {
                if selected {
                    painter.add(Shape::line(pts.clone(), halo));
                }
                if stroke.width > 0.0 {
                    let casing = Color32::WHITE.gamma_multiply(0.6 * s.stroke_opacity.clamp(0.0, 1.0) as f32);
                    painter.add(Shape::line(pts.clone(), Stroke::new(stroke.width + 2.0, casing)));
                    painter.add(Shape::line(pts, stroke));
                }
            }
        }
    }
}

pub(super) fn bounds_of(points: &[Pos2]) -> Option<Rect> {
    let first = *points.first()?;
    Some(points.iter().fold(Rect::from_min_max(first, first), |r, p| {
        r.union(Rect::from_min_max(*p, *p))
    }))
}

pub(super) fn paint_handle(painter: &Painter, at: Pos2, active: bool) {
    if active {
        painter.circle(at, HANDLE_RADIUS + 1.5, SELECTION, Stroke::new(1.5, Color32::WHITE));
    } else {
        painter.circle(at, HANDLE_RADIUS, Color32::WHITE, Stroke::new(1.5, SELECTION));
    }
}

/// The vertex handles of the selected line or polygon, and the hovered edge's insertion
/// mark.
pub(super) fn paint_handles(painter: &Painter, a: &Annotation, sketch: &Sketch, screen: &GeoScreen) {
    if a.kind.is_single_position() {
        return;
    }
    let active = match (&sketch.drag, sketch.hover) {
        (Some(Drag::Vertex { current_index, .. }), _) => Some(*current_index),
        (None, Some(Hover::Vertex { id, index })) if id == a.id => Some(index),
        _ => None,
    };
    for (i, p) in screen_points(a, screen).into_iter().enumerate() {
        paint_handle(painter, p, active == Some(i));
    }
    if sketch.drag.is_none()
        && let Some(Hover::Edge { id, at, .. }) = sketch.hover
        && id == a.id
    {
        painter.circle_stroke(Pos2::from(at), HANDLE_RADIUS - 1.0, Stroke::new(1.5, SELECTION));
    }
}

/// The line or polygon being drawn, with the rubber band to the pointer, or the ghost of
/// a point at the pointer.
pub(super) fn paint_sketch(painter: &Painter, sketch: &Sketch, tool: Tool, screen: &GeoScreen) {
    let pointer = sketch.pointer.map(Pos2::from);
    match tool {
        Tool::Select | Tool::Text => {}
        Tool::Point => {
            if let Some(p) = pointer {
                paint_marker(painter, p, &Style::default(), 0.45);
            }
        }
        Tool::Line | Tool::Polygon | Tool::Measure => {
            let measuring = tool == Tool::Measure;
            let colour = if measuring { RULER } else { SELECTION };
            let closed = measuring && sketch.measured == Some(AnnotationKind::Polygon);
            // A finished measurement has no rubber band.
            let pointer = pointer.filter(|_| !(measuring && sketch.measured.is_some()));
            let band = Stroke::new(1.5, colour);
            let mut placed: Vec<Pos2> = sketch.placed.iter().map(|v| screen.pos(*v)).collect();
            let (Some(first), Some(last)) = (placed.first().copied(), placed.last().copied()) else {
                return;
            };
            if tool == Tool::Polygon || measuring {
                let mut ring = placed.clone();
                ring.extend(pointer);
                // The ruler's area shows faintly until it is closed.
                let alpha = if measuring && !closed { 0.07 } else { 0.12 };
                fill_ring(painter, &ring, colour.gamma_multiply(alpha));
            }
            let handles = placed.clone();
            if closed {
                placed.push(first);
            }
            painter.add(Shape::line(placed, Stroke::new(2.0, colour)));
            if let Some(p) = pointer {
                painter.extend(Shape::dashed_line(&[last, p], band, 6.0, 4.0));
                if handles.len() >= 2 && (tool == Tool::Polygon || measuring) {
                    let closing = if measuring {
                        Stroke::new(1.0, colour.gamma_multiply(0.5))
                    } else {
                        band
                    };
                    painter.extend(Shape::dashed_line(&[p, first], closing, 6.0, 4.0));
                }
            }
            for (i, p) in handles.iter().enumerate() {
                let closable = tool != Tool::Line && !closed && i == 0 && handles.len() >= 3;
                paint_handle(painter, *p, closable);
            }
        }
    }
}

/// Paints the annotations (simplestyle-like from their [`Style`]: markers by colour and
/// size, lines by stroke, polygons by stroke and fill, text labels in the marker colour
/// with a white halo; a text without a title is a small square), in the order of
/// [`annotation_at`]; a dragged annotation at its preview; the selected one with a halo
/// and, for a line or polygon, its vertex handles; and the sketch in progress (placed
/// vertices, the rubber band to the pointer, a polygon's closing edge and fill). Only
/// what meets `painter.clip_rect()` is drawn.
pub fn paint_annotations(
    painter: &Painter,
    annotations: &[Annotation],
    selected: Option<u64>,
    sketch: &Sketch,
    tool: Tool,
    screen: &GeoScreen,
) {
    let visible = painter.clip_rect().expand(40.0);
    let preview = sketch.drag.as_ref().map(Drag::preview);
    let shown = |a: &'_ Annotation| -> Annotation {
        match preview {
            Some(p) if p.id == a.id => p.clone(),
            _ => a.clone(),
        }
    };
    for i in draw_order(annotations) {
        let a = &annotations[i];
        let is_selected = selected == Some(a.id);
        match preview {
            Some(p) if p.id == a.id => paint_annotation(painter, p, screen, is_selected, visible),
            _ => paint_annotation(painter, a, screen, is_selected, visible),
        }
    }
    if let Some(a) = selected.and_then(|id| annotations.iter().find(|a| a.id == id)) {
        paint_handles(painter, &shown(a), sketch, screen);
    }
    paint_sketch(painter, sketch, tool, screen);
}
