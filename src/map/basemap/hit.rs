//! Which division lies under a position.

use geo::{BoundingRect, Contains, Point};

use crate::basemap::Basemap;

/// Index of the division containing a WGS-84 point (bounding boxes first, so a hover
/// over large official geometries stays cheap).
pub fn division_at(basemap: &Basemap, lon_lat: [f64; 2]) -> Option<usize> {
    let p = Point::new(lon_lat[0], lon_lat[1]);
    basemap
        .divisions
        .iter()
        .position(|d| d.geometry.bounding_rect().is_some_and(|r| r.contains(&p)) && d.geometry.contains(&p))
}
