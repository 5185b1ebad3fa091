//! Drawing and editing annotations on the map (issue 5): the annotation layer's state
//! machine driven frame by frame as the app would drive it, events applied to a project
//! through the history, and the layer as a plugin on a real walkers map.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::map::annotations::{
    AnnotationEvent, AnnotationInput, AnnotationOutput, AnnotationPlugin, GeoScreen, Sketch, Tool, annotation_at,
    captures_drag, pan_buttons, update_sketch,
};
use dalian_atlas::map::lod::ScreenFromMercator;
use dalian_atlas::model::{Annotation, AnnotationKind, Edit, History, Project, Rgb, Style};
use egui::{Key, Pos2, pos2, vec2};

/// The map at zoom 12 over Dalian, its centre at (400, 300).
fn screen(display: CoordinateSystem) -> GeoScreen {
    GeoScreen::new(
        ScreenFromMercator::new(12.0, [121.6, 38.9], pos2(400.0, 300.0)),
        display,
    )
}

fn close(a: [f64; 2], b: [f64; 2]) -> bool {
    (a[0] - b[0]).abs() < 1e-6 && (a[1] - b[1]).abs() < 1e-6
}

/// The app's side: a project, its history and selection, the sketch between frames.
struct Session {
    project: Project,
    history: History,
    selected: Option<u64>,
    sketch: Sketch,
    tool: Tool,
    screen: GeoScreen,
    style: Style,
}

impl Session {
    fn new(tool: Tool) -> Session {
        Session {
            project: Project::default(),
            history: History::new(),
            selected: None,
            sketch: Sketch::default(),
            tool,
            screen: screen(CoordinateSystem::Wgs84),
            style: Style::default(),
        }
    }

    fn lon_lat(&self, x: f32, y: f32) -> [f64; 2] {
        self.screen.lon_lat(pos2(x, y))
    }

    /// Adds an annotation through the given screen positions; returns its ID.
    fn add(&mut self, kind: AnnotationKind, points: &[(f32, f32)]) -> u64 {
        let id = self.project.next_annotation_id();
        let vertices = points.iter().map(|p| self.lon_lat(p.0, p.1)).collect();
        let a = Annotation::new(id, kind, vertices).expect("a valid annotation");
        self.history
            .apply(&mut self.project, Edit::AddAnnotation(a))
            .expect("a new ID");
        id
    }

    fn annotation(&self, id: u64) -> &Annotation {
        self.project.annotation(id).expect("the annotation exists")
    }

    /// One frame: the state machine, then the events applied as the app does.
    fn frame(&mut self, input: AnnotationInput) -> Vec<AnnotationEvent> {
        let events = update_sketch(
            &mut self.sketch,
            self.tool,
            &input,
            &self.project.annotations,
            self.selected,
            &self.screen,
            &self.style,
        );
        for e in &events {
            let edit = match e.clone() {
                AnnotationEvent::Created(mut a) => {
                    a.id = self.project.next_annotation_id();
                    Some(Edit::AddAnnotation(a))
                }
                AnnotationEvent::Changed { after, .. } => Some(Edit::ReplaceAnnotation(after)),
                AnnotationEvent::Deleted(id) => {
                    self.selected = None;
                    Some(Edit::RemoveAnnotation(id))
                }
                AnnotationEvent::Selected(id) => {
                    self.selected = id;
                    None
                }
                AnnotationEvent::Cancelled => None,
            };
            if let Some(edit) = edit {
                self.history.apply(&mut self.project, edit).expect("the edit applies");
            }
        }
        events
    }

    /// A mouse click as egui reports it: hover, press, then release with `clicked`.
    fn click(&mut self, x: f32, y: f32) -> Vec<AnnotationEvent> {
        let p = pos2(x, y);
        let mut events = self.frame(AnnotationInput::hover(p));
        events.extend(self.frame(AnnotationInput::press(p)));
        events.extend(self.frame(AnnotationInput::click(p)));
        events
    }

    /// The second click of a double-click at the same place.
    fn double_click(&mut self, x: f32, y: f32) -> Vec<AnnotationEvent> {
        let p = pos2(x, y);
        let mut events = self.frame(AnnotationInput::press(p));
        events.extend(self.frame(AnnotationInput::double_click(p)));
        events
    }

    /// A drag from `from` to `to` in four moves, then the release.
    fn drag(&mut self, from: Pos2, to: Pos2) -> Vec<AnnotationEvent> {
        let mut events = self.frame(AnnotationInput::hover(from));
        events.extend(self.frame(AnnotationInput::press(from)));
        for k in 1..=4 {
            events.extend(self.frame(AnnotationInput::held(from + (to - from) * (k as f32 / 4.0))));
        }
        events.extend(self.frame(AnnotationInput::release(to)));
        events
    }

    fn key(&mut self, key: Key, x: f32, y: f32) -> Vec<AnnotationEvent> {
        let p = pos2(x, y);
        self.frame(AnnotationInput::hover(p));
        self.frame(AnnotationInput::key(key, Some(p)))
    }
}

#[test]
fn a_line_drawn_with_three_clicks_and_a_double_click_has_the_three_clicked_positions() {
    let mut s = Session::new(Tool::Line);
    assert!(s.click(100.0, 100.0).is_empty());
    assert!(s.click(200.0, 150.0).is_empty());
    // A double-click on the third position: its first click places the vertex, the
    // second finishes without placing it again.
    assert!(s.click(300.0, 120.0).is_empty());
    let events = s.double_click(300.0, 120.0);
    let [AnnotationEvent::Created(line)] = events.as_slice() else {
        panic!("one line created: {events:?}");
    };
    assert_eq!(line.id, 0, "the app assigns the ID");
    assert_eq!(line.kind, AnnotationKind::Line);
    assert_eq!(line.style, Style::default());
    let expected = [
        s.lon_lat(100.0, 100.0),
        s.lon_lat(200.0, 150.0),
        s.lon_lat(300.0, 120.0),
    ];
    assert_eq!(line.vertices.len(), 3);
    for (got, want) in line.vertices.iter().zip(expected) {
        assert!(close(*got, want), "{got:?} vs {want:?}");
    }
    assert!(s.sketch.placed.is_empty());
    assert_eq!(s.project.annotations.len(), 1);
}

#[test]
fn enter_finishes_a_line_with_the_default_style_the_app_chose() {
    let mut s = Session::new(Tool::Line);
    s.style.stroke = Rgb([0, 0x80, 0]);
    s.click(100.0, 100.0);
    s.click(200.0, 100.0);
    let events = s.key(Key::Enter, 250.0, 250.0);
    let [AnnotationEvent::Created(line)] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(line.vertices.len(), 2);
    assert_eq!(line.style.stroke, Rgb([0, 0x80, 0]));
}

#[test]
fn escape_cancels_a_sketch_and_clears_its_vertices() {
    let mut s = Session::new(Tool::Polygon);
    s.click(100.0, 100.0);
    s.click(200.0, 100.0);
    assert!(s.sketch.is_drawing());
    assert_eq!(s.key(Key::Escape, 150.0, 150.0), vec![AnnotationEvent::Cancelled]);
    assert!(s.sketch.placed.is_empty());
    // Enter now finishes nothing.
    assert!(s.key(Key::Enter, 150.0, 150.0).is_empty());
    assert!(s.project.annotations.is_empty());
}

#[test]
fn backspace_removes_the_last_placed_vertex() {
    let mut s = Session::new(Tool::Line);
    s.click(100.0, 100.0);
    s.click(200.0, 100.0);
    s.click(300.0, 100.0);
    assert!(s.key(Key::Backspace, 300.0, 100.0).is_empty());
    assert_eq!(s.sketch.placed.len(), 2);
    assert!(close(s.sketch.placed[1], s.lon_lat(200.0, 100.0)));
    let events = s.key(Key::Enter, 300.0, 100.0);
    let [AnnotationEvent::Created(line)] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(line.vertices.len(), 2);
}

#[test]
fn a_polygon_needs_three_vertices_so_enter_with_two_creates_nothing() {
    let mut s = Session::new(Tool::Polygon);
    s.click(100.0, 100.0);
    s.click(200.0, 100.0);
    assert!(s.key(Key::Enter, 150.0, 50.0).is_empty());
    // The two vertices stay: a third click and Enter make the polygon.
    assert_eq!(s.sketch.placed.len(), 2);
    s.click(150.0, 50.0);
    let events = s.key(Key::Enter, 150.0, 50.0);
    let [AnnotationEvent::Created(polygon)] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(polygon.kind, AnnotationKind::Polygon);
    assert_eq!(polygon.vertices.len(), 3);
}

#[test]
fn a_click_with_the_point_or_text_tool_creates_one_there_and_a_double_click_only_one() {
    let mut s = Session::new(Tool::Point);
    let events = s.click(250.0, 260.0);
    let [AnnotationEvent::Created(point)] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(point.kind, AnnotationKind::Point);
    assert!(close(point.vertices[0], s.lon_lat(250.0, 260.0)));
    assert!(s.double_click(250.0, 260.0).is_empty());

    s.tool = Tool::Text;
    let events = s.click(300.0, 200.0);
    let [AnnotationEvent::Created(text)] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(text.kind, AnnotationKind::Text);
    assert_eq!(text.title, "", "the app asks for the text");
}

#[test]
fn under_gcj02_tiles_a_click_creates_the_wgs84_position_drawn_under_the_pointer() {
    let mut s = Session::new(Tool::Point);
    s.screen = screen(CoordinateSystem::Gcj02);
    let events = s.click(420.0, 310.0);
    let [AnnotationEvent::Created(point)] = events.as_slice() else {
        panic!("{events:?}");
    };
    let drawn = s.screen.pos(point.vertices[0]);
    assert!((drawn - pos2(420.0, 310.0)).length() < 0.05, "{drawn:?}");
    let unshifted = screen(CoordinateSystem::Wgs84).pos(point.vertices[0]);
    assert!(
        (unshifted - drawn).length() > 5.0,
        "the GCJ-02 shift is tens of pixels at zoom 12"
    );
}

#[test]
fn clicking_selects_the_annotation_under_the_pointer_and_clicking_empty_map_deselects() {
    let mut s = Session::new(Tool::Select);
    let point = s.add(AnnotationKind::Point, &[(200.0, 200.0)]);
    let line = s.add(AnnotationKind::Line, &[(300.0, 300.0), (500.0, 300.0)]);
    assert_eq!(s.click(202.0, 199.0), vec![AnnotationEvent::Selected(Some(point))]);
    assert_eq!(s.click(400.0, 304.0), vec![AnnotationEvent::Selected(Some(line))]);
    assert!(s.click(400.0, 300.0).is_empty(), "already selected");
    assert_eq!(s.click(600.0, 500.0), vec![AnnotationEvent::Selected(None)]);
    assert!(s.click(600.0, 500.0).is_empty(), "nothing to deselect");
    assert_eq!(
        annotation_at(&s.project.annotations, &s.screen, pos2(200.0, 200.0)),
        Some(point)
    );
}

#[test]
fn escape_with_the_select_tool_deselects() {
    let mut s = Session::new(Tool::Select);
    let point = s.add(AnnotationKind::Point, &[(200.0, 200.0)]);
    s.click(200.0, 200.0);
    assert_eq!(s.selected, Some(point));
    assert_eq!(s.key(Key::Escape, 0.0, 0.0), vec![AnnotationEvent::Selected(None)]);
}

#[test]
fn dragging_the_selected_point_moves_it_by_the_drag_distance() {
    let mut s = Session::new(Tool::Select);
    let id = s.add(AnnotationKind::Point, &[(200.0, 200.0)]);
    s.click(200.0, 200.0);
    let before = s.annotation(id).clone();
    let events = s.drag(pos2(203.0, 198.0), pos2(263.0, 228.0));
    let [AnnotationEvent::Changed { before: b, after }] = events.as_slice() else {
        panic!("one change: {events:?}");
    };
    assert_eq!(b, &before);
    let (from, to) = (s.lon_lat(203.0, 198.0), s.lon_lat(263.0, 228.0));
    let want = [
        before.vertices[0][0] + to[0] - from[0],
        before.vertices[0][1] + to[1] - from[1],
    ];
    assert!(close(after.vertices[0], want), "{:?} vs {want:?}", after.vertices[0]);
    assert_eq!(s.annotation(id), after);
    // One gesture, one undo step.
    assert_eq!(s.history.undo(&mut s.project), Ok(true));
    assert_eq!(s.annotation(id), &before);
}

#[test]
fn the_preview_follows_the_drag_and_the_annotation_changes_only_on_release() {
    let mut s = Session::new(Tool::Select);
    let id = s.add(AnnotationKind::Line, &[(100.0, 100.0), (200.0, 100.0)]);
    s.click(150.0, 100.0);
    let before = s.annotation(id).clone();
    s.frame(AnnotationInput::hover(pos2(150.0, 100.0)));
    s.frame(AnnotationInput::press(pos2(150.0, 100.0)));
    s.frame(AnnotationInput::held(pos2(150.0, 140.0)));
    assert!(captures_drag(&s.sketch, Tool::Select));
    let preview = s.sketch.drag.as_ref().expect("dragging").preview();
    assert!(close(preview.vertices[0], s.lon_lat(100.0, 140.0)));
    assert_eq!(s.annotation(id), &before, "nothing applied yet");
    let events = s.frame(AnnotationInput::release(pos2(150.0, 140.0)));
    assert_eq!(events.len(), 1);
    assert!(!s.sketch.is_dragging());
}

#[test]
fn dragging_an_annotation_that_is_not_selected_leaves_it_and_lets_the_map_pan() {
    let mut s = Session::new(Tool::Select);
    let id = s.add(AnnotationKind::Point, &[(200.0, 200.0)]);
    s.frame(AnnotationInput::hover(pos2(200.0, 200.0)));
    assert!(!captures_drag(&s.sketch, Tool::Select));
    let before = s.annotation(id).clone();
    assert!(s.drag(pos2(200.0, 200.0), pos2(260.0, 230.0)).is_empty());
    assert_eq!(s.annotation(id), &before);
}

#[test]
fn dragging_a_vertex_handle_moves_that_vertex_even_when_the_polygon_turns_clockwise() {
    let mut s = Session::new(Tool::Select);
    // Counter-clockwise on the ground (north is up on screen): (100,300) → (300,300) → (100,100).
    let id = s.add(
        AnnotationKind::Polygon,
        &[(100.0, 300.0), (300.0, 300.0), (100.0, 100.0)],
    );
    s.click(150.0, 250.0);
    assert_eq!(s.selected, Some(id));
    let before = s.annotation(id).clone();
    let grabbed = before
        .vertices
        .iter()
        .position(|v| close(*v, s.lon_lat(300.0, 300.0)))
        .expect("the vertex at (300, 300)");

    // Dragging it across the opposite edge turns the ring clockwise: it is reversed and
    // the vertex moves to another index.
    let events = s.drag(pos2(301.0, 299.0), pos2(21.0, 19.0));
    let [AnnotationEvent::Changed { before: b, after }] = events.as_slice() else {
        panic!("one change: {events:?}");
    };
    assert_eq!(b, &before);
    let target = s.lon_lat(20.0, 20.0);
    let mut expected = before.clone();
    let new_index = expected.move_vertex(grabbed, target).expect("in range");
    assert_ne!(new_index, grabbed, "the ring was reversed");
    assert!(close(after.vertices[new_index], target), "{:?}", after.vertices);
    assert_eq!(after.vertices.len(), 3);
    assert!(
        close(after.vertices[0], before.vertices[0]),
        "the first vertex stays first"
    );
}

#[test]
fn dragging_a_vertex_handle_of_a_line_moves_only_that_vertex() {
    let mut s = Session::new(Tool::Select);
    let id = s.add(AnnotationKind::Line, &[(100.0, 100.0), (200.0, 100.0), (300.0, 100.0)]);
    s.click(150.0, 100.0);
    let before = s.annotation(id).clone();
    let events = s.drag(pos2(200.0, 100.0), pos2(200.0, 180.0));
    let [AnnotationEvent::Changed { after, .. }] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert!(close(after.vertices[1], s.lon_lat(200.0, 180.0)));
    assert_eq!(after.vertices[0], before.vertices[0]);
    assert_eq!(after.vertices[2], before.vertices[2]);
}

#[test]
fn double_clicking_an_edge_of_the_selected_line_inserts_a_vertex_there() {
    let mut s = Session::new(Tool::Select);
    let id = s.add(AnnotationKind::Line, &[(100.0, 100.0), (300.0, 100.0)]);
    s.click(200.0, 103.0);
    assert_eq!(s.selected, Some(id));
    s.click(200.0, 103.0);
    let events = s.double_click(200.0, 103.0);
    let [AnnotationEvent::Changed { before, after }] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(before.vertices.len(), 2);
    assert_eq!(after.vertices.len(), 3);
    // On the edge, not under the pointer: the nearest point of the segment.
    assert!(
        close(after.vertices[1], s.lon_lat(200.0, 100.0)),
        "{:?}",
        after.vertices
    );
}

#[test]
fn double_clicking_the_closing_edge_of_a_polygon_inserts_a_vertex_on_it() {
    let mut s = Session::new(Tool::Select);
    let id = s.add(
        AnnotationKind::Polygon,
        &[(100.0, 300.0), (300.0, 300.0), (100.0, 100.0)],
    );
    s.click(150.0, 250.0);
    assert_eq!(s.selected, Some(id));
    // The edge from (100,100) back to (100,300).
    s.click(98.0, 200.0);
    let events = s.double_click(98.0, 200.0);
    let [AnnotationEvent::Changed { after, .. }] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(after.vertices.len(), 4);
    assert!(after.vertices.iter().any(|v| close(*v, s.lon_lat(100.0, 200.0))));
}

#[test]
fn delete_on_a_selected_annotation_emits_deleted() {
    let mut s = Session::new(Tool::Select);
    let id = s.add(AnnotationKind::Point, &[(200.0, 200.0)]);
    s.add(AnnotationKind::Point, &[(300.0, 200.0)]);
    assert!(s.key(Key::Delete, 200.0, 200.0).is_empty(), "nothing selected");
    s.click(200.0, 200.0);
    assert_eq!(s.key(Key::Delete, 500.0, 500.0), vec![AnnotationEvent::Deleted(id)]);
    assert_eq!(s.project.annotations.len(), 1);
    assert_eq!(s.selected, None);
}

#[test]
fn delete_over_a_vertex_handle_removes_that_vertex_but_never_below_the_minimum() {
    let mut s = Session::new(Tool::Select);
    let id = s.add(AnnotationKind::Line, &[(100.0, 100.0), (200.0, 100.0), (300.0, 100.0)]);
    s.click(150.0, 100.0);
    let events = s.key(Key::Delete, 201.0, 101.0);
    let [AnnotationEvent::Changed { after, .. }] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(after.vertices.len(), 2);
    assert_eq!(s.annotation(id).vertices.len(), 2);
    // A line keeps two positions: Delete over a vertex now does nothing at all.
    assert!(s.key(Key::Delete, 300.0, 100.0).is_empty());
    assert_eq!(s.annotation(id).vertices.len(), 2);
    // Away from the handles it deletes the line.
    assert_eq!(s.key(Key::Backspace, 500.0, 500.0), vec![AnnotationEvent::Deleted(id)]);
}

#[test]
fn tool_shortcuts_are_distinct_and_lead_back_to_their_tools() {
    use dalian_atlas::ui::shortcuts::{Command, key_of, tool_of_key};
    let keys: Vec<Key> = Tool::ALL
        .iter()
        .map(|t| key_of(Command::Tool(*t)).expect("every tool has a key").key)
        .collect();
    for (i, k) in keys.iter().enumerate() {
        assert!(!keys[i + 1..].contains(k), "{k:?} is used twice");
    }
    for (t, k) in Tool::ALL.into_iter().zip(&keys) {
        assert_eq!(tool_of_key(*k), Some(t));
        // The egui key and the letter the tool bar shows are the same key.
        assert_eq!(k.name(), t.shortcut_letter().to_string());
    }
    assert_eq!(
        keys,
        vec![Key::V, Key::P, Key::L, Key::G, Key::T, Key::M],
        "V select, P point, L line, G polygon, T text, M measure"
    );
    assert_eq!(Tool::default(), Tool::Select);
}

#[test]
fn every_drawing_tool_keeps_the_map_from_panning_and_select_only_over_the_selection() {
    for tool in Tool::ALL {
        assert_eq!(
            captures_drag(&Sketch::default(), tool),
            tool != Tool::Select,
            "{tool:?}"
        );
    }
}

// --- On a walkers map, through the plugin --------------------------------------------

const CENTRE: [f64; 2] = [121.6, 38.9];

struct MapState {
    memory: walkers::MapMemory,
    annotations: Vec<Annotation>,
    selected: Option<u64>,
    sketch: Sketch,
    tool: Tool,
    style: Style,
    output: AnnotationOutput,
}

fn map_harness(annotations: Vec<Annotation>, selected: Option<u64>) -> egui_kittest::Harness<'static, MapState> {
    let mut memory = walkers::MapMemory::default();
    memory.set_zoom(12.0).expect("a valid zoom");
    memory.center_at(walkers::lon_lat(CENTRE[0], CENTRE[1]));
    let state = MapState {
        memory,
        annotations,
        selected,
        sketch: Sketch::default(),
        tool: Tool::Select,
        style: Style::default(),
        output: AnnotationOutput::default(),
    };
    let mut harness = egui_kittest::Harness::builder()
        .with_size([800.0, 600.0])
        .with_max_steps(8)
        .build_ui_state(
            |ui, s: &mut MapState| {
                let MapState {
                    memory,
                    annotations,
                    selected,
                    sketch,
                    tool,
                    style,
                    output,
                } = s;
                let pan = pan_buttons(sketch, *tool);
                let centre = walkers::lon_lat(CENTRE[0], CENTRE[1]);
                ui.add(
                    walkers::Map::new(None, memory, centre)
                        .drag_pan_buttons(pan)
                        .with_plugin(AnnotationPlugin {
                            annotations,
                            selected: *selected,
                            sketch,
                            tool: *tool,
                            display: CoordinateSystem::Wgs84,
                            default_style: style,
                            output,
                        }),
                );
            },
            state,
        );
    harness.run();
    harness
}

fn map_screen(harness: &egui_kittest::Harness<'static, MapState>) -> GeoScreen {
    harness.state().output.screen.expect("the map was drawn")
}

/// Press at `from`, move to `to` in steps, release; a few frames after each event (a
/// panned map keeps moving with inertia, so the harness is not run to rest).
fn mouse_drag(harness: &mut egui_kittest::Harness<'static, MapState>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run_steps(2);
    harness.drag_at(from);
    harness.run_steps(2);
    for k in 1..=5 {
        harness.hover_at(from + (to - from) * (k as f32 / 5.0));
        harness.run_steps(2);
    }
    harness.drop_at(to);
    harness.run_steps(2);
}

#[test]
fn on_a_walkers_map_dragging_the_selected_point_moves_it_and_not_the_map() {
    let point = Annotation::new(1, AnnotationKind::Point, vec![[121.61, 38.905]]).expect("valid");
    let mut harness = map_harness(vec![point.clone()], Some(1));
    let screen = map_screen(&harness);
    let centre = harness.state().memory.detached();
    let from = screen.pos(point.vertices[0]);
    let to = from + vec2(80.0, 40.0);
    mouse_drag(&mut harness, from, to);
    let state = harness.state();
    let changes: Vec<&AnnotationEvent> = state
        .output
        .events
        .iter()
        .filter(|e| matches!(e, AnnotationEvent::Changed { .. }))
        .collect();
    let [AnnotationEvent::Changed { before, after }] = changes.as_slice() else {
        panic!("one change: {:?}", state.output.events);
    };
    assert_eq!(before, &point);
    let moved_to = screen.pos(after.vertices[0]);
    assert!((moved_to - to).length() < 1.0, "{moved_to:?} vs {to:?}");
    // The map did not move: the same transform, no pan.
    let now = map_screen(&harness);
    assert!((now.pos(point.vertices[0]) - from).length() < 0.01);
    assert_eq!(state.memory.detached(), centre, "walkers never panned");
}

#[test]
fn on_a_walkers_map_a_drag_on_empty_map_pans_and_edits_nothing() {
    let point = Annotation::new(1, AnnotationKind::Point, vec![[121.61, 38.905]]).expect("valid");
    let mut harness = map_harness(vec![point.clone()], Some(1));
    let screen = map_screen(&harness);
    let from = screen.pos(point.vertices[0]) + vec2(150.0, 100.0);
    mouse_drag(&mut harness, from, from + vec2(80.0, 40.0));
    let state = harness.state();
    assert!(state.output.events.is_empty(), "{:?}", state.output.events);
    let shifted = map_screen(&harness).pos(point.vertices[0]) - screen.pos(point.vertices[0]);
    assert!(shifted.length() > 40.0, "the map panned: {shifted:?}");
}

#[test]
fn on_a_walkers_map_a_line_is_drawn_with_clicks_without_panning() {
    let mut harness = map_harness(Vec::new(), None);
    harness.state_mut().tool = Tool::Line;
    harness.run();
    let screen = map_screen(&harness);
    let points = [pos2(300.0, 300.0), pos2(400.0, 250.0), pos2(500.0, 320.0)];
    for p in points {
        harness.hover_at(p);
        harness.run();
        harness.drag_at(p);
        harness.run();
        harness.drop_at(p);
        harness.run();
    }
    harness.key_press(Key::Enter);
    harness.run();
    let state = harness.state();
    let [AnnotationEvent::Created(line)] = state.output.events.as_slice() else {
        panic!("{:?}", state.output.events);
    };
    assert_eq!(line.vertices.len(), 3);
    for (v, p) in line.vertices.iter().zip(points) {
        assert!((screen.pos(*v) - p).length() < 0.05);
    }
    assert_eq!(map_screen(&harness).pos(line.vertices[0]), screen.pos(line.vertices[0]));
}
