//! The colours of a per-zone summary on the map (issue 18, point 9): up to five classes
//! of equal, round width from zero (or the lowest value, when negative) to the highest
//! value, in a sequential blue (ColorBrewer “Blues”, colour-blind safe and readable in
//! grey), the darkest for the highest class.

use super::Rgba8;

/// ColorBrewer Blues, 5 classes, light to dark.
pub const CLASS_COLOURS: [Rgba8; 5] = [
    Rgba8::rgb(0xef, 0xf3, 0xff),
    Rgba8::rgb(0xbd, 0xd7, 0xe7),
    Rgba8::rgb(0x6b, 0xae, 0xd6),
    Rgba8::rgb(0x31, 0x82, 0xbd),
    Rgba8::rgb(0x08, 0x51, 0x9c),
];

/// The colour of a zone without a value (a mean of no values).
pub const NO_VALUE_COLOUR: Rgba8 = Rgba8::rgb(0xd9, 0xd9, 0xd9);

/// Class limits: class `k` holds values in `[bounds[k], bounds[k + 1])`, the last class
/// also its upper bound.
#[derive(Clone, Debug, PartialEq)]
pub struct Classes {
    pub bounds: Vec<f64>,
    /// The values are counts (see [`Classes::for_values`]).
    pub integers: bool,
}

impl Classes {
    /// Classes for `values` (finite ones only); at least one class. With `integers`
    /// (counts) a class is a whole number of units wide and the top value gets a class
    /// of its own bound: class `k` holds `bounds[k] ..= bounds[k + 1] - 1`. With
    /// `from_zero` (counts and sums) the classes start at zero, or below it for negative
    /// values; otherwise (means) at the lowest value, so that close means still differ.
    pub fn for_values(values: &[f64], integers: bool, from_zero: bool) -> Classes {
        let mut finite = values.iter().copied().filter(|v| v.is_finite()).peekable();
        let first = if from_zero {
            0.0
        } else {
            finite.peek().copied().unwrap_or(0.0)
        };
        let (lo, hi) = finite.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if hi <= lo {
            let width = if integers { 1.0 } else { 0.0 };
            return Classes {
                bounds: vec![lo, lo + width],
                integers,
            };
        }
        let wanted = CLASS_COLOURS.len() as f64;
        let mut step = nice_step((hi - lo) / wanted, integers);
        loop {
            let start = (lo / step).floor() * step;
            let spans = (hi - start) / step;
            let n = if integers {
                spans.floor() + 1.0
            } else {
                spans.ceil().max(1.0)
            };
            if n <= wanted {
                let bounds = (0..=n as usize).map(|k| start + step * k as f64).collect();
                return Classes { bounds, integers };
            }
            step = nice_step(step * 1.000_001, integers);
        }
    }

    /// How many classes.
    pub fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1).max(1)
    }

    /// Never empty.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The class of `value`.
    pub fn class_of(&self, value: f64) -> usize {
        let upper = self.bounds.get(1..).unwrap_or_default();
        upper
            .iter()
            .position(|b| value < *b)
            .unwrap_or(self.len() - 1)
            .min(self.len() - 1)
    }

    /// The colour of `value` (`None`: no value).
    pub fn colour_of(&self, value: Option<f64>) -> Rgba8 {
        match value {
            Some(v) if v.is_finite() => self.colour_of_class(self.class_of(v)),
            _ => NO_VALUE_COLOUR,
        }
    }

    /// The colour of class `k`: spread over the palette so that few classes still run
    /// from light to dark.
    pub fn colour_of_class(&self, k: usize) -> Rgba8 {
        let n = self.len();
        let last = CLASS_COLOURS.len() - 1;
        let at = if n <= 1 {
            last
        } else {
            (k * last + (n - 1) / 2) / (n - 1)
        };
        CLASS_COLOURS[at.min(last)]
    }

    /// Each class's `(from, to)`, both included for counts (`0–4`, `5–9`).
    pub fn ranges(&self) -> Vec<(f64, f64)> {
        let top = if self.integers { 1.0 } else { 0.0 };
        self.bounds.windows(2).map(|w| (w[0], w[1] - top)).collect()
    }
}

/// The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `raw`; with
/// `integers`, a whole number of 1, 2 or 5 times a power of ten.
fn nice_step(raw: f64, integers: bool) -> f64 {
    if integers && raw <= 1.0 {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .filter(|m| !(integers && *m == 2.5 && power < 10.0))
        .map(|m| m * power)
        .find(|s| *s >= raw * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_up_to_23_fall_in_five_classes_of_five() {
        let c = Classes::for_values(&[0.0, 3.0, 12.0, 23.0], true, true);
        assert_eq!(c.bounds, [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
        assert_eq!(c.class_of(0.0), 0);
        assert_eq!(c.class_of(4.9), 0);
        assert_eq!(c.class_of(5.0), 1);
        assert_eq!(c.class_of(23.0), 4);
        assert_eq!(c.colour_of(Some(23.0)), CLASS_COLOURS[4]);
        assert_eq!(c.colour_of(None), NO_VALUE_COLOUR);
    }

    #[test]
    fn a_top_value_on_a_bound_stays_in_the_last_class() {
        let c = Classes::for_values(&[0.0, 10.0], false, true);
        assert_eq!(c.bounds, [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(c.class_of(10.0), 4);
        let counts = Classes::for_values(&[0.0, 10.0], true, true);
        assert_eq!(counts.bounds, [0.0, 5.0, 10.0, 15.0]);
        assert_eq!(counts.ranges(), [(0.0, 4.0), (5.0, 9.0), (10.0, 14.0)]);
        assert_eq!(counts.class_of(10.0), 2);
    }

    #[test]
    fn few_distinct_values_still_run_from_light_to_dark() {
        let c = Classes::for_values(&[0.0, 1.0], true, true);
        assert_eq!(c.len(), 2, "{:?}", c.bounds);
        assert_eq!(c.class_of(1.0), 1);
        assert_eq!(c.colour_of_class(0), CLASS_COLOURS[0]);
        assert_eq!(c.colour_of_class(1), CLASS_COLOURS[4]);
        let all_zero = Classes::for_values(&[0.0, 0.0], true, true);
        assert_eq!(all_zero.len(), 1);
        assert_eq!(all_zero.class_of(0.0), 0);
    }

    #[test]
    fn means_close_together_get_classes_from_the_lowest_not_from_zero() {
        let c = Classes::for_values(&[7.86, 6.5, 6.2, 7.18], false, false);
        assert_eq!(c.bounds, [6.0, 6.5, 7.0, 7.5, 8.0]);
        assert_eq!(c.class_of(6.2), 0);
        assert_eq!(c.class_of(7.86), 3);
    }

    #[test]
    fn negative_means_start_below_zero() {
        let c = Classes::for_values(&[-3.0, 7.0], false, true);
        assert!(
            c.bounds[0] <= -3.0 && *c.bounds.last().unwrap_or(&0.0) >= 7.0,
            "{:?}",
            c.bounds
        );
        assert_eq!(c.class_of(-3.0), 0);
        assert!(c.len() <= 5);
    }
}
