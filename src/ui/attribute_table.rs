//! The attribute table window (issue 18, point 9): an imported layer's features, or the
//! annotations, as rows — sorted by a click on a column, filtered by text, drawn as
//! virtual rows so 100 000 features scroll smoothly — and the 按区县/功能区统计 tab.
//!
//! The window is a form the user edits in place (the filter, the sort, the summary's
//! choices); what it asks of the atlas — select a feature, zoom to it, compute the
//! summary, export it, close — comes back as [`TableAction`]s. The rows the filter keeps
//! are worked out by the app ([`AttributeTableWindow::refresh`]) only when the query or
//! the data changed, never per frame.

use egui::{Context, RichText, Sense, TextEdit, Ui};
use egui_extras::{Column, TableBuilder};

use crate::action::{Action, TableAction, TableSubject};
use crate::i18n::{Key, Lang, TableKey, tr};
use crate::model::attributes::{SortKey, TableQuery, columns, format_value, numeric_columns, row_texts, table_rows};
use crate::model::report::{Cell, Sheet, Table};
use crate::model::summary::{Statistic, Summary, ZoneSet};
use crate::model::{PropValue, UserFeature};

/// The window's two tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TableTab {
    #[default]
    Attributes,
    Summary,
}

/// What the summary computes, as chosen in the form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatisticKind {
    #[default]
    Count,
    Sum,
    Mean,
}

/// The summary tab's choices.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SummaryForm {
    pub set: ZoneSet,
    pub kind: StatisticKind,
    /// The numeric property summed or averaged.
    pub property: String,
}

impl SummaryForm {
    /// The statistic the form asks for (`None`: a sum or mean without a property).
    pub fn statistic(&self) -> Option<Statistic> {
        match self.kind {
            StatisticKind::Count => Some(Statistic::Count),
            _ if self.property.is_empty() => None,
            StatisticKind::Sum => Some(Statistic::Sum(self.property.clone())),
            StatisticKind::Mean => Some(Statistic::Mean(self.property.clone())),
        }
    }
}

/// A computed summary with its table (what the tab shows and the export writes) and
/// whether the data changed since.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownSummary {
    pub summary: Summary,
    pub sheet: Sheet,
    /// The language `sheet` is written in (it is written again when the user switches).
    pub lang: Lang,
    pub stale: bool,
}

/// The attribute table window's state.
#[derive(Clone, Debug)]
pub struct AttributeTableWindow {
    pub subject: TableSubject,
    /// The window's title: the layer's name, or 标注.
    pub name: String,
    pub query: TableQuery,
    pub tab: TableTab,
    pub form: SummaryForm,
    /// Colour the zones on the map by the summary.
    pub show_on_map: bool,
    pub summary: Option<ShownSummary>,
    /// Worked out by [`AttributeTableWindow::refresh`].
    columns: Vec<String>,
    numeric: Vec<String>,
    has_ids: bool,
    /// Each row's searchable text ([`row_texts`]), worked out when the data changes.
    texts: Vec<String>,
    rows: Vec<usize>,
    /// The query and data revision `rows` were worked out for.
    prepared_for: Option<(TableQuery, u64)>,
}

impl AttributeTableWindow {
    pub fn new(subject: TableSubject, name: String) -> AttributeTableWindow {
        AttributeTableWindow {
            subject,
            name,
            query: TableQuery::default(),
            tab: TableTab::Attributes,
            form: SummaryForm::default(),
            show_on_map: true,
            summary: None,
            columns: Vec::new(),
            numeric: Vec::new(),
            has_ids: false,
            texts: Vec::new(),
            rows: Vec::new(),
            prepared_for: None,
        }
    }

    /// Works out the columns and the rows the query keeps, when the query or the data
    /// (`revision`: changes whenever `features` may have) changed since the last time.
    pub fn refresh(&mut self, features: &[UserFeature], revision: u64) {
        let key = (self.query.clone(), revision);
        if self.prepared_for.as_ref() == Some(&key) {
            return;
        }
        if self.prepared_for.as_ref().is_none_or(|(_, r)| *r != revision) {
            self.columns = columns(features);
            self.numeric = numeric_columns(features);
            self.has_ids = features.iter().any(|f| f.id.is_some());
            self.texts = row_texts(features);
            if let Some(s) = self.summary.as_mut() {
                s.stale = self.prepared_for.is_some();
            }
        }
        self.rows = table_rows(features, &self.texts, &self.query);
        self.prepared_for = Some(key);
    }

    /// The feature indices shown, in order.
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    /// The property columns shown (after 序号 and id).
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
}

/// Height of a table row, in points.
const ROW_HEIGHT: f32 = 20.0;

/// The window while it is open; `selected` is the selected feature's index.
pub fn attribute_table_ui(
    ctx: &Context,
    lang: Lang,
    window: &mut AttributeTableWindow,
    features: &[UserFeature],
    selected: Option<usize>,
) -> Option<Action> {
    let t = |k: TableKey| tr(lang, Key::Attributes(k));
    let mut action = None;
    let mut open = true;
    let screen = ctx.content_rect();
    egui::Window::new(format!("{} — {}", t(TableKey::Title), window.name))
        .id(egui::Id::unique("attribute-table"))
        .open(&mut open)
        .default_size([(screen.width() * 0.55).min(900.0), (screen.height() * 0.4).min(420.0)])
        // Low on the screen (above the status bar): the map's centre, where a zoomed-to
        // feature lands, stays clear.
        .default_pos(screen.left_bottom() + egui::vec2(40.0, -150.0 - (screen.height() * 0.4).min(420.0)))
        .resizable(true)
        .collapsible(true)
        .show(ctx, |ui| {
            ui.set_min_size(egui::vec2(560.0, 240.0));
            ui.horizontal(|ui| {
                ui.selectable_value(&mut window.tab, TableTab::Attributes, t(TableKey::AttributesTab));
                ui.selectable_value(&mut window.tab, TableTab::Summary, t(TableKey::SummaryTab));
            });
            ui.separator();
            action = match window.tab {
                TableTab::Attributes => attributes_ui(ui, lang, window, features, selected),
                TableTab::Summary => summary_ui(ui, lang, window),
            };
        });
    if !open {
        action = Some(Action::Table(TableAction::Close));
    }
    action
}

/// The filter, the row count and the virtual table.
fn attributes_ui(
    ui: &mut Ui,
    lang: Lang,
    window: &mut AttributeTableWindow,
    features: &[UserFeature],
    selected: Option<usize>,
) -> Option<Action> {
    let t = |k: TableKey| tr(lang, Key::Attributes(k));
    let mut action = None;
    ui.horizontal(|ui| {
        let label = ui.label(t(TableKey::Filter));
        ui.add(
            TextEdit::singleline(&mut window.query.filter)
                .hint_text(t(TableKey::FilterHint))
                .desired_width(220.0),
        )
        .labelled_by(label.id);
        ui.label(format!(
            "{} / {} {}",
            window.rows.len(),
            features.len(),
            t(TableKey::RowsShown)
        ));
        let can_zoom = selected.is_some_and(|s| features.get(s).is_some());
        if ui
            .add_enabled(can_zoom, egui::Button::new(t(TableKey::ZoomToSelected)))
            .clicked()
            && let Some(s) = selected
        {
            action = Some(Action::Table(TableAction::ZoomTo(s)));
        }
    });
    ui.label(RichText::new(t(TableKey::RowHint)).small().weak());
    if window.columns.is_empty() && !window.has_ids {
        ui.label(RichText::new(t(TableKey::NoColumns)).weak());
    }
    let mut sort_clicked = None;
    let mut header_names: Vec<(Option<String>, String)> = vec![(None, t(TableKey::Number).to_string())];
    if window.has_ids {
        header_names.push((None, t(TableKey::Id).to_string()));
    }
    let annotations = window.subject == TableSubject::Annotations;
    header_names.extend(
        window
            .columns
            .iter()
            .map(|c| (Some(c.clone()), column_heading(lang, annotations, c))),
    );
    if ui.is_sizing_pass() {
        // The window's first, measuring frame has no width to give: the table would
        // keep the narrowest widths for good.
        return action;
    }
    egui::ScrollArea::horizontal().show(ui, |ui| {
        // A click on a row selects its feature rather than starting a text selection.
        ui.style_mut().interaction.selectable_labels = false;
        let mut table = TableBuilder::new(ui)
            .id_salt(("attribute-table", format!("{:?}", window.subject)))
            .striped(true)
            .sense(Sense::click())
            .resizable(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(56.0).at_least(40.0).clip(true));
        if window.has_ids {
            table = table.column(Column::initial(80.0).at_least(40.0).clip(true));
        }
        for c in &window.columns {
            // Room for the heading and its sort arrow.
            let width = (c.chars().count() as f32 * 15.0 + 34.0).max(100.0);
            table = table.column(Column::initial(width).at_least(48.0).clip(true));
        }
        table
            .header(ROW_HEIGHT + 4.0, |mut header| {
                for (column, name) in &header_names {
                    header.col(|ui| {
                        let arrow = match (&window.query.sort, column) {
                            (Some(s), Some(c)) if &s.column == c => {
                                if s.descending {
                                    " ▼"
                                } else {
                                    " ▲"
                                }
                            }
                            _ => "",
                        };
                        let text = RichText::new(format!("{name}{arrow}")).strong();
                        match column {
                            Some(c) => {
                                if ui
                                    .add(egui::Button::new(text).frame(false))
                                    .on_hover_text(t(TableKey::SortHint))
                                    .clicked()
                                {
                                    sort_clicked = Some(c.clone());
                                }
                            }
                            None => {
                                ui.label(text);
                            }
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, window.rows.len(), |mut row| {
                    let index = window.rows[row.index()];
                    let Some(feature) = features.get(index) else { return };
                    row.set_selected(selected == Some(index));
                    row.col(|ui| {
                        ui.label((index + 1).to_string());
                    });
                    if window.has_ids {
                        row.col(|ui| {
                            ui.label(feature.id.as_ref().and_then(format_value).unwrap_or_default());
                        });
                    }
                    for c in &window.columns {
                        row.col(|ui| {
                            let text = cell_text(lang, annotations, c, feature.properties.get(c));
                            ui.add(egui::Label::new(text).truncate());
                        });
                    }
                    let response = row.response();
                    if response.double_clicked() {
                        action = Some(Action::Table(TableAction::ZoomTo(index)));
                    } else if response.clicked() {
                        action = Some(Action::Table(TableAction::Select(index)));
                    }
                });
            });
    });
    if let Some(column) = sort_clicked {
        window.query.sort = Some(match &window.query.sort {
            Some(s) if s.column == column => SortKey {
                column,
                descending: !s.descending,
            },
            _ => SortKey {
                column,
                descending: false,
            },
        });
    }
    action
}

/// A column's heading: the property's name, or for the annotations' own properties
/// (written for GIS programs as `atlas:kind`, `title`…) their name in `lang`.
fn column_heading(lang: Lang, annotations: bool, column: &str) -> String {
    let key = match column {
        "atlas:kind" => TableKey::ColumnKind,
        "title" => TableKey::ColumnTitle,
        "description" => TableKey::ColumnDescription,
        "plan:refs" => TableKey::ColumnPlanRefs,
        "atlas:features" => TableKey::ColumnFeatures,
        _ => return column.to_string(),
    };
    if annotations {
        tr(lang, Key::Attributes(key)).to_string()
    } else {
        column.to_string()
    }
}

/// A cell's text: the value as written, an annotation's kind in `lang`.
fn cell_text(lang: Lang, annotations: bool, column: &str, value: Option<&PropValue>) -> String {
    if annotations
        && column == "atlas:kind"
        && let Some(kind) = value
            .and_then(PropValue::as_str)
            .and_then(crate::model::AnnotationKind::parse)
    {
        return crate::ui::annotation_editor::kind_name(lang, kind).to_string();
    }
    value.and_then(format_value).unwrap_or_default()
}

/// The summary tab: the form, notes and buttons on the left, the table on the right
/// (so a table of ten districts fits a low window).
fn summary_ui(ui: &mut Ui, lang: Lang, window: &mut AttributeTableWindow) -> Option<Action> {
    let mut action = None;
    let height = ui.available_height();
    ui.horizontal_top(|ui| {
        ui.allocate_ui_with_layout(
            egui::vec2(300.0, height),
            egui::Layout::top_down(egui::Align::Min),
            |ui| {
                ui.set_width(300.0);
                action = summary_form_ui(ui, lang, window);
            },
        );
        ui.separator();
        if let Some(shown) = &window.summary {
            egui::ScrollArea::both().id_salt("summary-table-scroll").show(ui, |ui| {
                sheet_grid_ui(ui, &shown.sheet);
            });
        }
    });
    action
}

/// The summary's choices, what the figures mean, and what can be done with them.
fn summary_form_ui(ui: &mut Ui, lang: Lang, window: &mut AttributeTableWindow) -> Option<Action> {
    let t = |k: TableKey| tr(lang, Key::Attributes(k));
    let mut action = None;
    ui.label(RichText::new(t(TableKey::ZonesBy)).strong());
    ui.horizontal(|ui| {
        ui.radio_value(&mut window.form.set, ZoneSet::Divisions, t(TableKey::Divisions));
        ui.radio_value(
            &mut window.form.set,
            ZoneSet::FunctionalAreas,
            t(TableKey::FunctionalAreas),
        );
    });
    ui.label(RichText::new(t(TableKey::Statistic)).strong());
    let numeric = !window.numeric.is_empty();
    ui.horizontal(|ui| {
        ui.radio_value(&mut window.form.kind, StatisticKind::Count, t(TableKey::Count));
        ui.add_enabled_ui(numeric, |ui| {
            ui.radio_value(&mut window.form.kind, StatisticKind::Sum, t(TableKey::Sum));
            ui.radio_value(&mut window.form.kind, StatisticKind::Mean, t(TableKey::Mean));
        });
    });
    if !numeric {
        ui.label(RichText::new(t(TableKey::NoNumericProperty)).weak());
    } else if window.form.kind != StatisticKind::Count {
        if !window.numeric.contains(&window.form.property) {
            window.form.property = window.numeric.first().cloned().unwrap_or_default();
        }
        ui.horizontal(|ui| {
            ui.label(t(TableKey::Property));
            egui::ComboBox::from_id_salt("summary-property")
                .selected_text(window.form.property.as_str())
                .show_ui(ui, |ui| {
                    for p in &window.numeric {
                        ui.selectable_value(&mut window.form.property, p.clone(), p.as_str());
                    }
                });
        });
    }
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                window.form.statistic().is_some(),
                egui::Button::new(t(TableKey::Compute)),
            )
            .clicked()
        {
            action = Some(Action::Table(TableAction::Summarise));
        }
        if let Some(s) = &window.summary
            && s.stale
        {
            ui.label(RichText::new(t(TableKey::Stale)).color(ui.visuals().warn_fg_color));
        }
    });
    ui.add_space(4.0);
    if let Some(shown) = &window.summary {
        ui.checkbox(&mut window.show_on_map, t(TableKey::ShowOnMap));
        ui.horizontal(|ui| {
            if ui.button(t(TableKey::ExportCsv)).clicked() {
                action = Some(Action::Table(TableAction::ExportSummary { xlsx: false }));
            }
            if ui.button(t(TableKey::ExportXlsx)).clicked() {
                action = Some(Action::Table(TableAction::ExportSummary { xlsx: true }));
            }
        });
        if shown.summary.schematic && shown.summary.set == ZoneSet::Divisions {
            ui.label(
                RichText::new(t(TableKey::SchematicNote))
                    .small()
                    .color(ui.visuals().warn_fg_color),
            );
        }
    }
    ui.label(RichText::new(t(TableKey::CountingRule)).small().weak());
    action
}

/// A sheet as a grid: bold headers, numbers right-aligned.
fn sheet_grid_ui(ui: &mut Ui, sheet: &Sheet) {
    egui::Grid::new("summary-table")
        .striped(true)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            for h in &sheet.table.headers {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for row in &sheet.table.rows {
                for cell in row {
                    match cell {
                        Cell::Text(s) => {
                            ui.label(s);
                        }
                        Cell::Number { text, .. } | Cell::Percent { text, .. } => {
                            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                ui.label(text);
                            });
                        }
                    }
                }
                ui.end_row();
            }
        });
}

/// The summary as a table: one row per zone (its name in `lang`), then the features in
/// no zone, without a position, and all of them. What the tab shows and the CSV and
/// workbook hold.
pub fn summary_sheet(lang: Lang, summary: &Summary, zone_names: &[String]) -> Sheet {
    let t = |k: TableKey| tr(lang, Key::Attributes(k));
    let zone_heading = match summary.set {
        ZoneSet::Divisions => t(TableKey::Divisions),
        ZoneSet::FunctionalAreas => t(TableKey::FunctionalAreas),
    };
    let schematic = if summary.schematic {
        t(TableKey::SchematicBoundaries)
    } else {
        ""
    };
    let mut headers = vec![
        format!("{zone_heading}{schematic}"),
        t(TableKey::FeatureCount).to_string(),
    ];
    let value_heading = match &summary.statistic {
        Statistic::Count => None,
        Statistic::Sum(p) => Some(format!("{p} · {}", t(TableKey::Sum))),
        Statistic::Mean(p) => Some(format!("{p} · {}", t(TableKey::Mean))),
    };
    if let Some(h) = &value_heading {
        headers.push(t(TableKey::WithValue).to_string());
        headers.push(h.clone());
    }
    let mut rows = Vec::new();
    for (k, figures) in summary.rows.iter().enumerate() {
        let mut row = vec![
            Cell::text(zone_names.get(k).cloned().unwrap_or_else(|| figures.zone_id.clone())),
            Cell::number(figures.count as f64),
        ];
        if value_heading.is_some() {
            row.push(Cell::number(figures.with_value as f64));
            row.push(figures.value.map_or_else(|| Cell::text(""), Cell::number));
        }
        rows.push(row);
    }
    let extra = |label: TableKey, n: usize| {
        let mut row = vec![Cell::text(t(label)), Cell::number(n as f64)];
        if value_heading.is_some() {
            row.push(Cell::text(""));
            row.push(Cell::text(""));
        }
        row
    };
    rows.push(extra(TableKey::Outside, summary.outside));
    if summary.without_position > 0 {
        rows.push(extra(TableKey::WithoutPosition, summary.without_position));
    }
    rows.push(extra(TableKey::Total, summary.total));
    let statistic = match summary.statistic {
        Statistic::Count => t(TableKey::Count),
        Statistic::Sum(_) => t(TableKey::Sum),
        Statistic::Mean(_) => t(TableKey::Mean),
    };
    let widths = headers.iter().map(|h| (h.chars().count() as f64).max(8.0)).collect();
    Sheet {
        // Sheet names allow no `/`; English words need a space.
        name: match lang {
            Lang::Zh => format!("{zone_heading}{statistic}"),
            Lang::En => format!("{zone_heading} – {statistic}"),
        },
        table: Table { headers, rows, widths },
    }
}

/// The zone colours' legend plate on the map: the summary's title and one swatch per
/// class, in the map's bottom right corner. Returns the rect it covers (labels keep off).
pub fn choropleth_legend_ui(
    ctx: &Context,
    map_rect: egui::Rect,
    title: &str,
    rows: &[(egui::Color32, String)],
) -> egui::Rect {
    egui::Area::new(egui::Id::unique("choropleth-legend"))
        // On the map, under any window.
        .order(egui::Order::Background)
        // Bottom right, above the disclaimer and the attribution (the table window
        // opens at the bottom left).
        .fixed_pos(map_rect.right_bottom() + egui::vec2(-10.0, -64.0))
        .pivot(egui::Align2::RIGHT_BOTTOM)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(title).strong());
                for (colour, text) in rows {
                    ui.horizontal(|ui| {
                        let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 12.0), Sense::hover());
                        ui.painter().rect_filled(rect, 1.0, *colour);
                        ui.painter().rect_stroke(
                            rect,
                            1.0,
                            egui::Stroke::new(1.0, egui::Color32::from_gray(120)),
                            egui::StrokeKind::Inside,
                        );
                        ui.label(text);
                    });
                }
            });
        })
        .response
        .rect
}
