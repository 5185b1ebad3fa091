//! Imported GeoJSON layers in the window, driven through egui_kittest: the 样式 section of
//! each layer in the layers tab (colour, opacity, label and colour-by properties, order)
//! and the card of an imported feature clicked on the map.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use common::{click_at, harness_with, plan, temp_dir};
use dalian_atlas::action::{Action, DocAction, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::state::AppState;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

/// Four stations north of the city centre: two kinds, one without a kind (其他), one
/// with its own simplestyle colour and a long note.
const STATIONS: &str = r##"{"type":"FeatureCollection","name":"stations","features":[
 {"type":"Feature","id":"s1","properties":{"站名":"甲站","类型":"机房","备注":"该站点为规划中的边缘计算节点，拟与周边园区共建共享机房、电力与光缆资源，建设期约两年。","marker-color":"#e31a1c","容量":12.5},"geometry":{"type":"Point","coordinates":[121.60,39.02]}},
 {"type":"Feature","properties":{"站名":"乙站","类型":"基站"},"geometry":{"type":"Point","coordinates":[121.66,39.05]}},
 {"type":"Feature","properties":{"站名":"丙站","类型":"基站","owner":null},"geometry":{"type":"Point","coordinates":[121.56,39.07]}},
 {"type":"Feature","properties":{"站名":"丁站"},"geometry":{"type":"Point","coordinates":[121.70,39.00]}}]}"##;

/// A line to import as a second layer.
const ROUTES: &str = r##"{"type":"FeatureCollection","name":"routes","features":[
 {"type":"Feature","properties":{"线名":"环线"},"geometry":{"type":"LineString","coordinates":[[121.55,39.00],[121.70,39.08]]}}]}"##;

const CENTRE: [f64; 2] = [121.63, 39.04];

fn harness() -> Harness<'static, AtlasApp> {
    let state = AppState {
        right_tab: RightTab::Layers,
        ..AppState::default()
    };
    let mut harness = harness_with(AtlasApp::with_state(plan(), state));
    harness.state_mut().set_map_view(CENTRE, 12.0);
    harness.run();
    harness
}

fn doc(harness: &mut Harness<'static, AtlasApp>, action: DocAction) {
    harness.state_mut().apply(Action::Document(action)).expect("applies");
    harness.run();
}

/// Writes `text` to `name` in `dir` and imports it.
fn import(harness: &mut Harness<'static, AtlasApp>, dir: &std::path::Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("fixture");
    doc(harness, DocAction::ImportPath { path, gcj02: false });
    harness.state_mut().finish_import();
    harness.run();
}

/// Two GeoJSON files asked for in a row (as with repeated `--import` or two dropped
/// files): the second waits for the first, and both become layers, in that order.
#[test]
fn two_geojson_imports_in_a_row_add_two_layers() {
    let dir = temp_dir("user-layers-queue");
    let mut harness = harness();
    let stations = dir.join("stations.geojson");
    let routes = dir.join("routes.geojson");
    std::fs::write(&stations, STATIONS).expect("fixture");
    std::fs::write(&routes, ROUTES).expect("fixture");
    for path in [stations, routes] {
        harness
            .state_mut()
            .apply(Action::Document(DocAction::ImportPath { path, gcj02: false }))
            .expect("applies");
    }
    harness.state_mut().finish_import();
    harness.run();
    let layers = &harness.state().document().project.user_layers;
    let names: Vec<&str> = layers.iter().map(|l| l.layer.name.as_str()).collect();
    assert_eq!(names, ["stations", "routes"]);
    assert!(!harness.state().importing());
    assert_eq!(harness.state().queued_imports(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Opens the 样式 section of the first (top) imported layer.
fn open_style(harness: &mut Harness<'static, AtlasApp>) {
    harness
        .get_all_by_label("样式")
        .next()
        .expect("a style section")
        .click();
    harness.run();
}

/// Picks `choice` in the combo box labelled `label` (of the top layer).
fn choose(harness: &mut Harness<'static, AtlasApp>, label: &str, choice: &str) {
    harness
        .get_all_by_role_and_label(Role::ComboBox, label)
        .next()
        .expect("the combo box")
        .click();
    harness.run();
    harness
        .get_all_by_label(choice)
        .last()
        .expect("the choice in the open list")
        .click();
    harness.run();
}

fn style(harness: &Harness<'static, AtlasApp>, index: usize) -> dalian_atlas::model::UserLayerStyle {
    harness.state().document().project.user_layers[index].style.clone()
}

fn undo(harness: &mut Harness<'static, AtlasApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
}

#[test]
fn choosing_a_label_property_labels_the_features_on_the_map() {
    let dir = temp_dir("label");
    let mut harness = harness();
    import(&mut harness, &dir, "stations.geojson", STATIONS);
    assert!(
        !harness.state().map_labels().iter().any(|l| l == "甲站"),
        "no labels before a label property is chosen"
    );
    open_style(&mut harness);
    choose(&mut harness, "标注字段", "站名");

    assert_eq!(style(&harness, 0).label_property.as_deref(), Some("站名"));
    harness.run();
    let labels = harness.state().map_labels();
    for name in ["甲站", "乙站", "丙站", "丁站"] {
        assert!(labels.iter().any(|l| l == name), "{name} in {labels:?}");
    }

    // 无 takes the labels away again.
    choose(&mut harness, "标注字段", "无");
    assert_eq!(style(&harness, 0).label_property, None);
    harness.run();
    assert!(!harness.state().map_labels().iter().any(|l| l == "甲站"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn colour_by_property_lists_categories_in_the_legend() {
    let dir = temp_dir("colour-by");
    let mut harness = harness();
    import(&mut harness, &dir, "stations.geojson", STATIONS);
    assert!(harness.state().map_legend().iter().any(|r| r == "stations"));
    open_style(&mut harness);
    // The combo lists every property name, the simplestyle ones too.
    harness
        .get_all_by_role_and_label(Role::ComboBox, "分类着色")
        .next()
        .expect("the combo box")
        .click();
    harness.run();
    for key in ["站名", "类型", "备注", "容量", "owner", "marker-color"] {
        assert!(harness.query_by_label(key).is_some(), "{key} offered");
    }
    harness.get_all_by_label("类型").last().expect("类型").click();
    harness.run();

    assert_eq!(style(&harness, 0).colour_property.as_deref(), Some("类型"));
    harness.run();
    let legend = harness.state().map_legend();
    let rows: Vec<&String> = legend.iter().filter(|r| r.starts_with("stations")).collect();
    assert_eq!(
        rows,
        ["stations · 基站", "stations · 机房", "stations · 其他 / other"],
        "one row per value (sorted) and 其他 for the station without a kind"
    );
    // The section shows the same categories as swatches.
    harness.get_by_label("基站");
    harness.get_by_label("机房");
    harness.get_by_label("其他");
    // The layer colour has no effect now and says why.
    let colour = harness
        .get_all_by_role_and_label(Role::ColorWell, "颜色")
        .next()
        .expect("the colour button");
    assert!(colour.accesskit_node().is_disabled());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn moving_a_layer_up_changes_the_project_order_and_undo_restores_it() {
    let dir = temp_dir("move");
    let mut harness = harness();
    import(&mut harness, &dir, "stations.geojson", STATIONS);
    import(&mut harness, &dir, "routes.geojson", ROUTES);
    let names = |harness: &Harness<'static, AtlasApp>| -> Vec<String> {
        harness
            .state()
            .document()
            .project
            .user_layers
            .iter()
            .map(|l| l.layer.name.clone())
            .collect()
    };
    assert_eq!(
        names(&harness),
        ["stations", "routes"],
        "bottom first: the later import on top"
    );
    // The list shows routes (top) first: its ▲ is disabled, and the first enabled ▲ is
    // that of stations, below it.
    let ups: Vec<_> = harness.get_all_by_label("▲").collect();
    assert!(ups[0].accesskit_node().is_disabled(), "the top layer cannot move up");
    ups[1].click();
    harness.run();
    assert_eq!(names(&harness), ["routes", "stations"]);
    let legend = harness.state().map_legend();
    let first_user_row = legend
        .iter()
        .find(|r| r.starts_with("stations") || r.starts_with("routes"));
    assert_eq!(
        first_user_row.map(String::as_str),
        Some("stations"),
        "the legend lists the top layer first"
    );

    undo(&mut harness);
    assert_eq!(names(&harness), ["stations", "routes"], "undo restores the order");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn changing_opacity_by_dragging_is_one_undo_step() {
    let dir = temp_dir("opacity");
    let mut harness = harness();
    import(&mut harness, &dir, "stations.geojson", STATIONS);
    open_style(&mut harness);
    let slider = harness
        .get_all_by_role_and_label(Role::Slider, "不透明度")
        .next()
        .expect("the user layer's slider (listed before the plan layers)")
        .rect();
    // From the right end (100 %) leftwards, a frame at a time.
    let y = slider.center().y;
    let start = egui::pos2(slider.right() - 2.0, y);
    harness.hover_at(start);
    harness.run();
    harness.drag_at(start);
    harness.run();
    let mut seen = Vec::new();
    for k in 1..=6 {
        harness.hover_at(egui::pos2(slider.right() - 2.0 - k as f32 * slider.width() / 10.0, y));
        harness.run();
        seen.push(style(&harness, 0).opacity);
    }
    let end = egui::pos2(slider.right() - 2.0 - 6.0 * slider.width() / 10.0, y);
    harness.drop_at(end);
    harness.run();
    let dragged = style(&harness, 0).opacity;
    assert!(dragged < 0.6, "{dragged} after {seen:?}");
    seen.dedup();
    assert!(seen.len() >= 3, "the opacity followed the drag: {seen:?}");
    harness.get_by_label(&format!("{:.0}%", dragged * 100.0));

    undo(&mut harness);
    let app = harness.state();
    assert_eq!(app.document().project.user_layers.len(), 1, "the import is not undone");
    assert_eq!(
        app.document().project.user_layers[0].style.opacity,
        1.0,
        "one undo takes back the whole drag"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn clicking_an_imported_point_on_the_map_opens_its_card_with_all_properties() {
    let dir = temp_dir("card");
    let mut harness = harness();
    import(&mut harness, &dir, "stations.geojson", STATIONS);
    let at = harness.state().map_pos_of_lon_lat([121.60, 39.02]).expect("on screen");
    click_at(&mut harness, at);
    // Away from the point, so that its hover text does not repeat the card.
    harness.hover_at(egui::pos2(5.0, 500.0));
    harness.run();

    let app = harness.state();
    assert_eq!(app.selected_user_feature(), Some((0, 0)));
    assert_eq!(app.state().right_tab, RightTab::Feature);
    // Named as its hover text names it (no label property, title or name: its id), and
    // the id in its own row.
    assert_eq!(harness.get_all_by_label("s1").count(), 2, "the title and the id row");
    harness.get_by_label("stations");
    harness.get_by_label("Point");
    harness.get_by_label("属性（5）");
    for (key, value) in [
        ("站名", "甲站"),
        ("类型", "机房"),
        ("容量", "12.5"),
        ("marker-color", "#e31a1c"),
    ] {
        harness.get_by_label(key);
        assert!(harness.query_all_by_label(value).next().is_some(), "{value}");
    }
    harness.get_by_label_contains("该站点为规划中的边缘计算节点");
    harness.get_by_label("灰色的是绘图样式属性（simplestyle）");
    assert!(harness.query_by_label_contains("该图层已隐藏").is_none());

    // A null value is shown as null.
    let at = harness.state().map_pos_of_lon_lat([121.56, 39.07]).expect("on screen");
    click_at(&mut harness, at);
    harness.hover_at(egui::pos2(5.0, 500.0));
    harness.run();
    assert_eq!(harness.state().selected_user_feature(), Some((0, 2)));
    harness.get_by_label("owner");
    harness.get_by_label("null");

    harness.get_by_label("取消选择").click();
    harness.run();
    assert_eq!(harness.state().selected_user_feature(), None);
    harness.get_by_label("在地图上点击一个要素，或在搜索结果中选择一个要素。");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_card_of_a_feature_in_a_hidden_layer_says_so_and_offers_to_show_it() {
    let dir = temp_dir("hidden");
    let mut harness = harness();
    import(&mut harness, &dir, "stations.geojson", STATIONS);
    doc(&mut harness, DocAction::SelectUserFeature(Some((0, 1))));
    doc(&mut harness, DocAction::SetUserLayerVisible(0, false));
    harness.get_by_label("乙站");
    harness.get_by_label("该图层已隐藏，地图上不显示此要素");
    harness.get_by_label("显示该图层").click();
    harness.run();
    assert!(harness.state().document().project.user_layers[0].visible);
    assert!(harness.query_by_label("该图层已隐藏，地图上不显示此要素").is_none());
    let _ = std::fs::remove_dir_all(dir);
}

/// Renders a styled, categorised layer with labels and the card of one of its features,
/// for a human to look at (`cargo test --test ui_user_layers -- --ignored`); needs a
/// wgpu adapter (a software one does). Writes /tmp/kittest-user-layers.png and
/// /tmp/kittest-user-feature.png.
#[test]
#[ignore = "writes review images; run by hand"]
fn review_images_of_a_styled_user_layer_are_written() {
    let dir = temp_dir("review");
    let mut harness = harness();
    import(&mut harness, &dir, "routes.geojson", ROUTES);
    import(&mut harness, &dir, "stations.geojson", STATIONS);
    open_style(&mut harness);
    choose(&mut harness, "标注字段", "站名");
    choose(&mut harness, "分类着色", "类型");
    let mut routes = style(&harness, 0);
    routes.colour = dalian_atlas::model::Rgb([0x2c, 0xa2, 0x5f]);
    routes.opacity = 0.7;
    doc(&mut harness, DocAction::SetUserLayerStyle(0, routes));
    harness.run();
    harness
        .render()
        .expect("renders")
        .save("/tmp/kittest-user-layers.png")
        .expect("saves");
    let at = harness.state().map_pos_of_lon_lat([121.60, 39.02]).expect("on screen");
    click_at(&mut harness, at);
    harness.run();
    harness
        .render()
        .expect("renders")
        .save("/tmp/kittest-user-feature.png")
        .expect("saves");
    let _ = std::fs::remove_dir_all(dir);
}
