//! Where the map looks and how a box is framed: the one view type ([`MapView`]), the one
//! box shape ([`LonLatBox`]) and the web-Mercator arithmetic between them, shared by the
//! window, scenes, the starter deck and the off-screen renderer.

use serde::{Deserialize, Serialize};

/// Where the map looks.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// WGS-84 longitude of the centre.
    pub lon: f64,
    /// WGS-84 latitude of the centre.
    pub lat: f64,
    /// Web-map zoom level.
    pub zoom: f64,
}

/// `(west, south, east, north)` in WGS-84 degrees.
pub type LonLatBox = (f64, f64, f64, f64);

/// The highest zoom a view may have (beyond any tile source's).
pub const MAX_SCENE_ZOOM: f64 = 26.0;
/// The web map's latitude limit.
pub(crate) const MAX_LAT: f64 = 85.051_128_78;

/// The view that shows the box `(west, south, east, north)` (WGS-84 degrees) whole in a map
/// of `width_px` × `height_px` logical pixels, with an 8 % margin: the centre is the box's
/// middle on the web map (Mercator), the zoom the largest at which the box fits, between 5
/// and 17 (a single point gets 17). A map smaller than 1 pixel gets zoom 9. The same
/// arithmetic as the map's own framing (`map::zoom_to_fit`).
pub fn fit_view(bbox: LonLatBox, width_px: f64, height_px: f64) -> MapView {
    let mut view = fit_view_filling(bbox, width_px, height_px, 0.92);
    view.zoom = view.zoom.clamp(5.0, 17.0);
    view
}

/// The view in which the box fills `fill` (0…1] of the map's tighter side, at any zoom
/// a scene may have (0…[`MAX_SCENE_ZOOM`]; a point gets the highest); zoom 9 for a map
/// smaller than a pixel. The inverse of [`extent_of_view`] for `fill` 1.
pub fn fit_view_filling(bbox: LonLatBox, width_px: f64, height_px: f64, fill: f64) -> MapView {
    let (w, s, e, n) = bbox;
    let (w, e) = (w.min(e), w.max(e));
    let (s, n) = (s.min(n).clamp(-MAX_LAT, MAX_LAT), s.max(n).clamp(-MAX_LAT, MAX_LAT));
    let merc_y = |lat: f64| (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln();
    let lat_of = |y: f64| (2.0 * y.exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    let centre_lat = lat_of((merc_y(s) + merc_y(n)) / 2.0);
    let centre_lon = (w + e) / 2.0;
    // World width at zoom z is 256·2^z pixels; x spans (e−w)/360 of it, y spans Δmerc/(2π).
    let frac_x = (e - w) / 360.0;
    let frac_y = (merc_y(n) - merc_y(s)) / (2.0 * std::f64::consts::PI);
    let (width, height) = (width_px * fill, height_px * fill);
    let zoom = if !(width > 1.0 && height > 1.0) {
        9.0
    } else {
        let zx = if frac_x > 0.0 {
            (width / (256.0 * frac_x)).log2()
        } else {
            MAX_SCENE_ZOOM
        };
        let zy = if frac_y > 0.0 {
            (height / (256.0 * frac_y)).log2()
        } else {
            MAX_SCENE_ZOOM
        };
        zx.min(zy).clamp(0.0, MAX_SCENE_ZOOM)
    };
    MapView {
        lon: centre_lon,
        lat: centre_lat,
        zoom,
    }
}

/// The box a view shows in a map of `width_px` × `height_px` logical pixels (the inverse
/// of [`fit_view_filling`] with `fill` 1 along the tighter side). Not clipped: at a low
/// zoom it may reach beyond ±180° (see [`Scene::check`] for what a scene keeps).
pub fn extent_of_view(view: MapView, width_px: f64, height_px: f64) -> LonLatBox {
    let merc_y = |lat: f64| (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln();
    let lat_of = |y: f64| (2.0 * y.exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    let world = 256.0 * 2f64.powf(view.zoom);
    let half_lon = width_px / world * 180.0;
    let half_merc = height_px / world * std::f64::consts::PI;
    let y = merc_y(view.lat.clamp(-MAX_LAT, MAX_LAT));
    (
        view.lon - half_lon,
        lat_of(y - half_merc),
        view.lon + half_lon,
        lat_of(y + half_merc),
    )
}

/// The smallest box holding both.
pub(crate) fn union(a: LonLatBox, b: LonLatBox) -> LonLatBox {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

/// Where two boxes overlap; `None` when they do not.
pub fn intersection(a: LonLatBox, b: LonLatBox) -> Option<LonLatBox> {
    let r = (a.0.max(b.0), a.1.max(b.1), a.2.min(b.2), a.3.min(b.3));
    (r.0 <= r.2 && r.1 <= r.3).then_some(r)
}

/// The share of its span a framed area gets as margin on each side.
pub const AREA_MARGIN: f64 = 0.06;

/// The box of `lon_lat` positions; `None` for none (or none finite).
pub fn box_of(lon_lat: &[[f64; 2]]) -> Option<LonLatBox> {
    lon_lat
        .iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .map(|p| (p[0], p[1], p[0], p[1]))
        .reduce(union)
}

/// `b` with [`AREA_MARGIN`] of its span on each side (a point stays a point).
pub fn with_margin((w, s, e, n): LonLatBox) -> LonLatBox {
    let (mx, my) = ((e - w) * AREA_MARGIN, (n - s) * AREA_MARGIN);
    (w - mx, s - my, e + mx, n + my)
}

/// What a scene is about, as a box to frame on any output (issue 16, item 2), given the
/// `view` it was made from:
///
/// - the `subject` (the highlighted or selected features' box) when there is one, grown
///   to at least half the view's span in each direction about its centre — so a single
///   point keeps about the zoom the planner chose — and kept within the view;
/// - else the `land` within the view (its box), so a tall, narrow panel's sea does not
///   make a wide projector or image show the area small;
/// - else the view.
///
/// Then [`AREA_MARGIN`] of its span on each side, within the view.
pub fn area_of_interest(view: LonLatBox, subject: Option<LonLatBox>, land: Option<LonLatBox>) -> LonLatBox {
    let (vw, vh) = (view.2 - view.0, view.3 - view.1);
    let core = match subject {
        Some((w, s, e, n)) => {
            let (cx, cy) = ((w + e) / 2.0, (s + n) / 2.0);
            let (hw, hh) = ((e - w).max(vw / 2.0) / 2.0, (n - s).max(vh / 2.0) / 2.0);
            intersection((cx - hw, cy - hh, cx + hw, cy + hh), view)
        }
        None => land.and_then(|l| intersection(l, view)),
    };
    let Some(core) = core else {
        return view;
    };
    intersection(with_margin(core), view).unwrap_or(view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::DATA_BOX_LON_LAT;

    #[test]
    fn fitting_a_box_centres_it_and_picks_the_zoom_at_which_it_fills_the_map() {
        let v = fit_view(DATA_BOX_LON_LAT, 700.0, 900.0);
        assert!((v.lon - 122.2).abs() < 1e-9);
        // The Mercator middle of 38.6…40.2 is a little north of the arithmetic one.
        assert!(v.lat > 39.4 && v.lat < 39.41, "{}", v.lat);
        // 2.8° of longitude in 644 px: log2(644 / (256 · 2.8/360)) ≈ 8.34.
        assert!(
            (v.zoom - (644.0_f64 / (256.0 * 2.8 / 360.0)).log2()).abs() < 1e-9,
            "{}",
            v.zoom
        );
        let bigger = fit_view(DATA_BOX_LON_LAT, 1400.0, 1800.0);
        assert!(
            (bigger.zoom - v.zoom - 1.0).abs() < 1e-9,
            "twice the size, one zoom level closer"
        );
    }

    #[test]
    fn a_point_gets_zoom_17_a_world_zoom_5_and_an_empty_map_zoom_9() {
        assert_eq!(fit_view((121.6, 38.9, 121.6, 38.9), 700.0, 900.0).zoom, 17.0);
        assert_eq!(fit_view((-180.0, -80.0, 180.0, 80.0), 700.0, 900.0).zoom, 5.0);
        assert_eq!(fit_view((121.0, 38.0, 122.0, 39.0), 0.0, 900.0).zoom, 9.0);
        let swapped = fit_view((122.0, 39.0, 121.0, 38.0), 700.0, 900.0);
        assert_eq!(swapped, fit_view((121.0, 38.0, 122.0, 39.0), 700.0, 900.0));
    }

    #[test]
    fn a_scene_is_about_its_subject_or_the_land_in_view_not_the_panel_shape() {
        // A tall, narrow panel over Dalian: far more sea than land.
        let view = (120.9, 38.0, 123.5, 40.6);
        let land = (121.0, 38.7, 123.4, 40.1);
        let aoi = area_of_interest(view, None, Some(land));
        assert!(
            aoi.1 > 38.6 && aoi.3 < 40.2,
            "the sea above and below is left out: {aoi:?}"
        );
        assert!(aoi.0 >= view.0 && aoi.2 <= view.2);
        // A highlighted point keeps about the zoom the planner chose, centred on it.
        let point = (121.53, 38.88, 121.53, 38.88);
        let near = (121.4, 38.8, 121.7, 39.0);
        let aoi = area_of_interest(near, Some(point), Some(land));
        let (cx, cy) = ((aoi.0 + aoi.2) / 2.0, (aoi.1 + aoi.3) / 2.0);
        assert!(
            (aoi.2 - aoi.0) >= 0.15 && (cx - 121.53).abs() < 0.03 && (cy - 38.88).abs() < 0.03,
            "{aoi:?}"
        );
        // No land and no subject: the view itself.
        let sea = (124.0, 36.0, 124.5, 36.5);
        assert_eq!(area_of_interest(sea, None, Some(land)), sea);
    }
}
