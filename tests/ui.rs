//! The dashboard on a `TestBackend`: snapshots of every prompt style at three
//! sizes and of every screen state, sanitizing of untrusted names, and no
//! panic at any terminal size.

use journeytop::ui::{App, ColorMode, Meta, Mode, Scope, StatsPlan, ThemeName, View, render};
use journeytop_engine::*;
use journeytop_protocol::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NAMES: [&str; 12] = [
    "Tim", "Ana", "Bo", "Chidi", "Dana", "Émile", "Fatima", "Gus", "Hana", "Ivo", "Jun", "Kai",
];

fn ev(uid: String, session: &str, t: f64, data: EventData) -> Event {
    Event {
        uid,
        user_sub: Some(format!("oseh_u_{session}")),
        session_uid: Some(format!("oseh_ips_{session}")),
        time: t,
        icon: None,
        data,
    }
}

fn send(e: &mut JourneyState, at: f64, events: Vec<Event>) {
    e.ingest(Stamped {
        at,
        input: Input::Batch(EventBatch {
            events,
            malformed: vec![],
        }),
    });
}

fn link(e: &mut JourneyState, at: f64, connection: Connection, detail: Option<&str>) {
    e.ingest(Stamped {
        at,
        input: Input::Link(Link {
            connection,
            detail: detail.map(str::to_string),
            retry_at: None,
        }),
    });
}

fn meta() -> Meta {
    Meta {
        variant: Variant::InteractivePrompts,
        uid: "oseh_ip_AbCdEfGhIjKlMnOpQrStUv".into(),
        mode: Mode::Watch,
        source: "wss://example.invalid".into(),
        stats: StatsPlan::NoEndpoint,
    }
}

fn app() -> App {
    App::new(ThemeName::Dark, ColorMode::None)
}

/// A lively, deterministic journey of the given style (None: prompt not
/// given and no answers), 45 s in, live with 42 ms latency.
fn journey(style: Option<Style>) -> JourneyState {
    let prompt = style.map(Prompt::default_for);
    let mut e = JourneyState::new(prompt, Some(60.0), EngineConfig::default());
    link(&mut e, 0.0, Connection::Live, None);
    e.ingest(Stamped {
        at: 0.0,
        input: Input::Latency { offset: 0.042 },
    });
    let mut n = 0;
    let mut uid = || {
        n += 1;
        format!("oseh_ipe_{n}")
    };
    for (i, name) in NAMES.iter().enumerate() {
        let s = format!("s{i}");
        let t = i as f64 * 3.0;
        let mut evs = vec![ev(
            uid(),
            &s,
            t,
            EventData::Join {
                name: Some(name.to_string()),
            },
        )];
        let a = t + 0.5;
        match style {
            Some(Style::Numeric) => {
                evs.push(ev(uid(), &s, a, EventData::Numeric { rating: 5 }));
                evs.push(ev(
                    uid(),
                    &s,
                    a + 1.0,
                    EventData::Numeric {
                        rating: 3 + (i as i64 * 7) % 8,
                    },
                ));
            }
            Some(Style::Press) => {
                evs.push(ev(uid(), &s, a, EventData::PressStart));
                if i % 3 == 0 {
                    evs.push(ev(uid(), &s, a + 1.5, EventData::PressEnd));
                }
            }
            Some(Style::Color) => {
                evs.push(ev(
                    uid(),
                    &s,
                    a,
                    EventData::Color {
                        index: (i as i64 * i as i64) % 8,
                    },
                ));
            }
            Some(Style::Word) => {
                evs.push(ev(
                    uid(),
                    &s,
                    a,
                    EventData::Word {
                        index: [0, 1, 0, 2, 0, 1, 0, 2, 1, 0, 2, 0][i],
                    },
                ));
            }
            None => {}
        }
        if i % 2 == 0 {
            evs.push(ev(uid(), &s, t + 1.0, EventData::Like));
            evs.push(ev(uid(), &s, t + 1.2, EventData::Like));
        }
        if i == 4 || i == 9 {
            evs.push(ev(
                uid(),
                &s,
                t + 2.5,
                EventData::Leave {
                    name: Some(name.to_string()),
                },
            ));
        }
        send(&mut e, t, evs);
    }
    e.advance_to(45.0);
    e
}

fn draw(view: &View, app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| render(f, view, app)).unwrap();
    terminal
}

fn screen(e: &JourneyState, app: &App, w: u16, h: u16) -> String {
    let view = View::build(e, &meta());
    draw(&view, app, w, h).backend().to_string()
}

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn snap_style(style: Option<Style>, name: &str) {
    let e = journey(style);
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&e, &app(), w, h));
    }
}

#[test]
fn numeric_prompt() {
    snap_style(Some(Style::Numeric), "numeric");
}

#[test]
fn press_prompt() {
    snap_style(Some(Style::Press), "press");
}

#[test]
fn color_prompt() {
    snap_style(Some(Style::Color), "color");
}

#[test]
fn word_prompt() {
    snap_style(Some(Style::Word), "word");
}

#[test]
fn unknown_prompt() {
    snap_style(None, "unknown");
}

#[test]
fn inferred_prompt_is_labelled() {
    let mut e = JourneyState::new(None, Some(60.0), EngineConfig::default());
    link(&mut e, 0.0, Connection::Live, None);
    send(
        &mut e,
        1.0,
        vec![
            ev(
                "a".into(),
                "a",
                0.5,
                EventData::Join {
                    name: Some("Tim".into()),
                },
            ),
            ev("b".into(), "a", 0.8, EventData::Word { index: 1 }),
        ],
    );
    let text = screen(&e, &app(), 120, 40);
    assert!(text.contains("inferred from answers"), "{text}");
    insta::assert_snapshot!("inferred_120x40", text);
}

#[test]
fn totals_scope() {
    let mut e = journey(Some(Style::Numeric));
    let response: StatsResponse = serde_json::from_str(
        r#"{"journey_time": 40, "bin_width": 2, "users": 12345, "likes": 3456789,
            "numeric_active": {"3": 100, "7": 300, "9": 50},
            "press_active": null, "press": null, "color_active": null, "word_active": null}"#,
    )
    .unwrap();
    e.ingest(Stamped {
        at: 45.0,
        input: Input::Stats { bin: 20, response },
    });
    // All sessions by default: the stats (12,345 at the bin ending at
    // 42 s) plus what was heard live after it (no joins or leaves).
    let totals = screen(&e, &app(), 120, 40);
    assert!(totals.contains("Likes · all sessions"), "{totals}");
    assert!(totals.contains("ALL SESSIONS"), "{totals}");
    assert!(totals.contains("stats at 00:42"), "{totals}");
    assert!(
        !totals.contains("Participants · heard live"),
        "one scope per panel"
    );
    insta::assert_snapshot!("totals_120x40", totals);
    let mut a = app();
    a.scope = Scope::Live;
    let live = screen(&e, &a, 120, 40);
    assert!(live.contains("Participants · heard live"), "{live}");
    assert!(live.contains("HEARD LIVE"), "{live}");
}

#[test]
fn no_stats_labels_say_why_and_what_to_do() {
    let e = journey(Some(Style::Numeric));
    for (w, h) in [(80, 24), (200, 60)] {
        let text = screen(&e, &app(), w, h);
        assert!(text.contains("HEARD LIVE"), "{text}");
        assert!(text.contains("no stats endpoint"), "{text}");
        insta::assert_snapshot!(format!("no_stats_{w}x{h}"), text);
    }
    let mut m = meta();
    m.stats = StatsPlan::Endpoint;
    let view = View::build(&e, &m);
    let text = draw(&view, &app(), 200, 60).backend().to_string();
    assert!(text.contains("stats endpoint has not answered"), "{text}");
}

#[test]
fn splash_while_connecting() {
    let e = JourneyState::new(
        Some(Prompt::default_for(Style::Numeric)),
        Some(60.0),
        EngineConfig::default(),
    );
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("splash_{w}x{h}"), screen(&e, &app(), w, h));
    }
}

#[test]
fn error_screen() {
    let mut e = journey(Some(Style::Numeric));
    link(
        &mut e,
        45.0,
        Connection::Failed,
        Some(
            "The server refused the token (403 forbidden): it has expired. Ask for a new journey link.",
        ),
    );
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("error_{w}x{h}"), screen(&e, &app(), w, h));
    }
}

#[test]
fn help_popup() {
    let e = journey(Some(Style::Word));
    let mut a = app();
    a.help = true;
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen(&e, &a, w, h);
        // Every key and the last note fit, even on 80×24.
        for shown in ["show / hide this help", "zoom the timelines", "· timeline "] {
            assert!(text.contains(shown), "{w}x{h} lost {shown:?}:\n{text}");
        }
        insta::assert_snapshot!(format!("help_{w}x{h}"), text);
    }
    // Two rows fewer: the blank rows give way, not the keys or the notes.
    let text = screen(&e, &a, 80, 22);
    for shown in ["show / hide this help", "zoom the timelines", "· timeline "] {
        assert!(text.contains(shown), "80x22 lost {shown:?}:\n{text}");
    }
}

#[test]
fn frozen_keeps_the_old_view_while_data_flows() {
    let mut e = journey(Some(Style::Numeric));
    let mut a = app();
    a.frozen = Some(Box::new(View::build(&e, &meta())));
    let joins: Vec<Event> = (0..30)
        .map(|i| {
            ev(
                format!("late{i}"),
                &format!("late{i}"),
                46.0,
                EventData::Join { name: None },
            )
        })
        .collect();
    send(&mut e, 47.0, joins);
    assert_eq!(e.live().users, 40);
    let frozen = a.frozen.as_deref().unwrap();
    let text = draw(frozen, &a, 120, 40).backend().to_string();
    assert!(text.contains("FROZEN"), "{text}");
    insta::assert_snapshot!("frozen_120x40", text);
}

#[test]
fn end_of_journey_summary() {
    let mut e = journey(Some(Style::Color));
    link(&mut e, 60.0, Connection::Ended, None);
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("summary_{w}x{h}"), screen(&e, &app(), w, h));
    }
}

#[test]
fn escape_sequences_in_names_never_reach_the_screen() {
    let mut e = journey(Some(Style::Numeric));
    send(
        &mut e,
        46.0,
        vec![ev(
            "evil".into(),
            "evil",
            45.5,
            EventData::Join {
                name: Some("\u{1b}[2J\u{1b}[31mMallory\u{1b}]0;pwned\u{7}\u{9b}1m\r\n".into()),
            },
        )],
    );
    let view = View::build(&e, &meta());
    let terminal = draw(&view, &app(), 120, 40);
    let text = terminal.backend().to_string();
    assert!(text.contains("Mallory"), "{text}");
    assert!(!text.contains("pwned"), "{text}");
    for cell in terminal.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "control char in {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn every_size_renders_without_panic() {
    let states = [
        journey(Some(Style::Numeric)),
        journey(Some(Style::Press)),
        journey(Some(Style::Color)),
        journey(Some(Style::Word)),
        journey(None),
    ];
    let views: Vec<View> = states.iter().map(|e| View::build(e, &meta())).collect();
    let mut a = app();
    for w in (0..=250u16)
        .step_by(7)
        .chain([1, 39, 40, 41, 79, 80, 81, 250])
    {
        for h in (0..=70u16)
            .step_by(5)
            .chain([1, 11, 12, 13, 23, 24, 25, 70])
        {
            for (i, v) in views.iter().enumerate() {
                a.help = (w + h + i as u16).is_multiple_of(4);
                draw(v, &a, w, h);
            }
        }
    }
}

#[test]
fn ui_tiny_sizes_say_too_small() {
    let e = journey(Some(Style::Numeric));
    let text = screen(&e, &app(), 39, 12);
    assert!(text.contains("too small"), "{text}");
}

#[test]
fn header_tells_the_connection_state() {
    let mut e = journey(Some(Style::Press));
    assert!(screen(&e, &app(), 120, 40).contains("● live · 42 ms"));
    e.ingest(Stamped {
        at: 45.0,
        input: Input::Link(Link {
            connection: Connection::Reconnecting,
            detail: Some("the server closed the socket".into()),
            retry_at: Some(47.2),
        }),
    });
    let text = screen(&e, &app(), 120, 40);
    assert!(text.contains("reconnecting in 3 s"), "{text}");
}

#[test]
fn every_theme_and_color_mode_renders() {
    let e = journey(Some(Style::Color));
    let view = View::build(&e, &meta());
    for theme in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
        for mode in [ColorMode::None, ColorMode::Ansi256, ColorMode::TrueColor] {
            let a = App::new(theme, mode);
            let t = draw(&view, &a, 120, 40);
            let colored = t
                .backend()
                .buffer()
                .content()
                .iter()
                .any(|c| c.fg != ratatui::style::Color::Reset);
            assert_eq!(colored, mode != ColorMode::None, "{theme:?} {mode:?}");
        }
    }
}

#[test]
fn a_replay_shows_its_keys_and_position_state() {
    use journeytop::ui::view::Playback;
    let e = journey(Some(Style::Numeric));
    let mut a = app();
    let mut view = View::build(&e, &meta());
    view.playback = Some(Playback {
        speed: 2.0,
        paused: false,
        start: 0.0,
        end: 60.0,
    });
    let text = |t: &Terminal<TestBackend>| {
        let b = t.backend().buffer();
        (0..b.area.height)
            .map(|y| {
                (0..b.area.width)
                    .map(|x| b[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let playing = text(&draw(&view, &a, 120, 40));
    assert!(playing.contains("▶ REPLAY · 2×"), "{playing}");
    assert!(playing.contains("[/] speed 2×"), "{playing}");
    assert!(
        playing.contains("space pause"),
        "the footer offers the replay keys"
    );
    assert!(
        !playing.contains("reset live"),
        "r does nothing in a replay"
    );
    a.help = true;
    let help = text(&draw(&view, &a, 120, 40));
    assert!(
        help.contains("pause / play the recording") && help.contains("seek 5 s"),
        "{help}"
    );
    assert!(!help.contains("reset the live counts"));
    view.playback = Some(Playback {
        speed: 1.0,
        paused: true,
        start: 0.0,
        end: 60.0,
    });
    a.help = false;
    assert!(text(&draw(&view, &a, 120, 40)).contains("PAUSED"));
}

fn sizes_2() -> [(u16, u16); 2] {
    [(80, 24), (200, 60)]
}

#[test]
fn summary_with_charts() {
    for style in [Style::Numeric, Style::Color] {
        let mut e = journey(Some(style));
        e.advance_to(60.0);
        link(&mut e, 63.0, Connection::Ended, None);
        for (w, h) in [(200, 60), (80, 24)] {
            let text = screen(&e, &app(), w, h);
            assert!(text.contains("The journey has ended"), "{text}");
            // Small screens get the compact charts, never a silent gap.
            assert!(text.contains("people here over the journey"), "{text}");
            insta::assert_snapshot!(format!("summary_{style}_{w}x{h}"), text);
        }
        // Too little room for even one chart row: a note says so.
        let text = screen(&e, &app(), 80, 22);
        assert!(
            text.contains("people here over the journey")
                || text.contains("charts over the journey need more room"),
            "{text}"
        );
    }
    // Settling: at the duration, before the socket closed.
    let mut e = journey(Some(Style::Numeric));
    e.advance_to(60.5);
    let text = screen(&e, &app(), 120, 40);
    assert!(text.contains("settling"), "{text}");
    assert!(text.contains("ENDED"), "{text}");
    // Dismissed with s (or Esc), the dashboard shows again.
    let mut a = app();
    a.ended = true;
    a.summary = Some(false);
    let text = screen(&e, &a, 120, 40);
    assert!(!text.contains("The journey has ended"), "{text}");
}

#[test]
fn expanded_panel() {
    let e = journey(Some(Style::Numeric));
    let mut a = app();
    a.expanded = true;
    for (w, h) in sizes_2() {
        let text = screen(&e, &a, w, h);
        assert!(
            !text.contains("Participants"),
            "only the focused panel: {text}"
        );
        insta::assert_snapshot!(format!("expanded_{w}x{h}"), text);
    }
}

#[test]
fn scrolled_feed() {
    let mut e = journey(Some(Style::Word));
    // More lines than even a 200×60 feed shows.
    let likes = (0..30)
        .map(|i| {
            ev(
                format!("like{i}"),
                "s0",
                40.0 + f64::from(i) / 10.0,
                EventData::Like,
            )
        })
        .collect();
    send(&mut e, 44.0, likes);
    let mut a = app();
    a.focus = journeytop::ui::Focus::Feed;
    a.feed_scroll = 5;
    for (w, h) in sizes_2() {
        let text = screen(&e, &a, w, h);
        assert!(text.contains("5 newer ↑") || text.contains("↑5"), "{text}");
        insta::assert_snapshot!(format!("scrolled_feed_{w}x{h}"), text);
    }
}

#[test]
fn empty_histogram_is_zero_everywhere() {
    let mut e = JourneyState::new(
        Some(Prompt::default_for(Style::Numeric)),
        Some(60.0),
        EngineConfig::default(),
    );
    link(&mut e, 0.0, Connection::Live, None);
    send(
        &mut e,
        1.0,
        vec![ev(
            "j".into(),
            "a",
            0.5,
            EventData::Join {
                name: Some("Tim".into()),
            },
        )],
    );
    for (w, h) in sizes_2() {
        let text = screen(&e, &app(), w, h);
        assert!(!text.contains("100%"), "{text}");
        insta::assert_snapshot!(format!("empty_histogram_{w}x{h}"), text);
    }
    // Too small for every row: the rest are counted, never dropped.
    let text = screen(&journey(Some(Style::Numeric)), &app(), 60, 20);
    assert!(text.contains("more:"), "{text}");
}

/// The numeric recording opened as the replay dashboard opens it, and
/// what the dashboard follows.
fn numeric_replay() -> (journeytop::record::Player, Meta) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/recordings/numeric.jsonl"
    );
    let player = journeytop::record::Player::open(std::path::Path::new(path)).unwrap();
    let m = Meta {
        mode: Mode::Replay,
        stats: StatsPlan::Recording,
        source: "numeric.jsonl".into(),
        ..meta()
    };
    (player, m)
}

#[test]
fn replay_paused_at_home() {
    // A real recording, played on, paused, then sent back to the start as
    // Home does.
    let (mut player, m) = numeric_replay();
    player.seek(12.0);
    let _ = journeytop::ui::replay_loop::view_of(&mut player, &m);
    player.toggle_pause();
    player.set_speed(1.0 / 64.0);
    player.seek_start();
    let view = journeytop::ui::replay_loop::view_of(&mut player, &m);
    assert_eq!(view.now(), player.start());
    for (w, h) in sizes_2() {
        let text = draw(&view, &app(), w, h).backend().to_string();
        assert!(!text.contains("Opening the recording"), "{text}");
        assert!(!text.contains("connecting"), "{text}");
        assert!(text.contains("⏸ at the start of the recording"), "{text}");
        assert!(text.contains("PAUSED · 1/64×"), "{text}");
        assert!(text.contains("space play"), "{text}");
        insta::assert_snapshot!(format!("replay_home_{w}x{h}"), text);
    }
}

#[test]
fn a_replay_stopped_by_a_changed_file_says_so_in_the_header() {
    let (mut player, m) = numeric_replay();
    player.seek(12.0);
    let mut view = journeytop::ui::replay_loop::view_of(&mut player, &m);
    assert_eq!(view.stopped, None, "the file is as it was");
    view.stopped = Some("the file changed since it was opened: 10 bytes now".into());
    for (w, h) in sizes_2() {
        let text = draw(&view, &app(), w, h).backend().to_string();
        assert!(text.contains("✖ stopped · the file changed"), "{text}");
        assert!(!text.contains("playing at"), "{text}");
    }
}

#[test]
fn percentages_add_up() {
    let e = journey(Some(Style::Word));
    let text = screen(&e, &app(), 120, 40);
    let sum: u64 = text
        .lines()
        .filter(|l| l.contains('%') && l.contains('█'))
        .filter_map(|l| {
            let pct = l.split('%').next()?.rsplit(' ').next()?;
            pct.parse::<u64>().ok()
        })
        .sum();
    assert_eq!(sum, 100, "{text}");
}
