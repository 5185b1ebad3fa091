//! The cells of a sheet or CSV file as a header and rows, read within bounds: a sheet
//! stops at [`EMPTY_ROWS_LIMIT`] consecutive empty rows (the rest of a million formatted
//! but empty rows is never looked at), holds at most [`MAX_ROWS`] rows, and a workbook is
//! checked for zip bombs before calamine unpacks anything.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{DataRef, Reader as _, Xlsx};

use super::{EvalIoError, Problem};
use crate::io::import::encoding::TextEncoding;

/// After this many consecutive empty rows a sheet ends; a value below them is refused.
pub const EMPTY_ROWS_LIMIT: u32 = 1000;
/// At most this many rows per sheet (the template has a few hundred).
pub const MAX_ROWS: usize = 20_000;
/// Columns beyond this one are not read.
const MAX_COLUMNS: u32 = 64;
/// The largest file read (bytes).
pub const MAX_BYTES: u64 = crate::io::DEFAULT_MAX_BYTES;

/// One cell: empty, a number, or text (trimmed).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text (a whole number without `.0`).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Text(t) => t.clone(),
        }
    }

    fn of_text(text: &str) -> Cell {
        let t = text.trim().trim_start_matches('\u{feff}').trim();
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t.to_string())
        }
    }
}

/// A sheet's header (the first non-empty row) and the rows below it.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The sheet's name, or `CSV`.
    pub sheet: String,
    /// Header texts by column index.
    pub headers: Vec<String>,
    /// The header's row number (1-based).
    pub header_row: usize,
    /// Row number (1-based, as Excel shows it or the CSV line) and cells by column index.
    pub rows: Vec<(usize, Vec<Cell>)>,
}

impl Table {
    fn from_rows(sheet: &str, mut rows: BTreeMap<usize, Vec<Cell>>) -> Table {
        let Some((header_row, header)) = rows.pop_first() else {
            return Table {
                sheet: sheet.to_string(),
                ..Table::default()
            };
        };
        Table {
            sheet: sheet.to_string(),
            headers: header.iter().map(Cell::text).collect(),
            header_row,
            rows: rows.into_iter().collect(),
        }
    }
}

fn refused(file: &str, reason: impl Into<String>) -> EvalIoError {
    EvalIoError::Refused {
        file: file.to_string(),
        reason: reason.into(),
    }
}

/// The sheets named `wanted` of the workbook at `path` (`None` for a sheet it lacks).
/// `Err(Invalid)` for a value below [`EMPTY_ROWS_LIMIT`] empty rows.
pub fn xlsx(path: &Path, file: &str, wanted: &[&str]) -> Result<Vec<Option<Table>>, EvalIoError> {
    crate::io::import::zip_limits::open(path, MAX_BYTES).map_err(|e| {
        let text = e.to_string();
        let reason = text.strip_prefix(&format!("{file}: ")).unwrap_or(&text);
        refused(file, format!("not a readable .xlsx workbook ({reason})"))
    })?;
    let mut book: Xlsx<_> =
        calamine::open_workbook(path).map_err(|e| refused(file, format!("not an Excel .xlsx workbook: {e}")))?;
    let names = book.sheet_names();
    let mut out = Vec::new();
    for sheet in wanted {
        if !names.iter().any(|n| n == sheet) {
            out.push(None);
            continue;
        }
        let cannot = |e: String| refused(file, format!("sheet {sheet} cannot be read: {e}"));
        let mut reader = crate::io::xlsx_cells::cells_reader(&mut book, sheet).map_err(cannot)?;
        let mut rows: BTreeMap<usize, Vec<Cell>> = BTreeMap::new();
        let mut last: Option<u32> = None;
        while let Some(cell) = crate::io::xlsx_cells::next_cell(&mut reader).map_err(cannot)? {
            let (r, c) = cell.get_position();
            let value = cell_of(cell.get_value());
            let next_expected = last.map_or(0, |l| l + 1);
            if r >= next_expected.saturating_add(EMPTY_ROWS_LIMIT) {
                if value.is_empty() {
                    break;
                }
                return Err(EvalIoError::Invalid {
                    file: file.to_string(),
                    problems: vec![Problem {
                        sheet: sheet.to_string(),
                        row: r as usize + 1,
                        column: String::new(),
                        reason: format!(
                            "a value below {EMPTY_ROWS_LIMIT} or more empty rows; delete the empty rows so that the table is in one piece"
                        ),
                    }],
                    more: 0,
                });
            }
            if value.is_empty() || c >= MAX_COLUMNS {
                continue;
            }
            let row = r as usize + 1;
            if !rows.contains_key(&row) && rows.len() >= MAX_ROWS {
                return Err(refused(file, format!("sheet {sheet} has more than {MAX_ROWS} rows")));
            }
            let cells = rows.entry(row).or_default();
            if cells.len() <= c as usize {
                cells.resize(c as usize + 1, Cell::Empty);
            }
            cells[c as usize] = value;
            last = Some(r);
        }
        out.push(Some(Table::from_rows(sheet, rows)));
    }
    Ok(out)
}

/// A workbook cell as a [`Cell`]; a date as `YYYY-MM-DD`.
fn cell_of(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::of_text(s),
        DataRef::SharedString(s) => Cell::of_text(s),
        DataRef::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        DataRef::DateTime(d) if d.is_datetime() => Cell::Text(excel_date(d.as_f64())),
        DataRef::DateTime(d) => Cell::Number(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::of_text(s),
        DataRef::Error(e) => Cell::Text(format!("#{e}")),
    }
}

/// `YYYY-MM-DD` of an Excel date serial (1900 system; days since 1899-12-30).
fn excel_date(serial: f64) -> String {
    // Serial 25569 is 1970-01-01.
    let (y, m, d) = crate::io::dates::civil_from_days(serial.floor() as i64 - 25569);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A CSV file (UTF-8 with or without BOM, or GBK, as [`TextEncoding::detect`] decides)
/// as one table named `CSV`; rows are numbered by their line.
pub fn csv(path: &Path, file: &str) -> Result<Table, EvalIoError> {
    let meta = std::fs::metadata(path).map_err(|source| EvalIoError::Read {
        file: file.to_string(),
        source,
    })?;
    if meta.is_dir() {
        return Err(refused(file, "is a folder, not a file"));
    }
    if meta.len() > MAX_BYTES {
        return Err(refused(file, format!("is larger than {} MB", MAX_BYTES >> 20)));
    }
    let bytes = std::fs::read(path).map_err(|source| EvalIoError::Read {
        file: file.to_string(),
        source,
    })?;
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let text = TextEncoding::detect(body).decode(body);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| refused(file, format!("not a readable CSV file: {e}")))?;
        let cells: Vec<Cell> = record.iter().take(MAX_COLUMNS as usize).map(Cell::of_text).collect();
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(refused(file, format!("has more than {MAX_ROWS} rows")));
        }
        let line = record.position().map_or(rows.len() + 1, |p| p.line() as usize);
        rows.insert(line, cells);
    }
    Ok(Table::from_rows(super::CSV_SHEET, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_date_serials_become_iso_dates() {
        assert_eq!(excel_date(45371.0), "2024-03-20");
        assert_eq!(excel_date(43831.5), "2020-01-01");
    }
}
