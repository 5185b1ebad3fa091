//! The right panel: table 表1 and every quantitative target of the plan, as
//! baselines (基线) and goals (目标).

use egui::text::{LayoutJob, TextFormat};
use egui::{Button, Color32, FontId, RichText, ScrollArea, Ui};

use super::merge;
use super::style::{ACCENT, kind_badge};
use crate::action::Action;
use crate::i18n::{Key, tr};
use crate::plan::{Plan, Target};
use crate::state::AppState;

/// The text of a target's list entry: `label  value unit · year ≈ · source`.
/// It is also the entry's accessible label.
pub fn target_job(target: &Target, text_color: Color32, weak_color: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    let normal = TextFormat {
        font_id: FontId::proportional(14.0),
        color: text_color,
        ..TextFormat::default()
    };
    let value = TextFormat {
        font_id: FontId::proportional(14.0),
        color: ACCENT,
        ..TextFormat::default()
    };
    let small = TextFormat {
        font_id: FontId::proportional(11.0),
        color: weak_color,
        ..TextFormat::default()
    };
    job.append(&target.label, 0.0, normal);
    let unit = if target.value_text.ends_with(&target.unit) {
        ""
    } else {
        target.unit.as_str()
    };
    job.append(&format!("{}{}", target.value_text, unit), 8.0, value.clone());
    if target.approximate {
        job.append("≈", 4.0, value);
    }
    let year = target.year.map(|y| format!(" · {y}")).unwrap_or_default();
    job.append(&format!("{year} · {}", target.paragraph), 6.0, small);
    job
}

/// The list of targets, baselines first, then goals. Clicking one selects it.
pub fn target_list_ui(ui: &mut Ui, plan: &Plan, state: &AppState) -> Option<Action> {
    let mut action = None;
    let lang = state.lang;
    let (text_color, weak_color) = (ui.visuals().text_color(), ui.visuals().weak_text_color());
    for (heading, goals) in [(Key::Baseline, false), (Key::Goals, true)] {
        let targets: Vec<&Target> = plan.targets.iter().filter(|t| t.kind.is_goal() == goals).collect();
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!("{} ({})", tr(lang, heading), targets.len()))
                .strong()
                .color(ACCENT),
        );
        for t in targets {
            ui.horizontal(|ui| {
                let (badge, fill) = kind_badge(lang, t.kind);
                let badge_width = if lang == crate::i18n::Lang::En { 52.0 } else { 26.0 };
                super::style::badge(ui, badge, fill, badge_width);
                let selected = state.selected_target.as_deref() == Some(t.id.as_str());
                let response = ui.add(Button::selectable(selected, target_job(t, text_color, weak_color)).wrap());
                let response = response.on_hover_text(&t.clause);
                if response.clicked() {
                    action = Some(Action::SelectTarget(t.id.clone()));
                }
                if selected && state.reveal_in_outline {
                    response.scroll_to_me(None);
                }
            });
        }
    }
    action
}

/// The whole right panel: title, table 表1, then the target list (scrolling).
pub fn targets_panel_ui(ui: &mut Ui, plan: &Plan, state: &AppState) -> Option<Action> {
    let mut action = None;
    ui.add_space(4.0);
    ui.heading(tr(state.lang, Key::TargetsPanel));
    ui.separator();
    ScrollArea::vertical()
        .id_salt("targets")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(table) = plan.tables.first() {
                ui.label(RichText::new(plan.title_of(&table.id).unwrap_or_default()).strong());
                merge(&mut action, super::table_grid_ui(ui, plan, state, table));
                ui.separator();
            }
            merge(&mut action, target_list_ui(ui, plan, state));
        });
    action
}
