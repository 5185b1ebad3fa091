//! Lengths and areas on the WGS-84 ellipsoid (geodesics, as GDAL/SpatiaLite's
//! `ST_Length(g, 1)` / `ST_Area(g, 1)` and PROJ's `geod` compute them), and their text
//! in the interface language. The annotation editor, the map's ruler and the tests share
//! these functions, so one geometry reads the same everywhere.
//!
//! Positions are WGS-84 `[lon, lat]` in degrees.

use crate::i18n::{Lang, MeasureKey, tr};

/// The geodesic through `lon_lat` as geo geometry.
fn line_string(lon_lat: &[[f64; 2]]) -> geo::LineString<f64> {
    lon_lat.iter().map(|&[x, y]| geo::Coord { x, y }).collect()
}

/// Length in metres of the line through `lon_lat`, along geodesics on the WGS-84
/// ellipsoid; 0 for fewer than two positions.
pub fn length_m(lon_lat: &[[f64; 2]]) -> f64 {
    use geo::{Geodesic, Length};
    if lon_lat.len() < 2 {
        return 0.0;
    }
    Geodesic.length(&line_string(lon_lat))
}

/// Perimeter in metres of the ring `lon_lat` (open or closed: the closing edge back to
/// the first position is counted once).
pub fn perimeter_m(ring: &[[f64; 2]]) -> f64 {
    let mut closed = ring.to_vec();
    if let (Some(&first), Some(&last)) = (ring.first(), ring.last())
        && first != last
    {
        closed.push(first);
    }
    length_m(&closed)
}

/// Area in square metres enclosed by `rings` on the WGS-84 ellipsoid: the first ring is
/// the outline, the others holes in it (each open or closed, either orientation). 0 when
/// the outline has fewer than three positions.
pub fn area_m2(rings: &[Vec<[f64; 2]>]) -> f64 {
    let Some((outline, holes)) = rings.split_first() else {
        return 0.0;
    };
    if outline.len() < 3 {
        return 0.0;
    }
    let cut: f64 = holes
        .iter()
        .filter(|h| h.len() >= 3)
        .map(|h| simple_ring_area_m2(h))
        .sum();
    (simple_ring_area_m2(outline) - cut).max(0.0)
}

/// The area inside one ring. geo's geodesic area reads a clockwise ring as enclosing the
/// rest of the globe, so the ring is turned counter-clockwise first.
fn simple_ring_area_m2(ring: &[[f64; 2]]) -> f64 {
    use geo::{GeodesicArea, Orient, orient::Direction};
    geo::Polygon::new(line_string(ring), Vec::new())
        .orient(Direction::Default)
        .geodesic_area_unsigned()
}

/// Area in square metres of the single ring `ring` (see [`area_m2`]).
pub fn ring_area_m2(ring: &[[f64; 2]]) -> f64 {
    area_m2(&[ring.to_vec()])
}

/// What the ruler reads for its points: the last segment, the whole line (around the
/// ring when closed) and, with three points or more, the area they enclose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    /// Metres from the last point but one to the last point (0 with fewer than two).
    pub segment_m: f64,
    /// Metres along the line, or around the ring when `closed`.
    pub total_m: f64,
    /// Square metres enclosed by the points taken as a ring; `None` below three points.
    pub area_m2: Option<f64>,
    /// The measurement was closed on its first point.
    pub closed: bool,
}

impl Reading {
    /// The reading of the points `lon_lat` (the last may be the pointer's position while
    /// measuring), closed or not.
    pub fn new(lon_lat: &[[f64; 2]], closed: bool) -> Reading {
        let n = lon_lat.len();
        Reading {
            segment_m: if n >= 2 { length_m(&lon_lat[n - 2..]) } else { 0.0 },
            total_m: if closed {
                perimeter_m(lon_lat)
            } else {
                length_m(lon_lat)
            },
            area_m2: (n >= 3).then(|| ring_area_m2(lon_lat)),
            closed,
        }
    }
}

/// A length as people write it: “850 m” below 1 km, “12.35 km” above (two decimals
/// below 100 km, one decimal above).
pub fn format_length(lang: Lang, metres: f64) -> String {
    let (m, km) = (
        tr(lang, MeasureKey::Metres.into()),
        tr(lang, MeasureKey::Kilometres.into()),
    );
    if metres < 1000.0 {
        format!("{metres:.0} {m}")
    } else if metres < 100_000.0 {
        format!("{:.2} {km}", metres / 1000.0)
    } else {
        format!("{:.1} {km}", metres / 1000.0)
    }
}

/// An area as people write it: m² below one hectare, hectares (公顷 in Chinese, ha in
/// English) below one km², km² above (two decimals below 1 000 km², one above).
pub fn format_area(lang: Lang, square_metres: f64) -> String {
    let unit = |k: MeasureKey| tr(lang, k.into());
    if square_metres < 10_000.0 {
        format!("{square_metres:.0} {}", unit(MeasureKey::SquareMetres))
    } else if square_metres < 1e6 {
        format!("{:.2} {}", square_metres / 1e4, unit(MeasureKey::Hectares))
    } else if square_metres < 1e9 {
        format!("{:.2} {}", square_metres / 1e6, unit(MeasureKey::SquareKilometres))
    } else {
        format!("{:.1} {}", square_metres / 1e6, unit(MeasureKey::SquareKilometres))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_latitude_near_dalian_is_about_111_km() {
        // WGS-84 meridian arc 38°–39°N: 111.04 km (geodesic tables).
        let l = length_m(&[[121.0, 38.0], [121.0, 39.0]]);
        assert!((l - 111_040.0).abs() < 100.0, "{l}");
        assert_eq!(length_m(&[[121.0, 38.0]]), 0.0);
    }

    #[test]
    fn a_hole_is_taken_out_of_the_area_and_orientation_does_not_matter() {
        let outline = vec![[121.0, 39.0], [121.1, 39.0], [121.1, 39.1], [121.0, 39.1]];
        let mut reversed = outline.clone();
        reversed.reverse();
        let hole = vec![[121.02, 39.02], [121.04, 39.02], [121.04, 39.04], [121.02, 39.04]];
        let whole = ring_area_m2(&outline);
        assert!(
            (whole - ring_area_m2(&reversed)).abs() < 1e-6 * whole,
            "{whole} {}",
            ring_area_m2(&reversed)
        );
        let holed = area_m2(&[outline, hole.clone()]);
        assert!((whole - holed - ring_area_m2(&hole)).abs() < 1.0, "{whole} {holed}");
        assert_eq!(area_m2(&[]), 0.0);
    }

    #[test]
    fn a_ring_perimeter_counts_the_closing_edge_once() {
        let open = [[121.0, 39.0], [121.1, 39.0], [121.1, 39.1]];
        let closed = [[121.0, 39.0], [121.1, 39.0], [121.1, 39.1], [121.0, 39.0]];
        assert!((perimeter_m(&open) - perimeter_m(&closed)).abs() < 1e-6);
        assert!(perimeter_m(&open) > length_m(&open));
    }

    #[test]
    fn the_ruler_reads_its_last_segment_its_total_and_from_three_points_its_area() {
        let points = [[121.0, 39.0], [121.1, 39.0], [121.1, 39.1]];
        let two = Reading::new(&points[..2], false);
        assert_eq!(two.area_m2, None);
        assert!((two.segment_m - two.total_m).abs() < 1e-9);
        let three = Reading::new(&points, false);
        assert!((three.segment_m - length_m(&points[1..])).abs() < 1e-9);
        assert!((three.total_m - length_m(&points)).abs() < 1e-9);
        assert_eq!(three.area_m2, Some(ring_area_m2(&points)));
        let closed = Reading::new(&points, true);
        assert!((closed.total_m - perimeter_m(&points)).abs() < 1e-9);
    }

    #[test]
    fn lengths_read_in_metres_or_kilometres_of_the_interface_language() {
        assert_eq!(format_length(Lang::Zh, 850.4), "850 m");
        assert_eq!(format_length(Lang::En, 850.4), "850 m");
        assert_eq!(format_length(Lang::Zh, 12_345.0), "12.35 km");
        assert_eq!(format_length(Lang::En, 263_456.0), "263.5 km");
    }

    #[test]
    fn areas_read_in_square_metres_hectares_or_square_kilometres() {
        assert_eq!(format_area(Lang::Zh, 9_500.0), "9500 m²");
        assert_eq!(format_area(Lang::En, 25_000.0), "2.50 ha");
        assert_eq!(format_area(Lang::Zh, 25_000.0), "2.50 公顷");
        assert_eq!(format_area(Lang::En, 568_630_000.0), "568.63 km²");
        assert_eq!(format_area(Lang::Zh, 12_574_000_000.0), "12574.0 km²");
    }
}
