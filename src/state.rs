//! What the window shows, and how a window action changes it: [`AppState::apply`] (called
//! only by [`crate::app::AtlasApp::apply`], which carries out the [`Effect`]s it returns).
//!
//! The interface language and the panel visibility (and the element last shown) are
//! persisted through eframe storage; selection, search and one-shot requests are not.

use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use crate::action::BoundaryChoices;
use crate::action::{Action, PanelId, RightTab};
use crate::catalogue::Layer;
use crate::i18n::Lang;
use crate::model::{LayerSetting, default_layers};
use crate::plan::{ElementKind, Plan, SearchHit};
use crate::tile_source::{TileDraft, TileSettings, TileSourceError, TileStatus};

/// Why an action could not be applied. The state is left unchanged except for
/// [`AppState::notice`], which then holds the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error("no plan element has the ID “{0}”")]
    UnknownElement(String),
    #[error("no target has the ID “{0}”")]
    UnknownTarget(String),
    #[error("the tile source cannot be used: {0}")]
    TileSource(#[from] TileSourceError),
}

/// What an applied action asks of the window beyond the state: what only the app can do
/// (file dialogs, the viewport, the map's camera, the tile layer). [`AppState::apply`]
/// returns them; the app carries them out at once, so nothing waits in a flag for a later
/// frame to notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Ask for a PMTiles file and put it into the tile dialog's fields.
    PickPmTilesFile,
    /// Ask for an official-boundaries file and load it.
    PickOfficialBoundaries,
    /// Close the window (asking first about unsaved changes).
    Quit,
    /// Rebuild the tile layer even though its setting did not change (a retry).
    RebuildTiles,
    /// Fit the map to the municipality.
    ResetMapView,
    /// Go back from the official boundaries to the built-in schematic ones.
    RestoreSchematicBoundaries,
    /// Frame the map on the features of the plan element in focus.
    FrameFocus,
    /// Frame the map on one feature (catalogue ID).
    FrameFeature(String),
}

/// The systems a GeoPackage export offers: WGS-84 and CGCS2000 longitude/latitude.
pub const GPKG_SRS_CHOICES: [u32; 2] = [4326, 4490];

/// A span to highlight in one paragraph: a target's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueHighlight {
    /// ID of the paragraph.
    pub paragraph: String,
    /// Byte range in that paragraph's `text`.
    pub range: Range<usize>,
}

/// How many recent projects 文件 → 最近的项目 lists.
pub const RECENT_MAX: usize = 10;

/// The window's state. `Default` is the first-start state (Chinese, all panels shown).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    /// Interface language (persisted).
    pub lang: Lang,
    /// Left panel: outline, search, paragraphs (persisted).
    pub show_plan: bool,
    /// Right panel: table 表1 and targets (persisted).
    pub show_targets: bool,
    /// Bottom status bar (persisted).
    pub show_status: bool,
    /// The element the plan panel shows: `preface`, a chapter, section, column (专栏)
    /// or table ID — never a paragraph, row or target (those show their container).
    pub shown: Option<String>,
    /// The optional tile source under the atlas's basemap and its opacity (persisted;
    /// none by default).
    pub tiles: TileSettings,
    /// The tile-source dialog's fields while it is open.
    #[serde(skip)]
    pub tile_dialog: Option<TileDraft>,
    /// What the map's tile layer last reported.
    #[serde(skip)]
    pub tile_status: TileStatus,
    /// The selected target, if any.
    #[serde(skip)]
    pub selected_target: Option<String>,
    /// The selected row of a table (`table1.r3`), shown highlighted in the table.
    #[serde(skip)]
    pub selected_row: Option<String>,
    /// The selected target's value in its paragraph.
    #[serde(skip)]
    pub value_highlight: Option<ValueHighlight>,
    /// The search query as typed.
    #[serde(skip)]
    pub search_query: String,
    /// Hits of `search_query`, in reading order.
    #[serde(skip)]
    pub hits: Vec<SearchHit>,
    /// Index into `hits` of the current hit.
    #[serde(skip)]
    pub hit_index: Option<usize>,
    /// One-shot: the paragraph the plan panel scrolls to in the next frame.
    #[serde(skip)]
    pub scroll_to: Option<String>,
    /// One-shot: open the outline's chapter that holds the shown element.
    #[serde(skip)]
    pub reveal_in_outline: bool,
    /// The About window is open.
    #[serde(skip)]
    pub about_open: bool,
    /// Projects opened or saved, most recent first, at most [`RECENT_MAX`] (persisted).
    pub recent_projects: Vec<std::path::PathBuf>,
    /// The user guide window is open (帮助 → 使用指南).
    #[serde(skip)]
    pub guide_open: bool,
    /// The keyboard shortcuts window is open (帮助 → 快捷键).
    #[serde(skip)]
    pub shortcuts_open: bool,
    /// At start, open the most recent project if its file still exists (文件 → 最近的项目;
    /// persisted). Off by default: the atlas has always started on an empty project, and
    /// on a shared or projector laptop the last project may not be this user's.
    pub reopen_last_project: bool,
    /// The user's official boundaries file, loaded at start-up instead of the
    /// schematic divisions (persisted).
    pub official_boundaries: Option<std::path::PathBuf>,
    /// How `official_boundaries` was read (system, encoding, layers), to read it the
    /// same way at start-up (persisted; absent in states saved before issue 13).
    pub official_boundary_choices: BoundaryChoices,
    /// The folder the last file dialog was answered in; the next one starts there
    /// (persisted; absent in states saved before issue 18).
    pub last_folder: Option<std::path::PathBuf>,
    /// The EPSG code of GeoPackage exports, one of [`GPKG_SRS_CHOICES`] (persisted).
    pub gpkg_srs: u32,
    /// Adcode of the division selected on the map.
    #[serde(skip)]
    pub selected_division: Option<u32>,
    /// The last message for the status bar: an error, or news when `notice_is_news`.
    #[serde(skip)]
    pub notice: Option<String>,
    /// `notice` reports something done (saved, imported), not a problem.
    #[serde(skip)]
    pub notice_is_news: bool,
    /// The problem shown in the problems window until closed (issue 18): set with
    /// every `Action::Notify`, refined by the app for import errors.
    #[serde(skip)]
    pub problem: Option<crate::i18n::help::Problem>,
    /// `notice` says the project was saved: it goes once the project changes again.
    #[serde(skip)]
    pub notice_saved: bool,
    /// The plan layers, top first (persisted).
    pub layers: Vec<LayerSetting>,
    /// The legend on the map (persisted).
    pub show_legend: bool,
    /// The user unfolded the legend: it stays open even where it covers more than a
    /// fifth of the map, where it otherwise starts folded (persisted).
    pub legend_pinned: bool,
    /// The right panel's tab (persisted).
    pub right_tab: RightTab,
    /// Catalogue ID of the selected feature.
    #[serde(skip)]
    pub selected_feature: Option<String>,
    /// The plan element whose features the map highlights: the last paragraph, section,
    /// column, table row or target the user picked.
    #[serde(skip)]
    pub plan_focus: Option<String>,
    // --- Project status (issue 15) ---
    /// The map draws the plan's features in their project-status colours, with the
    /// status legend, instead of their plan categories (persisted).
    pub status_styling: bool,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            lang: Lang::Zh,
            show_plan: true,
            show_targets: true,
            show_status: true,
            shown: Some("preface".to_string()),
            tiles: TileSettings::default(),
            tile_dialog: None,
            tile_status: TileStatus::Idle,
            selected_target: None,
            selected_row: None,
            value_highlight: None,
            search_query: String::new(),
            hits: Vec::new(),
            hit_index: None,
            scroll_to: None,
            reveal_in_outline: false,
            about_open: false,
            guide_open: false,
            shortcuts_open: false,
            reopen_last_project: false,
            recent_projects: Vec::new(),
            selected_division: None,
            official_boundaries: None,
            official_boundary_choices: BoundaryChoices::default(),
            last_folder: None,
            gpkg_srs: 4326,
            notice: None,
            notice_is_news: false,
            problem: None,
            notice_saved: false,
            layers: default_layers(),
            show_legend: true,
            legend_pinned: false,
            right_tab: RightTab::default(),
            selected_feature: None,
            plan_focus: None,
            status_styling: false,
        }
    }
}

impl AppState {
    /// A restored state checked against `plan`: an element ID the plan does not have
    /// (e.g. another plan file was loaded) falls back to the preface.
    pub fn restored(mut self, plan: &Plan) -> Self {
        if self.shown.as_deref().is_none_or(|id| plan.kind_of(id).is_none()) {
            self.shown = plan.kind_of("preface").map(|_| "preface".to_string());
        }
        // Every layer once, whatever an older or edited settings file held.
        let mut layers: Vec<LayerSetting> = Vec::new();
        for l in self.layers.iter().chain(default_layers().iter()) {
            if !layers.iter().any(|x| x.layer == l.layer) {
                layers.push(LayerSetting {
                    opacity: if l.opacity.is_finite() {
                        l.opacity.clamp(0.1, 1.0)
                    } else {
                        1.0
                    },
                    ..*l
                });
            }
        }
        self.layers = layers;
        self
    }

    /// The current search hit, if any.
    pub fn current_hit(&self) -> Option<&SearchHit> {
        self.hits.get(self.hit_index?)
    }

    /// Whether a panel is shown.
    pub fn panel_visible(&self, panel: PanelId) -> bool {
        match panel {
            PanelId::Plan => self.show_plan,
            PanelId::Targets => self.show_targets,
            PanelId::StatusBar => self.show_status,
            PanelId::MapLegend => self.show_legend,
        }
    }

    /// The setting of a plan layer.
    pub fn layer(&self, layer: Layer) -> Option<&LayerSetting> {
        self.layers.iter().find(|l| l.layer == layer)
    }

    fn layer_mut(&mut self, layer: Layer) -> Option<&mut LayerSetting> {
        self.layers.iter_mut().find(|l| l.layer == layer)
    }

    /// Sets what the map highlights and asks it to frame that.
    fn focus(&mut self, id: &str, effects: &mut Vec<Effect>) {
        self.plan_focus = Some(id.to_string());
        effects.push(Effect::FrameFocus);
    }

    /// Puts `path` first in [`AppState::recent_projects`] (once), keeping at most
    /// [`RECENT_MAX`].
    pub fn remember_recent(&mut self, path: &std::path::Path) {
        // Absolute, so the list means the same file whatever folder the atlas starts in.
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent_projects.retain(|p| *p != path);
        self.recent_projects.insert(0, path);
        self.recent_projects.truncate(RECENT_MAX);
    }

    /// Applies one action and returns what it asks of the window ([`Effect`]s, in order).
    /// IDs are resolved against `plan`; an unknown ID leaves the state unchanged apart
    /// from [`AppState::notice`] and returns the error.
    pub fn apply(&mut self, plan: &Plan, action: Action) -> Result<Vec<Effect>, ApplyError> {
        // Any message set by this action is a problem unless it is `Inform`.
        let news = matches!(action, Action::Inform(_));
        let message = news || matches!(action, Action::Notify(_));
        let before = self.notice.clone();
        let mut effects = Vec::new();
        let result = self.apply_inner(plan, action, &mut effects).map(|()| effects);
        if let Err(e) = &result {
            self.notice = Some(e.to_string());
        }
        if message || self.notice != before {
            self.notice_is_news = news && result.is_ok();
            self.notice_saved = false;
        }
        result
    }

    fn apply_inner(&mut self, plan: &Plan, action: Action, effects: &mut Vec<Effect>) -> Result<(), ApplyError> {
        match action {
            Action::Show(id) => self.show(plan, &id, effects)?,
            Action::SelectTarget(id) => self.select_target(plan, &id, effects)?,
            Action::SetLanguage(lang) => self.lang = lang,
            Action::Search(query) => {
                // A new search starts afresh: the map no longer highlights what the last
                // pick (or search) showed.
                if query.trim() != self.search_query.trim() && !query.trim().is_empty() {
                    self.plan_focus = None;
                }
                self.hits = plan.search(&query);
                self.search_query = query;
                self.hit_index = None;
                if !self.hits.is_empty() {
                    self.go_to_hit(plan, 0);
                }
            }
            Action::NextHit => {
                if !self.hits.is_empty() {
                    let next = self.hit_index.map_or(0, |k| (k + 1) % self.hits.len());
                    self.go_to_hit(plan, next);
                }
            }
            Action::PrevHit => {
                if !self.hits.is_empty() {
                    let n = self.hits.len();
                    let prev = self.hit_index.map_or(n - 1, |k| (k + n - 1) % n);
                    self.go_to_hit(plan, prev);
                }
            }
            Action::TogglePanel(panel) => {
                let flag = match panel {
                    PanelId::Plan => &mut self.show_plan,
                    PanelId::Targets => &mut self.show_targets,
                    PanelId::StatusBar => &mut self.show_status,
                    PanelId::MapLegend => &mut self.show_legend,
                };
                *flag = !*flag;
                if panel == PanelId::MapLegend {
                    self.legend_pinned = self.show_legend;
                }
            }
            Action::SetLegendOpen(open) => {
                self.show_legend = open;
                self.legend_pinned = open;
            }
            Action::ShowAbout(open) => self.about_open = open,
            Action::ShowGuide(open) => self.guide_open = open,
            Action::ShowShortcuts(open) => self.shortcuts_open = open,
            Action::SetReopenLastProject(on) => self.reopen_last_project = on,
            Action::ResetMapView => effects.push(Effect::ResetMapView),
            Action::Quit => effects.push(Effect::Quit),
            Action::ShowTileDialog(open) => {
                self.tile_dialog = open.then(|| TileDraft::from_setting(&self.tiles.source));
            }
            Action::EditTileDraft(draft) => {
                if self.tile_dialog.is_some() {
                    self.tile_dialog = Some(draft);
                }
            }
            Action::ApplyTileDraft => {
                if let Some(draft) = &self.tile_dialog {
                    self.tiles.source = draft.to_setting()?;
                    self.notice = None;
                    // “Apply” on an unchanged source retries it (a file copied into place,
                    // a network back).
                    effects.push(Effect::RebuildTiles);
                }
            }
            Action::SetTileSource(source) => {
                if source != self.tiles.source {
                    self.tiles.source = source;
                    self.tile_status = TileStatus::Idle;
                }
            }
            Action::SetTileOpacity(opacity) => self.tiles.opacity = opacity.clamp(0.0, 1.0),
            Action::PickPmTilesFile => effects.push(Effect::PickPmTilesFile),
            Action::TileStatusChanged(status) => self.tile_status = status,
            Action::SelectDivision(adcode) => self.selected_division = adcode,
            Action::PickOfficialBoundaries => effects.push(Effect::PickOfficialBoundaries),
            Action::OfficialBoundariesChanged { path, choices, message } => {
                if path.is_none() && self.official_boundaries.is_some() {
                    effects.push(Effect::RestoreSchematicBoundaries);
                }
                self.official_boundaries = path;
                self.official_boundary_choices = choices;
                self.notice = (!message.is_empty()).then_some(message);
            }
            Action::SetStatusStyling(on) => self.status_styling = on,
            Action::SetGpkgSrs(srs) => {
                if GPKG_SRS_CHOICES.contains(&srs) {
                    self.gpkg_srs = srs;
                }
            }
            Action::SelectFeature(id) => {
                if id.is_some() {
                    self.right_tab = RightTab::Feature;
                }
                self.selected_feature = id;
            }
            Action::FocusPlanElement(id) => {
                if plan.kind_of(&id).is_none() {
                    return Err(ApplyError::UnknownElement(id));
                }
                self.focus(&id, effects);
            }
            Action::ClearPlanFocus => self.plan_focus = None,
            Action::GoToFeature(id) => {
                self.right_tab = RightTab::Feature;
                self.selected_feature = Some(id.clone());
                effects.push(Effect::FrameFeature(id));
            }
            Action::FrameFeature(id) => effects.push(Effect::FrameFeature(id)),
            Action::SetLayerVisible(layer, visible) => {
                if let Some(l) = self.layer_mut(layer) {
                    l.visible = visible;
                }
            }
            Action::SetLayerOpacity(layer, opacity) => {
                if let Some(l) = self.layer_mut(layer) {
                    l.opacity = if opacity.is_finite() {
                        opacity.clamp(0.1, 1.0)
                    } else {
                        1.0
                    };
                }
            }
            Action::MoveLayer(layer, delta) => {
                if let Some(from) = self.layers.iter().position(|l| l.layer == layer) {
                    let to = (from as i64 + i64::from(delta)).clamp(0, self.layers.len() as i64 - 1) as usize;
                    let moved = self.layers.remove(from);
                    self.layers.insert(to, moved);
                }
            }
            Action::SetRightTab(tab) => self.right_tab = tab,
            // The app applies these: they need the project and its files.
            Action::Document(_) | Action::Table(_) => {}
            Action::Notify(message) => {
                self.problem = Some(crate::i18n::help::Problem::generic(self.lang, &message));
                self.notice = Some(message);
            }
            Action::Inform(message) => self.notice = Some(message),
            Action::DismissProblem => {
                // The problem was read: its line in the status bar goes with it (news stays).
                self.problem = None;
                if !self.notice_is_news {
                    self.notice = None;
                }
            }
            Action::FrameDone => {
                self.scroll_to = None;
                self.reveal_in_outline = false;
            }
        }
        Ok(())
    }

    fn show(&mut self, plan: &Plan, id: &str, effects: &mut Vec<Effect>) -> Result<(), ApplyError> {
        let unknown = || ApplyError::UnknownElement(id.to_string());
        let kind = plan.kind_of(id).ok_or_else(unknown)?;
        if kind != ElementKind::Target {
            self.focus(id, effects);
        }
        match kind {
            ElementKind::Target => return self.select_target(plan, id, effects),
            ElementKind::Paragraph => {
                let container = plan.container_of(id).ok_or_else(unknown)?.to_string();
                self.set_shown(container);
                self.scroll_to = Some(id.to_string());
            }
            ElementKind::TableRow => {
                let (table, _) = plan.table_row(id).ok_or_else(unknown)?;
                self.set_shown(table.id.clone());
                self.selected_row = Some(id.to_string());
            }
            ElementKind::Preface
            | ElementKind::Chapter
            | ElementKind::Section
            | ElementKind::Box
            | ElementKind::Table => {
                self.set_shown(id.to_string());
            }
        }
        self.notice = None;
        Ok(())
    }

    fn select_target(&mut self, plan: &Plan, id: &str, effects: &mut Vec<Effect>) -> Result<(), ApplyError> {
        let target = plan
            .target(id)
            .ok_or_else(|| ApplyError::UnknownTarget(id.to_string()))?;
        if let Some(container) = plan.container_of(&target.paragraph) {
            self.set_shown(container.to_string());
            self.scroll_to = Some(target.paragraph.clone());
            self.value_highlight = Some(ValueHighlight {
                paragraph: target.paragraph.clone(),
                range: target.value_range.clone(),
            });
        } else if let Some((table, row)) = plan.table_row(&target.paragraph) {
            self.set_shown(table.id.clone());
            self.selected_row = Some(row.id.clone());
        } else {
            return Err(ApplyError::UnknownElement(target.paragraph.clone()));
        }
        self.selected_target = Some(id.to_string());
        self.right_tab = RightTab::Targets;
        self.focus(id, effects);
        self.notice = None;
        Ok(())
    }

    /// Drops the selected target or table row and its highlighted value.
    pub fn clear_target(&mut self) {
        self.selected_target = None;
        self.selected_row = None;
        self.value_highlight = None;
    }

    /// Shows a container and drops the selection that belonged to the previous view.
    fn set_shown(&mut self, container: String) {
        self.shown = Some(container);
        self.clear_target();
        self.scroll_to = None;
        self.reveal_in_outline = true;
    }

    fn go_to_hit(&mut self, plan: &Plan, k: usize) {
        let Some(hit) = self.hits.get(k) else { return };
        let paragraph = hit.paragraph.clone();
        self.hit_index = Some(k);
        if let Some(container) = plan.container_of(&paragraph) {
            if self.shown.as_deref() != Some(container) {
                self.set_shown(container.to_string());
            }
            self.reveal_in_outline = true;
            self.scroll_to = Some(paragraph);
        }
    }
}

/// The chapter (`ch3`) an element stands in, if any: for a chapter itself, its
/// sections, columns, tables, paragraphs, table rows and targets.
pub fn chapter_of(plan: &Plan, id: &str) -> Option<String> {
    match plan.kind_of(id)? {
        ElementKind::Preface => None,
        ElementKind::Chapter => Some(id.to_string()),
        ElementKind::Section => id.split('.').next().map(str::to_string),
        ElementKind::Box => plan.text_box(id).map(|b| b.chapter.clone()),
        ElementKind::Table => plan.table(id).map(|t| t.chapter.clone()),
        ElementKind::TableRow => plan.table_row(id).map(|(t, _)| t.chapter.clone()),
        ElementKind::Paragraph => chapter_of(plan, plan.container_of(id)?),
        ElementKind::Target => chapter_of(plan, &plan.target(id)?.paragraph),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan::embedded().expect("the embedded plan parses")
    }

    #[test]
    fn news_is_told_apart_from_problems_in_the_status_bar() {
        let plan = plan();
        let mut s = AppState::default();
        s.apply(&plan, Action::Inform("已保存".into())).expect("applies");
        assert!(s.notice_is_news);
        s.apply(&plan, Action::Notify("无法打开".into())).expect("applies");
        assert!(!s.notice_is_news);
        s.apply(&plan, Action::Inform("已导入".into())).expect("applies");
        assert!(s.apply(&plan, Action::Show("no-such-id".into())).is_err());
        assert!(!s.notice_is_news, "an error replaces the news");
    }

    #[test]
    fn default_state_is_chinese_with_all_panels_and_the_preface() {
        let s = AppState::default();
        assert_eq!(s.lang, Lang::Zh);
        assert!(s.show_plan && s.show_targets && s.show_status);
        assert_eq!(s.shown.as_deref(), Some("preface"));
    }

    #[test]
    fn showing_a_section_sets_it_and_reveals_it() {
        let plan = plan();
        let mut s = AppState::default();
        s.apply(&plan, Action::Show("ch2.s4".into())).expect("ch2.s4 exists");
        assert_eq!(s.shown.as_deref(), Some("ch2.s4"));
        assert!(s.reveal_in_outline);
        s.apply(&plan, Action::FrameDone).expect("frame done");
        assert!(!s.reveal_in_outline);
    }

    #[test]
    fn showing_a_paragraph_shows_its_container_and_scrolls_to_it() {
        let plan = plan();
        let mut s = AppState::default();
        let p = plan.chapters[1].sections[0].paragraphs[0].id.clone();
        s.apply(&plan, Action::Show(p.clone())).expect("paragraph exists");
        assert_eq!(s.shown.as_deref(), plan.container_of(&p));
        assert_eq!(s.scroll_to.as_deref(), Some(p.as_str()));
    }

    #[test]
    fn an_unknown_id_is_an_error_and_leaves_the_view() {
        let plan = plan();
        let mut s = AppState::default();
        let err = s.apply(&plan, Action::Show("ch99".into()));
        assert_eq!(err, Err(ApplyError::UnknownElement("ch99".into())));
        assert_eq!(s.shown.as_deref(), Some("preface"));
        assert!(s.notice.is_some());
        assert!(s.apply(&plan, Action::SelectTarget("nope".into())).is_err());
    }

    #[test]
    fn selecting_a_text_target_highlights_its_value_in_its_paragraph() {
        let plan = plan();
        let t = plan
            .targets
            .iter()
            .find(|t| plan.paragraph(&t.paragraph).is_some())
            .expect("a text target");
        let mut s = AppState::default();
        s.apply(&plan, Action::SelectTarget(t.id.clone()))
            .expect("target exists");
        assert_eq!(s.shown.as_deref(), plan.container_of(&t.paragraph));
        assert_eq!(s.selected_target.as_deref(), Some(t.id.as_str()));
        let h = s.value_highlight.clone().expect("a highlight");
        assert_eq!(h.paragraph, t.paragraph);
        assert_eq!(h.range, t.value_range);
    }

    #[test]
    fn selecting_a_table_target_shows_the_table_and_its_row() {
        let plan = plan();
        let t = plan
            .targets
            .iter()
            .find(|t| t.paragraph.starts_with("table1.r"))
            .expect("a table target");
        let mut s = AppState::default();
        s.apply(&plan, Action::Show(t.id.clone())).expect("target exists");
        assert_eq!(s.shown.as_deref(), Some("table1"));
        assert_eq!(s.selected_row.as_deref(), Some(t.paragraph.as_str()));
        assert_eq!(s.selected_target.as_deref(), Some(t.id.as_str()));
    }

    #[test]
    fn search_jumps_to_the_first_hit_and_next_and_previous_wrap_around() {
        let plan = plan();
        let mut s = AppState::default();
        s.apply(&plan, Action::Search("数据湖".into())).expect("search");
        let n = s.hits.len();
        assert!(n >= 2, "数据湖 occurs at least twice");
        assert_eq!(s.hit_index, Some(0));
        assert_eq!(s.scroll_to.as_deref(), Some(s.hits[0].paragraph.as_str()));
        assert_eq!(s.shown.as_deref(), plan.container_of(&s.hits[0].paragraph));
        s.apply(&plan, Action::NextHit).expect("next");
        assert_eq!(s.hit_index, Some(1));
        s.apply(&plan, Action::PrevHit).expect("prev");
        s.apply(&plan, Action::PrevHit).expect("prev");
        assert_eq!(s.hit_index, Some(n - 1));
        s.apply(&plan, Action::Search(String::new())).expect("clear");
        assert!(s.hits.is_empty());
        assert_eq!(s.hit_index, None);
        s.apply(&plan, Action::NextHit).expect("next without hits is a no-op");
        assert_eq!(s.hit_index, None);
    }

    #[test]
    fn a_new_search_clears_the_previous_map_highlight() {
        let plan = plan();
        let mut s = AppState::default();
        s.apply(&plan, Action::SelectTarget("table1.r6.y2025".into()))
            .expect("target");
        assert!(s.plan_focus.is_some(), "the 5G target highlights its features");
        s.apply(&plan, Action::Search("数据湖".into())).expect("search");
        assert_eq!(s.plan_focus, None);
        s.apply(&plan, Action::Show("ch3.s1".into())).expect("show");
        let focus = s.plan_focus.clone();
        s.apply(&plan, Action::Search("数据湖".into()))
            .expect("the same query again");
        assert_eq!(s.plan_focus, focus, "repeating the query keeps what was picked since");
    }

    #[test]
    fn panels_and_language_toggle_and_survive_a_serde_round_trip() {
        let plan = plan();
        let mut s = AppState::default();
        s.apply(&plan, Action::TogglePanel(PanelId::Targets)).expect("toggle");
        s.apply(&plan, Action::SetLanguage(Lang::En)).expect("lang");
        s.apply(&plan, Action::Search("数据".into())).expect("search");
        assert!(!s.panel_visible(PanelId::Targets));
        let json = serde_json::to_string(&s).expect("serialises");
        let back: AppState = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back.lang, Lang::En);
        assert!(!back.show_targets && back.show_plan);
        assert!(back.hits.is_empty(), "search is not persisted");
        let restored: AppState = serde_json::from_str::<AppState>(r#"{"shown":"ch42"}"#)
            .expect("partial json")
            .restored(&plan);
        assert_eq!(restored.shown.as_deref(), Some("preface"));
        assert!(restored.show_plan);
    }

    #[test]
    fn the_tile_setting_is_applied_from_the_dialog_and_survives_a_serde_round_trip() {
        use crate::coords::CoordinateSystem;
        use crate::tile_source::{TileSourceKind, TileSourceSetting};
        let plan = plan();
        let mut s = AppState::default();
        assert_eq!(s.tiles.source, TileSourceSetting::None, "no tiles by default");
        s.apply(&plan, Action::ShowTileDialog(true)).expect("opens");
        let mut draft = s.tile_dialog.clone().expect("the dialog is open");
        draft.kind = TileSourceKind::Custom;
        draft.template = "https://tiles.example/{z}/{x}.png".into();
        s.apply(&plan, Action::EditTileDraft(draft.clone())).expect("edits");
        assert!(s.apply(&plan, Action::ApplyTileDraft).is_err(), "no {{y}}");
        assert_eq!(s.tiles.source, TileSourceSetting::None);
        assert!(s.notice.as_deref().is_some_and(|n| n.contains("{y}")));
        draft.template = "https://tiles.example/{z}/{x}/{y}.png".into();
        draft.gcj02 = true;
        s.apply(&plan, Action::EditTileDraft(draft)).expect("edits");
        s.apply(&plan, Action::ApplyTileDraft).expect("valid now");
        assert_eq!(s.tiles.source.coordinate_system(), CoordinateSystem::Gcj02);
        // Applying again, unchanged, asks for a rebuild (a retry); nothing else does.
        assert_eq!(s.apply(&plan, Action::FrameDone).expect("frame"), vec![]);
        assert_eq!(
            s.apply(&plan, Action::ApplyTileDraft).expect("same setting"),
            vec![Effect::RebuildTiles]
        );
        s.apply(&plan, Action::SetTileOpacity(1.7)).expect("opacity");
        assert_eq!(s.tiles.opacity, 1.0);
        s.apply(&plan, Action::SetTileOpacity(0.4)).expect("opacity");

        let json = serde_json::to_string(&s).expect("serialises");
        let back: AppState = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back.tiles, s.tiles);
        assert!(back.tile_dialog.is_none(), "the dialog is not persisted");
        let old: AppState = serde_json::from_str(r#"{"lang":"En"}"#).expect("a state from before tiles");
        assert_eq!(old.tiles.source, TileSourceSetting::None);
    }

    #[test]
    fn actions_return_what_they_ask_of_the_window_and_a_refused_one_asks_nothing() {
        let plan = plan();
        let mut s = AppState::default();
        assert_eq!(
            s.apply(&plan, Action::Show("ch2.s4".into())).expect("known"),
            vec![Effect::FrameFocus]
        );
        assert_eq!(
            s.apply(&plan, Action::GoToFeature("f1".into())).expect("any id"),
            vec![Effect::FrameFeature("f1".into())]
        );
        assert_eq!(s.apply(&plan, Action::Quit).expect("quit"), vec![Effect::Quit]);
        assert_eq!(
            s.apply(&plan, Action::ResetMapView).expect("reset"),
            vec![Effect::ResetMapView]
        );
        assert!(s.apply(&plan, Action::Show("ch42".into())).is_err());
        assert_eq!(
            s.apply(&plan, Action::SetRightTab(RightTab::Layers)).expect("tab"),
            vec![]
        );
        s.official_boundaries = Some("official.geojson".into());
        let back = Action::OfficialBoundariesChanged {
            path: None,
            choices: BoundaryChoices::default(),
            message: String::new(),
        };
        assert_eq!(
            s.apply(&plan, back.clone()).expect("back"),
            vec![Effect::RestoreSchematicBoundaries]
        );
        assert_eq!(s.apply(&plan, back).expect("already schematic"), vec![]);
    }

    #[test]
    fn official_boundary_choices_survive_a_restart_and_old_states_still_load() {
        use crate::crs::Crs;
        use crate::io::import::ReadOptions;
        use crate::io::import::encoding::TextEncoding;
        let options = ReadOptions {
            layers: Some(vec![1]),
            crs: Crs::from_epsg(4550),
            encoding: Some(TextEncoding::Gbk),
            ..ReadOptions::default()
        };
        let mut s = AppState::default();
        s.apply(
            &plan(),
            Action::OfficialBoundariesChanged {
                path: Some("县界.shp".into()),
                choices: BoundaryChoices::of(&options),
                message: String::new(),
            },
        )
        .expect("applies");
        let back: AppState = serde_json::from_str(&serde_json::to_string(&s).expect("json")).expect("state");
        assert_eq!(back.official_boundary_choices.crs.as_deref(), Some("EPSG:4550"));
        assert_eq!(back.official_boundary_choices.read_options(), options);
        for crs in [Crs::Gcj02, Crs::Bd09, Crs::gauss_kruger(121.5, 500_000.0)] {
            let options = ReadOptions {
                crs: Some(crs),
                ..ReadOptions::default()
            };
            assert_eq!(BoundaryChoices::of(&options).read_options(), options);
        }
        let old: AppState =
            serde_json::from_str(r#"{"lang":"Zh","official_boundaries":"a.geojson"}"#).expect("an older state");
        assert_eq!(old.official_boundary_choices, BoundaryChoices::default());
        assert_eq!(old.gpkg_srs, 4326);
        let mut s = AppState::default();
        s.apply(&plan(), Action::SetGpkgSrs(4490)).expect("srs");
        s.apply(&plan(), Action::SetGpkgSrs(3857)).expect("ignored");
        assert_eq!(s.gpkg_srs, 4490);
    }

    #[test]
    fn chapter_of_finds_the_chapter_of_nested_elements() {
        let plan = plan();
        assert_eq!(chapter_of(&plan, "ch2.s4").as_deref(), Some("ch2"));
        assert_eq!(chapter_of(&plan, "preface"), None);
        let b = &plan.boxes[0];
        assert_eq!(chapter_of(&plan, &b.id), Some(b.chapter.clone()));
        assert_eq!(
            chapter_of(&plan, "table1").as_deref(),
            Some(plan.tables[0].chapter.as_str())
        );
    }
}
