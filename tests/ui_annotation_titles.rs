#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Annotation titles on the map (issue 18, point 7): a titled annotation's title is
//! placed with the map's labels; unticking 在地图上显示标题 in its editor takes it away
//! (one undo brings it back); the flag survives a project's save and load, and a project
//! without it draws titles.

mod common;

use common::{harness_with, plan};
use dalian_atlas::action::{Action, DocAction, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::model::{Annotation, AnnotationKind, Project};
use dalian_atlas::state::AppState;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::Value;

const CENTRE: [f64; 2] = [121.62, 38.92];

fn labelled(harness: &Harness<'static, AtlasApp>, text: &str) -> bool {
    harness.state().placed_labels().iter().any(|l| l.text == text)
}

/// The window on central Dalian with one annotation added (and so selected, its editor
/// open).
fn harness_with_annotation(a: Annotation) -> Harness<'static, AtlasApp> {
    let mut app = AtlasApp::with_state(plan(), AppState::default());
    app.set_map_view(CENTRE, 12.0);
    let mut harness = harness_with(app);
    harness
        .state_mut()
        .apply(Action::Document(DocAction::AddAnnotation(a)))
        .expect("adds");
    harness.run();
    harness
}

#[test]
fn a_polygon_title_is_placed_as_a_map_label_and_unticking_the_box_takes_it_away_undoably() {
    let ring = vec![[121.56, 38.95], [121.60, 38.95], [121.60, 38.97], [121.56, 38.97]];
    let a = Annotation::new(0, AnnotationKind::Polygon, ring)
        .expect("valid")
        .with_title("拟建算力园区");
    let mut harness = harness_with_annotation(a);
    assert_eq!(harness.state().state().right_tab, RightTab::Annotations);
    assert!(labelled(&harness, "拟建算力园区"), "{:?}", harness.state().map_labels());
    harness.get_by_label("在地图上显示标题").click();
    harness.run();
    assert!(!harness.state().document().project.annotations[0].show_title);
    assert!(!labelled(&harness, "拟建算力园区"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().document().project.annotations[0].show_title);
    assert!(labelled(&harness, "拟建算力园区"));
}

#[test]
fn a_point_title_is_placed_beside_its_marker_and_a_line_title_near_its_middle() {
    let point = Annotation::new(0, AnnotationKind::Point, vec![CENTRE])
        .expect("valid")
        .with_title("5G 站址");
    let mut harness = harness_with_annotation(point);
    let line = Annotation::new(0, AnnotationKind::Line, vec![[121.58, 38.94], [121.66, 38.94]])
        .expect("valid")
        .with_title("光缆干线");
    harness
        .state_mut()
        .apply(Action::Document(DocAction::AddAnnotation(line)))
        .expect("adds");
    harness.run();
    let app = harness.state();
    let marker = app.map_pos_of_lon_lat(CENTRE).expect("drawn");
    let label = app
        .placed_labels()
        .iter()
        .find(|l| l.text == "5G 站址")
        .expect("placed");
    assert!(!label.rect.contains(marker), "beside the marker, not on it");
    assert!(label.rect.distance_to_pos(marker) < 20.0, "{:?} {marker:?}", label.rect);
    let middle = app.map_pos_of_lon_lat([121.62, 38.94]).expect("drawn");
    let label = app
        .placed_labels()
        .iter()
        .find(|l| l.text == "光缆干线")
        .expect("placed");
    assert!(label.rect.distance_to_pos(middle) < 20.0, "{:?} {middle:?}", label.rect);
}

#[test]
fn the_show_title_flag_survives_a_project_round_trip_and_older_projects_draw_titles() {
    let mut p = Project::default();
    let mut hidden = Annotation::new(1, AnnotationKind::Point, vec![CENTRE])
        .expect("valid")
        .with_title("不显示");
    hidden.show_title = false;
    hidden.extra.insert("来源".into(), Value::from("外业"));
    let shown = Annotation::new(2, AnnotationKind::Point, vec![[121.6, 38.9]])
        .expect("valid")
        .with_title("显示");
    p.annotations = vec![hidden, shown];
    let text = p.to_json();
    let again = Project::from_json(&text).expect("reads");
    assert_eq!(again, p);
    assert!(!again.annotations[0].show_title);
    assert_eq!(again.annotations[0].extra["来源"], "外业");
    // Only the exception is written: a project from before the flag reads as shown.
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["annotations"]["features"][0]["properties"]["atlas:show_title"], false);
    assert!(
        v["annotations"]["features"][1]["properties"]
            .get("atlas:show_title")
            .is_none()
    );
    let older = r#"{"format":"dalian-atlas-project","version":1,"annotations":{"type":"FeatureCollection",
        "features":[{"type":"Feature","id":3,"properties":{"atlas:kind":"point","title":"旧"},
        "geometry":{"type":"Point","coordinates":[121.6,38.9]}}]}}"#;
    assert!(Project::from_json(older).expect("reads").annotations[0].show_title);
}
