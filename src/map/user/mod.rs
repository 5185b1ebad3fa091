//! Imported GeoJSON layers (issue 5) on the map.
//!
//! [`UserLayerCache`] projects, simplifies and triangulates every feature of every user
//! layer once and resolves each feature's style and label; [`paint_user_layers`] only
//! maps cached vertices to the screen and returns the label candidates for the shared
//! label placer ([`super::labels`]). [`user_feature_at`] hit-tests, [`user_legend`]
//! builds the legend rows and [`user_feature_tooltip`] the hover text — the same
//! pattern as the plan layers ([`super::plan`]).
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
//!
//! # Files
//!
//! By job: `cache` prepares (projects, simplifies, triangulates and styles, on worker
//! threads for big layers), `index` keeps each layer's features in an R-tree so that
//! `paint` (which draws) culls and `hit` (which finds the feature under the pointer)
//! picks at the cost of what is on screen or near the pointer, and `legend` lists the
//! layers' rows. Styles, categories and tooltips are
//! [`crate::symbology`]'s.

mod background;
mod cache;
mod clusters;
mod hit;
mod index;
mod legend;
mod paint;
#[cfg(test)]
mod pick_tests;
pub mod pyramid;
pub mod raster;
mod thin_stroke;

use egui::Pos2;

use crate::map::lod::ScreenFromMercator;
use crate::model::ProjectLayer;
pub use crate::model::user_layer::LayerKey;
pub use crate::symbology::categories::{
    CATEGORY_PALETTE, MAX_CATEGORIES, OTHER_COLOUR, OTHER_TEXT, categories_of, format_value,
};
pub use crate::symbology::simplestyle::{
    DEFAULT_FILL_OPACITY, DEFAULT_STROKE_WIDTH, MARKER_RADII, MAX_STROKE_WIDTH, UserFeatureStyle, parse_colour,
    resolve_style,
};
pub use crate::symbology::tooltip::{TOOLTIP_PROPERTIES, user_feature_tooltip};
pub use background::{
    BackgroundRaster, MARGIN_PT, POINT_WEIGHT, RASTER_FROM_VERTICES, RasterKey, ShownRaster, raster_now, wants_raster,
};
pub use cache::{CachedFeature, CachedLayer, CachedLine, SPARE_LAYERS, UserLayerCache};
pub use hit::user_feature_at;
pub use index::FeatureIndex;
pub use legend::user_legend;
pub use paint::paint_user_layers;

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
    /// How big layers are drawn.
    pub big: BigLayers<'a>,
}

impl<'a> UserLayersView<'a> {
    /// `layers` (and their `cache`) with their own visibility, nothing selected, every
    /// layer painted as shapes; set the other members for more.
    pub fn new(cache: &'a UserLayerCache, layers: &'a [ProjectLayer]) -> UserLayersView<'a> {
        UserLayersView {
            cache,
            layers,
            selected: None,
            visible: None,
            big: BigLayers::Shapes,
        }
    }
}

/// How [`paint_user_layers`] draws layers whose visible positions number at least
/// [`RASTER_FROM_VERTICES`] (smaller ones are always painted as shapes).
#[derive(Clone, Copy, Debug)]
pub enum BigLayers<'a> {
    /// As shapes, like small ones (the old path: its cost grows with the data).
    Shapes,
    /// The window: the image drawn in the background by [`BackgroundRaster`], if one is
    /// ready (until then only the selected feature).
    Background(Option<&'a ShownRaster>),
    /// Map images: drawn into an image now, on this thread, as the window's worker does.
    DrawNow,
}

/// Visible layers with their cache entries and opacity, bottom first.
fn drawn_layers<'a>(view: &UserLayersView<'a>) -> Vec<(usize, &'a std::sync::Arc<CachedLayer>, f32)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coords::CoordinateSystem;
    use crate::map::labels::LabelAnchor;
    use crate::map::lod::MercatorBox;
    use crate::map::lod::mercator_from_lon_lat;
    use crate::model::{Rgb, UserFeature, UserLayer};
    use crate::symbology::Rgba8;
    use crate::symbology::plan::LegendSymbol;
    use egui::{Rect, Vec2, pos2};
    use geo::{Geometry, GeometryCollection, LineString, MultiPoint, Point, polygon};
    use serde_json::Map;
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
            properties: props(properties).into(),
        }
    }

    fn layer(name: &str, features: Vec<UserFeature>) -> ProjectLayer {
        ProjectLayer::new(UserLayer {
            read_as: None,
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
        assert_eq!(
            gc.lines[0].bands.band_count(),
            1,
            "a 3-vertex line is the same in every band: one kept"
        );
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
            big: BigLayers::Shapes,
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
            big: BigLayers::Shapes,
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
            big: BigLayers::Shapes,
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
        l.layer.features[0].properties.insert("g", json!("x"));
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
            .insert("marker-symbol", json!("A"));
        let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
        let view = UserLayersView {
            cache: &cache,
            layers: &layers,
            selected: Some((1, 1)),
            visible: None,
            big: BigLayers::Shapes,
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
