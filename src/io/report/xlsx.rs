//! The report's tables as an Excel workbook: `指标完成情况` (one row per indicator), one
//! sheet of actual values per year (`2021年实际值` …) with their sources, `项目状态`.
//! Chinese headers in bold on grey, the header row frozen, column widths set, numbers
//! kept as numbers.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::ReportError;
use crate::model::report::{Cell, Report, Sheet};

/// A CJK font Excel and LibreOffice both know.
const FONT: &str = "宋体";

fn write_sheet(workbook: &mut Workbook, sheet: &Sheet) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_font_name(FONT)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("D9D9D9")
        .set_border(FormatBorder::Thin);
    let text = Format::new()
        .set_font_name(FONT)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let number = text.clone().set_num_format("General");
    let percent = text.clone().set_num_format("0.0%");
    let ws = workbook.add_worksheet();
    ws.set_name(&sheet.name)?;
    let t = &sheet.table;
    // Excel's width unit is about one digit; a Chinese character takes two.
    let widths: Vec<f64> = (0..t.headers.len())
        .map(|c| t.widths.get(c).copied().unwrap_or(6.0) * 2.1 + 1.0)
        .collect();
    for (c, h) in t.headers.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, col, h, &header)?;
        ws.set_column_width(col, widths[c])?;
    }
    ws.set_row_height(0, row_height(&t.headers, &widths))?;
    for (r, row) in t.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        let texts: Vec<String> = row.iter().map(cell_text).collect();
        ws.set_row_height(r, row_height(&texts, &widths))?;
        for (c, cell) in row.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(s) => ws.write_string_with_format(r, col, s, &text)?,
                Cell::Number { value, .. } => ws.write_number_with_format(r, col, *value, &number)?,
                Cell::Percent { share, .. } => ws.write_number_with_format(r, col, *share, &percent)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    // Printed: A4 landscape, one page wide, the header row on every page.
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Number { text, .. } | Cell::Percent { text, .. } => text.clone(),
    }
}

/// A row's height in points for its wrapped texts: spreadsheet programs do not grow a row
/// written with wrapped text by themselves, so the text would run over the next row.
/// Lines are estimated from the text's width (a Chinese character two digit widths).
fn row_height(texts: &[impl AsRef<str>], widths: &[f64]) -> f64 {
    let lines = texts
        .iter()
        .zip(widths)
        .map(|(text, width)| {
            text.as_ref()
                .split('\n')
                .map(|line| {
                    let units: f64 = line.chars().map(|c| if c.is_ascii() { 1.0 } else { 2.0 }).sum();
                    (units / (width - 1.0).max(1.0)).ceil().max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * 15.0).min(409.0)
}

/// The workbook's bytes.
pub fn xlsx_bytes(report: &Report, path: &Path) -> Result<Vec<u8>, ReportError> {
    sheets_xlsx_bytes(&report.sheets, path)
}

/// A workbook of `sheets`, each as the report's sheets are written.
pub fn sheets_xlsx_bytes(sheets: &[Sheet], path: &Path) -> Result<Vec<u8>, ReportError> {
    let mut workbook = Workbook::new();
    let fail = |sheet: &str, e: XlsxError| ReportError::Xlsx {
        path: path.display().to_string(),
        sheet: sheet.to_string(),
        reason: e.to_string(),
    };
    for sheet in sheets {
        write_sheet(&mut workbook, sheet).map_err(|e| fail(&sheet.name, e))?;
    }
    workbook.save_to_buffer().map_err(|e| fail("", e))
}
