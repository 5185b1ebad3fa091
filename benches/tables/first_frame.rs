//! Issue 14's "import to first frame": a big GeoJSON file read from disk, parsed on every
//! core, prepared for drawing and drawn into the window's first image of it, phase by
//! phase, with the process's resident memory after each phase and its peak. Printed as
//! a Markdown table when `FIRST=1`; each phase is timed once per run (the first run
//! fills the page cache and is left out), medians of `RUNS` (default 3) runs.
//!
//! `FIRST=1 cargo bench --bench geojson_import -- first_frame`

use std::time::{Duration, Instant};

use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::io::{ImportOptions, import_geojson_str};
use dalian_atlas::map::lod::ScreenFromMercator;
use dalian_atlas::map::user::raster::{RasterLayer, rasterise};
use dalian_atlas::map::user::{MARGIN_PT, UserLayerCache};
use dalian_atlas::model::ProjectLayer;

use super::synthetic::synthetic_collection;

/// A line of `/proc/self/status` in MB (`VmRSS`, `VmHWM`); 0 where it cannot be read.
fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resets the peak resident memory (`VmHWM`) to the current one (Linux ≥ 4.0).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// One run's phases.
struct Run {
    read: Duration,
    parse: Duration,
    prepare: Duration,
    image: Duration,
    rss_base: f64,
    rss_after: f64,
    peak: f64,
}

fn one_run(path: &std::path::Path) -> Run {
    // The allocator gives back what the previous run freed only lazily: measure from here.
    let rss_base = status_mb("VmRSS:");
    reset_peak();
    let start = Instant::now();
    let text = std::fs::read_to_string(path).expect("reads");
    let read = start.elapsed();
    let start = Instant::now();
    let layer = import_geojson_str("synthetic.geojson", &text, &ImportOptions::default()).expect("imports");
    drop(text);
    let parse = start.elapsed();
    let start = Instant::now();
    let layers = vec![ProjectLayer::new(layer)];
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let prepare = start.elapsed();
    let start = Instant::now();
    // The window's start view: the municipality at zoom 9, a 1200×900 map.
    let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1200.0, 900.0));
    let to_screen = ScreenFromMercator::new(9.0, [121.85, 39.4], rect.center());
    let drawn = RasterLayer::every(&cache);
    std::hint::black_box(rasterise(&drawn, &to_screen, rect.expand(MARGIN_PT), 1.0));
    let image = start.elapsed();
    let run = Run {
        read,
        parse,
        prepare,
        image,
        rss_base,
        rss_after: status_mb("VmRSS:"),
        peak: status_mb("VmHWM:"),
    };
    drop((cache, layers));
    run
}

fn median_by(runs: &[Run], f: impl Fn(&Run) -> f64) -> f64 {
    let mut v: Vec<f64> = runs.iter().map(f).collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn print_first_frame_table() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
        .max(1);
    let dir = std::env::temp_dir().join(format!("dalian-first-frame-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let path = dir.join("synthetic-100MB.geojson");
    let text = synthetic_collection(100 << 20);
    let mb = text.len() as f64 / 1e6;
    std::fs::write(&path, &text).expect("writes");
    drop(text);
    let _ = one_run(&path);
    let runs: Vec<Run> = (0..runs).map(|_| one_run(&path)).collect();
    let _ = std::fs::remove_dir_all(&dir);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let total = |r: &Run| ms(r.read + r.parse + r.prepare + r.image);
    println!(
        "\nImport to first frame, {mb:.1} MB synthetic GeoJSON, medians of {} runs:\n",
        runs.len()
    );
    println!(
        "| read (ms) | parse (ms) | parse MB/s | prepare (ms) | first image (ms) | total (ms) | RSS base → after (MB) | peak (MB) | after − base, × file | peak − base, × file |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let base = median_by(&runs, |r| r.rss_base);
    let after = median_by(&runs, |r| r.rss_after);
    let peak = median_by(&runs, |r| r.peak);
    let parse = median_by(&runs, |r| ms(r.parse));
    println!(
        "| {:.0} | {parse:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {base:.0} → {after:.0} | {peak:.0} | {:.2} | {:.2} |",
        median_by(&runs, |r| ms(r.read)),
        mb / (parse / 1e3),
        median_by(&runs, |r| ms(r.prepare)),
        median_by(&runs, |r| ms(r.image)),
        median_by(&runs, total),
        (after - base) / mb,
        (peak - base) / mb,
    );
}
