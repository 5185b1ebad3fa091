//! A structural scanner for GeoJSON text: where the top-level `features` array starts,
//! where each of its elements ends, and good places to split it among threads.
//!
//! The scanner does not validate JSON. It follows strings (with their escapes) and
//! counts brackets, which finds the same element ends serde_json finds in valid JSON;
//! wherever the text is not what a plain FeatureCollection looks like it answers `None`
//! (a doubt), and the caller reads the file the sequential way, so errors stay exactly
//! those of the sequential reader.

use memchr::{memchr2, memmem};

/// Deepest nesting of arrays and objects inside one feature that the scanner accepts
/// (serde_json refuses at 128 levels in the whole file; a feature starts at level 3).
pub(super) const MAX_FEATURE_DEPTH: usize = 100;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Bit 7 of each byte of the answer is set where that byte of `v` is zero (exactly: no
/// carries between bytes).
fn zero_bytes(v: u64) -> u64 {
    !(((v & !HIGH) + !HIGH) | v) & HIGH
}

/// Bit 7 of each byte of the answer is set where that byte of `w` is `{`, `}`, `[`, `]`
/// or `"` (`[` and `]` differ from `{` and `}` only in bit 5).
fn structural(w: u64) -> u64 {
    let folded = w | (0x20 * ONES);
    zero_bytes(folded ^ (u64::from(b'{') * ONES))
        | zero_bytes(folded ^ (u64::from(b'}') * ONES))
        | zero_bytes(w ^ (u64::from(b'"') * ONES))
}

/// The index of the first `{`, `}`, `[`, `]` or `"` at or after `j`, eight bytes at a
/// time.
#[cfg(test)]
fn next_structural(b: &[u8], mut j: usize) -> Option<usize> {
    while let Some(word) = b.get(j..j + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        let hits = structural(u64::from_le_bytes(word));
        if hits != 0 {
            return Some(j + (hits.trailing_zeros() / 8) as usize);
        }
        j += 8;
    }
    b.get(j..)?
        .iter()
        .position(|c| matches!(c, b'{' | b'}' | b'[' | b']' | b'"'))
        .map(|k| j + k)
}

/// The first byte at or after `i` that is not JSON whitespace (`b.len()` if none).
pub(super) fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i) {
        if !matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            break;
        }
        i += 1;
    }
    i
}

/// The end (exclusive) of the string whose opening quote is at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        let k = j + memchr2(b'"', b'\\', b.get(j..)?)?;
        if b[k] == b'"' {
            return Some(k + 1);
        }
        j = k + 2;
    }
}

/// The end (exclusive) of the object or array that opens at `i`, if its brackets close
/// within `max_depth` levels of nesting. Eight bytes at a time: every bracket in a word
/// is counted from the word's mask; only a string's quote leaves the word.
pub(super) fn container_end(b: &[u8], i: usize, max_depth: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    'words: loop {
        while let Some(word) = b.get(j..j + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            let mut hits = structural(u64::from_le_bytes(word));
            while hits != 0 {
                let k = j + (hits.trailing_zeros() / 8) as usize;
                match b[k] {
                    b'"' => {
                        j = string_end(b, k)?;
                        continue 'words;
                    }
                    b'{' | b'[' => {
                        depth += 1;
                        if depth > max_depth {
                            return None;
                        }
                    }
                    _ => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(k + 1);
                        }
                    }
                }
                hits &= hits - 1;
            }
            j += 8;
        }
        // Fewer than eight bytes are left.
        while let Some(&c) = b.get(j) {
            match c {
                b'"' => {
                    j = string_end(b, j)?;
                    continue 'words;
                }
                b'{' | b'[' => {
                    depth += 1;
                    if depth > max_depth {
                        return None;
                    }
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(j + 1);
                    }
                }
                _ => {}
            }
            j += 1;
        }
        return None;
    }
}

/// The end (exclusive) of the scalar (number, `true`, `false`, `null`) at `i`.
fn scalar_end(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i) {
        if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
            break;
        }
        i += 1;
    }
    i
}

/// Where the top-level object's `features` member is: the index of its `[` and of its
/// first element (`None` for an empty array). `None` when the text is not an object
/// with exactly one such member before anything doubtful (a key with escapes, which
/// could spell `features`, or a structure the scanner does not follow).
pub(super) fn find_features(b: &[u8]) -> Option<(usize, Option<usize>)> {
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = skip_ws(b, i);
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(b, i)?;
        let key = &b[i + 1..key_end - 1];
        if key.contains(&b'\\') {
            return None;
        }
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        if key == b"features" {
            if b.get(i) != Some(&b'[') {
                return None;
            }
            let first = skip_ws(b, i + 1);
            return match b.get(first) {
                Some(b']') => Some((i, None)),
                Some(b'{') => Some((i, Some(first))),
                _ => None,
            };
        }
        i = match b.get(i)? {
            b'"' => string_end(b, i)?,
            b'{' | b'[' => container_end(b, i, MAX_FEATURE_DEPTH)?,
            _ => scalar_end(b, i),
        };
        i = skip_ws(b, i);
        if b.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
    }
}

/// What follows an element of the `features` array that ends at `end`.
pub(super) enum Next {
    /// Another feature starts here (after a comma).
    Feature(usize),
    /// The array closes here (the index of its `]`).
    Close(usize),
}

/// The next element of the array after the element that ends at `end`, or `None` when
/// what follows is not `,` and an object, nor `]`.
pub(super) fn next_element(b: &[u8], end: usize) -> Option<Next> {
    let s = skip_ws(b, end);
    match b.get(s)? {
        b']' => Some(Next::Close(s)),
        b',' => {
            let p = skip_ws(b, s + 1);
            (b.get(p) == Some(&b'{')).then_some(Next::Feature(p))
        }
        _ => None,
    }
}

/// Up to `n` places to start reading features, in increasing order: `first` (the first
/// feature) and then, near `first + k·(rest)/n`, a place that looks like the start of a
/// feature (the same first bytes as the first feature, after `}` and a comma). These are
/// guesses: a reader that starts at one must be confirmed by the reader before it
/// landing exactly there.
pub(super) fn split_points(b: &[u8], first: usize, n: usize) -> Vec<usize> {
    let mut out = vec![first];
    let Some(first_end) = container_end(b, first, MAX_FEATURE_DEPTH) else {
        return out;
    };
    let needle = &b[first..first_end.min(first + 16)];
    let finder = memmem::Finder::new(needle);
    let rest = b.len() - first;
    let window = (rest / n.max(1)).clamp(1, 4 << 20);
    for k in 1..n {
        let target = first + rest / n * k;
        let Some(&last) = out.last() else { break };
        let mut from = target.max(last + 1);
        let stop = (target + window).min(b.len());
        while from < stop {
            let Some(hit) = finder.find(&b[from..stop]) else { break };
            let p = from + hit;
            if follows_a_comma_after_an_object(b, p) {
                out.push(p);
                break;
            }
            from = p + 1;
        }
    }
    out
}

/// Whether `p` is preceded by `}`, a comma and only whitespace between.
fn follows_a_comma_after_an_object(b: &[u8], p: usize) -> bool {
    let before = |mut i: usize| {
        while i > 0 && matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
            i -= 1;
        }
        i.checked_sub(1).map(|j| (j, b[j]))
    };
    match before(p) {
        Some((comma, b',')) => matches!(before(comma), Some((_, b'}'))),
        _ => false,
    }
}

/// How many features the `features` array of a FeatureCollection holds, found by
/// scanning alone (`None` on a doubt).
pub(super) fn feature_count(b: &[u8]) -> Option<usize> {
    let (_, first) = find_features(b)?;
    let Some(mut p) = first else { return Some(0) };
    let mut n = 0;
    loop {
        let end = container_end(b, p, MAX_FEATURE_DEPTH)?;
        n += 1;
        match next_element(b, end)? {
            Next::Close(_) => return Some(n),
            Next::Feature(q) => p = q,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_features_array_is_found_after_other_members() {
        let t = br#"{"type":"FeatureCollection","name":"a[{\"}","crs":{"x":[1,{"features":2}]},"n":-1.5e3, "features" : [ {"a":1}]}"#;
        let (open, first) = find_features(t).expect("found");
        assert_eq!(t[open], b'[');
        assert_eq!(&t[first.expect("one")..first.expect("one") + 7], br#"{"a":1}"#);
    }

    #[test]
    fn an_escaped_key_or_a_non_object_element_is_a_doubt() {
        assert!(find_features(br#"{"feat\u0075res":[{}]}"#).is_none());
        assert!(find_features(br#"{"features":[1]}"#).is_none());
        assert!(find_features(br#"[{"features":[{}]}]"#).is_none());
        assert_eq!(find_features(br#"{"features":[ ]}"#).map(|f| f.1), Some(None));
    }

    #[test]
    fn containers_end_at_their_matching_bracket_past_strings_with_brackets() {
        let t = br#"{"a":"}]\\","b":["\"}",{"c":[]}]} tail"#;
        let end = container_end(t, 0, 10).expect("ends");
        assert_eq!(&t[end..], b" tail");
        assert!(container_end(br#"{"a":[[[1]]]}"#, 0, 3).is_none(), "too deep");
        assert!(container_end(br#"{"a":"unterminated}"#, 0, 10).is_none());
        // Every split of brackets and strings between words and the tail.
        let t = br#"{"k":[[1,2],[3,{"s":"a\"}{"}]],"e":{}}"#;
        for pad in 0..9 {
            let mut padded = vec![b' '; pad];
            padded.extend_from_slice(t);
            padded.extend_from_slice(b"   ]");
            assert_eq!(container_end(&padded, pad, 10), Some(pad + t.len()), "{pad}");
            assert_eq!(container_end(&padded[..pad + t.len() - 1], pad, 10), None, "{pad}");
            assert!(container_end(&padded, pad, 4).is_some());
            assert!(container_end(&padded, pad, 3).is_none());
        }
    }

    #[test]
    fn the_word_at_a_time_search_finds_every_bracket_and_quote_at_every_offset() {
        for at in 0..20 {
            for c in [b'{', b'}', b'[', b']', b'"'] {
                let mut t = vec![b'x'; 20];
                t.extend_from_slice(b"\x00\x7f\xff;=;{");
                t[at] = c;
                assert_eq!(next_structural(&t, 0), Some(at));
                assert_eq!(next_structural(&t, at + 1), Some(t.len() - 1), "{at} {c}");
            }
        }
        assert_eq!(next_structural(b"0123456789 ;=\x02\x5a\x5c\x7a\x7c", 0), None);
    }

    #[test]
    fn the_scanner_counts_features_and_doubts_a_missing_comma() {
        assert_eq!(feature_count(br#"{"features":[{"a":"}"}, {"b":[{}]} ,{}]}"#), Some(3));
        assert_eq!(feature_count(br#"{"features":[]}"#), Some(0));
        assert_eq!(feature_count(br#"{"features":[{} {}]}"#), None);
        assert_eq!(feature_count(br#"{"features":[{},]}"#), None);
    }

    #[test]
    fn split_points_start_where_features_start() {
        let feature = r#"{"type":"Feature","properties":{"s":"},{\"type\":\"Feature"},"geometry":null}"#;
        let text = format!(r#"{{"features":[{}]}}"#, vec![feature; 200].join(",\n"));
        let b = text.as_bytes();
        let (_, first) = find_features(b).expect("found");
        let points = split_points(b, first.expect("features"), 4);
        assert_eq!(points.len(), 4);
        for p in points {
            assert!(text[p..].starts_with(feature), "{p}");
        }
    }
}
