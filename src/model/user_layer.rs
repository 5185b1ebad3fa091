//! A user layer: features imported from a GeoJSON file, kept as they came (geometry in
//! WGS-84 longitude/latitude, every property as read), so that saving and exporting
//! them loses nothing.

use serde_json::{Map, Value};

use super::Properties;

/// The GeoJSON geometry types, in the order of RFC 7946.
pub const GEOMETRY_TYPES: [&str; 7] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

/// One imported feature.
#[derive(Clone, Debug, PartialEq)]
pub struct UserFeature {
    /// The GeoJSON `id` member, if the file had one (string or number).
    pub id: Option<Value>,
    /// WGS-84 longitude/latitude (converted from GCJ-02 on import when asked).
    pub geometry: geo::Geometry<f64>,
    /// Every property as read, including unknown ones and simplestyle keys.
    pub properties: Properties,
}

pub use super::simplestyle::SIMPLESTYLE_KEYS;

/// What tells one imported layer from another without comparing its features: its name,
/// source file, feature count and the first position of its first and last features.
/// Two layers with equal keys are treated as the same data (the map's cache keeps their
/// geometry, and the layers panel its category scan).
#[derive(Clone, Debug, PartialEq)]
pub struct LayerKey {
    name: String,
    source: Option<std::path::PathBuf>,
    feature_count: usize,
    first: Option<[u64; 2]>,
    last: Option<[u64; 2]>,
}

impl LayerKey {
    pub fn of(l: &super::ProjectLayer) -> LayerKey {
        use geo::CoordsIter;
        let position = |f: Option<&UserFeature>| {
            f.and_then(|f| f.geometry.coords_iter().next())
                .map(|c| [c.x.to_bits(), c.y.to_bits()])
        };
        LayerKey {
            name: l.layer.name.clone(),
            source: l.layer.source.clone(),
            feature_count: l.layer.features.len(),
            first: position(l.layer.features.first()),
            last: position(l.layer.features.last()),
        }
    }
}

/// Features from one file.
#[derive(Clone, Debug, PartialEq)]
pub struct UserLayer {
    /// Shown in the layers panel: the collection's `name` member, else the file stem.
    pub name: String,
    /// The file it came from, if any.
    pub source: Option<std::path::PathBuf>,
    /// Members of the FeatureCollection other than `type`, `features`, `bbox` and `crs`
    /// (e.g. `name`), kept for export.
    pub foreign_members: Map<String, Value>,
    pub features: Vec<UserFeature>,
    /// How `source` was read — the import's choices and the file's size and time then —
    /// so that a project can link the file instead of holding a copy (issue 18, point
    /// 10). Written and read by `io::import::link`; opaque here. `None`: not read from a
    /// file the atlas can read again (drawn, converted, or from an older project).
    pub read_as: Option<Value>,
}

impl UserFeature {
    /// The GeoJSON type name of the geometry (`"Point"`, …, `"GeometryCollection"`), or
    /// `None` for a feature without geometry (a GeoJSON `null` geometry, kept as an empty
    /// GeometryCollection by the importer).
    pub fn geometry_type(&self) -> Option<&'static str> {
        use geo::Geometry as G;
        Some(match &self.geometry {
            G::Point(_) => "Point",
            G::MultiPoint(_) => "MultiPoint",
            G::Line(_) | G::LineString(_) => "LineString",
            G::MultiLineString(_) => "MultiLineString",
            G::Polygon(_) | G::Rect(_) | G::Triangle(_) => "Polygon",
            G::MultiPolygon(_) => "MultiPolygon",
            G::GeometryCollection(c) if c.0.is_empty() => return None,
            G::GeometryCollection(_) => "GeometryCollection",
        })
    }
}

impl UserLayer {
    /// `[min lon, min lat, max lon, max lat]` of all features, or `None` when no feature
    /// has a coordinate.
    pub fn bbox(&self) -> Option<[f64; 4]> {
        use geo::BoundingRect;
        self.features
            .iter()
            .filter_map(|f| f.geometry.bounding_rect())
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
            .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
    }

    /// How many features have each geometry type, in GeoJSON's order of types (only
    /// types present); features without geometry are counted under `"null"`, last.
    pub fn geometry_counts(&self) -> Vec<(&'static str, usize)> {
        const ORDER: [&str; 8] = [
            GEOMETRY_TYPES[0],
            GEOMETRY_TYPES[1],
            GEOMETRY_TYPES[2],
            GEOMETRY_TYPES[3],
            GEOMETRY_TYPES[4],
            GEOMETRY_TYPES[5],
            GEOMETRY_TYPES[6],
            "null",
        ];
        let mut counts = [0usize; ORDER.len()];
        for f in &self.features {
            let t = f.geometry_type().unwrap_or("null");
            if let Some(k) = ORDER.iter().position(|o| *o == t) {
                counts[k] += 1;
            }
        }
        ORDER
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| (*t, n))
            .collect()
    }

    /// Every property name used by at least one feature, sorted.
    pub fn property_names(&self) -> std::collections::BTreeSet<&str> {
        // Inserted one by one: collecting sorts every feature's every name first.
        let mut names = std::collections::BTreeSet::new();
        for k in self.features.iter().flat_map(|f| f.properties.keys()) {
            names.insert(k);
        }
        names
    }
}
