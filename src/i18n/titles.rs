//! Texts of annotation titles on the map (issue 18, point 7).

use super::Key;

/// A string about drawing annotation titles on the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TitleKey {
    /// The annotation editor's check box.
    ShowOnMap,
    /// Its hover text.
    ShowOnMapHint,
}

impl From<TitleKey> for Key {
    fn from(k: TitleKey) -> Key {
        Key::Title(k)
    }
}

/// The Chinese and English text of `key`.
pub(super) fn texts(key: TitleKey) -> (&'static str, &'static str) {
    match key {
        TitleKey::ShowOnMap => ("在地图上显示标题", "Show the title on the map"),
        TitleKey::ShowOnMapHint => (
            "标题作为地图注记显示（与其他注记避让），也出现在导出的图片中",
            "The title is drawn as a map label (kept clear of other labels), in exported images too",
        ),
    }
}
