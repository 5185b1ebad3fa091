#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The in-app file dialog (issue 18, point 2), forced as when no native dialog can open:
//! 文件 → 打开项目… shows it; a project chosen in it opens; a save writes where chosen;
//! cancel does nothing; the filter hides other files; the next dialog starts in the
//! folder last used. And the rule for the folder a dialog starts in.

mod common;

use std::path::{Path, PathBuf};

use common::{plan, temp_dir};
use dalian_atlas::action::{Action, DocAction, ExportScope};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::app::file_dialog::{Backend, start_folder};
use dalian_atlas::io::project::save_project;
use dalian_atlas::model::project::Project;
use dalian_atlas::state::AppState;
use dalian_atlas::theme::{install_fonts, install_style};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};

/// The window with the in-app dialog forced, its dialogs starting in `last`.
fn harness(last: Option<&Path>) -> Harness<'static, AtlasApp> {
    let state = AppState {
        last_folder: last.map(Path::to_path_buf),
        ..AppState::default()
    };
    let mut app = AtlasApp::with_state(plan(), state);
    app.set_file_dialog_backend(Backend::Builtin);
    // As `common::harness_with`, but egui_file's icons (📂 💾 🗀 🗋 ⬆ ⟲) have no glyph in
    // the bundled fonts and are drawn as boxes, and its two text fields (folder, file
    // name) carry no accessible name: both allowed here.
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_max_steps(12)
        .with_theme(egui::Theme::Light)
        .allow_missing_glyphs()
        .with_accessibility_check(false)
        .with_context_setup(|ctx| {
            install_fonts(ctx);
            install_style(ctx);
        })
        .build_ui_state(|ui, app: &mut AtlasApp| app.run_frame(ui), app);
    harness.run();
    harness
}

/// A folder with a project `name` and a file the project filter must hide.
fn folder_with_project(test: &str, name: &str) -> (PathBuf, PathBuf) {
    let dir = temp_dir(test);
    let project = dir.join(name);
    save_project(&project, &Project::default()).expect("saved");
    std::fs::write(dir.join("notes.txt"), "not a project").expect("fixture");
    (dir, project)
}

fn open_project_from_menu(harness: &mut Harness<'static, AtlasApp>) {
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label_contains("打开项目…").click();
    harness.run();
}

/// The dialog's folder field, showing `folder`.
fn path_field<'h>(harness: &'h Harness<'static, AtlasApp>, folder: &'h str) -> egui_kittest::Node<'h> {
    harness.get(By::new().role(egui::accesskit::Role::TextInput).value(folder))
}

fn click(harness: &mut Harness<'static, AtlasApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

#[test]
fn open_project_shows_the_in_app_dialog_whose_filter_hides_other_files_and_the_file_clicked_opens() {
    let (dir, project) = folder_with_project("dialog-open", "规划.json");
    let mut harness = harness(Some(&dir));
    open_project_from_menu(&mut harness);

    assert!(harness.state().file_dialog_open());
    assert!(
        harness.query_by_label_contains("打开文件").is_some(),
        "the dialog's title, in Chinese"
    );
    assert!(harness.query_by_label("notes.txt").is_none());
    assert!(
        harness.query_by_label_contains("notes.txt").is_none(),
        "the filter hides other files"
    );
    click(&mut harness, "🗋 规划.json");
    click(&mut harness, "打开");

    assert!(!harness.state().file_dialog_open());
    assert_eq!(harness.state().document().path.as_deref(), Some(project.as_path()));
    assert_eq!(harness.state().state().last_folder.as_deref(), Some(dir.as_path()));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn cancelling_the_in_app_dialog_opens_nothing() {
    let (dir, _) = folder_with_project("dialog-cancel", "a.json");
    let mut harness = harness(Some(&dir));
    open_project_from_menu(&mut harness);
    click(&mut harness, "🗋 a.json");
    click(&mut harness, "取消");

    assert!(!harness.state().file_dialog_open());
    assert_eq!(harness.state().document().path, None);
    assert!(
        harness.query_by_label_contains("a.json").is_none(),
        "the dialog is gone"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn save_as_in_the_in_app_dialog_writes_the_project_where_chosen() {
    let dir = temp_dir("dialog-save");
    let mut harness = harness(Some(&dir));
    harness
        .state_mut()
        .apply(Action::Document(DocAction::SaveAs))
        .expect("applies");
    harness.run();
    assert!(harness.query_by_label_contains("保存文件").is_some());
    click(&mut harness, "保存");

    let written = dir.join("dalian-atlas-project.json");
    assert!(written.is_file(), "written under the suggested name");
    assert_eq!(harness.state().document().path.as_deref(), Some(written.as_path()));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_folder_typed_in_the_dialog_is_where_the_next_dialog_starts() {
    let (first, _) = folder_with_project("dialog-first", "first.json");
    let (second, project) = folder_with_project("dialog-second", "second.json");
    let mut harness = harness(Some(&first));
    open_project_from_menu(&mut harness);
    assert!(harness.query_by_label("🗋 first.json").is_some());

    let first_text = first.display().to_string();
    path_field(&harness, &first_text).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    path_field(&harness, &first_text).type_text(&second.display().to_string());
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    click(&mut harness, "🗋 second.json");
    click(&mut harness, "打开");
    assert_eq!(harness.state().document().path.as_deref(), Some(project.as_path()));

    open_project_from_menu(&mut harness);
    assert!(
        harness.query_by_label("🗋 second.json").is_some(),
        "starts in the folder last used"
    );
    assert!(harness.query_by_label("🗋 first.json").is_none());
    let _ = std::fs::remove_dir_all(first);
    let _ = std::fs::remove_dir_all(second);
}

#[test]
fn a_dialog_starts_in_the_last_folder_else_documents_else_home_never_the_programs_folder() {
    let home = temp_dir("dialog-home");
    let documents = home.join("文档");
    std::fs::create_dir_all(&documents).expect("documents");
    let last = temp_dir("dialog-last");
    let user_dirs =
        "# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_DOCUMENTS_DIR=\"$HOME/文档\"\n";

    assert_eq!(start_folder(Some(&last), Some(&home), Some(user_dirs)), last);
    let gone = last.join("removed");
    assert_eq!(
        start_folder(Some(&gone), Some(&home), Some(user_dirs)),
        documents,
        "a removed folder is skipped"
    );
    assert_eq!(start_folder(None, Some(&home), Some(user_dirs)), documents);
    assert_eq!(start_folder(None, Some(&home), None), home, "no user-dirs.dirs: home");
    let missing = "XDG_DOCUMENTS_DIR=\"$HOME/Documents\"\n";
    assert_eq!(
        start_folder(None, Some(&home), Some(missing)),
        home,
        "Documents missing: home"
    );
    let program = std::env::current_dir().expect("cwd");
    assert_ne!(start_folder(None, None, None), program);
    assert_eq!(start_folder(None, None, None), PathBuf::from("/"));
    let _ = std::fs::remove_dir_all(home);
    let _ = std::fs::remove_dir_all(last);
}

#[test]
fn a_dialog_with_several_filters_offers_a_file_type_choice_that_narrows_the_list() {
    let dir = temp_dir("dialog-types");
    for name in ["a.geojson", "b.kml", "c.txt"] {
        std::fs::write(dir.join(name), "{}").expect("fixture");
    }
    let mut harness = harness(Some(&dir));
    harness
        .state_mut()
        .apply(Action::Document(DocAction::Export(ExportScope::VisibleLayers)))
        .expect("applies");
    harness.run();
    assert!(
        harness.query_by_label("🗋 a.geojson").is_some(),
        "all supported types at first"
    );
    assert!(harness.query_by_label("🗋 b.kml").is_some());
    assert!(harness.query_by_label("🗋 c.txt").is_none());

    harness.get_by_value("全部支持的类型").click();
    harness.run();
    click(&mut harness, "KML (*.kml)");
    assert!(harness.query_by_label("🗋 b.kml").is_some());
    assert!(harness.query_by_label("🗋 a.geojson").is_none(), "only KML files now");
    assert!(harness.state().file_dialog_open());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn in_the_english_interface_the_in_app_dialog_speaks_english() {
    let (dir, _) = folder_with_project("dialog-english", "plan.json");
    let mut harness = harness(Some(&dir));
    harness
        .state_mut()
        .apply(Action::SetLanguage(dalian_atlas::i18n::Lang::En))
        .expect("applies");
    harness
        .state_mut()
        .apply(Action::Document(DocAction::Open))
        .expect("applies");
    harness.run();
    assert!(harness.query_by_label_contains("Open file").is_some());
    assert!(harness.query_by_label("Cancel").is_some());
    assert!(harness.query_by_label("取消").is_none());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_variable_forces_a_dialog_else_the_native_one_is_used_only_when_it_can_open() {
    assert_eq!(Backend::decide(Some("builtin"), || true), Backend::Builtin);
    assert_eq!(Backend::decide(Some("native"), || false), Backend::Native);
    assert_eq!(Backend::decide(None, || true), Backend::Native);
    let without = if cfg!(any(target_os = "windows", target_os = "macos")) {
        Backend::Native
    } else {
        Backend::Builtin
    };
    assert_eq!(Backend::decide(None, || false), without, "no zenity, kdialog or portal");
    assert_eq!(
        Backend::decide(Some("other"), || false),
        without,
        "an unknown value is ignored"
    );
}

#[test]
fn the_folder_last_used_is_kept_with_the_settings_and_older_settings_have_none() {
    let state = AppState {
        last_folder: Some(PathBuf::from("/data/规划")),
        ..AppState::default()
    };
    let text = serde_json::to_string(&state).expect("serialises");
    let back: AppState = serde_json::from_str(&text).expect("reads back");
    assert_eq!(back.last_folder, Some(PathBuf::from("/data/规划")));
    let older: AppState = serde_json::from_str(r#"{"lang":"Zh"}"#).expect("older settings read");
    assert_eq!(older.last_folder, None);
}
