//! The committed basemap layers in `maps/`: what they hold, that they pass the checks, that
//! the generator reproduces them byte for byte, official-boundary loading and export.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::temp_dir;
use dalian_atlas::basemap::{
    self, Basemap, BasemapError, DIVISIONS, MAP_FILES, Precision, apply_official_boundaries, check,
};
use geo::{Contains, Point};

fn builtin() -> Basemap {
    Basemap::builtin().expect("the committed layers parse")
}

fn maps_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("maps")
}

fn is_land(b: &Basemap, lon: f64, lat: f64) -> bool {
    b.land.iter().any(|l| l.geometry.contains(&Point::new(lon, lat)))
}

#[test]
fn the_committed_layers_parse_and_pass_every_check() {
    let b = builtin();
    assert_eq!(b.divisions.len(), 10);
    assert_eq!(b.functional_areas.len(), 3);
    assert!(b.land.len() > 39);
    assert!(b.places.len() >= 34);
    let problems = check(&b);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn maps_from_disk_equal_the_built_in_copy_and_the_file_list_is_complete() {
    let disk = dalian_atlas::io::basemap::basemap_from_dir(&maps_dir()).expect("maps/ parses");
    let b = builtin();
    assert_eq!(disk.divisions, b.divisions);
    assert_eq!(disk.places, b.places);
    assert_eq!(disk.context_land, b.context_land);
    let mut listed: Vec<String> = MAP_FILES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(disk.files, listed, "MAP_FILES must list exactly the files of maps/");
    assert!(check(&disk).is_empty(), "{:#?}", check(&disk));
}

#[test]
fn the_ten_divisions_have_their_adcodes_names_and_schematic_precision() {
    let b = builtin();
    let expected = [
        (210202, "中山区"),
        (210203, "西岗区"),
        (210204, "沙河口区"),
        (210211, "甘井子区"),
        (210212, "旅顺口区"),
        (210213, "金州区"),
        (210214, "普兰店区"),
        (210224, "长海县"),
        (210281, "瓦房店市"),
        (210283, "庄河市"),
    ];
    for (adcode, name) in expected {
        let d = b.division(adcode).unwrap_or_else(|| panic!("{adcode} present"));
        assert_eq!(d.name_zh, name);
        assert!(!d.name_en.is_empty());
        assert_eq!(d.precision, Precision::Schematic);
        assert!(!d.source.is_empty() && !d.basis.is_empty());
        assert_eq!(b.divisions.iter().filter(|x| x.adcode == adcode).count(), 1);
    }
}

#[test]
fn areas_are_within_ten_percent_except_the_coast_limited_island_county() {
    let b = builtin();
    for d in &b.divisions {
        let diff = (basemap::area_km2(&d.geometry) - d.area_reference_km2) / d.area_reference_km2;
        if d.adcode == 210224 {
            assert!(d.coast_limited, "长海县 is coast-limited");
            assert!(diff > -0.20 && diff < 0.10, "长海县 {diff}");
        } else {
            assert!(!d.coast_limited, "{}", d.name_zh);
            assert!(diff.abs() <= 0.10, "{} off by {:.1} %", d.name_zh, diff * 100.0);
        }
    }
}

#[test]
fn label_points_and_interior_points_lie_inside_their_own_division() {
    let b = builtin();
    for spec in DIVISIONS {
        let d = b.division(spec.adcode).expect("present");
        let (x, y) = d.label_lon_lat;
        assert!(d.geometry.contains(&Point::new(x, y)), "label of {}", d.name_zh);
        for p in spec.interior_points {
            assert_eq!(
                b.division_at(p.lon, p.lat).map(|x| x.adcode),
                Some(spec.adcode),
                "{} ({})",
                spec.name_zh,
                p.basis
            );
        }
    }
}

#[test]
fn changxing_island_is_in_wafangdian_and_the_changshan_islands_in_changhai() {
    let b = builtin();
    assert_eq!(b.division_at(121.38, 39.57).map(|d| d.adcode), Some(210281));
    for (lon, lat, island) in [
        (122.60, 39.2756, "大长山岛"),
        (122.7236, 39.2358, "小长山岛"),
        (122.378, 39.175, "广鹿岛"),
        (122.7292, 39.0301, "獐子岛"),
        (123.1697, 39.0591, "海洋岛"),
    ] {
        assert_eq!(b.division_at(lon, lat).map(|d| d.adcode), Some(210224), "{island}");
    }
}

#[test]
fn land_of_yingkou_and_dandong_in_the_data_box_is_outside_every_division() {
    let b = builtin();
    // 营口 (between 熊岳 of 鲅鱼圈 and 万福 of 盖州, north of 瓦房店) and 丹东 (东港, east of
    // 庄河's limit 123°31′ E).
    for (lon, lat, city) in [
        (122.25, 40.18, "营口"),
        (122.12284, 40.17737, "营口 熊岳"),
        (123.57, 39.92, "丹东"),
    ] {
        assert!(is_land(&b, lon, lat), "{city} point is land in the data");
        assert!(b.division_at(lon, lat).is_none(), "{city} is outside Dalian");
    }
}

#[test]
fn functional_areas_are_schematic_with_a_basis_and_sit_where_the_plan_puts_them() {
    let b = builtin();
    let get = |id: &str| b.functional_areas.iter().find(|f| f.id == id).expect(id);
    for f in &b.functional_areas {
        assert_eq!(f.precision, Precision::Schematic);
        assert!(f.basis.contains("示意") && !f.source.is_empty());
    }
    assert!(get("changxingdao").geometry.contains(&Point::new(121.38, 39.57)));
    let jinpu = get("jinpu");
    assert!((jinpu.area_km2 - 2299.0).abs() < 25.0, "{}", jinpu.area_km2);
    assert!(jinpu.geometry.contains(&Point::new(121.90, 39.24)));
    assert!(get("gaoxin").geometry.contains(&Point::new(121.53, 38.88)));
}

#[test]
fn places_carry_precision_and_source_and_include_the_airports_and_urban_centre() {
    let b = builtin();
    let dlc = b.places.iter().find(|p| p.id == "airport-DLC").expect("DLC");
    assert_eq!(dlc.precision, Precision::Exact);
    let centre = b.places.iter().find(|p| p.id == "urban-centre").expect("centre");
    assert_eq!(centre.precision, Precision::Approximate);
    assert_eq!(
        b.division_at(centre.lon_lat.0, centre.lon_lat.1).map(|d| d.adcode),
        Some(210202)
    );
    for p in &b.places {
        assert!(!p.source.is_empty(), "{}", p.id);
    }
    assert!(
        b.places
            .iter()
            .filter(|p| p.kind == basemap::PlaceKind::Town)
            .all(|p| p.precision == Precision::Approximate)
    );
}

/// Traditional forms whose simplified forms occur in Dalian's place names (or that GeoNames
/// has used): none may appear in a town's `name_zh`, the map being Simplified Chinese.
const TRADITIONAL: &str = "順莊灣連島長蘭縣區嶺溝礦楊許萬廣園營壟雲臺門東關華興遼寧陽鎮鄉";

#[test]
fn towns_have_a_simplified_chinese_name_that_is_theirs_or_none() {
    let b = builtin();
    let towns: Vec<_> = b.places.iter().filter(|p| p.kind == basemap::PlaceKind::Town).collect();
    assert_eq!(towns.len(), 31);
    for p in &towns {
        let Some(zh) = &p.name_zh else { continue };
        assert!(
            zh.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{} ({}): “{zh}” is not written in Chinese characters only",
            p.id,
            p.name_en
        );
        assert!(
            !zh.chars().any(|c| TRADITIONAL.contains(c)),
            "{} ({}): “{zh}” has a traditional character",
            p.id,
            p.name_en
        );
        // GeoNames' traditional 旅順 and the names of other places it gives Xindian and Mashizhai.
        assert!(
            !["旅順", "大山", "二台"].contains(&zh.as_str()),
            "{} ({}): “{zh}” is a known wrong name",
            p.id,
            p.name_en
        );
    }
    let zh_of = |name_en: &str| {
        towns
            .iter()
            .find(|p| p.name_en == name_en)
            .unwrap_or_else(|| panic!("town {name_en}"))
            .name_zh
            .as_deref()
    };
    for (en, zh) in [
        ("Zhuanghe", "庄河"),
        ("Wafangdian", "瓦房店"),
        ("Jinzhou", "金州"),
        ("Dalianwan", "大连湾"),
        ("Lüshun", "旅顺"),
    ] {
        assert_eq!(zh_of(en), Some(zh), "{en}");
    }
    assert_eq!(zh_of("Xindian"), None);
    assert_eq!(zh_of("Mashizhai"), None);
    // Each corrected name says so in its source; the others are GeoNames' own.
    for p in &towns {
        let corrected = [
            "Zhuanghe",
            "Wafangdian",
            "Jinzhou",
            "Dalianwan",
            "Lüshun",
            "Xindian",
            "Mashizhai",
        ]
        .contains(&p.name_en.as_str());
        assert_eq!(
            p.source.contains("Chinese name: Dalian Atlas correction of GeoNames"),
            corrected,
            "{}: {}",
            p.name_en,
            p.source
        );
    }
}

#[test]
fn build_maps_reproduces_the_committed_files_byte_for_byte() {
    let dir = temp_dir("build");
    for f in [
        basemap::OSM_COASTLINE_FILE,
        basemap::GSHHG_COASTLINE_FILE,
        basemap::GEONAMES_PLACES_FILE,
        basemap::NATURAL_EARTH_CONTEXT_FILE,
    ] {
        std::fs::copy(maps_dir().join(f), dir.join(f)).expect("copy input");
    }
    let run = Command::new(env!("CARGO_BIN_EXE_build-maps"))
        .arg("--maps")
        .arg(&dir)
        .output()
        .expect("the generator runs");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let division_lines = report.lines().filter(|l| l.starts_with("2102")).count();
    assert_eq!(division_lines, 10, "{report}");
    for f in [
        basemap::LAND_FILE,
        basemap::DIVISIONS_FILE,
        basemap::FUNCTIONAL_AREAS_FILE,
        basemap::PLACES_FILE,
        basemap::CONTEXT_LAND_FILE,
    ] {
        let made = std::fs::read(dir.join(f)).expect("written");
        let committed = std::fs::read(maps_dir().join(f)).expect("committed");
        assert!(
            made == committed,
            "{f} differs from the committed copy: re-run `cargo run --release --bin build-maps`"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files remain");
    std::fs::remove_dir_all(&dir).expect("clean");
}

fn square(lon: f64, lat: f64, d: f64) -> String {
    format!(
        "[[[{lon},{lat}],[{},{lat}],[{},{}],[{lon},{}],[{lon},{lat}]]]",
        lon + d,
        lon + d,
        lat + d,
        lat + d
    )
}

#[test]
fn official_boundaries_replace_divisions_matched_by_adcode_or_name() {
    let mut b = builtin();
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[
        {{"type":"Feature","properties":{{"adcode":"210202"}},"geometry":{{"type":"Polygon","coordinates":{}}}}},
        {{"type":"Feature","properties":{{"adcode":210203}},"geometry":{{"type":"Polygon","coordinates":{}}}}},
        {{"type":"Feature","properties":{{"name":"旅顺口"}},"geometry":{{"type":"MultiPolygon","coordinates":[{}]}}}},
        {{"type":"Feature","properties":{{"name_zh":"庄河市"}},"geometry":{{"type":"Polygon","coordinates":{}}}}},
        {{"type":"Feature","properties":{{"name":"营口市"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}
        ]}}"#,
        square(121.65, 38.89, 0.02),
        square(121.60, 38.90, 0.01),
        square(121.25, 38.82, 0.05),
        square(122.9, 39.8, 0.2),
        square(122.2, 40.1, 0.05),
    );
    let report = apply_official_boundaries(&mut b, &text).expect("accepted");
    let by: Vec<(u32, &str)> = report.matched.iter().map(|m| (m.adcode, m.matched_by)).collect();
    assert_eq!(
        by,
        vec![
            (210202, "adcode"),
            (210203, "adcode"),
            (210212, "name"),
            (210283, "name")
        ]
    );
    assert_eq!(report.unmatched_features.len(), 1);
    assert!(report.unmatched_features[0].contains("营口市"));
    assert_eq!(report.divisions_not_supplied.len(), 6);
    let zs = b.division(210202).expect("中山");
    assert_eq!(zs.precision, Precision::Exact);
    assert_eq!(zs.source, "user-supplied official boundaries");
    assert!(zs.geometry.contains(&Point::new(121.66, 38.90)));
    assert!((zs.area_km2 - 3.8).abs() < 0.5, "{}", zs.area_km2);
    assert!(b.division(210211).is_some_and(|d| d.precision == Precision::Schematic));
}

#[test]
fn official_boundaries_reject_text_that_is_not_usable_with_a_clear_message() {
    let mut b = builtin();
    let before = b.clone();
    let err = apply_official_boundaries(&mut b, "adcode,name\n210202,中山区").expect_err("not GeoJSON");
    assert!(matches!(err, BasemapError::NotGeoJson { .. }), "{err}");
    let points = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"adcode":210202},
        "geometry":{"type":"Point","coordinates":[121.6,38.9]}}]}"#;
    assert!(matches!(
        apply_official_boundaries(&mut b, points),
        Err(BasemapError::NoPolygons)
    ));
    let projected = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"adcode":210202}},
        "geometry":{{"type":"Polygon","coordinates":{}}}}}]}}"#,
        square(13_540_000.0, 4_700_000.0, 1000.0)
    );
    let err = apply_official_boundaries(&mut b, &projected).expect_err("projected");
    assert!(err.to_string().contains("projected CRS"), "{err}");
    let swapped = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"adcode":210202}},
        "geometry":{{"type":"Polygon","coordinates":{}}}}}]}}"#,
        square(38.9, 121.6 - 90.0, 0.01)
    );
    let err = apply_official_boundaries(&mut b, &swapped).expect_err("far away");
    assert!(err.to_string().contains("far from Dalian"), "{err}");
    let bowtie = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"adcode":210202},
        "geometry":{"type":"Polygon","coordinates":[[[121.6,38.9],[121.7,39.0],[121.7,38.9],[121.6,39.0],[121.6,38.9]]]}}]}"#;
    let err = apply_official_boundaries(&mut b, bowtie).expect_err("self-intersecting");
    assert!(matches!(err, BasemapError::InvalidGeometry { .. }), "{err}");
    assert_eq!(b, before, "a rejected file changes nothing");
}

#[test]
fn export_writes_rfc7946_geojson_that_round_trips_every_feature_and_property() {
    let dir = temp_dir("export");
    let out = dir.join("basemap.geojson");
    let run = Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .args(["export", "--layers", "basemap", "--out"])
        .arg(&out)
        .output()
        .expect("the binary runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = std::fs::read_to_string(&out).expect("written");
    let gj: geojson::GeoJson = text.parse().expect("valid GeoJSON");
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!("a FeatureCollection")
    };
    assert!(fc.bbox.as_ref().is_some_and(|b| b.len() == 4));
    let members = fc.foreign_members.as_ref().expect("name and attribution");
    assert!(members.get("name").is_some() && members.get("attribution").is_some());
    assert!(!members.contains_key("crs"));
    // Every property of the layer, plus the simplestyle properties of how the atlas draws it.
    let mut expected = basemap::basemap_features(&builtin());
    let catalogue = dalian_atlas::catalogue::Catalogue::builtin().expect("catalogue");
    dalian_atlas::symbology::export::with_simplestyle(&mut expected, &catalogue);
    assert!(
        expected
            .iter()
            .all(|e| e.properties.contains_key("stroke") || e.properties.contains_key("marker-color"))
    );
    assert_eq!(fc.features.len(), expected.len());
    for (f, e) in fc.features.iter().zip(&expected) {
        assert_eq!(f.properties.as_ref(), Some(&e.properties));
        for key in ["precision", "source", "layer"] {
            assert!(f.property(key).is_some(), "{key}");
        }
    }
    let divisions: Vec<_> = fc
        .features
        .iter()
        .filter(|f| f.property("layer").and_then(|v| v.as_str()) == Some("divisions"))
        .collect();
    assert_eq!(divisions.len(), 10);
    assert!(
        divisions
            .iter()
            .all(|f| f.property("adcode").is_some() && f.property("name_en").is_some())
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .args(["export", "--layers", "basemap,parkz", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown layer"));
    std::fs::remove_dir_all(&dir).expect("clean");
}

#[test]
fn check_reports_the_basemap_and_passes() {
    let run = Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .arg("check")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}");
    assert!(
        stdout.contains("basemap: ") && stdout.contains("10 divisions"),
        "{stdout}"
    );
    assert!(!stdout.contains("FAIL"), "{stdout}");
}

#[test]
fn every_map_name_and_interface_string_has_glyphs_in_the_bundled_font() {
    let basemap = builtin();
    let catalogue = dalian_atlas::catalogue::Catalogue::builtin().expect("catalogue");
    let names: Vec<String> = basemap
        .divisions
        .iter()
        .flat_map(|d| [d.name_zh.clone(), d.name_en.clone()])
        .chain(
            basemap
                .functional_areas
                .iter()
                .flat_map(|f| [f.name_zh.clone(), f.name_en.clone()]),
        )
        .chain(
            basemap
                .places
                .iter()
                .flat_map(|p| p.name_zh.clone().into_iter().chain([p.name_en.clone()])),
        )
        .chain(catalogue.features.iter().flat_map(|f| {
            [
                f.name_zh.clone(),
                f.name_en.clone(),
                f.source.clone(),
                f.source_zh.clone(),
            ]
            .into_iter()
            .chain(f.aliases.clone())
        }))
        // Every character of the interface strings (both languages) and of the texts
        // the panels show from the seeds.
        .chain([
            include_str!("../src/i18n/mod.rs").to_string(),
            include_str!("../src/i18n/import.rs").to_string(),
            include_str!("../seeds/target-series.json").to_string(),
        ])
        .collect();
    let ctx = egui::Context::default();
    dalian_atlas::theme::install_fonts(&ctx);
    let mut missing = Vec::new();
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
        ui.fonts_mut(|fonts| {
            for name in &names {
                for c in name.chars().filter(|c| !c.is_control()) {
                    if !fonts.has_glyph(&egui::FontId::proportional(14.0), c) {
                        missing.push(format!("{c} in {name}"));
                    }
                }
            }
        });
    });
    output.textures_delta.clear();
    assert!(missing.is_empty(), "no glyph for {missing:?}");
}
