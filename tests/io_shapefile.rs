#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

//! Shapefile import (issue 13): shapefiles written by GDAL's `ogr2ogr` in a fresh temp
//! folder, read through the one import door (`probe`, `read_layers`) and checked against
//! GDAL's own reading of the same files (`ogr2ogr -f GeoJSON`): feature counts,
//! attribute values (Chinese included) and positions as written. Every kind of bad input
//! is refused with a message naming the file, the part and the reason — never a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use dalian_atlas::crs::Crs;
use dalian_atlas::io::ImportError;
use dalian_atlas::io::import::encoding::{EncodingSource, TextEncoding};
use dalian_atlas::io::import::{ReadOptions, probe, read_layers};
use dalian_atlas::model::UserFeature;
use serde_json::{Value, json};

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
    let dir = std::env::temp_dir().join(format!("atlas-shp-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    TempDir(dir)
}

/// Whether GDAL is installed; prints why a test is skipped when it is not.
fn have_gdal() -> bool {
    let found = Command::new("which")
        .arg("ogr2ogr")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        eprintln!("SKIPPED: ogr2ogr (gdal-bin) is not installed");
    }
    found
}

fn ogr2ogr(args: &[&str]) {
    let out = Command::new("ogr2ogr").args(args).output().expect("ogr2ogr runs");
    assert!(
        out.status.success(),
        "ogr2ogr {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

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
    ogr2ogr(&all);
    shp
}

/// GDAL's reading of a shapefile, as GeoJSON features.
fn gdal_features(shp: &Path) -> Vec<Value> {
    let out = shp.with_extension("gdal.geojson");
    ogr2ogr(&["-f", "GeoJSON", out.to_str().unwrap(), shp.to_str().unwrap()]);
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
            Value::Object(f.properties.clone()),
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

#[test]
fn a_gbk_shapefile_without_cpg_keeps_its_chinese_names() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("gbk-no-cpg");
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
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("gbk-cpg");
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
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("utf8");
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
        {"type": "Feature", "properties": {"name": "one"}, "geometry": {"type": "LineString", "coordinates": [p(0.0, 0.0), p(1.0, 1.5), p(2.0, 0.5)]}},
        {"type": "Feature", "properties": {"name": "two"}, "geometry": {"type": "MultiLineString", "coordinates": [[p(0.0, 0.0), p(1.0, 1.0)], [p(3.0, 3.0), p(4.0, 3.5), p(5.0, 3.0)]]}},
        {"type": "Feature", "properties": {"name": "none"}, "geometry": null}
    ]);
    let sq = |x: f64, y: f64, s: f64| square(x0 + x * unit, y0 + y * unit, s * unit);
    let polygons = json!([
        {"type": "Feature", "properties": {"name": "with hole"}, "geometry": {"type": "Polygon", "coordinates": [sq(0.0, 0.0, 10.0), sq(2.0, 2.0, 3.0), sq(6.0, 6.0, 2.0)]}},
        {"type": "Feature", "properties": {"name": "two parts"}, "geometry": {"type": "MultiPolygon", "coordinates": [[sq(20.0, 0.0, 5.0)], [sq(30.0, 0.0, 8.0), sq(31.0, 1.0, 2.0)]]}},
        {"type": "Feature", "properties": {"name": "plain"}, "geometry": {"type": "Polygon", "coordinates": [sq(0.0, 20.0, 1.0)]}}
    ]);
    (lines, polygons)
}

#[test]
fn lines_and_polygons_with_holes_and_parts_read_as_gdal_reads_them() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("shapes");
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
fn projected_positions_stay_as_written_in_the_probe_sample() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("projected");
    // EPSG:4550 (CGCS2000 / 3-degree Gauss–Kruger CM 123E), metres around Dalian.
    let (lines, polygons) = lines_and_polygons(415_000.123, 4_310_000.456, 100.0);
    for (name, features) in [("lines4550", lines), ("polygons4550", polygons)] {
        let shp = make_shp(&dir, name, features, &["-a_srs", "EPSG:4550", "-lco", "ENCODING=GBK"]);
        let gdal = gdal_features(&shp);
        remove(&shp, "prj");
        // Chosen as CGCS2000 degrees only so that nothing is guessed or converted.
        let p = probe(&shp, &cgcs2000()).unwrap();
        assert_like_gdal(&p.layers[0].info.sample, &gdal);
    }
}

#[test]
fn z_and_m_shapes_are_kept_two_dimensional() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("zm");
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
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("case");
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

/// A stored (uncompressed) zip of `(name bytes, content)`, written by hand so that the
/// names can be GBK and the declared sizes can lie.
fn write_zip(path: &Path, members: &[(Vec<u8>, Vec<u8>)], declared_size: Option<u32>) {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in data {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in members {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let declared = declared_size.unwrap_or(size);
        let head = |sig: u32, central_entry: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central_entry {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags: names not marked UTF-8
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&declared.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central_entry {
                h.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                h.extend_from_slice(&0u32.to_le_bytes());
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name);
            h
        };
        out.extend(head(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(head(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    std::fs::write(path, out).unwrap();
}

/// The parts of `shp` as zip members `folder/stem.ext`, the name in `encoding`.
fn zip_members(shp: &Path, folder: &str, stem: &str, encoding: TextEncoding) -> Vec<(Vec<u8>, Vec<u8>)> {
    ["shp", "shx", "dbf", "cpg"]
        .iter()
        .filter(|ext| shp.with_extension(ext).exists())
        .map(|ext| {
            let name = format!("{folder}{stem}.{ext}");
            (
                encoding.encode(&name).into_owned(),
                std::fs::read(shp.with_extension(ext)).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_zip_of_two_shapefiles_gives_two_layers_named_by_their_members() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("zip");
    let points = make_shp(&dir, "a", district_points(), &["-lco", "ENCODING=GBK"]);
    let (_, polygons) = lines_and_polygons(121.5, 38.9, 0.01);
    let polygons = make_shp(&dir, "b", polygons, &[]);
    let gdal_points = gdal_features(&points);
    let gdal_polygons = gdal_features(&polygons);
    let mut members = zip_members(&points, "数据/", "学校", TextEncoding::Gbk);
    members.extend(zip_members(&polygons, "", "用地", TextEncoding::Utf8));
    members.push((b"readme.txt".to_vec(), b"hello".to_vec()));
    let zip = dir.join("data.zip");
    write_zip(&zip, &members, None);

    let p = probe(&zip, &cgcs2000()).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = p.layers.iter().map(|l| l.info.name.as_str()).collect();
    assert_eq!(names, ["学校", "用地"]);
    assert_eq!(
        p.layers[0].info.encoding,
        Some((TextEncoding::Gbk, EncodingSource::Declared))
    );
    assert_eq!(p.layers[1].info.geometry_type, "Polygon");

    let layers = read_layers(&zip, &cgcs2000(), &|_| true).unwrap();
    assert_eq!(layers.len(), 2);
    assert_like_gdal(&layers[0].features, &gdal_points);
    assert_like_gdal(&layers[1].features, &gdal_polygons);
    let second = ReadOptions {
        layers: Some(vec![1]),
        ..cgcs2000()
    };
    let layers = read_layers(&zip, &second, &|_| true).unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].name, "用地");
}

#[test]
fn a_zip_without_a_shapefile_is_refused_listing_what_it_holds() {
    let dir = temp_dir("zip-none");
    let zip = dir.join("nothing.zip");
    write_zip(
        &zip,
        &[
            (b"notes.txt".to_vec(), b"x".to_vec()),
            (b"map.pdf".to_vec(), b"y".to_vec()),
        ],
        None,
    );
    let (file, _, reason) = bad(probe(&zip, &cgcs2000()));
    assert!(file.ends_with("nothing.zip"));
    assert!(
        reason.contains("no shapefile") && reason.contains("notes.txt") && reason.contains("map.pdf"),
        "{reason}"
    );
}

#[test]
fn a_zip_declaring_an_absurd_unpacked_size_is_refused_before_unpacking() {
    let dir = temp_dir("zip-bomb");
    let zip = dir.join("bomb.zip");
    write_zip(&zip, &[(b"big.shp".to_vec(), vec![0; 100])], Some(3_000_000_000));
    let (_, part, reason) = bad(probe(&zip, &cgcs2000()));
    assert_eq!(part, "big.shp");
    assert!(reason.contains("refused before unpacking"), "{reason}");
    // Within the ratio but over the user's limit.
    let small = ReadOptions {
        max_bytes: 50,
        ..cgcs2000()
    };
    write_zip(&zip, &[(b"big.shp".to_vec(), vec![0; 100])], None);
    assert!(matches!(probe(&zip, &small), Err(ImportError::TooLarge { .. })));
}

#[test]
fn a_zip_member_yielding_more_than_it_declares_is_refused() {
    let dir = temp_dir("zip-lie");
    let zip = dir.join("lie.zip");
    // The .shp declares 10 bytes and holds 200.
    write_zip(
        &zip,
        &[
            (b"x.shp".to_vec(), vec![0; 200]),
            (b"x.shx".to_vec(), vec![0; 200]),
            (b"x.dbf".to_vec(), vec![0; 200]),
        ],
        Some(10),
    );
    let result = read_layers(&zip, &cgcs2000(), &|_| true);
    assert!(matches!(result, Err(ImportError::Bad { .. })), "{result:?}");
}

/// A GBK point shapefile without .prj in a fresh folder.
fn plain_shp(dir: &Path) -> PathBuf {
    let shp = make_shp(dir, "plain", district_points(), &["-lco", "ENCODING=GBK"]);
    remove(&shp, "prj");
    shp
}

#[test]
fn a_shp_without_its_dbf_or_shx_is_refused_naming_the_missing_part() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("missing");
    for ext in ["dbf", "shx"] {
        let shp = plain_shp(&dir);
        remove(&shp, ext);
        let (file, part, reason) = bad(probe(&shp, &cgcs2000()));
        assert!(file.ends_with("plain.shp"), "{file}");
        assert_eq!(part, "plain.shp");
        assert!(reason.contains(&format!(".{ext} file is missing")), "{reason}");
        assert!(reason.contains("copied together"), "{reason}");
    }
}

#[test]
fn a_truncated_shp_or_dbf_is_refused_naming_the_record() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("truncated");
    let shp = plain_shp(&dir);
    let bytes = std::fs::read(&shp).unwrap();
    std::fs::write(&shp, &bytes[..bytes.len() - 10]).unwrap();
    let (_, part, reason) = bad(read_layers(&shp, &cgcs2000(), &|_| true));
    assert_eq!(part, "plain.shp, record 3");
    assert!(reason.contains("truncated"), "{reason}");

    let shp = plain_shp(&dir);
    let dbf = shp.with_extension("dbf");
    let bytes = std::fs::read(&dbf).unwrap();
    std::fs::write(&dbf, &bytes[..bytes.len() - 30]).unwrap();
    let (_, part, reason) = bad(probe(&shp, &cgcs2000()));
    assert_eq!(part, "plain.dbf, record 3");
    assert!(reason.contains("truncated"), "{reason}");
}

#[test]
fn record_counts_that_disagree_are_refused() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("counts");
    let shp = plain_shp(&dir);
    let (_, polygons) = lines_and_polygons(121.5, 38.9, 0.01);
    let mut four = polygons.as_array().unwrap().clone();
    four.push(four[0].clone());
    let other = make_shp(&dir, "other", Value::Array(four), &[]);
    std::fs::copy(other.with_extension("dbf"), shp.with_extension("dbf")).unwrap();
    let (_, part, reason) = bad(probe(&shp, &cgcs2000()));
    assert_eq!(part, "plain.shp");
    assert!(
        reason.contains("3 shapes in the .shx, 4 records in the .dbf"),
        "{reason}"
    );
}

#[test]
fn a_file_that_is_not_a_shapefile_is_refused_for_its_header() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("header");
    let shp = plain_shp(&dir);
    std::fs::write(&shp, "this is not a shapefile, it only has the name of one ".repeat(5)).unwrap();
    let (_, part, reason) = bad(probe(&shp, &cgcs2000()));
    assert_eq!(part, "plain.shp");
    assert!(reason.contains("not a shapefile"), "{reason}");
    std::fs::remove_file(&shp).unwrap();
    let shp = plain_shp(&dir);
    std::fs::write(shp.with_extension("dbf"), [0u8; 10]).unwrap();
    let (_, part, reason) = bad(probe(&shp, &cgcs2000()));
    assert_eq!(part, "plain.dbf");
    assert!(reason.contains("dBASE"), "{reason}");
}

#[test]
fn an_absurd_record_count_is_refused_before_allocating() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("absurd");
    let shp = plain_shp(&dir);
    let dbf = shp.with_extension("dbf");
    let mut bytes = std::fs::read(&dbf).unwrap();
    bytes[4..8].copy_from_slice(&1_000_000_000u32.to_le_bytes());
    std::fs::write(&dbf, bytes).unwrap();
    let (_, _, reason) = bad(read_layers(&shp, &cgcs2000(), &|_| true));
    assert!(reason.contains("1000000000 records"), "{reason}");
}

#[test]
fn an_unreadable_prj_is_reported_and_does_not_fail_the_import() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("prj");
    let shp = plain_shp(&dir);
    std::fs::write(shp.with_extension("prj"), [0xFFu8, 0xFE, 0x00, 0x01, 0x80]).unwrap();
    let p = probe(&shp, &ReadOptions::default()).unwrap();
    assert!(
        matches!(p.layers[0].info.declared_crs, Some(Err(_))),
        "{:?}",
        p.layers[0].info.declared_crs
    );
    assert!(p.layers[0].crs_problem.is_some());
    // The user may choose a system and import anyway.
    assert_eq!(read_all(&shp).len(), 3);
}

#[test]
fn cutting_or_corrupting_a_shapefile_anywhere_never_panics() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("fuzz");
    let (_, polygons) = lines_and_polygons(121.5, 38.9, 0.01);
    let shp = make_shp(&dir, "f", polygons, &["-lco", "ENCODING=GBK"]);
    remove(&shp, "prj");
    for ext in ["shp", "shx", "dbf"] {
        let path = shp.with_extension(ext);
        let original = std::fs::read(&path).unwrap();
        for at in (0..original.len()).step_by(3) {
            for kind in 0..3 {
                let mut bytes = original.clone();
                match kind {
                    0 => bytes.truncate(at),
                    1 => bytes[at] ^= 0xFF,
                    _ => bytes[at..(at + 4).min(original.len())].fill(0x7F),
                }
                std::fs::write(&path, &bytes).unwrap();
                for result in [
                    probe(&shp, &cgcs2000()).map(|_| ()),
                    read_layers(&shp, &cgcs2000(), &|_| true).map(|_| ()),
                ] {
                    assert!(
                        matches!(result, Ok(()) | Err(ImportError::Bad { .. })),
                        "{ext} {kind} at {at}: {result:?}"
                    );
                }
            }
        }
        std::fs::write(&path, &original).unwrap();
    }
}

#[test]
#[ignore = "needs crs"]
fn a_prj_declares_the_system_and_projected_positions_land_where_gdal_puts_them() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("prj-4550");
    let (_, polygons) = lines_and_polygons(415_000.123, 4_310_000.456, 100.0);
    let shp = make_shp(&dir, "gk", polygons, &["-a_srs", "EPSG:4550", "-lco", "ENCODING=GBK"]);
    let p = probe(&shp, &ReadOptions::default()).unwrap();
    assert_eq!(
        p.layers[0].info.declared_crs,
        Some(Ok((Crs::from_epsg(4550).unwrap(), "the .prj".to_string())))
    );
    let reference = dir.join("gk4490.geojson");
    ogr2ogr(&[
        "-f",
        "GeoJSON",
        "-t_srs",
        "EPSG:4490",
        reference.to_str().unwrap(),
        shp.to_str().unwrap(),
    ]);
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

/// The speed goal: run with `ATLAS_SHP_BENCH=/path/big.shp` (a `big.geojson` of the same
/// features beside it, e.g. the GeoJSON the shapefile was made from, and no `.prj`) and
/// `--ignored --nocapture`; prints MB/s of both importers.
#[test]
#[ignore = "benchmark: needs ATLAS_SHP_BENCH"]
fn a_big_shapefile_reads_at_least_as_fast_as_the_same_features_as_geojson() {
    let Ok(shp) = std::env::var("ATLAS_SHP_BENCH") else {
        eprintln!("SKIPPED: set ATLAS_SHP_BENCH to a .shp with a .geojson beside it");
        return;
    };
    let shp = PathBuf::from(shp);
    let geojson = shp.with_extension("geojson");
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    let shp_mb: f64 = ["shp", "shx", "dbf"].iter().map(|e| size(&shp.with_extension(e))).sum();
    let json_mb = size(&geojson);
    let options = ReadOptions {
        max_bytes: u64::MAX,
        ..cgcs2000()
    };
    let start = std::time::Instant::now();
    let layers = read_layers(&shp, &options, &|_| true).unwrap();
    let shp_s = start.elapsed().as_secs_f64();
    let count = layers[0].features.len();
    drop(layers);
    let start = std::time::Instant::now();
    let json_options = dalian_atlas::io::ImportOptions {
        max_bytes: u64::MAX,
        ..Default::default()
    };
    let layer = dalian_atlas::io::import_geojson(&geojson, &json_options, &|_| true).unwrap();
    let json_s = start.elapsed().as_secs_f64();
    assert_eq!(layer.features.len(), count);
    println!(
        "{count} features: shapefile {shp_mb:.1} MB in {shp_s:.2} s = {:.0} MB/s ({:.0} features/s); \
         GeoJSON {json_mb:.1} MB in {json_s:.2} s = {:.0} MB/s ({:.0} features/s)",
        shp_mb / shp_s,
        count as f64 / shp_s,
        json_mb / json_s,
        count as f64 / json_s
    );
    assert!(
        shp_mb / shp_s >= json_mb / json_s,
        "the shapefile reader is slower than the GeoJSON importer"
    );
}

#[test]
fn reading_reports_progress_and_stops_when_cancelled() {
    if !have_gdal() {
        return;
    }
    let dir = temp_dir("cancel");
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
