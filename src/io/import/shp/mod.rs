//! Shapefiles: a `.shp` with its `.shx` index and `.dbf` table (and `.prj`, `.cpg`),
//! picked by any of its files, or a `.zip` holding one or more of them (in folders or
//! not, member names in UTF-8 or GBK).
//!
//! Siblings are found by stem, ignoring case (`A.SHP` with `a.dbf`). Each shapefile is
//! one layer named by its stem. The binary formats are read here directly (they are
//! small): geometries in [`shape`] and [`rings`], attributes in [`dbf`]. Positions stay
//! as written; the `.prj` is reported as [`LayerInfo::declared_crs`] (“the .prj”).
//!
//! The encoding of names and text is the user's choice, else the `.cpg`, else the
//! `.dbf`'s language driver byte (GBK, BIG5), else detected: UTF-8 if the field names
//! and text are valid UTF-8, else GBK.
//!
//! Refused with [`ImportError::Bad`] naming the file, the part and the reason: a
//! missing `.shx` or `.dbf`, headers that are not a shapefile's or a dBASE table's,
//! truncated files (which record), record counts that disagree, damaged records, and
//! zips without a shapefile (listing what they hold). Nothing is allocated beyond what
//! the files' sizes allow.

mod dbf;
mod rings;
mod shape;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Map;

use super::ImportError;
use super::encoding::TextEncoding;
use super::source::{Format, LayerInfo, RawLayer, ReadOptions, SAMPLE_FEATURES};
use super::zip_limits::{self, CheckedZip};
use crate::model::UserFeature;

/// The parts of a shapefile, by extension.
const PARTS: [&str; 5] = ["shp", "shx", "dbf", "prj", "cpg"];

/// How much of the `.dbf` a probe reads: enough for the header, the sample and the
/// encoding's detection.
const PROBE_DBF_BYTES: u64 = 2 << 20;

/// Where one shapefile's parts are: files beside each other, or members of a zip.
enum Where {
    Files([Option<PathBuf>; 5]),
    Zip([Option<usize>; 5]),
}

/// One shapefile found.
struct Found {
    /// The layer name: the `.shp`'s stem.
    name: String,
    /// The `.shp` path as shown in messages (the member path inside a zip).
    label: String,
    parts: Where,
}

/// One part as read: its bytes (the whole part, or its beginning for a probe) and its
/// full size.
struct Part {
    label: String,
    bytes: Vec<u8>,
    len: u64,
}

/// What `path` holds: one layer per shapefile, with its first features.
pub(super) fn probe(path: &Path, format: Format, options: &ReadOptions) -> Result<Vec<LayerInfo>, ImportError> {
    let file = path.display().to_string();
    let (found, mut zip) = find(path, format, options)?;
    found
        .iter()
        .map(|f| Ok(layer(&file, f, zip.as_mut(), options, None)?.info))
        .collect()
}

/// The shapefiles of `path` that `options.layers` selects (all by default), every
/// feature read, positions as written.
pub(super) fn read(
    path: &Path,
    format: Format,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<Vec<RawLayer>, ImportError> {
    let file = path.display().to_string();
    let (found, mut zip) = find(path, format, options)?;
    let chosen: Vec<&Found> = found
        .iter()
        .enumerate()
        .filter(|(i, _)| options.layers.as_ref().is_none_or(|l| l.contains(i)))
        .map(|(_, f)| f)
        .collect();
    let count = chosen.len().max(1) as f32;
    chosen
        .into_iter()
        .enumerate()
        .map(|(k, f)| {
            let share = |x: f32| progress((k as f32 + x) / count);
            layer(&file, f, zip.as_mut(), options, Some(&share))
        })
        .collect()
}

/// The shapefiles of a path: the one a part names, or every one in a zip.
fn find(path: &Path, format: Format, options: &ReadOptions) -> Result<(Vec<Found>, Option<CheckedZip>), ImportError> {
    let file = path.display().to_string();
    if !path.exists() {
        return Err(ImportError::NotFound { file });
    }
    if format == Format::ShapefileZip {
        let zip = zip_limits::open(path, options.max_bytes)?;
        let found = find_in_zip(&zip)?;
        return Ok((found, Some(zip)));
    }
    let stem = stem_of(&path.to_string_lossy()).to_lowercase();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut parts: [Option<PathBuf>; 5] = Default::default();
    let entries = std::fs::read_dir(&dir).map_err(|e| ImportError::Read {
        file: file.clone(),
        source: e,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let (s, ext) = split_ext(&name);
        if s.to_lowercase() != stem {
            continue;
        }
        if let Some(k) = PARTS.iter().position(|p| *p == ext) {
            // The exact name given wins over a case variant.
            if parts[k].is_none() || entry.path() == path {
                parts[k] = Some(entry.path());
            }
        }
    }
    let size: u64 = parts
        .iter()
        .flatten()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    if size > options.max_bytes {
        return Err(ImportError::TooLarge {
            file,
            size,
            limit: options.max_bytes,
        });
    }
    let label = parts[0].as_ref().and_then(|p| p.file_name()).map_or_else(
        || format!("{}.shp", stem_of(&file)),
        |n| n.to_string_lossy().into_owned(),
    );
    let name = stem_of(&label).to_string();
    Ok((
        vec![Found {
            name,
            label,
            parts: Where::Files(parts),
        }],
        None,
    ))
}

/// `(stem, lowercase extension)` of a file name (without folders).
fn split_ext(name: &str) -> (&str, String) {
    match name.rfind('.') {
        Some(dot) => (&name[..dot], name[dot + 1..].to_ascii_lowercase()),
        None => (name, String::new()),
    }
}

/// The stem of the last component of a path (`/` or `\` separated).
fn stem_of(path: &str) -> &str {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    split_ext(base).0
}

fn find_in_zip(zip: &CheckedZip) -> Result<Vec<Found>, ImportError> {
    let mut found = Vec::new();
    for m in zip.members.iter().filter(|m| !m.is_dir) {
        let (base, ext) = split_ext(&m.name);
        if ext != "shp" || is_mac_junk(&m.name) {
            continue;
        }
        let key = base.to_lowercase();
        let mut parts: [Option<usize>; 5] = Default::default();
        for other in zip.members.iter().filter(|o| !o.is_dir) {
            let (b, e) = split_ext(&other.name);
            if b.to_lowercase() == key
                && let Some(k) = PARTS.iter().position(|p| *p == e)
                && parts[k].is_none()
            {
                parts[k] = Some(other.index);
            }
        }
        parts[0] = Some(m.index);
        found.push(Found {
            name: stem_of(&m.name).to_string(),
            label: m.name.clone(),
            parts: Where::Zip(parts),
        });
    }
    if found.is_empty() {
        let names: Vec<&str> = zip
            .members
            .iter()
            .filter(|m| !m.is_dir)
            .map(|m| m.name.as_str())
            .collect();
        let listed = if names.is_empty() {
            "it is empty".to_string()
        } else if names.len() > 12 {
            format!(
                "it holds {} and {} more files",
                names[..12].join(", "),
                names.len() - 12
            )
        } else {
            format!("it holds {}", names.join(", "))
        };
        return Err(ImportError::Bad {
            file: zip.file.clone(),
            part: String::new(),
            reason: format!("no shapefile (.shp) in the zip — {listed}"),
        });
    }
    Ok(found)
}

/// Whether a zip member is macOS bookkeeping (`__MACOSX/…`, `._name`), not data.
fn is_mac_junk(name: &str) -> bool {
    name.starts_with("__MACOSX/") || name.rsplit(['/', '\\']).next().is_some_and(|b| b.starts_with("._"))
}

/// Reads part `k` of `found`: the first `limit` bytes (all when `None`); `Ok(None)`
/// when the part is missing.
fn fetch(
    file: &str,
    found: &Found,
    zip: Option<&mut CheckedZip>,
    k: usize,
    limit: Option<u64>,
) -> Result<Option<Part>, ImportError> {
    let label = format!(
        "{}.{}",
        found.label.strip_suffix(".shp").unwrap_or(&found.label),
        PARTS[k]
    );
    let label = if k == 0 { found.label.clone() } else { label };
    match (&found.parts, zip) {
        (Where::Files(paths), _) => {
            let Some(p) = &paths[k] else { return Ok(None) };
            let read_err = |e| ImportError::Read {
                file: p.display().to_string(),
                source: e,
            };
            let handle = File::open(p).map_err(read_err)?;
            let len = handle.metadata().map_err(read_err)?.len();
            let wanted = limit.map_or(len, |l| l.min(len));
            let mut bytes = Vec::with_capacity(usize::try_from(wanted).unwrap_or(0));
            handle.take(wanted).read_to_end(&mut bytes).map_err(read_err)?;
            let label = p.file_name().map_or(label, |n| n.to_string_lossy().into_owned());
            Ok(Some(Part { label, bytes, len }))
        }
        (Where::Zip(indices), Some(zip)) => {
            let Some(index) = indices[k] else { return Ok(None) };
            let member = zip.members.get(index).map(|m| (m.name.clone(), m.size));
            let Some((label, len)) = member else { return Ok(None) };
            let bytes = zip.read(index, limit)?;
            Ok(Some(Part { label, bytes, len }))
        }
        (Where::Zip(_), None) => Err(ImportError::Internal { file: file.to_string() }),
    }
}

fn bad(file: &str, part: impl Into<String>, reason: impl Into<String>) -> ImportError {
    ImportError::Bad {
        file: file.to_string(),
        part: part.into(),
        reason: reason.into(),
    }
}

/// One shapefile read: its sample only (`progress` is `None`: a probe), or every record.
fn layer(
    file: &str,
    found: &Found,
    mut zip: Option<&mut CheckedZip>,
    options: &ReadOptions,
    progress: Option<&dyn Fn(f32) -> bool>,
) -> Result<RawLayer, ImportError> {
    let probing = progress.is_none();
    let missing = |ext: &str| {
        bad(
            file,
            found.label.clone(),
            format!(
                "the .{ext} file is missing — a shapefile is several files (.shp, .shx, .dbf, and .prj, .cpg) \
                 that must be copied together, with the same name"
            ),
        )
    };
    let shx = fetch(file, found, zip.as_deref_mut(), 1, None)?;
    let shp_head = fetch(file, found, zip.as_deref_mut(), 0, Some(100))?;
    let Some(shp_head) = shp_head else {
        return Err(missing("shp"));
    };
    let Some(shx) = shx else { return Err(missing("shx")) };
    let dbf_limit = probing.then_some(PROBE_DBF_BYTES);
    let Some(dbf) = fetch(file, found, zip.as_deref_mut(), 2, dbf_limit)? else {
        return Err(missing("dbf"));
    };
    let prj = fetch(file, found, zip.as_deref_mut(), 3, Some(1 << 20))?;
    let cpg = fetch(file, found, zip.as_deref_mut(), 4, Some(1 << 10))?;

    // The headers.
    let head = shape::file_header(&shp_head.bytes).map_err(|r| bad(file, &shp_head.label, r))?;
    let shx_head = shape::file_header(&shx.bytes).map_err(|r| bad(file, &shx.label, r))?;
    if shx_head.declared_len > shx.len {
        return Err(bad(
            file,
            &shx.label,
            format!(
                "the file is truncated: {} bytes of the {} its header declares",
                shx.len, shx_head.declared_len
            ),
        ));
    }
    let records = usize::try_from((shx.len.saturating_sub(100)) / 8).unwrap_or(0);
    let table = dbf::header(&dbf.bytes).map_err(|r| bad(file, &dbf.label, r))?;
    let held = table.records_held(dbf.len);
    if (table.record_count as u64) > held {
        return Err(bad(
            file,
            format!("{}, record {}", dbf.label, held + 1),
            format!(
                "the table declares {} records but the file ends after {held}: it is truncated",
                table.record_count
            ),
        ));
    }
    if table.record_count != records {
        return Err(bad(
            file,
            found.label.clone(),
            format!(
                "the record counts disagree: {records} shapes in the .shx, {} records in the .dbf — \
                 the parts do not belong together or one is damaged",
                table.record_count
            ),
        ));
    }

    // The geometries: the whole .shp, or up to the end of the sample.
    let wanted = if probing { records.min(SAMPLE_FEATURES) } else { records };
    let shp_need = (0..wanted)
        .filter_map(|i| shape::entry(&shx.bytes, i))
        .map(|e| e.offset.saturating_add(8).saturating_add(e.len))
        .max()
        .unwrap_or(100);
    let shp = fetch(file, found, zip, 0, probing.then_some(shp_need))?;
    let Some(shp) = shp else { return Err(missing("shp")) };

    let (encoding, encoding_source) = table.encoding(&dbf.bytes, options.encoding, cpg.as_ref().map(|c| &c.bytes[..]));
    let names = table.names(encoding);
    let mut features = Vec::with_capacity(wanted);
    for i in 0..wanted {
        if i % 4096 == 0
            && let Some(p) = progress
            && !p(i as f32 / wanted.max(1) as f32)
        {
            return Err(ImportError::Cancelled { file: file.to_string() });
        }
        let record = table.record(&dbf.bytes, i).ok_or_else(|| {
            bad(
                file,
                format!("{}, record {}", dbf.label, i + 1),
                "the file ends in this record",
            )
        })?;
        if dbf::Header::is_deleted(record) {
            continue;
        }
        let at = |reason: String| bad(file, format!("{}, record {}", shp.label, i + 1), reason);
        let e = shape::entry(&shx.bytes, i).ok_or_else(|| at("the .shx ends early".to_string()))?;
        let geometry = if e.len == 0 {
            shape::geometry(&[])
        } else {
            let start = e.offset.saturating_add(8);
            let end = start.saturating_add(e.len);
            if end > shp.len || e.offset < 100 {
                return Err(at(format!(
                    "the .shx puts it at bytes {start}…{end} of a {}-byte file: the .shp is truncated, or the \
                     .shx does not belong to it",
                    shp.len
                )));
            }
            let content = usize::try_from(start)
                .ok()
                .zip(usize::try_from(end).ok())
                .and_then(|(s, t)| shp.bytes.get(s..t))
                .ok_or_else(|| at("the record cannot be read".to_string()))?;
            shape::geometry(content)
        }
        .map_err(at)?;
        features.push(UserFeature {
            id: None,
            geometry,
            properties: table.properties(record, &names, encoding).into(),
        });
    }
    if let Some(p) = progress
        && !p(1.0)
    {
        return Err(ImportError::Cancelled { file: file.to_string() });
    }
    let declared_crs = prj.map(|p| read_prj(&p.bytes));
    let sample = features.iter().take(SAMPLE_FEATURES).cloned().collect();
    let info = LayerInfo {
        name: found.name.clone(),
        feature_count: records,
        geometry_type: shape::type_name(head.shape_type).to_string(),
        declared_crs,
        encoding: Some((encoding, encoding_source)),
        table: None,
        sample,
    };
    Ok(RawLayer {
        info,
        features: if probing { Vec::new() } else { features },
        foreign_members: Map::new(),
    })
}

/// The system a `.prj` declares (“the .prj”), or why it cannot be read.
fn read_prj(bytes: &[u8]) -> Result<(crate::crs::Crs, String), crate::crs::CrsError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').trim().to_string(),
        Err(_) => TextEncoding::Gbk.decode(bytes).trim().to_string(),
    };
    if text.is_empty() || text.contains('\u{fffd}') || text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(crate::crs::CrsError::Unreadable {
            reason: "the .prj is empty or not text".to_string(),
        });
    }
    crate::crs::from_wkt(&text).map(|crs| (crs, "the .prj".to_string()))
}
