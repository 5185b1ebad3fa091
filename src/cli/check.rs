//! `check`: validates the plan, the basemap and the plan's feature catalogue.

use std::io::Write;

use super::{Args, CliError, load_basemap, load_plan};
use crate::basemap;
use crate::catalogue::{self, Catalogue};
use crate::plan::Severity;

/// Prints what was checked and every problem; fails when there is one.
pub(super) fn check(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let plan = load_plan(args)?;
    let sections: usize = plan.chapters.iter().map(|c| c.sections.len()).sum();
    let paragraphs = plan.all_paragraphs();
    let joins: usize = paragraphs.iter().map(|p| p.joined_lines.len()).sum();
    writeln!(
        out,
        "plan {}: {} chapters, {sections} sections, {} columns, {} tables, {} paragraphs ({joins} page breaks repaired), {} targets",
        plan.source_name,
        plan.chapters.len(),
        plan.boxes.len(),
        plan.tables.len(),
        paragraphs.len(),
        plan.targets.len()
    )?;
    for f in &plan.findings {
        let mark = match f.severity {
            Severity::Agrees => "ok  ",
            Severity::Discrepancy => "note",
        };
        writeln!(out, "{mark} {}: {}", f.id, f.message_en)?;
    }
    let mut problems = plan.problems();
    match load_basemap(args) {
        Ok(map) => {
            writeln!(
                out,
                "basemap: {} land polygons, {} divisions, {} functional areas, {} places; {} context land polygons \
                 beyond the data box",
                map.land.len(),
                map.divisions.len(),
                map.functional_areas.len(),
                map.places.len(),
                map.context_land.len()
            )?;
            problems.extend(basemap::check(&map).into_iter().map(|p| format!("basemap: {p}")));
        }
        Err(e) => problems.push(format!("basemap: {e}")),
    }
    match (Catalogue::builtin(), load_basemap(args)) {
        (Ok(cat), Ok(map)) => {
            let placed = cat.features.iter().filter(|f| f.placed).count();
            writeln!(
                out,
                "catalogue: {} features ({placed} placed, {} unplaced)",
                cat.features.len(),
                cat.features.len() - placed
            )?;
            let already: Vec<String> = problems.clone();
            problems.extend(
                catalogue::check(&cat, &plan, &map)
                    .into_iter()
                    // target problems are the plan's own, listed above already
                    .filter(|p| !p.strip_prefix("plan ").is_some_and(|t| already.iter().any(|a| a == t)))
                    .map(|p| format!("catalogue: {p}")),
            );
        }
        (Err(e), _) => problems.push(format!("catalogue: {e}")),
        (_, Err(_)) => {}
    }
    for p in &problems {
        writeln!(out, "FAIL {p}")?;
    }
    if problems.is_empty() {
        writeln!(out, "check passed")?;
        Ok(())
    } else {
        Err(CliError::CheckFailed(problems.len()))
    }
}
