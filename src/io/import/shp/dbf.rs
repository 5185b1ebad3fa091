//! The `.dbf` attribute table of a shapefile (dBASE III): its header, its field
//! descriptors and its records, decoded into JSON values.
//!
//! Field types: `C` text, `N`/`F` numbers (integers stay integers when the field has no
//! decimals), `L` booleans, `D` dates (`"YYYY-MM-DD"`), anything else text. Blank
//! fields of any type are `null` (as GDAL reads them); text loses its trailing spaces; a
//! number that does not parse is kept as its text rather than lost.

use serde_json::{Map, Number, Value};

use super::super::encoding::{EncodingSource, TextEncoding};

/// One field descriptor.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The raw name bytes (up to the first NUL), decoded with the table's encoding.
    pub name_raw: Vec<u8>,
    pub kind: u8,
    /// Offset of the field inside a record (after the deletion flag).
    pub offset: usize,
    pub length: usize,
    pub decimals: u8,
}

/// The header of a `.dbf`.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub record_count: usize,
    pub header_len: usize,
    pub record_len: usize,
    /// The language driver byte (29): 0x4D/0x7A GBK, 0x4F/0x78 BIG5, 0x57 “ANSI”.
    pub language_driver: u8,
    pub fields: Vec<Field>,
}

/// Why a `.dbf` header cannot be read (a message for the user).
pub type Problem = String;

/// Reads the header from the first bytes of the file (`bytes` may be a prefix that
/// holds at least the header). The record count is not checked here: see
/// [`Header::records_held`].
pub fn header(bytes: &[u8]) -> Result<Header, Problem> {
    if bytes.len() < 32 {
        return Err("shorter than a dBASE header (32 bytes): not an attribute table, or truncated".to_string());
    }
    let record_count = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let header_len = usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
    let record_len = usize::from(u16::from_le_bytes([bytes[10], bytes[11]]));
    let language_driver = bytes[29];
    if header_len < 33 || record_len < 1 {
        return Err(format!(
            "not a dBASE table (header length {header_len}, record length {record_len})"
        ));
    }
    if bytes.len() < header_len {
        return Err(format!(
            "the header ({header_len} bytes) is cut off after {} bytes: the file is truncated",
            bytes.len()
        ));
    }
    let mut fields = Vec::new();
    let mut offset = 0usize;
    let mut at = 32usize;
    while at + 32 <= header_len && bytes[at] != 0x0D {
        let d = &bytes[at..at + 32];
        let name_end = d[..11].iter().position(|b| *b == 0).unwrap_or(11);
        let length = usize::from(d[16]);
        fields.push(Field {
            name_raw: d[..name_end].to_vec(),
            kind: d[11].to_ascii_uppercase(),
            offset,
            length,
            decimals: d[17],
        });
        offset += length;
        at += 32;
    }
    if offset + 1 > record_len {
        return Err(format!(
            "its fields take {} bytes but a record holds only {record_len}: not a dBASE table, or damaged",
            offset + 1
        ));
    }
    Ok(Header {
        record_count,
        header_len,
        record_len,
        language_driver,
        fields,
    })
}

impl Header {
    /// The bytes of record `index` (0-based) within `bytes`, if they are there.
    pub fn record<'a>(&self, bytes: &'a [u8], index: usize) -> Option<&'a [u8]> {
        let start = self.header_len.checked_add(index.checked_mul(self.record_len)?)?;
        bytes.get(start..start.checked_add(self.record_len)?)
    }

    /// How many whole records a file of `len` bytes holds.
    pub fn records_held(&self, len: u64) -> u64 {
        len.saturating_sub(self.header_len as u64) / self.record_len as u64
    }

    /// The encoding of names and text: `chosen`, else the `.cpg`, else the language
    /// driver byte, else detected from the field names and the text of the records
    /// within `bytes`.
    pub fn encoding(
        &self,
        bytes: &[u8],
        chosen: Option<TextEncoding>,
        cpg: Option<&[u8]>,
    ) -> (TextEncoding, EncodingSource) {
        if let Some(e) = chosen {
            return (e, EncodingSource::Chosen);
        }
        if let Some(e) = cpg.and_then(|c| TextEncoding::from_label(&String::from_utf8_lossy(c))) {
            return (e, EncodingSource::Declared);
        }
        match self.language_driver {
            0x4D | 0x7A => return (TextEncoding::Gbk, EncodingSource::Declared),
            0x4F | 0x78 => return (TextEncoding::Big5, EncodingSource::Declared),
            _ => {}
        }
        // Each name and text value on its own: a writer may cut a UTF-8 value inside a
        // character at the field's width, which is still UTF-8.
        let gbk = |bytes: &[u8]| TextEncoding::detect(trim_end(bytes)) == TextEncoding::Gbk;
        if self.fields.iter().any(|f| gbk(&f.name_raw)) {
            return (TextEncoding::Gbk, EncodingSource::Detected);
        }
        let text_fields: Vec<&Field> = self.fields.iter().filter(|f| f.kind == b'C').collect();
        let mut index = 0;
        while let Some(record) = self.record(bytes, index) {
            if text_fields
                .iter()
                .any(|f| gbk(&record[1 + f.offset..1 + f.offset + f.length]))
            {
                return (TextEncoding::Gbk, EncodingSource::Detected);
            }
            index += 1;
        }
        (TextEncoding::Utf8, EncodingSource::Detected)
    }

    /// The field names, decoded (a blank name becomes `field_N`; a repeated name gets
    /// `_2`, `_3`, … so that no value is lost).
    pub fn names(&self, encoding: TextEncoding) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(self.fields.len());
        for (i, f) in self.fields.iter().enumerate() {
            let decoded = encoding.decode(&f.name_raw).trim().to_string();
            let base = if decoded.is_empty() {
                format!("field_{}", i + 1)
            } else {
                decoded
            };
            let mut name = base.clone();
            let mut k = 2;
            while out.contains(&name) {
                name = format!("{base}_{k}");
                k += 1;
            }
            out.push(name);
        }
        out
    }

    /// Whether a record is marked deleted.
    pub fn is_deleted(record: &[u8]) -> bool {
        record.first() == Some(&b'*')
    }

    /// The properties of one record.
    pub fn properties(&self, record: &[u8], names: &[String], encoding: TextEncoding) -> Map<String, Value> {
        let mut out = Map::with_capacity(self.fields.len());
        for (f, name) in self.fields.iter().zip(names) {
            let raw = &record[1 + f.offset..1 + f.offset + f.length];
            out.insert(name.clone(), value(f, raw, encoding));
        }
        out
    }
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().rposition(|b| *b != b' ' && *b != 0).map_or(0, |p| p + 1);
    &bytes[..end]
}

fn trim(bytes: &[u8]) -> &[u8] {
    let t = trim_end(bytes);
    let start = t.iter().position(|b| *b != b' ').unwrap_or(t.len());
    &t[start..]
}

/// Text without its trailing blanks; a blank field is `null` (as GDAL reads it: a
/// `.dbf` cannot tell an empty text from a missing one).
fn text(raw: &[u8], encoding: TextEncoding) -> Value {
    match trim_end(raw) {
        [] => Value::Null,
        t => Value::String(encoding.decode(t).into_owned()),
    }
}

/// The JSON value of one field of one record.
fn value(field: &Field, raw: &[u8], encoding: TextEncoding) -> Value {
    match field.kind {
        b'N' | b'F' => {
            let t = trim(raw);
            if t.is_empty() || t.iter().all(|b| *b == b'*') {
                return Value::Null;
            }
            let Ok(s) = std::str::from_utf8(t) else {
                return text(raw, encoding);
            };
            if field.decimals == 0
                && let Ok(i) = s.parse::<i64>()
            {
                return Value::Number(i.into());
            }
            match s.parse::<f64>().ok().and_then(Number::from_f64) {
                Some(n) => Value::Number(n),
                None => text(raw, encoding),
            }
        }
        b'L' => match trim(raw).first() {
            Some(b'T' | b't' | b'Y' | b'y') => Value::Bool(true),
            Some(b'F' | b'f' | b'N' | b'n') => Value::Bool(false),
            _ => Value::Null,
        },
        b'D' => {
            let t = trim(raw);
            if t.is_empty() || t.iter().all(|b| *b == b'0') {
                return Value::Null;
            }
            if t.len() == 8 && t.iter().all(u8::is_ascii_digit) {
                let s = String::from_utf8_lossy(t);
                return Value::String(format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..]));
            }
            text(raw, encoding)
        }
        _ => text(raw, encoding),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: u8, length: usize, decimals: u8) -> Field {
        Field {
            name_raw: b"x".to_vec(),
            kind,
            offset: 0,
            length,
            decimals,
        }
    }

    /// A one-field text table (`名`, width 4) of `values`, language driver 0.
    fn table(values: &[&[u8]]) -> Vec<u8> {
        let mut b = vec![0u8; 32];
        b[0] = 3;
        b[4..8].copy_from_slice(&(values.len() as u32).to_le_bytes());
        b[8..10].copy_from_slice(&65u16.to_le_bytes());
        b[10..12].copy_from_slice(&5u16.to_le_bytes());
        let mut d = [0u8; 32];
        d[..3].copy_from_slice("名".as_bytes());
        d[11] = b'C';
        d[16] = 4;
        b.extend_from_slice(&d);
        b.push(0x0D);
        for v in values {
            b.push(b' ');
            let mut field = v.to_vec();
            field.resize(4, b' ');
            b.extend_from_slice(&field);
        }
        b
    }

    #[test]
    fn utf8_text_cut_inside_a_character_at_the_field_width_is_still_utf8() {
        let cut = [b'a', b'b', 0xE5, 0xA4];
        let bytes = table(&[b"ab", &cut]);
        let h = header(&bytes).unwrap();
        assert_eq!(
            h.encoding(&bytes, None, None),
            (TextEncoding::Utf8, EncodingSource::Detected)
        );
        assert_eq!(h.names(TextEncoding::Utf8), ["名"]);
        let mut twice = h.clone();
        twice.fields.push(twice.fields[0].clone());
        twice.fields.push(Field {
            name_raw: Vec::new(),
            ..twice.fields[0].clone()
        });
        assert_eq!(twice.names(TextEncoding::Utf8), ["名", "名_2", "field_3"]);
        let gbk = TextEncoding::Gbk.encode("大连").into_owned();
        let bytes = table(&[b"ab", &gbk]);
        let h = header(&bytes).unwrap();
        assert_eq!(
            h.encoding(&bytes, None, None),
            (TextEncoding::Gbk, EncodingSource::Detected)
        );
        assert_eq!(
            h.properties(h.record(&bytes, 1).unwrap(), &["名".to_string()], TextEncoding::Gbk)["名"],
            "大连"
        );
    }

    #[test]
    fn numbers_booleans_and_dates_become_json_values_and_blanks_null() {
        let e = TextEncoding::Utf8;
        assert_eq!(value(&field(b'N', 10, 0), b"        42", e), Value::from(42));
        assert_eq!(value(&field(b'N', 10, 0), b"       -42", e), Value::from(-42));
        assert_eq!(value(&field(b'N', 10, 3), b"    12.500", e), Value::from(12.5));
        assert_eq!(value(&field(b'F', 10, 0), b"   1.5e3  ", e), Value::from(1500.0));
        assert_eq!(value(&field(b'N', 10, 0), b"          ", e), Value::Null);
        assert_eq!(value(&field(b'N', 10, 0), b"**********", e), Value::Null);
        assert_eq!(value(&field(b'N', 4, 0), b"abc ", e), Value::from("abc"));
        assert_eq!(value(&field(b'L', 1, 0), b"T", e), Value::Bool(true));
        assert_eq!(value(&field(b'L', 1, 0), b"n", e), Value::Bool(false));
        assert_eq!(value(&field(b'L', 1, 0), b"?", e), Value::Null);
        assert_eq!(value(&field(b'D', 8, 0), b"20240131", e), Value::from("2024-01-31"));
        assert_eq!(value(&field(b'D', 8, 0), b"        ", e), Value::Null);
        assert_eq!(value(&field(b'C', 6, 0), b" ab   ", e), Value::from(" ab"));
        assert_eq!(value(&field(b'C', 6, 0), b"      ", e), Value::Null);
    }
}
