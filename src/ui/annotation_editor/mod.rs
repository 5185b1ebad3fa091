//! The 标注 tab: the project's annotations and the selected one's properties editor —
//! title, description, style, and links to plan elements and catalogue features, picked
//! from a searchable list — and the small “◆ 标注” markers the paragraph and feature
//! panels show for the annotations linked to them.
//!
//! Like every panel, it draws from the state and returns the [`Action`] the user asked
//! for: an edit is a [`DocAction::EditAnnotation`] carrying the edited copy, so the app's
//! undo history sees every change (typing and dragging coalesce into one step per field).
//!
//! By job: this file holds the panel and the editor's frame (kind, position, title,
//! description); `list` the list of annotations, `geometry` the position summary,
//! `style` the style section, `links` the links and the link picker, `markers` the
//! markers of the other panels.

use egui::{Button, Color32, RichText, ScrollArea, Sides, TextEdit, Ui};

use super::layers::AtlasData;
use super::merge;
use super::style::ACCENT;
use crate::action::{Action, DocAction};
use crate::i18n::{Key, Lang, TitleKey, tr};
use crate::model::annotation::{Annotation, AnnotationKind};
use crate::plan::Plan;
use crate::state::AppState;

mod geometry;
mod links;
mod list;
mod markers;
mod style;

pub use geometry::position_summary;
use links::{links_ui, picker_ui};
use list::{display_colour, kind_glyph, list_ui};
pub use list::{display_title, kind_name};
pub use markers::{
    element_annotations_ui, feature_annotations_ui, linked_annotations_ui, paragraph_annotations,
    paragraph_annotations_ui, target_annotations_ui,
};
use style::style_ui;

/// How many link candidates the picker lists at once.
pub const CANDIDATE_LIMIT: usize = 30;

/// Which kind of link candidates the picker lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkFilter {
    #[default]
    All,
    Paragraphs,
    /// Preface, chapters, sections and tables.
    Sections,
    Columns,
    Targets,
    Features,
}

impl LinkFilter {
    const ALL: [LinkFilter; 6] = [
        LinkFilter::All,
        LinkFilter::Paragraphs,
        LinkFilter::Sections,
        LinkFilter::Columns,
        LinkFilter::Targets,
        LinkFilter::Features,
    ];

    fn key(self) -> Key {
        match self {
            LinkFilter::All => Key::LinkFilterAll,
            LinkFilter::Paragraphs => Key::LinkKindParagraph,
            LinkFilter::Sections => Key::LinkFilterSections,
            LinkFilter::Columns => Key::LinkKindColumn,
            LinkFilter::Targets => Key::LinkKindTarget,
            LinkFilter::Features => Key::LinkKindFeature,
        }
    }

    fn admits(self, other: LinkFilter) -> bool {
        self == LinkFilter::All || self == other
    }
}

/// What the editor keeps between frames: the link picker's search text and filter, and
/// a colour being typed as `#rrggbb`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnnotationEditorState {
    /// The search text of the link picker.
    pub link_query: String,
    /// Which kind of candidates the link picker lists.
    pub link_filter: LinkFilter,
    /// (field key, text) of a hexadecimal colour field while it has the focus and its
    /// text is not (yet) a colour.
    pub colour_draft: Option<(String, String)>,
}

/// The list of annotations (a click selects one) and, for the selected one
/// (`data.doc.selected_annotation`), its properties editor.
pub fn annotations_panel_ui(
    ui: &mut Ui,
    plan: &Plan,
    state: &AppState,
    data: &AtlasData,
    editor: &mut AnnotationEditorState,
) -> Option<Action> {
    let lang = state.lang;
    let selected = data
        .doc
        .selected_annotation
        .and_then(|id| data.annotations.iter().find(|a| a.id == id));
    let mut action = None;
    ScrollArea::vertical()
        .id_salt("annotations-panel")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            action = match selected {
                Some(a) => editor_ui(ui, plan, lang, data, editor, a),
                None => list_ui(ui, lang, data),
            };
        });
    action
}

/// The edited copy as an action, unless the edit changes nothing.
fn edited(a: &Annotation, coalesce: Option<String>, change: impl FnOnce(&mut Annotation)) -> Option<Action> {
    let mut b = a.clone();
    change(&mut b);
    (b != *a).then_some(Action::Document(DocAction::EditAnnotation {
        annotation: b,
        coalesce,
    }))
}

/// A small heading of the editor.
fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).strong().color(ACCENT));
}

fn editor_ui(
    ui: &mut Ui,
    plan: &Plan,
    lang: Lang,
    data: &AtlasData,
    editor: &mut AnnotationEditorState,
    a: &Annotation,
) -> Option<Action> {
    let mut action = None;
    let doc = |d: DocAction| Some(Action::Document(d));

    // Kind and title (or ID); deselect and delete.
    Sides::new().shrink_left().truncate().show(
        ui,
        |ui| {
            ui.label(RichText::new(kind_glyph(a.kind)).size(18.0).color(display_colour(a)));
            ui.label(
                RichText::new(format!("{} {}", kind_name(lang, a.kind), list::display_title(a)))
                    .size(16.0)
                    .strong()
                    .color(ACCENT),
            );
        },
        |ui| {
            if ui.button(tr(lang, Key::ClearSelection)).clicked() {
                action = doc(DocAction::SelectAnnotation(None));
            }
            let delete =
                Button::new(RichText::new(tr(lang, Key::AnnotationDelete)).color(Color32::from_rgb(0xb7, 0x1c, 0x1c)));
            if ui.add(delete).clicked() {
                action = doc(DocAction::DeleteAnnotation(a.id));
            }
        },
    );
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr(lang, Key::AnnotationPosition)).weak());
        ui.label(position_summary(lang, a));
        if ui.small_button(tr(lang, Key::ShowOnMap)).clicked() {
            action = doc(DocAction::FrameAnnotation(a.id));
        }
    });

    // Title and description.
    let title_key = if a.kind == AnnotationKind::Text {
        Key::NewTextPrompt
    } else {
        Key::AnnotationTitle
    };
    let label = ui.label(RichText::new(tr(lang, title_key)).weak());
    let mut title = a.title.clone();
    let r = ui
        .add(
            TextEdit::singleline(&mut title)
                .id_salt(("annotation-title", a.id))
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if r.changed() {
        merge(
            &mut action,
            edited(a, Some(format!("title:{}", a.id)), |b| b.title = title),
        );
    }
    if a.kind != AnnotationKind::Text {
        let mut show = a.show_title;
        let r = ui
            .checkbox(&mut show, tr(lang, TitleKey::ShowOnMap.into()))
            .on_hover_text(tr(lang, TitleKey::ShowOnMapHint.into()));
        if r.changed() {
            merge(&mut action, edited(a, None, |b| b.show_title = show));
        }
    }
    let label = ui.label(RichText::new(tr(lang, Key::AnnotationDescription)).weak());
    let mut description = a.description.clone();
    let r = ui
        .add(
            TextEdit::multiline(&mut description)
                .id_salt(("annotation-description", a.id))
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if r.changed() {
        merge(
            &mut action,
            edited(a, Some(format!("description:{}", a.id)), |b| {
                b.description = description
            }),
        );
    }

    // Style.
    heading(ui, tr(lang, Key::AnnotationStyle));
    merge(&mut action, style_ui(ui, lang, editor, a));

    // Links.
    ui.separator();
    merge(&mut action, links_ui(ui, plan, lang, data, a));
    ui.add_space(4.0);
    merge(&mut action, picker_ui(ui, plan, lang, data, editor, a));
    action
}
