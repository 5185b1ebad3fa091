//! Optional tile sources: an HTTP source on a loopback server, a closed port, a PMTiles
//! fixture, and the dialog. All network traffic stays on 127.0.0.1, bounded in count
//! and time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use common::{harness_with, plan};
use dalian_atlas::action::{Action, DocAction, ImageSubject};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::i18n::Lang;
use dalian_atlas::map::{TileLayer, TileLayerOptions};
use dalian_atlas::state::AppState;
use dalian_atlas::tile_source::{TileSourceSetting, TileStatus};
use dalian_atlas::ui::tile_status_text;
use egui_kittest::kittest::Queryable;
use walkers::{TileId, Tiles};

/// Longest any test waits for tiles.
const PATIENCE: Duration = Duration::from_secs(10);

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dalian-raster.pmtiles")
}

/// A 256×256 PNG tile of one colour.
fn png_tile() -> Vec<u8> {
    let image = image::RgbaImage::from_pixel(256, 256, image::Rgba([0x40, 0x90, 0x60, 0xff]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("encodes a PNG");
    bytes.into_inner()
}

/// Serves `png` for every request on 127.0.0.1 from a background thread, for at most
/// `PATIENCE` and 16 connections. Returns the port and the count of requests served.
fn serve_png(png: Vec<u8>) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds a loopback port");
    let port = listener.local_addr().expect("has an address").port();
    listener.set_nonblocking(true).expect("non-blocking");
    let served = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&served);
    thread::spawn(move || {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline && count.load(Ordering::SeqCst) < 16 {
            match listener.accept() {
                Ok((stream, _)) => {
                    respond(stream, &png);
                    count.fetch_add(1, Ordering::SeqCst);
                }
                Err(_) => thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    (port, served)
}

fn respond(mut stream: TcpStream, png: &[u8]) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nCache-Control: max-age=86400\r\nConnection: close\r\n\r\n",
        png.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(png);
}

/// A port on 127.0.0.1 that nothing listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds a loopback port");
    listener.local_addr().expect("has an address").port()
}

fn xyz(port: u16) -> TileSourceSetting {
    TileSourceSetting::Xyz {
        template: format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"),
        attribution: "loopback test tiles".into(),
        coordinate_system: CoordinateSystem::Wgs84,
        max_zoom: 18,
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dalian-atlas-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Polls `at` until the tile itself (not a stand-in cut from a lower zoom, whose uv
/// is smaller than `uv_size`) comes or `PATIENCE` runs out; returns the piece's uv size.
fn wait_for_tile(layer: &mut TileLayer, tile_id: TileId, uv_size: f32) -> Option<egui::Vec2> {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if let Some(piece) = layer.at(tile_id).filter(|p| p.uv.width() >= uv_size) {
            return Some(piece.uv.size());
        }
        thread::sleep(Duration::from_millis(20));
    }
    None
}

#[test]
fn an_http_source_on_a_loopback_server_delivers_a_tile_and_caches_it_on_disk() {
    let (port, served) = serve_png(png_tile());
    let cache = temp_dir("http-cache");
    let options = TileLayerOptions {
        cache_dir: Some(cache.clone()),
        stall_after: Duration::from_secs(5),
    };
    let ctx = egui::Context::default();
    let mut layer = TileLayer::build(&xyz(port), &options, &ctx)
        .expect("a valid source")
        .expect("a tile layer");
    assert_eq!(layer.attribution_text(), "loopback test tiles");
    let tile = TileId { x: 214, y: 96, zoom: 8 };
    let uv = wait_for_tile(&mut layer, tile, 1.0).expect("the tile arrives within 10 s");
    assert_eq!(uv, egui::vec2(1.0, 1.0));
    assert!(served.load(Ordering::SeqCst) >= 1);
    assert_eq!(layer.status(Instant::now()), TileStatus::Idle);
    let cached = std::fs::read_dir(&cache).map(|d| d.count()).unwrap_or(0);
    assert!(cached > 0, "the on-disk cache in {} is empty", cache.display());
    let _ = std::fs::remove_dir_all(&cache);
}

#[test]
fn a_closed_port_never_blocks_and_is_reported_as_not_responding() {
    let options = TileLayerOptions {
        cache_dir: None,
        stall_after: Duration::from_millis(800),
    };
    let ctx = egui::Context::default();
    let mut layer = TileLayer::build(&xyz(closed_port()), &options, &ctx)
        .expect("a valid source")
        .expect("a tile layer");
    let start = Instant::now();
    let mut slowest = Duration::ZERO;
    while start.elapsed() < Duration::from_millis(1500) {
        for x in 213..216 {
            let t = Instant::now();
            assert!(layer.at(TileId { x, y: 96, zoom: 8 }).is_none());
            slowest = slowest.max(t.elapsed());
        }
        thread::sleep(Duration::from_millis(20));
    }
    assert!(slowest < Duration::from_millis(50), "at() took {slowest:?}");
    let status = layer.status(Instant::now());
    assert_eq!(status, TileStatus::NotResponding);
    assert_eq!(tile_status_text(Lang::Zh, &status).as_deref(), Some("瓦片源无响应"));
    assert_eq!(
        tile_status_text(Lang::En, &status).as_deref(),
        Some("Tile source not responding")
    );
}

#[test]
fn the_pmtiles_fixture_delivers_its_tiles_and_deeper_zooms_are_cut_from_them() {
    let ctx = egui::Context::default();
    let setting = TileSourceSetting::PmTiles { path: fixture() };
    let mut layer = TileLayer::build(&setting, &TileLayerOptions::default(), &ctx)
        .expect("the fixture is a raster PMTiles file")
        .expect("a tile layer");
    assert!(layer.attribution_text().contains("dalian-raster.pmtiles"));
    let uv = wait_for_tile(&mut layer, TileId { x: 0, y: 0, zoom: 0 }, 1.0).expect("z0 arrives");
    assert_eq!(uv, egui::vec2(1.0, 1.0));
    // The fixture ends at z8; a z9 tile over Dalian is a quarter of its z8 parent.
    let uv = wait_for_tile(
        &mut layer,
        TileId {
            x: 428,
            y: 193,
            zoom: 9,
        },
        0.5,
    )
    .expect("z8 parent arrives");
    assert_eq!(uv, egui::vec2(0.5, 0.5));
}

#[test]
fn a_view_past_a_pmtiles_files_extent_is_not_reported_as_a_stall_and_stops_repainting() {
    let ctx = egui::Context::default();
    let options = TileLayerOptions {
        cache_dir: None,
        stall_after: Duration::from_millis(50),
    };
    let setting = TileSourceSetting::PmTiles { path: fixture() };
    let mut layer = TileLayer::build(&setting, &options, &ctx)
        .expect("the fixture is a raster PMTiles file")
        .expect("a tile layer");
    // A z8 tile over the Pacific: the file does not have it and never will.
    let outside = TileId {
        x: 250,
        y: 100,
        zoom: 8,
    };
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        assert!(layer.at(outside).is_none());
        thread::sleep(Duration::from_millis(20));
    }
    assert!(!matches!(layer.status(Instant::now()), TileStatus::NotResponding));
    assert!(!layer.waiting(), "an idle local layer must not keep the app repainting");
}

#[test]
fn a_missing_pmtiles_file_fails_with_a_readable_message_and_no_layer() {
    let ctx = egui::Context::default();
    let setting = TileSourceSetting::PmTiles {
        path: PathBuf::from("/nonexistent/atlas.pmtiles"),
    };
    let err = TileLayer::build(&setting, &TileLayerOptions::default(), &ctx)
        .err()
        .expect("an error");
    assert!(err.to_string().contains("/nonexistent/atlas.pmtiles"), "{err}");
    assert!(
        TileLayer::build(&TileSourceSetting::None, &TileLayerOptions::default(), &ctx)
            .expect("no source is fine")
            .is_none()
    );
}

#[test]
fn choosing_none_in_the_tile_dialog_keeps_the_atlas_working_offline() {
    let mut state = AppState::default();
    state.tiles.source = TileSourceSetting::PmTiles { path: fixture() };
    let mut harness = harness_with(AtlasApp::with_state(plan(), state));
    assert!(harness.state().has_tile_layer());

    harness.get_by_label("视图").click();
    harness.run();
    harness.get_by_label("底图瓦片…").click();
    harness.run();
    harness.get_by_label_contains("在线图源需要网络连接");
    harness.get_by_label("无（仅用本图集底图）").click();
    harness.run();
    harness.get_by_label("应用").click();
    harness.run();

    assert_eq!(harness.state().state().tiles.source, TileSourceSetting::None);
    assert!(!harness.state().has_tile_layer());
    assert_eq!(harness.state().state().tile_status, TileStatus::Idle);
    harness.get_by_label("关闭").click();
    harness.run();
    assert!(harness.state().state().tile_dialog.is_none());
    harness.get_by_label("规划文本");
    harness.get_by_label_contains("OpenStreetMap");
}

#[test]
fn the_image_dialog_says_images_leave_the_tile_layer_out_while_one_is_shown() {
    let note = "不含窗口中叠加的瓦片地图";
    let mut state = AppState::default();
    state.tiles.source = TileSourceSetting::PmTiles { path: fixture() };
    let mut harness = harness_with(AtlasApp::with_state(plan(), state));
    assert!(harness.state().has_tile_layer());
    let open = Action::Document(DocAction::OpenImageExport(ImageSubject::CurrentView));
    harness.state_mut().apply(open.clone()).expect("opens");
    harness.run();
    harness.get_by_label_contains(note);

    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    harness.state_mut().apply(open).expect("opens");
    harness.run();
    harness.get_by_label("导出地图图片");
    assert!(harness.query_by_label_contains(note).is_none());
}

#[test]
fn a_custom_template_without_x_is_refused_in_the_dialog_and_nothing_changes() {
    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    harness.state_mut().apply(Action::ShowTileDialog(true)).expect("opens");
    harness.run();
    harness.get_by_label("自定义 URL 模板（在线）").click();
    harness.run();
    let mut draft = harness.state().state().tile_dialog.clone().expect("open");
    draft.template = "https://example.invalid/{z}/{y}.png".into();
    harness.state_mut().apply(Action::EditTileDraft(draft)).expect("edits");
    harness.run();
    harness.get_by_label("应用").click();
    harness.run();
    assert_eq!(harness.state().state().tiles.source, TileSourceSetting::None);
    assert_eq!(
        harness.get_all_by_label_contains("lacks the placeholder {x}").count(),
        2,
        "the message is in the dialog and the status bar"
    );
    assert!(!harness.state().has_tile_layer());
}

#[test]
fn the_status_bar_says_when_the_tile_source_does_not_respond() {
    let mut state = AppState::default();
    state.tiles.source = xyz(closed_port());
    let app = AtlasApp::with_state(plan(), state).with_tile_options(TileLayerOptions {
        cache_dir: None,
        stall_after: Duration::from_millis(600),
    });
    let mut harness = harness_with(app);
    let deadline = Instant::now() + Duration::from_secs(5);
    while harness.query_by_label("瓦片源无响应").is_none() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(100));
        harness.step();
    }
    harness.get_by_label("瓦片源无响应");
    assert_eq!(harness.state().state().tile_status, TileStatus::NotResponding);
}

/// Renders the tile dialog over a PMTiles map for a human to look at
/// (`cargo test --test tiles -- --ignored`); needs a wgpu adapter (a software one
/// does). Writes `kittest-tile-dialog.png` to the temp directory.
#[test]
#[ignore = "writes a review image; run by hand"]
fn review_image_of_the_tile_dialog_is_written() {
    let mut state = AppState::default();
    state.tiles.source = TileSourceSetting::PmTiles { path: fixture() };
    state.tiles.opacity = 0.7;
    let mut harness = harness_with(AtlasApp::with_state(plan(), state));
    harness.state_mut().apply(Action::ShowTileDialog(true)).expect("opens");
    harness.run();
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline && harness.state().state().tile_status != TileStatus::Idle {
        thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    thread::sleep(Duration::from_millis(500));
    for _ in 0..20 {
        harness.step();
    }
    harness
        .render()
        .expect("renders")
        .save(std::env::temp_dir().join("kittest-tile-dialog.png"))
        .expect("saves");

    let mut draft = harness.state().state().tile_dialog.clone().expect("open");
    draft.kind = dalian_atlas::tile_source::TileSourceKind::Custom;
    draft.template = "https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}".into();
    draft.gcj02 = true;
    harness.state_mut().apply(Action::EditTileDraft(draft)).expect("edits");
    harness.run();
    harness
        .render()
        .expect("renders")
        .save(std::env::temp_dir().join("kittest-tile-dialog-custom.png"))
        .expect("saves");
}
