//! Texts of reopening the last project at start (issue 18, point 11) and of the
//! 帮助 → 快捷键 window, kept apart from the rest of the interface's strings.

/// A string of the start-up setting or of the shortcut list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StartupKey {
    /// 视图: the right panel (its tabs are more than the targets).
    RightPanel,
    /// 文件 → 最近的项目: the setting.
    ReopenLast,
    /// Its hover text.
    ReopenLastHint,
    /// The status bar at start when the last project is gone (`{file}`).
    LastMissing,
    /// 帮助 → 快捷键 and the window's title.
    Shortcuts,
    /// Where a key works.
    ContextGlobal,
    ContextMap,
    ContextPresenter,
    ContextTextField,
    /// What a key does (the project keys use the menus' texts).
    TogglePlanPanel,
    ToggleRightPanel,
    ToolSelect,
    ToolPoint,
    ToolLine,
    ToolPolygon,
    ToolText,
    ToolMeasure,
    SketchCancel,
    SketchFinish,
    SketchDelete,
    SketchBackspace,
    ShowNext,
    ShowPrev,
    ShowFirst,
    ShowLast,
    ShowExit,
    ShowBlack,
    ShowTheme,
    ShowLegend,
    ShowNotes,
    SearchNext,
    SearchPrev,
    TextConfirm,
    TextCancel,
}

/// The Chinese and English text of `key`.
pub fn texts(key: StartupKey) -> (&'static str, &'static str) {
    use StartupKey as K;
    match key {
        K::RightPanel => (
            "右侧面板（图层、要素、指标、标注、场景、评估）",
            "Right panel (layers, features, targets, annotations, scenes, evaluation)",
        ),
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
        K::ContextGlobal => ("全局", "Anywhere"),
        K::ContextMap => ("地图", "Map"),
        K::ContextPresenter => ("演示", "Presenting"),
        K::ContextTextField => ("输入框", "Text field"),
        K::TogglePlanPanel => ("收起或展开规划文本面板", "Fold or unfold the plan panel"),
        K::ToggleRightPanel => ("收起或展开右侧面板", "Fold or unfold the right panel"),
        K::ToolSelect => (
            "选择工具：选择、拖动、编辑标注",
            "Select tool: select, drag, reshape annotations",
        ),
        K::ToolPoint => ("点工具", "Point tool"),
        K::ToolLine => ("线工具", "Line tool"),
        K::ToolPolygon => ("面工具", "Polygon tool"),
        K::ToolText => ("文字工具", "Text tool"),
        K::ToolMeasure => (
            "量算工具：距离和面积（双击或回车结束，退格撤回一点，Esc 取消）",
            "Ruler: distance and area (double-click or Enter ends, Backspace takes back a point, Esc cancels)",
        ),
        K::SketchCancel => ("取消正在绘制的图形或取消选择", "Cancel the drawing or the selection"),
        K::SketchFinish => ("完成线或面", "Finish a line or polygon"),
        K::SketchDelete => (
            "删除悬停的顶点或所选标注",
            "Delete the hovered vertex or the selected annotation",
        ),
        K::SketchBackspace => ("撤回最后一个顶点", "Take back the last vertex"),
        K::ShowNext => ("下一个场景", "Next scene"),
        K::ShowPrev => ("上一个场景", "Previous scene"),
        K::ShowFirst => ("第一个场景", "First scene"),
        K::ShowLast => ("最后一个场景", "Last scene"),
        K::ShowExit => ("结束演示", "End the show"),
        K::ShowBlack => ("黑屏或恢复", "Black screen, or back"),
        K::ShowTheme => ("字幕浅色或深色", "Light or dark captions"),
        K::ShowLegend => ("显示或隐藏图例", "Show or hide the legend"),
        K::ShowNotes => ("打开或关闭演讲者视图", "Open or close the presenter view"),
        K::SearchNext => ("规划文本搜索：下一个结果", "Plan search: next match"),
        K::SearchPrev => ("规划文本搜索：上一个结果", "Plan search: previous match"),
        K::TextConfirm => ("新文字标注：放置", "New text label: place it"),
        K::TextCancel => ("新文字标注：放弃", "New text label: give up"),
    }
}
