//! The actual values of the selected target's indicator in the 指标 tab (issue 15): a
//! small table editor (one entry per year: value, unit, 口径, source, reliability) that
//! edits a copy and, on 应用, asks for the whole evaluation with that indicator's values
//! replaced — one undoable [`DocAction::SetEvaluation`]. Nothing is applied while an
//! entry is invalid; the first problem is shown in red in the interface language.
//!
//! Also the chart's completion line and legend (the chart itself is
//! [`super::targets::trajectory_chart_ui`]).

use egui::{Button, Color32, RichText, TextEdit, Ui};
use serde_json::Map;

use crate::action::{Action, DocAction};
use crate::evaluation::completion::percent_text;
use crate::evaluation::{Actual, Evaluation, Indicator, Source, Thresholds, YEARS, assess};
use crate::i18n::evaluation::fill;
use crate::i18n::{EvalKey, Key, Lang, tr};
use crate::plan::series::{Point, convert, format_number};

/// Colour of the actual values on the chart (distinct from the plan's blue, the
/// ceiling's brown and the range's purple).
pub const ACTUAL_COLOUR: Color32 = Color32::from_rgb(0xd8, 0x1b, 0x60);

fn t(lang: Lang, key: EvalKey) -> &'static str {
    tr(lang, Key::Eval(key))
}

/// One entry of the editor as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftRow {
    pub year: String,
    pub value: String,
    pub unit: String,
    pub scope: String,
    pub source: Source,
    pub reliability: String,
    /// Members of the stored value this version does not know, kept.
    pub extra: Map<String, serde_json::Value>,
}

impl DraftRow {
    fn of(a: &Actual) -> DraftRow {
        DraftRow {
            year: a.year.to_string(),
            value: a.value.to_string(),
            unit: a.unit.clone(),
            scope: a.scope.clone(),
            source: a.source.clone(),
            reliability: a.reliability.clone(),
            extra: a.extra.clone(),
        }
    }
}

/// What the editor keeps between frames: the copy being edited and what it was made
/// from (a change of the project's values, e.g. an undo, starts a fresh copy).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActualsEditor {
    /// The indicator edited.
    pub indicator: String,
    /// The project's values of that indicator when the copy was made.
    pub loaded: Vec<Actual>,
    pub rows: Vec<DraftRow>,
}

impl ActualsEditor {
    /// Starts a fresh copy when the indicator or its stored values changed.
    pub fn sync(&mut self, indicator: &str, evaluation: &Evaluation) {
        let current: Vec<Actual> = evaluation.actuals_of(indicator).into_values().cloned().collect();
        if self.indicator != indicator || self.loaded != current {
            self.indicator = indicator.to_string();
            self.rows = current.iter().map(DraftRow::of).collect();
            self.loaded = current;
        }
    }

    /// The copy differs from the stored values.
    pub fn is_changed(&self) -> bool {
        self.rows != self.loaded.iter().map(DraftRow::of).collect::<Vec<_>>()
    }
}

/// Why an entry cannot be applied; `row` counts from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    Number { row: usize, text: String },
    Year { row: usize, text: String },
    Unit { row: usize, unit: String, expected: String },
    Duplicate { row: usize, year: u16 },
}

impl DraftError {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            DraftError::Number { row, text } => fill(
                t(lang, EvalKey::ErrNumber),
                &[("row", &row.to_string()), ("text", text)],
            ),
            DraftError::Year { row, text } => {
                fill(t(lang, EvalKey::ErrYear), &[("row", &row.to_string()), ("text", text)])
            }
            DraftError::Unit { row, unit, expected } => fill(
                t(lang, EvalKey::ErrUnit),
                &[("row", &row.to_string()), ("unit", unit), ("expected", expected)],
            ),
            DraftError::Duplicate { row, year } => fill(
                t(lang, EvalKey::ErrDuplicate),
                &[("row", &row.to_string()), ("year", &year.to_string())],
            ),
        }
    }
}

/// A number as people type it: `17021`, `1.7`, `-3`, `1,234.5` (ASCII or full-width
/// thousands commas and spaces ignored). `None` for anything else, infinities and NaN
/// included.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}'))
        .collect();
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A year in [`YEARS`], `2023` or `2023年`.
pub fn parse_year(text: &str) -> Option<u16> {
    let text = text.trim();
    let text = text.strip_suffix('年').unwrap_or(text).trim();
    text.parse::<u16>().ok().filter(|y| YEARS.contains(y))
}

/// The typed entries as actual values of `indicator`, in year order, or the first
/// problem (rows in the order shown).
pub fn validate(rows: &[DraftRow], indicator: &Indicator) -> Result<Vec<Actual>, DraftError> {
    let mut actuals: Vec<Actual> = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let row = i + 1;
        let year = parse_year(&r.year).ok_or_else(|| DraftError::Year {
            row,
            text: r.year.trim().to_string(),
        })?;
        let value = parse_number(&r.value).ok_or_else(|| DraftError::Number {
            row,
            text: r.value.trim().to_string(),
        })?;
        let unit = r.unit.trim().to_string();
        if convert(value, &unit, &indicator.unit).is_none() {
            return Err(DraftError::Unit {
                row,
                unit,
                expected: indicator.unit.clone(),
            });
        }
        if actuals.iter().any(|a| a.year == year) {
            return Err(DraftError::Duplicate { row, year });
        }
        actuals.push(Actual {
            indicator: indicator.id.clone(),
            year,
            value,
            unit,
            scope: r.scope.trim().to_string(),
            source: Source {
                title: r.source.title.trim().to_string(),
                issuer: r.source.issuer.trim().to_string(),
                date: r.source.date.trim().to_string(),
                location: r.source.location.trim().to_string(),
            },
            reliability: r.reliability.trim().to_string(),
            extra: r.extra.clone(),
        });
    }
    actuals.sort_by_key(|a| a.year);
    Ok(actuals)
}

/// `evaluation` with the values of `indicator` replaced by `actuals` (the other
/// indicators' values keep their order).
pub fn with_actuals(evaluation: &Evaluation, indicator: &str, actuals: Vec<Actual>) -> Evaluation {
    let mut e = evaluation.clone();
    e.actuals.retain(|a| a.indicator != indicator);
    e.actuals.extend(actuals);
    e
}

/// A labelled single-line field; the label names it for screen readers.
fn field(ui: &mut Ui, label: &str, text: &mut String, width: f32) {
    let l = ui.label(RichText::new(label).small().weak());
    // A fixed size: a grid cell would otherwise keep its first frame's narrow width.
    let height = ui.spacing().interact_size.y;
    ui.add_sized([width, height], TextEdit::singleline(text))
        .labelled_by(l.id);
}

/// The editor of `indicator`'s actual values. `editor` is synced with `evaluation`
/// first. Returns [`DocAction::SetEvaluation`] when 应用 is pressed on valid entries.
pub fn actuals_editor_ui(
    ui: &mut Ui,
    lang: Lang,
    indicator: &Indicator,
    evaluation: &Evaluation,
    editor: &mut ActualsEditor,
) -> Option<Action> {
    editor.sync(&indicator.id, evaluation);
    let mut action = None;
    ui.add_space(4.0);
    ui.label(RichText::new(t(lang, EvalKey::ActualsHeading)).strong());
    if editor.rows.is_empty() {
        ui.label(RichText::new(t(lang, EvalKey::NoActuals)).weak());
    }
    let mut delete = None;
    for (i, row) in editor.rows.iter_mut().enumerate() {
        ui.push_id(("actual-row", i), |ui| {
            egui::Frame::group(ui.style()).inner_margin(4.0).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format!("{}.", i + 1)).weak());
                    if ui.small_button(t(lang, EvalKey::DeleteRow)).clicked() {
                        delete = Some(i);
                    }
                });
                // Short fields two to a line, the source's long ones one to a line.
                egui::Grid::new("short")
                    .num_columns(4)
                    .spacing([6.0, 3.0])
                    .show(ui, |ui| {
                        field(ui, t(lang, EvalKey::Year), &mut row.year, 64.0);
                        field(ui, t(lang, EvalKey::Value), &mut row.value, 80.0);
                        ui.end_row();
                        field(ui, t(lang, EvalKey::Unit), &mut row.unit, 64.0);
                        field(ui, t(lang, EvalKey::Scope), &mut row.scope, 80.0);
                        ui.end_row();
                        field(ui, t(lang, EvalKey::Date), &mut row.source.date, 64.0);
                        field(ui, t(lang, EvalKey::Reliability), &mut row.reliability, 80.0);
                        ui.end_row();
                    });
                let width = (ui.available_width() - 80.0).clamp(120.0, 320.0);
                egui::Grid::new("long")
                    .num_columns(2)
                    .spacing([6.0, 3.0])
                    .show(ui, |ui| {
                        field(ui, t(lang, EvalKey::SourceTitle), &mut row.source.title, width);
                        ui.end_row();
                        field(ui, t(lang, EvalKey::Issuer), &mut row.source.issuer, width);
                        ui.end_row();
                        field(ui, t(lang, EvalKey::Location), &mut row.source.location, width);
                        ui.end_row();
                    });
            });
        });
    }
    if let Some(i) = delete {
        editor.rows.remove(i);
    }
    let checked = validate(&editor.rows, indicator);
    if let Err(e) = &checked {
        ui.label(RichText::new(e.text(lang)).color(Color32::from_rgb(0xc0, 0x39, 0x2b)));
    }
    let changed = editor.is_changed();
    ui.horizontal_wrapped(|ui| {
        if ui.button(t(lang, EvalKey::AddRow)).clicked() {
            let next = editor
                .rows
                .iter()
                .filter_map(|r| parse_year(&r.year))
                .max()
                .map_or(2021, |y| (y + 1).min(*YEARS.end()));
            editor.rows.push(DraftRow {
                year: next.to_string(),
                unit: indicator.unit.clone(),
                ..DraftRow::default()
            });
        }
        let apply = ui.add_enabled(changed && checked.is_ok(), Button::new(t(lang, EvalKey::Apply)));
        if apply.clicked()
            && let Ok(actuals) = &checked
        {
            action = Some(Action::Document(DocAction::SetEvaluation {
                evaluation: Box::new(with_actuals(evaluation, &indicator.id, actuals.clone())),
                coalesce: None,
            }));
        }
        if ui.add_enabled(changed, Button::new(t(lang, EvalKey::Revert))).clicked() {
            editor.rows = editor.loaded.iter().map(DraftRow::of).collect();
        }
        if changed {
            ui.label(RichText::new(t(lang, EvalKey::Unsaved)).small().italics());
        }
    });
    ui.label(
        RichText::new(fill(t(lang, EvalKey::UnitHint), &[("unit", &indicator.unit)]))
            .small()
            .weak(),
    );
    action
}

/// The indicator's actual values as chart points in its unit (those that convert).
pub fn chart_points(indicator: &Indicator, evaluation: &Evaluation) -> Vec<Point> {
    evaluation
        .actuals_of(&indicator.id)
        .into_iter()
        .filter_map(|(year, a)| {
            Some(Point {
                year,
                value: Evaluation::value_in_indicator_unit(a, indicator)?,
            })
        })
        .collect()
}

/// The completion sentence of the latest actual: `2023年 完成度 62.3%（时间进度 60%）`,
/// then the percentage-point change for a share and the verdict word in its colour.
pub fn completion_line_ui(ui: &mut Ui, lang: Lang, indicator: &Indicator, points: &[Point], thresholds: &Thresholds) {
    let Some(last) = points.last() else { return };
    let a = assess(&indicator.series, last.value, last.year, thresholds);
    let year = tr(lang, Key::SeriesYear).replace("{}", &last.year.to_string());
    let completion = a.completion.map_or_else(|| "—".to_string(), percent_text);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{year} {} {completion}", t(lang, EvalKey::Completion))).strong());
        ui.label(super::evaluation::verdict_text(lang, a.verdict));
    });
    // The time elapsed before the goal year; for a share, the change in points.
    let mut details = Vec::new();
    if last.year < indicator.series.goal.year {
        details.push(fill(t(lang, EvalKey::Elapsed), &[("", &percent_text(a.elapsed))]));
    }
    if let Some(points) = a.change_points {
        let signed = if points >= 0.0 {
            format!("+{}", format_number(points))
        } else {
            format_number(points)
        };
        details.push(fill(t(lang, EvalKey::ChangePoints), &[("", &signed)]));
    }
    if !details.is_empty() {
        ui.label(RichText::new(details.join(" · ")).small());
    }
    if a.without_baseline {
        ui.label(RichText::new(t(lang, EvalKey::WithoutBaseline)).small().weak());
    }
}

/// The legend under a chart with actual values: what each mark is.
pub fn chart_legend_ui(ui: &mut Ui, lang: Lang, ceiling: bool) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        let path = if ceiling {
            EvalKey::LegendCeiling
        } else {
            EvalKey::LegendPath
        };
        // Each item whole: an item that does not fit goes to the next line.
        let item = |text: RichText| egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend);
        ui.add(item(RichText::new(t(lang, path)).small().weak()));
        ui.add(item(
            RichText::new(t(lang, EvalKey::LegendStated))
                .small()
                .color(super::style::ACCENT),
        ));
        ui.add(item(
            RichText::new(t(lang, EvalKey::LegendActual))
                .small()
                .color(ACTUAL_COLOUR),
        ));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::indicators::indicator;
    use crate::plan::Plan;

    fn row(year: &str, value: &str, unit: &str) -> DraftRow {
        DraftRow {
            year: year.into(),
            value: value.into(),
            unit: unit.into(),
            ..DraftRow::default()
        }
    }

    #[test]
    fn numbers_are_read_with_thousands_commas_and_text_is_refused() {
        assert_eq!(parse_number("17021"), Some(17021.0));
        assert_eq!(parse_number(" 1.7 "), Some(1.7));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("1，234"), Some(1234.0));
        assert_eq!(parse_number("约 2 万"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn years_outside_2020_to_2030_are_refused() {
        assert_eq!(parse_year("2023"), Some(2023));
        assert_eq!(parse_year("2025年"), Some(2025));
        assert_eq!(parse_year("2019"), None);
        assert_eq!(parse_year("2031"), None);
        assert_eq!(parse_year("二〇二三"), None);
    }

    #[test]
    fn entries_convert_wan_ge_but_refuse_a_percent_for_yi_yuan_and_a_second_value_for_a_year() {
        let plan = Plan::embedded().expect("plan");
        let stations = indicator(&plan, "table1.r6.y2025").expect("5G indicator");
        assert_eq!(stations.unit, "万个");
        let ok = validate(&[row("2024", "1.9", "万个"), row("2023", "17,021", "个")], &stations).expect("valid");
        assert_eq!(ok.iter().map(|a| a.year).collect::<Vec<_>>(), [2023, 2024]);
        assert_eq!(ok[0].value, 17021.0);
        assert_eq!(
            validate(&[row("2023", "1.7", "%")], &stations),
            Err(DraftError::Unit {
                row: 1,
                unit: "%".into(),
                expected: "万个".into()
            })
        );
        assert_eq!(
            validate(&[row("2023", "1.7", "万个"), row("2023", "1.8", "万个")], &stations),
            Err(DraftError::Duplicate { row: 2, year: 2023 })
        );
        assert!(matches!(
            validate(&[row("2023", "abc", "万个")], &stations),
            Err(DraftError::Number { row: 1, .. })
        ));
        assert!(matches!(
            validate(&[row("2035", "1", "万个")], &stations),
            Err(DraftError::Year { row: 1, .. })
        ));
    }

    #[test]
    fn replacing_one_indicators_values_keeps_the_others() {
        let other = Actual {
            indicator: "x".into(),
            year: 2022,
            value: 1.0,
            unit: String::new(),
            scope: String::new(),
            source: Source::default(),
            reliability: String::new(),
            extra: Map::new(),
        };
        let mine = Actual {
            indicator: "y".into(),
            ..other.clone()
        };
        let e = Evaluation {
            actuals: vec![other.clone(), mine],
            ..Evaluation::default()
        };
        let replaced = with_actuals(&e, "y", Vec::new());
        assert_eq!(replaced.actuals, vec![other]);
    }
}
