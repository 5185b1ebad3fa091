//! Scratch folders for the library's unit tests, so that tests outside `io` need no file
//! access of their own.

use std::path::{Path, PathBuf};

/// An empty folder `dalian-atlas-{name}-{process id}` in the system's temporary folder
/// (emptied first if an earlier run left it).
pub(crate) fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dalian-atlas-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Removes a folder made by [`dir`] with everything in it (a failure only leaves litter).
pub(crate) fn remove(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}
