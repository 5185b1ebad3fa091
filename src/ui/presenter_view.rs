//! The presenter view (issue 16): what only the presenter sees during a show — the
//! current scene's notes (备注), the next scene's title, the time since the show began
//! and the clock, with buttons to step. The app shows it in a window of its own (a
//! native window where the platform has them, so it can sit on the laptop's screen while
//! the show is full screen on the projector; an egui window over the map otherwise).

use egui::{Button, RichText, ScrollArea, Ui};

use super::presenter::presenter_title;
use crate::action::PresentAction;
use crate::i18n::{Key, Lang, PresenterKey, tr};
use crate::model::Scene;

/// What the presenter view shows.
#[derive(Clone, Copy, Debug)]
pub struct PresenterViewData<'a> {
    pub lang: Lang,
    pub scenes: &'a [Scene],
    /// The scene on the projector (index into `scenes`).
    pub index: usize,
    /// Seconds since the show began.
    pub elapsed_s: u64,
    /// The wall clock as `HH:MM` in the computer's time zone; `None` when the time zone
    /// cannot be read (the view then shows only the elapsed time).
    pub clock: Option<&'a str>,
}

/// `m:ss` below an hour, `h:mm:ss` from then on.
pub fn elapsed_text(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The presenter view's contents; returns the step the presenter clicked.
pub fn presenter_view_ui(ui: &mut Ui, data: PresenterViewData) -> Option<PresentAction> {
    let lang = data.lang;
    let t = |k: PresenterKey| tr(lang, Key::Presenter(k));
    let mut action = None;
    let scene = data.scenes.get(data.index)?;
    let count = data.scenes.len();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("{} / {count}", data.index + 1))
                .size(20.0)
                .strong(),
        );
        ui.label(
            RichText::new(presenter_title(lang, &scene.title, data.index))
                .size(20.0)
                .strong(),
        );
    });
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{} {}", t(PresenterKey::Elapsed), elapsed_text(data.elapsed_s))).size(18.0));
        if let Some(clock) = data.clock {
            ui.add_space(16.0);
            ui.label(RichText::new(format!("{} {clock}", t(PresenterKey::Clock))).size(18.0));
        }
    });
    ui.separator();
    ui.label(RichText::new(t(PresenterKey::Notes)).strong());
    let notes_height = (ui.available_height() - 110.0).max(60.0);
    ScrollArea::vertical()
        .id_salt("presenter-notes")
        .max_height(notes_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if scene.notes.trim().is_empty() {
                ui.label(RichText::new(t(PresenterKey::NoNotes)).weak().size(17.0));
            } else {
                ui.label(RichText::new(scene.notes.trim()).size(19.0));
            }
        });
    ui.separator();
    let next = match data.scenes.get(data.index + 1) {
        Some(s) => format!(
            "{}{}",
            t(PresenterKey::Next),
            presenter_title(lang, &s.title, data.index + 1)
        ),
        None => t(PresenterKey::LastScene).to_string(),
    };
    ui.label(RichText::new(next).size(17.0));
    ui.horizontal(|ui| {
        if ui
            .add_enabled(data.index > 0, Button::new(t(PresenterKey::Previous)))
            .clicked()
        {
            action = Some(PresentAction::Prev);
        }
        if ui
            .add_enabled(data.index + 1 < count, Button::new(t(PresenterKey::NextButton)))
            .clicked()
        {
            action = Some(PresentAction::Next);
        }
        if ui.button(t(PresenterKey::Black)).clicked() {
            action = Some(PresentAction::ToggleBlack);
        }
        if ui.button(t(PresenterKey::End)).clicked() {
            action = Some(PresentAction::Exit);
        }
    });
    ui.label(RichText::new(t(PresenterKey::Hint)).small().weak());
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_time_reads_as_minutes_and_seconds_then_hours() {
        assert_eq!(elapsed_text(0), "0:00");
        assert_eq!(elapsed_text(75), "1:15");
        assert_eq!(elapsed_text(3600 + 62), "1:01:02");
    }
}
