//! The map-image dialog (文件 → 导出地图图片…, or the 场景 tab): what to draw (the current
//! view or every scene), the size (presets up to 3840×2160, or custom), the legend's
//! place (its own, not the window's), the title and where the PNG files go; and the running export's progress in the status bar.

use egui::{Button, ComboBox, DragValue, ProgressBar, RichText, TextEdit, Ui};

use crate::action::{Action, DocAction, ImageRequest, ImageSubject};
use crate::i18n::{Key, Lang, OutputKey, tr};
use crate::model::LegendPlacement;

/// The sizes offered, in physical pixels, with their common names.
pub const SIZE_PRESETS: [([u32; 2], &str); 4] = [
    ([1280, 720], "720p"),
    ([1920, 1080], "1080p"),
    ([2560, 1440], "1440p"),
    ([3840, 2160], "4K"),
];

/// The largest custom size offered: twice 4K a side is print territory (see
/// [`crate::render::MAX_SIDE`]).
const CUSTOM_MAX: u32 = crate::render::MAX_SIDE;

/// The dialog's form: what the user has chosen so far.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageExportDialog {
    pub subject: ImageSubject,
    /// Index into [`SIZE_PRESETS`]; `None`: `custom`.
    pub preset: Option<usize>,
    /// The custom size, `[width, height]`.
    pub custom: [u32; 2],
    /// The title of a current-view image.
    pub title: String,
    /// The current view's file, as typed or picked.
    pub file: String,
    /// The scenes' folder, as typed or picked.
    pub folder: String,
    /// Where the images put their legend.
    pub legend: LegendPlacement,
}

impl ImageExportDialog {
    /// A form for `subject` at 1920×1080 with `title`, saving the current view to `file`
    /// or the scenes into `folder`.
    pub fn new(subject: ImageSubject, title: String, file: String, folder: String) -> ImageExportDialog {
        ImageExportDialog {
            subject,
            preset: Some(1),
            custom: [1600, 1000],
            title,
            file,
            folder,
            legend: LegendPlacement::Auto,
        }
    }

    /// Where the chosen subject goes: the file or the folder.
    pub fn out(&self) -> &str {
        match self.subject {
            ImageSubject::CurrentView => &self.file,
            ImageSubject::AllScenes => &self.folder,
        }
    }

    /// [`ImageExportDialog::out`], to edit.
    pub fn out_mut(&mut self) -> &mut String {
        match self.subject {
            ImageSubject::CurrentView => &mut self.file,
            ImageSubject::AllScenes => &mut self.folder,
        }
    }

    /// The chosen size in pixels.
    pub fn size(&self) -> [u32; 2] {
        self.preset
            .and_then(|k| SIZE_PRESETS.get(k))
            .map_or(self.custom, |(size, _)| *size)
    }

    /// The request the form makes; `None` without a place to save to.
    pub fn request(&self) -> Option<ImageRequest> {
        let out = self.out().trim();
        (!out.is_empty()).then(|| ImageRequest {
            subject: self.subject,
            size: self.size(),
            title: self.title.trim().to_string(),
            out: std::path::PathBuf::from(out),
            legend: self.legend,
        })
    }
}

fn doc(action: DocAction) -> Option<Action> {
    Some(Action::Document(action))
}

/// The dialog. `scenes`: how many scenes the project has (the scenes choice needs one);
/// `exporting`: an export runs (a second waits); `tiles_shown`: the window draws a tile
/// layer, which images leave out (they are drawn from the atlas's own data, offline).
/// Edits the form in place and returns 导出, 浏览… and 取消 as actions.
pub fn image_export_dialog_ui(
    ctx: &egui::Context,
    lang: Lang,
    dialog: &mut ImageExportDialog,
    scenes: usize,
    exporting: bool,
    tiles_shown: bool,
) -> Option<Action> {
    let mut action = None;
    let mut open = true;
    egui::Window::new(tr(lang, Key::ImageExportTitle))
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            action = dialog_contents_ui(ui, lang, dialog, scenes, exporting, tiles_shown);
        });
    if !open {
        action = doc(DocAction::CloseImageExport);
    }
    action
}

fn dialog_contents_ui(
    ui: &mut Ui,
    lang: Lang,
    dialog: &mut ImageExportDialog,
    scenes: usize,
    exporting: bool,
    tiles_shown: bool,
) -> Option<Action> {
    let mut action = None;
    if scenes == 0 {
        dialog.subject = ImageSubject::CurrentView;
    }
    egui::Grid::new("image-export-form")
        .num_columns(2)
        .spacing([12.0, 10.0])
        .show(ui, |ui| {
            ui.label(tr(lang, Key::ImageExportSubject));
            ui.horizontal(|ui| {
                ui.radio_value(
                    &mut dialog.subject,
                    ImageSubject::CurrentView,
                    tr(lang, Key::ImageExportCurrentView),
                );
                ui.add_enabled_ui(scenes > 0, |ui| {
                    ui.radio_value(
                        &mut dialog.subject,
                        ImageSubject::AllScenes,
                        format!("{}（{scenes}）", tr(lang, Key::ImageExportAllScenes)),
                    );
                });
            });
            ui.end_row();

            let size_label = ui.label(tr(lang, Key::ImageExportSize)).id;
            ui.horizontal(|ui| {
                let name = |preset: Option<usize>| match preset.and_then(|k| SIZE_PRESETS.get(k)) {
                    Some(([w, h], common)) => format!("{w} × {h}（{common}）"),
                    None => tr(lang, Key::ImageExportCustom).to_string(),
                };
                ComboBox::from_id_salt("image-size")
                    .selected_text(name(dialog.preset))
                    .width(190.0)
                    .show_ui(ui, |ui| {
                        for k in 0..SIZE_PRESETS.len() {
                            ui.selectable_value(&mut dialog.preset, Some(k), name(Some(k)));
                        }
                        ui.selectable_value(&mut dialog.preset, None, name(None));
                    })
                    .response
                    .labelled_by(size_label);
                if dialog.preset.is_none() {
                    let range = crate::render::MIN_SIDE..=CUSTOM_MAX;
                    ui.add(DragValue::new(&mut dialog.custom[0]).range(range.clone()).suffix(" px"));
                    ui.label("×");
                    ui.add(DragValue::new(&mut dialog.custom[1]).range(range).suffix(" px"));
                }
            });
            ui.end_row();

            let legend_label = ui.label(tr(lang, Key::Output(OutputKey::Legend))).id;
            let placement = |p: LegendPlacement| {
                let key = match p {
                    LegendPlacement::Auto => OutputKey::LegendAuto,
                    LegendPlacement::TopLeft => OutputKey::LegendTopLeft,
                    LegendPlacement::TopRight => OutputKey::LegendTopRight,
                    LegendPlacement::Off => OutputKey::LegendOff,
                };
                tr(lang, Key::Output(key))
            };
            ComboBox::from_id_salt("image-legend")
                .selected_text(placement(dialog.legend))
                .width(190.0)
                .show_ui(ui, |ui| {
                    for p in LegendPlacement::ALL {
                        ui.selectable_value(&mut dialog.legend, p, placement(p));
                    }
                })
                .response
                .labelled_by(legend_label);
            ui.end_row();

            let title_label = ui.label(tr(lang, Key::ImageExportHeading)).id;
            if dialog.subject == ImageSubject::CurrentView {
                ui.add(TextEdit::singleline(&mut dialog.title).desired_width(320.0))
                    .labelled_by(title_label);
            } else {
                ui.label(RichText::new(tr(lang, Key::ImageExportSceneTitles)).weak());
            }
            ui.end_row();

            let target = match dialog.subject {
                ImageSubject::CurrentView => Key::ImageExportFile,
                ImageSubject::AllScenes => Key::ImageExportFolder,
            };
            let target_label = ui.label(tr(lang, target)).id;
            ui.horizontal(|ui| {
                ui.add(TextEdit::singleline(dialog.out_mut()).desired_width(320.0))
                    .labelled_by(target_label);
                if ui.button(tr(lang, Key::ImageExportBrowse)).clicked() {
                    action = doc(DocAction::BrowseImageTarget);
                }
            });
            ui.end_row();
        });
    ui.add_space(4.0);
    ui.label(RichText::new(tr(lang, Key::ImageExportContents)).small().weak());
    if tiles_shown {
        ui.label(RichText::new(tr(lang, Key::ImageExportNoTiles)).small());
    }
    ui.separator();
    ui.horizontal(|ui| {
        let request = dialog.request();
        let start = ui.add_enabled(
            request.is_some() && !exporting,
            Button::new(RichText::new(tr(lang, Key::ImageExportStart)).strong()),
        );
        if start.clicked()
            && let Some(request) = request
        {
            action = doc(DocAction::ExportImages(request));
        }
        if ui.button(tr(lang, Key::CancelButton)).clicked() {
            action = doc(DocAction::CloseImageExport);
        }
        if exporting {
            ui.label(RichText::new(tr(lang, Key::ImageExportBusy)).small().weak());
        }
    });
    action
}

/// The running export in the status bar: images done of all, and a cancel button.
pub fn image_export_progress_ui(ui: &mut Ui, lang: Lang, (written, total): (usize, usize)) -> Option<Action> {
    ui.label(RichText::new(format!("{} {written}/{total}", tr(lang, Key::ImageExportProgress))).small());
    let fraction = written as f32 / total.max(1) as f32;
    ui.add(ProgressBar::new(fraction).desired_width(160.0).show_percentage());
    if ui.small_button(tr(lang, Key::CancelButton)).clicked() {
        return doc(DocAction::CancelImageExport);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_makes_a_request_only_with_a_place_to_save() {
        let mut form = ImageExportDialog::new(ImageSubject::CurrentView, "大连".into(), "  ".into(), "/tmp/d".into());
        assert_eq!(form.request(), None);
        form.file = "/tmp/a.png".into();
        let request = form.request().expect("a request");
        assert_eq!(request.size, [1920, 1080]);
        form.preset = None;
        form.custom = [800, 600];
        assert_eq!(form.request().expect("a request").size, [800, 600]);
        form.preset = Some(3);
        assert_eq!(form.size(), [3840, 2160]);
        // Each subject keeps its own place: switching does not carry a file name over.
        form.subject = ImageSubject::AllScenes;
        assert_eq!(
            form.request().expect("a request").out,
            std::path::PathBuf::from("/tmp/d")
        );
    }
}
