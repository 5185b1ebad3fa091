//! The Natural Earth land polygons of the basemap, parsed and triangulated once.
//!
//! Everything here is in WGS-84 longitude/latitude degrees (`[lon, lat]` order); the
//! per-frame projection to screen points happens in [`super::plugin`].

use geo::TriangulateEarcut;
use geo::{Geometry, GeometryCollection, Polygon};

/// Natural Earth 10m land, clipped to the Dalian box (public domain), compiled in.
pub const LAND_GEOJSON: &str = include_str!("../../maps/land-naturalearth-10m.geojson");

/// Why the land file could not be turned into a mesh.
#[derive(Debug, thiserror::Error)]
pub enum LandError {
    #[error("the land GeoJSON does not parse: {0}")]
    GeoJson(#[from] geojson::Error),
}

/// Land polygons as triangles and outlines, in lon/lat degrees.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LandMesh {
    /// Triangle vertices, `[lon, lat]`.
    pub vertices_lon_lat: Vec<[f64; 2]>,
    /// Triangles as index triples into `vertices_lon_lat`.
    pub indices: Vec<u32>,
    /// Polygon rings (exteriors and holes), closed, `[lon, lat]`, for the coastline stroke.
    pub rings_lon_lat: Vec<Vec<[f64; 2]>>,
}

impl LandMesh {
    /// Parses GeoJSON (any mix of Polygon / MultiPolygon geometries; others are ignored)
    /// and triangulates every polygon with earcut. Call once at start-up.
    pub fn from_geojson(text: &str) -> Result<LandMesh, LandError> {
        let geojson: geojson::GeoJson = text.parse()?;
        let collection = GeometryCollection::<f64>::try_from(&geojson)?;
        let mut mesh = LandMesh::default();
        for geometry in collection {
            mesh.add_geometry(&geometry);
        }
        Ok(mesh)
    }

    /// The built-in land of the atlas ([`LAND_GEOJSON`]).
    pub fn embedded() -> Result<LandMesh, LandError> {
        LandMesh::from_geojson(LAND_GEOJSON)
    }

    fn add_geometry(&mut self, geometry: &Geometry<f64>) {
        match geometry {
            Geometry::Polygon(p) => self.add_polygon(p),
            Geometry::MultiPolygon(mp) => mp.iter().for_each(|p| self.add_polygon(p)),
            Geometry::GeometryCollection(gc) => gc.iter().for_each(|g| self.add_geometry(g)),
            _ => {}
        }
    }

    fn add_polygon(&mut self, polygon: &Polygon<f64>) {
        let raw = polygon.earcut_triangles_raw();
        let base = self.vertices_lon_lat.len() as u32;
        self.vertices_lon_lat.extend(raw.vertices.iter().copied());
        self.indices
            .extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            self.rings_lon_lat.push(ring.coords().map(|c| [c.x, c.y]).collect());
        }
    }

    /// Number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// Sum of the triangle areas in square degrees (a check that earcut covered the
    /// polygons: it equals the polygons' planar area).
    pub fn triangle_area_deg2(&self) -> f64 {
        self.indices
            .chunks_exact(3)
            .map(|t| {
                let [a, b, c] = [t[0], t[1], t[2]].map(|i| self.vertices_lon_lat[i as usize]);
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;

    #[test]
    fn the_embedded_land_triangulates_to_its_own_area() {
        let mesh = LandMesh::embedded().expect("the land file parses");
        assert!(mesh.triangle_count() > 400, "{} triangles", mesh.triangle_count());
        assert_eq!(mesh.rings_lon_lat.len(), 7);
        let geojson: geojson::GeoJson = LAND_GEOJSON.parse().expect("parses");
        let gc = GeometryCollection::<f64>::try_from(&geojson).expect("geo types");
        let area: f64 = gc.iter().map(|g| g.unsigned_area()).sum();
        assert!(
            (mesh.triangle_area_deg2() - area).abs() < 1e-6 * area.max(1.0),
            "{} vs {area}",
            mesh.triangle_area_deg2()
        );
        for v in &mesh.vertices_lon_lat {
            assert!(
                (120.7..=123.7).contains(&v[0]) && (38.5..=40.3).contains(&v[1]),
                "{v:?} is outside the Dalian box"
            );
        }
    }
}
