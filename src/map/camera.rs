//! Animated camera moves between map views (presenter mode, issue 6): short, smooth and
//! skippable. A [`Flight`] interpolates in web-Mercator space, so the map slides at an
//! even pace on screen, eases in and out, and zooms out a little on the way when the two
//! views are far apart (so the audience sees where the map goes). Pure arithmetic: the
//! app asks [`Flight::at`] for the view of each frame.

use super::lod::{lon_lat_from_mercator, mercator_from_lon_lat};

/// A map view: centre `[lon, lat]` (WGS-84, or the display datum — a flight does not care)
/// and web-map zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CameraView {
    pub lon_lat: [f64; 2],
    pub zoom: f64,
}

/// The longest a flight takes, in seconds.
pub const MAX_FLIGHT_S: f64 = 1.2;
/// The shortest (a move within the screen).
pub const MIN_FLIGHT_S: f64 = 0.4;
/// How many zoom levels a long flight dips out at most.
pub const MAX_DIP_ZOOMS: f64 = 1.5;

/// One camera move from `from` to `to`, started at `start_s` (seconds on any clock).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flight {
    pub from: CameraView,
    pub to: CameraView,
    pub start_s: f64,
    pub duration_s: f64,
    /// Zoom levels the flight dips out at its middle.
    dip: f64,
}

/// Smoothstep ease-in-out on 0…1.
fn ease(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

impl Flight {
    /// A flight whose duration and dip grow with the distance, measured in screens (the
    /// distance in Mercator units at the lower zoom, over a 1000-point screen).
    pub fn new(from: CameraView, to: CameraView, start_s: f64) -> Flight {
        let a = mercator_from_lon_lat(from.lon_lat);
        let b = mercator_from_lon_lat(to.lon_lat);
        let world_points = 256.0 * 2f64.powf(from.zoom.min(to.zoom));
        let screens = ((b[0] - a[0]).hypot(b[1] - a[1]) * world_points / 1000.0).max(0.0);
        let screens = if screens.is_finite() { screens } else { 0.0 };
        let zooms = (to.zoom - from.zoom).abs();
        let duration_s = (MIN_FLIGHT_S + 0.25 * screens + 0.1 * zooms).min(MAX_FLIGHT_S);
        let dip = if screens > 1.0 {
            (screens.log2() * 0.75).clamp(0.0, MAX_DIP_ZOOMS)
        } else {
            0.0
        };
        Flight {
            from,
            to,
            start_s,
            duration_s,
            dip,
        }
    }

    /// The view at time `now_s` and whether the flight is over (then the view is `to`
    /// exactly).
    pub fn at(&self, now_s: f64) -> (CameraView, bool) {
        let t = if self.duration_s > 0.0 {
            (now_s - self.start_s) / self.duration_s
        } else {
            1.0
        };
        if t.is_nan() || t >= 1.0 {
            return (self.to, true);
        }
        let t = t.max(0.0);
        let e = ease(t);
        let a = mercator_from_lon_lat(self.from.lon_lat);
        let b = mercator_from_lon_lat(self.to.lon_lat);
        let m = [a[0] + (b[0] - a[0]) * e, a[1] + (b[1] - a[1]) * e];
        let zoom = self.from.zoom + (self.to.zoom - self.from.zoom) * e - self.dip * (std::f64::consts::PI * t).sin();
        (
            CameraView {
                lon_lat: lon_lat_from_mercator(m),
                zoom,
            },
            false,
        )
    }
}

/// `view` kept where the context land covers the map
/// ([`crate::basemap::CONTEXT_BOX_LON_LAT`]): zoomed in to at least
/// [`crate::basemap::CONTEXT_MIN_ZOOM`], its centre moved into
/// [`crate::basemap::CONTEXT_CENTRE_BOX_LON_LAT`]. A view already there is returned as it is.
pub fn bounded(view: CameraView) -> CameraView {
    let (w, s, e, n) = crate::basemap::CONTEXT_CENTRE_BOX_LON_LAT;
    let [lon, lat] = view.lon_lat;
    // NaN stays NaN through clamp; such a view is left to walkers, which refuses it.
    CameraView {
        lon_lat: [lon.clamp(w, e), lat.clamp(s, n)],
        zoom: view.zoom.max(crate::basemap::CONTEXT_MIN_ZOOM),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_beyond_the_context_land_is_brought_back_and_one_inside_is_kept() {
        let far = CameraView {
            lon_lat: [100.0, 50.0],
            zoom: 3.0,
        };
        let b = bounded(far);
        assert_eq!(b.lon_lat, [118.0, 42.0]);
        assert_eq!(b.zoom, crate::basemap::CONTEXT_MIN_ZOOM);
        assert_eq!(bounded(CITY), CITY);
        let wide = CameraView {
            lon_lat: [122.2, 39.4],
            zoom: 7.0,
        };
        assert_eq!(bounded(wide), wide);
    }

    const CITY: CameraView = CameraView {
        lon_lat: [121.62, 38.92],
        zoom: 12.0,
    };
    const ZHUANGHE: CameraView = CameraView {
        lon_lat: [122.97, 39.68],
        zoom: 11.0,
    };

    #[test]
    fn a_flight_starts_where_it_was_and_ends_exactly_where_it_goes() {
        let f = Flight::new(CITY, ZHUANGHE, 10.0);
        let (v, done) = f.at(10.0);
        assert!(!done);
        assert!((v.lon_lat[0] - CITY.lon_lat[0]).abs() < 1e-9 && (v.zoom - CITY.zoom).abs() < 1e-9);
        let (v, done) = f.at(10.0 + f.duration_s);
        assert!(done);
        assert_eq!(v, ZHUANGHE);
        assert_eq!(f.at(1e9), (ZHUANGHE, true));
    }

    #[test]
    fn flights_are_short_and_a_long_one_dips_out_to_show_where_it_goes() {
        let long = Flight::new(CITY, ZHUANGHE, 0.0);
        assert!(long.duration_s <= MAX_FLIGHT_S && long.duration_s >= MIN_FLIGHT_S);
        let (mid, _) = long.at(long.duration_s / 2.0);
        assert!(mid.zoom < 11.0, "{mid:?}");
        let near = CameraView {
            lon_lat: [121.63, 38.92],
            zoom: 12.0,
        };
        let short = Flight::new(CITY, near, 0.0);
        assert!(short.duration_s < long.duration_s);
        let (mid, _) = short.at(short.duration_s / 2.0);
        assert!((mid.zoom - 12.0).abs() < 1e-9, "no dip within the screen");
    }

    #[test]
    fn the_camera_moves_steadily_towards_the_target() {
        let f = Flight::new(CITY, ZHUANGHE, 0.0);
        let mut last = f.at(0.0).0.lon_lat[0];
        for k in 1..=20 {
            let (v, _) = f.at(f.duration_s * f64::from(k) / 20.0);
            assert!(v.lon_lat[0] >= last - 1e-12);
            last = v.lon_lat[0];
        }
    }

    #[test]
    fn a_flight_to_the_same_view_is_immediately_there() {
        let f = Flight::new(CITY, CITY, 0.0);
        let (v, _) = f.at(f.duration_s * 0.5);
        assert!((v.zoom - CITY.zoom).abs() < 1e-9);
        assert!((v.lon_lat[1] - CITY.lon_lat[1]).abs() < 1e-9);
    }
}
