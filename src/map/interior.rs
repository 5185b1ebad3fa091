//! A label point inside a polygon in one pass over its edges (issue 14).
//!
//! geo's `InteriorPoint` finds the widest stretch of a horizontal line through the
//! middle of the polygon's bounds that lies inside it, but it intersects the line with
//! a sweep and checks each stretch with `relate`: preparing a layer of 30 000 polygons
//! spent a fifth of its time there. [`widest_span_point`] takes the same line and the
//! same stretch with the even–odd rule, in linear time.

use geo::{Area, MultiPolygon, Polygon};

/// The middle of the widest stretch inside `polygon` (holes excluded) of the horizontal
/// line through the middle of its bounds — moved halfway to the nearest other vertex
/// height when a vertex lies on it, as geo does. A polygon without area (no stretch)
/// gives its first vertex; an empty one `None`.
pub fn widest_span_point(polygon: &Polygon<f64>) -> Option<[f64; 2]> {
    let exterior = &polygon.exterior().0;
    let first = exterior.first()?;
    let (min_y, max_y) = exterior.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
        (lo.min(c.y), hi.max(c.y))
    });
    let rings = || std::iter::once(polygon.exterior()).chain(polygon.interiors());
    let mut y = (min_y + max_y) / 2.0;
    if rings().flat_map(|r| &r.0).any(|c| c.y == y) {
        let nearest = rings()
            .flat_map(|r| &r.0)
            .filter(|c| c.y != y)
            .map(|c| c.y)
            .min_by(|a, b| (a - y).abs().total_cmp(&(b - y).abs()));
        if let Some(nearest) = nearest {
            y = (y + nearest) / 2.0;
        }
    }
    let mut crossings: Vec<f64> = Vec::new();
    for ring in rings() {
        let coords = &ring.0;
        let closing = (coords.first() != coords.last()).then(|| (coords.last(), coords.first()));
        let edges = coords.windows(2).map(|w| (Some(&w[0]), Some(&w[1]))).chain(closing);
        for (a, b) in edges {
            let (Some(a), Some(b)) = (a, b) else { continue };
            if (a.y > y) != (b.y > y) {
                crossings.push(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
            }
        }
    }
    crossings.sort_by(f64::total_cmp);
    let widest = crossings
        .chunks_exact(2)
        .map(|pair| (pair[0], pair[1]))
        // The first (westmost) of equally wide stretches, as geo's stable sort takes.
        .reduce(|best, s| if s.1 - s.0 > best.1 - best.0 { s } else { best });
    Some(match widest {
        Some((x0, x1)) if x1 > x0 => [(x0 + x1) / 2.0, y],
        _ => [first.x, first.y],
    })
}

/// [`widest_span_point`] of the part of `g` with the largest area (the first of equals).
pub fn label_point_of_largest(g: &MultiPolygon<f64>) -> Option<[f64; 2]> {
    let mut largest: Option<(&Polygon<f64>, f64)> = None;
    for p in g {
        let area = p.unsigned_area();
        if largest.is_none_or(|(_, a)| area > a) {
            largest = Some((p, area));
        }
    }
    widest_span_point(largest?.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, InteriorPoint, LineString, Point, polygon};

    #[test]
    fn the_point_lies_inside_a_polygon_with_a_hole_across_the_middle() {
        // A square with a square hole in its middle: the middle line crosses the hole.
        let p = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            interiors: [[(x: 2.0, y: 3.0), (x: 5.0, y: 3.0), (x: 5.0, y: 7.0), (x: 2.0, y: 7.0)]],
        );
        let [x, y] = widest_span_point(&p).expect("a point");
        assert!(p.contains(&Point::new(x, y)), "{x} {y}");
        assert_eq!([x, y], [7.5, 5.0], "the wider stretch right of the hole");
    }

    #[test]
    fn it_agrees_with_geo_on_ordinary_shapes() {
        let shapes = [
            // A concave "C", whose middle line crosses two arms.
            polygon![(x: 0.0, y: 0.0), (x: 6.0, y: 0.0), (x: 6.0, y: 2.0), (x: 2.0, y: 2.0), (x: 2.0, y: 4.0),
                (x: 6.0, y: 4.0), (x: 6.0, y: 6.0), (x: 0.0, y: 6.0)],
            // A triangle with a vertex on the middle line (the line moves).
            polygon![(x: 0.0, y: 0.0), (x: 4.0, y: 1.0), (x: 0.0, y: 2.0)],
            polygon![(x: 121.1, y: 38.9), (x: 121.3, y: 38.85), (x: 121.5, y: 39.0), (x: 121.2, y: 39.1)],
            // A courtyard in the middle: two equally wide stretches, the west one taken.
            polygon!(
                exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
                interiors: [[(x: 3.0, y: 3.0), (x: 7.0, y: 3.0), (x: 7.0, y: 7.0), (x: 3.0, y: 7.0)]],
            ),
        ];
        for p in shapes {
            let ours = widest_span_point(&p).expect("a point");
            let theirs = p.interior_point().expect("a point");
            assert!(
                (ours[0] - theirs.x()).abs() < 1e-12 && (ours[1] - theirs.y()).abs() < 1e-12,
                "{ours:?} {theirs:?}"
            );
        }
    }

    #[test]
    fn a_flat_or_empty_polygon_gives_its_first_vertex_or_nothing() {
        let flat = polygon![(x: 1.0, y: 1.0), (x: 3.0, y: 1.0), (x: 2.0, y: 1.0)];
        assert_eq!(widest_span_point(&flat), Some([1.0, 1.0]));
        let empty = Polygon::new(LineString::new(vec![]), vec![]);
        assert_eq!(widest_span_point(&empty), None);
        assert_eq!(label_point_of_largest(&MultiPolygon(vec![])), None);
    }

    #[test]
    fn the_largest_part_is_labelled() {
        let small = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
        let big = polygon![(x: 10.0, y: 0.0), (x: 20.0, y: 0.0), (x: 20.0, y: 10.0), (x: 10.0, y: 10.0)];
        assert_eq!(
            label_point_of_largest(&MultiPolygon(vec![small, big])),
            Some([15.0, 5.0])
        );
    }
}
