//! The 标注 tab: the project's annotations and the selected one's properties editor —
//! title, description, style, and links to plan elements and catalogue features, picked
//! from a searchable list — and the small “◆ 标注” markers the paragraph and feature
//! panels show for the annotations linked to them.
//!
//! Like every panel, it draws from the state and returns the [`Action`] the user asked
//! for: an edit is a [`DocAction::EditAnnotation`] carrying the edited copy, so the app's
//! undo history sees every change (typing and dragging coalesce into one step per field).

use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};
use egui::{Button, Color32, FontId, Id, RichText, ScrollArea, Sides, Slider, TextEdit, TextStyle, Ui};

use super::layers::{AtlasData, feature_name};
use super::merge;
use super::style::{ACCENT, HIT_BG, badge};
use crate::action::{Action, DocAction};
use crate::i18n::{Key, Lang, tr};
use crate::model::annotation::{Annotation, AnnotationKind, Link, MarkerSize, Rgb, Style};
use crate::plan::{ElementKind, Plan};
use crate::state::AppState;

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

// ---------------------------------------------------------------------------------------
// The list.

/// A glyph for each kind, drawn in the annotation's colour.
fn kind_glyph(kind: AnnotationKind) -> &'static str {
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
fn display_colour(a: &Annotation) -> Color32 {
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

fn list_ui(ui: &mut Ui, lang: Lang, data: &AtlasData) -> Option<Action> {
    let mut action = None;
    ui.label(
        RichText::new(crate::i18n::counted(
            lang,
            tr(lang, Key::TabAnnotations),
            data.annotations.len(),
        ))
        .strong()
        .color(ACCENT),
    );
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

// ---------------------------------------------------------------------------------------
// The editor.

/// The edited copy as an action, unless the edit changes nothing.
fn edited(a: &Annotation, coalesce: Option<String>, change: impl FnOnce(&mut Annotation)) -> Option<Action> {
    let mut b = a.clone();
    change(&mut b);
    (b != *a).then_some(Action::Document(DocAction::EditAnnotation {
        annotation: b,
        coalesce,
    }))
}

/// The line through `lon_lat` as geo geometry.
fn line_string(lon_lat: &[[f64; 2]]) -> geo::LineString<f64> {
    lon_lat.iter().map(|&[x, y]| geo::Coord { x, y }).collect()
}

/// Length in km of the line through `vertices` (`[lon, lat]`), on the WGS-84 ellipsoid.
fn length_km(vertices: &[[f64; 2]]) -> f64 {
    use geo::{Geodesic, Length};
    Geodesic.length(&line_string(vertices)) / 1000.0
}

/// Area in km² of the ring `[lon, lat]` (open or closed), on the WGS-84 ellipsoid.
fn area_km2(ring: &[[f64; 2]]) -> f64 {
    use geo::GeodesicArea;
    geo::Polygon::new(line_string(ring), Vec::new()).geodesic_area_unsigned() / 1e6
}

/// Where the annotation is: a point's longitude and latitude; a line's vertex count and
/// length; a polygon's vertex count and area.
pub fn position_summary(lang: Lang, a: &Annotation) -> String {
    match a.kind {
        AnnotationKind::Point | AnnotationKind::Text => a
            .vertices
            .first()
            .map_or_else(String::new, |v| format!("{:.5}°E, {:.5}°N", v[0], v[1])),
        AnnotationKind::Line => {
            let length = length_km(&a.vertices);
            format!(
                "{} {} · {} {:.2} km",
                a.vertices.len(),
                tr(lang, Key::AnnotationVertices),
                tr(lang, Key::AnnotationLength),
                length
            )
        }
        AnnotationKind::Polygon => format!(
            "{} {} · {} {:.2} km²",
            a.vertices.len(),
            tr(lang, Key::AnnotationVertices),
            tr(lang, Key::AnnotationArea),
            area_km2(&a.vertices)
        ),
    }
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

    // Kind, ID and position; deselect and delete.
    Sides::new().shrink_left().truncate().show(
        ui,
        |ui| {
            ui.label(RichText::new(kind_glyph(a.kind)).size(18.0).color(display_colour(a)));
            ui.label(
                RichText::new(format!("{} #{}", kind_name(lang, a.kind), a.id))
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

/// A colour of the style, edited by a colour button and a `#rrggbb` field.
#[derive(Clone, Copy)]
enum ColourField {
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

fn colour_ui(
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
fn opacity_ui(ui: &mut Ui, label: Id, value: f64) -> Option<f64> {
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

fn style_ui(ui: &mut Ui, lang: Lang, editor: &mut AnnotationEditorState, a: &Annotation) -> Option<Action> {
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

// ---------------------------------------------------------------------------------------
// Links.

/// The tag of a plan element kind.
fn plan_kind_tag(kind: Option<ElementKind>) -> (Key, Color32) {
    match kind {
        Some(ElementKind::Paragraph) => (Key::LinkKindParagraph, Color32::from_rgb(0x55, 0x6b, 0x2f)),
        Some(ElementKind::Preface | ElementKind::Chapter) => (Key::LinkKindChapter, ACCENT),
        Some(ElementKind::Section) => (Key::LinkKindSection, ACCENT),
        Some(ElementKind::Box) => (Key::LinkKindColumn, Color32::from_rgb(0x8e, 0x24, 0xaa)),
        Some(ElementKind::Table | ElementKind::TableRow) => (Key::LinkKindTable, Color32::from_rgb(0x1e, 0x6f, 0xb8)),
        Some(ElementKind::Target) => (Key::LinkKindTarget, Color32::from_rgb(0xb8, 0x5c, 0x1e)),
        None => (Key::LinkKindParagraph, Color32::from_gray(120)),
    }
}

const FEATURE_TAG: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);

/// The first `n` characters of `text`, with `…` when cut.
fn first_chars(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

/// How a linked plan element reads: a paragraph's ID and opening words, a target's
/// label and value, other elements' titles; `None` if the plan has no such ID.
fn plan_element_text(plan: &Plan, id: &str) -> Option<String> {
    match plan.kind_of(id)? {
        ElementKind::Paragraph => plan
            .paragraph(id)
            .map(|p| format!("{id} · {}", first_chars(&p.text, 24))),
        ElementKind::Target => plan
            .target(id)
            .map(|t| format!("{} {}{} · {id}", t.label, t.value_text, t.unit)),
        _ => plan.title_of(id).map(|t| format!("{t} · {id}")),
    }
}

fn links_ui(ui: &mut Ui, plan: &Plan, lang: Lang, data: &AtlasData, a: &Annotation) -> Option<Action> {
    let mut action = None;
    heading(
        ui,
        &crate::i18n::counted(lang, tr(lang, Key::AnnotationLinks), a.links.len()),
    );
    if a.links.is_empty() {
        ui.label(RichText::new(tr(lang, Key::AnnotationNoLinks)).weak());
    }
    for link in &a.links {
        let (tag, colour, text, found, open, hover) = match link {
            Link::PlanElement(id) => {
                let (tag, colour) = plan_kind_tag(plan.kind_of(id));
                let text = plan_element_text(plan, id);
                let found = text.is_some();
                (
                    tag,
                    colour,
                    text.unwrap_or_else(|| format!("{id}{}", tr(lang, Key::AnnotationLinkMissing))),
                    found,
                    Action::Show(id.clone()),
                    Key::AnnotationOpenPlan,
                )
            }
            Link::Feature(id) => {
                let index = data.catalogue.features.iter().position(|f| &f.id == id);
                let text = index.map_or_else(
                    || format!("{id}{}", tr(lang, Key::AnnotationLinkMissing)),
                    |k| feature_name(lang, data.catalogue, k),
                );
                (
                    Key::LinkKindFeature,
                    FEATURE_TAG,
                    text,
                    index.is_some(),
                    Action::GoToFeature(id.clone()),
                    Key::AnnotationOpenFeature,
                )
            }
        };
        let (opened, removed) = Sides::new().shrink_left().truncate().show(
            ui,
            |ui| {
                badge(ui, tr(lang, tag), colour, 34.0);
                ui.add_enabled(found, Button::new(text).frame(false).truncate())
                    .on_hover_text(format!("{} · {}", tr(lang, hover), link.id()))
                    .clicked()
            },
            |ui| {
                ui.add(Button::new("×").small())
                    .on_hover_text(tr(lang, Key::AnnotationRemoveLink))
                    .clicked()
            },
        );
        if opened {
            action = Some(open);
        }
        if removed {
            action = edited(a, None, |b| {
                b.remove_link(link);
            });
        }
    }
    action
}

/// One entry of the link picker.
struct Candidate {
    link: Link,
    tag: (Key, Color32),
    /// What the entry reads, with the matched part (byte range) marked.
    text: String,
    hit: Option<Range<usize>>,
}

/// Where `query` occurs in `hay` (ASCII letters compared without case).
fn find(hay: &str, query: &str) -> Option<Range<usize>> {
    if query.is_empty() {
        return None;
    }
    if let Some(at) = hay.find(query) {
        return Some(at..at + query.len());
    }
    let lower = hay.to_ascii_lowercase();
    lower.find(&query.to_ascii_lowercase()).map(|at| at..at + query.len())
}

/// Up to `before` characters before the range and `total` characters in all, with `…`
/// where the text is cut; the range moved into the snippet.
fn snippet(text: &str, range: Option<Range<usize>>, before: usize, total: usize) -> (String, Option<Range<usize>>) {
    let start = range.as_ref().map_or(0, |r| {
        text[..r.start]
            .char_indices()
            .rev()
            .nth(before.saturating_sub(1))
            .map_or(0, |(i, _)| i)
    });
    let rest = &text[start..];
    let end = start + rest.char_indices().nth(total).map_or(rest.len(), |(i, _)| i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let offset = out.len();
    out.push_str(&text[start..end]);
    if end < text.len() {
        out.push('…');
    }
    let hit = range
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start + offset..r.end - start + offset);
    (out, hit)
}

/// Every plan element and catalogue feature the query finds (all of them for an empty
/// query), in the order: sections, columns, targets, features, paragraphs.
fn candidates(plan: &Plan, data: &AtlasData, lang: Lang, query: &str, filter: LinkFilter) -> Vec<Candidate> {
    let q = query.trim();
    let matches = |texts: &[&str]| q.is_empty() || texts.iter().any(|t| find(t, q).is_some());
    let mut out = Vec::new();
    let element = |out: &mut Vec<Candidate>, id: &str, text: String, group: LinkFilter| {
        if filter.admits(group) && matches(&[id, &text]) {
            let hit = find(&text, q);
            out.push(Candidate {
                link: Link::PlanElement(id.to_string()),
                tag: plan_kind_tag(plan.kind_of(id)),
                text,
                hit,
            });
        }
    };
    let mut heads = vec!["preface".to_string()];
    for ch in &plan.chapters {
        heads.push(ch.id.clone());
        heads.extend(ch.sections.iter().map(|s| s.id.clone()));
    }
    heads.extend(plan.tables.iter().map(|t| t.id.clone()));
    for id in &heads {
        if let Some(title) = plan.title_of(id) {
            element(&mut out, id, title, LinkFilter::Sections);
        }
    }
    for b in &plan.boxes {
        if let Some(title) = plan.title_of(&b.id) {
            element(&mut out, &b.id, title, LinkFilter::Columns);
        }
    }
    for t in &plan.targets {
        let year = t.year.map_or_else(String::new, |y| format!("（{y}）"));
        element(
            &mut out,
            &t.id,
            format!("{} {}{}{year}", t.label, t.value_text, t.unit),
            LinkFilter::Targets,
        );
    }
    if filter.admits(LinkFilter::Features) {
        for (k, f) in data.catalogue.features.iter().enumerate() {
            let names: Vec<&str> = f.names().chain([f.name_en.as_str(), f.id.as_str()]).collect();
            if !matches(&names) {
                continue;
            }
            let mut text = feature_name(lang, data.catalogue, k);
            if !f.aliases.is_empty() {
                text.push_str(&format!("（{}）", f.aliases.join("、")));
            }
            let hit = find(&text, q);
            out.push(Candidate {
                link: Link::Feature(f.id.clone()),
                tag: (Key::LinkKindFeature, FEATURE_TAG),
                text,
                hit,
            });
        }
    }
    if filter.admits(LinkFilter::Paragraphs) {
        for p in plan.all_paragraphs() {
            let (text, hit) = if q.is_empty() || find(&p.id, q).is_some() {
                let (body, _) = snippet(&p.text, None, 0, 26);
                let head = format!("{} · ", p.id);
                let hit = find(&p.id, q);
                (format!("{head}{body}"), hit)
            } else if let Some(r) = find(&p.text, q) {
                let (body, hit) = snippet(&p.text, Some(r), 10, 30);
                let head = format!("{} · ", p.id);
                let shift = head.len();
                (format!("{head}{body}"), hit.map(|h| h.start + shift..h.end + shift))
            } else {
                continue;
            };
            out.push(Candidate {
                link: Link::PlanElement(p.id.clone()),
                tag: plan_kind_tag(Some(ElementKind::Paragraph)),
                text,
                hit,
            });
        }
    }
    out
}

/// The candidate's text with the matched part on the search-hit yellow.
fn candidate_job(ui: &Ui, lang: Lang, c: &Candidate, linked: bool) -> LayoutJob {
    let color = if linked {
        ui.visuals().weak_text_color()
    } else {
        ui.visuals().text_color()
    };
    let normal = TextFormat {
        font_id: FontId::proportional(13.5),
        color,
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    match c.hit.clone().filter(|r| c.text.get(r.clone()).is_some()) {
        Some(r) => {
            job.append(&c.text[..r.start], 0.0, normal.clone());
            job.append(
                &c.text[r.clone()],
                0.0,
                TextFormat {
                    background: HIT_BG,
                    color: Color32::BLACK,
                    ..normal.clone()
                },
            );
            job.append(&c.text[r.end..], 0.0, normal.clone());
        }
        None => job.append(&c.text, 0.0, normal.clone()),
    }
    if linked {
        job.append(&format!("  ✓ {}", tr(lang, Key::AnnotationAlreadyLinked)), 0.0, normal);
    }
    job
}

fn picker_ui(
    ui: &mut Ui,
    plan: &Plan,
    lang: Lang,
    data: &AtlasData,
    editor: &mut AnnotationEditorState,
    a: &Annotation,
) -> Option<Action> {
    let mut action = None;
    let label = ui.label(RichText::new(tr(lang, Key::AnnotationAddLink)).strong().color(ACCENT));
    ui.add(
        TextEdit::singleline(&mut editor.link_query)
            .hint_text(tr(lang, Key::AnnotationLinkSearchHint))
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.horizontal_wrapped(|ui| {
        for f in LinkFilter::ALL {
            if ui
                .add(Button::selectable(editor.link_filter == f, tr(lang, f.key())).small())
                .clicked()
            {
                editor.link_filter = f;
            }
        }
    });
    let found = candidates(plan, data, lang, &editor.link_query, editor.link_filter);
    if found.is_empty() {
        ui.label(RichText::new(tr(lang, Key::AnnotationNoCandidates)).weak());
        return None;
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ScrollArea::vertical()
            .id_salt(("link-candidates", a.id))
            .max_height(300.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for c in found.iter().take(CANDIDATE_LIMIT) {
                    let linked = a.links_to(&c.link);
                    ui.horizontal(|ui| {
                        badge(ui, tr(lang, c.tag.0), c.tag.1, 34.0);
                        let job = candidate_job(ui, lang, c, linked);
                        let r = ui.add_enabled(!linked, Button::new(job).frame(false).wrap());
                        if r.clicked() {
                            action = edited(a, None, |b| {
                                b.add_link(c.link.clone());
                            });
                        }
                    });
                }
            });
    });
    if found.len() > CANDIDATE_LIMIT {
        ui.label(
            RichText::new(
                tr(lang, Key::AnnotationMoreCandidates).replace("{}", &(found.len() - CANDIDATE_LIMIT).to_string()),
            )
            .small()
            .weak(),
        );
    }
    action
}

// ---------------------------------------------------------------------------------------
// Markers in the other panels.

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
fn linked_annotations_section_ui(ui: &mut Ui, lang: Lang, linked: &[&Annotation]) -> Option<Action> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_cuts_around_the_match_and_moves_the_range() {
        let text = "一二三四五六七八九十大连软件园一二三四五";
        let at = text.find("大连").expect("name");
        let (s, hit) = snippet(text, Some(at..at + "大连".len()), 3, 8);
        assert_eq!(s, "…八九十大连软件园…");
        let hit = hit.expect("inside");
        assert_eq!(&s[hit], "大连");
        let (s, hit) = snippet("短文本", None, 3, 8);
        assert_eq!((s.as_str(), hit), ("短文本", None));
    }

    #[test]
    fn search_ignores_ascii_case() {
        assert_eq!(find("Dalian Software Park", "software"), Some(7..15));
        assert_eq!(find("大连软件园", "软件"), Some(6..12));
        assert_eq!(find("abc", ""), None);
    }

    #[test]
    fn a_line_is_measured_and_a_polygon_has_an_area() {
        // One degree of latitude is about 111 km.
        assert!((length_km(&[[121.0, 38.0], [121.0, 39.0]]) - 111.2).abs() < 0.5);
        let square = [[121.0, 39.0], [121.01, 39.0], [121.01, 39.01], [121.0, 39.01]];
        let area = area_km2(&square);
        assert!((area - 0.956).abs() < 0.02, "{area}");
    }
}
