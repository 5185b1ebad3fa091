//! KML and KMZ export, for Google Earth and 奥维: one Document (inside the file's Document)
//! per layer; a Placemark per feature, named by its `name` (else `名称`, else `title`)
//! property and described by `description`; every property as typed ExtendedData: a
//! `Schema` per layer (a `SimpleField` per property key) and `SchemaData`/`SimpleData` in
//! each Placemark, as GDAL writes it. GDAL's LIBKML driver, which QGIS uses, turns the
//! non-ASCII names of untyped `<Data>` into underscores; and it finds a Schema in a KMZ
//! only in the layer's own Document (as `ogr2ogr -f LIBKML` writes it), not in the outer
//! Document with Folders for layers (as `ogr2ogr -f KML` writes it). Simplestyle
//! colours and widths as shared KML Styles (one per distinct style). Positions are WGS-84
//! as KML requires.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use geo::Geometry;

use crate::model::export::{ExportError, ExportLayer};
use crate::model::{PropValue, Properties, simplestyle};

/// Writes `layers` as KML (one Document per layer) to `path`, zipped as KMZ (`doc.kml`)
/// when `kmz`. Atomic: the previous file stays until the new one is complete.
pub fn save_kml(path: &Path, layers: &[ExportLayer], kmz: bool) -> Result<(), ExportError> {
    let file = path.display().to_string();
    let document_name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Dalian Atlas".to_string());
    let text = kml_text(&document_name, layers);
    let bytes = if kmz {
        zipped(&text).map_err(|reason| ExportError::Write {
            file: file.clone(),
            reason,
        })?
    } else {
        text.into_bytes()
    };
    crate::io::write_atomic(path, &bytes).map_err(|e| ExportError::Write {
        file,
        reason: crate::io::atomic::describe(&e),
    })
}

/// A KMZ holding `text` as `doc.kml`.
fn zipped(text: &str) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("doc.kml", options).map_err(|e| e.to_string())?;
    zip.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// The KML document of `layers`.
pub fn kml_text(document_name: &str, layers: &[ExportLayer]) -> String {
    // Styles first (KML wants them before use in the Document), so gather them in a
    // first pass: the style text → its id.
    let mut styles: BTreeMap<String, String> = BTreeMap::new();
    let mut style_of = Vec::new();
    for layer in layers {
        for f in &layer.features {
            let body = style_body(&f.properties);
            let id = if body.is_empty() {
                None
            } else {
                let next = format!("s{}", styles.len() + 1);
                Some(styles.entry(body).or_insert(next).clone())
            };
            style_of.push(id);
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n");
    let _ = writeln!(out, "<name>{}</name>", escape(document_name));
    let mut by_id: Vec<(&String, &String)> = styles.iter().map(|(body, id)| (id, body)).collect();
    by_id.sort_by_key(|(id, _)| id[1..].parse::<usize>().unwrap_or(0));
    for (id, body) in by_id {
        let _ = writeln!(out, "<Style id=\"{id}\">{body}</Style>");
    }
    let mut styles = style_of.into_iter();
    for (i, layer) in layers.iter().enumerate() {
        let _ = writeln!(out, "<Document>\n<name>{}</name>", escape(&layer.name));
        let fields = schema_fields(layer);
        if !fields.is_empty() {
            let _ = writeln!(out, "<Schema name=\"{}\" id=\"{}\">", escape(&layer.name), schema_id(i));
            for (key, kind) in &fields {
                let _ = writeln!(out, "<SimpleField name=\"{}\" type=\"{}\"/>", escape(key), kind.kml());
            }
            out.push_str("</Schema>\n");
        }
        let schema = (schema_id(i), fields.as_slice());
        for f in &layer.features {
            let style = styles.next().flatten();
            placemark(&mut out, &f.properties, f.geometry.as_ref(), style.as_deref(), &schema);
        }
        out.push_str("</Document>\n");
    }
    out.push_str("</Document>\n</kml>\n");
    out
}

/// The id of the Schema of the `index`th layer (Style ids are `s1`, `s2`, …).
fn schema_id(index: usize) -> String {
    format!("schema{}", index + 1)
}

/// The KML type of a SimpleField: what GDAL's LIBKML driver (as checked with 3.6) reads
/// back as an Integer, a Real or a String field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FieldType {
    /// Every value an integer that fits 32 bits (GDAL clamps larger ones).
    Int,
    /// Every value a number (integers within ±2⁵³, so GDAL's double holds them exactly).
    Double,
    /// Every value true or false, written as 1 and 0 (GDAL reads `bool` as an Integer
    /// and refuses the words `true`/`false`; its own KML writer writes booleans as 1/0).
    Bool,
    /// Anything else: text, nested JSON as JSON text, or a mix of kinds.
    String,
}

impl FieldType {
    fn kml(self) -> &'static str {
        match self {
            FieldType::Int => "int",
            FieldType::Double => "double",
            FieldType::Bool => "bool",
            FieldType::String => "string",
        }
    }

    /// The narrowest type for `v` alone; `None` for null (it says nothing).
    fn of(v: &PropValue) -> Option<FieldType> {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        Some(match v {
            PropValue::Null => return None,
            PropValue::Bool(_) => FieldType::Bool,
            PropValue::Number(n) => {
                if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) {
                    FieldType::Int
                } else if n.is_f64() || n.as_f64().is_some_and(|f| f.abs() <= EXACT) {
                    FieldType::Double
                } else {
                    FieldType::String
                }
            }
            _ => FieldType::String,
        })
    }

    /// The type that holds the values of both `self` and `other`.
    fn join(self, other: FieldType) -> FieldType {
        use FieldType::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Int, Double) | (Double, Int) => Double,
            _ => String,
        }
    }
}

/// The fields of a layer's Schema: every property key of its features, in the order
/// first seen, with the type that holds all its values (string when all are null).
fn schema_fields(layer: &ExportLayer) -> Vec<(&str, FieldType)> {
    let mut fields: Vec<(&str, Option<FieldType>)> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &layer.features {
        for (k, v) in &f.properties {
            let i = *index.entry(k).or_insert_with(|| {
                fields.push((k, None));
                fields.len() - 1
            });
            if let Some(t) = FieldType::of(v) {
                fields[i].1 = Some(fields[i].1.map_or(t, |old| old.join(t)));
            }
        }
    }
    fields
        .into_iter()
        .map(|(k, t)| (k, t.unwrap_or(FieldType::String)))
        .collect()
}

/// A property value as the text of a SimpleData of type `kind`: booleans in a `bool`
/// field as 1 or 0, the rest as [`text`].
fn simple_data(v: &PropValue, kind: FieldType) -> Option<String> {
    match (v, kind) {
        (PropValue::Bool(b), FieldType::Bool) => Some(if *b { "1" } else { "0" }.to_string()),
        _ => text(v),
    }
}

fn placemark(
    out: &mut String,
    properties: &Properties,
    geometry: Option<&Geometry>,
    style: Option<&str>,
    (schema_id, fields): &(String, &[(&str, FieldType)]),
) {
    out.push_str("<Placemark>");
    let name = ["name", "名称", "title"]
        .iter()
        .find_map(|k| properties.get(k).and_then(text).filter(|t| !t.is_empty()));
    if let Some(name) = name {
        let _ = write!(out, "<name>{}</name>", escape(&name));
    }
    if let Some(d) = properties.get("description").and_then(text).filter(|t| !t.is_empty()) {
        let _ = write!(out, "<description>{}</description>", escape(&d));
    }
    if let Some(id) = style {
        let _ = write!(out, "<styleUrl>#{id}</styleUrl>");
    }
    // In the Schema's field order; null values are left out.
    let data: Vec<(&str, String)> = fields
        .iter()
        .filter_map(|(k, kind)| Some((*k, simple_data(properties.get(k)?, *kind)?)))
        .collect();
    if !data.is_empty() {
        let _ = write!(out, "<ExtendedData><SchemaData schemaUrl=\"#{schema_id}\">");
        for (k, v) in data {
            let _ = write!(out, "<SimpleData name=\"{}\">{}</SimpleData>", escape(k), escape(&v));
        }
        out.push_str("</SchemaData></ExtendedData>");
    }
    if let Some(g) = geometry {
        write_geometry(out, g);
    }
    out.push_str("</Placemark>\n");
}

/// A property value as text: strings as they are, numbers and booleans as written in
/// JSON, null as nothing, arrays and objects as JSON text.
fn text(v: &PropValue) -> Option<String> {
    match v {
        PropValue::Null => None,
        PropValue::String(s) => Some(s.to_string()),
        other => Some(other.to_string()),
    }
}

/// The inner XML of the KML Style for a feature's simplestyle properties (empty: none).
fn style_body(p: &Properties) -> String {
    let colour = |key: &str, opacity_key: Option<&str>| {
        let rgb = p.get(key).and_then(simplestyle::colour)?;
        let alpha = opacity_key
            .and_then(|k| p.get(k))
            .and_then(simplestyle::opacity)
            .unwrap_or(1.0);
        let [r, g, b] = rgb.0;
        Some(format!("{:02x}{b:02x}{g:02x}{r:02x}", (alpha * 255.0).round() as u8))
    };
    let mut body = String::new();
    if let Some(c) = colour("marker-color", None) {
        let _ = write!(body, "<IconStyle><color>{c}</color></IconStyle>");
    }
    let stroke = colour("stroke", Some("stroke-opacity"));
    let width = p.get("stroke-width").and_then(simplestyle::width);
    if stroke.is_some() || width.is_some() {
        body.push_str("<LineStyle>");
        if let Some(c) = stroke {
            let _ = write!(body, "<color>{c}</color>");
        }
        if let Some(w) = width {
            let _ = write!(body, "<width>{w}</width>");
        }
        body.push_str("</LineStyle>");
    }
    if let Some(c) = colour("fill", Some("fill-opacity")) {
        let _ = write!(body, "<PolyStyle><color>{c}</color></PolyStyle>");
    }
    body
}

fn write_geometry(out: &mut String, g: &Geometry) {
    match g {
        Geometry::Point(p) => {
            let _ = write!(out, "<Point><coordinates>{},{}</coordinates></Point>", p.x(), p.y());
        }
        Geometry::Line(l) => write_line(out, &geo::LineString::from(*l)),
        Geometry::LineString(l) => write_line(out, l),
        Geometry::Polygon(p) => write_polygon(out, p),
        Geometry::Rect(r) => write_polygon(out, &r.to_polygon()),
        Geometry::Triangle(t) => write_polygon(out, &t.to_polygon()),
        Geometry::MultiPoint(m) => multi(out, m.0.iter().map(|p| Geometry::Point(*p))),
        Geometry::MultiLineString(m) => multi(out, m.0.iter().cloned().map(Geometry::LineString)),
        Geometry::MultiPolygon(m) => multi(out, m.0.iter().cloned().map(Geometry::Polygon)),
        Geometry::GeometryCollection(c) => {
            if !c.0.is_empty() {
                multi(out, c.0.iter().cloned());
            }
        }
    }
}

fn multi(out: &mut String, parts: impl Iterator<Item = Geometry>) {
    out.push_str("<MultiGeometry>");
    for g in parts {
        write_geometry(out, &g);
    }
    out.push_str("</MultiGeometry>");
}

fn coordinates(out: &mut String, l: &geo::LineString) {
    out.push_str("<coordinates>");
    for (i, c) in l.0.iter().enumerate() {
        let _ = write!(out, "{}{},{}", if i == 0 { "" } else { " " }, c.x, c.y);
    }
    out.push_str("</coordinates>");
}

fn write_line(out: &mut String, l: &geo::LineString) {
    out.push_str("<LineString>");
    coordinates(out, l);
    out.push_str("</LineString>");
}

fn write_polygon(out: &mut String, p: &geo::Polygon) {
    out.push_str("<Polygon><outerBoundaryIs><LinearRing>");
    coordinates(out, p.exterior());
    out.push_str("</LinearRing></outerBoundaryIs>");
    for hole in p.interiors() {
        out.push_str("<innerBoundaryIs><LinearRing>");
        coordinates(out, hole);
        out.push_str("</LinearRing></innerBoundaryIs>");
    }
    out.push_str("</Polygon>");
}

/// `text` escaped for XML content and attribute values; characters XML 1.0 forbids
/// (control characters other than tab, newline, carriage return) are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn simplestyle_colours_become_alpha_blue_green_red() {
        let p: Properties = serde_json::from_str(
            r##"{"stroke": "#ff8000", "stroke-opacity": 0.5, "stroke-width": 3, "fill": "#00ff00"}"##,
        )
        .expect("json");
        assert_eq!(
            style_body(&p),
            "<LineStyle><color>800080ff</color><width>3</width></LineStyle><PolyStyle><color>ff00ff00</color></PolyStyle>"
        );
    }

    #[test]
    fn a_field_is_int_double_bool_or_string_by_all_its_values() {
        let layer = ExportLayer {
            name: "l".to_string(),
            features: [
                serde_json::json!({"i": 1, "d": 1, "b": true, "s": 1, "n": null, "big": 1, "j": [1]}),
                serde_json::json!({"i": -2, "d": 2.5, "b": false, "s": "x", "n": null, "big": 3_000_000_000u64}),
            ]
            .into_iter()
            .map(|p| crate::model::export::ExportFeature {
                id: None,
                properties: p.as_object().cloned().unwrap_or_default().into(),
                geometry: None,
            })
            .collect(),
        };
        let kinds: Vec<(&str, &str)> = schema_fields(&layer).into_iter().map(|(k, t)| (k, t.kml())).collect();
        assert_eq!(
            kinds,
            [
                ("b", "bool"),
                ("big", "double"),
                ("d", "double"),
                ("i", "int"),
                ("j", "string"),
                ("n", "string"),
                ("s", "string")
            ]
        );
    }
}
