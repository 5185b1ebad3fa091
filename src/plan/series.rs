//! Series: a goal of the plan together with the baseline it grows from, the implied
//! annual growth between them and the path a chart draws from one to the other.
//!
//! Every value comes from the parsed targets. What is authored is only *which*
//! baseline belongs to which goal: table 表1 pairs the 2020 and 2025 columns of a row
//! by itself; for goals stated in the text, `seeds/target-series.json` lists pairs of
//! target IDs (no values), each with the reason it is the same quantity. Where the
//! plan states the two in different units of the same kind (`6309 个` and
//! `2.41 万个`), the baseline is converted into the goal's unit.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::model::{Plan, Target, TargetKind};

/// The authored baseline → goal pairs shipped with the atlas.
pub const EMBEDDED_SERIES_PAIRS: &str = include_str!("../../seeds/target-series.json");
/// File name of [`EMBEDDED_SERIES_PAIRS`], for messages.
pub const EMBEDDED_SERIES_PAIRS_NAME: &str = "seeds/target-series.json";

/// One entry of the pair file: a baseline target and the goal target it leads to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesPair {
    /// ID of a target of kind [`TargetKind::Baseline`].
    pub baseline: String,
    /// ID of a goal target (any kind but baseline).
    pub goal: String,
    /// Why the two describe the same quantity (for maintainers; must not be empty).
    pub why: String,
    /// The two measure the same thing in not quite the same way (another set of data
    /// centres, output instead of revenue); the atlas says so next to the series.
    #[serde(default)]
    pub scope_differs: bool,
}

/// The pair file is not a JSON array of [`SeriesPair`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("target-series file {file}, line {line} column {column}: {reason}")]
pub struct SeriesPairsError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

/// Reads a pair file (a JSON array of [`SeriesPair`]). Only the syntax is checked here;
/// [`validate_series_pairs`] checks the pairs against a plan.
pub fn parse_series_pairs(source_name: &str, json: &str) -> Result<Vec<SeriesPair>, SeriesPairsError> {
    serde_json::from_str(json).map_err(|e| SeriesPairsError {
        file: source_name.to_string(),
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    })
}

static EMBEDDED: LazyLock<Result<Vec<SeriesPair>, SeriesPairsError>> =
    LazyLock::new(|| parse_series_pairs(EMBEDDED_SERIES_PAIRS_NAME, EMBEDDED_SERIES_PAIRS));

/// The pairs shipped with the atlas; empty when the file does not parse (then
/// [`Plan::problems`] reports why, so `dalian-atlas check` fails).
pub fn embedded_series_pairs() -> &'static [SeriesPair] {
    EMBEDDED.as_deref().unwrap_or_default()
}

/// Every problem of `pairs` against `plan`, as readable sentences naming the file and
/// the pair: an ID that is not a target, a baseline that is not of kind baseline, a
/// goal that is a baseline, units that cannot be converted into each other, a baseline
/// not earlier than its goal, a goal paired twice or already paired by its 表1 row, an
/// empty reason. Empty when all is well.
pub fn validate_series_pairs(plan: &Plan, source_name: &str, pairs: &[SeriesPair]) -> Vec<String> {
    let mut out = Vec::new();
    for (k, pair) in pairs.iter().enumerate() {
        let at = format!(
            "target-series {source_name}, pair {} ({} → {})",
            k + 1,
            pair.baseline,
            pair.goal
        );
        if pair.why.trim().is_empty() {
            out.push(format!("{at}: “why” is empty; say why the two are the same quantity"));
        }
        let baseline = plan.target(&pair.baseline);
        let goal = plan.target(&pair.goal);
        match baseline {
            None => out.push(format!("{at}: {} is not a target of the plan", pair.baseline)),
            Some(b) if b.kind != TargetKind::Baseline => out.push(format!(
                "{at}: {} is not a baseline (its kind is {})",
                b.id,
                kind_name(b.kind)
            )),
            Some(_) => {}
        }
        match goal {
            None => out.push(format!("{at}: {} is not a target of the plan", pair.goal)),
            Some(g) if !g.kind.is_goal() => out.push(format!("{at}: {} is a baseline, not a goal", g.id)),
            Some(g) if table_baseline(plan, g).is_some() => out.push(format!(
                "{at}: {} already has its baseline in its table row {}",
                g.id, g.paragraph
            )),
            Some(_) => {}
        }
        if let (Some(b), Some(g)) = (baseline, goal) {
            if convert(1.0, &b.unit, &g.unit).is_none() {
                out.push(format!(
                    "{at}: the units “{}” and “{}” cannot be converted into each other",
                    b.unit, g.unit
                ));
            }
            if let (Some(by), Some(gy)) = (b.year, g.year)
                && by >= gy
            {
                out.push(format!("{at}: the baseline year {by} is not before the goal year {gy}"));
            }
        }
        if let Some(first) = pairs[..k].iter().position(|p| p.goal == pair.goal) {
            out.push(format!(
                "{at}: the goal {} is already paired in pair {}",
                pair.goal,
                first + 1
            ));
        }
    }
    out
}

/// The problems of the embedded pair file against `plan` (see [`validate_series_pairs`]),
/// or the reason it does not parse.
pub(crate) fn series_problems(plan: &Plan) -> Vec<String> {
    match &*EMBEDDED {
        Ok(pairs) => validate_series_pairs(plan, EMBEDDED_SERIES_PAIRS_NAME, pairs),
        Err(e) => vec![e.to_string()],
    }
}

fn kind_name(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Baseline => "baseline",
        TargetKind::Target => "target",
        TargetKind::UpperBound => "upper-bound",
        TargetKind::LowerBound => "lower-bound",
        TargetKind::Range => "range",
    }
}

/// Splits a unit into its scale and base unit: `万个` → (10 000, `个`), `亿元` →
/// (100 000 000, `元`), `万` → (10 000, ``), `%` → (1, `%`), `` → (1, ``).
/// Only the Chinese multipliers 亿, 万 and 千 are understood, and only as a prefix.
pub fn unit_scale(unit: &str) -> (f64, &str) {
    for (prefix, scale) in [("亿", 1e8), ("万", 1e4), ("千", 1e3)] {
        if let Some(base) = unit.strip_prefix(prefix) {
            return (scale, base);
        }
    }
    (1.0, unit)
}

/// `value` in unit `from` expressed in unit `to`, when both have the same base unit
/// (`6309` `个` → `0.6309` `万个`); `None` when they measure different things.
pub fn convert(value: f64, from: &str, to: &str) -> Option<f64> {
    let (from_scale, from_base) = unit_scale(from);
    let (to_scale, to_base) = unit_scale(to);
    (from_base == to_base).then(|| value * from_scale / to_scale)
}

/// A value on a chart: a year and a value in the series' unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub year: u16,
    pub value: f64,
}

/// The baseline of a series.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesBaseline {
    /// ID of the baseline target (its paragraph or table row is `Target::paragraph`).
    pub target: String,
    /// The value converted into the series' unit.
    pub value: f64,
    pub year: u16,
    /// The plan gives it as approximate (`约`, `近`, `多`).
    pub approximate: bool,
}

/// The goal of a series.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesGoal {
    /// ID of the goal target.
    pub target: String,
    /// The value, or the lower end of a range.
    pub value: f64,
    /// The upper end of a range.
    pub value_max: Option<f64>,
    /// Target, upper bound, lower bound or range (never baseline).
    pub kind: TargetKind,
    pub year: u16,
    pub approximate: bool,
}

/// Where a series' baseline comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Pairing {
    /// The 2020 and 2025 columns of one row of table 表1.
    Table,
    /// A pair of the pair file.
    Authored { why: String, scope_differs: bool },
    /// The plan gives no baseline for this goal.
    NoBaseline,
}

/// A goal and, if the plan gives one, its baseline, in one unit (the goal's).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// What is measured, as the goal's label words it.
    pub label: String,
    /// The goal's unit; the baseline's value is converted into it.
    pub unit: String,
    pub baseline: Option<SeriesBaseline>,
    pub goal: SeriesGoal,
    pub pairing: Pairing,
    /// First year of the chart: the baseline's year, or without one the plan's base
    /// year (the earliest year of any baseline target; the goal's year if none).
    pub start_year: u16,
}

/// The baseline target in the same table row as `goal`: the latest baseline before
/// the goal's year. `None` for text targets.
fn table_baseline<'a>(plan: &'a Plan, goal: &Target) -> Option<&'a Target> {
    plan.table_row(&goal.paragraph)?;
    let goal_year = goal.year?;
    plan.targets_in(&goal.paragraph)
        .into_iter()
        .filter(|t| t.kind == TargetKind::Baseline && t.year.is_some_and(|y| y < goal_year))
        .max_by_key(|t| t.year)
}

/// The plan's base year: the earliest year of its baseline targets.
fn base_year(plan: &Plan) -> Option<u16> {
    plan.targets
        .iter()
        .filter(|t| t.kind == TargetKind::Baseline)
        .filter_map(|t| t.year)
        .min()
}

impl Series {
    /// The series of a goal target, its baseline found in its 表1 row or in `pairs`.
    /// `None` when `goal_id` is not a goal target with a year. A pair whose baseline is
    /// missing, not a baseline, not earlier or not convertible is ignored here
    /// ([`validate_series_pairs`] reports it).
    pub fn for_goal(plan: &Plan, goal_id: &str, pairs: &[SeriesPair]) -> Option<Series> {
        let goal = plan.target(goal_id).filter(|t| t.kind.is_goal())?;
        let goal_year = goal.year?;
        let usable = |b: &Target| {
            b.kind == TargetKind::Baseline
                && b.year.is_some_and(|y| y < goal_year)
                && convert(b.value, &b.unit, &goal.unit).is_some_and(f64::is_finite)
        };
        let (baseline, pairing) = if let Some(b) = table_baseline(plan, goal) {
            (Some(b), Pairing::Table)
        } else if let Some((b, pair)) = pairs
            .iter()
            .filter(|p| p.goal == goal.id)
            .find_map(|p| plan.target(&p.baseline).filter(|b| usable(b)).map(|b| (b, p)))
        {
            (
                Some(b),
                Pairing::Authored {
                    why: pair.why.clone(),
                    scope_differs: pair.scope_differs,
                },
            )
        } else {
            (None, Pairing::NoBaseline)
        };
        let baseline = baseline.and_then(|b| {
            Some(SeriesBaseline {
                target: b.id.clone(),
                value: convert(b.value, &b.unit, &goal.unit)?,
                year: b.year?,
                approximate: b.approximate,
            })
        });
        let pairing = if baseline.is_some() {
            pairing
        } else {
            Pairing::NoBaseline
        };
        let start_year = baseline
            .as_ref()
            .map(|b| b.year)
            .or_else(|| base_year(plan).filter(|y| *y < goal_year))
            .unwrap_or(goal_year);
        Some(Series {
            label: goal.label.clone(),
            unit: goal.unit.clone(),
            baseline,
            goal: SeriesGoal {
                target: goal.id.clone(),
                value: goal.value,
                value_max: goal.value_max,
                kind: goal.kind,
                year: goal_year,
                approximate: goal.approximate,
            },
            pairing,
            start_year,
        })
    }

    /// The series a target belongs to: for a goal, its own; for a baseline, the series
    /// of the goal it is paired with (its 表1 row's, or the first pair naming it).
    /// `None` for an unknown ID or a baseline the plan gives no goal for.
    pub fn for_target(plan: &Plan, target_id: &str, pairs: &[SeriesPair]) -> Option<Series> {
        let target = plan.target(target_id)?;
        if target.kind.is_goal() {
            return Series::for_goal(plan, target_id, pairs);
        }
        let in_row = plan.table_row(&target.paragraph).and_then(|_| {
            plan.targets_in(&target.paragraph)
                .into_iter()
                .filter(|g| g.kind.is_goal())
                .find_map(|g| Series::for_goal(plan, &g.id, pairs))
                .filter(|s| s.baseline.as_ref().is_some_and(|b| b.target == target.id))
        });
        in_row.or_else(|| {
            pairs
                .iter()
                .filter(|p| p.baseline == target.id)
                .find_map(|p| Series::for_goal(plan, &p.goal, pairs))
                .filter(|s| s.baseline.as_ref().is_some_and(|b| b.target == target.id))
        })
    }

    /// [`Series::for_target`] with the pairs shipped with the atlas.
    pub fn of(plan: &Plan, target_id: &str) -> Option<Series> {
        Series::for_target(plan, target_id, embedded_series_pairs())
    }

    /// Years from the baseline to the goal (`None` without a baseline, or when the
    /// baseline is not earlier).
    pub fn years(&self) -> Option<u16> {
        let b = self.baseline.as_ref()?;
        self.goal.year.checked_sub(b.year).filter(|n| *n > 0)
    }

    /// The constant annual growth rate that takes the baseline to the goal,
    /// `(goal / baseline)^(1 / years) − 1` (0.152 for 15.2 % a year).
    ///
    /// For a lower bound (`不少于`, `以上`) it is the least growth that reaches the
    /// floor. `None` when there is no baseline, when either value is not positive, for
    /// an upper bound (a ceiling not to exceed implies no path: PUE ≤ 1.3 is met by
    /// any value under it) and for a range (two ends, no single rate). For a share in
    /// `%` this is the relative growth of the share; [`Series::annual_change`] gives
    /// the change in percentage points.
    pub fn implied_annual_growth(&self) -> Option<f64> {
        if !matches!(self.goal.kind, TargetKind::Target | TargetKind::LowerBound) {
            return None;
        }
        let b = self.baseline.as_ref()?;
        let n = self.years()?;
        let (from, to) = (b.value, self.goal.value);
        if !(from > 0.0 && to > 0.0 && from.is_finite() && to.is_finite()) {
            return None;
        }
        Some((to / from).powf(1.0 / f64::from(n)) - 1.0)
    }

    /// The average change a year from the baseline to the goal, in the series' unit
    /// (percentage points for a share in `%`). `None` under the same conditions as
    /// [`Series::implied_annual_growth`], except that values need not be positive.
    pub fn annual_change(&self) -> Option<f64> {
        if !matches!(self.goal.kind, TargetKind::Target | TargetKind::LowerBound) {
            return None;
        }
        let b = self.baseline.as_ref()?;
        let n = self.years()?;
        let change = (self.goal.value - b.value) / f64::from(n);
        change.is_finite().then_some(change)
    }

    /// True when the series is a share in percent (its growth reads best in points).
    pub fn is_share(&self) -> bool {
        self.unit == "%"
    }

    /// What a chart of the series draws, from [`Series::start_year`] to the goal year.
    pub fn trajectory(&self) -> Trajectory {
        let baseline = self.baseline.as_ref().map(|b| Point {
            year: b.year,
            value: b.value,
        });
        let goal = Point {
            year: self.goal.year,
            value: self.goal.value,
        };
        let path = match (self.implied_annual_growth(), baseline) {
            (Some(rate), Some(b)) => (b.year..=goal.year)
                .map(|year| Point {
                    year,
                    value: if year == goal.year {
                        goal.value
                    } else {
                        b.value * (1.0 + rate).powi(i32::from(year - b.year))
                    },
                })
                .collect(),
            _ => Vec::new(),
        };
        Trajectory {
            start_year: self.start_year.min(goal.year),
            end_year: goal.year,
            baseline,
            goal,
            path,
            ceiling: (self.goal.kind == TargetKind::UpperBound).then_some(self.goal.value),
            range: match (self.goal.kind, self.goal.value_max) {
                (TargetKind::Range, Some(max)) => Some((self.goal.value, max)),
                _ => None,
            },
        }
    }
}

/// What a chart of a [`Series`] draws. Values are in the series' unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// First year of the horizontal axis.
    pub start_year: u16,
    /// Last year of the horizontal axis: the goal's year.
    pub end_year: u16,
    /// The baseline as stated, if the plan gives one.
    pub baseline: Option<Point>,
    /// The goal as stated (the lower end of a range).
    pub goal: Point,
    /// The constant-growth path from the baseline to the goal, one point a year, both
    /// ends included (they equal the stated values). Empty when no growth rate is
    /// implied (see [`Series::implied_annual_growth`]).
    pub path: Vec<Point>,
    /// For an upper bound: the ceiling, drawn across the whole span.
    pub ceiling: Option<f64>,
    /// For a range: its two ends at the goal year.
    pub range: Option<(f64, f64)>,
}

impl Trajectory {
    /// The largest value drawn (for the vertical scale).
    pub fn max_value(&self) -> f64 {
        self.path
            .iter()
            .map(|p| p.value)
            .chain(self.baseline.map(|b| b.value))
            .chain([self.goal.value])
            .chain(self.ceiling)
            .chain(self.range.map(|r| r.1))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
    }
}

/// Other targets that state the same value as `target`: the same year, both goals or
/// both baselines, an equal value (and range end) once converted, and labels that
/// share at least two characters in a row (`5G基站` and `5G 基站站址数量`). In plan
/// order. E.g. 专栏1's `2.41 万个` 5G stations and 表1's 2025 cell.
pub fn restatements<'a>(plan: &'a Plan, target: &Target) -> Vec<&'a Target> {
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    plan.targets
        .iter()
        .filter(|t| t.id != target.id && t.year == target.year && t.kind.is_goal() == target.kind.is_goal())
        .filter(|t| convert(t.value, &t.unit, &target.unit).is_some_and(|v| same(v, target.value)))
        .filter(|t| match (t.value_max, target.value_max) {
            (None, None) => true,
            (Some(a), Some(b)) => convert(a, &t.unit, &target.unit).is_some_and(|v| same(v, b)),
            _ => false,
        })
        .filter(|t| shares_two_characters(&t.label, &target.label))
        .collect()
}

fn shares_two_characters(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().filter(|c| !c.is_whitespace()).collect();
    let b: String = b.chars().filter(|c| !c.is_whitespace()).collect();
    a.windows(2).any(|w| b.contains(&w.iter().collect::<String>()))
}

/// A number for display: no trailing zeros, at most one decimal from 100 up, two
/// below (four when two would show 0): `1300`, `698.7`, `2.41`, `0.63`.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return "?".to_string();
    }
    let decimals = match value.abs() {
        v if v >= 100.0 => 1,
        v if v >= 0.01 || v == 0.0 => 2,
        _ => 4,
    };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

/// A rate as a percentage with one decimal: `0.1523` → `15.2%`.
pub fn format_rate(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan::embedded().expect("the embedded plan parses")
    }

    fn series(plan: &Plan, id: &str) -> Series {
        Series::of(plan, id).unwrap_or_else(|| panic!("{id} has a series"))
    }

    #[test]
    fn software_revenue_doubles_from_640_to_1300_at_about_15_percent_a_year() {
        let plan = plan();
        let s = series(&plan, "ch2.s3.p3.n1");
        let b = s.baseline.as_ref().expect("a baseline");
        assert_eq!((b.target.as_str(), b.value, b.year), ("ch1.s2.p3.n1", 640.0, 2020));
        assert!(b.approximate, "约为640亿元");
        assert_eq!((s.goal.value, s.unit.as_str(), s.goal.year), (1300.0, "亿元", 2025));
        let g = s.implied_annual_growth().expect("a rate");
        assert!((g - 0.1523).abs() < 0.0005, "{g}");
        assert_eq!(format_rate(g), "15.2%");
    }

    #[test]
    fn five_g_stations_are_converted_from_individual_stations_to_ten_thousands() {
        let plan = plan();
        let s = series(&plan, "box1.p1.n2");
        let b = s.baseline.as_ref().expect("a baseline");
        assert!((b.value - 0.6309).abs() < 1e-12);
        assert_eq!(s.unit, "万个");
        let g = s.implied_annual_growth().expect("a rate");
        assert!((g - 0.3074).abs() < 0.0005, "{g}");
    }

    #[test]
    fn the_path_runs_yearly_from_the_baseline_to_the_goal_at_the_constant_rate() {
        let plan = plan();
        let t = series(&plan, "ch2.s3.p3.n1").trajectory();
        let years: Vec<u16> = t.path.iter().map(|p| p.year).collect();
        assert_eq!(years, vec![2020, 2021, 2022, 2023, 2024, 2025]);
        assert_eq!(t.path.first().map(|p| p.value), Some(640.0));
        assert_eq!(t.path.last().map(|p| p.value), Some(1300.0));
        let ratios: Vec<f64> = t.path.windows(2).map(|w| w[1].value / w[0].value).collect();
        assert!(ratios.iter().all(|r| (r - ratios[0]).abs() < 1e-9), "{ratios:?}");
    }

    #[test]
    fn an_upper_bound_has_a_ceiling_and_no_growth_rate() {
        let plan = plan();
        let s = series(&plan, "ch2.s3.p7.n1");
        assert_eq!(s.goal.kind, TargetKind::UpperBound);
        assert_eq!(s.baseline.as_ref().map(|b| b.value), Some(1.6));
        assert_eq!(s.implied_annual_growth(), None);
        let t = s.trajectory();
        assert_eq!(t.ceiling, Some(1.3));
        assert!(t.path.is_empty());
        assert!(matches!(
            s.pairing,
            Pairing::Authored {
                scope_differs: true,
                ..
            }
        ));
    }

    #[test]
    fn a_table_goal_pairs_with_the_2020_cell_of_its_row() {
        let plan = plan();
        let s = series(&plan, "table1.r6.y2025");
        assert_eq!(s.pairing, Pairing::Table);
        assert_eq!(s.baseline.map(|b| b.target), Some("table1.r6.y2020".to_string()));
        let from_baseline = series(&plan, "table1.r6.y2020");
        assert_eq!(from_baseline.goal.target, "table1.r6.y2025");
    }

    #[test]
    fn a_goal_without_a_baseline_starts_its_chart_at_the_plans_base_year() {
        let plan = plan();
        let s = series(&plan, "box7.p2.n2");
        assert_eq!(s.pairing, Pairing::NoBaseline);
        assert_eq!(s.baseline, None);
        assert_eq!(s.implied_annual_growth(), None);
        assert_eq!(s.start_year, 2020);
        assert_eq!(
            s.trajectory().goal,
            Point {
                year: 2025,
                value: 8000.0
            }
        );
    }

    #[test]
    fn units_convert_only_within_the_same_base_unit() {
        assert_eq!(convert(6309.0, "个", "万个"), Some(0.6309));
        assert_eq!(convert(2.0, "万个", "个"), Some(20000.0));
        assert_eq!(convert(640.0, "亿元", "亿元"), Some(640.0));
        assert_eq!(convert(1.0, "亿元", "个"), None);
        assert_eq!(convert(1.0, "万", "万个"), None);
        assert_eq!(convert(1.6, "", ""), Some(1.6));
    }

    #[test]
    fn numbers_are_shown_without_trailing_zeros() {
        assert_eq!(format_number(1300.0), "1300");
        assert_eq!(format_number(698.7), "698.7");
        assert_eq!(format_number(2.41), "2.41");
        assert_eq!(format_number(0.6309), "0.63");
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(f64::NAN), "?");
    }

    #[test]
    fn the_shipped_pairs_are_valid_for_the_shipped_plan() {
        let plan = plan();
        assert!(!embedded_series_pairs().is_empty());
        assert_eq!(series_problems(&plan), Vec::<String>::new());
    }

    #[test]
    fn a_pair_naming_a_goal_as_baseline_is_reported() {
        let plan = plan();
        let pairs = vec![SeriesPair {
            baseline: "box1.p1.n1".into(),
            goal: "box1.p1.n2".into(),
            why: "wrong on purpose".into(),
            scope_differs: false,
        }];
        let problems = validate_series_pairs(&plan, "test.json", &pairs);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("box1.p1.n1 is not a baseline (its kind is target)"),
            "{problems:?}"
        );
        assert!(problems[1].contains("baseline year 2025 is not before"), "{problems:?}");
    }
}
