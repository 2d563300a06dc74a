//! View state: everything on screen that is not data — focus, help, the
//! frozen view, the scope, the timeline zoom, the theme. Keys change it
//! through [`super::keys`]; render only reads it.

use super::theme::{ColorMode, ThemeName};
use super::view::View;
use journeytop_protocol::Variant;

/// How the dashboard is fed; changes what the footer and summary say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A live journey on a real server (or the simulator).
    Watch,
    /// The embedded simulator; restarts itself after the journey ends.
    Demo,
    /// A recording.
    Replay,
}

impl Mode {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Mode::Watch => "watch",
            Mode::Demo => "demo",
            Mode::Replay => "replay",
        }
    }
}

/// What the dashboard follows, fixed for a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub variant: Variant,
    /// The journey / interactive-prompt uid.
    pub uid: String,
    pub mode: Mode,
    /// Where the data comes from, in words ("wss://…", "simulator", a file).
    pub source: String,
}

/// The panels that take focus, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Focus {
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

/// Which scope drives the big numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// What this dashboard counted from the live socket.
    Live,
    /// The stats endpoint's totals (all sessions ever).
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
#[derive(Debug, Clone)]
pub struct App {
    pub(crate) focus: Focus,
    pub help: bool,
    /// The view kept on screen while frozen; data keeps flowing meanwhile.
    pub frozen: Option<Box<View>>,
    pub scope: Scope,
    /// Index into [`ZOOMS`].
    pub(crate) zoom: usize,
    pub(crate) theme: ThemeName,
    pub(crate) color: ColorMode,
    pub(crate) restart: AutoRestart,
}

impl App {
    pub fn new(theme: ThemeName, color: ColorMode) -> App {
        App {
            focus: Focus::Prompt,
            help: false,
            frozen: None,
            scope: Scope::Live,
            zoom: 0,
            theme,
            color,
            restart: AutoRestart::Idle,
        }
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
