//! What the user asked for. UI functions (`*_ui`) return an [`Action`]; one function,
//! [`crate::app::AtlasApp::apply`], applies every action: window actions through
//! [`crate::state::AppState::apply`] (which returns the effects the window carries out),
//! document actions on the open project and its undo history.

use crate::catalogue::Layer;
use crate::i18n::Lang;
use crate::tile_source::{TileDraft, TileSourceSetting, TileStatus};

/// A panel or bar of the window that can be shown or hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PanelId {
    /// The left panel: outline, search, paragraphs, findings.
    Plan,
    /// The right panel: table 表1 and the list of targets.
    Targets,
    /// The bottom status bar.
    StatusBar,
    /// The legend drawn on the map.
    MapLegend,
}

/// The tabs of the right panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RightTab {
    /// The plan's map layers: visibility, order, opacity, legend, unplaced features.
    #[default]
    Layers,
    /// The selected feature's card and the paragraphs that mention it.
    Feature,
    /// Table 表1, every target, and the selected target's trajectory.
    Targets,
    /// The project's annotations: the list, and the selected one's properties editor.
    Annotations,
    /// The project's scenes: the deck for meetings.
    Scenes,
    /// The end-of-term evaluation (issue 15): every indicator with its latest actual,
    /// 完成度 and verdict; the thresholds.
    Evaluation,
}

/// What to export (as GeoJSON, GeoPackage, KML or KMZ, by the file's extension).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportScope {
    /// The project's annotations.
    Annotations,
    /// Annotations, the visible user layers and the visible plan layers.
    VisibleLayers,
    /// The selected plan feature or annotation.
    Selection,
}

/// The choices an official-boundaries file was read with in the import dialog, kept
/// with its path so that it loads the same way at the next start. Every field `None`:
/// as the file says (a GeoJSON file always).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct BoundaryChoices {
    /// The chosen system: `EPSG:<code>`, `gcj02`, `bd09`, or `gk:<central meridian>:<false
    /// easting>` for a Gauss–Krüger zone without a code.
    pub crs: Option<String>,
    /// The chosen encoding's name (`UTF-8`, `GBK`, `BIG5`).
    pub encoding: Option<String>,
    /// The layers read, by index into the file's layers.
    pub layers: Option<Vec<usize>>,
    /// The sheet of an `.xlsx`.
    pub sheet: Option<String>,
}

impl BoundaryChoices {
    /// The choices of `options` worth remembering.
    pub fn of(options: &crate::io::import::ReadOptions) -> BoundaryChoices {
        use crate::crs::Crs;
        BoundaryChoices {
            crs: options.crs.map(|crs| match crs {
                Crs::Gcj02 => "gcj02".to_string(),
                Crs::Bd09 => "bd09".to_string(),
                Crs::GaussKruger {
                    epsg: None,
                    central_meridian_deg,
                    false_easting_m,
                } => format!("gk:{central_meridian_deg}:{false_easting_m}"),
                other => other.epsg().map_or_else(String::new, |code| format!("EPSG:{code}")),
            }),
            encoding: options.encoding.map(|e| e.name().to_string()),
            layers: options.layers.clone(),
            sheet: options.sheet.clone(),
        }
    }

    /// Read options with these choices (one that no longer parses is left out: the file
    /// is then read as it says).
    pub fn read_options(&self) -> crate::io::import::ReadOptions {
        use crate::crs::Crs;
        let crs = self.crs.as_deref().and_then(|text| match text {
            "gcj02" => Some(Crs::Gcj02),
            "bd09" => Some(Crs::Bd09),
            _ => {
                if let Some(code) = text.strip_prefix("EPSG:") {
                    code.parse().ok().and_then(Crs::from_epsg)
                } else {
                    let mut parts = text.strip_prefix("gk:")?.split(':');
                    let cm = parts.next()?.parse().ok()?;
                    let fe = parts.next()?.parse().ok()?;
                    Some(Crs::gauss_kruger(cm, fe))
                }
            }
        });
        crate::io::import::ReadOptions {
            layers: self.layers.clone(),
            crs,
            encoding: self
                .encoding
                .as_deref()
                .and_then(crate::io::import::encoding::TextEncoding::from_label),
            sheet: self.sheet.clone(),
            ..crate::io::import::ReadOptions::default()
        }
    }
}

/// What the import dialog shows and returns: plain values (what a probe of the file found,
/// the options to read it with). Panels carry them and return them in actions; only the
/// app reads files ([`crate::app::AtlasApp::apply`]).
pub mod import_values {
    pub use crate::io::import::encoding::{EncodingSource, TextEncoding};
    pub use crate::io::import::source::{Columns, CrsSource, ProbedLayer};
    pub use crate::io::import::{Probe, ReadOptions};
}

/// What an import through the import dialog is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImportPurpose {
    /// New user layers in the project (文件 → 导入数据…, drag and drop, `--import`).
    #[default]
    Layers,
    /// The official district boundaries (文件 → 载入官方行政区界线…).
    OfficialBoundaries,
}

/// What a map image shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageSubject {
    /// What the window's map shows now: one PNG file.
    CurrentView,
    /// Every scene of the project: one PNG file each in a folder.
    AllScenes,
}

/// Map images to export from the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRequest {
    pub subject: ImageSubject,
    /// Physical pixels, `[width, height]`.
    pub size: [u32; 2],
    /// The title band's text (the current view; scenes carry their own titles).
    pub title: String,
    /// The file (`.png` is added if missing) or, for scenes, the folder.
    pub out: std::path::PathBuf,
    /// Where the images put their legend, or none.
    pub legend: crate::model::LegendPlacement,
}

/// Print layouts from the window (文件 → 打印布局/导出 PDF…, issue 16).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrintAction {
    /// Open the print dialog.
    Open,
    /// Close it.
    Close,
    /// Ask for the PDF file (a file dialog) and put it in the dialog.
    Browse,
    /// Print (from the dialog, or tests and scripts).
    Export(PrintRequest),
    /// Stop the running print (nothing is written).
    Cancel,
}

/// A print layout to make from the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintRequest {
    /// Every scene of the project, a page each; otherwise the current view.
    pub all_scenes: bool,
    pub paper: crate::render::print::Paper,
    pub orientation: crate::render::print::Orientation,
    /// The scale's denominator N of 1:N; `None`: fitted.
    pub scale: Option<u32>,
    /// 图名 of the current view's page (scenes carry their own titles).
    pub title: String,
    /// 制图单位 (may be empty).
    pub unit: String,
    /// The PDF file (`.pdf` is added if missing).
    pub out: std::path::PathBuf,
}

/// An answer to “save the changes?”.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    Save,
    Discard,
    Cancel,
}

/// An answer to “the project file was changed on disk: overwrite?”.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangedAnswer {
    /// Save under another name (asks for the file).
    SaveAs,
    /// Open the file as it is on disk now, dropping this window's unsaved changes.
    Reload,
    /// Save over the other program's changes.
    Overwrite,
    /// Do nothing for now (the project stays unsaved).
    Cancel,
}

/// A request about the open project: its file, its undoable edits, imports and exports.
/// [`crate::app::AtlasApp::apply`] applies these (they need files and the project);
/// `AppState::apply` leaves them alone.
#[derive(Clone, Debug, PartialEq)]
pub enum DocAction {
    /// Start a new, empty project (asks first when there are unsaved changes).
    New,
    /// Ask for a project file and open it (asks first when there are unsaved changes).
    Open,
    /// Open this project file.
    OpenPath(std::path::PathBuf),
    /// Save to the project's file (asks for one if it has none).
    Save,
    /// Ask for a file and save there.
    SaveAs,
    /// Save to this file.
    SaveToPath(std::path::PathBuf),
    /// Ask for GeoJSON files and import them; `gcj02`: their coordinates are GCJ-02.
    Import {
        gcj02: bool,
    },
    /// Import this file (drag and drop, command line, tests): GeoJSON at once, other
    /// formats through the import dialog. Asked for while another import (or the import
    /// dialog) is under way, it waits in a queue and starts when that one ends.
    ImportPath {
        path: std::path::PathBuf,
        gcj02: bool,
    },
    /// Ask for a file of any importable format ([`crate::io::import::Format`]) and import
    /// it: GeoJSON directly, every other format through the import dialog.
    ImportData,
    /// Read the import dialog's file again with these choices (system, encoding, sheet,
    /// columns); the dialog shows the new probe when it is done.
    ReprobeImport(crate::io::import::ReadOptions),
    /// Import the dialog's file with these options (the ticked layers, the confirmed
    /// system): layers for [`ImportPurpose::Layers`], the divisions' boundaries for
    /// [`ImportPurpose::OfficialBoundaries`].
    ReadImport(crate::io::import::ReadOptions),
    /// Close the import dialog without importing.
    CloseImportDialog,
    /// Stop the running import (nothing of it is added). Only the running one: files
    /// queued behind it are imported next.
    CancelImport,
    /// Ask for a file and export to it.
    Export(ExportScope),
    /// Export to this file.
    ExportToPath(ExportScope, std::path::PathBuf),
    Undo,
    Redo,
    /// Show or hide a user layer (index into the project's user layers).
    SetUserLayerVisible(usize, bool),
    /// Remove a user layer (undoable).
    RemoveUserLayer(usize),
    /// Restore the project the last session autosaved (`false`: discard it).
    Recover(bool),
    /// The answer to the unsaved-changes question.
    Unsaved(UnsavedAnswer),
    /// The answer to “the project file was changed on disk”.
    ChangedOnDisk(ChangedAnswer),
    /// Add an annotation drawn on the map (undoable; its ID is assigned then) and select it.
    AddAnnotation(crate::model::Annotation),
    /// Add the ruler's measurement as an annotation (undoable, as [`DocAction::AddAnnotation`])
    /// and clear the ruler.
    MeasurementToAnnotation(crate::model::Annotation),
    /// Select an annotation (`None`: none); a selection opens the 标注 tab.
    SelectAnnotation(Option<u64>),
    /// Replace the annotation with the same ID (properties editor). Consecutive edits
    /// with the same `coalesce` key (e.g. `"title:7"` while typing a title) merge into
    /// one undo step; `None` makes each its own step.
    EditAnnotation {
        annotation: crate::model::Annotation,
        coalesce: Option<String>,
    },
    /// Delete an annotation (undoable).
    DeleteAnnotation(u64),
    /// Frame the map on an annotation (and select it).
    FrameAnnotation(u64),
    /// Choose the map tool (select, point, line, polygon, text, measure).
    SetTool(crate::model::Tool),
    /// Set a user layer's style: colour, opacity, label and colour-by properties.
    SetUserLayerStyle(usize, crate::model::UserLayerStyle),
    /// Move a user layer from one position to another (indices bottom first).
    MoveUserLayer {
        from: usize,
        to: usize,
    },
    /// Select a feature of a user layer: (layer index, feature index); `None`: none.
    SelectUserFeature(Option<(usize, usize)>),
    /// Save a user layer as a link to its file (`true`) or as a copy (undoable).
    SetUserLayerLinked(usize, bool),
    /// Add a scene made from what the window shows now (view, layers, selection, text).
    AddSceneFromView,
    /// Add the starter set of scenes generated from the plan (one undo step).
    AddStarterScenes,
    /// Show a scene: its layers, plan text, target, highlights and selection, and fly the
    /// map to its view.
    ShowScene(usize),
    /// Rename a scene (typing merges into one undo step).
    RenameScene(usize, String),
    /// Replace a scene's notes (typing merges into one undo step).
    SetSceneNotes(usize, String),
    /// Replace a scene's view, layers and selection with what the window shows now.
    UpdateSceneFromView(usize),
    /// Frame a scene on the selected annotation (a box the user drew): what presenter
    /// mode, images and prints fit to their shape.
    FrameSceneOnAnnotation(usize),
    /// Insert a copy of a scene after it.
    DuplicateScene(usize),
    /// Delete a scene (undoable).
    DeleteScene(usize),
    /// Move a scene from one position to another.
    MoveScene {
        from: usize,
        to: usize,
    },
    /// Presenter mode: start, step through the scenes, black the screen, leave.
    Present(PresentAction),
    /// Open the map-image dialog for this subject.
    OpenImageExport(ImageSubject),
    /// Close the map-image dialog.
    CloseImageExport,
    /// Ask for the image file or folder (a file dialog) and put it in the dialog.
    BrowseImageTarget,
    /// Export map images (from the dialog, or tests and scripts).
    ExportImages(ImageRequest),
    /// Stop the running image export (the images written stay).
    CancelImageExport,
    /// Print layouts and PDF export.
    Print(PrintAction),
    // --- Project status (issue 15) ---
    /// Set (`Some`) or remove (`None`: 未设定) the status of a column project (`box1.p2`)
    /// or catalogue feature: one undoable [`crate::model::Edit::SetEvaluation`]. Typing
    /// in a text field of the same subject merges into one undo step (`coalesce`).
    SetStatus {
        subject: String,
        entry: Option<crate::evaluation::StatusEntry>,
        coalesce: Option<String>,
    },

    // The end-of-term evaluation (issue 15).
    /// Replace the project's evaluation (actual values entered in the 指标 tab, the
    /// thresholds of the 评估 view) as one undoable edit. Consecutive edits with the same
    /// `coalesce` key (dragging a threshold) merge into one undo step.
    SetEvaluation {
        evaluation: Box<crate::evaluation::Evaluation>,
        coalesce: Option<String>,
    },
    /// Ask for a filled evaluation template (`.xlsx`) or CSV and import it.
    ImportActuals,
    /// Import the actual values, references and statuses of this file, merged into the
    /// evaluation as one undoable edit; a file with any problem imports nothing.
    ImportActualsFrom(std::path::PathBuf),
    /// Ask for a file and write the evaluation template there.
    ExportEvaluationTemplate,
    /// Write the evaluation template to this file.
    ExportEvaluationTemplateTo(std::path::PathBuf),
    /// Replace the evaluation with the example of public-report figures (undoable).
    OpenExampleEvaluation,
    /// Ask for a file (`.xlsx`, `.docx` or `.md`) and write the evaluation report there.
    ExportEvaluationReport,
    /// Write the evaluation report to this file, in a background job (a `.docx` with the
    /// map figures of the project's scenes).
    ExportEvaluationReportTo(std::path::PathBuf),
}

/// What the presenter asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresentAction {
    /// Full screen from this scene.
    Start(usize),
    /// Full screen from the scene shown last (the first when none was).
    StartFromCurrent,
    Next,
    Prev,
    First,
    Last,
    /// Black the screen, or bring it back.
    ToggleBlack,
    /// Light or dark captions.
    ToggleTheme,
    /// Show or hide the map's legend (the same setting as the View menu's).
    ToggleLegend,
    /// Open or close the presenter view (notes, next scene, timer).
    ToggleNotes,
    Exit,
}

/// One user request, applied by [`crate::app::AtlasApp::apply`].
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Show a plan element by ID: `preface`, a chapter, section, column (专栏), table,
    /// table row, paragraph (shows its container and scrolls to it) or target (as
    /// [`Action::SelectTarget`]).
    Show(String),
    /// Show a target's paragraph (or table row) and highlight its value.
    SelectTarget(String),
    /// Switch the interface language.
    SetLanguage(Lang),
    /// Search the plan text for a substring; jumps to the first hit. An empty query
    /// clears the search.
    Search(String),
    /// Jump to the next search hit (wraps around).
    NextHit,
    /// Jump to the previous search hit (wraps around).
    PrevHit,
    /// Show or hide a panel.
    TogglePanel(PanelId),
    /// Open (and keep open, even where it covers much of the map) or fold the map's
    /// legend: a click on the legend or on its folded plate.
    SetLegendOpen(bool),
    /// Open or close the About window.
    ShowAbout(bool),
    /// Open or close the user guide (帮助 → 使用指南).
    ShowGuide(bool),
    /// Open or close the list of keyboard shortcuts (帮助 → 快捷键).
    ShowShortcuts(bool),
    /// Turn on or off reopening the most recent project at start (persisted).
    SetReopenLastProject(bool),
    /// Close the window (the app sends the viewport command).
    Quit,
    /// Re-frame the map on the municipality.
    ResetMapView,
    /// Open the tile-source dialog (its fields start from the current setting) or close it.
    ShowTileDialog(bool),
    /// The tile-source dialog's fields changed.
    EditTileDraft(TileDraft),
    /// Use the dialog's fields as the tile source; an invalid template or missing key
    /// is an error and changes nothing.
    ApplyTileDraft,
    /// Use a tile source directly (scripts and tests).
    SetTileSource(TileSourceSetting),
    /// Tile opacity, clamped to 0…1.
    SetTileOpacity(f32),
    /// Ask for a PMTiles file (the app opens the file dialog off the UI thread).
    PickPmTilesFile,
    /// The map's tile layer reports a new status (loading, not responding, failed).
    TileStatusChanged(TileStatus),
    /// Select a county-level division by adcode (`None`: clear the selection).
    SelectDivision(Option<u32>),
    /// Ask for a file of official district boundaries in any importable format (the app
    /// opens a file dialog; other formats than GeoJSON go through the import dialog).
    PickOfficialBoundaries,
    /// The app loaded official boundaries from this file (`None`: back to the
    /// schematic ones) read with these choices; `message` says what was matched.
    OfficialBoundariesChanged {
        path: Option<std::path::PathBuf>,
        choices: BoundaryChoices,
        message: String,
    },
    /// The system of GeoPackage exports: EPSG:4326 or EPSG:4490 (anything else is
    /// ignored).
    SetGpkgSrs(u32),
    /// Select a plan feature by catalogue ID (`None`: clear); its card opens.
    SelectFeature(Option<String>),
    /// Make a plan element (paragraph, section, column, table row or target) the one
    /// whose features the map highlights and frames, without changing the text shown.
    FocusPlanElement(String),
    /// Stop highlighting the features of the focused plan element.
    ClearPlanFocus,
    /// Select a feature, open its card and frame the map on it (from a search result).
    GoToFeature(String),
    /// Frame the map on one feature.
    FrameFeature(String),
    /// Show or hide a plan layer.
    SetLayerVisible(Layer, bool),
    /// A plan layer's opacity, clamped to 0.1…1.
    SetLayerOpacity(Layer, f32),
    /// Move a plan layer up (drawn later, on top; `-1`) or down (`+1`) in the list.
    MoveLayer(Layer, i32),
    /// Switch the right panel's tab.
    SetRightTab(RightTab),
    /// About the open project (applied by the app).
    Document(DocAction),
    /// Loading a file failed: show why (nothing else changes).
    Notify(String),
    /// Something was done (saved, imported, exported): say so in the status bar.
    Inform(String),
    /// Close the problems window (issue 18).
    DismissProblem,
    /// The attribute table and per-zone summaries (issue 18, point 9).
    Table(TableAction),
    // --- Project status (issue 15) ---
    /// Draw the plan's features by project status (`true`) or by plan category.
    SetStatusStyling(bool),
    /// The frame has consumed the one-shot requests (scroll to a paragraph, reveal the
    /// shown element in the outline, reset the map): clear them.
    FrameDone,
}

/// What the attribute table shows.
#[derive(Clone, Debug, PartialEq)]
pub enum TableSubject {
    /// An imported layer (index into the project's layers, bottom first).
    UserLayer(usize),
    /// The project's annotations (as their exported features).
    Annotations,
}

/// What the attribute table window asks for (issue 18, point 9). Row indices are the
/// features' indices in the layer (or the annotations' order).
#[derive(Clone, Debug, PartialEq)]
pub enum TableAction {
    /// Open the table of a layer or of the annotations (replacing an open one).
    Open(TableSubject),
    Close,
    /// Select the feature on the map (its card opens).
    Select(usize),
    /// Select the feature and frame the map on it.
    ZoomTo(usize),
    /// Compute the summary the form asks for.
    Summarise,
    /// Ask where to write the summary (`.xlsx` or `.csv`).
    ExportSummary {
        xlsx: bool,
    },
    /// Write the summary there (by its extension).
    ExportSummaryTo(std::path::PathBuf),
}
