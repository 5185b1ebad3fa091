//! Boundary arcs between the grid's labels, simplified once per shared arc, and the
//! division polygons assembled from them (step 5 of the generator, see `build.rs`).

use std::collections::BTreeMap;

use geo::{Coord, LineString, MultiPolygon, Polygon};

use crate::build::{BORDER, LAT0, LON0, NX, NY, SIMPLIFY_CELLS, STEP_DEG};
use crate::grid::cell_index;

// ---------------------------------------------------------------------------------------
// Boundary arcs on the grid's vertices (x = 0..=NX, y = 0..=NY).

pub(crate) type V = (i32, i32);

pub(crate) struct Arc {
    pub(crate) raw: Vec<V>,
    pub(crate) simple: Vec<V>,
    pub(crate) left: u8,
    pub(crate) right: u8,
}

pub(crate) struct Labels<'a>(&'a [u8]);

impl Labels<'_> {
    fn at(&self, i: i32, j: i32) -> u8 {
        if i < 0 || j < 0 || i >= NX as i32 || j >= NY as i32 {
            BORDER
        } else {
            self.0[cell_index(i as usize, j as usize)]
        }
    }
    /// Left and right labels of the unit step from `a` to `b`.
    fn sides(&self, a: V, b: V) -> (u8, u8) {
        match (b.0 - a.0, b.1 - a.1) {
            (1, 0) => (self.at(a.0, a.1), self.at(a.0, a.1 - 1)),
            (-1, 0) => (self.at(b.0, b.1 - 1), self.at(b.0, b.1)),
            (0, 1) => (self.at(a.0 - 1, a.1), self.at(a.0, a.1)),
            _ => (self.at(a.0, b.1), self.at(a.0 - 1, b.1)),
        }
    }
    fn is_edge(&self, a: V, b: V) -> bool {
        let (l, r) = self.sides(a, b);
        l != r
    }
}

const DIRS: [V; 4] = [(1, 0), (0, 1), (-1, 0), (0, -1)];

fn in_vertex_range(v: V) -> bool {
    v.0 >= 0 && v.1 >= 0 && v.0 <= NX as i32 && v.1 <= NY as i32
}

/// Edge id: horizontal edges first, then vertical.
fn edge_id(a: V, b: V) -> usize {
    let (lo, hi) = if (a.1, a.0) <= (b.1, b.0) { (a, b) } else { (b, a) };
    if lo.1 == hi.1 {
        lo.1 as usize * NX + lo.0 as usize
    } else {
        (NY + 1) * NX + lo.1 as usize * (NX + 1) + lo.0 as usize
    }
}

pub(crate) fn degree(labels: &Labels, v: V) -> usize {
    DIRS.iter()
        .filter(|d| {
            let w = (v.0 + d.0, v.1 + d.1);
            in_vertex_range(w) && labels.is_edge(v, w)
        })
        .count()
}

pub(crate) fn trace_arcs(lab: &[u8]) -> Vec<Arc> {
    let labels = Labels(lab);
    let mut visited = vec![false; (NY + 1) * NX + NY * (NX + 1)];
    let mut arcs = Vec::new();
    let walk = |start: V, first: V, visited: &mut Vec<bool>| -> Vec<V> {
        let mut pts = vec![start, first];
        visited[edge_id(start, first)] = true;
        let mut cur = first;
        loop {
            if cur == start || degree(&labels, cur) != 2 {
                break;
            }
            let next = DIRS
                .iter()
                .map(|d| (cur.0 + d.0, cur.1 + d.1))
                .find(|&w| in_vertex_range(w) && labels.is_edge(cur, w) && !visited[edge_id(cur, w)]);
            let Some(next) = next else { break };
            visited[edge_id(cur, next)] = true;
            pts.push(next);
            cur = next;
        }
        pts
    };
    let make = |pts: Vec<V>| {
        let (left, right) = labels.sides(pts[0], pts[1]);
        Arc {
            simple: pts.clone(),
            raw: pts,
            left,
            right,
        }
    };
    // Arcs from junctions (degree 3 or 4), in vertex scan order.
    for y in 0..=NY as i32 {
        for x in 0..=NX as i32 {
            let v = (x, y);
            if degree(&labels, v) < 3 {
                continue;
            }
            for d in DIRS {
                let w = (x + d.0, y + d.1);
                if in_vertex_range(w) && labels.is_edge(v, w) && !visited[edge_id(v, w)] {
                    let pts = walk(v, w, &mut visited);
                    arcs.push(make(pts));
                }
            }
        }
    }
    // Closed loops without a junction, each started at its first vertex in scan order.
    for y in 0..=NY as i32 {
        for x in 0..=NX as i32 {
            let v = (x, y);
            for d in [(1, 0), (0, 1)] {
                let w = (x + d.0, y + d.1);
                if in_vertex_range(w) && labels.is_edge(v, w) && !visited[edge_id(v, w)] {
                    let pts = walk(v, w, &mut visited);
                    arcs.push(make(pts));
                }
            }
        }
    }
    arcs
}

fn douglas_peucker(pts: &[V], eps: f64) -> Vec<V> {
    if pts.len() < 3 {
        return pts.to_vec();
    }
    let mut keep = vec![false; pts.len()];
    keep[0] = true;
    keep[pts.len() - 1] = true;
    let mut stack = vec![(0usize, pts.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (p, q) = (pts[a], pts[b]);
        let (dx, dy) = ((q.0 - p.0) as f64, (q.1 - p.1) as f64);
        let len = (dx * dx + dy * dy).sqrt();
        let mut best = (0.0, a);
        for (k, r) in pts.iter().enumerate().take(b).skip(a + 1) {
            let (rx, ry) = ((r.0 - p.0) as f64, (r.1 - p.1) as f64);
            let d = if len == 0.0 {
                (rx * rx + ry * ry).sqrt()
            } else {
                (dx * ry - dy * rx).abs() / len
            };
            if d > best.0 {
                best = (d, k);
            }
        }
        if best.0 > eps {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
    pts.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

pub(crate) fn orient(a: V, b: V, c: V) -> i64 {
    let (ax, ay, bx, by, cx, cy) = (a.0 as i64, a.1 as i64, b.0 as i64, b.1 as i64, c.0 as i64, c.1 as i64);
    ((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)).signum()
}

fn on_segment(a: V, b: V, p: V) -> bool {
    p.0 >= a.0.min(b.0) && p.0 <= a.0.max(b.0) && p.1 >= a.1.min(b.1) && p.1 <= a.1.max(b.1)
}

/// Do segments `ab` and `cd` share any point other than a common endpoint at which they
/// merely touch?
fn segments_conflict(a: V, b: V, c: V, d: V) -> bool {
    let shared_end = [a, b].iter().any(|p| *p == c || *p == d);
    let o1 = orient(a, b, c);
    let o2 = orient(a, b, d);
    let o3 = orient(c, d, a);
    let o4 = orient(c, d, b);
    if o1 == 0 && o2 == 0 {
        // Collinear: conflict when they overlap in more than a shared endpoint.
        let overlap = on_segment(a, b, c) || on_segment(a, b, d) || on_segment(c, d, a) || on_segment(c, d, b);
        if !overlap {
            return false;
        }
        if shared_end {
            // Overlap beyond the shared endpoint means one segment folds back onto the other.
            let dir1 = (b.0 - a.0, b.1 - a.1);
            let (s, t) = if a == c || b == c { (c, d) } else { (d, c) };
            let dir2 = (t.0 - s.0, t.1 - s.1);
            let from_a = a == s;
            let same = dir1.0 * dir2.0 + dir1.1 * dir2.1 > 0;
            return from_a == same;
        }
        return true;
    }
    if shared_end {
        return false;
    }
    if o1 != o2 && o3 != o4 {
        return true;
    }
    (o1 == 0 && on_segment(a, b, c))
        || (o2 == 0 && on_segment(a, b, d))
        || (o3 == 0 && on_segment(c, d, a))
        || (o4 == 0 && on_segment(c, d, b))
}

/// Simplifies every arc once; arcs near an interior point, and arcs whose simplified line
/// would cross or touch another arc, keep their raster line.
pub(crate) fn simplify_arcs(arcs: &mut [Arc], protect: &[V]) {
    for arc in arcs.iter_mut() {
        let near_seed = arc
            .raw
            .iter()
            .any(|v| protect.iter().any(|p| (v.0 - p.0).abs() <= 3 && (v.1 - p.1).abs() <= 3));
        if near_seed {
            continue;
        }
        let s = douglas_peucker(&arc.raw, SIMPLIFY_CELLS);
        let closed = arc.raw.first() == arc.raw.last();
        if closed && s.len() < 5 {
            continue;
        }
        arc.simple = s;
    }
    // Junction vertices: the only places where arcs may touch.
    loop {
        let conflicts = find_conflicts(arcs);
        if conflicts.is_empty() {
            break;
        }
        for k in conflicts {
            arcs[k].simple = arcs[k].raw.clone();
        }
    }
}

/// Arcs (simplified, not raw) involved in a crossing or touching.
fn find_conflicts(arcs: &[Arc]) -> Vec<usize> {
    const BUCKET: i32 = 16;
    let bx = NX as i32 / BUCKET + 1;
    let by = NY as i32 / BUCKET + 1;
    let mut buckets: Vec<Vec<(usize, usize)>> = vec![Vec::new(); (bx * by) as usize];
    for (k, arc) in arcs.iter().enumerate() {
        for s in 0..arc.simple.len().saturating_sub(1) {
            let (a, b) = (arc.simple[s], arc.simple[s + 1]);
            for y in a.1.min(b.1) / BUCKET..=a.1.max(b.1) / BUCKET {
                for x in a.0.min(b.0) / BUCKET..=a.0.max(b.0) / BUCKET {
                    buckets[(y * bx + x) as usize].push((k, s));
                }
            }
        }
    }
    let mut bad = vec![false; arcs.len()];
    for bucket in &buckets {
        for (n, &(k1, s1)) in bucket.iter().enumerate() {
            for &(k2, s2) in &bucket[n + 1..] {
                let simplified1 = arcs[k1].simple.len() != arcs[k1].raw.len();
                let simplified2 = arcs[k2].simple.len() != arcs[k2].raw.len();
                if !simplified1 && !simplified2 {
                    continue;
                }
                let (a, b) = (arcs[k1].simple[s1], arcs[k1].simple[s1 + 1]);
                let (c, d) = (arcs[k2].simple[s2], arcs[k2].simple[s2 + 1]);
                if k1 == k2 && (s1 + 1 == s2 || s2 + 1 == s1) {
                    // Consecutive segments: only a fold-back conflicts.
                    if orient(a, b, d) == 0 && orient(a, b, c) == 0 && segments_conflict(a, b, c, d) {
                        bad[k1] = true;
                    }
                    continue;
                }
                if k1 == k2 {
                    let last = arcs[k1].simple.len() - 2;
                    let closed = arcs[k1].simple.first() == arcs[k1].simple.last();
                    if closed && ((s1 == 0 && s2 == last) || (s2 == 0 && s1 == last)) {
                        continue;
                    }
                }
                if !segments_conflict(a, b, c, d) {
                    // A touch at a shared endpoint is fine only at the arcs' own ends
                    // (junctions); anywhere else it would pinch a ring.
                    let shared = [a, b].into_iter().find(|p| *p == c || *p == d);
                    if let Some(p) = shared {
                        let is_end = |k: usize| {
                            let s = &arcs[k].simple;
                            s.first() == Some(&p) || s.last() == Some(&p)
                        };
                        let consecutive = k1 == k2;
                        if !(consecutive || is_end(k1) && is_end(k2)) {
                            bad[k1] |= simplified1;
                            bad[k2] |= simplified2;
                        }
                    }
                    continue;
                }
                bad[k1] |= simplified1;
                bad[k2] |= simplified2;
            }
        }
    }
    (0..arcs.len()).filter(|&k| bad[k]).collect()
}

/// One directed use of an arc in a ring.
#[derive(Clone, Copy)]
struct Use {
    pub(crate) arc: usize,
    pub(crate) reversed: bool,
}

fn use_pts(arcs: &[Arc], u: Use, raw: bool) -> Vec<V> {
    let pts = if raw { &arcs[u.arc].raw } else { &arcs[u.arc].simple };
    if u.reversed {
        pts.iter().rev().copied().collect()
    } else {
        pts.clone()
    }
}

/// Rings (as arc uses) bounding `label`, each with the label on its left: exteriors CCW,
/// holes CW. At a junction with several ways on, the sharpest left turn is taken, which
/// keeps diagonally touching cells in separate rings.
fn assemble_rings(arcs: &[Arc], label: u8) -> Vec<Vec<Use>> {
    let mut uses = Vec::new();
    for (k, a) in arcs.iter().enumerate() {
        if a.left == label {
            uses.push(Use {
                arc: k,
                reversed: false,
            });
        }
        if a.right == label {
            uses.push(Use { arc: k, reversed: true });
        }
    }
    let start_of = |u: &Use| -> V {
        let r = &arcs[u.arc].raw;
        if u.reversed { r[r.len() - 1] } else { r[0] }
    };
    let mut by_start: BTreeMap<V, Vec<usize>> = BTreeMap::new();
    for (n, u) in uses.iter().enumerate() {
        by_start.entry(start_of(u)).or_default().push(n);
    }
    let first_dir = |u: &Use| -> V {
        let r = &arcs[u.arc].raw;
        let (a, b) = if u.reversed {
            (r[r.len() - 1], r[r.len() - 2])
        } else {
            (r[0], r[1])
        };
        (b.0 - a.0, b.1 - a.1)
    };
    let last_dir = |u: &Use| -> V {
        let r = &arcs[u.arc].raw;
        let (a, b) = if u.reversed {
            (r[1], r[0])
        } else {
            (r[r.len() - 2], r[r.len() - 1])
        };
        (b.0 - a.0, b.1 - a.1)
    };
    let turn_rank = |din: V, dout: V| -> u8 {
        let cross = din.0 * dout.1 - din.1 * dout.0;
        let dot = din.0 * dout.0 + din.1 * dout.1;
        match (cross.signum(), dot.signum()) {
            (1, _) => 0,
            (0, 1) => 1,
            (-1, _) => 2,
            _ => 3,
        }
    };
    let mut used = vec![false; uses.len()];
    let mut rings = Vec::new();
    for first in 0..uses.len() {
        if used[first] {
            continue;
        }
        used[first] = true;
        let mut ring = vec![uses[first]];
        let start = start_of(&uses[first]);
        let mut cur = first;
        loop {
            let u = uses[cur];
            let r = &arcs[u.arc].raw;
            let end = if u.reversed { r[0] } else { r[r.len() - 1] };
            let din = last_dir(&u);
            let mut candidates: Vec<usize> = by_start
                .get(&end)
                .map(|v| v.iter().copied().filter(|&n| !used[n]).collect())
                .unwrap_or_default();
            if end == start {
                candidates.push(first);
            }
            let Some(next) = candidates
                .into_iter()
                .min_by_key(|&n| (turn_rank(din, first_dir(&uses[n])), n))
            else {
                break;
            };
            if next == first {
                break;
            }
            used[next] = true;
            ring.push(uses[next]);
            cur = next;
        }
        rings.push(ring);
    }
    rings
}

fn ring_pts(arcs: &[Arc], ring: &[Use], raw: bool) -> Vec<V> {
    let mut out: Vec<V> = Vec::new();
    for u in ring {
        let pts = use_pts(arcs, *u, raw);
        let skip = usize::from(!out.is_empty());
        out.extend(pts.into_iter().skip(skip));
    }
    if out.first() != out.last()
        && let Some(&f) = out.first()
    {
        out.push(f);
    }
    out
}

fn twice_area(pts: &[V]) -> i64 {
    pts.windows(2)
        .map(|w| w[0].0 as i64 * w[1].1 as i64 - w[1].0 as i64 * w[0].1 as i64)
        .sum()
}

/// Even-odd point-in-ring test for a point at half-integer grid coordinates.
fn ring_contains(pts: &[V], x: f64, y: f64) -> bool {
    let mut inside = false;
    for w in pts.windows(2) {
        let (x1, y1, x2, y2) = (w[0].0 as f64, w[0].1 as f64, w[1].0 as f64, w[1].1 as f64);
        if (y1 <= y) != (y2 <= y) && x < x1 + (y - y1) / (y2 - y1) * (x2 - x1) {
            inside = !inside;
        }
    }
    inside
}

fn to_lon_lat(pts: &[V]) -> LineString<f64> {
    LineString(
        pts.iter()
            .map(|v| Coord {
                x: LON0 + v.0 as f64 * STEP_DEG,
                y: LAT0 + v.1 as f64 * STEP_DEG,
            })
            .collect(),
    )
}

/// The (unclipped, simplified) region of `label` as lon/lat polygons.
pub(crate) fn region_polygons(arcs: &[Arc], label: u8) -> MultiPolygon<f64> {
    let rings = assemble_rings(arcs, label);
    let mut shells: Vec<(Vec<V>, Vec<V>, i64)> = Vec::new(); // raw, simple, area
    // (raw ring, simplified ring, centre of a `label` cell just inside the hole's edge)
    type Hole = (Vec<V>, Vec<V>, (f64, f64));
    let mut holes: Vec<Hole> = Vec::new();
    for ring in &rings {
        let raw = ring_pts(arcs, ring, true);
        let simple = ring_pts(arcs, ring, false);
        let a = twice_area(&raw);
        if a > 0 {
            shells.push((raw, simple, a));
        } else if a < 0 {
            // The cell left of the ring's first step is a `label` cell inside the shell.
            let (p, q) = (raw[0], raw[1]);
            let centre = match (q.0 - p.0, q.1 - p.1) {
                (1, 0) => (p.0 as f64 + 0.5, p.1 as f64 + 0.5),
                (-1, 0) => (q.0 as f64 + 0.5, q.1 as f64 - 0.5),
                (0, 1) => (p.0 as f64 - 0.5, p.1 as f64 + 0.5),
                _ => (q.0 as f64 + 0.5, q.1 as f64 + 0.5),
            };
            holes.push((raw, simple, centre));
        }
    }
    let mut interiors: Vec<Vec<LineString<f64>>> = vec![Vec::new(); shells.len()];
    for (_, simple, (x, y)) in &holes {
        let best = shells
            .iter()
            .enumerate()
            .filter(|(_, s)| ring_contains(&s.0, *x, *y))
            .min_by_key(|(k, s)| (s.2, *k));
        if let Some((k, _)) = best {
            interiors[k].push(to_lon_lat(simple));
        }
    }
    MultiPolygon(
        shells
            .iter()
            .zip(interiors)
            .map(|(s, holes)| Polygon::new(to_lon_lat(&s.1), holes))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn douglas_peucker_keeps_the_ends_and_straightens_a_staircase() {
        let stairs: Vec<V> = vec![(0, 0), (1, 0), (1, 1), (2, 1), (2, 2), (3, 2), (3, 3)];
        assert_eq!(douglas_peucker(&stairs, 1.2), vec![(0, 0), (3, 3)]);
        assert_eq!(douglas_peucker(&stairs, 0.1), stairs);
    }

    #[test]
    fn crossing_segments_conflict_and_segments_sharing_an_end_do_not() {
        assert!(segments_conflict((0, 0), (2, 2), (0, 2), (2, 0)));
        assert!(!segments_conflict((0, 0), (2, 2), (2, 2), (4, 0)));
        assert!(segments_conflict((0, 0), (4, 0), (2, 0), (2, 3)));
        assert!(segments_conflict((0, 0), (4, 0), (1, 0), (3, 0)));
        assert!(!segments_conflict((0, 0), (1, 1), (5, 5), (6, 7)));
    }

    #[test]
    fn every_grid_edge_has_its_own_id() {
        let mut ids = std::collections::BTreeSet::new();
        for y in 0..=3 {
            for x in 0..=3 {
                for d in [(1, 0), (0, 1)] {
                    let (a, b) = ((x, y), (x + d.0, y + d.1));
                    assert_eq!(edge_id(a, b), edge_id(b, a));
                    assert!(ids.insert(edge_id(a, b)));
                }
            }
        }
    }
}
