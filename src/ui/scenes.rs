//! The 场景 tab (issue 6): the project's deck of scenes — add one from the current view,
//! generate the starter set from the plan, show one with a click, and rename, annotate,
//! update, reorder, duplicate or delete it.

use egui::{Button, RichText, ScrollArea, TextEdit, Ui};

use super::layers::AtlasData;
use super::style::ACCENT;
use crate::action::{Action, DocAction};
use crate::i18n::{Key, Lang, PresenterKey, tr};

/// What a dragged scene row carries: its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SceneDrag(usize);

fn doc(action: DocAction) -> Option<Action> {
    Some(Action::Document(action))
}

/// The deck: buttons to add scenes, one row per scene (a click shows it; ▲/▼ move it),
/// and the editor of the current scene (title, notes, update, duplicate, delete).
pub fn scenes_panel_ui(ui: &mut Ui, lang: Lang, data: &AtlasData) -> Option<Action> {
    let mut action = None;
    let scenes = data.scenes;
    let current = data.doc.current_scene.filter(|&k| k < scenes.len());
    ui.horizontal_wrapped(|ui| {
        if ui.button(tr(lang, Key::SceneAddFromView)).clicked() {
            action = doc(DocAction::AddSceneFromView);
        }
        if ui.button(tr(lang, Key::SceneAddStarter)).clicked() {
            action = doc(DocAction::AddStarterScenes);
        }
        let keys = tr(lang, Key::Presenter(PresenterKey::KeysHint));
        if ui
            .add_enabled(
                !scenes.is_empty(),
                Button::new(tr(lang, Key::Presenter(PresenterKey::FromStart))),
            )
            .on_hover_text(keys)
            .clicked()
        {
            action = doc(DocAction::Present(crate::action::PresentAction::Start(0)));
        }
        if let Some(from) = current
            && ui
                .button(tr(lang, Key::Presenter(PresenterKey::FromCurrent)))
                .on_hover_text(keys)
                .clicked()
        {
            action = doc(DocAction::Present(crate::action::PresentAction::Start(from)));
        }
        if ui
            .add_enabled(
                !scenes.is_empty() && data.doc.image_export.is_none(),
                Button::new(tr(lang, Key::ImageExportScenes)),
            )
            .clicked()
        {
            action = doc(DocAction::OpenImageExport(crate::action::ImageSubject::AllScenes));
        }
    });
    ui.label(RichText::new(tr(lang, Key::SceneHint)).small().weak());
    ui.separator();
    if scenes.is_empty() {
        ui.label(tr(lang, Key::SceneNone));
        return action;
    }
    let list_height = if current.is_some() {
        ui.available_height() * 0.55
    } else {
        ui.available_height()
    };
    ScrollArea::vertical()
        .id_salt("scene-list")
        .max_height(list_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (k, scene) in scenes.iter().enumerate() {
                let row = ui.horizontal(|ui| {
                    // The handle: drag it onto another row to move the scene there.
                    let handle = ui
                        .dnd_drag_source(ui.scope_id().with(("scene-drag", k)), SceneDrag(k), |ui| {
                            ui.label(RichText::new("≡").weak())
                        })
                        .response
                        .on_hover_text(tr(lang, Key::SceneDragHint));
                    handle.on_hover_cursor(egui::CursorIcon::Grab);
                    ui.label(RichText::new(format!("{:>2}", k + 1)).monospace().weak());
                    let title = if scene.title.trim().is_empty() {
                        format!("{} {}", tr(lang, Key::SceneDefaultTitle), k + 1)
                    } else {
                        scene.title.clone()
                    };
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.add_enabled(k + 1 < scenes.len(), Button::new("▼").small()).clicked() {
                            action = doc(DocAction::MoveScene { from: k, to: k + 1 });
                        }
                        if ui.add_enabled(k > 0, Button::new("▲").small()).clicked() {
                            action = doc(DocAction::MoveScene { from: k, to: k - 1 });
                        }
                        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                            let row = egui::Button::selectable(current == Some(k), title).truncate();
                            if ui.add(row).clicked() {
                                action = doc(DocAction::ShowScene(k));
                            }
                        });
                    });
                });
                let response = row.response;
                if let Some(dragged) = response.dnd_hover_payload::<SceneDrag>()
                    && dragged.0 != k
                {
                    // Where it will land: above this row when coming from below, else under.
                    let y = if dragged.0 > k {
                        response.rect.top()
                    } else {
                        response.rect.bottom()
                    };
                    ui.painter()
                        .hline(response.rect.x_range(), y, egui::Stroke::new(2.0, ACCENT));
                }
                if let Some(dragged) = response.dnd_release_payload::<SceneDrag>()
                    && dragged.0 != k
                {
                    action = doc(DocAction::MoveScene { from: dragged.0, to: k });
                }
            }
        });
    let Some(k) = current else { return action };
    // The editor scrolls on its own, so its buttons stay reachable on a low screen.
    ScrollArea::vertical()
        .id_salt("scene-editor")
        .auto_shrink([false, true])
        .show(ui, |ui| super::merge(&mut action, scene_editor_ui(ui, lang, data, k)));
    action
}

/// The editor of scene `k`: title, notes and what can be done with it.
fn scene_editor_ui(ui: &mut Ui, lang: Lang, data: &AtlasData, k: usize) -> Option<Action> {
    let mut action = None;
    let scenes = data.scenes;
    let scene = &scenes[k];
    ui.separator();
    // The number, and the title once the scene has one: `场景 2 · 金普新区`.
    let number = format!("{} {}", tr(lang, Key::SceneNumber), k + 1);
    let header = match scene.title.trim() {
        "" => number,
        title => format!("{number} · {title}"),
    };
    ui.label(RichText::new(header).strong().color(ACCENT));
    let label = ui.label(tr(lang, Key::SceneTitle));
    let mut title = scene.title.clone();
    if ui
        .add(TextEdit::singleline(&mut title).desired_width(f32::INFINITY))
        .labelled_by(label.id)
        .changed()
    {
        action = doc(DocAction::RenameScene(k, title));
    }
    let label = ui.label(tr(lang, Key::SceneNotes));
    let mut notes = scene.notes.clone();
    ScrollArea::vertical()
        .id_salt("scene-notes")
        .max_height(160.0)
        .show(ui, |ui| {
            if ui
                .add(
                    TextEdit::multiline(&mut notes)
                        .desired_rows(4)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id)
                .changed()
            {
                action = doc(DocAction::SetSceneNotes(k, notes.clone()));
            }
        });
    ui.horizontal_wrapped(|ui| {
        if ui.button(tr(lang, Key::SceneUpdateFromView)).clicked() {
            action = doc(DocAction::UpdateSceneFromView(k));
        }
        if ui
            .add_enabled(
                data.doc.selected_annotation.is_some(),
                Button::new(tr(lang, Key::Presenter(PresenterKey::FrameOnAnnotation))),
            )
            .on_hover_text(tr(lang, Key::Presenter(PresenterKey::FrameOnAnnotationHint)))
            .on_disabled_hover_text(tr(lang, Key::Presenter(PresenterKey::FrameOnAnnotationHint)))
            .clicked()
        {
            action = doc(DocAction::FrameSceneOnAnnotation(k));
        }
        if ui.button(tr(lang, Key::SceneDuplicate)).clicked() {
            action = doc(DocAction::DuplicateScene(k));
        }
        if ui.button(tr(lang, Key::SceneDelete)).clicked() {
            action = doc(DocAction::DeleteScene(k));
        }
    });
    action
}
