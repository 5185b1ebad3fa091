//! `dalian-atlas`: no subcommand opens the atlas window; `plan`, `check`, `export`,
//! `render` … run the command-line tools (see `dalian-atlas --help`).

use std::process::ExitCode;
use std::sync::Arc;

use dalian_atlas::action::Action;
use dalian_atlas::app::{AtlasApp, WINDOW_TITLE};
use dalian_atlas::cli::{self, Command};
use dalian_atlas::i18n::Lang;

fn main() -> ExitCode {
    env_logger::init();
    let args = match cli::parse_args(std::env::args_os().skip(1)) {
        Ok(args) => args,
        // `--help` prints to stdout and succeeds; a mistake prints to stderr and fails.
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if args.command != Command::Window {
        let mut stdout = std::io::stdout().lock();
        return match cli::run(&args, &mut stdout) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let plan = match cli::load_plan(&args) {
        Ok(plan) => Arc::new(plan),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let is_feature = |id: &str| dalian_atlas::catalogue::Catalogue::builtin().is_ok_and(|c| c.feature(id).is_some());
    if let Some(id) = &args.show
        && plan.kind_of(id).is_none()
        && !is_feature(id)
    {
        eprintln!(
            "--show {id}: neither the plan nor the feature catalogue has this ID \
             (see `dalian-atlas plan --json` and maps/plan/catalogue.json)"
        );
        return ExitCode::FAILURE;
    }
    let lang = args.lang.as_deref().and_then(Lang::from_code);
    let show = args.show.clone();
    let view = args.view;
    let (project, imports, gcj02) = (args.project.clone(), args.import.clone(), args.gcj02);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(WINDOW_TITLE)
            // Asked for before the monitor is known; the first frames fit the window to the
            // monitor (maximised on a small one), see `app::screen_fit`.
            .with_inner_size(dalian_atlas::app::screen_fit::PREFERRED_WINDOW_PT)
            .with_min_inner_size(dalian_atlas::app::MIN_WINDOW),
        ..Default::default()
    };
    let result = eframe::run_native(
        "dalian-atlas",
        options,
        Box::new(move |cc| {
            let data_dir = eframe::storage_dir("dalian-atlas");
            let mut app = AtlasApp::new(cc, plan, lang).with_data_dir(data_dir);
            app.open_at_start(project, imports, gcj02);
            if let Some((lon_lat, zoom)) = view {
                app.set_map_view(lon_lat, zoom);
            }
            if let Some(id) = show {
                // Checked above; an error would only leave the preface shown.
                let action = if app.plan().kind_of(&id).is_some() {
                    Action::Show(id)
                } else {
                    Action::GoToFeature(id)
                };
                let _ = app.apply(action);
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}
