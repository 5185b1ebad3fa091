//! One table written on its own — the per-zone summary (issue 18, point 9) — as CSV or
//! as a one-sheet workbook, chosen by the file's extension and written atomically.
//!
//! The CSV is UTF-8 with a byte-order mark (so Excel shows Chinese headers rightly and
//! QGIS and GDAL read it as UTF-8); numbers are written as the numbers they are, not as
//! the text shown.

use std::path::Path;

use super::ReportError;
use crate::model::report::{Cell, Sheet};

/// The CSV's bytes: the header row, then each row; numbers unformatted.
pub fn csv_bytes(sheet: &Sheet, path: &Path) -> Result<Vec<u8>, ReportError> {
    let fail = |reason: String| ReportError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(reason),
    };
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer
            .write_record(&sheet.table.headers)
            .map_err(|e| fail(e.to_string()))?;
        for row in &sheet.table.rows {
            let fields: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => t.clone(),
                    Cell::Number { value, .. } => number_text(*value),
                    Cell::Percent { share, .. } => number_text(*share),
                })
                .collect();
            writer.write_record(&fields).map_err(|e| fail(e.to_string()))?;
        }
        writer.flush().map_err(|e| fail(e.to_string()))?;
    }
    Ok(out)
}

/// A number as a program reads it back: integers without a decimal point, others in
/// Rust's shortest exact form.
fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}

/// Writes `sheet` to `path` as `.csv` or `.xlsx` (by the extension, case-insensitive),
/// replacing any file there atomically; another extension is refused before anything is
/// written.
pub fn write_table(sheet: &Sheet, path: &Path) -> Result<(), ReportError> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = match extension.as_str() {
        "csv" => csv_bytes(sheet, path)?,
        "xlsx" => super::xlsx::sheets_xlsx_bytes(std::slice::from_ref(sheet), path)?,
        _ => {
            return Err(ReportError::UnknownTableFormat {
                path: path.display().to_string(),
                extension: if extension.is_empty() {
                    "(no extension)".to_string()
                } else {
                    format!(".{extension}")
                },
            });
        }
    };
    crate::io::atomic::write_atomic(path, &bytes).map_err(|source| ReportError::Io {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::report::Table;

    fn sheet() -> Sheet {
        Sheet {
            name: "按区县统计".into(),
            table: Table {
                headers: vec!["区县".into(), "要素数".into(), "平均".into()],
                rows: vec![
                    vec![Cell::text("金州区"), Cell::number(12.0), Cell::number(2.5)],
                    vec![Cell::text("中山区, 老城"), Cell::number(0.0), Cell::text("")],
                ],
                widths: vec![8.0, 5.0, 5.0],
            },
        }
    }

    #[test]
    fn a_summary_csv_has_a_bom_quoted_commas_and_plain_numbers() {
        let bytes = csv_bytes(&sheet(), Path::new("t.csv")).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{feff}区县,要素数,平均\n金州区,12,2.5\n\"中山区, 老城\",0,\n");
    }

    #[test]
    fn a_table_file_of_another_extension_is_refused_before_writing() {
        let dir = std::env::temp_dir().join(format!("atlas-table-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("统计.txt");
        let err = write_table(&sheet(), &path).unwrap_err().to_string();
        assert!(err.contains("统计.txt") && err.contains(".txt"), "{err}");
        assert!(!path.exists());
        let xlsx = dir.join("统计.xlsx");
        write_table(&sheet(), &xlsx).unwrap();
        assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
