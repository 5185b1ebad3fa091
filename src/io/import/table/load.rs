//! The cells of a CSV/TSV file or an `.xlsx` sheet as rows of JSON values, with the
//! row numbers a spreadsheet shows.

use std::path::Path;

use calamine::{Data, Reader as _, Xlsx};
use serde_json::Value;

use super::super::ImportError;
use super::super::encoding::{EncodingSource, TextEncoding};
use super::super::source::ReadOptions;
use super::text_value;

/// One row: its number as a spreadsheet shows it (the first line or row is 1) and its
/// cells (empty → null, numbers as numbers).
pub(super) struct Row {
    pub number: usize,
    pub cells: Vec<Value>,
}

/// What a table file holds.
pub(super) struct Loaded {
    pub rows: Vec<Row>,
    pub encoding: Option<(TextEncoding, EncodingSource)>,
    /// The sheet read (xlsx) and every sheet of the workbook.
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
}

/// The rows of a CSV/TSV file: the encoding chosen, else UTF-8 if it starts with a BOM,
/// else detected; the delimiter (comma, tab or semicolon) found from the first
/// non-empty line.
pub(super) fn csv(file: &str, bytes: &[u8], options: &ReadOptions) -> Result<Loaded, ImportError> {
    let (encoding, body) = match (options.encoding, bytes.strip_prefix(b"\xef\xbb\xbf")) {
        (Some(e), _) => (
            (e, EncodingSource::Chosen),
            if e == TextEncoding::Utf8 {
                bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
            } else {
                bytes
            },
        ),
        (None, Some(rest)) => ((TextEncoding::Utf8, EncodingSource::Declared), rest),
        (None, None) => ((TextEncoding::detect(bytes), EncodingSource::Detected), bytes),
    };
    let text = encoding.0.decode(body);
    let delimiter = delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Bad {
            file: file.to_string(),
            part: e.position().map(|p| format!("line {}", p.line())).unwrap_or_default(),
            reason: format!("not readable as CSV: {e}"),
        })?;
        let number = record.position().map_or(rows.len() + 1, |p| p.line() as usize);
        rows.push(Row {
            number,
            cells: record.iter().map(text_value).collect(),
        });
    }
    Ok(Loaded {
        rows,
        encoding: Some(encoding),
        sheet: None,
        sheets: Vec::new(),
    })
}

/// Tab, semicolon or comma: whichever the first non-empty line has most of (outside
/// quotes); comma when none.
fn delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0usize), (b'\t', 0), (b';', 0)];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(d, n)| (*n, *d == b','))
        .map_or(b',', |(d, _)| *d)
}

/// The rows of an `.xlsx` sheet: `options.sheet`, else the first sheet with a header
/// row. Refused when the header row has merged cells.
pub(super) fn xlsx(path: &Path, file: &str, options: &ReadOptions) -> Result<Loaded, ImportError> {
    let bad = |part: String, reason: String| ImportError::Bad {
        file: file.to_string(),
        part,
        reason,
    };
    guard_zip(path, file, options.max_bytes)?;
    let mut book: Xlsx<_> =
        calamine::open_workbook(path).map_err(|e| bad(String::new(), format!("not an Excel .xlsx workbook: {e}")))?;
    let sheets = book.sheet_names();
    let candidates: Vec<String> = match &options.sheet {
        Some(s) if sheets.contains(s) => vec![s.clone()],
        Some(s) => {
            return Err(bad(
                format!("sheet {s}"),
                format!("no such sheet; the workbook has {}", sheets.join(", ")),
            ));
        }
        None => sheets.clone(),
    };
    for sheet in candidates {
        let rows = sparse_rows(&mut book, &sheet).map_err(|reason| bad(format!("sheet {sheet}"), reason))?;
        let Some(header) = rows.iter().find(|r| r.cells.iter().any(|c| !c.is_null())) else {
            continue;
        };
        let header_row = (header.number - 1) as u32;
        let merged = book
            .merge_cells_by_sheet_name(&sheet)
            .map_err(|e| bad(format!("sheet {sheet}"), format!("cannot be read: {e}")))?;
        let in_header: Vec<String> = merged
            .iter()
            .filter(|d| d.start.0 <= header_row && header_row <= d.end.0)
            .map(|d| format!("{}:{}", cell_name(d.start), cell_name(d.end)))
            .collect();
        if !in_header.is_empty() {
            return Err(bad(
                format!("sheet {sheet}, row {}", header.number),
                format!(
                    "the header row has merged cells ({}); unmerge them so that every column has its own name",
                    in_header.join(", ")
                ),
            ));
        }
        return Ok(Loaded {
            rows,
            encoding: None,
            sheet: Some(sheet),
            sheets,
        });
    }
    Err(bad(
        String::new(),
        format!("no sheet has a header row (sheets: {})", sheets.join(", ")),
    ))
}

/// The most cells a sheet's rows may hold once laid out (each row up to its last filled
/// cell). A table of 10 million cells is far larger than any planner's list; a sheet
/// with a stray cell in column XFD on many rows would otherwise take gigabytes.
pub(super) const MAX_CELLS: usize = 10_000_000;

/// The rows of `sheet` that have a filled cell, each up to its last filled cell; empty
/// rows take no memory (calamine's own range would lay out every cell between the first
/// and the last, e.g. A1 to XFD1048576). Refused (the reason) past [`MAX_CELLS`].
fn sparse_rows<RS: std::io::Read + std::io::Seek>(book: &mut Xlsx<RS>, sheet: &str) -> Result<Vec<Row>, String> {
    let mut reader = crate::io::xlsx_cells::cells_reader(book, sheet).map_err(|e| format!("cannot be read: {e}"))?;
    let mut filled: std::collections::BTreeMap<u32, Vec<(u32, Value)>> = std::collections::BTreeMap::new();
    while let Some(cell) = crate::io::xlsx_cells::next_cell(&mut reader).map_err(|e| format!("cannot be read: {e}"))? {
        let value = cell_value(&Data::from(cell.get_value().clone()));
        if !value.is_null() {
            let (row, col) = cell.get_position();
            filled.entry(row).or_default().push((col, value));
        }
    }
    let mut laid_out = 0usize;
    let mut rows = Vec::with_capacity(filled.len());
    for (row, cells) in filled {
        let width = cells.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
        laid_out = laid_out.saturating_add(width);
        if laid_out > MAX_CELLS {
            return Err(format!(
                "its rows span more than {MAX_CELLS} cells up to row {} (each row counted to its last filled \
                 cell): delete stray cells far from the table, or split the sheet",
                row + 1
            ));
        }
        let mut values = vec![Value::Null; width];
        for (c, v) in cells {
            if let Some(slot) = values.get_mut(c as usize) {
                *slot = v;
            }
        }
        rows.push(Row {
            number: row as usize + 1,
            cells: values,
        });
    }
    Ok(rows)
}

/// Refuses a workbook (a zip) whose members would unpack to more than `max_bytes`, or
/// to over 100× the file and over 2 GB (a zip bomb), before calamine unpacks anything
/// ([`super::super::zip_limits`]).
fn guard_zip(path: &Path, file: &str, max_bytes: u64) -> Result<(), ImportError> {
    super::super::zip_limits::open(path, max_bytes)
        .map(|_| ())
        .map_err(|e| match e {
            ImportError::Bad { part, reason, .. } if part.is_empty() => ImportError::Bad {
                file: file.to_string(),
                part,
                reason: format!("not an Excel .xlsx workbook: {reason}"),
            },
            other => other,
        })
}

/// `A1`-style name of a zero-based (row, column).
fn cell_name((row, col): (u32, u32)) -> String {
    format!("{}{}", column_letters(col as usize), row + 1)
}

/// The spreadsheet letters of a zero-based column: 0 → A, 26 → AA.
pub(super) fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// A cell as a property value: numbers as numbers (integral ones as integers), text as
/// [`text_value`] reads it, dates as their ISO text, errors as their text.
fn cell_value(c: &Data) -> Value {
    match c {
        Data::Empty => Value::Null,
        Data::Int(i) => Value::from(*i),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => Value::from(*f as i64),
        Data::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Data::Bool(b) => Value::Bool(*b),
        Data::String(s) => text_value(s),
        other => Value::String(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_most_frequent_of_comma_tab_and_semicolon_outside_quotes() {
        assert_eq!(delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(delimiter("\n经度\t纬度\t名称"), b'\t');
        assert_eq!(delimiter("\"a,b\";c;d"), b';');
        assert_eq!(delimiter("single"), b',');
    }

    #[test]
    fn columns_are_lettered_as_in_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(cell_name((0, 1)), "B1");
    }
}
