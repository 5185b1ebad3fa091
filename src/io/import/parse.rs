//! The serde seed parser: serde_json straight into geo types, with the parse state
//! (progress, cancel, error path) shared by the visitors.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;

use geo::{Coord, Geometry, GeometryCollection};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::crs::{range_reason, unsupported_crs};
use super::geometry::{Coords, CoordsSeed};

use crate::coords::gcj02_to_wgs84;
use crate::model::user_layer::GEOMETRY_TYPES;
use crate::model::{Properties, UserFeature};
/// One step of the path to an error, recorded while the error travels up.
#[derive(Clone, Copy, Debug)]
pub(super) enum Seg {
    Key(&'static str),
    Index(usize),
    Feature(usize),
}

/// Why the parse stopped, when it is not the JSON's fault.
pub(super) enum Failure {
    Crs(String),
    Cancelled,
}

pub(super) struct Ctx<'a> {
    /// Address and length of the text, to turn borrowed keys into byte offsets.
    base: usize,
    pub(super) len: usize,
    gcj02: bool,
    pub(super) progress: &'a dyn Fn(f32) -> bool,
    pub(super) span: (f32, f32),
    /// Byte offset of the last key seen, and where to report progress next.
    pos: Cell<usize>,
    next_report: Cell<usize>,
    /// Path to the error, innermost first (filled only on error).
    pub(super) path: RefCell<Vec<Seg>>,
    pub(super) failure: RefCell<Option<Failure>>,
    /// A collection with more features than this is refused.
    max_features: usize,
    /// How many `features` arrays were read as the features of a collection (the
    /// parallel reader needs exactly one).
    pub(super) features_arrays: Cell<usize>,
    /// Positions of the line being read, reused from line to line (each line is then
    /// allocated once, at its size).
    pub(super) scratch: RefCell<Vec<Coord<f64>>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(text: &str, gcj02: bool, progress: &'a dyn Fn(f32) -> bool, span: (f32, f32)) -> Ctx<'a> {
        Ctx {
            base: text.as_ptr() as usize,
            len: text.len(),
            gcj02,
            progress,
            span,
            pos: Cell::new(0),
            next_report: Cell::new(text.len() / 200),
            path: RefCell::new(Vec::new()),
            failure: RefCell::new(None),
            max_features: usize::MAX,
            features_arrays: Cell::new(0),
            scratch: RefCell::new(Vec::new()),
        }
    }

    /// Refuses collections of more than `n` features.
    pub(super) fn with_max_features(mut self, n: usize) -> Ctx<'a> {
        self.max_features = n;
        self
    }

    /// Adds `seg` to the error path if `r` is an error.
    pub(super) fn trace<T, E>(&self, seg: Seg, r: Result<T, E>) -> Result<T, E> {
        if r.is_err() {
            self.path.borrow_mut().push(seg);
        }
        r
    }

    /// Notes where a string borrowed from the text lies (for progress).
    fn seen(&self, s: &str) {
        let offset = (s.as_ptr() as usize).wrapping_sub(self.base);
        if offset <= self.len {
            self.pos.set(offset);
        }
    }

    /// Reports progress if it moved enough since the last report; errors on cancel.
    fn tick<E: de::Error>(&self) -> Result<(), E> {
        let pos = self.pos.get();
        if pos < self.next_report.get() {
            return Ok(());
        }
        self.next_report.set(pos + self.len / 200 + 1);
        let (from, to) = self.span;
        if (self.progress)(from + (to - from) * (pos as f32 / self.len.max(1) as f32)) {
            Ok(())
        } else {
            *self.failure.borrow_mut() = Some(Failure::Cancelled);
            Err(E::custom("cancelled"))
        }
    }

    /// A position as read: range-checked, then converted from GCJ-02 if asked.
    pub(super) fn lon_lat<E: de::Error>(&self, lon: f64, lat: f64) -> Result<Coord<f64>, E> {
        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            return Err(E::custom(range_reason(lon, lat)));
        }
        let [x, y] = if self.gcj02 {
            gcj02_to_wgs84([lon, lat])
        } else {
            [lon, lat]
        };
        Ok(Coord { x, y })
    }

    /// Refuses a `crs` member that does not name WGS-84 longitude/latitude.
    fn check_crs<E: de::Error>(&self, crs: &Value) -> Result<(), E> {
        match unsupported_crs(crs) {
            None => Ok(()),
            Some(name) => {
                *self.failure.borrow_mut() = Some(Failure::Crs(name));
                Err(E::custom("unsupported crs"))
            }
        }
    }
}

/// What the top-level object turned out to be.
pub(super) struct Doc {
    /// The object is a FeatureCollection (not a Feature or a geometry).
    pub(super) collection: bool,
    pub(super) features: Vec<UserFeature>,
    pub(super) foreign: Map<String, Value>,
}

/// A string, borrowed from the text when it can be (its offset then feeds progress).
struct StrSeed<'c, 'a> {
    pub(super) ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for StrSeed<'_, '_> {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for StrSeed<'_, '_> {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        self.ctx.seen(s);
        Ok(Cow::Borrowed(s))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_string()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

/// The top-level object: FeatureCollection, Feature or geometry.
pub(super) struct DocSeed<'c, 'a> {
    pub(super) ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for DocSeed<'_, '_> {
    type Value = Doc;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Doc, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_, '_> {
    type Value = Doc;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON object (FeatureCollection, Feature or geometry)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
        let ctx = self.ctx;
        let mut kind: Option<String> = None;
        let mut features: Option<Vec<UserFeature>> = None;
        let mut geometry: Option<Option<Geometry<f64>>> = None;
        let mut properties: Option<Value> = None;
        let mut id: Option<Value> = None;
        let mut coords: Option<Coords> = None;
        let mut geometries: Option<Vec<Geometry<f64>>> = None;
        let mut foreign = Map::new();
        while let Some(key) = map.next_key_seed(StrSeed { ctx })? {
            // A member means what it means for the type when the type is known already
            // (else what it means for the only type that has it); otherwise it is foreign.
            let means = |for_type: &dyn Fn(&str) -> bool| kind.as_deref().is_none_or(for_type);
            match &*key {
                "type" => kind = Some(ctx.trace(Seg::Key("type"), map.next_value::<String>())?),
                "crs" => {
                    let crs = ctx.trace(Seg::Key("crs"), map.next_value::<Value>())?;
                    ctx.check_crs(&crs)?;
                }
                "bbox" => {
                    ctx.trace(Seg::Key("bbox"), map.next_value::<IgnoredAny>())?;
                }
                "features" if means(&|t| t == "FeatureCollection") => {
                    features = Some(ctx.trace(Seg::Key("features"), map.next_value_seed(FeaturesSeed { ctx }))?);
                }
                "geometry" if means(&|t| t == "Feature") => {
                    geometry = Some(ctx.trace(Seg::Key("geometry"), map.next_value_seed(OptGeometrySeed { ctx }))?);
                }
                "properties" if means(&|t| t == "Feature") => {
                    properties = Some(ctx.trace(Seg::Key("properties"), map.next_value::<Value>())?);
                }
                "id" if means(&|t| t == "Feature") => {
                    id = Some(ctx.trace(Seg::Key("id"), map.next_value::<Value>())?);
                }
                "coordinates" if means(&|t| GEOMETRY_TYPES.contains(&t) && t != "GeometryCollection") => {
                    coords = Some(ctx.trace(Seg::Key("coordinates"), map.next_value_seed(CoordsSeed { ctx }))?);
                }
                "geometries" if means(&|t| t == "GeometryCollection") => {
                    geometries = Some(ctx.trace(Seg::Key("geometries"), map.next_value_seed(GeometriesSeed { ctx }))?);
                }
                other => {
                    let value = map.next_value::<Value>()?;
                    foreign.insert(other.to_string(), value);
                }
            }
        }
        let Some(kind) = kind else {
            return Err(de::Error::custom(
                "the top-level object has no “type” member, so it is not GeoJSON \
                 (expected a FeatureCollection, a Feature or a geometry)",
            ));
        };
        match kind.as_str() {
            "FeatureCollection" => {
                let features =
                    features.ok_or_else(|| de::Error::custom("the FeatureCollection has no “features” array"))?;
                // Members of a Feature read before `type` said otherwise are foreign here.
                if let Some(p) = properties {
                    foreign.insert("properties".into(), p);
                }
                if let Some(i) = id {
                    foreign.insert("id".into(), i);
                }
                Ok(Doc {
                    collection: true,
                    features,
                    foreign,
                })
            }
            "Feature" => {
                let properties = match properties {
                    None | Some(Value::Null) => Map::new(),
                    Some(Value::Object(m)) => m,
                    Some(other) => {
                        ctx.path.borrow_mut().push(Seg::Key("properties"));
                        return Err(de::Error::custom(format!(
                            "“properties” must be an object or null, not {}",
                            json_kind(&other)
                        )));
                    }
                };
                let id = match id {
                    None => None,
                    Some(v) => ctx.trace(Seg::Key("id"), feature_id(v))?,
                };
                Ok(Doc {
                    collection: false,
                    features: vec![UserFeature {
                        id,
                        geometry: geometry.flatten().unwrap_or_else(no_geometry),
                        properties: properties.into(),
                    }],
                    foreign: Map::new(),
                })
            }
            t if GEOMETRY_TYPES.contains(&t) => {
                let geometry = ctx.build(t, coords, geometries)?;
                Ok(Doc {
                    collection: false,
                    features: vec![UserFeature {
                        id: None,
                        geometry,
                        properties: Properties::new(),
                    }],
                    foreign: Map::new(),
                })
            }
            other => {
                ctx.path.borrow_mut().push(Seg::Key("type"));
                Err(de::Error::custom(format!(
                    "unknown GeoJSON type “{other}” (expected FeatureCollection, Feature or a geometry type)"
                )))
            }
        }
    }
}

/// A feature without geometry: an empty collection (see the module docs).
pub(super) fn no_geometry() -> Geometry<f64> {
    Geometry::GeometryCollection(GeometryCollection::default())
}

/// What kind of JSON value this is, for messages.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A feature `id`: a string or a number; `null` means none.
pub(super) fn feature_id<E: de::Error>(v: Value) -> Result<Option<Value>, E> {
    match v {
        Value::Null => Ok(None),
        Value::String(_) | Value::Number(_) => Ok(Some(v)),
        other => Err(E::custom(format!(
            "a feature “id” is a string or a number, not {}",
            json_kind(&other)
        ))),
    }
}

/// The `features` array of a collection.
struct FeaturesSeed<'c, 'a> {
    pub(super) ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_, '_> {
    type Value = Vec<UserFeature>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_, '_> {
    type Value = Vec<UserFeature>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let ctx = self.ctx;
        ctx.features_arrays.set(ctx.features_arrays.get() + 1);
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(ctx.max_features));
        while let Some(f) = ctx.trace(Seg::Feature(out.len()), seq.next_element_seed(FeatureSeed { ctx }))? {
            if out.len() >= ctx.max_features {
                return Err(de::Error::custom(format!(
                    "more than {} features, the import limit for one layer: split or simplify the file first \
                     (e.g. with ogr2ogr -where or -spat)",
                    ctx.max_features
                )));
            }
            out.push(f);
            ctx.tick()?;
        }
        Ok(out)
    }
}

/// One feature of a collection.
pub(super) struct FeatureSeed<'c, 'a> {
    pub(super) ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_, '_> {
    type Value = UserFeature;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FeatureSeed<'_, '_> {
    type Value = UserFeature;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON Feature object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ctx = self.ctx;
        let mut is_feature = false;
        let mut geometry = None;
        let mut properties = None;
        let mut id = None;
        while let Some(key) = map.next_key_seed(StrSeed { ctx })? {
            match &*key {
                "type" => {
                    let t = ctx.trace(Seg::Key("type"), map.next_value_seed(StrSeed { ctx }))?;
                    if t != "Feature" {
                        ctx.path.borrow_mut().push(Seg::Key("type"));
                        return Err(de::Error::custom(format!(
                            "the features of a FeatureCollection must have “type”: “Feature”, not “{t}”"
                        )));
                    }
                    is_feature = true;
                }
                "geometry" => {
                    geometry = ctx.trace(Seg::Key("geometry"), map.next_value_seed(OptGeometrySeed { ctx }))?;
                }
                "properties" => {
                    properties = ctx.trace(Seg::Key("properties"), map.next_value::<Option<Properties>>())?;
                }
                "id" => {
                    let v = ctx.trace(Seg::Key("id"), map.next_value::<Value>())?;
                    id = ctx.trace(Seg::Key("id"), feature_id(v))?;
                }
                "crs" => {
                    let crs = ctx.trace(Seg::Key("crs"), map.next_value::<Value>())?;
                    ctx.check_crs(&crs)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !is_feature {
            return Err(de::Error::custom("the feature has no “type”: “Feature” member"));
        }
        Ok(UserFeature {
            id,
            geometry: geometry.unwrap_or_else(no_geometry),
            properties: properties.unwrap_or_default(),
        })
    }
}

/// A geometry or `null`.
struct OptGeometrySeed<'c, 'a> {
    pub(super) ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for OptGeometrySeed<'_, '_> {
    type Value = Option<Geometry<f64>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptGeometrySeed<'_, '_> {
    type Value = Option<Geometry<f64>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry object or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        GeometrySeed { ctx: self.ctx }.deserialize(d).map(Some)
    }
}

/// A geometry object.
struct GeometrySeed<'c, 'a> {
    pub(super) ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for GeometrySeed<'_, '_> {
    type Value = Geometry<f64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for GeometrySeed<'_, '_> {
    type Value = Geometry<f64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ctx = self.ctx;
        let mut kind: Option<Cow<'de, str>> = None;
        let mut coords = None;
        let mut geometries = None;
        while let Some(key) = map.next_key_seed(StrSeed { ctx })? {
            match &*key {
                "type" => kind = Some(ctx.trace(Seg::Key("type"), map.next_value_seed(StrSeed { ctx }))?),
                "coordinates" => {
                    coords = Some(ctx.trace(Seg::Key("coordinates"), map.next_value_seed(CoordsSeed { ctx }))?);
                }
                "geometries" => {
                    geometries = Some(ctx.trace(Seg::Key("geometries"), map.next_value_seed(GeometriesSeed { ctx }))?);
                }
                "crs" => {
                    let crs = ctx.trace(Seg::Key("crs"), map.next_value::<Value>())?;
                    ctx.check_crs(&crs)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::custom("the geometry has no “type” member"))?;
        ctx.build(&kind, coords, geometries)
    }
}

/// The `geometries` of a GeometryCollection.
struct GeometriesSeed<'c, 'a> {
    pub(super) ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for GeometriesSeed<'_, '_> {
    type Value = Vec<Geometry<f64>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for GeometriesSeed<'_, '_> {
    type Value = Vec<Geometry<f64>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of geometry objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let ctx = self.ctx;
        let mut out = Vec::new();
        while let Some(g) = ctx.trace(Seg::Index(out.len()), seq.next_element_seed(GeometrySeed { ctx }))? {
            out.push(g);
        }
        Ok(out)
    }
}
