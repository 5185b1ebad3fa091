//! The atlas window: [`AtlasApp`] owns the plan, the [`AppState`], the map memory and
//! the land mesh; each frame it draws the panels, collects their actions and applies
//! them through [`AppState::apply`].

use std::sync::Arc;

use egui::{CentralPanel, FontData, FontDefinitions, FontFamily, MenuBar, Panel, TextStyle, Ui, ViewportCommand};
use walkers::MapMemory;

use crate::action::Action;
use crate::i18n::{Key, Lang, tr};
use crate::map::{self, LandMesh, PlaceLabel};
use crate::plan::Plan;
use crate::state::AppState;
use crate::ui;

/// The bundled CJK font (Noto Sans CJK SC, subset; SIL OFL 1.1).
pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-Subset.otf");
/// Name of [`CJK_FONT`] in egui's font definitions.
pub const CJK_FONT_NAME: &str = "NotoSansSC-Subset";
/// Window title.
pub const WINDOW_TITLE: &str = "大连数字经济规划图集 — Dalian Atlas";
/// Key of the persisted [`AppState`] in eframe storage.
pub const STATE_KEY: &str = eframe::APP_KEY;

/// Installs the bundled CJK font first in both the proportional and the monospace
/// family (egui's default fonts stay as fallbacks).
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts
        .font_data
        .insert(CJK_FONT_NAME.to_string(), Arc::new(FontData::from_static(CJK_FONT)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, CJK_FONT_NAME.to_string());
    }
    ctx.set_fonts(fonts);
}

/// Text sizes that keep Chinese legible (egui's defaults are tuned for Latin).
pub fn install_style(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        for (text_style, size) in [
            (TextStyle::Small, 11.0),
            (TextStyle::Body, 14.0),
            (TextStyle::Button, 14.0),
            (TextStyle::Monospace, 13.0),
            (TextStyle::Heading, 19.0),
        ] {
            if let Some(font) = style.text_styles.get_mut(&text_style) {
                font.size = size;
            }
        }
        style.spacing.item_spacing.y = 4.0;
    });
}

/// The atlas application.
pub struct AtlasApp {
    plan: Arc<Plan>,
    state: AppState,
    map_memory: MapMemory,
    land: LandMesh,
    map_fitted: bool,
}

impl AtlasApp {
    /// The app for an eframe window: installs fonts and style, restores the persisted
    /// state (if any) and applies `lang_override` (from `--lang`) on top of it.
    pub fn new(cc: &eframe::CreationContext<'_>, plan: Arc<Plan>, lang_override: Option<Lang>) -> Self {
        install_fonts(&cc.egui_ctx);
        install_style(&cc.egui_ctx);
        cc.egui_ctx.set_theme(egui::Theme::Light);
        let mut state: AppState = cc
            .storage
            .and_then(|s| eframe::get_value(s, STATE_KEY))
            .unwrap_or_default();
        if let Some(lang) = lang_override {
            state.lang = lang;
        }
        Self::with_state(plan, state)
    }

    /// The app without a window (for tests): `state` is checked against the plan. Does
    /// not touch fonts; call [`install_fonts`] on the context that will draw it.
    pub fn with_state(plan: Arc<Plan>, state: AppState) -> Self {
        let mut state = state.restored(&plan);
        let land = LandMesh::embedded().unwrap_or_else(|e| {
            log::error!("{e}");
            state.notice = Some(e.to_string());
            LandMesh::default()
        });
        AtlasApp {
            plan,
            state,
            map_memory: MapMemory::default(),
            land,
            map_fitted: false,
        }
    }

    /// The current state.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The plan shown.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Applies an action as a click would (for tests and scripted use).
    pub fn apply(&mut self, action: Action) -> Result<(), crate::state::ApplyError> {
        self.state.apply(&self.plan, action)
    }

    /// Draws one frame into `ui` (the whole window) and applies what the user did.
    pub fn run_frame(&mut self, ui: &mut Ui) {
        let plan = Arc::clone(&self.plan);
        let state = &self.state;
        let lang = state.lang;
        let mut actions: Vec<Action> = Vec::new();

        Panel::top("menu-bar").show(ui, |ui| {
            MenuBar::new().ui(ui, |ui| actions.extend(ui::menu_bar_ui(ui, state)));
        });
        if state.show_status {
            Panel::bottom("status-bar").show(ui, |ui| actions.extend(ui::status_bar_ui(ui, &plan, state)));
        }
        if state.show_plan {
            Panel::left("plan-panel")
                .resizable(true)
                .default_size(500.0)
                .size_range(320.0..=900.0)
                .show(ui, |ui| actions.extend(ui::plan_panel_ui(ui, &plan, state)));
        }
        if state.show_targets {
            Panel::right("targets-panel")
                .resizable(true)
                .default_size(430.0)
                .size_range(300.0..=800.0)
                .show(ui, |ui| actions.extend(ui::targets_panel_ui(ui, &plan, state)));
        }
        let fit = !self.map_fitted || state.map_reset_requested;
        let places = vec![PlaceLabel {
            lon: map::DALIAN_CITY_LON_LAT[0],
            lat: map::DALIAN_CITY_LON_LAT[1],
            text: tr(lang, Key::Dalian).to_string(),
        }];
        let attribution = tr(lang, Key::Attribution).to_string();
        let (map_memory, land) = (&mut self.map_memory, &self.land);
        CentralPanel::no_frame().show(ui, |ui| map::map_ui(ui, map_memory, land, fit, places, attribution));
        self.map_fitted = true;
        actions.extend(ui::about_ui(ui.ctx(), &plan, state));

        // One-shot requests of the last frame have been seen by this one.
        let _ = self.state.apply(&plan, Action::FrameDone);
        if !actions.is_empty() {
            for action in actions {
                // An error is kept in `state.notice` and shown in the status bar.
                let _ = self.state.apply(&plan, action);
            }
            ui.ctx().request_repaint();
        }
        if self.state.quit_requested {
            ui.ctx().send_viewport_cmd(ViewportCommand::Close);
        }
    }
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.run_frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STATE_KEY, &self.state);
    }
}
