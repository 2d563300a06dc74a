//! The overview's part of the key table: the table of journeys, and the
//! one key a dashboard opened from it adds (Esc goes back). Dispatch,
//! footer, help and `watch --help` read these like the dashboard's.

use super::table::{ch, hint};
use super::{Action, Context, HintWord, Key, KeyBinding, Shown};
use crossterm::event::KeyCode;

/// What an overview key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OverviewAction {
    Up,
    Down,
    /// Open the selected journey's dashboard.
    Open,
    /// From a dashboard, back to the table.
    Back,
    SortNext,
    SortReverse,
    /// Start typing a filter.
    Filter,
    ClearFilter,
}

use Action as A;
use HintWord::Fixed;
use OverviewAction as O;

const fn code(c: KeyCode) -> Key {
    Key::Code(c)
}

/// The overview's keys, in the order the help lists them.
pub(crate) static KEYS: &[KeyBinding] = &[
    KeyBinding {
        keys: &[
            (ch('?'), A::ToggleHelp),
            (code(KeyCode::F(1)), A::ToggleHelp),
        ],
        label: "?",
        help: Some("show / hide this help"),
        context: Context::Overview,
        hint: hint("?", Fixed("help"), 2, Shown::HelpClosed),
    },
    KeyBinding {
        keys: &[
            (ch('q'), A::Quit),
            (ch('Q'), A::Quit),
            (Key::Ctrl('c'), A::Quit),
        ],
        label: "q  Ctrl-C",
        help: Some("quit"),
        context: Context::Overview,
        hint: hint("q", Fixed("quit"), 1, Shown::Always),
    },
    KeyBinding {
        keys: &[
            (code(KeyCode::Up), A::Overview(O::Up)),
            (code(KeyCode::Down), A::Overview(O::Down)),
            (ch('k'), A::Overview(O::Up)),
            (ch('j'), A::Overview(O::Down)),
        ],
        label: "↑  ↓  k  j",
        help: Some("select a journey"),
        context: Context::Overview,
        hint: hint("↑/↓", Fixed("select"), 3, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[(code(KeyCode::Enter), A::Overview(O::Open))],
        label: "Enter",
        help: Some("open the selected journey's dashboard"),
        context: Context::Overview,
        hint: hint("Enter", Fixed("open"), 4, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[
            (ch('s'), A::Overview(O::SortNext)),
            (ch('S'), A::Overview(O::SortReverse)),
        ],
        label: "s  S",
        help: Some("sort by the next column / reverse the order"),
        context: Context::Overview,
        hint: hint("s/S", Fixed("sort"), 5, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[(ch('/'), A::Overview(O::Filter))],
        label: "/",
        help: Some("filter by text (prompt, uid, state); Enter keeps it"),
        context: Context::Overview,
        hint: hint("/", Fixed("filter"), 6, Shown::Dashboard),
    },
    KeyBinding {
        keys: &[(code(KeyCode::Esc), A::Overview(O::ClearFilter))],
        label: "Esc",
        help: Some("clear the filter"),
        context: Context::Overview,
        hint: None,
    },
    KeyBinding {
        keys: &[(code(KeyCode::Esc), A::Overview(O::Back))],
        label: "Esc",
        help: Some("back to the overview (q quits)"),
        context: Context::Drilled,
        hint: hint("Esc", Fixed("back"), 0, Shown::Dashboard),
    },
];

/// The overview's keys as plain text, for `watch --help`.
pub(crate) fn overview_help() -> String {
    let mut text = String::from("Keys on the overview (several journeys):");
    for b in KEYS.iter().filter(|b| b.context == Context::Overview) {
        if let Some(help) = b.help {
            text.push_str(&format!("\n  {}{help}", super::label_cell(b.label)));
        }
    }
    text.push_str("\n  On a journey's dashboard, Esc comes back to the overview.");
    text
}
