//! The map of the atlas window, driven through egui_kittest: hover, click, labels.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use common::{click_at, harness_with, plan};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::state::AppState;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, AtlasApp> {
    harness_with(AtlasApp::with_state(plan(), AppState::default()))
}

fn division(app: &AtlasApp, adcode: u32) -> &dalian_atlas::basemap::Division {
    app.basemap()
        .divisions
        .iter()
        .find(|d| d.adcode == adcode)
        .expect("a division with this adcode")
}

fn label_point(harness: &Harness<'static, AtlasApp>, adcode: u32) -> egui::Pos2 {
    let app = harness.state();
    let d = division(app, adcode);
    app.map_pos_of_lon_lat([d.label_lon_lat.0, d.label_lon_lat.1])
        .expect("the map was drawn")
}

#[test]
fn hovering_a_division_finds_it_under_the_pointer() {
    let mut harness = harness();
    let at = label_point(&harness, 210213);
    harness.hover_at(at);
    harness.run();
    let app = harness.state();
    let hovered = app
        .hovered_division()
        .map(|i| app.basemap().divisions[i].name_zh.clone());
    assert_eq!(hovered.as_deref(), Some("金州区"));
}

#[test]
fn clicking_a_division_selects_it_and_the_status_bar_names_it() {
    let mut harness = harness();
    let at = label_point(&harness, 210281);
    click_at(&mut harness, at);
    assert_eq!(harness.state().state().selected_division, Some(210281));
    // The status bar names what the card shows: a plan area under the click first…
    if let Some(id) = harness.state().state().selected_feature.clone() {
        let index = harness
            .state()
            .catalogue()
            .features
            .iter()
            .position(|f| f.id == id)
            .unwrap();
        let name =
            dalian_atlas::ui::layers::feature_name(dalian_atlas::i18n::Lang::Zh, harness.state().catalogue(), index);
        harness.get_by_label_contains(&format!("已选：{name}"));
        harness
            .state_mut()
            .apply(dalian_atlas::action::Action::SelectFeature(None))
            .unwrap();
        harness.run();
    }
    // …and the division once nothing else is selected.
    harness.get_by_label_contains("已选：瓦房店市 · 210281");
    harness.get_by_label_contains("（示意）");

    // A click on the open sea clears the selection.
    let sea = harness.state().map_pos_of_lon_lat([122.9, 38.75]).expect("drawn");
    click_at(&mut harness, sea);
    assert_eq!(harness.state().state().selected_division, None);
}

#[test]
fn large_divisions_are_labelled_at_city_zoom_and_labels_never_overlap_the_small_ones() {
    let harness = harness();
    let labels = harness.state().map_labels();
    for name in ["瓦房店市", "庄河市", "普兰店区", "金州区"] {
        assert!(labels.iter().any(|l| l == name), "{name} not in {labels:?}");
    }
    // 中山区 (56 km²) is a few pixels wide at city zoom: its label waits for zoom 10.
    assert!(!labels.iter().any(|l| l == "中山区"), "{labels:?}");
}

#[test]
fn in_the_crowded_city_centre_no_label_overlaps_another_or_covers_a_plan_symbol() {
    let mut harness = harness();
    harness.state_mut().set_map_view([121.60, 38.93], 11.0);
    harness.run();
    let placed = harness.state().placed_labels().to_vec();
    assert!(placed.len() >= 8, "{placed:?}");
    for (k, a) in placed.iter().enumerate() {
        for b in &placed[k + 1..] {
            assert!(!a.rect.intersects(b.rect), "{} overlaps {}", a.text, b.text);
        }
    }
    // Plan point symbols in view: no label lies on one (its own label sits beside it).
    let app = harness.state();
    let map = app.map_rect().expect("drawn");
    let symbols: Vec<(String, egui::Pos2)> = app
        .catalogue()
        .features
        .iter()
        .filter(|f| matches!(f.shape(), dalian_atlas::catalogue::Shape::Point(..)))
        .filter_map(|f| Some((f.name_zh.clone(), app.map_pos_of_feature(&f.id)?)))
        .filter(|(_, p)| map.shrink(20.0).contains(*p))
        .collect();
    assert!(symbols.len() >= 5, "{symbols:?}");
    for label in &placed {
        for (name, at) in &symbols {
            assert!(
                !label.rect.shrink(2.0).contains(*at),
                "the label {} covers the symbol of {name}",
                label.text
            );
        }
    }
}

/// Loads official boundaries as the menu does and waits for the worker.
fn load_official(harness: &mut Harness<'static, AtlasApp>, path: Option<std::path::PathBuf>) {
    harness.state_mut().load_official_boundaries(path);
    wait_for_official(harness);
}

/// Runs frames until a running official-boundaries load is applied (at most 20 s).
fn wait_for_official(harness: &mut Harness<'static, AtlasApp>) {
    let start = std::time::Instant::now();
    while harness.state().official_loading() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "the load did not finish"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run();
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("atlas-ui-map-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn official_boundaries_replace_the_schematic_division_and_can_be_undone() {
    let mut harness = harness();
    let dir = temp_dir("official");
    let path = dir.join("official.geojson");
    // A stand-in “official” 金州区 (a square around its schematic label point) in a file
    // that also holds a feature far outside Dalian, as a province-wide file would.
    let (lon, lat) = division(harness.state(), 210213).label_lon_lat;
    let square = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"adcode":"210213","name":"金州区"}},
        "geometry":{{"type":"Polygon","coordinates":[[[{a},{b}],[{c},{b}],[{c},{d}],[{a},{d}],[{a},{b}]]]}}}},
        {{"type":"Feature","properties":{{"name":"沈阳市"}},"geometry":{{"type":"Polygon","coordinates":[[[123.0,41.5],[123.5,41.5],[123.5,42.0],[123.0,41.5]]]}}}}]}}"#,
        a = lon - 0.05,
        b = lat - 0.05,
        c = lon + 0.05,
        d = lat + 0.05
    );
    std::fs::write(&path, square).expect("write");
    load_official(&mut harness, Some(path.clone()));
    {
        let app = harness.state();
        let jinzhou = division(app, 210213);
        assert_eq!(jinzhou.precision, dalian_atlas::basemap::Precision::Exact);
        assert!(jinzhou.area_km2 < 200.0, "{}", jinzhou.area_km2);
        assert_eq!(app.state().official_boundaries.as_deref(), Some(path.as_path()));
    }
    harness.get_by_label_contains("官方界线");

    // Back to the schematic boundaries.
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label("改回示意界线").click();
    harness.run();
    wait_for_official(&mut harness);
    let app = harness.state();
    let jinzhou = division(app, 210213);
    assert_eq!(jinzhou.precision, dalian_atlas::basemap::Precision::Schematic);
    assert_eq!(app.state().official_boundaries, None);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_official_boundaries_file_changes_nothing_and_says_why() {
    let mut harness = harness();
    let dir = temp_dir("bad");
    let before = harness.state().basemap().divisions.clone();
    let unmatched = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"沈阳市"},"geometry":{"type":"Polygon","coordinates":[[[123.0,41.5],[123.5,41.5],[123.5,42.0],[123.0,41.5]]]}}]}"#;
    let swapped = r#"{"type":"Feature","properties":{"adcode":210202},"geometry":{"type":"Polygon","coordinates":[[[38.90,121.60],[38.90,121.70],[38.95,121.70],[38.90,121.60]]]}}"#;
    for (name, content, why) in [
        (
            "broken.geojson",
            Some("{\"type\": \"FeatureCollection\", \"features\": ["),
            "",
        ),
        ("folder", None, "folder"),
        ("shenyang.geojson", Some(unmatched), "沈阳市"),
        ("swapped.geojson", Some(swapped), "longitude first"),
    ] {
        let path = dir.join(name);
        match content {
            Some(text) => std::fs::write(&path, text).expect("write"),
            None => std::fs::create_dir_all(&path).expect("dir"),
        }
        load_official(&mut harness, Some(path.clone()));
        let app = harness.state();
        assert_eq!(app.basemap().divisions, before, "{name}");
        assert_eq!(app.state().official_boundaries, None);
        let notice = app.state().notice.clone().unwrap_or_default();
        assert!(notice.contains(name) && notice.contains(why), "{notice}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_mouse_wheel_zooms_the_map_about_the_pointer_without_a_modifier() {
    let mut harness = harness();
    let ([lon0, lat0], zoom0) = harness.state().map_view();
    let over_map = label_point(&harness, 210213);
    harness.hover_at(over_map);
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, 3.0),
        phase: egui::TouchPhase::Move,
        modifiers: egui::Modifiers::NONE,
        source: egui::MouseWheelSource::Wheel,
    });
    harness.run();
    let ([lon1, lat1], zoom1) = harness.state().map_view();
    assert!(zoom1 > zoom0 + 0.1, "wheel up zooms in: {zoom0} → {zoom1}");
    // About the pointer, not the centre: the centre moved towards it.
    assert!((lon1 - lon0).abs() + (lat1 - lat0).abs() > 1e-4);
}

#[test]
fn a_click_on_the_legend_folds_it_and_a_click_on_the_folded_plate_unfolds_it() {
    let mut harness = harness();
    // Zoomed on the city's land, so divisions lie under the legend.
    harness.state_mut().set_map_view([121.55, 38.95], 11.0);
    harness.run();
    assert!(harness.state().state().show_legend);
    let map = harness.state().map_rect().expect("drawn");
    let on_legend = map.left_top() + egui::vec2(40.0, 20.0);
    click_at(&mut harness, on_legend);
    assert!(!harness.state().state().show_legend, "folded");
    assert_eq!(
        harness.state().state().selected_division,
        None,
        "the click selected nothing"
    );
    assert_eq!(harness.state().state().selected_feature, None);

    // A division under where the unfolded legend lies (its rows reach 300 pt down).
    let under_legend = (0..8)
        .flat_map(|i| (0..8).map(move |j| map.left_top() + egui::vec2(30.0 + 20.0 * i as f32, 60.0 + 30.0 * j as f32)))
        .find(|&p| {
            harness.hover_at(p);
            harness.run();
            harness.state().hovered_division().is_some()
        })
        .expect("some division lies under the legend");
    let division = harness
        .state()
        .hovered_division()
        .map(|i| harness.state().basemap().divisions[i].adcode);
    // Folded, the map takes the click there.
    click_at(&mut harness, under_legend);
    assert_eq!(harness.state().state().selected_division, division);

    // The folded plate (“图例” and an unfold mark) sits where the legend began.
    click_at(&mut harness, on_legend);
    assert!(harness.state().state().show_legend, "unfolded");
    // Unfolded, the same click lands on the legend: it folds it and keeps the selection.
    apply_select_none(&mut harness);
    click_at(&mut harness, under_legend);
    assert!(!harness.state().state().show_legend);
    assert_eq!(harness.state().state().selected_division, None);
}

#[test]
fn on_a_small_window_a_legend_covering_over_a_fifth_of_the_map_starts_folded_and_opens_on_a_click() {
    // 1024×768 with every plan layer on: the full legend would cover about a quarter of
    // the map between the side panels.
    let mut harness = common::harness_sized(AtlasApp::with_state(plan(), AppState::default()), [1024.0, 768.0]);
    assert!(harness.state().state().show_legend, "the setting is on");
    let map = harness.state().map_rect().expect("drawn");
    // Folded: the map under where the legend would be takes hover and clicks.
    let below_plate = map.left_top() + egui::vec2(60.0, 120.0);
    harness.hover_at(below_plate);
    harness.run();
    let on_plate = map.left_top() + egui::vec2(30.0, 20.0);
    click_at(&mut harness, on_plate);
    assert!(harness.state().state().show_legend);
    assert!(
        harness.state().state().legend_pinned,
        "opened by the user, it stays open"
    );
    for _ in 0..3 {
        harness.run();
    }
    // Open now: a click on it folds it again (and it no longer stays open).
    click_at(&mut harness, on_plate);
    assert!(!harness.state().state().show_legend);
    assert!(!harness.state().state().legend_pinned);
}

fn apply_select_none(harness: &mut Harness<'static, AtlasApp>) {
    harness
        .state_mut()
        .apply(dalian_atlas::action::Action::SelectDivision(None))
        .expect("applies");
    harness.run();
}
