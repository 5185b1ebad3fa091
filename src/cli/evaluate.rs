//! `evaluate`: a project's end-of-term evaluation report as `.xlsx`, `.docx` or `.md`.

use std::io::Write;
use std::path::Path;

use super::{Args, CliError, load_plan};
use crate::catalogue::Catalogue;
use crate::io::report::{ReportFormat, write_report};
use crate::model::report::{ReportInput, build_report};

/// `evaluate`: loads `project`, builds the report (with the map figures of its scenes,
/// or an overview, when `figures` and the format is `.docx`), writes it to `file` and
/// prints what it holds.
pub(super) fn evaluate(
    args: &Args,
    project: &Path,
    file: &Path,
    figures: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    // The format first: an unknown extension is refused before any work.
    let format = ReportFormat::of(file)?;
    let plan = load_plan(args)?;
    let catalogue = Catalogue::builtin()?;
    let loaded = crate::cli::load_project(project)?;
    let date = crate::render::map_image::today_utc();
    // Only the .docx shows the figures.
    let figures = if figures && format == ReportFormat::Docx {
        writeln!(out, "drawing the map figures…")?;
        crate::render::report::project_figures(&plan, loaded.clone(), &date)?
    } else {
        Vec::new()
    };
    let report = build_report(&ReportInput {
        plan: &plan,
        catalogue: &catalogue,
        project: &loaded,
        figures,
        generated: date,
        title: None,
    });
    write_report(&report, file)?;
    let c = &report.counts;
    writeln!(
        out,
        "wrote {}: {} indicators ({} with actual values, {} values), {} project statuses, {} annotations, {} figure(s)",
        file.display(),
        c.indicators,
        c.with_data,
        c.actuals,
        c.statuses,
        c.annotations,
        c.figures
    )?;
    Ok(())
}
