#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! `dalian-atlas convert` and the new `import-check` options, run as a script would, with
//! inputs made by `ogr2ogr` and GDAL's own conversion as the reference.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

mod support;
use support::{TempDir, have, run};

fn atlas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn succeeds(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn fails(out: &Output) -> String {
    assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Planners' sites around Dalian on both sides of 121.5°E, with Chinese names, numbers
/// and a polygon with a hole, as WGS-84 GeoJSON.
fn sites() -> Value {
    json!({"type": "FeatureCollection", "name": "sites", "features": [
        {"type": "Feature", "properties": {"名称": "软件园", "面积": 12.5, "编号": 1},
         "geometry": {"type": "Point", "coordinates": [121.5234567, 38.8712345]}},
        {"type": "Feature", "properties": {"名称": "庄河产业园", "面积": 3.25, "编号": 2},
         "geometry": {"type": "Point", "coordinates": [122.9712345, 39.6987654]}},
        {"type": "Feature", "properties": {"名称": "旅顺片区", "面积": 40.0, "编号": 3},
         "geometry": {"type": "Polygon", "coordinates": [
            [[121.20, 38.80], [121.30, 38.80], [121.30, 38.86], [121.20, 38.86], [121.20, 38.80]],
            [[121.24, 38.82], [121.24, 38.84], [121.26, 38.84], [121.26, 38.82], [121.24, 38.82]]]}},
        {"type": "Feature", "properties": {"名称": "沿海通道", "面积": 0.0, "编号": 4},
         "geometry": {"type": "LineString", "coordinates": [[121.45, 38.95], [121.55, 39.05], [122.2, 39.4]]}}
    ]})
}

/// Every position of a GeoJSON geometry, in order.
fn positions(geometry: &Value, out: &mut Vec<[f64; 2]>) {
    match geometry {
        Value::Array(items) if items.len() >= 2 && items.iter().all(Value::is_number) => {
            out.push([items[0].as_f64().unwrap(), items[1].as_f64().unwrap()]);
        }
        Value::Array(items) => items.iter().for_each(|i| positions(i, out)),
        Value::Object(o) => {
            if let Some(c) = o.get("coordinates") {
                positions(c, out);
            }
            if let Some(Value::Array(gs)) = o.get("geometries") {
                gs.iter().for_each(|g| positions(g, out));
            }
        }
        _ => {}
    }
}

/// The atlas's GeoJSON and GDAL's agree: same features in order, same properties (numbers
/// by value), positions within 1e-7°.
fn same_as_gdal(ours: &Path, gdals: &Path) {
    let read = |p: &Path| -> Value { serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let (ours, gdals) = (read(ours), read(gdals));
    let (a, b) = (
        ours["features"].as_array().unwrap(),
        gdals["features"].as_array().unwrap(),
    );
    assert_eq!(a.len(), b.len(), "feature count");
    for (k, (fa, fb)) in a.iter().zip(b).enumerate() {
        let (pa, pb) = (
            fa["properties"].as_object().unwrap(),
            fb["properties"].as_object().unwrap(),
        );
        for (key, vb) in pb {
            let va = &pa[key];
            match (va.as_f64(), vb.as_f64()) {
                (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "feature {k} {key}: {va} vs {vb}"),
                _ => assert_eq!(va, vb, "feature {k} {key}"),
            }
        }
        let (mut qa, mut qb) = (Vec::new(), Vec::new());
        positions(&fa["geometry"], &mut qa);
        positions(&fb["geometry"], &mut qb);
        assert_eq!(qa.len(), qb.len(), "feature {k}: positions");
        for (x, y) in qa.iter().zip(&qb) {
            assert!(
                (x[0] - y[0]).abs() < 1e-7 && (x[1] - y[1]).abs() < 1e-7,
                "feature {k}: {x:?} vs GDAL {y:?}"
            );
        }
    }
}

#[test]
fn a_geojson_converts_to_geojson_as_gdal_converts_it() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("geojson");
    std::fs::write(dir.path("sites.geojson"), sites().to_string()).unwrap();
    let stdout = succeeds(&atlas(&["convert", &dir.arg("sites.geojson"), &dir.arg("out.geojson")]));
    assert!(
        stdout.contains("wrote 4 features") && stdout.contains("out.geojson"),
        "{stdout}"
    );
    run(
        "ogr2ogr",
        &[
            "-t_srs",
            "EPSG:4326",
            &dir.arg("gdal.geojson"),
            &dir.arg("sites.geojson"),
        ],
    );
    same_as_gdal(&dir.path("out.geojson"), &dir.path("gdal.geojson"));
}

#[test]
fn convert_refuses_an_unknown_output_format_a_missing_input_and_a_bad_crs_naming_the_file() {
    let dir = TempDir::new("refusals");
    std::fs::write(dir.path("sites.geojson"), sites().to_string()).unwrap();
    let stderr = fails(&atlas(&["convert", &dir.arg("sites.geojson"), &dir.arg("out.dxf")]));
    assert!(stderr.contains("out.dxf") && stderr.contains(".gpkg"), "{stderr}");
    let stderr = fails(&atlas(&[
        "convert",
        &dir.arg("missing.geojson"),
        &dir.arg("out.geojson"),
    ]));
    assert!(stderr.contains("missing.geojson"), "{stderr}");
    let stderr = fails(&atlas(&[
        "convert",
        &dir.arg("sites.geojson"),
        &dir.arg("out.geojson"),
        "--crs",
        "2385",
    ]));
    assert!(stderr.contains("Xian 1980"), "{stderr}");
    let stderr = fails(&atlas(&[
        "convert",
        &dir.arg("sites.geojson"),
        &dir.arg("out.geojson"),
        "--crs",
        "lambert",
    ]));
    assert!(stderr.contains("--crs"), "{stderr}");
    let stderr = fails(&atlas(&[
        "convert",
        &dir.arg("sites.geojson"),
        &dir.arg("out.kml"),
        "--out-crs",
        "4490",
    ]));
    assert!(stderr.contains("--out-crs"), "{stderr}");
    let stderr = fails(&atlas(&[
        "convert",
        &dir.arg("sites.geojson"),
        &dir.arg("out.geojson"),
        "--layer",
        "roads",
    ]));
    assert!(stderr.contains("roads") && stderr.contains("sites"), "{stderr}");
    assert!(!dir.path("out.geojson").exists(), "nothing written");
}

#[test]
fn convert_with_crs_gcj02_shifts_positions_to_wgs84() {
    let dir = TempDir::new("gcj02");
    std::fs::write(dir.path("sites.geojson"), sites().to_string()).unwrap();
    succeeds(&atlas(&[
        "convert",
        &dir.arg("sites.geojson"),
        &dir.arg("out.json"),
        "--crs",
        "gcj02",
    ]));
    let out: Value = serde_json::from_str(&std::fs::read_to_string(dir.path("out.json")).unwrap()).unwrap();
    let first = &out["features"][0]["geometry"]["coordinates"];
    let expected = dalian_atlas::coords::gcj02_to_wgs84([121.5234567, 38.8712345]);
    assert!((first[0].as_f64().unwrap() - expected[0]).abs() < 1e-7, "{first}");
    assert!((first[1].as_f64().unwrap() - expected[1]).abs() < 1e-7, "{first}");
}

#[test]
fn import_check_prints_the_probe_then_the_summary() {
    let dir = TempDir::new("check");
    std::fs::write(dir.path("sites.geojson"), sites().to_string()).unwrap();
    let stdout = succeeds(&atlas(&[
        "import-check",
        &dir.arg("sites.geojson"),
        "--crs",
        "EPSG:4490",
    ]));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0]
            .starts_with("GeoJSON layer “sites”: 4 features, mixed; coordinate system CGCS2000 (EPSG:4490), chosen"),
        "{stdout}"
    );
    assert!(lines[1].starts_with("sites: 4 features ("), "{stdout}");
}

/// The sites of one geometry type (`Point` or `Polygon`: a shapefile holds one) as a GBK
/// shapefile in Gauss–Krüger CM 123°E (EPSG:4550), made by GDAL from `KIND.geojson`
/// (written here, WGS-84); its `.prj` and `.cpg` are removed when `with_prj` is false.
/// Returns the path of the `.shp`.
fn gk_shapefile(dir: &TempDir, kind: &str, with_prj: bool) -> PathBuf {
    let mut collection = sites();
    collection["features"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["geometry"]["type"] == kind);
    std::fs::write(dir.path(&format!("{kind}.geojson")), collection.to_string()).unwrap();
    let shp = format!("{kind}_gk.shp");
    run(
        "ogr2ogr",
        &[
            "-t_srs",
            "EPSG:4550",
            "-lco",
            "ENCODING=GBK",
            &dir.arg(&shp),
            &dir.arg(&format!("{kind}.geojson")),
        ],
    );
    if !with_prj {
        std::fs::remove_file(dir.path(&format!("{kind}_gk.prj"))).unwrap();
        let _ = std::fs::remove_file(dir.path(&format!("{kind}_gk.cpg")));
    }
    dir.path(&shp)
}

#[test]
fn a_gbk_shapefile_in_gauss_kruger_converts_to_geojson_as_gdal_converts_it() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("shp");
    for kind in ["Point", "Polygon"] {
        let shp = gk_shapefile(&dir, kind, true);
        let (out, gdal) = (format!("{kind}.out.geojson"), format!("{kind}.gdal.geojson"));
        succeeds(&atlas(&["convert", shp.to_str().unwrap(), &dir.arg(&out)]));
        // RFC 7946 rings (exterior counter-clockwise), as the atlas writes them; a
        // shapefile's exterior is clockwise.
        run(
            "ogr2ogr",
            &[
                "-t_srs",
                "EPSG:4326",
                "-lco",
                "RFC7946=YES",
                &dir.arg(&gdal),
                shp.to_str().unwrap(),
            ],
        );
        same_as_gdal(&dir.path(&out), &dir.path(&gdal));
    }
    let text = std::fs::read_to_string(dir.path("Point.out.geojson")).unwrap();
    assert!(text.contains("庄河产业园"), "GBK names decoded: {text}");
}

#[test]
fn a_shapefile_without_prj_is_refused_until_crs_is_given() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("noprj");
    let shp = gk_shapefile(&dir, "Point", false);
    let shp = shp.to_str().unwrap();
    let stderr = fails(&atlas(&["convert", shp, &dir.arg("out.geojson"), "--encoding", "GBK"]));
    assert!(stderr.contains(shp) && stderr.contains("--crs"), "{stderr}");
    assert!(!dir.path("out.geojson").exists());
    // import-check shows the guess and says to confirm it.
    let out = atlas(&["import-check", shp, "--encoding", "GBK"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("EPSG:4550") && stdout.contains("guessed, confirm with --crs"),
        "{stdout}"
    );
    succeeds(&atlas(&[
        "convert",
        shp,
        &dir.arg("out.geojson"),
        "--crs",
        "4550",
        "--encoding",
        "GBK",
    ]));
    run(
        "ogr2ogr",
        &[
            "-t_srs",
            "EPSG:4326",
            &dir.arg("gdal.geojson"),
            &dir.arg("Point.geojson"),
        ],
    );
    same_as_gdal(&dir.path("out.geojson"), &dir.path("gdal.geojson"));
}

#[test]
fn a_shapefile_converts_to_a_geopackage_in_cgcs2000_that_gdal_reads_back() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("gpkg");
    let shp = gk_shapefile(&dir, "Polygon", true);
    succeeds(&atlas(&[
        "convert",
        shp.to_str().unwrap(),
        &dir.arg("out.gpkg"),
        "--out-crs",
        "4490",
    ]));
    run(
        "ogr2ogr",
        &["-t_srs", "EPSG:4326", &dir.arg("back.geojson"), &dir.arg("out.gpkg")],
    );
    run(
        "ogr2ogr",
        &["-t_srs", "EPSG:4326", &dir.arg("gdal.geojson"), shp.to_str().unwrap()],
    );
    same_as_gdal(&dir.path("back.geojson"), &dir.path("gdal.geojson"));
}

#[test]
fn convert_picks_one_table_of_a_geopackage_with_layer() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("gpkg-layer");
    std::fs::write(dir.path("sites.geojson"), sites().to_string()).unwrap();
    run(
        "ogr2ogr",
        &["-nln", "parks", &dir.arg("two.gpkg"), &dir.arg("sites.geojson")],
    );
    run(
        "ogr2ogr",
        &[
            "-update",
            "-nln",
            "roads",
            &dir.arg("two.gpkg"),
            &dir.arg("sites.geojson"),
        ],
    );
    let stderr = fails(&atlas(&["convert", &dir.arg("two.gpkg"), &dir.arg("out.geojson")]));
    assert!(stderr.contains("--layer") && stderr.contains("parks"), "{stderr}");
    succeeds(&atlas(&[
        "convert",
        &dir.arg("two.gpkg"),
        &dir.arg("out.geojson"),
        "--layer",
        "roads",
    ]));
    run(
        "ogr2ogr",
        &[
            "-t_srs",
            "EPSG:4326",
            &dir.arg("gdal.geojson"),
            &dir.arg("two.gpkg"),
            "roads",
        ],
    );
    same_as_gdal(&dir.path("out.geojson"), &dir.path("gdal.geojson"));
}

#[test]
fn a_geojson_converts_to_kml_that_gdal_reads_back() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("kml");
    std::fs::write(dir.path("sites.geojson"), sites().to_string()).unwrap();
    for out in ["out.kml", "out.kmz"] {
        succeeds(&atlas(&["convert", &dir.arg("sites.geojson"), &dir.arg(out)]));
        let back = format!("{out}.geojson");
        run("ogr2ogr", &[&dir.arg(&back), &dir.arg(out)]);
        let text = std::fs::read_to_string(dir.path(&back)).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["features"].as_array().unwrap().len(), 4, "{out}");
        let mut got = Vec::new();
        positions(&value["features"][1]["geometry"], &mut got);
        assert!(
            (got[0][0] - 122.9712345).abs() < 1e-7 && (got[0][1] - 39.6987654).abs() < 1e-7,
            "{got:?}"
        );
    }
}

/// Xian 1980 needs a datum transformation the atlas does not have: a file that declares
/// it is refused even when a CGCS2000 system is given, in the window's reader (probe and
/// read) and on the command line — never read as CGCS2000.
#[test]
fn a_xian_1980_shapefile_is_refused_even_when_a_cgcs2000_system_is_chosen() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("xian80");
    let mut collection = sites();
    collection["features"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["geometry"]["type"] == "Point");
    std::fs::write(dir.path("sites.geojson"), collection.to_string()).unwrap();
    run(
        "ogr2ogr",
        &["-t_srs", "EPSG:2385", &dir.arg("xian80.shp"), &dir.arg("sites.geojson")],
    );
    let shp = dir.path("xian80.shp");
    use dalian_atlas::crs::Crs;
    use dalian_atlas::io::import::{ReadOptions, probe, read_layers};
    let chosen = ReadOptions {
        crs: Crs::from_epsg(4549),
        ..ReadOptions::default()
    };
    let probed = probe(&shp, &chosen).unwrap();
    let layer = &probed.layers[0];
    assert!(layer.refused() && layer.crs.is_none() && !layer.placeable());
    assert!(
        layer.crs_problem.as_deref().unwrap_or("").contains("Xian 1980"),
        "{:?}",
        layer.crs_problem
    );
    let e = read_layers(&shp, &chosen, &|_| true).unwrap_err().to_string();
    assert!(e.contains("Xian 1980") && e.contains("datum"), "{e}");
    for crs in ["4549", "4490"] {
        let stderr = fails(&atlas(&[
            "convert",
            shp.to_str().unwrap(),
            &dir.arg("out.geojson"),
            "--crs",
            crs,
        ]));
        assert!(
            stderr.contains("Xian 1980") && !stderr.contains("pass --crs"),
            "{stderr}"
        );
    }
    assert!(!dir.path("out.geojson").exists());
}

/// `--layer` picks a workbook's sheet by name.
#[test]
fn layer_picks_the_sheet_of_a_workbook() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("xlsx-sheet");
    std::fs::write(dir.path("a.csv"), "名称,经度,纬度\n星海广场,121.58,38.88\n").unwrap();
    std::fs::write(
        dir.path("b.csv"),
        "名称,经度,纬度\n金州,121.7,39.1\n旅顺,121.26,38.81\n",
    )
    .unwrap();
    run(
        "ogr2ogr",
        &["-f", "XLSX", &dir.arg("two.xlsx"), &dir.arg("a.csv"), "-nln", "项目"],
    );
    run(
        "ogr2ogr",
        &[
            "-f",
            "XLSX",
            "-update",
            &dir.arg("two.xlsx"),
            &dir.arg("b.csv"),
            "-nln",
            "备选",
        ],
    );
    let xlsx = dir.arg("two.xlsx");
    let out = succeeds(&atlas(&[
        "convert",
        &xlsx,
        &dir.arg("b.geojson"),
        "--layer",
        "备选",
        "--crs",
        "4490",
    ]));
    assert!(out.contains("2 features"), "{out}");
    let text = std::fs::read_to_string(dir.path("b.geojson")).unwrap();
    assert!(text.contains("旅顺") && !text.contains("星海广场"), "{text}");
    let stderr = fails(&atlas(&[
        "convert",
        &xlsx,
        &dir.arg("c.geojson"),
        "--layer",
        "其他",
        "--crs",
        "4490",
    ]));
    assert!(
        stderr.contains("no such sheet") && stderr.contains("项目") && stderr.contains("备选"),
        "{stderr}"
    );
}
