//! The plan's feature catalogue (issue 4): every entity with a place that the plan names —
//! the layout's cores and zones, parks and bases, universities, data centres, 5G priority
//! areas and the projects of 专栏1–11 — with its plan references and an honest position.
//!
//! Data only, no UI. The catalogue is authored in `maps/plan/catalogue.json` and compiled
//! in; `check` validates it against the plan and the basemap. The plan gives no
//! coordinates: every position is the atlas team's own estimate with the stated
//! precision, never surveyed.

use std::collections::HashSet;
use std::ops::Range;

use geo::{Contains, Point};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

pub mod geometry;
pub mod links;

pub use geometry::{FeatureShapes, PlacedGeometry, geometry_of};
pub use links::{Links, Mention, search_features};

use crate::basemap::{Basemap, FeatureGeometry, FeatureOut, Precision, round7_multi};
use crate::plan::Plan;

/// The catalogue file compiled into the binary.
pub const EMBEDDED_CATALOGUE: &str = include_str!("../../maps/plan/catalogue.json");
/// Its name in messages.
pub const EMBEDDED_CATALOGUE_NAME: &str = "maps/plan/catalogue.json";

/// Between a name and what tells it apart: “高速铁路 · 哈大高铁”.
pub const QUALIFIER_SEPARATOR: &str = " · ";

/// Attribution of exported catalogue layers.
pub const CATALOGUE_NOTE_EN: &str = "Plan features: positions are the Dalian Atlas team's own estimates with the \
     stated precision (approximate, district or schematic), never surveyed; the plan gives no coordinates. Areas \
     are the union of the atlas's schematic divisions or functional areas; corridors are the team's schematic \
     sketches of the general route.";

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("{file} is not a valid catalogue: {reason}")]
    Json { file: String, reason: String },
    #[error("{file}: feature {feature}: {reason}")]
    Invalid {
        file: String,
        feature: String,
        reason: String,
    },
}

/// The four layers of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Layout,
    Parks,
    Infrastructure,
    Projects,
}

impl Layer {
    pub const ALL: [Layer; 4] = [Layer::Layout, Layer::Parks, Layer::Infrastructure, Layer::Projects];

    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Layout => "layout",
            Layer::Parks => "parks",
            Layer::Infrastructure => "infrastructure",
            Layer::Projects => "projects",
        }
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// One entity the plan names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    /// Stable ID, e.g. `park.dalian-software-park`.
    pub id: String,
    pub layer: Layer,
    /// The name exactly as the plan writes it.
    pub name_zh: String,
    /// Which one it is, where the plan's name is shared with other features (高速铁路,
    /// 轨道交通, 交通枢纽 name a class, not the line or hub the atlas draws): a short name taken
    /// from this feature's own `source_zh` or `note` (哈大高铁, 地铁1号线, 大连北站), shown after
    /// the name as “高速铁路 · 哈大高铁”. `name_en` already names the line or hub.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier_zh: Option<String>,
    /// Other names the plan uses for it.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub name_en: String,
    /// e.g. `software_park`, `university`, `data_centre`, `layout_zone`, `project`.
    pub category: String,
    /// Adcodes of the divisions it lies in (a point) or covers (an area).
    #[serde(default)]
    pub divisions: Vec<u32>,
    /// IDs of basemap functional areas (`gaoxin`, `jinpu`, `changxingdao`) it covers or lies in.
    #[serde(default)]
    pub functional_areas: Vec<String>,
    /// Plan element IDs (paragraphs, columns, sections) that name it.
    pub plan_refs: Vec<String>,
    /// `exact`/`approximate`/`district`/`schematic`; absent for unplaced features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<String>,
    /// Where the position (or the absence of one) comes from: the atlas team's own note, in
    /// English.
    pub source: String,
    /// The same note in Simplified Chinese, shown by the Chinese interface.
    pub source_zh: String,
    /// WGS-84 longitude, latitude of a point feature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon_lat: Option<[f64; 2]>,
    /// WGS-84 longitude, latitude vertices of a line feature (a schematic corridor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_lon_lat: Option<Vec<[f64; 2]>>,
    /// What an area is drawn as: by default the union of its functional areas, or of its
    /// divisions when it names none; `divisions` draws the divisions even then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_from: Option<AreaFrom>,
    /// `false` for what the plan does not place: no coordinates, no area.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub placed: bool,
    /// The column (专栏) a project comes from, e.g. `box11`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Catalogue IDs of what a zone relies on (依托), e.g. its parks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relies_on: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Which basemap polygons an area feature is the union of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaFrom {
    Divisions,
    FunctionalAreas,
}

/// What a feature is on the map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Point(f64, f64),
    /// A polyline through `line_lon_lat`.
    Line,
    /// The union of its functional areas, or of its divisions when it names none.
    Area,
    Unplaced,
}

impl Feature {
    pub fn shape(&self) -> Shape {
        match (self.placed, self.lon_lat, &self.line_lon_lat) {
            (false, _, _) => Shape::Unplaced,
            (true, Some([lon, lat]), _) => Shape::Point(lon, lat),
            (true, None, Some(_)) => Shape::Line,
            (true, None, None) => Shape::Area,
        }
    }

    pub fn precision(&self) -> Option<Precision> {
        self.precision.as_deref().and_then(Precision::parse)
    }

    /// The Chinese name with its `qualifier_zh` where it has one (“高速铁路 · 哈大高铁”).
    pub fn qualified_name_zh(&self) -> String {
        match &self.qualifier_zh {
            Some(q) => format!("{}{QUALIFIER_SEPARATOR}{q}", self.name_zh),
            None => self.name_zh.clone(),
        }
    }

    /// The name and the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name_zh.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub note: String,
    pub features: Vec<Feature>,
    /// Features a target is about although its paragraph does not name them (e.g. the
    /// 5G station count of 表1 and the 5G priority areas of 专栏1).
    #[serde(default)]
    pub target_links: Vec<TargetLink>,
}

/// Targets whose label contains any of `keywords` link to `features`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetLink {
    pub keywords: Vec<String>,
    pub features: Vec<String>,
    /// Why they belong together, for the reader of the file.
    pub why: String,
}

impl Catalogue {
    /// The compiled-in catalogue.
    pub fn builtin() -> Result<Catalogue, CatalogueError> {
        Catalogue::from_json(EMBEDDED_CATALOGUE_NAME, EMBEDDED_CATALOGUE)
    }

    /// Parses and validates the structure (not the plan references: see [`check`]).
    pub fn from_json(file: &str, text: &str) -> Result<Catalogue, CatalogueError> {
        let c: Catalogue = serde_json::from_str(text).map_err(|e| CatalogueError::Json {
            file: file.to_string(),
            reason: e.to_string(),
        })?;
        if let Some((feature, reason)) = c.structure_problems().into_iter().next() {
            return Err(CatalogueError::Invalid {
                file: file.to_string(),
                feature,
                reason,
            });
        }
        Ok(c)
    }

    pub fn feature(&self, id: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.id == id)
    }

    pub fn in_layer(&self, layer: Layer) -> impl Iterator<Item = &Feature> {
        self.features.iter().filter(move |f| f.layer == layer)
    }

    /// Features the plan does not place, with their column.
    pub fn unplaced(&self) -> impl Iterator<Item = &Feature> {
        self.features.iter().filter(|f| !f.placed)
    }

    /// Problems of the catalogue on its own: (feature id, reason).
    fn structure_problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let (w, s, e, n) = crate::basemap::DATA_BOX_LON_LAT;
        for f in &self.features {
            let mut bad = |r: String| out.push((f.id.clone(), r));
            if !seen.insert(f.id.as_str()) {
                bad("the ID is used twice".into());
            }
            if f.name_zh.trim().is_empty() || f.name_en.trim().is_empty() {
                bad("name_zh and name_en must not be empty".into());
            }
            if f.source.trim().is_empty() || f.source_zh.trim().is_empty() {
                bad("source and source_zh (where the position comes from) must not be empty".into());
            }
            if let Some(q) = &f.qualifier_zh
                && (q.trim().is_empty()
                    || !(f.source_zh.contains(q.as_str()) || f.note.as_deref().is_some_and(|n| n.contains(q.as_str()))))
            {
                bad(format!(
                    "qualifier_zh “{q}” does not occur in the feature's source_zh or note (a qualifier is quoted, never invented)"
                ));
            }
            if f.plan_refs.is_empty() {
                bad("plan_refs is empty: every feature needs the plan element that names it".into());
            }
            match (&f.precision, f.placed) {
                (Some(p), true) if Precision::parse(p).is_none() => bad(format!(
                    "precision “{p}” is not one of exact, approximate, district, schematic"
                )),
                (None, true) => bad("a placed feature needs a precision".into()),
                _ => {}
            }
            match f.shape() {
                Shape::Unplaced => {
                    if f.lon_lat.is_some() || f.line_lon_lat.is_some() {
                        bad("an unplaced feature must not have coordinates".into());
                    }
                    if f.layer == Layer::Projects && f.column.is_none() {
                        bad("an unplaced project needs its column (e.g. box11)".into());
                    }
                }
                Shape::Line => {
                    let line = f.line_lon_lat.as_deref().unwrap_or_default();
                    if line.len() < 2 {
                        bad("a line needs at least two vertices".into());
                    }
                    if let Some([lon, lat]) = line
                        .iter()
                        .find(|[lon, lat]| !(w..=e).contains(lon) || !(s..=n).contains(lat))
                    {
                        bad(format!(
                            "line vertex {lon}, {lat} is outside the Dalian data box (longitude first, as in GeoJSON)"
                        ));
                    }
                    if f.precision() != Some(Precision::Schematic) {
                        bad("a corridor line is drawn from the atlas team's sketch: its precision is schematic".into());
                    }
                    if f.divisions.is_empty() {
                        bad("a line needs the division(s) it crosses".into());
                    }
                }
                Shape::Point(lon, lat) => {
                    if !(w..=e).contains(&lon) || !(s..=n).contains(&lat) {
                        bad(format!(
                            "lon_lat {lon}, {lat} is outside the Dalian data box (longitude first, as in GeoJSON)"
                        ));
                    }
                    if f.divisions.is_empty() {
                        bad("a point needs the division(s) it lies in".into());
                    }
                }
                Shape::Area => {
                    if f.divisions.is_empty() && f.functional_areas.is_empty() {
                        bad("a placed feature needs lon_lat, or divisions/functional_areas for an area".into());
                    }
                }
            }
            if let Some(c) = &f.column
                && !c.starts_with("box")
            {
                bad(format!("column “{c}” is not a column ID (box1 … box11)"));
            }
        }
        out
    }
}

/// Everything wrong with the catalogue against the plan and the basemap, one readable
/// line each: references that do not exist, names not in any referenced paragraph, points
/// and line vertices outside their divisions, unknown divisions/areas/relies_on, and
/// targets whose value is not found in their paragraph.
pub fn check(catalogue: &Catalogue, plan: &Plan, basemap: &Basemap) -> Vec<String> {
    let mut out: Vec<String> = catalogue
        .structure_problems()
        .into_iter()
        .map(|(id, r)| format!("feature {id}: {r}"))
        .collect();
    for f in &catalogue.features {
        let who = format!("feature {} ({})", f.id, f.name_zh);
        for r in &f.plan_refs {
            if plan.kind_of(r).is_none() {
                out.push(format!("{who}: plan_refs ID “{r}” does not exist in the plan"));
            }
        }
        let texts: Vec<&str> = f
            .plan_refs
            .iter()
            .flat_map(|r| plan.paragraphs_of(r))
            .map(|p| p.text.as_str())
            .collect();
        if !f.names().any(|n| texts.iter().any(|t| t.contains(n))) {
            let names: Vec<String> = f.names().map(|n| format!("“{n}”")).collect();
            out.push(format!(
                "{who}: {} does not occur in any referenced paragraph ({})",
                names.join(" / "),
                f.plan_refs.join(", ")
            ));
        }
        for a in &f.aliases {
            if plan.search(a).is_empty() {
                out.push(format!("{who}: alias “{a}” does not occur in the plan"));
            }
        }
        for code in &f.divisions {
            if basemap.division(*code).is_none() {
                out.push(format!("{who}: division {code} is not a division of the basemap"));
            }
        }
        for fa in &f.functional_areas {
            if !basemap.functional_areas.iter().any(|a| &a.id == fa) {
                out.push(format!("{who}: functional area “{fa}” is not in the basemap"));
            }
        }
        for r in &f.relies_on {
            if catalogue.feature(r).is_none() {
                out.push(format!("{who}: relies_on “{r}” is not a catalogue feature"));
            }
        }
        let outside = |lon: f64, lat: f64| -> Option<String> {
            let p = Point::new(lon, lat);
            let inside = f
                .divisions
                .iter()
                .filter_map(|c| basemap.division(*c))
                .any(|d| d.geometry.contains(&p));
            if inside {
                return None;
            }
            let claimed: Vec<String> = f
                .divisions
                .iter()
                .map(|c| match basemap.division(*c) {
                    Some(d) => format!("{} ({c})", d.name_zh),
                    None => c.to_string(),
                })
                .collect();
            let actual = match basemap.division_at(lon, lat) {
                Some(d) => format!("it is in {} ({})", d.name_zh, d.adcode),
                None => "it is in no division (sea or outside Dalian)".to_string(),
            };
            Some(format!(
                "{lon:.4}, {lat:.4} lies outside its division(s) {}; {actual}",
                claimed.join(", ")
            ))
        };
        match f.shape() {
            Shape::Point(lon, lat) => {
                if let Some(why) = outside(lon, lat) {
                    out.push(format!("{who}: the point {why}"));
                }
            }
            Shape::Line => {
                for (k, [lon, lat]) in f.line_lon_lat.iter().flatten().enumerate() {
                    if let Some(why) = outside(*lon, *lat) {
                        out.push(format!("{who}: line vertex {} at {why}", k + 1));
                    }
                }
            }
            Shape::Area | Shape::Unplaced => {}
        }
    }
    for link in &catalogue.target_links {
        for id in &link.features {
            if catalogue.feature(id).is_none() {
                out.push(format!(
                    "target link {:?}: “{id}” is not a catalogue feature",
                    link.keywords
                ));
            }
        }
        for k in &link.keywords {
            if !plan.targets.iter().any(|t| t.label.contains(k.as_str())) {
                out.push(format!("target link: no target of the plan has “{k}” in its label"));
            }
        }
    }
    out.extend(
        plan.problems()
            .into_iter()
            .filter(|p| p.starts_with("target "))
            .map(|p| format!("plan {p}")),
    );
    out
}

/// Every paragraph that mentions a feature's name or aliases, in reading order, with the
/// byte ranges of the mentions (overlapping ones merged).
pub fn mentions(plan: &Plan, feature: &Feature) -> Vec<(String, Vec<Range<usize>>)> {
    plan.all_paragraphs()
        .into_iter()
        .filter_map(|p| {
            let mut ranges: Vec<Range<usize>> = feature
                .names()
                .filter(|n| !n.is_empty())
                .flat_map(|n| p.text.match_indices(n).map(|(at, m)| at..at + m.len()))
                .collect();
            if ranges.is_empty() {
                return None;
            }
            ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
            let mut merged: Vec<Range<usize>> = Vec::new();
            for r in ranges {
                match merged.last_mut() {
                    Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                    _ => merged.push(r),
                }
            }
            Some((p.id.clone(), merged))
        })
        .collect()
}

/// The features of `layers` to export, with their geometry from [`geometry_of`]: points as
/// Point, corridors as LineString, areas as the MultiPolygon union of the basemap's
/// (schematic) divisions or functional areas they cover, rounded to 7 decimals with
/// RFC 7946 ring orientation. An area whose polygons the basemap lacks keeps a null
/// geometry. Unplaced features are left out. (`symbology::export::with_simplestyle` adds
/// how the atlas draws each.)
pub fn export_features(catalogue: &Catalogue, plan: &Plan, basemap: &Basemap, layers: &[Layer]) -> Vec<FeatureOut> {
    catalogue
        .features
        .iter()
        .filter(|f| layers.contains(&f.layer) && f.placed)
        .map(|f| {
            let refs_text: Vec<String> = f
                .plan_refs
                .iter()
                .map(|r| match plan.title_of(r) {
                    Some(t) => format!("{r} {t}"),
                    None => r.clone(),
                })
                .collect();
            let shape = match f.shape() {
                Shape::Point(..) => "point",
                Shape::Line => "line",
                _ => "area",
            };
            let props: Map<String, Value> = [
                ("layer", json!(f.layer.as_str())),
                ("id", json!(f.id)),
                ("name_zh", json!(f.name_zh)),
                ("qualifier_zh", json!(f.qualifier_zh)),
                ("aliases", json!(f.aliases)),
                ("name_en", json!(f.name_en)),
                ("category", json!(f.category)),
                ("shape", json!(shape)),
                ("divisions", json!(f.divisions)),
                ("functional_areas", json!(f.functional_areas)),
                ("plan_refs", json!(f.plan_refs)),
                ("plan:refs_text", json!(refs_text)),
                ("precision", json!(f.precision)),
                ("source", json!(f.source)),
                ("source_zh", json!(f.source_zh)),
                ("column", json!(f.column)),
                ("relies_on", json!(f.relies_on)),
                ("note", json!(f.note)),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            let geometry = geometry_of(f, basemap).map(|g| match g {
                PlacedGeometry::Point([lon, lat]) => FeatureGeometry::Point((lon, lat)),
                PlacedGeometry::Line(line) => FeatureGeometry::LineString(line),
                PlacedGeometry::Area(area) => FeatureGeometry::MultiPolygon(round7_multi(&area)),
            });
            FeatureOut {
                id: f.id.clone(),
                properties: props,
                geometry,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalogue_parses() {
        let c = Catalogue::builtin().expect("catalogue");
        assert!(c.features.len() > 50);
    }

    #[test]
    fn an_unplaced_feature_with_coordinates_is_refused() {
        let text = r#"{"note":"n","features":[{"id":"x","layer":"projects","name_zh":"城市大脑","name_en":"City brain",
            "category":"project","plan_refs":["box11.p3"],"source":"s","source_zh":"依据","placed":false,"column":"box11","lon_lat":[121.6,38.9]}]}"#;
        let e = Catalogue::from_json("t.json", text).expect_err("refused");
        assert!(e.to_string().contains("must not have coordinates"), "{e}");
    }

    #[test]
    fn a_feature_without_source_zh_is_refused_with_a_readable_message() {
        let text = r#"{"note":"n","features":[{"id":"x","layer":"projects","name_zh":"城市大脑","name_en":"City brain",
            "category":"project","plan_refs":["box11.p3"],"source":"s","placed":false,"column":"box11"}]}"#;
        let e = Catalogue::from_json("t.json", text).expect_err("refused");
        assert!(
            e.to_string().contains("t.json") && e.to_string().contains("source_zh"),
            "{e}"
        );
        let empty = text.replace(r#""source":"s""#, r#""source":"s","source_zh":" ""#);
        let e = Catalogue::from_json("t.json", &empty).expect_err("refused");
        assert!(
            e.to_string().contains("feature x") && e.to_string().contains("source_zh"),
            "{e}"
        );
    }

    /// Plan element IDs a text mentions: `ch2.s4.p1`, `box11.p3`, `box1`, `ch3.s2`.
    fn plan_ids(text: &str) -> Vec<&str> {
        // Not `\b`: a Chinese character is a word character to it, and IDs stand next to them.
        let re = regex::Regex::new(r"(?:^|[^A-Za-z0-9_])((?:ch\d+(?:\.s\d+)?(?:\.p\d+)?|box\d+(?:\.p\d+)?))")
            .expect("regex");
        re.captures_iter(text)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str())
            .collect()
    }

    #[test]
    fn every_source_has_a_chinese_rendering_that_keeps_its_plan_ids() {
        let c = Catalogue::builtin().expect("catalogue");
        let is_cjk = |ch: char| ('\u{4e00}'..='\u{9fff}').contains(&ch);
        let mut with_ids = 0;
        for f in &c.features {
            assert!(!f.source_zh.trim().is_empty(), "{}: source_zh is empty", f.id);
            assert!(
                f.source_zh.chars().any(is_cjk),
                "{}: source_zh has no Chinese: {}",
                f.id,
                f.source_zh
            );
            assert_ne!(f.source_zh, f.source, "{}", f.id);
            let ids = plan_ids(&f.source);
            with_ids += usize::from(!ids.is_empty());
            for id in ids {
                assert!(
                    plan_ids(&f.source_zh).contains(&id),
                    "{}: source_zh drops {id}: {}",
                    f.id,
                    f.source_zh
                );
            }
            if f.source.contains("not surveyed") {
                assert!(f.source_zh.contains("非实测"), "{}: {}", f.id, f.source_zh);
            }
            for (en, zh) in [("approximate", "大致"), ("schematic", "示意"), ("sketch", "示意")] {
                if f.source.contains(en) {
                    assert!(
                        f.source_zh.contains(zh),
                        "{}: “{en}” is not “{zh}”: {}",
                        f.id,
                        f.source_zh
                    );
                }
            }
            if f.source.contains("division label point") {
                assert!(f.source_zh.contains("行政区标注点"), "{}: {}", f.id, f.source_zh);
            }
        }
        assert!(with_ids >= 2, "the check saw sources that cite paragraphs");
        assert_eq!(
            plan_ids("见ch2.s4.p1与 box11.p3、box1"),
            ["ch2.s4.p1", "box11.p3", "box1"]
        );
    }

    #[test]
    fn mentions_merge_an_alias_inside_the_name() {
        let plan = Plan::embedded().expect("plan");
        let c = Catalogue::builtin().expect("catalogue");
        let f = c.feature("infra.hualu-data-lake").expect("feature");
        let m = mentions(&plan, f);
        let ids: Vec<&str> = m.iter().map(|(id, _)| id.as_str()).collect();
        assert!(ids.contains(&"box1.p5") && ids.contains(&"ch2.s4.p1"), "{ids:?}");
        let (_, ranges) = m.iter().find(|(id, _)| id == "box1.p5").expect("box1.p5");
        assert_eq!(ranges.len(), 1, "the alias inside the full name is one mention");
        let p = plan.paragraph("box1.p5").expect("p");
        assert_eq!(&p.text[ranges[0].clone()], "华录（大连）数据湖产业园");
    }
}
