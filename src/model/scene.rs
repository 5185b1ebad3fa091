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
//!   "target": "box1.p1.n2",
//!   "style": "status"
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
//! - `style` (issue 15): how the map draws the plan's features — `"plan"` (their
//!   categories) or `"status"` (their project statuses, with the status legend). Missing:
//!   left as it is.
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
//! The starter deck is built in [`crate::model::starter`]; views and framing are in
//! [`crate::model::view`].

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::layers::layer_settings;
use super::view::{LonLatBox, MAX_LAT, MAX_SCENE_ZOOM, MapView, fit_view_filling};
use crate::model::LayerSetting;

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

/// How much closer (in zoom levels) framing a scene's extent must get than its stored
/// view before a map is framed on the extent rather than given the stored view: 0.75,
/// about 1.7 times larger on screen.
pub const REFRAME_ZOOM: f64 = 0.75;

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
    /// Status styling (`Some(true)`), the plan's categories (`Some(false)`), or left as
    /// it is (`None`).
    pub status_styling: Option<bool>,
    /// Members this version does not know, kept.
    pub extra: Map<String, Value>,
}

/// The members a scene's reader interprets.
const KNOWN: [&str; 11] = [
    "style",
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
            status_styling: None,
            extra: Map::new(),
        }
    }

    /// The view that frames the scene in a map of `width_px` × `height_px` logical pixels:
    /// its extent filling the map's tighter side, or its stored view when it has no extent.
    ///
    /// The stored view itself when it still shows the whole extent in such a map and
    /// framing the extent would zoom in by less than [`REFRAME_ZOOM`] — so the window
    /// the scene was made in gets exactly the view back, while a wider projector or
    /// image is framed on what the scene is about.
    pub fn view_in(&self, width_px: f64, height_px: f64) -> MapView {
        match self.extent {
            Some(extent) if width_px > 1.0 && height_px > 1.0 => {
                let framed = fit_view_filling(extent, width_px, height_px, 1.0);
                let (w, s, e, n) = super::view::extent_of_view(self.view, width_px, height_px);
                let shows_all = w <= extent.0 && s <= extent.1 && e >= extent.2 && n >= extent.3;
                if shows_all && framed.zoom - self.view.zoom < REFRAME_ZOOM {
                    self.view
                } else {
                    framed
                }
            }
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
        let status_styling = match obj.get("style") {
            None | Some(Value::Null) => None,
            Some(Value::String(v)) if v == "status" => Some(true),
            Some(Value::String(v)) if v == "plan" => Some(false),
            Some(other) => return Err(wrong("style", "\"plan\" or \"status\"", other)),
        };
        let scene = Scene {
            status_styling,
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
        if let Some(on) = self.status_styling {
            m.serialize_entry("style", if on { "status" } else { "plan" })?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::DATA_BOX_LON_LAT;
    use crate::catalogue::Layer;
    use crate::model::default_layers;
    use crate::model::view::{extent_of_view, fit_view};

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
}
