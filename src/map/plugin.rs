//! The map furniture plugin. Rebuilt every frame from state; it only projects and
//! paints: no parsing, file access or triangulation here.
//!
//! The 示意 disclaimer is drawn only while schematic geometry is in view, as the
//! basemap plugin (which runs first) found it ([`SchematicInView`]): the divisions'
//! text while a schematic division is, else the plan areas' text while a schematic
//! functional area or plan item is, else nothing.

use std::cell::Cell;

use egui::{Align2, Color32, FontId, Pos2, Rect, Response, Shape, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::basemap::SchematicInView;
use super::plan::LegendRow;
use crate::theme::swatch::paint_legend_symbol;

/// Texts of the map furniture, in the interface language.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlayTexts {
    /// Attribution line, e.g. “© OpenStreetMap contributors · GeoNames”.
    pub attribution: String,
    /// The 示意 disclaimer shown while a schematic division is in view.
    pub disclaimer: String,
    /// “北” / “N”.
    pub north: String,
    /// Legend entries: divisions, functional areas, urban centre, towns, airports.
    pub legend: [String; 5],
    /// Legend rows of the visible plan layers (see [`super::plan::plan_legend`]),
    /// below the basemap's.
    pub plan_legend: Vec<LegendRow>,
    /// Draw the legend at all (the user can hide it).
    pub legend_visible: bool,
    /// In the window, “图例”: a click on the legend folds it into a small plate with this
    /// title, and a click on that plate unfolds it. `None` (images): no plate, no clicks.
    pub legend_title: Option<String>,
}

/// Map furniture: the legend (top left), the north arrow
/// (top right), the scale bar (bottom left), the attribution line (bottom right) and,
/// while schematic geometry is in view, the 示意 disclaimer above it.
pub struct OverlayPlugin<'a> {
    pub texts: OverlayTexts,
    /// The disclaimer while schematic plan or functional areas, but no schematic
    /// division, are in view (e.g. “示意图：规划区域范围为示意，…”).
    pub plan_areas_disclaimer: String,
    /// What is in view, set by a plugin that ran before this one on the same map
    /// ([`super::BasemapPlugin`]); left at its default, nothing is, and no disclaimer
    /// is drawn.
    pub schematic: &'a Cell<SchematicInView>,
    /// Receives the disclaimer drawn (`None` when none is).
    pub disclaimer_shown: &'a Cell<Option<String>>,
    /// Receives whether this frame's click landed on the legend (or its folded plate),
    /// which folds or unfolds it; such a click selects nothing under it. Clicks are
    /// only taken while this is `Some` (not while drawing annotations).
    pub legend_clicked: Option<&'a Cell<bool>>,
}

/// Where the furniture plugin keeps the legend plate it drew (in egui's temporary data),
/// for the basemap plugin, which runs before it, to take no hover under the legend.
pub(super) fn legend_plate_id(response: &Response) -> egui::Id {
    response.id.with("atlas-legend-plate")
}

/// The disclaimer for what is in view: `divisions` while a schematic division is,
/// else `plan_areas` while a schematic plan or functional area is, else none.
pub fn disclaimer_for<'t>(in_view: SchematicInView, divisions: &'t str, plan_areas: &'t str) -> Option<&'t str> {
    if in_view.divisions {
        Some(divisions)
    } else if in_view.plan_areas {
        Some(plan_areas)
    } else {
        None
    }
}

fn plate(painter: &egui::Painter, rect: Rect) {
    // Nearly opaque: labels under the legend must not read through its text.
    painter.rect_filled(rect, 4.0, Color32::from_white_alpha(240));
    painter.rect_stroke(
        rect,
        4.0,
        Stroke::new(0.5, Color32::from_gray(190)),
        egui::StrokeKind::Inside,
    );
}

impl Plugin for OverlayPlugin<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, response: &Response, projector: &Projector, _memory: &MapMemory) {
        let painter = ui.painter();
        let rect = projector.clip_rect();
        let text_color = Color32::from_rgb(0x33, 0x3a, 0x44);
        // Nothing marks the data box: beyond it the basemap draws Natural Earth land and
        // the sea, so the map fills its frame (no tint, no frame line).

        let legend_at = rect.left_top() + vec2(10.0, 10.0);
        let legend_plate = if self.texts.legend_visible {
            // Down to just above the scale bar (bottom left).
            let plate = paint_legend(
                painter,
                legend_at,
                rect.height() - 10.0 - 46.0,
                &self.texts.legend,
                &self.texts.plan_legend,
                text_color,
            );
            if self.texts.legend_title.is_some() {
                paint_chevron(painter, plate.right_top() + vec2(-10.0, 9.0), true, text_color);
            }
            Some(plate)
        } else {
            self.texts
                .legend_title
                .as_ref()
                .map(|title| paint_folded_legend(painter, legend_at, title, text_color))
        };
        ui.ctx().data_mut(|d| {
            d.insert_temp(legend_plate_id(response), legend_plate.unwrap_or(Rect::NOTHING));
        });
        if let (Some(clicked), Some(plate)) = (self.legend_clicked, legend_plate)
            && self.texts.legend_title.is_some()
        {
            let on_plate = |pos: Option<Pos2>| pos.is_some_and(|p| plate.contains(p));
            if on_plate(response.hover_pos()) {
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
            clicked.set(response.clicked() && on_plate(response.interact_pointer_pos()));
        }
        paint_north_arrow(
            painter,
            rect.right_top() + vec2(-10.0, 10.0),
            &self.texts.north,
            text_color,
        );

        // Attribution, bottom right; on a narrow map it wraps rather than run under the
        // scale bar (bottom left, at most ~150 pt wide).
        let small = FontId::proportional(12.0);
        let galley = painter.layout(
            self.texts.attribution.clone(),
            small.clone(),
            text_color,
            (rect.width() - 170.0).max(140.0),
        );
        let at = rect.right_bottom() - vec2(6.0, 4.0);
        let attribution_plate = Rect::from_min_max(at - galley.size() - vec2(6.0, 2.0), at + vec2(2.0, 2.0));
        plate(painter, attribution_plate);
        painter.galley(attribution_plate.min + vec2(4.0, 1.0), galley, text_color);

        // Scale bar, bottom left, measured at the map centre.
        let centre = projector.unproject(rect.center().to_vec2());
        let px_per_m = projector.scale_pixel_per_meter(centre);
        if px_per_m.is_finite() && px_per_m > 0.0 {
            let metres = nice_length_m(110.0 / px_per_m);
            let len_px = (metres * px_per_m as f64) as f32;
            let left = pos2(rect.left() + 18.0, rect.bottom() - 14.0);
            let right = left + vec2(len_px, 0.0);
            let label = if metres >= 1000.0 {
                format!("{} km", metres / 1000.0)
            } else {
                format!("{metres} m")
            };
            let bar_plate = Rect::from_min_max(left - vec2(8.0, 24.0), right + vec2(8.0, 6.0));
            plate(painter, bar_plate);
            let stroke = Stroke::new(2.0, text_color);
            painter.line_segment([left, right], stroke);
            painter.line_segment([left, left - vec2(0.0, 6.0)], stroke);
            painter.line_segment([right, right - vec2(0.0, 6.0)], stroke);
            painter.text(
                pos2((left.x + right.x) / 2.0, left.y - 8.0),
                Align2::CENTER_BOTTOM,
                label,
                small.clone(),
                text_color,
            );
        }

        // The 示意 disclaimer, right-aligned above the attribution, while schematic
        // geometry is in view.
        let disclaimer = disclaimer_for(
            self.schematic.get(),
            &self.texts.disclaimer,
            &self.plan_areas_disclaimer,
        );
        self.disclaimer_shown.set(disclaimer.map(str::to_string));
        let Some(disclaimer) = disclaimer else {
            return;
        };
        let galley = painter.layout(
            disclaimer.to_string(),
            small,
            text_color,
            (rect.width() * 0.6).max(160.0),
        );
        let bottom_right = pos2(rect.right() - 6.0, attribution_plate.top() - 4.0);
        let disclaimer_plate = Rect::from_min_max(bottom_right - galley.size() - vec2(8.0, 4.0), bottom_right);
        plate(painter, disclaimer_plate);
        painter.galley(disclaimer_plate.min + vec2(4.0, 2.0), galley, text_color);
    }
}

/// The legend: the basemap's entries (the same symbols and colours the basemap draws),
/// a rule, then the plan and imported layers' rows. Rows fill a column down to
/// `max_height` below `top_left` and continue in the next column, so a long legend on a
/// low map (a projector, presenter mode) neither runs off the map nor under the scale bar.
fn paint_legend(
    painter: &egui::Painter,
    top_left: Pos2,
    max_height: f32,
    entries: &[String; 5],
    plan_rows: &[LegendRow],
    text_color: Color32,
) -> Rect {
    use super::basemap::{DIVISION_LINE, FUNCTIONAL_LINE, division_fill};
    let font = FontId::proportional(12.0);
    let row = if plan_rows.is_empty() { 20.0 } else { 17.0 };
    let gap = if plan_rows.is_empty() { 0.0 } else { 6.0 };
    let column_width = entries
        .iter()
        .chain(plan_rows.iter().map(|r| &r.text))
        .map(|e| painter.layout_no_wrap(e.clone(), font.clone(), text_color).size().x)
        .fold(0.0, f32::max)
        + 44.0;
    let count = entries.len() + plan_rows.len();
    let (columns, per_column) = legend_columns(count, entries.len(), max_height - 8.0 - gap, row);
    let rows_drawn = count.min(per_column);
    let legend_plate = Rect::from_min_size(
        top_left,
        vec2(column_width * columns as f32, row * rows_drawn as f32 + 8.0 + gap),
    );
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
fn paint_folded_legend(painter: &egui::Painter, top_left: Pos2, title: &str, text_color: Color32) -> Rect {
    let galley = painter.layout_no_wrap(title.to_string(), FontId::proportional(12.0), text_color);
    let plate_rect = Rect::from_min_size(top_left, galley.size() + vec2(30.0, 8.0));
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
fn paint_chevron(painter: &egui::Painter, at: Pos2, up: bool, color: Color32) {
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

/// A north arrow whose plate has its top-right corner at `top_right`.
fn paint_north_arrow(painter: &egui::Painter, top_right: Pos2, label: &str, dark: Color32) {
    let arrow_plate = Rect::from_min_max(top_right + vec2(-34.0, 0.0), top_right + vec2(0.0, 54.0));
    plate(painter, arrow_plate);
    let centre = arrow_plate.center() + vec2(0.0, -6.0);
    let tip = centre + vec2(0.0, -16.0);
    let left = centre + vec2(-9.0, 12.0);
    let right = centre + vec2(9.0, 12.0);
    let notch = centre + vec2(0.0, 5.0);
    painter.add(Shape::convex_polygon(vec![tip, notch, left], dark, Stroke::NONE));
    painter.add(Shape::convex_polygon(
        vec![tip, right, notch],
        Color32::from_gray(170),
        Stroke::NONE,
    ));
    painter.text(
        centre + vec2(0.0, 21.0),
        Align2::CENTER_CENTER,
        label,
        FontId::proportional(11.0),
        dark,
    );
}

/// The largest 1-2-5 × 10^k length not above `max_m` metres (at least 1 m).
pub fn nice_length_m(max_m: f32) -> f64 {
    let max_m = f64::from(max_m).max(1.0);
    let magnitude = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|f| f * magnitude)
        .find(|&l| l <= max_m)
        .unwrap_or(magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disclaimer_names_divisions_first_then_plan_areas_and_is_absent_over_nothing_schematic() {
        let both = SchematicInView {
            divisions: true,
            plan_areas: true,
        };
        let plan_only = SchematicInView {
            divisions: false,
            plan_areas: true,
        };
        assert_eq!(disclaimer_for(both, "divisions", "plan"), Some("divisions"));
        assert_eq!(disclaimer_for(plan_only, "divisions", "plan"), Some("plan"));
        assert_eq!(disclaimer_for(SchematicInView::default(), "divisions", "plan"), None);
    }

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
    fn scale_bar_lengths_are_round() {
        assert_eq!(nice_length_m(13_000.0), 10_000.0);
        assert_eq!(nice_length_m(27_000.0), 20_000.0);
        assert_eq!(nice_length_m(60_000.0), 50_000.0);
        assert_eq!(nice_length_m(0.2), 1.0);
    }
}
