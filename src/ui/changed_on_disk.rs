//! “The project file was changed on disk”: asked when a save would overwrite what
//! another program or another atlas window wrote to the project's file.

use egui::RichText;

use super::document::DocInfo;
use crate::action::{Action, ChangedAnswer, DocAction};
use crate::i18n::reliability::{ReliabilityKey, tr as tr_reliability};
use crate::i18n::{Key, Lang, tr};

/// The question with its four answers (另存为… / 重新载入 / 仍然覆盖 / 取消); `None` until
/// one is clicked or when nothing is asked.
pub fn changed_on_disk_dialog_ui(ctx: &egui::Context, lang: Lang, info: &DocInfo) -> Option<Action> {
    let file = info.changed_on_disk.as_ref()?;
    let t = |k| tr_reliability(lang, k);
    let mut action = None;
    egui::Modal::new(egui::Id::unique("changed-on-disk")).show(ctx, |ui| {
        ui.heading(t(ReliabilityKey::ChangedTitle));
        ui.label(t(ReliabilityKey::ChangedQuestion));
        ui.label(RichText::new(file).small());
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            for (answer, label) in [
                (ChangedAnswer::SaveAs, t(ReliabilityKey::SaveAsButton)),
                (ChangedAnswer::Reload, t(ReliabilityKey::ReloadButton)),
                (ChangedAnswer::Overwrite, t(ReliabilityKey::OverwriteButton)),
                (ChangedAnswer::Cancel, tr(lang, Key::CancelButton)),
            ] {
                if ui.button(label).clicked() {
                    action = Some(Action::Document(DocAction::ChangedOnDisk(answer)));
                }
            }
        });
    });
    action
}
