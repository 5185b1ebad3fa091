//! Texts about files changed or failing under the atlas (issue 17): the question asked
//! when the project file was changed on disk by another program or another window.
//! Looked up with [`tr`] (kept out of [`super::Key`], whose file is at its size limit).

use super::Lang;

/// A string of the “changed on disk” question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReliabilityKey {
    ChangedTitle,
    /// Followed by the file's path.
    ChangedQuestion,
    SaveAsButton,
    ReloadButton,
    OverwriteButton,
}

/// The string for `key` in `lang`.
pub fn tr(lang: Lang, key: ReliabilityKey) -> &'static str {
    let (zh, en) = texts(key);
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The Chinese and English text of `key`.
fn texts(key: ReliabilityKey) -> (&'static str, &'static str) {
    use ReliabilityKey as K;
    match key {
        K::ChangedTitle => ("文件已被修改", "File changed on disk"),
        K::ChangedQuestion => (
            "项目文件在打开或上次保存后已被其他程序或另一个窗口修改。直接保存会覆盖这些修改：",
            "The project file was changed by another program or another window since it was opened or last saved here. Saving now would overwrite those changes:",
        ),
        K::SaveAsButton => ("另存为…", "Save as…"),
        K::ReloadButton => ("重新载入", "Reload"),
        K::OverwriteButton => ("仍然覆盖", "Overwrite anyway"),
    }
}
