//! Texts of linked layers (issue 18, point 10), kept apart from the rest of the
//! interface's strings. `{layer}`, `{file}` and `{reason}` are filled in by the caller.

/// A string about a linked layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkKey {
    /// The layers tab: save the layer as a link to its file.
    Linked,
    LinkedHint,
    /// The layer came from no file the atlas can read again.
    CannotLink,
    /// On opening a project: the linked file is missing.
    Missing,
    /// On opening a project: the linked file changed since the project was saved.
    Changed,
    /// On opening a project: the linked file could not be read.
    Unreadable,
}

/// The Chinese and English text of `key`.
pub fn texts(key: LinkKey) -> (&'static str, &'static str) {
    use LinkKey as K;
    match key {
        K::Linked => (
            "链接源文件（不存入项目）",
            "Link the source file (not stored in the project)",
        ),
        K::LinkedHint => (
            "勾选时项目只记录文件路径（相对于项目文件）和读取方式，打开项目时重新读取该文件，项目文件和自动保存都很小；不勾选时要素副本存入项目。大于 5 MB 的图层默认链接。文件：{file}",
            "When ticked the project keeps only the file's path (relative to the project file) and how it was read, and reads the file again on opening; the project and its autosave stay small. Unticked, a copy of the features is stored in the project. Layers over 5 MB are linked by default. File: {file}",
        ),
        K::CannotLink => (
            "此图层不是从可重新读取的文件导入的，只能存入项目",
            "This layer was not imported from a file the atlas can read again: it is stored in the project",
        ),
        K::Missing => (
            "链接图层“{layer}”的文件不存在：{file}。图层暂时为空；保存项目会保留此链接，把文件放回原处后重新打开即可。",
            "The file of the linked layer “{layer}” is missing: {file}. The layer is empty for now; saving keeps the link — put the file back and open the project again.",
        ),
        K::Changed => (
            "链接图层“{layer}”的文件在项目保存后被修改过：{file}。已按文件现在的内容重新读取。",
            "The file of the linked layer “{layer}” changed after the project was saved: {file}. It was read as it is now.",
        ),
        K::Unreadable => (
            "链接图层“{layer}”的文件无法读取：{file}：{reason}。图层暂时为空；保存项目会保留此链接。",
            "The file of the linked layer “{layer}” cannot be read: {file}: {reason}. The layer is empty for now; saving keeps the link.",
        ),
    }
}
