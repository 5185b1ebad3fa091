//! Context land: the land beyond the data box ([`DATA_BOX_LON_LAT`]), from Natural Earth,
//! so a map never shows blank canvas where the detailed layers stop (营口 and 丹东 north
//! of 40.2° N, the 山东 peninsula and 庙岛 islands to the south, the Korean coast).
//!
//! `build-maps` writes it ([`CONTEXT_LAND_FILE`]) as the Natural Earth land of
//! [`NATURAL_EARTH_CONTEXT_FILE`] minus the data box: inside the box only the detailed
//! OpenStreetMap/GSHHG land shows (no seam, no second coastline), outside it this one.
//! It is context, not data: drawn, checked, never exported.
//!
//! The layer is cut into tiles of [`CONTEXT_TILE_DEG`] degrees, so a map of a small area
//! draws (and transforms) only the few tiles in view. Its rings therefore run straight
//! along the data box where the land was cut, along the edge of [`CONTEXT_BOX_LON_LAT`]
//! where Natural Earth was clipped and along the tile lines; none of those is coast.
//! [`coast_runs`] gives the parts of a ring that are, for the map to outline.

use geo::{Area, BooleanOps, Coord, LineString, MultiPolygon, Polygon, Rect, Validation};

use super::{Basemap, BasemapError, DATA_BOX_LON_LAT, LandPolygon};

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

/// Size of the context layer's tiles in degrees, from the south-west corner of
/// [`CONTEXT_BOX_LON_LAT`].
pub const CONTEXT_TILE_DEG: f64 = 2.0;

/// The land of `natural_earth` (polygons from [`NATURAL_EARTH_CONTEXT_FILE`]) outside the
/// data box: all of it dissolved into one geometry (pieces of two resolutions meet along
/// straight lines, which disappear), the box taken out, then cut into the tiles of
/// [`CONTEXT_TILE_DEG`] (west to east, then south to north). Not rounded.
pub fn context_land_of(natural_earth: &[Polygon<f64>]) -> MultiPolygon<f64> {
    let all = MultiPolygon(natural_earth.to_vec());
    let dissolved = all.union(&MultiPolygon(Vec::new()));
    let outside = dissolved.difference(&box_polygon(DATA_BOX_LON_LAT));
    let (xs, ys) = tile_lines();
    let mut tiles = Vec::new();
    for row in ys.windows(2) {
        for column in xs.windows(2) {
            let cell = box_polygon((column[0], row[0], column[1], row[1]));
            tiles.extend(outside.intersection(&cell).0);
        }
    }
    MultiPolygon(tiles)
}

/// The tile lines of the context layer: longitudes and latitudes from the south-west
/// corner of [`CONTEXT_BOX_LON_LAT`] every [`CONTEXT_TILE_DEG`], ending at its far edges.
fn tile_lines() -> (Vec<f64>, Vec<f64>) {
    let (w, s, e, n) = CONTEXT_BOX_LON_LAT;
    let lines = |from: f64, to: f64| {
        let mut v: Vec<f64> = (0..)
            .map(|k| from + CONTEXT_TILE_DEG * f64::from(k))
            .take_while(|&x| x < to)
            .collect();
        v.push(to);
        v
    };
    (lines(w, e), lines(s, n))
}

/// Straight lines where land was cut, not coast: longitudes (`xs`) and latitudes (`ys`),
/// in whatever space the rings are (lon/lat, or Mercator for the map's cache: there too a
/// longitude is one x and a latitude one y).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CutLines {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
}

impl CutLines {
    /// The edges of `boxes` (lon min, lat min, lon max, lat max).
    pub fn of_boxes(boxes: &[(f64, f64, f64, f64)]) -> CutLines {
        CutLines {
            xs: boxes.iter().flat_map(|b| [b.0, b.2]).collect(),
            ys: boxes.iter().flat_map(|b| [b.1, b.3]).collect(),
        }
    }

    /// The cuts of the context layer: the data box, the context box and the tile lines.
    pub fn context() -> CutLines {
        let mut cuts = CutLines::of_boxes(&[DATA_BOX_LON_LAT, CONTEXT_BOX_LON_LAT]);
        let (xs, ys) = tile_lines();
        cuts.xs.extend(xs);
        cuts.ys.extend(ys);
        cuts
    }

    /// The same lines mapped by `x` and `y` (e.g. into Mercator).
    pub fn mapped(&self, x: impl Fn(f64) -> f64, y: impl Fn(f64) -> f64) -> CutLines {
        CutLines {
            xs: self.xs.iter().map(|&v| x(v)).collect(),
            ys: self.ys.iter().map(|&v| y(v)).collect(),
        }
    }

    /// Whether the segment `a`–`b` runs along one of the lines (both ends exactly on it).
    fn cuts(&self, a: Coord<f64>, b: Coord<f64>) -> bool {
        (a.x == b.x && self.xs.contains(&a.x)) || (a.y == b.y && self.ys.contains(&a.y))
    }
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

/// The coast of `polygon`: every ring (exterior and holes) as open lines, split where a
/// segment runs along one of `cuts` (exact coordinates, as a clip to a box writes them).
/// A ring with no such segment comes back whole and closed.
pub fn coast_runs(polygon: &Polygon<f64>, cuts: &CutLines) -> Vec<LineString<f64>> {
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
        let cut: Vec<bool> = (0..n).map(|k| cuts.cuts(points[k], points[(k + 1) % n])).collect();
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

/// Problems with the context land ([`CONTEXT_LAND_FILE`]): an invalid polygon, or land
/// inside the data box (where only the detailed land may show).
pub(super) fn check_context_land(context: &[LandPolygon]) -> Vec<String> {
    let mut problems = Vec::new();
    for (k, l) in context.iter().enumerate() {
        if let Err(e) = l.geometry.check_validation() {
            problems.push(format!("{CONTEXT_LAND_FILE}: polygon {k} is not a valid polygon: {e}"));
        }
    }
    // 1e-9 square degrees ≈ 0.01 km²: more than rounding to 7 decimals can leave.
    let inside = context_area_inside_data_box(context);
    if inside > 1e-9 {
        problems.push(format!(
            "{CONTEXT_LAND_FILE}: {inside:.6} square degrees of it lie inside the data box {DATA_BOX_LON_LAT:?}, \
             where only the detailed land may show; re-run `cargo run --release --bin build-maps`"
        ));
    }
    problems
}

impl super::Basemap {
    /// This basemap with the context land parsed from `text` (the text of
    /// [`CONTEXT_LAND_FILE`]) and its attribution added.
    pub fn with_context_land(mut self, text: &str) -> Result<Basemap, BasemapError> {
        let (context_land, attribution) = super::geojson::parse_land(CONTEXT_LAND_FILE, text)?;
        self.context_land = context_land;
        self.attributions.push(attribution);
        Ok(self)
    }
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
        let runs = coast_runs(&p, &CutLines::of_boxes(&[DATA_BOX_LON_LAT]));
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
    fn the_context_cuts_are_the_boxes_edges_and_every_tile_line() {
        let cuts = CutLines::context();
        for x in [108.0, 110.0, 120.8, 122.0, 123.6, 136.0, 137.0] {
            assert!(cuts.xs.contains(&x), "{x}");
        }
        for y in [30.0, 38.0, 38.6, 40.2, 46.0, 48.0] {
            assert!(cuts.ys.contains(&y), "{y}");
        }
        assert!(!cuts.xs.contains(&121.0) && !cuts.ys.contains(&39.0));
    }

    #[test]
    fn a_ring_with_no_cut_comes_back_closed_and_whole() {
        let p = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 0.5, y: 1.0), (x: 0.0, y: 0.0)];
        let runs = coast_runs(&p, &CutLines::of_boxes(&[DATA_BOX_LON_LAT]));
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
        let runs = coast_runs(&p, &CutLines::of_boxes(&[DATA_BOX_LON_LAT, CONTEXT_BOX_LON_LAT]));
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
        // Cut at the tile line of latitude 40 + 2k from 30: lat 40 is one, 42 the next, so
        // the part north of 40.2 stays one piece.
        assert_eq!(outside.0.len(), 1, "{outside:?}");
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
