//! KML and KMZ: Placemarks (Point, LineString, LinearRing, Polygon with holes,
//! MultiGeometry, gx:Track) with their names, descriptions, Folder path (`folder`,
//! nested names joined with ` / `), ExtendedData and styles as properties. One layer
//! per file, named by the Document (else the file stem); KML is WGS-84 by definition.
//!
//! A KMZ is a zip holding `doc.kml` (or another `.kml`, the first one); its declared
//! size is checked before anything is unpacked.

mod dom;
mod placemark;
mod style;

use std::path::Path;

use super::ImportError;
use super::source::{self, Format, LayerInfo, RawLayer, ReadOptions};
use crate::crs::Crs;
use crate::model::UserFeature;

pub(super) fn probe(path: &Path, format: Format, options: &ReadOptions) -> Result<Vec<LayerInfo>, ImportError> {
    Ok(read(path, format, options, &|_| true)?
        .into_iter()
        .map(|l| l.info)
        .collect())
}

pub(super) fn read(
    path: &Path,
    format: Format,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<Vec<RawLayer>, ImportError> {
    let file = path.display().to_string();
    let cancelled = || ImportError::Cancelled { file: file.clone() };
    if !progress(0.0) {
        return Err(cancelled());
    }
    let (part, kml_bytes) = match format {
        Format::Kmz => kml_of_kmz(path, options.max_bytes)?,
        _ => (String::new(), read_file(path, &file, options.max_bytes)?),
    };
    if !progress(0.2) {
        return Err(cancelled());
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let layer = parse_kml(&file, &part, &kml_bytes, &stem, progress)?;
    if !progress(1.0) {
        return Err(cancelled());
    }
    Ok(vec![layer])
}

/// The whole file, refused before reading when larger than `limit`.
pub(super) fn read_file(path: &Path, file: &str, limit: u64) -> Result<Vec<u8>, ImportError> {
    super::checked_size(path, file, limit)?;
    std::fs::read(path).map_err(|e| ImportError::Read {
        file: file.to_string(),
        source: e,
    })
}

/// The KML inside a KMZ: `doc.kml`, else the first `.kml` member; its name and bytes.
/// The zip's declared sizes are checked before anything is unpacked
/// ([`super::zip_limits`]).
fn kml_of_kmz(path: &Path, max_bytes: u64) -> Result<(String, Vec<u8>), ImportError> {
    let mut zip = super::zip_limits::open(path, max_bytes)?;
    let is_kml = |m: &&super::zip_limits::Member| !m.is_dir && m.name.to_ascii_lowercase().ends_with(".kml");
    let found = zip
        .members
        .iter()
        .find(|m| is_kml(m) && m.name.eq_ignore_ascii_case("doc.kml"))
        .or_else(|| zip.members.iter().find(is_kml))
        .map(|m| (m.index, m.name.clone()));
    let Some((index, name)) = found else {
        let shown: Vec<&str> = zip.members.iter().take(10).map(|m| m.name.as_str()).collect();
        return Err(ImportError::Bad {
            file: zip.file.clone(),
            part: String::new(),
            reason: format!(
                "the KMZ holds no .kml file (it holds {})",
                if shown.is_empty() {
                    "nothing".to_string()
                } else {
                    shown.join(", ")
                }
            ),
        });
    };
    Ok((name, zip.read(index, None)?))
}

/// The text of a KML file: UTF-8 (a BOM is dropped), or the encoding its XML
/// declaration names when that is one the atlas knows (GBK, BIG5).
fn kml_text<'a>(bytes: &'a [u8]) -> std::borrow::Cow<'a, str> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let declared = head
        .split("encoding=")
        .nth(1)
        .and_then(|rest| rest.trim_start_matches(['"', '\'']).split(['"', '\'']).next())
        .and_then(super::encoding::TextEncoding::from_label);
    match declared {
        Some(enc) if enc != super::encoding::TextEncoding::Utf8 => enc.decode(bytes),
        _ => String::from_utf8_lossy(bytes),
    }
}

/// The layer of a KML document. `part` names the member of a KMZ (empty for a KML).
fn parse_kml(
    file: &str,
    part: &str,
    bytes: &[u8],
    stem: &str,
    progress: &dyn Fn(f32) -> bool,
) -> Result<RawLayer, ImportError> {
    let bad = |where_: String, reason: String| ImportError::Bad {
        file: file.to_string(),
        part: match (part.is_empty(), where_.is_empty()) {
            (true, _) => where_,
            (false, true) => part.to_string(),
            (false, false) => format!("{part}, {where_}"),
        },
        reason,
    };
    let text = kml_text(bytes);
    let root = dom::parse(&text).map_err(|e| {
        bad(
            String::new(),
            format!(
                "not KML: the XML is not well-formed at byte {} ({})",
                e.offset, e.reason
            ),
        )
    })?;
    if root.name != "kml" {
        return Err(bad(
            String::new(),
            format!("not KML: the root element is <{}>, not <kml>", root.name),
        ));
    }
    let styles = style::Styles::collect(&root);
    let mut placemarks = Vec::new();
    let mut layer_name = None;
    collect(&root, &mut Vec::new(), &mut placemarks, &mut layer_name, 0);
    if placemarks.is_empty() {
        return Err(bad(String::new(), "the KML holds no Placemark".to_string()));
    }
    let total = placemarks.len();
    let mut features: Vec<UserFeature> = Vec::with_capacity(total);
    for (index, (pm, folder)) in placemarks.into_iter().enumerate() {
        if index % 1024 == 0 && !progress(0.2 + 0.8 * index as f32 / total as f32) {
            return Err(ImportError::Cancelled { file: file.to_string() });
        }
        let feature = placemark::feature(pm, &folder, &styles).map_err(|reason| {
            let name = pm.child_text("name").filter(|n| !n.is_empty());
            bad(
                match name {
                    Some(n) => format!("Placemark {} “{n}”", index + 1),
                    None => format!("Placemark {}", index + 1),
                },
                reason,
            )
        })?;
        features.push(feature);
    }
    let name = layer_name.filter(|n| !n.is_empty()).unwrap_or_else(|| stem.to_string());
    let geometry_type = geometry_type(&features);
    let mut foreign_members = serde_json::Map::new();
    foreign_members.insert("name".into(), serde_json::Value::String(name.clone()));
    Ok(RawLayer {
        info: LayerInfo {
            name,
            feature_count: features.len(),
            geometry_type,
            declared_crs: Some(Ok((Crs::Wgs84, source::FORMAT_FIXED.to_string()))),
            encoding: None,
            table: None,
            sample: features.iter().take(source::SAMPLE_FEATURES).cloned().collect(),
        },
        features,
        foreign_members,
    })
}

/// Every Placemark under `el` with its Folder path; the first Document's name is the
/// layer's. Folders (and Documents inside folders) add their names to the path.
fn collect<'a>(
    el: &'a dom::Element,
    path: &mut Vec<String>,
    out: &mut Vec<(&'a dom::Element, Vec<String>)>,
    layer_name: &mut Option<String>,
    depth: usize,
) {
    for child in &el.children {
        match child.name.as_str() {
            "Placemark" => out.push((child, path.clone())),
            "Document" if path.is_empty() && layer_name.is_none() => {
                *layer_name = Some(child.child_text("name").unwrap_or_default().to_string());
                collect(child, path, out, layer_name, depth + 1);
            }
            "Folder" | "Document" => {
                let name = child.child_text("name").unwrap_or_default().to_string();
                let named = !name.is_empty();
                if named {
                    path.push(name);
                }
                collect(child, path, out, layer_name, depth + 1);
                if named {
                    path.pop();
                }
            }
            _ if depth < dom::MAX_DEPTH => collect(child, path, out, layer_name, depth + 1),
            _ => {}
        }
    }
}

/// The geometry type for the dialog: the one type, `mixed`, or `none`.
fn geometry_type(features: &[UserFeature]) -> String {
    let mut types = features.iter().filter_map(|f| f.geometry_type());
    match types.next() {
        None => "none".to_string(),
        Some(first) if types.all(|t| t == first) => first.to_string(),
        Some(_) => "mixed".to_string(),
    }
}
