//! The tab's list of annotations, and how an annotation is named and coloured in it.

use egui::{Button, Color32, RichText, Sides, Ui};

use crate::action::{Action, DocAction};
use crate::i18n::{Key, Lang, tr};
use crate::model::annotation::{Annotation, AnnotationKind};
use crate::ui::layers::AtlasData;
use crate::ui::style::ACCENT;

/// A glyph for each kind, drawn in the annotation's colour.
pub(super) fn kind_glyph(kind: AnnotationKind) -> &'static str {
    match kind {
        AnnotationKind::Point => "●",
        AnnotationKind::Line => "〰",
        AnnotationKind::Polygon => "■",
        AnnotationKind::Text => "Ａ",
    }
}

/// The name of a kind in the interface language.
pub fn kind_name(lang: Lang, kind: AnnotationKind) -> &'static str {
    tr(
        lang,
        match kind {
            AnnotationKind::Point => Key::ToolPoint,
            AnnotationKind::Line => Key::ToolLine,
            AnnotationKind::Polygon => Key::ToolPolygon,
            AnnotationKind::Text => Key::ToolText,
        },
    )
}

/// The colour the map draws an annotation in (its marker for points and text, its
/// stroke for lines and polygons).
pub(super) fn display_colour(a: &Annotation) -> Color32 {
    let [r, g, b] = if a.kind.is_single_position() {
        a.style.marker_colour.0
    } else {
        a.style.stroke.0
    };
    Color32::from_rgb(r, g, b)
}

/// The title, or `#id` for an annotation without one.
pub fn display_title(a: &Annotation) -> String {
    let title = a.title.trim();
    if title.is_empty() {
        format!("#{}", a.id)
    } else {
        title.to_string()
    }
}

pub(super) fn list_ui(ui: &mut Ui, lang: Lang, data: &AtlasData) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(crate::i18n::counted(
                lang,
                tr(lang, Key::TabAnnotations),
                data.annotations.len(),
            ))
            .strong()
            .color(ACCENT),
        );
        use crate::action::{TableAction, TableSubject};
        use crate::i18n::TableKey;
        if !data.annotations.is_empty()
            && ui
                .small_button(tr(lang, Key::Attributes(TableKey::Open)))
                .on_hover_text(tr(lang, Key::Attributes(TableKey::OpenHint)))
                .clicked()
        {
            action = Some(Action::Table(TableAction::Open(TableSubject::Annotations)));
        }
    });
    if data.annotations.is_empty() {
        ui.label(RichText::new(tr(lang, Key::AnnotationsEmpty)).weak());
    }
    for a in data.annotations {
        Sides::new().shrink_left().truncate().show(
            ui,
            |ui| {
                ui.label(RichText::new(kind_glyph(a.kind)).color(display_colour(a)));
                ui.label(RichText::new(kind_name(lang, a.kind)).small().weak());
                let r = ui.add(Button::selectable(false, display_title(a)).truncate());
                let r = if a.description.trim().is_empty() {
                    r
                } else {
                    r.on_hover_text(a.description.trim())
                };
                if r.clicked() {
                    action = Some(Action::Document(DocAction::SelectAnnotation(Some(a.id))));
                }
            },
            |ui| {
                if !a.links.is_empty() {
                    ui.label(
                        RichText::new(format!("{} {}", a.links.len(), tr(lang, Key::AnnotationLinkCount)))
                            .small()
                            .weak(),
                    );
                }
            },
        );
    }
    ui.add_space(8.0);
    ui.separator();
    ui.label(RichText::new(tr(lang, Key::AnnotationsHowTo)).small().weak());
    action
}
