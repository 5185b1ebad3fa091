//! The atlas window's panels, driven through egui_kittest (no real window).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use std::sync::Arc;

use common::plan;
use dalian_atlas::app::AtlasApp;
use dalian_atlas::i18n::Lang;
use dalian_atlas::plan::Plan;
use dalian_atlas::state::AppState;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness_with(plan: Arc<Plan>, state: AppState) -> Harness<'static, AtlasApp> {
    common::harness_with(AtlasApp::with_state(plan, state))
}

/// The first `n` characters of a text: a label fragment to look for.
fn head(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

#[test]
fn the_window_opens_on_the_preface_with_both_panels_in_chinese() {
    let plan = plan();
    let harness = harness_with(plan.clone(), AppState::default());
    harness.get_by_label("规划文本");
    harness.get_by_label("指标");
    harness.get_by_label_contains(&head(&plan.preface[0].text, 12));
    harness.get_by_label_contains("OpenStreetMap");
}

#[test]
fn clicking_a_section_in_the_outline_shows_its_paragraphs() {
    let plan = plan();
    let mut harness = harness_with(plan.clone(), AppState::default());
    let section = plan.section("ch2.s4").expect("第二章 has a 第四节");
    let chapter = plan.chapter("ch2").expect("第二章");
    let first = plan.paragraphs_of("ch2.s4")[0];
    assert!(harness.query_by_label_contains(&head(&first.text, 12)).is_none());

    harness
        .get_by_role_and_label(Role::Button, &format!("{} {}", chapter.label, chapter.title))
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, &format!("{} {}", section.label, section.title))
        .click();
    harness.run();

    assert_eq!(harness.state().state().shown.as_deref(), Some("ch2.s4"));
    harness.get_by_label_contains(&head(&first.text, 12));
    assert!(
        harness.query_by_label_contains(&first.id).is_some(),
        "the paragraph ID is shown"
    );
}

#[test]
fn clicking_a_target_shows_its_paragraph_with_the_value_marked() {
    let plan = plan();
    let mut harness = harness_with(plan.clone(), AppState::default());
    // The targets are the right panel's third tab.
    harness.get_by_label("指标").click();
    harness.run();
    let target = plan
        .targets
        .iter()
        .find(|t| t.value_text == "1300" && t.paragraph.starts_with("ch2.s3"))
        .expect("ch2.s3 states 1300 (亿元)");
    let paragraph = plan.paragraph(&target.paragraph).expect("a text target");
    let entry = |n: &egui_kittest::kittest::AccessKitNode<'_>| {
        n.label()
            .is_some_and(|l| l.starts_with(&target.label) && l.contains("1300") && l.contains(&target.paragraph))
    };
    harness.get_by(entry).scroll_to_me();
    harness.run();
    harness.get_by(entry).click();
    harness.run();

    let state = harness.state().state();
    assert_eq!(state.selected_target.as_deref(), Some(target.id.as_str()));
    assert_eq!(state.shown.as_deref(), plan.container_of(&paragraph.id));
    assert_eq!(
        state.value_highlight.as_ref().map(|h| h.range.clone()),
        Some(target.value_range.clone())
    );
    harness.get_by_label_contains(&head(&paragraph.text, 12));
}

#[test]
fn clicking_a_table_row_shows_the_table_in_the_plan_panel() {
    let plan = plan();
    let mut harness = harness_with(plan.clone(), AppState::default());
    // The targets are the right panel's third tab.
    harness.get_by_label("指标").click();
    harness.run();
    let row = &plan.tables[0].rows[0];
    let name = format!("{}（{}）", row.indicator, row.unit);
    harness
        .get_all_by_label(&name)
        .next()
        .expect("the row in the targets panel")
        .click();
    harness.run();
    let state = harness.state().state();
    assert_eq!(state.shown.as_deref(), Some(plan.tables[0].id.as_str()));
    assert_eq!(state.selected_row.as_deref(), Some(row.id.as_str()));
    assert_eq!(
        harness.get_all_by_label(&name).count(),
        2,
        "the table is in both panels"
    );
}

#[test]
fn searching_shows_the_hit_count_and_next_moves_to_the_second_hit() {
    let plan = plan();
    let mut harness = harness_with(plan.clone(), AppState::default());
    let hits = plan.search("数据湖");
    assert!(hits.len() >= 2);

    harness.get_by_label("搜索").focus();
    harness.run();
    harness.get_by_label("搜索").type_text("数据湖");
    harness.run();
    harness.get_by_label(&format!("1/{}", hits.len()));
    assert_eq!(
        harness.state().state().shown.as_deref(),
        plan.container_of(&hits[0].paragraph)
    );

    harness.get_by_label("↓").click();
    harness.run();
    harness.get_by_label(&format!("2/{}", hits.len()));
    let state = harness.state().state();
    assert_eq!(state.hit_index, Some(1));
    assert_eq!(state.shown.as_deref(), plan.container_of(&hits[1].paragraph));
    let p = plan.paragraph(&hits[1].paragraph).expect("a paragraph");
    harness.get_by_label_contains(&head(&p.text, 12));
}

#[test]
fn enter_and_shift_enter_in_the_search_box_move_between_hits() {
    let plan = plan();
    let mut harness = harness_with(plan.clone(), AppState::default());
    let n = plan.search("数据湖").len();
    harness.get_by_label("搜索").focus();
    harness.run();
    harness.get_by_label("搜索").type_text("数据湖");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label(&format!("2/{n}"));
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Enter);
    harness.run();
    harness.get_by_label(&format!("1/{n}"));
    assert!(harness.get_by_label("搜索").is_focused(), "the box keeps the focus");
}

#[test]
fn the_language_toggle_switches_panel_titles_to_english() {
    let mut harness = harness_with(plan(), AppState::default());
    harness.get_by_label("English").click();
    harness.run();
    assert_eq!(harness.state().state().lang, Lang::En);
    harness.get_by_label("Plan text");
    harness.get_by_label("Targets");
    harness.get_by_label("View");
    assert!(harness.query_by_label("规划文本").is_none());
    harness.get_by_label("中文").click();
    harness.run();
    harness.get_by_label("规划文本");
}

#[test]
fn the_view_menu_hides_and_shows_the_targets_panel() {
    let mut harness = harness_with(plan(), AppState::default());
    harness.get_by_label("视图").click();
    harness.run();
    harness.get_by_label_contains("✓ 右侧面板").click();
    harness.run();
    assert!(!harness.state().state().show_targets);
    assert!(harness.query_by_label("指标").is_none());
}

#[test]
fn about_names_the_plan_document_and_the_licences() {
    let plan = plan();
    let mut harness = harness_with(plan.clone(), AppState::default());
    harness.get_by_label("帮助").click();
    harness.run();
    harness.get_by_label("关于").click();
    harness.run();
    harness.get_by_label_contains(&plan.front.document_number);
    harness.get_by_label_contains("divisions.geojson: Dalian Atlas (schematic)");
    harness.get_by_label_contains("Noto Sans CJK SC — SIL OFL 1.1");
    harness.get_by_label("关闭").click();
    harness.run();
    assert!(!harness.state().state().about_open);
}

#[test]
fn clicking_a_finding_with_references_shows_its_first_reference() {
    let plan = plan();
    let Some(finding) = plan.findings.iter().find(|f| !f.refs.is_empty()) else {
        return;
    };
    let mut harness = harness_with(plan.clone(), AppState::default());
    harness.get_by_label_contains("自检").click();
    harness.run();
    let node = harness.get_by_label(&finding.message_zh);
    node.scroll_to_me();
    harness.run();
    harness.get_by_label(&finding.message_zh).click();
    harness.run();
    let expected = AppState::default();
    let mut expected = expected;
    expected
        .apply(&plan, dalian_atlas::action::Action::Show(finding.refs[0].clone()))
        .expect("a known ref");
    assert_eq!(harness.state().state().shown, expected.shown);
}

/// Renders views for a human to look at (`cargo test --test ui_panels -- --ignored`);
/// needs a wgpu adapter (a software one does). Writes PNGs to the temp directory.
#[test]
#[ignore = "writes review images; run by hand"]
fn review_images_of_a_section_a_search_and_a_target_are_written() {
    let plan = plan();
    let dir = std::env::temp_dir();
    let mut harness = harness_with(plan.clone(), AppState::default());
    harness
        .state_mut()
        .apply(dalian_atlas::action::Action::Show("ch2.s4".into()))
        .expect("ch2.s4");
    harness.run();
    harness
        .render()
        .expect("renders")
        .save(dir.join("kittest-section.png"))
        .expect("saves");

    harness
        .state_mut()
        .apply(dalian_atlas::action::Action::Search("数据湖".into()))
        .expect("search");
    harness.run();
    harness
        .render()
        .expect("renders")
        .save(dir.join("kittest-search.png"))
        .expect("saves");

    let target = plan
        .targets
        .iter()
        .find(|t| t.value_text == "1300" && t.paragraph.starts_with("ch2.s3"))
        .expect("1300");
    harness
        .state_mut()
        .apply(dalian_atlas::action::Action::SelectTarget(target.id.clone()))
        .expect("target");
    harness.run();
    harness
        .render()
        .expect("renders")
        .save(dir.join("kittest-target.png"))
        .expect("saves");

    let erratum = plan
        .all_paragraphs()
        .into_iter()
        .find(|p| !p.corrections.is_empty())
        .map(|p| p.id.clone());
    if let Some(p) = erratum {
        harness
            .state_mut()
            .apply(dalian_atlas::action::Action::Show(p))
            .expect("paragraph");
        harness.run();
        harness
            .render()
            .expect("renders")
            .save(dir.join("kittest-erratum.png"))
            .expect("saves");
    }
}
