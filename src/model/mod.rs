//! The atlas's own data besides the plan: user layers (imported GeoJSON), annotations,
//! scenes, and the project that holds them; undo/redo; GeoJSON export. No UI code.

pub mod annotation;
pub mod attributes;
pub mod export;
pub mod history;
pub mod layers;
pub mod legend;
pub mod measure;
pub mod project;
pub mod properties;
pub mod report;
pub mod scene;
pub mod simplestyle;
pub mod starter;
pub mod summary;
pub mod tool;
pub mod user_layer;
pub mod value;
pub mod view;

pub use annotation::{Annotation, AnnotationError, AnnotationKind, Link, MarkerSize, Rgb, Style};
pub use export::{ExportError, ExportFeature, annotations_from_geojson, annotations_geojson, collection_text};
pub use history::{Edit, EditError, History};
pub use layers::{LayerSetting, default_layers};
pub use legend::LegendPlacement;
pub use project::{Project, ProjectError, ProjectLayer, Recovery, UserLayerStyle, autosave_path, autosave_text};
pub use properties::Properties;
pub use scene::{Scene, SceneError};
pub use starter::starter_scenes;
pub use tool::Tool;
pub use user_layer::{UserFeature, UserLayer};
pub use value::{PropValue, Scalar};
pub use view::{LonLatBox, MapView, fit_view};
