//! Panels of the atlas window. Every `*_ui` function draws from `&AppState` and the
//! plan, and returns the [`Action`](crate::action::Action) the user asked for, if
//! any; none of them changes state or does I/O.

pub mod about;
pub mod actuals;
pub mod annotation_editor;
pub mod attribute_table;
pub mod changed_on_disk;
pub mod document;
pub mod evaluation;
pub mod feature_card;
pub mod guide;
pub mod image_export;
pub mod import_dialog;
pub mod layers;
pub mod menu;
pub mod paragraphs;
pub mod plan_panel;
pub mod presenter;
pub mod presenter_view;
pub mod print;
pub mod problems;
pub mod project_status;
pub mod ruler;
pub mod scenes;
pub mod shortcuts;
pub mod status;
pub mod style;
pub mod targets;
pub mod tiles;
pub mod toolbar;

pub use about::about_ui;
pub use feature_card::feature_card_ui;
pub use layers::{AtlasData, layers_panel_ui};
pub use menu::menu_bar_ui;
pub use paragraphs::{paragraph_ui, paragraphs_ui, table_grid_ui};
pub use plan_panel::{findings_ui, outline_ui, plan_panel_ui, search_ui};
pub use status::status_bar_ui;
pub use targets::{target_list_ui, targets_panel_ui};
pub use tiles::{tile_dialog_ui, tile_status_text};

/// The tab bar of the right panel: 图层 · 要素 · 指标 · 标注 · 场景 · 评估.
pub fn right_tabs_ui(ui: &mut egui::Ui, state: &crate::state::AppState) -> Option<crate::action::Action> {
    use crate::action::{Action, RightTab};
    use crate::i18n::{Key, tr};
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        for (tab, key) in [
            (RightTab::Layers, Key::TabLayers),
            (RightTab::Feature, Key::TabFeature),
            (RightTab::Targets, Key::TabTargets),
            (RightTab::Annotations, Key::TabAnnotations),
            (RightTab::Scenes, Key::TabScenes),
            (RightTab::Evaluation, Key::Eval(crate::i18n::EvalKey::Tab)),
        ] {
            let text = egui::RichText::new(tr(state.lang, key)).size(16.0);
            if ui.selectable_label(state.right_tab == tab, text).clicked() {
                action = Some(Action::SetRightTab(tab));
            }
        }
    });
    ui.separator();
    action
}

/// Keeps the first action of a frame: `first.or(next)` semantics for `Option<Action>`.
pub(crate) fn merge(into: &mut Option<crate::action::Action>, next: Option<crate::action::Action>) {
    if into.is_none() {
        *into = next;
    }
}
