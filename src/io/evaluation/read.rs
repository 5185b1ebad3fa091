//! Reading a filled template (`.xlsx`) or a CSV file of actual values, all or nothing,
//! and merging what was read into a project's evaluation.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Map;

use super::sheet::{self, Cell, Table};
use super::{
    ACTUAL_HEADERS, EvalIoError, MAX_PROBLEMS, Problem, REFERENCE_HEADERS, SHEET_ACTUALS, SHEET_REFERENCES,
    SHEET_STATUS, STATUS_HEADERS,
};
use crate::catalogue::Catalogue;
use crate::evaluation::{
    Actual, Evaluation, EvaluationError, ProjectStatus, Reference, Source, StatusEntry, YEARS, indicator_of,
    indicators, subjects,
};
use crate::plan::Plan;

/// What a file holds, checked against the plan and the catalogue.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// Each with the indicator's canonical ID; at most one per indicator and year.
    pub actuals: Vec<Actual>,
    /// At most one per label and year.
    pub references: Vec<Reference>,
    /// At most one per subject.
    pub statuses: Vec<StatusEntry>,
}

/// What a merge did: entries new to the evaluation, and entries that replaced one for
/// the same indicator and year, the same reference label and year, or the same subject.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeCounts {
    pub added: usize,
    pub replaced: usize,
}

impl Imported {
    pub fn is_empty(&self) -> bool {
        self.actuals.is_empty() && self.references.is_empty() && self.statuses.is_empty()
    }

    /// `e` with the file's entries: a file's value replaces the evaluation's value for
    /// the same indicator and year (reference: label and year; status: subject), others
    /// are added at the end. Thresholds, note and the rest of `e` are kept.
    pub fn merged_into(self, e: &Evaluation) -> (Evaluation, MergeCounts) {
        let mut out = e.clone();
        let mut counts = MergeCounts::default();
        let put = |found: Option<usize>, counts: &mut MergeCounts| {
            if found.is_some() {
                counts.replaced += 1;
            } else {
                counts.added += 1;
            }
            found
        };
        for a in self.actuals {
            let at = out
                .actuals
                .iter()
                .position(|x| x.indicator == a.indicator && x.year == a.year);
            match put(at, &mut counts) {
                Some(i) => out.actuals[i] = a,
                None => out.actuals.push(a),
            }
        }
        for r in self.references {
            let at = out
                .references
                .iter()
                .position(|x| x.label == r.label && x.year == r.year);
            match put(at, &mut counts) {
                Some(i) => out.references[i] = r,
                None => out.references.push(r),
            }
        }
        for s in self.statuses {
            let at = out.statuses.iter().position(|x| x.subject == s.subject);
            match put(at, &mut counts) {
                Some(i) => out.statuses[i] = s,
                None => out.statuses.push(s),
            }
        }
        (out, counts)
    }
}

/// Reads the evaluation file at `path`: an `.xlsx` workbook with the sheets
/// [`SHEET_ACTUALS`] (required), [`SHEET_REFERENCES`] and [`SHEET_STATUS`] (read when
/// present), or a `.csv` file with the [`ACTUAL_HEADERS`] columns. Rows without 年份 and
/// 实际值 (数值 for references, 状态 for statuses) are skipped: they are the template's
/// prefilled rows. Any problem — a missing column, an unknown indicator or subject, a
/// year outside 2020–2030 or not whole, text in a number cell, a unit that does not
/// convert, an unknown status, a second value for the same indicator and year — refuses
/// the whole file with [`EvalIoError::Invalid`] listing the first [`MAX_PROBLEMS`].
pub fn read_evaluation_file(plan: &Plan, catalogue: &Catalogue, path: &Path) -> Result<Imported, EvalIoError> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let mut problems = Problems::default();
    let mut out = Imported::default();
    match ext.as_str() {
        "xlsx" | "xlsm" => {
            let mut tables = sheet::xlsx(path, &file, &[SHEET_ACTUALS, SHEET_REFERENCES, SHEET_STATUS])?.into_iter();
            match tables.next().flatten() {
                Some(t) => out.actuals = actuals(plan, &t, &mut problems),
                None => problems.push(
                    SHEET_ACTUALS,
                    0,
                    "",
                    format!("the workbook has no sheet {SHEET_ACTUALS}; write a template with evaluation-template"),
                ),
            }
            if let Some(t) = tables.next().flatten().filter(|t| !t.headers.is_empty()) {
                out.references = references(plan, &t, &mut problems);
            }
            if let Some(t) = tables.next().flatten().filter(|t| !t.headers.is_empty()) {
                out.statuses = statuses(plan, catalogue, &t, &mut problems);
            }
        }
        "csv" | "txt" => out.actuals = actuals(plan, &sheet::csv(path, &file)?, &mut problems),
        _ => {
            return Err(EvalIoError::Refused {
                file,
                reason: "not an .xlsx or .csv file".into(),
            });
        }
    }
    if problems.list.is_empty() {
        Ok(out)
    } else {
        Err(EvalIoError::Invalid {
            file,
            problems: problems.list,
            more: problems.more,
        })
    }
}

/// The problems found so far: the first [`MAX_PROBLEMS`], and a count of the rest.
#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
    more: usize,
}

impl Problems {
    fn push(&mut self, sheet: &str, row: usize, column: &str, reason: impl Into<String>) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(Problem {
                sheet: sheet.to_string(),
                row,
                column: column.to_string(),
                reason: reason.into(),
            });
        } else {
            self.more += 1;
        }
    }
}

/// The column index of every header of `expected`, or problems naming the missing ones.
fn columns(table: &Table, expected: &[&str], problems: &mut Problems) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    let mut ok = true;
    for want in expected {
        match table.headers.iter().position(|h| h.trim() == *want) {
            Some(i) => out.push(i),
            None => {
                ok = false;
                problems.push(
                    &table.sheet,
                    table.header_row.max(1),
                    want,
                    format!(
                        "the column “{want}” is missing (renamed or deleted?); the header row needs: {}",
                        expected.join(", ")
                    ),
                );
            }
        }
    }
    ok.then_some(out)
}

/// One row's cells by the expected headers' order.
struct RowCells<'a> {
    cells: &'a [Cell],
    cols: &'a [usize],
}

impl RowCells<'_> {
    fn get(&self, k: usize) -> &Cell {
        self.cols
            .get(k)
            .and_then(|i| self.cells.get(*i))
            .unwrap_or(&Cell::Empty)
    }

    fn text(&self, k: usize) -> String {
        self.get(k).text()
    }
}

/// A whole year in [`YEARS`].
fn year(cell: &Cell) -> Result<u16, String> {
    let n = match cell {
        Cell::Empty => return Err("empty; give the year (2020–2030)".into()),
        Cell::Number(n) => *n,
        Cell::Text(t) => t
            .trim_end_matches('年')
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("“{t}” is not a year; give a whole year from 2020 to 2030"))?,
    };
    if n.fract() != 0.0 || !n.is_finite() {
        return Err(format!("“{}” is not a whole year", cell.text()));
    }
    if n < f64::from(*YEARS.start()) || n > f64::from(*YEARS.end()) {
        return Err(format!("the year {} is outside 2020–2030", cell.text()));
    }
    Ok(n as u16)
}

/// A finite number: a number cell, or text that is one (`1,234.5` too).
fn number(cell: &Cell) -> Result<f64, String> {
    let n = match cell {
        Cell::Empty => return Err("empty; give a number".into()),
        Cell::Number(n) => Some(*n),
        Cell::Text(t) => t.replace(',', "").trim().parse::<f64>().ok(),
    };
    n.filter(|n| n.is_finite()).ok_or_else(|| {
        format!(
            "“{}” is text, not a number; write the number alone and its unit in the unit column",
            cell.text()
        )
    })
}

fn source(row: &RowCells<'_>, first: usize) -> Source {
    Source {
        title: row.text(first),
        issuer: row.text(first + 1),
        date: row.text(first + 2),
        location: row.text(first + 3),
    }
}

// Column positions in ACTUAL_HEADERS.
const A_ID: usize = 0;
const A_YEAR: usize = 3;
const A_VALUE: usize = 4;
const A_UNIT: usize = 5;
const A_SCOPE: usize = 6;
const A_SOURCE: usize = 7;
const A_RELIABILITY: usize = 11;

fn actuals(plan: &Plan, table: &Table, problems: &mut Problems) -> Vec<Actual> {
    let Some(cols) = columns(table, &ACTUAL_HEADERS, problems) else {
        return Vec::new();
    };
    let units: HashMap<String, String> = indicators(plan).into_iter().map(|i| (i.id, i.unit)).collect();
    let sheet = table.sheet.as_str();
    let mut seen: HashMap<(String, u16), usize> = HashMap::new();
    let mut out = Vec::new();
    for (n, cells) in &table.rows {
        let row = RowCells { cells, cols: &cols };
        if row.get(A_YEAR).is_empty() && row.get(A_VALUE).is_empty() {
            continue;
        }
        let n = *n;
        let raw_id = row.text(A_ID);
        let id = if raw_id.is_empty() {
            problems.push(
                sheet,
                n,
                ACTUAL_HEADERS[A_ID],
                "empty; which indicator is the value for?",
            );
            None
        } else {
            let found = indicator_of(plan, &raw_id);
            if found.is_none() {
                problems.push(
                    sheet,
                    n,
                    ACTUAL_HEADERS[A_ID],
                    format!("“{raw_id}” is not an indicator of the plan; use an ID the template lists"),
                );
            }
            found
        };
        let year = year(row.get(A_YEAR)).map_err(|e| problems.push(sheet, n, ACTUAL_HEADERS[A_YEAR], e));
        let value = number(row.get(A_VALUE)).map_err(|e| problems.push(sheet, n, ACTUAL_HEADERS[A_VALUE], e));
        let (Some(id), Ok(year), Ok(value)) = (id, year, value) else {
            continue;
        };
        let mut unit = row.text(A_UNIT);
        if unit.is_empty() {
            unit = units.get(&id).cloned().unwrap_or_default();
        }
        let actual = Actual {
            indicator: id.clone(),
            year,
            value,
            unit,
            scope: row.text(A_SCOPE),
            source: source(&row, A_SOURCE),
            reliability: row.text(A_RELIABILITY),
            extra: Map::new(),
        };
        if let Err(e) = Evaluation::check_actual(plan, &actual) {
            let column = match e {
                EvaluationError::UnitMismatch { .. } => A_UNIT,
                EvaluationError::YearOutOfRange(_) => A_YEAR,
                EvaluationError::NotFinite => A_VALUE,
                _ => A_ID,
            };
            problems.push(sheet, n, ACTUAL_HEADERS[column], e.to_string());
            continue;
        }
        if let Some(first) = seen.get(&(id.clone(), year)) {
            problems.push(
                sheet,
                n,
                ACTUAL_HEADERS[A_YEAR],
                format!("a second value for {id} in {year} (row {first} has the first); keep one"),
            );
            continue;
        }
        seen.insert((id, year), n);
        out.push(actual);
    }
    out
}

// Column positions in REFERENCE_HEADERS.
const R_LABEL: usize = 0;
const R_YEAR: usize = 1;
const R_VALUE: usize = 2;
const R_UNIT: usize = 3;
const R_INDICATOR: usize = 4;
const R_SCOPE: usize = 5;
const R_SOURCE: usize = 6;
const R_RELIABILITY: usize = 10;

fn references(plan: &Plan, table: &Table, problems: &mut Problems) -> Vec<Reference> {
    let Some(cols) = columns(table, &REFERENCE_HEADERS, problems) else {
        return Vec::new();
    };
    let sheet = table.sheet.as_str();
    let mut seen: HashMap<(String, u16), usize> = HashMap::new();
    let mut out = Vec::new();
    for (n, cells) in &table.rows {
        let n = *n;
        let row = RowCells { cells, cols: &cols };
        if row.get(R_YEAR).is_empty() && row.get(R_VALUE).is_empty() {
            continue;
        }
        let label = row.text(R_LABEL);
        if label.is_empty() {
            problems.push(sheet, n, REFERENCE_HEADERS[R_LABEL], "empty; what is the figure?");
        }
        let year = year(row.get(R_YEAR)).map_err(|e| problems.push(sheet, n, REFERENCE_HEADERS[R_YEAR], e));
        let value = number(row.get(R_VALUE)).map_err(|e| problems.push(sheet, n, REFERENCE_HEADERS[R_VALUE], e));
        let linked = row.text(R_INDICATOR);
        let indicator = if linked.is_empty() {
            Ok(None)
        } else {
            indicator_of(plan, &linked).map(Some).ok_or_else(|| {
                problems.push(
                    sheet,
                    n,
                    REFERENCE_HEADERS[R_INDICATOR],
                    format!("“{linked}” is not an indicator of the plan"),
                )
            })
        };
        let (false, Ok(year), Ok(value), Ok(indicator)) = (label.is_empty(), year, value, indicator) else {
            continue;
        };
        if let Some(first) = seen.get(&(label.clone(), year)) {
            problems.push(
                sheet,
                n,
                REFERENCE_HEADERS[R_YEAR],
                format!("a second value for {label} in {year} (row {first} has the first); keep one"),
            );
            continue;
        }
        seen.insert((label.clone(), year), n);
        out.push(Reference {
            label,
            year,
            value,
            unit: row.text(R_UNIT),
            indicator,
            scope: row.text(R_SCOPE),
            source: source(&row, R_SOURCE),
            reliability: row.text(R_RELIABILITY),
            extra: Map::new(),
        });
    }
    out
}

// Column positions in STATUS_HEADERS.
const S_ID: usize = 0;
const S_STATUS: usize = 3;
const S_DATE: usize = 4;
const S_NOTE: usize = 5;
const S_SOURCE: usize = 6;

fn statuses(plan: &Plan, catalogue: &Catalogue, table: &Table, problems: &mut Problems) -> Vec<StatusEntry> {
    let Some(cols) = columns(table, &STATUS_HEADERS, problems) else {
        return Vec::new();
    };
    let known: HashSet<String> = subjects(plan, catalogue).into_iter().map(|s| s.id).collect();
    let sheet = table.sheet.as_str();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (n, cells) in &table.rows {
        let n = *n;
        let row = RowCells { cells, cols: &cols };
        let word = row.text(S_STATUS);
        if word.is_empty() {
            continue;
        }
        let subject = row.text(S_ID);
        let known_subject = known.contains(&subject);
        if !known_subject {
            problems.push(
                sheet,
                n,
                STATUS_HEADERS[S_ID],
                format!("“{subject}” is neither a column project nor a feature of the catalogue; use an ID the template lists"),
            );
        }
        let status = ProjectStatus::parse(&word);
        if status.is_none() {
            problems.push(
                sheet,
                n,
                STATUS_HEADERS[S_STATUS],
                format!("“{word}” is not a status; use 未启动, 推进中, 已建成, 已调整 or 已取消"),
            );
        }
        let (true, Some(status)) = (known_subject, status) else {
            continue;
        };
        if let Some(first) = seen.get(&subject) {
            problems.push(
                sheet,
                n,
                STATUS_HEADERS[S_ID],
                format!("a second status for {subject} (row {first} has the first); keep one"),
            );
            continue;
        }
        seen.insert(subject.clone(), n);
        out.push(StatusEntry {
            subject,
            status,
            date: row.text(S_DATE),
            note: row.text(S_NOTE),
            source: source(&row, S_SOURCE),
            extra: Map::new(),
        });
    }
    out
}
