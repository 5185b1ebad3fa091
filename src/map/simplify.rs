//! Douglas–Peucker simplification without allocations per step (issue 14).
//!
//! [`SplitTree::kept_indices`] keeps the positions geo's `Simplify::simplify` keeps (same
//! distance to a segment, same choice among equally far positions, same minimum number
//! of positions), so drawings do not change. It is several times faster on big layers:
//!
//! - which position splits a stretch does not depend on the tolerance, only whether it
//!   splits it does; so [`SplitTree`] finds every stretch's farthest position once, and
//!   each tolerance (a layer has four, one per zoom band) is a walk over that tree;
//! - the tree is built with an explicit stack, not recursion and a vector per step as in
//!   geo (and a very long line cannot overflow the thread's stack);
//! - the farthest position is found by squared distance, with geo's distance (a square
//!   root) computed only for the one found and where two are too close to rank by the
//!   squared one — so equally far positions are ranked exactly as geo ranks them.

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

/// Relative differences of squared distances within which rounding could rank two
/// positions otherwise than geo's distances do (both are a few roundings from exact).
const NEAR: f64 = 1e-12;

/// The square of [`segment_distance`], up to rounding, without square roots or
/// divisions (`scale` is `1 / d_squared`).
fn segment_distance_squared(p: [f64; 2], a: [f64; 2], b: [f64; 2], d_squared: f64, scale: f64) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (ax, ay) = (p[0] - a[0], p[1] - a[1]);
    if a == b {
        return ax * ax + ay * ay;
    }
    let dot = ax * dx + ay * dy;
    if dot <= 0.0 {
        return ax * ax + ay * ay;
    }
    if dot >= d_squared {
        let (bx, by) = (p[0] - b[0], p[1] - b[1]);
        return bx * bx + by * by;
    }
    let cross = ay * dx - ax * dy;
    cross * cross * scale
}

/// One stretch `first..=last` of a line (at least three positions) and the position
/// farthest from the segment joining its ends, which splits it.
#[derive(Clone, Copy, Debug)]
struct Stretch {
    first: u32,
    last: u32,
    farthest: u32,
    /// The farthest position's distance (geo's arithmetic).
    distance: f64,
    /// Stretches in this one's subtree, itself included: the next stretch not inside it
    /// is that many places further on.
    size: u32,
}

/// Every stretch Douglas–Peucker can split on a line, in the order geo's recursion
/// visits them (a stretch, then its left part's, then its right part's): built once,
/// read at any tolerance with [`SplitTree::kept_indices`].
#[derive(Debug, Default)]
pub struct SplitTree {
    stretches: Vec<Stretch>,
    /// The smallest tolerance the tree answers (see [`SplitTree::new`]).
    finest: f64,
}

impl SplitTree {
    /// The tree of `points` (a line or closed ring of fewer than 2³² positions; longer
    /// ones get an empty tree and are kept whole) for tolerances of `finest` and more.
    ///
    /// A stretch whose farthest position lies within `finest` of its chord is not split
    /// at any of those tolerances, so its parts are not searched: on a densely drawn line
    /// most of the work was in stretches of a few metres that no zoom band splits.
    pub fn new(points: &[[f64; 2]], finest: f64) -> SplitTree {
        let finest = finest.max(0.0);
        let mut stretches = Vec::new();
        if points.len() < 3 || u32::try_from(points.len()).is_err() {
            return SplitTree { stretches, finest };
        }
        let mut stack = vec![(0usize, points.len() - 1)];
        while let Some((first, last)) = stack.pop() {
            if last - first < 2 {
                continue;
            }
            let (a, b) = (points[first], points[last]);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let d_squared = dx * dx + dy * dy;
            let scale = if d_squared > 0.0 { 1.0 / d_squared } else { 0.0 };
            // geo's rule — the last of the farthest by `segment_distance` — with that
            // distance computed only where the squared one cannot decide: when a
            // position is clearly farther or nearer than the best so far, both agree.
            let mut best = (first, 0.0, Some(0.0));
            for (k, &p) in points.iter().enumerate().take(last).skip(first + 1) {
                let key = segment_distance_squared(p, a, b, d_squared, scale);
                if key > best.1 * (1.0 + NEAR) {
                    best = (k, key, None);
                } else if key >= best.1 * (1.0 - NEAR) {
                    let exact = |k: usize| segment_distance(points[k], a, b, d_squared);
                    let best_distance = best.2.unwrap_or_else(|| exact(best.0));
                    let distance = exact(k);
                    best = if distance >= best_distance {
                        (k, key, Some(distance))
                    } else {
                        (best.0, best.1, Some(best_distance))
                    };
                }
            }
            let farthest = best;
            let distance = if farthest.0 == first {
                0.0
            } else {
                farthest
                    .2
                    .unwrap_or_else(|| segment_distance(points[farthest.0], a, b, d_squared))
            };
            // `first`, `last` < 2³² (checked above).
            stretches.push(Stretch {
                first: first as u32,
                last: last as u32,
                farthest: farthest.0.max(first + 1) as u32,
                distance,
                size: 1,
            });
            // A stretch whose farthest position is its own start (all distances NaN)
            // is never split (`distance` is 0), so its parts are never read.
            if distance > finest {
                let split = farthest.0.max(first + 1);
                stack.push((split, last));
                stack.push((first, split));
            }
        }
        // Subtree sizes, children after their parent: from the end.
        for k in (0..stretches.len()).rev() {
            let s = stretches[k];
            let mut size = 1;
            let mut next = k + 1;
            for (from, to) in [(s.first, s.farthest), (s.farthest, s.last)] {
                if s.distance > finest && to - from >= 2 {
                    let child = stretches[next].size;
                    size += child;
                    next += child as usize;
                }
            }
            stretches[k].size = size;
        }
        SplitTree { stretches, finest }
    }

    /// Appends to `out`, ascending, the indices in `points` (those the tree was built
    /// from, fewer than 2³²) of the positions Douglas–Peucker keeps at tolerance
    /// `epsilon` (in the units of the positions) — so a simplified line is kept as
    /// indices into the full one. Never fewer than `min_len` ([`LINE_MIN`] for lines,
    /// [`RING_MIN`] for closed rings) where the input has them: a stretch whose removal
    /// would leave fewer is kept whole, as geo does. `epsilon ≤ 0` keeps everything; a
    /// tolerance finer than the tree's builds a tree for it first.
    pub fn kept_indices(&self, points: &[[f64; 2]], epsilon: f64, min_len: usize, out: &mut Vec<u32>) {
        if epsilon <= 0.0 || points.len() <= 2 || self.stretches.is_empty() {
            out.extend((0..points.len()).map(|k| k as u32));
            return;
        }
        if epsilon < self.finest {
            return SplitTree::new(points, epsilon).kept_indices(points, epsilon, min_len, out);
        }
        SCRATCH.with(|keep| {
            let mut keep = keep.borrow_mut();
            keep.clear();
            keep.resize(points.len(), false);
            keep[0] = true;
            keep[points.len() - 1] = true;
            let mut kept_len = points.len();
            let mut k = 0;
            while let Some(s) = self.stretches.get(k) {
                if s.distance > epsilon {
                    keep[s.farthest as usize] = true;
                    k += 1;
                    continue;
                }
                let (first, last) = (s.first as usize, s.last as usize);
                let culled = last - first - 1;
                if kept_len - culled < min_len {
                    keep[first..=last].fill(true);
                } else {
                    kept_len -= culled;
                }
                k += s.size as usize;
            }
            out.reserve(kept_len);
            out.extend(keep.iter().enumerate().filter(|(_, k)| **k).map(|(k, _)| k as u32));
        })
    }
}

thread_local! {
    /// The kept marks, reused by every call on a thread: a layer's preparation simplifies
    /// hundreds of thousands of short rings, each at four tolerances.
    static SCRATCH: std::cell::RefCell<Vec<bool>> = std::cell::RefCell::default();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Lcg;
    use geo::{Coord, LineString, Simplify};

    impl SplitTree {
        /// The positions [`SplitTree::kept_indices`] keeps.
        fn simplified(&self, points: &[[f64; 2]], epsilon: f64, min_len: usize) -> Vec<[f64; 2]> {
            let mut kept = Vec::new();
            self.kept_indices(points, epsilon, min_len, &mut kept);
            kept.iter().map(|&k| points[k as usize]).collect()
        }
    }

    fn douglas_peucker(points: &[[f64; 2]], epsilon: f64, min_len: usize) -> Vec<[f64; 2]> {
        SplitTree::new(points, epsilon).simplified(points, epsilon, min_len)
    }

    /// One tree of `points` read at every tolerance (as a layer's bands read it) keeps
    /// what geo keeps at each: a tree for the finest of them (pruned below it), and a
    /// tree for a coarser one read finer than it was built for.
    fn assert_like_geo(points: &[[f64; 2]], epsilons: &[f64], ring: bool, case: usize) {
        let finest = epsilons.iter().copied().fold(f64::INFINITY, f64::min);
        let coarse = epsilons.iter().copied().fold(0.0, f64::max);
        let (tree, coarse_tree) = (SplitTree::new(points, finest), SplitTree::new(points, coarse));
        for &epsilon in epsilons {
            assert_eq!(
                coarse_tree.simplified(points, epsilon, if ring { RING_MIN } else { LINE_MIN }),
                geo_simplified(points, epsilon, ring),
                "coarse tree, case {case}, epsilon {epsilon}: {points:?}"
            );
            assert_eq!(
                tree.simplified(points, epsilon, if ring { RING_MIN } else { LINE_MIN }),
                geo_simplified(points, epsilon, ring),
                "case {case}, epsilon {epsilon}: {points:?}"
            );
        }
    }

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
            assert_like_geo(&points, &[0.0, 0.05, 0.3, 1.0, 4.0, 100.0], ring, case);
        }
    }

    #[test]
    fn equally_far_positions_on_a_grid_are_ranked_as_geo_ranks_them() {
        // hypot(1, 7) = hypot(5, 5): squared distances alone tie differently from geo.
        let line = [
            [6.0, 9.0],
            [4.0, 3.0],
            [6.0, 10.0],
            [0.0, 8.0],
            [5.0, 3.0],
            [10.0, 11.0],
            [9.0, 6.0],
            [5.0, 3.0],
            [10.0, 5.0],
            [8.0, 3.0],
            [3.0, 6.0],
        ];
        assert_eq!(douglas_peucker(&line, 3.0, LINE_MIN), geo_simplified(&line, 3.0, false));
        let mut rng = Lcg(7);
        for case in 0..3000 {
            let n = 3 + case % 25;
            let ring = case % 2 == 1;
            let mut points: Vec<[f64; 2]> = (0..n).map(|_| [rng.below(12) as f64, rng.below(12) as f64]).collect();
            if ring {
                points.push(points[0]);
            }
            assert_like_geo(&points, &[0.5, 1.0, 2.0, 3.0, 5.0], ring, case);
        }
    }

    #[test]
    fn a_densely_drawn_line_is_searched_only_down_to_the_finest_tolerance() {
        // A gentle curve of 10 000 positions with jitter far below the tolerance.
        let mut rng = Lcg(9);
        let points: Vec<[f64; 2]> = (0..10_000)
            .map(|k| {
                let x = k as f64 * 0.01;
                [x, (x * 0.05).sin() * 10.0 + (rng.next() - 0.5) * 1e-3]
            })
            .collect();
        let (full, pruned) = (SplitTree::new(&points, 0.0), SplitTree::new(&points, 0.05));
        assert!(full.stretches.len() > 5_000, "{}", full.stretches.len());
        assert!(pruned.stretches.len() < 100, "{}", pruned.stretches.len());
        for epsilon in [0.05, 0.1, 1.0] {
            assert_eq!(
                pruned.simplified(&points, epsilon, LINE_MIN),
                geo_simplified(&points, epsilon, false)
            );
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
