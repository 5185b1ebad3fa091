//! What the user asked for. UI functions (`*_ui`) return an [`Action`]; only
//! [`crate::state::AppState::apply`] changes the state in response.

use crate::i18n::Lang;

/// A panel or bar of the window that can be shown or hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PanelId {
    /// The left panel: outline, search, paragraphs, findings.
    Plan,
    /// The right panel: table 表1 and the list of targets.
    Targets,
    /// The bottom status bar.
    StatusBar,
}

/// One user request, applied by [`crate::state::AppState::apply`].
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Show a plan element by ID: `preface`, a chapter, section, column (专栏), table,
    /// table row, paragraph (shows its container and scrolls to it) or target (as
    /// [`Action::SelectTarget`]).
    Show(String),
    /// Show a target's paragraph (or table row) and highlight its value.
    SelectTarget(String),
    /// Switch the interface language.
    SetLanguage(Lang),
    /// Search the plan text for a substring; jumps to the first hit. An empty query
    /// clears the search.
    Search(String),
    /// Jump to the next search hit (wraps around).
    NextHit,
    /// Jump to the previous search hit (wraps around).
    PrevHit,
    /// Show or hide a panel.
    TogglePanel(PanelId),
    /// Open or close the About window.
    ShowAbout(bool),
    /// Close the window (the app sends the viewport command).
    Quit,
    /// Re-frame the map on the municipality.
    ResetMapView,
    /// The frame has consumed the one-shot requests (scroll to a paragraph, reveal the
    /// shown element in the outline, reset the map): clear them.
    FrameDone,
}
