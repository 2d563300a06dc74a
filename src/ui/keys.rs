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
    /// Close the expanded panel or the summary; never quits.
    CloseOverlay,
    /// Expand the focused panel to the whole screen, or back.
    ToggleExpand,
    /// Scroll the feed by this many lines (negative: toward the newest).
    Scroll(i32),
    /// Show or hide the end-of-journey summary.
    ToggleSummary,
    /// Start the next demo journey now.
    NextJourney,
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
    /// Several journeys: the overview's table (see [`overview`]).
    Overview(OverviewAction),
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
    /// Start the next demo journey.
    Next,
    /// Act on the overview (the overview loop applies it).
    Overview(OverviewAction),
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
    /// On the demo only.
    Demo,
    /// The overview's table of journeys.
    Overview,
    /// A dashboard opened from the overview, ahead of the dashboard's own.
    Drilled,
}

/// Which dashboard reads the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Screen {
    Live,
    Demo,
    Replay,
    /// The table of several journeys.
    Overview,
    /// A live dashboard opened from the overview.
    Drilled,
    /// The table of several recordings on one clock.
    ReplayOverview,
    /// A recording's dashboard opened from that table.
    ReplayDrilled,
}

impl Screen {
    /// The contexts whose bindings work here, the one that wins first.
    fn contexts(self, help_open: bool) -> impl Iterator<Item = Context> {
        let own: &[Context] = match self {
            Screen::Live => &[Context::Dashboard, Context::Live],
            Screen::Demo => &[Context::Dashboard, Context::Live, Context::Demo],
            Screen::Replay => &[Context::Dashboard, Context::Replay],
            Screen::Overview => &[Context::Overview],
            Screen::Drilled => &[Context::Drilled, Context::Dashboard, Context::Live],
            Screen::ReplayOverview => &[Context::Overview, Context::Replay],
            Screen::ReplayDrilled => &[Context::Drilled, Context::Dashboard, Context::Replay],
        };
        help_open
            .then_some(Context::Help)
            .into_iter()
            .chain(own.iter().copied())
    }

    /// The screen a dashboard of `mode` reads keys on.
    /// Which key set a dashboard's view reads: a recording's, the demo's
    /// or a live one's.
    pub(crate) fn of_view(view: &super::view::View) -> Screen {
        if view.playback.is_some() {
            Screen::Replay
        } else {
            Screen::of(view.mode)
        }
    }

    pub(crate) fn of(mode: super::app::Mode) -> Screen {
        match mode {
            super::app::Mode::Watch => Screen::Live,
            super::app::Mode::Demo => Screen::Demo,
            super::app::Mode::Replay => Screen::Replay,
        }
    }
}

/// What the footer shows behind a hint's keys; some follow the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HintWord {
    Fixed(&'static str),
    /// "pause" or "play".
    PlayPause,
    /// The replay's speed ("speed 2×").
    Speed,
    /// "expand" or "back".
    Expand,
    /// "summary" or "hide summary".
    Summary,
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
    /// On the dashboard once the journey has ended.
    Ended,
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

mod table;
pub(crate) use table::KEYS;

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
        let bound = all_keys().filter(move |b| b.context == context);
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
        Action::NextJourney => return Effect::Next,
        Action::CloseOverlay => app.close_overlay(),
        Action::ToggleExpand => app.expanded = !app.expanded,
        Action::Scroll(by) => app.scroll_feed(by),
        Action::ToggleSummary => app.toggle_summary(),
        Action::Overview(o) => return Effect::Overview(o),
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
    help_lines_with(screen, true)
}

/// The help lines for `screen`; without colour (`NO_COLOR`, `--no-color`)
/// there is no theme to cycle, so its key is left out, as in the footer.
pub(crate) fn help_lines_with(
    screen: Screen,
    color: bool,
) -> impl Iterator<Item = (&'static str, &'static str)> {
    all_keys()
        .filter(move |b| active(b, screen, false))
        .filter(move |b| color || !b.keys.iter().any(|(_, a)| *a == Action::CycleTheme))
        .filter_map(|b| Some((b.label, b.help?)))
}

/// Width of the key column in the help.
pub(crate) const LABEL_WIDTH: usize = 16;

/// A key label as the help's key column shows it: padded to the column,
/// or, when it is as wide as the column, followed by two spaces so that it
/// never runs into its description. Widths are terminal cells (`↓` is one).
pub(crate) fn label_cell(label: &str) -> String {
    let cells = crate::ui::text::width(label);
    let pad = if cells + 2 > LABEL_WIDTH {
        2
    } else {
        LABEL_WIDTH - cells
    };
    format!("{label}{:pad$}", "")
}

/// The keys of `screen` as plain text, for `--help`.
pub(crate) fn keys_help(screen: Screen) -> String {
    let mut text = String::from("Keys on the dashboard:");
    for (label, help) in help_lines(screen) {
        text.push_str(&format!("\n  {}{help}", label_cell(label)));
    }
    text
}

/// What the mouse does: the wheel scrolls the feed (the help says so on
/// the scroll keys' line). Other mouse events are not bound.
pub(crate) fn mouse(app: &mut App, event: crossterm::event::MouseEvent) -> Effect {
    use crossterm::event::MouseEventKind;
    match event.kind {
        MouseEventKind::ScrollDown => app.scroll_feed(3),
        MouseEventKind::ScrollUp => app.scroll_feed(-3),
        _ => return Effect::None,
    }
    Effect::Redraw
}

/// Which footer is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FooterState {
    HelpOpen,
    /// The splash or the error screen.
    Notice,
    Dashboard,
}

/// The hints of the footer in `state`, left to right (`ended`: the
/// journey is over, so the summary keys apply).
pub(crate) fn footer_hints(state: FooterState, screen: Screen, ended: bool) -> Vec<Hint> {
    let mut hints: Vec<Hint> = all_keys()
        .filter(|b| active(b, screen, state == FooterState::HelpOpen))
        .filter_map(|b| b.hint)
        .filter(|h| match (h.shown, state) {
            (Shown::Always, _) => true,
            (Shown::HelpOpen, s) => s == FooterState::HelpOpen,
            (Shown::HelpClosed, s) => s != FooterState::HelpOpen,
            (Shown::Dashboard, s) => s == FooterState::Dashboard,
            (Shown::Ended, s) => s == FooterState::Dashboard && ended,
        })
        .collect();
    hints.sort_by_key(|h| h.rank);
    hints
}

/// The dashboard's keys, then the overview's.
pub(crate) fn all_keys() -> impl Iterator<Item = &'static KeyBinding> + Clone {
    KEYS.iter().chain(overview::KEYS.iter())
}

pub(crate) mod overview;
pub(crate) use overview::OverviewAction;

#[cfg(test)]
mod tests;
