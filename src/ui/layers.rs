//! The layers tab: the plan's four map layers (visibility, order, opacity) with the
//! symbols each draws, and the features the map does not draw — city-wide areas and
//! what the plan does not place (“全市/未定位”), grouped by column.

use egui::{Button, RichText, ScrollArea, Slider, Ui};

use super::merge;
use super::style::ACCENT;
use crate::action::Action;
use crate::catalogue::{Catalogue, Layer, Links};
use crate::i18n::{Key, Lang, tr};
use crate::plan::Plan;
use crate::state::AppState;
use crate::symbology::{FeatureStyle, LegendSymbol, Marker, Rgba8, feature_style};
use crate::theme::swatch::{SYMBOL_SIZE, symbol_ui};

/// What the plan panels read besides the plan and the state.
pub struct AtlasData<'a> {
    pub catalogue: &'a Catalogue,
    pub links: &'a Links,
    /// Names of divisions by adcode, in the interface language.
    pub division_name: &'a dyn Fn(u32) -> Option<String>,
    /// Catalogue indices of the areas drawn as city-wide (not on the map).
    pub city_wide: &'a [usize],
    /// Catalogue indices the map highlights for the focused plan element.
    pub highlighted: &'a [usize],
    /// The open project's state.
    pub doc: &'a super::document::DocInfo,
    /// The project's annotations (their links show in the paragraph and feature panels).
    pub annotations: &'a [crate::model::Annotation],
    /// The project's imported layers, bottom first.
    pub user_layers: &'a [crate::model::ProjectLayer],
    /// The project's scenes, in deck order.
    pub scenes: &'a [crate::model::Scene],
    /// The project's end-of-term evaluation (statuses, actual values).
    pub evaluation: &'a crate::evaluation::Evaluation,
}

/// The name of a layer in the interface language.
pub fn layer_name(lang: Lang, layer: Layer) -> &'static str {
    tr(
        lang,
        match layer {
            Layer::Layout => Key::LayerLayout,
            Layer::Parks => Key::LayerParks,
            Layer::Infrastructure => Key::LayerInfrastructure,
            Layer::Projects => Key::LayerProjects,
        },
    )
}

/// A feature's name in the interface language, told apart from features of the same
/// name (“高速铁路 · 哈大高铁”): [`crate::symbology::display_name`]. Every list, chip,
/// search hit and card title uses it.
pub fn feature_name(lang: Lang, catalogue: &Catalogue, index: usize) -> String {
    crate::symbology::display_name(lang, catalogue, index)
}

/// The legend symbol a style draws with (a marker for points, a swatch for areas).
pub fn style_symbol(style: &FeatureStyle, area: bool) -> LegendSymbol {
    if area {
        LegendSymbol::Area {
            color: style.color,
            fill: style.fill,
        }
    } else {
        LegendSymbol::Marker {
            marker: style.marker,
            color: style.color,
            hollow: false,
        }
    }
}

/// One item of a legend in a `horizontal_wrapped` row: its symbol and its (small) text as
/// one unit, which moves whole to the next line when it does not fit in what is left of
/// this one (never a symbol at the end of a line and its text on the next, nor a text
/// broken in the middle: “数 / 字产业生态示范区”). Only an item wider than the whole row
/// wraps its text, beside its symbol. The symbol is an image named by the text, for
/// screen readers (and tests).
pub fn legend_item_ui(ui: &mut Ui, symbol: &LegendSymbol, text: &str) {
    let text = RichText::new(text).small();
    let spacing = ui.spacing().item_spacing.x;
    let text_width = egui::WidgetText::from(text.clone())
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Body,
        )
        .size()
        .x;
    let width = SYMBOL_SIZE.x + spacing + text_width;
    // What is left of this row (`available_width` is the whole row's in a wrapping layout).
    let left = |ui: &Ui| ui.available_rect_before_wrap();
    let at_line_start = left(ui).min.x <= ui.max_rect().min.x + 0.5;
    if !at_line_start && width > left(ui).width() {
        ui.end_row();
    }
    let fits = width <= left(ui).width();
    let item = |ui: &mut Ui| {
        let swatch = symbol_ui(ui, symbol);
        let name = text.text().to_string();
        swatch.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &name));
        let mode = if fits {
            egui::TextWrapMode::Extend
        } else {
            egui::TextWrapMode::Wrap
        };
        ui.add(egui::Label::new(text.clone()).wrap_mode(mode));
    };
    if fits {
        item(ui);
    } else {
        // Wider than a row: the text wraps in its own column beside the symbol.
        ui.horizontal_top(item);
    }
}

/// The layers tab.
pub fn layers_panel_ui(ui: &mut Ui, plan: &Plan, state: &AppState, data: &AtlasData) -> Option<Action> {
    let mut action = None;
    let lang = state.lang;
    ScrollArea::vertical()
        .id_salt("layers")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            merge(&mut action, styling_ui(ui, state));
            merge(&mut action, super::document::user_layers_ui(ui, lang, data));
            let n = state.layers.len();
            for (k, setting) in state.layers.iter().enumerate() {
                let layer = setting.layer;
                let features: Vec<usize> = data
                    .catalogue
                    .features
                    .iter()
                    .enumerate()
                    .filter(|(i, f)| f.layer == layer && f.placed && !data.city_wide.contains(i))
                    .map(|(i, _)| i)
                    .collect();
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        // The arrows first, on the right; the name wraps in the room left
                        // (a narrow panel in English), never under the arrows.
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui
                                .add_enabled(k + 1 < n, Button::new("▼").small())
                                .on_hover_text(tr(lang, Key::MoveDown))
                                .clicked()
                            {
                                action = Some(Action::MoveLayer(layer, 1));
                            }
                            if ui
                                .add_enabled(k > 0, Button::new("▲").small())
                                .on_hover_text(tr(lang, Key::MoveUp))
                                .clicked()
                            {
                                action = Some(Action::MoveLayer(layer, -1));
                            }
                            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
                                let mut visible = setting.visible;
                                let label = crate::i18n::bracketed(
                                    lang,
                                    layer_name(lang, layer),
                                    &crate::i18n::feature_count(lang, features.len()),
                                );
                                if ui.checkbox(&mut visible, RichText::new(label).strong()).changed() {
                                    action = Some(Action::SetLayerVisible(layer, visible));
                                }
                            });
                        });
                    });
                    ui.horizontal(|ui| {
                        let label = ui.label(tr(lang, Key::LayerOpacity));
                        let mut opacity = setting.opacity;
                        let slider = Slider::new(&mut opacity, 0.1..=1.0).show_value(false);
                        if ui.add_enabled(setting.visible, slider).labelled_by(label.id).changed() {
                            action = Some(Action::SetLayerOpacity(layer, opacity));
                        }
                        ui.label(format!("{:.0}%", setting.opacity * 100.0));
                    });
                    // The styles this layer draws, as in the map legend.
                    let mut seen: Vec<&'static str> = Vec::new();
                    ui.horizontal_wrapped(|ui| {
                        for &i in &features {
                            let f = &data.catalogue.features[i];
                            let style = feature_style(f);
                            if seen.contains(&style.zh) {
                                continue;
                            }
                            seen.push(style.zh);
                            let area = f.lon_lat.is_none() && f.line_lon_lat.is_none();
                            let symbol = if f.line_lon_lat.is_some() {
                                LegendSymbol::Line { color: style.color }
                            } else {
                                style_symbol(&style, area)
                            };
                            legend_item_ui(ui, &symbol, if lang == Lang::Zh { style.zh } else { style.en });
                        }
                    });
                });
                ui.add_space(2.0);
            }
            ui.horizontal_wrapped(|ui| {
                for (hollow, key) in [(false, Key::LegendApproximate), (true, Key::LegendDistrict)] {
                    let symbol = LegendSymbol::Marker {
                        marker: Marker::Circle,
                        color: Rgba8::rgb(90, 90, 90),
                        hollow,
                    };
                    legend_item_ui(ui, &symbol, tr(lang, key));
                }
            });
            ui.separator();
            merge(&mut action, unplaced_ui(ui, plan, state, data));
        });
    action
}

/// The map styling toggle (issue 15): the plan's categories or the project statuses.
fn styling_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    use crate::i18n::StatusKey;
    let lang = state.lang;
    let mut on = state.status_styling;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr(lang, Key::Status(StatusKey::MapStyling))).strong());
        ui.selectable_value(&mut on, false, tr(lang, Key::Status(StatusKey::PlanStyling)));
        ui.selectable_value(&mut on, true, tr(lang, Key::Status(StatusKey::StatusStyling)))
            .on_hover_text(tr(lang, Key::Status(StatusKey::StylingRule)));
    });
    (on != state.status_styling).then_some(Action::SetStatusStyling(on))
}

/// City-wide areas and unplaced features, grouped by column (专栏) or section.
pub fn unplaced_ui(ui: &mut Ui, plan: &Plan, state: &AppState, data: &AtlasData) -> Option<Action> {
    let mut action = None;
    let lang = state.lang;
    ui.label(RichText::new(tr(lang, Key::UnplacedHeading)).strong().color(ACCENT));
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let listed = data
        .catalogue
        .features
        .iter()
        .enumerate()
        .filter(|(i, f)| !f.placed || data.city_wide.contains(i));
    for (i, f) in listed {
        let group = f
            .column
            .clone()
            .or_else(|| {
                f.plan_refs
                    .first()
                    .and_then(|r| plan.container_of(r).map(str::to_string))
            })
            .unwrap_or_default();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) => list.push(i),
            None => groups.push((group, vec![i])),
        }
    }
    for (group, list) in groups {
        let title = plan.title_in_chapter(&group).unwrap_or_else(|| group.clone());
        egui::CollapsingHeader::new(RichText::new(crate::i18n::counted(lang, &title, list.len())).small())
            .id_salt(("unplaced", &group))
            .default_open(false)
            .show(ui, |ui| {
                for i in list {
                    let note = if data.city_wide.contains(&i) {
                        tr(lang, Key::CityWide)
                    } else {
                        tr(lang, Key::NotPlaced)
                    };
                    let selected = state.selected_feature.as_deref() == Some(data.catalogue.features[i].id.as_str());
                    let r = ui
                        .add(Button::selectable(selected, feature_name(lang, data.catalogue, i)).wrap())
                        .on_hover_text(note);
                    if r.clicked() {
                        action = Some(Action::SelectFeature(Some(data.catalogue.features[i].id.clone())));
                    }
                }
            });
    }
    action
}
