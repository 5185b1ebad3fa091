//! Every keyboard shortcut of the window in one table (issue 18, point 11): the
//! handlers (project keys and panel keys in `ui::shortcuts`, map tools and drawing in
//! `map::annotations`, the show, the text fields) recognise their keys by looking them up
//! here, and 帮助 → 快捷键 (`ui::shortcuts`) lists this table — so the list is the keys the
//! code reads, and a key changed here changes both. Only egui and the model's tools: the
//! map reads it without reaching the panels.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::Tool;

/// Where a key works.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// Anywhere in the window, except while a text field has the keyboard (F2 and F3 also
    /// there: they type nothing).
    Global,
    /// On the map, while no text field has the keyboard: tools and drawing.
    Map,
    /// During a show (full screen), while no text field has the keyboard.
    Presenter,
    /// In a text field: the plan search, the text of a new 文字 label.
    TextField,
}

impl Context {
    pub const ALL: [Context; 4] = [Context::Global, Context::Map, Context::Presenter, Context::TextField];
}

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// A project command of the 文件 and 编辑 menus, or starting a show.
    Doc(DocCommand),
    /// Fold or unfold the plan panel (left) or the right panel.
    TogglePlanPanel,
    ToggleRightPanel,
    /// Pick a map tool.
    Tool(Tool),
    /// Drawing on the map: cancel (or deselect), finish a line or polygon, delete the
    /// hovered vertex or the selected annotation, take back the last vertex.
    SketchCancel,
    SketchFinish,
    SketchDelete,
    SketchBackspace,
    /// A request during a show.
    Show(ShowCommand),
    /// The plan search: the next or the previous hit.
    SearchNext,
    SearchPrev,
    /// The text of a new 文字 label: place it, or give up.
    TextConfirm,
    TextCancel,
}

/// The project commands that have keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocCommand {
    New,
    Open,
    Save,
    SaveAs,
    Undo,
    Redo,
    PresentFromStart,
    PresentFromCurrent,
}

/// The requests of a show that have keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShowCommand {
    Next,
    Prev,
    First,
    Last,
    Exit,
    ToggleBlack,
    ToggleTheme,
    ToggleLegend,
    ToggleNotes,
}

/// One key of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shortcut {
    pub context: Context,
    pub modifiers: Modifiers,
    pub key: Key,
    pub command: Command,
}

const fn k(context: Context, modifiers: Modifiers, key: Key, command: Command) -> Shortcut {
    Shortcut {
        context,
        modifiers,
        key,
        command,
    }
}

const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

/// Every key, grouped by where it works. Within a context a key with more modifiers
/// comes before the same key with fewer (egui reads Ctrl+Shift+S as Ctrl+S too).
pub const SHORTCUTS: &[Shortcut] = {
    use Command as C;
    use Context::*;
    use DocCommand as D;
    use ShowCommand as P;
    &[
        k(Global, CMD, Key::N, C::Doc(D::New)),
        k(Global, CMD, Key::O, C::Doc(D::Open)),
        k(Global, CMD_SHIFT, Key::S, C::Doc(D::SaveAs)),
        k(Global, CMD, Key::S, C::Doc(D::Save)),
        k(Global, CMD_SHIFT, Key::Z, C::Doc(D::Redo)),
        k(Global, CMD, Key::Z, C::Doc(D::Undo)),
        k(Global, CMD, Key::Y, C::Doc(D::Redo)),
        // PowerPoint's keys for a show: F5 from the start, Shift+F5 from the current slide.
        k(Global, SHIFT, Key::F5, C::Doc(D::PresentFromCurrent)),
        k(Global, NONE, Key::F5, C::Doc(D::PresentFromStart)),
        k(Global, NONE, Key::F2, C::TogglePlanPanel),
        k(Global, NONE, Key::F3, C::ToggleRightPanel),
        k(Map, NONE, Key::V, C::Tool(Tool::Select)),
        k(Map, NONE, Key::P, C::Tool(Tool::Point)),
        k(Map, NONE, Key::L, C::Tool(Tool::Line)),
        k(Map, NONE, Key::G, C::Tool(Tool::Polygon)),
        k(Map, NONE, Key::T, C::Tool(Tool::Text)),
        k(Map, NONE, Key::M, C::Tool(Tool::Measure)),
        k(Map, NONE, Key::Escape, C::SketchCancel),
        k(Map, NONE, Key::Enter, C::SketchFinish),
        k(Map, NONE, Key::Delete, C::SketchDelete),
        k(Map, NONE, Key::Backspace, C::SketchBackspace),
        // What presentation clickers send (PageDown/PageUp, sometimes B or `.` for black)
        // and what a keyboard user expects.
        k(Presenter, NONE, Key::ArrowRight, C::Show(P::Next)),
        k(Presenter, NONE, Key::ArrowDown, C::Show(P::Next)),
        k(Presenter, NONE, Key::PageDown, C::Show(P::Next)),
        k(Presenter, NONE, Key::Space, C::Show(P::Next)),
        k(Presenter, NONE, Key::Enter, C::Show(P::Next)),
        k(Presenter, NONE, Key::ArrowLeft, C::Show(P::Prev)),
        k(Presenter, NONE, Key::ArrowUp, C::Show(P::Prev)),
        k(Presenter, NONE, Key::PageUp, C::Show(P::Prev)),
        k(Presenter, NONE, Key::Home, C::Show(P::First)),
        k(Presenter, NONE, Key::End, C::Show(P::Last)),
        k(Presenter, NONE, Key::Escape, C::Show(P::Exit)),
        k(Presenter, NONE, Key::B, C::Show(P::ToggleBlack)),
        k(Presenter, NONE, Key::Period, C::Show(P::ToggleBlack)),
        k(Presenter, NONE, Key::D, C::Show(P::ToggleTheme)),
        k(Presenter, NONE, Key::L, C::Show(P::ToggleLegend)),
        k(Presenter, NONE, Key::N, C::Show(P::ToggleNotes)),
        k(TextField, SHIFT, Key::Enter, C::SearchPrev),
        k(TextField, NONE, Key::Enter, C::SearchNext),
        k(TextField, NONE, Key::Enter, C::TextConfirm),
        k(TextField, NONE, Key::Escape, C::TextCancel),
    ]
};

/// The keys of `command`, in table order.
pub fn keys_of(command: Command) -> impl Iterator<Item = &'static Shortcut> {
    SHORTCUTS.iter().filter(move |s| s.command == command)
}

/// The first key of `command` (the one menus show); `None` for a command without one.
pub fn key_of(command: Command) -> Option<&'static Shortcut> {
    keys_of(command).next()
}

/// Whether `key` is one of `command`'s keys.
pub fn is_key_of(key: Key, command: Command) -> bool {
    keys_of(command).any(|s| s.key == key)
}

/// Whether a key of `command` was pressed this frame, with its modifiers as egui's
/// `consume_key` compares them (an extra Shift still matches: ask for a longer
/// combination's command first). Does not consume the key.
pub fn pressed(input: &egui::InputState, command: Command) -> bool {
    keys_of(command).any(|s| {
        input.events.iter().any(|e| {
            matches!(e, egui::Event::Key { key, pressed: true, modifiers, .. }
                if *key == s.key && modifiers.matches_logically(s.modifiers))
        })
    })
}

/// The tool whose key was pressed this frame without Ctrl, Cmd or Alt; `None` while a
/// text field has keyboard focus (so typing “p” in a title does not switch tools).
pub fn tool_shortcut_pressed(ctx: &egui::Context) -> Option<Tool> {
    if ctx.egui_wants_keyboard_input() {
        return None;
    }
    ctx.input(|i| {
        if i.modifiers.command || i.modifiers.ctrl || i.modifiers.alt {
            return None;
        }
        Tool::ALL.into_iter().find(|t| pressed(i, Command::Tool(*t)))
    })
}

/// The tool a key picks.
pub fn tool_of_key(key: Key) -> Option<Tool> {
    Tool::ALL.into_iter().find(|t| is_key_of(key, Command::Tool(*t)))
}

impl Shortcut {
    /// The key as the list and the menus write it: “Ctrl+Shift+S”, “F5”, “→”.
    pub fn text(&self) -> String {
        self.shortcut().format(&egui::ModifierNames::NAMES, false)
    }

    /// `KeyboardShortcut` of this key, for `consume_shortcut`.
    pub fn shortcut(&self) -> KeyboardShortcut {
        KeyboardShortcut::new(self.modifiers, self.key)
    }
}

/// The menu's shortcut text of `command` (its first key), or "".
pub fn menu_text(command: Command) -> String {
    key_of(command).map(Shortcut::text).unwrap_or_default()
}
