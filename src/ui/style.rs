//! Colours and small widgets shared by the panels.

use egui::{Color32, Ui};

use crate::i18n::{Key, Lang, tr};
use crate::plan::{Severity, TargetKind};

/// Background of a search hit.
pub const HIT_BG: Color32 = Color32::from_rgb(0xff, 0xeb, 0x3b);
/// Background of the current search hit.
pub const CURRENT_HIT_BG: Color32 = Color32::from_rgb(0xff, 0xa7, 0x26);
/// Background of a selected target's value.
pub const VALUE_BG: Color32 = Color32::from_rgb(0xbb, 0xde, 0xfb);
/// Background and underline of an errata-corrected span.
pub const CORRECTION_BG: Color32 = Color32::from_rgb(0xdc, 0xf2, 0xdc);
pub const CORRECTION_LINE: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);
/// Background and underline of the selected map feature's names in the text.
pub const FEATURE_BG: Color32 = Color32::from_rgb(0xe3, 0xd7, 0xf7);
pub const FEATURE_LINE: Color32 = Color32::from_rgb(0x5e, 0x35, 0xb1);
/// Accent for headings in the text panel.
pub const ACCENT: Color32 = Color32::from_rgb(0x1f, 0x4e, 0x79);

/// A small coloured tag, at least `min_width` points wide (so that a column of
/// badges lines up).
pub fn badge(ui: &mut Ui, text: &str, fill: Color32, min_width: f32) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let galley = ui.painter().layout_no_wrap(text.to_string(), font, Color32::WHITE);
    let size = egui::vec2((galley.size().x + 8.0).max(min_width), galley.size().y + 2.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    ui.painter().rect_filled(rect, 3.0, fill);
    ui.painter()
        .galley(rect.center() - galley.size() / 2.0, galley, Color32::WHITE);
}

/// Badge text and colour of a target kind.
pub fn kind_badge(lang: Lang, kind: TargetKind) -> (&'static str, Color32) {
    match kind {
        TargetKind::Baseline => (tr(lang, Key::KindBaseline), Color32::from_rgb(0x78, 0x78, 0x78)),
        TargetKind::Target => (tr(lang, Key::KindTarget), Color32::from_rgb(0x1e, 0x6f, 0xb8)),
        TargetKind::UpperBound => (tr(lang, Key::KindUpperBound), Color32::from_rgb(0xb8, 0x5c, 0x1e)),
        TargetKind::LowerBound => (tr(lang, Key::KindLowerBound), Color32::from_rgb(0x2e, 0x7d, 0x32)),
        TargetKind::Range => (tr(lang, Key::KindRange), Color32::from_rgb(0x6a, 0x1b, 0x9a)),
    }
}

/// Badge text and colour of a finding severity.
pub fn severity_badge(lang: Lang, severity: Severity) -> (&'static str, Color32) {
    match severity {
        Severity::Agrees => (tr(lang, Key::Agrees), Color32::from_rgb(0x2e, 0x7d, 0x32)),
        Severity::Discrepancy => (tr(lang, Key::Discrepancy), Color32::from_rgb(0xc6, 0x28, 0x28)),
    }
}
