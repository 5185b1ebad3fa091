//! Project files on disk: loading, atomic saving, and the autosave that the next start
//! offers to restore. The format itself (and its upgrades) is [`crate::model::project`]'s.

use std::path::{Path, PathBuf};
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

/// Reads the project file at `path`, its linked layers' files too (see
/// [`resolve_links`]; what went wrong with them is left out — see
/// [`load_project_linked`]).
pub fn load_project(path: &Path) -> Result<Project, ProjectError> {
    load_project_linked(path).map(|(project, _)| project)
}

/// Reads the project file at `path` and the files of its linked layers, and says which
/// of those could not be read as saved. A missing or unreadable file leaves its layer
/// empty but linked, so that saving keeps the link: nothing is lost.
pub fn load_project_linked(path: &Path) -> Result<(Project, Vec<LinkNote>), ProjectError> {
    let bytes = read_file(path)?;
    let mut project = Project::from_json_named(&path.display().to_string(), &bytes)?;
    let folder = crate::io::absolute(path).parent().map(Path::to_path_buf);
    let notes = resolve_links(&mut project, folder.as_deref());
    Ok((project, notes))
}

/// What happened to a linked layer's file on opening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    /// The file is not there.
    Missing,
    /// It was read, but its size or time differs from when the project was saved.
    Changed,
    /// It is there but could not be read (the reason).
    Unreadable(String),
}

/// A linked layer whose file was not as saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkNote {
    /// The layer's name.
    pub layer: String,
    /// The file, as resolved.
    pub file: PathBuf,
    pub problem: LinkProblem,
}

/// Reads the features of every linked layer of `project` from its file (a relative
/// path is taken from `folder`, the project file's folder), as its record says.
pub fn resolve_links(project: &mut Project, folder: Option<&Path>) -> Vec<LinkNote> {
    use crate::io::import::link::{Stamp, reread};
    let mut notes = Vec::new();
    for l in project
        .user_layers
        .iter_mut()
        .filter(|l| l.is_link() && l.layer.features.is_empty())
    {
        let (Some(source), Some(read_as)) = (l.layer.source.clone(), l.layer.read_as.clone()) else {
            continue;
        };
        let file = match folder {
            Some(f) if source.is_relative() => crate::io::absolute(&f.join(&source)),
            _ => crate::io::absolute(&source),
        };
        l.layer.source = Some(file.clone());
        let note = |problem| LinkNote {
            layer: l.layer.name.clone(),
            file: file.clone(),
            problem,
        };
        let Some(now) = Stamp::of(&file) else {
            notes.push(note(LinkProblem::Missing));
            continue;
        };
        match reread(&file, &read_as) {
            Ok(read) => {
                if Stamp::in_record(&read_as).is_some_and(|then| then != now) {
                    notes.push(note(LinkProblem::Changed));
                }
                l.layer.features = read.features;
                l.layer.foreign_members = read.foreign_members;
                l.layer.read_as = read.read_as.or(Some(read_as));
            }
            Err(e) => notes.push(note(LinkProblem::Unreadable(e.to_string()))),
        }
    }
    notes
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
    let folder = crate::io::absolute(path).parent().map(Path::to_path_buf);
    write_file(disk, path, project.to_json_in(folder.as_deref()).as_bytes())
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
    let mut recovery = Recovery::from_autosave(path.clone(), &bytes, modified)?;
    let folder = recovery
        .original
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf);
    resolve_links(&mut recovery.project, folder.as_deref());
    Ok(Some(recovery))
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
