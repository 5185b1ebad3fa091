//! The feature tab: the selected feature's card — names, category, precision badge,
//! divisions, where its position comes from — and every paragraph that mentions it,
//! with the name highlighted; each paragraph opens in the plan panel.

use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};
use egui::{Button, Color32, FontId, RichText, ScrollArea, Ui};

use super::layers::{AtlasData, feature_name, layer_name};
use super::style::{ACCENT, HIT_BG, badge};
use crate::action::Action;
use crate::basemap::Precision;
use crate::catalogue::Feature;
use crate::i18n::{Key, Lang, tr};
use crate::plan::Plan;
use crate::state::AppState;
use crate::symbology::feature_style;
use crate::symbology::tooltip::precision_text;

/// Badge text and colour of a feature's precision.
pub fn precision_badge(lang: Lang, feature: &Feature) -> (&'static str, Color32) {
    let colour = match (feature.placed, feature.precision()) {
        (false, _) | (true, None) => Color32::from_gray(120),
        (true, Some(Precision::Exact)) => Color32::from_rgb(0x2e, 0x7d, 0x32),
        (true, Some(Precision::Approximate)) => Color32::from_rgb(0x1e, 0x6f, 0xb8),
        (true, Some(Precision::District)) => Color32::from_rgb(0xb8, 0x5c, 0x1e),
        (true, Some(Precision::Schematic)) => Color32::from_rgb(0x8e, 0x24, 0xaa),
    };
    (precision_text(lang, feature), colour)
}

/// Up to `context` characters either side of the first range, with every range inside
/// the snippet marked; `…` where the text is cut.
pub fn snippet_job(text: &str, ranges: &[Range<usize>], context: usize, color: Color32) -> LayoutJob {
    let normal = TextFormat {
        font_id: FontId::proportional(13.5),
        color,
        ..TextFormat::default()
    };
    let marked = TextFormat {
        background: HIT_BG,
        color: Color32::BLACK,
        ..normal.clone()
    };
    let valid = |r: &Range<usize>| r.start <= r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end);
    let first = ranges.iter().find(|r| valid(r)).cloned().unwrap_or(0..0);
    let start = text[..first.start]
        .char_indices()
        .rev()
        .nth(context.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let end = text[first.end..]
        .char_indices()
        .nth(context)
        .map_or(text.len(), |(i, _)| first.end + i);
    let mut job = LayoutJob::default();
    if start > 0 {
        job.append("…", 0.0, normal.clone());
    }
    let mut at = start;
    for r in ranges.iter().filter(|r| valid(r) && r.start >= start && r.end <= end) {
        if r.start < at {
            continue;
        }
        job.append(&text[at..r.start], 0.0, normal.clone());
        job.append(&text[r.clone()], 0.0, marked.clone());
        at = r.end;
    }
    job.append(&text[at..end], 0.0, normal.clone());
    if end < text.len() {
        job.append("…", 0.0, normal);
    }
    job
}

fn row(ui: &mut Ui, key: &str, value: impl Into<egui::WidgetText>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(key).weak());
        ui.label(value);
    });
}

/// The feature's own 状态 control (issue 15), in a frame; without a status of its own,
/// the status of its column project that the map shows instead, if any.
fn feature_status_ui(ui: &mut Ui, lang: Lang, data: &AtlasData, f: &Feature) -> Option<Action> {
    use super::project_status::{status_badge, status_control_ui};
    let statuses = &data.evaluation.statuses;
    let own = data.evaluation.status(&f.id);
    let mut action = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        action = status_control_ui(ui, lang, &f.id, own);
        if own.is_none()
            && let Some(inherited) = crate::evaluation::status::effective_status(f, statuses)
        {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(tr(lang, Key::Status(crate::i18n::StatusKey::Inherited)))
                        .small()
                        .weak(),
                );
                status_badge(ui, lang, Some(inherited));
                let project = f
                    .plan_refs
                    .iter()
                    .find(|r| data.evaluation.status(r).is_some())
                    .cloned()
                    .unwrap_or_default();
                if ui.link(RichText::new(&project).small()).clicked() {
                    action = Some(Action::Show(project.clone()));
                }
            });
        }
    });
    action
}

/// The feature tab.
pub fn feature_card_ui(ui: &mut Ui, plan: &Plan, state: &AppState, data: &AtlasData) -> Option<Action> {
    let lang = state.lang;
    // A selected feature of an imported layer has its own card.
    if data.doc.selected_user_feature.is_some() {
        return super::document::user_feature_card_ui(ui, lang, data);
    }
    let Some((index, f)) = state
        .selected_feature
        .as_deref()
        .and_then(|id| data.catalogue.features.iter().enumerate().find(|(_, f)| f.id == id))
    else {
        ui.add_space(8.0);
        ui.label(RichText::new(tr(lang, Key::NoFeatureSelected)).weak());
        return None;
    };
    let mut action = None;
    ScrollArea::vertical()
        .id_salt("feature-card")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let other = match lang {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            };
            let primary = feature_name(lang, data.catalogue, index);
            let secondary = feature_name(other, data.catalogue, index);
            ui.label(RichText::new(primary).size(18.0).strong().color(ACCENT));
            ui.label(RichText::new(secondary).weak());
            ui.horizontal(|ui| {
                let style = feature_style(f);
                badge(
                    ui,
                    if lang == Lang::Zh { style.zh } else { style.en },
                    style.color.into(),
                    0.0,
                );
                let (text, fill) = precision_badge(lang, f);
                badge(ui, text, fill, 0.0);
                ui.label(RichText::new(layer_name(lang, f.layer)).small().weak());
            });
            ui.add_space(4.0);
            super::merge(&mut action, feature_status_ui(ui, lang, data, f));
            ui.add_space(4.0);
            if !f.aliases.is_empty() {
                row(ui, tr(lang, Key::FeatureAliases), f.aliases.join("、"));
            }
            if !f.divisions.is_empty() {
                let names: Vec<String> = f
                    .divisions
                    .iter()
                    .map(|c| (data.division_name)(*c).unwrap_or_else(|| c.to_string()))
                    .collect();
                row(ui, tr(lang, Key::FeatureDivisions), names.join("、"));
            }
            if let Some(column) = &f.column {
                let title = plan.title_of(column).unwrap_or_else(|| column.clone());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(tr(lang, Key::FeatureColumn)).weak());
                    if ui.link(title).clicked() {
                        action = Some(Action::Show(column.clone()));
                    }
                });
            }
            let source = match lang {
                Lang::Zh => &f.source_zh,
                Lang::En => &f.source,
            };
            row(ui, tr(lang, Key::FeatureSource), RichText::new(source).small());
            if !f.relies_on.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(tr(lang, Key::FeatureReliesOn)).weak());
                    for r in &f.relies_on {
                        if let Some(k) = data.catalogue.features.iter().position(|x| &x.id == r)
                            && ui.link(feature_name(lang, data.catalogue, k)).clicked()
                        {
                            action = Some(Action::SelectFeature(Some(r.clone())));
                        }
                    }
                });
            }
            ui.horizontal(|ui| {
                if f.placed && ui.button(tr(lang, Key::ShowOnMap)).clicked() {
                    action = Some(Action::FrameFeature(f.id.clone()));
                }
                if ui.button(tr(lang, Key::ClearSelection)).clicked() {
                    action = Some(Action::SelectFeature(None));
                }
            });
            super::merge(
                &mut action,
                super::annotation_editor::feature_annotations_ui(ui, lang, data.annotations, &f.id),
            );

            let targets = data.links.targets_of(plan, index);
            if !targets.is_empty() {
                ui.separator();
                ui.label(RichText::new(tr(lang, Key::FeatureTargets)).strong().color(ACCENT));
                // An indicator's verdict once, under the first of its targets listed.
                let mut assessed = Vec::new();
                for id in targets {
                    let Some(t) = plan.target(&id) else { continue };
                    let text = format!("{} {}{}", t.label, t.value_text, t.unit);
                    if ui.add(Button::selectable(false, text).wrap()).clicked() {
                        action = Some(Action::SelectTarget(id.clone()));
                    }
                    let indicator = crate::evaluation::indicator_of(plan, &id);
                    if indicator.as_ref().is_some_and(|i| !assessed.contains(i)) {
                        super::evaluation::latest_verdict_ui(ui, plan, lang, data.evaluation, &id);
                        assessed.extend(indicator);
                    }
                }
            }

            ui.separator();
            let mentions = data.links.mentions_of(index);
            ui.label(
                RichText::new(crate::i18n::counted(lang, tr(lang, Key::Mentions), mentions.len()))
                    .strong()
                    .color(ACCENT),
            );
            for m in mentions {
                let Some(p) = plan.paragraph(&m.paragraph) else {
                    continue;
                };
                let container = plan
                    .container_of(&p.id)
                    .and_then(|c| plan.title_of(c))
                    .unwrap_or_default();
                ui.add_space(2.0);
                if ui
                    .link(RichText::new(format!("{} · {container}", p.id)).small())
                    .clicked()
                {
                    action = Some(Action::Show(p.id.clone()));
                }
                let job = snippet_job(&p.text, &m.ranges, 60, ui.visuals().text_color());
                let r = ui.add(egui::Label::new(job).wrap().sense(egui::Sense::click()));
                if r.clicked() {
                    action = Some(Action::Show(p.id.clone()));
                }
            }
        });
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_marks_the_name_and_cuts_the_text_on_both_sides() {
        let text = "一二三四五六七八九十大连软件园一二三四五六七八九十";
        let start = text.find("大连软件园").expect("name");
        let name = start..start + "大连软件园".len();
        let job = snippet_job(text, std::slice::from_ref(&name), 3, Color32::BLACK);
        assert_eq!(job.text, "…八九十大连软件园一二三…");
        let marked: Vec<&str> = job
            .sections
            .iter()
            .filter(|s| s.format.background == HIT_BG)
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        assert_eq!(marked, vec!["大连软件园"]);
    }

    #[test]
    fn a_snippet_without_ranges_starts_at_the_beginning() {
        let job = snippet_job("甘井子区全面推进工业互联网建设", &[], 4, Color32::BLACK);
        assert_eq!(job.text, "甘井子区…");
    }
}
