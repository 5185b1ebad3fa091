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
    Dalian,
    Hit,
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
        Key::LandData => (
            "陆地底图：Natural Earth (public domain)",
            "Land: Natural Earth (public domain)",
        ),
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
            "底图 Natural Earth（公有领域）",
            "Basemap: Natural Earth (public domain)",
        ),
        Key::Scale => ("比例尺", "Scale"),
        Key::Dalian => ("大连", "Dalian"),
        Key::Hit => ("搜索结果", "Hit"),
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
