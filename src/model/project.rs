//! The project file: a planner's annotations, user layers, layer settings, map view and
//! scenes in one documented, versioned JSON file; atomic saving; autosave and recovery. No
//! UI code and no file access (see [`crate::io::project`]).
//!
//! # The format (version 2)
//!
//! A project file is UTF-8 JSON, one object:
//!
//! ```json
//! {
//!   "format": "dalian-atlas-project",
//!   "version": 2,
//!   "generator": "dalian-atlas 0.1.0",
//!   "view": {"lon": 121.62, "lat": 38.92, "zoom": 11.5},
//!   "layers": [{"layer": "projects", "visible": true, "opacity": 1.0}],
//!   "annotations": {"type": "FeatureCollection", "name": "annotations", "bbox": [...], "features": [...]},
//!   "user_layers": [
//!     {"name": "5G sites", "source": "/home/me/5g.geojson", "visible": true,
//!      "style": {"colour": "#3182bd", "opacity": 1.0, "label_property": "name"},
//!      "data": {"type": "FeatureCollection", "name": "5G sites", "features": [...]}}
//!   ],
//!   "scenes": [
//!     {"title": "金普新区", "notes": "…", "view": {"lon": 121.93, "lat": 39.23, "zoom": 10.4},
//!      "layers": [{"layer": "projects", "visible": false, "opacity": 1.0}],
//!      "selected_feature": "layout.core.jinpu", "focus": "ch2.s4.p2", "shown": "ch2.s4.p2"}
//!   ],
//!   "evaluation": {"actuals": [{"indicator": "table1.r6.y2025", "year": 2023, "value": 17021, "unit": "个",
//!     "scope": "截至年中", "source": {"title": "…", "issuer": "…", "date": "2023-07-07", "location": "http://…"},
//!     "reliability": "…"}], "references": [], "statuses": [{"subject": "box1.p1", "status": "in_progress",
//!     "date": "2025-12", "note": "…", "source": {…}}], "thresholds": {"exceeded": 1.05, "done": 1.0,
//!     "basic": 0.9, "on_track_margin": 0.1}, "note": "…"}
//! }
//! ```
//!
//! - `format` (required) identifies the file; `version` is the format version (1 when
//!   missing). A file with a larger version is refused rather than misread.
//! - `generator` names the program that wrote the file; it is not read.
//! - `view`: the map's centre (WGS-84 longitude, latitude) and zoom level (web-map zoom,
//!   0 = the whole world in one 256-pixel tile); absent when unknown (a view that is
//!   not finite numbers is not written).
//! - `layers`: the plan layers (`layout`, `parks`, `infrastructure`, `projects`), top
//!   first, each shown or not, with an opacity 0.1…1. Missing: the default (all shown).
//! - `annotations`: an RFC 7946 FeatureCollection exactly as an annotation export
//!   writes it (see [`crate::model::export`]: simplestyle properties, `atlas:kind`,
//!   `plan:refs`, `atlas:features`), but without `plan:refs_text`; the feature `id` is
//!   the annotation's number.
//! - `user_layers`: imported GeoJSON layers, bottom first, each with its `name`, the
//!   `source` file it came from (absent if none), `visible`, its drawing `style` (a fill
//!   and stroke `colour`, an `opacity`, the property used for labels and the one used for
//!   categorised colours, either absent) and the features as a FeatureCollection in
//!   `data`: every property and collection member as imported; coordinates exactly as
//!   stored (not rounded: the shortest text that reads back as the same number), rings
//!   as imported.
//! - `scenes`: the saved scenes, in the order they are shown, each a title and notes, a
//!   `view` (required; as the top-level `view`, finite and on the map), the plan `layers`
//!   (as the top-level `layers`), the imported layers' visibility by position
//!   (`user_layers_visible`, bottom first) and the selected feature, highlighted plan
//!   element, shown plan element and selected target (`selected_feature`, `focus`,
//!   `shown`, `target`): see [`crate::model::scene`] for every member. Missing: none. A
//!   scene that cannot be read is refused with its number. (Version 1 files written
//!   before scenes existed have `"scenes": []` and read as they are.)
//! - `evaluation` (version 2): the end-of-term evaluation — actual values per indicator
//!   and year with unit, 口径 (`scope`), source and reliability; `references` (figures
//!   that inform an indicator, such as GDP); project `statuses` (`not_started`,
//!   `in_progress`, `built`, `adjusted`, `cancelled`) of column projects (`box1.p2`) and
//!   catalogue features; the verdict `thresholds`; see [`crate::evaluation`]. Absent when
//!   nothing was entered. Version 1 files have none and open with an empty evaluation;
//!   they are written back as version 2.
//!
//! Members a reader does not know — at the top level, in a user layer and in its style, in
//! a scene — are kept and written back. Missing members take their defaults. All coordinates are
//! WGS-84 longitude/latitude.
//!
//! # Saving and recovery
//!
//! The files themselves are read and written by [`crate::io::project`]:
//! [`save_project`](crate::io::project::save_project) never leaves a half-written file (a
//! temporary file next to the target, flushed to disk and renamed over it);
//! [`write_autosave`](crate::io::project::write_autosave) keeps one recovery copy
//! ([`autosave_text`]) in the user data directory, which
//! [`find_recovery`](crate::io::project::find_recovery) offers at the next start
//! ([`Recovery::from_autosave`]) and [`discard_recovery`](crate::io::project::discard_recovery)
//! removes after a save or a clean exit.

mod entries;

#[cfg(test)]
use entries::geometry_from;
use entries::{project_layer, relative_to};

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::annotation::{Annotation, Rgb};
use super::export::{self, Coords, ExportFeature};
use super::layers::layer_settings;
use super::scene::Scene;
use super::user_layer::UserLayer;
use super::view::MapView;
use crate::evaluation::Evaluation;
use crate::model::{LayerSetting, default_layers};

/// The `format` member of a project file.
pub const FORMAT: &str = "dalian-atlas-project";
/// The newest format version this build reads and the one it writes.
pub const VERSION: u64 = 2;
/// The `format` member of an autosave file.
pub const AUTOSAVE_FORMAT: &str = "dalian-atlas-autosave";
/// The autosave file's name in the user data directory.
pub const AUTOSAVE_FILE: &str = "autosave.dalian-atlas.json";
/// The extension offered for project files in file dialogs.
pub const PROJECT_EXTENSION: &str = "json";

/// Why a project file or an autosave could not be read or written. Messages name the file.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("cannot read {file}: {reason}")]
    Read { file: String, reason: String },
    #[error("{file} is empty, so it is not a project file")]
    Empty { file: String },
    #[error("{file} is not valid JSON (line {line}, column {column}): {reason}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{file} is not a Dalian Atlas project file: {reason}")]
    NotAProject { file: String, reason: String },
    #[error(
        "{file} was written by a newer Dalian Atlas (project format version {version}); this version reads \
         versions up to {VERSION}: update the atlas to open it"
    )]
    TooNew { file: String, version: u64 },
    #[error("{file} is damaged: {reason}")]
    Invalid { file: String, reason: String },
    #[error("cannot save {file}: {reason}")]
    Write { file: String, reason: String },
    /// The file was changed on disk (by another program or another atlas window) since
    /// this window opened or last saved it: not overwritten. The window asks whether to
    /// save under another name, reload the file, or overwrite it anyway.
    #[error(
        "{file} was changed by another program since it was opened or last saved here; it was not \
         overwritten: save under another name, reload it, or overwrite it anyway"
    )]
    ChangedOnDisk { file: String },
}

/// How a user layer is drawn (features' own simplestyle properties take precedence).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserLayerStyle {
    /// Stroke and fill colour.
    pub colour: Rgb,
    /// 0.1…1.
    pub opacity: f32,
    /// The property whose value labels each feature.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_property: Option<String>,
    /// The property whose values colour the features by category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour_property: Option<String>,
    /// Members this version does not know, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Default for UserLayerStyle {
    /// Blue (#3182bd), opaque, no labels, one colour.
    fn default() -> Self {
        UserLayerStyle {
            colour: Rgb([0x31, 0x82, 0xbd]),
            opacity: 1.0,
            label_property: None,
            colour_property: None,
            extra: Map::new(),
        }
    }
}

/// A user layer in a project.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectLayer {
    pub layer: UserLayer,
    pub visible: bool,
    pub style: UserLayerStyle,
    /// Members of the layer's entry this version does not know, kept.
    pub extra: Map<String, Value>,
    /// Saved as a link to its file rather than a copy of its features (see the module
    /// documentation). Only a layer that knows how its file was read
    /// ([`UserLayer::read_as`]) can be linked; the others are always embedded.
    pub linked: bool,
}

/// Layers read from files at least this large are linked by default, smaller ones
/// embedded (the user can switch).
pub const LINK_ABOVE_BYTES: u64 = 5 * 1024 * 1024;

impl ProjectLayer {
    /// A visible layer with the default style; linked when its file is large (see
    /// [`LINK_ABOVE_BYTES`]).
    pub fn new(layer: UserLayer) -> ProjectLayer {
        let bytes = layer
            .read_as
            .as_ref()
            .and_then(|r| r.get("bytes"))
            .and_then(Value::as_u64);
        ProjectLayer {
            linked: bytes.is_some_and(|b| b >= LINK_ABOVE_BYTES) && layer.source.is_some(),
            layer,
            visible: true,
            style: UserLayerStyle::default(),
            extra: Map::new(),
        }
    }

    /// Whether the layer can be saved as a link: it knows its file and how it was read.
    pub fn can_link(&self) -> bool {
        self.layer.source.is_some() && self.layer.read_as.is_some()
    }

    /// Whether it is saved as a link now.
    pub fn is_link(&self) -> bool {
        self.linked && self.can_link()
    }
}

/// Everything a project file holds. `Default` is a new, empty project.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub annotations: Vec<Annotation>,
    /// Bottom first.
    pub user_layers: Vec<ProjectLayer>,
    /// The plan layers' settings, top first.
    pub layers: Vec<LayerSetting>,
    pub view: Option<MapView>,
    /// The saved scenes, in the order they are shown.
    pub scenes: Vec<Scene>,
    /// The end-of-term evaluation: actual values, project statuses, thresholds.
    pub evaluation: Evaluation,
    /// Top-level members this version does not know, kept.
    pub extra: Map<String, Value>,
}

impl Default for Project {
    fn default() -> Self {
        Project {
            annotations: Vec::new(),
            user_layers: Vec::new(),
            layers: default_layers(),
            view: None,
            scenes: Vec::new(),
            evaluation: Evaluation::default(),
            extra: Map::new(),
        }
    }
}

/// Top-level members the reader interprets.
const KNOWN: [&str; 9] = [
    "format",
    "version",
    "generator",
    "view",
    "layers",
    "annotations",
    "user_layers",
    "scenes",
    "evaluation",
];

/// Members of a user-layer entry the reader interprets.
pub(super) const KNOWN_LAYER: [&str; 7] = ["name", "source", "visible", "style", "data", "link", "read"];

fn json_str(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

fn to_string<T: Serialize>(v: &T) -> String {
    // Plain data (strings, numbers, booleans) always serialises.
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_string())
}

fn path_text(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

impl Project {
    /// The annotation with `id`.
    pub fn annotation(&self, id: u64) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id)
    }

    /// The index of the annotation with `id`.
    pub fn annotation_index(&self, id: u64) -> Option<usize> {
        self.annotations.iter().position(|a| a.id == id)
    }

    /// An ID no annotation of the project has.
    pub fn next_annotation_id(&self) -> u64 {
        super::annotation::next_id(&self.annotations)
    }

    /// The project file's text (see the module documentation), linked layers' paths as
    /// they are (absolute after an import). Reading it back with [`Project::from_json`]
    /// gives an equal project (linked layers without their features, which
    /// `io::project` reads from their files).
    pub fn to_json(&self) -> String {
        self.to_json_in(None)
    }

    /// [`Project::to_json`] for a file in `folder`: linked layers' paths relative to it
    /// where the file lies beneath it.
    pub fn to_json_in(&self, folder: Option<&Path>) -> String {
        let mut m: Vec<(String, String)> = vec![
            ("format".into(), json_str(FORMAT)),
            ("version".into(), VERSION.to_string()),
            (
                "generator".into(),
                json_str(&format!("dalian-atlas {}", env!("CARGO_PKG_VERSION"))),
            ),
        ];
        if let Some(v) = self
            .view
            .filter(|v| v.lon.is_finite() && v.lat.is_finite() && v.zoom.is_finite())
        {
            m.push(("view".into(), to_string(&v)));
        }
        m.push(("layers".into(), to_string(&self.layers)));
        let features: Vec<ExportFeature> = export::annotation_features(&self.annotations, None);
        let annotations = export::write_collection(Some("annotations"), &Map::new(), &features, Coords::Export, true);
        m.push(("annotations".into(), annotations.trim_end().to_string()));
        let mut layers = String::from("[");
        for (k, l) in self.user_layers.iter().enumerate() {
            layers.push_str(if k == 0 { "\n" } else { ",\n" });
            layers.push_str("{\"name\":");
            layers.push_str(&json_str(&l.layer.name));
            if let Some(s) = &l.layer.source {
                layers.push_str(",\"source\":");
                layers.push_str(&json_str(&path_text(s)));
            }
            layers.push_str(",\"visible\":");
            layers.push_str(if l.visible { "true" } else { "false" });
            layers.push_str(",\"style\":");
            layers.push_str(&to_string(&l.style));
            for (key, v) in l.extra.iter().filter(|(key, _)| !KNOWN_LAYER.contains(&key.as_str())) {
                layers.push(',');
                layers.push_str(&json_str(key));
                layers.push(':');
                layers.push_str(&v.to_string());
            }
            if let Some(read) = &l.layer.read_as {
                layers.push_str(",\"read\":");
                layers.push_str(&read.to_string());
            }
            match (&l.layer.source, l.is_link()) {
                (Some(source), true) => {
                    layers.push_str(",\"link\":");
                    layers.push_str(&json_str(&path_text(&relative_to(source, folder))));
                    // An empty collection too, so an atlas older than links opens the
                    // project (the layer empty, the link kept among unknown members).
                    layers.push_str(",\"data\":{\"type\":\"FeatureCollection\",\"features\":[]}");
                }
                _ => {
                    layers.push_str(",\"data\":");
                    let data = export::write_collection(
                        None,
                        &l.layer.foreign_members,
                        &export::user_layer_features(&l.layer),
                        Coords::Exact,
                        false,
                    );
                    layers.push_str(data.trim_end());
                }
            }
            layers.push('}');
        }
        layers.push_str(if self.user_layers.is_empty() { "]" } else { "\n]" });
        m.push(("user_layers".into(), layers));
        // A scene whose view is not finite would be written with nulls and refused on
        // reading: `save_project` and `write_autosave` refuse to write one.
        let mut scenes = String::from("[");
        for (k, scene) in self.scenes.iter().enumerate() {
            scenes.push_str(if k == 0 { "\n" } else { ",\n" });
            scenes.push_str(&to_string(scene));
        }
        scenes.push_str(if self.scenes.is_empty() { "]" } else { "\n]" });
        m.push(("scenes".into(), scenes));
        if !self.evaluation.is_empty() {
            m.push(("evaluation".into(), to_string(&self.evaluation)));
        }
        for (k, v) in self.extra.iter().filter(|(k, _)| !KNOWN.contains(&k.as_str())) {
            m.push((k.clone(), v.to_string()));
        }
        let mut out = String::from("{");
        for (k, (key, value)) in m.iter().enumerate() {
            out.push_str(if k == 0 { "\n" } else { ",\n" });
            out.push_str(&json_str(key));
            out.push_str(": ");
            out.push_str(value);
        }
        out.push_str("\n}\n");
        out
    }

    /// Reads a project file's text; errors call it "the project".
    pub fn from_json(text: &str) -> Result<Project, ProjectError> {
        Project::from_json_named("the project", text.as_bytes())
    }

    /// Reads a project file's bytes; errors name the file `file`.
    pub fn from_json_named(file: &str, bytes: &[u8]) -> Result<Project, ProjectError> {
        super::properties::fresh_names();
        let value = parse_json(file, bytes)?;
        Project::from_value(file, &value)
    }

    /// Reads a parsed project file.
    pub fn from_value(file: &str, value: &Value) -> Result<Project, ProjectError> {
        let not = |reason: &str| ProjectError::NotAProject {
            file: file.to_string(),
            reason: reason.to_string(),
        };
        let invalid = |reason: String| ProjectError::Invalid {
            file: file.to_string(),
            reason,
        };
        let obj = value
            .as_object()
            .ok_or_else(|| not("the top level is not a JSON object"))?;
        match obj.get("format") {
            Some(Value::String(f)) if f == FORMAT => {}
            Some(Value::String(f)) if f == AUTOSAVE_FORMAT => {
                return Err(not("it is an autosave file; the atlas offers it for recovery at start"));
            }
            Some(other) => return Err(not(&format!("its “format” is {other}, not “{FORMAT}”"))),
            None => return Err(not(&format!("it has no “format”: “{FORMAT}” member"))),
        }
        match obj.get("version") {
            None => {}
            Some(v) => match v.as_u64() {
                Some(version) if version > VERSION => {
                    return Err(ProjectError::TooNew {
                        file: file.to_string(),
                        version,
                    });
                }
                Some(_) => {}
                None => return Err(invalid(format!("“version” is {v}, not a whole number"))),
            },
        }
        let view = match obj.get("view") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                serde_json::from_value::<MapView>(v.clone())
                    .map_err(|e| invalid(format!("“view” should be {{\"lon\", \"lat\", \"zoom\"}} numbers: {e}")))?,
            ),
        };
        let layers = match obj.get("layers") {
            None | Some(Value::Null) => default_layers(),
            Some(Value::Array(list)) => layer_settings(list),
            Some(_) => return Err(invalid("“layers” is not an array".into())),
        };
        let annotations = match obj.get("annotations") {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => export::annotations_from_value("“annotations”", v).map_err(|e| invalid(e.to_string()))?,
        };
        let user_layers = match obj.get("user_layers") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(k, v)| project_layer(k, v).map_err(|r| invalid(format!("user layer {}: {r}", k + 1))))
                .collect::<Result<Vec<_>, _>>()?,
            Some(_) => return Err(invalid("“user_layers” is not an array".into())),
        };
        let scenes = match obj.get("scenes") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    let title = v.get("title").and_then(Value::as_str);
                    Scene::from_value(v).map_err(|e| invalid(format!("{}: {e}", scene_name(k, title))))
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(_) => return Err(invalid("“scenes” is not an array".into())),
        };
        let evaluation = match obj.get("evaluation") {
            None | Some(Value::Null) => Evaluation::default(),
            Some(v) => {
                serde_json::from_value::<Evaluation>(v.clone()).map_err(|e| invalid(format!("“evaluation”: {e}")))?
            }
        };
        let extra = obj
            .iter()
            .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Project {
            annotations,
            user_layers,
            layers,
            view,
            scenes,
            evaluation,
            extra,
        })
    }
}

/// `scene 3 (“金普新区”)` for messages: the number counts from 1.
fn scene_name(index: usize, title: Option<&str>) -> String {
    match title.filter(|t| !t.trim().is_empty()) {
        Some(title) => format!("scene {} (“{title}”)", index + 1),
        None => format!("scene {}", index + 1),
    }
}

impl Project {
    /// Whether the project can be written so that it reads back: every scene passes
    /// [`Scene::check`]. The error names the scene.
    pub fn check_scenes(&self) -> Result<(), String> {
        for (k, s) in self.scenes.iter().enumerate() {
            if let Err(e) = s.check() {
                return Err(format!("{}: {e}", scene_name(k, Some(&s.title))));
            }
        }
        Ok(())
    }
}

/// Parses JSON bytes, with the line and column of a syntax error.
fn parse_json(file: &str, bytes: &[u8]) -> Result<Value, ProjectError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ProjectError::Empty { file: file.to_string() });
    }
    serde_json::from_slice(bytes).map_err(|e| {
        let text = e.to_string();
        let reason = match text.rfind(" at line ") {
            Some(k) => text[..k].to_string(),
            None => text,
        };
        ProjectError::Json {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            reason,
        }
    })
}

/// What the next start offers to restore.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovery {
    /// The autosave file.
    pub path: PathBuf,
    /// When it was written.
    pub saved_at: SystemTime,
    /// The project file the work belongs to; `None` for a project never saved.
    pub original: Option<PathBuf>,
    pub project: Project,
}

/// The autosave file in `data_dir`, the atlas's user data directory (the app passes
/// `eframe::storage_dir("dalian-atlas")`: `$XDG_DATA_HOME/dalian-atlas` or
/// `~/.local/share/dalian-atlas` on Linux, `%APPDATA%\dalian-atlas\data` on Windows).
pub fn autosave_path(data_dir: &Path) -> PathBuf {
    data_dir.join(AUTOSAVE_FILE)
}

/// The text of an autosave file holding `project`, written at `saved_at` and belonging to
/// the project file `original`:
///
/// `{"format": "dalian-atlas-autosave", "version": 1, "saved_at": UNIX SECONDS,
/// "original": PATH or null, "project": {a project file}}`.
pub fn autosave_text(project: &Project, original: Option<&Path>, saved_at: SystemTime) -> String {
    let secs = saved_at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!(
        "{{\"format\": {}, \"version\": {VERSION}, \"saved_at\": {secs}, \"original\": {},\n\"project\": {}}}\n",
        json_str(AUTOSAVE_FORMAT),
        original.map_or("null".to_string(), |p| json_str(&path_text(p))),
        project.to_json().trim_end()
    )
}

impl Recovery {
    /// Reads the autosave file `path` from its `bytes`. `modified` gives the file's
    /// modification time, asked only when the file does not say when it was written.
    pub fn from_autosave(
        path: PathBuf,
        bytes: &[u8],
        modified: impl FnOnce() -> SystemTime,
    ) -> Result<Recovery, ProjectError> {
        let file = path.display().to_string();
        let value = parse_json(&file, bytes)?;
        let not = |reason: &str| ProjectError::NotAProject {
            file: file.clone(),
            reason: reason.to_string(),
        };
        let obj = value
            .as_object()
            .ok_or_else(|| not("the top level is not a JSON object"))?;
        if obj.get("format").and_then(Value::as_str) != Some(AUTOSAVE_FORMAT) {
            return Err(not(&format!("it has no “format”: “{AUTOSAVE_FORMAT}” member")));
        }
        if let Some(version) = obj.get("version").and_then(Value::as_u64)
            && version > VERSION
        {
            return Err(ProjectError::TooNew { file, version });
        }
        let saved_at = match obj.get("saved_at").and_then(Value::as_u64) {
            Some(s) => SystemTime::UNIX_EPOCH + Duration::from_secs(s),
            None => modified(),
        };
        let original = obj.get("original").and_then(Value::as_str).map(PathBuf::from);
        let project = Project::from_value(&file, obj.get("project").unwrap_or(&Value::Null))?;
        Ok(Recovery {
            path,
            saved_at,
            original,
            project,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_project_is_written_and_read_back_equal() {
        let p = Project::default();
        let text = p.to_json();
        assert!(text.contains("\"format\": \"dalian-atlas-project\""), "{text}");
        assert_eq!(Project::from_json(&text).expect("reads"), p);
    }

    #[test]
    fn a_minimal_file_gets_the_defaults() {
        let p = Project::from_json(r#"{"format":"dalian-atlas-project"}"#).expect("reads");
        assert_eq!(p, Project::default());
    }

    #[test]
    fn a_newer_version_is_refused_with_a_message_saying_so() {
        let next = VERSION + 1;
        let text = format!(r#"{{"format":"dalian-atlas-project","version":{next}}}"#);
        let e = Project::from_json(&text).expect_err("refused");
        assert!(matches!(e, ProjectError::TooNew { version, .. } if version == next));
        assert!(e.to_string().contains("newer Dalian Atlas"), "{e}");
        assert!(e.to_string().contains(&format!("version {next}")), "{e}");
    }

    #[test]
    fn json_errors_give_line_and_column() {
        let e = Project::from_json("{\n\"format\": \"dalian-atlas-project\",\n\"layers\": [,]\n}").expect_err("bad");
        match e {
            ProjectError::Json { line, column, .. } => assert_eq!((line, column), (3, 12)),
            other => panic!("{other}"),
        }
        assert!(matches!(Project::from_json("  \n"), Err(ProjectError::Empty { .. })));
        assert!(matches!(
            Project::from_json(r#"{"type":"FeatureCollection","features":[]}"#),
            Err(ProjectError::NotAProject { .. })
        ));
    }

    #[test]
    fn geometries_of_every_type_read_back_as_written() {
        let text = r#"{"type":"GeometryCollection","geometries":[
            {"type":"Point","coordinates":[1.5,2]},
            {"type":"MultiPoint","coordinates":[[1,2],[3,4]]},
            {"type":"MultiLineString","coordinates":[[[1,2],[3,4]]]},
            {"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}]}"#;
        let g = geometry_from(&serde_json::from_str(text).expect("json")).expect("geometry");
        let f = ExportFeature {
            id: None,
            properties: Default::default(),
            geometry: Some(g.clone()),
        };
        let out = export::write_collection(None, &Map::new(), &[f], Coords::Exact, false);
        let v: Value = serde_json::from_str(&out).expect("json");
        assert_eq!(geometry_from(&v["features"][0]["geometry"]).expect("geometry"), g);
    }
}
