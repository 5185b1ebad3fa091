//! Exports from the window (文件 → 导出数据): the annotations, the visible layers or the
//! selection, written by the chosen file's extension — `.gpkg` as a GeoPackage (one table
//! per layer, in the system chosen in the export menu), `.kml` / `.kmz` for Google Earth
//! and 奥维, anything else as GeoJSON (one collection, as before issue 13).

use std::path::Path;

use super::AtlasApp;
use crate::action::ExportScope;
use crate::i18n::{ImportKey, Key, tr};
use crate::io::export::save_geojson;
use crate::model::export::{ExportFeature, ExportLayer, annotation_features, collection_text, user_layer_features};

/// Features tagged with their layer's name, grouped into layers: one per name, in the
/// order the names first appear, each keeping its features' order. Layers without
/// features do not occur (nothing tags them).
pub fn group_into_layers(tagged: Vec<(String, ExportFeature)>) -> Vec<ExportLayer> {
    let mut layers: Vec<ExportLayer> = Vec::new();
    for (name, feature) in tagged {
        match layers.iter_mut().find(|l| l.name == name) {
            Some(layer) => layer.features.push(feature),
            None => layers.push(ExportLayer {
                name,
                features: vec![feature],
            }),
        }
    }
    layers
}

impl AtlasApp {
    /// The features of an export scope, in the order they are written to GeoJSON.
    pub fn export_features(&self, scope: ExportScope) -> Vec<ExportFeature> {
        self.tagged_export_features(scope).into_iter().map(|(_, f)| f).collect()
    }

    /// The features of an export scope as layers (GeoPackage tables, KML folders): each
    /// plan layer by its display name, each user layer by its name, the annotations as
    /// 标注 / Annotations.
    pub fn export_layers(&self, scope: ExportScope) -> Vec<ExportLayer> {
        group_into_layers(self.tagged_export_features(scope))
    }

    /// The features of an export scope with the name of the layer each belongs to.
    fn tagged_export_features(&self, scope: ExportScope) -> Vec<(String, ExportFeature)> {
        let plan = &self.plan;
        let lang = self.state.lang;
        let titles = |id: &str| plan.title_of(id);
        let project = &self.document.project;
        let annotations_name = tr(lang, Key::Import(ImportKey::AnnotationsLayer)).to_string();
        let tag = |name: &str, features: Vec<ExportFeature>| {
            features.into_iter().map(|f| (name.to_string(), f)).collect::<Vec<_>>()
        };
        let catalogue = |layers: &[crate::catalogue::Layer], only: Option<&str>| {
            let mut features = crate::catalogue::export_features(&self.catalogue, plan, &self.basemap, layers);
            crate::symbology::export::with_simplestyle(&mut features, &self.catalogue);
            features
                .into_iter()
                .filter(|e| only.is_none_or(|id| e.id == id))
                .map(|e| {
                    let name = self
                        .catalogue
                        .feature(&e.id)
                        .map_or("", |f| crate::ui::layers::layer_name(lang, f.layer));
                    (name.to_string(), ExportFeature::from(e))
                })
                .collect::<Vec<_>>()
        };
        match scope {
            ExportScope::Annotations => tag(
                &annotations_name,
                annotation_features(&project.annotations, Some(&titles)),
            ),
            ExportScope::VisibleLayers => {
                let visible: Vec<crate::catalogue::Layer> = self
                    .state
                    .layers
                    .iter()
                    .filter(|l| l.visible)
                    .map(|l| l.layer)
                    .collect();
                let mut out = catalogue(&visible, None);
                for l in project.user_layers.iter().filter(|l| l.visible) {
                    out.extend(tag(&l.layer.name, user_layer_features(&l.layer)));
                }
                out.extend(tag(
                    &annotations_name,
                    annotation_features(&project.annotations, Some(&titles)),
                ));
                out
            }
            ExportScope::Selection => {
                let mut out = Vec::new();
                if let Some(id) = &self.state.selected_feature
                    && let Some(f) = self.catalogue.feature(id)
                {
                    out.extend(catalogue(&[f.layer], Some(id)));
                }
                if let Some(id) = self.selected_annotation
                    && let Some(a) = project.annotation(id)
                {
                    out.extend(tag(
                        &annotations_name,
                        annotation_features(std::slice::from_ref(a), Some(&titles)),
                    ));
                }
                if let Some((layer, feature)) = self.selected_user_feature
                    && let Some(l) = project.user_layers.get(layer)
                    && let Some(f) = l.layer.features.get(feature)
                {
                    let one = crate::model::UserLayer {
                        read_as: None,
                        name: l.layer.name.clone(),
                        source: None,
                        foreign_members: serde_json::Map::new(),
                        features: vec![f.clone()],
                    };
                    out.extend(tag(&l.layer.name, user_layer_features(&one)));
                }
                out
            }
        }
    }

    /// Writes an export scope to `path` in the format of its extension.
    pub(super) fn export_to(&mut self, scope: ExportScope, path: &Path) {
        let lang = self.state.lang;
        let tagged = self.tagged_export_features(scope);
        if tagged.is_empty() && scope == ExportScope::Selection {
            self.notify(tr(lang, Key::NothingSelected).to_string());
            return;
        }
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        let written = match ext.as_deref() {
            Some("gpkg") => crate::io::export::gpkg::save_gpkg(path, &group_into_layers(tagged), self.state.gpkg_srs),
            Some(kml @ ("kml" | "kmz")) => {
                crate::io::export::kml::save_kml(path, &group_into_layers(tagged), kml == "kmz")
            }
            _ => {
                let name = path
                    .file_stem()
                    .map_or_else(|| "dalian-atlas".to_string(), |s| s.to_string_lossy().into_owned());
                let features: Vec<ExportFeature> = tagged.into_iter().map(|(_, f)| f).collect();
                let text = collection_text(&name, &serde_json::Map::new(), &features);
                save_geojson(path, &text)
            }
        };
        match written {
            Ok(()) => {
                let message = format!("{}：{}", tr(lang, Key::ExportedTo), path.display());
                self.inform(message);
            }
            Err(e) => self.notify(e.to_string()),
        }
    }
}
