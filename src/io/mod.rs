//! The user's own files in and out (no UI code): every file-system access of the atlas
//! outside the command line goes through here.
//!
//! - `atomic`: [`write_atomic`], the one way files are replaced.
//! - `text`: size-limited UTF-8 reads ([`read_text_file`]).
//! - `png`: PNG images ([`write_png`]).
//! - `export`: GeoJSON, GeoPackage and KML/KMZ exports; `wkb`: WKB and GeoPackage
//!   geometry blobs; `basemap`: the `maps/` files; `plan`: plan and errata files;
//!   `tiles`: PMTiles headers.
//! - `project`: project files, the autosave and its recovery.
//! - `job`: [`Job`], the one kind of background job (progress, cancel, result).
//! - `import`: GeoJSON, Shapefile, GeoPackage, KML/KMZ, CSV/TSV and xlsx files into
//!   [`crate::model::UserLayer`]s, all or nothing, with progress and cancel for big files.

pub mod atomic;
pub mod basemap;
pub mod dates;
pub mod desktop;
pub mod evaluation;
pub mod export;
pub mod import;
pub mod job;
pub mod plan;
pub mod png;
pub mod project;
pub mod report;
#[cfg(test)]
pub(crate) mod scratch;
pub mod text;
pub mod tiles;
pub mod wkb;
pub(crate) mod xlsx_cells;

use std::path::{Path, PathBuf};

pub use atomic::write_atomic;
pub use import::{
    DEFAULT_MAX_BYTES, ImportError, ImportJob, ImportOptions, import_geojson, import_geojson_str, scan_feature_count,
};
pub use job::{Job, JobControl, JobPanicked};
pub use png::{PngError, write_png};
pub use text::{TextError, read_text_file};

/// Creates the folder `dir` and any missing parents (an existing folder is fine).
pub fn create_dir_all(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// `path` made absolute against the current folder (as typed on a command line), so that
/// a project's links and recent files do not depend on where the atlas was started; as
/// it is when that fails.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
