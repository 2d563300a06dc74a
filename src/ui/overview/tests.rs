use super::source::Journeys;
use super::*;
use crate::ui::keys::OverviewAction as A;
use crate::ui::theme::{ColorMode, Theme, ThemeName};
use journeytop_engine::Connection;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn row(slot: usize, prompt: &str, people: u64, likes: u64, connection: Connection) -> Row {
    Row {
        slot,
        uid: format!("oseh_ip_{slot:0>22}"),
        prompt: prompt.to_string(),
        style: "numeric",
        connection,
        state: connection.name().to_string(),
        time: 12.4 + slot as f64,
        duration: Some(60.0),
        people,
        scope: if slot.is_multiple_of(2) {
            "totals"
        } else {
            "live"
        },
        likes,
        likes_per_second: (0..30).map(|i| (i * (slot as u64 + 1)) % 7).collect(),
        headline: format!("mood {:.1}", 5.0 + slot as f64 / 3.0),
        swatch: None,
        rate: Some(0.25 * slot as f64),
        since_last: Some(0.4 * slot as f64),
    }
}

fn rows() -> Vec<Row> {
    let mut r = vec![
        row(
            0,
            "How are you feeling right now?",
            120,
            40,
            Connection::Live,
        ),
        row(1, "Hold while it resonates", 3400, 9, Connection::Live),
        row(
            2,
            "Pick a colour for today",
            55,
            300,
            Connection::Reconnecting,
        ),
        row(3, "One word for this moment", 0, 0, Connection::Failed),
    ];
    r[1].style = "press";
    r[1].headline = "holding 12".into();
    r[2].style = "color";
    r[2].headline = "teal 45%".into();
    r[2].swatch = Some((0, 128, 128));
    r[2].state = "reconnecting: the connection dropped (1006)".into();
    r[3].style = "word";
    r[3].headline = "no word yet".into();
    r[3].state = "failed: the server refused the JWT".into();
    r[3].rate = None;
    r
}

fn slots(o: &Overview, rows: &[Row]) -> Vec<usize> {
    o.visible(rows).iter().map(|r| r.slot).collect()
}

#[test]
fn sort_cycles_and_reverses() {
    let rows = rows();
    let mut o = Overview::new();
    assert_eq!(slots(&o, &rows), [0, 1, 2, 3]);
    o.apply(A::SortNext, &rows); // prompt
    assert_eq!(slots(&o, &rows), [1, 0, 3, 2]);
    for _ in 0..3 {
        o.apply(A::SortNext, &rows); // state, time, people
    }
    assert_eq!(o.sort, Sort::People);
    assert_eq!(slots(&o, &rows), [1, 0, 2, 3], "largest first");
    o.apply(A::SortReverse, &rows);
    assert_eq!(slots(&o, &rows), [3, 2, 0, 1]);
    for _ in 0..4 {
        o.apply(A::SortNext, &rows);
    }
    assert_eq!(o.sort, Sort::Given);
}

#[test]
fn select_moves_within_the_visible_rows_and_follows_the_journey() {
    let rows = rows();
    let mut o = Overview::new();
    o.apply(A::Up, &rows);
    assert_eq!(o.selected, 0, "stops at the top");
    o.apply(A::Down, &rows);
    o.apply(A::Down, &rows);
    assert_eq!(o.selected, 2);
    for _ in 0..5 {
        o.apply(A::Down, &rows);
    }
    assert_eq!(o.selected, 3, "stops at the bottom");
    // Sorting keeps the same journey selected.
    o.apply(A::SortNext, &rows);
    assert_eq!(o.selected, 3);
    assert_eq!(o.cursor(&o.visible(&rows)), Some(2));
}

#[test]
fn filter_types_text_and_esc_clears() {
    let rows = rows();
    let mut o = Overview::new();
    o.apply(A::Filter, &rows);
    assert!(o.editing);
    for c in "COLOUR".chars() {
        o.edit(crossterm::event::KeyCode::Char(c));
    }
    o.edit(crossterm::event::KeyCode::Enter);
    assert!(!o.editing);
    assert_eq!(slots(&o, &rows), [2]);
    // Enter opens the one shown even if another was selected.
    o.apply(A::Open, &rows);
    assert_eq!(o.drilled, Some(2));
    o.apply(A::Back, &rows);
    assert_eq!(o.drilled, None);
    o.apply(A::Filter, &rows);
    o.edit(crossterm::event::KeyCode::Backspace);
    o.edit(crossterm::event::KeyCode::Esc);
    assert!(o.filter.is_empty());
    assert_eq!(slots(&o, &rows).len(), 4);
    // Filter by state too.
    o.filter = "failed".into();
    assert_eq!(slots(&o, &rows), [3]);
    o.apply(A::ClearFilter, &rows);
    assert_eq!(slots(&o, &rows).len(), 4);
}

#[test]
fn sparkline_scales_to_the_busiest_second() {
    assert_eq!(table::sparkline(&[0, 1, 7], 3), " ▂█");
    assert_eq!(table::sparkline(&[], 3), "   ");
    assert_eq!(table::sparkline(&[5; 10], 4), "████");
}

fn screen(rows: &[Row], o: &Overview, help: bool, w: u16, h: u16) -> String {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    let theme = Theme::new(ThemeName::Dark, ColorMode::None);
    table::draw(&mut buf, area, rows, o, help, &theme);
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn overview_80x24() {
    let rows = rows();
    let mut o = Overview::new();
    o.selected = 1;
    insta::assert_snapshot!(screen(&rows, &o, false, 80, 24));
}

#[test]
fn overview_200x60() {
    let rows = rows();
    let mut o = Overview::new();
    o.apply(A::SortNext, &rows);
    insta::assert_snapshot!(screen(&rows, &o, false, 200, 60));
}

#[test]
fn overview_help_and_filter_80x24() {
    let rows = rows();
    let mut o = Overview::new();
    o.editing = true;
    o.filter = "col".into();
    insta::assert_snapshot!(screen(&rows, &o, true, 80, 24));
}

#[test]
fn overview_never_panics_at_any_size() {
    let rows = rows();
    let o = Overview::new();
    for w in [0, 1, 19, 20, 40, 79, 80, 119, 120, 179, 180, 250] {
        for h in [0, 1, 4, 5, 10, 24, 70] {
            screen(&rows, &o, true, w, h);
        }
    }
}

/// Recordings side by side: the title says where their one clock stands.
fn replay_clock(paused: bool) -> Clock {
    Clock {
        position: 12.0,
        playback: crate::ui::view::Playback {
            speed: 0.25,
            paused,
            end: 25.0,
            start: 0.0,
        },
    }
}

#[test]
fn replay_overview_80x24() {
    let rows = rows();
    let mut o = Overview::new();
    o.clock = Some(replay_clock(true));
    let text = screen(&rows, &o, false, 80, 24);
    assert!(
        text.contains("replay of 4 recordings · 00:12 / 00:25 · 1/4× paused"),
        "{text}"
    );
    assert!(
        text.contains("space play"),
        "the footer offers the replay keys: {text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn replay_overview_200x60() {
    let rows = rows();
    let mut o = Overview::new();
    o.clock = Some(replay_clock(false));
    let text = screen(&rows, &o, false, 200, 60);
    assert!(text.contains("space pause"), "{text}");
    assert!(text.contains("speed 1/4×"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn replay_keys_work_on_the_table_and_on_a_recordings_dashboard() {
    use crate::ui::keys::{Effect, PlayerAction, Screen, handle};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = crate::ui::app::App::new(ThemeName::Dark, ColorMode::None);
    let mut on = |code: KeyCode, screen: Screen| {
        handle(&mut app, KeyEvent::new(code, KeyModifiers::NONE), screen)
    };
    assert_eq!(
        on(KeyCode::Char(' '), Screen::ReplayOverview),
        Effect::Player(PlayerAction::TogglePause)
    );
    assert_eq!(
        on(KeyCode::Right, Screen::ReplayOverview),
        Effect::Player(PlayerAction::Forward)
    );
    assert_eq!(
        on(KeyCode::Enter, Screen::ReplayOverview),
        Effect::Overview(A::Open)
    );
    assert_eq!(
        on(KeyCode::Char(' '), Screen::Overview),
        Effect::None,
        "live: no clock to pause"
    );
    assert_eq!(
        on(KeyCode::Home, Screen::ReplayDrilled),
        Effect::Player(PlayerAction::ToStart)
    );
    assert_eq!(
        on(KeyCode::Esc, Screen::ReplayDrilled),
        Effect::Overview(A::Back)
    );
    assert_eq!(
        on(KeyCode::Char('r'), Screen::ReplayDrilled),
        Effect::None,
        "a replay cannot reset"
    );
    let mut o = Overview::new();
    assert_eq!(o.screen(), Screen::Overview);
    o.clock = Some(replay_clock(false));
    assert_eq!(o.screen(), Screen::ReplayOverview);
}

#[test]
fn rows_of_recordings_follow_the_shared_clock() {
    use crate::record::{Player, SharedReplay};
    use std::time::Duration;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/recordings");
    let players = ["numeric.jsonl", "press.jsonl"]
        .iter()
        .map(|n| match Player::open(&dir.join(n)) {
            Ok(p) => (p, n.to_string()),
            Err(e) => panic!("{n}: {e}"),
        })
        .collect();
    let mut shared = SharedReplay::new(players, 1.0);
    let at_start = run::rows(&mut shared);
    assert_eq!(at_start.len(), 2);
    assert!(shared.pump(Duration::from_secs(20)));
    let later = run::rows(&mut shared);
    for (a, b) in at_start.iter().zip(&later) {
        assert_eq!(b.time, 20.0, "{}", b.uid);
        assert!(b.people > a.people || b.likes > a.likes, "{a:?} → {b:?}");
    }
    assert_eq!(later[1].style, "press");
    assert!(
        later[1].headline.starts_with("holding "),
        "{}",
        later[1].headline
    );
    let clock = shared.replay_clock().map(|c| c.position);
    assert_eq!(clock, Some(20.0));
}
