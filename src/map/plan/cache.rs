//! The plan layers' geometry, projected and triangulated once per display system.

use egui::{Vec2, vec2};
use geo::{Area, MultiPolygon, SimplifyVwPreserve};

use crate::basemap::{Basemap, Precision, label_point_lon_lat};
use crate::catalogue::{Catalogue, FeatureShapes, Layer, PlacedGeometry};
use crate::coords::CoordinateSystem;
use crate::map::lod::{CachedPolygon, MercatorBox, mercator_from_lon_lat};
use crate::symbology::plan::{FeatureStyle, feature_style};

/// Visvalingam tolerance for plan areas, in square degrees: about a 100 m triangle.
const AREA_SIMPLIFY_DEG2: f64 = 1e-6;

/// Cached geometry of one drawn feature.
#[derive(Clone, Debug)]
pub enum ItemGeometry {
    /// A point; `fan` spreads features that share one position apart on screen.
    Point {
        mercator: [f64; 2],
        fan: Vec2,
    },
    Line {
        mercator: Vec<[f64; 2]>,
        bbox: MercatorBox,
    },
    Area {
        polygon: CachedPolygon,
        label_mercator: [f64; 2],
        /// In the display coordinate system, for hit tests.
        lon_lat: MultiPolygon<f64>,
        area: f64,
    },
}

/// One drawable feature.
#[derive(Clone, Debug)]
pub struct PlanItem {
    /// Index into `Catalogue::features`.
    pub index: usize,
    pub layer: Layer,
    pub style: FeatureStyle,
    pub precision: Precision,
    pub geometry: ItemGeometry,
}

/// Every placed feature projected once (per display coordinate system). Areas that cover
/// the whole municipality (e.g. a city-wide pilot zone) are not drawn: they would only
/// repeat the city outline; the panel lists them as city-wide.
pub struct PlanLayerCache {
    pub display: CoordinateSystem,
    pub items: Vec<PlanItem>,
    /// Catalogue indices of the city-wide areas.
    pub city_wide: Vec<usize>,
}

impl PlanLayerCache {
    pub fn new(catalogue: &Catalogue, shapes: &FeatureShapes, basemap: &Basemap, display: CoordinateSystem) -> Self {
        let shift = |p: [f64; 2]| display.from_wgs84(p);
        let mut items = Vec::new();
        let mut city_wide = Vec::new();
        for (index, geometry) in &shapes.shapes {
            let Some(feature) = catalogue.features.get(*index) else {
                continue;
            };
            let precision = feature.precision().unwrap_or(Precision::Schematic);
            let geometry = match geometry {
                PlacedGeometry::Point(p) => ItemGeometry::Point {
                    mercator: mercator_from_lon_lat(shift(*p)),
                    fan: Vec2::ZERO,
                },
                PlacedGeometry::Line(line) => {
                    let mercator: Vec<[f64; 2]> = line
                        .coords()
                        .map(|c| mercator_from_lon_lat(shift([c.x, c.y])))
                        .collect();
                    let Some(bbox) = MercatorBox::of(mercator.iter().copied()) else {
                        continue;
                    };
                    ItemGeometry::Line { mercator, bbox }
                }
                PlacedGeometry::Area(area) => {
                    if !basemap.divisions.is_empty()
                        && feature.functional_areas.is_empty()
                        && basemap.divisions.iter().all(|d| feature.divisions.contains(&d.adcode))
                    {
                        city_wide.push(*index);
                        continue;
                    }
                    // Schematic areas need no coastline detail finer than ~100 m; fewer
                    // vertices keep the outlines of overlapping zones cheap to draw.
                    let simplified = area.simplify_vw_preserve(AREA_SIMPLIFY_DEG2);
                    let Some(polygon) = CachedPolygon::new(&simplified, &shift) else {
                        continue;
                    };
                    let Some((lon, lat)) = label_point_lon_lat(area) else {
                        continue;
                    };
                    let lon_lat: MultiPolygon<f64> = area
                        .iter()
                        .map(|p| {
                            geo::Polygon::new(
                                p.exterior().coords().map(|c| shift_coord(&shift, *c)).collect(),
                                p.interiors()
                                    .iter()
                                    .map(|r| r.coords().map(|c| shift_coord(&shift, *c)).collect())
                                    .collect(),
                            )
                        })
                        .collect();
                    ItemGeometry::Area {
                        polygon,
                        label_mercator: mercator_from_lon_lat(shift([lon, lat])),
                        area: area.unsigned_area(),
                        lon_lat,
                    }
                }
            };
            items.push(PlanItem {
                index: *index,
                layer: feature.layer,
                style: feature_style(feature),
                precision,
                geometry,
            });
        }
        fan_out_shared_points(&mut items);
        PlanLayerCache {
            display,
            items,
            city_wide,
        }
    }
}

fn shift_coord(shift: &dyn Fn([f64; 2]) -> [f64; 2], c: geo::Coord<f64>) -> geo::Coord<f64> {
    let [x, y] = shift([c.x, c.y]);
    geo::Coord { x, y }
}

/// Points at the same position (several features placed at one district's label point)
/// are spread on a small circle, so each symbol can be seen and clicked.
fn fan_out_shared_points(items: &mut [PlanItem]) {
    let positions: Vec<Option<[f64; 2]>> = items
        .iter()
        .map(|i| match i.geometry {
            ItemGeometry::Point { mercator, .. } => Some(mercator),
            _ => None,
        })
        .collect();
    for (k, item) in items.iter_mut().enumerate() {
        let Some(p) = positions[k] else { continue };
        let same: Vec<usize> = (0..positions.len()).filter(|&j| positions[j] == Some(p)).collect();
        if same.len() < 2 {
            continue;
        }
        let rank = same.iter().position(|&j| j == k).unwrap_or(0);
        let angle = std::f32::consts::TAU * rank as f32 / same.len() as f32 - std::f32::consts::FRAC_PI_2;
        if let ItemGeometry::Point { fan, .. } = &mut item.geometry {
            *fan = vec2(angle.cos(), angle.sin()) * 11.0;
        }
    }
}
