//! The legend rows of imported layers.

use super::background::wants_raster;
use super::clusters::{CLUSTER_TEXT, MIXED_COLOUR};
use super::{BigLayers, UserGeometryKind, UserLayersView, drawn_layers};
use crate::symbology::Rgba8;
use crate::symbology::categories::{CATEGORY_PALETTE, OTHER_COLOUR, OTHER_TEXT};
use crate::symbology::plan::{LegendRow, LegendSymbol, Marker};
use crate::symbology::simplestyle::DEFAULT_FILL_OPACITY;

/// The legend rows of the visible user layers, top layer first, layers without geometry
/// left out. An uncategorised layer has one row: its name, with the symbol of its
/// geometry (areas if it has any, else lines, else points) in its most common colour. A
/// layer with a `colour_property` has one row per category value that has a colour
/// (“layer · value”) and, when some feature has another value or none, a final
/// “layer · 其他 / other” row. Colours carry the layer's opacity. When big layers are
/// drawn as an image ([`super::BigLayers`]), a layer with points ends with a row for its
/// clusters ([`CLUSTER_TEXT`], a disc in [`MIXED_COLOUR`]).
pub fn user_legend(view: &UserLayersView) -> Vec<LegendRow> {
    let clustered = !matches!(view.big, BigLayers::Shapes) && wants_raster(view);
    let mut rows = Vec::new();
    for &(k, layer, opacity) in drawn_layers(view).iter().rev() {
        let Some(kind) = layer.kind else { continue };
        let name = view.layers.get(k).map_or("", |l| l.layer.name.as_str());
        let symbol = |colour: Rgba8, fill: f32| {
            let color = colour.gamma_multiply(opacity);
            match kind {
                UserGeometryKind::Area => LegendSymbol::Area { color, fill },
                UserGeometryKind::Line => LegendSymbol::Line { color },
                UserGeometryKind::Point => LegendSymbol::Marker {
                    marker: Marker::Circle,
                    color,
                    hollow: false,
                },
            }
        };
        let cluster_row = (clustered && layer.point_count > 1).then(|| LegendRow {
            symbol: LegendSymbol::Marker {
                marker: Marker::Circle,
                color: MIXED_COLOUR.gamma_multiply(opacity),
                hollow: false,
            },
            text: format!("{name} · {CLUSTER_TEXT}"),
        });
        if layer.style.colour_property.is_none() {
            rows.push(LegendRow {
                symbol: symbol(layer.legend_colour, layer.legend_fill),
                text: name.to_string(),
            });
            rows.extend(cluster_row);
            continue;
        }
        for (value, colour) in layer.categories.iter().zip(CATEGORY_PALETTE) {
            rows.push(LegendRow {
                symbol: symbol(colour, DEFAULT_FILL_OPACITY),
                text: format!("{name} · {value}"),
            });
        }
        if layer.other {
            rows.push(LegendRow {
                symbol: symbol(OTHER_COLOUR, DEFAULT_FILL_OPACITY),
                text: format!("{name} · {OTHER_TEXT}"),
            });
        }
        rows.extend(cluster_row);
    }
    rows
}
