#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The ruler's gestures (issue 18, point 8) on the annotation layer's state machine,
//! frame by frame: double-click ends a measurement, a click on the first point closes
//! it, a click after the end starts the next one, Backspace reopens it, a right-click
//! cancels; the ruler never emits an annotation by itself.

use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::map::annotations::{AnnotationEvent, AnnotationInput, GeoScreen, Sketch, Tool, update_sketch};
use dalian_atlas::map::lod::ScreenFromMercator;
use dalian_atlas::model::{AnnotationKind, Style};
use egui::{Key, pos2};

struct Ruler {
    sketch: Sketch,
    screen: GeoScreen,
    events: Vec<AnnotationEvent>,
}

impl Ruler {
    fn new() -> Ruler {
        Ruler {
            sketch: Sketch::default(),
            screen: GeoScreen::new(
                ScreenFromMercator::new(12.0, [121.6, 38.9], pos2(400.0, 300.0)),
                CoordinateSystem::Wgs84,
            ),
            events: Vec::new(),
        }
    }

    fn frame(&mut self, input: AnnotationInput) {
        let events = update_sketch(
            &mut self.sketch,
            Tool::Measure,
            &input,
            &[],
            None,
            &self.screen,
            &Style::default(),
        );
        self.events.extend(events);
    }

    fn click(&mut self, x: f32, y: f32) {
        let p = pos2(x, y);
        self.frame(AnnotationInput::hover(p));
        self.frame(AnnotationInput::press(p));
        self.frame(AnnotationInput::click(p));
    }

    fn double_click(&mut self, x: f32, y: f32) {
        let p = pos2(x, y);
        self.frame(AnnotationInput::press(p));
        self.frame(AnnotationInput::double_click(p));
    }

    fn key(&mut self, key: Key) {
        self.frame(AnnotationInput::key(key, Some(pos2(10.0, 10.0))));
    }
}

#[test]
fn a_double_click_ends_the_measurement_as_a_line_and_creates_nothing() {
    let mut r = Ruler::new();
    r.click(100.0, 100.0);
    r.click(200.0, 150.0);
    assert_eq!(r.sketch.measured, None);
    r.click(300.0, 120.0);
    r.double_click(300.0, 120.0);
    assert_eq!(r.sketch.placed.len(), 3, "the double-click's place is not added twice");
    assert_eq!(r.sketch.measured, Some(AnnotationKind::Line));
    assert!(r.events.is_empty(), "{:?}", r.events);
}

#[test]
fn a_click_on_the_first_of_three_points_closes_the_measurement() {
    let mut r = Ruler::new();
    for (x, y) in [(100.0, 100.0), (200.0, 100.0), (150.0, 200.0), (101.0, 101.0)] {
        r.click(x, y);
    }
    assert_eq!(r.sketch.placed.len(), 3);
    assert_eq!(r.sketch.measured, Some(AnnotationKind::Polygon));
}

#[test]
fn a_click_after_the_end_starts_the_next_measurement_and_backspace_reopens_it() {
    let mut r = Ruler::new();
    r.click(100.0, 100.0);
    r.click(200.0, 100.0);
    r.key(Key::Enter);
    assert_eq!(r.sketch.measured, Some(AnnotationKind::Line));
    r.key(Key::Backspace);
    assert_eq!((r.sketch.placed.len(), r.sketch.measured), (1, None));
    r.click(250.0, 100.0);
    r.key(Key::Enter);
    r.click(300.0, 300.0);
    assert_eq!(r.sketch.placed, vec![r.screen.lon_lat(pos2(300.0, 300.0))]);
    assert_eq!(r.sketch.measured, None);
}

#[test]
fn enter_with_a_single_point_does_not_end_the_measurement() {
    let mut r = Ruler::new();
    r.click(100.0, 100.0);
    r.key(Key::Enter);
    assert_eq!(r.sketch.measured, None);
}

#[test]
fn a_right_click_cancels_the_measurement() {
    let mut r = Ruler::new();
    r.click(100.0, 100.0);
    r.click(200.0, 100.0);
    r.frame(AnnotationInput {
        secondary_clicked: true,
        ..AnnotationInput::hover(pos2(150.0, 150.0))
    });
    assert!(r.sketch.placed.is_empty());
    assert_eq!(r.events, vec![AnnotationEvent::Cancelled]);
}
