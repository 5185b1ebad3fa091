#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The evaluation in the window (issue 15), driven through egui_kittest: the actual-value
//! editor of the 指标 tab, the chart's completion line, the 评估 tab (list, filter, a
//! click that selects the target) and its thresholds.

mod common;

use dalian_atlas::action::{Action, DocAction, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::evaluation::{Actual, Evaluation, Source};
use dalian_atlas::i18n::Lang;
use dalian_atlas::state::AppState;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// The 5G goal of 表1: 0.5 万个 in 2020, 2.41 万个 in 2025.
const FIVE_G: &str = "table1.r6.y2025";
/// The core industry's share of GDP: 7.2 % → 12 %.
const SHARE: &str = "table1.r1.y2025";

fn app(tab: RightTab, lang: Lang) -> Harness<'static, AtlasApp> {
    let state = AppState {
        lang,
        right_tab: tab,
        ..AppState::default()
    };
    common::harness_with(AtlasApp::with_state(common::plan(), state))
}

fn select(harness: &mut Harness<'static, AtlasApp>, target: &str) {
    harness
        .state_mut()
        .apply(Action::SelectTarget(target.to_string()))
        .expect("a known target");
    harness.run();
}

/// A test value (not a statistic) for `indicator`.
fn actual(indicator: &str, year: u16, value: f64, unit: &str) -> Actual {
    Actual {
        indicator: indicator.to_string(),
        year,
        value,
        unit: unit.to_string(),
        scope: String::new(),
        source: Source {
            title: "测试数据".to_string(),
            ..Source::default()
        },
        reliability: String::new(),
        extra: serde_json::Map::new(),
    }
}

fn set_evaluation(harness: &mut Harness<'static, AtlasApp>, evaluation: Evaluation) {
    harness
        .state_mut()
        .apply(Action::Document(DocAction::SetEvaluation {
            evaluation: Box::new(evaluation),
            coalesce: None,
        }))
        .expect("applied");
    harness.run();
}

fn evaluation(harness: &Harness<'static, AtlasApp>) -> Evaluation {
    harness.state().document().project.evaluation.clone()
}

/// Clicks the button `label` after scrolling it into view (the target card scrolls).
fn press(harness: &mut Harness<'static, AtlasApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

fn typed(harness: &mut Harness<'static, AtlasApp>, field: &str, text: &str) {
    let node = harness.get_by_role_and_label(Role::TextInput, field);
    node.focus();
    node.type_text(text);
    harness.run();
}

#[test]
fn a_value_entered_in_the_targets_tab_is_one_undoable_edit() {
    let mut harness = app(RightTab::Targets, Lang::Zh);
    select(&mut harness, FIVE_G);
    harness.get_by_label("尚未录入实际值");
    press(&mut harness, "添加一年");
    // A new entry starts in the indicator's unit; the value is typed with a comma.
    typed(&mut harness, "实际值", "1.7");
    press(&mut harness, "应用");

    let e = evaluation(&harness);
    assert_eq!(e.actuals.len(), 1, "{:?}", e.actuals);
    assert_eq!(e.actuals[0].indicator, FIVE_G);
    assert_eq!(e.actuals[0].year, 2021);
    assert_eq!(e.actuals[0].value, 1.7);
    assert_eq!(e.actuals[0].unit, "万个");
    assert!(harness.state().document().is_dirty());

    harness
        .state_mut()
        .apply(Action::Document(DocAction::Undo))
        .expect("undo");
    harness.run();
    assert!(evaluation(&harness).actuals.is_empty(), "one undo removes it");
    harness.get_by_label("尚未录入实际值");
}

#[test]
fn a_unit_that_does_not_convert_is_named_in_red_and_nothing_is_applied() {
    let mut harness = app(RightTab::Targets, Lang::Zh);
    select(&mut harness, FIVE_G);
    press(&mut harness, "添加一年");
    typed(&mut harness, "实际值", "17021");
    // The default 万个 becomes 万个%: a unit of another kind.
    typed(&mut harness, "单位", "%");
    harness.get_by_label_contains("第 1 行：单位“万个%”不能换算为指标单位“万个”");
    let apply = harness.get_by_label("应用");
    assert!(
        apply.accesskit_node().is_disabled(),
        "应用 is off while an entry is invalid"
    );
    press(&mut harness, "应用");
    assert!(evaluation(&harness).actuals.is_empty());
}

#[test]
fn the_chart_shows_the_actual_values_with_completion_and_verdict() {
    let mut harness = app(RightTab::Targets, Lang::Zh);
    let e = Evaluation {
        actuals: vec![actual(SHARE, 2022, 8.4, "%"), actual(SHARE, 2024, 10.0, "%")],
        ..Evaluation::default()
    };
    set_evaluation(&mut harness, e);
    select(&mut harness, SHARE);
    harness.get_by_label_contains("走势图 2020–2025: 7.2% → 12%; 实际值: 2022年 8.4%, 2024年 10%");
    // (10 − 7.2) / (12 − 7.2) = 58.3 %, four fifths of the time gone: behind.
    harness.get_by_label("2024年 完成度 58.3%");
    harness.get_by_label("滞后于预期");
    harness.get_by_label("时间进度 80% · 较基期 +2.8 个百分点");
    harness.get_by_label("方点与实线：录入的实际值");
}

#[test]
fn the_evaluation_tab_lists_every_indicator_and_the_filter_keeps_the_lagging_one() {
    let mut harness = app(RightTab::Evaluation, Lang::Zh);
    let plan = common::plan();
    let count = dalian_atlas::evaluation::indicators(&plan).len();
    set_evaluation(
        &mut harness,
        Evaluation {
            actuals: vec![actual(SHARE, 2024, 10.0, "%")],
            ..Evaluation::default()
        },
    );
    harness.get_by_label_contains(&format!("规划 {count} 项指标中"));
    harness.get_by_label(&format!("显示 {count} / {count} 项"));
    let no_data = harness
        .query_all_by_label("暂无数据")
        .filter(|n| n.accesskit_node().role() != Role::Button)
        .count();
    assert_eq!(no_data, count - 1, "暂无数据 for every indicator without a value");

    harness.get_by_label("仅滞后或未完成").click();
    harness.run();
    harness.get_by_label(&format!("显示 1 / {count} 项"));
    harness.get_by_label("滞后于预期");
    harness.get_by_label("数字经济核心产业增加值占地区生产总值比重");
    assert!(harness.query_by_label("软件和信息技术服务业营业收入").is_none());
}

#[test]
fn clicking_an_indicator_in_the_evaluation_tab_selects_its_target() {
    let mut harness = app(RightTab::Evaluation, Lang::Zh);
    harness.get_by_label("软件和信息技术服务业营业收入").click();
    harness.run();
    let state = harness.state().state();
    assert_eq!(state.selected_target.as_deref(), Some("table1.r2.y2025"));
    assert_eq!(state.right_tab, RightTab::Targets, "its card, clause and features");
}

#[test]
fn a_threshold_edit_is_one_undoable_step_and_an_invalid_one_is_not_applied() {
    let mut harness = app(RightTab::Evaluation, Lang::Zh);
    harness.get_by_label("评价标准").click();
    harness.run();
    // 基本完成 ≥ 90 % → 85 %.
    harness.get_by_label("基本完成 ≥").set_value_accesskit(85.0);
    harness.run();
    let after = evaluation(&harness).thresholds;
    assert!((after.basic - 0.85).abs() < 1e-9 && after.is_valid(), "{after:?}");
    harness
        .state_mut()
        .apply(Action::Document(DocAction::Undo))
        .expect("undo");
    harness.run();
    assert_eq!(evaluation(&harness).thresholds.basic, 0.9, "one undo step");

    // 完成 ≥ 110 % above 超额完成 ≥ 105 % is refused with a message.
    let mut harness = app(RightTab::Evaluation, Lang::En);
    harness.get_by_label("Verdict thresholds").click();
    harness.run();
    harness.get_by_label("Achieved ≥").set_value_accesskit(110.0);
    harness.run();
    harness.get_by_label_contains("not applied");
    assert_eq!(evaluation(&harness).thresholds, Default::default());
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn a_feature_linked_to_a_target_shows_its_latest_completion_and_verdict_on_its_card() {
    let mut harness = app(RightTab::Feature, Lang::Zh);
    let five_g = dalian_atlas::evaluation::indicator_of(&common::plan(), "table1.r6.y2025").expect("5G");
    set_evaluation(
        &mut harness,
        Evaluation {
            actuals: vec![actual(&five_g, 2023, 17021.0, "个")],
            ..Evaluation::default()
        },
    );
    harness
        .state_mut()
        .apply(Action::SelectFeature(Some("5g.jinpu".to_string())))
        .expect("a catalogue feature");
    harness.run();
    // (1.7021 − 0.5) / (2.41 − 0.5) ≈ 62.9 % with 60 % of the period elapsed.
    harness.get_by_label("完成度 62.9%");
    harness.get_by_label("基本符合预期");
    harness.get_by_label("（2023年）");
}
