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
];

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The GeoJSON importer; the first byte's low bit chooses GCJ-02 conversion.
pub fn geojson(data: &[u8]) {
    let Some((&flag, rest)) = data.split_first() else {
        return;
    };
    if let Some(text) = text(rest) {
        let options = dalian_atlas::io::ImportOptions {
            gcj02: flag & 1 == 1,
            ..Default::default()
        };
        let _ = dalian_atlas::io::import_geojson_str("fuzz.geojson", text, &options);
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
