//! The style section of the editor: colours (a colour button and a `#rrggbb` field),
//! widths, opacities and the marker's size and symbol.

use egui::{Button, Id, RichText, Slider, TextEdit, TextStyle, Ui};

use super::{AnnotationEditorState, edited};
use crate::action::Action;
use crate::i18n::{Key, Lang, tr};
use crate::model::annotation::{Annotation, AnnotationKind, MarkerSize, Rgb, Style};
use crate::ui::merge;

/// A colour of the style, edited by a colour button and a `#rrggbb` field.
#[derive(Clone, Copy)]
pub(super) enum ColourField {
    Stroke,
    Fill,
    Marker,
}

impl ColourField {
    fn name(self) -> &'static str {
        match self {
            ColourField::Stroke => "stroke",
            ColourField::Fill => "fill",
            ColourField::Marker => "marker_colour",
        }
    }

    fn get(self, s: &Style) -> Rgb {
        match self {
            ColourField::Stroke => s.stroke,
            ColourField::Fill => s.fill,
            ColourField::Marker => s.marker_colour,
        }
    }

    fn set(self, s: &mut Style, c: Rgb) {
        match self {
            ColourField::Stroke => s.stroke = c,
            ColourField::Fill => s.fill = c,
            ColourField::Marker => s.marker_colour = c,
        }
    }
}

pub(super) fn colour_ui(
    ui: &mut Ui,
    label: Id,
    editor: &mut AnnotationEditorState,
    a: &Annotation,
    field: ColourField,
) -> Option<Action> {
    let mut action = None;
    let key = format!("{}:{}", field.name(), a.id);
    let current = field.get(&a.style);
    let id = ui.make_persistent_id(("annotation-colour", &key));
    ui.horizontal(|ui| {
        let mut rgb = current.0;
        if ui.color_edit_button_srgb(&mut rgb).changed() && rgb != current.0 {
            action = edited(a, Some(key.clone()), |b| field.set(&mut b.style, Rgb(rgb)));
        }
        let focused = ui.memory(|m| m.has_focus(id));
        let mut text = match &editor.colour_draft {
            Some((k, t)) if focused && *k == key => t.clone(),
            _ => current.to_hex(),
        };
        let r = ui
            .add(
                TextEdit::singleline(&mut text)
                    .id(id)
                    .char_limit(7)
                    .desired_width(72.0)
                    .font(TextStyle::Monospace),
            )
            .labelled_by(label);
        if r.changed() {
            let digits = text.trim().trim_start_matches('#');
            if digits.len() == 6
                && let Ok(c) = Rgb::from_hex(digits)
            {
                merge(
                    &mut action,
                    edited(a, Some(key.clone()), |b| field.set(&mut b.style, c)),
                );
            }
            editor.colour_draft = Some((key.clone(), text));
        }
        if r.lost_focus() && editor.colour_draft.as_ref().is_some_and(|(k, _)| *k == key) {
            editor.colour_draft = None;
        }
    });
    action
}

/// An opacity (0…1) as a 0–100 % slider.
pub(super) fn opacity_ui(ui: &mut Ui, label: Id, value: f64) -> Option<f64> {
    let mut percent = (value * 100.0).round();
    let r = ui
        .add(
            Slider::new(&mut percent, 0.0..=100.0)
                .step_by(1.0)
                .fixed_decimals(0)
                .suffix(" %"),
        )
        .labelled_by(label);
    (r.changed() && (percent / 100.0 - value).abs() > 1e-9).then_some(percent / 100.0)
}

pub(super) fn style_ui(ui: &mut Ui, lang: Lang, editor: &mut AnnotationEditorState, a: &Annotation) -> Option<Action> {
    let mut action = None;
    let id = a.id;
    egui::Grid::new(("annotation-style", id))
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            ui.spacing_mut().slider_width = 150.0;
            let row_label = |ui: &mut Ui, key: Key| ui.label(tr(lang, key)).id;
            if a.kind.is_single_position() {
                let label = row_label(ui, Key::AnnotationColour);
                merge(&mut action, colour_ui(ui, label, editor, a, ColourField::Marker));
                ui.end_row();

                row_label(ui, Key::AnnotationSize);
                ui.horizontal(|ui| {
                    for (size, key) in MarkerSize::ALL.into_iter().zip([
                        Key::AnnotationSizeSmall,
                        Key::AnnotationSizeMedium,
                        Key::AnnotationSizeLarge,
                    ]) {
                        let r = ui.add(Button::selectable(a.style.marker_size == size, tr(lang, key)));
                        if r.clicked() {
                            merge(&mut action, edited(a, None, |b| b.style.marker_size = size));
                        }
                    }
                });
                ui.end_row();

                if a.kind == AnnotationKind::Point {
                    let label = row_label(ui, Key::AnnotationSymbol);
                    ui.horizontal(|ui| {
                        let mut symbol = a.style.marker_symbol.clone();
                        let r = ui
                            .add(
                                TextEdit::singleline(&mut symbol)
                                    .id_salt(("annotation-symbol", id))
                                    .desired_width(48.0),
                            )
                            .labelled_by(label);
                        if r.changed() {
                            merge(
                                &mut action,
                                edited(a, Some(format!("marker_symbol:{id}")), |b| {
                                    b.style.marker_symbol = symbol.trim().to_string()
                                }),
                            );
                        }
                        ui.label(RichText::new(tr(lang, Key::AnnotationSymbolHint)).small().weak());
                    });
                    ui.end_row();
                }
            } else {
                let label = row_label(ui, Key::AnnotationStroke);
                merge(&mut action, colour_ui(ui, label, editor, a, ColourField::Stroke));
                ui.end_row();

                let label = row_label(ui, Key::AnnotationStrokeWidth);
                let mut width = a.style.stroke_width;
                let r = ui
                    .add(
                        Slider::new(&mut width, 0.0..=12.0)
                            .step_by(0.5)
                            .fixed_decimals(1)
                            .suffix(" px"),
                    )
                    .labelled_by(label);
                if r.changed() {
                    merge(
                        &mut action,
                        edited(a, Some(format!("stroke_width:{id}")), |b| b.style.stroke_width = width),
                    );
                }
                ui.end_row();

                let label = row_label(ui, Key::AnnotationStrokeOpacity);
                if let Some(v) = opacity_ui(ui, label, a.style.stroke_opacity) {
                    merge(
                        &mut action,
                        edited(a, Some(format!("stroke_opacity:{id}")), |b| b.style.stroke_opacity = v),
                    );
                }
                ui.end_row();

                if a.kind == AnnotationKind::Polygon {
                    let label = row_label(ui, Key::AnnotationFill);
                    merge(&mut action, colour_ui(ui, label, editor, a, ColourField::Fill));
                    ui.end_row();

                    let label = row_label(ui, Key::AnnotationFillOpacity);
                    if let Some(v) = opacity_ui(ui, label, a.style.fill_opacity) {
                        merge(
                            &mut action,
                            edited(a, Some(format!("fill_opacity:{id}")), |b| b.style.fill_opacity = v),
                        );
                    }
                    ui.end_row();
                }
            }
        });
    action
}
