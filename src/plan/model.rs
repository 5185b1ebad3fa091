//! The parsed plan document: plain data, serialisable, with stable IDs.
//!
//! Every text this module holds is taken from the source file; byte ranges
//! (`Range<usize>`) index into the `text` of the element that owns them.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

/// A 1-based, inclusive range of lines in the source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SourceLines {
    pub first: usize,
    pub last: usize,
}

/// One paragraph of body text, after page-break repair and errata.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Paragraph {
    /// Stable ID, e.g. `ch5.s1.p3`, `box3.p2`, `preface.p1`.
    pub id: String,
    /// The text with markdown emphasis removed, page breaks joined and errata applied.
    pub text: String,
    /// Where it stands in the source file.
    pub lines: SourceLines,
    /// Source lines at which a page-break continuation was joined on.
    pub joined_lines: Vec<usize>,
    /// Errata applied to this paragraph; `range` is the corrected span in `text`.
    pub corrections: Vec<Correction>,
}

/// An erratum as applied to a paragraph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Correction {
    pub range: Range<usize>,
    pub original: String,
    pub correction: String,
    pub reason: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrontMatter {
    /// 发文字号, e.g. `大政办发〔2021〕33号`.
    pub document_number: String,
    /// e.g. `附件19`.
    pub attachment: String,
    pub title: String,
    pub issuer: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TocLevel {
    Chapter,
    Section,
}

/// A line of the table of contents (目录).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: TocLevel,
    /// Chapter number (1-based) this entry belongs to.
    pub chapter: u32,
    /// Section number within the chapter; `None` for a chapter entry.
    pub section: Option<u32>,
    pub title: String,
    pub page: Option<u32>,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chapter {
    /// `ch1` … `ch9`.
    pub id: String,
    pub number: u32,
    /// The heading as written, e.g. `第五章`.
    pub label: String,
    pub title: String,
    pub line: usize,
    /// Paragraphs between the chapter heading and its first section.
    pub paragraphs: Vec<Paragraph>,
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    /// `ch5.s1`.
    pub id: String,
    pub number: u32,
    pub label: String,
    pub title: String,
    pub line: usize,
    pub paragraphs: Vec<Paragraph>,
    /// IDs of the columns (专栏) that stand in this section, in order.
    pub boxes: Vec<String>,
    /// IDs of the tables that stand in this section, in order.
    pub tables: Vec<String>,
}

/// A column (专栏) — a boxed list of projects.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextBox {
    /// `box1` … `box11`.
    pub id: String,
    pub number: u32,
    pub title: String,
    pub line: usize,
    /// ID of the chapter it stands in.
    pub chapter: String,
    /// ID of the section it stands in, if any.
    pub section: Option<String>,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    /// `table1`.
    pub id: String,
    pub number: u32,
    pub title: String,
    pub chapter: String,
    pub section: Option<String>,
    pub lines: SourceLines,
    /// Column headings as written.
    pub header: Vec<String>,
    /// The year of each value column, read from the header (`2020 年` → 2020).
    pub years: Vec<u16>,
    pub rows: Vec<TableRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableRow {
    /// `table1.r1`.
    pub id: String,
    /// The indicator name without its unit, e.g. `软件和信息技术服务业营业收入`.
    pub indicator: String,
    /// The unit given in brackets after the name, e.g. `亿元`, `%`.
    pub unit: String,
    /// Cells as written, one per year column.
    pub cells: Vec<String>,
    /// Parsed numeric values, one per year column.
    pub values: Vec<f64>,
    pub line: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A value reached by the end of the 13th plan (2020 or the period to 2020).
    Baseline,
    /// A value the plan aims for (by 2025).
    Target,
    /// “不高于 …”: the value must not be exceeded.
    UpperBound,
    /// “不少于 …”, “… 以上”: at least the value.
    LowerBound,
    /// “2-3 个”: a range, `value` .. `value_max`.
    Range,
}

impl TargetKind {
    pub fn is_goal(self) -> bool {
        !matches!(self, TargetKind::Baseline)
    }
}

/// A quantitative statement of the plan, read from its text or table 表1.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    /// Stable ID: `<paragraph id>.n<k>` for text, `table1.r<k>.<year>` for the table.
    pub id: String,
    /// What is measured, as the plan words it (a substring of the source).
    pub label: String,
    pub value: f64,
    /// Upper end of a range (`2-3 个` → 3), else `None`.
    pub value_max: Option<f64>,
    /// The number as written, e.g. `2.41`, `2-3`, `7.2%`.
    pub value_text: String,
    pub unit: String,
    pub year: Option<u16>,
    pub kind: TargetKind,
    /// `左右`, `约`, `多`, `近`: the plan gives the value as approximate.
    pub approximate: bool,
    /// The paragraph (or table row) it comes from.
    pub paragraph: String,
    /// The clause that states it, and its byte range in the paragraph text.
    pub clause: String,
    pub clause_range: Range<usize>,
    /// Byte range of the number (with unit) in the paragraph text.
    pub value_range: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The table of contents and the body give a chapter or section different titles.
    TocTitle,
    /// The table of contents and the body count different chapters or sections.
    TocCount,
    /// The layout slogan counts a different number of zones than the section names.
    LayoutZones,
    /// An OCR correction made through the errata file.
    Erratum,
    /// One goal stated twice, its two series starting from different baselines for the
    /// same year (表1's 0.5 万 5G 站址 and 第一章's 6309 个 5G 基站 in 2020).
    BaselineConflict,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The check was made and the document agrees with itself.
    Agrees,
    /// The document disagrees with itself; the atlas shows what the text says.
    Discrepancy,
}

/// The result of a cross-check of the document against itself.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub id: String,
    pub kind: FindingKind,
    pub severity: Severity,
    pub message_zh: String,
    pub message_en: String,
    /// IDs of the elements concerned.
    pub refs: Vec<String>,
}

/// What an ID names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementKind {
    Preface,
    Chapter,
    Section,
    Box,
    Table,
    TableRow,
    Paragraph,
    Target,
}

/// Where an element lives, for lookups by ID.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ElementLocation {
    pub kind: ElementKind,
    pub chapter: Option<usize>,
    pub section: Option<usize>,
    pub table_or_box: Option<usize>,
    pub index: Option<usize>,
}

/// The whole parsed plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    /// Name of the file it was read from (for messages).
    pub source_name: String,
    pub front: FrontMatter,
    pub toc: Vec<TocEntry>,
    pub preface: Vec<Paragraph>,
    pub chapters: Vec<Chapter>,
    pub boxes: Vec<TextBox>,
    pub tables: Vec<Table>,
    pub targets: Vec<Target>,
    pub findings: Vec<Finding>,
    #[serde(skip)]
    pub(crate) index: HashMap<String, ElementLocation>,
}
