//! The one place where the atlas's WGS-84 data meets the screen: [`GeoScreen`], which
//! every plugin, hit test and editing gesture goes through.

use egui::Pos2;

use super::lod::{ScreenFromMercator, lon_lat_from_mercator, mercator_from_lon_lat};
use crate::coords::CoordinateSystem;

/// Screen ↔ WGS-84 for one frame: the Mercator transform of the map and the coordinate
/// system its tiles are drawn in. Under GCJ-02 tiles, pass `display: Gcj02`: positions are
/// shifted WGS-84 → GCJ-02 before projection and back (by iteration) after unprojection,
/// so overlays sit on the tiles while the data stays WGS-84.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GeoScreen {
    pub to_screen: ScreenFromMercator,
    pub display: CoordinateSystem,
}

impl GeoScreen {
    pub fn new(to_screen: ScreenFromMercator, display: CoordinateSystem) -> Self {
        GeoScreen { to_screen, display }
    }

    /// For this frame's walkers `projector`, on a map whose tiles are in `display`.
    pub fn from_projector(projector: &walkers::Projector, display: CoordinateSystem) -> Self {
        GeoScreen::new(ScreenFromMercator::from_projector(projector), display)
    }

    /// Where the WGS-84 `[lon, lat]` is drawn, in UI points.
    pub fn pos(&self, lon_lat: [f64; 2]) -> Pos2 {
        self.to_screen
            .apply(mercator_from_lon_lat(self.display.from_wgs84(lon_lat)))
    }

    /// The WGS-84 `[lon, lat]` drawn at `pos_in_ui` (the inverse of [`GeoScreen::pos`]).
    pub fn lon_lat(&self, pos_in_ui: Pos2) -> [f64; 2] {
        self.display
            .to_wgs84(lon_lat_from_mercator(self.to_screen.mercator_of(pos_in_ui)))
    }

    /// The map zoom of the frame.
    pub fn zoom(&self) -> f64 {
        self.to_screen.zoom
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use walkers::{MapMemory, MercatorProjection, Projector, lon_lat};

    #[test]
    fn on_a_gcj02_map_overlays_move_east_and_north_by_the_datum_shift() {
        let mut memory = MapMemory::default();
        memory.set_zoom(14.0).expect("a valid zoom");
        let centre = lon_lat(121.644, 38.914);
        memory.center_at(centre);
        let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0));
        let projector = Projector::new(rect, &MercatorProjection, &memory, centre);
        let wgs = GeoScreen::from_projector(&projector, CoordinateSystem::Wgs84).pos([121.644, 38.914]);
        let gcj = GeoScreen::from_projector(&projector, CoordinateSystem::Gcj02).pos([121.644, 38.914]);
        let px_per_m = projector.scale_pixel_per_meter(centre);
        let [east, north] = crate::coords::gcj02_shift_m([121.644, 38.914]);
        assert!((wgs - rect.center()).length() < 0.5, "{wgs:?}");
        assert!(((gcj.x - wgs.x) / px_per_m - east as f32).abs() < 5.0);
        assert!(((wgs.y - gcj.y) / px_per_m - north as f32).abs() < 5.0);
    }
}
