//! The feature card's 位置依据 row, driven through egui_kittest: the Chinese interface
//! shows the catalogue's `source_zh`, the English one its `source`, never the other.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use common::{click_at, dlut_on_map, harness_with, plan};
use dalian_atlas::action::{Action, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::catalogue::Feature;
use dalian_atlas::i18n::Lang;
use dalian_atlas::state::AppState;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, AtlasApp> {
    harness_with(AtlasApp::with_state(plan(), AppState::default()))
}

fn apply(harness: &mut Harness<'static, AtlasApp>, action: Action) {
    harness.state_mut().apply(action).expect("the action applies");
    harness.run();
}

fn feature(harness: &Harness<'static, AtlasApp>, id: &str) -> Feature {
    harness
        .state()
        .catalogue()
        .feature(id)
        .cloned()
        .expect("a catalogue feature")
}

/// The card shows `shown` and not `hidden`.
fn assert_source_row(harness: &Harness<'static, AtlasApp>, shown: &str, hidden: &str) {
    harness.get_by_label(shown);
    assert!(
        harness.query_by_label(hidden).is_none(),
        "the card shows the other language's source: {hidden}"
    );
}

#[test]
fn clicking_a_university_opens_a_chinese_card_whose_source_is_chinese() {
    let mut harness = harness();
    assert_eq!(
        harness.state().state().lang,
        Lang::Zh,
        "the interface starts in Chinese"
    );
    let at = dlut_on_map(&mut harness);
    click_at(&mut harness, at);

    let state = harness.state().state();
    assert_eq!(state.selected_feature.as_deref(), Some("uni.dlut"));
    assert_eq!(state.right_tab, RightTab::Feature);
    harness.get_by_label("大致位置");
    harness.get_by_label("位置依据");
    let f = feature(&harness, "uni.dlut");
    assert!(
        f.source_zh.contains("凌工路") && f.source_zh.contains("非实测"),
        "{}",
        f.source_zh
    );
    assert_source_row(&harness, &f.source_zh, &f.source);
}

#[test]
fn the_source_row_follows_the_interface_language() {
    let mut harness = harness();
    // A point, a corridor (the longest notes) and a feature the plan does not place.
    for id in ["park.dalian-software-park", "5g.corridor.metro-3", "project.city-brain"] {
        apply(&mut harness, Action::SetLanguage(Lang::Zh));
        apply(&mut harness, Action::SelectFeature(Some(id.into())));
        let f = feature(&harness, id);
        harness.get_by_label("位置依据");
        assert_source_row(&harness, &f.source_zh, &f.source);

        apply(&mut harness, Action::SetLanguage(Lang::En));
        harness.get_by_label("Where the position comes from");
        assert_source_row(&harness, &f.source, &f.source_zh);
    }
}
