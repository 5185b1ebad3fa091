//! The command line as clap reads it, turned into [`Args`].

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{ArgGroup, CommandFactory, Parser, Subcommand};

use super::{Args, Command, DEFAULT_RENDER_SIZE, ExportLayer, SceneChoice, parse_layers};

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
        assert!(refused(args(&["--gcj02", "import-check", "a.geojson"])));
        assert!(refused(args(&["--view", "121.6,38.9,12", "render", "--out", "m.png"])));
        assert!(refused(args(&["check", "--errata", "e.json"])));
    }
}
