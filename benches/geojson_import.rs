//! GeoJSON import throughput (issues 5 and 14) against plain serde_json on the same text.
//!
//! The text is a synthetic, deterministic FeatureCollection around Dalian (about 20 MB
//! and 100 MB): a third each points, lines (20–60 positions) and polygons (30–90
//! positions, every fourth with a hole), each feature with a handful of properties
//! (ASCII and Chinese strings, numbers, booleans, arrays, null). Criterion reports MB/s
//! (bytes of text per second). Compared:
//!
//! - `import_geojson_str (parallel)`: the atlas's importer on every core (the default,
//!   `threads: 0`), validation included, into `geo` types;
//! - `import_geojson_str (sequential)`: the same on one thread (`threads: 1`);
//! - `import_geojson_str_gcj02`: the parallel importer converting GCJ-02 positions;
//! - `serde_json → geojson::FeatureCollection`: the geojson crate's typed parse (one
//!   thread, as serde_json is);
//! - `serde_json_value`: untyped parse; `serde_json_ignored_any`: serde_json only
//!   checking the syntax — an upper bound for one thread;
//! - `scan_feature_count (one thread)`: the parallel reader's structural scanner alone.
//!
//! The time to drop what was read is left out (`BatchSize::PerIteration`): an imported
//! layer is kept.
//!
//! `cargo bench --bench geojson_import -- --warm-up-time 1 --measurement-time 3`
//!
//! `FIRST=1 cargo bench --bench geojson_import` prints instead the import-to-first-frame
//! table of a 100 MB file (see `tables/first_frame.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use criterion::{BatchSize, Bencher, Criterion, Throughput, criterion_group, criterion_main};
use dalian_atlas::io::{ImportOptions, import_geojson_str, scan_feature_count};
use serde_json::Value;

#[path = "tables/first_frame.rs"]
mod first_frame;
#[path = "synthetic.rs"]
mod synthetic;

use synthetic::synthetic_collection;

#[global_allocator]
static ALLOCATOR: first_frame::Counting = first_frame::Counting;

/// Times `f` alone, one call at a time, dropping what it returns outside the timing.
fn kept<T>(b: &mut Bencher, mut f: impl FnMut() -> T) {
    b.iter_batched(|| (), |()| f(), BatchSize::PerIteration);
}

fn options(threads: usize) -> ImportOptions {
    ImportOptions {
        threads,
        ..ImportOptions::default()
    }
}

fn import_group(c: &mut Criterion, label: &str, text: &str, all: bool) {
    let layer = import_geojson_str("synthetic.geojson", text, &options(0)).expect("imports");
    let sequential = import_geojson_str("synthetic.geojson", text, &options(1)).expect("imports");
    assert!(layer == sequential, "the parallel and sequential imports differ");
    eprintln!(
        "synthetic FeatureCollection {label}: {:.1} MB, {} features ({:?}); {} threads available",
        text.len() as f64 / 1e6,
        layer.features.len(),
        layer.geometry_counts(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    assert_eq!(scan_feature_count(text), Some(layer.features.len()));
    drop((layer, sequential));
    let mut group = c.benchmark_group(format!("geojson_import_{label}"));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("import_geojson_str (parallel)", |b| {
        kept(b, || {
            import_geojson_str("synthetic.geojson", std::hint::black_box(text), &options(0))
        })
    });
    group.bench_function("import_geojson_str (sequential)", |b| {
        kept(b, || {
            import_geojson_str("synthetic.geojson", std::hint::black_box(text), &options(1))
        })
    });
    group.bench_function("serde_json → geojson::FeatureCollection", |b| {
        kept(b, || {
            serde_json::from_str::<geojson::FeatureCollection>(std::hint::black_box(text))
        })
    });
    if all {
        group.bench_function("import_geojson_str_gcj02 (parallel)", |b| {
            let options = ImportOptions {
                gcj02: true,
                ..options(0)
            };
            kept(b, || {
                import_geojson_str("synthetic.geojson", std::hint::black_box(text), &options)
            })
        });
        group.bench_function("serde_json_value", |b| {
            kept(b, || serde_json::from_str::<Value>(std::hint::black_box(text)))
        });
        group.bench_function("scan_feature_count (one thread)", |b| {
            b.iter(|| scan_feature_count(std::hint::black_box(text)))
        });
        group.bench_function("serde_json_ignored_any", |b| {
            b.iter(|| serde_json::from_str::<serde::de::IgnoredAny>(std::hint::black_box(text)))
        });
    }
    group.finish();
}

fn geojson_import(c: &mut Criterion) {
    if first_frame::first_frame_child() {
        return;
    }
    if std::env::var("FIRST").is_ok() {
        first_frame::print_first_frame_table();
        return;
    }
    import_group(c, "20MB", &synthetic_collection(20 << 20), true);
    import_group(c, "100MB", &synthetic_collection(100 << 20), false);
}

criterion_group!(benches, geojson_import);
criterion_main!(benches);
