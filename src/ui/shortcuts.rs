//! The window's side of the shortcut table ([`crate::shortcuts`]): the handlers that
//! turn the table's project, panel and show keys into actions, and 帮助 → 快捷键, which
//! lists the table in the interface's language.

pub use crate::shortcuts::*;

use crate::action::{Action, DocAction, PanelId, PresentAction};
use crate::i18n::{self, Lang, PresenterKey, StartupKey};
use crate::model::Tool;

/// What `command` asks of the project.
pub fn doc_action(command: DocCommand) -> DocAction {
    match command {
        DocCommand::New => DocAction::New,
        DocCommand::Open => DocAction::Open,
        DocCommand::Save => DocAction::Save,
        DocCommand::SaveAs => DocAction::SaveAs,
        DocCommand::Undo => DocAction::Undo,
        DocCommand::Redo => DocAction::Redo,
        DocCommand::PresentFromStart => DocAction::Present(PresentAction::Start(0)),
        DocCommand::PresentFromCurrent => DocAction::Present(PresentAction::StartFromCurrent),
    }
}

/// What `command` asks of the show.
pub fn present_action(command: ShowCommand) -> PresentAction {
    match command {
        ShowCommand::Next => PresentAction::Next,
        ShowCommand::Prev => PresentAction::Prev,
        ShowCommand::First => PresentAction::First,
        ShowCommand::Last => PresentAction::Last,
        ShowCommand::Exit => PresentAction::Exit,
        ShowCommand::ToggleBlack => PresentAction::ToggleBlack,
        ShowCommand::ToggleTheme => PresentAction::ToggleTheme,
        ShowCommand::ToggleLegend => PresentAction::ToggleLegend,
        ShowCommand::ToggleNotes => PresentAction::ToggleNotes,
    }
}

/// The panel key's command of `panel` (F2, F3), if it has one.
pub fn panel_command(panel: PanelId) -> Option<Command> {
    match panel {
        PanelId::Plan => Some(Command::TogglePlanPanel),
        PanelId::Targets => Some(Command::ToggleRightPanel),
        _ => None,
    }
}

/// The project key or show key pressed this frame (Ctrl+N/O/S, Ctrl+Shift+S, Ctrl+Z,
/// Ctrl+Shift+Z, Ctrl+Y, F5, Shift+F5 …), consumed, as an action. Not while a text
/// field has the keyboard: there Ctrl+Z undoes typing.
pub fn document_shortcuts(ctx: &egui::Context) -> Option<Action> {
    if ctx.egui_wants_keyboard_input() {
        return None;
    }
    ctx.input_mut(|i| {
        SHORTCUTS.iter().find_map(|s| match s.command {
            Command::Doc(d) if s.context == Context::Global && i.consume_shortcut(&s.shortcut()) => {
                Some(Action::Document(doc_action(d)))
            }
            _ => None,
        })
    })
}

/// The panel whose key (F2, F3) was pressed this frame, as [`Action::TogglePanel`] (the
/// key is consumed). Works while a text field has focus too: F2 and F3 type nothing.
pub fn panel_shortcuts(ctx: &egui::Context) -> Option<Action> {
    ctx.input_mut(|i| {
        SHORTCUTS.iter().find_map(|s| {
            let panel = match s.command {
                Command::TogglePlanPanel => PanelId::Plan,
                Command::ToggleRightPanel => PanelId::Targets,
                _ => return None,
            };
            i.consume_shortcut(&s.shortcut()).then_some(Action::TogglePanel(panel))
        })
    })
}

/// The presenter keys pressed this frame, one action per press (six quick presses of →
/// within one frame are six `Next`, key repeats included), consumed so that the map and
/// the panels do not also act on them (arrows would pan the map). Actions come grouped
/// by key in table order, not in the order pressed. Nothing while a text field has focus.
pub fn presenter_keys(ctx: &egui::Context) -> Vec<PresentAction> {
    if ctx.egui_wants_keyboard_input() {
        return Vec::new();
    }
    ctx.input_mut(|i| {
        SHORTCUTS
            .iter()
            .filter(|s| s.context == Context::Presenter)
            .flat_map(|s| {
                let presses = i.count_and_consume_key(s.modifiers, s.key);
                let action = match s.command {
                    Command::Show(p) => Some(present_action(p)),
                    _ => None,
                };
                std::iter::repeat_n(action, presses).flatten()
            })
            .collect()
    })
}

/// Where a key works, in the list.
pub fn context_name(lang: Lang, context: Context) -> &'static str {
    i18n::tr(
        lang,
        i18n::Key::Startup(match context {
            Context::Global => StartupKey::ContextGlobal,
            Context::Map => StartupKey::ContextMap,
            Context::Presenter => StartupKey::ContextPresenter,
            Context::TextField => StartupKey::ContextTextField,
        }),
    )
}

/// What `command` does, in the list.
pub fn description(lang: Lang, command: Command) -> &'static str {
    use StartupKey as S;
    use i18n::Key as K;
    let key = match command {
        Command::Doc(d) => match d {
            DocCommand::New => K::NewProject,
            DocCommand::Open => K::OpenProject,
            DocCommand::Save => K::SaveProject,
            DocCommand::SaveAs => K::SaveProjectAs,
            DocCommand::Undo => K::Undo,
            DocCommand::Redo => K::Redo,
            DocCommand::PresentFromStart => K::Presenter(PresenterKey::FromStart),
            DocCommand::PresentFromCurrent => K::Presenter(PresenterKey::FromCurrent),
        },
        Command::TogglePlanPanel => K::Startup(S::TogglePlanPanel),
        Command::ToggleRightPanel => K::Startup(S::ToggleRightPanel),
        Command::Tool(t) => K::Startup(match t {
            Tool::Select => S::ToolSelect,
            Tool::Point => S::ToolPoint,
            Tool::Line => S::ToolLine,
            Tool::Polygon => S::ToolPolygon,
            Tool::Text => S::ToolText,
            Tool::Measure => S::ToolMeasure,
        }),
        Command::SketchCancel => K::Startup(S::SketchCancel),
        Command::SketchFinish => K::Startup(S::SketchFinish),
        Command::SketchDelete => K::Startup(S::SketchDelete),
        Command::SketchBackspace => K::Startup(S::SketchBackspace),
        Command::Show(p) => K::Startup(match p {
            ShowCommand::Next => S::ShowNext,
            ShowCommand::Prev => S::ShowPrev,
            ShowCommand::First => S::ShowFirst,
            ShowCommand::Last => S::ShowLast,
            ShowCommand::Exit => S::ShowExit,
            ShowCommand::ToggleBlack => S::ShowBlack,
            ShowCommand::ToggleTheme => S::ShowTheme,
            ShowCommand::ToggleLegend => S::ShowLegend,
            ShowCommand::ToggleNotes => S::ShowNotes,
        }),
        Command::SearchNext => K::Startup(S::SearchNext),
        Command::SearchPrev => K::Startup(S::SearchPrev),
        Command::TextConfirm => K::Startup(S::TextConfirm),
        Command::TextCancel => K::Startup(S::TextCancel),
    };
    i18n::tr(lang, key)
}

/// One row of the list: where, the keys (“→ / ↓ / PageDown”) and what they do. A
/// command's keys share a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub context: Context,
    pub keys: String,
    pub does: &'static str,
}

/// The list's rows in table order, one per (context, command).
pub fn rows(lang: Lang) -> Vec<Row> {
    let mut seen: Vec<(Context, Command)> = Vec::new();
    let mut out = Vec::new();
    for s in SHORTCUTS {
        if seen.contains(&(s.context, s.command)) {
            continue;
        }
        seen.push((s.context, s.command));
        let keys: Vec<String> = SHORTCUTS
            .iter()
            .filter(|o| o.context == s.context && o.command == s.command)
            .map(Shortcut::text)
            .collect();
        out.push(Row {
            context: s.context,
            keys: keys.join(" / "),
            does: description(lang, s.command),
        });
    }
    out
}

/// The width of the list's key column in every group, so that the groups line up.
const KEY_COLUMN_WIDTH: f32 = 150.0;

/// 帮助 → 快捷键 while `open`: the table, grouped by where the keys work. Closing it
/// returns [`Action::ShowShortcuts`]`(false)`.
pub fn shortcuts_ui(ctx: &egui::Context, lang: Lang, open: bool) -> Option<Action> {
    if !open {
        return None;
    }
    let t = |key| i18n::tr(lang, i18n::Key::Startup(key));
    let mut still_open = true;
    egui::Window::new(t(StartupKey::Shortcuts))
        .open(&mut still_open)
        .default_size([460.0, 520.0])
        .collapsible(false)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                let rows = rows(lang);
                for context in Context::ALL {
                    ui.add_space(4.0);
                    ui.label(egui::RichText::new(context_name(lang, context)).strong());
                    egui::Grid::new(("shortcuts", context as u8))
                        .striped(true)
                        .num_columns(2)
                        .min_col_width(KEY_COLUMN_WIDTH)
                        .show(ui, |ui| {
                            for row in rows.iter().filter(|r| r.context == context) {
                                ui.label(egui::RichText::new(&row.keys).monospace());
                                ui.label(row.does);
                                ui.end_row();
                            }
                        });
                }
            });
        });
    (!still_open).then_some(Action::ShowShortcuts(false))
}
