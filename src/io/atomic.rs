//! Atomic file replacement: a reader sees the old file or the new one, never half of one.

use std::io::Write as _;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, fsync,
/// rename over the target, fsync the directory. If anything fails (or the process dies)
/// before the rename, the previous file at `path` is untouched; a failed attempt removes
/// its temporary file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
