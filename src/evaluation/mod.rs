//! The end-of-term evaluation (规划实施终期评估, issue 15): the actual values a planner
//! enters for the plan's indicators, each with its source; the status of the column
//! projects and catalogue features; and the thresholds that turn 完成度 into verdicts.
//! Plain data stored in the project file (`"evaluation"`), no UI and no file access.
//!
//! Nothing here holds a value of its own: every actual is what a user entered or
//! imported, with the source they named; the targets come from the plan.

pub mod completion;
pub mod example;
pub mod indicators;
pub mod status;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use completion::{Assessment, Direction, Thresholds, Verdict, assess};
pub use indicators::{Indicator, Row, Summary, indicator_of, indicators, rows, summary};
pub use status::{ProjectStatus, StatusEntry, Subject, SubjectKind, subjects};

use crate::plan::Plan;
use crate::plan::series::convert;

/// The years an actual value may be given for: the plan's base year to five years after
/// its end.
pub const YEARS: std::ops::RangeInclusive<u16> = 2020..=2030;

/// Where a value or a status comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    /// Title of the report, bulletin or article (e.g. `大连市2023年国民经济和社会发展统计公报`).
    pub title: String,
    /// Who issued it (e.g. `大连市统计局`).
    pub issuer: String,
    /// When it was published, as the user wrote it (`2024-03-20`, `2024`).
    pub date: String,
    /// A URL or a file name.
    pub location: String,
}

impl Source {
    pub fn is_empty(&self) -> bool {
        self.title.trim().is_empty()
            && self.issuer.trim().is_empty()
            && self.date.trim().is_empty()
            && self.location.trim().is_empty()
    }

    /// `title，issuer，date，location` without the empty parts.
    pub fn text(&self) -> String {
        [&self.title, &self.issuer, &self.date, &self.location]
            .into_iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("，")
    }
}

/// One actual value of an indicator in one year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actual {
    /// The indicator: the ID of its goal target ([`Indicator::id`]), e.g. `table1.r6.y2025`.
    pub indicator: String,
    pub year: u16,
    pub value: f64,
    /// The unit the value is given in; it converts into the indicator's unit (`个` →
    /// `万个`) or the value is refused.
    pub unit: String,
    /// 口径: what exactly was counted (`截至年中`, `初步核算`).
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub source: Source,
    /// How far the figure can be trusted, in the user's words.
    #[serde(default)]
    pub reliability: String,
    /// Members this version does not know, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A figure that is not an indicator of the plan but informs one (e.g. the city's GDP,
/// the denominator of the core industry's share). Shown beside the indicator and in the
/// report; never used for 完成度.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// What it is, e.g. `地区生产总值`.
    pub label: String,
    pub year: u16,
    pub value: f64,
    pub unit: String,
    /// The indicator it informs, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub source: Source,
    #[serde(default)]
    pub reliability: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The evaluation part of a project. `Default` is an evaluation with nothing entered.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Evaluation {
    /// In the order entered; at most one per indicator and year.
    pub actuals: Vec<Actual>,
    pub references: Vec<Reference>,
    /// At most one per subject.
    pub statuses: Vec<StatusEntry>,
    pub thresholds: Thresholds,
    /// A note shown with the evaluation, e.g. that the figures are public-report values.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Members this version does not know, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Why an actual value, a reference or a status cannot be kept.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EvaluationError {
    #[error("“{0}” is not an indicator of the plan")]
    UnknownIndicator(String),
    #[error("{indicator}: the unit “{unit}” does not convert into the indicator's unit “{expected}”")]
    UnitMismatch {
        indicator: String,
        unit: String,
        expected: String,
    },
    #[error("the year {0} is outside 2020–2030")]
    YearOutOfRange(u16),
    #[error("the value is not a finite number")]
    NotFinite,
    #[error("{indicator} already has a value for {year}")]
    Duplicate { indicator: String, year: u16 },
    #[error("“{0}” is neither a column project nor a feature of the catalogue")]
    UnknownSubject(String),
    #[error("“{0}” already has a status")]
    DuplicateStatus(String),
}

impl Evaluation {
    pub fn is_empty(&self) -> bool {
        self.actuals.is_empty()
            && self.references.is_empty()
            && self.statuses.is_empty()
            && self.thresholds == Thresholds::default()
            && self.note.is_empty()
            && self.extra.is_empty()
    }

    /// The actual value of `indicator` in `year`.
    pub fn actual(&self, indicator: &str, year: u16) -> Option<&Actual> {
        self.actuals.iter().find(|a| a.indicator == indicator && a.year == year)
    }

    /// The actual values of `indicator`, by year.
    pub fn actuals_of(&self, indicator: &str) -> BTreeMap<u16, &Actual> {
        self.actuals
            .iter()
            .filter(|a| a.indicator == indicator)
            .map(|a| (a.year, a))
            .collect()
    }

    /// The latest actual value of `indicator`.
    pub fn latest(&self, indicator: &str) -> Option<&Actual> {
        self.actuals_of(indicator).into_values().next_back()
    }

    /// The status entry of `subject` (a column project or catalogue feature ID).
    pub fn status(&self, subject: &str) -> Option<&StatusEntry> {
        self.statuses.iter().find(|s| s.subject == subject)
    }

    /// Checks one actual value against the plan: a known indicator, a year in
    /// [`YEARS`], a finite value, a unit that converts into the indicator's.
    pub fn check_actual(plan: &Plan, actual: &Actual) -> Result<(), EvaluationError> {
        let indicator = indicators::indicator(plan, &actual.indicator)
            .ok_or_else(|| EvaluationError::UnknownIndicator(actual.indicator.clone()))?;
        if !YEARS.contains(&actual.year) {
            return Err(EvaluationError::YearOutOfRange(actual.year));
        }
        if !actual.value.is_finite() {
            return Err(EvaluationError::NotFinite);
        }
        if convert(actual.value, &actual.unit, &indicator.unit).is_none() {
            return Err(EvaluationError::UnitMismatch {
                indicator: actual.indicator.clone(),
                unit: actual.unit.clone(),
                expected: indicator.unit.clone(),
            });
        }
        Ok(())
    }

    /// Checks the whole evaluation: every actual ([`Evaluation::check_actual`]), one
    /// value per indicator and year, references with a year in range and a finite
    /// value, statuses of known subjects, one per subject. The first problem found.
    pub fn check(&self, plan: &Plan, known_subject: impl Fn(&str) -> bool) -> Result<(), EvaluationError> {
        let mut seen = std::collections::HashSet::new();
        for a in &self.actuals {
            Evaluation::check_actual(plan, a)?;
            if !seen.insert((a.indicator.as_str(), a.year)) {
                return Err(EvaluationError::Duplicate {
                    indicator: a.indicator.clone(),
                    year: a.year,
                });
            }
        }
        for r in &self.references {
            if !YEARS.contains(&r.year) {
                return Err(EvaluationError::YearOutOfRange(r.year));
            }
            if !r.value.is_finite() {
                return Err(EvaluationError::NotFinite);
            }
        }
        let mut subjects = std::collections::HashSet::new();
        for s in &self.statuses {
            if !known_subject(&s.subject) {
                return Err(EvaluationError::UnknownSubject(s.subject.clone()));
            }
            if !subjects.insert(s.subject.as_str()) {
                return Err(EvaluationError::DuplicateStatus(s.subject.clone()));
            }
        }
        Ok(())
    }

    /// The value of `actual` in its indicator's unit (`17021 个` → `1.7021` for `万个`).
    pub fn value_in_indicator_unit(actual: &Actual, indicator: &Indicator) -> Option<f64> {
        convert(actual.value, &actual.unit, &indicator.unit)
    }
}
