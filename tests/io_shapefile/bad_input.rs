//! Bad input: missing parts, truncated files, disagreeing counts, foreign headers,
//! absurd counts, unreadable .prj, corruption anywhere — each refused with
//! `ImportError::Bad` naming the file, the part and the reason, never a panic.

use super::*;

#[test]
fn a_shp_without_its_dbf_or_shx_is_refused_naming_the_missing_part() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("missing");
    for ext in ["dbf", "shx"] {
        let shp = plain_shp(&dir);
        remove(&shp, ext);
        let (file, part, reason) = bad(probe(&shp, &cgcs2000()));
        assert!(file.ends_with("plain.shp"), "{file}");
        assert_eq!(part, "plain.shp");
        assert!(reason.contains(&format!(".{ext} file is missing")), "{reason}");
        assert!(reason.contains("copied together"), "{reason}");
    }
}

#[test]
fn a_truncated_shp_or_dbf_is_refused_naming_the_record() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("truncated");
    let shp = plain_shp(&dir);
    let bytes = std::fs::read(&shp).unwrap();
    std::fs::write(&shp, &bytes[..bytes.len() - 10]).unwrap();
    let (_, part, reason) = bad(read_layers(&shp, &cgcs2000(), &|_| true));
    assert_eq!(part, "plain.shp, record 3");
    assert!(reason.contains("truncated"), "{reason}");

    let shp = plain_shp(&dir);
    let dbf = shp.with_extension("dbf");
    let bytes = std::fs::read(&dbf).unwrap();
    std::fs::write(&dbf, &bytes[..bytes.len() - 30]).unwrap();
    let (_, part, reason) = bad(probe(&shp, &cgcs2000()));
    assert_eq!(part, "plain.dbf, record 3");
    assert!(reason.contains("truncated"), "{reason}");
}

#[test]
fn record_counts_that_disagree_are_refused() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("counts");
    let shp = plain_shp(&dir);
    let (_, polygons) = lines_and_polygons(121.5, 38.9, 0.01);
    let mut four = polygons.as_array().unwrap().clone();
    four.push(four[0].clone());
    let other = make_shp(&dir, "other", Value::Array(four), &[]);
    std::fs::copy(other.with_extension("dbf"), shp.with_extension("dbf")).unwrap();
    let (_, part, reason) = bad(probe(&shp, &cgcs2000()));
    assert_eq!(part, "plain.shp");
    assert!(
        reason.contains("3 shapes in the .shx, 4 records in the .dbf"),
        "{reason}"
    );
}

#[test]
fn a_file_that_is_not_a_shapefile_is_refused_for_its_header() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("header");
    let shp = plain_shp(&dir);
    std::fs::write(&shp, "this is not a shapefile, it only has the name of one ".repeat(5)).unwrap();
    let (_, part, reason) = bad(probe(&shp, &cgcs2000()));
    assert_eq!(part, "plain.shp");
    assert!(reason.contains("not a shapefile"), "{reason}");
    std::fs::remove_file(&shp).unwrap();
    let shp = plain_shp(&dir);
    std::fs::write(shp.with_extension("dbf"), [0u8; 10]).unwrap();
    let (_, part, reason) = bad(probe(&shp, &cgcs2000()));
    assert_eq!(part, "plain.dbf");
    assert!(reason.contains("dBASE"), "{reason}");
}

#[test]
fn an_absurd_record_count_is_refused_before_allocating() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("absurd");
    let shp = plain_shp(&dir);
    let dbf = shp.with_extension("dbf");
    let mut bytes = std::fs::read(&dbf).unwrap();
    bytes[4..8].copy_from_slice(&1_000_000_000u32.to_le_bytes());
    std::fs::write(&dbf, bytes).unwrap();
    let (_, _, reason) = bad(read_layers(&shp, &cgcs2000(), &|_| true));
    assert!(reason.contains("1000000000 records"), "{reason}");
}

#[test]
fn an_unreadable_prj_is_reported_and_does_not_fail_the_import() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("prj");
    let shp = plain_shp(&dir);
    std::fs::write(shp.with_extension("prj"), [0xFFu8, 0xFE, 0x00, 0x01, 0x80]).unwrap();
    let p = probe(&shp, &ReadOptions::default()).unwrap();
    assert!(
        matches!(p.layers[0].info.declared_crs, Some(Err(_))),
        "{:?}",
        p.layers[0].info.declared_crs
    );
    assert!(p.layers[0].crs_problem.is_some());
    // The user may choose a system and import anyway.
    assert_eq!(read_all(&shp).len(), 3);
}

#[test]
fn cutting_or_corrupting_a_shapefile_anywhere_never_panics() {
    if !have("ogr2ogr") {
        return;
    }
    let dir = TempDir::new("fuzz");
    let (_, polygons) = lines_and_polygons(121.5, 38.9, 0.01);
    let shp = make_shp(&dir, "f", polygons, &["-lco", "ENCODING=GBK"]);
    remove(&shp, "prj");
    for ext in ["shp", "shx", "dbf"] {
        let path = shp.with_extension(ext);
        let original = std::fs::read(&path).unwrap();
        for at in (0..original.len()).step_by(3) {
            for kind in 0..3 {
                let mut bytes = original.clone();
                match kind {
                    0 => bytes.truncate(at),
                    1 => bytes[at] ^= 0xFF,
                    _ => bytes[at..(at + 4).min(original.len())].fill(0x7F),
                }
                std::fs::write(&path, &bytes).unwrap();
                for result in [
                    probe(&shp, &cgcs2000()).map(|_| ()),
                    read_layers(&shp, &cgcs2000(), &|_| true).map(|_| ()),
                ] {
                    assert!(
                        matches!(result, Ok(()) | Err(ImportError::Bad { .. })),
                        "{ext} {kind} at {at}: {result:?}"
                    );
                }
            }
        }
        std::fs::write(&path, &original).unwrap();
    }
}
