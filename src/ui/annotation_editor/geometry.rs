//! Where an annotation is, in words: a point's position, a line's length and a
//! polygon's area, measured on the WGS-84 ellipsoid ([`crate::model::measure`]).

use crate::i18n::{Key, Lang, tr};
use crate::model::annotation::{Annotation, AnnotationKind};
use crate::model::measure::{format_area, format_length, length_m, ring_area_m2};

/// Where the annotation is: a point's longitude and latitude; a line's vertex count and
/// length; a polygon's vertex count and area.
pub fn position_summary(lang: Lang, a: &Annotation) -> String {
    match a.kind {
        AnnotationKind::Point | AnnotationKind::Text => a
            .vertices
            .first()
            .map_or_else(String::new, |v| format!("{:.5}°E, {:.5}°N", v[0], v[1])),
        AnnotationKind::Line => format!(
            "{} {} · {} {}",
            a.vertices.len(),
            tr(lang, Key::AnnotationVertices),
            tr(lang, Key::AnnotationLength),
            format_length(lang, length_m(&a.vertices))
        ),
        AnnotationKind::Polygon => format!(
            "{} {} · {} {}",
            a.vertices.len(),
            tr(lang, Key::AnnotationVertices),
            tr(lang, Key::AnnotationArea),
            format_area(lang, ring_area_m2(&a.vertices))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_reads_its_length_and_a_polygon_its_area() {
        let line = Annotation::new(1, AnnotationKind::Line, vec![[121.0, 38.0], [121.0, 39.0]]).expect("valid");
        assert!(
            position_summary(Lang::En, &line).ends_with("111.0 km"),
            "{}",
            position_summary(Lang::En, &line)
        );
        let square = vec![[121.0, 39.0], [121.01, 39.0], [121.01, 39.01], [121.0, 39.01]];
        let polygon = Annotation::new(2, AnnotationKind::Polygon, square).expect("valid");
        let text = position_summary(Lang::Zh, &polygon);
        assert!(text.ends_with("96.16 公顷"), "{text}");
    }
}
