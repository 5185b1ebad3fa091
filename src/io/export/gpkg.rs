//! TODO(helper): GeoPackage export.

use std::path::Path;

use crate::model::export::{ExportError, ExportLayer};

/// Writes `layers` to a new GeoPackage at `path` (replacing any file there, atomically),
/// one feature table per layer, positions in EPSG:`srs` (4326 or 4490), with a spatial index.
pub fn save_gpkg(path: &Path, layers: &[ExportLayer], srs: u32) -> Result<(), ExportError> {
    let _ = (path, layers, srs);
    todo!("gpkg helper")
}
