//! The plan document: parsed from the OCR'd text at run time into chapters, sections,
//! columns (专栏), table 表1, paragraphs, targets and self-check findings.
//!
//! No UI code lives here: it is tested without a window.

mod errata;
mod findings;
mod model;
mod numerals;
mod parse;
pub mod series;
mod targets;

use std::ops::Range;

pub use errata::{Erratum, parse_errata};
pub use model::*;
pub use numerals::chinese_number;
pub use series::{Series, SeriesPair, embedded_series_pairs, validate_series_pairs};

/// A regular expression written as a literal in this crate. The one place that may
/// panic on a bad pattern: every pattern is a constant, and the plan's tests compile each
/// (parsing the embedded plan forces them all), so a typo fails `cargo test`, never a user.
#[allow(clippy::expect_used)]
pub(crate) fn static_regex(pattern: &'static str) -> regex::Regex {
    regex::Regex::new(pattern).expect("a regex literal of this crate compiles")
}

/// The plan text shipped with the atlas (a byte-identical copy of the source).
pub const EMBEDDED_PLAN: &str = include_str!("../../seeds/dalian-digital-economy-14th-fyp.md");
/// File name of [`EMBEDDED_PLAN`], for messages.
pub const EMBEDDED_PLAN_NAME: &str = "seeds/dalian-digital-economy-14th-fyp.md";
/// The errata for [`EMBEDDED_PLAN`].
pub const EMBEDDED_ERRATA: &str = include_str!("../../seeds/errata.json");
pub const EMBEDDED_ERRATA_NAME: &str = "seeds/errata.json";

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("cannot read the plan file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the plan file {path} is not UTF-8 text")]
    NotText { path: String },
    #[error("the plan text is not laid out as expected: {what}")]
    Structure { what: String },
    #[error("errata file {file}, line {line} column {column}: {reason}")]
    ErrataFile {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("erratum for line {line} does not apply: “{original}” does not occur exactly once in that paragraph")]
    Erratum { line: usize, original: String },
}

/// One occurrence of a search string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchHit {
    pub paragraph: String,
    /// Byte range in the paragraph's text.
    pub range: Range<usize>,
}

impl Plan {
    /// Parses plan text with the given errata.
    pub fn parse(source_name: &str, text: &str, errata: Vec<Erratum>) -> Result<Plan, PlanError> {
        let mut plan = parse::parse(source_name, text, errata)?;
        targets::extract_targets(&mut plan);
        plan.build_index();
        findings::cross_check(&mut plan);
        Ok(plan)
    }

    /// The plan shipped with the atlas.
    pub fn embedded() -> Result<Plan, PlanError> {
        let errata = parse_errata(EMBEDDED_ERRATA_NAME, EMBEDDED_ERRATA)?;
        Plan::parse(EMBEDDED_PLAN_NAME, EMBEDDED_PLAN, errata)
    }

    fn build_index(&mut self) {
        let mut index = std::collections::HashMap::new();
        let loc = |kind, chapter, section, table_or_box, index| ElementLocation {
            kind,
            chapter,
            section,
            table_or_box,
            index,
        };
        index.insert("preface".to_string(), loc(ElementKind::Preface, None, None, None, None));
        for (k, p) in self.preface.iter().enumerate() {
            index.insert(p.id.clone(), loc(ElementKind::Paragraph, None, None, None, Some(k)));
        }
        for (c, ch) in self.chapters.iter().enumerate() {
            index.insert(ch.id.clone(), loc(ElementKind::Chapter, Some(c), None, None, None));
            for (k, p) in ch.paragraphs.iter().enumerate() {
                index.insert(p.id.clone(), loc(ElementKind::Paragraph, Some(c), None, None, Some(k)));
            }
            for (s, sec) in ch.sections.iter().enumerate() {
                index.insert(sec.id.clone(), loc(ElementKind::Section, Some(c), Some(s), None, None));
                for (k, p) in sec.paragraphs.iter().enumerate() {
                    index.insert(
                        p.id.clone(),
                        loc(ElementKind::Paragraph, Some(c), Some(s), None, Some(k)),
                    );
                }
            }
        }
        for (b, bx) in self.boxes.iter().enumerate() {
            index.insert(bx.id.clone(), loc(ElementKind::Box, None, None, Some(b), None));
            for (k, p) in bx.paragraphs.iter().enumerate() {
                index.insert(p.id.clone(), loc(ElementKind::Paragraph, None, None, Some(b), Some(k)));
            }
        }
        for (t, table) in self.tables.iter().enumerate() {
            index.insert(table.id.clone(), loc(ElementKind::Table, None, None, Some(t), None));
            for (k, row) in table.rows.iter().enumerate() {
                index.insert(row.id.clone(), loc(ElementKind::TableRow, None, None, Some(t), Some(k)));
            }
        }
        for (k, t) in self.targets.iter().enumerate() {
            index.insert(t.id.clone(), loc(ElementKind::Target, None, None, None, Some(k)));
        }
        self.index = index;
    }

    /// What an ID names, if it names anything.
    pub fn kind_of(&self, id: &str) -> Option<ElementKind> {
        self.index.get(id).map(|l| l.kind)
    }

    pub fn chapter(&self, id: &str) -> Option<&Chapter> {
        let l = self.index.get(id).filter(|l| l.kind == ElementKind::Chapter)?;
        self.chapters.get(l.chapter?)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        let l = self.index.get(id).filter(|l| l.kind == ElementKind::Section)?;
        self.chapters.get(l.chapter?)?.sections.get(l.section?)
    }

    pub fn text_box(&self, id: &str) -> Option<&TextBox> {
        let l = self.index.get(id).filter(|l| l.kind == ElementKind::Box)?;
        self.boxes.get(l.table_or_box?)
    }

    pub fn table(&self, id: &str) -> Option<&Table> {
        let l = self.index.get(id).filter(|l| l.kind == ElementKind::Table)?;
        self.tables.get(l.table_or_box?)
    }

    pub fn table_row(&self, id: &str) -> Option<(&Table, &TableRow)> {
        let l = self.index.get(id).filter(|l| l.kind == ElementKind::TableRow)?;
        let table = self.tables.get(l.table_or_box?)?;
        Some((table, table.rows.get(l.index?)?))
    }

    pub fn target(&self, id: &str) -> Option<&Target> {
        let l = self.index.get(id).filter(|l| l.kind == ElementKind::Target)?;
        self.targets.get(l.index?)
    }

    pub fn paragraph(&self, id: &str) -> Option<&Paragraph> {
        let l = self.index.get(id).filter(|l| l.kind == ElementKind::Paragraph)?;
        let k = l.index?;
        match (l.chapter, l.section, l.table_or_box) {
            (None, None, None) => self.preface.get(k),
            (Some(c), None, _) => self.chapters.get(c)?.paragraphs.get(k),
            (Some(c), Some(s), _) => self.chapters.get(c)?.sections.get(s)?.paragraphs.get(k),
            (None, _, Some(b)) => self.boxes.get(b)?.paragraphs.get(k),
            _ => None,
        }
    }

    /// Every paragraph in reading order (by source line).
    pub fn all_paragraphs(&self) -> Vec<&Paragraph> {
        let mut all: Vec<&Paragraph> = self.preface.iter().collect();
        for ch in &self.chapters {
            all.extend(&ch.paragraphs);
            for s in &ch.sections {
                all.extend(&s.paragraphs);
            }
        }
        for b in &self.boxes {
            all.extend(&b.paragraphs);
        }
        all.sort_by_key(|p| p.lines.first);
        all
    }

    /// The paragraphs an element shows, in reading order: a chapter's all, a section's
    /// own and its columns', a column's, a paragraph itself; for a table row or target,
    /// the paragraph it comes from (none for table cells).
    pub fn paragraphs_of(&self, id: &str) -> Vec<&Paragraph> {
        let within = |first: usize, last: usize| -> Vec<&Paragraph> {
            self.all_paragraphs()
                .into_iter()
                .filter(|p| p.lines.first >= first && p.lines.first <= last)
                .collect()
        };
        match self.kind_of(id) {
            Some(ElementKind::Preface) => self.preface.iter().collect(),
            Some(ElementKind::Chapter) => {
                let Some(ch) = self.chapter(id) else { return Vec::new() };
                let end = self
                    .chapters
                    .get(ch.number as usize)
                    .map_or(usize::MAX, |next| next.line);
                within(ch.line, end.saturating_sub(1))
            }
            Some(ElementKind::Section) => {
                let (Some(s), Some(ch)) = (
                    self.section(id),
                    self.index.get(id).and_then(|l| self.chapters.get(l.chapter?)),
                ) else {
                    return Vec::new();
                };
                let end = ch
                    .sections
                    .get(s.number as usize)
                    .map(|n| n.line)
                    .or_else(|| self.chapters.get(ch.number as usize).map(|n| n.line))
                    .unwrap_or(usize::MAX);
                within(s.line, end.saturating_sub(1))
            }
            Some(ElementKind::Box) => self
                .text_box(id)
                .map(|b| b.paragraphs.iter().collect())
                .unwrap_or_default(),
            Some(ElementKind::Paragraph) => self.paragraph(id).into_iter().collect(),
            Some(ElementKind::Target) => self
                .target(id)
                .and_then(|t| self.paragraph(&t.paragraph))
                .into_iter()
                .collect(),
            Some(ElementKind::Table | ElementKind::TableRow) | None => Vec::new(),
        }
    }

    /// The ID of the element that holds a paragraph (section, column, chapter or preface).
    pub fn container_of(&self, paragraph_id: &str) -> Option<&str> {
        let p = self.paragraph(paragraph_id)?;
        p.id.rsplit_once(".p").map(|(c, _)| c)
    }

    /// A heading for any element: `第五章 建设…`, `第一节 …`, `专栏3 …`, `表1 …`.
    pub fn title_of(&self, id: &str) -> Option<String> {
        Some(match self.kind_of(id)? {
            ElementKind::Preface => "前言".to_string(),
            ElementKind::Chapter => {
                let c = self.chapter(id)?;
                format!("{} {}", c.label, c.title)
            }
            ElementKind::Section => {
                let s = self.section(id)?;
                format!("{} {}", s.label, s.title)
            }
            ElementKind::Box => {
                let b = self.text_box(id)?;
                format!("专栏{} {}", b.number, b.title)
            }
            ElementKind::Table => {
                let t = self.table(id)?;
                format!("表{} {}", t.number, t.title)
            }
            ElementKind::TableRow => self.table_row(id)?.1.indicator.clone(),
            ElementKind::Paragraph => self.title_of(self.container_of(id)?)?,
            ElementKind::Target => self.target(id)?.label.clone(),
        })
    }

    /// [`Plan::title_of`], with a section's chapter in front (`第二章 · 第四节 整体布局`), for
    /// lists where a section stands alone; a paragraph is named by its section or column.
    pub fn title_in_chapter(&self, id: &str) -> Option<String> {
        let id = match self.kind_of(id)? {
            ElementKind::Paragraph => self.container_of(id)?,
            _ => id,
        };
        let title = self.title_of(id)?;
        match (self.section(id), id.split('.').next().and_then(|c| self.chapter(c))) {
            (Some(_), Some(chapter)) => Some(format!("{} · {title}", chapter.label)),
            _ => Some(title),
        }
    }

    /// Targets stated in a paragraph or table row.
    pub fn targets_in(&self, paragraph_id: &str) -> Vec<&Target> {
        self.targets.iter().filter(|t| t.paragraph == paragraph_id).collect()
    }

    /// Every occurrence of `query` (a plain substring) in the paragraphs, in reading order.
    pub fn search(&self, query: &str) -> Vec<SearchHit> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        self.all_paragraphs()
            .into_iter()
            .flat_map(|p| {
                p.text
                    .match_indices(query)
                    .map(|(at, m)| SearchHit {
                        paragraph: p.id.clone(),
                        range: at..at + m.len(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Internal consistency problems of the parse itself (not of the document), and of
    /// the baseline → goal pairs in `seeds/target-series.json` against it: the things
    /// `check` fails on.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut ids: Vec<&str> = vec![];
        for p in self.all_paragraphs() {
            ids.push(&p.id);
            if !parse::ends_sentence(&p.text) {
                problems.push(format!(
                    "{} (line {}) ends mid-sentence: …{}",
                    p.id,
                    p.lines.last,
                    tail(&p.text, 12)
                ));
            }
        }
        ids.extend(self.chapters.iter().map(|c| c.id.as_str()));
        ids.extend(
            self.chapters
                .iter()
                .flat_map(|c| c.sections.iter().map(|s| s.id.as_str())),
        );
        ids.extend(self.boxes.iter().map(|b| b.id.as_str()));
        ids.extend(self.tables.iter().map(|t| t.id.as_str()));
        ids.extend(self.tables.iter().flat_map(|t| t.rows.iter().map(|r| r.id.as_str())));
        ids.extend(self.targets.iter().map(|t| t.id.as_str()));
        for id in ids {
            if !seen.insert(id) {
                problems.push(format!("ID {id} is used twice"));
            }
        }
        for t in &self.targets {
            match self.paragraph(&t.paragraph) {
                Some(p) => {
                    if p.text
                        .get(t.value_range.clone())
                        .is_none_or(|s| !s.starts_with(&t.value_text))
                    {
                        problems.push(format!(
                            "target {}: “{}” is not found at its place in {}",
                            t.id, t.value_text, p.id
                        ));
                    }
                }
                None => match self.table_row(&t.paragraph) {
                    Some((_, row)) if row.cells.contains(&t.value_text) => {}
                    _ => problems.push(format!("target {}: “{}” is not in {}", t.id, t.value_text, t.paragraph)),
                },
            }
        }
        problems.extend(series::series_problems(self));
        problems
    }
}

fn tail(text: &str, chars: usize) -> String {
    let n = text.chars().count();
    text.chars().skip(n.saturating_sub(chars)).collect()
}
