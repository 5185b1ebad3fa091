//! Plan files chosen by the user (the command line's `--plan` and `--errata`). Parsing is
//! [`crate::plan`]'s; this only reads.

use std::path::Path;

use crate::plan::{Plan, PlanError, parse_errata};

/// The UTF-8 text of a plan or errata file at `p`.
pub fn read_plan_text(p: &Path) -> Result<String, PlanError> {
    let bytes = std::fs::read(p).map_err(|source| PlanError::Read {
        path: p.display().to_string(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| PlanError::NotText {
        path: p.display().to_string(),
    })
}

/// A plan file chosen by the user, with an optional errata file (none: no corrections).
pub fn plan_from_files(plan: &Path, errata: Option<&Path>) -> Result<Plan, PlanError> {
    let text = read_plan_text(plan)?;
    let errata = match errata {
        Some(e) => parse_errata(&e.display().to_string(), &read_plan_text(e)?)?,
        None => Vec::new(),
    };
    Plan::parse(&plan.display().to_string(), &text, errata)
}
