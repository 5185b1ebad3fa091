//! Project files on disk: loading, atomic saving, and the autosave that the next start
//! offers to restore. The format itself (and its upgrades) is [`crate::model::project`]'s.

use std::path::Path;
use std::time::SystemTime;

use super::atomic::{Disk, RealDisk, describe};

use crate::model::project::{Project, ProjectError, Recovery, autosave_path, autosave_text};

/// The whole file at `path`, with reasons a user can act on (missing, a folder, no
/// permission).
fn read_file(path: &Path) -> Result<Vec<u8>, ProjectError> {
    let file = path.display().to_string();
    let read = |reason: String| ProjectError::Read {
        file: file.clone(),
        reason,
    };
    if path.is_dir() {
        return Err(read("it is a folder, not a file".into()));
    }
    std::fs::read(path).map_err(|e| {
        read(match e.kind() {
            std::io::ErrorKind::NotFound => "the file does not exist".into(),
            std::io::ErrorKind::PermissionDenied => "permission denied".into(),
            _ => e.to_string(),
        })
    })
}

/// What a file looked like: its modification time and size. A change to either means
/// someone else wrote it (see `Document::changed_on_disk`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    pub modified: Option<SystemTime>,
    pub len: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` now (`None`: there is no file).
    pub fn of(path: &Path) -> Option<FileStamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(FileStamp {
            modified: m.modified().ok(),
            len: m.len(),
        })
    }
}

/// Reads the project file at `path`.
pub fn load_project(path: &Path) -> Result<Project, ProjectError> {
    let bytes = read_file(path)?;
    Project::from_json_named(&path.display().to_string(), &bytes)
}

/// Saves `project` to `path` atomically: a temporary file in the same folder, flushed to
/// disk, renamed over `path`, and the folder flushed. If anything fails (or the process
/// dies) before the rename, the previous file at `path` is untouched.
///
/// A project with a scene that would not read back (see [`Project::check_scenes`]) is not
/// written.
pub fn save_project(path: &Path, project: &Project) -> Result<(), ProjectError> {
    save_project_on(&RealDisk, path, project)
}

/// [`save_project`] through `disk` (a test's failing disk; [`RealDisk`] otherwise).
pub fn save_project_on(disk: &dyn Disk, path: &Path, project: &Project) -> Result<(), ProjectError> {
    project.check_scenes().map_err(|reason| ProjectError::Write {
        file: path.display().to_string(),
        reason,
    })?;
    write_file(disk, path, project.to_json().as_bytes())
}

fn write_file(disk: &dyn Disk, path: &Path, bytes: &[u8]) -> Result<(), ProjectError> {
    super::atomic::write_atomic_on(disk, path, bytes).map_err(|e| ProjectError::Write {
        file: path.display().to_string(),
        reason: describe(&e),
    })
}

/// Writes the recovery copy of `project` (atomically, creating `data_dir` if needed),
/// remembering the project file it belongs to. The app calls it every minute while there
/// are unsaved changes and on exit. The file's content: [`autosave_text`].
pub fn write_autosave(data_dir: &Path, project: &Project, original: Option<&Path>) -> Result<(), ProjectError> {
    write_autosave_on(&RealDisk, data_dir, project, original)
}

/// [`write_autosave`] through `disk`. On a failure the previous autosave stays as it was.
pub fn write_autosave_on(
    disk: &dyn Disk,
    data_dir: &Path,
    project: &Project,
    original: Option<&Path>,
) -> Result<(), ProjectError> {
    let path = autosave_path(data_dir);
    project.check_scenes().map_err(|reason| ProjectError::Write {
        file: path.display().to_string(),
        reason,
    })?;
    std::fs::create_dir_all(data_dir).map_err(|e| ProjectError::Write {
        file: path.display().to_string(),
        reason: describe(&e),
    })?;
    let text = autosave_text(project, original, SystemTime::now());
    write_file(disk, &path, text.as_bytes())
}

/// The recovery copy in `data_dir`, if there is one. `Ok(None)` when there is none; an
/// error (naming the file) when one exists but cannot be read — the app should say so and
/// may offer [`discard_recovery`].
pub fn find_recovery(data_dir: &Path) -> Result<Option<Recovery>, ProjectError> {
    let path = autosave_path(data_dir);
    if !path.exists() {
        return Ok(None);
    }
    let bytes = read_file(&path)?;
    let modified = || {
        std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH)
    };
    Recovery::from_autosave(path.clone(), &bytes, modified).map(Some)
}

/// Removes the recovery copy in `data_dir` (none is fine).
pub fn discard_recovery(data_dir: &Path) -> Result<(), ProjectError> {
    let path = autosave_path(data_dir);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ProjectError::Write {
            file: path.display().to_string(),
            reason: e.to_string(),
        }),
    }
}
