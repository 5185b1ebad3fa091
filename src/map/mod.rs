//! The map: the only module that touches walkers. Offline basemap (sea + Natural Earth
//! land), place labels, scale bar and attribution.

pub mod land;
pub mod plugin;

use egui::Ui;
use walkers::{Map, MapMemory, lon_lat};

pub use land::{LandError, LandMesh};
pub use plugin::{LandPlugin, OverlayPlugin, PlaceLabel};

/// The box the atlas frames: Dalian municipality, lon 120.8–123.6 E, lat 38.6–40.2 N.
pub const DALIAN_LON_LAT_BOX: ([f64; 2], [f64; 2]) = ([120.8, 38.6], [123.6, 40.2]);
/// Centre of the box, `[lon, lat]`.
pub const DALIAN_CENTRE_LON_LAT: [f64; 2] = [122.2, 39.4];
/// Dalian city centre (Zhongshan Square), `[lon, lat]`.
pub const DALIAN_CITY_LON_LAT: [f64; 2] = [121.644, 38.914];

/// The web-Mercator zoom at which the box fits `size_px` (logical points), with a margin.
/// Falls back to 9 for a degenerate size.
pub fn zoom_to_fit_box(size_px: egui::Vec2) -> f64 {
    let ([lon0, lat0], [lon1, lat1]) = DALIAN_LON_LAT_BOX;
    let merc_y = |lat: f64| (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln();
    // World width at zoom z is 256·2^z points; x spans (lon1-lon0)/360 of it, y spans Δmerc/(2π).
    let frac_x = (lon1 - lon0) / 360.0;
    let frac_y = (merc_y(lat1) - merc_y(lat0)) / (2.0 * std::f64::consts::PI);
    let (w, h) = (f64::from(size_px.x) * 0.92, f64::from(size_px.y) * 0.92);
    if !(w > 1.0 && h > 1.0) {
        return 9.0;
    }
    let z = (w / (256.0 * frac_x)).log2().min((h / (256.0 * frac_y)).log2());
    z.clamp(5.0, 12.0)
}

/// Draws the map filling `ui`. `land` is the mesh built at start-up; `fit` re-frames
/// the map on the municipality box (first frame, or after “reset view”).
pub fn map_ui(
    ui: &mut Ui,
    memory: &mut MapMemory,
    land: &LandMesh,
    fit: bool,
    places: Vec<PlaceLabel>,
    attribution: String,
) {
    if fit {
        let zoom = zoom_to_fit_box(ui.available_size());
        // `set_zoom` only fails outside walkers' zoom range, which the clamp above excludes.
        let _ = memory.set_zoom(zoom);
        memory.center_at(lon_lat(DALIAN_CENTRE_LON_LAT[0], DALIAN_CENTRE_LON_LAT[1]));
    }
    let centre = lon_lat(DALIAN_CENTRE_LON_LAT[0], DALIAN_CENTRE_LON_LAT[1]);
    ui.add(
        Map::new(None, memory, centre)
            .with_plugin(LandPlugin {
                land,
                extent_lon_lat: DALIAN_LON_LAT_BOX,
            })
            .with_plugin(OverlayPlugin { places, attribution }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_fits_a_typical_map_area_at_about_zoom_eight() {
        let z = zoom_to_fit_box(egui::vec2(700.0, 900.0));
        assert!((7.0..9.5).contains(&z), "{z}");
        assert!(zoom_to_fit_box(egui::vec2(2000.0, 2000.0)) > z);
        assert_eq!(zoom_to_fit_box(egui::vec2(0.0, 0.0)), 9.0);
    }
}
