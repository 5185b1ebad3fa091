//! Placemarks: their geometry (Point, LineString, LinearRing, Polygon with holes,
//! MultiGeometry, gx:Track and gx:MultiTrack) and properties (`name`, `description`,
//! `folder`, ExtendedData and SchemaData, the style as simplestyle keys).

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde_json::{Map, Value};

use super::dom::Element;
use super::style::{self, Styles};
use crate::model::UserFeature;

/// The feature of one Placemark, or why its geometry cannot be read.
pub(super) fn feature(pm: &Element, folder: &[String], styles: &Styles) -> Result<UserFeature, String> {
    let geometry = match pm.children.iter().find(|c| is_geometry(&c.name)) {
        Some(g) => geometry(g, 0)?,
        None => Geometry::GeometryCollection(Default::default()),
    };
    let mut properties = Map::new();
    if let Some(name) = pm.child("name") {
        properties.insert("name".into(), Value::String(name.text.trim().to_string()));
    }
    if let Some(d) = pm.child("description") {
        properties.insert("description".into(), Value::String(d.text.trim().to_string()));
    }
    if !folder.is_empty() {
        properties.insert("folder".into(), Value::String(folder.join(" / ")));
    }
    if let Some(ext) = pm.child("ExtendedData") {
        for data in ext.children_named("Data") {
            if let Some(key) = data.attr("name") {
                let text = data.child("value").map_or("", |v| v.text.trim());
                properties.insert(key.to_string(), super::super::table::text_value(text));
            }
        }
        for schema in ext.children_named("SchemaData") {
            for data in schema.children_named("SimpleData") {
                if let Some(key) = data.attr("name") {
                    properties.insert(key.to_string(), super::super::table::text_value(data.text.trim()));
                }
            }
        }
    }
    let mut style_props = pm
        .child_text("styleUrl")
        .and_then(|url| styles.resolve(url))
        .cloned()
        .unwrap_or_default();
    if let Some(inline) = pm.child("Style") {
        style_props.extend(style::properties(inline));
    }
    for (k, v) in style_props {
        properties.entry(k).or_insert(v);
    }
    Ok(UserFeature {
        id: pm.attr("id").map(|id| Value::String(id.to_string())),
        geometry,
        properties: properties.into(),
    })
}

fn is_geometry(name: &str) -> bool {
    matches!(
        name,
        "Point" | "LineString" | "LinearRing" | "Polygon" | "MultiGeometry" | "Track" | "MultiTrack"
    )
}

/// The geometry of a KML geometry element. A MultiGeometry whose parts (nested ones
/// flattened) are all points, all lines or all polygons becomes a Multi*, else a
/// GeometryCollection.
fn geometry(el: &Element, depth: usize) -> Result<Geometry, String> {
    if depth > 32 {
        return Err("MultiGeometry nested too deeply".to_string());
    }
    Ok(match el.name.as_str() {
        "Point" => {
            let coords = coordinates(el)?;
            match coords.as_slice() {
                [c] => Geometry::Point(Point(*c)),
                [] => return Err("a Point without coordinates".to_string()),
                _ => return Err(format!("a Point with {} positions", coords.len())),
            }
        }
        "LineString" | "LinearRing" => Geometry::LineString(line(el)?),
        "Polygon" => Geometry::Polygon(polygon(el)?),
        "Track" => Geometry::LineString(track(el)?),
        "MultiTrack" => Geometry::MultiLineString(MultiLineString(
            el.children_named("Track").map(track).collect::<Result<_, _>>()?,
        )),
        "MultiGeometry" => {
            let mut parts = Vec::new();
            flatten(el, depth, &mut parts)?;
            multi(parts)
        }
        other => return Err(format!("<{other}> is not a geometry")),
    })
}

fn flatten(el: &Element, depth: usize, parts: &mut Vec<Geometry>) -> Result<(), String> {
    for child in el.children.iter().filter(|c| is_geometry(&c.name)) {
        if child.name == "MultiGeometry" {
            if depth > 32 {
                return Err("MultiGeometry nested too deeply".to_string());
            }
            flatten(child, depth + 1, parts)?;
        } else {
            parts.push(geometry(child, depth + 1)?);
        }
    }
    Ok(())
}

fn multi(parts: Vec<Geometry>) -> Geometry {
    if !parts.is_empty() && parts.iter().all(|g| matches!(g, Geometry::Point(_))) {
        return Geometry::MultiPoint(MultiPoint(
            parts
                .into_iter()
                .filter_map(|g| if let Geometry::Point(p) = g { Some(p) } else { None })
                .collect(),
        ));
    }
    if !parts.is_empty() && parts.iter().all(|g| matches!(g, Geometry::LineString(_))) {
        return Geometry::MultiLineString(MultiLineString(
            parts
                .into_iter()
                .filter_map(|g| if let Geometry::LineString(l) = g { Some(l) } else { None })
                .collect(),
        ));
    }
    if !parts.is_empty() && parts.iter().all(|g| matches!(g, Geometry::Polygon(_))) {
        return Geometry::MultiPolygon(MultiPolygon(
            parts
                .into_iter()
                .filter_map(|g| if let Geometry::Polygon(p) = g { Some(p) } else { None })
                .collect(),
        ));
    }
    Geometry::GeometryCollection(geo::GeometryCollection(parts))
}

fn line(el: &Element) -> Result<LineString, String> {
    Ok(LineString(coordinates(el)?))
}

fn polygon(el: &Element) -> Result<Polygon, String> {
    let ring = |boundary: &Element| -> Result<Vec<LineString>, String> {
        boundary
            .children_named("LinearRing")
            .map(|r| line(r).map_err(|e| format!("{} ({e})", boundary.name)))
            .collect()
    };
    let outer = el
        .child("outerBoundaryIs")
        .map(ring)
        .transpose()?
        .and_then(|mut rings| (!rings.is_empty()).then(|| rings.swap_remove(0)))
        .ok_or_else(|| "a Polygon without outerBoundaryIs/LinearRing".to_string())?;
    let mut holes = Vec::new();
    for inner in el.children_named("innerBoundaryIs") {
        holes.extend(ring(inner)?);
    }
    Ok(Polygon::new(outer, holes))
}

/// A gx:Track's `gx:coord` elements (`lon lat alt`, space separated) as a line.
fn track(el: &Element) -> Result<LineString, String> {
    el.children_named("coord")
        .map(|c| {
            let mut it = c.text.split_whitespace();
            match (it.next().map(parse_number), it.next().map(parse_number)) {
                (Some(Some(x)), Some(Some(y))) => Ok(Coord { x, y }),
                _ => Err(format!(
                    "gx:coord “{}” is not “longitude latitude [altitude]”",
                    c.text.trim()
                )),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(LineString)
}

/// The `coordinates` child's positions: `lon,lat[,alt]` tuples separated by whitespace
/// (the altitude is dropped).
fn coordinates(el: &Element) -> Result<Vec<Coord>, String> {
    let Some(c) = el.child("coordinates") else {
        return Ok(Vec::new());
    };
    // Tolerated: spaces around the commas inside a tuple (`121.5, 38.9`), which some
    // tools write although KML forbids them.
    let mut text = String::with_capacity(c.text.len());
    for part in c.text.split(',') {
        if !text.is_empty() {
            text.push(',');
        }
        text.push_str(part.trim());
    }
    text.split_whitespace()
        .enumerate()
        .map(|(i, tuple)| {
            let mut parts = tuple.split(',');
            let x = parts.next().and_then(parse_number);
            let y = parts.next().and_then(parse_number);
            let z_ok = parts.next().is_none_or(|z| z.is_empty() || parse_number(z).is_some());
            match (x, y, z_ok, parts.next()) {
                (Some(x), Some(y), true, None) => Ok(Coord { x, y }),
                _ => Err(format!(
                    "position {} “{tuple}” of <{}> is not “longitude,latitude[,altitude]”",
                    i + 1,
                    el.name
                )),
            }
        })
        .collect()
}

fn parse_number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}
