//! The left panel: search box, outline (前言, chapters → sections → 专栏 / 表),
//! self-check findings, and the text of the shown element below.

use egui::collapsing_header::CollapsingState;
use egui::{Button, RichText, ScrollArea, TextEdit, Ui};

use super::layers::{AtlasData, feature_name};
use super::merge;
use super::style::severity_badge;
use crate::action::Action;
use crate::catalogue::search_features;
use crate::evaluation::StatusEntry;
use crate::i18n::{Key, Lang, tr};
use crate::plan::Plan;
use crate::state::{AppState, chapter_of};

/// Search box with hit counter and ↑/↓. Typing searches; Enter jumps to the next hit,
/// Shift+Enter to the previous one.
pub fn search_ui(ui: &mut Ui, state: &AppState) -> Option<Action> {
    let lang = state.lang;
    let mut action = None;
    ui.horizontal(|ui| {
        let label = ui.label(tr(lang, Key::Search));
        let mut query = state.search_query.clone();
        let counter_width = 150.0;
        let edit = TextEdit::singleline(&mut query)
            .id_salt("plan-search")
            .hint_text(tr(lang, Key::SearchHint))
            .desired_width((ui.available_width() - counter_width).max(80.0));
        let response = ui.add(edit).labelled_by(label.id);
        if response.changed() {
            action = Some(Action::Search(query.clone()));
        } else if response.lost_focus() {
            use super::shortcuts::{Command, pressed};
            // Shift+Enter first: Enter's entry matches it too.
            let asked = ui.input(|i| {
                if pressed(i, Command::SearchPrev) {
                    Some(Action::PrevHit)
                } else if pressed(i, Command::SearchNext) {
                    Some(Action::NextHit)
                } else {
                    None
                }
            });
            if let Some(asked) = asked {
                action = Some(asked);
                response.request_focus();
            }
        }
        let n = state.hits.len();
        let enabled = n > 0;
        if ui
            .add_enabled(enabled, Button::new("↑"))
            .on_hover_text(tr(lang, Key::PrevHit))
            .clicked()
        {
            action = Some(Action::PrevHit);
        }
        if ui
            .add_enabled(enabled, Button::new("↓"))
            .on_hover_text(tr(lang, Key::NextHit))
            .clicked()
        {
            action = Some(Action::NextHit);
        }
        if !state.search_query.trim().is_empty() {
            let text = match state.hit_index {
                Some(k) if n > 0 => format!("{}/{}", k + 1, n),
                _ if n > 0 => format!("–/{n}"),
                _ => tr(lang, Key::NoHits).to_string(),
            };
            ui.label(RichText::new(text).monospace());
        }
    });
    action
}

/// One entry of the outline: a selectable label, selected when it is the shown element.
fn entry_ui(ui: &mut Ui, state: &AppState, id: &str, text: String) -> Option<Action> {
    let selected = state.shown.as_deref() == Some(id);
    ui.add(Button::selectable(selected, text).wrap())
        .clicked()
        .then(|| Action::Show(id.to_string()))
}

/// The outline tree. A chapter opens when its title is clicked or when the shown
/// element lies in it (after a jump); its arrow folds it.
///
/// With any project status set (`statuses`, issue 15), each 专栏 shows its projects'
/// status counts under its title.
pub fn outline_ui(ui: &mut Ui, plan: &Plan, state: &AppState, statuses: &[StatusEntry]) -> Option<Action> {
    let column_entry = |ui: &mut Ui, id: &str, title: String| {
        let action = entry_ui(ui, state, id, title);
        if !statuses.is_empty() {
            let counts = super::project_status::column_counts_text(state.lang, plan, statuses, id);
            ui.label(RichText::new(format!("    {counts}")).small().weak());
        }
        action
    };
    let mut action = None;
    if !plan.preface.is_empty() {
        merge(&mut action, entry_ui(ui, state, "preface", "前言".to_string()));
    }
    let shown_chapter = state.shown.as_deref().and_then(|id| chapter_of(plan, id));
    for ch in &plan.chapters {
        let id = ui.make_persistent_id(("outline", &ch.id));
        let mut collapsing = CollapsingState::load_with_default_open(ui.ctx(), id, false);
        if state.reveal_in_outline && shown_chapter.as_deref() == Some(ch.id.as_str()) {
            collapsing.set_open(true);
        }
        let mut clicked = None;
        let mut header = collapsing.show_header(ui, |ui| {
            clicked = entry_ui(ui, state, &ch.id, format!("{} {}", ch.label, ch.title));
        });
        if clicked.is_some() {
            header.set_open(true);
        }
        merge(&mut action, clicked);
        header.body(|ui| {
            for s in &ch.sections {
                merge(
                    &mut action,
                    entry_ui(ui, state, &s.id, format!("{} {}", s.label, s.title)),
                );
                if s.boxes.is_empty() && s.tables.is_empty() {
                    continue;
                }
                ui.indent(("children", &s.id), |ui| {
                    for t in &s.tables {
                        if let Some(title) = plan.title_of(t) {
                            merge(&mut action, entry_ui(ui, state, t, title));
                        }
                    }
                    for b in &s.boxes {
                        if let Some(title) = plan.title_of(b) {
                            merge(&mut action, column_entry(ui, b, title));
                        }
                    }
                });
            }
            // Columns and tables that stand in the chapter but outside any section.
            for b in plan.boxes.iter().filter(|b| b.chapter == ch.id && b.section.is_none()) {
                merge(
                    &mut action,
                    column_entry(ui, &b.id, plan.title_of(&b.id).unwrap_or_default()),
                );
            }
            for t in plan.tables.iter().filter(|t| t.chapter == ch.id && t.section.is_none()) {
                merge(
                    &mut action,
                    entry_ui(ui, state, &t.id, plan.title_of(&t.id).unwrap_or_default()),
                );
            }
        });
    }
    action
}

/// The self-check findings, by severity; clicking one with references shows its first.
pub fn findings_ui(ui: &mut Ui, plan: &Plan, lang: Lang) -> Option<Action> {
    let mut action = None;
    let title = format!("{} ({})", tr(lang, Key::Findings), plan.findings.len());
    egui::CollapsingHeader::new(title)
        .id_salt("findings")
        .default_open(false)
        .show(ui, |ui| {
            for f in &plan.findings {
                ui.horizontal_top(|ui| {
                    let (text, fill) = severity_badge(lang, f.severity);
                    super::style::badge(ui, text, fill, if lang == Lang::En { 70.0 } else { 36.0 });
                    let message = match lang {
                        Lang::Zh => &f.message_zh,
                        Lang::En => &f.message_en,
                    };
                    let clickable = !f.refs.is_empty();
                    let response = ui.add(Button::new(message.as_str()).frame(false).wrap().sense(if clickable {
                        egui::Sense::click()
                    } else {
                        egui::Sense::hover()
                    }));
                    if clickable && response.clicked() {
                        action = f.refs.first().map(|r| Action::Show(r.clone()));
                    }
                });
            }
        });
    action
}

/// The whole left panel: title, search, outline and findings on top (scrolling),
/// the shown element's text below.
pub fn plan_panel_ui(ui: &mut Ui, plan: &Plan, state: &AppState, data: &AtlasData) -> Option<Action> {
    let mut action = None;
    ui.add_space(4.0);
    ui.heading(tr(state.lang, Key::PlanPanel));
    merge(&mut action, search_ui(ui, state));
    merge(&mut action, feature_hits_ui(ui, state, data));
    merge(&mut action, focus_bar_ui(ui, plan, state, data));
    ui.separator();
    let outline_height = (ui.available_height() * 0.38).max(120.0);
    ScrollArea::vertical()
        .id_salt("outline")
        .max_height(outline_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            merge(&mut action, outline_ui(ui, plan, state, &data.evaluation.statuses));
            ui.add_space(4.0);
            merge(&mut action, findings_ui(ui, plan, state.lang));
        });
    ui.separator();
    merge(&mut action, super::paragraphs_ui(ui, plan, state, data));
    action
}

/// What the map highlights for the focused plan element, a way to clear it, and the
/// layers to switch on when some of those features lie in hidden layers.
pub fn focus_bar_ui(ui: &mut Ui, plan: &Plan, state: &AppState, data: &AtlasData) -> Option<Action> {
    let focus = state.plan_focus.as_deref()?;
    if data.highlighted.is_empty() {
        return None;
    }
    let lang = state.lang;
    let mut action = None;
    let title = plan.title_of(focus).unwrap_or_else(|| focus.to_string());
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(crate::i18n::labelled(
                lang,
                tr(lang, Key::MapHighlights),
                &format!("{title} · {}", crate::i18n::feature_count(lang, data.highlighted.len())),
            ))
            .small()
            .color(super::style::FEATURE_LINE),
        );
        if ui.small_button(tr(lang, Key::ClearFocus)).clicked() {
            action = Some(Action::ClearPlanFocus);
        }
    });
    let mut hidden: Vec<crate::catalogue::Layer> = Vec::new();
    for &k in data.highlighted {
        let Some(f) = data.catalogue.features.get(k) else {
            continue;
        };
        let visible = state.layer(f.layer).is_some_and(|l| l.visible);
        if f.placed && !visible && !hidden.contains(&f.layer) {
            hidden.push(f.layer);
        }
    }
    if !hidden.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(tr(lang, Key::HiddenLayerFeatures)).small());
            for layer in hidden {
                let text = format!(
                    "{} {}",
                    tr(lang, Key::ShowLayer),
                    super::layers::layer_name(lang, layer)
                );
                if ui.small_button(text).clicked() {
                    action = Some(Action::SetLayerVisible(layer, true));
                }
            }
        });
    }
    action
}

/// The map features the search query finds (name, alias, qualifier or English name), above the
/// text hits; clicking one opens its card and frames it.
pub fn feature_hits_ui(ui: &mut Ui, state: &AppState, data: &AtlasData) -> Option<Action> {
    let hits = search_features(data.catalogue, &state.search_query);
    if hits.is_empty() {
        return None;
    }
    let lang = state.lang;
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(crate::i18n::counted(lang, tr(lang, Key::FeatureHits), hits.len())).strong());
        for k in hits.iter().take(12) {
            let f = &data.catalogue.features[*k];
            let selected = state.selected_feature.as_deref() == Some(f.id.as_str());
            let name = feature_name(lang, data.catalogue, *k);
            if ui.add(Button::selectable(selected, name)).clicked() {
                action = Some(Action::GoToFeature(f.id.clone()));
            }
        }
        if hits.len() > 12 {
            ui.label(RichText::new(format!("… +{}", hits.len() - 12)).weak());
        }
    });
    action
}
