//! The window on a small screen: the side panels leave the map at least half the width,
//! and F2 / F3 fold and unfold them (egui_kittest, no real window or monitor).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use common::plan;
use dalian_atlas::app::AtlasApp;
use dalian_atlas::i18n::Lang;
use dalian_atlas::state::AppState;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn laptop() -> Harness<'static, AtlasApp> {
    laptop_in(Lang::Zh)
}

fn laptop_in(lang: Lang) -> Harness<'static, AtlasApp> {
    let state = AppState {
        lang,
        ..AppState::default()
    };
    common::harness_sized(AtlasApp::with_state(plan(), state), [1366.0, 768.0])
}

fn map_width(harness: &Harness<'static, AtlasApp>) -> f32 {
    harness.state().map_rect().expect("the map is drawn").width()
}

fn press(harness: &mut Harness<'static, AtlasApp>, key: egui::Key) {
    harness.key_press(key);
    harness.run();
}

#[test]
fn at_1366_by_768_both_panels_show_and_the_map_keeps_at_least_half_the_width() {
    let harness = laptop();
    let state = harness.state().state();
    assert!(state.show_plan && state.show_targets);
    harness.get_by_label("规划文本");
    harness.get_by_label("指标");
    let map = map_width(&harness);
    assert!(map >= 1366.0 / 2.0, "the map is {map} points wide of 1366");
    // The status bar (with the map's attribution) is inside the window, below the map.
    let status = harness.get_by_label_contains("OpenStreetMap").rect();
    let map_rect = harness.state().map_rect().expect("drawn");
    assert!(
        status.max.y <= 768.0 && status.min.y >= map_rect.max.y - 1.0,
        "{status:?} {map_rect:?}"
    );
}

#[test]
fn in_english_too_the_map_keeps_at_least_half_of_1366() {
    let harness = laptop_in(Lang::En);
    let map = map_width(&harness);
    assert!(
        map >= 1366.0 / 2.0,
        "the map is {map} points wide of 1366: {:?}",
        harness.state().map_rect()
    );
}

#[test]
fn f2_and_f3_fold_and_unfold_the_side_panels_and_the_map_takes_their_room() {
    let mut harness = laptop();
    let both = map_width(&harness);
    press(&mut harness, egui::Key::F2);
    assert!(!harness.state().state().show_plan, "F2 folds the plan panel");
    let without_plan = map_width(&harness);
    assert!(without_plan > both + 200.0, "{without_plan} vs {both}");
    press(&mut harness, egui::Key::F3);
    assert!(!harness.state().state().show_targets, "F3 folds the right panel");
    // The window's content has a margin of 8 points on either side in the harness.
    assert!(
        map_width(&harness) >= 1366.0 - 16.0,
        "the map has the whole width: {}",
        map_width(&harness)
    );
    press(&mut harness, egui::Key::F2);
    press(&mut harness, egui::Key::F3);
    let state = harness.state().state();
    assert!(state.show_plan && state.show_targets, "F2 and F3 unfold them");
    assert!(
        (map_width(&harness) - both).abs() < 1.0,
        "the panels come back at their widths"
    );
}

#[test]
fn the_view_menu_names_the_panel_keys() {
    let mut harness = laptop();
    harness.get_by_label("视图").click();
    harness.run();
    harness.get_by_label_contains("F2");
    harness.get_by_label_contains("F3");
}

#[test]
fn a_wide_window_keeps_the_wide_panels() {
    let harness = common::harness_sized(AtlasApp::with_state(plan(), AppState::default()), [1600.0, 1000.0]);
    let map = map_width(&harness);
    assert!(
        (map - (1600.0 - 16.0 - 500.0 - 430.0)).abs() < 2.0,
        "the map is {map} wide"
    );
}
