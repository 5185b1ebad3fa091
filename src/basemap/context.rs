//! Context land: the land beyond the data box ([`DATA_BOX_LON_LAT`]), from Natural Earth,
//! so a map never shows blank canvas where the detailed layers stop (营口 and 丹东 north
//! of 40.2° N, the 山东 peninsula and 庙岛 islands to the south, the Korean coast).
//!
//! `build-maps` writes it ([`CONTEXT_LAND_FILE`]) as the Natural Earth land of
//! [`NATURAL_EARTH_CONTEXT_FILE`] minus the data box: inside the box only the detailed
//! OpenStreetMap/GSHHG land shows (no seam, no second coastline), outside it this one.
//! It is context, not data: drawn, checked, never exported.
//!
//! Its rings run straight along the data box where the land was cut, and along the edge
//! of [`CONTEXT_BOX_LON_LAT`] where Natural Earth was clipped; those edges are not coast.
//! [`coast_runs`] gives the parts of a ring that are, for the map to outline.

use geo::{Area, BooleanOps, Coord, LineString, MultiPolygon, Polygon, Rect};

use super::{DATA_BOX_LON_LAT, LandPolygon};

/// The committed Natural Earth input of `build-maps` in `maps/`.
pub const NATURAL_EARTH_CONTEXT_FILE: &str = "land-naturalearth-context.geojson";
/// The generated context layer in `maps/`.
pub const CONTEXT_LAND_FILE: &str = "context-land.geojson";

/// The box the Natural Earth input covers (lon min, lat min, lon max, lat max): what the
/// window shows at its lowest zoom ([`CONTEXT_MIN_ZOOM`]) from any centre it allows
/// ([`CONTEXT_CENTRE_BOX_LON_LAT`]) on a map up to about 2,000 × 1,300 pixels.
pub const CONTEXT_BOX_LON_LAT: (f64, f64, f64, f64) = (108.0, 30.0, 137.0, 48.0);

/// The lowest zoom the window lets the user reach: at zoom 7 a 1,600-pixel map spans
/// 17.6° of longitude, inside [`CONTEXT_BOX_LON_LAT`].
pub const CONTEXT_MIN_ZOOM: f64 = 7.0;

/// Where the window lets the map's centre go (lon min, lat min, lon max, lat max):
/// Dalian and a few degrees around it, so panning never leaves the context land.
pub const CONTEXT_CENTRE_BOX_LON_LAT: (f64, f64, f64, f64) = (118.0, 36.0, 126.5, 42.0);

/// The land of `natural_earth` (polygons from [`NATURAL_EARTH_CONTEXT_FILE`]) outside the
/// data box: all of it dissolved into one geometry (pieces of two resolutions meet along
/// straight lines, which disappear), then the box taken out. Not rounded.
pub fn context_land_of(natural_earth: &[Polygon<f64>]) -> MultiPolygon<f64> {
    let all = MultiPolygon(natural_earth.to_vec());
    let dissolved = all.union(&MultiPolygon(Vec::new()));
    dissolved.difference(&box_polygon(DATA_BOX_LON_LAT))
}

/// The rectangle `(x0, y0, x1, y1)` as a polygon.
pub fn box_polygon(b: (f64, f64, f64, f64)) -> MultiPolygon<f64> {
    let (x0, y0, x1, y1) = b;
    MultiPolygon(vec![
        Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 }).to_polygon(),
    ])
}

/// Area (in square degrees) of the context land that lies inside the data box: zero for a
/// correct layer (`check` fails above a rounding error).
pub fn context_area_inside_data_box(context: &[LandPolygon]) -> f64 {
    let mp = MultiPolygon(context.iter().map(|l| l.geometry.clone()).collect());
    mp.intersection(&box_polygon(DATA_BOX_LON_LAT)).unsigned_area()
}

/// Whether the segment `a`–`b` runs along an edge of one of `boxes` (both ends on the
/// same edge line): a cut, not coast.
fn on_box_edge(a: Coord<f64>, b: Coord<f64>, boxes: &[(f64, f64, f64, f64)]) -> bool {
    boxes.iter().any(|&(x0, y0, x1, y1)| {
        let vertical = |x: f64| a.x == x && b.x == x;
        let horizontal = |y: f64| a.y == y && b.y == y;
        vertical(x0) || vertical(x1) || horizontal(y0) || horizontal(y1)
    })
}

/// The coast of `polygon`: every ring (exterior and holes) as open lines, split where a
/// segment runs along an edge of one of `cut_boxes` (exact coordinates, as a clip to the
/// box writes them). A ring with no such segment comes back whole and closed.
pub fn coast_runs(polygon: &Polygon<f64>, cut_boxes: &[(f64, f64, f64, f64)]) -> Vec<LineString<f64>> {
    let mut out = Vec::new();
    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
        let mut points: Vec<Coord<f64>> = ring.0.clone();
        if points.len() > 1 && points.first() == points.last() {
            points.pop();
        }
        let n = points.len();
        if n < 2 {
            continue;
        }
        let cut: Vec<bool> = (0..n)
            .map(|k| on_box_edge(points[k], points[(k + 1) % n], cut_boxes))
            .collect();
        let Some(first_cut) = cut.iter().position(|&c| c) else {
            let mut closed = points;
            closed.push(closed[0]);
            out.push(LineString(closed));
            continue;
        };
        // Start right after a cut, so no run wraps around the ring's end.
        let mut run: Vec<Coord<f64>> = Vec::new();
        for step in 1..=n {
            let k = (first_cut + step) % n;
            if cut[k] {
                // The run already ends at the cut's first point.
                if run.len() >= 2 {
                    out.push(LineString(std::mem::take(&mut run)));
                }
                run.clear();
            } else {
                if run.is_empty() {
                    run.push(points[k]);
                }
                run.push(points[(k + 1) % n]);
            }
        }
        if run.len() >= 2 {
            out.push(LineString(run));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn a_ring_cut_by_the_box_edge_loses_only_the_straight_cut() {
        // Land north of the box's top edge (lat 40.2): a coast bump, then the cut along 40.2.
        let p = polygon![
            (x: 121.0, y: 40.2),
            (x: 122.0, y: 40.2),
            (x: 122.0, y: 40.6),
            (x: 121.5, y: 40.8),
            (x: 121.0, y: 40.6),
            (x: 121.0, y: 40.2),
        ];
        let runs = coast_runs(&p, &[DATA_BOX_LON_LAT]);
        assert_eq!(runs.len(), 1, "{runs:?}");
        let run: Vec<(f64, f64)> = runs[0].0.iter().map(|c| (c.x, c.y)).collect();
        assert_eq!(
            run,
            vec![
                (122.0, 40.2),
                (122.0, 40.6),
                (121.5, 40.8),
                (121.0, 40.6),
                (121.0, 40.2)
            ]
        );
    }

    #[test]
    fn a_ring_with_no_cut_comes_back_closed_and_whole() {
        let p = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 0.5, y: 1.0), (x: 0.0, y: 0.0)];
        let runs = coast_runs(&p, &[DATA_BOX_LON_LAT]);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].0.len(), 4);
        assert_eq!(runs[0].0.first(), runs[0].0.last());
    }

    #[test]
    fn two_cuts_split_a_ring_into_two_coasts() {
        // A strip between the box's east edge (123.6) and the context box's east edge (137).
        let p = polygon![
            (x: 123.6, y: 39.0),
            (x: 130.0, y: 39.0),
            (x: 137.0, y: 39.0),
            (x: 137.0, y: 40.0),
            (x: 130.0, y: 40.0),
            (x: 123.6, y: 40.0),
            (x: 123.6, y: 39.0),
        ];
        let runs = coast_runs(&p, &[DATA_BOX_LON_LAT, CONTEXT_BOX_LON_LAT]);
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert!(
            runs.iter()
                .all(|r| r.0.iter().all(|c| c.y == 39.0) || r.0.iter().all(|c| c.y == 40.0))
        );
    }

    #[test]
    fn the_context_land_of_a_piece_across_the_box_keeps_only_what_lies_outside() {
        let across = polygon![
            (x: 121.0, y: 40.0),
            (x: 122.0, y: 40.0),
            (x: 122.0, y: 41.0),
            (x: 121.0, y: 41.0),
            (x: 121.0, y: 40.0),
        ];
        let outside = context_land_of(&[across]);
        let area = outside.unsigned_area();
        assert!((area - 0.8).abs() < 1e-6, "{area}");
        let pieces: Vec<LandPolygon> = outside
            .0
            .into_iter()
            .map(|geometry| LandPolygon {
                geometry,
                precision: super::super::Precision::Approximate,
                source: "test".into(),
            })
            .collect();
        assert!(context_area_inside_data_box(&pieces) < 1e-12);
    }
}
