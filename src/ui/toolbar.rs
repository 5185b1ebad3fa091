//! The map's tool bar (select, point, line, polygon, text, measure, with their shortcuts and a
//! hint for the tool in use) and the prompt for a new text label's text.

use egui::{Align2, Button, Color32, Frame, Pos2, RichText, TextEdit, Ui, vec2};

use crate::action::{Action, DocAction};
use crate::i18n::{Key, Lang, MeasureKey, tr};
use crate::model::Tool;

/// The name and the hint of a tool.
pub fn tool_texts(lang: Lang, tool: Tool) -> (&'static str, &'static str) {
    let (name, hint) = match tool {
        Tool::Select => (Key::ToolSelect, Key::ToolHintSelect),
        Tool::Point => (Key::ToolPoint, Key::ToolHintPoint),
        Tool::Line => (Key::ToolLine, Key::ToolHintLine),
        Tool::Polygon => (Key::ToolPolygon, Key::ToolHintPolygon),
        Tool::Text => (Key::ToolText, Key::ToolHintText),
        Tool::Measure => (MeasureKey::Tool.into(), MeasureKey::Hint.into()),
    };
    (tr(lang, name), tr(lang, hint))
}

/// Width of the tool bar, in points: room for the longest button (“Polygon G” in
/// English), wider while a drawing tool shows its hint.
pub fn toolbar_width(lang: Lang, tool: Tool) -> f32 {
    match (tool == Tool::Select, lang) {
        (true, Lang::Zh) => 78.0,
        (true, Lang::En) => 100.0,
        (false, _) => 132.0,
    }
}

/// The tool bar, a column on the map's right edge: one toggle per tool with its shortcut
/// letter (the hint of each on hover) and, while a drawing tool is in use, its hint
/// below. Returns the tool the user picked.
pub fn map_toolbar_ui(ui: &mut Ui, lang: Lang, tool: Tool) -> Option<Action> {
    let mut picked = None;
    Frame::popup(ui.style())
        .fill(Color32::from_white_alpha(235))
        .show(ui, |ui| {
            ui.set_width(toolbar_width(lang, tool));
            ui.vertical_centered_justified(|ui| {
                for t in Tool::ALL {
                    let (name, hint) = tool_texts(lang, t);
                    let text = RichText::new(format!("{name} {}", t.shortcut_letter())).size(14.0);
                    let response = ui.add(Button::selectable(tool == t, text)).on_hover_text(hint);
                    if response.clicked() && tool != t {
                        picked = Some(Action::Document(DocAction::SetTool(t)));
                    }
                }
            });
            if tool != Tool::Select {
                ui.separator();
                let (_, hint) = tool_texts(lang, tool);
                ui.label(RichText::new(hint).size(12.0).color(Color32::from_gray(60)));
            }
        });
    picked
}

/// The prompt for a new text label's text, opened at `pos_in_ui` (the label's place).
/// `Some(true)`: add it (Enter or 确定); `Some(false)`: drop it (Esc or 取消).
pub fn text_prompt_ui(ctx: &egui::Context, lang: Lang, pos_in_ui: Pos2, text: &mut String) -> Option<bool> {
    let mut answer = None;
    egui::Area::new(egui::Id::unique("text-label-prompt"))
        .order(egui::Order::Foreground)
        .fixed_pos(pos_in_ui + vec2(10.0, 10.0))
        .pivot(Align2::LEFT_TOP)
        .show(ctx, |ui| {
            Frame::popup(ui.style()).show(ui, |ui| {
                let label = ui.label(tr(lang, Key::NewTextPrompt));
                let edit = ui
                    .add(TextEdit::singleline(text).desired_width(220.0))
                    .labelled_by(label.id);
                if !edit.has_focus() && !edit.lost_focus() {
                    edit.request_focus();
                }
                use super::shortcuts::{Command, pressed};
                if edit.lost_focus() && ui.input(|i| pressed(i, Command::TextConfirm)) {
                    answer = Some(true);
                }
                if ui.input(|i| pressed(i, Command::TextCancel)) {
                    answer = Some(false);
                }
                ui.horizontal(|ui| {
                    if ui.button(tr(lang, Key::OkButton)).clicked() {
                        answer = Some(true);
                    }
                    if ui.button(tr(lang, Key::CancelButton)).clicked() {
                        answer = Some(false);
                    }
                });
            });
        });
    answer
}
