#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

//! KML and KMZ (issue 13): the reader checked against GDAL's reading of the same file
//! (counts, names, coordinates within 1e-7°), properties from folders, ExtendedData and
//! styles, every way a file is refused, and the writer read back by the reader and by
//! `ogrinfo`. Fixtures are written to a fresh folder under the system temp dir.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use dalian_atlas::io::ImportError;
use dalian_atlas::io::export::kml::save_kml;
use dalian_atlas::io::import::source::CrsSource;
use dalian_atlas::io::import::{ReadOptions, probe, read_layers};
use dalian_atlas::model::UserLayer;
use dalian_atlas::model::export::{ExportFeature, ExportLayer};
use geo::{CoordsIter, Geometry};
use serde_json::{Value, json};

mod support;
use support::{TempDir, have, run};

const FIXTURE: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document>
  <name>大连站点</name>
  <Style id="red"><LineStyle><color>ff0000ff</color><width>3</width></LineStyle><PolyStyle><color>7f00ff00</color></PolyStyle></Style>
  <Style id="pin"><IconStyle><color>ffff0000</color></IconStyle></Style>
  <StyleMap id="pinmap"><Pair><key>normal</key><styleUrl>#pin</styleUrl></Pair><Pair><key>highlight</key><styleUrl>#red</styleUrl></Pair></StyleMap>
  <Schema name="info" id="info"><SimpleField name="人口" type="int"/></Schema>
  <Placemark id="p1">
    <name>星海广场</name>
    <description><![CDATA[<b>大连</b> 广场]]></description>
    <styleUrl>#pinmap</styleUrl>
    <ExtendedData><Data name="编号"><value>00123</value></Data><Data name="面积"><value>176</value></Data><Data name="评分"><value>4.5</value></Data></ExtendedData>
    <Point><coordinates>121.5869123,38.8785456,0</coordinates></Point>
  </Placemark>
  <Folder>
    <name>产业园区</name>
    <Folder>
      <name>高新区</name>
      <Placemark>
        <name>软件园</name>
        <styleUrl>#red</styleUrl>
        <ExtendedData><SchemaData schemaUrl="#info"><SimpleData name="人口">12000</SimpleData></SchemaData></ExtendedData>
        <Polygon><outerBoundaryIs><LinearRing><coordinates>
          121.50,38.85 121.56,38.85 121.56,38.89 121.50,38.89 121.50,38.85
        </coordinates></LinearRing></outerBoundaryIs>
        <innerBoundaryIs><LinearRing><coordinates>121.52,38.86 121.53,38.86 121.53,38.87 121.52,38.86</coordinates></LinearRing></innerBoundaryIs>
        </Polygon>
      </Placemark>
    </Folder>
    <Placemark>
      <name>地铁线 &amp; 支线</name>
      <Style><LineStyle><color>80ff8000</color><width>2.5</width></LineStyle></Style>
      <MultiGeometry>
        <LineString><coordinates>121.60,38.90 121.62,38.91</coordinates></LineString>
        <LineString><coordinates>121.63,38.92 121.64,38.93 121.65,38.935</coordinates></LineString>
      </MultiGeometry>
    </Placemark>
    <Placemark>
      <name>混合</name>
      <MultiGeometry>
        <Point><coordinates>121.7,38.95</coordinates></Point>
        <LineString><coordinates>121.71,38.96 121.72,38.97</coordinates></LineString>
      </MultiGeometry>
    </Placemark>
  </Folder>
</Document>
</kml>
"##;

fn read(path: &Path) -> UserLayer {
    let mut layers = read_layers(path, &ReadOptions::default(), &|_| true).unwrap();
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

fn feature<'a>(layer: &'a UserLayer, name: &str) -> &'a dalian_atlas::model::UserFeature {
    layer
        .features
        .iter()
        .find(|f| f.properties.get("name").map(|v| v.to_value()) == Some(json!(name)))
        .unwrap_or_else(|| panic!("no feature named {name}"))
}

/// Every feature GDAL reads from `path` (all its layers), as GeoJSON values.
fn gdal_features(dir: &TempDir, path: &Path) -> Vec<Value> {
    let info = run("ogrinfo", &["-ro", path.to_str().unwrap()]);
    let mut out = Vec::new();
    for (i, line) in info.lines().enumerate() {
        let Some((number, rest)) = line.split_once(": ") else {
            continue;
        };
        if number.trim().parse::<usize>().is_err() {
            continue;
        }
        let layer = rest.rsplit_once(" (").map_or(rest, |(name, _)| name).trim();
        let json_path = dir.path(&format!("gdal-{i}.geojson"));
        run(
            "ogr2ogr",
            &[
                "-f",
                "GeoJSON",
                "-lco",
                "RFC7946=NO",
                json_path.to_str().unwrap(),
                path.to_str().unwrap(),
                layer,
            ],
        );
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
        out.extend(value["features"].as_array().unwrap().iter().cloned());
    }
    out
}

/// Every position of a GeoJSON geometry value, in order.
fn positions(geometry: &Value, out: &mut Vec<[f64; 2]>) {
    match geometry.get("coordinates") {
        Some(c) => flatten(c, out),
        None => {
            for g in geometry["geometries"].as_array().into_iter().flatten() {
                positions(g, out);
            }
        }
    }
}

fn flatten(c: &Value, out: &mut Vec<[f64; 2]>) {
    let items = c.as_array().unwrap();
    if items.first().is_some_and(Value::is_number) {
        out.push([items[0].as_f64().unwrap(), items[1].as_f64().unwrap()]);
    } else {
        for item in items {
            flatten(item, out);
        }
    }
}

#[test]
fn a_kml_reads_as_gdal_reads_it_names_types_and_coordinates() {
    let dir = TempDir::new("gdal");
    let path = dir.write("站点.kml", FIXTURE.as_bytes());
    let layer = read(&path);
    assert_eq!(layer.name, "大连站点");
    if !have("ogr2ogr") {
        return;
    }
    let gdal = gdal_features(&dir, &path);
    assert_eq!(layer.features.len(), gdal.len());
    for g in &gdal {
        let name = g["properties"]["Name"].as_str().unwrap();
        let ours = feature(&layer, name);
        assert_eq!(ours.geometry_type(), g["geometry"]["type"].as_str(), "{name}");
        let mut theirs = Vec::new();
        positions(&g["geometry"], &mut theirs);
        let mine: Vec<[f64; 2]> = ours.geometry.coords_iter().map(|c| [c.x, c.y]).collect();
        assert_eq!(mine.len(), theirs.len(), "{name}");
        for (a, b) in mine.iter().zip(&theirs) {
            assert!(
                (a[0] - b[0]).abs() < 1e-7 && (a[1] - b[1]).abs() < 1e-7,
                "{name}: {a:?} vs {b:?}"
            );
        }
        if let Some(d) = g["properties"]["description"].as_str() {
            assert_eq!(ours.properties["description"], json!(d));
        }
        if let Some(p) = g["properties"].get("人口") {
            assert_eq!(&ours.properties["人口"], p);
        }
    }
}

#[test]
fn folders_extended_data_and_styles_become_properties() {
    let dir = TempDir::new("props");
    let path = dir.write("站点.kml", FIXTURE.as_bytes());
    let layer = read(&path);
    let square = feature(&layer, "星海广场");
    assert_eq!(square.id, Some(json!("p1")));
    assert_eq!(square.properties["description"], json!("<b>大连</b> 广场"));
    assert_eq!(square.properties["编号"], json!("00123"), "leading zeros stay text");
    assert_eq!(square.properties["面积"], json!(176));
    assert_eq!(square.properties["评分"], json!(4.5));
    assert_eq!(
        square.properties["marker-color"],
        json!("#0000ff"),
        "StyleMap normal → IconStyle"
    );
    assert!(!square.properties.contains_key("folder"));
    let park = feature(&layer, "软件园");
    assert_eq!(park.properties["folder"], json!("产业园区 / 高新区"));
    assert_eq!(park.properties["人口"], json!(12000));
    assert_eq!(park.properties["stroke"], json!("#ff0000"));
    assert_eq!(park.properties["stroke-width"], json!(3));
    assert_eq!(park.properties["fill"], json!("#00ff00"));
    assert_eq!(park.properties["fill-opacity"], json!(0.498));
    let metro = feature(&layer, "地铁线 & 支线");
    assert_eq!(metro.properties["folder"], json!("产业园区"));
    assert_eq!(metro.properties["stroke"], json!("#0080ff"), "inline Style");
    assert_eq!(metro.properties["stroke-opacity"], json!(0.502));
    assert_eq!(metro.properties["stroke-width"], json!(2.5));
}

#[test]
fn a_polygon_keeps_its_hole_and_multigeometry_becomes_multi_or_a_collection() {
    let dir = TempDir::new("geom");
    let layer = read(&dir.write("a.kml", FIXTURE.as_bytes()));
    let Geometry::Polygon(p) = &feature(&layer, "软件园").geometry else {
        panic!("not a polygon")
    };
    assert_eq!(p.interiors().len(), 1);
    assert!(matches!(feature(&layer, "地铁线 & 支线").geometry, Geometry::MultiLineString(ref m) if m.0.len() == 2));
    assert!(matches!(feature(&layer, "混合").geometry, Geometry::GeometryCollection(ref c) if c.0.len() == 2));
}

#[test]
fn kml_is_wgs84_by_the_format_and_a_layer_without_document_name_takes_the_file_stem() {
    let dir = TempDir::new("probe");
    let text = r#"<kml><Placemark><name>a</name><Point><coordinates>121.6,38.9</coordinates></Point></Placemark>
        <Placemark><gx:Track xmlns:gx="x"><gx:coord>121.6 38.9 0</gx:coord><gx:coord>121.7 38.95 0</gx:coord></gx:Track></Placemark></kml>"#;
    let path = dir.write("我的标注.kml", text.as_bytes());
    let probe = probe(&path, &ReadOptions::default()).unwrap();
    assert_eq!(probe.layers.len(), 1);
    let l = &probe.layers[0];
    assert_eq!(l.info.name, "我的标注");
    assert_eq!(l.info.feature_count, 2);
    assert_eq!(l.info.geometry_type, "mixed");
    assert_eq!(l.crs_source, CrsSource::Format);
    assert!(!l.needs_confirmation());
    assert!(matches!(read(&path).features[1].geometry, Geometry::LineString(ref t) if t.0.len() == 2));
}

fn kmz(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_kmz_is_read_from_its_doc_kml() {
    let dir = TempDir::new("kmz");
    let bytes = kmz(&[("files/icon.png", b"png"), ("doc.kml", FIXTURE.as_bytes())]);
    let layer = read(&dir.write("a.kmz", &bytes));
    assert_eq!(layer.features.len(), 4);
    let other = kmz(&[("sites/其他.KML", FIXTURE.as_bytes())]);
    assert_eq!(read(&dir.write("b.kmz", &other)).features.len(), 4);
}

#[test]
fn a_kmz_without_kml_or_not_a_zip_is_refused_saying_why() {
    let dir = TempDir::new("kmz-bad");
    let e = refusal(
        &dir.write("a.kmz", &kmz(&[("readme.txt", b"hi")])),
        &ReadOptions::default(),
    );
    assert!(e.contains("no .kml") && e.contains("readme.txt"), "{e}");
    let e = refusal(&dir.write("b.kmz", FIXTURE.as_bytes()), &ReadOptions::default());
    assert!(e.contains("zip"), "{e}");
}

#[test]
fn a_kmz_unpacking_beyond_the_limit_is_refused_before_unpacking() {
    let dir = TempDir::new("kmz-bomb");
    let mut big = FIXTURE.replace("</kml>", "");
    big.push_str(&" ".repeat(4 << 20));
    big.push_str("</kml>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("doc.kml", options).unwrap();
    zip.write_all(big.as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 100_000);
    let path = dir.write("bomb.kmz", &bytes);
    let options = ReadOptions {
        max_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    let e = read_layers(&path, &options, &|_| true).unwrap_err();
    assert!(matches!(e, ImportError::TooLarge { .. }), "{e:?}");
    assert!(e.to_string().contains("doc.kml"), "{e}");
    assert_eq!(read(&path).features.len(), 4, "within the default limit it reads");
}

#[test]
fn a_file_that_is_not_kml_is_refused_naming_its_root_or_the_xml_error() {
    let dir = TempDir::new("notkml");
    let e = refusal(&dir.write("a.kml", b"<gpx><wpt/></gpx>"), &ReadOptions::default());
    assert!(e.contains("<gpx>"), "{e}");
    let e = refusal(&dir.write("b.kml", b"hello, world"), &ReadOptions::default());
    assert!(e.contains("not KML"), "{e}");
    let e = refusal(
        &dir.write("c.kml", b"<kml><Document><name>x</name></Document></kml>"),
        &ReadOptions::default(),
    );
    assert!(e.contains("no Placemark"), "{e}");
    let e = refusal(&dir.write("d.kml", b"<kml><Document>"), &ReadOptions::default());
    assert!(e.contains("not well-formed"), "{e}");
}

#[test]
fn malformed_coordinates_name_the_placemark_by_index_and_name() {
    let dir = TempDir::new("coords");
    let text = FIXTURE.replace("121.7,38.95", "121.7;38.95");
    let e = refusal(&dir.write("a.kml", text.as_bytes()), &ReadOptions::default());
    assert!(
        e.contains("Placemark 4") && e.contains("混合") && e.contains("121.7;38.95"),
        "{e}"
    );
    let text = FIXTURE.replace("121.60,38.90 121.62", "121.60, 38.90 121.62");
    let layer = read(&dir.write("spaces.kml", text.as_bytes()));
    assert_eq!(
        feature(&layer, "地铁线 & 支线").geometry.coords_iter().count(),
        5,
        "spaces after commas are tolerated"
    );
    let text = FIXTURE.replace("<coordinates>121.5869123,38.8785456,0</coordinates>", "");
    let e = refusal(&dir.write("b.kml", text.as_bytes()), &ReadOptions::default());
    assert!(e.contains("Placemark 1") && e.contains("without coordinates"), "{e}");
}

#[test]
fn a_corrupted_kml_or_kmz_is_refused_at_any_offset_and_never_panics() {
    let dir = TempDir::new("corrupt");
    let bytes = FIXTURE.as_bytes();
    for cut in (0..bytes.len()).step_by(7) {
        let path = dir.write("cut.kml", &bytes[..cut]);
        assert!(
            read_layers(&path, &ReadOptions::default(), &|_| true).is_err(),
            "cut at {cut}"
        );
        let mut flipped = bytes.to_vec();
        flipped[cut] ^= 0x5a;
        let path = dir.write("flip.kml", &flipped);
        let _ = read_layers(&path, &ReadOptions::default(), &|_| true);
    }
    let zipped = kmz(&[("doc.kml", bytes)]);
    for cut in (0..zipped.len()).step_by(13) {
        let path = dir.write("cut.kmz", &zipped[..cut]);
        assert!(
            read_layers(&path, &ReadOptions::default(), &|_| true).is_err(),
            "cut at {cut}"
        );
        let mut flipped = zipped.clone();
        flipped[cut] ^= 0xff;
        let path = dir.write("flip.kmz", &flipped);
        let _ = read_layers(&path, &ReadOptions::default(), &|_| true);
    }
}

fn export_layers() -> Vec<ExportLayer> {
    let props = |v: Value| dalian_atlas::model::Properties::from(v.as_object().unwrap().clone());
    let hole = geo::Polygon::new(
        geo::LineString::from(vec![(121.5, 38.85), (121.56, 38.85), (121.56, 38.89), (121.5, 38.85)]),
        vec![geo::LineString::from(vec![
            (121.52, 38.86),
            (121.53, 38.86),
            (121.53, 38.865),
            (121.52, 38.86),
        ])],
    );
    vec![
        ExportLayer {
            name: "规划 <一期> & 二期".to_string(),
            features: vec![
                ExportFeature {
                    id: None,
                    properties: props(
                        json!({"名称": "数据中心", "description": "a < b & c", "容量": 12, "编号": "007",
                        "marker-color": "#ff0000"}),
                    ),
                    geometry: Some(Geometry::Point(geo::Point::new(121.61234567, 38.91234567))),
                },
                ExportFeature {
                    id: None,
                    properties: props(
                        json!({"title": "园区", "stroke": "#0000ff", "stroke-width": 2, "fill": "#00ff00",
                        "fill-opacity": 0.5}),
                    ),
                    geometry: Some(Geometry::Polygon(hole)),
                },
            ],
        },
        ExportLayer {
            name: "标注".to_string(),
            features: vec![ExportFeature {
                id: None,
                properties: props(
                    json!({"name": "线", "stroke": "#0000ff", "stroke-width": 2, "fill": "#00ff00",
                    "fill-opacity": 0.5}),
                ),
                geometry: Some(Geometry::MultiLineString(geo::MultiLineString(vec![
                    geo::LineString::from(vec![(121.6, 38.9), (121.62, 38.91)]),
                    geo::LineString::from(vec![(121.63, 38.92), (121.64, 38.93)]),
                ]))),
            }],
        },
    ]
}

#[test]
fn an_exported_kml_and_kmz_read_back_with_names_properties_styles_and_positions() {
    let dir = TempDir::new("write");
    for (file, kmz) in [("out.kml", false), ("out.kmz", true)] {
        let path = dir.path(file);
        save_kml(&path, &export_layers(), kmz).unwrap();
        let layer = read(&path);
        assert_eq!(layer.name, "out");
        assert_eq!(layer.features.len(), 3);
        let dc = feature(&layer, "数据中心");
        assert_eq!(dc.properties["description"], json!("a < b & c"));
        assert_eq!(dc.properties["folder"], json!("规划 <一期> & 二期"));
        assert_eq!(dc.properties["容量"], json!(12));
        assert_eq!(dc.properties["编号"], json!("007"));
        assert_eq!(dc.properties["marker-color"], json!("#ff0000"));
        let Geometry::Point(p) = dc.geometry else {
            panic!("not a point")
        };
        assert!((p.x() - 121.61234567).abs() < 1e-9 && (p.y() - 38.91234567).abs() < 1e-9);
        let park = feature(&layer, "园区");
        assert_eq!(park.properties["fill-opacity"], json!(0.5));
        assert!(matches!(park.geometry, Geometry::Polygon(ref p) if p.interiors().len() == 1));
        assert!(matches!(feature(&layer, "线").geometry, Geometry::MultiLineString(_)));
        assert_eq!(feature(&layer, "线").properties["folder"], json!("标注"));
    }
    let text = std::fs::read_to_string(dir.path("out.kml")).unwrap();
    assert_eq!(
        text.matches("<Style id=").count(),
        2,
        "one shared Style per distinct style"
    );
}

#[test]
fn ogrinfo_opens_an_exported_kml_and_kmz_without_warnings() {
    if !have("ogrinfo") {
        return;
    }
    let dir = TempDir::new("ogrinfo");
    for (file, kmz) in [("out.kml", false), ("out.kmz", true)] {
        let path = dir.path(file);
        save_kml(&path, &export_layers(), kmz).unwrap();
        let out = Command::new("ogrinfo")
            .args(["-ro", "-al"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("Warning") && !stderr.contains("ERROR"), "{stderr}");
        assert!(
            stdout.contains("数据中心") && stdout.contains("Feature Count: 2"),
            "{stdout}"
        );
    }
}

#[test]
fn kml_written_by_both_gdal_drivers_reads_with_its_schema_data_and_geometries() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("gdal-written");
    let source = dir.write(
        "src.geojson",
        json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"Name": "星海广场", "人口": 12000, "类别": "广场"},
             "geometry": {"type": "Point", "coordinates": [121.5869123, 38.8785456]}},
            {"type": "Feature", "properties": {"Name": "软件园", "人口": 3, "类别": "园区"},
             "geometry": {"type": "Polygon", "coordinates": [
                [[121.5, 38.85], [121.56, 38.85], [121.56, 38.89], [121.5, 38.85]],
                [[121.52, 38.86], [121.53, 38.86], [121.53, 38.865], [121.52, 38.86]]]}},
            {"type": "Feature", "properties": {"Name": "线", "人口": null, "类别": "道路"},
             "geometry": {"type": "MultiLineString", "coordinates": [
                [[121.6, 38.9], [121.62, 38.91]], [[121.63, 38.92], [121.64, 38.93]]]}}
        ]})
        .to_string()
        .as_bytes(),
    );
    for driver in ["KML", "LIBKML"] {
        let path = dir.path(&format!("{driver}.kml"));
        run(
            "ogr2ogr",
            &["-f", driver, path.to_str().unwrap(), source.to_str().unwrap()],
        );
        let layer = read(&path);
        assert_eq!(layer.features.len(), 3, "{driver}");
        let square = feature(&layer, "星海广场");
        assert_eq!(square.properties["人口"], json!(12000), "{driver}");
        assert_eq!(square.properties["类别"], json!("广场"), "{driver}");
        assert_eq!(
            square.geometry,
            Geometry::Point(geo::Point::new(121.5869123, 38.8785456))
        );
        let park = feature(&layer, "软件园");
        assert!(
            matches!(park.geometry, Geometry::Polygon(ref p) if p.interiors().len() == 1),
            "{driver}"
        );
        let line = feature(&layer, "线");
        assert!(
            matches!(line.geometry, Geometry::MultiLineString(ref m) if m.0.len() == 2),
            "{driver}"
        );
        assert!(line.properties.get("人口").is_none_or(|v| v.is_null()), "{driver}");
    }
}

#[test]
fn a_kml_declared_gbk_is_decoded_as_gbk() {
    let dir = TempDir::new("gbk");
    let text = r#"<?xml version="1.0" encoding="GBK"?><kml><Placemark><name>星海广场</name><Point><coordinates>121.6,38.9</coordinates></Point></Placemark></kml>"#;
    let bytes = dalian_atlas::io::import::encoding::TextEncoding::Gbk.encode(text);
    let layer = read(&dir.write("a.kml", &bytes));
    assert_eq!(layer.features[0].properties["name"], json!("星海广场"));
}

/// GDAL's LIBKML driver (what QGIS uses, GDAL's default for KML) reads the exported
/// attributes by their Chinese names and types, from the .kml and the .kmz. Untyped
/// `<Data name="名称">` came back as `__` fields. (GDAL's plain KML driver, 3.6, reads no
/// SchemaData with such names, not even from `ogr2ogr -f KML`, so it is not asked.)
#[test]
fn gdal_reads_exported_chinese_attribute_names_and_typed_values() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("gdal-fields");
    let props = |v: Value| dalian_atlas::model::Properties::from(v.as_object().unwrap().clone());
    let point = |x: f64| Some(Geometry::Point(geo::Point::new(x, 38.9)));
    let layers = vec![ExportLayer {
        name: "重点项目".to_string(),
        features: vec![
            ExportFeature {
                id: None,
                properties: props(json!({"名称": "星海湾大桥", "投资亿元": 12.5, "编号": 1, "备注": null,
                    "标签": ["桥", "海"], "完工": true})),
                geometry: point(121.6),
            },
            ExportFeature {
                id: None,
                properties: props(json!({"名称": "地铁5号线", "投资亿元": 30, "编号": 2, "备注": "在建",
                    "完工": false})),
                geometry: point(121.7),
            },
        ],
    }];
    let kml = dir.path("out.kml");
    let kmz = dir.path("out.kmz");
    save_kml(&kml, &layers, false).unwrap();
    save_kml(&kmz, &layers, true).unwrap();
    let text = std::fs::read_to_string(&kml).unwrap();
    assert!(
        text.contains(r#"<SimpleField name="投资亿元" type="double"/>"#),
        "{text}"
    );
    assert!(text.contains(r#"<SimpleField name="编号" type="int"/>"#), "{text}");
    assert!(!text.contains("<Data "), "{text}");
    for path in [&kml, &kmz] {
        let json = dir.path("gdal.geojson");
        let _ = std::fs::remove_file(&json);
        run(
            "ogr2ogr",
            &["-f", "GeoJSON", json.to_str().unwrap(), path.to_str().unwrap()],
        );
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        let features = value["features"].as_array().unwrap();
        let context = format!("{} read by GDAL: {value}", path.display());
        assert_eq!(features.len(), 2, "{context}");
        let (a, b) = (&features[0]["properties"], &features[1]["properties"]);
        assert_eq!(a["名称"], json!("星海湾大桥"), "{context}");
        assert_eq!(b["名称"], json!("地铁5号线"), "{context}");
        assert_eq!(a["投资亿元"], json!(12.5), "{context}");
        assert_eq!(b["投资亿元"].as_f64(), Some(30.0), "{context}");
        assert_eq!(a["编号"], json!(1), "{context}");
        assert_eq!(b["编号"], json!(2), "{context}");
        assert!(a["备注"].is_null(), "{context}");
        assert_eq!(b["备注"], json!("在建"), "{context}");
        // Nested values are JSON text; GDAL's GeoJSON writer turns such text back into JSON.
        let tags = match &a["标签"] {
            Value::String(t) => serde_json::from_str(t).unwrap(),
            other => other.clone(),
        };
        assert_eq!(tags, json!(["桥", "海"]), "{context}");
        assert_eq!((&a["完工"], &b["完工"]), (&json!(1), &json!(0)), "{context}");
        assert!(
            a.as_object().unwrap().keys().all(|k| !k.starts_with('_')),
            "no underscored names: {context}"
        );
    }
    // And `ogrinfo` lists the fields by name and type.
    let info = run("ogrinfo", &["-ro", "-al", "-so", kmz.to_str().unwrap()]);
    for field in ["名称: String", "投资亿元: Real", "编号: Integer"] {
        assert!(info.contains(field), "{field} in {info}");
    }
    // The atlas reads its own file back with the same values.
    let back = read(&kml);
    let bridge = feature(&back, "星海湾大桥");
    assert_eq!(bridge.properties["投资亿元"], json!(12.5));
    assert_eq!(bridge.properties["编号"], json!(1));
    assert!(bridge.properties.get("备注").is_none_or(|v| v.is_null()));
}
