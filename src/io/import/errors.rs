//! Import errors: what went wrong and where (line and column in characters, feature
//! index, member path).

use super::parse::{Ctx, Failure, Seg};

/// Why a file was not imported. Every message names the file; nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: no such file")]
    NotFound { file: String },
    #[error("{file} is a folder, not a GeoJSON file")]
    Directory { file: String },
    #[error("cannot read {file}: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{file} is {} — more than the import limit of {}; split or simplify it first (e.g. with ogr2ogr)",
        size_text(*.size),
        size_text(*.limit)
    )]
    TooLarge { file: String, size: u64, limit: u64 },
    #[error("{file} is empty: a GeoJSON file holds one JSON object")]
    Empty { file: String },
    #[error("{file} is not a text file: {reason} (line {line}, byte offset {offset}); GeoJSON is UTF-8 text")]
    NotText {
        file: String,
        offset: usize,
        line: usize,
        reason: String,
    },
    /// The text is not JSON. `line` and `column` count from 1 (0: unknown); `feature` is
    /// the index in `features` where the error is (shown counted from 1), `path` the
    /// member path inside it.
    #[error("{file}{}: not valid JSON: {reason}", place(*.line, *.column, *.feature, .path))]
    Json {
        file: String,
        line: usize,
        column: usize,
        feature: Option<usize>,
        path: String,
        reason: String,
    },
    /// The JSON stops in the middle of a value.
    #[error(
        "{file}{}: the file ends early — it is truncated or a bracket is not closed ({reason})",
        place(*.line, *.column, *.feature, .path)
    )]
    Truncated {
        file: String,
        line: usize,
        column: usize,
        feature: Option<usize>,
        path: String,
        reason: String,
    },
    /// Valid JSON, but not GeoJSON the atlas can use (wrong types, bad coordinates, …).
    #[error("{file}{}: {reason}", place(*.line, *.column, *.feature, .path))]
    Invalid {
        file: String,
        line: usize,
        column: usize,
        feature: Option<usize>,
        path: String,
        reason: String,
    },
    #[error(
        "{file} declares the coordinate reference system “{crs}”; the atlas needs WGS-84 longitude/latitude \
         (EPSG:4326 or OGC CRS84) — reproject the file first, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson IN`"
    )]
    UnsupportedCrs { file: String, crs: String },
    #[error(
        "{file}: the atlas does not read this kind of file (it reads GeoJSON, Shapefile, zipped Shapefiles, GeoPackage, KML, KMZ, CSV/TSV and .xlsx)"
    )]
    UnknownFormat { file: String },
    /// A file of a known format that cannot be imported: `part` names where (a file in
    /// the zip, a table, a sheet, a row and column, a record), `reason` why.
    #[error("{file}{}: {reason}", in_part(.part))]
    Bad { file: String, part: String, reason: String },
    /// The coordinate system of a layer is neither declared nor chosen.
    #[error("{file} (layer {layer}): which coordinate system? {reason}")]
    NeedsCrs {
        file: String,
        layer: String,
        reason: String,
    },
    #[error("import of {file} cancelled; nothing was imported")]
    Cancelled { file: String },
    #[error("importing {file} stopped unexpectedly (internal error); nothing was imported")]
    Internal { file: String },
}

impl ImportError {
    /// The file (as given) the error is about.
    pub fn file(&self) -> &str {
        match self {
            ImportError::NotFound { file }
            | ImportError::Directory { file }
            | ImportError::Read { file, .. }
            | ImportError::TooLarge { file, .. }
            | ImportError::Empty { file }
            | ImportError::NotText { file, .. }
            | ImportError::Json { file, .. }
            | ImportError::Truncated { file, .. }
            | ImportError::Invalid { file, .. }
            | ImportError::UnsupportedCrs { file, .. }
            | ImportError::UnknownFormat { file }
            | ImportError::Bad { file, .. }
            | ImportError::NeedsCrs { file, .. }
            | ImportError::Cancelled { file }
            | ImportError::Internal { file } => file,
        }
    }
}

/// `, line L, column C (feature F, path)` — each part only when known.
fn place(line: usize, column: usize, feature: Option<usize>, path: &str) -> String {
    let mut out = String::new();
    if line > 0 {
        out.push_str(&format!(", line {line}, column {column}"));
    }
    match (feature, path.is_empty()) {
        (Some(f), true) => out.push_str(&format!(" (feature {})", f + 1)),
        (Some(f), false) => out.push_str(&format!(" (feature {}, {path})", f + 1)),
        (None, false) => out.push_str(&format!(" ({path})")),
        (None, true) => {}
    }
    out
}

/// ` (part)`, or nothing when `part` is empty.
fn in_part(part: &str) -> String {
    if part.is_empty() {
        String::new()
    } else {
        format!(" ({part})")
    }
}

/// A byte count for people: `2.0 GB`, `512 KB`, `37 bytes` (binary units).
fn size_text(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)];
    for (name, size) in UNITS {
        if bytes >= size {
            return format!("{:.1} {name}", bytes as f64 / size as f64);
        }
    }
    format!("{bytes} bytes")
}

impl Ctx<'_> {
    /// The import error for a failed parse of `text`.
    pub(super) fn error(&self, file: &str, text: &str, e: &serde_json::Error) -> ImportError {
        self.error_at(file, text, e, 0)
    }

    /// The import error for a failed parse of the part of `text` that starts at byte
    /// `offset` (a feature read on its own): line and column are those in the whole text.
    pub(super) fn error_at(&self, file: &str, text: &str, e: &serde_json::Error, offset: usize) -> ImportError {
        let file = file.to_string();
        match self.failure.borrow_mut().take() {
            Some(Failure::Crs(crs)) => return ImportError::UnsupportedCrs { file, crs },
            Some(Failure::Cancelled) => return ImportError::Cancelled { file },
            None => {}
        }
        let (feature, path) = self.error_path();
        let (line, byte_column) = global_position(text, offset, e.line(), e.column());
        let column = char_column(text, line, byte_column);
        let mut reason = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        if let Some(r) = reason.strip_suffix(&suffix) {
            reason = r.to_string();
        }
        if reason == "recursion limit exceeded" {
            reason = "nested too deep: more than 128 arrays and objects within one another (geometry \
                      collections within geometry collections?) — refused"
                .to_string();
        }
        match e.classify() {
            serde_json::error::Category::Eof => ImportError::Truncated {
                file,
                line,
                column,
                feature,
                path,
                reason,
            },
            serde_json::error::Category::Syntax => {
                if near_non_finite(text, line, byte_column) {
                    reason.push_str(
                        " — NaN and Infinity are not numbers in JSON; every coordinate must be a finite number",
                    );
                }
                ImportError::Json {
                    file,
                    line,
                    column,
                    feature,
                    path,
                    reason,
                }
            }
            serde_json::error::Category::Data | serde_json::error::Category::Io => ImportError::Invalid {
                file,
                line,
                column,
                feature,
                path,
                reason,
            },
        }
    }

    /// The recorded error path as (feature index, member path inside it).
    fn error_path(&self) -> (Option<usize>, String) {
        let mut segs = std::mem::take(&mut *self.path.borrow_mut());
        segs.reverse();
        let mut feature = None;
        let mut path = String::new();
        for seg in segs {
            match seg {
                Seg::Feature(k) => {
                    feature = Some(k);
                    path.clear();
                }
                Seg::Key(k) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                }
                Seg::Index(k) => path.push_str(&format!("[{k}]")),
            }
        }
        (feature, path)
    }
}

/// serde_json's `line` and byte `column` for a parse that started at byte `offset` of
/// `text`, as line and byte column in the whole text.
fn global_position(text: &str, offset: usize, line: usize, column: usize) -> (usize, usize) {
    if offset == 0 || line == 0 {
        return (line, column);
    }
    let before = &text.as_bytes()[..offset.min(text.len())];
    let lines_before = memchr::memchr_iter(b'\n', before).count();
    if line > 1 {
        return (lines_before + line, column);
    }
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |k| k + 1);
    (lines_before + 1, before.len() - line_start + column)
}

/// serde_json's byte column on `line` (1-based) as a character column.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    if line == 0 {
        return byte_column;
    }
    let Some(line_text) = text.split('\n').nth(line - 1) else {
        return byte_column;
    };
    let mut end = byte_column.min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end += 1;
    }
    line_text[..end].chars().count()
}

/// Whether a syntax error at (`line`, byte `column`) is at a `NaN` or `Infinity` token.
fn near_non_finite(text: &str, line: usize, column: usize) -> bool {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return false;
    };
    let bytes = line_text.as_bytes();
    let from = column.saturating_sub(2).min(bytes.len());
    let to = (column + 10).min(bytes.len());
    let window = String::from_utf8_lossy(&bytes[from..to]).to_ascii_lowercase();
    window.contains("nan") || window.contains("inf")
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\"名称\": x}";
        // serde_json reports the byte column just past the offending byte.
        let e = serde_json::from_str::<Value>(text).expect_err("invalid");
        assert_eq!(char_column(text, e.line(), e.column()), 8);
    }

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(size_text(2 << 30), "2.0 GB");
        assert_eq!(size_text(1536), "1.5 KB");
        assert_eq!(size_text(12), "12 bytes");
    }
}
