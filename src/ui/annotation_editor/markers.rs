//! The small “◆ 标注” markers the paragraph, target and feature panels show for the
//! annotations linked to them.

use egui::{Button, RichText, Ui};

use super::links::first_chars;
use super::{display_colour, display_title};
use crate::action::{Action, DocAction};
use crate::i18n::{Key, Lang, tr};
use crate::model::annotation::{Annotation, Link};
use crate::plan::Plan;
use crate::ui::style::ACCENT;

/// One small button per annotation, `◆ 标注：title` in the annotation's colour; a click
/// selects it, opens the 标注 tab and frames it on the map.
pub fn linked_annotations_ui(ui: &mut Ui, lang: Lang, linked: &[&Annotation]) -> Option<Action> {
    let mut action = None;
    if linked.is_empty() {
        return None;
    }
    ui.horizontal_wrapped(|ui| {
        for a in linked {
            let text = tr(lang, Key::AnnotationMarker).replace("{}", &first_chars(&display_title(a), 24));
            let mut hover = tr(lang, Key::AnnotationMarkerHint).to_string();
            if !a.description.trim().is_empty() {
                hover = format!("{}\n{hover}", a.description.trim());
            }
            let r = ui
                .add(Button::new(RichText::new(text).small().color(display_colour(a))).small())
                .on_hover_text(hover);
            if r.clicked() {
                action = Some(Action::Document(DocAction::FrameAnnotation(a.id)));
            }
        }
    });
    action
}

/// The annotations linked to a paragraph, or to a target the paragraph states.
pub fn paragraph_annotations<'a>(
    plan: &Plan,
    annotations: &'a [Annotation],
    paragraph_id: &str,
) -> Vec<&'a Annotation> {
    if annotations.is_empty() {
        return Vec::new();
    }
    let targets: Vec<&str> = plan.targets_in(paragraph_id).iter().map(|t| t.id.as_str()).collect();
    annotations
        .iter()
        .filter(|a| a.plan_refs().any(|r| r == paragraph_id || targets.contains(&r)))
        .collect()
}

/// The markers of the annotations linked to a paragraph (or its targets).
pub fn paragraph_annotations_ui(
    ui: &mut Ui,
    plan: &Plan,
    lang: Lang,
    annotations: &[Annotation],
    paragraph_id: &str,
) -> Option<Action> {
    linked_annotations_ui(ui, lang, &paragraph_annotations(plan, annotations, paragraph_id))
}

/// The markers of the annotations linked to a plan element (a chapter, section or
/// column heading).
pub fn element_annotations_ui(ui: &mut Ui, lang: Lang, annotations: &[Annotation], id: &str) -> Option<Action> {
    let link = Link::PlanElement(id.to_string());
    let linked: Vec<&Annotation> = crate::model::annotation::linked_to(annotations, &link).collect();
    linked_annotations_ui(ui, lang, &linked)
}

/// The feature card's section listing the annotations linked to a catalogue feature;
/// nothing when there are none.
pub fn feature_annotations_ui(ui: &mut Ui, lang: Lang, annotations: &[Annotation], feature_id: &str) -> Option<Action> {
    let link = Link::Feature(feature_id.to_string());
    let linked: Vec<&Annotation> = crate::model::annotation::linked_to(annotations, &link).collect();
    linked_annotations_section_ui(ui, lang, &linked)
}

/// The target card's section listing the annotations linked to any of `target_ids` (a
/// goal, its baseline); nothing when there are none.
pub fn target_annotations_ui(
    ui: &mut Ui,
    lang: Lang,
    annotations: &[Annotation],
    target_ids: &[&str],
) -> Option<Action> {
    let linked: Vec<&Annotation> = annotations
        .iter()
        .filter(|a| a.plan_refs().any(|r| target_ids.contains(&r)))
        .collect();
    linked_annotations_section_ui(ui, lang, &linked)
}

/// A card's “关联的标注（n）” heading and one marker per annotation; nothing for none.
pub(super) fn linked_annotations_section_ui(ui: &mut Ui, lang: Lang, linked: &[&Annotation]) -> Option<Action> {
    if linked.is_empty() {
        return None;
    }
    ui.separator();
    ui.label(
        RichText::new(crate::i18n::counted(
            lang,
            tr(lang, Key::LinkedAnnotations),
            linked.len(),
        ))
        .strong()
        .color(ACCENT),
    );
    linked_annotations_ui(ui, lang, linked)
}
