//! The targets panel's card for a selected target, driven through egui_kittest.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use std::sync::Arc;

use common::plan;
use dalian_atlas::action::{Action, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::i18n::Lang;
use dalian_atlas::plan::Plan;
use dalian_atlas::state::AppState;
use dalian_atlas::theme::{install_fonts, install_style};
use dalian_atlas::ui::targets::{LinkedFeature, targets_panel_ui};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn selected(plan: &Arc<Plan>, lang: Lang, target: &str) -> Harness<'static, AtlasApp> {
    let state = AppState {
        lang,
        right_tab: RightTab::Targets,
        ..AppState::default()
    };
    let mut harness = common::harness_with(AtlasApp::with_state(plan.clone(), state));
    harness
        .state_mut()
        .apply(Action::SelectTarget(target.to_string()))
        .expect("a known target");
    harness.run();
    harness
}

fn head(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

#[test]
fn selecting_the_5g_goal_shows_its_6309_baseline_the_2_41_goal_and_the_growth() {
    let plan = plan();
    let harness = selected(&plan, Lang::Zh, "box1.p1.n2");
    harness.get_by_label_contains("2.41 万个 · 2025年");
    harness.get_by_label_contains("6309 个（0.63 万个） · 2020年");
    harness.get_by_label("年均增长约 30.7%（按基期与目标推算）");
    harness.get_by_label_contains("走势图 2020–2025: 0.63 万个 → 2.41 万个");
    harness.get_by_label("基期值与目标值由图集编者配对（悬停看理由）");
    // 表1 states the same goal: it is listed among the places that state it.
    harness.get_by_label_contains("table1.r6 · 5G 基站站址数量 · 2.41 万个");
}

#[test]
fn both_5g_cards_show_the_self_checks_two_baselines_with_the_growth_each_implies() {
    let plan = plan();
    for target in ["box1.p1.n2", "table1.r6.y2025"] {
        let harness = selected(&plan, Lang::Zh, target);
        harness.get_by_label_contains("自检：2020 年“5G 基站站址数量”有两个基期值：表1为 0.5万个");
        harness.get_by_label_contains("需年均增长 37.0%，按后者 30.7%。");
    }
    // A target of another series has none.
    let harness = selected(&plan, Lang::Zh, "table1.r2.y2025");
    assert!(harness.query_by_label_contains("有两个基期值").is_none());
    let en = selected(&plan, Lang::En, "table1.r6.y2025");
    en.get_by_label_contains("Findings: Two baselines for “5G 基站站址数量” in 2020");
}

#[test]
fn clicking_the_baselines_paragraph_link_shows_that_paragraph_and_keeps_the_card() {
    let plan = plan();
    let mut harness = selected(&plan, Lang::Zh, "box1.p1.n2");
    let paragraph = plan.paragraph("ch1.s1.p8").expect("第一章 paragraph on networks");
    assert!(harness.query_by_label_contains(&head(&paragraph.text, 12)).is_none());

    harness.get_by_role_and_label(Role::Link, "ch1.s1.p8").click();
    harness.run();

    let state = harness.state().state();
    assert_eq!(state.shown.as_deref(), plan.container_of("ch1.s1.p8"));
    assert_eq!(state.selected_target.as_deref(), Some("ch1.s1.p8.n4"));
    let baseline = plan.target("ch1.s1.p8.n4").expect("the 6309 baseline");
    assert_eq!(
        state.value_highlight.as_ref().map(|h| h.range.clone()),
        Some(baseline.value_range.clone()),
        "the 6309 is marked in the text"
    );
    harness.get_by_label_contains(&head(&paragraph.text, 12));
    harness.get_by_label("年均增长约 30.7%（按基期与目标推算）");
}

#[test]
fn software_revenue_reads_in_english_with_its_growth_rate() {
    let plan = plan();
    let harness = selected(&plan, Lang::En, "ch2.s3.p3.n1");
    harness.get_by_label_contains("1300 亿元 · 2025");
    harness.get_by_label_contains("about 640 亿元 · 2020");
    harness.get_by_label("About 15.2% a year (implied by the baseline and the goal)");
    harness.get_by_label("Stated in");
    // The catalogue's target links tie software revenue to 高新区 and its software parks.
    harness.get_by_label_contains("Dalian Software Park");
}

#[test]
fn a_goal_without_a_baseline_says_the_plan_gives_none() {
    let plan = plan();
    let harness = selected(&plan, Lang::Zh, "box7.p2.n2");
    harness.get_by_label_contains("8000 家 · 2025年");
    harness.get_by_label("规划未给出基期值");
    assert!(harness.query_by_label_contains("年均增长约").is_none());
}

#[test]
fn the_pue_ceiling_shows_no_growth_rate_and_warns_of_the_different_scope() {
    let plan = plan();
    let state = AppState {
        right_tab: RightTab::Targets,
        ..AppState::default()
    };
    let mut harness = common::harness_with(AtlasApp::with_state(plan.clone(), state));
    harness
        .state_mut()
        .apply(Action::SelectTarget("ch2.s3.p7.n1".into()))
        .expect("a known target");
    // Not framing the map on the data centres keeps this test about the panel (the
    // framed view labels places the bundled font may not cover).
    harness.state_mut().apply(Action::FrameDone).expect("always applies");
    harness.run();
    harness.get_by_label_contains("≤ 1.3 · 2025年");
    harness.get_by_label_contains("约1.6 · 2020年");
    harness.get_by_label("上限指标：不推算年均增速");
    harness.get_by_label("注：基期值与目标值的统计口径不完全相同");
    harness.get_by_label("虚线：上限，不得超过");
}

#[test]
fn list_entries_of_paired_goals_carry_a_growth_hint() {
    let plan = plan();
    let harness = common::harness_with(AtlasApp::with_state(
        plan.clone(),
        AppState {
            right_tab: RightTab::Targets,
            ..AppState::default()
        },
    ));
    // The text's goal and 表1's cell each carry it.
    assert_eq!(
        harness.query_all_by_label_contains("640→1300 亿元 · +15.2%/年").count(),
        2
    );
    assert_eq!(
        harness
            .query_all_by_label_contains("7.2→12% · +0.96 个百分点/年")
            .count(),
        2
    );
    assert_eq!(
        harness
            .query_all_by_label_contains("0.63→2.41 万个 · +30.7%/年")
            .count(),
        1
    );
}

/// The panel on its own, with features passed in as the app will pass them.
struct PanelOnly {
    plan: Arc<Plan>,
    state: AppState,
    features: Vec<LinkedFeature>,
    action: Option<Action>,
}

#[test]
fn clicking_a_linked_feature_asks_to_select_it() {
    let plan = plan();
    let mut state = AppState::default();
    state
        .apply(&plan, Action::SelectTarget("box1.p1.n2".into()))
        .expect("a known target");
    let panel = PanelOnly {
        plan,
        state,
        features: vec![LinkedFeature {
            id: "infra.example".into(),
            name: "示例基站".into(),
            layer: "5G与数字基础设施".into(),
        }],
        action: None,
    };
    let mut harness = Harness::builder()
        .with_size([430.0, 1000.0])
        .with_context_setup(|ctx| {
            install_fonts(ctx);
            install_style(ctx);
        })
        .build_ui_state(
            |ui, p: &mut PanelOnly| {
                if let Some(a) = targets_panel_ui(ui, &p.plan, &p.state, &p.features, &[], None) {
                    p.action = Some(a);
                }
            },
            panel,
        );
    harness.run();
    harness.get_by_label("相关地图要素");
    harness.get_by_label("示例基站 · 5G与数字基础设施").click();
    harness.run();
    assert_eq!(
        harness.state().action,
        Some(Action::SelectFeature(Some("infra.example".into())))
    );
}

#[test]
fn the_list_puts_goals_first_and_folds_the_numbers_no_goal_grows_from() {
    let plan = plan();
    let mut harness = common::harness_with(AtlasApp::with_state(
        plan.clone(),
        AppState {
            right_tab: RightTab::Targets,
            ..AppState::default()
        },
    ));
    let goals = plan.targets.iter().filter(|t| t.kind.is_goal()).count();
    let paired = plan
        .targets
        .iter()
        .filter(|t| !t.kind.is_goal() && dalian_atlas::plan::Series::of(&plan, &t.id).is_some())
        .count();
    let other = plan.targets.len() - goals - paired;
    assert!(paired > 0 && other > 0);
    let goals_heading = harness.get_by_label(&format!("目标 ({goals})")).rect();
    let paired_heading = harness.get_by_label(&format!("基线（对应目标） ({paired})")).rect();
    assert!(goals_heading.top() < paired_heading.top(), "goals first");
    // 电子印章 1110 枚 is an incidental number of the review: folded away.
    let folded = format!("其他数字（不对应目标的基线） ({other})");
    harness.get_by_label(&folded);
    assert!(harness.query_by_label_contains("电子印章").is_none());
    harness.get_by_label(&folded).scroll_to_me();
    harness.run();
    harness.get_by_label(&folded).click();
    harness.run();
    harness.get_by_label_contains("电子印章");
}

#[test]
fn clicking_a_row_name_of_table_1_opens_its_goals_card() {
    let plan = plan();
    let mut harness = common::harness_with(AtlasApp::with_state(
        plan.clone(),
        AppState {
            right_tab: RightTab::Targets,
            ..AppState::default()
        },
    ));
    harness.get_by_label("5G 基站站址数量（万个）").click();
    harness.run();
    assert_eq!(
        harness.state().state().selected_target.as_deref(),
        Some("table1.r6.y2025")
    );
    assert_eq!(harness.state().state().right_tab, RightTab::Targets);
}
