//! simplestyle properties for exports of the atlas's own layers, so a file opened in
//! QGIS, geojson.io or on GitHub draws as the atlas does (issue 16, item 8). The
//! exports themselves (`basemap::basemap_features`, `catalogue::export_features`) carry
//! only data; this adds the style, from the same constants the map paints with.

use serde_json::Value;

use super::basemap::{division_simplestyle, functional_simplestyle, land_simplestyle, place_simplestyle};
use super::plan::plan_simplestyle;
use crate::basemap::{FeatureOut, PlaceKind};
use crate::catalogue::Catalogue;

/// Adds to each feature the simplestyle properties of how the atlas draws it, by its
/// `layer` property: the basemap's land, divisions (by `adcode`), functional areas and
/// places (by `kind`); the plan's features (by `id`, looked up in `catalogue`). Other
/// features, and properties already set, are left as they are.
pub fn with_simplestyle(features: &mut [FeatureOut], catalogue: &Catalogue) {
    for f in features.iter_mut() {
        let text = |key: &str| f.properties.get(key).and_then(Value::as_str).map(str::to_string);
        let style = match text("layer").as_deref() {
            Some("land") => land_simplestyle(),
            Some("divisions") => match f.properties.get("adcode").and_then(Value::as_u64) {
                Some(adcode) => division_simplestyle(adcode as u32),
                None => Vec::new(),
            },
            Some("functional_areas") => functional_simplestyle(),
            Some("places") => match text("kind").as_deref() {
                Some("airport") => place_simplestyle(PlaceKind::Airport),
                Some("urban_centre") => place_simplestyle(PlaceKind::UrbanCentre),
                Some(_) => place_simplestyle(PlaceKind::Town),
                None => Vec::new(),
            },
            Some(_) => catalogue.feature(&f.id).map(plan_simplestyle).unwrap_or_default(),
            None => Vec::new(),
        };
        for (key, value) in style {
            f.properties.entry(key.to_string()).or_insert(value);
        }
    }
}
