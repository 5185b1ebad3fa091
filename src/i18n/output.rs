//! Texts of meeting-ready output (issue 16): the legend choices of map images, kept
//! apart from the rest of the interface's strings.

use crate::model::LegendPlacement;

/// A string of meeting-ready output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputKey {
    /// The image dialog's label of the legend choice.
    Legend,
    /// A legend placement's name.
    Placement(LegendPlacement),
}

/// The Chinese and English text of `key`.
pub fn texts(key: OutputKey) -> (&'static str, &'static str) {
    match key {
        OutputKey::Legend => ("图例", "Legend"),
        OutputKey::Placement(p) => match p {
            LegendPlacement::Auto => ("自动（不遮挡高亮要素）", "Auto (clear of highlighted features)"),
            LegendPlacement::TopLeft => ("左上", "Top left"),
            LegendPlacement::TopRight => ("右上", "Top right"),
            LegendPlacement::Off => ("不显示", "None"),
        },
    }
}
