//! TODO(helper): GeoPackage feature tables.

use std::path::Path;

use super::ImportError;
use super::source::{LayerInfo, RawLayer, ReadOptions};

pub(super) fn probe(path: &Path, options: &ReadOptions) -> Result<Vec<LayerInfo>, ImportError> {
    let _ = (path, options);
    todo!("gpkg helper")
}

pub(super) fn read(
    path: &Path,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<Vec<RawLayer>, ImportError> {
    let _ = (path, options, progress);
    todo!("gpkg helper")
}
