#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

//! The evaluation report (issue 15): its `.xlsx` read back with calamine, its `.docx`
//! unzipped and its XML searched, converted to PDF by LibreOffice, its `.md` table, and
//! `dalian-atlas evaluate` end to end. The fixture project is the test's own: a few
//! actual values (one given in 个 for a 万个 indicator, one of the goal year, two of
//! earlier years), column-project statuses, an annotation linked to 专栏1 and one titled
//! 存在问题.

mod support;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use dalian_atlas::catalogue::Catalogue;
use dalian_atlas::evaluation::{Actual, ProjectStatus, Reference, Source, StatusEntry, Thresholds, rows, summary};
use dalian_atlas::io::report::write_report;
use dalian_atlas::model::report::{NO_DATA, Report, ReportInput, SECTIONS, build_report};
use dalian_atlas::model::{Annotation, AnnotationKind, Link, Project};
use dalian_atlas::plan::Plan;
use support::TempDir;

const FIVE_G: &str = "table1.r6.y2025";
const SOFTWARE: &str = "table1.r2.y2025";
const NC_RATE: &str = "table1.r4.y2025";
const ELECTRONICS: &str = "table1.r3.y2025";

fn actual(indicator: &str, year: u16, value: f64, unit: &str, title: &str) -> Actual {
    Actual {
        indicator: indicator.to_string(),
        year,
        value,
        unit: unit.to_string(),
        scope: String::new(),
        source: Source {
            title: title.to_string(),
            issuer: "测试机构".to_string(),
            date: "2026-01".to_string(),
            location: String::new(),
        },
        reliability: String::new(),
        extra: Default::default(),
    }
}

fn annotation(id: u64, title: &str, text: &str, link: &str) -> Annotation {
    let mut a = Annotation::new(id, AnnotationKind::Point, vec![[121.6, 38.9]])
        .unwrap()
        .with_title(title);
    a.description = text.to_string();
    a.links = vec![Link::PlanElement(link.to_string())];
    a
}

fn status(subject: &str, status: ProjectStatus, note: &str) -> StatusEntry {
    StatusEntry {
        subject: subject.to_string(),
        status,
        date: "2025-12".to_string(),
        note: note.to_string(),
        source: Source::default(),
        extra: Default::default(),
    }
}

/// The fixture project.
fn project() -> Project {
    let mut p = Project::default();
    let mut five_g = actual(FIVE_G, 2023, 17021.0, "个", "测试用5G统计");
    five_g.scope = "截至年中".to_string();
    p.evaluation.actuals = vec![
        five_g,
        actual(SOFTWARE, 2025, 1350.0, "亿元", "测试用软件统计"),
        actual(NC_RATE, 2022, 60.0, "%", "测试用数控化率"),
    ];
    p.evaluation.references = vec![Reference {
        label: "测试参考值".to_string(),
        year: 2024,
        value: 123.4,
        unit: "亿元".to_string(),
        indicator: Some("table1.r1.y2025".to_string()),
        scope: "测试口径".to_string(),
        source: Source {
            title: "测试参考来源".to_string(),
            ..Source::default()
        },
        reliability: "测试用".to_string(),
        extra: Default::default(),
    }];
    p.evaluation.note = "测试数据说明".to_string();
    p.evaluation.statuses = vec![
        status("box1.p1", ProjectStatus::Built, "测试建成说明"),
        status("box1.p2", ProjectStatus::InProgress, ""),
    ];
    p.annotations = vec![
        annotation(1, "测试专栏批注", "专栏一的测试批注正文", "box1"),
        annotation(2, "存在问题：测试问题标题", "测试问题正文", "box3"),
    ];
    p
}

fn plan() -> Plan {
    Plan::embedded().unwrap()
}

fn report(project: &Project) -> Report {
    let plan = plan();
    let catalogue = Catalogue::builtin().unwrap();
    build_report(&ReportInput {
        plan: &plan,
        catalogue: &catalogue,
        project,
        figures: Vec::new(),
        generated: "2026-12-06".to_string(),
        title: None,
    })
}

/// The summary line the fixture's report must show.
fn summary_line(project: &Project) -> String {
    summary(&rows(&plan(), &project.evaluation)).line_zh()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The row of the sheet whose column `column` reads `label`.
fn find_row<'a>(range: &'a calamine::Range<Data>, column: usize, label: &str) -> &'a [Data] {
    range
        .rows()
        .find(|r| r.get(column).is_some_and(|c| cell_text(c) == label))
        .unwrap_or_else(|| panic!("no row “{label}”"))
}

fn column(headers: &[Data], name: &str) -> usize {
    headers
        .iter()
        .position(|h| cell_text(h) == name)
        .unwrap_or_else(|| panic!("no column “{name}” in {headers:?}"))
}

#[test]
fn the_xlsx_report_holds_every_indicator_with_its_actuals_no_data_cells_completion_and_verdict() {
    let dir = TempDir::new("xlsx");
    let path = dir.path("report.xlsx");
    write_report(&report(&project()), &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("指标完成情况"));
    for name in ["2021年实际值", "2023年实际值", "2025年实际值", "项目状态"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    let table = book.worksheet_range("指标完成情况").unwrap();
    let headers = table.rows().next().unwrap().to_vec();
    let expected = [
        "序号",
        "指标",
        "属性",
        "单位",
        "2020年基期值",
        "2025年目标值",
        "2021年实际值",
        "2023年实际值",
        "2025年实际值",
        "完成度",
        "评价",
        "数据来源/口径说明",
    ];
    for name in expected {
        column(&headers, name);
    }
    let plan = plan();
    let label = |id: &str| plan.target(id).unwrap().label.clone();
    // One row per indicator of the plan.
    assert_eq!(table.height() - 1, dalian_atlas::evaluation::indicators(&plan).len());

    // 17021 个 in 万个; no value for 2021; 完成度 (1.7021 − 0.5) / (2.41 − 0.5) against
    // 60 % of the period elapsed.
    let five_g = find_row(&table, 1, &label(FIVE_G));
    assert_eq!(five_g[column(&headers, "单位")], Data::String("万个".into()));
    assert_eq!(five_g[column(&headers, "2020年基期值")], Data::Float(0.5));
    assert_eq!(five_g[column(&headers, "2025年目标值")], Data::Float(2.41));
    assert_eq!(five_g[column(&headers, "2023年实际值")], Data::Float(1.7021));
    assert_eq!(five_g[column(&headers, "2021年实际值")], Data::String(NO_DATA.into()));
    let Data::Float(c) = five_g[column(&headers, "完成度")] else {
        panic!("{:?}", five_g[column(&headers, "完成度")]);
    };
    assert!((c - 1.2021 / 1.91).abs() < 1e-9, "{c}");
    assert_eq!(cell_text(&five_g[column(&headers, "评价")]), "基本符合预期（据2023年）");
    let sources = cell_text(&five_g[column(&headers, "数据来源/口径说明")]);
    assert!(
        sources.contains("2023年：截至年中；测试用5G统计") && sources.contains("原值 17021 个"),
        "{sources}"
    );

    // The goal year's value: (1350 − 640) / (1300 − 640) ≥ 105 %.
    let software = find_row(&table, 1, &label(SOFTWARE));
    assert_eq!(cell_text(&software[column(&headers, "评价")]), "超额完成");
    assert_eq!(software[column(&headers, "属性")], Data::String("预期性".into()));
    // A share: 完成度 with its change in percentage points; behind the time elapsed.
    let nc = find_row(&table, 1, &label(NC_RATE));
    let completion = cell_text(&nc[column(&headers, "完成度")]);
    assert!(
        completion.starts_with("28.6%") && completion.contains("+8 个百分点"),
        "{completion}"
    );
    assert_eq!(cell_text(&nc[column(&headers, "评价")]), "滞后于预期（据2022年）");
    // Nothing entered: 暂无数据, never a value.
    let none = find_row(&table, 1, &label(ELECTRONICS));
    for name in ["2021年实际值", "2025年实际值", "完成度", "评价", "数据来源/口径说明"] {
        assert_eq!(none[column(&headers, name)], Data::String(NO_DATA.into()), "{name}");
    }

    let year = book.worksheet_range("2023年实际值").unwrap();
    let yh = year.rows().next().unwrap().to_vec();
    let row = find_row(&year, 0, &label(FIVE_G));
    assert_eq!(row[column(&yh, "实际值")], Data::Float(1.7021));
    assert_eq!(row[column(&yh, "填报值")], Data::Float(17021.0));
    assert_eq!(row[column(&yh, "来源")], Data::String("测试用5G统计".into()));
    assert_eq!(row[column(&yh, "发布机构")], Data::String("测试机构".into()));
    let empty = book.worksheet_range("2021年实际值").unwrap();
    assert_eq!(cell_text(&empty.rows().nth(1).unwrap()[0]), format!("2021年{NO_DATA}"));

    let statuses = book.worksheet_range("项目状态").unwrap();
    let sh = statuses.rows().next().unwrap().to_vec();
    let built = statuses
        .rows()
        .find(|r| cell_text(&r[column(&sh, "编号")]) == "box1.p1")
        .unwrap();
    assert_eq!(cell_text(&built[column(&sh, "状态")]), "已建成");
    assert_eq!(cell_text(&built[column(&sh, "说明")]), "测试建成说明");
    let unset = statuses
        .rows()
        .find(|r| cell_text(&r[column(&sh, "编号")]) == "box2.p1")
        .unwrap();
    assert_eq!(cell_text(&unset[column(&sh, "状态")]), "未填写");

    // The header row is frozen and the columns have widths.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#),
        "{sheet}"
    );
    assert!(sheet.contains("customWidth=\"1\""));
}

fn document_xml(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn the_docx_report_has_the_sections_the_table_cells_no_data_and_the_summary_line() {
    let dir = TempDir::new("docx");
    let path = dir.path("report.docx");
    let project = project();
    write_report(&report(&project), &path).unwrap();
    let xml = document_xml(&path);
    let summary = summary_line(&project);
    assert!(
        summary.contains("1 项已有终期实际值") && summary.contains("2 项仅有期中实际值"),
        "{summary}"
    );
    for text in [
        "《大连市数字经济发展“十四五”规划》实施终期评估报告",
        summary.as_str(),
        "项专栏工程中，1 项已建成、1 项推进中；",
        "<w:tbl>",
        "2025年目标值",
        "1.7021",
        "基本符合预期（据2023年）",
        "超额完成",
        NO_DATA,
        "专栏1 ",
        "已建成1项，推进中1项",
        "测试专栏批注：专栏一的测试批注正文",
        "存在问题：测试问题标题：测试问题正文",
        "【待规划人员填写：下一步建议。】",
        "宋体",
        "w:eastAsia",
        "不低于 105% 为超额完成",
        "测试参考值（2024年）：123.4 亿元，参考指标：数字经济核心产业增加值占地区生产总值比重；口径：测试口径；来源：测试参考来源；可靠性：测试用",
        "测试数据说明",
    ] {
        assert!(xml.contains(text), "document.xml lacks “{text}”");
    }
    for heading in SECTIONS {
        assert!(xml.contains(heading), "document.xml lacks the heading “{heading}”");
    }
    // The 存在问题 annotation is in its section, not among 专栏3's notes.
    assert_eq!(xml.matches("测试问题正文").count(), 1);
}

#[test]
fn the_markdown_report_has_the_indicator_table_as_a_pipe_table() {
    let dir = TempDir::new("md");
    let path = dir.path("report.md");
    write_report(&report(&project()), &path).unwrap();
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.starts_with("# 《大连市数字经济发展“十四五”规划》实施终期评估报告"));
    assert!(md.contains("| 序号 | 指标 | 属性 | 单位 | 2020年基期值 | 2025年目标值 | 2021年实际值 |"));
    let row = md
        .lines()
        .find(|l| l.contains("5G") && l.starts_with('|') && l.contains("1.7021"))
        .unwrap();
    assert!(
        row.contains("| 0.5 | 2.41 | 暂无数据 | 暂无数据 | 1.7021 | 暂无数据 | 暂无数据 |"),
        "{row}"
    );
    assert!(md.contains("## 四、存在问题"));
}

#[test]
fn a_project_without_annotations_leaves_problems_and_suggestions_to_the_planner() {
    let r = report(&Project::default());
    let text: Vec<String> = r
        .blocks
        .iter()
        .filter_map(|b| match b {
            dalian_atlas::model::report::Block::Note(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert!(text.iter().any(|t| t == "【待规划人员填写：存在问题。】"), "{text:?}");
    assert!(text.iter().any(|t| t == "【待规划人员填写：下一步建议。】"));
    assert!(text.iter().any(|t| t.contains("“存在问题”或“问题”开头的批注")));
}

#[test]
fn an_unknown_report_extension_is_refused_and_nothing_is_written() {
    let dir = TempDir::new("ext");
    let path = dir.path("report.pdf");
    let err = write_report(&report(&project()), &path).unwrap_err().to_string();
    assert!(err.contains(".pdf") && err.contains(".xlsx, .docx or .md"), "{err}");
    assert!(!path.exists());
}

/// Converts `docx` to PDF with LibreOffice in `dir`; the PDF's path.
fn to_pdf(docx: &Path, dir: &TempDir) -> std::path::PathBuf {
    let profile = format!("-env:UserInstallation=file://{}", dir.arg("lo-profile"));
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            &dir.arg(""),
            docx.to_str().unwrap(),
        ])
        .output()
        .expect("soffice runs (apt package libreoffice-writer-nogui)");
    assert!(
        out.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = docx.with_extension("pdf");
    assert!(
        pdf.exists(),
        "soffice wrote no PDF: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    pdf
}

#[test]
fn the_docx_report_opens_in_libreoffice_and_its_pdf_shows_the_summary_line() {
    let dir = TempDir::new("pdf");
    let path = dir.path("report.docx");
    let project = project();
    write_report(&report(&project), &path).unwrap();
    let pdf = to_pdf(&path, &dir);
    let text = support::run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let text = squeeze(&text);
    assert!(text.contains(&squeeze(&summary_line(&project))), "{text}");
    assert!(text.contains("主要指标完成情况") && text.contains(NO_DATA));
}

#[test]
fn evaluate_on_the_command_line_writes_the_xlsx_the_markdown_and_the_docx_with_a_figure() {
    let dir = TempDir::new("cli");
    let project_path = dir.path("p.atlas.json");
    dalian_atlas::io::project::save_project(&project_path, &project()).unwrap();
    let atlas = env!("CARGO_BIN_EXE_dalian-atlas");
    for name in ["r.xlsx", "r.md"] {
        let out = support::run(
            atlas,
            &[
                "evaluate",
                "--project",
                project_path.to_str().unwrap(),
                "--out",
                &dir.arg(name),
            ],
        );
        assert!(
            out.contains("wrote") && out.contains("3 values") && out.contains("2 project statuses"),
            "{out}"
        );
        assert!(dir.path(name).exists());
    }
    // The project has no scenes: one overview figure, drawn by the headless renderer.
    let out = support::run(
        atlas,
        &[
            "evaluate",
            "--project",
            project_path.to_str().unwrap(),
            "--out",
            &dir.arg("r.docx"),
        ],
    );
    assert!(out.contains("1 figure(s)"), "{out}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(dir.path("r.docx")).unwrap()).unwrap();
    let media = (0..zip.len())
        .filter(|&k| zip.by_index(k).unwrap().name().unwrap().ends_with(".png"))
        .count();
    assert_eq!(media, 1);
    let xml = document_xml(&dir.path("r.docx"));
    assert!(xml.contains("图1 规划布局总览") && xml.contains("不作为权属界线依据"));

    let refused = Command::new(atlas)
        .args([
            "evaluate",
            "--project",
            project_path.to_str().unwrap(),
            "--out",
            &dir.arg("r.txt"),
        ])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains(".txt"));
}

#[test]
fn the_figures_are_one_per_scene_captioned_with_its_title_and_go_into_the_docx() {
    use dalian_atlas::model::{MapView, Scene};
    use dalian_atlas::render::map_image::{MapData, ProjectData};
    use dalian_atlas::render::report::scene_figures;
    use dalian_atlas::render::{OffscreenRenderer, RendererOptions};

    let plan = plan();
    let data = MapData::builtin().unwrap();
    let mut p = project();
    let view = |lon: f64| MapView {
        lon,
        lat: 38.92,
        zoom: 10.0,
    };
    p.scenes = vec![
        Scene::new("测试场景甲", view(121.6)),
        Scene::new("测试场景乙", view(121.9)),
    ];
    let project = ProjectData::new(p);
    let mut renderer = OffscreenRenderer::new(RendererOptions::default()).unwrap();
    let sources = data.sources().with_project(&project);
    let figures = scene_figures(
        &mut renderer,
        &plan,
        &sources,
        &project.project,
        [640, 440],
        "2026-12-06",
    )
    .unwrap();
    let captions: Vec<&str> = figures.iter().map(|f| f.caption.as_str()).collect();
    assert_eq!(captions, ["测试场景甲", "测试场景乙"]);
    for f in &figures {
        assert_eq!((f.width_px, f.height_px), (640, 440));
        assert!(f.png.starts_with(b"\x89PNG"));
    }

    let catalogue = Catalogue::builtin().unwrap();
    let report = build_report(&ReportInput {
        plan: &plan,
        catalogue: &catalogue,
        project: &project.project,
        figures,
        generated: "2026-12-06".to_string(),
        title: Some("测试评估报告".to_string()),
    });
    let dir = TempDir::new("figures");
    let path = dir.path("r.docx");
    write_report(&report, &path).unwrap();
    let xml = document_xml(&path);
    assert!(xml.contains("测试评估报告") && xml.contains("图1 测试场景甲") && xml.contains("图2 测试场景乙"));
    assert_eq!(xml.matches("<pic:pic").count(), 2);
}

#[test]
fn the_report_publishes_the_projects_thresholds_and_judges_by_them() {
    let mut p = project();
    p.evaluation.thresholds = Thresholds {
        exceeded: 1.1,
        ..Thresholds::default()
    };
    let md = dalian_atlas::io::report::md::markdown(&report(&p));
    assert!(md.contains("不低于 110% 为超额完成"), "{md}");
    // 107.6 % is short of 110 %: 完成, no longer 超额完成.
    let row = md.lines().find(|l| l.contains("| 1350 |")).unwrap();
    assert!(row.contains("| 107.6% | 完成 |"), "{row}");
}

#[test]
fn annotations_on_a_table_row_or_a_columns_feature_are_reported_under_its_chapter_or_column() {
    let catalogue = Catalogue::builtin().unwrap();
    let feature = catalogue
        .features
        .iter()
        .find(|f| f.column.as_deref() == Some("box1"))
        .unwrap();
    let mut p = project();
    let mut on_feature = annotation(3, "测试要素批注", "", "box1");
    on_feature.links = vec![Link::Feature(feature.id.clone())];
    p.annotations.push(on_feature);
    p.annotations.push(annotation(4, "测试指标批注", "", FIVE_G));
    let md = dalian_atlas::io::report::md::markdown(&report(&p));
    let at = |text: &str| md.find(text).unwrap_or_else(|| panic!("no “{text}”"));
    let table_chapter = plan().table("table1").unwrap().chapter.clone();
    let chapter = plan().title_of(&table_chapter).unwrap();
    assert!(at(&format!("### {chapter}")) < at("- 测试指标批注"));
    assert!(at("- 测试指标批注") < at("#### 专栏1 "));
    assert!(at("#### 专栏1 ") < at("- 测试要素批注") && at("- 测试要素批注") < at("#### 专栏2 "));
}

#[test]
fn feature_statuses_reach_the_written_report_and_the_counts_agree_with_the_outline() {
    let mut project = project();
    project.evaluation.statuses.push(status(
        "park.dalian-software-park",
        ProjectStatus::Built,
        "测试园区说明",
    ));
    project
        .evaluation
        .statuses
        .push(status("5g.jinpu", ProjectStatus::InProgress, "测试覆盖说明"));
    let dir = TempDir::new("feature-status");
    let path = dir.path("report.md");
    write_report(&report(&project), &path).unwrap();
    let md = std::fs::read_to_string(&path).unwrap();
    let catalogue = Catalogue::builtin().unwrap();
    let park = &catalogue
        .feature("park.dalian-software-park")
        .unwrap()
        .qualified_name_zh();
    let area = &catalogue.feature("5g.jinpu").unwrap().qualified_name_zh();
    // The park belongs to no 专栏: it has a section of its own; the 5G area is placed for
    // 专栏1's 5G project: it is listed under 专栏1.
    let others = md
        .find("其他图集要素的实施状态")
        .expect("a section for features outside the columns");
    assert!(
        md[others..].contains(&format!("{park}：已建成（2025-12），测试园区说明")),
        "{md}"
    );
    let column1 = md.find("专栏1 ").expect("专栏1");
    let related = md[column1..].find("相关图集要素的实施状态").expect("专栏1's features") + column1;
    assert!(related < others);
    assert!(md[related..others].contains(&format!("{area}：推进中")), "{md}");
    // 专栏1's count is of its projects (paragraphs), as in the outline.
    let projects = plan().text_box("box1").unwrap().paragraphs.len();
    assert!(
        md.contains(&format!(
            "专栏工程共 {projects} 项：已建成1项，推进中1项，未填写状态{}项。",
            projects - 2
        )),
        "{md}"
    );
    // The summary counts the features apart from the column projects.
    assert!(
        md.contains("另有 2 个图集要素填写了实施状态：1 个已建成、1 个推进中"),
        "{md}"
    );
}
