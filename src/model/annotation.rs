//! Annotations: the points, lines, polygons and text labels a planner draws on the map,
//! with a title, a description, a simplestyle-like style and links to plan elements and
//! catalogue features. No UI code.
//!
//! Coordinates are WGS-84 `[longitude, latitude]`. Every constructor and edit method keeps
//! them in a canonical form, so that a project file or a GeoJSON export read back gives an
//! equal annotation:
//!
//! - every coordinate is rounded to 7 decimals (about 1 cm);
//! - a polygon's vertices (its exterior ring, not closed: the first vertex is not repeated
//!   at the end) run counter-clockwise, the RFC 7946 right-hand rule; an edit that turns
//!   them clockwise reverses them, keeping the first vertex first (vertex `i` becomes
//!   `n - i`), and says where the edited vertex went;
//! - links to plan elements come before links to catalogue features, each group in the
//!   order added (a GeoJSON export stores them as two lists).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::basemap::round7;

/// Why an annotation or an edit of it is refused. The annotation is left unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnnotationError {
    #[error("a {kind} needs {needed}, but has {found}")]
    TooFewVertices {
        kind: &'static str,
        needed: &'static str,
        found: usize,
    },
    #[error("a {kind} has exactly one position, but {found} were given")]
    NotOnePosition { kind: &'static str, found: usize },
    #[error("position {index} ({lon}, {lat}) is not a WGS-84 longitude/latitude (−180…180, −90…90)")]
    OutOfRange { index: usize, lon: f64, lat: f64 },
    #[error("the annotation has no vertex {index} (it has {count})")]
    NoSuchVertex { index: usize, count: usize },
    #[error("a {kind}'s single position can be moved but not added or deleted")]
    FixedVertexCount { kind: &'static str },
    #[error("“{text}” is not a colour: write it as #rrggbb (six hexadecimal digits)")]
    BadColour { text: String },
    #[error("“{text}” is not a marker size: use small, medium or large")]
    BadMarkerSize { text: String },
}

/// What an annotation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationKind {
    /// One position, drawn as a marker.
    Point,
    /// A polyline through two or more positions.
    Line,
    /// An area bounded by three or more positions (no holes).
    Polygon,
    /// A text label at one position: the text is the annotation's `title`.
    Text,
}

impl AnnotationKind {
    pub const ALL: [AnnotationKind; 4] = [
        AnnotationKind::Point,
        AnnotationKind::Line,
        AnnotationKind::Polygon,
        AnnotationKind::Text,
    ];

    /// `point`, `line`, `polygon` or `text` (the `atlas:kind` of an export).
    pub fn as_str(self) -> &'static str {
        match self {
            AnnotationKind::Point => "point",
            AnnotationKind::Line => "line",
            AnnotationKind::Polygon => "polygon",
            AnnotationKind::Text => "text",
        }
    }

    /// The kind named by [`AnnotationKind::as_str`].
    pub fn parse(s: &str) -> Option<AnnotationKind> {
        AnnotationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the kind has exactly one position (a point or a text label).
    pub fn is_single_position(self) -> bool {
        matches!(self, AnnotationKind::Point | AnnotationKind::Text)
    }

    /// The fewest distinct positions a valid annotation of this kind has.
    pub fn min_vertices(self) -> usize {
        match self {
            AnnotationKind::Point | AnnotationKind::Text => 1,
            AnnotationKind::Line => 2,
            AnnotationKind::Polygon => 3,
        }
    }
}

/// An sRGB colour, written `#rrggbb` (lower case) in files; reading also accepts upper
/// case and the short `#rgb` form of simplestyle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// `#rrggbb`, lower case.
    pub fn to_hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Reads `#rrggbb` or `#rgb` (the `#` may be left out, as simplestyle allows).
    pub fn from_hex(text: &str) -> Result<Rgb, AnnotationError> {
        let bad = || AnnotationError::BadColour { text: text.to_string() };
        let hex = text.trim().trim_start_matches('#');
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let digit = |k: usize| u8::from_str_radix(&hex[k..k + 1], 16).map_err(|_| bad());
        match hex.len() {
            6 => {
                let byte = |k: usize| u8::from_str_radix(&hex[k..k + 2], 16).map_err(|_| bad());
                Ok(Rgb([byte(0)?, byte(2)?, byte(4)?]))
            }
            3 => Ok(Rgb([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17])),
            _ => Err(bad()),
        }
    }
}

impl Serialize for Rgb {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Rgb::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

/// simplestyle's `marker-size`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkerSize {
    Small,
    #[default]
    Medium,
    Large,
}

impl MarkerSize {
    pub const ALL: [MarkerSize; 3] = [MarkerSize::Small, MarkerSize::Medium, MarkerSize::Large];

    /// `small`, `medium` or `large`.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkerSize::Small => "small",
            MarkerSize::Medium => "medium",
            MarkerSize::Large => "large",
        }
    }

    /// The size named by [`MarkerSize::as_str`].
    pub fn parse(s: &str) -> Result<MarkerSize, AnnotationError> {
        MarkerSize::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| AnnotationError::BadMarkerSize { text: s.to_string() })
    }
}

/// How an annotation is drawn: the simplestyle-spec 1.1 properties. A point uses the
/// marker fields, a line the stroke fields, a polygon the stroke and fill fields, a text
/// label is drawn in the marker colour at the marker size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Style {
    /// `stroke`.
    pub stroke: Rgb,
    /// `stroke-width`, in screen pixels (≥ 0).
    pub stroke_width: f64,
    /// `stroke-opacity`, 0…1.
    pub stroke_opacity: f64,
    /// `fill`.
    pub fill: Rgb,
    /// `fill-opacity`, 0…1.
    pub fill_opacity: f64,
    /// `marker-color`.
    pub marker_colour: Rgb,
    /// `marker-size`.
    pub marker_size: MarkerSize,
    /// `marker-symbol`: a short icon name (a Maki name, a digit or a letter); empty for
    /// none.
    pub marker_symbol: String,
}

/// The atlas's annotation red.
pub const DEFAULT_COLOUR: Rgb = Rgb([0xd7, 0x30, 0x1f]);

impl Default for Style {
    /// Red stroke 2 px, red fill at 25 %, a medium red marker without a symbol.
    fn default() -> Self {
        Style {
            stroke: DEFAULT_COLOUR,
            stroke_width: 2.0,
            stroke_opacity: 1.0,
            fill: DEFAULT_COLOUR,
            fill_opacity: 0.25,
            marker_colour: DEFAULT_COLOUR,
            marker_size: MarkerSize::Medium,
            marker_symbol: String::new(),
        }
    }
}

/// What an annotation refers to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "id")]
pub enum Link {
    /// A plan element ID: a paragraph (`ch5.s1.p3`), column (`box3`), section, table row
    /// or target (`box7.p2.n2`).
    PlanElement(String),
    /// A catalogue feature ID (`park.dalian-software-park`).
    Feature(String),
}

impl Link {
    /// The linked ID.
    pub fn id(&self) -> &str {
        match self {
            Link::PlanElement(id) | Link::Feature(id) => id,
        }
    }
}

/// One annotation.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// Unique within a project (see [`next_id`]); the GeoJSON feature `id`.
    pub id: u64,
    pub kind: AnnotationKind,
    /// WGS-84 `[lon, lat]`, in the canonical form of the module documentation: one for a
    /// point or text, the polyline for a line, the open exterior ring for a polygon.
    pub vertices: Vec<[f64; 2]>,
    /// The title; for a text annotation, the text shown on the map.
    pub title: String,
    /// Free text, possibly several lines.
    pub description: String,
    /// Draw the title on the map as a label (points and text labels beside the marker,
    /// lines near their middle, polygons inside); on unless the planner turned it off.
    /// A text annotation is its title, so this does not apply to it.
    pub show_title: bool,
    pub style: Style,
    /// Plan elements first, then features (see [`Annotation::add_link`]).
    pub links: Vec<Link>,
    /// Properties of an imported feature that the atlas does not interpret, written back
    /// unchanged on export (except keys the export itself writes, which it leaves out).
    pub extra: Map<String, Value>,
}

fn round_pos(p: [f64; 2]) -> [f64; 2] {
    [round7(p[0]), round7(p[1])]
}

fn in_range(p: [f64; 2]) -> bool {
    p[0].is_finite() && p[1].is_finite() && (-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1])
}

fn check_position(index: usize, p: [f64; 2]) -> Result<(), AnnotationError> {
    if in_range(p) {
        Ok(())
    } else {
        Err(AnnotationError::OutOfRange {
            index,
            lon: p[0],
            lat: p[1],
        })
    }
}

/// Twice the signed planar area of a ring in lon/lat (positive: counter-clockwise).
fn signed_area2(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let a = ring[i];
            let b = ring[(i + 1) % n];
            a[0] * b[1] - b[0] * a[1]
        })
        .sum()
}

impl Annotation {
    /// A new annotation with the default style, no title, description or links: the
    /// positions are rounded and oriented (see the module documentation) and checked with
    /// [`Annotation::check`].
    pub fn new(id: u64, kind: AnnotationKind, vertices: Vec<[f64; 2]>) -> Result<Annotation, AnnotationError> {
        let mut a = Annotation {
            id,
            kind,
            vertices,
            title: String::new(),
            description: String::new(),
            show_title: true,
            style: Style::default(),
            links: Vec::new(),
            extra: Map::new(),
        };
        a.normalise();
        a.check()?;
        Ok(a)
    }

    /// The same annotation with `title`.
    pub fn with_title(mut self, title: impl Into<String>) -> Annotation {
        self.title = title.into();
        self
    }

    /// Puts the annotation in canonical form: coordinates rounded to 7 decimals, a
    /// polygon's ring counter-clockwise, links ordered plan elements first. Returns whether
    /// a polygon's ring was reversed (vertex `i` is now at `(n - i) % n`).
    pub fn normalise(&mut self) -> bool {
        for v in &mut self.vertices {
            *v = round_pos(*v);
        }
        self.links.sort_by_key(|l| matches!(l, Link::Feature(_)));
        if self.kind == AnnotationKind::Polygon && self.vertices.len() >= 3 && signed_area2(&self.vertices) < 0.0 {
            self.vertices[1..].reverse();
            true
        } else {
            false
        }
    }

    /// Whether the annotation can be saved: the right number of positions for its kind (a
    /// point or text exactly one, a line at least two distinct ones, a polygon at least
    /// three distinct ones), every one a finite longitude in −180…180 and latitude in
    /// −90…90. Self-intersection is not checked.
    pub fn check(&self) -> Result<(), AnnotationError> {
        for (k, p) in self.vertices.iter().enumerate() {
            check_position(k, *p)?;
        }
        let kind = self.kind.as_str();
        if self.kind.is_single_position() {
            if self.vertices.len() != 1 {
                return Err(AnnotationError::NotOnePosition {
                    kind,
                    found: self.vertices.len(),
                });
            }
            return Ok(());
        }
        let mut distinct: Vec<[f64; 2]> = Vec::new();
        for v in &self.vertices {
            if !distinct.contains(v) {
                distinct.push(*v);
            }
        }
        let needed = self.kind.min_vertices();
        if distinct.len() < needed {
            return Err(AnnotationError::TooFewVertices {
                kind,
                needed: if needed == 2 {
                    "at least two distinct positions"
                } else {
                    "at least three distinct positions"
                },
                found: distinct.len(),
            });
        }
        Ok(())
    }

    /// [`Annotation::check`] as a yes/no.
    pub fn is_valid(&self) -> bool {
        self.check().is_ok()
    }

    /// Moves the whole annotation by `d_lon`, `d_lat` degrees. Refused, leaving it
    /// unchanged, if any position would leave the WGS-84 range.
    pub fn translate(&mut self, d_lon: f64, d_lat: f64) -> Result<(), AnnotationError> {
        let moved: Vec<[f64; 2]> = self
            .vertices
            .iter()
            .map(|v| round_pos([v[0] + d_lon, v[1] + d_lat]))
            .collect();
        for (k, p) in moved.iter().enumerate() {
            check_position(k, *p)?;
        }
        self.vertices = moved;
        Ok(())
    }

    fn vertex_index(&self, index: usize) -> Result<(), AnnotationError> {
        if index < self.vertices.len() {
            Ok(())
        } else {
            Err(AnnotationError::NoSuchVertex {
                index,
                count: self.vertices.len(),
            })
        }
    }

    /// After a possible reversal of a polygon's ring, where vertex `index` is now.
    fn reindex(&mut self, index: usize) -> usize {
        if self.normalise() {
            (self.vertices.len() - index) % self.vertices.len()
        } else {
            index
        }
    }

    /// Moves vertex `index` to `lon_lat` (the single position of a point or text too).
    /// Returns the vertex's index afterwards: a polygon whose ring the move turned
    /// clockwise is reversed (see the module documentation). Refused for a missing vertex
    /// or a position outside the WGS-84 range; not refused when vertices coincide (check
    /// with [`Annotation::check`] before committing the edit).
    pub fn move_vertex(&mut self, index: usize, lon_lat: [f64; 2]) -> Result<usize, AnnotationError> {
        self.vertex_index(index)?;
        let p = round_pos(lon_lat);
        check_position(index, p)?;
        self.vertices[index] = p;
        Ok(self.reindex(index))
    }

    /// Inserts a vertex before vertex `index` (`index == vertices.len()` appends) of a line
    /// or polygon, and returns its index afterwards (see [`Annotation::move_vertex`]).
    pub fn insert_vertex(&mut self, index: usize, lon_lat: [f64; 2]) -> Result<usize, AnnotationError> {
        if self.kind.is_single_position() {
            return Err(AnnotationError::FixedVertexCount {
                kind: self.kind.as_str(),
            });
        }
        if index > self.vertices.len() {
            return Err(AnnotationError::NoSuchVertex {
                index,
                count: self.vertices.len(),
            });
        }
        let p = round_pos(lon_lat);
        check_position(index, p)?;
        self.vertices.insert(index, p);
        Ok(self.reindex(index))
    }

    /// Deletes vertex `index` of a line or polygon. Refused when the line would keep fewer
    /// than two positions, or the polygon fewer than three.
    pub fn delete_vertex(&mut self, index: usize) -> Result<(), AnnotationError> {
        if self.kind.is_single_position() {
            return Err(AnnotationError::FixedVertexCount {
                kind: self.kind.as_str(),
            });
        }
        self.vertex_index(index)?;
        let needed = self.kind.min_vertices();
        if self.vertices.len() <= needed {
            return Err(AnnotationError::TooFewVertices {
                kind: self.kind.as_str(),
                needed: if needed == 2 {
                    "at least two positions"
                } else {
                    "at least three positions"
                },
                found: self.vertices.len() - 1,
            });
        }
        self.vertices.remove(index);
        self.normalise();
        Ok(())
    }

    /// Adds a link (after the others of its group: plan elements before features).
    /// Returns false if the annotation already had it.
    pub fn add_link(&mut self, link: Link) -> bool {
        if self.links.contains(&link) {
            return false;
        }
        self.links.push(link);
        self.normalise();
        true
    }

    /// Removes a link; returns whether the annotation had it.
    pub fn remove_link(&mut self, link: &Link) -> bool {
        let before = self.links.len();
        self.links.retain(|l| l != link);
        self.links.len() != before
    }

    /// Whether the annotation links to `link`.
    pub fn links_to(&self, link: &Link) -> bool {
        self.links.contains(link)
    }

    /// The linked plan element IDs, in order.
    pub fn plan_refs(&self) -> impl Iterator<Item = &str> {
        self.links.iter().filter_map(|l| match l {
            Link::PlanElement(id) => Some(id.as_str()),
            Link::Feature(_) => None,
        })
    }

    /// The linked catalogue feature IDs, in order.
    pub fn feature_refs(&self) -> impl Iterator<Item = &str> {
        self.links.iter().filter_map(|l| match l {
            Link::Feature(id) => Some(id.as_str()),
            Link::PlanElement(_) => None,
        })
    }

    /// The annotation as a `geo` geometry, for drawing and hit-testing: a Point, a
    /// LineString, or a Polygon with a closed counter-clockwise exterior ring.
    pub fn geometry(&self) -> geo::Geometry<f64> {
        let coord = |v: &[f64; 2]| geo::Coord { x: v[0], y: v[1] };
        match self.kind {
            AnnotationKind::Point | AnnotationKind::Text => {
                let v = self.vertices.first().copied().unwrap_or([0.0, 0.0]);
                geo::Geometry::Point(geo::Point::new(v[0], v[1]))
            }
            AnnotationKind::Line => geo::Geometry::LineString(self.vertices.iter().map(coord).collect()),
            AnnotationKind::Polygon => {
                geo::Geometry::Polygon(geo::Polygon::new(self.vertices.iter().map(coord).collect(), Vec::new()))
            }
        }
    }

    /// `[min lon, min lat, max lon, max lat]` of the positions; `None` without any.
    pub fn bbox(&self) -> Option<[f64; 4]> {
        let first = self.vertices.first()?;
        Some(
            self.vertices
                .iter()
                .fold([first[0], first[1], first[0], first[1]], |b, v| {
                    [b[0].min(v[0]), b[1].min(v[1]), b[2].max(v[0]), b[3].max(v[1])]
                }),
        )
    }
}

/// An ID no annotation of `annotations` has: one more than the largest (1 for none).
pub fn next_id(annotations: &[Annotation]) -> u64 {
    annotations
        .iter()
        .map(|a| a.id)
        .max()
        .map_or(1, |m| m.saturating_add(1))
}

/// The annotations that link to `link`, in order (for a paragraph's or feature's panel).
pub fn linked_to<'a>(annotations: &'a [Annotation], link: &'a Link) -> impl Iterator<Item = &'a Annotation> + 'a {
    annotations.iter().filter(move |a| a.links_to(link))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square_cw() -> Vec<[f64; 2]> {
        vec![[121.0, 39.0], [121.0, 39.1], [121.1, 39.1], [121.1, 39.0]]
    }

    #[test]
    fn colours_are_read_and_written_as_hex() {
        assert_eq!(Rgb([215, 48, 31]).to_hex(), "#d7301f");
        assert_eq!(Rgb::from_hex("#D7301F"), Ok(Rgb([215, 48, 31])));
        assert_eq!(Rgb::from_hex("f00"), Ok(Rgb([255, 0, 0])));
        assert!(Rgb::from_hex("#12345").is_err());
        assert!(Rgb::from_hex("#gg0000").is_err());
        assert!(Rgb::from_hex("#ééé").is_err());
        let json = serde_json::to_string(&Rgb([1, 2, 255])).expect("serialise");
        assert_eq!(json, "\"#0102ff\"");
        assert_eq!(serde_json::from_str::<Rgb>(&json).expect("parse"), Rgb([1, 2, 255]));
    }

    #[test]
    fn a_clockwise_polygon_is_stored_counter_clockwise_with_its_first_vertex_kept() {
        let a = Annotation::new(1, AnnotationKind::Polygon, square_cw()).expect("valid");
        assert_eq!(a.vertices[0], [121.0, 39.0]);
        assert!(signed_area2(&a.vertices) > 0.0);
        assert_eq!(a.vertices[1], [121.1, 39.0]);
    }

    #[test]
    fn coordinates_are_rounded_to_seven_decimals() {
        let a = Annotation::new(1, AnnotationKind::Point, vec![[121.123456789, 38.987654321]]).expect("valid");
        assert_eq!(a.vertices, vec![[121.1234568, 38.9876543]]);
    }

    #[test]
    fn a_polygon_needs_three_distinct_vertices_and_a_line_two() {
        let e = Annotation::new(
            1,
            AnnotationKind::Polygon,
            vec![[121.0, 39.0], [121.1, 39.0], [121.0, 39.0]],
        );
        assert!(matches!(e, Err(AnnotationError::TooFewVertices { found: 2, .. })));
        let e = Annotation::new(1, AnnotationKind::Line, vec![[121.0, 39.0], [121.0, 39.0]]);
        assert!(matches!(e, Err(AnnotationError::TooFewVertices { found: 1, .. })));
        assert!(Annotation::new(1, AnnotationKind::Line, vec![[121.0, 39.0], [121.1, 39.0]]).is_ok());
        let e = Annotation::new(1, AnnotationKind::Point, vec![]);
        assert!(matches!(e, Err(AnnotationError::NotOnePosition { found: 0, .. })));
    }

    #[test]
    fn positions_outside_wgs84_or_not_finite_are_refused() {
        assert!(Annotation::new(1, AnnotationKind::Point, vec![[181.0, 39.0]]).is_err());
        assert!(Annotation::new(1, AnnotationKind::Point, vec![[121.0, f64::NAN]]).is_err());
        let mut a = Annotation::new(1, AnnotationKind::Point, vec![[179.5, 39.0]]).expect("valid");
        assert!(a.translate(1.0, 0.0).is_err());
        assert_eq!(a.vertices, vec![[179.5, 39.0]]);
        assert!(a.move_vertex(0, [0.0, 91.0]).is_err());
    }

    #[test]
    fn moving_translates_every_vertex() {
        let mut a = Annotation::new(1, AnnotationKind::Line, vec![[121.0, 39.0], [121.1, 39.0]]).expect("valid");
        a.translate(0.5, -0.25).expect("in range");
        assert_eq!(a.vertices, vec![[121.5, 38.75], [121.6, 38.75]]);
    }

    #[test]
    fn vertices_can_be_moved_inserted_and_deleted_down_to_the_minimum() {
        let mut a = Annotation::new(1, AnnotationKind::Line, vec![[121.0, 39.0], [121.2, 39.0]]).expect("valid");
        assert_eq!(a.insert_vertex(1, [121.1, 39.1]), Ok(1));
        assert_eq!(a.vertices.len(), 3);
        assert_eq!(a.move_vertex(2, [121.3, 39.0]), Ok(2));
        assert_eq!(a.vertices[2], [121.3, 39.0]);
        a.delete_vertex(1).expect("three vertices");
        assert!(matches!(
            a.delete_vertex(0),
            Err(AnnotationError::TooFewVertices { .. })
        ));
        assert!(matches!(
            a.move_vertex(5, [121.0, 39.0]),
            Err(AnnotationError::NoSuchVertex { .. })
        ));
        let mut p = Annotation::new(2, AnnotationKind::Text, vec![[121.0, 39.0]]).expect("valid");
        assert!(matches!(
            p.insert_vertex(0, [121.0, 39.0]),
            Err(AnnotationError::FixedVertexCount { .. })
        ));
        assert!(matches!(
            p.delete_vertex(0),
            Err(AnnotationError::FixedVertexCount { .. })
        ));
    }

    #[test]
    fn a_vertex_move_that_flips_a_polygon_reports_where_the_vertex_went() {
        // Counter-clockwise triangle; dragging vertex 1 across the opposite edge makes it
        // clockwise, so the ring is reversed and vertex 1 becomes vertex 2.
        let mut a = Annotation::new(
            1,
            AnnotationKind::Polygon,
            vec![[121.0, 39.0], [121.1, 39.0], [121.0, 39.1]],
        )
        .expect("valid");
        let new_index = a.move_vertex(1, [120.9, 39.2]).expect("in range");
        assert_eq!(new_index, 2);
        assert_eq!(a.vertices[2], [120.9, 39.2]);
        assert_eq!(a.vertices[0], [121.0, 39.0]);
        assert!(signed_area2(&a.vertices) > 0.0);
    }

    #[test]
    fn links_keep_plan_elements_before_features_and_no_duplicates() {
        let mut a = Annotation::new(1, AnnotationKind::Point, vec![[121.0, 39.0]]).expect("valid");
        assert!(a.add_link(Link::Feature("park.a".into())));
        assert!(a.add_link(Link::PlanElement("ch2.s4".into())));
        assert!(!a.add_link(Link::Feature("park.a".into())));
        assert!(a.add_link(Link::PlanElement("box3".into())));
        assert_eq!(a.plan_refs().collect::<Vec<_>>(), vec!["ch2.s4", "box3"]);
        assert_eq!(a.links[2], Link::Feature("park.a".into()));
        assert!(a.remove_link(&Link::PlanElement("ch2.s4".into())));
        assert!(!a.remove_link(&Link::PlanElement("ch2.s4".into())));
        let list = [a.clone()];
        let link = Link::Feature("park.a".into());
        assert_eq!(linked_to(&list, &link).count(), 1);
    }

    #[test]
    fn the_next_id_is_one_more_than_the_largest() {
        assert_eq!(next_id(&[]), 1);
        let a = Annotation::new(7, AnnotationKind::Point, vec![[121.0, 39.0]]).expect("valid");
        let b = Annotation::new(3, AnnotationKind::Point, vec![[121.0, 39.0]]).expect("valid");
        assert_eq!(next_id(&[a, b]), 8);
    }
}
