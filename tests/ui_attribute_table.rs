//! The attribute table and 按区县/功能区统计 in the window (issue 18, point 9), driven
//! through egui_kittest: a 100 000-point layer's table filters, sorts and selects on the
//! map; a per-district count colours the districts, shows its legend and exports as
//! CSV; the annotations have their table too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use common::{harness_with, plan, temp_dir};
use dalian_atlas::action::{Action, DocAction, RightTab, TableAction};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::model::summary::{Statistic, ZoneSet, summarise, zones};
use dalian_atlas::state::AppState;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

fn harness() -> Harness<'static, AtlasApp> {
    let state = AppState {
        right_tab: RightTab::Layers,
        ..AppState::default()
    };
    let mut harness = harness_with(AtlasApp::with_state(plan(), state));
    harness.state_mut().set_map_view([121.6, 39.3], 8.0);
    harness.run();
    harness
}

/// `n` points over the municipality's box: `名称` 站点1…, `载频数` 1–12 (from the index),
/// `类型` 宏站/微站.
fn sites(n: usize) -> String {
    let features: Vec<String> = (0..n)
        .map(|i| {
            let lon = 121.0 + 1.9 * ((i * 7919) % 1000) as f64 / 1000.0;
            let lat = 38.75 + 1.3 * ((i * 104_729) % 997) as f64 / 997.0;
            let kind = if i % 3 == 0 { "宏站" } else { "微站" };
            format!(
                r#"{{"type":"Feature","properties":{{"名称":"站点{}","载频数":{},"类型":"{kind}"}},"geometry":{{"type":"Point","coordinates":[{lon:.5},{lat:.5}]}}}}"#,
                i + 1,
                (i * 37) % 12 + 1
            )
        })
        .collect();
    format!(
        r#"{{"type":"FeatureCollection","name":"5G站点","features":[{}]}}"#,
        features.join(",")
    )
}

fn import(harness: &mut Harness<'static, AtlasApp>, dir: &std::path::Path, text: &str) {
    let path = dir.join("sites.geojson");
    std::fs::write(&path, text).unwrap();
    harness
        .state_mut()
        .apply(Action::Document(DocAction::ImportPath { path, gcj02: false }))
        .unwrap();
    harness.state_mut().finish_import();
    harness.run();
}

fn open_table(harness: &mut Harness<'static, AtlasApp>) {
    harness.get_by_role_and_label(Role::Button, "属性表").click();
    harness.run();
    assert!(harness.state().attribute_table().is_some(), "the table opened");
}

#[test]
fn the_table_of_100000_points_filters_sorts_and_selects_the_clicked_row_on_the_map() {
    let dir = temp_dir("attribute-table-big");
    let mut harness = harness();
    import(&mut harness, &dir, &sites(100_000));
    open_table(&mut harness);
    assert_eq!(harness.state().attribute_table().unwrap().rows().len(), 100_000);
    harness.get_by_label("100000 / 100000 个要素");

    // A filter keeps the rows with the text in any cell: 站点9999x (10 rows) and 站点9999.
    let filter_box = |h: &Harness<'static, AtlasApp>| {
        h.get_all_by_label("筛选")
            .find(|n| n.accesskit_node().role() == Role::TextInput)
            .expect("the filter box")
            .accesskit_node()
            .id()
    };
    let id = filter_box(&harness);
    harness.get_by(|n| n.id() == id).focus();
    harness.run();
    harness.get_by(|n| n.id() == id).type_text("站点9999");
    harness.run();
    let table = harness.state().attribute_table().unwrap();
    assert_eq!(table.query.filter, "站点9999");
    assert_eq!(table.rows().len(), 11);
    harness.get_by_label("11 / 100000 个要素");

    // Sorting by 载频数, then reversed with a second click.
    harness.get_by_role_and_label(Role::Button, "载频数").click();
    harness.run();
    let carriers = |rows: &[usize]| -> Vec<usize> { rows.iter().map(|i| (i * 37) % 12 + 1).collect() };
    let ascending = carriers(harness.state().attribute_table().unwrap().rows());
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    harness.get_by_role_and_label(Role::Button, "载频数 ▲").click();
    harness.run();
    let descending = carriers(harness.state().attribute_table().unwrap().rows());
    assert!(descending.windows(2).all(|w| w[0] >= w[1]), "{descending:?}");
    harness.get_by_role_and_label(Role::Button, "载频数 ▼");

    // A click on the first row selects its feature on the map and opens its card.
    let first = harness.state().attribute_table().unwrap().rows()[0];
    let name = format!("站点{}", first + 1);
    let cells: Vec<_> = harness.get_all_by_label(&name).collect();
    let cell = cells.last().expect("the row's name cell");
    cell.click();
    harness.run();
    assert_eq!(harness.state().selected_user_feature(), Some((0, first)));
    assert_eq!(harness.state().state().right_tab, RightTab::Feature);

    // 缩放至所选 frames the map on it.
    harness.get_by_role_and_label(Role::Button, "缩放至所选").click();
    harness.run();
    let (centre, zoom) = harness.state().map_view();
    assert!(zoom >= 12.0, "{zoom}");
    let lon = 121.0 + 1.9 * ((first * 7919) % 1000) as f64 / 1000.0;
    assert!((centre[0] - lon).abs() < 0.01, "{centre:?} vs {lon}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_per_district_count_colours_the_districts_shows_its_legend_and_exports_as_csv() {
    let dir = temp_dir("attribute-table-summary");
    let mut harness = harness();
    import(&mut harness, &dir, &sites(3_000));
    open_table(&mut harness);
    harness.get_by_role_and_label(Role::Button, "按区县/功能区统计").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "统计").click();
    harness.run();

    // The window's table equals the domain's summary of the same features.
    let layer = harness.state().document().project.user_layers[0].layer.clone();
    let basemap = harness.state().basemap().clone();
    let expected = summarise(
        &layer.features,
        &zones(&basemap, ZoneSet::Divisions),
        ZoneSet::Divisions,
        &Statistic::Count,
    );
    let shown = harness
        .state()
        .attribute_table()
        .unwrap()
        .summary
        .clone()
        .expect("computed");
    assert_eq!(shown.summary, expected);
    harness.get_by_label("区县（示意边界）");
    harness.get_by_label("不在任何统计单元内");

    // Every district gets a class colour on the map, and the legend says what they mean.
    let fill = harness.state().choropleth().expect("shown on the map");
    assert_eq!(fill.colours.len(), basemap.divisions.len());
    harness.get_by_label_contains("区县计数");
    let busiest = expected.rows.iter().map(|r| r.count).max().unwrap();
    assert!(busiest > 0);

    // Unticking hides the colours; the CSV holds the same numbers.
    harness.get_by_label("在地图上分级设色显示").click();
    harness.run();
    assert!(harness.state().choropleth().is_none());
    let csv = dir.join("按区县.csv");
    harness
        .state_mut()
        .apply(Action::Table(TableAction::ExportSummaryTo(csv.clone())))
        .unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("区县（示意边界）,要素数"));
    for (row, division) in expected.rows.iter().zip(&basemap.divisions) {
        assert_eq!(
            lines.next(),
            Some(format!("{},{}", division.name_zh, row.count).as_str())
        );
    }
    assert_eq!(
        lines.next(),
        Some(format!("不在任何统计单元内,{}", expected.outside).as_str())
    );
    assert_eq!(lines.next(), Some("合计（全部要素）,3000"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_annotations_have_a_table_whose_rows_select_them() {
    let mut harness = harness();
    let a = dalian_atlas::model::Annotation::new(0, dalian_atlas::model::AnnotationKind::Point, vec![[121.6, 38.9]])
        .unwrap()
        .with_title("示范站");
    harness
        .state_mut()
        .apply(Action::Document(DocAction::AddAnnotation(a)))
        .unwrap();
    harness.run();
    harness
        .state_mut()
        .apply(Action::Document(DocAction::SelectAnnotation(None)))
        .unwrap();
    harness
        .state_mut()
        .apply(Action::SetRightTab(RightTab::Annotations))
        .unwrap();
    harness.run();
    open_table(&mut harness);
    assert_eq!(harness.state().attribute_table().unwrap().rows(), [0]);
    // The annotations' own columns read in the interface language, not as written for GIS.
    harness.get_by_role_and_label(Role::Button, "标题");
    harness.get_by_role_and_label(Role::Button, "类型");
    assert!(harness.query_all_by_label("atlas:kind").next().is_none());
    let cells: Vec<_> = harness.get_all_by_label("示范站").collect();
    cells.last().unwrap().click();
    harness.run();
    let id = harness.state().document().project.annotations[0].id;
    assert_eq!(harness.state().selected_annotation(), Some(id));
    // Removing the annotations' data keeps the table consistent: closing works.
    harness.state_mut().apply(Action::Table(TableAction::Close)).unwrap();
    harness.run();
    assert!(harness.state().attribute_table().is_none());
}
