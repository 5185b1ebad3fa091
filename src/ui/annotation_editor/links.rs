//! The links section of the editor: the annotation's links to plan elements and
//! catalogue features, and the searchable picker that adds them.

use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};
use egui::{Button, Color32, FontId, RichText, ScrollArea, Sides, TextEdit, Ui};

use super::{AnnotationEditorState, CANDIDATE_LIMIT, LinkFilter, edited, heading};
use crate::action::Action;
use crate::i18n::{Key, Lang, tr};
use crate::model::annotation::{Annotation, Link};
use crate::plan::{ElementKind, Plan};
use crate::ui::layers::{AtlasData, feature_name};
use crate::ui::style::{ACCENT, HIT_BG, badge};

/// The tag of a plan element kind.
pub(super) fn plan_kind_tag(kind: Option<ElementKind>) -> (Key, Color32) {
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

pub(super) const FEATURE_TAG: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);

/// The first `n` characters of `text`, with `…` when cut.
pub(super) fn first_chars(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

/// How a linked plan element reads: a paragraph's ID and opening words, a target's
/// label and value, other elements' titles; `None` if the plan has no such ID.
pub(super) fn plan_element_text(plan: &Plan, id: &str) -> Option<String> {
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

pub(super) fn links_ui(ui: &mut Ui, plan: &Plan, lang: Lang, data: &AtlasData, a: &Annotation) -> Option<Action> {
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
pub(super) struct Candidate {
    link: Link,
    tag: (Key, Color32),
    /// What the entry reads, with the matched part (byte range) marked.
    text: String,
    hit: Option<Range<usize>>,
}

/// Where `query` occurs in `hay` (ASCII letters compared without case).
pub(super) fn find(hay: &str, query: &str) -> Option<Range<usize>> {
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
pub(super) fn snippet(
    text: &str,
    range: Option<Range<usize>>,
    before: usize,
    total: usize,
) -> (String, Option<Range<usize>>) {
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
pub(super) fn candidates(plan: &Plan, data: &AtlasData, lang: Lang, query: &str, filter: LinkFilter) -> Vec<Candidate> {
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
pub(super) fn candidate_job(ui: &Ui, lang: Lang, c: &Candidate, linked: bool) -> LayoutJob {
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

pub(super) fn picker_ui(
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
}
