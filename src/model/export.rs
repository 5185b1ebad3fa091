//! RFC 7946 GeoJSON export of annotations, user layers and any already-built features, and
//! the inverse for annotations ([`annotations_from_geojson`]). No UI code.
//!
//! What an export is:
//!
//! - a FeatureCollection with a `name` member (GDAL's layer name) and `bbox`, and no
//!   `crs` member: coordinates are WGS-84 longitude/latitude;
//! - every coordinate with at most 7 decimals (about 1 cm), polygon rings closed, exterior
//!   rings counter-clockwise and holes clockwise (the right-hand rule);
//! - a `bbox` on every feature that has a geometry;
//! - one feature per line, so that files diff well.
//!
//! An annotation becomes a feature with its numeric `id` and these properties:
//!
//! | property | meaning |
//! |---|---|
//! | `atlas:kind` | `point`, `line`, `polygon` or `text` (a text label is a Point) |
//! | `title`, `description` | simplestyle 1.1; left out when empty; a text label's text is its `title` |
//! | `atlas:show_title` | `false` when the title is not drawn on the map; left out when it is (the default) |
//! | `marker-color`, `marker-size`, `marker-symbol` | simplestyle 1.1, on points and text labels (`marker-symbol` left out when empty) |
//! | `stroke`, `stroke-width`, `stroke-opacity` | simplestyle 1.1, on lines and polygons |
//! | `fill`, `fill-opacity` | simplestyle 1.1, on polygons |
//! | `plan:refs` | the linked plan element IDs, e.g. `["ch2.s4", "box3"]` |
//! | `plan:refs_text` | the same IDs with their titles, e.g. `"ch2.s4 第四节 整体布局"`, for readers without the atlas |
//! | `atlas:features` | the linked catalogue feature IDs |
//!
//! A style property that does not apply to the kind is written only when it differs from
//! the default, so nothing of the style is lost. Properties the atlas does not interpret
//! (an imported feature's `extra`) are written too; keys of the table above in `extra`
//! are not (the annotation's fields decide them).
//!
//! simplestyle values are written and read back by the one rule of
//! [`super::simplestyle`] (numbers as JSON numbers; on reading, numbers written as text
//! count too).

use serde_json::{Map, Value};

use super::Properties;
use super::annotation::{Annotation, AnnotationError, AnnotationKind, Link};
use super::simplestyle::{self, Groups, SIMPLESTYLE_KEYS};
use super::user_layer::UserLayer;
use crate::basemap::{FeatureGeometry, FeatureOut, round7};

/// Why GeoJSON could not be read as annotations, or an export not written. Nothing is
/// returned in part.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{file} is not valid JSON (line {line}, column {column}): {reason}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{file} is not GeoJSON that annotations can come from: {reason}")]
    NotAnnotations { file: String, reason: String },
    #[error("{file}: feature {index}: {reason}")]
    Feature { file: String, index: usize, reason: String },
    #[error("cannot write {file}: {reason}")]
    Write { file: String, reason: String },
}

/// A feature ready to be written: what [`collection_text`] takes, so that annotations,
/// user layers, catalogue and basemap features can go into one file (e.g. "the visible
/// layers" or "the selection").
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ExportFeature {
    /// The GeoJSON `id`: written when it is a string or a number.
    pub id: Option<Value>,
    pub properties: Properties,
    /// WGS-84 lon/lat; `None` writes `"geometry": null`. `Line`, `Rect` and `Triangle`
    /// are written as LineString and Polygon.
    pub geometry: Option<geo::Geometry<f64>>,
}

/// A named group of features: one table of a GeoPackage, one Folder of a KML.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ExportLayer {
    pub name: String,
    pub features: Vec<ExportFeature>,
}

impl From<FeatureOut> for ExportFeature {
    /// A basemap or catalogue feature (`basemap::basemap_features`,
    /// `catalogue::export_features`).
    fn from(f: FeatureOut) -> Self {
        let geometry = f.geometry.map(|g| match g {
            FeatureGeometry::Point((x, y)) => geo::Geometry::Point(geo::Point::new(x, y)),
            FeatureGeometry::LineString(ls) => geo::Geometry::LineString(ls),
            FeatureGeometry::Polygon(p) => geo::Geometry::Polygon(p),
            FeatureGeometry::MultiPolygon(mp) => geo::Geometry::MultiPolygon(mp),
        });
        ExportFeature {
            id: Some(Value::String(f.id)),
            properties: f.properties.into(),
            geometry,
        }
    }
}

/// A title lookup for `plan:refs_text`: the plan element's title (e.g. `第四节 整体布局`
/// for `ch2.s4`), or `None` when unknown. The app passes `&|id| plan.title_of(id)`.
pub type TitleLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

// ---------------------------------------------------------------------------------------
// Writing.

/// How coordinates are written.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Coords {
    /// RFC 7946 export: 7 decimals, right-hand rule.
    Export,
    /// Exactly as stored (shortest round-trip form, rings as they are): for project files,
    /// so that a saved user layer reads back equal.
    Exact,
}

/// A number with at most 7 decimals and no trailing zeros; `null` if not finite.
fn num7(v: f64) -> String {
    if !v.is_finite() {
        return "null".to_string();
    }
    let s = format!("{:.7}", round7(v));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_string() } else { s.to_string() }
}

fn num_exact(v: f64) -> String {
    // serde_json writes the shortest text that reads back as the same f64, and `null`
    // for NaN and infinities.
    Value::from(v).to_string()
}

struct Writer {
    out: String,
    mode: Coords,
    bbox: Option<[f64; 4]>,
}

impl Writer {
    fn position(&mut self, c: geo::Coord<f64>) {
        let (x, y) = match self.mode {
            Coords::Export => (round7(c.x), round7(c.y)),
            Coords::Exact => (c.x, c.y),
        };
        if x.is_finite() && y.is_finite() {
            let b = self.bbox.get_or_insert([x, y, x, y]);
            *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
        }
        let f = if self.mode == Coords::Export { num7 } else { num_exact };
        self.out.push('[');
        self.out.push_str(&f(x));
        self.out.push(',');
        self.out.push_str(&f(y));
        self.out.push(']');
    }

    fn positions(&mut self, cs: impl Iterator<Item = geo::Coord<f64>>) {
        self.out.push('[');
        for (k, c) in cs.enumerate() {
            if k > 0 {
                self.out.push(',');
            }
            self.position(c);
        }
        self.out.push(']');
    }

    /// A ring, closed, and in export mode oriented counter-clockwise (`ccw`) or clockwise.
    fn ring(&mut self, ring: &geo::LineString<f64>, ccw: bool) {
        let mut cs: Vec<geo::Coord<f64>> = ring.0.clone();
        if self.mode == Coords::Export {
            if cs.len() > 1 && cs.first() != cs.last() {
                cs.push(cs[0]);
            }
            let area2: f64 = cs.windows(2).map(|w| w[0].x * w[1].y - w[1].x * w[0].y).sum();
            if (ccw && area2 < 0.0) || (!ccw && area2 > 0.0) {
                cs.reverse();
            }
        }
        self.positions(cs.into_iter());
    }

    fn polygon(&mut self, p: &geo::Polygon<f64>) {
        self.out.push('[');
        self.ring(p.exterior(), true);
        for h in p.interiors() {
            self.out.push(',');
            self.ring(h, false);
        }
        self.out.push(']');
    }

    fn geometry(&mut self, g: &geo::Geometry<f64>) {
        use geo::Geometry as G;
        let head = |w: &mut Writer, t: &str| {
            w.out.push_str("{\"type\":\"");
            w.out.push_str(t);
            w.out.push_str("\",\"coordinates\":");
        };
        match g {
            G::Point(p) => {
                head(self, "Point");
                self.position(p.0);
            }
            G::Line(l) => {
                head(self, "LineString");
                self.positions([l.start, l.end].into_iter());
            }
            G::LineString(ls) => {
                head(self, "LineString");
                self.positions(ls.0.iter().copied());
            }
            G::Polygon(p) => {
                head(self, "Polygon");
                self.polygon(p);
            }
            G::MultiPoint(mp) => {
                head(self, "MultiPoint");
                self.positions(mp.0.iter().map(|p| p.0));
            }
            G::MultiLineString(ml) => {
                head(self, "MultiLineString");
                self.out.push('[');
                for (k, ls) in ml.0.iter().enumerate() {
                    if k > 0 {
                        self.out.push(',');
                    }
                    self.positions(ls.0.iter().copied());
                }
                self.out.push(']');
            }
            G::MultiPolygon(mp) => {
                head(self, "MultiPolygon");
                self.out.push('[');
                for (k, p) in mp.0.iter().enumerate() {
                    if k > 0 {
                        self.out.push(',');
                    }
                    self.polygon(p);
                }
                self.out.push(']');
            }
            G::GeometryCollection(gc) => {
                self.out.push_str("{\"type\":\"GeometryCollection\",\"geometries\":[");
                for (k, g) in gc.0.iter().enumerate() {
                    if k > 0 {
                        self.out.push(',');
                    }
                    self.geometry(g);
                }
                self.out.push_str("]}");
                return;
            }
            G::Rect(r) => {
                head(self, "Polygon");
                self.polygon(&r.to_polygon());
            }
            G::Triangle(t) => {
                head(self, "Polygon");
                self.polygon(&t.to_polygon());
            }
        }
        self.out.push('}');
    }
}

fn bbox_text(b: [f64; 4], mode: Coords) -> String {
    let f = if mode == Coords::Export { num7 } else { num_exact };
    format!("[{},{},{},{}]", f(b[0]), f(b[1]), f(b[2]), f(b[3]))
}

fn merge_bbox(a: Option<[f64; 4]>, b: Option<[f64; 4]>) -> Option<[f64; 4]> {
    match (a, b) {
        (Some(a), Some(b)) => Some([a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]),
        (a, b) => a.or(b),
    }
}

/// Writes a FeatureCollection: `name` if given, then `members` (other foreign members;
/// `type`, `features`, `bbox` and `crs` among them are ignored, and `name` when `name` is
/// given), `bbox` unless `with_bbox` is false or no feature has a position, and the
/// features one per line.
pub(crate) fn write_collection(
    name: Option<&str>,
    members: &Map<String, Value>,
    features: &[ExportFeature],
    mode: Coords,
    with_bbox: bool,
) -> String {
    let mut bodies: Vec<String> = Vec::with_capacity(features.len());
    let mut total: Option<[f64; 4]> = None;
    for f in features {
        let mut w = Writer {
            out: String::new(),
            mode,
            bbox: None,
        };
        let mut body = String::from("{\"type\":\"Feature\"");
        if let Some(id) = f.id.as_ref().filter(|id| id.is_string() || id.is_number()) {
            body.push_str(",\"id\":");
            body.push_str(&id.to_string());
        }
        if let Some(g) = &f.geometry {
            w.geometry(g);
            if with_bbox && let Some(b) = w.bbox {
                body.push_str(",\"bbox\":");
                body.push_str(&bbox_text(b, mode));
            }
        }
        body.push_str(",\"properties\":");
        body.push_str(&serde_json::to_string(&f.properties).unwrap_or_else(|_| "{}".into()));
        body.push_str(",\"geometry\":");
        if f.geometry.is_some() {
            body.push_str(&w.out);
        } else {
            body.push_str("null");
        }
        body.push('}');
        total = merge_bbox(total, w.bbox);
        bodies.push(body);
    }
    let mut out = String::from("{\"type\":\"FeatureCollection\"");
    if let Some(n) = name {
        out.push_str(",\"name\":");
        out.push_str(&Value::String(n.to_string()).to_string());
    }
    for (k, v) in members {
        if matches!(k.as_str(), "type" | "features" | "bbox" | "crs") || (k == "name" && name.is_some()) {
            continue;
        }
        out.push(',');
        out.push_str(&Value::String(k.clone()).to_string());
        out.push(':');
        out.push_str(&v.to_string());
    }
    if with_bbox && let Some(b) = total {
        out.push_str(",\"bbox\":");
        out.push_str(&bbox_text(b, mode));
    }
    out.push_str(",\"features\":[");
    for (k, b) in bodies.iter().enumerate() {
        out.push_str(if k == 0 { "\n" } else { ",\n" });
        out.push_str(b);
    }
    out.push_str("\n]}\n");
    out
}

/// An RFC 7946 FeatureCollection named `name` (see the module documentation), with the
/// foreign `members` given (e.g. `attribution`, `license`).
pub fn collection_text(name: &str, members: &Map<String, Value>, features: &[ExportFeature]) -> String {
    write_collection(Some(name), members, features, Coords::Export, true)
}

fn put(p: &mut Map<String, Value>, k: &str, v: Value) {
    p.insert(k.to_string(), v);
}

/// An annotation as a feature (see the module documentation for the properties).
/// `titles` fills `plan:refs_text`; with `None` it is left out (project files do so).
pub fn annotation_feature(a: &Annotation, titles: Option<TitleLookup>) -> ExportFeature {
    // `extra` never holds the atlas's own keys when it comes from an import; should a
    // caller put one there, the annotation's field decides, as on reading back.
    let mut p: Map<String, Value> = a
        .extra
        .iter()
        .filter(|(k, _)| !is_own_property(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let kind = a.kind;
    put(&mut p, "atlas:kind", Value::from(kind.as_str()));
    if !a.title.is_empty() {
        put(&mut p, "title", Value::from(a.title.clone()));
    }
    if !a.description.is_empty() {
        put(&mut p, "description", Value::from(a.description.clone()));
    }
    if !a.show_title {
        put(&mut p, "atlas:show_title", Value::from(false));
    }
    let marker = kind.is_single_position();
    let groups = Groups {
        marker,
        stroke: !marker,
        fill: kind == AnnotationKind::Polygon,
    };
    simplestyle::write_style(&mut p, &a.style, groups);
    let refs: Vec<&str> = a.plan_refs().collect();
    if !refs.is_empty() {
        put(&mut p, "plan:refs", Value::from(refs.clone()));
        if let Some(titles) = titles {
            let text: Vec<String> = refs
                .iter()
                .map(|r| match titles(r) {
                    Some(t) => format!("{r} {t}"),
                    None => r.to_string(),
                })
                .collect();
            put(&mut p, "plan:refs_text", Value::from(text));
        }
    }
    let features: Vec<&str> = a.feature_refs().collect();
    if !features.is_empty() {
        put(&mut p, "atlas:features", Value::from(features));
    }
    ExportFeature {
        id: Some(Value::from(a.id)),
        properties: p.into(),
        geometry: Some(a.geometry()),
    }
}

/// Every annotation as a feature, in order.
pub fn annotation_features(annotations: &[Annotation], titles: Option<TitleLookup>) -> Vec<ExportFeature> {
    annotations.iter().map(|a| annotation_feature(a, titles)).collect()
}

/// An export of the annotations as a collection named `name`.
pub fn annotations_geojson(name: &str, annotations: &[Annotation], titles: TitleLookup) -> String {
    collection_text(name, &Map::new(), &annotation_features(annotations, Some(titles)))
}

/// A user layer's features, every property as imported.
pub fn user_layer_features(layer: &UserLayer) -> Vec<ExportFeature> {
    layer
        .features
        .iter()
        .map(|f| ExportFeature {
            id: f.id.clone(),
            properties: f.properties.clone(),
            geometry: Some(f.geometry.clone()),
        })
        .collect()
}

/// An export of a user layer: named after the layer, its foreign members kept.
pub fn user_layer_geojson(layer: &UserLayer) -> String {
    collection_text(&layer.name, &layer.foreign_members, &user_layer_features(layer))
}

// ---------------------------------------------------------------------------------------
// Reading annotations back.

/// Properties an annotation export writes and reading interprets besides simplestyle's
/// drawing properties ([`SIMPLESTYLE_KEYS`]); everything else goes to `extra`.
/// `plan:refs_text` is derived from `plan:refs` and dropped.
const OWN_PROPERTIES: [&str; 7] = [
    "atlas:kind",
    "title",
    "description",
    "atlas:show_title",
    "plan:refs",
    "plan:refs_text",
    "atlas:features",
];

/// Whether the export writes (and reading interprets) property `key` itself.
fn is_own_property(key: &str) -> bool {
    OWN_PROPERTIES.contains(&key) || SIMPLESTYLE_KEYS.contains(&key)
}

/// Annotations from GeoJSON text (a FeatureCollection or a single Feature), the inverse of
/// [`annotations_geojson`]: an export read back gives equal annotations. `file` names the
/// source in messages.
///
/// Each feature must be a Point (a text label when `atlas:kind` is `text`), a LineString
/// or a Polygon without holes, with a closed ring, and make a valid annotation
/// ([`Annotation::check`]); otherwise the whole read fails with the feature's index.
/// Coordinates are rounded to 7 decimals and rings oriented as annotations are. Style
/// properties that cannot be read (a colour that is not `#rrggbb`, a negative width) fall
/// back to the default style. A feature keeps its `id` when that is a whole number not
/// used by an earlier feature; the others get the next free numbers.
pub fn annotations_from_geojson(file: &str, text: &str) -> Result<Vec<Annotation>, ExportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ExportError::Json {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    })?;
    annotations_from_value(file, &value)
}

/// [`annotations_from_geojson`] for parsed JSON.
pub fn annotations_from_value(file: &str, value: &Value) -> Result<Vec<Annotation>, ExportError> {
    let not = |reason: &str| ExportError::NotAnnotations {
        file: file.to_string(),
        reason: reason.to_string(),
    };
    let obj = value
        .as_object()
        .ok_or_else(|| not("the top level is not a JSON object"))?;
    let features: Vec<&Value> = match obj.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => obj
            .get("features")
            .and_then(Value::as_array)
            .ok_or_else(|| not("the FeatureCollection has no “features” array"))?
            .iter()
            .collect(),
        Some("Feature") => vec![value],
        Some(other) => return Err(not(&format!("a {other} is neither a FeatureCollection nor a Feature"))),
        None => return Err(not("it has no “type” member")),
    };
    let mut out: Vec<Annotation> = Vec::with_capacity(features.len());
    let mut wanted_ids: Vec<Option<u64>> = Vec::with_capacity(features.len());
    for (index, f) in features.iter().enumerate() {
        let (a, id) = annotation_from_feature(f).map_err(|reason| ExportError::Feature {
            file: file.to_string(),
            index,
            reason,
        })?;
        out.push(a);
        wanted_ids.push(id);
    }
    let mut used: std::collections::HashSet<u64> = std::collections::HashSet::new();
    let mut keep = vec![false; out.len()];
    for (k, id) in wanted_ids.iter().enumerate() {
        if let Some(id) = id
            && used.insert(*id)
        {
            out[k].id = *id;
            keep[k] = true;
        }
    }
    let mut next = used.iter().max().map_or(1, |m| m.saturating_add(1));
    for (a, kept) in out.iter_mut().zip(keep) {
        if !kept {
            a.id = next;
            next = next.saturating_add(1);
        }
    }
    Ok(out)
}

fn position(v: &Value) -> Result<[f64; 2], String> {
    let arr = v.as_array().ok_or("a position is not an array of numbers")?;
    let n = |k: usize| {
        arr.get(k)
            .and_then(Value::as_f64)
            .ok_or_else(|| "a position needs a longitude and a latitude (numbers)".to_string())
    };
    Ok([n(0)?, n(1)?])
}

fn positions(v: &Value) -> Result<Vec<[f64; 2]>, String> {
    v.as_array()
        .ok_or_else(|| "coordinates are not an array of positions".to_string())?
        .iter()
        .map(position)
        .collect()
}

fn strings(p: &Map<String, Value>, k: &str) -> Vec<String> {
    match p.get(k) {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// One feature as an annotation (with a placeholder id) and the id it asks for.
fn annotation_from_feature(f: &Value) -> Result<(Annotation, Option<u64>), String> {
    let obj = f.as_object().ok_or("it is not a JSON object")?;
    if obj.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err("it is not a Feature".into());
    }
    let empty = Map::new();
    let props = match obj.get("properties") {
        Some(Value::Object(m)) => m,
        None | Some(Value::Null) => &empty,
        Some(_) => return Err("“properties” is not an object".into()),
    };
    let g = obj
        .get("geometry")
        .and_then(Value::as_object)
        .ok_or("it has no geometry")?;
    let coords = g.get("coordinates").ok_or("the geometry has no coordinates")?;
    let declared = props.get("atlas:kind").and_then(Value::as_str);
    let (kind, vertices) = match g.get("type").and_then(Value::as_str) {
        Some("Point") => {
            let kind = if declared == Some("text") {
                AnnotationKind::Text
            } else {
                AnnotationKind::Point
            };
            (kind, vec![position(coords)?])
        }
        Some("LineString") => (AnnotationKind::Line, positions(coords)?),
        Some("Polygon") => {
            let rings = coords
                .as_array()
                .ok_or("polygon coordinates are not an array of rings")?;
            if rings.len() > 1 {
                return Err("a polygon with holes cannot be an annotation (open the file as a layer instead)".into());
            }
            let mut ring = match rings.first() {
                Some(r) => positions(r)?,
                None => Vec::new(),
            };
            if ring.len() < 4 || ring.first() != ring.last() {
                return Err(
                    "the polygon's ring is not closed: it needs four or more positions, the last repeating the first"
                        .into(),
                );
            }
            ring.pop();
            (AnnotationKind::Polygon, ring)
        }
        Some(other) => {
            return Err(format!(
                "a {other} cannot be an annotation (open the file as a layer instead)"
            ));
        }
        None => return Err("the geometry has no type".into()),
    };
    let mut a = Annotation::new(0, kind, vertices).map_err(|e: AnnotationError| e.to_string())?;
    a.style = simplestyle::read_style(props);
    let text = |k: &str| props.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    a.title = text("title");
    a.description = text("description");
    // Older files have no flag: titles are drawn.
    a.show_title = props.get("atlas:show_title").and_then(Value::as_bool).unwrap_or(true);
    for r in strings(props, "plan:refs") {
        a.add_link(Link::PlanElement(r));
    }
    for r in strings(props, "atlas:features") {
        a.add_link(Link::Feature(r));
    }
    a.extra = props
        .iter()
        .filter(|(k, _)| !is_own_property(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let id = obj.get("id").and_then(Value::as_u64);
    Ok((a, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).expect("valid JSON")
    }

    #[test]
    fn a_clockwise_ring_is_written_counter_clockwise_and_closed() {
        let poly = geo::Polygon::new(
            geo::LineString::from(vec![(121.0, 39.0), (121.0, 39.1), (121.1, 39.1)]),
            vec![],
        );
        let f = ExportFeature {
            id: None,
            properties: Properties::new(),
            geometry: Some(geo::Geometry::Polygon(poly)),
        };
        let text = collection_text("t", &Map::new(), &[f]);
        let v = parse(&text);
        let ring = &v["features"][0]["geometry"]["coordinates"][0];
        assert_eq!(ring, &parse("[[121,39],[121.1,39.1],[121,39.1],[121,39]]"));
    }

    #[test]
    fn collections_carry_a_name_and_bboxes_and_no_crs() {
        let f = ExportFeature {
            id: Some(Value::from("x")),
            properties: Properties::new(),
            geometry: Some(geo::Geometry::Point(geo::Point::new(121.123456789, 38.9))),
        };
        let mut members = Map::new();
        members.insert("crs".into(), Value::from("EPSG:4326"));
        members.insert("attribution".into(), Value::from("me"));
        let v = parse(&collection_text("批注", &members, &[f, ExportFeature::default()]));
        assert_eq!(v["name"], "批注");
        assert_eq!(v["attribution"], "me");
        assert!(v.get("crs").is_none());
        assert_eq!(v["bbox"], parse("[121.1234568,38.9,121.1234568,38.9]"));
        assert_eq!(v["features"][0]["bbox"], v["bbox"]);
        assert!(v["features"][1].get("bbox").is_none());
        assert!(v["features"][1]["geometry"].is_null());
    }

    #[test]
    fn numbers_have_at_most_seven_decimals() {
        assert_eq!(num7(121.5), "121.5");
        assert_eq!(num7(38.123456789), "38.1234568");
        assert_eq!(num7(-0.00000001), "0");
        assert_eq!(num7(1e-7), "0.0000001");
        assert_eq!(num7(f64::NAN), "null");
    }

    #[test]
    fn a_text_annotation_is_a_point_with_its_kind_and_links_are_namespaced() {
        let mut a = Annotation::new(3, AnnotationKind::Text, vec![[121.6, 38.9]])
            .expect("valid")
            .with_title("5G 先行");
        a.add_link(Link::PlanElement("ch2.s4".into()));
        a.add_link(Link::Feature("park.x".into()));
        let titles = |id: &str| (id == "ch2.s4").then(|| "第四节 整体布局".to_string());
        let v = parse(&annotations_geojson("批注", &[a], &titles));
        let f = &v["features"][0];
        assert_eq!(f["id"], 3);
        assert_eq!(f["geometry"]["type"], "Point");
        assert_eq!(f["properties"]["atlas:kind"], "text");
        assert_eq!(f["properties"]["title"], "5G 先行");
        assert_eq!(f["properties"]["plan:refs"], parse(r#"["ch2.s4"]"#));
        assert_eq!(
            f["properties"]["plan:refs_text"],
            parse(r#"["ch2.s4 第四节 整体布局"]"#)
        );
        assert_eq!(f["properties"]["atlas:features"], parse(r#"["park.x"]"#));
        assert!(f["properties"].get("stroke").is_none());
    }

    #[test]
    fn features_that_cannot_be_annotations_are_refused_with_their_index() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121,39]}},
            {"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[121,39]]}}]}"#;
        let e = annotations_from_geojson("x.geojson", text).expect_err("refused");
        assert!(matches!(e, ExportError::Feature { index: 1, .. }), "{e}");
        let open = r#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon",
            "coordinates":[[[121,39],[121.1,39],[121.1,39.1],[121,39.2]]]}}"#;
        let e = annotations_from_geojson("x.geojson", open).expect_err("refused");
        assert!(e.to_string().contains("not closed"), "{e}");
        let e = annotations_from_geojson("x.geojson", "{\"type\":").expect_err("refused");
        assert!(matches!(e, ExportError::Json { line: 1, .. }), "{e}");
    }

    #[test]
    fn duplicate_or_missing_ids_get_fresh_numbers() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":5,"properties":{},"geometry":{"type":"Point","coordinates":[121,39]}},
            {"type":"Feature","id":5,"properties":{},"geometry":{"type":"Point","coordinates":[121,39]}},
            {"type":"Feature","id":"a","properties":{},"geometry":{"type":"Point","coordinates":[121,39]}}]}"#;
        let list = annotations_from_geojson("x", text).expect("valid");
        let ids: Vec<u64> = list.iter().map(|a| a.id).collect();
        assert_eq!(ids, vec![5, 6, 7]);
    }
}
