//! The ruler's readout (issue 18, point 8): while the measure tool is in use, a small
//! plate in the map's lower left corner reads the last segment, the total length (the
//! perimeter once closed) and, from three points, the enclosed area, measured on the
//! ellipsoid ([`crate::model::measure`]), in the interface language; its 转为标注 button
//! asks to turn the measurement into an annotation.

use egui::{Button, Color32, Frame, RichText, Ui};

use crate::action::{Action, DocAction};
use crate::i18n::{Lang, MeasureKey, tr};
use crate::model::measure::{Reading, format_area, format_length};
use crate::model::{Annotation, AnnotationKind, Style};

/// The annotation the measurement `placed` would become: a polygon when `measured` says
/// it was closed, else a line; `None` when it is not a valid one yet.
pub fn measurement_annotation(placed: &[[f64; 2]], measured: Option<AnnotationKind>) -> Option<Annotation> {
    let kind = match measured {
        Some(AnnotationKind::Polygon) => AnnotationKind::Polygon,
        _ => AnnotationKind::Line,
    };
    let mut a = Annotation::new(0, kind, placed.to_vec()).ok()?;
    a.style = Style::default();
    Some(a)
}

/// The readout's lines: (label, value) for the segment being drawn (not once closed),
/// the total (the perimeter once closed) and the area; empty before the first point.
pub fn readout_lines(lang: Lang, reading: &Reading, points: usize) -> Vec<(&'static str, String)> {
    let text = |k: MeasureKey| tr(lang, k.into());
    let mut lines = Vec::new();
    if points == 0 {
        return lines;
    }
    if reading.closed {
        lines.push((text(MeasureKey::Perimeter), format_length(lang, reading.total_m)));
    } else {
        lines.push((text(MeasureKey::Segment), format_length(lang, reading.segment_m)));
        lines.push((text(MeasureKey::Total), format_length(lang, reading.total_m)));
    }
    if let Some(area) = reading.area_m2 {
        lines.push((text(MeasureKey::Area), format_area(lang, area)));
    }
    lines
}

/// The readout for the points `live` (the placed ones and, while measuring, the
/// pointer's position), closed or not; `placed` and `measured` are the measurement as the
/// sketch holds it. Returns the request to make it an annotation (转为标注).
pub fn ruler_readout_ui(
    ui: &mut Ui,
    lang: Lang,
    live: &[[f64; 2]],
    placed: &[[f64; 2]],
    measured: Option<AnnotationKind>,
) -> Option<Action> {
    let closed = measured == Some(AnnotationKind::Polygon);
    let reading = Reading::new(live, closed);
    let mut action = None;
    Frame::popup(ui.style())
        .fill(Color32::from_white_alpha(240))
        .show(ui, |ui| {
            ui.set_min_width(170.0);
            ui.label(RichText::new(tr(lang, MeasureKey::Title.into())).strong());
            let lines = readout_lines(lang, &reading, live.len());
            if lines.is_empty() {
                ui.label(tr(lang, MeasureKey::Start.into()));
            }
            egui::Grid::new("ruler-readout").num_columns(2).show(ui, |ui| {
                for (label, value) in lines {
                    ui.label(label);
                    ui.label(RichText::new(value).monospace().strong());
                    ui.end_row();
                }
            });
            let annotation = measurement_annotation(placed, measured);
            let button = ui
                .add_enabled(
                    annotation.is_some(),
                    Button::new(tr(lang, MeasureKey::ToAnnotation.into())),
                )
                .on_hover_text(tr(lang, MeasureKey::ToAnnotationHint.into()));
            if button.clicked() {
                action = annotation.map(|a| Action::Document(DocAction::MeasurementToAnnotation(a)));
            }
        });
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_measurement_becomes_a_polygon_and_an_open_one_a_line() {
        let points = [[121.0, 39.0], [121.1, 39.0], [121.1, 39.1]];
        let line = measurement_annotation(&points, Some(AnnotationKind::Line)).expect("a line");
        assert_eq!(line.kind, AnnotationKind::Line);
        let ring = measurement_annotation(&points, Some(AnnotationKind::Polygon)).expect("a polygon");
        assert_eq!(ring.kind, AnnotationKind::Polygon);
        assert!(measurement_annotation(&points[..1], None).is_none());
    }

    #[test]
    fn the_readout_names_the_perimeter_once_closed_and_the_area_from_three_points() {
        let points = [[121.0, 39.0], [121.1, 39.0], [121.1, 39.1]];
        let open = readout_lines(Lang::Zh, &Reading::new(&points[..2], false), 2);
        assert_eq!(open.iter().map(|l| l.0).collect::<Vec<_>>(), ["本段", "总长"]);
        let closed = readout_lines(Lang::En, &Reading::new(&points, true), 3);
        assert_eq!(closed.iter().map(|l| l.0).collect::<Vec<_>>(), ["Perimeter", "Area"]);
        assert!(readout_lines(Lang::En, &Reading::new(&[], false), 0).is_empty());
    }
}
