//! `plan` and `bench`: the parsed plan printed, and plan parsing and basemap loading timed.

use std::io::Write;
use std::time::Instant;

use super::{Args, CliError, load_plan};
use crate::basemap::Basemap;
use crate::io::plan::read_plan_text;
use crate::plan::Plan;

/// `plan`: the outline of the plan, or (`--json`) all of it as JSON.
pub(super) fn plan(args: &Args, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let plan = load_plan(args)?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &plan)?;
        writeln!(out)?;
    } else {
        write_outline(&plan, out)?;
    }
    Ok(())
}

fn write_outline(plan: &Plan, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} ({} {})",
        plan.front.title, plan.front.document_number, plan.front.attachment
    )?;
    for ch in &plan.chapters {
        writeln!(out, "{:8} {} {}", ch.id, ch.label, ch.title)?;
        for s in &ch.sections {
            writeln!(
                out,
                "{:8}   {} {} ({} paragraphs)",
                s.id,
                s.label,
                s.title,
                s.paragraphs.len()
            )?;
            for b in &s.boxes {
                if let Some(bx) = plan.text_box(b) {
                    writeln!(out, "{:8}     专栏{} {}", bx.id, bx.number, bx.title)?;
                }
            }
        }
    }
    writeln!(out, "{} targets, {} findings", plan.targets.len(), plan.findings.len())
}

/// `bench`: times plan parsing and basemap loading, `runs` times each.
pub(super) fn bench(args: &Args, runs: usize, out: &mut dyn Write) -> Result<(), CliError> {
    let text = match &args.plan {
        Some(p) => read_plan_text(p)?,
        None => crate::plan::EMBEDDED_PLAN.to_string(),
    };
    let errata = match (&args.plan, &args.errata) {
        (None, _) => crate::plan::parse_errata(crate::plan::EMBEDDED_ERRATA_NAME, crate::plan::EMBEDDED_ERRATA)?,
        (Some(_), Some(e)) => crate::plan::parse_errata(&e.display().to_string(), &read_plan_text(e)?)?,
        (Some(_), None) => Vec::new(),
    };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let plan = Plan::parse("bench", &text, errata.clone())?;
        times.push(start.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(plan);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
    writeln!(
        out,
        "plan parse ({} bytes, {runs} runs): median {median:.3} ms, p95 {p95:.3} ms, min {:.3} ms",
        text.len(),
        times[0]
    )?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let map = Basemap::builtin()?;
        times.push(start.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(map);
    }
    times.sort_by(f64::total_cmp);
    writeln!(
        out,
        "basemap load ({runs} runs): median {:.3} ms, p95 {:.3} ms, min {:.3} ms",
        times[times.len() / 2],
        times[(times.len() * 95 / 100).min(times.len() - 1)],
        times[0]
    )?;
    Ok(())
}
