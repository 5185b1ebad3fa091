//! Anti-aliased strokes a few pixels wide, drawn straight into the worker's pixmap
//! (issue 14).
//!
//! tiny-skia strokes a line by building its outline (with joins at every vertex) and
//! filling that with 16-fold supersampling: at city zoom, with tens of thousands of
//! short lines and outlines on screen, that was most of an image's time. Here each
//! segment is a capsule whose coverage falls off over one pixel at its edge (round caps
//! and joins); the coverages of a polyline's segments are merged by taking the largest
//! per pixel, then blended once, so joints are neither darker nor thicker than the
//! line, whatever its opacity. The cost is about the pixels the stroke touches.

use tiny_skia::{Color, Pixmap};

/// Strokes of this width (pixels) or thinner, and at least 1 px wide, are drawn here;
/// others by tiny-skia (which draws a thinner one as a fainter hairline).
pub const THIN_MAX_PX: f32 = 4.0;

/// Polylines in pixels: `parts` gives each one's range in `points` and whether it is
/// closed (its last position joined to its first).
#[derive(Default)]
pub struct Polylines {
    pub points: Vec<[f32; 2]>,
    pub parts: Vec<(std::ops::Range<usize>, bool)>,
}

impl Polylines {
    pub fn clear(&mut self) {
        self.points.clear();
        self.parts.clear();
    }

    /// The box around every position, `(min, max)`; `None` without positions (NaN
    /// positions are passed over).
    pub fn bounds(&self) -> Option<([f32; 2], [f32; 2])> {
        let first = self.points.first()?;
        let (mut lo, mut hi) = (*first, *first);
        for p in &self.points {
            lo = [lo[0].min(p[0]), lo[1].min(p[1])];
            hi = [hi[0].max(p[0]), hi[1].max(p[1])];
        }
        Some((lo, hi))
    }

    /// The larger side of [`Polylines::bounds`].
    pub fn extent(&self) -> Option<f32> {
        let (lo, hi) = self.bounds()?;
        Some((hi[0] - lo[0]).max(hi[1] - lo[1]))
    }

    /// Adds one polyline.
    pub fn push(&mut self, points: impl IntoIterator<Item = [f32; 2]>, closed: bool) {
        let start = self.points.len();
        self.points.extend(points);
        self.parts.push((start..self.points.len(), closed));
    }
}

/// Reusable buffers for [`ThinStroker::stroke`]: a coverage mask that is all zero
/// between calls, and the runs of it each segment touched (row, columns) — not one span
/// per row, which for a ring would be its whole inside.
#[derive(Default)]
pub struct ThinStroker {
    mask: Vec<u8>,
    runs: Vec<(u32, u32, u32)>,
}

/// A pixel box `x0..x1`, `y0..y1` (end exclusive).
#[derive(Clone, Copy)]
struct PixelBox {
    x0: i64,
    y0: i64,
    x1: i64,
    y1: i64,
}

impl ThinStroker {
    /// Strokes `lines` `width_px` wide in `colour`, blended over `pixmap`
    /// (premultiplied RGBA, as tiny-skia keeps it).
    pub fn stroke(&mut self, pixmap: &mut Pixmap, lines: &Polylines, width_px: f32, colour: Color) {
        let Polylines { points, parts } = lines;
        let radius = width_px.max(0.0) / 2.0 + 0.5;
        let Some(area) = bounds(lines, radius, pixmap) else {
            return;
        };
        let (w, h) = ((area.x1 - area.x0) as usize, (area.y1 - area.y0) as usize);
        if self.mask.len() < w * h {
            self.mask.resize(w * h, 0);
        }
        self.runs.clear();
        for (range, closed) in parts {
            let Some(line) = points.get(range.clone()) else {
                continue;
            };
            for pair in line.windows(2) {
                self.segment(pair[0], pair[1], radius, area, w);
            }
            if *closed && line.len() > 2 {
                self.segment(line[line.len() - 1], line[0], radius, area, w);
            }
            if line.len() == 1 {
                self.segment(line[0], line[0], radius, area, w);
            }
        }
        self.blend(pixmap, area, w, colour);
    }

    /// Raises the mask to the coverage of the capsule around `a`–`b`.
    fn segment(&mut self, a: [f32; 2], b: [f32; 2], radius: f32, area: PixelBox, w: usize) {
        if !a.iter().chain(&b).all(|v| v.is_finite()) {
            return;
        }
        // Only the part near the area matters: clipped in f64 first, a segment whose
        // ends are millions of pixels away keeps its place to the pixel, and its rows
        // outside the area are not walked. The cap at a cut end lies a pixel outside.
        let margin = f64::from(radius) + 1.0;
        let lo = [area.x0 as f64 - margin, area.y0 as f64 - margin];
        let hi = [area.x1 as f64 + margin, area.y1 as f64 + margin];
        let Some((a, b)) = clipped(a, b, lo, hi) else { return };
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let length_squared = dx * dx + dy * dy;
        let length = length_squared.sqrt();
        // A point segment's only point is `a` (t = 0).
        let inverse = if length_squared > 0.0 {
            1.0 / length_squared
        } else {
            0.0
        };
        let radius_squared = radius * radius;
        let y0 = floor_i64(a[1].min(b[1]) - radius).max(area.y0);
        let y1 = ceil_i64(a[1].max(b[1]) + radius).min(area.y1);
        let x_lo = a[0].min(b[0]) - radius;
        let x_hi = a[0].max(b[0]) + radius;
        for y in y0..y1 {
            let py = y as f32 + 0.5;
            // The pixel centres of this row within `radius` of the segment's line (a
            // hundredth of a pixel to spare for rounding); the caps are within the
            // segment's box, which bounds a row along the segment's direction.
            let (from, to) = if dy.abs() > 1e-6 {
                let t = (py - a[1]) / dy;
                let x = a[0] + t * dx;
                let reach = radius * length / dy.abs() + 0.01;
                ((x - reach).max(x_lo), (x + reach).min(x_hi))
            } else {
                (x_lo, x_hi)
            };
            // Pixel x has its centre at x + 0.5.
            let x0 = ceil_i64(from - 0.5).max(area.x0);
            let x1 = floor_i64(to - 0.5).saturating_add(1).min(area.x1);
            if x0 >= x1 {
                continue;
            }
            let row = (y - area.y0) as usize;
            let mut touched = false;
            for x in x0..x1 {
                let p = [x as f32 + 0.5, py];
                let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) * inverse).clamp(0.0, 1.0);
                let (ex, ey) = (p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
                let distance_squared = ex * ex + ey * ey;
                if distance_squared >= radius_squared {
                    continue;
                }
                let coverage = radius - distance_squared.sqrt();
                let value = (coverage.min(1.0) * 255.0 + 0.5) as u8;
                let cell = &mut self.mask[row * w + (x - area.x0) as usize];
                *cell = (*cell).max(value);
                touched = true;
            }
            if touched {
                self.runs
                    .push((row as u32, (x0 - area.x0) as u32, (x1 - area.x0) as u32));
            }
        }
    }

    /// Blends `colour` over `pixmap` by the mask, and clears the mask.
    fn blend(&mut self, pixmap: &mut Pixmap, area: PixelBox, w: usize, colour: Color) {
        let src = Premultiplied::of(colour);
        let stride = pixmap.width() as usize;
        let data = pixmap.data_mut();
        // A cell several runs share is blended by the first and then cleared.
        for &(row, from, to) in &self.runs {
            let (row, from, to) = (row as usize, from as usize, to as usize);
            let y = area.y0 as usize + row;
            for x in from..to {
                let cell = &mut self.mask[row * w + x];
                if *cell == 0 {
                    continue;
                }
                let coverage = f32::from(*cell) / 255.0;
                *cell = 0;
                let at = 4 * (y * stride + area.x0 as usize + x);
                if let Some(pixel) = data.get_mut(at..at + 4) {
                    src.over(pixel, coverage);
                }
            }
        }
    }
}

/// `x.floor() as i64` (saturating, NaN as 0), without a call to libm's `floorf`: the
/// target may lack SSE4.1's rounding instruction, and segments round twice per row.
fn floor_i64(x: f32) -> i64 {
    let t = x as i64;
    if (t as f32) > x { t.saturating_sub(1) } else { t }
}

/// `x.ceil() as i64` (saturating, NaN as 0), as [`floor_i64`].
fn ceil_i64(x: f32) -> i64 {
    let t = x as i64;
    if (t as f32) < x { t.saturating_add(1) } else { t }
}

/// A colour premultiplied by its alpha, in 0..255 per channel, to blend over pixels.
#[derive(Clone, Copy)]
pub struct Premultiplied {
    rgba: [f32; 4],
    alpha: f32,
}

impl Premultiplied {
    pub fn of(colour: Color) -> Premultiplied {
        let c = colour.premultiply();
        Premultiplied {
            rgba: [c.red(), c.green(), c.blue(), c.alpha()].map(|v| v * 255.0),
            alpha: c.alpha(),
        }
    }

    /// Blends this colour at `coverage` (0..1) over one premultiplied RGBA `pixel`.
    pub fn over(&self, pixel: &mut [u8], coverage: f32) {
        let keep = 1.0 - self.alpha * coverage;
        for (d, s) in pixel.iter_mut().zip(self.rgba) {
            *d = (s * coverage + f32::from(*d) * keep + 0.5).min(255.0) as u8;
        }
    }
}

/// The part of the segment `a`–`b` inside the box `lo`–`hi` (Liang–Barsky, in f64);
/// `None` when it misses the box.
fn clipped(a: [f32; 2], b: [f32; 2], lo: [f64; 2], hi: [f64; 2]) -> Option<([f32; 2], [f32; 2])> {
    let (ax, ay) = (f64::from(a[0]), f64::from(a[1]));
    let (dx, dy) = (f64::from(b[0]) - ax, f64::from(b[1]) - ay);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, ax - lo[0]), (dx, hi[0] - ax), (-dy, ay - lo[1]), (dy, hi[1] - ay)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
            continue;
        }
        let r = q / p;
        if p < 0.0 {
            t0 = t0.max(r);
        } else {
            t1 = t1.min(r);
        }
        if t0 > t1 {
            return None;
        }
    }
    let at = |t: f64| [(ax + t * dx) as f32, (ay + t * dy) as f32];
    Some((at(t0), at(t1)))
}

/// The pixels within `radius` of `lines`, within the pixmap; `None` when none are.
fn bounds(lines: &Polylines, radius: f32, pixmap: &Pixmap) -> Option<PixelBox> {
    let ([x0, y0], [x1, y1]) = lines.bounds()?;
    if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
        return None;
    }
    let area = PixelBox {
        x0: ((x0 - radius).floor() as i64).max(0),
        y0: ((y0 - radius).floor() as i64).max(0),
        x1: ((x1 + radius).ceil() as i64).min(i64::from(pixmap.width())),
        y1: ((y1 + radius).ceil() as i64).min(i64::from(pixmap.height())),
    };
    (area.x0 < area.x1 && area.y0 < area.y1).then_some(area)
}

#[cfg(test)]
#[path = "thin_stroke_tests.rs"]
mod tests;
