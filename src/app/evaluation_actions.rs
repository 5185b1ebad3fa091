//! The evaluation's file entries of the 文件 menu (issue 15): import actual values from a
//! filled template or CSV, write the template, open the example of public-report
//! figures. Each change to the evaluation is one undoable edit; a file with any problem
//! imports nothing and its problems (sheet, row, column) are shown as import errors are.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::AtlasApp;
use super::file_dialog::{Kind, Request, Then};
use crate::action::DocAction;
use crate::i18n::evaluation::fill;
use crate::i18n::{EvalKey, Key, tr};
use crate::io::job::Job;
use crate::io::report::{ReportFormat, write_report};
use crate::model::Edit;
use crate::model::report::{ReportInput, build_report};

/// The evaluation report being written in the background: its file and the job, whose
/// result is what went wrong, if anything.
pub struct ReportJob {
    path: PathBuf,
    job: Job<Result<(), String>>,
}

/// Builds and writes the report of `project` to `path` (a `.docx` with the map figures
/// of the project's scenes, or an overview). Plain data only: runs off the UI thread.
fn write_evaluation_report(
    plan: &crate::plan::Plan,
    project: &crate::model::Project,
    path: &Path,
) -> Result<(), String> {
    let format = ReportFormat::of(path).map_err(|e| e.to_string())?;
    let catalogue = crate::catalogue::Catalogue::builtin().map_err(|e| e.to_string())?;
    let date = crate::render::map_image::today_utc();
    let figures = if format == ReportFormat::Docx {
        crate::render::report::project_figures(plan, project.clone(), &date).map_err(|e| e.to_string())?
    } else {
        Vec::new()
    };
    let report = build_report(&ReportInput {
        plan,
        catalogue: &catalogue,
        project,
        figures,
        generated: date,
        title: None,
    });
    write_report(&report, path).map_err(|e| e.to_string())
}

impl AtlasApp {
    /// Sets or removes the status of `subject` as one undoable edit of the evaluation
    /// (typing with the same `coalesce` key merges into one step). A subject that is
    /// neither a column project nor a catalogue feature is refused with a message.
    pub(super) fn set_status(
        &mut self,
        subject: String,
        entry: Option<crate::evaluation::StatusEntry>,
        coalesce: Option<String>,
    ) {
        let known = self
            .plan
            .boxes
            .iter()
            .any(|b| b.paragraphs.iter().any(|p| p.id == subject))
            || self.catalogue.feature(&subject).is_some();
        if !known {
            self.notify(crate::evaluation::EvaluationError::UnknownSubject(subject).to_string());
            return;
        }
        let mut evaluation = self.document.project.evaluation.clone();
        let at = evaluation.statuses.iter().position(|e| e.subject == subject);
        match (at, entry) {
            (Some(k), Some(mut e)) => {
                e.subject = subject;
                evaluation.statuses[k] = e;
            }
            (None, Some(mut e)) => {
                e.subject = subject;
                evaluation.statuses.push(e);
            }
            (Some(k), None) => {
                evaluation.statuses.remove(k);
            }
            (None, None) => return,
        }
        if evaluation == self.document.project.evaluation {
            return;
        }
        self.edit_coalesced(coalesce, Edit::SetEvaluation(Box::new(evaluation)));
    }

    /// Applies one of the evaluation's file actions; `false` for any other action.
    pub(super) fn apply_evaluation_file(&mut self, action: &DocAction) -> bool {
        match action {
            DocAction::ImportActuals => {
                let name = tr(self.state.lang, Key::Eval(EvalKey::FileFilter));
                self.ask_path(Request::new(Kind::Open, Then::ImportActuals).filter(name, &["xlsx", "csv"]));
            }
            DocAction::ImportActualsFrom(path) => self.import_actuals(path),
            DocAction::ExportEvaluationTemplate => {
                let request = Request::new(Kind::Save, Then::EvaluationTemplate)
                    .filter("Excel", &["xlsx"])
                    .file_name("评估模板.xlsx");
                self.ask_path(request);
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
            DocAction::ExportEvaluationReport => {
                let request = Request::new(Kind::Save, Then::EvaluationReport)
                    .filter(
                        tr(self.state.lang, Key::Eval(EvalKey::ReportFilter)),
                        &["docx", "xlsx", "md"],
                    )
                    .file_name("评估报告.docx");
                self.ask_path(request);
            }
            DocAction::ExportEvaluationReportTo(path) => self.start_report(path.clone()),
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
            Err(e) => self.notify_evaluation(&e),
        }
    }

    /// Starts writing the report to `path` in a background job; an unknown extension is
    /// refused at once.
    fn start_report(&mut self, path: PathBuf) {
        if let Err(e) = ReportFormat::of(&path) {
            self.notify(e.to_string());
            return;
        }
        let plan = Arc::clone(&self.plan);
        let project = self.document.project.clone();
        let ctx = self.egui_ctx.clone();
        let target = path.clone();
        let spawned = Job::spawn(
            "evaluation report",
            move || {
                if let Some(ctx) = &ctx {
                    ctx.request_repaint();
                }
            },
            move |_| write_evaluation_report(&plan, &project, &target),
        );
        match spawned {
            Ok(job) => {
                self.report_job = Some(ReportJob { path, job });
                self.inform(tr(self.state.lang, Key::Eval(EvalKey::ReportWriting)).to_string());
            }
            Err(e) => self.notify(e.to_string()),
        }
    }

    /// Once a frame: reports the end of the report job.
    pub(super) fn poll_report_job(&mut self) {
        let Some(running) = self.report_job.as_mut() else {
            return;
        };
        let Some(result) = running.job.try_finish() else { return };
        let path = running.path.display().to_string();
        self.report_job = None;
        match result {
            Ok(Ok(())) => self.inform(fill(
                tr(self.state.lang, Key::Eval(EvalKey::ReportWritten)),
                &[("file", &path)],
            )),
            Ok(Err(reason)) => self.notify(reason),
            Err(e) => self.notify(format!("{path}: {e}")),
        }
    }

    /// An evaluation report is being written.
    pub fn report_running(&self) -> bool {
        self.report_job.is_some()
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
