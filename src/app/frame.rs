//! One frame of the window: [`AtlasApp::run_frame`] draws the bars, the side panels, the
//! map and the dialogs, each returning what the user asked for, and then applies those
//! actions through [`AtlasApp::apply`] — the one place that changes the atlas.

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{CentralPanel, MenuBar, Panel, Ui};

use super::screen_fit::{PLAN_PANEL_RANGE_PT, SidePanelWidths, TARGETS_PANEL_RANGE_PT};
use super::{AtlasApp, scene_actions};
use crate::action::{Action, DocAction, RightTab};
use crate::coords::CoordinateSystem;
use crate::i18n::{Key, Lang, tr};
use crate::map::plan::{LegendTexts, plan_legend, status_legend};
use crate::map::{self, BasemapCache, MapLayers, PlanLayerCache, PlanLayerView};
use crate::plan::Plan;
use crate::symbology::describe_feature;
use crate::ui::{self, document::DocInfo};

/// What the map panel reports to the rest of the frame.
struct MapFrame {
    /// The map's rectangle.
    rect: egui::Rect,
    /// What the annotation layer saw (clicks, drawing), handled after the dialogs.
    annotation_events: Vec<map::annotations::AnnotationEvent>,
    /// The map transform the annotation layer drew with.
    annotation_screen: Option<map::annotations::GeoScreen>,
}

impl AtlasApp {
    /// Draws one frame into `ui` (the whole window) and applies what the user did.
    pub fn run_frame(&mut self, ui: &mut Ui) {
        let mut actions = self.start_frame(ui.ctx());
        let doc_info = self.doc_info();
        if self.presenting.is_some() {
            hide_idle_pointer(ui.ctx());
        }
        actions.extend(self.bars_ui(ui, &doc_info));
        let highlighted = self.highlighted_features();
        actions.extend(self.side_panels_ui(ui, &doc_info, &highlighted));
        let map = self.map_panel_ui(ui, &highlighted, &mut actions);
        let prompt_answer = self.map_overlays_ui(ui.ctx(), &map, &mut actions);
        actions.extend(self.dialogs_ui(ui.ctx(), &doc_info));
        actions.extend(self.presenter_view_frame(ui.ctx()));
        self.file_dialog_ui(ui.ctx());
        // What was drawn or picked on the map goes first, then the rest of the frame.
        let mut first = self.annotation_events(map.annotation_events, map.annotation_screen, &mut actions);
        if let Some(keep) = prompt_answer {
            first.extend(self.finish_text_prompt(keep));
        }
        first.append(&mut actions);
        let actions = first;
        // One-shot requests of the last frame have been seen by this one.
        let _ = self.apply(Action::FrameDone);
        if !actions.is_empty() {
            for action in actions {
                // An error is kept in `state.notice` and shown in the status bar.
                let _ = self.apply(action);
            }
            ui.ctx().request_repaint();
        }
    }

    /// Before drawing: finished background work, the tile layer, the project's own
    /// frame work (autosave, title, close requests) and framing that waited for the map.
    fn start_frame(&mut self, ctx: &egui::Context) -> Vec<Action> {
        self.screen_fit.frame(ctx);
        self.poll_official_job(ctx);
        self.poll_image_export(ctx);
        self.poll_print(ctx);
        self.poll_report_job();
        self.sync_tile_layer(ctx);
        let mut actions: Vec<Action> = Vec::new();
        if self.presenting.is_none() {
            actions.extend(ui::shortcuts::panel_shortcuts(ctx));
        }
        self.document_frame(ctx, &mut actions);
        // “已保存：…” is a current fact only while the title has no `*`.
        if self.state.notice_saved && self.document.is_dirty() {
            self.state.notice = None;
            self.state.notice_saved = false;
        }
        // Framing needs the map's size: a request before the first frame (`--show`)
        // waits for it.
        if self.map_rect.is_some() {
            if let Some(target) = self.frame_pending.take() {
                self.frame_features(&target);
            }
        } else if self.frame_pending.is_some() {
            ctx.request_repaint();
        }
        actions
    }

    /// The menu and status bars, or presenter mode's title and caption bars.
    fn bars_ui(&mut self, ui: &mut Ui, doc_info: &DocInfo) -> Vec<Action> {
        let plan = Arc::clone(&self.plan);
        let state = &self.state;
        let lang = state.lang;
        let presenting = self.presenting;
        let mut actions = Vec::new();
        if let Some(p) = presenting {
            actions.extend(presenter_frame(
                ui,
                &plan,
                &self.document.project.scenes,
                self.current_scene,
                p,
                lang,
            ));
        } else {
            Panel::top("menu-bar").show(ui, |ui| {
                MenuBar::new().ui(ui, |ui| actions.extend(ui::menu_bar_ui(ui, state, doc_info)));
            });
        }
        if state.show_status && presenting.is_none() {
            // The status bar names what the card shows: a selected feature or annotation
            // before the division the same click selected.
            let selection = self.selection_name(lang);
            let division = state
                .selected_division
                .filter(|_| selection.is_none())
                .and_then(|a| self.basemap.divisions.iter().find(|d| d.adcode == a))
                .map(|d| {
                    let name = if lang == Lang::Zh { &d.name_zh } else { &d.name_en };
                    let schematic = if d.precision == crate::basemap::Precision::Schematic {
                        tr(lang, Key::SchematicMark)
                    } else {
                        ""
                    };
                    format!(
                        "{name} · {} · {} {:.0} km²{schematic}",
                        d.adcode,
                        tr(lang, Key::AreaAbout),
                        d.area_km2
                    )
                });
            Panel::bottom("status-bar").show(ui, |ui| {
                let selected = selection.or(division);
                actions.extend(ui::status_bar_ui(ui, &plan, state, selected.as_deref(), doc_info))
            });
        }
        actions
    }

    /// The plan panel on the left, the tabbed panel on the right, and during a show the
    /// clicked feature's floating card.
    fn side_panels_ui(&mut self, ui: &mut Ui, doc_info: &DocInfo, highlighted: &[usize]) -> Vec<Action> {
        let plan = Arc::clone(&self.plan);
        let state = &self.state;
        let lang = state.lang;
        let presenting = self.presenting;
        let mut actions = Vec::new();
        let division_name = |adcode: u32| {
            self.basemap.division(adcode).map(|d| match lang {
                Lang::Zh => d.name_zh.clone(),
                Lang::En => d.name_en.clone(),
            })
        };
        let data = ui::AtlasData {
            evaluation: &self.document.project.evaluation,
            catalogue: &self.catalogue,
            links: &self.links,
            division_name: &division_name,
            city_wide: &self.plan_cache.city_wide,
            highlighted,
            doc: doc_info,
            annotations: &self.document.project.annotations,
            user_layers: &self.document.project.user_layers,
            scenes: &self.document.project.scenes,
        };
        // Panels shown for the first time start at the widths for this window; at start
        // (and once the window fits the monitor) they take the fitted widths, then keep
        // the widths the user drags them to.
        let widths = SidePanelWidths::for_window(ui.ctx().content_rect().width());
        let fitted = self.screen_fit.panels.take();
        if state.show_plan && presenting.is_none() {
            Panel::left("plan-panel")
                .resizable(true)
                .size_range(PLAN_PANEL_RANGE_PT.0..=PLAN_PANEL_RANGE_PT.1)
                .default_size(widths.plan_pt)
                .exact_size_once(fitted.map(|w| w.plan_pt))
                .show(ui, |ui| actions.extend(ui::plan_panel_ui(ui, &plan, state, &data)));
        }
        let annotation_editor = &mut self.annotation_editor;
        let (actuals_editor, evaluation_view) = (&mut self.actuals_editor, &mut self.evaluation_view);
        let evaluation = &self.document.project.evaluation;
        if state.show_targets && presenting.is_none() {
            Panel::right("targets-panel")
                .resizable(true)
                .size_range(TARGETS_PANEL_RANGE_PT.0..=TARGETS_PANEL_RANGE_PT.1)
                .default_size(widths.targets_pt)
                .exact_size_once(fitted.map(|w| w.targets_pt))
                .show(ui, |ui| {
                    actions.extend(ui::right_tabs_ui(ui, state));
                    match state.right_tab {
                        RightTab::Layers => actions.extend(ui::layers_panel_ui(ui, &plan, state, &data)),
                        RightTab::Feature => actions.extend(ui::feature_card_ui(ui, &plan, state, &data)),
                        RightTab::Scenes => actions.extend(ui::scenes::scenes_panel_ui(ui, lang, &data)),
                        RightTab::Evaluation => actions.extend(ui::evaluation::evaluation_panel_ui(
                            ui,
                            &plan,
                            lang,
                            evaluation,
                            evaluation_view,
                        )),
                        RightTab::Annotations => actions.extend(ui::annotation_editor::annotations_panel_ui(
                            ui,
                            &plan,
                            state,
                            &data,
                            annotation_editor,
                        )),
                        RightTab::Targets => {
                            let linked: Vec<ui::targets::LinkedFeature> = state
                                .selected_target
                                .as_deref()
                                .map(|t| self.links.features_of(&plan, t))
                                .unwrap_or_default()
                                .into_iter()
                                .filter_map(|k| self.catalogue.features.get(k).map(|f| (k, f)))
                                .map(|(k, f)| ui::targets::LinkedFeature {
                                    id: f.id.clone(),
                                    name: ui::layers::feature_name(lang, &self.catalogue, k),
                                    layer: ui::layers::layer_name(lang, f.layer).to_string(),
                                })
                                .collect();
                            actions.extend(ui::targets_panel_ui(
                                ui,
                                &plan,
                                state,
                                &linked,
                                &self.document.project.annotations,
                                Some(ui::targets::EvaluationInput {
                                    evaluation,
                                    editor: actuals_editor,
                                }),
                            ));
                        }
                    }
                });
        }
        if presenting.is_some_and(|p| p.wandered)
            && (state.selected_feature.is_some() || self.selected_user_feature.is_some())
        {
            // Live questions during a show: the clicked feature's card floats over the map.
            egui::Window::new(tr(lang, Key::TabFeature))
                .id(egui::Id::unique("presenter-feature-card"))
                // Below the title bar and its counter, left of the north arrow.
                .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-60.0, 96.0))
                .default_width(440.0)
                .max_height(ui.ctx().content_rect().height() * 0.6)
                .collapsible(false)
                .resizable(false)
                .show(ui.ctx(), |ui| {
                    actions.extend(ui::feature_card_ui(ui, &plan, state, &data))
                });
        }
        actions
    }

    /// The map with its layers; clicks on it become actions. Caches follow the display
    /// datum and the imported layers here, never more often than they change.
    fn map_panel_ui(&mut self, ui: &mut Ui, highlighted: &[usize], actions: &mut Vec<Action>) -> MapFrame {
        let state = &self.state;
        let lang = state.lang;
        let presenting = self.presenting;
        let fit = !self.map_fitted;
        let display = self
            .tile_layer
            .as_ref()
            .map_or(CoordinateSystem::Wgs84, |t| t.coordinate_system());
        if self.basemap_cache.display != display {
            self.basemap_cache = BasemapCache::new(&self.basemap, display);
            self.plan_cache = PlanLayerCache::new(&self.catalogue, &self.feature_shapes, &self.basemap, display);
        }
        self.sync_status_styling();
        let state = &self.state;
        let selected_feature = state
            .selected_feature
            .as_deref()
            .and_then(|id| self.catalogue.features.iter().position(|f| f.id == id));
        let schematic = tr(lang, Key::SchematicMark);
        let (catalogue, basemap) = (&self.catalogue, &self.basemap);
        let describe = |k: usize| describe_feature(lang, catalogue, basemap, k);
        let zone_fill = self.zone_fill().map(|(fill, _, _)| fill);
        let plan_view = PlanLayerView {
            area_fills: zone_fill.is_none(),
            catalogue: &self.catalogue,
            cache: &self.plan_cache,
            layers: &state.layers,
            selected: selected_feature,
            highlighted,
            chinese: lang == Lang::Zh,
            schematic,
            describe: &describe,
            status: state.status_styling.then_some(&self.status_styling),
        };
        let legend_texts = LegendTexts {
            approximate: tr(lang, Key::LegendApproximate).to_string(),
            district: tr(lang, Key::LegendDistrict).to_string(),
        };
        // Imported layers: project and triangulate only what changed (not per frame).
        self.user_cache.sync(&self.document.project.user_layers, display);
        let user_view = map::UserLayersView {
            cache: &self.user_cache,
            layers: &self.document.project.user_layers,
            selected: self.selected_user_feature,
            visible: None,
            big: map::user::BigLayers::Background(self.user_raster.shown()),
        };
        // Imported layers lie on top, so their rows come first.
        let mut legend_rows = map::user::user_legend(&user_view);
        // The legend lists what the map draws, as far as known before drawing it: the
        // last frame's rect and the view now; nothing is left out while the map is being
        // fitted to the city. Should the map move or resize while drawing, the frame is
        // redrawn (below) so the legend catches up.
        let legend_frame = self.map_rect.filter(|_| !fit).map(|rect| (self.map_view(), rect));
        let legend_to_screen = legend_frame.map(|((centre_lon_lat, zoom), rect)| {
            (
                map::lod::ScreenFromMercator::new(zoom, centre_lon_lat, rect.center()),
                rect,
            )
        });
        let in_view = legend_to_screen.as_ref().map(|(to_screen, rect)| (to_screen, *rect));
        if plan_view.status.is_some() {
            legend_rows.extend(status_legend(
                &plan_view,
                tr(lang, Key::Status(crate::i18n::StatusKey::Unset)),
                in_view,
            ));
        } else {
            legend_rows.extend(plan_legend(&plan_view, &legend_texts, in_view));
        }
        self.map_legend = legend_rows.iter().map(|r| r.text.clone()).collect();
        let default_style = crate::model::Style::default();
        let mut annotation_output = map::annotations::AnnotationOutput::default();
        let annotation_plugin = map::AnnotationPlugin {
            annotations: &self.document.project.annotations,
            selected: self.selected_annotation,
            sketch: &mut self.sketch,
            tool: self.tool,
            display,
            default_style: &default_style,
            output: &mut annotation_output,
        };
        let view = MapLayers {
            basemap: &self.basemap,
            cache: &self.basemap_cache,
            texts: map::basemap_texts(lang),
            overlay: map::OverlayTexts {
                legend_pinned: state.legend_pinned,
                ..map::overlay_texts(lang, legend_rows, state.show_legend, true)
            },
            selected_division: state.selected_division,
            zone_fill: zone_fill.as_ref(),
            plan: Some(plan_view),
            user: Some(user_view),
            annotations: Some(annotation_plugin),
            tooltips: presenting.is_none(),
        };
        let map_memory = &mut self.map_memory;
        let (tiles, opacity) = (self.tile_layer.as_mut(), state.tiles.opacity);
        let (events, map_rect) = CentralPanel::no_frame()
            .show(ui, |ui| {
                let rect = ui.available_rect_before_wrap();
                (map::map_ui(ui, map_memory, view, fit, tiles, opacity), rect)
            })
            .inner;
        let annotation_events = std::mem::take(&mut annotation_output.events);
        // A click that selected or made an annotation is not also a click on what lies
        // under it; while drawing, clicks place vertices.
        let annotation_took_click = self.tool != map::annotations::Tool::Select
            || annotation_events.iter().any(|e| {
                matches!(
                    e,
                    map::annotations::AnnotationEvent::Selected(Some(_))
                        | map::annotations::AnnotationEvent::Created(_)
                )
            });
        if events.legend_clicked {
            actions.push(Action::SetLegendOpen(!events.legend_open));
        }
        if let Some(clicked) = events.clicked
            && !annotation_took_click
        {
            let adcode = clicked.and_then(|i| self.basemap.divisions.get(i)).map(|d| d.adcode);
            actions.push(Action::SelectDivision(adcode));
            let feature = events
                .clicked_feature
                .and_then(|k| self.catalogue.features.get(k))
                .map(|f| f.id.clone());
            actions.push(Action::SelectFeature(feature));
            actions.push(Action::Document(DocAction::SelectUserFeature(
                events.clicked_user_feature,
            )));
        }
        self.hovered_division = events.hovered_division;
        self.hovered_feature = events.hovered_feature;
        self.hovered_user_feature = events.hovered_user_feature;
        self.map_rect = Some(map_rect);
        if legend_frame.is_some_and(|frame| frame != (self.map_view(), map_rect)) {
            ui.ctx().request_repaint();
        }
        self.map_to_screen = events.to_screen;
        if let Some(to_screen) = events.to_screen {
            // Big layers: ask for an image of the view just shown, when it is not drawn yet.
            let user_view = map::UserLayersView {
                cache: &self.user_cache,
                layers: &self.document.project.user_layers,
                selected: self.selected_user_feature,
                visible: None,
                big: map::user::BigLayers::Shapes,
            };
            self.user_raster.update(ui.ctx(), &user_view, &to_screen, map_rect);
        }
        self.map_labels = events.labels.iter().map(|l| l.text.clone()).collect();
        self.placed_labels = events.labels;
        self.map_fitted = true;
        MapFrame {
            rect: map_rect,
            annotation_events,
            annotation_screen: annotation_output.screen,
        }
    }

    /// Over the map: presenter mode's black screen, the drawing tools, the ruler's readout
    /// and the prompt for a text label's text (its answer, if given this frame).
    fn map_overlays_ui(&mut self, ctx: &egui::Context, map: &MapFrame, actions: &mut Vec<Action>) -> Option<bool> {
        let map_rect = map.rect;
        let lang = self.state.lang;
        let presenting = self.presenting;
        if let Some(p) = presenting
            && p.black
        {
            egui::Area::new(egui::Id::unique("presenter-black"))
                .order(egui::Order::Foreground)
                .fixed_pos(egui::Pos2::ZERO)
                .show(ctx, |ui| {
                    let rect = ctx.content_rect();
                    ui.painter().rect_filled(rect, 0.0, egui::Color32::BLACK);
                    ui.allocate_rect(rect, egui::Sense::hover());
                });
        }
        if let Some(frame) = self.image_frame_preview() {
            paint_image_frame(ctx, map_rect, self, frame, lang);
        }
        let mut covered = Vec::new();
        if presenting.is_none() {
            let tools = egui::Area::new(egui::Id::unique("map-tools"))
                .order(egui::Order::Middle)
                // Under the north arrow, on the right edge (the legend holds the left).
                .fixed_pos(map_rect.right_top() + egui::vec2(-10.0, 72.0))
                .pivot(egui::Align2::RIGHT_TOP)
                .show(ctx, |ui| {
                    actions.extend(ui::toolbar::map_toolbar_ui(ui, lang, self.tool))
                });
            covered.push(tools.response.rect);
        }
        if let Some((_, title, rows)) = self.zone_fill() {
            covered.push(ui::attribute_table::choropleth_legend_ui(ctx, map_rect, &title, &rows));
        }
        if let Some((asked, rect)) = self.ruler_readout_ui(ctx, map_rect, map.annotation_screen.as_ref()) {
            actions.extend(asked);
            covered.push(rect);
        }
        // The map's labels keep off the tools next frame.
        ctx.data_mut(|d| d.insert_temp(crate::map::plugin::covered_by_window_id(), covered));
        self.pending_text.as_mut().and_then(|pending| {
            let pos = pending.pos_in_ui.unwrap_or(map_rect.center());
            ui::toolbar::text_prompt_ui(ctx, lang, pos, &mut pending.text)
        })
    }

    /// The dialogs and windows over everything, and the tile layer's status.
    fn dialogs_ui(&mut self, ctx: &egui::Context, doc_info: &DocInfo) -> Vec<Action> {
        self.prepare_table();
        let table_selected = self.table_selected();
        let plan = Arc::clone(&self.plan);
        let state = &self.state;
        let lang = state.lang;
        let presenting = self.presenting;
        let mut actions = Vec::new();
        actions.extend(ui::about_ui(ctx, &plan, state, &self.basemap.attributions));
        actions.extend(ui::problems::problems_ui(ctx, lang, state.problem.as_ref()));
        actions.extend(ui::guide::guide_ui(ctx, lang, state.guide_open));
        actions.extend(ui::shortcuts::shortcuts_ui(ctx, lang, state.shortcuts_open));
        actions.extend(ui::document::recovery_dialog_ui(ctx, lang, doc_info));
        actions.extend(ui::document::unsaved_dialog_ui(ctx, lang, doc_info));
        actions.extend(ui::changed_on_disk::changed_on_disk_dialog_ui(ctx, lang, doc_info));
        actions.extend(ui::tile_dialog_ui(ctx, state));
        if presenting.is_none()
            && let Some(table) = self.attribute_table.as_mut()
        {
            let features = super::attribute_table::features_of(&self.document.project, &table.window.subject);
            actions.extend(ui::attribute_table::attribute_table_ui(
                ctx,
                lang,
                &mut table.window,
                &features,
                table_selected,
            ));
        }
        if let Some(dialog) = self.image_dialog.as_mut()
            && presenting.is_none()
        {
            actions.extend(ui::image_export::image_export_dialog_ui(
                ctx,
                lang,
                dialog,
                self.document.project.scenes.len(),
                self.image_export.is_some(),
                self.tile_layer.is_some() && state.tiles.opacity > 0.0,
            ));
        }
        if let Some(dialog) = self.print_dialog.as_mut()
            && presenting.is_none()
        {
            actions.extend(ui::print::print_dialog_ui(
                ctx,
                lang,
                dialog,
                self.document.project.scenes.len(),
                self.print_export.is_some(),
            ));
        }
        if let Some(dialog) = self.import_flow.dialog.as_mut()
            && presenting.is_none()
        {
            actions.extend(ui::import_dialog::import_dialog_ui(ctx, lang, dialog));
        }
        if let Some(layer) = &self.tile_layer {
            let status = layer.status(Instant::now());
            if status != state.tile_status {
                actions.push(Action::TileStatusChanged(status));
            }
            if layer.waiting() {
                // Tiles are wanted: look again soon, so a stall shows without user input.
                ctx.request_repaint_after(Duration::from_millis(500));
            }
        }

        actions
    }
}

/// A side panel that takes an exact width for one frame (the fitted width at start) and
/// otherwise keeps its range and the user's width.
trait ExactSizeOnce: Sized {
    fn exact_size_once(self, width_pt: Option<f32>) -> Self;
}

impl ExactSizeOnce for Panel {
    fn exact_size_once(self, width_pt: Option<f32>) -> Self {
        match width_pt {
            Some(w) => self.exact_size(w),
            None => self,
        }
    }
}

/// While the image dialog is open: the part of the map the image shows, outlined, and
/// the rest dimmed, on the map (under the dialog).
fn paint_image_frame(
    ctx: &egui::Context,
    map_rect: egui::Rect,
    app: &AtlasApp,
    (west, south, east, north): crate::model::LonLatBox,
    lang: Lang,
) {
    let (Some(a), Some(b)) = (
        app.map_pos_of_lon_lat([west, north]),
        app.map_pos_of_lon_lat([east, south]),
    ) else {
        return;
    };
    let frame = egui::Rect::from_two_pos(a, b);
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Background,
        egui::Id::unique("image-frame"),
    ));
    let painter = painter.with_clip_rect(map_rect);
    let dim = egui::Color32::from_black_alpha(70);
    for r in [
        egui::Rect::from_min_max(map_rect.min, egui::pos2(map_rect.max.x, frame.min.y)),
        egui::Rect::from_min_max(egui::pos2(map_rect.min.x, frame.max.y), map_rect.max),
        egui::Rect::from_min_max(
            egui::pos2(map_rect.min.x, frame.min.y),
            egui::pos2(frame.min.x, frame.max.y),
        ),
        egui::Rect::from_min_max(
            egui::pos2(frame.max.x, frame.min.y),
            egui::pos2(map_rect.max.x, frame.max.y),
        ),
    ] {
        let r = r.intersect(map_rect);
        if r.is_positive() {
            painter.rect_filled(r, 0.0, dim);
        }
    }
    let accent = egui::Color32::from_rgb(0x0b, 0x4f, 0x9c);
    painter.rect_stroke(frame, 0.0, egui::Stroke::new(2.0, accent), egui::StrokeKind::Middle);
    // The name inside the frame's visible part (the frame may reach beyond the map).
    let visible = frame.intersect(map_rect);
    painter.text(
        visible.left_bottom() + egui::vec2(8.0, -8.0),
        egui::Align2::LEFT_BOTTOM,
        tr(lang, Key::Output(crate::i18n::OutputKey::ImageFrame)),
        egui::FontId::proportional(13.0),
        accent,
    );
}

/// In presenter mode the mouse pointer disappears after [`POINTER_IDLE_S`] without
/// moving (it would sit on the slide), and comes back when it moves.
fn hide_idle_pointer(ctx: &egui::Context) {
    let idle = ctx.input(|i| i.pointer.time_since_last_movement());
    if idle >= POINTER_IDLE_S {
        ctx.set_cursor_icon(egui::CursorIcon::None);
    } else {
        ctx.request_repaint_after(Duration::from_secs_f32(POINTER_IDLE_S - idle + 0.05));
    }
}

/// Seconds without movement after which presenter mode hides the pointer.
const POINTER_IDLE_S: f32 = 2.0;

/// Presenter mode's bars: the clicker's keys, the scene title and counter on top, the
/// linked target or plan text below (a target wins: it is what the scene is about).
fn presenter_frame(
    ui: &mut Ui,
    plan: &Plan,
    scenes: &[crate::model::Scene],
    current: Option<usize>,
    presenting: scene_actions::Presenting,
    lang: Lang,
) -> Vec<Action> {
    use ui::presenter::PresenterColours;
    let actions: Vec<Action> = ui::presenter::presenter_keys(ui.ctx())
        .into_iter()
        .map(|p| Action::Document(DocAction::Present(p)))
        .collect();
    let index = current.unwrap_or(0);
    let Some(scene) = scenes.get(index) else {
        return actions;
    };
    let colours = PresenterColours::new(presenting.dark);
    let frame = egui::Frame::new()
        .fill(colours.bar)
        .inner_margin(egui::Margin::symmetric(24, 10));
    Panel::top("presenter-title").frame(frame).show(ui, |ui| {
        ui::presenter::presenter_title_ui(ui, lang, &scene.title, index, scenes.len(), colours);
    });
    let (caption, source, value) = ui::presenter::presenter_caption(plan, scene);
    if !caption.is_empty() || !source.is_empty() {
        Panel::bottom("presenter-caption").frame(frame).show(ui, |ui| {
            ui::presenter::presenter_caption_ui(ui, &caption, &source, value, colours);
        });
    }
    actions
}
