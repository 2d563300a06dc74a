use super::*;
use crate::ui::app::{Focus, Scope};
use crate::ui::theme::{ColorMode, ThemeName};
use crossterm::event::KeyEventState;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn app() -> App {
    App::new(ThemeName::Dark, ColorMode::None)
}

fn live(a: &mut App, code: KeyCode) -> Effect {
    handle(a, key(code), Screen::Live)
}

/// The key event a table key stands for.
fn event(k: Key) -> KeyEvent {
    match k {
        Key::Code(code) => key(code),
        Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
    }
}

/// The key a help label names ("Ctrl-C", "space", "←", "q").
fn named(token: &str) -> KeyEvent {
    let code = match token {
        "Ctrl-C" => return KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        "Shift-Tab" => KeyCode::BackTab,
        "Tab" => KeyCode::Tab,
        "Esc" => KeyCode::Esc,
        "Enter" => KeyCode::Enter,
        "↓" => KeyCode::Down,
        "↑" => KeyCode::Up,
        "PgDn" => KeyCode::PageDown,
        "PgUp" => KeyCode::PageUp,
        "Home" => KeyCode::Home,
        "space" => KeyCode::Char(' '),
        "←" => KeyCode::Left,
        "→" => KeyCode::Right,
        one if one.chars().count() == 1 => KeyCode::Char(one.chars().next().unwrap_or(' ')),
        other => panic!("the help names a key the test cannot read: {other:?}"),
    };
    key(code)
}

const SCREENS: [Screen; 7] = [
    Screen::Live,
    Screen::Demo,
    Screen::Replay,
    Screen::Overview,
    Screen::Drilled,
    Screen::ReplayOverview,
    Screen::ReplayDrilled,
];

#[test]
fn every_bound_key_is_handled() {
    for screen in SCREENS {
        for b in all_keys() {
            for help_open in [false, true] {
                if !active(b, screen, help_open) {
                    continue;
                }
                for (k, _) in b.keys {
                    let mut a = app();
                    a.help = help_open;
                    let effect = handle(&mut a, event(*k), screen);
                    assert_ne!(effect, Effect::None, "{k:?} on {screen:?}");
                }
            }
        }
    }
}

#[test]
fn every_bound_action_is_named_in_the_help() {
    for screen in SCREENS {
        let labels: Vec<&str> = help_lines(screen)
            .flat_map(|(label, _)| label.split_whitespace())
            .collect();
        for b in all_keys().filter(|b| active(b, screen, true)) {
            for (_, action) in b.keys {
                let in_help = b
                    .keys
                    .iter()
                    .filter(|(_, a)| a == action)
                    .any(|(k, _)| labels.iter().any(|l| named(l) == event(*k)));
                assert!(in_help, "{action:?} on {screen:?} is not in the help");
            }
        }
    }
}

#[test]
fn every_key_in_the_help_is_bound() {
    for screen in SCREENS {
        for (label, _) in help_lines(screen) {
            for token in label.split_whitespace() {
                let effect = handle(&mut app(), named(token), screen);
                assert_ne!(effect, Effect::None, "{token} on {screen:?}");
            }
        }
    }
}

#[test]
fn keys_not_in_the_table_are_unhandled() {
    for code in [
        KeyCode::Char('x'),
        KeyCode::Char('z'),
        KeyCode::Char('['),
        KeyCode::Char(' '),
        KeyCode::Char('n'),
        KeyCode::Left,
        KeyCode::F(5),
    ] {
        assert_eq!(live(&mut app(), code), Effect::None, "{code:?}");
    }
    for code in [KeyCode::Char('r'), KeyCode::Char('x'), KeyCode::Char('n')] {
        let effect = handle(&mut app(), key(code), Screen::Replay);
        assert_eq!(effect, Effect::None, "{code:?} in a replay");
    }
}

#[test]
fn replay_keys_go_to_the_player() {
    let mut a = app();
    let effect = handle(&mut a, key(KeyCode::Char(']')), Screen::Replay);
    assert_eq!(effect, Effect::Player(PlayerAction::Faster));
    a.help = true;
    let effect = handle(&mut a, key(KeyCode::Home), Screen::Replay);
    assert_eq!(effect, Effect::Player(PlayerAction::ToStart), "help open");
}

#[test]
fn quit_keys() {
    let mut a = app();
    assert_eq!(live(&mut a, KeyCode::Char('q')), Effect::Quit);
    assert_eq!(live(&mut a, KeyCode::Char('Q')), Effect::Quit);
    assert_ne!(live(&mut a, KeyCode::Esc), Effect::Quit, "Esc never quits");
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(handle(&mut a, ctrl_c, Screen::Live), Effect::Quit);
    // Plain `c` cycles the theme instead.
    assert_eq!(live(&mut a, KeyCode::Char('c')), Effect::Redraw);
    assert_eq!(a.theme, ThemeName::Light);
}

#[test]
fn esc_closes_help_first() {
    let mut a = app();
    assert_eq!(live(&mut a, KeyCode::Char('?')), Effect::Redraw);
    assert!(a.help);
    assert_eq!(live(&mut a, KeyCode::Esc), Effect::Redraw);
    assert!(!a.help);
    assert_eq!(
        live(&mut a, KeyCode::Esc),
        Effect::Redraw,
        "and never quits"
    );
}

#[test]
fn esc_closes_the_summary_then_the_expanded_panel() {
    let mut a = app();
    a.ended = true;
    assert!(a.summary_shown(true));
    live(&mut a, KeyCode::Enter);
    assert!(a.expanded);
    live(&mut a, KeyCode::Esc);
    assert!(!a.summary_shown(true) && a.expanded, "the summary first");
    live(&mut a, KeyCode::Char('s'));
    assert!(a.summary_shown(true), "s brings it back");
    live(&mut a, KeyCode::Esc);
    live(&mut a, KeyCode::Esc);
    assert!(!a.expanded);
    assert_eq!(live(&mut a, KeyCode::Char('e')), Effect::Redraw);
    assert!(a.expanded, "e expands too");
}

#[test]
fn the_feed_scrolls_and_n_starts_the_next_demo_journey() {
    let mut a = app();
    live(&mut a, KeyCode::Char('k'));
    assert_eq!(a.feed_scroll, 0, "the newest is the top");
    live(&mut a, KeyCode::Char('j'));
    live(&mut a, KeyCode::Down);
    assert_eq!(a.feed_scroll, 2);
    live(&mut a, KeyCode::PageDown);
    live(&mut a, KeyCode::Up);
    assert_eq!(a.feed_scroll, 11);
    live(&mut a, KeyCode::PageUp);
    live(&mut a, KeyCode::PageUp);
    assert_eq!(a.feed_scroll, 0);
    let wheel = |kind| crossterm::event::MouseEvent {
        kind,
        column: 0,
        row: 0,
        modifiers: KeyModifiers::NONE,
    };
    assert_eq!(
        mouse(&mut a, wheel(crossterm::event::MouseEventKind::ScrollDown)),
        Effect::Redraw
    );
    assert_eq!(a.feed_scroll, 3);
    let n = handle(&mut a, key(KeyCode::Char('n')), Screen::Demo);
    assert_eq!(n, Effect::Next);
}

#[test]
fn freeze_toggles_through_the_runtime() {
    let mut a = app();
    assert_eq!(live(&mut a, KeyCode::Char('f')), Effect::Freeze);
    assert!(!a.is_frozen(), "the runtime stores the view");
    assert_eq!(live(&mut a, KeyCode::Char('r')), Effect::ResetLive);
}

#[test]
fn scope_focus_zoom_and_themes() {
    let mut a = app();
    assert_eq!(a.scope, Scope::Totals, "all sessions by default");
    live(&mut a, KeyCode::Char('t'));
    assert_eq!(a.scope, Scope::Live);
    live(&mut a, KeyCode::Char('t'));
    assert_eq!(a.scope, Scope::Totals);
    assert_eq!(a.focus, Focus::Prompt);
    live(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Feed);
    live(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Participants);
    live(&mut a, KeyCode::BackTab);
    assert_eq!(a.focus, Focus::Feed);
    assert_eq!(a.window(), None);
    live(&mut a, KeyCode::Char('-'));
    assert_eq!(a.zoom, 0);
    for _ in 0..10 {
        live(&mut a, KeyCode::Char('+'));
    }
    assert_eq!(a.window(), Some(10));
    live(&mut a, KeyCode::Char('-'));
    assert_eq!(a.window(), Some(30));
    for expected in [ThemeName::Light, ThemeName::HighContrast, ThemeName::Dark] {
        live(&mut a, KeyCode::Char('c'));
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
    assert_eq!(handle(&mut a, release, Screen::Live), Effect::None);
    assert_eq!(a.restart, AutoRestart::Pending { secs: 3 });
    assert_eq!(live(&mut a, KeyCode::Char('x')), Effect::Redraw);
    assert_eq!(a.restart, AutoRestart::Stopped);
    assert_eq!(live(&mut a, KeyCode::Char('x')), Effect::None);
}

#[test]
fn the_footer_puts_the_most_needed_first() {
    let keys = |state, screen| -> Vec<&str> {
        footer_hints(state, screen, false)
            .iter()
            .map(|h| h.keys)
            .collect()
    };
    assert_eq!(keys(FooterState::HelpOpen, Screen::Live), ["Esc", "q"]);
    assert_eq!(keys(FooterState::Notice, Screen::Replay), ["q", "?"]);
    assert_eq!(
        keys(FooterState::Dashboard, Screen::Live),
        ["q", "?", "Tab", "Enter", "t", "f", "r", "+/-", "j/k", "c"]
    );
    assert_eq!(
        keys(FooterState::Dashboard, Screen::Replay),
        [
            "q", "?", "space", "[/]", "←/→", "Tab", "Home", "Enter", "t", "f", "+/-", "j/k", "c"
        ]
    );
    let ended: Vec<&str> = footer_hints(FooterState::Dashboard, Screen::Demo, true)
        .iter()
        .map(|h| h.keys)
        .take(4)
        .collect();
    assert_eq!(
        ended,
        ["q", "?", "n", "s"],
        "the summary's keys once it ended"
    );
}

#[test]
fn the_command_line_help_lists_the_replay_keys() {
    let text = keys_help(Screen::Replay);
    assert!(
        text.contains("\n  space           pause / play the recording"),
        "{text}"
    );
    assert!(!text.contains("reset the live counts"), "{text}");
    assert!(keys_help(Screen::Live).contains("\n  r               reset"));
}

#[test]
fn overview_keys_and_esc_back_from_a_dashboard() {
    let on = |code: KeyCode, screen: Screen| handle(&mut app(), key(code), screen);
    assert_eq!(
        on(KeyCode::Enter, Screen::Overview),
        Effect::Overview(OverviewAction::Open)
    );
    assert_eq!(
        on(KeyCode::Char('j'), Screen::Overview),
        Effect::Overview(OverviewAction::Down)
    );
    assert_eq!(
        on(KeyCode::Char('S'), Screen::Overview),
        Effect::Overview(OverviewAction::SortReverse)
    );
    assert_eq!(on(KeyCode::Char('q'), Screen::Overview), Effect::Quit);
    // Dashboard keys do not work on the table; on a dashboard opened from
    // it Esc goes back and q still quits.
    assert_eq!(on(KeyCode::Char('t'), Screen::Overview), Effect::None);
    assert_eq!(
        on(KeyCode::Esc, Screen::Drilled),
        Effect::Overview(OverviewAction::Back)
    );
    assert_eq!(on(KeyCode::Char('q'), Screen::Drilled), Effect::Quit);
    // On a dashboard of its own, Esc never quits (it closes overlays).
    assert_ne!(on(KeyCode::Esc, Screen::Live), Effect::Quit);
    let mut a = app();
    a.help = true;
    assert_eq!(
        handle(&mut a, key(KeyCode::Esc), Screen::Drilled),
        Effect::Redraw
    );
    assert!(!a.help);
    assert!(overview::overview_help().contains("Enter"));
}

#[test]
fn every_key_label_is_set_apart_from_its_description() {
    // Each help line is "  <label><at least two spaces><description>", on
    // every screen and in the overview's text, however wide the label.
    let mut texts: Vec<String> = SCREENS.into_iter().map(keys_help).collect();
    texts.push(super::overview::overview_help());
    for text in &texts {
        for line in text.lines().skip(1).filter(|l| l.starts_with("  ")) {
            let Some((label, help)) = help_lines(Screen::Live)
                .chain(SCREENS.into_iter().flat_map(help_lines))
                .find(|(_, help)| line.ends_with(help))
            else {
                continue;
            };
            let between = &line[2 + label.len()..line.len() - help.len()];
            assert!(
                line[2..].starts_with(label) && between.len() >= 2 && between.trim().is_empty(),
                "{line:?} runs its label into its description"
            );
        }
    }
    // The widest label, the feed's scroll keys, is one of those checked.
    assert!(
        texts.iter().any(|t| t.contains("PgUp  scroll")),
        "{texts:?}"
    );
}
