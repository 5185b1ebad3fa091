//! Where an annotation is, in words: a point's position, a line's length and a
//! polygon's area, measured on the WGS-84 ellipsoid.

use crate::i18n::{Key, Lang, tr};
use crate::model::annotation::{Annotation, AnnotationKind};

/// The line through `lon_lat` as geo geometry.
pub(super) fn line_string(lon_lat: &[[f64; 2]]) -> geo::LineString<f64> {
    lon_lat.iter().map(|&[x, y]| geo::Coord { x, y }).collect()
}

/// Length in km of the line through `vertices` (`[lon, lat]`), on the WGS-84 ellipsoid.
pub(super) fn length_km(vertices: &[[f64; 2]]) -> f64 {
    use geo::{Geodesic, Length};
    Geodesic.length(&line_string(vertices)) / 1000.0
}

/// Area in km² of the ring `[lon, lat]` (open or closed), on the WGS-84 ellipsoid.
pub(super) fn area_km2(ring: &[[f64; 2]]) -> f64 {
    use geo::GeodesicArea;
    geo::Polygon::new(line_string(ring), Vec::new()).geodesic_area_unsigned() / 1e6
}

/// Where the annotation is: a point's longitude and latitude; a line's vertex count and
/// length; a polygon's vertex count and area.
pub fn position_summary(lang: Lang, a: &Annotation) -> String {
    match a.kind {
        AnnotationKind::Point | AnnotationKind::Text => a
            .vertices
            .first()
            .map_or_else(String::new, |v| format!("{:.5}°E, {:.5}°N", v[0], v[1])),
        AnnotationKind::Line => {
            let length = length_km(&a.vertices);
            format!(
                "{} {} · {} {:.2} km",
                a.vertices.len(),
                tr(lang, Key::AnnotationVertices),
                tr(lang, Key::AnnotationLength),
                length
            )
        }
        AnnotationKind::Polygon => format!(
            "{} {} · {} {:.2} km²",
            a.vertices.len(),
            tr(lang, Key::AnnotationVertices),
            tr(lang, Key::AnnotationArea),
            area_km2(&a.vertices)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_measured_and_a_polygon_has_an_area() {
        // One degree of latitude is about 111 km.
        assert!((length_km(&[[121.0, 38.0], [121.0, 39.0]]) - 111.2).abs() < 0.5);
        let square = [[121.0, 39.0], [121.01, 39.0], [121.01, 39.01], [121.0, 39.01]];
        let area = area_km2(&square);
        assert!((area - 0.956).abs() < 0.02, "{area}");
    }
}
