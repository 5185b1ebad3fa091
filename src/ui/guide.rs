//! 帮助 → 使用指南 (issue 18, point 11): the short guide shipped in the binary
//! (`docs/guide.zh.md`, `docs/guide.en.md`), drawn as headings, bullets and paragraphs.

use egui::{Context, RichText};

use crate::action::Action;
use crate::i18n::{HelpKey, Key, Lang, tr};

const GUIDE_ZH: &str = include_str!("../../docs/guide.zh.md");
const GUIDE_EN: &str = include_str!("../../docs/guide.en.md");

/// The guide's text in `lang` (a small Markdown subset: `#`, `##`, `- ` and paragraphs).
pub fn guide_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => GUIDE_ZH,
        Lang::En => GUIDE_EN,
    }
}

/// The guide window while `open`; closing it returns [`Action::ShowGuide`]`(false)`.
/// The text's first `# ` line is the window's title, not repeated inside.
pub fn guide_ui(ctx: &Context, lang: Lang, open: bool) -> Option<Action> {
    if !open {
        return None;
    }
    let mut still_open = true;
    egui::Window::new(tr(lang, Key::Help(HelpKey::Guide)))
        .open(&mut still_open)
        .default_size([560.0, 520.0])
        .collapsible(false)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for line in guide_text(lang).lines().map(str::trim) {
                    if line.is_empty() || line.starts_with("# ") {
                        continue;
                    }
                    if let Some(heading) = line.strip_prefix("## ") {
                        ui.add_space(6.0);
                        ui.label(RichText::new(heading).strong().size(16.0));
                    } else if let Some(item) = line.strip_prefix("- ") {
                        ui.horizontal_top(|ui| {
                            ui.label("•");
                            ui.add(egui::Label::new(item).wrap());
                        });
                    } else {
                        ui.add(egui::Label::new(line).wrap());
                    }
                }
            });
        });
    (!still_open).then_some(Action::ShowGuide(false))
}
