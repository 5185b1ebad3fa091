//! The attribute table (issue 18, point 9): the columns of a list of features, the text
//! of a cell, and which rows a filter keeps in which order. Pure functions over
//! [`UserFeature`]s, so an imported layer and the annotations (as their exported
//! features) share them, and they are tested without a window.

use std::cmp::Ordering;

use super::user_layer::{SIMPLESTYLE_KEYS, UserFeature};
use super::value::{AnyValue, PropValue, Scalar};

/// What the table shows: the rows whose text contains `filter` (ignoring case; empty:
/// all), sorted by one column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableQuery {
    pub filter: String,
    pub sort: Option<SortKey>,
}

/// Sorting by a property: numbers first (by value), then text, then rows without the
/// property; `descending` reverses the numbers and the texts, the missing stay last.
#[derive(Clone, Debug, PartialEq)]
pub struct SortKey {
    pub column: String,
    pub descending: bool,
}

/// Every property name of `features` in the order first met, leaving out the
/// simplestyle keys (how a feature is drawn, not what it is).
pub fn columns(features: &[UserFeature]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for f in features {
        for k in f.properties.keys() {
            if !SIMPLESTYLE_KEYS.contains(&k) && !seen.contains(k) {
                seen.insert(k);
                out.push(k.to_owned());
            }
        }
    }
    out
}

/// A property value as label or legend text: text as is, integers without a decimal
/// point, other numbers with at most six decimals (trailing zeros dropped), booleans as
/// `true`/`false`, arrays and objects as compact JSON; `None` for `null`.
pub fn format_value<V: AnyValue + ?Sized>(value: &V) -> Option<String> {
    Some(match value.scalar() {
        Scalar::Null => return None,
        Scalar::String(s) => s.to_owned(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Number(n) => {
            if n.is_i64() || n.is_u64() {
                n.to_string()
            } else {
                let f = n.as_f64()?;
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{f:.0}")
                } else {
                    let s = format!("{f:.6}");
                    let s = s.trim_end_matches('0').trim_end_matches('.');
                    if s == "-0" { "0".to_string() } else { s.to_string() }
                }
            }
        }
        Scalar::Composite => value.json_text(),
    })
}

/// Each row's searchable text: its id and cells (style keys left out), lowercase,
/// separated by a unit separator so that a filter never matches across two cells. Worked
/// out once per data change, so typing in the filter only scans these.
pub fn row_texts(features: &[UserFeature]) -> Vec<String> {
    features
        .iter()
        .map(|f| {
            let mut text = String::new();
            let id = f.id.iter().map(|v| v as &dyn AnyValue);
            let cells = f
                .properties
                .iter()
                .filter(|(k, _)| !SIMPLESTYLE_KEYS.contains(k))
                .map(|(_, v)| v as &dyn AnyValue);
            for v in id.chain(cells) {
                if let Some(t) = format_value(v) {
                    text.push_str(&t.to_lowercase());
                    text.push('\u{1f}');
                }
            }
            text
        })
        .collect()
}

/// The indices of the rows `query` keeps, in its order (ties keep the file's order);
/// `texts` are the rows' [`row_texts`].
pub fn table_rows(features: &[UserFeature], texts: &[String], query: &TableQuery) -> Vec<usize> {
    let needle = query.filter.trim().to_lowercase();
    let mut rows: Vec<usize> = (0..features.len())
        .filter(|&i| needle.is_empty() || texts.get(i).is_some_and(|t| t.contains(&needle)))
        .collect();
    if let Some(key) = &query.sort {
        let values: Vec<SortValue> = rows
            .iter()
            .map(|&i| SortValue::of(features[i].properties.get(&key.column)))
            .collect();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| values[a].compare(&values[b], key.descending));
        rows = order.into_iter().map(|k| rows[k]).collect();
    }
    rows
}

/// A cell reduced to what sorting compares.
enum SortValue {
    Number(f64),
    Text(String),
    Missing,
}

impl SortValue {
    fn of(value: Option<&PropValue>) -> SortValue {
        match value {
            None | Some(PropValue::Null) => SortValue::Missing,
            Some(PropValue::Number(n)) => n.as_f64().map_or(SortValue::Missing, SortValue::Number),
            Some(v) => SortValue::Text(format_value(v).unwrap_or_default()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            SortValue::Number(_) => 0,
            SortValue::Text(_) => 1,
            SortValue::Missing => 2,
        }
    }

    fn compare(&self, other: &SortValue, descending: bool) -> Ordering {
        let within = match (self, other) {
            (SortValue::Number(a), SortValue::Number(b)) => a.total_cmp(b),
            (SortValue::Text(a), SortValue::Text(b)) => a.cmp(b),
            _ => return self.rank().cmp(&other.rank()),
        };
        if descending { within.reverse() } else { within }
    }
}

/// The numeric properties of `features` (at least one feature has a number there), in
/// column order: what a summary can sum or average.
pub fn numeric_columns(features: &[UserFeature]) -> Vec<String> {
    columns(features)
        .into_iter()
        .filter(|c| {
            features
                .iter()
                .any(|f| f.properties.get(c).is_some_and(PropValue::is_number))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use serde_json::{Map, json};

    fn feature(props: Value) -> UserFeature {
        let properties: Map<String, Value> = props.as_object().cloned().unwrap_or_default();
        UserFeature {
            id: None,
            geometry: geo::Geometry::Point(geo::Point::new(121.6, 38.9)),
            properties: properties.into(),
        }
    }

    fn sample() -> Vec<UserFeature> {
        vec![
            feature(json!({"名称": "甲站", "站址": 12, "marker-color": "#ff0000"})),
            feature(json!({"名称": "乙站", "站址": 3.5})),
            feature(json!({"名称": "丙站", "备注": "Free"})),
            feature(json!({"名称": "丁站", "站址": "未知"})),
            feature(json!({"名称": "戊站", "站址": 40})),
        ]
    }

    #[test]
    fn columns_come_in_the_order_first_met_without_style_keys() {
        assert_eq!(columns(&sample()), ["名称", "站址", "备注"]);
        assert_eq!(numeric_columns(&sample()), ["站址"]);
    }

    #[test]
    fn sorting_puts_numbers_by_value_then_text_then_missing_and_descending_keeps_missing_last() {
        let mut q = TableQuery {
            filter: String::new(),
            sort: Some(SortKey {
                column: "站址".into(),
                descending: false,
            }),
        };
        assert_eq!(table_rows(&sample(), &row_texts(&sample()), &q), [1, 0, 4, 3, 2]);
        if let Some(s) = q.sort.as_mut() {
            s.descending = true;
        }
        assert_eq!(table_rows(&sample(), &row_texts(&sample()), &q), [4, 0, 1, 3, 2]);
    }

    #[test]
    fn the_filter_keeps_rows_with_the_text_in_any_cell_ignoring_case() {
        let q = TableQuery {
            filter: " free ".into(),
            sort: None,
        };
        assert_eq!(table_rows(&sample(), &row_texts(&sample()), &q), [2]);
        let q = TableQuery {
            filter: "12".into(),
            sort: None,
        };
        assert_eq!(table_rows(&sample(), &row_texts(&sample()), &q), [0]);
        // A style value is not data.
        let q = TableQuery {
            filter: "ff0000".into(),
            sort: None,
        };
        assert!(table_rows(&sample(), &row_texts(&sample()), &q).is_empty());
    }
}
