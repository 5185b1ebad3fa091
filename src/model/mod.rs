//! The atlas's own data besides the plan: user layers (imported GeoJSON), annotations,
//! scenes, and the project that holds them; undo/redo; GeoJSON export. No UI code.

pub mod annotation;
pub mod export;
pub mod history;
pub mod project;
pub mod scene;
pub mod tool;
pub mod user_layer;

pub use annotation::{Annotation, AnnotationError, AnnotationKind, Link, MarkerSize, Rgb, Style};
pub use export::{ExportError, ExportFeature, annotations_from_geojson, annotations_geojson, collection_text};
pub use history::{Edit, EditError, History};
pub use project::{
    MapView, Project, ProjectError, ProjectLayer, Recovery, UserLayerStyle, autosave_path, discard_recovery,
    find_recovery, load_project, save_project, write_autosave,
};
pub use scene::{Scene, SceneError, fit_view, starter_scenes};
pub use tool::Tool;
pub use user_layer::{UserFeature, UserLayer};
