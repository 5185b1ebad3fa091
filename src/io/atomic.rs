//! Atomic file replacement: a reader sees the old file or the new one, never half of one.
//!
//! # Why a save survives a crash or a power loss
//!
//! Every replacement runs the same four steps ([`replace_atomic_on`]):
//!
//! 1. the new content goes to a temporary file in the target's own folder
//!    (`.NAME.tmp-PID`, so the rename below never crosses file systems);
//! 2. that file is flushed to the storage device (`fsync`), so its bytes are on disk
//!    before any name points at them;
//! 3. it is renamed over the target — a single step on POSIX file systems: the name
//!    points at the old file or at the complete new one, never at a mixture;
//! 4. the folder is flushed (`fsync` on the directory), so the rename itself is on disk.
//!
//! A `kill -9` or a crash before step 3 leaves the old file and a stale temporary file,
//! which the next attempt removes. A power loss before step 4 completes leaves either
//! name on disk, each pointing at a complete, flushed file: without step 2 the renamed
//! name could point at blocks never written (the classic zero-length file after a
//! crash); without step 4 a save reported as done could be undone by the power loss.
//! A power loss cannot be tested here; the order of the steps can: the tests record
//! the calls a [`Disk`] receives (`tests/fault_injection.rs`).
//!
//! # Failing disks
//!
//! The steps go through a [`Disk`]: [`RealDisk`] is the file system; a test passes its
//! own `Disk` that fails like a full or read-only disk to check that every caller
//! reports the failure, keeps the previous file and leaves no temporary file behind.
//! [`describe`] turns the errors into reasons a user can read.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The file-system steps of an atomic replacement. Every method has the real
/// implementation as its default; a test overrides one to make it fail.
pub trait Disk: Send + Sync {
    /// Creates (or truncates) the file at `path` and writes all of `bytes` to it.
    fn write_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let mut f = std::fs::File::create(path)?;
        f.write_all(bytes)
    }

    /// Flushes the file at `path` to the storage device.
    fn sync_file(&self, path: &Path) -> std::io::Result<()> {
        std::fs::File::open(path)?.sync_all()
    }

    /// Renames `from` to `to`, replacing `to`.
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::rename(from, to)
    }

    /// Flushes the folder `dir` (its list of names) to the storage device.
    fn sync_dir(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::File::open(dir)?.sync_all()
    }
}

/// The file system itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealDisk;

impl Disk for RealDisk {}

/// Writes `bytes` to `path` atomically on the real file system ([`write_atomic_on`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_on(&RealDisk, path, bytes)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, fsync,
/// rename over the target, fsync the directory (see the module documentation). If
/// anything fails (or the process dies) before the rename, the previous file at `path`
/// is untouched; a failed attempt removes its temporary file. A read-only file at
/// `path` is not replaced (an error says so).
pub fn write_atomic_on(disk: &dyn Disk, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_atomic_on(disk, path, |tmp| disk.write_new(tmp, bytes))
}

/// [`replace_atomic_on`] on the real file system.
pub fn replace_atomic<E: From<std::io::Error>>(
    path: &Path,
    build: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    replace_atomic_on(&RealDisk, path, build)
}

/// Replaces `path` atomically with a file that `build` writes at the temporary path it is
/// given (for writers that need a path of their own, such as SQLite): then fsync, rename
/// over the target, fsync the directory, as [`write_atomic`] does. On any error the
/// temporary file is removed and the previous file at `path` is untouched. A read-only
/// file at `path` is refused before anything is written.
///
/// The folder's flush after the rename is attempted but its failure is not reported:
/// some file systems cannot flush a folder, and the new file is in place by then.
pub fn replace_atomic_on<E: From<std::io::Error>>(
    disk: &dyn Disk,
    path: &Path,
    build: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().readonly()) {
        return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "the file is read-only").into());
    }
    let dir = folder_of(path);
    let tmp = temporary_path(path);
    let _ = std::fs::remove_file(&tmp);
    let result = build(&tmp).and_then(|()| {
        disk.sync_file(&tmp)?;
        disk.rename(&tmp, path)?;
        let _ = disk.sync_dir(&dir);
        Ok(())
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// The temporary file this process writes before replacing `path`:
/// `.NAME.tmp-PID` in the same folder.
pub fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder_of(path).join(format!(".{name}.tmp-{}", std::process::id()))
}

/// Why a write failed, in words a user can act on (the caller names the file).
pub fn describe(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    // ENAMETOOLONG: a name longer than NAME_MAX or a path longer than PATH_MAX.
    if e.raw_os_error() == Some(36) || e.kind() == K::InvalidFilename {
        return "the file name or path is too long for the file system".into();
    }
    if e.raw_os_error().is_none() && e.get_ref().is_some() {
        // Our own reasons (such as a read-only file) are already readable.
        return e.to_string();
    }
    match e.kind() {
        K::StorageFull | K::QuotaExceeded => "the disk is full (free some space, or save elsewhere)".into(),
        K::ReadOnlyFilesystem => "the disk is read-only (save elsewhere)".into(),
        K::PermissionDenied => "permission denied: the folder or the file cannot be written (save elsewhere)".into(),
        K::NotFound => "the folder does not exist (was it removed, or the drive unplugged?)".into(),
        K::IsADirectory | K::DirectoryNotEmpty => "a folder has that name".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_the_file_and_leave_no_temporary() {
        let dir = crate::io::scratch::dir("atomic");
        let f = dir.join("x.txt");
        write_atomic(&f, b"one").expect("write");
        write_atomic(&f, b"two").expect("write");
        assert_eq!(std::fs::read(&f).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(&dir).expect("dir").filter_map(|e| e.ok()).collect();
        assert_eq!(names.len(), 1);
        crate::io::scratch::remove(&dir);
    }
}
