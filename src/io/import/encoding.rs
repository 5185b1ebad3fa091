//! Text encodings of attribute tables and CSV files: UTF-8, GBK (and its relatives
//! GB2312, GB18030, CP936), BIG5.
//!
//! A `.cpg` file names the encoding of a `.dbf`; without one (GDAL writes code-page byte
//! 0), and for CSV files, the bytes decide: UTF-8 if they are valid UTF-8, else GBK.

use std::borrow::Cow;

/// An encoding the atlas reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TextEncoding {
    #[default]
    Utf8,
    /// GBK, GB2312, CP936 and GB18030, all decoded as GB18030 (a superset).
    Gbk,
    Big5,
}

/// How the encoding was decided, for the import dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingSource {
    /// Named by the file (a `.cpg`, a BOM).
    Declared,
    /// Found from the bytes (valid UTF-8 or not).
    Detected,
    /// Chosen by the user.
    Chosen,
}

impl TextEncoding {
    /// Every encoding offered in the import dialog.
    pub const ALL: [TextEncoding; 3] = [TextEncoding::Utf8, TextEncoding::Gbk, TextEncoding::Big5];

    /// The name shown to users and accepted by `--encoding`.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gbk => "GBK",
            TextEncoding::Big5 => "BIG5",
        }
    }

    /// The encoding a `.cpg` file (or an `--encoding` option) names, if known: UTF-8,
    /// GBK, GB2312, GB18030, CP936, “ANSI 936”, 936, BIG5, CP950 (any case and spacing).
    pub fn from_label(label: &str) -> Option<TextEncoding> {
        let key: String = label
            .trim()
            .trim_start_matches('\u{feff}')
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_uppercase();
        match key.as_str() {
            "UTF8" | "65001" | "CP65001" => Some(TextEncoding::Utf8),
            "GBK" | "GB2312" | "GB18030" | "CP936" | "ANSI936" | "936" | "EUCCN" | "MS936" => Some(TextEncoding::Gbk),
            "BIG5" | "CP950" | "ANSI950" | "950" => Some(TextEncoding::Big5),
            _ => None,
        }
    }

    /// UTF-8 if `bytes` are valid UTF-8 (a multi-byte sequence cut at the end of a sample
    /// counts as valid), else GBK.
    pub fn detect(bytes: &[u8]) -> TextEncoding {
        match std::str::from_utf8(bytes) {
            Ok(_) => TextEncoding::Utf8,
            // `error_len() == None`: the bytes end inside a character (a cut sample).
            Err(e) if e.error_len().is_none() => TextEncoding::Utf8,
            Err(_) => TextEncoding::Gbk,
        }
    }

    /// The text of `bytes`; bytes that are not valid in this encoding become `?` — a
    /// character every font draws, so that a wrong encoding chosen in the import dialog
    /// shows as visibly garbled names rather than blanks (the replacement character
    /// U+FFFD is not in the atlas's font).
    pub fn decode(self, bytes: &[u8]) -> Cow<'_, str> {
        let encoding = match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Gbk => encoding_rs::GB18030,
            TextEncoding::Big5 => encoding_rs::BIG5,
        };
        match encoding.decode_without_bom_handling(bytes) {
            (text, true) => Cow::Owned(text.replace('\u{fffd}', "?")),
            (text, false) => text,
        }
    }

    /// The bytes of `text` in this encoding (characters it cannot hold become `&#…;`).
    pub fn encode(self, text: &str) -> Cow<'_, [u8]> {
        match self {
            TextEncoding::Utf8 => Cow::Borrowed(text.as_bytes()),
            TextEncoding::Gbk => encoding_rs::GB18030.encode(text).0,
            TextEncoding::Big5 => encoding_rs::BIG5.encode(text).0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpg_labels_name_the_encodings_planners_meet() {
        for label in ["UTF-8", "utf8", "65001"] {
            assert_eq!(TextEncoding::from_label(label), Some(TextEncoding::Utf8), "{label}");
        }
        for label in ["GBK", "gb2312", "GB18030", "CP936", "ANSI 936", "936\r\n"] {
            assert_eq!(TextEncoding::from_label(label), Some(TextEncoding::Gbk), "{label}");
        }
        assert_eq!(TextEncoding::from_label("BIG5"), Some(TextEncoding::Big5));
        assert_eq!(TextEncoding::from_label("KOI8-R"), None);
    }

    #[test]
    fn gbk_bytes_are_detected_and_decoded_and_utf8_stays_utf8() {
        let gbk = TextEncoding::Gbk.encode("大连市甘井子区").into_owned();
        assert_eq!(TextEncoding::detect(&gbk), TextEncoding::Gbk);
        assert_eq!(TextEncoding::Gbk.decode(&gbk), "大连市甘井子区");
        assert_eq!(TextEncoding::detect("大连".as_bytes()), TextEncoding::Utf8);
        // A sample cut inside a character is still UTF-8.
        assert_eq!(TextEncoding::detect(&"大连".as_bytes()[..4]), TextEncoding::Utf8);
        // GBK bytes read as UTF-8: visibly garbled, never blank.
        let wrong = TextEncoding::Utf8.decode(&gbk);
        assert!(wrong.contains('?') && !wrong.contains('\u{fffd}'), "{wrong}");
        let big5 = TextEncoding::Big5.encode("大連").into_owned();
        assert_eq!(TextEncoding::Big5.decode(&big5), "大連");
    }
}
