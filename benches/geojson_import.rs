//! GeoJSON import throughput (issue 5) against plain serde_json on the same text.
//!
//! The text is a synthetic, deterministic FeatureCollection of about 20 MB around
//! Dalian: a third each points, lines (20–60 positions) and polygons (30–90 positions,
//! every fourth with a hole), each feature with a handful of properties (ASCII and
//! Chinese strings, numbers, booleans, arrays, null). Criterion reports MB/s (bytes of
//! text per second). Compared:
//!
//! - `import_geojson_str`: the atlas's importer (validation included, into `geo` types);
//! - `serde_json::Value`: untyped parse;
//! - `geojson::FeatureCollection`: the geojson crate's typed (struct) parse;
//! - `IgnoredAny`: serde_json only checking the syntax — an upper bound.
//!
//! `cargo bench --bench geojson_import -- --warm-up-time 1 --measurement-time 5`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dalian_atlas::io::{ImportOptions, import_geojson_str};
use serde_json::Value;

#[path = "synthetic.rs"]
mod synthetic;

use synthetic::synthetic_collection;

fn geojson_import(c: &mut Criterion) {
    let text = synthetic_collection(20 << 20);
    let layer = import_geojson_str("synthetic.geojson", &text, &ImportOptions::default()).expect("imports");
    eprintln!(
        "synthetic FeatureCollection: {:.1} MB, {} features ({:?})",
        text.len() as f64 / 1e6,
        layer.features.len(),
        layer.geometry_counts()
    );
    let mut group = c.benchmark_group("geojson_import_20MB");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("import_geojson_str", |b| {
        b.iter(|| {
            import_geojson_str(
                "synthetic.geojson",
                std::hint::black_box(&text),
                &ImportOptions::default(),
            )
        })
    });
    group.bench_function("import_geojson_str_gcj02", |b| {
        let options = ImportOptions {
            gcj02: true,
            ..Default::default()
        };
        b.iter(|| import_geojson_str("synthetic.geojson", std::hint::black_box(&text), &options))
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_str::<Value>(std::hint::black_box(&text)))
    });
    group.bench_function("serde_json_geojson_feature_collection", |b| {
        b.iter(|| serde_json::from_str::<geojson::FeatureCollection>(std::hint::black_box(&text)))
    });
    group.bench_function("serde_json_ignored_any", |b| {
        b.iter(|| serde_json::from_str::<serde::de::IgnoredAny>(std::hint::black_box(&text)))
    });
    group.finish();
}

criterion_group!(benches, geojson_import);
criterion_main!(benches);
