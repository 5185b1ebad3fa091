//! Tests of the point pyramid against counting the points in view.

use egui::{Rect, pos2, vec2};
use geo::{Geometry, Point};
use serde_json::{Map, json};

use super::super::UserLayerCache;
use super::super::clusters::{Cluster, clusters_of};
use super::{PointPyramid, cell_level};
use crate::coords::CoordinateSystem;
use crate::map::lod::ScreenFromMercator;
use crate::model::{ProjectLayer, UserFeature, UserLayer};

/// `n` points in five colours, denser towards the centre of Dalian, and a few far off.
fn points(n: usize) -> ProjectLayer {
    let colours = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00"];
    let features = (0..n)
        .map(|k| {
            // A deterministic spiral: radius grows with the square root of k.
            let t = k as f64;
            let r = 0.4 * (t / n as f64).sqrt() + if k % 97 == 0 { 1.5 } else { 0.0 };
            let (lon, lat) = (121.6 + r * (t * 2.399).cos(), 38.9 + 0.8 * r * (t * 2.399).sin());
            let mut properties = Map::new();
            properties.insert("marker-color".into(), json!(colours[(k * 7 / 3) % 5]));
            properties.insert("name".into(), json!(format!("点{k}")));
            UserFeature {
                id: None,
                geometry: Geometry::Point(Point::new(lon, lat)),
                properties: properties.into(),
            }
        })
        .collect();
    ProjectLayer::new(UserLayer {
        read_as: None,
        name: "points".into(),
        source: None,
        foreign_members: Map::new(),
        features,
    })
}

fn clusters(cache: &UserLayerCache, zoom: f64, centre: [f64; 2]) -> Vec<Cluster> {
    let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(1200.0, 900.0));
    let to_screen = ScreenFromMercator::new(zoom, centre, rect.center());
    let to_pixels = |m: [f64; 2]| {
        let p = to_screen.apply(m);
        (p.x, p.y)
    };
    clusters_of(
        &cache.layers[0],
        zoom,
        &to_screen.mercator_box(rect),
        &to_pixels,
        [1200, 900],
        1.0,
    )
}

#[test]
fn clusters_read_from_the_pyramid_equal_the_points_in_view_counted_afresh() {
    let layer = points(60_000);
    let cache = UserLayerCache::new(std::slice::from_ref(&layer), CoordinateSystem::Wgs84);
    let pyramid = cache.layers[0]
        .point_pyramid
        .clone()
        .expect("60 000 points have a pyramid");
    assert!(pyramid.top() >= 9, "levels up to {}", pyramid.top());
    assert!(pyramid.cell_count() <= 30_000, "{} cells", pyramid.cell_count());
    let mut without = (*cache.layers[0]).clone();
    without.point_pyramid = None;
    let mut afresh = cache.clone();
    afresh.layers = vec![std::sync::Arc::new(without)];
    for zoom in [3.0, 6.4, 8.6, 9.0, 10.2, f64::from(pyramid.top())] {
        for centre in [[121.6, 38.9], [121.2, 39.3], [122.3, 38.5]] {
            let (a, b) = (clusters(&cache, zoom, centre), clusters(&afresh, zoom, centre));
            assert_eq!(a.len(), b.len(), "zoom {zoom} at {centre:?}");
            for (a, b) in a.iter().zip(&b) {
                assert_eq!(
                    (a.count, a.colour, a.feature, a.mercator),
                    (b.count, b.colour, b.feature, b.mercator)
                );
                assert!((a.x - b.x).abs() < 1e-3 && (a.y - b.y).abs() < 1e-3, "{a:?} {b:?}");
            }
            if zoom == 9.0 && centre == [121.6, 38.9] {
                let total: usize = a.iter().map(|c| c.count).sum();
                assert!(total > 50_000, "the view holds most points: {total}");
                assert!(a.iter().any(|c| c.count > 1 && c.colour == super::MIXED_COLOUR));
            }
        }
    }
}

#[test]
fn a_pan_moves_the_clusters_with_the_map_instead_of_regrouping_them() {
    let cache = UserLayerCache::new(&[points(20_000)], CoordinateSystem::Wgs84);
    let keyed = |centre: [f64; 2]| -> Vec<(usize, [u64; 2])> {
        let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(1200.0, 900.0));
        let to_screen = ScreenFromMercator::new(11.0, centre, rect.center());
        clusters(&cache, 11.0, centre)
            .into_iter()
            .map(|c| {
                // Back to Mercator, rounded: where the disc stands on the map.
                let m = to_screen.mercator_of(pos2(c.x, c.y));
                (c.count, [(m[0] * 1e7).round() as u64, (m[1] * 1e7).round() as u64])
            })
            .collect()
    };
    let before = keyed([121.6, 38.9]);
    let after = keyed([121.61, 38.905]);
    let shared = after.iter().filter(|c| before.contains(c)).count();
    assert!(
        shared * 10 >= after.len() * 8,
        "{shared} of {} clusters stay put",
        after.len()
    );
}

#[test]
fn small_layers_have_no_pyramid_and_still_cluster_and_levels_follow_the_zoom() {
    let cache = UserLayerCache::new(&[points(500)], CoordinateSystem::Wgs84);
    assert!(cache.layers[0].point_pyramid.is_none());
    let near: usize = clusters(&cache, 12.0, [121.6, 38.9]).iter().map(|c| c.count).sum();
    assert!(near > 0, "counted afresh without a pyramid");
    assert_eq!(cell_level(11.49), 11);
    assert!(PointPyramid::default().cells_in(0, (0, 0), (1, 1)).is_none());
}

#[test]
fn a_new_label_keeps_the_pyramid_and_a_new_colour_counts_again() {
    let mut layers = vec![points(5_000)];
    for f in &mut layers[0].layer.features {
        f.properties.remove("marker-color");
    }
    let mut cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let before = cache.layers[0].point_pyramid.clone().expect("a pyramid");
    layers[0].style.label_property = Some("name".into());
    assert!(cache.restyle(&layers));
    let after_label = cache.layers[0].point_pyramid.clone().expect("a pyramid");
    assert!(
        std::sync::Arc::ptr_eq(&before, &after_label),
        "labels do not change counts"
    );
    // Another colour for the layer: every cluster takes it.
    layers[0].style.colour = crate::model::Rgb([0x12, 0x34, 0x56]);
    assert!(cache.restyle(&layers));
    let after_colour = cache.layers[0].point_pyramid.clone().expect("a pyramid");
    assert!(!std::sync::Arc::ptr_eq(&before, &after_colour));
    let colour = cache.layers[0].features[0].style.marker_colour;
    let all = clusters(&cache, 9.0, [121.6, 38.9]);
    assert!(!all.is_empty() && all.iter().all(|c| c.colour == colour));
}

#[test]
fn a_cluster_just_outside_the_image_is_kept_while_its_disc_reaches_in() {
    let cache = UserLayerCache::new(&[points(10)], CoordinateSystem::Wgs84);
    let layer = &cache.layers[0];
    let to_screen = ScreenFromMercator::new(16.0, [121.6, 38.9], pos2(600.0, 450.0));
    let m = layer.features[1].points[0];
    let at = to_screen.apply(m);
    let kept_with_centre_at = |x_px: f32| {
        // The image placed so that the point's centre lands at `x_px`.
        let to_pixels = |p: [f64; 2]| {
            let q = to_screen.apply(p);
            (q.x - at.x + x_px, q.y - at.y + 450.0)
        };
        let around = crate::map::lod::MercatorBox {
            min: [m[0] - 1e-4, m[1] - 1e-4],
            max: [m[0] + 1e-4, m[1] + 1e-4],
        };
        let all = clusters_of(layer, 16.0, &around, &to_pixels, [1200, 900], 1.0);
        all.iter().any(|c| c.feature == Some(1))
    };
    assert!(kept_with_centre_at(5.0));
    assert!(kept_with_centre_at(-5.0), "its disc still shows at the image's edge");
    assert!(!kept_with_centre_at(-40.0), "wholly outside");
}
