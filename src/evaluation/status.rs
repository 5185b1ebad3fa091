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

/// Whether `date` is empty or a calendar date written `2025`, `2025-12` or `2025-12-31`
/// (month 1–12, a day that the month has). A status's date is what the user wrote; the
/// window warns when it is none of these.
pub fn is_plain_date(date: &str) -> bool {
    let date = date.trim();
    if date.is_empty() {
        return true;
    }
    let parts: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let Some(year) = parts.first().and_then(|y| number(y, 4)) else {
        return false;
    };
    let month = match parts.get(1) {
        None => return parts.len() == 1,
        Some(m) => match number(m, 2) {
            Some(m @ 1..=12) => m,
            _ => return false,
        },
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    match parts.get(2) {
        None => parts.len() == 2,
        Some(d) => parts.len() == 3 && number(d, 2).is_some_and(|d| (1..=days).contains(&d)),
    }
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
    /// A column project's heading (its text up to the first `。`), or a feature's Chinese name
    /// with its qualifier ([`crate::catalogue::Feature::qualified_name_zh`]).
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
        title: f.qualified_name_zh(),
        column: f.column.clone(),
    });
    projects.chain(features).collect()
}

/// Counts of statuses among the column projects (paragraphs) of `column` (`box1`) — not
/// the catalogue features placed for them, so that the outline, the text panel and the
/// report give the same counts; projects without a status are counted under `None`.
pub fn column_counts(
    subjects: &[Subject],
    statuses: &[StatusEntry],
    column: &str,
) -> BTreeMap<Option<ProjectStatus>, usize> {
    let mut out = BTreeMap::new();
    let projects = subjects
        .iter()
        .filter(|s| s.kind == SubjectKind::ColumnProject && s.column.as_deref() == Some(column));
    for s in projects {
        let status = statuses.iter().find(|e| e.subject == s.id).map(|e| e.status);
        *out.entry(status).or_insert(0) += 1;
    }
    out
}

/// Which status a catalogue feature shows on the map, and why.
///
/// The rule: a feature's own status first; otherwise, for what the columns build (the
/// infrastructure and project layers), the status of a column project it is placed for —
/// a column paragraph (`box1.p2`) listed in its `plan_refs` (the first such paragraph
/// with a status, in `plan_refs` order; e.g. the 5G priority areas of 专栏1's 5G
/// project); otherwise none (未设定). Places the columns only name (parks, the layout's
/// zones) and chapter paragraphs never pass a status on.
pub fn effective_status(feature: &crate::catalogue::Feature, statuses: &[StatusEntry]) -> Option<ProjectStatus> {
    use crate::catalogue::Layer;
    let of = |id: &str| statuses.iter().find(|e| e.subject == id).map(|e| e.status);
    let built_by_columns = matches!(feature.layer, Layer::Infrastructure | Layer::Projects);
    of(&feature.id).or_else(|| {
        if !built_by_columns {
            return None;
        }
        feature
            .plan_refs
            .iter()
            .filter(|r| is_column_paragraph(r))
            .find_map(|r| of(r))
    })
}

/// `box1.p2`: a paragraph of a column (专栏), i.e. a column project.
fn is_column_paragraph(id: &str) -> bool {
    id.strip_prefix("box")
        .and_then(|rest| rest.split_once(".p"))
        .is_some_and(|(n, k)| {
            !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && !k.is_empty()
                && k.bytes().all(|b| b.is_ascii_digit())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_date_is_a_year_a_month_or_a_day_that_exists() {
        for ok in ["", "2025", "2025-12", "2025-12-31", "2024-02-29", " 2023-07 "] {
            assert!(is_plain_date(ok), "{ok:?}");
        }
        for bad in [
            "2025-13",
            "2025-00",
            "2023-02-29",
            "2025-04-31",
            "25-12",
            "2025/12",
            "2025-1",
            "2025-12-31-1",
            "年底",
        ] {
            assert!(!is_plain_date(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_feature_takes_the_status_of_a_column_project_that_names_it() {
        let catalogue = Catalogue::builtin().expect("catalogue");
        let five_g = catalogue
            .feature("5g.jinpu")
            .expect("a 5G priority area of 专栏1's 5G project");
        let resort = catalogue
            .feature("park.changshan-islands-resort")
            .expect("a resort the project names");
        let entry = |subject: &str, status| StatusEntry {
            subject: subject.into(),
            status,
            date: String::new(),
            note: String::new(),
            source: Source::default(),
            extra: Map::new(),
        };
        let statuses = vec![entry("box1.p2", ProjectStatus::InProgress)];
        assert_eq!(effective_status(five_g, &statuses), Some(ProjectStatus::InProgress));
        assert_eq!(
            effective_status(resort, &statuses),
            None,
            "a park is named, not built, by the project"
        );
        let own = vec![
            entry("box1.p2", ProjectStatus::InProgress),
            entry(&five_g.id, ProjectStatus::Built),
        ];
        assert_eq!(
            effective_status(five_g, &own),
            Some(ProjectStatus::Built),
            "its own first"
        );
        // A chapter paragraph's id never passes a status on.
        assert!(!is_column_paragraph("ch3.s1.p2") && is_column_paragraph("box11.p3"));
    }
}
