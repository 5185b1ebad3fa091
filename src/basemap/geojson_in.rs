//! Parsing the layer files at start, and the GeoJSON inputs of the generator and of
//! official boundaries.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{FeatureCollection, GeoJson, GeometryValue};
use serde_json::Value;

use super::{BasemapError, Division, FunctionalArea, LandPolygon, LayerAttribution, Place, PlaceKind, Precision};

pub(crate) fn parse_collection(file: &str, text: &str) -> Result<FeatureCollection, BasemapError> {
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

pub(super) fn point_of(f: &geojson::Feature) -> Option<(f64, f64)> {
    match &f.geometry.as_ref()?.value {
        GeometryValue::Point { coordinates } => {
            let s = coordinates.as_slice();
            Some((*s.first()?, *s.get(1)?))
        }
        _ => None,
    }
}

/// Polygons of every feature of an input coastline file, in file order.
pub(crate) fn read_polygons(file: &str, text: &str) -> Result<Vec<Polygon<f64>>, BasemapError> {
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
