//! Map labels with collision avoidance: candidates are placed in priority order, each
//! at the first of its allowed positions that overlaps no label already placed and
//! stays inside the map; the rest are dropped for this frame. Zoom-dependent density
//! comes from each candidate's `min_zoom`.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Vec2, vec2};

/// How a label relates to its anchor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LabelAnchor {
    /// A point symbol of this radius: the label goes beside it (right, left, above, below).
    Point { radius: f32 },
    /// An area's label point: the label is centred on it.
    Area,
}

/// A label that may be drawn this frame.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelCandidate {
    pub text: String,
    pub anchor_in_ui: Pos2,
    pub anchor: LabelAnchor,
    /// Higher is placed first.
    pub priority: f32,
    /// Not drawn below this map zoom.
    pub min_zoom: f64,
    pub font_size: f32,
    pub color: Color32,
}

/// A label that was placed, with the rect it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedLabel {
    pub text: String,
    pub rect: Rect,
}

fn offsets(anchor: LabelAnchor, size: Vec2) -> Vec<Vec2> {
    match anchor {
        LabelAnchor::Area => vec![-size / 2.0],
        LabelAnchor::Point { radius } => {
            let gap = radius + 3.0;
            vec![
                vec2(gap, -size.y / 2.0),
                vec2(-gap - size.x, -size.y / 2.0),
                vec2(-size.x / 2.0, -gap - size.y),
                vec2(-size.x / 2.0, gap),
            ]
        }
    }
}

/// Chooses where labels go. `measure` gives a text's size at a font size (in the app,
/// the painter's text layout; in tests, a fixed-width estimate).
pub fn place_labels(
    candidates: &[LabelCandidate],
    zoom: f64,
    bounds: Rect,
    measure: &dyn Fn(&str, f32) -> Vec2,
) -> Vec<(usize, Rect)> {
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| zoom >= candidates[i].min_zoom)
        .collect();
    order.sort_by(|&a, &b| {
        candidates[b]
            .priority
            .total_cmp(&candidates[a].priority)
            .then(a.cmp(&b))
    });
    let mut placed: Vec<(usize, Rect)> = Vec::new();
    for i in order {
        let c = &candidates[i];
        if !bounds.contains(c.anchor_in_ui) {
            continue;
        }
        // The same name near a label already placed (a plan zone over the basemap's
        // functional area of that name) is said once.
        let repeated = placed.iter().any(|(j, r)| {
            let other = &candidates[*j];
            other.text == c.text && (r.center() - c.anchor_in_ui).length() < 150.0
        });
        if repeated {
            continue;
        }
        let size = measure(&c.text, c.font_size);
        let spot = offsets(c.anchor, size).into_iter().find_map(|o| {
            let mut r = Rect::from_min_size(c.anchor_in_ui + o, size).expand(2.0);
            if c.anchor == LabelAnchor::Area {
                // Near the map edge an area label slides inward while it still covers
                // its anchor.
                r = slide_inside(r, bounds);
                if !r.contains(c.anchor_in_ui) {
                    return None;
                }
            }
            (bounds.contains_rect(r) && placed.iter().all(|(_, p)| !p.intersects(r))).then_some(r)
        });
        if let Some(r) = spot {
            placed.push((i, r));
        }
    }
    placed
}

/// `r` moved by the least amount that puts it inside `bounds` (unchanged if it is
/// larger than `bounds`).
fn slide_inside(r: Rect, bounds: Rect) -> Rect {
    let dx = if r.left() < bounds.left() {
        bounds.left() - r.left()
    } else if r.right() > bounds.right() {
        bounds.right() - r.right()
    } else {
        0.0
    };
    let dy = if r.top() < bounds.top() {
        bounds.top() - r.top()
    } else if r.bottom() > bounds.bottom() {
        bounds.bottom() - r.bottom()
    } else {
        0.0
    };
    r.translate(vec2(dx, dy))
}

/// Places and paints labels with a light halo so they read on any fill.
pub fn paint_labels(painter: &Painter, candidates: &[LabelCandidate], zoom: f64, bounds: Rect) -> Vec<PlacedLabel> {
    let measure = |text: &str, size: f32| {
        painter
            .layout_no_wrap(text.to_string(), FontId::proportional(size), Color32::BLACK)
            .size()
    };
    let placed = place_labels(candidates, zoom, bounds, &measure);
    let halo = Color32::from_white_alpha(220);
    placed
        .into_iter()
        .map(|(i, rect)| {
            let c = &candidates[i];
            let font = FontId::proportional(c.font_size);
            let centre = rect.center();
            for d in [vec2(-1.0, 0.0), vec2(1.0, 0.0), vec2(0.0, -1.0), vec2(0.0, 1.0)] {
                painter.text(centre + d, Align2::CENTER_CENTER, &c.text, font.clone(), halo);
            }
            painter.text(centre, Align2::CENTER_CENTER, &c.text, font, c.color);
            PlacedLabel {
                text: c.text.clone(),
                rect,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn measure(text: &str, size: f32) -> Vec2 {
        vec2(text.chars().count() as f32 * size, size * 1.2)
    }

    fn candidate(text: &str, at: Pos2, priority: f32) -> LabelCandidate {
        LabelCandidate {
            text: text.into(),
            anchor_in_ui: at,
            anchor: LabelAnchor::Point { radius: 3.0 },
            priority,
            min_zoom: 0.0,
            font_size: 14.0,
            color: Color32::BLACK,
        }
    }

    fn bounds() -> Rect {
        Rect::from_min_max(pos2(0.0, 0.0), pos2(800.0, 600.0))
    }

    #[test]
    fn overlapping_labels_move_aside_or_drop_and_never_overlap() {
        let cands: Vec<LabelCandidate> = (0..30)
            .map(|i| candidate(&format!("金州区{i}"), pos2(400.0 + i as f32, 300.0), i as f32))
            .collect();
        let placed = place_labels(&cands, 10.0, bounds(), &measure);
        assert!(placed.len() >= 2 && placed.len() < 30, "{}", placed.len());
        for (a, (_, ra)) in placed.iter().enumerate() {
            for (_, rb) in placed.iter().skip(a + 1) {
                assert!(!ra.intersects(*rb));
            }
        }
        // The highest priority is placed first, at its preferred (right-hand) spot.
        assert_eq!(placed[0].0, 29);
        assert!(placed[0].1.min.x > 429.0 - 2.0);
    }

    #[test]
    fn a_name_already_placed_nearby_is_not_repeated() {
        let a = candidate("金普新区", pos2(300.0, 300.0), 2.0);
        let b = candidate("金普新区", pos2(340.0, 310.0), 1.0);
        let far = candidate("金普新区", pos2(700.0, 100.0), 0.5);
        let placed = place_labels(&[a, b, far], 10.0, bounds(), &measure);
        let ids: Vec<usize> = placed.iter().map(|(i, _)| *i).collect();
        assert_eq!(ids, vec![0, 2]);
    }

    #[test]
    fn labels_below_their_min_zoom_or_off_the_map_are_not_drawn() {
        let mut near = candidate("中山区", pos2(100.0, 100.0), 1.0);
        near.min_zoom = 11.0;
        let off = candidate("丹东", pos2(-50.0, 100.0), 2.0);
        let placed = place_labels(&[near.clone(), off], 9.0, bounds(), &measure);
        assert!(placed.is_empty());
        assert_eq!(place_labels(&[near], 11.5, bounds(), &measure).len(), 1);
    }

    #[test]
    fn an_area_label_at_the_map_edge_slides_inside_and_still_covers_its_anchor() {
        let mut c = candidate("长兴岛经济区", pos2(20.0, 200.0), 1.0);
        c.anchor = LabelAnchor::Area;
        let placed = place_labels(&[c], 9.0, bounds(), &measure);
        let r = placed[0].1;
        assert!(bounds().contains_rect(r) && r.contains(pos2(20.0, 200.0)), "{r:?}");
    }

    #[test]
    fn area_labels_are_centred_on_their_anchor() {
        let mut c = candidate("瓦房店市", pos2(300.0, 200.0), 1.0);
        c.anchor = LabelAnchor::Area;
        let placed = place_labels(&[c], 9.0, bounds(), &measure);
        let centre = placed[0].1.center();
        assert!((centre.x - 300.0).abs() < 0.5 && (centre.y - 200.0).abs() < 0.5);
    }
}
