//! Texts of the presenter view, of starting a show and of framing a scene (issue 16), kept apart from the
//! rest of the interface's strings.

/// A string of the presenter view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PresenterKey {
    /// The presenter view's window title.
    ViewTitle,
    /// Heading of the current scene's notes.
    Notes,
    /// The current scene has no notes.
    NoNotes,
    /// Before the next scene's title.
    Next,
    /// The current scene is the last one.
    LastScene,
    /// Time since the show began.
    Elapsed,
    /// The wall clock.
    Clock,
    Previous,
    NextButton,
    Black,
    End,
    /// How to open and close the presenter view.
    Hint,
    /// The scenes tab: present from the first scene.
    FromStart,
    /// The scenes tab: present from the scene shown now.
    FromCurrent,
    /// Hover text of the two buttons: the keys during a show.
    KeysHint,
    /// The scene editor: frame the scene on the selected annotation.
    FrameOnAnnotation,
    FrameOnAnnotationHint,
}

/// The Chinese and English text of `key`.
pub fn texts(key: PresenterKey) -> (&'static str, &'static str) {
    use PresenterKey as K;
    match key {
        K::ViewTitle => ("演讲者视图 — 大连数字经济规划图集", "Presenter view — Dalian Atlas"),
        K::Notes => ("备注", "Notes"),
        K::NoNotes => ("（本场景没有备注）", "(no notes for this scene)"),
        K::Next => ("下一个：", "Next: "),
        K::LastScene => ("（这是最后一个场景）", "(this is the last scene)"),
        K::Elapsed => ("已放映", "Elapsed"),
        K::Clock => ("时间", "Time"),
        K::Previous => ("◀ 上一个", "◀ Previous"),
        K::NextButton => ("下一个 ▶", "Next ▶"),
        K::Black => ("黑屏", "Black screen"),
        K::End => ("结束放映", "End show"),
        K::Hint => (
            "N 键打开或关闭演讲者视图；可把本窗口拖到笔记本屏幕，放映窗口留在投影上。",
            "N opens or closes the presenter view; drag this window to the laptop's screen and keep the show on the projector.",
        ),
        K::FromStart => ("▶ 从头放映", "▶ Present from start"),
        K::FromCurrent => ("▶ 从当前场景放映", "▶ Present from current scene"),
        K::FrameOnAnnotation => ("以所选标注框定范围", "Frame on the selected annotation"),
        K::FrameOnAnnotationHint => (
            "先用“面 G”在地图上画出要展示的范围并选中它：放映、图片和打印都按这个范围取景。",
            "Draw the area to show with Polygon (G) and select it: the show, images and prints are framed on it.",
        ),
        K::KeysHint => (
            "全屏放映：→ / PageDown / 空格 下一个，← / PageUp 上一个，Home / End 首尾，B 黑屏，D 深色，L 图例，N 演讲者视图（备注、下一个、计时），Esc 退出",
            "Full screen: → / PageDown / Space next, ← / PageUp previous, Home / End first / last, B black, D dark, L legend, N presenter view (notes, next, timer), Esc leave",
        ),
    }
}
