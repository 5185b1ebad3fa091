//! The plan's feature catalogue (issue 4): data, checks and export.

use std::path::PathBuf;

use dalian_atlas::basemap::Basemap;
use dalian_atlas::catalogue::{self, Catalogue, Layer, Shape};
use dalian_atlas::cli::{self, Args, Command, ExportLayer};
use dalian_atlas::plan::Plan;
use geo::{Contains, Point};

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

#[test]
fn export_of_the_plan_layers_round_trips_the_properties() {
    let file: PathBuf = std::env::temp_dir().join(format!("dalian-atlas-catalogue-{}.geojson", std::process::id()));
    let args = Args::new(Command::Export {
        layers: cli::parse_layers("layout,parks,infrastructure,projects").expect("layers"),
        out: file.clone(),
    });
    let mut out = Vec::new();
    cli::run(&args, &mut out).expect("export runs");
    let text = std::fs::read_to_string(&file).expect("written");
    std::fs::remove_file(&file).ok();
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
        assert_eq!(s("category").as_deref(), Some(f.category.as_str()));
        assert_eq!(s("precision"), f.precision);
        assert_eq!(s("source").as_deref(), Some(f.source.as_str()));
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
            (Shape::Area, None) => {}
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
