//! The issue-14 table: frame, complete redraw, pick and preparation at 10 K, 100 K, 1 M
//! (and with `BIG=1` 10 M) vertices of points, lines and polygons at zoom 9, 12 and 15,
//! 1200×900, labels and category colours on, the old path beside the new. Printed as a
//! Markdown table when `TABLE=1`; timings are medians of repeated runs. `KINDS=points`
//! (or `lines`, `polygons`, comma-separated) limits it to those kinds.

use std::time::{Duration, Instant};

use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::map::lod::{PolygonPrep, ScreenFromMercator};
use dalian_atlas::map::user::pyramid::PointPyramid;
use dalian_atlas::map::user::raster::{RasterLayer, rasterise};
use dalian_atlas::map::user::{
    BigLayers, CachedLayer, MARGIN_PT, RASTER_FROM_VERTICES, UserLayerCache, UserLayersView, raster_now,
    user_feature_at,
};
use dalian_atlas::model::{ProjectLayer, UserLayerStyle};
use serde_json::json;

use super::synthetic::{SyntheticKind, synthetic_layer};

/// The median of `runs` timings of `f` (at least one), after one warm-up run.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 1.0 {
        format!("{ms:.3}")
    } else if ms < 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

const CATEGORIES: [&str; 5] = ["5G 基站", "数据中心", "产业园区", "工业互联网", "智慧港口"];

/// The views of the table: the municipality at 9, the centre at 12 and 15.
const VIEWS: [(f64, [f64; 2]); 3] = [(9.0, [121.85, 39.4]), (12.0, [121.62, 38.92]), (15.0, [121.62, 38.92])];

/// One frame of the map's user layers at a zoom and centre (the benchmark's `frame`).
pub type Frame = dyn Fn(&egui::Context, &UserLayersView, f64, [f64; 2]) -> usize;

pub fn print_size_table(frame: &Frame) {
    let big = std::env::var("BIG").is_ok();
    let sizes: &[usize] = if big {
        &[10_000, 100_000, 1_000_000, 10_000_000]
    } else {
        &[10_000, 100_000, 1_000_000]
    };
    let ctx = egui::Context::default();
    dalian_atlas::theme::install_fonts(&ctx);
    let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1200.0, 900.0));
    println!(
        "| kind | vertices | prepare old → new (ms) | zoom | frame old (ms) | frame new (ms) | complete without pyramid (ms) | complete new (ms) | pick max (ms) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    // `KINDS=points` (or lines, polygons, comma-separated) limits the table's rows.
    let kinds = std::env::var("KINDS").unwrap_or_default().to_lowercase();
    let mut notes = Vec::new();
    for kind in [SyntheticKind::Points, SyntheticKind::Lines, SyntheticKind::Polygons] {
        if !kinds.is_empty() && !kinds.contains(&format!("{kind:?}").to_lowercase()) {
            continue;
        }
        for &vertices in sizes {
            let mut layer = synthetic_layer(kind, vertices);
            for (k, f) in layer.features.iter_mut().enumerate() {
                f.properties.insert("name", json!(format!("要素 {k}")));
                f.properties.insert("category", json!(CATEGORIES[k % CATEGORIES.len()]));
            }
            let mut project_layer = ProjectLayer::new(layer);
            project_layer.style = UserLayerStyle {
                label_property: Some("name".into()),
                colour_property: Some("category".into()),
                ..UserLayerStyle::default()
            };
            let layers = vec![project_layer];
            let start = Instant::now();
            let mut cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
            let prepare_new = start.elapsed();
            if let Some(pyramid) = &cache.layers[0].point_pyramid {
                let took = median(1, || {
                    std::hint::black_box(PointPyramid::build(&cache.layers[0]));
                });
                notes.push(format!(
                    "{kind:?} {vertices}: point pyramid of levels 0–{}, {} cells, built in {} ms (part of “prepare”)",
                    pyramid.top(),
                    pyramid.cell_count(),
                    ms(took)
                ));
            }
            // The complete redraw before the point pyramid: points counted per view.
            let complete_old: Vec<Option<Duration>> = match std::sync::Arc::get_mut(&mut cache.layers[0]) {
                Some(cached) if cached.point_pyramid.is_some() && cached.drawing_weight() >= RASTER_FROM_VERTICES => {
                    let pyramid = cached.point_pyramid.take();
                    let times = VIEWS
                        .iter()
                        .map(|&(zoom, centre)| {
                            let to_screen = ScreenFromMercator::new(zoom, centre, rect.center());
                            let drawn = RasterLayer::every(&cache);
                            Some(median(3, || {
                                rasterise(&drawn, &to_screen, rect.expand(MARGIN_PT), 1.0);
                            }))
                        })
                        .collect();
                    if let Some(cached) = std::sync::Arc::get_mut(&mut cache.layers[0]) {
                        cached.point_pyramid = pyramid;
                    }
                    times
                }
                _ => vec![None; VIEWS.len()],
            };
            // The old path (triangles, shapes every frame) up to 1 M vertices.
            let old = (vertices <= 1_000_000).then(|| {
                let start = Instant::now();
                let cached = CachedLayer::build_prepared(&layers[0], CoordinateSystem::Wgs84, PolygonPrep::Triangles);
                let took = start.elapsed();
                let mut old = UserLayerCache::new(&[], CoordinateSystem::Wgs84);
                old.adopt(cached, CoordinateSystem::Wgs84);
                old.sync(&layers, CoordinateSystem::Wgs84);
                (old, took)
            });
            let prepare = match &old {
                Some((_, took)) => format!("{} → {}", ms(*took), ms(prepare_new)),
                None => format!("— → {}", ms(prepare_new)),
            };
            let view = UserLayersView::new(&cache, &layers);
            let is_big = cache.layers[0].drawing_weight() >= RASTER_FROM_VERTICES;
            for ((zoom, centre), complete_old) in VIEWS.into_iter().zip(complete_old) {
                let to_screen = ScreenFromMercator::new(zoom, centre, rect.center());
                let frame_old = old.as_ref().map(|(old_cache, _)| {
                    let shapes = UserLayersView {
                        cache: old_cache,
                        ..view
                    };
                    median(3, || {
                        frame(&ctx, &shapes, zoom, centre);
                    })
                });
                let (frame_new, complete) = if is_big {
                    let shown = raster_now(&ctx, &view, &to_screen, rect).expect("a big layer");
                    let image_view = UserLayersView {
                        big: BigLayers::Background(Some(&shown)),
                        ..view
                    };
                    let frame_new = median(20, || {
                        frame(&ctx, &image_view, zoom, centre);
                    });
                    let drawn = RasterLayer::every(&cache);
                    let complete = median(5, || {
                        rasterise(&drawn, &to_screen, rect.expand(MARGIN_PT), 1.0);
                    });
                    (frame_new, Some(complete))
                } else {
                    (
                        median(10, || {
                            frame(&ctx, &view, zoom, centre);
                        }),
                        None,
                    )
                };
                // The slowest of 200 pointers spread over the view.
                let pick = (0..200)
                    .map(|k| {
                        let at = rect.min + egui::vec2((k % 20) as f32 * 60.0 + 7.0, (k / 20) as f32 * 90.0 + 11.0);
                        median(3, || {
                            std::hint::black_box(user_feature_at(&view, &to_screen, at));
                        })
                    })
                    .max()
                    .unwrap_or_default();
                println!(
                    "| {kind:?} | {vertices} | {prepare} | {zoom} | {} | {} | {} | {} | {} |",
                    frame_old.map_or("—".into(), ms),
                    ms(frame_new),
                    complete_old.map_or("—".into(), ms),
                    complete.map_or("(in frame)".into(), ms),
                    ms(pick),
                );
            }
        }
    }
    for note in notes {
        println!("\n{note}");
    }
}
