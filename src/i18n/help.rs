//! The problems window's content (issue 18, point 3): its headings and buttons, and
//! [`Problem`], which puts a lead in the interface's language above a message the code
//! wrote in English (the app builds the import door's leads: `app/notices.rs`).

use super::{Key, Lang, tr};

/// A string of the problems window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HelpKey {
    /// The heading of a problem with no more precise one.
    ProblemTitle,
    /// The heading of a failed import.
    ImportFailed,
    /// Copies the full text of the problem to the clipboard.
    CopyDetails,
    /// Closes the problems window.
    Close,
    /// Said once the details are on the clipboard.
    Copied,
    /// Lead of a problem whose message is English (no `{}`).
    LeadGeneric,
    /// Lead of a failed import (`{file}`).
    LeadImport,
    /// Lead of an import failing at a line and column (`{file}`, `{line}`, `{column}`).
    LeadImportAt,
    /// Lead of an import failing in a part of the file (`{file}`, `{part}`).
    LeadImportPart,
    /// Lead of an import whose layer has no coordinate system (`{file}`, `{layer}`).
    LeadNeedsCrs,
    /// Lead of an import of a kind of file the atlas does not read (`{file}`).
    LeadUnknownFormat,
    /// Lead of an import of a file that does not exist (`{file}`).
    LeadNotFound,
    /// Lead of an import of actual values with problems (`{file}`, `{n}`).
    LeadEvalInvalid,
    /// Which feature, counted from 1 (`{n}`).
    FeatureNth,
    /// Said after the lead: the (English) details follow.
    DetailsFollow,
    /// 帮助 → 使用指南 (the guide shipped in the binary).
    Guide,
    /// 文件 → 最近的项目.
    RecentProjects,
    /// A recent project whose file is gone.
    RecentMissing,
    /// No recent project yet.
    RecentNone,
}

/// The (Chinese, English) texts of `key`.
pub(super) fn texts(key: HelpKey) -> (&'static str, &'static str) {
    use HelpKey as K;
    match key {
        K::ProblemTitle => ("出现问题", "Something went wrong"),
        K::ImportFailed => ("导入失败", "Import failed"),
        K::CopyDetails => ("复制详情", "Copy details"),
        K::Close => ("关闭", "Close"),
        K::Copied => ("已复制到剪贴板", "Copied to the clipboard"),
        K::LeadGeneric => ("操作未能完成", "The action could not be completed"),
        K::LeadImport => ("无法导入 {file}", "Cannot import {file}"),
        K::LeadImportAt => (
            "无法导入 {file}：文件第 {line} 行第 {column} 列有误",
            "Cannot import {file}: error at line {line}, column {column}",
        ),
        K::LeadImportPart => ("无法导入 {file}：{part} 有误", "Cannot import {file}: error in {part}"),
        K::LeadNeedsCrs => (
            "无法导入 {file}：图层 {layer} 的坐标系未声明也未选定",
            "Cannot import {file}: the coordinate system of layer {layer} is not known",
        ),
        K::LeadUnknownFormat => (
            "无法导入 {file}：不支持此类文件（支持 GeoJSON、Shapefile、GeoPackage、KML/KMZ、CSV/TSV 和 .xlsx）",
            "Cannot import {file}: this kind of file is not read",
        ),
        K::LeadNotFound => ("无法导入 {file}：文件不存在", "Cannot import {file}: no such file"),
        K::LeadEvalInvalid => (
            "无法导入评估数据 {file}：共 {n} 处问题，未导入任何数值",
            "Cannot import actual values from {file}: {n} problem(s), nothing imported",
        ),
        K::FeatureNth => ("（第 {n} 个要素）", " (feature {n})"),
        K::Guide => ("使用指南", "User guide"),
        K::RecentProjects => ("最近的项目", "Recent projects"),
        K::RecentMissing => ("文件不存在", "File not found"),
        K::RecentNone => ("（无）", "(none)"),
        K::DetailsFollow => ("（详情如下）", " (details below)"),
    }
}

/// A problem shown until the user closes it: `details` is the precise message as the
/// code wrote it; `lead` (Chinese interface only) says in Chinese what failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub heading: String,
    pub lead: Option<String>,
    pub details: String,
}

impl Problem {
    /// Any problem: a generic heading and, in the Chinese interface, a generic lead.
    pub fn generic(lang: Lang, details: &str) -> Self {
        Problem {
            heading: tr(lang, Key::Help(HelpKey::ProblemTitle)).to_string(),
            lead: (lang == Lang::Zh).then(|| lead(lang, tr(lang, Key::Help(HelpKey::LeadGeneric)))),
            details: details.to_string(),
        }
    }

    /// The full text: heading, lead and details, one per line (what 复制详情 copies).
    pub fn full_text(&self) -> String {
        let mut out = self.heading.clone();
        if let Some(lead) = &self.lead {
            out.push('\n');
            out.push_str(lead);
        }
        out.push('\n');
        out.push_str(&self.details);
        out
    }
}

/// `text` followed by “（详情如下）”.
pub fn lead(lang: Lang, text: &str) -> String {
    format!("{text}{}", tr(lang, Key::Help(HelpKey::DetailsFollow)))
}
