//! TODO(helper): CSV/TSV and .xlsx point lists.

use std::path::Path;

use serde_json::Value;

use super::ImportError;
use super::source::{Format, LayerInfo, RawLayer, ReadOptions};

/// The layer infos and the sheet names (xlsx).
pub(super) fn probe(
    path: &Path,
    format: Format,
    options: &ReadOptions,
) -> Result<(Vec<LayerInfo>, Vec<String>), ImportError> {
    let _ = (path, format, options);
    todo!("table helper")
}

pub(super) fn read(
    path: &Path,
    format: Format,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<Vec<RawLayer>, ImportError> {
    let _ = (path, format, options, progress);
    todo!("table helper")
}

/// A cell's text as a property value: empty → null; a number → a JSON number
/// (integers stay integers); text that only looks numeric (leading zeros like `00123`,
/// a leading `+`) stays a string.
pub(super) fn text_value(text: &str) -> Value {
    let t = text.trim();
    if t.is_empty() {
        return Value::Null;
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    let plain = digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'));
    if leading_zero || !plain {
        return Value::String(text.to_string());
    }
    if let Ok(i) = t.parse::<i64>() {
        return Value::from(i);
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => {
            serde_json::Number::from_f64(f).map_or(Value::String(text.to_string()), Value::Number)
        }
        _ => Value::String(text.to_string()),
    }
}
