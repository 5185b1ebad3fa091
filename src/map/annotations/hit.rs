//! Annotations on screen: their shapes in UI points and what the pointer hits.

use egui::{Pos2, Rect, vec2};

use super::sketch::Hover;
use super::{GeoScreen, HANDLE_HIT_PX, LINE_HIT_PX};
use crate::model::annotation::{Annotation, AnnotationKind, MarkerSize};

/// Marker radius (UI points) of a point annotation.
pub(super) fn marker_radius(size: MarkerSize) -> f32 {
    match size {
        MarkerSize::Small => 5.0,
        MarkerSize::Medium => 7.0,
        MarkerSize::Large => 10.0,
    }
}

/// Font size of a text annotation.
pub(super) fn text_size(size: MarkerSize) -> f32 {
    match size {
        MarkerSize::Small => 12.0,
        MarkerSize::Medium => 15.0,
        MarkerSize::Large => 20.0,
    }
}

/// The rect a text annotation's label covers, estimated without fonts (CJK and other
/// wide characters one em, the rest 0.6 em); an empty title is a small square.
pub(super) fn text_rect(a: &Annotation, screen: &GeoScreen) -> Rect {
    let centre = a.vertices.first().map_or(Pos2::ZERO, |v| screen.pos(*v));
    let size = text_size(a.style.marker_size);
    let width: f32 = a
        .title
        .chars()
        .map(|c| if (c as u32) >= 0x1100 { size } else { size * 0.6 })
        .sum();
    Rect::from_center_size(centre, vec2(width.max(14.0), (size * 1.25).max(14.0)))
}

pub(super) fn screen_points(a: &Annotation, screen: &GeoScreen) -> Vec<Pos2> {
    a.vertices.iter().map(|v| screen.pos(*v)).collect()
}

/// The segments of a line, or of a polygon's closed ring, as index pairs.
pub(super) fn segments(kind: AnnotationKind, n: usize) -> impl Iterator<Item = (usize, usize)> {
    let closed = kind == AnnotationKind::Polygon && n >= 3;
    let count = if closed { n } else { n.saturating_sub(1) };
    (0..count).map(move |i| (i, (i + 1) % n))
}

pub(super) fn closest_on_segment(p: Pos2, a: Pos2, b: Pos2) -> Pos2 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    a + ab * t
}

/// Even-odd containment of `p` in the ring `points` (not closed).
pub(super) fn ring_contains(points: &[Pos2], p: Pos2) -> bool {
    let n = points.len();
    let mut inside = false;
    for i in 0..n {
        let (a, b) = (points[i], points[(i + n - 1) % n]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
    }
    inside
}

pub(super) fn hits(a: &Annotation, screen: &GeoScreen, p: Pos2) -> bool {
    match a.kind {
        AnnotationKind::Point => a
            .vertices
            .first()
            .is_some_and(|v| (screen.pos(*v) - p).length() <= marker_radius(a.style.marker_size) + 3.0),
        AnnotationKind::Text => text_rect(a, screen).expand(2.0).contains(p),
        AnnotationKind::Line | AnnotationKind::Polygon => {
            let pts = screen_points(a, screen);
            let reach = LINE_HIT_PX + (a.style.stroke_width as f32) / 2.0;
            let near_outline =
                segments(a.kind, pts.len()).any(|(i, j)| (closest_on_segment(p, pts[i], pts[j]) - p).length() <= reach);
            near_outline || (a.kind == AnnotationKind::Polygon && ring_contains(&pts, p))
        }
    }
}

/// Indices of `annotations` in painting order: polygons, then lines, then points, then
/// text labels, each group in list order.
pub(super) fn draw_order(annotations: &[Annotation]) -> Vec<usize> {
    let rank = |k: AnnotationKind| match k {
        AnnotationKind::Polygon => 0,
        AnnotationKind::Line => 1,
        AnnotationKind::Point => 2,
        AnnotationKind::Text => 3,
    };
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    order.sort_by_key(|&i| rank(annotations[i].kind));
    order
}

/// The topmost annotation under the pointer, in painting order reversed (text labels and
/// points over lines over polygons, later over earlier): a point within its marker
/// (+3 points), a text within its label rect (estimated), a line within [`LINE_HIT_PX`]
/// plus half its width, a polygon containing the pointer or within that distance of its
/// outline.
pub fn annotation_at(annotations: &[Annotation], screen: &GeoScreen, pos_in_ui: Pos2) -> Option<u64> {
    draw_order(annotations)
        .into_iter()
        .rev()
        .map(|i| &annotations[i])
        .find(|a| hits(a, screen, pos_in_ui))
        .map(|a| a.id)
}

/// What editing the pointer at `p` would do: a vertex handle of the selected line or
/// polygon first, then the topmost annotation if it is not the selected one, then an edge
/// of the selected line or polygon, then the selected annotation's body.
pub fn hover_at(annotations: &[Annotation], selected: Option<u64>, screen: &GeoScreen, p: Pos2) -> Option<Hover> {
    let sel = selected.and_then(|id| annotations.iter().find(|a| a.id == id));
    if let Some(a) = sel.filter(|a| !a.kind.is_single_position()) {
        let pts = screen_points(a, screen);
        let nearest = pts
            .iter()
            .enumerate()
            .map(|(i, q)| (i, (*q - p).length()))
            .filter(|(_, d)| *d <= HANDLE_HIT_PX)
            .min_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((index, _)) = nearest {
            return Some(Hover::Vertex { id: a.id, index });
        }
    }
    let top = annotation_at(annotations, screen, p);
    if let Some(id) = top
        && Some(id) != selected
    {
        return Some(Hover::Other(id));
    }
    if let Some(a) = sel.filter(|a| !a.kind.is_single_position()) {
        let pts = screen_points(a, screen);
        let reach = LINE_HIT_PX + (a.style.stroke_width as f32) / 2.0;
        let edge = segments(a.kind, pts.len())
            .map(|(i, j)| (i, closest_on_segment(p, pts[i], pts[j])))
            .map(|(i, at)| (i, at, (at - p).length()))
            .filter(|(_, _, d)| *d <= reach)
            .min_by(|x, y| x.2.total_cmp(&y.2));
        if let Some((index, at, _)) = edge {
            return Some(Hover::Edge {
                id: a.id,
                index,
                at: [at.x, at.y],
            });
        }
    }
    top.map(Hover::Selected)
}
