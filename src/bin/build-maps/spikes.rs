//! Spikes: ring vertices where an outline turns back on itself.
//!
//! The 1:1,000,000 OpenStreetMap coastline (`maps/coastline-osm.geojson`) has narrow
//! V-shaped inlets and spits whose tip vertex has an interior angle of a few degrees — down
//! to 0.008° at 121.662 E, 39.005 N, a zero-width spit that goes out 700 m and comes back.
//! The land, the divisions clipped with it and the functional areas inherit them. A stroked
//! outline with mitred joins (egui's, like most) extends such a vertex by
//! `(w / 2) ÷ sin(α / 2)` beyond the tip on both sides of the line: 40–130 px for a 1.4 px
//! boundary, several hundred for a 6 px highlight — the long thin lines out to sea.
//!
//! [`blunt_spikes`] cuts them off the land once, when the basemap is generated: every tip —
//! a vertex sharper than [`SPIKE_MAX_ANGLE_DEG`], or a short blunt end whose sides run off
//! less than that apart — is cut back to where the spit (or the inlet) is
//! [`SPIKE_CUT_WIDTH_M`] wide: a morphological opening (spits) and closing (inlets) of that
//! width, restricted to the tips, which leaves every other vertex of the coastline where it
//! was. Cutting the blunt ends too matters because the map simplifies outlines (the plan
//! layer to about 100 m): a narrow inlet cut back only at its very tip would get a sharp tip
//! again when its short end is simplified away. [`blunt_partition`] does the same for the
//! clipped divisions, where a boundary meets the coast or another boundary at a sharp angle,
//! handing each tip to the neighbour so that shared boundaries stay shared.
//! `basemap::sharp_vertices` finds any spike that remains (`check` uses it).

use dalian_atlas::basemap::{SPIKE_MAX_ANGLE_DEG, angle_at, metres, open_ring, round7};
use geo::{Coord, LineString, MultiPolygon, Orient, Polygon, Validation, orient::Direction};

/// Width (metres) at which [`blunt_spikes`] cuts a spike or an inlet: the tip beyond the
/// point where its two sides are this far apart is removed (a spit) or filled (an inlet).
pub const SPIKE_CUT_WIDTH_M: f64 = 100.0;

/// What [`blunt_spikes`] or [`blunt_partition`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SpikeReport {
    /// Tips cut off (a cut limited by a short side leaves a blunt end that may be cut again).
    pub tips_cut: usize,
    /// Vertices taken out of the rings (the tips' vertices, and a side's far end when the
    /// cut reaches it twice over).
    pub vertices_removed: usize,
    /// Vertices added where a cut meets the sides of a tip.
    pub vertices_added: usize,
    /// Land cut off with the tips of spits (km², planar in a local metric frame); for
    /// [`blunt_partition`], the land given up where no neighbour could take a tip.
    pub land_removed_km2: f64,
    /// Sea filled with the tips of inlets (km²).
    pub sea_filled_km2: f64,
    /// Tips left because cutting them would have taken in another vertex, left a polygon
    /// invalid, or (partition) found no matching neighbour.
    pub left_sharp: usize,
}

/// A polygon of open rings (exterior first, as [`open_ring`] makes them), each closed
/// again; no rings gives an empty polygon.
fn closed_polygon(rings: Vec<Vec<Coord<f64>>>) -> Polygon<f64> {
    let mut closed = rings.into_iter().map(|mut r| {
        if let Some(&f) = r.first() {
            r.push(f);
        }
        LineString(r)
    });
    let exterior = closed.next().unwrap_or_else(|| LineString(Vec::new()));
    Polygon::new(exterior, closed.collect())
}

fn cross(o: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/// `p` inside the triangle `a b c` or on its boundary.
fn in_closed_triangle(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> bool {
    let (d1, d2, d3) = (cross(a, b, p), cross(b, c, p), cross(c, a, p));
    let neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(neg && pos)
}

/// The point at `t` metres from `b` towards `a` (`a` itself when `t` reaches it), rounded
/// to 7 decimals like the written files.
fn towards(b: Coord<f64>, a: Coord<f64>, t: f64, len: f64) -> Coord<f64> {
    if t >= len {
        return a;
    }
    let f = t / len;
    Coord {
        x: round7(b.x + (a.x - b.x) * f),
        y: round7(b.y + (a.y - b.y) * f),
    }
}

/// The longest chain of vertices (path length, metres) that can form one tip: the tip of a
/// spit or an inlet drawn with a few short edges, or one already cut narrower than the cut
/// width because a side was short.
const TIP_CHAIN_MAX_M: f64 = 2.0 * SPIKE_CUT_WIDTH_M;

/// A tip of a ring: the `1 + extra` vertices from `first` on (cyclically), whose side edges
/// (from the vertex before, to the vertex after) leave it `beta` degrees apart.
#[derive(Clone, Copy, Debug)]
struct Tip {
    beta: f64,
    first: usize,
    extra: usize,
}

fn unit(v: (f64, f64)) -> Option<(f64, f64)> {
    let l = v.0.hypot(v.1);
    (l > 0.0).then(|| (v.0 / l, v.1 / l))
}

/// The sharpest tip of `ring` (open, at least four vertices) not in `skip`: a single vertex
/// with an interior angle under [`SPIKE_MAX_ANGLE_DEG`], or a chain of vertices at most
/// [`TIP_CHAIN_MAX_M`] long whose ends are less than 0.9 × [`SPIKE_CUT_WIDTH_M`] apart and
/// whose side edges run away from it less than [`SPIKE_MAX_ANGLE_DEG`] apart (a narrow
/// spit or inlet with a short blunt end).
fn sharpest_tip(ring: &[Coord<f64>], skip: &[(Coord<f64>, Coord<f64>)]) -> Option<Tip> {
    let n = ring.len();
    let mut best: Option<Tip> = None;
    for first in 0..n {
        let b0 = ring[first];
        let a = ring[(first + n - 1) % n];
        let Some(u) = unit(metres(b0, a)) else { continue };
        let mut path = 0.0;
        for extra in 0..n.saturating_sub(3) {
            let last = (first + extra) % n;
            if extra > 0 {
                let (x, y) = metres(ring[(last + n - 1) % n], ring[last]);
                path += x.hypot(y);
                if path > TIP_CHAIN_MAX_M {
                    break;
                }
            }
            let b1 = ring[last];
            if extra > 0 {
                let (x, y) = metres(b0, b1);
                if x.hypot(y) >= 0.9 * SPIKE_CUT_WIDTH_M {
                    continue;
                }
            }
            if skip.contains(&(b0, b1)) {
                continue;
            }
            let c = ring[(last + 1) % n];
            let (cx, cy) = metres(b0, c);
            let (bx, by) = metres(b0, b1);
            let Some(v) = unit((cx - bx, cy - by)) else { continue };
            let beta = (u.0 * v.0 + u.1 * v.1).clamp(-1.0, 1.0).acos().to_degrees();
            if beta < SPIKE_MAX_ANGLE_DEG && best.is_none_or(|t| beta < t.beta) {
                best = Some(Tip { beta, first, extra });
            }
        }
    }
    best
}

/// `p` in the closed polygon `region` (even-odd, boundary included).
fn region_covers(region: &[Coord<f64>], p: Coord<f64>) -> bool {
    let n = region.len();
    let mut inside = false;
    for j in 0..n {
        let (s, e) = (region[j], region[(j + 1) % n]);
        let on_line = cross(s, e, p) == 0.0;
        let within = p.x >= s.x.min(e.x) && p.x <= s.x.max(e.x) && p.y >= s.y.min(e.y) && p.y <= s.y.max(e.y);
        if on_line && within {
            return true;
        }
        if (s.y <= p.y) != (e.y <= p.y) && p.x < s.x + (p.y - s.y) / (e.y - s.y) * (e.x - s.x) {
            inside = !inside;
        }
    }
    inside
}

/// Cuts the spikes off `polygons` (land polygons, disjoint and valid): repeatedly, the
/// sharpest tip of a ring — a vertex whose interior angle α is under
/// [`SPIKE_MAX_ANGLE_DEG`], or a short chain of vertices (a blunt end under the cut width)
/// whose two side edges run away from it less than that angle apart — is cut off where the
/// sides are [`SPIKE_CUT_WIDTH_M`] apart: the tip is replaced by the two points at the same
/// distance `t` along its side edges (`t = w ÷ (2 sin(α/2))` for a single vertex), or by
/// the far ends of the side edges when a side is shorter than `t` (a neighbour reached is
/// kept, not doubled; the next cut continues along the next edges). For a spit that
/// removes land, for an inlet it fills sea — a morphological opening and closing of width
/// `w` applied to the tips only; every other vertex stays where it was. New vertices meet
/// the cut at about 90°.
///
/// A cut is made only when no other vertex of any ring lies in the cut-off region (or on its
/// edges) and the polygon stays valid, which keeps every ring simple and the polygons
/// apart; a tip that cannot be cut is left and counted in [`SpikeReport::left_sharp`].
/// Rings keep at least three vertices. Deterministic: vertices are visited in a fixed
/// order. Returns the polygons oriented RFC 7946 (exteriors counter-clockwise) and what was
/// done.
pub fn blunt_spikes(polygons: &[Polygon<f64>]) -> (Vec<Polygon<f64>>, SpikeReport) {
    // Exteriors counter-clockwise, holes clockwise: the polygon's interior is always on
    // the left of a ring, so a tip turning left is a spit.
    let mut rings: Vec<Vec<Vec<Coord<f64>>>> = polygons
        .iter()
        .map(|p| {
            let p = p.orient(Direction::Default);
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(open_ring)
                .collect()
        })
        .collect();
    let mut report = SpikeReport::default();
    for pi in 0..rings.len() {
        for ri in 0..rings[pi].len() {
            let mut skip: Vec<(Coord<f64>, Coord<f64>)> = Vec::new();
            // Every cut removes a tip and adds only near-right angles; the bound only
            // guards against a cycle the geometry should not allow.
            let mut budget = 4 * rings[pi][ri].len() + 16;
            while budget > 0 {
                budget -= 1;
                let ring = &rings[pi][ri];
                let n = ring.len();
                if n < 4 {
                    break;
                }
                let Some(tip) = sharpest_tip(ring, &skip) else { break };
                let chain: Vec<usize> = (0..=tip.extra).map(|k| (tip.first + k) % n).collect();
                let (ia, ic) = ((tip.first + n - 1) % n, (tip.first + tip.extra + 1) % n);
                let (a, c) = (ring[ia], ring[ic]);
                let (b0, b1) = (ring[tip.first], ring[chain[tip.extra]]);
                // Sides from b0 towards a and from b1 towards c, in metres from b0.
                let (ax, ay) = metres(b0, a);
                let (cx, cy) = metres(b0, c);
                let d = metres(b0, b1);
                let (la, lc) = (ax.hypot(ay), (cx - d.0).hypot(cy - d.1));
                let (u, v) = ((ax / la, ay / la), ((cx - d.0) / lc, (cy - d.1) / lc));
                // |d + (v − u)·t| = w: the distance along the sides where they are w apart.
                let e = (v.0 - u.0, v.1 - u.1);
                let (de, ee, dd) = (d.0 * e.0 + d.1 * e.1, e.0 * e.0 + e.1 * e.1, d.0 * d.0 + d.1 * d.1);
                let w = SPIKE_CUT_WIDTH_M;
                let t = if ee > 0.0 {
                    (-de + (de * de - ee * (dd - w * w)).max(0.0).sqrt()) / ee
                } else {
                    f64::INFINITY
                };
                let t = t.min(la).min(lc);
                let (p, q) = (towards(b0, a, t, la), towards(b1, c, t, lc));
                let replacement: Vec<Coord<f64>> = [(p, a), (q, c)]
                    .into_iter()
                    .filter(|(new, old)| new != old)
                    .map(|(new, _)| new)
                    .collect();
                let region: Vec<Coord<f64>> = std::iter::once(p)
                    .chain(chain.iter().map(|&k| ring[k]))
                    .chain(std::iter::once(q))
                    .collect();
                let blocked = n - chain.len() + replacement.len() < 3
                    || rings.iter().enumerate().any(|(pj, poly)| {
                        poly.iter().enumerate().any(|(rj, r)| {
                            r.iter().enumerate().any(|(vj, &x)| {
                                let own = pj == pi && rj == ri && (vj == ia || vj == ic || chain.contains(&vj));
                                !own && region_covers(&region, x)
                            })
                        })
                    });
                let mut cut = ring.clone();
                if tip.first + tip.extra < n {
                    cut.splice(tip.first..=tip.first + tip.extra, replacement.iter().copied());
                } else {
                    // The chain wraps past the ring's start: the ring restarts at `c`.
                    let mut rest: Vec<Coord<f64>> = (1..n - tip.extra).map(|k| ring[(ic + k - 1) % n]).collect();
                    rest.extend(replacement.iter().copied());
                    cut = rest;
                }
                cut.dedup();
                while cut.len() > 1 && cut.first() == cut.last() {
                    cut.pop();
                }
                let valid = !blocked && cut.len() >= 3 && {
                    let close = |r: &Vec<Coord<f64>>| {
                        let mut r = r.clone();
                        if let Some(&f) = r.first() {
                            r.push(f);
                        }
                        LineString(r)
                    };
                    let mut all: Vec<LineString<f64>> = rings[pi].iter().map(close).collect();
                    all[ri] = close(&cut);
                    let exterior = all.remove(0);
                    Polygon::new(exterior, all).is_valid()
                };
                if !valid {
                    skip.push((b0, b1));
                    report.left_sharp += 1;
                    continue;
                }
                let o = region[0];
                let twice: f64 = (0..region.len())
                    .map(|k| {
                        let (x1, y1) = metres(o, region[k]);
                        let (x2, y2) = metres(o, region[(k + 1) % region.len()]);
                        x1 * y2 - x2 * y1
                    })
                    .sum();
                if twice > 0.0 {
                    report.land_removed_km2 += twice / 2.0 / 1e6;
                } else {
                    report.sea_filled_km2 += -twice / 2.0 / 1e6;
                }
                report.tips_cut += 1;
                report.vertices_removed += n + replacement.len() - cut.len();
                report.vertices_added += replacement.len();
                rings[pi][ri] = cut;
            }
        }
    }
    let polygons = rings
        .into_iter()
        .map(|poly| closed_polygon(poly).orient(Direction::Default))
        .collect();
    (polygons, report)
}

/// A ring of a partition: (part, polygon, ring) indices.
type RingId = (usize, usize, usize);

/// The ring (other than `not`) that has `u` followed by `v` (cyclically), with its index of `u`.
fn ring_with_edge(parts: &[Vec<Vec<Vec<Coord<f64>>>>], u: Coord<f64>, v: Coord<f64>, not: RingId) -> Option<RingId> {
    for (k, part) in parts.iter().enumerate() {
        for (pi, poly) in part.iter().enumerate() {
            for (ri, ring) in poly.iter().enumerate() {
                if (k, pi, ri) == not {
                    continue;
                }
                let n = ring.len();
                if (0..n).any(|j| ring[j] == u && ring[(j + 1) % n] == v) {
                    return Some((k, pi, ri));
                }
            }
        }
    }
    None
}

/// Inserts `w` between consecutive `u`, `v` of `ring` (cyclically); `false` when they are
/// not consecutive.
fn insert_between(ring: &mut Vec<Coord<f64>>, u: Coord<f64>, v: Coord<f64>, w: Coord<f64>) -> bool {
    let n = ring.len();
    match (0..n).find(|&j| ring[j] == u && ring[(j + 1) % n] == v) {
        Some(j) => {
            ring.insert(j + 1, w);
            true
        }
        None => false,
    }
}

/// Even-odd test of `p` against a polygon given as rings.
fn polygon_contains(poly: &[Vec<Coord<f64>>], p: Coord<f64>) -> bool {
    let mut inside = false;
    for ring in poly {
        let n = ring.len();
        for j in 0..n {
            let (s, e) = (ring[j], ring[(j + 1) % n]);
            if (s.y <= p.y) != (e.y <= p.y) && p.x < s.x + (p.y - s.y) / (e.y - s.y) * (e.x - s.x) {
                inside = !inside;
            }
        }
    }
    inside
}

/// Some part other than `not` lies just right of the directed edge `u → v` (outside the
/// part whose ring runs `u → v`, interior on the left).
fn part_beyond(parts: &[Vec<Vec<Vec<Coord<f64>>>>], u: Coord<f64>, v: Coord<f64>, not: usize) -> bool {
    let (dx, dy) = (v.x - u.x, v.y - u.y);
    let len = dx.hypot(dy);
    if len == 0.0 {
        return false;
    }
    let eps = 1e-6 / len;
    let probe = Coord {
        x: (u.x + v.x) / 2.0 + dy * eps,
        y: (u.y + v.y) / 2.0 - dx * eps,
    };
    parts
        .iter()
        .enumerate()
        .any(|(k, part)| k != not && part.iter().any(|poly| polygon_contains(poly, probe)))
}

/// Cuts the spikes off the parts of a partition (the clipped divisions) without opening
/// gaps or overlaps between them: the sharpest convex vertex `b` of any ring under
/// [`SPIKE_MAX_ANGLE_DEG`] (neighbours `a`, `c`) loses the triangle `p b q`, `p` and `q` at
/// `t = min(w ÷ (2 sin(α/2)), |ba|, |bc|)` along its edges, `w` = [`SPIKE_CUT_WIDTH_M`], and
/// the triangle goes to the part across `b → c` (else across `a → b`; where neither edge has
/// a part beyond it — coast, the municipal border — the triangle is given up). The parts
/// sharing those edges get `p` and `q` as vertices, so shared boundaries stay identical.
///
/// Shared boundaries must have identical vertices on both sides (as the generator writes
/// them) and rings must be oriented RFC 7946 (interior on the left). A tip is left, and
/// counted in [`SpikeReport::left_sharp`], when another vertex lies in its triangle, when
/// an edge has a part beyond it but not the same vertices, or when the part beyond is the
/// same part. Reflex vertices (a neighbour's tip) are the neighbour's to cut. Returns what
/// was done; `land_removed_km2` is the area given up, `sea_filled_km2` is zero.
pub fn blunt_partition(parts: &mut [MultiPolygon<f64>]) -> SpikeReport {
    let mut rings: Vec<Vec<Vec<Vec<Coord<f64>>>>> = parts
        .iter()
        .map(|mp| {
            mp.iter()
                .map(|p| {
                    std::iter::once(p.exterior())
                        .chain(p.interiors())
                        .map(open_ring)
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut report = SpikeReport::default();
    let mut skip: Vec<(usize, Coord<f64>)> = Vec::new();
    let total: usize = rings.iter().flatten().flatten().map(Vec::len).sum();
    let mut budget = 4 * total + 16;
    while budget > 0 {
        budget -= 1;
        let mut sharpest: Option<(f64, RingId, usize)> = None;
        for (k, part) in rings.iter().enumerate() {
            for (pi, poly) in part.iter().enumerate() {
                for (ri, ring) in poly.iter().enumerate() {
                    let n = ring.len();
                    if n < 4 {
                        continue;
                    }
                    for i in 0..n {
                        let (a, b, c) = (ring[(i + n - 1) % n], ring[i], ring[(i + 1) % n]);
                        if cross(a, b, c) <= 0.0 || skip.contains(&(k, b)) {
                            continue;
                        }
                        if let Some(x) = angle_at(a, b, c).filter(|&x| x < SPIKE_MAX_ANGLE_DEG)
                            && sharpest.is_none_or(|s| x < s.0)
                        {
                            sharpest = Some((x, (k, pi, ri), i));
                        }
                    }
                }
            }
        }
        let Some((alpha, id, i)) = sharpest else { break };
        let (k, pi, ri) = id;
        let ring = &rings[k][pi][ri];
        let n = ring.len();
        let (a, b, c) = (ring[(i + n - 1) % n], ring[i], ring[(i + 1) % n]);
        let (ax, ay) = metres(b, a);
        let (cx, cy) = metres(b, c);
        let (la, lc) = (ax.hypot(ay), cx.hypot(cy));
        let t = (SPIKE_CUT_WIDTH_M / 2.0 / (alpha.to_radians() / 2.0).sin())
            .min(la)
            .min(lc);
        let (p, q) = (towards(b, a, t, la), towards(b, c, t, lc));
        let blocked = rings
            .iter()
            .flatten()
            .flatten()
            .flatten()
            .any(|&v| v != a && v != b && v != c && in_closed_triangle(v, p, b, q));
        let across_bc = ring_with_edge(&rings, c, b, id);
        let across_ab = ring_with_edge(&rings, b, a, id);
        let unmatched = (across_bc.is_none() && part_beyond(&rings, b, c, k))
            || (across_ab.is_none() && part_beyond(&rings, a, b, k));
        let same_part = [across_bc, across_ab].iter().flatten().any(|r| r.0 == k);
        if blocked || unmatched || same_part {
            skip.push((k, b));
            report.left_sharp += 1;
            continue;
        }
        // The neighbours' shared edges get the cut points.
        if let Some((k2, p2, r2)) = across_bc
            && q != c
        {
            insert_between(&mut rings[k2][p2][r2], c, b, q);
        }
        if let Some((k2, p2, r2)) = across_ab
            && p != a
        {
            insert_between(&mut rings[k2][p2][r2], b, a, p);
        }
        // The recipient takes the triangle.
        match (across_bc, across_ab) {
            (Some((k2, p2, r2)), _) => {
                insert_between(&mut rings[k2][p2][r2], q, b, p);
            }
            (None, Some((k2, p2, r2))) => {
                insert_between(&mut rings[k2][p2][r2], b, p, q);
            }
            (None, None) => {
                let (ux, uy) = metres(b, p);
                let (vx, vy) = metres(b, q);
                report.land_removed_km2 += 0.5 * (ux * vy - uy * vx).abs() / 1e6;
            }
        }
        let replacement: Vec<Coord<f64>> = [(p, a), (q, c)]
            .into_iter()
            .filter(|(new, old)| new != old)
            .map(|(new, _)| new)
            .collect();
        report.tips_cut += 1;
        report.vertices_removed += 1;
        report.vertices_added += replacement.len();
        rings[k][pi][ri].splice(i..=i, replacement);
        for r in rings.iter_mut().flatten().flatten() {
            r.dedup();
            while r.len() > 1 && r.first() == r.last() {
                r.pop();
            }
        }
    }
    for (mp, part) in parts.iter_mut().zip(rings) {
        *mp = MultiPolygon(part.into_iter().map(closed_polygon).collect()).orient(Direction::Default);
    }
    report
}

#[cfg(test)]
mod tests {
    use dalian_atlas::basemap::sharp_vertices;
    use geo::{Area, BooleanOps, Validation};

    use super::*;

    fn poly(pts: &[(f64, f64)]) -> Polygon<f64> {
        Polygon::new(LineString::from(pts.to_vec()), vec![])
    }

    /// A 0.1° square of land with a 1.8° inlet 5.5 km deep from its north side.
    fn land_with_inlet() -> Polygon<f64> {
        poly(&[
            (121.0, 39.0),
            (121.1, 39.0),
            (121.1, 39.1),
            (121.051, 39.1),
            (121.05, 39.05),
            (121.049, 39.1),
            (121.0, 39.1),
        ])
    }

    #[test]
    fn a_right_angle_is_not_sharp_and_the_tip_of_a_narrow_inlet_is() {
        let square = poly(&[(121.0, 39.0), (121.01, 39.0), (121.01, 39.01), (121.0, 39.01)]);
        assert!(sharp_vertices(&MultiPolygon(vec![square]), SPIKE_MAX_ANGLE_DEG).is_empty());
        let sharp = sharp_vertices(&MultiPolygon(vec![land_with_inlet()]), SPIKE_MAX_ANGLE_DEG);
        assert_eq!(sharp.len(), 1, "{sharp:?}");
        assert_eq!((sharp[0].lon, sharp[0].lat), (121.05, 39.05));
        assert!(sharp[0].angle_deg < 2.0, "{sharp:?}");
    }

    #[test]
    fn blunting_fills_the_tip_of_an_inlet_to_where_it_is_the_cut_width_wide_and_keeps_the_rest() {
        let before = land_with_inlet();
        let (out, report) = blunt_spikes(std::slice::from_ref(&before));
        let after = &out[0];
        assert!(after.is_valid());
        assert!(sharp_vertices(&MultiPolygon(vec![after.clone()]), SPIKE_MAX_ANGLE_DEG).is_empty());
        assert_eq!(
            (report.tips_cut, report.vertices_removed, report.vertices_added),
            (1, 1, 2)
        );
        assert_eq!(report.left_sharp, 0);
        assert_eq!(report.land_removed_km2, 0.0);
        // The filled tip: a triangle 100 m wide at its base, ~3.2 km long.
        assert!((report.sea_filled_km2 - 0.159).abs() < 0.01, "{report:?}");
        assert!(after.unsigned_area() > before.unsigned_area());
        // The square's corners and the inlet's mouth are where they were.
        for v in [
            (121.0, 39.0),
            (121.1, 39.0),
            (121.1, 39.1),
            (121.051, 39.1),
            (121.049, 39.1),
            (121.0, 39.1),
        ] {
            assert!(after.exterior().0.contains(&Coord { x: v.0, y: v.1 }), "{v:?}");
        }
        assert!(!after.exterior().0.contains(&Coord { x: 121.05, y: 39.05 }));
    }

    #[test]
    fn a_zero_width_spit_is_cut_back_to_its_root() {
        // Out 700 m east and straight back: no land in it at all.
        let spit = poly(&[
            (121.0, 39.0),
            (121.01, 39.0),
            (121.01, 39.005),
            (121.018, 39.005),
            (121.01, 39.005),
            (121.01, 39.01),
            (121.0, 39.01),
        ]);
        // geo counts the fold-back as invalid; blunting removes it.
        let (out, report) = blunt_spikes(&[spit]);
        assert_eq!((report.tips_cut, report.vertices_removed), (1, 2), "{report:?}");
        assert!(out[0].is_valid(), "{:?}", out[0]);
        assert_eq!(out[0].exterior().0.len(), 6, "{:?}", out[0]);
    }

    #[test]
    fn a_boundary_meeting_the_coast_at_a_shallow_angle_gives_its_tip_to_the_neighbour_without_a_gap() {
        // A 0.1° × 0.05° block of land split by a boundary that leaves the south coast at
        // about 7°: X is the thin wedge under it, Y the rest.
        let x = poly(&[(121.0, 39.0), (121.05, 39.0), (121.1, 39.0), (121.1, 39.01)]);
        let y = poly(&[(121.0, 39.0), (121.1, 39.01), (121.1, 39.05), (121.0, 39.05)]);
        let before = (x.unsigned_area(), y.unsigned_area());
        let mut parts = vec![MultiPolygon(vec![x]), MultiPolygon(vec![y])];
        assert_eq!(sharp_vertices(&parts[0], SPIKE_MAX_ANGLE_DEG).len(), 1);
        let report = blunt_partition(&mut parts);
        assert_eq!((report.tips_cut, report.left_sharp), (1, 0), "{report:?}");
        for p in &parts {
            assert!(p.is_valid(), "{p:?}");
            assert!(sharp_vertices(p, SPIKE_MAX_ANGLE_DEG).is_empty(), "{p:?}");
        }
        let after = (parts[0].unsigned_area(), parts[1].unsigned_area());
        assert!(after.0 < before.0 && after.1 > before.1);
        // What X lost, Y gained: no gap, no overlap.
        assert!(((after.0 + after.1) - (before.0 + before.1)).abs() < 1e-12);
        assert!(parts[0].intersection(&parts[1]).unsigned_area() < 1e-12);
    }

    #[test]
    fn a_cut_that_would_swallow_another_polygon_is_not_made() {
        let islet = poly(&[(121.05, 39.06), (121.0502, 39.07), (121.0498, 39.07)]);
        let (out, report) = blunt_spikes(&[land_with_inlet(), islet]);
        assert_eq!(report.tips_cut, 0, "{report:?}");
        assert_eq!(report.left_sharp, 1);
        assert_eq!(out[0].exterior().0.len(), land_with_inlet().exterior().0.len());
    }
}
