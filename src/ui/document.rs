//! The project's part of the window: the 文件 and 编辑 menu entries, the import progress
//! bar, the imported layers in the layers tab, and the two questions the project asks
//! (“save the changes?”, “restore the autosave?”). Each function returns what the user
//! asked for; the app does the file work.

use egui::{Button, ProgressBar, RichText, Ui};

use crate::action::{Action, DocAction, ExportScope, UnsavedAnswer};
use crate::i18n::{Key, Lang, tr};

/// What the project's widgets show, gathered by the app each frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocInfo {
    pub dirty: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    /// (file name, fraction done) of a running import.
    pub import: Option<(String, f32)>,
    /// (name, visible, feature count) of each user layer, bottom first.
    pub user_layers: Vec<(String, bool, usize)>,
    /// Asking “save the changes?”.
    pub unsaved_prompt: bool,
    /// Offering to restore an autosave: (when it was saved, the original file).
    pub recovery: Option<(String, Option<String>)>,
}

fn doc(action: DocAction) -> Option<Action> {
    Some(Action::Document(action))
}

fn shortcut_button(ui: &mut Ui, text: &str, shortcut: &str, enabled: bool) -> bool {
    ui.add_enabled(enabled, Button::new(text).shortcut_text(shortcut))
        .clicked()
}

/// The project entries of the 文件 menu.
pub fn file_menu_ui(ui: &mut Ui, lang: Lang, info: &DocInfo) -> Option<Action> {
    let mut action = None;
    if shortcut_button(ui, tr(lang, Key::NewProject), "Ctrl+N", true) {
        action = doc(DocAction::New);
    }
    if shortcut_button(ui, tr(lang, Key::OpenProject), "Ctrl+O", true) {
        action = doc(DocAction::Open);
    }
    if shortcut_button(ui, tr(lang, Key::SaveProject), "Ctrl+S", true) {
        action = doc(DocAction::Save);
    }
    if shortcut_button(ui, tr(lang, Key::SaveProjectAs), "Ctrl+Shift+S", true) {
        action = doc(DocAction::SaveAs);
    }
    ui.separator();
    let importing = info.import.is_some();
    if ui
        .add_enabled(!importing, Button::new(tr(lang, Key::ImportGeoJson)))
        .clicked()
    {
        action = doc(DocAction::Import { gcj02: false });
    }
    if ui
        .add_enabled(!importing, Button::new(tr(lang, Key::ImportGeoJsonGcj)))
        .clicked()
    {
        action = doc(DocAction::Import { gcj02: true });
    }
    ui.menu_button(tr(lang, Key::ExportMenu), |ui| {
        for (scope, key) in [
            (ExportScope::Annotations, Key::ExportAnnotations),
            (ExportScope::VisibleLayers, Key::ExportVisible),
            (ExportScope::Selection, Key::ExportSelection),
        ] {
            if ui.button(tr(lang, key)).clicked() {
                action = doc(DocAction::Export(scope));
            }
        }
    });
    action
}

/// The 编辑 menu.
pub fn edit_menu_ui(ui: &mut Ui, lang: Lang, info: &DocInfo) -> Option<Action> {
    let mut action = None;
    if shortcut_button(ui, tr(lang, Key::Undo), "Ctrl+Z", info.can_undo) {
        action = doc(DocAction::Undo);
    }
    if shortcut_button(ui, tr(lang, Key::Redo), "Ctrl+Shift+Z", info.can_redo) {
        action = doc(DocAction::Redo);
    }
    action
}

/// The keyboard shortcuts of the project (Ctrl+N/O/S, Ctrl+Shift+S, Ctrl+Z, Ctrl+Shift+Z,
/// Ctrl+Y). Not while a text field has the keyboard: there Ctrl+Z undoes typing.
pub fn document_shortcuts(ctx: &egui::Context) -> Option<Action> {
    use egui::{Key as K, KeyboardShortcut, Modifiers};
    if ctx.egui_wants_keyboard_input() {
        return None;
    }
    let cmd = Modifiers::COMMAND;
    let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
    // Longer combinations first: Ctrl+Shift+S must not be read as Ctrl+S.
    let table = [
        (KeyboardShortcut::new(cmd_shift, K::S), DocAction::SaveAs),
        (KeyboardShortcut::new(cmd_shift, K::Z), DocAction::Redo),
        (KeyboardShortcut::new(cmd, K::Y), DocAction::Redo),
        (KeyboardShortcut::new(cmd, K::Z), DocAction::Undo),
        (KeyboardShortcut::new(cmd, K::S), DocAction::Save),
        (KeyboardShortcut::new(cmd, K::O), DocAction::Open),
        (KeyboardShortcut::new(cmd, K::N), DocAction::New),
    ];
    ctx.input_mut(|i| {
        table
            .into_iter()
            .find(|(shortcut, _)| i.consume_shortcut(shortcut))
            .map(|(_, a)| Action::Document(a))
    })
}

/// The running import in the status bar: file, progress and a cancel button.
pub fn import_progress_ui(ui: &mut Ui, lang: Lang, info: &DocInfo) -> Option<Action> {
    let (file, fraction) = info.import.as_ref()?;
    let mut action = None;
    ui.label(RichText::new(format!("{} {file}", tr(lang, Key::Importing))).small());
    ui.add(ProgressBar::new(*fraction).desired_width(160.0).show_percentage());
    if ui.small_button(tr(lang, Key::CancelButton)).clicked() {
        action = doc(DocAction::CancelImport);
    }
    action
}

/// The imported layers, top first, in the layers tab: visibility and removal.
pub fn user_layers_ui(ui: &mut Ui, lang: Lang, info: &DocInfo) -> Option<Action> {
    if info.user_layers.is_empty() {
        return None;
    }
    let mut action = None;
    ui.label(
        RichText::new(tr(lang, Key::UserLayers))
            .strong()
            .color(super::style::ACCENT),
    );
    for (index, (name, visible, count)) in info.user_layers.iter().enumerate().rev() {
        ui.horizontal(|ui| {
            let mut on = *visible;
            let text = format!("{name}（{count} {}）", tr(lang, Key::FeaturesInLayer));
            if ui.checkbox(&mut on, text).changed() {
                action = doc(DocAction::SetUserLayerVisible(index, on));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button(tr(lang, Key::RemoveLayer)).clicked() {
                    action = doc(DocAction::RemoveUserLayer(index));
                }
            });
        });
    }
    ui.separator();
    action
}

/// “Save the changes?” (before closing, a new project or opening another).
pub fn unsaved_dialog_ui(ctx: &egui::Context, lang: Lang, info: &DocInfo) -> Option<Action> {
    if !info.unsaved_prompt {
        return None;
    }
    let mut action = None;
    egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
        ui.heading(tr(lang, Key::UnsavedTitle));
        ui.label(tr(lang, Key::UnsavedQuestion));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            for (answer, key) in [
                (UnsavedAnswer::Save, Key::SaveButton),
                (UnsavedAnswer::Discard, Key::DontSave),
                (UnsavedAnswer::Cancel, Key::CancelButton),
            ] {
                if ui.button(tr(lang, key)).clicked() {
                    action = doc(DocAction::Unsaved(answer));
                }
            }
        });
    });
    action
}

/// “Restore the autosave?” at start-up after a crash or kill.
pub fn recovery_dialog_ui(ctx: &egui::Context, lang: Lang, info: &DocInfo) -> Option<Action> {
    let (when, original) = info.recovery.as_ref()?;
    let mut action = None;
    egui::Modal::new(egui::Id::unique("recover-autosave")).show(ctx, |ui| {
        ui.heading(tr(lang, Key::RecoverTitle));
        ui.label(tr(lang, Key::RecoverQuestion));
        ui.label(RichText::new(format!("{}：{when}", tr(lang, Key::AutosavedAt))).small());
        if let Some(file) = original {
            ui.label(RichText::new(format!("{}：{file}", tr(lang, Key::OriginalFile))).small());
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr(lang, Key::RecoverButton)).clicked() {
                action = doc(DocAction::Recover(true));
            }
            if ui.button(tr(lang, Key::DiscardButton)).clicked() {
                action = doc(DocAction::Recover(false));
            }
        });
    });
    action
}
