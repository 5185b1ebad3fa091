//! A hand-written reader for features of the usual shape (issue 14): with it the
//! parallel reader reads the benchmarks' synthetic collections 1.4–1.8 times as fast
//! (`cargo bench --bench geojson_import`, old and new in the same run).
//!
//! It reads one feature object — `type`, `geometry` (a geometry object or `null`),
//! `properties`, `id` and members it ignores — and finds where the object ends, so the
//! scanner need not walk it first. It parses a geometry's `coordinates` itself: numbers
//! of the form `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with at most 17 digits, whose value is one
//! correctly rounded division (`digits / 10^k`, both exact), the same as serde_json's
//! `float_roundtrip` parse (serde_json reads any other number). It reads `properties`
//! of the usual, flat shape too: plain strings, such numbers (integers kept as integers,
//! as serde_json keeps them), `true`, `false`, `null`, and arrays of those. The other
//! values (other `properties`, `id`, members it ignores) are read by serde_json itself,
//! starting where they start, and refused past [`MAX_FEATURE_DEPTH`] levels, so
//! serde_json's limit of 128 levels in the whole file still decides.
//!
//! It declines — returns `None` and the caller reads the feature with the serde
//! visitors — anything else: an error of any kind (so every message still comes from
//! the one reader that words them), escapes in keys and type names, `crs`,
//! GeometryCollections, deep nesting. What it accepts, it reads exactly
//! as the serde visitors do (`fast_tests.rs` compares them; the `geojson` fuzz target
//! compares the parallel and sequential readers).

use geo::Coord;
use serde::Deserialize;
use serde_json::{Map, Number, Value};

use super::geometry::{Coords, build_geometry};
use super::parse::{Ctx, feature_id, no_geometry};
use super::scan::MAX_FEATURE_DEPTH;
use crate::model::properties::key;
use crate::model::{PropValue, Properties, UserFeature};

/// Deepest `coordinates` nesting read here (a MultiPolygon's positions are at 4).
const MAX_COORDS_DEPTH: usize = 6;

/// Most digits in a number read here: 10^17 < 2^64, so they add up in a `u64`.
const MAX_DIGITS: usize = 17;

/// Powers of ten exact in an `f64` (10^22 is the last).
const POW10: [f64; MAX_DIGITS + 1] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
];

/// Powers of ten up to eight digits' worth.
const POW10_U64: [u64; 9] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

/// Reads features one after another, reusing its buffer of positions.
pub(super) struct FastReader {
    scratch: Vec<Coord<f64>>,
}

impl FastReader {
    pub(super) fn new() -> FastReader {
        FastReader { scratch: Vec::new() }
    }

    /// The feature whose object starts at `text[from]` (after white space), and the
    /// index just past its closing `}`; or `None` where the serde visitors must read it
    /// (see the module docs).
    pub(super) fn feature(&mut self, ctx: &Ctx<'_>, text: &str, from: usize) -> Option<(UserFeature, usize)> {
        let mut r = Cursor {
            text,
            b: text.as_bytes(),
            i: from,
            scratch: &mut self.scratch,
            ctx,
        };
        let f = r.feature()?;
        Some((f, r.i))
    }
}

#[cfg(test)]
impl FastReader {
    /// What [`Cursor::flat_properties`] reads of `text` (a `properties` value), where it
    /// reads the whole of it.
    pub(super) fn flat_properties(&mut self, text: &str) -> Option<Option<Properties>> {
        let no_progress = |_: f32| true;
        let ctx = Ctx::new(text, false, &no_progress, (0.0, 1.0));
        let mut r = Cursor {
            text,
            b: text.as_bytes(),
            i: 0,
            scratch: &mut self.scratch,
            ctx: &ctx,
        };
        let p = r.flat_properties()?;
        r.ws();
        (r.i == text.len()).then_some(p)
    }
}

/// A position in the text being read.
struct Cursor<'t, 's, 'c, 'a> {
    text: &'t str,
    b: &'t [u8],
    i: usize,
    scratch: &'s mut Vec<Coord<f64>>,
    ctx: &'c Ctx<'a>,
}

impl<'t> Cursor<'t, '_, '_, '_> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// The next byte after white space, consumed.
    fn next(&mut self) -> Option<u8> {
        self.ws();
        let c = *self.b.get(self.i)?;
        self.i += 1;
        Some(c)
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }

    /// A string without escapes or control characters (after its opening quote).
    fn plain_str(&mut self) -> Option<&'t str> {
        let start = self.i;
        // One pass, byte by byte: names and values are mostly short, where finding the
        // quote first and then looking for escapes cost twice as much.
        let len = self
            .b
            .get(start..)?
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        if self.b[start + len] != b'"' {
            return None;
        }
        self.i = start + len + 1;
        // Both ends are ASCII quotes in valid UTF-8, so this is a whole string.
        self.text.get(start..start + len)
    }

    /// A string value without escapes or control characters.
    fn str_value(&mut self) -> Option<&'t str> {
        self.eat(b'"')?;
        self.plain_str()
    }

    /// The object's next key and its colon, or `None` at its end; `first` for the
    /// first member (after `{`).
    fn key(&mut self, first: bool) -> Option<Option<&'t str>> {
        match self.next()? {
            b'}' => return Some(None),
            b',' if !first => self.eat(b'"')?,
            b'"' if first => {}
            _ => return None,
        }
        let k = self.plain_str()?;
        self.eat(b':')?;
        Some(Some(k))
    }

    /// A value read by serde_json from here, nested so that the feature holding it is
    /// no deeper than the scanner reads ([`MAX_FEATURE_DEPTH`], the feature's own level
    /// included): serde_json refuses 128 levels counted from the file's top, this
    /// reader 128 from the value, and the reader reads only what the scanner would.
    fn serde<T: for<'de> Deserialize<'de>>(&mut self, depth: impl Fn(&T) -> usize) -> Option<T> {
        let rest = self.text.get(self.i..)?;
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        let v = values.next()?.ok()?;
        if depth(&v) >= MAX_FEATURE_DEPTH {
            return None;
        }
        self.i += values.byte_offset();
        Some(v)
    }

    fn feature(&mut self) -> Option<UserFeature> {
        self.eat(b'{')?;
        let mut is_feature = false;
        let mut geometry = None;
        let mut properties: Option<Properties> = None;
        let mut id = None;
        let mut first = true;
        while let Some(key) = self.key(first)? {
            first = false;
            match key {
                "type" => {
                    if self.str_value()? != "Feature" {
                        return None;
                    }
                    is_feature = true;
                }
                "geometry" => geometry = self.opt_geometry()?,
                "properties" => properties = self.properties()?,
                "id" => id = feature_id::<serde_json::Error>(self.serde(value_depth)?).ok()?,
                "crs" => return None,
                _ => {
                    self.serde(value_depth)?;
                }
            }
        }
        is_feature.then(|| UserFeature {
            id,
            geometry: geometry.unwrap_or_else(no_geometry),
            properties: properties.unwrap_or_default(),
        })
    }

    /// `null` or a geometry object.
    fn opt_geometry(&mut self) -> Option<Option<geo::Geometry<f64>>> {
        self.ws();
        if self.b.get(self.i..self.i + 4) == Some(b"null") {
            self.i += 4;
            return Some(None);
        }
        self.eat(b'{')?;
        let mut kind = None;
        let mut coords = None;
        let mut first = true;
        while let Some(key) = self.key(first)? {
            first = false;
            match key {
                "type" => kind = Some(self.str_value()?),
                "coordinates" => coords = Some(self.coords(1)?),
                "geometries" | "crs" => return None,
                _ => {
                    self.serde(value_depth)?;
                }
            }
        }
        build_geometry(kind?, coords, None).ok().map(Some)
    }

    /// A `coordinates` array (its `[` next), `depth` arrays deep.
    fn coords(&mut self, depth: usize) -> Option<Coords> {
        if depth > MAX_COORDS_DEPTH {
            return None;
        }
        self.eat(b'[')?;
        self.ws();
        match *self.b.get(self.i)? {
            b']' => {
                self.i += 1;
                Some(Coords::Empty)
            }
            b'[' => match self.coords(depth + 1)? {
                Coords::Pos(first) => self.line(first).map(Coords::Line),
                first => {
                    let mut items = vec![first];
                    while self.more()? {
                        items.push(self.coords(depth + 1)?);
                    }
                    Some(Coords::Nested(items))
                }
            },
            _ => self.position_rest().map(Coords::Pos),
        }
    }

    /// After an element: `true` past a comma, `false` past the closing `]`.
    fn more(&mut self) -> Option<bool> {
        match self.next()? {
            b',' => Some(true),
            b']' => Some(false),
            _ => None,
        }
    }

    /// The positions of a line after its first.
    fn line(&mut self, first: Coord<f64>) -> Option<Vec<Coord<f64>>> {
        let mut v = std::mem::take(self.scratch);
        v.clear();
        v.push(first);
        let ok = loop {
            match self.more() {
                Some(true) => {}
                Some(false) => break true,
                None => break false,
            }
            if self.eat(b'[').is_none() {
                break false;
            }
            match self.position_rest() {
                Some(c) => v.push(c),
                None => break false,
            }
        };
        let line = ok.then(|| v.to_vec());
        *self.scratch = v;
        line
    }

    /// A position after its `[`: two numbers or more (the third and later are dropped).
    fn position_rest(&mut self) -> Option<Coord<f64>> {
        let lon = self.number()?;
        self.eat(b',')?;
        let lat = self.number()?;
        while self.more()? {
            self.number()?;
        }
        self.ctx.lon_lat::<serde_json::Error>(lon, lat).ok()
    }

    /// A number: of the form the module docs give read here, any other by serde_json
    /// (as the serde visitors read it: `f64` takes whole numbers as `NumSeed` does). So
    /// a file of 17-digit coordinates, as JavaScript and Python write them, is not read
    /// twice.
    fn number(&mut self) -> Option<f64> {
        self.ws();
        match self.short_number() {
            Some(v) => Some(v),
            None => self.long_number(),
        }
    }

    /// A number serde_json reads (kept out of [`Cursor::number`], which reads millions
    /// of the short kind).
    #[cold]
    #[inline(never)]
    fn long_number(&mut self) -> Option<f64> {
        self.serde(|_: &f64| 0)
    }

    /// A number of the form the module docs give.
    #[inline(always)]
    fn short_number(&mut self) -> Option<f64> {
        let n = self.short_parts()?;
        self.i = n.end;
        let v = n.digits as f64 / POW10[n.decimals];
        Some(if n.negative { -v } else { v })
    }

    /// The parts of a number of the form the module docs give, not consumed.
    #[inline(always)]
    fn short_parts(&self) -> Option<ShortNumber> {
        let b = self.b;
        let mut i = self.i;
        let negative = b.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let start = i;
        let mut digits: u64 = 0;
        match *b.get(i)? {
            b'0' => i += 1,
            c @ b'1'..=b'9' => {
                // Digit by digit (a longitude's whole part has at most three, where the
                // eight-at-a-time way costs more), eight at a time past eight.
                digits = u64::from(c - b'0');
                i += 1;
                while let Some(&d @ b'0'..=b'9') = b.get(i) {
                    if i - start == 8 {
                        (digits, i) = digit_run(b, i, digits);
                        break;
                    }
                    digits = digits * 10 + u64::from(d - b'0');
                    i += 1;
                }
            }
            _ => return None,
        }
        let mut count = i - start;
        let mut decimals = 0;
        let point = b.get(i) == Some(&b'.');
        if point {
            let from = i + 1;
            (digits, i) = digit_run(b, from, digits);
            decimals = i - from;
            if decimals == 0 {
                return None;
            }
            count += decimals;
        }
        // Exponents, and more digits than a u64 holds or an f64 holds exactly.
        if count > MAX_DIGITS || digits > 1 << 53 || matches!(b.get(i), Some(b'e' | b'E')) {
            return None;
        }
        Some(ShortNumber {
            negative,
            digits,
            decimals,
            point,
            end: i,
        })
    }

    /// `properties`: of the usual shape read here ([`Cursor::flat_properties`]), any
    /// other by serde_json.
    fn properties(&mut self) -> Option<Option<Properties>> {
        let from = self.i;
        if let Some(p) = self.flat_properties() {
            return Some(p);
        }
        self.i = from;
        self.serde(|p: &Option<Properties>| p.as_ref().map_or(0, properties_depth))
    }

    /// `null`, or an object whose names are plain strings: what the serde visitors make
    /// of it. Values that are plain strings, numbers of the form the module docs give,
    /// `true`, `false`, `null` or arrays of those are read here, any other by serde_json
    /// (so one nested object does not send the whole object back to it). `None` where
    /// serde_json is to read it all (it words any error).
    fn flat_properties(&mut self) -> Option<Option<Properties>> {
        self.ws();
        if self.word(b"null").is_some() {
            return Some(None);
        }
        self.eat(b'{')?;
        let mut entries = Vec::new();
        let mut first = true;
        while let Some(name) = self.key(first)? {
            first = false;
            let at = self.i;
            let value = match self.flat_value(true) {
                Some(v) => v,
                None => {
                    self.i = at;
                    // As deep as the properties holding it would be ([`properties_depth`]).
                    self.serde(|v: &PropValue| 1 + property_depth(v))?
                }
            };
            entries.push((key(name), value));
        }
        Some(Some(Properties::from_keyed(entries)))
    }

    /// A value of [`Cursor::flat_properties`]' kinds (an array of them where `arrays`).
    fn flat_value(&mut self, arrays: bool) -> Option<PropValue> {
        self.ws();
        Some(match *self.b.get(self.i)? {
            b'"' => {
                self.i += 1;
                PropValue::String(self.plain_str()?.into())
            }
            b't' => self.word(b"true").map(|()| PropValue::Bool(true))?,
            b'f' => self.word(b"false").map(|()| PropValue::Bool(false))?,
            b'n' => self.word(b"null").map(|()| PropValue::Null)?,
            b'[' if arrays => {
                self.i += 1;
                self.ws();
                let mut items = Vec::new();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                } else {
                    loop {
                        items.push(self.flat_value(false)?);
                        if !self.more()? {
                            break;
                        }
                    }
                }
                PropValue::Array(items.into_boxed_slice())
            }
            b'-' | b'0'..=b'9' => PropValue::Number(self.json_number()?),
            _ => return None,
        })
    }

    /// A number of the form the module docs give as serde_json keeps it: an integer
    /// without a point, else a float. `None` for `-0` (a float to serde_json).
    fn json_number(&mut self) -> Option<Number> {
        let n = self.short_parts()?;
        let number = if n.point {
            let v = n.digits as f64 / POW10[n.decimals];
            Number::from_f64(if n.negative { -v } else { v })?
        } else if n.negative {
            // Below 2⁵³ (checked), so negated exactly.
            Number::from(-i64::try_from(n.digits).ok().filter(|&d| d > 0)?)
        } else {
            Number::from(n.digits)
        };
        self.i = n.end;
        Some(number)
    }

    /// `literal` next (its bytes, nothing after them checked), consumed.
    fn word(&mut self, literal: &[u8]) -> Option<()> {
        (self.b.get(self.i..self.i + literal.len()) == Some(literal)).then(|| self.i += literal.len())
    }
}

/// A number's parts as [`Cursor::short_parts`] reads them.
struct ShortNumber {
    negative: bool,
    /// All its digits, the point left out.
    digits: u64,
    /// Digits after the point.
    decimals: usize,
    /// Whether it has a point (`1.0` is a float to serde_json, `1` an integer).
    point: bool,
    /// The index past it.
    end: usize,
}

/// Appends the digits from `b[i]` on to `digits` (wrapping past `u64`: the caller
/// counts them); returns the new value and the index after the last digit. Eight
/// digits at a time where eight bytes remain (the bytes as one `u64`, as simdjson does).
#[inline(always)]
pub(super) fn digit_run(b: &[u8], mut i: usize, mut digits: u64) -> (u64, usize) {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        // Each byte's digit value where it is a digit.
        let x = u64::from_le_bytes(word) ^ 0x3030_3030_3030_3030;
        // The high bit of each byte that is not a digit (above 9 after the xor); a
        // carry only runs upwards, past the first such byte.
        let not_digit = (x.wrapping_add(0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080;
        let n = (not_digit.trailing_zeros() / 8) as usize;
        if n == 0 {
            return (digits, i);
        }
        // The first `n` bytes (the low ones) moved to the top: leading zero digits.
        let v = x << (8 * (8 - n));
        let v = v.wrapping_mul(10).wrapping_add(v >> 8);
        let v = ((v & 0x0000_00FF_0000_00FF).wrapping_mul(100 + (1_000_000 << 32))
            + ((v >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32)))
            >> 32;
        digits = digits.wrapping_mul(POW10_U64[n]).wrapping_add(v);
        i += n;
        if n < 8 {
            return (digits, i);
        }
    }
    while let Some(&c @ b'0'..=b'9') = b.get(i) {
        digits = digits.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
        i += 1;
    }
    (digits, i)
}

/// How deep arrays and objects nest in `v` (0 for a number, string, …).
fn value_depth(v: &Value) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(value_depth).max().unwrap_or(0),
        Value::Object(map) => map_depth(map),
        _ => 0,
    }
}

fn map_depth(map: &Map<String, Value>) -> usize {
    1 + map.values().map(value_depth).max().unwrap_or(0)
}

fn properties_depth(p: &Properties) -> usize {
    1 + p.values().map(property_depth).max().unwrap_or(0)
}

/// [`value_depth`] of a property's value.
fn property_depth(v: &PropValue) -> usize {
    match v {
        PropValue::Array(items) => 1 + items.iter().map(property_depth).max().unwrap_or(0),
        PropValue::Object(p) => properties_depth(p),
        _ => 0,
    }
}
