//! The report's text sections: progress by chapter and 专栏 (status counts, column
//! projects, the planner's linked annotations), 存在问题 and 下一步建议 (the planner's
//! annotations that start with those words), and the reference data.

use super::Block;
use crate::catalogue::Catalogue;
use crate::evaluation::status::{Subject, SubjectKind, column_counts, subjects};
use crate::evaluation::{Evaluation, ProjectStatus, indicators};
use crate::model::{Annotation, Project};
use crate::plan::Plan;
use crate::plan::series::format_number;

/// An annotation whose title or text starts with one of these goes to 存在问题.
pub const PROBLEM_PREFIXES: [&str; 2] = ["存在问题", "问题"];
/// An annotation whose title or text starts with one of these goes to 下一步建议.
pub const SUGGESTION_PREFIXES: [&str; 2] = ["建议", "下一步"];

fn starts_with_any(a: &Annotation, prefixes: &[&str]) -> bool {
    let (title, text) = (a.title.trim_start(), a.description.trim_start());
    prefixes.iter().any(|p| title.starts_with(p) || text.starts_with(p))
}

/// For the planner's own sections only.
fn is_planner_section(a: &Annotation) -> bool {
    starts_with_any(a, &PROBLEM_PREFIXES) || starts_with_any(a, &SUGGESTION_PREFIXES)
}

/// `title：text` (either alone when the other is empty).
pub fn annotation_text(a: &Annotation) -> String {
    match (a.title.trim(), a.description.trim()) {
        ("", "") => format!("（批注 {} 无文字）", a.id),
        (t, "") => t.to_string(),
        ("", d) => d.to_string(),
        (t, d) => format!("{t}：{d}"),
    }
}

/// Whether plan element `id` is `element` or lies inside it (`box3.p2` in `box3`).
fn within(id: &str, element: &str) -> bool {
    id == element || id.strip_prefix(element).is_some_and(|rest| rest.starts_with('.'))
}

/// Whether plan element `id` lies in `element`: inside it by its ID, or (for a table
/// or its rows and targets, `table1.r6.y2025`) through the table's chapter.
fn in_element(plan: &Plan, id: &str, element: &str) -> bool {
    within(id, element)
        || id
            .split('.')
            .next()
            .and_then(|t| plan.table(t))
            .is_some_and(|t| t.chapter == element)
}

/// The annotations (not for the planner's sections) linked to `element` or inside it,
/// or to a catalogue feature of `column`.
fn linked<'a>(
    plan: &Plan,
    catalogue: &Catalogue,
    annotations: &'a [Annotation],
    element: &str,
    column: Option<&str>,
) -> Vec<&'a Annotation> {
    let in_column =
        |feature: &str| column.is_some_and(|c| catalogue.feature(feature).and_then(|f| f.column.as_deref()) == Some(c));
    annotations
        .iter()
        .filter(|a| {
            !is_planner_section(a)
                && (a.plan_refs().any(|r| in_element(plan, r, element)) || a.feature_refs().any(in_column))
        })
        .collect()
}

fn counts_text(counts: &std::collections::BTreeMap<Option<ProjectStatus>, usize>) -> String {
    let total: usize = counts.values().sum();
    let mut parts: Vec<String> = super::STATUS_ORDER
        .iter()
        .filter_map(|s| counts.get(&Some(*s)).map(|n| format!("{}{n}项", s.zh())))
        .collect();
    if let Some(n) = counts.get(&None) {
        parts.push(format!("未填写状态{n}项"));
    }
    format!("专栏工程共 {total} 项：{}。", parts.join("，"))
}

fn subject_line(s: &Subject, evaluation: &Evaluation) -> String {
    match evaluation.status(&s.id) {
        None => format!("{}：未填写状态", s.title),
        Some(e) => {
            let mut line = format!("{}：{}", s.title, e.status.zh());
            if !e.date.trim().is_empty() {
                line.push_str(&format!("（{}）", e.date.trim()));
            }
            if !e.note.trim().is_empty() {
                line.push_str(&format!("，{}", e.note.trim()));
            }
            if !e.source.is_empty() {
                line.push_str(&format!("。来源：{}", e.source.text()));
            }
            line
        }
    }
}

/// The column (`box1`) a feature belongs to: its `column`, else the column of the first
/// column paragraph among its `plan_refs` (the 5G priority areas of 专栏1's 5G project).
fn feature_column(catalogue: &Catalogue, s: &Subject) -> Option<String> {
    let f = catalogue.feature(&s.id)?;
    f.column.clone().or_else(|| {
        f.plan_refs
            .iter()
            .find(|r| r.starts_with("box") && r.contains(".p"))
            .and_then(|r| r.split('.').next())
            .map(str::to_string)
    })
}

/// 重点任务与重大工程进展: per chapter with 专栏 or linked annotations, its annotations, then
/// each 专栏 with its projects' status counts and statuses, the statuses of the features
/// placed for it, and annotations; then the statuses of features outside any 专栏.
pub(super) fn progress_blocks(plan: &Plan, catalogue: &Catalogue, project: &Project) -> Vec<Block> {
    let all = subjects(plan, catalogue);
    let evaluation = &project.evaluation;
    let annotations = &project.annotations;
    let mut out = Vec::new();
    for chapter in &plan.chapters {
        let boxes: Vec<_> = plan.boxes.iter().filter(|b| b.chapter == chapter.id).collect();
        let notes = linked(plan, catalogue, annotations, &chapter.id, None);
        if boxes.is_empty() && notes.is_empty() {
            continue;
        }
        out.push(Block::Heading(2, format!("{} {}", chapter.label, chapter.title)));
        if !notes.is_empty() {
            out.push(Block::Paragraph("规划人员批注：".to_string()));
            out.push(Block::List(notes.iter().map(|a| annotation_text(a)).collect()));
        }
        for b in boxes {
            out.push(Block::Heading(3, format!("专栏{} {}", b.number, b.title)));
            out.push(Block::Paragraph(counts_text(&column_counts(
                &all,
                &evaluation.statuses,
                &b.id,
            ))));
            let lines: Vec<String> = all
                .iter()
                .filter(|s| s.kind == SubjectKind::ColumnProject && s.column.as_deref() == Some(b.id.as_str()))
                .map(|s| subject_line(s, evaluation))
                .collect();
            if !lines.is_empty() {
                out.push(Block::List(lines));
            }
            let features: Vec<String> = all
                .iter()
                .filter(|s| s.kind == SubjectKind::Feature && evaluation.status(&s.id).is_some())
                .filter(|s| feature_column(catalogue, s).as_deref() == Some(b.id.as_str()))
                .map(|s| subject_line(s, evaluation))
                .collect();
            if !features.is_empty() {
                out.push(Block::Paragraph("相关图集要素的实施状态：".to_string()));
                out.push(Block::List(features));
            }
            let notes = linked(plan, catalogue, annotations, &b.id, Some(&b.id));
            if !notes.is_empty() {
                out.push(Block::Paragraph("规划人员批注：".to_string()));
                out.push(Block::List(notes.iter().map(|a| annotation_text(a)).collect()));
            }
        }
    }
    // Features with a status that belong to no column: parks, zones, universities.
    let others: Vec<String> = all
        .iter()
        .filter(|s| s.kind == SubjectKind::Feature && evaluation.status(&s.id).is_some())
        .filter(|s| feature_column(catalogue, s).is_none())
        .map(|s| subject_line(s, evaluation))
        .collect();
    if !others.is_empty() {
        out.push(Block::Heading(2, "其他图集要素的实施状态".to_string()));
        out.push(Block::List(others));
    }
    if out.is_empty() {
        out.push(Block::Paragraph("规划未设专栏。".to_string()));
    }
    out
}

/// A section for the planner to write: the rule as a help text, then the annotations
/// whose title or text starts with one of `prefixes` (with the plan elements they link
/// to), or an instruction that the planner writes it.
pub(super) fn planner_section(plan: &Plan, annotations: &[Annotation], prefixes: &[&str], name: &str) -> Vec<Block> {
    let rule = prefixes.iter().map(|p| format!("“{p}”")).collect::<Vec<_>>().join("或");
    let mut out = vec![Block::Note(format!(
        "本节由规划人员撰写。标题或正文以{rule}开头的批注收录于此。"
    ))];
    let found: Vec<String> = annotations
        .iter()
        .filter(|a| starts_with_any(a, prefixes))
        .map(|a| {
            let refs: Vec<String> = a.plan_refs().filter_map(|r| plan.title_of(r)).collect();
            if refs.is_empty() {
                annotation_text(a)
            } else {
                format!("{}（{}）", annotation_text(a), refs.join("；"))
            }
        })
        .collect();
    if found.is_empty() {
        out.push(Block::Note(format!("【待规划人员填写：{name}。】")));
    } else {
        out.push(Block::List(found));
    }
    out
}

/// 附：参考数据: the reference figures with their sources, and the evaluation's note.
pub(super) fn reference_blocks(plan: &Plan, evaluation: &Evaluation) -> Vec<Block> {
    let labels: std::collections::HashMap<String, String> =
        indicators(plan).into_iter().map(|i| (i.id, i.label)).collect();
    let mut out = Vec::new();
    if evaluation.references.is_empty() {
        out.push(Block::Paragraph("未录入参考数据。".to_string()));
    } else {
        out.push(Block::Paragraph(
            "以下数据不是规划指标，仅供理解相关指标参考，不参与完成度计算：".to_string(),
        ));
        out.push(Block::List(
            evaluation
                .references
                .iter()
                .map(|r| {
                    let mut line = format!("{}（{}年）：{} {}", r.label, r.year, format_number(r.value), r.unit);
                    if let Some(i) = r.indicator.as_ref().and_then(|id| labels.get(id)) {
                        line.push_str(&format!("，参考指标：{i}"));
                    }
                    if !r.scope.trim().is_empty() {
                        line.push_str(&format!("；口径：{}", r.scope.trim()));
                    }
                    if !r.source.is_empty() {
                        line.push_str(&format!("；来源：{}", r.source.text()));
                    }
                    if !r.reliability.trim().is_empty() {
                        line.push_str(&format!("；可靠性：{}", r.reliability.trim()));
                    }
                    line
                })
                .collect(),
        ));
    }
    if !evaluation.note.trim().is_empty() {
        out.push(Block::Note(format!("说明：{}", evaluation.note.trim())));
    }
    out
}
