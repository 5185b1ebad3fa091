//! From OCR'd markdown to [`Plan`]: headings by their 第X章 / 第X节 / 专栏N / 表N
//! patterns (never by markdown level, which is random in the source), page-break
//! repair, errata, and the table.

use std::sync::LazyLock;

use regex::Regex;

use super::static_regex;

use super::PlanError;
use super::errata::{Erratum, apply_errata};
use super::model::*;
use super::numerals::chinese_number;

static CHAPTER_RE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^(第([一二三四五六七八九十]+)章)\s*(.*)$"));
static SECTION_RE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^(第([一二三四五六七八九十]+)节)\s*(.*)$"));
static BOX_RE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^专栏\s*(\d+)\s+(.+)$"));
static TABLE_RE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^表\s*(\d+)\s+(.+)$"));
static TOC_LEADER_RE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"\s*\.{3,}\s*(\d+)?\s*$"));
static DOC_NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^(\S+〔\d{4}〕\d+号)\s*(附件\s*\d+)?$"));
static UNIT_RE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^(.*?)（([^（）]+)）$"));
static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"(\d{4})\s*年"));

/// Strips markdown heading marks, bold markers and `<b>` tags, and folds whitespace runs
/// (including tabs) to one space.
pub(crate) fn strip_markup(line: &str) -> String {
    let without_hash = line.trim_start().trim_start_matches('#');
    let no_tags = without_hash.replace("<b>", "").replace("</b>", "").replace("**", "");
    no_tags.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Body text: markup removed but inner spacing kept as written (OCR spacing around
/// numbers such as `到 2025 年` is part of the source).
fn clean_body(line: &str) -> String {
    line.replace("<b>", "")
        .replace("</b>", "")
        .replace("**", "")
        .trim()
        .to_string()
}

enum Heading {
    Chapter { label: String, number: u32, title: String },
    Section { label: String, number: u32, title: String },
    Box { number: u32, title: String },
    Table { number: u32, title: String },
}

fn heading(line: &str) -> Option<Heading> {
    let s = strip_markup(line);
    if let Some(c) = CHAPTER_RE.captures(&s) {
        return Some(Heading::Chapter {
            label: c[1].to_string(),
            number: chinese_number(&c[2])?,
            title: c[3].trim().to_string(),
        });
    }
    if let Some(c) = SECTION_RE.captures(&s) {
        return Some(Heading::Section {
            label: c[1].to_string(),
            number: chinese_number(&c[2])?,
            title: c[3].trim().to_string(),
        });
    }
    if let Some(c) = BOX_RE.captures(&s) {
        return Some(Heading::Box {
            number: c[1].parse().ok()?,
            title: c[2].trim().to_string(),
        });
    }
    if let Some(c) = TABLE_RE.captures(&s) {
        return Some(Heading::Table {
            number: c[1].parse().ok()?,
            title: c[2].trim().to_string(),
        });
    }
    None
}

/// True when `text` ends a sentence: 。！？；：… possibly followed by closing quotes/brackets.
pub(crate) fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['”', '’', '）', ')', '】', '》', '」', ' ']);
    matches!(
        trimmed.chars().last(),
        Some('。' | '！' | '？' | '；' | '：' | '…' | '!' | '?')
    )
}

/// A raw block of the body: one non-blank source line.
struct RawParagraph {
    text: String,
    first: usize,
    last: usize,
    joined: Vec<usize>,
}

fn join_text(a: &mut String, b: &str) {
    let needs_space = matches!((a.chars().last(), b.chars().next()), (Some(x), Some(y)) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic());
    if needs_space {
        a.push(' ');
    }
    a.push_str(b);
}

/// Where paragraphs currently go.
#[derive(Clone, Copy, PartialEq)]
enum Container {
    Preface,
    ChapterIntro(usize),
    Section(usize, usize),
    Box(usize),
}

struct Builder {
    plan: Plan,
    container: Container,
    pending: Vec<RawParagraph>,
    errata: Vec<Erratum>,
    used_errata: Vec<bool>,
}

impl Builder {
    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let (prefix, list): (String, &mut Vec<Paragraph>) = match self.container {
            Container::Preface => ("preface".into(), &mut self.plan.preface),
            Container::ChapterIntro(c) => {
                let ch = &mut self.plan.chapters[c];
                (ch.id.clone(), &mut ch.paragraphs)
            }
            Container::Section(c, s) => {
                let sec = &mut self.plan.chapters[c].sections[s];
                (sec.id.clone(), &mut sec.paragraphs)
            }
            Container::Box(b) => {
                let bx = &mut self.plan.boxes[b];
                (bx.id.clone(), &mut bx.paragraphs)
            }
        };
        for raw in pending {
            let id = format!("{prefix}.p{}", list.len() + 1);
            let mut para = Paragraph {
                id,
                text: raw.text,
                lines: SourceLines {
                    first: raw.first,
                    last: raw.last,
                },
                joined_lines: raw.joined,
                corrections: Vec::new(),
            };
            apply_errata(&mut para, &self.errata, &mut self.used_errata);
            list.push(para);
        }
    }

    /// Adds a body line, joining it to the previous one when that one was cut by a page break.
    fn push_line(&mut self, line_no: usize, text: String) {
        if let Some(prev) = self.pending.last_mut()
            && !ends_sentence(&prev.text)
        {
            join_text(&mut prev.text, &text);
            prev.last = line_no;
            prev.joined.push(line_no);
            return;
        }
        self.pending.push(RawParagraph {
            text,
            first: line_no,
            last: line_no,
            joined: Vec::new(),
        });
    }

    fn current_chapter(&self) -> Option<usize> {
        match self.container {
            Container::Preface => None,
            Container::ChapterIntro(c) | Container::Section(c, _) => Some(c),
            Container::Box(b) => {
                let id = &self.plan.boxes[b].chapter;
                self.plan.chapters.iter().position(|c| &c.id == id)
            }
        }
    }

    fn current_section(&self) -> Option<(usize, usize)> {
        match self.container {
            Container::Section(c, s) => Some((c, s)),
            Container::Box(b) => {
                let bx = &self.plan.boxes[b];
                let c = self.plan.chapters.iter().position(|c| c.id == bx.chapter)?;
                let s = self.plan.chapters[c]
                    .sections
                    .iter()
                    .position(|s| Some(&s.id) == bx.section.as_ref())?;
                Some((c, s))
            }
            _ => None,
        }
    }
}

fn parse_number_cell(cell: &str) -> Option<f64> {
    cell.trim().trim_end_matches('%').trim().parse().ok()
}

/// Parses the plan text. `errata` are applied to the paragraph at their line.
pub(crate) fn parse(source_name: &str, text: &str, errata: Vec<Erratum>) -> Result<Plan, PlanError> {
    let lines: Vec<&str> = text.lines().collect();
    let used_errata = vec![false; errata.len()];
    let mut b = Builder {
        plan: Plan {
            source_name: source_name.to_string(),
            front: FrontMatter {
                document_number: String::new(),
                attachment: String::new(),
                title: String::new(),
                issuer: String::new(),
            },
            toc: Vec::new(),
            preface: Vec::new(),
            chapters: Vec::new(),
            boxes: Vec::new(),
            tables: Vec::new(),
            targets: Vec::new(),
            findings: Vec::new(),
            index: Default::default(),
        },
        container: Container::Preface,
        pending: Vec::new(),
        errata,
        used_errata,
    };

    // Front matter: everything before the table of contents.
    let mut i = 0;
    let mut toc_line = None;
    while i < lines.len() {
        let s = strip_markup(lines[i]);
        if s.replace(' ', "") == "目录" {
            toc_line = Some(i);
            break;
        }
        if !s.is_empty() {
            if let Some(c) = DOC_NUMBER_RE.captures(&s) {
                b.plan.front.document_number = c[1].to_string();
                b.plan.front.attachment = c.get(2).map(|m| m.as_str().replace(' ', "")).unwrap_or_default();
            } else if lines[i].trim_start().starts_with('#') && b.plan.front.title.is_empty() {
                b.plan.front.title = s;
            } else if b.plan.front.issuer.is_empty() && !b.plan.front.title.is_empty() {
                b.plan.front.issuer = s;
            }
        }
        i += 1;
    }
    let toc_line = toc_line.ok_or(PlanError::Structure {
        what: "目录 (table of contents) heading not found".into(),
    })?;
    if b.plan.front.title.is_empty() {
        return Err(PlanError::Structure {
            what: "the title heading before 目录 is missing".into(),
        });
    }

    // Table of contents: heading-like lines with dot leaders, until the first line without one.
    i = toc_line + 1;
    let mut toc_chapter = 0;
    while i < lines.len() {
        let raw = lines[i];
        if raw.trim().is_empty() {
            i += 1;
            continue;
        }
        let s = strip_markup(raw);
        let Some(leader) = TOC_LEADER_RE.captures(&s) else {
            break;
        };
        let page = leader.get(1).and_then(|m| m.as_str().parse().ok());
        let head = s[..leader.get(0).map_or(s.len(), |m| m.start())].trim().to_string();
        match heading(&head) {
            Some(Heading::Chapter { number, title, .. }) => {
                toc_chapter = number;
                b.plan.toc.push(TocEntry {
                    level: TocLevel::Chapter,
                    chapter: number,
                    section: None,
                    title,
                    page,
                    line: i + 1,
                });
            }
            Some(Heading::Section { number, title, .. }) => b.plan.toc.push(TocEntry {
                level: TocLevel::Section,
                chapter: toc_chapter,
                section: Some(number),
                title,
                page,
                line: i + 1,
            }),
            _ => {
                return Err(PlanError::Structure {
                    what: format!("line {}: unreadable table-of-contents entry “{s}”", i + 1),
                });
            }
        }
        i += 1;
    }

    // Body.
    while i < lines.len() {
        let line_no = i + 1;
        let raw = lines[i];
        i += 1;
        if raw.trim().is_empty() {
            continue;
        }
        match heading(raw) {
            Some(Heading::Chapter { label, number, title }) => {
                b.flush();
                let expected = b.plan.chapters.len() as u32 + 1;
                if number != expected {
                    return Err(PlanError::Structure {
                        what: format!("line {line_no}: {label} follows chapter {}", expected - 1),
                    });
                }
                b.plan.chapters.push(Chapter {
                    id: format!("ch{number}"),
                    number,
                    label,
                    title,
                    line: line_no,
                    paragraphs: Vec::new(),
                    sections: Vec::new(),
                });
                b.container = Container::ChapterIntro(b.plan.chapters.len() - 1);
            }
            Some(Heading::Section { label, number, title }) => {
                b.flush();
                let c = b.current_chapter().ok_or_else(|| PlanError::Structure {
                    what: format!("line {line_no}: {label} before any chapter"),
                })?;
                let ch = &mut b.plan.chapters[c];
                let expected = ch.sections.len() as u32 + 1;
                if number != expected {
                    return Err(PlanError::Structure {
                        what: format!(
                            "line {line_no}: {label} in {} {} follows section {}",
                            ch.label,
                            ch.title,
                            expected - 1
                        ),
                    });
                }
                ch.sections.push(Section {
                    id: format!("{}.s{number}", ch.id),
                    number,
                    label,
                    title,
                    line: line_no,
                    paragraphs: Vec::new(),
                    boxes: Vec::new(),
                    tables: Vec::new(),
                });
                b.container = Container::Section(c, ch.sections.len() - 1);
            }
            Some(Heading::Box { number, title }) => {
                b.flush();
                let c = b.current_chapter().ok_or_else(|| PlanError::Structure {
                    what: format!("line {line_no}: 专栏{number} before any chapter"),
                })?;
                let section = b.current_section();
                let id = format!("box{number}");
                if b.plan.boxes.iter().any(|x| x.id == id) {
                    return Err(PlanError::Structure {
                        what: format!("line {line_no}: 专栏{number} appears twice"),
                    });
                }
                if let Some((c, s)) = section {
                    b.plan.chapters[c].sections[s].boxes.push(id.clone());
                }
                b.plan.boxes.push(TextBox {
                    id,
                    number,
                    title,
                    line: line_no,
                    chapter: b.plan.chapters[c].id.clone(),
                    section: section.map(|(c, s)| b.plan.chapters[c].sections[s].id.clone()),
                    paragraphs: Vec::new(),
                });
                b.container = Container::Box(b.plan.boxes.len() - 1);
            }
            Some(Heading::Table { number, title }) => {
                b.flush();
                let c = b.current_chapter().ok_or_else(|| PlanError::Structure {
                    what: format!("line {line_no}: 表{number} before any chapter"),
                })?;
                let section = b.current_section();
                let id = format!("table{number}");
                // Header and rows: tab-separated lines up to the next line without a tab.
                let mut rows_raw: Vec<(usize, Vec<String>)> = Vec::new();
                while i < lines.len() {
                    let l = lines[i];
                    if l.trim().is_empty() {
                        i += 1;
                        continue;
                    }
                    if !l.contains('\t') {
                        break;
                    }
                    rows_raw.push((i + 1, l.split('\t').map(|c| c.trim().to_string()).collect()));
                    i += 1;
                }
                let Some((_, header)) = rows_raw.first().cloned() else {
                    return Err(PlanError::Structure {
                        what: format!("line {line_no}: 表{number} has no rows"),
                    });
                };
                let years: Vec<u16> = header[1..]
                    .iter()
                    .map(|h| YEAR_RE.captures(h).and_then(|c| c[1].parse().ok()))
                    .collect::<Option<_>>()
                    .ok_or_else(|| PlanError::Structure {
                        what: format!("line {line_no}: 表{number}'s header has a column without a year"),
                    })?;
                let mut rows = Vec::new();
                for (k, (row_line, cells)) in rows_raw.iter().skip(1).enumerate() {
                    if cells.len() != header.len() {
                        return Err(PlanError::Structure {
                            what: format!(
                                "line {row_line}: 表{number} row has {} cells, the header {}",
                                cells.len(),
                                header.len()
                            ),
                        });
                    }
                    let (indicator, unit) = match UNIT_RE.captures(&cells[0]) {
                        Some(c) => (c[1].trim().to_string(), c[2].trim().to_string()),
                        None => (cells[0].clone(), String::new()),
                    };
                    let values = cells[1..]
                        .iter()
                        .map(|c| parse_number_cell(c))
                        .collect::<Option<Vec<f64>>>()
                        .ok_or_else(|| PlanError::Structure {
                            what: format!("line {row_line}: 表{number} has a cell that is not a number"),
                        })?;
                    rows.push(TableRow {
                        id: format!("{id}.r{}", k + 1),
                        indicator,
                        unit,
                        cells: cells[1..].to_vec(),
                        values,
                        line: *row_line,
                    });
                }
                let last = rows_raw.last().map_or(line_no, |r| r.0);
                if let Some((c, s)) = section {
                    b.plan.chapters[c].sections[s].tables.push(id.clone());
                }
                b.plan.tables.push(Table {
                    id,
                    number,
                    title,
                    chapter: b.plan.chapters[c].id.clone(),
                    section: section.map(|(c, s)| b.plan.chapters[c].sections[s].id.clone()),
                    lines: SourceLines { first: line_no, last },
                    header,
                    years,
                    rows,
                });
            }
            None => {
                let text = clean_body(raw);
                if text.is_empty() {
                    continue;
                }
                // A box runs to the next heading; nothing else ends it.
                b.push_line(line_no, text);
            }
        }
    }
    b.flush();

    if let Some(k) = b.used_errata.iter().position(|u| !u) {
        let e = &b.errata[k];
        return Err(PlanError::Erratum {
            line: e.line,
            original: e.original.clone(),
        });
    }
    Ok(b.plan)
}
