//! CPU cost of one frame of the built-in basemap (sea, land, divisions, functional
//! areas, places, labels, furniture) with the plan's four layers (areas, corridors,
//! symbols, legend) and a highlighted section, at several zooms, including egui's
//! tessellation: everything the map costs the CPU except the GPU upload and draw.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use criterion::{Criterion, criterion_group, criterion_main};
use dalian_atlas::basemap::Basemap;
use dalian_atlas::catalogue::{Catalogue, FeatureShapes, Links};
use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::map::plan::{LegendTexts, plan_legend};
use dalian_atlas::map::{self, BasemapCache, BasemapTexts, MapLayers, OverlayTexts, PlanLayerCache, PlanLayerView};
use dalian_atlas::model::default_layers;
use dalian_atlas::plan::Plan;
use dalian_atlas::theme::install_fonts;
use walkers::{MapMemory, lon_lat};

/// The plan layers' data, built once as the app does.
struct PlanData {
    catalogue: Catalogue,
    cache: PlanLayerCache,
    highlighted: Vec<usize>,
}

fn frame(
    ctx: &egui::Context,
    memory: &mut MapMemory,
    basemap: &Basemap,
    cache: &BasemapCache,
    plan: &PlanData,
) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1200.0, 900.0))),
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| {
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let layers = default_layers();
            let describe = |_: usize| String::new();
            let plan_view = PlanLayerView {
                area_fills: true,
                catalogue: &plan.catalogue,
                cache: &plan.cache,
                layers: &layers,
                selected: None,
                highlighted: &plan.highlighted,
                chinese: true,
                schematic: "（示意）",
                describe: &describe,
                status: None,
            };
            let legend_texts = LegendTexts {
                approximate: "实心符号：大致位置".into(),
                district: "空心虚圈：仅知所在区县".into(),
            };
            let plan_legend = plan_legend(&plan_view, &legend_texts, None);
            let view = MapLayers {
                basemap,
                cache,
                texts: BasemapTexts {
                    chinese: true,
                    schematic: "（示意）".into(),
                    area: "面积约".into(),
                },
                overlay: OverlayTexts {
                    attribution: "底图 © OpenStreetMap 贡献者（ODbL）· GSHHG（LGPL）· GeoNames（CC BY 4.0）".into(),
                    disclaimer: "示意图：行政区划界线为示意，不作为权属界线依据。".into(),
                    north: "北".into(),
                    legend: ["县级行政区（示意）", "功能区（示意）", "市中心", "城镇", "机场"].map(String::from),
                    plan_legend,
                    legend_visible: true,
                    legend_title: None,
                    legend_pinned: false,
                    legend_placement: dalian_atlas::model::LegendPlacement::TopLeft,
                    legend_avoid: Vec::new(),
                    furniture: true,
                },
                selected_division: Some(210213),
                zone_fill: None,
                plan: Some(plan_view),
                user: None,
                annotations: None,
                tooltips: true,
            };
            map::map_ui(ui, memory, view, false, None, 1.0)
        });
    });
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives.len()
}

fn basemap_frame(c: &mut Criterion) {
    let basemap = Basemap::builtin().expect("built-in basemap");
    let cache = BasemapCache::new(&basemap, CoordinateSystem::Wgs84);
    let plan_text = Plan::embedded().expect("plan");
    let catalogue = Catalogue::builtin().expect("catalogue");
    let shapes = FeatureShapes::new(&catalogue, &basemap);
    let highlighted = Links::new(&plan_text, &catalogue).features_of(&plan_text, "ch2.s4");
    let plan = PlanData {
        cache: PlanLayerCache::new(&catalogue, &shapes, &basemap, CoordinateSystem::Wgs84),
        catalogue,
        highlighted,
    };
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut group = c.benchmark_group("basemap_frame");
    for (zoom, centre) in [
        (7.0, [122.2, 39.4]),
        (9.0, [122.2, 39.4]),
        (11.0, [121.62, 38.92]),
        (13.0, [121.62, 38.92]),
        (15.0, [121.62, 38.92]),
    ] {
        let mut memory = MapMemory::default();
        memory.set_zoom(zoom).expect("zoom in range");
        memory.center_at(lon_lat(centre[0], centre[1]));
        // Warm the font atlas and galley caches, as a running app has them.
        for _ in 0..3 {
            frame(&ctx, &mut memory, &basemap, &cache, &plan);
        }
        group.bench_function(format!("zoom_{zoom}"), |b| {
            b.iter(|| frame(&ctx, &mut memory, &basemap, &cache, &plan))
        });
    }
    group.finish();
    c.bench_function("basemap_cache_build", |b| {
        b.iter(|| BasemapCache::new(&basemap, CoordinateSystem::Wgs84))
    });
    c.bench_function("basemap_builtin_load", |b| b.iter(Basemap::builtin));
    c.bench_function("plan_layers_build", |b| {
        b.iter(|| {
            let shapes = FeatureShapes::new(&plan.catalogue, &basemap);
            PlanLayerCache::new(&plan.catalogue, &shapes, &basemap, CoordinateSystem::Wgs84)
        })
    });
    c.bench_function("plan_links_build", |b| {
        b.iter(|| Links::new(&plan_text, &plan.catalogue))
    });
}

criterion_group!(benches, basemap_frame);
criterion_main!(benches);
