//! The hand-written feature reader against the serde visitors: what it reads, it reads
//! the same; what it declines, they read (or refuse) as before.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use serde::de::DeserializeSeed;

use super::fast::FastReader;
use super::parse::{Ctx, FeatureSeed};
use super::scan;
use crate::model::{Properties, UserFeature};
use crate::test_rng::Lcg;

/// What the serde visitors make of `text` as one feature: the feature, or `None` on
/// an error.
fn by_serde(text: &str, gcj02: bool) -> Option<UserFeature> {
    let no_progress = |_: f32| true;
    let ctx = Ctx::new(text, gcj02, &no_progress, (0.0, 1.0));
    let mut de = serde_json::Deserializer::from_str(text);
    let f = FeatureSeed { ctx: &ctx }.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(f)
}

/// What the fast reader makes of the object at the start of `text`, and where it says
/// the object ends: the scanner's end of it, or the test fails.
fn by_fast_to(text: &str, gcj02: bool) -> Option<(UserFeature, usize)> {
    let no_progress = |_: f32| true;
    let ctx = Ctx::new(text, gcj02, &no_progress, (0.0, 1.0));
    let (f, end) = FastReader::new().feature(&ctx, text, 0)?;
    let start = scan::skip_ws(text.as_bytes(), 0);
    assert_eq!(
        Some(end),
        scan::container_end(text.as_bytes(), start, scan::MAX_FEATURE_DEPTH),
        "{text}"
    );
    Some((f, end))
}

/// [`by_fast_to`] of a text that holds just the feature.
fn by_fast(text: &str, gcj02: bool) -> Option<UserFeature> {
    let (f, end) = by_fast_to(text, gcj02)?;
    assert_eq!(end, text.len(), "{text}");
    Some(f)
}

/// Features of the shapes real files have, each read by the fast reader.
const USUAL: &[&str] = &[
    r#"{"type":"Feature","properties":{"name":"大连","n":1},"geometry":{"type":"Point","coordinates":[121.6,38.9]}}"#,
    r#"{ "type": "Feature", "id": 7, "properties": null, "geometry": { "type": "LineString", "coordinates": [ [121.1, 38.1, 12.5], [ 121.2 , 38.2 ,0, 1 ] ] } }"#,
    "{\"geometry\":{\"coordinates\":[[[121,38],[122,38],[122,39],[121,38]],[[121.1,38.1],[121.2,38.1],[121.2,38.2],[121.1,38.1]]],\"type\":\"Polygon\"},\n\t\"type\":\"Feature\",\r\n\"id\":\"a-1\",\"properties\":{}}",
    r#"{"type":"Feature","geometry":{"type":"MultiPolygon","bbox":[121,38,122,39],"coordinates":[[[[121,38],[122,38],[122,39],[121,38]]],[]]},"properties":{"v":[1,{"x":null}]}}"#,
    r#"{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[121,38],[-0.0,0.5]],[]]}}"#,
    r#"{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[121,38],[121.0000000000001,38.9999999999999]]}}"#,
    r#"{"type":"Feature","geometry":null,"properties":{"a":"\"q\" \\ \u5927"},"bbox":[1,2,3,4],"title":{"x":[1,2]}}"#,
    r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[121,38]},"geometry":{"type":"LineString","coordinates":[]},"id":1,"id":null}"#,
    r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]},"properties":{"p":1},"properties":null}"#,
    r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-180,-90]},"id":-0.5}"#,
    // Properties of every kind: escapes in keys and strings, numbers whole, negative,
    // signed zeros, long and with exponents, nesting, repeated keys.
    r#"{"type":"Feature","properties":{"a":0,"b":-0,"c":-0.0,"d":2021,"e":-5,"f":1e3,"g":12345678901234567890,"h":9007199254740993,"i":0.1,"j":-12.50,"k":true,"l":false,"m":null,"n":"","o":"x\"y","p":[1,"2",{"q":null}],"r":{},"a":"again"}}"#,
    r#"{"type":"Feature","properties":{"k\u00e9y":1,"b":2}}"#,
    r#"{"type":"Feature","properties":{"b":2,"k\u00e9y":1,"c":[3]}}"#,
    r#"{"type":"Feature","properties":{"a":9007199254740992,"b":-9007199254740992,"c":0.00000000000000001,"d":9007199254740992.0}}"#,
    r#"{"type":"Feature","properties": { "a" : 1 , "b" : [ ] , "c" : "大连" } }"#,
    // Numbers serde_json reads for the fast reader: exponents, 17 digits and more.
    r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1.216e2,3.8E+1, -0e-0]}}"#,
    r#"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[121.60099999999999,38.900000000000006],[121.123456789012345678,-0]]}}"#,
];

/// Features the fast reader leaves to the serde visitors: what it does not read itself
/// (first, [`DECLINED_READ`] of them, which the serde visitors read), and errors.
const DECLINED: &[&str] = &[
    r#"{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[]}}"#,
    r#"{"type":"Feature","geometry":{"type":"Point","crs":null,"coordinates":[121,38]}}"#,
    r#"{"type":"Feature","crs":null}"#,
    r#"{"type":"Featur\u0065"}"#,
    r#"{"typ\u0065":"Feature"}"#,
    r#"{"type":"Feature","properties":{"a":{"b":{"c":1}}},"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
    r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[181,38]}}"#,
    r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[121]}}"#,
    r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[121,38,]}}"#,
    r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[01,38]}}"#,
    r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1.,38]}}"#,
    r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[[121,38]]}}"#,
    r#"{"type":"Feature","geometry":{"type":"Pt","coordinates":[121,38]}}"#,
    r#"{"type":"Feature","geometry":{"type":"Point"}}"#,
    r#"{"type":"Feature","geometry":{"coordinates":[121,38]}}"#,
    r#"{"type":"Polygon"}"#,
    r#"{"geometry":null}"#,
    r#"{"type":"Feature","id":[1]}"#,
    r#"{"type":"Feature","properties":[]}"#,
    r#"{"type":"Feature",}"#,
    // Broken properties.
    r#"{"type":"Feature","properties":{"a":truex}}"#,
    r#"{"type":"Feature","properties":{"a":nul}}"#,
    r#"{"type":"Feature","properties":{"a":01}}"#,
    r#"{"type":"Feature","properties":{"a":1.}}"#,
    r#"{"type":"Feature","properties":{"a":-}}"#,
    r#"{"type":"Feature","properties":{"a":1,}}"#,
    r#"{"type":"Feature","properties":{"a" 1}}"#,
    "{\"type\":\"Feature\",\"properties\":{\"a\":\"\t\"}}",
    r#"{"type":"Feature","properties":{"a":"\q"}}"#,
    r#"{"type":"Feature","properties":{"a":1}"#,
    r#"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[121,38]]}}"#,
    r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[[[[[[[[121,38]]]]]]]]}}"#,
];

#[test]
fn the_usual_features_are_read_by_the_fast_reader_exactly_as_by_the_serde_visitors() {
    for text in USUAL {
        let fast = by_fast(text, false);
        assert!(fast.is_some(), "declined: {text}");
        assert_eq!(fast, by_serde(text, false), "{text}");
        assert_eq!(by_fast(text, true), by_serde(text, true), "GCJ-02: {text}");
    }
}

#[test]
fn errors_and_unusual_forms_are_left_to_the_serde_visitors() {
    for (k, text) in DECLINED.iter().enumerate() {
        assert_eq!(by_fast_to(text, false), None, "read: {text}");
        assert_eq!(by_serde(text, false).is_some(), k < DECLINED_READ, "{text}");
    }
}

/// How many of [`DECLINED`] are not errors.
const DECLINED_READ: usize = 6;

/// A number as JSON text: digits, signs, points and exponents in awkward places.
fn random_number(rng: &mut Lcg) -> String {
    let mut s = String::new();
    if rng.below(3) == 0 {
        s.push('-');
    }
    // Mostly within a longitude's range, now and then beyond.
    let int_digits = if rng.below(4) == 0 { rng.below(12) } else { rng.below(4) };
    for k in 0..int_digits {
        // A leading zero now and then (not JSON when more digits follow).
        let d = if k == 0 && rng.below(4) != 0 {
            1 + rng.below(9)
        } else {
            rng.below(10)
        };
        s.push(char::from(b'0' + d as u8));
    }
    if rng.below(4) != 0 {
        s.push('.');
        for _ in 0..rng.below(19) {
            s.push(char::from(b'0' + rng.below(10) as u8));
        }
    }
    if rng.below(20) == 0 {
        s.push('e');
        s.push_str(&rng.below(30).to_string());
    }
    s
}

#[test]
fn flat_properties_are_read_here_as_serde_json_reads_them_and_the_rest_is_left_to_it() {
    let read = [
        "null",
        "{}",
        r#"{"名称":"大连港","n":12,"x":-3,"f":2.50,"g":-0.0,"b":true,"c":false,"z":null,"t":["plan","zone-1",7,null],"e":[]}"#,
        r#" { "a" : 1 , "a" : "again" , "l" : [ 1 , 2 ] } "#,
        r#"{"big":9007199254740992,"neg":-9007199254740992,"small":0.0000000000000001}"#,
        // Values of other kinds, read by serde_json one by one.
        r#"{"a":-0,"b":1}"#,
        r#"{"a":1e3}"#,
        r#"{"a":9007199254740993,"b":"x"}"#,
        r#"{"a":"\u5927"}"#,
        r#"{"a":{"b":1,"c":[{"d":null}]},"e":2.5}"#,
        r#"{"a":[[1]]}"#,
        r#"{"a":[{"b":1}]}"#,
    ];
    for text in read {
        let ours = FastReader::new()
            .flat_properties(text)
            .unwrap_or_else(|| panic!("declined {text}"));
        let theirs: Option<Properties> = serde_json::from_str(text).unwrap();
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "{text}");
    }
    let left = [
        r#"{"a\"b":1}"#,
        r#"{"a":truex}"#,
        r#"{"a":1e}"#,
        r#"{"a":01}"#,
        r#"{"a":1.}"#,
        r#"{"a":1,}"#,
        "[1]",
        r#""text""#,
    ];
    for text in left {
        assert_eq!(FastReader::new().flat_properties(text), None, "{text}");
    }
}

#[test]
fn number_properties_are_the_values_serde_json_makes_of_them() {
    let mut rng = Lcg(23);
    let mut read = 0;
    for _ in 0..100_000 {
        let n = random_number(&mut rng);
        let text = format!(r#"{{"type":"Feature","properties":{{"v":{n},"w":[{n}]}}}}"#);
        let serde = by_serde(&text, false);
        match by_fast(&text, false) {
            // As text, so that -0.0 and 0.0 differ.
            Some(f) => {
                assert_eq!(format!("{:?}", Some(&f)), format!("{:?}", serde.as_ref()), "{n}");
                read += 1;
            }
            None => assert_eq!(serde, None, "{n}"),
        }
    }
    assert!(read > 50_000, "{read}");
}

#[test]
fn numbers_read_by_the_fast_reader_equal_serde_json_to_the_bit() {
    let mut rng = Lcg(17);
    let mut read = 0;
    for _ in 0..200_000 {
        let n = random_number(&mut rng);
        let text = format!(r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{n},0.5,{n}]}}}}"#);
        let fast = by_fast(&text, false);
        let serde = serde_json::from_str::<f64>(&n).ok().filter(|v| v.abs() <= 180.0);
        match (&fast, serde) {
            (Some(f), Some(v)) => {
                let geo::Geometry::Point(p) = f.geometry else {
                    panic!("{text}")
                };
                assert_eq!(p.x().to_bits(), v.to_bits(), "{n}");
                read += 1;
            }
            (Some(_), None) => panic!("read what serde_json refuses: {n}"),
            (None, _) => {}
        }
    }
    // Most numbers of 17 digits or fewer, without an exponent, are read.
    assert!(read > 60_000, "{read}");
}

/// `text` with a few bytes changed, inserted or removed (JSON's own characters most
/// often), kept valid UTF-8.
fn mutate(rng: &mut Lcg, text: &str) -> String {
    const PIECES: &[&str] = &[
        "{", "}", "[", "]", ",", ":", "\"", " ", "\n", "\\", "-", ".", "0", "1", "9", "e", "null", "type", "x", "大",
    ];
    let mut chars: Vec<String> = text.chars().map(String::from).collect();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(chars.len() + 1);
        let piece = PIECES[rng.below(PIECES.len())].to_string();
        match rng.below(3) {
            0 if at < chars.len() => chars[at] = piece,
            1 if at < chars.len() => {
                chars.remove(at);
            }
            _ => chars.insert(at, piece),
        }
    }
    chars.concat()
}

#[test]
fn whatever_the_fast_reader_reads_of_damaged_features_the_serde_visitors_read_the_same() {
    let mut rng = Lcg(3);
    let (mut read, mut declined) = (0, 0);
    for _ in 0..60_000 {
        let original = USUAL[rng.below(USUAL.len())];
        let text = mutate(&mut rng, original);
        let gcj02 = rng.below(4) == 0;
        // Whatever follows the object is the caller's to check.
        match by_fast_to(&text, gcj02) {
            Some((f, end)) => {
                assert_eq!(Some(f), by_serde(&text[..end], gcj02), "{text}");
                read += 1;
            }
            None => declined += 1,
        }
    }
    // Both sides are exercised.
    assert!(read > 5_000 && declined > 5_000, "{read} read, {declined} declined");
}

#[test]
fn a_feature_inside_a_longer_text_is_read_up_to_its_closing_brace() {
    let text = format!("[{},{}]", USUAL[0], USUAL[1]);
    let no_progress = |_: f32| true;
    let ctx = Ctx::new(&text, false, &no_progress, (0.0, 1.0));
    let mut reader = FastReader::new();
    let first_end = 1 + USUAL[0].len();
    let (first, end) = reader.feature(&ctx, &text, 1).unwrap();
    assert_eq!((Some(first), end), (by_serde(USUAL[0], false), first_end));
    let (second, end) = reader.feature(&ctx, &text, first_end + 1).unwrap();
    assert_eq!((Some(second), end), (by_serde(USUAL[1], false), text.len() - 1));
    // A text that ends inside the feature is declined.
    assert_eq!(reader.feature(&ctx, &text[..first_end - 1], 1), None);
}

#[test]
fn properties_nested_deeper_than_the_scanner_reads_are_left_to_the_serde_visitors() {
    let nested = |depth: usize| {
        format!(
            r#"{{"type":"Feature","properties":{}{}}}"#,
            "{\"a\":".repeat(depth - 1) + "{}",
            "}".repeat(depth - 1)
        )
    };
    assert!(by_fast(&nested(99), false).is_some());
    assert_eq!(by_fast_to(&nested(100), false), None);
    let foreign = |depth: usize| {
        format!(
            r#"{{"type":"Feature","x":{}1{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    assert!(by_fast(&foreign(99), false).is_some());
    assert_eq!(by_fast_to(&foreign(100), false), None);
}

#[test]
fn digit_runs_read_eight_at_a_time_equal_a_digit_by_digit_reading() {
    // Digits, and the bytes just beside them in ASCII and beyond it.
    const BYTES: &[u8] = b"0123456789/:.,]e \x80\xff\x2f\x3a\xb9";
    let mut rng = Lcg(5);
    for _ in 0..100_000 {
        let len = rng.below(30);
        let b: Vec<u8> = (0..len)
            .map(|_| {
                if rng.below(3) == 0 {
                    BYTES[rng.below(BYTES.len())]
                } else {
                    b'0' + rng.below(10) as u8
                }
            })
            .collect();
        let from = rng.below(len + 1);
        let start = rng.below(1000) as u64;
        let mut expected = (start, from);
        while let Some(&c @ b'0'..=b'9') = b.get(expected.1) {
            expected = (
                expected.0.wrapping_mul(10).wrapping_add(u64::from(c - b'0')),
                expected.1 + 1,
            );
        }
        assert_eq!(
            super::fast::digit_run(&b, from, start),
            expected,
            "{:?} from {from}",
            String::from_utf8_lossy(&b)
        );
    }
}
