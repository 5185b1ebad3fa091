//! The app's handling of scenes (issue 6): making one from what the window shows,
//! showing one (layers, plan text, target, highlights, selection and an animated camera
//! move), and the undoable scene edits.

use super::AtlasApp;
use crate::action::{Action, DocAction, PresentAction, RightTab};
use crate::map::camera::{CameraView, Flight};
use crate::model::MapView;
use crate::model::history::Edit;
use crate::model::{Scene, starter_scenes};

/// Presenter mode's state (the scene is the app's current scene).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Presenting {
    /// Dark captions.
    pub dark: bool,
    /// The screen is blacked out.
    pub black: bool,
    /// The presenter panned, zoomed or clicked since the scene was shown: the next
    /// “next” returns to the scene instead of going on.
    pub wandered: bool,
    /// The presenter view (notes, next scene, timer) is open.
    pub notes: bool,
    /// When the show began (for the presenter view's timer).
    pub started: Option<std::time::Instant>,
}

/// The interface scale in presenter mode: the map furniture (legend, scale bar,
/// labels) and the cards grow for the back of a meeting room.
pub const PRESENTER_ZOOM: f32 = 1.3;

impl AtlasApp {
    /// The map's view now, in WGS-84 (`None` before the first frame).
    pub(super) fn view_now(&self) -> Option<MapView> {
        self.map_rect?;
        let (lon_lat, zoom) = self.map_view();
        let [lon, lat] = self.basemap_cache.display.to_wgs84(lon_lat);
        Some(MapView { lon, lat, zoom })
    }

    /// What the map shows now, `(west, south, east, north)` in WGS-84 (`None` before the
    /// first frame).
    pub(super) fn extent_now(&self) -> Option<crate::model::LonLatBox> {
        let rect = self.map_rect?;
        let view = self.view_now()?;
        Some(crate::model::view::extent_of_view(
            view,
            f64::from(rect.width()),
            f64::from(rect.height()),
        ))
    }

    /// A scene of what the window shows now: view and extent, plan layers, imported
    /// layers' visibility, the selected feature, the highlighted plan element, the text
    /// shown and the selected target.
    pub(super) fn scene_from_view(&self, title: String) -> Option<Scene> {
        let mut scene = Scene::new(title, self.view_now()?);
        // What the scene is about, not the panel's shape: the highlighted or selected
        // features, else the land in view. A view wider than the world (zoomed far out)
        // keeps only its centre and zoom.
        scene.extent = self.extent_now().map(|view| {
            let mut subject = self.highlighted_features();
            subject.extend(
                (self.state.selected_feature.as_deref())
                    .and_then(|id| self.catalogue.features.iter().position(|f| f.id == id)),
            );
            crate::model::view::area_of_interest(
                view,
                self.feature_shapes.bbox_of(&subject),
                self.basemap.land_box_within(view),
            )
        });
        if scene.check().is_err() {
            scene.extent = None;
        }
        scene.layers = self.state.layers.clone();
        scene.user_layers_visible = self.document.project.user_layers.iter().map(|l| l.visible).collect();
        scene.selected_feature = self.state.selected_feature.clone();
        scene.focus = self.state.plan_focus.clone();
        scene.shown = self.state.shown.clone();
        scene.target = self.state.selected_target.clone();
        scene.status_styling = Some(self.state.status_styling);
        Some(scene)
    }

    /// Applies a scene action (other actions are ignored).
    pub(super) fn apply_scene_action(&mut self, action: &DocAction) {
        let scenes = &self.document.project.scenes;
        match action.clone() {
            DocAction::AddSceneFromView => {
                let title = format!(
                    "{} {}",
                    crate::i18n::tr(self.state.lang, crate::i18n::Key::SceneDefaultTitle),
                    scenes.len() + 1
                );
                if let Some(scene) = self.scene_from_view(title) {
                    self.edit(Edit::AddScene(scene));
                    self.current_scene = Some(self.document.project.scenes.len() - 1);
                }
            }
            DocAction::AddStarterScenes => {
                let deck = starter_scenes(
                    &self.plan,
                    &self.catalogue,
                    &self.links,
                    &self.feature_shapes,
                    &self.basemap,
                );
                let first = scenes.len();
                if !deck.is_empty() {
                    self.edit(Edit::Batch(deck.into_iter().map(Edit::AddScene).collect()));
                    self.current_scene = Some(first);
                }
            }
            DocAction::ShowScene(index) => self.show_scene(index),
            DocAction::RenameScene(index, title) => {
                if let Some(mut scene) = scenes.get(index).cloned() {
                    scene.title = title;
                    self.coalesced_edit(format!("scene-title:{index}"), Edit::ReplaceScene { index, scene });
                }
            }
            DocAction::SetSceneNotes(index, notes) => {
                if let Some(mut scene) = scenes.get(index).cloned() {
                    scene.notes = notes;
                    self.coalesced_edit(format!("scene-notes:{index}"), Edit::ReplaceScene { index, scene });
                }
            }
            DocAction::UpdateSceneFromView(index) => {
                if let Some(old) = scenes.get(index)
                    && let Some(mut scene) = self.scene_from_view(old.title.clone())
                {
                    scene.notes = old.notes.clone();
                    scene.extra = old.extra.clone();
                    self.edit(Edit::ReplaceScene { index, scene });
                }
            }
            DocAction::FrameSceneOnAnnotation(index) => {
                let frame = self
                    .selected_annotation
                    .and_then(|id| self.document.project.annotation(id))
                    .and_then(|a| crate::model::view::box_of(&a.vertices));
                match (scenes.get(index).cloned(), frame) {
                    (Some(mut scene), Some(frame)) => {
                        scene.extent = Some(crate::model::view::with_margin(frame));
                        self.edit(Edit::ReplaceScene { index, scene });
                    }
                    _ => self.notify(
                        crate::i18n::tr(
                            self.state.lang,
                            crate::i18n::Key::Presenter(crate::i18n::PresenterKey::FrameOnAnnotationHint),
                        )
                        .to_string(),
                    ),
                }
            }
            DocAction::DuplicateScene(index) => {
                if let Some(scene) = scenes.get(index).cloned() {
                    self.edit(Edit::InsertScene {
                        index: index + 1,
                        scene,
                    });
                    self.current_scene = Some(index + 1);
                }
            }
            DocAction::DeleteScene(index) => {
                self.edit(Edit::RemoveScene(index));
                self.current_scene = None;
            }
            DocAction::MoveScene { from, to } => {
                self.edit(Edit::MoveScene { from, to });
                if self.current_scene == Some(from) {
                    self.current_scene = Some(to);
                }
            }
            DocAction::Present(p) => self.present(p),
            _ => {}
        }
    }

    /// Presenter mode: full screen, panels folded into caption bars, scenes stepped
    /// through with a clicker's keys. A step to the next scene flies from wherever the
    /// map is (the presenter may have panned or clicked meanwhile).
    fn present(&mut self, action: PresentAction) {
        let count = self.document.project.scenes.len();
        let ctx = self.egui_ctx.clone();
        let fullscreen = |on: bool| {
            if let Some(ctx) = &ctx {
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
            }
        };
        let start = match action {
            PresentAction::Start(index) => Some(index),
            PresentAction::StartFromCurrent => Some(self.current_scene.filter(|&k| k < count).unwrap_or(0)),
            _ => None,
        };
        if let Some(index) = start {
            if index < count {
                self.presenting = Some(Presenting {
                    started: Some(std::time::Instant::now()),
                    ..Presenting::default()
                });
                fullscreen(true);
                if let Some(ctx) = &ctx {
                    ctx.set_zoom_factor(PRESENTER_ZOOM);
                }
                self.show_scene(index);
            }
            return;
        }
        let Some(presenting) = &mut self.presenting else { return };
        let current = self.current_scene.unwrap_or(0);
        let go = match action {
            PresentAction::Next if presenting.wandered => Some(current),
            PresentAction::Next => Some((current + 1).min(count.saturating_sub(1))),
            PresentAction::Prev => Some(current.saturating_sub(1)),
            PresentAction::First => Some(0),
            PresentAction::Last => Some(count.saturating_sub(1)),
            PresentAction::ToggleBlack => {
                presenting.black = !presenting.black;
                None
            }
            PresentAction::ToggleTheme => {
                presenting.dark = !presenting.dark;
                None
            }
            PresentAction::ToggleLegend => {
                let open = !self.state.show_legend;
                let _ = self.state.apply(&self.plan, Action::SetLegendOpen(open));
                None
            }
            PresentAction::ToggleNotes => {
                presenting.notes = !presenting.notes;
                None
            }
            PresentAction::Exit => {
                self.presenting = None;
                fullscreen(false);
                if let Some(ctx) = &ctx {
                    ctx.set_zoom_factor(1.0);
                }
                None
            }
            PresentAction::Start(_) | PresentAction::StartFromCurrent => None,
        };
        if let Some(index) = go {
            if let Some(p) = &mut self.presenting {
                p.black = false;
                p.wandered = false;
            }
            // A step during a flight skips it: the next one starts from its end.
            if let Some(flight) = self.flight.take() {
                self.set_map_view(flight.to.lon_lat, flight.to.zoom);
            }
            self.show_scene(index);
        }
    }

    /// Whether presenter mode is on.
    pub fn presenting(&self) -> Option<Presenting> {
        self.presenting
    }

    /// An edit that joins the last one when it has the same key and nothing came between
    /// (typing a title letter by letter is one undo step).
    pub(super) fn coalesced_edit(&mut self, key: String, edit: Edit) {
        let revision = self.document.history.revision();
        let result = if self.coalesce.as_ref() == Some(&(key.clone(), revision)) {
            self.document.amend(edit)
        } else {
            self.document.edit(edit)
        };
        match result {
            Ok(()) => self.coalesce = Some((key, self.document.history.revision())),
            Err(e) => {
                let _ = self.apply(Action::Notify(e.to_string()));
            }
        }
    }

    /// Shows scene `index`: plan layers and imported layers' visibility, then the plan
    /// text, the target, the highlight and the selection (each through the same action a
    /// click would send; an ID this plan does not have is skipped), and flies the map to
    /// its view. Showing a scene changes nothing in the project's undo history.
    pub(super) fn show_scene(&mut self, index: usize) {
        let Some(scene) = self.document.project.scenes.get(index).cloned() else {
            return;
        };
        self.current_scene = Some(index);
        self.state.layers = scene.layers_applied_to(&self.state.layers);
        let visible: Vec<bool> = self.document.project.user_layers.iter().map(|l| l.visible).collect();
        for (layer, v) in self
            .document
            .project
            .user_layers
            .iter_mut()
            .zip(scene.user_layers_applied_to(&visible))
        {
            // Visibility is part of the view a scene sets, not an edit to undo.
            layer.visible = v;
        }
        let _ = self.apply(Action::ClearPlanFocus);
        // Nothing of what was selected or being edited before carries over: a scene shows
        // exactly what it saved (no highlighted value of an earlier target, no
        // annotation's edit handles).
        self.state.clear_target();
        self.selected_annotation = None;
        if let Some(id) = &scene.shown {
            let _ = self.apply(Action::Show(id.clone()));
        }
        if let Some(id) = &scene.target {
            let _ = self.apply(Action::SelectTarget(id.clone()));
        }
        if let Some(id) = &scene.focus {
            let _ = self.apply(Action::FocusPlanElement(id.clone()));
        }
        let _ = self.apply(Action::SelectFeature(scene.selected_feature.clone()));
        if let Some(on) = scene.status_styling {
            let _ = self.apply(Action::SetStatusStyling(on));
        }
        // What a click during the show selected goes with it.
        let _ = self.apply(Action::SelectDivision(None));
        self.selected_user_feature = None;
        // The scene's own view wins over framing that focusing or selecting asked for.
        self.frame_pending = None;
        self.state.right_tab = RightTab::Scenes;
        let to = self.scene_camera(&scene);
        match (self.map_rect, &self.egui_ctx) {
            (Some(_), Some(ctx)) => {
                let (lon_lat, zoom) = self.map_view();
                let now = ctx.input(|i| i.time);
                self.flight = Some(Flight::new(CameraView { lon_lat, zoom }, to, now));
                self.flight_scene = Some(scene.clone());
                ctx.request_repaint();
            }
            _ => self.set_map_view(to.lon_lat, to.zoom),
        }
    }

    /// Where the camera frames `scene` in the map as it is now (its extent fills the map's
    /// tighter side; see [`Scene::view_in`]).
    fn scene_camera(&self, scene: &Scene) -> CameraView {
        let view = match self.map_rect {
            Some(rect) => scene.view_in(f64::from(rect.width()), f64::from(rect.height())),
            None => scene.view,
        };
        CameraView {
            lon_lat: self.basemap_cache.display.from_wgs84([view.lon, view.lat]),
            zoom: view.zoom,
        }
    }

    /// Once a frame: moves the camera along a running flight; any press or scroll skips
    /// to its end. The flight's end follows the map's size (entering presenter mode
    /// resizes the map as the flight starts).
    pub(super) fn camera_frame(&mut self, ctx: &egui::Context) {
        if let Some(to) = self
            .flight_scene
            .as_ref()
            .filter(|_| self.flight.is_some())
            .map(|scene| self.scene_camera(scene))
            && let Some(flight) = &mut self.flight
        {
            flight.to = to;
        }
        let (now, skip, at) = ctx.input(|i| {
            (
                i.time,
                i.pointer.any_pressed() || i.smooth_scroll_delta != egui::Vec2::ZERO,
                i.pointer.latest_pos(),
            )
        });
        // On the map itself, not on a window over it (the presenter view's buttons).
        let on_map = at.is_some_and(|p| {
            self.map_rect.is_some_and(|r| r.contains(p))
                && ctx.layer_id_at(p).is_none_or(|l| l.order == egui::Order::Background)
        });
        if skip
            && on_map
            && let Some(p) = &mut self.presenting
        {
            // The presenter pans, zooms or clicks: the next key first comes back.
            p.wandered = true;
        }
        let Some(flight) = self.flight else { return };
        let (view, done) = if skip { (flight.to, true) } else { flight.at(now) };
        self.set_map_view(view.lon_lat, view.zoom);
        if done {
            self.flight = None;
        } else {
            ctx.request_repaint();
        }
    }

    /// The map's rect in the last frame, in points (`None` before the first frame).
    pub fn map_rect(&self) -> Option<egui::Rect> {
        self.map_rect
    }

    /// The map's size in the last frame, in points (`None` before the first frame).
    pub fn map_size(&self) -> Option<[f64; 2]> {
        self.map_rect.map(|r| [f64::from(r.width()), f64::from(r.height())])
    }

    /// The scene shown last (index into the project's scenes).
    pub fn current_scene(&self) -> Option<usize> {
        self.current_scene
    }

    /// Whether the camera is moving to a scene.
    pub fn flying(&self) -> bool {
        self.flight.is_some()
    }
}
