//! Texts of print layouts (issue 16, item 5): the PDF page's title block, legend, scale
//! and the 打印布局/导出 PDF dialog, kept apart from the rest of the interface's strings.

/// A string of print layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrintKey {
    /// The 文件 menu item and the dialog's title.
    Menu,
    Title,
    /// Title block rows: 图名, 规划名称, 制图单位, 制图日期, 审图号.
    MapTitle,
    PlanTitle,
    Unit,
    Date,
    ReviewNumber,
    /// The legend's heading: 图例.
    Legend,
    /// 比例尺.
    Scale,
    /// The scale choice: fitted to the area, or 1:N.
    ScaleFit,
    ScaleFixed,
    Paper,
    Orientation,
    Portrait,
    Landscape,
    /// What the page shows: the view, or one page per scene.
    Subject,
    CurrentView,
    AllScenes,
    File,
    Browse,
    Start,
    /// Under the form: what a page holds and how it is drawn.
    Contents,
    Busy,
    /// Status line: 正在生成 PDF 第 3/12 页.
    Progress,
    Done,
    Failed,
    Cancelled,
    WorkerGone,
    NoScenes,
    Pages,
}

/// The Chinese and English text of `key`.
pub fn texts(key: PrintKey) -> (&'static str, &'static str) {
    use PrintKey as K;
    match key {
        K::Menu => ("打印布局/导出 PDF…", "Print layout / export PDF…"),
        K::Title => ("打印布局/导出 PDF", "Print layout / export PDF"),
        K::MapTitle => ("图名", "Title"),
        K::PlanTitle => ("规划名称", "Plan"),
        K::Unit => ("制图单位", "Made by"),
        K::Date => ("制图日期", "Date"),
        K::ReviewNumber => ("审图号", "Map review no."),
        K::Legend => ("图例", "Legend"),
        K::Scale => ("比例尺", "Scale"),
        K::ScaleFit => ("适合范围", "Fit the area"),
        K::ScaleFixed => ("固定比例尺 1:", "Fixed scale 1:"),
        K::Paper => ("纸张", "Paper"),
        K::Orientation => ("方向", "Orientation"),
        K::Portrait => ("纵向", "Portrait"),
        K::Landscape => ("横向", "Landscape"),
        K::Subject => ("内容", "Contents"),
        K::CurrentView => ("当前视图", "Current view"),
        K::AllScenes => ("全部场景（每场景一页）", "All scenes (a page each)"),
        K::File => ("PDF 文件", "PDF file"),
        K::Browse => ("浏览…", "Browse…"),
        K::Start => ("导出", "Export"),
        K::Contents => (
            "每页含地图（约 200 dpi 图像）及矢量的图名、图例、指北针、比例尺、图签、数据来源和示意说明；审图号一栏留空，由规划人员填写。",
            "Each page holds the map (a raster of about 200 dpi) and, as vector graphics, the title, legend, \
             north arrow, scale bar, title block, attribution and disclaimer; the map review number is left \
             blank for the planner.",
        ),
        K::Busy => ("正在导出…", "Exporting…"),
        K::Progress => ("正在生成 PDF", "Making the PDF"),
        K::Done => ("已导出 PDF", "PDF written"),
        K::Failed => ("导出 PDF 失败：", "Could not export the PDF: "),
        K::Cancelled => ("已取消导出 PDF", "PDF export cancelled"),
        K::WorkerGone => ("绘图线程意外结束", "the drawing thread ended unexpectedly"),
        K::NoScenes => ("项目没有场景", "the project has no scenes"),
        K::Pages => ("页", "page(s)"),
    }
}
