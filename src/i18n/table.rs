//! Texts of the attribute table and of 按区县/功能区统计 (issue 18, point 9), kept apart
//! from the rest of the interface's strings.

/// A string of the attribute table or the per-zone summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TableKey {
    /// The layers tab and the 标注 tab: open the table.
    Open,
    OpenHint,
    /// The window's title before the layer's name.
    Title,
    /// The annotations as a table.
    Annotations,
    /// Tab: the features' attributes.
    AttributesTab,
    /// Tab: the summary per zone.
    SummaryTab,
    /// The filter box's label and hint.
    Filter,
    FilterHint,
    /// “n / N 个要素”.
    RowsShown,
    /// The row number column (counting from 1 in the file's order).
    Number,
    /// The GeoJSON id column.
    Id,
    /// Hover text of a column header.
    SortHint,
    /// Frame the selected row's feature.
    ZoomToSelected,
    /// Hint under the table.
    RowHint,
    /// The layer has no properties.
    NoColumns,
    /// The summary form.
    ZonesBy,
    Divisions,
    FunctionalAreas,
    Statistic,
    Count,
    Sum,
    Mean,
    Property,
    NoNumericProperty,
    Compute,
    /// The summary table's columns and extra rows.
    Zone,
    FeatureCount,
    WithValue,
    Outside,
    WithoutPosition,
    Total,
    /// After the zone column's heading when the zones are schematic.
    SchematicBoundaries,
    SchematicNote,
    /// Where a feature counts.
    CountingRule,
    ShowOnMap,
    ExportCsv,
    ExportXlsx,
    /// The summary's file was written.
    Exported,
    /// The map legend of the summary.
    LegendNoValue,
    /// The annotations' own columns.
    ColumnKind,
    ColumnTitle,
    ColumnDescription,
    ColumnPlanRefs,
    ColumnFeatures,
    /// The summary was made for data or boundaries that changed since.
    Stale,
    /// Exporting an out-of-date summary is refused.
    StaleExport,
}

/// The Chinese and English text of `key`.
pub fn texts(key: TableKey) -> (&'static str, &'static str) {
    use TableKey as K;
    match key {
        K::Open => ("属性表", "Attribute table"),
        K::OpenHint => (
            "以表格查看要素的属性：排序、筛选、在地图上选中，并按区县或功能区统计",
            "See the features' attributes as a table: sort, filter, select on the map, and summarise by district or zone",
        ),
        K::Title => ("属性表", "Attribute table"),
        K::Annotations => ("标注", "Annotations"),
        K::AttributesTab => ("属性", "Attributes"),
        K::SummaryTab => ("按区县/功能区统计", "Summary by district or zone"),
        K::Filter => ("筛选", "Filter"),
        K::FilterHint => ("输入任意属性中的文字", "text in any attribute"),
        K::RowsShown => ("个要素", "features"),
        K::Number => ("序号", "No."),
        K::Id => ("id", "id"),
        K::SortHint => (
            "点击按此列排序，再点击反向",
            "Click to sort by this column, again to reverse",
        ),
        K::ZoomToSelected => ("缩放至所选", "Zoom to selected"),
        K::RowHint => (
            "单击一行在地图上选中该要素，双击缩放至该要素",
            "Click a row to select its feature on the map, double-click to zoom to it",
        ),
        K::NoColumns => ("（本图层的要素没有属性）", "(this layer's features have no attributes)"),
        K::ZonesBy => ("统计单元", "Zones"),
        K::Divisions => ("区县", "Districts"),
        K::FunctionalAreas => ("功能区", "Functional areas"),
        K::Statistic => ("统计", "Statistic"),
        K::Count => ("计数", "Count"),
        K::Sum => ("求和", "Sum"),
        K::Mean => ("平均", "Mean"),
        K::Property => ("属性", "Property"),
        K::NoNumericProperty => ("（没有数值属性）", "(no numeric property)"),
        K::Compute => ("统计", "Compute"),
        K::Zone => ("统计单元", "Zone"),
        K::FeatureCount => ("要素数", "Features"),
        K::WithValue => ("其中有数值", "With a value"),
        K::Outside => ("不在任何统计单元内", "In no zone"),
        K::WithoutPosition => ("无位置", "Without position"),
        K::Total => ("合计（全部要素）", "Total (all features)"),
        K::SchematicBoundaries => ("（示意边界）", " (schematic boundaries)"),
        K::SchematicNote => (
            "区县边界为图集的示意边界（非法定边界），靠近边界的要素可能归入相邻区县；可用 文件 → 载入官方行政区界线… 载入法定边界后重新统计。",
            "The district boundaries are the atlas's schematic ones (not legal boundaries): features near a boundary may count in the neighbouring district. Load official boundaries (File → Load official boundaries…) and compute again.",
        ),
        K::CountingRule => (
            "点要素按其位置、线和面要素按其上的一个内部点归入统计单元；功能区可能重叠，一个要素可计入多个功能区。",
            "A point counts where it is; a line or area by a point on it. Functional areas may overlap, so a feature can count in more than one.",
        ),
        K::ShowOnMap => ("在地图上分级设色显示", "Show on the map as a choropleth"),
        K::ExportCsv => ("导出 CSV…", "Export CSV…"),
        K::ExportXlsx => ("导出 Excel…", "Export Excel…"),
        K::Exported => ("统计表已导出", "Summary exported"),
        K::LegendNoValue => ("无数值", "No value"),
        K::ColumnKind => ("类型", "Kind"),
        K::ColumnTitle => ("标题", "Title"),
        K::ColumnDescription => ("说明", "Description"),
        K::ColumnPlanRefs => ("关联的规划条目", "Plan links"),
        K::ColumnFeatures => ("关联的要素", "Linked features"),
        K::Stale => (
            "数据或边界已改变，请重新统计",
            "The data or the boundaries changed: compute again",
        ),
        K::StaleExport => (
            "统计结果已过时（数据或边界已改变）：请先重新统计再导出",
            "The summary is out of date (the data or the boundaries changed): compute it again before exporting",
        ),
    }
}
