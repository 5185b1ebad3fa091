//! Import: a user's file becomes [`UserLayer`]s, all or nothing.
//!
//! Every format goes through one door, [`source`]: [`probe`] says what a file holds (for
//! the import dialog and `import-check`), [`read_layers`] reads the chosen layers and
//! converts their positions to WGS-84 once. One module per format reads positions as
//! written and says what it knows of their coordinate system: `shp` (Shapefiles, also
//! zipped, through `zip_limits`), `gpkg` (GeoPackage), `kml` (KML/KMZ), `table` (CSV,
//! TSV, xlsx), and GeoJSON here. `encoding` decides the text encoding of attribute
//! tables. The rest of this page is the GeoJSON reader's contract.
//!
//! # What GeoJSON is accepted
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
//! The text is parsed once, by serde_json, straight into `geo` geometries and property
//! values ([`crate::model::PropValue`]), without an intermediate `serde_json::Value`
//! tree. A
//! FeatureCollection's features are parsed on every core ([`ImportOptions::threads`]):
//! `scan` finds the `features` array and where its elements end, `parallel` splits it
//! into runs of whole features read on scoped threads, and whatever the scanner is not
//! sure about (and any error it cannot place first in file order for certain) is read
//! again on one thread, so layers and error messages are the same on any number of
//! threads. Progress is honest but coarse: reading the file counts for the first
//! [`READ_SHARE`] of the fraction (bytes read), parsing for the rest (bytes parsed,
//! measured at the end of each feature of a FeatureCollection, so a file with one huge
//! feature jumps from [`READ_SHARE`] to 1; a parallel read that hands over to the
//! sequential reader starts its parsing share again). The callback is called at most
//! about 200 times per phase, always on the calling thread.

mod crs;
pub mod encoding;
mod errors;
mod fast;
#[cfg(test)]
mod fast_tests;
mod geometry;
mod gpkg;
mod job;
mod kml;
pub mod link;
mod parallel;
#[cfg(test)]
mod parallel_tests;
mod parse;
mod scan;
mod shp;
pub mod source;
mod table;
pub(crate) mod zip_limits;

use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::de::DeserializeSeed;
use serde_json::Value;

pub use errors::ImportError;
pub use job::ImportJob;
use parse::{Ctx, Doc, DocSeed};
pub use source::{Format, Probe, ReadOptions, probe, read_layers};

use crate::model::UserLayer;

/// The default [`ImportOptions::max_bytes`]: 1 GiB.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;

/// The default [`ImportOptions::max_features`]: two million features in one layer. A
/// layer of more cannot be drawn, searched or saved at the pace of a meeting (and ten
/// million tiny features would take gigabytes of memory): split or simplify it first.
pub const DEFAULT_MAX_FEATURES: usize = 2_000_000;

/// The share of the progress fraction that reading the file takes (parsing takes the rest).
pub const READ_SHARE: f32 = 0.2;

/// How the file is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    /// The positions are GCJ-02 (Amap/Tencent); convert them to WGS-84.
    pub gcj02: bool,
    /// Files larger than this many bytes are refused before they are read.
    pub max_bytes: u64,
    /// A collection of more features than this is refused at the first feature over
    /// the limit, with a message naming the limit.
    pub max_features: usize,
    /// Threads to parse a FeatureCollection's features on: 0 for one per core (texts
    /// under [`PARALLEL_MIN_BYTES`] are then read on one), 1 for the sequential reader,
    /// more to split the features among that many. The layer and any error are the same
    /// whatever the number.
    pub threads: usize,
}

impl Default for ImportOptions {
    /// WGS-84 positions, files up to [`DEFAULT_MAX_BYTES`] and [`DEFAULT_MAX_FEATURES`],
    /// parsed on every core.
    fn default() -> Self {
        ImportOptions {
            gcj02: false,
            max_bytes: DEFAULT_MAX_BYTES,
            max_features: DEFAULT_MAX_FEATURES,
            threads: 0,
        }
    }
}

/// Texts shorter than this are read on one thread when [`ImportOptions::threads`] is 0
/// (starting threads would cost more than they save).
pub const PARALLEL_MIN_BYTES: usize = 1 << 20;

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
    layer.source = Some(crate::io::absolute(path));
    layer.read_as = Some(link::read_as_geojson(options.gcj02, link::Stamp::of(path)));
    Ok(layer)
}

/// Imports GeoJSON text as one user layer, as [`import_geojson`] does a file (without
/// progress, size limit or [`UserLayer::source`]). `file_name` names the text in
/// messages, and its stem names the layer unless the collection has a `name`.
pub fn import_geojson_str(file_name: &str, text: &str, options: &ImportOptions) -> Result<UserLayer, ImportError> {
    crate::model::properties::fresh_names();
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file_name.to_string());
    import_text(file_name, &stem, text, options, &|_| true, (0.0, 1.0))
}

/// How many features the `features` array of a FeatureCollection in `text` holds, as
/// the parallel reader's scanner finds them on one thread (`None` when the scanner is
/// not sure the text is a plain FeatureCollection). For the import benchmark: it
/// measures the scanner alone.
#[doc(hidden)]
pub fn scan_feature_count(text: &str) -> Option<usize> {
    scan::feature_count(text.as_bytes())
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
    let expected = checked_size(path, file, limit)?;
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

/// The size of the file at `path`, checked before anything is read: a missing file,
/// a folder, or a file over `limit` bytes is refused naming `file`. Every reader starts
/// here.
pub(super) fn checked_size(path: &Path, file: &str, limit: u64) -> Result<u64, ImportError> {
    let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ImportError::NotFound { file: file.to_string() },
        _ => ImportError::Read {
            file: file.to_string(),
            source,
        },
    })?;
    if meta.is_dir() {
        return Err(ImportError::Directory { file: file.to_string() });
    }
    if meta.len() > limit {
        return Err(ImportError::TooLarge {
            file: file.to_string(),
            size: meta.len(),
            limit,
        });
    }
    Ok(meta.len())
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
    let threads = match options.threads {
        0 if text.len() < PARALLEL_MIN_BYTES => 1,
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let doc = match threads {
        1 => read_sequentially(file, text, options, progress, span)?,
        _ => match parallel::read(file, text, options, threads, progress, span) {
            parallel::Outcome::Read(doc) => doc,
            parallel::Outcome::Failed(e) => return Err(e),
            parallel::Outcome::Sequential => read_sequentially(file, text, options, progress, span)?,
        },
    };
    if !progress(span.1) {
        return Err(ImportError::Cancelled { file: file.to_string() });
    }
    let name = match doc.foreign.get("name") {
        Some(Value::String(n)) if !n.trim().is_empty() => n.clone(),
        _ => stem.to_string(),
    };
    Ok(UserLayer {
        read_as: None,
        name,
        source: None,
        foreign_members: doc.foreign,
        features: doc.features,
    })
}

/// The top-level object of `text` read on this thread only.
fn read_sequentially(
    file: &str,
    text: &str,
    options: &ImportOptions,
    progress: &dyn Fn(f32) -> bool,
    span: (f32, f32),
) -> Result<Doc, ImportError> {
    let ctx = Ctx::new(text, options.gcj02, progress, span).with_max_features(options.max_features);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = DocSeed { ctx: &ctx }.deserialize(&mut de).and_then(|doc| {
        de.end()?;
        Ok(doc)
    });
    parsed.map_err(|e| ctx.error(file, text, &e))
}

/// A GeoJSON file as a [`source::LayerInfo`]: read whole (GeoJSON has no header).
fn geojson_info(path: &Path, options: &ReadOptions) -> Result<source::LayerInfo, ImportError> {
    Ok(geojson_raw(path, options, &|_| true)?.info)
}

/// A GeoJSON file as a [`source::RawLayer`] (WGS-84 by RFC 7946; a GCJ-02 or BD-09
/// choice converts it in [`source::finish`]).
fn geojson_raw(
    path: &Path,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<source::RawLayer, ImportError> {
    let geojson_options = ImportOptions {
        gcj02: false,
        max_bytes: options.max_bytes,
        max_features: DEFAULT_MAX_FEATURES,
        threads: 0,
    };
    let layer = import_geojson(path, &geojson_options, progress)?;
    let counts = layer.geometry_counts();
    let geometry_type = match counts.as_slice() {
        [(t, _)] => (*t).to_string(),
        [] => "none".to_string(),
        _ => "mixed".to_string(),
    };
    let info = source::LayerInfo {
        name: layer.name.clone(),
        feature_count: layer.features.len(),
        geometry_type,
        declared_crs: Some(Ok((crate::crs::Crs::Wgs84, source::FORMAT_FIXED.to_string()))),
        encoding: None,
        table: None,
        sample: layer.features.iter().take(source::SAMPLE_FEATURES).cloned().collect(),
    };
    Ok(source::RawLayer {
        info,
        features: layer.features,
        foreign_members: layer.foreign_members,
    })
}
