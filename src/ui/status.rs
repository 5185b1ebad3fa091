//! The status bar: the element shown, the search hit k/n, the tile source's loading or
//! failure, notices and attribution.

use egui::{Align, Layout, RichText, Ui};

use crate::action::Action;
use crate::i18n::{Key, tr};
use crate::plan::Plan;
use crate::state::AppState;

/// Status bar contents; `division` describes the division selected on the map. A running
/// import shows its progress and a cancel button.
pub fn status_bar_ui(
    ui: &mut Ui,
    plan: &Plan,
    state: &AppState,
    division: Option<&str>,
    doc: &super::document::DocInfo,
) -> Option<Action> {
    let lang = state.lang;
    let mut action = None;
    ui.horizontal(|ui| {
        if doc.import.is_some() {
            action = super::document::import_progress_ui(ui, lang, doc);
            ui.separator();
        }
        if let Some(progress) = doc.image_export {
            if let Some(a) = super::image_export::image_export_progress_ui(ui, lang, progress) {
                action = Some(a);
            }
            ui.separator();
        }
        if let Some(progress) = doc.print_export {
            if let Some(a) = super::print::print_progress_ui(ui, lang, progress) {
                action = Some(a);
            }
            ui.separator();
        }
        let shown = state
            .shown
            .as_deref()
            .and_then(|id| plan.title_of(id))
            .unwrap_or_else(|| tr(lang, Key::Nothing).to_string());
        ui.label(RichText::new(format!("{}：{shown}", tr(lang, Key::Shown))).small());
        if !state.search_query.trim().is_empty() {
            ui.separator();
            let n = state.hits.len();
            let k = state.hit_index.map_or(0, |k| k + 1);
            ui.label(
                RichText::new(format!(
                    "{} “{}” {k}/{n}",
                    tr(lang, Key::Hit),
                    state.search_query.trim()
                ))
                .small(),
            );
        }
        if let Some(division) = division {
            ui.separator();
            ui.label(RichText::new(format!("{}：{division}", tr(lang, Key::SelectedDivision))).small());
        }
        if let Some(text) = super::tile_status_text(lang, &state.tile_status) {
            ui.separator();
            let color = match state.tile_status {
                crate::tile_source::TileStatus::Loading(_) => ui.visuals().weak_text_color(),
                _ => ui.visuals().warn_fg_color,
            };
            ui.label(RichText::new(text).small().color(color));
        }
        if let Some(notice) = &state.notice {
            ui.separator();
            let color = if state.notice_is_news {
                egui::Color32::from_rgb(0x2e, 0x7d, 0x32)
            } else {
                ui.visuals().warn_fg_color
            };
            // A short line; the whole message is in the problems window and on hover.
            // While that window is open the line is its heading, in the interface
            // language (the message itself may be the reader's English).
            let short = match (&state.problem, state.notice_is_news) {
                (Some(p), false) => p.heading.clone(),
                _ => short_line(notice),
            };
            let label = ui.label(RichText::new(&short).small().color(color));
            if short != *notice {
                label.on_hover_text(notice);
            }
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.label(RichText::new(tr(lang, Key::Attribution)).small().weak());
        });
    });
    action
}

/// The first line of `text`, cut to 80 characters with “…” (the status bar is one line).
fn short_line(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    let mut out: String = first.chars().take(80).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}
