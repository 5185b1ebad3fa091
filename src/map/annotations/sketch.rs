//! The annotation sketch: a pure per-frame state machine from pointer and key input
//! ([`SketchInput`]) to [`AnnotationEvent`]s. Nothing here paints, reads egui's input or
//! names an egui type: positions on screen are `[x, y]` in UI points ([`PosInUi`]), the
//! screen is a [`SketchScreen`], and the plugin converts (`AnnotationInput`,
//! `GeoScreen`). Tests drive it frame by frame.

use super::{DRAG_START_PX, Tool};
use crate::model::annotation::{Annotation, AnnotationKind, Style};

/// A position on screen, `[x, y]` in UI points.
pub type PosInUi = [f32; 2];

/// `a − b`.
fn offset(a: PosInUi, b: PosInUi) -> [f32; 2] {
    [a[0] - b[0], a[1] - b[1]]
}

/// The distance from `a` to `b` in UI points.
fn distance(a: PosInUi, b: PosInUi) -> f32 {
    let [x, y] = offset(a, b);
    x.hypot(y)
}

/// What the sketch needs of this frame's screen: where a WGS-84 `[lon, lat]` is drawn,
/// what is drawn at a position, and what editing the pointer there would do.
pub trait SketchScreen {
    /// Where the WGS-84 `[lon, lat]` is drawn.
    fn pos_in_ui(&self, lon_lat: [f64; 2]) -> PosInUi;
    /// The WGS-84 `[lon, lat]` drawn at `pos_in_ui`.
    fn lon_lat_at(&self, pos_in_ui: PosInUi) -> [f64; 2];
    /// What editing the pointer at `pos_in_ui` would do (see `hover_at`).
    fn hover_at(&self, annotations: &[Annotation], selected: Option<u64>, pos_in_ui: PosInUi) -> Option<Hover>;
}

/// One frame of pointer and key input, as the sketch reads it (see `AnnotationInput`,
/// which the plugin reads from egui and converts).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SketchInput {
    /// The pointer, when it is over the map or interacting with it.
    pub pos_in_ui: Option<PosInUi>,
    /// The primary button went down on the map this frame.
    pub pressed: bool,
    /// The primary button is down.
    pub down: bool,
    /// The primary button went up this frame.
    pub released: bool,
    /// A primary click on the map ended this frame.
    pub clicked: bool,
    /// The click that ended this frame was the second of a double-click.
    pub double_clicked: bool,
    /// A secondary (right) click on the map ended this frame.
    pub secondary_clicked: bool,
    pub escape: bool,
    pub enter: bool,
    pub delete: bool,
    pub backspace: bool,
}

/// What the pointer is over, as far as editing is concerned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hover {
    /// Vertex `index` of the selected line or polygon (a drag moves it, Delete removes it).
    Vertex { id: u64, index: usize },
    /// The edge of the selected line or polygon from vertex `index` to the next (a
    /// polygon's last edge wraps to vertex 0); `at` is the nearest point on it (a
    /// double-click inserts a vertex there, a drag moves the annotation).
    Edge { id: u64, index: usize, at: PosInUi },
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
        grab: [f32; 2],
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
pub(super) struct Press {
    at: PosInUi,
    hover: Option<Hover>,
}

/// In-progress interaction, kept by the app between frames (not persisted). Start with
/// `Sketch::default()`; only [`super::update_sketch`] changes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sketch {
    /// WGS-84 vertices placed so far with the line, polygon or measure tool.
    pub placed: Vec<[f64; 2]>,
    /// With the measure tool, once the measurement is finished: the kind of annotation it
    /// would become — a line (ended by a double-click or Enter) or a polygon (closed by a
    /// click on its first point). `None` while points are still being placed.
    pub measured: Option<AnnotationKind>,
    /// The annotation or vertex being dragged with the select tool.
    pub drag: Option<Drag>,
    /// What the pointer is over with the select tool. Recomputed only while the primary
    /// button is up (and on the frame it goes down), so a pan that sweeps across the
    /// selection does not grab it.
    pub hover: Option<Hover>,
    /// The pointer, in UI points, while it is over the map (for the rubber band).
    pub pointer: Option<PosInUi>,
    pub(super) press: Option<Press>,
    /// The tool of the last update: switching tools drops what was in progress.
    pub(super) tool: Tool,
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

    /// Drops whatever is in progress (placed vertices, a measurement, a drag) without an
    /// event.
    pub fn clear(&mut self) {
        self.placed.clear();
        self.measured = None;
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

/// Whether the map must not pan with the primary button this frame: a drawing tool is
/// active, an annotation or vertex is being dragged, or the pointer is over the selected
/// annotation (so a press there starts a move rather than a pan).
///
/// walkers 0.65 decides on panning inside `Map::show`, from the map response's
/// `dragged_by(button)` for the buttons in `Map::drag_pan_buttons` (default: primary),
/// *before* any plugin runs. So call this before building the `Map` of a frame, with the
/// sketch as the previous frame's [`super::update_sketch`] left it (its `hover` was recomputed
/// when the button went down, several frames before egui decides the press is a drag),
/// and pass the result through [`super::pan_buttons`]:
///
/// ```ignore
/// let map = Map::new(tiles, &mut memory, centre)
///     .drag_pan_buttons(map::annotations::pan_buttons(&sketch, tool));
/// ```
///
/// With no primary pan button, walkers neither moves the map nor starts its inertia
/// (`drag_stopped` only acts on a map it was moving); scrolling and pinch zoom still work.
/// Keep `Map::double_click_to_zoom` off (the walkers default): a double-click finishes a
/// line or polygon and inserts a vertex.
pub fn captures_drag(sketch: &Sketch, tool: Tool) -> bool {
    tool != Tool::Select || sketch.drag.is_some() || sketch.hover.is_some_and(Hover::grabs)
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
/// - Measure tool: points are placed as with the line tool and never become an
///   annotation here (see `measure_frame`); Esc or a right-click drops them
///   (`Cancelled`).
///
/// `selected` is the app's selection, `annotations` its list (the sketch never changes
/// them); `screen` is this frame's transform.
pub fn update_sketch(
    sketch: &mut Sketch,
    tool: Tool,
    input: &SketchInput,
    annotations: &[Annotation],
    selected: Option<u64>,
    screen: &impl SketchScreen,
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
    if input.escape || (tool == Tool::Measure && input.secondary_clicked) {
        sketch.press = None;
        if sketch.drag.take().is_some() || tool != Tool::Select {
            sketch.placed.clear();
            sketch.measured = None;
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
                if let Ok(mut a) = Annotation::new(0, kind, vec![screen.lon_lat_at(pos)]) {
                    a.style = default_style.clone();
                    events.push(AnnotationEvent::Created(a));
                }
            }
        }
        Tool::Line | Tool::Polygon => {
            sketch.hover = None;
            draw_frame(sketch, tool, input, screen, default_style, &mut events);
        }
        Tool::Measure => {
            sketch.hover = None;
            measure_frame(sketch, input, screen);
        }
    }
    events
}

pub(super) fn select_frame(
    sketch: &mut Sketch,
    input: &SketchInput,
    annotations: &[Annotation],
    selected: Option<u64>,
    screen: &impl SketchScreen,
    events: &mut Vec<AnnotationEvent>,
) {
    let pos = input.pos_in_ui;
    if !input.down || input.pressed {
        sketch.hover = pos.and_then(|p| screen.hover_at(annotations, selected, p));
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
        && distance(p, press.at) > DRAG_START_PX
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
                    grab: offset(press.at, screen.pos_in_ui(original.vertices[index])),
                    original: original.clone(),
                    current: original.clone(),
                    current_index: index,
                },
                _ => Drag::Move {
                    start: screen.lon_lat_at(press.at),
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
        if let Ok(new_index) = after.insert_vertex(index + 1, screen.lon_lat_at(at))
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
pub(super) fn follow(drag: &mut Drag, screen: &impl SketchScreen, p: PosInUi) {
    match drag {
        Drag::Move {
            start,
            original,
            current,
        } => {
            let here = screen.lon_lat_at(p);
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
            if let Ok(i) = moved.move_vertex(*index, screen.lon_lat_at(offset(p, *grab))) {
                *current = moved;
                *current_index = i;
            }
        }
    }
}

/// What a frame of placing vertices asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placing {
    /// Nothing more than a vertex placed or removed.
    Going,
    /// A double-click or Enter: finish as it is.
    Finish,
    /// A click on the first vertex (with three or more placed): finish closed.
    Close,
}

/// Places and removes vertices as the line, polygon and measure tools do (see
/// [`update_sketch`]): Backspace or Delete removes the last one, a click places one (not
/// on the last again), a double-click places its position if new and finishes, Enter
/// finishes, and when `closable` a click on the first vertex of three or more closes.
fn placing_frame(sketch: &mut Sketch, closable: bool, input: &SketchInput, screen: &impl SketchScreen) -> Placing {
    if input.backspace || input.delete {
        sketch.placed.pop();
        return Placing::Going;
    }
    if input.enter {
        return Placing::Finish;
    }
    let Some(pos) = input.pos_in_ui else {
        return Placing::Going;
    };
    let near = |v: Option<&[f64; 2]>| v.is_some_and(|v| distance(screen.pos_in_ui(*v), pos) <= DRAG_START_PX);
    if input.double_clicked {
        if !near(sketch.placed.last()) {
            sketch.placed.push(screen.lon_lat_at(pos));
        }
        return Placing::Finish;
    }
    if input.clicked {
        if closable && sketch.placed.len() >= 3 && near(sketch.placed.first()) {
            return Placing::Close;
        } else if !near(sketch.placed.last()) {
            sketch.placed.push(screen.lon_lat_at(pos));
        }
    }
    Placing::Going
}

pub(super) fn draw_frame(
    sketch: &mut Sketch,
    tool: Tool,
    input: &SketchInput,
    screen: &impl SketchScreen,
    default_style: &Style,
    events: &mut Vec<AnnotationEvent>,
) {
    let kind = if tool == Tool::Line {
        AnnotationKind::Line
    } else {
        AnnotationKind::Polygon
    };
    if placing_frame(sketch, kind == AnnotationKind::Polygon, input, screen) != Placing::Going {
        finish(sketch, kind, default_style, events);
    }
}

/// The measure tool's frame: points are placed as with the line tool; a double-click or
/// Enter ends the measurement (with two distinct points or more), a click on the first of
/// three or more closes it. A finished measurement stays on the map until a click starts
/// the next one; Backspace reopens it without its last point. No events: the app reads
/// the sketch.
pub(super) fn measure_frame(sketch: &mut Sketch, input: &SketchInput, screen: &impl SketchScreen) {
    if sketch.measured.is_some() {
        if input.backspace || input.delete {
            sketch.measured = None;
        } else if input.clicked && !input.double_clicked {
            sketch.placed.clear();
            sketch.measured = None;
        } else {
            return;
        }
    }
    let distinct = |placed: &[[f64; 2]]| placed.iter().any(|v| Some(v) != placed.first());
    match placing_frame(sketch, true, input, screen) {
        Placing::Going => {}
        Placing::Finish if distinct(&sketch.placed) => sketch.measured = Some(AnnotationKind::Line),
        Placing::Finish => {}
        Placing::Close => sketch.measured = Some(AnnotationKind::Polygon),
    }
}

pub(super) fn finish(
    sketch: &mut Sketch,
    kind: AnnotationKind,
    default_style: &Style,
    events: &mut Vec<AnnotationEvent>,
) {
    if let Ok(mut a) = Annotation::new(0, kind, sketch.placed.clone()) {
        a.style = default_style.clone();
        events.push(AnnotationEvent::Created(a));
        sketch.placed.clear();
    }
}
