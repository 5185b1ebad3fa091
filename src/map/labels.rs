//! Map labels with collision avoidance: candidates are placed in priority order, each
//! at the first of its allowed positions that overlaps no label already placed, no
//! other feature's point symbol and stays inside the map; the rest are dropped for this
//! frame (the same ones on every frame of a view, so nothing flickers) and come back as
//! the map zooms in and they get room. Zoom-dependent density comes from each
//! candidate's `min_zoom`.
//!
//! Priorities (higher first): a highlighted or selected feature's label (2400–2700),
//! division names (1000 + area / 10), zone names — the layout's zones and the functional
//! areas (950–960) — the plan's named point features (900), annotation titles (890),
//! the user's labels (860–880),
//! towns, the plan's lines and the user's lines (≤ 500).

use std::collections::HashMap;

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Vec2, vec2};

/// How a label relates to its anchor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LabelAnchor {
    /// A point symbol of this radius: the label goes beside it (right, left, above,
    /// below), and no other label covers the symbol.
    Point { radius: f32 },
    /// Beside a point this far from it, where no symbol is drawn (an area's label point
    /// whose centre belongs to another label, a line's middle): placed as `Point`, but
    /// other labels may cover the point.
    Beside { radius: f32 },
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
        // Centred; else just above or below the anchor (a symbol placed at the area's
        // label point, such as a feature known only by its district, keeps it free); else
        // half a label to the right or left (clear of the legend over the map's corner).
        LabelAnchor::Area => {
            let down = vec2(0.0, size.y / 2.0 + 16.0);
            let right = vec2(size.x / 2.0 + 14.0, 0.0);
            let centred = -size / 2.0;
            vec![
                centred,
                centred - down,
                centred + down,
                centred + right,
                centred - right,
            ]
        }
        LabelAnchor::Point { radius } | LabelAnchor::Beside { radius } => {
            // Right, left, above, below, then the four diagonals (a cartographer's eight
            // positions): in a crowd of symbols a diagonal is often the one left free.
            let gap = radius + 3.0;
            let diagonal = gap * std::f32::consts::FRAC_1_SQRT_2;
            vec![
                vec2(gap, -size.y / 2.0),
                vec2(-gap - size.x, -size.y / 2.0),
                vec2(-size.x / 2.0, -gap - size.y),
                vec2(-size.x / 2.0, gap),
                vec2(diagonal, -diagonal - size.y),
                vec2(diagonal, diagonal),
                vec2(-diagonal - size.x, -diagonal - size.y),
                vec2(-diagonal - size.x, diagonal),
            ]
        }
    }
}

/// Rects of the map bucketed by a coarse grid, so a test against many of them looks
/// only at those near (a frame may place thousands of labels among as many symbols).
struct RectGrid {
    cells: HashMap<(i32, i32), Vec<(usize, Rect)>>,
}

impl RectGrid {
    /// Side of a grid cell, in points.
    const CELL: f32 = 64.0;

    fn new() -> Self {
        RectGrid { cells: HashMap::new() }
    }

    fn cells_of(r: Rect) -> impl Iterator<Item = (i32, i32)> {
        let cell = |v: f32| (v / Self::CELL).floor() as i32;
        let (x0, x1, y0, y1) = (cell(r.left()), cell(r.right()), cell(r.top()), cell(r.bottom()));
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn insert(&mut self, owner: usize, r: Rect) {
        for c in Self::cells_of(r) {
            self.cells.entry(c).or_default().push((owner, r));
        }
    }

    /// Whether `r` intersects a rect of an owner other than `owner`.
    fn hits(&self, r: Rect, owner: usize) -> bool {
        Self::cells_of(r).any(|c| {
            self.cells
                .get(&c)
                .is_some_and(|v| v.iter().any(|(o, q)| *o != owner && q.intersects(r)))
        })
    }
}

/// Chooses where labels go: inside `bounds`, off the `blocked` rects (what the map's
/// furniture covers, such as the legend). `measure` gives a text's size at a font size (in the app,
/// the painter's text layout; in tests, a fixed-width estimate).
pub fn place_labels(
    candidates: &[LabelCandidate],
    zoom: f64,
    bounds: Rect,
    blocked: &[Rect],
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
    // Every point symbol in view is in the way of the other labels, whether or not its
    // own label is placed.
    let mut symbols = RectGrid::new();
    for (i, c) in candidates.iter().enumerate() {
        if let LabelAnchor::Point { radius } = c.anchor
            && bounds.contains(c.anchor_in_ui)
        {
            symbols.insert(i, Rect::from_center_size(c.anchor_in_ui, Vec2::splat(2.0 * radius)));
        }
    }
    let mut taken = RectGrid::new();
    for r in blocked {
        taken.insert(usize::MAX, *r);
    }
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
                // Near the map edge an area label slides inward while it stays by its
                // anchor (covering it, or just above or below it).
                r = slide_inside(r, bounds);
                if !r.expand2(size / 2.0 + vec2(20.0, 20.0)).contains(c.anchor_in_ui) {
                    return None;
                }
            }
            (bounds.contains_rect(r) && !taken.hits(r, i) && !symbols.hits(r, i)).then_some(r)
        });
        if let Some(r) = spot {
            taken.insert(i, r);
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
pub fn paint_labels(
    painter: &Painter,
    candidates: &[LabelCandidate],
    zoom: f64,
    bounds: Rect,
    blocked: &[Rect],
) -> Vec<PlacedLabel> {
    let measure = |text: &str, size: f32| {
        painter
            .layout_no_wrap(text.to_string(), FontId::proportional(size), Color32::BLACK)
            .size()
    };
    let placed = place_labels(candidates, zoom, bounds, blocked, &measure);
    let halo = Color32::from_white_alpha(235);
    placed
        .into_iter()
        .map(|(i, rect)| {
            let c = &candidates[i];
            let font = FontId::proportional(c.font_size);
            let centre = rect.center();
            for d in HALO_OFFSETS {
                painter.text(centre + d, Align2::CENTER_CENTER, &c.text, font.clone(), halo);
            }
            painter.text(centre, Align2::CENTER_CENTER, &c.text, font, readable_on_white(c.color));
            PlacedLabel {
                text: c.text.clone(),
                rect,
            }
        })
        .collect()
}

/// Where the halo's copies of a label go: a ring of eight around it, 1.2 points out, so
/// the text reads on sea, land, fills and lines alike.
const HALO_OFFSETS: [Vec2; 8] = [
    vec2(-1.2, 0.0),
    vec2(1.2, 0.0),
    vec2(0.0, -1.2),
    vec2(0.0, 1.2),
    vec2(-0.85, -0.85),
    vec2(0.85, -0.85),
    vec2(-0.85, 0.85),
    vec2(0.85, 0.85),
];

/// WCAG's relative luminance of an sRGB colour (alpha ignored).
fn luminance(c: Color32) -> f32 {
    let lin = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
}

/// The least contrast a label keeps against its white halo: WCAG's 4.5 : 1 for text.
pub const MIN_CONTRAST: f32 = 4.5;

/// `c`, darkened in steps until it has [`MIN_CONTRAST`] against white (its halo): a
/// yellow or pale label colour becomes a darker shade of itself, a dark one is kept.
pub fn readable_on_white(c: Color32) -> Color32 {
    let mut c = Color32::from_rgb(c.r(), c.g(), c.b());
    for _ in 0..20 {
        if 1.05 / (luminance(c) + 0.05) >= MIN_CONTRAST {
            break;
        }
        let shade = |v: u8| (f32::from(v) * 0.85) as u8;
        c = Color32::from_rgb(shade(c.r()), shade(c.g()), shade(c.b()));
    }
    c
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
        let placed = place_labels(&cands, 10.0, bounds(), &[], &measure);
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
        let placed = place_labels(&[a, b, far], 10.0, bounds(), &[], &measure);
        let ids: Vec<usize> = placed.iter().map(|(i, _)| *i).collect();
        assert_eq!(ids, vec![0, 2]);
    }

    #[test]
    fn labels_below_their_min_zoom_or_off_the_map_are_not_drawn() {
        let mut near = candidate("中山区", pos2(100.0, 100.0), 1.0);
        near.min_zoom = 11.0;
        let off = candidate("丹东", pos2(-50.0, 100.0), 2.0);
        let placed = place_labels(&[near.clone(), off], 9.0, bounds(), &[], &measure);
        assert!(placed.is_empty());
        assert_eq!(place_labels(&[near], 11.5, bounds(), &[], &measure).len(), 1);
    }

    #[test]
    fn an_area_label_at_the_map_edge_slides_inside_and_still_covers_its_anchor() {
        let mut c = candidate("长兴岛经济区", pos2(20.0, 200.0), 1.0);
        c.anchor = LabelAnchor::Area;
        let placed = place_labels(&[c], 9.0, bounds(), &[], &measure);
        let r = placed[0].1;
        assert!(bounds().contains_rect(r) && r.contains(pos2(20.0, 200.0)), "{r:?}");
    }

    #[test]
    fn area_labels_are_centred_on_their_anchor() {
        let mut c = candidate("瓦房店市", pos2(300.0, 200.0), 1.0);
        c.anchor = LabelAnchor::Area;
        let placed = place_labels(&[c], 9.0, bounds(), &[], &measure);
        let centre = placed[0].1.center();
        assert!((centre.x - 300.0).abs() < 0.5 && (centre.y - 200.0).abs() < 0.5);
    }

    #[test]
    fn no_label_covers_another_features_point_symbol() {
        // A symbol right of a point, where that point's label would go first.
        let a = candidate("交通枢纽", pos2(400.0, 300.0), 2.0);
        let b = candidate("港", pos2(436.0, 300.0), 1.0);
        let placed = place_labels(&[a.clone(), b.clone()], 10.0, bounds(), &[], &measure);
        let symbol_b = Rect::from_center_size(b.anchor_in_ui, Vec2::splat(6.0));
        let symbol_a = Rect::from_center_size(a.anchor_in_ui, Vec2::splat(6.0));
        for (i, r) in &placed {
            let other = if *i == 0 { symbol_b } else { symbol_a };
            assert!(!r.intersects(other), "label {i} covers a symbol: {r:?}");
        }
        assert_eq!(placed.len(), 2, "both find a free side");
        // A line's middle is no symbol: labels may cover it.
        let mut line = candidate("5G", pos2(436.0, 300.0), 1.0);
        line.anchor = LabelAnchor::Beside { radius: 3.0 };
        let placed = place_labels(&[a, line], 10.0, bounds(), &[], &measure);
        assert!(placed[0].1.min.x > 400.0, "the first label keeps its right-hand spot");
    }

    #[test]
    fn a_crowd_of_symbols_keeps_only_labels_that_fit_and_the_same_ones_every_time() {
        let cands: Vec<LabelCandidate> = (0..12)
            .map(|i| {
                candidate(
                    &format!("站{i}"),
                    pos2(400.0 + (i % 4) as f32 * 9.0, 300.0 + (i / 4) as f32 * 9.0),
                    1.0,
                )
            })
            .collect();
        let first = place_labels(&cands, 12.0, bounds(), &[], &measure);
        assert!(first.len() < cands.len(), "a pile-up drops labels");
        assert_eq!(first, place_labels(&cands, 12.0, bounds(), &[], &measure));
    }

    #[test]
    fn pale_label_colours_are_darkened_until_they_read_on_their_halo() {
        let yellow = Color32::from_rgb(0xff, 0xd5, 0x4f);
        let fixed = readable_on_white(yellow);
        assert!(1.05 / (luminance(fixed) + 0.05) >= MIN_CONTRAST, "{fixed:?}");
        // Still a yellow hue: red and green above blue.
        assert!(fixed.r() > fixed.b() && fixed.g() > fixed.b(), "{fixed:?}");
        let dark = Color32::from_rgb(0x2b, 0x2f, 0x36);
        assert_eq!(readable_on_white(dark), dark);
    }

    #[test]
    fn labels_stay_off_what_the_map_furniture_covers() {
        let legend = Rect::from_min_max(pos2(0.0, 0.0), pos2(300.0, 400.0));
        let under = candidate("腾飞软件园", pos2(298.0, 200.0), 1.0);
        let placed = place_labels(&[under], 10.0, bounds(), &[legend], &measure);
        assert!(placed.iter().all(|(_, r)| !r.intersects(legend)), "{placed:?}");
        assert_eq!(placed.len(), 1, "it goes to the free side");
    }

    #[test]
    fn an_area_label_moves_just_above_or_below_a_symbol_on_its_label_point() {
        let mut area = candidate("瓦房店市", pos2(300.0, 200.0), 5.0);
        area.anchor = LabelAnchor::Area;
        let symbol = candidate("产业园", pos2(300.0, 200.0), 1.0);
        let placed = place_labels(&[area, symbol], 9.0, bounds(), &[], &measure);
        let r = placed
            .iter()
            .find(|(i, _)| *i == 0)
            .expect("the area keeps its label")
            .1;
        assert!(!r.contains(pos2(300.0, 200.0)), "off the symbol: {r:?}");
        assert!(
            (r.center().x - 300.0).abs() < 0.5 && (r.center().y - 200.0).abs() < 30.0,
            "{r:?}"
        );
    }
}
