//! The worker thread that draws big imported layers into an image (issue 14), and the
//! image the window shows meanwhile.
//!
//! Each frame the window asks [`BackgroundRaster::update`] for the view it just showed.
//! When the visible layers hold fewer than [`RASTER_FROM_VERTICES`] positions nothing
//! happens: they are painted as shapes, as before. Otherwise, if the image shown was
//! drawn for another view (or from another revision of the cache, or other
//! visibilities and opacities), a request goes to the worker — at most one at a time,
//! always for the newest view, so a drag never queues up stale work — and the image
//! it sends back replaces the one shown. Until then the old image is drawn shifted and
//! scaled to the new view ([`super::raster::placed_rect`]), so the map is never blank
//! while it moves; the worker wakes the window when it is done.
//!
//! The image covers the map plus [`MARGIN_PT`] on each side, so a drag shows drawn
//! content at the edges until the next image arrives.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{ColorImage, Context, Rect, TextureHandle, TextureOptions};

use super::raster::{RasterLabel, RasterLayer, RasterSymbol, Rasterised, rasterise};
use super::{CachedLayer, UserLayersView, drawn_layers};
use crate::map::lod::ScreenFromMercator;

/// Visible user layers of at least this [`CachedLayer::drawing_weight`] in all (line
/// vertices, a marker counting [`POINT_WEIGHT`]) are drawn by the worker into an image;
/// lighter ones are painted as shapes each frame (a few ms at most).
pub const RASTER_FROM_VERTICES: usize = 150_000;
/// What a marker costs to paint as shapes, in line vertices: 100 000 labelled markers
/// took 300 ms a frame at city zoom, 100 000 line vertices 0.3 ms.
pub const POINT_WEIGHT: usize = 40;
/// How far (points) beyond each side of the map the image reaches.
pub const MARGIN_PT: f32 = 96.0;

/// What an image is drawn from: the view, the cache's revision and each drawn layer's
/// index and opacity. A new image is wanted when it changes.
#[derive(Clone, Debug, PartialEq)]
pub struct RasterKey {
    pub to_screen: ScreenFromMercator,
    /// The image's rect in points (the map's rect plus the margin).
    pub rect: Rect,
    pub pixels_per_point: f32,
    pub revision: u64,
    pub layers: Vec<(usize, f32)>,
}

/// An image of big layers ready to paint: its texture, the view it was drawn for, and
/// its labels and marker letters.
pub struct ShownRaster {
    pub texture: TextureHandle,
    /// The texture's pixels (shared with egui until it has uploaded them).
    pub image: Arc<ColorImage>,
    pub to_screen: ScreenFromMercator,
    pub rect: Rect,
    pub labels: Vec<RasterLabel>,
    pub symbols: Vec<RasterSymbol>,
    key: RasterKey,
}

impl std::fmt::Debug for ShownRaster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShownRaster")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

struct Job {
    key: RasterKey,
    layers: Vec<(usize, Arc<CachedLayer>, f32)>,
}

struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Drawn>,
}

/// The window's background drawing of big layers; see the module docs.
#[derive(Default)]
pub struct BackgroundRaster {
    worker: Option<Worker>,
    /// The request being drawn, if any.
    busy: Option<RasterKey>,
    shown: Option<ShownRaster>,
}

/// Whether the visible layers of `view` are big enough to be drawn in the background.
pub fn wants_raster(view: &UserLayersView) -> bool {
    drawn_layers(view)
        .iter()
        .map(|(_, c, _)| c.drawing_weight())
        .sum::<usize>()
        >= RASTER_FROM_VERTICES
}

/// The key of the image for `view` seen through `to_screen` in `map_rect`.
fn key_for(view: &UserLayersView, to_screen: &ScreenFromMercator, map_rect: Rect, ppp: f32) -> RasterKey {
    RasterKey {
        to_screen: *to_screen,
        rect: map_rect.expand(MARGIN_PT),
        pixels_per_point: ppp,
        revision: view.cache.revision,
        layers: drawn_layers(view).iter().map(|&(k, _, opacity)| (k, opacity)).collect(),
    }
}

/// An image drawn for `key`, converted for egui (on the worker, not the UI thread).
struct Drawn {
    key: RasterKey,
    image: Arc<ColorImage>,
    labels: Vec<RasterLabel>,
    symbols: Vec<RasterSymbol>,
}

/// Draws `job` now, on this thread: what the worker does, and what a map image does so
/// that it shows big layers exactly as the window does.
fn draw(job: Job) -> Drawn {
    let drawn = rasterise_job(&job);
    Drawn {
        key: job.key,
        image: Arc::new(ColorImage::from_rgba_premultiplied(
            drawn.size,
            &drawn.rgba_premultiplied,
        )),
        labels: drawn.labels,
        symbols: drawn.symbols,
    }
}

fn rasterise_job(job: &Job) -> Rasterised {
    let layers: Vec<RasterLayer> = job
        .layers
        .iter()
        .map(|(index, cached, opacity)| RasterLayer {
            index: *index,
            cached,
            opacity: *opacity,
        })
        .collect();
    rasterise(&layers, &job.key.to_screen, job.key.rect, job.key.pixels_per_point)
}

fn job_for(view: &UserLayersView, key: RasterKey) -> Job {
    let layers = drawn_layers(view)
        .into_iter()
        .map(|(k, c, opacity)| (k, Arc::clone(c), opacity))
        .collect();
    Job { key, layers }
}

fn shown_from(ctx: &Context, drawn: Drawn, reuse: Option<ShownRaster>) -> ShownRaster {
    let Drawn {
        key,
        image,
        labels,
        symbols,
    } = drawn;
    let data = egui::ImageData::Color(Arc::clone(&image));
    let texture = match reuse {
        Some(mut old) => {
            old.texture.set(data, TextureOptions::LINEAR);
            old.texture
        }
        None => ctx.load_texture("user-layers-raster", data, TextureOptions::LINEAR),
    };
    ShownRaster {
        texture,
        image,
        to_screen: key.to_screen,
        rect: key.rect,
        labels,
        symbols,
        key,
    }
}

impl BackgroundRaster {
    /// The image to paint this frame, if the layers are drawn in the background.
    pub fn shown(&self) -> Option<&ShownRaster> {
        self.shown.as_ref()
    }

    /// Whether an image is being drawn (the view shown may be out of date).
    pub fn is_drawing(&self) -> bool {
        self.busy.is_some()
    }

    /// Takes a finished image, and asks for one of the view `to_screen` × `map_rect`
    /// when the layers are big and the image shown or being drawn is not of it. Cheap:
    /// a comparison, and at most one message to the worker.
    pub fn update(&mut self, ctx: &Context, view: &UserLayersView, to_screen: &ScreenFromMercator, map_rect: Rect) {
        if let Some(worker) = &self.worker {
            loop {
                match worker.done.try_recv() {
                    Ok(drawn) => {
                        if self.busy.as_ref() == Some(&drawn.key) {
                            self.busy = None;
                        }
                        self.shown = Some(shown_from(ctx, drawn, self.shown.take()));
                    }
                    Err(std::sync::mpsc::TryRecvError::Empty) => break,
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                        // The worker stopped (it should not): the next request starts one.
                        self.worker = None;
                        self.busy = None;
                        break;
                    }
                }
            }
        }
        if !wants_raster(view) {
            self.shown = None;
            return;
        }
        let key = key_for(view, to_screen, map_rect, ctx.pixels_per_point());
        let current = self.busy.as_ref().or(self.shown.as_ref().map(|s| &s.key));
        if self.busy.is_some() || current == Some(&key) {
            return;
        }
        let job = job_for(view, key.clone());
        let worker = self.worker.get_or_insert_with(|| spawn_worker(ctx.clone()));
        if worker.jobs.send(job).is_ok() {
            self.busy = Some(key);
        } else {
            // The worker is gone (it cannot panic on data, but be safe): start anew.
            self.worker = None;
        }
    }
}

/// The worker: draws each job, newest first (older ones waiting are dropped), and wakes
/// the window.
fn spawn_worker(ctx: Context) -> Worker {
    let (jobs, job_rx) = channel::<Job>();
    let (done_tx, done) = channel();
    let spawned = std::thread::Builder::new()
        .name("user-layers-raster".into())
        .spawn(move || {
            while let Ok(mut job) = job_rx.recv() {
                while let Ok(newer) = job_rx.try_recv() {
                    job = newer;
                }
                if done_tx.send(draw(job)).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        });
    if let Err(e) = spawned {
        log::error!("could not start the thread that draws big layers: {e}");
    }
    Worker { jobs, done }
}

/// The image of `view`'s big layers for the view `to_screen` × `map_rect`, drawn now on
/// this thread (for map images: the same drawing as the window's worker); `None` when
/// the layers are small enough to be painted as shapes.
pub fn raster_now(
    ctx: &Context,
    view: &UserLayersView,
    to_screen: &ScreenFromMercator,
    map_rect: Rect,
) -> Option<ShownRaster> {
    if !wants_raster(view) {
        return None;
    }
    let key = key_for(view, to_screen, map_rect, ctx.pixels_per_point());
    let job = job_for(view, key);
    Some(shown_from(ctx, draw(job), None))
}

#[cfg(test)]
#[path = "raster_tests.rs"]
mod tests;
