//! The event loop: one `select!` over terminal events, the input channel,
//! a frame deadline (armed only when something changed, at most 30 frames
//! a second) and a clock tick just after each whole journey second.
//! Redraws only when something changed; a latency figure or a stats poll
//! alone waits for the next tick, and events held for the future are
//! released by the frame that shows them (at most one wake-up a frame).
//!
//! At any event rate, keys come first and a frame is drawn at least every
//! 50 ms: the select is biased (keys, then a due frame, then the clock),
//! and one turn takes at most [`MAX_DRAIN`] inputs or [`DRAIN_BUDGET`] of
//! time from the channel before it looks at keys and frames again. The
//! channel is bounded, so a flood waits in the sources (backpressure), not
//! in memory.

use super::app::{App, AutoRestart, Meta, Mode};
use super::keys::{self, Effect, Screen};
use super::painter::{Drawn, Painter};
use super::view::View;
use crossterm::event::Event;
use futures_util::{Stream, StreamExt};
use journeytop_engine::{Connection, Input, JourneyState, Stamped};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::sync::atomic::AtomicU64;
use std::time::Duration;
use tokio::time::Instant;

/// Why the loop returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The user quit.
    Quit,
    /// Demo mode: the journey ended and nobody pressed a key, or `n` was
    /// pressed; run the next one.
    Restart,
}

/// Frames for what the user did (a key, a click, a resize) come at most
/// this often, so a held key scrolls smoothly.
const FRAME: Duration = Duration::from_millis(33);
/// Frames for what the journey did come at most this often: fifteen a
/// second is smoother than anyone reads a changing number, and each frame
/// redraws and diffs the whole screen (most of the busy dashboard's CPU).
const DATA_FRAME: Duration = Duration::from_millis(66);
/// Inputs taken from the channel in one turn of the loop, at most.
pub(crate) const MAX_DRAIN: usize = 256;
/// Time spent taking inputs in one turn of the loop, at most.
const DRAIN_BUDGET: Duration = Duration::from_millis(10);
/// How long the demo's summary stays before it restarts.
pub(crate) const DEMO_RESTART_SECS: u64 = 5;

pub(crate) async fn run(
    terminal: &mut crate::ui::terminal::DefaultTerminal,
    meta: &Meta,
    engine: &mut JourneyState,
    inputs: &mut crate::channel::InputReceiver,
    clock: &(dyn Fn() -> f64 + Send + Sync),
    app: &mut App,
) -> anyhow::Result<Outcome> {
    let mut events = crate::ui::term_events::terminal_events();
    let live = Live {
        engine,
        inputs,
        clock,
    };
    run_with(terminal, &mut events, meta, live, app, None).await
}

/// What the loop shows and what feeds it: the engine, the input channel
/// and the journey clock.
struct Live<'a> {
    engine: &'a mut JourneyState,
    inputs: &'a mut crate::channel::InputReceiver,
    clock: &'a (dyn Fn() -> f64 + Send + Sync),
}

/// The loop, over any terminal backend and any stream of terminal events.
async fn run_with<B, K>(
    terminal: &mut Terminal<B>,
    events: &mut K,
    meta: &Meta,
    live: Live<'_>,
    app: &mut App,
    counter: Option<&AtomicU64>,
) -> anyhow::Result<Outcome>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    K: Stream<Item = std::io::Result<Event>> + Unpin,
{
    let Live {
        engine,
        inputs,
        clock,
    } = live;
    let mut inputs_open = true;
    let mut terminal_open = true;
    let mut drawn_generation = None;
    let mut last_frame: Option<Instant> = None;
    let mut deadline: Option<Instant> = Some(Instant::now());
    // Changes that should show within a frame (events, the link); a new
    // latency figure or stats poll alone waits for the clock's next second.
    let mut urgent = false;
    let mut health = Health::default();
    let mut tick_at = next_second(Instant::now(), clock());
    let mut painter = Painter::default();

    loop {
        let frame_due = async {
            match deadline {
                // Due now: drawn in this turn. A timer would round up to
                // the next millisecond, one more wake-up for every frame.
                Some(d) if d <= Instant::now() => {}
                Some(d) => tokio::time::sleep_until(d).await,
                None => std::future::pending().await,
            }
        };
        // Events that arrived ahead of our clock wait in the engine's heap.
        // Releasing one can only show at the next frame, so wake when the
        // next one is due but not before the next frame may be drawn, and
        // not at all while a frame is pending: the frame releases what is
        // due before it draws. At most one wake-up a frame, at any rate.
        let release_at = match (deadline, engine.next_due()) {
            (None, Some(t)) => {
                let secs = (t - clock()).clamp(0.0, 3600.0);
                let at = Instant::now() + Duration::from_secs_f64(secs);
                Some(last_frame.map_or(at, |f| at.max(f + DATA_FRAME)))
            }
            _ => None,
        };
        let release_due = async {
            match release_at {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        let mut dirty = false;
        tokio::select! {
            // Keys first, then a due frame, then the clock: a flood of
            // inputs can never keep `q` waiting.
            biased;
            // SIGTERM / SIGINT / SIGHUP: quit like `q`; the caller restores
            // the terminal and the process exits with the signal's code.
            _ = crate::process::signals::shutdown() => return Ok(Outcome::Quit),
            ev = events.next(), if terminal_open => match ev {
                Some(Ok(Event::Mouse(m))) => dirty |= keys::mouse(app, m) != Effect::None,
                Some(Ok(Event::Key(key))) => match on_key(app, key, meta, engine) {
                    Ok(changed) => dirty |= changed,
                    Err(outcome) => return Ok(outcome),
                },
                Some(Ok(Event::Resize(..))) => dirty = true,
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    // Reading the terminal failed; keep showing the state
                    // rather than crash, but stop polling it.
                    tracing::warn!(error = %e, "terminal input failed");
                    terminal_open = false;
                }
                None => terminal_open = false,
            },
            _ = frame_due => {
                deadline = None;
                // What fell due since the last turn shows in this frame.
                engine.advance_to(clock());
                health.drew(&draw_frame((terminal, &mut painter), engine, meta, app)?);
                if let Some(drawn) = counter {
                    drawn.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                urgent = false;
                drawn_generation = Some(engine.generation());
                last_frame = Some(Instant::now());
            },
            () = tokio::time::sleep_until(tick_at) => {
                engine.advance_to(clock());
                health.tick(engine, clock());
                if let Some(outcome) = demo_countdown(meta, engine, app) {
                    return Ok(outcome);
                }
                // The clock on screen moves every second: the tick comes
                // just after the journey clock turns a whole second.
                tick_at = next_second(Instant::now(), clock());
                dirty = true;
            },
            () = release_due => {
                engine.advance_to(clock());
                urgent = true;
            },
            first = inputs.recv(), if inputs_open => match first {
                Some(stamped) => {
                    health.ingested(clock() - stamped.at);
                    urgent |= drain(stamped, inputs, engine);
                    engine.advance_to(clock());
                }
                // The sources are gone: keep the last state on screen.
                None => inputs_open = false,
            },
        }
        // A frozen screen redraws for keys, resizes and the clock only.
        let changed = app.frozen.is_none() && drawn_generation != Some(engine.generation());
        if dirty || (changed && urgent) {
            // A key pulls a frame already planned for data nearer.
            let spacing = if dirty { FRAME } else { DATA_FRAME };
            let earliest = last_frame.map_or_else(Instant::now, |t| t + spacing);
            let earliest = earliest.max(Instant::now());
            deadline = Some(deadline.map_or(earliest, |d| d.min(earliest)));
        }
    }
}

/// Just after the journey clock next turns a whole second (`now` reads
/// `clock` at `at`); at most a second away, never less than a millisecond.
fn next_second(at: Instant, clock: f64) -> Instant {
    let left = if clock.is_finite() {
        (clock.floor() + 1.0 - clock).clamp(0.0, 1.0)
    } else {
        1.0
    };
    // A little past the turn, so the clock reads the new second.
    at + Duration::from_secs_f64(left).max(Duration::from_millis(1)) + Duration::from_millis(1)
}

/// A key on the live dashboard: `Ok(true)` when the screen should redraw,
/// `Err(outcome)` when the loop ends.
fn on_key(
    app: &mut App,
    key: crossterm::event::KeyEvent,
    meta: &Meta,
    engine: &mut JourneyState,
) -> Result<bool, Outcome> {
    match keys::handle(app, key, app.screen(Screen::of(meta.mode))) {
        // Player and overview keys are not bound on a live dashboard.
        Effect::None | Effect::Player(_) | Effect::Overview(_) => Ok(false),
        Effect::Quit => Err(Outcome::Quit),
        Effect::Next => Err(Outcome::Restart),
        Effect::ResetLive => {
            engine.reset_live();
            Ok(true)
        }
        Effect::Freeze => {
            app.frozen = Some(Box::new(View::build(engine, meta)));
            Ok(true)
        }
        Effect::Redraw => Ok(true),
    }
}

/// Draws the frozen view or the engine's state now.
fn draw_frame<B>(
    (terminal, painter): (&mut Terminal<B>, &mut Painter),
    engine: &JourneyState,
    meta: &Meta,
    app: &mut App,
) -> anyhow::Result<Drawn>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let view = match app.frozen.as_deref() {
        Some(v) => v.clone(),
        None => View::build(engine, meta),
    };
    // `s` and Esc act on the summary as drawn.
    app.ended = view.ended();
    Ok(painter.paint(terminal, view, app)?)
}

/// Takes `first` and what else is ready, within one turn's budget (at most
/// [`MAX_DRAIN`] inputs or [`DRAIN_BUDGET`]), so keys and frames come next.
/// True when one of them should show within a frame (see [`is_urgent`]).
fn drain(
    first: Stamped,
    inputs: &mut crate::channel::InputReceiver,
    engine: &mut JourneyState,
) -> bool {
    let mut urgent = is_urgent(&first.input);
    engine.ingest(first);
    let began = Instant::now();
    let mut taken = 1;
    while taken < MAX_DRAIN && began.elapsed() < DRAIN_BUDGET {
        let Ok(more) = inputs.try_recv() else { break };
        urgent |= is_urgent(&more.input);
        engine.ingest(more);
        taken += 1;
    }
    urgent
}

/// Events and link changes show within a frame. A latency figure (every
/// 2 s) and a stats poll show with the clock's next second: they are
/// figures for a moment, and drawing each the moment it comes tripled the
/// frames of a quiet journey.
fn is_urgent(input: &Input) -> bool {
    !matches!(input, Input::Latency { .. } | Input::Stats { .. })
}

/// Demo mode: from the journey's end (its duration) count down and start
/// the next journey after [`DEMO_RESTART_SECS`], unless a key was pressed
/// (which sets the restart to `Stopped`; `n` still starts the next one).
fn demo_countdown(meta: &Meta, engine: &JourneyState, app: &mut App) -> Option<Outcome> {
    if meta.mode != Mode::Demo || app.restart == AutoRestart::Stopped {
        return None;
    }
    let end = engine.duration()?;
    let now = engine.now();
    if now < end && engine.link().connection != Connection::Ended {
        return None;
    }
    let left = end + DEMO_RESTART_SECS as f64 - now;
    if left <= 0.0 {
        return Some(Outcome::Restart);
    }
    app.restart = AutoRestart::Pending {
        secs: left.ceil() as u64,
    };
    None
}

/// Logs, every 10 s, how far behind the screen runs: the longest wait of an
/// input between its arrival and the engine (a growing value would mean the
/// loop cannot keep up), events still held for the future, and frames drawn
/// (and how many of them only in parts).
#[derive(Debug, Default)]
struct Health {
    ticks: u32,
    worst_lag: f64,
    inputs: u64,
    frames: u64,
    part_frames: u64,
}

impl Health {
    fn drew(&mut self, drawn: &Drawn) {
        self.frames += 1;
        if matches!(drawn, Drawn::Parts(_)) {
            self.part_frames += 1;
        }
    }

    fn ingested(&mut self, lag: f64) {
        self.inputs += 1;
        self.worst_lag = self.worst_lag.max(lag);
    }

    fn tick(&mut self, engine: &JourneyState, now: f64) {
        self.ticks += 1;
        if !self.ticks.is_multiple_of(10) {
            return;
        }
        let overdue = engine.next_due().is_some_and(|t| t < now - 0.05);
        tracing::info!(
            journey_time = format!("{now:.1}"),
            ingest_lag_ms = format!("{:.1}", self.worst_lag * 1000.0),
            inputs = self.inputs,
            frames = self.frames,
            in_parts = self.part_frames,
            held = engine.pending(),
            overdue,
            applied = engine.counts().applied,
            "dashboard health"
        );
        *self = Health {
            ticks: self.ticks,
            ..Health::default()
        };
    }
}

#[cfg(test)]
#[path = "runtime_countdown_tests.rs"]
mod countdown_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::{ColorMode, Mode, ThemeName};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use journeytop_engine::{EngineConfig, Input, Stamped};
    use journeytop_protocol::{Event as WireEvent, EventBatch, EventData, Variant};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// Events per input of the flood.
    const PER_INPUT: u64 = 50;

    /// An input that costs the engine more than it costs the producer (each
    /// event is far in the future, so each is rejected with a message), so
    /// the producer keeps the channel full.
    fn flood_input() -> Stamped {
        let events = (0..PER_INPUT)
            .map(|i| WireEvent {
                uid: format!("oseh_ipe_{i}"),
                user_sub: None,
                session_uid: Some(format!("oseh_ips_{i}")),
                time: 1e6,
                icon: None,
                data: EventData::Like,
            })
            .collect();
        Stamped {
            at: 0.0,
            input: Input::Batch(EventBatch {
                events,
                malformed: vec![],
            }),
        }
    }

    /// Issue 11: a flood kept the channel full and `q` was never read. The
    /// producer sends `q` after 3,000 inputs and then floods for ever; the
    /// loop must quit having handled at most the inputs sent before `q`
    /// plus what one turn takes ([`MAX_DRAIN`]) — a bound in inputs
    /// handled, not a timing.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn quit_is_handled_while_a_flood_keeps_the_channel_full() {
        let (tx, mut rx) = crate::channel::input_channel();
        let (key_tx, key_rx) = tokio::sync::mpsc::unbounded_channel();
        let sent = Arc::new(AtomicU64::new(0));
        let sent_at_quit = Arc::new(AtomicU64::new(0));
        let producer = {
            let (sent, sent_at_quit) = (sent.clone(), sent_at_quit.clone());
            tokio::spawn(async move {
                let input = flood_input();
                for i in 0.. {
                    if i == 3000 {
                        sent_at_quit.store(i, Ordering::SeqCst);
                        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
                        let _ = key_tx.send(Ok(Event::Key(q)));
                    }
                    if tx.send(input.clone()).await.is_err() {
                        break;
                    }
                    sent.store(i + 1, Ordering::SeqCst);
                }
                drop(key_tx);
            })
        };
        let mut keys = futures_util::stream::unfold(key_rx, |mut rx| async move {
            match rx.recv().await {
                Some(k) => Some((k, rx)),
                None => std::future::pending().await,
            }
        })
        .boxed();
        let mut terminal = Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
        let meta = watch_meta();
        let mut engine = JourneyState::new(None, Some(60.0), EngineConfig::default()).with_limits(
            journeytop_engine::Limits {
                max_rate: u32::MAX,
                max_pending: usize::MAX,
            },
        );
        let mut app = App::new(ThemeName::Dark, ColorMode::TrueColor);
        let clock = || 0.0;
        let outcome = tokio::time::timeout(
            Duration::from_secs(60),
            run_with(
                &mut terminal,
                &mut keys,
                &meta,
                Live {
                    engine: &mut engine,
                    inputs: &mut rx,
                    clock: &clock,
                },
                &mut app,
                None,
            ),
        )
        .await
        .expect("the loop never read q")
        .unwrap();
        assert_eq!(outcome, Outcome::Quit);
        let handled = engine.counts().received / PER_INPUT;
        let bound = sent_at_quit.load(Ordering::SeqCst) + 1 + MAX_DRAIN as u64;
        assert!(
            handled <= bound,
            "{handled} inputs handled before q (bound {bound})"
        );
        drop(rx);
        producer.abort();
        assert!(sent.load(Ordering::SeqCst) >= 3000);
    }

    /// The dashboard's facts for a watched journey, as the tests use them.
    fn watch_meta() -> Meta {
        Meta {
            variant: Variant::InteractivePrompts,
            uid: "oseh_ip_x".into(),
            mode: Mode::Watch,
            source: "test".into(),
            stats: crate::ui::StatsPlan::Endpoint,
        }
    }

    /// Runs the watch dashboard on a 100×30 test terminal over `keys` and
    /// `rx`, the journey clock counting from `start`, frames counted in
    /// `drawn`.
    async fn run_counted(
        keys: &mut (impl Stream<Item = std::io::Result<Event>> + Unpin),
        rx: &mut crate::channel::InputReceiver,
        start: Instant,
        drawn: &AtomicU64,
    ) -> (Outcome, JourneyState) {
        let mut terminal = Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
        let meta = watch_meta();
        let mut engine = JourneyState::new(None, Some(60.0), EngineConfig::default());
        let mut app = App::new(ThemeName::Dark, ColorMode::TrueColor);
        let clock = move || start.elapsed().as_secs_f64();
        let live = Live {
            engine: &mut engine,
            inputs: rx,
            clock: &clock,
        };
        let outcome = run_with(&mut terminal, keys, &meta, live, &mut app, Some(drawn))
            .await
            .unwrap();
        (outcome, engine)
    }

    /// A flood of events draws at most fifteen frames a second, yet a key
    /// pressed amid it shows within a key's frame spacing (33 ms), not the
    /// data's (66 ms). Frames are counted on a paused clock.
    #[tokio::test(start_paused = true)]
    async fn a_flood_draws_fifteen_frames_a_second_and_keys_stay_quick() {
        let (tx, mut rx) = crate::channel::input_channel();
        let start = Instant::now();
        let producer = tokio::spawn(async move {
            for n in 0u64.. {
                tokio::time::sleep(Duration::from_millis(5)).await;
                let t = start.elapsed().as_secs_f64();
                let like = WireEvent {
                    uid: format!("oseh_ipe_{n}"),
                    user_sub: None,
                    session_uid: Some("oseh_ips_1".into()),
                    time: t,
                    icon: None,
                    data: EventData::Like,
                };
                let batch = EventBatch {
                    events: vec![like],
                    malformed: vec![],
                };
                let input = Stamped {
                    at: t,
                    input: Input::Batch(batch),
                };
                if tx.send(input).await.is_err() {
                    break;
                }
            }
        });
        let drawn = Arc::new(AtomicU64::new(0));
        // `?` at 1.010 s, `?` again at 1.500 s, `q` at 2 s; what was drawn
        // is read 34 ms after each `?`.
        let key = |c| {
            Ok(Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )))
        };
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (d, s) = (Arc::clone(&drawn), Arc::clone(&seen));
        let mut keys = futures_util::stream::iter([(1010, '?'), (1500, '?'), (2000, 'q')])
            .then(move |(at, c)| {
                let (d, s) = (Arc::clone(&d), Arc::clone(&s));
                async move {
                    tokio::time::sleep_until(start + Duration::from_millis(at)).await;
                    let before = d.load(Ordering::SeqCst);
                    if c == '?' {
                        tokio::spawn(async move {
                            tokio::time::sleep(Duration::from_millis(34)).await;
                            s.lock()
                                .map(|mut v| v.push(d.load(Ordering::SeqCst) - before))
                                .ok();
                        });
                    }
                    key(c)
                }
            })
            .chain(futures_util::stream::pending())
            .boxed();
        let (outcome, engine) = run_counted(&mut keys, &mut rx, start, &drawn).await;
        producer.abort();
        assert_eq!(outcome, Outcome::Quit);
        assert!(engine.counts().applied > 300, "the flood was taken in");
        let frames = drawn.load(Ordering::SeqCst);
        // 2 s at 15 a second, plus the first, the clock's and the keys'.
        assert!((25..=36).contains(&frames), "{frames} frames in 2 s");
        let after_keys = seen.lock().map(|v| v.clone()).unwrap_or_default();
        assert_eq!(after_keys.len(), 2);
        assert!(after_keys.iter().all(|&n| n >= 1), "{after_keys:?}");
    }

    /// A latency figure, even ten times a second, draws no frame of its
    /// own: it shows with the clock's next second. In 10.5 s the screen is
    /// drawn at the start and once a second, not for every input. Frames
    /// are counted, on a paused clock.
    #[tokio::test(start_paused = true)]
    async fn latency_inputs_wait_for_the_clock_to_draw() {
        let (tx, mut rx) = crate::channel::input_channel();
        let producer = tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(100)).await;
                let same = Stamped {
                    at: 0.0,
                    input: Input::Latency { offset: 0.042 },
                };
                if tx.send(same).await.is_err() {
                    break;
                }
            }
        });
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        let mut keys = futures_util::stream::once(async move {
            tokio::time::sleep(Duration::from_millis(10_500)).await;
            Ok(Event::Key(q))
        })
        .chain(futures_util::stream::pending())
        .boxed();
        let drawn = AtomicU64::new(0);
        let (outcome, engine) = run_counted(&mut keys, &mut rx, Instant::now(), &drawn).await;
        producer.abort();
        assert_eq!(outcome, Outcome::Quit);
        assert!(engine.counts().received == 0 && engine.latency() == Some(0.042));
        // The first frame, the latency's first showing, then one a second.
        let frames = drawn.load(Ordering::SeqCst);
        assert!((10..=12).contains(&frames), "{frames} frames in 10.5 s");
    }
}
