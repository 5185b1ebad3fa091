//! Presenter mode's part of the window (issue 6): the keys a presentation clicker sends,
//! the caption bars over and under the map (scene title and counter; the linked plan
//! text or target) in projector-sized type, light or dark, and the black screen.

use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, FontId, Label, Layout, RichText, Ui};

use crate::i18n::{self, Lang};
use crate::model::Scene;
use crate::plan::{ElementKind, Plan, Target, TargetKind};

/// The presenter keys pressed this frame, read from the shortcut table.
pub use super::shortcuts::presenter_keys;

/// Projector colours: a light and a dark theme, both high contrast.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PresenterColours {
    pub bar: Color32,
    pub text: Color32,
    pub weak: Color32,
    pub accent: Color32,
}

impl PresenterColours {
    pub fn new(dark: bool) -> PresenterColours {
        if dark {
            PresenterColours {
                bar: Color32::from_rgb(0x12, 0x16, 0x1c),
                text: Color32::from_rgb(0xf4, 0xf4, 0xf4),
                weak: Color32::from_rgb(0xb8, 0xc0, 0xcc),
                accent: Color32::from_rgb(0x7c, 0xc4, 0xff),
            }
        } else {
            PresenterColours {
                bar: Color32::from_rgb(0xfb, 0xfb, 0xfa),
                text: Color32::from_rgb(0x10, 0x14, 0x1a),
                weak: Color32::from_rgb(0x4a, 0x52, 0x5e),
                accent: Color32::from_rgb(0x0b, 0x4f, 0x9c),
            }
        }
    }
}

/// Point sizes of the presenter's type for a window `height` points high: the title about
/// 1/28 of the height, the caption 1/42, never below 22 and 16 points.
pub fn presenter_font_sizes(height: f32) -> (f32, f32) {
    ((height / 28.0).max(22.0), (height / 42.0).max(16.0))
}

/// How much larger than the caption a target's number is drawn.
const VALUE_SCALE: f32 = 1.3;

/// The height of one line of text in `font` (with the CJK font's ascent and descent).
fn row_height(ui: &Ui, font: FontId) -> f32 {
    ui.painter()
        .layout_no_wrap("国Ag".to_string(), font, Color32::PLACEHOLDER)
        .size()
        .y
}

/// The title the presenter shows for the scene at `index` (0-based): its own title, or,
/// when blank, the name the scene list gives it (“场景 3”).
pub fn presenter_title(lang: Lang, title: &str, index: usize) -> String {
    if title.trim().is_empty() {
        format!("{} {}", i18n::tr(lang, i18n::Key::SceneDefaultTitle), index + 1)
    } else {
        title.trim().to_string()
    }
}

/// The top caption bar, one line high whatever the title: the counter “3 / 12” on the
/// right in the title's size and colour, and the scene's title (see [`presenter_title`])
/// on the left, cut with “…” where it would reach the counter. The counter is a label of
/// its own with exactly the text “3 / 12”.
pub fn presenter_title_ui(ui: &mut Ui, lang: Lang, title: &str, index: usize, count: usize, colours: PresenterColours) {
    let (title_size, _) = presenter_font_sizes(ui.ctx().content_rect().height());
    let font = FontId::proportional(title_size);
    let height = row_height(ui, font.clone());
    let width = ui.available_width();
    ui.allocate_ui_with_layout(egui::vec2(width, height), Layout::right_to_left(Align::Center), |ui| {
        ui.set_min_size(egui::vec2(width, height));
        ui.add(
            Label::new(
                RichText::new(format!("{} / {count}", index + 1))
                    .font(font.clone())
                    .color(colours.text),
            )
            .extend(),
        );
        ui.add_space(title_size);
        ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
            ui.add(
                Label::new(
                    RichText::new(presenter_title(lang, title, index))
                        .font(font)
                        .strong()
                        .color(colours.text),
                )
                .truncate(),
            );
        });
    });
}

/// Lines of caption text at most (the rest is cut with “…”).
pub const CAPTION_ROWS: usize = 3;

/// Characters of plan text a caption holds at most: what [`CAPTION_ROWS`] lines hold on a
/// 4:3 projector with room to spare (a 16:9 screen holds about 70 a line).
pub const CAPTION_MAX_CHARS: usize = 120;

/// The bottom caption bar, always the same height for a given window (the source line
/// and [`CAPTION_ROWS`] caption lines, one of them tall enough for an enlarged number),
/// so that the map does not move from slide to slide, whatever the texts' length and
/// also when either is empty: the source (e.g. “第二章 第四节 整体布局”) on one line in a
/// weaker colour, cut with “…”, then the caption, at most [`CAPTION_ROWS`] lines, longer
/// text cut with “…”. `value` is the byte range of a number in `caption` drawn larger and
/// in the accent colour (as [`presenter_caption`] gives it); a range that is not within
/// `caption` on character boundaries is ignored.
pub fn presenter_caption_ui(
    ui: &mut Ui,
    caption: &str,
    source: &str,
    value: Option<Range<usize>>,
    colours: PresenterColours,
) {
    let (_, caption_size) = presenter_font_sizes(ui.ctx().content_rect().height());
    let source_font = FontId::proportional(caption_size * 0.8);
    let caption_font = FontId::proportional(caption_size);
    let value_font = FontId::proportional(caption_size * VALUE_SCALE);
    let caption_row = row_height(ui, caption_font.clone());
    let height = row_height(ui, source_font.clone())
        + ui.spacing().item_spacing.y
        + caption_row * (CAPTION_ROWS - 1) as f32
        + row_height(ui, value_font.clone()).max(caption_row);
    let width = ui.available_width();
    ui.allocate_ui_with_layout(egui::vec2(width, height), Layout::top_down(Align::Min), |ui| {
        ui.set_min_size(egui::vec2(width, height));
        ui.set_max_height(height);
        ui.add(Label::new(RichText::new(source).font(source_font).color(colours.weak)).truncate());
        let mut job = LayoutJob::default();
        let plain = TextFormat::simple(caption_font, colours.text);
        match value.filter(|r| caption.get(r.clone()).is_some_and(|v| !v.is_empty())) {
            Some(r) => {
                job.append(&caption[..r.start], 0.0, plain.clone());
                job.append(&caption[r.clone()], 0.0, TextFormat::simple(value_font, colours.accent));
                job.append(&caption[r.end..], 0.0, plain);
            }
            None => job.append(caption, 0.0, plain),
        }
        job.wrap.max_width = width;
        job.wrap.max_rows = CAPTION_ROWS;
        ui.add(Label::new(job).wrap());
    });
}

/// Where an element of the plan stands, as the caption's source line: the chapter and
/// section labels before the title of the section (`第二章 第三节 发展目标`), chapter
/// (`第三章 建设…`), column (`第三章 第二节 专栏1 …`) or table (`第二章 第三节 表1 …`)
/// that holds it; a paragraph, target or table row stands where its container does.
/// Empty for an unknown ID.
fn source_of(plan: &Plan, id: &str) -> String {
    let labels = |chapter: &str, section: Option<&str>| -> Vec<String> {
        let mut parts: Vec<String> = plan.chapter(chapter).map(|c| c.label.clone()).into_iter().collect();
        parts.extend(section.and_then(|s| plan.section(s)).map(|s| s.label.clone()));
        parts
    };
    let kind = plan.kind_of(id);
    let parts: Vec<String> = match kind {
        Some(ElementKind::Paragraph) => {
            return plan.container_of(id).map(|c| source_of(plan, c)).unwrap_or_default();
        }
        Some(ElementKind::Target) => {
            return plan
                .target(id)
                .map(|t| source_of(plan, &t.paragraph))
                .unwrap_or_default();
        }
        Some(ElementKind::TableRow) => {
            return plan
                .table_row(id)
                .map(|(t, _)| source_of(plan, &t.id))
                .unwrap_or_default();
        }
        Some(ElementKind::Section) => {
            let chapter = plan
                .chapters
                .iter()
                .find(|c| c.sections.iter().any(|s| s.id == id))
                .map(|c| c.label.clone());
            chapter.into_iter().chain(plan.title_of(id)).collect()
        }
        // A column or a table: where it stands, then its own title.
        Some(ElementKind::Box | ElementKind::Table) => {
            let place = match kind {
                Some(ElementKind::Box) => plan.text_box(id).map(|b| (&b.chapter, b.section.as_deref())),
                _ => plan.table(id).map(|t| (&t.chapter, t.section.as_deref())),
            };
            match place {
                Some((chapter, section)) => labels(chapter, section).into_iter().chain(plan.title_of(id)).collect(),
                None => Vec::new(),
            }
        }
        Some(ElementKind::Chapter | ElementKind::Preface) => plan.title_of(id).into_iter().collect(),
        None => Vec::new(),
    };
    parts.join(" ")
}

/// A target as a caption, “5G建设基站 6309个（2020）”, with the byte range of its number
/// and unit: “约” before an approximate value, “不高于”/“不少于” before a bound.
fn target_caption(t: &Target) -> (String, Range<usize>) {
    let mut text = t.label.trim().to_string();
    if !text.is_empty() {
        text.push(' ');
    }
    match t.kind {
        TargetKind::UpperBound => text.push_str("不高于"),
        TargetKind::LowerBound => text.push_str("不少于"),
        _ => {}
    }
    if t.approximate {
        text.push('约');
    }
    let start = text.len();
    text.push_str(&t.value_text);
    // Table values are written with their unit (“7.2%”).
    if !t.value_text.ends_with(t.unit.as_str()) {
        text.push_str(&t.unit);
    }
    let value = start..text.len();
    if let Some(year) = t.year {
        text.push_str(&format!("（{year}）"));
    }
    (text, value)
}

/// Whether a character ends a sentence of the plan.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；')
}

/// Whether a character ends a clause within a sentence.
fn ends_clause(c: char) -> bool {
    matches!(c, '，' | '、' | '：')
}

/// Splits `text` after every character `ends` accepts (the last piece may end otherwise).
fn pieces(text: &str, ends: fn(char) -> bool) -> Vec<&str> {
    text.split_inclusive(ends).filter(|s| !s.trim().is_empty()).collect()
}

/// At most `max` characters of `text`, cut at phrase ends: the whole text when it fits;
/// else the whole sentences (ending in 。！？；) from its start that fit; when those fill
/// less than half of `max`, they are followed by the whole clauses (ending in ，、：) of
/// the next sentence that fit, its last mark replaced by “……”. A first sentence with no
/// clause that fits is cut after `max` − 2 characters, with “……”.
fn whole_sentences(text: &str, max: usize) -> String {
    let text = text.trim();
    let count = |s: &str| s.chars().count();
    if count(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    let mut rest: Option<&str> = None;
    for sentence in pieces(text, ends_sentence) {
        let n = count(sentence);
        if used + n > max {
            rest = Some(sentence);
            break;
        }
        out.push_str(sentence);
        used += n;
    }
    let Some(next) = rest.filter(|_| used * 2 < max) else {
        return out;
    };
    let mut clauses = String::new();
    for clause in pieces(next, ends_clause) {
        let n = count(clause);
        if used + n + 2 > max {
            break;
        }
        clauses.push_str(clause);
        used += n;
    }
    if !clauses.is_empty() {
        out.push_str(clauses.trim_end_matches(ends_clause));
        out.push_str("……");
    } else if out.is_empty() {
        out = text.chars().take(max.saturating_sub(2)).collect();
        out.push_str("……");
    }
    out
}

/// What the caption bar shows for `scene`: `(caption, source, value)`.
///
/// A target (the scene's `target`, else its `shown` when that is a target) wins, as it is
/// what the scene is about: the caption is “label value unit（year）” (see the bar), the
/// source where the target stands in the plan (“第二章 第三节 发展目标”, “第二章 第三节
/// 表1 …”), never the target's own label, and `value` the byte range of the number with
/// its unit in the caption. Else the first paragraph of the shown element, as many whole
/// sentences as fit in [`CAPTION_MAX_CHARS`] (see [`whole_sentences`]), with where that
/// element stands (a section's own heading, with its chapter's label). IDs the plan does
/// not know, and a scene linking nothing, give empty texts (the caller may then hide the
/// bar).
pub fn presenter_caption(plan: &Plan, scene: &Scene) -> (String, String, Option<Range<usize>>) {
    let target = scene
        .target
        .as_deref()
        .and_then(|id| plan.target(id))
        .or_else(|| scene.shown.as_deref().and_then(|id| plan.target(id)));
    if let Some(t) = target {
        let (caption, value) = target_caption(t);
        return (caption, source_of(plan, &t.id), Some(value));
    }
    match scene.shown.as_deref() {
        Some(id) => (
            plan.paragraphs_of(id)
                .first()
                .map(|p| whole_sentences(&p.text, CAPTION_MAX_CHARS))
                .unwrap_or_default(),
            source_of(plan, id),
            None,
        ),
        None => (String::new(), String::new(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MapView;

    fn plan() -> Plan {
        Plan::embedded().expect("the embedded plan parses")
    }

    fn view() -> MapView {
        MapView {
            lon: 121.62,
            lat: 38.92,
            zoom: 11.0,
        }
    }

    fn scene_with(target: Option<&str>, shown: Option<&str>) -> Scene {
        let mut scene = Scene::new("场景", view());
        scene.target = target.map(str::to_string);
        scene.shown = shown.map(str::to_string);
        scene
    }

    fn chars(s: &str) -> usize {
        s.chars().count()
    }

    #[test]
    fn a_blank_title_is_named_as_the_scene_list_names_it() {
        assert_eq!(presenter_title(Lang::Zh, "  ", 2), "场景 3");
        assert_eq!(presenter_title(Lang::En, "", 0), "Scene 1");
        assert_eq!(presenter_title(Lang::Zh, " 整体布局 ", 4), "整体布局");
    }

    #[test]
    fn a_text_target_shows_label_number_unit_and_year_and_stands_in_its_section() {
        let plan = plan();
        let id = plan
            .targets
            .iter()
            .find(|t| t.label == "5G建设基站")
            .map(|t| t.id.clone())
            .expect("the plan counts its 5G base stations");
        let scene = scene_with(Some(&id), Some("ch3.s1.p2"));
        let (caption, source, value) = presenter_caption(&plan, &scene);
        assert_eq!(caption, "5G建设基站 6309个（2020）");
        assert_eq!(value.map(|r| &caption[r]), Some("6309个"));
        assert_eq!(source, "第一章 第一节 取得的主要成就");
    }

    #[test]
    fn a_table_target_stands_in_its_table_and_keeps_one_percent_sign() {
        let plan = plan();
        let scene = scene_with(Some("table1.r1.y2020"), None);
        let (caption, source, value) = presenter_caption(&plan, &scene);
        assert_eq!(caption, "数字经济核心产业增加值占地区生产总值比重 7.2%（2020）");
        assert_eq!(value.map(|r| &caption[r]), Some("7.2%"));
        assert!(source.starts_with("第二章 第三节 表1 "), "{source}");
    }

    #[test]
    fn bounds_and_approximate_values_keep_their_qualifier() {
        let plan = plan();
        let caption = |id: &str| presenter_caption(&plan, &scene_with(Some(id), None)).0;
        assert!(
            caption("ch2.s3.p7.n1").ends_with("不高于1.3（2025）"),
            "{}",
            caption("ch2.s3.p7.n1")
        );
        assert!(
            caption("box7.p2.n3").ends_with("不少于20个（2025）"),
            "{}",
            caption("box7.p2.n3")
        );
        assert_eq!(caption("ch1.s1.p2.n1"), "软件企业 约2000家（2020）");
        assert_eq!(
            presenter_caption(&plan, &scene_with(Some("box7.p2.n3"), None)).1,
            "第六章 第一节 专栏7 工业数字化转型“赋能”工程"
        );
    }

    #[test]
    fn every_target_caption_names_its_number_and_a_source_other_than_its_label() {
        let plan = plan();
        for t in &plan.targets {
            let (caption, source, value) = presenter_caption(&plan, &scene_with(Some(&t.id), None));
            let number = value.and_then(|r| caption.get(r)).unwrap_or_default();
            assert!(number.starts_with(&t.value_text), "{}: {caption}", t.id);
            assert!(!number.contains("%%"), "{}: {caption}", t.id);
            assert!(caption.starts_with(t.label.trim()), "{}: {caption}", t.id);
            assert!(!source.is_empty() && source != t.label, "{}: {source}", t.id);
            assert!(source.starts_with('第'), "{}: {source}", t.id);
        }
    }

    #[test]
    fn a_target_wins_over_the_shown_paragraph_and_a_shown_target_counts_as_one() {
        let plan = plan();
        let with_both = presenter_caption(&plan, &scene_with(Some("ch1.s1.p8.n4"), Some("ch2.s4.p2")));
        let shown_only = presenter_caption(&plan, &scene_with(None, Some("ch1.s1.p8.n4")));
        assert_eq!(with_both, shown_only);
        assert!(with_both.0.starts_with("5G建设基站"), "{}", with_both.0);
    }

    #[test]
    fn a_scene_linking_nothing_or_unknown_ids_has_empty_texts() {
        let plan = plan();
        let empty = (String::new(), String::new(), None);
        assert_eq!(presenter_caption(&plan, &scene_with(None, None)), empty);
        assert_eq!(presenter_caption(&plan, &scene_with(Some("nope"), Some("nope"))), empty);
    }

    #[test]
    fn a_section_scene_shows_its_first_paragraph_under_its_chapter_and_section() {
        let plan = plan();
        let (caption, source, value) = presenter_caption(&plan, &scene_with(None, Some("ch2.s4")));
        assert_eq!(source, "第二章 第四节 整体布局");
        assert_eq!(value, None);
        let first = &plan.paragraphs_of("ch2.s4")[0].text;
        assert!(first.starts_with(caption.trim_end_matches('…')), "{caption}");
        let (_, chapter_source, _) = presenter_caption(&plan, &scene_with(None, Some("ch3.p1")));
        assert_eq!(chapter_source, plan.title_of("ch3").expect("chapter 3"));
    }

    #[test]
    fn every_paragraph_caption_fits_the_cap_and_ends_at_a_sentence_or_with_an_ellipsis() {
        let plan = plan();
        for p in plan.all_paragraphs() {
            let (caption, source, _) = presenter_caption(&plan, &scene_with(None, Some(&p.id)));
            assert!(!source.is_empty(), "{}", p.id);
            assert!(chars(&caption) <= CAPTION_MAX_CHARS, "{}: {caption}", p.id);
            assert!(
                chars(&caption) >= chars(p.text.trim()).min(CAPTION_MAX_CHARS / 4),
                "{}: {caption}",
                p.id
            );
            match caption.strip_suffix("……") {
                Some(body) => {
                    assert!(p.text.starts_with(body), "{}: {caption}", p.id);
                    assert!(
                        !body.ends_with(ends_clause) && !body.ends_with(ends_sentence),
                        "{caption}"
                    );
                }
                None => {
                    assert!(p.text.trim().starts_with(&caption), "{}: {caption}", p.id);
                    assert!(
                        caption == p.text.trim() || caption.ends_with(ends_sentence),
                        "{}: {caption}",
                        p.id
                    );
                }
            }
        }
    }

    #[test]
    fn whole_sentences_keeps_what_fits_and_cuts_only_at_phrase_ends() {
        let short = "第一句。第二句！";
        assert_eq!(whole_sentences(short, 20), short);
        // Two sentences fill more than half of the room: the third is left out whole.
        let three = format!("{}。{}；{}。", "甲".repeat(6), "乙".repeat(5), "丙".repeat(10));
        assert_eq!(
            whole_sentences(&three, 16),
            format!("{}。{}；", "甲".repeat(6), "乙".repeat(5))
        );
        // A heading alone is followed by the clauses of the next sentence that fit.
        let heading = format!("标题。{}，{}，{}。", "甲".repeat(4), "乙".repeat(4), "丙".repeat(8));
        assert_eq!(
            whole_sentences(&heading, 16),
            format!("标题。{}，{}……", "甲".repeat(4), "乙".repeat(4))
        );
        // Nothing to cut at: the first sentence is cut, with “……”.
        let long = "甲".repeat(30);
        assert_eq!(whole_sentences(&long, 12), format!("{}……", "甲".repeat(10)));
    }
}
