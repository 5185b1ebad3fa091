//! Print layouts from the window (文件 → 打印布局/导出 PDF…, issue 16): the current view or
//! every scene, a page each, into one PDF.
//!
//! As with map images ([`super::image_export`]), each page is prepared and its map raster
//! laid out on the UI thread from the window's own data (milliseconds), and painted on a
//! worker thread with its own wgpu device (the slow half), which also assembles the PDF
//! and writes it atomically once the last page is in. At most [`AHEAD`] pages wait for
//! the worker, so the window stays responsive and a cancel stops within a page; a
//! cancelled or failed print writes nothing.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use super::AtlasApp;
use crate::action::{PrintAction, PrintRequest};
use crate::i18n::{Key, PrintKey, tr};
use crate::io::{Job, JobControl};
use crate::render::map_image::{self, MapImage, MapSources};
use crate::render::print::{self, PreparedPage, PrintDocument, PrintSettings};
use crate::render::{GpuPainter, ImageLayout, MAX_SIDE, PaintJob, RendererOptions};

/// Pages laid out ahead of the painter.
const AHEAD: usize = 2;

/// What the UI thread sends the worker.
enum WorkerJob {
    Page(PaintJob, Box<PreparedPage>),
    /// No more pages: write the PDF here.
    Finish(PathBuf),
}

/// What the worker reports.
enum WorkerEvent {
    Painted,
    Written,
    Failed(String),
}

/// A running print.
pub struct PrintExport {
    layout: ImageLayout,
    settings: PrintSettings,
    /// Pages still to lay out, in order.
    pending: VecDeque<MapImage>,
    total: usize,
    painted: usize,
    in_flight: usize,
    finish_sent: bool,
    jobs: mpsc::Sender<WorkerJob>,
    events: mpsc::Receiver<WorkerEvent>,
    /// The painter thread; cancelled when the print is dropped.
    worker: Job<()>,
    target: PathBuf,
    started: Instant,
}

impl Drop for PrintExport {
    fn drop(&mut self) {
        self.worker.cancel();
    }
}

/// The worker: paints each page into the document and writes it on `Finish`; stops at
/// a cancel or the first failure (which it reports).
fn paint_pages(
    jobs: mpsc::Receiver<WorkerJob>,
    events: mpsc::Sender<WorkerEvent>,
    control: &JobControl,
    ctx: egui::Context,
    title: String,
) {
    let report = |event: WorkerEvent| {
        let sent = events.send(event).is_ok();
        ctx.request_repaint();
        sent
    };
    let started = GpuPainter::new(RendererOptions::default())
        .map_err(|e| e.to_string())
        .and_then(|p| PrintDocument::new(&title).map(|d| (p, d)).map_err(|e| e.to_string()));
    let (mut painter, mut document) = match started {
        Ok(both) => both,
        Err(reason) => {
            report(WorkerEvent::Failed(reason));
            return;
        }
    };
    for job in jobs {
        if control.is_cancelled() {
            return;
        }
        match job {
            WorkerJob::Page(job, page) => match painter.paint(job) {
                Ok(raster) => {
                    document.add(&page, &raster);
                    if !report(WorkerEvent::Painted) {
                        return;
                    }
                }
                Err(e) => {
                    report(WorkerEvent::Failed(e.to_string()));
                    return;
                }
            },
            WorkerJob::Finish(path) => {
                let event = match document.save(&path) {
                    Ok(()) => WorkerEvent::Written,
                    Err(e) => WorkerEvent::Failed(e.to_string()),
                };
                report(event);
                return;
            }
        }
    }
}

impl AtlasApp {
    /// The running print, if any: `(pages painted, pages in all)`.
    pub fn print_progress(&self) -> Option<(usize, usize)> {
        self.print_export.as_ref().map(|p| (p.painted, p.total))
    }

    /// The print dialog's form, while it is open.
    pub fn print_dialog(&self) -> Option<&crate::ui::print::PrintDialog> {
        self.print_dialog.as_ref()
    }

    /// Applies a print action.
    pub(super) fn apply_print(&mut self, action: PrintAction) {
        match action {
            PrintAction::Open => self.open_print_dialog(),
            PrintAction::Close => self.print_dialog = None,
            PrintAction::Browse => self.browse_print_file(),
            PrintAction::Export(request) => {
                self.print_dialog = None;
                self.start_print(request);
            }
            PrintAction::Cancel => {
                if let Some(export) = self.print_export.take() {
                    let lang = self.state.lang;
                    self.inform(format!(
                        "{}：{}",
                        tr(lang, Key::Print(PrintKey::Cancelled)),
                        export.target.display()
                    ));
                }
            }
        }
    }

    /// Opens the dialog titled after the scene shown (or the atlas), saving next to the
    /// project file (or in the home folder).
    fn open_print_dialog(&mut self) {
        let lang = self.state.lang;
        let title = self
            .current_scene
            .and_then(|k| self.document.project.scenes.get(k))
            .map_or_else(|| tr(lang, Key::AppName).to_string(), |s| s.title.clone());
        let folder = self
            .document
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("."));
        let file = folder.join(format!("{}.pdf", map_image::file_stem(&title)));
        self.print_dialog = Some(crate::ui::print::PrintDialog::new(title, file.display().to_string()));
    }

    fn browse_print_file(&mut self) {
        let Some(dialog) = self.print_dialog.as_ref() else {
            return;
        };
        use super::file_dialog::{Kind, Request, Then};
        let typed = PathBuf::from(dialog.file.trim());
        let mut request = Request::new(Kind::Save, Then::PrintFile).filter("PDF", &["pdf"]);
        if let Some(name) = typed.file_name() {
            request = request.file_name(&name.to_string_lossy());
        }
        request.directory = typed.parent().filter(|d| d.is_dir()).map(PathBuf::from);
        self.ask_path(request);
    }

    fn start_print(&mut self, request: PrintRequest) {
        let lang = self.state.lang;
        let fail = |app: &mut AtlasApp, reason: String| {
            app.notify(format!("{}{reason}", tr(lang, Key::Print(PrintKey::Failed))));
        };
        let images: Vec<MapImage> = if request.all_scenes {
            let scenes = &self.document.project.scenes;
            if scenes.is_empty() {
                fail(self, tr(lang, Key::Print(PrintKey::NoScenes)).to_string());
                return;
            }
            scenes
                .iter()
                .map(|scene| map_image::scene_image(&self.plan, &self.catalogue, &self.links, scene))
                .collect()
        } else {
            let Some(scene) = self.scene_from_view(request.title.clone()) else {
                return;
            };
            vec![map_image::scene_image(&self.plan, &self.catalogue, &self.links, &scene)]
        };
        let mut settings = PrintSettings::new(&self.plan, lang);
        settings.paper = request.paper;
        settings.orientation = request.orientation;
        settings.scale = request.scale;
        settings.unit = request.unit.clone();
        let target = print::with_pdf_extension(&request.out);
        let layout = ImageLayout::new(MAX_SIDE);
        map_image::prepare_layout(&layout);
        let (jobs, job_receiver) = mpsc::channel();
        let (event_sender, events) = mpsc::channel();
        let ctx = self.egui_ctx.clone().unwrap_or_default();
        let title = images.first().map(|i| i.title.clone()).unwrap_or_default();
        let spawned = Job::spawn(
            "print layout",
            || {},
            move |control| paint_pages(job_receiver, event_sender, control, ctx, title),
        );
        let worker = match spawned {
            Ok(worker) => worker,
            Err(e) => {
                fail(self, e.to_string());
                return;
            }
        };
        self.print_export = Some(PrintExport {
            layout,
            settings,
            total: images.len(),
            pending: images.into(),
            painted: 0,
            in_flight: 0,
            finish_sent: false,
            jobs,
            events,
            worker,
            target,
            started: Instant::now(),
        });
    }

    /// Once a frame while printing: collects the worker's reports, lays out the next
    /// page, sends the end, and reports it.
    pub(super) fn poll_print(&mut self, ctx: &egui::Context) {
        let Some(export) = self.print_export.as_mut() else {
            return;
        };
        let lang = self.state.lang;
        let mut failure = None;
        let mut written = false;
        loop {
            match export.events.try_recv() {
                Ok(WorkerEvent::Painted) => {
                    export.painted += 1;
                    export.in_flight = export.in_flight.saturating_sub(1);
                }
                Ok(WorkerEvent::Written) => written = true,
                Ok(WorkerEvent::Failed(reason)) => failure = Some(reason),
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    if failure.is_none() && !written {
                        failure = Some(tr(lang, Key::Print(PrintKey::WorkerGone)).to_string());
                    }
                    break;
                }
            }
        }
        if failure.is_none()
            && export.in_flight < AHEAD
            && let Some(image) = export.pending.pop_front()
        {
            let (user_cache, project) = (&self.user_cache, &self.document.project);
            let sources = MapSources {
                basemap: &self.basemap,
                cache: &self.basemap_cache,
                catalogue: &self.catalogue,
                plan_cache: &self.plan_cache,
                user: Some((user_cache, &project.user_layers)),
                annotations: &project.annotations,
                status: Some(&self.status_styling),
            };
            let laid_out = print::prepare_page(&sources, &image, &export.settings).and_then(|page| {
                let job = print::layout_page(&mut export.layout, &sources, &page)?;
                Ok((job, page))
            });
            match laid_out {
                Ok((job, page)) => {
                    if export.jobs.send(WorkerJob::Page(job, Box::new(page))).is_ok() {
                        export.in_flight += 1;
                    } else {
                        failure = Some(tr(lang, Key::Print(PrintKey::WorkerGone)).to_string());
                    }
                }
                Err(e) => failure = Some(e.to_string()),
            }
        }
        if failure.is_none() && export.pending.is_empty() && !export.finish_sent {
            export.finish_sent = export.jobs.send(WorkerJob::Finish(export.target.clone())).is_ok();
        }
        if let Some(reason) = failure {
            self.print_export = None;
            self.notify(format!("{}{reason}", tr(lang, Key::Print(PrintKey::Failed))));
            return;
        }
        if written {
            let seconds = export.started.elapsed().as_secs_f64();
            let message = format!(
                "{} {} {}（{seconds:.1} s）：{}",
                tr(lang, Key::Print(PrintKey::Done)),
                export.total,
                tr(lang, Key::Print(PrintKey::Pages)),
                export.target.display()
            );
            self.print_export = None;
            self.inform(message);
            return;
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
}
