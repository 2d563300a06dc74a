//! The terminal dashboard. Render is pure: it draws a [`View`] (built from
//! the engine) with the [`App`]'s view state; only [`runtime`] and
//! [`terminal`] touch the terminal.

pub mod bignum;
pub mod feed;
pub mod footer;
pub mod format;
pub mod header;
pub mod likes;
pub mod participants;
pub mod prompt;
pub mod render;
pub mod replay;
pub mod runtime;
pub mod screens;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod view;
pub mod widgets;

pub use render::render;
pub use runtime::{Outcome, run};
pub use theme::{ColorMode, ThemeName};
pub use view::View;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
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
    pub fn label(self) -> &'static str {
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
pub enum AutoRestart {
    /// Not counting down (not a demo, or the journey still runs).
    Idle,
    /// Restarting in this many seconds unless a key is pressed.
    Pending { secs: u64 },
    /// A key was pressed: stay on the summary.
    Stopped,
}

/// Timeline windows, widest first: the whole journey, then the last N s.
pub const ZOOMS: [Option<u64>; 5] = [None, Some(120), Some(60), Some(30), Some(10)];

/// What a key asks of the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Nothing changed.
    None,
    /// View state changed; draw again.
    Redraw,
    Quit,
    /// Clear the live scope in the engine.
    ResetLive,
    /// Keep the current view on screen (the runtime builds it).
    Freeze,
}

/// View state: everything on screen that is not data.
#[derive(Debug, Clone)]
pub struct App {
    pub focus: Focus,
    pub help: bool,
    /// The view kept on screen while frozen; data keeps flowing meanwhile.
    pub frozen: Option<Box<View>>,
    pub scope: Scope,
    /// Index into [`ZOOMS`].
    pub zoom: usize,
    pub theme: ThemeName,
    pub color: ColorMode,
    pub restart: AutoRestart,
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

    pub fn is_frozen(&self) -> bool {
        self.frozen.is_some()
    }

    /// The timeline window in seconds, `None` for the whole journey.
    pub fn window(&self) -> Option<u64> {
        ZOOMS.get(self.zoom).copied().flatten()
    }

    /// Applies a key to the view state. Pure: the runtime carries out
    /// what the returned action asks of the engine.
    pub fn handle_key(&mut self, key: KeyEvent) -> Action {
        if key.kind == KeyEventKind::Release {
            return Action::None;
        }
        // Any key keeps the end-of-journey summary on screen.
        let stopped = matches!(self.restart, AutoRestart::Pending { .. });
        if stopped {
            self.restart = AutoRestart::Stopped;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let action = match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            KeyCode::Char('q') | KeyCode::Char('Q') => Action::Quit,
            KeyCode::Esc if self.help => {
                self.help = false;
                Action::Redraw
            }
            KeyCode::Esc => Action::Quit,
            KeyCode::Char('?') | KeyCode::F(1) => {
                self.help = !self.help;
                Action::Redraw
            }
            KeyCode::Char('f') => {
                if self.frozen.take().is_some() {
                    Action::Redraw
                } else {
                    Action::Freeze
                }
            }
            KeyCode::Char('r') => Action::ResetLive,
            KeyCode::Char('t') => {
                self.scope = match self.scope {
                    Scope::Live => Scope::Totals,
                    Scope::Totals => Scope::Live,
                };
                Action::Redraw
            }
            KeyCode::Tab => {
                self.focus = self.focus.step(true);
                Action::Redraw
            }
            KeyCode::BackTab => {
                self.focus = self.focus.step(false);
                Action::Redraw
            }
            KeyCode::Char('+') | KeyCode::Char('=') => {
                self.zoom = (self.zoom + 1).min(ZOOMS.len() - 1);
                Action::Redraw
            }
            KeyCode::Char('-') | KeyCode::Char('_') => {
                self.zoom = self.zoom.saturating_sub(1);
                Action::Redraw
            }
            KeyCode::Char('c') => {
                self.theme = self.theme.next();
                Action::Redraw
            }
            _ => Action::None,
        };
        if stopped && action == Action::None {
            Action::Redraw
        } else {
            action
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyEventState, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn app() -> App {
        App::new(ThemeName::Dark, ColorMode::None)
    }

    #[test]
    fn quit_keys() {
        let mut a = app();
        assert_eq!(a.handle_key(key(KeyCode::Char('q'))), Action::Quit);
        assert_eq!(a.handle_key(key(KeyCode::Esc)), Action::Quit);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(a.handle_key(ctrl_c), Action::Quit);
        // Plain `c` cycles the theme instead.
        assert_eq!(a.handle_key(key(KeyCode::Char('c'))), Action::Redraw);
        assert_eq!(a.theme, ThemeName::Light);
    }

    #[test]
    fn esc_closes_help_first() {
        let mut a = app();
        assert_eq!(a.handle_key(key(KeyCode::Char('?'))), Action::Redraw);
        assert!(a.help);
        assert_eq!(a.handle_key(key(KeyCode::Esc)), Action::Redraw);
        assert!(!a.help);
        assert_eq!(a.handle_key(key(KeyCode::Esc)), Action::Quit);
    }

    #[test]
    fn freeze_toggles_through_the_runtime() {
        let mut a = app();
        assert_eq!(a.handle_key(key(KeyCode::Char('f'))), Action::Freeze);
        assert!(!a.is_frozen(), "the runtime stores the view");
        assert_eq!(a.handle_key(key(KeyCode::Char('r'))), Action::ResetLive);
    }

    #[test]
    fn scope_focus_zoom_and_themes() {
        let mut a = app();
        a.handle_key(key(KeyCode::Char('t')));
        assert_eq!(a.scope, Scope::Totals);
        a.handle_key(key(KeyCode::Char('t')));
        assert_eq!(a.scope, Scope::Live);
        assert_eq!(a.focus, Focus::Prompt);
        a.handle_key(key(KeyCode::Tab));
        assert_eq!(a.focus, Focus::Feed);
        a.handle_key(key(KeyCode::Tab));
        assert_eq!(a.focus, Focus::Participants);
        a.handle_key(key(KeyCode::BackTab));
        assert_eq!(a.focus, Focus::Feed);
        assert_eq!(a.window(), None);
        a.handle_key(key(KeyCode::Char('-')));
        assert_eq!(a.zoom, 0);
        for _ in 0..10 {
            a.handle_key(key(KeyCode::Char('+')));
        }
        assert_eq!(a.window(), Some(10));
        a.handle_key(key(KeyCode::Char('-')));
        assert_eq!(a.window(), Some(30));
        for expected in [ThemeName::Light, ThemeName::HighContrast, ThemeName::Dark] {
            a.handle_key(key(KeyCode::Char('c')));
            assert_eq!(a.theme, expected);
        }
    }

    #[test]
    fn any_key_stops_the_demo_restart_and_releases_are_ignored() {
        let mut a = app();
        a.restart = AutoRestart::Pending { secs: 3 };
        let mut release = key(KeyCode::Char('x'));
        release.kind = KeyEventKind::Release;
        release.state = KeyEventState::NONE;
        assert_eq!(a.handle_key(release), Action::None);
        assert_eq!(a.restart, AutoRestart::Pending { secs: 3 });
        assert_eq!(a.handle_key(key(KeyCode::Char('x'))), Action::Redraw);
        assert_eq!(a.restart, AutoRestart::Stopped);
        assert_eq!(a.handle_key(key(KeyCode::Char('x'))), Action::None);
    }
}
