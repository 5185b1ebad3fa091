#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Project status in the window (issue 15), driven through egui_kittest: the 状态 control
//! of a feature card, the 专栏 status counts, the map's status styling and its legend,
//! and the rule that gives a feature its column project's status.

mod common;

use common::{harness_with, plan};
use dalian_atlas::action::{Action, DocAction, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::catalogue::Catalogue;
use dalian_atlas::evaluation::{ProjectStatus, Source, StatusEntry};
use dalian_atlas::state::AppState;
use dalian_atlas::symbology::status::{StatusStyling, UNSET_COLOUR, status_colour};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, AtlasApp> {
    harness_with(AtlasApp::with_state(plan(), AppState::default()))
}

fn apply(harness: &mut Harness<'static, AtlasApp>, action: Action) {
    harness.state_mut().apply(action).expect("the action applies");
    harness.run();
}

fn entry(subject: &str, status: ProjectStatus) -> StatusEntry {
    StatusEntry {
        subject: subject.to_string(),
        status,
        date: String::new(),
        note: String::new(),
        source: Source::default(),
        extra: Default::default(),
    }
}

fn set_status(harness: &mut Harness<'static, AtlasApp>, subject: &str, status: Option<ProjectStatus>) {
    apply(
        harness,
        Action::Document(DocAction::SetStatus {
            subject: subject.to_string(),
            entry: status.map(|s| entry(subject, s)),
            coalesce: None,
        }),
    );
}

fn status_of(harness: &Harness<'static, AtlasApp>, subject: &str) -> Option<ProjectStatus> {
    harness
        .state()
        .document()
        .project
        .evaluation
        .status(subject)
        .map(|e| e.status)
}

#[test]
fn choosing_a_status_on_a_feature_card_is_one_undoable_edit() {
    let mut harness = harness();
    apply(&mut harness, Action::SelectFeature(Some("uni.dlut".into())));
    assert_eq!(harness.state().state().right_tab, RightTab::Feature);
    harness.get_by_role_and_label(Role::ComboBox, "状态").click();
    harness.run();
    harness.get_all_by_label("已建成").last().expect("in the list").click();
    harness.run();
    assert_eq!(status_of(&harness, "uni.dlut"), Some(ProjectStatus::Built));
    assert!(harness.state().document().is_dirty());

    // Its date, typed, joins the same entry.
    harness.get_by_role_and_label(Role::TextInput, "日期").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "日期")
        .type_text("2025-12");
    harness.run();
    let dated = harness
        .state()
        .document()
        .project
        .evaluation
        .status("uni.dlut")
        .cloned();
    assert_eq!(dated.map(|e| e.date), Some("2025-12".to_string()));

    // Typing was one step, choosing the status another: two undos leave nothing.
    apply(&mut harness, Action::Document(DocAction::Undo));
    assert_eq!(status_of(&harness, "uni.dlut"), Some(ProjectStatus::Built));
    assert_eq!(
        harness
            .state()
            .document()
            .project
            .evaluation
            .status("uni.dlut")
            .map(|e| e.date.as_str()),
        Some("")
    );
    apply(&mut harness, Action::Document(DocAction::Undo));
    assert!(harness.state().document().project.evaluation.statuses.is_empty());
    apply(&mut harness, Action::Document(DocAction::Redo));
    assert_eq!(status_of(&harness, "uni.dlut"), Some(ProjectStatus::Built));

    // 未设定 removes the status.
    harness.get_by_role_and_label(Role::ComboBox, "状态").click();
    harness.run();
    harness.get_all_by_label("未设定").last().expect("in the list").click();
    harness.run();
    assert_eq!(status_of(&harness, "uni.dlut"), None);
}

#[test]
fn a_status_for_something_that_is_neither_a_project_nor_a_feature_is_refused() {
    let mut harness = harness();
    set_status(&mut harness, "ch2.s4.p1", Some(ProjectStatus::Built));
    assert!(harness.state().document().project.evaluation.statuses.is_empty());
    assert!(!harness.state().document().is_dirty());
    assert!(
        harness
            .state()
            .state()
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("ch2.s4.p1")
    );
}

#[test]
fn the_column_view_counts_its_projects_by_status_and_the_count_follows_an_edit() {
    let mut harness = harness();
    let projects = harness
        .state()
        .plan()
        .boxes
        .iter()
        .find(|b| b.id == "box1")
        .expect("专栏1")
        .paragraphs
        .len();
    assert!(projects >= 3, "{projects}");
    apply(&mut harness, Action::Show("box1".into()));
    harness.get_by_label(&format!("未设定 {projects}"));

    set_status(&mut harness, "box1.p2", Some(ProjectStatus::Built));
    set_status(&mut harness, "box1.p3", Some(ProjectStatus::InProgress));
    harness.get_by_label(&format!("推进中 1 · 已建成 1 · 未设定 {}", projects - 2));
    // The paragraph's badge names its status.
    assert!(harness.query_all_by_label("已建成").count() >= 1);
}

#[test]
fn status_styling_switches_the_map_legend_to_the_statuses_with_their_counts() {
    let mut harness = harness();
    let plan_legend = harness.state().map_legend().to_vec();
    assert!(plan_legend.iter().any(|r| r.contains("高校")), "{plan_legend:?}");
    assert!(!plan_legend.iter().any(|r| r.starts_with("未设定")), "{plan_legend:?}");

    set_status(&mut harness, "uni.dlut", Some(ProjectStatus::Built));
    // The layers tab's toggle.
    apply(&mut harness, Action::SetRightTab(RightTab::Layers));
    harness.get_by_label("实施状态").click();
    harness.run();
    harness.run();
    assert!(harness.state().state().status_styling);
    let legend = harness.state().map_legend().to_vec();
    let names: Vec<&str> = legend
        .iter()
        .map(|r| r.rsplit_once(' ').map_or(r.as_str(), |(name, _)| name))
        .collect();
    assert_eq!(
        names,
        ["未启动", "推进中", "已建成", "已调整", "已取消", "未设定"],
        "{legend:?}"
    );
    assert!(legend.contains(&"已建成 1".to_string()), "{legend:?}");
    assert!(legend.contains(&"推进中 0".to_string()), "{legend:?}");

    harness.get_by_label("规划分类").click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().map_legend(), plan_legend.as_slice());
}

#[test]
fn a_feature_takes_its_own_status_colour_else_its_column_projects_else_light_grey() {
    let catalogue = Catalogue::builtin().expect("catalogue");
    let index = |id: &str| catalogue.features.iter().position(|f| f.id == id).expect(id);
    // infra.cmcc-data-centre is a project of 专栏1, paragraph box1.p5.
    let cmcc = index("infra.cmcc-data-centre");
    let hualu = index("infra.hualu-data-lake");
    let dlut = index("uni.dlut");
    let robot = index("park.underwater-robot-base"); // box10.p2

    let none = StatusStyling::new(&catalogue, &[]);
    assert_eq!(none.colour(cmcc), UNSET_COLOUR);
    assert_eq!(none.status(cmcc), None);

    let statuses = vec![
        entry("box1.p5", ProjectStatus::Built),
        entry("infra.hualu-data-lake", ProjectStatus::Cancelled),
        entry("box1.p2", ProjectStatus::InProgress),
        entry("box1.p1", ProjectStatus::Adjusted),
    ];
    let styling = StatusStyling::new(&catalogue, &statuses);
    // The column project's status, for want of its own.
    assert_eq!(styling.status(cmcc), Some(ProjectStatus::Built));
    assert_eq!(styling.colour(cmcc), status_colour(Some(ProjectStatus::Built)));
    // Its own status wins over its column project's.
    assert_eq!(styling.status(hualu), Some(ProjectStatus::Cancelled));
    assert_eq!(styling.colour(hualu), status_colour(Some(ProjectStatus::Cancelled)));
    // Not a project of 专栏1: the column's other paragraphs do not reach it.
    assert_eq!(styling.status(dlut), None);
    assert_eq!(styling.colour(dlut), UNSET_COLOUR);
    // A project of 专栏10 takes nothing from 专栏1's paragraphs.
    assert_eq!(styling.status(robot), None);
    assert_ne!(status_colour(Some(ProjectStatus::Built)), UNSET_COLOUR);
}

#[test]
fn a_scene_keeps_the_status_styling_it_was_made_in_and_brings_it_back() {
    let mut harness = harness();
    apply(&mut harness, Action::SetStatusStyling(true));
    apply(&mut harness, Action::Document(DocAction::AddSceneFromView));
    let scene = harness
        .state()
        .document()
        .project
        .scenes
        .first()
        .cloned()
        .expect("a scene");
    assert_eq!(scene.status_styling, Some(true));
    let json = serde_json::to_value(&scene).expect("serialises");
    assert_eq!(json["style"], "status");
    let back: dalian_atlas::model::Scene = serde_json::from_value(json).expect("reads back");
    assert_eq!(back.status_styling, Some(true));

    apply(&mut harness, Action::SetStatusStyling(false));
    apply(&mut harness, Action::Document(DocAction::ShowScene(0)));
    assert!(harness.state().state().status_styling);
}
