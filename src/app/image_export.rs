//! Map images from the window (issue 6): the current view or every scene as PNG files, at
//! a chosen size, with progress and cancel.
//!
//! Each image is laid out on the UI thread from the window's own data — basemap, plan
//! layers, imported layers and annotations, so the image shows what the window shows —
//! which takes milliseconds (egui passes and tessellation, [`layout_map`]). The painting,
//! the slow half on a software rasteriser (≈1 s at 1920×1080), runs on a worker thread
//! with its own wgpu device ([`GpuPainter`]), which also writes the files. At most
//! [`AHEAD`] images wait for the worker, so the window stays responsive and a cancel
//! stops within one image. Files are written atomically: a cancelled or failed export
//! leaves whole images only.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use super::AtlasApp;
use crate::action::{ImageRequest, ImageSubject};
use crate::i18n::{Key, tr};
use crate::io::{Job, JobControl};
use crate::model::LegendPlacement;
use crate::render::map_image::{self, DeckItem, ImageSettings, MapImage, MapSources, layout_map};
use crate::render::{GpuPainter, ImageLayout, MAX_SIDE, PaintJob, RendererOptions, save_png};

/// Images laid out ahead of the painter.
const AHEAD: usize = 2;

/// What the worker reports.
enum WorkerEvent {
    Written,
    Failed(String),
}

/// A running export.
pub struct ImageExport {
    layout: ImageLayout,
    settings: ImageSettings,
    /// Images still to lay out, in order.
    pending: VecDeque<DeckItem>,
    total: usize,
    written: usize,
    /// Laid out and sent, not yet reported.
    in_flight: usize,
    jobs: mpsc::Sender<(PaintJob, PathBuf)>,
    events: mpsc::Receiver<WorkerEvent>,
    /// The painter thread; cancelled when the export is dropped (cancelled, failed or
    /// replaced): it then paints no further image.
    worker: Job<()>,
    /// The file (one image) or folder (scenes) the images go to.
    target: PathBuf,
    started: Instant,
}

impl Drop for ImageExport {
    fn drop(&mut self) {
        self.worker.cancel();
    }
}

impl ImageExport {
    /// `(images written, images in all)`.
    pub fn progress(&self) -> (usize, usize) {
        (self.written, self.total)
    }
}

/// The worker: paints each job and writes its file, until the sender goes away, the job
/// is cancelled or a paint job fails (then it reports and stops).
fn paint_images(
    jobs: mpsc::Receiver<(PaintJob, PathBuf)>,
    events: mpsc::Sender<WorkerEvent>,
    control: &JobControl,
    ctx: egui::Context,
) {
    let mut painter = match GpuPainter::new(RendererOptions::default()) {
        Ok(p) => p,
        Err(e) => {
            let _ = events.send(WorkerEvent::Failed(e.to_string()));
            ctx.request_repaint();
            return;
        }
    };
    for (job, path) in jobs {
        if control.is_cancelled() {
            return;
        }
        let outcome = painter.paint(job).and_then(|image| {
            // A cancel while painting: the image is not written.
            if control.is_cancelled() {
                return Ok(());
            }
            save_png(&image, &path)
        });
        let failed = outcome.is_err();
        let event = match outcome {
            Ok(()) => WorkerEvent::Written,
            Err(e) => WorkerEvent::Failed(e.to_string()),
        };
        if events.send(event).is_err() {
            return;
        }
        ctx.request_repaint();
        if failed {
            return;
        }
    }
}

/// `file` with a `.png` extension (added when it has none or another).
fn with_png_extension(file: &Path) -> PathBuf {
    let is_png = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if is_png {
        file.to_path_buf()
    } else {
        let mut name = file.as_os_str().to_owned();
        name.push(".png");
        PathBuf::from(name)
    }
}

impl AtlasApp {
    /// The running image export, if any: `(written, total)`.
    pub fn image_export_progress(&self) -> Option<(usize, usize)> {
        self.image_export.as_ref().map(ImageExport::progress)
    }

    /// The map-image dialog's form, while it is open.
    pub fn image_dialog(&self) -> Option<&crate::ui::image_export::ImageExportDialog> {
        self.image_dialog.as_ref()
    }

    /// The image of what the window shows: the image of a scene made from the view (its
    /// extent, layers, highlighted element and selected feature), with the legend where
    /// the image dialog puts it (whether or not the window's legend is folded).
    fn current_view_image(&self, title: String, legend: LegendPlacement) -> Option<MapImage> {
        let scene = self.scene_from_view(title)?;
        Some(MapImage {
            legend,
            ..map_image::scene_image(&self.plan, &self.catalogue, &self.links, &scene)
        })
    }

    /// What an image of the current view at the dialog's size shows, `(west, south, east,
    /// north)`, while the dialog is open for the current view: the area the scene of the
    /// view is about, fitted to the image's map as `render` frames it. Worked out again
    /// only when the view or the size changes.
    pub fn image_frame_preview(&mut self) -> Option<crate::model::LonLatBox> {
        let dialog = self
            .image_dialog
            .as_ref()
            .filter(|d| d.subject == ImageSubject::CurrentView)?;
        let size = dialog.size();
        let view = self.view_now()?;
        if let Some((key, frame)) = self.image_frame
            && key == (view, size)
        {
            return Some(frame);
        }
        let image = self.current_view_image(String::new(), LegendPlacement::Off)?;
        let [w, h] = map_image::map_area_points(size);
        let (w, h) = (f64::from(w), f64::from(h));
        let framed = match image.extent {
            Some(extent) => crate::model::view::fit_view_filling(extent, w, h, 1.0),
            None => image.view?,
        };
        let frame = crate::model::view::extent_of_view(framed, w, h);
        self.image_frame = Some(((view, size), frame));
        Some(frame)
    }

    /// Starts exporting what `request` asks for (a running export is replaced).
    pub(super) fn start_image_export(&mut self, request: ImageRequest) {
        let lang = self.state.lang;
        let fail = |app: &mut AtlasApp, reason: String| {
            app.notify(format!("{}{reason}", tr(lang, Key::ImageExportFailed)));
        };
        let layout = ImageLayout::new(MAX_SIDE);
        if let Err(e) = layout.check_size(request.size) {
            fail(self, e.to_string());
            return;
        }
        let (items, target) = match request.subject {
            ImageSubject::CurrentView => {
                let file = with_png_extension(&request.out);
                let Some(image) = self.current_view_image(request.title.clone(), request.legend) else {
                    return;
                };
                (
                    vec![DeckItem {
                        image,
                        out: file.clone(),
                    }],
                    file,
                )
            }
            ImageSubject::AllScenes => {
                let scenes = &self.document.project.scenes;
                if scenes.is_empty() {
                    fail(self, tr(lang, Key::ImageExportNoScenes).to_string());
                    return;
                }
                if let Err(e) = crate::io::create_dir_all(&request.out) {
                    fail(self, format!("{}: {e}", request.out.display()));
                    return;
                }
                let items = scenes
                    .iter()
                    .enumerate()
                    .map(|(k, scene)| DeckItem {
                        image: MapImage {
                            legend: request.legend,
                            ..map_image::scene_image(&self.plan, &self.catalogue, &self.links, scene)
                        },
                        out: request.out.join(map_image::scene_file_name(k, &scene.title)),
                    })
                    .collect();
                (items, request.out.clone())
            }
        };
        map_image::prepare_layout(&layout);
        let settings = ImageSettings {
            size: request.size,
            lang,
            source: map_image::plan_source(&self.plan.front, lang),
            date: map_image::today_utc(),
        };
        let (jobs, job_receiver) = mpsc::channel();
        let (event_sender, events) = mpsc::channel();
        let ctx = self.egui_ctx.clone().unwrap_or_default();
        let spawned = Job::spawn(
            "image export",
            || {},
            move |control| {
                paint_images(job_receiver, event_sender, control, ctx);
            },
        );
        let worker = match spawned {
            Ok(worker) => worker,
            Err(e) => {
                fail(self, e.to_string());
                return;
            }
        };
        self.image_export = Some(ImageExport {
            layout,
            settings,
            total: items.len(),
            pending: items.into(),
            written: 0,
            in_flight: 0,
            jobs,
            events,
            worker,
            target,
            started: Instant::now(),
        });
    }

    /// Opens the map-image dialog: titled after the scene shown (or the atlas), saving
    /// next to the project file (or in the home folder).
    pub(super) fn open_image_dialog(&mut self, subject: ImageSubject) {
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
        let file = folder.join(format!("{}.png", map_image::file_stem(&title)));
        let scenes = folder.join(tr(lang, Key::ImageExportScenesFolder));
        self.image_dialog = Some(crate::ui::image_export::ImageExportDialog::new(
            subject,
            title,
            file.display().to_string(),
            scenes.display().to_string(),
        ));
    }

    /// Asks for the dialog's file (current view) or folder (scenes).
    pub(super) fn browse_image_target(&mut self) {
        let Some(dialog) = self.image_dialog.as_mut() else {
            return;
        };
        use super::file_dialog::{Kind, Request, Then};
        let typed = PathBuf::from(dialog.out().trim());
        let request = match dialog.subject {
            ImageSubject::CurrentView => {
                let mut request = Request::new(Kind::Save, Then::ImageFile).filter("PNG", &["png"]);
                if let Some(name) = typed.file_name() {
                    request = request.file_name(&name.to_string_lossy());
                }
                request.directory = typed.parent().filter(|d| d.is_dir()).map(PathBuf::from);
                request
            }
            ImageSubject::AllScenes => Request::new(Kind::Folder, Then::ImageFolder),
        };
        self.ask_path(request);
    }

    /// Stops the running export; the images written stay.
    pub(super) fn cancel_image_export(&mut self) {
        if let Some(export) = self.image_export.take() {
            let (written, total) = export.progress();
            let lang = self.state.lang;
            self.inform(format!(
                "{} {written}/{total}：{}",
                tr(lang, Key::ImageExportCancelled),
                export.target.display()
            ));
        }
    }

    /// Once a frame while exporting: collects the worker's reports, lays out the next
    /// images, and reports the end.
    pub(super) fn poll_image_export(&mut self, ctx: &egui::Context) {
        let Some(export) = self.image_export.as_mut() else {
            return;
        };
        let lang = self.state.lang;
        let mut failure = None;
        loop {
            match export.events.try_recv() {
                Ok(WorkerEvent::Written) => {
                    export.written += 1;
                    export.in_flight = export.in_flight.saturating_sub(1);
                }
                Ok(WorkerEvent::Failed(reason)) => failure = Some(reason),
                Err(mpsc::TryRecvError::Empty) => break,
                // The worker ended without a word (it panicked): nothing more will come.
                Err(mpsc::TryRecvError::Disconnected) => {
                    if failure.is_none() && (export.in_flight > 0 || !export.pending.is_empty()) {
                        failure = Some(tr(lang, Key::ImageExportWorkerGone).to_string());
                    }
                    break;
                }
            }
        }
        if failure.is_none()
            && export.in_flight < AHEAD
            && let Some(item) = export.pending.pop_front()
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
            match layout_map(&mut export.layout, &sources, &item.image, &export.settings) {
                Ok(job) => {
                    if export.jobs.send((job, item.out)).is_ok() {
                        export.in_flight += 1;
                    } else {
                        failure = Some(tr(lang, Key::ImageExportWorkerGone).to_string());
                    }
                }
                Err(e) => failure = Some(e.to_string()),
            }
        }
        if let Some(reason) = failure {
            self.image_export = None;
            self.notify(format!("{}{reason}", tr(lang, Key::ImageExportFailed)));
            return;
        }
        if export.pending.is_empty() && export.in_flight == 0 {
            let seconds = export.started.elapsed().as_secs_f64();
            let message = format!(
                "{} {} {}（{seconds:.1} s）：{}",
                tr(lang, Key::ImageExportDone),
                export.written,
                tr(lang, Key::ImageExportImages),
                export.target.display()
            );
            self.image_export = None;
            self.inform(message);
            return;
        }
        // The worker wakes the window after each image; this covers the layout steps.
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_extension_is_added_once() {
        assert_eq!(with_png_extension(Path::new("/tmp/map")), PathBuf::from("/tmp/map.png"));
        assert_eq!(
            with_png_extension(Path::new("/tmp/map.PNG")),
            PathBuf::from("/tmp/map.PNG")
        );
        assert_eq!(with_png_extension(Path::new("/tmp/a.b")), PathBuf::from("/tmp/a.b.png"));
    }
}
