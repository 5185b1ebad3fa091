//! Linked layers in the window (issue 18, point 10): the 样式 section's checkbox saves
//! a layer as a link to its file (undoable), and opening a project whose linked file is
//! gone says so in the problems window while the layer stays in the project.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use common::{harness_with, plan, temp_dir};
use dalian_atlas::action::{Action, DocAction, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::state::AppState;
use egui_kittest::kittest::Queryable;

const STATIONS: &str = r#"{"type":"FeatureCollection","name":"站点","features":[
 {"type":"Feature","properties":{"名称":"甲站"},"geometry":{"type":"Point","coordinates":[121.60,39.02]}},
 {"type":"Feature","properties":{"名称":"乙站"},"geometry":{"type":"Point","coordinates":[121.66,39.05]}}]}"#;

#[test]
fn the_link_checkbox_links_a_layer_undoably_and_a_missing_file_is_said_on_opening() {
    let dir = temp_dir("ui-linked");
    let data = dir.join("站点.geojson");
    std::fs::write(&data, STATIONS).unwrap();
    let state = AppState {
        right_tab: RightTab::Layers,
        ..AppState::default()
    };
    let mut harness = harness_with(AtlasApp::with_state(plan(), state));
    let doc = |h: &mut egui_kittest::Harness<'static, AtlasApp>, a: DocAction| {
        h.state_mut().apply(Action::Document(a)).unwrap();
        h.run();
    };
    doc(
        &mut harness,
        DocAction::ImportPath {
            path: data.clone(),
            gcj02: false,
        },
    );
    harness.state_mut().finish_import();
    harness.run();
    assert!(
        !harness.state().document().project.user_layers[0].linked,
        "a small file is embedded"
    );

    harness.get_all_by_label("样式").next().unwrap().click();
    harness.run();
    harness.get_by_label("链接源文件（不存入项目）").click();
    harness.run();
    assert!(harness.state().document().project.user_layers[0].is_link());
    doc(&mut harness, DocAction::Undo);
    assert!(
        !harness.state().document().project.user_layers[0].linked,
        "one undo takes it back"
    );
    doc(&mut harness, DocAction::Redo);

    let project = dir.join("评估.atlas.json");
    doc(&mut harness, DocAction::SaveToPath(project.clone()));
    let text = std::fs::read_to_string(&project).unwrap();
    assert!(
        text.contains(r#""link":"站点.geojson""#) && !text.contains("甲站"),
        "{text}"
    );

    std::fs::remove_file(&data).unwrap();
    doc(&mut harness, DocAction::OpenPath(project.clone()));
    let problem = harness
        .state()
        .state()
        .problem
        .clone()
        .expect("the missing file is said");
    assert!(format!("{problem:?}").contains("站点.geojson"), "{problem:?}");
    assert!(
        harness
            .query_all_by_label_contains("链接图层“站点”的文件不存在")
            .next()
            .is_some(),
        "shown in Chinese"
    );
    let layers = &harness.state().document().project.user_layers;
    assert_eq!(layers.len(), 1, "the layer stays");
    assert!(layers[0].layer.features.is_empty() && layers[0].is_link());
    let _ = std::fs::remove_dir_all(&dir);
}
