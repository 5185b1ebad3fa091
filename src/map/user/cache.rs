//! Preparing imported layers for the map: projection, simplification per zoom band,
//! triangulation and style resolution, once per layer (see [`UserLayerCache::sync`]).

use geo::{CoordsIter, Geometry, LineString, MultiPolygon, Polygon};
use serde_json::Map;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::UserGeometryKind;
use super::index::FeatureIndex;
use crate::coords::CoordinateSystem;
use crate::map::interior::label_point_of_largest;
use crate::map::lod::{
    CachedPolygon, MercatorBox, PolygonPrep, SIMPLIFY_PX, drop_near_full_bands, finest_tolerance, kept_band,
    mercator_from_lon_lat, per_band,
};
use crate::map::packed::{PackedPath, PackedPaths, PathPacker, SimplifiedBand};
use crate::map::simplify::{LINE_MIN, SplitTree};
use crate::model::user_layer::LayerKey;
use crate::model::{ProjectLayer, Properties, UserLayerStyle};
use crate::symbology::Rgba8;
use crate::symbology::categories::{CATEGORY_PALETTE, OTHER_COLOUR, categories_of, category_index, format_value};
use crate::symbology::simplestyle::{DEFAULT_FILL_OPACITY, UserFeatureStyle, resolve_style};

/// One line (a LineString, or one member of a MultiLineString) ready to draw at any zoom.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedLine {
    pub bbox: MercatorBox,
    /// Vertices in normalised Mercator, one band per band of [`BAND_MIN_ZOOMS`]:
    /// simplified to half a pixel at the band's lowest zoom, every vertex in the last;
    /// bands at the end keeping nearly every vertex are dropped ([`drop_near_full_bands`];
    /// read with [`kept_band`]). One path in each band.
    pub bands: PackedPaths,
}

impl CachedLine {
    /// Projects and simplifies a WGS-84 line; `shift` as in [`CachedPolygon::new`].
    /// `None` for a line of fewer than two positions (or 2³² or more).
    pub fn new(line_lon_lat: &LineString<f64>, shift: &dyn Fn([f64; 2]) -> [f64; 2]) -> Option<CachedLine> {
        if line_lon_lat.0.len() < 2 {
            return None;
        }
        let mercator: Vec<[f64; 2]> = line_lon_lat
            .coords()
            .map(|c| mercator_from_lon_lat(shift([c.x, c.y])))
            .collect();
        let bbox = MercatorBox::of(mercator.iter().copied())?;
        let tree = SplitTree::new(&mercator, finest_tolerance());
        let mut packer = PathPacker::default();
        let path = packer.full(&mercator);
        let mut bands = per_band(
            || None,
            |px| {
                let mut band = SimplifiedBand::default();
                band.push(path, LINE_MIN, |kept| {
                    tree.kept_indices(&mercator, SIMPLIFY_PX * px, LINE_MIN, kept);
                });
                Some(band)
            },
        );
        drop_near_full_bands(&mut bands, |b| b.as_ref().map_or(mercator.len(), SimplifiedBand::len));
        for band in bands.iter().flatten() {
            packer.simplified(band).ok()?;
        }
        Some(CachedLine {
            bbox,
            bands: packer.finish().ok()?,
        })
    }

    /// The vertices at the band for `zoom`.
    pub fn at_zoom(&self, zoom: f64) -> PackedPath<'_> {
        let k = kept_band(self.bands.band_count(), zoom);
        self.bands.band(k).next().unwrap_or_default()
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
    pub points: Box<[[f64; 2]]>,
    /// Lines (of LineString, MultiLineString and collection members).
    pub lines: Box<[CachedLine]>,
    /// All polygon parts (of Polygon, MultiPolygon and collection members) as one
    /// (boxed: most features of a big layer have none, and the box is a sixth of its
    /// size).
    pub polygon: Option<Box<CachedPolygon>>,
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
    /// Where `features` are, for picking and culling (built with them).
    pub index: FeatureIndex,
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
    /// Positions at full detail (points, line vertices, ring vertices).
    pub vertex_count: usize,
    /// Of which points (markers).
    pub point_count: usize,
    /// The points counted per cell at every zoom level, for clusters (layers of
    /// [`super::pyramid::PYRAMID_FROM_POINTS`] points or more; rebuilt with the style,
    /// which colours them).
    pub point_pyramid: Option<Arc<super::pyramid::PointPyramid>>,
}

/// Every user layer's features projected, triangulated and styled once.
///
/// Keep it up to date with [`UserLayerCache::sync`] (each frame: cheap unless layers were
/// added or the display system changed). A big layer can be prepared off the UI thread
/// with [`CachedLayer::build`] and handed over with [`UserLayerCache::adopt`] before it
/// enters the project. Visibility and opacity are read from the [`UserLayersView`] each
/// frame and need no update.
#[derive(Clone, Debug)]
pub struct UserLayerCache {
    /// The coordinate system the geometry was shifted to.
    pub display: CoordinateSystem,
    /// One entry per layer, in the order of the slice it was built from (bottom first);
    /// shared with the worker that draws big layers in the background.
    pub layers: Vec<Arc<CachedLayer>>,
    /// Changes whenever an entry of `layers` changes (added, rebuilt or restyled), so
    /// that an image drawn from the cache knows when it is out of date.
    pub revision: u64,
    /// Entries of layers no longer in the project (removed, or prepared and not yet
    /// added), newest last, at most [`SPARE_LAYERS`]: undoing a removal, or adding a
    /// prepared layer, finds its geometry here instead of projecting it again.
    spare: Vec<Arc<CachedLayer>>,
}

/// Two caches are equal when they hold the same layers for the same display system,
/// whatever their revisions.
impl PartialEq for UserLayerCache {
    fn eq(&self, other: &Self) -> bool {
        self.display == other.display && self.layers == other.layers && self.spare == other.spare
    }
}

/// How many entries of layers not in the project [`UserLayerCache`] keeps.
pub const SPARE_LAYERS: usize = 4;

impl CachedLayer {
    /// What painting the layer as shapes costs, in line vertices: a marker (a circle, its
    /// rim, its label) costs about [`super::POINT_WEIGHT`] of them. What decides whether
    /// the layer is drawn in the background ([`super::RASTER_FROM_VERTICES`]).
    pub fn drawing_weight(&self) -> usize {
        self.vertex_count + (super::POINT_WEIGHT - 1) * self.point_count
    }

    /// Projects (shifted to `display`), simplifies, triangulates and styles one layer,
    /// on every core, and builds its spatial index. The expensive part of importing a big file's layer for drawing; it
    /// needs no UI and can run on another thread (see [`UserLayerCache::adopt`]).
    /// `progress`, if given, counts the features done.
    pub fn build(layer: &ProjectLayer, display: CoordinateSystem, progress: Option<&AtomicUsize>) -> CachedLayer {
        cache_layer_with(layer, display, progress, None)
    }

    /// [`CachedLayer::build`] with its polygons prepared as `prep` says, whatever the
    /// layer's size (benchmarks compare the two).
    pub fn build_prepared(layer: &ProjectLayer, display: CoordinateSystem, prep: PolygonPrep) -> CachedLayer {
        cache_layer_with(layer, display, None, Some(prep))
    }
}

impl UserLayerCache {
    /// Projects (shifted to `display`), simplifies and triangulates every feature of
    /// `layers` and resolves its style and label. Build once when a layer is imported or
    /// its style changes (not per frame).
    pub fn new(layers: &[ProjectLayer], display: CoordinateSystem) -> Self {
        let layers = layers.iter().map(|l| Arc::new(cache_layer(l, display))).collect();
        UserLayerCache {
            display,
            layers,
            revision: next_revision(),
            spare: Vec::new(),
        }
    }

    /// Takes an entry prepared with [`CachedLayer::build`] for `display`, to be used by
    /// [`UserLayerCache::sync`] when its layer enters the project. An entry built for
    /// another display system is dropped.
    pub fn adopt(&mut self, cached: CachedLayer, display: CoordinateSystem) {
        if display == self.display {
            self.keep_spare(Arc::new(cached));
        }
    }

    fn keep_spare(&mut self, cached: Arc<CachedLayer>) {
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
        let mut old: Vec<Option<Arc<CachedLayer>>> = std::mem::take(&mut self.layers)
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
                            let c = Arc::make_mut(&mut c);
                            c.style = l.style.clone();
                            apply_style(c, l);
                        }
                        if c.style.opacity != l.style.opacity {
                            Arc::make_mut(&mut c).style.opacity = l.style.opacity;
                        }
                        c
                    }
                    None => Arc::new(cache_layer(l, display)),
                }
            })
            .collect();
        for unused in old.into_iter().flatten() {
            self.keep_spare(unused);
        }
        self.revision = next_revision();
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
                let c = Arc::make_mut(c);
                c.style = l.style.clone();
                apply_style(c, l);
                changed = true;
            } else if l.style.opacity != c.style.opacity {
                Arc::make_mut(c).style.opacity = l.style.opacity;
            }
        }
        if changed {
            self.revision = next_revision();
        }
        changed
    }
}

/// A revision number no cache has had before in this process.
fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Positions at full detail of a cached feature.
fn vertices_of(f: &CachedFeature) -> usize {
    let lines: usize = f.lines.iter().map(|l| l.bands.position_count()).sum();
    let rings: usize = f.polygon.as_ref().map_or(0, |p| p.position_count());
    f.points.len() + lines + rings
}

/// One layer projected (shifted to `display`), simplified, triangulated and styled.
fn cache_layer(l: &ProjectLayer, display: CoordinateSystem) -> CachedLayer {
    cache_layer_with(l, display, None, None)
}

/// Below this many features a layer is cached on the calling thread alone.
const PARALLEL_FROM: usize = 2_000;

fn cache_layer_with(
    l: &ProjectLayer,
    display: CoordinateSystem,
    progress: Option<&AtomicUsize>,
    prep: Option<PolygonPrep>,
) -> CachedLayer {
    let shift = |p: [f64; 2]| display.from_wgs84(p);
    let all = &l.layer.features;
    // A layer this big is always drawn into an image ([`super::BigLayers`]), which needs
    // no triangles.
    let prep = prep.unwrap_or_else(|| {
        let positions: usize = all.iter().map(|f| f.geometry.coords_count()).sum();
        if positions >= super::RASTER_FROM_VERTICES {
            PolygonPrep::Rings
        } else {
            PolygonPrep::Triangles
        }
    });
    let cache_range = |start: usize, chunk: &[crate::model::UserFeature]| -> Vec<CachedFeature> {
        let mut out = Vec::new();
        for (k, f) in chunk.iter().enumerate() {
            out.extend(cache_geometry(start + k, &f.geometry, &shift, prep));
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
    let index = FeatureIndex::new(&features);
    let mut cached = CachedLayer {
        key: LayerKey::of(l),
        features,
        index,
        feature_count: l.layer.features.len(),
        style: l.style.clone(),
        categories: Vec::new(),
        other: false,
        kind: None,
        legend_colour: Rgba8::from_model(l.style.colour),
        legend_fill: DEFAULT_FILL_OPACITY,
        vertex_count: 0,
        point_count: 0,
        point_pyramid: None,
    };
    cached.vertex_count = cached.features.iter().map(vertices_of).sum();
    cached.point_count = cached.features.iter().map(|f| f.points.len()).sum();
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
    prep: PolygonPrep,
) -> Option<CachedFeature> {
    let mut parts = Parts::default();
    collect_parts(geometry, &mut parts);
    let points: Box<[[f64; 2]]> = parts.points.iter().map(|&p| mercator_from_lon_lat(shift(p))).collect();
    // Boxed: collected without knowing how many, a single line would keep room for four.
    let lines: Box<[CachedLine]> = parts.lines.iter().filter_map(|l| CachedLine::new(l, shift)).collect();
    let lon_lat = MultiPolygon(parts.polygons);
    let polygon = CachedPolygon::prepared(&lon_lat, shift, prep);
    let area = polygon.as_ref().map_or(0.0, |p| p.area);
    let bbox = MercatorBox::of(
        points
            .iter()
            .copied()
            .chain(lines.iter().flat_map(|l| [l.bbox.min, l.bbox.max]))
            .chain(polygon.iter().flat_map(|p| [p.bbox.min, p.bbox.max])),
    )?;
    let area_anchor = polygon
        .as_ref()
        .and_then(|_| label_point_of_largest(&lon_lat))
        .map(|lon_lat| (mercator_from_lon_lat(shift(lon_lat)), UserGeometryKind::Area));
    let label_anchor = area_anchor
        .or_else(|| {
            let longest = lines
                .iter()
                .map(|l| l.at_zoom(f64::INFINITY))
                .max_by(|a, b| line_length(a).total_cmp(&line_length(b)))?;
            longest.get(longest.len() / 2).map(|m| (m, UserGeometryKind::Line))
        })
        .or_else(|| points.first().map(|&m| (m, UserGeometryKind::Point)));
    Some(CachedFeature {
        index,
        // Set by `apply_style`.
        style: resolve_style(&Map::new(), Rgba8::rgb(0, 0, 0)),
        label: None,
        points,
        lines,
        polygon: polygon.map(Box::new),
        area,
        label_anchor,
        bbox,
    })
}

fn line_length(line: &PackedPath) -> f64 {
    line.segments().map(|(a, b)| (b[0] - a[0]).hypot(b[1] - a[1])).sum()
}

/// Resolves categories, every feature's style and label, and the legend colour of one
/// layer from `layer`'s style and properties.
fn apply_style(cached: &mut CachedLayer, layer: &ProjectLayer) {
    let style = &layer.style;
    let (categories, _) = match &style.colour_property {
        Some(property) => categories_of(&layer.layer, property),
        None => (Vec::new(), false),
    };
    let empty = Properties::new();
    let mut other = false;
    let mut recoloured = false;
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
        let resolved = resolve_style(properties, base);
        recoloured |= resolved.marker_colour != f.style.marker_colour;
        f.style = resolved;
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
    // The pyramid counts marker colours: rebuilt when one changed (not for a new label).
    if recoloured || cached.point_pyramid.is_none() {
        cached.point_pyramid = super::pyramid::PointPyramid::build(cached).map(Arc::new);
    }
}
