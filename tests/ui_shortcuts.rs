#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! One table of keyboard shortcuts (issue 18, point 11): the handlers recognise every key
//! of the table, no handler reads a key outside it, and 帮助 → 快捷键 lists its rows.

mod common;

use common::{harness_with, plan};
use dalian_atlas::action::{Action, PanelId, PresentAction};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::i18n::Lang;
use dalian_atlas::map::annotations::AnnotationInput;
use dalian_atlas::state::AppState;
use dalian_atlas::ui::shortcuts::{
    Command, Context, SHORTCUTS, Shortcut, context_name, doc_action, document_shortcuts, panel_shortcuts,
    present_action, presenter_keys, pressed, rows, tool_shortcut_pressed,
};
use egui::{Event, RawInput};
use egui_kittest::kittest::Queryable;

/// Runs one frame of a bare context in which `s`'s key is pressed, and returns what
/// `read` makes of it.
fn with_key<T>(s: &Shortcut, mut read: impl FnMut(&egui::Context) -> T) -> T {
    let ctx = egui::Context::default();
    let input = RawInput {
        events: vec![
            Event::ModifiersChanged(s.modifiers),
            Event::Key {
                key: s.key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: s.modifiers,
            },
        ],
        ..RawInput::default()
    };
    let mut out = None;
    let mut output = ctx.run_ui(input, |ui| out = Some(read(ui.ctx())));
    output.textures_delta.clear();
    out.expect("the frame ran")
}

#[test]
fn every_key_of_the_table_triggers_its_command_in_its_handler() {
    for s in SHORTCUTS {
        let what = format!("{} ({:?}, {:?})", s.text(), s.context, s.command);
        match (s.context, s.command) {
            (Context::Global, Command::Doc(d)) => {
                let got = with_key(s, document_shortcuts);
                assert_eq!(got, Some(Action::Document(doc_action(d))), "{what}");
            }
            (Context::Global, Command::TogglePlanPanel) => {
                let got = with_key(s, panel_shortcuts);
                assert_eq!(got, Some(Action::TogglePanel(PanelId::Plan)), "{what}");
            }
            (Context::Global, Command::ToggleRightPanel) => {
                let got = with_key(s, panel_shortcuts);
                assert_eq!(got, Some(Action::TogglePanel(PanelId::Targets)), "{what}");
            }
            (Context::Map, Command::Tool(t)) => {
                assert_eq!(with_key(s, tool_shortcut_pressed), Some(t), "{what}");
            }
            (Context::Map, c) => {
                let input = AnnotationInput::key(s.key, None);
                let field = match c {
                    Command::SketchCancel => input.escape,
                    Command::SketchFinish => input.enter,
                    Command::SketchDelete => input.delete,
                    Command::SketchBackspace => input.backspace,
                    other => panic!("{other:?} is not a map command"),
                };
                assert!(field, "{what}");
                assert!(with_key(s, |ctx| ctx.input(|i| pressed(i, c))), "{what}");
            }
            (Context::Presenter, Command::Show(p)) => {
                let got: Vec<PresentAction> = with_key(s, presenter_keys);
                assert_eq!(got, vec![present_action(p)], "{what}");
            }
            (Context::TextField, c) => {
                assert!(with_key(s, |ctx| ctx.input(|i| pressed(i, c))), "{what}");
            }
            (context, command) => panic!("{command:?} has no handler in {context:?}"),
        }
    }
}

#[test]
fn a_longer_combination_comes_before_the_same_key_with_fewer_modifiers() {
    for (i, a) in SHORTCUTS.iter().enumerate() {
        for b in &SHORTCUTS[i + 1..] {
            if a.context == b.context && a.key == b.key && a.command != b.command {
                let count = |m: egui::Modifiers| [m.shift, m.command || m.ctrl, m.alt].iter().filter(|x| **x).count();
                assert!(
                    count(a.modifiers) >= count(b.modifiers),
                    "{} comes after {} and would never be read",
                    b.text(),
                    a.text()
                );
            }
        }
    }
}

/// Source files of the window, except the table and its handlers.
fn handler_sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("ui/shortcuts.rs")
                && !path.ends_with("src/shortcuts.rs")
            {
                let text = std::fs::read_to_string(&path).expect("readable");
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

#[test]
fn no_handler_reads_a_key_outside_the_table() {
    let readers = [
        "key_pressed(",
        "key_released(",
        "key_down(",
        "consume_key(",
        "consume_shortcut(",
        "count_and_consume_key(",
        "KeyboardShortcut::new(",
    ];
    let sources = handler_sources();
    assert!(sources.len() > 100, "the sources are read");
    for (path, text) in sources {
        // Test modules feed keys; the rule is about the window's code.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for reader in readers {
            assert!(
                !code.contains(reader),
                "{path} reads keys itself ({reader}…): add the key to src/ui/shortcuts.rs and look it up there"
            );
        }
    }
}

#[test]
fn help_shortcuts_lists_every_row_of_the_table_in_both_languages() {
    for (lang, help, item) in [(Lang::Zh, "帮助", "快捷键"), (Lang::En, "Help", "Keyboard shortcuts")] {
        let state = AppState {
            lang,
            ..AppState::default()
        };
        let mut harness = harness_with(AtlasApp::with_state(plan(), state));
        harness.get_by_label(help).click();
        harness.run();
        harness.get_by_label(item).click();
        harness.run();
        assert!(harness.state().state().shortcuts_open, "{item} opens the window");
        let rows = rows(lang);
        assert!(rows.len() >= 30, "{} rows", rows.len());
        for context in Context::ALL {
            harness.get_by_label(context_name(lang, context));
        }
        for row in &rows {
            let same_text = rows.iter().filter(|r| r.does == row.does).count();
            assert_eq!(
                harness.query_all_by_label(row.does).count(),
                same_text,
                "“{}” is listed once per row",
                row.does
            );
            let same_keys = rows.iter().filter(|r| r.keys == row.keys).count();
            assert!(
                harness.query_all_by_label(&row.keys).count() >= same_keys,
                "the keys “{}” are listed",
                row.keys
            );
        }
        // Every key of the table is in a row.
        for s in SHORTCUTS {
            assert!(
                rows.iter()
                    .any(|r| r.context == s.context && r.keys.split(" / ").any(|k| k == s.text())),
                "{} is listed",
                s.text()
            );
        }
    }
}
