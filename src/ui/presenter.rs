//! Presenter mode's part of the window (issue 6): the keys a presentation clicker sends,
//! the caption bars over and under the map (scene title and counter; the linked plan
//! text or target) in projector-sized type, light or dark, and the black screen.

use egui::{Color32, FontId, Key, RichText, Ui};

use crate::action::PresentAction;

/// The keys of each presenter request (→ ↓ PageDown Space Enter: next; ← ↑ PageUp:
/// previous; Home, End; Esc: leave; B or `.`: black screen; D: dark or light captions):
/// what clickers send (PageDown/PageUp, sometimes B or `.` for
/// black, Esc/F5 toggles) and what a keyboard user expects.
const KEYS: [(Key, PresentAction); 14] = [
    (Key::ArrowRight, PresentAction::Next),
    (Key::ArrowDown, PresentAction::Next),
    (Key::PageDown, PresentAction::Next),
    (Key::Space, PresentAction::Next),
    (Key::Enter, PresentAction::Next),
    (Key::ArrowLeft, PresentAction::Prev),
    (Key::ArrowUp, PresentAction::Prev),
    (Key::PageUp, PresentAction::Prev),
    (Key::Home, PresentAction::First),
    (Key::End, PresentAction::Last),
    (Key::Escape, PresentAction::Exit),
    (Key::B, PresentAction::ToggleBlack),
    (Key::Period, PresentAction::ToggleBlack),
    (Key::D, PresentAction::ToggleTheme),
];

/// The presenter keys pressed this frame, consumed so that the map and the panels do not
/// also act on them (arrows would pan the map). Nothing while a text field has focus.
pub fn presenter_keys(ctx: &egui::Context) -> Vec<PresentAction> {
    if ctx.egui_wants_keyboard_input() {
        return Vec::new();
    }
    ctx.input_mut(|i| {
        KEYS.iter()
            .filter(|(key, _)| i.consume_key(egui::Modifiers::NONE, *key))
            .map(|(_, k)| *k)
            .collect()
    })
}

/// Projector colours: a light and a dark theme, both high contrast.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PresenterColours {
    pub bar: Color32,
    pub text: Color32,
    pub weak: Color32,
    pub accent: Color32,
}

impl PresenterColours {
    pub fn new(dark: bool) -> PresenterColours {
        if dark {
            PresenterColours {
                bar: Color32::from_rgb(0x12, 0x16, 0x1c),
                text: Color32::from_rgb(0xf4, 0xf4, 0xf4),
                weak: Color32::from_rgb(0xb8, 0xc0, 0xcc),
                accent: Color32::from_rgb(0x7c, 0xc4, 0xff),
            }
        } else {
            PresenterColours {
                bar: Color32::from_rgb(0xfb, 0xfb, 0xfa),
                text: Color32::from_rgb(0x10, 0x14, 0x1a),
                weak: Color32::from_rgb(0x4a, 0x52, 0x5e),
                accent: Color32::from_rgb(0x0b, 0x4f, 0x9c),
            }
        }
    }
}

/// Point sizes of the presenter's type for a window `height` points high: the title about
/// 1/28 of the height, the caption 1/42, never below 22 and 16 points.
pub fn presenter_font_sizes(height: f32) -> (f32, f32) {
    ((height / 28.0).max(22.0), (height / 42.0).max(16.0))
}

/// The top caption bar: the scene title (left) and the counter “3 / 12” (right).
pub fn presenter_title_ui(ui: &mut Ui, title: &str, index: usize, count: usize, colours: PresenterColours) {
    let (title_size, caption_size) = presenter_font_sizes(ui.ctx().content_rect().height());
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(title)
                .font(FontId::proportional(title_size))
                .strong()
                .color(colours.text),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(
                RichText::new(format!("{} / {count}", index + 1))
                    .font(FontId::proportional(caption_size))
                    .color(colours.weak),
            );
        });
    });
}

/// Lines of caption text at most (the rest is cut with “…”).
pub const CAPTION_ROWS: usize = 3;

/// The bottom caption bar: the linked plan text or target (at most a few lines; longer
/// text is cut with “…”), with its source (e.g. “第二章 第四节”) in a weaker colour.
pub fn presenter_caption_ui(ui: &mut Ui, caption: &str, source: &str, colours: PresenterColours) {
    let (_, caption_size) = presenter_font_sizes(ui.ctx().content_rect().height());
    if !source.is_empty() {
        ui.label(
            RichText::new(source)
                .font(FontId::proportional(caption_size * 0.8))
                .color(colours.accent),
        );
    }
    if !caption.is_empty() {
        let mut job = egui::text::LayoutJob::simple(
            caption.to_string(),
            FontId::proportional(caption_size),
            colours.text,
            ui.available_width(),
        );
        job.wrap.max_rows = CAPTION_ROWS;
        ui.label(job);
    }
}
