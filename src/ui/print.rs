//! The print dialog (文件 → 打印布局/导出 PDF…): what to print (the current view, or every
//! scene a page each), paper, orientation, scale (fitted or 1:N), 图名, 制图单位 and the PDF
//! file; and the running print's progress in the status bar.

use egui::{Button, ComboBox, DragValue, ProgressBar, RichText, TextEdit, Ui};

use crate::action::{Action, DocAction, PrintAction, PrintRequest};
use crate::i18n::{Key, Lang, PrintKey, tr};
use crate::render::print::{Orientation, Paper, SCALE_RANGE};

/// The dialog's form: what the user has chosen so far.
#[derive(Clone, Debug, PartialEq)]
pub struct PrintDialog {
    pub all_scenes: bool,
    pub paper: Paper,
    pub orientation: Orientation,
    /// A fixed scale ([`PrintDialog::scale`]) rather than fitted.
    pub fixed_scale: bool,
    /// The denominator N of a fixed 1:N.
    pub scale: u32,
    /// 图名 of the current view's page.
    pub title: String,
    /// 制图单位.
    pub unit: String,
    /// The PDF file, as typed or picked.
    pub file: String,
}

impl PrintDialog {
    /// A form for the current view titled `title`, A4 landscape, fitted, saving to `file`.
    pub fn new(title: String, file: String) -> PrintDialog {
        PrintDialog {
            all_scenes: false,
            paper: Paper::A4,
            orientation: Orientation::Landscape,
            fixed_scale: false,
            scale: 250_000,
            title,
            unit: String::new(),
            file,
        }
    }

    /// The request the form makes; `None` without a file.
    pub fn request(&self) -> Option<PrintRequest> {
        let out = self.file.trim();
        (!out.is_empty()).then(|| PrintRequest {
            all_scenes: self.all_scenes,
            paper: self.paper,
            orientation: self.orientation,
            scale: self.fixed_scale.then_some(self.scale),
            title: self.title.trim().to_string(),
            unit: self.unit.trim().to_string(),
            out: std::path::PathBuf::from(out),
        })
    }
}

fn print(action: PrintAction) -> Option<Action> {
    Some(Action::Document(DocAction::Print(action)))
}

fn t(lang: Lang, key: PrintKey) -> &'static str {
    tr(lang, Key::Print(key))
}

/// The dialog. `scenes`: how many scenes the project has; `printing`: a print runs (a
/// second waits). Edits the form in place and returns 导出, 浏览… and 取消 as actions.
pub fn print_dialog_ui(
    ctx: &egui::Context,
    lang: Lang,
    dialog: &mut PrintDialog,
    scenes: usize,
    printing: bool,
) -> Option<Action> {
    let mut action = None;
    let mut open = true;
    egui::Window::new(t(lang, PrintKey::Title))
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            action = contents_ui(ui, lang, dialog, scenes, printing);
        });
    if !open {
        action = print(PrintAction::Close);
    }
    action
}

fn contents_ui(ui: &mut Ui, lang: Lang, dialog: &mut PrintDialog, scenes: usize, printing: bool) -> Option<Action> {
    let mut action = None;
    if scenes == 0 {
        dialog.all_scenes = false;
    }
    egui::Grid::new("print-form")
        .num_columns(2)
        .spacing([12.0, 10.0])
        .show(ui, |ui| {
            ui.label(t(lang, PrintKey::Subject));
            ui.horizontal(|ui| {
                ui.radio_value(&mut dialog.all_scenes, false, t(lang, PrintKey::CurrentView));
                ui.add_enabled_ui(scenes > 0, |ui| {
                    ui.radio_value(
                        &mut dialog.all_scenes,
                        true,
                        format!("{}（{scenes}）", t(lang, PrintKey::AllScenes)),
                    );
                });
            });
            ui.end_row();

            let paper_label = ui.label(t(lang, PrintKey::Paper)).id;
            ComboBox::from_id_salt("print-paper")
                .selected_text(dialog.paper.name())
                .show_ui(ui, |ui| {
                    for p in Paper::ALL {
                        ui.selectable_value(&mut dialog.paper, p, p.name());
                    }
                })
                .response
                .labelled_by(paper_label);
            ui.end_row();

            ui.label(t(lang, PrintKey::Orientation));
            ui.horizontal(|ui| {
                ui.radio_value(
                    &mut dialog.orientation,
                    Orientation::Landscape,
                    t(lang, PrintKey::Landscape),
                );
                ui.radio_value(
                    &mut dialog.orientation,
                    Orientation::Portrait,
                    t(lang, PrintKey::Portrait),
                );
            });
            ui.end_row();

            ui.label(t(lang, PrintKey::Scale));
            ui.horizontal(|ui| {
                ui.radio_value(&mut dialog.fixed_scale, false, t(lang, PrintKey::ScaleFit));
                let fixed = ui
                    .radio_value(&mut dialog.fixed_scale, true, t(lang, PrintKey::ScaleFixed))
                    .id;
                ui.add_enabled(
                    dialog.fixed_scale,
                    DragValue::new(&mut dialog.scale).range(SCALE_RANGE).speed(1000.0),
                )
                .labelled_by(fixed);
            });
            ui.end_row();

            let title_label = ui.label(t(lang, PrintKey::MapTitle)).id;
            if dialog.all_scenes {
                ui.label(RichText::new(tr(lang, Key::ImageExportSceneTitles)).weak());
            } else {
                ui.add(TextEdit::singleline(&mut dialog.title).desired_width(320.0))
                    .labelled_by(title_label);
            }
            ui.end_row();

            let unit_label = ui.label(t(lang, PrintKey::Unit)).id;
            ui.add(TextEdit::singleline(&mut dialog.unit).desired_width(320.0))
                .labelled_by(unit_label);
            ui.end_row();

            let file_label = ui.label(t(lang, PrintKey::File)).id;
            ui.horizontal(|ui| {
                ui.add(TextEdit::singleline(&mut dialog.file).desired_width(320.0))
                    .labelled_by(file_label);
                if ui.button(t(lang, PrintKey::Browse)).clicked() {
                    action = print(PrintAction::Browse);
                }
            });
            ui.end_row();
        });
    ui.add_space(4.0);
    ui.add(egui::Label::new(RichText::new(t(lang, PrintKey::Contents)).small().weak()).wrap());
    ui.separator();
    ui.horizontal(|ui| {
        let request = dialog.request();
        let start = ui.add_enabled(
            request.is_some() && !printing,
            Button::new(RichText::new(t(lang, PrintKey::Start)).strong()),
        );
        if start.clicked()
            && let Some(request) = request
        {
            action = print(PrintAction::Export(request));
        }
        if ui.button(tr(lang, Key::CancelButton)).clicked() {
            action = print(PrintAction::Close);
        }
        if printing {
            ui.label(RichText::new(t(lang, PrintKey::Busy)).small().weak());
        }
    });
    action
}

/// The running print in the status bar: pages done of all, and a cancel button.
pub fn print_progress_ui(ui: &mut Ui, lang: Lang, (done, total): (usize, usize)) -> Option<Action> {
    ui.label(RichText::new(format!("{} {done}/{total}", t(lang, PrintKey::Progress))).small());
    let fraction = done as f32 / total.max(1) as f32;
    ui.add(ProgressBar::new(fraction).desired_width(160.0).show_percentage());
    if ui.small_button(tr(lang, Key::CancelButton)).clicked() {
        return print(PrintAction::Cancel);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_makes_a_request_only_with_a_file_and_a_scale_only_when_fixed() {
        let mut form = PrintDialog::new("大连".into(), " ".into());
        assert_eq!(form.request(), None);
        form.file = "/tmp/a.pdf".into();
        assert_eq!(form.request().expect("a request").scale, None);
        form.fixed_scale = true;
        form.scale = 300_000;
        let request = form.request().expect("a request");
        assert_eq!(request.scale, Some(300_000));
        assert_eq!(
            (request.paper, request.orientation),
            (Paper::A4, Orientation::Landscape)
        );
    }
}
