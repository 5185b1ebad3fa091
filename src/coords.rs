//! Coordinate systems of web map sources: WGS-84 and GCJ-02 (the “Mars” datum of
//! Chinese web maps: Amap/Gaode, Tencent, DataV).
//!
//! The atlas stores and exports WGS-84 everywhere. GCJ-02 only appears where a tile
//! source (or, later, imported data) uses it: overlays are then shifted WGS-84 → GCJ-02
//! just before projection (see `crate::map::GeoScreen`). Tianditu is CGCS2000,
//! which equals WGS-84 at map scale, so it needs no shift.
//!
//! All coordinates are `[lon, lat]` in degrees.

use serde::{Deserialize, Serialize};

/// The datum a tile source's pixels are drawn in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CoordinateSystem {
    /// WGS-84 (also CGCS2000 at map scale): OpenStreetMap, Tianditu, PMTiles files.
    #[default]
    Wgs84,
    /// GCJ-02: Amap-style Chinese web maps.
    Gcj02,
}

impl CoordinateSystem {
    /// Where a WGS-84 point must be drawn on a map in this system.
    pub fn from_wgs84(self, lon_lat: [f64; 2]) -> [f64; 2] {
        match self {
            CoordinateSystem::Wgs84 => lon_lat,
            CoordinateSystem::Gcj02 => wgs84_to_gcj02(lon_lat),
        }
    }

    /// The inverse of [`CoordinateSystem::from_wgs84`]: WGS-84 `[lon, lat]` of a position
    /// in this system (to about a metre for GCJ-02, see [`gcj02_to_wgs84`]).
    pub fn to_wgs84(self, lon_lat: [f64; 2]) -> [f64; 2] {
        match self {
            CoordinateSystem::Wgs84 => lon_lat,
            CoordinateSystem::Gcj02 => gcj02_to_wgs84(lon_lat),
        }
    }
}

/// Semi-major axis of the Krasovsky 1940 ellipsoid, metres (as GCJ-02 uses it).
const A: f64 = 6_378_245.0;
/// First eccentricity squared of the Krasovsky 1940 ellipsoid.
const EE: f64 = 0.006_693_421_622_965_943;

/// Whether a point lies outside the rough box where GCJ-02 applies (mainland China
/// and its seas); there GCJ-02 equals WGS-84.
pub fn outside_china(lon_lat: [f64; 2]) -> bool {
    let [lon, lat] = lon_lat;
    !(72.004..=137.8347).contains(&lon) || !(0.8293..=55.8271).contains(&lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn transform_lon(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// WGS-84 → GCJ-02 by the published closed formula (Krasovsky ellipsoid). Identity
/// outside China ([`outside_china`]).
pub fn wgs84_to_gcj02(lon_lat: [f64; 2]) -> [f64; 2] {
    use std::f64::consts::PI;
    if outside_china(lon_lat) {
        return lon_lat;
    }
    let [lon, lat] = lon_lat;
    let d_lat = transform_lat(lon - 105.0, lat - 35.0);
    let d_lon = transform_lon(lon - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = (d_lat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lon = (d_lon * 180.0) / (A / sqrt_magic * rad_lat.cos() * PI);
    [lon + d_lon, lat + d_lat]
}

/// GCJ-02 → WGS-84 by fixed-point iteration on [`wgs84_to_gcj02`], to better than
/// 1e-9° (at most 30 steps; the shift is smooth, so 3–5 steps are typical). Identity
/// outside China.
pub fn gcj02_to_wgs84(lon_lat: [f64; 2]) -> [f64; 2] {
    if outside_china(lon_lat) {
        return lon_lat;
    }
    let mut guess = lon_lat;
    for _ in 0..30 {
        let there = wgs84_to_gcj02(guess);
        let (dx, dy) = (there[0] - lon_lat[0], there[1] - lon_lat[1]);
        guess = [guess[0] - dx, guess[1] - dy];
        if dx.abs() < 1e-9 && dy.abs() < 1e-9 {
            break;
        }
    }
    guess
}

/// π·3000/180, the constant of Baidu's BD-09 formulas.
const BD_X_PI: f64 = std::f64::consts::PI * 3000.0 / 180.0;

/// GCJ-02 → BD-09 (Baidu) by Baidu's published closed formula.
pub fn gcj02_to_bd09(lon_lat: [f64; 2]) -> [f64; 2] {
    let [x, y] = lon_lat;
    let z = (x * x + y * y).sqrt() + 0.000_02 * (y * BD_X_PI).sin();
    let theta = y.atan2(x) + 0.000_003 * (x * BD_X_PI).cos();
    [z * theta.cos() + 0.0065, z * theta.sin() + 0.006]
}

/// BD-09 → GCJ-02: the usual closed-form approximate inverse, refined by fixed-point
/// iteration on [`gcj02_to_bd09`] to better than 1e-9° (at most 10 steps).
pub fn bd09_to_gcj02(lon_lat: [f64; 2]) -> [f64; 2] {
    let x = lon_lat[0] - 0.0065;
    let y = lon_lat[1] - 0.006;
    let z = (x * x + y * y).sqrt() - 0.000_02 * (y * BD_X_PI).sin();
    let theta = y.atan2(x) - 0.000_003 * (x * BD_X_PI).cos();
    let mut guess = [z * theta.cos(), z * theta.sin()];
    for _ in 0..10 {
        let there = gcj02_to_bd09(guess);
        let (dx, dy) = (there[0] - lon_lat[0], there[1] - lon_lat[1]);
        guess = [guess[0] - dx, guess[1] - dy];
        if dx.abs() < 1e-10 && dy.abs() < 1e-10 {
            break;
        }
    }
    guess
}

/// WGS-84 → BD-09: GCJ-02 first, then Baidu's shift.
pub fn wgs84_to_bd09(lon_lat: [f64; 2]) -> [f64; 2] {
    gcj02_to_bd09(wgs84_to_gcj02(lon_lat))
}

/// BD-09 → WGS-84, the inverse of [`wgs84_to_bd09`] (to about 1e-9° inside China).
pub fn bd09_to_wgs84(lon_lat: [f64; 2]) -> [f64; 2] {
    gcj02_to_wgs84(bd09_to_gcj02(lon_lat))
}

/// The GCJ-02 shift at a WGS-84 point as `[east, north]` metres (local flat-earth
/// approximation, good to well under a metre for these distances).
pub fn gcj02_shift_m(lon_lat: [f64; 2]) -> [f64; 2] {
    let [lon, lat] = wgs84_to_gcj02(lon_lat);
    let m_per_deg_lat = 111_132.954 - 559.822 * (2.0 * lat.to_radians()).cos();
    let m_per_deg_lon = 111_412.84 * lat.to_radians().cos();
    [(lon - lon_lat[0]) * m_per_deg_lon, (lat - lon_lat[1]) * m_per_deg_lat]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_tiananmen_shifts_to_its_well_known_gcj02_position() {
        let [lon, lat] = wgs84_to_gcj02([116.397128, 39.916527]);
        // The formula, evaluated independently (Python, f64): 116.4033725, 39.9179307.
        assert!((lon - 116.403_372_5).abs() < 1e-7, "{lon}");
        assert!((lat - 39.917_930_7).abs() < 1e-7, "{lat}");
        // The pair quoted in coordinate-converter write-ups agrees to about 0.3 m.
        assert!((lon - 116.403376).abs() < 5e-6 && (lat - 39.917930).abs() < 5e-6);
    }

    #[test]
    fn points_outside_china_are_not_shifted() {
        for p in [[-0.1276, 51.5072], [139.6917, 35.6895], [151.2093, -33.8688]] {
            assert_eq!(wgs84_to_gcj02(p), p);
            assert_eq!(gcj02_to_wgs84(p), p);
        }
    }

    #[test]
    fn the_inverse_round_trips_over_dalian_to_a_millionth_of_a_degree() {
        for i in 0..=14 {
            for j in 0..=8 {
                let p = [120.8 + 0.2 * f64::from(i), 38.6 + 0.2 * f64::from(j)];
                let back = gcj02_to_wgs84(wgs84_to_gcj02(p));
                assert!(
                    (back[0] - p[0]).abs() < 1e-7 && (back[1] - p[1]).abs() < 1e-7,
                    "{p:?} → {back:?}"
                );
            }
        }
    }

    #[test]
    fn around_dalian_the_shift_is_about_430_m_east_and_120_m_north() {
        for p in [
            [121.644, 38.914],
            [121.26, 38.81],
            [122.0, 39.6],
            [122.95, 39.68],
            [121.5, 39.9],
        ] {
            let [east, north] = gcj02_shift_m(p);
            assert!((400.0..=460.0).contains(&east), "{p:?}: {east} m east");
            assert!((80.0..=150.0).contains(&north), "{p:?}: {north} m north");
        }
    }

    #[test]
    fn baidus_bd09_shift_matches_the_published_formula_at_tiananmen() {
        // GCJ-02 Tiananmen through Baidu's formula, evaluated independently (Python, f64).
        let [lon, lat] = gcj02_to_bd09([116.403_372_5, 39.917_930_7]);
        assert!((lon - 116.409_739_3).abs() < 2e-7, "{lon}");
        assert!((lat - 39.924_269_2).abs() < 2e-7, "{lat}");
    }

    #[test]
    fn bd09_round_trips_over_dalian_to_a_billionth_of_a_degree() {
        for i in 0..=14 {
            for j in 0..=8 {
                let p = [120.8 + 0.2 * f64::from(i), 38.6 + 0.2 * f64::from(j)];
                let back = bd09_to_gcj02(gcj02_to_bd09(p));
                assert!((back[0] - p[0]).abs() < 1e-9 && (back[1] - p[1]).abs() < 1e-9);
                let back = bd09_to_wgs84(wgs84_to_bd09(p));
                assert!((back[0] - p[0]).abs() < 1e-8 && (back[1] - p[1]).abs() < 1e-8);
            }
        }
    }

    #[test]
    fn around_dalian_bd09_lies_about_a_kilometre_north_east_of_wgs84() {
        let p = [121.644, 38.914];
        let bd = wgs84_to_bd09(p);
        let east_m = (bd[0] - p[0]) * 111_412.84 * p[1].to_radians().cos();
        let north_m = (bd[1] - p[1]) * 111_000.0;
        assert!((900.0..=1200.0).contains(&east_m), "{east_m}");
        assert!((700.0..=900.0).contains(&north_m), "{north_m}");
    }

    #[test]
    fn a_map_in_wgs84_draws_points_where_they_are() {
        let p = [121.644, 38.914];
        assert_eq!(CoordinateSystem::Wgs84.from_wgs84(p), p);
        assert_eq!(CoordinateSystem::Gcj02.from_wgs84(p), wgs84_to_gcj02(p));
    }

    #[test]
    fn to_wgs84_undoes_from_wgs84_in_either_system() {
        for p in [[121.6, 38.9], [122.5, 39.8], [120.9, 38.7]] {
            assert_eq!(
                CoordinateSystem::Wgs84.to_wgs84(CoordinateSystem::Wgs84.from_wgs84(p)),
                p
            );
            let back = CoordinateSystem::Gcj02.to_wgs84(CoordinateSystem::Gcj02.from_wgs84(p));
            // A metre is about 1e-5 degrees here.
            assert!(
                (back[0] - p[0]).abs() < 1e-5 && (back[1] - p[1]).abs() < 1e-5,
                "{back:?} for {p:?}"
            );
            assert_ne!(CoordinateSystem::Gcj02.from_wgs84(p), p, "GCJ-02 does shift");
        }
    }
}
