//! Coastlines of cached land polygons without the straight cuts where the data was clipped
//! (the data box, the context box, the context layer's tile lines): those edges are not
//! coast and get no stroke.
//!
//! Built once per band from the very rings the fill draws ([`CachedPolygon`]'s bands, so
//! stroke and fill line up at every zoom), split where a segment lies on a cut line
//! ([`crate::basemap::coast_runs`], in Mercator: a longitude is one x, a latitude one y),
//! and cut into short pieces with their own boxes, so a frame strokes only the coast in
//! view — a long coast is tessellated per piece, not whole.

use egui::{Pos2, Shape, Stroke};
use geo::{Coord, LineString, Polygon};

use crate::basemap::{CutLines, coast_runs};
use crate::map::lod::{CachedPolygon, MercatorBox, ScreenFromMercator, kept_band, mercator_from_lon_lat};

/// Positions per stroked piece (consecutive pieces share an end point).
const PIECE_POINTS: usize = 64;

/// One short stretch of coast in normalised Mercator.
#[derive(Clone, Debug, PartialEq)]
struct CoastPiece {
    bbox: MercatorBox,
    points: Vec<[f64; 2]>,
}

/// The coast of one land polygon, per band of its [`CachedPolygon`].
#[derive(Clone, Debug, PartialEq)]
pub struct CachedCoast {
    bands: Vec<Vec<CoastPiece>>,
}

impl CachedCoast {
    /// The coast of `polygon`'s rings at each of its bands, without the segments on one of
    /// the lon/lat lines `cuts`. `cuts` must be in Mercator already ([`mercator_cuts`]).
    pub fn new(polygon: &CachedPolygon, cuts: &CutLines) -> CachedCoast {
        let bands = polygon
            .bands
            .iter()
            .map(|band| {
                band.rings
                    .iter()
                    .flat_map(|ring| {
                        let ring: LineString<f64> = ring.iter().map(|p| Coord { x: p[0], y: p[1] }).collect();
                        coast_runs(&Polygon::new(ring, Vec::new()), cuts)
                    })
                    .flat_map(|run| pieces(&run))
                    .collect()
            })
            .collect();
        CachedCoast { bands }
    }

    /// Strokes the pieces in `view` at the band for `to_screen.zoom`.
    pub fn paint(&self, to_screen: &ScreenFromMercator, view: &MercatorBox, stroke: Stroke, out: &mut Vec<Shape>) {
        let Some(band) = self.bands.get(kept_band(self.bands.len(), to_screen.zoom)) else {
            return;
        };
        for piece in band.iter().filter(|p| p.bbox.intersects(view)) {
            let points: Vec<Pos2> = piece.points.iter().map(|&p| to_screen.apply(p)).collect();
            out.push(Shape::line(points, stroke));
        }
    }

    /// Number of stroked positions at each band (for tests and the report).
    pub fn positions_per_band(&self) -> Vec<usize> {
        self.bands
            .iter()
            .map(|b| b.iter().map(|p| p.points.len()).sum())
            .collect()
    }
}

/// The lon/lat `cuts` in normalised Mercator, where a polygon mapped by `shift` then
/// Mercator has its rings: exact for an identity `shift` (a longitude is one x, a latitude
/// one y); a datum shift bends the lines, and then nothing is left out (`None`).
pub fn mercator_cuts(cuts: &CutLines, shift: &dyn Fn([f64; 2]) -> [f64; 2]) -> Option<CutLines> {
    let probe = [121.0, 39.0];
    if shift(probe) != probe {
        return None;
    }
    Some(cuts.mapped(
        |lon| mercator_from_lon_lat([lon, 0.0])[0],
        |lat| mercator_from_lon_lat([0.0, lat])[1],
    ))
}

/// `run` in pieces of at most [`PIECE_POINTS`] positions sharing their end points.
fn pieces(run: &LineString<f64>) -> Vec<CoastPiece> {
    let points: Vec<[f64; 2]> = run.0.iter().map(|c| [c.x, c.y]).collect();
    if points.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = 0;
    while start + 1 < points.len() {
        let end = (start + PIECE_POINTS - 1).min(points.len() - 1);
        let slice = points[start..=end].to_vec();
        if let Some(bbox) = MercatorBox::of(slice.iter().copied()) {
            out.push(CoastPiece { bbox, points: slice });
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::DATA_BOX_LON_LAT;
    use geo::{MultiPolygon, polygon};

    #[test]
    fn the_coast_of_land_cut_at_the_data_box_has_no_stroke_along_the_cut() {
        // Land south of the box's bottom edge (lat 38.6), cut along it.
        let land = polygon![
            (x: 121.0, y: 38.6),
            (x: 121.0, y: 38.0),
            (x: 121.5, y: 37.8),
            (x: 122.0, y: 38.0),
            (x: 122.0, y: 38.6),
            (x: 121.0, y: 38.6),
        ];
        let cached = CachedPolygon::new(&MultiPolygon(vec![land]), &|p| p).expect("geometry");
        let cuts = mercator_cuts(&CutLines::of_boxes(&[DATA_BOX_LON_LAT]), &|p| p).expect("no shift");
        let coast = CachedCoast::new(&cached, &cuts);
        let cut_y = mercator_from_lon_lat([121.0, 38.6])[1];
        for band in &coast.bands {
            let points: Vec<[f64; 2]> = band.iter().flat_map(|p| p.points.clone()).collect();
            assert_eq!(points.len(), 5, "the run from one end of the cut round to the other");
            let on_cut = points.iter().filter(|p| p[1] == cut_y).count();
            assert_eq!(on_cut, 2, "only the run's two ends lie on the cut");
        }
    }

    #[test]
    fn a_long_coast_is_cut_into_pieces_that_share_their_ends() {
        let run: LineString<f64> = (0..200).map(|k| Coord { x: k as f64, y: 0.0 }).collect();
        let p = pieces(&run);
        assert_eq!(p.len(), 4);
        for w in p.windows(2) {
            assert_eq!(w[0].points.last(), w[1].points.first());
        }
        assert_eq!(p.iter().map(|x| x.points.len()).sum::<usize>(), 200 + 3);
    }
}
