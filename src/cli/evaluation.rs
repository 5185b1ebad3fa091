//! `evaluation-template --out FILE.xlsx`: the evaluation template for the planner
//! ([`crate::io::evaluation::write_template`]); `import-actuals`: a filled template or
//! CSV file merged into a project file ([`crate::io::evaluation::read_evaluation_file`]).

use std::io::Write;
use std::path::Path;

use super::{Args, CliError, load_plan};
use crate::catalogue::Catalogue;
use crate::cli::load_project;
use crate::evaluation::{indicators, subjects};
use crate::io::evaluation::{read_evaluation_file, write_template};
use crate::io::project::save_project;

/// Writes the template to `file` (an `.xlsx` name) and says what it holds.
pub(super) fn evaluation_template(args: &Args, file: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let is_xlsx = file
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(CliError::Usage(format!(
            "evaluation-template writes an Excel workbook: --out takes a name ending in .xlsx, not {}",
            file.display()
        )));
    }
    let plan = load_plan(args)?;
    let catalogue = Catalogue::builtin()?;
    write_template(&plan, &catalogue, file)?;
    writeln!(
        out,
        "wrote {}: {} indicators, {} column projects and catalogue features",
        file.display(),
        indicators(&plan).len(),
        subjects(&plan, &catalogue).len()
    )?;
    Ok(())
}

/// Reads `input`, merges it into the project at `project` and saves the result to `file`
/// (atomically); on any problem nothing is written.
pub(super) fn import_actuals(
    args: &Args,
    project: &Path,
    input: &Path,
    file: &Path,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let plan = load_plan(args)?;
    let catalogue = Catalogue::builtin()?;
    let mut doc = load_project(project)?;
    let imported = read_evaluation_file(&plan, &catalogue, input)?;
    let (actuals, references, statuses) = (
        imported.actuals.len(),
        imported.references.len(),
        imported.statuses.len(),
    );
    let (evaluation, counts) = imported.merged_into(&doc.evaluation);
    doc.evaluation = evaluation;
    save_project(file, &doc)?;
    writeln!(
        out,
        "read {actuals} actual values, {references} reference figures, {statuses} statuses from {}: {} added, {} replaced; wrote {}",
        input.display(),
        counts.added,
        counts.replaced,
        file.display()
    )?;
    Ok(())
}
