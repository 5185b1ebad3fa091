//! Presenter mode's bars on their own (issue 6, projector review): the clicker's keys
//! counted press by press, the title bar keeping its counter in view, and the caption bar
//! keeping one height from slide to slide.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use dalian_atlas::action::PresentAction;
use dalian_atlas::i18n::Lang;
use dalian_atlas::theme::install_fonts;
use dalian_atlas::ui::presenter::{PresenterColours, presenter_caption_ui, presenter_keys, presenter_title_ui};
use egui::{Key, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// A projector-shaped window (1280×720) with the bundled CJK font.
fn harness<'a, S>(app: impl FnMut(&mut egui::Ui, &mut S) + 'a, state: S) -> Harness<'a, S> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 720.0])
        .with_context_setup(install_fonts)
        .build_ui_state(app, state);
    harness.run();
    harness
}

#[test]
fn six_quick_presses_of_the_right_arrow_in_one_frame_are_six_next_actions() {
    let mut harness = harness(
        |ui, actions: &mut Vec<PresentAction>| actions.extend(presenter_keys(ui.ctx())),
        Vec::new(),
    );
    for _ in 0..6 {
        harness.key_press(Key::ArrowRight);
    }
    harness.key_press(Key::PageUp);
    harness.step();
    let mut expected = vec![PresentAction::Next; 6];
    expected.push(PresentAction::Prev);
    assert_eq!(harness.state(), &expected);
}

/// The title bar's area, stored by the harness's frame.
struct TitleBar {
    title: String,
    rect: Rect,
}

fn title_bar(title: &str) -> Harness<'static, TitleBar> {
    harness(
        |ui, bar: &mut TitleBar| {
            let response = ui.scope(|ui| {
                presenter_title_ui(ui, Lang::Zh, &bar.title, 2, 18, PresenterColours::new(false));
            });
            bar.rect = response.response.rect;
        },
        TitleBar {
            title: title.to_string(),
            rect: Rect::NOTHING,
        },
    )
}

#[test]
fn a_long_title_is_cut_before_the_counter_which_stays_whole_in_the_window() {
    let long =
        "大连市数字经济核心产业区与工业互联网应用先导区及数字产业生态示范区的整体布局和重点项目分布一览".repeat(2);
    let harness = title_bar(&long);
    let counter = harness.get_by_label("3 / 18").rect();
    let title = harness.get_by_label(&long).rect();
    assert!(counter.right() <= 1280.0 && counter.left() > 640.0, "{counter:?}");
    assert!(title.right() < counter.left(), "{title:?} reaches {counter:?}");
    let short = title_bar("整体布局");
    assert_eq!(harness.state().rect.height(), short.state().rect.height());
    assert_eq!(short.get_by_label("3 / 18").rect(), counter);
}

#[test]
fn a_blank_title_shows_the_scene_lists_name_for_it() {
    let harness = title_bar(" ");
    harness.get_by_label("场景 3");
}

#[test]
fn the_counter_is_drawn_as_large_as_the_title() {
    let harness = title_bar("整体布局");
    let counter = harness.get_by_label("3 / 18").rect();
    let title = harness.get_by_label("整体布局").rect();
    assert!(
        (counter.height() - title.height()).abs() < 1.0,
        "{counter:?} vs {title:?}"
    );
}

/// The caption bar's texts and the height it took.
struct CaptionBar {
    caption: String,
    source: String,
    value: Option<std::ops::Range<usize>>,
    height: f32,
}

fn caption_height(caption: &str, source: &str, value: Option<std::ops::Range<usize>>) -> f32 {
    let harness = harness(
        |ui, bar: &mut CaptionBar| {
            let response = ui.scope(|ui| {
                presenter_caption_ui(
                    ui,
                    &bar.caption,
                    &bar.source,
                    bar.value.clone(),
                    PresenterColours::new(true),
                );
            });
            bar.height = response.response.rect.height();
        },
        CaptionBar {
            caption: caption.to_string(),
            source: source.to_string(),
            value,
            height: 0.0,
        },
    );
    harness.state().height
}

#[test]
fn the_caption_bar_has_one_height_whatever_its_texts() {
    let source = "第二章 第四节 整体布局";
    let one_line = caption_height("数字经济核心产业区。", source, None);
    let many_lines = caption_height(
        &"把握国家大力实施数字经济战略机遇，加大数字科技创新。".repeat(20),
        source,
        None,
    );
    let target = "5G建设基站 6309个（2020）";
    let with_number = caption_height(
        target,
        source,
        Some(target.find("6309").unwrap_or(0)..target.find('（').unwrap_or(0)),
    );
    let source_alone = caption_height("", source, None);
    let nothing = caption_height("", "", None);
    assert!(one_line > 80.0, "{one_line}");
    for (what, height) in [
        ("many lines", many_lines),
        ("a target", with_number),
        ("a source alone", source_alone),
        ("nothing", nothing),
    ] {
        assert_eq!(height, one_line, "{what}");
    }
}

/// Writes `/tmp/kittest-presenter-bars.png`: a long title and a target caption in the
/// light bars, for a person to look at.
#[test]
#[ignore = "writes a review image; run with --ignored"]
fn review_image_of_the_bars_is_written() {
    let mut harness = Harness::builder()
        .with_size([1280.0, 720.0])
        .with_context_setup(install_fonts)
        .build_ui(|ui| {
            let colours = PresenterColours::new(false);
            let frame = egui::Frame::new()
                .fill(colours.bar)
                .inner_margin(egui::Margin::symmetric(24, 10));
            egui::Panel::top("title").frame(frame).show(ui, |ui| {
                let title =
                    "大连市数字经济核心产业区与工业互联网应用先导区及数字产业生态示范区的整体布局和重点项目分布一览";
                presenter_title_ui(ui, Lang::Zh, title, 11, 18, colours);
            });
            egui::Panel::bottom("caption").frame(frame).show(ui, |ui| {
                let caption = "5G建设基站 6309个（2020）";
                let value = caption.find('6').unwrap_or(0)..caption.find('（').unwrap_or(0);
                presenter_caption_ui(ui, caption, "第一章 第一节 取得的主要成就", Some(value), colours);
            });
        });
    harness.run();
    harness
        .render()
        .expect("renders")
        .save(std::env::temp_dir().join("kittest-presenter-bars.png"))
        .expect("saves");
}
