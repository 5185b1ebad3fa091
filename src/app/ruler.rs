//! The ruler's readout over the map (issue 18, point 8): the measure tool's points, with
//! the pointer's position while measuring, read by [`crate::ui::ruler::ruler_readout_ui`].

use super::AtlasApp;
use crate::action::Action;
use crate::map::annotations::{GeoScreen, Tool};

impl AtlasApp {
    /// While the measure tool is in use: its readout in the map's lower left corner
    /// (above the scale bar). Returns what the user asked for and the readout's rect (for
    /// the map's labels to keep off).
    pub(super) fn ruler_readout_ui(
        &self,
        ctx: &egui::Context,
        map_rect: egui::Rect,
        screen: Option<&GeoScreen>,
    ) -> Option<(Option<Action>, egui::Rect)> {
        if self.tool != Tool::Measure || self.presenting.is_some() {
            return None;
        }
        let sketch = &self.sketch;
        let mut live = sketch.placed.clone();
        if sketch.measured.is_none()
            && !live.is_empty()
            && let (Some(p), Some(screen)) = (sketch.pointer, screen)
        {
            live.push(screen.lon_lat(egui::Pos2::from(p)));
        }
        let lang = self.state.lang;
        let area = egui::Area::new(egui::Id::unique("ruler-readout"))
            .order(egui::Order::Middle)
            .fixed_pos(map_rect.left_bottom() + egui::vec2(10.0, -44.0))
            .pivot(egui::Align2::LEFT_BOTTOM)
            .show(ctx, |ui| {
                crate::ui::ruler::ruler_readout_ui(ui, lang, &live, &sketch.placed, sketch.measured)
            });
        Some((area.inner, area.response.rect))
    }
}
