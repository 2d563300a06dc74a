//! Headless output for scripts: NDJSON on stdout, one line per `every`
//! seconds of journey time, and a last line with `"final": true` when the
//! journey ends, the connection fails for good, or on Ctrl-C / SIGTERM.

use crate::channel::InputReceiver;
use crate::clock::JourneyClock;
use journeytop_engine::{Connection, JourneyState, Snapshot, Stamped};
use serde::Serialize;
use std::collections::VecDeque;
use std::io::Write;

#[derive(Debug, Serialize)]
pub struct Line<'a> {
    /// Which journey, when several are followed at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<&'a str>,
    pub journey_time: f64,
    pub connection: &'a str,
    pub live: Snapshot,
    pub totals: Option<Snapshot>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub r#final: bool,
}

/// The line for the engine's state at journey time `t`.
pub fn line(engine: &JourneyState, t: f64, is_final: bool) -> String {
    line_for(None, engine, t, is_final)
}

/// The line for one of several journeys: it starts with its `"uid"`.
pub fn line_for(uid: Option<&str>, engine: &JourneyState, t: f64, is_final: bool) -> String {
    let mut live = engine.snapshot();
    live.journey_time = round_ms(t);
    let l = Line {
        uid,
        journey_time: round_ms(t),
        connection: engine.link().connection.name(),
        live,
        totals: engine.totals_snapshot(),
        r#final: is_final,
    };
    serde_json::to_string(&l).unwrap_or_else(|e| format!(r#"{{"error":"cannot serialize: {e}"}}"#))
}

/// Journey times print to the millisecond: whole seconds stay whole.
fn round_ms(t: f64) -> f64 {
    (t * 1000.0).round() / 1000.0
}

/// How long after a line's journey time it is printed.
///
/// What live == replay rests on: a replay puts every input stamped at or
/// before t in the line at t. Live, a source stamps an input with the
/// journey clock just before it sends it; the send waits only when 1024
/// inputs are queued (this loop is far behind then anyway), and a
/// recorder's tee adds one buffered write. So an input stamped by t misses
/// the line at t only if the runtime was starved for more than this grace
/// after the stamp; then that one line differs from the replay's (the next
/// line has the input). The grace is a margin, not a proof. A deterministic
/// watermark needs every source to count an input as in flight before it
/// reads the clock, and this loop to print the line at t once the clock is
/// past t and nothing is in flight; not done, as it changes every source.
const LINE_GRACE: f64 = 0.05;

/// What stopped the printing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The source finished (journey over, failed, or end of a recording).
    SourceDone,
    /// `--until` was reached.
    Until,
    /// Ctrl-C or SIGTERM.
    Signal,
}

/// Prints lines as the clock passes each multiple of `every`, until the
/// source finishes (`done` resolves), `until` is reached, or a signal.
pub async fn run(
    engine: &mut JourneyState,
    rx: &mut InputReceiver,
    clock: &JourneyClock,
    every: f64,
    until: Option<f64>,
    done: impl std::future::Future<Output = ()>,
    out: &mut impl Write,
) -> std::io::Result<Stop> {
    tokio::pin!(done);
    // Inputs stamped after the line being printed wait here, so a line at
    // t holds exactly the inputs stamped at or before t — as a replay does.
    let mut held: VecDeque<Stamped> = VecDeque::new();
    let mut next_k: Option<i64> = None;
    let mut source_open = true;
    let stop = loop {
        // Lines fall on the multiples of `every` from the clock's start,
        // however late this loop began (a busy machine): the first is at
        // the start, as a replay's is.
        let k = *next_k.get_or_insert_with(|| (clock.start_at() / every).ceil() as i64);
        let due_t = k as f64 * every;
        if let Some(u) = until
            && due_t > u
            && clock.now() >= u
        {
            drain_until(engine, rx, &mut held, u);
            engine.advance_to(u);
            break Stop::Until;
        }
        // Print a little after the line's time: an input stamped just before
        // it may still be on its way (through a recorder's tee, say).
        let due = clock.instant_at(due_t + LINE_GRACE);
        let sleep = async {
            match due {
                Some(i) => tokio::time::sleep_until(i.into()).await,
                // Not started yet: check again shortly.
                None => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            }
        };
        tokio::select! {
            biased;
            _ = &mut done => {
                drain_until(engine, rx, &mut held, f64::INFINITY);
                break Stop::SourceDone;
            }
            _ = crate::process::signals::shutdown() => {
                drain_until(engine, rx, &mut held, f64::INFINITY);
                break Stop::Signal;
            }
            msg = rx.recv(), if source_open && held.is_empty() => match msg {
                Some(s) if s.at <= due_t => engine.ingest(s),
                Some(s) => held.push_back(s),
                None => source_open = false,
            },
            _ = sleep => {
                if due.is_some() {
                    drain_until(engine, rx, &mut held, due_t);
                    engine.advance_to(due_t);
                    writeln!(out, "{}", line(engine, due_t, false))?;
                    out.flush()?;
                    next_k = Some(k + 1);
                }
            }
        }
    };
    let t = match (stop, until) {
        (Stop::Until, Some(u)) => u,
        // The journey ended: the final line is where it ended (by duration
        // + lookback), not where this loop noticed.
        (Stop::SourceDone, _) if engine.link().connection == Connection::Ended => {
            engine.link_since()
        }
        _ => clock.now(),
    };
    engine.advance_to(t);
    writeln!(out, "{}", line(engine, t, true))?;
    out.flush()?;
    Ok(stop)
}

/// Ingests, in order, every input stamped at or before `upto`; later ones
/// stay held (order is kept: once one is held, all after it are).
fn drain_until(
    engine: &mut JourneyState,
    rx: &mut InputReceiver,
    held: &mut VecDeque<Stamped>,
    upto: f64,
) {
    while let Ok(s) = rx.try_recv() {
        held.push_back(s);
    }
    while held.front().is_some_and(|s| s.at <= upto) {
        if let Some(s) = held.pop_front() {
            engine.ingest(s);
        }
    }
}
