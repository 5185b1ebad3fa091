//! No spikes in the basemap: the 1:1M coastline's narrow inlets and spits, and boundaries
//! meeting the coast at a shallow angle, left ring vertices of a few degrees (down to
//! 0.008°) that an outline with mitred joins draws as thin lines hundreds of pixels long
//! (庄河's coast, west of 长兴岛). `build-maps` cuts them off; these tests keep them off, in the
//! data and in what the map draws from it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use dalian_atlas::basemap::{self, Basemap, SPIKE_MAX_ANGLE_DEG, SharpVertex, sharp_vertices};
use dalian_atlas::catalogue::Catalogue;
use dalian_atlas::catalogue::geometry::{FeatureShapes, PlacedGeometry};
use dalian_atlas::map::lod::{BAND_MIN_ZOOMS, CachedPolygon, band_for_zoom, lon_lat_from_mercator};
use geo::{BooleanOps, GeodesicArea, MultiPolygon, Orient, Polygon, SimplifyVwPreserve, orient::Direction};

fn builtin() -> Basemap {
    Basemap::builtin().expect("the committed layers parse")
}

/// Every polygon layer of the basemap, named.
fn layers(b: &Basemap) -> Vec<(String, MultiPolygon<f64>)> {
    let land = b
        .land
        .iter()
        .enumerate()
        .map(|(k, l)| (format!("land-{k}"), MultiPolygon(vec![l.geometry.clone()])));
    let divisions = b.divisions.iter().map(|d| (d.name_zh.clone(), d.geometry.clone()));
    let areas = b.functional_areas.iter().map(|f| (f.id.clone(), f.geometry.clone()));
    land.chain(divisions).chain(areas).collect()
}

fn describe(found: &[(String, SharpVertex)]) -> String {
    found
        .iter()
        .take(12)
        .map(|(name, s)| format!("{name}: {:.3}° at {:.5}, {:.5}", s.angle_deg, s.lon, s.lat))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_ring_of_the_land_the_divisions_or_the_functional_areas_turns_back_on_itself_in_a_spike() {
    let b = builtin();
    let mut found = Vec::new();
    for (name, g) in layers(&b) {
        found.extend(
            sharp_vertices(&g, SPIKE_MAX_ANGLE_DEG)
                .into_iter()
                .map(|s| (name.clone(), s)),
        );
    }
    assert!(found.is_empty(), "{} spikes:\n{}", found.len(), describe(&found));
    // The tips of the reported slivers are gone: 庄河's coast, west of 长兴岛, and the
    // zero-width spit on 甘井子's shore.
    for (lon, lat) in [
        (123.21288, 39.65656),
        (123.23046, 39.68694),
        (121.23839, 39.45127),
        (121.66196, 39.00488),
    ] {
        for (name, g) in layers(&b) {
            let near = g
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .flat_map(|r| r.0.iter())
                .any(|c| (c.x - lon).abs() < 1e-5 && (c.y - lat).abs() < 1e-5);
            assert!(!near, "{name} still has the tip at {lon}, {lat}");
        }
    }
}

/// Interior angles (degrees) of the rings of one band, in normalised Mercator (conformal:
/// the angles are the ones drawn), under the spike limit.
fn sharp_in_band(name: &str, rings: &[Vec<[f64; 2]>], band: usize, out: &mut Vec<(String, SharpVertex)>) {
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (a, b, c) = (ring[(i + n - 1) % n], ring[i], ring[(i + 1) % n]);
            let (u, v) = ([a[0] - b[0], a[1] - b[1]], [c[0] - b[0], c[1] - b[1]]);
            let (lu, lv) = (u[0].hypot(u[1]), v[0].hypot(v[1]));
            if lu == 0.0 || lv == 0.0 {
                continue;
            }
            let angle = ((u[0] * v[0] + u[1] * v[1]) / (lu * lv))
                .clamp(-1.0, 1.0)
                .acos()
                .to_degrees();
            if angle < SPIKE_MAX_ANGLE_DEG {
                let [lon, lat] = lon_lat_from_mercator(b);
                out.push((
                    format!("{name} (zoom {}+)", BAND_MIN_ZOOMS[band]),
                    SharpVertex {
                        lon,
                        lat,
                        angle_deg: angle,
                    },
                ));
            }
        }
    }
}

#[test]
fn outlines_simplified_for_drawing_at_zoom_10_and_closer_have_no_spike() {
    let b = builtin();
    let mut found = Vec::new();
    for (name, g) in layers(&b) {
        let cached = CachedPolygon::new(&g, &|p| p).expect("not empty");
        for band in band_for_zoom(10.0)..cached.bands.len() {
            sharp_in_band(&name, &cached.bands[band].rings, band, &mut found);
        }
    }
    assert!(found.is_empty(), "{} spikes:\n{}", found.len(), describe(&found));
}

#[test]
fn plan_areas_simplified_as_coarsely_as_the_plan_layer_draws_them_have_no_spike() {
    // The plan layer draws its areas (unions of divisions or functional areas) simplified
    // once to about 100 m (Visvalingam, 1e-6 square degrees): a narrow inlet cut back only
    // at its very tip would come back as a spike there.
    let b = builtin();
    let catalogue = Catalogue::builtin().expect("catalogue");
    let shapes = FeatureShapes::new(&catalogue, &b);
    let mut found = Vec::new();
    for (k, g) in &shapes.shapes {
        if let PlacedGeometry::Area(area) = g {
            let simplified = area.simplify_vw_preserve(1e-6);
            let id = &catalogue.features[*k].id;
            found.extend(
                sharp_vertices(&simplified, SPIKE_MAX_ANGLE_DEG)
                    .into_iter()
                    .map(|s| (id.clone(), s)),
            );
        }
    }
    assert!(found.is_empty(), "{} spikes:\n{}", found.len(), describe(&found));
}

#[test]
fn cutting_the_spikes_moves_less_than_three_square_kilometres_of_the_coastline() {
    let b = builtin();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/maps/coastline-osm.geojson"))
        .expect("the OSM coastline input");
    let gj: geojson::GeoJson = text.parse().expect("GeoJSON");
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!("a FeatureCollection")
    };
    let osm: Vec<Polygon<f64>> = fc
        .features
        .iter()
        .filter_map(|f| f.geometry.as_ref())
        .filter_map(|g| Polygon::<f64>::try_from(g.value.clone()).ok())
        .collect();
    assert_eq!(osm.len(), 39);
    let (mut moved, mut net) = (0.0, 0.0);
    for (k, source) in osm.iter().enumerate() {
        // The land file keeps the OSM polygons first, in file order.
        let land = MultiPolygon(vec![b.land[k].geometry.clone()]);
        let source = MultiPolygon(vec![source.orient(Direction::Default)]);
        let (before, after) = (basemap::area_km2(&source), basemap::area_km2(&land));
        assert!(
            (after - before).abs() <= 0.05 * before,
            "land-{k}: {before:.3} → {after:.3} km²"
        );
        moved += source.xor(&land).geodesic_area_unsigned() / 1e6;
        net += after - before;
    }
    assert!(moved < 3.0, "{moved:.2} km² of land cut off or filled in");
    assert!(net.abs() < 0.5, "the land changed by {net:+.2} km² in all");
}
