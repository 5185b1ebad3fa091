//! The 评估 tab (issue 15): every indicator of the plan with its 2020 baseline, goal,
//! latest actual value, 完成度 and verdict (暂无数据 where none was entered) and the
//! source of that value; sortable by 指标, 完成度 and 评价, filterable; the summary line
//! and the evaluation's note on top; the verdict thresholds below. Clicking an
//! indicator selects its target (its clause, card and features).

use egui::{Color32, DragValue, Grid, RichText, ScrollArea, Ui};

use crate::action::{Action, DocAction};
use crate::evaluation::completion::percent_text;
use crate::evaluation::{Evaluation, Row, Thresholds, Verdict, rows, summary};
use crate::i18n::evaluation::{fill, summary_line};
use crate::i18n::{EvalKey, Key, Lang, tr};
use crate::plan::series::format_number;
use crate::plan::{Plan, TargetKind};

fn t(lang: Lang, key: EvalKey) -> &'static str {
    tr(lang, Key::Eval(key))
}

/// The column the list is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Plan order.
    #[default]
    Indicator,
    Completion,
    Verdict,
}

/// Which indicators the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Filter {
    #[default]
    All,
    /// 滞后于预期 or 未完成.
    Lagging,
    /// 超额完成, 完成 or 提前实现.
    Met,
    /// No actual value.
    NoData,
}

impl Filter {
    pub const ALL: [Filter; 4] = [Filter::All, Filter::Lagging, Filter::Met, Filter::NoData];

    fn key(self) -> EvalKey {
        match self {
            Filter::All => EvalKey::FilterAll,
            Filter::Lagging => EvalKey::FilterLagging,
            Filter::Met => EvalKey::FilterMet,
            Filter::NoData => EvalKey::FilterNoData,
        }
    }

    /// `row` is shown under this filter.
    pub fn admits(self, row: &Row<'_>) -> bool {
        let verdict = row.latest.as_ref().map(|a| a.verdict);
        match self {
            Filter::All => true,
            Filter::Lagging => verdict.is_some_and(Verdict::is_lagging),
            Filter::Met => verdict.is_some_and(Verdict::is_met),
            Filter::NoData => row.latest.is_none(),
        }
    }
}

/// What the tab keeps between frames: sorting, the filter, and thresholds being edited
/// while they are not valid.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvaluationView {
    pub sort: SortBy,
    pub descending: bool,
    pub filter: Filter,
    /// Thresholds typed that [`Thresholds::is_valid`] refuses (not applied).
    pub thresholds_draft: Option<Thresholds>,
}

/// The rank of a verdict from best to worst, mid-term verdicts beside their end-of-term
/// counterparts.
fn verdict_rank(v: Verdict) -> u8 {
    match v {
        Verdict::Exceeded => 0,
        Verdict::Ahead => 1,
        Verdict::Done => 2,
        Verdict::Faster => 3,
        Verdict::Basic => 4,
        Verdict::OnTrack => 5,
        Verdict::NotDone => 6,
        Verdict::Behind => 7,
    }
}

/// The indices of `rows` to show, in order: filtered, then sorted; rows without a
/// value for the sort column (暂无数据) always last, ties in plan order.
pub fn shown_rows(rows: &[Row<'_>], filter: Filter, sort: SortBy, descending: bool) -> Vec<usize> {
    let mut shown: Vec<usize> = (0..rows.len()).filter(|&i| filter.admits(&rows[i])).collect();
    let key = |i: usize| -> Option<f64> {
        let latest = rows[i].latest.as_ref();
        match sort {
            SortBy::Indicator => Some(i as f64),
            SortBy::Completion => latest.and_then(|a| a.completion),
            SortBy::Verdict => latest.map(|a| f64::from(verdict_rank(a.verdict))),
        }
    };
    shown.sort_by(|&a, &b| match (key(a), key(b)) {
        (Some(x), Some(y)) => {
            let o = x.total_cmp(&y);
            (if descending { o.reverse() } else { o }).then(a.cmp(&b))
        }
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(&b),
    });
    shown
}

/// The goal as the plan states it: `≤ 1.3`, `≥ 5`, `2-3`, `1300`; with its year when
/// it is not 2025.
fn goal_text(lang: Lang, row: &Row<'_>) -> String {
    let g = &row.indicator.series.goal;
    let value = match (g.kind, g.value_max) {
        (_, Some(max)) => format!("{}-{}", format_number(g.value), format_number(max)),
        (TargetKind::UpperBound, _) => format!("≤ {}", format_number(g.value)),
        (TargetKind::LowerBound, _) => format!("≥ {}", format_number(g.value)),
        _ => format_number(g.value),
    };
    if g.year == 2025 {
        value
    } else {
        format!(
            "{value} ({})",
            tr(lang, Key::SeriesYear).replace("{}", &g.year.to_string())
        )
    }
}

fn baseline_text(lang: Lang, row: &Row<'_>) -> String {
    match &row.indicator.series.baseline {
        Some(b) if b.year == 2020 => format_number(b.value),
        Some(b) => format!(
            "{} ({})",
            format_number(b.value),
            tr(lang, Key::SeriesYear).replace("{}", &b.year.to_string())
        ),
        None => "—".to_string(),
    }
}

/// At most `n` characters, with `…` when cut.
fn clipped(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(n).collect::<String>())
    }
}

fn verdict_colour(v: Verdict) -> Color32 {
    let [r, g, b] = v.rgb();
    Color32::from_rgb(r, g, b)
}

/// The verdict's word in `lang`, bold, in its colour.
pub fn verdict_text(lang: Lang, v: Verdict) -> RichText {
    let word = match lang {
        Lang::Zh => v.zh(),
        Lang::En => v.en(),
    };
    RichText::new(word).strong().color(verdict_colour(v))
}

/// The latest assessment of the indicator `target_id` belongs to, if an actual value
/// was entered for it: `完成度 62.3% 基本符合预期（2023年）`, for the feature card's list
/// of targets.
pub fn latest_verdict_ui(ui: &mut Ui, plan: &Plan, lang: Lang, evaluation: &Evaluation, target_id: &str) {
    let Some(indicator) = crate::evaluation::indicators::indicator(plan, target_id) else {
        return;
    };
    let Some(actual) = evaluation.latest(&indicator.id) else {
        return;
    };
    let Some(value) = Evaluation::value_in_indicator_unit(actual, &indicator) else {
        return;
    };
    let a = crate::evaluation::assess(&indicator.series, value, actual.year, &evaluation.thresholds);
    let completion = a
        .completion
        .map_or_else(|| "—".to_string(), crate::evaluation::completion::percent_text);
    let year = tr(lang, Key::SeriesYear).replace("{}", &actual.year.to_string());
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{} {completion}", t(lang, EvalKey::Completion))).small());
        ui.label(verdict_text(lang, a.verdict).small());
        ui.label(RichText::new(format!("（{year}）")).small().weak());
    });
}

/// The whole tab. `view` keeps sorting, filter and invalid thresholds; the returned
/// action selects a target or replaces the evaluation (thresholds, one undo step while
/// dragging).
pub fn evaluation_panel_ui(
    ui: &mut Ui,
    plan: &Plan,
    lang: Lang,
    evaluation: &Evaluation,
    view: &mut EvaluationView,
) -> Option<Action> {
    let mut action = None;
    let rows = rows(plan, evaluation);
    ui.add_space(4.0);
    ui.heading(t(lang, EvalKey::ViewTitle));
    ui.label(RichText::new(summary_line(lang, &summary(&rows))).strong());
    if !evaluation.note.trim().is_empty() {
        ui.label(
            RichText::new(evaluation.note.trim())
                .small()
                .color(Color32::from_rgb(0x9a, 0x5b, 0x00)),
        );
    }
    ui.horizontal_wrapped(|ui| {
        for f in Filter::ALL {
            if ui.selectable_label(view.filter == f, t(lang, f.key())).clicked() {
                view.filter = f;
            }
        }
    });
    let shown = shown_rows(&rows, view.filter, view.sort, view.descending);
    ui.label(
        RichText::new(fill(
            t(lang, EvalKey::Shown),
            &[("shown", &shown.len().to_string()), ("total", &rows.len().to_string())],
        ))
        .small()
        .weak(),
    );
    if let Some(a) = thresholds_ui(ui, lang, evaluation, view) {
        action = Some(a);
    }
    ui.separator();
    ScrollArea::vertical()
        .id_salt("evaluation-table")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(a) = table_ui(ui, lang, &rows, &shown, view) {
                action = Some(a);
            }
        });
    action
}

/// A sortable column header: a click sorts by it, a second click reverses.
fn header_ui(ui: &mut Ui, lang: Lang, key: EvalKey, by: SortBy, view: &mut EvaluationView) {
    let arrow = match (view.sort == by, view.descending) {
        (false, _) => "",
        (true, false) => " ▲",
        (true, true) => " ▼",
    };
    let text = RichText::new(format!("{}{arrow}", t(lang, key))).strong();
    if ui.selectable_label(view.sort == by, text).clicked() {
        if view.sort == by {
            view.descending = !view.descending;
        } else {
            view.sort = by;
            view.descending = by != SortBy::Indicator && by != SortBy::Verdict;
        }
    }
}

/// The list: sortable headers, then one block per indicator (the side panel is too
/// narrow for eight columns): the indicator (a click selects it), the latest value's
/// verdict, 完成度 and year; unit, baseline and goal; the value's source.
fn table_ui(ui: &mut Ui, lang: Lang, rows: &[Row<'_>], shown: &[usize], view: &mut EvaluationView) -> Option<Action> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        header_ui(ui, lang, EvalKey::Indicator, SortBy::Indicator, view);
        header_ui(ui, lang, EvalKey::Completion, SortBy::Completion, view);
        header_ui(ui, lang, EvalKey::Verdict, SortBy::Verdict, view);
    });
    let stripe = ui.visuals().faint_bg_color;
    for (n, &i) in shown.iter().enumerate() {
        let row = &rows[i];
        let ind = &row.indicator;
        let fill = if n % 2 == 0 { stripe } else { Color32::TRANSPARENT };
        egui::Frame::new().fill(fill).inner_margin(4.0).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let text = RichText::new(&ind.label).color(ui.visuals().hyperlink_color);
            if ui.add(egui::Button::selectable(false, text).wrap()).clicked() {
                action = Some(Action::SelectTarget(ind.id.clone()));
            }
            let unit = |v: String| {
                if ind.unit.is_empty() || ind.unit == "%" {
                    format!("{v}{}", ind.unit)
                } else {
                    format!("{v} {}", ind.unit)
                }
            };
            ui.horizontal_wrapped(|ui| match (&row.latest, row.actuals.values().next_back()) {
                (Some(a), Some(_)) => {
                    ui.label(verdict_text(lang, a.verdict));
                    let completion = a.completion.map_or_else(|| "—".to_string(), percent_text);
                    ui.label(format!("{} {completion}", t(lang, EvalKey::Completion)));
                    let year = tr(lang, Key::SeriesYear).replace("{}", &a.year.to_string());
                    let value = unit(format_number(a.actual));
                    ui.label(match lang {
                        Lang::Zh => format!("{} {value}（{year}）", t(lang, EvalKey::Latest)),
                        Lang::En => format!("{} {value} ({year})", t(lang, EvalKey::Latest)),
                    });
                }
                _ => {
                    ui.label(RichText::new(t(lang, EvalKey::NoData)).weak());
                }
            });
            let unit_text = if ind.unit.is_empty() { "—" } else { ind.unit.as_str() };
            ui.label(
                RichText::new(format!(
                    "{} {unit_text} · {} {} → {} {}",
                    t(lang, EvalKey::Unit),
                    t(lang, EvalKey::Base2020),
                    baseline_text(lang, row),
                    t(lang, EvalKey::Goal2025),
                    goal_text(lang, row)
                ))
                .small()
                .weak(),
            );
            if let Some(actual) = row.actuals.values().next_back() {
                let source = actual.source.text();
                if !source.is_empty() {
                    let label = crate::i18n::labelled(lang, t(lang, EvalKey::Source), &clipped(&source, 28));
                    ui.label(RichText::new(label).small().weak()).on_hover_text(source);
                }
            }
        });
    }
    action
}

/// The thresholds (in percent) in a collapsible section; a valid change replaces the
/// evaluation (dragging merges into one undo step), an invalid one is kept as a draft
/// with a message and not applied.
fn thresholds_ui(ui: &mut Ui, lang: Lang, evaluation: &Evaluation, view: &mut EvaluationView) -> Option<Action> {
    let mut action = None;
    egui::CollapsingHeader::new(t(lang, EvalKey::Thresholds))
        .id_salt("evaluation-thresholds")
        .show(ui, |ui| {
            let before = view
                .thresholds_draft
                .clone()
                .unwrap_or_else(|| evaluation.thresholds.clone());
            let mut edited = before.clone();
            Grid::new("thresholds-grid").num_columns(2).show(ui, |ui| {
                for (key, value) in [
                    (EvalKey::Exceeded, &mut edited.exceeded),
                    (EvalKey::Done, &mut edited.done),
                    (EvalKey::Basic, &mut edited.basic),
                    (EvalKey::Margin, &mut edited.on_track_margin),
                ] {
                    let label = ui.label(t(lang, key));
                    let mut percent = *value * 100.0;
                    let drag = ui
                        .add(DragValue::new(&mut percent).range(0.0..=300.0).speed(0.5).suffix("%"))
                        .labelled_by(label.id);
                    if drag.changed() {
                        *value = (percent * 10.0).round() / 1000.0;
                    }
                    ui.end_row();
                }
            });
            if edited != before {
                if edited.is_valid() {
                    view.thresholds_draft = None;
                    if edited != evaluation.thresholds {
                        let mut e = evaluation.clone();
                        e.thresholds = edited;
                        action = Some(Action::Document(DocAction::SetEvaluation {
                            evaluation: Box::new(e),
                            coalesce: Some("thresholds".to_string()),
                        }));
                    }
                } else {
                    view.thresholds_draft = Some(edited);
                }
            }
            if view.thresholds_draft.is_some() {
                ui.label(RichText::new(t(lang, EvalKey::ThresholdsInvalid)).color(Color32::from_rgb(0xc0, 0x39, 0x2b)));
            }
            ui.label(RichText::new(t(lang, EvalKey::ThresholdsNote)).small().weak());
        });
    action
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::{Actual, Source};

    fn actual(indicator: &str, year: u16, value: f64, unit: &str) -> Actual {
        Actual {
            indicator: indicator.into(),
            year,
            value,
            unit: unit.into(),
            scope: String::new(),
            source: Source::default(),
            reliability: String::new(),
            extra: serde_json::Map::new(),
        }
    }

    #[test]
    fn the_lagging_filter_keeps_only_behind_or_not_achieved_and_no_data_rows_sort_last() {
        let plan = Plan::embedded().expect("plan");
        let all = crate::evaluation::indicators(&plan);
        let five_g = all.iter().find(|i| i.unit == "万个").expect("5G indicator");
        let e = Evaluation {
            // 0.63 → 2.41 万个: 0.7 in 2023 is far behind the time elapsed.
            actuals: vec![actual(&five_g.id, 2023, 0.7, "万个")],
            ..Evaluation::default()
        };
        let rows = rows(&plan, &e);
        let lagging = shown_rows(&rows, Filter::Lagging, SortBy::Indicator, false);
        assert_eq!(lagging.len(), 1);
        assert_eq!(rows[lagging[0]].indicator.id, five_g.id);
        assert!(shown_rows(&rows, Filter::Met, SortBy::Indicator, false).is_empty());
        assert_eq!(
            shown_rows(&rows, Filter::NoData, SortBy::Indicator, false).len(),
            rows.len() - 1
        );
        let by_completion = shown_rows(&rows, Filter::All, SortBy::Completion, false);
        assert_eq!(by_completion[0], lagging[0], "the only row with a 完成度 first");
        let by_completion_desc = shown_rows(&rows, Filter::All, SortBy::Completion, true);
        assert_eq!(by_completion_desc[0], lagging[0], "rows without one stay last");
    }
}
