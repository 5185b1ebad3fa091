//! Hover texts: of a plan feature (name, category, how its position is known) and of
//! an imported feature (its name and some of its properties).

use super::categories::format_value;
use super::plan::feature_style;
use crate::basemap::{Basemap, Precision};
use crate::catalogue::{Catalogue, Feature};
use crate::i18n::{Key, Lang, tr};
use crate::model::ProjectLayer;
use crate::model::simplestyle::SIMPLESTYLE_KEYS;

/// How a feature's position is known, in words: unplaced, exact, approximate, only the
/// district, or schematic.
pub fn precision_text(lang: Lang, feature: &Feature) -> &'static str {
    tr(
        lang,
        match (feature.placed, feature.precision()) {
            (false, _) | (true, None) => Key::PrecisionUnplaced,
            (true, Some(Precision::Exact)) => Key::PrecisionExact,
            (true, Some(Precision::Approximate)) => Key::PrecisionApproximate,
            (true, Some(Precision::District)) => Key::PrecisionDistrict,
            (true, Some(Precision::Schematic)) => Key::PrecisionSchematic,
        },
    )
}

/// The hover text of the plan feature at catalogue `index` (empty when there is none):
/// its name, then its category and [`precision_text`], then its divisions when it lies
/// in four or fewer.
pub fn describe_feature(lang: Lang, catalogue: &Catalogue, basemap: &Basemap, index: usize) -> String {
    let Some(f) = catalogue.features.get(index) else {
        return String::new();
    };
    let style = feature_style(f);
    let precision = precision_text(lang, f);
    let name = super::names::display_name(lang, catalogue, index);
    let category = match lang {
        Lang::Zh => style.zh,
        Lang::En => style.en,
    };
    let divisions: Vec<String> = f
        .divisions
        .iter()
        .filter_map(|c| basemap.division(*c))
        .map(|d| match lang {
            Lang::Zh => d.name_zh.clone(),
            Lang::En => d.name_en.clone(),
        })
        .collect();
    let mut text = format!("{name}\n{category} · {precision}");
    if !divisions.is_empty() && divisions.len() <= 4 {
        text.push_str(&format!(" · {}", divisions.join("、")));
    }
    text
}

/// How many properties a tooltip lists.
pub const TOOLTIP_PROPERTIES: usize = 6;
/// Longer property values are cut to this many characters (and “…”) in tooltips.
const TOOLTIP_VALUE_CHARS: usize = 80;

/// The hover text of feature `feature` of layer `layer` (indices into `layers` and its
/// features; an empty string when either is out of range). The first line names the
/// feature: the value of the layer's `label_property`, else its `title`, else its
/// `name`, else its `名称`, else its `id`, else “layer name #n” (n counting from 1). Then up to
/// [`TOOLTIP_PROPERTIES`] properties as “key: value” lines, in key order, leaving out the
/// one named in the first line, `null` values and simplestyle's drawing properties; long
/// values are cut, and a last line “… (+N)” counts the properties not listed.
pub fn user_feature_tooltip(layers: &[ProjectLayer], layer: usize, feature: usize) -> String {
    let Some(l) = layers.get(layer) else {
        return String::new();
    };
    let Some(f) = l.layer.features.get(feature) else {
        return String::new();
    };
    let named = |key: &str| {
        f.properties
            .get(key)
            .and_then(format_value)
            .filter(|s| !s.trim().is_empty())
            .map(|s| (Some(key.to_string()), s))
    };
    let heading = l
        .style
        .label_property
        .as_deref()
        .and_then(named)
        .or_else(|| named("title"))
        .or_else(|| named("name"))
        .or_else(|| named("名称"))
        .or_else(|| f.id.as_ref().and_then(format_value).map(|s| (None, s)))
        .unwrap_or_else(|| (None, format!("{} #{}", l.layer.name, feature + 1)));
    let mut lines = vec![heading.1];
    let listed: Vec<(&str, String)> = f
        .properties
        .iter()
        .filter(|(k, v)| heading.0.as_deref() != Some(*k) && !SIMPLESTYLE_KEYS.contains(k) && !v.is_null())
        .filter_map(|(k, v)| format_value(v).map(|s| (k, s)))
        .collect();
    for (key, value) in listed.iter().take(TOOLTIP_PROPERTIES) {
        let value = if value.chars().count() > TOOLTIP_VALUE_CHARS {
            let cut: String = value.chars().take(TOOLTIP_VALUE_CHARS).collect();
            format!("{cut}…")
        } else {
            value.clone()
        };
        lines.push(format!("{key}: {value}"));
    }
    if listed.len() > TOOLTIP_PROPERTIES {
        lines.push(format!("… (+{})", listed.len() - TOOLTIP_PROPERTIES));
    }
    lines.join("\n")
}
