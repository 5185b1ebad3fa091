//! Project files (issue 5): lossless JSON, atomic saves that survive a kill, autosave and
//! recovery, clear errors; and the annotation export read back unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::temp_dir;
use dalian_atlas::basemap::round7;
use dalian_atlas::catalogue::Layer;
use dalian_atlas::io;
use dalian_atlas::model::LayerSetting;
use dalian_atlas::model::MapView;
use dalian_atlas::model::export::{self, ExportFeature};
use dalian_atlas::model::project::{self, ProjectLayer, UserLayerStyle};
use dalian_atlas::model::{
    Annotation, AnnotationKind, Link, MarkerSize, Project, ProjectError, Rgb, Scene, Style, UserFeature, UserLayer,
};
use serde_json::{Map, Value, json};

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// One annotation of every kind, with styles, links, extra properties, Chinese text and
/// a polygon drawn clockwise.
fn annotations() -> Vec<Annotation> {
    let mut point = Annotation::new(1, AnnotationKind::Point, vec![[121.6146, 38.9140]])
        .expect("point")
        .with_title("拟建数据中心");
    point.description = "第一行\n第二行：5G 先行".into();
    point.style.marker_colour = Rgb([0x1f, 0x78, 0xb4]);
    point.style.marker_size = MarkerSize::Large;
    point.style.marker_symbol = "building".into();
    point.add_link(Link::PlanElement("ch2.s4".into()));
    point.add_link(Link::Feature("park.dalian-software-park".into()));
    point.extra.insert("owner".into(), json!("规划处"));
    point.extra.insert("priority".into(), json!(2));

    let mut line = Annotation::new(
        2,
        AnnotationKind::Line,
        vec![[121.5, 38.9], [121.6, 38.95], [121.7123456, 39.0]],
    )
    .expect("line")
    .with_title("5G corridor");
    line.style.stroke = Rgb([0, 128, 0]);
    line.style.stroke_width = 4.5;
    line.style.stroke_opacity = 0.8;
    line.add_link(Link::PlanElement("box1".into()));
    line.add_link(Link::PlanElement("table1.r6.y2025".into()));

    let mut polygon = Annotation::new(
        3,
        AnnotationKind::Polygon,
        vec![[121.55, 38.85], [121.55, 38.95], [121.65, 38.95], [121.65, 38.85]],
    )
    .expect("polygon");
    polygon.style.fill = Rgb([255, 255, 0]);
    polygon.style.fill_opacity = 0.4;
    polygon.style.marker_colour = Rgb([1, 2, 3]); // not used by a polygon, kept anyway
    polygon.add_link(Link::Feature("zone.jinpu".into()));

    let mut text = Annotation::new(7, AnnotationKind::Text, vec![[122.0, 39.1]])
        .expect("text")
        .with_title("此处需先建 5G");
    text.style.marker_colour = Rgb([0x33, 0x33, 0x33]);
    text.style.marker_size = MarkerSize::Small;
    vec![point, line, polygon, text]
}

fn user_layer() -> UserLayer {
    let features = vec![
        UserFeature {
            id: Some(json!(17)),
            geometry: geo::Geometry::Point(geo::Point::new(121.61234567891, 38.91)),
            properties: obj(json!({"name": "站点 A", "height": 35.5, "tags": ["5g", "roof"], "nested": {"a": null}}))
                .into(),
        },
        UserFeature {
            id: Some(json!("road-2")),
            geometry: geo::Geometry::MultiLineString(geo::MultiLineString(vec![geo::LineString::from(vec![
                (121.5, 38.8),
                (121.6, 38.9),
            ])])),
            properties: Default::default(),
        },
        UserFeature {
            id: None,
            // Clockwise exterior, as a file may have it: stored as imported.
            geometry: geo::Geometry::Polygon(geo::Polygon::new(
                geo::LineString::from(vec![(121.0, 39.0), (121.0, 39.1), (121.1, 39.1), (121.0, 39.0)]),
                vec![],
            )),
            properties: obj(json!({"marker-color": "#ff0000", "fill": "#00ff00"})).into(),
        },
    ];
    UserLayer {
        read_as: None,
        name: "5G 站点".into(),
        source: Some(PathBuf::from("/data/5g 站点.geojson")),
        foreign_members: obj(json!({"name": "5G 站点", "attribution": "测试", "x-custom": [1, 2]})),
        features,
    }
}

fn project() -> Project {
    let mut style = UserLayerStyle {
        colour: Rgb([10, 20, 30]),
        opacity: 0.6,
        label_property: Some("name".into()),
        colour_property: None,
        extra: Map::new(),
    };
    style.extra.insert("future".into(), json!({"x": 1}));
    Project {
        evaluation: dalian_atlas::evaluation::Evaluation::default(),
        annotations: annotations(),
        user_layers: vec![
            ProjectLayer {
                linked: false,
                layer: user_layer(),
                visible: false,
                style,
                extra: Map::new(),
            },
            ProjectLayer::new(UserLayer {
                read_as: None,
                name: "empty".into(),
                source: None,
                foreign_members: Map::new(),
                features: Vec::new(),
            }),
        ],
        layers: vec![
            LayerSetting {
                layer: Layer::Parks,
                visible: false,
                opacity: 0.3,
            },
            LayerSetting {
                layer: Layer::Projects,
                visible: true,
                opacity: 1.0,
            },
        ],
        view: Some(MapView {
            lon: 121.618_811_1,
            lat: 38.914_3,
            zoom: 11.25,
        }),
        scenes: vec![{
            let mut s = Scene::new(
                "第一幕",
                MapView {
                    lon: 121.6,
                    lat: 38.9,
                    zoom: 10.0,
                },
            );
            s.notes = "开场\n第二行".into();
            s.focus = Some("ch2.s4".into());
            s
        }],
        extra: obj(json!({"x-later-member": {"kept": true}})),
    }
}

#[test]
fn a_project_written_to_json_reads_back_equal() {
    let p = project();
    let text = p.to_json();
    let back = Project::from_json(&text).expect("reads back");
    assert_eq!(back, p);
    // And writing it again gives the same text.
    assert_eq!(back.to_json(), text);
}

#[test]
fn the_project_file_is_versioned_documented_json() {
    let v: Value = serde_json::from_str(&project().to_json()).expect("JSON");
    assert_eq!(v["format"], "dalian-atlas-project");
    assert_eq!(v["version"], 2, "version 2 added the evaluation");
    assert_eq!(v["annotations"]["type"], "FeatureCollection");
    assert_eq!(v["annotations"]["features"][0]["properties"]["marker-color"], "#1f78b4");
    assert_eq!(v["user_layers"][0]["data"]["type"], "FeatureCollection");
    assert_eq!(v["user_layers"][0]["data"]["attribution"], "测试");
    assert_eq!(v["user_layers"][0]["style"]["future"], json!({"x": 1}));
    assert_eq!(
        v["layers"][0],
        json!({"layer": "parks", "visible": false, "opacity": 0.3})
    );
    assert_eq!(v["view"]["zoom"], 11.25);
    assert_eq!(v["scenes"][0]["title"], "第一幕");
    assert_eq!(v["x-later-member"]["kept"], true);
    // Without plan titles at hand, the project leaves the derived text out.
    assert!(
        v["annotations"]["features"][0]["properties"]
            .get("plan:refs_text")
            .is_none()
    );
}

#[test]
fn unknown_members_and_scenes_are_kept_through_a_load_and_save() {
    let text = r#"{"format":"dalian-atlas-project","version":1,"comment":"from a later atlas",
        "scenes":[{"id":"s1","view":{"lon":121.6,"lat":38.9,"zoom":10},"steps":[1,2.5,"three"]}],
        "user_layers":[{"name":"L","colour_by":"kind","style":{"opacity":0.5,"halo":true},
          "data":{"type":"FeatureCollection","name":"L","features":[
            {"type":"Feature","id":1,"properties":{"kind":"a"},"geometry":{"type":"Point","coordinates":[121.1,39.2]}}]}}]}"#;
    let p = Project::from_json(text).expect("reads");
    assert_eq!(
        p.layers,
        dalian_atlas::model::default_layers(),
        "missing members take defaults"
    );
    assert!(p.annotations.is_empty());
    let again: Value = serde_json::from_str(&p.to_json()).expect("JSON");
    assert_eq!(again["comment"], "from a later atlas");
    assert_eq!(again["scenes"][0]["id"], "s1");
    assert_eq!(again["scenes"][0]["steps"], json!([1, 2.5, "three"]));
    assert_eq!(
        again["scenes"][0]["view"],
        json!({"lon": 121.6, "lat": 38.9, "zoom": 10.0})
    );
    assert_eq!(again["user_layers"][0]["colour_by"], "kind");
    assert_eq!(again["user_layers"][0]["style"]["halo"], true);
    assert_eq!(again["user_layers"][0]["style"]["opacity"], 0.5);
    assert_eq!(Project::from_json(&p.to_json()).expect("reads"), p);
}

#[test]
fn saving_and_loading_a_project_file_gives_the_same_project() {
    let dir = temp_dir("save-load");
    let path = dir.join("规划批注.json");
    let p = project();
    io::project::save_project(&path, &p).expect("saves");
    assert_eq!(io::project::load_project(&path).expect("loads"), p);
    // Saving again replaces the file and leaves no temporary file behind.
    let mut q = p.clone();
    q.annotations.pop();
    io::project::save_project(&path, &q).expect("saves");
    assert_eq!(io::project::load_project(&path).expect("loads"), q);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["规划批注.json".to_string()]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_newer_version_is_refused_with_a_message_naming_the_file() {
    let dir = temp_dir("newer");
    let path = dir.join("future.json");
    std::fs::write(
        &path,
        r#"{"format":"dalian-atlas-project","version":3,"annotations":"changed"}"#,
    )
    .expect("write");
    let e = io::project::load_project(&path).expect_err("refused");
    assert!(matches!(e, ProjectError::TooNew { version: 3, .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("future.json") && msg.contains("version 3") && msg.contains("update"),
        "{msg}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corrupt_and_missing_project_files_give_errors_naming_the_file() {
    let dir = temp_dir("corrupt");
    let good = project().to_json();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.json", Vec::new(), "is empty"),
        ("truncated.json", good.as_bytes()[..good.len() / 2].to_vec(), "line"),
        ("binary.json", vec![0x89, b'P', b'N', b'G', 0, 0xff, 0xfe], "not valid JSON"),
        ("geojson.json", br#"{"type":"FeatureCollection","features":[]}"#.to_vec(), "not a Dalian Atlas project"),
        (
            "bad-annotation.json",
            br#"{"format":"dalian-atlas-project","annotations":{"type":"FeatureCollection","features":[
                {"type":"Feature","id":1,"properties":{},"geometry":{"type":"Polygon","coordinates":[[[121,39],[122,39],[121,39]]]}}]}}"#
                .to_vec(),
            "damaged",
        ),
        (
            "bad-view.json",
            br#"{"format":"dalian-atlas-project","view":{"lon":"east"}}"#.to_vec(),
            "view",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        let msg = io::project::load_project(&path).expect_err(name).to_string();
        assert!(msg.contains(name), "{name}: the message should name the file: {msg}");
        assert!(msg.contains(expected), "{name}: expected “{expected}” in: {msg}");
    }
    let truncated = io::project::load_project(&dir.join("truncated.json")).expect_err("truncated");
    assert!(
        matches!(truncated, ProjectError::Json { line, column, .. } if line > 1 && column > 0),
        "{truncated}"
    );
    let missing = io::project::load_project(&dir.join("missing.json")).expect_err("missing");
    assert!(missing.to_string().contains("missing.json") && missing.to_string().contains("does not exist"));
    let folder = io::project::load_project(&dir).expect_err("a folder");
    assert!(folder.to_string().contains("folder"), "{folder}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_save_interrupted_before_the_rename_leaves_the_old_file_intact() {
    let dir = temp_dir("interrupted");
    let path = dir.join("project.json");
    let old = project();
    io::project::save_project(&path, &old).expect("saves");
    // A save killed midway: the temporary file (named as `write_atomic` names it) holds
    // half of the new text and was never renamed.
    let mut new = old.clone();
    new.annotations.truncate(1);
    let text = new.to_json();
    let tmp = dir.join(format!(".project.json.tmp-{}", std::process::id()));
    std::fs::write(&tmp, &text.as_bytes()[..text.len() / 2]).expect("partial temp file");
    assert_eq!(io::project::load_project(&path).expect("the old file still loads"), old);
    // The next save goes through, over the stale temporary file.
    io::project::save_project(&path, &new).expect("saves");
    assert_eq!(io::project::load_project(&path).expect("loads"), new);
    assert!(!tmp.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_save_names_the_file_and_leaves_nothing_behind() {
    let dir = temp_dir("failed");
    // The target is a non-empty folder, so the rename over it fails after the write.
    let target = dir.join("taken.json");
    std::fs::create_dir_all(target.join("inside")).expect("folder");
    let e = io::project::save_project(&target, &project()).expect_err("cannot replace a folder");
    assert!(e.to_string().contains("taken.json"), "{e}");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["taken.json".to_string()]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two large projects the child process saves in turn.
fn big_project(variant: u64) -> Project {
    let mut p = project();
    let features = (0..40_000)
        .map(|k| UserFeature {
            id: Some(json!(k)),
            // Seven decimals: serde_json (without its `float_roundtrip` feature) reads these
            // back exactly.
            geometry: geo::Geometry::Point(geo::Point::new(
                round7(121.0 + k as f64 * 1e-5),
                round7(38.5 + variant as f64 * 0.1),
            )),
            properties: obj(json!({"k": k, "variant": variant})).into(),
        })
        .collect();
    p.user_layers[1].layer.features = features;
    p.extra.insert("variant".into(), json!(variant));
    p
}

const SAVE_LOOP_ENV: &str = "DALIAN_ATLAS_TEST_SAVE_LOOP";

/// Not a test of its own: the child process of the kill test runs it to save forever.
/// Ignored so that it is not counted as a passing test: on its own it checks nothing.
#[test]
#[ignore = "the kill test runs it in a child process; alone it does nothing"]
fn a_child_process_saves_in_a_loop_only_when_the_kill_test_asks() {
    let Some(path) = std::env::var_os(SAVE_LOOP_ENV) else {
        return;
    };
    let path = PathBuf::from(path);
    let projects = [big_project(1), big_project(2)];
    for k in 0.. {
        io::project::save_project(&path, &projects[k % 2]).expect("saves");
    }
}

#[test]
fn killing_a_process_in_the_middle_of_saves_never_corrupts_the_project_file() {
    let dir = temp_dir("kill");
    let path = dir.join("project.json");
    let a = big_project(1);
    let b = big_project(2);
    io::project::save_project(&path, &a).expect("first save");
    let exe = std::env::current_exe().expect("test binary");
    let mut killed_while_writing = 0;
    for round in 0..6u64 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "a_child_process_saves_in_a_loop_only_when_the_kill_test_asks",
                "--ignored",
                "--test-threads=1",
            ])
            .env(SAVE_LOOP_ENV, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("child process");
        // Kill the child while its temporary file exists, i.e. between creating it and
        // renaming it over the project (every other round after a few complete saves),
        // or after a fixed time if that moment is missed.
        let tmp = dir.join(format!(".project.json.tmp-{}", child.id()));
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let mut seen = 0;
        while std::time::Instant::now() < deadline {
            if tmp.exists() {
                seen += 1;
                if seen > round % 2 * 2 {
                    break;
                }
                while tmp.exists() && std::time::Instant::now() < deadline {
                    std::thread::yield_now();
                }
            }
            std::thread::yield_now();
        }
        child.kill().expect("kill");
        let _ = child.wait();
        if tmp.exists() {
            killed_while_writing += 1;
            std::fs::remove_file(&tmp).expect("remove the temporary file");
        }
        let loaded = io::project::load_project(&path).expect("the project file loads after a kill");
        assert!(
            loaded == a || loaded == b,
            "round {round}: the file is neither saved version"
        );
    }
    eprintln!("{killed_while_writing} of 6 kills landed while a save was being written");
    assert!(
        killed_while_writing > 0,
        "no kill landed during a save; the test proved nothing"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_autosave_is_offered_for_recovery_with_its_time_and_original_file_and_can_be_discarded() {
    let dir = temp_dir("autosave").join("data");
    assert!(io::project::find_recovery(&dir).expect("no folder yet").is_none());
    let before = SystemTime::now() - Duration::from_secs(2);
    let p = project();
    let original = Path::new("/home/planner/大连批注.json");
    io::project::write_autosave(&dir, &p, Some(original)).expect("autosave");
    assert_eq!(project::autosave_path(&dir), dir.join(project::AUTOSAVE_FILE));
    let r = io::project::find_recovery(&dir).expect("readable").expect("offered");
    assert_eq!(r.project, p);
    assert_eq!(r.original.as_deref(), Some(original));
    assert!(r.saved_at >= before && r.saved_at <= SystemTime::now() + Duration::from_secs(2));
    // A project never saved has no original file.
    io::project::write_autosave(&dir, &Project::default(), None).expect("autosave");
    let r = io::project::find_recovery(&dir).expect("readable").expect("offered");
    assert_eq!(r.original, None);
    assert_eq!(r.project, Project::default());
    io::project::discard_recovery(&dir).expect("discard");
    assert!(io::project::find_recovery(&dir).expect("nothing").is_none());
    io::project::discard_recovery(&dir).expect("discarding twice is fine");
    // An autosave is not a project file.
    io::project::write_autosave(&dir, &p, None).expect("autosave");
    let e = io::project::load_project(&project::autosave_path(&dir)).expect_err("not a project");
    assert!(e.to_string().contains("autosave"), "{e}");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap_or(&dir));
}

#[test]
fn a_damaged_autosave_is_reported_rather_than_ignored() {
    let dir = temp_dir("damaged-autosave");
    std::fs::write(
        project::autosave_path(&dir),
        "{\"format\": \"dalian-atlas-autosave\", \"proj",
    )
    .expect("write");
    let e = io::project::find_recovery(&dir).expect_err("damaged");
    assert!(e.to_string().contains(project::AUTOSAVE_FILE), "{e}");
    io::project::discard_recovery(&dir).expect("discard");
    assert!(io::project::find_recovery(&dir).expect("nothing").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------
// Export and re-import.

fn titles(id: &str) -> Option<String> {
    match id {
        "ch2.s4" => Some("第四节 整体布局".into()),
        "box1" => Some("专栏1 新型基础设施建设重点工程".into()),
        _ => None,
    }
}

#[test]
fn an_annotation_export_read_back_gives_the_same_annotations_and_styles() {
    let list = annotations();
    let text = export::annotations_geojson("批注", &list, &titles);
    let back = export::annotations_from_geojson("批注.geojson", &text).expect("re-import");
    assert_eq!(back, list);
    // Styles in detail, since equality covers them: a few spot checks for the reader.
    assert_eq!(back[0].style.marker_symbol, "building");
    assert_eq!(back[1].style.stroke_width, 4.5);
    assert_eq!(back[2].style.marker_colour, Rgb([1, 2, 3]));
    assert_eq!(back[3].kind, AnnotationKind::Text);
    assert_eq!(
        back[3].style,
        Style {
            marker_colour: Rgb([0x33, 0x33, 0x33]),
            marker_size: MarkerSize::Small,
            ..Style::default()
        }
    );
}

#[test]
fn an_export_follows_rfc_7946() {
    let text = export::annotations_geojson("批注", &annotations(), &titles);
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["name"], "批注");
    assert!(v.get("crs").is_none());
    assert_eq!(v["bbox"], json!([121.5, 38.85, 122, 39.1]));
    for f in v["features"].as_array().expect("features") {
        assert!(f["bbox"].is_array(), "every feature has a bbox");
    }
    // Right-hand rule: the polygon's exterior ring is counter-clockwise and closed.
    let ring: Vec<[f64; 2]> =
        serde_json::from_value(v["features"][2]["geometry"]["coordinates"][0].clone()).expect("ring");
    assert_eq!(ring.first(), ring.last());
    let area2: f64 = ring.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum();
    assert!(area2 > 0.0);
    // Simplestyle properties and namespaced plan links.
    let p = &v["features"][0]["properties"];
    assert_eq!(p["title"], "拟建数据中心");
    assert_eq!(p["description"], "第一行\n第二行：5G 先行");
    assert_eq!(p["marker-color"], "#1f78b4");
    assert_eq!(p["marker-size"], "large");
    assert_eq!(p["marker-symbol"], "building");
    assert_eq!(p["plan:refs"], json!(["ch2.s4"]));
    assert_eq!(p["plan:refs_text"], json!(["ch2.s4 第四节 整体布局"]));
    assert_eq!(p["atlas:features"], json!(["park.dalian-software-park"]));
    assert_eq!(p["owner"], "规划处");
    let l = &v["features"][1]["properties"];
    assert_eq!(l["stroke"], "#008000");
    assert_eq!(l["stroke-width"], 4.5);
    assert_eq!(l["stroke-opacity"], 0.8);
    assert_eq!(
        l["plan:refs_text"],
        json!(["box1 专栏1 新型基础设施建设重点工程", "table1.r6.y2025"])
    );
    let g = &v["features"][2]["properties"];
    assert_eq!(g["fill"], "#ffff00");
    assert_eq!(g["fill-opacity"], 0.4);
    assert_eq!(v["features"][3]["geometry"]["type"], "Point");
    assert_eq!(v["features"][3]["properties"]["atlas:kind"], "text");
    // No coordinate has more than 7 decimals.
    assert_eq!(max_decimals(&v["features"]), 7);
}

/// The most decimals of any number in the coordinates and bboxes.
fn max_decimals(v: &Value) -> usize {
    fn walk(v: &Value, key: &str, most: &mut usize) {
        match v {
            Value::Number(n) if key == "coordinates" || key == "bbox" => {
                let s = n.to_string();
                *most = (*most).max(s.split_once('.').map_or(0, |(_, d)| d.len()));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, most)),
            Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, k, most)),
            _ => {}
        }
    }
    let mut most = 0;
    walk(v, "", &mut most);
    most
}

#[test]
fn a_user_layer_export_keeps_every_property_and_foreign_member_and_rounds_to_seven_decimals() {
    let layer = user_layer();
    let v: Value = serde_json::from_str(&export::user_layer_geojson(&layer)).expect("JSON");
    assert_eq!(v["name"], "5G 站点");
    assert_eq!(v["attribution"], "测试");
    assert_eq!(v["x-custom"], json!([1, 2]));
    assert_eq!(v["features"][0]["id"], 17);
    assert_eq!(
        v["features"][0]["properties"],
        json!({"name": "站点 A", "height": 35.5, "tags": ["5g", "roof"], "nested": {"a": null}})
    );
    assert_eq!(v["features"][0]["geometry"]["coordinates"], json!([121.6123457, 38.91]));
    assert_eq!(v["features"][1]["id"], "road-2");
    assert!(v["features"][2].get("id").is_none());
    let ring: Vec<[f64; 2]> =
        serde_json::from_value(v["features"][2]["geometry"]["coordinates"][0].clone()).expect("ring");
    let area2: f64 = ring.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum();
    assert!(area2 > 0.0, "a clockwise ring is exported counter-clockwise");
    assert!(max_decimals(&v) <= 7);
}

#[test]
fn a_selection_of_features_from_anywhere_exports_as_one_collection() {
    let mut features: Vec<ExportFeature> = export::annotation_features(&annotations()[..2], Some(&titles));
    features.extend(export::user_layer_features(&user_layer()));
    features.push(
        dalian_atlas::basemap::FeatureOut {
            id: "park.x".into(),
            properties: obj(json!({"layer": "parks"})),
            geometry: Some(dalian_atlas::basemap::FeatureGeometry::Point((121.7, 39.05))),
        }
        .into(),
    );
    let v: Value = serde_json::from_str(&export::collection_text("选择", &Map::new(), &features)).expect("JSON");
    assert_eq!(v["features"].as_array().map(Vec::len), Some(6));
    assert_eq!(v["features"][5]["id"], "park.x");
    assert_eq!(v["bbox"], json!([121, 38.8, 121.7123456, 39.1]));
}

#[test]
fn annotations_keep_their_styles_when_a_default_style_is_changed_only_where_it_does_not_apply() {
    // A line whose marker style differs from the default still round-trips.
    let mut a = Annotation::new(9, AnnotationKind::Line, vec![[121.0, 39.0], [121.1, 39.1]]).expect("line");
    a.style.marker_size = MarkerSize::Small;
    a.style.fill_opacity = 0.9;
    let text = export::annotations_geojson("x", std::slice::from_ref(&a), &titles);
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert!(
        v["features"][0]["properties"].get("fill").is_none(),
        "default fill not written for a line"
    );
    assert_eq!(export::annotations_from_geojson("x", &text).expect("reads"), vec![a]);
}
