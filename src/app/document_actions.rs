//! The app's handling of the open project: file dialogs, saving, opening, importing,
//! exporting, undo and redo, autosave and recovery, and the unsaved-changes question.
//! Every document action arrives through [`AtlasApp::apply`], which hands it to
//! `apply_document`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::AtlasApp;
use super::file_dialog::{Kind, Request, Then};
use super::import_flow::QueuedImport;
use crate::action::{Action, ChangedAnswer, DocAction, UnsavedAnswer};
use crate::document::Document;
use crate::i18n::{Key, tr};
use crate::io::import::{ImportJob, ImportOptions};
use crate::io::project::{discard_recovery, find_recovery};
use crate::map::annotations::{AnnotationEvent, GeoScreen, Tool, tool_shortcut_pressed};
use crate::map::user::CachedLayer;
use crate::model::AnnotationKind;
use crate::model::MapView;
use crate::model::history::Edit;
use crate::model::project::ProjectLayer;
use crate::ui::document::DocInfo;

/// A new text label waiting for its text.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingText {
    pub annotation: crate::model::Annotation,
    /// What the user has typed so far.
    pub text: String,
    /// Where the label goes on screen (the prompt opens there).
    pub pos_in_ui: Option<egui::Pos2>,
}

/// An imported layer being made ready for drawing on another thread.
pub struct Preparing {
    name: String,
    /// Features in the layer.
    total: usize,
    /// Features done so far (counted by the preparing thread).
    done: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    job: crate::io::Job<PreparedLayer>,
}

/// An imported layer made ready for drawing off the UI thread.
pub struct PreparedLayer {
    layer: ProjectLayer,
    cached: CachedLayer,
    /// The display system `cached` was built for.
    display: crate::coords::CoordinateSystem,
}

/// What waits for the answer to “save the changes?”.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterSave {
    Quit,
    New,
    Open(Option<PathBuf>),
}

impl AtlasApp {
    /// The user data directory for the autosave (none: autosave is off).
    pub fn with_data_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.recovery = None;
        if let Some(d) = &dir {
            match find_recovery(d) {
                Ok(found) => self.recovery = found,
                Err(e) => self.state.notice = Some(e.to_string()),
            }
        }
        self.data_dir = dir;
        self
    }

    /// The open project.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// Whether an import is running: probing a file for the import dialog, reading a
    /// file, or preparing its layers.
    pub fn importing(&self) -> bool {
        self.import_job.is_some() || self.preparing.is_some() || self.import_flow.busy()
    }

    /// Waits for a running import and adds its layers, then does the same for each
    /// queued file (for tests and scripts). A probe ends with the import dialog open: it
    /// waits for the user, and so do the files queued behind it.
    pub fn finish_import(&mut self) {
        loop {
            self.start_queued_import();
            self.poll_import_flow(true);
            if let Some((mut job, _)) = self.import_job.take()
                && let Some(result) = job.wait()
            {
                self.import_finished(result);
            }
            if let Some(Preparing { mut job, .. }) = self.preparing.take()
                && let Some(Ok(prepared)) = job.wait()
            {
                self.add_prepared(prepared);
            }
            if !self.importing() && (self.import_flow.pending.is_empty() || self.import_flow.dialog.is_some()) {
                break;
            }
        }
    }

    /// The window title: file name (or 未命名项目), `*` when unsaved, the atlas's name.
    pub fn window_title(&self) -> String {
        let lang = self.state.lang;
        let name = self
            .document
            .file_name()
            .unwrap_or_else(|| tr(lang, Key::Untitled).to_string());
        let dirty = if self.document.is_dirty() { "*" } else { "" };
        format!("{name}{dirty} — {}", super::WINDOW_TITLE)
    }

    pub(super) fn doc_info(&self) -> DocInfo {
        DocInfo {
            dirty: self.document.is_dirty(),
            can_undo: self.document.history.can_undo(),
            can_redo: self.document.history.can_redo(),
            import: self
                .import_job
                .as_ref()
                .map(|(job, _)| {
                    let name = job
                        .path()
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    (name, job.progress())
                })
                .or_else(|| self.import_flow.progress())
                .or_else(|| {
                    self.preparing.as_ref().map(|p| {
                        let done = p.done.load(std::sync::atomic::Ordering::Relaxed);
                        (p.name.clone(), done as f32 / p.total.max(1) as f32)
                    })
                }),
            preparing: self.preparing.is_some(),
            queued_imports: self.import_flow.pending.len(),
            unsaved_prompt: self.unsaved_after.is_some(),
            changed_on_disk: self.changed_on_disk.as_ref().map(|p| p.display().to_string()),
            recovery: self.recovery.as_ref().map(|r| {
                let when = r
                    .saved_at
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| format_utc(d.as_secs()))
                    .unwrap_or_default();
                let original = r.original.as_ref().map(|p| p.display().to_string());
                // Restoring replaces the project open now, if it is another one.
                let replaces = self
                    .document
                    .path
                    .as_ref()
                    .filter(|p| r.original.as_ref() != Some(*p))
                    .map(|p| p.display().to_string());
                (when, original, replaces)
            }),
            tool: self.tool,
            current_scene: self.current_scene,
            scene_count: self.document.project.scenes.len(),
            selected_annotation: self.selected_annotation,
            selected_user_feature: self.selected_user_feature,
            image_export: self.image_export_progress(),
            print_export: self.print_progress(),
        }
    }

    fn map_view_for_save(&self) -> Option<MapView> {
        self.map_rect?;
        let ([lon, lat], zoom) = self.map_view();
        Some(MapView { lon, lat, zoom })
    }

    /// Applies a project action. Errors go to the status bar; the project is unchanged
    /// by a failed save, open, import or export.
    pub(super) fn apply_document(&mut self, action: DocAction) {
        let lang = self.state.lang;
        match action {
            scene @ (DocAction::AddSceneFromView
            | DocAction::AddStarterScenes
            | DocAction::ShowScene(_)
            | DocAction::RenameScene(..)
            | DocAction::SetSceneNotes(..)
            | DocAction::UpdateSceneFromView(_)
            | DocAction::FrameSceneOnAnnotation(_)
            | DocAction::DuplicateScene(_)
            | DocAction::DeleteScene(_)
            | DocAction::MoveScene { .. }
            | DocAction::Present(_)) => {
                self.apply_scene_action(&scene);
            }
            DocAction::OpenImageExport(subject) => self.open_image_dialog(subject),
            DocAction::CloseImageExport => self.image_dialog = None,
            DocAction::BrowseImageTarget => self.browse_image_target(),
            DocAction::ExportImages(request) => {
                self.image_dialog = None;
                self.start_image_export(request);
            }
            DocAction::CancelImageExport => self.cancel_image_export(),
            DocAction::Print(action) => self.apply_print(action),
            DocAction::New => self.ask_unless_saved(AfterSave::New),
            DocAction::Open => self.ask_unless_saved(AfterSave::Open(None)),
            DocAction::OpenPath(path) => self.ask_unless_saved(AfterSave::Open(Some(path))),
            DocAction::Save => match self.document.path.clone() {
                Some(path) => self.save_to(&path),
                None => self.apply_document(DocAction::SaveAs),
            },
            DocAction::SaveAs => {
                let request = Request::new(Kind::Save, Then::SaveProject)
                    .filter(tr(lang, Key::AppName), &["json"])
                    .file_name("dalian-atlas-project.json");
                self.ask_path(request);
            }
            DocAction::SaveToPath(path) => self.save_to(&path),
            DocAction::Import { gcj02 } => {
                self.ask_path(
                    Request::new(Kind::Open, Then::ImportGeoJson { gcj02 }).filter("GeoJSON", &["geojson", "json"]),
                );
            }
            DocAction::ImportData => {
                self.ask_path(Request::new(Kind::Open, Then::ImportData).filter(
                    tr(lang, Key::Import(crate::i18n::ImportKey::ImportData)),
                    &crate::io::import::Format::EXTENSIONS,
                ));
            }
            DocAction::ImportPath { path, gcj02 } => {
                let request = if Self::needs_import_dialog(&path) {
                    let options = crate::io::import::ReadOptions {
                        crs: gcj02.then_some(crate::crs::Crs::Gcj02),
                        ..crate::io::import::ReadOptions::default()
                    };
                    QueuedImport::Probe { path, options }
                } else {
                    QueuedImport::GeoJson { path, gcj02 }
                };
                self.request_import(request);
            }
            flow @ (DocAction::ReprobeImport(_) | DocAction::ReadImport(_) | DocAction::CloseImportDialog) => {
                self.apply_import_flow(flow);
            }
            // Stops the running import only (its probe, read, or the layers it still has
            // to prepare); files queued behind it are imported next, one after another.
            DocAction::CancelImport => {
                // Dropped at once, as the probe and read below are: a file read in full
                // just before the cancel is not added after it. The status bar says so
                // (news, not a problem: the user asked for it).
                if let Some((job, _)) = self.import_job.take() {
                    job.cancel();
                    let file = job.path().display().to_string();
                    self.inform(crate::io::import::ImportError::Cancelled { file }.to_string());
                }
                self.import_flow.cancel();
                // A layer being prepared is dropped when its thread finishes.
                self.preparing = None;
            }
            DocAction::Export(scope) => {
                let request = Request::new(Kind::Save, Then::Export(scope))
                    .filter("GeoJSON", &["geojson"])
                    .filter("GeoPackage", &["gpkg"])
                    .filter("KML", &["kml"])
                    .filter("KMZ", &["kmz"])
                    .file_name("dalian-atlas-export.geojson");
                self.ask_path(request);
            }
            DocAction::ExportToPath(scope, path) => self.export_to(scope, &path),
            DocAction::Undo => {
                if let Err(e) = self.document.undo() {
                    self.notify(e.to_string());
                }
            }
            DocAction::Redo => {
                if let Err(e) = self.document.redo() {
                    self.notify(e.to_string());
                }
            }
            DocAction::SetUserLayerVisible(index, visible) => {
                self.edit(Edit::SetUserLayerVisible { index, visible });
            }
            DocAction::RemoveUserLayer(index) => self.edit(Edit::RemoveUserLayer(index)),
            DocAction::SetStatus {
                subject,
                entry,
                coalesce,
            } => self.set_status(subject, entry, coalesce),
            DocAction::Recover(restore) => {
                if let Some(recovery) = self.recovery.take() {
                    if restore {
                        self.document = Document::recovered(recovery);
                        self.attribute_table = None;
                        self.adopt_project_layers();
                    } else if let Some(dir) = &self.data_dir
                        && let Err(e) = discard_recovery(dir)
                    {
                        self.notify(e.to_string());
                    }
                }
            }
            DocAction::SelectAnnotation(id) => self.select_annotation(id),
            DocAction::MeasurementToAnnotation(annotation) => {
                self.sketch.clear();
                self.apply_document(DocAction::AddAnnotation(annotation));
            }
            DocAction::AddAnnotation(mut annotation) => {
                annotation.id = self.document.project.next_annotation_id();
                let id = annotation.id;
                self.edit(Edit::AddAnnotation(annotation));
                self.select_annotation(Some(id));
            }
            DocAction::EditAnnotation { annotation, coalesce } => {
                self.edit_coalesced(coalesce, Edit::ReplaceAnnotation(annotation))
            }
            DocAction::DeleteAnnotation(id) => {
                self.edit(Edit::RemoveAnnotation(id));
                if self.selected_annotation == Some(id) {
                    self.selected_annotation = None;
                }
            }
            DocAction::FrameAnnotation(id) => {
                let bbox = self
                    .document
                    .project
                    .annotations
                    .iter()
                    .find(|a| a.id == id)
                    .and_then(|a| a.bbox());
                if let Some([w, s, e, n]) = bbox {
                    self.frame_box((w, s, e, n));
                    self.select_annotation(Some(id));
                }
            }
            DocAction::SetTool(tool) => {
                self.tool = tool;
                if tool != Tool::Select {
                    self.selected_user_feature = None;
                }
            }
            // Dragging a slider or a colour sends one style a frame: one undo step.
            DocAction::SetUserLayerStyle(index, style) => {
                self.coalesced_edit(format!("layer-style:{index}"), Edit::SetUserLayerStyle { index, style });
            }
            DocAction::SetUserLayerLinked(index, linked) => {
                self.edit(Edit::SetUserLayerLinked { index, linked });
            }
            DocAction::MoveUserLayer { from, to } => {
                self.edit(Edit::MoveUserLayer { from, to });
                self.selected_user_feature = None;
            }
            DocAction::SelectUserFeature(selected) => {
                self.selected_user_feature = selected;
                if selected.is_some() {
                    self.selected_annotation = None;
                    self.state.right_tab = crate::action::RightTab::Feature;
                    self.state.show_targets = true;
                }
            }
            // The end-of-term evaluation (issue 15).
            DocAction::SetEvaluation { evaluation, coalesce } => {
                self.edit_coalesced(coalesce, Edit::SetEvaluation(evaluation))
            }
            file @ (DocAction::ImportActuals
            | DocAction::ImportActualsFrom(_)
            | DocAction::ExportEvaluationTemplate
            | DocAction::ExportEvaluationTemplateTo(_)
            | DocAction::OpenExampleEvaluation
            | DocAction::ExportEvaluationReport
            | DocAction::ExportEvaluationReportTo(_)) => {
                self.apply_evaluation_file(&file);
            }
            DocAction::ChangedOnDisk(answer) => self.changed_on_disk_answer(answer),
            DocAction::Unsaved(answer) => {
                let Some(after) = self.unsaved_after.take() else { return };
                match answer {
                    UnsavedAnswer::Cancel => {}
                    UnsavedAnswer::Discard => self.proceed(after),
                    UnsavedAnswer::Save => {
                        match self.document.path.clone() {
                            Some(path) => self.save_to(&path),
                            None => self.apply_document(DocAction::SaveAs),
                        }
                        if !self.document.is_dirty() {
                            self.proceed(after);
                        }
                    }
                }
            }
        }
    }

    /// Turns what the user finished on the map's annotation layer into actions, applied
    /// through [`AtlasApp::apply`]: the edits and selections returned, to go before the
    /// frame's other actions; what they imply for the rest of the window pushed onto
    /// `later`. `screen` is the frame's transform (to place the text prompt).
    pub(super) fn annotation_events(
        &mut self,
        events: Vec<AnnotationEvent>,
        screen: Option<GeoScreen>,
        later: &mut Vec<Action>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        for event in events {
            // Something done on the map ends a run of typing merged into one undo step.
            self.coalesce = None;
            match event {
                AnnotationEvent::Created(annotation) => {
                    if annotation.kind == AnnotationKind::Text && annotation.title.trim().is_empty() {
                        // A text label needs its text first: ask beside where it goes.
                        let pos_in_ui = screen.map(|s| s.pos(annotation.vertices[0]));
                        self.pending_text = Some(PendingText {
                            annotation,
                            text: String::new(),
                            pos_in_ui,
                        });
                        continue;
                    }
                    actions.push(Action::Document(DocAction::AddAnnotation(annotation)));
                }
                AnnotationEvent::Changed { after, .. } => actions.push(Action::Document(DocAction::EditAnnotation {
                    annotation: after,
                    coalesce: None,
                })),
                AnnotationEvent::Selected(id) => {
                    actions.push(Action::Document(DocAction::SelectAnnotation(id)));
                    if id.is_some() {
                        later.push(Action::SelectFeature(None));
                    }
                }
                AnnotationEvent::Deleted(id) => actions.push(Action::Document(DocAction::DeleteAnnotation(id))),
                AnnotationEvent::Cancelled => {}
            }
        }
        actions
    }

    /// The text prompt of a new text label was answered: `true` adds the label with the
    /// typed text (nothing when it is blank), `false` drops it.
    pub(super) fn finish_text_prompt(&mut self, keep: bool) -> Option<Action> {
        let PendingText {
            mut annotation, text, ..
        } = self.pending_text.take()?;
        (keep && !text.trim().is_empty()).then(|| {
            annotation.title = text.trim().to_string();
            Action::Document(DocAction::AddAnnotation(annotation))
        })
    }

    /// Selects an annotation; selecting one shows the 标注 tab.
    pub(super) fn select_annotation(&mut self, id: Option<u64>) {
        let id = id.filter(|id| self.document.project.annotations.iter().any(|a| a.id == *id));
        self.selected_annotation = id;
        if id.is_some() {
            self.selected_user_feature = None;
            self.state.right_tab = crate::action::RightTab::Annotations;
            self.state.show_targets = true;
        }
    }

    /// [`Self::coalesced_edit`] with `key`, or a step of its own without one.
    pub(super) fn edit_coalesced(&mut self, coalesce: Option<String>, edit: Edit) {
        match coalesce {
            Some(key) => self.coalesced_edit(key, edit),
            None => self.edit(edit),
        }
    }

    /// Quit asked from the menu with unsaved changes: ask first.
    pub(super) fn apply_document_quit(&mut self) {
        self.unsaved_after = Some(AfterSave::Quit);
    }

    fn ask_unless_saved(&mut self, after: AfterSave) {
        if self.document.is_dirty() {
            self.unsaved_after = Some(after);
        } else {
            self.proceed(after);
        }
    }

    /// Does what waited for the unsaved changes to be saved or discarded.
    pub(super) fn proceed(&mut self, after: AfterSave) {
        match after {
            AfterSave::Quit => {
                self.forget_autosave();
                self.close_confirmed = true;
                let _ = self.apply(Action::Quit);
            }
            AfterSave::New => {
                self.forget_autosave();
                self.document = Document::new();
                self.attribute_table = None;
                // Files still waiting were asked for the project left behind.
                self.import_flow.pending.clear();
            }
            AfterSave::Open(path) => {
                let Some(path) = path else {
                    // Asked again with the path chosen (now or, in-app, by a later frame).
                    let name = tr(self.state.lang, Key::AppName);
                    self.ask_path(Request::new(Kind::Open, Then::OpenProject).filter(name, &["json"]));
                    return;
                };
                match Document::open(&path) {
                    Ok(doc) => {
                        self.forget_autosave();
                        self.state.remember_recent(&path);
                        self.document = doc;
                        self.attribute_table = None;
                        // Files still waiting were asked for the project left behind.
                        self.import_flow.pending.clear();
                        self.adopt_project_layers();
                        if let Some(v) = self.document.project.view {
                            self.set_map_view(self.basemap_cache.display.from_wgs84([v.lon, v.lat]), v.zoom);
                        }
                    }
                    Err(e) => self.notify(e.to_string()),
                }
            }
        }
    }

    /// An opened or recovered project brings its plan-layer settings, and says which
    /// linked layers' files were not as saved.
    fn adopt_project_layers(&mut self) {
        self.report_link_notes();
        let mut state = self.state.clone();
        state.layers = self.document.project.layers.clone();
        self.state = state.restored(&self.plan);
        let layers = self.state.layers.clone();
        let dirty = self.document.is_dirty();
        self.document.sync_layers(&layers);
        if !dirty {
            // Taking the file's own settings is not a change.
            self.document.history.mark_saved();
        }
    }

    /// Deletes the autosave of the work now left behind (saved, replaced or quit) — but
    /// not while the recovery offer of an earlier session's autosave is unanswered: that
    /// file is the earlier work (e.g. a project opened from the command line at start-up
    /// must not delete the work the dialog still offers to restore).
    fn forget_autosave(&mut self) {
        if self.recovery.is_some() {
            return;
        }
        if let Some(dir) = self.data_dir.clone()
            && let Err(e) = self.document.forget_autosave(&dir)
        {
            self.notify(e.to_string());
        }
    }

    fn save_to(&mut self, path: &Path) {
        let view = self.map_view_for_save();
        let saved = self.document.save_to(path, view);
        self.saved(path, saved);
    }

    /// After a save: on success the autosave goes and the status bar says where; on a
    /// failure the message names the file and the autosave stays. A file changed on
    /// disk by someone else asks what to do instead.
    fn saved(&mut self, path: &Path, result: Result<(), crate::model::project::ProjectError>) {
        match result {
            Ok(()) => {
                self.forget_autosave();
                let message = format!("{}：{}", tr(self.state.lang, Key::SavedTo), path.display());
                self.inform(message);
                self.state.remember_recent(path);
                // Cleared by the next frame that finds the project changed again.
                self.state.notice_saved = true;
            }
            Err(crate::model::project::ProjectError::ChangedOnDisk { .. }) => {
                self.changed_on_disk = Some(path.to_path_buf());
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// The user's answer to “the project file was changed on disk”.
    fn changed_on_disk_answer(&mut self, answer: ChangedAnswer) {
        let Some(path) = self.changed_on_disk.take() else {
            return;
        };
        match answer {
            ChangedAnswer::Cancel => {}
            ChangedAnswer::SaveAs => self.apply_document(DocAction::SaveAs),
            ChangedAnswer::Overwrite => {
                let view = self.map_view_for_save();
                let saved = self.document.save_over_changes(&path, view);
                self.saved(&path, saved);
            }
            ChangedAnswer::Reload => match Document::open(&path) {
                Ok(doc) => {
                    self.forget_autosave();
                    self.document = doc;
                    self.attribute_table = None;
                    self.import_flow.pending.clear();
                    self.adopt_project_layers();
                }
                Err(e) => self.notify(e.to_string()),
            },
        }
    }

    /// Says once, in the problems window, which linked layers' files were missing,
    /// changed or unreadable when the project opened.
    fn report_link_notes(&mut self) {
        use crate::i18n::LinkKey;
        use crate::io::project::LinkProblem;
        let lang = self.state.lang;
        let notes = std::mem::take(&mut self.document.link_notes);
        let lines: Vec<String> = notes
            .iter()
            .map(|n| {
                let (key, reason) = match &n.problem {
                    LinkProblem::Missing => (LinkKey::Missing, ""),
                    LinkProblem::Changed => (LinkKey::Changed, ""),
                    LinkProblem::Unreadable(r) => (LinkKey::Unreadable, r.as_str()),
                };
                crate::i18n::evaluation::fill(
                    tr(lang, Key::Links(key)),
                    &[
                        ("layer", &n.layer),
                        ("file", &n.file.display().to_string()),
                        ("reason", reason),
                    ],
                )
            })
            .collect();
        if !lines.is_empty() {
            self.notify(lines.join("\n"));
        }
    }

    /// Starts a GeoJSON import now (callers go through [`AtlasApp::request_import`],
    /// which waits for the running one).
    pub(super) fn start_import(&mut self, path: PathBuf, gcj02: bool) {
        let options = ImportOptions {
            gcj02,
            ..ImportOptions::default()
        };
        let ctx = self.egui_ctx.clone();
        let notify = move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        };
        match ImportJob::spawn(path, options, notify) {
            Ok(job) => self.import_job = Some((job, gcj02)),
            Err(e) => self.notify_import(&e),
        }
    }

    /// Takes a finished import's layer into the project (undoable) once it is prepared
    /// for drawing, or says why not.
    pub(super) fn poll_import(&mut self) {
        self.poll_import_flow(false);
        if let Some((job, _)) = &mut self.import_job
            && let Some(result) = job.try_finish()
        {
            self.import_job = None;
            self.import_finished(result);
        }
        if let Some(Preparing { job, .. }) = &mut self.preparing
            && let Some(result) = job.try_finish()
        {
            self.preparing = None;
            // A thread that panicked leaves nothing to add.
            if let Ok(prepared) = result {
                self.add_prepared(prepared);
            }
        }
        // The running import is done (added, failed, cancelled, or its dialog closed):
        // the next file's turn.
        self.start_queued_import();
    }

    /// A finished import's layer is prepared for drawing (projected and triangulated) on
    /// another thread, so a big file never stalls the window; [`AtlasApp::poll_import`]
    /// adds it to the project when that is done.
    pub(super) fn import_finished(&mut self, result: Result<crate::model::UserLayer, crate::io::import::ImportError>) {
        match result {
            Ok(layer) => {
                let layer = ProjectLayer::new(layer);
                let display = self.user_cache.display;
                let ctx = self.egui_ctx.clone();
                let name = layer.layer.name.clone();
                let total = layer.layer.features.len();
                let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
                let counter = std::sync::Arc::clone(&done);
                // Called once, when the layer is ready (the work reports no progress of
                // its own: `done` counts the features).
                let repaint = move || {
                    if let Some(ctx) = &ctx {
                        ctx.request_repaint();
                    }
                };
                let job = crate::io::Job::spawn("layer preparation", repaint, move |_| {
                    let cached = CachedLayer::build(&layer, display, Some(&counter));
                    PreparedLayer { layer, cached, display }
                });
                match job {
                    Ok(job) => self.preparing = Some(Preparing { name, total, done, job }),
                    Err(e) => self.notify(e.to_string()),
                }
            }
            Err(e) => self.notify_import(&e),
        }
    }

    /// Adds a layer prepared for drawing to the project (undoable).
    fn add_prepared(&mut self, prepared: PreparedLayer) {
        let PreparedLayer { layer, cached, display } = prepared;
        let lang = self.state.lang;
        let message = crate::i18n::labelled(
            lang,
            tr(lang, Key::ImportedLayer),
            &crate::i18n::bracketed(
                lang,
                &layer.layer.name,
                &crate::i18n::feature_count(lang, layer.layer.features.len()),
            ),
        );
        self.user_cache.adopt(cached, display);
        self.edit(Edit::AddUserLayer(layer));
        self.inform(message);
    }

    /// Once a frame: shortcuts, dropped files, the running import, the autosave, the
    /// title, and closing with unsaved changes.
    pub(super) fn document_frame(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        self.egui_ctx = Some(ctx.clone());
        self.poll_import();
        if self.importing() || (!self.import_flow.pending.is_empty() && self.import_flow.dialog.is_none()) {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.camera_frame(ctx);
        actions.extend(crate::ui::shortcuts::document_shortcuts(ctx));
        if self.pending_text.is_none()
            && self.presenting.is_none()
            && let Some(tool) = tool_shortcut_pressed(ctx)
        {
            actions.push(Action::Document(DocAction::SetTool(tool)));
        }
        // Undo, redo or a removal can take away what was selected.
        let project = &self.document.project;
        if let Some(id) = self.selected_annotation
            && !project.annotations.iter().any(|a| a.id == id)
        {
            self.selected_annotation = None;
        }
        if self.current_scene.is_some_and(|k| k >= project.scenes.len()) {
            self.current_scene = None;
        }
        if let Some((layer, feature)) = self.selected_user_feature
            && project
                .user_layers
                .get(layer)
                .is_none_or(|l| feature >= l.layer.features.len())
        {
            self.selected_user_feature = None;
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for path in dropped {
            actions.push(Action::Document(DocAction::ImportPath { path, gcj02: false }));
        }
        let layers = self.state.layers.clone();
        let clean = !self.document.is_dirty();
        self.document.sync_layers(&layers);
        if clean && self.presenting.is_some() {
            // A show sets each scene's layers as a view does: going through a deck is
            // not an unsaved change to the project.
            self.document.history.mark_saved();
        }
        let now = Instant::now();
        if let Some(dir) = self.data_dir.clone()
            && self.document.autosave_due(now)
            && let Err(e) = self.document.autosave(&dir, now)
        {
            self.notify(e.to_string());
        }
        if self.document.is_dirty() {
            // Look again when the next autosave is due, even without input.
            ctx.request_repaint_after(crate::document::AUTOSAVE_EVERY);
        }
        let title = self.window_title();
        if title != self.title_shown {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_shown = title;
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed && self.document.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.unsaved_after = Some(AfterSave::Quit);
        }
    }

    /// On exit: unsaved work goes to the autosave, to be offered at the next start.
    pub fn autosave_on_exit(&mut self) {
        if let Some(dir) = self.data_dir.clone()
            && self.document.is_dirty()
            && let Err(e) = self.document.autosave(&dir, Instant::now())
        {
            log::error!("{e}");
        }
    }
}

/// `YYYY-MM-DD HH:MM UTC` for seconds since 1970 (no time-zone database needed).
fn format_utc(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = crate::io::dates::civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::format_utc;

    #[test]
    fn times_are_written_as_utc_dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(1_796_047_200), "2026-11-30 14:00 UTC");
    }
}
