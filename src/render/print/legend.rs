//! The print layout's legend: the rows a page's map frame shows (as the map images list
//! them) and their vector drawing, with the same symbols and colours the map legend
//! paints ([`crate::theme::swatch::paint_legend_symbol`], [`crate::map::legend_plate`]).

use egui::{Rect, pos2};

use super::pdf::{Canvas, Rgb};
use super::sheet::{DARK, Frame, RULE, SheetTexts, WHITE};
use crate::i18n::{Key, Lang, PrintKey, tr};
use crate::map;
use crate::model::MapView;
use crate::render::RenderError;
use crate::render::map_image::{MapImage, MapSources, image_layer_views, image_legend_rows};
use crate::symbology::{LegendSymbol, Marker, Rgba8};

/// The legend rows below the basemap's five entries that an image of `image` lists: the
/// imported layers' rows, then the plan's (or the status legend), only what lies in the
/// map of `map_size` points at `view` (all of them without a view), as
/// [`crate::render::map_image::layout_map_framed`] lists them. For a print layout's vector legend.
pub fn legend_rows(
    sources: &MapSources,
    image: &MapImage,
    lang: Lang,
    view: Option<(MapView, [f32; 2])>,
) -> Result<Vec<crate::symbology::LegendRow>, RenderError> {
    let highlighted = super::super::map_image::highlighted_indices(sources, image)?;
    let describe = |_: usize| String::new();
    let (plan_view, user_view) = image_layer_views(sources, image, lang, &highlighted, &describe);
    let map_rect = view.map(|(_, [w, h])| Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(w, h)));
    let to_screen = view.zip(map_rect).map(|((v, _), rect)| {
        let centre = sources.cache.display.from_wgs84([v.lon, v.lat]);
        map::lod::ScreenFromMercator::new(v.zoom, centre, rect.center())
    });
    let in_view = to_screen.as_ref().zip(map_rect);
    let rows = image_legend_rows(&plan_view, user_view.as_ref(), lang, in_view);
    Ok(rows)
}

/// A premultiplied colour laid on white paper.
fn on_white(c: Rgba8) -> Rgb {
    let over = 255 - c.a;
    [
        c.r.saturating_add(over),
        c.g.saturating_add(over),
        c.b.saturating_add(over),
    ]
}

fn egui_on_white(c: egui::Color32) -> Rgb {
    on_white(Rgba8 {
        r: c.r(),
        g: c.g(),
        b: c.b(),
        a: c.a(),
    })
}

/// The legend: 图例, the basemap's entries, a rule, the layers' rows, in as many
/// columns as the frame's height needs (smaller when they would not fit its width).
pub(super) fn draw_legend(canvas: &mut Canvas, [x, y, w, h]: Frame, texts: &SheetTexts, u: f32) {
    let heading = tr(texts.lang, Key::Print(PrintKey::Legend));
    canvas.text([x, y + 10.0 * u], 10.0 * u, heading, DARK);
    let top = y + 18.0 * u;
    let room = (h - 18.0 * u).max(1.0);
    let count = texts.entries.len() + texts.rows.len();
    let names = texts
        .entries
        .iter()
        .map(String::as_str)
        .chain(texts.rows.iter().map(|r| r.text.as_str()));
    let widest = names.map(|t| canvas.text_width(t, 7.0)).fold(0.0, f32::max);
    // Shrink until the columns fit the frame's width.
    let mut s = u;
    let (mut per_column, mut column_w) = (count, 0.0);
    for _ in 0..12 {
        let row = 11.0 * s;
        per_column = ((room / row).floor() as usize).max(1);
        let columns = count.div_ceil(per_column);
        column_w = widest * s + 30.0 * s;
        if columns as f32 * column_w <= w || s < 0.4 {
            break;
        }
        s *= 0.9;
    }
    let row = 11.0 * s;
    let place = |k: usize| -> (f32, f32) {
        let (column, within) = (k / per_column, k % per_column);
        (x + column_w * column as f32, top + row * within as f32 + row / 2.0)
    };
    for (k, entry) in texts.entries.iter().enumerate() {
        let (cx, cy) = place(k);
        draw_basemap_symbol(canvas, k, [cx + 9.0 * s, cy], s * 0.65);
        canvas.text([cx + 22.0 * s, cy + 2.5 * s], 7.0 * s, entry, DARK);
    }
    if !texts.rows.is_empty() {
        let (cx, cy) = place(texts.entries.len());
        let rule_y = cy - row / 2.0;
        if !texts.entries.len().is_multiple_of(per_column) {
            canvas.line([cx, rule_y], [cx + column_w - 6.0 * s, rule_y], 0.4, RULE);
        }
    }
    for (k, r) in texts.rows.iter().enumerate() {
        let (cx, cy) = place(texts.entries.len() + k);
        draw_symbol(canvas, &r.symbol, [cx + 9.0 * s, cy], s * 0.65);
        canvas.text([cx + 22.0 * s, cy + 2.5 * s], 7.0 * s, &r.text, DARK);
    }
}

/// The basemap entry `k`'s symbol, as the map legend draws it (`s`: points per egui point).
fn draw_basemap_symbol(canvas: &mut Canvas, k: usize, [x, y]: [f32; 2], s: f32) {
    use crate::map::basemap::{DIVISION_LINE, FUNCTIONAL_LINE, division_fill};
    use crate::symbology::basemap as b;
    let swatch = [x - 10.0 * s, y - 6.0 * s, 20.0 * s, 12.0 * s];
    match k {
        0 => canvas.rect(
            swatch,
            Some(egui_on_white(division_fill(210213))),
            Some((s, egui_on_white(DIVISION_LINE))),
        ),
        1 => canvas.rect(
            swatch,
            Some(egui_on_white(FUNCTIONAL_LINE.gamma_multiply(b::FUNCTIONAL_FILL))),
            Some((b::FUNCTIONAL_WIDTH * s, egui_on_white(FUNCTIONAL_LINE))),
        ),
        2 => canvas.circle(
            [x, y],
            4.5 * s,
            Some(on_white(b::URBAN_CENTRE_DOT)),
            Some((1.5 * s, WHITE)),
        ),
        3 => canvas.circle([x, y], 3.0 * s, Some(on_white(b::TOWN_DOT)), Some((s, WHITE))),
        _ => canvas.rect(
            [x - 4.0 * s, y - 4.0 * s, 8.0 * s, 8.0 * s],
            Some(on_white(b::AIRPORT_DOT)),
            None,
        ),
    }
}

/// A legend symbol, as [`crate::theme::swatch::paint_legend_symbol`] draws it.
fn draw_symbol(canvas: &mut Canvas, symbol: &LegendSymbol, [x, y]: [f32; 2], s: f32) {
    match *symbol {
        LegendSymbol::Marker { marker, color, hollow } => {
            let alpha = f32::from(color.a) / 255.0;
            let white = on_white(Rgba8::rgb(255, 255, 255).gamma_multiply(alpha));
            let (fill, stroke) = if hollow {
                (white, (2.0 * s, on_white(color)))
            } else {
                (on_white(color), (1.2 * s, white))
            };
            let r = 5.0 * s;
            match marker {
                Marker::Circle => canvas.circle([x, y], r, Some(fill), Some(stroke)),
                Marker::Square => {
                    let side = r * 1.7;
                    canvas.rect([x - side / 2.0, y - side / 2.0, side, side], Some(fill), Some(stroke));
                }
                Marker::Diamond => {
                    let d = r * 1.2;
                    canvas.polygon(
                        &[[x, y - d], [x + d, y], [x, y + d], [x - d, y]],
                        Some(fill),
                        Some(stroke),
                    );
                }
                Marker::Triangle => {
                    let d = r * 1.25;
                    canvas.polygon(
                        &[[x, y - d], [x + d * 0.87, y + d * 0.5], [x - d * 0.87, y + d * 0.5]],
                        Some(fill),
                        Some(stroke),
                    );
                }
            }
        }
        LegendSymbol::Area { color, fill } => {
            let swatch = [x - 10.0 * s, y - 6.0 * s, 20.0 * s, 12.0 * s];
            canvas.rect(
                swatch,
                Some(on_white(color.gamma_multiply(fill.max(0.0)))),
                Some((1.8 * s, on_white(color))),
            );
        }
        LegendSymbol::Line { color } => {
            let (a, b) = ([x - 10.0 * s, y], [x + 10.0 * s, y]);
            canvas.line(a, b, 4.0 * s, WHITE);
            canvas.line(a, b, 2.2 * s, on_white(color));
        }
    }
}
