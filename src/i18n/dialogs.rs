//! Texts of the in-app file dialog (issue 18, point 2), kept apart from the rest of the
//! interface's strings.

/// A string of the in-app file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DialogKey {
    OpenTitle,
    SaveTitle,
    FolderTitle,
    Open,
    Save,
    Cancel,
    NewFolder,
    NewFolderName,
    Rename,
    Refresh,
    ParentFolder,
    FileLabel,
    ShowHidden,
    /// The choice of file type, when a dialog has several.
    FileType,
    /// Every type of a dialog's filters at once.
    AllTypes,
}

/// The Chinese and English text of `key`.
pub(super) fn texts(key: DialogKey) -> (&'static str, &'static str) {
    use DialogKey as K;
    match key {
        K::OpenTitle => ("打开文件", "Open file"),
        K::SaveTitle => ("保存文件", "Save file"),
        K::FolderTitle => ("选择文件夹", "Choose folder"),
        K::Open => ("打开", "Open"),
        K::Save => ("保存", "Save"),
        K::Cancel => ("取消", "Cancel"),
        K::NewFolder => ("新建文件夹", "New folder"),
        K::NewFolderName => ("新文件夹", "New folder"),
        K::Rename => ("重命名", "Rename"),
        K::Refresh => ("刷新", "Refresh"),
        K::ParentFolder => ("上级文件夹", "Parent folder"),
        K::FileLabel => ("文件名：", "File:"),
        K::ShowHidden => ("显示隐藏文件", "Show hidden"),
        K::FileType => ("文件类型", "File type"),
        K::AllTypes => ("全部支持的类型", "All supported types"),
    }
}
