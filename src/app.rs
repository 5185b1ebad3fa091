//! The atlas window: [`AtlasApp`] owns the plan, the [`AppState`], the project, the map
//! memory and caches and the background jobs; each frame (`frame.rs`) draws the panels,
//! collects their actions and applies them through [`AtlasApp::apply`], the one place that
//! changes the atlas.

use std::sync::Arc;
use std::time::Duration;

use egui::{Ui, ViewportCommand};
use walkers::MapMemory;

use crate::action::Action;
use crate::basemap::Basemap;
use crate::catalogue::{Catalogue, FeatureShapes, Links};
use crate::coords::CoordinateSystem;
use crate::i18n::{Key, Lang, tr};
use crate::map::{self, BasemapCache, PlanLayerCache, TileLayer, TileLayerOptions};
use crate::plan::Plan;
use crate::state::{AppState, Effect};
use crate::theme::{install_fonts, install_style};
use crate::tile_source::{TileSourceSetting, TileStatus};
use crate::ui;

mod attribute_table;
mod document_actions;
mod evaluation_actions;
mod export_formats;
pub mod file_dialog;
mod frame;
mod image_export;
mod import_flow;
mod notices;
mod presenter_view;
mod print;
mod ruler;
mod scene_actions;
pub mod screen_fit;
mod startup;

pub use document_actions::AfterSave;
pub use export_formats::group_into_layers;

/// Window title.
pub const WINDOW_TITLE: &str = "大连数字经济规划图集 — Dalian Atlas";
/// Largest official-boundaries file read (a county-level GeoJSON is a few MB).
pub const MAX_BOUNDARIES_BYTES: u64 = 256 * 1024 * 1024;

/// What an official-boundaries load sends back: the file and how it was read, and the
/// new basemap with a message, or why it failed.
type OfficialOutcome = (
    Option<std::path::PathBuf>,
    crate::state::BoundaryChoices,
    Result<(Basemap, String), String>,
);

/// The built-in basemap with the official boundaries of `path` applied (none: as built
/// in). A GeoJSON file is read as it is; any other format through the import door with
/// `choices` (its features, in WGS-84, become one GeoJSON collection).
fn official_basemap(
    path: Option<&std::path::Path>,
    choices: &crate::state::BoundaryChoices,
    lang: Lang,
) -> Result<(Basemap, String), String> {
    use crate::io::import::Format;
    let mut basemap = Basemap::builtin().map_err(|e| e.to_string())?;
    let Some(p) = path else {
        return Ok((basemap, String::new()));
    };
    let text = match Format::of(p) {
        None | Some(Format::GeoJson) => {
            crate::io::read_text_file(p, MAX_BOUNDARIES_BYTES).map_err(|e| e.to_string())?
        }
        Some(_) => {
            let options = crate::io::import::ReadOptions {
                max_bytes: MAX_BOUNDARIES_BYTES,
                ..choices.read_options()
            };
            let layers = crate::io::import::read_layers(p, &options, &|_| true).map_err(|e| e.to_string())?;
            let mut layers = layers.into_iter();
            let mut all = layers
                .next()
                .ok_or_else(|| format!("{}: no layer was read", p.display()))?;
            for layer in layers {
                all.features.extend(layer.features);
            }
            crate::model::export::user_layer_geojson(&all)
        }
    };
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

/// What the map frames once it knows its size.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PendingFrame {
    /// The features of the plan element in focus.
    Focus,
    /// One feature (catalogue ID).
    Feature(String),
}

/// Key of the persisted [`AppState`] in eframe storage.
pub const STATE_KEY: &str = eframe::APP_KEY;

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
    /// The labels placed in the last frame with the rects they cover.
    placed_labels: Vec<map::labels::PlacedLabel>,
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
    /// What the map frames as soon as it knows its size (the next frame).
    frame_pending: Option<PendingFrame>,
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
    /// A save refused because another program changed the file: asking what to do.
    changed_on_disk: Option<std::path::PathBuf>,
    /// The user chose to close despite unsaved changes (or saved them).
    close_confirmed: bool,
    /// A running GeoJSON import and whether it converts from GCJ-02.
    import_job: Option<(crate::io::import::ImportJob, bool)>,
    /// The import dialog of other formats than GeoJSON, and its probe and read jobs.
    import_flow: import_flow::ImportFlow,
    /// The context, for the import thread's repaint requests.
    egui_ctx: Option<egui::Context>,
    /// The window title last sent.
    title_shown: String,
    /// The selected annotation's ID.
    selected_annotation: Option<u64>,
    /// The map tool in use.
    tool: map::annotations::Tool,
    /// The drawing or drag in progress on the map.
    sketch: map::annotations::Sketch,
    /// The user layers projected for the display coordinate system.
    user_cache: map::user::UserLayerCache,
    /// Big user layers drawn into an image in the background (issue 14).
    user_raster: map::user::BackgroundRaster,
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
    /// What the current view's image shows at the dialog's size, for the map's preview:
    /// `(view, size)` it was worked out for, and the box.
    image_frame: Option<((crate::model::MapView, [u32; 2]), crate::model::LonLatBox)>,
    /// A running export of map images.
    image_export: Option<image_export::ImageExport>,
    /// The attribute table window, while it is open (issue 18, point 9).
    attribute_table: Option<attribute_table::OpenTable>,
    /// The print dialog's form, while it is open.
    print_dialog: Option<ui::print::PrintDialog>,
    /// A running print layout.
    print_export: Option<print::PrintExport>,
    /// Fitting the window to the monitor and the side panels to the window (at start).
    screen_fit: screen_fit::ScreenFitState,
    // --- Project status (issue 15) ---
    /// Every feature's status colour, prepared from `status_styled_for` (see
    /// [`AtlasApp::sync_status_styling`]).
    status_styling: crate::symbology::status::StatusStyling,
    /// The statuses `status_styling` was prepared from (`None`: not yet).
    status_styled_for: Option<Vec<crate::evaluation::StatusEntry>>,

    // The end-of-term evaluation (issue 15).
    /// The 指标 tab's actual-value editor (the copy being edited).
    actuals_editor: ui::actuals::ActualsEditor,
    /// The 评估 tab's sorting, filter and thresholds being typed.
    evaluation_view: ui::evaluation::EvaluationView,
    /// The evaluation report being written: its file and the job writing it.
    report_job: Option<evaluation_actions::ReportJob>,
    /// The file dialog used (decided once at start, see [`file_dialog::Backend::detect`]).
    file_dialog_backend: file_dialog::Backend,
    /// The in-app file dialog while it is open.
    file_dialog: Option<file_dialog::InApp>,
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
        let choices = state.official_boundary_choices.clone();
        let mut app = Self::with_state(plan, state);
        // Effects applied before the first frame (e.g. a quit) reach the window too.
        app.egui_ctx = Some(cc.egui_ctx.clone());
        if official.is_some() {
            // Remembered from the last run; a failure keeps the schematic boundaries and
            // says why in the status bar.
            app.load_official_boundaries_with(official, choices);
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
            placed_labels: Vec::new(),
            tile_layer: None,
            tiles_built_for: None,
            tile_options: TileLayerOptions::default(),
            catalogue,
            feature_shapes,
            links,
            plan_cache,
            hovered_feature: None,
            map_rect: None,
            frame_pending: None,
            map_legend: Vec::new(),
            document: crate::document::Document::new(),
            data_dir: None,
            recovery: None,
            unsaved_after: None,
            changed_on_disk: None,
            close_confirmed: false,
            import_job: None,
            import_flow: import_flow::ImportFlow::default(),
            egui_ctx: None,
            title_shown: String::new(),
            selected_annotation: None,
            tool: map::annotations::Tool::Select,
            sketch: map::annotations::Sketch::default(),
            user_cache: map::user::UserLayerCache::new(&[], CoordinateSystem::Wgs84),
            user_raster: map::user::BackgroundRaster::default(),
            selected_user_feature: None,
            hovered_user_feature: None,
            coalesce: None,
            pending_text: None,
            annotation_editor: Default::default(),
            image_dialog: None,
            image_frame: None,
            print_dialog: None,
            attribute_table: None,
            print_export: None,
            image_export: None,
            screen_fit: screen_fit::ScreenFitState::default(),
            preparing: None,
            current_scene: None,
            flight: None,
            flight_scene: None,
            presenting: None,
            status_styling: Default::default(),
            status_styled_for: None,
            file_dialog_backend: file_dialog::Backend::detect(),
            file_dialog: None,
            actuals_editor: Default::default(),
            evaluation_view: Default::default(),
            report_job: None,
        }
    }

    /// Prepares the status colours again when the project's statuses changed (an edit,
    /// undo, another project): a comparison of the short status list per frame, the
    /// colours only on a change, so the map only looks them up.
    fn sync_status_styling(&mut self) {
        let statuses = &self.document.project.evaluation.statuses;
        if self.status_styled_for.as_ref() != Some(statuses) {
            self.status_styling = crate::symbology::status::StatusStyling::new(&self.catalogue, statuses);
            self.status_styled_for = Some(statuses.clone());
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
        if self.tiles_built_for.as_ref() == Some(source) {
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
        let _ = self.apply(Action::TileStatusChanged(status));
    }

    /// Asks for a PMTiles file; the path chosen goes into the tile dialog's fields.
    fn pick_pmtiles_file(&mut self) {
        use file_dialog::{Kind, Request, Then};
        self.ask_path(Request::new(Kind::Open, Then::PmTiles).filter("PMTiles", &["pmtiles"]));
    }

    /// Starts replacing the divisions with official boundaries read from `path` (or
    /// restoring the built-in schematic ones for `None`) on a worker thread: reading and
    /// validating a large file must not freeze the window. The result is applied by a
    /// later frame ([`AtlasApp::run_frame`]); on any error nothing changes but the notice.
    pub fn load_official_boundaries(&mut self, path: Option<std::path::PathBuf>) {
        self.load_official_boundaries_with(path, crate::state::BoundaryChoices::default());
    }

    /// [`AtlasApp::load_official_boundaries`] reading the file with `choices` (the import
    /// dialog's, or those remembered from the last run).
    pub fn load_official_boundaries_with(
        &mut self,
        path: Option<std::path::PathBuf>,
        choices: crate::state::BoundaryChoices,
    ) {
        let lang = self.state.lang;
        let job = crate::io::Job::spawn(
            "official boundaries",
            || {},
            move |_| {
                let result = official_basemap(path.as_deref(), &choices, lang);
                (path, choices, result)
            },
        );
        match job {
            Ok(job) => self.official_job = Some(job),
            Err(e) => {
                let _ = self.apply(Action::Notify(e.to_string()));
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
            Some(Err(_)) => (
                None,
                crate::state::BoundaryChoices::default(),
                Err("the loading thread stopped unexpectedly".to_string()),
            ),
        };
        self.official_job = None;
        match outcome {
            (path, choices, Ok((basemap, message))) => {
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
                self.boundaries_changed_for_table();
                let _ = self.apply(Action::OfficialBoundariesChanged { path, choices, message });
            }
            (path, _, Err(e)) => {
                let shown = path.as_ref().map_or(String::new(), |p| format!("{}: ", p.display()));
                let _ = self.apply(Action::Notify(format!("{shown}{e}")));
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

    /// The map labels placed in the last frame with the rects they cover (points).
    pub fn placed_labels(&self) -> &[map::labels::PlacedLabel] {
        &self.placed_labels
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
        map::plan::item_pos(&self.plan_cache, index, self.map_to_screen.as_ref()?)
    }

    /// The plan-layer rows of the map legend in the last frame (empty rows are not drawn
    /// when the legend is hidden, but are still listed here).
    pub fn map_legend(&self) -> &[String] {
        &self.map_legend
    }

    /// The map tool in use.
    pub fn tool(&self) -> map::annotations::Tool {
        self.tool
    }

    /// The ruler's points, WGS-84 `[lon, lat]` (empty unless measuring), and the kind of
    /// annotation a finished measurement would become (`None` while measuring).
    pub fn ruler(&self) -> (&[[f64; 2]], Option<crate::model::AnnotationKind>) {
        if self.tool == map::annotations::Tool::Measure {
            (&self.sketch.placed, self.sketch.measured)
        } else {
            (&[], None)
        }
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

    /// Frames the map on the focused plan element's features or on one feature. City-wide
    /// areas do not count (they would frame the city).
    fn frame_features(&mut self, target: &PendingFrame) {
        let indices: Vec<usize> = match target {
            PendingFrame::Feature(id) => self
                .catalogue
                .features
                .iter()
                .position(|f| &f.id == id)
                .into_iter()
                .collect(),
            PendingFrame::Focus => self.highlighted_features(),
        };
        let indices: Vec<usize> = indices
            .into_iter()
            .filter(|i| !self.plan_cache.city_wide.contains(i))
            .collect();
        if let Some(bbox) = self.feature_shapes.bbox_of(&indices) {
            self.frame_box(bbox);
        }
    }

    /// Frames the map on a WGS-84 box (at most zoom 13, so a single point keeps its
    /// surroundings), by the same framing as a scene's ([`crate::model::fit_view`]). Needs
    /// the map's size: nothing before the first frame.
    pub(crate) fn frame_box(&mut self, bbox: crate::model::LonLatBox) {
        let Some(rect) = self.map_rect else { return };
        let view = crate::model::fit_view(bbox, f64::from(rect.width()), f64::from(rect.height()));
        let zoom = view.zoom.min(13.0);
        self.set_map_view(self.basemap_cache.display.from_wgs84([view.lon, view.lat]), zoom);
    }

    /// The division under the pointer in the last frame (index into `basemap().divisions`).
    pub fn hovered_division(&self) -> Option<usize> {
        self.hovered_division
    }

    /// The one place where what the user asked for changes the atlas: panels, menus, the
    /// map, tests and scripts all come here. Window actions change [`AppState`] and what
    /// they ask of the window ([`Effect`]) is carried out at once; document actions change
    /// the project (and its undo history).
    pub fn apply(&mut self, action: Action) -> Result<(), crate::state::ApplyError> {
        if let Action::Document(doc) = action {
            self.apply_document(doc);
            return Ok(());
        }
        if let Action::Table(table) = action {
            self.apply_table(table);
            return Ok(());
        }
        for effect in self.state.apply(&self.plan, action)? {
            self.carry_out(effect);
        }
        Ok(())
    }

    /// Does what an applied action asks of the window.
    fn carry_out(&mut self, effect: Effect) {
        match effect {
            Effect::PickPmTilesFile => self.pick_pmtiles_file(),
            Effect::PickOfficialBoundaries => {
                use file_dialog::{Kind, Request, Then};
                let request = Request::new(Kind::Open, Then::OfficialBoundaries).filter(
                    tr(self.state.lang, Key::LoadOfficialBoundaries),
                    &crate::io::import::Format::EXTENSIONS,
                );
                self.ask_path(request);
            }
            Effect::RestoreSchematicBoundaries => {
                if self.official_loaded || self.official_job.is_some() {
                    self.load_official_boundaries(None);
                }
            }
            Effect::Quit => {
                if self.document.is_dirty() && !self.close_confirmed {
                    // Quit from the menu asks like the window's close button.
                    self.apply_document_quit();
                } else if let Some(ctx) = &self.egui_ctx {
                    ctx.send_viewport_cmd(ViewportCommand::Close);
                }
            }
            Effect::RebuildTiles => self.tiles_built_for = None,
            Effect::ResetMapView => self.map_fitted = false,
            Effect::FrameFocus => self.frame_pending = Some(PendingFrame::Focus),
            Effect::FrameFeature(id) => self.frame_pending = Some(PendingFrame::Feature(id)),
        }
    }
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
