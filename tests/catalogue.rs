//! The plan's feature catalogue (issue 4): data, checks and export.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use std::path::PathBuf;

use dalian_atlas::basemap::Basemap;
use dalian_atlas::catalogue::{self, Catalogue, Layer, PlacedGeometry, Shape};
use dalian_atlas::cli::{self, Args, Command, ExportLayer};
use dalian_atlas::plan::Plan;
use geo::{Area, Contains, Point};

fn all() -> (Catalogue, Plan, Basemap) {
    (
        Catalogue::builtin().expect("the catalogue loads"),
        Plan::embedded().expect("the plan parses"),
        Basemap::builtin().expect("the basemap loads"),
    )
}

#[test]
fn the_catalogue_loads_with_all_four_layers() {
    let c = Catalogue::builtin().expect("catalogue");
    for layer in Layer::ALL {
        assert!(c.in_layer(layer).count() > 0, "layer {layer:?} is empty");
    }
}

#[test]
fn every_park_base_zone_and_university_the_issue_lists_is_in_the_catalogue() {
    let c = Catalogue::builtin().expect("catalogue");
    let names = [
        "大连软件园",
        "腾飞软件园",
        "天地软件园",
        "光电子产业园",
        "金融大数据产业园",
        "跨境电商产业园",
        "科技创新城",
        "数据湖产业园",
        "轴承产业园",
        "石化产业基地",
        "大连国家级电子元器件产业园",
        "大连国家级视听产品产业园",
        "辽宁省集成电路设计产业基地",
        "集成电路制造产业集聚区",
        "中国（大连）跨境电子商务综合试验区",
        "中国（辽宁）自由贸易试验区大连片区",
        "长山群岛国际旅游度假区",
        "金石滩旅游度假区",
        "国家级海洋牧场示范区",
        "国家县级现代农业示范区",
        "水下机器人研究评测基地",
        "大连理工大学",
        "大连海事大学",
        "大连海洋大学",
        "东北财经大学",
        "大连大学",
        "大连东软信息学院",
        "大连人工智能研究院",
        "中国移动（大连）数据中心",
        "华录（大连）数据湖产业园",
        "天港大数据产业园",
    ];
    for n in names {
        assert!(
            c.features.iter().any(|f| f.names().any(|x| x == n)),
            "{n} is missing from the catalogue"
        );
    }
    let agri: Vec<_> = c
        .features
        .iter()
        .filter(|f| f.name_zh == "国家县级现代农业示范区")
        .flat_map(|f| f.divisions.clone())
        .collect();
    assert_eq!(agri, vec![210281, 210283], "瓦房店市 and 庄河市 each have one");
}

#[test]
fn every_feature_passes_check() {
    let (c, plan, map) = all();
    let problems = catalogue::check(&c, &plan, &map);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_layout_has_exactly_the_three_zones_the_text_names_and_no_fourth() {
    let c = Catalogue::builtin().expect("catalogue");
    let zones: Vec<&str> = c
        .in_layer(Layer::Layout)
        .filter(|f| f.category == "layout_zone")
        .map(|f| f.name_zh.as_str())
        .collect();
    assert_eq!(
        zones,
        ["数字经济核心产业区", "工业互联网应用先导区", "数字产业生态示范区"]
    );
    let cores: Vec<&str> = c
        .in_layer(Layer::Layout)
        .filter(|f| f.category == "layout_core")
        .map(|f| f.name_zh.as_str())
        .collect();
    assert_eq!(cores, ["高新区", "金普新区"]);
    let pilot = c.feature("layout.zone.industrial-internet").expect("zone");
    assert_eq!(pilot.divisions, [210211, 210212, 210281]);
    assert_eq!(pilot.functional_areas, ["changxingdao"]);
    let eco = c.feature("layout.zone.ecosystem").expect("zone");
    assert_eq!(eco.divisions, [210202, 210203, 210204, 210214, 210283, 210224]);
}

#[test]
fn every_point_lies_inside_one_of_its_claimed_divisions() {
    let (c, _, map) = all();
    let mut points = 0;
    for f in &c.features {
        if let Shape::Point(lon, lat) = f.shape() {
            points += 1;
            let p = Point::new(lon, lat);
            assert!(
                f.divisions
                    .iter()
                    .filter_map(|a| map.division(*a))
                    .any(|d| d.geometry.contains(&p)),
                "{} at {lon}, {lat} is outside {:?}",
                f.id,
                f.divisions
            );
        }
    }
    assert!(points >= 10);
}

#[test]
fn an_unplaced_project_has_no_coordinates_and_names_its_column() {
    let c = Catalogue::builtin().expect("catalogue");
    let unplaced: Vec<_> = c.unplaced().filter(|f| f.layer == Layer::Projects).collect();
    assert!(!unplaced.is_empty());
    for f in unplaced {
        assert_eq!(f.shape(), Shape::Unplaced);
        assert!(f.lon_lat.is_none() && f.precision.is_none(), "{}", f.id);
        assert!(f.column.as_deref().is_some_and(|b| b.starts_with("box")), "{}", f.id);
    }
    let brain = c.feature("project.city-brain").expect("城市大脑");
    assert_eq!(brain.column.as_deref(), Some("box11"));
}

#[test]
fn a_broken_catalogue_fails_check_with_a_readable_message_for_each_fault() {
    let (mut c, plan, map) = all();
    let i = c.features.iter().position(|f| f.id == "uni.dlut").expect("dlut");
    c.features[i].plan_refs.push("ch99.s1.p1".into());
    let j = c.features.iter().position(|f| f.id == "uni.dufe").expect("dufe");
    c.features[j].plan_refs = vec!["box11.p1".into()];
    let k = c
        .features
        .iter()
        .position(|f| f.id == "park.jinshitan-resort")
        .expect("jinshitan");
    c.features[k].divisions = vec![210212];
    let problems = catalogue::check(&c, &plan, &map);
    let has = |what: &str| problems.iter().any(|p| p.contains(what));
    assert!(
        has("uni.dlut (大连理工大学): plan_refs ID “ch99.s1.p1” does not exist in the plan"),
        "{problems:#?}"
    );
    assert!(
        has("uni.dufe (东北财经大学): “东北财经大学” does not occur in any referenced paragraph (box11.p1)"),
        "{problems:#?}"
    );
    assert!(
        has(
            "park.jinshitan-resort (金石滩旅游度假区): the point 122.0200, 39.0800 lies outside its division(s) 旅顺口区 (210212); it is in 金州区 (210213)"
        ),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

/// Runs `export --layers LAYERS` into a temporary file; returns the command and the text.
fn export(layers: &str, tag: &str) -> (Args, String) {
    let file: PathBuf =
        std::env::temp_dir().join(format!("dalian-atlas-catalogue-{tag}-{}.geojson", std::process::id()));
    let args = Args::new(Command::Export {
        layers: cli::parse_layers(layers).expect("layers"),
        out: file.clone(),
    });
    let mut out = Vec::new();
    cli::run(&args, &mut out).expect("export runs");
    let text = std::fs::read_to_string(&file).expect("written");
    std::fs::remove_file(&file).ok();
    (args, text)
}

fn exported(fc: &geojson::FeatureCollection, id: &str) -> geojson::Feature {
    fc.features
        .iter()
        .find(|g| g.property("id").and_then(|v| v.as_str()) == Some(id))
        .unwrap_or_else(|| panic!("{id} is exported"))
        .clone()
}

/// Twice the signed area of a ring (positive: counter-clockwise).
fn signed_area2(ring: &[geojson::Position]) -> f64 {
    ring.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum()
}

#[test]
fn export_of_the_plan_layers_round_trips_the_properties() {
    let (args, text) = export("layout,parks,infrastructure,projects", "all");
    let fc: geojson::FeatureCollection = text.parse().expect("RFC 7946 GeoJSON");
    let c = Catalogue::builtin().expect("catalogue");
    let placed: Vec<_> = c.features.iter().filter(|f| f.placed).collect();
    assert_eq!(fc.features.len(), placed.len(), "every placed feature, no unplaced one");
    assert!(!matches!(args.command, Command::Export { ref layers, .. } if layers.contains(&ExportLayer::Land)));
    for f in placed {
        let g = fc
            .features
            .iter()
            .find(|g| g.property("id").and_then(|v| v.as_str()) == Some(f.id.as_str()))
            .unwrap_or_else(|| panic!("{} is exported", f.id));
        let s = |k: &str| g.property(k).and_then(|v| v.as_str()).map(str::to_string);
        assert_eq!(s("layer").as_deref(), Some(f.layer.as_str()));
        assert_eq!(s("name_zh").as_deref(), Some(f.name_zh.as_str()));
        assert_eq!(s("name_en").as_deref(), Some(f.name_en.as_str()));
        assert_eq!(s("qualifier_zh"), f.qualifier_zh);
        assert_eq!(s("category").as_deref(), Some(f.category.as_str()));
        assert_eq!(s("precision"), f.precision);
        assert_eq!(s("source").as_deref(), Some(f.source.as_str()));
        assert_eq!(s("source_zh").as_deref(), Some(f.source_zh.as_str()));
        let refs: Vec<String> = serde_json::from_value(g.property("plan_refs").cloned().expect("refs")).expect("array");
        assert_eq!(refs, f.plan_refs);
        let refs_text = g
            .property("plan:refs_text")
            .and_then(|v| v.as_array())
            .expect("refs_text");
        assert_eq!(refs_text.len(), f.plan_refs.len());
        let divisions: Vec<u32> = serde_json::from_value(g.property("divisions").cloned().expect("d")).expect("array");
        assert_eq!(divisions, f.divisions);
        match (f.shape(), g.geometry.as_ref().map(|g| &g.value)) {
            (Shape::Point(lon, lat), Some(geojson::GeometryValue::Point { coordinates })) => {
                assert!(
                    (coordinates[0] - lon).abs() < 1e-7 && (coordinates[1] - lat).abs() < 1e-7,
                    "{}",
                    f.id
                );
            }
            (Shape::Line, Some(geojson::GeometryValue::LineString { coordinates })) => {
                let line = f.line_lon_lat.as_deref().expect("line");
                assert_eq!(coordinates.len(), line.len(), "{}", f.id);
                for (c, [lon, lat]) in coordinates.iter().zip(line) {
                    assert!((c[0] - lon).abs() < 1e-7 && (c[1] - lat).abs() < 1e-7, "{}", f.id);
                }
            }
            (Shape::Area, Some(geojson::GeometryValue::MultiPolygon { coordinates })) => {
                assert!(!coordinates.is_empty(), "{} has polygons", f.id);
            }
            (shape, geom) => panic!("{}: {shape:?} exported as {geom:?}", f.id),
        }
    }
    let sw = fc
        .features
        .iter()
        .find(|g| g.property("id").and_then(|v| v.as_str()) == Some("park.dalian-software-park"))
        .expect("软件园");
    let t = sw.property("plan:refs_text").expect("t").to_string();
    assert!(t.contains("整体布局"), "{t}");
}

#[test]
fn the_check_command_reports_the_catalogue_without_failures() {
    let args = Args::new(Command::Check);
    let mut out = Vec::new();
    // the basemap part may fail on its own; only the catalogue lines are this test's business
    let _ = cli::run(&args, &mut out);
    let text = String::from_utf8(out).expect("utf-8");
    eprintln!("{text}");
    assert!(text.contains("catalogue: "), "{text}");
    assert!(!text.contains("FAIL catalogue"), "{text}");
}

#[test]
fn exported_areas_are_their_union_polygons_and_corridors_are_line_strings() {
    let (c, _, map) = all();
    let (_, text) = export("plan", "geometry");
    let fc: geojson::FeatureCollection = text.parse().expect("RFC 7946 GeoJSON");
    // a zone of six divisions: one MultiPolygon with the area of the union, RFC 7946 winding
    let zone = c.feature("layout.zone.ecosystem").expect("zone");
    let Some(PlacedGeometry::Area(union)) = catalogue::geometry_of(zone, &map) else {
        panic!("the zone is an area");
    };
    let g = exported(&fc, "layout.zone.ecosystem");
    let Some(geojson::GeometryValue::MultiPolygon { coordinates }) = g.geometry.map(|g| g.value) else {
        panic!("the zone is exported as a MultiPolygon");
    };
    assert_eq!(coordinates.len(), union.0.len());
    let area: f64 = coordinates
        .iter()
        .map(|p| signed_area2(&p[0]) / 2.0 - p[1..].iter().map(|h| -signed_area2(h) / 2.0).sum::<f64>())
        .sum();
    let expected = union.unsigned_area();
    assert!((area - expected).abs() / expected < 1e-4, "{area} vs {expected}");
    for feature in &fc.features {
        if let Some(geojson::GeometryValue::MultiPolygon { coordinates }) = feature.geometry.as_ref().map(|g| &g.value)
        {
            for p in coordinates {
                assert!(signed_area2(&p[0]) > 0.0, "exterior rings are counter-clockwise");
                assert!(p[1..].iter().all(|h| signed_area2(h) < 0.0), "holes are clockwise");
                assert!(
                    p.iter().all(|r| r.first() == r.last() && r.len() >= 4),
                    "rings are closed"
                );
            }
        }
    }
    // a core drawn as its functional area, not its whole districts
    let core = exported(&fc, "layout.core.gaoxin");
    assert!(matches!(
        core.geometry.map(|g| g.value),
        Some(geojson::GeometryValue::MultiPolygon { .. })
    ));
    // corridors are LineStrings with the precision and source kept
    let corridors: Vec<_> = c.features.iter().filter(|f| f.category == "5g_corridor").collect();
    assert!(corridors.len() >= 6);
    for f in corridors {
        let g = exported(&fc, &f.id);
        assert!(
            matches!(
                g.geometry.as_ref().map(|g| &g.value),
                Some(geojson::GeometryValue::LineString { .. })
            ),
            "{} is a LineString",
            f.id
        );
        assert_eq!(g.property("shape").and_then(|v| v.as_str()), Some("line"));
        assert_eq!(g.property("precision").and_then(|v| v.as_str()), Some("schematic"));
        assert!(
            g.property("source")
                .and_then(|v| v.as_str())
                .is_some_and(|s| s.contains("sketch"))
        );
    }
    // the collection's bbox holds every coordinate
    let bbox = fc.bbox.clone().expect("bbox");
    let inside = |p: &geojson::Position| (bbox[0]..=bbox[2]).contains(&p[0]) && (bbox[1]..=bbox[3]).contains(&p[1]);
    for feature in &fc.features {
        match feature.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::Point { coordinates }) => assert!(inside(coordinates)),
            Some(geojson::GeometryValue::LineString { coordinates }) => assert!(coordinates.iter().all(inside)),
            Some(geojson::GeometryValue::MultiPolygon { coordinates }) => {
                assert!(coordinates.iter().flatten().flatten().all(inside))
            }
            other => panic!("unexpected geometry {other:?}"),
        }
    }
    // no coordinate has more than 7 decimals
    let geometry_text: String = text
        .lines()
        .filter_map(|l| l.split_once("\"geometry\":").map(|(_, g)| g.to_string()))
        .collect();
    for number in geometry_text.split(|ch: char| !(ch.is_ascii_digit() || ch == '.' || ch == '-')) {
        if let Some((_, decimals)) = number.split_once('.') {
            assert!(decimals.len() <= 7, "{number}");
        }
    }
}

#[test]
fn the_5g_layer_has_the_priority_areas_corridors_hubs_and_unplaced_classes_of_box1() {
    let (c, plan, _) = all();
    let p2 = &plan.paragraph("box1.p2").expect("box1.p2").text;
    let infra: Vec<_> = c.in_layer(Layer::Infrastructure).collect();
    let of = |category: &str| -> Vec<&catalogue::Feature> {
        infra.iter().copied().filter(|f| f.category == category).collect()
    };
    // deep-coverage areas, in the plan's order
    let areas: Vec<&str> = of("5g_priority_area")
        .iter()
        .filter(|f| f.placed)
        .map(|f| f.name_zh.as_str())
        .collect();
    assert_eq!(
        areas,
        [
            "中心城区",
            "金普新区",
            "高新区",
            "长兴岛经济区",
            "长山群岛国际旅游度假区"
        ]
    );
    // the three classes of line the plan names, each drawn as schematic lines
    let corridors = of("5g_corridor");
    for class in ["高速铁路", "高速公路", "轨道交通"] {
        assert!(corridors.iter().any(|f| f.name_zh == class), "{class}");
    }
    for f in &corridors {
        assert!(p2.contains(&f.name_zh), "{}", f.id);
        assert_eq!(f.shape(), Shape::Line, "{}", f.id);
        assert_eq!(f.precision.as_deref(), Some("schematic"), "{}", f.id);
        let n = f.line_lon_lat.as_ref().map_or(0, Vec::len);
        assert!((5..=15).contains(&n), "{}: {n} vertices", f.id);
        assert!(!f.divisions.is_empty(), "{}", f.id);
    }
    // ports and transport hubs: approximate points named as the plan names them
    let hubs = of("5g_hub");
    for class in ["港口", "交通枢纽"] {
        assert!(hubs.iter().any(|f| f.name_zh == class), "{class}");
    }
    for f in &hubs {
        assert!(matches!(f.shape(), Shape::Point(..)), "{}", f.id);
        assert_eq!(f.precision.as_deref(), Some("approximate"), "{}", f.id);
    }
    // classes of places the plan does not name: listed, not drawn
    let unplaced: Vec<&str> = c
        .unplaced()
        .filter(|f| f.layer == Layer::Infrastructure)
        .map(|f| f.name_zh.as_str())
        .collect();
    for class in ["重点产业园区", "3A级以上旅游景区", "三甲医院"] {
        assert!(unplaced.contains(&class), "{class} is in the unplaced list");
        let f = c.features.iter().find(|f| f.name_zh == class).expect(class);
        assert_eq!(f.column.as_deref(), Some("box1"));
        assert!(f.lon_lat.is_none() && f.line_lon_lat.is_none() && f.precision.is_none());
    }
    // every 5G feature is tied to the 5G targets
    let link = c
        .target_links
        .iter()
        .find(|l| l.keywords.iter().any(|k| k == "5G"))
        .expect("5G link");
    for f in infra.iter().filter(|f| f.category.starts_with("5g_")) {
        assert!(link.features.contains(&f.id), "{} is not in the 5G target link", f.id);
    }
}

#[test]
fn a_corridor_vertex_outside_its_divisions_fails_check() {
    let (mut c, plan, map) = all();
    let k = c
        .features
        .iter()
        .position(|f| f.id == "5g.corridor.metro-12")
        .expect("line 12");
    c.features[k].divisions = vec![210204, 210211];
    let problems = catalogue::check(&c, &plan, &map);
    assert!(
        problems.iter().any(
            |p| p.starts_with("feature 5g.corridor.metro-12 (轨道交通): line vertex ")
                && p.contains(
                    "lies outside its division(s) 沙河口区 (210204), 甘井子区 (210211); it is in 旅顺口区 (210212)"
                )
        ),
        "{problems:#?}"
    );
    c.features[k].precision = Some("approximate".into());
    let problems = catalogue::check(&c, &plan, &map);
    assert!(
        problems.iter().any(|p| p.contains("its precision is schematic")),
        "{problems:#?}"
    );
}

#[test]
fn exported_plan_and_basemap_features_carry_the_atlas_symbols_as_simplestyle() {
    use dalian_atlas::symbology::{Rgba8, basemap as colours, feature_style, resolve_style};
    let (_, text) = export("basemap,plan", "styled");
    let fc: geojson::FeatureCollection = text.parse().expect("RFC 7946 GeoJSON");
    let c = Catalogue::builtin().expect("catalogue");
    // A base colour no symbol uses: every colour read back must come from the file.
    let base = Rgba8::rgb(1, 2, 3);
    let mut checked = [0usize; 5];
    for g in &fc.features {
        let props = g.properties.clone().unwrap_or_default();
        let style = resolve_style(&props, base);
        let layer = props.get("layer").and_then(|v| v.as_str()).unwrap_or("");
        let kind = match g.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::Point { .. }) => "point",
            Some(geojson::GeometryValue::LineString { .. }) => "line",
            _ => "area",
        };
        let expected = match layer {
            "land" => colours::LAND_OUTSIDE,
            "divisions" => colours::division_fill(props["adcode"].as_u64().expect("adcode") as u32),
            "functional_areas" => colours::FUNCTIONAL_LINE,
            "places" => style.marker_colour,
            _ => {
                let id = props["id"].as_str().expect("id");
                feature_style(c.feature(id).expect("catalogue feature")).color
            }
        };
        match kind {
            "point" => {
                assert_ne!(style.marker_colour, base, "{props:?}");
                assert_eq!(style.marker_colour, expected, "{props:?}");
                checked[0] += 1;
            }
            "line" => {
                assert_eq!(style.stroke, expected, "{props:?}");
                assert!(style.stroke_width > 2.0, "{props:?}");
                checked[1] += 1;
            }
            _ => {
                assert_eq!(style.fill, expected, "{props:?}");
                assert_ne!(style.stroke, base, "{props:?}");
                assert!(props.contains_key("fill-opacity"), "{props:?}");
                checked[2] += 1;
            }
        }
        if layer == "places" {
            checked[3] += 1;
        }
        if let Some(w) = props.get("stroke-width") {
            // Written short, not as an f32's long decimal expansion.
            assert!(w.to_string().len() <= 4, "{w}");
            checked[4] += 1;
        }
    }
    assert!(
        checked.iter().all(|&n| n > 0),
        "every kind of feature was checked: {checked:?}"
    );
}
