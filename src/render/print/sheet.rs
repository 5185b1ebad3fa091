//! The print layout's page: where the map frame, the title, the panel (legend, north
//! arrow, scale bar, title block) and the foot (attribution, disclaimer) go on A4 or A3,
//! and their vector drawing on a [`Canvas`].
//!
//! Landscape pages put the panel right of the map, portrait pages below it. Everything
//! but the map raster is vector: text in the embedded font, lines and fills. Sizes grow
//! by a fifth on A3 so the furniture keeps its share of the larger page.

use super::legend::draw_legend;
use super::pdf::{Canvas, ImageRef, Rgb};
use super::scale::{MM_PER_PT, Orientation, Paper, page_size_pt, scale_text};
use crate::i18n::{Key, Lang, PrintKey, tr};
use crate::symbology::LegendRow;

/// A rectangle `[x, y, width, height]` in points from the page's top-left corner.
pub type Frame = [f32; 4];

/// The page margin: 10 mm.
const MARGIN: f32 = 10.0 / MM_PER_PT as f32;

pub(super) const DARK: Rgb = [0x22, 0x2a, 0x35];
const GREY: Rgb = [0x5a, 0x62, 0x6e];
pub(super) const RULE: Rgb = [0xb4, 0xb4, 0xb4];
pub(super) const WHITE: Rgb = [0xff, 0xff, 0xff];

/// Where everything goes on a page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SheetGeometry {
    /// `[width, height]` of the page in points.
    pub page: [f32; 2],
    /// The size factor of the furniture: 1 on A4, 1.2 on A3.
    pub unit: f32,
    pub title: Frame,
    /// The map frame (the neat line runs along it).
    pub map: Frame,
    /// Attribution and disclaimer, under the map.
    pub foot: Frame,
    /// Legend, north arrow, scale bar and title block.
    pub panel: Frame,
    pub landscape: bool,
}

impl SheetGeometry {
    /// The layout of a `paper` page in `orientation`.
    pub fn new(paper: Paper, orientation: Orientation) -> SheetGeometry {
        let [w, h] = page_size_pt(paper, orientation).map(|v| v as f32);
        let u = match paper {
            Paper::A4 => 1.0,
            Paper::A3 => 1.2,
        };
        let (title_h, foot_h, gap) = (30.0 * u, 22.0 * u, 8.0 * u);
        let m = MARGIN;
        let title = [m, m, w - 2.0 * m, title_h];
        let landscape = orientation == Orientation::Landscape;
        let (map, panel) = if landscape {
            let panel_w = 165.0 * u;
            let map = [
                m,
                m + title_h,
                w - 2.0 * m - panel_w - gap,
                h - 2.0 * m - title_h - foot_h,
            ];
            (map, [w - m - panel_w, m + title_h, panel_w, h - 2.0 * m - title_h])
        } else {
            let panel_h = 200.0 * u;
            let map = [
                m,
                m + title_h,
                w - 2.0 * m,
                h - 2.0 * m - title_h - foot_h - gap - panel_h,
            ];
            (map, [m, h - m - panel_h, w - 2.0 * m, panel_h])
        };
        let foot = [map[0], map[1] + map[3], map[2], foot_h];
        SheetGeometry {
            page: [w, h],
            unit: u,
            title,
            map,
            foot,
            panel,
            landscape,
        }
    }
}

/// What a page prints besides the map raster.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetTexts {
    pub lang: Lang,
    /// 图名.
    pub title: String,
    /// 规划名称.
    pub plan_title: String,
    /// 制图单位 (may be empty).
    pub unit: String,
    /// 制图日期.
    pub date: String,
    /// The scale's denominator N of 1:N.
    pub denominator: u32,
    /// The basemap's five legend entries (divisions, functional areas, urban centre,
    /// towns, airports), as the map images show them.
    pub entries: [String; 5],
    /// The plan's and imported layers' legend rows.
    pub rows: Vec<LegendRow>,
    pub north: String,
    pub attribution: String,
    pub disclaimer: String,
}

/// Draws the page: the map raster in its frame with a neat line, then the furniture.
pub fn draw_sheet(canvas: &mut Canvas, geometry: &SheetGeometry, map: ImageRef, texts: &SheetTexts) {
    let u = geometry.unit;
    let [mx, my, mw, mh] = geometry.map;
    canvas.image(map, geometry.map);
    // The neat line: a hairline on the map's edge and a heavier line just outside it.
    canvas.rect(geometry.map, None, Some((0.5, DARK)));
    let o = 2.5 * u;
    canvas.rect([mx - o, my - o, mw + 2.0 * o, mh + 2.0 * o], None, Some((1.2, DARK)));

    // The title, centred over the page, shrunk to fit.
    let [tx, ty, tw, th] = geometry.title;
    let size = fit_size(canvas, &texts.title, 18.0 * u, tw);
    let width = canvas.text_width(&texts.title, size);
    canvas.text([tx + (tw - width) / 2.0, ty + th * 0.62], size, &texts.title, DARK);

    // The foot: attribution, then the disclaimer.
    let [fx, fy, fw, _] = geometry.foot;
    let small = 6.5 * u;
    for (k, line) in [&texts.attribution, &texts.disclaimer].into_iter().enumerate() {
        let size = fit_size(canvas, line, small, fw);
        canvas.text([fx, fy + o + 9.0 * u * (k as f32 + 1.0)], size, line, GREY);
    }

    let [px, py, pw, ph] = geometry.panel;
    canvas.rect(geometry.panel, None, Some((0.5, RULE)));
    let pad = 6.0 * u;
    let info_w = if geometry.landscape { pw - 2.0 * pad } else { 190.0 * u };
    let block_h = title_block_height(canvas, texts, info_w, u);
    let furniture_h = 60.0 * u;
    let (legend, info) = if geometry.landscape {
        let info_h = block_h + furniture_h;
        (
            [px + pad, py + pad, pw - 2.0 * pad, ph - 3.0 * pad - info_h],
            [px + pad, py + ph - pad - info_h, info_w, info_h],
        )
    } else {
        (
            [px + pad, py + pad, pw - 3.0 * pad - info_w, ph - 2.0 * pad],
            [px + pw - pad - info_w, py + pad, info_w, ph - 2.0 * pad],
        )
    };
    draw_legend(canvas, legend, texts, u);
    let [ix, iy, iw, ih] = info;
    draw_north_arrow(canvas, [ix + 14.0 * u, iy + 6.0 * u], &texts.north, u);
    draw_scale_bar(
        canvas,
        [ix + 40.0 * u, iy + 14.0 * u, iw - 44.0 * u],
        texts.denominator,
        texts.lang,
        u,
    );
    draw_title_block(canvas, [ix, iy + ih - block_h, iw, block_h], texts, u);
}

/// `size`, or smaller so that `text` fits `width` (at least 4 pt).
fn fit_size(canvas: &Canvas, text: &str, size: f32, width: f32) -> f32 {
    let w = canvas.text_width(text, size);
    if w <= width || w <= 0.0 {
        size
    } else {
        (size * width / w).max(4.0)
    }
}

/// `text` broken into lines of at most `width` points (at any character: Chinese has no
/// spaces; a Latin word breaks at a space when it can).
fn wrap(canvas: &Canvas, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for c in text.chars() {
        let mut candidate = line.clone();
        candidate.push(c);
        if !line.is_empty() && canvas.text_width(&candidate, size) > width {
            match line.rfind(' ').filter(|_| c.is_ascii_alphanumeric()) {
                Some(k) if k > 0 => {
                    let rest = line[k + 1..].to_string();
                    lines.push(line[..k].to_string());
                    line = rest;
                }
                _ => lines.push(std::mem::take(&mut line)),
            }
            line.push(c);
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

const LABEL_W: f32 = 44.0;
const BLOCK_FONT: f32 = 7.0;
const BLOCK_LINE: f32 = 9.0;
const BLOCK_ROW: f32 = 15.0;

/// The title block's rows: label and value.
fn block_rows(texts: &SheetTexts) -> [(&'static str, &str); 5] {
    let l = |k| tr(texts.lang, Key::Print(k));
    [
        (l(PrintKey::MapTitle), texts.title.as_str()),
        (l(PrintKey::PlanTitle), texts.plan_title.as_str()),
        (l(PrintKey::Unit), texts.unit.as_str()),
        (l(PrintKey::Date), texts.date.as_str()),
        (l(PrintKey::ReviewNumber), ""),
    ]
}

fn row_lines(canvas: &Canvas, value: &str, width: f32, u: f32) -> Vec<String> {
    wrap(canvas, value, BLOCK_FONT * u, width - (LABEL_W + 8.0) * u)
}

fn row_height(lines: usize, u: f32) -> f32 {
    (BLOCK_ROW.max(BLOCK_LINE * lines as f32 + 6.0)) * u
}

fn title_block_height(canvas: &Canvas, texts: &SheetTexts, width: f32, u: f32) -> f32 {
    block_rows(texts)
        .iter()
        .map(|(_, v)| row_height(row_lines(canvas, v, width, u).len(), u))
        .sum()
}

/// The title block: a ruled table of 图名, 规划名称, 制图单位, 制图日期 and an empty 审图号.
fn draw_title_block(canvas: &mut Canvas, [x, y, w, h]: Frame, texts: &SheetTexts, u: f32) {
    canvas.rect([x, y, w, h], Some(WHITE), Some((0.8, DARK)));
    canvas.line([x + LABEL_W * u, y], [x + LABEL_W * u, y + h], 0.5, DARK);
    let mut top = y;
    let size = BLOCK_FONT * u;
    for (k, (label, value)) in block_rows(texts).into_iter().enumerate() {
        let lines = row_lines(canvas, value, w, u);
        let row_h = row_height(lines.len(), u);
        if k > 0 {
            canvas.line([x, top], [x + w, top], 0.5, DARK);
        }
        let label_size = fit_size(canvas, label, size, (LABEL_W - 4.0) * u);
        let label_w = canvas.text_width(label, label_size);
        canvas.text(
            [x + (LABEL_W * u - label_w) / 2.0, top + row_h / 2.0 + label_size * 0.36],
            label_size,
            label,
            DARK,
        );
        let first = top + (row_h - BLOCK_LINE * u * lines.len() as f32) / 2.0 + BLOCK_LINE * u * 0.72;
        for (n, line) in lines.iter().enumerate() {
            canvas.text(
                [x + (LABEL_W + 4.0) * u, first + BLOCK_LINE * u * n as f32],
                size,
                line,
                DARK,
            );
        }
        top += row_h;
    }
}

/// A north arrow with its tip at `[x, y]`: a split arrowhead and 北 under it.
fn draw_north_arrow(canvas: &mut Canvas, [x, y]: [f32; 2], label: &str, u: f32) {
    let tip = [x, y];
    let left = [x - 8.0 * u, y + 26.0 * u];
    let right = [x + 8.0 * u, y + 26.0 * u];
    let notch = [x, y + 19.0 * u];
    canvas.polygon(&[tip, notch, left], Some(DARK), Some((0.5, DARK)));
    canvas.polygon(&[tip, right, notch], Some(WHITE), Some((0.5, DARK)));
    let size = 9.0 * u;
    let w = canvas.text_width(label, size);
    canvas.text([x - w / 2.0, y + 38.0 * u], size, label, DARK);
}

/// The largest 1-2-5 × 10^k length not above `max` (at least 1).
fn round_length(max: f64) -> f64 {
    let max = if max.is_finite() { max.max(1.0) } else { 1.0 };
    let magnitude = 10f64.powf(max.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|f| f * magnitude)
        .find(|&l| l <= max)
        .unwrap_or(magnitude)
}

/// `12.5` / `10` (no trailing zeros).
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The ground length a scale bar of at most `max_pt` points shows at 1:`denominator`, in
/// metres, and its length in points.
pub fn scale_bar_length(denominator: u32, max_pt: f32) -> (f64, f32) {
    let metres_per_pt = f64::from(denominator) * MM_PER_PT / 1000.0;
    let metres = round_length(f64::from(max_pt) * metres_per_pt);
    (metres, (metres / metres_per_pt) as f32)
}

/// The scale bar at `[x, y]` at most `max_w` points long: four black and white
/// segments, their lengths in km (or m), and 比例尺 1:N under it.
fn draw_scale_bar(canvas: &mut Canvas, [x, y, max_w]: [f32; 3], denominator: u32, lang: Lang, u: f32) {
    let (metres, length) = scale_bar_length(denominator, max_w.max(20.0) * 0.9);
    let height = 4.0 * u;
    let bar_y = y + 10.0 * u;
    let segment = length / 4.0;
    for k in 0..4 {
        let fill = if k % 2 == 0 { DARK } else { WHITE };
        canvas.rect(
            [x + segment * k as f32, bar_y, segment, height],
            Some(fill),
            Some((0.5, DARK)),
        );
    }
    let (unit, divisor) = if metres >= 1000.0 { ("km", 1000.0) } else { ("m", 1.0) };
    let size = 6.5 * u;
    for (at, value) in [(0.0, 0.0), (0.5, metres / 2.0), (1.0, metres)] {
        let mut label = number(value / divisor);
        if at == 1.0 {
            label = format!("{label} {unit}");
        }
        let w = canvas.text_width(&label, size);
        let left = if at == 1.0 {
            x + length - w / 2.0 + canvas.text_width(&format!(" {unit}"), size) / 2.0
        } else {
            x + length * at - w / 2.0
        };
        canvas.text([left, bar_y - 2.5 * u], size, &label, DARK);
    }
    let text = format!("{} {}", tr(lang, Key::Print(PrintKey::Scale)), scale_text(denominator));
    canvas.text([x, bar_y + height + 14.0 * u], 9.0 * u, &text, DARK);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_bar_shows_a_round_length_at_the_paper_scale() {
        // At 1:250 000 a 40 mm bar is 10 km; 113 pt (≈ 40 mm) of room gives exactly that.
        let (metres, length) = scale_bar_length(250_000, 115.0);
        assert_eq!(metres, 10_000.0);
        assert!((length * MM_PER_PT as f32 - 40.0).abs() < 0.01, "{length}");
    }

    #[test]
    fn the_map_panel_and_foot_do_not_overlap_and_stay_on_the_page() {
        for paper in Paper::ALL {
            for orientation in Orientation::ALL {
                let g = SheetGeometry::new(paper, orientation);
                let inside = |[x, y, w, h]: Frame| {
                    x >= 0.0 && y >= 0.0 && x + w <= g.page[0] + 0.01 && y + h <= g.page[1] + 0.01 && w > 50.0
                };
                let apart = |a: Frame, b: Frame| {
                    a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1] || b[1] + b[3] <= a[1]
                };
                for f in [g.title, g.map, g.foot, g.panel] {
                    assert!(inside(f), "{paper:?} {orientation:?}: {f:?}");
                }
                assert!(apart(g.map, g.panel) && apart(g.foot, g.panel) && apart(g.title, g.map));
                assert!(g.map[3] > 300.0, "{paper:?} {orientation:?}: the map is {:?}", g.map);
            }
        }
    }
}
