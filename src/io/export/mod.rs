//! Exports on disk: GeoJSON, GeoPackage (`gpkg`) and KML/KMZ (`kml`). What an export
//! contains is [`crate::model::export`]'s; every file is written atomically.

pub mod gpkg;
pub mod kml;

use std::path::Path;

use super::atomic::{Disk, RealDisk, describe, write_atomic_on};
use crate::model::export::ExportError;

/// Writes an export to `path` atomically (temporary file, fsync, rename).
pub fn save_geojson(path: &Path, text: &str) -> Result<(), ExportError> {
    save_geojson_on(&RealDisk, path, text)
}

/// [`save_geojson`] through `disk`: on a failure the message names the file and says
/// why, the previous file at `path` is untouched and no temporary file is left.
pub fn save_geojson_on(disk: &dyn Disk, path: &Path, text: &str) -> Result<(), ExportError> {
    write_atomic_on(disk, path, text.as_bytes()).map_err(|e| ExportError::Write {
        file: path.display().to_string(),
        reason: describe(&e),
    })
}
