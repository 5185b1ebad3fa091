//! Reopening the last project at start (issue 18, point 11).

use std::path::PathBuf;

use super::AtlasApp;
use crate::action::{Action, DocAction};
use crate::i18n::{Key, StartupKey, tr};

impl AtlasApp {
    /// What the window opens at start: the project and the files to import named on the
    /// command line (`--project`, `--import`); when it names none, the last project if
    /// the setting asks for it ([`Self::reopen_last_project`]).
    pub fn open_at_start(&mut self, project: Option<PathBuf>, imports: Vec<PathBuf>, gcj02: bool) {
        if project.is_none() && imports.is_empty() {
            self.reopen_last_project();
        }
        if let Some(path) = project {
            let _ = self.apply(Action::Document(DocAction::OpenPath(path)));
        }
        for path in imports {
            let _ = self.apply(Action::Document(DocAction::ImportPath { path, gcj02 }));
        }
    }

    /// At start, when [`crate::state::AppState::reopen_last_project`] is on: opens the most
    /// recent project of 文件 → 最近的项目 ([`Self::open_at_start`] skips this when the
    /// command line names files: they win). Nothing happens while an earlier session's autosave waits
    /// to be restored (that work is newer than any saved file). A file that is gone is
    /// said in the status bar (no error window) and the atlas starts empty; a file that
    /// cannot be read is reported as any open is, in the problems window, and the atlas
    /// starts empty. Returns whether a project was opened.
    pub fn reopen_last_project(&mut self) -> bool {
        if !self.state.reopen_last_project || self.recovery.is_some() {
            return false;
        }
        let Some(path) = self.state.recent_projects.first().cloned() else {
            return false;
        };
        if !path.exists() {
            let text = tr(self.state.lang, Key::Startup(StartupKey::LastMissing))
                .replace("{file}", &path.display().to_string());
            self.inform(text);
            return false;
        }
        let _ = self.apply(Action::Document(DocAction::OpenPath(path.clone())));
        self.document.path.as_deref() == Some(path.as_path())
    }
}
