//! The evaluation's file entries of the 文件 menu (issue 15): import actual values from a
//! filled template or CSV, write the template, open the example of public-report
//! figures. Each change to the evaluation is one undoable edit; a file with any problem
//! imports nothing and its problems (sheet, row, column) are shown as import errors are.

use std::path::Path;

use super::AtlasApp;
use crate::action::DocAction;
use crate::i18n::evaluation::fill;
use crate::i18n::{EvalKey, Key, tr};
use crate::model::Edit;

impl AtlasApp {
    /// Applies one of the evaluation's file actions; `false` for any other action.
    pub(super) fn apply_evaluation_file(&mut self, action: &DocAction) -> bool {
        match action {
            DocAction::ImportActuals => {
                let picked = rfd::FileDialog::new()
                    .add_filter(tr(self.state.lang, Key::Eval(EvalKey::FileFilter)), &["xlsx", "csv"])
                    .pick_file();
                if let Some(path) = picked {
                    self.import_actuals(&path);
                }
            }
            DocAction::ImportActualsFrom(path) => self.import_actuals(path),
            DocAction::ExportEvaluationTemplate => {
                let picked = rfd::FileDialog::new()
                    .add_filter("Excel", &["xlsx"])
                    .set_file_name("评估模板.xlsx")
                    .save_file();
                if let Some(path) = picked {
                    self.write_evaluation_template(&path);
                }
            }
            DocAction::ExportEvaluationTemplateTo(path) => self.write_evaluation_template(path),
            DocAction::OpenExampleEvaluation => match crate::evaluation::example::public_example(&self.plan) {
                Ok(example) => {
                    self.edit(Edit::SetEvaluation(Box::new(example)));
                    self.state.right_tab = crate::action::RightTab::Evaluation;
                    self.state.show_targets = true;
                    self.inform(tr(self.state.lang, Key::Eval(EvalKey::ExampleOpened)).to_string());
                }
                Err(e) => self.notify(e.to_string()),
            },
            _ => return false,
        }
        true
    }

    /// Reads `path` (small: a template or CSV of a few hundred rows, read at once) and
    /// merges what it holds into the evaluation as one undoable edit.
    fn import_actuals(&mut self, path: &Path) {
        let lang = self.state.lang;
        let file = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        match crate::io::evaluation::read_evaluation_file(&self.plan, &self.catalogue, path) {
            Ok(imported) if imported.is_empty() => {
                self.notify(fill(tr(lang, Key::Eval(EvalKey::NothingImported)), &[("file", &file)]));
            }
            Ok(imported) => {
                let (merged, counts) = imported.merged_into(&self.document.project.evaluation);
                self.edit(Edit::SetEvaluation(Box::new(merged)));
                self.state.right_tab = crate::action::RightTab::Evaluation;
                self.state.show_targets = true;
                self.inform(fill(
                    tr(lang, Key::Eval(EvalKey::Imported)),
                    &[
                        ("file", &file),
                        ("added", &counts.added.to_string()),
                        ("replaced", &counts.replaced.to_string()),
                    ],
                ));
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    fn write_evaluation_template(&mut self, path: &Path) {
        match crate::io::evaluation::write_template(&self.plan, &self.catalogue, path) {
            Ok(()) => self.inform(fill(
                tr(self.state.lang, Key::Eval(EvalKey::TemplateWritten)),
                &[("file", &path.display().to_string())],
            )),
            Err(e) => self.notify(e.to_string()),
        }
    }
}
