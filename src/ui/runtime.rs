//! The event loop: one `select!` over terminal events, the input channel,
//! a frame deadline (armed only when something changed, at most 30 frames
//! a second) and a 1 Hz clock tick. Redraws only when something changed.

use super::app::{App, AutoRestart, Meta, Mode};
use super::keys::{self, Effect, Screen};
use super::layout::render;
use super::view::View;
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use journeytop_engine::{Connection, JourneyState, Stamped};
use std::time::Duration;
use tokio::time::{Instant, MissedTickBehavior};

/// Why the loop returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The user quit.
    Quit,
    /// Demo mode: the journey ended and nobody pressed a key, or `n` was
    /// pressed; run the next one.
    Restart,
}

const FRAME: Duration = Duration::from_millis(33);
/// How long the demo's summary stays before it restarts.
pub(crate) const DEMO_RESTART_SECS: u64 = 5;

pub(crate) async fn run(
    terminal: &mut ratatui::DefaultTerminal,
    meta: &Meta,
    engine: &mut JourneyState,
    inputs: &mut tokio::sync::mpsc::UnboundedReceiver<Stamped>,
    clock: &(dyn Fn() -> f64 + Send + Sync),
    app: &mut App,
) -> anyhow::Result<Outcome> {
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut inputs_open = true;
    let mut terminal_open = true;
    let mut drawn_generation = None;
    let mut last_frame: Option<Instant> = None;
    let mut deadline: Option<Instant> = Some(Instant::now());
    let mut health = Health::default();

    loop {
        let frame_due = async {
            match deadline {
                Some(d) => tokio::time::sleep_until(d).await,
                None => std::future::pending().await,
            }
        };
        // Events that arrived ahead of our clock wait in the engine's heap;
        // wake exactly when the next one is due so it shows within a frame.
        let release_in = engine.next_due().map(|t| (t - clock()).max(0.0));
        let release_due = async {
            match release_in {
                Some(secs) => tokio::time::sleep(Duration::from_secs_f64(secs.min(3600.0))).await,
                None => std::future::pending().await,
            }
        };
        let mut dirty = false;
        tokio::select! {
            ev = events.next(), if terminal_open => match ev {
                Some(Ok(Event::Mouse(m))) => dirty |= keys::mouse(app, m) != Effect::None,
                Some(Ok(Event::Key(key))) => match keys::handle(app, key, Screen::of(meta.mode)) {
                    // Player keys are not bound on a live dashboard.
                    Effect::None | Effect::Player(_) => {}
                    Effect::Quit => return Ok(Outcome::Quit),
                    Effect::Next => return Ok(Outcome::Restart),
                    Effect::ResetLive => {
                        engine.reset_live();
                        dirty = true;
                    }
                    Effect::Freeze => {
                        app.frozen = Some(Box::new(View::build(engine, meta)));
                        dirty = true;
                    }
                    Effect::Redraw => dirty = true,
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
            first = inputs.recv(), if inputs_open => match first {
                Some(stamped) => {
                    health.ingested(clock() - stamped.at);
                    engine.ingest(stamped);
                    // Drain whatever else is ready, then draw once.
                    while let Ok(more) = inputs.try_recv() {
                        engine.ingest(more);
                    }
                    engine.advance_to(clock());
                }
                // The sources are gone: keep the last state on screen.
                None => inputs_open = false,
            },
            () = release_due => engine.advance_to(clock()),
            _ = tick.tick() => {
                engine.advance_to(clock());
                health.tick(engine, clock());
                if let Some(outcome) = demo_countdown(meta, engine, app) {
                    return Ok(outcome);
                }
                // The clock on screen moves every second.
                dirty = true;
            },
            _ = frame_due => {
                deadline = None;
                let view_now;
                let view = match app.frozen.as_deref() {
                    Some(v) => v,
                    None => {
                        view_now = View::build(engine, meta);
                        &view_now
                    }
                };
                // `s` and Esc act on the summary as drawn.
                app.ended = view.ended();
                terminal.draw(|f| render(f, view, app))?;
                health.frames += 1;
                drawn_generation = Some(engine.generation());
                last_frame = Some(Instant::now());
            },
        }
        // A frozen screen redraws for keys, resizes and the clock only.
        let changed = app.frozen.is_none() && drawn_generation != Some(engine.generation());
        if (dirty || changed) && deadline.is_none() {
            let earliest = last_frame.map_or_else(Instant::now, |t| t + FRAME);
            deadline = Some(earliest.max(Instant::now()));
        }
    }
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
/// loop cannot keep up), events still held for the future, and frames drawn.
#[derive(Debug, Default)]
struct Health {
    ticks: u32,
    worst_lag: f64,
    inputs: u64,
    frames: u64,
}

impl Health {
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
