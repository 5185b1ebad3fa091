//! GeoJSON import (issue 5): what is read and kept, every way a file is refused (each
//! message names the file and the reason), progress and cancel, and `import-check`.
//! Fixtures are written to a fresh folder under the system temp dir.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use dalian_atlas::coords::{gcj02_shift_m, wgs84_to_gcj02};
use dalian_atlas::io::import::READ_SHARE;
use dalian_atlas::io::{ImportError, ImportJob, ImportOptions, import_geojson, import_geojson_str};
use dalian_atlas::model::UserLayer;
use serde_json::json;

/// A new empty folder for one test, removed again when dropped.
struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(test: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("atlas-io-import-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    TempDir(dir)
}

/// A file written for one test, removed (with its folder) when dropped.
struct Fixture {
    _dir: TempDir,
    path: PathBuf,
}

impl std::ops::Deref for Fixture {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

/// Writes `content` to `name` in the test's folder.
fn fixture(test: &str, name: &str, content: impl AsRef<[u8]>) -> Fixture {
    let dir = temp_dir(test);
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write fixture");
    Fixture { _dir: dir, path }
}

fn import(path: &Path) -> Result<UserLayer, ImportError> {
    import_geojson(path, &ImportOptions::default(), &|_| true)
}

/// The error message for a file that must be refused; checks it names the file.
fn refusal(path: &Path) -> (ImportError, String) {
    let e = import(path).expect_err("the file is refused");
    let msg = e.to_string();
    assert!(
        msg.contains(&path.display().to_string()),
        "does not name the file: {msg}"
    );
    assert!(!msg.contains("panicked"), "{msg}");
    (e, msg)
}

fn point_feature(lon: f64, lat: f64) -> serde_json::Value {
    json!({"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [lon, lat]}})
}

fn collection(features: Vec<serde_json::Value>) -> String {
    serde_json::to_string_pretty(&json!({"type": "FeatureCollection", "features": features})).expect("json")
}

// ---------------------------------------------------------------------------------------
// Good input.

#[test]
fn a_feature_collection_keeps_every_property_its_ids_and_foreign_members() {
    let text = json!({
        "type": "FeatureCollection",
        "name": "5G 站点",
        "generator": "hand-made",
        "bbox": [121.0, 38.0, 122.0, 39.0],
        "features": [
            {"type": "Feature", "id": "site-1",
             "properties": {"title": "站点一", "marker-color": "#ff0000", "x:custom": {"nested": [1, 2]}, "n": null},
             "geometry": {"type": "Point", "coordinates": [121.6, 38.9]}},
            {"type": "Feature", "id": 7, "properties": null,
             "geometry": {"type": "LineString", "coordinates": [[121.5, 38.8], [121.7, 39.0, 12.5]]}}
        ]
    })
    .to_string();
    let layer = import_geojson_str("sites.geojson", &text, &ImportOptions::default()).expect("imports");
    assert_eq!(layer.name, "5G 站点");
    assert_eq!(layer.source, None);
    assert_eq!(layer.foreign_members.get("generator"), Some(&json!("hand-made")));
    assert_eq!(layer.foreign_members.get("name"), Some(&json!("5G 站点")));
    assert!(!layer.foreign_members.contains_key("bbox"));
    assert!(!layer.foreign_members.contains_key("features"));
    assert_eq!(layer.features.len(), 2);
    let a = &layer.features[0];
    assert_eq!(a.id, Some(json!("site-1")));
    assert_eq!(
        a.properties.get("marker-color").map(|v| v.to_value()),
        Some(json!("#ff0000"))
    );
    assert_eq!(
        a.properties.get("x:custom").map(|v| v.to_value()),
        Some(json!({"nested": [1, 2]}))
    );
    assert_eq!(
        a.properties.get("n").map(|v| v.to_value()),
        Some(serde_json::Value::Null)
    );
    assert_eq!(a.geometry, geo::Geometry::Point(geo::Point::new(121.6, 38.9)));
    let b = &layer.features[1];
    assert_eq!(b.id, Some(json!(7)));
    assert!(b.properties.is_empty());
    assert_eq!(
        b.geometry,
        geo::Geometry::LineString(geo::LineString::from(vec![(121.5, 38.8), (121.7, 39.0)]))
    );
    assert_eq!(layer.bbox(), Some([121.5, 38.8, 121.7, 39.0]));
    assert_eq!(layer.geometry_counts(), vec![("Point", 1), ("LineString", 1)]);
    let names: Vec<&str> = layer.property_names().into_iter().collect();
    assert_eq!(names, ["marker-color", "n", "title", "x:custom"]);
}

#[test]
fn a_file_without_a_name_member_is_named_after_its_stem_and_remembers_its_path() {
    let path = fixture(
        "stem",
        "港口 sites.geojson",
        collection(vec![point_feature(121.6, 38.9)]),
    );
    let layer = import(&path).expect("imports");
    assert_eq!(layer.name, "港口 sites");
    assert_eq!(layer.source.as_deref(), Some(&*path));
}

#[test]
fn a_single_feature_becomes_a_one_feature_layer() {
    let text = r#"{"type": "Feature", "id": "f1", "properties": {"name": "高新区"},
        "geometry": {"type": "Polygon", "coordinates": [[[121.5, 38.8], [121.6, 38.8], [121.6, 38.9], [121.5, 38.8]]]}}"#;
    let layer = import_geojson_str("one.geojson", text, &ImportOptions::default()).expect("imports");
    assert_eq!(layer.name, "one");
    assert_eq!(layer.features.len(), 1);
    assert_eq!(layer.features[0].id, Some(json!("f1")));
    assert_eq!(
        layer.features[0].properties.get("name").map(|v| v.to_value()),
        Some(json!("高新区"))
    );
    assert_eq!(layer.features[0].geometry_type(), Some("Polygon"));
}

#[test]
fn a_bare_geometry_becomes_a_feature_without_properties() {
    let text = r#"{"type": "MultiPoint", "coordinates": [[121.6, 38.9], [121.7, 39.0]]}"#;
    let layer = import_geojson_str("points.json", text, &ImportOptions::default()).expect("imports");
    assert_eq!(layer.features.len(), 1);
    let f = &layer.features[0];
    assert_eq!(f.id, None);
    assert!(f.properties.is_empty());
    assert_eq!(f.geometry_type(), Some("MultiPoint"));
}

#[test]
fn every_geometry_type_is_read_including_collections_and_null_geometry() {
    let ring = json!([[121.0, 38.0], [122.0, 38.0], [122.0, 39.0], [121.0, 38.0]]);
    let hole = json!([[121.7, 38.2], [121.8, 38.2], [121.8, 38.3], [121.7, 38.2]]);
    let geometries = vec![
        json!({"type": "Point", "coordinates": [121.0, 38.0]}),
        json!({"type": "MultiPoint", "coordinates": [[121.0, 38.0], [122, 39]]}),
        json!({"type": "LineString", "coordinates": [[121.0, 38.0], [122.0, 39.0]]}),
        json!({"type": "MultiLineString", "coordinates": [[[121.0, 38.0], [122.0, 39.0]], []]}),
        json!({"type": "Polygon", "coordinates": [ring, hole]}),
        json!({"type": "MultiPolygon", "coordinates": [[ring], [ring, hole]]}),
        json!({"type": "GeometryCollection", "geometries": [
            {"type": "Point", "coordinates": [121.5, 38.5]},
            {"type": "GeometryCollection", "geometries": [{"type": "LineString", "coordinates": []}]}
        ]}),
        serde_json::Value::Null,
    ];
    let features = geometries
        .into_iter()
        .map(|g| json!({"type": "Feature", "properties": {}, "geometry": g}))
        .collect();
    let layer = import_geojson_str("all.geojson", &collection(features), &ImportOptions::default()).expect("imports");
    let types: Vec<Option<&str>> = layer.features.iter().map(|f| f.geometry_type()).collect();
    assert_eq!(
        types,
        [
            Some("Point"),
            Some("MultiPoint"),
            Some("LineString"),
            Some("MultiLineString"),
            Some("Polygon"),
            Some("MultiPolygon"),
            Some("GeometryCollection"),
            None
        ]
    );
    let geo::Geometry::Polygon(p) = &layer.features[4].geometry else {
        panic!("a polygon");
    };
    assert_eq!(p.interiors().len(), 1);
    let geo::Geometry::GeometryCollection(c) = &layer.features[6].geometry else {
        panic!("a collection");
    };
    assert_eq!(c.0.len(), 2);
    assert_eq!(layer.geometry_counts().last(), Some(&("null", 1)));
}

#[test]
fn members_in_sorted_key_order_with_type_last_are_read_the_same() {
    // Python's json.dumps(sort_keys=True) puts "type" after everything else.
    let text = r#"{"features": [{"geometry": {"coordinates": [[121.5, 38.8], [121.6, 38.9]], "type": "LineString"},
        "id": 3, "properties": {"a": 1}, "type": "Feature"}], "name": "sorted", "type": "FeatureCollection"}"#;
    let layer = import_geojson_str("sorted.geojson", text, &ImportOptions::default()).expect("imports");
    assert_eq!(layer.name, "sorted");
    assert_eq!(layer.features[0].id, Some(json!(3)));
    assert_eq!(layer.features[0].geometry_type(), Some("LineString"));
    let bare = r#"{"coordinates": [121.5, 38.8], "type": "Point"}"#;
    assert!(import_geojson_str("p.geojson", bare, &ImportOptions::default()).is_ok());
    let feature = r#"{"geometry": null, "properties": {"k": "v"}, "type": "Feature"}"#;
    let layer = import_geojson_str("f.geojson", feature, &ImportOptions::default()).expect("imports");
    assert_eq!(
        layer.features[0].properties.get("k").map(|v| v.to_value()),
        Some(json!("v"))
    );
}

#[test]
fn a_legacy_crs_naming_crs84_or_epsg_4326_is_accepted() {
    for name in [
        "urn:ogc:def:crs:OGC:1.3:CRS84",
        "EPSG:4326",
        "urn:ogc:def:crs:EPSG::4326",
    ] {
        let text = json!({
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": name}},
            "features": [point_feature(121.6, 38.9)]
        })
        .to_string();
        let layer = import_geojson_str("legacy.geojson", &text, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(layer.features.len(), 1);
        assert!(!layer.foreign_members.contains_key("crs"));
    }
}

#[test]
fn an_epsg_3857_crs_is_refused_with_a_message_asking_for_wgs84() {
    let text = json!({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [point_feature(121.6, 38.9)]
    })
    .to_string();
    let path = fixture("crs3857", "mercator.geojson", text);
    let (e, msg) = refusal(&path);
    assert!(matches!(e, ImportError::UnsupportedCrs { .. }), "{e:?}");
    assert!(msg.contains("EPSG::3857"), "{msg}");
    assert!(msg.contains("WGS-84"), "{msg}");
}

#[test]
fn the_gcj02_option_moves_a_dalian_point_about_450_m_back_to_wgs84() {
    let wgs = [121.644, 38.914];
    let gcj = wgs84_to_gcj02(wgs);
    let text = collection(vec![point_feature(gcj[0], gcj[1])]);
    let options = ImportOptions {
        gcj02: true,
        ..Default::default()
    };
    let layer = import_geojson_str("amap.geojson", &text, &options).expect("imports");
    let geo::Geometry::Point(p) = layer.features[0].geometry else {
        panic!("a point");
    };
    assert!((p.x() - wgs[0]).abs() < 1e-7 && (p.y() - wgs[1]).abs() < 1e-7, "{p:?}");
    let [east, north] = gcj02_shift_m(wgs);
    let metres = east.hypot(north);
    assert!((400.0..=550.0).contains(&metres), "{metres} m");
    // Without the option the point stays where the file puts it.
    let plain = import_geojson_str("amap.geojson", &text, &ImportOptions::default()).expect("imports");
    assert_eq!(
        plain.features[0].geometry,
        geo::Geometry::Point(geo::Point::new(gcj[0], gcj[1]))
    );
}

#[test]
fn a_utf8_byte_order_mark_is_ignored() {
    let path = fixture(
        "bom",
        "bom.geojson",
        format!("\u{feff}{}", collection(vec![point_feature(121.6, 38.9)])),
    );
    assert_eq!(import(&path).expect("imports").features.len(), 1);
}

// ---------------------------------------------------------------------------------------
// Bad input: each refused with the file named, nothing imported.

#[test]
fn invalid_json_is_refused_with_line_and_column() {
    let path = fixture(
        "json",
        "broken.geojson",
        "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [}\n",
    );
    let (e, msg) = refusal(&path);
    let ImportError::Json { line, column, .. } = e else {
        panic!("{e:?}");
    };
    assert_eq!((line, column), (3, 16), "{msg}");
    assert!(msg.contains("line 3, column 16"), "{msg}");
    assert!(msg.contains("not valid JSON"), "{msg}");
}

#[test]
fn columns_in_messages_count_characters_in_lines_with_chinese_text() {
    let path = fixture("cjk", "cjk.geojson", "{\"type\": \"Feature\", \"名称\": 大连}");
    let (e, msg) = refusal(&path);
    let ImportError::Json { line, column, .. } = e else {
        panic!("{e:?}");
    };
    // `大` is the 27th character (and the 31st byte) of the line.
    assert_eq!((line, column), (1, 27), "{msg}");
}

#[test]
fn a_coordinate_that_is_not_a_number_names_the_feature_and_the_path() {
    let mut features = vec![point_feature(121.6, 38.9), point_feature(121.7, 38.9)];
    features.push(json!({"type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[121.0, 38.0], [122.0, 38.0], [122.0, "39.0"], [121.0, 38.0]]]}}));
    let path = fixture("types", "types.geojson", collection(features));
    let (e, msg) = refusal(&path);
    let ImportError::Invalid {
        feature,
        path: at,
        line,
        ..
    } = &e
    else {
        panic!("{e:?}");
    };
    assert_eq!(*feature, Some(2), "{msg}");
    assert_eq!(at, "geometry.coordinates[0][2][1]", "{msg}");
    assert!(*line > 0, "{msg}");
    assert!(msg.contains("expected a number"), "{msg}");
    assert!(msg.contains("feature 3, geometry.coordinates[0][2][1]"), "{msg}");
}

#[test]
fn features_that_are_not_an_array_are_refused() {
    let path = fixture(
        "features",
        "object.geojson",
        r#"{"type": "FeatureCollection", "features": {"a": 1}}"#,
    );
    let (e, msg) = refusal(&path);
    assert!(
        matches!(&e, ImportError::Invalid { path, feature: None, .. } if path == "features"),
        "{e:?}"
    );
    assert!(msg.contains("expected an array of features"), "{msg}");
}

#[test]
fn properties_and_ids_of_the_wrong_type_are_refused() {
    let path = fixture(
        "props",
        "props.geojson",
        collection(vec![
            point_feature(121.6, 38.9),
            json!({"type": "Feature", "properties": [1, 2], "geometry": null}),
        ]),
    );
    let (e, msg) = refusal(&path);
    assert!(
        matches!(&e, ImportError::Invalid { path, feature: Some(1), .. } if path == "properties"),
        "{msg}"
    );
    let path = fixture(
        "ids",
        "ids.geojson",
        collection(vec![
            json!({"type": "Feature", "id": {"x": 1}, "properties": {}, "geometry": null}),
        ]),
    );
    let (_, msg) = refusal(&path);
    assert!(
        msg.contains("feature 1, id") && msg.contains("string or a number"),
        "{msg}"
    );
}

#[test]
fn an_unknown_type_is_refused() {
    let path = fixture(
        "unknown",
        "circle.geojson",
        r#"{"type": "Circle", "coordinates": [121.6, 38.9]}"#,
    );
    let (_, msg) = refusal(&path);
    assert!(msg.contains("unknown GeoJSON type “Circle”"), "{msg}");
    let path = fixture("notype", "notype.geojson", r#"{"features": []}"#);
    let (_, msg) = refusal(&path);
    assert!(msg.contains("no “type” member"), "{msg}");
}

#[test]
fn nan_coordinates_are_refused_as_invalid_json_naming_the_feature() {
    let text = collection(vec![point_feature(121.6, 38.9), point_feature(121.6, 38.9)])
        .replacen("38.9", "NaN", 2)
        .replacen("NaN", "38.9", 1);
    let path = fixture("nan", "nan.geojson", text);
    let (e, msg) = refusal(&path);
    assert!(
        matches!(
            e,
            ImportError::Json {
                feature: Some(1),
                line: 1..,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(msg.contains("NaN and Infinity are not numbers in JSON"), "{msg}");
}

#[test]
fn infinite_coordinates_are_refused() {
    let path = fixture(
        "inf",
        "inf.geojson",
        r#"{"type": "Point", "coordinates": [121.6, Infinity]}"#,
    );
    let (_, msg) = refusal(&path);
    assert!(msg.contains("line 1") && msg.contains("NaN and Infinity"), "{msg}");
    // A number too big for a double is the JSON spelling of infinity.
    let path = fixture(
        "huge",
        "huge.geojson",
        r#"{"type": "Point", "coordinates": [121.6, 1e999]}"#,
    );
    let (_, msg) = refusal(&path);
    assert!(msg.contains("number out of range"), "{msg}");
}

#[test]
fn a_longitude_out_of_range_is_refused_naming_the_feature() {
    let text = collection(vec![
        point_feature(121.6, 38.9),
        point_feature(13_540_000.0, 4_700_000.0),
    ]);
    let path = fixture("lon", "projected.geojson", text);
    let (e, msg) = refusal(&path);
    assert!(
        matches!(&e, ImportError::Invalid { feature: Some(1), path, .. } if path == "geometry.coordinates"),
        "{e:?}"
    );
    assert!(msg.contains("longitude 13540000 is outside −180…180"), "{msg}");
    assert!(msg.contains("projected"), "{msg}");
}

#[test]
fn a_latitude_out_of_range_is_refused_with_a_hint_at_swapped_axes() {
    let text = collection(vec![json!({"type": "Feature", "properties": {},
        "geometry": {"type": "LineString", "coordinates": [[121.6, 38.9], [38.9, 121.6]]}})]);
    let path = fixture("lat", "swapped.geojson", text);
    let (e, msg) = refusal(&path);
    assert!(
        matches!(&e, ImportError::Invalid { feature: Some(0), path, .. } if path == "geometry.coordinates[1]"),
        "{e:?}"
    );
    assert!(msg.contains("latitude 121.6 is outside −90…90"), "{msg}");
    assert!(msg.contains("swapped"), "{msg}");
}

#[test]
fn an_unclosed_polygon_ring_is_refused() {
    let text = collection(vec![
        json!({"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon",
        "coordinates": [[[[121.0, 38.0], [122.0, 38.0], [122.0, 39.0], [121.0, 38.0]]],
                        [[[121.0, 38.0], [122.0, 38.0], [122.0, 39.0], [121.0, 38.0]],
                         [[121.1, 38.1], [121.2, 38.1], [121.2, 38.2], [121.1, 38.2]]]]}}),
    ]);
    let path = fixture("unclosed", "unclosed.geojson", text);
    let (e, msg) = refusal(&path);
    assert!(
        matches!(&e, ImportError::Invalid { feature: Some(0), path, .. } if path == "geometry.coordinates[1][1]"),
        "{e:?}"
    );
    assert!(msg.contains("hole 1 of the polygon is not closed"), "{msg}");
}

#[test]
fn a_ring_with_fewer_than_four_positions_is_refused() {
    let text = r#"{"type": "Polygon", "coordinates": [[[121.0, 38.0], [122.0, 38.0], [121.0, 38.0]]]}"#;
    let path = fixture("short", "short.geojson", text);
    let (e, msg) = refusal(&path);
    assert!(
        matches!(&e, ImportError::Invalid { feature: None, path, .. } if path == "coordinates[0]"),
        "{e:?}"
    );
    assert!(
        msg.contains("the outer ring of the polygon has 3 position(s); a ring needs at least 4"),
        "{msg}"
    );
}

#[test]
fn a_line_with_one_position_and_a_position_with_one_number_are_refused() {
    let (_, msg) = refusal(&fixture(
        "line1",
        "l.geojson",
        r#"{"type": "LineString", "coordinates": [[121.0, 38.0]]}"#,
    ));
    assert!(msg.contains("two or more positions"), "{msg}");
    let (_, msg) = refusal(&fixture(
        "pos1",
        "p.geojson",
        r#"{"type": "Point", "coordinates": [121.0]}"#,
    ));
    assert!(msg.contains("only one"), "{msg}");
    let (_, msg) = refusal(&fixture(
        "depth",
        "d.geojson",
        r#"{"type": "Polygon", "coordinates": [[121.0, 38.0]]}"#,
    ));
    assert!(msg.contains("a Polygon's coordinates are an array of rings"), "{msg}");
}

#[test]
fn an_empty_file_is_refused() {
    for (k, content) in ["", "  \n\t "].into_iter().enumerate() {
        let path = fixture(&format!("empty{k}"), "empty.geojson", content);
        let (e, msg) = refusal(&path);
        assert!(matches!(e, ImportError::Empty { .. }), "{e:?}");
        assert!(msg.contains("is empty"), "{msg}");
    }
}

#[test]
fn a_truncated_file_is_refused_saying_where_it_ends() {
    let full = collection(vec![point_feature(121.6, 38.9), point_feature(121.7, 39.0)]);
    let path = fixture("truncated", "cut.geojson", &full[..full.len() * 2 / 3]);
    let (e, msg) = refusal(&path);
    let ImportError::Truncated { line, feature, .. } = e else {
        panic!("{e:?}");
    };
    assert!(line > 1, "{msg}");
    assert_eq!(feature, Some(1), "{msg}");
    assert!(msg.contains("the file ends early — it is truncated"), "{msg}");
}

#[test]
fn a_directory_is_refused() {
    let parent = temp_dir("dir");
    let dir = parent.join("folder.geojson");
    std::fs::create_dir_all(&dir).expect("dir");
    let (e, msg) = refusal(&dir);
    assert!(matches!(e, ImportError::Directory { .. }), "{e:?}");
    assert!(msg.contains("is a folder"), "{msg}");
}

#[test]
fn a_binary_file_is_refused() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let (e, msg) = refusal(&fixture("png", "picture.geojson", png));
    assert!(matches!(e, ImportError::NotText { .. }), "{e:?}");
    assert!(msg.contains("is not a text file"), "{msg}");
    // Latin-1 text, not UTF-8.
    let (_, msg) = refusal(&fixture("latin1", "latin1.geojson", b"{\"name\": \"Dalian \xe9\"}"));
    assert!(
        msg.contains("not UTF-8") && msg.contains("line 1, byte offset 17"),
        "{msg}"
    );
}

#[test]
fn a_file_over_the_configured_limit_is_refused() {
    let path = fixture("limit", "big.geojson", collection(vec![point_feature(121.6, 38.9)]));
    let options = ImportOptions {
        max_bytes: 64,
        ..Default::default()
    };
    let e = import_geojson(&path, &options, &|_| true).expect_err("refused");
    assert!(matches!(e, ImportError::TooLarge { limit: 64, .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.contains(&path.display().to_string()) && msg.contains("import limit of 64 bytes"),
        "{msg}"
    );
}

#[test]
fn a_2_gb_file_is_refused_from_its_size_without_being_read() {
    let dir = temp_dir("2gb");
    let path = dir.join("huge.geojson");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(2 << 30).expect("sparse file");
    drop(file);
    let calls = Mutex::new(0);
    let e = import_geojson(&path, &ImportOptions::default(), &|_| {
        *calls.lock().expect("lock") += 1;
        true
    })
    .expect_err("refused");
    let _ = std::fs::remove_file(&path);
    assert!(
        matches!(e, ImportError::TooLarge { size, .. } if size == 2 << 30),
        "{e:?}"
    );
    assert_eq!(*calls.lock().expect("lock"), 0, "reading never started");
    let msg = e.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("2.0 GB") && msg.contains("1.0 GB"), "{msg}");
}

#[test]
fn a_missing_file_is_refused() {
    let dir = temp_dir("missing");
    let path = dir.join("nowhere.geojson");
    let (e, msg) = refusal(&path);
    assert!(matches!(e, ImportError::NotFound { .. }), "{e:?}");
    assert!(msg.contains("no such file"), "{msg}");
}

#[test]
fn an_error_in_the_last_feature_imports_nothing() {
    let mut features: Vec<_> = (0..50)
        .map(|k| point_feature(121.0 + f64::from(k) * 0.01, 38.9))
        .collect();
    features.push(point_feature(121.0, 95.0));
    let path = fixture("last", "last.geojson", collection(features));
    let (e, _) = refusal(&path);
    assert!(matches!(e, ImportError::Invalid { feature: Some(50), .. }), "{e:?}");
}

// ---------------------------------------------------------------------------------------
// Progress, cancel, threads.

/// About 2 MB of points, so that parsing reports progress many times.
fn many_points(test: &str) -> Fixture {
    let features = (0..20_000)
        .map(|k| {
            let mut f = point_feature(121.0 + f64::from(k % 1000) * 0.001, 38.5 + f64::from(k / 1000) * 0.01);
            f["properties"] = json!({"n": k, "label": format!("point {k}")});
            f
        })
        .collect();
    fixture(test, "many.geojson", collection(features))
}

#[test]
fn progress_rises_from_zero_to_one_through_reading_and_parsing() {
    let path = many_points("progress");
    let seen = Mutex::new(Vec::new());
    let layer = import_geojson(&path, &ImportOptions::default(), &|f| {
        seen.lock().expect("lock").push(f);
        true
    })
    .expect("imports");
    assert_eq!(layer.features.len(), 20_000);
    let seen = seen.into_inner().expect("lock");
    assert_eq!(seen.first(), Some(&0.0));
    assert_eq!(seen.last(), Some(&1.0));
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    let parsing = seen.iter().filter(|f| **f > READ_SHARE && **f < 1.0).count();
    assert!(parsing >= 50, "{parsing} reports while parsing");
    assert!(seen.len() <= 500, "{} reports", seen.len());
}

#[test]
fn returning_false_from_progress_cancels_the_import() {
    let path = many_points("cancel");
    let e = import_geojson(&path, &ImportOptions::default(), &|_| false).expect_err("cancelled");
    assert!(matches!(e, ImportError::Cancelled { .. }), "{e:?}");
    assert!(e.to_string().contains("many.geojson"), "{e}");
    // Halfway through parsing.
    let calls = Mutex::new(0.0f32);
    let e = import_geojson(&path, &ImportOptions::default(), &|f| {
        *calls.lock().expect("lock") = f;
        f < 0.5
    })
    .expect_err("cancelled");
    assert!(matches!(e, ImportError::Cancelled { .. }), "{e:?}");
    let last = *calls.lock().expect("lock");
    assert!((0.5..0.6).contains(&last), "stopped at {last}");
}

#[test]
fn an_import_job_runs_in_its_own_thread_and_can_be_cancelled() {
    let path = many_points("job");
    let mut job = ImportJob::spawn(path.to_path_buf(), ImportOptions::default(), || {}).expect("thread");
    let layer = job.wait().expect("a result").expect("imports");
    assert_eq!(layer.features.len(), 20_000);
    assert_eq!(job.progress(), 1.0);
    assert!(job.is_finished());
    assert!(job.try_finish().is_none(), "the result is taken once");

    // The thread waits in its first progress report until the job is cancelled.
    let (go, wait) = std::sync::mpsc::channel::<()>();
    let notify = move || {
        let _ = wait.recv_timeout(std::time::Duration::from_secs(30));
    };
    let mut job = ImportJob::spawn(path.to_path_buf(), ImportOptions::default(), notify).expect("thread");
    job.cancel();
    drop(go);
    let e = job.wait().expect("a result").expect_err("cancelled");
    assert!(matches!(e, ImportError::Cancelled { .. }), "{e:?}");
}

// ---------------------------------------------------------------------------------------
// The command line.

fn atlas(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn import_check_prints_one_summary_line_and_exits_0() {
    let text = json!({"type": "FeatureCollection", "name": "sites", "features": [
        {"type": "Feature", "properties": {"title": "A", "kind": "5G"}, "geometry": {"type": "Point", "coordinates": [121.6, 38.9]}},
        {"type": "Feature", "properties": {"title": "B"}, "geometry": {"type": "Point", "coordinates": [121.7, 39.0]}},
        {"type": "Feature", "properties": {"zone": 1}, "geometry":
            {"type": "Polygon", "coordinates": [[[121.5, 38.8], [121.6, 38.8], [121.6, 38.85], [121.5, 38.8]]]}}
    ]})
    .to_string();
    let path = fixture("cli-ok", "sites.geojson", text);
    let out = atlas(&["import-check", path.to_str().expect("utf-8 path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The probe line comes first, the summary last.
    assert!(
        stdout.starts_with("GeoJSON layer “sites”: 3 features, mixed; coordinate system WGS 84"),
        "{stdout}"
    );
    assert_eq!(
        stdout.trim_end().lines().last().unwrap_or_default(),
        "sites: 3 features (2 Point, 1 Polygon); bbox lon/lat 121.500000,38.800000 to 121.700000,39.000000; \
         properties: kind, title, zone"
    );
    let out = atlas(&["import-check", path.to_str().expect("utf-8 path"), "--gcj02"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("(converted from GCJ-02)") && !stdout.contains("121.500000"),
        "{stdout}"
    );
}

#[test]
fn import_check_prints_the_error_and_exits_non_zero() {
    let path = fixture(
        "cli-bad",
        "bad.geojson",
        "{\"type\": \"Point\", \"coordinates\": [121.6, 38.9}",
    );
    let out = atlas(&["import-check", path.to_str().expect("utf-8 path")]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&path.display().to_string()) && stderr.contains("line 1, column"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let out = atlas(&["import-check"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("required arguments were not provided") && stderr.contains("<FILE>"),
        "{stderr}"
    );
}

#[test]
fn import_check_arguments_are_read_in_any_order() {
    use dalian_atlas::cli::{Command as Cli, parse_args};
    let args = |list: &[&str]| parse_args(list.iter().map(|s| s.to_string()));
    let expected = Cli::ImportCheck {
        file: PathBuf::from("a.geojson"),
        gcj02: true,
    };
    assert_eq!(
        args(&["import-check", "a.geojson", "--gcj02"]).expect("ok").command,
        expected
    );
    assert_eq!(
        args(&["import-check", "--gcj02", "a.geojson"]).expect("ok").command,
        expected
    );
    assert!(args(&["import-check", "a.geojson", "b.geojson"]).is_err());
    assert!(args(&["plan", "a.geojson"]).is_err());
}
