//! GeoJSON in and out: writing features (fixed key order and float formatting, so the
//! `build-maps` program's re-runs are byte-identical, and exports) and parsing the layer
//! files at start.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{FeatureCollection, GeoJson, GeometryValue};
use serde_json::{Map, Value, json};

use super::{
    Basemap, BasemapError, Division, FunctionalArea, LandPolygon, LayerAttribution, Place, PlaceKind, Precision, round7,
};

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

/// A number rounded to 2 decimals (areas in km²).
fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Feature properties in the order given.
pub fn feature_properties(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// A division as an exported or generated feature.
pub fn division_feature(d: &Division) -> FeatureOut {
    FeatureOut {
        id: d.id.clone(),
        properties: feature_properties(vec![
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

/// A functional area as an exported or generated feature.
pub fn functional_feature(f: &FunctionalArea) -> FeatureOut {
    let mut p = feature_properties(vec![
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

/// A place as an exported or generated feature.
pub fn place_feature(p: &Place) -> FeatureOut {
    FeatureOut {
        id: p.id.clone(),
        properties: feature_properties(vec![
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

/// The urban centre: 中山广场 (Zhongshan Square), read off a map to about ±200 m.
pub const URBAN_CENTRE_LON_LAT: (f64, f64) = (121.6442, 38.9217);

/// Every feature of the basemap layers (land, divisions, functional areas, places) for an
/// export, each with a `layer` property (`symbology::export::with_simplestyle` adds how
/// the atlas draws it). The context land beyond the data box (Natural Earth) is not among
/// them: it is context for the map, not data of the atlas.
pub fn basemap_features(b: &Basemap) -> Vec<FeatureOut> {
    let mut out: Vec<FeatureOut> = b
        .land
        .iter()
        .enumerate()
        .map(|(k, l)| FeatureOut {
            id: format!("land-{k}"),
            properties: feature_properties(vec![
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

// ---------------------------------------------------------------------------------------
// Reading.

/// The FeatureCollection of a layer or input file.
pub fn parse_collection(file: &str, text: &str) -> Result<FeatureCollection, BasemapError> {
    let gj: GeoJson = text.parse().map_err(|e: geojson::Error| BasemapError::NotGeoJson {
        file: file.to_string(),
        reason: e.to_string(),
    })?;
    match gj {
        GeoJson::FeatureCollection(fc) => Ok(fc),
        _ => Err(BasemapError::Layer {
            file: file.to_string(),
            reason: "expected a FeatureCollection".into(),
        }),
    }
}

fn ring_from(positions: &[geojson::Position]) -> LineString<f64> {
    LineString(
        positions
            .iter()
            .map(|p| {
                let s = p.as_slice();
                Coord {
                    x: s.first().copied().unwrap_or(f64::NAN),
                    y: s.get(1).copied().unwrap_or(f64::NAN),
                }
            })
            .collect(),
    )
}

fn polygon_from(rings: &[Vec<geojson::Position>]) -> Option<Polygon<f64>> {
    let (ext, holes) = rings.split_first()?;
    Some(Polygon::new(
        ring_from(ext),
        holes.iter().map(|h| ring_from(h)).collect(),
    ))
}

/// The polygons of a geometry value (Polygon, MultiPolygon, or inside a collection).
pub(crate) fn polygons_of(value: &GeometryValue) -> Vec<Polygon<f64>> {
    match value {
        GeometryValue::Polygon { coordinates } => polygon_from(coordinates).into_iter().collect(),
        GeometryValue::MultiPolygon { coordinates } => coordinates.iter().filter_map(|p| polygon_from(p)).collect(),
        GeometryValue::GeometryCollection { geometries } => {
            geometries.iter().flat_map(|g| polygons_of(&g.value)).collect()
        }
        _ => Vec::new(),
    }
}

/// All coordinates of a geometry value, for range checks.
pub(crate) fn coords_of(value: &GeometryValue, out: &mut Vec<(f64, f64)>) {
    let mut push = |p: &geojson::Position| {
        let s = p.as_slice();
        out.push((
            s.first().copied().unwrap_or(f64::NAN),
            s.get(1).copied().unwrap_or(f64::NAN),
        ));
    };
    match value {
        GeometryValue::Point { coordinates } => push(coordinates),
        GeometryValue::MultiPoint { coordinates } | GeometryValue::LineString { coordinates } => {
            coordinates.iter().for_each(push)
        }
        GeometryValue::MultiLineString { coordinates } | GeometryValue::Polygon { coordinates } => {
            coordinates.iter().flatten().for_each(push)
        }
        GeometryValue::MultiPolygon { coordinates } => coordinates.iter().flatten().flatten().for_each(push),
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                coords_of(&g.value, out);
            }
        }
    }
}

/// The position of a Point feature.
pub fn point_of(f: &geojson::Feature) -> Option<(f64, f64)> {
    match &f.geometry.as_ref()?.value {
        GeometryValue::Point { coordinates } => {
            let s = coordinates.as_slice();
            Some((*s.first()?, *s.get(1)?))
        }
        _ => None,
    }
}

/// Polygons of every feature of an input coastline file, in file order.
pub fn read_polygons(file: &str, text: &str) -> Result<Vec<Polygon<f64>>, BasemapError> {
    let fc = parse_collection(file, text)?;
    let out: Vec<Polygon<f64>> = fc
        .features
        .iter()
        .filter_map(|f| f.geometry.as_ref())
        .flat_map(|g| polygons_of(&g.value))
        .collect();
    if out.is_empty() {
        return Err(BasemapError::Layer {
            file: file.to_string(),
            reason: "no polygons".into(),
        });
    }
    Ok(out)
}

fn attribution_of(file: &str, fc: &FeatureCollection) -> LayerAttribution {
    let get = |k: &str| {
        fc.foreign_members
            .as_ref()
            .and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    LayerAttribution {
        file: file.to_string(),
        attribution: get("attribution"),
        license: get("license"),
    }
}

struct Props<'a> {
    file: &'a str,
    index: usize,
    f: &'a geojson::Feature,
}

impl Props<'_> {
    fn err(&self, what: String) -> BasemapError {
        BasemapError::Layer {
            file: self.file.to_string(),
            reason: format!("feature {}: {what}", self.index),
        }
    }
    fn str(&self, k: &str) -> Result<String, BasemapError> {
        self.f
            .property(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| self.err(format!("no text property “{k}”")))
    }
    fn opt_str(&self, k: &str) -> Option<String> {
        self.f.property(k).and_then(Value::as_str).map(str::to_string)
    }
    fn f64(&self, k: &str) -> Result<f64, BasemapError> {
        self.f
            .property(k)
            .and_then(Value::as_f64)
            .ok_or_else(|| self.err(format!("no number property “{k}”")))
    }
    fn precision(&self) -> Result<Precision, BasemapError> {
        let s = self.str("precision")?;
        Precision::parse(&s).ok_or_else(|| self.err(format!("unknown precision “{s}”")))
    }
    fn id(&self) -> Result<String, BasemapError> {
        match &self.f.id {
            Some(geojson::feature::Id::String(s)) => Ok(s.clone()),
            Some(geojson::feature::Id::Number(n)) => Ok(n.to_string()),
            None => Err(self.err("no id".into())),
        }
    }
    fn multipolygon(&self) -> Result<MultiPolygon<f64>, BasemapError> {
        let g = self.f.geometry.as_ref().ok_or_else(|| self.err("no geometry".into()))?;
        let polys = polygons_of(&g.value);
        if polys.is_empty() {
            return Err(self.err("no polygon geometry".into()));
        }
        Ok(MultiPolygon(polys))
    }
}

pub(crate) fn parse_land(file: &str, text: &str) -> Result<(Vec<LandPolygon>, LayerAttribution), BasemapError> {
    let fc = parse_collection(file, text)?;
    let mut out = Vec::with_capacity(fc.features.len());
    for (index, f) in fc.features.iter().enumerate() {
        let p = Props { file, index, f };
        let mut mp = p.multipolygon()?;
        if mp.0.len() != 1 {
            return Err(p.err("expected one polygon".into()));
        }
        out.push(LandPolygon {
            geometry: mp.0.remove(0),
            precision: p.precision()?,
            source: p.str("source")?,
        });
    }
    Ok((out, attribution_of(file, &fc)))
}

pub(crate) fn parse_divisions(file: &str, text: &str) -> Result<(Vec<Division>, LayerAttribution), BasemapError> {
    let fc = parse_collection(file, text)?;
    let mut out = Vec::with_capacity(fc.features.len());
    for (index, f) in fc.features.iter().enumerate() {
        let p = Props { file, index, f };
        let adcode = f
            .property("adcode")
            .and_then(Value::as_u64)
            .and_then(|a| u32::try_from(a).ok())
            .ok_or_else(|| p.err("no adcode".into()))?;
        out.push(Division {
            id: p.id()?,
            adcode,
            name_zh: p.str("name_zh")?,
            name_en: p.str("name_en")?,
            geometry: p.multipolygon()?,
            area_km2: p.f64("area_km2")?,
            area_reference_km2: p.f64("area_reference_km2")?,
            label_lon_lat: (p.f64("label_lon")?, p.f64("label_lat")?),
            precision: p.precision()?,
            source: p.str("source")?,
            basis: p.opt_str("basis").unwrap_or_default(),
            coast_limited: f.property("coast_limited").and_then(Value::as_bool).unwrap_or(false),
        });
    }
    Ok((out, attribution_of(file, &fc)))
}

pub(crate) fn parse_functional_areas(
    file: &str,
    text: &str,
) -> Result<(Vec<FunctionalArea>, LayerAttribution), BasemapError> {
    let fc = parse_collection(file, text)?;
    let mut out = Vec::with_capacity(fc.features.len());
    for (index, f) in fc.features.iter().enumerate() {
        let p = Props { file, index, f };
        out.push(FunctionalArea {
            id: p.id()?,
            name_zh: p.str("name_zh")?,
            name_en: p.str("name_en")?,
            geometry: p.multipolygon()?,
            area_km2: p.f64("area_km2")?,
            area_reference_km2: f.property("area_reference_km2").and_then(Value::as_f64),
            label_lon_lat: (p.f64("label_lon")?, p.f64("label_lat")?),
            precision: p.precision()?,
            source: p.str("source")?,
            basis: p.str("basis")?,
        });
    }
    Ok((out, attribution_of(file, &fc)))
}

pub(crate) fn parse_places(file: &str, text: &str) -> Result<(Vec<Place>, LayerAttribution), BasemapError> {
    let fc = parse_collection(file, text)?;
    let mut out = Vec::with_capacity(fc.features.len());
    for (index, f) in fc.features.iter().enumerate() {
        let p = Props { file, index, f };
        let kind_s = p.str("kind")?;
        let kind = PlaceKind::parse(&kind_s).ok_or_else(|| p.err(format!("unknown kind “{kind_s}”")))?;
        out.push(Place {
            id: p.id()?,
            kind,
            name_zh: p.opt_str("name_zh"),
            name_en: p.str("name_en")?,
            population: f.property("population").and_then(Value::as_u64),
            lon_lat: point_of(f).ok_or_else(|| p.err("no Point geometry".into()))?,
            precision: p.precision()?,
            source: p.str("source")?,
        });
    }
    Ok((out, attribution_of(file, &fc)))
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
}
