#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The atlas's coordinate conversions against PROJ's `cs2cs` (installed with gdal-bin):
//! within 1 cm, forward and inverse, on points across both of Dalian's 3° zones and
//! beyond their edge at 121°30′E. The expectations are computed by `cs2cs` at test time.

use std::io::Write;
use std::process::{Command, Stdio};

use dalian_atlas::crs::Crs;

mod support;
use support::{have, run};

/// `cs2cs -f %.9f FROM TO` on `lines` (pairs in the axis order of FROM), its output pairs
/// (in the axis order of TO).
fn cs2cs(from: &str, to: &str, pairs: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut child = Command::new("cs2cs")
        .args(["-f", "%.9f", from, to])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cs2cs runs");
    let input: String = pairs.iter().map(|[a, b]| format!("{a:.10} {b:.10}\n")).collect();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<[f64; 2]> = text
        .lines()
        .map(|line| {
            let v: Vec<f64> = line.split_whitespace().map(|t| t.parse().unwrap()).collect();
            [v[0], v[1]]
        })
        .collect();
    assert_eq!(rows.len(), pairs.len(), "cs2cs answered every line: {text}");
    rows
}

/// Longitude/latitude points over Dalian and a little beyond (120.9–123.6°E,
/// 38.7–40.2°N), including the zone edge at 121.5°E.
fn dalian_points_lon_lat() -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    for i in 0..=9 {
        for j in 0..=5 {
            out.push([120.9 + 0.3 * f64::from(i), 38.7 + 0.3 * f64::from(j)]);
        }
    }
    out.extend([[121.5, 38.9], [121.499_999, 39.0], [121.644, 38.914], [123.6, 40.2]]);
    out
}

/// Metres between two nearby longitude/latitude points (local flat earth).
fn distance_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    let east = (a[0] - b[0]) * 111_320.0 * a[1].to_radians().cos();
    let north = (a[1] - b[1]) * 110_950.0;
    east.hypot(north)
}

/// Checks one projected system both ways against `cs2cs`. `geographic` is its base
/// system (latitude first in PROJ), `northing_first` its axis order in PROJ.
fn agrees_with_proj(code: u32, geographic: &str, northing_first: bool) {
    let crs = Crs::from_epsg(code).unwrap();
    let points = dalian_points_lon_lat();
    let lat_lon: Vec<[f64; 2]> = points.iter().map(|[lon, lat]| [*lat, *lon]).collect();
    let target = format!("EPSG:{code}");
    let projected: Vec<[f64; 2]> = cs2cs(geographic, &target, &lat_lon)
        .into_iter()
        .map(|[a, b]| if northing_first { [b, a] } else { [a, b] })
        .collect();
    let (mut worst_forward_m, mut worst_inverse_m) = (0.0f64, 0.0f64);
    for (lon_lat, expected_x_y) in points.iter().zip(&projected) {
        let x_y = crs.from_wgs84(*lon_lat).unwrap();
        let error_m = (x_y[0] - expected_x_y[0]).hypot(x_y[1] - expected_x_y[1]);
        worst_forward_m = worst_forward_m.max(error_m);
        assert!(
            error_m < 0.01,
            "EPSG:{code} forward at {lon_lat:?}: {x_y:?}, PROJ {expected_x_y:?} ({error_m} m)"
        );
    }
    // The inverse, on positions offset from PROJ's so that they are not just round trips.
    let positions: Vec<[f64; 2]> = projected.iter().map(|[x, y]| [x + 1234.5, y - 678.9]).collect();
    let proj_order: Vec<[f64; 2]> = positions
        .iter()
        .map(|&[x, y]| if northing_first { [y, x] } else { [x, y] })
        .collect();
    let expected: Vec<[f64; 2]> = cs2cs(&target, geographic, &proj_order)
        .into_iter()
        .map(|[lat, lon]| [lon, lat])
        .collect();
    for (x_y, expected_lon_lat) in positions.iter().zip(&expected) {
        let lon_lat = crs.to_wgs84(*x_y).unwrap();
        let error_m = distance_m(lon_lat, *expected_lon_lat);
        worst_inverse_m = worst_inverse_m.max(error_m);
        assert!(
            error_m < 0.01,
            "EPSG:{code} inverse at {x_y:?}: {lon_lat:?}, PROJ {expected_lon_lat:?} ({error_m} m)"
        );
    }
    eprintln!("EPSG:{code}: worst difference from PROJ {worst_forward_m:.6} m forward, {worst_inverse_m:.6} m inverse");
}

#[test]
fn gauss_kruger_zones_with_and_without_the_zone_number_agree_with_proj_within_a_centimetre() {
    if !have("cs2cs") {
        return;
    }
    for code in [4528, 4529, 4549, 4550] {
        agrees_with_proj(code, "EPSG:4490", true);
    }
}

#[test]
fn six_degree_gauss_kruger_zones_agree_with_proj_within_a_centimetre() {
    if !have("cs2cs") {
        return;
    }
    for code in [4499, 4510] {
        agrees_with_proj(code, "EPSG:4490", true);
    }
}

#[test]
fn utm_51n_and_web_mercator_agree_with_proj_within_a_centimetre() {
    if !have("cs2cs") {
        return;
    }
    agrees_with_proj(32651, "EPSG:4326", false);
    agrees_with_proj(3857, "EPSG:4326", false);
}

#[test]
fn a_known_point_lands_where_it_should_in_the_123e_zone() {
    // PROJ: echo "39.5 122.5" | cs2cs -f %.9f EPSG:4490 EPSG:4550
    //   → 4374133.476891488 456993.185020701
    let x_y = Crs::from_epsg(4550).unwrap().from_wgs84([122.5, 39.5]).unwrap();
    assert!((x_y[0] - 456_993.185_020_701).abs() < 0.001, "{x_y:?}");
    assert!((x_y[1] - 4_374_133.476_891_488).abs() < 0.001, "{x_y:?}");
}

#[test]
fn positions_far_outside_a_zone_are_refused_not_converted() {
    let gk = Crs::from_epsg(4550).unwrap();
    assert!(gk.to_wgs84([f64::NAN, 4_300_000.0]).is_err());
    assert!(gk.to_wgs84([9e9, 4_300_000.0]).is_err());
    assert!(gk.from_wgs84([10.0, 39.0]).is_err());
    assert!(Crs::WebMercator.to_wgs84([0.0, 3e7]).is_err());
    assert!(Crs::Wgs84.to_wgs84([200.0, 39.0]).is_err());
    assert!(Crs::Gcj02.to_wgs84([121.6, 95.0]).is_err());
}

#[test]
fn gcj02_and_bd09_go_to_wgs84_and_back() {
    let p = [121.644, 38.914];
    for crs in [Crs::Gcj02, Crs::Bd09] {
        let shifted = crs.from_wgs84(p).unwrap();
        assert!(distance_m(shifted, p) > 300.0, "{crs:?} shifts");
        let back = crs.to_wgs84(shifted).unwrap();
        assert!(distance_m(back, p) < 0.001, "{crs:?}: {back:?}");
    }
}

/// `gdalsrsinfo -o FLAVOUR EPSG:code`.
fn gdal_wkt(flavour: &str, code: u32) -> String {
    run("gdalsrsinfo", &["-o", flavour, &format!("EPSG:{code}")])
}

/// The same system, an EPSG code aside (an ESRI text of 4510 carries no code, and its
/// parameters are those of 4550).
fn same_system(a: Crs, b: Crs) -> bool {
    let strip = |c: Crs| match c {
        Crs::GaussKruger {
            central_meridian_deg,
            false_easting_m,
            ..
        } => Crs::GaussKruger {
            epsg: None,
            central_meridian_deg,
            false_easting_m,
        },
        other => other,
    };
    strip(a) == strip(b)
}

#[test]
fn gdals_esri_wkt1_and_wkt2_texts_of_every_accepted_system_are_read() {
    if !have("gdalsrsinfo") {
        return;
    }
    for code in [4326, 4490, 4528, 4529, 4549, 4550, 4499, 4510, 32651, 3857] {
        let expected = Crs::from_epsg(code).unwrap();
        for flavour in ["wkt_esri", "wkt1", "wkt2", "wkt2_2015"] {
            let text = gdal_wkt(flavour, code);
            let crs =
                dalian_atlas::crs::from_wkt(&text).unwrap_or_else(|e| panic!("EPSG:{code} {flavour}: {e}\n{text}"));
            assert!(same_system(crs, expected), "EPSG:{code} {flavour}: {crs:?}");
            if flavour != "wkt_esri" {
                assert_eq!(crs.epsg(), Some(code), "{flavour} carries the code");
            }
        }
    }
}

#[test]
fn gdals_texts_of_xian_1980_and_beijing_1954_are_refused_as_old_datums() {
    if !have("gdalsrsinfo") {
        return;
    }
    for code in [2327, 2385, 2442, 4610, 4214] {
        for flavour in ["wkt_esri", "wkt1", "wkt2"] {
            let text = gdal_wkt(flavour, code);
            let result = dalian_atlas::crs::from_wkt(&text);
            assert!(
                matches!(result, Err(dalian_atlas::crs::CrsError::OldDatum { .. })),
                "EPSG:{code} {flavour}: {result:?}"
            );
        }
    }
}

#[test]
fn gdals_texts_of_other_systems_are_unsupported_not_guessed() {
    if !have("gdalsrsinfo") {
        return;
    }
    // Japan's plane zone I (another datum), World Mercator (ellipsoidal), UTM 51S.
    for code in [6669, 3395, 32751] {
        for flavour in ["wkt_esri", "wkt1", "wkt2"] {
            let result = dalian_atlas::crs::from_wkt(&gdal_wkt(flavour, code));
            assert!(
                matches!(result, Err(dalian_atlas::crs::CrsError::Unsupported { .. })),
                "EPSG:{code} {flavour}: {result:?}"
            );
        }
    }
}
