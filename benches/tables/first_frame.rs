//! Issue 14's "import to first frame": a big GeoJSON file read from disk, parsed on every
//! core, prepared for drawing and drawn into the window's first image of it, phase by
//! phase, with the resident memory before and after and its peak. Printed as a Markdown
//! table when `FIRST=1`; each run is a fresh process (this benchmark run again with
//! `FIRST_CHILD=FILE`), so the memory is the layer's and not what an earlier run's
//! allocator kept; the first run fills the page cache and is left out; medians of
//! `RUNS` (default 3) runs.
//!
//! `FIRST=1 cargo bench --bench geojson_import -- first_frame`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicBool, AtomicIsize};
use std::time::{Duration, Instant};

use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::io::{ImportOptions, import_geojson_str};
use dalian_atlas::map::lod::ScreenFromMercator;
use dalian_atlas::map::user::raster::{RasterLayer, rasterise};
use dalian_atlas::map::user::{MARGIN_PT, UserLayerCache};
use dalian_atlas::model::ProjectLayer;

use super::synthetic::synthetic_collection;

/// A line of `/proc/self/status` in MiB (`VmRSS`, `VmHWM`, given in kB = KiB); 0 where it cannot be read.
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

/// Bytes the program holds from the allocator since counting began (the counting
/// allocator below; only a `FIRST_CHILD` process counts, so that the other benchmarks
/// of this binary pay one relaxed load per allocation, not two shared updates).
pub static LIVE: AtomicIsize = AtomicIsize::new(0);
static COUNTING: AtomicBool = AtomicBool::new(false);

/// The system allocator, counting the bytes held: what the layer takes, apart from the
/// allocator's own overhead and the pages it has not given back.
pub struct Counting;

fn count(bytes: isize) {
    if COUNTING.load(Relaxed) {
        LIVE.fetch_add(bytes, Relaxed);
    }
}

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as the caller's (calloc's lazily zeroed pages, as without counting).
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        // SAFETY: as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

fn live_mb() -> f64 {
    LIVE.load(Relaxed) as f64 / (1024.0 * 1024.0)
}

/// One run's phases.
struct Run {
    read: Duration,
    parse: Duration,
    prepare: Duration,
    image: Duration,
    rss_base: f64,
    /// After parsing, the text dropped.
    rss_parsed: f64,
    /// Bytes held from the allocator after parsing (the layer) and after preparing (the
    /// layer and its drawing cache).
    heap_parsed: f64,
    heap_prepared: f64,
    rss_after: f64,
    peak: f64,
}

fn one_run(path: &std::path::Path) -> Run {
    let rss_base = status_mb("VmRSS:");
    reset_peak();
    let start = Instant::now();
    let text = std::fs::read_to_string(path).expect("reads");
    let read = start.elapsed();
    let start = Instant::now();
    let layer = import_geojson_str("synthetic.geojson", &text, &ImportOptions::default()).expect("imports");
    drop(text);
    let parse = start.elapsed();
    let rss_parsed = status_mb("VmRSS:");
    let heap_parsed = live_mb();
    let start = Instant::now();
    let layers = vec![ProjectLayer::new(layer)];
    let cache = UserLayerCache::new(&layers, CoordinateSystem::Wgs84);
    let prepare = start.elapsed();
    let heap_prepared = live_mb();
    let start = Instant::now();
    // The window's start view: the municipality at zoom 9, a 1200×900 map.
    let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1200.0, 900.0));
    // `VIEW=LON,LAT,ZOOM` draws another view (to look at with `SAVE`).
    let view: Vec<f64> = std::env::var("VIEW")
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default();
    let to_screen = match view[..] {
        [lon, lat, zoom] => ScreenFromMercator::new(zoom, [lon, lat], rect.center()),
        _ => ScreenFromMercator::new(9.0, [121.85, 39.4], rect.center()),
    };
    let drawn = RasterLayer::every(&cache);
    let drawn_image = std::hint::black_box(rasterise(&drawn, &to_screen, rect.expand(MARGIN_PT), 1.0));
    let image = start.elapsed();
    // `SAVE=FILE` keeps the image's pixels (premultiplied RGBA, its size in the name) to look at.
    if let Ok(file) = std::env::var("SAVE") {
        let [w, h] = drawn_image.size;
        std::fs::write(format!("{file}-{w}x{h}.rgba"), &drawn_image.rgba_premultiplied).expect("writes");
    }
    let run = Run {
        read,
        parse,
        prepare,
        image,
        rss_base,
        rss_parsed,
        heap_parsed,
        heap_prepared,
        rss_after: status_mb("VmRSS:"),
        peak: status_mb("VmHWM:"),
    };
    drop((cache, layers));
    run
}

/// In a child process (`FIRST_CHILD=FILE`): one run, printed as one line for the parent.
pub fn first_frame_child() -> bool {
    let Ok(path) = std::env::var("FIRST_CHILD") else {
        return false;
    };
    COUNTING.store(true, Relaxed);
    let r = one_run(std::path::Path::new(&path));
    println!(
        "RUN {} {} {} {} {} {} {} {} {} {}",
        r.read.as_secs_f64(),
        r.parse.as_secs_f64(),
        r.prepare.as_secs_f64(),
        r.image.as_secs_f64(),
        r.rss_base,
        r.rss_after,
        r.peak,
        r.rss_parsed,
        r.heap_parsed,
        r.heap_prepared
    );
    true
}

/// One run in a fresh process.
fn run_in_child(path: &std::path::Path) -> Run {
    let out = std::process::Command::new(std::env::current_exe().expect("the benchmark's path"))
        .arg("--bench")
        .env("FIRST_CHILD", path)
        .env_remove("FIRST")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(line) = text.lines().find(|l| l.starts_with("RUN ")) else {
        panic!(
            "the run failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let v: Vec<f64> = line[4..].split(' ').map(|x| x.parse().expect("a number")).collect();
    let secs = Duration::from_secs_f64;
    Run {
        read: secs(v[0]),
        parse: secs(v[1]),
        prepare: secs(v[2]),
        image: secs(v[3]),
        rss_base: v[4],
        rss_after: v[5],
        peak: v[6],
        rss_parsed: v[7],
        heap_parsed: v[8],
        heap_prepared: v[9],
    }
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
    // `KEEP=FILE` writes the file there and keeps it (to profile or look at).
    let path = std::env::var("KEEP").map_or_else(|_| dir.join("synthetic-100MB.geojson"), Into::into);
    let text = synthetic_collection(100 << 20);
    let mb = text.len() as f64 / 1e6;
    // Resident memory is read in MiB (kB / 1024): the file's size in the same unit for
    // the ratios (in MB they came out 5 % low).
    let mib = text.len() as f64 / (1024.0 * 1024.0);
    std::fs::write(&path, &text).expect("writes");
    drop(text);
    let _ = run_in_child(&path);
    let runs: Vec<Run> = (0..runs).map(|_| run_in_child(&path)).collect();
    let _ = std::fs::remove_dir_all(&dir);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let total = |r: &Run| ms(r.read + r.parse + r.prepare + r.image);
    println!(
        "\nImport to first frame, {mb:.1} MB synthetic GeoJSON, medians of {} runs:\n",
        runs.len()
    );
    println!(
        "| read (ms) | parse (ms) | parse MB/s | prepare (ms) | first image (ms) | total (ms) | RSS base → parsed → after (MiB) | peak (MiB) | after − base, × file | peak − base, × file | heap: layer + cache (MiB) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let base = median_by(&runs, |r| r.rss_base);
    let parsed = median_by(&runs, |r| r.rss_parsed);
    let after = median_by(&runs, |r| r.rss_after);
    let peak = median_by(&runs, |r| r.peak);
    let parse = median_by(&runs, |r| ms(r.parse));
    println!(
        "| {:.0} | {parse:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {base:.0} → {parsed:.0} → {after:.0} | {peak:.0} | {:.2} | {:.2} | {:.0} + {:.0} |",
        median_by(&runs, |r| ms(r.read)),
        mb / (parse / 1e3),
        median_by(&runs, |r| ms(r.prepare)),
        median_by(&runs, |r| ms(r.image)),
        median_by(&runs, total),
        (after - base) / mib,
        (peak - base) / mib,
        median_by(&runs, |r| r.heap_parsed),
        median_by(&runs, |r| r.heap_prepared - r.heap_parsed),
    );
}
