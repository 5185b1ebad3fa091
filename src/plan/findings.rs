//! Cross-checks of the document against itself. Each check yields a finding, whether
//! the document agrees or not, so that the app and `check` show what was compared.

use std::sync::LazyLock;

use regex::Regex;

use super::static_regex;

use super::model::{Finding, FindingKind, Plan, Severity, Target, TocLevel};
use super::numerals::chinese_number;
use super::series::{Series, embedded_series_pairs, format_number, format_rate, restatements};

fn normalise(title: &str) -> String {
    title.chars().filter(|c| !c.is_whitespace()).collect()
}

fn toc_findings(plan: &Plan, out: &mut Vec<Finding>) {
    let toc_chapters = plan.toc.iter().filter(|e| e.level == TocLevel::Chapter).count();
    let toc_sections = plan.toc.iter().filter(|e| e.level == TocLevel::Section).count();
    let body_sections: usize = plan.chapters.iter().map(|c| c.sections.len()).sum();
    let agrees = toc_chapters == plan.chapters.len() && toc_sections == body_sections;
    out.push(Finding {
        id: "finding.toc-count".into(),
        kind: FindingKind::TocCount,
        severity: if agrees { Severity::Agrees } else { Severity::Discrepancy },
        message_zh: format!(
            "目录列出 {toc_chapters} 章 {toc_sections} 节，正文有 {} 章 {body_sections} 节。",
            plan.chapters.len()
        ),
        message_en: format!(
            "The table of contents lists {toc_chapters} chapters and {toc_sections} sections; the body has {} chapters and {body_sections} sections.",
            plan.chapters.len()
        ),
        refs: Vec::new(),
    });
    for ch in &plan.chapters {
        let toc_ch = plan
            .toc
            .iter()
            .find(|e| e.level == TocLevel::Chapter && e.chapter == ch.number);
        let toc_secs = plan
            .toc
            .iter()
            .filter(|e| e.level == TocLevel::Section && e.chapter == ch.number)
            .count();
        if toc_secs != ch.sections.len() {
            out.push(Finding {
                id: format!("finding.toc-count.{}", ch.id),
                kind: FindingKind::TocCount,
                severity: Severity::Discrepancy,
                message_zh: format!(
                    "{}：目录列出 {toc_secs} 节，正文有 {} 节。",
                    ch.label,
                    ch.sections.len()
                ),
                message_en: format!(
                    "Chapter {}: the table of contents lists {toc_secs} sections, the body has {}.",
                    ch.number,
                    ch.sections.len()
                ),
                refs: vec![ch.id.clone()],
            });
        }
        if let Some(t) = toc_ch
            && normalise(&t.title) != normalise(&ch.title)
        {
            out.push(title_finding(&ch.id, &ch.label, &t.title, &ch.title));
        }
        for s in &ch.sections {
            let toc_s = plan
                .toc
                .iter()
                .find(|e| e.level == TocLevel::Section && e.chapter == ch.number && e.section == Some(s.number));
            if let Some(t) = toc_s
                && normalise(&t.title) != normalise(&s.title)
            {
                out.push(title_finding(
                    &s.id,
                    &format!("{}{}", ch.label, s.label),
                    &t.title,
                    &s.title,
                ));
            }
        }
    }
    if !out.iter().any(|f| f.kind == FindingKind::TocTitle) {
        out.push(Finding {
            id: "finding.toc-title".into(),
            kind: FindingKind::TocTitle,
            severity: Severity::Agrees,
            message_zh: "目录与正文的章节标题一致。".into(),
            message_en: "The table of contents and the body give every chapter and section the same title.".into(),
            refs: Vec::new(),
        });
    }
}

fn title_finding(id: &str, label: &str, toc: &str, body: &str) -> Finding {
    Finding {
        id: format!("finding.toc-title.{id}"),
        kind: FindingKind::TocTitle,
        severity: Severity::Discrepancy,
        message_zh: format!("{label}：目录作“{toc}”，正文作“{body}”。"),
        message_en: format!("{id}: the table of contents titles it “{toc}”, the body “{body}”."),
        refs: vec![id.to_string()],
    }
}

/// The layout slogan (“双核驱动，四区协同，多点发展”) against the zones its section names.
fn layout_findings(plan: &Plan, out: &mut Vec<Finding>) {
    static SLOGAN_RE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"([一二三四五六七八九十])区协同"));
    for ch in &plan.chapters {
        for s in &ch.sections {
            let Some((slogan_para, claimed)) = s.paragraphs.iter().find_map(|p| {
                SLOGAN_RE
                    .captures(&p.text)
                    .and_then(|c| Some((p, chinese_number(&c[1])?)))
            }) else {
                continue;
            };
            // A zone paragraph opens with the zone's name as a short sentence ending in 区.
            let zones: Vec<(&str, &str)> = s
                .paragraphs
                .iter()
                .filter_map(|p| {
                    let lead = p.text.split('。').next()?;
                    (lead.chars().count() <= 12 && lead.ends_with('区') && lead.len() < p.text.len())
                        .then_some((lead, p.id.as_str()))
                })
                .collect();
            let named = zones.len() as u32;
            let names: Vec<&str> = zones.iter().map(|z| z.0).collect();
            let mut refs = vec![slogan_para.id.clone()];
            refs.extend(zones.iter().map(|z| z.1.to_string()));
            out.push(Finding {
                id: format!("finding.layout-zones.{}", s.id),
                kind: FindingKind::LayoutZones,
                severity: if named == claimed {
                    Severity::Agrees
                } else {
                    Severity::Discrepancy
                },
                message_zh: format!(
                    "布局思路称“{}区协同”，本节实际列出 {named} 个区：{}。",
                    &SLOGAN_RE
                        .captures(&slogan_para.text)
                        .map_or(String::new(), |c| c[1].to_string()),
                    names.join("、")
                ),
                message_en: format!(
                    "The layout slogan speaks of {claimed} zones (“…区协同”); the section names {named}: {}.",
                    names.join(", ")
                ),
                refs,
            });
        }
    }
}

fn errata_findings(plan: &Plan, out: &mut Vec<Finding>) {
    for p in plan.all_paragraphs() {
        for (k, c) in p.corrections.iter().enumerate() {
            out.push(Finding {
                id: format!("finding.erratum.{}.{}", p.id, k + 1),
                kind: FindingKind::Erratum,
                severity: Severity::Discrepancy,
                message_zh: format!(
                    "第 {} 行：“{}”更正为“{}”（{}）。",
                    c.line,
                    c.original.trim(),
                    c.correction,
                    c.reason
                ),
                message_en: format!(
                    "Line {}: “{}” corrected to “{}” ({}).",
                    c.line,
                    c.original.trim(),
                    c.correction,
                    c.reason
                ),
                refs: vec![p.id.clone()],
            });
        }
    }
}

/// Where a target stands, for a message: `表1` for a table cell, else the title of its
/// paragraph's section (with its chapter: `第一章 · 第一节 取得的主要成就`) or column.
fn place_of(plan: &Plan, t: &Target) -> String {
    match plan.table_row(&t.paragraph) {
        Some((table, _)) => format!("表{}", table.number),
        None => plan
            .title_in_chapter(&t.paragraph)
            .unwrap_or_else(|| t.paragraph.clone()),
    }
}

/// `0.5万个` / `6309个（合 0.6309 万个）`: a baseline as stated, and converted when its
/// unit differs from the series'.
fn stated(t: &Target, series_unit: &str, converted: f64) -> (String, String) {
    let as_written = format!("{}{}", t.value_text.trim_end_matches(t.unit.as_str()), t.unit);
    if t.unit == series_unit {
        (as_written.clone(), as_written)
    } else {
        let n = format_number(converted);
        (
            format!("{as_written}（合 {n}{series_unit}）"),
            format!("{as_written} (= {n} {series_unit})"),
        )
    }
}

/// One goal stated twice (e.g. 表1's and 专栏1's 2.41 万个 5G stations) whose two series
/// start from different baselines for the same year: two growth paths for one quantity.
fn baseline_findings(plan: &Plan, out: &mut Vec<Finding>) {
    let pairs = embedded_series_pairs();
    let mut seen = std::collections::HashSet::new();
    let goals = plan.targets.iter().filter(|t| t.kind.is_goal() && t.year.is_some());
    for goal in goals {
        let Some(a) = Series::for_goal(plan, &goal.id, pairs) else {
            continue;
        };
        for other in restatements(plan, goal).into_iter().filter(|t| t.kind.is_goal()) {
            let Some(b) = Series::for_goal(plan, &other.id, pairs) else {
                continue;
            };
            let (Some(ba), Some(bb)) = (&a.baseline, &b.baseline) else {
                continue;
            };
            let differs = (ba.value - bb.value).abs() > 1e-9 * ba.value.abs().max(bb.value.abs());
            if ba.year != bb.year || !differs || !seen.insert(sorted(&ba.target, &bb.target)) {
                continue;
            }
            let (Some(ta), Some(tb)) = (plan.target(&ba.target), plan.target(&bb.target)) else {
                continue;
            };
            let rate = |s: &Series| s.implied_annual_growth().map(format_rate).unwrap_or_else(|| "—".into());
            let (a_zh, a_en) = stated(ta, &a.unit, ba.value);
            let (b_zh, b_en) = stated(tb, &b.unit, bb.value);
            let goal_text = format!("{}{}", format_number(a.goal.value), a.unit);
            out.push(Finding {
                id: format!("finding.baseline.{}.{}", ba.target, bb.target),
                kind: FindingKind::BaselineConflict,
                severity: Severity::Discrepancy,
                message_zh: format!(
                    "{year} 年“{label}”有两个基期值：{pa}为 {a_zh}，{pb}为 {b_zh}。按前者至 {gy} 年达到 {goal_text} \
                     需年均增长 {ra}，按后者 {rb}。",
                    year = ba.year,
                    label = a.label,
                    pa = place_of(plan, ta),
                    pb = place_of(plan, tb),
                    gy = a.goal.year,
                    ra = rate(&a),
                    rb = rate(&b),
                ),
                message_en: format!(
                    "Two baselines for “{label}” in {year}: {pa} gives {a_en}, {pb} gives {b_en}. Reaching {goal_text} \
                     by {gy} takes {ra} a year from the first, {rb} from the second.",
                    year = ba.year,
                    label = a.label,
                    pa = place_of(plan, ta),
                    pb = place_of(plan, tb),
                    gy = a.goal.year,
                    ra = rate(&a),
                    rb = rate(&b),
                ),
                refs: vec![
                    ba.target.clone(),
                    bb.target.clone(),
                    a.goal.target.clone(),
                    b.goal.target.clone(),
                ],
            });
        }
    }
    if !out.iter().any(|f| f.kind == FindingKind::BaselineConflict) {
        out.push(Finding {
            id: "finding.baseline".into(),
            kind: FindingKind::BaselineConflict,
            severity: Severity::Agrees,
            message_zh: "每个重复表述的目标只有一个基期值。".into(),
            message_en: "Every goal stated more than once has one baseline.".into(),
            refs: Vec::new(),
        });
    }
}

fn sorted(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

pub(crate) fn cross_check(plan: &mut Plan) {
    let mut out = Vec::new();
    toc_findings(plan, &mut out);
    layout_findings(plan, &mut out);
    errata_findings(plan, &mut out);
    baseline_findings(plan, &mut out);
    plan.findings = out;
}
