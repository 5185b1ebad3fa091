//! Where each placed catalogue feature is drawn: its point, its schematic line, or the
//! union of the basemap polygons it covers. Built once when the data loads.

use geo::{BoundingRect, LineString, MultiPolygon, unary_union};

use super::{AreaFrom, Catalogue, Feature, Shape};
use crate::basemap::Basemap;

/// The geometry of one placed feature, WGS-84 longitude/latitude.
#[derive(Clone, Debug, PartialEq)]
pub enum PlacedGeometry {
    Point([f64; 2]),
    Line(LineString<f64>),
    Area(MultiPolygon<f64>),
}

impl PlacedGeometry {
    /// (west, south, east, north) in degrees.
    pub fn bbox_lon_lat(&self) -> Option<(f64, f64, f64, f64)> {
        let rect = match self {
            PlacedGeometry::Point([lon, lat]) => return Some((*lon, *lat, *lon, *lat)),
            PlacedGeometry::Line(l) => l.bounding_rect()?,
            PlacedGeometry::Area(a) => a.bounding_rect()?,
        };
        Some((rect.min().x, rect.min().y, rect.max().x, rect.max().y))
    }
}

/// The geometry of a feature: its point or line as authored; for an area, the union of
/// its functional areas, or of its divisions when it names no functional area or its
/// `area_from` says so. `None`
/// for unplaced features and for areas whose polygons the basemap lacks.
pub fn geometry_of(feature: &Feature, basemap: &Basemap) -> Option<PlacedGeometry> {
    match feature.shape() {
        Shape::Unplaced => None,
        Shape::Point(lon, lat) => Some(PlacedGeometry::Point([lon, lat])),
        Shape::Line => {
            let line = feature.line_lon_lat.as_deref()?;
            Some(PlacedGeometry::Line(LineString::from(
                line.iter().map(|[lon, lat]| (*lon, *lat)).collect::<Vec<_>>(),
            )))
        }
        Shape::Area => {
            let from = feature.area_from.unwrap_or(if feature.functional_areas.is_empty() {
                AreaFrom::Divisions
            } else {
                AreaFrom::FunctionalAreas
            });
            let parts: Vec<&MultiPolygon<f64>> = if from == AreaFrom::Divisions {
                feature
                    .divisions
                    .iter()
                    .filter_map(|c| basemap.division(*c))
                    .map(|d| &d.geometry)
                    .collect()
            } else {
                basemap
                    .functional_areas
                    .iter()
                    .filter(|a| feature.functional_areas.contains(&a.id))
                    .map(|a| &a.geometry)
                    .collect()
            };
            match parts.as_slice() {
                [] => None,
                [one] => Some(PlacedGeometry::Area((*one).clone())),
                many => {
                    let polygons: Vec<&geo::Polygon<f64>> = many.iter().flat_map(|m| m.0.iter()).collect();
                    Some(PlacedGeometry::Area(unary_union(polygons)))
                }
            }
        }
    }
}

/// The geometry of every placed feature of a catalogue, in catalogue order.
#[derive(Clone, Debug, Default)]
pub struct FeatureShapes {
    /// (index into `Catalogue::features`, geometry).
    pub shapes: Vec<(usize, PlacedGeometry)>,
}

impl FeatureShapes {
    pub fn new(catalogue: &Catalogue, basemap: &Basemap) -> FeatureShapes {
        let shapes = catalogue
            .features
            .iter()
            .enumerate()
            .filter_map(|(k, f)| geometry_of(f, basemap).map(|g| (k, g)))
            .collect();
        FeatureShapes { shapes }
    }

    /// The geometry of the feature at `index` in the catalogue.
    pub fn of(&self, index: usize) -> Option<&PlacedGeometry> {
        self.shapes.iter().find(|(k, _)| *k == index).map(|(_, g)| g)
    }

    /// The box around the given features' geometry (west, south, east, north).
    pub fn bbox_of(&self, indices: &[usize]) -> Option<(f64, f64, f64, f64)> {
        indices
            .iter()
            .filter_map(|k| self.of(*k)?.bbox_lon_lat())
            .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;

    #[test]
    fn a_zone_of_several_divisions_is_one_seamless_union() {
        let c = Catalogue::builtin().expect("catalogue");
        let map = Basemap::builtin().expect("basemap");
        let f = c.feature("layout.zone.ecosystem").expect("zone");
        let Some(PlacedGeometry::Area(area)) = geometry_of(f, &map) else {
            panic!("the zone is an area");
        };
        let parts: f64 = f
            .divisions
            .iter()
            .filter_map(|c| map.division(*c))
            .map(|d| d.geometry.unsigned_area())
            .sum();
        let union = area.unsigned_area();
        assert!((union - parts).abs() / parts < 0.001, "union {union} vs parts {parts}");
        let mainland = area.0.iter().map(|p| p.unsigned_area()).fold(0.0, f64::max);
        let neighbours = map
            .division(210202)
            .expect("中山")
            .geometry
            .0
            .iter()
            .map(|p| p.unsigned_area())
            .fold(0.0, f64::max);
        assert!(mainland > neighbours, "the shared borders dissolve into one polygon");
    }

    #[test]
    fn a_core_is_drawn_as_its_functional_area_not_its_whole_districts() {
        let c = Catalogue::builtin().expect("catalogue");
        let map = Basemap::builtin().expect("basemap");
        let f = c.feature("layout.core.gaoxin").expect("core");
        let Some(PlacedGeometry::Area(area)) = geometry_of(f, &map) else {
            panic!("the core is an area");
        };
        let gaoxin = map.functional_areas.iter().find(|a| a.id == "gaoxin").expect("gaoxin");
        assert_eq!(area, gaoxin.geometry);
    }
}
