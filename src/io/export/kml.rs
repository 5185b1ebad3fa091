//! KML and KMZ export, for Google Earth and 奥维: one Folder per layer; a Placemark per
//! feature, named by its `name` (else `名称`, else `title`) property and described by
//! `description`; every property as ExtendedData `Data`; simplestyle colours and widths
//! as shared KML Styles (one per distinct style). Positions are WGS-84 as KML requires.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use geo::Geometry;
use serde_json::{Map, Value};

use crate::model::export::{ExportError, ExportLayer};
use crate::model::simplestyle;

/// Writes `layers` as KML (one Folder per layer) to `path`, zipped as KMZ (`doc.kml`)
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
        reason: e.to_string(),
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
    for layer in layers {
        let _ = writeln!(out, "<Folder>\n<name>{}</name>", escape(&layer.name));
        for f in &layer.features {
            let style = styles.next().flatten();
            placemark(&mut out, &f.properties, f.geometry.as_ref(), style.as_deref());
        }
        out.push_str("</Folder>\n");
    }
    out.push_str("</Document>\n</kml>\n");
    out
}

fn placemark(out: &mut String, properties: &Map<String, Value>, geometry: Option<&Geometry>, style: Option<&str>) {
    out.push_str("<Placemark>");
    let name = ["name", "名称", "title"]
        .iter()
        .find_map(|k| properties.get(*k).and_then(text).filter(|t| !t.is_empty()));
    if let Some(name) = name {
        let _ = write!(out, "<name>{}</name>", escape(&name));
    }
    if let Some(d) = properties.get("description").and_then(text).filter(|t| !t.is_empty()) {
        let _ = write!(out, "<description>{}</description>", escape(&d));
    }
    if let Some(id) = style {
        let _ = write!(out, "<styleUrl>#{id}</styleUrl>");
    }
    if !properties.is_empty() {
        out.push_str("<ExtendedData>");
        for (k, v) in properties {
            let _ = write!(
                out,
                "<Data name=\"{}\"><value>{}</value></Data>",
                escape(k),
                escape(&text(v).unwrap_or_default())
            );
        }
        out.push_str("</ExtendedData>");
    }
    if let Some(g) = geometry {
        write_geometry(out, g);
    }
    out.push_str("</Placemark>\n");
}

/// A property value as text: strings as they are, numbers and booleans as written in
/// JSON, null as nothing, arrays and objects as JSON text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The inner XML of the KML Style for a feature's simplestyle properties (empty: none).
fn style_body(p: &Map<String, Value>) -> String {
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
        let p: Map<String, Value> = serde_json::from_str(
            r##"{"stroke": "#ff8000", "stroke-opacity": 0.5, "stroke-width": 3, "fill": "#00ff00"}"##,
        )
        .expect("json");
        assert_eq!(
            style_body(&p),
            "<LineStyle><color>800080ff</color><width>3</width></LineStyle><PolyStyle><color>ff00ff00</color></PolyStyle>"
        );
    }
}
