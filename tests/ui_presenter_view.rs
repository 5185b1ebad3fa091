//! Presenter mode, cleanly (issue 16, item 4): a show starts from the first scene or from
//! the current one (buttons, View menu, F5 / Shift+F5); each slide shows exactly its
//! scene, nothing of what was selected before; N opens the presenter view with the
//! scene's notes, the next scene's title and the timer, and its buttons step the show.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use common::plan;
use dalian_atlas::action::{Action, DocAction, PresentAction};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::model::{Annotation, AnnotationKind};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, AtlasApp> {
    common::scenes_harness()
}

fn apply(harness: &mut Harness<'static, AtlasApp>, action: Action) {
    harness.state_mut().apply(action).expect("applies");
    harness.run();
}

fn doc(harness: &mut Harness<'static, AtlasApp>, action: DocAction) {
    apply(harness, Action::Document(action));
}

/// The starter deck, with scene 3 shown.
fn deck() -> Harness<'static, AtlasApp> {
    let mut harness = harness();
    doc(&mut harness, DocAction::AddStarterScenes);
    doc(&mut harness, DocAction::ShowScene(3));
    harness
}

#[test]
fn a_show_starts_from_the_first_scene_or_from_the_current_one() {
    let mut harness = deck();
    harness.get_by_label("▶ 从当前场景放映").click();
    harness.run();
    assert!(harness.state().presenting().is_some());
    assert_eq!(harness.state().current_scene(), Some(3));
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().presenting().is_none());

    harness.get_by_label("▶ 从头放映").click();
    harness.run();
    assert_eq!(harness.state().current_scene(), Some(0));
    harness.key_press(Key::Escape);
    harness.run();

    // The keyboard, as in PowerPoint: Shift+F5 from the current scene, F5 from the start.
    doc(&mut harness, DocAction::ShowScene(5));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F5);
    harness.run();
    assert_eq!(harness.state().current_scene(), Some(5));
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press(Key::F5);
    harness.run();
    assert!(harness.state().presenting().is_some());
    assert_eq!(harness.state().current_scene(), Some(0));
}

#[test]
fn a_slide_shows_its_scene_and_nothing_selected_before_the_show() {
    let mut harness = deck();
    // Before the show: a target's value highlighted, an annotation selected.
    let target = plan().targets[0].id.clone();
    apply(&mut harness, Action::SelectTarget(target.clone()));
    assert_eq!(
        harness.state().state().selected_target.as_deref(),
        Some(target.as_str())
    );
    let point = Annotation::new(77, AnnotationKind::Point, vec![[121.6, 38.9]]).expect("a point");
    doc(&mut harness, DocAction::AddAnnotation(point));
    let id = harness.state().document().project.annotations.last().expect("added").id;
    doc(&mut harness, DocAction::SelectAnnotation(Some(id)));
    assert_eq!(harness.state().selected_annotation(), Some(id));

    let scenes = harness.state().document().project.scenes.clone();
    let plain = scenes
        .iter()
        .position(|s| s.target.is_none())
        .expect("a starter scene without a target");
    doc(&mut harness, DocAction::Present(PresentAction::Start(plain)));
    let state = harness.state().state();
    assert_eq!(state.selected_target, None, "the earlier target is not on the slide");
    assert_eq!(state.value_highlight, None);
    assert_eq!(
        harness.state().selected_annotation(),
        None,
        "no edit handles on a slide"
    );
    assert_eq!(state.selected_feature, scenes[plain].selected_feature);

    // A scene that saved a target shows it, and the next one without drops it again.
    if let Some(with) = scenes.iter().position(|s| s.target.is_some()) {
        doc(&mut harness, DocAction::Present(PresentAction::Start(with)));
        assert_eq!(harness.state().state().selected_target, scenes[with].target);
        doc(&mut harness, DocAction::Present(PresentAction::Start(plain)));
        assert_eq!(harness.state().state().selected_target, None);
    }
}

#[test]
fn n_opens_the_presenter_view_with_the_notes_the_next_title_and_the_timer() {
    let mut harness = deck();
    doc(&mut harness, DocAction::SetSceneNotes(3, "先讲双核，再讲三区。".into()));
    doc(&mut harness, DocAction::Present(PresentAction::Start(3)));
    assert!(
        harness.query_by_label("先讲双核，再讲三区。").is_none(),
        "closed at first"
    );
    harness.key_press(Key::N);
    harness.run();
    assert!(harness.state().presenting().expect("presenting").notes);
    harness.get_by_label("先讲双核，再讲三区。");
    let scenes = harness.state().document().project.scenes.clone();
    let next = format!("下一个：{}", scenes[4].title.trim());
    harness.get_by_label(&next);
    assert!(
        harness.query_by_label_contains("已放映 0:0").is_some(),
        "the timer starts at zero"
    );

    // Its buttons step the show; a scene without notes says so.
    harness.get_by_label("下一个 ▶").click();
    harness.run();
    assert_eq!(harness.state().current_scene(), Some(4));
    if scenes[4].notes.trim().is_empty() {
        harness.get_by_label("（本场景没有备注）");
    }
    harness.get_by_label("◀ 上一个").click();
    harness.run();
    assert_eq!(harness.state().current_scene(), Some(3));

    // On the last scene it says there is no next one.
    harness.key_press(Key::End);
    harness.run();
    harness.get_by_label("（这是最后一个场景）");

    harness.key_press(Key::N);
    harness.run();
    assert!(!harness.state().presenting().expect("presenting").notes);
    assert!(harness.query_by_label("（这是最后一个场景）").is_none());
    assert!(harness.query_by_label("结束放映").is_none());
}

#[test]
fn a_scene_framed_on_a_drawn_box_is_shown_on_that_box_and_one_undo_takes_it_back() {
    let mut harness = deck();
    let before = harness.state().document().project.scenes[3].clone();
    // Without a selected annotation the button is off and the action says what to do.
    doc(&mut harness, DocAction::FrameSceneOnAnnotation(3));
    assert_eq!(harness.state().document().project.scenes[3], before);
    assert!(
        harness
            .state()
            .state()
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("面 G"))
    );
    // The planner draws the area to show (Polygon) and selects it.
    let square = vec![[122.0, 39.3], [122.4, 39.3], [122.4, 39.6], [122.0, 39.6]];
    let drawn = Annotation::new(0, AnnotationKind::Polygon, square).expect("a polygon");
    doc(&mut harness, DocAction::AddAnnotation(drawn));
    // Selecting it opened the 标注 tab; back in the 场景 tab, scene 4 is still current.
    harness.get_by_label("场景").click();
    harness.run();
    assert!(harness.state().selected_annotation().is_some());
    harness.get_by_label("以所选标注框定范围").click();
    harness.run();
    let (w, s, e, n) = harness.state().document().project.scenes[3].extent.expect("framed");
    assert!(w < 122.0 && w > 121.95 && e > 122.4 && e < 122.45, "{w} {e}");
    assert!(s < 39.3 && s > 39.25 && n > 39.6 && n < 39.65, "{s} {n}");
    // The show frames it whole.
    doc(&mut harness, DocAction::Present(PresentAction::Start(3)));
    for _ in 0..12 {
        harness.step();
    }
    harness.run();
    let map = harness.state().map_rect().expect("drawn");
    for corner in [[122.0, 39.3], [122.4, 39.6]] {
        let at = harness.state().map_pos_of_lon_lat(corner).expect("drawn");
        assert!(map.contains(at), "{corner:?} at {at:?} is outside {map:?}");
    }
    harness.key_press(Key::Escape);
    harness.run();
    doc(&mut harness, DocAction::Undo);
    assert_eq!(harness.state().document().project.scenes[3].extent, before.extent);
}
