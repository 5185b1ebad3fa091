#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

//! Shapefile import (issue 13): shapefiles written by GDAL's `ogr2ogr` in a fresh temp
//! folder, read through the one import door (`probe`, `read_layers`) and checked against
//! GDAL's own reading of the same files (`ogr2ogr -f GeoJSON`): feature counts,
//! attribute values (Chinese included) and positions as written. Every kind of bad input
//! is refused with a message naming the file, the part and the reason — never a panic.

use std::path::{Path, PathBuf};

use dalian_atlas::crs::Crs;
use dalian_atlas::io::ImportError;
use dalian_atlas::io::import::encoding::{EncodingSource, TextEncoding};
use dalian_atlas::io::import::{ReadOptions, probe, read_layers};
use dalian_atlas::model::UserFeature;
use serde_json::{Value, json};

mod support;
use support::{TempDir, have, run};

#[path = "io_shapefile/bad_input.rs"]
mod bad_input;
#[path = "io_shapefile/zip.rs"]
mod zip;

/// Writes `features` as GeoJSON and makes `name.shp` of them in `dir` with `ogr2ogr`
/// and the extra `args`.
fn make_shp(dir: &Path, name: &str, features: Value, args: &[&str]) -> PathBuf {
    let src = dir.join(format!("{name}-source.geojson"));
    std::fs::write(
        &src,
        json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
    let shp = dir.join(format!("{name}.shp"));
    let mut all = vec!["-f", "ESRI Shapefile", shp.to_str().unwrap(), src.to_str().unwrap()];
    all.extend_from_slice(args);
    run("ogr2ogr", &all);
    shp
}

/// GDAL's reading of a shapefile, as GeoJSON features.
fn gdal_features(shp: &Path) -> Vec<Value> {
    let out = shp.with_extension("gdal.geojson");
    run(
        "ogr2ogr",
        &["-f", "GeoJSON", out.to_str().unwrap(), shp.to_str().unwrap()],
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    std::fs::remove_file(&out).unwrap();
    v["features"].as_array().unwrap().clone()
}

fn remove(path: &Path, ext: &str) {
    std::fs::remove_file(path.with_extension(ext)).unwrap_or_else(|e| panic!("remove .{ext}: {e}"));
}

/// The geometry as GeoJSON `{"type", "coordinates"}` (null for no geometry).
fn geometry_json(f: &UserFeature) -> Value {
    use geo::Geometry as G;
    fn line(l: &geo::LineString<f64>) -> Value {
        l.0.iter().map(|c| json!([c.x, c.y])).collect()
    }
    fn poly(p: &geo::Polygon<f64>) -> Value {
        std::iter::once(p.exterior()).chain(p.interiors()).map(line).collect()
    }
    let (kind, coords) = match &f.geometry {
        G::Point(p) => ("Point", json!([p.x(), p.y()])),
        G::MultiPoint(m) => ("MultiPoint", m.0.iter().map(|p| json!([p.x(), p.y()])).collect()),
        G::LineString(l) => ("LineString", line(l)),
        G::MultiLineString(m) => ("MultiLineString", m.0.iter().map(line).collect()),
        G::Polygon(p) => ("Polygon", poly(p)),
        G::MultiPolygon(m) => ("MultiPolygon", m.0.iter().map(poly).collect()),
        G::GeometryCollection(c) if c.0.is_empty() => return Value::Null,
        other => panic!("unexpected geometry {other:?}"),
    };
    json!({"type": kind, "coordinates": coords})
}

/// Numbers equal within a relative 1e-12 (GDAL writes 15 significant digits).
fn same_numbers(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-12 * x.abs().max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_numbers(x, y)),
        _ => a == b,
    }
}

/// Checks our features against GDAL's: count, every property, every position.
fn assert_like_gdal(ours: &[UserFeature], gdal: &[Value]) {
    assert_eq!(ours.len(), gdal.len(), "feature count");
    for (i, (f, g)) in ours.iter().zip(gdal).enumerate() {
        assert_eq!(
            Value::Object(f.properties.to_map()),
            g["properties"],
            "feature {i} properties"
        );
        let mine = geometry_json(f);
        let theirs = &g["geometry"];
        if theirs.is_null() {
            assert!(mine.is_null(), "feature {i}: {mine} where GDAL has no geometry");
            continue;
        }
        assert_eq!(mine["type"], theirs["type"], "feature {i} type");
        assert!(
            same_numbers(&mine["coordinates"], &theirs["coordinates"]),
            "feature {i} positions:\n ours {}\n gdal {}",
            mine["coordinates"],
            theirs["coordinates"]
        );
    }
}

/// Options that take the positions as CGCS2000 degrees (no guessing, no conversion).
fn cgcs2000() -> ReadOptions {
    ReadOptions {
        crs: Some(Crs::Cgcs2000),
        ..ReadOptions::default()
    }
}

fn read_all(path: &Path) -> Vec<UserFeature> {
    let layers = read_layers(path, &cgcs2000(), &|_| true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(layers.len(), 1);
    layers.into_iter().next().unwrap().features
}

fn bad(result: Result<impl std::fmt::Debug, ImportError>) -> (String, String, String) {
    match result {
        Err(ImportError::Bad { file, part, reason }) => (file, part, reason),
        other => panic!("expected ImportError::Bad, got {other:?}"),
    }
}

/// Chinese names, numbers of both kinds, booleans, dates, blanks and one feature
/// without geometry, in CGCS2000 degrees around Dalian.
fn district_points() -> Value {
    json!([
        {"type": "Feature", "properties": {"名称": "大连市甘井子区", "人口": 123456, "面积": 45.5, "启用": true, "日期": "2024-01-31", "备注": "甲"},
         "geometry": {"type": "Point", "coordinates": [121.5231456789, 38.9512345678]}},
        {"type": "Feature", "properties": {"名称": "旅顺口区", "人口": null, "面积": null, "启用": false, "日期": null, "备注": ""},
         "geometry": null},
        {"type": "Feature", "properties": {"名称": "金州区（开发区）", "人口": -7, "面积": 0.125, "启用": true, "日期": "1999-12-01", "备注": "乙 丙"},
         "geometry": {"type": "Point", "coordinates": [121.78, 39.05]}}
    ])
}

/// A GBK point shapefile without .prj in a fresh folder.
fn plain_shp(dir: &Path) -> PathBuf {
    let shp = make_shp(dir, "plain", district_points(), &["-lco", "ENCODING=GBK"]);
    remove(&shp, "prj");
    shp
}

#[test]
fn a_gbk_shapefile_without_cpg_keeps_its_chinese_names() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("gbk-no-cpg");
    let shp = make_shp(&dir, "区县", district_points(), &["-lco", "ENCODING=GBK"]);
    // GDAL's reading, while the .cpg still says GBK.
    let gdal = gdal_features(&shp);
    remove(&shp, "cpg");
    remove(&shp, "prj");
    let features = read_all(&shp);
    assert_like_gdal(&features, &gdal);
    assert_eq!(features[0].properties["名称"], "大连市甘井子区");
    assert_eq!(features[0].properties["人口"], json!(123456));
    let p = probe(&shp, &cgcs2000()).unwrap();
    let info = &p.layers[0].info;
    assert_eq!(info.name, "区县");
    assert_eq!(info.feature_count, 3);
    assert_eq!(info.geometry_type, "Point");
    assert_eq!(info.encoding, Some((TextEncoding::Gbk, EncodingSource::Detected)));
    assert_eq!(info.declared_crs, None, "no .prj: the file says nothing");
    assert_eq!(info.sample.len(), 3);
    assert_eq!(info.sample[2].properties["名称"], "金州区（开发区）");
}

#[test]
fn a_cpg_declares_the_encoding_and_the_users_choice_overrides_it() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("gbk-cpg");
    let shp = make_shp(&dir, "points", district_points(), &["-lco", "ENCODING=GBK"]);
    let gdal = gdal_features(&shp);
    remove(&shp, "prj");
    assert_like_gdal(&read_all(&shp), &gdal);
    let p = probe(&shp, &cgcs2000()).unwrap();
    assert_eq!(
        p.layers[0].info.encoding,
        Some((TextEncoding::Gbk, EncodingSource::Declared))
    );
    // Chosen as UTF-8, GBK bytes do not decode: the preview shows it.
    let options = ReadOptions {
        encoding: Some(TextEncoding::Utf8),
        ..cgcs2000()
    };
    let p = probe(&shp, &options).unwrap();
    assert_eq!(
        p.layers[0].info.encoding,
        Some((TextEncoding::Utf8, EncodingSource::Chosen))
    );
    assert!(!p.layers[0].info.sample[0].properties.contains_key("名称"));
}

#[test]
fn a_utf8_shapefile_is_read_with_or_without_its_cpg() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("utf8");
    let shp = make_shp(&dir, "utf8", district_points(), &["-lco", "ENCODING=UTF-8"]);
    let gdal = gdal_features(&shp);
    remove(&shp, "prj");
    assert_like_gdal(&read_all(&shp), &gdal);
    let p = probe(&shp, &cgcs2000()).unwrap();
    assert_eq!(
        p.layers[0].info.encoding,
        Some((TextEncoding::Utf8, EncodingSource::Declared))
    );
    remove(&shp, "cpg");
    assert_like_gdal(&read_all(&shp), &gdal);
    let p = probe(&shp, &cgcs2000()).unwrap();
    assert_eq!(
        p.layers[0].info.encoding,
        Some((TextEncoding::Utf8, EncodingSource::Detected))
    );
}

/// Clockwise square (GeoJSON writers reorient as they please; GDAL writes shapefile
/// orientation either way).
fn square(x: f64, y: f64, s: f64) -> Value {
    json!([[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]])
}

fn lines_and_polygons(x0: f64, y0: f64, unit: f64) -> (Value, Value) {
    let p = |dx: f64, dy: f64| json!([x0 + dx * unit, y0 + dy * unit]);
    let lines = json!([
        {"type": "Feature", "properties": {"name": "一号线"}, "geometry": {"type": "LineString", "coordinates": [p(0.0, 0.0), p(1.0, 1.5), p(2.0, 0.5)]}},
        {"type": "Feature", "properties": {"name": "二号线 支线"}, "geometry": {"type": "MultiLineString", "coordinates": [[p(0.0, 0.0), p(1.0, 1.0)], [p(3.0, 3.0), p(4.0, 3.5), p(5.0, 3.0)]]}},
        {"type": "Feature", "properties": {"name": "未定"}, "geometry": null}
    ]);
    let sq = |x: f64, y: f64, s: f64| square(x0 + x * unit, y0 + y * unit, s * unit);
    let polygons = json!([
        {"type": "Feature", "properties": {"name": "带洞地块"}, "geometry": {"type": "Polygon", "coordinates": [sq(0.0, 0.0, 10.0), sq(2.0, 2.0, 3.0), sq(6.0, 6.0, 2.0)]}},
        {"type": "Feature", "properties": {"name": "两部分"}, "geometry": {"type": "MultiPolygon", "coordinates": [[sq(20.0, 0.0, 5.0)], [sq(30.0, 0.0, 8.0), sq(31.0, 1.0, 2.0)]]}},
        {"type": "Feature", "properties": {"name": "普通"}, "geometry": {"type": "Polygon", "coordinates": [sq(0.0, 20.0, 1.0)]}}
    ]);
    (lines, polygons)
}

#[test]
fn lines_and_polygons_with_holes_and_parts_read_as_gdal_reads_them() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("shapes");
    let (lines, polygons) = lines_and_polygons(121.5, 38.9, 0.01);
    for (name, features, kind) in [("lines", lines, "LineString"), ("polygons", polygons, "Polygon")] {
        let shp = make_shp(&dir, name, features, &[]);
        let gdal = gdal_features(&shp);
        remove(&shp, "prj");
        let ours = read_all(&shp);
        assert_like_gdal(&ours, &gdal);
        assert_eq!(probe(&shp, &cgcs2000()).unwrap().layers[0].info.geometry_type, kind);
    }
}

#[test]
fn a_gbk_shapefile_in_gauss_kruger_without_cpg_keeps_positions_as_written_and_chinese_names() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("projected");
    // EPSG:4550 (CGCS2000 / 3-degree Gauss–Kruger CM 123E), metres around Dalian.
    let (lines, polygons) = lines_and_polygons(415_000.123, 4_310_000.456, 100.0);
    for (name, features) in [("lines4550", lines), ("polygons4550", polygons)] {
        let shp = make_shp(&dir, name, features, &["-a_srs", "EPSG:4550", "-lco", "ENCODING=GBK"]);
        let gdal = gdal_features(&shp);
        remove(&shp, "prj");
        remove(&shp, "cpg");
        // Chosen as CGCS2000 degrees only so that nothing is guessed or converted.
        let p = probe(&shp, &cgcs2000()).unwrap();
        assert_like_gdal(&p.layers[0].info.sample, &gdal);
        assert_eq!(
            p.layers[0].info.encoding,
            Some((TextEncoding::Gbk, EncodingSource::Detected))
        );
        // Without the .prj the system is only guessed: the user must confirm it.
        let p = probe(&shp, &ReadOptions::default()).unwrap();
        assert!(p.layers[0].needs_confirmation(), "{:?}", p.layers[0].crs_source);
        let result = read_layers(&shp, &ReadOptions::default(), &|_| true);
        assert!(matches!(result, Err(ImportError::NeedsCrs { .. })), "{result:?}");
    }
}

#[test]
fn z_and_m_shapes_are_kept_two_dimensional() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("zm");
    let (lines, polygons) = lines_and_polygons(121.5, 38.9, 0.01);
    let points = district_points();
    for (name, features) in [("l", lines), ("p", polygons), ("pt", points)] {
        for dim in ["XYZ", "XYM", "XYZM"] {
            let shp = make_shp(&dir, &format!("{name}{dim}"), features.clone(), &["-dim", dim]);
            let gdal: Vec<Value> = gdal_features(&shp)
                .into_iter()
                .map(|mut f| {
                    // GDAL's GeoJSON keeps Z; the atlas is 2-D.
                    strip_z(&mut f["geometry"]["coordinates"]);
                    f
                })
                .collect();
            remove(&shp, "prj");
            assert_like_gdal(&read_all(&shp), &gdal);
        }
    }
}

fn strip_z(v: &mut Value) {
    if let Value::Array(a) = v {
        if a.first().is_some_and(Value::is_number) {
            a.truncate(2);
        } else {
            a.iter_mut().for_each(strip_z);
        }
    }
}

#[test]
fn any_part_picks_the_shapefile_whatever_the_case_of_its_extensions() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("case");
    let shp = make_shp(&dir, "Roads", district_points(), &["-lco", "ENCODING=GBK"]);
    remove(&shp, "prj");
    std::fs::rename(&shp, dir.join("Roads.SHP")).unwrap();
    std::fs::rename(shp.with_extension("dbf"), dir.join("roads.dbf")).unwrap();
    std::fs::rename(shp.with_extension("shx"), dir.join("ROADS.Shx")).unwrap();
    for part in ["Roads.SHP", "roads.dbf", "ROADS.Shx", "Roads.cpg"] {
        let p = probe(&dir.join(part), &cgcs2000()).unwrap_or_else(|e| panic!("{part}: {e}"));
        assert_eq!(p.layers[0].info.name, "Roads", "{part}");
        assert_eq!(p.layers[0].info.feature_count, 3, "{part}");
    }
}

#[test]
fn reading_reports_progress_and_stops_when_cancelled() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("cancel");
    let shp = plain_shp(&dir);
    let seen = std::cell::RefCell::new(Vec::new());
    read_layers(&shp, &cgcs2000(), &|f| {
        seen.borrow_mut().push(f);
        true
    })
    .unwrap();
    assert_eq!(seen.borrow().last(), Some(&1.0));
    let result = read_layers(&shp, &cgcs2000(), &|_| false);
    assert!(matches!(result, Err(ImportError::Cancelled { .. })), "{result:?}");
}

#[test]
fn deleted_records_are_skipped_as_gdal_skips_them() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("deleted");
    let shp = plain_shp(&dir);
    let dbf = shp.with_extension("dbf");
    let mut bytes = std::fs::read(&dbf).unwrap();
    let header_len = usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
    bytes[header_len] = b'*';
    std::fs::write(&dbf, bytes).unwrap();
    let gdal = gdal_features(&shp);
    assert_eq!(gdal.len(), 2);
    assert_like_gdal(&read_all(&shp), &gdal);
}

#[test]
fn the_dbf_language_driver_byte_declares_gbk_when_there_is_no_cpg() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("ldid");
    let shp = plain_shp(&dir);
    remove(&shp, "cpg");
    let dbf = shp.with_extension("dbf");
    let mut bytes = std::fs::read(&dbf).unwrap();
    bytes[29] = 0x4D; // code page 936
    std::fs::write(&dbf, bytes).unwrap();
    let p = probe(&shp, &cgcs2000()).unwrap();
    assert_eq!(
        p.layers[0].info.encoding,
        Some((TextEncoding::Gbk, EncodingSource::Declared))
    );
    assert_eq!(p.layers[0].info.sample[0].properties["名称"], "大连市甘井子区");
}

#[test]
fn a_prj_declares_the_system_and_projected_positions_land_where_gdal_puts_them() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("prj-4550");
    let (_, polygons) = lines_and_polygons(415_000.123, 4_310_000.456, 100.0);
    let shp = make_shp(&dir, "gk", polygons, &["-a_srs", "EPSG:4550", "-lco", "ENCODING=GBK"]);
    let p = probe(&shp, &ReadOptions::default()).unwrap();
    assert_eq!(
        p.layers[0].info.declared_crs,
        Some(Ok((Crs::from_epsg(4550).unwrap(), "the .prj".to_string())))
    );
    let reference = dir.join("gk4490.geojson");
    run(
        "ogr2ogr",
        &[
            "-f",
            "GeoJSON",
            "-t_srs",
            "EPSG:4490",
            reference.to_str().unwrap(),
            shp.to_str().unwrap(),
        ],
    );
    let gdal: Value = serde_json::from_str(&std::fs::read_to_string(&reference).unwrap()).unwrap();
    let layers = read_layers(&shp, &ReadOptions::default(), &|_| true).unwrap();
    let ours: Vec<Value> = layers[0].features.iter().map(geometry_json).collect();
    for (mine, theirs) in ours.iter().zip(gdal["features"].as_array().unwrap()) {
        let (a, b) = (flat(&mine["coordinates"]), flat(&theirs["geometry"]["coordinates"]));
        assert_eq!(a.len(), b.len());
        assert!(a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 1e-7), "{a:?}\n{b:?}");
    }
}

fn flat(v: &Value) -> Vec<f64> {
    match v {
        Value::Number(n) => vec![n.as_f64().unwrap()],
        Value::Array(a) => a.iter().flat_map(flat).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn a_geographic_prj_is_declared_and_read_without_asking() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("prj-4490");
    let shp = make_shp(
        &dir,
        "geo",
        district_points(),
        &["-a_srs", "EPSG:4490", "-lco", "ENCODING=GBK"],
    );
    let gdal = gdal_features(&shp);
    let p = probe(&shp, &ReadOptions::default()).unwrap();
    assert_eq!(
        p.layers[0].info.declared_crs,
        Some(Ok((Crs::Cgcs2000, "the .prj".to_string())))
    );
    assert!(!p.layers[0].needs_confirmation());
    let layers = read_layers(&shp, &ReadOptions::default(), &|_| true).unwrap();
    assert_like_gdal(&layers[0].features, &gdal);
}
