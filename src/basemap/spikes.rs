//! Spikes: ring vertices where an outline turns back on itself.
//!
//! A stroked outline with mitred joins (egui's, like most) extends a vertex of interior
//! angle α by `(w / 2) ÷ sin(α / 2)` beyond the tip on both sides of the line: 40–130 px for a
//! 1.4 px boundary at the few-degree tips of the 1:1,000,000 coastline, several hundred for a
//! 6 px highlight — long thin lines out to sea. The `build-maps` program cuts them off the
//! land and the divisions when it generates the layers; [`sharp_vertices`] finds any spike
//! that remains (`check` uses it).

use geo::{Coord, LineString, MultiPolygon};

/// A ring vertex whose interior angle is under this (degrees) is a spike: a mitred outline of
/// width `w` would extend it by more than `w ÷ (2 sin 10°)` ≈ 2.9 `w`.
pub const SPIKE_MAX_ANGLE_DEG: f64 = 20.0;

/// Metres per degree of latitude (and of longitude at the equator) on the authalic sphere.
const M_PER_DEG: f64 = 111_195.0;

/// A vertex sharper than the limit it was looked for with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SharpVertex {
    pub lon: f64,
    pub lat: f64,
    /// Interior angle between the vertex's two edges, in degrees (0 = folds straight back).
    pub angle_deg: f64,
}

/// The offset of `p` from `origin` in metres, in the equirectangular frame at `origin`'s
/// latitude (angles within a few km are true to a fraction of a degree).
pub fn metres(origin: Coord<f64>, p: Coord<f64>) -> (f64, f64) {
    let k = origin.y.to_radians().cos();
    ((p.x - origin.x) * k * M_PER_DEG, (p.y - origin.y) * M_PER_DEG)
}

/// The interior angle at `b` between the edges to `a` and to `c`, in degrees; `None` when an
/// edge has no length.
pub fn angle_at(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> Option<f64> {
    let (ux, uy) = metres(b, a);
    let (vx, vy) = metres(b, c);
    let (lu, lv) = (ux.hypot(uy), vx.hypot(vy));
    if lu == 0.0 || lv == 0.0 {
        return None;
    }
    Some(((ux * vx + uy * vy) / (lu * lv)).clamp(-1.0, 1.0).acos().to_degrees())
}

/// The ring's vertices without the closing repetition of the first.
pub fn open_ring(ring: &LineString<f64>) -> Vec<Coord<f64>> {
    let mut v = ring.0.clone();
    if v.len() > 1 && v.first() == v.last() {
        v.pop();
    }
    v
}

/// The vertices of every ring (exteriors and holes) of `g` whose interior angle is under
/// `max_angle_deg`, in ring order. Repeated points (edges of no length) are skipped.
pub fn sharp_vertices(g: &MultiPolygon<f64>, max_angle_deg: f64) -> Vec<SharpVertex> {
    let mut out = Vec::new();
    for p in g {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            let v = open_ring(ring);
            let n = v.len();
            if n < 3 {
                continue;
            }
            for i in 0..n {
                let (a, b, c) = (v[(i + n - 1) % n], v[i], v[(i + 1) % n]);
                if let Some(angle) = angle_at(a, b, c).filter(|&x| x < max_angle_deg) {
                    out.push(SharpVertex {
                        lon: b.x,
                        lat: b.y,
                        angle_deg: angle,
                    });
                }
            }
        }
    }
    out
}
