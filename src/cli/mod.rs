//! Command-line entry points of the `dalian-atlas` binary: no subcommand opens the
//! window; `plan`, `check`, `bench`, `export`, `import-check`, `convert`,
//! `evaluation-template`, `import-actuals`, `evaluate` and `render` run without one.
//!
//! [`parse_args`] (in `args`) reads the command line with clap into [`Args`]; [`run`]
//! hands each command to its module.

mod args;
mod check;
mod convert;
mod evaluate;
mod evaluation;
mod export;
mod import_check;
mod plan;
mod render;

use std::io::Write;
use std::path::PathBuf;

use crate::basemap::{Basemap, BasemapError};
use crate::catalogue::CatalogueError;
use crate::plan::{Plan, PlanError};

pub use args::parse_args;
pub use export::{ExportLayer, parse_layers};

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
    #[error(transparent)]
    Basemap(#[from] BasemapError),
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    #[error("check failed: {0} problem(s)")]
    CheckFailed(usize),
    #[error(transparent)]
    Import(#[from] crate::io::ImportError),
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    #[error(transparent)]
    Print(#[from] crate::render::print::PrintError),
    #[error(transparent)]
    Project(#[from] crate::model::ProjectError),
    #[error(transparent)]
    Export(#[from] crate::model::export::ExportError),
    #[error(transparent)]
    Evaluation(#[from] crate::io::evaluation::EvalIoError),
    #[error(transparent)]
    Report(#[from] crate::io::report::ReportError),
}

/// What the user asked for on the command line.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Window,
    Plan {
        json: bool,
    },
    Check,
    Bench {
        runs: usize,
    },
    /// Write the named layers (comma-separated on the command line) to a GeoJSON file.
    /// `export --annotations PROJECT --out FILE`: a project's annotations as GeoJSON.
    ExportAnnotations {
        project: PathBuf,
        out: PathBuf,
    },
    Export {
        layers: Vec<ExportLayer>,
        out: PathBuf,
    },
    /// Import a file as the window would (read as [`Args::read`] says; `gcj02`: its
    /// positions are GCJ-02), print what the file holds and a summary of each layer.
    ImportCheck {
        file: PathBuf,
        gcj02: bool,
    },
    /// `convert IN OUT`: read `input` (as [`Args::read`] says) and write its layers to
    /// `output`, in the format its extension names; a GeoPackage in EPSG:`out_srs`.
    Convert {
        input: PathBuf,
        output: PathBuf,
        /// `--out-crs`: 4326 or 4490, for a GeoPackage (`None`: 4326).
        out_srs: Option<u32>,
    },
    /// `evaluation-template --out FILE.xlsx`: write the evaluation template.
    EvaluationTemplate {
        out: PathBuf,
    },
    /// `import-actuals --project P --in FILE [--out P2]`: merge an evaluation file into a
    /// project and save it to `out` (`project` itself without `--out`).
    ImportActuals {
        project: PathBuf,
        input: PathBuf,
        out: PathBuf,
    },
    /// Draw the map at `Args::view` (default: the whole municipality) as a PNG.
    Render {
        out: PathBuf,
        /// Pixels, `[width, height]`.
        size: [u32; 2],
        title: Option<String>,
        date: Option<String>,
        /// Scenes of `--project` to render (`None`: the view of `--view`, or the default).
        scenes: Option<SceneChoice>,
        /// `--style status`: the plan's features in the project's status colours.
        status_style: bool,
        /// `--legend`: where the images put their legend.
        legend: crate::model::LegendPlacement,
        /// `--paper`, `--orientation`, `--scale`, `--unit`: a print layout's options
        /// (`--out FILE.pdf`).
        print: PrintFlags,
    },
    /// `evaluate --project FILE --out REPORT`: the evaluation report of `project` as
    /// `.xlsx`, `.docx` or `.md` (by `out`'s extension), with map figures unless
    /// `figures` is false.
    Evaluate {
        project: PathBuf,
        out: PathBuf,
        figures: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    pub command: Command,
    pub plan: Option<PathBuf>,
    pub errata: Option<PathBuf>,
    pub lang: Option<String>,
    /// A plan element to show when the window opens.
    pub show: Option<String>,
    /// `--maps DIR`: basemap layers on disk instead of the built-in copy.
    pub maps: Option<PathBuf>,
    /// Map centre `[lon, lat]` (WGS-84) and zoom to open the window at.
    pub view: Option<([f64; 2], f64)>,
    /// `--project FILE`: a project to open in the window.
    pub project: Option<PathBuf>,
    /// `--import FILE` (repeatable): GeoJSON files to import when the window opens.
    pub import: Vec<PathBuf>,
    /// `--gcj02`: the imported files' positions are GCJ-02.
    pub gcj02: bool,
    /// `--layer`, `--encoding`, `--crs` of `convert` and `import-check`.
    pub read: ReadFlags,
}

/// How `convert` and `import-check` read their input; `None`: as the file says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadFlags {
    /// `--layer NAME`: only this layer (table, shapefile in the zip, sheet).
    pub layer: Option<String>,
    /// `--encoding ENC`: the attribute encoding.
    pub encoding: Option<crate::io::import::encoding::TextEncoding>,
    /// `--crs`: the input's coordinate system, when the file does not say (or to override it).
    pub crs: Option<crate::crs::Crs>,
}

impl Args {
    /// `command` with every option at its default (built-in plan and maps, no overrides).
    pub fn new(command: Command) -> Args {
        Args {
            command,
            plan: None,
            errata: None,
            lang: None,
            show: None,
            maps: None,
            view: None,
            project: None,
            import: Vec::new(),
            gcj02: false,
            read: ReadFlags::default(),
        }
    }
}

/// Which scenes of a project `render` draws.
#[derive(Clone, Debug, PartialEq)]
pub enum SceneChoice {
    /// `--scene NAME`: the scene titled NAME (or numbered NAME, from 1, or the only one
    /// whose title contains NAME).
    Named(String),
    /// `--all`: every scene, in deck order, into a folder.
    All,
}

/// `render`'s print-layout options, for `--out FILE.pdf`; `None`: the default (A4,
/// landscape, fitted, no 制图单位).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PrintFlags {
    pub paper: Option<crate::render::print::Paper>,
    pub orientation: Option<crate::render::print::Orientation>,
    /// The scale's denominator N of 1:N.
    pub scale: Option<u32>,
    /// 制图单位.
    pub unit: Option<String>,
}

impl PrintFlags {
    /// Any print option given.
    pub fn any(&self) -> bool {
        *self != PrintFlags::default()
    }
}

/// Whether `render` writes a print layout: `--out` ends in `.pdf`.
pub fn is_pdf(out: &std::path::Path) -> bool {
    out.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// `render`'s image size without `--size`.
pub const DEFAULT_RENDER_SIZE: [u32; 2] = [1920, 1080];

/// Loads the plan the arguments name (the built-in one by default).
/// Reads a project file and its linked layers' files; a linked file that is missing,
/// changed or unreadable is said on standard error (the layer is then empty, or read as
/// it is now), so that a map or report is never silently without it.
pub fn load_project(path: &std::path::Path) -> Result<crate::model::Project, crate::model::ProjectError> {
    use crate::io::project::LinkProblem;
    let (project, notes) = crate::io::project::load_project_linked(path)?;
    for n in notes {
        let what = match &n.problem {
            LinkProblem::Missing => "its file is missing; the layer is empty".to_string(),
            LinkProblem::Changed => "its file changed since the project was saved; read as it is now".to_string(),
            LinkProblem::Unreadable(reason) => format!("its file cannot be read ({reason}); the layer is empty"),
        };
        eprintln!("warning: linked layer “{}” ({}): {what}", n.layer, n.file.display());
    }
    Ok(project)
}

pub fn load_plan(args: &Args) -> Result<Plan, PlanError> {
    match &args.plan {
        Some(path) => crate::io::plan::plan_from_files(path, args.errata.as_deref()),
        None => Plan::embedded(),
    }
}

/// Runs a non-window command, writing to `out`.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    match args.command {
        Command::Window => Err(CliError::Usage("the window is not a CLI command".into())),
        Command::Plan { json } => plan::plan(args, json, out),
        Command::Check => check::check(args, out),
        Command::Bench { runs } => plan::bench(args, runs, out),
        Command::ImportCheck { ref file, gcj02 } => import_check::import_check(file, gcj02, &args.read, out),
        Command::Convert {
            ref input,
            ref output,
            out_srs,
        } => convert::convert(input, output, out_srs, &args.read, out),
        Command::Render {
            out: ref file,
            size: _,
            ref title,
            ref date,
            ref scenes,
            status_style,
            legend: _,
            ref print,
        } if is_pdf(file) => render::render_print(
            args,
            file,
            render::PrintOptions {
                title: title.as_deref(),
                date: date.as_deref(),
                flags: print,
            },
            scenes.as_ref(),
            status_style,
            out,
        ),
        Command::Render {
            out: ref file,
            size,
            ref title,
            ref date,
            ref scenes,
            status_style,
            legend,
            print: _,
        } => render::render(
            args,
            file,
            size,
            render::ImageOptions {
                title: title.as_deref(),
                date: date.as_deref(),
                legend,
            },
            scenes.as_ref(),
            status_style,
            out,
        ),
        Command::EvaluationTemplate { out: ref file } => evaluation::evaluation_template(args, file, out),
        Command::ImportActuals {
            ref project,
            ref input,
            out: ref file,
        } => evaluation::import_actuals(args, project, input, file, out),
        Command::Evaluate {
            ref project,
            out: ref file,
            figures,
        } => evaluate::evaluate(args, project, file, figures, out),
        Command::ExportAnnotations {
            ref project,
            out: ref file,
        } => export::export_annotations(args, project, file, out),
        Command::Export {
            ref layers,
            out: ref file,
        } => export::export(args, layers, file, out),
    }
}

/// The basemap the arguments name (the built-in one by default).
pub fn load_basemap(args: &Args) -> Result<Basemap, BasemapError> {
    match &args.maps {
        Some(dir) => crate::io::basemap::basemap_from_dir(dir),
        None => Basemap::builtin(),
    }
}
