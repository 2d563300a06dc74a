//! The key table itself: every binding, in the order the help lists them.

use super::*;

pub(super) const fn hint(
    keys: &'static str,
    word: HintWord,
    rank: u8,
    shown: Shown,
) -> Option<Hint> {
    Some(Hint {
        keys,
        word,
        rank,
        shown,
    })
}

pub(super) const fn ch(c: char) -> Key {
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
            (Key::Ctrl('c'), A::Quit),
        ],
        label: "q  Ctrl-C",
        help: Some("quit"),
        context: Context::Dashboard,
        hint: hint("q", Fixed("quit"), 1, Shown::Always),
    },
    KeyBinding {
        keys: &[(Key::Code(KeyCode::Esc), A::CloseOverlay)],
        label: "Esc",
        help: Some("close the help, an expanded panel or the summary (never quits)"),
        context: Context::Dashboard,
        hint: None,
    },
    KeyBinding {
        keys: &[(ch('n'), A::NextJourney)],
        label: "n",
        help: Some("start the next demo journey now"),
        context: Context::Demo,
        hint: hint("n", Fixed("next journey"), 3, Shown::Ended),
    },
    KeyBinding {
        keys: &[(ch('s'), A::ToggleSummary)],
        label: "s",
        help: Some("show / hide the journey summary"),
        context: Context::Dashboard,
        hint: hint("s", HintWord::Summary, 4, Shown::Ended),
    },
    KeyBinding {
        keys: &[(ch('f'), A::Freeze)],
        label: "f",
        help: Some("freeze the screen; data keeps coming in"),
        context: Context::Dashboard,
        hint: hint("f", HintWord::Freeze, 10, Shown::Dashboard),
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
        hint: hint("[/]", HintWord::Speed, 4, Shown::Dashboard),
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
        hint: hint("r", Fixed("reset live"), 11, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[(ch('t'), A::ToggleScope)],
        label: "t",
        help: Some("switch the headline between all sessions (stats) and heard live"),
        context: Context::Dashboard,
        hint: hint("t", HintWord::Scope, 7, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[
            (Key::Code(KeyCode::Tab), A::FocusNext),
            (Key::Code(KeyCode::BackTab), A::FocusPrev),
        ],
        label: "Tab  Shift-Tab",
        help: Some("move focus between panels"),
        context: Context::Dashboard,
        hint: hint("Tab", Fixed("focus"), 5, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[
            (Key::Code(KeyCode::Enter), A::ToggleExpand),
            (ch('e'), A::ToggleExpand),
        ],
        label: "Enter  e",
        help: Some("expand the focused panel to the whole screen, and back"),
        context: Context::Dashboard,
        hint: hint("Enter", HintWord::Expand, 6, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[
            (ch('j'), A::Scroll(1)),
            (ch('k'), A::Scroll(-1)),
            (Key::Code(KeyCode::Down), A::Scroll(1)),
            (Key::Code(KeyCode::Up), A::Scroll(-1)),
            (Key::Code(KeyCode::PageDown), A::Scroll(10)),
            (Key::Code(KeyCode::PageUp), A::Scroll(-10)),
        ],
        label: "j  k  ↓  ↑  PgDn  PgUp",
        help: Some("scroll the feed (the mouse wheel too); k at the top is the newest"),
        context: Context::Dashboard,
        hint: hint("j/k", Fixed("scroll"), 13, Shown::Dashboard),
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
        hint: hint("+/-", HintWord::Zoom, 12, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[(ch('c'), A::CycleTheme)],
        label: "c",
        help: Some("cycle themes: dark, light, high contrast"),
        context: Context::Dashboard,
        hint: hint("c", HintWord::Theme, 14, Shown::Dashboard),
    },
];
