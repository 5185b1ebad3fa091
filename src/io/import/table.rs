//! TODO(helper): CSV/TSV and .xlsx point lists.

use std::path::Path;

use super::ImportError;
use super::source::{Format, LayerInfo, RawLayer, ReadOptions};

/// The layer infos and the sheet names (xlsx).
pub(super) fn probe(
    path: &Path,
    format: Format,
    options: &ReadOptions,
) -> Result<(Vec<LayerInfo>, Vec<String>), ImportError> {
    let _ = (path, format, options);
    todo!("table helper")
}

pub(super) fn read(
    path: &Path,
    format: Format,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<Vec<RawLayer>, ImportError> {
    let _ = (path, format, options, progress);
    todo!("table helper")
}
