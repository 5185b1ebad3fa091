//! The atlas window: [`AtlasApp`] owns the plan, the [`AppState`], the map memory and
//! the land mesh; each frame it draws the panels, collects their actions and applies
//! them through [`AppState::apply`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{CentralPanel, FontData, FontDefinitions, FontFamily, MenuBar, Panel, TextStyle, Ui, ViewportCommand};
use walkers::MapMemory;

use crate::action::Action;
use crate::basemap::Basemap;
use crate::coords::CoordinateSystem;
use crate::i18n::{Key, Lang, tr};
use crate::map::{self, BasemapCache, BasemapTexts, MapView, OverlayTexts, TileLayer, TileLayerOptions};
use crate::plan::Plan;
use crate::state::AppState;
use crate::tile_source::{TileSourceSetting, TileStatus};
use crate::ui;

/// The bundled CJK font (Noto Sans CJK SC, subset; SIL OFL 1.1).
pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-Subset.otf");
/// Name of [`CJK_FONT`] in egui's font definitions.
pub const CJK_FONT_NAME: &str = "NotoSansSC-Subset";
/// Window title.
pub const WINDOW_TITLE: &str = "大连数字经济规划图集 — Dalian Atlas";
/// Largest official-boundaries file read (a county-level GeoJSON is a few MB).
pub const MAX_BOUNDARIES_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a UTF-8 text file of at most `max_bytes`, with messages a user can act on.
pub fn read_text_file(path: &std::path::Path, max_bytes: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a folder, not a file".to_string());
    }
    if meta.len() > max_bytes {
        return Err(format!(
            "is {} MB, more than the {} MB this reads",
            meta.len() / 1_000_000,
            max_bytes / 1_000_000
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_string())
}

/// What an official-boundaries load sends back: the file and the new basemap with a
/// message, or why it failed.
type OfficialOutcome = (Option<std::path::PathBuf>, Result<(Basemap, String), String>);

/// The built-in basemap with the official boundaries of `path` applied (none: as built in).
fn official_basemap(path: Option<&std::path::Path>, lang: Lang) -> Result<(Basemap, String), String> {
    let mut basemap = Basemap::builtin().map_err(|e| e.to_string())?;
    let Some(p) = path else {
        return Ok((basemap, String::new()));
    };
    let text = read_text_file(p, MAX_BOUNDARIES_BYTES)?;
    let report = crate::basemap::apply_official_boundaries(&mut basemap, &text).map_err(|e| e.to_string())?;
    let mut message = format!(
        "{}：{} — {}/{}",
        tr(lang, Key::OfficialBoundariesLoaded),
        p.display(),
        report.matched.len(),
        basemap.divisions.len()
    );
    if !report.divisions_not_supplied.is_empty() {
        let names: Vec<&str> = report.divisions_not_supplied.iter().map(|(_, n)| n.as_str()).collect();
        message.push_str(&format!("；{}：{}", tr(lang, Key::StillSchematic), names.join("、")));
    }
    Ok((basemap, message))
}

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
    /// The offline basemap (built in, or with the user's official boundaries).
    basemap: Basemap,
    /// `basemap` projected and triangulated for the current display coordinate system.
    basemap_cache: BasemapCache,
    map_fitted: bool,
    /// Index into `basemap.divisions` under the pointer in the last frame.
    hovered_division: Option<usize>,
    /// The divisions drawn are the user's official ones.
    official_loaded: bool,
    /// A running official-boundaries load (see [`AtlasApp::load_official_boundaries`]).
    official_job: Option<std::sync::mpsc::Receiver<OfficialOutcome>>,
    /// The map transform of the last frame.
    map_to_screen: Option<map::lod::ScreenFromMercator>,
    /// Texts of the map labels placed in the last frame.
    map_labels: Vec<String>,
    /// The optional tile layer, built when the tile setting changes (never per frame).
    tile_layer: Option<TileLayer>,
    /// The setting `tile_layer` was built from; `None` until the first frame.
    tiles_built_for: Option<TileSourceSetting>,
    tile_options: TileLayerOptions,
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
        let official = state.official_boundaries.clone();
        let mut app = Self::with_state(plan, state);
        if official.is_some() {
            // Remembered from the last run; a failure keeps the schematic boundaries and
            // says why in the status bar.
            app.load_official_boundaries(official);
        }
        app
    }

    /// The app without a window (for tests): `state` is checked against the plan. Does
    /// not touch fonts; call [`install_fonts`] on the context that will draw it.
    pub fn with_state(plan: Arc<Plan>, state: AppState) -> Self {
        let mut state = state.restored(&plan);
        let basemap = Basemap::builtin().unwrap_or_else(|e| {
            log::error!("{e}");
            state.notice = Some(e.to_string());
            Basemap::empty()
        });
        let basemap_cache = BasemapCache::new(&basemap, CoordinateSystem::Wgs84);
        AtlasApp {
            plan,
            state,
            map_memory: MapMemory::default(),
            basemap,
            basemap_cache,
            map_fitted: false,
            hovered_division: None,
            map_to_screen: None,
            official_loaded: false,
            official_job: None,
            map_labels: Vec::new(),
            tile_layer: None,
            tiles_built_for: None,
            tile_options: TileLayerOptions::default(),
        }
    }

    /// Replaces how tile layers are built (cache folder, stall timeout); the layer is
    /// rebuilt in the next frame. For tests and scripted use.
    pub fn with_tile_options(mut self, options: TileLayerOptions) -> Self {
        self.tile_options = options;
        self.tiles_built_for = None;
        self
    }

    /// Whether a tile layer is built and drawn.
    pub fn has_tile_layer(&self) -> bool {
        self.tile_layer.is_some()
    }

    /// (Re)builds the tile layer when the setting differs from the one it was built
    /// from. Dropping the old layer stops its fetch thread.
    fn sync_tile_layer(&mut self, ctx: &egui::Context) {
        let source = &self.state.tiles.source;
        if self.tiles_built_for.as_ref() == Some(source) && !self.state.tiles_rebuild_requested {
            return;
        }
        self.tiles_built_for = Some(source.clone());
        self.tile_layer = None;
        let status = match TileLayer::build(source, &self.tile_options, ctx) {
            Ok(layer) => {
                self.tile_layer = layer;
                TileStatus::Idle
            }
            Err(e) => {
                log::warn!("tile source: {e}");
                TileStatus::Failed(e.to_string())
            }
        };
        let _ = self.state.apply(&self.plan, Action::TileStatusChanged(status));
    }

    /// Asks for a PMTiles file with the system dialog (modal, like any file dialog) and
    /// puts the path into the tile dialog's fields.
    fn pick_pmtiles_file(&mut self) {
        let picked = rfd::FileDialog::new().add_filter("PMTiles", &["pmtiles"]).pick_file();
        if let (Some(path), Some(draft)) = (picked, &self.state.tile_dialog) {
            let mut draft = draft.clone();
            draft.pmtiles_path = path.display().to_string();
            let _ = self.state.apply(&self.plan, Action::EditTileDraft(draft));
        }
    }

    /// Starts replacing the divisions with official boundaries read from `path` (or
    /// restoring the built-in schematic ones for `None`) on a worker thread: reading and
    /// validating a large file must not freeze the window. The result is applied by a
    /// later frame ([`AtlasApp::run_frame`]); on any error nothing changes but the notice.
    pub fn load_official_boundaries(&mut self, path: Option<std::path::PathBuf>) {
        let lang = self.state.lang;
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let result = official_basemap(path.as_deref(), lang);
            // The receiver is gone only if the app closed meanwhile.
            let _ = sender.send((path, result));
        });
        self.official_job = Some(receiver);
    }

    /// Whether official boundaries are being loaded.
    pub fn official_loading(&self) -> bool {
        self.official_job.is_some()
    }

    /// Applies the result of a finished official-boundaries load, if any.
    fn poll_official_job(&mut self, ctx: &egui::Context) {
        let Some(receiver) = &self.official_job else { return };
        let outcome = match receiver.try_recv() {
            Ok(outcome) => outcome,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                (None, Err("the loading thread stopped unexpectedly".to_string()))
            }
        };
        self.official_job = None;
        match outcome {
            (path, Ok((basemap, message))) => {
                self.basemap_cache = BasemapCache::new(&basemap, self.basemap_cache.display);
                self.basemap = basemap;
                self.official_loaded = path.is_some();
                let _ = self
                    .state
                    .apply(&self.plan, Action::OfficialBoundariesChanged { path, message });
            }
            (path, Err(e)) => {
                let shown = path.as_ref().map_or(String::new(), |p| format!("{}: ", p.display()));
                let _ = self.state.apply(&self.plan, Action::Notify(format!("{shown}{e}")));
            }
        }
        ctx.request_repaint();
    }

    /// Centres the map on a WGS-84 `[lon, lat]` at `zoom` (instead of framing the
    /// municipality on the first frame).
    pub fn set_map_view(&mut self, lon_lat: [f64; 2], zoom: f64) {
        // `set_zoom` refuses zooms outside walkers' range; the map then keeps its zoom.
        let _ = self.map_memory.set_zoom(zoom);
        self.map_memory.center_at(walkers::lon_lat(lon_lat[0], lon_lat[1]));
        self.map_fitted = true;
    }

    /// The current state.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The plan shown.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The basemap drawn.
    pub fn basemap(&self) -> &Basemap {
        &self.basemap
    }

    /// Where a WGS-84 point was on screen in the last frame (with the tiles' datum
    /// shift), e.g. for tests that click the map.
    pub fn map_pos_of_lon_lat(&self, lon_lat: [f64; 2]) -> Option<egui::Pos2> {
        let shifted = self.basemap_cache.display.from_wgs84(lon_lat);
        Some(self.map_to_screen?.apply(map::lod::mercator_from_lon_lat(shifted)))
    }

    /// The map labels placed in the last frame (after collision avoidance).
    pub fn map_labels(&self) -> &[String] {
        &self.map_labels
    }

    /// The division under the pointer in the last frame (index into `basemap().divisions`).
    pub fn hovered_division(&self) -> Option<usize> {
        self.hovered_division
    }

    /// Applies an action as a click would (for tests and scripted use).
    pub fn apply(&mut self, action: Action) -> Result<(), crate::state::ApplyError> {
        self.state.apply(&self.plan, action)
    }

    /// Draws one frame into `ui` (the whole window) and applies what the user did.
    pub fn run_frame(&mut self, ui: &mut Ui) {
        self.poll_official_job(ui.ctx());
        self.sync_tile_layer(ui.ctx());
        let plan = Arc::clone(&self.plan);
        let state = &self.state;
        let lang = state.lang;
        let mut actions: Vec<Action> = Vec::new();

        Panel::top("menu-bar").show(ui, |ui| {
            MenuBar::new().ui(ui, |ui| actions.extend(ui::menu_bar_ui(ui, state)));
        });
        if state.show_status {
            let division = state
                .selected_division
                .and_then(|a| self.basemap.divisions.iter().find(|d| d.adcode == a))
                .map(|d| {
                    let name = if lang == Lang::Zh { &d.name_zh } else { &d.name_en };
                    let schematic = if d.precision == crate::basemap::Precision::Schematic {
                        tr(lang, Key::SchematicMark)
                    } else {
                        ""
                    };
                    format!(
                        "{name} · {} · {} {:.0} km²{schematic}",
                        d.adcode,
                        tr(lang, Key::AreaAbout),
                        d.area_km2
                    )
                });
            Panel::bottom("status-bar").show(ui, |ui| {
                actions.extend(ui::status_bar_ui(ui, &plan, state, division.as_deref()))
            });
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
        let display = self
            .tile_layer
            .as_ref()
            .map_or(CoordinateSystem::Wgs84, |t| t.coordinate_system());
        if self.basemap_cache.display != display {
            self.basemap_cache = BasemapCache::new(&self.basemap, display);
        }
        let view = MapView {
            basemap: &self.basemap,
            cache: &self.basemap_cache,
            texts: BasemapTexts {
                chinese: lang == Lang::Zh,
                schematic: tr(lang, Key::SchematicMark).to_string(),
                area: tr(lang, Key::AreaAbout).to_string(),
            },
            overlay: OverlayTexts {
                attribution: tr(lang, Key::Attribution).to_string(),
                disclaimer: tr(lang, Key::Disclaimer).to_string(),
                north: tr(lang, Key::North).to_string(),
                legend: [
                    Key::LegendDivisions,
                    Key::LegendFunctionalAreas,
                    Key::LegendUrbanCentre,
                    Key::LegendTowns,
                    Key::LegendAirports,
                ]
                .map(|k| tr(lang, k).to_string()),
            },
            selected_division: state.selected_division,
        };
        let map_memory = &mut self.map_memory;
        let (tiles, opacity) = (self.tile_layer.as_mut(), state.tiles.opacity);
        let events = CentralPanel::no_frame()
            .show(ui, |ui| map::map_ui(ui, map_memory, view, fit, tiles, opacity))
            .inner;
        if let Some(clicked) = events.clicked {
            let adcode = clicked.and_then(|i| self.basemap.divisions.get(i)).map(|d| d.adcode);
            actions.push(Action::SelectDivision(adcode));
        }
        self.hovered_division = events.hovered_division;
        self.map_to_screen = events.to_screen;
        self.map_labels = events.labels.into_iter().map(|l| l.text).collect();
        self.map_fitted = true;
        actions.extend(ui::about_ui(ui.ctx(), &plan, state, &self.basemap.attributions));
        actions.extend(ui::tile_dialog_ui(ui.ctx(), state));
        if let Some(layer) = &self.tile_layer {
            let status = layer.status(Instant::now());
            if status != state.tile_status {
                actions.push(Action::TileStatusChanged(status));
            }
            if layer.waiting() {
                // Tiles are wanted: look again soon, so a stall shows without user input.
                ui.ctx().request_repaint_after(Duration::from_millis(500));
            }
        }

        // One-shot requests of the last frame have been seen by this one.
        let _ = self.state.apply(&plan, Action::FrameDone);
        if !actions.is_empty() {
            for action in actions {
                // An error is kept in `state.notice` and shown in the status bar.
                let _ = self.state.apply(&plan, action);
            }
            ui.ctx().request_repaint();
        }
        if self.state.pick_pmtiles_requested {
            self.pick_pmtiles_file();
        }
        if self.state.pick_official_requested {
            let picked = rfd::FileDialog::new()
                .add_filter("GeoJSON", &["geojson", "json"])
                .pick_file();
            if let Some(path) = picked {
                self.load_official_boundaries(Some(path));
            }
        }
        if self.state.official_boundaries.is_none() && self.official_loaded && self.official_job.is_none() {
            // Back to the schematic boundaries.
            self.load_official_boundaries(None);
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
