#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Annotation titles in rendered images (issue 18, point 7): the image draws a titled
//! annotation's title through the map's labels, as the window does, and leaves it out
//! when the annotation's 在地图上显示标题 is off. Needs a wgpu adapter (Mesa's
//! llvmpipe/lavapipe serve without a GPU), as `tests/render.rs`.

use dalian_atlas::i18n::Lang;
use dalian_atlas::model::{Annotation, AnnotationKind, MapView, Project, Rgb};
use dalian_atlas::render::map_image::{self, ImageSettings, MapData, MapImage, ProjectData};
use dalian_atlas::render::{OffscreenRenderer, RendererOptions};
use image::RgbaImage;

/// Pixels clearly green (the test annotation's outline and title colour, also where
/// the text's edges blend into its halo); nothing else on the map is.
fn green_pixels(image: &RgbaImage) -> usize {
    image
        .pixels()
        .filter(|p| {
            let [r, g, b, _] = p.0;
            i32::from(g) - i32::from(r.max(b)) > 60
        })
        .count()
}

fn render(show_title: bool) -> RgbaImage {
    let mut renderer = OffscreenRenderer::new(RendererOptions::default())
        .unwrap_or_else(|e| panic!("the headless renderer needs a graphics adapter: {e}"));
    map_image::prepare(&renderer);
    let ring = vec![[121.56, 38.95], [121.60, 38.95], [121.60, 38.97], [121.56, 38.97]];
    let mut a = Annotation::new(1, AnnotationKind::Polygon, ring)
        .expect("valid")
        .with_title("拟建算力园区规划范围");
    a.style.stroke = Rgb([0, 255, 0]);
    a.style.fill_opacity = 0.0;
    a.show_title = show_title;
    let project = ProjectData::new(Project {
        annotations: vec![a],
        ..Project::default()
    });
    let data = MapData::builtin().expect("built-in map data");
    let image = MapImage {
        view: Some(MapView {
            lon: 121.58,
            lat: 38.96,
            zoom: 12.0,
        }),
        ..MapImage::whole_municipality("标题")
    };
    let settings = ImageSettings {
        size: [960, 640],
        lang: Lang::Zh,
        source: String::new(),
        date: "2025-06-01".into(),
    };
    map_image::render_map(&mut renderer, &data.sources().with_project(&project), &image, &settings).expect("renders")
}

#[test]
fn an_image_draws_an_annotation_title_as_a_label_unless_it_is_turned_off() {
    let (with, without) = (green_pixels(&render(true)), green_pixels(&render(false)));
    assert!(without > 100, "the green outline is drawn either way: {without}");
    assert!(
        with > without + 150,
        "the title adds green text: {with} with it, {without} without"
    );
}
