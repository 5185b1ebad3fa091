//! Texts of meeting-ready output (issue 16): the legend choices of map images, kept
//! apart from the rest of the interface's strings.

/// A string of meeting-ready output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputKey {
    /// The image dialog's label of the legend choice.
    Legend,
    /// The legend placements (`model::LegendPlacement`).
    LegendAuto,
    LegendTopLeft,
    LegendTopRight,
    LegendOff,
    /// The map's outline of what the image will show, while the image dialog is open.
    ImageFrame,
}

/// The Chinese and English text of `key`.
pub fn texts(key: OutputKey) -> (&'static str, &'static str) {
    use OutputKey as K;
    match key {
        K::Legend => ("图例", "Legend"),
        K::LegendAuto => ("自动（不遮挡高亮要素）", "Auto (clear of highlighted features)"),
        K::LegendTopLeft => ("左上", "Top left"),
        K::LegendTopRight => ("右上", "Top right"),
        K::LegendOff => ("不显示", "None"),
        K::ImageFrame => ("图片范围", "Image frame"),
    }
}
