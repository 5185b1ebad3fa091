//! Replacing the schematic divisions by official boundaries the user supplies.

use geo::{BoundingRect, MultiPolygon, Orient, orient::Direction};
use geojson::GeoJson;
use serde_json::Value;

use super::geojson::{coords_of, polygons_of};
use super::{Basemap, BasemapError, DATA_BOX_LON_LAT, Precision, area_km2, label_point_lon_lat, validation_reason};

/// The source recorded on a replaced division.
pub const OFFICIAL_SOURCE: &str = "user-supplied official boundaries";

/// How a supplied feature was matched.
#[derive(Clone, Debug, PartialEq)]
pub struct OfficialMatch {
    pub adcode: u32,
    pub name_zh: String,
    /// `"adcode"` or `"name"`.
    pub matched_by: &'static str,
    pub feature: String,
}

/// What [`apply_official_boundaries`] did.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct OfficialReport {
    pub matched: Vec<OfficialMatch>,
    /// Supplied polygon features that match no division (described by their id or name).
    pub unmatched_features: Vec<String>,
    /// Divisions (adcode, name) that keep their schematic boundary.
    pub divisions_not_supplied: Vec<(u32, String)>,
}

/// Most coordinates the matched features of an official-boundaries file may have: the
/// validity check is quadratic in a ring's length, so a survey-grade file must be
/// simplified first (a county-level file at map scale has a few tens of thousands).
pub const MAX_OFFICIAL_VERTICES: usize = 300_000;

/// Strips “ District”, “ County”, “ City” for English name matching.
fn bare_english(s: &str) -> &str {
    let t = s.trim();
    [" District", " County", " City"]
        .iter()
        .find_map(|suffix| t.strip_suffix(suffix))
        .unwrap_or(t)
}

/// Strips a trailing 区/市/县 (and whitespace) for name matching.
fn bare_name(s: &str) -> &str {
    let t = s.trim();
    t.strip_suffix('区')
        .or_else(|| t.strip_suffix('市'))
        .or_else(|| t.strip_suffix('县'))
        .unwrap_or(t)
}

/// The fields that hold a division code: `adcode`, and the names Chinese survey and
/// land-use data use (`XZQDM` 行政区代码, `PAC`, `行政区划代码`, `区划代码`). A 9- or 12-digit
/// code (township level and below) is cut to its county's first 6 digits.
const CODE_FIELDS: [&str; 6] = ["adcode", "XZQDM", "PAC", "行政区划代码", "区划代码", "行政区代码"];

/// The fields that hold a division name, in the order they are tried.
const NAME_FIELDS: [&str; 10] = [
    "name_zh",
    "name",
    "NAME",
    "Name",
    "name_en",
    "XZQMC",
    "名称",
    "行政区名称",
    "县名",
    "区县",
];

fn adcode_of(props: &serde_json::Map<String, Value>) -> Option<u32> {
    let v = CODE_FIELDS.iter().find_map(|field| {
        props
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(field))
            .map(|(_, v)| v)
    })?;
    let digits = match v {
        Value::Number(n) => n.as_u64()?.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => return None,
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        6 => digits.parse().ok(),
        9 | 12 => digits[..6].parse().ok(),
        _ => None,
    }
}

fn names_of(props: &serde_json::Map<String, Value>) -> Vec<String> {
    NAME_FIELDS
        .iter()
        .filter_map(|k| props.get(*k).and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

/// Replaces the geometry of the divisions a GeoJSON of official boundaries supplies.
///
/// Features are matched by a division code (`adcode`, `XZQDM`, `PAC`, … — see
/// `CODE_FIELDS`; number or string of 6, 9 or 12 digits) or else by name (`name_zh`,
/// `name`, `name_en`, `XZQMC`, `名称`, … — see `NAME_FIELDS`; Chinese names with or
/// without the 区/市/县 suffix). Matched divisions take
/// the supplied geometry (re-oriented the RFC 7946 way), `precision: exact`, `source:`
/// [`OFFICIAL_SOURCE`], and a recomputed area and label point. Nothing changes unless the
/// whole input is acceptable: it must be GeoJSON with Polygon/MultiPolygon features in
/// longitude/latitude near Dalian, with valid geometries.
pub fn apply_official_boundaries(basemap: &mut Basemap, geojson_text: &str) -> Result<OfficialReport, BasemapError> {
    let gj: GeoJson = geojson_text
        .parse()
        .map_err(|e: geojson::Error| BasemapError::NotGeoJson {
            file: "the boundary file".into(),
            reason: e.to_string(),
        })?;
    let features = match gj {
        GeoJson::FeatureCollection(fc) => fc.features,
        GeoJson::Feature(f) => vec![f],
        GeoJson::Geometry(_) => return Err(BasemapError::NoPolygons),
    };
    let (bx0, by0, bx1, by1) = DATA_BOX_LON_LAT;
    let mut report = OfficialReport::default();
    let mut replacements: Vec<(usize, MultiPolygon<f64>)> = Vec::new();
    let mut any_polygon = false;
    let mut vertices = 0usize;
    for (k, f) in features.iter().enumerate() {
        let empty = serde_json::Map::new();
        let props = f.properties.as_ref().unwrap_or(&empty);
        let names = names_of(props);
        let label = match (&f.id, names.first()) {
            (_, Some(n)) => format!("#{k} “{n}”"),
            (Some(geojson::feature::Id::String(s)), None) => format!("#{k} “{s}”"),
            _ => format!("#{k}"),
        };
        let Some(geometry) = &f.geometry else { continue };
        let polys = polygons_of(&geometry.value);
        if polys.is_empty() {
            continue;
        }
        any_polygon = true;
        // Match first: a province-wide file has many features the atlas does not need,
        // and only the matched ones are checked.
        let by_adcode = adcode_of(props).and_then(|a| basemap.divisions.iter().position(|d| d.adcode == a));
        let by_name = || {
            names.iter().find_map(|n| {
                basemap.divisions.iter().position(|d| {
                    bare_name(&d.name_zh) == bare_name(n)
                        || d.name_en.eq_ignore_ascii_case(n.trim())
                        || bare_english(&d.name_en).eq_ignore_ascii_case(bare_english(n))
                })
            })
        };
        let (index, matched_by) = match by_adcode {
            Some(i) => (i, "adcode"),
            None => match by_name() {
                Some(i) => (i, "name"),
                None => {
                    report.unmatched_features.push(label);
                    continue;
                }
            },
        };
        if polys.iter().any(|p| p.exterior().0.is_empty()) {
            return Err(BasemapError::EmptyGeometry { feature: label });
        }
        let mut coords = Vec::new();
        coords_of(&geometry.value, &mut coords);
        vertices += coords.len();
        if vertices > MAX_OFFICIAL_VERTICES {
            return Err(BasemapError::TooManyVertices {
                vertices,
                max: MAX_OFFICIAL_VERTICES,
            });
        }
        if let Some(&(x, y)) = coords
            .iter()
            .find(|(x, y)| !x.is_finite() || !y.is_finite() || x.abs() > 180.0 || y.abs() > 90.0)
        {
            // 38.9, 121.6 (latitude first) puts a longitude in the second place.
            let swapped = coords
                .iter()
                .all(|(x, y)| x.abs() <= 90.0 && (bx0 - 1.0..=bx1 + 1.0).contains(y));
            return Err(if swapped {
                BasemapError::SwappedAxes {
                    feature: label,
                    first: x,
                    second: y,
                }
            } else {
                BasemapError::ProjectedCoordinates { feature: label, x, y }
            });
        }
        let mp = MultiPolygon(polys).orient(Direction::Default);
        if let Some(r) = mp.bounding_rect() {
            let (cx, cy) = ((r.min().x + r.max().x) / 2.0, (r.min().y + r.max().y) / 2.0);
            let margin = 1.0;
            if cx < bx0 - margin || cx > bx1 + margin || cy < by0 - margin || cy > by1 + margin {
                return Err(BasemapError::FarFromDalian {
                    feature: label,
                    lon: cx,
                    lat: cy,
                });
            }
        }
        if let Some(reason) = validation_reason(&mp) {
            return Err(BasemapError::InvalidGeometry { feature: label, reason });
        }
        let d = &basemap.divisions[index];
        report.matched.push(OfficialMatch {
            adcode: d.adcode,
            name_zh: d.name_zh.clone(),
            matched_by,
            feature: label,
        });
        replacements.push((index, mp));
    }
    if !any_polygon {
        return Err(BasemapError::NoPolygons);
    }
    if replacements.is_empty() {
        let mut seen: Vec<String> = report.unmatched_features.iter().take(5).cloned().collect();
        if report.unmatched_features.len() > 5 {
            seen.push(format!("… {} in all", report.unmatched_features.len()));
        }
        return Err(BasemapError::NoDivisionMatched { seen: seen.join(", ") });
    }
    for (index, mp) in replacements {
        let d = &mut basemap.divisions[index];
        d.area_km2 = area_km2(&mp);
        if let Some(l) = label_point_lon_lat(&mp) {
            d.label_lon_lat = l;
        }
        d.geometry = mp;
        d.precision = Precision::Exact;
        d.source = OFFICIAL_SOURCE.into();
        d.basis = "official boundary loaded by the user".into();
        d.coast_limited = false;
    }
    report.divisions_not_supplied = basemap
        .divisions
        .iter()
        .filter(|d| !report.matched.iter().any(|m| m.adcode == d.adcode))
        .map(|d| (d.adcode, d.name_zh.clone()))
        .collect();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survey_fields_give_the_county_code_and_name() {
        let props = |v: Value| v.as_object().cloned().unwrap_or_default();
        assert_eq!(adcode_of(&props(serde_json::json!({"XZQDM": "210213"}))), Some(210213));
        assert_eq!(
            adcode_of(&props(serde_json::json!({"xzqdm": "210213001000"}))),
            Some(210213)
        );
        assert_eq!(adcode_of(&props(serde_json::json!({"PAC": 210281}))), Some(210281));
        assert_eq!(adcode_of(&props(serde_json::json!({"adcode": "2102"}))), None);
        assert_eq!(adcode_of(&props(serde_json::json!({"adcode": "大连"}))), None);
        assert_eq!(
            names_of(&props(serde_json::json!({"XZQMC": "金州区"}))),
            vec!["金州区".to_string()]
        );
    }

    #[test]
    fn names_match_with_or_without_their_suffix() {
        assert_eq!(bare_name("旅顺口区"), "旅顺口");
        assert_eq!(bare_name("旅顺口"), "旅顺口");
        assert_eq!(bare_name(" 庄河市 "), "庄河");
        assert_eq!(bare_name("长海县"), "长海");
    }
}
