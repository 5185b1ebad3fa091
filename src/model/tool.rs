//! The map's drawing and editing tools: which one is in use is part of the window's
//! state and of the actions that change it, not of the code that paints.

use serde::{Deserialize, Serialize};

use super::annotation::AnnotationKind;

/// A drawing or editing tool of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    /// Select, move, reshape and delete annotations; the map pans when the drag starts
    /// elsewhere.
    #[default]
    Select,
    /// A click places a point.
    Point,
    /// Clicks place vertices; double-click or Enter finishes.
    Line,
    /// Clicks place vertices; double-click, Enter or a click on the first vertex finishes.
    Polygon,
    /// A click places a text label (the app then asks for its text).
    Text,
    /// The ruler: clicks place points of a measured line (a click on the first point
    /// closes it for the area); nothing is saved unless the user turns the measurement
    /// into an annotation.
    Measure,
}

impl Tool {
    pub const ALL: [Tool; 6] = [
        Tool::Select,
        Tool::Point,
        Tool::Line,
        Tool::Polygon,
        Tool::Text,
        Tool::Measure,
    ];

    /// The letter of the key that picks the tool (without modifiers): V, P, L, G, T, M.
    pub fn shortcut_letter(self) -> char {
        match self {
            Tool::Select => 'V',
            Tool::Point => 'P',
            Tool::Line => 'L',
            Tool::Polygon => 'G',
            Tool::Text => 'T',
            Tool::Measure => 'M',
        }
    }

    /// The kind of annotation the tool creates; `None` for [`Tool::Select`] and
    /// [`Tool::Measure`] (whose measurement becomes an annotation only on request).
    pub fn kind(self) -> Option<AnnotationKind> {
        match self {
            Tool::Select | Tool::Measure => None,
            Tool::Point => Some(AnnotationKind::Point),
            Tool::Line => Some(AnnotationKind::Line),
            Tool::Polygon => Some(AnnotationKind::Polygon),
            Tool::Text => Some(AnnotationKind::Text),
        }
    }
}
