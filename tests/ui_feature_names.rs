#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Features of the same name told apart in the window (issue 18, point 4): the search's
//! feature hits and the feature card show “高速铁路 · 哈大高铁”, the map labels the line.

mod common;

use common::{harness_with, plan};
use dalian_atlas::action::{Action, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::state::AppState;
use egui_kittest::kittest::Queryable;

#[test]
fn a_search_hit_and_the_card_name_the_line_of_a_class_name() {
    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    harness
        .state_mut()
        .apply(Action::Search("哈大高铁".into()))
        .expect("search");
    harness.run();
    harness.get_by_label("高速铁路 · 哈大高铁").click();
    harness.run();
    let state = harness.state().state();
    assert_eq!(state.selected_feature.as_deref(), Some("5g.corridor.hsr-harbin-dalian"));
    assert_eq!(state.right_tab, RightTab::Feature);
    // The hit and the card's title.
    assert_eq!(harness.query_all_by_label("高速铁路 · 哈大高铁").count(), 2);
    // The other 高速铁路 is not shown as this one.
    assert!(harness.query_by_label("高速铁路").is_none());
}

#[test]
fn the_map_labels_a_corridor_with_its_line() {
    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    harness.state_mut().set_map_view([121.62, 38.93], 12.0);
    harness.run();
    let labels = harness.state().map_labels().to_vec();
    assert!(
        labels.iter().any(|l| l.starts_with("轨道交通 · 地铁")),
        "a metro line is labelled with its line: {labels:?}"
    );
    assert!(!labels.iter().any(|l| l == "轨道交通"), "{labels:?}");
}
