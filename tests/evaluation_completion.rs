#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! 完成度 and verdicts (issue 15): rising, falling, ceiling and percentage-point
//! indicators, before and after the goal year; the indicator list; the evaluation in the
//! project file (format version 2, version 1 files still open) and its undo.

use dalian_atlas::evaluation::completion::percent_text;
use dalian_atlas::evaluation::{
    Actual, Direction, Evaluation, EvaluationError, Source, Thresholds, Verdict, assess, indicator_of, indicators,
    rows, summary,
};
use dalian_atlas::model::{Edit, History, Project};
use dalian_atlas::plan::series::{Pairing, Series, SeriesBaseline, SeriesGoal};
use dalian_atlas::plan::{Plan, TargetKind};
use serde_json::{Map, Value, json};

fn series(baseline: Option<f64>, goal: f64, kind: TargetKind, unit: &str) -> Series {
    Series {
        label: "测试指标".into(),
        unit: unit.into(),
        baseline: baseline.map(|value| SeriesBaseline {
            target: "b".into(),
            value,
            year: 2020,
            approximate: false,
        }),
        goal: SeriesGoal {
            target: "g".into(),
            value: goal,
            value_max: None,
            kind,
            year: 2025,
            approximate: false,
        },
        pairing: Pairing::Table,
        start_year: 2020,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn a_rising_indicator_is_measured_from_its_baseline_to_its_goal() {
    // 软件和信息技术服务业营业收入: 640 → 1300 亿元.
    let s = series(Some(640.0), 1300.0, TargetKind::Target, "亿元");
    let th = Thresholds::default();
    let a = assess(&s, 1135.0, 2025, &th);
    assert_eq!(a.direction, Direction::Rise);
    assert!(close(a.completion.unwrap(), 0.75), "(1135−640)/(1300−640) = 75%");
    assert_eq!(a.verdict, Verdict::NotDone);
    assert_eq!(assess(&s, 1300.0, 2025, &th).verdict, Verdict::Done);
    assert_eq!(assess(&s, 1250.0, 2025, &th).verdict, Verdict::Basic, "≈ 92% ≥ 90%");
    assert_eq!(
        assess(&s, 1400.0, 2025, &th).verdict,
        Verdict::Exceeded,
        "≈ 115% ≥ 105%"
    );
    assert_eq!(
        assess(&s, 1400.0, 2026, &th).verdict,
        Verdict::Exceeded,
        "after the end year too"
    );
}

#[test]
fn before_the_goal_year_completion_is_compared_with_the_time_elapsed() {
    let s = series(Some(0.0), 100.0, TargetKind::Target, "个");
    let th = Thresholds::default();
    // 2023: 60 % of the period has elapsed.
    let on = assess(&s, 62.0, 2023, &th);
    assert!(close(on.elapsed, 0.6));
    assert_eq!(on.verdict, Verdict::OnTrack);
    assert_eq!(assess(&s, 75.0, 2023, &th).verdict, Verdict::Faster);
    assert_eq!(assess(&s, 40.0, 2023, &th).verdict, Verdict::Behind);
    assert_eq!(assess(&s, 100.0, 2023, &th).verdict, Verdict::Ahead);
    assert!(Verdict::MID.contains(&assess(&s, 40.0, 2024, &th).verdict));
    assert!(Verdict::END.contains(&assess(&s, 40.0, 2025, &th).verdict));
}

#[test]
fn a_falling_indicator_uses_the_formula_with_the_signs_reversed() {
    let s = series(Some(1.6), 1.2, TargetKind::Target, "");
    let a = assess(&s, 1.3, 2025, &Thresholds::default());
    assert_eq!(a.direction, Direction::Fall);
    assert!(close(a.completion.unwrap(), 0.75), "(1.6−1.3)/(1.6−1.2)");
    assert_eq!(a.verdict, Verdict::NotDone);
    assert_eq!(assess(&s, 1.2, 2025, &Thresholds::default()).verdict, Verdict::Done);
}

#[test]
fn a_ceiling_is_met_when_the_actual_is_at_or_below_it() {
    // 新建大型、超大型云数据中心 PUE 不高于 1.3, no baseline.
    let s = series(None, 1.3, TargetKind::UpperBound, "");
    let th = Thresholds::default();
    let met = assess(&s, 1.3, 2025, &th);
    assert_eq!(met.direction, Direction::Ceiling);
    assert_eq!(met.verdict, Verdict::Done);
    assert_eq!(met.completion, None, "no baseline above the ceiling: no 完成度");
    assert_eq!(assess(&s, 1.25, 2025, &th).verdict, Verdict::Done);
    assert_eq!(assess(&s, 1.31, 2025, &th).verdict, Verdict::NotDone);
    assert_eq!(assess(&s, 1.2, 2023, &th).verdict, Verdict::Ahead);
    assert_eq!(assess(&s, 1.4, 2023, &th).verdict, Verdict::Behind);
    // With a baseline above it, a 完成度 from the falling formula.
    let b = series(Some(1.6), 1.3, TargetKind::UpperBound, "");
    let a = assess(&b, 1.32, 2025, &th);
    assert!(close(a.completion.unwrap(), 0.28 / 0.3));
    assert_eq!(a.verdict, Verdict::Basic, "93% but over the ceiling: not 完成");
}

#[test]
fn a_share_in_percent_changes_in_percentage_points() {
    // 核心产业增加值占 GDP 比重: 7.2% → 12%.
    let s = series(Some(7.2), 12.0, TargetKind::Target, "%");
    let a = assess(&s, 9.6, 2025, &Thresholds::default());
    assert!(close(a.change_points.unwrap(), 2.4), "+2.4 个百分点");
    assert!(close(a.completion.unwrap(), 0.5));
    assert_eq!(percent_text(a.completion.unwrap()), "50%");
    assert_eq!(percent_text(0.9166), "91.7%");
    let counts = series(Some(0.5), 2.41, TargetKind::Target, "万个");
    assert_eq!(assess(&counts, 1.7, 2023, &Thresholds::default()).change_points, None);
}

#[test]
fn without_a_baseline_completion_is_actual_over_goal_and_floors_and_ranges_count_from_their_lower_end() {
    let th = Thresholds::default();
    let floor = series(None, 5.0, TargetKind::LowerBound, "家");
    let a = assess(&floor, 4.0, 2025, &th);
    assert_eq!(a.direction, Direction::Floor);
    assert!(a.without_baseline);
    assert!(close(a.completion.unwrap(), 0.8));
    assert_eq!(a.verdict, Verdict::NotDone);
    let mut range = series(None, 2.0, TargetKind::Range, "个");
    range.goal.value_max = Some(3.0);
    assert_eq!(assess(&range, 2.0, 2025, &th).verdict, Verdict::Done);
    assert_eq!(assess(&range, 3.0, 2025, &th).verdict, Verdict::Exceeded);
}

#[test]
fn the_thresholds_are_the_projects_and_change_the_verdicts() {
    let s = series(Some(0.0), 100.0, TargetKind::Target, "个");
    let strict = Thresholds {
        basic: 0.95,
        ..Thresholds::default()
    };
    assert!(strict.is_valid());
    assert_eq!(assess(&s, 92.0, 2025, &Thresholds::default()).verdict, Verdict::Basic);
    assert_eq!(assess(&s, 92.0, 2025, &strict).verdict, Verdict::NotDone);
    let wrong = Thresholds {
        basic: 1.2,
        ..Thresholds::default()
    };
    assert!(!wrong.is_valid(), "基本完成 above 完成");
}

fn plan() -> Plan {
    Plan::embedded().expect("the built-in plan")
}

fn actual(indicator: &str, year: u16, value: f64, unit: &str) -> Actual {
    Actual {
        indicator: indicator.into(),
        year,
        value,
        unit: unit.into(),
        scope: "测试口径".into(),
        source: Source {
            title: "测试来源".into(),
            ..Source::default()
        },
        reliability: String::new(),
        extra: Map::new(),
    }
}

#[test]
fn every_goal_of_the_plan_is_one_indicator_and_a_restated_goal_is_counted_once() {
    let plan = plan();
    let list = indicators(&plan);
    let goals = plan
        .targets
        .iter()
        .filter(|t| t.kind.is_goal() && t.year.is_some())
        .count();
    assert!(list.len() < goals, "restatements are merged: {} < {goals}", list.len());
    let ids: Vec<&str> = list.iter().map(|i| i.id.as_str()).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique);
    // 5G stations: 表1 row 6 and 专栏1 state 2.41 万个; the table comes first.
    let five_g = list
        .iter()
        .find(|i| i.label.contains("5G") && i.label.contains("基站"))
        .expect("5G");
    assert!(five_g.id.starts_with("table1."), "{}", five_g.id);
    assert_eq!(five_g.unit, "万个");
    assert_eq!(five_g.attribute, Some("预期性"), "表1 is titled …预期指标");
    for restated in &five_g.restated_by {
        assert_eq!(indicator_of(&plan, restated).as_deref(), Some(five_g.id.as_str()));
    }
    assert!(five_g.restated_by.iter().any(|id| id.starts_with("box1.")));
    // The PUE goal is a ceiling.
    let pue = list.iter().find(|i| i.label.contains("PUE")).expect("PUE");
    assert_eq!(pue.direction, Direction::Ceiling);
    // Every goal target resolves to an indicator of the list.
    for t in plan.targets.iter().filter(|t| t.kind.is_goal() && t.year.is_some()) {
        let id = indicator_of(&plan, &t.id).expect("resolves");
        assert!(ids.contains(&id.as_str()), "{} → {id}", t.id);
    }
}

#[test]
fn an_actual_in_a_unit_of_the_same_kind_is_converted_and_others_are_refused() {
    let plan = plan();
    let five_g = indicator_of(&plan, "table1.r6.y2025").expect("5G");
    let ok = actual(&five_g, 2023, 17021.0, "个");
    Evaluation::check_actual(&plan, &ok).expect("个 converts into 万个");
    let e = Evaluation {
        actuals: vec![ok],
        ..Evaluation::default()
    };
    let table = rows(&plan, &e);
    let row = table.iter().find(|r| r.indicator.id == five_g).expect("row");
    let a = row.latest.as_ref().expect("assessed");
    assert!(close(a.actual, 1.7021));
    assert!(close(a.completion.unwrap(), (1.7021 - 0.5) / (2.41 - 0.5)));
    assert_eq!(a.verdict, Verdict::OnTrack, "≈ 63% with 60% of the period elapsed");

    let share = indicator_of(&plan, "table1.r1.y2025").expect("share");
    let wrong_unit = actual(&share, 2023, 900.0, "亿元");
    assert!(matches!(
        Evaluation::check_actual(&plan, &wrong_unit),
        Err(EvaluationError::UnitMismatch { .. })
    ));
    assert_eq!(
        Evaluation::check_actual(&plan, &actual(&share, 2019, 7.0, "%")),
        Err(EvaluationError::YearOutOfRange(2019))
    );
    assert_eq!(
        Evaluation::check_actual(&plan, &actual(&share, 2031, 7.0, "%")),
        Err(EvaluationError::YearOutOfRange(2031))
    );
    assert_eq!(
        Evaluation::check_actual(&plan, &actual(&share, 2023, f64::NAN, "%")),
        Err(EvaluationError::NotFinite)
    );
    assert!(matches!(
        Evaluation::check_actual(&plan, &actual("ch1.s1.p2.n1x", 2023, 1.0, "家")),
        Err(EvaluationError::UnknownIndicator(_))
    ));
    let twice = Evaluation {
        actuals: vec![actual(&share, 2023, 8.0, "%"), actual(&share, 2023, 8.5, "%")],
        ..Evaluation::default()
    };
    assert!(matches!(
        twice.check(&plan, |_| true),
        Err(EvaluationError::Duplicate { year: 2023, .. })
    ));
}

#[test]
fn the_summary_line_counts_completed_indicators_and_says_where_there_is_no_data() {
    let plan = plan();
    let software = indicator_of(&plan, "table1.r2.y2025").expect("software");
    let five_g = indicator_of(&plan, "table1.r6.y2025").expect("5G");
    let share = indicator_of(&plan, "table1.r1.y2025").expect("share");
    let e = Evaluation {
        actuals: vec![
            actual(&software, 2025, 1320.0, "亿元"),
            actual(&five_g, 2025, 1.9, "万个"),
            actual(&share, 2023, 9.0, "%"),
        ],
        ..Evaluation::default()
    };
    let table = rows(&plan, &e);
    let s = summary(&table);
    assert_eq!(s.indicators, indicators(&plan).len());
    assert_eq!((s.with_data, s.end_of_term, s.done), (3, 2, 1));
    let line = s.line_zh();
    assert!(line.contains("2 项已有终期实际值"), "{line}");
    assert!(
        line.contains("其中 1 项完成（完成率 50%，按已有终期实际值的指标计）"),
        "{line}"
    );
    assert!(line.contains("1 项仅有期中实际值"), "{line}");
    assert!(line.contains(&format!("{} 项暂无数据", s.indicators - 3)), "{line}");
    let en = s.line_en();
    assert!(en.contains("2 have an end-of-term actual, of which 1 achieved (50% of those with an end-of-term actual); 1 only a mid-term actual"), "{en}");
    let no_data = table.iter().filter(|r| r.latest.is_none()).count();
    assert_eq!(no_data, s.indicators - 3);
}

#[test]
fn a_version_1_project_opens_with_an_empty_evaluation_and_is_written_back_as_version_2() {
    let v1 = r#"{"format":"dalian-atlas-project","version":1,"scenes":[],"annotations":null}"#;
    let p = Project::from_json(v1).expect("version 1 opens");
    assert!(p.evaluation.is_empty());
    let v: Value = serde_json::from_str(&p.to_json()).expect("JSON");
    assert_eq!(v["version"], 2);
    assert!(v.get("evaluation").is_none(), "nothing entered, nothing written");
}

#[test]
fn the_evaluation_round_trips_through_the_project_file_with_unknown_members_kept() {
    let plan = plan();
    let five_g = indicator_of(&plan, "table1.r6.y2025").expect("5G");
    let mut a = actual(&five_g, 2023, 17021.0, "个");
    a.extra.insert("later".into(), json!({"x": [1, "二"]}));
    let mut p = Project::default();
    p.evaluation.actuals.push(a);
    p.evaluation.thresholds.basic = 0.85;
    p.evaluation.extra.insert("next_plan".into(), json!("十五五"));
    let text = p.to_json();
    let back = Project::from_json(&text).expect("reads back");
    assert_eq!(back, p);
    assert_eq!(back.to_json(), text);
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["evaluation"]["actuals"][0]["value"], 17021.0);
    assert_eq!(v["evaluation"]["actuals"][0]["later"]["x"][1], "二");
    assert_eq!(v["evaluation"]["next_plan"], "十五五");
    let broken = text.replace("\"year\":2023", "\"year\":\"二〇二三\"");
    assert_ne!(broken, text);
    let err = Project::from_json(&broken).expect_err("a year that is not a number");
    assert!(err.to_string().contains("evaluation"), "{err}");
}

#[test]
fn setting_the_evaluation_is_one_undoable_step() {
    let plan = plan();
    let share = indicator_of(&plan, "table1.r1.y2025").expect("share");
    let mut p = Project::default();
    let mut h = History::default();
    let mut e = p.evaluation.clone();
    e.actuals.push(actual(&share, 2024, 9.1, "%"));
    h.apply(&mut p, Edit::SetEvaluation(Box::new(e.clone())))
        .expect("applies");
    assert_eq!(p.evaluation, e);
    assert!(h.is_dirty());
    h.undo(&mut p).expect("undo");
    assert!(p.evaluation.is_empty());
    h.redo(&mut p).expect("redo");
    assert_eq!(p.evaluation, e);
}
