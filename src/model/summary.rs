//! 按区县/功能区统计 (issue 18, point 9): a layer's features counted, or one numeric
//! property summed or averaged, per division or functional zone.
//!
//! A feature belongs to every zone that contains its representative point: the point
//! itself for a point, geo's interior point otherwise (a point on the line or inside the
//! area). Points on a zone's edge count in it. Features in no zone are counted apart, so
//! the rows and the outside add up to the layer. The zones are the basemap's: the
//! divisions are schematic unless the user loaded official boundaries, and
//! [`Summary::schematic`] says so for the table's note.

use geo::{BoundingRect, InteriorPoint, Intersects, MultiPolygon, Point, Rect};

use super::user_layer::UserFeature;
use super::value::PropValue;
use crate::basemap::{Basemap, Precision};

/// Which zones a summary is made by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ZoneSet {
    /// The 10 districts and counties (or the user's official boundaries).
    #[default]
    Divisions,
    /// The plan's functional areas (高新区, 金普新区, 长兴岛); they may overlap.
    FunctionalAreas,
}

/// What is computed per zone.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Statistic {
    /// How many features.
    #[default]
    Count,
    /// The sum of a numeric property (features without a number there are left out).
    Sum(String),
    /// The mean of a numeric property over the features that have a number there.
    Mean(String),
}

/// One zone as the summary sees it.
#[derive(Clone, Copy, Debug)]
pub struct Zone<'a> {
    pub id: &'a str,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub geometry: &'a MultiPolygon<f64>,
    pub precision: Precision,
}

/// The zones of `set` in the basemap's order.
pub fn zones(basemap: &Basemap, set: ZoneSet) -> Vec<Zone<'_>> {
    match set {
        ZoneSet::Divisions => basemap
            .divisions
            .iter()
            .map(|d| Zone {
                id: &d.id,
                name_zh: &d.name_zh,
                name_en: &d.name_en,
                geometry: &d.geometry,
                precision: d.precision,
            })
            .collect(),
        ZoneSet::FunctionalAreas => basemap
            .functional_areas
            .iter()
            .map(|a| Zone {
                id: &a.id,
                name_zh: &a.name_zh,
                name_en: &a.name_en,
                geometry: &a.geometry,
                precision: a.precision,
            })
            .collect(),
    }
}

/// One zone's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneFigures {
    /// The zone's ID (a division's `id`, a functional area's `id`).
    pub zone_id: String,
    /// Features in the zone.
    pub count: usize,
    /// Of those, the ones with a number in the summed or averaged property.
    pub with_value: usize,
    /// The count, the sum, or the mean (`None`: a mean of no values).
    pub value: Option<f64>,
}

/// A summary: one row per zone, in the zones' order, and what fell outside.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub set: ZoneSet,
    pub statistic: Statistic,
    pub rows: Vec<ZoneFigures>,
    /// Features with a position in no zone.
    pub outside: usize,
    /// Features without a position (no geometry).
    pub without_position: usize,
    /// All features of the layer.
    pub total: usize,
    /// Some zone's boundary is schematic (the figures near its edges are approximate).
    pub schematic: bool,
}

/// Counts, sums or averages `features` per zone of `zones` (see the module
/// documentation for which zone a feature belongs to).
pub fn summarise(features: &[UserFeature], zones: &[Zone], set: ZoneSet, statistic: &Statistic) -> Summary {
    let boxes: Vec<Option<Rect<f64>>> = zones.iter().map(|z| z.geometry.bounding_rect()).collect();
    let property = match statistic {
        Statistic::Count => None,
        Statistic::Sum(p) | Statistic::Mean(p) => Some(p.as_str()),
    };
    let mut count = vec![0usize; zones.len()];
    let mut with_value = vec![0usize; zones.len()];
    let mut sum = vec![0.0f64; zones.len()];
    let mut outside = 0;
    let mut without_position = 0;
    for f in features {
        let Some(point) = representative_point(&f.geometry) else {
            without_position += 1;
            continue;
        };
        let number = property.and_then(|p| match f.properties.get(p) {
            Some(PropValue::Number(n)) => n.as_f64().filter(|v| v.is_finite()),
            _ => None,
        });
        let mut inside_any = false;
        for (k, zone) in zones.iter().enumerate() {
            let in_box = boxes[k].is_some_and(|b| b.intersects(&point));
            if in_box && zone.geometry.intersects(&point) {
                inside_any = true;
                count[k] += 1;
                if let Some(v) = number {
                    with_value[k] += 1;
                    sum[k] += v;
                }
            }
        }
        if !inside_any {
            outside += 1;
        }
    }
    let rows = zones
        .iter()
        .enumerate()
        .map(|(k, z)| ZoneFigures {
            zone_id: z.id.to_string(),
            count: count[k],
            with_value: with_value[k],
            value: match statistic {
                Statistic::Count => Some(count[k] as f64),
                Statistic::Sum(_) => Some(sum[k]),
                Statistic::Mean(_) => (with_value[k] > 0).then(|| sum[k] / with_value[k] as f64),
            },
        })
        .collect();
    Summary {
        set,
        statistic: statistic.clone(),
        rows,
        outside,
        without_position,
        total: features.len(),
        schematic: zones.iter().any(|z| z.precision != Precision::Exact),
    }
}

/// The point a feature is placed by: itself for a point, geo's interior point otherwise;
/// `None` for a feature without coordinates.
pub fn representative_point(geometry: &geo::Geometry<f64>) -> Option<Point<f64>> {
    match geometry {
        geo::Geometry::Point(p) => Some(*p),
        g => g.interior_point(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Geometry, LineString, Polygon, polygon};
    use serde_json::Value;
    use serde_json::{Map, json};

    fn point(lon: f64, lat: f64, props: Value) -> UserFeature {
        UserFeature {
            id: None,
            geometry: Geometry::Point(Point::new(lon, lat)),
            properties: props.as_object().cloned().unwrap_or_else(Map::new).into(),
        }
    }

    fn square(x0: f64, y0: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x0, y: y0), (x: x0 + 1.0, y: y0), (x: x0 + 1.0, y: y0 + 1.0), (x: x0, y: y0 + 1.0)],
        ])
    }

    #[test]
    fn features_are_counted_summed_and_averaged_per_zone_and_the_rest_is_outside() {
        let a = square(0.0, 0.0);
        let b = square(1.0, 0.0);
        let zones = [
            Zone {
                id: "a",
                name_zh: "甲",
                name_en: "A",
                geometry: &a,
                precision: Precision::Exact,
            },
            Zone {
                id: "b",
                name_zh: "乙",
                name_en: "B",
                geometry: &b,
                precision: Precision::Schematic,
            },
        ];
        let features = vec![
            point(0.5, 0.5, json!({"n": 2})),
            point(0.2, 0.7, json!({"n": 4})),
            point(1.5, 0.5, json!({"n": "x"})),
            point(5.0, 5.0, json!({"n": 100})),
            UserFeature {
                id: None,
                geometry: Geometry::LineString(LineString::from(vec![(1.2, 0.2), (1.8, 0.8)])),
                properties: Default::default(),
            },
            UserFeature {
                id: None,
                geometry: Geometry::GeometryCollection(geo::GeometryCollection(Vec::new())),
                properties: Default::default(),
            },
        ];
        let count = summarise(&features, &zones, ZoneSet::Divisions, &Statistic::Count);
        assert_eq!(count.rows[0].count, 2);
        assert_eq!(count.rows[1].count, 2);
        assert_eq!((count.outside, count.without_position, count.total), (1, 1, 6));
        assert!(count.schematic);
        let sum = summarise(&features, &zones, ZoneSet::Divisions, &Statistic::Sum("n".into()));
        assert_eq!(sum.rows[0].value, Some(6.0));
        assert_eq!(sum.rows[1].value, Some(0.0));
        let mean = summarise(&features, &zones, ZoneSet::Divisions, &Statistic::Mean("n".into()));
        assert_eq!(mean.rows[0].value, Some(3.0));
        assert_eq!(mean.rows[1].value, None, "no number in zone B");
    }

    #[test]
    fn an_area_counts_in_the_zone_holding_its_interior_point() {
        let a = square(0.0, 0.0);
        let zones = [Zone {
            id: "a",
            name_zh: "甲",
            name_en: "A",
            geometry: &a,
            precision: Precision::Exact,
        }];
        // A U-shaped area whose centroid lies outside it, but inside the zone.
        let u: Polygon<f64> = polygon![
            (x: 0.1, y: 0.1), (x: 0.9, y: 0.1), (x: 0.9, y: 0.9), (x: 0.7, y: 0.9),
            (x: 0.7, y: 0.3), (x: 0.3, y: 0.3), (x: 0.3, y: 0.9), (x: 0.1, y: 0.9)
        ];
        let f = UserFeature {
            id: None,
            geometry: Geometry::Polygon(u),
            properties: Default::default(),
        };
        let s = summarise(&[f], &zones, ZoneSet::FunctionalAreas, &Statistic::Count);
        assert_eq!(s.rows[0].count, 1);
        assert!(!s.schematic);
    }
}
