//! The example evaluation (issue 15, part 5): the few figures found in public reports
//! (`seeds/public-actuals.csv`, compiled in), each with its source, quote and
//! reliability, mapped onto the plan's indicators. Nothing is added to them: a row's
//! value, unit, year, source and reliability are the CSV's.
//!
//! - `5g_base_stations` rows whose `kind` starts with `actual` become actual values of
//!   the 5G base-station indicator (the plan's goal whose label names `5G` and `基站`);
//!   the other rows (the 2020 figure planned for that year) are not actuals and are left
//!   out.
//! - `gdp` rows become [`Reference`]s linked to the core industry's share of GDP (the
//!   表1 indicator whose label contains `占地区生产总值比重`).

use serde_json::Map;

use super::{Actual, Evaluation, Reference, Source, indicator_of, indicators};
use crate::plan::Plan;

/// The CSV of public-report figures, as shipped.
pub const PUBLIC_ACTUALS_CSV: &str = include_str!("../../seeds/public-actuals.csv");

/// The example's note: what these figures are and are not.
pub const PUBLIC_EXAMPLE_NOTE: &str = "示例评估：以下数值摘自公开报道和统计公报，只涉及少数指标，并不完整，也不是官方统计数据或正式评估结论；每个数值都注明了出处、原文和可靠性。";

/// Why the example could not be built (a plan without the indicators it needs, or a
/// malformed CSV).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ExampleError {
    #[error("the plan has no indicator for {0}")]
    NoIndicator(&'static str),
    #[error("public-actuals.csv, line {line}: {reason}")]
    BadRow { line: u64, reason: String },
}

/// The columns of `public-actuals.csv`.
#[derive(Debug, serde::Deserialize)]
struct Row {
    indicator: String,
    indicator_zh: String,
    year: u16,
    as_of: String,
    value: f64,
    unit: String,
    kind: String,
    source_title: String,
    issuer: String,
    published: String,
    url: String,
    quote: String,
    reliability: String,
}

impl Row {
    fn source(&self) -> Source {
        Source {
            title: self.source_title.clone(),
            issuer: self.issuer.clone(),
            date: self.published.clone(),
            location: self.url.clone(),
        }
    }

    /// 口径: the CSV's kind, as-of date and quote.
    fn scope(&self) -> String {
        let mut parts = vec![self.kind.clone()];
        if !self.as_of.is_empty() {
            parts.push(format!("截至 {}", self.as_of));
        }
        if !self.quote.is_empty() {
            parts.push(format!("原文：“{}”", self.quote));
        }
        parts.join("；")
    }
}

/// The 5G base-station indicator: the first goal whose label names `5G` and `基站`.
pub fn five_g_indicator(plan: &Plan) -> Option<String> {
    plan.targets
        .iter()
        .filter(|t| t.kind.is_goal() && t.year.is_some())
        .find(|t| t.label.contains("5G") && t.label.contains("基站"))
        .and_then(|t| indicator_of(plan, &t.id))
}

/// The core industry's share of GDP: the 表1 indicator whose label contains
/// `占地区生产总值比重`.
pub fn gdp_share_indicator(plan: &Plan) -> Option<String> {
    indicators(plan)
        .into_iter()
        .find(|i| i.id.starts_with("table1.") && i.label.contains("占地区生产总值比重"))
        .map(|i| i.id)
}

/// The example evaluation built from [`PUBLIC_ACTUALS_CSV`] (see the module docs), with
/// [`PUBLIC_EXAMPLE_NOTE`] as its note and default thresholds.
pub fn public_example(plan: &Plan) -> Result<Evaluation, ExampleError> {
    let five_g = five_g_indicator(plan).ok_or(ExampleError::NoIndicator("5G base stations"))?;
    let share = gdp_share_indicator(plan).ok_or(ExampleError::NoIndicator("the core industry's share of GDP"))?;
    let mut evaluation = Evaluation {
        note: PUBLIC_EXAMPLE_NOTE.to_string(),
        ..Evaluation::default()
    };
    let mut reader = csv::Reader::from_reader(PUBLIC_ACTUALS_CSV.as_bytes());
    for record in reader.deserialize::<Row>() {
        let row = record.map_err(|e| ExampleError::BadRow {
            line: e.position().map_or(0, |p| p.line()),
            reason: e.to_string(),
        })?;
        match row.indicator.as_str() {
            "5g_base_stations" if row.kind.starts_with("actual") => {
                let actual = Actual {
                    indicator: five_g.clone(),
                    year: row.year,
                    value: row.value,
                    unit: row.unit.clone(),
                    scope: row.scope(),
                    source: row.source(),
                    reliability: row.reliability.clone(),
                    extra: Map::new(),
                };
                Evaluation::check_actual(plan, &actual).map_err(|e| ExampleError::BadRow {
                    line: 0,
                    reason: e.to_string(),
                })?;
                evaluation.actuals.push(actual);
            }
            "5g_base_stations" => {}
            "gdp" => evaluation.references.push(Reference {
                label: row.indicator_zh.clone(),
                year: row.year,
                value: row.value,
                unit: row.unit.clone(),
                indicator: Some(share.clone()),
                scope: row.scope(),
                source: row.source(),
                reliability: row.reliability.clone(),
                extra: Map::new(),
            }),
            other => {
                return Err(ExampleError::BadRow {
                    line: 0,
                    reason: format!("unknown indicator “{other}”"),
                });
            }
        }
    }
    Ok(evaluation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_has_the_mid_2023_5g_count_as_its_only_actual_and_the_gdp_as_references() {
        let plan = Plan::embedded().expect("plan");
        let e = public_example(&plan).expect("example");
        assert_eq!(e.actuals.len(), 1);
        assert_eq!(e.actuals[0].indicator, "table1.r6.y2025");
        assert_eq!((e.actuals[0].year, e.actuals[0].value), (2023, 17021.0));
        assert_eq!(e.references.len(), 3);
        assert!(
            e.references
                .iter()
                .all(|r| r.label == "地区生产总值" && r.unit == "亿元")
        );
        assert!(e.check(&plan, |_| true).is_ok());
    }
}
