//! Reading a project file's layer entries: an embedded layer's features (GeoJSON read
//! exactly, coordinates as written) or a linked layer's link (issue 18, point 10).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{KNOWN_LAYER, ProjectLayer, UserLayerStyle};
use crate::model::{PropValue, Properties, UserFeature, UserLayer};

/// `path` relative to `folder` (with `..` steps, as QGIS writes them, so a project and
/// its data folder side by side move together), when both are absolute and on the same
/// root; else `path` as it is.
pub(super) fn relative_to(path: &Path, folder: Option<&Path>) -> PathBuf {
    use std::path::Component;
    let Some(folder) = folder.filter(|f| f.is_absolute() && path.is_absolute()) else {
        return path.to_path_buf();
    };
    let a: Vec<Component> = path.components().collect();
    let b: Vec<Component> = folder.components().collect();
    // Different drives or roots (Windows `C:` vs `D:`): no relative path.
    if a.first() != b.first() {
        return path.to_path_buf();
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &a[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        out
    }
}

pub(super) fn project_layer(index: usize, v: &Value) -> Result<ProjectLayer, String> {
    let obj = v.as_object().ok_or("it is not a JSON object")?;
    let read_as = obj.get("read").filter(|r| r.is_object()).cloned();
    if let Some(link) = obj.get("link") {
        let path = link.as_str().ok_or("its “link” is not a file path")?;
        let name = match obj.get("name") {
            Some(Value::String(s)) => s.clone(),
            _ => format!("layer {}", index + 1),
        };
        let mut layer = project_layer_entry(obj, name)?;
        layer.layer.source = Some(PathBuf::from(path));
        layer.layer.read_as = Some(read_as.ok_or("its “link” has no “read” saying how to read the file")?);
        layer.linked = true;
        return Ok(layer);
    }
    let data = obj.get("data").ok_or("it has no “data” FeatureCollection")?;
    let layer_name = || {
        data.get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("layer {}", index + 1))
    };
    let name = match obj.get("name") {
        Some(Value::String(s)) => s.clone(),
        _ => layer_name(),
    };
    let mut layer = project_layer_entry(obj, name)?;
    let data = data.as_object().ok_or("its “data” is not a JSON object")?;
    if data.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err("its “data” is not a FeatureCollection".into());
    }
    layer.layer.features = data
        .get("features")
        .and_then(Value::as_array)
        .ok_or("its “data” has no “features” array")?
        .iter()
        .enumerate()
        .map(|(k, f)| user_feature(f).map_err(|r| format!("feature {}: {r}", k + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    layer.layer.foreign_members = data
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "type" | "features" | "bbox" | "crs"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    layer.layer.read_as = read_as;
    Ok(layer)
}

/// A layer entry's members besides its features: source, visibility, style, unknown
/// members.
fn project_layer_entry(obj: &Map<String, Value>, name: String) -> Result<ProjectLayer, String> {
    let source = obj.get("source").and_then(Value::as_str).map(PathBuf::from);
    let visible = obj.get("visible").and_then(Value::as_bool).unwrap_or(true);
    let style = match obj.get("style") {
        None | Some(Value::Null) => UserLayerStyle::default(),
        Some(s) => serde_json::from_value(s.clone()).map_err(|e| format!("its “style” cannot be read: {e}"))?,
    };
    let extra = obj
        .iter()
        .filter(|(k, _)| !KNOWN_LAYER.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(ProjectLayer {
        layer: UserLayer {
            name,
            source,
            foreign_members: Map::new(),
            features: Vec::new(),
            read_as: None,
        },
        visible,
        style,
        extra,
        linked: false,
    })
}

fn user_feature(v: &Value) -> Result<UserFeature, String> {
    let obj = v.as_object().ok_or("it is not a JSON object")?;
    let properties: Properties = match obj.get("properties") {
        None | Some(Value::Null) => Properties::new(),
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k, PropValue::from(v))).collect(),
        Some(_) => return Err("“properties” is not an object".into()),
    };
    let geometry = geometry_from(obj.get("geometry").ok_or("it has no geometry")?)?;
    Ok(UserFeature {
        id: obj.get("id").cloned(),
        geometry,
        properties,
    })
}

fn coord(v: &Value) -> Result<geo::Coord<f64>, String> {
    let a = v.as_array().ok_or("a position is not an array")?;
    match (a.first().and_then(Value::as_f64), a.get(1).and_then(Value::as_f64)) {
        (Some(x), Some(y)) => Ok(geo::Coord { x, y }),
        _ => Err("a position needs a longitude and a latitude (numbers)".into()),
    }
}

fn coords(v: &Value) -> Result<Vec<geo::Coord<f64>>, String> {
    v.as_array()
        .ok_or("coordinates are not an array")?
        .iter()
        .map(coord)
        .collect()
}

fn array(v: &Value) -> Result<&Vec<Value>, String> {
    v.as_array().ok_or_else(|| "coordinates are not an array".to_string())
}

fn polygon(v: &Value) -> Result<geo::Polygon<f64>, String> {
    let rings = array(v)?
        .iter()
        .map(|r| coords(r).map(geo::LineString))
        .collect::<Result<Vec<_>, _>>()?;
    let mut it = rings.into_iter();
    let exterior = it.next().unwrap_or_else(|| geo::LineString(Vec::new()));
    Ok(geo::Polygon::new(exterior, it.collect()))
}

/// A GeoJSON geometry as a `geo` geometry, coordinates as written.
pub(super) fn geometry_from(v: &Value) -> Result<geo::Geometry<f64>, String> {
    use geo::Geometry as G;
    let obj = v.as_object().ok_or("the geometry is null or not an object")?;
    let t = obj
        .get("type")
        .and_then(Value::as_str)
        .ok_or("the geometry has no type")?;
    if t == "GeometryCollection" {
        let gs = obj
            .get("geometries")
            .and_then(Value::as_array)
            .ok_or("the GeometryCollection has no “geometries”")?
            .iter()
            .map(geometry_from)
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(G::GeometryCollection(geo::GeometryCollection(gs)));
    }
    let c = obj.get("coordinates").ok_or("the geometry has no coordinates")?;
    Ok(match t {
        "Point" => G::Point(geo::Point(coord(c)?)),
        "MultiPoint" => G::MultiPoint(geo::MultiPoint(coords(c)?.into_iter().map(geo::Point).collect())),
        "LineString" => G::LineString(geo::LineString(coords(c)?)),
        "MultiLineString" => G::MultiLineString(geo::MultiLineString(
            array(c)?
                .iter()
                .map(|l| coords(l).map(geo::LineString))
                .collect::<Result<_, _>>()?,
        )),
        "Polygon" => G::Polygon(polygon(c)?),
        "MultiPolygon" => G::MultiPolygon(geo::MultiPolygon(
            array(c)?.iter().map(polygon).collect::<Result<_, _>>()?,
        )),
        other => return Err(format!("“{other}” is not a GeoJSON geometry type")),
    })
}

// ---------------------------------------------------------------------------------------
// Autosave and recovery.

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_project_folder_with_steps_up_when_needed() {
        let folder = Path::new("/home/me/规划/项目");
        assert_eq!(
            relative_to(Path::new("/home/me/规划/项目/数据/a.shp"), Some(folder)),
            PathBuf::from("数据/a.shp")
        );
        assert_eq!(
            relative_to(Path::new("/home/me/规划/数据/a.shp"), Some(folder)),
            PathBuf::from("../数据/a.shp")
        );
        // A relative path (or no folder) stays as it is: it cannot be placed.
        assert_eq!(
            relative_to(Path::new("数据/a.shp"), Some(folder)),
            PathBuf::from("数据/a.shp")
        );
        assert_eq!(relative_to(Path::new("/d/a.shp"), None), PathBuf::from("/d/a.shp"));
    }
}
