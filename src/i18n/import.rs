//! Texts of the import dialog, the export formats and official boundaries in every
//! format (issue 13), kept apart from the rest of the interface's strings.

/// A string of the import dialog and the export menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportKey {
    /// 文件 → 导入数据… (every format).
    ImportData,
    DialogTitle,
    BoundariesTitle,
    File,
    Format,
    Layers,
    LayerName,
    FeatureCount,
    Geometry,
    Crs,
    CrsUndecided,
    CrsChosen,
    CrsDeclared,
    CrsFormat,
    CrsGuessed,
    CrsConfirm,
    CrsUnknown,
    FirstLands,
    InDalian,
    OutsideDalian,
    /// A ticked layer's positions cannot be converted with the system shown.
    CannotPlace,
    /// The file declares Xian 1980 or Beijing 1954: refused (followed by the system's name).
    OldDatum,
    /// A ticked layer is refused (old datum): untick it.
    UntickRefused,
    Encoding,
    EncodingDeclared,
    EncodingDetected,
    EncodingChosen,
    Sheet,
    XColumn,
    YColumn,
    WktColumn,
    NoColumn,
    Preview,
    NoAttributes,
    Reprobing,
    ImportButton,
    LoadButton,
    NeedLayer,
    NeedCrs,
    Probing,
    ExportFormatNote,
    GpkgSrs,
    AnnotationsLayer,
}

/// The Chinese and English text of `key`.
pub(super) fn texts(key: ImportKey) -> (&'static str, &'static str) {
    use ImportKey as K;
    match key {
        K::ImportData => ("导入数据…", "Import data…"),
        K::DialogTitle => ("导入数据", "Import data"),
        K::BoundariesTitle => ("载入官方行政区界线", "Load official boundaries"),
        K::File => ("文件", "File"),
        K::Format => ("格式", "Format"),
        K::Layers => ("图层", "Layers"),
        K::LayerName => ("图层名", "Layer"),
        K::FeatureCount => ("要素数", "Features"),
        K::Geometry => ("几何类型", "Geometry"),
        K::Crs => ("坐标系", "Coordinate system"),
        K::CrsUndecided => ("未确定，请选择", "not decided, choose one"),
        K::CrsChosen => ("由你选择", "chosen by you"),
        K::CrsDeclared => ("文件声明", "declared by the file"),
        K::CrsFormat => ("由格式确定", "fixed by the format"),
        K::CrsGuessed => ("根据坐标推测", "guessed from the coordinates"),
        K::CrsConfirm => (
            "请确认：按下方的按钮即采用此推测，不对请另选",
            "please confirm: the button below uses this guess; choose another if it is wrong",
        ),
        K::CrsUnknown => (
            "未知：文件没有说明，坐标也不像任何已知坐标系，请选择",
            "unknown: the file does not say and the positions fit no known system; choose one",
        ),
        K::FirstLands => ("第一个要素位于", "The first feature lands at"),
        K::InDalian => ("在大连范围内", "inside Dalian"),
        K::OutsideDalian => ("不在大连范围内，请检查坐标系", "outside Dalian — check the system"),
        K::OldDatum => (
            "文件声明的坐标系基于西安 1980 或北京 1954 大地基准，图集没有把它转换到 CGCS2000 的参数（直接当作 CGCS2000 会偏差数十米到一百多米），因此不能导入。请先用 QGIS 或 ogr2ogr 按本单位公布的转换参数转换为 CGCS2000（EPSG:4490）。文件声明的坐标系",
            "The file declares a system on the Xian 1980 or Beijing 1954 datum; the atlas has no parameters to convert it to CGCS2000 (read as CGCS2000 it would be off by tens of metres to over 100 m), so it cannot be imported. Convert it to CGCS2000 (EPSG:4490) first, in QGIS or with ogr2ogr, using the parameters your bureau publishes. The file's system",
        ),
        K::UntickRefused => (
            "勾选的图层中有不能导入的（西安 1980/北京 1954），请取消勾选",
            "A ticked layer cannot be imported (Xian 1980/Beijing 1954): untick it",
        ),
        K::CannotPlace => (
            "第一个要素无法按此坐标系换算为经纬度，请另选坐标系（或只勾选与之相符的图层）",
            "the first feature cannot be converted with this system — choose another (or tick only the layers it fits)",
        ),
        K::Encoding => ("编码", "Encoding"),
        K::EncodingDeclared => ("文件声明", "named by the file"),
        K::EncodingDetected => ("根据内容检测", "detected from the bytes"),
        K::EncodingChosen => ("由你选择", "chosen by you"),
        K::Sheet => ("工作表", "Sheet"),
        K::XColumn => ("X/经度列", "X / longitude column"),
        K::YColumn => ("Y/纬度列", "Y / latitude column"),
        K::WktColumn => ("WKT 列", "WKT column"),
        K::NoColumn => ("（无）", "(none)"),
        K::Preview => (
            "前几行属性（导入后的样子）",
            "First rows of attributes, as they will appear",
        ),
        K::NoAttributes => ("没有属性", "No attributes"),
        K::Reprobing => ("正在按新的选择重新读取…", "Reading again with the new choices…"),
        K::ImportButton => ("导入", "Import"),
        K::LoadButton => ("载入", "Load"),
        K::NeedLayer => ("请至少勾选一个图层", "Tick at least one layer"),
        K::NeedCrs => (
            "请为勾选的图层选择坐标系",
            "Choose the coordinate system of the ticked layers",
        ),
        K::Probing => ("正在读取", "Reading"),
        K::ExportFormatNote => (
            "文件格式由扩展名决定：.geojson、.gpkg、.kml、.kmz",
            "The file's extension sets the format: .geojson, .gpkg, .kml, .kmz",
        ),
        K::GpkgSrs => ("GeoPackage 坐标系", "GeoPackage coordinate system"),
        K::AnnotationsLayer => ("标注", "Annotations"),
    }
}

/// Where a file declares its coordinate system (a `declared_crs` “where” of the
/// readers: “the .prj”, “gpkg_spatial_ref_sys”), in `lang`; names the atlas does not
/// know are shown as they are.
pub fn declared_where(lang: super::Lang, place: &str) -> String {
    match (lang, place) {
        (super::Lang::Zh, "the .prj") => ".prj 文件".to_string(),
        (super::Lang::Zh, "gpkg_spatial_ref_sys") => "GeoPackage 的 gpkg_spatial_ref_sys 表".to_string(),
        _ => place.to_string(),
    }
}

/// Files waiting to be imported after the running one, for the status bar: “另有 2 个文件
/// 等待导入”; “1 more file waiting”, “2 more files waiting”.
pub fn queued_files(lang: super::Lang, n: usize) -> String {
    match (lang, n) {
        (super::Lang::Zh, _) => format!("另有 {n} 个文件等待导入"),
        (super::Lang::En, 1) => "1 more file waiting".to_string(),
        (super::Lang::En, _) => format!("{n} more files waiting"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readers_declaration_places_read_in_chinese() {
        assert_eq!(declared_where(super::super::Lang::Zh, "the .prj"), ".prj 文件");
        assert_eq!(declared_where(super::super::Lang::En, "the .prj"), "the .prj");
        assert!(declared_where(super::super::Lang::Zh, "gpkg_spatial_ref_sys").contains("表"));
    }
}
