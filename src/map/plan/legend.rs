//! The plan layers' legend rows: what the map draws now.

use egui::Rect;

use super::{BOX_MARGIN_PT, ItemGeometry, LegendRow, LegendSymbol, LegendTexts, Marker, PlanLayerView, item_in_view};
use crate::basemap::Precision;
use crate::map::lod::ScreenFromMercator;
use crate::symbology::Rgba8;
use crate::symbology::status::{LEGEND_ORDER, status_colour};

/// The legend of what the plan layers draw now: one row per style of the visible
/// items (in layer order, top first), then the precision key when both filled and
/// hollow symbols are on the map or a schematic mark when schematic geometry is.
///
/// With `in_view` (the map's transform and rect), only items the map draws count (the
/// same cull test as [`paint_plan_layers`]), so a map zoomed on one district lists what
/// is there, not all the plan's categories (a 20-row legend would cover a quarter of a
/// projector's map).
pub fn plan_legend(
    view: &PlanLayerView,
    texts: &LegendTexts,
    in_view: Option<(&ScreenFromMercator, Rect)>,
) -> Vec<LegendRow> {
    let visible_box = in_view.map(|(to_screen, rect)| to_screen.mercator_box(rect.expand(BOX_MARGIN_PT)));
    let mut rows: Vec<LegendRow> = Vec::new();
    let mut seen: Vec<&'static str> = Vec::new();
    let mut any_district = false;
    let mut any_located = false;
    let mut drawn = view.drawn_items();
    drawn.reverse();
    for (item, opacity) in drawn {
        if let (Some((to_screen, rect)), Some(visible_box)) = (in_view, &visible_box)
            && !item_in_view(item, to_screen, rect, visible_box)
        {
            continue;
        }
        let color = item.style.color.gamma_multiply(opacity);
        match item.geometry {
            ItemGeometry::Point { .. } if item.precision == Precision::District => any_district = true,
            ItemGeometry::Point { .. } => any_located = true,
            _ => {}
        }
        if seen.contains(&item.style.zh) {
            continue;
        }
        seen.push(item.style.zh);
        let symbol = match item.geometry {
            ItemGeometry::Point { .. } => LegendSymbol::Marker {
                marker: item.style.marker,
                color,
                hollow: false,
            },
            ItemGeometry::Line { .. } => LegendSymbol::Line { color },
            ItemGeometry::Area { .. } => LegendSymbol::Area {
                color,
                fill: item.style.fill,
            },
        };
        let mut text = if view.chinese { item.style.zh } else { item.style.en }.to_string();
        if item.precision == Precision::Schematic && !text.contains(view.schematic.trim()) {
            text.push_str(view.schematic);
        }
        rows.push(LegendRow { symbol, text });
    }
    if any_district {
        let grey = Rgba8::rgb(0x60, 0x60, 0x60);
        if any_located {
            rows.push(LegendRow {
                symbol: LegendSymbol::Marker {
                    marker: Marker::Circle,
                    color: grey,
                    hollow: false,
                },
                text: texts.approximate.clone(),
            });
        }
        rows.push(LegendRow {
            symbol: LegendSymbol::Marker {
                marker: Marker::Circle,
                color: grey,
                hollow: true,
            },
            text: texts.district.clone(),
        });
    }
    rows
}

/// The legend of status styling: the five statuses and 未设定 (`unset`, in the
/// interface language), always all six in that order, each with the number of features
/// the map draws in it (with `in_view`, only those in the view, as [`plan_legend`]).
/// Empty without status styling.
pub fn status_legend(
    view: &PlanLayerView,
    unset: &str,
    in_view: Option<(&ScreenFromMercator, Rect)>,
) -> Vec<LegendRow> {
    let Some(styling) = view.status else {
        return Vec::new();
    };
    let visible_box = in_view.map(|(to_screen, rect)| to_screen.mercator_box(rect.expand(BOX_MARGIN_PT)));
    let mut counts = [0usize; 6];
    for (item, _) in view.drawn_items() {
        if let (Some((to_screen, rect)), Some(visible_box)) = (in_view, &visible_box)
            && !item_in_view(item, to_screen, rect, visible_box)
        {
            continue;
        }
        let status = styling.status(item.index);
        if let Some(k) = LEGEND_ORDER.iter().position(|s| *s == status) {
            counts[k] += 1;
        }
    }
    LEGEND_ORDER
        .iter()
        .zip(counts)
        .map(|(status, n)| {
            let name = match status {
                Some(s) if view.chinese => s.zh(),
                Some(s) => s.en(),
                None => unset,
            };
            LegendRow {
                symbol: LegendSymbol::Marker {
                    marker: Marker::Circle,
                    color: status_colour(*status),
                    hollow: false,
                },
                text: format!("{name} {n}"),
            }
        })
        .collect()
}
