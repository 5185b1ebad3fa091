//! Drawing and editing annotations on the map: the tools (select, point, line, polygon,
//! text), a pure per-frame state machine ([`update_sketch`]) that turns pointer and key
//! input into [`AnnotationEvent`]s, and the painting of annotations, the selection's
//! vertex handles and the sketch in progress ([`paint_annotations`]).
//!
//! Nothing here changes the project: the app owns the `Vec<Annotation>` and the selection,
//! keeps a [`Sketch`] between frames, and turns the events into [`crate::model::Edit`]s
//! applied through [`crate::model::History`] (so every finished gesture is one undo step).
//! A drag only changes the sketch's live preview until the button is released.
//!
//! Annotations are stored in WGS-84. The screen transform is a [`GeoScreen`]: the frame's
//! Mercator transform plus the coordinate system the tiles are drawn in, so that on a
//! GCJ-02 tile source the app passes `CoordinateSystem::Gcj02` and annotations are drawn
//! shifted onto the tiles, while clicked positions are converted back to WGS-84.
//!
//! One frame, in the app:
//!
//! 1. before building the `walkers::Map`: `map.drag_pan_buttons(pan_buttons(&sketch, tool))`
//!    (see [`captures_drag`]);
//! 2. add [`AnnotationPlugin`] to the map (or call [`AnnotationInput::from_ui`],
//!    [`update_sketch`] and [`paint_annotations`] from your own plugin);
//! 3. after the map: apply the events — `Created` with a new ID (asking for a text's title
//!    first), `Changed` as a replace, `Deleted` as a removal, `Selected` to the selection.
//!
//! # Files
//!
//! By job: `sketch` is the pure state machine (no painting, no egui types: it reads a
//! [`SketchInput`] with `[x, y]` positions through a [`SketchScreen`]), `hit` finds what
//! is under the pointer, `paint` draws, `labels` turns titles into map labels; this file reads the frame's input
//! ([`AnnotationInput`]), converts it for the sketch and is the walkers plugin.

mod hit;
mod labels;
mod paint;
mod sketch;

use std::borrow::Cow;

use egui::{Color32, CursorIcon, DragPanButtons, Key, Modifiers, Pos2, Vec2};

use crate::coords::CoordinateSystem;
use crate::model::annotation::{Annotation, Style};
use crate::shortcuts::Command;

/// How far (UI points) the pointer must move with the button down before a press becomes
/// a drag: egui's default `max_click_dist`, so a gesture is either a click or a drag.
pub const DRAG_START_PX: f32 = 6.0;
/// How near (UI points) to a vertex handle of the selected annotation the pointer grabs it.
pub const HANDLE_HIT_PX: f32 = 8.0;
/// How near (UI points) to a line or an outline the pointer hits it.
pub const LINE_HIT_PX: f32 = 6.0;
/// Radius of a drawn vertex handle.
const HANDLE_RADIUS: f32 = 4.5;
/// Colour of the selection, the handles and the sketch in progress.
pub const SELECTION: Color32 = Color32::from_rgb(0x0d, 0x47, 0xa1);
/// Colour of the ruler's measurement (apart from drawings and the selection).
pub const RULER: Color32 = Color32::from_rgb(0xd8, 0x43, 0x15);

pub use crate::model::Tool;

/// The tool whose key (the shortcut table: [`crate::shortcuts`]) was pressed this frame.
pub use crate::shortcuts::tool_shortcut_pressed;

pub use super::screen::GeoScreen;
pub use hit::{annotation_at, hover_at};
pub use labels::{TITLE_PRIORITY, title_labels};
pub use paint::paint_annotations;
pub use sketch::{AnnotationEvent, Drag, Hover, PosInUi, Sketch, SketchInput, SketchScreen, captures_drag};

/// One frame of pointer and key input on the map, as [`update_sketch`] needs it. Built by
/// [`AnnotationInput::from_ui`] in the app; tests build it by hand.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnnotationInput {
    /// The pointer in UI points, when it is over the map or interacting with it (during a
    /// drag, and on the frame of a release, even outside it).
    pub pos_in_ui: Option<Pos2>,
    /// The primary button went down on the map this frame.
    pub pressed: bool,
    /// The primary button is down.
    pub down: bool,
    /// The primary button went up this frame.
    pub released: bool,
    /// A primary click on the map ended this frame (press and release without moving
    /// more than [`DRAG_START_PX`]).
    pub clicked: bool,
    /// The click that ended this frame was the second of a double-click (`clicked` is then
    /// true too, as egui reports it).
    pub double_clicked: bool,
    /// A secondary (right) click on the map ended this frame.
    pub secondary_clicked: bool,
    /// How far the pointer moved this frame while dragging the map widget. For callers;
    /// [`update_sketch`] works from positions.
    pub drag_delta: Vec2,
    /// Keys pressed this frame (none while a text field has keyboard focus).
    pub escape: bool,
    pub enter: bool,
    pub delete: bool,
    pub backspace: bool,
    pub modifiers: Modifiers,
}

impl AnnotationInput {
    /// Reads this frame's input for the map widget's `response` (the response walkers
    /// passes to plugins). Keys are read but not consumed, and ignored while a text field
    /// has keyboard focus.
    pub fn from_ui(ui: &egui::Ui, response: &egui::Response) -> Self {
        let (interact_pos, pressed, down, released, modifiers) = ui.input(|i| {
            (
                i.pointer.interact_pos(),
                i.pointer.primary_pressed(),
                i.pointer.primary_down(),
                i.pointer.primary_released(),
                i.modifiers,
            )
        });
        let engaged = response.is_pointer_button_down_on() || response.clicked() || response.drag_stopped();
        let pos_in_ui = response.hover_pos().or(if engaged { interact_pos } else { None });
        let keys = !ui.ctx().egui_wants_keyboard_input();
        let key = |c: Command| keys && ui.input(|i| crate::shortcuts::pressed(i, c));
        AnnotationInput {
            pos_in_ui,
            pressed: pressed && pos_in_ui.is_some(),
            down,
            released,
            clicked: response.clicked(),
            double_clicked: response.double_clicked(),
            secondary_clicked: response.secondary_clicked(),
            drag_delta: response.drag_delta(),
            escape: key(Command::SketchCancel),
            enter: key(Command::SketchFinish),
            delete: key(Command::SketchDelete),
            backspace: key(Command::SketchBackspace),
            modifiers,
        }
    }

    /// The pointer over `pos` with the button up.
    pub fn hover(pos: Pos2) -> Self {
        AnnotationInput {
            pos_in_ui: Some(pos),
            ..Default::default()
        }
    }

    /// The primary button going down at `pos`.
    pub fn press(pos: Pos2) -> Self {
        AnnotationInput {
            pressed: true,
            down: true,
            ..AnnotationInput::hover(pos)
        }
    }

    /// The pointer at `pos` with the button held down.
    pub fn held(pos: Pos2) -> Self {
        AnnotationInput {
            down: true,
            ..AnnotationInput::hover(pos)
        }
    }

    /// The primary button going up at `pos` after a drag (no click).
    pub fn release(pos: Pos2) -> Self {
        AnnotationInput {
            released: true,
            ..AnnotationInput::hover(pos)
        }
    }

    /// The frame a click at `pos` ends (button released, `clicked`).
    pub fn click(pos: Pos2) -> Self {
        AnnotationInput {
            clicked: true,
            ..AnnotationInput::release(pos)
        }
    }

    /// The frame the second click of a double-click at `pos` ends.
    pub fn double_click(pos: Pos2) -> Self {
        AnnotationInput {
            double_clicked: true,
            ..AnnotationInput::click(pos)
        }
    }

    /// What the sketch reads of this input (positions as `[x, y]`).
    pub fn sketch_input(&self) -> SketchInput {
        SketchInput {
            pos_in_ui: self.pos_in_ui.map(|p| [p.x, p.y]),
            pressed: self.pressed,
            down: self.down,
            released: self.released,
            clicked: self.clicked,
            double_clicked: self.double_clicked,
            secondary_clicked: self.secondary_clicked,
            escape: self.escape,
            enter: self.enter,
            delete: self.delete,
            backspace: self.backspace,
        }
    }

    /// `key` (a key of the shortcut table's drawing commands — Escape, Enter, Delete,
    /// Backspace; others are ignored) pressed with the pointer at `pos`.
    pub fn key(key: Key, pos: Option<Pos2>) -> Self {
        let is = |c: Command| crate::shortcuts::is_key_of(key, c);
        AnnotationInput {
            pos_in_ui: pos,
            escape: is(Command::SketchCancel),
            enter: is(Command::SketchFinish),
            delete: is(Command::SketchDelete),
            backspace: is(Command::SketchBackspace),
            ..Default::default()
        }
    }
}

impl SketchScreen for GeoScreen {
    fn pos_in_ui(&self, lon_lat: [f64; 2]) -> PosInUi {
        let p = self.pos(lon_lat);
        [p.x, p.y]
    }

    fn lon_lat_at(&self, pos_in_ui: PosInUi) -> [f64; 2] {
        self.lon_lat(Pos2::from(pos_in_ui))
    }

    fn hover_at(&self, annotations: &[Annotation], selected: Option<u64>, pos_in_ui: PosInUi) -> Option<Hover> {
        hover_at(annotations, selected, self, Pos2::from(pos_in_ui))
    }
}

/// Advances the sketch for one frame of egui's input on a map drawn through `screen`: the
/// pure `sketch::update_sketch` (which documents the gestures), with the positions
/// converted.
pub fn update_sketch(
    sketch: &mut Sketch,
    tool: Tool,
    input: &AnnotationInput,
    annotations: &[Annotation],
    selected: Option<u64>,
    screen: &GeoScreen,
    default_style: &Style,
) -> Vec<AnnotationEvent> {
    sketch::update_sketch(
        sketch,
        tool,
        &input.sketch_input(),
        annotations,
        selected,
        screen,
        default_style,
    )
}

/// The `walkers::Map::drag_pan_buttons` for this frame: only the middle button while
/// [`captures_drag`] (the map can still be panned with it, and by scrolling), the
/// walkers default (primary) otherwise.
pub fn pan_buttons(sketch: &Sketch, tool: Tool) -> DragPanButtons {
    if captures_drag(sketch, tool) {
        DragPanButtons::MIDDLE
    } else {
        DragPanButtons::PRIMARY
    }
}

/// The mouse cursor that says what a press would do, while the pointer is over the map.
pub fn cursor_icon(sketch: &Sketch, tool: Tool) -> Option<CursorIcon> {
    if sketch.drag.is_some() {
        return Some(CursorIcon::Grabbing);
    }
    match tool {
        Tool::Select => match sketch.hover? {
            Hover::Vertex { .. } => Some(CursorIcon::Move),
            Hover::Edge { .. } | Hover::Selected(_) => Some(CursorIcon::Grab),
            Hover::Other(_) => Some(CursorIcon::PointingHand),
        },
        Tool::Text => Some(CursorIcon::Text),
        Tool::Point | Tool::Line | Tool::Polygon | Tool::Measure => Some(CursorIcon::Crosshair),
    }
}

/// The list as it will be once the app has applied `events` (a created annotation keeps
/// id 0), so the frame that finishes a gesture does not flash the old state.
fn after_events<'a>(annotations: &'a [Annotation], events: &[AnnotationEvent]) -> Cow<'a, [Annotation]> {
    if !events.iter().any(|e| {
        matches!(
            e,
            AnnotationEvent::Created(_) | AnnotationEvent::Changed { .. } | AnnotationEvent::Deleted(_)
        )
    }) {
        return Cow::Borrowed(annotations);
    }
    let mut list = annotations.to_vec();
    for e in events {
        match e {
            AnnotationEvent::Created(a) => list.push(a.clone()),
            AnnotationEvent::Changed { after, .. } => {
                if let Some(slot) = list.iter_mut().find(|a| a.id == after.id) {
                    *slot = after.clone();
                }
            }
            AnnotationEvent::Deleted(id) => list.retain(|a| a.id != *id),
            AnnotationEvent::Selected(_) | AnnotationEvent::Cancelled => {}
        }
    }
    Cow::Owned(list)
}

/// What [`AnnotationPlugin`] reports after the map is drawn.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnnotationOutput {
    /// This frame's events, appended (the app drains them).
    pub events: Vec<AnnotationEvent>,
    /// This frame's transform (for placing a title editor at a new text label, or tests).
    pub screen: Option<GeoScreen>,
}

/// The annotation layer as a walkers plugin: reads the input on the map's response, runs
/// [`update_sketch`], paints with [`paint_annotations`] (already showing the result of
/// this frame's events), sets the cursor, and appends the events to `output`. Add it after
/// the basemap and plan plugins so annotations are drawn over them, and build the map
/// with [`pan_buttons`].
pub struct AnnotationPlugin<'a> {
    pub annotations: &'a [Annotation],
    pub selected: Option<u64>,
    pub sketch: &'a mut Sketch,
    pub tool: Tool,
    /// The coordinate system of the tiles under the annotations.
    pub display: CoordinateSystem,
    /// The style of new annotations.
    pub default_style: &'a Style,
    pub output: &'a mut AnnotationOutput,
}

impl walkers::Plugin for AnnotationPlugin<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut egui::Ui,
        response: &egui::Response,
        projector: &walkers::Projector,
        _map_memory: &walkers::MapMemory,
    ) {
        let screen = GeoScreen::from_projector(projector, self.display);
        let input = AnnotationInput::from_ui(ui, response);
        let events = update_sketch(
            self.sketch,
            self.tool,
            &input,
            self.annotations,
            self.selected,
            &screen,
            self.default_style,
        );
        let selected = events.iter().fold(self.selected, |s, e| match e {
            AnnotationEvent::Selected(new) => *new,
            AnnotationEvent::Deleted(id) if s == Some(*id) => None,
            _ => s,
        });
        let shown = after_events(self.annotations, &events);
        let painter = ui.painter().with_clip_rect(response.rect);
        paint_annotations(&painter, &shown, selected, self.sketch, self.tool, &screen);
        if response.hovered()
            && let Some(icon) = cursor_icon(self.sketch, self.tool)
        {
            ui.ctx().set_cursor_icon(icon);
        }
        if !events.is_empty() {
            ui.ctx().request_repaint();
        }
        self.output.events.extend(events);
        self.output.screen = Some(screen);
    }
}

#[cfg(test)]
mod tests {
    use super::hit::*;
    use super::paint::*;
    use super::*;
    use crate::map::lod::ScreenFromMercator;
    use crate::model::annotation::AnnotationKind;
    use egui::{Rect, pos2, vec2};

    fn screen(display: CoordinateSystem) -> GeoScreen {
        GeoScreen::new(
            ScreenFromMercator::new(12.0, [121.6, 38.9], pos2(400.0, 300.0)),
            display,
        )
    }

    fn at(s: &GeoScreen, x: f32, y: f32) -> [f64; 2] {
        s.lon_lat(pos2(x, y))
    }

    fn line(s: &GeoScreen, id: u64, pts: &[(f32, f32)]) -> Annotation {
        Annotation::new(id, AnnotationKind::Line, pts.iter().map(|p| at(s, p.0, p.1)).collect()).expect("valid")
    }

    #[test]
    fn screen_positions_and_wgs84_round_trip_on_a_gcj02_display() {
        let gcj = screen(CoordinateSystem::Gcj02);
        let wgs = screen(CoordinateSystem::Wgs84);
        let p = [121.6, 38.9];
        let back = gcj.lon_lat(gcj.pos(p));
        assert!(
            (back[0] - p[0]).abs() < 1e-6 && (back[1] - p[1]).abs() < 1e-6,
            "{back:?}"
        );
        // The GCJ-02 shift is a few hundred metres: tens of pixels at zoom 12.
        let shift = gcj.pos(p) - wgs.pos(p);
        assert!(shift.length() > 5.0, "{shift:?}");
    }

    #[test]
    fn points_and_labels_are_hit_over_a_polygon_that_contains_them() {
        let s = screen(CoordinateSystem::Wgs84);
        let poly = Annotation::new(
            1,
            AnnotationKind::Polygon,
            vec![at(&s, 300.0, 400.0), at(&s, 500.0, 400.0), at(&s, 400.0, 200.0)],
        )
        .expect("valid");
        let point = Annotation::new(2, AnnotationKind::Point, vec![at(&s, 400.0, 330.0)]).expect("valid");
        let text = Annotation::new(3, AnnotationKind::Text, vec![at(&s, 400.0, 370.0)])
            .expect("valid")
            .with_title("Port");
        // The point comes first in the list but is drawn, and hit, over the polygon.
        let list = [point, poly, text];
        assert_eq!(annotation_at(&list, &s, pos2(402.0, 331.0)), Some(2));
        assert_eq!(annotation_at(&list, &s, pos2(410.0, 370.0)), Some(3));
        assert_eq!(annotation_at(&list, &s, pos2(400.0, 300.0)), Some(1));
        assert_eq!(annotation_at(&list, &s, pos2(600.0, 300.0)), None);
    }

    #[test]
    fn a_line_is_hit_within_six_points_plus_half_its_width() {
        let s = screen(CoordinateSystem::Wgs84);
        let l = line(&s, 1, &[(100.0, 100.0), (300.0, 100.0)]);
        let list = [l];
        assert_eq!(annotation_at(&list, &s, pos2(200.0, 106.5)), Some(1));
        assert_eq!(annotation_at(&list, &s, pos2(200.0, 110.0)), None);
    }

    #[test]
    fn the_selected_lines_handles_come_before_other_annotations_and_its_edges_after() {
        let s = screen(CoordinateSystem::Wgs84);
        let l = line(&s, 1, &[(100.0, 100.0), (300.0, 100.0)]);
        let p = Annotation::new(2, AnnotationKind::Point, vec![at(&s, 200.0, 100.0)]).expect("valid");
        let list = [l, p];
        assert_eq!(
            hover_at(&list, Some(1), &s, pos2(103.0, 101.0)),
            Some(Hover::Vertex { id: 1, index: 0 })
        );
        assert_eq!(hover_at(&list, Some(1), &s, pos2(200.0, 101.0)), Some(Hover::Other(2)));
        assert!(matches!(
            hover_at(&list, Some(1), &s, pos2(250.0, 103.0)),
            Some(Hover::Edge { id: 1, index: 0, .. })
        ));
        assert_eq!(hover_at(&list, None, &s, pos2(250.0, 103.0)), Some(Hover::Other(1)));
    }

    #[test]
    fn a_pan_that_sweeps_across_the_selection_does_not_grab_it() {
        let s = screen(CoordinateSystem::Wgs84);
        let p = Annotation::new(1, AnnotationKind::Point, vec![at(&s, 400.0, 300.0)]).expect("valid");
        let list = [p];
        let style = Style::default();
        let mut sketch = Sketch::default();
        let step = |sketch: &mut Sketch, input: AnnotationInput| {
            update_sketch(sketch, Tool::Select, &input, &list, Some(1), &s, &style)
        };
        step(&mut sketch, AnnotationInput::hover(pos2(200.0, 300.0)));
        assert!(!captures_drag(&sketch, Tool::Select));
        step(&mut sketch, AnnotationInput::press(pos2(200.0, 300.0)));
        step(&mut sketch, AnnotationInput::held(pos2(300.0, 300.0)));
        step(&mut sketch, AnnotationInput::held(pos2(400.0, 300.0)));
        assert!(!captures_drag(&sketch, Tool::Select));
        assert!(sketch.drag.is_none());
        assert!(step(&mut sketch, AnnotationInput::release(pos2(450.0, 300.0))).is_empty());
        step(&mut sketch, AnnotationInput::hover(pos2(400.0, 300.0)));
        assert!(captures_drag(&sketch, Tool::Select));
        assert_eq!(pan_buttons(&sketch, Tool::Select), DragPanButtons::MIDDLE);
        assert_eq!(pan_buttons(&Sketch::default(), Tool::Select), DragPanButtons::PRIMARY);
        assert!(captures_drag(&Sketch::default(), Tool::Line));
    }

    #[test]
    fn escape_during_a_drag_cancels_it_and_leaves_the_annotation_unchanged() {
        let s = screen(CoordinateSystem::Wgs84);
        let p = Annotation::new(1, AnnotationKind::Point, vec![at(&s, 400.0, 300.0)]).expect("valid");
        let list = [p];
        let style = Style::default();
        let mut sketch = Sketch::default();
        for input in [
            AnnotationInput::hover(pos2(400.0, 300.0)),
            AnnotationInput::press(pos2(400.0, 300.0)),
            AnnotationInput::held(pos2(450.0, 300.0)),
        ] {
            update_sketch(&mut sketch, Tool::Select, &input, &list, Some(1), &s, &style);
        }
        assert!(sketch.is_dragging());
        let esc = AnnotationInput {
            down: true,
            ..AnnotationInput::key(Key::Escape, Some(pos2(450.0, 300.0)))
        };
        let events = update_sketch(&mut sketch, Tool::Select, &esc, &list, Some(1), &s, &style);
        assert_eq!(events, vec![AnnotationEvent::Cancelled]);
        let events = update_sketch(
            &mut sketch,
            Tool::Select,
            &AnnotationInput::release(pos2(460.0, 300.0)),
            &list,
            Some(1),
            &s,
            &style,
        );
        assert!(events.is_empty(), "{events:?}");
    }

    #[test]
    fn switching_tools_drops_the_placed_vertices() {
        let s = screen(CoordinateSystem::Wgs84);
        let style = Style::default();
        let mut sketch = Sketch::default();
        update_sketch(
            &mut sketch,
            Tool::Line,
            &AnnotationInput::click(pos2(10.0, 10.0)),
            &[],
            None,
            &s,
            &style,
        );
        assert!(sketch.is_drawing());
        update_sketch(
            &mut sketch,
            Tool::Polygon,
            &AnnotationInput::hover(pos2(10.0, 10.0)),
            &[],
            None,
            &s,
            &style,
        );
        assert!(!sketch.is_drawing());
    }

    #[test]
    fn a_polygon_sketch_closes_with_a_click_on_its_first_vertex() {
        let s = screen(CoordinateSystem::Wgs84);
        let style = Style::default();
        let mut sketch = Sketch::default();
        let mut events = Vec::new();
        for p in [(100.0, 100.0), (200.0, 100.0), (150.0, 50.0), (102.0, 101.0)] {
            events = update_sketch(
                &mut sketch,
                Tool::Polygon,
                &AnnotationInput::click(pos2(p.0, p.1)),
                &[],
                None,
                &s,
                &style,
            );
        }
        let [AnnotationEvent::Created(a)] = events.as_slice() else {
            panic!("{events:?}");
        };
        assert_eq!(a.vertices.len(), 3);
        assert!(!sketch.is_drawing());
    }

    #[test]
    fn the_frame_that_finishes_a_gesture_already_shows_its_result() {
        let s = screen(CoordinateSystem::Wgs84);
        let a = line(&s, 1, &[(0.0, 0.0), (10.0, 0.0)]);
        let b = line(&s, 2, &[(0.0, 5.0), (10.0, 5.0)]);
        let mut moved = a.clone();
        moved.translate(0.01, 0.0).expect("in range");
        let list = [a.clone(), b];
        let created = Annotation::new(0, AnnotationKind::Point, vec![[121.0, 39.0]]).expect("valid");
        let shown = after_events(
            &list,
            &[
                AnnotationEvent::Changed {
                    before: a,
                    after: moved.clone(),
                },
                AnnotationEvent::Deleted(2),
                AnnotationEvent::Created(created.clone()),
            ],
        );
        assert_eq!(shown.as_ref(), &[moved, created]);
        assert!(matches!(
            after_events(&list, &[AnnotationEvent::Cancelled]),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_cursor_says_what_a_press_would_do() {
        let mut sketch = Sketch::default();
        assert_eq!(cursor_icon(&sketch, Tool::Select), None);
        assert_eq!(cursor_icon(&sketch, Tool::Line), Some(CursorIcon::Crosshair));
        sketch.hover = Some(Hover::Vertex { id: 1, index: 0 });
        assert_eq!(cursor_icon(&sketch, Tool::Select), Some(CursorIcon::Move));
        sketch.hover = Some(Hover::Other(2));
        assert_eq!(cursor_icon(&sketch, Tool::Select), Some(CursorIcon::PointingHand));
    }

    #[test]
    fn painting_every_kind_with_a_selection_and_a_sketch_produces_shapes() {
        let ctx = egui::Context::default();
        let s = screen(CoordinateSystem::Wgs84);
        let poly = Annotation::new(
            1,
            AnnotationKind::Polygon,
            vec![
                at(&s, 300.0, 400.0),
                at(&s, 500.0, 400.0),
                at(&s, 450.0, 350.0),
                at(&s, 400.0, 200.0),
            ],
        )
        .expect("valid");
        let list = [
            poly,
            line(&s, 2, &[(100.0, 100.0), (300.0, 120.0)]),
            Annotation::new(3, AnnotationKind::Point, vec![at(&s, 200.0, 200.0)]).expect("valid"),
            Annotation::new(4, AnnotationKind::Text, vec![at(&s, 250.0, 250.0)])
                .expect("valid")
                .with_title("Port"),
            Annotation::new(5, AnnotationKind::Text, vec![at(&s, 260.0, 260.0)]).expect("valid"),
        ];
        let sketch = Sketch {
            placed: vec![at(&s, 10.0, 10.0), at(&s, 60.0, 10.0)],
            pointer: Some([40.0, 60.0]),
            ..Default::default()
        };
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let painter = ui
                .painter()
                .with_clip_rect(Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)));
            paint_annotations(&painter, &list, Some(1), &sketch, Tool::Polygon, &s);
        });
        output.textures_delta.clear();
        // Five annotations, four handles, the sketch: well over a dozen shapes.
        assert!(output.shapes.len() > 15, "{}", output.shapes.len());
    }
}
