#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The map fills its frame (issue 16, item 1): Natural Earth context land beyond the data
//! box, no blank tint, and an image of a view north of the box that shows land and sea
//! where they are. The image test needs a wgpu adapter (Mesa's llvmpipe serves).

use dalian_atlas::basemap::{
    self, Basemap, CONTEXT_BOX_LON_LAT, DATA_BOX_LON_LAT, LandPolygon, Precision, basemap_features, check,
    context_area_inside_data_box,
};
use dalian_atlas::map::lod::{ScreenFromMercator, mercator_from_lon_lat};
use dalian_atlas::model::MapView;
use dalian_atlas::render::map_image::{self, ImageSettings, MapData, MapImage, TITLE_BAND};
use dalian_atlas::render::{OffscreenRenderer, RendererOptions};
use dalian_atlas::symbology::basemap::{LAND_OUTSIDE, SEA};
use geo::{Contains, Point, polygon};

fn builtin() -> Basemap {
    Basemap::builtin().expect("the committed layers parse")
}

fn is_context_land(b: &Basemap, lon: f64, lat: f64) -> bool {
    b.context_land
        .iter()
        .any(|l| l.geometry.contains(&Point::new(lon, lat)))
}

#[test]
fn the_context_land_covers_the_mainland_and_peninsula_beyond_the_box_but_not_the_seas() {
    let b = builtin();
    assert!(!b.context_land.is_empty());
    // Checked against the Natural Earth data: 盖州 inland north of 40.2° N, 丹东's
    // hinterland east of the box, 烟台 on the 山东 peninsula.
    for (lon, lat, what) in [
        (122.5, 40.6, "Liaoning mainland (盖州) north of the box"),
        (122.8, 40.5, "Liaoning mainland north of 庄河"),
        (124.3, 40.1, "丹东 east of the box"),
        (121.4, 37.5, "烟台, 山东 peninsula"),
    ] {
        assert!(is_context_land(&b, lon, lat), "{what} ({lon}, {lat}) is context land");
    }
    for (lon, lat, what) in [
        (120.5, 39.0, "渤海"),
        (121.5, 40.6, "辽东湾"),
        (123.5, 38.0, "黄海"),
        (120.9, 38.3, "渤海海峡"),
    ] {
        assert!(!is_context_land(&b, lon, lat), "{what} ({lon}, {lat}) is sea");
    }
}

#[test]
fn the_context_land_has_no_area_inside_the_data_box_and_stays_in_its_own_box() {
    let b = builtin();
    assert!(context_area_inside_data_box(&b.context_land) < 1e-9);
    let (w, s, e, n) = CONTEXT_BOX_LON_LAT;
    for (k, l) in b.context_land.iter().enumerate() {
        for c in l.geometry.exterior().0.iter() {
            assert!(
                (w..=e).contains(&c.x) && (s..=n).contains(&c.y),
                "context polygon {k} has a position {c:?} outside {CONTEXT_BOX_LON_LAT:?}"
            );
        }
    }
    // A point just inside each edge of the data box is never context land.
    let (x0, y0, x1, y1) = DATA_BOX_LON_LAT;
    for (lon, lat) in [
        (x0 + 1e-4, 39.5),
        (x1 - 1e-4, 39.8),
        (122.0, y1 - 1e-4),
        (121.5, y0 + 1e-4),
    ] {
        assert!(!is_context_land(&b, lon, lat), "({lon}, {lat}) is inside the data box");
    }
}

#[test]
fn the_context_layer_stays_small() {
    let b = builtin();
    let positions: usize = b
        .context_land
        .iter()
        .map(|l| l.geometry.exterior().0.len() + l.geometry.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum();
    assert!(positions < 6_000, "{positions} positions");
    assert!(positions > 1_000, "{positions} positions: the layer lost its land?");
}

#[test]
fn check_fails_when_context_land_reaches_into_the_data_box() {
    let mut b = builtin();
    assert!(check(&b).is_empty(), "{:#?}", check(&b));
    b.context_land.push(LandPolygon {
        geometry: polygon![
            (x: 122.0, y: 39.0),
            (x: 122.2, y: 39.0),
            (x: 122.2, y: 39.2),
            (x: 122.0, y: 39.2),
            (x: 122.0, y: 39.0),
        ],
        precision: Precision::Approximate,
        source: "test".into(),
    });
    let problems = check(&b);
    assert!(
        problems
            .iter()
            .any(|p| p.contains(basemap::CONTEXT_LAND_FILE) && p.contains("inside the data box")),
        "{problems:#?}"
    );
}

#[test]
fn the_context_land_is_not_exported_with_the_basemap() {
    let b = builtin();
    let features = basemap_features(&b);
    let land = features
        .iter()
        .filter(|f| f.properties.get("layer").and_then(|v| v.as_str()) == Some("land"))
        .count();
    assert_eq!(land, b.land.len());
    assert!(
        features
            .iter()
            .all(|f| f.properties.get("layer").and_then(|v| v.as_str()) != Some("context_land"))
    );
}

/// The pixel of `lon_lat` in an image of `size` pixels showing `view` (the map lies below
/// the title band, as `render_map` lays it out).
fn pixel_of(view: MapView, size: [u32; 2], lon_lat: [f64; 2]) -> (u32, u32) {
    let ppp = map_image::pixels_per_point_for(size);
    let [w, h] = map_image::map_area_points(size);
    let centre = egui::pos2(w / 2.0, TITLE_BAND + h / 2.0);
    let to_screen = ScreenFromMercator::new(view.zoom, [view.lon, view.lat], centre);
    let p = to_screen.apply(mercator_from_lon_lat(lon_lat));
    ((p.x * ppp).round() as u32, (p.y * ppp).round() as u32)
}

#[test]
fn an_image_north_of_the_box_shows_land_and_sea_beyond_it_and_no_blank_tint() {
    let mut renderer = OffscreenRenderer::new(RendererOptions::default())
        .unwrap_or_else(|e| panic!("the headless renderer needs a graphics adapter: {e}"));
    map_image::prepare(&renderer);
    let data = MapData::builtin().expect("built-in map data");
    let view = MapView {
        lon: 122.2,
        lat: 40.4,
        zoom: 9.0,
    };
    let size = [1280, 720];
    let image = map_image::render_map(
        &mut renderer,
        &data.sources(),
        &MapImage {
            view: Some(view),
            ..MapImage::whole_municipality("大连市")
        },
        &ImageSettings {
            size,
            lang: dalian_atlas::i18n::Lang::Zh,
            source: "测试".into(),
            date: "2025-06-01".into(),
        },
    )
    .expect("renders");
    let rgb = |c: dalian_atlas::symbology::Rgba8| [c.r, c.g, c.b];
    let at = |lon_lat: [f64; 2]| {
        let (x, y) = pixel_of(view, size, lon_lat);
        let p = image.get_pixel(x, y).0;
        [p[0], p[1], p[2]]
    };
    // 盖州 inland, north of the data box: land; 辽东湾, north of the box too: sea.
    assert_eq!(at([122.6, 40.5]), rgb(LAND_OUTSIDE), "land beyond the box");
    assert_eq!(at([121.6, 40.3]), rgb(SEA), "sea beyond the box");
    // The old tint (0xd8 grey at 85 % over the map) over the sea is nowhere. (Over land it
    // comes within a unit of the white plates over land, so the land point above stands
    // for it.)
    let old = rgb(SEA).map(|c| (0xd8 as f32 + c as f32 * (1.0 - 0xd8 as f32 / 255.0)).round() as u8);
    let tinted_pixels = image
        .pixels()
        .filter(|p| p.0[..3].iter().zip(old).all(|(a, b)| a.abs_diff(b) <= 1))
        .count();
    // The tint covered whole regions (a third of such an image); a few pixels of label
    // halos over the sea may share its colour.
    assert!(tinted_pixels < 200, "{tinted_pixels} pixels of the old blank tint");
}
