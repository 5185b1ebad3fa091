//! Issue 16, item 7: a map image has the window's colours. The same view is drawn in the
//! window (egui_kittest, the app's own frame) and as an off-screen image (`render`); the
//! colour around points on land, sea and plan areas must agree in both.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use common::{harness_with, plan};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::model::MapView;
use dalian_atlas::render::map_image::{self, ImageSettings, MapData, MapImage, TITLE_BAND};
use dalian_atlas::render::{OffscreenRenderer, RendererOptions};
use dalian_atlas::state::AppState;
use image::RgbaImage;

/// The most frequent colour in the 9 × 9 pixels around `(x, y)`: a label or a line
/// crossing the patch does not change it.
fn patch_colour(image: &RgbaImage, x: f32, y: f32) -> [u8; 3] {
    let mut counts: std::collections::HashMap<[u8; 3], usize> = Default::default();
    for dy in -4..=4 {
        for dx in -4..=4 {
            let (px, py) = ((x.round() as i64 + dx) as u32, (y.round() as i64 + dy) as u32);
            let p = image.get_pixel(px, py).0;
            *counts.entry([p[0], p[1], p[2]]).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(c, n)| (*n, *c))
        .map(|(c, _)| c)
        .expect("pixels")
}

#[test]
fn the_window_and_a_map_image_of_the_same_view_show_the_same_colours() {
    // 庄河 and 普兰店 (division fills under the layout's zone and the projects' areas),
    // the sea off 庄河, and the land west of 普兰店.
    let points: [[f64; 2]; 4] = [[122.92, 39.80], [122.55, 39.30], [122.30, 39.75], [122.62, 39.62]];
    let view = MapView {
        lon: 122.6,
        lat: 39.6,
        zoom: 10.0,
    };

    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    harness.state_mut().set_map_view([view.lon, view.lat], view.zoom);
    harness.run();
    let window = harness.render().expect("the window renders");
    let ppp_window = window.width() as f32 / 1600.0;
    let centre = harness.state().map_pos_of_lon_lat([view.lon, view.lat]).expect("drawn");

    let mut renderer = OffscreenRenderer::new(RendererOptions::default())
        .unwrap_or_else(|e| panic!("the headless renderer needs a graphics adapter: {e}"));
    map_image::prepare(&renderer);
    let data = MapData::builtin().expect("built-in map data");
    let settings = ImageSettings {
        size: [1600, 1000],
        lang: dalian_atlas::i18n::Lang::Zh,
        source: "测试".into(),
        date: "2025-06-01".into(),
    };
    let image = MapImage {
        view: Some(view),
        ..MapImage::whole_municipality("大连市")
    };
    let drawn = map_image::render_map(&mut renderer, &data.sources(), &image, &settings).expect("renders");
    let ppp = map_image::pixels_per_point_for(settings.size);
    let [w, h] = map_image::map_area_points(settings.size);
    let image_centre = (w / 2.0 * ppp, (TITLE_BAND + h / 2.0) * ppp);

    let mut distinct = std::collections::HashSet::new();
    for lon_lat in points {
        let at = harness.state().map_pos_of_lon_lat(lon_lat).expect("drawn");
        let in_window = patch_colour(&window, at.x * ppp_window, at.y * ppp_window);
        let offset = at - centre;
        let in_image = patch_colour(&drawn, image_centre.0 + offset.x * ppp, image_centre.1 + offset.y * ppp);
        let close = in_window.iter().zip(in_image).all(|(a, b)| a.abs_diff(b) <= 2);
        assert!(
            close,
            "at {lon_lat:?} the window shows {in_window:?}, the image {in_image:?}"
        );
        distinct.insert(in_window);
    }
    assert!(distinct.len() >= 3, "the points sample different fills: {distinct:?}");
}
