//! Douglas–Peucker simplification without allocations per step (issue 14).
//!
//! [`douglas_peucker`] keeps the positions geo's `Simplify::simplify` keeps (same
//! distance to a segment, same choice among equally far positions, same minimum number
//! of positions), so drawings do not change; it is several times faster on big layers
//! because it marks kept positions in one array and walks an explicit stack, where geo
//! builds and concatenates a vector at every step of its recursion (and a very long
//! line cannot overflow the thread's stack), and it finds the farthest position by
//! squared distance, taking a square root only for the one it found. (Two positions
//! whose distances differ only in the last bit of rounding could be ranked the other way
//! round; that is all that can differ.)

/// Fewest positions a simplified line keeps (geo's `LINE_STRING_INITIAL_MIN`).
pub const LINE_MIN: usize = 2;
/// Fewest positions a simplified closed ring keeps, its closing position included
/// (geo's `POLYGON_INITIAL_MIN`).
pub const RING_MIN: usize = 4;

/// The distance from `p` to the segment `a`–`b`, computed as geo's
/// `line_segment_distance` does (`d_squared` is the segment's length squared).
fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2], d_squared: f64) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    if a == b {
        return (p[0] - a[0]).hypot(p[1] - a[1]);
    }
    let r = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / d_squared;
    if r <= 0.0 {
        return (p[0] - a[0]).hypot(p[1] - a[1]);
    }
    if r >= 1.0 {
        return (p[0] - b[0]).hypot(p[1] - b[1]);
    }
    let s = ((a[1] - p[1]) * dx - (a[0] - p[0]) * dy) / d_squared;
    s.abs() * dx.hypot(dy)
}

/// The square of [`segment_distance`], up to rounding, without square roots.
fn segment_distance_squared(p: [f64; 2], a: [f64; 2], b: [f64; 2], d_squared: f64) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (ax, ay) = (p[0] - a[0], p[1] - a[1]);
    if a == b {
        return ax * ax + ay * ay;
    }
    let r = (ax * dx + ay * dy) / d_squared;
    if r <= 0.0 {
        return ax * ax + ay * ay;
    }
    if r >= 1.0 {
        let (bx, by) = (p[0] - b[0], p[1] - b[1]);
        return bx * bx + by * by;
    }
    let cross = ay * dx - ax * dy;
    cross * cross / d_squared
}

/// The positions of `points` that Douglas–Peucker keeps at tolerance `epsilon` (in the
/// units of the positions), never fewer than `min_len` ([`LINE_MIN`] for lines,
/// [`RING_MIN`] for closed rings) where the input has them: a stretch whose removal
/// would leave fewer is kept whole, as geo does. `epsilon ≤ 0` keeps everything.
pub fn douglas_peucker(points: &[[f64; 2]], epsilon: f64, min_len: usize) -> Vec<[f64; 2]> {
    if epsilon <= 0.0 || points.len() <= 2 {
        return points.to_vec();
    }
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        let Scratch { keep, stack } = &mut *scratch;
        let kept = mark_kept(points, epsilon, min_len, keep, stack);
        let mut out = Vec::with_capacity(kept);
        out.extend(points.iter().zip(keep.iter()).filter(|(_, k)| **k).map(|(p, _)| *p));
        out
    })
}

/// Buffers reused by every call on a thread: a layer's preparation simplifies hundreds of
/// thousands of short rings, each at four tolerances.
#[derive(Default)]
struct Scratch {
    keep: Vec<bool>,
    stack: Vec<(usize, usize)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Sets `keep[k]` for the positions [`douglas_peucker`] keeps (`points.len() ≥ 3`,
/// `epsilon > 0`) and returns how many there are.
fn mark_kept(
    points: &[[f64; 2]],
    epsilon: f64,
    min_len: usize,
    keep: &mut Vec<bool>,
    stack: &mut Vec<(usize, usize)>,
) -> usize {
    keep.clear();
    keep.resize(points.len(), false);
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut kept_len = points.len();
    // Index ranges `first..=last` still to look at, the left one on top: the order of
    // geo's recursion, which matters through `kept_len`.
    stack.clear();
    stack.push((0, points.len() - 1));
    while let Some((first, last)) = stack.pop() {
        if last - first < 2 {
            continue;
        }
        let (a, b) = (points[first], points[last]);
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let d_squared = dx * dx + dy * dy;
        let mut farthest = (first, 0.0);
        for (k, &p) in points.iter().enumerate().take(last).skip(first + 1) {
            let d = segment_distance_squared(p, a, b, d_squared);
            if d >= farthest.1 {
                farthest = (k, d);
            }
        }
        let distance = if farthest.0 == first {
            0.0
        } else {
            segment_distance(points[farthest.0], a, b, d_squared)
        };
        if distance > epsilon {
            keep[farthest.0] = true;
            stack.push((farthest.0, last));
            stack.push((first, farthest.0));
            continue;
        }
        let culled = last - first - 1;
        if kept_len - culled < min_len {
            keep[first..=last].fill(true);
        } else {
            kept_len -= culled;
        }
    }
    kept_len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Lcg;
    use geo::{Coord, LineString, Simplify};

    fn geo_simplified(points: &[[f64; 2]], epsilon: f64, ring: bool) -> Vec<[f64; 2]> {
        let line: LineString<f64> = points.iter().map(|&[x, y]| Coord { x, y }).collect();
        let simplified = if ring {
            geo::Polygon::new(line, vec![]).simplify(epsilon).exterior().clone()
        } else {
            line.simplify(epsilon)
        };
        simplified.coords().map(|c| [c.x, c.y]).collect()
    }

    #[test]
    fn lines_and_rings_keep_the_same_positions_as_geo() {
        let mut rng = Lcg(14);
        for case in 0..400 {
            let n = 2 + case % 60;
            let ring = case % 2 == 1;
            // Walks, with repeated positions and collinear runs now and then.
            let mut p = [0.0f64, 0.0];
            let mut points: Vec<[f64; 2]> = (0..n)
                .map(|k| {
                    match k % 7 {
                        3 => {}
                        5 => p[0] += 1.0,
                        _ => p = [p[0] + rng.next() - 0.4, p[1] + rng.next() - 0.5],
                    }
                    p
                })
                .collect();
            if ring {
                points.push(points[0]);
            }
            for epsilon in [0.0, 0.05, 0.3, 1.0, 4.0, 100.0] {
                assert_eq!(
                    douglas_peucker(&points, epsilon, if ring { RING_MIN } else { LINE_MIN }),
                    geo_simplified(&points, epsilon, ring),
                    "case {case}, epsilon {epsilon}"
                );
            }
        }
    }

    #[test]
    fn a_tiny_ring_is_kept_whole_and_a_line_keeps_its_ends() {
        // Culling would leave fewer than four positions of the closed ring.
        let ring = [[0.0, 0.0], [1e-9, 0.0], [1e-9, 1e-9], [0.0, 1e-9], [0.0, 0.0]];
        assert_eq!(douglas_peucker(&ring, 1.0, RING_MIN), ring.to_vec());
        let line = [[0.0, 0.0], [0.5, 1e-9], [1.0, 0.0]];
        assert_eq!(douglas_peucker(&line, 1.0, LINE_MIN), vec![[0.0, 0.0], [1.0, 0.0]]);
    }

    #[test]
    fn a_line_of_a_million_positions_is_simplified_without_recursion() {
        // A spiral: geo's recursion goes one level deeper per position kept.
        let points: Vec<[f64; 2]> = (0..1_000_000)
            .map(|k| {
                let a = k as f64 * 0.001;
                [a * a.cos(), a * a.sin()]
            })
            .collect();
        let kept = douglas_peucker(&points, 1e-6, LINE_MIN);
        assert!(kept.len() > 1000 && kept.len() < points.len());
    }
}
