#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Exports from the window in every format (issue 13): the features of a scope grouped
//! into layers (GeoPackage tables, KML folders) — each plan layer by its display name,
//! each user layer by its name, the annotations as 标注 — and the file's extension
//! choosing the writer.

mod common;

use common::{plan, temp_dir};
use dalian_atlas::action::{Action, DocAction, ExportScope};
use dalian_atlas::app::{AtlasApp, group_into_layers};
use dalian_atlas::model::export::ExportFeature;
use dalian_atlas::model::{Annotation, AnnotationKind};
use dalian_atlas::state::AppState;
use egui_kittest::kittest::Queryable;

const SITES: &str = r#"{"type":"FeatureCollection","name":"机房","features":[
 {"type":"Feature","properties":{"站名":"甲站"},"geometry":{"type":"Point","coordinates":[121.60,39.02]}},
 {"type":"Feature","properties":{"站名":"乙站"},"geometry":{"type":"Point","coordinates":[121.66,39.05]}}]}"#;

fn feature(n: i64) -> ExportFeature {
    ExportFeature {
        id: Some(n.into()),
        properties: Default::default(),
        geometry: None,
    }
}

fn ids(features: &[ExportFeature]) -> Vec<i64> {
    features
        .iter()
        .map(|f| f.id.as_ref().and_then(serde_json::Value::as_i64).expect("id"))
        .collect()
}

#[test]
fn features_are_grouped_by_layer_name_in_the_order_names_first_appear() {
    let tagged = vec![
        ("学校".to_string(), feature(1)),
        ("园区".to_string(), feature(2)),
        ("学校".to_string(), feature(3)),
        ("标注".to_string(), feature(4)),
    ];
    let layers = group_into_layers(tagged);
    let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["学校", "园区", "标注"]);
    assert_eq!(ids(&layers[0].features), [1, 3]);
    assert_eq!(ids(&layers[1].features), [2]);
    assert!(group_into_layers(Vec::new()).is_empty(), "no feature, no layer");
}

/// An app with the sites imported and one annotation drawn.
fn app_with_sites_and_a_note(dir: &std::path::Path) -> AtlasApp {
    let file = dir.join("sites.geojson");
    std::fs::write(&file, SITES).expect("fixture");
    let mut app = AtlasApp::with_state(plan(), AppState::default());
    app.apply(Action::Document(DocAction::ImportPath {
        path: file,
        gcj02: false,
    }))
    .expect("import");
    app.finish_import();
    let mut note = Annotation::new(0, AnnotationKind::Point, vec![[121.62, 39.03]]).expect("annotation");
    note.title = "会场".into();
    app.apply(Action::Document(DocAction::AddAnnotation(note)))
        .expect("annotation");
    app
}

#[test]
fn the_visible_layers_export_as_one_layer_per_plan_layer_user_layer_and_the_annotations() {
    let dir = temp_dir("export-layers");
    let app = app_with_sites_and_a_note(&dir);
    let layers = app.export_layers(ExportScope::VisibleLayers);
    let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    assert!(names.contains(&"机房"), "{names:?}");
    assert_eq!(names.last(), Some(&"标注"), "{names:?}");
    assert!(names.len() > 3, "the plan layers each make a layer: {names:?}");
    let mut unique = names.clone();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "one layer per name");
    let sites = layers.iter().find(|l| l.name == "机房").expect("the user layer");
    assert_eq!(sites.features.len(), 2);
    assert_eq!(sites.features[0].properties["站名"], "甲站");
    // Every feature of the GeoJSON export is in exactly one layer.
    let flat = app.export_features(ExportScope::VisibleLayers);
    assert_eq!(layers.iter().map(|l| l.features.len()).sum::<usize>(), flat.len());
    for layer in &layers {
        for f in &layer.features {
            assert!(
                flat.contains(f),
                "{} has a feature the GeoJSON export lacks",
                layer.name
            );
        }
    }
    let annotations = app.export_layers(ExportScope::Annotations);
    assert_eq!(annotations.len(), 1);
    assert_eq!(annotations[0].name, "标注");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_export_to_a_geojson_file_still_writes_one_collection() {
    let dir = temp_dir("export-geojson");
    let mut app = app_with_sites_and_a_note(&dir);
    let out = dir.join("全部.geojson");
    app.apply(Action::Document(DocAction::ExportToPath(
        ExportScope::VisibleLayers,
        out.clone(),
    )))
    .expect("export");
    let text = std::fs::read_to_string(&out).expect("written");
    let expected = dalian_atlas::model::export::collection_text(
        "全部",
        &serde_json::Map::new(),
        &app.export_features(ExportScope::VisibleLayers),
    );
    assert_eq!(text, expected);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `ogrinfo -so -al FILE` (the summary of every layer), or `None` when GDAL is missing.
fn ogrinfo(path: &std::path::Path) -> Option<String> {
    if std::process::Command::new("which")
        .arg("ogrinfo")
        .output()
        .is_ok_and(|o| !o.status.success())
    {
        println!("ogrinfo is missing: skipped");
        return None;
    }
    let out = std::process::Command::new("ogrinfo")
        .args(["-so", "-al"])
        .arg(path)
        .output()
        .expect("ogrinfo runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("Warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_gpkg_export_has_one_table_per_layer_in_the_chosen_system() {
    let dir = temp_dir("export-gpkg");
    let mut app = app_with_sites_and_a_note(&dir);
    app.apply(Action::SetGpkgSrs(4490)).expect("srs");
    let out = dir.join("全部.gpkg");
    app.apply(Action::Document(DocAction::ExportToPath(
        ExportScope::VisibleLayers,
        out.clone(),
    )))
    .expect("export");
    assert!(out.exists(), "{:?}", app.state().notice);
    if let Some(info) = ogrinfo(&out) {
        assert!(info.contains("Layer name: 机房"), "{info}");
        assert!(info.contains("Layer name: 标注"), "{info}");
        assert!(info.contains("4490"), "{info}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_kmz_export_has_one_folder_per_layer() {
    let dir = temp_dir("export-kmz");
    let mut app = app_with_sites_and_a_note(&dir);
    let out = dir.join("全部.kmz");
    app.apply(Action::Document(DocAction::ExportToPath(
        ExportScope::VisibleLayers,
        out.clone(),
    )))
    .expect("export");
    assert!(out.exists(), "{:?}", app.state().notice);
    if let Some(info) = ogrinfo(&out) {
        assert!(info.contains("机房"), "{info}");
        assert!(info.contains("标注"), "{info}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_geopackage_system_is_chosen_in_the_export_menu_and_remembered() {
    let mut harness = common::harness_with(AtlasApp::with_state(plan(), AppState::default()));
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label("导出数据").hover();
    harness.run();
    harness.get_by_label_contains("文件格式由扩展名决定");
    harness.get_by_label("CGCS2000 (EPSG:4490)").click();
    harness.run();
    assert_eq!(harness.state().state().gpkg_srs, 4490);
}
