//! simplestyle-spec 1.1 properties, read and written by the one rule of the module
//! documentation ([`crate::symbology`]): for imported features on the map
//! ([`resolve_style`]), for annotations read back ([`read_style`]) and for exports
//! ([`write_style`]).

use serde_json::{Map, Value};

use crate::model::{MarkerSize, Rgb, Style};

use super::Rgba8;

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

/// Stroke width of lines and outlines without a valid `stroke-width`, in points.
pub const DEFAULT_STROKE_WIDTH: f32 = 2.0;
/// Largest `stroke-width` drawn; wider values are drawn this wide.
pub const MAX_STROKE_WIDTH: f32 = 24.0;
/// Fill opacity of polygons without a valid `fill-opacity`.
pub const DEFAULT_FILL_OPACITY: f32 = 0.25;
/// Marker radii for `marker-size` small, medium (also the default) and large, in points.
pub const MARKER_RADII: [f32; 3] = [4.5, 6.5, 9.0];

/// A simplestyle colour: `#rgb` or `#rrggbb` text (the `#` optional), `None` for
/// anything else.
pub fn colour(value: &Value) -> Option<Rgb> {
    value.as_str().and_then(|s| Rgb::from_hex(s).ok())
}

/// [`colour`] as an opaque [`Rgba8`].
pub fn parse_colour(value: &Value) -> Option<Rgba8> {
    colour(value).map(Rgba8::from_model)
}

/// A number, or text that reads as one; `None` for anything else or a non-finite value.
pub fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|n| n.is_finite())
}

/// A width: a [`number`] ≥ 0.
pub fn width(value: &Value) -> Option<f64> {
    number(value).filter(|w| *w >= 0.0)
}

/// An opacity: a [`number`] within 0…1.
pub fn opacity(value: &Value) -> Option<f64> {
    number(value).filter(|v| (0.0..=1.0).contains(v))
}

/// `small`, `medium` or `large` (surrounding spaces ignored).
pub fn marker_size(value: &Value) -> Option<MarkerSize> {
    value.as_str().and_then(|s| MarkerSize::parse(s.trim()).ok())
}

/// The letter or digit a marker shows: a one-character string that is an ASCII letter
/// or digit, or an integer 0…9.
pub fn marker_letter(value: &Value) -> Option<char> {
    match value {
        Value::String(s) => {
            let mut chars = s.trim().chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => Some(c),
                _ => None,
            }
        }
        Value::Number(n) => n
            .as_u64()
            .filter(|d| *d <= 9)
            .and_then(|d| char::from_digit(d as u32, 10)),
        _ => None,
    }
}

/// A feature's resolved drawing style (see `map::user`'s documentation for how it is
/// resolved). Colours are opaque; the opacities say how translucent they are drawn,
/// before the layer's opacity multiplies them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UserFeatureStyle {
    pub marker_colour: Rgba8,
    /// Marker radius in points ([`MARKER_RADII`]).
    pub marker_radius: f32,
    /// A letter or digit drawn inside the marker.
    pub marker_symbol: Option<char>,
    pub stroke: Rgba8,
    /// In points, 0…[`MAX_STROKE_WIDTH`]; 0 draws no line or outline.
    pub stroke_width: f32,
    /// 0…1.
    pub stroke_opacity: f32,
    pub fill: Rgba8,
    /// 0…1.
    pub fill_opacity: f32,
}

/// The style of an imported feature with `properties` whose layer (or category) colour
/// is `base`: the simplestyle properties it sets validly, `base` and the defaults for
/// the rest.
pub fn resolve_style(properties: &Map<String, Value>, base: Rgba8) -> UserFeatureStyle {
    let colour = |key: &str| properties.get(key).and_then(parse_colour);
    let opacity = |key: &str| properties.get(key).and_then(opacity).map(|v| v as f32);
    let marker_radius = match properties.get("marker-size").and_then(marker_size) {
        Some(MarkerSize::Small) => MARKER_RADII[0],
        Some(MarkerSize::Large) => MARKER_RADII[2],
        Some(MarkerSize::Medium) | None => MARKER_RADII[1],
    };
    UserFeatureStyle {
        marker_colour: colour("marker-color").unwrap_or(base),
        marker_radius,
        marker_symbol: properties.get("marker-symbol").and_then(marker_letter),
        stroke: colour("stroke").unwrap_or(base),
        stroke_width: properties
            .get("stroke-width")
            .and_then(width)
            .map_or(DEFAULT_STROKE_WIDTH, |w| (w as f32).min(MAX_STROKE_WIDTH)),
        stroke_opacity: opacity("stroke-opacity").unwrap_or(1.0),
        fill: colour("fill").unwrap_or(base),
        fill_opacity: opacity("fill-opacity").unwrap_or(DEFAULT_FILL_OPACITY),
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

    const BASE: Rgba8 = Rgba8::rgb(1, 2, 3);
    const BLUE: Rgba8 = Rgba8::rgb(0x31, 0x82, 0xbd);

    #[test]
    fn simplestyle_colours_are_read_in_long_and_short_form_and_anything_else_is_ignored() {
        assert_eq!(parse_colour(&json!("#ff8000")), Some(Rgba8::rgb(0xff, 0x80, 0x00)));
        assert_eq!(parse_colour(&json!("#F80")), Some(Rgba8::rgb(0xff, 0x88, 0x00)));
        assert_eq!(parse_colour(&json!("00ff00")), Some(Rgba8::rgb(0, 0xff, 0)));
        for bad in [
            json!("#ff80"),
            json!("red"),
            json!("#gg0000"),
            json!(""),
            json!(255),
            json!(null),
            json!(["#fff"]),
        ] {
            assert_eq!(parse_colour(&bad), None, "{bad}");
        }
    }

    #[test]
    fn a_feature_without_simplestyle_takes_the_base_colour_and_the_defaults() {
        let s = resolve_style(&Map::new(), BLUE);
        assert_eq!(
            s,
            UserFeatureStyle {
                marker_colour: BLUE,
                marker_radius: MARKER_RADII[1],
                marker_symbol: None,
                stroke: BLUE,
                stroke_width: DEFAULT_STROKE_WIDTH,
                stroke_opacity: 1.0,
                fill: BLUE,
                fill_opacity: DEFAULT_FILL_OPACITY,
            }
        );
    }

    #[test]
    fn valid_simplestyle_properties_win_and_invalid_ones_are_ignored() {
        let s = resolve_style(
            &props(json!({
                "marker-color": "#f00", "marker-size": "large", "marker-symbol": "7",
                "stroke": "#00ff00", "stroke-width": 4, "stroke-opacity": "0.5",
                "fill": "nonsense", "fill-opacity": 1.5
            })),
            BLUE,
        );
        assert_eq!(s.marker_colour, Rgba8::rgb(0xff, 0, 0));
        assert_eq!(s.marker_radius, MARKER_RADII[2]);
        assert_eq!(s.marker_symbol, Some('7'));
        assert_eq!(s.stroke, Rgba8::rgb(0, 0xff, 0));
        assert_eq!(s.stroke_width, 4.0);
        assert_eq!(s.stroke_opacity, 0.5);
        assert_eq!(s.fill, BLUE, "an invalid fill is ignored");
        assert_eq!(s.fill_opacity, DEFAULT_FILL_OPACITY, "an opacity above 1 is ignored");
        let odd = resolve_style(
            &props(json!({"marker-size": "huge", "marker-symbol": "rail", "stroke-width": -1, "stroke-opacity": null})),
            BLUE,
        );
        assert_eq!(odd.marker_radius, MARKER_RADII[1]);
        assert_eq!(odd.marker_symbol, None);
        assert_eq!(odd.stroke_width, DEFAULT_STROKE_WIDTH);
        assert_eq!(odd.stroke_opacity, 1.0);
        assert_eq!(
            resolve_style(&props(json!({"stroke-width": 500})), BLUE).stroke_width,
            MAX_STROKE_WIDTH
        );
        assert_eq!(
            resolve_style(&props(json!({"marker-symbol": 3})), BLUE).marker_symbol,
            Some('3')
        );
    }

    #[test]
    fn a_numeric_string_and_a_number_read_the_same_for_features_and_annotations() {
        let as_numbers = props(json!({"stroke-width": 3.5, "stroke-opacity": 0.5, "fill-opacity": 0.2}));
        let as_text = props(json!({"stroke-width": " 3.5", "stroke-opacity": "0.5", "fill-opacity": "0.2 "}));
        assert_eq!(resolve_style(&as_numbers, BASE), resolve_style(&as_text, BASE));
        assert_eq!(read_style(&as_numbers), read_style(&as_text));
        assert_eq!(read_style(&as_text).stroke_width, 3.5);
        assert_eq!(read_style(&as_text).stroke_opacity, 0.5);
    }

    #[test]
    fn values_that_break_the_rule_are_ignored_as_if_absent() {
        let bad = props(json!({
            "stroke-width": -1, "stroke-opacity": "1.5", "fill-opacity": "half",
            "stroke": "blue", "marker-size": "huge"
        }));
        assert_eq!(read_style(&bad), Style::default());
        assert_eq!(resolve_style(&bad, BASE), resolve_style(&Map::new(), BASE));
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
