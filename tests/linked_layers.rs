//! Projects that link big data (issue 18, point 10): a layer read from a file of 5 MB or
//! more is saved as a link (its path relative to the project, and how it was read)
//! rather than a copy; the project reads the file again on opening, says when it is
//! missing or changed, and keeps the link through a save either way. The user can
//! switch a layer between linked and embedded (undoable).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod support;

use dalian_atlas::io::import::{ImportOptions, ReadOptions, import_geojson, read_layers};
use dalian_atlas::io::project::{LinkProblem, load_project_linked, save_project};
use dalian_atlas::model::history::{Edit, History};
use dalian_atlas::model::project::{LINK_ABOVE_BYTES, autosave_text};
use dalian_atlas::model::{Project, ProjectLayer};
use support::TempDir;

/// A GeoJSON collection of `n` points with a few properties (about 130 bytes each).
fn points(n: usize) -> String {
    let features: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"type":"Feature","properties":{{"名称":"站点{i}","载频数":{},"备注":"测试数据"}},"geometry":{{"type":"Point","coordinates":[{:.6},{:.6}]}}}}"#,
                i % 12,
                121.0 + (i % 1000) as f64 / 1000.0,
                38.8 + (i / 1000) as f64 / 1000.0
            )
        })
        .collect();
    format!(
        r#"{{"type":"FeatureCollection","name":"站点","features":[{}]}}"#,
        features.join(",")
    )
}

fn project_with(layer: ProjectLayer) -> Project {
    Project {
        user_layers: vec![layer],
        ..Project::default()
    }
}

#[test]
fn a_big_layer_is_linked_by_a_relative_path_and_reads_back_equal_from_a_small_project() {
    let dir = TempDir::new("linked-big");
    std::fs::create_dir_all(dir.path("数据")).unwrap();
    let data = dir.write("数据/站点.geojson", points(50_000).as_bytes());
    assert!(std::fs::metadata(&data).unwrap().len() >= LINK_ABOVE_BYTES);
    let layer = ProjectLayer::new(import_geojson(&data, &ImportOptions::default(), &|_| true).unwrap());
    assert!(layer.linked && layer.is_link(), "a file over 5 MB is linked by default");
    let project = project_with(layer);

    let file = dir.path("评估.atlas.json");
    save_project(&file, &project).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.len() < 20_000, "the project holds no copy: {} bytes", text.len());
    assert!(text.contains(r#""link":"数据/站点.geojson""#), "{text}");
    // The autosave of the same project is as small.
    assert!(autosave_text(&project, Some(&file), std::time::SystemTime::now()).len() < 20_000);

    let (reopened, notes) = load_project_linked(&file).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        reopened.user_layers[0].layer.features,
        project.user_layers[0].layer.features
    );
    assert_eq!(reopened.user_layers[0].layer.source.as_deref(), Some(data.as_path()));
    assert!(reopened.user_layers[0].is_link());

    // The project and its data folder moved together still open.
    let moved = TempDir::new("linked-big-moved");
    std::fs::create_dir_all(moved.path("数据")).unwrap();
    std::fs::copy(&data, moved.path("数据/站点.geojson")).unwrap();
    std::fs::copy(&file, moved.path("评估.atlas.json")).unwrap();
    let (elsewhere, notes) = load_project_linked(&moved.path("评估.atlas.json")).unwrap();
    assert_eq!(elsewhere.user_layers[0].layer.features.len(), 50_000);
    // A copy has a new modification time: said, and read as it is.
    assert!(notes.iter().all(|n| n.problem == LinkProblem::Changed), "{notes:?}");
}

#[test]
fn a_missing_linked_file_is_said_and_saving_keeps_the_link_until_the_file_is_back() {
    let dir = TempDir::new("linked-missing");
    let data = dir.write("站点.geojson", points(200).as_bytes());
    let mut layer = ProjectLayer::new(import_geojson(&data, &ImportOptions::default(), &|_| true).unwrap());
    assert!(!layer.linked, "a small file is embedded by default");
    layer.linked = true;
    let file = dir.path("p.atlas.json");
    save_project(&file, &project_with(layer)).unwrap();

    let hidden = dir.path("站点.bak");
    std::fs::rename(&data, &hidden).unwrap();
    let (opened, notes) = load_project_linked(&file).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].problem, LinkProblem::Missing);
    assert_eq!(notes[0].layer, "站点");
    assert!(opened.user_layers[0].layer.features.is_empty());
    save_project(&file, &opened).unwrap();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains(r#""link":"站点.geojson""#)
    );

    std::fs::rename(&hidden, &data).unwrap();
    let (back, notes) = load_project_linked(&file).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(back.user_layers[0].layer.features.len(), 200);
}

#[test]
fn a_changed_linked_file_is_read_as_it_is_now_and_said() {
    let dir = TempDir::new("linked-changed");
    let data = dir.write("站点.geojson", points(100).as_bytes());
    let mut layer = ProjectLayer::new(import_geojson(&data, &ImportOptions::default(), &|_| true).unwrap());
    layer.linked = true;
    let file = dir.path("p.atlas.json");
    save_project(&file, &project_with(layer)).unwrap();
    std::fs::write(&data, points(120)).unwrap();
    let (opened, notes) = load_project_linked(&file).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].problem, LinkProblem::Changed);
    assert_eq!(opened.user_layers[0].layer.features.len(), 120);
}

#[test]
fn a_csv_layer_links_with_its_reading_choices_and_switching_is_one_undoable_edit() {
    let dir = TempDir::new("linked-csv");
    let mut csv = String::from("名称,经度,纬度,载频数\n");
    for i in 0..50 {
        csv.push_str(&format!(
            "站点{i},{:.5},{:.5},{}\n",
            121.5 + i as f64 / 100.0,
            38.9,
            i % 5
        ));
    }
    let data = dir.write("站点.csv", csv.as_bytes());
    // The positions' system is guessed, so the planner confirms it (as in the dialog);
    // the link keeps the choice and reading again does not ask.
    let options = ReadOptions {
        crs: Some(dalian_atlas::crs::Crs::Cgcs2000),
        ..ReadOptions::default()
    };
    let read = read_layers(&data, &options, &|_| true).unwrap();
    let mut project = project_with(ProjectLayer::new(read.into_iter().next().unwrap()));
    assert!(project.user_layers[0].can_link() && !project.user_layers[0].linked);

    let mut history = History::new();
    history
        .apply(&mut project, Edit::SetUserLayerLinked { index: 0, linked: true })
        .unwrap();
    assert!(project.user_layers[0].is_link());
    let file = dir.path("p.atlas.json");
    save_project(&file, &project).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(r#""link":"站点.csv""#) && !text.contains("站点49"),
        "{text}"
    );
    let (opened, notes) = load_project_linked(&file).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        opened.user_layers[0].layer.features,
        project.user_layers[0].layer.features
    );

    history.undo(&mut project).unwrap();
    assert!(!project.user_layers[0].linked);
    save_project(&file, &project).unwrap();
    assert!(
        std::fs::read_to_string(&file).unwrap().contains("站点49"),
        "embedded again"
    );
}

#[test]
fn a_project_text_with_links_reads_without_the_files_and_writes_the_links_back() {
    let text = std::fs::read_to_string("fuzz/corpus/project/linked-layer").unwrap();
    let project = Project::from_json(&text).unwrap();
    let layers = &project.user_layers;
    assert_eq!(layers.len(), 3);
    assert!(layers[0].is_link() && layers[0].layer.features.is_empty());
    assert_eq!(
        layers[0].layer.source.as_deref(),
        Some(std::path::Path::new("../数据/站点.csv"))
    );
    assert!(layers[1].is_link());
    assert!(!layers[2].linked && layers[2].layer.features.len() == 1 && layers[2].layer.read_as.is_some());
    // Written back (no folder: paths as they are), the links and records survive.
    let again = Project::from_json(&project.to_json()).unwrap();
    assert_eq!(again, project);
}

#[test]
fn a_linked_geopackage_table_is_found_by_its_name_when_the_tables_before_it_change() {
    if !support::have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("linked-gpkg");
    let a = dir.write("a.geojson", points(1).as_bytes());
    let b = dir.write("b.geojson", points(2).as_bytes());
    let gpkg = dir.arg("两表.gpkg");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    support::run("ogr2ogr", &["-f", "GPKG", &gpkg, a, "-nln", "alpha"]);
    support::run("ogr2ogr", &["-update", &gpkg, b, "-nln", "beta"]);
    let layers = read_layers(std::path::Path::new(&gpkg), &ReadOptions::default(), &|_| true).unwrap();
    let beta = layers.into_iter().find(|l| l.name == "beta").expect("the second table");
    let mut layer = ProjectLayer::new(beta);
    layer.linked = true;
    let file = dir.path("p.atlas.json");
    save_project(&file, &project_with(layer)).unwrap();

    // The first table goes: “beta” is now the only one, and still found.
    std::fs::remove_file(&gpkg).unwrap();
    support::run("ogr2ogr", &["-f", "GPKG", &gpkg, b, "-nln", "beta"]);
    let (opened, _) = load_project_linked(&file).unwrap();
    assert_eq!(opened.user_layers[0].layer.features.len(), 2);

    // “beta” goes, two others stay: said, and no other table is read in its place.
    std::fs::remove_file(&gpkg).unwrap();
    support::run("ogr2ogr", &["-f", "GPKG", &gpkg, a, "-nln", "alpha"]);
    support::run("ogr2ogr", &["-update", &gpkg, a, "-nln", "gamma"]);
    let (opened, notes) = load_project_linked(&file).unwrap();
    assert!(opened.user_layers[0].layer.features.is_empty());
    assert!(
        matches!(&notes[0].problem, LinkProblem::Unreadable(r) if r.contains("beta")),
        "{notes:?}"
    );
}
