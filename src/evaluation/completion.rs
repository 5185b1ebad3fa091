//! 完成度 and verdicts, as published national and municipal evaluations compute them:
//!
//! - rising indicator: 完成度 = (实际 − 基期) / (目标 − 基期);
//! - falling indicator: (基期 − 实际) / (基期 − 目标);
//! - a ceiling (`PUE ≤ 1.3`) is met when the actual is at or below it; its 完成度 is the
//!   falling formula when the plan gives a baseline above the ceiling;
//! - a floor (`≥ 5 家`) or a range (`2-3 个`): the rising formula towards the lower end;
//! - without a baseline in the plan: 实际 / 目标 (said so next to the figure);
//! - shares in `%` change in percentage points (实际 − 基期).
//!
//! Before the goal year the 完成度 is compared with the time elapsed, (year − 基期年) /
//! (目标年 − 基期年), giving a mid-term verdict; from the goal year on, an end-of-term
//! verdict. The thresholds are the project's ([`Thresholds`]) and are printed in the report.

use serde::{Deserialize, Serialize};

use crate::plan::TargetKind;
use crate::plan::series::Series;

/// Which way an indicator is meant to move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Up to a goal above the baseline (or without a baseline).
    Rise,
    /// Down to a goal below the baseline.
    Fall,
    /// Not above a ceiling (`不高于`).
    Ceiling,
    /// At least a floor (`不少于`, `以上`).
    Floor,
    /// Within a range (`2-3 个`): at least its lower end.
    Range,
}

impl Direction {
    pub fn of(series: &Series) -> Direction {
        match series.goal.kind {
            TargetKind::UpperBound => Direction::Ceiling,
            TargetKind::LowerBound => Direction::Floor,
            TargetKind::Range => Direction::Range,
            _ => match &series.baseline {
                Some(b) if series.goal.value < b.value => Direction::Fall,
                _ => Direction::Rise,
            },
        }
    }
}

/// The thresholds that turn 完成度 into a verdict. Shares (1.0 = 100 %).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// At the end: at least this → 超额完成.
    pub exceeded: f64,
    /// At the end: at least this → 完成.
    pub done: f64,
    /// At the end: at least this → 基本完成; below → 未完成.
    pub basic: f64,
    /// Before the end: within this of the time elapsed → 基本符合预期; further above →
    /// 快于预期, below → 滞后于预期 (at or above `done` → 提前实现).
    pub on_track_margin: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            exceeded: 1.05,
            done: 1.0,
            basic: 0.9,
            on_track_margin: 0.1,
        }
    }
}

impl Thresholds {
    /// The thresholds make sense: finite, `exceeded ≥ done ≥ basic > 0`, margin 0…1.
    pub fn is_valid(&self) -> bool {
        [self.exceeded, self.done, self.basic, self.on_track_margin]
            .iter()
            .all(|v| v.is_finite())
            && self.exceeded >= self.done
            && self.done >= self.basic
            && self.basic > 0.0
            && (0.0..=1.0).contains(&self.on_track_margin)
    }
}

/// The verdict on one indicator in one year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    // End of term.
    Exceeded,
    Done,
    Basic,
    NotDone,
    // Before the end.
    Ahead,
    Faster,
    OnTrack,
    Behind,
}

impl Verdict {
    pub const END: [Verdict; 4] = [Verdict::Exceeded, Verdict::Done, Verdict::Basic, Verdict::NotDone];
    pub const MID: [Verdict; 4] = [Verdict::Ahead, Verdict::Faster, Verdict::OnTrack, Verdict::Behind];

    pub fn zh(self) -> &'static str {
        match self {
            Verdict::Exceeded => "超额完成",
            Verdict::Done => "完成",
            Verdict::Basic => "基本完成",
            Verdict::NotDone => "未完成",
            Verdict::Ahead => "提前实现",
            Verdict::Faster => "快于预期",
            Verdict::OnTrack => "基本符合预期",
            Verdict::Behind => "滞后于预期",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Verdict::Exceeded => "exceeded",
            Verdict::Done => "achieved",
            Verdict::Basic => "largely achieved",
            Verdict::NotDone => "not achieved",
            Verdict::Ahead => "achieved early",
            Verdict::Faster => "ahead of schedule",
            Verdict::OnTrack => "on schedule",
            Verdict::Behind => "behind schedule",
        }
    }

    /// The target is reached (or, before the end, reached early).
    pub fn is_met(self) -> bool {
        matches!(self, Verdict::Exceeded | Verdict::Done | Verdict::Ahead)
    }

    /// Behind or not reached: what a “only 滞后” filter shows.
    pub fn is_lagging(self) -> bool {
        matches!(self, Verdict::NotDone | Verdict::Behind)
    }

    /// The verdict's colour (sRGB): greens for met, amber for close, red for behind.
    /// Chosen to stay apart for the common colour-vision deficiencies (blue-green vs
    /// orange-red) and printed with the word, never alone.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            Verdict::Exceeded | Verdict::Ahead => [0x1b, 0x7a, 0x5a],
            Verdict::Done | Verdict::Faster => [0x2c, 0x8c, 0x99],
            Verdict::Basic | Verdict::OnTrack => [0xc0, 0x7c, 0x10],
            Verdict::NotDone | Verdict::Behind => [0xc0, 0x39, 0x2b],
        }
    }
}

/// How one actual value stands against its indicator's series.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub year: u16,
    /// The actual value in the series' unit.
    pub actual: f64,
    /// 完成度 (1.0 = 100 %); `None` where it cannot be computed (a ceiling without a
    /// baseline above it, a goal equal to its baseline).
    pub completion: Option<f64>,
    /// Share of the plan period elapsed by `year`, 0…1.
    pub elapsed: f64,
    pub verdict: Verdict,
    /// The plan gives no baseline: 完成度 is 实际 / 目标.
    pub without_baseline: bool,
    /// For a share in `%`: the change from the baseline in percentage points.
    pub change_points: Option<f64>,
    pub direction: Direction,
}

/// Assesses `actual` (in the series' unit) reached in `year` against `series`.
pub fn assess(series: &Series, actual: f64, year: u16, thresholds: &Thresholds) -> Assessment {
    let direction = Direction::of(series);
    let goal = series.goal.value;
    let baseline = series.baseline.as_ref().map(|b| (b.year, b.value));
    let start_year = baseline.map_or(series.start_year, |(y, _)| y);
    let span = f64::from(series.goal.year.saturating_sub(start_year)).max(1.0);
    let elapsed = (f64::from(year.saturating_sub(start_year)) / span).clamp(0.0, 1.0);
    let ratio = |num: f64, den: f64| {
        let r = num / den;
        (den != 0.0 && r.is_finite()).then_some(r)
    };
    let completion = match (direction, baseline) {
        (Direction::Fall, Some((_, b))) => ratio(b - actual, b - goal),
        (Direction::Ceiling, Some((_, b))) if b > goal => ratio(b - actual, b - goal),
        (Direction::Ceiling, _) => None,
        (_, Some((_, b))) => ratio(actual - b, goal - b),
        (_, None) => ratio(actual, goal),
    };
    let t = thresholds;
    // A ceiling is met by staying under it; the others when 完成度 reaches `done` (or,
    // without a 完成度, when the goal is reached).
    let met = match (direction, completion) {
        (Direction::Ceiling, _) => actual <= goal,
        (_, Some(c)) => c >= t.done,
        (Direction::Fall, None) => actual <= goal,
        (_, None) => actual >= goal,
    };
    let end = year >= series.goal.year;
    let verdict = match (end, completion) {
        (true, Some(c)) if met && c >= t.exceeded => Verdict::Exceeded,
        (true, _) if met => Verdict::Done,
        (true, Some(c)) if c >= t.basic => Verdict::Basic,
        (true, _) => Verdict::NotDone,
        (false, _) if met => Verdict::Ahead,
        (false, Some(c)) if c >= elapsed + t.on_track_margin => Verdict::Faster,
        (false, Some(c)) if c >= elapsed - t.on_track_margin => Verdict::OnTrack,
        (false, _) => Verdict::Behind,
    };
    Assessment {
        year,
        actual,
        completion,
        elapsed,
        verdict,
        without_baseline: baseline.is_none(),
        change_points: match (series.is_share(), baseline) {
            (true, Some((_, b))) => Some(actual - b),
            _ => None,
        },
        direction,
    }
}

/// `87.5%` (one decimal, no trailing `.0`).
pub fn percent_text(share: f64) -> String {
    let s = format!("{:.1}", share * 100.0);
    format!("{}%", s.strip_suffix(".0").unwrap_or(&s))
}
