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
use super::legend_plate::{Corner, LegendFootprint, paint_chevron, paint_folded_legend, paint_legend};
use super::lod::{MercatorBox, ScreenFromMercator};
use super::plan::LegendRow;
use crate::model::LegendPlacement;

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
    /// The user unfolded the legend: the window shows it even when it covers more than
    /// a fifth of the map (otherwise it starts folded then).
    pub legend_pinned: bool,
    /// Where the legend goes (the window: top left).
    pub legend_placement: LegendPlacement,
    /// What an `Auto` legend must not cover: the highlighted features' boxes.
    pub legend_avoid: Vec<MercatorBox>,
    /// Draw the furniture (legend, north arrow, scale bar, attribution, disclaimer): true
    /// but in a print layout's map raster, whose page draws them as vector graphics.
    pub furniture: bool,
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
    /// Receives whether the legend was drawn open (not folded) this frame.
    pub legend_open: &'a Cell<bool>,
}

/// Where the window keeps the rects of what it lays over the map (the drawing tools), in
/// egui's temporary data, for the labels of the next frame to keep off.
pub fn covered_by_window_id() -> egui::Id {
    egui::Id::unique("atlas-map-covered-by-window")
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

pub(super) fn plate(painter: &egui::Painter, rect: Rect) {
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

        if !self.texts.furniture {
            // A print layout's raster: the page draws the furniture; it still learns
            // which disclaimer the view needs.
            let disclaimer = disclaimer_for(
                self.schematic.get(),
                &self.texts.disclaimer,
                &self.plan_areas_disclaimer,
            );
            self.disclaimer_shown.set(disclaimer.map(str::to_string));
            self.legend_open.set(false);
            return;
        }

        // The legend, where `LegendFootprint` puts it (the basemap plugin, which ran
        // first, kept its labels off the same place).
        let to_screen = ScreenFromMercator::from_projector(projector);
        let footprint = LegendFootprint::new(painter, &self.texts, rect, &to_screen);
        let (corner, open) = (footprint.corner, footprint.open);
        self.legend_open.set(open && corner.is_some());
        let window = self.texts.legend_title.is_some();
        let legend_plate = match (corner.filter(|_| open), footprint.plate) {
            (Some(_), Some(plate)) => {
                let plate = paint_legend(
                    painter,
                    plate.min,
                    &footprint.layout,
                    &self.texts.legend,
                    &self.texts.plan_legend,
                    text_color,
                );
                if window {
                    paint_chevron(painter, plate.right_top() + vec2(-10.0, 9.0), true, text_color);
                }
                Some(plate)
            }
            _ => self
                .texts
                .legend_title
                .as_ref()
                .map(|title| paint_folded_legend(painter, rect.left_top() + vec2(10.0, 10.0), title, text_color)),
        };
        if let (Some(clicked), Some(plate)) = (self.legend_clicked, legend_plate)
            && self.texts.legend_title.is_some()
        {
            let on_plate = |pos: Option<Pos2>| pos.is_some_and(|p| plate.contains(p));
            if on_plate(response.hover_pos()) {
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
            clicked.set(response.clicked() && on_plate(response.interact_pointer_pos()));
        }
        // The north arrow takes the top corner the legend leaves.
        let arrow_top_right = match (corner, open) {
            (Some(Corner::Right), true) => rect.left_top() + vec2(44.0, 10.0),
            _ => rect.right_top() + vec2(-10.0, 10.0),
        };
        paint_north_arrow(painter, arrow_top_right, &self.texts.north, text_color);

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
    fn scale_bar_lengths_are_round() {
        assert_eq!(nice_length_m(13_000.0), 10_000.0);
        assert_eq!(nice_length_m(27_000.0), 20_000.0);
        assert_eq!(nice_length_m(60_000.0), 50_000.0);
        assert_eq!(nice_length_m(0.2), 1.0);
    }
}
