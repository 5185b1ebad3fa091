//! The map legend's plate (issue 16, item 3): its arrangement in columns, where it goes
//! (the window's top left, folded when it would cover more than a fifth of the map;
//! an image's chosen corner, clear of the highlighted features) and its painting.

use egui::{Align2, Color32, FontId, Pos2, Rect, Stroke, Vec2, pos2, vec2};

use super::lod::ScreenFromMercator;
use super::plan::LegendRow;
use super::plugin::{OverlayTexts, plate};
use crate::model::LegendPlacement;
use crate::theme::swatch::paint_legend_symbol;

/// The share of the map a legend may cover in the window before it starts folded: a
/// fifth (issue 16 asks for “about a quarter”; at 1024×768 the full legend takes 24 % of
/// the map and hides the whole western half of the city's land).
pub const MAX_WINDOW_SHARE: f32 = 0.2;

/// Whether a legend plate of `size` covers more than [`MAX_WINDOW_SHARE`] of `map`.
pub fn too_big_for(size: Vec2, map: Rect) -> bool {
    size.x * size.y > MAX_WINDOW_SHARE * map.area()
}

/// The top corner a legend goes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    Left,
    Right,
}

/// Margin between the map's edge and the legend plate, in points.
const MARGIN: f32 = 10.0;

/// The legend plate of `size` in `corner` of `map`.
pub fn plate_at(corner: Corner, size: Vec2, map: Rect) -> Rect {
    let x = match corner {
        Corner::Left => map.left() + MARGIN,
        Corner::Right => map.right() - MARGIN - size.x,
    };
    Rect::from_min_size(pos2(x, map.top() + MARGIN), size)
}

/// Where `placement` puts a legend of `size` on `map`: `None` for none. `Auto` takes the
/// top corner whose plate covers less of the `avoid` rects (the highlighted features on
/// screen), the left one when both cover as little.
pub fn legend_corner(placement: LegendPlacement, size: Vec2, map: Rect, avoid: &[Rect]) -> Option<Corner> {
    let covered = |corner: Corner| -> f32 {
        let plate = plate_at(corner, size, map);
        avoid
            .iter()
            .map(|r| r.intersect(plate))
            .filter(|r| r.is_positive())
            .map(|r| r.area())
            .sum()
    };
    match placement {
        LegendPlacement::Off => None,
        LegendPlacement::TopLeft => Some(Corner::Left),
        LegendPlacement::TopRight => Some(Corner::Right),
        LegendPlacement::Auto if covered(Corner::Right) < covered(Corner::Left) => Some(Corner::Right),
        LegendPlacement::Auto => Some(Corner::Left),
    }
}

/// Where the legend goes in one frame of a map, worked out the same way by the basemap
/// plugin (whose labels keep off it and which takes no hover under it) and the furniture
/// plugin (which paints it), so both agree within the frame and no frame depends on an
/// earlier one.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendFootprint {
    pub layout: LegendLayout,
    /// The corner the placement chose (`None`: no legend).
    pub corner: Option<Corner>,
    /// Drawn open (not folded, automatically or by the user).
    pub open: bool,
    /// The plate drawn: the open legend's, the folded plate's (window), or none.
    pub plate: Option<Rect>,
}

impl LegendFootprint {
    /// The footprint of `texts`' legend on the map `rect` that `to_screen` projects.
    pub fn new(
        painter: &egui::Painter,
        texts: &OverlayTexts,
        rect: Rect,
        to_screen: &ScreenFromMercator,
    ) -> LegendFootprint {
        // Down to just above the scale bar (bottom left).
        let layout = LegendLayout::new(painter, rect.height() - 10.0 - 46.0, &texts.legend, &texts.plan_legend);
        let avoid: Vec<Rect> = texts
            .legend_avoid
            .iter()
            .map(|b| Rect::from_two_pos(to_screen.apply(b.min), to_screen.apply(b.max)).expand(8.0))
            .collect();
        let corner = legend_corner(texts.legend_placement, layout.size, rect, &avoid);
        let window = texts.legend_title.is_some();
        let folded_automatically = window && !texts.legend_pinned && too_big_for(layout.size, rect);
        let open = texts.legend_visible && !folded_automatically;
        let plate = match corner.filter(|_| open) {
            Some(corner) => Some(plate_at(corner, layout.size, rect)),
            None => texts
                .legend_title
                .as_ref()
                .map(|title| folded_plate(painter, rect.left_top() + vec2(10.0, 10.0), title)),
        };
        LegendFootprint {
            layout,
            corner,
            open,
            plate,
        }
    }
}

/// The folded legend's plate with its top-left corner at `top_left`.
fn folded_plate(painter: &egui::Painter, top_left: Pos2, title: &str) -> Rect {
    let galley = painter.layout_no_wrap(title.to_string(), FontId::proportional(12.0), Color32::BLACK);
    Rect::from_min_size(top_left, galley.size() + vec2(30.0, 8.0))
}

/// The legend plate's arrangement: rows of `row` points in `columns` columns of
/// `per_column` rows, `column_width` points wide; `size` is the whole plate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LegendLayout {
    row: f32,
    gap: f32,
    column_width: f32,
    per_column: usize,
    pub size: Vec2,
}

impl LegendLayout {
    /// The basemap's `entries`, a rule, then `plan_rows`, in as many columns as rows of
    /// at most `max_height` points need.
    pub fn new(painter: &egui::Painter, max_height: f32, entries: &[String; 5], plan_rows: &[LegendRow]) -> Self {
        let font = FontId::proportional(12.0);
        let row = if plan_rows.is_empty() { 20.0 } else { 17.0 };
        let gap = if plan_rows.is_empty() { 0.0 } else { 6.0 };
        let column_width = entries
            .iter()
            .chain(plan_rows.iter().map(|r| &r.text))
            .map(|e| painter.layout_no_wrap(e.clone(), font.clone(), Color32::BLACK).size().x)
            .fold(0.0, f32::max)
            + 44.0;
        let count = entries.len() + plan_rows.len();
        let (columns, per_column) = legend_columns(count, entries.len(), max_height - 8.0 - gap, row);
        let rows_drawn = count.min(per_column);
        LegendLayout {
            row,
            gap,
            column_width,
            per_column,
            size: vec2(column_width * columns as f32, row * rows_drawn as f32 + 8.0 + gap),
        }
    }
}

/// The legend: the basemap's entries (the same symbols and colours the basemap draws),
/// a rule, then the plan and imported layers' rows, arranged by `layout` with the plate's
/// top-left corner at `top_left`; returns the plate. Rows fill a column and continue in
/// the next, so a long legend on a low map (a projector, presenter mode) neither runs off
/// the map nor under the scale bar.
pub fn paint_legend(
    painter: &egui::Painter,
    top_left: Pos2,
    layout: &LegendLayout,
    entries: &[String; 5],
    plan_rows: &[LegendRow],
    text_color: Color32,
) -> Rect {
    use super::basemap::{DIVISION_LINE, FUNCTIONAL_LINE, division_fill};
    let font = FontId::proportional(12.0);
    let LegendLayout {
        row,
        gap,
        column_width,
        per_column,
        size,
    } = *layout;
    let legend_plate = Rect::from_min_size(top_left, size);
    plate(painter, legend_plate);
    // Where row `k` (0-based over all rows) goes: its column, and its centre line
    // (rows after the basemap's sit below the rule in the first column).
    let place = |k: usize| -> (f32, f32) {
        let (column, within) = (k / per_column, k % per_column);
        let x = top_left.x + column_width * column as f32;
        let rule = if column == 0 && k >= entries.len() { gap } else { 0.0 };
        (x, top_left.y + 4.0 + rule + row * within as f32 + row / 2.0)
    };
    for (k, entry) in entries.iter().enumerate() {
        let (x, y) = place(k);
        let symbol = pos2(x + 18.0, y);
        let swatch = Rect::from_center_size(symbol, vec2(20.0, 12.0));
        match k {
            0 => {
                painter.rect_filled(swatch, 0.0, division_fill(210213));
                painter.rect_stroke(swatch, 0.0, Stroke::new(1.0, DIVISION_LINE), egui::StrokeKind::Inside);
            }
            1 => {
                painter.rect_filled(
                    swatch,
                    0.0,
                    FUNCTIONAL_LINE.gamma_multiply(crate::symbology::basemap::FUNCTIONAL_FILL),
                );
                painter.rect_stroke(
                    swatch,
                    0.0,
                    Stroke::new(crate::symbology::basemap::FUNCTIONAL_WIDTH, FUNCTIONAL_LINE),
                    egui::StrokeKind::Inside,
                );
            }
            2 => {
                painter.circle(
                    symbol,
                    4.5,
                    Color32::from(crate::symbology::basemap::URBAN_CENTRE_DOT),
                    Stroke::new(1.5, Color32::WHITE),
                );
            }
            3 => {
                painter.circle(
                    symbol,
                    3.0,
                    Color32::from(crate::symbology::basemap::TOWN_DOT),
                    Stroke::new(1.0, Color32::WHITE),
                );
            }
            _ => {
                painter.rect_filled(
                    Rect::from_center_size(symbol, vec2(8.0, 8.0)),
                    1.5,
                    Color32::from(crate::symbology::basemap::AIRPORT_DOT),
                );
            }
        }
        painter.text(pos2(x + 34.0, y), Align2::LEFT_CENTER, entry, font.clone(), text_color);
    }
    if !plan_rows.is_empty() {
        let (x, y) = place(entries.len());
        let rule_y = y - row / 2.0 - gap / 2.0;
        painter.line_segment(
            [pos2(x + 6.0, rule_y), pos2(x + column_width - 6.0, rule_y)],
            Stroke::new(0.5, Color32::from_gray(180)),
        );
    }
    for (k, r) in plan_rows.iter().enumerate() {
        let (x, y) = place(entries.len() + k);
        paint_legend_symbol(painter, pos2(x + 18.0, y), &r.symbol);
        painter.text(
            pos2(x + 34.0, y),
            Align2::LEFT_CENTER,
            &r.text,
            font.clone(),
            text_color,
        );
    }
    legend_plate
}

/// The folded legend: a small plate with `title` and an unfold mark; returns its rect.
pub fn paint_folded_legend(painter: &egui::Painter, top_left: Pos2, title: &str, text_color: Color32) -> Rect {
    let galley = painter.layout_no_wrap(title.to_string(), FontId::proportional(12.0), text_color);
    let plate_rect = folded_plate(painter, top_left, title);
    plate(painter, plate_rect);
    painter.galley(plate_rect.min + vec2(6.0, 4.0), galley, text_color);
    paint_chevron(
        painter,
        pos2(plate_rect.right() - 10.0, plate_rect.center().y),
        false,
        text_color,
    );
    plate_rect
}

/// A small chevron centred at `at`: pointing up (fold) or down (unfold). Drawn with
/// lines, so no font needs the glyph.
pub fn paint_chevron(painter: &egui::Painter, at: Pos2, up: bool, color: Color32) {
    let dy = if up { -2.5 } else { 2.5 };
    let stroke = Stroke::new(1.4, color);
    painter.line_segment([at + vec2(-4.0, -dy), at + vec2(0.0, dy)], stroke);
    painter.line_segment([at + vec2(0.0, dy), at + vec2(4.0, -dy)], stroke);
}

/// `(columns, rows per column)` for `count` legend rows of `row` points in `room` points
/// of height: as many columns as needed, balanced so the plate is as low as they allow;
/// the first column holds at least the `first` basemap entries and one more.
fn legend_columns(count: usize, first: usize, room: f32, row: f32) -> (usize, usize) {
    let fit = if room.is_finite() && row > 0.0 {
        ((room / row).floor().max(0.0) as usize).max(first + 1)
    } else {
        first + 1
    };
    let columns = count.div_ceil(fit).max(1);
    (columns, count.div_ceil(columns).max(first + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_legend_too_tall_for_the_map_goes_into_balanced_columns() {
        // 25 rows of 17 pt: 425 pt fit in one column, not in 300 (17 rows).
        assert_eq!(legend_columns(25, 5, 500.0, 17.0), (1, 25));
        assert_eq!(legend_columns(25, 5, 300.0, 17.0), (2, 13));
        // A tiny map still gets the basemap's entries and one more per column.
        assert_eq!(legend_columns(25, 5, 10.0, 17.0), (5, 6));
        // The basemap's five entries alone: one column.
        assert_eq!(legend_columns(5, 5, 30.0, 20.0), (1, 6));
        assert_eq!(legend_columns(12, 5, f32::NAN, 17.0), (2, 6));
    }

    #[test]
    fn auto_puts_the_legend_in_the_top_corner_clear_of_the_highlighted_features() {
        let map = Rect::from_min_size(pos2(0.0, 0.0), vec2(1000.0, 600.0));
        let size = vec2(200.0, 300.0);
        let under_left = [Rect::from_center_size(pos2(100.0, 100.0), vec2(20.0, 20.0))];
        let under_right = [Rect::from_center_size(pos2(900.0, 100.0), vec2(20.0, 20.0))];
        let auto = LegendPlacement::Auto;
        assert_eq!(legend_corner(auto, size, map, &[]), Some(Corner::Left));
        assert_eq!(legend_corner(auto, size, map, &under_left), Some(Corner::Right));
        assert_eq!(legend_corner(auto, size, map, &under_right), Some(Corner::Left));
        // Both covered: the one covering less.
        let big_left = [under_left[0].expand(30.0), under_right[0]];
        assert_eq!(legend_corner(auto, size, map, &big_left), Some(Corner::Right));
        // A chosen corner is kept, and `Off` draws none.
        assert_eq!(
            legend_corner(LegendPlacement::TopLeft, size, map, &under_left),
            Some(Corner::Left)
        );
        assert_eq!(legend_corner(LegendPlacement::Off, size, map, &[]), None);
        // The plate sits in its corner, inside the map.
        let right = plate_at(Corner::Right, size, map);
        assert!(map.contains_rect(right) && right.right() == 990.0);
    }

    #[test]
    fn a_legend_covering_more_than_a_fifth_of_the_window_map_is_too_big() {
        let map = Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 600.0));
        assert!(!too_big_for(vec2(200.0, 400.0), map));
        assert!(too_big_for(vec2(250.0, 400.0), map));
    }
}
