//! The atlas's own offline basemap: sea, land (the primary coastline), the schematic
//! county-level divisions, the plan's functional areas and reference places, with
//! labels, hover and click.
//!
//! [`BasemapCache`] projects, simplifies and triangulates everything once (per display
//! coordinate system); [`BasemapPlugin`] only maps cached vertices to the screen. It
//! also records which schematic geometry is in view ([`schematic_in_view`]), for the
//! map furniture's 示意 disclaimer.
//!
//! By job: this file prepares (the cache), `paint` is the walkers plugin that draws and
//! reports hover and clicks, `hit` finds the division under a position.

mod coast;
mod hit;
mod paint;

pub use coast::{CachedCoast, mercator_cuts};

pub use hit::division_at;
pub use paint::BasemapPlugin;

use egui::{Color32, Mesh, Rect, Shape, Stroke};
use geo::MultiPolygon;

use super::labels::PlacedLabel;
use super::lod::{CachedPolygon, ScreenFromMercator};
use super::plan::PlanLayerView;
use crate::basemap::{Basemap, CutLines, DATA_BOX_LON_LAT, Precision};
use crate::coords::CoordinateSystem;

use crate::symbology::basemap as colours;

/// egui's colour of a symbology colour (exact: both are premultiplied sRGBA).
const fn egui_colour(c: crate::symbology::Rgba8) -> Color32 {
    Color32::from_rgba_premultiplied(c.r, c.g, c.b, c.a)
}

/// Sea colour ([`colours::SEA`]).
pub const SEA: Color32 = egui_colour(colours::SEA);
/// Land outside Dalian ([`colours::LAND_OUTSIDE`]).
pub const LAND_OUTSIDE: Color32 = egui_colour(colours::LAND_OUTSIDE);
/// Coastline stroke ([`colours::COAST`]).
pub const COAST: Color32 = egui_colour(colours::COAST);
/// Coastline stroke over tiles ([`colours::COAST_OVER_TILES`]).
pub const COAST_OVER_TILES: Color32 = egui_colour(colours::COAST_OVER_TILES);
/// Division boundary stroke ([`colours::DIVISION_LINE`]).
pub const DIVISION_LINE: Color32 = egui_colour(colours::DIVISION_LINE);
/// Functional-area outline ([`colours::FUNCTIONAL_LINE`]).
pub const FUNCTIONAL_LINE: Color32 = egui_colour(colours::FUNCTIONAL_LINE);
/// Selected division outline ([`colours::SELECTED_LINE`]).
pub const SELECTED_LINE: Color32 = egui_colour(colours::SELECTED_LINE);

/// Fill of a division ([`colours::division_fill`]).
pub fn division_fill(adcode: u32) -> Color32 {
    Color32::from(colours::division_fill(adcode))
}

/// Everything the basemap draws, projected and triangulated once.
pub struct BasemapCache {
    /// The coordinate system the cache was built for (GCJ-02 when the tiles are).
    pub display: CoordinateSystem,
    land: Vec<CachedPolygon>,
    /// The coast of each `land` polygon, without the cuts along the data box.
    land_coast: Vec<CachedCoast>,
    /// Natural Earth land beyond the data box (`Basemap::context_land`), so the map has
    /// land, not blank canvas, wherever it looks.
    context: Vec<CachedPolygon>,
    /// Its coast, without the cuts along the data box and the context box.
    context_coast: Vec<CachedCoast>,
    /// Same order as `Basemap::divisions` (`None` for an empty geometry).
    divisions: Vec<Option<CachedPolygon>>,
    /// Same order as `Basemap::functional_areas`.
    functional: Vec<Option<CachedPolygon>>,
}

impl BasemapCache {
    /// Builds the cache; call when the basemap or the display coordinate system changes.
    pub fn new(basemap: &Basemap, display: CoordinateSystem) -> BasemapCache {
        let shift = |p: [f64; 2]| display.from_wgs84(p);
        let cached = |polygons: &[crate::basemap::LandPolygon]| -> Vec<CachedPolygon> {
            polygons
                .iter()
                .filter_map(|l| CachedPolygon::new(&MultiPolygon(vec![l.geometry.clone()]), &shift))
                .collect()
        };
        // Without exact cut lines (a datum shift bends them) every edge is stroked.
        let coast = |polygons: &[CachedPolygon], cuts: CutLines| -> Vec<CachedCoast> {
            let cuts = mercator_cuts(&cuts, &shift).unwrap_or_default();
            polygons.iter().map(|p| CachedCoast::new(p, &cuts)).collect()
        };
        let land = cached(&basemap.land);
        let context = cached(&basemap.context_land);
        BasemapCache {
            display,
            land_coast: coast(&land, CutLines::of_boxes(&[DATA_BOX_LON_LAT])),
            context_coast: coast(&context, CutLines::context()),
            land,
            context,
            divisions: basemap
                .divisions
                .iter()
                .map(|d| CachedPolygon::new(&d.geometry, &shift))
                .collect(),
            functional: basemap
                .functional_areas
                .iter()
                .map(|f| CachedPolygon::new(&f.geometry, &shift))
                .collect(),
        }
    }
}

/// Texts the plugin shows, in the interface language.
#[derive(Clone, Debug, PartialEq)]
pub struct BasemapTexts {
    /// Use Chinese names (else English).
    pub chinese: bool,
    /// Suffix of a schematic item in the tooltip, e.g. “（示意）”.
    pub schematic: String,
    /// `area` label in the tooltip, e.g. “面积约”.
    pub area: String,
}

/// What the pointer did on the basemap this frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BasemapEvents {
    /// Index into `Basemap::divisions` under the pointer.
    pub hovered_division: Option<usize>,
    /// The map was clicked (not dragged): the division under the pointer, or `None`
    /// for a click outside every division.
    pub clicked: Option<Option<usize>>,
    /// Labels drawn this frame (for tests and the legend).
    pub labels: Vec<PlacedLabel>,
    /// The frame's map transform (to find a place on screen in tests).
    pub to_screen: Option<ScreenFromMercator>,
    /// Catalogue index of the plan feature under the pointer.
    pub hovered_feature: Option<usize>,
    /// The map was clicked on a plan feature (catalogue index): takes precedence over
    /// `clicked`.
    pub clicked_feature: Option<usize>,
    /// The feature of an imported layer under the pointer: (layer index, feature index).
    /// Imported layers lie over the plan layers, so it hides `hovered_feature`.
    pub hovered_user_feature: Option<(usize, usize)>,
    /// The map was clicked on a feature of an imported layer: takes precedence over
    /// `clicked_feature` and `clicked`.
    pub clicked_user_feature: Option<(usize, usize)>,
    /// The schematic geometry in view this frame (see [`schematic_in_view`]).
    pub schematic_in_view: SchematicInView,
    /// The 示意 disclaimer the map furniture drew this frame, `None` when nothing
    /// schematic is in view (set by [`super::map_ui`]).
    pub disclaimer_shown: Option<String>,
    /// This frame's click landed on the legend, to fold or unfold it (set by
    /// [`super::map_ui`], which then clears the click's selection).
    pub legend_clicked: bool,
    /// The legend was drawn open (not folded) this frame.
    pub legend_open: bool,
}

/// Which schematic (示意) geometry one frame of the map shows: what the disclaimer says,
/// and whether it is drawn at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SchematicInView {
    /// A division of [`Precision::Schematic`] (not official boundaries) is in view.
    pub divisions: bool,
    /// A schematic functional area of the basemap, or a schematic item of a drawn plan
    /// layer, is in view.
    pub plan_areas: bool,
}

impl SchematicInView {
    /// Anything schematic is in view.
    pub fn any(self) -> bool {
        self.divisions || self.plan_areas
    }
}

/// The schematic geometry a map showing `rect` draws, by the painters' own cull tests:
/// divisions and functional areas whose bounding box intersects the viewport (as in
/// [`geometry_shapes`]) and whose precision is [`Precision::Schematic`], and the plan
/// items [`PlanLayerView::schematic_in_view`] counts. Bounding boxes only: geometry whose
/// box, but not outline, reaches the viewport counts. Compares precomputed boxes, so it
/// is cheap enough for every frame. `cache` must have been built from `basemap`.
pub fn schematic_in_view(
    basemap: &Basemap,
    cache: &BasemapCache,
    plan: Option<&PlanLayerView>,
    to_screen: &ScreenFromMercator,
    rect: Rect,
) -> SchematicInView {
    let view = to_screen.mercator_box(rect);
    let in_view = |c: &Option<CachedPolygon>| c.as_ref().is_some_and(|c| c.bbox.intersects(&view));
    let divisions = basemap
        .divisions
        .iter()
        .zip(&cache.divisions)
        .any(|(d, c)| d.precision == Precision::Schematic && in_view(c));
    let functional = basemap
        .functional_areas
        .iter()
        .zip(&cache.functional)
        .any(|(f, c)| f.precision == Precision::Schematic && in_view(c));
    SchematicInView {
        divisions,
        plan_areas: functional || plan.is_some_and(|p| p.schematic_in_view(to_screen, rect)),
    }
}

/// A per-zone summary drawn on the map (issue 18, point 9): each zone's colour, by the
/// zone's ID, over the divisions (which it replaces) or the functional areas.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ZoneFill {
    pub set: crate::model::summary::ZoneSet,
    pub colours: std::collections::HashMap<String, Color32>,
}

/// The sea, fills and lines of the basemap for one frame, in paint order: what
/// [`BasemapPlugin`] paints before places and labels (and what the frame benchmark
/// measures).
pub fn geometry_shapes(
    basemap: &Basemap,
    cache: &BasemapCache,
    to_screen: &ScreenFromMercator,
    rect: Rect,
    selected_division: Option<u32>,
    tiles_underneath: bool,
    zone_fill: Option<&ZoneFill>,
) -> Vec<Shape> {
    use crate::model::summary::ZoneSet;
    let zone_colour = |set: ZoneSet, id: &str| {
        zone_fill
            .filter(|z| z.set == set)
            .and_then(|z| z.colours.get(id).copied())
    };
    let view = to_screen.mercator_box(rect);
    let zoom = to_screen.zoom;
    let mut shapes = Vec::new();
    let mut mesh = Mesh::default();
    if !tiles_underneath {
        shapes.push(Shape::rect_filled(rect, 0.0, SEA));
        // Context land beyond the data box, then the detailed land inside it: they meet
        // along the box's edges without overlapping.
        for land in cache
            .context
            .iter()
            .chain(&cache.land)
            .filter(|l| l.bbox.intersects(&view))
        {
            land.add_fill(&mut mesh, to_screen, LAND_OUTSIDE);
        }
    }
    for (d, cached) in basemap.divisions.iter().zip(&cache.divisions) {
        if let Some(c) = cached.as_ref().filter(|c| c.bbox.intersects(&view)) {
            let summary = zone_colour(ZoneSet::Divisions, &d.id);
            let fill = summary.unwrap_or_else(|| division_fill(d.adcode));
            let fill = if tiles_underneath && summary.is_none() {
                fill.gamma_multiply(0.35)
            } else {
                fill
            };
            c.add_fill(&mut mesh, to_screen, fill);
        }
    }
    for (f, c) in basemap.functional_areas.iter().zip(&cache.functional) {
        let Some(c) = c.as_ref().filter(|c| c.bbox.intersects(&view)) else {
            continue;
        };
        // Over a per-district summary the functional areas are outlines only, so the
        // districts' colours read as the legend says.
        let fill = match zone_colour(ZoneSet::FunctionalAreas, &f.id) {
            Some(c) => c.gamma_multiply(0.85),
            None if zone_fill.is_some_and(|z| z.set == ZoneSet::Divisions) => continue,
            None => FUNCTIONAL_LINE.gamma_multiply(colours::FUNCTIONAL_FILL),
        };
        c.add_fill(&mut mesh, to_screen, fill);
    }
    shapes.push(Shape::mesh(mesh));

    let coast = if tiles_underneath {
        Stroke::new(1.2, COAST_OVER_TILES)
    } else {
        Stroke::new(colours::COAST_WIDTH, COAST)
    };
    // Over tiles, the tiles show the land beyond the data box: no context coast.
    let context_coast = if tiles_underneath {
        &[][..]
    } else {
        &cache.context_coast[..]
    };
    for (land, c) in cache
        .context
        .iter()
        .zip(context_coast)
        .chain(cache.land.iter().zip(&cache.land_coast))
    {
        if land.bbox.intersects(&view) {
            c.paint(to_screen, &view, coast, &mut shapes);
        }
    }
    let boundary_width = if zoom >= 10.0 { 1.4 } else { colours::DIVISION_WIDTH };
    for cached in cache.divisions.iter().flatten().filter(|c| c.bbox.intersects(&view)) {
        cached.outline(to_screen, Stroke::new(boundary_width, DIVISION_LINE), &mut shapes);
    }
    for cached in cache.functional.iter().flatten().filter(|c| c.bbox.intersects(&view)) {
        // Solid, not dashed: a dashed ring is one shape per dash, several times the
        // tessellation cost of the whole basemap at city zoom.
        cached.outline(
            to_screen,
            Stroke::new(colours::FUNCTIONAL_WIDTH, FUNCTIONAL_LINE),
            &mut shapes,
        );
    }
    if let Some(i) = selected_division.and_then(|a| basemap.divisions.iter().position(|d| d.adcode == a))
        && let Some(c) = &cache.divisions[i]
    {
        c.outline(to_screen, Stroke::new(3.0, SELECTED_LINE), &mut shapes);
    }
    shapes
}

#[cfg(test)]
mod tests {
    use super::paint::tooltip_pos;
    use super::*;
    use egui::{pos2, vec2};

    #[test]
    fn a_hover_plate_stays_inside_a_narrow_map() {
        let map = Rect::from_min_max(pos2(500.0, 40.0), pos2(850.0, 700.0));
        let size = vec2(300.0, 40.0);
        // Room to the right: below right of the pointer.
        assert_eq!(tooltip_pos(pos2(520.0, 100.0), size, map), pos2(534.0, 110.0));
        // No room on either side: flush with the map's left edge, not under the panel.
        let at = tooltip_pos(pos2(640.0, 360.0), size, map);
        assert!(at.x >= map.left() && at.x + size.x <= map.right(), "{at:?}");
        // At the bottom: above the pointer.
        assert_eq!(tooltip_pos(pos2(520.0, 690.0), size, map).y, 640.0);
    }

    #[test]
    fn the_division_under_a_point_is_found_by_containment() {
        let basemap = Basemap::builtin().expect("builtin basemap");
        let jinzhou = basemap
            .divisions
            .iter()
            .position(|d| d.adcode == 210213)
            .expect("金州区");
        let label = basemap.divisions[jinzhou].label_lon_lat;
        assert_eq!(division_at(&basemap, [label.0, label.1]), Some(jinzhou));
        assert_eq!(division_at(&basemap, [122.6, 38.7]), None, "open sea");
    }

    /// A 900×700 map at `zoom` centred on `centre`, and its rect.
    fn map_at(zoom: f64, centre: [f64; 2]) -> (ScreenFromMercator, Rect) {
        let rect = Rect::from_min_size(egui::Pos2::ZERO, vec2(900.0, 700.0));
        (ScreenFromMercator::new(zoom, centre, rect.center()), rect)
    }

    #[test]
    fn the_whole_city_has_schematic_divisions_and_functional_areas_in_view_and_the_open_sea_none() {
        let basemap = Basemap::builtin().expect("builtin basemap");
        let cache = BasemapCache::new(&basemap, CoordinateSystem::Wgs84);
        let (city, rect) = map_at(8.0, [122.2, 39.4]);
        assert_eq!(
            schematic_in_view(&basemap, &cache, None, &city, rect),
            SchematicInView {
                divisions: true,
                plan_areas: true
            }
        );
        let (sea, rect) = map_at(13.0, [123.4, 38.7]);
        assert_eq!(
            schematic_in_view(&basemap, &cache, None, &sea, rect),
            SchematicInView::default()
        );
    }

    #[test]
    fn official_divisions_and_functional_areas_are_not_schematic_geometry() {
        let mut basemap = Basemap::builtin().expect("builtin basemap");
        for d in &mut basemap.divisions {
            d.precision = Precision::Exact;
        }
        let (city, rect) = map_at(8.0, [122.2, 39.4]);
        let cache = BasemapCache::new(&basemap, CoordinateSystem::Wgs84);
        assert_eq!(
            schematic_in_view(&basemap, &cache, None, &city, rect),
            SchematicInView {
                divisions: false,
                plan_areas: true
            }
        );
        for f in &mut basemap.functional_areas {
            f.precision = Precision::Exact;
        }
        assert!(!schematic_in_view(&basemap, &cache, None, &city, rect).any());
    }

    #[test]
    fn a_schematic_division_counts_only_while_its_box_meets_the_viewport() {
        let basemap = Basemap::builtin().expect("builtin basemap");
        let cache = BasemapCache::new(&basemap, CoordinateSystem::Wgs84);
        // Over 中山区 at street zoom: the urban districts are in view, 庄河市 is not.
        let (urban, rect) = map_at(15.0, [121.65, 38.91]);
        let view = urban.mercator_box(rect);
        let in_view: Vec<u32> = basemap
            .divisions
            .iter()
            .zip(&cache.divisions)
            .filter(|(_, c)| c.as_ref().is_some_and(|c| c.bbox.intersects(&view)))
            .map(|(d, _)| d.adcode)
            .collect();
        assert!(in_view.contains(&210202), "{in_view:?}");
        assert!(!in_view.contains(&210283), "{in_view:?}");
        assert!(schematic_in_view(&basemap, &cache, None, &urban, rect).divisions);
    }

    #[test]
    fn the_cache_has_geometry_for_every_division_and_functional_area() {
        let basemap = Basemap::builtin().expect("builtin basemap");
        let cache = BasemapCache::new(&basemap, CoordinateSystem::Wgs84);
        assert_eq!(cache.divisions.len(), basemap.divisions.len());
        assert!(cache.divisions.iter().all(Option::is_some));
        assert!(cache.functional.iter().all(Option::is_some));
        assert!(!cache.land.is_empty());
        assert_eq!(cache.land_coast.len(), cache.land.len());
        assert!(!cache.context.is_empty(), "the built-in basemap has context land");
        assert_eq!(cache.context_coast.len(), cache.context.len());
    }
}

#[cfg(test)]
mod fill_tests {
    use super::*;
    use crate::map::lod::BAND_MIN_ZOOMS;
    use geo::Area;

    fn triangle_area(v: &[[f64; 2]], i: &[u32]) -> f64 {
        i.chunks(3)
            .map(|t| {
                let (a, b, c) = (v[t[0] as usize], v[t[1] as usize], v[t[2] as usize]);
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum()
    }

    #[test]
    fn every_context_land_fill_covers_its_polygon_at_every_zoom_band() {
        let basemap = Basemap::builtin().expect("builtin basemap");
        let cache = BasemapCache::new(&basemap, CoordinateSystem::Wgs84);
        for (i, cached) in cache.context.iter().enumerate() {
            for (k, band) in cached.bands.iter().enumerate() {
                let filled = triangle_area(&band.vertices, &band.indices);
                let rings: f64 = band
                    .rings
                    .iter()
                    .enumerate()
                    .map(|(r, ring)| {
                        let ls: geo::LineString<f64> = ring.iter().map(|p| (p[0], p[1])).collect();
                        let a = geo::Polygon::new(ls, vec![]).unsigned_area();
                        // Holes follow their exterior in each polygon's rings.
                        if r == 0 { a } else { -a }
                    })
                    .sum();
                let ratio = filled / rings.max(f64::MIN_POSITIVE);
                assert!(
                    (ratio - 1.0).abs() < 0.01,
                    "context polygon {i} band {k} (zoom {}): the fill covers {ratio:.4} of the outline",
                    BAND_MIN_ZOOMS[k]
                );
            }
        }
    }

    #[test]
    fn the_context_land_costs_a_frame_at_most_a_few_thousand_vertices_at_any_zoom() {
        let basemap = Basemap::builtin().expect("builtin basemap");
        let cache = BasemapCache::new(&basemap, CoordinateSystem::Wgs84);
        let rect = Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0));
        for zoom in [7.0, 8.0, 9.0, 10.0, 12.0, 14.0] {
            let to_screen = ScreenFromMercator::new(zoom, [122.2, 39.4], rect.center());
            let view = to_screen.mercator_box(rect);
            let band = |c: &CachedPolygon| crate::map::lod::kept_band(c.bands.len(), zoom);
            let fill: usize = cache
                .context
                .iter()
                .filter(|c| c.bbox.intersects(&view))
                .map(|c| c.bands[band(c)].vertices.len())
                .sum();
            let mut shapes = Vec::new();
            for (c, coast) in cache.context.iter().zip(&cache.context_coast) {
                if c.bbox.intersects(&view) {
                    coast.paint(&to_screen, &view, Stroke::new(1.0, COAST), &mut shapes);
                }
            }
            let coast: usize = shapes
                .iter()
                .map(|s| match s {
                    Shape::Path(p) => p.points.len(),
                    _ => 0,
                })
                .sum();
            eprintln!("zoom {zoom}: {fill} fill vertices, {coast} coast positions in a 1600×1000 view of Dalian");
            assert!(
                fill <= 3_000 && coast <= 3_000,
                "zoom {zoom}: {fill} fill vertices, {coast} coast positions"
            );
        }
    }

    #[test]
    fn every_division_fill_covers_its_polygon_at_every_zoom_band() {
        let basemap = Basemap::builtin().expect("builtin basemap");
        for d in &basemap.divisions {
            let cached = CachedPolygon::new(&d.geometry, &|p| p).expect("geometry");
            for (k, band) in cached.bands.iter().enumerate() {
                let filled = triangle_area(&band.vertices, &band.indices);
                let rings: f64 = band
                    .rings
                    .iter()
                    .map(|r| {
                        let ls: geo::LineString<f64> = r.iter().map(|p| (p[0], p[1])).collect();
                        geo::Polygon::new(ls, vec![]).unsigned_area()
                    })
                    .sum();
                let ratio = filled / rings.max(f64::MIN_POSITIVE);
                assert!(
                    (ratio - 1.0).abs() < 0.01,
                    "{} band {k} (zoom {}): the fill covers {ratio:.4} of the outline",
                    d.name_zh,
                    BAND_MIN_ZOOMS[k]
                );
            }
        }
    }
}
