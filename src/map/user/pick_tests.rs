//! Picking and culling through the layers' spatial index agree with testing every feature.

use egui::{Pos2, Rect, Vec2, pos2};
use geo::{Geometry, LineString, MultiPoint, Point, Polygon};
use serde_json::json;

use super::hit::user_feature_at_by_scan;
use super::index::Visible;
use super::*;
use crate::coords::CoordinateSystem;
use crate::map::lod::{MercatorBox, mercator_from_lon_lat};
use crate::model::{Properties, UserFeature, UserLayer};
use crate::test_rng::Lcg;

fn feature(geometry: Geometry<f64>, properties: serde_json::Value) -> UserFeature {
    UserFeature {
        id: None,
        geometry,
        properties: match properties {
            serde_json::Value::Object(m) => m.into(),
            _ => Properties::new(),
        },
    }
}

fn layer(name: &str, features: Vec<UserFeature>) -> ProjectLayer {
    ProjectLayer::new(UserLayer {
        read_as: None,
        name: name.into(),
        source: None,
        foreign_members: serde_json::Map::new(),
        features,
    })
}

/// A closed ring of `n` positions on a circle, counter-clockwise.
fn ring(centre: [f64; 2], radius: f64, n: usize) -> LineString<f64> {
    let mut coords: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let a = std::f64::consts::TAU * k as f64 / n as f64;
            (centre[0] + radius * a.cos(), centre[1] + radius * a.sin())
        })
        .collect();
    coords.push(coords[0]);
    LineString::from(coords)
}

fn screen_at(zoom: f64, centre: [f64; 2]) -> ScreenFromMercator {
    ScreenFromMercator::new(zoom, centre, pos2(600.0, 450.0))
}

fn screen_of(t: &ScreenFromMercator, lon_lat: [f64; 2]) -> Pos2 {
    t.apply(mercator_from_lon_lat(lon_lat))
}

#[test]
fn a_polygon_with_a_hole_is_hit_in_its_ring_and_not_in_its_hole() {
    let centre = [121.6, 38.9];
    let donut = Polygon::new(ring(centre, 0.02, 24), vec![ring(centre, 0.01, 16)]);
    let layers = vec![layer("donut", vec![feature(Geometry::Polygon(donut), json!({}))])];
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let view = UserLayersView::new(&cache, &layers);
    let t = screen_at(13.0, centre);
    let in_ring = screen_of(&t, [centre[0] + 0.015, centre[1]]);
    let in_hole = screen_of(&t, centre);
    let outside = screen_of(&t, [centre[0] + 0.03, centre[1]]);
    assert_eq!(user_feature_at(&view, &t, in_ring), Some((0, 0)));
    assert_eq!(user_feature_at(&view, &t, in_hole), None, "the hole is not the polygon");
    assert_eq!(user_feature_at(&view, &t, outside), None);
}

#[test]
fn among_many_overlapping_features_the_top_point_wins_then_the_smallest_area() {
    let centre = [121.6, 38.9];
    // Forty nested circles, the smallest in the middle of the list, and five points on
    // one spot in the bottom layer; the top layer has a point on that spot too, one
    // beside it and a circle round them all.
    let mut radii: Vec<f64> = (1..=40).map(|k| 0.001 * k as f64).collect();
    radii.swap(0, 20);
    let mut bottom: Vec<UserFeature> = radii
        .iter()
        .map(|&r| feature(Geometry::Polygon(Polygon::new(ring(centre, r, 32), vec![])), json!({})))
        .collect();
    let spot = [centre[0] + 0.0005, centre[1]];
    for _ in 0..5 {
        bottom.push(feature(Geometry::Point(Point::new(spot[0], spot[1])), json!({})));
    }
    let beside = [centre[0] - 0.0005, centre[1]];
    let top = vec![
        feature(Geometry::Point(Point::new(beside[0], beside[1])), json!({})),
        feature(
            Geometry::Polygon(Polygon::new(ring(centre, 0.05, 32), vec![])),
            json!({}),
        ),
        feature(Geometry::Point(Point::new(spot[0], spot[1])), json!({})),
    ];
    let layers = vec![layer("bottom", bottom), layer("top", top)];
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let view = UserLayersView::new(&cache, &layers);
    let t = screen_at(16.0, centre);
    assert_eq!(
        user_feature_at(&view, &t, screen_of(&t, spot)),
        Some((1, 2)),
        "the top layer's point"
    );
    let bottom_only = UserLayersView {
        cache: &cache,
        layers: &layers,
        selected: None,
        visible: Some(&[true, false]),
        big: BigLayers::Shapes,
    };
    assert_eq!(
        user_feature_at(&bottom_only, &t, screen_of(&t, spot)),
        Some((0, 44)),
        "of five points on one spot, the one drawn last"
    );
    assert_eq!(user_feature_at(&view, &t, screen_of(&t, beside)), Some((1, 0)));
    let off_points = screen_of(&t, centre) + Vec2::new(0.0, 30.0);
    assert_eq!(
        user_feature_at(&view, &t, off_points),
        Some((0, 20)),
        "the smallest circle, whatever its layer or place in the file"
    );
    let far = screen_of(&t, [centre[0] + 0.045, centre[1]]);
    assert_eq!(
        user_feature_at(&view, &t, far),
        Some((1, 1)),
        "only the top layer's big circle"
    );
}

/// 100 000 features around Dalian's centre — points, multipoints spread wide, lines,
/// polygons, a quarter of them with a hole, and multipolygons — in two layers.
fn generated_layers() -> Vec<ProjectLayer> {
    let mut rng = Lcg(14);
    let mut make = |count: usize| -> Vec<UserFeature> {
        (0..count)
            .map(|k| {
                let c = [121.5 + 0.2 * rng.next(), 38.85 + 0.15 * rng.next()];
                let geometry = match k % 6 {
                    0 | 1 => Geometry::Point(Point::new(c[0], c[1])),
                    2 => Geometry::MultiPoint(MultiPoint::from(vec![
                        (c[0], c[1]),
                        (c[0] + 0.05 * (rng.next() - 0.5), c[1] + 0.05 * (rng.next() - 0.5)),
                    ])),
                    3 => {
                        let mut p = c;
                        let coords: Vec<(f64, f64)> = (0..8)
                            .map(|_| {
                                p = [p[0] + 0.001 * (rng.next() - 0.3), p[1] + 0.001 * (rng.next() - 0.5)];
                                (p[0], p[1])
                            })
                            .collect();
                        Geometry::LineString(LineString::from(coords))
                    }
                    4 => {
                        let r = 0.0005 + 0.002 * rng.next();
                        let holes = if k % 4 == 0 { vec![ring(c, r / 2.0, 8)] } else { vec![] };
                        Geometry::Polygon(Polygon::new(ring(c, r, 12), holes))
                    }
                    _ => Geometry::MultiPolygon(geo::MultiPolygon(vec![
                        Polygon::new(ring(c, 0.0008, 6), vec![]),
                        Polygon::new(ring([c[0] + 0.003, c[1]], 0.0005, 6), vec![]),
                    ])),
                };
                let mut properties = json!({});
                if k % 7 == 0 {
                    properties = json!({"marker-size": "large", "stroke-width": 20});
                }
                feature(geometry, properties)
            })
            .collect()
    };
    vec![layer("a", make(60_000)), layer("b", make(40_000))]
}

#[test]
fn the_index_picks_what_testing_every_feature_picks_in_a_layer_of_100_000_features() {
    let layers = generated_layers();
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    assert_eq!(cache.layers[0].index.len(), 60_000);
    let view = UserLayersView::new(&cache, &layers);
    let mut rng = Lcg(7);
    let (mut hits, mut kinds) = (0, [0usize; 3]);
    for k in 0..1_000 {
        let zoom = [11.0, 13.5, 15.0, 17.0][k % 4];
        let centre = [121.52 + 0.16 * rng.next(), 38.87 + 0.11 * rng.next()];
        let t = screen_at(zoom, centre);
        let pointer = pos2(1200.0 * rng.next() as f32, 900.0 * rng.next() as f32);
        let by_index = user_feature_at(&view, &t, pointer);
        assert_eq!(
            by_index,
            user_feature_at_by_scan(&view, &t, pointer),
            "pointer {pointer:?} at zoom {zoom} around {centre:?}"
        );
        if let Some((l, f)) = by_index {
            hits += 1;
            let kind = match layers[l].layer.features[f].geometry {
                Geometry::Point(_) | Geometry::MultiPoint(_) => 0,
                Geometry::LineString(_) => 1,
                _ => 2,
            };
            kinds[kind] += 1;
        }
    }
    println!("{hits} hits, by kind {kinds:?}");
    assert!(hits > 300, "most pointers should hit something: {hits} did");
    assert!(
        kinds.iter().all(|&n| n > 20),
        "points, lines and areas all hit: {kinds:?}"
    );
}

#[test]
fn culling_by_the_index_keeps_every_feature_a_full_scan_would_draw_in_drawing_order() {
    let layers = generated_layers();
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let mut rng = Lcg(3);
    let mut saw_all = false;
    for k in 0..60 {
        let zoom = [9.0, 12.0, 14.0, 16.0, 18.0][k % 5];
        let centre = [121.45 + 0.3 * rng.next(), 38.8 + 0.25 * rng.next()];
        let t = screen_at(zoom, centre);
        let visible_box = t.mercator_box(Rect::from_min_size(Pos2::ZERO, Vec2::new(1200.0, 900.0)).expand(20.0));
        for c in &cache.layers {
            let visible = c.index.visible(&visible_box);
            saw_all |= matches!(visible, Visible::All);
            let culled: Vec<usize> = visible.features(&c.features).map(|f| f.index).collect();
            assert!(culled.windows(2).all(|w| w[0] < w[1]), "drawing order, each once");
            // Some part of the feature, or its label anchor, is in the box.
            let drawn_by = |f: &CachedFeature| {
                let inside = |m: [f64; 2]| MercatorBox { min: m, max: m }.intersects(&visible_box);
                f.polygon.as_ref().is_some_and(|p| p.bbox.intersects(&visible_box))
                    || f.lines.iter().any(|l| l.bbox.intersects(&visible_box))
                    || f.points.iter().any(|&m| inside(m))
                    || f.label_anchor.is_some_and(|(m, _)| inside(m))
            };
            let scanned: Vec<usize> = c.features.iter().filter(|f| drawn_by(f)).map(|f| f.index).collect();
            let kept: Vec<usize> = visible
                .features(&c.features)
                .filter(|f| drawn_by(f))
                .map(|f| f.index)
                .collect();
            assert_eq!(kept, scanned, "zoom {zoom} around {centre:?}");
            if zoom >= 16.0 {
                assert!(culled.len() < c.features.len() / 10, "a close view culls most features");
            }
        }
    }
    assert!(saw_all, "a city view keeps the whole layer without asking the index");
}

#[test]
fn the_index_costs_at_most_64_bytes_per_entry_one_entry_per_feature_or_multipoint_point() {
    let layers = generated_layers();
    let cache = UserLayerCache::new(&layers[1..], CoordinateSystem::Wgs84);
    let index = &cache.layers[0].index;
    let features = &cache.layers[0].features;
    let multipoint_points: usize = features
        .iter()
        .filter(|f| f.points.len() > 1 && f.lines.is_empty() && f.polygon.is_none())
        .map(|f| f.points.len())
        .sum();
    let multipoints = features.iter().filter(|f| f.points.len() > 1).count();
    assert!(multipoints > 1_000, "the layer has MultiPoints: {multipoints}");
    assert_eq!(index.entries(), features.len() - multipoints + multipoint_points);
    let per_entry = index.bytes() as f64 / index.entries() as f64;
    println!(
        "index: {per_entry:.1} bytes per entry, {:.1} per feature",
        index.bytes() as f64 / index.len() as f64
    );
    assert!(per_entry <= 64.0, "{per_entry} bytes per entry");
    assert!(
        per_entry >= 40.0,
        "a box of four f64 and two u32 cannot take less: {per_entry}"
    );
}

/// What painting `view` at `to_screen` on a 1200×900 map produces: the shapes and the
/// label candidates, with each layer culled by `cull`.
fn painted(
    view: &UserLayersView,
    to_screen: &ScreenFromMercator,
    cull: impl Fn(&CachedLayer, &MercatorBox) -> Visible,
) -> (Vec<egui::epaint::ClippedShape>, Vec<crate::map::labels::LabelCandidate>) {
    let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(1200.0, 900.0));
    let ctx = egui::Context::default();
    let mut labels = Vec::new();
    let mut output = ctx.run_pass(egui::RawInput::default(), |ctx| {
        let painter = ctx.layer_painter(egui::LayerId::background());
        labels = super::paint::paint_culled(&painter, view, to_screen, rect, &cull);
    });
    // The font atlas was never uploaded; there is no renderer to hand it to.
    output.textures_delta.clear();
    (output.shapes, labels)
}

#[test]
fn painting_with_the_index_draws_exactly_what_painting_every_feature_draws() {
    let mut layers = generated_layers();
    for l in &mut layers {
        l.style.label_property = Some("marker-size".into());
    }
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let selected = cache.layers[1].features[123].index;
    let view = UserLayersView {
        cache: &cache,
        layers: &layers,
        selected: Some((1, selected)),
        visible: None,
        big: BigLayers::Shapes,
    };
    let mut rng = Lcg(11);
    let mut shapes_seen = 0;
    for zoom in [12.5, 14.0, 15.5, 17.0] {
        let centre = [121.52 + 0.16 * rng.next(), 38.87 + 0.11 * rng.next()];
        let t = screen_at(zoom, centre);
        let by_index = painted(&view, &t, |layer, visible_box| layer.index.visible(visible_box));
        let by_scan = painted(&view, &t, |_, _| Visible::All);
        assert_eq!(by_index.0.len(), by_scan.0.len(), "zoom {zoom} around {centre:?}");
        assert!(
            by_index.0 == by_scan.0,
            "the same shapes at zoom {zoom} around {centre:?}"
        );
        assert_eq!(
            by_index.1, by_scan.1,
            "the same labels at zoom {zoom} around {centre:?}"
        );
        shapes_seen += by_index.0.len();
    }
    assert!(shapes_seen > 100, "the views show something: {shapes_seen} shapes");
}

#[test]
fn a_multipoint_spread_over_the_city_is_picked_and_drawn_only_where_its_points_are() {
    let centre = [121.6, 38.9];
    // 40 × 40 points 0.025° apart around the centre, none within 0.01° of it.
    let grid: Vec<(f64, f64)> = (0..40)
        .flat_map(|i| (0..40).map(move |j| (121.1 + 0.025 * i as f64 + 0.0125, 38.4 + 0.025 * j as f64 + 0.0125)))
        .collect();
    let layers = vec![layer(
        "sites",
        vec![
            feature(
                Geometry::Polygon(Polygon::new(ring(centre, 0.005, 16), vec![])),
                json!({}),
            ),
            feature(Geometry::MultiPoint(MultiPoint::from(grid.clone())), json!({})),
        ],
    )];
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let index = &cache.layers[0].index;
    assert_eq!((index.len(), index.entries()), (2, 1 + grid.len()));
    let view = UserLayersView::new(&cache, &layers);
    let t = screen_at(15.0, centre);
    assert_eq!(
        user_feature_at(&view, &t, screen_of(&t, centre)),
        Some((0, 0)),
        "between its points"
    );
    let (lon, lat) = grid[17 * 40 + 21];
    assert_eq!(
        user_feature_at(&view, &t, screen_of(&t, [lon, lat])),
        Some((0, 1)),
        "on one"
    );
    let seen = |at: [f64; 2]| {
        let t = screen_at(16.0, at);
        let visible_box = t.mercator_box(Rect::from_min_size(Pos2::ZERO, Vec2::new(1200.0, 900.0)).expand(20.0));
        let visible = index.visible(&visible_box);
        visible
            .features(&cache.layers[0].features)
            .map(|f| f.index)
            .collect::<Vec<_>>()
    };
    assert_eq!(seen(centre), vec![0], "no point of it on screen");
    assert_eq!(seen([lon, lat]), vec![1], "one point on screen, the feature once");
}
