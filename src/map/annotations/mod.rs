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

use std::borrow::Cow;

use egui::{
    Align2, Color32, CursorIcon, DragPanButtons, FontId, Key, Mesh, Modifiers, Painter, Pos2, Rect, Shape, Stroke,
    Vec2, vec2,
};
use geo::TriangulateEarcut;

use crate::coords::CoordinateSystem;
use crate::model::annotation::{Annotation, AnnotationKind, MarkerSize, Rgb, Style};

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

pub use crate::model::Tool;

/// The egui keys of the tools' shortcuts ([`Tool::shortcut_letter`]).
pub trait ToolShortcut: Sized {
    /// The key that picks the tool (without modifiers).
    fn shortcut(self) -> Key;
    /// The tool whose [`ToolShortcut::shortcut`] is `key`.
    fn from_shortcut(key: Key) -> Option<Self>;
}

impl ToolShortcut for Tool {
    fn shortcut(self) -> Key {
        match self {
            Tool::Select => Key::V,
            Tool::Point => Key::P,
            Tool::Line => Key::L,
            Tool::Polygon => Key::G,
            Tool::Text => Key::T,
        }
    }

    fn from_shortcut(key: Key) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.shortcut() == key)
    }
}

/// The tool whose shortcut was pressed this frame without Ctrl, Cmd or Alt; `None` while
/// a text field has keyboard focus (so typing “p” in a title does not switch tools).
pub fn tool_shortcut_pressed(ctx: &egui::Context) -> Option<Tool> {
    if ctx.egui_wants_keyboard_input() {
        return None;
    }
    ctx.input(|i| {
        if i.modifiers.command || i.modifiers.ctrl || i.modifiers.alt {
            return None;
        }
        Tool::ALL.into_iter().find(|t| i.key_pressed(t.shortcut()))
    })
}

pub use super::screen::GeoScreen;

/// What the pointer is over, as far as editing is concerned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hover {
    /// Vertex `index` of the selected line or polygon (a drag moves it, Delete removes it).
    Vertex { id: u64, index: usize },
    /// The edge of the selected line or polygon from vertex `index` to the next (a
    /// polygon's last edge wraps to vertex 0); `at` is the nearest point on it (a
    /// double-click inserts a vertex there, a drag moves the annotation).
    Edge { id: u64, index: usize, at: Pos2 },
    /// The selected annotation itself (a drag moves it).
    Selected(u64),
    /// Another annotation (a click selects it; a drag pans the map).
    Other(u64),
}

impl Hover {
    /// Whether a drag starting here edits the selected annotation.
    pub fn grabs(self) -> bool {
        !matches!(self, Hover::Other(_))
    }
}

/// An annotation being dragged, with its live preview.
#[derive(Clone, Debug, PartialEq)]
pub enum Drag {
    /// The whole annotation follows the pointer from `start` (WGS-84, where it was
    /// pressed).
    Move {
        start: [f64; 2],
        original: Annotation,
        current: Annotation,
    },
    /// Vertex `index` of `original` follows the pointer, keeping `grab`, the offset in UI
    /// points from the vertex to where its handle was pressed; in `current` it is at
    /// `current_index` (a polygon turned clockwise is reversed, see
    /// [`Annotation::move_vertex`]).
    Vertex {
        index: usize,
        grab: Vec2,
        original: Annotation,
        current: Annotation,
        current_index: usize,
    },
}

impl Drag {
    /// The annotation as it would be if the drag ended now.
    pub fn preview(&self) -> &Annotation {
        match self {
            Drag::Move { current, .. } | Drag::Vertex { current, .. } => current,
        }
    }

    /// The annotation as it was before the drag.
    pub fn original(&self) -> &Annotation {
        match self {
            Drag::Move { original, .. } | Drag::Vertex { original, .. } => original,
        }
    }

    /// The dragged annotation's ID.
    pub fn id(&self) -> u64 {
        self.original().id
    }
}

/// Where the primary button went down on the map, and what was under it then.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Press {
    at: Pos2,
    hover: Option<Hover>,
}

/// In-progress interaction, kept by the app between frames (not persisted). Start with
/// `Sketch::default()`; only [`update_sketch`] changes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sketch {
    /// WGS-84 vertices placed so far with the line or polygon tool.
    pub placed: Vec<[f64; 2]>,
    /// The annotation or vertex being dragged with the select tool.
    pub drag: Option<Drag>,
    /// What the pointer is over with the select tool. Recomputed only while the primary
    /// button is up (and on the frame it goes down), so a pan that sweeps across the
    /// selection does not grab it.
    pub hover: Option<Hover>,
    /// The pointer, in UI points, while it is over the map (for the rubber band).
    pub pointer: Option<Pos2>,
    press: Option<Press>,
    /// The tool of the last update: switching tools drops what was in progress.
    tool: Tool,
}

impl Sketch {
    /// Whether vertices have been placed and not yet finished or cancelled.
    pub fn is_drawing(&self) -> bool {
        !self.placed.is_empty()
    }

    /// Whether an annotation or a vertex is being dragged.
    pub fn is_dragging(&self) -> bool {
        self.drag.is_some()
    }

    /// Drops whatever is in progress (placed vertices, a drag) without an event.
    pub fn clear(&mut self) {
        self.placed.clear();
        self.drag = None;
        self.press = None;
    }
}

/// What the user finished this frame; the app turns it into edits.
#[derive(Clone, Debug, PartialEq)]
pub enum AnnotationEvent {
    /// A new, valid annotation with id 0 and the default style: the app assigns the ID
    /// (`Project::next_annotation_id`). A text annotation has an empty title, which the
    /// app asks for (and drops the annotation if none is given).
    Created(Annotation),
    /// A finished move, vertex drag, vertex insertion or vertex deletion: `after` is
    /// valid and has `before`'s ID (apply as `Edit::ReplaceAnnotation(after)`).
    Changed { before: Annotation, after: Annotation },
    /// The selection the user asked for (`None`: clicked empty map, or Esc). Only emitted
    /// when it differs from the current selection.
    Selected(Option<u64>),
    /// Delete (or Backspace) with this annotation selected.
    Deleted(u64),
    /// Esc in a drawing tool (its placed vertices, if any, were dropped) or during a drag
    /// (the annotation stays as it was). Nothing changed.
    Cancelled,
}

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
        let key = |k: Key| keys && ui.input(|i| i.key_pressed(k));
        AnnotationInput {
            pos_in_ui,
            pressed: pressed && pos_in_ui.is_some(),
            down,
            released,
            clicked: response.clicked(),
            double_clicked: response.double_clicked(),
            drag_delta: response.drag_delta(),
            escape: key(Key::Escape),
            enter: key(Key::Enter),
            delete: key(Key::Delete),
            backspace: key(Key::Backspace),
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

    /// `key` (Escape, Enter, Delete or Backspace; others are ignored) pressed with the
    /// pointer at `pos`.
    pub fn key(key: Key, pos: Option<Pos2>) -> Self {
        AnnotationInput {
            pos_in_ui: pos,
            escape: key == Key::Escape,
            enter: key == Key::Enter,
            delete: key == Key::Delete,
            backspace: key == Key::Backspace,
            ..Default::default()
        }
    }
}

/// Whether the map must not pan with the primary button this frame: a drawing tool is
/// active, an annotation or vertex is being dragged, or the pointer is over the selected
/// annotation (so a press there starts a move rather than a pan).
///
/// walkers 0.65 decides on panning inside `Map::show`, from the map response's
/// `dragged_by(button)` for the buttons in `Map::drag_pan_buttons` (default: primary),
/// *before* any plugin runs. So call this before building the `Map` of a frame, with the
/// sketch as the previous frame's [`update_sketch`] left it (its `hover` was recomputed
/// when the button went down, several frames before egui decides the press is a drag),
/// and pass the result through [`pan_buttons`]:
///
/// ```ignore
/// let map = Map::new(tiles, &mut memory, centre)
///     .drag_pan_buttons(annotation_layer::pan_buttons(&sketch, tool));
/// ```
///
/// With no primary pan button, walkers neither moves the map nor starts its inertia
/// (`drag_stopped` only acts on a map it was moving); scrolling and pinch zoom still work.
/// Keep `Map::double_click_to_zoom` off (the walkers default): a double-click finishes a
/// line or polygon and inserts a vertex.
pub fn captures_drag(sketch: &Sketch, tool: Tool) -> bool {
    tool != Tool::Select || sketch.drag.is_some() || sketch.hover.is_some_and(Hover::grabs)
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
        Tool::Point | Tool::Line | Tool::Polygon => Some(CursorIcon::Crosshair),
    }
}

/// Advances the sketch for one frame and returns what the user finished.
///
/// - Switching tools silently drops placed vertices and a drag.
/// - Esc: during a drag, abandons it (`Cancelled`); with the select tool, deselects
///   (`Selected(None)`); with a drawing tool, drops the placed vertices (`Cancelled`).
/// - Select tool: a click selects the topmost annotation under the pointer, or `None` on
///   empty map. A press on the selected annotation (or within [`LINE_HIT_PX`] of its
///   outline) that moves more than [`DRAG_START_PX`] moves it; on a vertex handle of the
///   selected line or polygon, moves that vertex with the pointer (keeping the offset at
///   which the handle was grabbed). The sketch shows the preview; the
///   release emits `Changed` if the result differs and is valid (a vertex dragged onto
///   another so that too few distinct positions remain is dropped). A double-click on
///   an edge of the selected line or polygon inserts a vertex there (`Changed`). Delete or
///   Backspace removes the hovered vertex of the selected annotation (`Changed`; nothing
///   when the kind's minimum would be broken), and otherwise the selected annotation
///   (`Deleted`).
/// - Point and text tools: a click creates one at the pointer (`Created`; a double-click
///   creates one, not two).
/// - Line and polygon tools: clicks place vertices (a click on the last one again is
///   ignored); a double-click (placing its position if it is not the last vertex), Enter,
///   or a click on the first vertex of a polygon with three or more finishes: `Created`
///   with `default_style` when valid (a line needs two distinct positions, a polygon
///   three), else nothing and the vertices stay. Backspace or Delete removes the last
///   placed vertex.
///
/// `selected` is the app's selection, `annotations` its list (the sketch never changes
/// them); `screen` is this frame's transform.
pub fn update_sketch(
    sketch: &mut Sketch,
    tool: Tool,
    input: &AnnotationInput,
    annotations: &[Annotation],
    selected: Option<u64>,
    screen: &GeoScreen,
    default_style: &Style,
) -> Vec<AnnotationEvent> {
    let mut events = Vec::new();
    if sketch.tool != tool {
        sketch.clear();
        sketch.hover = None;
        sketch.tool = tool;
    }
    sketch.pointer = input.pos_in_ui;
    // An annotation removed under a drag (undo, another panel) ends the drag.
    if sketch
        .drag
        .as_ref()
        .is_some_and(|d| !annotations.iter().any(|a| a.id == d.id()))
    {
        sketch.drag = None;
    }
    if input.escape {
        sketch.press = None;
        if sketch.drag.take().is_some() || tool != Tool::Select {
            sketch.placed.clear();
            events.push(AnnotationEvent::Cancelled);
        } else if selected.is_some() {
            events.push(AnnotationEvent::Selected(None));
        }
        return events;
    }
    match tool {
        Tool::Select => select_frame(sketch, input, annotations, selected, screen, &mut events),
        Tool::Point | Tool::Text => {
            sketch.hover = None;
            if input.clicked
                && !input.double_clicked
                && let Some(pos) = input.pos_in_ui
            {
                let kind = if tool == Tool::Point {
                    AnnotationKind::Point
                } else {
                    AnnotationKind::Text
                };
                if let Ok(mut a) = Annotation::new(0, kind, vec![screen.lon_lat(pos)]) {
                    a.style = default_style.clone();
                    events.push(AnnotationEvent::Created(a));
                }
            }
        }
        Tool::Line | Tool::Polygon => {
            sketch.hover = None;
            draw_frame(sketch, tool, input, screen, default_style, &mut events);
        }
    }
    events
}

fn select_frame(
    sketch: &mut Sketch,
    input: &AnnotationInput,
    annotations: &[Annotation],
    selected: Option<u64>,
    screen: &GeoScreen,
    events: &mut Vec<AnnotationEvent>,
) {
    let pos = input.pos_in_ui;
    if !input.down || input.pressed {
        sketch.hover = pos.and_then(|p| hover_at(annotations, selected, screen, p));
    }
    if input.pressed
        && let Some(at) = pos
    {
        sketch.press = Some(Press {
            at,
            hover: sketch.hover,
        });
    }

    // A drag in progress: follow the pointer, finish on release.
    if let Some(drag) = &mut sketch.drag {
        if let Some(p) = pos {
            follow(drag, screen, p);
        }
        if input.down && !input.released {
            return;
        }
        sketch.press = None;
        if let Some(drag) = sketch.drag.take() {
            let (before, after) = match drag {
                Drag::Move { original, current, .. } | Drag::Vertex { original, current, .. } => (original, current),
            };
            if after != before && after.is_valid() {
                events.push(AnnotationEvent::Changed { before, after });
            }
        }
        return;
    }

    // A press on the selection that has moved far enough becomes a drag.
    if input.down
        && let (Some(press), Some(p)) = (sketch.press, pos)
        && (p - press.at).length() > DRAG_START_PX
    {
        let original = press.hover.and_then(|h| {
            let id = match h {
                Hover::Vertex { id, .. } | Hover::Edge { id, .. } | Hover::Selected(id) => id,
                Hover::Other(_) => return None,
            };
            (selected == Some(id))
                .then(|| annotations.iter().find(|a| a.id == id))
                .flatten()
        });
        if let (Some(original), Some(hover)) = (original, press.hover) {
            let mut drag = match hover {
                Hover::Vertex { index, .. } if index < original.vertices.len() => Drag::Vertex {
                    index,
                    grab: press.at - screen.pos(original.vertices[index]),
                    original: original.clone(),
                    current: original.clone(),
                    current_index: index,
                },
                _ => Drag::Move {
                    start: screen.lon_lat(press.at),
                    original: original.clone(),
                    current: original.clone(),
                },
            };
            follow(&mut drag, screen, p);
            sketch.drag = Some(drag);
            sketch.press = None;
            return;
        }
    }
    if !input.down {
        sketch.press = None;
    }

    let selected_annotation = selected.and_then(|id| annotations.iter().find(|a| a.id == id));
    if (input.delete || input.backspace)
        && let Some(a) = selected_annotation
    {
        match sketch.hover {
            Some(Hover::Vertex { id, index }) if id == a.id => {
                let mut after = a.clone();
                if after.delete_vertex(index).is_ok() && after.is_valid() {
                    events.push(AnnotationEvent::Changed {
                        before: a.clone(),
                        after,
                    });
                    sketch.hover = None;
                }
            }
            _ => events.push(AnnotationEvent::Deleted(a.id)),
        }
        return;
    }

    if input.double_clicked
        && let (Some(Hover::Edge { id, index, at }), Some(a)) = (sketch.hover, selected_annotation)
        && id == a.id
    {
        let mut after = a.clone();
        if let Ok(new_index) = after.insert_vertex(index + 1, screen.lon_lat(at))
            && after.is_valid()
        {
            events.push(AnnotationEvent::Changed {
                before: a.clone(),
                after,
            });
            sketch.hover = Some(Hover::Vertex { id, index: new_index });
        }
        return;
    }

    if input.clicked && pos.is_some() {
        let target = match sketch.hover {
            Some(Hover::Vertex { id, .. } | Hover::Edge { id, .. } | Hover::Selected(id) | Hover::Other(id)) => {
                Some(id)
            }
            None => None,
        };
        if target != selected {
            events.push(AnnotationEvent::Selected(target));
        }
    }
}

/// Moves the drag's preview to follow the pointer at `p`.
fn follow(drag: &mut Drag, screen: &GeoScreen, p: Pos2) {
    match drag {
        Drag::Move {
            start,
            original,
            current,
        } => {
            let here = screen.lon_lat(p);
            let mut moved = original.clone();
            if moved.translate(here[0] - start[0], here[1] - start[1]).is_ok() {
                *current = moved;
            }
        }
        Drag::Vertex {
            index,
            grab,
            original,
            current,
            current_index,
        } => {
            let mut moved = original.clone();
            if let Ok(i) = moved.move_vertex(*index, screen.lon_lat(p - *grab)) {
                *current = moved;
                *current_index = i;
            }
        }
    }
}

fn draw_frame(
    sketch: &mut Sketch,
    tool: Tool,
    input: &AnnotationInput,
    screen: &GeoScreen,
    default_style: &Style,
    events: &mut Vec<AnnotationEvent>,
) {
    let kind = if tool == Tool::Line {
        AnnotationKind::Line
    } else {
        AnnotationKind::Polygon
    };
    if input.backspace || input.delete {
        sketch.placed.pop();
        return;
    }
    if input.enter {
        finish(sketch, kind, default_style, events);
        return;
    }
    let Some(pos) = input.pos_in_ui else { return };
    let near = |v: Option<&[f64; 2]>| v.is_some_and(|v| (screen.pos(*v) - pos).length() <= DRAG_START_PX);
    if input.double_clicked {
        if !near(sketch.placed.last()) {
            sketch.placed.push(screen.lon_lat(pos));
        }
        finish(sketch, kind, default_style, events);
        return;
    }
    if input.clicked {
        if kind == AnnotationKind::Polygon && sketch.placed.len() >= 3 && near(sketch.placed.first()) {
            finish(sketch, kind, default_style, events);
        } else if !near(sketch.placed.last()) {
            sketch.placed.push(screen.lon_lat(pos));
        }
    }
}

fn finish(sketch: &mut Sketch, kind: AnnotationKind, default_style: &Style, events: &mut Vec<AnnotationEvent>) {
    if let Ok(mut a) = Annotation::new(0, kind, sketch.placed.clone()) {
        a.style = default_style.clone();
        events.push(AnnotationEvent::Created(a));
        sketch.placed.clear();
    }
}

// ---------------------------------------------------------------------------------------
// Geometry on screen and hit-testing.

/// Marker radius (UI points) of a point annotation.
fn marker_radius(size: MarkerSize) -> f32 {
    match size {
        MarkerSize::Small => 5.0,
        MarkerSize::Medium => 7.0,
        MarkerSize::Large => 10.0,
    }
}

/// Font size of a text annotation.
fn text_size(size: MarkerSize) -> f32 {
    match size {
        MarkerSize::Small => 12.0,
        MarkerSize::Medium => 15.0,
        MarkerSize::Large => 20.0,
    }
}

/// The rect a text annotation's label covers, estimated without fonts (CJK and other
/// wide characters one em, the rest 0.6 em); an empty title is a small square.
fn text_rect(a: &Annotation, screen: &GeoScreen) -> Rect {
    let centre = a.vertices.first().map_or(Pos2::ZERO, |v| screen.pos(*v));
    let size = text_size(a.style.marker_size);
    let width: f32 = a
        .title
        .chars()
        .map(|c| if (c as u32) >= 0x1100 { size } else { size * 0.6 })
        .sum();
    Rect::from_center_size(centre, vec2(width.max(14.0), (size * 1.25).max(14.0)))
}

fn screen_points(a: &Annotation, screen: &GeoScreen) -> Vec<Pos2> {
    a.vertices.iter().map(|v| screen.pos(*v)).collect()
}

/// The segments of a line, or of a polygon's closed ring, as index pairs.
fn segments(kind: AnnotationKind, n: usize) -> impl Iterator<Item = (usize, usize)> {
    let closed = kind == AnnotationKind::Polygon && n >= 3;
    let count = if closed { n } else { n.saturating_sub(1) };
    (0..count).map(move |i| (i, (i + 1) % n))
}

fn closest_on_segment(p: Pos2, a: Pos2, b: Pos2) -> Pos2 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    a + ab * t
}

/// Even-odd containment of `p` in the ring `points` (not closed).
fn ring_contains(points: &[Pos2], p: Pos2) -> bool {
    let n = points.len();
    let mut inside = false;
    for i in 0..n {
        let (a, b) = (points[i], points[(i + n - 1) % n]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
    }
    inside
}

fn hits(a: &Annotation, screen: &GeoScreen, p: Pos2) -> bool {
    match a.kind {
        AnnotationKind::Point => a
            .vertices
            .first()
            .is_some_and(|v| (screen.pos(*v) - p).length() <= marker_radius(a.style.marker_size) + 3.0),
        AnnotationKind::Text => text_rect(a, screen).expand(2.0).contains(p),
        AnnotationKind::Line | AnnotationKind::Polygon => {
            let pts = screen_points(a, screen);
            let reach = LINE_HIT_PX + (a.style.stroke_width as f32) / 2.0;
            let near_outline =
                segments(a.kind, pts.len()).any(|(i, j)| (closest_on_segment(p, pts[i], pts[j]) - p).length() <= reach);
            near_outline || (a.kind == AnnotationKind::Polygon && ring_contains(&pts, p))
        }
    }
}

/// Indices of `annotations` in painting order: polygons, then lines, then points, then
/// text labels, each group in list order.
fn draw_order(annotations: &[Annotation]) -> Vec<usize> {
    let rank = |k: AnnotationKind| match k {
        AnnotationKind::Polygon => 0,
        AnnotationKind::Line => 1,
        AnnotationKind::Point => 2,
        AnnotationKind::Text => 3,
    };
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    order.sort_by_key(|&i| rank(annotations[i].kind));
    order
}

/// The topmost annotation under the pointer, in painting order reversed (text labels and
/// points over lines over polygons, later over earlier): a point within its marker
/// (+3 points), a text within its label rect (estimated), a line within [`LINE_HIT_PX`]
/// plus half its width, a polygon containing the pointer or within that distance of its
/// outline.
pub fn annotation_at(annotations: &[Annotation], screen: &GeoScreen, pos_in_ui: Pos2) -> Option<u64> {
    draw_order(annotations)
        .into_iter()
        .rev()
        .map(|i| &annotations[i])
        .find(|a| hits(a, screen, pos_in_ui))
        .map(|a| a.id)
}

/// What editing the pointer at `p` would do: a vertex handle of the selected line or
/// polygon first, then the topmost annotation if it is not the selected one, then an edge
/// of the selected line or polygon, then the selected annotation's body.
pub fn hover_at(annotations: &[Annotation], selected: Option<u64>, screen: &GeoScreen, p: Pos2) -> Option<Hover> {
    let sel = selected.and_then(|id| annotations.iter().find(|a| a.id == id));
    if let Some(a) = sel.filter(|a| !a.kind.is_single_position()) {
        let pts = screen_points(a, screen);
        let nearest = pts
            .iter()
            .enumerate()
            .map(|(i, q)| (i, (*q - p).length()))
            .filter(|(_, d)| *d <= HANDLE_HIT_PX)
            .min_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((index, _)) = nearest {
            return Some(Hover::Vertex { id: a.id, index });
        }
    }
    let top = annotation_at(annotations, screen, p);
    if let Some(id) = top
        && Some(id) != selected
    {
        return Some(Hover::Other(id));
    }
    if let Some(a) = sel.filter(|a| !a.kind.is_single_position()) {
        let pts = screen_points(a, screen);
        let reach = LINE_HIT_PX + (a.style.stroke_width as f32) / 2.0;
        let edge = segments(a.kind, pts.len())
            .map(|(i, j)| (i, closest_on_segment(p, pts[i], pts[j])))
            .map(|(i, at)| (i, at, (at - p).length()))
            .filter(|(_, _, d)| *d <= reach)
            .min_by(|x, y| x.2.total_cmp(&y.2));
        if let Some((index, at, _)) = edge {
            return Some(Hover::Edge { id: a.id, index, at });
        }
    }
    top.map(Hover::Selected)
}

// ---------------------------------------------------------------------------------------
// Painting.

fn colour(rgb: Rgb, opacity: f64) -> Color32 {
    let [r, g, b] = rgb.0;
    Color32::from_rgba_unmultiplied(r, g, b, (opacity.clamp(0.0, 1.0) * 255.0).round() as u8)
}

/// Appends the fill of the ring `points` (earcut, so concave rings fill correctly).
fn fill_ring(painter: &Painter, points: &[Pos2], fill: Color32) {
    let mut distinct: Vec<Pos2> = Vec::new();
    for p in points {
        if distinct.last() != Some(p) {
            distinct.push(*p);
        }
    }
    if distinct.len() > 1 && distinct.first() == distinct.last() {
        distinct.pop();
    }
    if distinct.len() < 3 || fill.a() == 0 {
        return;
    }
    let ring: geo::LineString<f64> = distinct
        .iter()
        .map(|p| geo::Coord {
            x: f64::from(p.x),
            y: f64::from(p.y),
        })
        .collect();
    let raw = geo::Polygon::new(ring, Vec::new()).earcut_triangles_raw();
    let mut mesh = Mesh::default();
    for v in &raw.vertices {
        mesh.colored_vertex(Pos2::new(v[0] as f32, v[1] as f32), fill);
    }
    mesh.indices.extend(raw.triangle_indices.iter().map(|&i| i as u32));
    painter.add(Shape::mesh(mesh));
}

fn paint_text(painter: &Painter, at: Pos2, text: &str, size: f32, colour: Color32) {
    let font = FontId::proportional(size);
    let halo = Color32::from_white_alpha(230);
    for d in [vec2(-1.0, 0.0), vec2(1.0, 0.0), vec2(0.0, -1.0), vec2(0.0, 1.0)] {
        painter.text(at + d, Align2::CENTER_CENTER, text, font.clone(), halo);
    }
    painter.text(at, Align2::CENTER_CENTER, text, font, colour);
}

fn paint_marker(painter: &Painter, at: Pos2, style: &Style, alpha: f32) {
    let r = marker_radius(style.marker_size);
    let fill = colour(style.marker_colour, 1.0).gamma_multiply(alpha);
    painter.circle(at, r, fill, Stroke::new(1.5, Color32::WHITE.gamma_multiply(alpha)));
    let symbol = style.marker_symbol.trim();
    if !symbol.is_empty() && symbol.chars().count() <= 2 {
        painter.text(
            at,
            Align2::CENTER_CENTER,
            symbol,
            FontId::proportional(r * 1.3),
            Color32::WHITE.gamma_multiply(alpha),
        );
    }
}

/// Paints one annotation in its style; `selected` adds the selection halo under it.
fn paint_annotation(painter: &Painter, a: &Annotation, screen: &GeoScreen, selected: bool, visible: Rect) {
    let s = &a.style;
    let halo = Stroke::new(s.stroke_width as f32 + 7.0, SELECTION.gamma_multiply(0.35));
    match a.kind {
        AnnotationKind::Point => {
            let Some(at) = a.vertices.first().map(|v| screen.pos(*v)) else {
                return;
            };
            if !visible.contains(at) {
                return;
            }
            if selected {
                painter.circle_stroke(at, marker_radius(s.marker_size) + 4.0, Stroke::new(2.5, SELECTION));
            }
            paint_marker(painter, at, s, 1.0);
        }
        AnnotationKind::Text => {
            let rect = text_rect(a, screen);
            if !visible.intersects(rect) {
                return;
            }
            if selected {
                painter.rect_stroke(
                    rect.expand(3.0),
                    2.0,
                    Stroke::new(1.5, SELECTION),
                    egui::StrokeKind::Outside,
                );
            }
            let c = colour(s.marker_colour, 1.0);
            if a.title.is_empty() {
                painter.rect_stroke(
                    Rect::from_center_size(rect.center(), Vec2::splat(12.0)),
                    1.0,
                    Stroke::new(1.5, c),
                    egui::StrokeKind::Middle,
                );
            } else {
                paint_text(painter, rect.center(), &a.title, text_size(s.marker_size), c);
            }
        }
        AnnotationKind::Line | AnnotationKind::Polygon => {
            let pts = screen_points(a, screen);
            let Some(bounds) = bounds_of(&pts) else { return };
            if !visible.intersects(bounds) {
                return;
            }
            let stroke = Stroke::new(s.stroke_width as f32, colour(s.stroke, s.stroke_opacity));
            if a.kind == AnnotationKind::Polygon {
                if selected {
                    painter.add(Shape::closed_line(pts.clone(), halo));
                }
                fill_ring(painter, &pts, colour(s.fill, s.fill_opacity));
                if stroke.width > 0.0 {
                    painter.add(Shape::closed_line(pts, stroke));
                }
            } else {
                if selected {
                    painter.add(Shape::line(pts.clone(), halo));
                }
                if stroke.width > 0.0 {
                    let casing = Color32::WHITE.gamma_multiply(0.6 * s.stroke_opacity.clamp(0.0, 1.0) as f32);
                    painter.add(Shape::line(pts.clone(), Stroke::new(stroke.width + 2.0, casing)));
                    painter.add(Shape::line(pts, stroke));
                }
            }
        }
    }
}

fn bounds_of(points: &[Pos2]) -> Option<Rect> {
    let first = *points.first()?;
    Some(points.iter().fold(Rect::from_min_max(first, first), |r, p| {
        r.union(Rect::from_min_max(*p, *p))
    }))
}

fn paint_handle(painter: &Painter, at: Pos2, active: bool) {
    if active {
        painter.circle(at, HANDLE_RADIUS + 1.5, SELECTION, Stroke::new(1.5, Color32::WHITE));
    } else {
        painter.circle(at, HANDLE_RADIUS, Color32::WHITE, Stroke::new(1.5, SELECTION));
    }
}

/// The vertex handles of the selected line or polygon, and the hovered edge's insertion
/// mark.
fn paint_handles(painter: &Painter, a: &Annotation, sketch: &Sketch, screen: &GeoScreen) {
    if a.kind.is_single_position() {
        return;
    }
    let active = match (&sketch.drag, sketch.hover) {
        (Some(Drag::Vertex { current_index, .. }), _) => Some(*current_index),
        (None, Some(Hover::Vertex { id, index })) if id == a.id => Some(index),
        _ => None,
    };
    for (i, p) in screen_points(a, screen).into_iter().enumerate() {
        paint_handle(painter, p, active == Some(i));
    }
    if sketch.drag.is_none()
        && let Some(Hover::Edge { id, at, .. }) = sketch.hover
        && id == a.id
    {
        painter.circle_stroke(at, HANDLE_RADIUS - 1.0, Stroke::new(1.5, SELECTION));
    }
}

/// The line or polygon being drawn, with the rubber band to the pointer, or the ghost of
/// a point at the pointer.
fn paint_sketch(painter: &Painter, sketch: &Sketch, tool: Tool, screen: &GeoScreen) {
    let band = Stroke::new(1.5, SELECTION);
    match tool {
        Tool::Select | Tool::Text => {}
        Tool::Point => {
            if let Some(p) = sketch.pointer {
                paint_marker(painter, p, &Style::default(), 0.45);
            }
        }
        Tool::Line | Tool::Polygon => {
            let placed: Vec<Pos2> = sketch.placed.iter().map(|v| screen.pos(*v)).collect();
            let (Some(first), Some(last)) = (placed.first().copied(), placed.last().copied()) else {
                return;
            };
            if tool == Tool::Polygon {
                let mut ring = placed.clone();
                ring.extend(sketch.pointer);
                fill_ring(painter, &ring, SELECTION.gamma_multiply(0.12));
            }
            painter.add(Shape::line(placed.clone(), Stroke::new(2.0, SELECTION)));
            if let Some(p) = sketch.pointer {
                painter.extend(Shape::dashed_line(&[last, p], band, 6.0, 4.0));
                if tool == Tool::Polygon && placed.len() >= 2 {
                    painter.extend(Shape::dashed_line(&[p, first], band, 6.0, 4.0));
                }
            }
            for (i, p) in placed.iter().enumerate() {
                paint_handle(painter, *p, tool == Tool::Polygon && i == 0 && placed.len() >= 3);
            }
        }
    }
}

/// Paints the annotations (simplestyle-like from their [`Style`]: markers by colour and
/// size, lines by stroke, polygons by stroke and fill, text labels in the marker colour
/// with a white halo; a text without a title is a small square), in the order of
/// [`annotation_at`]; a dragged annotation at its preview; the selected one with a halo
/// and, for a line or polygon, its vertex handles; and the sketch in progress (placed
/// vertices, the rubber band to the pointer, a polygon's closing edge and fill). Only
/// what meets `painter.clip_rect()` is drawn.
pub fn paint_annotations(
    painter: &Painter,
    annotations: &[Annotation],
    selected: Option<u64>,
    sketch: &Sketch,
    tool: Tool,
    screen: &GeoScreen,
) {
    let visible = painter.clip_rect().expand(40.0);
    let preview = sketch.drag.as_ref().map(Drag::preview);
    let shown = |a: &'_ Annotation| -> Annotation {
        match preview {
            Some(p) if p.id == a.id => p.clone(),
            _ => a.clone(),
        }
    };
    for i in draw_order(annotations) {
        let a = &annotations[i];
        let is_selected = selected == Some(a.id);
        match preview {
            Some(p) if p.id == a.id => paint_annotation(painter, p, screen, is_selected, visible),
            _ => paint_annotation(painter, a, screen, is_selected, visible),
        }
    }
    if let Some(a) = selected.and_then(|id| annotations.iter().find(|a| a.id == id)) {
        paint_handles(painter, &shown(a), sketch, screen);
    }
    paint_sketch(painter, sketch, tool, screen);
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
    use super::*;
    use crate::map::lod::ScreenFromMercator;
    use egui::pos2;

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
            pointer: Some(pos2(40.0, 60.0)),
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
