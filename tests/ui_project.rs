//! The project in the window, driven through egui_kittest: importing GeoJSON, undo,
//! saving and opening, the unsaved-changes question, autosave recovery and export.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use std::path::PathBuf;

use common::{harness_with, plan, temp_dir};
use dalian_atlas::action::{Action, DocAction, ExportScope, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::io::project::{save_project, write_autosave};
use dalian_atlas::model::annotation::{Annotation, AnnotationKind};
use dalian_atlas::model::project::Project;
use dalian_atlas::state::AppState;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const SITES: &str = r##"{"type":"FeatureCollection","name":"sites","features":[
 {"type":"Feature","properties":{"title":"拟建站点","owner":"规划处","marker-color":"#e31a1c"},"geometry":{"type":"Point","coordinates":[121.61,38.91]}},
 {"type":"Feature","properties":{"title":"走廊"},"geometry":{"type":"LineString","coordinates":[[121.5,38.9],[121.7,39.0]]}}]}"##;

fn harness() -> Harness<'static, AtlasApp> {
    let state = AppState {
        right_tab: RightTab::Layers,
        ..AppState::default()
    };
    harness_with(AtlasApp::with_state(plan(), state))
}

fn doc(harness: &mut Harness<'static, AtlasApp>, action: DocAction) {
    harness.state_mut().apply(Action::Document(action)).expect("applies");
    harness.run();
}

fn import(harness: &mut Harness<'static, AtlasApp>, path: PathBuf) {
    doc(harness, DocAction::ImportPath { path, gcj02: false });
    harness.state_mut().finish_import();
    harness.run();
}

#[test]
fn an_imported_file_becomes_a_layer_that_undo_takes_away_and_redo_brings_back() {
    let dir = temp_dir("import");
    let file = dir.join("sites.geojson");
    std::fs::write(&file, SITES).expect("fixture");
    let mut harness = harness();
    import(&mut harness, file);

    let app = harness.state();
    assert_eq!(app.document().project.user_layers.len(), 1);
    assert!(app.document().is_dirty());
    assert!(app.window_title().starts_with("未命名项目*"), "{}", app.window_title());
    assert!(harness.get_all_by_label_contains("sites（2 个要素）").next().is_some());
    let props = &app.document().project.user_layers[0].layer.features[0].properties;
    assert_eq!(
        props.get("owner").and_then(|v| v.as_str()),
        Some("规划处"),
        "unknown properties kept"
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        harness.state().document().project.user_layers.is_empty(),
        "Ctrl+Z undoes the import"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    harness.run();
    assert_eq!(
        harness.state().document().project.user_layers.len(),
        1,
        "Ctrl+Shift+Z redoes it"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_broken_file_changes_nothing_and_the_status_bar_says_which_file_and_why() {
    let dir = temp_dir("broken");
    let good = dir.join("sites.geojson");
    std::fs::write(&good, SITES).expect("fixture");
    let bad = dir.join("broken.geojson");
    std::fs::write(&bad, "{\"type\": \"FeatureCollection\", \"features\": [").expect("fixture");
    let mut harness = harness();
    import(&mut harness, good);
    import(&mut harness, bad);
    let app = harness.state();
    assert_eq!(
        app.document().project.user_layers.len(),
        1,
        "the earlier layer is untouched"
    );
    let notice = app.state().notice.clone().expect("a message");
    assert!(notice.contains("broken.geojson"), "{notice}");
    assert!(harness.get_all_by_label_contains("broken.geojson").next().is_some());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_saved_project_reopens_with_its_layers_and_the_title_shows_the_file() {
    let dir = temp_dir("save");
    let file = dir.join("sites.geojson");
    std::fs::write(&file, SITES).expect("fixture");
    let project = dir.join("meeting.json");
    let mut harness = harness();
    import(&mut harness, file);
    doc(&mut harness, DocAction::SaveToPath(project.clone()));
    assert!(!harness.state().document().is_dirty());
    assert!(harness.state().window_title().starts_with("meeting.json — "));

    doc(&mut harness, DocAction::New);
    assert!(harness.state().document().project.user_layers.is_empty());
    doc(&mut harness, DocAction::OpenPath(project));
    let app = harness.state();
    assert_eq!(app.document().project.user_layers.len(), 1);
    assert!(!app.document().is_dirty(), "opening is not a change");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn quitting_with_unsaved_changes_asks_first_and_cancel_keeps_the_window() {
    let dir = temp_dir("quit");
    let file = dir.join("sites.geojson");
    std::fs::write(&file, SITES).expect("fixture");
    let mut harness = harness();
    import(&mut harness, file);
    harness.state_mut().apply(Action::Quit).expect("quit");
    harness.run();
    harness.run();
    harness.get_by_label("未保存的更改");
    harness.get_by_label("取消").click();
    harness.run();
    assert!(harness.query_by_label("未保存的更改").is_none());
    harness.step();
    assert!(!asked_to_close(&harness), "cancel keeps the window");
    assert_eq!(harness.state().document().project.user_layers.len(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn quitting_without_unsaved_changes_closes_the_window_at_once() {
    let mut harness = harness();
    harness.step();
    assert!(!asked_to_close(&harness));
    harness.state_mut().apply(Action::Quit).expect("quit");
    harness.step();
    assert!(asked_to_close(&harness), "nothing to save: the window closes");
    assert!(harness.query_by_label("未保存的更改").is_none());
}

/// Whether the last frame asked the window to close.
fn asked_to_close(harness: &Harness<'static, AtlasApp>) -> bool {
    harness
        .output()
        .viewport_output
        .values()
        .any(|v| v.commands.iter().any(|c| matches!(c, egui::ViewportCommand::Close)))
}

/// The autosave a killed session leaves in `dir`: a never-saved project with one point.
fn autosave_untitled_work(dir: &std::path::Path) {
    let mut project = Project::default();
    project.annotations.push(
        Annotation::new(1, AnnotationKind::Point, vec![[121.6, 38.9]])
            .expect("a point")
            .with_title("拟建站点"),
    );
    write_autosave(dir, &project, None).expect("autosave");
}

#[test]
fn work_autosaved_by_a_killed_session_is_offered_and_restored_at_the_next_start() {
    let dir = temp_dir("recover");
    autosave_untitled_work(&dir);

    let app = AtlasApp::with_state(plan(), AppState::default()).with_data_dir(Some(dir.clone()));
    let mut harness = harness_with(app);
    harness.get_by_label("恢复未保存的工作");
    harness.get_by_label("恢复").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.document().project.annotations.len(), 1);
    assert!(app.document().is_dirty(), "restored work is not saved yet");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn exporting_visible_layers_writes_one_geojson_with_plan_features_and_imported_ones() {
    let dir = temp_dir("export");
    let file = dir.join("sites.geojson");
    std::fs::write(&file, SITES).expect("fixture");
    let out = dir.join("for-gis.geojson");
    let mut harness = harness();
    import(&mut harness, file);
    doc(
        &mut harness,
        DocAction::ExportToPath(ExportScope::VisibleLayers, out.clone()),
    );
    let text = std::fs::read_to_string(&out).expect("written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["name"], "for-gis");
    let features = json["features"].as_array().expect("features");
    assert!(features.iter().any(|f| f["properties"]["owner"] == "规划处"));
    assert!(features.iter().any(|f| f["properties"]["id"] == "uni.dlut"));
    assert!(json.get("crs").is_none());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_project_opened_at_start_keeps_the_earlier_autosave_until_the_user_answers() {
    let dir = temp_dir("recover-open");
    autosave_untitled_work(&dir);
    let deck = dir.join("deck.json");
    save_project(&deck, &Project::default()).expect("saved");

    // As `dalian-atlas --project deck.json` starts: data dir first, then the project.
    let app = AtlasApp::with_state(plan(), AppState::default()).with_data_dir(Some(dir.clone()));
    let mut harness = harness_with(app);
    doc(&mut harness, DocAction::OpenPath(deck.clone()));
    harness.get_by_label("恢复未保存的工作");
    harness.get_by_label("原文件：未命名项目（从未保存）");
    harness.get_by_label_contains(&format!("替换现在打开的 {}", deck.display()));
    assert!(
        std::fs::read_dir(&dir).expect("list").any(|e| e
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .starts_with("autosave")),
        "the autosave is kept while the question is open"
    );
    harness.get_by_label("恢复").click();
    harness.run();
    assert_eq!(harness.state().document().project.annotations.len(), 1);
    let _ = std::fs::remove_dir_all(dir);
}
