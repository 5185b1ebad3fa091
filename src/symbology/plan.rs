//! The plan features' styles — colour, point marker, fill, legend text — by category,
//! and the legend rows the map and the layers panel draw.

use serde_json::{Value, json};

use super::Rgba8;
use crate::basemap::Precision;
use crate::catalogue::{Feature, Layer, Shape};

/// Width of a plan line (the 5G corridors), in points.
pub const LINE_WIDTH: f32 = 2.2;
/// Outline width of the layout's zones and cores, in points.
pub const ZONE_OUTLINE_WIDTH: f32 = 2.4;
/// Outline width of the other plan areas, in points.
pub const AREA_OUTLINE_WIDTH: f32 = 1.6;

/// The shape of a point symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Marker {
    Circle,
    Square,
    Diamond,
    Triangle,
}

/// How a feature (and its legend entry) is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FeatureStyle {
    pub color: Rgba8,
    pub marker: Marker,
    /// Areas: fill alpha (0 for an outline only).
    pub fill: f32,
    /// Legend text, Chinese and English.
    pub zh: &'static str,
    pub en: &'static str,
}

const fn style(rgb: [u8; 3], marker: Marker, fill: f32, zh: &'static str, en: &'static str) -> FeatureStyle {
    FeatureStyle {
        color: Rgba8::rgb(rgb[0], rgb[1], rgb[2]),
        marker,
        fill,
        zh,
        en,
    }
}

/// The style of a feature: by category, and for the layout's zones by zone (each zone
/// its own colour, so the legend can name it).
pub fn feature_style(feature: &Feature) -> FeatureStyle {
    use Marker::*;
    match (feature.category.as_str(), feature.id.as_str()) {
        ("layout_core", _) => style([0xc6, 0x28, 0x28], Circle, 0.10, "双核", "The two cores"),
        ("layout_zone", "layout.zone.core-industry") => style(
            [0xe6, 0x51, 0x00],
            Circle,
            0.16,
            "数字经济核心产业区",
            "Core digital industry zone",
        ),
        ("layout_zone", "layout.zone.industrial-internet") => style(
            [0x15, 0x65, 0xc0],
            Circle,
            0.14,
            "工业互联网应用先导区",
            "Industrial internet pilot zone",
        ),
        ("layout_zone", _) => style(
            [0x2e, 0x7d, 0x32],
            Circle,
            0.14,
            "数字产业生态示范区",
            "Digital ecosystem demonstration zone",
        ),
        ("software_park", _) => style([0x1e, 0x88, 0xe5], Square, 0.0, "软件园", "Software park"),
        ("industrial_park", _) | ("industrial_zone", _) => {
            style([0xef, 0x6c, 0x00], Circle, 0.0, "产业园区", "Industrial park")
        }
        ("base", _) => style([0x8d, 0x6e, 0x63], Diamond, 0.0, "产业基地", "Industrial base"),
        ("university", _) | ("institute", _) => style(
            [0x6a, 0x1b, 0x9a],
            Triangle,
            0.0,
            "高校、科研院所",
            "University, institute",
        ),
        ("resort", _) => style([0x00, 0x89, 0x7b], Circle, 0.10, "旅游度假区", "Resort"),
        ("demonstration_zone", _) | ("pilot_zone", _) | ("free_trade_zone", _) => style(
            [0x55, 0x8b, 0x2f],
            Diamond,
            0.08,
            "示范区、试验区",
            "Demonstration or pilot zone",
        ),
        ("data_centre", _) => style([0x00, 0x60, 0x64], Square, 0.0, "数据中心", "Data centre"),
        ("5g_priority_area", _) => style(
            [0xad, 0x14, 0x57],
            Circle,
            0.20,
            "5G深度覆盖优先区域",
            "5G deep-coverage priority area",
        ),
        ("5g_corridor", _) => style(
            [0x7b, 0x1f, 0xa2],
            Circle,
            0.0,
            "5G连续覆盖交通线（示意）",
            "5G continuous-coverage corridor (schematic)",
        ),
        ("5g_hub", _) => style(
            [0xad, 0x14, 0x57],
            Diamond,
            0.0,
            "港口、交通枢纽",
            "Port, transport hub",
        ),
        ("project", _) => style([0x37, 0x47, 0x4f], Square, 0.08, "专栏项目", "Column project"),
        _ => style([0x54, 0x6e, 0x7a], Circle, 0.05, "其他", "Other"),
    }
}

/// simplestyle-spec 1.1 properties that draw `feature` as the atlas draws it (outside
/// status styling and highlights), for exports: a point's colour and Maki shape
/// (`circle`, `square`, `triangle`; `-stroked` when only its district is known, as the
/// map draws it hollow; none for a diamond, which Maki lacks), a line's colour and width,
/// an area's outline and fill. Widths are the map's, in points (simplestyle's pixels).
pub fn plan_simplestyle(feature: &Feature) -> Vec<(&'static str, Value)> {
    let style = feature_style(feature);
    let hex = style.color.to_hex();
    match feature.shape() {
        Shape::Point(..) => {
            let hollow = feature.precision() == Some(Precision::District);
            let maki = match style.marker {
                Marker::Circle => Some("circle"),
                Marker::Square => Some("square"),
                Marker::Triangle => Some("triangle"),
                Marker::Diamond => None,
            };
            let mut out = vec![("marker-color", json!(hex)), ("marker-size", json!("medium"))];
            if let Some(maki) = maki {
                let symbol = if hollow {
                    format!("{maki}-stroked")
                } else {
                    maki.to_string()
                };
                out.push(("marker-symbol", json!(symbol)));
            }
            out
        }
        Shape::Line => vec![
            ("stroke", json!(hex)),
            ("stroke-width", super::basemap::short_number(LINE_WIDTH)),
            ("stroke-opacity", json!(1.0)),
        ],
        Shape::Unplaced => Vec::new(),
        Shape::Area => {
            let width = if feature.layer == Layer::Layout {
                ZONE_OUTLINE_WIDTH
            } else {
                AREA_OUTLINE_WIDTH
            };
            super::basemap::area_simplestyle(style.color, width, style.color, style.fill)
        }
    }
}

/// One legend row of the plan layers.
#[derive(Clone, Debug, PartialEq)]
pub enum LegendSymbol {
    Marker { marker: Marker, color: Rgba8, hollow: bool },
    Area { color: Rgba8, fill: f32 },
    Line { color: Rgba8 },
}

/// A legend row: its symbol and text.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendRow {
    pub symbol: LegendSymbol,
    pub text: String,
}

/// Texts of the precision key.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendTexts {
    /// “filled: approximate position”.
    pub approximate: String,
    /// “hollow: district only”.
    pub district: String,
}
