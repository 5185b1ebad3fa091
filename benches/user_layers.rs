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
//! To see where a frame's time goes: `NOLABEL=1` leaves the labels off, `NOTESS=1`
//! skips egui's tessellation (the frame then only maps vertices and builds shapes).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

#[path = "synthetic.rs"]
mod synthetic;

use criterion::{Criterion, criterion_group, criterion_main};
use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::io::{ImportOptions, import_geojson_str};
use dalian_atlas::map::lod::ScreenFromMercator;
use dalian_atlas::map::user::{BigLayers, CachedLayer, UserLayerCache, UserLayersView, paint_user_layers};
use dalian_atlas::model::{ProjectLayer, UserLayerStyle};
use dalian_atlas::theme::install_fonts;
use synthetic::synthetic_collection;

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
    c.bench_function("user_layer_prepare_20MB", |b| {
        b.iter(|| CachedLayer::build(std::hint::black_box(&project_layer), CoordinateSystem::Wgs84, None))
    });
    // Labels and category colours on, as a planner would set them.
    project_layer.style = UserLayerStyle {
        label_property: std::env::var("NOLABEL").is_err().then(|| "name".into()),
        colour_property: Some("category".into()),
        ..UserLayerStyle::default()
    };
    let layers = vec![project_layer];
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let view = UserLayersView {
        cache: &cache,
        layers: &layers,
        selected: None,
        visible: None,
        big: BigLayers::Shapes,
    };
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut group = c.benchmark_group("user_layer_frame_20MB");
    group.sample_size(20);
    for (zoom, centre) in [(9.0, [122.2, 39.4]), (12.0, [121.62, 38.92]), (15.0, [121.62, 38.92])] {
        for _ in 0..2 {
            frame(&ctx, &view, zoom, centre);
        }
        group.bench_function(format!("zoom_{zoom}"), |b| b.iter(|| frame(&ctx, &view, zoom, centre)));
    }
    group.finish();
}

criterion_group!(benches, user_layers);
criterion_main!(benches);
