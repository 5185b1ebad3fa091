//! The open project: what the user made (annotations, imported layers, layer settings,
//! the map view), its file, its undo history and its autosave. No UI code: the window
//! asks for files with dialogs and passes paths here.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::io::atomic::{Disk, RealDisk};
use crate::io::project::{FileStamp, discard_recovery, save_project_on, write_autosave_on};
use crate::model::history::{Edit, EditError, History};
use crate::model::project::{Project, ProjectError, Recovery};
use crate::model::{LayerSetting, MapView};

/// How often a changed project is written to the autosave file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(60);

/// The project being edited.
pub struct Document {
    pub project: Project,
    pub history: History,
    /// The file it was opened from or last saved to (`None`: never saved).
    pub path: Option<PathBuf>,
    /// The plan-layer settings last copied into `project` (to notice changes made in the
    /// layers panel, which are not undoable edits but do make the project unsaved).
    synced_layers: Vec<LayerSetting>,
    autosaved_revision: Option<u64>,
    last_autosave: Instant,
    /// The file as this window last read or wrote it (to notice another program's
    /// changes before overwriting them).
    on_disk: Option<FileStamp>,
    /// Linked layers whose files were missing, changed or unreadable when the project
    /// was opened (for the window to say once).
    pub link_notes: Vec<crate::io::project::LinkNote>,
}

impl Default for Document {
    fn default() -> Self {
        Document::new()
    }
}

impl Document {
    /// A new, empty, clean project.
    pub fn new() -> Document {
        let project = Project::default();
        Document {
            synced_layers: project.layers.clone(),
            project,
            history: History::new(),
            path: None,
            autosaved_revision: None,
            last_autosave: Instant::now(),
            on_disk: None,
            link_notes: Vec::new(),
        }
    }

    /// Opens a project file; on an error nothing is opened and the message names the file.
    pub fn open(path: &Path) -> Result<Document, ProjectError> {
        let on_disk = FileStamp::of(path);
        let (project, link_notes) = crate::io::project::load_project_linked(path)?;
        let mut history = History::new();
        // A linked file read as it is now, not as saved: the project's record of it
        // changed, so saving (asked for on closing) stops the notice from coming back.
        if link_notes
            .iter()
            .any(|n| n.problem == crate::io::project::LinkProblem::Changed)
        {
            history.touch();
        }
        Ok(Document {
            link_notes,
            on_disk,
            synced_layers: project.layers.clone(),
            project,
            history,
            path: Some(path.to_path_buf()),
            autosaved_revision: None,
            last_autosave: Instant::now(),
        })
    }

    /// The project an autosave recovered: unsaved, attached to its original file if it
    /// had one.
    pub fn recovered(recovery: Recovery) -> Document {
        Document {
            synced_layers: recovery.project.layers.clone(),
            project: recovery.project,
            history: History::new_unsaved(),
            on_disk: recovery.original.as_deref().and_then(FileStamp::of),
            path: recovery.original,
            autosaved_revision: None,
            last_autosave: Instant::now(),
            link_notes: Vec::new(),
        }
    }

    /// The file name shown in the title bar (`None` for a project never saved).
    pub fn file_name(&self) -> Option<String> {
        self.path
            .as_deref()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
    }

    /// Whether there are changes not saved to the file.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Applies an undoable edit.
    pub fn edit(&mut self, edit: Edit) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit)
    }

    /// Applies an edit merged into the last undo step (see [`History::amend`]).
    pub fn amend(&mut self, edit: Edit) -> Result<(), EditError> {
        self.history.amend(&mut self.project, edit)
    }

    /// Undoes the last edit; `false` when there was none.
    pub fn undo(&mut self) -> Result<bool, EditError> {
        self.history.undo(&mut self.project)
    }

    /// Redoes the last undone edit; `false` when there was none.
    pub fn redo(&mut self) -> Result<bool, EditError> {
        self.history.redo(&mut self.project)
    }

    /// Takes the window's plan-layer settings; a change marks the project unsaved.
    pub fn sync_layers(&mut self, layers: &[LayerSetting]) {
        if self.synced_layers != layers {
            self.synced_layers = layers.to_vec();
            self.project.layers = layers.to_vec();
            self.history.touch();
        }
    }

    /// Saves atomically to `path` with the current map view, and makes it the project's
    /// file. On an error the old file is untouched and the project stays unsaved.
    ///
    /// When `path` is the project's own file and another program (or another atlas
    /// window) changed it since this window opened or last saved it, nothing is written:
    /// [`ProjectError::ChangedOnDisk`] (see [`Document::changed_on_disk`]); the window
    /// then asks, and [`Document::save_over_changes`] overwrites if the user says so.
    pub fn save_to(&mut self, path: &Path, view: Option<MapView>) -> Result<(), ProjectError> {
        self.save_to_on(&RealDisk, path, view)
    }

    /// [`Document::save_to`] through `disk` (a test's failing disk).
    pub fn save_to_on(&mut self, disk: &dyn Disk, path: &Path, view: Option<MapView>) -> Result<(), ProjectError> {
        if self.path.as_deref() == Some(path) && self.changed_on_disk() {
            return Err(ProjectError::ChangedOnDisk {
                file: path.display().to_string(),
            });
        }
        self.write_to(disk, path, view)
    }

    /// Saves to `path` even if another program changed it (the user chose 仍然覆盖).
    pub fn save_over_changes(&mut self, path: &Path, view: Option<MapView>) -> Result<(), ProjectError> {
        self.write_to(&RealDisk, path, view)
    }

    /// Whether the project's file was changed on disk since this window opened or last
    /// saved it (a different modification time or size). A file that has disappeared
    /// is not a change: saving puts it back.
    pub fn changed_on_disk(&self) -> bool {
        let Some(path) = &self.path else { return false };
        match FileStamp::of(path) {
            Some(now) => self.on_disk != Some(now),
            None => false,
        }
    }

    fn write_to(&mut self, disk: &dyn Disk, path: &Path, view: Option<MapView>) -> Result<(), ProjectError> {
        let mut project = self.project.clone();
        project.layers = self.synced_layers.clone();
        if view.is_some() {
            project.view = view;
        }
        save_project_on(disk, path, &project)?;
        self.on_disk = FileStamp::of(path);
        self.project = project;
        self.path = Some(path.to_path_buf());
        self.history.mark_saved();
        Ok(())
    }

    /// Whether an autosave is due: changes since the last one, and a minute passed.
    pub fn autosave_due(&self, now: Instant) -> bool {
        self.is_dirty()
            && self.autosaved_revision != Some(self.history.revision())
            && now.duration_since(self.last_autosave) >= AUTOSAVE_EVERY
    }

    /// Writes the autosave file in `data_dir` (what the next start offers to restore).
    pub fn autosave(&mut self, data_dir: &Path, now: Instant) -> Result<(), ProjectError> {
        self.autosave_on(&RealDisk, data_dir, now)
    }

    /// [`Document::autosave`] through `disk`. On a failure the previous autosave stays
    /// and the next one is due a minute later.
    pub fn autosave_on(&mut self, disk: &dyn Disk, data_dir: &Path, now: Instant) -> Result<(), ProjectError> {
        self.last_autosave = now;
        write_autosave_on(disk, data_dir, &self.project, self.path.as_deref())?;
        self.autosaved_revision = Some(self.history.revision());
        Ok(())
    }

    /// After a save or a deliberate discard: the autosave is no longer needed.
    pub fn forget_autosave(&mut self, data_dir: &Path) -> Result<(), ProjectError> {
        self.autosaved_revision = None;
        discard_recovery(data_dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::scratch;
    use crate::model::annotation::{Annotation, AnnotationKind};

    fn point(id: u64) -> Annotation {
        Annotation::new(id, AnnotationKind::Point, vec![[121.6, 38.9]]).expect("a point")
    }

    #[test]
    fn an_edit_makes_the_project_unsaved_and_saving_makes_it_clean_again() {
        let dir = scratch::dir("doc-save");
        let mut doc = Document::new();
        assert!(!doc.is_dirty());
        doc.edit(Edit::AddAnnotation(point(1))).expect("edit");
        assert!(doc.is_dirty());
        let file = dir.join("plan.json");
        doc.save_to(&file, None).expect("saves");
        assert!(!doc.is_dirty());
        assert_eq!(doc.file_name().as_deref(), Some("plan.json"));
        let reopened = Document::open(&file).expect("opens");
        assert_eq!(reopened.project.annotations, doc.project.annotations);
        scratch::remove(&dir);
    }

    #[test]
    fn changing_the_layers_panel_marks_the_project_unsaved_and_is_saved_with_it() {
        let dir = scratch::dir("doc-layers");
        let mut doc = Document::new();
        let mut layers = crate::model::default_layers();
        layers[0].visible = false;
        doc.sync_layers(&layers);
        assert!(doc.is_dirty());
        let file = dir.join("p.json");
        doc.save_to(&file, None).expect("saves");
        assert_eq!(Document::open(&file).expect("opens").project.layers, layers);
        scratch::remove(&dir);
    }

    #[test]
    fn an_autosave_is_due_only_after_a_change_and_a_minute() {
        let dir = scratch::dir("doc-autosave");
        let mut doc = Document::new();
        let start = Instant::now();
        assert!(!doc.autosave_due(start + AUTOSAVE_EVERY), "nothing changed");
        doc.edit(Edit::AddAnnotation(point(1))).expect("edit");
        assert!(!doc.autosave_due(doc.last_autosave + Duration::from_secs(10)));
        let later = doc.last_autosave + AUTOSAVE_EVERY;
        assert!(doc.autosave_due(later));
        doc.autosave(&dir, later).expect("autosaves");
        assert!(!doc.autosave_due(later + AUTOSAVE_EVERY), "nothing new since");
        let recovery = crate::io::project::find_recovery(&dir)
            .expect("readable")
            .expect("offered");
        let restored = Document::recovered(recovery);
        assert!(restored.is_dirty());
        assert_eq!(restored.project.annotations.len(), 1);
        doc.forget_autosave(&dir).expect("discards");
        assert!(crate::io::project::find_recovery(&dir).expect("readable").is_none());
        scratch::remove(&dir);
    }
}
