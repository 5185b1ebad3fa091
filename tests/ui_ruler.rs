#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The ruler in the window (issue 18, point 8), driven through egui_kittest: M picks it,
//! clicks measure, the readout shows the domain's measurement in the interface language,
//! Esc, a right-click and Backspace edit it, and 转为标注 makes one annotation that one
//! undo removes. The ruler itself changes nothing in the project.

mod common;

use common::{click_at, harness_with, plan};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::i18n::Lang;
use dalian_atlas::map::annotations::Tool;
use dalian_atlas::model::AnnotationKind;
use dalian_atlas::model::measure::{Reading, format_area, format_length};
use dalian_atlas::state::AppState;
use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const CENTRE: [f64; 2] = [121.62, 38.92];

fn harness(lang: Lang) -> Harness<'static, AtlasApp> {
    let mut app = AtlasApp::with_state(
        plan(),
        AppState {
            lang,
            ..Default::default()
        },
    );
    app.set_map_view(CENTRE, 12.0);
    harness_with(app)
}

fn centre(harness: &Harness<'static, AtlasApp>) -> Pos2 {
    harness.state().map_pos_of_lon_lat(CENTRE).expect("the map was drawn")
}

fn press(harness: &mut Harness<'static, AtlasApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

/// Presses M and clicks three points around the map's centre; returns where.
fn measure_three_points(harness: &mut Harness<'static, AtlasApp>) -> Vec<Pos2> {
    press(harness, Key::M);
    assert_eq!(harness.state().tool(), Tool::Measure);
    let c = centre(harness);
    let at: Vec<Pos2> = [vec2(-120.0, 40.0), vec2(60.0, 60.0), vec2(20.0, -90.0)]
        .into_iter()
        .map(|d| c + d)
        .collect();
    for p in &at {
        click_at(harness, *p);
    }
    at
}

fn points(harness: &Harness<'static, AtlasApp>) -> Vec<[f64; 2]> {
    harness.state().ruler().0.to_vec()
}

#[test]
fn m_and_three_clicks_and_enter_measure_a_line_whose_readout_is_the_domain_measurement() {
    let mut harness = harness(Lang::Zh);
    measure_three_points(&mut harness);
    // Enter ends it: the readout is of the placed points, without the pointer's.
    press(&mut harness, Key::Enter);
    let (placed, measured) = harness.state().ruler();
    assert_eq!(placed.len(), 3);
    assert_eq!(measured, Some(AnnotationKind::Line));
    let reading = Reading::new(placed, false);
    assert!(reading.total_m > 1000.0, "{reading:?}");
    harness.get_by_label("总长");
    harness.get_by_label(&format_length(Lang::Zh, reading.total_m));
    harness.get_by_label(&format_length(Lang::Zh, reading.segment_m));
    harness.get_by_label(&format_area(Lang::Zh, reading.area_m2.expect("three points")));
    // Measuring is not editing: the project is unchanged.
    assert!(harness.state().document().project.annotations.is_empty());
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn the_readout_is_in_english_in_the_english_interface() {
    let mut harness = harness(Lang::En);
    measure_three_points(&mut harness);
    press(&mut harness, Key::Enter);
    let reading = Reading::new(&points(&harness), false);
    harness.get_by_label("Total");
    harness.get_by_label("Area");
    harness.get_by_label(&format_area(Lang::En, reading.area_m2.expect("three points")));
    harness.get_by_label("Make annotation");
}

#[test]
fn a_closed_measurement_becomes_one_polygon_annotation_and_one_undo_removes_it() {
    let mut harness = harness(Lang::Zh);
    let at = measure_three_points(&mut harness);
    // A click on the first point closes the measurement.
    click_at(&mut harness, at[0]);
    assert_eq!(harness.state().ruler().1, Some(AnnotationKind::Polygon));
    let placed = points(&harness);
    harness.get_by_label("周长");
    harness.get_by_label("转为标注").click();
    harness.run();
    let annotations = &harness.state().document().project.annotations;
    assert_eq!(annotations.len(), 1);
    assert_eq!(annotations[0].kind, AnnotationKind::Polygon);
    assert_eq!(annotations[0].vertices.len(), 3);
    // The annotation keeps the measured points (rounded to 7 decimals, about 1 cm).
    for v in &placed {
        let near = |w: &[f64; 2]| (w[0] - v[0]).abs() < 1e-6 && (w[1] - v[1]).abs() < 1e-6;
        assert!(
            annotations[0].vertices.iter().any(near),
            "{v:?} in {:?}",
            annotations[0].vertices
        );
    }
    assert!(points(&harness).is_empty(), "the ruler starts over");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().document().project.annotations.is_empty());
}

#[test]
fn an_open_measurement_becomes_a_line_annotation() {
    let mut harness = harness(Lang::Zh);
    measure_three_points(&mut harness);
    press(&mut harness, Key::Enter);
    harness.get_by_label("转为标注").click();
    harness.run();
    let annotations = &harness.state().document().project.annotations;
    assert_eq!(annotations.len(), 1);
    assert_eq!(annotations[0].kind, AnnotationKind::Line);
}

#[test]
fn backspace_removes_the_last_point_and_esc_or_a_right_click_cancels() {
    let mut harness = harness(Lang::Zh);
    measure_three_points(&mut harness);
    press(&mut harness, Key::Backspace);
    assert_eq!(points(&harness).len(), 2);
    press(&mut harness, Key::Escape);
    assert!(points(&harness).is_empty());
    assert_eq!(harness.state().tool(), Tool::Measure);
    let c = centre(&harness);
    click_at(&mut harness, c);
    click_at(&mut harness, c + vec2(100.0, 0.0));
    assert_eq!(points(&harness).len(), 2);
    let at = c + vec2(50.0, 50.0);
    harness.hover_at(at);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.run();
    }
    assert!(points(&harness).is_empty(), "a right-click cancels");
    assert!(harness.state().document().project.annotations.is_empty());
}
