//! The map-facing side of simplestyle-spec 1.1: how an imported feature's properties
//! resolve to a drawing style ([`resolve_style`]). The properties are read by
//! [`crate::model::simplestyle`]'s readers, the one rule for annotations, imported
//! layers and exports.

use crate::model::properties::Lookup;
use crate::model::simplestyle::{colour, marker_letter, marker_size, opacity, width};
use crate::model::{MarkerSize, Scalar};

use super::Rgba8;

/// Stroke width of lines and outlines without a valid `stroke-width`, in points.
pub const DEFAULT_STROKE_WIDTH: f32 = 2.0;
/// Largest `stroke-width` drawn; wider values are drawn this wide.
pub const MAX_STROKE_WIDTH: f32 = 24.0;
/// Fill opacity of polygons without a valid `fill-opacity`.
pub const DEFAULT_FILL_OPACITY: f32 = 0.25;
/// Marker radii for `marker-size` small, medium (also the default) and large, in points.
pub const MARKER_RADII: [f32; 3] = [4.5, 6.5, 9.0];

/// [`colour`] as an opaque [`Rgba8`].
pub fn parse_colour<'a>(value: impl Into<Scalar<'a>>) -> Option<Rgba8> {
    colour(value).map(Rgba8::from_model)
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
pub fn resolve_style<P: Lookup + ?Sized>(properties: &P, base: Rgba8) -> UserFeatureStyle {
    let colour = |key: &str| properties.lookup(key).and_then(parse_colour);
    let opacity = |key: &str| properties.lookup(key).and_then(opacity).map(|v| v as f32);
    let marker_radius = match properties.lookup("marker-size").and_then(marker_size) {
        Some(MarkerSize::Small) => MARKER_RADII[0],
        Some(MarkerSize::Large) => MARKER_RADII[2],
        Some(MarkerSize::Medium) | None => MARKER_RADII[1],
    };
    UserFeatureStyle {
        marker_colour: colour("marker-color").unwrap_or(base),
        marker_radius,
        marker_symbol: properties.lookup("marker-symbol").and_then(marker_letter),
        stroke: colour("stroke").unwrap_or(base),
        stroke_width: properties
            .lookup("stroke-width")
            .and_then(width)
            .map_or(DEFAULT_STROKE_WIDTH, |w| (w as f32).min(MAX_STROKE_WIDTH)),
        stroke_opacity: opacity("stroke-opacity").unwrap_or(1.0),
        fill: colour("fill").unwrap_or(base),
        fill_opacity: opacity("fill-opacity").unwrap_or(DEFAULT_FILL_OPACITY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Style;
    use crate::model::simplestyle::read_style;
    use serde_json::Value;
    use serde_json::{Map, json};

    /// The properties of a JSON object (none for anything else).
    fn props(v: Value) -> Map<String, Value> {
        serde_json::from_value(v).unwrap_or_default()
    }

    const BASE: Rgba8 = Rgba8::rgb(1, 2, 3);
    const BLUE: Rgba8 = Rgba8::rgb(0x31, 0x82, 0xbd);

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
}
