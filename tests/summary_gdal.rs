//! 按区县统计 (issue 18, point 9) against GDAL: the atlas's per-district counts and sums
//! of 20 000 points equal those SpatiaLite computes with `ST_Intersects` on the same
//! districts and points. Needs `ogr2ogr`/`ogrinfo` from gdal-bin (skipped, with a
//! message, where they are missing).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

mod support;

use dalian_atlas::basemap::Basemap;
use dalian_atlas::model::UserFeature;
use dalian_atlas::model::summary::{Statistic, ZoneSet, summarise, zones};
use serde_json::{Value, json};
use support::{TempDir, have, run};

/// `n` points spread over the municipality's box (a fixed pseudo-random sequence), each
/// with an integer `n` property.
fn points(n: usize) -> Vec<UserFeature> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|i| {
            let lon = 120.9 + 2.4 * next();
            let lat = 38.7 + 1.6 * next();
            UserFeature {
                id: Some(json!(i + 1)),
                geometry: geo::Geometry::Point(geo::Point::new(lon, lat)),
                properties: json!({ "n": (i % 7) as i64 }).as_object().cloned().unwrap().into(),
            }
        })
        .collect()
}

fn collection(features: Vec<Value>) -> String {
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

#[test]
fn per_district_counts_and_sums_equal_spatialite_on_the_same_data() {
    if !have("ogr2ogr") {
        return;
    }
    let basemap = Basemap::builtin().unwrap();
    let features = points(20_000);
    let zone_list = zones(&basemap, ZoneSet::Divisions);
    let count = summarise(&features, &zone_list, ZoneSet::Divisions, &Statistic::Count);
    let sum = summarise(&features, &zone_list, ZoneSet::Divisions, &Statistic::Sum("n".into()));

    let dir = TempDir::new("summary-gdal");
    let districts: Vec<Value> = zone_list
        .iter()
        .map(|z| {
            let geometry = geojson::Geometry::new(geojson::GeometryValue::from(z.geometry));
            json!({"type": "Feature", "properties": {"zone": z.id}, "geometry": geometry})
        })
        .collect();
    let pts: Vec<Value> = features
        .iter()
        .map(|f| {
            let geometry = geojson::Geometry::new(geojson::GeometryValue::from(&f.geometry));
            json!({"type": "Feature", "properties": f.properties, "geometry": geometry})
        })
        .collect();
    let zones_file = dir.write("zones.geojson", collection(districts).as_bytes());
    let points_file = dir.write("points.geojson", collection(pts).as_bytes());
    let gpkg = dir.arg("both.gpkg");
    run(
        "ogr2ogr",
        &["-f", "GPKG", &gpkg, zones_file.to_str().unwrap(), "-nln", "zones"],
    );
    run(
        "ogr2ogr",
        &["-update", &gpkg, points_file.to_str().unwrap(), "-nln", "pts"],
    );
    let sql = "SELECT z.zone, (SELECT COUNT(*) FROM pts p WHERE ST_Intersects(z.geom, p.geom)) AS c, \
               (SELECT TOTAL(p.n) FROM pts p WHERE ST_Intersects(z.geom, p.geom)) AS s FROM zones z";
    let out = run("ogrinfo", &["-ro", "-q", &gpkg, "-dialect", "SQLite", "-sql", sql]);

    // ogrinfo prints each row's fields as `  zone (String) = …`, `  c (Integer) = …`.
    let field = |block: &str, name: &str| -> String {
        block
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name} (")))
            .and_then(|rest| rest.split_once(" = "))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_else(|| panic!("no {name} in {block}"))
    };
    let blocks: Vec<&str> = out.split("OGRFeature(").skip(1).collect();
    assert_eq!(blocks.len(), zone_list.len(), "{out}");
    let mut total = 0;
    for block in blocks {
        let zone = field(block, "zone");
        let k = count.rows.iter().position(|r| r.zone_id == zone).expect("zone");
        let gdal_count: usize = field(block, "c").parse().unwrap();
        let gdal_sum: f64 = field(block, "s").parse().unwrap();
        assert_eq!(count.rows[k].count, gdal_count, "{zone}");
        assert_eq!(sum.rows[k].value, Some(gdal_sum), "{zone}");
        total += gdal_count;
    }
    assert!(total > 5_000, "most points fall in a district: {total}");
    assert_eq!(total + count.outside, features.len(), "districts do not overlap");
}
