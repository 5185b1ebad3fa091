//! Size-limited reads of UTF-8 text files chosen by the user.

use std::path::Path;

/// Why a text file was not read; the messages follow the file's name ("boundaries.json
/// is a folder, not a file").
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("is a folder, not a file")]
    Folder,
    #[error("is {} MB, more than the {} MB this reads", .len / 1_000_000, .max / 1_000_000)]
    TooBig { len: u64, max: u64 },
    #[error("is not UTF-8 text")]
    NotUtf8,
}

/// Reads a UTF-8 text file of at most `max_bytes` (checked before reading, so a huge file
/// is refused without being loaded).
pub fn read_text_file(path: &Path, max_bytes: u64) -> Result<String, TextError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(TextError::Folder);
    }
    if meta.len() > max_bytes {
        return Err(TextError::TooBig {
            len: meta.len(),
            max: max_bytes,
        });
    }
    let bytes = std::fs::read(path)?;
    String::from_utf8(bytes).map_err(|_| TextError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_a_big_file_and_non_text_are_refused_with_their_reason() {
        let dir = crate::io::scratch::dir("text");
        assert_eq!(
            read_text_file(&dir, 10).expect_err("folder").to_string(),
            "is a folder, not a file"
        );
        let big = dir.join("big.txt");
        std::fs::write(&big, vec![b'a'; 3_000_001]).expect("write");
        assert_eq!(
            read_text_file(&big, 1_000_000).expect_err("big").to_string(),
            "is 3 MB, more than the 1 MB this reads"
        );
        let binary = dir.join("bin");
        std::fs::write(&binary, [0xff, 0xfe]).expect("write");
        assert_eq!(
            read_text_file(&binary, 10).expect_err("binary").to_string(),
            "is not UTF-8 text"
        );
        let text = dir.join("t.txt");
        std::fs::write(&text, "大连").expect("write");
        assert_eq!(read_text_file(&text, 10).expect("reads"), "大连");
        crate::io::scratch::remove(&dir);
    }
}
