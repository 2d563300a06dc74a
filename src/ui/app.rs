//! View state: everything on screen that is not data — focus, help, the
//! frozen view, the scope, the timeline zoom, the theme. Keys change it
//! through [`super::keys`]; render only reads it.

pub use super::meta::{Meta, Mode, StatsPlan};
use super::theme::{ColorMode, ThemeName};
use super::view::View;

/// The panels that take focus, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Participants,
    Likes,
    Prompt,
    Feed,
}

impl Focus {
    const ORDER: [Focus; 4] = [
        Focus::Participants,
        Focus::Likes,
        Focus::Prompt,
        Focus::Feed,
    ];

    fn step(self, forward: bool) -> Focus {
        let i = Focus::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Focus::ORDER.len();
        Focus::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// Which scope drives the headline numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Heard live: what this dashboard counted from its socket since it
    /// connected (or since `r`).
    Live,
    /// All sessions: the stats endpoint's numbers (authoritative), refined
    /// by what was heard live since its last bin. The default.
    Totals,
}

/// The demo's restart after the journey ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AutoRestart {
    /// Not counting down (not a demo, or the journey still runs).
    Idle,
    /// Restarting in this many seconds unless a key is pressed.
    Pending { secs: u64 },
    /// A key was pressed: stay on the summary.
    Stopped,
}

/// Timeline windows, widest first: the whole journey, then the last N s.
pub(crate) const ZOOMS: [Option<u64>; 5] = [None, Some(120), Some(60), Some(30), Some(10)];

/// View state: everything on screen that is not data.
#[derive(Debug, Clone, PartialEq)]
pub struct App {
    pub focus: Focus,
    pub help: bool,
    /// The view kept on screen while frozen; data keeps flowing meanwhile.
    pub frozen: Option<Box<View>>,
    pub scope: Scope,
    /// Index into [`ZOOMS`].
    pub(crate) zoom: usize,
    pub(crate) theme: ThemeName,
    pub(crate) color: ColorMode,
    pub(crate) restart: AutoRestart,
    /// The focused panel fills the screen.
    pub expanded: bool,
    /// Feed lines scrolled past (0: the newest at the top).
    pub feed_scroll: usize,
    /// The summary as the user set it with `s` / Esc; `None`: shown when
    /// the journey ends.
    pub summary: Option<bool>,
    /// The journey on screen has ended (the runtimes keep it current, so
    /// `s` and Esc act on what is shown).
    pub ended: bool,
    /// Opened from the overview: Esc goes back instead of quitting.
    pub(crate) drilled: bool,
}

/// The feed keeps fewer lines than this; scrolling further is clamped.
pub(crate) const FEED_SCROLL_MAX: usize = 64;

impl App {
    pub fn new(theme: ThemeName, color: ColorMode) -> App {
        App {
            focus: Focus::Prompt,
            help: false,
            frozen: None,
            scope: Scope::Totals,
            zoom: 0,
            theme,
            color,
            restart: AutoRestart::Idle,
            expanded: false,
            feed_scroll: 0,
            summary: None,
            ended: false,
            drilled: false,
        }
    }

    /// Which key table this dashboard reads.
    /// `own` is the screen the dashboard's mode reads; one opened from
    /// the overview reads the drilled table ahead of it (Esc goes back).
    pub(crate) fn screen(&self, own: super::keys::Screen) -> super::keys::Screen {
        use super::keys::Screen;
        match own {
            Screen::Live | Screen::Demo if self.drilled => Screen::Drilled,
            Screen::Replay if self.drilled => Screen::ReplayDrilled,
            other => other,
        }
    }

    /// A new journey starts (the demo's next cycle): the summary and the
    /// feed's scroll start over; focus, zoom, scope and theme stay.
    pub(crate) fn next_journey(&mut self) {
        self.restart = AutoRestart::Idle;
        self.summary = None;
        self.feed_scroll = 0;
        self.ended = false;
    }

    /// Whether the summary shows, given whether the journey has ended.
    pub(crate) fn summary_shown(&self, ended: bool) -> bool {
        self.summary.unwrap_or(ended)
    }

    /// Whether the expanded view is on.
    pub(crate) fn expanded_focus(&self) -> Option<Focus> {
        self.expanded.then_some(self.focus)
    }

    /// `s`: the summary on or off (it can be brought back).
    pub(crate) fn toggle_summary(&mut self) {
        // Without a choice yet, the summary shows exactly when it is on
        // screen; the toggle works from what the user sees.
        let shown = self.summary.unwrap_or(self.ended);
        self.summary = Some(!shown);
    }

    /// Esc: the innermost overlay closes; it never quits.
    pub(crate) fn close_overlay(&mut self) {
        if self.summary == Some(true) || (self.summary.is_none() && self.ended) {
            self.summary = Some(false);
        } else if self.expanded {
            self.expanded = false;
        }
    }

    /// Scrolls the feed (positive: toward older lines). The panel shows
    /// at most the lines there are, so scrolling stops at the oldest.
    pub(crate) fn scroll_feed(&mut self, by: i32) {
        let by_abs = by.unsigned_abs() as usize;
        self.feed_scroll = if by < 0 {
            self.feed_scroll.saturating_sub(by_abs)
        } else {
            self.feed_scroll.saturating_add(by_abs).min(FEED_SCROLL_MAX)
        };
    }

    pub(crate) fn is_frozen(&self) -> bool {
        self.frozen.is_some()
    }

    /// The timeline window in seconds, `None` for the whole journey.
    pub(crate) fn window(&self) -> Option<u64> {
        ZOOMS.get(self.zoom).copied().flatten()
    }

    /// The timeline window in words.
    pub(crate) fn window_label(&self) -> String {
        match self.window() {
            None => "whole journey".to_string(),
            Some(s) => format!("last {s} s"),
        }
    }

    pub(crate) fn toggle_scope(&mut self) {
        self.scope = match self.scope {
            Scope::Live => Scope::Totals,
            Scope::Totals => Scope::Live,
        };
    }

    pub(crate) fn step_focus(&mut self, forward: bool) {
        self.focus = self.focus.step(forward);
    }

    /// A narrower timeline window, down to the last 10 s.
    pub(crate) fn zoom_in(&mut self) {
        self.zoom = (self.zoom + 1).min(ZOOMS.len() - 1);
    }

    /// A wider timeline window, up to the whole journey.
    pub(crate) fn zoom_out(&mut self) {
        self.zoom = self.zoom.saturating_sub(1);
    }

    pub(crate) fn cycle_theme(&mut self) {
        self.theme = self.theme.next();
    }
}
