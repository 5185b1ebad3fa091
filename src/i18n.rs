//! Interface strings in Chinese and English.
//!
//! Only the interface is translated: the plan text, headings and target labels are
//! shown as the plan writes them (Chinese). Every string here must be drawable by the
//! bundled font `assets/fonts/NotoSansSC-Subset.otf`.

use serde::{Deserialize, Serialize};

/// Interface language. Chinese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Parses the `--lang` values of the command line (`zh`, `en`).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (for the toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// A translatable interface string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    AppName,
    MenuFile,
    MenuView,
    MenuHelp,
    Quit,
    PlanPanel,
    TargetsPanel,
    StatusBar,
    ResetMap,
    Language,
    About,
    Close,
    Version,
    DocumentNumber,
    LandData,
    FontLicence,
    Outline,
    Preface,
    Search,
    SearchHint,
    PrevHit,
    NextHit,
    NoHits,
    Findings,
    Agrees,
    Discrepancy,
    Targets,
    Baseline,
    Goals,
    KindBaseline,
    KindTarget,
    KindUpperBound,
    KindLowerBound,
    KindRange,
    Approximate,
    Shown,
    Nothing,
    PickAnElement,
    Corrected,
    Table,
    Indicator,
    Unit,
    Attribution,
    Scale,
    Hit,
    Disclaimer,
    North,
    LegendDivisions,
    LegendFunctionalAreas,
    LegendUrbanCentre,
    LegendTowns,
    LegendAirports,
    SchematicMark,
    AreaAbout,
    SelectedDivision,
    LoadOfficialBoundaries,
    ClearOfficialBoundaries,
    OfficialBoundariesLoaded,
    StillSchematic,
    TileSourceMenu,
    TileSourceTitle,
    TileNone,
    TilePmTiles,
    TileOsm,
    TileTianditu,
    TileCustom,
    TileChooseFile,
    TilePath,
    TileKey,
    TileLayerVector,
    TileLayerImagery,
    TileTemplate,
    TileAttribution,
    TileGcj02,
    TileMaxZoom,
    TileOpacity,
    TileOnlineNote,
    TileCacheFolder,
    TileApply,
    TilesLoading,
    TilesNotResponding,
    TilesFailed,
}

/// The string for `key` in `lang`.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    let (zh, en) = match key {
        Key::AppName => ("大连数字经济规划图集", "Dalian Atlas"),
        Key::MenuFile => ("文件", "File"),
        Key::MenuView => ("视图", "View"),
        Key::MenuHelp => ("帮助", "Help"),
        Key::Quit => ("退出", "Quit"),
        Key::PlanPanel => ("规划文本", "Plan text"),
        Key::TargetsPanel => ("指标", "Targets"),
        Key::StatusBar => ("状态栏", "Status bar"),
        Key::ResetMap => ("地图复位", "Reset map view"),
        Key::Language => ("界面语言", "Language"),
        Key::About => ("关于", "About"),
        Key::Close => ("关闭", "Close"),
        Key::Version => ("版本", "Version"),
        Key::DocumentNumber => ("规划文号", "Plan document"),
        Key::LandData => ("地图数据（maps/README.md）", "Map data (maps/README.md)"),
        Key::FontLicence => (
            "字体：Noto Sans CJK SC — SIL OFL 1.1",
            "Font: Noto Sans CJK SC — SIL OFL 1.1",
        ),
        Key::Outline => ("目录", "Outline"),
        Key::Preface => ("前言", "Preface"),
        Key::Search => ("搜索", "Search"),
        Key::SearchHint => ("在规划文本中搜索…", "Search the plan text…"),
        Key::PrevHit => ("上一个", "Previous"),
        Key::NextHit => ("下一个", "Next"),
        Key::NoHits => ("无结果", "no hits"),
        Key::Findings => ("自检", "Findings"),
        Key::Agrees => ("一致", "agrees"),
        Key::Discrepancy => ("不一致", "discrepancy"),
        Key::Targets => ("指标", "Targets"),
        Key::Baseline => ("基线", "Baseline"),
        Key::Goals => ("目标", "Goals"),
        Key::KindBaseline => ("基线", "baseline"),
        Key::KindTarget => ("目标", "target"),
        Key::KindUpperBound => ("上限", "at most"),
        Key::KindLowerBound => ("下限", "at least"),
        Key::KindRange => ("区间", "range"),
        Key::Approximate => ("约数", "approximate"),
        Key::Shown => ("当前", "Showing"),
        Key::Nothing => ("（无）", "(nothing)"),
        Key::PickAnElement => (
            "在上方目录中选择章节以阅读原文。",
            "Pick an entry in the outline above to read it.",
        ),
        Key::Corrected => ("勘误", "Erratum"),
        Key::Table => ("表", "Table"),
        Key::Indicator => ("指标", "Indicator"),
        Key::Unit => ("单位", "Unit"),
        Key::Attribution => (
            "底图 © OpenStreetMap 贡献者（ODbL）· GSHHG（LGPL）· GeoNames（CC BY 4.0）",
            "Basemap © OpenStreetMap contributors (ODbL) · GSHHG (LGPL) · GeoNames (CC BY 4.0)",
        ),
        Key::Scale => ("比例尺", "Scale"),
        Key::Disclaimer => (
            "示意图：行政区划界线为示意，不作为权属界线依据。",
            "Schematic: district boundaries are approximate and not a basis for any boundary determination.",
        ),
        Key::North => ("北", "N"),
        Key::LegendDivisions => ("县级行政区（示意）", "County-level divisions (schematic)"),
        Key::LegendFunctionalAreas => ("功能区（示意）", "Functional areas (schematic)"),
        Key::LegendUrbanCentre => ("市中心", "City centre"),
        Key::LegendTowns => ("城镇", "Towns"),
        Key::LegendAirports => ("机场", "Airports"),
        Key::SchematicMark => ("（示意）", " (schematic)"),
        Key::AreaAbout => ("面积约", "Area about"),
        Key::SelectedDivision => ("已选", "Selected"),
        Key::LoadOfficialBoundaries => ("载入官方行政区界线…", "Load official boundaries…"),
        Key::ClearOfficialBoundaries => ("改回示意界线", "Back to schematic boundaries"),
        Key::OfficialBoundariesLoaded => ("官方界线", "Official boundaries"),
        Key::StillSchematic => ("仍为示意", "still schematic"),
        Key::Hit => ("搜索结果", "Hit"),
        Key::TileSourceMenu => ("底图瓦片…", "Tile source…"),
        Key::TileSourceTitle => ("底图瓦片", "Tile source"),
        Key::TileNone => ("无（仅用本图集底图）", "None (the atlas's own basemap only)"),
        Key::TilePmTiles => ("本地 PMTiles 文件（离线）", "Local PMTiles file (offline)"),
        Key::TileOsm => ("OpenStreetMap（在线）", "OpenStreetMap (online)"),
        Key::TileTianditu => ("天地图（在线，需密钥）", "Tianditu (online, needs a key)"),
        Key::TileCustom => ("自定义 URL 模板（在线）", "Custom URL template (online)"),
        Key::TileChooseFile => ("选择文件…", "Choose file…"),
        Key::TilePath => ("文件", "File"),
        Key::TileKey => ("密钥 tk", "Key (tk)"),
        Key::TileLayerVector => ("矢量", "Vector"),
        Key::TileLayerImagery => ("影像", "Imagery"),
        Key::TileTemplate => ("URL 模板", "URL template"),
        Key::TileAttribution => ("署名", "Attribution"),
        Key::TileGcj02 => (
            "GCJ-02 坐标（高德类图源；叠加要素随之偏移）",
            "GCJ-02 coordinates (Amap-style; overlays are shifted to match)",
        ),
        Key::TileMaxZoom => ("最大级别", "Max zoom"),
        Key::TileOpacity => ("瓦片不透明度", "Tile opacity"),
        Key::TileOnlineNote => (
            "在线图源需要网络连接，默认关闭；不选图源时本图集完全离线工作。",
            "Online sources need a network and are off by default; without one the atlas works fully offline.",
        ),
        Key::TileCacheFolder => ("瓦片缓存目录", "Tile cache folder"),
        Key::TileApply => ("应用", "Apply"),
        Key::TilesLoading => ("瓦片：加载中", "Tiles: loading"),
        Key::TilesNotResponding => ("瓦片源无响应", "Tile source not responding"),
        Key::TilesFailed => ("瓦片源不可用", "Tile source unavailable"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_parse_and_toggle() {
        assert_eq!(Lang::from_code("en"), Some(Lang::En));
        assert_eq!(Lang::from_code("zh"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::Zh.other(), Lang::En);
        assert_eq!(tr(Lang::En, Key::MenuView), "View");
        assert_eq!(tr(Lang::Zh, Key::MenuView), "视图");
    }
}
