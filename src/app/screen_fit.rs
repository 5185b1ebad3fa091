//! Fitting the window to the screen: pure arithmetic, in points, from the monitor's size to
//! the window's size (or maximised) and the side panels' starting widths, so that the
//! status bar is on screen and the map keeps at least half the window's width.

use egui::{Vec2, ViewportCommand, vec2};

/// The window the atlas asks for when the screen has room for it, in points.
pub const PREFERRED_WINDOW_PT: Vec2 = vec2(1600.0, 1000.0);

/// A monitor narrower or lower than this (in points) is small: the window opens maximised.
pub const SMALL_MONITOR_PT: Vec2 = vec2(1500.0, 900.0);

/// On a monitor that is not small, the window takes at most this share of each side
/// (the rest is for the title bar, a task bar and some desktop).
pub const MONITOR_SHARE: f32 = 0.9;

/// Below this window width (points) the side panels start narrower: together at most half
/// the window, so the map keeps the other half.
pub const NARROW_WINDOW_PT: f32 = 1500.0;

/// The plan panel's widths the user can drag to, in points (its smallest fits a narrow
/// window's share).
pub const PLAN_PANEL_RANGE_PT: (f32, f32) = (220.0, 900.0);

/// The right panel's widths the user can drag to, in points.
pub const TARGETS_PANEL_RANGE_PT: (f32, f32) = (200.0, 800.0);

/// The panels' widths on a wide window, in points.
const WIDE_PLAN_PT: f32 = 500.0;
const WIDE_TARGETS_PT: f32 = 430.0;

/// The panels' shares of a narrow window's width (together one half at most).
const NARROW_PLAN_SHARE: f32 = 0.23;
const NARROW_TARGETS_SHARE: f32 = 0.21;

/// How the window fits a monitor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WindowFit {
    /// Maximised: the monitor is small.
    Maximised,
    /// A window of this inner size (points), centred on the monitor.
    Sized {
        inner_pt: Vec2,
        /// The window's outer top-left corner on the monitor, points.
        position_pt: Vec2,
    },
}

impl WindowFit {
    /// The fit for a monitor of `monitor_pt` points: maximised when either side is below
    /// [`SMALL_MONITOR_PT`]; otherwise [`PREFERRED_WINDOW_PT`] shrunk to at most
    /// [`MONITOR_SHARE`] of each side, centred.
    pub fn for_monitor(monitor_pt: Vec2) -> WindowFit {
        if monitor_pt.x < SMALL_MONITOR_PT.x || monitor_pt.y < SMALL_MONITOR_PT.y {
            return WindowFit::Maximised;
        }
        let inner_pt = PREFERRED_WINDOW_PT.min(monitor_pt * MONITOR_SHARE).round();
        let position_pt = ((monitor_pt - inner_pt) * 0.5).max(Vec2::ZERO).round();
        WindowFit::Sized { inner_pt, position_pt }
    }

    /// The window's inner width (points) once it fits a monitor of `monitor_pt` points
    /// (the monitor's width when maximised).
    pub fn window_width_pt(self, monitor_pt: Vec2) -> f32 {
        match self {
            WindowFit::Maximised => monitor_pt.x,
            WindowFit::Sized { inner_pt, .. } => inner_pt.x,
        }
    }

    /// The viewport commands that bring a window from its present state (inner size in
    /// points, if known; whether it is maximised) to this fit. None when it already fits:
    /// a window the user sized smaller than the fit (in an earlier session) keeps its size.
    pub fn commands(self, inner_now_pt: Option<Vec2>, maximised_now: bool) -> Vec<ViewportCommand> {
        match self {
            WindowFit::Maximised if maximised_now => Vec::new(),
            WindowFit::Maximised => vec![ViewportCommand::Maximized(true)],
            WindowFit::Sized { inner_pt, position_pt } => {
                // Half a point of slack: sizes round-trip through physical pixels.
                let fits = inner_now_pt.is_some_and(|now| now.x <= inner_pt.x + 0.5 && now.y <= inner_pt.y + 0.5);
                if fits {
                    Vec::new()
                } else {
                    vec![
                        ViewportCommand::InnerSize(inner_pt),
                        ViewportCommand::OuterPosition(position_pt.to_pos2()),
                    ]
                }
            }
        }
    }
}

/// The side panels' starting widths (outer, points).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SidePanelWidths {
    pub plan_pt: f32,
    pub targets_pt: f32,
}

impl SidePanelWidths {
    /// The widths for a window `window_width_pt` points wide: 500 and 430 from
    /// [`NARROW_WINDOW_PT`] up; below it 23 % and 21 % of the window (never below the
    /// panels' smallest widths), so that the two together leave the map at least half of
    /// any window from 900 points up.
    pub fn for_window(window_width_pt: f32) -> SidePanelWidths {
        if window_width_pt >= NARROW_WINDOW_PT {
            return SidePanelWidths {
                plan_pt: WIDE_PLAN_PT,
                targets_pt: WIDE_TARGETS_PT,
            };
        }
        let share = |s: f32, (min, max): (f32, f32)| (window_width_pt * s).floor().clamp(min, max);
        SidePanelWidths {
            plan_pt: share(NARROW_PLAN_SHARE, PLAN_PANEL_RANGE_PT).min(WIDE_PLAN_PT),
            targets_pt: share(NARROW_TARGETS_SHARE, TARGETS_PANEL_RANGE_PT).min(WIDE_TARGETS_PT),
        }
    }
}

/// Where fitting the window stands: it waits for the monitor's size (known once the
/// window exists) for a few frames, then sends its commands once.
#[derive(Clone, Debug, Default)]
pub(super) struct ScreenFitState {
    /// Frames seen so far (saturating).
    frames: u8,
    /// The window fit has been decided (sent, not needed, or given up).
    window_done: bool,
    /// Widths the side panels take on the next frame they are drawn (then the user's).
    pub(super) panels: Option<SidePanelWidths>,
}

/// Frames to wait for the monitor's size before leaving the window as it is.
const MONITOR_WAIT_FRAMES: u8 = 10;

impl ScreenFitState {
    /// Once a frame, before drawing: on the first frame the panels take the widths for the
    /// present window; when the monitor's size is known (once), the window is fitted to it
    /// and the panels take the widths for the fitted window. Never more than once.
    pub(super) fn frame(&mut self, ctx: &egui::Context) {
        if self.frames == 0 {
            self.panels = Some(SidePanelWidths::for_window(ctx.content_rect().width()));
        }
        self.frames = self.frames.saturating_add(1);
        if self.window_done {
            return;
        }
        let (monitor_pt, inner_now_pt, maximised_now) = ctx.input(|i| {
            let v = i.viewport();
            (
                v.monitor_size.filter(|m| m.x > 0.0 && m.y > 0.0),
                v.inner_rect.map(|r| r.size()),
                v.maximized.unwrap_or(false),
            )
        });
        if let Some(monitor_pt) = monitor_pt {
            let fit = WindowFit::for_monitor(monitor_pt);
            for command in fit.commands(inner_now_pt, maximised_now) {
                ctx.send_viewport_cmd(command);
            }
            let width_pt = fit.window_width_pt(monitor_pt);
            self.panels = Some(SidePanelWidths::for_window(width_pt));
            self.window_done = true;
        } else if self.frames >= MONITOR_WAIT_FRAMES {
            self.window_done = true;
        } else {
            ctx.request_repaint();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The map's width (points) between the two panels in a window `width_pt` wide.
    fn map_width_pt(width_pt: f32) -> f32 {
        let w = SidePanelWidths::for_window(width_pt);
        width_pt - w.plan_pt - w.targets_pt
    }

    #[test]
    fn a_1366_by_768_laptop_opens_maximised_with_the_map_on_more_than_half() {
        let monitor = vec2(1366.0, 768.0);
        let fit = WindowFit::for_monitor(monitor);
        assert_eq!(fit, WindowFit::Maximised);
        assert_eq!(
            fit.commands(Some(vec2(1366.0, 740.0)), false),
            vec![ViewportCommand::Maximized(true)]
        );
        assert!(fit.commands(None, true).is_empty(), "already maximised: nothing to do");
        let width = fit.window_width_pt(monitor);
        assert!(
            map_width_pt(width) >= width / 2.0,
            "map {} of {width}",
            map_width_pt(width)
        );
    }

    #[test]
    fn a_1600_by_1000_screen_gets_a_window_of_90_percent_with_narrower_panels() {
        let monitor = vec2(1600.0, 1000.0);
        let fit = WindowFit::for_monitor(monitor);
        assert_eq!(
            fit,
            WindowFit::Sized {
                inner_pt: vec2(1440.0, 900.0),
                position_pt: vec2(80.0, 50.0),
            }
        );
        // Today's request (1600×1000) does not fit: resized and centred.
        assert_eq!(
            fit.commands(Some(vec2(1600.0, 1000.0)), false),
            vec![
                ViewportCommand::InnerSize(vec2(1440.0, 900.0)),
                ViewportCommand::OuterPosition(egui::pos2(80.0, 50.0)),
            ]
        );
        let width = fit.window_width_pt(monitor);
        let panels = SidePanelWidths::for_window(width);
        assert!(panels.plan_pt < 500.0 && panels.targets_pt < 430.0, "{panels:?}");
        assert!(map_width_pt(width) >= width / 2.0);
    }

    #[test]
    fn a_1920_by_1080_screen_gets_the_preferred_width_within_90_percent_of_its_height() {
        let monitor = vec2(1920.0, 1080.0);
        let fit = WindowFit::for_monitor(monitor);
        assert_eq!(
            fit,
            WindowFit::Sized {
                inner_pt: vec2(1600.0, 972.0),
                position_pt: vec2(160.0, 54.0),
            }
        );
        assert_eq!(
            SidePanelWidths::for_window(fit.window_width_pt(monitor)),
            SidePanelWidths {
                plan_pt: 500.0,
                targets_pt: 430.0
            }
        );
    }

    #[test]
    fn a_2560_by_1440_screen_keeps_a_window_that_already_fits() {
        let monitor = vec2(2560.0, 1440.0);
        let fit = WindowFit::for_monitor(monitor);
        assert_eq!(
            fit,
            WindowFit::Sized {
                inner_pt: PREFERRED_WINDOW_PT,
                position_pt: vec2(480.0, 220.0),
            }
        );
        assert!(fit.commands(Some(PREFERRED_WINDOW_PT), false).is_empty());
        assert!(
            fit.commands(Some(vec2(1200.0, 800.0)), false).is_empty(),
            "the user's smaller window stays"
        );
        assert_eq!(fit.commands(None, false).len(), 2, "an unknown size is set");
    }

    #[test]
    fn every_narrow_window_from_the_smallest_up_leaves_the_map_at_least_half_its_width() {
        for width in (900..1500).step_by(10) {
            let width = width as f32;
            let panels = SidePanelWidths::for_window(width);
            assert!(map_width_pt(width) >= width / 2.0, "{width}: {panels:?}");
            assert!(panels.plan_pt >= PLAN_PANEL_RANGE_PT.0 && panels.plan_pt <= PLAN_PANEL_RANGE_PT.1);
            assert!(panels.targets_pt >= TARGETS_PANEL_RANGE_PT.0 && panels.targets_pt <= TARGETS_PANEL_RANGE_PT.1);
        }
        // From 1500 up the panels keep their wide widths.
        assert_eq!(SidePanelWidths::for_window(1500.0).plan_pt, 500.0);
    }
}
