//! Time to export a deck of scenes as images from the window, the way 导出全部场景为图片…
//! does it: the whole app in an egui_kittest harness (no display), the 18 starter scenes
//! plus duplicates to make 20 (or `-- N`), at 1920×1080 (or `-- WxH N`). Each image is laid
//! out on the UI thread and painted by the export's worker thread while the window keeps
//! running frames; the bench prints the progress the status bar shows, the UI thread's
//! time per frame while exporting, and the total and per-image seconds.
//!
//! `cargo bench --bench window_image_export`. The images go to a temporary folder,
//! removed afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use std::sync::Arc;
use std::time::{Duration, Instant};

use dalian_atlas::action::{Action, DocAction, ImageRequest, ImageSubject};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::plan::Plan;
use dalian_atlas::render::parse_size;
use dalian_atlas::state::AppState;
use dalian_atlas::theme::{install_fonts, install_style};
use egui_kittest::Harness;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let size = args.first().and_then(|s| parse_size(s)).unwrap_or([1920, 1080]);
    let count: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);

    let plan = Arc::new(Plan::embedded().expect("the embedded plan parses"));
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_max_steps(12)
        .with_context_setup(|ctx| {
            install_fonts(ctx);
            install_style(ctx);
        })
        .build_ui_state(
            |ui, app: &mut AtlasApp| app.run_frame(ui),
            AtlasApp::with_state(plan, AppState::default()),
        );
    harness.run();
    let apply = |harness: &mut Harness<'static, AtlasApp>, action: DocAction| {
        harness.state_mut().apply(Action::Document(action)).expect("applies");
        harness.run();
    };
    apply(&mut harness, DocAction::AddStarterScenes);
    while harness.state().document().project.scenes.len() < count {
        apply(&mut harness, DocAction::DuplicateScene(0));
    }
    while harness.state().document().project.scenes.len() > count {
        apply(&mut harness, DocAction::DeleteScene(count));
    }
    let dir = std::env::temp_dir().join(format!("dalian-atlas-window-export-{}", std::process::id()));
    let start = Instant::now();
    apply(
        &mut harness,
        DocAction::ExportImages(ImageRequest {
            subject: ImageSubject::AllScenes,
            size,
            title: String::new(),
            out: dir.clone(),
            legend: dalian_atlas::model::LegendPlacement::Auto,
        }),
    );
    let mut frames = Vec::new();
    let mut shown = 0;
    while let Some((written, total)) = harness.state().image_export_progress() {
        if written != shown {
            shown = written;
            println!("[{written}/{total}] {:.1} s", start.elapsed().as_secs_f64());
        }
        std::thread::sleep(Duration::from_millis(16));
        let t = Instant::now();
        harness.step();
        frames.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let total = start.elapsed().as_secs_f64();
    let notice = harness.state().state().notice.clone().unwrap_or_default();
    frames.sort_by(f64::total_cmp);
    let median = frames.get(frames.len() / 2).copied().unwrap_or(0.0);
    let worst = frames.last().copied().unwrap_or(0.0);
    println!("{notice}");
    println!(
        "{count} images at {}×{}: {total:.1} s ({:.2} s per image); UI frames while exporting: median {median:.0} ms, worst {worst:.0} ms ({} frames)",
        size[0],
        size[1],
        total / count as f64,
        frames.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
