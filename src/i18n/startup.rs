//! Texts of reopening the last project at start (issue 18, point 11) and of the
//! 帮助 → 快捷键 window, kept apart from the rest of the interface's strings.

/// A string of the start-up setting or of the shortcut list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StartupKey {
    /// 文件 → 最近的项目: the setting.
    ReopenLast,
    /// Its hover text.
    ReopenLastHint,
    /// The status bar at start when the last project is gone (`{file}`).
    LastMissing,
    /// 帮助 → 快捷键 and the window's title.
    Shortcuts,
    /// The shortcut table's column headings.
    ShortcutKey,
    ShortcutWhere,
    ShortcutAction,
    /// Where a key works.
    ContextGlobal,
    ContextMap,
    ContextPresenter,
    ContextTextField,
}

/// The Chinese and English text of `key`.
pub fn texts(key: StartupKey) -> (&'static str, &'static str) {
    use StartupKey as K;
    match key {
        K::ReopenLast => ("启动时打开上次的项目", "Open the last project at start"),
        K::ReopenLastHint => (
            "启动时打开最近的项目（若文件仍在）；命令行给出的文件优先",
            "At start, open the most recent project if its file still exists; files given on the command line come first",
        ),
        K::LastMissing => (
            "上次的项目已不存在，未打开：{file}",
            "The last project no longer exists and was not opened: {file}",
        ),
        K::Shortcuts => ("快捷键", "Keyboard shortcuts"),
        K::ShortcutKey => ("按键", "Key"),
        K::ShortcutWhere => ("适用于", "Where"),
        K::ShortcutAction => ("作用", "Does"),
        K::ContextGlobal => ("全局", "Anywhere"),
        K::ContextMap => ("地图", "Map"),
        K::ContextPresenter => ("演示", "Presenting"),
        K::ContextTextField => ("输入框", "Text field"),
    }
}
