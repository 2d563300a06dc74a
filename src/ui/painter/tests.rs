//! A frame drawn in parts leaves the terminal exactly as a frame drawn
//! whole would: after every step of random journeys (events of every
//! kind, stats, latency, the link, keys, resizes, time passing), what the
//! terminal shows is compared with the whole screen drawn afresh. And a
//! quiet second draws only the parts that show time.

use super::*;
use crate::ui::keys::{self, Effect, Screen};
use crate::ui::{ColorMode, Meta, Mode, StatsPlan, ThemeName};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use journeytop_engine::{EngineConfig, Input, JourneyState, Link, Stamped};
use journeytop_protocol::{Event, EventBatch, EventData, Prompt, StatsResponse, Variant};
use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::collections::BTreeMap;

const DURATION: f64 = 120.0;

fn prompt(style: u8) -> Prompt {
    let text = "How are you feeling?".to_string();
    match style {
        0 => Prompt::Numeric {
            text,
            min: 1,
            max: 10,
            step: 1,
        },
        1 => Prompt::Press { text },
        2 => Prompt::Color {
            text,
            colors: vec!["#CC0001".into(), "#00CC02".into(), "#0003CC".into()],
        },
        _ => Prompt::Word {
            text,
            options: vec!["calm".into(), "tired".into(), "bright".into()],
        },
    }
}

fn meta() -> Meta {
    Meta {
        variant: Variant::InteractivePrompts,
        uid: "oseh_ip_AbCdEfGhIjKlMnOpQrStUv".into(),
        mode: Mode::Watch,
        source: "wss://example.invalid".into(),
        stats: StatsPlan::Endpoint,
    }
}

/// One thing that happens between two frames.
#[derive(Debug, Clone)]
enum Step {
    /// Time passes (tenths of a second).
    Wait(u8),
    /// Someone (of a small crowd) does something.
    Act {
        who: u8,
        what: u8,
        value: u8,
    },
    /// A stats response arrives.
    Stats {
        users: u8,
        likes: u8,
        answers: u8,
    },
    Latency(u8),
    Link(u8),
    Key(u8),
    Resize(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (1u8..=25).prop_map(Step::Wait),
        4 => (0u8..6, 0u8..7, 0u8..12).prop_map(|(who, what, value)| Step::Act { who, what, value }),
        2 => (0u8..40, 0u8..40, 0u8..20).prop_map(|(users, likes, answers)| Step::Stats { users, likes, answers }),
        1 => (0u8..200).prop_map(Step::Latency),
        1 => (0u8..4).prop_map(Step::Link),
        3 => (0u8..16).prop_map(Step::Key),
        1 => (0u8..5).prop_map(Step::Resize),
    ]
}

/// A journey, its view state, and the terminal showing it.
struct Run {
    engine: JourneyState,
    app: App,
    terminal: Terminal<TestBackend>,
    painter: Painter,
    now: f64,
    style: u8,
    seq: u64,
}

impl Run {
    fn new(style: u8, size: (u16, u16)) -> Run {
        let mut engine =
            JourneyState::new(Some(prompt(style)), Some(DURATION), EngineConfig::default());
        engine.ingest(Stamped {
            at: 0.0,
            input: Input::Link(Link {
                connection: journeytop_engine::Connection::Live,
                detail: None,
                retry_at: None,
            }),
        });
        let terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("a test backend");
        Run {
            engine,
            app: App::new(ThemeName::Dark, ColorMode::TrueColor),
            terminal,
            painter: Painter::default(),
            now: 0.0,
            style,
            seq: 0,
        }
    }

    fn ingest(&mut self, input: Input) {
        self.engine.ingest(Stamped {
            at: self.now,
            input,
        });
    }

    fn event(&mut self, who: u8, data: EventData) -> Event {
        self.seq += 1;
        Event {
            uid: format!("oseh_ipe_{}", self.seq),
            user_sub: Some(format!("oseh_u_{who}")),
            session_uid: Some(format!("oseh_ips_{who}")),
            time: self.now,
            icon: None,
            data,
        }
    }

    fn apply(&mut self, step: &Step) {
        match *step {
            Step::Wait(tenths) => self.now += f64::from(tenths) / 10.0,
            Step::Act { who, what, value } => {
                let name = Some(
                    ["Ana", "Bo", "Chidi", "Dana", "Émile", "Gus"][usize::from(who)].to_string(),
                );
                let data = match (what, self.style) {
                    (0, _) => EventData::Join { name },
                    (1, _) => EventData::Leave { name },
                    (2, _) => EventData::Like,
                    (_, 0) => EventData::Numeric {
                        rating: i64::from(value % 10) + 1,
                    },
                    (3 | 4, 1) => EventData::PressStart,
                    (_, 1) => EventData::PressEnd,
                    (_, 2) => EventData::Color {
                        index: i64::from(value % 3),
                    },
                    _ => EventData::Word {
                        index: i64::from(value % 3),
                    },
                };
                let events = vec![self.event(who, data)];
                self.ingest(Input::Batch(EventBatch {
                    events,
                    malformed: vec![],
                }));
            }
            Step::Stats {
                users,
                likes,
                answers,
            } => {
                let bin_width = DURATION / 200.0;
                let bin = (self.now / bin_width).floor().max(1.0) as usize - 1;
                let n = i64::from(answers);
                let response = StatsResponse {
                    journey_time: bin as f64 * bin_width,
                    bin_width,
                    users: i64::from(users),
                    likes: i64::from(likes),
                    numeric_active: (self.style == 0)
                        .then(|| BTreeMap::from([("3".to_string(), n), ("7".to_string(), n / 2)])),
                    press_active: (self.style == 1).then_some(n / 2),
                    press: (self.style == 1).then_some(n),
                    color_active: (self.style == 2).then(|| vec![n, 1, 0]),
                    word_active: (self.style == 3).then(|| vec![0, n, 2]),
                };
                self.ingest(Input::Stats { bin, response });
            }
            Step::Latency(ms) => self.ingest(Input::Latency {
                offset: f64::from(ms) / 1000.0,
            }),
            Step::Link(kind) => {
                use journeytop_engine::Connection as C;
                let connection = [C::Live, C::Reconnecting, C::Live, C::Failed][usize::from(kind)];
                self.ingest(Input::Link(Link {
                    connection,
                    detail: Some("the server went away".into()),
                    retry_at: (connection == C::Reconnecting).then_some(self.now + 2.0),
                }));
            }
            Step::Key(k) => {
                let code = match k {
                    0 => KeyCode::Tab,
                    1 => KeyCode::BackTab,
                    2 => KeyCode::Enter,
                    3 => KeyCode::Char('t'),
                    4 => KeyCode::Char('+'),
                    5 => KeyCode::Char('-'),
                    6 => KeyCode::Char('j'),
                    7 => KeyCode::Char('k'),
                    8 => KeyCode::Char('?'),
                    9 => KeyCode::Esc,
                    10 => KeyCode::Char('s'),
                    11 => KeyCode::Char('c'),
                    12 => KeyCode::Char('f'),
                    13 => KeyCode::Char('r'),
                    _ => KeyCode::Char('e'),
                };
                let key = KeyEvent::new(code, KeyModifiers::NONE);
                match keys::handle(&mut self.app, key, Screen::Live) {
                    Effect::Freeze => {
                        self.app.frozen = Some(Box::new(View::build(&self.engine, &meta())));
                    }
                    Effect::ResetLive => self.engine.reset_live(),
                    _ => {}
                }
            }
            Step::Resize(i) => {
                let (w, h) = [(80, 24), (120, 30), (200, 60), (60, 20), (39, 11)][usize::from(i)];
                self.terminal.backend_mut().resize(w, h);
            }
        }
    }

    /// Draws a frame as the live loop does; returns what it drew and the
    /// view it drew.
    fn frame(&mut self) -> (Drawn, View) {
        self.engine.advance_to(self.now);
        let view = match self.app.frozen.as_deref() {
            Some(v) => v.clone(),
            None => View::build(&self.engine, &meta()),
        };
        self.app.ended = view.ended();
        let drawn = self
            .painter
            .paint(&mut self.terminal, view.clone(), &self.app)
            .expect("a test backend draws");
        (drawn, view)
    }

    /// The whole screen drawn afresh.
    fn whole(&self, view: &View) -> Buffer {
        let area = self.terminal.backend().buffer().area;
        let mut buf = Buffer::empty(area);
        layout::draw(&mut buf, area, view, &self.app);
        buf
    }
}

/// The first row that differs, for a readable failure.
fn first_difference(shown: &Buffer, whole: &Buffer) -> String {
    let w = usize::from(whole.area.width).max(1);
    let row = |b: &Buffer, y: usize| -> String {
        b.content[y * w..(y + 1) * w]
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect()
    };
    (0..usize::from(whole.area.height))
        .find(|&y| shown.content[y * w..(y + 1) * w] != whole.content[y * w..(y + 1) * w])
        .map_or_else(String::new, |y| {
            format!(
                "row {y}\n shown: {}\n whole: {}",
                row(shown, y),
                row(whole, y)
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn frames_drawn_in_parts_show_what_a_whole_frame_shows(
        style in 0u8..4,
        steps in prop::collection::vec(step(), 1..60),
    ) {
        let mut run = Run::new(style, (200, 60));
        for (i, step) in steps.iter().enumerate() {
            run.apply(step);
            let (drawn, view) = run.frame();
            let shown = run.terminal.backend().buffer().clone();
            let whole = run.whole(&view);
            prop_assert!(
                shown == whole,
                "after step {i} ({step:?}), drawn {drawn:?}: {}",
                first_difference(&shown, &whole)
            );
        }
    }
}

/// The property above is not a vacuous pass: most of its frames after a
/// quiet step are drawn in parts (a screen too small, help or the summary
/// keep some runs whole throughout; this one never leaves the dashboard).
#[test]
fn quiet_steps_of_a_random_journey_draw_in_parts() {
    let mut run = Run::new(0, (120, 30));
    let mut parts = 0;
    for k in 0..60u8 {
        let step = match k % 6 {
            0 => Step::Act {
                who: k % 6,
                what: k % 7,
                value: k,
            },
            1 => Step::Stats {
                users: k,
                likes: k / 2,
                answers: k / 3,
            },
            2 => Step::Latency(k),
            _ => Step::Wait(10),
        };
        run.apply(&step);
        let (drawn, view) = run.frame();
        if matches!(drawn, Drawn::Parts(_)) {
            parts += 1;
        }
        assert_eq!(
            *run.terminal.backend().buffer(),
            run.whole(&view),
            "step {k}"
        );
    }
    assert!(parts >= 20, "{parts} of 60 frames in parts");
}

/// People join, like and leave, then quiet seconds with a stats poll each:
/// each quiet second draws the header (the clock) and the panels that name
/// the stats' time, never the feed, and for a numeric or press prompt with
/// no answers (nothing in it moves) never the prompt.
#[test]
fn a_quiet_second_draws_only_the_parts_that_show_time() {
    for style in 0..4 {
        let mut run = Run::new(style, (200, 60));
        for who in 0..6 {
            for what in 0..3 {
                run.apply(&Step::Act {
                    who,
                    what,
                    value: 0,
                });
                run.apply(&Step::Wait(3));
            }
        }
        // Past the last event, so the stats' bins start after it.
        run.apply(&Step::Wait(25));
        run.apply(&Step::Stats {
            users: 9,
            likes: 4,
            answers: 0,
        });
        run.apply(&Step::Wait(10));
        assert_eq!(run.frame().0, Drawn::Whole, "the first frame is whole");
        for second in 0..5 {
            run.apply(&Step::Wait(10));
            run.apply(&Step::Stats {
                users: 9,
                likes: 4,
                answers: 0,
            });
            let (drawn, view) = run.frame();
            let Drawn::Parts(parts) = drawn else {
                panic!("style {style}, second {second}: a quiet second drew the whole screen");
            };
            assert!(parts.contains(&Part::Header), "the clock moved: {parts:?}");
            assert!(
                parts.contains(&Part::Participants) && parts.contains(&Part::Likes),
                "the stats' time moved: {parts:?}"
            );
            assert!(!parts.contains(&Part::Feed), "style {style}: {parts:?}");
            if style < 2 {
                assert!(!parts.contains(&Part::Prompt), "style {style}: {parts:?}");
            }
            assert_eq!(*run.terminal.backend().buffer(), run.whole(&view));
        }
    }
}

/// Every part is drawn again at least every `WHOLE_EVERY`, whatever the
/// view says: a mistake in what a part reads cannot last.
#[test]
fn the_whole_screen_is_drawn_at_least_every_ten_seconds() {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a runtime")
        .block_on(async {
            let mut run = Run::new(0, (120, 30));
            assert_eq!(run.frame().0, Drawn::Whole);
            let mut since_whole = Duration::ZERO;
            for _ in 0..25 {
                tokio::time::advance(Duration::from_secs(1)).await;
                since_whole += Duration::from_secs(1);
                run.apply(&Step::Wait(10));
                match run.frame().0 {
                    Drawn::Whole => since_whole = Duration::ZERO,
                    Drawn::Parts(_) => assert!(since_whole < WHOLE_EVERY),
                }
            }
        });
}

/// A terminal the writer has not drawn (or drawn at another size) is
/// drawn whole.
#[test]
fn a_resize_draws_the_whole_screen() {
    let mut run = Run::new(0, (200, 60));
    run.frame();
    run.apply(&Step::Wait(10));
    assert!(matches!(run.frame().0, Drawn::Parts(_)));
    run.apply(&Step::Resize(1));
    let (drawn, view) = run.frame();
    assert_eq!(drawn, Drawn::Whole);
    assert_eq!(*run.terminal.backend().buffer(), run.whole(&view));
}
