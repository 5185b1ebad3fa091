//! Drawing imported layers into an image, off the UI thread (issue 14).
//!
//! A layer of a million vertices cannot be turned into egui shapes every frame: at city
//! zoom that took 80 ms per frame for 0.8 M vertices and grew with the data. Big layers
//! are instead drawn by [`rasterise`] into an RGBA image on a worker thread
//! ([`super::background`]) with tiny-skia, and the window paints that image — shifted
//! and scaled to the current view while a newer one is drawn — plus the labels, marker
//! letters and the selected feature, all bounded in number. The frame's cost is then
//! that of one textured rectangle and at most [`MAX_LABELS`] labels, whatever the size of
//! the layers.
//!
//! The image draws what [`super::paint_user_layers`] draws, in the same order (all
//! areas, then all lines, then all points; layer by layer, bottom first; features in
//! file order), with the same styles, detail bands and specks. Differences: the
//! anti-aliasing is tiny-skia's coverage rather than egui's feathering, and a marker
//! is placed at whole pixels (stamped from one pre-drawn marker per style).
//!
//! The image is cut into horizontal strips drawn in parallel, one per core; each strip
//! draws only the features whose box meets it, so the strips add up to the whole.

use std::collections::HashMap;

use egui::{Pos2, Rect, pos2, vec2};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, PixmapPaint, Stroke, Transform};

use super::clusters::{Cluster, clusters_of};
use super::index::Visible;
use super::thin_stroke::{Polylines, Premultiplied, THIN_MAX_PX, ThinStroker};
use super::{CachedFeature, CachedLayer, SPECK_BELOW_PX, SPECK_PX, UserGeometryKind};
use crate::map::labels::{LabelAnchor, LabelCandidate};
use crate::map::lod::{MercatorBox, ScreenFromMercator};
use crate::symbology::simplestyle::MARKER_RADII;
use crate::symbology::{Rgba8, darker};

/// At most this many label candidates are kept per image (one per [`LABEL_CELL_PX`]
/// cell at most): the label placer's cost per frame is bounded by it.
pub const MAX_LABELS: usize = 3_000;
/// At most this many marker letters are kept per image; more markers than that in view
/// are too small and too many to read a letter in.
pub const MAX_SYMBOLS: usize = 1_500;
/// A shape whose box is smaller than this (points) on both sides is drawn without
/// anti-aliasing, and its outline as a hairline.
const SMALL_PX: f32 = 16.0;
/// Label candidates are thinned to one per cell of this size (points): a denser set
/// could not be placed without collisions anyway.
pub(super) const LABEL_CELL_PX: [f32; 2] = [48.0, 18.0];

/// One layer to draw: its cached geometry and its opacity (0…1).
#[derive(Clone)]
pub struct RasterLayer<'a> {
    /// The layer's index in the project (bottom first), for label priority ties.
    pub index: usize,
    pub cached: &'a CachedLayer,
    pub opacity: f32,
}

impl<'a> RasterLayer<'a> {
    /// Every layer of `cache`, opaque: what the image shows when all are visible
    /// (benchmarks and tests).
    pub fn every(cache: &'a super::UserLayerCache) -> Vec<RasterLayer<'a>> {
        cache
            .layers
            .iter()
            .enumerate()
            .map(|(index, cached)| RasterLayer {
                index,
                cached,
                opacity: 1.0,
            })
            .collect()
    }
}

/// Text on a marker, drawn by the window over the image: a marker's letter or digit, or
/// the number of points a cluster stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct RasterSymbol {
    pub mercator: [f64; 2],
    pub text: String,
    pub font_pt: f32,
    pub opacity: f32,
}

/// What [`rasterise`] drew: the image of the view `to_screen` × `rect` at
/// `pixels_per_point`, and the labels and marker letters of the features in it.
#[derive(Clone, Debug)]
pub struct Rasterised {
    /// Width and height in pixels.
    pub size: [usize; 2],
    /// Premultiplied RGBA, row by row (egui's and tiny-skia's layout).
    pub rgba_premultiplied: Vec<u8>,
    /// Label candidates with their anchors in normalised Mercator (top layer first);
    /// the window sets `anchor_in_ui` for the view it shows.
    pub labels: Vec<RasterLabel>,
    pub symbols: Vec<RasterSymbol>,
}

/// A feature's label candidate, anchored in normalised Mercator.
#[derive(Clone, Debug)]
pub struct RasterLabel {
    pub mercator: [f64; 2],
    /// (layer index, feature index), as [`super::UserLayersView::selected`].
    pub layer: usize,
    pub feature: usize,
    /// Its `anchor_in_ui` is where the image was drawn; the window sets it per view.
    pub candidate: LabelCandidate,
}

/// The label candidate of a feature (as [`super::paint_user_layers`] offers it), with
/// its anchor at `at`; `None` for a feature without a label.
pub(super) fn label_candidate(f: &CachedFeature, at: Pos2, selected: bool) -> Option<LabelCandidate> {
    let (text, (_, kind)) = (f.label.as_ref()?, f.label_anchor?);
    let s = &f.style;
    let (anchor, priority, colour) = match kind {
        UserGeometryKind::Point => (
            LabelAnchor::Point {
                radius: s.marker_radius + 2.0,
            },
            880.0,
            s.marker_colour,
        ),
        UserGeometryKind::Line => (
            LabelAnchor::Beside {
                radius: s.stroke_width / 2.0 + 2.0,
            },
            480.0,
            s.stroke,
        ),
        UserGeometryKind::Area => (LabelAnchor::Area, 860.0, s.stroke),
    };
    Some(LabelCandidate {
        text: text.clone(),
        anchor_in_ui: at,
        anchor,
        priority: if selected { 2700.0 } else { priority },
        min_zoom: 0.0,
        font_size: 12.5,
        color: darker(colour).into(),
    })
}

/// Draws `layers` (bottom first) as the map `to_screen` shows them in `rect` (points),
/// into an image of `rect`'s size × `pixels_per_point`. Blocking; meant for a worker
/// thread. The image is transparent where nothing is drawn.
pub fn rasterise(
    layers: &[RasterLayer],
    to_screen: &ScreenFromMercator,
    rect: Rect,
    pixels_per_point: f32,
) -> Rasterised {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    rasterise_in_strips(layers, to_screen, rect, pixels_per_point, cores.clamp(1, 8))
}

/// [`rasterise`] in `strips` horizontal strips drawn in parallel.
pub(super) fn rasterise_in_strips(
    layers: &[RasterLayer],
    to_screen: &ScreenFromMercator,
    rect: Rect,
    pixels_per_point: f32,
    strips: usize,
) -> Rasterised {
    let ppp = if pixels_per_point.is_finite() && pixels_per_point > 0.0 {
        pixels_per_point
    } else {
        1.0
    };
    let width = ((rect.width() * ppp).ceil().max(1.0) as usize).min(16_384);
    let height = ((rect.height() * ppp).ceil().max(1.0) as usize).min(16_384);
    let strips = strips.clamp(1, height);
    let strip_height = height.div_ceil(strips);
    let mut rgba_premultiplied = vec![0u8; width * height * 4];
    let to_pixels = Pixels {
        to_screen: *to_screen,
        origin: rect.min,
        ppp,
    };
    let visible = to_screen.mercator_box(rect);
    let apply = |m: [f64; 2]| to_pixels.apply(m);
    let clusters: Vec<Vec<Cluster>> = layers
        .iter()
        .map(|l| clusters_of(l.cached, to_screen.zoom, &visible, &apply, [width, height], ppp))
        .collect();
    // The strips on threads of their own; the labels meanwhile on this one.
    let (labels, symbols) = std::thread::scope(|scope| {
        for (k, rows) in rgba_premultiplied.chunks_mut(width * strip_height * 4).enumerate() {
            let (to_pixels, clusters) = (&to_pixels, &clusters);
            scope.spawn(move || {
                let top = k * strip_height;
                let strip_rows = rows.len() / (width * 4);
                draw_strip(layers, clusters, to_pixels, top, width, strip_rows, rows);
            });
        }
        (
            labels_of(layers, &clusters, &to_pixels, rect),
            symbols_of(layers, &clusters, &to_pixels),
        )
    });
    Rasterised {
        size: [width, height],
        rgba_premultiplied,
        labels,
        symbols,
    }
}

/// Normalised Mercator → pixels of the image whose top left is `origin` (points).
struct Pixels {
    to_screen: ScreenFromMercator,
    origin: Pos2,
    ppp: f32,
}

impl Pixels {
    fn apply(&self, m: [f64; 2]) -> (f32, f32) {
        let p = self.to_screen.apply(m);
        ((p.x - self.origin.x) * self.ppp, (p.y - self.origin.y) * self.ppp)
    }

    /// The Mercator box of the pixel rows `top..top + rows`, widened by `margin` pixels.
    fn rows_box(&self, top: usize, rows: usize, width: usize, margin: f32) -> MercatorBox {
        let to_point = |x: f32, y: f32| self.origin + vec2(x, y) / self.ppp;
        let min = to_point(-margin, top as f32 - margin);
        let max = to_point(width as f32 + margin, (top + rows) as f32 + margin);
        self.to_screen.mercator_box(Rect::from_min_max(min, max))
    }
}

/// A premultiplied colour faded by `factor`, for tiny-skia (unpremultiplied floats);
/// `None` when nothing would show.
fn colour(c: Rgba8, factor: f32) -> Option<Color> {
    let c = c.gamma_multiply(factor);
    if c.a == 0 {
        return None;
    }
    let a = f32::from(c.a);
    let un = |v: u8| (f32::from(v) / a).min(1.0);
    Color::from_rgba(un(c.r), un(c.g), un(c.b), a / 255.0)
}

fn paint_of(c: Color) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(c);
    paint.anti_alias = true;
    paint
}

/// The features of `layer` whose box meets `visible`, in file order.
/// Found through the layer's index, so a view of a few streets costs what it shows.
pub(super) fn in_box<'a>(
    layer: &'a CachedLayer,
    visible: &'a MercatorBox,
) -> impl Iterator<Item = &'a CachedFeature> + 'a {
    in_box_at(layer, visible).map(|(_, f)| f)
}

/// [`in_box`] with each feature's position in the layer's features.
pub(super) fn in_box_at<'a>(
    layer: &'a CachedLayer,
    visible: &'a MercatorBox,
) -> Box<dyn Iterator<Item = (usize, &'a CachedFeature)> + 'a> {
    let all = &layer.features;
    let near = move |(_, f): &(usize, &CachedFeature)| f.bbox.intersects(visible);
    match layer.index.visible(visible) {
        Visible::All => Box::new(all.iter().enumerate().filter(near)),
        Visible::Some(positions) => Box::new(
            positions
                .into_iter()
                .filter_map(move |p| Some((p as usize, all.get(p as usize)?)))
                .filter(near),
        ),
    }
}

/// Whether `f` is drawn as a speck, and where (pixels).
fn speck_at(f: &CachedFeature, to_pixels: &Pixels) -> Option<(f32, f32)> {
    let a = to_pixels.apply(f.bbox.min);
    let b = to_pixels.apply(f.bbox.max);
    let limit = SPECK_BELOW_PX * to_pixels.ppp;
    ((a.0 - b.0).abs() < limit && (a.1 - b.1).abs() < limit).then(|| ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0))
}

/// Draws one strip of rows `top..top + rows` into `rgba` (premultiplied, `width` wide).
fn draw_strip(
    layers: &[RasterLayer],
    clusters: &[Vec<Cluster>],
    to_pixels: &Pixels,
    top: usize,
    width: usize,
    rows: usize,
    rgba: &mut [u8],
) {
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(rows)) else {
        return;
    };
    let Some(mut pixmap) = Pixmap::new(w, h) else {
        return;
    };
    // Strokes and markers reach a little beyond their geometry's box.
    let margin = 24.0 * to_pixels.ppp;
    let visible = to_pixels.rows_box(top, rows, width, margin);
    let shift = top as f32;
    let zoom = to_pixels.to_screen.zoom;
    let ppp = to_pixels.ppp;
    let speck_side = SPECK_PX * ppp;

    // One path allocation, reused; a polyline's pixel positions and parts, reused.
    let mut builder = PathBuilder::new();
    let mut stroker = ThinStroker::default();
    let mut lines = Polylines::default();

    // Areas and lines of layers that have any (a pass over a point layer's features
    // would find none, at the cost of an index query per strip).
    let shaped = || layers.iter().filter(|l| l.cached.vertex_count > l.cached.point_count);

    // Areas.
    for layer in shaped() {
        for f in in_box(layer.cached, &visible) {
            let Some(polygon) = &f.polygon else { continue };
            let s = &f.style;
            if let Some((x, y)) = speck_at(f, to_pixels) {
                let c = if s.stroke_opacity > 0.0 { s.stroke } else { s.fill };
                draw_speck(&mut pixmap, x, y - shift, speck_side, colour(c, layer.opacity));
                continue;
            }
            lines.clear();
            for ring in polygon.rings_at(zoom) {
                lines.push(
                    ring.iter().map(|m| to_pixels.apply(m)).map(|(x, y)| [x, y - shift]),
                    true,
                );
            }
            let Some(path) = path_of(std::mem::take(&mut builder), &lines) else {
                continue;
            };
            let bounds = path.bounds();
            // A few pixels across: no anti-aliasing and a hairline outline, several
            // times cheaper and no different to the eye at that size.
            let small = bounds.width().max(bounds.height()) < SMALL_PX * ppp;
            // An opaque outline 2 px or wider covers the fill's edge, whose anti-aliasing
            // (most of a fill's cost at city zoom) would not show.
            let outlined = s.stroke_width * ppp >= 2.0 && s.stroke_opacity * layer.opacity >= 1.0;
            if s.fill_opacity > 0.0
                && bounds.width() > 0.01
                && bounds.height() > 0.01
                && let Some(c) = colour(s.fill, s.fill_opacity * layer.opacity)
            {
                let mut paint = paint_of(c);
                paint.anti_alias = !small && !outlined;
                pixmap.fill_path(&path, &paint, FillRule::EvenOdd, Transform::identity(), None);
            }
            builder = path.clear();
            if s.stroke_width > 0.0
                && let Some(c) = colour(s.stroke, s.stroke_opacity * layer.opacity)
            {
                let width = if small { 0.0 } else { s.stroke_width * ppp };
                stroke_polylines(&mut pixmap, &mut stroker, &mut builder, &lines, width, c);
            }
        }
    }

    // Lines.
    for layer in shaped() {
        for f in in_box(layer.cached, &visible) {
            if f.lines.is_empty() {
                continue;
            }
            let s = &f.style;
            if let Some((x, y)) = speck_at(f, to_pixels) {
                let c = colour(s.stroke, s.stroke_opacity * layer.opacity);
                draw_speck(&mut pixmap, x, y - shift, speck_side, c);
                continue;
            }
            let Some(c) = colour(s.stroke, s.stroke_opacity * layer.opacity).filter(|_| s.stroke_width > 0.0) else {
                continue;
            };
            lines.clear();
            for line in f.lines.iter().filter(|l| l.bbox.intersects(&visible)) {
                let pixels = line.at_zoom(zoom).iter().map(|m| to_pixels.apply(m));
                lines.push(pixels.map(|(x, y)| [x, y - shift]), false);
            }
            let Some(extent) = lines.extent() else { continue };
            let small = extent < SMALL_PX * ppp;
            let width = if small && s.stroke_width * ppp <= 2.0 {
                0.0
            } else {
                s.stroke_width * ppp
            };
            stroke_polylines(&mut pixmap, &mut stroker, &mut builder, &lines, width, c);
        }
    }

    // Points, one marker per cell (see `clusters`): pre-drawn once per colour, radius
    // and opacity, and stamped.
    let mut stamps: HashMap<(Rgba8, u32, u32), Option<Pixmap>> = HashMap::new();
    let pixmap_paint = PixmapPaint::default();
    for (layer, clusters) in layers.iter().zip(clusters) {
        for c in clusters {
            let radius_px = c.radius_pt * ppp;
            let reach = radius_px + 2.0 * ppp + 2.0;
            if c.y + reach < shift || c.y - reach > shift + h as f32 {
                continue;
            }
            let key = (c.colour, c.radius_pt.to_bits(), layer.opacity.to_bits());
            let stamp = stamps
                .entry(key)
                .or_insert_with(|| marker_stamp(c.colour, radius_px, layer.opacity, ppp));
            let Some(stamp) = stamp else { continue };
            let half = (stamp.width() / 2) as f32;
            pixmap.draw_pixmap(
                (c.x - half).round() as i32,
                (c.y - shift - half).round() as i32,
                stamp.as_ref(),
                &pixmap_paint,
                Transform::identity(),
                None,
            );
        }
    }
    let data = pixmap.data();
    let n = rgba.len().min(data.len());
    rgba[..n].copy_from_slice(&data[..n]);
}

/// A tiny-skia path of `lines` (closed ones closed), built in `builder`'s allocation;
/// `None` when it has no segment.
fn path_of(mut builder: PathBuilder, lines: &Polylines) -> Option<tiny_skia::Path> {
    for (range, closed) in &lines.parts {
        let Some(line) = lines.points.get(range.clone()) else {
            continue;
        };
        if let Some((first, rest)) = line.split_first() {
            builder.move_to(first[0], first[1]);
            for p in rest {
                builder.line_to(p[0], p[1]);
            }
            if *closed {
                builder.close();
            }
        }
    }
    builder.finish()
}

/// Strokes `lines` `width` pixels wide (0: a hairline): hairlines and 1 px up to
/// [`THIN_MAX_PX`] with the thin stroker, several times faster than tiny-skia's outline
/// and fill; fainter and wider strokes with tiny-skia (the path built in `builder`'s
/// allocation).
fn stroke_polylines(
    pixmap: &mut Pixmap,
    stroker: &mut ThinStroker,
    builder: &mut PathBuilder,
    lines: &Polylines,
    width: f32,
    c: Color,
) {
    if width == 0.0 {
        // A hairline: the thin stroker's 1 px line has the same ink (coverage falls off
        // over a pixel on each side), without tiny-skia's pipeline set up per span.
        stroker.stroke(pixmap, lines, 1.0, c);
    } else if (1.0..=THIN_MAX_PX).contains(&width) {
        stroker.stroke(pixmap, lines, width, c);
    } else if let Some(path) = path_of(std::mem::take(builder), lines) {
        let stroke = Stroke {
            width,
            ..Stroke::default()
        };
        pixmap.stroke_path(&path, &paint_of(c), &stroke, Transform::identity(), None);
        *builder = path.clear();
    }
}

/// A speck of side `side` pixels centred at (`x`, `y`), on whole pixels.
fn draw_speck(pixmap: &mut Pixmap, x: f32, y: f32, side: f32, c: Option<Color>) {
    let side = side.round().max(1.0);
    let Some(c) = c else { return };
    // Written straight into the pixels: at city zoom a big layer is hundreds of thousands
    // of specks, and tiny-skia sets up its pipeline for each rectangle.
    let (x0, y0) = ((x - side / 2.0).round(), (y - side / 2.0).round());
    let (width, height) = (pixmap.width() as f32, pixmap.height() as f32);
    let (left, top) = (x0.max(0.0), y0.max(0.0));
    let (right, bottom) = ((x0 + side).min(width), (y0 + side).min(height));
    if !(left < right && top < bottom) {
        return;
    }
    let src = Premultiplied::of(c);
    let stride = pixmap.width() as usize;
    let data = pixmap.data_mut();
    // Whole pixels within the image (checked above), so the casts are exact.
    for row in top as usize..bottom as usize {
        let from = 4 * (row * stride + left as usize);
        let to = 4 * (row * stride + right as usize);
        if let Some(pixels) = data.get_mut(from..to) {
            pixels.chunks_exact_mut(4).for_each(|p| src.over(p, 1.0));
        }
    }
}

/// A marker as the window draws it: a disc of `radius_px` in `c` with a white rim
/// 1.2 points wide, centred in a square pixmap.
fn marker_stamp(c: Rgba8, radius_px: f32, opacity: f32, ppp: f32) -> Option<Pixmap> {
    let rim = 1.2 * ppp;
    let side = (2.0 * (radius_px + rim)).ceil() as u32 + 2;
    let mut stamp = Pixmap::new(side, side)?;
    let centre = side as f32 / 2.0;
    let circle = PathBuilder::from_circle(centre, centre, radius_px.max(0.5))?;
    if let Some(fill) = colour(c, opacity) {
        stamp.fill_path(&circle, &paint_of(fill), FillRule::Winding, Transform::identity(), None);
    }
    if let Some(white) = colour(Rgba8::rgb(255, 255, 255), opacity) {
        let stroke = Stroke {
            width: rim,
            ..Stroke::default()
        };
        stamp.stroke_path(&circle, &paint_of(white), &stroke, Transform::identity(), None);
    }
    Some(stamp)
}

/// The labels of the features in `rect`: one per [`LABEL_CELL_PX`] cell, top layer
/// first, at most [`MAX_LABELS`]; a point's label only when it stands alone in its
/// cluster cell (read from the clusters, without a pass over every point), a line's or
/// area's only when it is drawn larger than a speck; within a layer in file order.
fn labels_of(layers: &[RasterLayer], clusters: &[Vec<Cluster>], to_pixels: &Pixels, rect: Rect) -> Vec<RasterLabel> {
    let to_screen = &to_pixels.to_screen;
    let visible = to_screen.mercator_box(rect.expand(20.0));
    let mut labels = Vec::new();
    // One flag per label cell of the image (a point on its far edge falls in the extra
    // column or row); when every cell is taken no later offer can place a label.
    let columns = (rect.width() / LABEL_CELL_PX[0]).max(0.0) as usize + 1;
    let rows = (rect.height() / LABEL_CELL_PX[1]).max(0.0) as usize + 1;
    let mut taken = vec![false; columns * rows];
    let mut free = taken.len();
    let mut offer = |layer: &RasterLayer, f: &CachedFeature, m: [f64; 2]| {
        let at = to_screen.apply(m);
        if !rect.contains(at) {
            return false;
        }
        let column = (((at.x - rect.min.x) / LABEL_CELL_PX[0]) as usize).min(columns - 1);
        let row = (((at.y - rect.min.y) / LABEL_CELL_PX[1]) as usize).min(rows - 1);
        let Some(cell) = taken.get_mut(row * columns + column).filter(|t| !**t) else {
            return false;
        };
        let Some(candidate) = label_candidate(f, at, false) else {
            return false;
        };
        *cell = true;
        free -= 1;
        labels.push(RasterLabel {
            mercator: m,
            layer: layer.index,
            feature: f.index,
            candidate,
        });
        labels.len() >= MAX_LABELS || free == 0
    };
    for (layer, clusters) in layers.iter().zip(clusters).rev() {
        let features = &layer.cached.features;
        // Points alone in their cell, labelled at that point.
        let mut singles: Vec<(usize, [f64; 2])> = clusters
            .iter()
            .filter_map(|c| {
                let position = c.feature?;
                let f = features.get(position)?;
                let labelled = f.label.is_some() && f.label_anchor == Some((c.mercator, UserGeometryKind::Point));
                labelled.then_some((position, c.mercator))
            })
            .collect();
        singles.sort_unstable_by_key(|&(position, _)| position);
        let mut singles = singles.into_iter().peekable();
        // Lines and areas (none in a layer of points only); a speck's label would name
        // nothing one can see.
        let shaped: Box<dyn Iterator<Item = (usize, &CachedFeature)>> =
            if layer.cached.kind == Some(UserGeometryKind::Point) {
                Box::new(std::iter::empty())
            } else {
                in_box_at(layer.cached, &visible)
            };
        let mut shaped = shaped
            .filter_map(|(position, f)| {
                let (m, kind) = f.label_anchor.filter(|_| f.label.is_some())?;
                (kind != UserGeometryKind::Point && speck_at(f, to_pixels).is_none()).then_some((position, m))
            })
            .peekable();
        // Both in file order, as the shapes path offers them.
        loop {
            let next = match (singles.peek(), shaped.peek()) {
                (Some(a), Some(b)) if b.0 < a.0 => shaped.next(),
                (Some(_), _) => singles.next(),
                (None, _) => shaped.next(),
            };
            let Some((position, m)) = next else { break };
            if let Some(f) = features.get(position)
                && offer(layer, f, m)
            {
                return labels;
            }
        }
    }
    labels
}

/// The counts on clusters and the letters of single medium and large markers, at most
/// [`MAX_SYMBOLS`].
fn symbols_of(layers: &[RasterLayer], clusters: &[Vec<Cluster>], to_pixels: &Pixels) -> Vec<RasterSymbol> {
    let mut symbols = Vec::new();
    for (layer, clusters) in layers.iter().zip(clusters) {
        for c in clusters {
            let (text, font_pt) = match (c.count, c.symbol) {
                (1, Some(symbol)) if c.radius_pt >= MARKER_RADII[1] => (symbol.to_string(), c.radius_pt * 1.4),
                (1, _) => continue,
                (n, _) => (n.to_string(), 11.0),
            };
            if symbols.len() >= MAX_SYMBOLS {
                return symbols;
            }
            let at = to_pixels.origin + vec2(c.x, c.y) / to_pixels.ppp;
            symbols.push(RasterSymbol {
                mercator: to_pixels.to_screen.mercator_of(at),
                text,
                font_pt,
                opacity: layer.opacity,
            });
        }
    }
    symbols
}

/// Where the image drawn for `drawn_to_screen` × `drawn_rect` lies on screen in the view
/// `to_screen`: shifted when the map was dragged, scaled when it was zoomed.
pub fn placed_rect(drawn_to_screen: &ScreenFromMercator, drawn_rect: Rect, to_screen: &ScreenFromMercator) -> Rect {
    let a = to_screen.apply(drawn_to_screen.mercator_of(drawn_rect.min));
    let b = to_screen.apply(drawn_to_screen.mercator_of(drawn_rect.max));
    Rect::from_two_pos(pos2(a.x, a.y), pos2(b.x, b.y))
}
