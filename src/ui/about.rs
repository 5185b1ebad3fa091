//! Help → About: name, version, plan document number, data and font licences.

use egui::{Context, RichText};

use crate::action::Action;
use crate::basemap::LayerAttribution;
use crate::i18n::{Key, tr};
use crate::plan::Plan;
use crate::state::AppState;

/// The About window, when `state.about_open`; `attributions` are the basemap files'.
pub fn about_ui(ctx: &Context, plan: &Plan, state: &AppState, attributions: &[LayerAttribution]) -> Option<Action> {
    if !state.about_open {
        return None;
    }
    let lang = state.lang;
    let mut action = None;
    egui::Window::new(tr(lang, Key::About))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(RichText::new("大连数字经济规划图集 — Dalian Atlas").heading());
            ui.label(format!("{} {}", tr(lang, Key::Version), env!("CARGO_PKG_VERSION")));
            ui.label(format!(
                "{}：{} {}",
                tr(lang, Key::DocumentNumber),
                plan.front.document_number,
                plan.front.attachment
            ));
            ui.label(&plan.front.title);
            ui.separator();
            ui.label(RichText::new(tr(lang, Key::LandData)).strong());
            for a in attributions {
                ui.label(RichText::new(format!("{}: {} — {}", a.file, a.attribution, a.license)).small());
            }
            ui.label(tr(lang, Key::FontLicence));
            ui.separator();
            if ui.button(tr(lang, Key::Close)).clicked() {
                action = Some(Action::ShowAbout(false));
            }
        });
    action
}
