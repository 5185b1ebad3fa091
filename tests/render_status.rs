#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Map images in status styling (issue 15): the headless renderer draws a feature with a
//! status in its status colour, as the window does, and `dalian-atlas render --style
//! status --project FILE` (and a scene saved in status styling) uses the project's
//! statuses. These tests need a wgpu adapter
//! (Mesa's llvmpipe/lavapipe serve without a GPU).

use std::process::Command;

use dalian_atlas::evaluation::{ProjectStatus, Source, StatusEntry};
use dalian_atlas::model::MapView;
use dalian_atlas::render::map_image::{self, ImageSettings, MapData, MapImage};
use dalian_atlas::render::{OffscreenRenderer, RendererOptions};
use dalian_atlas::symbology::status::StatusStyling;
use image::RgbaImage;

fn renderer() -> OffscreenRenderer {
    let renderer = OffscreenRenderer::new(RendererOptions::default())
        .unwrap_or_else(|e| panic!("the headless renderer needs a graphics adapter: {e}"));
    map_image::prepare(&renderer);
    renderer
}

fn settings() -> ImageSettings {
    ImageSettings {
        size: [640, 400],
        lang: dalian_atlas::i18n::Lang::Zh,
        source: "测试".into(),
        date: "2025-06-01".into(),
    }
}

/// Pixels within a few levels of `rgb`.
fn pixels_near(image: &RgbaImage, rgb: [u8; 3]) -> usize {
    image
        .pixels()
        .filter(|p| (0..3).all(|k| p.0[k].abs_diff(rgb[k]) <= 6))
        .count()
}

/// 大连理工大学 at street level, without the legend (so only the map's own symbols count).
fn dlut_view() -> MapImage {
    MapImage {
        view: Some(MapView {
            lon: 121.53,
            lat: 38.88,
            zoom: 13.0,
        }),
        legend: dalian_atlas::model::LegendPlacement::Off,
        ..MapImage::whole_municipality("大连理工大学")
    }
}

#[test]
fn status_styling_draws_a_feature_with_a_status_in_its_status_colour() {
    let mut renderer = renderer();
    let data = MapData::builtin().expect("built-in map data");
    let statuses = [StatusEntry {
        subject: "uni.dlut".into(),
        status: ProjectStatus::Cancelled,
        date: String::new(),
        note: String::new(),
        source: Source::default(),
        extra: Default::default(),
    }];
    let styling = StatusStyling::new(&data.catalogue, &statuses);
    let image = dlut_view();
    let plan = map_image::render_map(&mut renderer, &data.sources(), &image, &settings()).expect("renders");
    // Colours prepared but not asked for: the plan's styling, pixel for pixel.
    let unasked = map_image::render_map(
        &mut renderer,
        &data.sources().with_status(&styling),
        &image,
        &settings(),
    )
    .expect("renders");
    assert!(unasked == plan);
    let image = MapImage {
        status_styling: true,
        ..image
    };
    let status = map_image::render_map(
        &mut renderer,
        &data.sources().with_status(&styling),
        &image,
        &settings(),
    )
    .expect("renders");
    let red = ProjectStatus::Cancelled.rgb();
    let (before, after) = (pixels_near(&plan, red), pixels_near(&status, red));
    // The triangle of a university is about 35 pixels at this size; the plan's own
    // dark reds (labels, the city centre) are the same in both images.
    assert!(after >= before + 15, "{before} → {after} pixels of 已取消's colour");
    assert!(plan != status);
}

fn atlas(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_cli_draws_a_projects_statuses_with_style_status_and_wants_a_project_for_it() {
    let dir = std::env::temp_dir().join(format!("dalian-atlas-render-status-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let project = dir.join("statuses.json");
    std::fs::write(
        &project,
        r#"{"format": "dalian-atlas-project", "version": 2,
            "scenes": [{"title": "理工", "view": {"lon": 121.53, "lat": 38.88, "zoom": 13}, "style": "status"}],
            "evaluation": {"statuses": [{"subject": "uni.dlut", "status": "cancelled"}]}}"#,
    )
    .expect("fixture written");
    let draw = |style: &[&str], name: &str| {
        let file = dir.join(name);
        let mut args = vec![
            "render",
            "--view",
            "121.53,38.88,13",
            "--size",
            "640x400",
            "--out",
            file.to_str().expect("utf-8 path"),
        ];
        args.extend_from_slice(style);
        let out = atlas(&args);
        assert!(
            out.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        image::open(&file).expect("a PNG").to_rgba8()
    };
    let path = project.to_str().expect("utf-8 path");
    let plan = draw(&[], "plan.png");
    let status = draw(&["--style", "status", "--project", path], "status.png");
    let red = ProjectStatus::Cancelled.rgb();
    assert!(
        pixels_near(&status, red) >= pixels_near(&plan, red) + 40,
        "the status image shows 已取消's colour"
    );

    // A scene saved in status styling is drawn in it without --style.
    let scene = draw(&["--project", path, "--scene", "1"], "scene.png");
    assert!(
        pixels_near(&scene, red) >= pixels_near(&plan, red) + 40,
        "the scene shows 已取消's colour"
    );

    let refused = atlas(&["render", "--style", "status", "--out", "x.png"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--project"));
    let bad = atlas(&["render", "--style", "colour", "--out", "x.png"]);
    assert!(!bad.status.success());
    std::fs::remove_dir_all(&dir).ok();
}
