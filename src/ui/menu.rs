//! The menu bar: 文件 / 视图 / 帮助 (File / View / Help).

use egui::{Button, Ui};

use super::shortcuts::{Command, DocCommand, menu_text};
use crate::action::{Action, DocAction, PanelId, PresentAction};
use crate::i18n::{Key, Lang, PresenterKey, tr};
use crate::state::AppState;

/// The 文件 menu's 评估 submenu (issue 15): import actual values, write the template,
/// open the example of public-report figures.
fn evaluation_menu_ui(ui: &mut Ui, lang: Lang) -> Option<Action> {
    use crate::action::DocAction;
    use crate::i18n::EvalKey;
    let mut action = None;
    ui.menu_button(tr(lang, Key::Eval(EvalKey::Menu)), |ui| {
        for (key, doc) in [
            (EvalKey::ImportActuals, DocAction::ImportActuals),
            (EvalKey::ExportTemplate, DocAction::ExportEvaluationTemplate),
            (EvalKey::ExportReport, DocAction::ExportEvaluationReport),
            (EvalKey::OpenExample, DocAction::OpenExampleEvaluation),
        ] {
            if ui.button(tr(lang, Key::Eval(key))).clicked() {
                action = Some(Action::Document(doc));
            }
        }
    });
    action
}

/// Menu bar contents (call inside `egui::MenuBar::ui`). “Quit” is reported as
/// [`Action::Quit`]; the app closes the window.
pub fn menu_bar_ui(ui: &mut Ui, state: &AppState, doc: &super::document::DocInfo) -> Option<Action> {
    let lang = state.lang;
    let mut action = None;
    ui.menu_button(tr(lang, Key::MenuFile), |ui| {
        super::merge(
            &mut action,
            super::document::file_menu_ui(ui, lang, doc, state.gpkg_srs),
        );
        super::merge(&mut action, recent_menu_ui(ui, state));
        ui.separator();
        if ui.button(tr(lang, Key::LoadOfficialBoundaries)).clicked() {
            action = Some(Action::PickOfficialBoundaries);
        }
        if state.official_boundaries.is_some() && ui.button(tr(lang, Key::ClearOfficialBoundaries)).clicked() {
            action = Some(Action::OfficialBoundariesChanged {
                path: None,
                choices: crate::state::BoundaryChoices::default(),
                message: String::new(),
            });
        }
        ui.separator();
        super::merge(&mut action, evaluation_menu_ui(ui, lang));
        ui.separator();
        if ui.button(tr(lang, Key::Quit)).clicked() {
            action = Some(Action::Quit);
        }
    });
    ui.menu_button(tr(lang, Key::MenuEdit), |ui| {
        super::merge(&mut action, super::document::edit_menu_ui(ui, lang, doc));
    });
    ui.menu_button(tr(lang, Key::MenuView), |ui| {
        for (panel, key) in [
            (PanelId::Plan, Key::PlanPanel),
            (PanelId::Targets, Key::Startup(crate::i18n::StartupKey::RightPanel)),
            (PanelId::StatusBar, Key::StatusBar),
            (PanelId::MapLegend, Key::MapLegend),
        ] {
            let on = state.panel_visible(panel);
            let shortcut = super::shortcuts::panel_command(panel)
                .map(menu_text)
                .unwrap_or_default();
            if ui
                .add(
                    Button::selectable(on, format!("{} {}", if on { "✓" } else { "  " }, tr(lang, key)))
                        .shortcut_text(shortcut),
                )
                .clicked()
            {
                action = Some(Action::TogglePanel(panel));
            }
        }
        ui.separator();
        let shows = doc.scene_count > 0;
        for (key, command, present) in [
            (
                PresenterKey::FromStart,
                DocCommand::PresentFromStart,
                PresentAction::Start(0),
            ),
            (
                PresenterKey::FromCurrent,
                DocCommand::PresentFromCurrent,
                PresentAction::StartFromCurrent,
            ),
        ] {
            let shortcut = menu_text(Command::Doc(command));
            if ui
                .add_enabled(
                    shows,
                    Button::new(tr(lang, Key::Presenter(key))).shortcut_text(shortcut),
                )
                .on_hover_text(tr(lang, Key::Presenter(PresenterKey::KeysHint)))
                .on_disabled_hover_text(tr(lang, Key::SceneNone))
                .clicked()
            {
                action = Some(Action::Document(DocAction::Present(present)));
            }
        }
        ui.separator();
        if ui.button(tr(lang, Key::ResetMap)).clicked() {
            action = Some(Action::ResetMapView);
        }
        if ui.button(tr(lang, Key::TileSourceMenu)).clicked() {
            action = Some(Action::ShowTileDialog(true));
        }
    });
    ui.menu_button(tr(lang, Key::MenuHelp), |ui| {
        if ui.button(tr(lang, Key::Help(crate::i18n::HelpKey::Guide))).clicked() {
            action = Some(Action::ShowGuide(true));
        }
        if ui
            .button(tr(lang, Key::Startup(crate::i18n::StartupKey::Shortcuts)))
            .clicked()
        {
            action = Some(Action::ShowShortcuts(true));
        }
        if ui.button(tr(lang, Key::About)).clicked() {
            action = Some(Action::ShowAbout(true));
        }
    });
    ui.separator();
    // The language toggle stays on the bar so it is one click away.
    for (l, text) in [(Lang::Zh, "中文"), (Lang::En, "English")] {
        if ui.add(Button::selectable(lang == l, text)).clicked() && lang != l {
            action = Some(Action::SetLanguage(l));
        }
    }
    action
}

/// 文件 → 最近的项目: the recent projects, most recent first; a missing file is greyed
/// and says so on hover. A click opens the project. Below them, the setting
/// 启动时打开上次的项目 ([`Action::SetReopenLastProject`]).
fn recent_menu_ui(ui: &mut egui::Ui, state: &AppState) -> Option<Action> {
    use crate::i18n::{HelpKey, StartupKey};
    let lang = state.lang;
    let recent = &state.recent_projects;
    let mut action = None;
    ui.menu_button(tr(lang, Key::Help(HelpKey::RecentProjects)), |ui| {
        if recent.is_empty() {
            ui.label(tr(lang, Key::Help(HelpKey::RecentNone)));
        }
        for path in recent {
            let exists = path.exists();
            let text = path.display().to_string();
            let button = ui.add_enabled(exists, Button::new(text));
            let button = if exists {
                button
            } else {
                button.on_disabled_hover_text(tr(lang, Key::Help(HelpKey::RecentMissing)))
            };
            if button.clicked() {
                action = Some(Action::Document(crate::action::DocAction::OpenPath(path.clone())));
            }
        }
        ui.separator();
        let mut on = state.reopen_last_project;
        if ui
            .checkbox(&mut on, tr(lang, Key::Startup(StartupKey::ReopenLast)))
            .on_hover_text(tr(lang, Key::Startup(StartupKey::ReopenLastHint)))
            .changed()
        {
            action = Some(Action::SetReopenLastProject(on));
        }
    });
    action
}
