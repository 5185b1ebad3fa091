//! The map projections behind [`super::Crs`]: transverse Mercator on an ellipsoid (the
//! Gauss–Krüger zones and UTM) and Web Mercator.
//!
//! Transverse Mercator uses Krüger's series in the third flattening `n` to order n⁶, as
//! given by Karney (2011, “Transverse Mercator with an accuracy of a few nanometers”,
//! J. Geodesy 85). Within a few degrees of the central meridian it agrees with PROJ's
//! default `tmerc` (Poder/Engsager, also a sixth-order series) to well under a
//! millimetre; `tests/crs_proj.rs` checks it against `cs2cs` across Dalian's zones.

use std::f64::consts::FRAC_PI_4;

/// Semi-major axis of CGCS2000 and WGS-84, metres.
pub const A_M: f64 = 6_378_137.0;
/// Inverse flattening of the CGCS2000 ellipsoid.
pub const CGCS2000_INV_F: f64 = 298.257_222_101;
/// Inverse flattening of the WGS-84 ellipsoid.
pub const WGS84_INV_F: f64 = 298.257_223_563;

/// A transverse Mercator projection: ellipsoid, central meridian, scale on it and
/// false origin (latitude of origin 0).
#[derive(Clone, Copy, Debug)]
pub struct TransverseMercator {
    pub inv_f: f64,
    pub central_meridian_deg: f64,
    pub scale: f64,
    pub false_easting_m: f64,
    pub false_northing_m: f64,
}

/// The series coefficients of one ellipsoid.
struct Series {
    /// Eccentricity.
    e: f64,
    /// Rectifying radius A = a/(1+n)·(1 + n²/4 + n⁴/64 + n⁶/256).
    rect_radius_m: f64,
    /// α₁…α₆: conformal → rectifying (forward).
    alpha: [f64; 6],
    /// β₁…β₆: rectifying → conformal (inverse).
    beta: [f64; 6],
}

fn series(inv_f: f64) -> Series {
    let f = 1.0 / inv_f;
    let n = f / (2.0 - f);
    let (n2, n3) = (n * n, n * n * n);
    let (n4, n5, n6) = (n3 * n, n3 * n2, n3 * n3);
    Series {
        e: (f * (2.0 - f)).sqrt(),
        rect_radius_m: A_M / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0),
        alpha: [
            n / 2.0 - 2.0 / 3.0 * n2 + 5.0 / 16.0 * n3 + 41.0 / 180.0 * n4 - 127.0 / 288.0 * n5 + 7891.0 / 37800.0 * n6,
            13.0 / 48.0 * n2 - 3.0 / 5.0 * n3 + 557.0 / 1440.0 * n4 + 281.0 / 630.0 * n5
                - 1_983_433.0 / 1_935_360.0 * n6,
            61.0 / 240.0 * n3 - 103.0 / 140.0 * n4 + 15061.0 / 26880.0 * n5 + 167_603.0 / 181_440.0 * n6,
            49561.0 / 161_280.0 * n4 - 179.0 / 168.0 * n5 + 6_601_661.0 / 7_257_600.0 * n6,
            34729.0 / 80640.0 * n5 - 3_418_889.0 / 1_995_840.0 * n6,
            212_378_941.0 / 319_334_400.0 * n6,
        ],
        beta: [
            n / 2.0 - 2.0 / 3.0 * n2 + 37.0 / 96.0 * n3 - 1.0 / 360.0 * n4 - 81.0 / 512.0 * n5
                + 96199.0 / 604_800.0 * n6,
            1.0 / 48.0 * n2 + 1.0 / 15.0 * n3 - 437.0 / 1440.0 * n4 + 46.0 / 105.0 * n5
                - 1_118_711.0 / 3_870_720.0 * n6,
            17.0 / 480.0 * n3 - 37.0 / 840.0 * n4 - 209.0 / 4480.0 * n5 + 5569.0 / 90720.0 * n6,
            4397.0 / 161_280.0 * n4 - 11.0 / 504.0 * n5 - 830_251.0 / 7_257_600.0 * n6,
            4583.0 / 161_280.0 * n5 - 108_847.0 / 3_991_680.0 * n6,
            20_648_693.0 / 638_668_800.0 * n6,
        ],
    }
}

/// tan of the conformal latitude from tan of the geodetic latitude (Karney's τ′(τ)).
fn conformal_tan(tau: f64, e: f64) -> f64 {
    let sigma = (e * (e * tau / (1.0 + tau * tau).sqrt()).atanh()).sinh();
    tau * (1.0 + sigma * sigma).sqrt() - sigma * (1.0 + tau * tau).sqrt()
}

/// The inverse of [`conformal_tan`] by Newton's method (converges in 2–3 steps).
fn geodetic_tan(tau_prime: f64, e: f64) -> f64 {
    let e2m = 1.0 - e * e;
    let mut tau = tau_prime / e2m;
    for _ in 0..8 {
        let tp = conformal_tan(tau, e);
        let d_tau =
            (tau_prime - tp) / (1.0 + tp * tp).sqrt() * (1.0 + e2m * tau * tau) / (e2m * (1.0 + tau * tau).sqrt());
        tau += d_tau;
        if d_tau.abs() <= 1e-14 * tau.abs().max(1.0) {
            break;
        }
    }
    tau
}

impl TransverseMercator {
    /// `[easting, northing]` metres of a `[lon, lat]` in degrees. Meaningful within
    /// some tens of degrees of the central meridian (the caller bounds it).
    pub fn forward(&self, lon_lat: [f64; 2]) -> [f64; 2] {
        let s = series(self.inv_f);
        let lambda = (lon_lat[0] - self.central_meridian_deg).to_radians();
        let tau = lon_lat[1].to_radians().tan();
        let tau_p = conformal_tan(tau, s.e);
        let xi_p = tau_p.atan2(lambda.cos());
        let eta_p = (lambda.sin() / (tau_p * tau_p + lambda.cos() * lambda.cos()).sqrt()).asinh();
        let (mut xi, mut eta) = (xi_p, eta_p);
        for (j, a) in s.alpha.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            xi += a * (k * xi_p).sin() * (k * eta_p).cosh();
            eta += a * (k * xi_p).cos() * (k * eta_p).sinh();
        }
        let k0a = self.scale * s.rect_radius_m;
        [self.false_easting_m + k0a * eta, self.false_northing_m + k0a * xi]
    }

    /// `[lon, lat]` degrees of an `[easting, northing]` in metres.
    pub fn inverse(&self, x_y: [f64; 2]) -> [f64; 2] {
        let s = series(self.inv_f);
        let k0a = self.scale * s.rect_radius_m;
        let xi = (x_y[1] - self.false_northing_m) / k0a;
        let eta = (x_y[0] - self.false_easting_m) / k0a;
        let (mut xi_p, mut eta_p) = (xi, eta);
        for (j, b) in s.beta.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            xi_p -= b * (k * xi).sin() * (k * eta).cosh();
            eta_p -= b * (k * xi).cos() * (k * eta).sinh();
        }
        let tau_p = xi_p.sin() / (eta_p.sinh().powi(2) + xi_p.cos().powi(2)).sqrt();
        let lambda = eta_p.sinh().atan2(xi_p.cos());
        let lat = geodetic_tan(tau_p, s.e).atan();
        [self.central_meridian_deg + lambda.to_degrees(), lat.to_degrees()]
    }
}

/// Web Mercator (EPSG:3857) `[x, y]` metres of a WGS-84 `[lon, lat]`: the sphere of radius
/// [`A_M`].
pub fn web_mercator_forward(lon_lat: [f64; 2]) -> [f64; 2] {
    let [lon, lat] = lon_lat;
    [
        A_M * lon.to_radians(),
        A_M * (FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln(),
    ]
}

/// The inverse of [`web_mercator_forward`].
pub fn web_mercator_inverse(x_y: [f64; 2]) -> [f64; 2] {
    let [x, y] = x_y;
    [(x / A_M).to_degrees(), (y / A_M).sinh().atan().to_degrees()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gk123() -> TransverseMercator {
        TransverseMercator {
            inv_f: CGCS2000_INV_F,
            central_meridian_deg: 123.0,
            scale: 1.0,
            false_easting_m: 500_000.0,
            false_northing_m: 0.0,
        }
    }

    #[test]
    fn the_central_meridian_maps_to_the_false_easting_and_the_equator_to_northing_zero() {
        let [x, y] = gk123().forward([123.0, 0.0]);
        assert!((x - 500_000.0).abs() < 1e-9 && y.abs() < 1e-9, "{x} {y}");
    }

    #[test]
    fn the_inverse_undoes_the_forward_to_a_tenth_of_a_millimetre_far_out_of_the_zone() {
        let tm = gk123();
        for lon in [117.0, 120.9, 123.0, 124.5, 129.0] {
            for lat in [0.0, 20.0, 38.7, 40.2, 60.0] {
                let back = tm.inverse(tm.forward([lon, lat]));
                assert!(
                    (back[0] - lon).abs() < 1e-9 && (back[1] - lat).abs() < 1e-9,
                    "{lon} {lat} → {back:?}"
                );
            }
        }
    }

    #[test]
    fn web_mercator_round_trips() {
        let p = [121.6, 38.9];
        let back = web_mercator_inverse(web_mercator_forward(p));
        assert!((back[0] - p[0]).abs() < 1e-12 && (back[1] - p[1]).abs() < 1e-12);
    }
}
