//! How long parsing the plan takes (the app does it at every start).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use criterion::{Criterion, criterion_group, criterion_main};
use dalian_atlas::plan::{EMBEDDED_ERRATA, EMBEDDED_ERRATA_NAME, EMBEDDED_PLAN, Plan, parse_errata};

fn plan_parse(c: &mut Criterion) {
    let errata = parse_errata(EMBEDDED_ERRATA_NAME, EMBEDDED_ERRATA).expect("errata");
    c.bench_function("plan_parse_embedded", |b| {
        b.iter(|| Plan::parse("bench", std::hint::black_box(EMBEDDED_PLAN), errata.clone()).expect("parse"))
    });
    let plan = Plan::embedded().expect("plan");
    c.bench_function("plan_search_数据", |b| {
        b.iter(|| plan.search(std::hint::black_box("数据")))
    });
}

criterion_group!(benches, plan_parse);
criterion_main!(benches);
