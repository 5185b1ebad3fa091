//! Zipped shapefiles: layers per member, GBK member names, macOS junk, zip bombs and
//! members that lie about their size.

use super::*;

/// A stored (uncompressed) zip of `(name bytes, content)`, written by hand so that the
/// names can be GBK and the declared sizes can lie.
fn write_zip(path: &Path, members: &[(Vec<u8>, Vec<u8>)], declared_size: Option<u32>) {
    fn crc32(data: &[u8]) -> u32 {
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
        !crc
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in members {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let declared = declared_size.unwrap_or(size);
        let head = |sig: u32, central_entry: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central_entry {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags: names not marked UTF-8
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&size.to_le_bytes());
            h.extend_from_slice(&declared.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central_entry {
                h.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                h.extend_from_slice(&0u32.to_le_bytes());
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name);
            h
        };
        out.extend(head(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(head(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    std::fs::write(path, out).unwrap();
}

/// The parts of `shp` as zip members `folder/stem.ext`, the name in `encoding`.
fn zip_members(shp: &Path, folder: &str, stem: &str, encoding: TextEncoding) -> Vec<(Vec<u8>, Vec<u8>)> {
    ["shp", "shx", "dbf", "cpg"]
        .iter()
        .filter(|ext| shp.with_extension(ext).exists())
        .map(|ext| {
            let name = format!("{folder}{stem}.{ext}");
            (
                encoding.encode(&name).into_owned(),
                std::fs::read(shp.with_extension(ext)).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_zip_of_two_shapefiles_gives_two_layers_named_by_their_members() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("zip");
    let points = make_shp(&dir, "a", district_points(), &["-lco", "ENCODING=GBK"]);
    let (_, polygons) = lines_and_polygons(121.5, 38.9, 0.01);
    let polygons = make_shp(&dir, "b", polygons, &[]);
    let gdal_points = gdal_features(&points);
    let gdal_polygons = gdal_features(&polygons);
    let mut members = zip_members(&points, "数据/", "学校", TextEncoding::Gbk);
    members.extend(zip_members(&polygons, "", "用地", TextEncoding::Utf8));
    members.push((b"readme.txt".to_vec(), b"hello".to_vec()));
    // What macOS adds to the zips it makes: not shapefiles.
    members.push((b"__MACOSX/._a.shp".to_vec(), b"Mac OS X junk".to_vec()));
    members.push((b"._b.shp".to_vec(), b"Mac OS X junk".to_vec()));
    let zip = dir.join("data.zip");
    write_zip(&zip, &members, None);

    let p = probe(&zip, &cgcs2000()).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = p.layers.iter().map(|l| l.info.name.as_str()).collect();
    assert_eq!(names, ["学校", "用地"]);
    assert_eq!(
        p.layers[0].info.encoding,
        Some((TextEncoding::Gbk, EncodingSource::Declared))
    );
    assert_eq!(p.layers[1].info.geometry_type, "Polygon");

    let layers = read_layers(&zip, &cgcs2000(), &|_| true).unwrap();
    assert_eq!(layers.len(), 2);
    assert_like_gdal(&layers[0].features, &gdal_points);
    assert_like_gdal(&layers[1].features, &gdal_polygons);
    let second = ReadOptions {
        layers: Some(vec![1]),
        ..cgcs2000()
    };
    let layers = read_layers(&zip, &second, &|_| true).unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].name, "用地");
}

#[test]
fn a_zip_without_a_shapefile_is_refused_listing_what_it_holds() {
    let dir = TempDir::new("zip-none");
    let zip = dir.join("nothing.zip");
    write_zip(
        &zip,
        &[
            (b"notes.txt".to_vec(), b"x".to_vec()),
            (b"map.pdf".to_vec(), b"y".to_vec()),
        ],
        None,
    );
    let (file, _, reason) = bad(probe(&zip, &cgcs2000()));
    assert!(file.ends_with("nothing.zip"));
    assert!(
        reason.contains("no shapefile") && reason.contains("notes.txt") && reason.contains("map.pdf"),
        "{reason}"
    );
}

#[test]
fn a_zip_declaring_an_absurd_unpacked_size_is_refused_before_unpacking() {
    let dir = TempDir::new("zip-bomb");
    let zip = dir.join("bomb.zip");
    write_zip(&zip, &[(b"big.shp".to_vec(), vec![0; 100])], Some(3_000_000_000));
    let (_, part, reason) = bad(probe(&zip, &cgcs2000()));
    assert_eq!(part, "big.shp");
    assert!(reason.contains("refused before unpacking"), "{reason}");
    // Within the ratio but over the user's limit.
    let small = ReadOptions {
        max_bytes: 50,
        ..cgcs2000()
    };
    write_zip(&zip, &[(b"big.shp".to_vec(), vec![0; 100])], None);
    assert!(matches!(probe(&zip, &small), Err(ImportError::TooLarge { .. })));
}

#[test]
fn a_zip_member_yielding_more_than_it_declares_is_refused() {
    let dir = TempDir::new("zip-lie");
    let zip = dir.join("lie.zip");
    // The .shp declares 10 bytes and holds 200.
    write_zip(
        &zip,
        &[
            (b"x.shp".to_vec(), vec![0; 200]),
            (b"x.shx".to_vec(), vec![0; 200]),
            (b"x.dbf".to_vec(), vec![0; 200]),
        ],
        Some(10),
    );
    let result = read_layers(&zip, &cgcs2000(), &|_| true);
    assert!(matches!(result, Err(ImportError::Bad { .. })), "{result:?}");
}

#[test]
fn a_deflated_zip_with_the_shapefile_in_a_folder_reads_like_the_shapefile() {
    if !have("ogr2ogr") {
        return;
    }
    use std::io::Write;
    let dir = TempDir::new("zip-deflate");
    let (_, polygons) = lines_and_polygons(121.5, 38.9, 0.01);
    let shp = make_shp(
        &dir,
        "parcels",
        polygons,
        &["-a_srs", "EPSG:4490", "-lco", "ENCODING=GBK"],
    );
    let gdal = gdal_features(&shp);
    let zip_path = dir.join("parcels.zip");
    let mut writer = ::zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let options = ::zip::write::SimpleFileOptions::default().compression_method(::zip::CompressionMethod::Deflated);
    for ext in ["SHP", "shx", "dbf", "prj", "cpg"] {
        writer.start_file(format!("2024/地块.{ext}"), options).unwrap();
        writer
            .write_all(&std::fs::read(shp.with_extension(ext.to_lowercase())).unwrap())
            .unwrap();
    }
    writer.finish().unwrap();
    let p = probe(&zip_path, &ReadOptions::default()).unwrap();
    assert_eq!(p.layers[0].info.name, "地块");
    assert_eq!(
        p.layers[0].info.declared_crs,
        Some(Ok((Crs::Cgcs2000, "the .prj".to_string())))
    );
    let layers = read_layers(&zip_path, &ReadOptions::default(), &|_| true).unwrap();
    assert_like_gdal(&layers[0].features, &gdal);
}
