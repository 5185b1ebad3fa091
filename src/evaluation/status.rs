//! Project status: where each column project (a paragraph of 专栏1–11) and each feature
//! of the catalogue stands at the evaluation — 未启动 / 推进中 / 已建成 / 已调整 / 已取消 —
//! with a date, a note and a source.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Source;
use crate::catalogue::Catalogue;
use crate::plan::Plan;

/// The status of a project or feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    NotStarted,
    InProgress,
    Built,
    Adjusted,
    Cancelled,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 5] = [
        ProjectStatus::NotStarted,
        ProjectStatus::InProgress,
        ProjectStatus::Built,
        ProjectStatus::Adjusted,
        ProjectStatus::Cancelled,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            ProjectStatus::NotStarted => "未启动",
            ProjectStatus::InProgress => "推进中",
            ProjectStatus::Built => "已建成",
            ProjectStatus::Adjusted => "已调整",
            ProjectStatus::Cancelled => "已取消",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ProjectStatus::NotStarted => "not started",
            ProjectStatus::InProgress => "in progress",
            ProjectStatus::Built => "completed",
            ProjectStatus::Adjusted => "adjusted",
            ProjectStatus::Cancelled => "cancelled",
        }
    }

    /// The status's map colour (sRGB), distinct in hue and lightness so that it also
    /// reads in greyscale print: grey, blue, green, amber, dark red.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            ProjectStatus::NotStarted => [0x9e, 0x9e, 0x9e],
            ProjectStatus::InProgress => [0x21, 0x66, 0xac],
            ProjectStatus::Built => [0x1b, 0x7a, 0x3a],
            ProjectStatus::Adjusted => [0xe0, 0x8a, 0x00],
            ProjectStatus::Cancelled => [0x8e, 0x1b, 0x1b],
        }
    }

    /// The status named `text` in either language (`已建成`, `completed`, `built`).
    pub fn parse(text: &str) -> Option<ProjectStatus> {
        let t = text.trim();
        ProjectStatus::ALL
            .into_iter()
            .find(|s| s.zh() == t || s.en().eq_ignore_ascii_case(t))
            .or_else(|| serde_json::from_value(Value::String(t.to_ascii_lowercase().replace([' ', '-'], "_"))).ok())
    }
}

/// The status of one subject.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusEntry {
    /// A column project's paragraph ID (`box1.p2`) or a catalogue feature ID.
    pub subject: String,
    pub status: ProjectStatus,
    /// As of when, as the user wrote it (`2025-12`).
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub source: Source,
    /// Members this version does not know, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a status can be given to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubjectKind {
    /// A paragraph of a column (专栏): one of its projects.
    ColumnProject,
    /// A feature of the catalogue.
    Feature,
}

/// A column project or a catalogue feature.
#[derive(Clone, Debug, PartialEq)]
pub struct Subject {
    pub id: String,
    pub kind: SubjectKind,
    /// A column project's heading (its text up to the first `。`), or a feature's name.
    pub title: String,
    /// The column it belongs to (`box1`), if any.
    pub column: Option<String>,
}

/// The heading of a column paragraph: its first sentence without the `。`, at most 40
/// characters.
fn heading(text: &str) -> String {
    let first = text.split('。').next().unwrap_or(text).trim();
    first.chars().take(40).collect()
}

/// Every column project of the plan, then every catalogue feature, in order.
pub fn subjects(plan: &Plan, catalogue: &Catalogue) -> Vec<Subject> {
    let projects = plan.boxes.iter().flat_map(|b| {
        b.paragraphs.iter().map(|p| Subject {
            id: p.id.clone(),
            kind: SubjectKind::ColumnProject,
            title: heading(&p.text),
            column: Some(b.id.clone()),
        })
    });
    let features = catalogue.features.iter().map(|f| Subject {
        id: f.id.clone(),
        kind: SubjectKind::Feature,
        title: f.name_zh.clone(),
        column: f.column.clone(),
    });
    projects.chain(features).collect()
}

/// Counts of statuses among the subjects of `column` (`box1`); subjects without a status
/// are counted under `None`.
pub fn column_counts(
    subjects: &[Subject],
    statuses: &[StatusEntry],
    column: &str,
) -> BTreeMap<Option<ProjectStatus>, usize> {
    let mut out = BTreeMap::new();
    for s in subjects.iter().filter(|s| s.column.as_deref() == Some(column)) {
        let status = statuses.iter().find(|e| e.subject == s.id).map(|e| e.status);
        *out.entry(status).or_insert(0) += 1;
    }
    out
}

/// Which status a catalogue feature shows on the map, and why.
///
/// The rule: a feature's own status first; otherwise the status of the column project it
/// belongs to — a paragraph of the feature's `column` (`box1.p5`) that is listed in its
/// `plan_refs` (the first such paragraph with a status, in `plan_refs` order); otherwise
/// none (未设定). Statuses of other paragraphs never spread to features.
pub fn effective_status(feature: &crate::catalogue::Feature, statuses: &[StatusEntry]) -> Option<ProjectStatus> {
    let of = |id: &str| statuses.iter().find(|e| e.subject == id).map(|e| e.status);
    of(&feature.id).or_else(|| {
        let column = feature.column.as_deref()?;
        feature
            .plan_refs
            .iter()
            .filter(|r| r.strip_prefix(column).is_some_and(|rest| rest.starts_with(".p")))
            .find_map(|r| of(r))
    })
}

/// [`effective_status`] of every catalogue feature, by catalogue index.
pub fn feature_statuses(catalogue: &Catalogue, statuses: &[StatusEntry]) -> Vec<Option<ProjectStatus>> {
    catalogue
        .features
        .iter()
        .map(|f| effective_status(f, statuses))
        .collect()
}
