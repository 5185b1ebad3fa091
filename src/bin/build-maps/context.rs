//! The context layer: Natural Earth land beyond the data box
//! ([`dalian_atlas::basemap::context_land_of`]), written as `context-land.geojson`, one
//! Polygon feature per part of each tile, exterior rings counter-clockwise, 7 decimals.

use dalian_atlas::basemap::{
    self, BasemapError, CONTEXT_BOX_LON_LAT, CONTEXT_TILE_DEG, DATA_BOX_LON_LAT, FeatureGeometry, FeatureOut,
    NATURAL_EARTH_CONTEXT_FILE, Precision, context_land_of, feature_collection_text, feature_properties as props,
    round7_multi,
};
use geo::MultiPolygon;
use serde_json::json;

const NATURAL_EARTH_SOURCE: &str = "Natural Earth 4.1.0 land (1:10m within lon 117–127, lat 35–43; 1:50m beyond) via \
     npm world-atlas 2.0.2, minus the data box (public domain)";

/// The context land computed from the text of [`NATURAL_EARTH_CONTEXT_FILE`]: its
/// polygons dissolved, the data box taken out, cut into tiles, rounded to 7 decimals.
/// Fails when a part is not a valid polygon.
pub fn context_land(natural_earth_text: &str) -> Result<MultiPolygon<f64>, BasemapError> {
    let natural_earth = basemap::read_polygons(NATURAL_EARTH_CONTEXT_FILE, natural_earth_text)?;
    let context = round7_multi(&context_land_of(&natural_earth));
    // Tiles touch along their lines: each polygon is valid on its own.
    for (k, p) in context.0.iter().enumerate() {
        if let Some(reason) = basemap::validation_reason(&MultiPolygon(vec![p.clone()])) {
            return Err(BasemapError::Generator(format!(
                "context land polygon {k} is not valid after taking out the data box and tiling: {reason}"
            )));
        }
    }
    Ok(context)
}

/// The text of `context-land.geojson`.
pub fn context_land_text(context: &MultiPolygon<f64>) -> String {
    let features: Vec<FeatureOut> = context
        .0
        .iter()
        .enumerate()
        .map(|(k, p)| FeatureOut {
            id: format!("context-land-{k}"),
            properties: props(vec![
                ("layer", json!("context_land")),
                ("precision", json!(Precision::Approximate.as_str())),
                ("source", json!(NATURAL_EARTH_SOURCE)),
            ]),
            geometry: Some(FeatureGeometry::Polygon(p.clone())),
        })
        .collect();
    let note = format!(
        "Context only, never exported: Natural Earth land within {CONTEXT_BOX_LON_LAT:?} outside the data box \
         {DATA_BOX_LON_LAT:?}, where the detailed OpenStreetMap/GSHHG land shows instead; cut into tiles of \
         {CONTEXT_TILE_DEG}° from the south-west corner. Straight edges along either box and along the tile lines are \
         cuts, not coast."
    );
    feature_collection_text(
        "context_land",
        "Made with Natural Earth (naturalearthdata.com), via world-atlas",
        "Public domain (Natural Earth); world-atlas packaging ISC",
        Some(&note),
        &features,
    )
}
