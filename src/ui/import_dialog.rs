//! The import dialog: what a file holds before anything is imported (issue 13). Shown for
//! every format but GeoJSON (文件 → 导入数据…, drag and drop, `--import`) and for official
//! boundaries in those formats: the file and its format; each layer with a tick box, its
//! feature count and geometry type; the coordinate system the import will use and how it
//! is known (declared, fixed by the format, guessed — to confirm — or unknown — to
//! choose), and where the first feature lands; the encoding and how it was decided; the
//! sheet and position columns of a table; and the first rows of attributes as they will
//! appear. Changing the system, the encoding, the sheet or the columns asks for the file
//! to be read again ([`DocAction::ReprobeImport`]); the old probe stays shown, greyed,
//! meanwhile. 导入 asks for the ticked layers ([`DocAction::ReadImport`]).

use crate::model::PropValue;
use egui::{Color32, ComboBox, Context, Grid, RichText, ScrollArea, Ui};

use crate::action::import_values::{Columns, CrsSource, EncodingSource, Probe, ProbedLayer, ReadOptions, TextEncoding};
use crate::action::{Action, DocAction, ImportPurpose};
use crate::crs::Crs;
use crate::i18n::{ImportKey as K, Key, Lang, tr};

/// How many rows of attributes the preview shows.
pub const PREVIEW_ROWS: usize = 8;

/// The dialog's form: the probe shown, the options it was read with, and the ticks.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportDialog {
    pub purpose: ImportPurpose,
    pub probe: Probe,
    /// The options `probe` was read with (every layer: `layers` is `None`).
    pub options: ReadOptions,
    /// One tick per layer of `probe`.
    pub ticked: Vec<bool>,
    /// The file is being read again with new choices: the probe shown is the old one.
    pub reprobing: bool,
}

impl ImportDialog {
    /// A dialog showing `probe` (read with `options`), every layer ticked.
    pub fn new(purpose: ImportPurpose, probe: Probe, options: ReadOptions) -> ImportDialog {
        let ticked = vec![true; probe.layers.len()];
        ImportDialog {
            purpose,
            probe,
            options,
            ticked,
            reprobing: false,
        }
    }

    /// Shows a new probe of the same file; the ticks stay while the layers are the same.
    pub fn reprobed(&mut self, probe: Probe, options: ReadOptions) {
        if probe.layers.len() != self.ticked.len() {
            self.ticked = vec![true; probe.layers.len()];
        }
        self.probe = probe;
        self.options = options;
        self.reprobing = false;
    }

    /// The ticked layers, with their indices.
    pub fn ticked_layers(&self) -> impl Iterator<Item = (usize, &ProbedLayer)> {
        self.probe
            .layers
            .iter()
            .enumerate()
            .filter(|(i, _)| self.ticked.get(*i).copied().unwrap_or(false))
    }

    /// Whether 导入 can go: at least one layer ticked, and each ticked layer's system
    /// decided and able to place it (a guess shown counts as confirmed by pressing 导入).
    pub fn can_import(&self) -> bool {
        let mut ticked = self.ticked_layers().peekable();
        ticked.peek().is_some() && ticked.all(|(_, l)| l.placeable())
    }

    /// The options of the import: the ticked layers, and the system the user chose or,
    /// when the file left it to a guess, the guess shown (pressing 导入 confirms it; a
    /// file whose layers were guessed differently takes the first ticked layer's guess).
    pub fn read_options(&self) -> ReadOptions {
        let layers: Vec<usize> = self.ticked_layers().map(|(i, _)| i).collect();
        let guessed = self
            .ticked_layers()
            .find(|(_, l)| matches!(l.crs_source, CrsSource::Guessed(_)))
            .and_then(|(_, l)| l.crs);
        ReadOptions {
            layers: Some(layers),
            crs: self.options.crs.or(guessed),
            ..self.options.clone()
        }
    }

    /// The options of a new probe: these, for every layer.
    fn reprobe(&self, change: impl FnOnce(&mut ReadOptions)) -> Option<Action> {
        let mut options = ReadOptions {
            layers: None,
            ..self.options.clone()
        };
        change(&mut options);
        Some(Action::Document(DocAction::ReprobeImport(options)))
    }

    /// The layer whose system, encoding and preview are detailed: the first ticked one,
    /// else the first.
    fn focus(&self) -> Option<&ProbedLayer> {
        self.ticked_layers()
            .map(|(_, l)| l)
            .next()
            .or(self.probe.layers.first())
    }
}

/// The dialog, modal over the window. The ticks change `dialog` in place; everything
/// else comes back as an action: [`DocAction::ReprobeImport`], [`DocAction::ReadImport`]
/// or [`DocAction::CloseImportDialog`].
pub fn import_dialog_ui(ctx: &Context, lang: Lang, dialog: &mut ImportDialog) -> Option<Action> {
    let mut action = None;
    let title = match dialog.purpose {
        ImportPurpose::Layers => tr(lang, Key::Import(K::DialogTitle)),
        ImportPurpose::OfficialBoundaries => tr(lang, Key::Import(K::BoundariesTitle)),
    };
    // Sized for 1366×768: the body scrolls within what the window leaves.
    let screen = ctx.content_rect();
    let width = (screen.width() - 80.0).clamp(420.0, 780.0);
    let body_height = (screen.height() - 200.0).max(240.0);
    egui::Modal::new(egui::Id::unique("import-dialog")).show(ctx, |ui| {
        ui.set_width(width);
        ui.heading(title);
        ui.separator();
        ScrollArea::vertical()
            .max_height(body_height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                let enabled = !dialog.reprobing;
                ui.add_enabled_ui(enabled, |ui| {
                    if let Some(a) = body_ui(ui, lang, dialog) {
                        action = Some(a);
                    }
                });
            });
        ui.separator();
        if dialog.reprobing {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr(lang, Key::Import(K::Reprobing)));
            });
        }
        ui.horizontal(|ui| {
            let ready = dialog.can_import() && !dialog.reprobing;
            let go = match dialog.purpose {
                ImportPurpose::Layers => K::ImportButton,
                ImportPurpose::OfficialBoundaries => K::LoadButton,
            };
            if ui
                .add_enabled(ready, egui::Button::new(tr(lang, Key::Import(go))))
                .clicked()
            {
                action = Some(Action::Document(DocAction::ReadImport(dialog.read_options())));
            }
            if ui.button(tr(lang, Key::CancelButton)).clicked() {
                action = Some(Action::Document(DocAction::CloseImportDialog));
            }
            if dialog.ticked_layers().next().is_none() {
                ui.label(RichText::new(tr(lang, Key::Import(K::NeedLayer))).color(ui.visuals().warn_fg_color));
            } else if !dialog.can_import() {
                let hint = if dialog.ticked_layers().any(|(_, l)| l.refused()) {
                    K::UntickRefused
                } else {
                    K::NeedCrs
                };
                ui.label(RichText::new(tr(lang, Key::Import(hint))).color(ui.visuals().error_fg_color));
            }
        });
    });
    action
}

/// Everything above the buttons.
fn body_ui(ui: &mut Ui, lang: Lang, dialog: &mut ImportDialog) -> Option<Action> {
    let mut action = None;
    let t = |k: K| tr(lang, Key::Import(k));
    Grid::new("import-file").num_columns(2).show(ui, |ui| {
        ui.label(t(K::File));
        ui.label(dialog.probe.file.display().to_string());
        ui.end_row();
        ui.label(t(K::Format));
        ui.label(dialog.probe.format.name());
        ui.end_row();
    });
    ui.add_space(6.0);
    ui.strong(t(K::Layers));
    layers_ui(ui, lang, dialog);
    ui.add_space(6.0);
    if let Some(a) = crs_ui(ui, lang, dialog) {
        action = Some(a);
    }
    if let Some(a) = encoding_ui(ui, lang, dialog) {
        action = Some(a);
    }
    if let Some(a) = table_ui(ui, lang, dialog) {
        action = Some(a);
    }
    ui.add_space(6.0);
    if let Some(layer) = dialog.focus() {
        ui.strong(t(K::Preview));
        preview_ui(ui, lang, layer);
    }
    action
}

/// One row per layer: tick, name, feature count, geometry type, system.
fn layers_ui(ui: &mut Ui, lang: Lang, dialog: &mut ImportDialog) {
    let t = |k: K| tr(lang, Key::Import(k));
    Grid::new("import-layers").striped(true).num_columns(4).show(ui, |ui| {
        ui.label(RichText::new(t(K::LayerName)).weak());
        ui.label(RichText::new(t(K::FeatureCount)).weak());
        ui.label(RichText::new(t(K::Geometry)).weak());
        ui.label(RichText::new(t(K::Crs)).weak());
        ui.end_row();
        for (layer, ticked) in dialog.probe.layers.iter().zip(dialog.ticked.iter_mut()) {
            ui.checkbox(ticked, &layer.info.name);
            ui.label(layer.info.feature_count.to_string());
            ui.label(&layer.info.geometry_type);
            match &layer.crs {
                Some(crs) => ui.label(crs.name()),
                None => ui.label(RichText::new(t(K::CrsUndecided)).color(ui.visuals().error_fg_color)),
            };
            ui.end_row();
        }
    });
}

/// The system: the choice, how it is known, a refused declaration, where the first
/// feature lands.
fn crs_ui(ui: &mut Ui, lang: Lang, dialog: &ImportDialog) -> Option<Action> {
    let t = |k: K| tr(lang, Key::Import(k));
    let layer = dialog.focus()?;
    let mut action = None;
    let current = dialog.options.crs.or(layer.crs);
    let mut choices = Crs::choices();
    if let Some(c) = layer.crs
        && !choices.contains(&c)
    {
        choices.insert(0, c);
    }
    ui.horizontal(|ui| {
        let label = ui.strong(t(K::Crs)).id;
        let shown = current.map_or_else(|| t(K::CrsUndecided).to_string(), |c| c.name());
        // A layer on an old datum cannot be imported under any system.
        ui.add_enabled_ui(!layer.refused(), |ui| {
            ComboBox::from_id_salt("import-crs")
                .selected_text(shown)
                .width(420.0)
                .show_ui(ui, |ui| {
                    for crs in choices {
                        if ui.selectable_label(current == Some(crs), crs.name()).clicked() && current != Some(crs) {
                            action = dialog.reprobe(|o| o.crs = Some(crs));
                        }
                    }
                })
                .response
                .labelled_by(label);
        });
    });
    let error = ui.visuals().error_fg_color;
    let warn = ui.visuals().warn_fg_color;
    match &layer.crs_source {
        CrsSource::Chosen => {
            ui.label(t(K::CrsChosen));
        }
        CrsSource::Declared(where_) => {
            ui.label(crate::i18n::bracketed(
                lang,
                t(K::CrsDeclared),
                &crate::i18n::import::declared_where(lang, where_),
            ));
        }
        CrsSource::Format => {
            ui.label(t(K::CrsFormat));
        }
        CrsSource::Guessed(why) => {
            ui.label(crate::i18n::labelled(lang, t(K::CrsGuessed), why.text(lang)));
            ui.label(
                RichText::new(t(K::CrsConfirm))
                    .strong()
                    .color(warn)
                    .background_color(Color32::from_rgb(0xff, 0xf3, 0xc4)),
            );
        }
        // The problem below says why (e.g. an old datum): not “the file says nothing”.
        CrsSource::Unknown if layer.crs_problem.is_some() => {}
        CrsSource::Unknown => {
            ui.label(RichText::new(t(K::CrsUnknown)).color(error));
        }
    }
    if layer.refused() {
        let name = match &layer.info.declared_crs {
            Some(Err(crate::crs::CrsError::OldDatum { name, .. })) => name.as_str(),
            _ => "",
        };
        ui.label(RichText::new(crate::i18n::labelled(lang, t(K::OldDatum), name)).color(error));
    } else if let Some(problem) = &layer.crs_problem {
        ui.label(RichText::new(problem).color(error));
    }
    for (_, l) in dialog.ticked_layers() {
        if l.crs.is_some() && !l.placeable() {
            ui.label(RichText::new(format!("{} · {}", l.info.name, t(K::CannotPlace))).color(error));
        }
        if let Some([lon, lat]) = l.first_lon_lat {
            let (x0, y0, x1, y1) = crate::basemap::DATA_BOX_LON_LAT;
            let inside = (x0..=x1).contains(&lon) && (y0..=y1).contains(&lat);
            let place = format!(
                "{lon:.5}, {lat:.5} — {}",
                t(if inside { K::InDalian } else { K::OutsideDalian })
            );
            let text = format!(
                "{} · {}",
                l.info.name,
                crate::i18n::labelled(lang, t(K::FirstLands), &place)
            );
            ui.label(if inside {
                RichText::new(text)
            } else {
                RichText::new(text).color(warn)
            });
        }
    }
    action
}

/// The encoding of the attributes, when the format has one to choose.
fn encoding_ui(ui: &mut Ui, lang: Lang, dialog: &ImportDialog) -> Option<Action> {
    let t = |k: K| tr(lang, Key::Import(k));
    let (encoding, source) = dialog.focus()?.info.encoding?;
    let mut action = None;
    ui.horizontal(|ui| {
        let label = ui.strong(t(K::Encoding)).id;
        ComboBox::from_id_salt("import-encoding")
            .selected_text(encoding.name())
            .show_ui(ui, |ui| {
                for e in TextEncoding::ALL {
                    if ui.selectable_label(e == encoding, e.name()).clicked() && e != encoding {
                        action = dialog.reprobe(|o| o.encoding = Some(e));
                    }
                }
            })
            .response
            .labelled_by(label);
        ui.label(t(match source {
            EncodingSource::Declared => K::EncodingDeclared,
            EncodingSource::Detected => K::EncodingDetected,
            EncodingSource::Chosen => K::EncodingChosen,
        }));
    });
    action
}

/// The sheet and the position columns of a table.
fn table_ui(ui: &mut Ui, lang: Lang, dialog: &ImportDialog) -> Option<Action> {
    let t = |k: K| tr(lang, Key::Import(k));
    let mut action = None;
    if !dialog.probe.sheets.is_empty() {
        let current = dialog
            .options
            .sheet
            .clone()
            .or_else(|| dialog.focus().map(|l| l.info.name.clone()))
            .unwrap_or_default();
        ui.horizontal(|ui| {
            let label = ui.strong(t(K::Sheet)).id;
            ComboBox::from_id_salt("import-sheet")
                .selected_text(&current)
                .show_ui(ui, |ui| {
                    for sheet in &dialog.probe.sheets {
                        if ui.selectable_label(sheet == &current, sheet).clicked() && sheet != &current {
                            let sheet = sheet.clone();
                            action = dialog.reprobe(|o| {
                                o.sheet = Some(sheet);
                                o.columns = None;
                            });
                        }
                    }
                })
                .response
                .labelled_by(label);
        });
    }
    let Some((headers, columns)) = dialog.focus().and_then(|l| l.info.table.clone()) else {
        return action;
    };
    let (x, y, wkt) = match columns {
        Some(Columns::XY { x, y }) => (Some(x), Some(y), None),
        Some(Columns::Wkt(w)) => (None, None, Some(w)),
        None => (None, None, None),
    };
    let name = |i: Option<usize>| {
        i.and_then(|i| headers.get(i).cloned())
            .unwrap_or_else(|| t(K::NoColumn).to_string())
    };
    ui.horizontal_wrapped(|ui| {
        for (key, salt, current) in [(K::XColumn, "x", x), (K::YColumn, "y", y), (K::WktColumn, "wkt", wkt)] {
            let label = ui.strong(t(key)).id;
            ComboBox::from_id_salt(("import-column", salt))
                .selected_text(name(current))
                .show_ui(ui, |ui| {
                    for (i, header) in headers.iter().enumerate() {
                        if ui.selectable_label(current == Some(i), header).clicked() && current != Some(i) {
                            let columns = match salt {
                                "x" => Columns::XY {
                                    x: i,
                                    y: y.unwrap_or(i),
                                },
                                "y" => Columns::XY {
                                    x: x.unwrap_or(i),
                                    y: i,
                                },
                                _ => Columns::Wkt(i),
                            };
                            action = dialog.reprobe(|o| o.columns = Some(columns));
                        }
                    }
                })
                .response
                .labelled_by(label);
        }
    });
    action
}

/// The first rows of the layer's attributes, one column per property.
fn preview_ui(ui: &mut Ui, lang: Lang, layer: &ProbedLayer) {
    let mut keys: Vec<&str> = Vec::new();
    for f in layer.info.sample.iter().take(PREVIEW_ROWS) {
        for k in f.properties.keys() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    if keys.is_empty() {
        ui.label(RichText::new(tr(lang, Key::Import(K::NoAttributes))).weak());
        return;
    }
    ScrollArea::horizontal().id_salt("import-preview").show(ui, |ui| {
        Grid::new("import-preview-grid").striped(true).show(ui, |ui| {
            for k in &keys {
                ui.label(RichText::new(*k).strong());
            }
            ui.end_row();
            for f in layer.info.sample.iter().take(PREVIEW_ROWS) {
                for k in &keys {
                    let text = match f.properties.get(k) {
                        None | Some(PropValue::Null) => String::new(),
                        Some(PropValue::String(s)) => s.to_string(),
                        Some(other) => other.to_string(),
                    };
                    ui.label(text);
                }
                ui.end_row();
            }
        });
    });
}
