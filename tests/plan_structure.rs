//! The plan document model, tested on the shipped plan text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use std::collections::HashSet;

use dalian_atlas::plan::{ElementKind, FindingKind, Plan, PlanError, Severity, TargetKind, TocLevel};

fn plan() -> Plan {
    Plan::embedded().expect("the embedded plan parses")
}

/// (source line cut by a page break, line that continues it, text across the join).
const KNOWN_SPLITS: &[(usize, usize, &str)] = &[
    (64, 66, "息服务业2028"),
    (70, 72, "经济发展的主引擎"),
    (78, 80, "程，打造新型智慧"),
    (84, 88, "网络户数460."),
    (106, 108, "挑战。自2020"),
    (118, 120, "税收、人才、股权"),
    (130, 132, "全国领先的数字经"),
    (140, 142, "的数字经济体系。"),
    (148, 150, "设施建设等方面基"),
    (164, 166, "数字化深度转型，"),
    (198, 200, "，推进无人驾驶等"),
    (228, 230, "技术创新平台与载"),
    (238, 240, "杂动态场景感知与"),
    (246, 248, "数据安全产品。研"),
    (250, 254, "制造研发体系。强"),
    (270, 272, "，大力汇聚各方创"),
    (280, 282, "究与共性技术研发"),
    (288, 290, "环境，抢占智能科"),
    (298, 300, "发展系统仿真软件"),
    (306, 308, "产管理优化、设备"),
    (320, 324, "加快发展智能手机"),
    (338, 340, "据服务、安全服务"),
    (358, 360, "，研发新型嵌入式"),
    (390, 392, "基站介质滤波器、"),
    (400, 404, "疗健康设备。支持"),
    (410, 412, "向航拍、农业、植"),
    (426, 428, "品定制等新模式。"),
    (436, 438, "链管控能力。利用"),
    (444, 446, "境电子商务平台加"),
    (460, 462, "实（裸眼3D)、"),
    (480, 482, "造提升传统制造业"),
    (488, 492, "造应用场景需求的"),
    (498, 500, "价值、高风险、高"),
    (514, 516, "制造。鼓励汽车制"),
    (522, 524, "、虚拟现实等技术"),
    (530, 532, "提供数字化咨询与"),
    (564, 568, "畜（禽）一标”动"),
    (574, 576, "，创新供求分析、"),
    (582, 584, "化系统建设。推进"),
    (608, 610, "学习、教学、研究"),
    (616, 618, "健康医疗安全体系"),
    (624, 626, "市旅游景点的宣传"),
    (632, 634, "升在资产管理、授"),
    (638, 642, "智慧化程度。围绕"),
    (648, 650, "物流公共信息服务"),
    (672, 674, "游、交通运输等传"),
    (690, 692, "共享、互联互通”"),
    (700, 702, "以与企业群众生产"),
    (710, 712, "为核心，整合市、"),
    (718, 720, "与工信、医疗、交"),
    (734, 738, "入点，面向全国探"),
    (766, 768, "基金，以股权投资"),
    (780, 782, "件，完善我市数字"),
];

#[test]
fn the_plan_has_nine_chapters_thirty_two_sections_eleven_columns_and_one_table() {
    let plan = plan();
    assert_eq!(plan.chapters.len(), 9);
    let sections: usize = plan.chapters.iter().map(|c| c.sections.len()).sum();
    assert_eq!(sections, 32);
    let per_chapter: Vec<usize> = plan.chapters.iter().map(|c| c.sections.len()).collect();
    assert_eq!(per_chapter, vec![3, 4, 2, 2, 4, 4, 5, 3, 5]);
    assert_eq!(plan.boxes.len(), 11);
    let numbers: Vec<u32> = plan.boxes.iter().map(|b| b.number).collect();
    assert_eq!(numbers, (1..=11).collect::<Vec<_>>());
    assert_eq!(plan.tables.len(), 1);
    assert_eq!(plan.tables[0].rows.len(), 6);
    assert!(!plan.preface.is_empty());
}

#[test]
fn front_matter_gives_document_number_title_and_issuer() {
    let plan = plan();
    assert_eq!(plan.front.document_number, "大政办发〔2021〕33号");
    assert_eq!(plan.front.attachment, "附件19");
    assert!(plan.front.title.contains("大连市数字经济发展"));
    assert!(plan.front.title.contains("十四五"));
    assert_eq!(plan.front.issuer, "大连市发展和改革委员会");
}

#[test]
fn chapter_titles_are_read_whatever_their_markdown_level() {
    let plan = plan();
    assert_eq!(plan.chapters[0].title, "规划背景");
    assert_eq!(plan.chapters[1].title, "总体要求"); // written `## **第二章 总体要求**`
    assert_eq!(plan.chapters[2].title, "建设东北地区领先的新型数字基础设施"); // `###`
    assert_eq!(plan.chapters[1].sections[3].title, "整体布局"); // `####`
    assert_eq!(plan.chapters[4].label, "第五章");
}

#[test]
fn the_table_of_contents_is_parsed_with_pages() {
    let plan = plan();
    let chapters = plan.toc.iter().filter(|e| e.level == TocLevel::Chapter).count();
    let sections = plan.toc.iter().filter(|e| e.level == TocLevel::Section).count();
    assert_eq!((chapters, sections), (9, 32));
    let ch6 = plan
        .toc
        .iter()
        .find(|e| e.level == TocLevel::Chapter && e.chapter == 6)
        .expect("第六章 in TOC");
    assert_eq!(ch6.title, "建设全国领先的数字经济融合应用高地");
    assert_eq!(ch6.page, Some(43));
}

#[test]
fn columns_are_attached_to_the_section_they_stand_in() {
    let plan = plan();
    let where_is = |id: &str| {
        let b = plan.text_box(id).expect(id);
        (b.chapter.clone(), b.section.clone())
    };
    assert_eq!(where_is("box1"), ("ch3".into(), Some("ch3.s2".into())));
    assert_eq!(where_is("box3"), ("ch5".into(), Some("ch5.s1".into())));
    assert_eq!(where_is("box7"), ("ch6".into(), Some("ch6.s1".into())));
    assert_eq!(where_is("box10"), ("ch6".into(), Some("ch6.s4".into())));
    assert_eq!(where_is("box11"), ("ch7".into(), Some("ch7.s5".into())));
    assert_eq!(plan.text_box("box10").expect("box10").title, "新型智慧海洋“领航”工程");
    let s = plan.section("ch5.s1").expect("ch5.s1");
    assert_eq!(s.boxes, vec!["box3".to_string()]);
    // A column's paragraphs are its own, not its section's.
    assert_eq!(plan.text_box("box1").expect("box1").paragraphs.len(), 5);
    assert!(
        plan.section("ch3.s2")
            .expect("ch3.s2")
            .paragraphs
            .iter()
            .all(|p| !p.text.starts_with("移动通信网络基站建设工程"))
    );
}

#[test]
fn every_id_is_unique_and_the_same_after_reparsing() {
    let a = plan();
    let b = plan();
    let ids = |p: &Plan| -> Vec<String> {
        let mut v: Vec<String> = p.all_paragraphs().iter().map(|x| x.id.clone()).collect();
        v.extend(p.chapters.iter().map(|c| c.id.clone()));
        v.extend(p.chapters.iter().flat_map(|c| c.sections.iter().map(|s| s.id.clone())));
        v.extend(p.boxes.iter().map(|x| x.id.clone()));
        v.extend(p.tables.iter().map(|x| x.id.clone()));
        v.extend(p.targets.iter().map(|x| x.id.clone()));
        v
    };
    let (ia, ib) = (ids(&a), ids(&b));
    assert_eq!(ia, ib);
    let unique: HashSet<&String> = ia.iter().collect();
    assert_eq!(unique.len(), ia.len(), "duplicate IDs");
    for id in [
        "ch5",
        "ch5.s1",
        "ch5.s1.p3",
        "box3",
        "box3.p2",
        "table1",
        "table1.r6",
        "preface.p1",
        "ch2.s4.p1",
    ] {
        assert!(a.kind_of(id).is_some(), "{id} exists");
    }
    assert_eq!(a.kind_of("ch5.s1.p3"), Some(ElementKind::Paragraph));
    assert_eq!(a.kind_of("box3"), Some(ElementKind::Box));
    assert!(
        a.paragraph("ch2.s4.p1")
            .expect("ch2.s4.p1")
            .text
            .starts_with("按照“双核驱动，四区协同，多点发展”")
    );
    assert!(a.problems().is_empty(), "{:?}", a.problems());
}

#[test]
fn every_known_page_break_split_is_joined_into_one_paragraph() {
    let plan = plan();
    let paragraphs = plan.all_paragraphs();
    for (cut, cont, across) in KNOWN_SPLITS {
        let p = paragraphs
            .iter()
            .find(|p| p.lines.first <= *cut && *cut <= p.lines.last)
            .unwrap_or_else(|| panic!("no paragraph holds line {cut}"));
        assert!(
            p.joined_lines.contains(cont),
            "{}: line {cont} not joined to line {cut}",
            p.id
        );
        assert!(p.text.contains(across), "{}: “{across}” not in the joined text", p.id);
    }
    let joins: usize = paragraphs.iter().map(|p| p.joined_lines.len()).sum();
    assert_eq!(joins, KNOWN_SPLITS.len());
    let unmanned = plan
        .all_paragraphs()
        .into_iter()
        .find(|p| p.text.contains("推进无人驾驶等试验场地建设。"))
        .expect("joined");
    assert_eq!(unmanned.id, "ch3.s2.p2");
    assert_eq!((unmanned.lines.first, unmanned.lines.last), (198, 200));
}

#[test]
fn no_parsed_paragraph_ends_mid_sentence() {
    let plan = plan();
    for p in plan.all_paragraphs() {
        let last = p.text.trim_end_matches(['”', '）', '》']).chars().last();
        assert!(
            matches!(last, Some('。' | '；' | '：' | '！' | '？')),
            "{} ends “{}”",
            p.id,
            p.text
        );
    }
}

#[test]
fn table_one_has_six_indicators_with_units_and_2020_and_2025_values() {
    let plan = plan();
    let t = plan.table("table1").expect("table1");
    assert_eq!(t.title, "大连市“十四五”数字经济发展预期指标");
    assert_eq!(t.years, vec![2020, 2025]);
    assert_eq!(t.section.as_deref(), Some("ch2.s3"));
    let rows: Vec<(&str, &str, Vec<f64>)> = t
        .rows
        .iter()
        .map(|r| (r.indicator.as_str(), r.unit.as_str(), r.values.clone()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("数字经济核心产业增加值占地区生产总值比重", "%", vec![7.2, 12.0]),
            ("软件和信息技术服务业营业收入", "亿元", vec![640.0, 1300.0]),
            ("规上电子信息制造业营业收入", "亿元", vec![698.7, 1000.0]),
            ("工业企业关键工序数控化率", "%", vec![52.0, 80.0]),
            ("关键业务环节全面数字化的企业比例", "%", vec![49.5, 62.0]),
            ("5G 基站站址数量", "万个", vec![0.5, 2.41]),
        ]
    );
    assert_eq!(t.rows[0].cells, vec!["7.2%".to_string(), "12%".to_string()]);
}

fn find<'a>(plan: &'a Plan, value: f64, unit: &str, label_part: &str) -> &'a dalian_atlas::plan::Target {
    plan.targets
        .iter()
        .find(|t| {
            t.value == value && t.unit == unit && t.label.contains(label_part) && !t.paragraph.starts_with("table")
        })
        .unwrap_or_else(|| panic!("no target {value} {unit} “{label_part}”"))
}

#[test]
fn goals_are_extracted_from_the_text_with_value_unit_kind_and_paragraph() {
    let plan = plan();
    let software = find(&plan, 1300.0, "亿元", "软件和信息技术服务业收入");
    assert_eq!((software.kind, software.year), (TargetKind::Target, Some(2025)));
    assert!(software.paragraph.starts_with("ch2.s3.p"));
    let para = plan.paragraph(&software.paragraph).expect("paragraph");
    assert_eq!(&para.text[software.value_range.clone()], "1300 亿元");
    assert_eq!(find(&plan, 500.0, "亿元", "集成电路产业").kind, TargetKind::Target);
    assert_eq!(find(&plan, 200.0, "亿元", "数字视听产业").kind, TargetKind::Target);
    assert_eq!(find(&plan, 150.0, "亿元", "新型元器件产业").kind, TargetKind::Target);
    assert_eq!(
        find(&plan, 1000.0, "亿元", "规上电子信息制造业产值").kind,
        TargetKind::Target
    );
    let cloud = find(&plan, 8000.0, "家", "上云企业");
    assert_eq!(cloud.paragraph, "box7.p2");
    assert_eq!(
        find(&plan, 5.0, "家", "省级工业互联网平台").kind,
        TargetKind::LowerBound
    );
    assert_eq!(find(&plan, 20.0, "个", "数据应用示范案例").kind, TargetKind::LowerBound);
    let nodes = find(&plan, 2.0, "个", "二级节点");
    assert_eq!((nodes.kind, nodes.value_max), (TargetKind::Range, Some(3.0)));
    let pue = find(&plan, 1.3, "", "PUE");
    assert_eq!(pue.kind, TargetKind::UpperBound);
    assert_eq!(find(&plan, 2.13, "万个", "4G基站").paragraph, "box1.p1");
    assert_eq!(find(&plan, 2.41, "万个", "5G基站").year, Some(2025));
    let share = find(&plan, 12.0, "%", "数字经济核心产业增加值占地区生产总值");
    assert!(share.approximate, "12% 左右 is approximate");
    let goals = plan
        .targets
        .iter()
        .filter(|t| t.kind.is_goal() && !t.paragraph.starts_with("table"))
        .count();
    assert!(goals >= 15, "only {goals} goals from the text");
}

#[test]
fn baselines_are_extracted_from_the_first_chapter() {
    let plan = plan();
    let software = find(&plan, 640.0, "亿元", "软件业务收入");
    assert_eq!((software.kind, software.year), (TargetKind::Baseline, Some(2020)));
    assert!(software.approximate, "约为 640 亿元");
    assert_eq!(find(&plan, 6309.0, "个", "基站").kind, TargetKind::Baseline);
    let pue = find(&plan, 1.6, "", "平均PUE");
    assert!(pue.approximate);
    assert_eq!(find(&plan, 7.2, "%", "比重").kind, TargetKind::Baseline);
    // Years, document numbers and names with digits are not quantities.
    assert!(
        plan.targets
            .iter()
            .all(|t| !(2018.0..=2035.0).contains(&t.value) || t.unit == "家")
    );
    assert!(
        plan.targets
            .iter()
            .all(|t| t.value_text != "4" && t.value_text != "5" || !t.unit.is_empty())
    );
}

#[test]
fn table_targets_point_to_their_rows() {
    let plan = plan();
    let t = plan.target("table1.r6.y2025").expect("5G 2025");
    assert_eq!((t.value, t.unit.as_str(), t.kind), (2.41, "万个", TargetKind::Target));
    assert_eq!(
        plan.target("table1.r6.y2020").expect("5G 2020").kind,
        TargetKind::Baseline
    );
    assert_eq!(t.paragraph, "table1.r6");
}

#[test]
fn the_toc_and_layout_cross_checks_report_the_known_discrepancies() {
    let plan = plan();
    let title = plan
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::TocTitle && f.refs == ["ch8.s3"])
        .expect("ch8.s3 title finding");
    assert_eq!(title.severity, Severity::Discrepancy);
    assert!(title.message_zh.contains("加强数据安全的管理") && title.message_zh.contains("加强数据安全治理"));
    let titles = plan.findings.iter().filter(|f| f.kind == FindingKind::TocTitle).count();
    assert_eq!(titles, 1, "only 第八章第三节 differs");
    let count = plan
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::TocCount)
        .expect("count finding");
    assert_eq!(count.severity, Severity::Agrees);
    let zones = plan
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::LayoutZones)
        .expect("zones finding");
    assert_eq!(zones.severity, Severity::Discrepancy);
    assert!(zones.message_zh.contains("四区协同"));
    for name in ["数字经济核心产业区", "工业互联网应用先导区", "数字产业生态示范区"] {
        assert!(zones.message_zh.contains(name), "{name}");
    }
    assert!(zones.message_en.contains("names 3"));
}

#[test]
fn errata_correct_the_stray_english_word_and_mark_the_span() {
    let plan = plan();
    for p in plan.all_paragraphs() {
        assert!(!p.text.contains(" and "), "{} still has “ and ”", p.id);
    }
    let health = plan
        .all_paragraphs()
        .into_iter()
        .find(|p| p.lines.first <= 78 && 78 <= p.lines.last)
        .expect("line 78");
    assert!(health.text.contains("全民健康信息平台和电子病历"));
    let c = &health.corrections[0];
    assert_eq!(&health.text[c.range.clone()], "和");
    assert_eq!(c.original, " and ");
    assert_eq!(
        plan.findings.iter().filter(|f| f.kind == FindingKind::Erratum).count(),
        2
    );
}

#[test]
fn search_finds_every_occurrence_with_its_byte_range() {
    let plan = plan();
    let hits = plan.search("数据湖");
    assert_eq!(hits.len(), 2, "{hits:?}");
    for h in &hits {
        assert_eq!(
            &plan.paragraph(&h.paragraph).expect("hit paragraph").text[h.range.clone()],
            "数据湖"
        );
    }
    assert!(plan.search("   ").is_empty());
    assert!(plan.search("不存在的词语").is_empty());
}

#[test]
fn elements_resolve_to_their_paragraphs_and_titles() {
    let plan = plan();
    assert_eq!(plan.title_of("ch8.s3").as_deref(), Some("第三节 加强数据安全治理"));
    assert_eq!(
        plan.title_of("box1").as_deref(),
        Some("专栏1 新型数字基础设施“筑基”工程")
    );
    let sec = plan.paragraphs_of("ch3.s2");
    assert_eq!(sec.first().map(|p| p.id.as_str()), Some("ch3.s2.p1"));
    assert!(sec.iter().any(|p| p.id == "box1.p1"), "a section shows its columns");
    let ch3: Vec<&str> = plan.paragraphs_of("ch3").iter().map(|p| p.id.as_str()).collect();
    assert!(ch3.contains(&"ch3.p1") && ch3.contains(&"ch3.s1.p1") && ch3.contains(&"box1.p5"));
    assert!(!ch3.contains(&"ch4.p1"));
    assert_eq!(plan.container_of("box3.p2"), Some("box3"));
    assert_eq!(plan.container_of("ch5.s1.p3"), Some("ch5.s1"));
}

#[test]
fn the_seed_copy_is_byte_identical_to_the_shared_plan() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_d9df9a41619e1c00.txt");
    let Ok(original) = std::fs::read(&shared) else {
        eprintln!("{} not present; nothing to compare", shared.display());
        return;
    };
    assert_eq!(original, dalian_atlas::plan::EMBEDDED_PLAN.as_bytes());
}

#[test]
fn bad_plan_files_give_readable_errors() {
    let dir = std::env::temp_dir().join(format!("atlas-plan-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let missing = dir.join("missing.md");
    let err = dalian_atlas::io::plan::plan_from_files(&missing, None).expect_err("missing file");
    assert!(matches!(err, PlanError::Read { .. }));
    assert!(err.to_string().contains("missing.md"));

    let binary = dir.join("binary.md");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x81]).expect("write");
    assert!(matches!(
        dalian_atlas::io::plan::plan_from_files(&binary, None),
        Err(PlanError::NotText { .. })
    ));

    let no_toc = dir.join("no-toc.md");
    std::fs::write(&no_toc, "# 标题\n\n第一章 规划背景\n\n正文。\n").expect("write");
    let err = dalian_atlas::io::plan::plan_from_files(&no_toc, None).expect_err("no TOC");
    assert!(err.to_string().contains("目录"), "{err}");

    let bad_errata = dir.join("errata.json");
    std::fs::write(&bad_errata, "[{\"line\": 3,}]").expect("write");
    let plan_copy = dir.join("plan.md");
    std::fs::write(&plan_copy, dalian_atlas::plan::EMBEDDED_PLAN).expect("write");
    let err = dalian_atlas::io::plan::plan_from_files(&plan_copy, Some(&bad_errata)).expect_err("bad errata");
    assert!(matches!(err, PlanError::ErrataFile { line: 1, .. }), "{err}");

    std::fs::write(
        &bad_errata,
        r#"[{"line": 78, "original": "没有的词", "correction": "x", "reason": "test"}]"#,
    )
    .expect("write");
    let err = dalian_atlas::io::plan::plan_from_files(&plan_copy, Some(&bad_errata))
        .expect_err("erratum that does not apply");
    assert!(matches!(err, PlanError::Erratum { line: 78, .. }), "{err}");

    // Without errata the user's plan loads and keeps the source text as it is.
    let plain = dalian_atlas::io::plan::plan_from_files(&plan_copy, None).expect("plan without errata");
    assert!(plain.all_paragraphs().iter().any(|p| p.text.contains(" and ")));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn two_baselines_for_one_restated_goal_are_a_finding_with_the_growth_each_implies() {
    let plan = plan();
    let conflicts: Vec<_> = plan
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::BaselineConflict)
        .collect();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let f = conflicts[0];
    assert_eq!(f.severity, Severity::Discrepancy);
    // 表1's 0.5 万 5G 站址 and 第一章's 6309 个 5G 基站, both 2020.
    assert_eq!(&f.refs[..2], ["table1.r6.y2020", "ch1.s1.p8.n4"]);
    for id in &f.refs {
        assert!(plan.target(id).is_some(), "{id} is a target");
    }
    for part in [
        "2020 年",
        "表1为 0.5万个",
        "第一章 · 第一节 取得的主要成就为 6309个",
        "37.0%",
        "30.7%",
    ] {
        assert!(f.message_zh.contains(part), "{part} in {}", f.message_zh);
    }
    assert!(
        f.message_en
            .contains("37.0% a year from the first, 30.7% from the second"),
        "{}",
        f.message_en
    );
}
