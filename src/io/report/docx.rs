//! The report as a Word document (A4 portrait): title, headings, paragraphs, the
//! tables with borders and a shaded header row, the map figures as inline images with
//! numbered captions. Every run names a CJK font (`宋体`, with the eastAsia attribute),
//! so Word and LibreOffice pick a Chinese font (LibreOffice substitutes an installed one).

use std::path::Path;

use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Pic, Run, RunFonts, Shading, Style, StyleType, Table,
    TableCell, TableRow, WidthType,
};

use super::ReportError;
use crate::model::report::{Block, Report};

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11_906, 16_838);
/// Page margins: 2 cm left and right, 2.5 cm top and bottom.
const MARGIN_SIDE: i32 = 1_134;
const MARGIN_TOP: i32 = 1_418;
/// The width text can take, in twips.
const TEXT_WIDTH: u32 = A4.0 - 2 * MARGIN_SIDE as u32;
/// Twips to EMU (914 400 per inch, 1 440 twips per inch).
const EMU_PER_TWIP: u32 = 635;

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .east_asia("宋体")
        .cs("Times New Roman")
}

fn heading_fonts() -> RunFonts {
    RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .east_asia("黑体")
        .cs("Times New Roman")
}

fn run(text: &str) -> Run {
    // Line breaks within a cell's text become breaks in the run.
    let mut r = Run::new().fonts(fonts());
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            r = r.add_break(docx_rs::BreakType::TextWrapping);
        }
        r = r.add_text(line);
    }
    r
}

fn styles(docx: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .size(size)
            .bold()
            .fonts(heading_fonts())
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(240).after(120))
    };
    docx.add_style(heading("Heading1", "heading 1", 30, 0))
        .add_style(heading("Heading2", "heading 2", 26, 1))
        .add_style(heading("Heading3", "heading 3", 24, 2))
}

/// Column widths in twips, proportional to the table's hints, filling the text width.
fn grid(hints: &[f64], columns: usize) -> Vec<usize> {
    let hint = |c: usize| hints.get(c).copied().filter(|w| *w > 0.0).unwrap_or(10.0);
    let total: f64 = (0..columns).map(hint).sum();
    (0..columns)
        .map(|c| (f64::from(TEXT_WIDTH) * hint(c) / total).round() as usize)
        .collect()
}

fn table(t: &crate::model::report::Table) -> Table {
    let widths = grid(&t.widths, t.headers.len());
    // Small type for wide tables.
    let size = if t.headers.len() > 10 { 14 } else { 16 };
    let cell = |text: &str, width: usize, header: bool| {
        let mut r = run(text).size(size);
        if header {
            r = r.bold();
        }
        let p = Paragraph::new().add_run(r);
        let p = if header { p.align(AlignmentType::Center) } else { p };
        let c = TableCell::new().add_paragraph(p).width(width, WidthType::Dxa);
        if header {
            c.shading(Shading::new().fill("D9D9D9"))
        } else {
            c
        }
    };
    let mut rows = vec![TableRow::new(
        t.headers.iter().zip(&widths).map(|(h, w)| cell(h, *w, true)).collect(),
    )];
    rows.extend(t.rows.iter().map(|r| {
        TableRow::new(
            r.iter()
                .zip(&widths)
                .map(|(c, w)| cell(c.as_str(), *w, false))
                .collect(),
        )
    }));
    Table::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .layout(docx_rs::TableLayoutType::Fixed)
        .margins(docx_rs::TableCellMargins::new().margin(20, 40, 20, 40))
}

fn figure(f: &crate::model::report::Figure) -> Paragraph {
    let width = TEXT_WIDTH * EMU_PER_TWIP;
    let height = (f64::from(width) * f64::from(f.height_px) / f64::from(f.width_px.max(1))).round() as u32;
    let pic = Pic::new_with_dimensions(f.png.clone(), f.width_px, f.height_px).size(width, height);
    Paragraph::new()
        .align(AlignmentType::Center)
        .keep_next(true)
        .add_run(Run::new().add_image(pic))
}

/// The document's bytes.
pub fn docx_bytes(report: &Report, path: &Path) -> Result<Vec<u8>, ReportError> {
    let mut docx = styles(Docx::new())
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_TOP)
                .left(MARGIN_SIDE)
                .right(MARGIN_SIDE),
        )
        .default_fonts(fonts())
        .default_size(21)
        .add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(
                Run::new()
                    .fonts(heading_fonts())
                    .size(36)
                    .bold()
                    .add_text(&report.title),
            ),
        )
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(&report.generated)),
        );
    for block in &report.blocks {
        docx = match block {
            Block::Heading(level, text) => docx.add_paragraph(
                Paragraph::new()
                    .style(&format!("Heading{}", level.clamp(&1, &3)))
                    .keep_next(true)
                    .add_run(Run::new().fonts(heading_fonts()).add_text(text)),
            ),
            Block::Paragraph(text) => docx.add_paragraph(
                Paragraph::new()
                    .indent(None, Some(docx_rs::SpecialIndentType::FirstLine(420)), None, None)
                    .add_run(run(text)),
            ),
            Block::Note(text) => docx.add_paragraph(Paragraph::new().add_run(run(text).italic().color("595959"))),
            Block::List(items) => items.iter().fold(docx, |d, item| {
                d.add_paragraph(
                    Paragraph::new()
                        .indent(Some(420), Some(docx_rs::SpecialIndentType::Hanging(210)), None, None)
                        .add_run(run(&format!("• {item}"))),
                )
            }),
            Block::Table(t) => docx.add_table(table(t)).add_paragraph(Paragraph::new()),
            Block::Figure(k, caption) => match report.figures.get(*k) {
                Some(f) => docx.add_paragraph(figure(f)).add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(run(caption).bold()),
                ),
                None => docx,
            },
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| ReportError::Docx {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(bytes.into_inner())
}
