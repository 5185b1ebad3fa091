//! Where a map image or print puts its legend (issue 16, item 3): chosen for the output,
//! independent of whether the window's legend is folded.

/// The legend of a map image.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LegendPlacement {
    /// In the top corner (left or right) that covers none of the highlighted features, or
    /// the fewest; top left when both are clear. The north arrow takes the other corner.
    #[default]
    Auto,
    TopLeft,
    TopRight,
    /// No legend.
    Off,
}

impl LegendPlacement {
    /// Every placement, in the order the image dialog offers them.
    pub const ALL: [LegendPlacement; 4] = [
        LegendPlacement::Auto,
        LegendPlacement::TopLeft,
        LegendPlacement::TopRight,
        LegendPlacement::Off,
    ];

    /// The name on the command line (`render --legend NAME`).
    pub fn as_str(self) -> &'static str {
        match self {
            LegendPlacement::Auto => "auto",
            LegendPlacement::TopLeft => "top-left",
            LegendPlacement::TopRight => "top-right",
            LegendPlacement::Off => "off",
        }
    }

    /// The placement named `name` ([`LegendPlacement::as_str`]).
    pub fn parse(name: &str) -> Option<LegendPlacement> {
        Self::ALL.into_iter().find(|p| p.as_str() == name.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placement_reads_back_from_its_name_and_nothing_else_does() {
        for p in LegendPlacement::ALL {
            assert_eq!(LegendPlacement::parse(p.as_str()), Some(p));
        }
        assert_eq!(LegendPlacement::parse("bottom"), None);
    }
}
