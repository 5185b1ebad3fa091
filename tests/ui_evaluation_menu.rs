#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The 文件 → 评估 entries (issue 15), driven through the app: importing actual values
//! from a CSV (one undoable edit; a bad file imports nothing and says why), writing the
//! template, opening the example of public-report figures from the menu.

mod common;

use dalian_atlas::action::{Action, DocAction, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::evaluation::example::PUBLIC_EXAMPLE_NOTE;
use dalian_atlas::io::evaluation::ACTUAL_HEADERS;
use dalian_atlas::state::AppState;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const FIVE_G: &str = "table1.r6.y2025";

fn app() -> Harness<'static, AtlasApp> {
    common::harness_with(AtlasApp::with_state(common::plan(), AppState::default()))
}

fn apply(harness: &mut Harness<'static, AtlasApp>, doc: DocAction) {
    harness.state_mut().apply(Action::Document(doc)).expect("applied");
    harness.run();
}

/// A CSV in the template's columns with `rows` (test values, not statistics).
fn csv(rows: &[&str]) -> String {
    let mut s = ACTUAL_HEADERS.join(",");
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

#[test]
fn a_csv_of_actual_values_is_imported_as_one_undoable_edit_and_shown_in_the_evaluation_tab() {
    let dir = common::temp_dir("eval-menu-import");
    let file = dir.join("actuals.csv");
    std::fs::write(
        &file,
        csv(&[
            &format!("{FIVE_G},,,2023,17021,个,测试,测试来源,,,,"),
            &format!("{FIVE_G},,,2024,2.0,万个,,,,,,"),
        ]),
    )
    .unwrap();
    let mut harness = app();
    apply(&mut harness, DocAction::ImportActualsFrom(file));
    let e = &harness.state().document().project.evaluation;
    assert_eq!(e.actuals.len(), 2, "{:?}", e.actuals);
    let state = harness.state().state();
    assert_eq!(state.right_tab, RightTab::Evaluation);
    assert!(
        state.notice.as_deref().unwrap_or_default().contains("新增 2 项"),
        "{:?}",
        state.notice
    );
    harness.get_by_label_contains("规划 17 项指标中");

    apply(&mut harness, DocAction::Undo);
    assert!(harness.state().document().project.evaluation.actuals.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_csv_with_a_unit_that_does_not_convert_imports_nothing_and_names_the_problem() {
    let dir = common::temp_dir("eval-menu-bad");
    let file = dir.join("bad.csv");
    std::fs::write(
        &file,
        csv(&[
            &format!("{FIVE_G},,,2023,17021,个,,,,,,"),
            &format!("{FIVE_G},,,2024,2.0,%,,,,,,"),
        ]),
    )
    .unwrap();
    let mut harness = app();
    apply(&mut harness, DocAction::ImportActualsFrom(file));
    assert!(harness.state().document().project.evaluation.actuals.is_empty());
    assert!(!harness.state().document().is_dirty());
    let notice = harness.state().state().notice.clone().unwrap_or_default();
    assert!(notice.contains("bad.csv") && notice.contains('%'), "{notice}");
    let problem = harness.state().state().problem.clone().expect("the problems window");
    assert_eq!(problem.heading, "导入失败");
    let lead = problem.lead.unwrap_or_default();
    assert!(
        lead.starts_with("无法导入评估数据") && lead.contains("共 1 处问题"),
        "{lead}"
    );
    assert_eq!(problem.details, notice, "the precise message, unchanged");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_template_is_written_where_asked() {
    let dir = common::temp_dir("eval-menu-template");
    let file = dir.join("模板.xlsx");
    let mut harness = app();
    apply(&mut harness, DocAction::ExportEvaluationTemplateTo(file.clone()));
    let bytes = std::fs::read(&file).expect("written");
    assert!(bytes.starts_with(b"PK"), "an .xlsx is a zip");
    assert!(
        harness
            .state()
            .state()
            .notice
            .as_deref()
            .unwrap_or_default()
            .contains("评估模板")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_example_opens_from_the_file_menu_with_its_note_and_can_be_undone() {
    let mut harness = app();
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label("实施评估").hover();
    harness.run();
    harness.get_by_label("打开示例评估（公开报道数据）").click();
    harness.run();
    let e = harness.state().document().project.evaluation.clone();
    assert_eq!(e.note, PUBLIC_EXAMPLE_NOTE);
    assert!(
        e.actuals.iter().any(|a| a.indicator == FIVE_G && a.year == 2023),
        "{:?}",
        e.actuals
    );
    assert_eq!(harness.state().state().right_tab, RightTab::Evaluation);
    harness.get_by_label(PUBLIC_EXAMPLE_NOTE);

    apply(&mut harness, DocAction::Undo);
    assert!(harness.state().document().project.evaluation.is_empty());
}

#[test]
fn the_report_is_written_in_the_background_and_an_unknown_extension_is_refused_at_once() {
    let dir = common::temp_dir("eval-menu-report");
    let mut harness = app();
    apply(&mut harness, DocAction::OpenExampleEvaluation);
    let file = dir.join("评估报告.xlsx");
    apply(&mut harness, DocAction::ExportEvaluationReportTo(file.clone()));
    for _ in 0..600 {
        if !harness.state().report_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.run();
    }
    assert!(!harness.state().report_running(), "the report job ends");
    let notice = harness.state().state().notice.clone().unwrap_or_default();
    assert!(notice.contains("已写出评估报告"), "{notice}");
    assert!(std::fs::read(&file).expect("written").starts_with(b"PK"));

    let wrong = dir.join("report.txt");
    apply(&mut harness, DocAction::ExportEvaluationReportTo(wrong.clone()));
    assert!(!harness.state().report_running());
    let notice = harness.state().state().notice.clone().unwrap_or_default();
    assert!(notice.contains("report.txt"), "{notice}");
    assert!(!wrong.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
