//! Command-line entry points of the `dalian-atlas` binary: no subcommand opens the
//! window; `plan`, `check` and `bench` run without one.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use crate::plan::{Plan, PlanError, Severity};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error("cannot serialise the plan: {0}")]
    Json(#[from] serde_json::Error),
    #[error("check failed: {0} problem(s)")]
    CheckFailed(usize),
}

pub const USAGE: &str = "\
大连数字经济规划图集 — Dalian Atlas

USAGE:
    dalian-atlas [OPTIONS]                 open the atlas window
    dalian-atlas plan [--json] [OPTIONS]   print the parsed plan (outline, or all of it as JSON)
    dalian-atlas check [OPTIONS]           validate the plan; exit 0 when all is well
    dalian-atlas bench [--runs N] [OPTIONS] time plan parsing

OPTIONS:
    --plan FILE      read the plan text from FILE instead of the built-in copy
    --errata FILE    errata for --plan (JSON; see seeds/errata.json)
    --lang zh|en     interface language of the window (default: zh, or the last choice)
    --show ID        open the window at a plan element (e.g. ch2.s4, box7, table1.r6.y2025)
    -h, --help       this text
";

/// What the user asked for on the command line.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Window,
    Plan { json: bool },
    Check,
    Bench { runs: usize },
    Help,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    pub command: Command,
    pub plan: Option<PathBuf>,
    pub errata: Option<PathBuf>,
    pub lang: Option<String>,
    /// A plan element to show when the window opens.
    pub show: Option<String>,
}

/// Parses the arguments after the program name.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Args, CliError> {
    let mut out = Args {
        command: Command::Window,
        plan: None,
        errata: None,
        lang: None,
        show: None,
    };
    let mut json = false;
    let mut runs = 200;
    let mut sub: Option<String> = None;
    let mut it = args.into_iter();
    let value = |it: &mut dyn Iterator<Item = String>, flag: &str| {
        it.next()
            .ok_or_else(|| CliError::Usage(format!("{flag} needs a value\n\n{USAGE}")))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => out.command = Command::Help,
            "--json" => json = true,
            "--plan" => out.plan = Some(PathBuf::from(value(&mut it, "--plan")?)),
            "--errata" => out.errata = Some(PathBuf::from(value(&mut it, "--errata")?)),
            "--show" => out.show = Some(value(&mut it, "--show")?),
            "--lang" => {
                let l = value(&mut it, "--lang")?;
                if l != "zh" && l != "en" {
                    return Err(CliError::Usage(format!("--lang takes zh or en, not “{l}”")));
                }
                out.lang = Some(l);
            }
            "--runs" => {
                let v = value(&mut it, "--runs")?;
                runs = v
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| CliError::Usage(format!("--runs takes a positive number, not “{v}”")))?;
            }
            s if s.starts_with('-') => return Err(CliError::Usage(format!("unknown option {s}\n\n{USAGE}"))),
            s if sub.is_none() => sub = Some(s.to_string()),
            s => return Err(CliError::Usage(format!("unexpected argument {s}\n\n{USAGE}"))),
        }
    }
    if out.command == Command::Help {
        return Ok(out);
    }
    out.command = match sub.as_deref() {
        None => Command::Window,
        Some("plan") => Command::Plan { json },
        Some("check") => Command::Check,
        Some("bench") => Command::Bench { runs },
        Some(other) => return Err(CliError::Usage(format!("unknown command {other}\n\n{USAGE}"))),
    };
    Ok(out)
}

/// Loads the plan the arguments name (the built-in one by default).
pub fn load_plan(args: &Args) -> Result<Plan, PlanError> {
    match &args.plan {
        Some(path) => Plan::from_files(path, args.errata.as_deref()),
        None => Plan::embedded(),
    }
}

/// Runs a non-window command, writing to `out`. Returns the process exit code.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    match args.command {
        Command::Window => Err(CliError::Usage("the window is not a CLI command".into())),
        Command::Help => {
            out.write_all(USAGE.as_bytes())?;
            Ok(())
        }
        Command::Plan { json } => {
            let plan = load_plan(args)?;
            if json {
                serde_json::to_writer_pretty(&mut *out, &plan)?;
                writeln!(out)?;
            } else {
                write_outline(&plan, out)?;
            }
            Ok(())
        }
        Command::Check => check(args, out),
        Command::Bench { runs } => bench(args, runs, out),
    }
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

fn check(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
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
    let problems = plan.problems();
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

fn bench(args: &Args, runs: usize, out: &mut dyn Write) -> Result<(), CliError> {
    let text = match &args.plan {
        Some(p) => std::fs::read_to_string(p).map_err(|source| PlanError::Read {
            path: p.display().to_string(),
            source,
        })?,
        None => crate::plan::EMBEDDED_PLAN.to_string(),
    };
    let errata = match (&args.plan, &args.errata) {
        (None, _) => crate::plan::parse_errata(crate::plan::EMBEDDED_ERRATA_NAME, crate::plan::EMBEDDED_ERRATA)?,
        (Some(_), Some(e)) => crate::plan::parse_errata(
            &e.display().to_string(),
            &std::fs::read_to_string(e).map_err(|source| PlanError::Read {
                path: e.display().to_string(),
                source,
            })?,
        )?,
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, CliError> {
        parse_args(list.iter().map(|s| s.to_string()))
    }

    #[test]
    fn no_arguments_open_the_window() {
        assert_eq!(args(&[]).expect("ok").command, Command::Window);
        assert_eq!(args(&["--lang", "en"]).expect("ok").lang.as_deref(), Some("en"));
        assert_eq!(args(&["--show", "ch2.s4"]).expect("ok").show.as_deref(), Some("ch2.s4"));
    }

    #[test]
    fn subcommands_and_their_flags_are_read() {
        assert_eq!(
            args(&["plan", "--json"]).expect("ok").command,
            Command::Plan { json: true }
        );
        assert_eq!(args(&["plan"]).expect("ok").command, Command::Plan { json: false });
        assert_eq!(args(&["check"]).expect("ok").command, Command::Check);
        assert_eq!(
            args(&["bench", "--runs", "7"]).expect("ok").command,
            Command::Bench { runs: 7 }
        );
        let a = args(&["check", "--plan", "p.md", "--errata", "e.json"]).expect("ok");
        assert_eq!(a.plan, Some(PathBuf::from("p.md")));
        assert_eq!(a.errata, Some(PathBuf::from("e.json")));
        assert_eq!(args(&["--help"]).expect("ok").command, Command::Help);
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        assert!(matches!(args(&["nope"]), Err(CliError::Usage(_))));
        assert!(matches!(args(&["plan", "--plan"]), Err(CliError::Usage(_))));
        assert!(matches!(args(&["bench", "--runs", "0"]), Err(CliError::Usage(_))));
        assert!(matches!(args(&["plan", "extra", "words"]), Err(CliError::Usage(_))));
        assert!(matches!(args(&["--frob"]), Err(CliError::Usage(_))));
    }
}
