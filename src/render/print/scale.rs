//! Paper sizes and map scales of a print layout: the page in PDF points, the numeric
//! scale 1:N and the web-Mercator zoom that draws the map at that scale.
//!
//! # The arithmetic
//!
//! The map raster is drawn by the window's own map code, whose zoom counts walkers'
//! 256-point tiles: at zoom `z` the world is `256 · 2^z` map points wide, so one map point
//! covers `C · cos φ / (256 · 2^z)` metres of ground at latitude `φ` (`C` the equator's
//! length; web-Mercator stretches a ground distance by `1 / cos φ`). A print puts
//! `p` map points on each paper millimetre ([`map_points_per_mm`]), so one paper
//! millimetre shows `p · C · cos φ / (256 · 2^z)` metres; at 1:N it must show `N / 1000`
//! metres. [`zoom_for_scale`] solves this for `z` at the map centre's latitude (the scale
//! holds exactly there and drifts by the Mercator factor north and south of it, by under
//! 1 % across Dalian's 1.6° of latitude).

/// The equator's length in metres (WGS-84), as walkers uses it.
pub const EARTH_CIRCUMFERENCE_M: f64 = 40_075_016.686;

/// Millimetres in a PDF point (1/72 inch).
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// A paper size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    A3,
}

/// Which side of the paper is up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    #[default]
    Landscape,
}

impl Paper {
    /// Both sizes.
    pub const ALL: [Paper; 2] = [Paper::A4, Paper::A3];

    /// `[width, height]` in PDF points, upright (ISO 216: 210 × 297 mm and 297 × 420 mm).
    pub fn portrait_pt(self) -> [f64; 2] {
        match self {
            Paper::A4 => [595.28, 841.89],
            Paper::A3 => [841.89, 1190.55],
        }
    }

    /// “A4” / “A3”.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
        }
    }

    /// `a4` or `a3` (any case).
    pub fn parse(text: &str) -> Option<Paper> {
        Paper::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(text.trim()))
    }
}

impl Orientation {
    /// Both orientations.
    pub const ALL: [Orientation; 2] = [Orientation::Landscape, Orientation::Portrait];

    /// `portrait` or `landscape`.
    pub fn parse(text: &str) -> Option<Orientation> {
        match text.trim().to_ascii_lowercase().as_str() {
            "portrait" => Some(Orientation::Portrait),
            "landscape" => Some(Orientation::Landscape),
            _ => None,
        }
    }
}

/// The page's `[width, height]` in PDF points.
pub fn page_size_pt(paper: Paper, orientation: Orientation) -> [f64; 2] {
    let [w, h] = paper.portrait_pt();
    match orientation {
        Orientation::Portrait => [w, h],
        Orientation::Landscape => [h, w],
    }
}

/// Map points on a paper millimetre when `map_points_per_pt` map points go on each PDF
/// point.
pub fn map_points_per_mm(map_points_per_pt: f64) -> f64 {
    map_points_per_pt / MM_PER_PT
}

/// Ground metres one map point covers at `zoom` and latitude `lat` (degrees).
pub fn ground_m_per_map_point(zoom: f64, lat: f64) -> f64 {
    EARTH_CIRCUMFERENCE_M * lat.to_radians().cos() / (256.0 * 2f64.powf(zoom))
}

/// The zoom at which a map with `points_per_mm` map points on each paper millimetre is at
/// 1:`denominator` at latitude `lat` (see the module doc).
pub fn zoom_for_scale(denominator: f64, lat: f64, points_per_mm: f64) -> f64 {
    (EARTH_CIRCUMFERENCE_M * lat.to_radians().cos() * points_per_mm * 1000.0 / (256.0 * denominator)).log2()
}

/// The scale denominator of a map at `zoom` (the inverse of [`zoom_for_scale`]).
pub fn scale_for_zoom(zoom: f64, lat: f64, points_per_mm: f64) -> f64 {
    ground_m_per_map_point(zoom, lat) * points_per_mm * 1000.0
}

/// Round scales: these times a power of ten (steps of at most a seventh).
const ROUND_STEPS: [f64; 21] = [
    1.0, 1.1, 1.2, 1.25, 1.4, 1.5, 1.6, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 7.0, 7.5, 8.5,
];

/// The smallest round scale denominator not below `at_least`: one of [`ROUND_STEPS`]
/// times a power of ten (1:10 000, 1:250 000, 1:1 100 000 …); at least 1000.
pub fn round_scale(at_least: f64) -> u32 {
    let at_least = if at_least.is_finite() {
        at_least.max(1000.0)
    } else {
        1000.0
    };
    let mut magnitude = 10f64.powf(at_least.log10().floor());
    loop {
        for m in ROUND_STEPS {
            let n = m * magnitude;
            if n >= at_least * (1.0 - 1e-9) {
                return n.min(f64::from(u32::MAX)) as u32;
            }
        }
        magnitude *= 10.0;
    }
}

/// `1:250 000`: the denominator with a space between thousands (as Chinese maps print it).
pub fn scale_text(denominator: u32) -> String {
    let digits = denominator.to_string();
    let mut out = String::from("1:");
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Web-Mercator map points of `[lon, lat]` at `zoom` (the projection's own formula,
    /// independent of the scale factor used above).
    fn mercator_points([lon, lat]: [f64; 2], zoom: f64) -> [f64; 2] {
        let world = 256.0 * 2f64.powf(zoom);
        let y = lat.to_radians().tan().asinh();
        [
            (lon + 180.0) / 360.0 * world,
            (1.0 - y / std::f64::consts::PI) / 2.0 * world,
        ]
    }

    #[test]
    fn ten_kilometres_of_ground_are_forty_millimetres_of_paper_at_one_to_250_000() {
        // Ground distances on the sphere walkers uses (radius C / 2π).
        let radius = EARTH_CIRCUMFERENCE_M / (2.0 * std::f64::consts::PI);
        let points_per_mm = map_points_per_mm(1.6);
        for lat in [38.8, 39.4, 40.0] {
            let zoom = zoom_for_scale(250_000.0, lat, points_per_mm);
            let east = (10_000.0 / (radius * lat.to_radians().cos())).to_degrees();
            let north = (10_000.0 / radius).to_degrees();
            let a = mercator_points([122.0, lat], zoom);
            let b = mercator_points([122.0 + east, lat], zoom);
            let c = mercator_points([122.0, lat - north / 2.0], zoom);
            let d = mercator_points([122.0, lat + north / 2.0], zoom);
            let across_mm = (b[0] - a[0]) / points_per_mm;
            let up_mm = (c[1] - d[1]) / points_per_mm;
            assert!((across_mm - 40.0).abs() < 0.4, "east–west at {lat}°: {across_mm} mm");
            assert!((up_mm - 40.0).abs() < 0.4, "north–south at {lat}°: {up_mm} mm");
            assert!((scale_for_zoom(zoom, lat, points_per_mm) - 250_000.0).abs() < 1.0);
        }
    }

    #[test]
    fn scales_round_up_to_the_usual_steps_and_print_with_spaced_thousands() {
        assert_eq!(round_scale(230_000.0), 250_000);
        assert_eq!(round_scale(250_000.0), 250_000);
        assert_eq!(round_scale(251_000.0), 275_000);
        assert_eq!(round_scale(1_020_000.0), 1_100_000);
        assert_eq!(round_scale(900_000.0), 1_000_000);
        assert_eq!(round_scale(12.0), 1000);
        assert_eq!(scale_text(250_000), "1:250 000");
        assert_eq!(scale_text(1_000_000), "1:1 000 000");
        assert_eq!(scale_text(5000), "1:5 000");
    }

    #[test]
    fn pages_have_the_iso_sizes_in_points() {
        assert_eq!(page_size_pt(Paper::A3, Orientation::Landscape), [1190.55, 841.89]);
        assert_eq!(page_size_pt(Paper::A4, Orientation::Portrait), [595.28, 841.89]);
        assert_eq!(Paper::parse("a3"), Some(Paper::A3));
        assert_eq!(Paper::parse("A5"), None);
        assert_eq!(Orientation::parse("Portrait"), Some(Orientation::Portrait));
    }
}
