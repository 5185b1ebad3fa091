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
    /// The date is not written as a calendar date.
    DateInvalid,
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
        K::DateInvalid => (
            "日期应写作 2025、2025-12 或 2025-12-31",
            "Write the date as 2025, 2025-12 or 2025-12-31",
        ),
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
            "要素按其状态着色；没有自己状态的要素沿用它所对应的专栏项目（引用它的专栏段落）的状态；都没有则为未设定（浅灰细线）",
            "Features are coloured by their status; a feature without one takes the status of the column \
             project it is placed for (a column paragraph that names it); with neither it is “not set” (thin light grey)",
        ),
    }
}
