//! Texts of measuring (issue 18, point 8): units, the ruler tool and its readout.

use super::Key;

/// A string of measuring and the ruler.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MeasureKey {
    Metres,
    Kilometres,
    SquareMetres,
    Hectares,
    SquareKilometres,
    /// The ruler tool's name on the tool bar.
    Tool,
    /// The ruler tool's hint.
    Hint,
    /// The readout's title.
    Title,
    /// The length of the segment being drawn (or the last one).
    Segment,
    /// The length of the whole line.
    Total,
    /// The length around a closed measurement.
    Perimeter,
    /// The area enclosed.
    Area,
    /// The readout before the first click.
    Start,
    /// Turns the measurement into an annotation.
    ToAnnotation,
    /// Hover text of [`MeasureKey::ToAnnotation`].
    ToAnnotationHint,
}

impl From<MeasureKey> for Key {
    fn from(k: MeasureKey) -> Key {
        Key::Measure(k)
    }
}

/// The Chinese and English text of `key`.
pub(super) fn texts(key: MeasureKey) -> (&'static str, &'static str) {
    use MeasureKey as K;
    match key {
        K::Metres => ("m", "m"),
        K::Kilometres => ("km", "km"),
        K::SquareMetres => ("m²", "m²"),
        K::Hectares => ("公顷", "ha"),
        K::SquareKilometres => ("km²", "km²"),
        K::Tool => ("量算", "Measure"),
        K::Hint => (
            "单击放置测点，双击或回车结束，单击起点闭合测面积。退格撤回一点，Esc 或右键取消",
            "Click to place points; double-click or Enter ends, a click on the first point closes it for the area. \
             Backspace undoes a point, Esc or right-click cancels",
        ),
        K::Title => ("量算", "Measure"),
        K::Segment => ("本段", "Segment"),
        K::Total => ("总长", "Total"),
        K::Perimeter => ("周长", "Perimeter"),
        K::Area => ("面积", "Area"),
        K::Start => ("单击地图开始量算", "Click the map to start measuring"),
        K::ToAnnotation => ("转为标注", "Make annotation"),
        K::ToAnnotationHint => (
            "把量算的线（闭合时为面）加为标注，可撤销",
            "Adds the measured line (a polygon when closed) as an annotation; undoable",
        ),
    }
}
