//! `evaluation-template --out FILE.xlsx`: the evaluation template for the planner
//! ([`crate::io::evaluation::write_template`]).

use std::io::Write;
use std::path::Path;

use super::{Args, CliError, load_plan};
use crate::catalogue::Catalogue;
use crate::evaluation::{indicators, subjects};
use crate::io::evaluation::write_template;

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
