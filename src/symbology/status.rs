//! Status styling (issue 15): the map draws each catalogue feature in the colour of its
//! project status instead of its plan category. Plain data, prepared once when the
//! evaluation or the styling changes, never per frame.

use super::Rgba8;
use crate::catalogue::Catalogue;
use crate::evaluation::ProjectStatus;
use crate::evaluation::status::{StatusEntry, feature_statuses};

/// The colour of features without a status (未设定): a neutral light grey, drawn thin.
pub const UNSET_COLOUR: Rgba8 = Rgba8::rgb(0xbd, 0xbd, 0xbd);

/// The map colour of a status, or [`UNSET_COLOUR`] for none.
pub fn status_colour(status: Option<ProjectStatus>) -> Rgba8 {
    status.map_or(UNSET_COLOUR, |s| {
        let [r, g, b] = s.rgb();
        Rgba8::rgb(r, g, b)
    })
}

/// The legend order: the five statuses, then 未设定.
pub const LEGEND_ORDER: [Option<ProjectStatus>; 6] = [
    Some(ProjectStatus::NotStarted),
    Some(ProjectStatus::InProgress),
    Some(ProjectStatus::Built),
    Some(ProjectStatus::Adjusted),
    Some(ProjectStatus::Cancelled),
    None,
];

/// Every catalogue feature's status ([`crate::evaluation::status::effective_status`]:
/// its own, else its column project's) and colour, by catalogue index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatusStyling {
    pub statuses: Vec<Option<ProjectStatus>>,
    pub colours: Vec<Rgba8>,
}

impl StatusStyling {
    pub fn new(catalogue: &Catalogue, statuses: &[StatusEntry]) -> StatusStyling {
        let statuses = feature_statuses(catalogue, statuses);
        let colours = statuses.iter().map(|s| status_colour(*s)).collect();
        StatusStyling { statuses, colours }
    }

    /// The status of the feature at catalogue `index` (`None`: 未设定 or no such feature).
    pub fn status(&self, index: usize) -> Option<ProjectStatus> {
        self.statuses.get(index).copied().flatten()
    }

    /// The colour of the feature at catalogue `index` ([`UNSET_COLOUR`] if unknown).
    pub fn colour(&self, index: usize) -> Rgba8 {
        self.colours.get(index).copied().unwrap_or(UNSET_COLOUR)
    }
}
