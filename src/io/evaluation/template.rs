//! The evaluation template: an `.xlsx` workbook with one row per indicator of the plan
//! and one per column project and catalogue feature, for the planner to fill in and
//! import back ([`super::read_evaluation_file`]).

use std::path::Path;

use rust_xlsxwriter::{Color, DataValidation, DataValidationRule, Format, FormatBorder, Workbook, Worksheet};

use super::{
    ACTUAL_HEADERS, ACTUAL_PLAN_HEADERS, EvalIoError, REFERENCE_HEADERS, SHEET_ACTUALS, SHEET_GUIDE, SHEET_REFERENCES,
    SHEET_STATUS, STATUS_HEADERS,
};
use crate::catalogue::Catalogue;
use crate::evaluation::{ProjectStatus, YEARS, indicators, subjects};
use crate::plan::{Plan, Target, TargetKind};

/// Rows below the prefilled ones that still carry the year and status checks.
const SPARE_ROWS: u32 = 500;

/// The guide sheet's lines (the first line is preceded by the plan's title).
const GUIDE: [&str; 14] = [
    "本文件是终期评估数据模板：填写后在图集窗口中导入，只读取“实际值”“参考数据”“项目状态”三个工作表，本“说明”工作表不会被读取。灰色列摘自规划和图集，请勿修改；其中只有“指标编号”“对象编号”会被读取，用来确定数值属于哪个指标或对象。",
    "",
    "一、实际值：每个指标预填一行（指标编号、指标名称、目标单位为灰色，勿改）。每个年份填一行：同一指标有多个年份时，复制该行再填。",
    "  年份：2020—2030 之间的整数年份。实际值：只填数字，单位写在“单位”列。",
    "  单位：须能换算为目标单位，例如 万个 与 个 可以换算，亿元 与 % 不能换算；留空即按目标单位。",
    "  口径说明：统计口径，如“截至年中”“初步核算”。来源标题、发布机构、发布日期、网址或文件：数值的出处。可靠性说明：该数值可信到什么程度。",
    "  年份和实际值都为空的行不读取；同一指标同一年份只能有一个值。",
    "  最后两列（规划基期值、规划目标值）摘自规划文本，仅供参考，不会被读取。",
    "",
    "二、参考数据：不属于规划指标、但与指标有关的数值（如地区生产总值），可在“相关指标编号”中填写所关联的指标编号。不参与完成度计算。",
    "",
    "三、项目状态：每个专栏项目和图集要素预填一行（对象编号、名称、所属专栏为灰色，勿改）。",
    "  状态：未启动、推进中、已建成、已调整、已取消之一；状态为空的行不读取。日期、说明和来源按实际填写。",
    "任何一处有误（单位不能换算、年份越界、数字格中有文字、缺列或列名被改、重复数值），整个文件都不会导入，并列出出错的工作表、行和列。",
];

/// The template as `.xlsx` bytes: sheets [`SHEET_GUIDE`], [`SHEET_ACTUALS`] (one row per
/// indicator of `plan`, in plan order, with empty year and value), [`SHEET_REFERENCES`]
/// (headers only) and [`SHEET_STATUS`] (one row per column project and catalogue
/// feature, a list of the five statuses in the status column). Headers frozen, widths
/// set, the columns the reader ignores grey.
pub fn template_xlsx(plan: &Plan, catalogue: &Catalogue) -> Result<Vec<u8>, EvalIoError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border_bottom(FormatBorder::Thin);
    let grey = Format::new()
        .set_background_color(Color::RGB(0xE7E6E6))
        .set_font_color(Color::RGB(0x595959));

    let guide = book.add_worksheet();
    guide.set_name(SHEET_GUIDE)?;
    guide.set_column_width(0, 120)?;
    let title = format!("{}：终期评估数据模板", plan.front.title.trim());
    guide.write_string_with_format(0, 0, &title, &Format::new().set_bold())?;
    for (i, line) in GUIDE.iter().enumerate() {
        guide.write_string_with_format(i as u32 + 2, 0, *line, &Format::new().set_text_wrap())?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(SHEET_ACTUALS)?;
    let all: Vec<&str> = ACTUAL_HEADERS
        .iter()
        .chain(ACTUAL_PLAN_HEADERS.iter())
        .copied()
        .collect();
    headers(
        sheet,
        &all,
        &header,
        &[14, 40, 10, 8, 12, 8, 20, 30, 20, 12, 30, 20, 14, 14],
    )?;
    let list = indicators(plan);
    for (i, ind) in list.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string_with_format(r, 0, &ind.id, &grey)?;
        sheet.write_string_with_format(r, 1, &ind.label, &grey)?;
        sheet.write_string_with_format(r, 2, &ind.unit, &grey)?;
        let baseline = ind
            .series
            .baseline
            .as_ref()
            .and_then(|b| plan.target(&b.target))
            .map(stated)
            .unwrap_or_default();
        let goal = plan.target(&ind.id).map(stated).unwrap_or_default();
        sheet.write_string_with_format(r, 12, &baseline, &grey)?;
        sheet.write_string_with_format(r, 13, &goal, &grey)?;
    }
    let years = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(
            i32::from(*YEARS.start()),
            i32::from(*YEARS.end()),
        ))
        .set_error_message("年份须为 2020—2030 之间的整数")?;
    sheet.add_data_validation(1, 3, list.len() as u32 + SPARE_ROWS, 3, &years)?;

    let sheet = book.add_worksheet();
    sheet.set_name(SHEET_REFERENCES)?;
    headers(
        sheet,
        &REFERENCE_HEADERS,
        &header,
        &[20, 8, 12, 8, 16, 20, 30, 20, 12, 30, 20],
    )?;
    sheet.add_data_validation(1, 1, SPARE_ROWS, 1, &years)?;

    let sheet = book.add_worksheet();
    sheet.set_name(SHEET_STATUS)?;
    headers(
        sheet,
        &STATUS_HEADERS,
        &header,
        &[28, 40, 24, 10, 12, 30, 30, 20, 12, 30],
    )?;
    let all = subjects(plan, catalogue);
    for (i, s) in all.iter().enumerate() {
        let r = i as u32 + 1;
        let column = s
            .column
            .as_deref()
            .map(|c| {
                plan.boxes
                    .iter()
                    .find(|b| b.id == c)
                    .map_or_else(|| c.to_string(), |b| format!("专栏{} {}", b.number, b.title))
            })
            .unwrap_or_default();
        sheet.write_string_with_format(r, 0, &s.id, &grey)?;
        sheet.write_string_with_format(r, 1, &s.title, &grey)?;
        sheet.write_string_with_format(r, 2, &column, &grey)?;
    }
    let words: Vec<&str> = ProjectStatus::ALL.iter().map(|s| s.zh()).collect();
    let status = DataValidation::new()
        .allow_list_strings(&words)?
        .set_error_message("状态须为 未启动、推进中、已建成、已调整、已取消 之一")?;
    sheet.add_data_validation(1, 3, all.len() as u32 + SPARE_ROWS, 3, &status)?;

    book.save_to_buffer().map_err(EvalIoError::from)
}

/// Writes [`template_xlsx`] to `path`, atomically (an existing file is replaced whole or
/// left as it was).
pub fn write_template(plan: &Plan, catalogue: &Catalogue, path: &Path) -> Result<(), EvalIoError> {
    let bytes = template_xlsx(plan, catalogue)?;
    crate::io::write_atomic(path, &bytes).map_err(|source| EvalIoError::Write {
        file: path.display().to_string(),
        source,
    })
}

/// The header row (frozen) and the column widths.
fn headers(sheet: &mut Worksheet, names: &[&str], format: &Format, widths: &[u16]) -> Result<(), EvalIoError> {
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, format)?;
        if let Some(w) = widths.get(c) {
            sheet.set_column_width(c as u16, *w)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A target as the plan states it: `2025年 2.41万个`, `2025年 不高于 1.3`.
fn stated(t: &Target) -> String {
    let bound = match t.kind {
        TargetKind::UpperBound => "不高于 ",
        TargetKind::LowerBound => "不少于 ",
        _ => "",
    };
    let year = t.year.map(|y| format!("{y}年 ")).unwrap_or_default();
    // `value_text` keeps a `%` written with the number (`7.2%`).
    let unit = if t.value_text.ends_with(&t.unit) { "" } else { &t.unit };
    format!("{year}{bound}{}{unit}", t.value_text)
}
