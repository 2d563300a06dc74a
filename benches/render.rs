//! Render: one full dashboard frame of a busy journey (500 participants,
//! ten minutes of timelines, a full feed) for every prompt style, at 80×24,
//! 120×40 and 200×60. `View::build`, `draw` and the two together are
//! measured separately.
//! Targets: ≤ 60 µs a frame at 80×24, ≤ 150 µs at 200×60 (the README's
//! Performance section says which are met).
//!
//! `render/live` is what the live dashboard does for a frame, past the
//! view and the drawing: the frame written to a terminal (escape sequences
//! into a sink) after the diff against the one before, two states one
//! second apart taking turns, through the dashboard's `FrameWriter`
//! (`writer`) and through ratatui's `Terminal::draw` (`ratatui`).
//!
//! `render/quiet` is a quiet second of the live dashboard (five minutes
//! in, a few joins long ago, nothing since, the clock moving): the whole
//! screen through the `FrameWriter` (`whole`) against the `Painter`, which
//! draws only the parts whose input changed (`parts`). Warm caches here;
//! on a real quiet dashboard the frame comes once a second, cold.

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use journeytop::ui::render::draw;
use journeytop::ui::render::{FrameWriter, Painter};
use journeytop::ui::{App, ColorMode, Meta, Mode, ThemeName, View};
use journeytop_engine::{Connection, EngineConfig, Input, JourneyState, Link, Stamped};
use journeytop_protocol::*;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::hint::black_box;

const SESSIONS: usize = 500;
/// Journey seconds of activity: long timelines.
const SECONDS: usize = 600;

const NAMES: [&str; 8] = [
    "Alexandra",
    "Émile",
    "Fatima",
    "Chidi",
    "陈静",
    "Gustavo",
    "Hana",
    "Ivo",
];

fn meta() -> Meta {
    Meta {
        variant: Variant::InteractivePrompts,
        uid: "oseh_ip_AbCdEfGhIjKlMnOpQrStUv".into(),
        mode: Mode::Demo,
        source: "simulator".into(),
        stats: journeytop::ui::StatsPlan::NoEndpoint,
    }
}

/// A busy journey of `style`, `SECONDS` in: everyone joined, answers and
/// likes every second, some leaves, a stats snapshot for the totals scope.
pub fn busy(style: Style) -> JourneyState {
    let mut e = JourneyState::new(
        Some(Prompt::default_for(style)),
        Some(SECONDS as f64 + 60.0),
        EngineConfig::default(),
    );
    let link = |c| Input::Link(Link::new(c));
    e.ingest(Stamped {
        at: 0.0,
        input: link(Connection::Live),
    });
    e.ingest(Stamped {
        at: 0.0,
        input: Input::Latency { offset: 0.042 },
    });
    let mut n = 0u64;
    let mut joined = vec![false; SESSIONS];
    let mut left = vec![false; SESSIONS];
    for sec in 0..SECONDS {
        let mut events = Vec::new();
        for k in 0..12 {
            n += 1;
            let s = (n * 7919) as usize % SESSIONS;
            let t = sec as f64 + k as f64 / 12.0;
            let data = if !joined[s] {
                joined[s] = true;
                EventData::Join {
                    name: Some(format!("{} {s}", NAMES[s % NAMES.len()])),
                }
            } else if left[s] {
                continue;
            } else {
                match n % 9 {
                    0 if sec > SECONDS / 2 && s.is_multiple_of(10) => {
                        left[s] = true;
                        EventData::Leave {
                            name: Some(format!("{} {s}", NAMES[s % NAMES.len()])),
                        }
                    }
                    1..=3 => EventData::Like,
                    _ => match style {
                        Style::Numeric => EventData::Numeric {
                            rating: (n % 10 + 1) as i64,
                        },
                        Style::Press if n.is_multiple_of(2) => EventData::PressStart,
                        Style::Press => EventData::PressEnd,
                        Style::Color => EventData::Color {
                            index: (n % 8) as i64,
                        },
                        Style::Word => EventData::Word {
                            index: (n % 3) as i64,
                        },
                    },
                }
            };
            events.push(Event {
                uid: format!("oseh_ipe_{n:022}"),
                user_sub: Some(format!("oseh_u_{s:022}")),
                session_uid: Some(format!("oseh_ips_{s:022}")),
                time: t,
                icon: None,
                data,
            });
        }
        e.ingest(Stamped {
            at: sec as f64,
            input: Input::Batch(EventBatch {
                events,
                malformed: vec![],
            }),
        });
    }
    e.advance_to(SECONDS as f64 + 1.0);
    let response: StatsResponse = serde_json::from_str(
        r#"{"journey_time": 600, "bin_width": 2, "users": 12345, "likes": 3456789,
            "numeric_active": {"3": 100, "7": 300, "9": 50},
            "press_active": 12, "press": 99, "color_active": [1,2,3,4,5,6,7,8],
            "word_active": [5, 6, 7]}"#,
    )
    .expect("a valid stats response");
    e.ingest(Stamped {
        at: SECONDS as f64 + 1.0,
        input: Input::Stats { bin: 300, response },
    });
    e
}

/// `e` one second later: a batch of likes and answers from people there.
fn one_second_on(e: &JourneyState, style: Style) -> JourneyState {
    let mut e = e.clone();
    let at = SECONDS as f64 + 2.0;
    let events = (0..12u64)
        .map(|k| {
            let s = (k * 37) as usize % SESSIONS;
            Event {
                uid: format!("oseh_ipe_later_{k}"),
                user_sub: Some(format!("oseh_u_{s:022}")),
                session_uid: Some(format!("oseh_ips_{s:022}")),
                time: at - 1.0 + k as f64 / 12.0,
                icon: None,
                data: match (k % 2, style) {
                    (0, _) => EventData::Like,
                    (_, Style::Numeric) => EventData::Numeric { rating: 7 },
                    (_, Style::Press) => EventData::PressStart,
                    (_, Style::Color) => EventData::Color { index: 2 },
                    (_, Style::Word) => EventData::Word { index: 1 },
                },
            }
        })
        .collect();
    e.ingest(Stamped {
        at,
        input: Input::Batch(EventBatch {
            events,
            malformed: vec![],
        }),
    });
    e.advance_to(at);
    e
}

/// A terminal of a fixed size whose escape sequences go nowhere.
struct Sink {
    out: CrosstermBackend<std::io::Sink>,
    size: Size,
}

impl Backend for Sink {
    type Error = std::io::Error;
    fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(&mut self, c: I) -> std::io::Result<()> {
        self.out.draw(c)
    }
    fn hide_cursor(&mut self) -> std::io::Result<()> {
        self.out.hide_cursor()
    }
    fn show_cursor(&mut self) -> std::io::Result<()> {
        self.out.show_cursor()
    }
    fn get_cursor_position(&mut self) -> std::io::Result<Position> {
        Ok(Position::ORIGIN)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> std::io::Result<()> {
        self.out.set_cursor_position(p)
    }
    fn clear(&mut self) -> std::io::Result<()> {
        self.out.clear()
    }
    fn clear_region(&mut self, t: ClearType) -> std::io::Result<()> {
        self.out.clear_region(t)
    }
    fn size(&self) -> std::io::Result<Size> {
        Ok(self.size)
    }
    fn window_size(&mut self) -> std::io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// A quiet journey of `style` at second `at`: a few joins and likes in the
/// first seconds, then nothing.
fn quiet(style: Style, at: f64) -> JourneyState {
    let mut e = JourneyState::new(
        Some(Prompt::default_for(style)),
        Some(300.0),
        EngineConfig::default(),
    );
    e.ingest(Stamped {
        at: 0.0,
        input: Input::Link(Link::new(Connection::Live)),
    });
    let events = (0..8u64)
        .map(|k| Event {
            uid: format!("oseh_ipe_quiet_{k}"),
            user_sub: Some(format!("oseh_u_{k:022}")),
            session_uid: Some(format!("oseh_ips_{k:022}")),
            time: 1.0 + k as f64 / 8.0,
            icon: None,
            data: if k % 2 == 0 {
                EventData::Join {
                    name: Some(NAMES[k as usize % NAMES.len()].to_string()),
                }
            } else {
                EventData::Like
            },
        })
        .collect();
    e.ingest(Stamped {
        at: 2.5,
        input: Input::Batch(EventBatch {
            events,
            malformed: vec![],
        }),
    });
    e.advance_to(at);
    e
}

fn sink_terminal(w: u16, h: u16) -> Terminal<Sink> {
    let size = Size::new(w, h);
    let backend = Sink {
        out: CrosstermBackend::new(std::io::sink()),
        size,
    };
    let options = TerminalOptions {
        viewport: Viewport::Fullscreen,
    };
    Terminal::with_options(backend, options).expect("a terminal of a fixed size")
}

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];
const STYLES: [Style; 4] = [Style::Numeric, Style::Press, Style::Color, Style::Word];

fn bench(c: &mut Criterion) {
    let meta = meta();
    let app = App::new(ThemeName::Dark, ColorMode::TrueColor);
    let states: Vec<(Style, JourneyState)> = STYLES.iter().map(|s| (*s, busy(*s))).collect();
    for (_, e) in &states {
        assert!(e.live().users > 300, "busy: {} users", e.live().users);
        assert!(e.feed().len() >= 40);
    }

    let mut group = c.benchmark_group("render/build");
    for (style, e) in &states {
        group.bench_with_input(BenchmarkId::from_parameter(style.name()), e, |b, e| {
            b.iter(|| black_box(View::build(e, &meta)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("render/draw");
    for (style, e) in &states {
        let view = View::build(e, &meta);
        for (w, h) in SIZES {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            group.bench_with_input(
                BenchmarkId::new(style.name(), format!("{w}x{h}")),
                &view,
                |b, v| {
                    b.iter(|| {
                        draw(&mut buf, area, v, &app);
                        black_box(&buf);
                    })
                },
            );
        }
    }
    group.finish();

    // What one frame costs the runtime: build the view, then draw it.
    let mut group = c.benchmark_group("render/frame");
    for (style, e) in &states {
        for (w, h) in SIZES {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            group.bench_with_input(
                BenchmarkId::new(style.name(), format!("{w}x{h}")),
                e,
                |b, e| {
                    b.iter(|| {
                        let view = View::build(e, &meta);
                        draw(&mut buf, area, &view, &app);
                        black_box(&buf);
                    })
                },
            );
        }
    }
    group.finish();

    // What a live frame costs: view, drawing, diff and escape sequences,
    // two states a second apart taking turns.
    let mut group = c.benchmark_group("render/live");
    for (style, e) in &states {
        let pair = [e.clone(), one_second_on(e, *style)];
        for (w, h) in [(80, 24), (200, 60)] {
            let id = |how| BenchmarkId::new(format!("{}/{how}", style.name()), format!("{w}x{h}"));
            writer_frames(&mut group, id("writer"), &pair, (&meta, &app), (w, h));
            let mut terminal = sink_terminal(w, h);
            let mut turn = 0usize;
            group.bench_function(id("ratatui"), |b| {
                b.iter(|| {
                    turn += 1;
                    let view = View::build(&pair[turn % 2], &meta);
                    terminal
                        .draw(|f| journeytop::ui::render(f, &view, &app))
                        .expect("a sink takes anything");
                })
            });
        }
    }
    group.finish();
}

/// Whole frames through the `FrameWriter`, the two states taking turns.
fn writer_frames(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    pair: &[JourneyState; 2],
    (meta, app): (&Meta, &App),
    (w, h): (u16, u16),
) {
    let mut terminal = sink_terminal(w, h);
    let mut writer = FrameWriter::default();
    let mut turn = 0usize;
    group.bench_function(id, |b| {
        b.iter(|| {
            turn += 1;
            let view = View::build(&pair[turn % 2], meta);
            writer
                .draw(&mut terminal, |buf| draw(buf, buf.area, &view, app))
                .expect("a sink takes anything");
        })
    });
}

/// A quiet second: the whole screen, or only what changed.
fn bench_quiet(c: &mut Criterion) {
    let meta = meta();
    let app = App::new(ThemeName::Dark, ColorMode::TrueColor);
    let mut group = c.benchmark_group("render/quiet");
    for style in STYLES {
        let pair = [quiet(style, 300.5 - 60.0), quiet(style, 301.5 - 60.0)];
        for (w, h) in [(80, 24), (200, 60)] {
            let id = |how| BenchmarkId::new(format!("{}/{how}", style.name()), format!("{w}x{h}"));
            writer_frames(&mut group, id("whole"), &pair, (&meta, &app), (w, h));
            let mut terminal = sink_terminal(w, h);
            let mut painter = Painter::default();
            let mut turn = 0usize;
            group.bench_function(id("parts"), |b| {
                b.iter(|| {
                    turn += 1;
                    let view = View::build(&pair[turn % 2], &meta);
                    painter
                        .paint(&mut terminal, view, &app)
                        .expect("a sink takes anything");
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench, bench_quiet);
criterion_main!(benches);
