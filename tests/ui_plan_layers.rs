//! The plan on the map, driven through egui_kittest: map → text (a feature's card and
//! the paragraphs that mention it), text → map (a paragraph, section or target
//! highlights and frames its features), the layers panel, legend and search.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use common::{click_at, dlut_on_map, harness_with, plan};
use dalian_atlas::action::{Action, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::catalogue::Layer;
use dalian_atlas::state::AppState;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, AtlasApp> {
    harness_with(AtlasApp::with_state(plan(), AppState::default()))
}

fn index(app: &AtlasApp, id: &str) -> usize {
    app.catalogue()
        .features
        .iter()
        .position(|f| f.id == id)
        .expect("a catalogue feature")
}

fn apply(harness: &mut Harness<'static, AtlasApp>, action: Action) {
    harness.state_mut().apply(action).expect("the action applies");
    harness.run();
}

#[test]
fn clicking_a_university_on_the_map_opens_its_card_with_every_paragraph_naming_it() {
    let mut harness = harness();
    let at = dlut_on_map(&mut harness);
    harness.hover_at(at);
    harness.run();
    assert_eq!(harness.state().hovered_feature(), Some("uni.dlut"), "hover finds it");
    click_at(&mut harness, at);

    let state = harness.state().state();
    assert_eq!(state.selected_feature.as_deref(), Some("uni.dlut"));
    assert_eq!(state.right_tab, RightTab::Feature);
    harness.get_by_label("Dalian University of Technology");
    harness.get_by_label("大致位置");
    let mentions = harness
        .state()
        .links()
        .mentions_of(index(harness.state(), "uni.dlut"))
        .len();
    assert!(mentions >= 8, "{mentions}");
    harness.get_by_label(&format!("提及该要素的段落（{mentions}）"));

    // A paragraph of the card opens in the plan panel, scrolled to.
    harness.get_by_label_contains("box2.p3 · 专栏2").click();
    harness.run();
    assert_eq!(harness.state().state().shown.as_deref(), Some("box2"));
}

#[test]
fn a_paragraphs_feature_button_highlights_its_features_and_frames_the_map_on_them() {
    let mut harness = harness();
    apply(&mut harness, Action::Show("ch2.s4".into()));
    let (_, city_zoom) = harness.state().map_view();
    apply(&mut harness, Action::Show("ch5.s2".into()));
    // The paragraph that places the IC cluster in 金普新区.
    let buttons = harness.get_all_by_label_contains("◎").count();
    for k in 0..buttons {
        harness.get_all_by_label_contains("◎").nth(k).expect("button").click();
        harness.run();
        if harness.state().state().plan_focus.as_deref() == Some("ch5.s2.p3") {
            break;
        }
    }
    harness.run();

    let app = harness.state();
    let focus = app.state().plan_focus.clone().expect("a focused paragraph");
    assert_eq!(focus, "ch5.s2.p3");
    let highlighted = app.highlighted_features();
    assert!(
        highlighted.contains(&index(app, "park.ic-manufacturing-cluster")),
        "{highlighted:?}"
    );
    // Framed on 金普新区's cluster: closer than the whole 第二章第四节 layout.
    let ([lon, lat], zoom) = app.map_view();
    assert!(zoom > city_zoom, "{zoom} vs {city_zoom}");
    assert!(
        (121.4..122.6).contains(&lon) && (38.8..39.8).contains(&lat),
        "{lon}, {lat}"
    );
}

#[test]
fn a_section_in_the_outline_highlights_the_layout_and_its_parks() {
    let mut harness = harness();
    harness.get_by_label("第二章 总体要求").click();
    harness.run();
    harness
        .get_all_by_label("第四节 整体布局")
        .next()
        .expect("the outline entry comes first")
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.state().plan_focus.as_deref(), Some("ch2.s4"));
    let highlighted = app.highlighted_features();
    for id in [
        "layout.core.gaoxin",
        "layout.core.jinpu",
        "layout.zone.core-industry",
        "layout.zone.industrial-internet",
        "layout.zone.ecosystem",
        "park.dalian-software-park",
    ] {
        assert!(highlighted.contains(&index(app, id)), "{id} not highlighted");
    }
}

#[test]
fn selecting_the_5g_station_target_highlights_the_5g_priority_areas() {
    let mut harness = harness();
    apply(&mut harness, Action::SelectTarget("table1.r6.y2025".into()));
    let app = harness.state();
    assert_eq!(app.state().right_tab, RightTab::Targets);
    let highlighted = app.highlighted_features();
    for id in ["5g.central-city", "5g.jinpu", "5g.changxingdao", "5g.changshan-islands"] {
        assert!(highlighted.contains(&index(app, id)), "{id} not highlighted");
    }
    assert!(!highlighted.contains(&index(app, "uni.dlut")));
}

#[test]
fn a_target_whose_features_lie_in_a_hidden_layer_offers_to_show_that_layer() {
    let mut harness = harness();
    apply(&mut harness, Action::SetLayerVisible(Layer::Infrastructure, false));
    apply(&mut harness, Action::SelectTarget("box1.p1.n2".into()));
    harness.get_by_label_contains("相关要素位于隐藏图层");
    harness.get_by_label("显示 5G与数字基础设施").click();
    harness.run();
    assert!(
        harness
            .state()
            .state()
            .layer(Layer::Infrastructure)
            .expect("layer")
            .visible
    );
    harness.get_by_label("清除高亮").click();
    harness.run();
    assert!(harness.state().highlighted_features().is_empty());
}

#[test]
fn hiding_a_layer_keeps_the_selection_and_the_legend_follows_what_is_drawn() {
    let mut harness = harness();
    apply(&mut harness, Action::GoToFeature("uni.dlut".into()));
    assert!(harness.state().map_legend().iter().any(|r| r == "高校、科研院所"));
    apply(&mut harness, Action::SetRightTab(RightTab::Layers));
    harness.get_by_label_contains("园区与基地（").click();
    harness.run();

    let app = harness.state();
    assert!(!app.state().layer(Layer::Parks).expect("parks").visible);
    assert!(
        !app.map_legend().iter().any(|r| r == "高校、科研院所"),
        "{:?}",
        app.map_legend()
    );
    assert_eq!(app.state().selected_feature.as_deref(), Some("uni.dlut"));
    let at = app.map_pos_of_feature("uni.dlut").expect("cached");
    harness.hover_at(at);
    harness.run();
    assert_ne!(
        harness.state().hovered_feature(),
        Some("uni.dlut"),
        "a hidden layer is not hit"
    );

    harness.get_by_label_contains("园区与基地（").click();
    harness.run();
    assert!(harness.state().map_legend().iter().any(|r| r == "高校、科研院所"));
    assert_eq!(harness.state().state().selected_feature.as_deref(), Some("uni.dlut"));
}

#[test]
fn layer_order_visibility_and_opacity_survive_a_restart() {
    let mut state = AppState::default();
    let p = plan();
    state.apply(&p, Action::MoveLayer(Layer::Layout, -3)).expect("move");
    state
        .apply(&p, Action::SetLayerOpacity(Layer::Parks, 0.4))
        .expect("opacity");
    state
        .apply(&p, Action::SetLayerVisible(Layer::Projects, false))
        .expect("hide");
    assert_eq!(state.layers[0].layer, Layer::Layout);

    let saved = serde_json::to_string(&state).expect("serialises");
    let restored: AppState = serde_json::from_str(&saved).expect("deserialises");
    let restored = restored.restored(&p);
    assert_eq!(restored.layers, state.layers);

    // A settings file from before the layers existed gets all four, in default order.
    let old: AppState = serde_json::from_str(r#"{"lang":"Zh"}"#).expect("old settings");
    assert_eq!(old.restored(&p).layers.len(), 4);
}

#[test]
fn one_search_box_finds_map_features_and_plan_text_together() {
    let mut harness = harness();
    harness.get_by_label("搜索").click();
    harness.run();
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("数据湖");
    harness.run();
    assert!(!harness.state().state().hits.is_empty(), "text hits");
    harness.get_by_label_contains("要素（").click(); // the heading exists
    harness.get_by_label("华录（大连）数据湖产业园").click();
    harness.run();
    harness.run();
    let app = harness.state();
    assert_eq!(app.state().selected_feature.as_deref(), Some("infra.hualu-data-lake"));
    let ([lon, lat], zoom) = app.map_view();
    assert!(zoom >= 12.0, "framed on the point: {zoom}");
    assert!(
        (lon - 121.29).abs() < 0.05 && (lat - 38.85).abs() < 0.05,
        "{lon}, {lat}"
    );
}

#[test]
fn what_the_plan_does_not_place_is_listed_with_its_column_not_drawn() {
    let mut harness = harness();
    let city_brain = index(harness.state(), "project.city-brain");
    assert!(harness.state().map_pos_of_feature("project.city-brain").is_none());
    harness.get_by_label("全市/未定位");
    // A section listed alone names its chapter.
    harness.get_by_label_contains("第二章 · 第四节 整体布局（");
    harness.get_by_label_contains("专栏11").scroll_to_me();
    harness.run();
    harness.get_by_label_contains("专栏11").click();
    harness.run();
    harness.get_by_label("城市大脑").scroll_to_me();
    harness.run();
    harness.get_by_label("城市大脑").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.state().selected_feature.as_deref(), Some("project.city-brain"));
    harness.get_by_label("未定位");
    assert!(!app.links().mentions_of(city_brain).is_empty());
}

/// Renders each plan layer alone, and a selection, for a human to look at
/// (`cargo test --test ui_plan_layers -- --ignored`); needs a wgpu adapter (a software
/// one does). Writes PNGs to the temp directory.
#[test]
#[ignore = "writes review images; run by hand"]
fn review_images_of_each_plan_layer_are_written() {
    let dir = std::env::temp_dir();
    for only in Layer::ALL {
        let mut harness = harness();
        for layer in Layer::ALL {
            apply(&mut harness, Action::SetLayerVisible(layer, layer == only));
        }
        harness.run();
        harness
            .render()
            .expect("renders")
            .save(dir.join(format!("kittest-layer-{}.png", only.as_str())))
            .expect("saves");
    }
    let mut harness = harness();
    apply(&mut harness, Action::Show("box1".into()));
    harness.run();
    harness
        .render()
        .expect("renders")
        .save(dir.join("kittest-layer-focus-box1.png"))
        .expect("saves");
    apply(&mut harness, Action::GoToFeature("infra.hualu-data-lake".into()));
    harness.run();
    harness
        .render()
        .expect("renders")
        .save(dir.join("kittest-layer-feature.png"))
        .expect("saves");
}

#[test]
fn the_legend_lists_only_the_plan_categories_the_map_shows() {
    let mut harness = harness();
    harness.state_mut().set_map_view([122.2, 39.4], 8.0);
    harness.run();
    let city = harness.state().map_legend().to_vec();
    assert!(city.iter().any(|r| r == "高校、科研院所"), "{city:?}");

    // Zoomed on open sea east of the islands: the basemap's rows only, none of the plan's.
    harness.state_mut().set_map_view([123.4, 38.7], 13.0);
    harness.run();
    harness.run();
    assert!(
        harness.state().map_legend().is_empty(),
        "{:?}",
        harness.state().map_legend()
    );
    // 重置视图 fits the city again: the legend is whole again once the frames settle.
    apply(&mut harness, Action::ResetMapView);
    assert!(harness.state().map_legend().iter().any(|r| r == "高校、科研院所"));

    // On 大连理工大学 at street level: the universities are there, the 5G corridors are not.
    harness.state_mut().set_map_view([121.53, 38.88], 15.0);
    harness.run();
    harness.run();
    let near = harness.state().map_legend().to_vec();
    assert!(near.iter().any(|r| r == "高校、科研院所"), "{near:?}");
    assert!(near.len() < city.len(), "{near:?} of {city:?}");
}
