//! Command-line entry points of the `dalian-atlas` binary: no subcommand opens the
//! window; `plan`, `check`, `bench`, `build-maps` and `export` run without one.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::error::ErrorKind;
use clap::{ArgGroup, CommandFactory, Parser, Subcommand};

use crate::basemap::{self, Basemap, BasemapError};
use crate::catalogue::{self, Catalogue, CatalogueError};
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
    Project(#[from] crate::model::ProjectError),
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
    /// Regenerate the basemap layers in `Args::maps` (default `maps`).
    BuildMaps,
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
    /// Import a GeoJSON file as the window would, and print a summary of the layer.
    ImportCheck {
        file: PathBuf,
        gcj02: bool,
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
    },
}

/// A layer `export` can write. Later layers (layout, parks, annotations …) join here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportLayer {
    Land,
    Divisions,
    FunctionalAreas,
    Places,
    /// The plan's feature catalogue (`maps/plan/catalogue.json`), one layer each.
    Layout,
    Parks,
    Infrastructure,
    Projects,
}

impl ExportLayer {
    /// The layer names `--layers` accepts, and what each expands to.
    pub const NAMES: &[(&str, &[ExportLayer])] = &[
        (
            "basemap",
            &[
                ExportLayer::Land,
                ExportLayer::Divisions,
                ExportLayer::FunctionalAreas,
                ExportLayer::Places,
            ],
        ),
        ("land", &[ExportLayer::Land]),
        ("divisions", &[ExportLayer::Divisions]),
        ("functional-areas", &[ExportLayer::FunctionalAreas]),
        ("places", &[ExportLayer::Places]),
        (
            "plan",
            &[
                ExportLayer::Layout,
                ExportLayer::Parks,
                ExportLayer::Infrastructure,
                ExportLayer::Projects,
            ],
        ),
        ("layout", &[ExportLayer::Layout]),
        ("parks", &[ExportLayer::Parks]),
        ("infrastructure", &[ExportLayer::Infrastructure]),
        ("projects", &[ExportLayer::Projects]),
    ];

    /// The `layer` property value of this layer's features.
    pub fn property(self) -> &'static str {
        match self {
            ExportLayer::Land => "land",
            ExportLayer::Divisions => "divisions",
            ExportLayer::FunctionalAreas => "functional_areas",
            ExportLayer::Places => "places",
            ExportLayer::Layout => "layout",
            ExportLayer::Parks => "parks",
            ExportLayer::Infrastructure => "infrastructure",
            ExportLayer::Projects => "projects",
        }
    }

    /// The catalogue layer this is, if it is one.
    pub fn catalogue_layer(self) -> Option<catalogue::Layer> {
        match self {
            ExportLayer::Layout => Some(catalogue::Layer::Layout),
            ExportLayer::Parks => Some(catalogue::Layer::Parks),
            ExportLayer::Infrastructure => Some(catalogue::Layer::Infrastructure),
            ExportLayer::Projects => Some(catalogue::Layer::Projects),
            _ => None,
        }
    }
}

/// Parses a comma-separated `--layers` list (duplicates removed, order kept).
pub fn parse_layers(list: &str) -> Result<Vec<ExportLayer>, CliError> {
    let mut out: Vec<ExportLayer> = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let Some((_, layers)) = ExportLayer::NAMES.iter().find(|(n, _)| *n == name) else {
            let known: Vec<&str> = ExportLayer::NAMES.iter().map(|(n, _)| *n).collect();
            return Err(CliError::Usage(format!(
                "unknown layer “{name}” (known layers: {})",
                known.join(", ")
            )));
        };
        for l in *layers {
            if !out.contains(l) {
                out.push(*l);
            }
        }
    }
    if out.is_empty() {
        return Err(CliError::Usage("--layers needs at least one layer name".to_string()));
    }
    Ok(out)
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
        }
    }
}

/// The command line as clap reads it; [`parse_args`] turns it into [`Args`].
#[derive(Debug, Parser)]
#[command(
    name = "dalian-atlas",
    about = "大连数字经济规划图集 — Dalian Atlas: without a command, opens the atlas window",
    after_help = "Run `dalian-atlas COMMAND --help` for a command's options."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Sub>,
    #[command(flatten)]
    shared: SharedOpts,
    /// Open the window with this project file
    #[arg(long, value_name = "FILE")]
    project: Option<PathBuf>,
    /// Import a GeoJSON file as a layer when the window opens (repeatable; with --gcj02
    /// its positions are converted from GCJ-02)
    #[arg(long, value_name = "FILE")]
    import: Vec<PathBuf>,
    /// The --import files' positions are GCJ-02 (Amap/Tencent); convert them to WGS-84
    #[arg(long)]
    gcj02: bool,
    /// Open the window at a plan element (e.g. ch2.s4, box7, table1.r6.y2025) or a map
    /// feature of the catalogue (e.g. park.dalian-software-park)
    #[arg(long, value_name = "ID")]
    show: Option<String>,
    /// Open the map centred on LON,LAT (WGS-84) at ZOOM (5–18)
    #[arg(long, value_name = "LON,LAT,ZOOM", value_parser = parse_view)]
    view: Option<View>,
}

/// Options every command takes (before or after the command's name).
#[derive(Debug, clap::Args)]
struct SharedOpts {
    /// Read the plan text from FILE instead of the built-in copy
    #[arg(long, value_name = "FILE", global = true)]
    plan: Option<PathBuf>,
    /// Errata for --plan (JSON; see seeds/errata.json)
    #[arg(long, value_name = "FILE", global = true)]
    errata: Option<PathBuf>,
    /// Interface language of the window (default: zh, or the last choice); render: the
    /// language of the map's names and furniture (default: zh)
    #[arg(long, value_name = "zh|en", value_parser = parse_lang, global = true)]
    lang: Option<String>,
}

/// A map centre `[lon, lat]` (WGS-84) and a zoom.
type View = ([f64; 2], f64);

#[derive(Debug, Subcommand)]
enum Sub {
    /// Print the parsed plan (its outline, or all of it as JSON)
    Plan {
        /// Print the whole parsed plan as JSON, every element with its stable ID
        #[arg(long)]
        json: bool,
    },
    /// Validate the plan, the basemap and the plan's feature catalogue; exit 0 when all is
    /// well
    Check {
        /// Check the layers in DIR instead of the built-in copy
        #[arg(long, value_name = "DIR")]
        maps: Option<PathBuf>,
    },
    /// Time plan parsing and basemap loading
    Bench {
        /// Runs of each measurement
        #[arg(long, value_name = "N", default_value_t = 200, value_parser = parse_runs)]
        runs: usize,
    },
    /// Regenerate the basemap layers in DIR from the coastline and place data there
    BuildMaps {
        /// The maps folder to regenerate
        #[arg(long, value_name = "DIR", default_value = "maps")]
        maps: PathBuf,
    },
    /// Write layers, or a project's annotations, as RFC 7946 GeoJSON
    #[command(group(ArgGroup::new("what").required(true).args(["layers", "annotations"])))]
    Export {
        /// Comma-separated layers: basemap = land,divisions,functional-areas,places; plan =
        /// layout,parks,infrastructure,projects
        #[arg(long, value_name = "LIST", value_parser = parse_layer_list)]
        layers: Option<LayerList>,
        /// Write this project's annotations (simplestyle properties and plan links) instead
        #[arg(long, value_name = "PROJECT")]
        annotations: Option<PathBuf>,
        /// The GeoJSON file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Export the layers in DIR instead of the built-in copy
        #[arg(long, value_name = "DIR")]
        maps: Option<PathBuf>,
    },
    /// Import a GeoJSON file as the window would and print one line per layer (features by
    /// geometry type, bbox, properties seen); exit 0, or print why it cannot be imported
    ImportCheck {
        /// The GeoJSON file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The file's positions are GCJ-02 (Amap/Tencent); convert them to WGS-84
        #[arg(long)]
        gcj02: bool,
    },
    /// Draw the map (no panels) as a PNG without a window: legend, scale bar, north arrow,
    /// attribution, 示意 disclaimer, title and date; or the scenes of a project
    Render(RenderOpts),
}

#[derive(Debug, clap::Args)]
struct RenderOpts {
    /// The PNG to write (a folder for --all)
    #[arg(long, value_name = "FILE.png|DIR")]
    out: PathBuf,
    /// Centre the map on LON,LAT (WGS-84) at ZOOM (5–18) (default: the whole
    /// municipality, as the window opens)
    #[arg(long, value_name = "LON,LAT,ZOOM", value_parser = parse_view)]
    view: Option<View>,
    /// Image size in pixels, at most 8192 a side (default 1920x1080; 3840x2160 for 4K)
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    size: Option<[u32; 2]>,
    /// The title above the map (default: the atlas's name)
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// The date under the title (default: today, UTC, YYYY-MM-DD)
    #[arg(long, value_name = "TEXT")]
    date: Option<String>,
    /// Draw the scenes of this project (all of them unless --scene)
    #[arg(long, value_name = "FILE")]
    project: Option<PathBuf>,
    /// Draw one scene of --project: its title, its number (from 1) or part of its title
    #[arg(long, value_name = "NAME", requires = "project", conflicts_with = "all")]
    scene: Option<String>,
    /// Draw every scene of --project into the --out folder as NN-title.png
    #[arg(long, requires = "project")]
    all: bool,
    /// Draw the layers in DIR instead of the built-in copy
    #[arg(long, value_name = "DIR")]
    maps: Option<PathBuf>,
}

/// The layers of one `--layers` list.
#[derive(Clone, Debug)]
struct LayerList(Vec<ExportLayer>);

fn parse_layer_list(list: &str) -> Result<LayerList, String> {
    parse_layers(list).map(LayerList).map_err(|e| e.to_string())
}

fn parse_lang(text: &str) -> Result<String, String> {
    match text {
        "zh" | "en" => Ok(text.to_string()),
        _ => Err(format!("--lang takes zh or en, not “{text}”")),
    }
}

fn parse_runs(text: &str) -> Result<usize, String> {
    text.parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("--runs takes a positive number, not “{text}”"))
}

fn parse_size(text: &str) -> Result<[u32; 2], String> {
    crate::render::parse_size(text)
        .filter(|[w, h]| *w > 0 && *h > 0)
        .ok_or_else(|| format!("--size takes WIDTHxHEIGHT in pixels (e.g. 1920x1080), not “{text}”"))
}

/// Reads `LON,LAT,ZOOM`.
fn parse_view(text: &str) -> Result<View, String> {
    let bad = || format!("--view takes LON,LAT,ZOOM (e.g. 121.62,38.92,12), not “{text}”");
    let parts: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    match parts.as_slice() {
        [lon, lat, zoom]
            if (-180.0..=180.0).contains(lon) && (-85.0..=85.0).contains(lat) && (5.0..=18.0).contains(zoom) =>
        {
            Ok(([*lon, *lat], *zoom))
        }
        _ => Err(bad()),
    }
}

/// Parses the arguments after the program name. `Err` holds clap's message: the generated
/// help for `--help` (print it to stdout, exit 0), otherwise what is wrong and the usage.
pub fn parse_args<I, T>(args: I) -> Result<Args, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let program = std::iter::once(OsString::from("dalian-atlas"));
    let cli = Cli::try_parse_from(program.chain(args.into_iter().map(Into::into)))?;
    if cli.shared.errata.is_some() && cli.shared.plan.is_none() {
        return Err(Cli::command().error(
            ErrorKind::MissingRequiredArgument,
            "--errata goes with --plan FILE (the built-in plan has its own errata)",
        ));
    }
    let mut out = Args::new(Command::Window);
    out.plan = cli.shared.plan;
    out.errata = cli.shared.errata;
    out.lang = cli.shared.lang;
    out.command = match cli.command {
        None => {
            out.show = cli.show;
            out.view = cli.view;
            out.project = cli.project;
            out.import = cli.import;
            out.gcj02 = cli.gcj02;
            Command::Window
        }
        Some(Sub::Plan { json }) => Command::Plan { json },
        Some(Sub::Check { maps }) => {
            out.maps = maps;
            Command::Check
        }
        Some(Sub::Bench { runs }) => Command::Bench { runs },
        Some(Sub::BuildMaps { maps }) => {
            out.maps = Some(maps);
            Command::BuildMaps
        }
        Some(Sub::Export {
            layers,
            annotations,
            out: file,
            maps,
        }) => {
            out.maps = maps;
            match (layers, annotations) {
                (Some(LayerList(layers)), _) => Command::Export { layers, out: file },
                (None, Some(project)) => Command::ExportAnnotations { project, out: file },
                // The argument group requires one of them.
                (None, None) => {
                    return Err(Cli::command().error(
                        ErrorKind::MissingRequiredArgument,
                        "export needs --layers LIST or --annotations PROJECT",
                    ));
                }
            }
        }
        Some(Sub::ImportCheck { file, gcj02 }) => {
            out.gcj02 = gcj02;
            Command::ImportCheck { file, gcj02 }
        }
        Some(Sub::Render(r)) => {
            let scenes = match (r.scene, r.all || r.project.is_some()) {
                (Some(name), _) => Some(SceneChoice::Named(name)),
                (None, true) => Some(SceneChoice::All),
                (None, false) => None,
            };
            out.view = r.view;
            out.project = r.project;
            out.maps = r.maps;
            Command::Render {
                out: r.out,
                size: r.size.unwrap_or(DEFAULT_RENDER_SIZE),
                title: r.title,
                date: r.date,
                scenes,
            }
        }
    };
    Ok(out)
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

/// `render`'s image size without `--size`.
pub const DEFAULT_RENDER_SIZE: [u32; 2] = [1920, 1080];

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
        Command::BuildMaps => build_maps(args, out),
        Command::ImportCheck { ref file, gcj02 } => import_check(file, gcj02, out),
        Command::Render {
            out: ref file,
            size,
            ref title,
            ref date,
            ref scenes,
        } => render(
            args,
            file,
            size,
            title.as_deref(),
            date.as_deref(),
            scenes.as_ref(),
            out,
        ),
        Command::ExportAnnotations {
            ref project,
            out: ref file,
        } => export_annotations(args, project, file, out),
        Command::Export {
            ref layers,
            out: ref file,
        } => export(args, layers, file, out),
    }
}

/// The basemap the arguments name (the built-in one by default).
pub fn load_basemap(args: &Args) -> Result<Basemap, BasemapError> {
    match &args.maps {
        Some(dir) => Basemap::from_dir(dir),
        None => Basemap::builtin(),
    }
}

/// `render`: one image of the map at `args.view` (the whole municipality by default), or
/// the chosen scenes of `--project` (one file for `--scene` unless `--out` is a folder;
/// `NN-title.png` files in the `--out` folder for `--all`).
fn render(
    args: &Args,
    file: &std::path::Path,
    size: [u32; 2],
    title: Option<&str>,
    date: Option<&str>,
    scenes: Option<&SceneChoice>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::i18n::{Key, Lang, tr};
    use crate::render::map_image::{self, DeckItem, ImageSettings, MapData, MapImage, ProjectData};
    use crate::render::{OffscreenRenderer, RendererOptions};

    if file.is_dir() && scenes.is_none() {
        return Err(CliError::Usage(format!(
            "--out {} is a folder; render writes one FILE.png",
            file.display()
        )));
    }
    let lang = args.lang.as_deref().and_then(Lang::from_code).unwrap_or_default();
    let mut renderer = OffscreenRenderer::new(RendererOptions::default())?;
    renderer.check_size(size)?;
    map_image::prepare(&renderer);
    let plan = load_plan(args)?;
    let settings = ImageSettings {
        size,
        lang,
        source: map_image::plan_source(&plan.front, lang),
        date: date.map_or_else(map_image::today_utc, str::to_string),
    };
    let data = MapData::new(load_basemap(args)?, Catalogue::builtin()?);
    // A project's scenes are drawn with its imported layers and annotations.
    let project = match (scenes, &args.project) {
        (Some(_), Some(path)) => Some(ProjectData::new(crate::model::project::load_project(path)?)),
        _ => None,
    };
    let items: Vec<DeckItem> = match (scenes, &project) {
        (Some(choice), Some(project)) => scene_items(&plan, &data, &project.project.scenes, choice, file)?,
        _ => {
            let mut image = MapImage::whole_municipality(title.unwrap_or(tr(lang, Key::AppName)));
            image.view = args
                .view
                .map(|([lon, lat], zoom)| crate::model::MapView { lon, lat, zoom });
            vec![DeckItem {
                image,
                out: file.to_path_buf(),
            }]
        }
    };
    writeln!(
        out,
        "rendering {} image(s) at {}×{} px on {}",
        items.len(),
        size[0],
        size[1],
        renderer.adapter()
    )?;
    // A progress line per image as it is written.
    let mut write_error = None;
    let sources = match &project {
        Some(project) => data.sources().with_project(project),
        None => data.sources(),
    };
    let total = map_image::render_deck(&mut renderer, &sources, &settings, &items, |p| {
        if let Err(e) = writeln!(out, "{p}").and_then(|()| out.flush()) {
            write_error.get_or_insert(e);
        }
    })?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    writeln!(
        out,
        "{} image(s) in {total:.1} s ({:.2} s per image)",
        items.len(),
        total / items.len() as f64
    )?;
    Ok(())
}

/// The images of a project's scenes (see [`crate::render::map_image::scene_image`]).
fn scene_items(
    plan: &Plan,
    data: &crate::render::map_image::MapData,
    scenes: &[crate::model::Scene],
    choice: &SceneChoice,
    out: &std::path::Path,
) -> Result<Vec<crate::render::map_image::DeckItem>, CliError> {
    use crate::render::map_image::{DeckItem, scene_file_name, scene_image};
    if scenes.is_empty() {
        return Err(CliError::Usage("the project has no scenes".into()));
    }
    let chosen: Vec<usize> = match choice {
        SceneChoice::All => (0..scenes.len()).collect(),
        SceneChoice::Named(name) => vec![find_scene(scenes, name)?],
    };
    let links = crate::catalogue::Links::new(plan, &data.catalogue);
    let folder = matches!(choice, SceneChoice::All) || out.is_dir();
    if folder {
        std::fs::create_dir_all(out)?;
    }
    Ok(chosen
        .into_iter()
        .map(|k| {
            let scene = &scenes[k];
            let image = scene_image(plan, &data.catalogue, &links, scene);
            let path = if folder {
                out.join(scene_file_name(k, &scene.title))
            } else {
                out.to_path_buf()
            };
            DeckItem { image, out: path }
        })
        .collect())
}

/// The scene `name` names: its exact title, its number (from 1), or the only title that
/// contains it.
fn find_scene(scenes: &[crate::model::Scene], name: &str) -> Result<usize, CliError> {
    if let Some(k) = scenes.iter().position(|s| s.title == name) {
        return Ok(k);
    }
    if let Ok(n) = name.parse::<usize>()
        && (1..=scenes.len()).contains(&n)
    {
        return Ok(n - 1);
    }
    let matching: Vec<usize> = (0..scenes.len()).filter(|&k| scenes[k].title.contains(name)).collect();
    match matching[..] {
        [k] => Ok(k),
        _ => {
            let list: Vec<String> = scenes
                .iter()
                .enumerate()
                .map(|(k, s)| format!("  {:>2}  {}", k + 1, s.title))
                .collect();
            Err(CliError::Usage(format!(
                "no single scene is called “{name}”; the project's scenes are:\n{}",
                list.join("\n")
            )))
        }
    }
}

fn build_maps(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let dir = args.maps.clone().unwrap_or_else(|| PathBuf::from("maps"));
    let start = Instant::now();
    let report = basemap::build_maps(&dir)?;
    let secs = start.elapsed().as_secs_f64();
    writeln!(
        out,
        "land: {} OpenStreetMap polygons + {} GSHHG islets; {:.0} km² of land in the data box left outside Dalian",
        report.land_polygons_osm, report.islets_gshhg, report.land_outside_km2
    )?;
    writeln!(
        out,
        "{:<8} {:<10} {:>12} {:>12} {:>8}",
        "adcode", "division", "reference", "computed", "diff"
    )?;
    for d in &report.divisions {
        writeln!(
            out,
            "{:<8} {:<10} {:>9.0} km² {:>9.1} km² {:>+7.1} %{}",
            d.adcode,
            d.name_zh,
            d.area_reference_km2,
            d.area_km2,
            d.diff_percent(),
            if d.coast_limited {
                "  (coast-limited: all its island land)"
            } else {
                ""
            }
        )?;
    }
    writeln!(
        out,
        "wrote {} in {} ({secs:.1} s)",
        report.files_written.join(", "),
        dir.display()
    )?;
    Ok(())
}

fn export(args: &Args, layers: &[ExportLayer], file: &std::path::Path, out: &mut dyn Write) -> Result<(), CliError> {
    let map = load_basemap(args)?;
    let mut features: Vec<_> = basemap::basemap_features(&map)
        .into_iter()
        .filter(|f| {
            let layer = f.properties.get("layer").and_then(|v| v.as_str()).unwrap_or("");
            layers.iter().any(|l| l.property() == layer)
        })
        .collect();
    let plan_layers: Vec<catalogue::Layer> = layers.iter().filter_map(|l| l.catalogue_layer()).collect();
    if !plan_layers.is_empty() {
        let plan = load_plan(args)?;
        let cat = Catalogue::builtin()?;
        features.extend(catalogue::export_features(&cat, &plan, &map, &plan_layers));
    }
    let (attribution, license) = basemap::export_attribution();
    let names: Vec<&str> = layers.iter().map(|l| l.property()).collect();
    let text = basemap::feature_collection_text(
        &format!("dalian-atlas {}", names.join("+")),
        attribution,
        license,
        Some(&format!(
            "{}。{}{}",
            basemap::SCHEMATIC_NOTE_ZH,
            basemap::SCHEMATIC_NOTE_EN,
            if plan_layers.is_empty() {
                String::new()
            } else {
                format!(" {}", catalogue::CATALOGUE_NOTE_EN)
            }
        )),
        &features,
    );
    basemap::write_atomic(file, text.as_bytes())?;
    writeln!(
        out,
        "wrote {} features ({}) to {}",
        features.len(),
        names.join(", "),
        file.display()
    )?;
    Ok(())
}

/// `import-check`: imports `file` with the window's importer and prints one line per
/// layer: name, features by geometry type, bbox (lon/lat, 6 decimals), properties seen.
/// Writes a project's annotations as RFC 7946 GeoJSON with simplestyle properties and
/// the plan links (IDs and titles).
fn export_annotations(
    args: &Args,
    project: &std::path::Path,
    file: &std::path::Path,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let plan = load_plan(args)?;
    let project = crate::model::project::load_project(project)?;
    let name = file
        .file_stem()
        .map_or_else(|| "annotations".to_string(), |s| s.to_string_lossy().into_owned());
    let titles = |id: &str| plan.title_of(id);
    let text = crate::model::export::annotations_geojson(&name, &project.annotations, &titles);
    crate::model::export::save_geojson(file, &text).map_err(|e| CliError::Usage(e.to_string()))?;
    writeln!(
        out,
        "wrote {} annotations to {}",
        project.annotations.len(),
        file.display()
    )?;
    Ok(())
}

fn import_check(file: &std::path::Path, gcj02: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let options = crate::io::ImportOptions {
        gcj02,
        ..Default::default()
    };
    let layer = crate::io::import_geojson(file, &options, &|_| true)?;
    let counts: Vec<String> = layer
        .geometry_counts()
        .iter()
        .map(|(t, n)| format!("{n} {}", if *t == "null" { "without geometry" } else { t }))
        .collect();
    let bbox = match layer.bbox() {
        Some([x0, y0, x1, y1]) => format!("bbox lon/lat {x0:.6},{y0:.6} to {x1:.6},{y1:.6}"),
        None => "no bbox".to_string(),
    };
    let names: Vec<&str> = layer.property_names().into_iter().collect();
    let or_none = |list: String| if list.is_empty() { "none".to_string() } else { list };
    writeln!(
        out,
        "{}: {} features ({}); {bbox}{}; properties: {}",
        layer.name,
        layer.features.len(),
        or_none(counts.join(", ")),
        if gcj02 { " (converted from GCJ-02)" } else { "" },
        or_none(names.join(", "))
    )?;
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
    let mut problems = plan.problems();
    match load_basemap(args) {
        Ok(map) => {
            writeln!(
                out,
                "basemap: {} land polygons, {} divisions, {} functional areas, {} places",
                map.land.len(),
                map.divisions.len(),
                map.functional_areas.len(),
                map.places.len()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, clap::Error> {
        parse_args(list.iter().map(|s| s.to_string()))
    }

    /// The arguments are refused with a message on stderr (not help on stdout).
    fn refused(result: Result<Args, clap::Error>) -> bool {
        result.is_err_and(|e| e.use_stderr())
    }

    #[test]
    fn no_arguments_open_the_window() {
        assert_eq!(args(&[]).expect("ok").command, Command::Window);
        assert_eq!(args(&["--lang", "en"]).expect("ok").lang.as_deref(), Some("en"));
        assert_eq!(args(&["--show", "ch2.s4"]).expect("ok").show.as_deref(), Some("ch2.s4"));
        assert_eq!(
            args(&["--view", "121.6,38.9,12"]).expect("ok").view,
            Some(([121.6, 38.9], 12.0))
        );
        assert!(refused(args(&["--view", "121.6,38.9"])));
        assert!(refused(args(&["--view", "521.6,38.9,12"])));
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
        assert!(args(&["--help"]).is_err_and(|e| e.kind() == ErrorKind::DisplayHelp));
        assert_eq!(args(&["build-maps"]).expect("ok").command, Command::BuildMaps);
        assert_eq!(
            args(&["build-maps", "--maps", "m"]).expect("ok").maps,
            Some(PathBuf::from("m"))
        );
        assert_eq!(
            args(&["export", "--layers", "divisions,places,divisions", "--out", "x.geojson"])
                .expect("ok")
                .command,
            Command::Export {
                layers: vec![ExportLayer::Divisions, ExportLayer::Places],
                out: PathBuf::from("x.geojson")
            }
        );
    }

    #[test]
    fn export_needs_known_layers_and_an_output_file() {
        let unknown = args(&["export", "--layers", "basemap,roads", "--out", "x.geojson"]);
        assert!(unknown.is_err_and(|e| e.use_stderr() && e.to_string().contains("unknown layer “roads”")));
        assert_eq!(
            args(&[
                "export",
                "--layers",
                "layout,parks,infrastructure,projects",
                "--out",
                "x"
            ])
            .expect("ok")
            .command,
            Command::Export {
                layers: vec![
                    ExportLayer::Layout,
                    ExportLayer::Parks,
                    ExportLayer::Infrastructure,
                    ExportLayer::Projects
                ],
                out: PathBuf::from("x")
            }
        );
        assert!(refused(args(&["export", "--layers", "basemap"])));
        assert!(refused(args(&["export", "--out", "x"])));
        assert!(refused(args(&["export", "--layers", ",", "--out", "x"])));
    }

    #[test]
    fn render_reads_its_view_size_title_and_output() {
        let a = args(&[
            "render",
            "--view",
            "121.62,38.92,12",
            "--size",
            "3840x2160",
            "--title",
            "市中心",
            "--out",
            "m.png",
        ])
        .expect("ok");
        assert_eq!(a.view, Some(([121.62, 38.92], 12.0)));
        assert_eq!(
            a.command,
            Command::Render {
                out: PathBuf::from("m.png"),
                size: [3840, 2160],
                title: Some("市中心".into()),
                date: None,
                scenes: None,
            }
        );
        assert_eq!(
            args(&["render", "--out", "m.png"]).expect("ok").command,
            Command::Render {
                out: PathBuf::from("m.png"),
                size: DEFAULT_RENDER_SIZE,
                title: None,
                date: None,
                scenes: None,
            }
        );
        for bad in [
            &["render"][..],
            &["render", "--out", "m.png", "--size", "0x100"],
            &["render", "--out", "m.png", "--size", "big"],
            &["render", "--out", "m.png", "--scene", "专栏1"],
            &["render", "--out", "d", "--project", "p.json", "--scene", "1", "--all"],
        ] {
            assert!(refused(args(bad)), "{bad:?}");
        }
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        assert!(refused(args(&["nope"])));
        assert!(refused(args(&["plan", "--plan"])));
        assert!(refused(args(&["bench", "--runs", "0"])));
        assert!(refused(args(&["plan", "extra", "words"])));
        assert!(refused(args(&["--frob"])));
        assert!(refused(args(&["check", "--errata", "e.json"])));
    }
}
