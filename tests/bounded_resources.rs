#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

//! Hostile files are refused or read in bounded time and memory, with a message naming
//! the file and the reason (issue 17): a 200 MB string, ten million features, geometry
//! collections nested without end, a number of a million digits, zip bombs (KMZ, xlsx),
//! a shapefile claiming 2³¹ records, a `.dbf` whose record length disagrees with its
//! fields, an `.xlsx` with a million empty rows, and a cancelled import. Every input is
//! made by the test, streamed to a temporary file.

mod common;
mod support;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dalian_atlas::io::import::{DEFAULT_MAX_FEATURES, ImportError, ImportOptions, ReadOptions, probe, read_layers};
use dalian_atlas::io::import_geojson;
use support::TempDir;

/// Generous: the inputs below take well under a second each in a debug build; a
/// reader that went quadratic or hung would take minutes.
const PATIENCE: Duration = Duration::from_secs(30);

/// The most memory this process has held (VmHWM), in bytes.
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

/// Streams `parts` into `name` in `dir` (a part repeated `n` times is `(text, n)`).
fn stream(dir: &TempDir, name: &str, parts: &[(&[u8], usize)]) -> PathBuf {
    let path = dir.path(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for (bytes, n) in parts {
        for _ in 0..*n {
            f.write_all(bytes).unwrap();
        }
    }
    f.flush().unwrap();
    path
}

fn timed<T>(f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < PATIENCE, "took {:?}", start.elapsed());
    out
}

/// Decided: a long string is not refused for its length (a planner's text or a WKT
/// blob may be long); the file's size limit ([`ImportOptions::max_bytes`], 1 GiB) bounds
/// it, and the memory taken is a small multiple of the file (the bytes read, and the
/// string kept), never more.
#[test]
fn a_geojson_with_one_200_mb_string_property_is_read_in_memory_bounded_by_the_file() {
    let dir = TempDir::new("long-string");
    let chunk = [b'a'; 1 << 20];
    let path = stream(
        &dir,
        "long.geojson",
        &[
            (
                br#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"note":""#,
                1,
            ),
            (&chunk, 200),
            (br#""},"geometry":{"type":"Point","coordinates":[121.6,38.9]}}]}"#, 1),
        ],
    );
    let layer = timed(|| import_geojson(&path, &ImportOptions::default(), &|_| true)).expect("imports");
    let note = layer.features[0].properties["note"].as_str().unwrap();
    assert_eq!(note.len(), 200 << 20);
    drop(layer);
    let peak = peak_memory();
    assert!(peak < 1_500 << 20, "peak memory {} MB for a 200 MB file", peak >> 20);
    // Over the limit it is refused before anything is read.
    let small = ImportOptions {
        max_bytes: 100 << 20,
        ..ImportOptions::default()
    };
    let e = import_geojson(&path, &small, &|_| true).expect_err("over the limit");
    assert!(
        matches!(e, ImportError::TooLarge { .. }) && e.to_string().contains("long.geojson"),
        "{e}"
    );
}

/// Ten million tiny features are some 600 MB of GeoJSON and gigabytes once read: the
/// feature limit refuses them. Checked with a lowered limit on a small file (a 600 MB
/// file would take minutes in a debug build); the default limit is below ten million.
#[test]
fn a_collection_over_the_feature_limit_is_refused_naming_the_limit() {
    const { assert!(DEFAULT_MAX_FEATURES < 10_000_000) };
    assert_eq!(ImportOptions::default().max_features, DEFAULT_MAX_FEATURES);
    let dir = TempDir::new("many");
    let feature: &[u8] =
        br#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121.6,38.9]}},"#;
    let path = stream(
        &dir,
        "many.geojson",
        &[
            (br#"{"type":"FeatureCollection","features":["#, 1),
            (feature, 100_000),
            (br#"{"type":"Feature","properties":{},"geometry":null}]}"#, 1),
        ],
    );
    let options = ImportOptions {
        max_features: 50_000,
        ..ImportOptions::default()
    };
    let e = timed(|| import_geojson(&path, &options, &|_| true)).expect_err("too many");
    let msg = e.to_string();
    assert!(
        msg.contains("many.geojson") && msg.contains("more than 50000 features"),
        "{msg}"
    );
    let all = import_geojson(&path, &ImportOptions::default(), &|_| true).expect("under the default limit");
    assert_eq!(all.features.len(), 100_001);
}

#[test]
fn geometry_collections_nested_without_end_are_refused_without_overflowing_the_stack() {
    let dir = TempDir::new("nested");
    let depth = 100_000;
    let path = stream(
        &dir,
        "nested.geojson",
        &[
            (br#"{"type":"Feature","properties":{},"geometry":"#, 1),
            (br#"{"type":"GeometryCollection","geometries":["#, depth),
            (br#"{"type":"Point","coordinates":[121.6,38.9]}"#, 1),
            (b"]}", depth),
            (b"}", 1),
        ],
    );
    let e = timed(|| import_geojson(&path, &ImportOptions::default(), &|_| true)).expect_err("too deep");
    let msg = e.to_string();
    assert!(
        msg.contains("nested.geojson") && msg.contains("nested too deep"),
        "{msg}"
    );
}

#[test]
fn a_number_of_a_million_digits_is_read_in_bounded_time_and_refused_if_out_of_range() {
    let dir = TempDir::new("digits");
    let path = stream(
        &dir,
        "digits.geojson",
        &[
            (
                br#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1"#,
                1,
            ),
            (b"0", 1_000_000),
            (b",38.9]}}", 1),
        ],
    );
    let e = timed(|| import_geojson(&path, &ImportOptions::default(), &|_| true)).expect_err("out of range");
    let msg = e.to_string();
    assert!(msg.contains("digits.geojson") && msg.contains("out of range"), "{msg}");
    // A million digits after the point: an ordinary number in the end.
    let path = stream(
        &dir,
        "decimals.geojson",
        &[
            (br#"{"type":"Feature","properties":{"v":0."#, 1),
            (b"3", 1_000_000),
            (br#"},"geometry":{"type":"Point","coordinates":[121.6,38.9]}}"#, 1),
        ],
    );
    let layer = timed(|| import_geojson(&path, &ImportOptions::default(), &|_| true)).expect("imports");
    let v = layer.features[0].properties["v"].as_f64().unwrap();
    assert!((v - 1.0 / 3.0).abs() < 1e-12, "{v}");
}

/// A stored zip of one member whose central directory declares `declared` bytes
/// unpacked (a zip bomb's claim, without writing the bomb).
fn lying_zip(path: &Path, name: &str, data: &[u8], declared: u32) {
    let mut crc = !0u32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let crc = !crc;
    let head = |sig: u32, central: bool| {
        let mut h = Vec::new();
        h.extend_from_slice(&sig.to_le_bytes());
        if central {
            h.extend_from_slice(&20u16.to_le_bytes());
        }
        h.extend_from_slice(&20u16.to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes()); // stored
        h.extend_from_slice(&[0, 0, 0x21, 0]);
        h.extend_from_slice(&crc.to_le_bytes());
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&declared.to_le_bytes());
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes());
        if central {
            h.extend_from_slice(&[0; 10]); // comment length, disk, attributes, offset 0
        }
        h.extend_from_slice(name.as_bytes());
        h
    };
    let mut out = head(0x0403_4b50, false);
    out.extend_from_slice(data);
    let central = head(0x0201_4b50, true);
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    std::fs::write(path, out).unwrap();
}

fn wgs84() -> ReadOptions {
    ReadOptions {
        crs: Some(dalian_atlas::crs::Crs::Wgs84),
        ..ReadOptions::default()
    }
}

#[test]
fn a_kmz_or_xlsx_declaring_an_absurd_unpacked_size_is_refused_at_the_import_door() {
    let dir = TempDir::new("bomb");
    let kml = br#"<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>"#;
    for (name, member) in [("bomb.kmz", "doc.kml"), ("bomb.xlsx", "xl/workbook.xml")] {
        let path = dir.path(name);
        lying_zip(&path, member, kml, 4_000_000_000);
        for e in [
            probe(&path, &wgs84()).expect_err("a bomb"),
            read_layers(&path, &wgs84(), &|_| true).expect_err("a bomb"),
        ] {
            let msg = e.to_string();
            assert!(msg.contains(name) && msg.contains("refused before unpacking"), "{msg}");
        }
    }
}

/// A shapefile of one point at (121.6, 38.9) with one character field `name`: the
/// `.shp`, `.shx` and `.dbf` bytes.
fn one_point_shapefile() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    fn header(len_bytes: usize) -> Vec<u8> {
        let mut h = vec![0u8; 100];
        h[0..4].copy_from_slice(&9994u32.to_be_bytes());
        h[24..28].copy_from_slice(&((len_bytes / 2) as u32).to_be_bytes());
        h[28..32].copy_from_slice(&1000u32.to_le_bytes());
        h[32..36].copy_from_slice(&1u32.to_le_bytes()); // points
        for (k, v) in [121.6f64, 38.9, 121.6, 38.9].iter().enumerate() {
            h[36 + 8 * k..44 + 8 * k].copy_from_slice(&v.to_le_bytes());
        }
        h
    }
    let mut shp = header(100 + 28);
    shp.extend_from_slice(&1u32.to_be_bytes());
    shp.extend_from_slice(&10u32.to_be_bytes());
    shp.extend_from_slice(&1u32.to_le_bytes());
    shp.extend_from_slice(&121.6f64.to_le_bytes());
    shp.extend_from_slice(&38.9f64.to_le_bytes());
    let mut shx = header(100 + 8);
    shx.extend_from_slice(&50u32.to_be_bytes());
    shx.extend_from_slice(&10u32.to_be_bytes());
    let mut dbf = vec![0u8; 32];
    dbf[0] = 3;
    dbf[4..8].copy_from_slice(&1u32.to_le_bytes());
    dbf[8..10].copy_from_slice(&65u16.to_le_bytes()); // 32 + one field + terminator
    dbf[10..12].copy_from_slice(&11u16.to_le_bytes()); // deletion flag + 10 characters
    let mut field = [0u8; 32];
    field[..4].copy_from_slice(b"name");
    field[11] = b'C';
    field[16] = 10;
    dbf.extend_from_slice(&field);
    dbf.push(0x0d);
    dbf.extend_from_slice(b" dalian    ");
    dbf.push(0x1a);
    (shp, shx, dbf)
}

fn write_shapefile(dir: &TempDir, stem: &str, (shp, shx, dbf): (Vec<u8>, Vec<u8>, Vec<u8>)) -> PathBuf {
    dir.write(&format!("{stem}.shx"), &shx);
    dir.write(&format!("{stem}.dbf"), &dbf);
    dir.write(&format!("{stem}.shp"), &shp)
}

#[test]
fn a_shapefile_claiming_two_to_the_31_records_is_refused_before_allocating() {
    let dir = TempDir::new("shp-count");
    let good = write_shapefile(&dir, "good", one_point_shapefile());
    let layers = read_layers(&good, &wgs84(), &|_| true).expect("the fixture reads");
    assert_eq!(layers[0].features.len(), 1);
    assert_eq!(layers[0].features[0].properties["name"], "dalian");

    // The .dbf claims 2³¹ records.
    let (shp, shx, mut dbf) = one_point_shapefile();
    dbf[4..8].copy_from_slice(&(1u32 << 31).to_le_bytes());
    let path = write_shapefile(&dir, "dbf-claims", (shp, shx, dbf));
    let e = timed(|| read_layers(&path, &wgs84(), &|_| true)).expect_err("refused");
    assert!(
        e.to_string().contains("dbf-claims.dbf") && e.to_string().contains("2147483648 records"),
        "{e}"
    );

    // The .shx and .shp headers claim a file of 2³¹ records (16 GB).
    let (mut shp, mut shx, dbf) = one_point_shapefile();
    let words = (50u64 + 4 * (1u64 << 31)).min(u64::from(u32::MAX)) as u32;
    shx[24..28].copy_from_slice(&words.to_be_bytes());
    shp[24..28].copy_from_slice(&words.to_be_bytes());
    let path = write_shapefile(&dir, "shx-claims", (shp, shx, dbf));
    let e = timed(|| read_layers(&path, &wgs84(), &|_| true)).expect_err("refused");
    assert!(
        e.to_string().contains("shx-claims") && e.to_string().contains("truncated"),
        "{e}"
    );
}

#[test]
fn a_dbf_whose_record_length_disagrees_with_its_fields_is_refused() {
    let dir = TempDir::new("dbf-length");
    // Shorter than its fields: 5 bytes for a 10-character field.
    let (shp, shx, mut dbf) = one_point_shapefile();
    dbf[10..12].copy_from_slice(&5u16.to_le_bytes());
    let path = write_shapefile(&dir, "short", (shp, shx, dbf));
    let e = read_layers(&path, &wgs84(), &|_| true).expect_err("refused");
    assert!(
        e.to_string().contains("short.dbf") && e.to_string().contains("a record holds only 5"),
        "{e}"
    );
    // Longer than the file: the declared record does not fit.
    let (shp, shx, mut dbf) = one_point_shapefile();
    dbf[10..12].copy_from_slice(&60_000u16.to_le_bytes());
    let path = write_shapefile(&dir, "long", (shp, shx, dbf));
    let e = read_layers(&path, &wgs84(), &|_| true).expect_err("refused");
    assert!(
        e.to_string().contains("long.dbf") && e.to_string().contains("truncated"),
        "{e}"
    );
}

/// Rows 5 to 1 000 000 hold only formatted blank cells; a last point follows them.
#[test]
fn an_xlsx_with_a_million_empty_rows_is_read_in_bounded_time() {
    let dir = TempDir::new("xlsx-rows");
    let path = dir.path("rows.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["经度", "纬度", "名称"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..4u32 {
        sheet.write_number(r, 0, 121.6).unwrap();
        sheet.write_number(r, 1, 38.9 + f64::from(r) * 0.01).unwrap();
        sheet.write_string(r, 2, format!("站点{r}")).unwrap();
    }
    let grey = rust_xlsxwriter::Format::new().set_background_color(0xDDDDDD);
    for r in 4..1_000_000u32 {
        sheet.write_blank(r, 0, &grey).unwrap();
    }
    sheet.write_number(1_000_000, 0, 121.7).unwrap();
    sheet.write_number(1_000_000, 1, 39.0).unwrap();
    sheet.write_string(1_000_000, 2, "最后").unwrap();
    book.save(&path).unwrap();
    let layers = timed(|| read_layers(&path, &wgs84(), &|_| true)).expect("reads");
    assert_eq!(layers[0].features.len(), 4);
    assert_eq!(layers[0].features[3].properties["名称"], "最后");
}

/// A cancelled import adds no layer, changes nothing, and leaves nothing running.
#[test]
fn a_cancelled_import_leaves_nothing_behind() {
    use dalian_atlas::action::{Action, DocAction};
    let dir = TempDir::new("cancel");
    let feature: &[u8] =
        br#"{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[121.6,38.9]}},"#;
    let path = stream(
        &dir,
        "big.geojson",
        &[
            (br#"{"type":"FeatureCollection","features":["#, 1),
            (feature, 300_000),
            (br#"{"type":"Feature","properties":{},"geometry":null}]}"#, 1),
        ],
    );
    let app = dalian_atlas::app::AtlasApp::with_state(common::plan(), dalian_atlas::state::AppState::default());
    let mut harness = common::harness_with(app);
    let app = harness.state_mut();
    app.apply(Action::Document(DocAction::ImportPath { path, gcj02: false }))
        .expect("starts");
    assert!(app.importing());
    app.apply(Action::Document(DocAction::CancelImport)).expect("cancels");
    // Give a file read in full just before the cancel every chance to sneak in.
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        harness.run();
        std::thread::sleep(Duration::from_millis(50));
    }
    let app = harness.state();
    assert!(!app.importing(), "nothing runs");
    assert!(app.document().project.user_layers.is_empty(), "no layer added");
    assert!(
        !app.document().is_dirty() && !app.document().history.can_undo(),
        "nothing to undo"
    );
    assert!(
        app.state().problem.is_none(),
        "a cancel the user asked for is no problem"
    );
    let notice = app.state().notice.clone().expect("a message");
    assert!(
        notice.contains("big.geojson") && notice.contains("cancelled"),
        "{notice}"
    );
}

/// A point table in A1:C2 of a new workbook at `path`, plus whatever `more` writes.
fn workbook(path: &Path, more: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["经度", "纬度", "名称"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 121.6).unwrap();
    sheet.write_number(1, 1, 38.9).unwrap();
    sheet.write_string(1, 2, "站点").unwrap();
    more(sheet);
    book.save(path).unwrap();
}

/// A stray cell in XFD1048576 would make the sheet's range 17 billion cells: only the
/// filled rows are kept; many rows reaching column XFD are refused naming the limit.
#[test]
fn stray_cells_far_from_an_xlsx_table_take_no_memory_and_too_many_are_refused() {
    let dir = TempDir::new("xlsx-far");
    let path = dir.path("far.xlsx");
    workbook(&path, |sheet| {
        sheet.write_string(1_048_575, 16_383, "?").unwrap();
    });
    let e = timed(|| read_layers(&path, &wgs84(), &|_| true)).expect_err("the far row has no position");
    assert!(
        e.to_string().contains("far.xlsx") && e.to_string().contains("1048576"),
        "{e}"
    );

    let path = dir.path("wide.xlsx");
    workbook(&path, |sheet| {
        for r in 2..1_000u32 {
            sheet.write_string(r, 16_383, "?").unwrap();
        }
    });
    let e = timed(|| read_layers(&path, &wgs84(), &|_| true)).expect_err("refused");
    assert!(
        e.to_string().contains("wide.xlsx") && e.to_string().contains("more than 10000000 cells"),
        "{e}"
    );
}
