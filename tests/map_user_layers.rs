//! Imported GeoJSON on the map (issue 5), end to end: a small file imported with
//! `import_geojson_str`, cached, hit-tested, put in the legend and described in a
//! tooltip, with its simplestyle properties, labels and categorised colours honoured.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::io::{ImportOptions, import_geojson_str};
use dalian_atlas::map::lod::{ScreenFromMercator, mercator_from_lon_lat};
use dalian_atlas::map::plan::LegendSymbol;
use dalian_atlas::map::user::{
    BigLayers, CATEGORY_PALETTE, MARKER_RADII, OTHER_COLOUR, OTHER_TEXT, UserGeometryKind, UserLayerCache,
    UserLayersView, user_feature_at, user_feature_tooltip, user_legend,
};
use dalian_atlas::model::ProjectLayer;
use dalian_atlas::symbology::Rgba8;
use egui::{Pos2, Vec2, pos2};

/// Two ports (one styled by simplestyle), a road, a district with a hole, a two-part
/// park, a collection and a feature without geometry, around central Dalian.
const SITES: &str = r##"{
  "type": "FeatureCollection",
  "name": "规划点位",
  "features": [
    {"type": "Feature", "id": "p1",
     "properties": {"name": "大连港", "kind": "港口", "berths": 12, "marker-color": "#d7301f", "marker-size": "large", "marker-symbol": "p"},
     "geometry": {"type": "Point", "coordinates": [121.66, 38.93]}},
    {"type": "Feature",
     "properties": {"name": "旅顺港", "kind": "港口", "berths": 4.5},
     "geometry": {"type": "MultiPoint", "coordinates": [[121.25, 38.80], [121.26, 38.81]]}},
    {"type": "Feature",
     "properties": {"name": "东北快速路", "kind": "道路", "stroke": "#00f", "stroke-width": 3},
     "geometry": {"type": "LineString", "coordinates": [[121.55, 38.95], [121.60, 38.96], [121.65, 38.95]]}},
    {"type": "Feature",
     "properties": {"name": "中山区", "kind": "城区", "fill-opacity": 0.1},
     "geometry": {"type": "Polygon", "coordinates": [
       [[121.60, 38.88], [121.70, 38.88], [121.70, 38.94], [121.60, 38.94], [121.60, 38.88]],
       [[121.62, 38.90], [121.64, 38.90], [121.64, 38.92], [121.62, 38.92], [121.62, 38.90]]]}},
    {"type": "Feature",
     "properties": {"name": "软件园", "kind": "园区"},
     "geometry": {"type": "MultiPolygon", "coordinates": [
       [[[121.52, 38.87], [121.54, 38.87], [121.54, 38.89], [121.52, 38.89], [121.52, 38.87]]],
       [[[121.625, 38.905], [121.635, 38.905], [121.635, 38.915], [121.625, 38.915], [121.625, 38.905]]]]}},
    {"type": "Feature",
     "properties": {"title": "混合要素"},
     "geometry": {"type": "GeometryCollection", "geometries": [
       {"type": "Point", "coordinates": [121.40, 38.85]},
       {"type": "LineString", "coordinates": [[121.40, 38.85], [121.45, 38.86]]}]}},
    {"type": "Feature", "properties": {"name": "未定位"}, "geometry": null}
  ]
}"##;

fn imported() -> ProjectLayer {
    let layer = import_geojson_str("sites.geojson", SITES, &ImportOptions::default()).expect("the fixture imports");
    ProjectLayer::new(layer)
}

fn to_screen() -> ScreenFromMercator {
    ScreenFromMercator::new(12.0, [121.6, 38.9], pos2(600.0, 400.0))
}

fn at(t: &ScreenFromMercator, lon_lat: [f64; 2]) -> Pos2 {
    t.apply(mercator_from_lon_lat(lon_lat))
}

#[test]
fn every_feature_with_geometry_is_cached_with_its_own_simplestyle() {
    let layers = vec![imported()];
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let c = &cache.layers[0];
    assert_eq!(c.feature_count, 7);
    let indices: Vec<usize> = c.features.iter().map(|f| f.index).collect();
    assert_eq!(
        indices,
        vec![0, 1, 2, 3, 4, 5],
        "the feature without geometry is skipped"
    );
    let port = &c.features[0];
    assert_eq!(port.style.marker_colour, Rgba8::rgb(0xd7, 0x30, 0x1f));
    assert_eq!(port.style.marker_radius, MARKER_RADII[2]);
    assert_eq!(port.style.marker_symbol, Some('p'));
    assert_eq!(c.features[1].points.len(), 2);
    assert_eq!(c.features[2].style.stroke, Rgba8::rgb(0, 0, 0xff));
    assert_eq!(c.features[2].style.stroke_width, 3.0);
    assert_eq!(c.features[3].style.fill_opacity, 0.1);
    let district = c.features[3].polygon.as_ref().expect("a polygon");
    let finest = district.bands.last().expect("bands");
    assert_eq!(finest.rings.len(), 2, "exterior and hole");
    assert_eq!(finest.vertices.len(), 8);
    let park = c.features[4].polygon.as_ref().expect("a multipolygon");
    assert_eq!(park.bands.last().expect("bands").rings.len(), 2, "both parts");
    let mixed = &c.features[5];
    assert_eq!((mixed.points.len(), mixed.lines.len()), (1, 1));
    assert_eq!(mixed.label_anchor.map(|a| a.1), Some(UserGeometryKind::Line));
    let west = mercator_from_lon_lat([121.25, 38.80]);
    assert!((c.features[1].bbox.min[0] - west[0]).abs() < 1e-12);
}

#[test]
fn the_pointer_finds_points_then_lines_then_the_smallest_area() {
    let layers = vec![imported()];
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let view = UserLayersView {
        cache: &cache,
        layers: &layers,
        selected: None,
        visible: None,
        big: BigLayers::Shapes,
    };
    let t = to_screen();
    let hit = |lon_lat: [f64; 2], nudge: Vec2| user_feature_at(&view, &t, at(&t, lon_lat) + nudge);
    assert_eq!(
        hit([121.66, 38.93], Vec2::new(7.0, 7.0)),
        Some((0, 0)),
        "inside the large marker"
    );
    assert_eq!(
        hit([121.26, 38.81], Vec2::ZERO),
        Some((0, 1)),
        "the second point of a MultiPoint"
    );
    assert_eq!(hit([121.60, 38.96], Vec2::new(0.0, 5.0)), Some((0, 2)), "near the road");
    assert_eq!(hit([121.65, 38.91], Vec2::ZERO), Some((0, 3)), "the district");
    assert_eq!(
        hit([121.63, 38.91], Vec2::ZERO),
        Some((0, 4)),
        "the park part in the district's hole"
    );
    assert_eq!(hit([121.621, 38.901], Vec2::ZERO), None, "the hole outside the park");
    assert_eq!(
        hit([121.42, 38.855], Vec2::new(0.0, 3.0)),
        Some((0, 5)),
        "the collection's line"
    );
    assert_eq!(hit([121.0, 38.5], Vec2::ZERO), None);
}

#[test]
fn the_legend_has_one_row_per_layer_or_per_category() {
    let mut layer = imported();
    let single = vec![layer.clone()];
    let cache = UserLayerCache::new(&single, CoordinateSystem::Wgs84);
    let view = UserLayersView {
        cache: &cache,
        layers: &single,
        selected: None,
        visible: None,
        big: BigLayers::Shapes,
    };
    let rows = user_legend(&view);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].text, "规划点位");
    assert!(
        matches!(rows[0].symbol, LegendSymbol::Area { .. }),
        "{:?}",
        rows[0].symbol
    );

    layer.style.colour_property = Some("kind".into());
    let categorised = vec![layer];
    let cache = UserLayerCache::new(&categorised, CoordinateSystem::Wgs84);
    let view = UserLayersView {
        cache: &cache,
        layers: &categorised,
        selected: None,
        visible: None,
        big: BigLayers::Shapes,
    };
    let rows = user_legend(&view);
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let other = format!("规划点位 · {OTHER_TEXT}");
    assert_eq!(
        texts,
        vec![
            "规划点位 · 园区",
            "规划点位 · 城区",
            "规划点位 · 港口",
            "规划点位 · 道路",
            other.as_str()
        ]
    );
    let colours: Vec<Rgba8> = rows
        .iter()
        .map(|r| match r.symbol {
            LegendSymbol::Area { color, .. } => color,
            _ => Rgba8::TRANSPARENT,
        })
        .collect();
    assert_eq!(&colours[..4], &CATEGORY_PALETTE[..4]);
    assert_eq!(colours[4], OTHER_COLOUR, "the collection has no kind");
    let park = &cache.layers[0].features[4];
    assert_eq!(park.style.fill, CATEGORY_PALETTE[0]);
}

#[test]
fn labels_and_tooltips_use_the_chosen_property() {
    let mut layer = imported();
    layer.style.label_property = Some("berths".into());
    let layers = vec![layer];
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let labels: Vec<Option<&str>> = cache.layers[0].features.iter().map(|f| f.label.as_deref()).collect();
    assert_eq!(labels, vec![Some("12"), Some("4.5"), None, None, None, None]);
    assert_eq!(
        user_feature_tooltip(&layers, 0, 0),
        "12\nkind: 港口\nname: 大连港",
        "simplestyle keys are left out"
    );
    assert_eq!(user_feature_tooltip(&layers, 0, 5), "混合要素");
    assert_eq!(user_feature_tooltip(&layers, 0, 6), "未定位");
}
