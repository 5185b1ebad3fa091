//! Time to export a deck of map images without a window: 20 views (the whole
//! municipality, districts, the city centre at several zooms, with the plan layers in
//! different combinations) at 1920×1080 by default, through the same code path as
//! `dalian-atlas render`, printing a progress line per image and the seconds per image.
//!
//! `cargo bench --bench render_deck` (or `-- 3840x2160 [N]` for another size or count).
//! The images go to a temporary folder, removed afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use dalian_atlas::catalogue::Layer;
use dalian_atlas::model::MapView;
use dalian_atlas::model::default_layers;
use dalian_atlas::render::map_image::{self, DeckItem, ImageSettings, MapData, MapImage};
use dalian_atlas::render::{OffscreenRenderer, RendererOptions, parse_size};

fn main() {
    env_logger::init();
    // `cargo bench` passes `--bench`; the first other argument is a size, the second a count.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let size = args.first().and_then(|s| parse_size(s)).unwrap_or([1920, 1080]);
    let count: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);

    let start = std::time::Instant::now();
    let mut renderer = OffscreenRenderer::new(RendererOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    map_image::prepare(&renderer);
    let data = MapData::builtin().expect("built-in map data");
    println!(
        "renderer and map data ready in {:.2} s on {}",
        start.elapsed().as_secs_f64(),
        renderer.adapter()
    );

    let places = [
        ("全市", None),
        ("市中心", Some((121.62, 38.92, 12.0))),
        ("高新区", Some((121.53, 38.88, 12.5))),
        ("金州区", Some((121.78, 39.10, 10.5))),
        ("旅顺口区", Some((121.26, 38.85, 11.0))),
        ("瓦房店市", Some((121.98, 39.63, 9.5))),
        ("庄河市", Some((122.97, 39.70, 9.5))),
        ("长海县", Some((122.59, 39.27, 10.0))),
        ("长兴岛", Some((121.45, 39.58, 11.0))),
        ("普兰店区", Some((122.0, 39.4, 10.0))),
    ];
    let dir = std::env::temp_dir().join(format!("dalian-atlas-render-deck-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let items: Vec<DeckItem> = (0..count)
        .map(|k| {
            let (name, view) = places[k % places.len()];
            let mut layers = default_layers();
            // Every other round shows one plan layer only, as a scene might.
            if k >= places.len() {
                let only = Layer::ALL[k % Layer::ALL.len()];
                for l in &mut layers {
                    l.visible = l.layer == only;
                }
            }
            DeckItem {
                image: MapImage {
                    title: format!("专栏{} · {name}", k + 1),
                    view: view.map(|(lon, lat, zoom)| MapView { lon, lat, zoom }),
                    extent: None,
                    layers,
                    highlighted: Vec::new(),
                    user_layers_visible: Vec::new(),
                    legend: dalian_atlas::model::LegendPlacement::Auto,
                    status_styling: false,
                },
                out: dir.join(format!("{:02}.png", k + 1)),
            }
        })
        .collect();
    let settings = ImageSettings {
        size,
        lang: dalian_atlas::i18n::Lang::Zh,
        source: "大连市数字经济发展“十四五”规划".into(),
        date: map_image::today_utc(),
    };
    let total = map_image::render_deck(&mut renderer, &data.sources(), &settings, &items, |p| println!("{p}"))
        .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "{count} images at {}×{} in {total:.1} s: {:.2} s per image",
        size[0],
        size[1],
        total / count as f64
    );
    // Where the time goes: drawing (egui + the software rasteriser + read-back) vs PNG.
    let (mut draw, mut write) = (0.0, 0.0);
    for item in items.iter().take(5) {
        let t = std::time::Instant::now();
        let image = map_image::render_map(&mut renderer, &data.sources(), &item.image, &settings).expect("renders");
        draw += t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        dalian_atlas::render::save_png(&image, &item.out).expect("writes");
        write += t.elapsed().as_secs_f64();
    }
    let n = items.len().min(5) as f64;
    println!(
        "per image: drawing {:.2} s, writing the PNG {:.2} s",
        draw / n,
        write / n
    );
    std::fs::remove_dir_all(&dir).ok();
}
