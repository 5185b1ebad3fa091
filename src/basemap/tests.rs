//! Unit tests of the basemap's model and checks.

use super::*;

#[test]
fn the_builtin_basemap_loads_and_passes_its_checks() {
    let b = Basemap::builtin().expect("the committed layers parse");
    assert_eq!(b.divisions.len(), 10);
    let problems = check(&b);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn precision_names_round_trip() {
    for p in [
        Precision::Exact,
        Precision::Approximate,
        Precision::District,
        Precision::Schematic,
    ] {
        assert_eq!(Precision::parse(p.as_str()), Some(p));
    }
    assert_eq!(Precision::parse("surveyed"), None);
}

#[test]
fn a_readme_without_a_section_for_a_file_is_a_problem() {
    let mut b = Basemap::builtin().expect("parses");
    b.files.push("mystery.geojson".into());
    assert!(check(&b).iter().any(|p| p.contains("mystery.geojson")));
}

#[test]
fn an_overlapping_or_shrunken_division_is_reported() {
    let mut b = Basemap::builtin().expect("parses");
    let xigang = b.division(210203).expect("西岗").geometry.clone();
    let zs = b.divisions.iter_mut().find(|d| d.adcode == 210202).expect("中山");
    zs.geometry = zs.geometry.union(&xigang);
    let problems = check(&b);
    assert!(problems.iter().any(|p| p.contains("overlap")), "{problems:#?}");
    assert!(problems.iter().any(|p| p.contains("stated area")), "{problems:#?}");
}

#[test]
fn a_spike_in_a_schematic_division_is_reported_and_one_in_official_boundaries_is_not() {
    let mut b = Basemap::builtin().expect("parses");
    let zh = b.divisions.iter_mut().find(|d| d.adcode == 210283).expect("庄河");
    zh.geometry.0[0].exterior_mut(|r| {
        // Out 3 km to sea from a vertex and straight back: a zero-width spike.
        let c = r.0[5];
        r.0.insert(6, Coord { x: c.x, y: c.y - 0.027 });
        r.0.insert(7, c);
    });
    let problems = check(&b);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("division 210283") && p.contains("spike")),
        "{problems:#?}"
    );
    let zh = b.divisions.iter_mut().find(|d| d.adcode == 210283).expect("庄河");
    zh.precision = Precision::Exact;
    assert!(!check(&b).iter().any(|p| p.contains("spike")));
}

#[test]
fn rounding_orients_rings_counter_clockwise() {
    use geo::Winding;
    let cw = Polygon::new(
        LineString::from(vec![(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)]),
        vec![],
    );
    let r = round7_multi(&MultiPolygon(vec![cw]));
    assert!(r.0[0].exterior().is_ccw());
}
