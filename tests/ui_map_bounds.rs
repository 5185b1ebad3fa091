#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The window keeps the map where the context land covers it (issue 16): however far the
//! user zooms out or pans, the map never leaves the land and sea it can draw.

mod common;

use common::{harness_with, plan};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::basemap::{CONTEXT_CENTRE_BOX_LON_LAT, CONTEXT_MIN_ZOOM};
use dalian_atlas::state::AppState;

fn wheel(harness: &mut egui_kittest::Harness<'static, AtlasApp>, lines: f32) {
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, lines),
        phase: egui::TouchPhase::Move,
        modifiers: egui::Modifiers::NONE,
        source: egui::MouseWheelSource::Wheel,
    });
    harness.run();
}

#[test]
fn zooming_out_far_stops_at_the_lowest_zoom_the_context_land_covers() {
    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    let map = harness.state().map_rect().expect("drawn");
    harness.hover_at(map.center());
    for _ in 0..12 {
        wheel(&mut harness, -5.0);
    }
    let (_, zoom) = harness.state().map_view();
    assert_eq!(zoom, CONTEXT_MIN_ZOOM, "zoomed out to the limit and no further");
}

#[test]
fn a_view_far_from_dalian_is_brought_back_within_the_context_land() {
    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    harness.state_mut().set_map_view([100.0, 20.0], 3.0);
    harness.run();
    let ([lon, lat], zoom) = harness.state().map_view();
    let (w, s, e, n) = CONTEXT_CENTRE_BOX_LON_LAT;
    assert!((w..=e).contains(&lon) && (s..=n).contains(&lat), "centre {lon}, {lat}");
    assert!(zoom >= CONTEXT_MIN_ZOOM, "zoom {zoom}");
    // A view within the limits is left as it is.
    harness.state_mut().set_map_view([121.4, 37.6], 10.0);
    harness.run();
    let ([lon, lat], zoom) = harness.state().map_view();
    assert!((lon - 121.4).abs() < 1e-9 && (lat - 37.6).abs() < 1e-9 && (zoom - 10.0).abs() < 1e-9);
}
