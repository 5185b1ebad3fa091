//! The plan's map layers — layout, parks and bases, 5G and digital infrastructure,
//! projects — drawn from the feature catalogue.
//!
//! [`PlanLayerCache`] projects and triangulates every placed feature once;
//! [`paint_plan_layers`] only maps cached vertices to the screen, in the user's layer
//! order and opacity, and returns the label candidates for the shared label placer.
//! Symbols say how well a position is known: a filled symbol is an approximate
//! position, a hollow one with a dotted ring only the district.
//!
//! By job: `cache` prepares the geometry, `paint` draws it, `hit` finds the feature
//! under the pointer and `legend` lists what is drawn. Styles and legend rows
//! are [`crate::symbology`]'s.

mod cache;
mod hit;
mod legend;
mod paint;

use egui::{Color32, Pos2, Rect, Vec2};

use super::lod::{MercatorBox, ScreenFromMercator};
use crate::basemap::Precision;
use crate::catalogue::Catalogue;
use crate::i18n::Lang;
use crate::model::LayerSetting;
use crate::symbology::Rgba8;
pub use crate::symbology::plan::{FeatureStyle, LegendRow, LegendSymbol, LegendTexts, Marker, feature_style};
pub use crate::symbology::status::StatusStyling;
pub use cache::{ItemGeometry, PlanItem, PlanLayerCache};
pub use hit::{distance_to_segment, plan_item_at};
pub use legend::{plan_legend, status_legend};
pub use paint::paint_plan_layers;

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
    /// Status styling (issue 15): features in their status colour, prepared when the
    /// evaluation or the toggle changes; `None`: the plan's own styling.
    pub status: Option<&'a StatusStyling>,
    /// Fill areas (`false` while a per-zone summary colours the map: areas are drawn as
    /// outlines, so the zones' colours read as their legend says).
    pub area_fills: bool,
}

/// Highlight colour of the features the focused plan element is about.
pub const HIGHLIGHT: Color32 = Color32::from_rgb(0xff, 0xb3, 0x00);
/// Outline of the selected feature.
pub const SELECTED: Color32 = Color32::from_rgb(0x0d, 0x47, 0xa1);

const MARKER_RADIUS: f32 = 6.0;

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

    /// The colour `item` is drawn in: its status colour in status styling, else its
    /// category's. A lookup in prepared data.
    pub fn colour_of(&self, item: &PlanItem) -> Rgba8 {
        self.status.map_or(item.style.color, |s| s.colour(item.index))
    }

    /// Whether `item` is drawn as 未设定 (status styling, no status): thin and unfilled.
    pub fn unset(&self, item: &PlanItem) -> bool {
        self.status.is_some_and(|s| s.status(item.index).is_none())
    }

    /// The hover text of the feature at catalogue `index`.
    pub fn tooltip(&self, index: usize) -> String {
        (self.describe)(index)
    }

    /// A map label: the name with its own qualifier (“轨道交通 · 地铁1号线”), not the
    /// category lists add (the symbol shows it).
    fn name(&self, index: usize) -> String {
        let lang = if self.chinese { Lang::Zh } else { Lang::En };
        self.catalogue
            .features
            .get(index)
            .map_or_else(String::new, |f| crate::symbology::names::qualified_name(lang, f))
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

/// The web-Mercator box of the feature at catalogue `index` (`None` when it is not
/// drawn): what a legend placed automatically keeps clear of.
pub fn item_mercator_box(cache: &PlanLayerCache, index: usize) -> Option<MercatorBox> {
    let item = cache.items.iter().find(|i| i.index == index)?;
    Some(match &item.geometry {
        ItemGeometry::Point { mercator, .. } => MercatorBox {
            min: *mercator,
            max: *mercator,
        },
        ItemGeometry::Line { bbox, .. } => *bbox,
        ItemGeometry::Area { polygon, .. } => polygon.bbox,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::Basemap;
    use crate::catalogue::{FeatureShapes, Layer};
    use crate::coords::CoordinateSystem;
    use crate::model::default_layers;
    use egui::vec2;

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
            area_fills: true,
            catalogue: &data.catalogue,
            cache: &data.cache,
            layers,
            selected: None,
            highlighted: &[],
            chinese: true,
            schematic: "（示意）",
            describe: &describe,
            status: None,
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
            area_fills: true,
            catalogue: &data.catalogue,
            cache: &data.cache,
            layers: &layers,
            selected: None,
            highlighted: &[],
            chinese: true,
            schematic: "（示意）",
            describe: &describe,
            status: None,
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
