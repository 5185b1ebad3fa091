//! The parallel reader against the sequential one: same layers, same errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use super::parallel::{self, Outcome};
use super::{ImportOptions, import_geojson_str};
use crate::test_rng::Lcg;

fn with_threads(threads: usize) -> ImportOptions {
    ImportOptions {
        threads,
        ..ImportOptions::default()
    }
}

/// Feature `k` of a collection: points, lines, polygons with holes and nested geometry
/// collections, with awkward strings and a property named `features`.
fn feature(k: usize) -> String {
    let x = 121.0 + (k % 97) as f64 * 0.001;
    let y = 38.9 + (k % 89) as f64 * 0.001;
    let geometry = match k % 4 {
        0 => format!(r#"{{"type":"Point","coordinates":[{x},{y},12.5]}}"#),
        1 => format!(
            r#"{{"type":"LineString","coordinates":[[{x},{y}],[{},{}]]}}"#,
            x + 0.01,
            y - 1e-7
        ),
        2 => format!(
            r#"{{"type":"Polygon","coordinates":[[[{x},{y}],[{a},{y}],[{a},{b}],[{x},{y}]],[[{x},{y}],[{c},{y}],[{c},{d}],[{x},{y}]]]}}"#,
            a = x + 0.01,
            b = y + 0.01,
            c = x + 0.001,
            d = y + 0.001
        ),
        _ => format!(
            r#"{{"type":"GeometryCollection","geometries":[{{"type":"Point","coordinates":[{x},{y}]}},{{"type":"GeometryCollection","geometries":[{{"type":"MultiPoint","coordinates":[[{x},{y}]]}}]}}]}}"#
        ),
    };
    format!(
        r#"{{"type":"Feature","id":{id},"properties":{{"name":"要素 {k} [x] {{y}} \"q\" \\ end\\","features":[{{"type":"Feature"}},{{"type":"Feature","n":{k}}}],"v":{v}}},"geometry":{geometry}}}"#,
        id = if k.is_multiple_of(3) {
            format!("\"f{k}\"")
        } else {
            k.to_string()
        },
        v = k as f64 / 7.0,
    )
}

fn collection(n: usize, sep: &str) -> String {
    let features: Vec<String> = (0..n).map(feature).collect();
    format!(
        "{{\"type\":\"FeatureCollection\",\"name\":\"测试 [集合]\",\"crs\":null,\"features\":[\n{}\n],\"bbox\":[121,38,122,39],\"foreign\":{{\"a\":[1,2,{{\"b\":\"]\"}}]}}}}\n",
        features.join(sep)
    )
}

/// The parallel reader's answer, asserting it did not hand over to the sequential one.
fn parallel_message(text: &str, options: &ImportOptions, threads: usize) -> Result<super::Doc, String> {
    match parallel::read("t.geojson", text, options, threads, &|_| true, (0.0, 1.0)) {
        Outcome::Read(doc) => Ok(doc),
        Outcome::Failed(e) => Err(e.to_string()),
        Outcome::Sequential => panic!("handed over to the sequential reader"),
    }
}

/// The same answer from 1 (sequential) and from 2, 3, 4 and 7 threads.
fn assert_same(text: &str, options: &ImportOptions) {
    let sequential = import_geojson_str("t.geojson", text, &ImportOptions { threads: 1, ..*options });
    for threads in [2, 3, 4, 7] {
        let parallel = import_geojson_str("t.geojson", text, &ImportOptions { threads, ..*options });
        match (&sequential, &parallel) {
            (Ok(s), Ok(p)) => assert!(s == p, "{threads} threads: the layers differ"),
            (Err(s), Err(p)) => assert_eq!(s.to_string(), p.to_string(), "{threads} threads"),
            (s, p) => panic!("{threads} threads: sequential {s:?}, parallel {p:?}"),
        }
    }
}

#[test]
fn a_collection_read_on_several_threads_equals_the_sequential_read() {
    for n in [1, 2, 5, 40, 333] {
        for sep in [",", " ,\n\t", "\r\n,  "] {
            let text = collection(n, sep);
            assert_same(&text, &ImportOptions::default());
            let doc = parallel_message(&text, &ImportOptions::default(), 3).expect("reads");
            assert_eq!(doc.features.len(), n);
        }
    }
    let layer = import_geojson_str("t.geojson", &collection(40, ","), &with_threads(4)).expect("reads");
    assert_eq!(layer.name, "测试 [集合]");
    assert!(layer.foreign_members.contains_key("foreign"));
    assert_eq!(layer.features[3].id, Some(serde_json::json!("f3")));
    assert_eq!(layer.features[4].id, Some(serde_json::json!(4)));
}

#[test]
fn a_features_array_that_is_not_the_last_member_nor_first_reads_the_same() {
    let features: Vec<String> = (0..50).map(feature).collect();
    let text = format!(
        r#"{{"name":"x","features":[{}],"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"EPSG:4326"}}}}}}"#,
        features.join(",")
    );
    assert_same(&text, &ImportOptions::default());
    assert!(parallel_message(&text, &ImportOptions::default(), 2).is_ok());
}

#[test]
fn edge_cases_read_the_same_on_any_number_of_threads() {
    let cases = [
        r#"{"type":"FeatureCollection","features":[]}"#.to_string(),
        r#"{"type":"FeatureCollection","features":[ ]} "#.to_string(),
        format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, feature(3)),
        format!(r#"{{"type":"Feature","features":[{}],"geometry":null}}"#, feature(3)),
        format!(r#"{{"features":[{}],"type":"Feature","geometry":null}}"#, feature(3)),
        format!(
            r#"{{"type":"FeatureCollection","features":[{}],"features":[]}}"#,
            feature(3)
        ),
        format!(
            r#"{{"type":"FeatureCollection","features":[],"features":[{}]}}"#,
            feature(3)
        ),
        format!(r#"{{"type":"FeatureCollection","feat\u0075res":[{}]}}"#, feature(3)),
        format!(
            r#"{{"type":"FeatureCollection","features":[{},{}],"type":"Point"}}"#,
            feature(1),
            feature(2)
        ),
        r#"{"type":"Point","coordinates":[121.5,38.9]}"#.to_string(),
    ];
    for text in cases {
        assert_same(&text, &ImportOptions::default());
    }
}

#[test]
fn a_property_that_looks_like_the_start_of_a_feature_does_not_mislead_the_split() {
    // Every feature holds `},{"type":"Feature` inside its properties: the guessed split
    // points fall inside features, and runs must read past them.
    let text = collection(600, ",");
    let (_, first) = super::scan::find_features(text.as_bytes()).expect("a collection");
    let inside = [2, 3, 5, 8]
        .iter()
        .flat_map(|&n| super::scan::split_points(text.as_bytes(), first.expect("features"), n))
        .filter(|&p| !text[p..].starts_with(r#"{"type":"Feature","id""#))
        .count();
    assert!(inside > 0, "no guessed split point fell inside a feature");
    for threads in [2, 3, 5, 8] {
        let doc = parallel_message(&text, &ImportOptions::default(), threads).expect("reads");
        assert_eq!(doc.features.len(), 600);
    }
    assert_same(&text, &ImportOptions::default());
}

#[test]
fn broken_collections_give_the_sequential_error_on_several_threads() {
    let good = collection(5000, ",\n");
    let feature_1234 = good.find(&feature(1233)).expect("feature 1234");
    let mut cases: Vec<String> = Vec::new();
    // A wrong type in feature 1234 of 5000.
    cases.push(good.replacen(
        &feature(1233),
        &feature(1233).replacen("\"Feature\"", "\"Featur\"", 1),
        1,
    ));
    // A latitude out of range, a syntax error and an unsupported crs in a feature.
    cases.push(good.replacen(&feature(4321), &feature(4321).replacen("38.9", "98.9", 1), 1));
    cases.push(good.replacen(&feature(2500), &feature(2500).replacen("\"id\":", "\"id\" ", 1), 1));
    cases.push(good.replacen(
        &feature(77),
        &feature(77).replacen(
            "\"geometry\":",
            r#""crs":{"type":"name","properties":{"name":"EPSG:3857"}},"geometry":"#,
            1,
        ),
        1,
    ));
    // Two broken features: the first in the file is reported.
    cases.push(
        good.replacen(&feature(4000), &feature(4000).replacen("121.", "1210.", 1), 1)
            .replacen(
                &feature(3000),
                &feature(3000).replacen("\"id\":", "\"id\":{},\"x\":", 1),
                1,
            ),
    );
    // Members before and after the array.
    cases.push(good.replacen("\"crs\":null", r#""crs":"EPSG:3857""#, 1));
    cases.push(good.replacen("\"crs\":null", r#""crs":[1,]"#, 1));
    cases.push(good.replacen("\"bbox\":[121,38,122,39]", "\"bbox\":[121,38,122,39,]", 1));
    cases.push(good.replacen("\"type\":\"FeatureCollection\"", "\"type\":\"FeatureKollection\"", 1));
    // Separators, truncation and nesting.
    cases.push(good.replacen(",\n", ",,\n", 1));
    cases.push(good.replacen("\n]", ",\n]", 1));
    cases.push(good[..feature_1234 + 40].to_string());
    cases.push(good[..good.len() - 3].to_string());
    cases.push(good.replacen(
        "\"v\":",
        &format!("\"deep\":{}1{},\"v\":", "[".repeat(130), "]".repeat(130)),
        1,
    ));
    // A `\u` escape cut short by a quote: the scanner ends the string there, serde_json
    // does not (the fuzzer found a feature whose `}` came right after it).
    cases.push(good.replacen("\"v\":", "\"x\\u\":1,\"v\":", 1));
    cases.push(good.replacen(&feature(10), r#"{"type":"Feature","x\u"}"#, 1));
    // Around serde_json's limit of 128 levels in the file, which the hand-written
    // reader (reading properties from their own start) must not move.
    let deep = |depth: usize| {
        good.replacen(
            "\"v\":",
            &format!("\"deep\":{}1{},\"v\":", "[".repeat(depth), "]".repeat(depth)),
            1,
        )
    };
    for depth in [97, 98, 99, 100, 101, 123, 124, 125, 126] {
        cases.push(deep(depth));
    }
    for text in &cases {
        assert_same(text, &ImportOptions::default());
    }
    // A feature 100 levels deep (the feature, its properties, 98 arrays) is read in
    // parallel; one level more, and the sequential reader decides.
    assert!(parallel_message(&deep(98), &ImportOptions::default(), 3).is_ok());
    assert!(matches!(
        parallel::read(
            "t.geojson",
            &deep(99),
            &ImportOptions::default(),
            3,
            &|_| true,
            (0.0, 1.0)
        ),
        Outcome::Sequential
    ));
    // The feature errors are found by the runs themselves, not by reading again.
    for k in [0, 1, 2, 4] {
        let e = parallel_message(&cases[k], &ImportOptions::default(), 3)
            .err()
            .expect("refused");
        assert!(e.contains("(feature "), "case {k}: {e}");
    }
    let crs = parallel_message(&cases[3], &ImportOptions::default(), 3)
        .err()
        .expect("refused");
    assert!(crs.contains("EPSG:3857"), "{crs}");
    let second = parallel_message(&cases[4], &ImportOptions::default(), 4)
        .err()
        .expect("refused");
    assert!(second.contains("(feature 3001, id)"), "{second}");
    let first = parallel_message(&cases[0], &ImportOptions::default(), 2)
        .err()
        .expect("refused");
    assert!(first.contains("feature 1234, type"), "{first}");
    let line = 1 + good[..feature_1234].matches('\n').count();
    assert!(first.contains(&format!("line {line}, column ")), "{first}");
}

#[test]
fn the_feature_limit_holds_for_the_whole_collection() {
    let good = collection(5000, ",");
    for max_features in [0, 1, 1233, 1234, 4999, 5000] {
        let options = ImportOptions {
            max_features,
            ..ImportOptions::default()
        };
        assert_same(&good, &options);
        let broken = good.replacen(&feature(1234), &feature(1234).replacen("\"Feature\"", "\"F\"", 1), 1);
        assert_same(&broken, &options);
    }
    let over = ImportOptions {
        max_features: 4999,
        ..ImportOptions::default()
    };
    let e = import_geojson_str("t.geojson", &good, &ImportOptions { threads: 2, ..over }).expect_err("too many");
    assert!(e.to_string().contains("more than 4999 features"), "{e}");
}

#[test]
fn random_damage_gives_the_same_answer_on_one_thread_and_several() {
    let good = collection(60, ",\n");
    let bytes = good.as_bytes();
    let alphabet = b"{}[]\",:\\ \n0123456789.-eE truefalsenull\xe6";
    let mut rng = Lcg(7);
    for _ in 0..400 {
        let mut b = bytes.to_vec();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(b.len());
            match rng.below(3) {
                0 => {
                    b.remove(at);
                }
                1 => b.insert(at, alphabet[rng.below(alphabet.len())]),
                _ => b[at] = alphabet[rng.below(alphabet.len())],
            }
        }
        let Ok(text) = String::from_utf8(b) else { continue };
        assert_same(&text, &ImportOptions::default());
    }
}

#[test]
fn a_cancelled_parallel_read_imports_nothing() {
    let text = collection(3000, ",");
    let calls = std::cell::Cell::new(0);
    let e = match parallel::read(
        "t.geojson",
        &text,
        &ImportOptions::default(),
        2,
        &|_| {
            calls.set(calls.get() + 1);
            false
        },
        (0.0, 1.0),
    ) {
        Outcome::Failed(e) => e,
        _ => panic!("not cancelled"),
    };
    assert!(matches!(e, super::ImportError::Cancelled { .. }), "{e}");
    assert!(calls.get() > 0);
}

#[test]
fn an_unsupported_crs_before_the_features_refuses_the_file_before_any_feature_is_read() {
    let text = collection(3000, ",").replacen("\"crs\":null", r#""crs":"EPSG:3857""#, 1);
    let calls = std::cell::Cell::new(0);
    let outcome = parallel::read(
        "t.geojson",
        &text,
        &ImportOptions::default(),
        2,
        &|_| {
            calls.set(calls.get() + 1);
            true
        },
        (0.0, 1.0),
    );
    let Outcome::Failed(e) = outcome else {
        panic!("not refused")
    };
    assert!(matches!(e, super::ImportError::UnsupportedCrs { .. }), "{e}");
    assert_eq!(calls.get(), 0, "features were read");
    assert_same(&text, &ImportOptions::default());
}

/// The benchmarks' synthetic Dalian collection (points, lines, polygons with holes,
/// Chinese properties), generated here at 4 MB.
#[allow(dead_code)] // the generator file may hold more than this test uses
#[path = "../../../benches/synthetic.rs"]
mod synthetic;

#[test]
fn the_synthetic_collection_reads_the_same_on_several_threads() {
    let text = synthetic::synthetic_collection(4 << 20);
    let doc = parallel_message(&text, &ImportOptions::default(), 2).expect("reads");
    assert!(doc.features.len() > 3000, "{}", doc.features.len());
    assert_same(&text, &ImportOptions::default());
    let gcj02 = ImportOptions {
        gcj02: true,
        ..ImportOptions::default()
    };
    assert_same(&text, &gcj02);
    // Converted, rings still close: equal positions convert to equal positions (a
    // conversion started from a neighbour's shift would not, and was tried).
    parallel_message(&text, &gcj02, 2).expect("reads converted from GCJ-02");
}
