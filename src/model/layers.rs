//! How the plan's layers are drawn: which show, in what order, how opaque. Shared by
//! the window's state, projects and scenes, so it lives in the domain.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalogue::Layer;

/// How one plan layer is drawn (persisted).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerSetting {
    pub layer: Layer,
    pub visible: bool,
    /// 0.1…1.
    pub opacity: f32,
}

/// The plan layers top first (the first is drawn last, on top): projects, infrastructure,
/// parks, layout; all visible.
pub fn default_layers() -> Vec<LayerSetting> {
    [Layer::Projects, Layer::Infrastructure, Layer::Parks, Layer::Layout]
        .into_iter()
        .map(|layer| LayerSetting {
            layer,
            visible: true,
            opacity: 1.0,
        })
        .collect()
}

/// The plan layers' settings of a `layers` array (the project's or a scene's). An entry
/// this version cannot read — a layer a later version added — is skipped rather than
/// refused.
pub(crate) fn layer_settings(list: &[Value]) -> Vec<LayerSetting> {
    list.iter()
        .filter_map(|v| serde_json::from_value::<LayerSetting>(v.clone()).ok())
        .collect()
}
