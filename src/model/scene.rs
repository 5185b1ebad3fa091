//! Scenes (issue 6): a saved view of the atlas — a title and speaker's notes, where the map
//! looks, which layers it draws, what is selected and highlighted, the plan text shown and
//! the target picked — kept in the project file as a deck a planner steps through; and the
//! starter deck generated from the plan itself. No UI code.
//!
//! # A scene in the project file
//!
//! Each entry of the project's `scenes` array (see [`crate::model::project`]) is one object:
//!
//! ```json
//! {
//!   "title": "金普新区",
//!   "notes": "first line\nsecond line",
//!   "view": {"lon": 121.93, "lat": 39.23, "zoom": 10.4},
//!   "extent": [121.55, 38.95, 122.31, 39.50],
//!   "layers": [{"layer": "projects", "visible": false, "opacity": 1.0},
//!              {"layer": "infrastructure", "visible": false, "opacity": 1.0},
//!              {"layer": "parks", "visible": true, "opacity": 1.0},
//!              {"layer": "layout", "visible": true, "opacity": 0.6}],
//!   "user_layers_visible": [true, false],
//!   "selected_feature": "layout.core.jinpu",
//!   "focus": "ch2.s4.p2",
//!   "shown": "ch2.s4.p2",
//!   "target": "box1.p1.n2"
//! }
//! ```
//!
//! - `view` (required): the map's centre, WGS-84 longitude and latitude, and its web-map
//!   zoom, as the project's `view`: finite numbers, longitude −180…180, latitude
//!   −85.06…85.06 (the web map's limit), zoom 0…26.
//! - `extent`: what the scene must show, `[west, south, east, north]` in WGS-84 degrees
//!   (west ≤ east, south ≤ north, within the view's limits). A map of another shape or size
//!   than the one the scene was made in — presenter mode's wide map, an image — is framed
//!   on it, the extent filling the map's tighter side ([`Scene::view_in`]); the window
//!   writes the extent its map showed, the starter deck the framed features with a margin.
//!   Missing (files from before this member): the map is set to `view` as it is.
//! - `title`, `notes`: text (`notes` may span lines); missing: empty.
//! - `layers`: the plan layers top first, each shown or not with an opacity 0.1…1, written
//!   and read exactly as the project's `layers` (an entry this version cannot read, e.g. a
//!   layer a later version added, is skipped). Missing or empty: the scene leaves the plan
//!   layers as they are. A layer the list leaves out keeps its current setting and goes
//!   below the listed ones ([`Scene::layers_applied_to`]).
//! - `user_layers_visible`: whether each of the project's imported layers is shown, by
//!   position, bottom first (as `user_layers`). When the project has more layers than the
//!   list, the extra layers are left as they are; entries beyond the project's layers are
//!   ignored ([`Scene::user_layers_applied_to`]). Missing: empty, all left as they are.
//! - `selected_feature`: the catalogue ID of the selected feature (`layout.core.jinpu`).
//! - `focus`: the plan element whose features the map highlights — a paragraph, section,
//!   column, table row or target ID (the window's `plan_focus`).
//! - `shown`: the plan element the text panel shows — a section, column, chapter, table or
//!   the preface, or a paragraph, which shows its section or column scrolled to it (the
//!   window's `Show` action).
//! - `target`: the selected target's ID (`table1.r6.y2025`, `box1.p1.n2`).
//!
//! The four IDs are optional (absent or `null`: nothing). An ID the plan or the catalogue
//! does not know (another plan text, an older catalogue) is kept and written back; the
//! window ignores it when it shows the scene. Members this version does not know are kept
//! and written back.
//!
//! Showing a scene (what the window does; suggested order): set the plan layers and the
//! imported layers' visibility; show `shown`; select `target` (which scrolls to the target's
//! paragraph and highlights its value); set `focus` (after the target, which would replace
//! it); select `selected_feature`; and last set the map to the scene's extent (or `view`
//! without one), without further framing (the scene wins over any framing the selections
//! ask for).
//!
//! # The starter deck
//!
//! [`starter_scenes`] builds a deck from the plan, its feature catalogue and the map data,
//! so that a planner starts from a usable deck and edits it: the plan's overall layout, one
//! scene per core and zone of that layout, the 5G priorities, and one scene per column
//! (专栏). Every title and every quotation in the notes is read from the plan or the
//! catalogue at run time; nothing is typed in twice.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::project::{MapView, layer_settings};
use crate::basemap::{Basemap, DATA_BOX_LON_LAT};
use crate::catalogue::{Catalogue, Feature, FeatureShapes, Layer, Links};
use crate::plan::{ElementKind, Plan, TargetKind};
use crate::state::{LayerSetting, default_layers};

/// Why a scene cannot be kept. Messages complete “scene N: …”.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SceneError {
    #[error("it is not a JSON object")]
    NotAnObject,
    #[error("it has no “view” (the map's centre and zoom: {{\"lon\", \"lat\", \"zoom\"}})")]
    NoView,
    #[error("its “{member}” should be {expected}, not {found}")]
    WrongType {
        member: &'static str,
        expected: &'static str,
        found: String,
    },
    #[error(
        "its view (longitude {lon}, latitude {lat}, zoom {zoom}) is not a place on the map: longitude must be \
         −180…180, latitude −85.06…85.06 and zoom 0…26, all finite numbers"
    )]
    BadView { lon: f64, lat: f64, zoom: f64 },
    #[error(
        "its extent {0:?} is not a box on the map: [west, south, east, north] with west ≤ east within \
         −180…180 and south ≤ north within −85.06…85.06"
    )]
    BadExtent([f64; 4]),
}

/// One saved view of the atlas (see the module documentation for its JSON shape).
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub title: String,
    /// Speaker's notes; may span lines.
    pub notes: String,
    /// Where the map looks (WGS-84 centre and web-map zoom).
    pub view: MapView,
    /// The plan layers' visibility, opacity and order, top first; empty: left as they are.
    pub layers: Vec<LayerSetting>,
    /// Whether each imported layer is shown, bottom first; see [`Scene::user_layers_applied_to`].
    pub user_layers_visible: Vec<bool>,
    /// Catalogue ID of the selected feature.
    pub selected_feature: Option<String>,
    /// Plan element whose features are highlighted (the window's `plan_focus`).
    pub focus: Option<String>,
    /// Plan element shown in the text panel (the window's `shown`, or a paragraph).
    pub shown: Option<String>,
    /// The selected target's ID.
    pub target: Option<String>,
    /// What the scene must show, `(west, south, east, north)` in WGS-84 degrees: a map of
    /// another shape or size (presenter mode, an image) is framed on it
    /// ([`Scene::view_in`]) rather than on `view`, which keeps the centre and zoom the
    /// scene was made at. `None` (scenes from before this member): `view` as it is.
    pub extent: Option<LonLatBox>,
    /// Members this version does not know, kept.
    pub extra: Map<String, Value>,
}

/// `(west, south, east, north)` in WGS-84 degrees.
pub type LonLatBox = (f64, f64, f64, f64);

/// The members a scene's reader interprets.
const KNOWN: [&str; 10] = [
    "extent",
    "title",
    "notes",
    "view",
    "layers",
    "user_layers_visible",
    "selected_feature",
    "focus",
    "shown",
    "target",
];

/// The highest zoom a scene may have (beyond any tile source's).
pub const MAX_SCENE_ZOOM: f64 = 26.0;
/// The web map's latitude limit.
const MAX_LAT: f64 = 85.051_128_78;

/// A short text of a JSON value for messages.
fn describe(v: &Value) -> String {
    let kind = match v {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let mut text = v.to_string();
    if text.chars().count() > 40 {
        text = text.chars().take(40).collect::<String>() + "…";
    }
    format!("{kind} ({text})")
}

impl Scene {
    /// A scene with a title and a view, no notes, leaving layers and selections as they are.
    pub fn new(title: impl Into<String>, view: MapView) -> Scene {
        Scene {
            title: title.into(),
            notes: String::new(),
            view,
            layers: Vec::new(),
            user_layers_visible: Vec::new(),
            selected_feature: None,
            focus: None,
            shown: None,
            target: None,
            extent: None,
            extra: Map::new(),
        }
    }

    /// The view that frames the scene in a map of `width_px` × `height_px` logical pixels:
    /// its extent filling the map's tighter side, or its stored view when it has no extent.
    pub fn view_in(&self, width_px: f64, height_px: f64) -> MapView {
        match self.extent {
            Some(extent) if width_px > 1.0 && height_px > 1.0 => fit_view_filling(extent, width_px, height_px, 1.0),
            _ => self.view,
        }
    }

    /// Whether the scene can be kept and written: its view is finite and on the map.
    pub fn check(&self) -> Result<(), SceneError> {
        let MapView { lon, lat, zoom } = self.view;
        let ok = lon.is_finite()
            && lat.is_finite()
            && zoom.is_finite()
            && (-180.0..=180.0).contains(&lon)
            && (-MAX_LAT..=MAX_LAT).contains(&lat)
            && (0.0..=MAX_SCENE_ZOOM).contains(&zoom);
        if !ok {
            return Err(SceneError::BadView { lon, lat, zoom });
        }
        match self.extent {
            Some((w, s, e, n))
                if !([w, s, e, n].iter().all(|v| v.is_finite())
                    && (-180.0..=180.0).contains(&w)
                    && (-180.0..=180.0).contains(&e)
                    && (-MAX_LAT..=MAX_LAT).contains(&s)
                    && (-MAX_LAT..=MAX_LAT).contains(&n)
                    && w <= e
                    && s <= n) =>
            {
                Err(SceneError::BadExtent([w, s, e, n]))
            }
            _ => Ok(()),
        }
    }

    /// The scene as a JSON object, as the project file holds it (read back from the
    /// written text, so that an opacity reads as written: 0.6, not its `f32` widening).
    pub fn to_value(&self) -> Value {
        serde_json::to_string(self)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null)
    }

    /// Reads one entry of a project's `scenes`, checking every member it interprets.
    pub fn from_value(v: &Value) -> Result<Scene, SceneError> {
        let obj = v.as_object().ok_or(SceneError::NotAnObject)?;
        let wrong = |member: &'static str, expected: &'static str, found: &Value| SceneError::WrongType {
            member,
            expected,
            found: describe(found),
        };
        let text = |member: &'static str| -> Result<String, SceneError> {
            match obj.get(member) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(s)) => Ok(s.clone()),
                Some(other) => Err(wrong(member, "text", other)),
            }
        };
        let id = |member: &'static str| -> Result<Option<String>, SceneError> {
            match obj.get(member) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(wrong(member, "an ID (text) or null", other)),
            }
        };
        let view = match obj.get("view") {
            None | Some(Value::Null) => return Err(SceneError::NoView),
            Some(v) => {
                let number = |k: &str| v.get(k).and_then(Value::as_f64);
                match (v.as_object(), number("lon"), number("lat"), number("zoom")) {
                    (Some(_), Some(lon), Some(lat), Some(zoom)) => MapView { lon, lat, zoom },
                    _ => return Err(wrong("view", "{\"lon\", \"lat\", \"zoom\"} numbers", v)),
                }
            }
        };
        let layers = match obj.get("layers") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => layer_settings(list),
            Some(other) => return Err(wrong("layers", "an array of plan layer settings", other)),
        };
        let user_layers_visible = match obj.get("user_layers_visible") {
            None | Some(Value::Null) => Vec::new(),
            Some(v @ Value::Array(list)) => list
                .iter()
                .map(Value::as_bool)
                .collect::<Option<Vec<bool>>>()
                .ok_or_else(|| wrong("user_layers_visible", "an array of true/false values", v))?,
            Some(other) => return Err(wrong("user_layers_visible", "an array of true/false values", other)),
        };
        let extent = match obj.get("extent") {
            None | Some(Value::Null) => None,
            Some(v) => match v
                .as_array()
                .and_then(|a| a.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>())
            {
                Some(n) if n.len() == 4 => Some((n[0], n[1], n[2], n[3])),
                _ => return Err(wrong("extent", "[west, south, east, north] numbers", v)),
            },
        };
        let scene = Scene {
            extent,
            title: text("title")?,
            notes: text("notes")?,
            view,
            layers,
            user_layers_visible,
            selected_feature: id("selected_feature")?,
            focus: id("focus")?,
            shown: id("shown")?,
            target: id("target")?,
            extra: obj
                .iter()
                .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        };
        scene.check()?;
        Ok(scene)
    }

    /// The plan layers after showing the scene over `current`: the scene's layers in its
    /// order, then the layers it does not list in their current order and setting. An
    /// empty scene list leaves `current` as it is.
    pub fn layers_applied_to(&self, current: &[LayerSetting]) -> Vec<LayerSetting> {
        let mut out: Vec<LayerSetting> = Vec::new();
        for l in self.layers.iter().chain(current) {
            if !out.iter().any(|x| x.layer == l.layer) {
                out.push(*l);
            }
        }
        out
    }

    /// The imported layers' visibility after showing the scene over `current` (bottom
    /// first): position by position; the scene's extra entries are ignored and layers it
    /// has no entry for keep theirs.
    pub fn user_layers_applied_to(&self, current: &[bool]) -> Vec<bool> {
        current
            .iter()
            .enumerate()
            .map(|(k, v)| self.user_layers_visible.get(k).copied().unwrap_or(*v))
            .collect()
    }
}

impl Serialize for Scene {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("title", &self.title)?;
        m.serialize_entry("notes", &self.notes)?;
        m.serialize_entry("view", &self.view)?;
        if let Some((w, s, e, n)) = self.extent {
            m.serialize_entry("extent", &[w, s, e, n])?;
        }
        m.serialize_entry("layers", &self.layers)?;
        if !self.user_layers_visible.is_empty() {
            m.serialize_entry("user_layers_visible", &self.user_layers_visible)?;
        }
        for (key, value) in [
            ("selected_feature", &self.selected_feature),
            ("focus", &self.focus),
            ("shown", &self.shown),
            ("target", &self.target),
        ] {
            if let Some(v) = value {
                m.serialize_entry(key, v)?;
            }
        }
        for (k, v) in self.extra.iter().filter(|(k, _)| !KNOWN.contains(&k.as_str())) {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Scene {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scene, D::Error> {
        let v = Value::deserialize(d)?;
        Scene::from_value(&v).map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------
// Framing a box.

/// The view that shows the box `(west, south, east, north)` (WGS-84 degrees) whole in a map
/// of `width_px` × `height_px` logical pixels, with an 8 % margin: the centre is the box's
/// middle on the web map (Mercator), the zoom the largest at which the box fits, between 5
/// and 17 (a single point gets 17). A map smaller than 1 pixel gets zoom 9. The same
/// arithmetic as the map's own framing (`map::zoom_to_fit`).
pub fn fit_view(bbox: LonLatBox, width_px: f64, height_px: f64) -> MapView {
    let mut view = fit_view_filling(bbox, width_px, height_px, 0.92);
    view.zoom = view.zoom.clamp(5.0, 17.0);
    view
}

/// The view in which the box fills `fill` (0…1] of the map's tighter side, at any zoom
/// a scene may have (0…[`MAX_SCENE_ZOOM`]; a point gets the highest); zoom 9 for a map
/// smaller than a pixel. The inverse of [`extent_of_view`] for `fill` 1.
pub fn fit_view_filling(bbox: LonLatBox, width_px: f64, height_px: f64, fill: f64) -> MapView {
    let (w, s, e, n) = bbox;
    let (w, e) = (w.min(e), w.max(e));
    let (s, n) = (s.min(n).clamp(-MAX_LAT, MAX_LAT), s.max(n).clamp(-MAX_LAT, MAX_LAT));
    let merc_y = |lat: f64| (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln();
    let lat_of = |y: f64| (2.0 * y.exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    let centre_lat = lat_of((merc_y(s) + merc_y(n)) / 2.0);
    let centre_lon = (w + e) / 2.0;
    // World width at zoom z is 256·2^z pixels; x spans (e−w)/360 of it, y spans Δmerc/(2π).
    let frac_x = (e - w) / 360.0;
    let frac_y = (merc_y(n) - merc_y(s)) / (2.0 * std::f64::consts::PI);
    let (width, height) = (width_px * fill, height_px * fill);
    let zoom = if !(width > 1.0 && height > 1.0) {
        9.0
    } else {
        let zx = if frac_x > 0.0 {
            (width / (256.0 * frac_x)).log2()
        } else {
            MAX_SCENE_ZOOM
        };
        let zy = if frac_y > 0.0 {
            (height / (256.0 * frac_y)).log2()
        } else {
            MAX_SCENE_ZOOM
        };
        zx.min(zy).clamp(0.0, MAX_SCENE_ZOOM)
    };
    MapView {
        lon: centre_lon,
        lat: centre_lat,
        zoom,
    }
}

/// The box a view shows in a map of `width_px` × `height_px` logical pixels (the inverse
/// of [`fit_view_filling`] with `fill` 1 along the tighter side). Not clipped: at a low
/// zoom it may reach beyond ±180° (see [`Scene::check`] for what a scene keeps).
pub fn extent_of_view(view: MapView, width_px: f64, height_px: f64) -> LonLatBox {
    let merc_y = |lat: f64| (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln();
    let lat_of = |y: f64| (2.0 * y.exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    let world = 256.0 * 2f64.powf(view.zoom);
    let half_lon = width_px / world * 180.0;
    let half_merc = height_px / world * std::f64::consts::PI;
    let y = merc_y(view.lat.clamp(-MAX_LAT, MAX_LAT));
    (
        view.lon - half_lon,
        lat_of(y - half_merc),
        view.lon + half_lon,
        lat_of(y + half_merc),
    )
}

/// The smallest box holding both.
fn union(a: LonLatBox, b: LonLatBox) -> LonLatBox {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

// ---------------------------------------------------------------------------------------
// The starter deck.

/// The map area the starter scenes are framed for, in logical pixels: a nominal 1600×1000
/// window less the plan panel on the left, the right panel and the menu and status bars.
pub const STARTER_VIEWPORT_PX: (f64, f64) = (700.0, 900.0);
/// The closest a starter scene frames features (as the window frames a plan element), so
/// that a single site keeps its surroundings.
pub const STARTER_MAX_FEATURE_ZOOM: f64 = 13.0;
/// The closest the municipality view gets (as the window's reset view).
pub const STARTER_MAX_CITY_ZOOM: f64 = 12.0;

/// Whether a feature is drawn as an area covering every division of the municipality
/// (it would only repeat the city outline: the map lists it as city-wide rather than
/// drawing it). The same rule as the map's plan layers.
pub fn is_city_wide(feature: &Feature, basemap: &Basemap) -> bool {
    !basemap.divisions.is_empty()
        && feature.placed
        && feature.lon_lat.is_none()
        && feature.line_lon_lat.is_none()
        && feature.functional_areas.is_empty()
        && basemap.divisions.iter().all(|d| feature.divisions.contains(&d.adcode))
}

/// What the starter deck needs, with the city-wide features worked out once.
struct Deck<'a> {
    plan: &'a Plan,
    catalogue: &'a Catalogue,
    links: &'a Links,
    shapes: &'a FeatureShapes,
    city_wide: Vec<usize>,
}

/// The text up to and including the first “。” (the whole text without one).
fn first_sentence(text: &str) -> &str {
    match text.find('。') {
        Some(k) => &text[..k + '。'.len_utf8()],
        None => text,
    }
}

/// The sentences of a text, each with its “。”.
fn sentences(text: &str) -> Vec<&str> {
    text.split_inclusive('。').filter(|s| !s.trim().is_empty()).collect()
}

/// A paragraph's heading: its first sentence when that is short and has no comma (the
/// plan's paragraphs often open so: “工业互联网应用先导区。”, “加快5G精品网络建设。”).
fn heading(text: &str) -> Option<&str> {
    let first = first_sentence(text);
    let bare = first.strip_suffix('。')?;
    (!bare.is_empty() && bare.chars().count() <= 24 && !bare.contains('，')).then_some(bare)
}

/// A starter scene's view (in [`STARTER_VIEWPORT_PX`]) and extent.
struct Framing {
    view: MapView,
    extent: LonLatBox,
}

/// `bbox` framed with a margin and at most `max_zoom`. The extent is the box with the
/// margin, grown to at least what `max_zoom` shows in a square of the starter viewport's
/// shorter side, so a single site keeps its surroundings in a map of any shape.
fn framing(bbox: LonLatBox, max_zoom: f64) -> Framing {
    let (w, h) = STARTER_VIEWPORT_PX;
    let mut view = fit_view(bbox, w, h);
    view.zoom = view.zoom.min(max_zoom);
    let (west, south, east, north) = bbox;
    // fit_view's 92 % fill: 4 % of the span on each side.
    let (dx, dy) = ((east - west).abs() * 0.0435, (north - south).abs() * 0.0435);
    let with_margin = (
        west.min(east) - dx,
        south.min(north) - dy,
        west.max(east) + dx,
        south.max(north) + dy,
    );
    let side = w.min(h);
    let closest = extent_of_view(MapView { zoom: max_zoom, ..view }, side, side);
    Framing {
        view,
        extent: union(with_margin, closest),
    }
}

impl Scene {
    /// A starter scene: `title` framed by `framing`.
    fn framed(title: impl Into<String>, framing: Framing) -> Scene {
        Scene {
            extent: Some(framing.extent),
            ..Scene::new(title, framing.view)
        }
    }
}

impl Deck<'_> {
    fn feature(&self, k: usize) -> Option<&Feature> {
        self.catalogue.features.get(k)
    }

    /// The features of `indices` the map draws on their own: placed, not city-wide.
    fn drawn(&self, indices: &[usize]) -> Vec<usize> {
        indices
            .iter()
            .copied()
            .filter(|k| self.shapes.of(*k).is_some() && !self.city_wide.contains(k))
            .collect()
    }

    /// The municipality, as the window's reset view.
    fn city_view(&self) -> Framing {
        framing(DATA_BOX_LON_LAT, STARTER_MAX_CITY_ZOOM)
    }

    /// The features framed (the municipality when none is drawn).
    fn frame(&self, indices: &[usize]) -> Framing {
        match self.shapes.bbox_of(&self.drawn(indices)) {
            Some(bbox) => framing(bbox, STARTER_MAX_FEATURE_ZOOM),
            None => self.city_view(),
        }
    }

    /// The plan layers in their default order, all opaque, showing `main` and every
    /// layer that draws one of `features`, the others hidden.
    fn layers(&self, main: &[Layer], features: &[usize]) -> Vec<LayerSetting> {
        let shown: Vec<Layer> = self
            .drawn(features)
            .into_iter()
            .filter_map(|k| self.feature(k).map(|f| f.layer))
            .chain(main.iter().copied())
            .collect();
        default_layers()
            .into_iter()
            .map(|l| LayerSetting {
                visible: shown.contains(&l.layer),
                ..l
            })
            .collect()
    }

    /// Where an element stands: `第二章 总体要求 · 第四节 整体布局（ch2.s4.p2）`.
    fn source_line(&self, id: &str) -> String {
        let container = match self.plan.kind_of(id) {
            Some(ElementKind::Paragraph) => self.plan.container_of(id).unwrap_or(id),
            _ => id,
        };
        let chapter = match self.plan.kind_of(container) {
            Some(ElementKind::Section) => container.split('.').next().map(str::to_string),
            Some(ElementKind::Box) => self.plan.text_box(container).map(|b| b.chapter.clone()),
            _ => None,
        };
        let mut parts: Vec<String> = Vec::new();
        if let Some(title) = chapter.and_then(|c| self.plan.title_of(&c)) {
            parts.push(title);
        }
        if let Some(title) = self.plan.title_of(container) {
            parts.push(title);
        }
        format!("出处：{}（{id}）", parts.join(" · "))
    }

    /// Names of the features, catalogue order, `、`-separated, each once (the plan calls
    /// different features by the same name: 高新区 the core and the 5G priority area).
    fn names(&self, indices: &[usize]) -> String {
        let mut names: Vec<&str> = Vec::new();
        for f in indices.iter().filter_map(|k| self.feature(*k)) {
            if !names.contains(&f.name_zh.as_str()) {
                names.push(&f.name_zh);
            }
        }
        names.join("、")
    }

    /// What the layout's scenes show: the layout, the parks and bases (the plan lays the
    /// zones out on them: 依托…园区), and the layers of what `features` rely on (依托).
    fn layout_layers(&self, features: &[usize]) -> Vec<LayerSetting> {
        let relied: Vec<usize> = features
            .iter()
            .filter_map(|k| self.feature(*k))
            .flat_map(|f| &f.relies_on)
            .filter_map(|id| self.catalogue.features.iter().position(|g| &g.id == id))
            .collect();
        self.layers(&[Layer::Layout, Layer::Parks], &relied)
    }

    /// (a) The plan's overall layout: the section whose paragraphs name the most features
    /// of the layout layer, shown whole on the municipality.
    fn layout(&self) -> Option<Scene> {
        let layout: Vec<usize> = self.layer_features(Layer::Layout);
        let section = self
            .plan
            .chapters
            .iter()
            .flat_map(|c| &c.sections)
            .map(|s| {
                let found = self.links.features_of(self.plan, &s.id);
                (layout.iter().filter(|k| found.contains(k)).count(), s)
            })
            .filter(|(n, _)| *n > 0)
            .enumerate()
            // The first of the sections naming the most (max_by_key alone keeps the last).
            .max_by_key(|(k, (n, _))| (*n, std::cmp::Reverse(*k)))?
            .1
            .1;
        let mut scene = Scene::framed(section.title.clone(), self.city_view());
        let mut notes: Vec<String> = Vec::new();
        if let Some(p) = section.paragraphs.first() {
            notes.push(first_sentence(&p.text).to_string());
        }
        notes.push(self.source_line(&section.id));
        scene.notes = notes.join("\n");
        scene.layers = self.layout_layers(&[]);
        scene.focus = Some(section.id.clone());
        scene.shown = Some(section.id.clone());
        Some(scene)
    }

    fn layer_features(&self, layer: Layer) -> Vec<usize> {
        self.catalogue
            .features
            .iter()
            .enumerate()
            .filter(|(_, f)| f.layer == layer)
            .map(|(k, _)| k)
            .collect()
    }

    /// The paragraph that is most about a feature: among its `plan_refs` paragraphs that
    /// name it (else every paragraph that names it), one whose heading is its name, else
    /// the one naming the fewest features of its layer; the first in reading order on a tie.
    fn paragraph_about(&self, k: usize) -> Option<String> {
        let f = self.feature(k)?;
        let mentions = self.links.mentions_of(k);
        let naming: Vec<&str> = mentions
            .iter()
            .filter(|m| !m.ranges.is_empty())
            .map(|m| m.paragraph.as_str())
            .collect();
        let refs: Vec<&str> = naming
            .iter()
            .copied()
            .filter(|p| f.plan_refs.iter().any(|r| r == p))
            .collect();
        let candidates = if refs.is_empty() { naming } else { refs };
        let text = |p: &str| self.plan.paragraph(p).map(|p| p.text.as_str()).unwrap_or_default();
        if let Some(p) = candidates
            .iter()
            .find(|p| heading(text(p)).is_some_and(|h| f.names().any(|n| n == h)))
        {
            return Some(p.to_string());
        }
        let same_layer = |p: &str| {
            self.links
                .features_of(self.plan, p)
                .into_iter()
                .filter(|j| self.feature(*j).is_some_and(|g| g.layer == f.layer))
                .count()
        };
        // min_by_key keeps the first of equals.
        candidates
            .iter()
            .min_by_key(|p| same_layer(p))
            .map(|p| p.to_string())
            .or_else(|| mentions.first().map(|m| m.paragraph.clone()))
    }

    /// The sentences of a paragraph that name the feature, without a heading that is only
    /// its name; the sentence after the heading when none does.
    fn quote(&self, paragraph: &str, f: &Feature) -> String {
        let Some(p) = self.plan.paragraph(paragraph) else {
            return String::new();
        };
        let all = sentences(&p.text);
        let skip = usize::from(heading(&p.text).is_some_and(|h| f.names().any(|n| n == h)));
        let body = &all[skip.min(all.len())..];
        let naming: Vec<&str> = body
            .iter()
            .copied()
            .filter(|s| f.names().any(|n| s.contains(n)))
            .collect();
        if naming.is_empty() {
            body.first().copied().unwrap_or_default().to_string()
        } else {
            naming.concat()
        }
    }

    /// (b) One scene per core and zone of the layout layer that the map draws on its own.
    fn zones(&self) -> Vec<Scene> {
        self.drawn(&self.layer_features(Layer::Layout))
            .into_iter()
            .filter_map(|k| {
                let f = self.feature(k)?;
                let mut scene = Scene::framed(f.name_zh.clone(), self.frame(&[k]));
                scene.selected_feature = Some(f.id.clone());
                let mut notes: Vec<String> = Vec::new();
                if let Some(p) = self.paragraph_about(k) {
                    let quote = self.quote(&p, f);
                    if !quote.is_empty() {
                        notes.push(quote);
                    }
                    notes.push(self.source_line(&p));
                    scene.focus = Some(p.clone());
                    scene.shown = Some(p);
                }
                scene.notes = notes.join("\n");
                scene.layers = self.layout_layers(&[k]);
                Some(scene)
            })
            .collect()
    }

    /// (c) The 5G priorities: the first goal of the plan's text about 5G that the catalogue
    /// ties to features on the map (5G base stations: the priority areas, corridors and
    /// hubs of 专栏1), shown with the paragraph of its column that names the most of them.
    fn five_g(&self) -> Option<Scene> {
        let about = |t: &&crate::plan::Target| {
            t.label.contains("5G") && !self.drawn(&self.links.features_of(self.plan, &t.id)).is_empty()
        };
        let goals = || self.plan.targets.iter().filter(|t| t.kind.is_goal()).filter(about);
        let target = goals()
            .find(|t| self.plan.paragraph(&t.paragraph).is_some() && t.kind == TargetKind::Target)
            .or_else(|| goals().next())?;
        let features = self.drawn(&self.links.features_of(self.plan, &target.id));
        let container = self
            .plan
            .container_of(&target.paragraph)
            .map(str::to_string)
            .unwrap_or_else(|| target.paragraph.clone());
        let paragraph = self
            .plan
            .paragraphs_of(&container)
            .into_iter()
            .map(|p| {
                let named = self.links.features_of(self.plan, &p.id);
                (features.iter().filter(|k| named.contains(k)).count(), p)
            })
            .enumerate()
            .max_by_key(|(k, (n, _))| (*n, std::cmp::Reverse(*k)))
            .map(|(_, best)| best)
            .filter(|(n, _)| *n > 0)
            .map(|(_, p)| p);
        let title = paragraph
            .and_then(|p| heading(&p.text))
            .map_or_else(|| target.label.clone(), str::to_string);
        let mut scene = Scene::framed(title, self.frame(&features));
        let mut notes: Vec<String> = Vec::new();
        if let Some(p) = paragraph {
            let all = sentences(&p.text);
            let skip = usize::from(heading(&p.text).is_some());
            notes.push(all[skip.min(all.len())..].concat());
            notes.push(self.source_line(&p.id));
            scene.shown = Some(p.id.clone());
        } else {
            scene.shown = Some(container.clone());
        }
        let year = target.year.map(|y| format!("（{y}年）")).unwrap_or_default();
        notes.push(format!(
            "指标：{} {}{}{year}（{}）",
            target.label, target.value_text, target.unit, target.id
        ));
        scene.notes = notes.join("\n");
        scene.layers = self.layers(&[Layer::Infrastructure], &features);
        scene.focus = Some(target.id.clone());
        scene.target = Some(target.id.clone());
        Some(scene)
    }

    /// (d) One scene per column (专栏), in order: the features its paragraphs name, framed;
    /// a column none of whose features the map draws gets the municipality, and its notes
    /// say that the plan does not place its projects.
    fn columns(&self) -> Vec<Scene> {
        let mut boxes: Vec<&crate::plan::TextBox> = self.plan.boxes.iter().collect();
        boxes.sort_by_key(|b| b.number);
        boxes
            .into_iter()
            .map(|b| {
                let features = self.links.features_of(self.plan, &b.id);
                let drawn = self.drawn(&features);
                let city: Vec<usize> = features
                    .iter()
                    .copied()
                    .filter(|k| self.city_wide.contains(k))
                    .collect();
                let unplaced: Vec<usize> = features
                    .iter()
                    .copied()
                    .filter(|k| self.shapes.of(*k).is_none())
                    .collect();
                let title = self
                    .plan
                    .title_of(&b.id)
                    .unwrap_or_else(|| format!("专栏{} {}", b.number, b.title));
                let mut scene = Scene::framed(title, self.frame(&drawn));
                let mut notes: Vec<String> = Vec::new();
                if drawn.is_empty() {
                    notes.push("规划未给出本专栏项目的位置，场景显示全市。".to_string());
                } else {
                    notes.push(format!("地图上标出（位置为估计或示意）：{}", self.names(&drawn)));
                }
                if !city.is_empty() {
                    notes.push(format!("全市范围：{}", self.names(&city)));
                }
                if !unplaced.is_empty() {
                    notes.push(format!("规划未给出位置：{}", self.names(&unplaced)));
                }
                notes.push(self.source_line(&b.id));
                scene.notes = notes.join("\n");
                scene.layers = self.layers(&[Layer::Projects], &drawn);
                scene.focus = Some(b.id.clone());
                scene.shown = Some(b.id.clone());
                scene
            })
            .collect()
    }
}

/// The starter deck, generated from the plan: (a) the overall layout (整体布局, the
/// section whose paragraphs name the most features of the layout layer) on the whole
/// municipality; (b) one scene per core and zone of the layout layer the map draws on its
/// own (city-wide areas such as 多点发展 are left out), titled with the feature's name,
/// selected, framed, showing the paragraph most about it; (c) the 5G priorities: the
/// first 5G goal of the plan's text that the catalogue ties to features on the map, its
/// areas, corridors and hubs framed and highlighted, the paragraph naming the most of them
/// shown; (d) one scene per column (专栏1 …), titled as the plan titles it, its features
/// framed and highlighted, or the municipality when the plan places none of them (the
/// notes say so and list its projects).
///
/// Views are framed for a map of [`STARTER_VIEWPORT_PX`], at most zoom
/// [`STARTER_MAX_FEATURE_ZOOM`] on features and [`STARTER_MAX_CITY_ZOOM`] on the city.
/// Layers: the layout scenes show the layout, the parks and bases (园区与基地) and the layers
/// of what the zone relies on (依托); the 5G scene the infrastructure layer and the layers of
/// its features; a column's scene the projects layer and the layers of the features it
/// frames; the other plan layers are hidden, all in the default order, opaque. The scenes
/// leave imported layers as they are.
/// Titles and quotations come from the plan and the catalogue; the notes' few words of
/// explanation (出处, 指标, …) are the atlas's.
pub fn starter_scenes(
    plan: &Plan,
    catalogue: &Catalogue,
    links: &Links,
    shapes: &FeatureShapes,
    basemap: &Basemap,
) -> Vec<Scene> {
    let deck = Deck {
        plan,
        catalogue,
        links,
        shapes,
        city_wide: catalogue
            .features
            .iter()
            .enumerate()
            .filter(|(_, f)| is_city_wide(f, basemap))
            .map(|(k, _)| k)
            .collect(),
    };
    let mut out: Vec<Scene> = Vec::new();
    out.extend(deck.layout());
    out.extend(deck.zones());
    out.extend(deck.five_g());
    out.extend(deck.columns());
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_extent_taken_from_a_view_frames_that_view_again_at_any_zoom() {
        for zoom in [3.0, 4.5, 9.0, 13.0, 19.0, 22.0] {
            let view = MapView {
                lon: 121.6,
                lat: 38.9,
                zoom,
            };
            let extent = extent_of_view(view, 900.0, 700.0);
            let mut scene = Scene::new("s", view);
            scene.extent = Some(extent);
            let back = scene.view_in(900.0, 700.0);
            assert!(
                (back.zoom - zoom).abs() < 1e-9,
                "zoom {zoom} came back as {}",
                back.zoom
            );
            assert!(
                (back.lon - 121.6).abs() < 1e-9 && (back.lat - 38.9).abs() < 1e-9,
                "{back:?}"
            );
        }
    }

    #[test]
    fn an_extent_with_a_non_number_is_refused() {
        let v = serde_json::json!({"view": {"lon": 121.6, "lat": 38.9, "zoom": 9}, "extent": [121, "x", 122, 39, 40]});
        assert!(Scene::from_value(&v).is_err());
        let v = serde_json::json!({"view": {"lon": 121.6, "lat": 38.9, "zoom": 9}, "extent": [121, 38, 122, 39]});
        assert_eq!(
            Scene::from_value(&v).expect("reads").extent,
            Some((121.0, 38.0, 122.0, 39.0))
        );
    }

    use super::*;

    #[test]
    fn fitting_a_box_centres_it_and_picks_the_zoom_at_which_it_fills_the_map() {
        let v = fit_view(DATA_BOX_LON_LAT, 700.0, 900.0);
        assert!((v.lon - 122.2).abs() < 1e-9);
        // The Mercator middle of 38.6…40.2 is a little north of the arithmetic one.
        assert!(v.lat > 39.4 && v.lat < 39.41, "{}", v.lat);
        // 2.8° of longitude in 644 px: log2(644 / (256 · 2.8/360)) ≈ 8.34.
        assert!(
            (v.zoom - (644.0_f64 / (256.0 * 2.8 / 360.0)).log2()).abs() < 1e-9,
            "{}",
            v.zoom
        );
        let bigger = fit_view(DATA_BOX_LON_LAT, 1400.0, 1800.0);
        assert!(
            (bigger.zoom - v.zoom - 1.0).abs() < 1e-9,
            "twice the size, one zoom level closer"
        );
    }

    #[test]
    fn a_point_gets_zoom_17_a_world_zoom_5_and_an_empty_map_zoom_9() {
        assert_eq!(fit_view((121.6, 38.9, 121.6, 38.9), 700.0, 900.0).zoom, 17.0);
        assert_eq!(fit_view((-180.0, -80.0, 180.0, 80.0), 700.0, 900.0).zoom, 5.0);
        assert_eq!(fit_view((121.0, 38.0, 122.0, 39.0), 0.0, 900.0).zoom, 9.0);
        let swapped = fit_view((122.0, 39.0, 121.0, 38.0), 700.0, 900.0);
        assert_eq!(swapped, fit_view((121.0, 38.0, 122.0, 39.0), 700.0, 900.0));
    }

    #[test]
    fn layers_a_scene_leaves_out_keep_their_setting_below_the_listed_ones() {
        let mut scene = Scene::new("s", fit_view(DATA_BOX_LON_LAT, 700.0, 900.0));
        let current = default_layers();
        assert_eq!(scene.layers_applied_to(&current), current);
        scene.layers = vec![LayerSetting {
            layer: Layer::Layout,
            visible: false,
            opacity: 0.5,
        }];
        let after = scene.layers_applied_to(&current);
        assert_eq!(after[0], scene.layers[0]);
        assert_eq!(&after[1..], &current[..3]);
        scene.user_layers_visible = vec![false, true, false];
        assert_eq!(scene.user_layers_applied_to(&[true, true]), vec![false, true]);
        assert_eq!(
            scene.user_layers_applied_to(&[true, false, true, true]),
            vec![false, true, false, true]
        );
    }

    #[test]
    fn headings_are_short_first_sentences_without_commas() {
        assert_eq!(heading("加快5G精品网络建设。率先推进……"), Some("加快5G精品网络建设"));
        assert_eq!(heading("按照“双核驱动，四区协同，多点发展”布局思路，优化。"), None);
        assert_eq!(heading("没有句号"), None);
        assert_eq!(sentences("甲。乙，丙。丁"), vec!["甲。", "乙，丙。", "丁"]);
    }
}
