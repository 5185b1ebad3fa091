//! The synthetic GeoJSON the import and user-layer benchmarks share: a deterministic
//! FeatureCollection around Dalian, a third each points, lines (20–60 positions) and
//! polygons (30–90 positions, every fourth with a hole), each feature with a handful of
//! properties (ASCII and Chinese strings, numbers, booleans, arrays, null).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use serde_json::{Value, json};

/// A small deterministic pseudo-random generator (64-bit LCG, high bits).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() * n as f64) as usize
    }
}

/// A coordinate rounded to 7 decimals, as exports write them.
fn r7(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

/// A closed ring of `n` positions around a centre.
fn ring(rng: &mut Lcg, centre: [f64; 2], radius: f64, n: usize) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = (0..n - 1)
        .map(|k| {
            let a = std::f64::consts::TAU * k as f64 / (n - 1) as f64;
            let r = radius * (0.7 + 0.3 * rng.next());
            [r7(centre[0] + r * a.cos()), r7(centre[1] + r * a.sin())]
        })
        .collect();
    out.push(out[0]);
    out
}

/// About `target` bytes of FeatureCollection text.
pub fn synthetic_collection(target: usize) -> String {
    const CATEGORIES: [&str; 5] = ["5G 基站", "数据中心", "产业园区", "工业互联网", "智慧港口"];
    let mut rng = Lcg(20210033);
    let mut text = String::from("{\"type\":\"FeatureCollection\",\"name\":\"synthetic\",\"features\":[\n");
    let mut k = 0usize;
    while text.len() < target {
        let centre = [120.9 + 1.9 * rng.next(), 38.7 + 1.4 * rng.next()];
        let geometry = match k % 3 {
            0 => json!({"type": "Point", "coordinates": [r7(centre[0]), r7(centre[1])]}),
            1 => {
                let n = 20 + rng.below(41);
                let mut p = centre;
                let coords: Vec<[f64; 2]> = (0..n)
                    .map(|_| {
                        p = [p[0] + 0.002 * (rng.next() - 0.3), p[1] + 0.002 * (rng.next() - 0.5)];
                        [r7(p[0]), r7(p[1])]
                    })
                    .collect();
                json!({"type": "LineString", "coordinates": coords})
            }
            _ => {
                let n = 30 + rng.below(61);
                let mut rings = vec![ring(&mut rng, centre, 0.02, n)];
                if k % 4 == 2 {
                    rings.push(ring(&mut rng, centre, 0.005, 12));
                }
                json!({"type": "Polygon", "coordinates": rings})
            }
        };
        let feature = json!({
            "type": "Feature",
            "id": format!("f{k}"),
            "properties": {
                "name": format!("要素 {k}"),
                "category": CATEGORIES[k % CATEGORIES.len()],
                "value": (rng.next() * 1e4).round() / 100.0,
                "year": 2021 + (k % 5),
                "built": k.is_multiple_of(2),
                "tags": ["plan", format!("zone-{}", k % 7)],
                "note": Value::Null,
                "stroke": "#1f78b4",
            },
            "geometry": geometry,
        });
        if k > 0 {
            text.push_str(",\n");
        }
        text.push_str(&feature.to_string());
        k += 1;
    }
    text.push_str("\n]}\n");
    text
}

/// The geometry of a [`synthetic_layer`]'s features.
#[allow(dead_code)] // only some benchmarks that include this file generate layers
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntheticKind {
    /// One position per feature.
    Points,
    /// LineStrings of 50 positions, about 2 km long.
    Lines,
    /// Polygons of one ring of 50 positions (the last repeating the first), about 400 m
    /// across.
    Polygons,
}

/// A deterministic layer of `kind` with about `vertices` positions in all, built as
/// features directly (no GeoJSON text), spread uniformly over lon 120.9–122.8, lat
/// 38.7–40.1 (WGS-84). Properties are left empty: at 10 M vertices even two short
/// properties per point would take gigabytes.
#[allow(dead_code)] // only some benchmarks that include this file generate layers
pub fn synthetic_layer(kind: SyntheticKind, vertices: usize) -> dalian_atlas::model::UserLayer {
    use geo::{Geometry, LineString, Point, Polygon};
    const PER_FEATURE: usize = 50;
    let mut rng = Lcg(0x000D_A11A_0014);
    let count = match kind {
        SyntheticKind::Points => vertices,
        SyntheticKind::Lines | SyntheticKind::Polygons => vertices.div_ceil(PER_FEATURE),
    };
    let features = (0..count)
        .map(|_| {
            let centre = [120.9 + 1.9 * rng.next(), 38.7 + 1.4 * rng.next()];
            let geometry = match kind {
                SyntheticKind::Points => Geometry::Point(Point::new(centre[0], centre[1])),
                SyntheticKind::Lines => {
                    let mut p = centre;
                    let heading = std::f64::consts::TAU * rng.next();
                    let coords: Vec<(f64, f64)> = (0..PER_FEATURE)
                        .map(|_| {
                            let turn = heading + 0.8 * (rng.next() - 0.5);
                            p = [p[0] + 0.0005 * turn.cos(), p[1] + 0.0004 * turn.sin()];
                            (p[0], p[1])
                        })
                        .collect();
                    Geometry::LineString(LineString::from(coords))
                }
                SyntheticKind::Polygons => {
                    let mut coords: Vec<(f64, f64)> = (0..PER_FEATURE - 1)
                        .map(|k| {
                            let a = std::f64::consts::TAU * k as f64 / (PER_FEATURE - 1) as f64;
                            let r = 0.002 * (0.7 + 0.3 * rng.next());
                            (centre[0] + r * a.cos(), centre[1] + 0.8 * r * a.sin())
                        })
                        .collect();
                    coords.push(coords[0]);
                    Geometry::Polygon(Polygon::new(LineString::from(coords), vec![]))
                }
            };
            dalian_atlas::model::UserFeature {
                id: None,
                geometry,
                properties: Default::default(),
            }
        })
        .collect();
    dalian_atlas::model::UserLayer {
        read_as: None,
        name: format!("synthetic {kind:?} {vertices}"),
        source: None,
        foreign_members: serde_json::Map::new(),
        features,
    }
}
