//! Undo and redo of project edits, and the unsaved-changes mark. No UI code.
//!
//! An [`Edit`] changes a [`Project`] and, when applied, yields its inverse; [`History`]
//! keeps the inverses of applied edits (undo) and of undone ones (redo). Memory is the
//! only limit on how far back undo goes. A new edit clears redo.
//!
//! The unsaved-changes mark: every applied edit gets a serial number, and the state of the
//! project is named by the serial of the last edit not undone (0 for the state the
//! history started from). [`History::mark_saved`] records the current state as saved;
//! [`History::is_dirty`] is true whenever the project is in another state, so undoing back
//! to the saved state is clean again, and redoing away from it dirty.

use super::annotation::{Annotation, AnnotationError};
use super::project::{Project, ProjectLayer, UserLayerStyle};
use super::scene::{Scene, SceneError};
use crate::evaluation::Evaluation;
use crate::model::LayerSetting;

/// Why an edit could not be applied. The project is left unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("there is no annotation number {0}")]
    NoSuchAnnotation(u64),
    #[error("there is already an annotation number {0}")]
    DuplicateAnnotation(u64),
    #[error("annotation {id} cannot be kept: {reason}")]
    InvalidAnnotation { id: u64, reason: AnnotationError },
    #[error("there is no position {index} among the {count} annotations")]
    AnnotationIndex { index: usize, count: usize },
    #[error("there is no user layer {index} (there are {count})")]
    NoSuchUserLayer { index: usize, count: usize },
    #[error("there is no scene at position {index} (there are {count})")]
    NoSuchScene { index: usize, count: usize },
    #[error("the scene “{title}” cannot be kept: {reason}")]
    InvalidScene { title: String, reason: SceneError },
}

/// One change to a project. Apply it through [`History::apply`] so that it can be undone.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Appends an annotation (its `id` must be new: see [`Project::next_annotation_id`]).
    AddAnnotation(Annotation),
    /// Inserts an annotation at `index` (0…len) of the list.
    InsertAnnotation { index: usize, annotation: Annotation },
    /// Deletes the annotation with this `id`.
    RemoveAnnotation(u64),
    /// Replaces the annotation with the same `id` (its geometry, text, style or links).
    ReplaceAnnotation(Annotation),
    /// Replaces the whole list (e.g. deleting a selection, importing annotations).
    SetAnnotations(Vec<Annotation>),
    /// Appends a user layer (on top).
    AddUserLayer(ProjectLayer),
    /// Inserts a user layer at `index` (0…len, 0 = bottom).
    InsertUserLayer { index: usize, layer: ProjectLayer },
    /// Removes the user layer at `index`.
    RemoveUserLayer(usize),
    /// Moves the user layer at `from` to `to` (the others shift).
    MoveUserLayer { from: usize, to: usize },
    /// Shows or hides the user layer at `index`.
    SetUserLayerVisible { index: usize, visible: bool },
    /// Sets the drawing style of the user layer at `index`.
    SetUserLayerStyle { index: usize, style: UserLayerStyle },
    /// Saves the layer at `index` as a link to its file (`true`) or as a copy.
    SetUserLayerLinked { index: usize, linked: bool },
    /// Replaces the plan layers' settings (visibility, opacity, order).
    SetLayers(Vec<LayerSetting>),
    /// Appends a scene (last in the deck).
    AddScene(Scene),
    /// Inserts a scene at `index` (0…len; e.g. a duplicate after its original).
    InsertScene { index: usize, scene: Scene },
    /// Deletes the scene at `index`.
    RemoveScene(usize),
    /// Replaces the scene at `index` (renamed, notes edited, updated from the view).
    ReplaceScene { index: usize, scene: Scene },
    /// Moves the scene at `from` to `to` (the others shift; a drag in the list).
    MoveScene { from: usize, to: usize },
    /// Replaces the evaluation (actual values, statuses, thresholds): one step of undo
    /// for an edited cell, an imported file or a changed threshold.
    SetEvaluation(Box<Evaluation>),
    /// Several edits as one step: all are applied, or none.
    Batch(Vec<Edit>),
}

fn checked(a: &Annotation) -> Result<(), EditError> {
    a.check()
        .map_err(|reason| EditError::InvalidAnnotation { id: a.id, reason })
}

fn layer_index(p: &Project, index: usize) -> Result<(), EditError> {
    if index < p.user_layers.len() {
        Ok(())
    } else {
        Err(EditError::NoSuchUserLayer {
            index,
            count: p.user_layers.len(),
        })
    }
}

fn scene_index(p: &Project, index: usize) -> Result<(), EditError> {
    if index < p.scenes.len() {
        Ok(())
    } else {
        Err(EditError::NoSuchScene {
            index,
            count: p.scenes.len(),
        })
    }
}

fn checked_scene(s: &Scene) -> Result<(), EditError> {
    s.check().map_err(|reason| EditError::InvalidScene {
        title: s.title.clone(),
        reason,
    })
}

impl Edit {
    /// Applies the edit to `project` and returns the edit that undoes it. On an error the
    /// project is unchanged. Annotations added or replaced must pass
    /// [`Annotation::check`], and their IDs be unique.
    pub fn apply(self, project: &mut Project) -> Result<Edit, EditError> {
        let p = project;
        Ok(match self {
            Edit::AddAnnotation(a) => {
                let index = p.annotations.len();
                Edit::InsertAnnotation { index, annotation: a }.apply(p)?
            }
            Edit::InsertAnnotation { index, annotation } => {
                checked(&annotation)?;
                if p.annotation_index(annotation.id).is_some() {
                    return Err(EditError::DuplicateAnnotation(annotation.id));
                }
                if index > p.annotations.len() {
                    return Err(EditError::AnnotationIndex {
                        index,
                        count: p.annotations.len(),
                    });
                }
                let id = annotation.id;
                p.annotations.insert(index, annotation);
                Edit::RemoveAnnotation(id)
            }
            Edit::RemoveAnnotation(id) => {
                let index = p.annotation_index(id).ok_or(EditError::NoSuchAnnotation(id))?;
                let annotation = p.annotations.remove(index);
                Edit::InsertAnnotation { index, annotation }
            }
            Edit::ReplaceAnnotation(a) => {
                checked(&a)?;
                let index = p.annotation_index(a.id).ok_or(EditError::NoSuchAnnotation(a.id))?;
                Edit::ReplaceAnnotation(std::mem::replace(&mut p.annotations[index], a))
            }
            Edit::SetAnnotations(list) => {
                let mut seen = std::collections::HashSet::new();
                for a in &list {
                    checked(a)?;
                    if !seen.insert(a.id) {
                        return Err(EditError::DuplicateAnnotation(a.id));
                    }
                }
                Edit::SetAnnotations(std::mem::replace(&mut p.annotations, list))
            }
            Edit::AddUserLayer(layer) => {
                let index = p.user_layers.len();
                p.user_layers.push(layer);
                Edit::RemoveUserLayer(index)
            }
            Edit::InsertUserLayer { index, layer } => {
                if index > p.user_layers.len() {
                    return Err(EditError::NoSuchUserLayer {
                        index,
                        count: p.user_layers.len(),
                    });
                }
                p.user_layers.insert(index, layer);
                Edit::RemoveUserLayer(index)
            }
            Edit::RemoveUserLayer(index) => {
                layer_index(p, index)?;
                Edit::InsertUserLayer {
                    index,
                    layer: p.user_layers.remove(index),
                }
            }
            Edit::MoveUserLayer { from, to } => {
                layer_index(p, from)?;
                layer_index(p, to)?;
                let l = p.user_layers.remove(from);
                p.user_layers.insert(to, l);
                Edit::MoveUserLayer { from: to, to: from }
            }
            Edit::SetUserLayerVisible { index, visible } => {
                layer_index(p, index)?;
                let old = std::mem::replace(&mut p.user_layers[index].visible, visible);
                Edit::SetUserLayerVisible { index, visible: old }
            }
            Edit::SetUserLayerStyle { index, style } => {
                layer_index(p, index)?;
                let old = std::mem::replace(&mut p.user_layers[index].style, style);
                Edit::SetUserLayerStyle { index, style: old }
            }
            Edit::SetUserLayerLinked { index, linked } => {
                layer_index(p, index)?;
                let old = std::mem::replace(&mut p.user_layers[index].linked, linked);
                Edit::SetUserLayerLinked { index, linked: old }
            }
            Edit::SetLayers(layers) => Edit::SetLayers(std::mem::replace(&mut p.layers, layers)),
            Edit::SetEvaluation(e) => Edit::SetEvaluation(Box::new(std::mem::replace(&mut p.evaluation, *e))),
            Edit::AddScene(scene) => {
                let index = p.scenes.len();
                Edit::InsertScene { index, scene }.apply(p)?
            }
            Edit::InsertScene { index, scene } => {
                checked_scene(&scene)?;
                if index > p.scenes.len() {
                    return Err(EditError::NoSuchScene {
                        index,
                        count: p.scenes.len(),
                    });
                }
                p.scenes.insert(index, scene);
                Edit::RemoveScene(index)
            }
            Edit::RemoveScene(index) => {
                scene_index(p, index)?;
                Edit::InsertScene {
                    index,
                    scene: p.scenes.remove(index),
                }
            }
            Edit::ReplaceScene { index, scene } => {
                checked_scene(&scene)?;
                scene_index(p, index)?;
                Edit::ReplaceScene {
                    index,
                    scene: std::mem::replace(&mut p.scenes[index], scene),
                }
            }
            Edit::MoveScene { from, to } => {
                scene_index(p, from)?;
                scene_index(p, to)?;
                let s = p.scenes.remove(from);
                p.scenes.insert(to, s);
                Edit::MoveScene { from: to, to: from }
            }
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = Vec::with_capacity(edits.len());
                for e in edits {
                    match e.apply(p) {
                        Ok(inv) => inverses.push(inv),
                        Err(err) => {
                            // Roll back what was applied; the inverses of applied edits
                            // always apply.
                            for inv in inverses.into_iter().rev() {
                                let _ = inv.apply(p);
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Edit::Batch(inverses)
            }
        })
    }

    /// Whether applying the edit would leave `project` as it is (e.g. replacing an
    /// annotation by an equal one): such an edit is not recorded.
    pub fn is_no_op(&self, project: &Project) -> bool {
        match self {
            Edit::ReplaceAnnotation(a) => project.annotation(a.id) == Some(a),
            Edit::SetAnnotations(list) => &project.annotations == list,
            Edit::MoveUserLayer { from, to } => from == to && *from < project.user_layers.len(),
            Edit::SetUserLayerVisible { index, visible } => {
                project.user_layers.get(*index).is_some_and(|l| l.visible == *visible)
            }
            Edit::SetUserLayerStyle { index, style } => {
                project.user_layers.get(*index).is_some_and(|l| &l.style == style)
            }
            Edit::SetUserLayerLinked { index, linked } => {
                project.user_layers.get(*index).is_some_and(|l| l.linked == *linked)
            }
            Edit::SetLayers(layers) => &project.layers == layers,
            Edit::SetEvaluation(e) => &project.evaluation == e.as_ref(),
            Edit::ReplaceScene { index, scene } => project.scenes.get(*index) == Some(scene),
            Edit::MoveScene { from, to } => from == to && *from < project.scenes.len(),
            Edit::Batch(edits) => edits.is_empty(),
            _ => false,
        }
    }
}

struct Entry {
    /// The state the project is in after the edit.
    serial: u64,
    /// Undoes (on the undo stack) or redoes (on the redo stack) the edit.
    edit: Edit,
}

/// The undo and redo stacks of a project, and its saved state.
///
/// The history does not hold the project: the app passes the same project to every call.
/// `Default` is a history with nothing to undo whose starting state counts as saved.
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    next_serial: u64,
    /// The state last saved; `None` when no state of this history is saved.
    saved: Option<u64>,
    /// A change outside the history since the last save (see [`History::touch`]).
    touched: bool,
    revision: u64,
}

impl Default for History {
    fn default() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            next_serial: 1,
            saved: Some(0),
            touched: false,
            revision: 0,
        }
    }
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("History")
            .field("undo", &self.undo.len())
            .field("redo", &self.redo.len())
            .field("state", &self.state())
            .field("saved", &self.saved)
            .field("revision", &self.revision)
            .finish()
    }
}

impl History {
    /// A history for a project just opened or created: nothing to undo, not dirty.
    pub fn new() -> History {
        History::default()
    }

    /// A history for a project that is not saved anywhere as it is (e.g. restored from an
    /// autosave): dirty until saved.
    pub fn new_unsaved() -> History {
        History {
            saved: None,
            ..History::default()
        }
    }

    /// The current state's serial (0 for the starting state).
    fn state(&self) -> u64 {
        self.undo.last().map_or(0, |e| e.serial)
    }

    /// Applies `edit` to `project` and records it for undo, clearing redo. An edit that
    /// would change nothing ([`Edit::is_no_op`]) is not recorded. On an error nothing
    /// changes.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        if edit.is_no_op(project) {
            return Ok(());
        }
        let inverse = edit.apply(project)?;
        self.redo.clear();
        let serial = self.next_serial;
        self.next_serial += 1;
        self.undo.push(Entry { serial, edit: inverse });
        self.revision += 1;
        Ok(())
    }

    /// Applies `edit` and merges it into the last recorded step, so that one undo takes
    /// back both (for a title typed letter by letter, or a vertex dragged over many
    /// frames). Without a last step it is [`History::apply`]. Redo is cleared.
    pub fn amend(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        if edit.is_no_op(project) {
            return Ok(());
        }
        let Some(last) = self.undo.pop() else {
            return self.apply(project, edit);
        };
        let inverse = match edit.apply(project) {
            Ok(inv) => inv,
            Err(e) => {
                self.undo.push(last);
                return Err(e);
            }
        };
        let merged = match (inverse, last.edit) {
            // Replacing the same annotation twice: the first inverse restores it.
            (Edit::ReplaceAnnotation(new), Edit::ReplaceAnnotation(old)) if new.id == old.id => {
                Edit::ReplaceAnnotation(old)
            }
            // Renaming the same scene letter by letter: the first inverse restores it.
            (Edit::ReplaceScene { index, .. }, Edit::ReplaceScene { index: i, scene }) if index == i => {
                Edit::ReplaceScene { index, scene }
            }
            (inverse, old) => Edit::Batch(vec![inverse, old]),
        };
        self.redo.clear();
        let serial = self.next_serial;
        self.next_serial += 1;
        self.undo.push(Entry { serial, edit: merged });
        self.revision += 1;
        Ok(())
    }

    /// Undoes the last edit. `Ok(false)` when there is nothing to undo. An error means the
    /// project was changed outside the history in a way that stops the undo; the project
    /// and the history are then unchanged.
    pub fn undo(&mut self, project: &mut Project) -> Result<bool, EditError> {
        let Some(entry) = self.undo.pop() else {
            return Ok(false);
        };
        match entry.edit.clone().apply(project) {
            Ok(redo) => {
                self.redo.push(Entry {
                    serial: entry.serial,
                    edit: redo,
                });
                self.revision += 1;
                Ok(true)
            }
            Err(e) => {
                self.undo.push(entry);
                Err(e)
            }
        }
    }

    /// Redoes the last undone edit. `Ok(false)` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<bool, EditError> {
        let Some(entry) = self.redo.pop() else {
            return Ok(false);
        };
        match entry.edit.clone().apply(project) {
            Ok(undo) => {
                self.undo.push(Entry {
                    serial: entry.serial,
                    edit: undo,
                });
                self.revision += 1;
                Ok(true)
            }
            Err(e) => {
                self.redo.push(entry);
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many steps can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Records a change the history does not track (e.g. the map view) as unsaved, until
    /// the next [`History::mark_saved`].
    pub fn touch(&mut self) {
        self.touched = true;
        self.revision += 1;
    }

    /// Records the current state as saved (call after a successful save).
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.state());
        self.touched = false;
    }

    /// Whether the project differs from what was last saved: the title bar's mark, and
    /// whether closing must ask.
    pub fn is_dirty(&self) -> bool {
        self.touched || self.saved != Some(self.state())
    }

    /// A counter that grows with every apply, amend, undo, redo and touch: compare it with
    /// the value at the last autosave to know whether another is due.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Forgets every step (e.g. after opening another project) and counts the current
    /// state as saved.
    pub fn clear(&mut self) {
        *self = History {
            revision: self.revision + 1,
            ..History::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::annotation::AnnotationKind;

    fn point(id: u64, lon: f64) -> Annotation {
        Annotation::new(id, AnnotationKind::Point, vec![[lon, 39.0]]).expect("valid")
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth_through_edits() {
        let mut p = Project::default();
        let mut h = History::new();
        h.apply(&mut p, Edit::AddAnnotation(point(1, 121.0))).expect("add");
        h.apply(&mut p, Edit::AddAnnotation(point(2, 121.1))).expect("add");
        h.apply(&mut p, Edit::ReplaceAnnotation(point(1, 121.5)))
            .expect("replace");
        h.apply(&mut p, Edit::RemoveAnnotation(2)).expect("remove");
        assert_eq!(p.annotations, vec![point(1, 121.5)]);
        assert!(h.undo(&mut p).expect("undo"));
        assert_eq!(p.annotations, vec![point(1, 121.5), point(2, 121.1)]);
        assert!(h.undo(&mut p).expect("undo"));
        assert_eq!(p.annotations, vec![point(1, 121.0), point(2, 121.1)]);
        assert!(h.undo(&mut p).expect("undo"));
        assert!(h.undo(&mut p).expect("undo"));
        assert!(p.annotations.is_empty());
        assert!(!h.can_undo());
        assert!(!h.undo(&mut p).expect("nothing to undo"));
        for _ in 0..4 {
            assert!(h.redo(&mut p).expect("redo"));
        }
        assert_eq!(p.annotations, vec![point(1, 121.5)]);
        assert!(!h.can_redo());
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut p = Project::default();
        let mut h = History::new();
        h.apply(&mut p, Edit::AddAnnotation(point(1, 121.0))).expect("add");
        h.undo(&mut p).expect("undo");
        assert!(h.can_redo());
        h.apply(&mut p, Edit::AddAnnotation(point(2, 121.0))).expect("add");
        assert!(!h.can_redo());
    }

    #[test]
    fn undoing_back_to_the_saved_state_is_clean_and_a_different_branch_is_dirty() {
        let mut p = Project::default();
        let mut h = History::new();
        assert!(!h.is_dirty());
        h.apply(&mut p, Edit::AddAnnotation(point(1, 121.0))).expect("add");
        assert!(h.is_dirty());
        h.mark_saved();
        assert!(!h.is_dirty());
        h.apply(&mut p, Edit::ReplaceAnnotation(point(1, 121.2)))
            .expect("replace");
        assert!(h.is_dirty());
        h.undo(&mut p).expect("undo");
        assert!(!h.is_dirty());
        h.undo(&mut p).expect("undo");
        assert!(h.is_dirty());
        h.redo(&mut p).expect("redo");
        assert!(!h.is_dirty());
        // Same depth, other content: dirty.
        h.apply(&mut p, Edit::ReplaceAnnotation(point(1, 121.3)))
            .expect("replace");
        h.undo(&mut p).expect("undo");
        h.apply(&mut p, Edit::ReplaceAnnotation(point(1, 121.4)))
            .expect("replace");
        assert!(h.is_dirty());
        h.touch();
        h.undo(&mut p).expect("undo");
        assert!(h.is_dirty(), "a touched change stays unsaved");
        let restored = History::new_unsaved();
        assert!(restored.is_dirty());
    }

    #[test]
    fn the_revision_grows_with_every_change() {
        let mut p = Project::default();
        let mut h = History::new();
        let r0 = h.revision();
        h.apply(&mut p, Edit::AddAnnotation(point(1, 121.0))).expect("add");
        h.undo(&mut p).expect("undo");
        h.redo(&mut p).expect("redo");
        assert_eq!(h.revision(), r0 + 3);
        h.apply(&mut p, Edit::ReplaceAnnotation(point(1, 121.0)))
            .expect("no-op");
        assert_eq!(h.revision(), r0 + 3, "an edit that changes nothing is not recorded");
    }

    #[test]
    fn invalid_or_conflicting_edits_are_refused_and_change_nothing() {
        let mut p = Project::default();
        let mut h = History::new();
        h.apply(&mut p, Edit::AddAnnotation(point(1, 121.0))).expect("add");
        let before = p.clone();
        assert_eq!(
            h.apply(&mut p, Edit::AddAnnotation(point(1, 122.0))),
            Err(EditError::DuplicateAnnotation(1))
        );
        assert_eq!(
            h.apply(&mut p, Edit::RemoveAnnotation(9)),
            Err(EditError::NoSuchAnnotation(9))
        );
        let mut bad = point(1, 121.0);
        bad.vertices.clear();
        assert!(matches!(
            h.apply(&mut p, Edit::ReplaceAnnotation(bad)),
            Err(EditError::InvalidAnnotation { id: 1, .. })
        ));
        // A batch whose second edit fails leaves the first undone too.
        let batch = Edit::Batch(vec![Edit::AddAnnotation(point(2, 121.0)), Edit::RemoveAnnotation(7)]);
        assert!(h.apply(&mut p, batch).is_err());
        assert_eq!(p, before);
        assert_eq!(h.undo_len(), 1);
    }

    #[test]
    fn a_batch_is_undone_in_one_step() {
        let mut p = Project::default();
        let mut h = History::new();
        h.apply(
            &mut p,
            Edit::SetAnnotations(vec![point(1, 121.0), point(2, 121.1), point(3, 121.2)]),
        )
        .expect("set");
        let start = p.clone();
        h.apply(
            &mut p,
            Edit::Batch(vec![Edit::RemoveAnnotation(1), Edit::RemoveAnnotation(3)]),
        )
        .expect("batch");
        assert_eq!(p.annotations, vec![point(2, 121.1)]);
        h.undo(&mut p).expect("undo");
        assert_eq!(p, start);
    }

    #[test]
    fn amended_edits_are_undone_together() {
        let mut p = Project::default();
        let mut h = History::new();
        h.apply(&mut p, Edit::AddAnnotation(point(1, 121.0))).expect("add");
        h.apply(&mut p, Edit::ReplaceAnnotation(point(1, 121.1).with_title("a")))
            .expect("replace");
        h.amend(&mut p, Edit::ReplaceAnnotation(point(1, 121.1).with_title("ab")))
            .expect("amend");
        h.amend(&mut p, Edit::ReplaceAnnotation(point(1, 121.1).with_title("abc")))
            .expect("amend");
        assert_eq!(h.undo_len(), 2);
        h.undo(&mut p).expect("undo");
        assert_eq!(p.annotations, vec![point(1, 121.0)]);
        h.redo(&mut p).expect("redo");
        assert_eq!(p.annotations[0].title, "abc");
        h.amend(&mut p, Edit::AddAnnotation(point(2, 121.0))).expect("amend");
        h.undo(&mut p).expect("undo");
        assert_eq!(p.annotations, vec![point(1, 121.0)]);
    }

    fn scene(title: &str) -> Scene {
        Scene::new(
            title,
            crate::model::MapView {
                lon: 121.6,
                lat: 38.9,
                zoom: 10.0,
            },
        )
    }

    fn titles(p: &Project) -> Vec<&str> {
        p.scenes.iter().map(|s| s.title.as_str()).collect()
    }

    #[test]
    fn scene_edits_undo_back_to_the_start_and_redo_to_the_end() {
        let mut p = Project::default();
        let mut h = History::new();
        h.apply(&mut p, Edit::AddScene(scene("a"))).expect("add");
        h.apply(&mut p, Edit::AddScene(scene("b"))).expect("add");
        // Duplicate “a” after itself.
        h.apply(
            &mut p,
            Edit::InsertScene {
                index: 1,
                scene: scene("a 副本"),
            },
        )
        .expect("insert");
        let mut renamed = p.scenes[2].clone();
        renamed.title = "乙".into();
        renamed.notes = "第一行\n第二行".into();
        h.apply(
            &mut p,
            Edit::ReplaceScene {
                index: 2,
                scene: renamed,
            },
        )
        .expect("rename");
        h.apply(&mut p, Edit::MoveScene { from: 2, to: 0 }).expect("move");
        assert_eq!(titles(&p), ["乙", "a", "a 副本"]);
        h.apply(&mut p, Edit::RemoveScene(1)).expect("remove");
        assert_eq!(titles(&p), ["乙", "a 副本"]);
        let end = p.clone();
        h.undo(&mut p).expect("undo");
        assert_eq!(titles(&p), ["乙", "a", "a 副本"]);
        h.undo(&mut p).expect("undo");
        assert_eq!(titles(&p), ["a", "a 副本", "乙"]);
        h.undo(&mut p).expect("undo");
        assert_eq!(titles(&p), ["a", "a 副本", "b"]);
        while h.undo(&mut p).expect("undo") {}
        assert_eq!(p, Project::default());
        while h.redo(&mut p).expect("redo") {}
        assert_eq!(p, end);
    }

    #[test]
    fn renaming_a_scene_letter_by_letter_is_one_undo_step() {
        let mut p = Project::default();
        let mut h = History::new();
        h.apply(&mut p, Edit::AddScene(scene("a"))).expect("add");
        for title in ["甲", "甲乙", "甲乙丙"] {
            h.amend(
                &mut p,
                Edit::ReplaceScene {
                    index: 0,
                    scene: scene(title),
                },
            )
            .expect("rename");
        }
        assert_eq!(h.undo_len(), 1, "amended into the add");
        h.apply(
            &mut p,
            Edit::ReplaceScene {
                index: 0,
                scene: scene("丁"),
            },
        )
        .expect("rename");
        h.amend(
            &mut p,
            Edit::ReplaceScene {
                index: 0,
                scene: scene("丁戊"),
            },
        )
        .expect("rename");
        assert_eq!(h.undo_len(), 2);
        h.undo(&mut p).expect("undo");
        assert_eq!(titles(&p), ["甲乙丙"]);
        assert!(
            h.apply(
                &mut p,
                Edit::ReplaceScene {
                    index: 0,
                    scene: scene("甲乙丙"),
                },
            )
            .is_ok()
        );
        assert_eq!(h.undo_len(), 1, "an equal scene is no change");
    }

    #[test]
    fn scene_edits_at_missing_positions_or_with_unusable_views_are_refused() {
        let mut p = Project::default();
        let mut h = History::new();
        h.apply(&mut p, Edit::AddScene(scene("a"))).expect("add");
        let before = p.clone();
        assert_eq!(
            h.apply(&mut p, Edit::RemoveScene(3)),
            Err(EditError::NoSuchScene { index: 3, count: 1 })
        );
        assert_eq!(
            h.apply(&mut p, Edit::MoveScene { from: 0, to: 1 }),
            Err(EditError::NoSuchScene { index: 1, count: 1 })
        );
        assert!(matches!(
            h.apply(
                &mut p,
                Edit::InsertScene {
                    index: 2,
                    scene: scene("b")
                }
            ),
            Err(EditError::NoSuchScene { index: 2, count: 1 })
        ));
        let mut bad = scene("坏");
        bad.view.zoom = f64::NAN;
        let e = h.apply(&mut p, Edit::AddScene(bad)).expect_err("refused");
        assert!(matches!(e, EditError::InvalidScene { .. }));
        assert!(e.to_string().contains("“坏”"), "{e}");
        assert_eq!(p, before);
        assert_eq!(h.undo_len(), 1);
    }

    #[test]
    fn user_layer_and_layer_setting_edits_undo() {
        use crate::model::UserLayer;
        let mut p = Project::default();
        let mut h = History::new();
        let layer = |name: &str| {
            ProjectLayer::new(UserLayer {
                read_as: None,
                name: name.into(),
                source: None,
                foreign_members: Default::default(),
                features: Vec::new(),
            })
        };
        h.apply(&mut p, Edit::AddUserLayer(layer("a"))).expect("add");
        h.apply(&mut p, Edit::AddUserLayer(layer("b"))).expect("add");
        h.apply(&mut p, Edit::MoveUserLayer { from: 0, to: 1 }).expect("move");
        assert_eq!(p.user_layers[1].layer.name, "a");
        h.apply(
            &mut p,
            Edit::SetUserLayerVisible {
                index: 1,
                visible: false,
            },
        )
        .expect("hide");
        let mut layers = p.layers.clone();
        layers[0].visible = false;
        h.apply(&mut p, Edit::SetLayers(layers)).expect("layers");
        h.apply(&mut p, Edit::RemoveUserLayer(0)).expect("remove");
        assert_eq!(p.user_layers.len(), 1);
        while h.undo(&mut p).expect("undo") {}
        assert_eq!(p, Project::default());
        assert!(matches!(
            h.apply(&mut p, Edit::RemoveUserLayer(0)),
            Err(EditError::NoSuchUserLayer { index: 0, count: 0 })
        ));
    }
}
