//! TODO(helper): KML and KMZ export.

use std::path::Path;

use crate::model::export::{ExportError, ExportLayer};

/// Writes `layers` as KML (one Folder per layer) to `path`, zipped as KMZ when `kmz`.
pub fn save_kml(path: &Path, layers: &[ExportLayer], kmz: bool) -> Result<(), ExportError> {
    let _ = (path, layers, kmz);
    todo!("kml helper")
}
