//! The deterministic generator of the schematic basemap layers (the `build-maps` program).
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
//!    [`crate::spikes::SPIKE_CUT_WIDTH_M`] wide ([`crate::spikes::blunt_spikes`]): a mitred outline would draw
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
//!    boundary ([`crate::spikes::blunt_partition`]), so no division has a spike and none a gap.
//! 7. **Refit.** Capacities are rescaled by `reference ÷ clipped area` and steps 3–6 repeated,
//!    so the final geodesic areas land within a few per cent of the reference figures.
//!
//! Everything iterates in index order and writes floats with fixed formatting, so a re-run
//! produces byte-identical files.

use std::path::Path;

use geo::{
    BooleanOps, BoundingRect, Contains, Coord, Distance, Euclidean, GeodesicArea, LineString, MultiPolygon, Orient,
    Point, Polygon, Rect, orient::Direction,
};

use dalian_atlas::basemap::{
    self, BasemapError, CONTEXT_LAND_FILE, DIVISIONS, DIVISIONS_FILE, DivisionSpec, FUNCTIONAL_AREAS_FILE,
    GEONAMES_PLACES_FILE, GSHHG_COASTLINE_FILE, InteriorPointSpec, LAND_FILE, NATURAL_EARTH_CONTEXT_FILE,
    OSM_COASTLINE_FILE, PLACES_FILE, label_point_lon_lat, round7_multi,
};

use crate::spikes::{SpikeReport, blunt_partition, blunt_spikes};

use crate::arcs::{V, region_polygons, simplify_arcs, trace_arcs};
use crate::grid::{fit_weights, label_all, rasterise, seed_cells};
use crate::write as io;

/// South-west corner and cell size of the raster, in degrees (the data box is
/// lon 120.8–123.6, lat 38.6–40.2).
pub(crate) const LON0: f64 = 120.8;
pub(crate) const LAT0: f64 = 38.6;
/// Raster cell size: 0.0025° ≈ 215 m (east) × 278 m (north) here, ≈ 0.06 km².
pub const STEP_DEG: f64 = 0.0025;
pub(crate) const NX: usize = 1120;
pub(crate) const NY: usize = 640;

/// A GSHHG polygon is added as an islet only when it is farther than this from every OSM
/// polygon: more than the ~290 m offset between the two coastlines, so an OSM islet is never
/// duplicated and no seam appears.
pub const ISLET_MIN_GAP_DEG: f64 = 0.005;

/// Douglas–Peucker tolerance for the inner boundaries, in raster cells.
pub(crate) const SIMPLIFY_CELLS: f64 = 1.2;

/// km per degree of longitude / latitude at 39.4° N (the middle of the box), for the growth
/// cost. A local equirectangular distance is plenty for ordering cells.
pub(crate) const KM_PER_DEG_LON: f64 = 86.08;
pub(crate) const KM_PER_DEG_LAT: f64 = 110.99;
/// Authalic earth radius (km), for raster cell areas.
pub(crate) const EARTH_RADIUS_KM: f64 = 6371.007;

pub(crate) const NONE: u8 = 255;
pub(crate) const OUTSIDE: u8 = 200;
pub(crate) const BORDER: u8 = 254;

/// Towns in the data box known to lie outside Dalian: the neighbouring cities compete for
/// land from here, so what Dalian does not need stays north and east of it.
pub(crate) const OUTSIDE_POINTS: &[InteriorPointSpec] = &[
    InteriorPointSpec {
        lon: 122.12284,
        lat: 40.17737,
        basis: "GeoNames 2033630 Xiongyue (熊岳镇, Yingkou)",
    },
    InteriorPointSpec {
        lon: 122.10409,
        lat: 40.09115,
        basis: "GeoNames 2036396 Jiuzhai (九寨镇, Yingkou)",
    },
    InteriorPointSpec {
        lon: 122.48895,
        lat: 40.0619,
        basis: "GeoNames 2034843 Shizijie (什字街镇, Gaizhou, Yingkou)",
    },
    InteriorPointSpec {
        lon: 122.54677,
        lat: 40.13896,
        basis: "GeoNames 2034257 Wanfu (万福镇, Gaizhou, Yingkou)",
    },
    InteriorPointSpec {
        lon: 122.70417,
        lat: 40.17361,
        basis: "GeoNames 2036281 Kuangdonggou (矿洞沟镇, Gaizhou, Yingkou)",
    },
    InteriorPointSpec {
        lon: 122.80815,
        lat: 40.16914,
        basis: "GeoNames 2034562 Taipingzhuang (太平庄乡, Gaizhou, Yingkou)",
    },
    InteriorPointSpec {
        lon: 123.33128,
        lat: 40.19289,
        basis: "GeoNames 2033503 Yangjiapu (杨家堡镇, Xiuyan, Anshan)",
    },
    InteriorPointSpec {
        lon: 123.40889,
        lat: 40.05833,
        basis: "GeoNames 2033916 Yanghe (洋河镇, Xiuyan, Anshan)",
    },
    InteriorPointSpec {
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

/// What `build_maps` did.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildReport {
    pub divisions: Vec<DivisionReport>,
    pub land_polygons_osm: usize,
    pub islets_gshhg: usize,
    /// Land (km²) in the data box left outside every division (营口, 丹东, 鞍山 …).
    pub land_outside_km2: f64,
    /// The spikes cut off the land before it was partitioned ([`crate::spikes::blunt_spikes`]).
    pub spikes: SpikeReport,
    /// The tips cut off the clipped divisions where an inner boundary meets the coast or
    /// another boundary at a sharp angle ([`crate::spikes::blunt_partition`]), in the last round.
    pub division_tips: SpikeReport,
    /// Polygons and ring positions of the context land (Natural Earth beyond the data box).
    pub context_polygons: usize,
    pub context_vertices: usize,
    pub files_written: Vec<String>,
}

/// A land polygon and where it came from.
#[derive(Clone, Debug)]
pub struct LandPiece {
    pub polygon: Polygon<f64>,
    pub from_gshhg: bool,
}

/// Reads the inputs in `maps_dir`, computes the schematic layers and writes
/// `land.geojson`, `divisions.geojson`, `functional-areas.geojson`, `places.geojson` and
/// `context-land.geojson` there (each atomically). Deterministic: a re-run reproduces the files byte for byte.
pub fn build_maps(maps_dir: &Path) -> Result<BuildReport, BasemapError> {
    let osm_text = read_input(maps_dir, OSM_COASTLINE_FILE)?;
    let gshhg_text = read_input(maps_dir, GSHHG_COASTLINE_FILE)?;
    let places_text = read_input(maps_dir, GEONAMES_PLACES_FILE)?;
    let context_text = read_input(maps_dir, NATURAL_EARTH_CONTEXT_FILE)?;

    let osm = basemap::read_polygons(OSM_COASTLINE_FILE, &osm_text)?;
    let gshhg = basemap::read_polygons(GSHHG_COASTLINE_FILE, &gshhg_text)?;
    let (land, spikes) = blunt_land(combine_land(&osm, &gshhg))?;
    let land_mp = MultiPolygon(land.iter().map(|p| p.polygon.clone()).collect());

    let partition = partition(&land, &land_mp)?;

    let mut files = Vec::new();
    let land_text = io::land_text(&land);
    write_output(maps_dir, LAND_FILE, &land_text, &mut files)?;
    let div_text = io::divisions_text(&partition.divisions)?;
    write_output(maps_dir, DIVISIONS_FILE, &div_text, &mut files)?;
    let fa = functional_areas(&land, &land_mp, &partition.divisions)?;
    write_output(
        maps_dir,
        FUNCTIONAL_AREAS_FILE,
        &io::functional_areas_text(&fa),
        &mut files,
    )?;
    let places = io::places_text(GEONAMES_PLACES_FILE, &places_text)?;
    write_output(maps_dir, PLACES_FILE, &places, &mut files)?;
    let context = crate::context::context_land(&context_text)?;
    write_output(
        maps_dir,
        CONTEXT_LAND_FILE,
        &crate::context::context_land_text(&context),
        &mut files,
    )?;

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
        context_polygons: context.0.len(),
        context_vertices: context
            .0
            .iter()
            .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
            .sum(),
        files_written: files,
    })
}

fn read_input(dir: &Path, name: &str) -> Result<String, BasemapError> {
    let path = dir.join(name);
    std::fs::read_to_string(&path).map_err(|source| BasemapError::Read {
        path: path.display().to_string(),
        source,
    })
}

fn write_output(dir: &Path, name: &str, text: &str, files: &mut Vec<String>) -> Result<(), BasemapError> {
    let path = dir.join(name);
    dalian_atlas::io::write_atomic(&path, text.as_bytes()).map_err(|source| BasemapError::Write {
        path: path.display().to_string(),
        source,
    })?;
    files.push(name.to_string());
    Ok(())
}

/// OSM polygons in file order, then the GSHHG polygons (file order) that are farther than
/// [`ISLET_MIN_GAP_DEG`] from every OSM polygon.
pub fn combine_land(osm: &[Polygon<f64>], gshhg: &[Polygon<f64>]) -> Vec<LandPiece> {
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
        if let Some(reason) = basemap::validation_reason(&MultiPolygon(vec![polygon.clone()])) {
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
pub struct BuiltDivision {
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
            if let Some(reason) = basemap::validation_reason(&clipped) {
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
pub struct BuiltArea {
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

pub(crate) fn functional_areas(
    land: &[LandPiece],
    land_mp: &MultiPolygon<f64>,
    divisions: &[BuiltDivision],
) -> Result<Vec<BuiltArea>, BasemapError> {
    let mut out = Vec::new();
    type Finished = (MultiPolygon<f64>, f64, (f64, f64));
    let finish = |geometry: MultiPolygon<f64>| -> Result<Finished, BasemapError> {
        let g = round7_multi(&drop_specks(geometry));
        if let Some(reason) = basemap::validation_reason(&g) {
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
