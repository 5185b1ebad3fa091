//! Coordinate reference systems of the planners' files, and the one conversion the atlas
//! needs: a file's positions to WGS-84 longitude/latitude (GeoJSON order, degrees).
//!
//! Accepted: WGS-84 (EPSG:4326), CGCS2000 geographic (4490, equal to WGS-84 at map
//! scale), CGCS2000 Gauss–Krüger zones of 3° (4513–4533 with the zone number in the
//! easting, 4534–4554 without) and 6° (4491–4501, 4502–4512), UTM zone 51N (32651),
//! Web Mercator (3857), and the web-map datums GCJ-02 (Amap/Tencent) and BD-09 (Baidu).
//! Xian 1980 and Beijing 1954 need a datum transformation the atlas does not have:
//! they are refused ([`CrsError::OldDatum`]), never treated as CGCS2000.
//!
//! No egui, no files: `.prj` text comes in as a string ([`from_wkt`]).

mod guess;
mod tm;
mod wkt;

use tm::TransverseMercator;

pub use guess::{Guess, GuessReason, guess_from_positions};
pub use wkt::from_wkt;

/// A coordinate reference system the atlas converts from. Serialised in projects that
/// link a layer's file (how to read it again).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Crs {
    /// WGS-84 longitude/latitude (EPSG:4326).
    Wgs84,
    /// CGCS2000 longitude/latitude (EPSG:4490): WGS-84 at map scale.
    Cgcs2000,
    /// Transverse Mercator on the CGCS2000 ellipsoid, scale 1 on the central meridian,
    /// false northing 0 (the Chinese Gauss–Krüger zones).
    GaussKruger {
        /// The EPSG code, where the zone has one.
        epsg: Option<u32>,
        central_meridian_deg: f64,
        /// 500 000 m, plus the zone number × 10⁶ where the easting carries it.
        false_easting_m: f64,
    },
    /// UTM on WGS-84, northern hemisphere (e.g. zone 51: EPSG:32651).
    UtmNorth { zone: u8 },
    /// Web Mercator (EPSG:3857), metres.
    WebMercator,
    /// GCJ-02 longitude/latitude (Amap, Tencent).
    Gcj02,
    /// BD-09 longitude/latitude (Baidu).
    Bd09,
}

/// How far from its central meridian a transverse Mercator position may lie, degrees:
/// well beyond any zone's edge (1.5° or 3°), well inside where the series is exact.
pub const MAX_TM_SPREAD_DEG: f64 = 20.0;
/// Web Mercator's square world: ±π·a metres.
const WEB_MERCATOR_MAX_M: f64 = std::f64::consts::PI * tm::A_M;
/// The latitude where Web Mercator's square world ends.
const WEB_MERCATOR_MAX_LAT_DEG: f64 = 85.051_129;

/// Whether `[lon, lat]` is a finite longitude/latitude in degrees.
fn is_lon_lat(lon_lat: [f64; 2]) -> bool {
    (-180.0..=180.0).contains(&lon_lat[0]) && (-90.0..=90.0).contains(&lon_lat[1])
}

/// Why a coordinate system cannot be used. Messages are for the user.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CrsError {
    #[error(
        "the coordinate system “{name}” is on the {datum} datum; the atlas has no datum transformation \
         from it to CGCS2000/WGS-84 (errors of tens of metres to over 100 m) — reproject the file first, \
         e.g. with QGIS or `ogr2ogr -t_srs EPSG:4490` using the transformation your bureau publishes"
    )]
    OldDatum { name: String, datum: String },
    #[error("the coordinate system “{name}” is not one the atlas knows ({reason})")]
    Unsupported { name: String, reason: String },
    #[error("the .prj text cannot be read: {reason}")]
    Unreadable { reason: String },
    #[error("position {x}, {y} is outside the area of {crs}")]
    OutOfRange { x: f64, y: f64, crs: String },
}

impl Crs {
    /// The system with this EPSG code, if the atlas accepts it.
    pub fn from_epsg(code: u32) -> Option<Crs> {
        let gk = |cm: u32, zone: Option<u32>| Crs::GaussKruger {
            epsg: Some(code),
            central_meridian_deg: f64::from(cm),
            false_easting_m: 500_000.0 + zone.map_or(0.0, |z| f64::from(z) * 1e6),
        };
        Some(match code {
            4326 => Crs::Wgs84,
            4490 => Crs::Cgcs2000,
            3857 | 900_913 => Crs::WebMercator,
            32601..=32660 => Crs::UtmNorth {
                zone: (code - 32600) as u8,
            },
            // 3° zones 25…45 (zone number in the easting), central meridian 3 × zone.
            4513..=4533 => gk(3 * (code - 4488), Some(code - 4488)),
            // 3° zones by central meridian, 75°E…135°E.
            4534..=4554 => gk(75 + 3 * (code - 4534), None),
            // 6° zones 13…23 (zone number in the easting), central meridian 6 × zone − 3.
            4491..=4501 => gk(6 * (code - 4478) - 3, Some(code - 4478)),
            // 6° zones by central meridian, 75°E…135°E.
            4502..=4512 => gk(75 + 6 * (code - 4502), None),
            _ => return None,
        })
    }

    /// A CGCS2000 Gauss–Krüger system from its parameters, with its EPSG code when one
    /// of the accepted codes has exactly these parameters (a 3° code before a 6° one:
    /// the two name the same projection where their central meridians coincide).
    pub fn gauss_kruger(central_meridian_deg: f64, false_easting_m: f64) -> Crs {
        let epsg = (4513..=4554).chain(4491..=4512).find(|code| {
            matches!(Crs::from_epsg(*code), Some(Crs::GaussKruger { central_meridian_deg: cm, false_easting_m: fe, .. })
                if (cm - central_meridian_deg).abs() < 1e-9 && (fe - false_easting_m).abs() < 1e-6)
        });
        Crs::GaussKruger {
            epsg,
            central_meridian_deg,
            false_easting_m,
        }
    }

    /// The EPSG code, where the system has one (GCJ-02 and BD-09 have none).
    pub fn epsg(&self) -> Option<u32> {
        match self {
            Crs::Wgs84 => Some(4326),
            Crs::Cgcs2000 => Some(4490),
            Crs::GaussKruger { epsg, .. } => *epsg,
            Crs::UtmNorth { zone } => Some(32600 + u32::from(*zone)),
            Crs::WebMercator => Some(3857),
            Crs::Gcj02 | Crs::Bd09 => None,
        }
    }

    /// A name for people, e.g. `CGCS2000 / 3-degree Gauss-Kruger CM 123E (EPSG:4550)`.
    pub fn name(&self) -> String {
        match self {
            Crs::Wgs84 => "WGS 84 (EPSG:4326)".to_string(),
            Crs::Cgcs2000 => "CGCS2000 (EPSG:4490)".to_string(),
            Crs::GaussKruger {
                epsg,
                central_meridian_deg,
                false_easting_m,
            } => {
                let kind = match epsg {
                    Some(4491..=4512) => "Gauss-Kruger",
                    _ => "3-degree Gauss-Kruger",
                };
                let zone = (*false_easting_m / 1e6).floor();
                match epsg {
                    Some(code) if zone >= 1.0 => format!("CGCS2000 / {kind} zone {zone} (EPSG:{code})"),
                    Some(code) => format!("CGCS2000 / {kind} CM {central_meridian_deg}E (EPSG:{code})"),
                    None => {
                        format!("CGCS2000 / Gauss-Kruger CM {central_meridian_deg}E, false easting {false_easting_m} m")
                    }
                }
            }
            Crs::UtmNorth { zone } => format!("WGS 84 / UTM zone {zone}N (EPSG:{})", 32600 + u32::from(*zone)),
            Crs::WebMercator => "WGS 84 / Pseudo-Mercator (EPSG:3857)".to_string(),
            Crs::Gcj02 => "GCJ-02 (Amap, Tencent)".to_string(),
            Crs::Bd09 => "BD-09 (Baidu)".to_string(),
        }
    }

    /// Whether positions are metres (eastings/northings) rather than degrees.
    pub fn is_projected(&self) -> bool {
        matches!(self, Crs::GaussKruger { .. } | Crs::UtmNorth { .. } | Crs::WebMercator)
    }

    /// WGS-84 `[lon, lat]` of a position `[x, y]` in this system (easting, northing for
    /// projected systems; longitude, latitude otherwise).
    ///
    /// Refused ([`CrsError::OutOfRange`]) when the position is not finite or lies outside
    /// where the system is meaningful: longitude/latitude beyond ±180°/±90°, a transverse
    /// Mercator position more than [`MAX_TM_SPREAD_DEG`] from the central meridian.
    pub fn to_wgs84(&self, x_y: [f64; 2]) -> Result<[f64; 2], CrsError> {
        let out_of_range = || CrsError::OutOfRange {
            x: x_y[0],
            y: x_y[1],
            crs: self.name(),
        };
        if !x_y[0].is_finite() || !x_y[1].is_finite() {
            return Err(out_of_range());
        }
        let lon_lat = match self {
            Crs::Wgs84 | Crs::Cgcs2000 => x_y,
            Crs::Gcj02 if is_lon_lat(x_y) => crate::coords::gcj02_to_wgs84(x_y),
            Crs::Bd09 if is_lon_lat(x_y) => crate::coords::bd09_to_wgs84(x_y),
            Crs::Gcj02 | Crs::Bd09 => return Err(out_of_range()),
            Crs::GaussKruger { .. } | Crs::UtmNorth { .. } => {
                let tm = self.transverse_mercator().ok_or_else(out_of_range)?;
                // Beyond ~10 000 km from the central meridian the series means nothing.
                if (x_y[0] - tm.false_easting_m).abs() > 1e7 || x_y[1].abs() > 1e7 {
                    return Err(out_of_range());
                }
                let lon_lat = tm.inverse(x_y);
                if (lon_lat[0] - tm.central_meridian_deg).abs() > MAX_TM_SPREAD_DEG {
                    return Err(out_of_range());
                }
                lon_lat
            }
            Crs::WebMercator => {
                if x_y[0].abs() > WEB_MERCATOR_MAX_M * 1.000_001 || x_y[1].abs() > WEB_MERCATOR_MAX_M * 1.000_001 {
                    return Err(out_of_range());
                }
                tm::web_mercator_inverse(x_y)
            }
        };
        if is_lon_lat(lon_lat) {
            Ok(lon_lat)
        } else {
            Err(out_of_range())
        }
    }

    /// The position `[x, y]` in this system of a WGS-84 `[lon, lat]`: the inverse of
    /// [`Crs::to_wgs84`], for export in a projected system. Refused like it when the
    /// position lies outside where the system is meaningful.
    pub fn from_wgs84(&self, lon_lat: [f64; 2]) -> Result<[f64; 2], CrsError> {
        let out_of_range = || CrsError::OutOfRange {
            x: lon_lat[0],
            y: lon_lat[1],
            crs: Crs::Wgs84.name(),
        };
        if !is_lon_lat(lon_lat) {
            return Err(out_of_range());
        }
        Ok(match self {
            Crs::Wgs84 | Crs::Cgcs2000 => lon_lat,
            Crs::Gcj02 => crate::coords::wgs84_to_gcj02(lon_lat),
            Crs::Bd09 => crate::coords::wgs84_to_bd09(lon_lat),
            Crs::GaussKruger { .. } | Crs::UtmNorth { .. } => {
                let tm = self.transverse_mercator().ok_or_else(out_of_range)?;
                if (lon_lat[0] - tm.central_meridian_deg).abs() > MAX_TM_SPREAD_DEG {
                    return Err(out_of_range());
                }
                tm.forward(lon_lat)
            }
            Crs::WebMercator => {
                if lon_lat[1].abs() > WEB_MERCATOR_MAX_LAT_DEG {
                    return Err(out_of_range());
                }
                tm::web_mercator_forward(lon_lat)
            }
        })
    }

    /// The transverse Mercator projection of a Gauss–Krüger or UTM system.
    fn transverse_mercator(&self) -> Option<TransverseMercator> {
        match *self {
            Crs::GaussKruger {
                central_meridian_deg,
                false_easting_m,
                ..
            } => Some(TransverseMercator {
                inv_f: tm::CGCS2000_INV_F,
                central_meridian_deg,
                scale: 1.0,
                false_easting_m,
                false_northing_m: 0.0,
            }),
            Crs::UtmNorth { zone } => Some(TransverseMercator {
                inv_f: tm::WGS84_INV_F,
                central_meridian_deg: 6.0 * f64::from(zone) - 183.0,
                scale: 0.9996,
                false_easting_m: 500_000.0,
                false_northing_m: 0.0,
            }),
            _ => None,
        }
    }

    /// The choices offered in the import dialog, in this order: the systems of Dalian's
    /// planners first (Dalian straddles the 3° zones of 120°E and 123°E).
    pub fn choices() -> Vec<Crs> {
        let mut out = vec![Crs::Cgcs2000, Crs::Wgs84, Crs::Gcj02, Crs::Bd09];
        out.extend(
            [4549, 4550, 4528, 4529, 4499, 4510, 32651, 3857]
                .into_iter()
                .filter_map(Crs::from_epsg),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epsg_codes_of_dalians_zones_have_their_central_meridians_and_false_eastings() {
        let gk = |code| match Crs::from_epsg(code) {
            Some(Crs::GaussKruger {
                central_meridian_deg,
                false_easting_m,
                ..
            }) => (central_meridian_deg, false_easting_m),
            other => panic!("{code}: {other:?}"),
        };
        assert_eq!(gk(4528), (120.0, 40_500_000.0));
        assert_eq!(gk(4529), (123.0, 41_500_000.0));
        assert_eq!(gk(4549), (120.0, 500_000.0));
        assert_eq!(gk(4550), (123.0, 500_000.0));
        assert_eq!(gk(4499), (123.0, 21_500_000.0));
        assert_eq!(gk(4510), (123.0, 500_000.0));
        assert_eq!(Crs::from_epsg(32651), Some(Crs::UtmNorth { zone: 51 }));
        assert_eq!(Crs::from_epsg(2385), None, "Xian 1980 is not accepted");
        for code in [4326, 4490, 3857, 32651, 4528, 4550, 4499, 4510] {
            assert_eq!(Crs::from_epsg(code).and_then(|c| c.epsg()), Some(code));
        }
        assert_eq!(Crs::gauss_kruger(123.0, 500_000.0).epsg(), Some(4550));
        assert_eq!(Crs::gauss_kruger(123.0, 41_500_000.0).epsg(), Some(4529));
        assert_eq!(
            Crs::from_epsg(4550).map(|c| c.name()).as_deref(),
            Some("CGCS2000 / 3-degree Gauss-Kruger CM 123E (EPSG:4550)")
        );
        assert_eq!(
            Crs::from_epsg(4529).map(|c| c.name()).as_deref(),
            Some("CGCS2000 / 3-degree Gauss-Kruger zone 41 (EPSG:4529)")
        );
    }
}
