//! Command-line entry points of the `dalian-atlas` binary: no subcommand opens the
//! window; `plan`, `check`, `bench`, `build-maps` and `export` run without one.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

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

pub const USAGE: &str = "\
大连数字经济规划图集 — Dalian Atlas

USAGE:
    dalian-atlas [OPTIONS]                 open the atlas window
    dalian-atlas plan [--json] [OPTIONS]   print the parsed plan (outline, or all of it as JSON)
    dalian-atlas check [OPTIONS]           validate the plan, the basemap and the plan's feature catalogue;
                                           exit 0 when all is well
    dalian-atlas bench [--runs N] [OPTIONS] time plan parsing and basemap loading
    dalian-atlas build-maps [--maps DIR]   regenerate the basemap layers in DIR (default: maps)
    dalian-atlas export --layers LIST --out FILE
                                           write layers as RFC 7946 GeoJSON; LIST is comma-separated
                                           (layers: basemap = land,divisions,functional-areas,places;
                                           plan = layout,parks,infrastructure,projects)
    dalian-atlas export --annotations PROJECT --out FILE
                                           write a project's annotations as GeoJSON (simplestyle)
    dalian-atlas import-check FILE [--gcj02]
                                           import a GeoJSON file as the window would and print one line
                                           per layer (features by geometry type, bbox, properties seen);
                                           exit 0, or print why the file cannot be imported
    dalian-atlas render [--view LON,LAT,ZOOM] [--size WxH] [--title TEXT] [--date TEXT] --out FILE.png
                                           draw the map (no panels) as a PNG without a window: legend,
                                           scale bar, north arrow, attribution, 示意 disclaimer, title
                                           and date; default view: the whole municipality, as the window
                                           opens; default size 1920x1080 (at most 8192 a side; 3840x2160
                                           for 4K); --lang en for English names and furniture
    dalian-atlas render --project FILE (--scene NAME | --all) [--size WxH] --out FILE.png|DIR
                                           draw scenes of a project (NAME: title, number or part of
                                           a title); --all writes NN-title.png files into DIR

OPTIONS:
    --plan FILE      read the plan text from FILE instead of the built-in copy
    --errata FILE    errata for --plan (JSON; see seeds/errata.json)
    --lang zh|en     interface language of the window (default: zh, or the last choice); render:
                     language of the map's names and furniture (default: zh)
    --maps DIR       check/export the layers in DIR instead of the built-in copy
    --project FILE   open the window with this project file
    --import FILE    import a GeoJSON file as a layer when the window opens (repeatable;
                     with --gcj02 its positions are converted from GCJ-02)
    --show ID        open the window at a plan element (e.g. ch2.s4, box7, table1.r6.y2025)
                     or a map feature of the catalogue (e.g. park.dalian-software-park)
    --view LON,LAT,ZOOM  open (or render) the map centred on LON,LAT (WGS-84) at ZOOM (5–18)
    --gcj02          import-check: the file's positions are GCJ-02 (Amap/Tencent); convert to WGS-84
    --size WxH       render: image size in pixels (default 1920x1080)
    --title TEXT     render: the title above the map (default: the atlas's name)
    --date TEXT      render: the date under the title (default: today, UTC, YYYY-MM-DD)
    -h, --help       this text
";

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
    Help,
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
                "unknown layer “{name}” (known layers: {})\n\n{USAGE}",
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
        return Err(CliError::Usage(format!(
            "--layers needs at least one layer name\n\n{USAGE}"
        )));
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

/// Parses the arguments after the program name.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Args, CliError> {
    let mut out = Args::new(Command::Window);
    let mut layers: Option<String> = None;
    let mut out_file: Option<PathBuf> = None;
    let mut json = false;
    let mut gcj02 = false;
    let mut import_file: Option<PathBuf> = None;
    let mut annotations: Option<PathBuf> = None;
    let mut size: Option<[u32; 2]> = None;
    let mut title: Option<String> = None;
    let mut date: Option<String> = None;
    let mut scene: Option<String> = None;
    let mut all_scenes = false;
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
            "--gcj02" => gcj02 = true,
            "--plan" => out.plan = Some(PathBuf::from(value(&mut it, "--plan")?)),
            "--errata" => out.errata = Some(PathBuf::from(value(&mut it, "--errata")?)),
            "--maps" => out.maps = Some(PathBuf::from(value(&mut it, "--maps")?)),
            "--layers" => layers = Some(value(&mut it, "--layers")?),
            "--out" => out_file = Some(PathBuf::from(value(&mut it, "--out")?)),
            "--show" => out.show = Some(value(&mut it, "--show")?),
            "--project" => out.project = Some(PathBuf::from(value(&mut it, "--project")?)),
            "--import" => out.import.push(PathBuf::from(value(&mut it, "--import")?)),
            "--annotations" => annotations = Some(PathBuf::from(value(&mut it, "--annotations")?)),
            "--view" => out.view = Some(parse_view(&value(&mut it, "--view")?)?),
            "--title" => title = Some(value(&mut it, "--title")?),
            "--date" => date = Some(value(&mut it, "--date")?),
            "--scene" => scene = Some(value(&mut it, "--scene")?),
            "--all" => all_scenes = true,
            "--size" => {
                let v = value(&mut it, "--size")?;
                size = Some(
                    crate::render::parse_size(&v)
                        .filter(|[w, h]| *w > 0 && *h > 0)
                        .ok_or_else(|| {
                            CliError::Usage(format!(
                                "--size takes WIDTHxHEIGHT in pixels (e.g. 1920x1080), not “{v}”"
                            ))
                        })?,
                );
            }
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
            s if sub.as_deref() == Some("import-check") && import_file.is_none() => {
                import_file = Some(PathBuf::from(s))
            }
            s => return Err(CliError::Usage(format!("unexpected argument {s}\n\n{USAGE}"))),
        }
    }
    out.gcj02 = gcj02;
    if out.command == Command::Help {
        return Ok(out);
    }
    if out.errata.is_some() && out.plan.is_none() {
        return Err(CliError::Usage(
            "--errata goes with --plan FILE (the built-in plan has its own errata)".to_string(),
        ));
    }
    out.command = match sub.as_deref() {
        None => Command::Window,
        Some("plan") => Command::Plan { json },
        Some("check") => Command::Check,
        Some("bench") => Command::Bench { runs },
        Some("build-maps") => Command::BuildMaps,
        Some("export") => {
            let out = out_file.ok_or_else(|| CliError::Usage(format!("export needs --out FILE\n\n{USAGE}")))?;
            match (layers, annotations) {
                (None, Some(project)) => Command::ExportAnnotations { project, out },
                (Some(list), None) => Command::Export {
                    layers: parse_layers(&list)?,
                    out,
                },
                _ => {
                    return Err(CliError::Usage(format!(
                        "export needs --layers LIST or --annotations PROJECT (one of them)\n\n{USAGE}"
                    )));
                }
            }
        }
        Some("render") => {
            let out_file =
                out_file.ok_or_else(|| CliError::Usage(format!("render needs --out FILE.png\n\n{USAGE}")))?;
            let scenes = match (scene, all_scenes) {
                (Some(_), true) => {
                    return Err(CliError::Usage(format!(
                        "render takes --scene NAME or --all, not both\n\n{USAGE}"
                    )));
                }
                (Some(name), false) => Some(SceneChoice::Named(name)),
                (None, true) => Some(SceneChoice::All),
                (None, false) if out.project.is_some() => Some(SceneChoice::All),
                (None, false) => None,
            };
            if scenes.is_some() && out.project.is_none() {
                return Err(CliError::Usage(format!(
                    "render --scene/--all needs --project FILE (the scenes are in a project)\n\n{USAGE}"
                )));
            }
            Command::Render {
                out: out_file,
                size: size.unwrap_or(DEFAULT_RENDER_SIZE),
                title,
                date,
                scenes,
            }
        }
        Some("import-check") => Command::ImportCheck {
            file: import_file.ok_or_else(|| CliError::Usage(format!("import-check needs a FILE\n\n{USAGE}")))?,
            gcj02,
        },
        Some(other) => return Err(CliError::Usage(format!("unknown command {other}\n\n{USAGE}"))),
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

/// Reads `LON,LAT,ZOOM`.
fn parse_view(text: &str) -> Result<([f64; 2], f64), CliError> {
    let bad = || {
        CliError::Usage(format!(
            "--view takes LON,LAT,ZOOM (e.g. 121.62,38.92,12), not “{text}”"
        ))
    };
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

/// Loads the plan the arguments name (the built-in one by default).
pub fn load_plan(args: &Args) -> Result<Plan, PlanError> {
    match &args.plan {
        Some(path) => crate::io::plan::plan_from_files(path, args.errata.as_deref()),
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
        Some(dir) => crate::io::basemap::basemap_from_dir(dir),
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
        (Some(_), Some(path)) => Some(ProjectData::new(crate::io::project::load_project(path)?)),
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
    let report = crate::io::basemap::build_maps(&dir)?;
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
    crate::io::write_atomic(file, text.as_bytes())?;
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
    let project = crate::io::project::load_project(project)?;
    let name = file
        .file_stem()
        .map_or_else(|| "annotations".to_string(), |s| s.to_string_lossy().into_owned());
    let titles = |id: &str| plan.title_of(id);
    let text = crate::model::export::annotations_geojson(&name, &project.annotations, &titles);
    crate::io::export::save_geojson(file, &text).map_err(|e| CliError::Usage(e.to_string()))?;
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

    fn args(list: &[&str]) -> Result<Args, CliError> {
        parse_args(list.iter().map(|s| s.to_string()))
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
        assert!(matches!(args(&["--view", "121.6,38.9"]), Err(CliError::Usage(_))));
        assert!(matches!(args(&["--view", "521.6,38.9,12"]), Err(CliError::Usage(_))));
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
        assert!(matches!(&unknown, Err(CliError::Usage(m)) if m.contains("unknown layer “roads”")));
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
        assert!(matches!(
            args(&["export", "--layers", "basemap"]),
            Err(CliError::Usage(_))
        ));
        assert!(matches!(args(&["export", "--out", "x"]), Err(CliError::Usage(_))));
        assert!(matches!(
            args(&["export", "--layers", ",", "--out", "x"]),
            Err(CliError::Usage(_))
        ));
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
            assert!(matches!(args(bad), Err(CliError::Usage(_))), "{bad:?}");
        }
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        assert!(matches!(args(&["nope"]), Err(CliError::Usage(_))));
        assert!(matches!(args(&["plan", "--plan"]), Err(CliError::Usage(_))));
        assert!(matches!(args(&["bench", "--runs", "0"]), Err(CliError::Usage(_))));
        assert!(matches!(args(&["plan", "extra", "words"]), Err(CliError::Usage(_))));
        assert!(matches!(args(&["--frob"]), Err(CliError::Usage(_))));
        assert!(matches!(
            args(&["check", "--errata", "e.json"]),
            Err(CliError::Usage(_))
        ));
    }
}
