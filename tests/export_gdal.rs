//! The GeoJSON export opens in GDAL without warnings (issue 5). Needs `ogrinfo` from
//! gdal-bin (`apt-get install gdal-bin`; CI installs it). Without it the tests fail,
//! unless `DALIAN_ATLAS_SKIP_GDAL=1` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use std::path::{Path, PathBuf};
use std::process::Command;

use dalian_atlas::basemap::Basemap;
use dalian_atlas::catalogue::{self, Catalogue, Layer};
use dalian_atlas::model::export::{self, ExportFeature};
use dalian_atlas::model::{Annotation, AnnotationKind, Link, MarkerSize, Rgb, UserFeature, UserLayer};
use dalian_atlas::plan::Plan;
use serde_json::{Map, Value, json};

/// Whether `ogrinfo` can run. Panics with a how-to when it cannot, unless
/// `DALIAN_ATLAS_SKIP_GDAL=1` asks to skip (then false).
fn gdal_available() -> bool {
    match Command::new("ogrinfo").arg("--version").output() {
        Ok(out) if out.status.success() => true,
        result => {
            if std::env::var("DALIAN_ATLAS_SKIP_GDAL").as_deref() == Ok("1") {
                eprintln!("ogrinfo is not available; skipped because DALIAN_ATLAS_SKIP_GDAL=1");
                return false;
            }
            panic!(
                "ogrinfo (GDAL) cannot run ({}): install gdal-bin (`sudo apt-get install gdal-bin`; CI installs it), \
                 or set DALIAN_ATLAS_SKIP_GDAL=1 to skip the GDAL checks",
                match result {
                    Ok(out) => format!("exit status {}", out.status),
                    Err(e) => e.to_string(),
                }
            );
        }
    }
}

fn temp_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dalian-atlas-gdal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir.join(name)
}

/// Runs `ogrinfo ARGS FILE` and returns stdout and stderr together, after checking the
/// exit status and that GDAL printed no warning or error.
fn ogrinfo(args: &[&str], file: &Path) -> String {
    let out = Command::new("ogrinfo")
        .args(args)
        .arg(file)
        .output()
        .expect("ogrinfo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "ogrinfo {args:?} failed:\n{text}");
    let lower = text.to_lowercase();
    assert!(
        !lower.contains("warning") && !lower.contains("error"),
        "ogrinfo {args:?} reported a problem:\n{text}"
    );
    text
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Two annotations of every kind, with links, extra properties and Chinese text.
fn annotations() -> Vec<Annotation> {
    let mut out = Vec::new();
    let mut id = 1;
    for round in 0..2 {
        let d = round as f64 * 0.2;
        let mut p = Annotation::new(id, AnnotationKind::Point, vec![[121.6 + d, 38.91]])
            .expect("point")
            .with_title("拟建数据中心");
        p.description = "多行\n说明".into();
        p.style.marker_size = MarkerSize::Large;
        p.style.marker_symbol = "building".into();
        p.add_link(Link::PlanElement("ch2.s4".into()));
        p.add_link(Link::Feature("park.dalian-software-park".into()));
        p.extra.insert("owner".into(), json!("规划处"));
        let mut l = Annotation::new(
            id + 1,
            AnnotationKind::Line,
            vec![[121.5 + d, 38.9], [121.6 + d, 38.95], [121.7 + d, 39.0]],
        )
        .expect("line");
        l.style.stroke = Rgb([0, 128, 0]);
        l.style.stroke_width = 3.5;
        let mut g = Annotation::new(
            id + 2,
            AnnotationKind::Polygon,
            vec![[121.55 + d, 38.85], [121.55 + d, 38.95], [121.65 + d, 38.95]],
        )
        .expect("polygon");
        g.add_link(Link::PlanElement("box1".into()));
        let t = Annotation::new(id + 3, AnnotationKind::Text, vec![[122.0 + d, 39.1]])
            .expect("text")
            .with_title("此处需先建 5G");
        out.extend([p, l, g, t]);
        id += 4;
    }
    out
}

fn titles(id: &str) -> Option<String> {
    (id == "ch2.s4").then(|| "第四节 整体布局".to_string())
}

#[test]
fn an_annotation_export_opens_in_gdal_without_warnings_under_its_name() {
    if !gdal_available() {
        return;
    }
    let list = annotations();
    let file = temp_file("annotations.geojson");
    let name = "大连批注 annotations";
    dalian_atlas::io::export::save_geojson(&file, &export::annotations_geojson(name, &list, &titles)).expect("written");
    let summary = ogrinfo(&["-al", "-so"], &file);
    assert!(summary.contains(&format!("Layer name: {name}")), "{summary}");
    assert!(summary.contains(&format!("Feature Count: {}", list.len())), "{summary}");
    assert!(summary.contains("WGS 84"), "{summary}");
    for field in [
        "title",
        "marker-color",
        "stroke",
        "fill-opacity",
        "plan:refs",
        "atlas:kind",
    ] {
        assert!(summary.contains(&format!("{field}: ")), "no field {field}:\n{summary}");
    }
    // Reading every feature, not just the summary, is quiet too.
    let full = ogrinfo(&["-al"], &file);
    assert!(full.contains("此处需先建 5G"), "{full}");
    let _ = std::fs::remove_file(&file);
}

#[test]
fn an_export_of_annotations_user_layers_and_catalogue_features_opens_in_gdal_without_warnings() {
    if !gdal_available() {
        return;
    }
    let plan = Plan::embedded().expect("plan");
    let catalogue = Catalogue::builtin().expect("catalogue");
    let basemap = Basemap::builtin().expect("basemap");
    let layer = UserLayer {
        read_as: None,
        name: "imported".into(),
        source: None,
        foreign_members: obj(json!({"attribution": "test"})),
        features: vec![
            UserFeature {
                id: Some(json!(1)),
                geometry: geo::Geometry::MultiPoint(geo::MultiPoint(vec![
                    geo::Point::new(121.1, 39.1),
                    geo::Point::new(121.2, 39.2),
                ])),
                properties: obj(json!({"name": "a", "n": 1})).into(),
            },
            UserFeature {
                id: Some(json!("b")),
                geometry: geo::Geometry::MultiLineString(geo::MultiLineString(vec![geo::LineString::from(vec![
                    (121.0, 39.0),
                    (121.3, 39.3),
                ])])),
                properties: obj(json!({"name": "b", "n": 2.5, "tags": ["x"]})).into(),
            },
        ],
    };
    let mut features: Vec<ExportFeature> = export::annotation_features(&annotations(), Some(&titles));
    features.extend(export::user_layer_features(&layer));
    features.extend(
        catalogue::export_features(&catalogue, &plan, &basemap, &Layer::ALL)
            .into_iter()
            .map(ExportFeature::from),
    );
    let file = temp_file("visible-layers.geojson");
    dalian_atlas::io::export::save_geojson(
        &file,
        &export::collection_text("visible layers", &Map::new(), &features),
    )
    .expect("written");
    let summary = ogrinfo(&["-al", "-so"], &file);
    assert!(summary.contains("Layer name: visible layers"), "{summary}");
    ogrinfo(&["-al"], &file);
    let _ = std::fs::remove_file(&file);
}
