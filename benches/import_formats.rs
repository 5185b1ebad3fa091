//! Shapefile and GeoPackage import throughput (issue 13) against the GeoJSON importer on
//! the same features, and against GDAL's `ogr2ogr` converting the same files to GeoJSON.
//!
//! The features are the polygons of the synthetic collection the other import benchmarks
//! use (30–90 positions each, every fourth with a hole, ASCII and Chinese attributes),
//! written once by `ogr2ogr` as GeoJSON, Shapefile (UTF-8 `.dbf`, `.prj` CGCS2000) and
//! GeoPackage into a temporary folder. Criterion reports MB/s of each file read; the
//! sizes are printed first, so the time for the same features can be compared too.
//!
//! `DALIAN_BENCH_MB` sets the size of the synthetic collection before the polygons are
//! taken (default 260, which gives a Shapefile of about 100 MB).
//!
//! `cargo bench --bench import_formats -- --warm-up-time 1 --measurement-time 20`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dalian_atlas::io::import::{ReadOptions, read_layers};
use dalian_atlas::io::{ImportOptions, import_geojson};

#[path = "synthetic.rs"]
mod synthetic;

fn ogr2ogr(args: &[&str]) {
    let status = Command::new("ogr2ogr")
        .args(args)
        .status()
        .expect("ogr2ogr (gdal-bin) runs");
    assert!(status.success(), "ogr2ogr {args:?}");
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().len()
}

/// The files of one Shapefile.
fn shapefile_size(shp: &Path) -> u64 {
    ["shp", "shx", "dbf", "prj", "cpg"]
        .iter()
        .map(|ext| shp.with_extension(ext))
        .filter(|p| p.exists())
        .map(|p| size(&p))
        .sum()
}

fn fixtures() -> (PathBuf, PathBuf, PathBuf, tempdir::Dir) {
    let megabytes: usize = std::env::var("DALIAN_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(260);
    let dir = tempdir::Dir::new();
    let all = dir.path.join("all.geojson");
    std::fs::write(&all, synthetic::synthetic_collection(megabytes << 20)).unwrap();
    let geojson = dir.path.join("polygons.geojson");
    let all_text = all.to_str().unwrap();
    ogr2ogr(&[
        "-f",
        "GeoJSON",
        "-lco",
        "COORDINATE_PRECISION=7",
        geojson.to_str().unwrap(),
        all_text,
        "-where",
        "OGR_GEOMETRY='POLYGON'",
        "-a_srs",
        "EPSG:4490",
        "-nln",
        "polygons",
    ]);
    std::fs::remove_file(&all).unwrap();
    let shp = dir.path.join("polygons.shp");
    ogr2ogr(&[
        "-f",
        "ESRI Shapefile",
        "-lco",
        "ENCODING=UTF-8",
        shp.to_str().unwrap(),
        geojson.to_str().unwrap(),
    ]);
    let gpkg = dir.path.join("polygons.gpkg");
    ogr2ogr(&["-f", "GPKG", gpkg.to_str().unwrap(), geojson.to_str().unwrap()]);
    (geojson, shp, gpkg, dir)
}

fn import_formats(c: &mut Criterion) {
    let (geojson, shp, gpkg, dir) = fixtures();
    let layer = import_geojson(&geojson, &ImportOptions::default(), &|_| true).unwrap();
    let from_shp = read_layers(&shp, &ReadOptions::default(), &|_| true).unwrap();
    let from_gpkg = read_layers(&gpkg, &ReadOptions::default(), &|_| true).unwrap();
    assert_eq!(from_shp[0].features.len(), layer.features.len());
    assert_eq!(from_gpkg[0].features.len(), layer.features.len());
    eprintln!(
        "{} polygons: GeoJSON {:.1} MB, Shapefile {:.1} MB (.shp+.shx+.dbf+.prj+.cpg), GeoPackage {:.1} MB",
        layer.features.len(),
        size(&geojson) as f64 / 1e6,
        shapefile_size(&shp) as f64 / 1e6,
        size(&gpkg) as f64 / 1e6
    );
    let mut group = c.benchmark_group("import_formats");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(size(&geojson)));
    group.bench_function("geojson_import", |b| {
        b.iter(|| import_geojson(&geojson, &ImportOptions::default(), &|_| true).unwrap())
    });
    group.throughput(Throughput::Bytes(shapefile_size(&shp)));
    group.bench_function("shapefile_read_layers", |b| {
        b.iter(|| read_layers(&shp, &ReadOptions::default(), &|_| true).unwrap())
    });
    group.bench_function("shapefile_ogr2ogr_to_geojson", |b| {
        let out = dir.path.join("shp-out.geojson");
        b.iter(|| {
            let _ = std::fs::remove_file(&out);
            ogr2ogr(&["-f", "GeoJSON", out.to_str().unwrap(), shp.to_str().unwrap()]);
        })
    });
    group.throughput(Throughput::Bytes(size(&gpkg)));
    group.bench_function("geopackage_read_layers", |b| {
        b.iter(|| read_layers(&gpkg, &ReadOptions::default(), &|_| true).unwrap())
    });
    group.bench_function("geopackage_ogr2ogr_to_geojson", |b| {
        let out = dir.path.join("gpkg-out.geojson");
        b.iter(|| {
            let _ = std::fs::remove_file(&out);
            ogr2ogr(&["-f", "GeoJSON", out.to_str().unwrap(), gpkg.to_str().unwrap()]);
        })
    });
    group.finish();
}

/// A temporary folder removed when dropped.
mod tempdir {
    pub struct Dir {
        pub path: std::path::PathBuf,
    }
    impl Dir {
        pub fn new() -> Dir {
            let path = std::env::temp_dir().join(format!("dalian-atlas-bench-{}", std::process::id()));
            std::fs::create_dir_all(&path).unwrap();
            Dir { path }
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

criterion_group!(benches, import_formats);
criterion_main!(benches);
