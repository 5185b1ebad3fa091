#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The problems window and the status bar's current facts (issue 18, point 3), driven
//! through egui_kittest: a broken import in Chinese and in English, 复制详情 and 关闭,
//! “已保存” going once the project changes again.

mod common;

use std::path::PathBuf;

use common::{harness_with, plan, temp_dir};
use dalian_atlas::action::{Action, DocAction};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::i18n::Lang;
use dalian_atlas::model::annotation::{Annotation, AnnotationKind};
use dalian_atlas::state::AppState;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// A FeatureCollection whose second feature has a point with one coordinate.
const BROKEN: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121.6,38.9]}},
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121.6]}}]}"#;

fn harness(lang: Lang) -> Harness<'static, AtlasApp> {
    let state = AppState {
        lang,
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

fn broken_file(name: &str) -> (PathBuf, PathBuf) {
    let dir = temp_dir(name);
    let file = dir.join("broken.geojson");
    std::fs::write(&file, BROKEN).expect("fixture");
    (dir, file)
}

fn copied(harness: &Harness<'static, AtlasApp>) -> Option<String> {
    harness.output().platform_output.commands.iter().find_map(|c| match c {
        egui::OutputCommand::CopyText(text) => Some(text.clone()),
        _ => None,
    })
}

#[test]
fn a_broken_import_in_the_chinese_ui_opens_a_problems_window_with_a_chinese_lead_and_the_details() {
    let (dir, file) = broken_file("problems-zh");
    let mut harness = harness(Lang::Zh);
    import(&mut harness, file);
    let problem = harness.state().state().problem.clone().expect("a problem is shown");
    assert_eq!(problem.heading, "导入失败");
    let lead = problem.lead.clone().expect("a Chinese lead");
    assert!(
        lead.starts_with("无法导入 ") && lead.contains("broken.geojson") && lead.contains("第 2 个要素"),
        "{lead}"
    );
    assert!(lead.ends_with("（详情如下）"), "{lead}");
    assert!(
        problem.details.contains("feature 2"),
        "counted from 1: {}",
        problem.details
    );
    // The window's heading, and the status bar's line while the window is open.
    assert_eq!(harness.query_all_by_label("导入失败").count(), 2);
    harness.get_by_label(&lead);
    harness.get_by_label(&problem.details);

    harness.get_by_label("复制详情").click();
    harness.step();
    let text = copied(&harness).expect("复制详情 copies");
    assert!(text.contains(&lead) && text.contains(&problem.details), "{text}");
    harness.run();
    harness.get_by_label("已复制到剪贴板");

    harness.get_by_label("关闭").click();
    harness.run();
    assert!(harness.state().state().problem.is_none(), "关闭 closes the window");
    assert!(harness.query_by_label("导入失败").is_none());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_broken_import_in_the_english_ui_has_an_english_heading_and_no_chinese_lead() {
    let (dir, file) = broken_file("problems-en");
    let mut harness = harness(Lang::En);
    import(&mut harness, file);
    let problem = harness.state().state().problem.clone().expect("a problem is shown");
    assert_eq!(problem.heading, "Import failed");
    assert_eq!(problem.lead, None);
    assert_eq!(harness.query_all_by_label("Import failed").count(), 2);
    harness.get_by_label("Copy details");
    harness.get_by_label("Close").click();
    harness.run();
    // Closed, the problem leaves the status bar too.
    assert!(harness.query_by_label("Import failed").is_none());
    assert_eq!(harness.state().state().notice, None);
    assert!(harness.state().state().problem.is_none());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_file_that_is_not_json_gets_a_lead_naming_its_line_and_column() {
    let dir = temp_dir("problems-kind");
    let file = dir.join("notes.docx");
    std::fs::write(&file, "not a map").expect("fixture");
    let mut harness = harness(Lang::Zh);
    import(&mut harness, file);
    let problem = harness.state().state().problem.clone().expect("a problem is shown");
    let lead = problem.lead.unwrap_or_default();
    assert!(lead.contains("notes.docx") && lead.contains("第 1 行第 2 列"), "{lead}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_status_bar_stops_saying_saved_once_the_project_changes_and_an_edit_clears_an_old_error() {
    let (dir, file) = broken_file("problems-status");
    let project = dir.join("meeting.json");
    let mut harness = harness(Lang::Zh);
    doc(&mut harness, DocAction::SaveToPath(project));
    let notice = harness.state().state().notice.clone().unwrap_or_default();
    assert!(notice.starts_with("已保存"), "{notice}");

    let annotation = Annotation::new(1, AnnotationKind::Point, vec![[121.6, 38.9]]).expect("a point");
    doc(&mut harness, DocAction::AddAnnotation(annotation.clone()));
    harness.run();
    assert!(harness.state().document().is_dirty());
    assert_eq!(harness.state().state().notice, None, "no 已保存 while the title has *");

    import(&mut harness, file);
    assert!(harness.state().state().notice.is_some(), "the import error is shown");
    doc(&mut harness, DocAction::AddAnnotation(annotation));
    assert_eq!(
        harness.state().state().notice,
        None,
        "a working edit clears the old error"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_guide_opens_from_the_help_menu_in_chinese_and_in_english() {
    let mut harness = harness(Lang::Zh);
    harness.get_by_label("帮助").click();
    harness.run();
    harness.get_by_label("使用指南").click();
    harness.run();
    assert!(harness.state().state().guide_open);
    harness.get_by_label("导入数据");
    harness.get_by_label("文件存放位置");

    let harness = harness_en_guide();
    harness.get_by_label("Importing data");
    harness.get_by_label("Where files go");
    assert!(harness.query_by_label("导入数据").is_none(), "only the English guide");
}

fn harness_en_guide() -> Harness<'static, AtlasApp> {
    let mut harness = harness(Lang::En);
    harness.state_mut().apply(Action::ShowGuide(true)).expect("applies");
    harness.run();
    harness
}

#[test]
fn recent_projects_list_the_last_saved_and_opened_first_and_survive_the_state_round_trip() {
    let dir = temp_dir("problems-recent");
    let (a, b) = (dir.join("a.json"), dir.join("b.json"));
    let mut harness = harness(Lang::Zh);
    doc(&mut harness, DocAction::SaveToPath(a.clone()));
    doc(&mut harness, DocAction::SaveToPath(b.clone()));
    doc(&mut harness, DocAction::OpenPath(a.clone()));
    let state = harness.state().state().clone();
    assert_eq!(state.recent_projects, vec![a.clone(), b.clone()]);

    let text = serde_json::to_string(&state).expect("serialises");
    let back: AppState = serde_json::from_str(&text).expect("reads back");
    assert_eq!(back.recent_projects, vec![a, b.clone()]);

    std::fs::remove_file(&b).expect("fixture");
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label("最近的项目").hover();
    harness.run();
    let label = b.display().to_string();
    let missing = harness.get_by_label(&label);
    assert!(missing.accesskit_node().is_disabled(), "a missing project is greyed");
    let _ = std::fs::remove_dir_all(dir);
}
