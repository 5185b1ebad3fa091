//! The plan's map layers — layout, parks and bases, 5G and digital infrastructure,
//! projects — drawn from the feature catalogue.
//!
//! [`PlanLayerCache`] projects and triangulates every placed feature once;
//! [`paint_plan_layers`] only maps cached vertices to the screen, in the user's layer
//! order and opacity, and returns the label candidates for the shared label placer.
//! Symbols say how well a position is known: a filled symbol is an approximate
//! position, a hollow one with a dotted ring only the district.

use egui::{Color32, Mesh, Painter, Pos2, Rect, Shape, Stroke, Vec2, vec2};
use geo::{Area, Contains, MultiPolygon, Point, SimplifyVwPreserve};

use super::labels::{LabelAnchor, LabelCandidate};
use super::lod::{CachedPolygon, MercatorBox, ScreenFromMercator, mercator_from_lon_lat};
use crate::basemap::{Basemap, Precision, label_point_lon_lat};
use crate::catalogue::{Catalogue, FeatureShapes, Layer, PlacedGeometry};
use crate::coords::CoordinateSystem;
use crate::state::LayerSetting;
pub use crate::symbology::plan::{FeatureStyle, LegendRow, LegendSymbol, LegendTexts, Marker, feature_style};
use crate::symbology::{Rgba8, darker};
use crate::ui::swatch::paint_marker;

/// Cached geometry of one drawn feature.
#[derive(Clone, Debug)]
pub enum ItemGeometry {
    /// A point; `fan` spreads features that share one position apart on screen.
    Point {
        mercator: [f64; 2],
        fan: Vec2,
    },
    Line {
        mercator: Vec<[f64; 2]>,
        bbox: MercatorBox,
    },
    Area {
        polygon: CachedPolygon,
        label_mercator: [f64; 2],
        /// In the display coordinate system, for hit tests.
        lon_lat: MultiPolygon<f64>,
        area: f64,
    },
}

/// One drawable feature.
#[derive(Clone, Debug)]
pub struct PlanItem {
    /// Index into `Catalogue::features`.
    pub index: usize,
    pub layer: Layer,
    pub style: FeatureStyle,
    pub precision: Precision,
    pub geometry: ItemGeometry,
}

/// Every placed feature projected once (per display coordinate system). Areas that cover
/// the whole municipality (e.g. a city-wide pilot zone) are not drawn: they would only
/// repeat the city outline; the panel lists them as city-wide.
pub struct PlanLayerCache {
    pub display: CoordinateSystem,
    pub items: Vec<PlanItem>,
    /// Catalogue indices of the city-wide areas.
    pub city_wide: Vec<usize>,
}

impl PlanLayerCache {
    pub fn new(catalogue: &Catalogue, shapes: &FeatureShapes, basemap: &Basemap, display: CoordinateSystem) -> Self {
        let shift = |p: [f64; 2]| display.from_wgs84(p);
        let mut items = Vec::new();
        let mut city_wide = Vec::new();
        for (index, geometry) in &shapes.shapes {
            let Some(feature) = catalogue.features.get(*index) else {
                continue;
            };
            let precision = feature.precision().unwrap_or(Precision::Schematic);
            let geometry = match geometry {
                PlacedGeometry::Point(p) => ItemGeometry::Point {
                    mercator: mercator_from_lon_lat(shift(*p)),
                    fan: Vec2::ZERO,
                },
                PlacedGeometry::Line(line) => {
                    let mercator: Vec<[f64; 2]> = line
                        .coords()
                        .map(|c| mercator_from_lon_lat(shift([c.x, c.y])))
                        .collect();
                    let Some(bbox) = MercatorBox::of(mercator.iter().copied()) else {
                        continue;
                    };
                    ItemGeometry::Line { mercator, bbox }
                }
                PlacedGeometry::Area(area) => {
                    if !basemap.divisions.is_empty()
                        && feature.functional_areas.is_empty()
                        && basemap.divisions.iter().all(|d| feature.divisions.contains(&d.adcode))
                    {
                        city_wide.push(*index);
                        continue;
                    }
                    // Schematic areas need no coastline detail finer than ~100 m; fewer
                    // vertices keep the outlines of overlapping zones cheap to draw.
                    let simplified = area.simplify_vw_preserve(AREA_SIMPLIFY_DEG2);
                    let Some(polygon) = CachedPolygon::new(&simplified, &shift) else {
                        continue;
                    };
                    let Some((lon, lat)) = label_point_lon_lat(area) else {
                        continue;
                    };
                    let lon_lat: MultiPolygon<f64> = area
                        .iter()
                        .map(|p| {
                            geo::Polygon::new(
                                p.exterior().coords().map(|c| shift_coord(&shift, *c)).collect(),
                                p.interiors()
                                    .iter()
                                    .map(|r| r.coords().map(|c| shift_coord(&shift, *c)).collect())
                                    .collect(),
                            )
                        })
                        .collect();
                    ItemGeometry::Area {
                        polygon,
                        label_mercator: mercator_from_lon_lat(shift([lon, lat])),
                        area: area.unsigned_area(),
                        lon_lat,
                    }
                }
            };
            items.push(PlanItem {
                index: *index,
                layer: feature.layer,
                style: feature_style(feature),
                precision,
                geometry,
            });
        }
        fan_out_shared_points(&mut items);
        PlanLayerCache {
            display,
            items,
            city_wide,
        }
    }
}

fn shift_coord(shift: &dyn Fn([f64; 2]) -> [f64; 2], c: geo::Coord<f64>) -> geo::Coord<f64> {
    let [x, y] = shift([c.x, c.y]);
    geo::Coord { x, y }
}

/// Points at the same position (several features placed at one district's label point)
/// are spread on a small circle, so each symbol can be seen and clicked.
fn fan_out_shared_points(items: &mut [PlanItem]) {
    let positions: Vec<Option<[f64; 2]>> = items
        .iter()
        .map(|i| match i.geometry {
            ItemGeometry::Point { mercator, .. } => Some(mercator),
            _ => None,
        })
        .collect();
    for (k, item) in items.iter_mut().enumerate() {
        let Some(p) = positions[k] else { continue };
        let same: Vec<usize> = (0..positions.len()).filter(|&j| positions[j] == Some(p)).collect();
        if same.len() < 2 {
            continue;
        }
        let rank = same.iter().position(|&j| j == k).unwrap_or(0);
        let angle = std::f32::consts::TAU * rank as f32 / same.len() as f32 - std::f32::consts::FRAC_PI_2;
        if let ItemGeometry::Point { fan, .. } = &mut item.geometry {
            *fan = vec2(angle.cos(), angle.sin()) * 11.0;
        }
    }
}

/// What the plan layers show this frame.
pub struct PlanLayerView<'a> {
    pub catalogue: &'a Catalogue,
    pub cache: &'a PlanLayerCache,
    /// Top first.
    pub layers: &'a [LayerSetting],
    /// Catalogue index of the selected feature.
    pub selected: Option<usize>,
    /// Catalogue indices of the features the plan element in focus is about.
    pub highlighted: &'a [usize],
    pub chinese: bool,
    /// Suffix for schematic items, e.g. “（示意）”.
    pub schematic: &'a str,
    /// The hover text of a feature (by catalogue index): name, category, precision.
    pub describe: &'a dyn Fn(usize) -> String,
}

/// Highlight colour of the features the focused plan element is about.
pub const HIGHLIGHT: Color32 = Color32::from_rgb(0xff, 0xb3, 0x00);
/// Outline of the selected feature.
pub const SELECTED: Color32 = Color32::from_rgb(0x0d, 0x47, 0xa1);

const MARKER_RADIUS: f32 = 6.0;

/// Visvalingam tolerance for plan areas, in square degrees: about a 100 m triangle.
const AREA_SIMPLIFY_DEG2: f64 = 1e-6;

/// Areas and lines are drawn when their bounding box reaches this far (points) around
/// the map: a box just outside still shows its stroke.
const BOX_MARGIN_PT: f32 = 20.0;
/// Point symbols are drawn when their centre lies this close (points) to the map.
const POINT_MARGIN_PT: f32 = 10.0;

/// The cull test of [`paint_plan_layers`]: whether `item` is drawn on a map showing
/// `rect`. `visible_box` is `to_screen.mercator_box(rect.expand(BOX_MARGIN_PT))`,
/// computed once per frame by the caller. A bounding-box test for areas and lines (an
/// area whose box, but not outline, reaches the map counts as drawn); no allocation.
fn item_in_view(item: &PlanItem, to_screen: &ScreenFromMercator, rect: Rect, visible_box: &MercatorBox) -> bool {
    match &item.geometry {
        ItemGeometry::Area { polygon, .. } => polygon.bbox.intersects(visible_box),
        ItemGeometry::Line { bbox, .. } => bbox.intersects(visible_box),
        ItemGeometry::Point { mercator, fan } => rect
            .expand(POINT_MARGIN_PT)
            .contains(point_pos(to_screen, *mercator, *fan)),
    }
}

impl PlanLayerView<'_> {
    /// Items of visible layers, bottom layer first, areas before lines before points
    /// within a layer, with their layer's opacity.
    pub fn drawn_items(&self) -> Vec<(&PlanItem, f32)> {
        let mut out = Vec::new();
        for setting in self.layers.iter().rev().filter(|l| l.visible) {
            let rank = |i: &PlanItem| match i.geometry {
                ItemGeometry::Area { area, .. } => (0, -area),
                ItemGeometry::Line { .. } => (1, 0.0),
                ItemGeometry::Point { .. } => (2, 0.0),
            };
            let mut items: Vec<&PlanItem> = self.cache.items.iter().filter(|i| i.layer == setting.layer).collect();
            items.sort_by(|a, b| {
                let (ra, rb) = (rank(a), rank(b));
                ra.0.cmp(&rb.0).then(ra.1.total_cmp(&rb.1))
            });
            out.extend(items.into_iter().map(|i| (i, setting.opacity)));
        }
        out
    }

    /// Whether this frame draws a schematic item ([`Precision::Schematic`]) on a map
    /// showing `rect`: an item of a visible layer whose opacity is above 0 that passes the
    /// same cull test as [`paint_plan_layers`] (bounding boxes for areas and lines, the
    /// symbol's centre for points). City-wide areas are never drawn, so never count.
    /// Only compares precomputed boxes: no allocation, no geometry.
    pub fn schematic_in_view(&self, to_screen: &ScreenFromMercator, rect: Rect) -> bool {
        let visible_box = to_screen.mercator_box(rect.expand(BOX_MARGIN_PT));
        self.layers.iter().filter(|l| l.visible && l.opacity > 0.0).any(|l| {
            self.cache.items.iter().any(|i| {
                i.layer == l.layer
                    && i.precision == Precision::Schematic
                    && item_in_view(i, to_screen, rect, &visible_box)
            })
        })
    }

    /// The hover text of the feature at catalogue `index`.
    pub fn tooltip(&self, index: usize) -> String {
        (self.describe)(index)
    }

    fn name(&self, index: usize) -> String {
        self.catalogue.features.get(index).map_or_else(String::new, |f| {
            if self.chinese {
                f.name_zh.clone()
            } else {
                f.name_en.clone()
            }
        })
    }
}

/// Where a point item is on screen.
pub fn point_pos(to_screen: &ScreenFromMercator, mercator: [f64; 2], fan: Vec2) -> Pos2 {
    // Fan out only from zoom 10: below it the spread symbols would cover the district.
    let spread = if to_screen.zoom >= 10.0 { fan } else { fan * 0.6 };
    to_screen.apply(mercator) + spread
}

fn line_points(to_screen: &ScreenFromMercator, mercator: &[[f64; 2]]) -> Vec<Pos2> {
    mercator.iter().map(|&m| to_screen.apply(m)).collect()
}

/// Paints the visible plan layers and returns their label candidates.
pub fn paint_plan_layers(
    painter: &Painter,
    view: &PlanLayerView,
    to_screen: &ScreenFromMercator,
    rect: Rect,
) -> Vec<LabelCandidate> {
    let visible_box = to_screen.mercator_box(rect.expand(BOX_MARGIN_PT));
    let zoom = to_screen.zoom;
    let mut labels = Vec::new();
    // While a plan element is in focus, everything else steps back.
    let drawn: Vec<(&PlanItem, f32)> = view
        .drawn_items()
        .into_iter()
        .map(|(item, opacity)| {
            let dim = !view.highlighted.is_empty()
                && !view.highlighted.contains(&item.index)
                && view.selected != Some(item.index);
            (item, if dim { opacity * 0.35 } else { opacity })
        })
        .collect();
    let emphasis = |i: &PlanItem| -> Option<Color32> {
        if view.selected == Some(i.index) {
            Some(SELECTED)
        } else if view.highlighted.contains(&i.index) {
            Some(HIGHLIGHT)
        } else {
            None
        }
    };

    // Areas: fills in one mesh, then outlines, then emphasis.
    let mut mesh = Mesh::default();
    let mut outlines = Vec::new();
    let mut emphasis_shapes = Vec::new();
    for (item, opacity) in &drawn {
        let ItemGeometry::Area {
            polygon,
            label_mercator,
            ..
        } = &item.geometry
        else {
            continue;
        };
        if !item_in_view(item, to_screen, rect, &visible_box) {
            continue;
        }
        let color = Color32::from(item.style.color).gamma_multiply(*opacity);
        if item.style.fill > 0.0 {
            polygon.add_fill(&mut mesh, to_screen, color.gamma_multiply(item.style.fill));
        }
        let width = if item.layer == Layer::Layout { 2.4 } else { 1.6 };
        if let Some(e) = emphasis(item) {
            // A halo under the feature's own outline.
            polygon.outline_without_spikes(to_screen, Stroke::new(6.0, e.gamma_multiply(0.5)), &mut outlines);
            polygon.outline_without_spikes(to_screen, Stroke::new(width + 0.6, color), &mut emphasis_shapes);
        } else {
            polygon.outline(to_screen, Stroke::new(width, color), &mut outlines);
        }
        // Area labels: the layout's cores and zones always, others when emphasised.
        let emphasised = emphasis(item).is_some();
        if item.layer == Layer::Layout || emphasised {
            let schematic = if item.precision == Precision::Schematic {
                view.schematic
            } else {
                ""
            };
            labels.push(LabelCandidate {
                text: format!("{}{schematic}", view.name(item.index)),
                anchor_in_ui: to_screen.apply(*label_mercator),
                anchor: LabelAnchor::Point { radius: 18.0 },
                priority: if emphasised { 2500.0 } else { 950.0 },
                min_zoom: 0.0,
                font_size: 14.0,
                color: darker(item.style.color).into(),
            });
        }
    }
    painter.add(Shape::mesh(mesh));
    painter.extend(outlines);
    painter.extend(emphasis_shapes);

    // Lines: a white casing under the coloured line.
    for (item, opacity) in &drawn {
        let ItemGeometry::Line { mercator, .. } = &item.geometry else {
            continue;
        };
        if !item_in_view(item, to_screen, rect, &visible_box) {
            continue;
        }
        let points = line_points(to_screen, mercator);
        let color = Color32::from(item.style.color).gamma_multiply(*opacity);
        if let Some(e) = emphasis(item) {
            painter.add(Shape::line(points.clone(), Stroke::new(7.0, e.gamma_multiply(0.7))));
        }
        let Some(&mid) = points.get(points.len() / 2) else {
            continue;
        };
        painter.add(Shape::line(
            points.clone(),
            Stroke::new(3.6, Color32::WHITE.gamma_multiply(0.7 * opacity)),
        ));
        // Solid, not dashed: a dashed line is one shape per dash (see the frame benchmark).
        painter.add(Shape::line(points, Stroke::new(2.2, color)));
        if emphasis(item).is_some() || zoom >= 9.0 {
            labels.push(LabelCandidate {
                text: view.name(item.index),
                anchor_in_ui: mid,
                anchor: LabelAnchor::Point { radius: 6.0 },
                priority: if emphasis(item).is_some() { 2400.0 } else { 500.0 },
                min_zoom: 0.0,
                font_size: 12.5,
                color: darker(item.style.color).into(),
            });
        }
    }

    // Points.
    for (item, opacity) in &drawn {
        let ItemGeometry::Point { mercator, fan } = &item.geometry else {
            continue;
        };
        if !item_in_view(item, to_screen, rect, &visible_box) {
            continue;
        }
        let at = point_pos(to_screen, *mercator, *fan);
        let color = Color32::from(item.style.color).gamma_multiply(*opacity);
        let hollow = item.precision == Precision::District;
        if let Some(e) = emphasis(item) {
            painter.circle_filled(at, MARKER_RADIUS + 6.0, e.gamma_multiply(0.85));
        }
        if hollow {
            // The ring: “somewhere in this district”.
            painter.circle_stroke(at, MARKER_RADIUS + 4.0, Stroke::new(1.0, color.gamma_multiply(0.7)));
        }
        paint_marker(painter, at, item.style.marker, color, MARKER_RADIUS, hollow);
        let emphasised = emphasis(item).is_some();
        labels.push(LabelCandidate {
            text: view.name(item.index),
            anchor_in_ui: at,
            anchor: LabelAnchor::Point {
                radius: MARKER_RADIUS + 2.0,
            },
            priority: if emphasised { 2600.0 } else { 900.0 },
            min_zoom: if emphasised { 0.0 } else { 9.5 },
            font_size: 13.0,
            color: darker(item.style.color).into(),
        });
    }
    labels
}

/// Distance in points from `p` to the segment `a`–`b` (line hit tests).
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a + ab * t - p).length()
}

/// The catalogue index of the feature under a screen position: points first (within
/// their symbol), then lines (within 6 points), then the smallest area containing it;
/// only visible layers, topmost layer first.
pub fn plan_item_at(view: &PlanLayerView, to_screen: &ScreenFromMercator, pos_in_ui: Pos2) -> Option<usize> {
    let drawn = view.drawn_items();
    let on_top = drawn.iter().rev();
    let point = on_top.clone().find_map(|(item, _)| match &item.geometry {
        ItemGeometry::Point { mercator, fan } => {
            ((point_pos(to_screen, *mercator, *fan) - pos_in_ui).length() <= MARKER_RADIUS + 3.0).then_some(item.index)
        }
        _ => None,
    });
    if point.is_some() {
        return point;
    }
    let line = on_top.clone().find_map(|(item, _)| match &item.geometry {
        ItemGeometry::Line { mercator, .. } => {
            let pts = line_points(to_screen, mercator);
            pts.windows(2)
                .any(|w| distance_to_segment(pos_in_ui, w[0], w[1]) <= 6.0)
                .then_some(item.index)
        }
        _ => None,
    });
    if line.is_some() {
        return line;
    }
    let lon_lat = super::lod::lon_lat_from_mercator(to_screen.mercator_of(pos_in_ui));
    let p = Point::new(lon_lat[0], lon_lat[1]);
    drawn
        .iter()
        .filter_map(|(item, _)| match &item.geometry {
            ItemGeometry::Area { lon_lat, area, .. } if lon_lat.contains(&p) => Some((item.index, *area)),
            _ => None,
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(index, _)| index)
}

/// The legend of what the plan layers draw now: one row per style of the visible
/// items (in layer order, top first), then the precision key when both filled and
/// hollow symbols are on the map or a schematic mark when schematic geometry is.
///
/// With `in_view` (the map's transform and rect), only items the map draws count (the
/// same cull test as [`paint_plan_layers`]), so a map zoomed on one district lists what
/// is there, not all the plan's categories (a 20-row legend would cover a quarter of a
/// projector's map).
pub fn plan_legend(
    view: &PlanLayerView,
    texts: &LegendTexts,
    in_view: Option<(&ScreenFromMercator, Rect)>,
) -> Vec<LegendRow> {
    let visible_box = in_view.map(|(to_screen, rect)| to_screen.mercator_box(rect.expand(BOX_MARGIN_PT)));
    let mut rows: Vec<LegendRow> = Vec::new();
    let mut seen: Vec<&'static str> = Vec::new();
    let mut any_district = false;
    let mut any_located = false;
    let mut drawn = view.drawn_items();
    drawn.reverse();
    for (item, opacity) in drawn {
        if let (Some((to_screen, rect)), Some(visible_box)) = (in_view, &visible_box)
            && !item_in_view(item, to_screen, rect, visible_box)
        {
            continue;
        }
        let color = item.style.color.gamma_multiply(opacity);
        match item.geometry {
            ItemGeometry::Point { .. } if item.precision == Precision::District => any_district = true,
            ItemGeometry::Point { .. } => any_located = true,
            _ => {}
        }
        if seen.contains(&item.style.zh) {
            continue;
        }
        seen.push(item.style.zh);
        let symbol = match item.geometry {
            ItemGeometry::Point { .. } => LegendSymbol::Marker {
                marker: item.style.marker,
                color,
                hollow: false,
            },
            ItemGeometry::Line { .. } => LegendSymbol::Line { color },
            ItemGeometry::Area { .. } => LegendSymbol::Area {
                color,
                fill: item.style.fill,
            },
        };
        let mut text = if view.chinese { item.style.zh } else { item.style.en }.to_string();
        if item.precision == Precision::Schematic && !text.contains(view.schematic.trim()) {
            text.push_str(view.schematic);
        }
        rows.push(LegendRow { symbol, text });
    }
    if any_district {
        let grey = Rgba8::rgb(0x60, 0x60, 0x60);
        if any_located {
            rows.push(LegendRow {
                symbol: LegendSymbol::Marker {
                    marker: Marker::Circle,
                    color: grey,
                    hollow: false,
                },
                text: texts.approximate.clone(),
            });
        }
        rows.push(LegendRow {
            symbol: LegendSymbol::Marker {
                marker: Marker::Circle,
                color: grey,
                hollow: true,
            },
            text: texts.district.clone(),
        });
    }
    rows
}

/// A point's position for tests: where the feature at catalogue `index` is on screen.
pub fn item_pos(cache: &PlanLayerCache, index: usize, to_screen: &ScreenFromMercator) -> Option<Pos2> {
    cache
        .items
        .iter()
        .find(|i| i.index == index)
        .map(|i| match &i.geometry {
            ItemGeometry::Point { mercator, fan } => point_pos(to_screen, *mercator, *fan),
            ItemGeometry::Line { mercator, .. } => to_screen.apply(mercator[mercator.len() / 2]),
            ItemGeometry::Area { label_mercator, .. } => to_screen.apply(*label_mercator),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::default_layers;

    struct Data {
        catalogue: Catalogue,
        cache: PlanLayerCache,
    }

    fn data() -> Data {
        let basemap = Basemap::builtin().expect("builtin basemap");
        let catalogue = Catalogue::builtin().expect("builtin catalogue");
        let shapes = FeatureShapes::new(&catalogue, &basemap);
        let cache = PlanLayerCache::new(&catalogue, &shapes, &basemap, CoordinateSystem::Wgs84);
        Data { catalogue, cache }
    }

    /// Whether the plan, with `layers`, draws something schematic on a 900×700 map at
    /// `zoom` centred on `centre`.
    fn schematic(data: &Data, layers: &[LayerSetting], zoom: f64, centre: [f64; 2]) -> bool {
        let describe = |_: usize| String::new();
        let view = PlanLayerView {
            catalogue: &data.catalogue,
            cache: &data.cache,
            layers,
            selected: None,
            highlighted: &[],
            chinese: true,
            schematic: "（示意）",
            describe: &describe,
        };
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(900.0, 700.0));
        view.schematic_in_view(&ScreenFromMercator::new(zoom, centre, rect.center()), rect)
    }

    #[test]
    fn schematic_plan_items_count_only_in_visible_layers_with_some_opacity() {
        let data = data();
        let city = (8.0, [122.2, 39.4]);
        let mut layers = default_layers();
        assert!(schematic(&data, &layers, city.0, city.1));

        // Only the layout (its zones are schematic areas) shown.
        for l in &mut layers {
            l.visible = l.layer == Layer::Layout;
        }
        assert!(schematic(&data, &layers, city.0, city.1));

        for l in &mut layers {
            l.visible = true;
            l.opacity = 0.0;
        }
        assert!(!schematic(&data, &layers, city.0, city.1), "faded to nothing");

        for l in &mut layers {
            l.visible = false;
            l.opacity = 1.0;
        }
        assert!(!schematic(&data, &layers, city.0, city.1), "all hidden");
    }

    /// The plan legend's texts for a 900×700 map at `zoom` on `centre` (`None`: unfiltered).
    fn legend(data: &Data, view_at: Option<(f64, [f64; 2])>) -> Vec<String> {
        let describe = |_: usize| String::new();
        let layers = default_layers();
        let view = PlanLayerView {
            catalogue: &data.catalogue,
            cache: &data.cache,
            layers: &layers,
            selected: None,
            highlighted: &[],
            chinese: true,
            schematic: "（示意）",
            describe: &describe,
        };
        let texts = LegendTexts {
            approximate: "approximate".into(),
            district: "district".into(),
        };
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(900.0, 700.0));
        let to_screen = view_at.map(|(zoom, centre)| ScreenFromMercator::new(zoom, centre, rect.center()));
        plan_legend(&view, &texts, to_screen.as_ref().map(|t| (t, rect)))
            .into_iter()
            .map(|r| r.text)
            .collect()
    }

    #[test]
    fn the_legend_lists_only_what_reaches_into_the_view() {
        let data = data();
        let all = legend(&data, None);
        assert_eq!(
            legend(&data, Some((8.0, [122.2, 39.4]))),
            all,
            "the whole city shows everything"
        );
        let centre_city = legend(&data, Some((14.0, [121.64, 38.92])));
        assert!(
            !centre_city.is_empty() && centre_city.len() < all.len(),
            "{centre_city:?} of {all:?}"
        );
        assert!(centre_city.iter().all(|r| all.contains(r)));
        // Open sea east of the islands: nothing of the plan there.
        assert_eq!(legend(&data, Some((13.0, [123.4, 38.7]))), Vec::<String>::new());
    }

    #[test]
    fn schematic_plan_items_far_from_the_viewport_do_not_count() {
        let data = data();
        assert!(!schematic(&data, &default_layers(), 13.0, [123.4, 38.7]));
    }
}
