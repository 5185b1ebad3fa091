//! Geometries from their `coordinates`: nesting depth, ring and line checks.

use std::fmt;

use geo::{Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};

use super::parse::{Ctx, Seg};
use crate::model::user_layer::GEOMETRY_TYPES;

/// `coordinates` as read, before the geometry's type says what they must be.
#[derive(Debug)]
pub(super) enum Coords {
    /// `[]`, whose depth is unknown.
    Empty,
    /// One position.
    Pos(Coord<f64>),
    /// An array of positions.
    Line(Vec<Coord<f64>>),
    /// An array of arrays (of arrays …) of positions.
    Nested(Vec<Coords>),
}

impl Coords {
    fn describe(&self) -> &'static str {
        match self {
            Coords::Empty => "an empty array",
            Coords::Pos(_) => "a single position",
            Coords::Line(_) => "an array of positions",
            Coords::Nested(_) => "arrays nested too deep",
        }
    }
}

/// An error found while assembling a geometry: its path inside the geometry
/// (innermost first) and the reason.
pub(super) struct BuildError {
    pub(super) segs: Vec<Seg>,
    pub(super) reason: String,
}

impl BuildError {
    fn new(reason: String, segs: Vec<Seg>) -> BuildError {
        BuildError { segs, reason }
    }
}

impl Ctx<'_> {
    /// The geometry of GeoJSON type `kind` from its members, or an error whose path is
    /// recorded.
    pub(super) fn build<E: de::Error>(
        &self,
        kind: &str,
        coords: Option<Coords>,
        geometries: Option<Vec<Geometry<f64>>>,
    ) -> Result<Geometry<f64>, E> {
        build_geometry(kind, coords, geometries).map_err(|b| {
            self.path.borrow_mut().extend(b.segs);
            E::custom(b.reason)
        })
    }
}

pub(super) fn build_geometry(
    kind: &str,
    coords: Option<Coords>,
    geometries: Option<Vec<Geometry<f64>>>,
) -> Result<Geometry<f64>, BuildError> {
    if kind == "GeometryCollection" {
        let g = geometries
            .ok_or_else(|| BuildError::new("the GeometryCollection has no “geometries” array".into(), vec![]))?;
        return Ok(Geometry::GeometryCollection(GeometryCollection(g)));
    }
    if !GEOMETRY_TYPES.contains(&kind) {
        return Err(BuildError::new(
            format!(
                "unknown geometry type “{kind}” (GeoJSON has Point, MultiPoint, LineString, MultiLineString, \
                 Polygon, MultiPolygon and GeometryCollection)"
            ),
            vec![Seg::Key("type")],
        ));
    }
    let coords = coords.ok_or_else(|| BuildError::new(format!("the {kind} has no “coordinates” member"), vec![]))?;
    let at = |segs: &[Seg]| {
        let mut v = segs.to_vec();
        v.push(Seg::Key("coordinates"));
        v
    };
    let wrong = |expected: &str, found: &Coords| {
        BuildError::new(
            format!(
                "a {kind}'s coordinates are {expected}, but these are {}",
                found.describe()
            ),
            at(&[]),
        )
    };
    Ok(match (kind, coords) {
        ("Point", Coords::Pos(c)) => Geometry::Point(Point(c)),
        ("Point", other) => return Err(wrong("one position [longitude, latitude]", &other)),
        ("MultiPoint", Coords::Empty) => Geometry::MultiPoint(MultiPoint(vec![])),
        ("MultiPoint", Coords::Line(v)) => Geometry::MultiPoint(MultiPoint(v.into_iter().map(Point).collect())),
        ("MultiPoint", other) => return Err(wrong("an array of positions", &other)),
        ("LineString", Coords::Empty) => Geometry::LineString(LineString(vec![])),
        ("LineString", Coords::Line(v)) => Geometry::LineString(line(v).map_err(|r| BuildError::new(r, at(&[])))?),
        ("LineString", other) => return Err(wrong("an array of positions", &other)),
        ("MultiLineString", Coords::Empty) => Geometry::MultiLineString(MultiLineString(vec![])),
        ("MultiLineString", Coords::Nested(items)) => {
            let mut lines = Vec::with_capacity(items.len());
            for (k, item) in items.into_iter().enumerate() {
                lines.push(match item {
                    Coords::Empty => LineString(vec![]),
                    Coords::Line(v) => line(v).map_err(|r| BuildError::new(r, at(&[Seg::Index(k)])))?,
                    other => {
                        return Err(BuildError::new(
                            format!(
                                "each line of a MultiLineString is an array of positions, not {}",
                                other.describe()
                            ),
                            at(&[Seg::Index(k)]),
                        ));
                    }
                });
            }
            Geometry::MultiLineString(MultiLineString(lines))
        }
        ("MultiLineString", other) => return Err(wrong("an array of lines (arrays of positions)", &other)),
        ("Polygon", Coords::Empty) => Geometry::Polygon(Polygon::new(LineString(vec![]), vec![])),
        ("Polygon", Coords::Nested(rings)) => Geometry::Polygon(polygon(rings, &[])?),
        ("Polygon", other) => return Err(wrong("an array of rings (arrays of positions)", &other)),
        ("MultiPolygon", Coords::Empty) => Geometry::MultiPolygon(MultiPolygon(vec![])),
        ("MultiPolygon", Coords::Nested(items)) => {
            let mut polygons = Vec::with_capacity(items.len());
            for (k, item) in items.into_iter().enumerate() {
                polygons.push(match item {
                    Coords::Empty => Polygon::new(LineString(vec![]), vec![]),
                    Coords::Nested(rings) => polygon(rings, &[Seg::Index(k)])?,
                    other => {
                        return Err(BuildError::new(
                            format!(
                                "each polygon of a MultiPolygon is an array of rings (arrays of positions), not {}",
                                other.describe()
                            ),
                            at(&[Seg::Index(k)]),
                        ));
                    }
                });
            }
            Geometry::MultiPolygon(MultiPolygon(polygons))
        }
        ("MultiPolygon", other) => return Err(wrong("an array of polygons (arrays of rings)", &other)),
        (_, other) => return Err(wrong("of another shape", &other)),
    })
}

/// A LineString: two or more positions (RFC 7946 §3.1.4).
pub(super) fn line(v: Vec<Coord<f64>>) -> Result<LineString<f64>, String> {
    if v.len() < 2 {
        return Err(format!("a line needs two or more positions, this one has {}", v.len()));
    }
    Ok(LineString(v))
}

/// A polygon from its rings; `outer` is the path of the polygon inside `coordinates`
/// (innermost first).
pub(super) fn polygon(rings: Vec<Coords>, outer: &[Seg]) -> Result<Polygon<f64>, BuildError> {
    let mut out: Vec<LineString<f64>> = Vec::with_capacity(rings.len());
    for (r, ring) in rings.into_iter().enumerate() {
        let segs = || {
            let mut v = vec![Seg::Index(r)];
            v.extend_from_slice(outer);
            v.push(Seg::Key("coordinates"));
            v
        };
        let which = if r == 0 {
            "the outer ring".to_string()
        } else {
            format!("hole {r}")
        };
        let v = match ring {
            Coords::Line(v) => v,
            Coords::Empty => Vec::new(),
            other => {
                return Err(BuildError::new(
                    format!(
                        "{which} of the polygon must be an array of positions, not {}",
                        other.describe()
                    ),
                    segs(),
                ));
            }
        };
        if v.len() < 4 {
            return Err(BuildError::new(
                format!(
                    "{which} of the polygon has {} position(s); a ring needs at least 4 (a closed triangle: \
                     the last position repeats the first)",
                    v.len()
                ),
                segs(),
            ));
        }
        if let (Some(first), Some(last)) = (v.first(), v.last())
            && first != last
        {
            return Err(BuildError::new(
                format!(
                    "{which} of the polygon is not closed: it starts at [{}, {}] and ends at [{}, {}]; the last \
                     position must repeat the first",
                    first.x, first.y, last.x, last.y
                ),
                segs(),
            ));
        }
        out.push(LineString(v));
    }
    let mut rings = out.into_iter();
    let exterior = rings.next().unwrap_or_else(|| LineString(vec![]));
    Ok(Polygon::new(exterior, rings.collect()))
}

/// `coordinates`: an array, nested to any depth, of positions.
pub(super) struct CoordsSeed<'c, 'a> {
    pub(super) ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for CoordsSeed<'_, '_> {
    type Value = Coords;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Coords, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for CoordsSeed<'_, '_> {
    type Value = Coords;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of coordinates")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Coords, A::Error> {
        coords_seq(self.ctx, seq)
    }
}

/// The first element of a coordinates array: a number (then the array is a position)
/// or an array.
enum Elem {
    Num(f64),
    Coords(Coords),
}

struct ElemSeed<'c, 'a> {
    pub(super) ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for ElemSeed<'_, '_> {
    type Value = Elem;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Elem, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElemSeed<'_, '_> {
    type Value = Elem;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or an array of coordinates")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Elem, E> {
        Ok(Elem::Num(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Elem, E> {
        Ok(Elem::Num(v as f64))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Elem, E> {
        Ok(Elem::Num(v as f64))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Elem, A::Error> {
        coords_seq(self.ctx, seq).map(Elem::Coords)
    }
}

/// Reads a coordinates array whose shape its first element decides.
fn coords_seq<'de, A: SeqAccess<'de>>(ctx: &Ctx<'_>, mut seq: A) -> Result<Coords, A::Error> {
    match ctx.trace(Seg::Index(0), seq.next_element_seed(ElemSeed { ctx }))? {
        None => Ok(Coords::Empty),
        Some(Elem::Num(lon)) => position_rest(ctx, lon, seq).map(Coords::Pos),
        Some(Elem::Coords(Coords::Pos(first))) => {
            // Positions hold no arrays of positions, so the scratch is not in use here.
            let mut v = ctx.scratch.take();
            v.clear();
            v.push(first);
            while let Some(c) = ctx.trace(Seg::Index(v.len()), seq.next_element_seed(PosSeed { ctx }))? {
                v.push(c);
            }
            let line = v.to_vec();
            ctx.scratch.replace(v);
            Ok(Coords::Line(line))
        }
        Some(Elem::Coords(first)) => {
            let mut v = vec![first];
            while let Some(c) = ctx.trace(Seg::Index(v.len()), seq.next_element_seed(CoordsSeed { ctx }))? {
                v.push(c);
            }
            Ok(Coords::Nested(v))
        }
    }
}

/// The rest of a position after its longitude: latitude, then optional numbers dropped.
fn position_rest<'de, A: SeqAccess<'de>>(ctx: &Ctx<'_>, lon: f64, mut seq: A) -> Result<Coord<f64>, A::Error> {
    let Some(lat) = ctx.trace(Seg::Index(1), seq.next_element_seed(NumSeed))? else {
        return Err(de::Error::custom(
            "a position needs two numbers, longitude and latitude, but has only one",
        ));
    };
    let mut k = 2;
    while ctx.trace(Seg::Index(k), seq.next_element_seed(NumSeed))?.is_some() {
        k += 1;
    }
    ctx.lon_lat(lon, lat)
}

/// One position `[lon, lat, …]` where the array's shape is known.
struct PosSeed<'c, 'a> {
    pub(super) ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for PosSeed<'_, '_> {
    type Value = Coord<f64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Coord<f64>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PosSeed<'_, '_> {
    type Value = Coord<f64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a position (an array of two numbers, longitude and latitude)")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coord<f64>, A::Error> {
        let Some(lon) = self.ctx.trace(Seg::Index(0), seq.next_element_seed(NumSeed))? else {
            return Err(de::Error::custom(
                "a position needs two numbers, longitude and latitude, but is empty",
            ));
        };
        position_rest(self.ctx, lon, seq)
    }
}

/// A number (longitude, latitude or altitude).
struct NumSeed;

impl<'de> DeserializeSeed<'de> for NumSeed {
    type Value = f64;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<f64, D::Error> {
        d.deserialize_f64(self)
    }
}

impl<'de> Visitor<'de> for NumSeed {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
}
