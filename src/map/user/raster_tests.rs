//! Tests of the background drawing of big layers (`raster.rs`, `background.rs`).

use std::time::{Duration, Instant};

use egui::{Rect, pos2, vec2};
use geo::{Geometry, LineString, MultiPoint, Point, Polygon, polygon};
use serde_json::{Map, Value, json};

use super::super::raster::{RasterLayer, placed_rect, rasterise, rasterise_in_strips};
use super::super::{BigLayers, UserLayerCache, UserLayersView};
use super::{BackgroundRaster, RASTER_FROM_VERTICES, key_for, wants_raster};
use crate::coords::CoordinateSystem;
use crate::map::lod::{ScreenFromMercator, mercator_from_lon_lat};
use crate::model::{ProjectLayer, UserFeature, UserLayer};

fn feature(geometry: Geometry<f64>, properties: Value) -> UserFeature {
    let properties = match properties {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    UserFeature {
        id: None,
        geometry,
        properties: properties.into(),
    }
}

fn layer(features: Vec<UserFeature>) -> ProjectLayer {
    ProjectLayer::new(UserLayer {
        read_as: None,
        name: "test".into(),
        source: None,
        foreign_members: Map::new(),
        features,
    })
}

const CENTRE: [f64; 2] = [121.6, 38.9];

fn view_at(zoom: f64) -> (ScreenFromMercator, Rect) {
    let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(400.0, 300.0));
    (ScreenFromMercator::new(zoom, CENTRE, rect.center()), rect)
}

/// The premultiplied RGBA of pixel (x, y).
fn pixel(image: &super::super::raster::Rasterised, x: usize, y: usize) -> [u8; 4] {
    let at = (y * image.size[0] + x) * 4;
    let p = &image.rgba_premultiplied[at..at + 4];
    [p[0], p[1], p[2], p[3]]
}

fn shapes() -> Vec<ProjectLayer> {
    let square: Polygon<f64> = polygon!(
        exterior: [
            (x: 121.58, y: 38.88), (x: 121.62, y: 38.88), (x: 121.62, y: 38.92), (x: 121.58, y: 38.92), (x: 121.58, y: 38.88),
        ],
        interiors: [[
            (x: 121.595, y: 38.895), (x: 121.605, y: 38.895), (x: 121.605, y: 38.905), (x: 121.595, y: 38.905), (x: 121.595, y: 38.895),
        ]],
    );
    vec![layer(vec![
        feature(
            Geometry::Polygon(square),
            json!({"fill": "#ff0000", "fill-opacity": 1, "stroke-width": 0, "name": "方块"}),
        ),
        feature(
            Geometry::LineString(LineString::from(vec![(121.55, 38.93), (121.65, 38.93)])),
            json!({"stroke": "#0000ff", "stroke-width": 4}),
        ),
        feature(
            Geometry::Point(Point::new(121.64, 38.875)),
            json!({"marker-color": "#00ff00"}),
        ),
    ])]
}

fn raster_layers(cache: &UserLayerCache) -> Vec<RasterLayer<'_>> {
    RasterLayer::every(cache)
}

#[test]
fn areas_lines_and_points_are_drawn_in_their_colours_where_they_lie_and_holes_stay_empty() {
    let mut layers = shapes();
    layers[0].style.label_property = Some("name".into());
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let (to_screen, rect) = view_at(12.0);
    let image = rasterise(&raster_layers(&cache), &to_screen, rect, 1.0);
    assert_eq!(image.size, [400, 300]);
    let at = |lon_lat: [f64; 2]| {
        let p = to_screen.apply(mercator_from_lon_lat(lon_lat));
        pixel(&image, p.x as usize, p.y as usize)
    };
    assert_eq!(at([121.585, 38.91]), [255, 0, 0, 255], "inside the ring: the fill");
    assert_eq!(at([121.60, 38.90]), [0, 0, 0, 0], "inside the hole: nothing");
    assert_eq!(at([121.60, 38.93]), [0, 0, 255, 255], "on the line: its stroke");
    assert_eq!(
        at([121.64, 38.875]),
        [0, 255, 0, 255],
        "the marker's centre: its colour"
    );
    assert_eq!(at([121.53, 38.87]), [0, 0, 0, 0], "elsewhere: transparent");
    assert_eq!(image.labels.len(), 1);
    assert_eq!(image.labels[0].candidate.text, "方块");
}

#[test]
fn strips_drawn_in_parallel_add_up_to_the_image_drawn_in_one_piece() {
    let layers = shapes();
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let (to_screen, rect) = view_at(12.5);
    let whole = rasterise_in_strips(&raster_layers(&cache), &to_screen, rect, 1.0, 1);
    let strips = rasterise_in_strips(&raster_layers(&cache), &to_screen, rect, 1.0, 7);
    assert_eq!(whole.size, strips.size);
    let differing = whole
        .rgba_premultiplied
        .iter()
        .zip(&strips.rgba_premultiplied)
        .filter(|(a, b)| a.abs_diff(**b) > 2)
        .count();
    assert!(
        differing * 1000 < whole.rgba_premultiplied.len(),
        "{differing} bytes differ"
    );
    assert!(whole.rgba_premultiplied.iter().any(|&b| b > 0), "something is drawn");
}

/// `n` labelled points with a marker letter on a grid about 3 km across.
fn dense_points(n: usize) -> ProjectLayer {
    let features = (0..n)
        .map(|k| {
            let lon = 121.585 + 0.03 * (k % 63) as f64 / 63.0;
            let lat = 38.885 + 0.03 * (k / 63) as f64 / 64.0;
            feature(
                Geometry::Point(Point::new(lon, lat)),
                json!({"name": format!("p{k}"), "marker-symbol": "a"}),
            )
        })
        .collect();
    let mut l = layer(features);
    l.style.label_property = Some("name".into());
    l
}

fn counts(image: &super::super::raster::Rasterised) -> Vec<usize> {
    image.symbols.iter().filter_map(|s| s.text.parse().ok()).collect()
}

#[test]
fn dense_points_are_drawn_as_clusters_whose_counts_add_up_and_split_as_the_map_zooms_in() {
    let cache = UserLayerCache::new(&[dense_points(4_000)], CoordinateSystem::Wgs84);
    let (city, rect) = view_at(12.0);
    let image = rasterise(&raster_layers(&cache), &city, rect, 1.0);
    let at_city = counts(&image);
    assert!(!at_city.is_empty() && at_city.iter().all(|&n| n > 1), "{at_city:?}");
    assert_eq!(at_city.iter().sum::<usize>(), 4_000, "every point is counted once");
    assert!(image.labels.is_empty(), "clustered points offer no labels");
    let (street, rect) = view_at(17.0);
    let image = rasterise(&raster_layers(&cache), &street, rect, 1.0);
    let at_street = counts(&image);
    assert!(at_street.is_empty(), "one point per cell at street zoom: {at_street:?}");
    assert!(
        image.symbols.iter().all(|s| s.text == "a"),
        "single markers keep their letter"
    );
    assert!(!image.labels.is_empty(), "single points are labelled");
}

#[test]
fn labels_are_thinned_to_one_per_cell() {
    let lines: Vec<UserFeature> = (0..4_000)
        .map(|k| {
            let lon = 121.585 + 0.03 * (k % 63) as f64 / 63.0;
            let lat = 38.885 + 0.03 * (k / 63) as f64 / 64.0;
            feature(
                Geometry::LineString(LineString::from(vec![(lon, lat), (lon + 0.003, lat)])),
                json!({"name": format!("l{k}")}),
            )
        })
        .collect();
    let mut l = layer(lines);
    l.style.label_property = Some("name".into());
    let cache = UserLayerCache::new(&[l], CoordinateSystem::Wgs84);
    let (to_screen, rect) = view_at(13.0);
    let image = rasterise(&raster_layers(&cache), &to_screen, rect, 1.0);
    let cells = (400.0 / super::super::raster::LABEL_CELL_PX[0]).ceil()
        * (300.0 / super::super::raster::LABEL_CELL_PX[1]).ceil();
    assert!(image.labels.len() > 10);
    assert!(image.labels.len() as f32 <= cells, "{} labels", image.labels.len());
}

#[test]
fn an_image_is_placed_where_its_geometry_lies_after_a_pan_and_a_zoom() {
    let (drawn, rect) = view_at(12.0);
    let panned = ScreenFromMercator::new(12.0, CENTRE, rect.center() + vec2(100.0, -40.0));
    let placed = placed_rect(&drawn, rect, &panned);
    assert!(
        (placed.min - (rect.min + vec2(100.0, -40.0))).length() < 1e-3,
        "{placed:?}"
    );
    let zoomed = ScreenFromMercator::new(13.0, CENTRE, rect.center());
    let placed = placed_rect(&drawn, rect, &zoomed);
    assert!((placed.width() - 800.0).abs() < 1e-3 && (placed.center() - rect.center()).length() < 1e-3);
}

/// One feature with `n` points spread around the centre.
fn big_layer(n: usize) -> Vec<ProjectLayer> {
    let points: Vec<Point<f64>> = (0..n)
        .map(|k| {
            let a = k as f64 * 0.618_034;
            Point::new(
                CENTRE[0] + 0.2 * (a.fract() - 0.5),
                CENTRE[1] + 0.15 * ((a * 7.3).fract() - 0.5),
            )
        })
        .collect();
    vec![layer(vec![feature(
        Geometry::MultiPoint(MultiPoint(points)),
        json!({}),
    )])]
}

#[test]
fn layers_below_the_threshold_are_painted_as_shapes_without_a_worker() {
    let layers = big_layer(1_000);
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let view = UserLayersView::new(&cache, &layers);
    assert!(!wants_raster(&view));
    let mut background = BackgroundRaster::default();
    let (to_screen, rect) = view_at(12.0);
    background.update(&egui::Context::default(), &view, &to_screen, rect);
    assert!(background.shown().is_none() && !background.is_drawing());
}

#[test]
fn after_a_pan_the_worker_draws_the_newest_view_and_its_image_equals_a_drawing_from_scratch() {
    let layers = big_layer(RASTER_FROM_VERTICES + 10);
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let view = UserLayersView::new(&cache, &layers);
    assert!(wants_raster(&view));
    let ctx = egui::Context::default();
    let mut background = BackgroundRaster::default();
    let (first, rect) = view_at(11.0);
    background.update(&ctx, &view, &first, rect);
    assert!(background.is_drawing());
    // The map is dragged while the first image is drawn: frames keep asking.
    let mut latest = first;
    let start = Instant::now();
    for step in 1..=5 {
        latest = ScreenFromMercator::new(11.0, CENTRE, rect.center() + vec2(30.0 * step as f32, 0.0));
        background.update(&ctx, &view, &latest, rect);
        std::thread::sleep(Duration::from_millis(5));
    }
    let wanted = key_for(&view, &latest, rect, ctx.pixels_per_point());
    while background.shown().is_none_or(|s| s.key != wanted) {
        assert!(start.elapsed() < Duration::from_secs(60), "the worker never finished");
        std::thread::sleep(Duration::from_millis(10));
        background.update(&ctx, &view, &latest, rect);
    }
    assert!(!background.is_drawing());
    let shown = background.shown().expect("an image");
    let scratch = rasterise(&raster_layers(&cache), &latest, wanted.rect, 1.0);
    assert_eq!(shown.image.size, scratch.size);
    let pixels: Vec<u8> = shown.image.pixels.iter().flat_map(|c| c.to_array()).collect();
    assert!(
        pixels == scratch.rgba_premultiplied,
        "the completed image is a from-scratch drawing"
    );
}

#[test]
fn a_big_layer_keeps_rings_without_triangles_and_its_polygons_are_hit_inside_the_ring_not_in_the_hole() {
    let mut layers = big_layer(RASTER_FROM_VERTICES);
    // Move the points away so that only the polygon lies under the pointer.
    if let Geometry::MultiPoint(points) = &mut layers[0].layer.features[0].geometry {
        for p in points.iter_mut() {
            *p = Point::new(p.x() + 1.0, p.y());
        }
    }
    layers[0].layer.features.extend(shapes()[0].layer.features.clone());
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let square = cache.layers[0].features[1].polygon.as_ref().expect("the square");
    assert!(square.bands.is_empty() && square.packed.is_some(), "no triangles");
    assert_eq!(square.rings_at(18.0).count(), 2, "the ring and its hole");
    let small = UserLayerCache::new(&shapes(), CoordinateSystem::Wgs84);
    let triangulated = small.layers[0].features[0].polygon.as_ref().expect("the square");
    assert!(
        (square.area - triangulated.area).abs() < 1e-15,
        "the same area either way"
    );
    let view = UserLayersView::new(&cache, &layers);
    let (to_screen, _) = view_at(13.0);
    let at = |lon_lat: [f64; 2]| to_screen.apply(mercator_from_lon_lat(lon_lat));
    assert_eq!(
        super::super::user_feature_at(&view, &to_screen, at([121.585, 38.91])),
        Some((0, 1))
    );
    assert_eq!(
        super::super::user_feature_at(&view, &to_screen, at([121.60, 38.90])),
        None
    );
}

#[test]
fn areas_drawn_as_specks_offer_no_label_and_do_once_they_are_drawn_larger() {
    let mut layers = shapes();
    layers[0].style.label_property = Some("name".into());
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let (city, rect) = view_at(6.0);
    let image = rasterise(&raster_layers(&cache), &city, rect, 1.0);
    assert!(image.labels.is_empty(), "a 4 km square is a speck at zoom 6");
    let (district, rect) = view_at(12.0);
    let image = rasterise(&raster_layers(&cache), &district, rect, 1.0);
    assert_eq!(image.labels.len(), 1);
}

#[test]
fn a_cluster_takes_the_colour_of_most_of_its_points_or_a_neutral_one_when_none_has_a_majority() {
    use super::super::clusters::{MIXED_COLOUR, clusters_of};
    let point = |colour: &str| {
        feature(
            Geometry::Point(Point::new(CENTRE[0], CENTRE[1])),
            json!({"marker-color": colour}),
        )
    };
    let (to_screen, rect) = view_at(12.0);
    let colour_of = |features: Vec<UserFeature>| {
        let cache = UserLayerCache::new(&[layer(features)], CoordinateSystem::Wgs84);
        let apply = |m: [f64; 2]| {
            let p = to_screen.apply(m);
            (p.x, p.y)
        };
        let all = clusters_of(
            &cache.layers[0],
            to_screen.zoom,
            &to_screen.mercator_box(rect),
            &apply,
            [400, 300],
            1.0,
        );
        assert_eq!(all.len(), 1);
        (all[0].count, all[0].colour)
    };
    let red = crate::symbology::Rgba8::rgb(0xff, 0, 0);
    let mostly_red = vec![point("#f00"), point("#f00"), point("#00f")];
    assert_eq!(colour_of(mostly_red), (3, red));
    let mixed = vec![point("#f00"), point("#0f0"), point("#00f"), point("#f00")];
    assert_eq!(colour_of(mixed), (4, MIXED_COLOUR), "two of four is no majority");
}

#[test]
fn the_legend_explains_clusters_only_when_big_layers_are_drawn_as_an_image() {
    let layers = big_layer(RASTER_FROM_VERTICES);
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let view = |big| UserLayersView {
        big,
        ..UserLayersView::new(&cache, &layers)
    };
    let texts = |big| -> Vec<String> {
        super::super::user_legend(&view(big))
            .into_iter()
            .map(|r| r.text)
            .collect()
    };
    let cluster_row = format!("test · {}", super::super::clusters::CLUSTER_TEXT);
    assert_eq!(
        texts(BigLayers::Background(None)),
        vec!["test".to_string(), cluster_row.clone()]
    );
    assert_eq!(texts(BigLayers::DrawNow), vec!["test".to_string(), cluster_row]);
    assert_eq!(texts(BigLayers::Shapes), vec!["test".to_string()]);
}
