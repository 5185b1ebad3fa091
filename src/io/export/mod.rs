//! Exports on disk: GeoJSON, GeoPackage (`gpkg`) and KML/KMZ (`kml`). What an export
//! contains is [`crate::model::export`]'s; every file is written atomically.

pub mod gpkg;
pub mod kml;

use std::path::Path;

use crate::model::export::ExportError;

/// Writes an export to `path` atomically (temporary file, fsync, rename).
pub fn save_geojson(path: &Path, text: &str) -> Result<(), ExportError> {
    super::write_atomic(path, text.as_bytes()).map_err(|e| ExportError::Write {
        file: path.display().to_string(),
        reason: e.to_string(),
    })
}
