#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! GeoPackage import and export (issue 13), checked against GDAL (`ogr2ogr`, `ogrinfo`
//! from gdal-bin): fixtures are made by `ogr2ogr` in a temporary folder, exports are read
//! back by GDAL. Tests that need GDAL print a note and return when it is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use dalian_atlas::crs::Crs;
use dalian_atlas::io::export::gpkg::save_gpkg;
use dalian_atlas::io::import::source::CrsSource;
use dalian_atlas::io::import::{ImportOptions, ReadOptions, import_geojson, probe, read_layers};
use dalian_atlas::io::{ImportError, wkb};
use dalian_atlas::model::UserLayer;
use dalian_atlas::model::export::{ExportFeature, ExportLayer};
use geo::{CoordsIter, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon, line_string};
use serde_json::{Map, Value, json};

mod support;
use support::{TempDir, have, run_clean};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn geojson(path: &Path) -> UserLayer {
    import_geojson(path, &ImportOptions::default(), &|_| true).unwrap()
}

/// Positions agree within 1e-7° and the geometry types match.
fn assert_same_geometry(a: &Geometry<f64>, b: &Geometry<f64>, what: &str) {
    assert_eq!(
        std::mem::discriminant(a),
        std::mem::discriminant(b),
        "{what}: {a:?} vs {b:?}"
    );
    let (ca, cb): (Vec<_>, Vec<_>) = (a.coords_iter().collect(), b.coords_iter().collect());
    assert_eq!(ca.len(), cb.len(), "{what}: {a:?} vs {b:?}");
    for (p, q) in ca.iter().zip(&cb) {
        assert!(
            (p.x - q.x).abs() < 1e-7 && (p.y - q.y).abs() < 1e-7,
            "{what}: {p:?} vs {q:?}"
        );
    }
}

fn props(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

fn square(x: f64, y: f64, size: f64) -> LineString<f64> {
    line_string![(x: x, y: y), (x: x + size, y: y), (x: x + size, y: y + size), (x: x, y: y + size), (x: x, y: y)]
}

/// Points, lines, polygons with holes, multi geometries, a feature without geometry,
/// Chinese names, integers, reals, booleans and nested values.
fn layer_set() -> Vec<ExportLayer> {
    let feature = |geometry: Option<Geometry<f64>>, properties: Value| ExportFeature {
        id: None,
        properties: props(properties).into(),
        geometry,
    };
    let holed = Polygon::new(square(121.5, 38.8, 0.1), vec![square(121.52, 38.82, 0.02)]);
    vec![
        ExportLayer {
            name: "规划点位".to_string(),
            features: vec![
                feature(
                    Some(Geometry::Point(Point::new(121.614_682_3, 38.914_003_1))),
                    json!({"名称": "大连数字经济产业园", "投资": 12, "面积": 3.75, "已建": true}),
                ),
                feature(
                    Some(Geometry::Point(Point::new(121.6, 38.9))),
                    json!({"名称": "星海湾", "投资": -4, "面积": 2, "已建": false, "备注": null}),
                ),
                feature(None, json!({"名称": "待定", "投资": null})),
            ],
        },
        ExportLayer {
            name: "roads".to_string(),
            features: vec![
                feature(
                    Some(Geometry::LineString(
                        line_string![(x: 121.5, y: 38.9), (x: 121.7, y: 39.0)],
                    )),
                    json!({"name": "中山路", "lanes": 6}),
                ),
                feature(
                    Some(Geometry::MultiLineString(MultiLineString(vec![
                        line_string![(x: 121.4, y: 38.8), (x: 121.45, y: 38.85)],
                        line_string![(x: 121.46, y: 38.86), (x: 121.5, y: 38.9), (x: 121.55, y: 38.9)],
                    ]))),
                    json!({"name": "滨海路", "lanes": 4, "tags": ["scenic", "coastal"]}),
                ),
            ],
        },
        ExportLayer {
            name: "mixed areas / 区域".to_string(),
            features: vec![
                feature(
                    Some(Geometry::Polygon(holed.clone())),
                    json!({"level": 1, "info": {"a": 1}}),
                ),
                feature(
                    Some(Geometry::MultiPolygon(MultiPolygon(vec![
                        holed,
                        Polygon::new(square(122.0, 39.0, 0.05), vec![]),
                    ]))),
                    json!({"level": "二级"}),
                ),
                feature(
                    Some(Geometry::MultiPoint(MultiPoint(vec![
                        Point::new(121.1, 38.1),
                        Point::new(121.2, 38.2),
                    ]))),
                    json!({}),
                ),
            ],
        },
    ]
}

/// The value GDAL and the reader see for an exported property (see the export's docs).
fn expected_value(layer: &ExportLayer, key: &str, value: &Value) -> Value {
    let texts = layer
        .features
        .iter()
        .filter_map(|f| f.properties.get(key))
        .any(|v| v.is_string() || v.is_array() || v.is_object());
    let reals = layer
        .features
        .iter()
        .filter_map(|f| f.properties.get(key))
        .any(|v| v.is_f64());
    match value {
        Value::Array(_) | Value::Object(_) => Value::String(value.to_string()),
        Value::Number(n) if texts => Value::String(n.to_string()),
        Value::Number(n) if reals => json!(n.as_f64().unwrap()),
        other => other.clone(),
    }
}

fn assert_layer_matches(expected: &ExportLayer, got: &UserLayer, who: &str) {
    assert_eq!(
        expected.features.len(),
        got.features.len(),
        "{who}: feature count of {}",
        expected.name
    );
    for (i, (e, g)) in expected.features.iter().zip(&got.features).enumerate() {
        let what = format!("{who}: {} feature {i}", expected.name);
        for (key, value) in &e.properties {
            let want = expected_value(expected, key, &value.to_value());
            let have = g.properties.get(key).map_or(Value::Null, |v| v.to_value());
            let same = match (&want, &have) {
                (Value::Number(a), Value::Number(b)) => (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-12,
                // GDAL's GeoJSON writer turns text holding a JSON array or object back into JSON.
                _ => want == have || ((value.is_array() || value.is_object()) && have == *value),
            };
            assert!(same, "{what}: {key} is {have} (wanted {want}); all: {:?}", g.properties);
        }
        match &e.geometry {
            Some(geometry) => assert_same_geometry(geometry, &g.geometry, &what),
            None => assert_eq!(g.geometry.coords_count(), 0, "{what}: no geometry"),
        }
    }
}

#[test]
fn a_written_geopackage_opens_in_gdal_without_warnings_with_a_spatial_index_per_table() {
    if !have("ogrinfo") {
        return;
    }
    let dir = TempDir::new("ogrinfo");
    let file = dir.path("export.gpkg");
    save_gpkg(&file, &layer_set(), 4490).unwrap();
    let summary = run_clean("ogrinfo", &["-al", "-so", s(&file)]);
    for needle in [
        "规划点位",
        "roads",
        "mixed_areas___区域",
        "Feature Count: 3",
        "CGCS2000",
        "名称: String",
    ] {
        assert!(summary.contains(needle), "ogrinfo does not show {needle}:\n{summary}");
    }
    for table in ["规划点位", "roads", "mixed_areas___区域"] {
        let sql = format!("SELECT HasSpatialIndex('{table}', 'geom')");
        let out = run_clean("ogrinfo", &["-sql", &sql, s(&file)]);
        assert!(out.contains("= 1"), "no spatial index on {table}:\n{out}");
    }
    // The spatial index finds a feature by its box (GDAL uses the rtree for -spat).
    let out = run_clean(
        "ogrinfo",
        &[
            "-spat",
            "121.61",
            "38.91",
            "121.62",
            "38.92",
            "-q",
            s(&file),
            "规划点位",
        ],
    );
    assert!(out.contains("大连数字经济产业园") && !out.contains("星海湾"), "{out}");
    // The file replaced nothing else: no temporary file is left beside it.
    assert_eq!(std::fs::read_dir(&*dir).unwrap().count(), 1);
}

#[test]
fn an_empty_layer_and_odd_property_names_are_written_so_gdal_opens_them_without_warnings() {
    if !have("ogrinfo") {
        return;
    }
    let dir = TempDir::new("empty-layer");
    let file = dir.path("odd.gpkg");
    let odd = ExportFeature {
        id: Some(json!("a-string-id")),
        properties: props(json!({"": 1, "FID": "x", "Name": "a", "name": "b", "say \"hi\"": 2.5})).into(),
        geometry: Some(Geometry::Point(Point::new(121.6, 38.9))),
    };
    let layers = [
        ExportLayer {
            name: "空图层".to_string(),
            features: vec![],
        },
        ExportLayer {
            name: "空图层".to_string(),
            features: vec![odd],
        },
    ];
    save_gpkg(&file, &layers, 4326).unwrap();
    let summary = run_clean("ogrinfo", &["-al", "-so", s(&file)]);
    assert!(
        summary.contains("空图层_2") && summary.contains("Feature Count: 0"),
        "{summary}"
    );
    let read = read_layers(&file, &ReadOptions::default(), &|_| true).unwrap();
    let keys: Vec<_> = read[1].features[0].properties.keys().collect();
    let mut want = vec!["field", "FID_2", "Name", "name_2", "say \"hi\""];
    want.sort();
    assert_eq!(keys, want, "renamed where they clash with fid or each other");
}

#[test]
fn a_cancelled_read_imports_nothing() {
    let dir = TempDir::new("cancel");
    let file = dir.path("x.gpkg");
    save_gpkg(&file, &layer_set(), 4326).unwrap();
    let result = read_layers(&file, &ReadOptions::default(), &|_| false);
    assert!(matches!(result, Err(ImportError::Cancelled { .. })), "{result:?}");
}

#[test]
fn a_gauss_kruger_geopackage_lands_where_gdal_puts_it_and_xian_1980_is_refused() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("gauss-kruger");
    let points = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[552000.5,4308000.25]}},
{"type":"Feature","properties":{"n":2},"geometry":{"type":"Point","coordinates":[398000.0,4320000.0]}}]}"#;
    std::fs::write(dir.path("gk.geojson"), points).unwrap();
    let p = |n: &str| dir.path(n).to_str().unwrap().to_string();
    run_clean(
        "ogr2ogr",
        &[
            "-f",
            "GPKG",
            &p("gk.gpkg"),
            &p("gk.geojson"),
            "-a_srs",
            "EPSG:4550",
            "-nln",
            "gk",
        ],
    );
    run_clean(
        "ogr2ogr",
        &["-f", "GeoJSON", &p("wgs.geojson"), &p("gk.gpkg"), "-t_srs", "EPSG:4326"],
    );
    let found = probe(&dir.path("gk.gpkg"), &ReadOptions::default()).unwrap();
    assert_eq!(found.layers[0].crs.and_then(|c| c.epsg()), Some(4550));
    let ours = read_layers(&dir.path("gk.gpkg"), &ReadOptions::default(), &|_| true).unwrap();
    let theirs = geojson(&dir.path("wgs.geojson"));
    for (a, b) in ours[0].features.iter().zip(&theirs.features) {
        assert_same_geometry(&b.geometry, &a.geometry, "gk");
    }
    run_clean(
        "ogr2ogr",
        &[
            "-f",
            "GPKG",
            &p("xian.gpkg"),
            &p("gk.geojson"),
            "-a_srs",
            "EPSG:2385",
            "-nln",
            "xian",
        ],
    );
    let found = probe(&dir.path("xian.gpkg"), &ReadOptions::default()).unwrap();
    assert_eq!(found.layers[0].crs, None);
    let problem = found.layers[0].crs_problem.clone().unwrap_or_default();
    assert!(problem.contains("datum"), "{problem}");
    let refused = read_layers(&dir.path("xian.gpkg"), &ReadOptions::default(), &|_| true);
    assert!(
        matches!(&refused, Err(ImportError::Bad { reason, .. }) if reason.contains("Xian 1980")),
        "{refused:?}"
    );
}

/// GDAL's GeoPackage validator (`validate_gpkg.py`, in python3-gdal) finds nothing wrong.
#[test]
fn the_export_passes_gdals_geopackage_validator() {
    let validator = Command::new("/usr/bin/python3")
        .args(["-c", "import osgeo_utils.samples.validate_gpkg"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !validator {
        eprintln!("NOTE: validate_gpkg.py (python3-gdal) is not installed; this test is skipped");
        return;
    }
    let dir = TempDir::new("validate");
    for srs in [4326, 4490] {
        let file = dir.path(&format!("export-{srs}.gpkg"));
        save_gpkg(&file, &layer_set(), srs).unwrap();
        let out = Command::new("/usr/bin/python3")
            .args(["-m", "osgeo_utils.samples.validate_gpkg", s(&file)])
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success() && text.trim().is_empty(), "EPSG:{srs}:\n{text}");
    }
}

#[test]
fn gdal_reads_back_the_counts_values_and_positions_written() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("ogr2ogr");
    let file = dir.path("export.gpkg");
    let layers = layer_set();
    save_gpkg(&file, &layers, 4326).unwrap();
    for (layer, table) in layers.iter().zip(["规划点位", "roads", "mixed_areas___区域"]) {
        let out = dir.path(&format!("{table}.geojson"));
        run_clean("ogr2ogr", &["-f", "GeoJSON", s(&out), s(&file), table]);
        assert_layer_matches(layer, &geojson(&out), "GDAL");
    }
}

#[test]
fn a_written_geopackage_reads_back_with_the_atlas_reader() {
    let dir = TempDir::new("round-trip");
    let file = dir.path("export.gpkg");
    let layers = layer_set();
    save_gpkg(&file, &layers, 4490).unwrap();
    // Writing again replaces the file.
    save_gpkg(&file, &layers, 4490).unwrap();
    let found = probe(&file, &ReadOptions::default()).unwrap();
    let names: Vec<_> = found.layers.iter().map(|l| l.info.name.as_str()).collect();
    assert_eq!(names, ["规划点位", "roads", "mixed_areas___区域"]);
    let types: Vec<_> = found.layers.iter().map(|l| l.info.geometry_type.as_str()).collect();
    assert_eq!(types, ["Point", "mixed", "mixed"]);
    for layer in &found.layers {
        assert_eq!(layer.crs, Some(Crs::Cgcs2000));
        assert_eq!(
            layer.crs_source,
            CrsSource::Declared("gpkg_spatial_ref_sys".to_string())
        );
    }
    let read = read_layers(&file, &ReadOptions::default(), &|_| true).unwrap();
    assert_eq!(read.len(), 3);
    for (layer, got) in layers.iter().zip(&read) {
        assert_layer_matches(layer, got, "atlas reader");
        let ids: Vec<_> = got.features.iter().map(|f| f.id.clone().unwrap()).collect();
        assert_eq!(ids, (1..=layer.features.len()).map(|i| json!(i)).collect::<Vec<_>>());
    }
    let only_roads = ReadOptions {
        layers: Some(vec![1]),
        ..ReadOptions::default()
    };
    let read = read_layers(&file, &only_roads, &|_| true).unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].name, "roads");
}

#[test]
fn exporting_in_a_system_other_than_4326_or_4490_is_refused() {
    let dir = TempDir::new("srs");
    let err = save_gpkg(&dir.path("x.gpkg"), &layer_set(), 3857).unwrap_err();
    assert!(err.to_string().contains("EPSG:3857"), "{err}");
}

/// GeoJSON text of `n` features around Dalian: points with a height (Z), Chinese names,
/// integers, reals and dates.
fn synthetic_points(n: usize) -> String {
    let mut text = String::from(r#"{"type":"FeatureCollection","features":["#);
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        let (lon, lat) = (
            121.0 + (i % 1000) as f64 * 0.001_234_567,
            38.6 + (i / 1000) as f64 * 0.000_987_654_3,
        );
        text.push_str(&format!(
            r#"{{"type":"Feature","properties":{{"名称":"站点{i}号","编号":{i},"面积":{:.3},"日期":"2024-05-{:02}","备注":null}},"geometry":{{"type":"Point","coordinates":[{lon:.9},{lat:.9},{}]}}}}"#,
            i as f64 * 0.5 + 0.125,
            i % 28 + 1,
            i % 50
        ));
    }
    text.push_str("]}");
    text
}

const POLYGONS: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"区":"中山区","code":210202},"geometry":{"type":"Polygon","coordinates":[[[121.6,38.9],[121.7,38.9],[121.7,39.0],[121.6,39.0],[121.6,38.9]],[[121.62,38.92],[121.62,38.94],[121.64,38.94],[121.62,38.92]]]}},
{"type":"Feature","properties":{"区":"西岗区","code":210203},"geometry":{"type":"MultiPolygon","coordinates":[[[[121.5,38.9],[121.55,38.9],[121.55,38.95],[121.5,38.9]]],[[[121.56,38.9],[121.58,38.9],[121.58,38.92],[121.56,38.9]]]]}},
{"type":"Feature","properties":{"区":"无","code":null},"geometry":null}
]}"#;

const ATTRIBUTES: &str =
    r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"k":"v"},"geometry":null}]}"#;

/// A GeoPackage made by `ogr2ogr` (points in EPSG:4490 with Z, polygons in 4326, an
/// aspatial table) and the GeoJSON GDAL reads out of each of its feature tables.
fn gdal_fixture(dir: &TempDir, points: usize) -> (PathBuf, Vec<PathBuf>) {
    let gpkg = dir.path("fixture.gpkg");
    std::fs::write(dir.path("points.geojson"), synthetic_points(points)).unwrap();
    std::fs::write(dir.path("polygons.geojson"), POLYGONS).unwrap();
    std::fs::write(dir.path("attrs.geojson"), ATTRIBUTES).unwrap();
    let p = |n: &str| dir.path(n).to_str().unwrap().to_string();
    run_clean(
        "ogr2ogr",
        &[
            "-f",
            "GPKG",
            &p("fixture.gpkg"),
            &p("points.geojson"),
            "-nln",
            "站点",
            "-a_srs",
            "EPSG:4490",
        ],
    );
    run_clean(
        "ogr2ogr",
        &[
            "-update",
            "-f",
            "GPKG",
            &p("fixture.gpkg"),
            &p("polygons.geojson"),
            "-nln",
            "districts",
        ],
    );
    run_clean(
        "ogr2ogr",
        &[
            "-update",
            "-f",
            "GPKG",
            &p("fixture.gpkg"),
            &p("attrs.geojson"),
            "-nln",
            "attrs",
            "-nlt",
            "NONE",
        ],
    );
    let mut out = Vec::new();
    for table in ["站点", "districts"] {
        let json = dir.path(&format!("gdal-{table}.geojson"));
        run_clean("ogr2ogr", &["-f", "GeoJSON", s(&json), s(&gpkg), table]);
        out.push(json);
    }
    (gpkg, out)
}

#[test]
fn a_geopackage_made_by_gdal_reads_as_gdal_reads_it() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("gdal-fixture");
    let (gpkg, gdal_json) = gdal_fixture(&dir, 2500);
    let found = probe(&gpkg, &ReadOptions::default()).unwrap();
    let summary: Vec<_> = found
        .layers
        .iter()
        .map(|l| {
            (
                l.info.name.as_str(),
                l.info.feature_count,
                l.info.geometry_type.as_str(),
                l.crs,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("站点", 2500, "Point", Some(Crs::Cgcs2000)),
            ("districts", 3, "mixed", Some(Crs::Wgs84))
        ],
        "the aspatial table is left out"
    );
    assert_eq!(found.layers[0].info.sample.len(), 20);
    let read = read_layers(&gpkg, &ReadOptions::default(), &|_| true).unwrap();
    for (ours, json) in read.iter().zip(&gdal_json) {
        let theirs = geojson(json);
        assert_eq!(ours.features.len(), theirs.features.len());
        for (i, (a, b)) in ours.features.iter().zip(&theirs.features).enumerate() {
            let what = format!("{} feature {i}", ours.name);
            assert_same_geometry(&b.geometry, &a.geometry, &what);
            assert_eq!(a.properties, b.properties, "{what}");
        }
    }
    let first = &read[0].features[7];
    assert_eq!(first.properties["名称"], json!("站点7号"));
    assert_eq!(first.properties["编号"], json!(7));
    assert_eq!(first.properties["日期"], json!("2024-05-08"));
    assert_eq!(first.id, Some(json!(8)), "the fid is the id");
}

fn bad(result: Result<impl std::fmt::Debug, ImportError>) -> (String, String) {
    match result {
        Err(ImportError::Bad { part, reason, .. }) => (part, reason),
        other => panic!("expected ImportError::Bad, got {other:?}"),
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_as_not_a_geopackage() {
    let dir = TempDir::new("not-sqlite");
    let file = dir.path("notes.gpkg");
    std::fs::write(
        &file,
        "这不是数据库 — just text, long enough to fill a header page ".repeat(100),
    )
    .unwrap();
    let (_, reason) = bad(probe(&file, &ReadOptions::default()));
    assert!(
        reason.contains("not a GeoPackage") && reason.contains("not an SQLite database"),
        "{reason}"
    );
    let (_, reason) = bad(read_layers(&file, &ReadOptions::default(), &|_| true));
    assert!(reason.contains("not a GeoPackage"), "{reason}");
}

#[test]
fn an_sqlite_database_without_gpkg_contents_is_refused() {
    let dir = TempDir::new("plain-sqlite");
    let file = dir.path("plain.gpkg");
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let (part, reason) = bad(probe(&file, &ReadOptions::default()));
    assert_eq!(part, "gpkg_contents");
    assert!(reason.contains("not a GeoPackage"), "{reason}");
}

#[test]
fn a_geopackage_locked_by_another_program_is_refused_with_a_message_saying_so() {
    let dir = TempDir::new("locked");
    let file = dir.path("locked.gpkg");
    save_gpkg(&file, &layer_set(), 4326).unwrap();
    let other = rusqlite::Connection::open(&file).unwrap();
    other
        .execute_batch("BEGIN EXCLUSIVE; DELETE FROM gpkg_extensions;")
        .unwrap();
    let (_, reason) = bad(probe(&file, &ReadOptions::default()));
    assert!(reason.contains("another program has it open"), "{reason}");
    let (_, reason) = bad(read_layers(&file, &ReadOptions::default(), &|_| true));
    assert!(reason.contains("another program has it open"), "{reason}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(read_layers(&file, &ReadOptions::default(), &|_| true).unwrap().len(), 3);
}

#[test]
fn a_truncated_geopackage_is_refused_as_damaged() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("truncated");
    let (gpkg, _) = gdal_fixture(&dir, 5000);
    let bytes = std::fs::read(&gpkg).unwrap();
    std::fs::write(&gpkg, &bytes[..bytes.len() * 2 / 5]).unwrap();
    let result =
        probe(&gpkg, &ReadOptions::default()).and_then(|_| read_layers(&gpkg, &ReadOptions::default(), &|_| true));
    let (_, reason) = bad(result);
    assert!(reason.contains("damaged or truncated"), "{reason}");
}

#[test]
fn a_broken_geometry_blob_is_refused_naming_the_table_and_row() {
    let dir = TempDir::new("broken-blob");
    let file = dir.path("broken.gpkg");
    save_gpkg(&file, &layer_set(), 4326).unwrap();
    let conn = rusqlite::Connection::open(&file).unwrap();
    let blob: Vec<u8> = conn
        .query_row("SELECT geom FROM roads WHERE fid = 2", [], |row| row.get(0))
        .unwrap();
    // Drop GDAL's triggers (they call ST_* functions plain SQLite lacks), then cut the blob.
    for suffix in ["insert", "update1", "update2", "update3", "update4", "delete"] {
        conn.execute_batch(&format!("DROP TRIGGER rtree_roads_geom_{suffix}"))
            .unwrap();
    }
    conn.execute("UPDATE roads SET geom = ?1 WHERE fid = 2", [&blob[..blob.len() - 9]])
        .unwrap();
    drop(conn);
    // The probe reads only the first rows: it sees the damage too (row 2 is among them).
    let (part, reason) = bad(read_layers(&file, &ReadOptions::default(), &|_| true));
    assert_eq!(part, "table roads, row fid 2");
    assert!(reason.contains("truncated"), "{reason}");
}

#[test]
fn geometry_blobs_of_every_envelope_kind_read_the_same() {
    let g = Geometry::Polygon(Polygon::new(square(121.0, 38.0, 1.0), vec![]));
    let plain = wkb::write_gpkg_blob(&g, 4326);
    let mut wkb_bytes = Vec::new();
    wkb::write_wkb(&g, &mut wkb_bytes);
    for (kind, doubles) in [(0u8, 0usize), (1, 4), (2, 6), (3, 6), (4, 8)] {
        let mut blob = vec![b'G', b'P', 0, 1 | (kind << 1)];
        blob.extend_from_slice(&4326i32.to_le_bytes());
        blob.extend(std::iter::repeat_n(0u8, doubles * 8));
        blob.extend_from_slice(&wkb_bytes);
        assert_eq!(
            wkb::read_gpkg_blob(&blob).unwrap(),
            (4326, g.clone()),
            "envelope {kind}"
        );
    }
    let mut bad_envelope = plain.clone();
    bad_envelope[3] = 1 | (5 << 1);
    assert!(wkb::read_gpkg_blob(&bad_envelope).is_err());
    assert!(wkb::read_gpkg_blob(b"XX").is_err());
}
