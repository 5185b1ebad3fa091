//! Importing every format but GeoJSON through the import dialog: the probe of the file
//! (and each re-probe with new choices) runs in a [`crate::io::Job`], never in a frame;
//! the dialog shows its result ([`crate::ui::import_dialog`]); 导入 reads the ticked
//! layers with [`crate::io::import::read_layers`] in another job (with the status bar's
//! progress and cancel button), and each layer read goes through the preparing path of a
//! GeoJSON import (one undoable step per layer). For official boundaries, the choices
//! go to [`AtlasApp::load_official_boundaries_with`] instead.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use super::AtlasApp;
use crate::action::{DocAction, ImportPurpose};
use crate::io::Job;
use crate::io::import::{Format, ImportError, Probe, ReadOptions};
use crate::model::UserLayer;
use crate::ui::import_dialog::ImportDialog;

/// A probe running for the dialog.
struct ProbeRun {
    path: PathBuf,
    purpose: ImportPurpose,
    options: ReadOptions,
    job: Job<Result<Probe, ImportError>>,
}

/// The ticked layers being read.
struct ReadRun {
    path: PathBuf,
    job: Job<Result<Vec<UserLayer>, ImportError>>,
}

/// A file asked for while another import was under way, waiting for its turn.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::app) enum QueuedImport {
    /// A GeoJSON file, imported at once (`gcj02`: its coordinates are GCJ-02).
    GeoJson { path: PathBuf, gcj02: bool },
    /// Any other format: probed, then the import dialog opens on it.
    Probe { path: PathBuf, options: ReadOptions },
}

/// The import dialog and its jobs.
#[derive(Default)]
pub(super) struct ImportFlow {
    /// The dialog, once the first probe has come back.
    pub(super) dialog: Option<ImportDialog>,
    probe: Option<ProbeRun>,
    read: Option<ReadRun>,
    /// Layers read, waiting for their turn to be prepared for drawing.
    queue: VecDeque<UserLayer>,
    /// Files to import once the running import (and the open dialog) is done, first
    /// asked first. [`ImportFlow::cancel`] leaves them: cancelling stops the running
    /// import only.
    pub(super) pending: VecDeque<QueuedImport>,
}

impl ImportFlow {
    /// Whether a probe or a read runs, or read layers wait to be prepared.
    pub(super) fn busy(&self) -> bool {
        self.probe.is_some() || self.read.is_some() || !self.queue.is_empty()
    }

    /// (file name, fraction done) of a running probe or read, for the status bar.
    pub(super) fn progress(&self) -> Option<(String, f32)> {
        let name = |p: &Path| {
            p.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        };
        if let Some(r) = &self.read {
            return Some((name(&r.path), r.job.progress()));
        }
        // A re-probe shows in the dialog, not in the status bar.
        self.probe
            .as_ref()
            .filter(|_| self.dialog.is_none())
            .map(|p| (name(&p.path), p.job.progress()))
    }

    /// Stops the running probe and read, and drops the layers not yet prepared. The files
    /// waiting in [`ImportFlow::pending`] stay: the next one starts once nothing runs.
    pub(super) fn cancel(&mut self) {
        if let Some(p) = &self.probe {
            p.job.cancel();
        }
        if let Some(r) = &self.read {
            r.job.cancel();
        }
        self.probe = None;
        self.read = None;
        self.queue.clear();
        if let Some(dialog) = &mut self.dialog {
            // The probe shown stays usable.
            dialog.reprobing = false;
        }
    }
}

impl AtlasApp {
    /// Whether `path` goes through the import dialog (every format but GeoJSON; a file
    /// the atlas does not know is tried as GeoJSON, as before).
    pub(super) fn needs_import_dialog(path: &Path) -> bool {
        !matches!(Format::of(path), None | Some(Format::GeoJson))
    }

    /// Whether a new import has to wait: an import, a probe, a read or a layer
    /// preparation runs, or the import dialog waits for the user.
    fn import_slot_taken(&self) -> bool {
        self.importing() || self.import_flow.dialog.is_some()
    }

    /// Imports `request` now if nothing else is under way, else queues it behind the
    /// others ([`AtlasApp::start_queued_import`] starts it in its turn). Several files
    /// asked for at once (repeated `--import`, several dropped files) are thus imported
    /// one after the other, none dropped.
    pub(super) fn request_import(&mut self, request: QueuedImport) {
        self.import_flow.pending.push_back(request);
        self.start_queued_import();
    }

    /// Starts the first queued import when nothing else is under way (each frame, and
    /// in [`AtlasApp::finish_import`]).
    pub(super) fn start_queued_import(&mut self) {
        if self.import_slot_taken() {
            return;
        }
        match self.import_flow.pending.pop_front() {
            Some(QueuedImport::GeoJson { path, gcj02 }) => self.start_import(path, gcj02),
            Some(QueuedImport::Probe { path, options }) => {
                self.start_probe(path, ImportPurpose::Layers, options);
            }
            None => {}
        }
    }

    /// How many files wait for their turn to be imported.
    pub fn queued_imports(&self) -> usize {
        self.import_flow.pending.len()
    }

    /// Starts reading what `path` holds, for the dialog (a new one, or the open one with
    /// new choices).
    pub(super) fn start_probe(&mut self, path: PathBuf, purpose: ImportPurpose, options: ReadOptions) {
        let ctx = self.egui_ctx.clone();
        let repaint = move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        };
        let thread_path = path.clone();
        let thread_options = options.clone();
        let job = Job::spawn("import probe", repaint, move |_| {
            crate::io::import::probe(&thread_path, &thread_options)
        });
        match job {
            Ok(job) => {
                if let Some(dialog) = &mut self.import_flow.dialog {
                    dialog.reprobing = true;
                }
                self.import_flow.probe = Some(ProbeRun {
                    path,
                    purpose,
                    options,
                    job,
                });
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// Official boundaries from `path`: a GeoJSON file at once, other formats through the
    /// import dialog.
    pub(super) fn official_boundaries_from(&mut self, path: PathBuf) {
        if Self::needs_import_dialog(&path) {
            self.start_probe(path, ImportPurpose::OfficialBoundaries, ReadOptions::default());
        } else {
            self.load_official_boundaries(Some(path));
        }
    }

    /// Applies the import dialog's actions.
    pub(super) fn apply_import_flow(&mut self, action: DocAction) {
        match action {
            DocAction::ReprobeImport(options) => {
                let Some(dialog) = &self.import_flow.dialog else { return };
                let (path, purpose) = (dialog.probe.file.clone(), dialog.purpose);
                self.start_probe(path, purpose, options);
            }
            DocAction::ReadImport(options) => {
                let Some(dialog) = self.import_flow.dialog.take() else {
                    return;
                };
                self.import_flow.probe = None;
                let path = dialog.probe.file;
                match dialog.purpose {
                    ImportPurpose::OfficialBoundaries => {
                        let choices = crate::state::BoundaryChoices::of(&options);
                        self.load_official_boundaries_with(Some(path), choices);
                    }
                    ImportPurpose::Layers => self.start_read(path, options),
                }
            }
            DocAction::CloseImportDialog => {
                self.import_flow.dialog = None;
                self.import_flow.probe = None;
            }
            _ => {}
        }
    }

    fn start_read(&mut self, path: PathBuf, options: ReadOptions) {
        let ctx = self.egui_ctx.clone();
        let repaint = move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        };
        let thread_path = path.clone();
        let job = Job::spawn("import", repaint, move |control| {
            crate::io::import::read_layers(&thread_path, &options, &|f| {
                control.set_progress(f);
                !control.is_cancelled()
            })
        });
        match job {
            Ok(job) => self.import_flow.read = Some(ReadRun { path, job }),
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// Takes what the probe and read jobs finished, and starts preparing the next layer
    /// read when nothing else is being prepared. `wait`: block until they are done (for
    /// tests and scripts).
    pub(super) fn poll_import_flow(&mut self, wait: bool) {
        let probed = self
            .import_flow
            .probe
            .as_mut()
            .and_then(|run| if wait { run.job.wait() } else { run.job.try_finish() });
        if let Some(result) = probed
            && let Some(run) = self.import_flow.probe.take()
        {
            let file = run.path.display().to_string();
            match result.unwrap_or(Err(ImportError::Internal { file })) {
                // A re-probe updates the dialog of its file; a probe of another file (or
                // for another purpose) replaces it.
                Ok(probe) => match &mut self.import_flow.dialog {
                    Some(dialog) if dialog.probe.file == probe.file && dialog.purpose == run.purpose => {
                        dialog.reprobed(probe, run.options);
                    }
                    _ => self.import_flow.dialog = Some(ImportDialog::new(run.purpose, probe, run.options)),
                },
                Err(e) => {
                    if let Some(dialog) = &mut self.import_flow.dialog {
                        dialog.reprobing = false;
                    }
                    self.notify_import(&e);
                }
            }
        }
        let read = self
            .import_flow
            .read
            .as_mut()
            .and_then(|run| if wait { run.job.wait() } else { run.job.try_finish() });
        if let Some(result) = read
            && let Some(run) = self.import_flow.read.take()
        {
            let file = run.path.display().to_string();
            match result.unwrap_or(Err(ImportError::Internal { file })) {
                Ok(layers) => self.import_flow.queue.extend(layers),
                Err(e) => self.notify_import(&e),
            }
        }
        if self.import_job.is_none()
            && self.preparing.is_none()
            && let Some(layer) = self.import_flow.queue.pop_front()
        {
            self.import_finished(Ok(layer));
        }
    }

    /// Opens the import dialog on `path` for `purpose` once its probe is done, whatever its
    /// format — GeoJSON too, which the menus import without the dialog (for tests and
    /// scripts).
    pub fn probe_for_import(&mut self, path: PathBuf, purpose: ImportPurpose, options: ReadOptions) {
        self.import_flow.dialog = None;
        self.start_probe(path, purpose, options);
    }

    /// The import dialog's form, while it is open (for tests).
    pub fn import_dialog(&self) -> Option<&ImportDialog> {
        self.import_flow.dialog.as_ref()
    }

    /// Whether the file of an import is being probed (read for the dialog).
    pub fn probing(&self) -> bool {
        self.import_flow.probe.is_some()
    }
}
