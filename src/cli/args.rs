//! The command line as clap reads it, turned into [`Args`].

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{ArgGroup, CommandFactory, Parser, Subcommand};

use super::{Args, Command, DEFAULT_RENDER_SIZE, ExportLayer, PrintFlags, ReadFlags, SceneChoice, parse_layers};
use crate::crs::Crs;
use crate::io::import::encoding::TextEncoding;
use crate::model::LegendPlacement;

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
    /// Moved to its own program; refused with a pointer to it, whatever follows
    #[command(hide = true, disable_help_flag = true)]
    BuildMaps {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        rest: Vec<OsString>,
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
    /// Import a file (GeoJSON, Shapefile, zip, GeoPackage, KML/KMZ, CSV/TSV, .xlsx) as the
    /// window would: print what it holds (layers, counts, coordinate system and how it is
    /// known, encoding), then one line per layer (features by geometry type, bbox,
    /// properties seen); exit 0, or print why it cannot be imported
    ImportCheck {
        /// The file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        read: ReadOpts,
        /// The file's positions are GCJ-02 (Amap/Tencent); convert them to WGS-84 (same as
        /// --crs gcj02)
        #[arg(long, conflicts_with = "crs")]
        gcj02: bool,
    },
    /// Convert a file between the formats the atlas reads and writes, for scripts: IN as
    /// import-check reads it, OUT by its extension (.geojson/.json, .gpkg, .kml, .kmz),
    /// in WGS-84 (a GeoPackage in EPSG:4326 or 4490). A coordinate system the file does
    /// not declare must be given with --crs
    Convert {
        /// The file to read
        #[arg(value_name = "IN")]
        input: PathBuf,
        /// The file to write; its extension names the format
        #[arg(value_name = "OUT")]
        output: PathBuf,
        #[command(flatten)]
        read: ReadOpts,
        /// The GeoPackage's coordinate system: 4326 (WGS-84, the default) or 4490 (CGCS2000)
        #[arg(long, value_name = "4326|4490", value_parser = parse_out_crs)]
        out_crs: Option<u32>,
    },
    /// Write the evaluation template (.xlsx) for the planner to fill in: one row per
    /// indicator of the plan for actual values, a sheet for reference figures, one row per
    /// column project and catalogue feature for statuses; import it back in the window
    EvaluationTemplate {
        /// The .xlsx file to write
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
    /// Import actual values, reference figures and project statuses from a filled
    /// evaluation template (.xlsx) or a CSV file of actual values into a project file, all
    /// or nothing: a file value replaces the project's for the same indicator and year
    ImportActuals {
        /// The project file to add to
        #[arg(long, value_name = "FILE")]
        project: PathBuf,
        /// The filled template (.xlsx) or CSV file
        #[arg(long = "in", value_name = "FILE")]
        input: PathBuf,
        /// Write the project here instead of replacing --project
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Draw the map (no panels) as a PNG without a window: legend, scale bar, north arrow,
    /// attribution, 示意 disclaimer, title and date; or the scenes of a project
    Render(RenderOpts),
    /// Write the end-of-term evaluation report of a project: .xlsx (the indicator table,
    /// actual values per year with sources, project statuses), .docx (the report with map
    /// figures) or .md, by --out's extension
    Evaluate {
        /// The project file with the evaluation (actual values, statuses, annotations)
        #[arg(long, value_name = "FILE")]
        project: PathBuf,
        /// The report to write: report.xlsx, report.docx or report.md
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Leave out the map figures (no renderer needed)
        #[arg(long)]
        no_figures: bool,
    },
}

/// How `convert` and `import-check` read their input.
#[derive(Debug, clap::Args)]
struct ReadOpts {
    /// Read only this layer (GeoPackage table, shapefile in a zip, sheet) by name
    #[arg(long, value_name = "NAME")]
    layer: Option<String>,
    /// The attribute encoding (UTF-8, GBK, GB18030, CP936, BIG5…) instead of the .cpg or
    /// the detected one
    #[arg(long, value_name = "ENC", value_parser = parse_encoding)]
    encoding: Option<TextEncoding>,
    /// The input's coordinate system where the file does not say (or to override it): an
    /// EPSG code (4490, 4549, 4550, 4528, 4529, 4499, 4510, 32651, 3857, 4326; “EPSG:4550”
    /// too), gcj02 (Amap, Tencent) or bd09 (Baidu)
    #[arg(long, value_name = "EPSG|gcj02|bd09", value_parser = parse_crs)]
    crs: Option<Crs>,
}

impl From<ReadOpts> for ReadFlags {
    fn from(r: ReadOpts) -> Self {
        ReadFlags {
            layer: r.layer,
            encoding: r.encoding,
            crs: r.crs,
        }
    }
}

fn parse_encoding(text: &str) -> Result<TextEncoding, String> {
    TextEncoding::from_label(text)
        .ok_or_else(|| format!("--encoding takes UTF-8, GBK (GB2312, GB18030, CP936) or BIG5, not “{text}”"))
}

/// Reads `--crs`: an EPSG code (bare or `EPSG:`), or a web-map datum by name.
fn parse_crs(text: &str) -> Result<Crs, String> {
    let key = text.trim().to_ascii_lowercase().replace(['-', '_', ' '], "");
    match key.as_str() {
        "gcj02" | "gcj" | "amap" | "tencent" => return Ok(Crs::Gcj02),
        "bd09" | "baidu" => return Ok(Crs::Bd09),
        "wgs84" => return Ok(Crs::Wgs84),
        "cgcs2000" => return Ok(Crs::Cgcs2000),
        _ => {}
    }
    let code = key.strip_prefix("epsg:").unwrap_or(&key);
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "--crs takes an EPSG code (e.g. 4550 or EPSG:4550), gcj02 or bd09, not “{text}”"
        ));
    }
    crate::crs::from_wkt(&format!("EPSG:{code}")).map_err(|e| format!("--crs {text}: {e}"))
}

fn parse_out_crs(text: &str) -> Result<u32, String> {
    match text.trim().to_ascii_lowercase().trim_start_matches("epsg:") {
        "4326" => Ok(4326),
        "4490" => Ok(4490),
        _ => Err(format!(
            "--out-crs takes 4326 (WGS-84) or 4490 (CGCS2000), not “{text}”"
        )),
    }
}

#[derive(Debug, clap::Args)]
struct RenderOpts {
    /// The PNG to write (a folder for --all), or a FILE.pdf print layout (one page per
    /// scene with --all)
    #[arg(long, value_name = "FILE.png|DIR|FILE.pdf")]
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
    /// How the plan's features are drawn: plan (their categories, the default) or status
    /// (the project statuses of --project, with the status legend; --project then only
    /// gives the statuses and the view is --view's unless --scene or --all)
    #[arg(long, value_name = "plan|status", value_parser = parse_style)]
    style: Option<bool>,
    /// Where the legend goes: auto (the top corner clear of the highlighted features, the
    /// default), top-left, top-right or off
    #[arg(long, value_name = "auto|top-left|top-right|off", value_parser = parse_legend)]
    legend: Option<LegendPlacement>,
    /// A PDF's paper: a4 (the default) or a3
    #[arg(long, value_name = "a4|a3", value_parser = parse_paper)]
    paper: Option<crate::render::print::Paper>,
    /// A PDF's orientation: landscape (the default) or portrait
    #[arg(long, value_name = "landscape|portrait", value_parser = parse_orientation)]
    orientation: Option<crate::render::print::Orientation>,
    /// A PDF's map scale as 1:N, e.g. 250000 or 1:250000 (default: the area fitted to the
    /// map frame at the next round scale)
    #[arg(long, value_name = "N", value_parser = parse_scale)]
    scale: Option<u32>,
    /// 制图单位: who made the map, printed in a PDF's title block (default: blank)
    #[arg(long, value_name = "TEXT")]
    unit: Option<String>,
}

fn parse_paper(text: &str) -> Result<crate::render::print::Paper, String> {
    crate::render::print::Paper::parse(text).ok_or_else(|| format!("--paper takes a4 or a3, not “{text}”"))
}

fn parse_orientation(text: &str) -> Result<crate::render::print::Orientation, String> {
    crate::render::print::Orientation::parse(text)
        .ok_or_else(|| format!("--orientation takes landscape or portrait, not “{text}”"))
}

/// `250000`, `1:250000` or `1:250 000`.
fn parse_scale(text: &str) -> Result<u32, String> {
    let range = crate::render::print::SCALE_RANGE;
    let digits: String = text
        .trim()
        .trim_start_matches("1:")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    digits.parse().ok().filter(|n| range.contains(n)).ok_or_else(|| {
        format!(
            "--scale takes the scale's denominator, {}–{} (e.g. 250000 for 1:250 000), not “{text}”",
            range.start(),
            range.end()
        )
    })
}

/// `--legend`: a legend placement by name.
fn parse_legend(text: &str) -> Result<LegendPlacement, String> {
    LegendPlacement::parse(text).ok_or_else(|| format!("--legend takes auto, top-left, top-right or off, not “{text}”"))
}

/// `--style`: `true` for status styling.
fn parse_style(text: &str) -> Result<bool, String> {
    match text {
        "plan" => Ok(false),
        "status" => Ok(true),
        _ => Err(format!("--style takes plan or status, not “{text}”")),
    }
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

/// What `dalian-atlas build-maps` answers: the generator is not part of the atlas.
const BUILD_MAPS_MOVED: &str = "build-maps is a program of its own now (the atlas does not ship the basemap \
     generator): cargo run --release --bin build-maps -- --maps DIR";

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
    let window_option =
        cli.project.is_some() || !cli.import.is_empty() || cli.gcj02 || cli.show.is_some() || cli.view.is_some();
    if cli.command.is_some() && window_option {
        // Refused rather than ignored: `--gcj02 import-check FILE` would otherwise read the
        // file unconverted.
        return Err(Cli::command().error(
            ErrorKind::ArgumentConflict,
            "--project, --import, --gcj02, --show and --view before a command are the window's; \
             a command's own options go after its name (e.g. import-check FILE --gcj02)",
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
        Some(Sub::BuildMaps { .. }) => return Err(Cli::command().error(ErrorKind::InvalidSubcommand, BUILD_MAPS_MOVED)),
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
        Some(Sub::ImportCheck { file, read, gcj02 }) => {
            out.gcj02 = gcj02;
            out.read = read.into();
            if gcj02 {
                out.read.crs = Some(Crs::Gcj02);
            }
            Command::ImportCheck { file, gcj02 }
        }
        Some(Sub::Convert {
            input,
            output,
            read,
            out_crs,
        }) => {
            out.read = read.into();
            Command::Convert {
                input,
                output,
                out_srs: out_crs,
            }
        }
        Some(Sub::EvaluationTemplate { out: file }) => Command::EvaluationTemplate { out: file },
        Some(Sub::ImportActuals {
            project,
            input,
            out: file,
        }) => Command::ImportActuals {
            out: file.unwrap_or_else(|| project.clone()),
            project,
            input,
        },
        Some(Sub::Evaluate {
            project,
            out: file,
            no_figures,
        }) => Command::Evaluate {
            project,
            out: file,
            figures: !no_figures,
        },
        Some(Sub::Render(r)) => {
            let status_style = r.style.unwrap_or(false);
            if status_style && r.project.is_none() {
                return Err(Cli::command().error(
                    ErrorKind::MissingRequiredArgument,
                    "render --style status needs --project FILE (the statuses to draw)",
                ));
            }
            let scenes = match (r.scene, r.all || (r.project.is_some() && !status_style)) {
                (Some(name), _) => Some(SceneChoice::Named(name)),
                (None, true) => Some(SceneChoice::All),
                (None, false) => None,
            };
            let print = PrintFlags {
                paper: r.paper,
                orientation: r.orientation,
                scale: r.scale,
                unit: r.unit,
            };
            let pdf = super::is_pdf(&r.out);
            if print.any() && !pdf {
                return Err(Cli::command().error(
                    ErrorKind::ArgumentConflict,
                    "--paper, --orientation, --scale and --unit are for a print layout: --out FILE.pdf",
                ));
            }
            if pdf && r.size.is_some() {
                return Err(Cli::command().error(
                    ErrorKind::ArgumentConflict,
                    "--size is for PNG images; a PDF's map fills its paper (--paper, --orientation)",
                ));
            }
            out.view = r.view;
            out.project = r.project;
            out.maps = r.maps;
            Command::Render {
                print,
                out: r.out,
                size: r.size.unwrap_or(DEFAULT_RENDER_SIZE),
                title: r.title,
                date: r.date,
                scenes,
                status_style,
                legend: r.legend.unwrap_or_default(),
            }
        }
    };
    Ok(out)
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
        for list in [
            &["build-maps"][..],
            &["build-maps", "--maps", "m"],
            &["build-maps", "--help"],
        ] {
            let refused = args(list).expect_err("build-maps is its own program");
            assert!(refused.use_stderr(), "{list:?}");
            assert!(refused.to_string().contains("--bin build-maps"), "{list:?}: {refused}");
        }
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
                status_style: false,
                legend: LegendPlacement::Auto,
                print: PrintFlags::default(),
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
                status_style: false,
                legend: LegendPlacement::Auto,
                print: PrintFlags::default(),
            }
        );
        for bad in [
            &["render"][..],
            &["render", "--out", "m.png", "--size", "0x100"],
            &["render", "--out", "m.png", "--size", "big"],
            &["render", "--out", "m.png", "--scene", "专栏1"],
            &["render", "--out", "d", "--project", "p.json", "--scene", "1", "--all"],
            &["render", "--out", "m.png", "--paper", "a3"],
            &["render", "--out", "m.pdf", "--paper", "a5"],
            &["render", "--out", "m.pdf", "--scale", "0"],
            &["render", "--out", "m.pdf", "--size", "800x600"],
        ] {
            assert!(refused(args(bad)), "{bad:?}");
        }
    }

    #[test]
    fn render_to_a_pdf_reads_paper_orientation_scale_and_unit() {
        use crate::render::print::{Orientation, Paper};
        let a = args(&[
            "render",
            "--out",
            "m.PDF",
            "--paper",
            "A3",
            "--orientation",
            "portrait",
            "--scale",
            "1:250 000",
            "--unit",
            "大连市自然资源局",
        ])
        .expect("ok");
        let Command::Render { print, .. } = a.command else {
            panic!("not render: {:?}", a.command);
        };
        assert_eq!(
            print,
            PrintFlags {
                paper: Some(Paper::A3),
                orientation: Some(Orientation::Portrait),
                scale: Some(250_000),
                unit: Some("大连市自然资源局".into()),
            }
        );
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        assert!(refused(args(&["nope"])));
        assert!(refused(args(&["plan", "--plan"])));
        assert!(refused(args(&["bench", "--runs", "0"])));
        assert!(refused(args(&["plan", "extra", "words"])));
        assert!(refused(args(&["--frob"])));
        assert!(refused(args(&["--gcj02", "import-check", "a.geojson"])));
        assert!(refused(args(&["--view", "121.6,38.9,12", "render", "--out", "m.png"])));
        assert!(refused(args(&["check", "--errata", "e.json"])));
    }

    #[test]
    fn convert_reads_its_files_and_the_input_options() {
        let a = args(&[
            "convert",
            "in.shp",
            "out.gpkg",
            "--crs",
            "EPSG:4550",
            "--encoding",
            "cp936",
            "--layer",
            "roads",
            "--out-crs",
            "4490",
        ])
        .unwrap();
        assert_eq!(
            a.command,
            Command::Convert {
                input: PathBuf::from("in.shp"),
                output: PathBuf::from("out.gpkg"),
                out_srs: Some(4490),
            }
        );
        assert_eq!(
            a.read,
            ReadFlags {
                layer: Some("roads".to_string()),
                encoding: Some(TextEncoding::Gbk),
                crs: Crs::from_epsg(4550),
            }
        );
        let a = args(&["convert", "a.csv", "b.geojson"]).unwrap();
        assert_eq!(a.read, ReadFlags::default());
        assert!(refused(args(&["convert", "a.csv"])));
        assert!(refused(args(&["convert", "a.csv", "b.gpkg", "--out-crs", "4550"])));
        assert!(refused(args(&["convert", "a.csv", "b.gpkg", "--encoding", "latin9"])));
    }

    #[test]
    fn evaluate_takes_a_project_an_output_file_and_no_figures() {
        let a = args(&["evaluate", "--project", "p.json", "--out", "r.docx"]).expect("ok");
        assert_eq!(
            a.command,
            Command::Evaluate {
                project: PathBuf::from("p.json"),
                out: PathBuf::from("r.docx"),
                figures: true,
            }
        );
        let a = args(&["evaluate", "--project", "p.json", "--out", "r.xlsx", "--no-figures"]).expect("ok");
        assert!(matches!(a.command, Command::Evaluate { figures: false, .. }));
        assert!(refused(args(&["evaluate", "--out", "r.md"])));
        assert!(refused(args(&["evaluate", "--project", "p.json"])));
    }

    #[test]
    fn crs_takes_epsg_codes_and_the_web_map_datums_and_refuses_old_datums() {
        assert_eq!(parse_crs("4550"), Ok(Crs::from_epsg(4550).unwrap()));
        assert_eq!(parse_crs("epsg:4529"), Ok(Crs::from_epsg(4529).unwrap()));
        assert_eq!(parse_crs("GCJ-02"), Ok(Crs::Gcj02));
        assert_eq!(parse_crs("bd09"), Ok(Crs::Bd09));
        assert_eq!(parse_crs("wgs84"), Ok(Crs::Wgs84));
        assert!(parse_crs("2385").is_err_and(|e| e.contains("Xian 1980")));
        assert!(parse_crs("9999").is_err_and(|e| e.contains("9999")));
        assert!(parse_crs("lambert").is_err());
        assert!(parse_crs("").is_err());
    }

    #[test]
    fn import_check_takes_the_input_options_and_gcj02_means_crs_gcj02() {
        let a = args(&["import-check", "a.kml", "--gcj02"]).unwrap();
        assert_eq!(a.read.crs, Some(Crs::Gcj02));
        let a = args(&["import-check", "a.gpkg", "--layer", "parks", "--crs", "bd09"]).unwrap();
        assert_eq!(a.read.layer.as_deref(), Some("parks"));
        assert_eq!(a.read.crs, Some(Crs::Bd09));
        assert!(refused(args(&["import-check", "a.csv", "--gcj02", "--crs", "4490"])));
    }
}
