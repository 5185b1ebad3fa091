//! Project status (issue 15) in the panels: the compact 状态 control of a feature card
//! and of a column project (a paragraph of 专栏1–11), the coloured status badge, and the
//! status counts of a 专栏.
//!
//! The control edits a copy of the subject's [`StatusEntry`] and returns
//! [`DocAction::SetStatus`]; the app applies it as one undoable edit of the evaluation.
//! Choosing 未设定 removes the status.

use std::collections::BTreeMap;

use egui::{Color32, ComboBox, RichText, TextEdit, Ui};

use super::style::badge;
use crate::action::{Action, DocAction};
use crate::evaluation::status::{Subject, column_counts};
use crate::evaluation::{ProjectStatus, Source, StatusEntry};
use crate::i18n::{Key, Lang, StatusKey, tr};
use crate::plan::Plan;

/// Where one field of a [`Source`] is.
type SourceField = fn(&mut Source) -> &mut String;

fn t(lang: Lang, key: StatusKey) -> &'static str {
    tr(lang, Key::Status(key))
}

/// The name of a status (or 未设定) in `lang`.
pub fn status_name(lang: Lang, status: Option<ProjectStatus>) -> &'static str {
    match (status, lang) {
        (Some(s), Lang::Zh) => s.zh(),
        (Some(s), Lang::En) => s.en(),
        (None, _) => t(lang, StatusKey::Unset),
    }
}

/// The badge colour of a status ([`ProjectStatus::rgb`]); grey for 未设定.
pub fn status_fill(status: Option<ProjectStatus>) -> Color32 {
    status.map_or(Color32::from_gray(150), |s| {
        let [r, g, b] = s.rgb();
        Color32::from_rgb(r, g, b)
    })
}

/// A small badge in the status's colour, always with its name.
pub fn status_badge(ui: &mut Ui, lang: Lang, status: Option<ProjectStatus>) {
    badge(ui, status_name(lang, status), status_fill(status), 0.0);
}

/// `已建成 2 · 推进中 1 · 未设定 2`: the counts in [`ProjectStatus::ALL`] order, then
/// 未设定; statuses with no project left out.
pub fn counts_text(lang: Lang, counts: &BTreeMap<Option<ProjectStatus>, usize>) -> String {
    ProjectStatus::ALL
        .into_iter()
        .map(Some)
        .chain([None])
        .filter_map(|s| {
            counts
                .get(&s)
                .filter(|n| **n > 0)
                .map(|n| format!("{} {n}", status_name(lang, s)))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The column projects (paragraphs) of column `column` (`box1`), as status subjects.
pub fn column_project_subjects(plan: &Plan, column: &str) -> Vec<Subject> {
    plan.boxes
        .iter()
        .filter(|b| b.id == column)
        .flat_map(|b| {
            b.paragraphs.iter().map(|p| Subject {
                id: p.id.clone(),
                kind: crate::evaluation::SubjectKind::ColumnProject,
                title: String::new(),
                column: Some(b.id.clone()),
            })
        })
        .collect()
}

/// The status counts of column `column` (`box1`): of its projects (paragraphs) only, not
/// of the catalogue features placed for them.
pub fn column_counts_text(lang: Lang, plan: &Plan, statuses: &[StatusEntry], column: &str) -> String {
    counts_text(
        lang,
        &column_counts(&column_project_subjects(plan, column), statuses, column),
    )
}

/// The column (`box3`) whose project paragraph `paragraph` is, if any.
pub fn column_of_paragraph<'p>(plan: &'p Plan, paragraph: &str) -> Option<&'p str> {
    plan.boxes
        .iter()
        .find(|b| b.paragraphs.iter().any(|p| p.id == paragraph))
        .map(|b| b.id.as_str())
}

/// One text field of the control; returns the new text when it changed.
fn field_ui(ui: &mut Ui, label: &str, hint: &str, value: &str, id: (&str, &str)) -> Option<String> {
    let mut text = value.to_string();
    let mut changed = false;
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new(label).small().weak());
        changed = ui
            .add(
                TextEdit::singleline(&mut text)
                    .id_salt(id)
                    .hint_text(hint)
                    .desired_width(ui.available_width()),
            )
            .labelled_by(label.id)
            .changed();
    });
    changed.then_some(text)
}

/// The 状态 control of `subject` (a column project's paragraph ID or a catalogue feature
/// ID): the status (未设定 … 已取消); when one is set, its date, note and source (title,
/// issuer, date, URL or file).
pub fn status_control_ui(ui: &mut Ui, lang: Lang, subject: &str, entry: Option<&StatusEntry>) -> Option<Action> {
    let current = entry.map(|e| e.status);
    let mut chosen = current;
    let mut action = None;
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new(t(lang, StatusKey::Status)).weak());
        ComboBox::from_id_salt(("status", subject))
            .selected_text(
                RichText::new(status_name(lang, current))
                    .color(status_fill(current))
                    .strong(),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, status_name(lang, None));
                for s in ProjectStatus::ALL {
                    ui.selectable_value(
                        &mut chosen,
                        Some(s),
                        RichText::new(status_name(lang, Some(s))).color(status_fill(Some(s))),
                    );
                }
            })
            .response
            .labelled_by(label.id);
    });
    if chosen != current {
        let entry = chosen.map(|status| StatusEntry {
            status,
            ..entry.cloned().unwrap_or_else(|| empty_entry(subject, status))
        });
        action = Some(set(subject, entry, None));
    }
    let Some(entry) = entry else {
        return action;
    };
    let edited = |field: &str, change: &dyn Fn(&mut StatusEntry)| {
        let mut e = entry.clone();
        change(&mut e);
        set(subject, Some(e), Some(format!("status:{subject}:{field}")))
    };
    if let Some(v) = field_ui(
        ui,
        t(lang, StatusKey::Date),
        t(lang, StatusKey::DateHint),
        &entry.date,
        (subject, "date"),
    ) {
        super::merge(&mut action, Some(edited("date", &|e| e.date = v.clone())));
    }
    if !crate::evaluation::status::is_plain_date(&entry.date) {
        ui.label(
            RichText::new(t(lang, StatusKey::DateInvalid))
                .small()
                .color(egui::Color32::from_rgb(0xb7, 0x1c, 0x1c)),
        );
    }
    if let Some(v) = field_ui(ui, t(lang, StatusKey::Note), "", &entry.note, (subject, "note")) {
        super::merge(&mut action, Some(edited("note", &|e| e.note = v.clone())));
    }
    egui::CollapsingHeader::new(RichText::new(source_heading(lang, &entry.source)).small())
        .id_salt(("status-source", subject))
        .default_open(false)
        .show(ui, |ui| {
            let source = &entry.source;
            let fields: [(StatusKey, &str, &str, SourceField); 4] = [
                (StatusKey::SourceTitle, "title", &source.title, |s| &mut s.title),
                (StatusKey::SourceIssuer, "issuer", &source.issuer, |s| &mut s.issuer),
                (StatusKey::SourceDate, "date", &source.date, |s| &mut s.date),
                (StatusKey::SourceLocation, "location", &source.location, |s| {
                    &mut s.location
                }),
            ];
            for (key, name, value, slot) in fields {
                if let Some(v) = field_ui(ui, t(lang, key), "", value, (subject, name)) {
                    let field = format!("source.{name}");
                    super::merge(&mut action, Some(edited(&field, &|e| *slot(&mut e.source) = v.clone())));
                }
            }
        });
    action
}

/// `来源` or `来源：title，issuer…`.
fn source_heading(lang: Lang, source: &Source) -> String {
    let label = t(lang, StatusKey::Source);
    if source.is_empty() {
        label.to_string()
    } else {
        crate::i18n::labelled(lang, label, &source.text())
    }
}

fn empty_entry(subject: &str, status: ProjectStatus) -> StatusEntry {
    StatusEntry {
        subject: subject.to_string(),
        status,
        date: String::new(),
        note: String::new(),
        source: Source::default(),
        extra: Default::default(),
    }
}

fn set(subject: &str, entry: Option<StatusEntry>, coalesce: Option<String>) -> Action {
    Action::Document(DocAction::SetStatus {
        subject: subject.to_string(),
        entry,
        coalesce,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_text_lists_statuses_in_order_then_the_unset_ones_and_skips_zeros() {
        let counts = BTreeMap::from([
            (None, 2),
            (Some(ProjectStatus::InProgress), 1),
            (Some(ProjectStatus::Built), 2),
            (Some(ProjectStatus::Cancelled), 0),
        ]);
        assert_eq!(counts_text(Lang::Zh, &counts), "推进中 1 · 已建成 2 · 未设定 2");
        assert_eq!(
            counts_text(Lang::En, &counts),
            "in progress 1 · completed 2 · not set 2"
        );
    }
}
