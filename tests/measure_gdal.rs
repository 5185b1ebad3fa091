#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Lengths and areas agree with GDAL (SpatiaLite's ellipsoidal `ST_Length(g, 1)` and
//! `ST_Area(g, 1)`, as QGIS measures) within 0.1 % (issue 18, point 8). Needs `ogrinfo`
//! from gdal-bin (`apt-get install gdal-bin`; CI installs it); skipped with a message
//! without it, as the other format tests are.

mod support;

use dalian_atlas::model::measure::{area_m2, length_m};
use serde_json::json;
use support::{TempDir, have, run_clean};

/// Writes `geometry` (GeoJSON) as a one-feature file named `name` and returns GDAL's
/// `SELECT ST_Area(geometry, 1), ST_Length(geometry, 1)` for it.
fn gdal_area_and_length(dir: &TempDir, name: &str, geometry: serde_json::Value) -> (f64, f64) {
    let collection = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": geometry}
    ]});
    let path = dir.write(&format!("{name}.geojson"), collection.to_string().as_bytes());
    let sql = format!("SELECT ST_Area(geometry, 1) AS area, ST_Length(geometry, 1) AS len FROM \"{name}\"");
    let path = path.to_string_lossy().into_owned();
    let text = run_clean("ogrinfo", &["-ro", "-q", "-dialect", "SQLite", "-sql", &sql, &path]);
    let value = |field: &str| -> f64 {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{field} (Real) = ")))
            .unwrap_or_else(|| panic!("no {field} in ogrinfo's answer (is SpatiaLite in GDAL?):\n{text}"))
            .trim()
            .parse()
            .unwrap()
    };
    (value("area"), value("len"))
}

fn closed(ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut r = ring.to_vec();
    r.push(ring[0]);
    r
}

fn assert_within_a_thousandth(ours: f64, gdal: f64, what: &str) {
    let rel = (ours - gdal).abs() / gdal;
    assert!(rel < 1e-3, "{what}: ours {ours}, GDAL {gdal} ({:.4} %)", rel * 100.0);
}

#[test]
fn areas_of_polygons_around_dalian_agree_with_gdal_within_a_thousandth() {
    if !have("ogrinfo") {
        return;
    }
    let dir = TempDir::new("measure-areas");
    // About 500 km² north of Jinzhou; a bay-shaped outline with a hole; a small park.
    let big = vec![[121.60, 39.05], [121.86, 39.05], [121.86, 39.25], [121.60, 39.25]];
    let outline = vec![
        [121.40, 38.85],
        [121.70, 38.82],
        [121.75, 39.00],
        [121.55, 39.05],
        [121.42, 38.98],
    ];
    let hole = vec![[121.50, 38.90], [121.60, 38.90], [121.60, 38.95], [121.50, 38.95]];
    let park = vec![
        [121.6400, 38.9100],
        [121.6450, 38.9100],
        [121.6450, 38.9130],
        [121.6400, 38.9130],
    ];
    let big_ours = area_m2(std::slice::from_ref(&big));
    assert!(
        (450e6..600e6).contains(&big_ours),
        "the big polygon is about 500 km²: {big_ours}"
    );
    for (name, rings) in [("big", vec![big]), ("holed", vec![outline, hole]), ("park", vec![park])] {
        let coordinates: Vec<Vec<[f64; 2]>> = rings.iter().map(|r| closed(r)).collect();
        let (gdal, _) = gdal_area_and_length(&dir, name, json!({"type": "Polygon", "coordinates": coordinates}));
        assert_within_a_thousandth(area_m2(&rings), gdal, name);
    }
}

#[test]
fn lengths_of_lines_around_dalian_and_across_three_degrees_of_longitude_agree_with_gdal() {
    if !have("ogrinfo") {
        return;
    }
    let dir = TempDir::new("measure-lengths");
    let across = vec![[120.0, 39.5], [121.2, 38.9], [122.1, 39.3], [123.0, 40.1]];
    let street = vec![[121.614, 38.912], [121.620, 38.915], [121.631, 38.913]];
    for (name, line) in [("across", across), ("street", street)] {
        let (_, gdal) = gdal_area_and_length(&dir, name, json!({"type": "LineString", "coordinates": line}));
        assert_within_a_thousandth(length_m(&line), gdal, name);
    }
}

/// The points every ~1/100 of the way along the geodesic from `a` to `b` (without `b`),
/// from PROJ's `geod`.
fn geodesic_points(a: [f64; 2], b: [f64; 2]) -> Vec<[f64; 2]> {
    let args = [
        "+ellps=WGS84".to_string(),
        format!("+lat_1={}", a[1]),
        format!("+lon_1={}", a[0]),
        format!("+lat_2={}", b[1]),
        format!("+lon_2={}", b[0]),
        "+n_S=100".to_string(),
        "-f".to_string(),
        "%.10f".to_string(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run_clean("geod", &args);
    let mut points: Vec<[f64; 2]> = out
        .lines()
        .filter_map(|l| {
            let v: Vec<f64> = l.split_whitespace().filter_map(|x| x.parse().ok()).collect();
            (v.len() == 2).then(|| [v[1], v[0]])
        })
        .collect();
    points.pop();
    points
}

#[test]
fn a_polygon_with_long_edges_is_measured_along_geodesics_as_gdal_measures_it_densified_by_proj() {
    // GDAL's ST_Area(g, 1) on long edges differs from geodesic edges by about 0.02 %;
    // the same outline densified along PROJ's geodesics removes the difference.
    if !have("ogrinfo") || !have("geod") {
        return;
    }
    let dir = TempDir::new("measure-geodesic-edges");
    let outline = [
        [121.40, 38.85],
        [121.70, 38.82],
        [121.75, 39.00],
        [121.55, 39.05],
        [121.42, 38.98],
    ];
    let ring = closed(&outline);
    let dense: Vec<[f64; 2]> = ring.windows(2).flat_map(|w| geodesic_points(w[0], w[1])).collect();
    assert!(dense.len() > 400, "{}", dense.len());
    let (gdal, _) = gdal_area_and_length(
        &dir,
        "dense",
        json!({"type": "Polygon", "coordinates": [closed(&dense)]}),
    );
    let ours = area_m2(&[outline.to_vec()]);
    let rel = (ours - gdal).abs() / gdal;
    assert!(rel < 1e-6, "ours {ours}, GDAL on the geodesic outline {gdal}");
}
