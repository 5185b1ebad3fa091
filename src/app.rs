//! The atlas window: [`AtlasApp`] owns the plan, the [`AppState`], the map memory and
//! the land mesh; each frame it draws the panels, collects their actions and applies
//! them through [`AppState::apply`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{CentralPanel, FontData, FontDefinitions, FontFamily, MenuBar, Panel, TextStyle, Ui, ViewportCommand};
use walkers::MapMemory;

use crate::action::RightTab;
use crate::action::{Action, DocAction};
use crate::basemap::Basemap;
use crate::catalogue::{Catalogue, FeatureShapes, Links};
use crate::coords::CoordinateSystem;
use crate::i18n::{Key, Lang, tr};
use crate::map::plan_layer::{LegendTexts, plan_legend};
use crate::map::{self, BasemapCache, MapView, PlanLayerCache, PlanLayerView, TileLayer, TileLayerOptions};
use crate::plan::Plan;
use crate::state::AppState;
use crate::tile_source::{TileSourceSetting, TileStatus};
use crate::ui;

mod document_actions;
mod image_export;
mod scene_actions;

pub use document_actions::AfterSave;

/// The bundled CJK font (Noto Sans CJK SC, subset; SIL OFL 1.1).
pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-Subset.otf");
/// Name of [`CJK_FONT`] in egui's font definitions.
pub const CJK_FONT_NAME: &str = "NotoSansSC-Subset";
/// Window title.
pub const WINDOW_TITLE: &str = "大连数字经济规划图集 — Dalian Atlas";
/// Largest official-boundaries file read (a county-level GeoJSON is a few MB).
pub const MAX_BOUNDARIES_BYTES: u64 = 256 * 1024 * 1024;

/// What an official-boundaries load sends back: the file and the new basemap with a
/// message, or why it failed.
type OfficialOutcome = (Option<std::path::PathBuf>, Result<(Basemap, String), String>);

/// The built-in basemap with the official boundaries of `path` applied (none: as built in).
fn official_basemap(path: Option<&std::path::Path>, lang: Lang) -> Result<(Basemap, String), String> {
    let mut basemap = Basemap::builtin().map_err(|e| e.to_string())?;
    let Some(p) = path else {
        return Ok((basemap, String::new()));
    };
    let text = crate::io::read_text_file(p, MAX_BOUNDARIES_BYTES).map_err(|e| e.to_string())?;
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

/// The hover text of a plan feature: name, category and how its position is known.
fn describe_feature(lang: Lang, catalogue: &Catalogue, basemap: &Basemap, index: usize) -> String {
    let Some(f) = catalogue.features.get(index) else {
        return String::new();
    };
    let style = map::plan_layer::feature_style(f);
    let (precision, _) = ui::feature_card::precision_badge(lang, f);
    let (name, category) = match lang {
        Lang::Zh => (&f.name_zh, style.zh),
        Lang::En => (&f.name_en, style.en),
    };
    let divisions: Vec<String> = f
        .divisions
        .iter()
        .filter_map(|c| basemap.division(*c))
        .map(|d| match lang {
            Lang::Zh => d.name_zh.clone(),
            Lang::En => d.name_en.clone(),
        })
        .collect();
    let mut text = format!("{name}\n{category} · {precision}");
    if !divisions.is_empty() && divisions.len() <= 4 {
        text.push_str(&format!(" · {}", divisions.join("、")));
    }
    text
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

/// The smallest window, in points.
pub const MIN_WINDOW: [f32; 2] = [900.0, 600.0];

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
    official_job: Option<crate::io::Job<OfficialOutcome>>,
    /// The map transform of the last frame.
    map_to_screen: Option<map::lod::ScreenFromMercator>,
    /// Texts of the map labels placed in the last frame.
    map_labels: Vec<String>,
    /// The optional tile layer, built when the tile setting changes (never per frame).
    tile_layer: Option<TileLayer>,
    /// The setting `tile_layer` was built from; `None` until the first frame.
    tiles_built_for: Option<TileSourceSetting>,
    tile_options: TileLayerOptions,
    /// The plan's feature catalogue.
    catalogue: Catalogue,
    /// Where each placed feature is (area unions follow the basemap in use).
    feature_shapes: FeatureShapes,
    /// The plan ↔ feature index.
    links: Links,
    /// The plan layers projected for the display coordinate system.
    plan_cache: PlanLayerCache,
    /// Catalogue index of the plan feature under the pointer in the last frame.
    hovered_feature: Option<usize>,
    /// The map's rectangle in the last frame (to frame features).
    map_rect: Option<egui::Rect>,
    /// A frame request waits for the map's size.
    frame_pending: bool,
    /// Texts of the plan-layer legend rows drawn in the last frame.
    map_legend: Vec<String>,
    /// The open project (annotations, imported layers, its file and undo history).
    document: crate::document::Document,
    /// Where the autosave goes (`None`: no autosave, e.g. in tests).
    data_dir: Option<std::path::PathBuf>,
    /// An autosave of an earlier session, offered for restoring.
    recovery: Option<crate::model::project::Recovery>,
    /// Waiting for the answer to “save the changes?”, then doing this.
    unsaved_after: Option<AfterSave>,
    /// The user chose to close despite unsaved changes (or saved them).
    close_confirmed: bool,
    /// A running GeoJSON import and whether it converts from GCJ-02.
    import_job: Option<(crate::io::import::ImportJob, bool)>,
    /// The context, for the import thread's repaint requests.
    egui_ctx: Option<egui::Context>,
    /// The window title last sent.
    title_shown: String,
    /// The selected annotation's ID.
    selected_annotation: Option<u64>,
    /// The map tool in use.
    tool: map::annotation_layer::Tool,
    /// The drawing or drag in progress on the map.
    sketch: map::annotation_layer::Sketch,
    /// The user layers projected for the display coordinate system.
    user_cache: map::user_layers::UserLayerCache,
    /// The selected feature of a user layer: (layer index, feature index).
    selected_user_feature: Option<(usize, usize)>,
    /// The user-layer feature under the pointer in the last frame.
    hovered_user_feature: Option<(usize, usize)>,
    /// The coalescing key of the last property edit and the history revision after it:
    /// the next edit with the same key, with nothing in between, joins its undo step.
    coalesce: Option<(String, u64)>,
    /// A new text label waiting for its text.
    pending_text: Option<document_actions::PendingText>,
    /// An imported layer being prepared for drawing: (its name, where it arrives).
    preparing: Option<document_actions::Preparing>,
    /// The scene shown last (index into the project's scenes).
    current_scene: Option<usize>,
    /// A camera move to a scene in progress.
    flight: Option<map::camera::Flight>,
    /// The scene the camera flies to (its end follows the map's size).
    flight_scene: Option<crate::model::Scene>,
    /// Presenter mode, when on.
    presenting: Option<scene_actions::Presenting>,
    /// The 标注 tab's own state (link search).
    annotation_editor: ui::annotation_editor::AnnotationEditorState,
    /// The map-image dialog's form, while it is open.
    image_dialog: Option<ui::image_export::ImageExportDialog>,
    /// A running export of map images.
    image_export: Option<image_export::ImageExport>,
}

impl AtlasApp {
    /// The app for an eframe window: installs fonts and style, restores the persisted
    /// state (if any) and applies `lang_override` (from `--lang`) on top of it.
    pub fn new(cc: &eframe::CreationContext<'_>, plan: Arc<Plan>, lang_override: Option<Lang>) -> Self {
        install_fonts(&cc.egui_ctx);
        install_style(&cc.egui_ctx);
        // A session that ended while presenting must start neither enlarged nor full
        // screen (eframe restores both), with the usual smallest window.
        cc.egui_ctx.set_zoom_factor(1.0);
        cc.egui_ctx.send_viewport_cmd(ViewportCommand::Fullscreen(false));
        cc.egui_ctx
            .send_viewport_cmd(ViewportCommand::MinInnerSize(egui::vec2(MIN_WINDOW[0], MIN_WINDOW[1])));
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
        let catalogue = Catalogue::builtin().unwrap_or_else(|e| {
            log::error!("{e}");
            state.notice = Some(e.to_string());
            Catalogue {
                note: String::new(),
                features: Vec::new(),
                target_links: Vec::new(),
            }
        });
        let feature_shapes = FeatureShapes::new(&catalogue, &basemap);
        let links = Links::new(&plan, &catalogue);
        let plan_cache = PlanLayerCache::new(&catalogue, &feature_shapes, &basemap, CoordinateSystem::Wgs84);
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
            catalogue,
            feature_shapes,
            links,
            plan_cache,
            hovered_feature: None,
            map_rect: None,
            frame_pending: false,
            map_legend: Vec::new(),
            document: crate::document::Document::new(),
            data_dir: None,
            recovery: None,
            unsaved_after: None,
            close_confirmed: false,
            import_job: None,
            egui_ctx: None,
            title_shown: String::new(),
            selected_annotation: None,
            tool: map::annotation_layer::Tool::Select,
            sketch: map::annotation_layer::Sketch::default(),
            user_cache: map::user_layers::UserLayerCache::new(&[], CoordinateSystem::Wgs84),
            selected_user_feature: None,
            hovered_user_feature: None,
            coalesce: None,
            pending_text: None,
            annotation_editor: Default::default(),
            image_dialog: None,
            image_export: None,
            preparing: None,
            current_scene: None,
            flight: None,
            flight_scene: None,
            presenting: None,
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
        let job = crate::io::Job::spawn(
            "official boundaries",
            || {},
            move |_| {
                let result = official_basemap(path.as_deref(), lang);
                (path, result)
            },
        );
        match job {
            Ok(job) => self.official_job = Some(job),
            Err(e) => {
                let _ = self.state.apply(&self.plan, Action::Notify(e.to_string()));
            }
        }
    }

    /// Whether official boundaries are being loaded.
    pub fn official_loading(&self) -> bool {
        self.official_job.is_some()
    }

    /// Applies the result of a finished official-boundaries load, if any.
    fn poll_official_job(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.official_job else { return };
        let outcome = match job.try_finish() {
            Some(Ok(outcome)) => outcome,
            None => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Some(Err(_)) => (None, Err("the loading thread stopped unexpectedly".to_string())),
        };
        self.official_job = None;
        match outcome {
            (path, Ok((basemap, message))) => {
                self.basemap_cache = BasemapCache::new(&basemap, self.basemap_cache.display);
                self.basemap = basemap;
                // Areas are unions of divisions: they follow the boundaries in use.
                self.feature_shapes = FeatureShapes::new(&self.catalogue, &self.basemap);
                self.plan_cache = PlanLayerCache::new(
                    &self.catalogue,
                    &self.feature_shapes,
                    &self.basemap,
                    self.basemap_cache.display,
                );
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

    /// The plan's feature catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The plan ↔ feature index.
    pub fn links(&self) -> &Links {
        &self.links
    }

    /// Catalogue indices of the features the map highlights now: those of the focused
    /// plan element.
    pub fn highlighted_features(&self) -> Vec<usize> {
        self.state
            .plan_focus
            .as_deref()
            .map(|id| self.links.features_of(&self.plan, id))
            .unwrap_or_default()
    }

    /// Where a plan feature (catalogue ID) was drawn in the last frame: its symbol, the
    /// middle vertex of a line or the label point of an area.
    pub fn map_pos_of_feature(&self, id: &str) -> Option<egui::Pos2> {
        let index = self.catalogue.features.iter().position(|f| f.id == id)?;
        map::plan_layer::item_pos(&self.plan_cache, index, self.map_to_screen.as_ref()?)
    }

    /// The plan-layer rows of the map legend in the last frame (empty rows are not drawn
    /// when the legend is hidden, but are still listed here).
    pub fn map_legend(&self) -> &[String] {
        &self.map_legend
    }

    /// The map tool in use.
    pub fn tool(&self) -> map::annotation_layer::Tool {
        self.tool
    }

    /// The selected annotation's ID.
    pub fn selected_annotation(&self) -> Option<u64> {
        self.selected_annotation
    }

    /// The selected feature of an imported layer: (layer index, feature index).
    pub fn selected_user_feature(&self) -> Option<(usize, usize)> {
        self.selected_user_feature
    }

    /// The feature of an imported layer under the pointer in the last frame.
    pub fn hovered_user_feature(&self) -> Option<(usize, usize)> {
        self.hovered_user_feature
    }

    /// Whether a new text label waits for its text.
    pub fn text_prompt_open(&self) -> bool {
        self.pending_text.is_some()
    }

    /// The plan feature under the pointer in the last frame (catalogue ID).
    pub fn hovered_feature(&self) -> Option<&str> {
        Some(self.catalogue.features.get(self.hovered_feature?)?.id.as_str())
    }

    /// The map's centre `[lon, lat]` and zoom.
    pub fn map_view(&self) -> ([f64; 2], f64) {
        let c = self.map_memory.detached().unwrap_or(walkers::lon_lat(
            map::DALIAN_CENTRE_LON_LAT[0],
            map::DALIAN_CENTRE_LON_LAT[1],
        ));
        ([c.x(), c.y()], self.map_memory.zoom())
    }

    /// Frames the map on the focused plan element's features (or one feature), when the
    /// last frame asked for it. City-wide areas do not count (they would frame the city).
    fn frame_requested_features(&mut self) {
        let indices: Vec<usize> = match &self.state.frame_feature {
            Some(id) => self
                .catalogue
                .features
                .iter()
                .position(|f| &f.id == id)
                .into_iter()
                .collect(),
            None => self.highlighted_features(),
        };
        let indices: Vec<usize> = indices
            .into_iter()
            .filter(|i| !self.plan_cache.city_wide.contains(i))
            .collect();
        if let Some((w, s, e, n)) = self.feature_shapes.bbox_of(&indices) {
            self.frame_box([w, s], [e, n]);
        }
    }

    /// Frames the map on a WGS-84 box `[west, south]`–`[east, north]` (at most zoom 13,
    /// so a single point keeps its surroundings). Needs the map's size: nothing before
    /// the first frame.
    pub(crate) fn frame_box(&mut self, south_west: [f64; 2], north_east: [f64; 2]) {
        let Some(rect) = self.map_rect else { return };
        let zoom = map::zoom_to_fit((south_west, north_east), rect.size()).min(13.0);
        let centre = map::lod::lon_lat_from_mercator({
            let (a, b) = (
                map::lod::mercator_from_lon_lat(south_west),
                map::lod::mercator_from_lon_lat(north_east),
            );
            [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0]
        });
        self.set_map_view(self.basemap_cache.display.from_wgs84(centre), zoom);
    }

    /// The division under the pointer in the last frame (index into `basemap().divisions`).
    pub fn hovered_division(&self) -> Option<usize> {
        self.hovered_division
    }

    /// Applies an action as a click would (for tests and scripted use).
    pub fn apply(&mut self, action: Action) -> Result<(), crate::state::ApplyError> {
        if let Action::Document(doc) = action {
            self.apply_document(doc);
            return Ok(());
        }
        self.state.apply(&self.plan, action)
    }

    /// Draws one frame into `ui` (the whole window) and applies what the user did.
    pub fn run_frame(&mut self, ui: &mut Ui) {
        self.poll_official_job(ui.ctx());
        self.poll_image_export(ui.ctx());
        self.sync_tile_layer(ui.ctx());
        let mut doc_actions: Vec<Action> = Vec::new();
        self.document_frame(ui.ctx(), &mut doc_actions);
        let doc_info = self.doc_info();
        if self.state.frame_requested {
            self.frame_pending = true;
        }
        // Framing needs the map's size: a request before the first frame (`--show`)
        // waits for it.
        if self.frame_pending && self.map_rect.is_some() {
            self.frame_pending = false;
            self.frame_requested_features();
        } else if self.frame_pending {
            ui.ctx().request_repaint();
        }
        let plan = Arc::clone(&self.plan);
        let state = &self.state;
        let lang = state.lang;
        let mut actions: Vec<Action> = doc_actions;

        let presenting = self.presenting;
        if presenting.is_some() {
            hide_idle_pointer(ui.ctx());
        }
        if let Some(p) = presenting {
            actions.extend(presenter_frame(
                ui,
                &plan,
                &self.document.project.scenes,
                self.current_scene,
                p,
                lang,
            ));
        } else {
            Panel::top("menu-bar").show(ui, |ui| {
                MenuBar::new().ui(ui, |ui| actions.extend(ui::menu_bar_ui(ui, state, &doc_info)));
            });
        }
        if state.show_status && presenting.is_none() {
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
                actions.extend(ui::status_bar_ui(ui, &plan, state, division.as_deref(), &doc_info))
            });
        }
        let highlighted = self.highlighted_features();
        let division_name = |adcode: u32| {
            self.basemap.division(adcode).map(|d| match lang {
                Lang::Zh => d.name_zh.clone(),
                Lang::En => d.name_en.clone(),
            })
        };
        let data = ui::AtlasData {
            catalogue: &self.catalogue,
            links: &self.links,
            division_name: &division_name,
            city_wide: &self.plan_cache.city_wide,
            highlighted: &highlighted,
            doc: &doc_info,
            annotations: &self.document.project.annotations,
            user_layers: &self.document.project.user_layers,
            scenes: &self.document.project.scenes,
        };
        if state.show_plan && presenting.is_none() {
            Panel::left("plan-panel")
                .resizable(true)
                .default_size(500.0)
                .size_range(320.0..=900.0)
                .show(ui, |ui| actions.extend(ui::plan_panel_ui(ui, &plan, state, &data)));
        }
        let annotation_editor = &mut self.annotation_editor;
        if state.show_targets && presenting.is_none() {
            Panel::right("targets-panel")
                .resizable(true)
                .default_size(430.0)
                .size_range(300.0..=800.0)
                .show(ui, |ui| {
                    actions.extend(ui::right_tabs_ui(ui, state));
                    match state.right_tab {
                        RightTab::Layers => actions.extend(ui::layers_panel_ui(ui, &plan, state, &data)),
                        RightTab::Feature => actions.extend(ui::feature_card_ui(ui, &plan, state, &data)),
                        RightTab::Scenes => actions.extend(ui::scenes::scenes_panel_ui(ui, lang, &data)),
                        RightTab::Annotations => actions.extend(ui::annotation_editor::annotations_panel_ui(
                            ui,
                            &plan,
                            state,
                            &data,
                            annotation_editor,
                        )),
                        RightTab::Targets => {
                            let linked: Vec<ui::targets::LinkedFeature> = state
                                .selected_target
                                .as_deref()
                                .map(|t| self.links.features_of(&plan, t))
                                .unwrap_or_default()
                                .into_iter()
                                .filter_map(|k| self.catalogue.features.get(k))
                                .map(|f| ui::targets::LinkedFeature {
                                    id: f.id.clone(),
                                    name: match lang {
                                        Lang::Zh => f.name_zh.clone(),
                                        Lang::En => f.name_en.clone(),
                                    },
                                    layer: ui::layers::layer_name(lang, f.layer).to_string(),
                                })
                                .collect();
                            actions.extend(ui::targets_panel_ui(
                                ui,
                                &plan,
                                state,
                                &linked,
                                &self.document.project.annotations,
                            ));
                        }
                    }
                });
        }
        if presenting.is_some_and(|p| p.wandered)
            && (state.selected_feature.is_some() || self.selected_user_feature.is_some())
        {
            // Live questions during a show: the clicked feature's card floats over the map.
            egui::Window::new(tr(lang, Key::TabFeature))
                .id(egui::Id::unique("presenter-feature-card"))
                // Below the title bar and its counter, left of the north arrow.
                .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-60.0, 96.0))
                .default_width(440.0)
                .max_height(ui.ctx().content_rect().height() * 0.6)
                .collapsible(false)
                .resizable(false)
                .show(ui.ctx(), |ui| {
                    actions.extend(ui::feature_card_ui(ui, &plan, state, &data))
                });
        }
        let fit = !self.map_fitted || state.map_reset_requested;
        let display = self
            .tile_layer
            .as_ref()
            .map_or(CoordinateSystem::Wgs84, |t| t.coordinate_system());
        if self.basemap_cache.display != display {
            self.basemap_cache = BasemapCache::new(&self.basemap, display);
            self.plan_cache = PlanLayerCache::new(&self.catalogue, &self.feature_shapes, &self.basemap, display);
        }
        let selected_feature = state
            .selected_feature
            .as_deref()
            .and_then(|id| self.catalogue.features.iter().position(|f| f.id == id));
        let schematic = tr(lang, Key::SchematicMark);
        let (catalogue, basemap) = (&self.catalogue, &self.basemap);
        let describe = |k: usize| describe_feature(lang, catalogue, basemap, k);
        let plan_view = PlanLayerView {
            catalogue: &self.catalogue,
            cache: &self.plan_cache,
            layers: &state.layers,
            selected: selected_feature,
            highlighted: &highlighted,
            chinese: lang == Lang::Zh,
            schematic,
            describe: &describe,
        };
        let legend_texts = LegendTexts {
            approximate: tr(lang, Key::LegendApproximate).to_string(),
            district: tr(lang, Key::LegendDistrict).to_string(),
        };
        // Imported layers: project and triangulate only what changed (not per frame).
        self.user_cache.sync(&self.document.project.user_layers, display);
        let user_view = map::UserLayersView {
            cache: &self.user_cache,
            layers: &self.document.project.user_layers,
            selected: self.selected_user_feature,
            visible: None,
        };
        // Imported layers lie on top, so their rows come first.
        let mut legend_rows = map::user_layers::user_legend(&user_view);
        // The legend lists what the map draws, as far as known before drawing it: the
        // last frame's rect and the view now; nothing is left out while the map is being
        // fitted to the city. Should the map move or resize while drawing, the frame is
        // redrawn (below) so the legend catches up.
        let legend_frame = self.map_rect.filter(|_| !fit).map(|rect| (self.map_view(), rect));
        let legend_to_screen = legend_frame.map(|((centre_lon_lat, zoom), rect)| {
            (
                map::lod::ScreenFromMercator::new(zoom, centre_lon_lat, rect.center()),
                rect,
            )
        });
        legend_rows.extend(plan_legend(
            &plan_view,
            &legend_texts,
            legend_to_screen.as_ref().map(|(to_screen, rect)| (to_screen, *rect)),
        ));
        self.map_legend = legend_rows.iter().map(|r| r.text.clone()).collect();
        let default_style = crate::model::Style::default();
        let mut annotation_output = map::annotation_layer::AnnotationOutput::default();
        let annotation_plugin = map::AnnotationPlugin {
            annotations: &self.document.project.annotations,
            selected: self.selected_annotation,
            sketch: &mut self.sketch,
            tool: self.tool,
            display,
            default_style: &default_style,
            output: &mut annotation_output,
        };
        let view = MapView {
            basemap: &self.basemap,
            cache: &self.basemap_cache,
            texts: map::basemap_texts(lang),
            overlay: map::overlay_texts(lang, legend_rows, state.show_legend, true),
            selected_division: state.selected_division,
            plan: Some(plan_view),
            user: Some(user_view),
            annotations: Some(annotation_plugin),
            tooltips: presenting.is_none(),
        };
        let map_memory = &mut self.map_memory;
        let (tiles, opacity) = (self.tile_layer.as_mut(), state.tiles.opacity);
        let (events, map_rect) = CentralPanel::no_frame()
            .show(ui, |ui| {
                let rect = ui.available_rect_before_wrap();
                (map::map_ui(ui, map_memory, view, fit, tiles, opacity), rect)
            })
            .inner;
        let annotation_events = std::mem::take(&mut annotation_output.events);
        // A click that selected or made an annotation is not also a click on what lies
        // under it; while drawing, clicks place vertices.
        let annotation_took_click = self.tool != map::annotation_layer::Tool::Select
            || annotation_events.iter().any(|e| {
                matches!(
                    e,
                    map::annotation_layer::AnnotationEvent::Selected(Some(_))
                        | map::annotation_layer::AnnotationEvent::Created(_)
                )
            });
        if events.legend_clicked {
            actions.push(Action::TogglePanel(crate::action::PanelId::MapLegend));
        }
        if let Some(clicked) = events.clicked
            && !annotation_took_click
        {
            let adcode = clicked.and_then(|i| self.basemap.divisions.get(i)).map(|d| d.adcode);
            actions.push(Action::SelectDivision(adcode));
            let feature = events
                .clicked_feature
                .and_then(|k| self.catalogue.features.get(k))
                .map(|f| f.id.clone());
            actions.push(Action::SelectFeature(feature));
            actions.push(Action::Document(DocAction::SelectUserFeature(
                events.clicked_user_feature,
            )));
        }
        self.hovered_division = events.hovered_division;
        self.hovered_feature = events.hovered_feature;
        self.hovered_user_feature = events.hovered_user_feature;
        self.map_rect = Some(map_rect);
        if legend_frame.is_some_and(|frame| frame != (self.map_view(), map_rect)) {
            ui.ctx().request_repaint();
        }
        self.map_to_screen = events.to_screen;
        self.map_labels = events.labels.into_iter().map(|l| l.text).collect();
        self.map_fitted = true;
        if let Some(p) = presenting
            && p.black
        {
            egui::Area::new(egui::Id::unique("presenter-black"))
                .order(egui::Order::Foreground)
                .fixed_pos(egui::Pos2::ZERO)
                .show(ui.ctx(), |ui| {
                    let rect = ui.ctx().content_rect();
                    ui.painter().rect_filled(rect, 0.0, egui::Color32::BLACK);
                    ui.allocate_rect(rect, egui::Sense::hover());
                });
        }
        if presenting.is_none() {
            egui::Area::new(egui::Id::unique("map-tools"))
                .order(egui::Order::Middle)
                // Under the north arrow, on the right edge (the legend holds the left).
                .fixed_pos(map_rect.right_top() + egui::vec2(-10.0, 72.0))
                .pivot(egui::Align2::RIGHT_TOP)
                .show(ui.ctx(), |ui| {
                    actions.extend(ui::toolbar::map_toolbar_ui(ui, lang, self.tool))
                });
        }
        let prompt_answer = self.pending_text.as_mut().and_then(|pending| {
            let pos = pending.pos_in_ui.unwrap_or(map_rect.center());
            ui::toolbar::text_prompt_ui(ui.ctx(), lang, pos, &mut pending.text)
        });
        actions.extend(ui::about_ui(ui.ctx(), &plan, state, &self.basemap.attributions));
        actions.extend(ui::document::recovery_dialog_ui(ui.ctx(), lang, &doc_info));
        actions.extend(ui::document::unsaved_dialog_ui(ui.ctx(), lang, &doc_info));
        actions.extend(ui::tile_dialog_ui(ui.ctx(), state));
        if let Some(dialog) = self.image_dialog.as_mut()
            && presenting.is_none()
        {
            actions.extend(ui::image_export::image_export_dialog_ui(
                ui.ctx(),
                lang,
                dialog,
                self.document.project.scenes.len(),
                self.image_export.is_some(),
                self.tile_layer.is_some() && state.tiles.opacity > 0.0,
            ));
        }
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

        self.annotation_events(annotation_events, annotation_output.screen, &mut actions);
        if let Some(keep) = prompt_answer {
            self.finish_text_prompt(keep);
        }
        // One-shot requests of the last frame have been seen by this one.
        let _ = self.state.apply(&plan, Action::FrameDone);
        if !actions.is_empty() {
            for action in actions {
                // An error is kept in `state.notice` and shown in the status bar.
                let _ = self.apply(action);
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
            if self.document.is_dirty() && !self.close_confirmed {
                // Quit from the menu asks like the window's close button.
                self.state.quit_requested = false;
                self.apply_document_quit();
            } else {
                ui.ctx().send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }
}

/// In presenter mode the mouse pointer disappears after [`POINTER_IDLE_S`] without
/// moving (it would sit on the slide), and comes back when it moves.
fn hide_idle_pointer(ctx: &egui::Context) {
    let idle = ctx.input(|i| i.pointer.time_since_last_movement());
    if idle >= POINTER_IDLE_S {
        ctx.set_cursor_icon(egui::CursorIcon::None);
    } else {
        ctx.request_repaint_after(Duration::from_secs_f32(POINTER_IDLE_S - idle + 0.05));
    }
}

/// Seconds without movement after which presenter mode hides the pointer.
const POINTER_IDLE_S: f32 = 2.0;

/// Presenter mode's bars: the clicker's keys, the scene title and counter on top, the
/// linked target or plan text below (a target wins: it is what the scene is about).
fn presenter_frame(
    ui: &mut Ui,
    plan: &Plan,
    scenes: &[crate::model::Scene],
    current: Option<usize>,
    presenting: scene_actions::Presenting,
    lang: Lang,
) -> Vec<Action> {
    use ui::presenter::PresenterColours;
    let actions: Vec<Action> = ui::presenter::presenter_keys(ui.ctx())
        .into_iter()
        .map(|p| Action::Document(DocAction::Present(p)))
        .collect();
    let index = current.unwrap_or(0);
    let Some(scene) = scenes.get(index) else {
        return actions;
    };
    let colours = PresenterColours::new(presenting.dark);
    let frame = egui::Frame::new()
        .fill(colours.bar)
        .inner_margin(egui::Margin::symmetric(24, 10));
    Panel::top("presenter-title").frame(frame).show(ui, |ui| {
        ui::presenter::presenter_title_ui(ui, lang, &scene.title, index, scenes.len(), colours);
    });
    let (caption, source, value) = ui::presenter::presenter_caption(plan, scene);
    if !caption.is_empty() || !source.is_empty() {
        Panel::bottom("presenter-caption").frame(frame).show(ui, |ui| {
            ui::presenter::presenter_caption_ui(ui, &caption, &source, value, colours);
        });
    }
    actions
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.run_frame(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.autosave_on_exit();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STATE_KEY, &self.state);
    }
}
