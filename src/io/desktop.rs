//! What the desktop offers the window's file dialogs, read from the file system: the
//! user's folder names and whether a desktop portal is there (issue 18, point 2).

use std::path::Path;

/// The text of `~/.config/user-dirs.dirs` under `home` (`None`: absent or unreadable).
pub fn user_dirs_text(home: &Path) -> Option<String> {
    std::fs::read_to_string(home.join(".config/user-dirs.dirs")).ok()
}

/// An `xdg-desktop-portal` is installed as a D-Bus service or runs as a process.
pub fn portal_present() -> bool {
    let service = ["/usr/share/dbus-1/services", "/usr/local/share/dbus-1/services"]
        .iter()
        .any(|dir| Path::new(dir).join("org.freedesktop.portal.Desktop.service").is_file());
    service
        || std::fs::read_dir("/proc").is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|entry| {
                std::fs::read_to_string(entry.path().join("comm")).is_ok_and(|comm| comm.trim() == "xdg-desktop-portal")
            })
        })
}
