//! The project's part of the window: the 文件 and 编辑 menu entries, the import progress
//! bar, the imported layers in the layers tab (their styles) and the card of a selected
//! imported feature, and the two questions the project asks
//! (“save the changes?”, “restore the autosave?”). Each function returns what the user
//! asked for; the app does the file work.

use egui::{Button, ProgressBar, RichText, Slider, Ui};

use super::layers::AtlasData;
use super::shortcuts::{Command, DocCommand, menu_text};
use crate::action::{Action, DocAction, ExportScope, TableAction, TableSubject, UnsavedAnswer};
use crate::i18n::{Key, Lang, TableKey, tr};
use crate::model::simplestyle::SIMPLESTYLE_KEYS;
use crate::model::user_layer::LayerKey;
use crate::model::{ProjectLayer, Rgb, UserFeature, UserLayerStyle};
use crate::symbology::{CATEGORY_PALETTE, OTHER_COLOUR, categories_of, format_value, user_feature_tooltip};
use crate::theme::swatch::colour_swatch_ui;

/// What the project's widgets show, gathered by the app each frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocInfo {
    pub dirty: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    /// (file name, fraction done) of a running import.
    pub import: Option<(String, f32)>,
    /// The import has read its file and is preparing the layer for the map.
    pub preparing: bool,
    /// Files waiting to be imported after the running import (or the open import dialog).
    pub queued_imports: usize,
    /// Asking “save the changes?”.
    pub unsaved_prompt: bool,
    /// Asking what to do about the project file changed on disk (its path).
    pub changed_on_disk: Option<String>,
    /// Offering to restore an autosave: (when it was saved, the original file, the file
    /// open now that restoring would replace in the window).
    pub recovery: Option<(String, Option<String>, Option<String>)>,
    /// The map tool in use.
    pub tool: crate::model::Tool,
    /// The scene shown last (index into the project's scenes).
    pub current_scene: Option<usize>,
    /// How many scenes the project has.
    pub scene_count: usize,
    /// The selected annotation's ID.
    pub selected_annotation: Option<u64>,
    /// The selected feature of a user layer: (layer index, feature index).
    pub selected_user_feature: Option<(usize, usize)>,
    /// A running export of map images: (images written, images in all).
    pub image_export: Option<(usize, usize)>,
    /// A running print: (pages painted, pages in all).
    pub print_export: Option<(usize, usize)>,
}

fn doc(action: DocAction) -> Option<Action> {
    Some(Action::Document(action))
}

fn shortcut_button(ui: &mut Ui, text: &str, shortcut: &str, enabled: bool) -> bool {
    ui.add_enabled(enabled, Button::new(text).shortcut_text(shortcut))
        .clicked()
}

/// The project entries of the 文件 menu. `gpkg_srs`: the EPSG code GeoPackage exports
/// use (chosen in the export submenu).
pub fn file_menu_ui(ui: &mut Ui, lang: Lang, info: &DocInfo, gpkg_srs: u32) -> Option<Action> {
    let mut action = None;
    if shortcut_button(
        ui,
        tr(lang, Key::NewProject),
        &menu_text(Command::Doc(DocCommand::New)),
        true,
    ) {
        action = doc(DocAction::New);
    }
    if shortcut_button(
        ui,
        tr(lang, Key::OpenProject),
        &menu_text(Command::Doc(DocCommand::Open)),
        true,
    ) {
        action = doc(DocAction::Open);
    }
    if shortcut_button(
        ui,
        tr(lang, Key::SaveProject),
        &menu_text(Command::Doc(DocCommand::Save)),
        true,
    ) {
        action = doc(DocAction::Save);
    }
    if shortcut_button(
        ui,
        tr(lang, Key::SaveProjectAs),
        &menu_text(Command::Doc(DocCommand::SaveAs)),
        true,
    ) {
        action = doc(DocAction::SaveAs);
    }
    ui.separator();
    let importing = info.import.is_some();
    if ui
        .add_enabled(
            !importing,
            Button::new(tr(lang, Key::Import(crate::i18n::ImportKey::ImportData))),
        )
        .clicked()
    {
        action = doc(DocAction::ImportData);
    }
    if ui
        .add_enabled(!importing, Button::new(tr(lang, Key::ImportGeoJson)))
        .clicked()
    {
        action = doc(DocAction::Import { gcj02: false });
    }
    if ui
        .add_enabled(!importing, Button::new(tr(lang, Key::ImportGeoJsonGcj)))
        .clicked()
    {
        action = doc(DocAction::Import { gcj02: true });
    }
    ui.menu_button(tr(lang, Key::ExportMenu), |ui| {
        for (scope, key) in [
            (ExportScope::Annotations, Key::ExportAnnotations),
            (ExportScope::VisibleLayers, Key::ExportVisible),
            (ExportScope::Selection, Key::ExportSelection),
        ] {
            if ui.button(tr(lang, key)).clicked() {
                action = doc(DocAction::Export(scope));
            }
        }
        ui.separator();
        ui.label(RichText::new(tr(lang, Key::Import(crate::i18n::ImportKey::ExportFormatNote))).small());
        ui.label(tr(lang, Key::Import(crate::i18n::ImportKey::GpkgSrs)));
        for (srs, text) in [(4326, "WGS 84 (EPSG:4326)"), (4490, "CGCS2000 (EPSG:4490)")] {
            if ui.radio(gpkg_srs == srs, text).clicked() && gpkg_srs != srs {
                action = Some(Action::SetGpkgSrs(srs));
            }
        }
    });
    if ui.button(tr(lang, Key::ImageExportMenu)).clicked() {
        action = doc(DocAction::OpenImageExport(crate::action::ImageSubject::CurrentView));
    }
    if ui.button(tr(lang, Key::Print(crate::i18n::PrintKey::Menu))).clicked() {
        action = doc(DocAction::Print(crate::action::PrintAction::Open));
    }
    action
}

/// The 编辑 menu.
pub fn edit_menu_ui(ui: &mut Ui, lang: Lang, info: &DocInfo) -> Option<Action> {
    let mut action = None;
    if shortcut_button(
        ui,
        tr(lang, Key::Undo),
        &menu_text(Command::Doc(DocCommand::Undo)),
        info.can_undo,
    ) {
        action = doc(DocAction::Undo);
    }
    if shortcut_button(
        ui,
        tr(lang, Key::Redo),
        &menu_text(Command::Doc(DocCommand::Redo)),
        info.can_redo,
    ) {
        action = doc(DocAction::Redo);
    }
    action
}

/// The running import in the status bar: file, progress and a cancel button.
pub fn import_progress_ui(ui: &mut Ui, lang: Lang, info: &DocInfo) -> Option<Action> {
    let (file, fraction) = info.import.as_ref()?;
    let mut action = None;
    let doing = if info.preparing {
        Key::PreparingLayer
    } else {
        Key::Importing
    };
    ui.label(RichText::new(format!("{} {file}", tr(lang, doing))).small());
    ui.add(ProgressBar::new(*fraction).desired_width(160.0).show_percentage());
    if info.queued_imports > 0 {
        ui.label(RichText::new(crate::i18n::queued_files(lang, info.queued_imports)).small());
    }
    if ui.small_button(tr(lang, Key::CancelButton)).clicked() {
        action = doc(DocAction::CancelImport);
    }
    action
}

/// The imported layers, top first, in the layers tab: per layer a visibility checkbox
/// (name and feature count), ▲/▼ to reorder, 移除, and a collapsible 样式 section with
/// the layer colour, opacity, the label property (标注字段) and the property that colours
/// the features by category (分类着色), whose colours it shows as swatches.
///
/// The property names and the categories come from scanning every feature of the layer,
/// which is not done per frame: only while the layer's 样式 section is open, once per
/// layer (and colour property), kept in egui's memory under the layer's
/// [`LayerKey`] and computed again only when the layer at that position changes. The
/// swatches use [`categories_of`], as the map and its legend do, so they always agree.
pub fn user_layers_ui(ui: &mut Ui, lang: Lang, data: &AtlasData) -> Option<Action> {
    let layers = data.user_layers;
    if layers.is_empty() {
        return None;
    }
    let mut action = None;
    ui.label(
        RichText::new(tr(lang, Key::UserLayers))
            .strong()
            .color(super::style::ACCENT),
    );
    let n = layers.len();
    // `layers` is bottom first; the list shows the top layer first.
    for (index, layer) in layers.iter().enumerate().rev() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                let mut on = layer.visible;
                let count = layer.layer.features.len();
                let text = crate::i18n::bracketed(lang, &layer.layer.name, &crate::i18n::feature_count(lang, count));
                // The buttons first, from the right; the name gets the room left and is
                // cut short (whole on hover) rather than run under them.
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.small_button(tr(lang, Key::RemoveLayer)).clicked() {
                        action = doc(DocAction::RemoveUserLayer(index));
                    }
                    // Down the list is down the drawing order: a lower index.
                    if ui
                        .add_enabled(index > 0, Button::new("▼").small())
                        .on_hover_text(tr(lang, Key::MoveDown))
                        .clicked()
                    {
                        action = doc(DocAction::MoveUserLayer {
                            from: index,
                            to: index - 1,
                        });
                    }
                    if ui
                        .add_enabled(index + 1 < n, Button::new("▲").small())
                        .on_hover_text(tr(lang, Key::MoveUp))
                        .clicked()
                    {
                        action = doc(DocAction::MoveUserLayer {
                            from: index,
                            to: index + 1,
                        });
                    }
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                        if ui.checkbox(&mut on, text.as_str()).on_hover_text(&text).changed() {
                            action = doc(DocAction::SetUserLayerVisible(index, on));
                        }
                    });
                });
            });
            // On a row of its own: the name keeps the width of the row above.
            if ui
                .small_button(tr(lang, Key::Attributes(TableKey::Open)))
                .on_hover_text(tr(lang, Key::Attributes(TableKey::OpenHint)))
                .clicked()
            {
                action = Some(Action::Table(TableAction::Open(TableSubject::UserLayer(index))));
            }
            egui::CollapsingHeader::new(tr(lang, Key::UserLayerStyle))
                .id_salt(("user-layer-style", index))
                .show(ui, |ui| {
                    if let Some(style) = user_layer_style_ui(ui, lang, index, layer) {
                        action = doc(DocAction::SetUserLayerStyle(index, style));
                    }
                    if let Some(linked) = link_ui(ui, lang, layer) {
                        action = doc(DocAction::SetUserLayerLinked(index, linked));
                    }
                });
        });
    }
    ui.separator();
    action
}

/// Whether the layer is saved as a link to its file: a checkbox, greyed (with why) for a
/// layer that cannot be linked. Returns the new choice.
fn link_ui(ui: &mut Ui, lang: Lang, layer: &ProjectLayer) -> Option<bool> {
    use crate::i18n::LinkKey;
    let mut linked = layer.is_link();
    let file = layer
        .layer
        .source
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let hint = crate::i18n::evaluation::fill(tr(lang, Key::Links(LinkKey::LinkedHint)), &[("file", &file)]);
    let response = ui
        .add_enabled(
            layer.can_link(),
            egui::Checkbox::new(&mut linked, tr(lang, Key::Links(LinkKey::Linked))),
        )
        .on_hover_text(hint)
        .on_disabled_hover_text(tr(lang, Key::Links(LinkKey::CannotLink)));
    response.changed().then_some(linked)
}

/// What the 样式 section of one layer needs from scanning its features.
#[derive(Clone)]
struct LayerScan {
    key: LayerKey,
    /// Every property name of the layer's features, sorted, distinct.
    properties: Vec<String>,
    /// For the colour property: (property, its categories, whether some feature is 其他).
    categories: Option<(String, Vec<String>, bool)>,
}

/// The scan of `layer` (at `index`), computed when not yet kept in egui's memory for
/// this layer (and `colour_property`).
fn layer_scan(ui: &Ui, index: usize, layer: &ProjectLayer) -> LayerScan {
    let id = egui::Id::unique(("user-layer-scan", index));
    let key = LayerKey::of(layer);
    let kept: Option<LayerScan> = ui.data(|d| d.get_temp(id));
    let mut scan = match kept {
        Some(scan) if scan.key == key => scan,
        _ => LayerScan {
            properties: layer.layer.property_names().into_iter().map(str::to_string).collect(),
            categories: None,
            key,
        },
    };
    let wanted = layer.style.colour_property.as_deref();
    if scan.categories.as_ref().map(|c| c.0.as_str()) != wanted {
        scan.categories = wanted.map(|p| {
            let (values, other) = categories_of(&layer.layer, p);
            (p.to_string(), values, other)
        });
    }
    ui.data_mut(|d| d.insert_temp(id, scan.clone()));
    scan
}

/// A property chooser: 无 and every property name; the new choice when it changed.
fn property_combo_ui(
    ui: &mut Ui,
    lang: Lang,
    id_salt: (&str, usize),
    label: egui::Id,
    current: Option<&str>,
    properties: &[String],
) -> Option<Option<String>> {
    let none = tr(lang, Key::UserLayerNoProperty);
    let mut chosen = None;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(current.unwrap_or(none))
        .width(160.0)
        .truncate()
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), none).clicked() && current.is_some() {
                chosen = Some(None);
            }
            for p in properties {
                let selected = current == Some(p.as_str());
                if ui.selectable_label(selected, p).clicked() && !selected {
                    chosen = Some(Some(p.clone()));
                }
            }
        })
        .response
        .labelled_by(label);
    chosen
}

/// The 样式 section of user layer `index`: the edited style when something changed.
fn user_layer_style_ui(ui: &mut Ui, lang: Lang, index: usize, layer: &ProjectLayer) -> Option<UserLayerStyle> {
    let scan = layer_scan(ui, index, layer);
    let style = &layer.style;
    let mut edited = None;
    egui::Grid::new(("user-layer-style-grid", index))
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let label = ui.label(tr(lang, Key::UserLayerColour));
            let by_property = style.colour_property.is_some();
            let mut rgb = style.colour.0;
            let response = ui
                .add_enabled_ui(!by_property, |ui| ui.color_edit_button_srgb(&mut rgb))
                .inner
                .labelled_by(label.id);
            let response = if by_property {
                response.on_disabled_hover_text(tr(lang, Key::UserLayerColourByHint))
            } else {
                response
            };
            if response.changed() && rgb != style.colour.0 {
                edited = Some(UserLayerStyle {
                    colour: Rgb(rgb),
                    ..style.clone()
                });
            }
            ui.end_row();

            let label = ui.label(tr(lang, Key::LayerOpacity));
            ui.horizontal(|ui| {
                let mut opacity = style.opacity;
                let slider = Slider::new(&mut opacity, 0.1..=1.0).show_value(false);
                if ui.add(slider).labelled_by(label.id).changed() {
                    edited = Some(UserLayerStyle {
                        opacity,
                        ..style.clone()
                    });
                }
                ui.label(format!("{:.0}%", style.opacity * 100.0));
            });
            ui.end_row();

            let label = ui.label(tr(lang, Key::UserLayerLabelProperty));
            let current = style.label_property.as_deref();
            if let Some(p) = property_combo_ui(
                ui,
                lang,
                ("user-layer-label", index),
                label.id,
                current,
                &scan.properties,
            ) {
                edited = Some(UserLayerStyle {
                    label_property: p,
                    ..style.clone()
                });
            }
            ui.end_row();

            let label = ui.label(tr(lang, Key::UserLayerColourProperty));
            let current = style.colour_property.as_deref();
            if let Some(p) = property_combo_ui(
                ui,
                lang,
                ("user-layer-colour", index),
                label.id,
                current,
                &scan.properties,
            ) {
                edited = Some(UserLayerStyle {
                    colour_property: p,
                    ..style.clone()
                });
            }
            ui.end_row();
        });
    if let Some((_, values, other)) = &scan.categories {
        ui.horizontal_wrapped(|ui| {
            for (value, colour) in values.iter().zip(CATEGORY_PALETTE) {
                colour_swatch_ui(ui, colour, value);
            }
            if *other {
                colour_swatch_ui(ui, OTHER_COLOUR, tr(lang, Key::UserLayerCategoryOther));
            }
        });
    }
    edited
}

/// The card of the selected feature of an imported layer (the 要素 tab shows it while
/// one is selected): its name (as its tooltip names it), layer, geometry type, `id`
/// and every property, key and value, in the file's key order (simplestyle's drawing
/// properties greyed); a note when its layer is hidden; 取消选择.
pub fn user_feature_card_ui(ui: &mut Ui, lang: Lang, data: &AtlasData) -> Option<Action> {
    let (l, f) = data.doc.selected_user_feature?;
    let mut action = None;
    let Some((layer, feature)) = data
        .user_layers
        .get(l)
        .and_then(|layer| Some((layer, layer.layer.features.get(f)?)))
    else {
        ui.add_space(8.0);
        ui.label(RichText::new(tr(lang, Key::UserFeatureMissing)).weak());
        if ui.button(tr(lang, Key::ClearSelection)).clicked() {
            action = doc(DocAction::SelectUserFeature(None));
        }
        return action;
    };
    egui::ScrollArea::vertical()
        .id_salt("user-feature-card")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let tooltip = user_feature_tooltip(data.user_layers, l, f);
            let title = tooltip.lines().next().unwrap_or_default();
            ui.add(egui::Label::new(RichText::new(title).size(18.0).strong().color(super::style::ACCENT)).wrap());
            egui::Grid::new("user-feature-facts")
                .num_columns(2)
                .spacing([8.0, 2.0])
                .show(ui, |ui| {
                    ui.label(RichText::new(tr(lang, Key::UserFeatureLayer)).weak());
                    ui.add(egui::Label::new(&layer.layer.name).wrap());
                    ui.end_row();
                    ui.label(RichText::new(tr(lang, Key::UserFeatureGeometry)).weak());
                    ui.label(
                        feature
                            .geometry_type()
                            .unwrap_or_else(|| tr(lang, Key::UserFeatureNoGeometry)),
                    );
                    ui.end_row();
                    if let Some(id) = feature.id.as_ref().and_then(format_value) {
                        ui.label(RichText::new("id").weak());
                        ui.add(egui::Label::new(id).wrap());
                        ui.end_row();
                    }
                });
            if !layer.visible {
                ui.add_space(4.0);
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(tr(lang, Key::UserFeatureLayerHidden)).color(ui.visuals().warn_fg_color));
                    if ui.small_button(tr(lang, Key::UserFeatureShowLayer)).clicked() {
                        action = doc(DocAction::SetUserLayerVisible(l, true));
                    }
                });
            }
            ui.horizontal(|ui| {
                if ui.button(tr(lang, Key::ClearSelection)).clicked() {
                    action = doc(DocAction::SelectUserFeature(None));
                }
            });
            ui.separator();
            ui.label(
                RichText::new(crate::i18n::counted(
                    lang,
                    tr(lang, Key::UserFeatureProperties),
                    feature.properties.len(),
                ))
                .strong()
                .color(super::style::ACCENT),
            );
            if feature.properties.is_empty() {
                ui.label(RichText::new(tr(lang, Key::UserFeatureNoProperties)).weak());
                return;
            }
            user_feature_properties_ui(ui, feature);
            if feature.properties.keys().any(|k| SIMPLESTYLE_KEYS.contains(&k)) {
                ui.add_space(4.0);
                ui.label(RichText::new(tr(lang, Key::UserFeatureStyleKeysNote)).small().weak());
            }
        });
    action
}

/// Every property of `feature` as a two-column grid, long values wrapped.
fn user_feature_properties_ui(ui: &mut Ui, feature: &UserFeature) {
    // The key column takes at most a third of the width; values wrap in the rest.
    let width = ui.available_width();
    let key_width = (width / 3.0).max(60.0);
    egui::Grid::new("user-feature-properties")
        .num_columns(2)
        .striped(true)
        .spacing([10.0, 3.0])
        .max_col_width((width - key_width - 10.0).max(key_width))
        .show(ui, |ui| {
            for (key, value) in &feature.properties {
                let greyed = SIMPLESTYLE_KEYS.contains(&key);
                // (`strong` would win over `weak`.)
                let key_text = if greyed {
                    RichText::new(key).weak()
                } else {
                    RichText::new(key).strong()
                };
                ui.scope(|ui| {
                    ui.set_max_width(key_width);
                    ui.add(egui::Label::new(key_text).wrap());
                });
                let value_text = match format_value(value) {
                    Some(text) => RichText::new(text),
                    None => RichText::new("null").italics().weak(),
                };
                let value_text = if greyed { value_text.weak() } else { value_text };
                ui.add(egui::Label::new(value_text).wrap());
                ui.end_row();
            }
        });
}

/// “Save the changes?” (before closing, a new project or opening another).
pub fn unsaved_dialog_ui(ctx: &egui::Context, lang: Lang, info: &DocInfo) -> Option<Action> {
    if !info.unsaved_prompt {
        return None;
    }
    let mut action = None;
    egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
        ui.heading(tr(lang, Key::UnsavedTitle));
        ui.label(tr(lang, Key::UnsavedQuestion));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            for (answer, key) in [
                (UnsavedAnswer::Save, Key::SaveButton),
                (UnsavedAnswer::Discard, Key::DontSave),
                (UnsavedAnswer::Cancel, Key::CancelButton),
            ] {
                if ui.button(tr(lang, key)).clicked() {
                    action = doc(DocAction::Unsaved(answer));
                }
            }
        });
    });
    action
}

/// “Restore the autosave?” at start-up after a crash or kill.
pub fn recovery_dialog_ui(ctx: &egui::Context, lang: Lang, info: &DocInfo) -> Option<Action> {
    let (when, original, replaces) = info.recovery.as_ref()?;
    let mut action = None;
    egui::Modal::new(egui::Id::unique("recover-autosave")).show(ctx, |ui| {
        ui.heading(tr(lang, Key::RecoverTitle));
        ui.label(tr(lang, Key::RecoverQuestion));
        ui.label(RichText::new(format!("{}：{when}", tr(lang, Key::AutosavedAt))).small());
        let original = original.as_deref().unwrap_or(tr(lang, Key::UntitledNeverSaved));
        ui.label(RichText::new(format!("{}：{original}", tr(lang, Key::OriginalFile))).small());
        if let Some(open) = replaces {
            ui.label(RichText::new(tr(lang, Key::RecoverReplaces).replace("{}", open)).small());
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr(lang, Key::RecoverButton)).clicked() {
                action = doc(DocAction::Recover(true));
            }
            if ui.button(tr(lang, Key::DiscardButton)).clicked() {
                action = doc(DocAction::Recover(false));
            }
        });
    });
    action
}
