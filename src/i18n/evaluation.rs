//! Texts of the end-of-term evaluation in the window (issue 15): the actual-value editor
//! of the 指标 tab, the chart's completion line and legend, the 评估 view, its
//! thresholds and the 评估 menu entries. Templates carry `{name}` placeholders that the
//! caller fills with [`fill`].

use super::Lang;

/// A string of the evaluation's interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EvalKey {
    /// The right panel's tab.
    Tab,
    /// Heading of the actual-value editor in the target card.
    ActualsHeading,
    NoActuals,
    Year,
    Value,
    Unit,
    Scope,
    SourceTitle,
    Issuer,
    Date,
    Location,
    Reliability,
    AddRow,
    DeleteRow,
    Apply,
    Revert,
    /// `{unit}`: the indicator's unit.
    UnitHint,
    /// `{row}`, `{text}`.
    ErrNumber,
    /// `{row}`, `{text}`.
    ErrYear,
    /// `{row}`, `{unit}`, `{expected}`.
    ErrUnit,
    /// `{row}`, `{year}`.
    ErrDuplicate,
    Unsaved,
    // The chart.
    Completion,
    /// `{}`: the share of the period elapsed.
    Elapsed,
    /// `{}`: signed percentage points.
    ChangePoints,
    WithoutBaseline,
    LegendPath,
    LegendCeiling,
    LegendStated,
    LegendActual,
    // The 评估 view.
    ViewTitle,
    Indicator,
    Base2020,
    Goal2025,
    Latest,
    Verdict,
    Source,
    NoData,
    FilterAll,
    FilterLagging,
    FilterMet,
    FilterNoData,
    /// `{shown}`, `{total}`.
    Shown,
    Thresholds,
    Exceeded,
    Done,
    Basic,
    Margin,
    ThresholdsInvalid,
    ThresholdsNote,
    // The 文件 menu.
    Menu,
    ImportActuals,
    ExportTemplate,
    ExportReport,
    OpenExample,
    /// `{added}`, `{replaced}`, `{file}`.
    Imported,
    /// `{file}`.
    NothingImported,
    /// `{file}`.
    TemplateWritten,
    ExampleOpened,
    FileFilter,
    ReportWriting,
    /// `{file}`.
    ReportWritten,
    ReportFilter,
}

/// The Chinese and English text of `key`.
pub(super) fn texts(key: EvalKey) -> (&'static str, &'static str) {
    use EvalKey as K;
    match key {
        K::Tab => ("评估", "Evaluation"),
        K::ActualsHeading => ("实际值与来源", "Actual values and sources"),
        K::NoActuals => ("尚未录入实际值", "No actual value entered yet"),
        K::Year => ("年份", "Year"),
        K::Value => ("实际值", "Actual"),
        K::Unit => ("单位", "Unit"),
        K::Scope => ("口径", "Scope"),
        K::SourceTitle => ("来源", "Source"),
        K::Issuer => ("发布机构", "Issuer"),
        K::Date => ("发布日期", "Date"),
        K::Location => ("网址或文件", "URL or file"),
        K::Reliability => ("可靠性", "Reliability"),
        K::AddRow => ("添加一年", "Add a year"),
        K::DeleteRow => ("删除", "Delete"),
        K::Apply => ("应用", "Apply"),
        K::Revert => ("还原", "Revert"),
        K::UnitHint => ("指标单位：{unit}", "The indicator's unit: {unit}"),
        K::ErrNumber => (
            "第 {row} 行：实际值“{text}”不是数字（例如 17021、1.7、1,234.5）",
            "Row {row}: the actual value “{text}” is not a number (e.g. 17021, 1.7, 1,234.5)",
        ),
        K::ErrYear => (
            "第 {row} 行：年份“{text}”不在 2020–2030 之间",
            "Row {row}: the year “{text}” is not within 2020–2030",
        ),
        K::ErrUnit => (
            "第 {row} 行：单位“{unit}”不能换算为指标单位“{expected}”",
            "Row {row}: the unit “{unit}” does not convert into the indicator's unit “{expected}”",
        ),
        K::ErrDuplicate => (
            "第 {row} 行：{year} 年已有一个实际值",
            "Row {row}: {year} already has an actual value",
        ),
        K::Unsaved => ("有未应用的修改", "Changes not applied yet"),
        K::Completion => ("完成度", "Completion"),
        K::Elapsed => ("时间进度 {}", "time elapsed {}"),
        K::ChangePoints => ("较基期 {} 个百分点", "{} percentage points on the baseline"),
        K::WithoutBaseline => (
            "规划未给基期值，按 实际/目标 计",
            "no baseline in the plan: actual / goal",
        ),
        K::LegendPath => ("虚线：推算路径", "dashed: implied path"),
        K::LegendCeiling => ("虚线：上限", "dashed: ceiling"),
        K::LegendStated => ("圆点：规划基期值与目标值", "dots: the plan's baseline and goal"),
        K::LegendActual => ("方点与实线：录入的实际值", "squares and line: entered actuals"),
        K::ViewTitle => ("规划实施评估", "Plan implementation evaluation"),
        K::Indicator => ("指标", "Indicator"),
        K::Base2020 => ("2020 基期", "2020 baseline"),
        K::Goal2025 => ("2025 目标", "2025 goal"),
        K::Latest => ("最新实际值", "Latest actual"),
        K::Verdict => ("评价", "Verdict"),
        K::Source => ("来源", "Source"),
        K::NoData => ("暂无数据", "no data"),
        K::FilterAll => ("全部", "All"),
        K::FilterLagging => ("仅滞后或未完成", "Behind or not achieved"),
        K::FilterMet => ("已完成", "Achieved"),
        K::FilterNoData => ("暂无数据", "No data"),
        K::Shown => ("显示 {shown} / {total} 项", "{shown} of {total} shown"),
        K::Thresholds => ("评价标准", "Verdict thresholds"),
        K::Exceeded => ("超额完成 ≥", "Exceeded ≥"),
        K::Done => ("完成 ≥", "Achieved ≥"),
        K::Basic => ("基本完成 ≥", "Largely achieved ≥"),
        K::Margin => ("期中容差 ±", "Mid-term margin ±"),
        K::ThresholdsInvalid => (
            "需满足：超额完成 ≥ 完成 ≥ 基本完成 > 0，容差 0–100%；未应用",
            "Needs exceeded ≥ achieved ≥ largely achieved > 0 and a margin of 0–100%; not applied",
        ),
        K::ThresholdsNote => (
            "完成度 =（实际 − 基期）/（目标 − 基期）；期中按时间进度比较",
            "Completion = (actual − baseline) / (goal − baseline); before the end, compared with the time elapsed",
        ),
        K::Menu => ("实施评估", "Plan evaluation"),
        K::ImportActuals => ("导入实际值…", "Import actual values…"),
        K::ExportTemplate => ("导出评估模板…", "Export evaluation template…"),
        K::ExportReport => ("导出评估报告…", "Export evaluation report…"),
        K::OpenExample => (
            "打开示例评估（公开报道数据）",
            "Open the example evaluation (public-report figures)",
        ),
        K::Imported => (
            "已从 {file} 导入：新增 {added} 项，替换 {replaced} 项（可撤销）",
            "Imported from {file}: {added} added, {replaced} replaced (undoable)",
        ),
        K::NothingImported => ("{file} 中没有可导入的数据", "{file} holds nothing to import"),
        K::TemplateWritten => ("已写出评估模板：{file}", "Evaluation template written: {file}"),
        K::ExampleOpened => (
            "已打开示例评估：公开报道数据，不完整，非官方统计（可撤销）",
            "Example evaluation opened: public-report figures, incomplete, not official statistics (undoable)",
        ),
        K::FileFilter => ("评估模板或 CSV", "Evaluation template or CSV"),
        K::ReportWriting => ("正在写出评估报告…", "Writing the evaluation report…"),
        K::ReportWritten => ("已写出评估报告：{file}", "Evaluation report written: {file}"),
        K::ReportFilter => ("评估报告", "Evaluation report"),
    }
}

/// `template` with each `{name}` of `values` replaced (and a bare `{}` by the first
/// value).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    if let Some((_, first)) = values.first() {
        text = text.replace("{}", first);
    }
    text
}

/// The summary line of the 评估 view in English, from the same counts as
/// [`crate::evaluation::Summary::line_zh`].
pub fn summary_line(lang: Lang, summary: &crate::evaluation::Summary) -> String {
    match lang {
        Lang::Zh => summary.line_zh(),
        Lang::En => summary.line_en(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_named_placeholders_and_a_bare_one() {
        assert_eq!(
            fill("第 {row} 行：{text}", &[("row", "2"), ("text", "abc")]),
            "第 2 行：abc"
        );
        assert_eq!(fill("时间进度 {}", &[("", "60%")]), "时间进度 60%");
    }
}
