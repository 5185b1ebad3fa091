//! Imported GeoJSON layers on the map (issue 5): the one-off cost of preparing an
//! imported layer for drawing (projection, simplification, triangulation, style — done
//! off the UI thread after an import), and the per-frame cost of drawing it, incl.
//! egui's tessellation, at city and district zoom.
//!
//! The layer is the import benchmark's synthetic 20 MB FeatureCollection (see
//! `synthetic.rs`), about 25 000 points, lines and polygons spread over the municipality.
//!
//! `cargo bench --bench user_layers -- --warm-up-time 1 --measurement-time 5`
//!
//! `user_layer_pick` times hover/click picking (`user_feature_at`, through the layer's
//! spatial index) on generated layers (`synthetic_layer`) of points, lines and polygons
//! with 10 K, 100 K and 1 M vertices — and 10 M with `BIG=1` (several GB of memory and a
//! minute or more of preparation) — at zoom 9, 12 and 15:
//! `cargo bench --bench user_layers -- user_layer_pick --warm-up-time 1 --measurement-time 2`
//!
//! To see where a frame's time goes: `NOLABEL=1` leaves the labels off, `NOTESS=1`
//! skips egui's tessellation (the frame then only maps vertices and builds shapes).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

#[path = "tables/size_table.rs"]
mod size_table;
#[path = "synthetic.rs"]
mod synthetic;

use criterion::{Criterion, criterion_group, criterion_main};
use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::io::{ImportOptions, import_geojson_str};
use dalian_atlas::map::lod::{PolygonPrep, ScreenFromMercator};
use dalian_atlas::map::user::raster::{RasterLayer, rasterise};
use dalian_atlas::map::user::{
    BigLayers, CachedLayer, MARGIN_PT, UserLayerCache, UserLayersView, paint_user_layers, raster_now, user_feature_at,
};
use dalian_atlas::model::{ProjectLayer, UserLayerStyle};
use dalian_atlas::theme::install_fonts;
use synthetic::{SyntheticKind, synthetic_collection, synthetic_layer};

fn frame(ctx: &egui::Context, view: &UserLayersView, zoom: f64, centre: [f64; 2]) -> usize {
    let size = egui::vec2(1200.0, 900.0);
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| {
        let rect = ui.max_rect();
        let to_screen = ScreenFromMercator::new(zoom, centre, rect.center());
        let candidates = paint_user_layers(ui.painter(), view, &to_screen, rect);
        std::hint::black_box(candidates.len());
    });
    if std::env::var("NOTESS").is_ok() {
        return output.shapes.len();
    }
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

fn user_layers(c: &mut Criterion) {
    let text = synthetic_collection(20 << 20);
    let layer = import_geojson_str("synthetic.geojson", &text, &ImportOptions::default()).expect("imports");
    eprintln!(
        "synthetic layer: {:.1} MB of text, {} features",
        text.len() as f64 / 1e6,
        layer.features.len()
    );
    let mut project_layer = ProjectLayer::new(layer);
    let mut prepare = c.benchmark_group("user_layer_prepare_20MB");
    prepare.sample_size(10);
    // Old: polygons triangulated and simplified without self-intersections, as small
    // layers still are. New: a big layer's polygons as rings only.
    prepare.bench_function("triangles_old", |b| {
        b.iter(|| {
            CachedLayer::build_prepared(
                std::hint::black_box(&project_layer),
                CoordinateSystem::Wgs84,
                PolygonPrep::Triangles,
            )
        })
    });
    prepare.bench_function("rings_new", |b| {
        b.iter(|| CachedLayer::build(std::hint::black_box(&project_layer), CoordinateSystem::Wgs84, None))
    });
    prepare.finish();
    // Labels and category colours on, as a planner would set them.
    project_layer.style = UserLayerStyle {
        label_property: std::env::var("NOLABEL").is_err().then(|| "name".into()),
        colour_property: Some("category".into()),
        ..UserLayerStyle::default()
    };
    let layers = vec![project_layer];
    // The old path's cache: triangles, painted as shapes every frame.
    let mut shapes_cache = UserLayerCache::new(&[], CoordinateSystem::Wgs84);
    shapes_cache.adopt(
        CachedLayer::build_prepared(&layers[0], CoordinateSystem::Wgs84, PolygonPrep::Triangles),
        CoordinateSystem::Wgs84,
    );
    shapes_cache.sync(&layers, CoordinateSystem::Wgs84);
    let shapes = UserLayersView::new(&shapes_cache, &layers);
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let view = UserLayersView::new(&cache, &layers);
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1200.0, 900.0));
    let mut group = c.benchmark_group("user_layer_frame_20MB");
    group.sample_size(10);
    for (zoom, centre) in [(9.0, [122.2, 39.4]), (12.0, [121.62, 38.92]), (15.0, [121.62, 38.92])] {
        for _ in 0..2 {
            frame(&ctx, &shapes, zoom, centre);
        }
        group.bench_function(format!("zoom_{zoom}/shapes_old"), |b| {
            b.iter(|| frame(&ctx, &shapes, zoom, centre))
        });
        // New: the UI thread paints the image the worker drew, with its labels.
        let to_screen = ScreenFromMercator::new(zoom, centre, rect.center());
        let shown = raster_now(&ctx, &view, &to_screen, rect).expect("a big layer");
        let image_view = UserLayersView {
            big: BigLayers::Background(Some(&shown)),
            ..view
        };
        group.bench_function(format!("zoom_{zoom}/image_new"), |b| {
            b.iter(|| frame(&ctx, &image_view, zoom, centre))
        });
        // The worker's complete redraw of that view (image, labels, clusters).
        let drawn = RasterLayer::every(&cache);
        let image_rect = rect.expand(MARGIN_PT);
        group.bench_function(format!("zoom_{zoom}/complete_new"), |b| {
            b.iter(|| rasterise(&drawn, &to_screen, image_rect, 1.0))
        });
    }
    group.finish();
}

/// Pointer positions for picking: `n` deterministic views at `zoom` centred over the
/// generated layers' extent, each with a pointer somewhere on a 1200×900 window.
fn pick_pointers(zoom: f64, n: usize) -> Vec<(ScreenFromMercator, egui::Pos2)> {
    let mut state = 0x5EED_u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            let centre = [121.0 + 1.7 * next(), 38.8 + 1.2 * next()];
            let to_screen = ScreenFromMercator::new(zoom, centre, egui::pos2(600.0, 450.0));
            let pointer = egui::pos2(1200.0 * next() as f32, 900.0 * next() as f32);
            (to_screen, pointer)
        })
        .collect()
}

fn user_layer_pick(c: &mut Criterion) {
    let mut sizes = vec![10_000, 100_000, 1_000_000];
    if std::env::var("BIG").is_ok() {
        sizes.push(10_000_000);
    }
    let mut group = c.benchmark_group("user_layer_pick");
    for kind in [SyntheticKind::Points, SyntheticKind::Lines, SyntheticKind::Polygons] {
        for &vertices in &sizes {
            let layers = vec![ProjectLayer::new(synthetic_layer(kind, vertices))];
            let started = std::time::Instant::now();
            let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
            let index = &cache.layers[0].index;
            eprintln!(
                "{kind:?}, {vertices} vertices: {} features prepared in {:.2} s; index {:.1} bytes per feature",
                index.len(),
                started.elapsed().as_secs_f64(),
                index.bytes() as f64 / index.len().max(1) as f64
            );
            let view = UserLayersView::new(&cache, &layers);
            for zoom in [9.0, 12.0, 15.0] {
                let pointers = pick_pointers(zoom, 256);
                let hits = pointers
                    .iter()
                    .filter(|(t, p)| user_feature_at(&view, t, *p).is_some())
                    .count();
                eprintln!("  zoom {zoom}: {hits} of {} pointers hit a feature", pointers.len());
                let mut k = 0;
                group.bench_function(format!("{kind:?}_{vertices}_zoom_{zoom}"), |b| {
                    b.iter(|| {
                        k = (k + 1) % pointers.len();
                        let (to_screen, pointer) = &pointers[k];
                        user_feature_at(&view, to_screen, *pointer)
                    })
                });
            }
        }
    }
    group.finish();
}

/// The issue-14 table (see `size_table.rs`), printed with `TABLE=1` instead of the
/// criterion benchmarks' own reports.
fn size_table(_: &mut Criterion) {
    if std::env::var("TABLE").is_ok() {
        size_table::print_size_table(&frame);
    }
}

criterion_group!(benches, user_layers, user_layer_pick, size_table);
criterion_main!(benches);
