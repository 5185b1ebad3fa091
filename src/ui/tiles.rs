//! 视图 → 底图瓦片… (View → Tile source…): the dialog choosing an optional tile
//! source, and the status bar's text about it.

use egui::{Context, DragValue, RichText, Slider, TextEdit};

use crate::action::Action;
use crate::i18n::{Key, Lang, tr};
use crate::state::AppState;
use crate::tile_source::{TiandituLayer, TileDraft, TileSourceKind, TileStatus, tile_cache_dir};

/// The tile-source dialog, when `state.tile_dialog` is open. Edits come back as
/// [`Action::EditTileDraft`]; nothing changes the map until “apply”
/// ([`Action::ApplyTileDraft`]). The opacity slider acts at once.
pub fn tile_dialog_ui(ctx: &Context, state: &AppState) -> Option<Action> {
    let draft = state.tile_dialog.as_ref()?;
    let lang = state.lang;
    let mut action = None;
    let mut edited = draft.clone();
    egui::Window::new(tr(lang, Key::TileSourceTitle))
        .collapsible(false)
        .resizable(false)
        .default_width(520.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(RichText::new(tr(lang, Key::TileOnlineNote)).small());
            ui.separator();
            source_fields_ui(ui, lang, &mut edited, &mut action);
            ui.separator();
            let mut opacity = state.tiles.opacity;
            if ui
                .add(Slider::new(&mut opacity, 0.0..=1.0).text(tr(lang, Key::TileOpacity)))
                .changed()
            {
                action = Some(Action::SetTileOpacity(opacity));
            }
            if let Some(dir) = tile_cache_dir() {
                ui.label(
                    RichText::new(format!("{}：{}", tr(lang, Key::TileCacheFolder), dir.display()))
                        .small()
                        .weak(),
                );
            }
            if let Some(notice) = &state.notice {
                ui.label(RichText::new(notice).small().color(ui.visuals().warn_fg_color));
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button(tr(lang, Key::TileApply)).clicked() {
                    action = Some(Action::ApplyTileDraft);
                }
                if ui.button(tr(lang, Key::Close)).clicked() {
                    action = Some(Action::ShowTileDialog(false));
                }
            });
        });
    if action.is_none() && &edited != draft {
        action = Some(Action::EditTileDraft(edited));
    }
    action
}

/// The radio buttons of the source kinds, each with its own fields below it.
fn source_fields_ui(ui: &mut egui::Ui, lang: Lang, draft: &mut TileDraft, action: &mut Option<Action>) {
    ui.radio_value(&mut draft.kind, TileSourceKind::None, tr(lang, Key::TileNone));

    ui.radio_value(&mut draft.kind, TileSourceKind::PmTiles, tr(lang, Key::TilePmTiles));
    if draft.kind == TileSourceKind::PmTiles {
        ui.indent("pmtiles", |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(tr(lang, Key::TilePath));
                ui.add(TextEdit::singleline(&mut draft.pmtiles_path).desired_width(340.0))
                    .labelled_by(label.id);
                if ui.button(tr(lang, Key::TileChooseFile)).clicked() {
                    *action = Some(Action::PickPmTilesFile);
                }
            });
        });
    }

    ui.radio_value(&mut draft.kind, TileSourceKind::OpenStreetMap, tr(lang, Key::TileOsm));

    ui.radio_value(&mut draft.kind, TileSourceKind::Tianditu, tr(lang, Key::TileTianditu));
    if draft.kind == TileSourceKind::Tianditu {
        ui.indent("tianditu", |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(tr(lang, Key::TileKey));
                ui.add(TextEdit::singleline(&mut draft.tianditu_key).desired_width(300.0))
                    .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                ui.radio_value(
                    &mut draft.tianditu_layer,
                    TiandituLayer::Vector,
                    tr(lang, Key::TileLayerVector),
                );
                ui.radio_value(
                    &mut draft.tianditu_layer,
                    TiandituLayer::Imagery,
                    tr(lang, Key::TileLayerImagery),
                );
            });
        });
    }

    ui.radio_value(&mut draft.kind, TileSourceKind::Custom, tr(lang, Key::TileCustom));
    if draft.kind == TileSourceKind::Custom {
        ui.indent("custom", |ui| {
            let label = ui.label(tr(lang, Key::TileTemplate));
            ui.add(
                TextEdit::singleline(&mut draft.template)
                    .hint_text("https://…/{z}/{x}/{y}.png")
                    .desired_width(440.0),
            )
            .labelled_by(label.id);
            ui.horizontal(|ui| {
                let label = ui.label(tr(lang, Key::TileAttribution));
                ui.add(TextEdit::singleline(&mut draft.attribution).desired_width(240.0))
                    .labelled_by(label.id);
                let label = ui.label(tr(lang, Key::TileMaxZoom));
                ui.add(DragValue::new(&mut draft.max_zoom).range(1..=22))
                    .labelled_by(label.id);
            });
            ui.checkbox(&mut draft.gcj02, tr(lang, Key::TileGcj02));
        });
    }
}

/// The status bar's words for a tile status, or `None` when there is nothing to say.
pub fn tile_status_text(lang: Lang, status: &TileStatus) -> Option<String> {
    match status {
        TileStatus::Idle => None,
        TileStatus::Loading(n) => Some(format!("{} {n}", tr(lang, Key::TilesLoading))),
        TileStatus::NotResponding => Some(tr(lang, Key::TilesNotResponding).to_string()),
        TileStatus::Failed(reason) => Some(format!("{}：{reason}", tr(lang, Key::TilesFailed))),
    }
}
