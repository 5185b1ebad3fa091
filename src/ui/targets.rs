//! The targets panel: the selected target's card (baseline, goal, implied growth, a
//! small chart of its path, where the plan states it and the map features it concerns),
//! then table 表1 and every quantitative target of the plan, as baselines (基线) and
//! goals (目标).

use egui::text::{LayoutJob, TextFormat};
use egui::{Align2, Button, Color32, FontId, Grid, Pos2, Rect, RichText, ScrollArea, Sense, Shape, Stroke, Ui, vec2};

use super::merge;
use super::style::{ACCENT, kind_badge};
use crate::action::Action;
use crate::i18n::{Key, Lang, tr};
use crate::model::Annotation;
use crate::plan::series::{Pairing, Point, format_number, format_rate, restatements};
use crate::plan::{FindingKind, Plan, Series, Target, TargetKind};
use crate::state::AppState;

/// A map feature linked to the selected target, named by the caller (name and layer
/// already in the interface language). Clicking it asks for
/// [`Action::SelectFeature`] with `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedFeature {
    /// Catalogue ID.
    pub id: String,
    pub name: String,
    /// The name of the layer it is drawn in.
    pub layer: String,
}

/// The project's evaluation and the actual-value editor's state, for the card of a
/// target whose indicator has actual values (issue 15).
pub struct EvaluationInput<'a> {
    pub evaluation: &'a crate::evaluation::Evaluation,
    pub editor: &'a mut super::actuals::ActualsEditor,
}

/// Colour of the baseline on the chart.
const BASELINE_COLOUR: Color32 = Color32::from_rgb(0x61, 0x61, 0x61);
/// Colour of a ceiling (upper bound) on the chart.
const CEILING_COLOUR: Color32 = Color32::from_rgb(0xb8, 0x5c, 0x1e);
/// Colour of a range on the chart.
const RANGE_COLOUR: Color32 = Color32::from_rgb(0x6a, 0x1b, 0x9a);

/// The self-check's baseline conflicts (two baselines for one goal stated twice) that
/// concern any of `targets`, with the growth each baseline implies, in the colour of a
/// warning.
fn baseline_conflicts_ui(ui: &mut Ui, lang: Lang, plan: &Plan, targets: [Option<&Target>; 3]) {
    let ids: Vec<&str> = targets.iter().flatten().map(|t| t.id.as_str()).collect();
    let conflicts = plan
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::BaselineConflict && f.refs.iter().any(|r| ids.contains(&r.as_str())));
    for f in conflicts {
        let text = match lang {
            Lang::Zh => &f.message_zh,
            Lang::En => &f.message_en,
        };
        let text = crate::i18n::labelled(lang, tr(lang, Key::Findings), text);
        ui.label(RichText::new(text).small().color(CEILING_COLOUR));
    }
}

/// `number unit`, with no space before `%` or an empty unit: `2.41 万个`, `7.2%`, `1.6`.
fn with_unit(number: &str, unit: &str) -> String {
    if unit.is_empty() || unit == "%" {
        format!("{number}{unit}")
    } else {
        format!("{number} {unit}")
    }
}

/// A target's value as the plan states it, with `≤`/`≥` for bounds and `约` when the
/// plan gives it as approximate: `约 640 亿元`, `≤ 1.3`, `2-3 个`.
fn stated_value(lang: Lang, target: &Target) -> String {
    let number = target
        .value_text
        .strip_suffix(target.unit.as_str())
        .unwrap_or(&target.value_text);
    let bound = match target.kind {
        TargetKind::UpperBound => "≤ ",
        TargetKind::LowerBound => "≥ ",
        _ => "",
    };
    let approx = if target.approximate {
        tr(lang, Key::SeriesApprox)
    } else {
        ""
    };
    format!("{bound}{approx}{}", with_unit(number.trim(), &target.unit))
}

/// `（text）` in Chinese, ` (text)` in English.
fn parenthesised(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Zh => format!("（{text}）"),
        Lang::En => format!(" ({text})"),
    }
}

/// `2020年` (Chinese) or `2020` (English).
fn year_text(lang: Lang, year: u16) -> String {
    tr(lang, Key::SeriesYear).replace("{}", &year.to_string())
}

/// The growth sentence of a series, e.g. `年均增长约 15.2%（按基期与目标推算）`; for a
/// share in `%`, the change in percentage points; for a ceiling or range, why there is
/// none. `None` when the plan gives no baseline.
pub fn growth_text(lang: Lang, series: &Series) -> Option<String> {
    series.baseline.as_ref()?;
    let fill = |key: Key, value: String| tr(lang, key).replace("{}", &value);
    match series.goal.kind {
        TargetKind::UpperBound => Some(tr(lang, Key::SeriesCeiling).to_string()),
        TargetKind::Range => Some(tr(lang, Key::SeriesRange).to_string()),
        TargetKind::Baseline => None,
        TargetKind::Target | TargetKind::LowerBound => {
            if series.is_share() && series.goal.kind == TargetKind::Target {
                let points = series.annual_change()?;
                let key = if points < 0.0 {
                    Key::SeriesPointsDown
                } else {
                    Key::SeriesPoints
                };
                return Some(fill(key, format_number(points.abs())));
            }
            let rate = series.implied_annual_growth()?;
            let key = match series.goal.kind {
                TargetKind::LowerBound => Key::SeriesGrowthAtLeast,
                _ if rate < 0.0 => Key::SeriesDecline,
                _ => Key::SeriesGrowth,
            };
            Some(fill(key, format_rate(rate.abs())))
        }
    }
}

/// A compact hint for a list entry: `640→1300 亿元 · +15.2%/年`, `7.2→12% · +0.96 个百分点/年`,
/// `1.6→≤ 1.3`. `None` without a baseline.
pub fn series_hint(lang: Lang, series: &Series) -> Option<String> {
    let b = series.baseline.as_ref()?;
    let bound = match series.goal.kind {
        TargetKind::UpperBound => "≤ ",
        TargetKind::LowerBound => "≥ ",
        _ => "",
    };
    let goal = match series.goal.value_max {
        Some(max) => format!("{}-{}", format_number(series.goal.value), format_number(max)),
        None => format_number(series.goal.value),
    };
    let path = with_unit(&format!("{}→{bound}{goal}", format_number(b.value)), &series.unit);
    let rate = if series.is_share() && series.goal.kind == TargetKind::Target {
        series.annual_change().map(|p| {
            let sign = if p < 0.0 { "-" } else { "+" };
            format!("{sign}{}{}", format_number(p.abs()), tr(lang, Key::SeriesPointsPerYear))
        })
    } else {
        series
            .implied_annual_growth()
            .map(|r| format!("{:+.1}%{}", r * 100.0, tr(lang, Key::SeriesPerYear)))
    };
    Some(match rate {
        Some(rate) => format!("{path} · {rate}"),
        None => path,
    })
}

/// The text of a target's list entry: `label  value unit · year ≈ · source`, then the
/// series hint if one is given. It is also the entry's accessible label.
pub fn target_job(target: &Target, hint: Option<&str>, text_color: Color32, weak_color: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    let normal = TextFormat {
        font_id: FontId::proportional(14.0),
        color: text_color,
        ..TextFormat::default()
    };
    let value = TextFormat {
        font_id: FontId::proportional(14.0),
        color: ACCENT,
        ..TextFormat::default()
    };
    let small = TextFormat {
        font_id: FontId::proportional(11.0),
        color: weak_color,
        ..TextFormat::default()
    };
    job.append(&target.label, 0.0, normal);
    let unit = if target.value_text.ends_with(&target.unit) {
        ""
    } else {
        target.unit.as_str()
    };
    job.append(&format!("{}{}", target.value_text, unit), 8.0, value.clone());
    if target.approximate {
        job.append("≈", 4.0, value);
    }
    let year = target.year.map(|y| format!(" · {y}")).unwrap_or_default();
    job.append(&format!("{year} · {}", target.paragraph), 6.0, small.clone());
    if let Some(hint) = hint {
        job.append(&format!(" · {hint}"), 0.0, TextFormat { color: ACCENT, ..small });
    }
    job
}

/// The list of targets, baselines first, then goals. Clicking one selects it. A goal
/// with a baseline shows its series hint (see [`series_hint`]).
pub fn target_list_ui(ui: &mut Ui, plan: &Plan, state: &AppState) -> Option<Action> {
    let mut action = None;
    let lang = state.lang;
    let groups = target_groups(plan);
    for (k, (heading, targets)) in groups.into_iter().enumerate() {
        if targets.is_empty() {
            continue;
        }
        ui.add_space(4.0);
        let title = format!("{} ({})", tr(lang, heading), targets.len());
        if heading == Key::OtherNumbers {
            // Incidental numbers of the review of the 13th plan: folded, open on demand
            // or when one of them is selected.
            let open = targets
                .iter()
                .any(|t| state.selected_target.as_deref() == Some(t.id.as_str()));
            egui::CollapsingHeader::new(RichText::new(title).strong().color(ACCENT))
                .id_salt(("target-group", k))
                .open(open.then_some(true))
                .default_open(false)
                .show(ui, |ui| merge(&mut action, target_rows_ui(ui, plan, state, &targets)));
        } else {
            ui.label(RichText::new(title).strong().color(ACCENT));
            merge(&mut action, target_rows_ui(ui, plan, state, &targets));
        }
    }
    action
}

/// The targets as a review reads them: goals — 表1's, then the columns' (专栏), then the
/// text's — and the baselines they grow from; then, folded, the other numbers the plan
/// states (baselines no goal is paired with, such as 电子印章 1110 枚).
fn target_groups(plan: &Plan) -> [(Key, Vec<&Target>); 3] {
    let rank = |t: &Target| {
        if plan.table_row(&t.paragraph).is_some() {
            0
        } else if t.paragraph.starts_with("box") {
            1
        } else {
            2
        }
    };
    let mut goals: Vec<&Target> = plan.targets.iter().filter(|t| t.kind.is_goal()).collect();
    goals.sort_by_key(|t| rank(t));
    let (paired, other): (Vec<&Target>, Vec<&Target>) = plan
        .targets
        .iter()
        .filter(|t| !t.kind.is_goal())
        .partition(|t| Series::of(plan, &t.id).is_some());
    [(Key::Goals, goals), (Key::Baseline, paired), (Key::OtherNumbers, other)]
}

/// One row per target: its kind badge and a selectable label (with the growth hint of
/// a goal's series); a click selects it.
fn target_rows_ui(ui: &mut Ui, plan: &Plan, state: &AppState, targets: &[&Target]) -> Option<Action> {
    let mut action = None;
    let lang = state.lang;
    let (text_color, weak_color) = (ui.visuals().text_color(), ui.visuals().weak_text_color());
    for t in targets {
        let hint = if t.kind.is_goal() {
            Series::of(plan, &t.id).and_then(|s| series_hint(lang, &s))
        } else {
            None
        };
        ui.horizontal(|ui| {
            let (badge, fill) = kind_badge(lang, t.kind);
            let badge_width = if lang == Lang::En { 52.0 } else { 26.0 };
            super::style::badge(ui, badge, fill, badge_width);
            let selected = state.selected_target.as_deref() == Some(t.id.as_str());
            let job = target_job(t, hint.as_deref(), text_color, weak_color);
            let response = ui.add(Button::selectable(selected, job).wrap());
            let response = response.on_hover_text(&t.clause);
            if response.clicked() {
                action = Some(Action::SelectTarget(t.id.clone()));
            }
            if selected && state.reveal_in_outline {
                response.scroll_to_me(None);
            }
        });
    }
    action
}

/// A link to the paragraph (or table row) that states `target`; clicking it selects
/// the target, which shows that paragraph with the value marked and keeps this card.
fn source_link(ui: &mut Ui, target: &Target, action: &mut Option<Action>) {
    if ui.link(RichText::new(&target.paragraph).small()).clicked() {
        *action = Some(Action::SelectTarget(target.id.clone()));
    }
}

/// The card of the selected target: label and kind, goal, baseline (or that the plan
/// gives none), unit, implied growth, the chart, the paragraphs that state it and the
/// linked map features. With `evaluation`, the chart shows the indicator's actual values
/// with the latest 完成度 and verdict, and the actual-value editor follows it.
pub fn target_card_ui(
    ui: &mut Ui,
    plan: &Plan,
    lang: Lang,
    target: &Target,
    linked_features: &[LinkedFeature],
    annotations: &[Annotation],
    evaluation: Option<EvaluationInput<'_>>,
) -> Option<Action> {
    let mut action = None;
    let indicator = evaluation
        .as_ref()
        .and_then(|_| crate::evaluation::indicators::indicator(plan, &target.id));
    let series = Series::of(plan, &target.id);
    let goal = series.as_ref().and_then(|s| plan.target(&s.goal.target));
    let baseline = series
        .as_ref()
        .and_then(|s| s.baseline.as_ref())
        .and_then(|b| plan.target(&b.target))
        .or_else(|| (target.kind == TargetKind::Baseline).then_some(target));
    let headline = goal.unwrap_or(target);

    ui.horizontal_wrapped(|ui| {
        let (badge, fill) = kind_badge(lang, headline.kind);
        super::style::badge(ui, badge, fill, if lang == Lang::En { 52.0 } else { 26.0 });
        ui.label(RichText::new(&headline.label).strong().size(15.0));
    });
    let unit = series.as_ref().map_or(target.unit.as_str(), |s| s.unit.as_str());
    Grid::new(("target-card", &target.id))
        .num_columns(2)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr(lang, Key::SeriesGoal)).weak());
            ui.horizontal_wrapped(|ui| match goal {
                Some(g) => {
                    let year = g.year.map(|y| format!(" · {}", year_text(lang, y))).unwrap_or_default();
                    ui.label(
                        RichText::new(format!("{}{year}", stated_value(lang, g)))
                            .color(ACCENT)
                            .strong(),
                    );
                    source_link(ui, g, &mut action);
                }
                None => {
                    ui.label(RichText::new(tr(lang, Key::SeriesNoGoal)).italics());
                }
            });
            ui.end_row();

            ui.label(RichText::new(tr(lang, Key::SeriesBaseline)).weak());
            ui.horizontal_wrapped(|ui| match baseline {
                Some(b) => {
                    let converted = series
                        .as_ref()
                        .and_then(|s| s.baseline.as_ref().map(|sb| (s, sb)))
                        .filter(|(s, _)| s.unit != b.unit)
                        .map(|(s, sb)| parenthesised(lang, &with_unit(&format_number(sb.value), &s.unit)))
                        .unwrap_or_default();
                    let year = b.year.map(|y| format!(" · {}", year_text(lang, y))).unwrap_or_default();
                    ui.label(RichText::new(format!("{}{converted}{year}", stated_value(lang, b))).strong());
                    source_link(ui, b, &mut action);
                }
                None => {
                    ui.label(RichText::new(tr(lang, Key::SeriesNoBaseline)).italics());
                }
            });
            ui.end_row();

            ui.label(RichText::new(tr(lang, Key::Unit)).weak());
            ui.label(if unit.is_empty() { "—" } else { unit });
            ui.end_row();
        });

    if let Some(s) = &series {
        if let Some(text) = growth_text(lang, s) {
            ui.label(RichText::new(text).color(ACCENT).strong());
        }
        match &s.pairing {
            Pairing::Table => {
                ui.label(RichText::new(tr(lang, Key::SeriesPairTable)).small().weak());
            }
            Pairing::Authored { why, scope_differs } => {
                if *scope_differs {
                    ui.label(
                        RichText::new(tr(lang, Key::SeriesScopeDiffers))
                            .small()
                            .color(CEILING_COLOUR),
                    );
                }
                ui.label(RichText::new(tr(lang, Key::SeriesPairAuthored)).small().weak())
                    .on_hover_text(why);
            }
            Pairing::NoBaseline => {}
        }
        baseline_conflicts_ui(ui, lang, plan, [Some(target), goal, baseline]);
        ui.add_space(2.0);
        let points: Vec<Point> = match (&indicator, &evaluation) {
            (Some(i), Some(e)) => super::actuals::chart_points(i, e.evaluation)
                .into_iter()
                .filter_map(|p| {
                    Some(Point {
                        year: p.year,
                        value: crate::plan::series::convert(p.value, &i.unit, &s.unit)?,
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        trajectory_chart_ui(ui, lang, s, &points);
        if let (Some(i), Some(e)) = (&indicator, &evaluation)
            && !points.is_empty()
        {
            let in_indicator_unit = super::actuals::chart_points(i, e.evaluation);
            super::actuals::completion_line_ui(ui, lang, i, &in_indicator_unit, &e.evaluation.thresholds);
            super::actuals::chart_legend_ui(ui, lang, s.trajectory().ceiling.is_some());
        }
    }
    if let (Some(i), Some(e)) = (&indicator, evaluation) {
        merge(
            &mut action,
            super::actuals::actuals_editor_ui(ui, lang, i, e.evaluation, e.editor),
        );
    }

    ui.add_space(4.0);
    ui.label(RichText::new(tr(lang, Key::SeriesStatedIn)).strong());
    let mut stated: Vec<&Target> = Vec::new();
    for t in goal
        .into_iter()
        .chain(baseline)
        .chain((goal.is_none() && baseline.is_none()).then_some(target))
    {
        for s in std::iter::once(t).chain(restatements(plan, t)) {
            if !stated.iter().any(|x| x.paragraph == s.paragraph) {
                stated.push(s);
            }
        }
    }
    // Annotations linked to the target, its goal or baseline, or where the plan restates
    // them (`stated` keeps one target per paragraph: a table row's goal and baseline share one).
    let mut annotated: Vec<&str> = goal
        .into_iter()
        .chain(baseline)
        .chain(Some(target))
        .flat_map(|t| std::iter::once(t).chain(restatements(plan, t)))
        .map(|t| t.id.as_str())
        .collect();
    annotated.sort_unstable();
    annotated.dedup();
    for t in stated {
        let title = plan.title_of(&t.paragraph).unwrap_or_default();
        let text = format!("{} · {title} · {}", t.paragraph, stated_value(lang, t));
        let selected = t.id == target.id;
        if ui.add(Button::selectable(selected, text).wrap()).clicked() {
            action = Some(Action::SelectTarget(t.id.clone()));
        }
    }

    ui.add_space(4.0);
    ui.label(RichText::new(tr(lang, Key::SeriesFeatures)).strong());
    if linked_features.is_empty() {
        ui.label(RichText::new(tr(lang, Key::SeriesNoFeatures)).weak());
    }
    for f in linked_features {
        if ui
            .add(Button::selectable(false, format!("{} · {}", f.name, f.layer)).wrap())
            .clicked()
        {
            action = Some(Action::SelectFeature(Some(f.id.clone())));
        }
    }
    merge(
        &mut action,
        super::annotation_editor::target_annotations_ui(ui, lang, annotations, &annotated),
    );
    action
}

/// The smallest "nice" number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) at least `x`; its
/// half is a tidy tick too.
fn nice_ceiling(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= x * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude)
}

/// A small chart of a series, about 300×120 points: years on the horizontal axis, the
/// baseline and goal as dots with their values, the constant-growth path dashed, a
/// ceiling as a dashed horizontal line, a range as a bar. Hovering shows the value of
/// the nearest year. Its accessible label names the chart and its values.
///
/// `actuals` (in the series' unit, by year) are drawn as squares joined by a line in
/// [`super::actuals::ACTUAL_COLOUR`], the last one labelled; the axis then reaches their
/// years, and a legend replaces the path note.
pub fn trajectory_chart_ui(ui: &mut Ui, lang: Lang, series: &Series, actuals: &[Point]) -> egui::Response {
    let mut t = series.trajectory();
    // The horizontal axis spans the actual values too (up to 2030).
    let first_year = actuals.iter().map(|p| p.year).min().unwrap_or(t.start_year);
    let last_year = actuals.iter().map(|p| p.year).max().unwrap_or(t.end_year);
    t.start_year = t.start_year.min(first_year);
    t.end_year = t.end_year.max(last_year);
    let width = ui.available_width().clamp(220.0, 380.0);
    let (rect, response) = ui.allocate_exact_size(vec2(width, 124.0), Sense::hover());
    let unit = series.unit.as_str();
    let describe = |p: Option<Point>| p.map(|p| with_unit(&format_number(p.value), unit));
    let summary = [describe(t.baseline), describe(Some(t.goal))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" → ");
    let mut label = format!(
        "{} {}–{}: {summary}",
        tr(lang, Key::SeriesChart),
        t.start_year,
        t.end_year
    );
    if !actuals.is_empty() {
        let values: Vec<String> = actuals
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    year_text(lang, p.year),
                    with_unit(&format_number(p.value), unit)
                )
            })
            .collect();
        label.push_str(&format!(
            "; {}: {}",
            tr(lang, Key::Eval(crate::i18n::EvalKey::Value)),
            values.join(", ")
        ));
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));

    let painter = ui.painter_at(rect.expand(2.0));
    let visuals = ui.visuals();
    let text_colour = visuals.text_color();
    let weak = visuals.weak_text_color();
    let grid = visuals.widgets.noninteractive.bg_stroke.color;
    let small = FontId::proportional(10.5);
    let plot = Rect::from_min_max(
        Pos2::new(rect.left() + 40.0, rect.top() + 16.0),
        Pos2::new(rect.right() - 14.0, rect.bottom() - 18.0),
    );
    painter.rect_filled(plot, 2.0, visuals.faint_bg_color);

    let top = nice_ceiling(
        actuals
            .iter()
            .map(|p| p.value)
            .filter(|v| v.is_finite())
            .fold(t.max_value(), f64::max)
            * 1.15,
    );
    let span = f32::from(t.end_year.saturating_sub(t.start_year).max(1));
    let x_of = |year: u16| plot.left() + plot.width() * f32::from(year.saturating_sub(t.start_year)) / span;
    let y_of = |value: f64| plot.bottom() - plot.height() * (value / top).clamp(0.0, 1.05) as f32;
    let at = |p: Point| Pos2::new(x_of(p.year), y_of(p.value));

    // Axes, grid and labels.
    for k in 0..=2 {
        let value = top * f64::from(k) / 2.0;
        let y = y_of(value);
        painter.line_segment(
            [Pos2::new(plot.left(), y), Pos2::new(plot.right(), y)],
            Stroke::new(0.5, grid),
        );
        painter.text(
            Pos2::new(plot.left() - 4.0, y),
            Align2::RIGHT_CENTER,
            format_number(value),
            small.clone(),
            weak,
        );
    }
    // The unit above the plot, right of the axis (clear of the tick labels).
    painter.text(
        Pos2::new(plot.left() + 3.0, plot.top() - 1.0),
        Align2::LEFT_BOTTOM,
        unit,
        small.clone(),
        weak,
    );
    painter.line_segment([plot.left_bottom(), plot.right_bottom()], Stroke::new(1.0, weak));
    painter.line_segment([plot.left_bottom(), plot.left_top()], Stroke::new(1.0, weak));
    // Every year labelled on a short axis, every other one on a long one.
    let step = if span > 6.0 { 2 } else { 1 };
    for year in t.start_year..=t.end_year {
        let x = x_of(year);
        painter.line_segment(
            [Pos2::new(x, plot.bottom()), Pos2::new(x, plot.bottom() + 3.0)],
            Stroke::new(1.0, weak),
        );
        if !(year - t.start_year).is_multiple_of(step) {
            continue;
        }
        painter.text(
            Pos2::new(x, plot.bottom() + 3.0),
            Align2::CENTER_TOP,
            year.to_string(),
            small.clone(),
            weak,
        );
    }

    // The constant-growth path, dashed and light.
    if t.path.len() >= 2 {
        let points: Vec<Pos2> = t.path.iter().map(|p| at(*p)).collect();
        painter.extend(Shape::dashed_line(
            &points,
            Stroke::new(1.5, ACCENT.gamma_multiply(0.55)),
            5.0,
            4.0,
        ));
        for p in &points[1..points.len() - 1] {
            painter.circle_filled(*p, 2.0, ACCENT.gamma_multiply(0.45));
        }
    }
    // A ceiling across the whole span.
    if let Some(ceiling) = t.ceiling {
        let y = y_of(ceiling);
        painter.extend(Shape::dashed_line(
            &[Pos2::new(plot.left(), y), Pos2::new(plot.right(), y)],
            Stroke::new(1.5, CEILING_COLOUR),
            6.0,
            3.0,
        ));
    }
    // A range as a bar at the goal year.
    if let Some((low, high)) = t.range {
        let x = x_of(t.goal.year);
        painter.line_segment(
            [Pos2::new(x, y_of(low)), Pos2::new(x, y_of(high))],
            Stroke::new(5.0, RANGE_COLOUR),
        );
    }

    // The stated values, with labels kept inside the chart.
    let label_at = |p: Pos2, text: String, colour: Color32, anchor: Align2| {
        let offset = if p.y - plot.top() < 14.0 { 12.0 } else { -6.0 };
        let anchor = if offset > 0.0 {
            Align2([anchor.x(), egui::Align::Min])
        } else {
            anchor
        };
        painter.text(
            Pos2::new(p.x, p.y + offset),
            anchor,
            text,
            FontId::proportional(11.5),
            colour,
        )
    };
    if let Some(b) = t.baseline {
        let p = at(b);
        painter.circle_filled(p, 4.0, BASELINE_COLOUR);
        label_at(
            p + vec2(4.0, 0.0),
            format_number(b.value),
            text_colour,
            Align2::LEFT_BOTTOM,
        );
    }
    let goal_colour = match series.goal.kind {
        TargetKind::UpperBound => CEILING_COLOUR,
        TargetKind::Range => RANGE_COLOUR,
        _ => ACCENT,
    };
    let goal_point = at(t.goal);
    let goal_text = match (series.goal.kind, t.range) {
        (TargetKind::Range, Some((low, high))) => format!("{}-{}", format_number(low), format_number(high)),
        (TargetKind::UpperBound, _) => format!("≤ {}", format_number(t.goal.value)),
        (TargetKind::LowerBound, _) => format!("≥ {}", format_number(t.goal.value)),
        _ => format_number(t.goal.value),
    };
    let goal_label_at = match t.range {
        Some((_, high)) => Pos2::new(goal_point.x, y_of(high)),
        None => goal_point,
    };
    painter.circle_filled(goal_point, 4.5, goal_colour);
    painter.circle_stroke(goal_point, 4.5, Stroke::new(1.0, Color32::WHITE));
    let goal_label = label_at(
        goal_label_at - vec2(6.0, 0.0),
        goal_text,
        goal_colour,
        Align2::RIGHT_BOTTOM,
    );

    // The actual values: squares joined by a line, the last one labelled.
    if !actuals.is_empty() {
        let colour = super::actuals::ACTUAL_COLOUR;
        let points: Vec<Pos2> = actuals.iter().map(|p| at(*p)).collect();
        if points.len() >= 2 {
            painter.add(Shape::line(points.clone(), Stroke::new(2.0, colour)));
        }
        for p in &points {
            painter.rect_filled(Rect::from_center_size(*p, vec2(7.0, 7.0)), 0.0, colour);
        }
        if let (Some(last), Some(p)) = (actuals.last(), points.last()) {
            let anchor = if p.x > plot.center().x {
                Align2::RIGHT_BOTTOM
            } else {
                Align2::LEFT_BOTTOM
            };
            let shift = if anchor == Align2::RIGHT_BOTTOM { -6.0 } else { 6.0 };
            // Above the square, or below it where the goal's label already stands
            // (an actual close to the goal in the goal year).
            let galley = painter.layout_no_wrap(format_number(last.value), FontId::proportional(11.5), colour);
            let above = anchor.anchor_size(*p + vec2(shift, -4.0), galley.size());
            let below = Align2([anchor.x(), egui::Align::Min]).anchor_size(*p + vec2(shift, 5.0), galley.size());
            let clear = |r: Rect| !r.intersects(goal_label.expand(1.0)) && plot.expand(2.0).contains_rect(r);
            let spot = [above, below].into_iter().find(|r| clear(*r)).unwrap_or(above);
            painter.galley(spot.min, galley, colour);
        }
    }

    let note = if !actuals.is_empty() {
        None
    } else if t.ceiling.is_some() {
        Some(tr(lang, Key::SeriesCeilingNote))
    } else if t.path.len() >= 2 {
        Some(tr(lang, Key::SeriesPathNote))
    } else {
        None
    };
    let response = if let Some(pos) = response.hover_pos() {
        let year =
            (t.start_year..=t.end_year).min_by(|a, b| (x_of(*a) - pos.x).abs().total_cmp(&(x_of(*b) - pos.x).abs()));
        let stated = [t.baseline, Some(t.goal)]
            .into_iter()
            .flatten()
            .find(|p| Some(p.year) == year);
        let actual = actuals.iter().find(|p| Some(p.year) == year);
        let text = match (stated, year.and_then(|y| t.path.iter().find(|p| p.year == y))) {
            (Some(p), _) => Some(format!(
                "{}: {}",
                year_text(lang, p.year),
                with_unit(&format_number(p.value), unit)
            )),
            (None, Some(p)) => Some(format!(
                "{}: {}{}",
                year_text(lang, p.year),
                with_unit(&format_number(p.value), unit),
                parenthesised(lang, tr(lang, Key::SeriesImplied))
            )),
            _ => None,
        };
        let text = match (text, actual) {
            (text, Some(a)) => Some(format!(
                "{}{}{}: {}",
                text.map(|t| format!("{t}\n")).unwrap_or_default(),
                year_text(lang, a.year),
                tr(lang, Key::Eval(crate::i18n::EvalKey::Value)),
                with_unit(&format_number(a.value), unit)
            )),
            (text, None) => text,
        };
        match text {
            Some(text) => response.on_hover_text_at_pointer(text),
            None => response,
        }
    } else {
        response
    };
    if let Some(note) = note {
        ui.label(RichText::new(note).small().weak());
    }
    response
}

/// The whole right panel: title; the selected target's card (see [`target_card_ui`]);
/// then table 表1 and the target list (scrolling). `linked_features` are the map
/// features of the selected target, computed by the caller; `annotations` the project's;
/// `evaluation` the project's evaluation and the actual-value editor (see
/// [`target_card_ui`]).
pub fn targets_panel_ui(
    ui: &mut Ui,
    plan: &Plan,
    state: &AppState,
    linked_features: &[LinkedFeature],
    annotations: &[Annotation],
    evaluation: Option<EvaluationInput<'_>>,
) -> Option<Action> {
    let mut action = None;
    ui.add_space(4.0);
    ui.heading(tr(state.lang, Key::TargetsPanel));
    ui.separator();
    if let Some(target) = state.selected_target.as_deref().and_then(|id| plan.target(id)) {
        // The card (with its chart, 完成度 and the actual-value editor) gets most of the
        // height; the list below keeps a few rows.
        let max_height = (ui.available_height() * 0.78).max(160.0);
        ScrollArea::vertical()
            .id_salt("target-card")
            .max_height(max_height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                merge(
                    &mut action,
                    target_card_ui(ui, plan, state.lang, target, linked_features, annotations, evaluation),
                );
            });
        ui.separator();
    }
    ScrollArea::vertical()
        .id_salt("targets")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(table) = plan.tables.first() {
                ui.label(RichText::new(plan.title_of(&table.id).unwrap_or_default()).strong());
                merge(&mut action, super::table_grid_ui(ui, plan, state, table));
                ui.separator();
            }
            merge(&mut action, target_list_ui(ui, plan, state));
        });
    action
}
