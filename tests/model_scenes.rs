//! Scenes (issue 6): their JSON, their place in the project file, and the starter deck
//! generated from the plan.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use common::temp_dir;
use dalian_atlas::basemap::Basemap;
use dalian_atlas::basemap::DATA_BOX_LON_LAT;
use dalian_atlas::catalogue::{Catalogue, FeatureShapes, Layer, Links};
use dalian_atlas::io;
use dalian_atlas::model::LayerSetting;
use dalian_atlas::model::MapView;
use dalian_atlas::model::fit_view;
use dalian_atlas::model::starter::{
    STARTER_MAX_CITY_ZOOM, STARTER_MAX_FEATURE_ZOOM, STARTER_VIEWPORT_PX, is_city_wide,
};
use dalian_atlas::model::{Project, ProjectError, Scene, starter_scenes};
use dalian_atlas::plan::{ElementKind, Plan};
use serde_json::{Value, json};

/// A scene using every member.
fn full_scene() -> Scene {
    let mut s = Scene::new(
        "金普新区",
        MapView {
            lon: 121.931_234_5,
            lat: 39.228_7,
            zoom: 10.375,
        },
    );
    s.notes = "第一行：集成电路\n第二行 “引号” 与 \\ 反斜杠".into();
    s.layers = vec![
        LayerSetting {
            layer: Layer::Layout,
            visible: true,
            opacity: 0.6,
        },
        LayerSetting {
            layer: Layer::Projects,
            visible: false,
            opacity: 1.0,
        },
    ];
    s.user_layers_visible = vec![true, false, true];
    s.selected_feature = Some("layout.core.jinpu".into());
    s.focus = Some("ch2.s4.p2".into());
    s.shown = Some("ch2.s4.p2".into());
    s.target = Some("box1.p1.n2".into());
    s
}

struct Data {
    plan: Plan,
    catalogue: Catalogue,
    links: Links,
    shapes: FeatureShapes,
    basemap: Basemap,
}

fn data() -> Data {
    let plan = Plan::embedded().expect("plan");
    let catalogue = Catalogue::builtin().expect("catalogue");
    let basemap = Basemap::builtin().expect("basemap");
    let links = Links::new(&plan, &catalogue);
    let shapes = FeatureShapes::new(&catalogue, &basemap);
    Data {
        plan,
        catalogue,
        links,
        shapes,
        basemap,
    }
}

fn starters(d: &Data) -> Vec<Scene> {
    starter_scenes(&d.plan, &d.catalogue, &d.links, &d.shapes, &d.basemap)
}

/// Every paragraph of the plan and every title it gives, as one text to search.
fn plan_text(plan: &Plan) -> String {
    let mut text: Vec<String> = plan.all_paragraphs().iter().map(|p| p.text.clone()).collect();
    for c in &plan.chapters {
        text.extend(plan.title_of(&c.id));
        for s in &c.sections {
            text.extend(plan.title_of(&s.id));
        }
    }
    for b in &plan.boxes {
        text.extend(plan.title_of(&b.id));
    }
    text.extend(plan.targets.iter().map(|t| t.label.clone()));
    text.join("\n")
}

#[test]
fn a_scene_reads_back_equal_from_its_json_with_unknown_members_kept() {
    let mut s = full_scene();
    s.extra
        .insert("x-transition".into(), json!({"kind": "fade", "ms": 400}));
    let v = s.to_value();
    assert_eq!(v["title"], "金普新区");
    assert_eq!(
        v["view"],
        json!({"lon": 121.931_234_5, "lat": 39.228_7, "zoom": 10.375})
    );
    assert_eq!(
        v["layers"][0],
        json!({"layer": "layout", "visible": true, "opacity": 0.6})
    );
    assert_eq!(v["user_layers_visible"], json!([true, false, true]));
    assert_eq!(v["focus"], "ch2.s4.p2");
    assert_eq!(v["x-transition"]["ms"], 400);
    assert_eq!(Scene::from_value(&v).expect("reads"), s);
    // Through text and serde, too.
    let text = serde_json::to_string(&s).expect("JSON");
    assert_eq!(serde_json::from_str::<Scene>(&text).expect("reads"), s);
    // Members are written in the documented order, unknown ones last.
    let order: Vec<usize> = [
        "\"title\"",
        "\"notes\"",
        "\"view\"",
        "\"layers\"",
        "\"focus\"",
        "\"x-transition\"",
    ]
    .iter()
    .map(|k| text.find(k).expect(k))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn a_scene_with_only_a_view_reads_with_empty_text_and_nothing_selected() {
    let s = Scene::from_value(&json!({"view": {"lon": 121.6, "lat": 38.9, "zoom": 9}})).expect("reads");
    assert_eq!(s.title, "");
    assert!(s.layers.is_empty() && s.user_layers_visible.is_empty());
    assert_eq!(
        (s.focus, s.shown, s.target, s.selected_feature),
        (None, None, None, None)
    );
    let nulls = json!({"view": {"lon": 121.6, "lat": 38.9, "zoom": 9}, "focus": null, "notes": null});
    assert!(Scene::from_value(&nulls).is_ok());
}

#[test]
fn a_project_with_scenes_is_saved_and_loaded_unchanged() {
    let dir = temp_dir("scenes-save-load");
    let path = dir.join("场景.json");
    let mut second = full_scene();
    second.title = "第二幕".into();
    second.extra.insert("later".into(), json!([1, "二"]));
    let p = Project {
        scenes: vec![
            full_scene(),
            second,
            Scene::new(
                "",
                MapView {
                    lon: 0.0,
                    lat: 0.0,
                    zoom: 0.0,
                },
            ),
        ],
        ..Project::default()
    };
    io::project::save_project(&path, &p).expect("saves");
    let back = io::project::load_project(&path).expect("loads");
    assert_eq!(back, p);
    assert_eq!(back.to_json(), p.to_json(), "writing it again gives the same text");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
    assert_eq!(
        v["version"], 2,
        "written in the current format version (2: the evaluation)"
    );
    assert_eq!(v["scenes"][1]["title"], "第二幕");
    assert_eq!(v["scenes"][1]["later"], json!([1, "二"]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_version_1_file_from_before_scenes_with_an_empty_scenes_array_still_loads() {
    let text = r#"{
"format": "dalian-atlas-project",
"version": 1,
"generator": "dalian-atlas 0.1.0",
"view": {"lon": 121.62, "lat": 38.92, "zoom": 11.5},
"layers": [{"layer":"projects","visible":true,"opacity":1.0},{"layer":"infrastructure","visible":true,"opacity":1.0},
  {"layer":"parks","visible":false,"opacity":0.5},{"layer":"layout","visible":true,"opacity":1.0}],
"annotations": {"type": "FeatureCollection", "name": "annotations", "features": []},
"user_layers": [],
"scenes": []
}
"#;
    let p = Project::from_json(text).expect("reads");
    assert!(p.scenes.is_empty());
    assert_eq!(p.layers[2].opacity, 0.5);
    assert_eq!(Project::from_json(&p.to_json()).expect("reads"), p);
}

#[test]
fn a_malformed_scene_is_refused_with_a_message_naming_it_and_what_is_wrong() {
    let file = |scenes: Value| json!({"format": "dalian-atlas-project", "version": 1, "scenes": scenes}).to_string();
    let good = json!({"title": "甲", "view": {"lon": 121.6, "lat": 38.9, "zoom": 9}});
    let cases = [
        (json!([good, {"title": "乙"}]), ["scene 2 (“乙”)", "no “view”"]),
        (
            json!([good, good, {"title": "丙", "view": [121.6, 38.9, 10]}]),
            ["scene 3 (“丙”)", "“view” should be"],
        ),
        (
            json!([{"view": {"lon": 121.6, "lat": 95.0, "zoom": 9}}]),
            ["scene 1", "latitude 95"],
        ),
        (json!([good, "幻灯片"]), ["scene 2", "not a JSON object"]),
        (
            json!([{"title": "丁", "view": {"lon": 121.6, "lat": 38.9, "zoom": 9}, "focus": 3}]),
            ["scene 1 (“丁”)", "“focus” should be an ID"],
        ),
        (
            json!([{"title": 5, "view": {"lon": 121.6, "lat": 38.9, "zoom": 9}}]),
            ["scene 1", "“title” should be text"],
        ),
        (
            json!([{"view": {"lon": 121.6, "lat": 38.9, "zoom": 9}, "user_layers_visible": [true, "no"]}]),
            [
                "scene 1",
                "“user_layers_visible” should be an array of true/false values",
            ],
        ),
        (
            json!([{"view": {"lon": 121.6, "lat": 38.9, "zoom": 40}}]),
            ["scene 1", "zoom 40"],
        ),
    ];
    for (scenes, needles) in cases {
        let e = Project::from_json(&file(scenes.clone())).expect_err("refused");
        assert!(matches!(e, ProjectError::Invalid { .. }), "{e:?}");
        let message = e.to_string();
        for n in needles {
            assert!(message.contains(n), "“{n}” not in: {message}");
        }
    }
    let e =
        Project::from_json(&json!({"format": "dalian-atlas-project", "scenes": {}}).to_string()).expect_err("refused");
    assert!(e.to_string().contains("“scenes” is not an array"), "{e}");
}

#[test]
fn a_scene_whose_view_is_not_finite_is_not_saved_and_the_old_file_is_kept() {
    let dir = temp_dir("scenes-not-finite");
    let path = dir.join("p.json");
    let good = Project {
        scenes: vec![full_scene()],
        ..Project::default()
    };
    io::project::save_project(&path, &good).expect("saves");
    let mut bad = good.clone();
    bad.scenes[0].view.lon = f64::INFINITY;
    let e = io::project::save_project(&path, &bad).expect_err("refused");
    assert!(e.to_string().contains("scene 1 (“金普新区”)"), "{e}");
    assert_eq!(io::project::load_project(&path).expect("loads"), good);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_starter_deck_opens_with_the_plans_overall_layout_on_the_whole_city() {
    let d = data();
    let deck = starters(&d);
    assert!(!deck.is_empty());
    let first = &deck[0];
    let layout = d.plan.search("双核驱动，四区协同，多点发展");
    let section = d.plan.container_of(&layout[0].paragraph).expect("in a section");
    assert_eq!(first.shown.as_deref(), Some(section));
    assert_eq!(first.focus.as_deref(), Some(section));
    assert_eq!(first.title, d.plan.section(section).expect("section").title);
    assert_eq!(first.title, "整体布局");
    assert!(first.notes.contains("双核驱动，四区协同，多点发展"), "{}", first.notes);
    let shown = |s: &Scene, layer: Layer| s.layers.iter().any(|l| l.layer == layer && l.visible);
    assert!(shown(first, Layer::Layout));
    let (w, s, e, n) = dalian_atlas::basemap::DATA_BOX_LON_LAT;
    let city = dalian_atlas::model::fit_view((w, s, e, n), 700.0, 900.0);
    assert!((first.view.lon - city.lon).abs() < 1e-9 && (first.view.lat - city.lat).abs() < 1e-9);
}

#[test]
fn the_starter_deck_has_one_scene_per_core_and_zone_of_the_layout_framed_on_it() {
    let d = data();
    let deck = starters(&d);
    let zones: Vec<_> = d
        .catalogue
        .features
        .iter()
        .enumerate()
        .filter(|(k, f)| f.layer == Layer::Layout && d.shapes.of(*k).is_some() && !is_city_wide(f, &d.basemap))
        .collect();
    let names: Vec<&str> = zones.iter().map(|(_, f)| f.name_zh.as_str()).collect();
    for n in [
        "高新区",
        "金普新区",
        "数字经济核心产业区",
        "工业互联网应用先导区",
        "数字产业生态示范区",
    ] {
        assert!(names.contains(&n), "{n} is a drawn layout feature: {names:?}");
    }
    for (k, f) in &zones {
        let found: Vec<&Scene> = deck
            .iter()
            .filter(|s| s.selected_feature.as_deref() == Some(f.id.as_str()))
            .collect();
        assert_eq!(found.len(), 1, "one scene for {}", f.name_zh);
        let s = found[0];
        assert_eq!(s.title, f.name_zh);
        let shown = s.shown.as_deref().expect("a paragraph is shown");
        let p = d.plan.paragraph(shown).expect("a paragraph");
        assert!(f.names().any(|n| p.text.contains(n)), "{shown} names {}", f.name_zh);
        assert!(
            d.links.mentions_of(*k).iter().any(|m| m.paragraph == shown),
            "{shown} is among the mentions of {}",
            f.name_zh
        );
        // Framed: the feature's box centre is in view, closer than the city view.
        let (w, so, e, n) = d.shapes.bbox_of(&[*k]).expect("drawn");
        assert!(
            s.view.lon > w && s.view.lon < e && s.view.lat > so && s.view.lat < n,
            "{}",
            f.name_zh
        );
        assert!(s.view.zoom >= deck[0].view.zoom, "{}", f.name_zh);
    }
    // The zone paragraphs open with the zone's name: the scene shows that paragraph.
    let zone = deck.iter().find(|s| s.title == "工业互联网应用先导区").expect("zone");
    let p = d
        .plan
        .paragraph(zone.shown.as_deref().expect("shown"))
        .expect("paragraph");
    assert!(p.text.starts_with("工业互联网应用先导区。"), "{}", p.id);
    assert!(
        !zone.notes.starts_with("工业互联网应用先导区。"),
        "the notes skip the heading"
    );
}

#[test]
fn the_5g_scene_focuses_the_5g_goal_and_its_priority_areas_on_the_infrastructure_layer() {
    let d = data();
    let deck = starters(&d);
    let s = deck
        .iter()
        .find(|s| {
            s.target
                .as_deref()
                .is_some_and(|t| d.plan.target(t).is_some_and(|t| t.label.contains("5G")))
        })
        .expect("a 5G scene");
    let target = s.target.as_deref().expect("target");
    assert_eq!(s.focus.as_deref(), Some(target));
    let features = d.links.features_of(&d.plan, target);
    assert!(features.len() >= 10, "{features:?}");
    assert!(
        features
            .iter()
            .all(|k| d.catalogue.features[*k].layer == Layer::Infrastructure),
        "the 5G target is about infrastructure features"
    );
    assert!(s.layers.iter().any(|l| l.layer == Layer::Infrastructure && l.visible));
    assert!(s.title.contains("5G"), "{}", s.title);
    let shown = s.shown.as_deref().expect("shown");
    let p = d.plan.paragraph(shown).expect("a paragraph");
    assert!(p.text.starts_with(&s.title), "the title is the heading of {shown}");
    assert!(s.notes.contains(&d.plan.target(target).expect("target").value_text));
}

#[test]
fn the_starter_deck_has_every_column_in_order_titled_as_the_plan_titles_it() {
    let d = data();
    let deck = starters(&d);
    let columns: Vec<&Scene> = deck
        .iter()
        .filter(|s| {
            s.focus
                .as_deref()
                .is_some_and(|f| d.plan.kind_of(f) == Some(ElementKind::Box))
        })
        .collect();
    assert_eq!(columns.len(), d.plan.boxes.len());
    assert_eq!(columns.len(), 11);
    for (k, s) in columns.iter().enumerate() {
        let id = format!("box{}", k + 1);
        assert_eq!(s.focus.as_deref(), Some(id.as_str()));
        assert_eq!(s.shown.as_deref(), Some(id.as_str()));
        assert!(s.title.starts_with(&format!("专栏{} ", k + 1)), "{}", s.title);
        assert_eq!(Some(s.title.clone()), d.plan.title_of(&id));
        assert!(s.layers.iter().any(|l| l.layer == Layer::Projects && l.visible));
        let placed: Vec<usize> = d
            .links
            .features_of(&d.plan, &id)
            .into_iter()
            .filter(|k| d.shapes.of(*k).is_some() && !is_city_wide(&d.catalogue.features[*k], &d.basemap))
            .collect();
        if placed.is_empty() {
            assert!(s.notes.contains("规划未给出本专栏项目的位置"), "{id}: {}", s.notes);
            assert_eq!(s.view, deck[0].view, "{id} shows the whole city");
        } else {
            for k in &placed {
                assert!(s.notes.contains(&d.catalogue.features[*k].name_zh), "{id}");
            }
        }
    }
    // The columns come after the layout, the zones and 5G.
    let first_column = deck
        .iter()
        .position(|s| s.focus.as_deref() == Some("box1"))
        .expect("box1");
    assert_eq!(first_column, deck.len() - 11);
}

#[test]
fn every_starter_title_comes_from_the_plan_or_the_catalogue_and_every_view_is_on_dalian() {
    let d = data();
    let deck = starters(&d);
    let text = plan_text(&d.plan);
    for s in &deck {
        let from_catalogue = d.catalogue.features.iter().any(|f| f.name_zh == s.title);
        assert!(
            text.contains(&s.title) || from_catalogue,
            "“{}” is neither in the plan nor a catalogue name",
            s.title
        );
        assert!(!s.notes.is_empty(), "{}", s.title);
        let MapView { lon, lat, zoom } = s.view;
        assert!(lon.is_finite() && lat.is_finite() && zoom.is_finite(), "{}", s.title);
        let (west, south, east, north) = DATA_BOX_LON_LAT;
        assert!((west..=east).contains(&lon), "{}: lon {lon}", s.title);
        assert!((south..=north).contains(&lat), "{}: lat {lat}", s.title);
        assert!(s.check().is_ok());
        for id in [&s.focus, &s.shown, &s.target].into_iter().flatten() {
            assert!(d.plan.kind_of(id).is_some(), "{}: {id} is a plan ID", s.title);
        }
        if let Some(f) = &s.selected_feature {
            assert!(d.catalogue.feature(f).is_some(), "{}: {f}", s.title);
        }
        assert_eq!(s.layers.len(), 4, "{}: every plan layer is set", s.title);
        assert!(s.user_layers_visible.is_empty(), "imported layers are left as they are");
    }
    // Quotations in the notes are the plan's: every line but the atlas's own labels is
    // plan text.
    for s in &deck {
        for line in s.notes.lines() {
            let own = ["出处：", "指标：", "地图上标出", "全市范围：", "规划未给出"];
            if !own.iter().any(|o| line.starts_with(o)) {
                assert!(text.contains(line), "{}: “{line}” is not plan text", s.title);
            }
        }
    }
}

#[test]
fn the_starter_deck_survives_a_project_round_trip() {
    let d = data();
    let p = Project {
        scenes: starters(&d),
        ..Project::default()
    };
    assert_eq!(Project::from_json(&p.to_json()).expect("reads"), p);
}

/// One scene as a reviewer reads it, for failure messages: its place in the deck, title,
/// view, what it focuses, shows and selects, its visible layers and its notes.
fn summary(k: usize, s: &Scene) -> String {
    let layers: Vec<&str> = s
        .layers
        .iter()
        .filter(|l| l.visible)
        .map(|l| l.layer.as_str())
        .collect();
    format!(
        "scene {}. “{}” — view {:.4}, {:.4}, z{:.2}; focus {:?}; shown {:?}; target {:?}; feature {:?}; layers {}\n{}",
        k + 1,
        s.title,
        s.view.lon,
        s.view.lat,
        s.view.zoom,
        s.focus,
        s.shown,
        s.target,
        s.selected_feature,
        layers.join("+"),
        s.notes
    )
}

/// Whether `list` is one or more of `names` joined with “、”.
fn is_list_of(list: &str, names: &[&str]) -> bool {
    names
        .iter()
        .filter(|n| !n.is_empty())
        .any(|n| match list.strip_prefix(n) {
            Some("") => true,
            Some(rest) => rest.strip_prefix('、').is_some_and(|rest| is_list_of(rest, names)),
            None => false,
        })
}

#[test]
fn every_starter_scene_has_a_title_of_its_own_a_visible_layer_a_framing_zoom_and_notes_citing_what_it_shows() {
    let d = data();
    check_deck(&d, &starters(&d));
}

/// What a reviewer reads in a deck, checked: see the test above.
fn check_deck(d: &Data, deck: &[Scene]) {
    assert!(!deck.is_empty());
    let plan = &d.plan;
    let titles: Vec<String> = (plan.chapters.iter().map(|c| &c.id))
        .chain(plan.chapters.iter().flat_map(|c| &c.sections).map(|s| &s.id))
        .chain(plan.boxes.iter().map(|b| &b.id))
        .filter_map(|id| plan.title_of(id))
        .collect();
    let (w, h) = STARTER_VIEWPORT_PX;
    let city_zoom = fit_view(DATA_BOX_LON_LAT, w, h).zoom.min(STARTER_MAX_CITY_ZOOM);
    for (k, s) in deck.iter().enumerate() {
        let about = summary(k, s);
        assert!(!s.title.trim().is_empty(), "a blank title: {about}");
        assert_eq!(s.title.trim(), s.title, "{about}");
        assert!(!s.title.contains('\n'), "{about}");
        let same: Vec<usize> = (0..deck.len())
            .filter(|j| deck[*j].title == s.title)
            .map(|j| j + 1)
            .collect();
        assert_eq!(same, [k + 1], "scenes {same:?} share a title: {about}");
        assert!(s.layers.iter().any(|l| l.visible), "no plan layer shown: {about}");
        // No closer than a single site is framed, no farther than the whole city.
        let zoom = s.view.zoom;
        assert!(
            zoom >= city_zoom - 1e-9 && zoom <= STARTER_MAX_FEATURE_ZOOM + 1e-9,
            "zoom {zoom} outside {city_zoom}..={STARTER_MAX_FEATURE_ZOOM}: {about}"
        );
        let shown = s.shown.as_deref().unwrap_or_else(|| panic!("nothing shown: {about}"));
        assert!(s.focus.is_some(), "nothing focused: {about}");
        // The notes name their source: one line, citing the element the scene shows, under
        // titles the plan gives.
        let sources: Vec<&str> = s.notes.lines().filter(|l| l.starts_with("出处：")).collect();
        assert_eq!(sources.len(), 1, "one source line: {about}");
        let cited = sources[0]
            .strip_prefix("出处：")
            .and_then(|l| l.strip_suffix(&format!("（{shown}）")))
            .unwrap_or_else(|| panic!("the source line cites {shown}: {about}"));
        assert!(!cited.is_empty(), "{about}");
        for title in cited.split(" · ") {
            assert!(
                titles.iter().any(|t| t == title),
                "“{title}” is not a plan title: {about}"
            );
        }
        // A goal's scene states the goal as the plan does; no other scene states one.
        let goals: Vec<&str> = s.notes.lines().filter(|l| l.starts_with("指标：")).collect();
        match s.target.as_deref() {
            Some(id) => {
                let t = d.plan.target(id).unwrap_or_else(|| panic!("{id} is a target: {about}"));
                assert_eq!(goals.len(), 1, "{about}");
                let line = goals[0];
                assert!(
                    line.contains(&t.label) && line.contains(&t.value_text) && line.ends_with(&format!("（{id}）")),
                    "{about}"
                );
            }
            None => assert!(goals.is_empty(), "{about}"),
        }
        // Features listed in the notes are the catalogue's, by name (a name may itself
        // contain “、”: 新能源汽车电池、电机、电控壳体…).
        let names: Vec<&str> = d.catalogue.features.iter().map(|f| f.name_zh.as_str()).collect();
        let lists = ["地图上标出（位置为估计或示意）：", "全市范围：", "规划未给出位置："];
        for line in s.notes.lines() {
            if let Some(list) = lists.iter().find_map(|l| line.strip_prefix(l)) {
                assert!(
                    is_list_of(list, &names),
                    "“{list}” is not a list of catalogue names: {about}"
                );
            }
        }
    }
}
