//! The evaluation report (规划实施终期评估报告): a plain model of its content, built from
//! the plan, the catalogue and a project's evaluation, which the `.xlsx`, `.docx` and
//! `.md` writers (`crate::io::report`) all render. No file access, no UI. It lives in
//! `model`, not `evaluation`, because it reads a whole [`Project`] (annotations too), and
//! `model` already builds on `evaluation`.
//!
//! Every number in the report is a target of the plan (its [`crate::plan::series::Series`]
//! baseline and goal) or an actual value the planner entered, with the source they
//! named; where no actual value is known the report says [`NO_DATA`]. The sections for
//! the planner's own judgement (存在问题, 下一步建议) hold only the text of the planner's
//! annotations, or a visible instruction that the planner writes them.

mod progress;
mod table;

use crate::catalogue::Catalogue;
use crate::evaluation::completion::percent_text;
use crate::evaluation::status::{SubjectKind, subjects};
use crate::evaluation::{ProjectStatus, Thresholds, rows, summary};
use crate::i18n::{Key, Lang, tr};
use crate::model::Project;
use crate::plan::Plan;
use crate::plan::series::format_number;

pub use progress::{PROBLEM_PREFIXES, SUGGESTION_PREFIXES, annotation_text};
pub use table::{indicator_table, split_sources, status_table, year_tables};

/// What a table cell says where no actual value was entered.
pub const NO_DATA: &str = "暂无数据";

/// A map figure of the report: a PNG and its caption (the legend is in the image).
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub png: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    /// E.g. the scene's title.
    pub caption: String,
}

/// What a report is built from. `figures` are drawn by the window-side renderer
/// (`crate::render::report::scene_figures`); they may be empty.
pub struct ReportInput<'a> {
    pub plan: &'a Plan,
    pub catalogue: &'a Catalogue,
    pub project: &'a Project,
    pub figures: Vec<Figure>,
    /// The date printed as the report's date, e.g. `2026-12-06`.
    pub generated: String,
    /// The title; `None`: `《plan title》实施终期评估报告`.
    pub title: Option<String>,
}

/// One cell of a table: text, or a number with the text it is shown as (the `.xlsx`
/// keeps the number), or a share shown as a percentage.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number { value: f64, text: String },
    Percent { share: f64, text: String },
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number shown as [`format_number`] writes it.
    pub fn number(value: f64) -> Cell {
        Cell::Number {
            value,
            text: format_number(value),
        }
    }

    /// What the cell shows.
    pub fn as_str(&self) -> &str {
        match self {
            Cell::Text(t) | Cell::Number { text: t, .. } | Cell::Percent { text: t, .. } => t,
        }
    }
}

/// A table: a header row, body rows of the same length, and each column's width in
/// Chinese characters (a hint: the `.xlsx` sets about twice as many Excel width units,
/// the `.docx` shares the page width out in proportion).
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub widths: Vec<f64>,
}

/// A sheet of the `.xlsx`: its name and table (header row frozen).
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub table: Table,
}

/// One block of the document, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading, level 1 (a section of the report) to 3.
    Heading(u8, String),
    Paragraph(String),
    /// A help text or instruction for the planner, set apart (italic in the `.docx`).
    Note(String),
    /// A bulleted list.
    List(Vec<String>),
    Table(Table),
    /// A figure (index into [`Report::figures`]) with its numbered caption.
    Figure(usize, String),
}

/// Counts of what the report holds, for a line on the command line or in the window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportCounts {
    pub indicators: usize,
    pub actuals: usize,
    pub with_data: usize,
    pub statuses: usize,
    pub annotations: usize,
    pub figures: usize,
}

/// The report's content, shared by the writers.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    /// The date line under the title.
    pub generated: String,
    /// The document after the title.
    pub blocks: Vec<Block>,
    /// The `.xlsx`'s sheets: the indicator table, one per year with actual values, the
    /// project statuses.
    pub sheets: Vec<Sheet>,
    pub figures: Vec<Figure>,
    pub counts: ReportCounts,
}

/// The report's section headings, in order.
pub const SECTIONS: [&str; 6] = [
    "一、总体评价",
    "二、主要指标完成情况",
    "三、重点任务与重大工程进展",
    "四、存在问题",
    "五、下一步建议",
    "附：参考数据",
];

/// The statuses in the order the report counts them: built first.
pub const STATUS_ORDER: [ProjectStatus; 5] = [
    ProjectStatus::Built,
    ProjectStatus::InProgress,
    ProjectStatus::Adjusted,
    ProjectStatus::NotStarted,
    ProjectStatus::Cancelled,
];

/// The default title: `《plan title》实施终期评估报告` (spaces of the plan's heading dropped).
pub fn default_title(plan: &Plan) -> String {
    let title: String = plan.front.title.chars().filter(|c| !c.is_whitespace()).collect();
    format!("《{title}》实施终期评估报告")
}

/// The published thresholds, as a sentence for the report.
pub fn thresholds_sentence(t: &Thresholds) -> String {
    format!(
        "评价标准：完成度 =（实际值 − 基期值）/（目标值 − 基期值），下降类指标反向计算，上限类指标（如 \
         “不高于”）实际值不高于上限即为完成，比重类指标的变化按百分点计；规划未给出基期值的，完成度按 \
         实际值 / 目标值 计。目标年及以后：完成度不低于 {} 为超额完成，不低于 {} 为完成，不低于 {} 为基本完成，\
         低于 {} 为未完成。目标年以前：已达到目标为提前实现；与时间进度（（年份 − 基期年）/（目标年 − 基期年））\
         相差不超过 {} 个百分点为基本符合预期，高出更多为快于预期，低出更多为滞后于预期。",
        percent_text(t.exceeded),
        percent_text(t.done),
        percent_text(t.basic),
        percent_text(t.basic),
        format_number(t.on_track_margin * 100.0),
    )
}

/// `N 项专栏工程中，X 项已建成、Y 项推进中；Z 项未填写实施状态。` — counting only the
/// column projects (paragraphs of 专栏1–11) with a status.
pub fn status_line(plan: &Plan, catalogue: &Catalogue, project: &Project) -> String {
    let projects: Vec<_> = subjects(plan, catalogue)
        .into_iter()
        .filter(|s| s.kind == SubjectKind::ColumnProject)
        .collect();
    let statuses = &project.evaluation.statuses;
    let mut counts = std::collections::BTreeMap::<ProjectStatus, usize>::new();
    for s in &projects {
        if let Some(e) = statuses.iter().find(|e| e.subject == s.id) {
            *counts.entry(e.status).or_insert(0) += 1;
        }
    }
    let with: usize = counts.values().sum();
    let none = projects.len() - with;
    let mut line = if with == 0 {
        format!("{} 项专栏工程均未填写实施状态", projects.len())
    } else {
        let parts: Vec<String> = STATUS_ORDER
            .iter()
            .filter_map(|s| counts.get(s).map(|n| format!("{n} 项{}", s.zh())))
            .collect();
        let mut line = format!("{} 项专栏工程中，{}", projects.len(), parts.join("、"));
        if none > 0 {
            line.push_str(&format!("；{none} 项未填写实施状态"));
        }
        line
    };
    // The catalogue features with a status of their own, counted apart.
    let mut features = std::collections::BTreeMap::<ProjectStatus, usize>::new();
    for e in statuses.iter().filter(|e| catalogue.feature(&e.subject).is_some()) {
        *features.entry(e.status).or_insert(0) += 1;
    }
    if !features.is_empty() {
        let parts: Vec<String> = STATUS_ORDER
            .iter()
            .filter_map(|s| features.get(s).map(|n| format!("{n} 个{}", s.zh())))
            .collect();
        let n: usize = features.values().sum();
        line.push_str(&format!("。另有 {n} 个图集要素填写了实施状态：{}", parts.join("、")));
    }
    line.push('。');
    line
}

/// The figures' 示意 disclaimer, from the map's own disclaimers.
pub fn figure_disclaimer() -> String {
    let divisions = tr(Lang::Zh, Key::Disclaimer);
    let areas = tr(Lang::Zh, Key::DisclaimerPlanAreas);
    let areas = areas.strip_prefix("示意图：").unwrap_or(areas);
    format!("{divisions}{areas}")
}

/// Builds the report's content from `input` (see the module doc).
pub fn build_report(input: &ReportInput) -> Report {
    let plan = input.plan;
    let evaluation = &input.project.evaluation;
    let rows = rows(plan, evaluation);
    let summary = summary(&rows);
    let title = input
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| default_title(plan));
    let indicators = indicator_table(&rows, &evaluation.thresholds);
    let mut blocks = vec![
        Block::Paragraph(format!(
            "评估对象：{}（{} {}），{}印发。",
            plan.front.title.split_whitespace().collect::<String>(),
            plan.front.document_number,
            plan.front.attachment,
            plan.front.issuer
        )),
        Block::Heading(1, SECTIONS[0].to_string()),
        Block::Paragraph(summary.line_zh()),
        Block::Paragraph(status_line(plan, input.catalogue, input.project)),
        Block::Paragraph(thresholds_sentence(&evaluation.thresholds)),
    ];
    if !evaluation.note.trim().is_empty() {
        blocks.push(Block::Note(format!("数据说明：{}", evaluation.note.trim())));
    }
    blocks.push(Block::Heading(1, SECTIONS[1].to_string()));
    blocks.push(Block::Note(format!(
        "基期值与目标值摘自规划文本；实际值为规划人员录入的数值（已换算为指标单位），来源见末列；\
         未录入实际值的，表中写“{NO_DATA}”；基期值为“—”的，规划未给出基期值。完成度与评价按最新一年的实际值\
         计算；各指标的数据来源与口径说明列于表后。"
    )));
    let (page_table, sources) = split_sources(&indicators);
    blocks.push(Block::Table(page_table));
    blocks.push(Block::Paragraph("数据来源/口径说明：".to_string()));
    blocks.push(if sources.is_empty() {
        Block::Paragraph(format!("{NO_DATA}。"))
    } else {
        Block::List(sources)
    });
    blocks.push(Block::Heading(1, SECTIONS[2].to_string()));
    blocks.extend(progress::progress_blocks(plan, input.catalogue, input.project));
    blocks.push(Block::Heading(1, SECTIONS[3].to_string()));
    blocks.extend(progress::planner_section(
        plan,
        &input.project.annotations,
        &PROBLEM_PREFIXES,
        "存在问题",
    ));
    blocks.push(Block::Heading(1, SECTIONS[4].to_string()));
    blocks.extend(progress::planner_section(
        plan,
        &input.project.annotations,
        &SUGGESTION_PREFIXES,
        "下一步建议",
    ));
    if !input.figures.is_empty() {
        blocks.push(Block::Heading(1, "附图".to_string()));
        for (k, f) in input.figures.iter().enumerate() {
            blocks.push(Block::Figure(k, format!("图{} {}", k + 1, f.caption)));
        }
        blocks.push(Block::Note(figure_disclaimer()));
    }
    blocks.push(Block::Heading(1, SECTIONS[5].to_string()));
    blocks.extend(progress::reference_blocks(plan, evaluation));
    let mut sheets = vec![Sheet {
        name: "指标完成情况".to_string(),
        table: indicators,
    }];
    sheets.extend(year_tables(&rows));
    sheets.push(Sheet {
        name: "项目状态".to_string(),
        table: status_table(plan, input.catalogue, evaluation),
    });
    Report {
        title,
        generated: format!("生成日期：{}", input.generated),
        blocks,
        sheets,
        figures: input.figures.clone(),
        counts: ReportCounts {
            indicators: summary.indicators,
            actuals: evaluation.actuals.len(),
            with_data: summary.with_data,
            statuses: evaluation.statuses.len(),
            annotations: input.project.annotations.len(),
            figures: input.figures.len(),
        },
    }
}
