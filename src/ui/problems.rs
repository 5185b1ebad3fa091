//! The problems window (issue 18, point 3): the latest problem, with a heading in the
//! interface language, a Chinese lead above an English message in the Chinese
//! interface, the message itself unchanged, 复制详情 and 关闭.

use egui::{Align2, Context, RichText};

use crate::action::Action;
use crate::i18n::help::Problem;
use crate::i18n::{HelpKey, Key, Lang, tr};

/// The problems window at the top centre while `problem` is set; 关闭 returns
/// [`Action::DismissProblem`], 复制详情 puts [`Problem::full_text`] on the clipboard.
pub fn problems_ui(ctx: &Context, lang: Lang, problem: Option<&Problem>) -> Option<Action> {
    let problem = problem?;
    let mut action = None;
    let copied_id = egui::Id::unique("problems-copied");
    egui::Window::new(RichText::new(&problem.heading).strong())
        .id(egui::Id::unique("problems-window"))
        .anchor(Align2::CENTER_TOP, [0.0, 40.0])
        .collapsible(false)
        .resizable(false)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.set_max_width(560.0);
            if let Some(lead) = &problem.lead {
                ui.label(RichText::new(lead).strong());
                ui.add_space(4.0);
            }
            egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                ui.add(egui::Label::new(RichText::new(&problem.details).monospace()).wrap());
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button(tr(lang, Key::Help(HelpKey::CopyDetails))).clicked() {
                    ctx.copy_text(problem.full_text());
                    ctx.data_mut(|d| d.insert_temp(copied_id, true));
                }
                if ui.button(tr(lang, Key::Help(HelpKey::Close))).clicked() {
                    ctx.data_mut(|d| d.remove::<bool>(copied_id));
                    action = Some(Action::DismissProblem);
                }
                if ctx.data(|d| d.get_temp::<bool>(copied_id)).unwrap_or(false) {
                    ui.label(RichText::new(tr(lang, Key::Help(HelpKey::Copied))).weak());
                }
            });
        });
    action
}
