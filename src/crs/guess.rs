//! Guessing a file's coordinate system from its positions, when the file says nothing.
//!
//! The rules, in order (each candidate must put at least 80 % of the sample “near
//! Dalian”, 119.5–124.5°E, 37.5–41.5°N):
//! 1. longitudes/latitudes → CGCS2000 (equal to WGS-84 at map scale);
//! 2. eastings over 10⁶ m → the Gauss–Krüger zone in their first two digits (3° zones
//!    25–45, 6° zones 13–23);
//! 3. 500 000-style eastings → the 3° zones of 120°E (EPSG:4549) and 123°E (4550); when
//!    both land near Dalian, the one whose positions are nearer Dalian's centre
//!    ([`DALIAN_CENTRE_LON_LAT`]) wins. (The 6° zone of 123°E has the same parameters as
//!    4550; 3° is preferred. UTM 51N differs from 4550 by its 0.9996 scale, under 2 km
//!    here, so it cannot be told apart: the reason says so.)
//! 4. Web Mercator, then UTM zone 51N;
//! 5. else no guess.

use super::Crs;

/// A guess, to be confirmed by the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Guess {
    pub crs: Crs,
    /// Why, for the import dialog, e.g. “eastings of 41 xxx xxx m carry zone 41”.
    pub reason: GuessReason,
}

/// Why a system was guessed, in the interface's two languages.
#[derive(Clone, Debug, PartialEq)]
pub struct GuessReason {
    pub en: String,
    pub zh: String,
}

impl GuessReason {
    /// The reason in `lang`.
    pub fn text(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => &self.zh,
            crate::i18n::Lang::En => &self.en,
        }
    }
}

/// The middle of Dalian's extent (120.9–123.6°E, 38.7–40.2°N).
pub const DALIAN_CENTRE_LON_LAT: [f64; 2] = [122.25, 39.45];

/// Whether a WGS-84 position is in or near Dalian (the municipality with a margin of
/// about a degree: a file of the wider region still counts).
fn near_dalian(lon_lat: [f64; 2]) -> bool {
    (119.5..=124.5).contains(&lon_lat[0]) && (37.5..=41.5).contains(&lon_lat[1])
}

/// How well `crs` fits the sample: `None` unless at least 80 % of the positions convert
/// and land near Dalian; else the mean distance (in degrees of latitude, longitude scaled
/// by the cosine of latitude) of those positions from Dalian's centre.
fn fit(crs: Crs, positions_x_y: &[[f64; 2]]) -> Option<f64> {
    let landed: Vec<[f64; 2]> = positions_x_y
        .iter()
        .filter_map(|p| crs.to_wgs84(*p).ok())
        .filter(|p| near_dalian(*p))
        .collect();
    if landed.is_empty() || landed.len() * 5 < positions_x_y.len() * 4 {
        return None;
    }
    let [c_lon, c_lat] = DALIAN_CENTRE_LON_LAT;
    let cos = c_lat.to_radians().cos();
    let sum: f64 = landed
        .iter()
        .map(|[lon, lat]| ((lon - c_lon) * cos).hypot(lat - c_lat))
        .sum();
    Some(sum / landed.len() as f64)
}

/// The median of the finite values (the sample's typical value, robust to a stray 0,0).
fn median(mut values: Vec<f64>) -> Option<f64> {
    values.retain(|v| v.is_finite());
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

/// The likely system of `positions_x_y` (a sample of the file's positions), or `None`
/// when none of the accepted systems puts them near Dalian (or anywhere valid).
pub fn guess_from_positions(positions_x_y: &[[f64; 2]]) -> Option<Guess> {
    let finite: Vec<[f64; 2]> = positions_x_y
        .iter()
        .copied()
        .filter(|[x, y]| x.is_finite() && y.is_finite())
        .collect();
    let x = median(finite.iter().map(|p| p[0]).collect())?;
    let guess = |crs: Crs, en: String, zh: String| {
        Some(Guess {
            crs,
            reason: GuessReason { en, zh },
        })
    };

    if fit(Crs::Cgcs2000, &finite).is_some() {
        return guess(
            Crs::Cgcs2000,
            "The positions are longitudes and latitudes near Dalian: read as CGCS2000, which agrees with \
             WGS-84 at map scale (choose GCJ-02 or BD-09 if they were picked on Amap, Tencent or Baidu)."
                .to_string(),
            "坐标是大连附近的经纬度：按 CGCS2000 读取（与 WGS-84 在地图比例尺下一致；若取自高德、腾讯或百度地图，请改选 GCJ-02 或 BD-09）。"
                .to_string(),
        );
    }

    if x >= 1e6 {
        let zone = (x / 1e6).floor() as u32;
        let (code, kind) = match zone {
            25..=45 => (4488 + zone, "3°"),
            13..=23 => (4478 + zone, "6°"),
            _ => (0, ""),
        };
        if let Some(crs) = Crs::from_epsg(code).filter(|crs| fit(*crs, &finite).is_some()) {
            return guess(
                crs,
                format!(
                    "The eastings ({zone} xxx xxx m) carry zone number {zone} in their first two digits: \
                     CGCS2000 {kind} Gauss–Krüger zone {zone}, which puts them in Dalian."
                ),
                format!(
                    "横坐标（{zone} xxx xxx 米）前两位是带号 {zone}：按 CGCS2000 {kind}带高斯-克吕格第 {zone} 带读取，落在大连。"
                ),
            );
        }
    }

    // 500 000-style eastings: either of Dalian's 3° zones, the nearer to Dalian's centre.
    let best = [4549, 4550]
        .into_iter()
        .filter_map(Crs::from_epsg)
        .filter_map(|crs| fit(crs, &finite).map(|score| (crs, score)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((crs, _)) = best {
        let (cm, other) = match crs.epsg() {
            Some(4549) => (120, 123),
            _ => (123, 120),
        };
        return guess(
            crs,
            format!(
                "The eastings are around 500 000 m without a zone number: read as CGCS2000 3° Gauss–Krüger \
                 with central meridian {cm}°E, which puts them in Dalian (better than {other}°E; UTM zone 51N \
                 would put them within 2 km of the 123°E reading)."
            ),
            format!(
                "横坐标在 500 000 米左右、不带带号：按 CGCS2000 3°带高斯-克吕格、中央经线 {cm}°E 读取，落在大连\
                 （比 {other}°E 更近；UTM 51N 与 123°E 的结果相差不到 2 千米）。"
            ),
        );
    }

    if fit(Crs::WebMercator, &finite).is_some() {
        return guess(
            Crs::WebMercator,
            "The positions are Web Mercator metres (as web maps use), which puts them in Dalian.".to_string(),
            "坐标是 Web 墨卡托米制坐标（网络地图所用），落在大连。".to_string(),
        );
    }
    let utm = Crs::UtmNorth { zone: 51 };
    if fit(utm, &finite).is_some() {
        return guess(
            utm,
            "The positions are UTM zone 51N metres, which puts them in Dalian.".to_string(),
            "坐标是 UTM 51N 带米制坐标，落在大连。".to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_guess_says_why_in_chinese_too() {
        let lon_lat = [[121.6, 38.9], [121.7, 39.0]];
        let zone41 = [[41_500_000.0, 4_310_000.0], [41_510_000.0, 4_320_000.0]];
        let cm123 = [[500_000.0, 4_310_000.0], [510_000.0, 4_320_000.0]];
        for sample in [&lon_lat[..], &zone41[..], &cm123[..]] {
            let g = guess_from_positions(sample).unwrap();
            assert!(g.reason.zh.contains("大连"), "{}", g.reason.zh);
            assert_eq!(g.reason.text(crate::i18n::Lang::En), g.reason.en);
        }
    }

    /// Dalian places as WGS-84 longitude/latitude: downtown, Lüshun, Zhuanghe, Changhai.
    const PLACES: [[f64; 2]; 4] = [[121.644, 38.914], [121.26, 38.81], [122.97, 39.69], [122.59, 39.27]];

    fn in_system(crs: Crs, lon_lat: &[[f64; 2]]) -> Vec<[f64; 2]> {
        lon_lat.iter().map(|p| crs.from_wgs84(*p).unwrap()).collect()
    }

    fn guessed(positions: &[[f64; 2]]) -> Option<u32> {
        guess_from_positions(positions).and_then(|g| g.crs.epsg())
    }

    #[test]
    fn longitudes_and_latitudes_near_dalian_are_taken_as_cgcs2000_with_a_hint_about_web_maps() {
        let g = guess_from_positions(&PLACES).unwrap();
        assert_eq!(g.crs, Crs::Cgcs2000);
        assert!(
            g.reason.en.contains("WGS-84") && g.reason.en.contains("GCJ-02"),
            "{}",
            g.reason.en
        );
    }

    #[test]
    fn eastings_with_a_zone_number_give_their_3_degree_zone() {
        for code in [4528, 4529] {
            let crs = Crs::from_epsg(code).unwrap();
            // Both zones are tried on points either side of 121.5°E.
            assert_eq!(guessed(&in_system(crs, &PLACES)), Some(code));
        }
        let g = guess_from_positions(&in_system(Crs::from_epsg(4529).unwrap(), &PLACES)).unwrap();
        assert!(g.reason.en.contains("zone number 41"), "{}", g.reason.en);
    }

    #[test]
    fn eastings_with_a_6_degree_zone_number_give_that_zone_when_they_land_in_dalian() {
        assert_eq!(guessed(&in_system(Crs::from_epsg(4499).unwrap(), &PLACES)), Some(4499));
    }

    #[test]
    fn web_mercator_metres_are_not_mistaken_for_6_degree_zone_13() {
        // Dalian's Web Mercator eastings are 13.5 million metres: “zone 13” lands in Tibet.
        let positions = in_system(Crs::WebMercator, &PLACES);
        assert!(positions.iter().all(|p| (13e6..14e6).contains(&p[0])));
        assert_eq!(guess_from_positions(&positions).map(|g| g.crs), Some(Crs::WebMercator));
    }

    #[test]
    fn eastings_of_500_000_metres_pick_the_zone_that_lands_in_dalian() {
        // Downtown Dalian, west of 121.5°E, written in the 120°E zone.
        let west = [[121.644, 38.914], [121.26, 38.81], [121.4, 39.0]];
        assert_eq!(guessed(&in_system(Crs::from_epsg(4549).unwrap(), &west)), Some(4549));
        // Zhuanghe and Changhai, east of it, in the 123°E zone.
        let east = [[122.97, 39.69], [122.59, 39.27], [123.2, 39.8]];
        assert_eq!(guessed(&in_system(Crs::from_epsg(4550).unwrap(), &east)), Some(4550));
        // The 6° zone of 123°E is the same projection: the 3° code is preferred.
        assert_eq!(guessed(&in_system(Crs::from_epsg(4510).unwrap(), &east)), Some(4550));
    }

    #[test]
    fn when_both_zones_land_near_dalian_the_nearer_to_its_centre_wins() {
        // 550 000 m east: 120.58°E in the 120°E zone, 123.58°E in the 123°E zone.
        let positions = [[550_000.0, 4_370_000.0], [551_000.0, 4_371_000.0]];
        let g = guess_from_positions(&positions).unwrap();
        assert_eq!(g.crs.epsg(), Some(4550), "{}", g.reason.en);
        assert!(g.reason.en.contains("123°E"), "{}", g.reason.en);
        let positions = [[600_000.0, 4_310_000.0]];
        assert_eq!(guessed(&positions), Some(4549));
    }

    #[test]
    fn utm_51n_positions_are_read_as_the_123e_zone_which_they_cannot_be_told_from() {
        let positions = in_system(Crs::UtmNorth { zone: 51 }, &PLACES[2..]);
        let g = guess_from_positions(&positions).unwrap();
        assert_eq!(g.crs.epsg(), Some(4550));
        assert!(g.reason.en.contains("UTM zone 51N"), "{}", g.reason.en);
    }

    #[test]
    fn a_stray_zero_position_does_not_spoil_the_guess() {
        let mut positions = in_system(Crs::from_epsg(4529).unwrap(), &PLACES);
        positions.extend([[0.0, 0.0]; 1]);
        assert_eq!(guessed(&positions), Some(4529));
    }

    #[test]
    fn positions_far_from_dalian_or_absurd_give_no_guess() {
        assert_eq!(guess_from_positions(&[]), None);
        assert_eq!(guess_from_positions(&[[f64::NAN, 1.0]]), None);
        // Beijing in longitude/latitude, and in its own 3° zone 39.
        assert_eq!(guess_from_positions(&[[116.4, 39.9]]), None);
        let beijing_zone_39 = Crs::from_epsg(4527).unwrap().from_wgs84([116.4, 39.9]).unwrap();
        assert_eq!(guess_from_positions(&[beijing_zone_39]), None);
        assert_eq!(guess_from_positions(&[[1.0, 2.0], [3.0, 4.0]]), None);
        assert_eq!(guess_from_positions(&[[9e15, -9e15]]), None);
    }
}
