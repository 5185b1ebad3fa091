//! The attribute table window's actions (issue 18, point 9): opening it on a layer or
//! the annotations, keeping it on its layer while layers move, selecting and framing
//! features, the per-zone summary (computed on request), its export and its colours on
//! the map.

use std::borrow::Cow;
use std::path::PathBuf;

use super::AtlasApp;
use crate::action::{DocAction, TableAction, TableSubject};
use crate::i18n::{Key, Lang, TableKey, tr};
use crate::model::UserFeature;
use crate::model::summary::{ZoneSet, summarise, zones};
use crate::model::user_layer::LayerKey;
use crate::symbology::choropleth::Classes;
use crate::ui::attribute_table::{AttributeTableWindow, ShownSummary, summary_sheet};

/// The open table and, for a layer, what tells that layer from others (to follow it when
/// layers move, and close when it is removed).
/// A summary on the map: the zones' colours, the legend's title and its rows.
pub(super) type ZoneColours = (crate::map::ZoneFill, String, Vec<(egui::Color32, String)>);

pub(super) struct OpenTable {
    pub window: AttributeTableWindow,
    layer: Option<LayerKey>,
}

impl AtlasApp {
    /// Applies what the table window asked for.
    pub(super) fn apply_table(&mut self, action: TableAction) {
        match action {
            TableAction::Open(subject) => self.open_table(subject),
            TableAction::Close => self.attribute_table = None,
            TableAction::Select(index) => self.select_table_row(index),
            TableAction::ZoomTo(index) => {
                self.select_table_row(index);
                let features = self.table_features();
                let bbox = features.get(index).and_then(|f| {
                    use geo::BoundingRect;
                    f.geometry.bounding_rect()
                });
                if let Some(r) = bbox {
                    self.frame_box((r.min().x, r.min().y, r.max().x, r.max().y));
                }
            }
            TableAction::Summarise => self.summarise_table(),
            TableAction::ExportSummary { xlsx } => {
                use super::file_dialog::{Kind, Request, Then};
                let Some(shown) = self.attribute_table.as_ref().and_then(|t| t.window.summary.as_ref()) else {
                    return;
                };
                if shown.stale {
                    let lang = self.state.lang;
                    self.notify(tr(lang, Key::Attributes(TableKey::StaleExport)).to_string());
                    return;
                }
                let extension = if xlsx { "xlsx" } else { "csv" };
                let name = format!("{}-{}.{extension}", self.table_name(), shown.sheet.name);
                let request = Request::new(Kind::Save, Then::SummaryTable)
                    .filter(tr(self.state.lang, Key::Attributes(TableKey::SummaryTab)), &[extension])
                    .file_name(&name);
                self.ask_path(request);
            }
            TableAction::ExportSummaryTo(path) => self.export_summary(path),
        }
    }

    fn open_table(&mut self, subject: TableSubject) {
        let lang = self.state.lang;
        let (name, layer) = match &subject {
            TableSubject::UserLayer(i) => match self.document.project.user_layers.get(*i) {
                Some(l) => (l.layer.name.clone(), Some(LayerKey::of(l))),
                None => return,
            },
            TableSubject::Annotations => (tr(lang, Key::Attributes(TableKey::Annotations)).to_string(), None),
        };
        self.attribute_table = Some(OpenTable {
            window: AttributeTableWindow::new(subject, name),
            layer,
        });
    }

    fn table_name(&self) -> String {
        self.attribute_table
            .as_ref()
            .map(|t| t.window.name.clone())
            .unwrap_or_default()
    }

    /// The rows' features: the layer's, or the annotations as exported.
    pub(super) fn table_features(&self) -> Cow<'_, [UserFeature]> {
        match &self.attribute_table {
            Some(t) => features_of(&self.document.project, &t.window.subject),
            None => Cow::Borrowed(&[]),
        }
    }

    /// Follows the table's layer to its new place, closes the table when its layer is
    /// gone, and works out the rows when the query or the data changed.
    pub(super) fn prepare_table(&mut self) {
        let lang = self.state.lang;
        let Some(table) = &mut self.attribute_table else { return };
        // The interface language changed: the title and the summary's words follow.
        if table.window.subject == TableSubject::Annotations {
            table.window.name = tr(lang, Key::Attributes(TableKey::Annotations)).to_string();
        }
        if let Some(shown) = table.window.summary.as_mut().filter(|s| s.lang != lang) {
            let names = zone_names(&self.basemap, shown.summary.set, lang);
            shown.sheet = summary_sheet(lang, &shown.summary, &names);
            shown.lang = lang;
        }
        let revision = match (&table.window.subject, &table.layer) {
            (TableSubject::UserLayer(i), Some(key)) => {
                let layers = &self.document.project.user_layers;
                let here = layers.get(*i).is_some_and(|l| LayerKey::of(l) == *key);
                if !here {
                    match layers.iter().position(|l| LayerKey::of(l) == *key) {
                        Some(moved) => table.window.subject = TableSubject::UserLayer(moved),
                        None => {
                            self.attribute_table = None;
                            return;
                        }
                    }
                }
                0
            }
            _ => self.document.history.revision(),
        };
        let features = features_of(&self.document.project, &table.window.subject);
        table.window.refresh(&features, revision);
    }

    /// The selected row's feature index, if the selection is in the table's data.
    pub(super) fn table_selected(&self) -> Option<usize> {
        let table = self.attribute_table.as_ref()?;
        match table.window.subject {
            TableSubject::UserLayer(i) => self.selected_user_feature.filter(|(l, _)| *l == i).map(|(_, f)| f),
            TableSubject::Annotations => {
                let id = self.selected_annotation?;
                self.document.project.annotations.iter().position(|a| a.id == id)
            }
        }
    }

    fn select_table_row(&mut self, index: usize) {
        let Some(table) = &self.attribute_table else { return };
        match table.window.subject {
            TableSubject::UserLayer(layer) => {
                self.apply_document(DocAction::SelectUserFeature(Some((layer, index))));
            }
            TableSubject::Annotations => {
                let id = self.document.project.annotations.get(index).map(|a| a.id);
                self.apply_document(DocAction::SelectAnnotation(id));
            }
        }
    }

    fn summarise_table(&mut self) {
        let lang = self.state.lang;
        let Some(table) = &mut self.attribute_table else { return };
        let features = features_of(&self.document.project, &table.window.subject);
        let Some(statistic) = table.window.form.statistic() else {
            return;
        };
        let set = table.window.form.set;
        let zone_list = zones(&self.basemap, set);
        let summary = summarise(&features, &zone_list, set, &statistic);
        let names = zone_names(&self.basemap, set, lang);
        let sheet = summary_sheet(lang, &summary, &names);
        table.window.summary = Some(ShownSummary {
            summary,
            sheet,
            lang,
            stale: false,
        });
    }

    fn export_summary(&mut self, path: PathBuf) {
        let lang = self.state.lang;
        let Some(shown) = self.attribute_table.as_ref().and_then(|t| t.window.summary.as_ref()) else {
            return;
        };
        match crate::io::report::table_file::write_table(&shown.sheet, &path) {
            Ok(()) => self.inform(format!(
                "{}：{}",
                tr(lang, Key::Attributes(TableKey::Exported)),
                path.display()
            )),
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// The summary's colours for the map and its legend rows, while the table shows a
    /// current summary with “show on the map” ticked.
    pub(super) fn zone_fill(&self) -> Option<ZoneColours> {
        let table = self.attribute_table.as_ref()?;
        let shown = table.window.summary.as_ref().filter(|s| !s.stale)?;
        if !table.window.show_on_map {
            return None;
        }
        let summary = &shown.summary;
        let values: Vec<f64> = summary.rows.iter().filter_map(|r| r.value).collect();
        use crate::model::summary::Statistic;
        let counts = matches!(summary.statistic, Statistic::Count);
        let from_zero = !matches!(summary.statistic, Statistic::Mean(_));
        let classes = Classes::for_values(&values, counts, from_zero);
        let colours = summary
            .rows
            .iter()
            .map(|r| (r.zone_id.clone(), egui::Color32::from(classes.colour_of(r.value))))
            .collect();
        let number = crate::plan::series::format_number;
        let mut rows: Vec<(egui::Color32, String)> = classes
            .ranges()
            .into_iter()
            .enumerate()
            .map(|(k, (from, to))| {
                let text = if from == to {
                    number(from)
                } else {
                    format!("{} – {}", number(from), number(to))
                };
                (egui::Color32::from(classes.colour_of_class(k)), text)
            })
            .collect();
        if summary.rows.iter().any(|r| r.value.is_none()) {
            rows.push((
                egui::Color32::from(classes.colour_of(None)),
                tr(self.state.lang, Key::Attributes(TableKey::LegendNoValue)).to_string(),
            ));
        }
        let title = format!("{} · {}", table.window.name, shown.sheet.name);
        Some((
            crate::map::ZoneFill {
                set: summary.set,
                colours,
            },
            title,
            rows,
        ))
    }

    /// Official boundaries came or went: a division summary no longer matches the map.
    pub(super) fn boundaries_changed_for_table(&mut self) {
        if let Some(s) = self
            .attribute_table
            .as_mut()
            .and_then(|t| t.window.summary.as_mut())
            .filter(|s| s.summary.set == ZoneSet::Divisions)
        {
            s.stale = true;
        }
    }
}

/// The zones' names in `lang`, in the zones' order.
fn zone_names(basemap: &crate::basemap::Basemap, set: ZoneSet, lang: Lang) -> Vec<String> {
    zones(basemap, set)
        .iter()
        .map(|z| match lang {
            Lang::Zh => z.name_zh.to_string(),
            Lang::En => z.name_en.to_string(),
        })
        .collect()
}

/// The features of `subject` in `project`: a layer's borrowed, the annotations as
/// exported (a few, built when asked).
pub(super) fn features_of<'a>(project: &'a crate::model::Project, subject: &TableSubject) -> Cow<'a, [UserFeature]> {
    match subject {
        TableSubject::UserLayer(i) => project
            .user_layers
            .get(*i)
            .map_or(Cow::Borrowed(&[][..]), |l| Cow::Borrowed(&l.layer.features[..])),
        TableSubject::Annotations => Cow::Owned(
            crate::model::export::annotation_features(&project.annotations, None)
                .into_iter()
                .map(|f| UserFeature {
                    id: f.id,
                    geometry: f
                        .geometry
                        .unwrap_or(geo::Geometry::GeometryCollection(geo::GeometryCollection(Vec::new()))),
                    properties: f.properties,
                })
                .collect(),
        ),
    }
}

impl AtlasApp {
    /// The attribute table window, while it is open.
    pub fn attribute_table(&self) -> Option<&AttributeTableWindow> {
        self.attribute_table.as_ref().map(|t| &t.window)
    }

    /// The summary's colours on the map, while the table shows them.
    pub fn choropleth(&self) -> Option<crate::map::ZoneFill> {
        self.zone_fill().map(|(fill, _, _)| fill)
    }
}
