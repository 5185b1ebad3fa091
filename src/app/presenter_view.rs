//! The presenter view's window during a show (issue 16): opened and closed with N (or
//! from its own close button), in a native window of its own where the platform has
//! them — the presenter drags it to the laptop's screen while the show stays full screen
//! on the projector — and as a window over the map where it has not (and in tests).

use std::time::Duration;

use super::AtlasApp;
use crate::action::{Action, DocAction, PresentAction};
use crate::i18n::{Key, PresenterKey, tr};
use crate::ui::presenter_view::{PresenterViewData, presenter_view_ui};

/// The presenter view's viewport.
fn viewport_id() -> egui::ViewportId {
    egui::ViewportId::from_hash_of("presenter-view")
}

/// The wall clock as `HH:MM` in the computer's time zone (`None` when it cannot be read).
fn clock_text() -> Option<String> {
    let zone = jiff::tz::TimeZone::try_system().ok()?;
    Some(
        jiff::Timestamp::now()
            .to_zoned_datetime(zone)
            .strftime("%H:%M")
            .to_string(),
    )
}

impl AtlasApp {
    /// Shows the presenter view when presenter mode has it open; returns what the
    /// presenter asked for there (a step, or closing it).
    pub(super) fn presenter_view_frame(&self, ctx: &egui::Context) -> Vec<Action> {
        let Some(presenting) = self.presenting.filter(|p| p.notes) else {
            return Vec::new();
        };
        let lang = self.state.lang;
        let clock = clock_text();
        let data = PresenterViewData {
            lang,
            scenes: &self.document.project.scenes,
            index: self.current_scene.unwrap_or(0),
            elapsed_s: presenting.started.map_or(0, |t| t.elapsed().as_secs()),
            clock: clock.as_deref(),
        };
        let builder = egui::ViewportBuilder::default()
            .with_title(tr(lang, Key::Presenter(PresenterKey::ViewTitle)))
            .with_inner_size([560.0, 440.0])
            .with_min_inner_size([360.0, 280.0]);
        let asked = ctx.show_viewport_immediate(viewport_id(), builder, |ui, class| {
            let mut asked: Vec<PresentAction> = crate::ui::presenter::presenter_keys(ui.ctx());
            let close = ui.ctx().input(|i| i.viewport().close_requested());
            if class == egui::ViewportClass::EmbeddedWindow {
                asked.extend(presenter_view_ui(ui, data));
            } else {
                egui::CentralPanel::default().show(ui, |ui| {
                    asked.extend(presenter_view_ui(ui, data));
                });
            }
            if close {
                asked.push(PresentAction::ToggleNotes);
            }
            asked
        });
        // The timer and the clock move on.
        ctx.request_repaint_after(Duration::from_secs(1));
        asked
            .into_iter()
            .map(|p| Action::Document(DocAction::Present(p)))
            .collect()
    }
}
