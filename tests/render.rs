//! The headless map renderer (`src/render.rs`) and `dalian-atlas render`: images of the
//! requested size, with content, that change with the view; sizes beyond the limit are
//! refused. These tests need a wgpu adapter (Mesa's llvmpipe/lavapipe serve without a
//! GPU) and fail with the renderer's explanation when there is none.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use std::process::Command;

use dalian_atlas::model::MapView;
use dalian_atlas::render::map_image::{self, ImageSettings, MapData, MapImage};
use dalian_atlas::render::{OffscreenRenderer, RenderError, RendererOptions};
use image::RgbaImage;

fn renderer() -> OffscreenRenderer {
    let renderer = OffscreenRenderer::new(RendererOptions::default())
        .unwrap_or_else(|e| panic!("the headless renderer needs a graphics adapter: {e}"));
    map_image::prepare(&renderer);
    renderer
}

fn settings(size: [u32; 2]) -> ImageSettings {
    ImageSettings {
        size,
        lang: dalian_atlas::i18n::Lang::Zh,
        source: "测试".into(),
        date: "2025-06-01".into(),
    }
}

fn distinct_colours(image: &RgbaImage) -> usize {
    let mut colours: Vec<[u8; 4]> = image.pixels().map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    colours.len()
}

#[test]
fn the_default_view_renders_at_the_requested_size_and_is_not_blank() {
    let mut renderer = renderer();
    let data = MapData::builtin().expect("built-in map data");
    let image = map_image::render_map(
        &mut renderer,
        &data.sources(),
        &MapImage::whole_municipality("大连市"),
        &settings([640, 400]),
    )
    .expect("renders");
    assert_eq!(image.dimensions(), (640, 400));
    let colours = distinct_colours(&image);
    assert!(colours > 100, "only {colours} colours: a blank image?");
    assert!(image.pixels().all(|p| p.0[3] == 255), "the image is opaque");
}

#[test]
fn two_views_give_images_that_differ_in_many_pixels() {
    let mut renderer = renderer();
    let data = MapData::builtin().expect("built-in map data");
    let whole = MapImage::whole_municipality("大连市");
    let centre = MapImage {
        view: Some(MapView {
            lon: 121.62,
            lat: 38.92,
            zoom: 12.0,
        }),
        ..whole.clone()
    };
    let a = map_image::render_map(&mut renderer, &data.sources(), &whole, &settings([640, 400])).expect("renders");
    let b = map_image::render_map(&mut renderer, &data.sources(), &centre, &settings([640, 400])).expect("renders");
    let differing = a.pixels().zip(b.pixels()).filter(|(p, q)| p != q).count();
    let share = differing as f64 / (640.0 * 400.0);
    assert!(share > 0.3, "only {:.1} % of the pixels differ", share * 100.0);
    // The same view again gives the same image (nothing animates, no tiles).
    let again = map_image::render_map(&mut renderer, &data.sources(), &whole, &settings([640, 400])).expect("renders");
    assert!(a == again, "rendering is deterministic");
}

#[test]
fn a_4k_image_renders_at_full_size() {
    let mut renderer = renderer();
    let data = MapData::builtin().expect("built-in map data");
    let image = map_image::render_map(
        &mut renderer,
        &data.sources(),
        &MapImage::whole_municipality("大连市"),
        &settings([3840, 2160]),
    )
    .expect("renders 4K");
    assert_eq!(image.dimensions(), (3840, 2160));
    assert!(distinct_colours(&image) > 100);
}

#[test]
fn an_over_limit_size_is_refused_with_a_message() {
    let mut renderer = renderer();
    let data = MapData::builtin().expect("built-in map data");
    let err = map_image::render_map(
        &mut renderer,
        &data.sources(),
        &MapImage::whole_municipality("大连市"),
        &settings([10_000, 10_000]),
    )
    .expect_err("10000×10000 is too large");
    assert!(matches!(err, RenderError::TooLarge { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("10000×10000") && message.contains("at most 8192×8192"),
        "{message}"
    );
    let tiny = renderer.check_size([10, 10]).expect_err("too small");
    assert!(tiny.to_string().contains("at least 64 pixels"), "{tiny}");
}

#[test]
fn an_unknown_highlighted_feature_is_refused() {
    let mut renderer = renderer();
    let data = MapData::builtin().expect("built-in map data");
    let mut image = MapImage::whole_municipality("大连市");
    image.highlighted = vec!["park.no-such-park".into()];
    let err = map_image::render_map(&mut renderer, &data.sources(), &image, &settings([640, 400]))
        .expect_err("unknown feature");
    assert!(err.to_string().contains("park.no-such-park"), "{err}");
}

fn atlas(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_cli_writes_a_png_of_the_requested_size() {
    let dir = std::env::temp_dir().join(format!("dalian-atlas-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("centre.png");
    let out = atlas(&[
        "render",
        "--view",
        "121.62,38.92,12",
        "--size",
        "800x500",
        "--title",
        "大连市中心",
        "--date",
        "2025-06-01",
        "--out",
        file.to_str().expect("utf-8 path"),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("[1/1] 大连市中心 → "), "{stdout}");
    let image = image::open(&file).expect("a PNG").to_rgba8();
    assert_eq!(image.dimensions(), (800, 500));
    assert!(distinct_colours(&image) > 100);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_cli_refuses_bad_sizes_and_a_missing_output() {
    let out = atlas(&["render", "--size", "1920", "--out", "x.png"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--size takes WIDTHxHEIGHT"));
    let out = atlas(&["render", "--size", "10000x10000", "--out", "x.png"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("larger than this renderer can draw"), "{stderr}");
    assert!(!std::path::Path::new("x.png").exists());
    let out = atlas(&["render"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("required arguments were not provided") && stderr.contains("--out <FILE.png|DIR|FILE.pdf>"),
        "{stderr}"
    );
}

#[test]
fn rendering_every_scene_of_a_project_writes_one_image_per_scene_and_different_scenes_differ() {
    use dalian_atlas::io::project::save_project;
    use dalian_atlas::model::MapView;
    use dalian_atlas::model::Scene;
    use dalian_atlas::model::project::Project;
    let dir = std::env::temp_dir().join(format!("dalian-atlas-render-scenes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let project_file = dir.join("deck.json");
    let project = Project {
        scenes: vec![
            Scene::new(
                "全市",
                MapView {
                    lon: 122.2,
                    lat: 39.4,
                    zoom: 8.0,
                },
            ),
            Scene::new(
                "市中心",
                MapView {
                    lon: 121.62,
                    lat: 38.92,
                    zoom: 12.0,
                },
            ),
        ],
        ..Project::default()
    };
    save_project(&project_file, &project).expect("saved");
    let out_dir = dir.join("images");
    let out = atlas(&[
        "render",
        "--project",
        project_file.to_str().expect("utf-8 path"),
        "--all",
        "--size",
        "640x400",
        "--out",
        out_dir.to_str().expect("utf-8 path"),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("[2/2] 市中心"), "{stdout}");
    let a = image::open(out_dir.join("01-全市.png")).expect("a PNG").to_rgba8();
    let b = image::open(out_dir.join("02-市中心.png")).expect("a PNG").to_rgba8();
    assert_eq!(a.dimensions(), (640, 400));
    assert_eq!(b.dimensions(), (640, 400));
    let differing = a.pixels().zip(b.pixels()).filter(|(p, q)| p != q).count();
    assert!(differing > 640 * 400 / 5, "{differing} pixels differ");
    // One scene by number into a file; an unknown name lists the scenes.
    let one = dir.join("one.png");
    let out = atlas(&[
        "render",
        "--project",
        project_file.to_str().expect("utf-8 path"),
        "--scene",
        "2",
        "--size",
        "320x200",
        "--out",
        one.to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(image::open(&one).expect("a PNG").to_rgba8().dimensions(), (320, 200));
    let out = atlas(&[
        "render",
        "--project",
        project_file.to_str().expect("utf-8 path"),
        "--scene",
        "庄河",
        "--out",
        one.to_str().expect("utf-8 path"),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("市中心"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_big_imported_layer_is_drawn_in_a_map_image_as_the_window_draws_it_in_the_background() {
    use dalian_atlas::map::user::RASTER_FROM_VERTICES;
    use dalian_atlas::model::{ProjectLayer, UserFeature, UserLayer, project::Project};
    use dalian_atlas::render::map_image::ProjectData;
    // One feature of more points than the window paints as shapes, in magenta.
    let points: Vec<geo::Point<f64>> = (0..RASTER_FROM_VERTICES + 10)
        .map(|k| {
            let a = k as f64 * 0.618_034;
            geo::Point::new(121.5 + 0.2 * a.fract(), 38.85 + 0.1 * (a * 7.3).fract())
        })
        .collect();
    let mut properties = serde_json::Map::new();
    properties.insert("marker-color".into(), serde_json::json!("#ff00ff"));
    let layer = ProjectLayer::new(UserLayer {
        read_as: None,
        name: "big".into(),
        source: None,
        foreign_members: serde_json::Map::new(),
        features: vec![UserFeature {
            id: None,
            geometry: geo::Geometry::MultiPoint(geo::MultiPoint(points)),
            properties: properties.into(),
        }],
    });
    let project = ProjectData::new(Project {
        user_layers: vec![layer],
        ..Project::default()
    });
    let mut renderer = renderer();
    let data = MapData::builtin().expect("built-in map data");
    let image = MapImage {
        view: Some(MapView {
            lon: 121.6,
            lat: 38.9,
            zoom: 11.0,
        }),
        ..MapImage::whole_municipality("大图层")
    };
    let png = map_image::render_map(
        &mut renderer,
        &data.sources().with_project(&project),
        &image,
        &settings([640, 400]),
    )
    .expect("renders");
    let magenta = png
        .pixels()
        .filter(|p| p.0[0] > 230 && p.0[1] < 40 && p.0[2] > 230)
        .count();
    assert!(
        magenta > 10_000,
        "only {magenta} magenta pixels: the big layer is missing"
    );
}

#[test]
fn an_auto_legend_takes_the_top_corner_clear_of_the_highlighted_feature() {
    use dalian_atlas::model::LegendPlacement;
    let mut renderer = renderer();
    let data = MapData::builtin().expect("built-in map data");
    // 大连理工大学 about 150 pt from the map's top-left corner at zoom 12 (1280×720: one
    // pixel a point): under a legend in the top-left corner.
    let image = |legend: LegendPlacement, highlighted: &[&str]| MapImage {
        view: Some(MapView {
            lon: 121.53 + 0.168,
            lat: 38.88 - 0.0487,
            zoom: 12.0,
        }),
        highlighted: highlighted.iter().map(|s| s.to_string()).collect(),
        legend,
        ..MapImage::whole_municipality("大连市")
    };
    let mut draw = |legend, highlighted: &[&str]| {
        map_image::render_map(
            &mut renderer,
            &data.sources(),
            &image(legend, highlighted),
            &settings([1280, 720]),
        )
        .expect("renders")
    };
    let dlut = ["uni.dlut"];
    let auto = draw(LegendPlacement::Auto, &dlut);
    let right = draw(LegendPlacement::TopRight, &dlut);
    let left = draw(LegendPlacement::TopLeft, &dlut);
    assert!(auto == right, "the legend moved to the top right, clear of the feature");
    assert!(auto != left);
    // Nothing highlighted: the top left, as in the window.
    let plain_auto = draw(LegendPlacement::Auto, &[]);
    let plain_left = draw(LegendPlacement::TopLeft, &[]);
    assert!(plain_auto == plain_left);
}

#[test]
fn an_image_does_not_depend_on_the_images_drawn_before_it() {
    // A deck draws many images with one renderer; each must be what a fresh renderer
    // draws (no state carried over, no warning painted after several images in a row).
    let data = MapData::builtin().expect("built-in map data");
    let image = |lon: f64, zoom: f64| MapImage {
        view: Some(MapView { lon, lat: 39.2, zoom }),
        ..MapImage::whole_municipality("大连市")
    };
    let mut deck = renderer();
    let mut last = None;
    for (k, lon) in [121.5, 121.9, 122.3, 122.7, 123.0, 121.7].into_iter().enumerate() {
        let zoom = 8.0 + k as f64 * 0.5;
        last = Some((
            map_image::render_map(&mut deck, &data.sources(), &image(lon, zoom), &settings([640, 400]))
                .expect("renders"),
            lon,
            zoom,
        ));
    }
    let (in_deck, lon, zoom) = last.expect("drawn");
    let fresh = map_image::render_map(
        &mut renderer(),
        &data.sources(),
        &image(lon, zoom),
        &settings([640, 400]),
    )
    .expect("renders");
    assert!(
        in_deck == fresh,
        "the sixth image of a deck differs from the same image drawn alone"
    );
}
