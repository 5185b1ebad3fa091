//! Imported GeoJSON layers (issue 5) on the map.
//!
//! [`UserLayerCache`] projects, simplifies and triangulates every feature of every user
//! layer once and resolves each feature's style and label; [`paint_user_layers`] only
//! maps cached vertices to the screen and returns the label candidates for the shared
//! label placer ([`super::labels`]). [`user_feature_at`] hit-tests, [`user_legend`]
//! builds the legend rows and [`user_feature_tooltip`] the hover text — the same
//! pattern as the plan layers ([`super::plan_layer`]).
//!
//! # Layer order
//!
//! The `layers` slice is in the project's order, **bottom first**, as
//! [`crate::model::Project::user_layers`] stores it (and the project file documents
//! it): `layers[0]` is drawn first, under the others, the last layer on top. Hit tests
//! look at the top layer first and the legend lists the top layer first. (The plan
//! layers' settings are top first; a panel that lists user layers top first shows this
//! slice reversed.) Across layers, all areas are painted first, then all lines, then all
//! points, so a point is never hidden under an area of a higher layer; within one kind,
//! layer order holds, and within a layer the features' order in the file.
//!
//! # Style resolution
//!
//! Each feature's style is resolved once (in [`UserLayerCache::new`] and
//! [`UserLayerCache::restyle`]), in this order, the first that applies winning:
//!
//! 1. The feature's own simplestyle-spec 1.1 properties: `marker-color`, `marker-size`
//!    (`small`, `medium`, `large`), `marker-symbol`, `stroke`, `stroke-width`,
//!    `stroke-opacity`, `fill`, `fill-opacity`. Colours are `#rgb` or `#rrggbb` (the `#`
//!    may be left out, as the spec allows); widths are numbers ≥ 0 (at most
//!    [`MAX_STROKE_WIDTH`] pixels); opacities numbers in 0…1 (numbers written as text
//!    are read too). An invalid value is ignored, as if it were absent.
//! 2. When the layer's [`UserLayerStyle::colour_property`] is set: the categorical
//!    colour of the feature's value of that property. The distinct values (of features
//!    with geometry) are sorted — numbers first, by value, then text — and the first
//!    [`MAX_CATEGORIES`] get the colours of [`CATEGORY_PALETTE`] in that order; further
//!    values, and features without the property (or with `null`), get [`OTHER_COLOUR`].
//!    The assignment depends only on the set of values, not on the features' order.
//! 3. Otherwise the layer's [`UserLayerStyle::colour`].
//!
//! The colour from 2 or 3 stands in for each of `marker-color`, `stroke` and `fill` that
//! the feature does not set itself (so a polygon with only a `stroke` keeps the layer's
//! fill colour). Missing widths and opacities take [`DEFAULT_STROKE_WIDTH`], stroke
//! opacity 1 and [`DEFAULT_FILL_OPACITY`]; a missing `marker-size` is medium. The
//! layer's [`UserLayerStyle::opacity`] multiplies everything, at paint time.
//!
//! `marker-symbol` draws a circle in any case; a single letter or digit (a string such
//! as `"a"` or `"7"`, or an integer 0…9) is also written inside medium and large
//! markers. Other symbol names (Maki icons) draw the plain circle.
//!
//! [`UserLayerStyle::label_property`] names the property whose value labels each
//! feature: text as is, numbers formatted (integers without a decimal point, others
//! with at most six decimals, trailing zeros dropped), `true`/`false`, arrays and
//! objects as compact JSON; a missing, `null` or empty value gives no label.
//!
//! # Coordinates
//!
//! Positions are WGS-84 (as [`crate::model::UserFeature`] keeps them) and are shifted with
//! [`CoordinateSystem::from_wgs84`] to the display system (GCJ-02 under Amap-style
//! tiles) before projection, like the plan layers. Features without geometry (a GeoJSON
//! `null` geometry, kept as an empty GeometryCollection) and empty geometries are
//! skipped: not drawn, not hit, not in the legend.

use egui::{Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, Vec2};
use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon, Simplify};
use serde_json::Map;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::labels::{LabelAnchor, LabelCandidate};
use super::lod::{CachedPolygon, MercatorBox, ScreenFromMercator, band_for_zoom, mercator_from_lon_lat, per_band};
use super::plan_layer::{LegendRow, LegendSymbol, Marker, SELECTED};
use crate::basemap::label_point_lon_lat;
use crate::coords::CoordinateSystem;
pub use crate::model::user_layer::LayerKey;
use crate::model::{ProjectLayer, UserLayerStyle};
use crate::symbology::categories::category_index;
pub use crate::symbology::categories::{
    CATEGORY_PALETTE, MAX_CATEGORIES, OTHER_COLOUR, OTHER_TEXT, categories_of, format_value,
};
pub use crate::symbology::simplestyle::{
    DEFAULT_FILL_OPACITY, DEFAULT_STROKE_WIDTH, MARKER_RADII, MAX_STROKE_WIDTH, UserFeatureStyle, parse_colour,
    resolve_style,
};
pub use crate::symbology::tooltip::{TOOLTIP_PROPERTIES, user_feature_tooltip};
use crate::symbology::{Rgba8, darker};

/// A line is hit within this many points of it (or within half its width, if wider).
pub const LINE_HIT_PX: f32 = 6.0;
/// A point is hit within its marker radius plus this many points.
const POINT_HIT_SLACK_PX: f32 = 2.0;

/// The kind of geometry a feature (or the legend row of a layer) shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UserGeometryKind {
    Point,
    Line,
    Area,
}

/// One line (a LineString, or one member of a MultiLineString) ready to draw at any zoom.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedLine {
    pub bbox: MercatorBox,
    /// Vertices in normalised Mercator, one entry per band of [`BAND_MIN_ZOOMS`]:
    /// simplified to half a pixel at the band's lowest zoom, every vertex in the last.
    pub bands: Vec<Vec<[f64; 2]>>,
}

impl CachedLine {
    /// Projects and simplifies a WGS-84 line; `shift` as in [`CachedPolygon::new`].
    /// `None` for a line of fewer than two positions.
    pub fn new(line_lon_lat: &LineString<f64>, shift: &dyn Fn([f64; 2]) -> [f64; 2]) -> Option<CachedLine> {
        if line_lon_lat.0.len() < 2 {
            return None;
        }
        let mercator: LineString<f64> = line_lon_lat
            .coords()
            .map(|c| {
                let [x, y] = mercator_from_lon_lat(shift([c.x, c.y]));
                Coord { x, y }
            })
            .collect();
        let bbox = MercatorBox::of(mercator.coords().map(|c| [c.x, c.y]))?;
        let vertices = |l: &LineString<f64>| l.coords().map(|c| [c.x, c.y]).collect();
        let bands = per_band(|| vertices(&mercator), |px| vertices(&mercator.simplify(0.5 * px)));
        Some(CachedLine { bbox, bands })
    }

    /// The vertices at the band for `zoom`.
    pub fn at_zoom(&self, zoom: f64) -> &[[f64; 2]] {
        self.bands.get(band_for_zoom(zoom)).map_or(&[], Vec::as_slice)
    }
}

/// One feature with geometry, projected and styled.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedFeature {
    /// Index into the layer's [`UserLayer::features`].
    pub index: usize,
    pub style: UserFeatureStyle,
    /// The value of the layer's `label_property`, formatted.
    pub label: Option<String>,
    /// Points (of Point, MultiPoint and collection members), normalised Mercator.
    pub points: Vec<[f64; 2]>,
    /// Lines (of LineString, MultiLineString and collection members).
    pub lines: Vec<CachedLine>,
    /// All polygon parts (of Polygon, MultiPolygon and collection members) as one.
    pub polygon: Option<CachedPolygon>,
    /// Area of `polygon` in normalised Mercator units² (0 without), for hit tests.
    pub area: f64,
    /// Where the label goes and what it labels: an area's interior point, else the
    /// middle vertex of the longest line, else the first point.
    pub label_anchor: Option<([f64; 2], UserGeometryKind)>,
    pub bbox: MercatorBox,
}

impl CachedFeature {
    /// The kinds of geometry this feature has.
    pub fn kinds(&self) -> impl Iterator<Item = UserGeometryKind> {
        [
            (!self.points.is_empty()).then_some(UserGeometryKind::Point),
            (!self.lines.is_empty()).then_some(UserGeometryKind::Line),
            self.polygon.is_some().then_some(UserGeometryKind::Area),
        ]
        .into_iter()
        .flatten()
    }
}

/// One user layer's cached features and its categories.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedLayer {
    /// Which layer this is (see [`UserLayerCache::sync`]).
    pub key: LayerKey,
    /// Features with geometry, in the file's order.
    pub features: Vec<CachedFeature>,
    /// How many features the layer had when cached (with and without geometry).
    pub feature_count: usize,
    /// The style the features were resolved with.
    pub style: UserLayerStyle,
    /// The values of `colour_property` that have their own colour (sorted, at most
    /// [`MAX_CATEGORIES`]); `CATEGORY_PALETTE[k]` colours `categories[k]`.
    pub categories: Vec<String>,
    /// Some feature with geometry is coloured [`OTHER_COLOUR`] (categorised layers only).
    pub other: bool,
    /// The legend's symbol: areas if the layer has any, else lines, else points; `None`
    /// for a layer without geometry.
    pub kind: Option<UserGeometryKind>,
    /// The legend colour of an uncategorised layer: the most common colour among its
    /// features of `kind` (marker colour for points, stroke for lines and areas).
    pub legend_colour: Rgba8,
    /// The fill opacity shown with `legend_colour` for areas.
    pub legend_fill: f32,
}

/// Every user layer's features projected, triangulated and styled once.
///
/// Keep it up to date with [`UserLayerCache::sync`] (each frame: cheap unless layers were
/// added or the display system changed). A big layer can be prepared off the UI thread
/// with [`CachedLayer::build`] and handed over with [`UserLayerCache::adopt`] before it
/// enters the project. Visibility and opacity are read from the [`UserLayersView`] each
/// frame and need no update.
#[derive(Clone, Debug, PartialEq)]
pub struct UserLayerCache {
    /// The coordinate system the geometry was shifted to.
    pub display: CoordinateSystem,
    /// One entry per layer, in the order of the slice it was built from (bottom first).
    pub layers: Vec<CachedLayer>,
    /// Entries of layers no longer in the project (removed, or prepared and not yet
    /// added), newest last, at most [`SPARE_LAYERS`]: undoing a removal, or adding a
    /// prepared layer, finds its geometry here instead of projecting it again.
    spare: Vec<CachedLayer>,
}

/// How many entries of layers not in the project [`UserLayerCache`] keeps.
pub const SPARE_LAYERS: usize = 4;

impl CachedLayer {
    /// Projects (shifted to `display`), simplifies, triangulates and styles one layer,
    /// on every core. The expensive part of importing a big file's layer for drawing; it
    /// needs no UI and can run on another thread (see [`UserLayerCache::adopt`]).
    /// `progress`, if given, counts the features done.
    pub fn build(layer: &ProjectLayer, display: CoordinateSystem, progress: Option<&AtomicUsize>) -> CachedLayer {
        cache_layer_with(layer, display, progress)
    }
}

impl UserLayerCache {
    /// Projects (shifted to `display`), simplifies and triangulates every feature of
    /// `layers` and resolves its style and label. Build once when a layer is imported or
    /// its style changes (not per frame).
    pub fn new(layers: &[ProjectLayer], display: CoordinateSystem) -> Self {
        let layers = layers.iter().map(|l| cache_layer(l, display)).collect();
        UserLayerCache {
            display,
            layers,
            spare: Vec::new(),
        }
    }

    /// Takes an entry prepared with [`CachedLayer::build`] for `display`, to be used by
    /// [`UserLayerCache::sync`] when its layer enters the project. An entry built for
    /// another display system is dropped.
    pub fn adopt(&mut self, cached: CachedLayer, display: CoordinateSystem) {
        if display == self.display {
            self.keep_spare(cached);
        }
    }

    fn keep_spare(&mut self, cached: CachedLayer) {
        self.spare.retain(|c| c.key != cached.key);
        self.spare.push(cached);
        if self.spare.len() > SPARE_LAYERS {
            self.spare.remove(0);
        }
    }

    /// Brings the cache up to date with `layers` and `display`, doing only the work a
    /// change needs: a new display system rebuilds everything; otherwise each layer
    /// reuses the cached entry of the same layer (by [`LayerKey`], wherever it was in
    /// the old order), restyled if its style changed, and only layers not cached yet are
    /// projected. So reordering, hiding, removing or restyling layers never projects
    /// again, and an edit of annotations costs a comparison of keys. Returns whether
    /// anything changed.
    pub fn sync(&mut self, layers: &[ProjectLayer], display: CoordinateSystem) -> bool {
        if display != self.display {
            *self = UserLayerCache::new(layers, display);
            return true;
        }
        let same_keys =
            layers.len() == self.layers.len() && layers.iter().zip(&self.layers).all(|(l, c)| LayerKey::of(l) == c.key);
        if same_keys {
            return self.restyle(layers);
        }
        let mut old: Vec<Option<CachedLayer>> = std::mem::take(&mut self.layers)
            .into_iter()
            .chain(std::mem::take(&mut self.spare))
            .map(Some)
            .collect();
        self.layers = layers
            .iter()
            .map(|l| {
                let key = LayerKey::of(l);
                let reused = old
                    .iter_mut()
                    .find(|c| c.as_ref().is_some_and(|c| c.key == key))
                    .and_then(Option::take);
                match reused {
                    Some(mut c) => {
                        if !same_but_opacity(&l.style, &c.style) {
                            c.style = l.style.clone();
                            apply_style(&mut c, l);
                        }
                        c.style.opacity = l.style.opacity;
                        c
                    }
                    None => cache_layer(l, display),
                }
            })
            .collect();
        for unused in old.into_iter().flatten() {
            self.keep_spare(unused);
        }
        true
    }

    /// Brings styles and labels up to date with `layers`, which must be the layers the
    /// cache was built from with only their styles changed. Layers whose style differs
    /// (ignoring `opacity`, which is applied at paint time) are restyled without
    /// projecting again; when the number of layers or of a layer's features differs, the
    /// whole cache is rebuilt. Cheap when nothing changed. Returns whether anything was
    /// updated.
    pub fn restyle(&mut self, layers: &[ProjectLayer]) -> bool {
        let same_shape =
            layers.len() == self.layers.len() && layers.iter().zip(&self.layers).all(|(l, c)| LayerKey::of(l) == c.key);
        if !same_shape {
            *self = UserLayerCache::new(layers, self.display);
            return true;
        }
        let mut changed = false;
        for (l, c) in layers.iter().zip(self.layers.iter_mut()) {
            if !same_but_opacity(&l.style, &c.style) {
                c.style = l.style.clone();
                apply_style(c, l);
                changed = true;
            } else if l.style.opacity != c.style.opacity {
                c.style.opacity = l.style.opacity;
            }
        }
        changed
    }
}

/// One layer projected (shifted to `display`), simplified, triangulated and styled.
fn cache_layer(l: &ProjectLayer, display: CoordinateSystem) -> CachedLayer {
    cache_layer_with(l, display, None)
}

/// Below this many features a layer is cached on the calling thread alone.
const PARALLEL_FROM: usize = 2_000;

fn cache_layer_with(l: &ProjectLayer, display: CoordinateSystem, progress: Option<&AtomicUsize>) -> CachedLayer {
    let shift = |p: [f64; 2]| display.from_wgs84(p);
    let all = &l.layer.features;
    let cache_range = |start: usize, chunk: &[crate::model::UserFeature]| -> Vec<CachedFeature> {
        let mut out = Vec::new();
        for (k, f) in chunk.iter().enumerate() {
            out.extend(cache_geometry(start + k, &f.geometry, &shift));
            if let Some(p) = progress {
                p.fetch_add(1, Ordering::Relaxed);
            }
        }
        out
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let features: Vec<CachedFeature> = if workers < 2 || all.len() < PARALLEL_FROM {
        cache_range(0, all)
    } else {
        // Contiguous chunks, joined in order: the result is the same as one pass.
        let size = all.len().div_ceil(workers);
        std::thread::scope(|scope| {
            let handles: Vec<_> = all
                .chunks(size)
                .enumerate()
                .map(|(k, chunk)| {
                    let cache_range = &cache_range;
                    scope.spawn(move || cache_range(k * size, chunk))
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        })
    };
    let mut cached = CachedLayer {
        key: LayerKey::of(l),
        features,
        feature_count: l.layer.features.len(),
        style: l.style.clone(),
        categories: Vec::new(),
        other: false,
        kind: None,
        legend_colour: Rgba8::from_model(l.style.colour),
        legend_fill: DEFAULT_FILL_OPACITY,
    };
    apply_style(&mut cached, l);
    cached
}

fn same_but_opacity(a: &UserLayerStyle, b: &UserLayerStyle) -> bool {
    a.colour == b.colour
        && a.label_property == b.label_property
        && a.colour_property == b.colour_property
        && a.extra == b.extra
}

/// The parts of a geometry, flattened (collections recursively).
#[derive(Default)]
struct Parts {
    points: Vec<[f64; 2]>,
    lines: Vec<LineString<f64>>,
    polygons: Vec<Polygon<f64>>,
}

fn collect_parts(g: &Geometry<f64>, out: &mut Parts) {
    match g {
        Geometry::Point(p) => out.points.push([p.x(), p.y()]),
        Geometry::MultiPoint(m) => out.points.extend(m.iter().map(|p| [p.x(), p.y()])),
        Geometry::Line(l) => out.lines.push(LineString(vec![l.start, l.end])),
        Geometry::LineString(l) => out.lines.push(l.clone()),
        Geometry::MultiLineString(m) => out.lines.extend(m.iter().cloned()),
        Geometry::Polygon(p) => out.polygons.push(p.clone()),
        Geometry::MultiPolygon(m) => out.polygons.extend(m.iter().cloned()),
        Geometry::Rect(r) => out.polygons.push(r.to_polygon()),
        Geometry::Triangle(t) => out.polygons.push(t.to_polygon()),
        Geometry::GeometryCollection(c) => c.iter().for_each(|g| collect_parts(g, out)),
    }
}

/// The feature's geometry projected; `None` when it has none that can be drawn.
fn cache_geometry(
    index: usize,
    geometry: &Geometry<f64>,
    shift: &dyn Fn([f64; 2]) -> [f64; 2],
) -> Option<CachedFeature> {
    let mut parts = Parts::default();
    collect_parts(geometry, &mut parts);
    let points: Vec<[f64; 2]> = parts.points.iter().map(|&p| mercator_from_lon_lat(shift(p))).collect();
    let lines: Vec<CachedLine> = parts.lines.iter().filter_map(|l| CachedLine::new(l, shift)).collect();
    let lon_lat = MultiPolygon(parts.polygons);
    let polygon = CachedPolygon::new(&lon_lat, shift);
    let area = polygon.as_ref().map_or(0.0, triangle_area);
    let bbox = MercatorBox::of(
        points
            .iter()
            .copied()
            .chain(lines.iter().flat_map(|l| [l.bbox.min, l.bbox.max]))
            .chain(polygon.iter().flat_map(|p| [p.bbox.min, p.bbox.max])),
    )?;
    let area_anchor = polygon
        .as_ref()
        .and_then(|_| label_point_lon_lat(&lon_lat))
        .map(|(lon, lat)| (mercator_from_lon_lat(shift([lon, lat])), UserGeometryKind::Area));
    let label_anchor = area_anchor
        .or_else(|| {
            let longest = lines
                .iter()
                .map(|l| l.at_zoom(f64::INFINITY))
                .max_by(|a, b| line_length(a).total_cmp(&line_length(b)))?;
            longest.get(longest.len() / 2).map(|&m| (m, UserGeometryKind::Line))
        })
        .or_else(|| points.first().map(|&m| (m, UserGeometryKind::Point)));
    Some(CachedFeature {
        index,
        // Set by `apply_style`.
        style: resolve_style(&Map::new(), Rgba8::rgb(0, 0, 0)),
        label: None,
        points,
        lines,
        polygon,
        area,
        label_anchor,
        bbox,
    })
}

fn line_length(line: &[[f64; 2]]) -> f64 {
    line.windows(2)
        .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
        .sum()
}

/// The area of the full-detail triangulation, in Mercator units².
fn triangle_area(polygon: &CachedPolygon) -> f64 {
    let Some(band) = polygon.bands.last() else {
        return 0.0;
    };
    band.indices
        .chunks_exact(3)
        .filter_map(|t| {
            let v = |i: u32| band.vertices.get(i as usize).copied();
            Some(cross(v(t[0])?, v(t[1])?, v(t[2])?).abs() / 2.0)
        })
        .sum()
}

/// Twice the signed area of the triangle `a b c`.
fn cross(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])
}

/// Resolves categories, every feature's style and label, and the legend colour of one
/// layer from `layer`'s style and properties.
fn apply_style(cached: &mut CachedLayer, layer: &ProjectLayer) {
    let style = &layer.style;
    let (categories, _) = match &style.colour_property {
        Some(property) => categories_of(&layer.layer, property),
        None => (Vec::new(), false),
    };
    let empty = Map::new();
    let mut other = false;
    for f in &mut cached.features {
        let properties = layer.layer.features.get(f.index).map_or(&empty, |uf| &uf.properties);
        let base = match &style.colour_property {
            None => Rgba8::from_model(style.colour),
            Some(property) => match category_index(properties.get(property), &categories) {
                Some(k) => CATEGORY_PALETTE[k],
                None => {
                    other = true;
                    OTHER_COLOUR
                }
            },
        };
        f.style = resolve_style(properties, base);
        f.label = style
            .label_property
            .as_ref()
            .and_then(|p| properties.get(p))
            .and_then(format_value)
            .filter(|s| !s.is_empty());
    }
    let kind = cached.features.iter().flat_map(CachedFeature::kinds).max();
    let mut counts: Vec<(Rgba8, f32, usize)> = Vec::new();
    for f in &cached.features {
        if kind.is_some_and(|k| f.kinds().any(|fk| fk == k)) {
            let colour = match kind {
                Some(UserGeometryKind::Point) => f.style.marker_colour,
                _ => f.style.stroke,
            };
            match counts.iter_mut().find(|(c, _, _)| *c == colour) {
                Some(entry) => entry.2 += 1,
                None => counts.push((colour, f.style.fill_opacity, 1)),
            }
        }
    }
    // The first of the most common colours (`max_by_key` would take the last).
    let most = counts.iter().map(|c| c.2).max().unwrap_or(0);
    let (legend_colour, legend_fill) = counts
        .iter()
        .find(|c| c.2 == most)
        .map_or((Rgba8::from_model(style.colour), DEFAULT_FILL_OPACITY), |c| (c.0, c.1));
    cached.categories = categories;
    cached.other = other;
    cached.kind = kind;
    cached.legend_colour = legend_colour;
    cached.legend_fill = legend_fill;
}

/// What the user layers show this frame.
pub struct UserLayersView<'a> {
    /// Built from `layers` (see [`UserLayerCache`] for when to rebuild).
    pub cache: &'a UserLayerCache,
    /// The project's user layers, bottom first; their `visible` and `style.opacity` are
    /// read each frame.
    pub layers: &'a [ProjectLayer],
    /// The selected feature: (layer index, feature index) into `layers`.
    pub selected: Option<(usize, usize)>,
    /// Visibility by layer index instead of the layers' own `visible` (a scene's, for its
    /// image); layers beyond its end keep their own.
    pub visible: Option<&'a [bool]>,
}

/// Visible layers with their cache entries and opacity, bottom first.
fn drawn_layers<'a>(view: &UserLayersView<'a>) -> Vec<(usize, &'a CachedLayer, f32)> {
    view.layers
        .iter()
        .zip(&view.cache.layers)
        .enumerate()
        .filter(|(k, (l, _))| view.visible.and_then(|v| v.get(*k).copied()).unwrap_or(l.visible))
        .map(|(k, (l, c))| {
            let opacity = if l.style.opacity.is_finite() {
                l.style.opacity.clamp(0.0, 1.0)
            } else {
                1.0
            };
            (k, c, opacity)
        })
        .collect()
}

/// Paints the visible user layers — `layers[0]` at the bottom, the last layer on top;
/// all areas, then all lines, then all points — with the selected feature emphasised,
/// and returns the label candidates of the labelled features whose label anchor is in
/// `rect` (top layer first), for the shared label placer. Only maps cached vertices and
/// culls by bounding box.
pub fn paint_user_layers(
    painter: &Painter,
    view: &UserLayersView,
    to_screen: &ScreenFromMercator,
    rect: Rect,
) -> Vec<LabelCandidate> {
    let visible_box = to_screen.mercator_box(rect.expand(20.0));
    let drawn = drawn_layers(view);
    let is_selected = |k: usize, f: &CachedFeature| view.selected == Some((k, f.index));

    // Areas: fills in one mesh, then outlines, then the selected feature's outline.
    let mut mesh = Mesh::default();
    let mut outlines = Vec::new();
    let mut emphasis = Vec::new();
    for &(k, layer, opacity) in &drawn {
        for f in &layer.features {
            let Some(polygon) = &f.polygon else { continue };
            if !polygon.bbox.intersects(&visible_box) {
                continue;
            }
            let s = &f.style;
            if let Some(centre) = speck(f, to_screen)
                && !is_selected(k, f)
            {
                // Smaller than a few pixels: a speck in its outline colour.
                let colour = if s.stroke_opacity > 0.0 { s.stroke } else { s.fill };
                mesh.add_colored_rect(
                    Rect::from_center_size(centre, Vec2::splat(SPECK_PX)),
                    Color32::from(colour).gamma_multiply(opacity),
                );
                continue;
            }
            if s.fill_opacity > 0.0 && opacity > 0.0 {
                polygon.add_fill(
                    &mut mesh,
                    to_screen,
                    Color32::from(s.fill).gamma_multiply(s.fill_opacity * opacity),
                );
            }
            let stroke = Stroke::new(
                s.stroke_width,
                Color32::from(s.stroke).gamma_multiply(s.stroke_opacity * opacity),
            );
            if is_selected(k, f) {
                polygon.outline(
                    to_screen,
                    Stroke::new(s.stroke_width + 5.0, SELECTED.gamma_multiply(0.5)),
                    &mut outlines,
                );
                polygon.outline(
                    to_screen,
                    Stroke::new(s.stroke_width.max(1.5), stroke.color),
                    &mut emphasis,
                );
            } else if s.stroke_width > 0.0 && s.stroke_opacity > 0.0 {
                polygon.outline(to_screen, stroke, &mut outlines);
            }
        }
    }
    if !mesh.is_empty() {
        painter.add(Shape::mesh(mesh));
    }
    painter.extend(outlines);
    painter.extend(emphasis);

    // Lines (specks of tiny ones in one mesh).
    let mut specks = Mesh::default();
    for &(k, layer, opacity) in &drawn {
        for f in &layer.features {
            if f.lines.is_empty() || !f.bbox.intersects(&visible_box) {
                continue;
            }
            let s = &f.style;
            let selected = is_selected(k, f);
            if let Some(centre) = speck(f, to_screen)
                && !selected
            {
                let colour = Color32::from(s.stroke).gamma_multiply(s.stroke_opacity * opacity);
                specks.add_colored_rect(Rect::from_center_size(centre, Vec2::splat(SPECK_PX)), colour);
                continue;
            }
            for line in &f.lines {
                if !line.bbox.intersects(&visible_box) {
                    continue;
                }
                let points: Vec<Pos2> = line
                    .at_zoom(to_screen.zoom)
                    .iter()
                    .map(|&m| to_screen.apply(m))
                    .collect();
                if selected {
                    painter.add(Shape::line(
                        points.clone(),
                        Stroke::new(s.stroke_width + 5.0, SELECTED.gamma_multiply(0.6)),
                    ));
                }
                if s.stroke_width > 0.0 && s.stroke_opacity > 0.0 {
                    let colour = Color32::from(s.stroke).gamma_multiply(s.stroke_opacity * opacity);
                    painter.add(Shape::line(points, Stroke::new(s.stroke_width, colour)));
                }
            }
        }
    }

    if !specks.is_empty() {
        painter.add(Shape::mesh(specks));
    }

    // Points: a circle with a white rim, a letter or digit inside medium and large ones.
    for &(k, layer, opacity) in &drawn {
        for f in &layer.features {
            if f.points.is_empty() || !f.bbox.intersects(&visible_box) {
                continue;
            }
            let s = &f.style;
            let colour = Color32::from(s.marker_colour).gamma_multiply(opacity);
            let rim = Stroke::new(1.2, Color32::WHITE.gamma_multiply(opacity));
            let selected = is_selected(k, f);
            for &m in &f.points {
                let at = to_screen.apply(m);
                if !rect.expand(s.marker_radius + 8.0).contains(at) {
                    continue;
                }
                if selected {
                    painter.circle_filled(at, s.marker_radius + 5.0, SELECTED.gamma_multiply(0.85));
                }
                painter.circle(at, s.marker_radius, colour, rim);
                if let Some(symbol) = s.marker_symbol
                    && s.marker_radius >= MARKER_RADII[1]
                {
                    painter.text(
                        at,
                        Align2::CENTER_CENTER,
                        symbol,
                        FontId::proportional(s.marker_radius * 1.4),
                        Color32::WHITE.gamma_multiply(opacity),
                    );
                }
            }
        }
    }

    // Labels, top layer first so that it wins ties in the placer.
    let mut labels = Vec::new();
    for &(k, layer, _) in drawn.iter().rev() {
        for f in &layer.features {
            let (Some(text), Some((m, kind))) = (&f.label, f.label_anchor) else {
                continue;
            };
            let at = to_screen.apply(m);
            if !rect.contains(at) {
                continue;
            }
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
                    LabelAnchor::Point {
                        radius: s.stroke_width / 2.0 + 2.0,
                    },
                    480.0,
                    s.stroke,
                ),
                UserGeometryKind::Area => (LabelAnchor::Area, 860.0, s.stroke),
            };
            labels.push(LabelCandidate {
                text: text.clone(),
                anchor_in_ui: at,
                anchor,
                priority: if is_selected(k, f) { 2700.0 } else { priority },
                min_zoom: 0.0,
                font_size: 12.5,
                color: darker(colour).into(),
            });
        }
    }
    labels
}

use super::plan_layer::distance_to_segment;

/// Side of the square drawn for a line or area smaller than [`SPECK_BELOW_PX`].
const SPECK_PX: f32 = 2.5;
/// A line or area whose bounding box is smaller than this on screen in both directions
/// is drawn as a speck: its shape could not be seen, and tessellating thousands of such
/// outlines is what made a big layer slow at city zoom.
const SPECK_BELOW_PX: f32 = 3.0;

/// The screen centre of a feature too small to draw its shape at this zoom.
fn speck(f: &CachedFeature, to_screen: &ScreenFromMercator) -> Option<Pos2> {
    let a = to_screen.apply(f.bbox.min);
    let b = to_screen.apply(f.bbox.max);
    let size = (b - a).abs();
    (size.x < SPECK_BELOW_PX && size.y < SPECK_BELOW_PX).then(|| a + (b - a) / 2.0)
}

/// Whether normalised-Mercator `m` lies in a triangle of `polygon` at the band for `zoom`
/// (exactly what is filled on screen at that zoom).
fn polygon_contains(polygon: &CachedPolygon, zoom: f64, m: [f64; 2]) -> bool {
    let inside_box = polygon.bbox.min[0] <= m[0]
        && m[0] <= polygon.bbox.max[0]
        && polygon.bbox.min[1] <= m[1]
        && m[1] <= polygon.bbox.max[1];
    if !inside_box {
        return false;
    }
    let Some(band) = polygon.bands.get(band_for_zoom(zoom)) else {
        return false;
    };
    band.indices.chunks_exact(3).any(|t| {
        let v = |i: u32| band.vertices.get(i as usize).copied();
        let (Some(a), Some(b), Some(c)) = (v(t[0]), v(t[1]), v(t[2])) else {
            return false;
        };
        let (d1, d2, d3) = (cross(a, b, m), cross(b, c, m), cross(c, a, m));
        let negative = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
        let positive = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
        !(negative && positive)
    })
}

/// The (layer index, feature index) of the feature under `pos_in_ui`, among visible
/// layers only: first a point whose marker contains it (marker radius + 2 points), then
/// a line within [`LINE_HIT_PX`] points (or half its width), each on the top layer first
/// and, within a layer, the feature drawn last first; then the smallest area whose fill
/// at this zoom contains it (the top one of equal areas).
pub fn user_feature_at(
    view: &UserLayersView,
    to_screen: &ScreenFromMercator,
    pos_in_ui: Pos2,
) -> Option<(usize, usize)> {
    let drawn = drawn_layers(view);
    let on_top = || {
        drawn
            .iter()
            .rev()
            .flat_map(|&(k, layer, _)| layer.features.iter().rev().map(move |f| (k, f)))
    };
    let point = on_top().find(|(_, f)| {
        f.points
            .iter()
            .any(|&m| (to_screen.apply(m) - pos_in_ui).length() <= f.style.marker_radius + POINT_HIT_SLACK_PX)
    });
    if let Some((k, f)) = point {
        return Some((k, f.index));
    }
    let line = on_top().find(|(_, f)| {
        if f.lines.is_empty() {
            return false;
        }
        let reach = LINE_HIT_PX.max(f.style.stroke_width / 2.0);
        let probe = to_screen.mercator_box(Rect::from_center_size(pos_in_ui, Vec2::splat(2.0 * reach)));
        f.bbox.intersects(&probe)
            && f.lines.iter().any(|line| {
                line.bbox.intersects(&probe)
                    && line
                        .at_zoom(to_screen.zoom)
                        .windows(2)
                        .any(|w| distance_to_segment(pos_in_ui, to_screen.apply(w[0]), to_screen.apply(w[1])) <= reach)
            })
    });
    if let Some((k, f)) = line {
        return Some((k, f.index));
    }
    let m = to_screen.mercator_of(pos_in_ui);
    on_top()
        .filter(|(_, f)| {
            f.polygon
                .as_ref()
                .is_some_and(|p| polygon_contains(p, to_screen.zoom, m))
        })
        .min_by(|a, b| a.1.area.total_cmp(&b.1.area))
        .map(|(k, f)| (k, f.index))
}

/// The legend rows of the visible user layers, top layer first, layers without geometry
/// left out. An uncategorised layer has one row: its name, with the symbol of its
/// geometry (areas if it has any, else lines, else points) in its most common colour. A
/// layer with a `colour_property` has one row per category value that has a colour
/// (“layer · value”) and, when some feature has another value or none, a final
/// “layer · 其他 / other” row. Colours carry the layer's opacity.
pub fn user_legend(view: &UserLayersView) -> Vec<LegendRow> {
    let mut rows = Vec::new();
    for &(k, layer, opacity) in drawn_layers(view).iter().rev() {
        let Some(kind) = layer.kind else { continue };
        let name = view.layers.get(k).map_or("", |l| l.layer.name.as_str());
        let symbol = |colour: Rgba8, fill: f32| {
            let color = colour.gamma_multiply(opacity);
            match kind {
                UserGeometryKind::Area => LegendSymbol::Area { color, fill },
                UserGeometryKind::Line => LegendSymbol::Line { color },
                UserGeometryKind::Point => LegendSymbol::Marker {
                    marker: Marker::Circle,
                    color,
                    hollow: false,
                },
            }
        };
        if layer.style.colour_property.is_none() {
            rows.push(LegendRow {
                symbol: symbol(layer.legend_colour, layer.legend_fill),
                text: name.to_string(),
            });
            continue;
        }
        for (value, colour) in layer.categories.iter().zip(CATEGORY_PALETTE) {
            rows.push(LegendRow {
                symbol: symbol(colour, DEFAULT_FILL_OPACITY),
                text: format!("{name} · {value}"),
            });
        }
        if layer.other {
            rows.push(LegendRow {
                symbol: symbol(OTHER_COLOUR, DEFAULT_FILL_OPACITY),
                text: format!("{name} · {OTHER_TEXT}"),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rgb, UserFeature, UserLayer};
    use egui::pos2;
    use geo::{Geometry, GeometryCollection, LineString, MultiPoint, Point, polygon};
    use serde_json::Value;
    use serde_json::json;

    fn props(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    fn feature(geometry: Geometry<f64>, properties: Value) -> UserFeature {
        UserFeature {
            id: None,
            geometry,
            properties: props(properties),
        }
    }

    fn layer(name: &str, features: Vec<UserFeature>) -> ProjectLayer {
        ProjectLayer::new(UserLayer {
            name: name.into(),
            source: None,
            foreign_members: Map::new(),
            features,
        })
    }

    const CENTRE: [f64; 2] = [121.6, 38.9];

    fn to_screen() -> ScreenFromMercator {
        ScreenFromMercator::new(12.0, CENTRE, pos2(400.0, 300.0))
    }

    fn screen_of(t: &ScreenFromMercator, lon_lat: [f64; 2]) -> Pos2 {
        t.apply(mercator_from_lon_lat(lon_lat))
    }

    fn square(lon: f64, lat: f64, half: f64) -> Geometry<f64> {
        Geometry::Polygon(polygon!(
            (x: lon - half, y: lat - half),
            (x: lon + half, y: lat - half),
            (x: lon + half, y: lat + half),
            (x: lon - half, y: lat + half),
            (x: lon - half, y: lat - half),
        ))
    }

    const BLUE: Rgba8 = Rgba8::rgb(0x31, 0x82, 0xbd);

    #[test]
    fn simplestyle_colours_are_read_in_long_and_short_form_and_anything_else_is_ignored() {
        assert_eq!(parse_colour(&json!("#ff8000")), Some(Rgba8::rgb(0xff, 0x80, 0x00)));
        assert_eq!(parse_colour(&json!("#F80")), Some(Rgba8::rgb(0xff, 0x88, 0x00)));
        assert_eq!(parse_colour(&json!("00ff00")), Some(Rgba8::rgb(0, 0xff, 0)));
        for bad in [
            json!("#ff80"),
            json!("red"),
            json!("#gg0000"),
            json!(""),
            json!(255),
            json!(null),
            json!(["#fff"]),
        ] {
            assert_eq!(parse_colour(&bad), None, "{bad}");
        }
    }

    #[test]
    fn a_feature_without_simplestyle_takes_the_base_colour_and_the_defaults() {
        let s = resolve_style(&Map::new(), BLUE);
        assert_eq!(
            s,
            UserFeatureStyle {
                marker_colour: BLUE,
                marker_radius: MARKER_RADII[1],
                marker_symbol: None,
                stroke: BLUE,
                stroke_width: DEFAULT_STROKE_WIDTH,
                stroke_opacity: 1.0,
                fill: BLUE,
                fill_opacity: DEFAULT_FILL_OPACITY,
            }
        );
    }

    #[test]
    fn valid_simplestyle_properties_win_and_invalid_ones_are_ignored() {
        let s = resolve_style(
            &props(json!({
                "marker-color": "#f00", "marker-size": "large", "marker-symbol": "7",
                "stroke": "#00ff00", "stroke-width": 4, "stroke-opacity": "0.5",
                "fill": "nonsense", "fill-opacity": 1.5
            })),
            BLUE,
        );
        assert_eq!(s.marker_colour, Rgba8::rgb(0xff, 0, 0));
        assert_eq!(s.marker_radius, MARKER_RADII[2]);
        assert_eq!(s.marker_symbol, Some('7'));
        assert_eq!(s.stroke, Rgba8::rgb(0, 0xff, 0));
        assert_eq!(s.stroke_width, 4.0);
        assert_eq!(s.stroke_opacity, 0.5);
        assert_eq!(s.fill, BLUE, "an invalid fill is ignored");
        assert_eq!(s.fill_opacity, DEFAULT_FILL_OPACITY, "an opacity above 1 is ignored");
        let odd = resolve_style(
            &props(json!({"marker-size": "huge", "marker-symbol": "rail", "stroke-width": -1, "stroke-opacity": null})),
            BLUE,
        );
        assert_eq!(odd.marker_radius, MARKER_RADII[1]);
        assert_eq!(odd.marker_symbol, None);
        assert_eq!(odd.stroke_width, DEFAULT_STROKE_WIDTH);
        assert_eq!(odd.stroke_opacity, 1.0);
        assert_eq!(
            resolve_style(&props(json!({"stroke-width": 500})), BLUE).stroke_width,
            MAX_STROKE_WIDTH
        );
        assert_eq!(
            resolve_style(&props(json!({"marker-symbol": 3})), BLUE).marker_symbol,
            Some('3')
        );
    }

    #[test]
    fn simplestyle_wins_over_the_category_colour_which_wins_over_the_layer_colour() {
        let mut l = layer(
            "sites",
            vec![
                feature(square(121.6, 38.9, 0.01), json!({"kind": "a", "fill": "#000"})),
                feature(square(121.7, 38.9, 0.01), json!({"kind": "b"})),
                feature(square(121.8, 38.9, 0.01), json!({})),
            ],
        );
        l.style.colour = Rgb([0x10, 0x20, 0x30]);
        let plain = UserLayerCache::new(std::slice::from_ref(&l), CoordinateSystem::Wgs84);
        let layer_colour = Rgba8::rgb(0x10, 0x20, 0x30);
        assert_eq!(plain.layers[0].features[1].style.fill, layer_colour);
        assert_eq!(plain.layers[0].features[0].style.fill, Rgba8::rgb(0, 0, 0));
        assert_eq!(plain.layers[0].features[0].style.stroke, layer_colour);

        l.style.colour_property = Some("kind".into());
        let cat = UserLayerCache::new(std::slice::from_ref(&l), CoordinateSystem::Wgs84);
        let f = &cat.layers[0].features;
        assert_eq!(
            f[0].style.fill,
            Rgba8::rgb(0, 0, 0),
            "simplestyle wins over the category"
        );
        assert_eq!(
            f[0].style.stroke, CATEGORY_PALETTE[0],
            "the category fills in what simplestyle leaves"
        );
        assert_eq!(f[1].style.fill, CATEGORY_PALETTE[1]);
        assert_eq!(f[2].style.fill, OTHER_COLOUR, "no value: the other colour");
        assert_eq!(cat.layers[0].categories, vec!["a".to_string(), "b".to_string()]);
        assert!(cat.layers[0].other);
    }

    #[test]
    fn categories_are_assigned_by_sorted_value_whatever_the_feature_order() {
        let values = [
            json!("港口"),
            json!(10),
            json!("园区"),
            json!(2),
            json!(2.5),
            json!("港口"),
        ];
        let build = |order: &[usize]| {
            let features = order
                .iter()
                .map(|&k| feature(Geometry::Point(Point::new(121.6, 38.9)), json!({"v": values[k]})))
                .collect();
            let mut l = layer("x", features);
            l.style.colour_property = Some("v".into());
            let cache = UserLayerCache::new(std::slice::from_ref(&l), CoordinateSystem::Wgs84);
            let colour_of: Vec<(String, Rgba8)> = cache.layers[0]
                .features
                .iter()
                .map(|f| {
                    (
                        format_value(&values[order[f.index]]).unwrap_or_default(),
                        f.style.marker_colour,
                    )
                })
                .collect();
            (cache.layers[0].categories.clone(), colour_of)
        };
        let (cats, forward) = build(&[0, 1, 2, 3, 4, 5]);
        assert_eq!(
            cats,
            vec!["2", "2.5", "10", "园区", "港口"],
            "numbers by value, then text"
        );
        let (cats_back, backward) = build(&[5, 4, 3, 2, 1, 0]);
        assert_eq!(cats, cats_back);
        for (value, colour) in forward.iter().chain(&backward) {
            let k = cats.iter().position(|c| c == value).expect("a category");
            assert_eq!(*colour, CATEGORY_PALETTE[k], "{value}");
        }
    }

    #[test]
    fn values_beyond_the_palette_share_the_other_colour() {
        let features = (0..12)
            .map(|k| {
                feature(
                    Geometry::Point(Point::new(121.6, 38.9)),
                    json!({"n": format!("v{k:02}")}),
                )
            })
            .collect();
        let (cats, other) = categories_of(&layer("x", features).layer, "n");
        assert_eq!(cats.len(), MAX_CATEGORIES);
        assert_eq!(cats[0], "v00");
        assert!(other);
    }

    #[test]
    fn labels_format_numbers_and_keep_text_as_is() {
        assert_eq!(format_value(&json!(42)).as_deref(), Some("42"));
        assert_eq!(format_value(&json!(3.0)).as_deref(), Some("3"));
        assert_eq!(format_value(&json!(0.1 + 0.2)).as_deref(), Some("0.3"));
        assert_eq!(format_value(&json!(-1.25)).as_deref(), Some("-1.25"));
        assert_eq!(format_value(&json!("旅顺口区 ")).as_deref(), Some("旅顺口区 "));
        assert_eq!(format_value(&json!(true)).as_deref(), Some("true"));
        assert_eq!(format_value(&json!([1, "a"])).as_deref(), Some("[1,\"a\"]"));
        assert_eq!(format_value(&json!(null)), None);
    }

    #[test]
    fn the_cache_flattens_multi_geometries_and_collections_and_skips_null_geometry() {
        let line = LineString::from(vec![(121.60, 38.90), (121.62, 38.91), (121.64, 38.90)]);
        let collection = GeometryCollection(vec![
            Geometry::Point(Point::new(121.5, 38.8)),
            Geometry::LineString(line.clone()),
            square(121.55, 38.85, 0.01),
            Geometry::GeometryCollection(GeometryCollection(vec![square(121.45, 38.75, 0.01)])),
        ]);
        let l = layer(
            "mixed",
            vec![
                feature(
                    Geometry::MultiPoint(MultiPoint::from(vec![(121.6, 38.9), (121.7, 39.0)])),
                    json!({}),
                ),
                feature(
                    Geometry::GeometryCollection(GeometryCollection(vec![])),
                    json!({"name": "no geometry"}),
                ),
                feature(Geometry::GeometryCollection(collection), json!({})),
            ],
        );
        let cache = UserLayerCache::new(std::slice::from_ref(&l), CoordinateSystem::Wgs84);
        let c = &cache.layers[0];
        assert_eq!(c.feature_count, 3);
        assert_eq!(c.features.iter().map(|f| f.index).collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(c.features[0].points.len(), 2);
        let gc = &c.features[1];
        assert_eq!(gc.points.len(), 1);
        assert_eq!(gc.lines.len(), 1);
        assert_eq!(gc.lines[0].bands.len(), crate::map::lod::BAND_MIN_ZOOMS.len());
        assert_eq!(gc.lines[0].at_zoom(18.0).len(), 3, "full detail keeps every vertex");
        let polygon = gc.polygon.as_ref().expect("two squares");
        let finest = polygon.bands.last().expect("bands");
        assert_eq!(finest.rings.len(), 2);
        assert_eq!(finest.vertices.len(), 8);
        assert_eq!(finest.indices.len(), 12, "two triangles per square");
        assert!(gc.area > 0.0);
        let expected = MercatorBox::of(
            [[121.44, 38.74], [121.64, 38.91]]
                .into_iter()
                .map(mercator_from_lon_lat),
        )
        .expect("a box");
        for k in 0..2 {
            assert!(
                (gc.bbox.min[k] - expected.min[k]).abs() < 1e-12,
                "{:?} vs {expected:?}",
                gc.bbox
            );
            assert!(
                (gc.bbox.max[k] - expected.max[k]).abs() < 1e-12,
                "{:?} vs {expected:?}",
                gc.bbox
            );
        }
        assert_eq!(gc.label_anchor.map(|a| a.1), Some(UserGeometryKind::Area));
        assert_eq!(c.kind, Some(UserGeometryKind::Area));
    }

    #[test]
    fn a_gcj02_display_shifts_the_cached_geometry() {
        let l = layer("p", vec![feature(Geometry::Point(Point::new(121.6, 38.9)), json!({}))]);
        let wgs = UserLayerCache::new(std::slice::from_ref(&l), CoordinateSystem::Wgs84);
        let gcj = UserLayerCache::new(std::slice::from_ref(&l), CoordinateSystem::Gcj02);
        let (a, b) = (wgs.layers[0].features[0].points[0], gcj.layers[0].features[0].points[0]);
        assert_eq!(
            b,
            mercator_from_lon_lat(CoordinateSystem::Gcj02.from_wgs84([121.6, 38.9]))
        );
        assert!(b[0] > a[0], "GCJ-02 lies east of WGS-84 around Dalian");
    }

    fn hit_layers() -> Vec<ProjectLayer> {
        let line = LineString::from(vec![(121.58, 38.93), (121.62, 38.93)]);
        vec![
            layer(
                "bottom",
                vec![
                    feature(square(121.6, 38.9, 0.05), json!({"name": "big"})),
                    feature(square(121.6, 38.9, 0.01), json!({"name": "small"})),
                ],
            ),
            layer(
                "top",
                vec![
                    feature(
                        Geometry::Point(Point::new(121.62, 38.88)),
                        json!({"marker-size": "large"}),
                    ),
                    feature(Geometry::LineString(line), json!({})),
                ],
            ),
        ]
    }

    #[test]
    fn a_point_is_hit_within_its_marker_a_line_within_six_points_and_the_smallest_polygon_otherwise() {
        let layers = hit_layers();
        let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
        let view = UserLayersView {
            cache: &cache,
            layers: &layers,
            selected: None,
            visible: None,
        };
        let t = to_screen();
        let point = screen_of(&t, [121.62, 38.88]);
        assert_eq!(user_feature_at(&view, &t, point + Vec2::new(8.0, 0.0)), Some((1, 0)));
        assert_eq!(user_feature_at(&view, &t, point + Vec2::new(12.0, 0.0)), Some((0, 0)));
        let on_line = screen_of(&t, [121.60, 38.93]);
        assert_eq!(user_feature_at(&view, &t, on_line + Vec2::new(0.0, 5.0)), Some((1, 1)));
        assert_eq!(user_feature_at(&view, &t, on_line + Vec2::new(0.0, -7.0)), Some((0, 0)));
        assert_eq!(user_feature_at(&view, &t, screen_of(&t, [121.6, 38.9])), Some((0, 1)));
        assert_eq!(user_feature_at(&view, &t, screen_of(&t, [121.64, 38.87])), Some((0, 0)));
        assert_eq!(user_feature_at(&view, &t, screen_of(&t, [121.7, 38.9])), None);
    }

    #[test]
    fn a_hidden_layer_is_neither_hit_nor_in_the_legend() {
        let mut layers = hit_layers();
        layers[1].visible = false;
        let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
        let view = UserLayersView {
            cache: &cache,
            layers: &layers,
            selected: None,
            visible: None,
        };
        let t = to_screen();
        assert_eq!(user_feature_at(&view, &t, screen_of(&t, [121.62, 38.88])), Some((0, 0)));
        let legend = user_legend(&view);
        assert_eq!(
            legend.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(),
            vec!["bottom"]
        );
    }

    #[test]
    fn the_legend_lists_the_top_layer_first_and_one_row_per_category() {
        let mut layers = hit_layers();
        layers[0].style.colour_property = Some("name".into());
        layers[1].style.opacity = 0.5;
        let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
        let view = UserLayersView {
            cache: &cache,
            layers: &layers,
            selected: None,
            visible: None,
        };
        let legend = user_legend(&view);
        let texts: Vec<&str> = legend.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, vec!["top", "bottom · big", "bottom · small"]);
        assert_eq!(
            legend[0].symbol,
            LegendSymbol::Line {
                color: BLUE.gamma_multiply(0.5)
            }
        );
        assert_eq!(
            legend[1].symbol,
            LegendSymbol::Area {
                color: CATEGORY_PALETTE[0],
                fill: DEFAULT_FILL_OPACITY
            }
        );
    }

    #[test]
    fn restyling_recolours_without_reprojecting_and_rebuilds_when_layers_change() {
        let mut layers = hit_layers();
        let mut cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
        assert!(!cache.restyle(&layers), "nothing changed");
        layers[1].style.opacity = 0.3;
        assert!(!cache.restyle(&layers), "opacity is applied at paint time");
        layers[1].style.colour = Rgb([0xff, 0, 0]);
        layers[0].style.label_property = Some("name".into());
        assert!(cache.restyle(&layers));
        assert_eq!(cache, UserLayerCache::new(&layers, CoordinateSystem::Wgs84));
        assert_eq!(cache.layers[1].features[1].style.stroke, Rgba8::rgb(0xff, 0, 0));
        assert_eq!(cache.layers[0].features[1].label.as_deref(), Some("small"));
        layers.pop();
        assert!(cache.restyle(&layers));
        assert_eq!(cache.layers.len(), 1);
    }

    #[test]
    fn tooltips_name_the_feature_and_list_its_properties_without_style_keys() {
        let mut l = layer(
            "站点",
            vec![
                feature(
                    Geometry::Point(Point::new(121.6, 38.9)),
                    json!({"name": "大连站", "code": 7, "stroke": "#fff", "a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": null}),
                ),
                feature(Geometry::Point(Point::new(121.6, 38.9)), json!({})),
            ],
        );
        let layers = vec![l.clone()];
        assert_eq!(
            user_feature_tooltip(&layers, 0, 0),
            "大连站\na: 1\nb: 2\nc: 3\ncode: 7\nd: 4\ne: 5"
        );
        assert_eq!(user_feature_tooltip(&layers, 0, 1), "站点 #2");
        assert_eq!(user_feature_tooltip(&layers, 0, 9), "");
        assert_eq!(user_feature_tooltip(&layers, 3, 0), "");
        l.style.label_property = Some("code".into());
        l.layer.features[0].properties.insert("g".into(), json!("x"));
        let text = user_feature_tooltip(&[l], 0, 0);
        assert!(text.starts_with("7\na: 1\n"), "{text}");
        assert!(text.ends_with("\ne: 5\ng: x\n… (+1)"), "{text}");
    }

    #[test]
    fn painting_draws_shapes_and_offers_labels_of_visible_labelled_features() {
        let mut layers = hit_layers();
        layers[0].style.label_property = Some("name".into());
        layers[1].layer.features[0]
            .properties
            .insert("marker-symbol".into(), json!("A"));
        let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
        let view = UserLayersView {
            cache: &cache,
            layers: &layers,
            selected: Some((1, 1)),
            visible: None,
        };
        let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0));
        let ctx = egui::Context::default();
        let mut labels = Vec::new();
        let mut output = ctx.run_pass(egui::RawInput::default(), |ctx| {
            let painter = ctx.layer_painter(egui::LayerId::background());
            labels = paint_user_layers(&painter, &view, &to_screen(), rect);
        });
        // The font atlas was never uploaded; there is no renderer to hand it to.
        output.textures_delta.clear();
        assert!(output.shapes.len() >= 6, "{}", output.shapes.len());
        let mut texts: Vec<&str> = labels.iter().map(|l| l.text.as_str()).collect();
        texts.sort_unstable();
        assert_eq!(texts, vec!["big", "small"]);
        assert!(labels.iter().all(|l| l.anchor == LabelAnchor::Area));
    }
}
