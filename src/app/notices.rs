//! What the app tells the user: problems (status bar and problems window, issue 18)
//! and news (status bar), and edits that make an older problem stale.

use super::AtlasApp;
use crate::action::Action;
use crate::i18n::evaluation::fill;
use crate::i18n::help::{self, Problem};
use crate::i18n::{HelpKey, Key, Lang, tr};
use crate::io::import::ImportError;
use crate::model::history::Edit;

impl AtlasApp {
    /// Reports a problem: a short line in the status bar and the problems window.
    pub(super) fn notify(&mut self, message: String) {
        let _ = self.apply(Action::Notify(message));
    }

    /// Reports a failed import: in the status bar, and in the problems window with a
    /// heading and (Chinese interface) a lead saying where the file is wrong.
    pub(super) fn notify_import(&mut self, error: &crate::io::import::ImportError) {
        self.notify(error.to_string());
        self.state.problem = Some(import_problem(self.state.lang, error));
    }

    /// Reports a failed import of actual values: the lead says how many problems the
    /// file has and that nothing was imported (the list follows in the details).
    pub(super) fn notify_evaluation(&mut self, error: &crate::io::evaluation::EvalIoError) {
        use crate::io::evaluation::EvalIoError;
        self.notify(error.to_string());
        let lang = self.state.lang;
        let text = match error {
            EvalIoError::Invalid { file, problems, more } => fill(
                tr(lang, Key::Help(HelpKey::LeadEvalInvalid)),
                &[("file", file), ("n", &(problems.len() + more).to_string())],
            ),
            EvalIoError::Read { file, .. } | EvalIoError::Write { file, .. } | EvalIoError::Refused { file, .. } => {
                fill(tr(lang, Key::Help(HelpKey::LeadImport)), &[("file", file)])
            }
            EvalIoError::Xlsx(_) => tr(lang, Key::Help(HelpKey::LeadGeneric)).to_string(),
        };
        self.state.problem = Some(Problem {
            heading: tr(lang, Key::Help(HelpKey::ImportFailed)).to_string(),
            lead: (lang == Lang::Zh).then(|| help::lead(lang, &text)),
            details: error.to_string(),
        });
    }

    /// Reports something done (not a problem) in the status bar.
    pub(super) fn inform(&mut self, message: String) {
        let _ = self.apply(Action::Inform(message));
    }

    /// Applies an undoable edit, reporting a refusal in the status bar.
    pub(super) fn edit(&mut self, edit: Edit) {
        match self.document.edit(edit) {
            // An edit that works makes an older problem in the status bar stale.
            Ok(_) if !self.state.notice_is_news => self.state.notice = None,
            Ok(_) => {}
            Err(e) => self.notify(e.to_string()),
        }
    }
}

/// A failed import: heading 导入失败 and a lead naming the file and where it failed
/// (line and column, part, feature counted from 1).
fn import_problem(lang: Lang, error: &ImportError) -> Problem {
    let key = |k| tr(lang, Key::Help(k));
    let text = match error {
        ImportError::NotFound { file } => fill(key(HelpKey::LeadNotFound), &[("file", file)]),
        ImportError::UnknownFormat { file } => fill(key(HelpKey::LeadUnknownFormat), &[("file", file)]),
        ImportError::NeedsCrs { file, layer, .. } => {
            fill(key(HelpKey::LeadNeedsCrs), &[("file", file), ("layer", layer)])
        }
        ImportError::Bad { file, part, .. } if !part.is_empty() => {
            fill(key(HelpKey::LeadImportPart), &[("file", file), ("part", part)])
        }
        ImportError::Json {
            file,
            line,
            column,
            feature,
            ..
        }
        | ImportError::Truncated {
            file,
            line,
            column,
            feature,
            ..
        }
        | ImportError::Invalid {
            file,
            line,
            column,
            feature,
            ..
        } => {
            let mut text = if *line > 0 {
                let (line, column) = (line.to_string(), column.to_string());
                fill(
                    key(HelpKey::LeadImportAt),
                    &[("file", file), ("line", &line), ("column", &column)],
                )
            } else {
                fill(key(HelpKey::LeadImport), &[("file", file)])
            };
            if let Some(f) = feature {
                text.push_str(&fill(key(HelpKey::FeatureNth), &[("n", &(f + 1).to_string())]));
            }
            text
        }
        ImportError::Directory { file }
        | ImportError::Read { file, .. }
        | ImportError::TooLarge { file, .. }
        | ImportError::Empty { file }
        | ImportError::NotText { file, .. }
        | ImportError::UnsupportedCrs { file, .. }
        | ImportError::Bad { file, .. }
        | ImportError::Cancelled { file }
        | ImportError::Internal { file } => fill(key(HelpKey::LeadImport), &[("file", file)]),
    };
    Problem {
        heading: key(HelpKey::ImportFailed).to_string(),
        lead: (lang == Lang::Zh).then(|| help::lead(lang, &text)),
        details: error.to_string(),
    }
}

impl AtlasApp {
    /// The status bar's words for the selected feature or annotation (what its card
    /// shows), `None` when neither is selected.
    pub(super) fn selection_name(&self, lang: Lang) -> Option<String> {
        if let Some(index) = self
            .state
            .selected_feature
            .as_deref()
            .and_then(|id| self.catalogue.features.iter().position(|f| f.id == id))
        {
            return Some(crate::ui::layers::feature_name(lang, &self.catalogue, index));
        }
        if let Some((layer, feature)) = self.selected_user_feature {
            let text = crate::symbology::user_feature_tooltip(&self.document.project.user_layers, layer, feature);
            return text.lines().next().map(str::to_string);
        }
        let id = self.selected_annotation?;
        let a = self.document.project.annotations.iter().find(|a| a.id == id)?;
        Some(crate::ui::annotation_editor::display_title(a))
    }
}
