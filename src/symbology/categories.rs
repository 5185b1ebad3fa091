//! Categorical colours of imported layers: which values of a layer's
//! `colour_property` get a colour of their own, and how a property value reads as text
//! (labels, legend rows, tooltips).

use super::Rgba8;
use crate::model::{PropValue, UserLayer};

/// How many values of a `colour_property` get their own colour and legend row.
pub const MAX_CATEGORIES: usize = 8;

/// Categorical colours, in the order values are assigned them: Paul Tol's “muted”
/// qualitative scheme (distinguishable with the common colour-vision deficiencies).
pub const CATEGORY_PALETTE: [Rgba8; MAX_CATEGORIES] = [
    Rgba8::rgb(0xcc, 0x66, 0x77),
    Rgba8::rgb(0x33, 0x22, 0x88),
    Rgba8::rgb(0xdd, 0xcc, 0x77),
    Rgba8::rgb(0x11, 0x77, 0x33),
    Rgba8::rgb(0x88, 0xcc, 0xee),
    Rgba8::rgb(0x88, 0x22, 0x55),
    Rgba8::rgb(0x44, 0xaa, 0x99),
    Rgba8::rgb(0x99, 0x99, 0x33),
];

/// The colour of values beyond [`MAX_CATEGORIES`] and of features without a value.
pub const OTHER_COLOUR: Rgba8 = Rgba8::rgb(0x8c, 0x8c, 0x8c);

/// Legend text of the [`OTHER_COLOUR`] row (after the layer name).
pub const OTHER_TEXT: &str = "其他 / other";

/// The category key of a property value: its formatted text, `None` for a missing,
/// `null` or empty value.
pub fn category_key(value: Option<&PropValue>) -> Option<String> {
    value.and_then(format_value).filter(|s| !s.is_empty())
}

/// Which of `categories` a property value is (`None`: the “other” colour).
pub fn category_index(value: Option<&PropValue>, categories: &[String]) -> Option<usize> {
    let key = category_key(value)?;
    categories.iter().position(|c| *c == key)
}

/// The values of `property` among `layer`'s features with geometry that get their own
/// colour — distinct, sorted (numbers first, by value, then text), at most
/// [`MAX_CATEGORIES`] — and whether some feature with geometry falls outside them (more
/// values, or no value).
pub fn categories_of(layer: &UserLayer, property: &str) -> (Vec<String>, bool) {
    let mut missing = false;
    let mut values: Vec<(Option<f64>, String)> = Vec::new();
    // An ID-like property has as many values as features: look them up in a set.
    let mut seen = std::collections::HashSet::new();
    for f in layer.features.iter().filter(|f| f.geometry_type().is_some()) {
        let value = f.properties.get(property);
        let Some(key) = category_key(value) else {
            missing = true;
            continue;
        };
        if seen.insert(key.clone()) {
            let number = value
                .and_then(PropValue::as_f64)
                .or_else(|| key.parse::<f64>().ok().filter(|n| n.is_finite()));
            values.push((number, key));
        }
    }
    values.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1),
    });
    let other = missing || values.len() > MAX_CATEGORIES;
    (values.into_iter().take(MAX_CATEGORIES).map(|(_, k)| k).collect(), other)
}

pub use crate::model::attributes::format_value;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels_format_numbers_and_keep_text_as_is() {
        assert_eq!(format_value(&json!(42)).as_deref(), Some("42"));
        assert_eq!(format_value(&json!(3.0)).as_deref(), Some("3"));
        assert_eq!(format_value(&json!(0.1 + 0.2)).as_deref(), Some("0.3"));
        assert_eq!(format_value(&json!(-1.25)).as_deref(), Some("-1.25"));
        assert_eq!(format_value(&json!("旅顺口区 ")).as_deref(), Some("旅顺口区 "));
        assert_eq!(format_value(&json!(true)).as_deref(), Some("true"));
        assert_eq!(format_value(&json!([1, "a"])).as_deref(), Some("[1,\"a\"]"));
        assert_eq!(format_value(&json!(null)), None);
    }
}
