#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The import dialog (issue 13), driven through egui_kittest at 1366×768 with a probe
//! built by hand (no reader needed): a GBK shapefile zip with two layers whose system
//! was guessed as Gauss–Krüger CM 123°E. What it shows, and the actions it returns.

mod common;

use common::{harness_with, plan, temp_dir};
use dalian_atlas::action::{Action, DocAction, ImportPurpose};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::crs::Crs;
use dalian_atlas::i18n::Lang;
use dalian_atlas::io::import::encoding::{EncodingSource, TextEncoding};
use dalian_atlas::io::import::source::{CrsSource, LayerInfo, ProbedLayer};
use dalian_atlas::io::import::{Format, Probe, ReadOptions};
use dalian_atlas::model::UserFeature;
use dalian_atlas::state::AppState;
use dalian_atlas::theme::{install_fonts, install_style};
use dalian_atlas::ui::import_dialog::{ImportDialog, import_dialog_ui};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

/// The dialog and the last action it returned.
type Form = (ImportDialog, Option<Action>, Lang);

fn gk123() -> Crs {
    Crs::from_epsg(4550).expect("EPSG:4550")
}

fn feature(name: &str, kind: &str, area: f64, x_y: [f64; 2]) -> UserFeature {
    let mut properties = serde_json::Map::new();
    properties.insert("名称".into(), name.into());
    properties.insert("类别".into(), kind.into());
    properties.insert("面积".into(), area.into());
    UserFeature {
        id: None,
        geometry: geo::Geometry::Point(geo::Point::new(x_y[0], x_y[1])),
        properties: properties.into(),
    }
}

fn layer(name: &str, geometry_type: &str, sample: Vec<UserFeature>, lands: [f64; 2]) -> ProbedLayer {
    ProbedLayer {
        info: LayerInfo {
            name: name.into(),
            feature_count: sample.len() * 10,
            geometry_type: geometry_type.into(),
            declared_crs: None,
            encoding: Some((TextEncoding::Gbk, EncodingSource::Detected)),
            table: None,
            sample,
        },
        crs: Some(gk123()),
        crs_source: CrsSource::Guessed(dalian_atlas::crs::GuessReason {
            en: "eastings near 500 000 m land in Dalian with CM 123°E".into(),
            zh: "横坐标在 500 000 米左右，中央经线 123°E 时落在大连".into(),
        }),
        crs_problem: None,
        first_lon_lat: Some(lands),
    }
}

/// Two layers of a zipped GBK shapefile, system guessed (GK CM 123°E).
fn probe() -> Probe {
    Probe {
        file: "/data/大连规划.zip".into(),
        format: Format::ShapefileZip,
        sheets: Vec::new(),
        layers: vec![
            layer(
                "县界",
                "Polygon",
                vec![
                    feature("甘井子区", "市辖区", 502.4, [450_100.0, 4_320_200.0]),
                    feature("金州区", "市辖区", 1352.5, [470_300.0, 4_350_900.0]),
                ],
                [121.52, 39.02],
            ),
            layer(
                "道路",
                "LineString",
                vec![feature("东北快速路", "快速路", 0.0, [460_000.0, 4_330_000.0])],
                [121.63, 39.10],
            ),
        ],
    }
}

fn harness_for(dialog: ImportDialog, lang: Lang) -> Harness<'static, Form> {
    let mut harness = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(12)
        .with_theme(egui::Theme::Light)
        .with_context_setup(|ctx| {
            install_fonts(ctx);
            install_style(ctx);
        })
        .build_ui_state(
            |ui, form: &mut Form| {
                if let Some(action) = import_dialog_ui(ui.ctx(), form.2, &mut form.0) {
                    form.1 = Some(action);
                }
            },
            (dialog, None, lang),
        );
    harness.run();
    harness
}

fn harness() -> Harness<'static, Form> {
    harness_for(
        ImportDialog::new(ImportPurpose::Layers, probe(), ReadOptions::default()),
        Lang::Zh,
    )
}

/// Picks `choice` in the combo box labelled `label`.
fn choose(harness: &mut Harness<'static, Form>, label: &str, choice: &str) {
    harness.get_by_role_and_label(Role::ComboBox, label).click();
    harness.run();
    harness
        .get_all_by_label(choice)
        .last()
        .expect("the choice in the open list")
        .click();
    harness.run();
}

/// Saves what the harness draws, for a look (the lead's and the closing note's).
fn save_png(harness: &mut Harness<'static, Form>, name: &str) {
    let image = harness.render().expect("renders");
    let path = std::env::temp_dir().join(name);
    image.save(&path).expect("png");
    println!("drawn: {}", path.display());
}

#[test]
fn the_dialog_shows_the_layers_the_guessed_system_to_confirm_the_encoding_and_the_first_rows() {
    let mut harness = harness();
    harness.get_by_label("导入数据");
    harness.get_by_label_contains("大连规划.zip");
    harness.get_by_label("Shapefile (zip)");
    harness.get_by_label("县界");
    harness.get_by_label("道路");
    harness.get_by_label("Polygon");
    harness.get_by_label("20");
    harness.get_by_label_contains("根据坐标推测：横坐标在 500 000 米左右");
    harness.get_by_label_contains("请确认");
    assert!(
        harness
            .get_by_role_and_label(Role::ComboBox, "坐标系")
            .value()
            .is_some_and(|v| v.contains("EPSG:4550")),
        "the guess is the system shown"
    );
    harness.get_by_label_contains("县界 · 第一个要素位于：121.52000, 39.02000 — 在大连范围内");
    assert!(
        harness
            .get_by_role_and_label(Role::ComboBox, "编码")
            .value()
            .is_some_and(|v| v == "GBK")
    );
    harness.get_by_label("根据内容检测");
    // The preview: one column per property, the Chinese names as decoded.
    harness.get_by_label("名称");
    harness.get_by_label("甘井子区");
    harness.get_by_label("金州区");
    harness.get_by_label("1352.5");
    save_png(&mut harness, "dalian-atlas-import-dialog-1366x768.png");
}

#[test]
fn choosing_another_encoding_asks_to_read_the_file_again_with_it() {
    let mut harness = harness();
    choose(&mut harness, "编码", "UTF-8");
    let expected = ReadOptions {
        encoding: Some(TextEncoding::Utf8),
        ..ReadOptions::default()
    };
    assert_eq!(
        harness.state().1,
        Some(Action::Document(DocAction::ReprobeImport(expected)))
    );
}

#[test]
fn choosing_another_system_asks_to_read_the_file_again_with_it() {
    let mut harness = harness();
    let cm120 = Crs::from_epsg(4549).expect("EPSG:4549");
    choose(&mut harness, "坐标系", &cm120.name());
    let expected = ReadOptions {
        crs: Some(cm120),
        ..ReadOptions::default()
    };
    assert_eq!(
        harness.state().1,
        Some(Action::Document(DocAction::ReprobeImport(expected)))
    );
}

#[test]
fn import_reads_the_ticked_layers_with_the_guess_shown_as_the_confirmed_system() {
    let mut harness = harness();
    harness.get_by_label("道路").click();
    harness.run();
    assert_eq!(harness.state().0.ticked, vec![true, false]);
    harness.get_by_label("导入").click();
    harness.run();
    let expected = ReadOptions {
        layers: Some(vec![0]),
        crs: Some(gk123()),
        ..ReadOptions::default()
    };
    assert_eq!(
        harness.state().1,
        Some(Action::Document(DocAction::ReadImport(expected)))
    );
}

#[test]
fn an_unknown_system_keeps_import_off_until_one_is_chosen_and_cancel_closes() {
    let mut p = probe();
    for l in &mut p.layers {
        l.crs = None;
        l.crs_source = CrsSource::Unknown;
        l.first_lon_lat = None;
    }
    p.layers[0].crs_problem =
        Some("the coordinate system “Xian_1980_3_Degree_GK_CM_123E” is on the Xian 1980 datum".into());
    let mut harness = harness_for(
        ImportDialog::new(ImportPurpose::Layers, p, ReadOptions::default()),
        Lang::Zh,
    );
    // The file does say (an old datum): the dialog gives that reason, not “the file says nothing”.
    assert!(harness.query_by_label_contains("未知：文件没有说明").is_none());
    harness.get_by_label_contains("Xian 1980 datum");
    harness.get_by_label("请为勾选的图层选择坐标系");
    assert!(!harness.state().0.can_import());
    harness.get_by_label("导入").click();
    harness.run();
    assert_eq!(harness.state().1, None, "导入 is disabled");
    harness.get_by_label("取消").click();
    harness.run();
    assert_eq!(harness.state().1, Some(Action::Document(DocAction::CloseImportDialog)));
}

#[test]
fn a_first_feature_outside_dalian_says_to_check_the_system_in_english_too() {
    let mut p = probe();
    p.layers[0].first_lon_lat = Some([117.3, 39.1]);
    let mut harness = harness_for(
        ImportDialog::new(ImportPurpose::OfficialBoundaries, p, ReadOptions::default()),
        Lang::En,
    );
    harness.get_by_label("Load official boundaries");
    harness.get_by_label_contains("outside Dalian — check the system");
    harness.get_by_label_contains("please confirm");
    harness.get_by_label("Load");
    save_png(&mut harness, "dalian-atlas-import-dialog-en.png");
}

#[test]
fn a_table_offers_its_sheets_and_position_columns() {
    let mut p = probe();
    p.format = Format::Xlsx;
    p.sheets = vec!["项目".into(), "说明".into()];
    p.layers.truncate(1);
    p.layers[0].info.name = "项目".into();
    p.layers[0].info.encoding = None;
    p.layers[0].info.table = Some((
        vec!["站名".into(), "经度".into(), "纬度".into(), "备注".into()],
        Some(dalian_atlas::io::import::source::Columns::XY { x: 1, y: 2 }),
    ));
    let mut harness = harness_for(
        ImportDialog::new(ImportPurpose::Layers, p, ReadOptions::default()),
        Lang::Zh,
    );
    assert!(
        harness
            .get_by_role_and_label(Role::ComboBox, "X/经度列")
            .value()
            .is_some_and(|v| v == "经度")
    );
    choose(&mut harness, "工作表", "说明");
    let expected = ReadOptions {
        sheet: Some("说明".into()),
        ..ReadOptions::default()
    };
    assert_eq!(
        harness.state().1,
        Some(Action::Document(DocAction::ReprobeImport(expected)))
    );
    choose(&mut harness, "Y/纬度列", "备注");
    let expected = ReadOptions {
        columns: Some(dalian_atlas::io::import::source::Columns::XY { x: 1, y: 3 }),
        ..ReadOptions::default()
    };
    assert_eq!(
        harness.state().1,
        Some(Action::Document(DocAction::ReprobeImport(expected)))
    );
}

#[test]
fn a_csv_path_given_to_the_import_action_starts_a_probe_not_a_geojson_import() {
    let dir = temp_dir("import-csv-probe");
    let path = dir.join("项目.csv");
    std::fs::write(&path, "名称,经度,纬度\n甲,121.6,39.0\n").expect("fixture");
    let mut app = AtlasApp::with_state(plan(), AppState::default());
    app.apply(Action::Document(DocAction::ImportPath {
        path: path.clone(),
        gcj02: false,
    }))
    .expect("applies");
    assert!(app.probing(), "the file is probed for the dialog");
    assert!(app.importing());
    app.apply(Action::Document(DocAction::CancelImport)).expect("cancels");
    assert!(!app.importing(), "cancelled: nothing runs, no dialog will open");
    assert!(app.import_dialog().is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Once the table reader lands: the probe opens the dialog, 导入 adds the layer.
#[test]
fn a_csv_with_longitude_and_latitude_is_imported_through_the_dialog() {
    let dir = temp_dir("import-csv-dialog");
    let path = dir.join("项目.csv");
    std::fs::write(&path, "名称,经度,纬度\n甲站,121.6,39.0\n乙站,121.7,39.1\n").expect("fixture");
    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    harness
        .state_mut()
        .apply(Action::Document(DocAction::ImportPath { path, gcj02: false }))
        .expect("applies");
    harness.state_mut().finish_import();
    harness.run();
    assert!(harness.state().import_dialog().is_some(), "the dialog is open");
    harness.get_by_label("甲站");
    harness.get_by_label("导入").click();
    harness.run();
    harness.state_mut().finish_import();
    harness.run();
    let layers = &harness.state().document().project.user_layers;
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].layer.features.len(), 2);
    assert!(harness.state().import_dialog().is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

const SITES: &str = r#"{"type":"FeatureCollection","name":"机房","features":[
 {"type":"Feature","properties":{"站名":"甲站","容量":12.5},"geometry":{"type":"Point","coordinates":[121.60,39.02]}},
 {"type":"Feature","properties":{"站名":"乙站","容量":8},"geometry":{"type":"Point","coordinates":[121.66,39.05]}}]}"#;

#[test]
fn a_probed_file_is_imported_with_its_ticked_layers_when_import_is_pressed() {
    let dir = temp_dir("import-dialog-flow");
    let path = dir.join("sites.geojson");
    std::fs::write(&path, SITES).expect("fixture");
    let app = AtlasApp::with_state(plan(), AppState::default());
    let mut harness = common::harness_sized(app, [1366.0, 768.0]);
    harness
        .state_mut()
        .probe_for_import(path, ImportPurpose::Layers, ReadOptions::default());
    harness.state_mut().finish_import();
    harness.run();
    assert!(harness.state().import_dialog().is_some(), "the dialog is open");
    harness.get_by_label("由格式确定");
    harness.get_by_label("甲站");
    let image = harness.render().expect("renders");
    let shot = std::env::temp_dir().join("dalian-atlas-import-dialog-window-1366x768.png");
    image.save(&shot).expect("png");
    println!("drawn: {}", shot.display());
    harness.get_by_label("导入").click();
    harness.run();
    harness.state_mut().finish_import();
    harness.run();
    assert!(harness.state().import_dialog().is_none());
    let layers = &harness.state().document().project.user_layers;
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].layer.name, "机房");
    assert_eq!(layers[0].layer.features.len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// 金州区's label point and a GeoJSON square of 0.1° around it with `properties`.
fn jinzhou_square(app: &AtlasApp, properties: &str) -> ((f64, f64), String) {
    let (lon, lat) = app
        .basemap()
        .divisions
        .iter()
        .find(|d| d.adcode == 210213)
        .expect("金州区")
        .label_lon_lat;
    let square = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{properties},
        "geometry":{{"type":"Polygon","coordinates":[[[{a},{b}],[{c},{b}],[{c},{d}],[{a},{d}],[{a},{b}]]]}}}}]}}"#,
        a = lon - 0.05,
        b = lat - 0.05,
        c = lon + 0.05,
        d = lat + 0.05
    );
    ((lon, lat), square)
}

/// Opens the dialog on `path` as official boundaries, presses 载入 and waits for the load.
fn load_official(harness: &mut Harness<'static, AtlasApp>, path: &std::path::Path) {
    harness.state_mut().probe_for_import(
        path.to_path_buf(),
        ImportPurpose::OfficialBoundaries,
        ReadOptions::default(),
    );
    harness.state_mut().finish_import();
    harness.run();
    harness.get_by_label("载入官方行政区界线");
    harness.get_by_label("载入").click();
    harness.run();
    let start = std::time::Instant::now();
    while harness.state().official_loading() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "the load did not finish"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run();
}

#[test]
fn official_boundaries_read_through_the_dialog_are_remembered_with_their_choices() {
    let dir = temp_dir("import-dialog-official");
    let path = dir.join("official.geojson");
    let app = AtlasApp::with_state(plan(), AppState::default());
    let (_, square) = jinzhou_square(&app, r#"{"adcode":"210213","name":"金州区"}"#);
    std::fs::write(&path, square).expect("fixture");
    let mut harness = harness_with(app);
    load_official(&mut harness, &path);
    let state = harness.state().state();
    assert_eq!(state.official_boundaries.as_deref(), Some(path.as_path()));
    assert_eq!(state.official_boundary_choices.layers, Some(vec![0]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn choosing_a_system_in_the_window_reads_the_file_again_and_shows_the_choice() {
    let dir = temp_dir("import-dialog-reprobe");
    let path = dir.join("sites.geojson");
    std::fs::write(&path, SITES).expect("fixture");
    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    harness
        .state_mut()
        .probe_for_import(path, ImportPurpose::Layers, ReadOptions::default());
    harness.state_mut().finish_import();
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "坐标系").click();
    harness.run();
    harness
        .get_all_by_label("CGCS2000 (EPSG:4490)")
        .last()
        .expect("in the list")
        .click();
    harness.run();
    // The file is read again (a small file may be done already).
    harness.state_mut().finish_import();
    harness.run();
    let dialog = harness.state().import_dialog().expect("still open");
    assert_eq!(dialog.options.crs, Some(Crs::Cgcs2000));
    assert_eq!(dialog.probe.layers[0].crs_source, CrsSource::Chosen);
    assert!(!dialog.reprobing);
    harness.get_by_label("由你选择");
    let _ = std::fs::remove_dir_all(&dir);
}

/// County boundaries as they typically arrive: a GBK Shapefile in Gauss–Krüger CM 123°E
/// (EPSG:4550) with the survey fields XZQDM/XZQMC, made by `ogr2ogr` from a square around
/// 金州区's label point.
#[test]
fn official_boundaries_from_a_gbk_gauss_kruger_shapefile_replace_the_division_they_name() {
    let have_ogr2ogr = std::process::Command::new("ogr2ogr")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_ogr2ogr {
        eprintln!("SKIPPED: ogr2ogr (gdal-bin) is not installed");
        return;
    }
    let dir = temp_dir("import-dialog-official-shp");
    let app = AtlasApp::with_state(plan(), AppState::default());
    let ((lon, lat), square) = jinzhou_square(&app, r#"{"XZQDM":"210213000000","XZQMC":"金州区"}"#);
    let geojson = dir.join("square.geojson");
    std::fs::write(&geojson, square).expect("fixture");
    let shp = dir.join("县级行政区.shp");
    let status = std::process::Command::new("ogr2ogr")
        .args(["-t_srs", "EPSG:4550", "-lco", "ENCODING=GBK"])
        .arg(&shp)
        .arg(&geojson)
        .status()
        .expect("ogr2ogr runs");
    assert!(status.success());
    let _ = std::fs::remove_file(shp.with_extension("cpg"));
    let mut harness = harness_with(app);
    load_official(&mut harness, &shp);
    let jinzhou = harness
        .state()
        .basemap()
        .divisions
        .iter()
        .find(|d| d.adcode == 210213)
        .expect("金州区")
        .clone();
    assert_eq!(jinzhou.source, dalian_atlas::basemap::OFFICIAL_SOURCE);
    use geo::BoundingRect;
    let bbox = jinzhou.geometry.bounding_rect().expect("a geometry");
    for (got, want) in [
        (bbox.min().x, lon - 0.05),
        (bbox.max().x, lon + 0.05),
        (bbox.min().y, lat - 0.05),
        (bbox.max().y, lat + 0.05),
    ] {
        assert!(
            (got - want).abs() < 1e-7,
            "the boundary lands where it was drawn: {got} vs {want}"
        );
    }
    assert_eq!(
        harness.state().state().official_boundaries.as_deref(),
        Some(shp.as_path())
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A GeoPackage whose tables are in different systems: one system chosen for all cannot
/// place one of them; the dialog says so for that layer and keeps 导入 off until the
/// system fits every ticked layer (or that layer is unticked).
#[test]
fn a_system_that_cannot_place_a_ticked_layer_keeps_import_off_and_says_which() {
    let mut probe = probe();
    probe.format = Format::GeoPackage;
    probe.layers[1].first_lon_lat = None;
    probe.layers[1].crs_source = CrsSource::Chosen;
    let dialog = ImportDialog::new(ImportPurpose::Layers, probe, ReadOptions::default());
    assert!(!dialog.can_import());
    let mut harness = harness_for(dialog, Lang::Zh);
    harness.get_by_label_contains("道路 · 第一个要素无法按此坐标系换算");
    assert!(harness.get_by_label("导入").accesskit_node().is_disabled());
    // Unticking the layer the system does not fit lets the other be imported.
    harness
        .get_all_by_role(Role::CheckBox)
        .nth(1)
        .expect("道路's tick")
        .click();
    harness.run();
    assert!(harness.state().0.can_import());
}

/// Several files asked for at once are queued, not dropped: a GeoJSON, then a csv asked
/// for while the GeoJSON is still being imported. The GeoJSON's layer is added, then the
/// dialog opens on the csv; cancelling it leaves the one layer and nothing running.
#[test]
fn a_csv_asked_for_during_a_geojson_import_waits_then_gets_its_dialog() {
    let dir = temp_dir("import-queue-csv");
    let geojson = dir.join("sites.geojson");
    std::fs::write(&geojson, SITES).expect("fixture");
    let csv = dir.join("项目.csv");
    std::fs::write(&csv, "名称,经度,纬度\n甲站,121.6,39.0\n乙站,121.7,39.1\n").expect("fixture");
    let mut harness = harness_with(AtlasApp::with_state(plan(), AppState::default()));
    for path in [geojson, csv.clone()] {
        harness
            .state_mut()
            .apply(Action::Document(DocAction::ImportPath { path, gcj02: false }))
            .expect("applies");
    }
    assert!(harness.state().importing(), "the GeoJSON runs");
    assert_eq!(harness.state().queued_imports(), 1, "the csv waits");
    harness.state_mut().finish_import();
    harness.run();
    let app = harness.state();
    assert_eq!(app.document().project.user_layers.len(), 1, "the GeoJSON's layer");
    assert_eq!(app.document().project.user_layers[0].layer.name, "机房");
    let dialog = app.import_dialog().expect("the dialog opens on the csv");
    assert_eq!(dialog.probe.file, csv);
    assert_eq!(app.queued_imports(), 0);
    harness
        .state_mut()
        .apply(Action::Document(DocAction::CloseImportDialog))
        .expect("cancels");
    harness.run();
    harness.state_mut().finish_import();
    harness.run();
    let app = harness.state();
    assert_eq!(app.document().project.user_layers.len(), 1);
    assert!(app.import_dialog().is_none());
    assert!(!app.importing() && !app.probing(), "nothing runs");
    assert_eq!(app.queued_imports(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Cancelling stops the running import only: the file queued behind it is imported next.
#[test]
fn cancelling_an_import_keeps_the_files_queued_behind_it() {
    let dir = temp_dir("import-queue-cancel");
    let first = dir.join("first.geojson");
    let second = dir.join("second.geojson");
    std::fs::write(&first, SITES).expect("fixture");
    std::fs::write(&second, SITES.replace("机房", "基站")).expect("fixture");
    let mut app = AtlasApp::with_state(plan(), AppState::default());
    for path in [first, second] {
        app.apply(Action::Document(DocAction::ImportPath { path, gcj02: false }))
            .expect("applies");
    }
    assert_eq!(app.queued_imports(), 1);
    app.apply(Action::Document(DocAction::CancelImport)).expect("cancels");
    app.finish_import();
    let layers = &app.document().project.user_layers;
    assert_eq!(layers.len(), 1, "the second file only");
    assert_eq!(layers[0].layer.name, "基站");
    assert!(!app.importing());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file on the Xian 1980 datum: the dialog says in Chinese why it cannot be imported,
/// offers no system to choose and asks to untick it.
#[test]
fn a_layer_on_an_old_datum_is_explained_in_chinese_and_cannot_be_given_a_system() {
    let mut p = probe();
    p.layers.truncate(1);
    let layer = &mut p.layers[0];
    layer.info.declared_crs = Some(Err(dalian_atlas::crs::CrsError::OldDatum {
        name: "Xian_1980_3_Degree_GK_CM_120E".into(),
        datum: "Xian 1980".into(),
    }));
    layer.crs = None;
    layer.crs_source = CrsSource::Unknown;
    layer.crs_problem = Some("the coordinate system is on the Xian 1980 datum".into());
    layer.first_lon_lat = None;
    let dialog = ImportDialog::new(ImportPurpose::Layers, p, ReadOptions::default());
    assert!(!dialog.can_import());
    let harness = harness_for(dialog, Lang::Zh);
    harness.get_by_label_contains("基于西安 1980 或北京 1954 大地基准");
    harness.get_by_label_contains("Xian_1980_3_Degree_GK_CM_120E");
    harness.get_by_label("勾选的图层中有不能导入的（西安 1980/北京 1954），请取消勾选");
    assert!(harness.query_by_label_contains("未知：文件没有说明").is_none());
    assert!(
        harness
            .get_by_role_and_label(Role::ComboBox, "坐标系")
            .accesskit_node()
            .is_disabled(),
        "no system can be chosen for it"
    );
}
