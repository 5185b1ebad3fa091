//! TODO(helper): the kml reader.

use std::path::Path;

use super::ImportError;
use super::source::{Format, LayerInfo, RawLayer, ReadOptions};

pub(super) fn probe(path: &Path, format: Format, options: &ReadOptions) -> Result<Vec<LayerInfo>, ImportError> {
    let _ = (path, format, options);
    todo!("kml helper")
}

pub(super) fn read(
    path: &Path,
    format: Format,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<Vec<RawLayer>, ImportError> {
    let _ = (path, format, options, progress);
    todo!("kml helper")
}
