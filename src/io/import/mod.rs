//! GeoJSON import: a file (or text) becomes one [`UserLayer`], all or nothing.
//!
//! # What is accepted
//!
//! - A `FeatureCollection` (one user feature per feature), a single `Feature`, or a bare
//!   geometry (one feature without properties). Members may come in any order (files
//!   written with sorted keys put `type` last).
//! - Every geometry type of RFC 7946, including `GeometryCollection` (kept as a
//!   [`geo::GeometryCollection`], nesting allowed). A feature whose `geometry` is `null`
//!   is kept, with an *empty* `GeometryCollection` standing for “no geometry”
//!   ([`UserFeature::geometry_type`] is then `None`). Empty `coordinates` arrays give empty
//!   geometries (RFC 7946 §3.1). Positions keep longitude and latitude; a third number
//!   (altitude) and further ones are checked to be numbers and dropped (the atlas is 2-D).
//! - A legacy (2008) `crs` member naming WGS-84 longitude/latitude: OGC CRS84, EPSG:4326
//!   in its short, URN and URL spellings, `{"type":"EPSG","properties":{"code":4326}}`,
//!   or `null`. EPSG:4490 (CGCS2000, which equals WGS-84 at the atlas's scale, see
//!   [`crate::coords`]) is accepted too. Any other `crs` — at the top or on a feature or
//!   geometry — refuses the file with [`ImportError::UnsupportedCrs`].
//! - [`ImportOptions::gcj02`]: the file's positions are GCJ-02 (Amap, Tencent) and are
//!   converted to WGS-84 with [`crate::coords::gcj02_to_wgs84`] (range checks apply to
//!   the positions as written).
//!
//! # What is kept
//!
//! Every feature's `properties` (unknown keys and simplestyle keys alike, values as
//! read) and its `id` (string or number). The collection's foreign members (every member
//! but `type`, `features`, `bbox` and `crs`, e.g. `name`) go to
//! [`UserLayer::foreign_members`]; its `name`, when a non-empty string, names the layer,
//! else the file stem does. Not kept: `bbox` members (recomputed when needed), foreign
//! members of features and geometries, and the members of a top-level Feature other
//! than `id`, `properties` and `geometry`.
//!
//! # Validation
//!
//! The whole file is read and checked before anything is returned: an error means
//! nothing was imported. Refused: a missing file, a directory, a file over
//! [`ImportOptions::max_bytes`] (from its metadata, before reading), an empty file,
//! non-UTF-8 bytes, invalid JSON (line and column), a truncated file, wrong JSON types
//! (feature index and member path, e.g. `feature 3, geometry.coordinates[0][2]`),
//! unknown `type`s, positions with fewer than two numbers, longitude outside −180…180 or
//! latitude outside −90…90, LineStrings with one position, polygon rings with fewer than
//! four positions or not closed (last position identical to the first), `id`s that are
//! neither strings nor numbers, and unsupported `crs` members. Every message names the
//! file; columns count characters (not bytes) from 1.
//!
//! # Speed and progress
//!
//! The text is parsed once, by serde_json, straight into `geo` geometries (no
//! intermediate `serde_json::Value` tree except for property values). Progress is
//! honest but coarse: reading the file counts for the first [`READ_SHARE`] of the
//! fraction (bytes read), parsing for the rest (bytes parsed, measured at the start of
//! each feature of a FeatureCollection, so a file with one huge feature jumps from
//! [`READ_SHARE`] to 1). The callback is called at most about 200 times per phase.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread::JoinHandle;

use geo::{Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::coords::gcj02_to_wgs84;
use crate::model::{UserFeature, UserLayer};

/// The default [`ImportOptions::max_bytes`]: 1 GiB.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;

/// The share of the progress fraction that reading the file takes (parsing takes the rest).
pub const READ_SHARE: f32 = 0.2;

/// How the file is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    /// The positions are GCJ-02 (Amap/Tencent); convert them to WGS-84.
    pub gcj02: bool,
    /// Files larger than this many bytes are refused before they are read.
    pub max_bytes: u64,
}

impl Default for ImportOptions {
    /// WGS-84 positions, files up to [`DEFAULT_MAX_BYTES`].
    fn default() -> Self {
        ImportOptions {
            gcj02: false,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

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
    /// the index in `features` where the error is, `path` the member path inside it.
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
        (Some(f), true) => out.push_str(&format!(" (feature {f})")),
        (Some(f), false) => out.push_str(&format!(" (feature {f}, {path})")),
        (None, false) => out.push_str(&format!(" ({path})")),
        (None, true) => {}
    }
    out
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

/// Imports a GeoJSON file as one user layer ([`UserLayer::source`] set to `path`).
///
/// Blocking; meant to run off the UI thread (see [`ImportJob`]). `progress` gets the
/// fraction done, 0…1 (see the module docs for what it measures), and returns `false`
/// to stop the import with [`ImportError::Cancelled`]. Files larger than
/// `options.max_bytes` are refused from their metadata without being read.
pub fn import_geojson(
    path: &Path,
    options: &ImportOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<UserLayer, ImportError> {
    let file = path.display().to_string();
    let bytes = read_file(path, &file, options.max_bytes, progress)?;
    let text = utf8_text(&file, bytes)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    let mut layer = import_text(&file, &stem, &text, options, progress, (READ_SHARE, 1.0))?;
    layer.source = Some(path.to_path_buf());
    Ok(layer)
}

/// Imports GeoJSON text as one user layer, as [`import_geojson`] does a file (without
/// progress, size limit or [`UserLayer::source`]). `file_name` names the text in
/// messages, and its stem names the layer unless the collection has a `name`.
pub fn import_geojson_str(file_name: &str, text: &str, options: &ImportOptions) -> Result<UserLayer, ImportError> {
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file_name.to_string());
    import_text(file_name, &stem, text, options, &|_| true, (0.0, 1.0))
}

/// Reads the whole file in chunks, reporting progress up to [`READ_SHARE`].
fn read_file(path: &Path, file: &str, limit: u64, progress: &dyn Fn(f32) -> bool) -> Result<Vec<u8>, ImportError> {
    const CHUNK: u64 = 4 << 20;
    let io_error = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => ImportError::NotFound { file: file.to_string() },
        std::io::ErrorKind::IsADirectory => ImportError::Directory { file: file.to_string() },
        _ => ImportError::Read {
            file: file.to_string(),
            source,
        },
    };
    let cancelled = || ImportError::Cancelled { file: file.to_string() };
    let meta = std::fs::metadata(path).map_err(io_error)?;
    if meta.is_dir() {
        return Err(ImportError::Directory { file: file.to_string() });
    }
    let expected = meta.len();
    if expected > limit {
        return Err(ImportError::TooLarge {
            file: file.to_string(),
            size: expected,
            limit,
        });
    }
    if !progress(0.0) {
        return Err(cancelled());
    }
    let mut handle = File::open(path).map_err(io_error)?;
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0).saturating_add(1));
    let mut last = 0.0f32;
    loop {
        let n = handle.by_ref().take(CHUNK).read_to_end(&mut bytes).map_err(io_error)?;
        if n == 0 {
            break;
        }
        let read = bytes.len() as u64;
        // The file grew past the limit while being read (or is a device without a size).
        if read > limit {
            return Err(ImportError::TooLarge {
                file: file.to_string(),
                size: read,
                limit,
            });
        }
        let fraction = READ_SHARE * (read as f32 / expected.max(read).max(1) as f32);
        if fraction - last >= READ_SHARE / 200.0 {
            last = fraction;
            if !progress(fraction) {
                return Err(cancelled());
            }
        }
    }
    if !progress(READ_SHARE) {
        return Err(cancelled());
    }
    Ok(bytes)
}

/// The bytes as text, or why they are not (not UTF-8, or NUL bytes: a binary file).
fn utf8_text(file: &str, bytes: Vec<u8>) -> Result<String, ImportError> {
    let not_text = |bytes: &[u8], offset: usize, reason: &str| ImportError::NotText {
        file: file.to_string(),
        offset,
        line: 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count(),
        reason: reason.to_string(),
    };
    // Binary formats are full of NULs, which are never in JSON text; look at the start.
    let head = &bytes[..bytes.len().min(64 << 10)];
    if let Some(offset) = head.iter().position(|b| *b == 0) {
        return Err(not_text(&bytes, offset, "it contains NUL bytes"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        not_text(e.as_bytes(), offset, "it is not UTF-8")
    })
}

/// Parses `text` (the contents of `file`) into a layer named by its `name` or `stem`;
/// progress runs over `span`.
fn import_text(
    file: &str,
    stem: &str,
    text: &str,
    options: &ImportOptions,
    progress: &dyn Fn(f32) -> bool,
    span: (f32, f32),
) -> Result<UserLayer, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty { file: file.to_string() });
    }
    let ctx = Ctx::new(text, options.gcj02, progress, span);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = DocSeed { ctx: &ctx }.deserialize(&mut de).and_then(|doc| {
        de.end()?;
        Ok(doc)
    });
    let doc = parsed.map_err(|e| ctx.error(file, text, &e))?;
    if !progress(span.1) {
        return Err(ImportError::Cancelled { file: file.to_string() });
    }
    let name = match doc.foreign.get("name") {
        Some(Value::String(n)) if !n.trim().is_empty() => n.clone(),
        _ => stem.to_string(),
    };
    Ok(UserLayer {
        name,
        source: None,
        foreign_members: doc.foreign,
        features: doc.features,
    })
}

// ---------------------------------------------------------------------------------------
// Running an import in a thread.

/// An import running in its own thread, for the window: poll [`ImportJob::progress`]
/// each frame, [`ImportJob::cancel`] on request, and take the result with
/// [`ImportJob::try_finish`]. Dropping a running job cancels it.
pub struct ImportJob {
    path: PathBuf,
    progress: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
    handle: Option<JoinHandle<Result<UserLayer, ImportError>>>,
}

impl ImportJob {
    /// Starts importing `path` in a new thread. `notify` is called from that thread
    /// whenever the progress moves and once when the import ends (e.g. to request a
    /// repaint). Fails only when no thread can be started.
    pub fn spawn(
        path: PathBuf,
        options: ImportOptions,
        notify: impl Fn() + Send + 'static,
    ) -> Result<ImportJob, ImportError> {
        let progress = Arc::new(AtomicU32::new(0f32.to_bits()));
        let cancel = Arc::new(AtomicBool::new(false));
        let (p, c, thread_path) = (progress.clone(), cancel.clone(), path.clone());
        let handle = std::thread::Builder::new()
            .name("geojson-import".into())
            .spawn(move || {
                let result = import_geojson(&thread_path, &options, &|f| {
                    p.store(f.to_bits(), Ordering::Relaxed);
                    notify();
                    !c.load(Ordering::Relaxed)
                });
                p.store(1f32.to_bits(), Ordering::Relaxed);
                notify();
                result
            })
            .map_err(|source| ImportError::Read {
                file: path.display().to_string(),
                source,
            })?;
        Ok(ImportJob {
            path,
            progress,
            cancel,
            handle: Some(handle),
        })
    }

    /// The file being imported.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The fraction done, 0…1 (see the module docs for what it measures).
    pub fn progress(&self) -> f32 {
        f32::from_bits(self.progress.load(Ordering::Relaxed))
    }

    /// Asks the import to stop; it then ends soon with [`ImportError::Cancelled`].
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the thread has ended (the result is ready or was taken).
    pub fn is_finished(&self) -> bool {
        self.handle.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// The result once the thread has ended, else `None`. Returns it only once.
    pub fn try_finish(&mut self) -> Option<Result<UserLayer, ImportError>> {
        if !self.handle.as_ref()?.is_finished() {
            return None;
        }
        self.wait()
    }

    /// Blocks until the import ends and returns its result (`None` if already taken).
    pub fn wait(&mut self) -> Option<Result<UserLayer, ImportError>> {
        let handle = self.handle.take()?;
        Some(handle.join().unwrap_or_else(|_| {
            Err(ImportError::Internal {
                file: self.path.display().to_string(),
            })
        }))
    }
}

impl Drop for ImportJob {
    fn drop(&mut self) {
        if self.handle.is_some() {
            self.cancel();
        }
    }
}

impl fmt::Debug for ImportJob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportJob")
            .field("path", &self.path)
            .field("progress", &self.progress())
            .field("finished", &self.is_finished())
            .finish()
    }
}

// ---------------------------------------------------------------------------------------
// Parse state shared by the visitors.

/// One step of the path to an error, recorded while the error travels up.
#[derive(Clone, Copy, Debug)]
enum Seg {
    Key(&'static str),
    Index(usize),
    Feature(usize),
}

/// Why the parse stopped, when it is not the JSON's fault.
enum Failure {
    Crs(String),
    Cancelled,
}

struct Ctx<'a> {
    /// Address and length of the text, to turn borrowed keys into byte offsets.
    base: usize,
    len: usize,
    gcj02: bool,
    progress: &'a dyn Fn(f32) -> bool,
    span: (f32, f32),
    /// Byte offset of the last key seen, and where to report progress next.
    pos: Cell<usize>,
    next_report: Cell<usize>,
    /// Path to the error, innermost first (filled only on error).
    path: RefCell<Vec<Seg>>,
    failure: RefCell<Option<Failure>>,
}

impl<'a> Ctx<'a> {
    fn new(text: &str, gcj02: bool, progress: &'a dyn Fn(f32) -> bool, span: (f32, f32)) -> Ctx<'a> {
        Ctx {
            base: text.as_ptr() as usize,
            len: text.len(),
            gcj02,
            progress,
            span,
            pos: Cell::new(0),
            next_report: Cell::new(text.len() / 200),
            path: RefCell::new(Vec::new()),
            failure: RefCell::new(None),
        }
    }

    /// Adds `seg` to the error path if `r` is an error.
    fn trace<T, E>(&self, seg: Seg, r: Result<T, E>) -> Result<T, E> {
        if r.is_err() {
            self.path.borrow_mut().push(seg);
        }
        r
    }

    /// Notes where a string borrowed from the text lies (for progress).
    fn seen(&self, s: &str) {
        let offset = (s.as_ptr() as usize).wrapping_sub(self.base);
        if offset <= self.len {
            self.pos.set(offset);
        }
    }

    /// Reports progress if it moved enough since the last report; errors on cancel.
    fn tick<E: de::Error>(&self) -> Result<(), E> {
        let pos = self.pos.get();
        if pos < self.next_report.get() {
            return Ok(());
        }
        self.next_report.set(pos + self.len / 200 + 1);
        let (from, to) = self.span;
        if (self.progress)(from + (to - from) * (pos as f32 / self.len.max(1) as f32)) {
            Ok(())
        } else {
            *self.failure.borrow_mut() = Some(Failure::Cancelled);
            Err(E::custom("cancelled"))
        }
    }

    /// A position as read: range-checked, then converted from GCJ-02 if asked.
    fn lon_lat<E: de::Error>(&self, lon: f64, lat: f64) -> Result<Coord<f64>, E> {
        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            return Err(E::custom(range_reason(lon, lat)));
        }
        let [x, y] = if self.gcj02 {
            gcj02_to_wgs84([lon, lat])
        } else {
            [lon, lat]
        };
        Ok(Coord { x, y })
    }

    /// Refuses a `crs` member that does not name WGS-84 longitude/latitude.
    fn check_crs<E: de::Error>(&self, crs: &Value) -> Result<(), E> {
        match unsupported_crs(crs) {
            None => Ok(()),
            Some(name) => {
                *self.failure.borrow_mut() = Some(Failure::Crs(name));
                Err(E::custom("unsupported crs"))
            }
        }
    }

    /// The import error for a failed parse of `text`.
    fn error(&self, file: &str, text: &str, e: &serde_json::Error) -> ImportError {
        let file = file.to_string();
        match self.failure.borrow_mut().take() {
            Some(Failure::Crs(crs)) => return ImportError::UnsupportedCrs { file, crs },
            Some(Failure::Cancelled) => return ImportError::Cancelled { file },
            None => {}
        }
        let (feature, path) = self.error_path();
        let line = e.line();
        let column = char_column(text, line, e.column());
        let mut reason = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        if let Some(r) = reason.strip_suffix(&suffix) {
            reason = r.to_string();
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
                if near_non_finite(text, line, e.column()) {
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

/// Why a position is out of range, with a hint at the likely cause.
fn range_reason(lon: f64, lat: f64) -> String {
    let mut out = if (-180.0..=180.0).contains(&lon) {
        format!("latitude {lat} is outside −90…90")
    } else {
        format!("longitude {lon} is outside −180…180")
    };
    if lon.abs() <= 90.0 && lat.abs() <= 180.0 {
        out.push_str(" — are longitude and latitude swapped? GeoJSON puts longitude first");
    } else if lon.abs() > 1000.0 || lat.abs() > 1000.0 {
        out.push_str(
            " — the coordinates look projected (metres); the atlas needs WGS-84 longitude/latitude in degrees",
        );
    } else {
        out.push_str("; the atlas needs WGS-84 longitude/latitude in degrees");
    }
    out
}

/// `None` if `crs` names WGS-84 longitude/latitude, else a name for it.
fn unsupported_crs(crs: &Value) -> Option<String> {
    const ACCEPTED_CODES: [u64; 2] = [4326, 4490];
    if crs.is_null() {
        return None;
    }
    let props = crs.get("properties");
    match crs.get("type").and_then(Value::as_str) {
        Some("name") => {
            let name = props.and_then(|p| p.get("name")).and_then(Value::as_str)?;
            let n = name.trim().to_ascii_uppercase();
            let code_ok = |rest: &str| {
                rest.rsplit([':', '/', '#'])
                    .next()
                    .and_then(|c| c.parse::<u64>().ok())
                    .is_some_and(|c| ACCEPTED_CODES.contains(&c))
            };
            let crs84 = n.ends_with("CRS84") && (n == "CRS84" || n.contains("OGC"));
            let epsg = (n.starts_with("EPSG:")
                || n.starts_with("URN:OGC:DEF:CRS:EPSG:")
                || n.starts_with("HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/")
                || n.starts_with("HTTPS://WWW.OPENGIS.NET/DEF/CRS/EPSG/")
                || n.starts_with("HTTP://WWW.OPENGIS.NET/GML/SRS/EPSG.XML#"))
                && code_ok(&n);
            if crs84 || epsg { None } else { Some(name.to_string()) }
        }
        Some("EPSG") => match props.and_then(|p| p.get("code")) {
            Some(code) if code.as_u64().is_some_and(|c| ACCEPTED_CODES.contains(&c)) => None,
            Some(code) => Some(format!("EPSG:{code}")),
            None => Some(crs.to_string()),
        },
        _ => {
            let mut text = crs.to_string();
            if text.len() > 120 {
                let mut end = 120;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
                text.push('…');
            }
            Some(text)
        }
    }
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

// ---------------------------------------------------------------------------------------
// The visitors: serde_json straight into geo types.

/// What the top-level object turned out to be.
struct Doc {
    features: Vec<UserFeature>,
    foreign: Map<String, Value>,
}

use crate::model::user_layer::GEOMETRY_TYPES;

/// A string, borrowed from the text when it can be (its offset then feeds progress).
struct StrSeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for StrSeed<'_, '_> {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for StrSeed<'_, '_> {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        self.ctx.seen(s);
        Ok(Cow::Borrowed(s))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_string()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

/// The top-level object: FeatureCollection, Feature or geometry.
struct DocSeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for DocSeed<'_, '_> {
    type Value = Doc;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Doc, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_, '_> {
    type Value = Doc;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON object (FeatureCollection, Feature or geometry)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
        let ctx = self.ctx;
        let mut kind: Option<String> = None;
        let mut features: Option<Vec<UserFeature>> = None;
        let mut geometry: Option<Option<Geometry<f64>>> = None;
        let mut properties: Option<Value> = None;
        let mut id: Option<Value> = None;
        let mut coords: Option<Coords> = None;
        let mut geometries: Option<Vec<Geometry<f64>>> = None;
        let mut foreign = Map::new();
        while let Some(key) = map.next_key_seed(StrSeed { ctx })? {
            // A member means what it means for the type when the type is known already
            // (else what it means for the only type that has it); otherwise it is foreign.
            let means = |for_type: &dyn Fn(&str) -> bool| kind.as_deref().is_none_or(for_type);
            match &*key {
                "type" => kind = Some(ctx.trace(Seg::Key("type"), map.next_value::<String>())?),
                "crs" => {
                    let crs = ctx.trace(Seg::Key("crs"), map.next_value::<Value>())?;
                    ctx.check_crs(&crs)?;
                }
                "bbox" => {
                    ctx.trace(Seg::Key("bbox"), map.next_value::<IgnoredAny>())?;
                }
                "features" if means(&|t| t == "FeatureCollection") => {
                    features = Some(ctx.trace(Seg::Key("features"), map.next_value_seed(FeaturesSeed { ctx }))?);
                }
                "geometry" if means(&|t| t == "Feature") => {
                    geometry = Some(ctx.trace(Seg::Key("geometry"), map.next_value_seed(OptGeometrySeed { ctx }))?);
                }
                "properties" if means(&|t| t == "Feature") => {
                    properties = Some(ctx.trace(Seg::Key("properties"), map.next_value::<Value>())?);
                }
                "id" if means(&|t| t == "Feature") => {
                    id = Some(ctx.trace(Seg::Key("id"), map.next_value::<Value>())?);
                }
                "coordinates" if means(&|t| GEOMETRY_TYPES.contains(&t) && t != "GeometryCollection") => {
                    coords = Some(ctx.trace(Seg::Key("coordinates"), map.next_value_seed(CoordsSeed { ctx }))?);
                }
                "geometries" if means(&|t| t == "GeometryCollection") => {
                    geometries = Some(ctx.trace(Seg::Key("geometries"), map.next_value_seed(GeometriesSeed { ctx }))?);
                }
                other => {
                    let value = map.next_value::<Value>()?;
                    foreign.insert(other.to_string(), value);
                }
            }
        }
        let Some(kind) = kind else {
            return Err(de::Error::custom(
                "the top-level object has no “type” member, so it is not GeoJSON \
                 (expected a FeatureCollection, a Feature or a geometry)",
            ));
        };
        match kind.as_str() {
            "FeatureCollection" => {
                let features =
                    features.ok_or_else(|| de::Error::custom("the FeatureCollection has no “features” array"))?;
                // Members of a Feature read before `type` said otherwise are foreign here.
                if let Some(p) = properties {
                    foreign.insert("properties".into(), p);
                }
                if let Some(i) = id {
                    foreign.insert("id".into(), i);
                }
                Ok(Doc { features, foreign })
            }
            "Feature" => {
                let properties = match properties {
                    None | Some(Value::Null) => Map::new(),
                    Some(Value::Object(m)) => m,
                    Some(other) => {
                        ctx.path.borrow_mut().push(Seg::Key("properties"));
                        return Err(de::Error::custom(format!(
                            "“properties” must be an object or null, not {}",
                            json_kind(&other)
                        )));
                    }
                };
                let id = match id {
                    None => None,
                    Some(v) => ctx.trace(Seg::Key("id"), feature_id(v))?,
                };
                Ok(Doc {
                    features: vec![UserFeature {
                        id,
                        geometry: geometry.flatten().unwrap_or_else(no_geometry),
                        properties,
                    }],
                    foreign: Map::new(),
                })
            }
            t if GEOMETRY_TYPES.contains(&t) => {
                let geometry = ctx.build(t, coords, geometries)?;
                Ok(Doc {
                    features: vec![UserFeature {
                        id: None,
                        geometry,
                        properties: Map::new(),
                    }],
                    foreign: Map::new(),
                })
            }
            other => {
                ctx.path.borrow_mut().push(Seg::Key("type"));
                Err(de::Error::custom(format!(
                    "unknown GeoJSON type “{other}” (expected FeatureCollection, Feature or a geometry type)"
                )))
            }
        }
    }
}

/// A feature without geometry: an empty collection (see the module docs).
fn no_geometry() -> Geometry<f64> {
    Geometry::GeometryCollection(GeometryCollection::default())
}

/// What kind of JSON value this is, for messages.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A feature `id`: a string or a number; `null` means none.
fn feature_id<E: de::Error>(v: Value) -> Result<Option<Value>, E> {
    match v {
        Value::Null => Ok(None),
        Value::String(_) | Value::Number(_) => Ok(Some(v)),
        other => Err(E::custom(format!(
            "a feature “id” is a string or a number, not {}",
            json_kind(&other)
        ))),
    }
}

/// The `features` array of a collection.
struct FeaturesSeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_, '_> {
    type Value = Vec<UserFeature>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_, '_> {
    type Value = Vec<UserFeature>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let ctx = self.ctx;
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(f) = ctx.trace(Seg::Feature(out.len()), seq.next_element_seed(FeatureSeed { ctx }))? {
            out.push(f);
            ctx.tick()?;
        }
        Ok(out)
    }
}

/// One feature of a collection.
struct FeatureSeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_, '_> {
    type Value = UserFeature;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FeatureSeed<'_, '_> {
    type Value = UserFeature;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON Feature object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ctx = self.ctx;
        let mut is_feature = false;
        let mut geometry = None;
        let mut properties = None;
        let mut id = None;
        while let Some(key) = map.next_key_seed(StrSeed { ctx })? {
            match &*key {
                "type" => {
                    let t = ctx.trace(Seg::Key("type"), map.next_value_seed(StrSeed { ctx }))?;
                    if t != "Feature" {
                        ctx.path.borrow_mut().push(Seg::Key("type"));
                        return Err(de::Error::custom(format!(
                            "the features of a FeatureCollection must have “type”: “Feature”, not “{t}”"
                        )));
                    }
                    is_feature = true;
                }
                "geometry" => {
                    geometry = ctx.trace(Seg::Key("geometry"), map.next_value_seed(OptGeometrySeed { ctx }))?;
                }
                "properties" => {
                    properties = ctx.trace(Seg::Key("properties"), map.next_value::<Option<Map<String, Value>>>())?;
                }
                "id" => {
                    let v = ctx.trace(Seg::Key("id"), map.next_value::<Value>())?;
                    id = ctx.trace(Seg::Key("id"), feature_id(v))?;
                }
                "crs" => {
                    let crs = ctx.trace(Seg::Key("crs"), map.next_value::<Value>())?;
                    ctx.check_crs(&crs)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !is_feature {
            return Err(de::Error::custom("the feature has no “type”: “Feature” member"));
        }
        Ok(UserFeature {
            id,
            geometry: geometry.unwrap_or_else(no_geometry),
            properties: properties.unwrap_or_default(),
        })
    }
}

/// A geometry or `null`.
struct OptGeometrySeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for OptGeometrySeed<'_, '_> {
    type Value = Option<Geometry<f64>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptGeometrySeed<'_, '_> {
    type Value = Option<Geometry<f64>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry object or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        GeometrySeed { ctx: self.ctx }.deserialize(d).map(Some)
    }
}

/// A geometry object.
struct GeometrySeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for GeometrySeed<'_, '_> {
    type Value = Geometry<f64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for GeometrySeed<'_, '_> {
    type Value = Geometry<f64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ctx = self.ctx;
        let mut kind: Option<Cow<'de, str>> = None;
        let mut coords = None;
        let mut geometries = None;
        while let Some(key) = map.next_key_seed(StrSeed { ctx })? {
            match &*key {
                "type" => kind = Some(ctx.trace(Seg::Key("type"), map.next_value_seed(StrSeed { ctx }))?),
                "coordinates" => {
                    coords = Some(ctx.trace(Seg::Key("coordinates"), map.next_value_seed(CoordsSeed { ctx }))?);
                }
                "geometries" => {
                    geometries = Some(ctx.trace(Seg::Key("geometries"), map.next_value_seed(GeometriesSeed { ctx }))?);
                }
                "crs" => {
                    let crs = ctx.trace(Seg::Key("crs"), map.next_value::<Value>())?;
                    ctx.check_crs(&crs)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::custom("the geometry has no “type” member"))?;
        ctx.build(&kind, coords, geometries)
    }
}

/// The `geometries` of a GeometryCollection.
struct GeometriesSeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for GeometriesSeed<'_, '_> {
    type Value = Vec<Geometry<f64>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for GeometriesSeed<'_, '_> {
    type Value = Vec<Geometry<f64>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of geometry objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let ctx = self.ctx;
        let mut out = Vec::new();
        while let Some(g) = ctx.trace(Seg::Index(out.len()), seq.next_element_seed(GeometrySeed { ctx }))? {
            out.push(g);
        }
        Ok(out)
    }
}

/// `coordinates` as read, before the geometry's type says what they must be.
#[derive(Debug)]
enum Coords {
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
struct BuildError {
    segs: Vec<Seg>,
    reason: String,
}

impl BuildError {
    fn new(reason: String, segs: Vec<Seg>) -> BuildError {
        BuildError { segs, reason }
    }
}

impl Ctx<'_> {
    /// The geometry of GeoJSON type `kind` from its members, or an error whose path is
    /// recorded.
    fn build<E: de::Error>(
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

fn build_geometry(
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
fn line(v: Vec<Coord<f64>>) -> Result<LineString<f64>, String> {
    if v.len() < 2 {
        return Err(format!("a line needs two or more positions, this one has {}", v.len()));
    }
    Ok(LineString(v))
}

/// A polygon from its rings; `outer` is the path of the polygon inside `coordinates`
/// (innermost first).
fn polygon(rings: Vec<Coords>, outer: &[Seg]) -> Result<Polygon<f64>, BuildError> {
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
struct CoordsSeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
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
    ctx: &'c Ctx<'a>,
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
            let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(8).max(8));
            v.push(first);
            while let Some(c) = ctx.trace(Seg::Index(v.len()), seq.next_element_seed(PosSeed { ctx }))? {
                v.push(c);
            }
            Ok(Coords::Line(v))
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
    ctx: &'c Ctx<'a>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crs_names_for_wgs84_are_accepted_and_others_named() {
        let name = |n: &str| serde_json::json!({"type": "name", "properties": {"name": n}});
        for ok in [
            "urn:ogc:def:crs:OGC:1.3:CRS84",
            "urn:ogc:def:crs:OGC::CRS84",
            "EPSG:4326",
            "urn:ogc:def:crs:EPSG::4326",
            "urn:ogc:def:crs:EPSG:6.6:4326",
            "http://www.opengis.net/def/crs/EPSG/0/4326",
            "EPSG:4490",
        ] {
            assert_eq!(unsupported_crs(&name(ok)), None, "{ok}");
        }
        assert_eq!(
            unsupported_crs(&serde_json::json!({"type": "EPSG", "properties": {"code": 4326}})),
            None
        );
        assert_eq!(unsupported_crs(&Value::Null), None);
        assert_eq!(
            unsupported_crs(&name("urn:ogc:def:crs:EPSG::3857")).as_deref(),
            Some("urn:ogc:def:crs:EPSG::3857")
        );
        assert_eq!(
            unsupported_crs(&serde_json::json!({"type": "EPSG", "properties": {"code": 3857}})).as_deref(),
            Some("EPSG:3857")
        );
        assert_eq!(unsupported_crs(&name("EPSG:43260")).as_deref(), Some("EPSG:43260"));
    }

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
