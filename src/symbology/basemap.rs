//! The basemap's colours and line widths, as plain data: the map paints them
//! (`map::basemap` converts them to egui's colours) and exports write them as
//! simplestyle properties, so a layer opened in QGIS or geojson.io looks as in the atlas.

use serde_json::{Value, json};

use super::Rgba8;
use crate::basemap::PlaceKind;

/// Sea colour.
pub const SEA: Rgba8 = Rgba8::rgb(0xb9, 0xd3, 0xe6);
/// Land outside Dalian (neighbouring cities), and land beyond the atlas's data box.
pub const LAND_OUTSIDE: Rgba8 = Rgba8::rgb(0xe8, 0xe6, 0xe1);
/// Coastline stroke.
pub const COAST: Rgba8 = Rgba8::rgb(0x7f, 0x95, 0xa8);
/// Coastline stroke width, in points.
pub const COAST_WIDTH: f32 = 0.8;
/// Coastline stroke over tiles: darker than [`COAST`] to stay visible on any tile style
/// (it also shows how well the tiles line up with the atlas's data).
pub const COAST_OVER_TILES: Rgba8 = Rgba8::rgb(0x2c, 0x5f, 0x8a);
/// Division boundary stroke.
pub const DIVISION_LINE: Rgba8 = Rgba8::rgb(0x8a, 0x80, 0x78);
/// Division boundary width at overview zooms (below 10), in points; 1.4 from zoom 10.
pub const DIVISION_WIDTH: f32 = 1.0;
/// Functional-area outline.
pub const FUNCTIONAL_LINE: Rgba8 = Rgba8::rgb(0xb0, 0x3a, 0x2e);
/// Functional-area outline width, in points.
pub const FUNCTIONAL_WIDTH: f32 = 1.6;
/// Functional-area fill opacity (of [`FUNCTIONAL_LINE`]).
pub const FUNCTIONAL_FILL: f32 = 0.08;
/// Selected division outline.
pub const SELECTED_LINE: Rgba8 = Rgba8::rgb(0x1f, 0x5f, 0xbf);
/// A town's dot.
pub const TOWN_DOT: Rgba8 = Rgba8::rgb(0x55, 0x55, 0x55);
/// An airport's square.
pub const AIRPORT_DOT: Rgba8 = Rgba8::rgb(0x4a, 0x55, 0x68);
/// The urban centre's dot.
pub const URBAN_CENTRE_DOT: Rgba8 = Rgba8::rgb(0xc0, 0x39, 0x2b);

/// Fill of a division: a muted palette, neighbours different (by adcode order).
pub fn division_fill(adcode: u32) -> Rgba8 {
    const PALETTE: [Rgba8; 10] = [
        Rgba8::rgb(0xf6, 0xe8, 0xc3), // 中山
        Rgba8::rgb(0xd9, 0xe8, 0xcf), // 西岗
        Rgba8::rgb(0xe9, 0xd6, 0xe8), // 沙河口
        Rgba8::rgb(0xf3, 0xdc, 0xc4), // 甘井子
        Rgba8::rgb(0xea, 0xe0, 0xcf), // 旅顺口 (not blue: it would read as sea)
        Rgba8::rgb(0xe6, 0xe9, 0xc8), // 金州
        Rgba8::rgb(0xf0, 0xd9, 0xd6), // 普兰店
        Rgba8::rgb(0xee, 0xe3, 0xc4), // 长海 (islands: sandy, never sea-blue)
        Rgba8::rgb(0xe1, 0xee, 0xe0), // 瓦房店
        Rgba8::rgb(0xf4, 0xe6, 0xd2), // 庄河
    ];
    const ORDER: [u32; 10] = [
        210202, 210203, 210204, 210211, 210212, 210213, 210214, 210224, 210281, 210283,
    ];
    ORDER
        .iter()
        .position(|&a| a == adcode)
        .map_or(Rgba8::rgb(0xee, 0xea, 0xe0), |i| PALETTE[i])
}

/// simplestyle properties of a land polygon in an export: filled as land outside the
/// divisions, outlined as the coast.
pub fn land_simplestyle() -> Vec<(&'static str, Value)> {
    area_simplestyle(COAST, COAST_WIDTH, LAND_OUTSIDE, 1.0)
}

/// simplestyle properties of a division in an export: its fill, the boundary line.
pub fn division_simplestyle(adcode: u32) -> Vec<(&'static str, Value)> {
    area_simplestyle(DIVISION_LINE, DIVISION_WIDTH, division_fill(adcode), 1.0)
}

/// simplestyle properties of a functional area in an export.
pub fn functional_simplestyle() -> Vec<(&'static str, Value)> {
    area_simplestyle(FUNCTIONAL_LINE, FUNCTIONAL_WIDTH, FUNCTIONAL_LINE, FUNCTIONAL_FILL)
}

/// simplestyle properties of a place in an export: its dot's colour and a Maki shape.
pub fn place_simplestyle(kind: PlaceKind) -> Vec<(&'static str, Value)> {
    let (colour, size, symbol) = match kind {
        PlaceKind::Airport => (AIRPORT_DOT, "small", "airport"),
        PlaceKind::UrbanCentre => (URBAN_CENTRE_DOT, "medium", "circle"),
        PlaceKind::Town => (TOWN_DOT, "small", "circle"),
    };
    vec![
        ("marker-color", json!(colour.to_hex())),
        ("marker-size", json!(size)),
        ("marker-symbol", json!(symbol)),
    ]
}

/// An area drawn with a `stroke` outline `width` points wide, filled `fill` at `fill_opacity`.
pub(super) fn area_simplestyle(
    stroke: Rgba8,
    width: f32,
    fill: Rgba8,
    fill_opacity: f32,
) -> Vec<(&'static str, Value)> {
    vec![
        ("stroke", json!(stroke.to_hex())),
        ("stroke-width", short_number(width)),
        ("stroke-opacity", json!(1.0)),
        ("fill", json!(fill.to_hex())),
        ("fill-opacity", short_number(fill_opacity)),
    ]
}

/// A width or opacity as JSON with two decimals: an `f32` such as 0.8 would otherwise
/// be written 0.800000011920929.
pub(super) fn short_number(value: f32) -> Value {
    json!((f64::from(value) * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADCODES: [u32; 10] = [
        210202, 210203, 210204, 210211, 210212, 210213, 210214, 210224, 210281, 210283,
    ];

    #[test]
    fn division_fills_differ_for_every_division() {
        let fills: std::collections::HashSet<_> = ADCODES.iter().map(|&a| division_fill(a)).collect();
        assert_eq!(fills.len(), ADCODES.len());
    }

    #[test]
    fn no_division_fill_can_be_mistaken_for_the_sea() {
        for a in ADCODES {
            let f = division_fill(a);
            // Land fills are warm or green: blue must not dominate both red and green.
            assert!(
                !(f.b > f.r && f.b > f.g),
                "division {a} is filled {f:?}, too close to the sea colour {SEA:?}"
            );
        }
    }
}
