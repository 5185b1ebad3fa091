//! Quantitative statements: every number with a unit that the plan states as a
//! baseline (第一章, the 13th plan's results) or as a goal (第二章第三节 发展目标, the
//! columns, and any sentence that names 2025), plus table 表1.
//!
//! Nothing here knows a value in advance: labels, numbers and units are read from the
//! text, and each target keeps the byte ranges of its clause and number.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::static_regex;

use super::model::{Paragraph, Plan, Target, TargetKind};

/// A number, an optional range end, an optional unit and qualifier.
static VALUE_RE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"(?P<num>\d+(?:\.\d+)?)(?:\s*[-—～~]\s*(?P<num2>\d+(?:\.\d+)?))?(?P<many>多)?\s*(?P<unit>亿元|万个|万户|万人|万|个|家|%|亩|套|项|枚|台|处|Mbps)?(?P<post>\s*(?:以上|左右))?",
    )
});

/// Words between a label and its number that say how the number relates.
const VERBS: &[&str] = &[
    "累计达到",
    "累计完成",
    "达到",
    "不少于",
    "不高于",
    "不超过",
    "约为",
    "实现",
    "达",
    "为",
    "约",
    "近",
    "占",
    "在",
];
const LEADS: &[&str] = &["其中", "目前", "完成我市", "我市", "全市"];

fn is_ascii_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '+' || c == '.')
}

/// Byte ranges of sentences (ending in 。；！？ or the end of the text).
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '；' | '！' | '？') {
            out.push(start..i + c.len_utf8());
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Byte ranges of clauses within a sentence range (split at ， and ：).
fn clauses(text: &str, sentence: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = sentence.start;
    for (i, c) in text[sentence.clone()].char_indices() {
        let at = sentence.start + i;
        if matches!(c, '，' | '：' | '。' | '；' | '！' | '？') {
            if at > start {
                out.push(start..at);
            }
            start = at + c.len_utf8();
        }
    }
    if start < sentence.end {
        out.push(start..sentence.end);
    }
    out
}

/// True when byte `at` of `text` lies inside 《…》 or 〔…〕.
fn inside_brackets(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let open = |o: &str, c: &str| before.rfind(o).is_some_and(|p| before.rfind(c).is_none_or(|q| q < p));
    open("《", "》") || open("〔", "〕")
}

/// Removes a year prefix (`到 2025 年`, `到2025年底`, `2020 年`), lead words and verbs
/// from a clause's text before its number, leaving what is measured.
fn label_from(prefix: &str) -> String {
    static YEAR_PREFIX: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^(到\s*)?\d{4}\s*年底?"));
    let mut s = prefix.trim().to_string();
    s = YEAR_PREFIX.replace(&s, "").trim().to_string();
    for lead in LEADS {
        if let Some(rest) = s.strip_prefix(lead) {
            s = rest.trim().to_string();
        }
    }
    loop {
        let before = s.clone();
        for verb in VERBS {
            if let Some(rest) = s.strip_suffix(verb) {
                s = rest.trim_end().to_string();
                break;
            }
        }
        if s == before {
            break;
        }
    }
    s.trim_start_matches(['和', '、']).trim().to_string()
}

/// Verbs that, left alone as a label, say nothing of what is counted.
const ACTIONS: &[&str] = &[
    "建设", "部署", "培育", "打造", "完成", "开发", "新建", "搭建", "申请", "制作", "共有",
];

/// What follows a number up to the next number, a linking word or the clause end
/// (`2-3个二级节点` → `二级节点`, `500台裕农通在乡镇…` → `裕农通`).
fn object_after(rest: &str) -> &str {
    let rest = rest.trim().trim_start_matches('的').trim();
    let mut end = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
    for (i, c) in rest.char_indices().skip(2) {
        if i >= end {
            break;
        }
        if matches!(c, '在' | '与' | '的' | '和') {
            end = i;
            break;
        }
    }
    rest[..end].trim_end_matches('和').trim()
}

/// What a label needs besides the clause it stands in.
struct LabelContext<'a> {
    /// Text before the number, from the clause start or the previous number.
    prefix: &'a str,
    /// What follows the number (see [`object_after`]).
    object: &'a str,
    /// True for the second and later number of a clause.
    follows_number: bool,
    /// The sentence's previous clause when it holds no number (`光纤宽带网络方面`).
    previous_clause: Option<&'a str>,
    /// A technology the sentence opens with (`4G`, `5G`), shared by all its clauses.
    sentence_subject: Option<&'a str>,
}

fn make_label(ctx: &LabelContext) -> String {
    let mut label = label_from(ctx.prefix);
    if ctx.follows_number && !ctx.object.is_empty() {
        label = ctx.object.to_string();
    } else {
        label = label_or_object(label, ctx.object);
    }
    if label.chars().count() < 3
        && let Some(prev) = ctx.previous_clause
    {
        label = if label.is_empty() {
            label_from(prev)
        } else {
            format!("{}：{label}", label_from(prev))
        };
    }
    if let Some(subject) = ctx.sentence_subject
        && !label.starts_with(subject)
        && !label.contains(subject)
    {
        label = format!("{subject}{label}");
    }
    label
}

/// The label, unless it ends in an action verb (`培育`, `在庄河市…着力打造`): then what the
/// action counts.
fn label_or_object(label: String, object: &str) -> String {
    let bare = label
        .trim_start_matches('已')
        .trim_end_matches(|c: char| "了着".contains(c));
    if (label.is_empty() || ACTIONS.iter().any(|a| bare.ends_with(a))) && !object.is_empty() {
        object.to_string()
    } else {
        label
    }
}

/// Which kind of statement a paragraph's sentence makes, if any.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Baseline,
    Goal,
}

fn extract_from_paragraph(para: &Paragraph, paragraph_context: Option<Context>, out: &mut Vec<Target>) {
    let text = &para.text;
    let mut k = 0;
    for sentence in sentences(text) {
        let s = &text[sentence.clone()];
        let context = if s.contains("2025") {
            Some(Context::Goal)
        } else {
            paragraph_context
        };
        let Some(context) = context else { continue };
        static SUBJECT_RE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^\s*([0-9]G)"));
        let sentence_subject = SUBJECT_RE.captures(s).and_then(|c| c.get(1)).map(|m| m.as_str());
        let mut previous_clause: Option<&str> = None;
        for clause in clauses(text, sentence.clone()) {
            let mut label_start = clause.start;
            let clause_text = &text[clause.clone()];
            let mut follows_number = false;
            let mut found_here = false;
            for m in VALUE_RE.captures_iter(clause_text) {
                // Group 0 and `num` are in every match of VALUE_RE.
                let (Some(whole), Some(num)) = (m.get(0), m.name("num")) else {
                    continue;
                };
                let abs = clause.start + whole.start();
                let after = clause_text[num.end()..].chars().next();
                let after_all = clause_text[whole.end()..].trim_start();
                let before = clause_text[..num.start()].chars().last();
                let unit = m.name("unit").map_or("", |u| u.as_str());
                let num2 = m.name("num2");
                // 4G, IPv6, 3A级, 5+22, years, 第N, numbers in titles and document numbers.
                let tail_after_range = num2.map_or(after, |n| clause_text[n.end()..].chars().next());
                if unit.is_empty() && (is_ascii_word(after) || is_ascii_word(tail_after_range) || !after_all.is_empty())
                {
                    continue;
                }
                if is_ascii_word(before)
                    || matches!(before, Some('第'))
                    || clause_text[whole.end()..].trim_start().starts_with('年')
                    || clause_text[num.end()..].trim_start().starts_with('年')
                    || inside_brackets(text, abs)
                {
                    continue;
                }
                let prefix = &text[label_start..abs];
                let label = make_label(&LabelContext {
                    prefix,
                    object: object_after(&clause_text[whole.end()..]),
                    follows_number,
                    previous_clause,
                    sentence_subject,
                });
                let value: f64 = num.as_str().parse().unwrap_or(f64::NAN);
                let value_max = num2.and_then(|n| n.as_str().parse().ok());
                let post = m.name("post").map_or("", |p| p.as_str().trim());
                let pre_words = prefix.trim_end();
                let approximate = post == "左右"
                    || m.name("many").is_some()
                    || pre_words.ends_with('约')
                    || pre_words.ends_with("约为")
                    || pre_words.ends_with('近');
                let kind = match context {
                    Context::Baseline => TargetKind::Baseline,
                    Context::Goal if value_max.is_some() => TargetKind::Range,
                    Context::Goal if pre_words.ends_with("不高于") || pre_words.ends_with("不超过") => {
                        TargetKind::UpperBound
                    }
                    Context::Goal if pre_words.ends_with("不少于") || post == "以上" => TargetKind::LowerBound,
                    Context::Goal => TargetKind::Target,
                };
                let year = match context {
                    Context::Baseline => Some(2020),
                    Context::Goal => Some(2025),
                };
                let value_end = clause.start + whole.end() - (whole.as_str().len() - whole.as_str().trim_end().len());
                k += 1;
                out.push(Target {
                    id: format!("{}.n{k}", para.id),
                    label,
                    value,
                    value_max,
                    value_text: text
                        [clause.start + num.start()..num2.map_or(clause.start + num.end(), |n| clause.start + n.end())]
                        .to_string(),
                    unit: unit.to_string(),
                    year,
                    kind,
                    approximate,
                    paragraph: para.id.clone(),
                    clause: clause_text.trim().to_string(),
                    clause_range: clause.clone(),
                    value_range: abs..value_end,
                });
                label_start = clause.start + whole.end();
                follows_number = true;
                found_here = true;
            }
            previous_clause = (!found_here).then_some(clause_text);
        }
    }
}

/// Fills `plan.targets` from the text and the tables.
pub(crate) fn extract_targets(plan: &mut Plan) {
    let mut out = Vec::new();
    for table in &plan.tables {
        for row in &table.rows {
            for ((year, cell), value) in table.years.iter().zip(&row.cells).zip(&row.values) {
                out.push(Target {
                    id: format!("{}.y{year}", row.id),
                    label: row.indicator.clone(),
                    value: *value,
                    value_max: None,
                    value_text: cell.clone(),
                    unit: row.unit.clone(),
                    year: Some(*year),
                    kind: if *year <= 2020 {
                        TargetKind::Baseline
                    } else {
                        TargetKind::Target
                    },
                    approximate: false,
                    paragraph: row.id.clone(),
                    clause: format!("{}（{}）{}", row.indicator, row.unit, cell),
                    clause_range: 0..0,
                    value_range: 0..0,
                });
            }
        }
    }
    for ch in &plan.chapters {
        let baseline = (ch.number == 1).then_some(Context::Baseline);
        for p in &ch.paragraphs {
            extract_from_paragraph(p, baseline, &mut out);
        }
        for s in &ch.sections {
            // 第二章第三节 发展目标: the plan's goals.
            let context = baseline.or((s.title.contains("发展目标")).then_some(Context::Goal));
            for p in &s.paragraphs {
                extract_from_paragraph(p, context, &mut out);
            }
        }
    }
    for b in &plan.boxes {
        for p in &b.paragraphs {
            extract_from_paragraph(p, Some(Context::Goal), &mut out);
        }
    }
    plan.targets = out;
}
