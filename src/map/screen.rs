//! The one place where the atlas's WGS-84 data meets the screen.

use egui::Pos2;
use walkers::{Projector, lon_lat};

use crate::coords::CoordinateSystem;

/// Projects WGS-84 `[lon, lat]` to screen points on a map whose tiles are drawn in
/// `display` (GCJ-02 for Amap-style sources). Every plugin goes through this, so an
/// overlay lines up with whatever tiles lie under it while the data stays WGS-84.
pub struct ScreenFromGeo<'p, 'a> {
    projector: &'p Projector<'a>,
    display: CoordinateSystem,
}

impl<'p, 'a> ScreenFromGeo<'p, 'a> {
    /// For this frame's `projector`, on a map in `display` coordinates.
    pub fn new(projector: &'p Projector<'a>, display: CoordinateSystem) -> Self {
        ScreenFromGeo { projector, display }
    }

    /// Screen position of a WGS-84 point.
    pub fn pos(&self, lon_lat_wgs84: [f64; 2]) -> Pos2 {
        let [lon, lat] = self.display.from_wgs84(lon_lat_wgs84);
        self.projector.project(lon_lat(lon, lat)).to_pos2()
    }

    /// The projector underneath (for scale and unprojection, where a shift of a few
    /// hundred metres does not matter).
    pub fn projector(&self) -> &Projector<'a> {
        self.projector
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use walkers::{MapMemory, MercatorProjection};

    #[test]
    fn on_a_gcj02_map_overlays_move_east_and_north_by_the_datum_shift() {
        let mut memory = MapMemory::default();
        memory.set_zoom(14.0).expect("a valid zoom");
        let centre = lon_lat(121.644, 38.914);
        memory.center_at(centre);
        let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0));
        let projector = Projector::new(rect, &MercatorProjection, &memory, centre);
        let wgs = ScreenFromGeo::new(&projector, CoordinateSystem::Wgs84).pos([121.644, 38.914]);
        let gcj = ScreenFromGeo::new(&projector, CoordinateSystem::Gcj02).pos([121.644, 38.914]);
        let px_per_m = projector.scale_pixel_per_meter(centre);
        let [east, north] = crate::coords::gcj02_shift_m([121.644, 38.914]);
        assert!((wgs - rect.center()).length() < 0.5, "{wgs:?}");
        assert!(((gcj.x - wgs.x) / px_per_m - east as f32).abs() < 5.0);
        assert!(((wgs.y - gcj.y) / px_per_m - north as f32).abs() < 5.0);
    }
}
