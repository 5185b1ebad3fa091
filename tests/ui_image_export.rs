//! Map images from the window (issue 6), driven through egui_kittest: the dialog from the
//! 文件 menu and the 场景 tab, a size chosen from the presets, the file or folder typed in,
//! progress in the status bar, cancel, and the PNG files — their size, that they show the
//! project's annotations, and that scenes give different images.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{harness_with, plan, temp_dir};
use dalian_atlas::action::{Action, DocAction, ImageRequest, ImageSubject, RightTab};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::io::project::save_project;
use dalian_atlas::model::{Annotation, AnnotationKind, LegendPlacement, Project, Rgb};
use dalian_atlas::state::AppState;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The colour of the test's annotation: no map feature uses it.
const CYAN: [u8; 3] = [0x00, 0xff, 0xff];

/// A project with an opaque cyan square over 中山区 and the starter deck cut to three
/// scenes, open in the window at the 场景 tab.
fn harness(dir: &Path) -> Harness<'static, AtlasApp> {
    let mut project = Project::default();
    let mut square = Annotation::new(
        1,
        AnnotationKind::Polygon,
        vec![[121.55, 38.88], [121.70, 38.88], [121.70, 38.98], [121.55, 38.98]],
    )
    .expect("a polygon")
    .with_title("测试区域");
    square.style.fill = Rgb(CYAN);
    square.style.fill_opacity = 1.0;
    square.style.stroke = Rgb(CYAN);
    project.annotations.push(square);
    let file = dir.join("meeting.json");
    save_project(&file, &project).expect("saved");
    let state = AppState {
        right_tab: RightTab::Scenes,
        ..AppState::default()
    };
    let mut app = AtlasApp::with_state(plan(), state);
    app.set_map_view([121.62, 38.93], 11.0);
    let mut harness = harness_with(app);
    doc(&mut harness, DocAction::OpenPath(file));
    doc(&mut harness, DocAction::AddStarterScenes);
    while harness.state().document().project.scenes.len() > 3 {
        doc(&mut harness, DocAction::DeleteScene(3));
    }
    harness
}

fn doc(harness: &mut Harness<'static, AtlasApp>, action: DocAction) {
    harness.state_mut().apply(Action::Document(action)).expect("applies");
    harness.run();
}

/// Replaces the text of the dialog's path field (labelled `label`) with `path`.
fn type_path(harness: &mut Harness<'static, AtlasApp>, label: &str, path: &Path) {
    let field = || egui::accesskit::Role::TextInput;
    harness.get_by_role_and_label(field(), label).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(field(), label)
        .type_text(&path.display().to_string());
    harness.run();
}

/// Runs frames until the export has ended (at most a minute).
fn wait_for_export(harness: &mut Harness<'static, AtlasApp>) {
    let started = Instant::now();
    while harness.state().image_export_progress().is_some() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the export took over a minute"
        );
        std::thread::sleep(Duration::from_millis(30));
        harness.step();
    }
    harness.run();
}

fn notice(harness: &Harness<'static, AtlasApp>) -> String {
    harness.state().state().notice.clone().unwrap_or_default()
}

fn pngs_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    files.sort();
    files
}

fn cyan_pixels(image: &image::RgbaImage) -> usize {
    image.pixels().filter(|p| p.0[..3] == CYAN).count()
}

#[test]
fn the_current_view_is_exported_from_the_file_menu_at_the_chosen_size_with_the_annotations() {
    let dir = temp_dir("view");
    let mut harness = harness(&dir);
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label("导出地图图片…").click();
    harness.run();
    // 1280×720 from the size list (1920×1080 is preselected).
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "尺寸")
        .click();
    harness.run();
    harness.get_by_label("1280 × 720（720p）").click();
    harness.run();
    let default_out = harness
        .state()
        .image_dialog()
        .map(|d| d.file.clone())
        .expect("the dialog is open");
    assert!(default_out.ends_with(".png"), "{default_out}");
    let out = dir.join("会议用图");
    type_path(&mut harness, "文件", &out);
    harness.get_by_label("导出").click();
    harness.run();
    assert!(harness.state().image_dialog().is_none(), "the dialog closes");
    assert!(harness.state().image_export_progress().is_some(), "the export runs");
    // The progress shows in the status bar with a cancel button.
    harness.get_by_label_contains("正在导出图片");
    wait_for_export(&mut harness);

    let file = dir.join("会议用图.png");
    let image = image::open(&file).expect("a PNG was written").to_rgba8();
    assert_eq!(image.dimensions(), (1280, 720));
    // The cyan square covers a good part of the view: the image shows the annotations.
    let cyan = cyan_pixels(&image);
    assert!(cyan > 5_000, "only {cyan} cyan pixels: the annotation is missing");
    assert!(notice(&harness).contains("已导出 1 张图片"), "{}", notice(&harness));
}

#[test]
fn every_scene_is_exported_from_the_scenes_tab_as_a_numbered_png_and_the_scenes_differ() {
    let dir = temp_dir("scenes");
    let mut harness = harness(&dir);
    harness.get_by_label("导出全部场景为图片…").click();
    harness.run();
    let dialog = harness.state().image_dialog().cloned().expect("the dialog is open");
    assert_eq!(dialog.subject, ImageSubject::AllScenes);
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "尺寸")
        .click();
    harness.run();
    harness.get_by_label("1280 × 720（720p）").click();
    harness.run();
    let folder = dir.join("deck");
    type_path(&mut harness, "文件夹", &folder);
    harness.get_by_label("导出").click();
    harness.run();
    wait_for_export(&mut harness);

    let files = pngs_in(&folder);
    let titles: Vec<String> = harness
        .state()
        .document()
        .project
        .scenes
        .iter()
        .map(|s| s.title.clone())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    for (k, (file, title)) in files.iter().zip(&titles).enumerate() {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert_eq!(name, format!("{:02}-{title}.png", k + 1));
    }
    let images: Vec<image::RgbaImage> = files
        .iter()
        .map(|f| image::open(f).expect("a PNG").to_rgba8())
        .collect();
    for image in &images {
        assert_eq!(image.dimensions(), (1280, 720));
    }
    let differing = images[0]
        .pixels()
        .zip(images[1].pixels())
        .filter(|(p, q)| p != q)
        .count();
    assert!(
        differing as f64 > 0.2 * 1280.0 * 720.0,
        "scenes 1 and 2 differ in only {differing} pixels"
    );
    assert!(notice(&harness).contains("已导出 3 张图片"), "{}", notice(&harness));
    // Nothing half-written is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&folder)
        .expect("the folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_image_has_its_own_legend_whether_or_not_the_window_folded_its_legend() {
    let dir = temp_dir("legend");
    let mut harness = harness(&dir);
    // The window's legend folded (as L does during a show).
    harness
        .state_mut()
        .apply(Action::SetLegendOpen(false))
        .expect("applies");
    harness.run();
    assert!(!harness.state().state().show_legend);
    // The dialog offers the image's own legend, on by default.
    doc(&mut harness, DocAction::OpenImageExport(ImageSubject::CurrentView));
    assert_eq!(
        harness.state().image_dialog().expect("open").legend,
        LegendPlacement::Auto
    );
    harness.get_by_role_and_label(egui::accesskit::Role::ComboBox, "图例");
    doc(&mut harness, DocAction::CloseImageExport);
    let export = |harness: &mut Harness<'static, AtlasApp>, legend: LegendPlacement, name: &str| {
        let out = dir.join(name);
        doc(
            harness,
            DocAction::ExportImages(ImageRequest {
                subject: ImageSubject::CurrentView,
                size: [1280, 720],
                title: "图例".into(),
                out: out.clone(),
                legend,
            }),
        );
        wait_for_export(harness);
        image::open(&out).expect("written").to_rgba8()
    };
    let with = export(&mut harness, LegendPlacement::TopLeft, "with.png");
    let without = export(&mut harness, LegendPlacement::Off, "without.png");
    // The legend's corner (below the title band) differs; the rest of the map does not.
    let differing = |x0: u32, x1: u32| {
        (70..300)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| with.get_pixel(x, y) != without.get_pixel(x, y))
            .count()
    };
    assert!(differing(0, 200) > 5_000, "the legend is drawn: {}", differing(0, 200));
    assert_eq!(differing(600, 700), 0, "nothing else changes");
}

#[test]
fn while_the_dialog_is_open_the_map_outlines_what_the_image_will_show() {
    let dir = temp_dir("frame");
    let mut harness = harness(&dir);
    assert_eq!(harness.state_mut().image_frame_preview(), None, "no dialog, no frame");
    doc(&mut harness, DocAction::OpenImageExport(ImageSubject::CurrentView));
    let (w, s, e, n) = harness.state_mut().image_frame_preview().expect("a frame");
    // Its shape is the image's map (1920×1080 less the title band), on the web map.
    let merc = |lat: f64| (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln();
    let aspect = (e - w).to_radians() / (merc(n) - merc(s));
    let [mw, mh] = dalian_atlas::render::map_image::map_area_points([1920, 1080]);
    assert!(
        (aspect / f64::from(mw / mh) - 1.0).abs() < 0.01,
        "{aspect} vs {}",
        mw / mh
    );
    // It is outlined on the map: its corners lie where the map draws those places.
    let a = harness.state().map_pos_of_lon_lat([w, n]).expect("drawn");
    let b = harness.state().map_pos_of_lon_lat([e, s]).expect("drawn");
    assert!(b.x - a.x > 50.0 && b.y - a.y > 30.0, "{a:?} {b:?}");
    doc(&mut harness, DocAction::CloseImageExport);
    assert_eq!(harness.state_mut().image_frame_preview(), None);
}

#[test]
fn cancelling_from_the_status_bar_stops_the_export_and_keeps_whole_images() {
    let dir = temp_dir("cancel");
    let mut harness = harness(&dir);
    for _ in 0..3 {
        doc(&mut harness, DocAction::DuplicateScene(0));
    }
    let folder = dir.join("deck");
    doc(
        &mut harness,
        DocAction::ExportImages(ImageRequest {
            subject: ImageSubject::AllScenes,
            size: [1920, 1080],
            title: String::new(),
            out: folder.clone(),
            legend: LegendPlacement::Auto,
        }),
    );
    let started = Instant::now();
    while harness
        .state()
        .image_export_progress()
        .is_some_and(|(written, _)| written == 0)
    {
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(30));
        harness.step();
    }
    harness.get_by_label("取消").click();
    harness.run();
    assert!(harness.state().image_export_progress().is_none(), "the export stopped");
    assert!(notice(&harness).contains("已取消导出图片"), "{}", notice(&harness));
    // The worker finishes at most the image it is painting.
    std::thread::sleep(Duration::from_secs(3));
    let files = pngs_in(&folder);
    assert!(!files.is_empty() && files.len() < 6, "{} images", files.len());
    for file in files {
        image::open(&file).expect("every image left is whole");
    }
}

#[test]
fn a_folder_that_cannot_be_written_gives_a_message_and_no_export() {
    let dir = temp_dir("unwritable");
    let mut harness = harness(&dir);
    let blocker = dir.join("a-file");
    std::fs::write(&blocker, "not a folder").expect("written");
    doc(
        &mut harness,
        DocAction::ExportImages(ImageRequest {
            subject: ImageSubject::AllScenes,
            size: [1280, 720],
            title: String::new(),
            out: blocker.join("deck"),
            legend: LegendPlacement::Auto,
        }),
    );
    assert!(harness.state().image_export_progress().is_none());
    assert!(notice(&harness).starts_with("导出图片失败："), "{}", notice(&harness));
}

#[test]
fn an_oversized_request_is_refused_with_the_limit() {
    let dir = temp_dir("oversized");
    let mut harness = harness(&dir);
    doc(
        &mut harness,
        DocAction::ExportImages(ImageRequest {
            subject: ImageSubject::CurrentView,
            size: [20_000, 1080],
            title: "大".into(),
            out: dir.join("big.png"),
            legend: LegendPlacement::Auto,
        }),
    );
    assert!(harness.state().image_export_progress().is_none());
    let notice = notice(&harness);
    assert!(
        notice.starts_with("导出图片失败：") && notice.contains("8192"),
        "{notice}"
    );
}

/// Writes `kittest-image-dialog.png` (the dialog with the size list open),
/// `kittest-image-dialog-legend.png` (with the legend choices open),
/// `kittest-image-progress.png` (the status bar during an export) and the exported
/// image `kittest-image-view.png` for a person to look at.
#[test]
#[ignore = "writes review images; run with --ignored"]
fn review_images_of_the_dialog_and_an_export_are_written() {
    let dir = temp_dir("review");
    let mut harness = harness(&dir);
    let save = |harness: &mut Harness<'static, AtlasApp>, name: &str| {
        harness
            .render()
            .expect("renders")
            .save(std::env::temp_dir().join(name))
            .expect("saves");
    };
    doc(&mut harness, DocAction::OpenImageExport(ImageSubject::CurrentView));
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "尺寸")
        .click();
    harness.run();
    save(&mut harness, "kittest-image-dialog.png");
    harness.key_press(Key::Escape);
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "图例")
        .click();
    harness.run();
    save(&mut harness, "kittest-image-dialog-legend.png");
    harness.key_press(Key::Escape);
    harness.run();
    let out = std::env::temp_dir().join("kittest-image-view.png");
    doc(
        &mut harness,
        DocAction::ExportImages(ImageRequest {
            subject: ImageSubject::CurrentView,
            size: [1920, 1080],
            title: "会议用图：中心城区".into(),
            out: out.clone(),
            legend: LegendPlacement::Auto,
        }),
    );
    save(&mut harness, "kittest-image-progress.png");
    wait_for_export(&mut harness);
    assert!(out.exists());
}
