#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

//! CSV/TSV and `.xlsx` point lists (issue 13): encodings (UTF-8, UTF-8 with BOM, GBK),
//! delimiters, position columns by name or chosen, WKT, numbers kept as numbers,
//! sheets, and every way a table is refused. Workbooks are made with `ogr2ogr -f XLSX`
//! from CSV; the merged header is patched into its sheet XML. Fixtures are written to a
//! fresh folder under the system temp dir.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use dalian_atlas::crs::Crs;
use dalian_atlas::io::ImportError;
use dalian_atlas::io::import::encoding::{EncodingSource, TextEncoding};
use dalian_atlas::io::import::source::{Columns, CrsSource};
use dalian_atlas::io::import::{ReadOptions, probe, read_layers};
use dalian_atlas::model::UserLayer;
use geo::Geometry;
use serde_json::{Value, json};

mod support;
use support::{TempDir, have, run};

const CSV: &str =
    "名称,经度,纬度,编号,人口,备注\n星海广场,121.5869123,38.8785456,00123,12000,\n软件园,121.52,38.86,007,3.5,园区\n";

/// WGS-84 chosen, so that nothing is guessed.
fn wgs84() -> ReadOptions {
    ReadOptions {
        crs: Some(Crs::Wgs84),
        ..ReadOptions::default()
    }
}

fn read_with(path: &Path, options: &ReadOptions) -> UserLayer {
    let mut layers = read_layers(path, options, &|_| true).unwrap();
    assert_eq!(layers.len(), 1);
    layers.remove(0)
}

fn refusal(path: &Path, options: &ReadOptions) -> String {
    match read_layers(path, options, &|_| true) {
        Ok(_) => panic!("{} was imported", path.display()),
        Err(e @ ImportError::Bad { .. }) => e.to_string(),
        Err(e) => panic!("not a Bad error: {e:?}"),
    }
}

fn point(layer: &UserLayer, i: usize) -> [f64; 2] {
    let Geometry::Point(p) = layer.features[i].geometry else {
        panic!("not a point")
    };
    [p.x(), p.y()]
}

fn assert_sites(layer: &UserLayer) {
    assert_eq!(layer.features.len(), 2);
    let p = &layer.features[0].properties;
    assert_eq!(p["名称"], json!("星海广场"));
    assert_eq!(p["人口"], json!(12000));
    assert_eq!(p["备注"], Value::Null);
    assert!(
        !p.contains_key("经度") && !p.contains_key("纬度"),
        "position columns are not properties"
    );
    assert_eq!(layer.features[1].properties["人口"], json!(3.5));
    assert_eq!(layer.features[1].properties["备注"], json!("园区"));
    assert_eq!(point(layer, 0), [121.5869123, 38.8785456]);
}

#[test]
fn a_utf8_csv_reads_as_gdal_reads_it_with_numbers_as_numbers_and_codes_as_text() {
    let dir = TempDir::new("utf8");
    let path = dir.write("站点.csv", CSV.as_bytes());
    let layer = read_with(&path, &wgs84());
    assert_eq!(layer.name, "站点");
    assert_sites(&layer);
    assert_eq!(layer.features[0].properties["编号"], json!("00123"));
    assert_eq!(layer.features[1].properties["编号"], json!("007"));
    let probe = probe(&path, &wgs84()).unwrap();
    let info = &probe.layers[0].info;
    assert_eq!(info.encoding, Some((TextEncoding::Utf8, EncodingSource::Detected)));
    assert_eq!(info.table.as_ref().unwrap().1, Some(Columns::XY { x: 1, y: 2 }));
    assert_eq!(info.table.as_ref().unwrap().0[0], "名称");
    assert_eq!(info.declared_crs, None);
    if !have("ogr2ogr") {
        return;
    }
    let out = run(
        "ogr2ogr",
        &[
            "-f",
            "GeoJSON",
            "/vsistdout/",
            path.to_str().unwrap(),
            "-oo",
            "X_POSSIBLE_NAMES=经度",
            "-oo",
            "Y_POSSIBLE_NAMES=纬度",
        ],
    );
    let gdal: Value = serde_json::from_str(&out).unwrap();
    let gdal = gdal["features"].as_array().unwrap();
    assert_eq!(gdal.len(), layer.features.len());
    for (i, g) in gdal.iter().enumerate() {
        assert_eq!(g["properties"]["名称"], layer.features[i].properties["名称"]);
        let c = &g["geometry"]["coordinates"];
        let [x, y] = point(&layer, i);
        assert!((c[0].as_f64().unwrap() - x).abs() < 1e-7 && (c[1].as_f64().unwrap() - y).abs() < 1e-7);
    }
}

#[test]
fn a_csv_with_a_bom_is_utf8_by_declaration() {
    let dir = TempDir::new("bom");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(CSV.as_bytes());
    let path = dir.write("a.csv", &bytes);
    assert_sites(&read_with(&path, &wgs84()));
    let probe = probe(&path, &wgs84()).unwrap();
    assert_eq!(
        probe.layers[0].info.encoding,
        Some((TextEncoding::Utf8, EncodingSource::Declared))
    );
}

#[test]
fn a_gbk_csv_is_detected_and_a_chosen_encoding_changes_the_names() {
    let dir = TempDir::new("gbk");
    let path = dir.write("a.csv", &TextEncoding::Gbk.encode(CSV));
    assert_sites(&read_with(&path, &wgs84()));
    let probe_detected = probe(&path, &wgs84()).unwrap();
    assert_eq!(
        probe_detected.layers[0].info.encoding,
        Some((TextEncoding::Gbk, EncodingSource::Detected))
    );
    // With a wrong encoding the header names are garbled too: the dialog passes the
    // columns it shows.
    let chosen = ReadOptions {
        encoding: Some(TextEncoding::Big5),
        columns: Some(Columns::XY { x: 1, y: 2 }),
        ..wgs84()
    };
    let probe_chosen = probe(&path, &chosen).unwrap();
    let info = &probe_chosen.layers[0].info;
    assert_eq!(info.encoding, Some((TextEncoding::Big5, EncodingSource::Chosen)));
    assert_ne!(
        info.sample[0].properties.get("名称").map(|v| v.to_value()),
        Some(json!("星海广场"))
    );
}

#[test]
fn a_tsv_and_a_semicolon_list_with_other_column_names_read_alike() {
    let dir = TempDir::new("tsv");
    let tsv = "name\tLNG\tLat\n星海广场\t121.5869123\t38.8785456\n";
    let layer = read_with(&dir.write("a.tsv", tsv.as_bytes()), &wgs84());
    assert_eq!(point(&layer, 0), [121.5869123, 38.8785456]);
    assert_eq!(layer.features[0].properties["name"], json!("星海广场"));
    let semi = "\n\nX坐标;Y坐标;名称\n121.5;38.9;a\n";
    let layer = read_with(&dir.write("b.csv", semi.as_bytes()), &wgs84());
    assert_eq!(point(&layer, 0), [121.5, 38.9]);
}

#[test]
fn a_wkt_column_gives_lines_and_polygons_and_dms_degrees_are_read() {
    let dir = TempDir::new("wkt");
    let csv = "名称,WKT\n线,\"LINESTRING (121.6 38.9, 121.62 38.91)\"\n面,\"POLYGON ((121.5 38.85, 121.56 38.85, 121.56 38.89, 121.5 38.85), (121.52 38.86, 121.53 38.86, 121.53 38.865, 121.52 38.86))\"\n";
    let layer = read_with(&dir.write("a.csv", csv.as_bytes()), &wgs84());
    assert!(matches!(layer.features[0].geometry, Geometry::LineString(_)));
    assert!(matches!(layer.features[1].geometry, Geometry::Polygon(ref p) if p.interiors().len() == 1));
    let dms = "名称,经度,纬度\n站,121°36′36″E,\"38°52'30\"\"N\"\n";
    let layer = read_with(&dir.write("b.csv", dms.as_bytes()), &wgs84());
    let [x, y] = point(&layer, 0);
    assert!((x - 121.61).abs() < 1e-12 && (y - 38.875).abs() < 1e-12);
}

#[test]
fn chosen_columns_override_the_header_names() {
    let dir = TempDir::new("columns");
    let csv = "a,b,c\n站,38.9,121.6\n";
    let path = dir.write("a.csv", csv.as_bytes());
    let options = ReadOptions {
        columns: Some(Columns::XY { x: 2, y: 1 }),
        ..wgs84()
    };
    let layer = read_with(&path, &options);
    assert_eq!(point(&layer, 0), [121.6, 38.9]);
    assert_eq!(layer.features[0].properties["a"], json!("站"));
    let options = ReadOptions {
        columns: Some(Columns::XY { x: 5, y: 1 }),
        ..wgs84()
    };
    assert!(refusal(&path, &options).contains("column 6"));
}

#[test]
fn a_table_without_position_columns_is_refused_naming_its_headers_and_the_accepted_names() {
    let dir = TempDir::new("nocols");
    let path = dir.write("a.csv", "名称,地址\n星海广场,沙河口区\n".as_bytes());
    // The dialog still sees the table, so the user can choose the columns.
    let probed = probe(&path, &ReadOptions::default()).unwrap();
    let layer = &probed.layers[0];
    assert_eq!(
        layer.info.table,
        Some((vec!["名称".to_string(), "地址".to_string()], None))
    );
    assert_eq!(layer.info.feature_count, 1);
    assert_eq!(layer.info.sample[0].properties["名称"], json!("星海广场"));
    assert!(layer.needs_confirmation());
    let e = refusal(&path, &wgs84());
    assert!(
        e.contains("名称, 地址") && e.contains("经度/纬度") && e.contains("wkt"),
        "{e}"
    );
    assert!(e.contains("row 1"), "{e}");
}

#[test]
fn an_empty_or_non_numeric_coordinate_is_refused_naming_row_column_and_value() {
    let dir = TempDir::new("badcell");
    let csv = "名称,经度,纬度\n甲,121.5,38.9\n乙,121.6,\n";
    let e = refusal(&dir.write("a.csv", csv.as_bytes()), &wgs84());
    assert!(e.contains("row 3, column 纬度") && e.contains("empty"), "{e}");
    let csv = "名称,经度,纬度\n甲,121.5,38.9\n乙,东经121,38.9\n";
    let e = refusal(&dir.write("b.csv", csv.as_bytes()), &wgs84());
    assert!(e.contains("row 3, column 经度") && e.contains("东经121"), "{e}");
    let csv = "名称,wkt\n甲,POINT (1)\n";
    let e = refusal(&dir.write("c.csv", csv.as_bytes()), &wgs84());
    assert!(e.contains("row 2, column wkt") && e.contains("POINT (1)"), "{e}");
}

#[test]
fn longitudes_and_latitudes_near_dalian_are_guessed_cgcs2000_and_must_be_confirmed() {
    let dir = TempDir::new("guess");
    let probe = probe(&dir.write("a.csv", CSV.as_bytes()), &ReadOptions::default()).unwrap();
    let l = &probe.layers[0];
    assert_eq!(l.crs, Some(Crs::Cgcs2000));
    assert!(matches!(l.crs_source, CrsSource::Guessed(_)));
    assert!(l.needs_confirmation());
}

#[test]
fn a_chosen_system_is_used_without_confirmation() {
    let dir = TempDir::new("chosen");
    let probe = probe(&dir.write("a.csv", CSV.as_bytes()), &wgs84()).unwrap();
    assert_eq!(probe.layers[0].crs_source, CrsSource::Chosen);
    assert_eq!(probe.layers[0].first_lon_lat, Some([121.5869123, 38.8785456]));
}

/// An `.xlsx` made by ogr2ogr from `csv` (types detected), plus a second sheet.
fn xlsx(dir: &TempDir, name: &str, csv: &str) -> PathBuf {
    let csv_path = dir.write("sites.csv", csv.as_bytes());
    let other = dir.write("other.csv", b"a,b\n1,2\n");
    let out = dir.path(name);
    run(
        "ogr2ogr",
        &[
            "-f",
            "XLSX",
            out.to_str().unwrap(),
            csv_path.to_str().unwrap(),
            "-oo",
            "AUTODETECT_TYPE=YES",
            "-nln",
            "站点",
        ],
    );
    run(
        "ogr2ogr",
        &[
            "-f",
            "XLSX",
            "-update",
            out.to_str().unwrap(),
            other.to_str().unwrap(),
            "-nln",
            "说明",
        ],
    );
    out
}

#[test]
fn an_xlsx_reads_its_first_sheet_with_a_header_and_reports_every_sheet() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("xlsx");
    let path = xlsx(&dir, "规划.xlsx", CSV);
    let probe = probe(&path, &wgs84()).unwrap();
    assert_eq!(probe.sheets, ["站点", "说明"]);
    assert_eq!(probe.layers[0].info.encoding, None);
    let layer = read_with(&path, &wgs84());
    assert_eq!(layer.name, "规划 – 站点");
    assert_sites(&layer);
    let other = ReadOptions {
        sheet: Some("说明".to_string()),
        ..wgs84()
    };
    let e = refusal(&path, &other);
    assert!(e.contains("sheet 说明") && e.contains("a, b"), "{e}");
    let missing = ReadOptions {
        sheet: Some("无".to_string()),
        ..wgs84()
    };
    assert!(refusal(&path, &missing).contains("站点, 说明"));
}

#[test]
fn a_bad_xlsx_cell_is_named_by_sheet_row_and_column_letter() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("xlsx-bad");
    let csv = "名称,经度,纬度\n甲,121.5,38.9\n乙,121.6,三十八\n";
    let e = refusal(&xlsx(&dir, "a.xlsx", csv), &wgs84());
    assert!(
        e.contains("sheet 站点, row 3, column 纬度 (C)") && e.contains("三十八"),
        "{e}"
    );
}

/// `path` with `<mergeCells>` for `range` added to its first sheet.
fn merge_header(path: &Path, range: &str) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(data).unwrap().replace(
                "</sheetData>",
                &format!("</sheetData><mergeCells count=\"1\"><mergeCell ref=\"{range}\"/></mergeCells>"),
            );
            data = text.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn an_xlsx_with_merged_header_cells_is_refused_naming_the_sheet_and_cells() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("merged");
    let path = xlsx(&dir, "a.xlsx", CSV);
    merge_header(&path, "B1:C1");
    let e = refusal(&path, &wgs84());
    assert!(
        e.contains("sheet 站点") && e.contains("B1:C1") && e.contains("merged"),
        "{e}"
    );
}

#[test]
fn a_damaged_xlsx_or_csv_is_refused_or_read_but_never_panics() {
    let dir = TempDir::new("damaged");
    let e = refusal(&dir.write("a.xlsx", b"not a workbook"), &wgs84());
    assert!(e.contains("xlsx"), "{e}");
    let csv = CSV.as_bytes();
    for cut in 0..csv.len() {
        let _ = read_layers(&dir.write("cut.csv", &csv[..cut]), &wgs84(), &|_| true);
    }
    if !have("ogr2ogr") {
        return;
    }
    let bytes = std::fs::read(xlsx(&dir, "b.xlsx", CSV)).unwrap();
    for cut in (0..bytes.len()).step_by(97) {
        let path = dir.write("cut.xlsx", &bytes[..cut]);
        assert!(read_layers(&path, &wgs84(), &|_| true).is_err(), "cut at {cut}");
        let mut flipped = bytes.clone();
        flipped[cut] ^= 0xff;
        let _ = read_layers(&dir.write("flip.xlsx", &flipped), &wgs84(), &|_| true);
    }
}

#[test]
fn a_workbook_unpacking_beyond_the_limit_is_refused_before_unpacking() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("xlsx-limit");
    let path = xlsx(&dir, "a.xlsx", CSV);
    let len = std::fs::metadata(&path).unwrap().len();
    let options = ReadOptions {
        max_bytes: len + 1,
        ..wgs84()
    };
    let e = read_layers(&path, &options, &|_| true).unwrap_err();
    assert!(matches!(e, ImportError::TooLarge { .. }), "{e:?}");
    let options = ReadOptions {
        max_bytes: len - 1,
        ..wgs84()
    };
    assert!(matches!(
        read_layers(&path, &options, &|_| true),
        Err(ImportError::TooLarge { .. })
    ));
}
