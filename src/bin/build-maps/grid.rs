//! The land raster and the capacity-constrained growth of the divisions over it (steps 2–4
//! of the generator, see `build.rs`).

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

use dalian_atlas::basemap::{BasemapError, DIVISIONS, DivisionSpec};

use crate::build::{
    EARTH_RADIUS_KM, KM_PER_DEG_LAT, KM_PER_DEG_LON, LAT0, LON0, LandPiece, NONE, NX, NY, OUTSIDE, OUTSIDE_POINTS,
    STEP_DEG,
};

pub(crate) struct Grid {
    pub(crate) land: Vec<bool>,
    pub(crate) component: Vec<u32>,
    pub(crate) mainland: u32,
    cell_km2: Vec<f64>,
}

pub(crate) fn cell_index(i: usize, j: usize) -> usize {
    j * NX + i
}

fn cell_centre_lon_lat(i: usize, j: usize) -> (f64, f64) {
    (LON0 + (i as f64 + 0.5) * STEP_DEG, LAT0 + (j as f64 + 0.5) * STEP_DEG)
}

pub(crate) fn rasterise(land: &[LandPiece]) -> Grid {
    // All ring edges; even-odd fill per row at the cell centres' latitude.
    let mut edges: Vec<(f64, f64, f64, f64)> = Vec::new();
    for piece in land {
        let p = &piece.polygon;
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            for l in ring.lines() {
                edges.push((l.start.x, l.start.y, l.end.x, l.end.y));
            }
        }
    }
    let mut by_row: Vec<Vec<usize>> = vec![Vec::new(); NY];
    for (k, &(_, y1, _, y2)) in edges.iter().enumerate() {
        let (lo, hi) = (y1.min(y2), y1.max(y2));
        let j0 = (((lo - LAT0) / STEP_DEG) - 0.5).floor().max(0.0) as usize;
        let j1 = ((((hi - LAT0) / STEP_DEG) - 0.5).ceil().max(0.0) as usize).min(NY - 1);
        for row in by_row.iter_mut().take(j1 + 1).skip(j0) {
            row.push(k);
        }
    }
    let mut landmask = vec![false; NX * NY];
    let mut xs: Vec<f64> = Vec::new();
    for (j, row) in by_row.iter().enumerate() {
        let y = LAT0 + (j as f64 + 0.5) * STEP_DEG;
        xs.clear();
        for &k in row {
            let (x1, y1, x2, y2) = edges[k];
            if (y1 <= y) != (y2 <= y) {
                xs.push(x1 + (y - y1) / (y2 - y1) * (x2 - x1));
            }
        }
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            let a = ((pair[0] - LON0) / STEP_DEG - 0.5).ceil().max(0.0) as usize;
            let b = (((pair[1] - LON0) / STEP_DEG - 0.5).ceil().max(0.0) as usize).min(NX);
            for i in a..b {
                landmask[cell_index(i, j)] = true;
            }
        }
    }
    // 4-connected components, numbered in scan order.
    let mut component = vec![u32::MAX; NX * NY];
    let mut sizes: Vec<usize> = Vec::new();
    let mut queue = VecDeque::new();
    for start in 0..NX * NY {
        if !landmask[start] || component[start] != u32::MAX {
            continue;
        }
        let id = sizes.len() as u32;
        let mut size = 0;
        component[start] = id;
        queue.push_back(start);
        while let Some(c) = queue.pop_front() {
            size += 1;
            for n in neighbours(c) {
                if landmask[n] && component[n] == u32::MAX {
                    component[n] = id;
                    queue.push_back(n);
                }
            }
        }
        sizes.push(size);
    }
    let mainland = sizes
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
        .map_or(0, |(k, _)| k as u32);
    let cell_km2 = (0..NY)
        .map(|j| {
            let lat = (LAT0 + (j as f64 + 0.5) * STEP_DEG).to_radians();
            let d = STEP_DEG.to_radians();
            EARTH_RADIUS_KM * EARTH_RADIUS_KM * d * d * lat.cos()
        })
        .collect();
    Grid {
        land: landmask,
        component,
        mainland,
        cell_km2,
    }
}

/// The 4-neighbours of a cell inside the grid, in a fixed order.
pub(crate) fn neighbours(c: usize) -> impl Iterator<Item = usize> {
    let (i, j) = (c % NX, c / NX);
    let w = (i > 0).then(|| c - 1);
    let e = (i + 1 < NX).then(|| c + 1);
    let s = (j > 0).then(|| c - NX);
    let n = (j + 1 < NY).then(|| c + NX);
    [w, e, s, n].into_iter().flatten()
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    pub(crate) cost: f64,
    pub(crate) division: u8,
    pub(crate) cell: u32,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cost
            .total_cmp(&other.cost)
            .then(self.division.cmp(&other.division))
            .then(self.cell.cmp(&other.cell))
    }
}

pub(crate) struct Seeds {
    /// Per division, then the outside (index `DIVISIONS.len()`): (cell, lon, lat) of each
    /// interior point.
    pub(crate) cells: Vec<Vec<(usize, f64, f64)>>,
}

pub(crate) fn seed_cells(grid: &Grid) -> Result<Seeds, BasemapError> {
    let mut cells = Vec::new();
    let mut taken: BTreeMap<usize, u32> = BTreeMap::new();
    let outside = DivisionSpec {
        adcode: 0,
        id: "outside",
        name_zh: "大连市以外",
        name_en: "outside Dalian",
        area_reference_km2: f64::INFINITY,
        interior_points: OUTSIDE_POINTS,
    };
    for spec in DIVISIONS.iter().chain(std::iter::once(&outside)) {
        let mut list = Vec::new();
        for p in spec.interior_points {
            let i = ((p.lon - LON0) / STEP_DEG).floor();
            let j = ((p.lat - LAT0) / STEP_DEG).floor();
            let inside_box = i >= 0.0 && j >= 0.0 && (i as usize) < NX && (j as usize) < NY;
            let c = inside_box.then(|| cell_index(i as usize, j as usize));
            let Some(c) = c.filter(|&c| grid.land[c]) else {
                return Err(BasemapError::Generator(format!(
                    "interior point {:.5}, {:.5} of {} ({}) is not on land in the primary coastline",
                    p.lon, p.lat, spec.name_zh, p.basis
                )));
            };
            if let Some(other) = taken.insert(c, spec.adcode).filter(|&o| o != spec.adcode) {
                return Err(BasemapError::Generator(format!(
                    "interior points of {} and {other} fall in the same raster cell",
                    spec.adcode
                )));
            }
            list.push((c, p.lon, p.lat));
        }
        cells.push(list);
    }
    Ok(Seeds { cells })
}

pub(crate) struct Growth {
    pub(crate) owner: Vec<u8>,
    pub(crate) filled: Vec<f64>,
    /// Division touches another division's cells (so raising its weight can help it).
    pub(crate) hemmed_in: Vec<bool>,
}

/// One capacity-constrained growth. Index `DIVISIONS.len()` of `weights`/`caps` is the
/// outside (neighbouring cities), which competes for land with no capacity.
fn grow(grid: &Grid, seeds: &Seeds, weights: &[f64], caps: &[f64]) -> Growth {
    let n = DIVISIONS.len() + 1;
    let mut owner = vec![NONE; NX * NY];
    let mut filled = vec![0.0; n];
    let mut full = vec![false; n];
    let mut heap = BinaryHeap::with_capacity(1 << 16);
    let cost = |k: usize, c: usize| -> f64 {
        let (lon, lat) = cell_centre_lon_lat(c % NX, c / NX);
        let mut best = f64::INFINITY;
        for &(_, slon, slat) in &seeds.cells[k] {
            let dx = (lon - slon) * KM_PER_DEG_LON;
            let dy = (lat - slat) * KM_PER_DEG_LAT;
            best = best.min(dx * dx + dy * dy);
        }
        best.sqrt() / weights[k]
    };
    for (k, list) in seeds.cells.iter().enumerate() {
        for &(c, _, _) in list {
            heap.push(Reverse(Entry {
                cost: 0.0,
                division: k as u8,
                cell: c as u32,
            }));
        }
    }
    while let Some(Reverse(e)) = heap.pop() {
        let (k, c) = (e.division as usize, e.cell as usize);
        if owner[c] != NONE || full[k] {
            continue;
        }
        owner[c] = k as u8;
        filled[k] += grid.cell_km2[c / NX];
        if filled[k] >= caps[k] {
            full[k] = true;
            continue;
        }
        for m in neighbours(c) {
            if grid.land[m] && owner[m] == NONE {
                heap.push(Reverse(Entry {
                    cost: cost(k, m),
                    division: k as u8,
                    cell: m as u32,
                }));
            }
        }
    }
    let mut hemmed_in = vec![false; n];
    for c in 0..NX * NY {
        let k = owner[c];
        if k == NONE {
            continue;
        }
        if neighbours(c).any(|m| owner[m] != NONE && owner[m] != k) {
            hemmed_in[k as usize] = true;
        }
    }
    Growth {
        owner,
        filled,
        hemmed_in,
    }
}

/// Fits the weights so that the *uncapped* growth (a multiplicatively weighted Voronoi
/// partition of the reachable land, grown from the points) gives every division its
/// capacity and the outside the rest: `w ← w·(capacity ÷ area)^½`, the usual fixed-point
/// iteration (area grows roughly with w²), for `rounds` rounds or until all are within
/// 0.5 %. Growth through narrow necks can make an area jump, so the best weights seen are
/// kept. A division that holds all the land it can reach (island county) keeps its weight.
/// Then the capped growth runs with those weights, so a division stops at its capacity and
/// the land beyond stays outside.
pub(crate) fn fit_weights(grid: &Grid, seeds: &Seeds, weights: &mut Vec<f64>, caps: &[f64], rounds: usize) -> Growth {
    let n = DIVISIONS.len();
    // Land in components that hold a seed: what the growth can claim.
    let mut seeded = vec![false; grid.component.len()];
    for &(c, _, _) in seeds.cells.iter().flatten() {
        seeded[grid.component[c] as usize] = true;
    }
    let reachable: f64 = (0..NX * NY)
        .filter(|&c| grid.land[c] && seeded[grid.component[c] as usize])
        .map(|c| grid.cell_km2[c / NX])
        .sum();
    let uncapped = vec![f64::INFINITY; n + 1];
    let mut best: (f64, Vec<f64>) = (f64::INFINITY, weights.clone());
    for _ in 0..rounds {
        let g = grow(grid, seeds, weights, &uncapped);
        let limited = |k: usize| !g.hemmed_in[k] && g.filled[k] < caps[k];
        let taken: f64 = (0..n).map(|k| if limited(k) { g.filled[k] } else { caps[k] }).sum();
        let mut targets = caps[..n].to_vec();
        targets.push((reachable - taken).max(1.0));
        let worst = (0..=n)
            .filter(|&k| k == n || !limited(k))
            .map(|k| (targets[k] / g.filled[k].max(1e-6) - 1.0).abs())
            .fold(0.0, f64::max);
        if worst < best.0 {
            best = (worst, weights.clone());
        }
        if worst < 0.005 {
            break;
        }
        for k in 0..=n {
            if k == n || !limited(k) {
                weights[k] *= (targets[k] / g.filled[k].max(1e-6)).sqrt().clamp(0.67, 1.5);
            }
        }
    }
    *weights = best.1;
    let mut capped = caps.to_vec();
    capped[n] = f64::INFINITY;
    grow(grid, seeds, weights, &capped)
}

/// Labels every cell: claimed cells keep their owner (the outside as [`OUTSIDE`]); unclaimed
/// land pockets take the nearest claimed label over land; everything else (sea, islands not
/// reached) the label of the nearest labelled cell (4-connected breadth-first, index order).
pub(crate) fn label_all(grid: &Grid, owner: &[u8]) -> Vec<u8> {
    let outside_index = DIVISIONS.len() as u8;
    let mut lab: Vec<u8> = owner
        .iter()
        .map(|&o| if o == outside_index { OUTSIDE } else { o })
        .collect();
    let spread = |lab: &mut Vec<u8>, allowed: &dyn Fn(usize) -> bool| {
        let mut queue: VecDeque<usize> = (0..NX * NY).filter(|&c| lab[c] != NONE).collect();
        while let Some(c) = queue.pop_front() {
            for m in neighbours(c) {
                if lab[m] == NONE && allowed(m) {
                    lab[m] = lab[c];
                    queue.push_back(m);
                }
            }
        }
    };
    spread(&mut lab, &|c| grid.land[c] && grid.component[c] == grid.mainland);
    spread(&mut lab, &|_| true);
    lab
}
