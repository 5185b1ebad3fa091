//! Evaluation data in and out (issue 15): the `.xlsx` template the atlas writes for the
//! planner to fill in ([`template_xlsx`], [`write_template`]) and the reader of filled
//! templates and CSV files ([`read_evaluation_file`]), all or nothing.
//!
//! The workbook has the sheets [`SHEET_GUIDE`] (how to fill it in; never read),
//! [`SHEET_ACTUALS`], [`SHEET_REFERENCES`] and [`SHEET_STATUS`], whose first rows hold
//! the headers below; a CSV file holds the [`ACTUAL_HEADERS`] columns only. Columns are
//! found by their header, in any order; other columns are ignored.

mod read;
mod sheet;
mod template;

pub use read::{Imported, MergeCounts, read_evaluation_file};
pub use template::{template_xlsx, write_template};

/// The sheet that explains the template; never read.
pub const SHEET_GUIDE: &str = "说明";
/// The sheet of actual values.
pub const SHEET_ACTUALS: &str = "实际值";
/// The sheet of reference figures (e.g. the city's GDP).
pub const SHEET_REFERENCES: &str = "参考数据";
/// The sheet of project statuses.
pub const SHEET_STATUS: &str = "项目状态";

/// The columns of [`SHEET_ACTUALS`] (and of a CSV file), in the template's order. The
/// reader needs every one of them; 指标名称 and 目标单位 are for the planner and not read.
pub const ACTUAL_HEADERS: [&str; 12] = [
    "指标编号",
    "指标名称",
    "目标单位",
    "年份",
    "实际值",
    "单位",
    "口径说明",
    "来源标题",
    "发布机构",
    "发布日期",
    "网址或文件",
    "可靠性说明",
];

/// The read-only columns the template adds after [`ACTUAL_HEADERS`]: what the plan says
/// (never read back).
pub const ACTUAL_PLAN_HEADERS: [&str; 2] = ["规划基期值", "规划目标值"];

/// The columns of [`SHEET_REFERENCES`].
pub const REFERENCE_HEADERS: [&str; 11] = [
    "标签",
    "年份",
    "数值",
    "单位",
    "相关指标编号",
    "口径说明",
    "来源标题",
    "发布机构",
    "发布日期",
    "网址或文件",
    "可靠性说明",
];

/// The columns of [`SHEET_STATUS`]. 名称 and 所属专栏 are for the planner and not read.
pub const STATUS_HEADERS: [&str; 10] = [
    "对象编号",
    "名称",
    "所属专栏",
    "状态",
    "日期",
    "说明",
    "来源标题",
    "发布机构",
    "发布日期",
    "网址或文件",
];

/// The sheet name of a CSV file's problems.
pub const CSV_SHEET: &str = "CSV";

/// At most this many problems are listed in one [`EvalIoError::Invalid`].
pub const MAX_PROBLEMS: usize = 20;

/// One problem in a file: where (sheet, row as Excel numbers it — the header is row 1 —
/// or the CSV line, and column header) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The sheet, or [`CSV_SHEET`] for a CSV file (then `row` is its line).
    pub sheet: String,
    /// 1-based; 0 when the problem is the sheet's (e.g. a missing column).
    pub row: usize,
    /// The column's header (the expected one for a missing column); empty for a whole row.
    pub column: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.sheet == CSV_SHEET {
            write!(f, "line {}", self.row)?;
        } else {
            write!(f, "sheet {}", self.sheet)?;
            if self.row > 0 {
                write!(f, ", row {}", self.row)?;
            }
        }
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// The problems as lines, with a count of those left out.
fn problem_lines(problems: &[Problem], more: usize) -> String {
    let mut s: String = problems.iter().map(|p| format!("\n  {p}")).collect();
    if more > 0 {
        s.push_str(&format!("\n  … and {more} more"));
    }
    s
}

/// Why the template was not written or a file not imported. Every message names the
/// file; after an error nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum EvalIoError {
    #[error("cannot read {file}: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {file}: {source}")]
    Write {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot build the workbook: {0}")]
    Xlsx(String),
    /// The file as a whole cannot be read (not a workbook, not CSV, too large…).
    #[error("{file}: {reason}")]
    Refused { file: String, reason: String },
    /// The file was read but has problems: the first [`MAX_PROBLEMS`] of them, and how
    /// many more there are. Nothing was imported.
    #[error("{file}: nothing was imported; {} problem(s):{}", .problems.len() + .more, problem_lines(.problems, *.more))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
        more: usize,
    },
}

impl From<rust_xlsxwriter::XlsxError> for EvalIoError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        EvalIoError::Xlsx(e.to_string())
    }
}
