#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

//! Evaluation data in and out (issue 15): the template, reading filled templates and
//! CSV files all or nothing, the merge, bounded reading, the example evaluation and the
//! `evaluation-template` command.

mod support;

use std::io::Read as _;
use std::path::Path;
use std::time::{Duration, Instant};

use calamine::{Reader as _, Xlsx};
use dalian_atlas::catalogue::Catalogue;
use dalian_atlas::evaluation::example::{PUBLIC_ACTUALS_CSV, PUBLIC_EXAMPLE_NOTE, public_example};
use dalian_atlas::evaluation::{Actual, Evaluation, ProjectStatus, indicators, subjects};
use dalian_atlas::io::evaluation::{
    ACTUAL_HEADERS, ACTUAL_PLAN_HEADERS, EvalIoError, Problem, REFERENCE_HEADERS, SHEET_ACTUALS, SHEET_GUIDE,
    SHEET_REFERENCES, SHEET_STATUS, STATUS_HEADERS, read_evaluation_file, template_xlsx, write_template,
};
use dalian_atlas::plan::Plan;
use rust_xlsxwriter::Workbook;
use support::TempDir;

const FIVE_G: &str = "table1.r6.y2025";

fn plan() -> Plan {
    Plan::embedded().unwrap()
}

fn catalogue() -> Catalogue {
    Catalogue::builtin().unwrap()
}

/// An indicator whose unit is `%` (to refuse 亿元 against).
fn percent_indicator(plan: &Plan) -> String {
    indicators(plan)
        .into_iter()
        .find(|i| i.unit == "%")
        .expect("a % indicator")
        .id
}

/// A cell to write into a test workbook.
#[derive(Clone)]
enum V {
    S(&'static str),
    N(f64),
}

/// A row of cells (`None`: empty).
type Cells = Vec<Option<V>>;

/// A workbook with the given sheets, each a name, a header row and rows.
fn workbook(sheets: &[(&str, Vec<&str>, Vec<Cells>)]) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, headers, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v {
                    Some(V::S(s)) => ws.write_string(r as u32 + 1, c as u16, *s).map(|_| ()).unwrap(),
                    Some(V::N(n)) => ws.write_number(r as u32 + 1, c as u16, *n).map(|_| ()).unwrap(),
                    None => {}
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// A row of the 实际值 sheet: id, year, value, unit, then 口径 and the source.
fn actual_row(id: &'static str, year: V, value: V, unit: &'static str) -> Cells {
    vec![
        Some(V::S(id)),
        None,
        None,
        Some(year),
        Some(value),
        Some(V::S(unit)),
        Some(V::S("截至年中")),
        Some(V::S("某报道")),
        Some(V::S("某机构")),
        Some(V::S("2023-07-07")),
        Some(V::S("http://example.org/a")),
        Some(V::S("medium")),
    ]
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn problems(result: Result<impl std::fmt::Debug, EvalIoError>) -> Vec<Problem> {
    match result {
        Err(EvalIoError::Invalid { problems, .. }) => problems,
        other => panic!("expected problems, got {other:?}"),
    }
}

fn has(problems: &[Problem], sheet: &str, row: usize, column: &str, reason_part: &str) -> bool {
    problems
        .iter()
        .any(|p| p.sheet == sheet && p.row == row && p.column == column && p.reason.contains(reason_part))
}

#[test]
fn the_template_has_the_four_sheets_the_headers_and_one_row_per_indicator_and_subject() {
    let (plan, cat) = (plan(), catalogue());
    let dir = TempDir::new("template");
    let path = dir.path("template.xlsx");
    write_template(&plan, &cat, &path).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [SHEET_GUIDE, SHEET_ACTUALS, SHEET_REFERENCES, SHEET_STATUS]
    );

    let range = book.worksheet_range(SHEET_ACTUALS).unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let expected: Vec<&str> = ACTUAL_HEADERS
        .iter()
        .chain(ACTUAL_PLAN_HEADERS.iter())
        .copied()
        .collect();
    assert_eq!(rows[0], expected);
    let list = indicators(&plan);
    assert_eq!(rows.len(), list.len() + 1);
    for (row, ind) in rows[1..].iter().zip(&list) {
        assert_eq!((&row[0], &row[1], &row[2]), (&ind.id, &ind.label, &ind.unit));
        assert_eq!(
            (row[3].as_str(), row[4].as_str()),
            ("", ""),
            "{}: year and value are empty",
            ind.id
        );
    }
    let five_g = rows.iter().find(|r| r[0] == FIVE_G).unwrap();
    assert_eq!(five_g[13], "2025年 2.41万个");
    let share = rows.iter().find(|r| r[0] == "table1.r1.y2025").unwrap();
    assert_eq!((share[12].as_str(), share[13].as_str()), ("2020年 7.2%", "2025年 12%"));

    let refs = book.worksheet_range(SHEET_REFERENCES).unwrap();
    let header: Vec<String> = refs.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, REFERENCE_HEADERS);

    let status = book.worksheet_range(SHEET_STATUS).unwrap();
    let rows: Vec<Vec<String>> = status
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0], STATUS_HEADERS);
    let all = subjects(&plan, &cat);
    assert_eq!(rows.len(), all.len() + 1);
    assert!(rows[1..].iter().zip(&all).all(|(r, s)| r[0] == s.id && r[3].is_empty()));
}

#[test]
fn the_template_freezes_its_header_rows_and_lists_the_five_statuses() {
    let bytes = template_xlsx(&plan(), &catalogue()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for n in 2..=4 {
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(
            xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
            "sheet{n}"
        );
        assert!(xml.contains("<col "), "sheet{n} sets widths");
        if n == 4 {
            assert!(xml.contains("未启动,推进中,已建成,已调整,已取消"), "{xml}");
        }
    }
}

#[test]
fn the_unfilled_template_reads_back_as_nothing_to_import() {
    let dir = TempDir::new("empty");
    let path = dir.path("t.xlsx");
    write_template(&plan(), &catalogue(), &path).unwrap();
    let imported = read_evaluation_file(&plan(), &catalogue(), &path).unwrap();
    assert!(imported.is_empty(), "{imported:?}");
}

#[test]
fn a_filled_workbook_reads_back_every_value_with_its_unit_source_and_status() {
    let (plan, cat) = (plan(), catalogue());
    let percent = leak(percent_indicator(&plan));
    let subject = leak(subjects(&plan, &cat)[0].id.clone());
    let mut status_row: Cells = vec![Some(V::S(subject)), None, None, Some(V::S("已建成"))];
    status_row.extend(["2025-12", "已投运", "年报", "某局", "2026-01-05", "a.pdf"].map(|s| Some(V::S(s))));
    let bytes = workbook(&[
        (SHEET_GUIDE, vec!["x"], vec![vec![Some(V::S("not read: 12 个"))]]),
        (
            SHEET_ACTUALS,
            ACTUAL_HEADERS.to_vec(),
            vec![
                actual_row(FIVE_G, V::N(2023.0), V::N(17021.0), "个"),
                actual_row(FIVE_G, V::S("2024"), V::S("2.2"), ""),
                actual_row(percent, V::N(2025.0), V::N(12.5), "%"),
                // a prefilled row: no year, no value
                vec![Some(V::S(FIVE_G)), Some(V::S("5G基站")), Some(V::S("万个"))],
            ],
        ),
        (
            SHEET_REFERENCES,
            REFERENCE_HEADERS.to_vec(),
            vec![
                [
                    "地区生产总值",
                    "2023",
                    "8752.9",
                    "亿元",
                    percent,
                    "统计公报",
                    "公报",
                    "统计局",
                    "2024",
                    "",
                    "high",
                ]
                .map(|s| (!s.is_empty()).then_some(V::S(s)))
                .to_vec(),
            ],
        ),
        (SHEET_STATUS, STATUS_HEADERS.to_vec(), vec![status_row]),
    ]);
    let dir = TempDir::new("filled");
    let path = dir.write("filled.xlsx", &bytes);
    let got = read_evaluation_file(&plan, &cat, &path).unwrap();

    assert_eq!(got.actuals.len(), 3);
    let a = &got.actuals[0];
    assert_eq!(
        (a.indicator.as_str(), a.year, a.value, a.unit.as_str()),
        (FIVE_G, 2023, 17021.0, "个")
    );
    assert_eq!(a.scope, "截至年中");
    assert_eq!(
        (
            a.source.title.as_str(),
            a.source.issuer.as_str(),
            a.source.date.as_str(),
            a.source.location.as_str()
        ),
        ("某报道", "某机构", "2023-07-07", "http://example.org/a")
    );
    assert_eq!(a.reliability, "medium");
    let b = &got.actuals[1];
    assert_eq!(
        (b.year, b.value, b.unit.as_str()),
        (2024, 2.2, "万个"),
        "an empty unit is the target's"
    );
    assert_eq!(
        (got.actuals[2].indicator.as_str(), got.actuals[2].value),
        (percent, 12.5)
    );

    assert_eq!(got.references.len(), 1);
    let r = &got.references[0];
    assert_eq!(
        (r.label.as_str(), r.year, r.value, r.unit.as_str()),
        ("地区生产总值", 2023, 8752.9, "亿元")
    );
    assert_eq!(r.indicator.as_deref(), Some(percent));
    assert_eq!((r.source.title.as_str(), r.reliability.as_str()), ("公报", "high"));

    assert_eq!(got.statuses.len(), 1);
    let s = &got.statuses[0];
    assert_eq!(
        (s.subject.as_str(), s.status, s.date.as_str(), s.note.as_str()),
        (subject, ProjectStatus::Built, "2025-12", "已投运")
    );
    assert_eq!(s.source.location, "a.pdf");
}

#[test]
fn every_bad_value_is_named_by_sheet_row_and_column_and_nothing_is_imported() {
    let (plan, cat) = (plan(), catalogue());
    let percent = leak(percent_indicator(&plan));
    let subject = leak(subjects(&plan, &cat)[0].id.clone());
    let bytes = workbook(&[
        (
            SHEET_ACTUALS,
            ACTUAL_HEADERS.to_vec(),
            vec![
                actual_row(FIVE_G, V::N(2023.0), V::N(17021.0), "个"), // row 2: fine
                actual_row(percent, V::N(2023.0), V::N(3.0), "亿元"),  // row 3: unit
                actual_row(FIVE_G, V::N(2031.0), V::N(3.0), "万个"),   // row 4: year out of range
                actual_row(FIVE_G, V::N(2023.5), V::N(3.0), "万个"),   // row 5: not a whole year
                actual_row(FIVE_G, V::N(2024.0), V::S("约1.7万"), "个"), // row 6: text in a number cell
                actual_row("table9.r1.y2025", V::N(2024.0), V::N(1.0), "个"), // row 7: unknown indicator
                actual_row(FIVE_G, V::S("2023"), V::N(1.8), "万个"),   // row 8: a second value for 2023
            ],
        ),
        (
            SHEET_STATUS,
            STATUS_HEADERS.to_vec(),
            vec![
                vec![Some(V::S(subject)), None, None, Some(V::S("建设中"))], // row 2: unknown status
                vec![Some(V::S("park.nowhere")), None, None, Some(V::S("已建成"))], // row 3: unknown subject
            ],
        ),
    ]);
    let dir = TempDir::new("bad");
    let path = dir.write("bad.xlsx", &bytes);
    let result = read_evaluation_file(&plan, &cat, &path);
    let message = result.as_ref().map(|_| ()).unwrap_err().to_string();
    assert!(
        message.contains("bad.xlsx") && message.contains("nothing was imported"),
        "{message}"
    );
    let p = problems(result);
    assert!(has(&p, SHEET_ACTUALS, 3, "单位", "亿元"), "{p:#?}");
    assert!(has(&p, SHEET_ACTUALS, 4, "年份", "2031"), "{p:#?}");
    assert!(has(&p, SHEET_ACTUALS, 5, "年份", "whole year"), "{p:#?}");
    assert!(has(&p, SHEET_ACTUALS, 6, "实际值", "约1.7万"), "{p:#?}");
    assert!(has(&p, SHEET_ACTUALS, 7, "指标编号", "table9.r1.y2025"), "{p:#?}");
    assert!(has(&p, SHEET_ACTUALS, 8, "年份", "second value"), "{p:#?}");
    assert!(has(&p, SHEET_STATUS, 2, "状态", "建设中"), "{p:#?}");
    assert!(has(&p, SHEET_STATUS, 3, "对象编号", "park.nowhere"), "{p:#?}");
    assert_eq!(p.len(), 8, "row 2 is fine: {p:#?}");
    assert!(message.contains("sheet 实际值, row 3, column 单位"), "{message}");
}

#[test]
fn a_renamed_or_missing_column_is_named_by_its_expected_header() {
    let mut headers = ACTUAL_HEADERS.to_vec();
    headers[5] = "计量单位";
    headers.remove(11);
    let bytes = workbook(&[(
        SHEET_ACTUALS,
        headers,
        vec![actual_row(FIVE_G, V::N(2023.0), V::N(1.0), "万个")],
    )]);
    let dir = TempDir::new("renamed");
    let path = dir.write("renamed.xlsx", &bytes);
    let p = problems(read_evaluation_file(&plan(), &catalogue(), &path));
    assert!(has(&p, SHEET_ACTUALS, 1, "单位", "missing"), "{p:#?}");
    assert!(has(&p, SHEET_ACTUALS, 1, "可靠性说明", "missing"), "{p:#?}");
    assert_eq!(p.len(), 2);

    let bytes = workbook(&[("Sheet1", ACTUAL_HEADERS.to_vec(), vec![])]);
    let path = dir.write("nosheet.xlsx", &bytes);
    let p = problems(read_evaluation_file(&plan(), &catalogue(), &path));
    assert!(
        p[0].sheet == SHEET_ACTUALS && p[0].reason.contains("no sheet"),
        "{p:#?}"
    );
}

#[test]
fn at_most_twenty_problems_are_listed_and_the_rest_counted() {
    let rows = (0..30)
        .map(|_| actual_row(FIVE_G, V::N(1999.0), V::N(1.0), "万个"))
        .collect();
    let bytes = workbook(&[(SHEET_ACTUALS, ACTUAL_HEADERS.to_vec(), rows)]);
    let dir = TempDir::new("many");
    let path = dir.write("many.xlsx", &bytes);
    match read_evaluation_file(&plan(), &catalogue(), &path) {
        Err(EvalIoError::Invalid { problems, more, .. }) => assert_eq!((problems.len(), more), (20, 10)),
        other => panic!("{other:?}"),
    }
}

/// The 实际值 columns as CSV text, one 5G row for 2023 in 个 and one for 2024 in 万个.
fn csv_text() -> String {
    let mut s = ACTUAL_HEADERS.join(",");
    s.push('\n');
    s.push_str(&format!(
        "{FIVE_G},5G基站,万个,2023,17021,个,截至年中,大连发布,大连市发改委,2023-07-07,,中\n"
    ));
    s.push_str(&format!("{FIVE_G},,,2024,2.2,万个,,,,,,\n"));
    s.push_str(&format!("{FIVE_G},5G基站,万个,,,,,,,,,\n"));
    s
}

#[test]
fn csv_files_in_utf8_with_a_bom_and_in_gbk_read_the_same_values() {
    let dir = TempDir::new("csv");
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(csv_text().as_bytes());
    let gbk = encoding_rs::GBK.encode(&csv_text()).0.into_owned();
    assert!(std::str::from_utf8(&gbk).is_err(), "the fixture really is GBK");
    for (name, bytes) in [
        ("bom.csv", bom),
        ("gbk.csv", gbk),
        ("plain.csv", csv_text().into_bytes()),
    ] {
        let path = dir.write(name, &bytes);
        let got = read_evaluation_file(&plan(), &catalogue(), &path).unwrap();
        assert_eq!(got.actuals.len(), 2, "{name}");
        let a = &got.actuals[0];
        assert_eq!(
            (a.year, a.value, a.unit.as_str(), a.scope.as_str()),
            (2023, 17021.0, "个", "截至年中"),
            "{name}"
        );
        assert_eq!(
            (a.source.issuer.as_str(), a.reliability.as_str()),
            ("大连市发改委", "中"),
            "{name}"
        );
        assert_eq!((got.actuals[1].year, got.actuals[1].value), (2024, 2.2), "{name}");
    }
}

#[test]
fn a_bad_csv_row_is_named_by_its_line_and_column() {
    let dir = TempDir::new("csvbad");
    let text = csv_text().replace(",2.2,万个,", ",2.2,亿元,");
    let path = dir.write("bad.csv", text.as_bytes());
    let p = problems(read_evaluation_file(&plan(), &catalogue(), &path));
    assert!(has(&p, "CSV", 3, "单位", "亿元"), "{p:#?}");
    let path = dir.write("notes.txt.doc", b"x");
    assert!(matches!(
        read_evaluation_file(&plan(), &catalogue(), &path),
        Err(EvalIoError::Refused { .. })
    ));
}

#[test]
fn merging_replaces_the_same_indicator_and_year_and_adds_the_rest() {
    let dir = TempDir::new("merge");
    let path = dir.write("m.csv", csv_text().as_bytes());
    let imported = read_evaluation_file(&plan(), &catalogue(), &path).unwrap();
    let old = |year, value| Actual {
        indicator: FIVE_G.to_string(),
        year,
        value,
        unit: "万个".into(),
        scope: String::new(),
        source: Default::default(),
        reliability: String::new(),
        extra: Default::default(),
    };
    let before = Evaluation {
        actuals: vec![old(2023, 1.0), old(2022, 1.5)],
        note: "kept".into(),
        ..Evaluation::default()
    };
    let (after, counts) = imported.merged_into(&before);
    assert_eq!((counts.added, counts.replaced), (1, 1));
    assert_eq!(after.actuals.len(), 3);
    assert_eq!(after.actual(FIVE_G, 2023).unwrap().value, 17021.0);
    assert_eq!(after.actual(FIVE_G, 2022).unwrap().value, 1.5);
    assert_eq!(after.actual(FIVE_G, 2024).unwrap().value, 2.2);
    assert_eq!(after.note, "kept");
}

#[test]
fn a_sheet_formatted_down_to_row_a_million_is_read_quickly() {
    let dir = TempDir::new("million");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(SHEET_ACTUALS).unwrap();
    for (c, h) in ACTUAL_HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, FIVE_G).unwrap();
    ws.write_number(1, 3, 2023).unwrap();
    ws.write_number(1, 4, 1.7).unwrap();
    ws.write_blank(1_000_000, 0, &rust_xlsxwriter::Format::new().set_bold())
        .unwrap();
    ws.write_string(1_000_001, 1, "").unwrap();
    let path = dir.write("million.xlsx", &book.save_to_buffer().unwrap());
    let start = Instant::now();
    let got = read_evaluation_file(&plan(), &catalogue(), &path).unwrap();
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
    assert_eq!(got.actuals.len(), 1);

    // A value far below the table is refused rather than silently left out.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(SHEET_ACTUALS).unwrap();
    for (c, h) in ACTUAL_HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1_000_000, 3, 2023).unwrap();
    let path = dir.write("far.xlsx", &book.save_to_buffer().unwrap());
    let p = problems(read_evaluation_file(&plan(), &catalogue(), &path));
    assert!(has(&p, SHEET_ACTUALS, 1_000_001, "", "empty rows"), "{p:#?}");
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused_naming_it() {
    let dir = TempDir::new("notxlsx");
    let path = dir.write("fake.xlsx", b"PK not really");
    let e = read_evaluation_file(&plan(), &catalogue(), &path).unwrap_err();
    assert!(matches!(e, EvalIoError::Refused { .. }), "{e:?}");
    assert_eq!(e.to_string().matches("fake.xlsx").count(), 1, "{e}");
}

/// The CSV's rows as the test reads them, without the atlas's reader.
fn csv_rows() -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(PUBLIC_ACTUALS_CSV.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn the_example_evaluation_holds_exactly_the_public_report_figures_of_the_shipped_csv() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/public-actuals.csv");
    assert_eq!(std::fs::read_to_string(shipped).unwrap(), PUBLIC_ACTUALS_CSV);
    let plan = plan();
    let e = public_example(&plan).unwrap();
    assert_eq!(e.note, PUBLIC_EXAMPLE_NOTE);
    assert!(e.note.contains("公开") && e.note.contains("不完整") && e.note.contains("不是官方统计"));
    let rows = csv_rows();
    let actual_rows: Vec<_> = rows
        .iter()
        .filter(|r| r["indicator"] == "5g_base_stations" && r["kind"].starts_with("actual"))
        .collect();
    assert_eq!(e.actuals.len(), actual_rows.len());
    for (a, r) in e.actuals.iter().zip(&actual_rows) {
        assert_eq!(a.indicator, FIVE_G);
        assert_eq!(a.year.to_string(), r["year"]);
        assert_eq!(a.value, r["value"].parse::<f64>().unwrap());
        assert_eq!(a.unit, r["unit"]);
        assert_eq!(a.source.title, r["source_title"]);
        assert_eq!(a.source.issuer, r["issuer"]);
        assert_eq!(a.source.date, r["published"]);
        assert_eq!(a.source.location, r["url"]);
        assert_eq!(a.reliability, r["reliability"]);
        assert!(a.scope.contains(&r["quote"]) && a.scope.contains(&r["kind"]));
    }
    assert!(
        !e.actuals.iter().any(|a| a.year == 2020),
        "the planned 2020 figure is not an actual"
    );
    let gdp: Vec<_> = rows.iter().filter(|r| r["indicator"] == "gdp").collect();
    assert_eq!(e.references.len(), gdp.len());
    for (x, r) in e.references.iter().zip(&gdp) {
        assert_eq!(x.label, r["indicator_zh"]);
        assert_eq!(x.year.to_string(), r["year"]);
        assert_eq!(x.value, r["value"].parse::<f64>().unwrap());
        assert_eq!(x.unit, r["unit"]);
        assert_eq!(
            (x.source.title.as_str(), x.source.issuer.as_str()),
            (r["source_title"].as_str(), r["issuer"].as_str())
        );
        assert_eq!(x.reliability, r["reliability"]);
        let linked = x.indicator.as_deref().unwrap();
        let label = &indicators(&plan).into_iter().find(|i| i.id == linked).unwrap().label;
        assert!(label.contains("占地区生产总值比重"), "{label}");
    }
}

#[test]
fn the_evaluation_template_command_writes_the_workbook_and_refuses_other_extensions() {
    let dir = TempDir::new("cli");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .args(["evaluation-template", "--out", &dir.arg("t.xlsx")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("indicators"));
    let imported = read_evaluation_file(&plan(), &catalogue(), &dir.path("t.xlsx")).unwrap();
    assert!(imported.is_empty());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .args(["evaluation-template", "--out", &dir.arg("t.csv")])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".xlsx"));
    assert!(!dir.path("t.csv").exists());
}

#[test]
fn a_cell_holding_a_date_reads_as_its_iso_date() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(SHEET_ACTUALS).unwrap();
    for (c, h) in ACTUAL_HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, FIVE_G).unwrap();
    ws.write_number(1, 3, 2023).unwrap();
    ws.write_number(1, 4, 1.7).unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 20).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(1, 9, &date, &fmt).unwrap();
    let dir = TempDir::new("date");
    let path = dir.write("d.xlsx", &book.save_to_buffer().unwrap());
    let got = read_evaluation_file(&plan(), &catalogue(), &path).unwrap();
    assert_eq!(got.actuals[0].source.date, "2024-03-20");
}

#[test]
fn import_actuals_merges_a_file_into_a_project_and_writes_nothing_when_the_file_is_bad() {
    use dalian_atlas::model::project::Project;
    let dir = TempDir::new("import-actuals");
    let project = dir.write("p.dalian-atlas.json", Project::default().to_json().as_bytes());
    let good = dir.write("good.csv", csv_text().as_bytes());
    let run = |input: &Path, out: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
            .args(["import-actuals", "--project", project.to_str().unwrap(), "--in"])
            .arg(input)
            .args(["--out", &dir.arg(out)])
            .output()
            .unwrap()
    };
    let out = run(&good, "p2.dalian-atlas.json");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 added, 0 replaced"));
    let bytes = std::fs::read(dir.path("p2.dalian-atlas.json")).unwrap();
    let merged = Project::from_json_named("p2", &bytes).unwrap();
    assert_eq!(merged.evaluation.actual(FIVE_G, 2023).unwrap().value, 17021.0);

    let bad = dir.write("bad.csv", csv_text().replace(",2024,", ",2035,").as_bytes());
    let out = run(&bad, "p3.dalian-atlas.json");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.csv") && stderr.contains("line 3, column 年份"),
        "{stderr}"
    );
    assert!(!dir.path("p3.dalian-atlas.json").exists());
}
