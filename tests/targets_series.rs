//! Series of the plan's targets: which baseline goes with which goal, the implied
//! annual growth, the chart path, and the pair file's validation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use dalian_atlas::plan::series::{
    EMBEDDED_SERIES_PAIRS, EMBEDDED_SERIES_PAIRS_NAME, Pairing, Point, parse_series_pairs, restatements,
};
use dalian_atlas::plan::{Plan, Series, TargetKind, embedded_series_pairs, validate_series_pairs};

fn plan() -> Plan {
    Plan::embedded().expect("the embedded plan parses")
}

fn series(plan: &Plan, id: &str) -> Series {
    Series::of(plan, id).unwrap_or_else(|| panic!("{id} has a series"))
}

/// The baseline's target ID and value (in the goal's unit), and the implied rate.
fn pair(plan: &Plan, goal: &str) -> (String, f64, Option<f64>) {
    let s = series(plan, goal);
    let b = s.baseline.as_ref().unwrap_or_else(|| panic!("{goal} has a baseline"));
    (b.target.clone(), b.value, s.implied_annual_growth())
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

#[test]
fn five_g_stations_grow_from_6309_to_2_41_ten_thousand_at_about_31_percent_a_year() {
    let plan = plan();
    let (baseline, value, rate) = pair(&plan, "box1.p1.n2");
    assert_eq!(baseline, "ch1.s1.p8.n4");
    let stated = plan.target(&baseline).expect("the baseline");
    assert_eq!((stated.value, stated.unit.as_str()), (6309.0, "个"));
    assert!(close(value, 0.6309, 1e-12), "6309 个 = 0.6309 万个, got {value}");
    let s = series(&plan, "box1.p1.n2");
    assert_eq!((s.goal.value, s.unit.as_str(), s.goal.year), (2.41, "万个", 2025));
    let rate = rate.expect("a rate");
    assert!(close(rate, (24100.0f64 / 6309.0).powf(0.2) - 1.0, 1e-12), "{rate}");
    assert!(close(rate, 0.307, 0.001), "{rate}");
}

#[test]
fn four_g_stations_grow_from_2_to_2_13_ten_thousand_at_about_1_3_percent_a_year() {
    let plan = plan();
    let (baseline, value, rate) = pair(&plan, "box1.p1.n1");
    assert_eq!(baseline, "ch1.s1.p8.n2");
    assert_eq!(value, 2.0);
    assert!(close(rate.expect("a rate"), 0.0127, 0.0005), "{rate:?}");
}

#[test]
fn data_centre_pue_has_a_ceiling_of_1_3_below_the_1_6_average_and_no_growth_rate() {
    let plan = plan();
    let s = series(&plan, "ch2.s3.p7.n1");
    assert_eq!(s.goal.kind, TargetKind::UpperBound);
    assert_eq!(s.goal.value, 1.3);
    let b = s.baseline.as_ref().expect("a baseline");
    assert_eq!((b.target.as_str(), b.value, b.approximate), ("ch1.s1.p8.n9", 1.6, true));
    assert_eq!(s.implied_annual_growth(), None, "a ceiling implies no path");
    assert_eq!(s.annual_change(), None);
    let t = s.trajectory();
    assert_eq!(t.ceiling, Some(1.3));
    assert!(t.path.is_empty());
    assert_eq!((t.start_year, t.end_year), (2020, 2025));
    assert!(
        matches!(
            s.pairing,
            Pairing::Authored {
                scope_differs: true,
                ..
            }
        ),
        "the average of all data centres against new large ones: {:?}",
        s.pairing
    );
}

#[test]
fn software_revenue_grows_from_640_to_1300_at_about_15_2_percent_a_year() {
    let plan = plan();
    let (baseline, value, rate) = pair(&plan, "ch2.s3.p3.n1");
    assert_eq!((baseline.as_str(), value), ("ch1.s2.p3.n1", 640.0));
    let rate = rate.expect("a rate");
    assert!(close(rate, 0.1523, 0.0005), "{rate}");
    // 表1 row 2 says the same, paired by the table itself.
    let table = series(&plan, "table1.r2.y2025");
    assert_eq!(table.pairing, Pairing::Table);
    assert!(close(table.implied_annual_growth().expect("a rate"), rate, 1e-12));
}

#[test]
fn the_digital_core_share_rises_from_7_2_to_12_percent_about_a_point_a_year() {
    let plan = plan();
    let (baseline, value, rate) = pair(&plan, "ch2.s3.p2.n1");
    assert_eq!((baseline.as_str(), value), ("ch1.s1.p2.n5", 7.2));
    assert!(close(rate.expect("a rate"), 0.1076, 0.0005), "{rate:?}");
    let s = series(&plan, "ch2.s3.p2.n1");
    assert!(s.is_share());
    assert!(close(s.annual_change().expect("points"), 0.96, 1e-9));
}

#[test]
fn every_table_1_goal_pairs_with_its_2020_cell() {
    let plan = plan();
    let table = &plan.tables[0];
    for row in &table.rows {
        let goal = plan
            .targets_in(&row.id)
            .into_iter()
            .find(|t| t.kind.is_goal())
            .unwrap_or_else(|| panic!("{} has a goal", row.id));
        let s = series(&plan, &goal.id);
        assert_eq!(s.pairing, Pairing::Table, "{}", row.id);
        let b = s.baseline.as_ref().expect("a baseline");
        assert_eq!(b.target, format!("{}.y2020", row.id));
        assert_eq!(b.value, row.values[0]);
        assert!(s.implied_annual_growth().is_some_and(|r| r > 0.0), "{}", row.id);
    }
}

#[test]
fn a_goal_without_a_baseline_says_so_and_still_charts_its_goal() {
    let plan = plan();
    for id in ["ch2.s3.p3.n3", "box7.p2.n2", "box7.p2.n1", "box7.p1.n1"] {
        let s = series(&plan, id);
        assert_eq!(s.pairing, Pairing::NoBaseline, "{id}");
        assert_eq!(s.baseline, None, "{id}");
        assert_eq!(s.implied_annual_growth(), None, "{id}");
        assert!(s.trajectory().path.is_empty(), "{id}");
        assert_eq!(s.start_year, 2020, "{id}: the plan's base year");
    }
    let ic = series(&plan, "ch2.s3.p3.n3");
    assert_eq!(
        ic.trajectory().goal,
        Point {
            year: 2025,
            value: 500.0
        }
    );
    let nodes = series(&plan, "box7.p1.n1").trajectory();
    assert_eq!(nodes.range, Some((2.0, 3.0)), "2-3 个二级节点");
}

#[test]
fn a_baseline_leads_to_the_series_of_its_goal_and_an_unpaired_one_to_none() {
    let plan = plan();
    assert_eq!(series(&plan, "ch1.s1.p8.n4").goal.target, "box1.p1.n2");
    assert_eq!(series(&plan, "table1.r6.y2020").goal.target, "table1.r6.y2025");
    assert!(
        Series::of(&plan, "ch1.s1.p8.n14").is_none(),
        "NB-IoT stations have no goal"
    );
    assert!(Series::of(&plan, "no.such.target").is_none());
}

#[test]
fn the_same_goal_stated_in_the_text_and_in_table_1_is_found_as_a_restatement() {
    let plan = plan();
    let goal = plan.target("box1.p1.n2").expect("5G goal");
    let again: Vec<&str> = restatements(&plan, goal).iter().map(|t| t.id.as_str()).collect();
    assert_eq!(again, vec!["table1.r6.y2025"]);
    let baseline = plan.target("ch1.s1.p8.n4").expect("5G baseline");
    assert!(
        restatements(&plan, baseline).is_empty(),
        "表1 counts 0.5 万 station sites, not 6309 stations"
    );
}

#[test]
fn the_shipped_pair_file_is_valid_and_check_has_no_series_problems() {
    let plan = plan();
    let pairs = parse_series_pairs(EMBEDDED_SERIES_PAIRS_NAME, EMBEDDED_SERIES_PAIRS).expect("parses");
    assert_eq!(pairs, embedded_series_pairs());
    assert!(pairs.len() >= 5);
    assert!(pairs.iter().all(|p| !p.why.trim().is_empty()));
    assert_eq!(
        validate_series_pairs(&plan, EMBEDDED_SERIES_PAIRS_NAME, &pairs),
        Vec::<String>::new()
    );
    assert!(
        !plan.problems().iter().any(|p| p.starts_with("target-series")),
        "{:?}",
        plan.problems()
    );
}

#[test]
fn a_bad_pair_file_is_rejected_with_readable_messages() {
    let plan = plan();
    let json = r#"[
        {"baseline": "ch1.s1.p8.n99", "goal": "box1.p1.n2", "why": "no such baseline"},
        {"baseline": "box1.p1.n1", "goal": "ch1.s1.p8.n4", "why": "the wrong way round"},
        {"baseline": "ch1.s1.p8.n1", "goal": "box1.p1.n2", "why": "亿元 are not 万个"},
        {"baseline": "ch1.s1.p8.n4", "goal": "table1.r6.y2025", "why": ""}
    ]"#;
    let pairs = parse_series_pairs("bad.json", json).expect("valid JSON");
    let problems = validate_series_pairs(&plan, "bad.json", &pairs);
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(
        has("bad.json, pair 1 (ch1.s1.p8.n99 → box1.p1.n2): ch1.s1.p8.n99 is not a target"),
        "{problems:#?}"
    );
    assert!(
        has("pair 2 (box1.p1.n1 → ch1.s1.p8.n4): box1.p1.n1 is not a baseline"),
        "{problems:#?}"
    );
    assert!(
        has("pair 2 (box1.p1.n1 → ch1.s1.p8.n4): ch1.s1.p8.n4 is a baseline, not a goal"),
        "{problems:#?}"
    );
    assert!(
        has("pair 3 (ch1.s1.p8.n1 → box1.p1.n2): the units “亿元” and “万个” cannot be converted"),
        "{problems:#?}"
    );
    assert!(
        has("pair 3 (ch1.s1.p8.n1 → box1.p1.n2): the goal box1.p1.n2 is already paired in pair 1"),
        "{problems:#?}"
    );
    assert!(
        has("pair 4 (ch1.s1.p8.n4 → table1.r6.y2025): “why” is empty"),
        "{problems:#?}"
    );
    assert!(
        has("table1.r6.y2025 already has its baseline in its table row table1.r6"),
        "{problems:#?}"
    );

    let broken =
        parse_series_pairs("broken.json", r#"[{"baseline": "a", "goal": "b"}]"#).expect_err("“why” is required");
    let message = broken.to_string();
    assert!(
        message.starts_with("target-series file broken.json, line 1 column"),
        "{message}"
    );
    assert!(message.contains("why"), "{message}");
    let unknown = parse_series_pairs(
        "typo.json",
        r#"[{"baseline": "a", "goal": "b", "why": "c", "vaule": 1}]"#,
    )
    .expect_err("unknown fields are refused");
    assert!(unknown.to_string().contains("vaule"), "{unknown}");
}

#[test]
fn a_bad_pair_is_ignored_when_building_series() {
    let plan = plan();
    let pairs = parse_series_pairs(
        "bad.json",
        r#"[{"baseline": "ch1.s1.p8.n1", "goal": "box1.p1.n2", "why": "亿元 are not 万个"}]"#,
    )
    .expect("valid JSON");
    let s = Series::for_goal(&plan, "box1.p1.n2", &pairs).expect("a goal");
    assert_eq!(s.pairing, Pairing::NoBaseline);
}
