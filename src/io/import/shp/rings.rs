//! Polygon rings of a shapefile record sorted into polygons.
//!
//! Shapefile convention: outer rings clockwise, holes counter-clockwise (y up). Each hole
//! goes to the smallest outer ring that contains it. Where the orientation is wrong but
//! the meaning is plain, the rings are still sorted: a “hole” inside no outer ring
//! becomes an outer ring itself, and when every ring has the same orientation each is an
//! outer ring or a hole by how deeply it is nested in the others (as GDAL does).

use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon};

/// Twice the signed area (positive: counter-clockwise, y up).
fn signed_area2(ring: &LineString<f64>) -> f64 {
    let c = &ring.0;
    if c.len() < 3 {
        return 0.0;
    }
    let mut sum = 0.0;
    for i in 0..c.len() {
        let a = c[i];
        let b = c[(i + 1) % c.len()];
        sum += a.x * b.y - b.x * a.y;
    }
    sum
}

#[derive(Clone, Copy)]
struct BBox {
    min: Coord<f64>,
    max: Coord<f64>,
}

fn bbox(ring: &LineString<f64>) -> BBox {
    let mut b = BBox {
        min: Coord {
            x: f64::INFINITY,
            y: f64::INFINITY,
        },
        max: Coord {
            x: f64::NEG_INFINITY,
            y: f64::NEG_INFINITY,
        },
    };
    for c in &ring.0 {
        b.min.x = b.min.x.min(c.x);
        b.min.y = b.min.y.min(c.y);
        b.max.x = b.max.x.max(c.x);
        b.max.y = b.max.y.max(c.y);
    }
    b
}

impl BBox {
    fn contains(&self, o: &BBox) -> bool {
        self.min.x <= o.min.x && self.min.y <= o.min.y && self.max.x >= o.max.x && self.max.y >= o.max.y
    }
}

/// Where a point lies relative to a ring.
#[derive(PartialEq)]
enum Side {
    Inside,
    Outside,
    Boundary,
}

fn side(ring: &LineString<f64>, p: Coord<f64>) -> Side {
    let c = &ring.0;
    let n = c.len();
    if n < 3 {
        return Side::Outside;
    }
    let mut inside = false;
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (c[i], c[j]);
        // On the segment a–b?
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if cross == 0.0 && p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y) {
            return Side::Boundary;
        }
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
        j = i;
    }
    if inside { Side::Inside } else { Side::Outside }
}

/// Whether ring `inner` lies inside ring `outer` (judged by its first vertex that is
/// not on `outer`'s boundary; a ring wholly on the boundary counts as inside).
fn ring_in(outer: &LineString<f64>, outer_box: &BBox, inner: &LineString<f64>, inner_box: &BBox) -> bool {
    if !outer_box.contains(inner_box) {
        return false;
    }
    for p in &inner.0 {
        match side(outer, *p) {
            Side::Inside => return true,
            Side::Outside => return false,
            Side::Boundary => {}
        }
    }
    true
}

/// The polygon (one outer ring) or multipolygon of a record's rings.
pub fn polygon(mut rings: Vec<LineString<f64>>) -> Geometry<f64> {
    if rings.len() == 1
        && let Some(ring) = rings.pop()
    {
        return Geometry::Polygon(Polygon::new(ring, Vec::new()));
    }
    let boxes: Vec<BBox> = rings.iter().map(bbox).collect();
    let areas: Vec<f64> = rings.iter().map(signed_area2).collect();
    let clockwise = areas.iter().filter(|a| **a < 0.0).count();
    let counter = areas.iter().filter(|a| **a > 0.0).count();
    let n = rings.len();
    // Outer or hole for each ring.
    let outer: Vec<bool> = if clockwise > 0 && counter > 0 || n <= 1 {
        areas.iter().map(|a| *a <= 0.0).collect()
    } else {
        // One orientation throughout: decide by nesting depth.
        (0..n)
            .map(|i| {
                let depth = (0..n)
                    .filter(|&j| j != i && areas[j].abs() > areas[i].abs())
                    .filter(|&j| ring_in(&rings[j], &boxes[j], &rings[i], &boxes[i]))
                    .count();
                depth % 2 == 0
            })
            .collect()
    };
    let mut outers: Vec<usize> = (0..n).filter(|&i| outer[i]).collect();
    let mut holes_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for hole in (0..n).filter(|&i| !outer[i]) {
        let host = outers
            .iter()
            .copied()
            .filter(|&o| ring_in(&rings[o], &boxes[o], &rings[hole], &boxes[hole]))
            .min_by(|&a, &b| areas[a].abs().total_cmp(&areas[b].abs()));
        match host {
            Some(o) => holes_of[o].push(hole),
            // A hole inside no outer ring: an outer ring written the wrong way round.
            None => outers.push(hole),
        }
    }
    outers.sort_unstable();
    let mut slots: Vec<Option<LineString<f64>>> = rings.into_iter().map(Some).collect();
    let mut polygons: Vec<Polygon<f64>> = outers
        .iter()
        .map(|&o| {
            let exterior = slots[o].take().unwrap_or_else(|| LineString(Vec::new()));
            let interiors = holes_of[o].iter().filter_map(|&h| slots[h].take()).collect();
            Polygon::new(exterior, interiors)
        })
        .collect();
    if polygons.len() == 1
        && let Some(p) = polygons.pop()
    {
        return Geometry::Polygon(p);
    }
    Geometry::MultiPolygon(MultiPolygon(polygons))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[(f64, f64)]) -> LineString<f64> {
        LineString(points.iter().map(|&(x, y)| Coord { x, y }).collect())
    }

    /// Clockwise square (an outer ring in shapefile convention).
    fn cw(x0: f64, y0: f64, s: f64) -> LineString<f64> {
        ring(&[(x0, y0), (x0, y0 + s), (x0 + s, y0 + s), (x0 + s, y0), (x0, y0)])
    }

    fn ccw(x0: f64, y0: f64, s: f64) -> LineString<f64> {
        let mut r = cw(x0, y0, s);
        r.0.reverse();
        r
    }

    #[test]
    fn holes_go_to_the_outer_ring_that_contains_them() {
        let g = polygon(vec![
            cw(0.0, 0.0, 10.0),
            cw(20.0, 0.0, 10.0),
            ccw(22.0, 2.0, 2.0),
            ccw(2.0, 2.0, 2.0),
        ]);
        let Geometry::MultiPolygon(m) = g else { panic!("{g:?}") };
        assert_eq!(m.0.len(), 2);
        assert_eq!(m.0[0].interiors().len(), 1);
        assert_eq!(m.0[0].interiors()[0].0[0], Coord { x: 2.0, y: 2.0 });
        assert_eq!(m.0[1].interiors()[0].0[0], Coord { x: 22.0, y: 2.0 });
    }

    #[test]
    fn rings_all_written_one_way_round_are_sorted_by_nesting() {
        // All counter-clockwise: a square with a hole, and an island in the hole.
        let g = polygon(vec![ccw(0.0, 0.0, 10.0), ccw(2.0, 2.0, 6.0), ccw(4.0, 4.0, 2.0)]);
        let Geometry::MultiPolygon(m) = g else { panic!("{g:?}") };
        assert_eq!(m.0.len(), 2);
        assert_eq!(m.0[0].interiors().len(), 1);
        assert_eq!(m.0[1].exterior().0[0], Coord { x: 4.0, y: 4.0 });
        // A lone counter-clockwise ring is still a polygon.
        assert!(matches!(polygon(vec![ccw(0.0, 0.0, 1.0)]), Geometry::Polygon(_)));
    }

    #[test]
    fn a_hole_outside_every_outer_ring_becomes_a_polygon_of_its_own() {
        let g = polygon(vec![cw(0.0, 0.0, 1.0), ccw(5.0, 5.0, 1.0)]);
        let Geometry::MultiPolygon(m) = g else { panic!("{g:?}") };
        assert_eq!(m.0.len(), 2);
        assert!(m.0.iter().all(|p| p.interiors().is_empty()));
    }
}
