//! What the window tests share: the plan and a kittest harness around the whole app.

#![allow(dead_code)] // Each test file uses part of this.

use std::path::PathBuf;
use std::sync::Arc;

use dalian_atlas::app::AtlasApp;
use dalian_atlas::plan::Plan;
use dalian_atlas::theme::{install_fonts, install_style};
use egui_kittest::Harness;

pub fn plan() -> Arc<Plan> {
    Arc::new(Plan::embedded().expect("the embedded plan parses"))
}

/// The whole window at 1600×1000 with the bundled CJK font (the harness panics on
/// missing glyphs) and the light theme, after its first frames.
pub fn harness_with(app: AtlasApp) -> Harness<'static, AtlasApp> {
    harness_sized(app, [1600.0, 1000.0])
}

/// The whole window at `size` points, set up as [`harness_with`]; no monitor is known,
/// so the window is not fitted to one, only the side panels to the window.
pub fn harness_sized(app: AtlasApp, size: [f32; 2]) -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(12)
        .with_theme(egui::Theme::Light)
        .with_context_setup(|ctx| {
            install_fonts(ctx);
            install_style(ctx);
        })
        .build_ui_state(|ui, app: &mut AtlasApp| app.run_frame(ui), app);
    harness.run();
    harness
}

/// The window with the 场景 tab open, the map on central Dalian at zoom 12.
pub fn scenes_harness() -> Harness<'static, AtlasApp> {
    let state = dalian_atlas::state::AppState {
        right_tab: dalian_atlas::action::RightTab::Scenes,
        ..Default::default()
    };
    let mut app = AtlasApp::with_state(plan(), state);
    app.set_map_view([121.62, 38.92], 12.0);
    harness_with(app)
}

/// A click on the map at `pos` (hover first, as a mouse does).
pub fn click_at(harness: &mut Harness<'static, AtlasApp>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.run();
    harness.drag_at(pos);
    harness.drop_at(pos);
    harness.run();
}

/// Zooms on 大连理工大学 (street level) and returns where its symbol is on the map.
pub fn dlut_on_map(harness: &mut Harness<'static, AtlasApp>) -> egui::Pos2 {
    harness.state_mut().set_map_view([121.53, 38.88], 13.0);
    harness.run();
    harness.state().map_pos_of_feature("uni.dlut").expect("drawn")
}

/// A fresh, empty folder for one test: `dalian-atlas-test-<name>-<pid>` in the system's
/// temp folder (the process ID keeps concurrent runs apart; tests remove it when done).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dalian-atlas-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}
