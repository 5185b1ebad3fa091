//! The text of the shown element: paragraphs with errata, search hits and a target's
//! value marked, and table 表1 as a grid.

use std::ops::Range;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, Button, Color32, FontId, Galley, Grid, Label, Rect, RichText, ScrollArea, Stroke, Ui};

use super::layers::{AtlasData, feature_name};
use super::style::{
    ACCENT, CORRECTION_BG, CORRECTION_LINE, CURRENT_HIT_BG, FEATURE_BG, FEATURE_LINE, HIT_BG, VALUE_BG,
};
use crate::action::Action;
use crate::i18n::{Key, tr};
use crate::plan::{Correction, Paragraph, Plan, Table};
use crate::state::AppState;

/// Body text size, in points.
pub const BODY_SIZE: f32 = 15.0;

/// Spans to mark in one paragraph, as byte ranges into its text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    /// Search hits; `true` for the current one.
    pub hits: Vec<(Range<usize>, bool)>,
    /// A selected target's value.
    pub value: Option<Range<usize>>,
    /// Names of the selected map feature.
    pub feature: Vec<Range<usize>>,
}

impl Marks {
    /// The marks `state` asks for in paragraph `paragraph_id`.
    pub fn for_paragraph(state: &AppState, paragraph_id: &str) -> Marks {
        let current = state.current_hit();
        let hits = state
            .hits
            .iter()
            .filter(|h| h.paragraph == paragraph_id)
            .map(|h| (h.range.clone(), current.is_some_and(|c| c == h)))
            .collect();
        let value = state
            .value_highlight
            .as_ref()
            .filter(|v| v.paragraph == paragraph_id)
            .map(|v| v.range.clone());
        Marks {
            hits,
            value,
            feature: Vec::new(),
        }
    }
}

/// Builds the layout job of a paragraph: errata underlined on a green tint, search
/// hits on yellow (the current one orange), the target value on blue.
pub fn paragraph_job(paragraph: &Paragraph, marks: &Marks, text_color: Color32, wrap_width: f32) -> LayoutJob {
    let text = paragraph.text.as_str();
    let valid = |r: &Range<usize>| r.start < r.end && text.get(r.clone()).is_some();
    let mut cuts = vec![0, text.len()];
    for r in paragraph
        .corrections
        .iter()
        .map(|c| &c.range)
        .chain(marks.hits.iter().map(|h| &h.0))
        .chain(marks.value.iter())
        .chain(marks.feature.iter())
    {
        if valid(r) {
            cuts.extend([r.start, r.end]);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let base = TextFormat {
        font_id: FontId::proportional(BODY_SIZE),
        color: text_color,
        line_height: Some(BODY_SIZE * 1.6),
        ..TextFormat::default()
    };
    for w in cuts.windows(2) {
        let span = w[0]..w[1];
        let Some(piece) = text.get(span.clone()) else { continue };
        if piece.is_empty() {
            continue;
        }
        let inside = |r: &Range<usize>| valid(r) && r.start <= span.start && span.end <= r.end;
        let mut format = base.clone();
        if paragraph.corrections.iter().any(|c| inside(&c.range)) {
            format.background = CORRECTION_BG;
            format.underline = Stroke::new(1.5, CORRECTION_LINE);
            format.color = Color32::from_rgb(0x1b, 0x3d, 0x1d);
        }
        if marks.feature.iter().any(inside) {
            format.background = FEATURE_BG;
            format.underline = Stroke::new(1.5, FEATURE_LINE);
        }
        if marks.value.as_ref().is_some_and(inside) {
            format.background = VALUE_BG;
            format.color = Color32::from_rgb(0x0d, 0x2f, 0x5e);
        }
        if let Some((_, current)) = marks.hits.iter().find(|h| inside(&h.0)) {
            format.background = if *current { CURRENT_HIT_BG } else { HIT_BG };
            format.color = Color32::BLACK;
        }
        job.append(piece, 0.0, format);
    }
    job
}

/// Screen rectangles covering a byte range of a galley's text (one per row touched).
fn span_rects(galley: &Galley, text: &str, range: &Range<usize>) -> Vec<Rect> {
    let to_char = |byte: usize| text.get(..byte).map_or(0, |s| s.chars().count());
    let (a, b) = (to_char(range.start), to_char(range.end));
    let start = galley.pos_from_cursor(CCursor::new(a));
    let end = galley.pos_from_cursor(CCursor {
        index: b.into(),
        prefer_next_row: false,
    });
    if (start.min.y - end.min.y).abs() < 1.0 {
        vec![Rect::from_min_max(start.min, end.max)]
    } else {
        let width = galley.size().x;
        vec![
            Rect::from_min_max(start.min, egui::pos2(width, start.max.y)),
            Rect::from_min_max(egui::pos2(0.0, end.min.y), end.max),
        ]
    }
}

/// The correction under a point given relative to the galley's top-left corner.
pub fn correction_at<'p>(
    galley: &Galley,
    paragraph: &'p Paragraph,
    pos_in_galley: egui::Pos2,
) -> Option<&'p Correction> {
    paragraph.corrections.iter().find(|c| {
        span_rects(galley, &paragraph.text, &c.range)
            .iter()
            .any(|r| r.expand(1.0).contains(pos_in_galley))
    })
}

/// One paragraph: its ID (small, muted) and its wrapped, marked text. Hovering an
/// errata span shows original → correction and the reason. Scrolls itself into view
/// when `state.scroll_to` names it.
///
/// Beside the ID, a button names how many map features the paragraph mentions; it (or a
/// click on the text) highlights them on the map and frames them. The selected feature's
/// names are marked in the text.
pub fn paragraph_ui(
    ui: &mut Ui,
    plan: &Plan,
    state: &AppState,
    data: &AtlasData,
    paragraph: &Paragraph,
) -> Option<Action> {
    let mut action = None;
    let lang = state.lang;
    let linked = data.links.features_of(plan, &paragraph.id);
    let focused = state.plan_focus.as_deref() == Some(paragraph.id.as_str());
    ui.horizontal(|ui| {
        let id_text = RichText::new(format!("{} · L{}", paragraph.id, paragraph.lines.first)).small();
        ui.label(if focused {
            id_text.color(FEATURE_LINE).strong()
        } else {
            id_text.weak()
        });
        if !linked.is_empty() {
            let text = format!("◎ {}", crate::i18n::feature_count(lang, linked.len()));
            let names: Vec<String> = linked.iter().map(|&k| feature_name(lang, data.catalogue, k)).collect();
            if ui
                .add(Button::selectable(focused, RichText::new(text).small()))
                .on_hover_text(format!("{}：{}", tr(lang, Key::MapHighlights), names.join("、")))
                .clicked()
            {
                action = Some(Action::FocusPlanElement(paragraph.id.clone()));
            }
        }
    });
    super::merge(
        &mut action,
        super::annotation_editor::paragraph_annotations_ui(ui, plan, lang, data.annotations, &paragraph.id),
    );
    if super::project_status::column_of_paragraph(plan, &paragraph.id).is_some() {
        super::merge(&mut action, column_project_status_ui(ui, lang, data, &paragraph.id));
    }
    let mut marks = Marks::for_paragraph(state, &paragraph.id);
    if let Some(k) = state
        .selected_feature
        .as_deref()
        .and_then(|id| data.catalogue.features.iter().position(|f| f.id == id))
        && let Some(m) = data.links.mentions_of(k).iter().find(|m| m.paragraph == paragraph.id)
    {
        marks.feature = m.ranges.clone();
    }
    let job = paragraph_job(paragraph, &marks, ui.visuals().text_color(), ui.available_width());
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let response = ui.add(Label::new(galley.clone()).selectable(true));
    if let Some(pointer) = response.hover_pos() {
        let local = pointer - response.rect.min;
        let hovered = paragraph.corrections.iter().find(|c| {
            span_rects(&galley, &paragraph.text, &c.range)
                .iter()
                .any(|r| r.expand(1.0).contains(local.to_pos2()))
        });
        if let Some(c) = hovered {
            let lang = state.lang;
            response.clone().on_hover_ui_at_pointer(|ui| {
                ui.set_max_width(360.0);
                ui.label(RichText::new(tr(lang, Key::Corrected)).strong().color(CORRECTION_LINE));
                ui.label(format!("“{}” → “{}”", c.original.trim(), c.correction));
                ui.label(RichText::new(&c.reason).small());
            });
        }
    }
    if response.clicked() && !linked.is_empty() && action.is_none() {
        action = Some(Action::FocusPlanElement(paragraph.id.clone()));
    }
    if state.scroll_to.as_deref() == Some(paragraph.id.as_str()) {
        response.scroll_to_me(Some(Align::Center));
    }
    ui.add_space(6.0);
    action
}

/// A column project's status (issue 15): its badge, folded over the 状态 control.
fn column_project_status_ui(ui: &mut Ui, lang: crate::i18n::Lang, data: &AtlasData, paragraph: &str) -> Option<Action> {
    use super::project_status::{status_badge, status_control_ui};
    let entry = data.evaluation.status(paragraph);
    let id = ui.make_persistent_id(("column-project-status", paragraph));
    let mut action = None;
    egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, false)
        .show_header(ui, |ui| {
            ui.label(
                RichText::new(tr(lang, Key::Status(crate::i18n::StatusKey::Status)))
                    .small()
                    .weak(),
            );
            status_badge(ui, lang, entry.map(|e| e.status));
            if let Some(e) = entry.filter(|e| !e.date.trim().is_empty()) {
                ui.label(RichText::new(&e.date).small().weak());
            }
        })
        .body(|ui| action = status_control_ui(ui, lang, paragraph, entry));
    action
}

/// The status counts of a column (专栏), as a small line under its heading.
fn column_counts_ui(ui: &mut Ui, plan: &Plan, state: &AppState, data: &AtlasData, column: &str) {
    let text = super::project_status::column_counts_text(state.lang, plan, &data.evaluation.statuses, column);
    ui.label(RichText::new(text).small());
}

/// Table 表1 (or another) as a grid: clicking an indicator shows its row, clicking a
/// value selects the target read from that cell.
pub fn table_grid_ui(ui: &mut Ui, plan: &Plan, state: &AppState, table: &Table) -> Option<Action> {
    let mut action = None;
    let selected_target = state.selected_target.as_deref().and_then(|id| plan.target(id));
    let value_width = 64.0;
    let name_width =
        (ui.available_width() - value_width * (table.header.len().saturating_sub(1)) as f32 - 40.0).max(140.0);
    // A value cell: right-aligned, centred on the first line of its row (a name may wrap
    // to two lines; a zero-height cell was centred lower than one-line names).
    let right = |ui: &mut Ui, add: &mut dyn FnMut(&mut Ui)| {
        let line = ui.spacing().interact_size.y;
        ui.allocate_ui_with_layout(
            egui::vec2(value_width, line),
            egui::Layout::right_to_left(Align::Center),
            |ui| {
                ui.set_max_height(line);
                add(ui)
            },
        );
    };
    Grid::new(("table-grid", &table.id, ui.scope_id()))
        .striped(true)
        .num_columns(table.header.len().max(2))
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for (k, h) in table.header.iter().enumerate() {
                let text = RichText::new(h).strong();
                if k == 0 {
                    ui.label(text);
                } else {
                    right(ui, &mut |ui| {
                        ui.label(text.clone());
                    });
                }
            }
            ui.end_row();
            for row in &table.rows {
                let row_selected = state.selected_row.as_deref() == Some(row.id.as_str());
                let name = if row.unit.is_empty() {
                    row.indicator.clone()
                } else {
                    format!("{}（{}）", row.indicator, row.unit)
                };
                ui.scope(|ui| {
                    ui.set_max_width(name_width);
                    // The row's name opens its goal's card (the row is shown and highlighted
                    // with it); a row without a goal is shown.
                    if ui.add(Button::selectable(row_selected, name).wrap()).clicked() {
                        let goal = plan.targets_in(&row.id).into_iter().rev().find(|t| t.kind.is_goal());
                        action = Some(match goal {
                            Some(t) => Action::SelectTarget(t.id.clone()),
                            None => Action::Show(row.id.clone()),
                        });
                    }
                });
                for (k, cell) in row.cells.iter().enumerate() {
                    let year = table.years.get(k).copied();
                    let target = plan
                        .targets_in(&row.id)
                        .into_iter()
                        .find(|t| t.year == year && year.is_some());
                    let cell_selected = selected_target.is_some_and(|t| t.paragraph == row.id && t.year == year);
                    right(ui, &mut |ui| match target {
                        Some(t) => {
                            if ui.add(Button::selectable(cell_selected, cell.as_str())).clicked() {
                                action = Some(Action::SelectTarget(t.id.clone()));
                            }
                        }
                        None => {
                            ui.label(cell.as_str());
                        }
                    });
                }
                ui.end_row();
            }
        });
    action
}

/// The element `state.shown` names: its heading, then its paragraphs in reading order,
/// with a sub-heading where a column (专栏) or section starts and its tables in place.
pub fn paragraphs_ui(ui: &mut Ui, plan: &Plan, state: &AppState, data: &AtlasData) -> Option<Action> {
    let mut action = None;
    let Some(shown) = state.shown.as_deref().filter(|id| plan.kind_of(id).is_some()) else {
        ui.label(RichText::new(tr(state.lang, Key::PickAnElement)).weak());
        return None;
    };
    let title = plan.title_of(shown).unwrap_or_else(|| shown.to_string());
    ui.label(RichText::new(title).size(17.0).strong().color(ACCENT));
    if plan.boxes.iter().any(|b| b.id == shown) {
        column_counts_ui(ui, plan, state, data, shown);
    }
    super::merge(
        &mut action,
        super::annotation_editor::element_annotations_ui(ui, state.lang, data.annotations, shown),
    );
    ui.separator();

    ScrollArea::vertical()
        .id_salt(("paragraphs", shown))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(table) = plan.table(shown) {
                super::merge(&mut action, table_grid_ui(ui, plan, state, table));
                return;
            }
            let mut tables: Vec<&Table> = plan
                .tables
                .iter()
                .filter(|t| t.chapter == shown || t.section.as_deref() == Some(shown))
                .collect();
            tables.sort_by_key(|t| t.lines.first);
            let mut tables = tables.into_iter().peekable();
            let mut previous_container: Option<&str> = None;
            for p in plan.paragraphs_of(shown) {
                while let Some(t) = tables.next_if(|t| t.lines.first < p.lines.first) {
                    super::merge(&mut action, table_in_text_ui(ui, plan, state, t));
                }
                let container = plan.container_of(&p.id);
                if container != previous_container
                    && container != Some(shown)
                    && let Some(c) = container.and_then(|c| plan.title_of(c))
                {
                    ui.add_space(4.0);
                    ui.label(RichText::new(c).strong().color(ACCENT));
                    if let Some(id) = container.filter(|id| plan.boxes.iter().any(|b| b.id == *id)) {
                        column_counts_ui(ui, plan, state, data, id);
                    }
                    if let Some(id) = container {
                        super::merge(
                            &mut action,
                            super::annotation_editor::element_annotations_ui(ui, state.lang, data.annotations, id),
                        );
                    }
                }
                previous_container = container;
                super::merge(&mut action, paragraph_ui(ui, plan, state, data, p));
            }
            for t in tables {
                super::merge(&mut action, table_in_text_ui(ui, plan, state, t));
            }
        });
    action
}

fn table_in_text_ui(ui: &mut Ui, plan: &Plan, state: &AppState, table: &Table) -> Option<Action> {
    ui.add_space(4.0);
    let mut action = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(plan.title_of(&table.id).unwrap_or_default())
                .strong()
                .color(ACCENT),
        );
        action = table_grid_ui(ui, plan, state, table);
    });
    ui.add_space(6.0);
    action
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::SourceLines;

    #[test]
    fn hovering_a_corrected_span_finds_its_correction_and_elsewhere_none() {
        let plan = Plan::embedded().expect("the embedded plan parses");
        let p = plan
            .all_paragraphs()
            .into_iter()
            .find(|p| !p.corrections.is_empty())
            .expect("an erratum applies");
        let ctx = egui::Context::default();
        crate::theme::install_fonts(&ctx);
        let mut found = (None, None);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let job = paragraph_job(p, &Marks::default(), Color32::BLACK, 400.0);
            let galley = ui.fonts_mut(|f| f.layout_job(job));
            let c = &p.corrections[0];
            let span = span_rects(&galley, &p.text, &c.range)[0];
            found = (
                correction_at(&galley, p, span.center()).cloned(),
                correction_at(&galley, p, egui::pos2(1.0, 1.0)).cloned(),
            );
        });
        output.textures_delta.clear();
        assert_eq!(found.0.as_ref(), Some(&p.corrections[0]));
        assert!(p.corrections[0].range.start > 0 && found.1.is_none());
    }

    #[test]
    fn marks_split_the_text_into_formatted_sections() {
        let text = "一二三四五六七八".to_string();
        let p = Paragraph {
            id: "x.p1".into(),
            text: text.clone(),
            lines: SourceLines { first: 1, last: 1 },
            joined_lines: vec![],
            corrections: vec![Correction {
                range: 3..6,
                original: " and ".into(),
                correction: "二".into(),
                reason: "r".into(),
                line: 1,
            }],
        };
        let marks = Marks {
            hits: vec![(9..12, true), (15..18, false)],
            value: Some(18..24),
            feature: Vec::new(),
        };
        let job = paragraph_job(&p, &marks, Color32::BLACK, 100.0);
        assert_eq!(job.text, text);
        let backgrounds: Vec<Color32> = job.sections.iter().map(|s| s.format.background).collect();
        assert_eq!(
            backgrounds,
            vec![
                Color32::TRANSPARENT,
                CORRECTION_BG,
                Color32::TRANSPARENT,
                CURRENT_HIT_BG,
                Color32::TRANSPARENT,
                HIT_BG,
                VALUE_BG
            ]
        );
        // A range that is not on char boundaries is ignored rather than panicking.
        let bad = Marks {
            hits: vec![(1..2, false)],
            value: None,
            feature: std::iter::once(4..5).collect(),
        };
        assert_eq!(paragraph_job(&p, &bad, Color32::BLACK, 100.0).text, text);
    }
}
