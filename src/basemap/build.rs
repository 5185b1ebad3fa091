//! The deterministic generator of the schematic basemap layers (`dalian-atlas build-maps`).
//!
//! No redistributable boundary data exists for Dalian's county-level divisions, so the
//! atlas computes *schematic* (示意) boundaries from two facts per division — points known
//! to lie inside it and its approximate area — by partitioning the land of the primary
//! coastline:
//!
//! 1. **Land.** The OSM coastline polygons (primary: newer, includes land reclamation), plus
//!    the GSHHG islets that lie more than [`ISLET_MIN_GAP_DEG`] from every OSM polygon (so no
//!    ~300 m seam and no shifted duplicate of an OSM islet can appear), with the spikes of the
//!    1:1M coastline (narrow inlets and spits, tips down to 0.008°) cut off where they are
//!    [`super::SPIKE_CUT_WIDTH_M`] wide ([`super::blunt_spikes`]): a mitred outline would draw
//!    each tip as a long thin line.
//! 2. **Raster.** The land is rasterised on a [`STEP_DEG`] lon/lat grid (cell centre inside).
//! 3. **Capacity-constrained growth.** From each division's interior points, one priority
//!    queue over land cells claims 4-connected cells in order of `distance to the division's
//!    nearest point ÷ its weight` (multiplicative weights: a small division keeps the cells
//!    around its own points, the trap of an additive power diagram). A division stops when its
//!    capacity is reached, so land beyond Dalian (营口, 丹东 in the data box) stays unclaimed.
//!    Weights of divisions that stopped short because neighbours hemmed them in are raised and
//!    the growth repeated.
//! 4. **Labels everywhere.** Unclaimed mainland is *outside*; every other cell (sea, islands
//!    not reached by growth) takes the label of the nearest labelled cell (breadth-first), so
//!    small islands go to the division whose land is nearest.
//! 5. **Arcs.** Boundaries between labels are traced into arcs between junctions; each arc is
//!    simplified once (Douglas–Peucker on grid vertices; arcs whose simplification would cross
//!    another arc, or that pass near an interior point, stay unsimplified), so neighbours
//!    share the very same line: no overlaps, no gaps.
//! 6. **Coast.** Each division's region is intersected with the land polygons: the shoreline
//!    is the real coastline, only inner boundaries are schematic. Where a boundary meets the
//!    coast or another boundary at a sharp angle, the tip goes to the neighbour across the
//!    boundary ([`super::blunt_partition`]), so no division has a spike and none a gap.
//! 7. **Refit.** Capacities are rescaled by `reference ÷ clipped area` and steps 3–6 repeated,
//!    so the final geodesic areas land within a few per cent of the reference figures.
//!
//! Everything iterates in index order and writes floats with fixed formatting, so a re-run
//! produces byte-identical files.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

use geo::{
    BooleanOps, BoundingRect, Contains, Coord, Distance, Euclidean, GeodesicArea, LineString, MultiPolygon, Orient,
    Point, Polygon, Rect, orient::Direction,
};

use super::{
    BasemapError, DIVISIONS, DIVISIONS_FILE, DivisionSpec, FUNCTIONAL_AREAS_FILE, LAND_FILE, PLACES_FILE, SpikeReport,
    blunt_partition, blunt_spikes, label_point_lon_lat, round7_multi,
};
use super::{geojson_in, geojson_out};

/// Input file names inside `maps/`.
pub const OSM_COASTLINE_FILE: &str = "coastline-osm.geojson";
pub const GSHHG_COASTLINE_FILE: &str = "coastline-gshhg-full.geojson";
pub const GEONAMES_PLACES_FILE: &str = "places-geonames-airports.geojson";

/// South-west corner and cell size of the raster, in degrees (the data box is
/// lon 120.8–123.6, lat 38.6–40.2).
const LON0: f64 = 120.8;
const LAT0: f64 = 38.6;
/// Raster cell size: 0.0025° ≈ 215 m (east) × 278 m (north) here, ≈ 0.06 km².
pub const STEP_DEG: f64 = 0.0025;
const NX: usize = 1120;
const NY: usize = 640;

/// A GSHHG polygon is added as an islet only when it is farther than this from every OSM
/// polygon: more than the ~290 m offset between the two coastlines, so an OSM islet is never
/// duplicated and no seam appears.
pub const ISLET_MIN_GAP_DEG: f64 = 0.005;

/// Douglas–Peucker tolerance for the inner boundaries, in raster cells.
const SIMPLIFY_CELLS: f64 = 1.2;

/// km per degree of longitude / latitude at 39.4° N (the middle of the box), for the growth
/// cost. A local equirectangular distance is plenty for ordering cells.
const KM_PER_DEG_LON: f64 = 86.08;
const KM_PER_DEG_LAT: f64 = 110.99;
/// Authalic earth radius (km), for raster cell areas.
const EARTH_RADIUS_KM: f64 = 6371.007;

const NONE: u8 = 255;
const OUTSIDE: u8 = 200;
const BORDER: u8 = 254;

/// Towns in the data box known to lie outside Dalian: the neighbouring cities compete for
/// land from here, so what Dalian does not need stays north and east of it.
const OUTSIDE_POINTS: &[super::InteriorPointSpec] = &[
    super::InteriorPointSpec {
        lon: 122.12284,
        lat: 40.17737,
        basis: "GeoNames 2033630 Xiongyue (熊岳镇, Yingkou)",
    },
    super::InteriorPointSpec {
        lon: 122.10409,
        lat: 40.09115,
        basis: "GeoNames 2036396 Jiuzhai (九寨镇, Yingkou)",
    },
    super::InteriorPointSpec {
        lon: 122.48895,
        lat: 40.0619,
        basis: "GeoNames 2034843 Shizijie (什字街镇, Gaizhou, Yingkou)",
    },
    super::InteriorPointSpec {
        lon: 122.54677,
        lat: 40.13896,
        basis: "GeoNames 2034257 Wanfu (万福镇, Gaizhou, Yingkou)",
    },
    super::InteriorPointSpec {
        lon: 122.70417,
        lat: 40.17361,
        basis: "GeoNames 2036281 Kuangdonggou (矿洞沟镇, Gaizhou, Yingkou)",
    },
    super::InteriorPointSpec {
        lon: 122.80815,
        lat: 40.16914,
        basis: "GeoNames 2034562 Taipingzhuang (太平庄乡, Gaizhou, Yingkou)",
    },
    super::InteriorPointSpec {
        lon: 123.33128,
        lat: 40.19289,
        basis: "GeoNames 2033503 Yangjiapu (杨家堡镇, Xiuyan, Anshan)",
    },
    super::InteriorPointSpec {
        lon: 123.40889,
        lat: 40.05833,
        basis: "GeoNames 2033916 Yanghe (洋河镇, Xiuyan, Anshan)",
    },
    super::InteriorPointSpec {
        lon: 123.58,
        lat: 39.90,
        basis: "Donggang (东港市, Dandong): east of Zhuanghe's eastern limit, 123°31′ E",
    },
];
/// Weight of the outside in the growth cost.
const OUTSIDE_WEIGHT: f64 = 30.0;

/// A division ends the refit within this fraction of its reference area.
const FIT_TOLERANCE: f64 = 0.01;

/// One line of the build report.
#[derive(Clone, Debug, PartialEq)]
pub struct DivisionReport {
    pub adcode: u32,
    pub name_zh: &'static str,
    pub area_reference_km2: f64,
    pub area_km2: f64,
    /// `true` when the division holds all the land it can reach (island county): its area is
    /// bounded by the coastline data, not by the partition.
    pub coast_limited: bool,
}

impl DivisionReport {
    /// Signed difference from the reference, in per cent.
    pub fn diff_percent(&self) -> f64 {
        (self.area_km2 - self.area_reference_km2) / self.area_reference_km2 * 100.0
    }
}

/// What `generate_maps` did.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildReport {
    pub divisions: Vec<DivisionReport>,
    pub land_polygons_osm: usize,
    pub islets_gshhg: usize,
    /// Land (km²) in the data box left outside every division (营口, 丹东, 鞍山 …).
    pub land_outside_km2: f64,
    /// The spikes cut off the land before it was partitioned ([`super::blunt_spikes`]).
    pub spikes: SpikeReport,
    /// The tips cut off the clipped divisions where an inner boundary meets the coast or
    /// another boundary at a sharp angle ([`super::blunt_partition`]), in the last round.
    pub division_tips: SpikeReport,
    pub files_written: Vec<String>,
}

/// A land polygon and where it came from.
#[derive(Clone, Debug)]
pub(crate) struct LandPiece {
    pub polygon: Polygon<f64>,
    pub from_gshhg: bool,
}

/// Takes the inputs from `read` (a file name gives its text), computes the schematic
/// layers and hands `land.geojson`, `divisions.geojson`, `functional-areas.geojson` and
/// `places.geojson` to `write` (name, text) in that order, each as soon as it is ready.
/// Deterministic: a re-run reproduces the files byte for byte. The files on disk:
/// [`crate::io::basemap::build_maps`].
pub fn generate_maps(
    read: impl Fn(&str) -> Result<String, BasemapError>,
    mut write: impl FnMut(&str, &str) -> Result<(), BasemapError>,
) -> Result<BuildReport, BasemapError> {
    let osm_text = read(OSM_COASTLINE_FILE)?;
    let gshhg_text = read(GSHHG_COASTLINE_FILE)?;
    let places_text = read(GEONAMES_PLACES_FILE)?;

    let osm = geojson_in::read_polygons(OSM_COASTLINE_FILE, &osm_text)?;
    let gshhg = geojson_in::read_polygons(GSHHG_COASTLINE_FILE, &gshhg_text)?;
    let (land, spikes) = blunt_land(combine_land(&osm, &gshhg))?;
    let land_mp = MultiPolygon(land.iter().map(|p| p.polygon.clone()).collect());

    let partition = partition(&land, &land_mp)?;

    let mut files = Vec::new();
    let mut write_output = |name: &str, text: &str| {
        write(name, text)?;
        files.push(name.to_string());
        Ok::<(), BasemapError>(())
    };
    let land_text = geojson_out::land_text(&land);
    write_output(LAND_FILE, &land_text)?;
    let div_text = geojson_out::divisions_text(&partition.divisions)?;
    write_output(DIVISIONS_FILE, &div_text)?;
    let fa = functional_areas(&land, &land_mp, &partition.divisions)?;
    write_output(FUNCTIONAL_AREAS_FILE, &geojson_out::functional_areas_text(&fa))?;
    let places = geojson_out::places_text(GEONAMES_PLACES_FILE, &places_text)?;
    write_output(PLACES_FILE, &places)?;

    let land_km2: f64 = land.iter().map(|p| p.polygon.geodesic_area_unsigned()).sum::<f64>() / 1e6;
    let inside: f64 = partition.divisions.iter().map(|d| d.area_km2).sum();
    Ok(BuildReport {
        divisions: partition
            .divisions
            .iter()
            .map(|d| DivisionReport {
                adcode: d.spec.adcode,
                name_zh: d.spec.name_zh,
                area_reference_km2: d.spec.area_reference_km2,
                area_km2: d.area_km2,
                coast_limited: d.coast_limited,
            })
            .collect(),
        land_polygons_osm: osm.len(),
        islets_gshhg: land.iter().filter(|p| p.from_gshhg).count(),
        land_outside_km2: land_km2 - inside,
        spikes,
        division_tips: partition.tips,
        files_written: files,
    })
}

/// OSM polygons in file order, then the GSHHG polygons (file order) that are farther than
/// [`ISLET_MIN_GAP_DEG`] from every OSM polygon.
pub(crate) fn combine_land(osm: &[Polygon<f64>], gshhg: &[Polygon<f64>]) -> Vec<LandPiece> {
    let mut out: Vec<LandPiece> = osm
        .iter()
        .map(|p| LandPiece {
            polygon: p.orient(Direction::Default),
            from_gshhg: false,
        })
        .collect();
    let osm_boxes: Vec<Rect<f64>> = osm.iter().filter_map(|p| p.bounding_rect()).collect();
    for g in gshhg {
        let Some(gb) = g.bounding_rect() else { continue };
        let near = osm.iter().zip(&osm_boxes).any(|(o, ob)| {
            let gap = ISLET_MIN_GAP_DEG;
            let boxes_near = gb.min().x <= ob.max().x + gap
                && ob.min().x <= gb.max().x + gap
                && gb.min().y <= ob.max().y + gap
                && ob.min().y <= gb.max().y + gap;
            boxes_near && Euclidean.distance(g, o) <= gap
        });
        if !near {
            out.push(LandPiece {
                polygon: g.orient(Direction::Default),
                from_gshhg: true,
            });
        }
    }
    out
}

/// Cuts the spikes off the land ([`blunt_spikes`]: narrow inlets and spits of the 1:1M
/// coastline whose tips a mitred outline draws as long thin lines), keeping each piece's
/// source. Fails when a blunted polygon is not valid.
fn blunt_land(land: Vec<LandPiece>) -> Result<(Vec<LandPiece>, SpikeReport), BasemapError> {
    let polygons: Vec<Polygon<f64>> = land.iter().map(|p| p.polygon.clone()).collect();
    let (blunted, report) = blunt_spikes(&polygons);
    let mut out = Vec::with_capacity(land.len());
    for (k, (piece, polygon)) in land.into_iter().zip(blunted).enumerate() {
        if let Some(reason) = super::validation_reason(&MultiPolygon(vec![polygon.clone()])) {
            return Err(BasemapError::Generator(format!(
                "land polygon {k} is not valid after cutting its spikes: {reason}"
            )));
        }
        out.push(LandPiece {
            polygon,
            from_gshhg: piece.from_gshhg,
        });
    }
    Ok((out, report))
}

/// A computed division.
#[derive(Clone, Debug)]
pub(crate) struct BuiltDivision {
    pub spec: &'static DivisionSpec,
    pub geometry: MultiPolygon<f64>,
    pub area_km2: f64,
    pub label_lon_lat: (f64, f64),
    pub coast_limited: bool,
}

struct Partition {
    divisions: Vec<BuiltDivision>,
    /// The tips cut off the clipped divisions in the last round.
    tips: SpikeReport,
}

struct Grid {
    land: Vec<bool>,
    component: Vec<u32>,
    mainland: u32,
    cell_km2: Vec<f64>,
}

fn cell_index(i: usize, j: usize) -> usize {
    j * NX + i
}

fn cell_centre_lon_lat(i: usize, j: usize) -> (f64, f64) {
    (LON0 + (i as f64 + 0.5) * STEP_DEG, LAT0 + (j as f64 + 0.5) * STEP_DEG)
}

fn rasterise(land: &[LandPiece]) -> Grid {
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
fn neighbours(c: usize) -> impl Iterator<Item = usize> {
    let (i, j) = (c % NX, c / NX);
    let w = (i > 0).then(|| c - 1);
    let e = (i + 1 < NX).then(|| c + 1);
    let s = (j > 0).then(|| c - NX);
    let n = (j + 1 < NY).then(|| c + NX);
    [w, e, s, n].into_iter().flatten()
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    cost: f64,
    division: u8,
    cell: u32,
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

struct Seeds {
    /// Per division, then the outside (index `DIVISIONS.len()`): (cell, lon, lat) of each
    /// interior point.
    cells: Vec<Vec<(usize, f64, f64)>>,
}

fn seed_cells(grid: &Grid) -> Result<Seeds, BasemapError> {
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

struct Growth {
    owner: Vec<u8>,
    filled: Vec<f64>,
    /// Division touches another division's cells (so raising its weight can help it).
    hemmed_in: Vec<bool>,
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
fn fit_weights(grid: &Grid, seeds: &Seeds, weights: &mut Vec<f64>, caps: &[f64], rounds: usize) -> Growth {
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
fn label_all(grid: &Grid, owner: &[u8]) -> Vec<u8> {
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

// ---------------------------------------------------------------------------------------
// Boundary arcs on the grid's vertices (x = 0..=NX, y = 0..=NY).

type V = (i32, i32);

struct Arc {
    raw: Vec<V>,
    simple: Vec<V>,
    left: u8,
    right: u8,
}

struct Labels<'a>(&'a [u8]);

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

fn degree(labels: &Labels, v: V) -> usize {
    DIRS.iter()
        .filter(|d| {
            let w = (v.0 + d.0, v.1 + d.1);
            in_vertex_range(w) && labels.is_edge(v, w)
        })
        .count()
}

fn trace_arcs(lab: &[u8]) -> Vec<Arc> {
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

fn orient(a: V, b: V, c: V) -> i64 {
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
fn simplify_arcs(arcs: &mut [Arc], protect: &[V]) {
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
    arc: usize,
    reversed: bool,
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
fn region_polygons(arcs: &[Arc], label: u8) -> MultiPolygon<f64> {
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

fn partition(land: &[LandPiece], land_mp: &MultiPolygon<f64>) -> Result<Partition, BasemapError> {
    let grid = rasterise(land);
    let seeds = seed_cells(&grid)?;
    let n = DIVISIONS.len();
    let targets: Vec<f64> = DIVISIONS.iter().map(|d| d.area_reference_km2).collect();
    let mut caps = targets.clone();
    caps.push(f64::INFINITY);
    let mut weights: Vec<f64> = targets.iter().map(|a| a.sqrt()).collect();
    weights.push(OUTSIDE_WEIGHT);
    let protect: Vec<V> = seeds
        .cells
        .iter()
        .flatten()
        .map(|&(c, _, _)| ((c % NX) as i32, (c / NX) as i32))
        .collect();
    let mut result: Option<Vec<BuiltDivision>> = None;
    let mut tips = SpikeReport::default();
    for round in 0..3 {
        let growth = fit_weights(&grid, &seeds, &mut weights, &caps, if round == 0 { 40 } else { 12 });
        let lab = label_all(&grid, &growth.owner);
        let mut arcs = trace_arcs(&lab);
        simplify_arcs(&mut arcs, &protect);
        let mut clipped_all: Vec<MultiPolygon<f64>> = (0..n)
            .map(|k| drop_slivers(round7_multi(&region_polygons(&arcs, k as u8).intersection(land_mp))))
            .collect();
        tips = blunt_partition(&mut clipped_all);
        let mut divisions = Vec::with_capacity(n);
        for ((k, spec), clipped) in DIVISIONS.iter().enumerate().zip(clipped_all) {
            if let Some(reason) = super::validation_reason(&clipped) {
                return Err(BasemapError::Generator(format!(
                    "{} is not a valid polygon: {reason}",
                    spec.name_zh
                )));
            }
            let area_km2 = clipped.geodesic_area_unsigned() / 1e6;
            let label_lon_lat = label_point_lon_lat(&clipped)
                .ok_or_else(|| BasemapError::Generator(format!("{} ended with no land", spec.name_zh)))?;
            let coast_limited = growth.filled[k] < caps[k] * 0.998 && !growth.hemmed_in[k];
            divisions.push(BuiltDivision {
                spec,
                geometry: clipped,
                area_km2,
                label_lon_lat,
                coast_limited,
            });
        }
        let mut converged = true;
        for (k, d) in divisions.iter().enumerate().take(n) {
            if d.coast_limited {
                continue;
            }
            let ratio = targets[k] / d.area_km2;
            if (ratio - 1.0).abs() > FIT_TOLERANCE {
                converged = false;
            }
            caps[k] *= ratio;
        }
        result = Some(divisions);
        if converged {
            break;
        }
    }
    let divisions = result.ok_or_else(|| BasemapError::Generator("no partition computed".into()))?;
    for d in &divisions {
        for p in d.spec.interior_points {
            if !d.geometry.contains(&Point::new(p.lon, p.lat)) {
                return Err(BasemapError::Generator(format!(
                    "interior point {:.5}, {:.5} ({}) ended outside {}",
                    p.lon, p.lat, p.basis, d.spec.name_zh
                )));
            }
        }
    }
    Ok(Partition { divisions, tips })
}

/// Drops parts under 0.005 km² and holes under 0.05 km²: the slivers a union of two
/// neighbours leaves along their shared boundary, where two boolean operations computed the
/// coast crossing a hair apart.
fn drop_specks(mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    // Geodesic areas need counter-clockwise rings, so orient before measuring.
    let ccw_area = |ring: &LineString<f64>| {
        Polygon::new(ring.clone(), vec![])
            .orient(Direction::Default)
            .geodesic_area_unsigned()
    };
    MultiPolygon(
        mp.0.into_iter()
            .filter(|p| ccw_area(p.exterior()) >= 5_000.0)
            .map(|p| {
                let (ext, holes) = p.into_inner();
                let holes = holes.into_iter().filter(|h| ccw_area(h) >= 50_000.0).collect();
                Polygon::new(ext, holes)
            })
            .collect(),
    )
}

/// Drops polygon parts under 0.005 km² that the clipping leaves where an inner boundary
/// meets the coast (specks of one division on its neighbour's shore).
fn drop_slivers(mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    MultiPolygon(
        mp.0.into_iter()
            .filter(|p| p.geodesic_area_unsigned() >= 5_000.0)
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------
// Functional areas.

/// A computed functional area.
#[derive(Clone, Debug)]
pub(crate) struct BuiltArea {
    pub id: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub geometry: MultiPolygon<f64>,
    pub area_km2: f64,
    pub area_reference_km2: Option<f64>,
    pub label_lon_lat: (f64, f64),
    pub source: String,
    pub basis: String,
}

/// A point on 长兴岛, to find the island polygon in the land.
const CHANGXING_ISLAND_LON_LAT: (f64, f64) = (121.38, 39.57);
/// Published total area of 大连金普新区 (km²), to size the part of 普兰店区 it includes.
pub const JINPU_REFERENCE_KM2: f64 = 2299.0;
/// Box of the 高新区 core (lon min, lat min, lon max, lat max), clipped to land.
pub const HIGH_TECH_BOX_LON_LAT: (f64, f64, f64, f64) = (121.45, 38.80, 121.58, 38.93);

fn functional_areas(
    land: &[LandPiece],
    land_mp: &MultiPolygon<f64>,
    divisions: &[BuiltDivision],
) -> Result<Vec<BuiltArea>, BasemapError> {
    let mut out = Vec::new();
    type Finished = (MultiPolygon<f64>, f64, (f64, f64));
    let finish = |geometry: MultiPolygon<f64>| -> Result<Finished, BasemapError> {
        let g = round7_multi(&drop_specks(geometry));
        if let Some(reason) = super::validation_reason(&g) {
            return Err(BasemapError::Generator(format!(
                "a functional area is not valid: {reason}"
            )));
        }
        let a = g.geodesic_area_unsigned() / 1e6;
        let l = label_point_lon_lat(&g)
            .ok_or_else(|| BasemapError::Generator("a functional area ended with no land".into()))?;
        Ok((g, a, l))
    };

    // 高新区: schematic box around the core, clipped to land.
    let (x0, y0, x1, y1) = HIGH_TECH_BOX_LON_LAT;
    let bx = Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 }).to_polygon();
    let (g, a, l) = finish(bx.intersection(land_mp))?;
    out.push(BuiltArea {
        id: "gaoxin",
        name_zh: "大连高新技术产业园区",
        name_en: "Dalian Hi-tech Industrial Zone",
        geometry: g,
        area_km2: a,
        area_reference_km2: None,
        label_lon_lat: l,
        source: "Dalian Atlas (schematic), clipped to OpenStreetMap coastline".into(),
        basis: format!(
            "示意范围：高新区核心片区（七贤岭、黄泥川、凌水、小平岛一带，甘井子区与沙河口区南部沿海，市中心以西），\
             取经度 {x0}–{x1}°E、纬度 {y0}–{y1}°N 的矩形与陆地相交；不是园区管理范围的界线。 Schematic: the core of the \
             zone (Qixianling, Huangnichuan, Lingshui, Xiaopingdao along the south coast of Ganjingzi and Shahekou, west \
             of the city centre) drawn as the box {x0}–{x1} E, {y0}–{y1} N intersected with land; not the zone's \
             administrative extent."
        ),
    });

    // 金普新区: 金州区 ∪ the southern part of 普兰店区 sized to the published total.
    let find = |adcode: u32| {
        divisions
            .iter()
            .find(|d| d.spec.adcode == adcode)
            .ok_or_else(|| BasemapError::Generator(format!("division {adcode} missing")))
    };
    let jinzhou = find(210213)?;
    let pulandian = find(210214)?;
    let wanted = (JINPU_REFERENCE_KM2 - jinzhou.area_km2).max(0.0);
    let south_of = |lat: f64| -> MultiPolygon<f64> {
        let r = Rect::new(Coord { x: LON0, y: LAT0 }, Coord { x: 123.6, y: lat }).to_polygon();
        pulandian.geometry.intersection(&r)
    };
    let (mut lo, mut hi) = (LAT0, 40.2);
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        if south_of(mid).geodesic_area_unsigned() / 1e6 < wanted {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let cut_lat = (hi * 1e4).round() / 1e4;
    let part = south_of(cut_lat);
    let jinpu = jinzhou.geometry.union(&part);
    let (g, a, l) = finish(jinpu)?;
    out.push(BuiltArea {
        id: "jinpu",
        name_zh: "大连金普新区",
        name_en: "Dalian Jinpu New Area",
        geometry: g,
        area_km2: a,
        area_reference_km2: Some(JINPU_REFERENCE_KM2),
        label_lon_lat: l,
        source: "Dalian Atlas (schematic), from the schematic 金州区 and 普兰店区".into(),
        basis: format!(
            "示意范围：金普新区于2014年由金州区全部和普兰店部分地区设立（公布总面积约{JINPU_REFERENCE_KM2}平方公里）；\
             本图取示意金州区全部，加示意普兰店区北纬{cut_lat}°以南部分（按总面积推定，并非实际所含街道的界线）。 \
             Schematic: the new area was formed in 2014 from the whole of Jinzhou District and part of Pulandian \
             (published total about {JINPU_REFERENCE_KM2} km²); drawn as the schematic Jinzhou District plus the part \
             of the schematic Pulandian District south of {cut_lat}° N, sized to that total — not the real extent of \
             the included subdistricts."
        ),
    });

    // 长兴岛经济区: the island polygon from the coastline.
    let (ix, iy) = CHANGXING_ISLAND_LON_LAT;
    let island = land
        .iter()
        .find(|p| p.polygon.contains(&Point::new(ix, iy)))
        .ok_or_else(|| BasemapError::Generator("长兴岛 is not in the primary coastline".into()))?;
    let (g, a, l) = finish(MultiPolygon(vec![island.polygon.clone()]))?;
    out.push(BuiltArea {
        id: "changxingdao",
        name_zh: "大连长兴岛经济区",
        name_en: "Dalian Changxing Island Economic Zone",
        geometry: g,
        area_km2: a,
        area_reference_km2: None,
        label_lon_lat: l,
        source: "OpenStreetMap coastline (@geo-maps/countries-coastline-1m 0.6.0): the 长兴岛 island polygon".into(),
        basis: "示意范围：以长兴岛岛屿海岸线为界（经济区以长兴岛为主体；周边交流岛等未计入）。 Schematic: the \
                outline of Changxing Island from the coastline data (the zone is essentially the island; neighbouring \
                islets such as Jiaoliu Island are not included)."
            .into(),
    });
    Ok(out)
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
