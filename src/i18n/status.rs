//! Texts of project status (issue 15): the status control of feature cards and column
//! projects, the 专栏 counts and the map's status styling, kept apart from the rest of
//! the interface's strings. The status names themselves are
//! [`crate::evaluation::ProjectStatus::zh`] / `en`.

/// A string of project status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusKey {
    /// The control's label: 状态.
    Status,
    /// No status: 未设定 (also the legend's name for features without one).
    Unset,
    Date,
    DateHint,
    Note,
    Source,
    SourceTitle,
    SourceIssuer,
    SourceDate,
    SourceLocation,
    /// The feature shows the status of its column project, not one of its own.
    Inherited,
    /// The layers tab: how the map styles the plan's features.
    MapStyling,
    PlanStyling,
    StatusStyling,
    /// The rule of status styling, as a hover text.
    StylingRule,
}

/// The Chinese and English text of `key`.
pub fn texts(key: StatusKey) -> (&'static str, &'static str) {
    use StatusKey as K;
    match key {
        K::Status => ("状态", "Status"),
        K::Unset => ("未设定", "not set"),
        K::Date => ("日期", "Date"),
        K::DateHint => ("如 2025-12", "e.g. 2025-12"),
        K::Note => ("说明", "Note"),
        K::Source => ("来源", "Source"),
        K::SourceTitle => ("标题", "Title"),
        K::SourceIssuer => ("发布单位", "Issuer"),
        K::SourceDate => ("发布日期", "Published"),
        K::SourceLocation => ("网址或文件", "URL or file"),
        K::Inherited => (
            "地图上沿用专栏项目的状态：",
            "On the map it takes its column project's status: ",
        ),
        K::MapStyling => ("地图样式", "Map styling"),
        K::PlanStyling => ("规划分类", "Plan categories"),
        K::StatusStyling => ("实施状态", "Project status"),
        K::StylingRule => (
            "要素按其状态着色；没有自己状态的要素沿用所属专栏项目（其专栏中被引用的段落）的状态；都没有则为未设定（浅灰细线）",
            "Features are coloured by their status; a feature without one takes the status of its column \
             project (the paragraph of its column it refers to); with neither it is “not set” (thin light grey)",
        ),
    }
}
