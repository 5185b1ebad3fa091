//! The atlas's look, shared by the window and the off-screen renderer: the bundled CJK
//! font and the text sizes that keep Chinese legible. One place, so an image and the
//! window draw text the same way. [`swatch`] paints symbology's swatches with egui, for
//! the map and the panels alike.

pub mod swatch;

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily, TextStyle};

/// The bundled CJK font (Noto Sans CJK SC, subset; SIL OFL 1.1).
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Subset.otf");
/// Name of [`CJK_FONT`] in egui's font definitions.
pub const CJK_FONT_NAME: &str = "NotoSansSC-Subset";
/// Installs the bundled CJK font first in both the proportional and the monospace
/// family (egui's default fonts stay as fallbacks).
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts
        .font_data
        .insert(CJK_FONT_NAME.to_string(), Arc::new(FontData::from_static(CJK_FONT)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, CJK_FONT_NAME.to_string());
    }
    ctx.set_fonts(fonts);
}

/// Text sizes that keep Chinese legible (egui's defaults are tuned for Latin).
pub fn install_style(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        for (text_style, size) in [
            (TextStyle::Small, 11.0),
            (TextStyle::Body, 14.0),
            (TextStyle::Button, 14.0),
            (TextStyle::Monospace, 13.0),
            (TextStyle::Heading, 19.0),
        ] {
            if let Some(font) = style.text_styles.get_mut(&text_style) {
                font.size = size;
            }
        }
        style.spacing.item_spacing.y = 4.0;
    });
}
