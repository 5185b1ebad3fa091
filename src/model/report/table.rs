//! The report's tables: the indicator completion table, one table of actual values per
//! year, and the project statuses.

use super::{Cell, NO_DATA, Sheet, Table};
use crate::catalogue::Catalogue;
use crate::evaluation::completion::{Assessment, Direction, Thresholds, Verdict, percent_text};
use crate::evaluation::status::{SubjectKind, subjects};
use crate::evaluation::{Actual, Evaluation, Indicator, Row};
use crate::plan::Plan;
use crate::plan::series::{Pairing, format_number};

/// The plan period's years, the actual-value columns of the indicator table.
const TABLE_YEARS: std::ops::RangeInclusive<u16> = 2021..=2025;

/// The goal as the plan states it: `2.41`, `≤1.3`, `≥5`, `2–3`, with its year when it is
/// not 2025.
fn goal_text(indicator: &Indicator) -> String {
    let g = &indicator.series.goal;
    let v = format_number(g.value);
    let mut text = match (indicator.direction, g.value_max) {
        (Direction::Ceiling, _) => format!("≤{v}"),
        (Direction::Floor, _) => format!("≥{v}"),
        (Direction::Range, Some(max)) => format!("{v}–{}", format_number(max)),
        _ => v,
    };
    if g.approximate {
        text = format!("约{text}");
    }
    if g.year != 2025 {
        text.push_str(&format!("（{}年）", g.year));
    }
    text
}

fn goal_cell(indicator: &Indicator) -> Cell {
    let g = &indicator.series.goal;
    let text = goal_text(indicator);
    if text == format_number(g.value) {
        Cell::number(g.value)
    } else {
        Cell::Text(text)
    }
}

fn baseline_cell(indicator: &Indicator) -> Cell {
    match &indicator.series.baseline {
        None => Cell::text("—"),
        Some(b) if b.year == 2020 && !b.approximate => Cell::number(b.value),
        Some(b) => {
            let mut t = format_number(b.value);
            if b.approximate {
                t = format!("约{t}");
            }
            if b.year != 2020 {
                t.push_str(&format!("（{}年）", b.year));
            }
            Cell::Text(t)
        }
    }
}

/// An actual value as entered, without rounding it away: up to four decimals, trailing
/// zeros dropped (`1.7021`, `1350`).
fn actual_cell(value: f64) -> Cell {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    Cell::Number {
        value,
        text: if text == "-0" { "0".to_string() } else { text },
    }
}

/// The value of `actual` in the indicator's unit, if it converts.
fn converted(actual: &Actual, indicator: &Indicator) -> Option<f64> {
    Evaluation::value_in_indicator_unit(actual, indicator)
}

/// `87.5%`, `+1.2 个百分点`… for the 完成度 column.
fn completion_cell(a: &Assessment) -> Cell {
    let Some(share) = a.completion else {
        return Cell::text(match a.direction {
            Direction::Ceiling => "—（上限类，以是否不高于上限评价）",
            _ => "—（无法计算）",
        });
    };
    let mut text = percent_text(share);
    if let Some(points) = a.change_points {
        text.push_str(&format!(
            "（较基期 {}{} 个百分点）",
            if points >= 0.0 { "+" } else { "" },
            format_number(points)
        ));
    }
    if a.without_baseline {
        text.push_str("（实际值/目标值）");
        return Cell::Text(text);
    }
    if a.change_points.is_some() {
        Cell::Text(text)
    } else {
        Cell::Percent { share, text }
    }
}

fn verdict_text(a: &Assessment) -> String {
    if Verdict::MID.contains(&a.verdict) {
        format!("{}（据{}年）", a.verdict.zh(), a.year)
    } else {
        a.verdict.zh().to_string()
    }
}

/// One line per actual value: `2023年：截至年中；大连市…公报，大连市统计局，2024-03；原值 17021 个；可靠性：…`,
/// then what the plan says about the series' pairing.
fn sources_text(row: &Row<'_>) -> String {
    let mut lines: Vec<String> = row
        .actuals
        .iter()
        .map(|(year, a)| {
            let mut parts = Vec::new();
            if !a.scope.trim().is_empty() {
                parts.push(a.scope.trim().to_string());
            }
            if !a.source.is_empty() {
                parts.push(a.source.text());
            } else {
                parts.push("未注明来源".to_string());
            }
            if a.unit != row.indicator.unit {
                parts.push(format!("原值 {} {}", actual_cell(a.value).as_str(), a.unit));
            }
            if !a.reliability.trim().is_empty() {
                parts.push(format!("可靠性：{}", a.reliability.trim()));
            }
            format!("{year}年：{}", parts.join("；"))
        })
        .collect();
    if let Pairing::Authored {
        scope_differs: true, ..
    } = row.indicator.series.pairing
    {
        lines.push("规划的基期值与目标值口径不完全一致".to_string());
    }
    lines.join("\n")
}

/// The indicator completion table (主要指标完成情况): one row per indicator of the plan.
pub fn indicator_table(rows: &[Row<'_>], thresholds: &Thresholds) -> Table {
    let mut headers: Vec<String> = ["序号", "指标", "属性", "单位", "2020年基期值", "2025年目标值"]
        .into_iter()
        .map(String::from)
        .collect();
    headers.extend(TABLE_YEARS.map(|y| format!("{y}年实际值")));
    headers.extend(["完成度", "评价", "数据来源/口径说明"].map(String::from));
    let body = rows
        .iter()
        .enumerate()
        .map(|(k, row)| {
            let ind = &row.indicator;
            let mut cells = vec![
                Cell::Number {
                    value: (k + 1) as f64,
                    text: (k + 1).to_string(),
                },
                Cell::text(ind.label.clone()),
                Cell::text(ind.attribute.unwrap_or("—")),
                Cell::text(if ind.unit.is_empty() { "—" } else { &ind.unit }),
                baseline_cell(ind),
                goal_cell(ind),
            ];
            cells.extend(TABLE_YEARS.map(|y| {
                row.actuals
                    .get(&y)
                    .and_then(|a| converted(a, ind))
                    .map_or_else(|| Cell::text(NO_DATA), actual_cell)
            }));
            let latest = row
                .actuals
                .keys()
                .next_back()
                .and_then(|y| row.assessment(*y, thresholds));
            match &latest {
                Some(a) => {
                    cells.push(completion_cell(a));
                    cells.push(Cell::text(verdict_text(a)));
                }
                None => {
                    cells.push(Cell::text(NO_DATA));
                    cells.push(Cell::text(NO_DATA));
                }
            }
            let sources = sources_text(row);
            cells.push(Cell::text(if sources.is_empty() {
                NO_DATA.to_string()
            } else {
                sources
            }));
            cells
        })
        .collect();
    let mut widths = vec![2.4, 16.0, 3.6, 3.0, 4.6, 4.6];
    widths.extend(TABLE_YEARS.map(|_| 4.7));
    widths.extend([5.2, 6.4, 20.0]);
    Table {
        headers,
        rows: body,
        widths,
    }
}

/// The indicator table for a document page: without its last column (数据来源/口径说明,
/// too wide for A4 portrait), whose text becomes numbered notes under the table:
/// `6. 5G 基站站址数量：2023年：…` for every row that has one.
pub fn split_sources(table: &Table) -> (Table, Vec<String>) {
    let keep = table.headers.len().saturating_sub(1);
    let notes = table
        .rows
        .iter()
        .filter_map(|r| {
            let text = r.get(keep)?.as_str();
            (text != NO_DATA && !text.is_empty()).then(|| {
                let n = r.first().map_or("", Cell::as_str);
                let label = r.get(1).map_or("", Cell::as_str);
                format!("{n}. {label}：{}", text.replace('\n', "；"))
            })
        })
        .collect();
    let cut = |v: &[Cell]| v.iter().take(keep).cloned().collect::<Vec<_>>();
    (
        Table {
            headers: table.headers.iter().take(keep).cloned().collect(),
            rows: table.rows.iter().map(|r| cut(r)).collect(),
            widths: table.widths.iter().take(keep).copied().collect(),
        },
        notes,
    )
}

/// One table per year with an actual value (at least 2021–2025): the value of every
/// indicator that has one, in its own unit and the indicator's, with 口径, source and
/// reliability.
pub fn year_tables(rows: &[Row<'_>]) -> Vec<Sheet> {
    let mut years: std::collections::BTreeSet<u16> = TABLE_YEARS.collect();
    for r in rows {
        years.extend(r.actuals.keys().copied());
    }
    let headers: Vec<String> = [
        "指标",
        "实际值",
        "单位",
        "填报值",
        "填报单位",
        "口径",
        "来源",
        "发布机构",
        "发布日期",
        "链接或文件",
        "可靠性",
        "指标编号",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let widths = vec![14.0, 5.0, 4.0, 5.0, 4.0, 8.0, 15.0, 8.0, 6.0, 15.0, 8.0, 9.0];
    years
        .into_iter()
        .map(|year| {
            let body: Vec<Vec<Cell>> = rows
                .iter()
                .filter_map(|r| r.actuals.get(&year).map(|a| (r, *a)))
                .map(|(r, a)| {
                    vec![
                        Cell::text(r.indicator.label.clone()),
                        converted(a, &r.indicator).map_or_else(|| Cell::text("—"), actual_cell),
                        Cell::text(r.indicator.unit.clone()),
                        actual_cell(a.value),
                        Cell::text(a.unit.clone()),
                        Cell::text(a.scope.clone()),
                        Cell::text(a.source.title.clone()),
                        Cell::text(a.source.issuer.clone()),
                        Cell::text(a.source.date.clone()),
                        Cell::text(a.source.location.clone()),
                        Cell::text(a.reliability.clone()),
                        Cell::text(r.indicator.id.clone()),
                    ]
                })
                .collect();
            let body = if body.is_empty() {
                let mut empty = vec![Cell::text(format!("{year}年{NO_DATA}"))];
                empty.resize(headers.len(), Cell::text(""));
                vec![empty]
            } else {
                body
            };
            Sheet {
                name: format!("{year}年实际值"),
                table: Table {
                    headers: headers.clone(),
                    rows: body,
                    widths: widths.clone(),
                },
            }
        })
        .collect()
}

/// The project statuses: every column project (with or without a status), then every
/// catalogue feature with a status.
pub fn status_table(plan: &Plan, catalogue: &Catalogue, evaluation: &Evaluation) -> Table {
    let headers: Vec<String> = ["专栏", "项目/要素", "类型", "状态", "日期", "说明", "来源", "编号"]
        .into_iter()
        .map(String::from)
        .collect();
    let body = subjects(plan, catalogue)
        .into_iter()
        .filter_map(|s| {
            let entry = evaluation.status(&s.id);
            if s.kind == SubjectKind::Feature && entry.is_none() {
                return None;
            }
            let column = s
                .column
                .as_deref()
                .and_then(|c| plan.text_box(c))
                .map_or_else(|| "—".to_string(), |b| format!("专栏{} {}", b.number, b.title));
            let kind = match s.kind {
                SubjectKind::ColumnProject => "专栏工程",
                SubjectKind::Feature => "图集要素",
            };
            Some(vec![
                Cell::Text(column),
                Cell::Text(s.title.clone()),
                Cell::text(kind),
                Cell::text(entry.map_or("未填写", |e| e.status.zh())),
                Cell::text(entry.map(|e| e.date.clone()).unwrap_or_default()),
                Cell::text(entry.map(|e| e.note.clone()).unwrap_or_default()),
                Cell::text(entry.map(|e| e.source.text()).unwrap_or_default()),
                Cell::Text(s.id.clone()),
            ])
        })
        .collect();
    Table {
        headers,
        rows: body,
        widths: vec![15.0, 20.0, 5.0, 4.0, 5.0, 15.0, 18.0, 9.0],
    }
}
