//! The indicators of the evaluation: every goal of the plan with a year (表1's 2025
//! column and the goals stated in the text), a goal stated twice (专栏1's `5G基站
//! 2.41万个` and 表1's cell) counted once under its first statement in plan order.

use std::collections::BTreeMap;

use super::completion::{Assessment, Direction, Thresholds, Verdict, assess, percent_text};
use super::{Actual, Evaluation};
use crate::plan::series::{Series, convert, restatements};
use crate::plan::{Plan, Target};

/// One indicator of the evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// The ID of its first goal target in plan order, e.g. `table1.r6.y2025`.
    pub id: String,
    /// What is measured, as the plan words it.
    pub label: String,
    /// The goal's unit; actual values are converted into it.
    pub unit: String,
    /// 预期性 or 约束性 where the plan says (表1's title: `…预期指标`), else `None`.
    pub attribute: Option<&'static str>,
    /// The other goal targets that state the same value.
    pub restated_by: Vec<String>,
    pub series: Series,
    pub direction: Direction,
}

/// 预期性/约束性 from the title of the table the goal stands in.
fn attribute(plan: &Plan, goal: &Target) -> Option<&'static str> {
    let (table, _) = plan.table_row(&goal.paragraph)?;
    if table.title.contains("约束性") {
        Some("约束性")
    } else if table.title.contains("预期") {
        Some("预期性")
    } else {
        None
    }
}

fn is_goal(t: &Target) -> bool {
    t.kind.is_goal() && t.year.is_some()
}

/// The canonical goal of `target`: the first goal in plan order among it and its
/// restatements.
fn canonical<'a>(plan: &'a Plan, target: &'a Target) -> &'a Target {
    restatements(plan, target)
        .into_iter()
        .chain(std::iter::once(target))
        .filter(|t| is_goal(t))
        .min_by_key(|t| plan.targets.iter().position(|x| x.id == t.id))
        .unwrap_or(target)
}

/// Every indicator, in plan order.
pub fn indicators(plan: &Plan) -> Vec<Indicator> {
    plan.targets
        .iter()
        .filter(|t| is_goal(t) && canonical(plan, t).id == t.id)
        .filter_map(|t| build(plan, t))
        .collect()
}

fn build(plan: &Plan, goal: &Target) -> Option<Indicator> {
    let series = Series::of(plan, &goal.id)?;
    Some(Indicator {
        id: goal.id.clone(),
        label: goal.label.clone(),
        unit: series.unit.clone(),
        attribute: attribute(plan, goal),
        restated_by: restatements(plan, goal)
            .into_iter()
            .filter(|t| is_goal(t) && t.id != goal.id)
            .map(|t| t.id.clone())
            .collect(),
        direction: Direction::of(&series),
        series,
    })
}

/// The indicator `id` names: a goal (or a restatement of one), or the baseline of a
/// series. `None` for anything else.
pub fn indicator_of(plan: &Plan, id: &str) -> Option<String> {
    let target = plan.target(id)?;
    let goal = if is_goal(target) {
        target
    } else {
        let series = Series::of(plan, id)?;
        plan.target(&series.goal.target)?
    };
    Some(canonical(plan, goal).id.clone())
}

/// The indicator with ID `id` (resolved as [`indicator_of`] does).
pub fn indicator(plan: &Plan, id: &str) -> Option<Indicator> {
    let canonical = indicator_of(plan, id)?;
    build(plan, plan.target(&canonical)?)
}

/// One row of the evaluation table: an indicator, its actual values and the assessment
/// of the latest one.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<'a> {
    pub indicator: Indicator,
    /// By year.
    pub actuals: BTreeMap<u16, &'a Actual>,
    /// The latest actual value, assessed; `None` when there is none (暂无数据).
    pub latest: Option<Assessment>,
}

impl Row<'_> {
    /// The assessment of the value in `year`, if one was entered.
    pub fn assessment(&self, year: u16, thresholds: &Thresholds) -> Option<Assessment> {
        let a = self.actuals.get(&year)?;
        let v = convert(a.value, &a.unit, &self.indicator.unit)?;
        Some(assess(&self.indicator.series, v, year, thresholds))
    }
}

/// The evaluation table: every indicator of the plan with what `evaluation` knows of it.
pub fn rows<'a>(plan: &Plan, evaluation: &'a Evaluation) -> Vec<Row<'a>> {
    indicators(plan)
        .into_iter()
        .map(|indicator| {
            let actuals = evaluation.actuals_of(&indicator.id);
            let latest = actuals.iter().next_back().and_then(|(year, a)| {
                let v = convert(a.value, &a.unit, &indicator.unit)?;
                Some(assess(&indicator.series, v, *year, &evaluation.thresholds))
            });
            Row {
                indicator,
                actuals,
                latest,
            }
        })
        .collect()
}

/// Counts over the evaluation table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub indicators: usize,
    /// Indicators with at least one actual value.
    pub with_data: usize,
    /// Indicators whose latest value is from the goal year or later.
    pub end_of_term: usize,
    /// Of those, 超额完成 or 完成.
    pub done: usize,
    /// Counts per verdict of the latest values.
    pub by_verdict: BTreeMap<Verdict, usize>,
}

pub fn summary(rows: &[Row<'_>]) -> Summary {
    let mut by_verdict = BTreeMap::new();
    for a in rows.iter().filter_map(|r| r.latest.as_ref()) {
        *by_verdict.entry(a.verdict).or_insert(0) += 1;
    }
    let end_of_term = Verdict::END.iter().filter_map(|v| by_verdict.get(v)).sum();
    Summary {
        indicators: rows.len(),
        with_data: rows.iter().filter(|r| !r.actuals.is_empty()).count(),
        end_of_term,
        done: [Verdict::Exceeded, Verdict::Done]
            .iter()
            .filter_map(|v| by_verdict.get(v))
            .sum(),
        by_verdict,
    }
}

impl Summary {
    /// The report's summary line, e.g. `规划 17 项指标中，3 项已有终期实际值，其中 2 项完成
    /// （完成率 66.7%，按已有终期实际值的指标计）；14 项暂无数据。` — the rate is of the
    /// indicators with an end-of-term value, and says so, so that it is not read as the
    /// plan's.
    pub fn line_zh(&self) -> String {
        self.line(&SummaryWords {
            head: |n, e| format!("规划 {n} 项指标中，{e} 项已有终期实际值"),
            done: |d, rate| format!("，其中 {d} 项完成（完成率 {rate}，按已有终期实际值的指标计）"),
            mid: |m| format!("；{m} 项仅有期中实际值"),
            none: |n| format!("；{n} 项暂无数据"),
            end: "。",
        })
    }

    /// The summary line in English (the window's English interface).
    pub fn line_en(&self) -> String {
        self.line(&SummaryWords {
            head: |n, e| format!("Of the plan's {n} indicators, {e} have an end-of-term actual"),
            done: |d, rate| format!(", of which {d} achieved ({rate} of those with an end-of-term actual)"),
            mid: |m| format!("; {m} only a mid-term actual"),
            none: |n| format!("; {n} no data"),
            end: ".",
        })
    }

    /// The line from its parts in one language: the head, then the completed share (when
    /// any end-of-term value exists), the mid-term-only and the no-data counts (when any).
    fn line(&self, w: &SummaryWords) -> String {
        let mut s = (w.head)(self.indicators, self.end_of_term);
        if self.end_of_term > 0 {
            s.push_str(&(w.done)(
                self.done,
                percent_text(self.done as f64 / self.end_of_term as f64),
            ));
        }
        let mid = self.with_data - self.end_of_term;
        if mid > 0 {
            s.push_str(&(w.mid)(mid));
        }
        let none = self.indicators - self.with_data;
        if none > 0 {
            s.push_str(&(w.none)(none));
        }
        s.push_str(w.end);
        s
    }
}

/// The words of [`Summary`]'s line in one language.
struct SummaryWords {
    head: fn(usize, usize) -> String,
    done: fn(usize, String) -> String,
    mid: fn(usize) -> String,
    none: fn(usize) -> String,
    end: &'static str,
}
