//! The evaluation report written to a file: `.xlsx` (the tables), `.docx` (the report
//! as a document) or `.md` (the same in Markdown), chosen by the file's extension and
//! written atomically ([`crate::io::atomic`]). The content is
//! [`crate::model::report::Report`]; nothing here adds a value of its own.

pub mod docx;
pub mod md;
pub mod table_file;
pub mod xlsx;

use std::path::Path;

use crate::model::report::Report;

/// Why a report cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{path}: the report is written as .xlsx, .docx or .md, not “{extension}”")]
    UnknownFormat { path: String, extension: String },
    #[error("{path}: a table is written as .csv or .xlsx, not “{extension}”")]
    UnknownTableFormat { path: String, extension: String },
    #[error("{path}: cannot write the file: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: cannot build the Excel workbook (sheet “{sheet}”): {reason}")]
    Xlsx {
        path: String,
        sheet: String,
        reason: String,
    },
    #[error("{path}: cannot build the Word document: {reason}")]
    Docx { path: String, reason: String },
}

/// The formats a report can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Xlsx,
    Docx,
    Markdown,
}

impl ReportFormat {
    /// The format `path`'s extension names (case-insensitive), or an error naming it.
    pub fn of(path: &Path) -> Result<ReportFormat, ReportError> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "xlsx" => Ok(ReportFormat::Xlsx),
            "docx" => Ok(ReportFormat::Docx),
            "md" | "markdown" => Ok(ReportFormat::Markdown),
            _ => Err(ReportError::UnknownFormat {
                path: path.display().to_string(),
                extension: if extension.is_empty() {
                    "(no extension)".to_string()
                } else {
                    format!(".{extension}")
                },
            }),
        }
    }
}

/// The bytes of `report` in `format`; `path` only names the file in messages.
pub fn report_bytes(report: &Report, format: ReportFormat, path: &Path) -> Result<Vec<u8>, ReportError> {
    match format {
        ReportFormat::Xlsx => xlsx::xlsx_bytes(report, path),
        ReportFormat::Docx => docx::docx_bytes(report, path),
        ReportFormat::Markdown => Ok(md::markdown(report).into_bytes()),
    }
}

/// Writes `report` to `path` in the format its extension names (`.xlsx`, `.docx`,
/// `.md`), replacing any file there atomically; a file of another extension is refused
/// before anything is written.
pub fn write_report(report: &Report, path: &Path) -> Result<(), ReportError> {
    let format = ReportFormat::of(path)?;
    let bytes = report_bytes(report, format, path)?;
    crate::io::atomic::write_atomic(path, &bytes).map_err(|source| ReportError::Io {
        path: path.display().to_string(),
        source,
    })
}
