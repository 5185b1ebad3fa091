//! Every file dialog of the window goes through here (issue 18, point 2).
//!
//! A [`Request`] says what is asked (one file to open, a file to save under a default
//! name, a folder), with its filters, and what to do with the path chosen ([`Then`]).
//! The system's dialog is used when one can open ([`Backend::detect`]); otherwise an
//! in-app dialog drawn with egui (`egui_file`) takes over, with the same filters. The
//! in-app dialog does not block: the request waits in the app until the user chooses
//! or cancels, and the continuation is applied then. Either dialog starts in the folder
//! last used (remembered in the persisted state), else the user's Documents folder,
//! else the home folder ([`start_folder`]) — never the program's folder.

use std::path::{Path, PathBuf};

use crate::action::{Action, DocAction, ExportScope};
use crate::i18n::{DialogKey, Key, Lang, tr};

/// Environment variable forcing the dialog: `builtin` (in-app) or `native`.
pub const BACKEND_VAR: &str = "DALIAN_ATLAS_FILE_DIALOG";

/// Which dialog the window uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The system's (rfd: a desktop portal, zenity or kdialog on Linux).
    Native,
    /// The in-app dialog drawn with egui.
    Builtin,
}

impl Backend {
    /// The dialog to use, decided once at start. `DALIAN_ATLAS_FILE_DIALOG=builtin|native`
    /// forces one. Otherwise on Linux and the BSDs the native dialog is used when rfd
    /// has something to open it with: `zenity` or `kdialog` on `PATH`, or a session bus
    /// (`DBUS_SESSION_BUS_ADDRESS` set) with an `xdg-desktop-portal` either running or
    /// installed as a D-Bus service; without any of these it is the in-app dialog.
    /// Windows and macOS always have their native dialog.
    pub fn detect() -> Self {
        let on_path = |name: &str| {
            std::env::var_os("PATH")
                .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
        };
        let forced = std::env::var(BACKEND_VAR).ok();
        Self::decide(forced.as_deref(), || {
            on_path("zenity")
                || on_path("kdialog")
                || (std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() && crate::io::desktop::portal_present())
        })
    }

    /// The rule of [`Backend::detect`]: `forced` (the variable's value) first, then the
    /// platform, then `native_available` (asked only on Linux and the BSDs).
    pub fn decide(forced: Option<&str>, native_available: impl FnOnce() -> bool) -> Self {
        match forced.map(str::trim) {
            Some("builtin") => return Backend::Builtin,
            Some("native") => return Backend::Native,
            _ => {}
        }
        if cfg!(any(target_os = "windows", target_os = "macos")) || native_available() {
            Backend::Native
        } else {
            Backend::Builtin
        }
    }
}

/// What a dialog asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One existing file.
    Open,
    /// A file to write (the default name is [`Request::file_name`]).
    Save,
    /// A folder.
    Folder,
}

/// What to do with the path chosen: each is the window action the blocking dialog
/// used to be followed by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Then {
    /// Put the PMTiles file into the tile dialog's fields.
    PmTiles,
    /// Load official boundaries from the file.
    OfficialBoundaries,
    /// Save the project there.
    SaveProject,
    /// Open the project (its unsaved changes were already asked about).
    OpenProject,
    /// Import a GeoJSON file (`gcj02`: its positions are GCJ-02).
    ImportGeoJson { gcj02: bool },
    /// Import a file of any supported format.
    ImportData,
    /// Export there.
    Export(ExportScope),
    /// The map-image dialog's file (current view).
    ImageFile,
    /// The map-image dialog's folder (scenes).
    ImageFolder,
    /// The print dialog's PDF file.
    PrintFile,
    /// Read the evaluation's actual values.
    ImportActuals,
    /// Write the evaluation template.
    EvaluationTemplate,
    /// Write the evaluation report.
    EvaluationReport,
    /// Write the attribute table's per-zone summary.
    SummaryTable,
}

/// One file dialog asked for.
#[derive(Clone, Debug)]
pub struct Request {
    pub kind: Kind,
    /// Filters as (name, extensions without the dot); none: every file.
    pub filters: Vec<(String, Vec<String>)>,
    /// The suggested file name of a save dialog.
    pub file_name: Option<String>,
    /// The folder to start in; `None`: [`start_folder`].
    pub directory: Option<PathBuf>,
    pub then: Then,
}

impl Request {
    /// A request of `kind` continued by `then`, without filters.
    pub fn new(kind: Kind, then: Then) -> Self {
        Request {
            kind,
            filters: Vec::new(),
            file_name: None,
            directory: None,
            then,
        }
    }

    /// Adds a filter.
    pub fn filter(mut self, name: &str, extensions: &[&str]) -> Self {
        self.filters
            .push((name.to_string(), extensions.iter().map(|e| e.to_string()).collect()));
        self
    }

    /// Sets the suggested file name.
    pub fn file_name(mut self, name: &str) -> Self {
        self.file_name = Some(name.to_string());
        self
    }
}

/// The folder a dialog starts in: `last` when it still is a folder, else the Documents
/// folder named by `XDG_DOCUMENTS_DIR` in `user_dirs` (the text of
/// `~/.config/user-dirs.dirs`; `$HOME` expanded) when it exists, else `home`, else the
/// file system's root. Never the program's folder.
pub fn start_folder(last: Option<&Path>, home: Option<&Path>, user_dirs: Option<&str>) -> PathBuf {
    if let Some(last) = last.filter(|p| p.is_dir()) {
        return last.to_path_buf();
    }
    let documents = user_dirs.and_then(|text| {
        text.lines().find_map(|line| {
            let value = line.trim().strip_prefix("XDG_DOCUMENTS_DIR=")?.trim().trim_matches('"');
            let path = match (value.strip_prefix("$HOME"), home) {
                (Some(rest), Some(home)) => home.join(rest.trim_start_matches('/')),
                (Some(_), None) => return None,
                (None, _) => PathBuf::from(value),
            };
            path.is_absolute().then_some(path)
        })
    });
    if let Some(documents) = documents.filter(|p| p.is_dir()) {
        return documents;
    }
    match home.filter(|h| h.is_dir()) {
        Some(home) => home.to_path_buf(),
        None => PathBuf::from("/"),
    }
}

/// [`start_folder`] for this user: `HOME` and its `~/.config/user-dirs.dirs`.
pub fn start_folder_here(last: Option<&Path>) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let user_dirs = home.as_deref().and_then(crate::io::desktop::user_dirs_text);
    start_folder(last, home.as_deref(), user_dirs.as_deref())
}

/// The folder to remember after `path` was chosen by a dialog of `kind`.
pub fn folder_of(kind: Kind, path: &Path) -> Option<PathBuf> {
    match kind {
        Kind::Folder => Some(path.to_path_buf()),
        Kind::Open | Kind::Save => path.parent().map(Path::to_path_buf),
    }
}

/// Asks the system's dialog (blocking); `None` when cancelled or it could not open.
pub fn native(request: &Request, start: &Path) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new().set_directory(start);
    for (name, extensions) in &request.filters {
        dialog = dialog.add_filter(name, extensions);
    }
    if let Some(name) = &request.file_name {
        dialog = dialog.set_file_name(name);
    }
    if zenity_fallback() {
        // rfd's zenity fallback passes only the file name (`--filename`), not the folder:
        // a path in it makes zenity start in that folder (a trailing `/`: no name).
        let mut path = start.join(request.file_name.as_deref().unwrap_or_default());
        if request.file_name.is_none() {
            path.push("");
        }
        dialog = dialog.set_file_name(path.to_string_lossy());
    }
    match request.kind {
        Kind::Open => dialog.pick_file(),
        Kind::Save => dialog.save_file(),
        Kind::Folder => dialog.pick_folder(),
    }
}

/// Whether rfd will fall back to zenity: Linux and the BSDs without a desktop portal.
fn zenity_fallback() -> bool {
    cfg!(all(unix, not(target_os = "macos")))
        && !(std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() && crate::io::desktop::portal_present())
}

/// The in-app dialog while it is open, with the continuation it waits to apply.
pub struct InApp {
    dialog: egui_file::FileDialog,
    request: Request,
    /// The filter shown (index into the request's filters; `None`: all of them).
    chosen: Option<usize>,
}

impl InApp {
    /// Opens the in-app dialog for `request` in `start`, its texts in `lang`.
    pub fn open(request: Request, start: &Path, lang: Lang) -> Self {
        let dialog = build(&request, None, start, lang);
        InApp {
            dialog,
            request,
            chosen: None,
        }
    }

    /// Draws the dialog; the request and the path once the user chose one, or the
    /// request alone (`Err`) when cancelled. `Ok(None)`: still open.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang) -> Result<Option<(Request, PathBuf)>, Request> {
        if self.request.filters.len() > 1 && self.filter_choice_ui(ctx, lang) {
            let folder = self.dialog.directory().to_path_buf();
            self.dialog = build(&self.request, self.chosen, &folder, lang);
        }
        match self.dialog.show(ctx).state() {
            egui_file::State::Open => Ok(None),
            egui_file::State::Selected => match self.dialog.path() {
                Some(path) => Ok(Some((self.request.clone(), path.to_path_buf()))),
                None => Err(self.request.clone()),
            },
            egui_file::State::Cancelled | egui_file::State::Closed => Err(self.request.clone()),
        }
    }

    /// A small window below the dialog to choose its file type; `true` when changed.
    fn filter_choice_ui(&mut self, ctx: &egui::Context, lang: Lang) -> bool {
        let before = self.chosen;
        let label = |i: Option<usize>| match i.and_then(|i| self.request.filters.get(i)) {
            Some((name, extensions)) => format!("{name} (*.{})", extensions.join(", *.")),
            None => tr(lang, Key::Dialog(DialogKey::AllTypes)).to_string(),
        };
        let mut chosen = self.chosen;
        // Just below the dialog (known from its last frame), else at the window's foot.
        let area = egui::Area::new(egui::Id::unique("atlas-file-dialog-type")).order(egui::Order::Foreground);
        let area = match ctx.memory(|m| m.area_rect(dialog_id())) {
            Some(rect) => area.fixed_pos(rect.left_bottom() + egui::vec2(0.0, 4.0)),
            None => area.anchor(egui::Align2::CENTER_BOTTOM, [0.0, -8.0]),
        };
        area.show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(tr(lang, Key::Dialog(DialogKey::FileType)));
                    egui::ComboBox::from_id_salt("atlas-file-dialog-type-choice")
                        .selected_text(label(chosen))
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut chosen, None, label(None));
                            for i in 0..self.request.filters.len() {
                                ui.selectable_value(&mut chosen, Some(i), label(Some(i)));
                            }
                        });
                });
            });
        });
        self.chosen = chosen;
        before != chosen
    }
}

/// The in-app dialog's window.
fn dialog_id() -> egui::Id {
    egui::Id::unique("atlas-file-dialog")
}

/// The egui dialog for `request`, showing the files of filter `chosen` (all: `None`).
fn build(request: &Request, chosen: Option<usize>, start: &Path, lang: Lang) -> egui_file::FileDialog {
    let t = |k: DialogKey| std::borrow::Cow::Borrowed(tr(lang, Key::Dialog(k)));
    let (mut dialog, title) = match request.kind {
        Kind::Open => (egui_file::FileDialog::open_file(), DialogKey::OpenTitle),
        Kind::Save => (egui_file::FileDialog::save_file(), DialogKey::SaveTitle),
        Kind::Folder => (egui_file::FileDialog::select_folder(), DialogKey::FolderTitle),
    };
    let extensions: Vec<String> = request
        .filters
        .iter()
        .enumerate()
        .filter(|(i, _)| chosen.is_none_or(|c| c == *i))
        .flat_map(|(_, (_, exts))| exts.iter().map(|e| e.to_lowercase()))
        .collect();
    if !extensions.is_empty() {
        dialog = dialog.show_files_filter(Box::new(move |path: &Path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e.to_lowercase()))
        }));
    }
    if let Some(name) = &request.file_name {
        dialog = dialog.default_filename(name.clone());
    }
    dialog = dialog
        .id(dialog_id())
        .title(tr(lang, Key::Dialog(title)))
        .initial_path(start)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .default_size([560.0, 420.0])
        .keep_on_top(true)
        .show_rename(false)
        .open_button_text(t(DialogKey::Open))
        .save_button_text(t(DialogKey::Save))
        .cancel_button_text(t(DialogKey::Cancel))
        .new_folder_button_text(t(DialogKey::NewFolder))
        .new_folder_name_text(t(DialogKey::NewFolderName))
        .rename_button_text(t(DialogKey::Rename))
        .refresh_button_hover_text(t(DialogKey::Refresh))
        .parent_folder_button_hover_text(t(DialogKey::ParentFolder))
        .file_label_text(t(DialogKey::FileLabel))
        .show_hidden_checkbox_text(t(DialogKey::ShowHidden));
    dialog.open();
    dialog
}

impl super::AtlasApp {
    /// Asks for a path with `request`: the native dialog (blocking) when available,
    /// else the in-app one (answered by a later frame, see [`Self::file_dialog_ui`]).
    pub(super) fn ask_path(&mut self, request: Request) {
        let start = match &request.directory {
            Some(dir) if dir.is_dir() => dir.clone(),
            _ => start_folder_here(self.state.last_folder.as_deref()),
        };
        match self.file_dialog_backend {
            Backend::Native => {
                if let Some(path) = native(&request, &start) {
                    self.path_chosen(request, path);
                }
            }
            Backend::Builtin => self.file_dialog = Some(InApp::open(request, &start, self.state.lang)),
        }
    }

    /// Draws the in-app dialog while one is open and applies its continuation once a
    /// path is chosen; cancelling does nothing else.
    pub(super) fn file_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = self.file_dialog.as_mut() else {
            return;
        };
        match dialog.show(ctx, self.state.lang) {
            Ok(None) => {}
            Ok(Some((request, path))) => {
                self.file_dialog = None;
                self.path_chosen(request, path);
                ctx.request_repaint();
            }
            Err(_) => self.file_dialog = None,
        }
    }

    /// Remembers the folder and does what the request was for.
    fn path_chosen(&mut self, request: Request, path: PathBuf) {
        if let Some(folder) = folder_of(request.kind, &path) {
            self.state.last_folder = Some(folder);
        }
        let doc = |d: DocAction| Some(Action::Document(d));
        let action = match request.then {
            Then::PmTiles => {
                if let Some(draft) = &self.state.tile_dialog {
                    let mut draft = draft.clone();
                    draft.pmtiles_path = path.display().to_string();
                    Some(Action::EditTileDraft(draft))
                } else {
                    None
                }
            }
            Then::OfficialBoundaries => {
                self.official_boundaries_from(path);
                None
            }
            Then::SaveProject => doc(DocAction::SaveToPath(path)),
            Then::OpenProject => {
                self.proceed(super::document_actions::AfterSave::Open(Some(path)));
                None
            }
            Then::ImportGeoJson { gcj02 } => {
                self.request_import(super::import_flow::QueuedImport::GeoJson { path, gcj02 });
                None
            }
            Then::ImportData => doc(DocAction::ImportPath { path, gcj02: false }),
            Then::Export(scope) => doc(DocAction::ExportToPath(scope, path)),
            Then::ImageFile | Then::ImageFolder => {
                if let Some(dialog) = self.image_dialog.as_mut() {
                    *dialog.out_mut() = path.display().to_string();
                }
                None
            }
            Then::PrintFile => {
                if let Some(dialog) = self.print_dialog.as_mut() {
                    dialog.file = path.display().to_string();
                }
                None
            }
            Then::ImportActuals => doc(DocAction::ImportActualsFrom(path)),
            Then::EvaluationTemplate => doc(DocAction::ExportEvaluationTemplateTo(path)),
            Then::EvaluationReport => doc(DocAction::ExportEvaluationReportTo(path)),
            Then::SummaryTable => Some(Action::Table(crate::action::TableAction::ExportSummaryTo(path))),
        };
        if let Some(action) = action {
            // An error is kept in `state.notice` and shown in the status bar.
            let _ = self.apply(action);
        }
    }

    /// Whether the in-app file dialog is open (for tests).
    pub fn file_dialog_open(&self) -> bool {
        self.file_dialog.is_some()
    }

    /// Uses `backend` for the file dialogs from now on (tests force the in-app one).
    pub fn set_file_dialog_backend(&mut self, backend: Backend) {
        self.file_dialog_backend = backend;
    }
}
