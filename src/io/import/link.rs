//! Linked layers (issue 18, point 10): what a project keeps of a layer it does not hold
//! a copy of — how its file was read and what the file looked like — and reading the
//! file again when the project opens.
//!
//! The record (`UserLayer::read_as`) is a JSON object: `{"reader": "geojson", "gcj02":
//! false}` for a GeoJSON import, or `{"reader": "layers", "layer": 0, "crs": …,
//! "encoding": …, "sheet": …, "columns": …}` for the other formats (the coordinate
//! system as decided at import, so a guessed one is not guessed again), plus `"bytes"`
//! and `"modified"` (seconds since 1970) of the file when it was read.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::{ImportError, ImportOptions, ReadOptions};
use crate::crs::Crs;
use crate::model::UserLayer;

/// A file's size and modification time (whole seconds since 1970).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub bytes: u64,
    pub modified_s: Option<u64>,
}

impl Stamp {
    /// The stamp of the file at `path` now (`None`: it cannot be read).
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            bytes: m.len(),
            modified_s: m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_secs()),
        })
    }

    /// The stamp a record holds.
    pub fn in_record(read_as: &Value) -> Option<Stamp> {
        Some(Stamp {
            bytes: read_as.get("bytes")?.as_u64()?,
            modified_s: read_as.get("modified").and_then(Value::as_u64),
        })
    }

    fn put(self, record: &mut Map<String, Value>) {
        record.insert("bytes".into(), json!(self.bytes));
        if let Some(m) = self.modified_s {
            record.insert("modified".into(), json!(m));
        }
    }
}

/// The record of a GeoJSON import.
pub fn read_as_geojson(gcj02: bool, stamp: Option<Stamp>) -> Value {
    let mut record = Map::new();
    record.insert("reader".into(), json!("geojson"));
    record.insert("gcj02".into(), json!(gcj02));
    if let Some(s) = stamp {
        s.put(&mut record);
    }
    Value::Object(record)
}

/// The record of layer `index`, named `name`, of a file read with `options` in `crs`.
pub fn read_as_layer(options: &ReadOptions, index: usize, name: &str, crs: Crs, stamp: Option<Stamp>) -> Value {
    let mut record = Map::new();
    record.insert("reader".into(), json!("layers"));
    record.insert("layer".into(), json!(index));
    record.insert("name".into(), json!(name));
    let mut put = |key: &str, v: Result<Value, serde_json::Error>| {
        if let Ok(v) = v
            && !v.is_null()
        {
            record.insert(key.into(), v);
        }
    };
    put("crs", serde_json::to_value(crs));
    put("encoding", serde_json::to_value(options.encoding));
    put("sheet", serde_json::to_value(&options.sheet));
    put("columns", serde_json::to_value(&options.columns));
    if let Some(s) = stamp {
        s.put(&mut record);
    }
    Value::Object(record)
}

/// Why a linked layer's file could not be read again.
fn bad(path: &Path, reason: &str) -> ImportError {
    ImportError::Bad {
        file: path.display().to_string(),
        part: "the project's link".to_string(),
        reason: reason.to_string(),
    }
}

/// Reads the file of a linked layer again as its record says; the layer comes back with
/// its `source` and a record of the file as it is now.
pub fn reread(path: &Path, read_as: &Value) -> Result<UserLayer, ImportError> {
    match read_as.get("reader").and_then(Value::as_str) {
        Some("geojson") => {
            let options = ImportOptions {
                gcj02: read_as.get("gcj02").and_then(Value::as_bool).unwrap_or(false),
                ..ImportOptions::default()
            };
            super::import_geojson(path, &options, &|_| true)
        }
        Some("layers") => {
            let field = |key: &str| read_as.get(key).cloned().unwrap_or(Value::Null);
            let parse_err = |what: &str, e: serde_json::Error| bad(path, &format!("its {what} cannot be read: {e}"));
            let recorded = read_as
                .get("layer")
                .and_then(Value::as_u64)
                .and_then(|i| usize::try_from(i).ok())
                .ok_or_else(|| bad(path, "it does not say which layer of the file"))?;
            let mut options = ReadOptions {
                crs: serde_json::from_value(field("crs")).map_err(|e| parse_err("coordinate system", e))?,
                encoding: serde_json::from_value(field("encoding")).map_err(|e| parse_err("encoding", e))?,
                sheet: serde_json::from_value(field("sheet")).map_err(|e| parse_err("sheet", e))?,
                columns: serde_json::from_value(field("columns")).map_err(|e| parse_err("columns", e))?,
                ..ReadOptions::default()
            };
            let index = match read_as.get("name").and_then(Value::as_str) {
                Some(name) => layer_named(path, &options, name, recorded)?,
                None => recorded,
            };
            options.layers = Some(vec![index]);
            super::read_layers(path, &options, &|_| true)?
                .into_iter()
                .next()
                .ok_or_else(|| bad(path, &format!("the file has no layer {}", index + 1)))
        }
        _ => Err(bad(path, "it does not say how the file was read")),
    }
}

/// The index of the layer called `name` in the file (a table or member added or removed
/// before it moves it); a file of one layer gives that layer whatever its name (a renamed
/// sheet or file); else the layer is gone, and saying so beats reading another one.
fn layer_named(path: &Path, options: &ReadOptions, name: &str, recorded: usize) -> Result<usize, ImportError> {
    let probe = super::probe(path, options)?;
    if let Some(k) = probe.layers.iter().position(|l| l.info.name == name) {
        return Ok(k);
    }
    match probe.layers.len() {
        1 => Ok(0),
        _ => Err(bad(
            path,
            &format!(
                "it has no layer “{name}” any more (it was layer {} of the file)",
                recorded + 1
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_record_keeps_the_decided_system_and_the_choices() {
        let options = ReadOptions {
            sheet: Some("站点".into()),
            ..ReadOptions::default()
        };
        let crs = Crs::GaussKruger {
            epsg: Some(4549),
            central_meridian_deg: 120.0,
            false_easting_m: 500_000.0,
        };
        let stamp = Stamp {
            bytes: 12,
            modified_s: Some(1_700_000_000),
        };
        let record = read_as_layer(&options, 2, "站点", crs, Some(stamp));
        assert_eq!(record["layer"], json!(2));
        assert_eq!(record["sheet"], json!("站点"));
        assert_eq!(serde_json::from_value::<Crs>(record["crs"].clone()).unwrap(), crs);
        assert!(record.get("columns").is_none());
        assert_eq!(Stamp::in_record(&record), Some(stamp));
    }

    #[test]
    fn a_record_that_names_no_reader_is_refused_with_the_file_named() {
        let e = reread(Path::new("/nowhere/layer.shp"), &json!({}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("layer.shp") && e.contains("how the file was read"), "{e}");
    }
}
