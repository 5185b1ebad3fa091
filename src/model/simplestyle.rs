//! simplestyle-spec 1.1 properties, read and written by one rule — part of the data
//! format: project files and annotation exports carry annotations as GeoJSON features
//! with simplestyle properties. The map reads imported features by the same readers
//! (`symbology::simplestyle`), so there is one rule:
//!
//! - **Reading.** Colours are `#rgb` or `#rrggbb` text (the `#` may be left out, as the
//!   spec allows; surrounding spaces are ignored). Numbers (`stroke-width`,
//!   `stroke-opacity`, `fill-opacity`) are JSON numbers or text that reads as a finite
//!   number (`"0.5"` reads as `0.5`); widths must be ≥ 0 and opacities within 0…1.
//!   `marker-size` is `small`, `medium` or `large` (spaces ignored). A value that breaks
//!   the rule is ignored, as if it were absent, and the default applies.
//! - **Writing.** Colours as lower-case `#rrggbb`, numbers as JSON numbers, `marker-size`
//!   as its name.
//! - **Everything else** — properties that are not simplestyle's — is kept as it was
//!   read, untouched.

use serde_json::{Map, Value};

use super::value::Scalar;

use super::{MarkerSize, Rgb, Style};

/// simplestyle-spec 1.1's drawing properties (the style of a feature, not its data).
pub const SIMPLESTYLE_KEYS: [&str; 8] = [
    "marker-color",
    "marker-size",
    "marker-symbol",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "fill",
    "fill-opacity",
];

/// A simplestyle colour: `#rgb` or `#rrggbb` text (the `#` optional), `None` for
/// anything else.
pub fn colour<'a>(value: impl Into<Scalar<'a>>) -> Option<Rgb> {
    value.into().as_str().and_then(|s| Rgb::from_hex(s).ok())
}

/// A number, or text that reads as one; `None` for anything else or a non-finite value.
pub fn number<'a>(value: impl Into<Scalar<'a>>) -> Option<f64> {
    match value.into() {
        Scalar::Number(n) => n.as_f64(),
        Scalar::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|n| n.is_finite())
}

/// A width: a [`number`] ≥ 0.
pub fn width<'a>(value: impl Into<Scalar<'a>>) -> Option<f64> {
    number(value).filter(|w| *w >= 0.0)
}

/// An opacity: a [`number`] within 0…1.
pub fn opacity<'a>(value: impl Into<Scalar<'a>>) -> Option<f64> {
    number(value).filter(|v| (0.0..=1.0).contains(v))
}

/// `small`, `medium` or `large` (surrounding spaces ignored).
pub fn marker_size<'a>(value: impl Into<Scalar<'a>>) -> Option<MarkerSize> {
    value.into().as_str().and_then(|s| MarkerSize::parse(s.trim()).ok())
}

/// The letter or digit a marker shows: a one-character string that is an ASCII letter
/// or digit, or an integer 0…9.
pub fn marker_letter<'a>(value: impl Into<Scalar<'a>>) -> Option<char> {
    match value.into() {
        Scalar::String(s) => {
            let mut chars = s.trim().chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => Some(c),
                _ => None,
            }
        }
        Scalar::Number(n) => n
            .as_u64()
            .filter(|d| *d <= 9)
            .and_then(|d| char::from_digit(d as u32, 10)),
        _ => None,
    }
}

/// An annotation's style from a feature's `properties`: each property that follows the
/// rule, [`Style::default`] for the rest. `marker-symbol` keeps any text (a number is
/// kept as its digits).
pub fn read_style(properties: &Map<String, Value>) -> Style {
    let d = Style::default();
    let get = |key: &str| properties.get(key);
    let colour = |key: &str, default: Rgb| get(key).and_then(colour).unwrap_or(default);
    Style {
        stroke: colour("stroke", d.stroke),
        stroke_width: get("stroke-width").and_then(width).unwrap_or(d.stroke_width),
        stroke_opacity: get("stroke-opacity").and_then(opacity).unwrap_or(d.stroke_opacity),
        fill: colour("fill", d.fill),
        fill_opacity: get("fill-opacity").and_then(opacity).unwrap_or(d.fill_opacity),
        marker_colour: colour("marker-color", d.marker_colour),
        marker_size: get("marker-size").and_then(marker_size).unwrap_or(d.marker_size),
        marker_symbol: match get("marker-symbol") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        },
    }
}

/// Which groups of properties a feature always carries (its kind draws with them);
/// a property of another group is written only when it differs from the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Groups {
    pub marker: bool,
    pub stroke: bool,
    pub fill: bool,
}

/// Writes `style` into `properties`: colours as `#rrggbb`, numbers as JSON numbers. The
/// properties of `always`'s groups are written in any case, the others only when they
/// differ from [`Style::default`]; an empty `marker-symbol` is left out. Other
/// properties in `properties` are left as they are.
pub fn write_style(properties: &mut Map<String, Value>, style: &Style, always: Groups) {
    let d = Style::default();
    let s = style;
    let mut put = |k: &str, v: Value| {
        properties.insert(k.to_string(), v);
    };
    if always.marker || s.marker_colour != d.marker_colour {
        put("marker-color", Value::from(s.marker_colour.to_hex()));
    }
    if always.marker || s.marker_size != d.marker_size {
        put("marker-size", Value::from(s.marker_size.as_str()));
    }
    if !s.marker_symbol.is_empty() {
        put("marker-symbol", Value::from(s.marker_symbol.clone()));
    }
    if always.stroke || s.stroke != d.stroke {
        put("stroke", Value::from(s.stroke.to_hex()));
    }
    if always.stroke || s.stroke_width != d.stroke_width {
        put("stroke-width", Value::from(s.stroke_width));
    }
    if always.stroke || s.stroke_opacity != d.stroke_opacity {
        put("stroke-opacity", Value::from(s.stroke_opacity));
    }
    if always.fill || s.fill != d.fill {
        put("fill", Value::from(s.fill.to_hex()));
    }
    if always.fill || s.fill_opacity != d.fill_opacity {
        put("fill-opacity", Value::from(s.fill_opacity));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The properties of a JSON object (none for anything else).
    fn props(v: Value) -> Map<String, Value> {
        serde_json::from_value(v).unwrap_or_default()
    }

    #[test]
    fn simplestyle_colours_are_read_in_long_and_short_form_and_anything_else_is_ignored() {
        assert_eq!(colour(&json!("#ff8000")), Some(Rgb([0xff, 0x80, 0x00])));
        assert_eq!(colour(&json!("#F80")), Some(Rgb([0xff, 0x88, 0x00])));
        assert_eq!(colour(&json!("00ff00")), Some(Rgb([0, 0xff, 0])));
        for bad in [
            json!("#ff80"),
            json!("red"),
            json!("#gg0000"),
            json!(""),
            json!(255),
            json!(null),
            json!(["#fff"]),
        ] {
            assert_eq!(colour(&bad), None, "{bad}");
        }
    }

    #[test]
    fn styles_are_written_with_numbers_as_json_numbers_and_read_back_unchanged() {
        let style = Style {
            stroke_width: 3.5,
            fill_opacity: 0.4,
            marker_size: MarkerSize::Large,
            stroke: Rgb([0xab, 0xcd, 0xef]),
            ..Style::default()
        };
        let mut p = Map::new();
        write_style(&mut p, &style, Groups::default());
        assert_eq!(p.get("stroke-width"), Some(&json!(3.5)));
        assert_eq!(p.get("fill-opacity"), Some(&json!(0.4)));
        assert_eq!(p.get("stroke"), Some(&json!("#abcdef")));
        assert_eq!(p.get("marker-size"), Some(&json!("large")));
        assert_eq!(read_style(&p), style);
    }

    #[test]
    fn writing_leaves_unknown_properties_untouched() {
        let mut p = props(json!({"name": "港口", "berths": "12", "nested": {"a": [1, 2]}}));
        let before = p.clone();
        write_style(
            &mut p,
            &Style::default(),
            Groups {
                marker: true,
                stroke: true,
                fill: true,
            },
        );
        for (k, v) in &before {
            assert_eq!(p.get(k), Some(v), "{k}");
        }
        assert!(
            p.keys()
                .all(|k| before.contains_key(k) || SIMPLESTYLE_KEYS.contains(&k.as_str()))
        );
    }
}
