//! The user's own files in and out (no UI code).
//!
//! `import`: GeoJSON files (FeatureCollection, Feature or bare geometry) into
//! [`crate::model::UserLayer`]s, all or nothing, with progress and cancel for big files.

pub mod import;

pub use import::{DEFAULT_MAX_BYTES, ImportError, ImportJob, ImportOptions, import_geojson, import_geojson_str};
