//! What each fuzz target does with its input: the same functions the atlas calls on a
//! user's file. Shared by the `cargo fuzz` targets (`fuzz_targets/*.rs`) and by
//! `tests/fuzz_corpus.rs`, which replays every committed corpus file on stable Rust in
//! `cargo test`. A target's function must never panic, whatever the bytes; errors are
//! the expected outcome for most inputs and are ignored.

#![allow(dead_code)] // each fuzz binary uses one function

use std::sync::OnceLock;

use dalian_atlas::basemap::Basemap;

/// What a target does with one input.
pub type Target = fn(&[u8]);

/// Every target by name, as `cargo fuzz run NAME` and the corpus folders know them.
pub const TARGETS: &[(&str, Target)] = &[
    ("geojson", geojson),
    ("project", project),
    ("annotations", annotations),
    ("scene", scene),
    ("plan", plan),
    ("errata", errata),
    ("catalogue", catalogue),
    ("official_boundaries", official_boundaries),
    ("prj", prj),
    ("wkb", wkb),
    ("shapefile", shapefile),
    ("zip", zip),
    ("geopackage", geopackage),
    ("kml", kml),
    ("csv", csv),
    ("xlsx", xlsx),
    ("evaluation", evaluation),
];

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The GeoJSON importer; the first byte's low bit chooses GCJ-02 conversion, its next bit
/// a comparison with the parallel reader.
pub fn geojson(data: &[u8]) {
    let Some((&flag, rest)) = data.split_first() else {
        return;
    };
    if let Some(text) = text(rest) {
        let options = |threads| dalian_atlas::io::ImportOptions {
            gcj02: flag & 1 == 1,
            threads,
            ..Default::default()
        };
        let one = dalian_atlas::io::import_geojson_str("fuzz.geojson", text, &options(1));
        // Bit 1: read on two threads too (the parallel reader and its hand-written
        // feature reader, which small texts do not reach), and compare.
        if flag & 2 == 2 {
            let two = dalian_atlas::io::import_geojson_str("fuzz.geojson", text, &options(2));
            match (one, two) {
                // As text, so that -0.0 and 0.0 differ.
                (Ok(a), Ok(b)) => assert!(
                    format!("{a:?}") == format!("{b:?}"),
                    "the parallel reader read another layer"
                ),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("one thread: {:?}; two threads: {:?}", a.err(), b.err()),
            }
        }
    }
}

/// The project file loader (bytes as read from disk).
pub fn project(data: &[u8]) {
    let _ = dalian_atlas::model::project::Project::from_json_named("fuzz.dalian-atlas.json", data);
}

/// Annotations imported from GeoJSON.
pub fn annotations(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = dalian_atlas::model::export::annotations_from_geojson("fuzz.geojson", text);
    }
}

/// One scene of a project file.
pub fn scene(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = dalian_atlas::model::scene::Scene::from_value(&value);
    }
}

/// The plan parser (any text given with `--plan`).
pub fn plan(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = dalian_atlas::plan::Plan::parse("fuzz.md", text, Vec::new());
    }
}

/// The errata file reader.
pub fn errata(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = dalian_atlas::plan::parse_errata("fuzz-errata.json", text);
    }
}

/// The plan's feature catalogue loader.
pub fn catalogue(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = dalian_atlas::catalogue::Catalogue::from_json("fuzz-catalogue.json", text);
    }
}

/// The built-in basemap, parsed once.
fn basemap() -> &'static Basemap {
    static BASEMAP: OnceLock<Basemap> = OnceLock::new();
    BASEMAP.get_or_init(|| Basemap::builtin().unwrap_or_else(|e| panic!("the built-in basemap loads: {e}")))
}

/// Official district boundaries applied to the built-in basemap.
pub fn official_boundaries(data: &[u8]) {
    if let Some(text) = text(data) {
        let mut basemap = basemap().clone();
        let _ = dalian_atlas::basemap::apply_official_boundaries(&mut basemap, text);
    }
}

/// A `.prj` or GeoPackage WKT definition.
pub fn prj(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = dalian_atlas::crs::from_wkt(text);
    }
}

/// GeoPackage geometry blobs and plain WKB.
pub fn wkb(data: &[u8]) {
    let _ = dalian_atlas::io::wkb::read_gpkg_blob(data);
    let _ = dalian_atlas::io::wkb::read_wkb(data);
}

/// A scratch folder of this process for the readers that take a path.
fn scratch() -> &'static std::path::Path {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            std::path::PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("dalian-atlas-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        dir
    })
}

/// Removes the scratch folder (the replay test calls this when done; a fuzzing process
/// leaves it in `/dev/shm` until the machine restarts — a few small files).
pub fn remove_scratch() {
    let _ = std::fs::remove_dir_all(scratch());
}

/// Writes `data` to a file named `name` in the scratch folder, then probes and reads it
/// as the import dialog would (probe, then read with a chosen system, so a guess does
/// not stop it early).
fn probe_and_read(name: &str, data: &[u8]) {
    let path = scratch().join(name);
    if std::fs::write(&path, data).is_err() {
        return;
    }
    read_path(&path);
}

fn read_path(path: &std::path::Path) {
    use dalian_atlas::io::import::{ReadOptions, probe, read_layers};
    let options = ReadOptions {
        max_bytes: 64 << 20,
        ..ReadOptions::default()
    };
    let _ = probe(path, &options);
    let chosen = ReadOptions {
        crs: Some(dalian_atlas::crs::Crs::Cgcs2000),
        ..options
    };
    let _ = read_layers(path, &chosen, &|_| true);
}

/// A shapefile: the input is split into `.shp`, `.shx` and `.dbf` by two little-endian
/// u16 lengths at its start (the rest is the `.dbf`).
pub fn shapefile(data: &[u8]) {
    if data.len() < 4 {
        return;
    }
    let shp_len = usize::from(u16::from_le_bytes([data[0], data[1]]));
    let shx_len = usize::from(u16::from_le_bytes([data[2], data[3]]));
    let rest = &data[4..];
    let shp = &rest[..shp_len.min(rest.len())];
    let rest = &rest[shp.len()..];
    let shx = &rest[..shx_len.min(rest.len())];
    let dbf = &rest[shx.len()..];
    let dir = scratch();
    for (ext, bytes) in [("shp", shp), ("shx", shx), ("dbf", dbf)] {
        if std::fs::write(dir.join(format!("fuzz.{ext}")), bytes).is_err() {
            return;
        }
    }
    read_path(&dir.join("fuzz.shp"));
}

/// A zip of shapefiles.
pub fn zip(data: &[u8]) {
    probe_and_read("fuzz.zip", data);
}

/// A GeoPackage (an SQLite database).
pub fn geopackage(data: &[u8]) {
    probe_and_read("fuzz.gpkg", data);
}

/// KML text, and the same bytes as a KMZ.
pub fn kml(data: &[u8]) {
    probe_and_read("fuzz.kml", data);
    probe_and_read("fuzz.kmz", data);
}

/// A CSV/TSV point list.
pub fn csv(data: &[u8]) {
    probe_and_read("fuzz.csv", data);
}

/// An Excel workbook.
pub fn xlsx(data: &[u8]) {
    probe_and_read("fuzz.xlsx", data);
}

/// The evaluation importer: the bytes as a filled template (`.xlsx`) and as a CSV file
/// of actual values, checked against the built-in plan and catalogue.
pub fn evaluation(data: &[u8]) {
    use dalian_atlas::catalogue::Catalogue;
    use dalian_atlas::plan::Plan;
    static DOCS: OnceLock<(Plan, Catalogue)> = OnceLock::new();
    let (plan, catalogue) = DOCS.get_or_init(|| {
        let plan = Plan::embedded().unwrap_or_else(|e| panic!("the built-in plan parses: {e}"));
        let catalogue = Catalogue::builtin().unwrap_or_else(|e| panic!("the built-in catalogue loads: {e}"));
        (plan, catalogue)
    });
    for name in ["fuzz-evaluation.xlsx", "fuzz-evaluation.csv"] {
        let path = scratch().join(name);
        if std::fs::write(&path, data).is_ok() {
            let _ = dalian_atlas::io::evaluation::read_evaluation_file(plan, catalogue, &path);
        }
    }
}
