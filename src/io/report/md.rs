//! The report as Markdown: headings, paragraphs, lists, pipe tables, figures referred to
//! by caption (the images are in the `.docx`).

use crate::model::report::{Block, Report, Table};

/// A table cell's text for a pipe table: `|` escaped, line breaks as `<br>`.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br>")
}

fn table(out: &mut String, t: &Table) {
    let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&row(t.headers.iter().map(|h| cell(h)).collect()));
    out.push_str(&row(t.headers.iter().map(|_| "---".to_string()).collect()));
    for r in &t.rows {
        out.push_str(&row(r.iter().map(|c| cell(c.as_str())).collect()));
    }
}

/// The report as a Markdown document.
pub fn markdown(report: &Report) -> String {
    let mut out = format!("# {}\n\n{}\n\n", report.title, report.generated);
    for block in &report.blocks {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&format!("{} {text}\n\n", "#".repeat(usize::from(*level) + 1)));
            }
            Block::Paragraph(text) => out.push_str(&format!("{text}\n\n")),
            Block::Note(text) => out.push_str(&format!("> {text}\n\n")),
            Block::List(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", item.replace('\n', " ")));
                }
                out.push('\n');
            }
            Block::Table(t) => {
                table(&mut out, t);
                out.push('\n');
            }
            Block::Figure(_, caption) => {
                out.push_str(&format!("*{caption}*（地图见 .docx 版本）\n\n"));
            }
        }
    }
    out
}
