#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Reopening the last project at start (issue 18, point 11): the setting in 文件 → 最近的项目,
//! persisted with the app's state; a missing file is a notice, a broken one a problem;
//! files on the command line win.

mod common;

use std::path::{Path, PathBuf};

use common::{harness_with, plan, temp_dir};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::io::project::save_project;
use dalian_atlas::model::annotation::{Annotation, AnnotationKind};
use dalian_atlas::model::project::Project;
use dalian_atlas::state::AppState;
use egui_kittest::kittest::Queryable;

/// A project with one point annotation titled `title`, saved at `path`.
fn saved_project(path: &Path, title: &str) {
    let mut project = Project::default();
    let mut point = Annotation::new(1, AnnotationKind::Point, vec![[121.6, 38.9]]).expect("a point");
    point.title = title.to_string();
    project.annotations.push(point);
    save_project(path, &project).expect("saved");
}

/// The app as the window starts it: the persisted `state` (read back from its saved
/// form, as eframe's storage does), a data folder of its own, then the start-up files.
fn start(dir: &Path, state: &AppState, project: Option<PathBuf>, imports: Vec<PathBuf>) -> AtlasApp {
    let text = serde_json::to_string(state).expect("the state is saved");
    let restored: AppState = serde_json::from_str(&text).expect("and read back");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("data folder");
    let mut app = AtlasApp::with_state(plan(), restored).with_data_dir(Some(data));
    app.open_at_start(project, imports, false);
    app
}

fn state_with(recent: Vec<PathBuf>, reopen: bool) -> AppState {
    AppState {
        recent_projects: recent,
        reopen_last_project: reopen,
        ..AppState::default()
    }
}

fn titles(app: &AtlasApp) -> Vec<String> {
    app.document()
        .project
        .annotations
        .iter()
        .map(|a| a.title.clone())
        .collect()
}

#[test]
fn the_last_project_is_reopened_at_start_only_when_the_setting_is_on() {
    let dir = temp_dir("reopen-on");
    let (last, older) = (dir.join("last.json"), dir.join("older.json"));
    saved_project(&last, "上次");
    saved_project(&older, "更早");
    let on = start(&dir, &state_with(vec![last.clone(), older.clone()], true), None, vec![]);
    assert_eq!(on.document().path.as_deref(), Some(last.as_path()));
    assert_eq!(titles(&on), ["上次"]);
    assert!(on.state().problem.is_none());

    let off = start(&dir, &state_with(vec![last.clone(), older], false), None, vec![]);
    assert_eq!(off.document().path, None, "off: the atlas starts empty");
    assert!(titles(&off).is_empty());
    assert!(!AppState::default().reopen_last_project, "off by default");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_project_named_on_the_command_line_wins_over_the_last_one() {
    let dir = temp_dir("reopen-cli");
    let (last, named) = (dir.join("last.json"), dir.join("named.json"));
    saved_project(&last, "上次");
    saved_project(&named, "命令行");
    let app = start(&dir, &state_with(vec![last.clone()], true), Some(named.clone()), vec![]);
    assert_eq!(app.document().path.as_deref(), Some(named.as_path()));
    assert_eq!(titles(&app), ["命令行"]);

    // A file to import names a file too: the last project is not opened under it.
    let layer = dir.join("layer.geojson");
    std::fs::write(&layer, r#"{"type":"Point","coordinates":[121.6,38.9]}"#).expect("fixture");
    let mut app = start(&dir, &state_with(vec![last], true), None, vec![layer]);
    app.finish_import();
    assert_eq!(app.document().path, None);
    assert!(titles(&app).is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_last_project_that_is_gone_is_a_notice_and_a_broken_one_a_problem() {
    let dir = temp_dir("reopen-missing");
    let gone = dir.join("gone.json");
    let app = start(&dir, &state_with(vec![gone.clone()], true), None, vec![]);
    assert_eq!(app.document().path, None);
    assert!(app.state().problem.is_none(), "no error window for a file that is gone");
    let notice = app.state().notice.clone().expect("the status bar says so");
    assert!(
        notice.contains("上次的项目已不存在") && notice.contains(&gone.display().to_string()),
        "{notice}"
    );

    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{ not a project").expect("fixture");
    let app = start(&dir, &state_with(vec![broken.clone()], true), None, vec![]);
    assert_eq!(app.document().path, None, "the atlas starts empty");
    let problem = app.state().problem.clone().expect("the usual problems window");
    assert!(problem.full_text().contains("broken.json"), "{}", problem.full_text());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_setting_is_a_checkbox_under_recent_projects_and_is_kept_with_the_state() {
    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label("最近的项目").hover();
    harness.run();
    harness.get_by_label("启动时打开上次的项目").click();
    harness.run();
    let state = harness.state().state().clone();
    assert!(state.reopen_last_project, "the click turns it on");
    let back: AppState = serde_json::from_str(&serde_json::to_string(&state).expect("saved")).expect("read back");
    assert!(back.reopen_last_project, "persisted");
    // A state saved before the setting existed reads as off.
    let old: AppState = serde_json::from_str(r#"{"lang":"Zh"}"#).expect("an older state");
    assert!(!old.reopen_last_project);
}
