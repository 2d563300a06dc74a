//! The one key table. Dispatch, the footer hints, the help popup and the
//! `--help` text all read [`KEYS`], so what a key does and what the screen
//! says it does cannot drift apart.

use super::app::{App, AutoRestart};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// This key, whatever the modifiers (Shift is how `Q`, `+` and `_` come).
    Code(KeyCode),
    /// This character with Ctrl held.
    Ctrl(char),
}

/// What a binding asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Quit,
    CloseHelp,
    ToggleHelp,
    /// Freeze the screen, or unfreeze it.
    Freeze,
    ResetLive,
    ToggleScope,
    FocusNext,
    FocusPrev,
    ZoomIn,
    ZoomOut,
    CycleTheme,
    /// Moves the replay's clock (the replay loop applies it to the player).
    Player(PlayerAction),
}

/// What a replay key does to the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlayerAction {
    TogglePause,
    Slower,
    Faster,
    Back,
    Forward,
    ToStart,
}

/// What a key asks of the runtime, once the view state has taken it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Nothing changed (or the key is not bound here).
    None,
    /// View state changed; draw again.
    Redraw,
    Quit,
    /// Clear the live scope in the engine.
    ResetLive,
    /// Keep the current view on screen (the runtime builds it).
    Freeze,
    /// Move the replay's clock.
    Player(PlayerAction),
}

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// While the help popup is open, ahead of every other binding.
    Help,
    /// On every dashboard.
    Dashboard,
    /// On a live (or demo) dashboard only: a replay cannot change what was recorded.
    Live,
    /// Over a recording only.
    Replay,
}

/// Which dashboard reads the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Screen {
    Live,
    Replay,
}

impl Screen {
    /// The contexts whose bindings work here, the one that wins first.
    fn contexts(self, help_open: bool) -> impl Iterator<Item = Context> {
        let own = match self {
            Screen::Live => Context::Live,
            Screen::Replay => Context::Replay,
        };
        help_open
            .then_some(Context::Help)
            .into_iter()
            .chain([Context::Dashboard, own])
    }
}

/// What the footer shows behind a hint's keys; some follow the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HintWord {
    Fixed(&'static str),
    /// "pause" or "play".
    PlayPause,
    /// "freeze" or "unfreeze".
    Freeze,
    /// Which scope `t` switches to.
    Scope,
    /// Which way the timelines can still zoom.
    Zoom,
    /// The theme now on.
    Theme,
}

/// Which footers a hint is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Only over the help popup.
    HelpOpen,
    /// Over the help popup, the splash, the error screen and the dashboard.
    Always,
    /// On the splash, the error screen and the dashboard.
    HelpClosed,
    /// On the dashboard only.
    Dashboard,
}

/// A key's hint in the footer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hint {
    /// The keys as the footer names them ("[/]").
    pub(crate) keys: &'static str,
    pub(crate) word: HintWord,
    /// Left to right: a narrow footer drops hints from the right, so the
    /// most needed come first.
    pub(crate) rank: u8,
    pub(crate) shown: Shown,
}

/// One line of the help: keys, what each does, and how it is described.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyBinding {
    /// The keys and the action of each; aliases (`Q`, `F1`, `=`, `_`) work
    /// without being named.
    pub(crate) keys: &'static [(Key, Action)],
    /// The keys as the help names them ("q  Esc  Ctrl-C").
    pub(crate) label: &'static str,
    /// The help line; `None` when another line already tells it.
    pub(crate) help: Option<&'static str>,
    pub(crate) context: Context,
    pub(crate) hint: Option<Hint>,
}

const fn hint(keys: &'static str, word: HintWord, rank: u8, shown: Shown) -> Option<Hint> {
    Some(Hint {
        keys,
        word,
        rank,
        shown,
    })
}

const fn ch(c: char) -> Key {
    Key::Code(KeyCode::Char(c))
}

use Action as A;
use HintWord::Fixed;
use PlayerAction as P;

/// Every key, in the order the help lists them.
pub(crate) static KEYS: &[KeyBinding] = &[
    KeyBinding {
        keys: &[
            (ch('?'), A::ToggleHelp),
            (Key::Code(KeyCode::F(1)), A::ToggleHelp),
        ],
        label: "?",
        help: Some("show / hide this help"),
        context: Context::Dashboard,
        hint: hint("?", Fixed("help"), 2, Shown::HelpClosed),
    },
    KeyBinding {
        keys: &[(Key::Code(KeyCode::Esc), A::CloseHelp)],
        label: "Esc",
        help: None,
        context: Context::Help,
        hint: hint("Esc", Fixed("close help"), 0, Shown::HelpOpen),
    },
    KeyBinding {
        keys: &[
            (ch('q'), A::Quit),
            (ch('Q'), A::Quit),
            (Key::Code(KeyCode::Esc), A::Quit),
            (Key::Ctrl('c'), A::Quit),
        ],
        label: "q  Esc  Ctrl-C",
        help: Some("quit (Esc closes this help first)"),
        context: Context::Dashboard,
        hint: hint("q", Fixed("quit"), 1, Shown::Always),
    },
    KeyBinding {
        keys: &[(ch('f'), A::Freeze)],
        label: "f",
        help: Some("freeze the screen; data keeps coming in"),
        context: Context::Dashboard,
        hint: hint("f", HintWord::Freeze, 7, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[(ch(' '), A::Player(P::TogglePause))],
        label: "space",
        help: Some("pause / play the recording"),
        context: Context::Replay,
        hint: hint("space", HintWord::PlayPause, 3, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[
            (ch('['), A::Player(P::Slower)),
            (ch(']'), A::Player(P::Faster)),
        ],
        label: "[  ]",
        help: Some("halve / double the speed"),
        context: Context::Replay,
        hint: hint("[/]", Fixed("speed"), 4, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[
            (Key::Code(KeyCode::Left), A::Player(P::Back)),
            (Key::Code(KeyCode::Right), A::Player(P::Forward)),
        ],
        label: "←  →",
        help: Some("seek 5 s back / forward"),
        context: Context::Replay,
        hint: hint("←/→", Fixed("seek 5 s"), 5, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[(Key::Code(KeyCode::Home), A::Player(P::ToStart))],
        label: "Home",
        help: Some("back to the start"),
        context: Context::Replay,
        hint: hint("Home", Fixed("start"), 6, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[(ch('r'), A::ResetLive)],
        label: "r",
        help: Some("reset the live counts, timelines and feed"),
        context: Context::Live,
        hint: hint("r", Fixed("reset live"), 8, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[(ch('t'), A::ToggleScope)],
        label: "t",
        help: Some("switch the big numbers between live and totals"),
        context: Context::Dashboard,
        hint: hint("t", HintWord::Scope, 9, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[
            (Key::Code(KeyCode::Tab), A::FocusNext),
            (Key::Code(KeyCode::BackTab), A::FocusPrev),
        ],
        label: "Tab  Shift-Tab",
        help: Some("move focus between panels"),
        context: Context::Dashboard,
        hint: hint("Tab", Fixed("focus"), 10, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[
            (ch('+'), A::ZoomIn),
            (ch('='), A::ZoomIn),
            (ch('-'), A::ZoomOut),
            (ch('_'), A::ZoomOut),
        ],
        label: "+  -",
        help: Some("zoom the timelines in / out"),
        context: Context::Dashboard,
        hint: hint("+/-", HintWord::Zoom, 11, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[(ch('c'), A::CycleTheme)],
        label: "c",
        help: Some("cycle themes: dark, light, high contrast"),
        context: Context::Dashboard,
        hint: hint("c", HintWord::Theme, 12, Shown::Dashboard),
    },
];

/// Whether a binding works on `screen` (help open or not).
fn active(b: &KeyBinding, screen: Screen, help_open: bool) -> bool {
    screen.contexts(help_open).any(|c| c == b.context)
}

/// The action `key` is bound to on `screen`, if any. The earlier context
/// wins (Esc closes the help before it quits); within one, Ctrl-C beats the
/// plain `c` it shares its code with.
pub(crate) fn lookup(key: &KeyEvent, screen: Screen, help_open: bool) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let matches = |k: &Key, strict: bool| match *k {
        Key::Ctrl(c) => strict && ctrl && key.code == KeyCode::Char(c),
        Key::Code(code) => !strict && key.code == code,
    };
    screen.contexts(help_open).find_map(|context| {
        let bound = KEYS.iter().filter(|b| b.context == context);
        [true, false].into_iter().find_map(|strict| {
            bound
                .clone()
                .flat_map(|b| b.keys)
                .find(|(k, _)| matches(k, strict))
                .map(|(_, action)| *action)
        })
    })
}

/// Applies a key to the view state. Pure: the runtime carries out what the
/// returned effect asks of the engine (or the player).
pub(crate) fn handle(app: &mut App, key: KeyEvent, screen: Screen) -> Effect {
    if key.kind == KeyEventKind::Release {
        return Effect::None;
    }
    // Any key keeps the end-of-journey summary on screen.
    let stopped = matches!(app.restart, AutoRestart::Pending { .. });
    if stopped {
        app.restart = AutoRestart::Stopped;
    }
    let effect = match lookup(&key, screen, app.help) {
        Some(action) => apply(app, action),
        None => Effect::None,
    };
    if stopped && effect == Effect::None {
        Effect::Redraw
    } else {
        effect
    }
}

fn apply(app: &mut App, action: Action) -> Effect {
    match action {
        Action::Quit => return Effect::Quit,
        Action::ResetLive => return Effect::ResetLive,
        Action::Player(p) => return Effect::Player(p),
        Action::Freeze if app.frozen.take().is_none() => return Effect::Freeze,
        Action::Freeze => {}
        Action::CloseHelp => app.help = false,
        Action::ToggleHelp => app.help = !app.help,
        Action::ToggleScope => app.toggle_scope(),
        Action::FocusNext => app.step_focus(true),
        Action::FocusPrev => app.step_focus(false),
        Action::ZoomIn => app.zoom_in(),
        Action::ZoomOut => app.zoom_out(),
        Action::CycleTheme => app.cycle_theme(),
    }
    Effect::Redraw
}

/// The help lines for `screen`, in order.
pub(crate) fn help_lines(screen: Screen) -> impl Iterator<Item = (&'static str, &'static str)> {
    KEYS.iter()
        .filter(move |b| active(b, screen, false))
        .filter_map(|b| Some((b.label, b.help?)))
}

/// Width of the key column in the help.
pub(crate) const LABEL_WIDTH: usize = 16;

/// The keys of `screen` as plain text, for `--help`.
pub(crate) fn keys_help(screen: Screen) -> String {
    let mut text = String::from("Keys on the dashboard:");
    for (label, help) in help_lines(screen) {
        text.push_str(&format!("\n  {label:<LABEL_WIDTH$}{help}"));
    }
    text
}

/// Which footer is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FooterState {
    HelpOpen,
    /// The splash or the error screen.
    Notice,
    Dashboard,
}

/// The hints of the footer in `state`, left to right.
pub(crate) fn footer_hints(state: FooterState, screen: Screen) -> Vec<Hint> {
    let mut hints: Vec<Hint> = KEYS
        .iter()
        .filter(|b| active(b, screen, state == FooterState::HelpOpen))
        .filter_map(|b| b.hint)
        .filter(|h| match (h.shown, state) {
            (Shown::Always, _) => true,
            (Shown::HelpOpen, s) => s == FooterState::HelpOpen,
            (Shown::HelpClosed, s) => s != FooterState::HelpOpen,
            (Shown::Dashboard, s) => s == FooterState::Dashboard,
        })
        .collect();
    hints.sort_by_key(|h| h.rank);
    hints
}

#[cfg(test)]
mod tests;
