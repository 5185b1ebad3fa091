//! The offline basemap: land, Dalian's ten county-level divisions, the plan's functional
//! areas and reference places — all in WGS-84 longitude/latitude (RFC 7946 axis order).
//!
//! The layers are generated once by the `build-maps` program (`src/bin/build-maps/`, not
//! part of the atlas) from the licensed inputs in `maps/` and committed; the atlas compiles
//! the generated files in and parses them at start ([`Basemap::builtin`]). District boundaries are **schematic**
//! (示意): computed by the atlas from interior points and approximate areas, not surveyed —
//! 本图行政区划界线为示意，不作为权属界线依据. A user with official boundaries can load them
//! ([`apply_official_boundaries`]).
//!
//! No UI code lives here.

mod context;
mod geojson;
mod official;
mod spikes;

use geo::{
    Area, BooleanOps, BoundingRect, Contains, Coord, GeodesicArea, InteriorPoint, LineString, MultiPolygon, Orient,
    Point, Polygon, Validation, orient::Direction,
};

pub use context::{
    CONTEXT_BOX_LON_LAT, CONTEXT_CENTRE_BOX_LON_LAT, CONTEXT_LAND_FILE, CONTEXT_MIN_ZOOM, CONTEXT_TILE_DEG, CutLines,
    NATURAL_EARTH_CONTEXT_FILE, box_polygon, coast_runs, context_area_inside_data_box, context_land_of,
};
pub use geojson::{
    FeatureGeometry, FeatureOut, URBAN_CENTRE_LON_LAT, basemap_attribution as export_attribution, basemap_features,
    division_feature, feature_collection_text, feature_properties, functional_feature, parse_collection, place_feature,
    point_of, read_polygons,
};
pub use official::{OFFICIAL_SOURCE, OfficialMatch, OfficialReport, apply_official_boundaries};
pub use spikes::{SPIKE_MAX_ANGLE_DEG, SharpVertex, angle_at, metres, open_ring, sharp_vertices};

/// Input files of the `build-maps` program in `maps/`.
pub const OSM_COASTLINE_FILE: &str = "coastline-osm.geojson";
pub const GSHHG_COASTLINE_FILE: &str = "coastline-gshhg-full.geojson";
pub const GEONAMES_PLACES_FILE: &str = "places-geonames-airports.geojson";

/// Generated layer files in `maps/`.
pub const LAND_FILE: &str = "land.geojson";
pub const DIVISIONS_FILE: &str = "divisions.geojson";
pub const FUNCTIONAL_AREAS_FILE: &str = "functional-areas.geojson";
pub const PLACES_FILE: &str = "places.geojson";
pub const README_FILE: &str = "README.md";

/// Every file that belongs in `maps/`; `check` requires an attribution section for each in
/// `maps/README.md`, and a test keeps this list equal to the directory.
pub const MAP_FILES: &[&str] = &[
    OSM_COASTLINE_FILE,
    GSHHG_COASTLINE_FILE,
    GEONAMES_PLACES_FILE,
    NATURAL_EARTH_CONTEXT_FILE,
    LAND_FILE,
    CONTEXT_LAND_FILE,
    DIVISIONS_FILE,
    FUNCTIONAL_AREAS_FILE,
    PLACES_FILE,
    README_FILE,
];

const BUILTIN_LAND: &str = include_str!("../../maps/land.geojson");
const BUILTIN_DIVISIONS: &str = include_str!("../../maps/divisions.geojson");
const BUILTIN_FUNCTIONAL_AREAS: &str = include_str!("../../maps/functional-areas.geojson");
const BUILTIN_PLACES: &str = include_str!("../../maps/places.geojson");
const BUILTIN_CONTEXT_LAND: &str = include_str!("../../maps/context-land.geojson");
const BUILTIN_README: &str = include_str!("../../maps/README.md");

/// The disclaimer every schematic division layer carries.
pub const SCHEMATIC_NOTE_ZH: &str = "本图行政区划界线为示意，不作为权属界线依据";
pub const SCHEMATIC_NOTE_EN: &str = "District boundaries are schematic, computed by the atlas from interior points and \
     approximate areas; they are not a basis for any boundary determination.";

/// The lon/lat box of the source data (lon min, lat min, lon max, lat max).
pub const DATA_BOX_LON_LAT: (f64, f64, f64, f64) = (120.8, 38.6, 123.6, 40.2);

/// Tolerance of a division's area against its reference figure.
pub const AREA_TOLERANCE: f64 = 0.10;
/// A coast-limited division (all its land taken, e.g. 长海县: the coastline data lacks the
/// smallest islets) may fall short by up to this much; beyond it `check` fails.
pub const COAST_LIMITED_TOLERANCE: f64 = 0.20;
/// Two divisions overlap when their intersection exceeds this (km²); smaller is rounding.
pub const OVERLAP_TOLERANCE_KM2: f64 = 0.001;

#[derive(Debug, thiserror::Error)]
pub enum BasemapError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} is not valid GeoJSON: {reason}")]
    NotGeoJson { file: String, reason: String },
    #[error("{file}: {reason}")]
    Layer { file: String, reason: String },
    #[error("the map generator cannot finish: {0}")]
    Generator(String),
    #[error("the boundary file has no Polygon or MultiPolygon features")]
    NoPolygons,
    #[error(
        "the boundary file's coordinates are not longitude/latitude (found {x}, {y} in feature {feature}): it looks \
         like a projected CRS; reproject it to WGS-84 (EPSG:4326) first, e.g. in QGIS or with ogr2ogr -t_srs EPSG:4326"
    )]
    ProjectedCoordinates { feature: String, x: f64, y: f64 },
    #[error(
        "feature {feature} lies at {lon:.3}, {lat:.3}, far from Dalian: are its coordinates in latitude/longitude \
         order? GeoJSON (RFC 7946) wants longitude first"
    )]
    FarFromDalian { feature: String, lon: f64, lat: f64 },
    #[error(
        "feature {feature} has its coordinates in latitude, longitude order (first value {first:.3}, second \
         {second:.3}); GeoJSON (RFC 7946) wants longitude first — swap the axes, e.g. in QGIS"
    )]
    SwappedAxes { feature: String, first: f64, second: f64 },
    #[error("no feature of the file matches a Dalian division by adcode or name (features seen: {seen})")]
    NoDivisionMatched { seen: String },
    #[error(
        "the file has {vertices} vertices in the matched features, more than the {max} the atlas takes; simplify it first (e.g. QGIS → Simplify)"
    )]
    TooManyVertices { vertices: usize, max: usize },
    #[error("feature {feature} has an empty polygon ring")]
    EmptyGeometry { feature: String },
    #[error("feature {feature} has an invalid geometry: {reason}")]
    InvalidGeometry { feature: String, reason: String },
}

/// How far a feature's geometry can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// Surveyed or official (airport reference points, user-supplied official boundaries).
    Exact,
    /// A gazetteer point or a position read off a map: within a few hundred metres.
    Approximate,
    /// Known only to lie in a district.
    District,
    /// Drawn by the atlas from stated facts; not a survey.
    Schematic,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Exact => "exact",
            Precision::Approximate => "approximate",
            Precision::District => "district",
            Precision::Schematic => "schematic",
        }
    }

    pub fn parse(s: &str) -> Option<Precision> {
        match s {
            "exact" => Some(Precision::Exact),
            "approximate" => Some(Precision::Approximate),
            "district" => Some(Precision::District),
            "schematic" => Some(Precision::Schematic),
            _ => None,
        }
    }
}

/// A point known to lie inside a division, and why.
#[derive(Clone, Copy, Debug)]
pub struct InteriorPointSpec {
    pub lon: f64,
    pub lat: f64,
    pub basis: &'static str,
}

/// The facts a schematic division is computed from.
#[derive(Clone, Copy, Debug)]
pub struct DivisionSpec {
    pub adcode: u32,
    pub id: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub area_reference_km2: f64,
    /// The first point is the stated interior point; others are towns known to lie
    /// in the division (GeoNames positions), spreading long divisions and their islands.
    pub interior_points: &'static [InteriorPointSpec],
}

const fn pt(lon: f64, lat: f64, basis: &'static str) -> InteriorPointSpec {
    InteriorPointSpec { lon, lat, basis }
}

const STATED: &str = "stated interior point (issue 3)";

/// Dalian's ten county-level divisions, in adcode order.
pub const DIVISIONS: &[DivisionSpec] = &[
    DivisionSpec {
        adcode: 210202,
        id: "zhongshan",
        name_zh: "中山区",
        name_en: "Zhongshan District",
        area_reference_km2: 56.0,
        interior_points: &[pt(121.67, 38.90, STATED)],
    },
    DivisionSpec {
        adcode: 210203,
        id: "xigang",
        name_zh: "西岗区",
        name_en: "Xigang District",
        area_reference_km2: 29.0,
        interior_points: &[pt(121.61, 38.905, STATED)],
    },
    DivisionSpec {
        adcode: 210204,
        id: "shahekou",
        name_zh: "沙河口区",
        name_en: "Shahekou District",
        area_reference_km2: 43.0,
        interior_points: &[pt(121.565, 38.905, STATED)],
    },
    DivisionSpec {
        adcode: 210211,
        id: "ganjingzi",
        name_zh: "甘井子区",
        name_en: "Ganjingzi District",
        area_reference_km2: 561.0,
        interior_points: &[
            pt(121.50, 38.985, STATED),
            pt(121.695, 39.02861, "GeoNames 1921372 Dalianwan (大连湾街道, Ganjingzi)"),
        ],
    },
    DivisionSpec {
        adcode: 210212,
        id: "lushunkou",
        name_zh: "旅顺口区",
        name_en: "Lüshunkou District",
        area_reference_km2: 542.0,
        interior_points: &[
            pt(121.28, 38.85, STATED),
            pt(121.26667, 38.8, "GeoNames 1801722 Lüshun (旅顺, the district seat)"),
        ],
    },
    DivisionSpec {
        adcode: 210213,
        id: "jinzhou",
        name_zh: "金州区",
        name_en: "Jinzhou District",
        area_reference_km2: 1949.0,
        interior_points: &[
            pt(121.90, 39.24, STATED),
            pt(121.71667, 39.1, "GeoNames 1805298 Jinzhou (金州, the district seat)"),
        ],
    },
    DivisionSpec {
        adcode: 210214,
        id: "pulandian",
        name_zh: "普兰店区",
        name_en: "Pulandian District",
        area_reference_km2: 2603.0,
        interior_points: &[
            pt(122.36, 39.64, STATED),
            pt(
                121.96694,
                39.39528,
                "GeoNames 1798490 Pulandian (普兰店, the district seat)",
            ),
        ],
    },
    DivisionSpec {
        adcode: 210224,
        id: "changhai",
        name_zh: "长海县",
        name_en: "Changhai County",
        area_reference_km2: 143.0,
        interior_points: &[
            pt(
                122.35,
                39.18,
                "stated interior point (issue 3), on 广鹿岛 Guanglu Island",
            ),
            pt(
                122.6,
                39.27556,
                "GeoNames 1794227 Dachang Shandao (大长山岛, the county seat)",
            ),
            pt(122.72361, 39.23583, "GeoNames 1921495 Xiaochangshan (小长山岛)"),
            pt(122.72916, 39.03005, "GeoNames 1921498 Zhangzi (獐子岛)"),
            pt(123.16969, 39.05908, "GeoNames 12489788 Haiyang (海洋岛)"),
        ],
    },
    DivisionSpec {
        adcode: 210281,
        id: "wafangdian",
        name_zh: "瓦房店市",
        name_en: "Wafangdian City",
        area_reference_km2: 3870.0,
        interior_points: &[
            pt(121.82, 39.70, STATED),
            pt(
                122.00806,
                39.61833,
                "GeoNames 1792260 Wafangdian (瓦房店, the city seat)",
            ),
            pt(121.38, 39.57, "长兴岛 Changxing Island (belongs to Wafangdian)"),
            pt(122.07719, 40.03774, "GeoNames 2033557 Xutun (许屯镇, Wafangdian)"),
        ],
    },
    DivisionSpec {
        adcode: 210283,
        id: "zhuanghe",
        name_zh: "庄河市",
        name_en: "Zhuanghe City",
        area_reference_km2: 3968.0,
        interior_points: &[
            pt(123.00, 39.84, STATED),
            pt(122.99111, 39.70083, "GeoNames 1784055 Zhuanghe (庄河, the city seat)"),
            pt(122.70499, 40.02258, "GeoNames 2053248 Buyunshan (步云山乡, Zhuanghe)"),
            pt(123.10946, 40.05175, "GeoNames 2053290 Taling (塔岭镇, Zhuanghe)"),
        ],
    },
];

/// A land polygon (the shoreline the divisions are cut with).
#[derive(Clone, Debug, PartialEq)]
pub struct LandPolygon {
    pub geometry: Polygon<f64>,
    pub precision: Precision,
    pub source: String,
}

/// A county-level division.
#[derive(Clone, Debug, PartialEq)]
pub struct Division {
    pub id: String,
    pub adcode: u32,
    pub name_zh: String,
    pub name_en: String,
    /// Exterior rings counter-clockwise, holes clockwise (RFC 7946).
    pub geometry: MultiPolygon<f64>,
    /// Geodesic area of `geometry` (WGS-84 ellipsoid).
    pub area_km2: f64,
    pub area_reference_km2: f64,
    /// A point inside `geometry`, for the label.
    pub label_lon_lat: (f64, f64),
    pub precision: Precision,
    pub source: String,
    /// How the geometry was obtained.
    pub basis: String,
    /// All the land this division can reach is in it, so its area is bounded by the
    /// coastline data rather than by the partition.
    pub coast_limited: bool,
}

/// A functional area of the plan (高新区, 金普新区, 长兴岛经济区).
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionalArea {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub geometry: MultiPolygon<f64>,
    pub area_km2: f64,
    pub area_reference_km2: Option<f64>,
    pub label_lon_lat: (f64, f64),
    pub precision: Precision,
    pub source: String,
    /// Why the polygon is drawn as it is.
    pub basis: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    Town,
    Airport,
    UrbanCentre,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Town => "town",
            PlaceKind::Airport => "airport",
            PlaceKind::UrbanCentre => "urban_centre",
        }
    }

    pub fn parse(s: &str) -> Option<PlaceKind> {
        match s {
            "town" => Some(PlaceKind::Town),
            "airport" => Some(PlaceKind::Airport),
            "urban_centre" => Some(PlaceKind::UrbanCentre),
            _ => None,
        }
    }
}

/// A reference place.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub id: String,
    pub kind: PlaceKind,
    pub name_zh: Option<String>,
    pub name_en: String,
    pub population: Option<u64>,
    pub lon_lat: (f64, f64),
    pub precision: Precision,
    pub source: String,
}

/// Where a layer comes from, as its file states it.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerAttribution {
    pub file: String,
    pub attribution: String,
    pub license: String,
}

/// All basemap layers.
#[derive(Clone, Debug, PartialEq)]
pub struct Basemap {
    pub land: Vec<LandPolygon>,
    /// Natural Earth land beyond the data box, for context only (see [`context`]): drawn,
    /// checked, never exported. Empty when the maps folder has no context layer.
    pub context_land: Vec<LandPolygon>,
    pub divisions: Vec<Division>,
    pub functional_areas: Vec<FunctionalArea>,
    pub places: Vec<Place>,
    /// One per generated layer file.
    pub attributions: Vec<LayerAttribution>,
    /// `maps/README.md`.
    pub readme: String,
    /// The files of `maps/` (for the attribution check).
    pub files: Vec<String>,
}

impl Basemap {
    /// The layers compiled into the atlas (the committed `maps/*.geojson`).
    pub fn builtin() -> Result<Basemap, BasemapError> {
        Basemap::from_texts(
            BUILTIN_LAND,
            BUILTIN_DIVISIONS,
            BUILTIN_FUNCTIONAL_AREAS,
            BUILTIN_PLACES,
            BUILTIN_README,
            MAP_FILES.iter().map(|s| s.to_string()).collect(),
        )?
        .with_context_land(BUILTIN_CONTEXT_LAND)
    }

    /// The layers from the texts of their files (`files`: the names listed as present).
    pub fn from_texts(
        land: &str,
        divisions: &str,
        functional: &str,
        places: &str,
        readme: &str,
        files: Vec<String>,
    ) -> Result<Basemap, BasemapError> {
        let (land, a1) = geojson::parse_land(LAND_FILE, land)?;
        let (divisions, a2) = geojson::parse_divisions(DIVISIONS_FILE, divisions)?;
        let (functional_areas, a3) = geojson::parse_functional_areas(FUNCTIONAL_AREAS_FILE, functional)?;
        let (places, a4) = geojson::parse_places(PLACES_FILE, places)?;
        Ok(Basemap {
            land,
            context_land: Vec::new(),
            divisions,
            functional_areas,
            places,
            attributions: vec![a1, a2, a3, a4],
            readme: readme.to_string(),
            files,
        })
    }

    /// The division with this adcode.
    pub fn division(&self, adcode: u32) -> Option<&Division> {
        self.divisions.iter().find(|d| d.adcode == adcode)
    }

    /// The division containing a lon/lat point, if any.
    pub fn division_at(&self, lon: f64, lat: f64) -> Option<&Division> {
        let p = Point::new(lon, lat);
        self.divisions.iter().find(|d| d.geometry.contains(&p))
    }

    /// The lon/lat bounding box of all layers: (lon min, lat min, lon max, lat max).
    pub fn bbox_lon_lat(&self) -> Option<(f64, f64, f64, f64)> {
        let mut b: Option<(f64, f64, f64, f64)> = None;
        let mut add = |r: geo::Rect<f64>| {
            let (x0, y0, x1, y1) = (r.min().x, r.min().y, r.max().x, r.max().y);
            b = Some(match b {
                None => (x0, y0, x1, y1),
                Some((a, c, d, e)) => (a.min(x0), c.min(y0), d.max(x1), e.max(y1)),
            });
        };
        self.land
            .iter()
            .filter_map(|l| l.geometry.bounding_rect())
            .for_each(&mut add);
        self.divisions
            .iter()
            .filter_map(|d| d.geometry.bounding_rect())
            .for_each(&mut add);
        for p in &self.places {
            add(geo::Rect::new(
                Coord {
                    x: p.lon_lat.0,
                    y: p.lon_lat.1,
                },
                Coord {
                    x: p.lon_lat.0,
                    y: p.lon_lat.1,
                },
            ));
        }
        b
    }
}

/// Geodesic area in km².
pub fn area_km2(g: &MultiPolygon<f64>) -> f64 {
    g.geodesic_area_unsigned() / 1e6
}

/// A label point inside the largest part of `g` (geo's `InteriorPoint`), rounded to 7
/// decimals; `None` for an empty geometry.
pub fn label_point_lon_lat(g: &MultiPolygon<f64>) -> Option<(f64, f64)> {
    let largest =
        g.0.iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    let p = largest.interior_point()?;
    let r = (round7(p.x()), round7(p.y()));
    if largest.contains(&Point::new(r.0, r.1)) {
        Some(r)
    } else {
        Some((p.x(), p.y()))
    }
}

/// Rounds to 7 decimals (≈ 1 cm), the precision of the written files and of every
/// coordinate of an annotation. A value that rounds to zero is `0.0`, never `-0.0`, so
/// it is written as `0`.
pub fn round7(v: f64) -> f64 {
    let r = (v * 1e7).round() / 1e7;
    if r == 0.0 { 0.0 } else { r }
}

/// Rounds every coordinate to 7 decimals, drops repeated points and orients the rings the
/// RFC 7946 way (exterior counter-clockwise, holes clockwise).
pub fn round7_multi(g: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let ring = |ls: &LineString<f64>| {
        let mut out: Vec<Coord<f64>> = Vec::with_capacity(ls.0.len());
        for c in &ls.0 {
            let r = Coord {
                x: round7(c.x),
                y: round7(c.y),
            };
            if out.last() != Some(&r) {
                out.push(r);
            }
        }
        LineString(out)
    };
    let polys =
        g.0.iter()
            .map(|p| Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect()))
            .filter(|p| p.exterior().0.len() >= 4)
            .collect();
    MultiPolygon(polys).orient(Direction::Default)
}

/// Problems with the basemap layers, as sentences; empty when all is well.
///
/// Checks: valid geometries (no self-intersections), every division present once with its
/// adcode and names, areas within 10 % of the reference figures (a coast-limited island
/// county within 20 %, and said so), label and interior points inside their own division,
/// divisions pairwise not overlapping, no spikes (a ring vertex sharper than
/// [`SPIKE_MAX_ANGLE_DEG`], which a mitred outline draws as a long thin line) in the land
/// and in the atlas's own divisions and functional areas (official boundaries are taken as
/// they are), the context land valid and outside the data box, and an attribution for
/// every layer and every file.
pub fn check(basemap: &Basemap) -> Vec<String> {
    let mut problems = Vec::new();
    let mut spikes = |what: String, g: &MultiPolygon<f64>| {
        let sharp = sharp_vertices(g, SPIKE_MAX_ANGLE_DEG);
        if let Some(s) = sharp.first() {
            problems.push(format!(
                "{what} has {} spike(s) (ring vertices sharper than {SPIKE_MAX_ANGLE_DEG}°), e.g. {:.3}° at {:.5}, {:.5}; \
                 re-run `cargo run --release --bin build-maps`",
                sharp.len(),
                s.angle_deg,
                s.lon,
                s.lat
            ));
        }
    };
    for (k, l) in basemap.land.iter().enumerate() {
        spikes(format!("land polygon {k}"), &MultiPolygon(vec![l.geometry.clone()]));
    }
    for d in basemap.divisions.iter().filter(|d| d.precision != Precision::Exact) {
        spikes(format!("division {} {}", d.adcode, d.name_zh), &d.geometry);
    }
    for f in basemap
        .functional_areas
        .iter()
        .filter(|f| f.precision != Precision::Exact)
    {
        spikes(format!("functional area {}", f.id), &f.geometry);
    }
    for (k, l) in basemap.land.iter().enumerate() {
        if let Err(e) = l.geometry.check_validation() {
            problems.push(format!("land polygon {k} is not a valid polygon: {e}"));
        }
    }
    problems.extend(context::check_context_land(&basemap.context_land));
    for spec in DIVISIONS {
        let found: Vec<&Division> = basemap.divisions.iter().filter(|d| d.adcode == spec.adcode).collect();
        if found.len() != 1 {
            problems.push(format!(
                "division {} {} appears {} times (expected once)",
                spec.adcode,
                spec.name_zh,
                found.len()
            ));
            continue;
        }
        let d = found[0];
        if d.name_zh != spec.name_zh || d.name_en != spec.name_en {
            problems.push(format!(
                "division {} is named {} / {} (expected {} / {})",
                d.adcode, d.name_zh, d.name_en, spec.name_zh, spec.name_en
            ));
        }
        if let Err(e) = d.geometry.check_validation() {
            problems.push(format!(
                "division {} {} has an invalid geometry: {e}",
                d.adcode, d.name_zh
            ));
        }
        let computed = area_km2(&d.geometry);
        if (computed - d.area_km2).abs() > 0.01 * d.area_km2.max(1.0) {
            problems.push(format!(
                "division {} {}: stated area {:.1} km² but its geometry measures {computed:.1} km²",
                d.adcode, d.name_zh, d.area_km2
            ));
        }
        let diff = (computed - spec.area_reference_km2) / spec.area_reference_km2;
        let exact = d.precision == Precision::Exact;
        let limit = if d.coast_limited && diff < 0.0 {
            COAST_LIMITED_TOLERANCE
        } else {
            AREA_TOLERANCE
        };
        if !exact && diff.abs() > limit {
            problems.push(format!(
                "division {} {}: area {computed:.1} km² is {:+.1} % off the reference {:.0} km² (limit {:.0} %)",
                d.adcode,
                d.name_zh,
                diff * 100.0,
                spec.area_reference_km2,
                limit * 100.0
            ));
        }
        let (lx, ly) = d.label_lon_lat;
        if !d.geometry.contains(&Point::new(lx, ly)) {
            problems.push(format!(
                "division {} {}: label point {lx}, {ly} is not inside it",
                d.adcode, d.name_zh
            ));
        }
        if d.precision == Precision::Schematic {
            for p in spec.interior_points {
                if !d.geometry.contains(&Point::new(p.lon, p.lat)) {
                    problems.push(format!(
                        "division {} {}: its interior point {}, {} ({}) is not inside it",
                        d.adcode, d.name_zh, p.lon, p.lat, p.basis
                    ));
                }
            }
        }
        if d.source.trim().is_empty() {
            problems.push(format!("division {} {} has no source", d.adcode, d.name_zh));
        }
    }
    for d in &basemap.divisions {
        if !DIVISIONS.iter().any(|s| s.adcode == d.adcode) {
            problems.push(format!(
                "division {} {} is not one of Dalian's ten",
                d.adcode, d.name_zh
            ));
        }
    }
    for (i, a) in basemap.divisions.iter().enumerate() {
        for b in &basemap.divisions[i + 1..] {
            let (Some(ra), Some(rb)) = (a.geometry.bounding_rect(), b.geometry.bounding_rect()) else {
                continue;
            };
            let apart = ra.max().x < rb.min().x
                || rb.max().x < ra.min().x
                || ra.max().y < rb.min().y
                || rb.max().y < ra.min().y;
            if apart {
                continue;
            }
            let overlap = area_km2(&a.geometry.intersection(&b.geometry));
            if overlap > OVERLAP_TOLERANCE_KM2 {
                problems.push(format!(
                    "divisions {} {} and {} {} overlap by {overlap:.3} km²",
                    a.adcode, a.name_zh, b.adcode, b.name_zh
                ));
            }
        }
    }
    for f in &basemap.functional_areas {
        if let Err(e) = f.geometry.check_validation() {
            problems.push(format!("functional area {} has an invalid geometry: {e}", f.id));
        }
        if f.basis.trim().is_empty() || f.source.trim().is_empty() {
            problems.push(format!("functional area {} states no basis or source", f.id));
        }
    }
    for p in &basemap.places {
        let (x, y) = p.lon_lat;
        if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            problems.push(format!("place {} has coordinates out of range: {x}, {y}", p.id));
        }
        if p.source.trim().is_empty() {
            problems.push(format!("place {} has no source", p.id));
        }
    }
    for a in &basemap.attributions {
        if a.attribution.trim().is_empty() || a.license.trim().is_empty() {
            problems.push(format!("{} states no attribution or licence", a.file));
        }
    }
    for f in &basemap.files {
        if f == README_FILE {
            continue;
        }
        match readme_section(&basemap.readme, f) {
            None => problems.push(format!("maps/{f} has no section in maps/README.md")),
            Some(sec) => {
                let lower = sec.to_lowercase();
                if !lower.contains("licence") || !lower.contains("attribution") {
                    problems.push(format!(
                        "maps/README.md does not state the licence and attribution of maps/{f}"
                    ));
                }
            }
        }
    }
    problems
}

/// The README section whose heading names `file` (up to the next heading of that level).
fn readme_section<'a>(readme: &'a str, file: &str) -> Option<&'a str> {
    let heading = format!("### `{file}`");
    let start = readme.find(&heading)?;
    let rest = &readme[start + heading.len()..];
    let end = rest.find("\n### ").or_else(|| rest.find("\n## ")).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Validates a polygon geometry, with a readable reason.
pub fn validation_reason(g: &MultiPolygon<f64>) -> Option<String> {
    g.check_validation().err().map(|e| e.to_string())
}

impl Basemap {
    /// A basemap with no layers: what the app draws (plain sea) if the built-in data
    /// cannot be read, so the window still opens and says why.
    pub fn empty() -> Basemap {
        Basemap {
            land: Vec::new(),
            context_land: Vec::new(),
            divisions: Vec::new(),
            functional_areas: Vec::new(),
            places: Vec::new(),
            attributions: Vec::new(),
            readme: String::new(),
            files: Vec::new(),
        }
    }

    /// The box `(west, south, east, north)` of the land (the detailed coast polygons)
    /// within `view`, in WGS-84 degrees; `None` when `view` shows none.
    pub fn land_box_within(&self, view: (f64, f64, f64, f64)) -> Option<(f64, f64, f64, f64)> {
        use geo::Intersects;
        let (w, s, e, n) = view;
        let rect = geo::Rect::new(Coord { x: w, y: s }, Coord { x: e, y: n });
        let frame = MultiPolygon(vec![rect.to_polygon()]);
        self.land
            .iter()
            .filter(|l| l.geometry.bounding_rect().is_some_and(|b| b.intersects(&rect)))
            .filter_map(|l| {
                MultiPolygon(vec![l.geometry.clone()])
                    .intersection(&frame)
                    .bounding_rect()
            })
            .map(|b| (b.min().x, b.min().y, b.max().x, b.max().y))
            .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)))
    }
}

#[cfg(test)]
mod tests;
