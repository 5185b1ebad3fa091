//! Reading zip files (zipped shapefiles, KMZ) without trusting them: every member's
//! declared size is checked before anything is unpacked, and unpacking stops when a
//! member yields more bytes than it declared.
//!
//! Refused before unpacking ([`open`]): a zip over `max_bytes`; a member, or all
//! members together, declaring more than `max_bytes` uncompressed ([`ImportError::TooLarge`]);
//! a member, or the total, declaring over [`BOMB_RATIO`] × the zip's size *and* over
//! [`BOMB_BYTES`] (a zip bomb, [`ImportError::Bad`]).

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::ImportError;
use super::encoding::TextEncoding;

/// A member may unpack to at most this many times the zip's size…
pub const BOMB_RATIO: u64 = 100;
/// …unless it stays under this many bytes (2 GB).
pub const BOMB_BYTES: u64 = 2 << 30;

/// One member of a zip, as its central directory declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The index in the archive.
    pub index: usize,
    /// The path inside the zip, decoded as UTF-8 when valid, else as GBK (Chinese
    /// Windows zips write GBK names without saying so).
    pub name: String,
    /// The declared uncompressed size.
    pub size: u64,
    pub is_dir: bool,
}

/// An opened zip whose declared sizes passed the checks.
pub struct CheckedZip {
    /// The file as given, for messages.
    pub file: String,
    archive: zip::ZipArchive<File>,
    pub members: Vec<Member>,
}

/// Opens `path` as a zip and checks its declared sizes (see the module docs).
pub fn open(path: &Path, max_bytes: u64) -> Result<CheckedZip, ImportError> {
    let file = path.display().to_string();
    let zip_size = super::checked_size(path, &file, max_bytes)?;
    let handle = File::open(path).map_err(|e| ImportError::Read {
        file: file.clone(),
        source: e,
    })?;
    let archive = zip::ZipArchive::new(handle).map_err(|e| ImportError::Bad {
        file: file.clone(),
        part: String::new(),
        reason: format!("not a readable zip file ({e})"),
    })?;
    let mut members = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index_data(index).map_err(|e| ImportError::Bad {
            file: file.clone(),
            part: format!("member {}", index + 1),
            reason: format!("the zip's directory cannot be read ({e})"),
        })?;
        let member = Member {
            index,
            name: member_name(entry.name_raw()),
            size: entry.size(),
            is_dir: entry.is_dir(),
        };
        total = total.saturating_add(member.size);
        check_size(&file, &member.name, member.size, zip_size, max_bytes)?;
        members.push(member);
    }
    check_size(&file, "all members together", total, zip_size, max_bytes)?;
    Ok(CheckedZip { file, archive, members })
}

fn check_size(file: &str, part: &str, size: u64, zip_size: u64, max_bytes: u64) -> Result<(), ImportError> {
    if size > zip_size.saturating_mul(BOMB_RATIO) && size > BOMB_BYTES {
        return Err(ImportError::Bad {
            file: file.to_string(),
            part: part.to_string(),
            reason: format!(
                "declares {size} bytes unpacked, over {BOMB_RATIO} times the zip's {zip_size} bytes — \
                 refused before unpacking (a damaged or hostile zip)"
            ),
        });
    }
    if size > max_bytes {
        return Err(ImportError::TooLarge {
            file: format!("{file} ({part})"),
            size,
            limit: max_bytes,
        });
    }
    Ok(())
}

/// A member name: UTF-8 if the bytes are valid UTF-8, else GBK.
pub fn member_name(raw: &[u8]) -> String {
    TextEncoding::detect(raw).decode(raw).into_owned()
}

impl CheckedZip {
    /// The first `limit` bytes of member `index` unpacked (all of it when `limit` is
    /// `None`), refused when the member yields more bytes than it declared.
    pub fn read(&mut self, index: usize, limit: Option<u64>) -> Result<Vec<u8>, ImportError> {
        let Some(member) = self.members.get(index).cloned() else {
            return Err(ImportError::Bad {
                file: self.file.clone(),
                part: format!("member {}", index + 1),
                reason: "no such member".to_string(),
            });
        };
        let bad = |reason: String| ImportError::Bad {
            file: self.file.clone(),
            part: member.name.clone(),
            reason,
        };
        let entry = self
            .archive
            .by_index(index)
            .map_err(|e| bad(format!("cannot be unpacked ({e})")))?;
        let wanted = limit.map_or(member.size, |l| l.min(member.size));
        // One byte more than declared tells a member that lies about its size.
        let cap = if limit.is_some_and(|l| l < member.size) {
            wanted
        } else {
            wanted.saturating_add(1)
        };
        // The declared size may lie: reserve at most 64 MiB up front and grow as bytes come.
        let mut out = Vec::with_capacity(usize::try_from(wanted.min(64 << 20)).unwrap_or(0));
        entry
            .take(cap)
            .read_to_end(&mut out)
            .map_err(|e| bad(format!("cannot be unpacked ({e})")))?;
        if out.len() as u64 > member.size {
            return Err(bad(format!(
                "unpacks to more than the {} bytes it declares — refused (a damaged or hostile zip)",
                member.size
            )));
        }
        Ok(out)
    }
}
