//! The live client: connect, sync, stay connected, reconcile.
//!
//! [`follow`] keeps one journey's websocket alive whatever the network does
//! — reconnecting with backoff, re-syncing on drift, giving up only on what
//! retrying cannot fix — and forwards everything it hears as stamped
//! [`Input`]s. [`stats::poll`] loads the HTTP totals alongside.

pub mod connection;
pub(crate) mod error;
pub mod fleet;
pub(crate) mod session;
pub mod stats;
pub mod target;
pub(crate) mod ticket;
pub mod tls;

use crate::channel::InputSender;
use crate::clock::JourneyClock;
use connection::{AttemptError, AttemptSettings, StreamEnd};
pub use error::LiveError;
use journeytop_engine::{Connection, Input, Link, Stamped};
pub use session::{ConnectArgs, LiveSession};
use std::time::Duration;
use target::Target;

/// Reconnect delays: 1 s after each of the first four failures, then 5 s
/// (like the production web client), each with ±20 % jitter.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub first: Duration,
    pub first_count: u32,
    pub later: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            first: Duration::from_secs(1),
            first_count: 4,
            later: Duration::from_secs(5),
        }
    }
}

impl Backoff {
    /// The delay after `failures` consecutive failures (1-based).
    pub fn delay(&self, failures: u32, jitter_seed: u64) -> Duration {
        let base = if failures <= self.first_count {
            self.first
        } else {
            self.later
        };
        // ±20 % from a cheap hash of the seed: spreads a room of clients.
        let unit =
            (jitter_seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 11) as f64 / (1u64 << 53) as f64;
        base.mul_f64(0.8 + 0.4 * unit)
    }
}

/// Everything `follow` needs besides the target.
#[derive(Debug, Clone)]
pub struct FollowOptions {
    pub attempt: AttemptSettings,
    pub backoff: Backoff,
    /// Give up after this many consecutive failures (headless); None = never.
    pub max_retries: Option<u32>,
}

/// How a followed journey ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended {
    /// The journey is over: our clock passed its duration plus the
    /// lookback (the last events in flight have arrived), and we closed.
    JourneyOver,
}

/// The drift tolerance after `n` drift reconnects: it doubles each time
/// (a link whose latency really is high stops flapping), capped at 4 s.
fn widened(base: f64, n: u32) -> f64 {
    (base * 2f64.powi(n.min(8) as i32)).min(4.0_f64.max(base))
}

/// A lost connection: why, and whether it was a drift re-sync.
struct Lost {
    reason: String,
    drift: bool,
}

/// Words for how a stream ended, or None when the journey is simply over.
fn lost_stream(end: &StreamEnd, settings: &AttemptSettings, over: bool) -> Option<Lost> {
    let failure = |reason: String| {
        Some(Lost {
            reason,
            drift: false,
        })
    };
    match *end {
        StreamEnd::Closed { .. } if over => None,
        StreamEnd::Closed { code: Some(code) } => failure(format!(
            "the server closed the connection (code {code}) before the journey ended"
        )),
        StreamEnd::Closed { code: None } => failure("the connection dropped (1006)".to_string()),
        StreamEnd::Dead => failure(format!(
            "no packet for {} s: the connection is dead",
            settings.dead_after.as_secs_f64()
        )),
        StreamEnd::TooLarge { size, max } => failure(format!(
            "the server sent a message of {size} bytes, over the {max}-byte limit"
        )),
        StreamEnd::Drift { offset } => Some(Lost {
            reason: format!(
                "clock drift of {:.0} ms beyond the {:.0} ms tolerance: re-syncing",
                offset * 1000.0,
                settings.drift_tolerance * 1000.0
            ),
            drift: true,
        }),
    }
}

/// "1 failed attempt", "3 failed attempts".
fn attempts_phrase(n: u32) -> String {
    if n == 1 {
        "1 failed attempt".to_string()
    } else {
        format!("{n} failed attempts")
    }
}

/// Sleeps until the journey clock reads `t` (forever if it has not started).
async fn sleep_until_time(clock: &JourneyClock, t: f64) {
    match clock.instant_at(t) {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

/// Tells the consumer the link changed (waiting for room in the channel).
async fn send_link(tx: &InputSender, clock: &JourneyClock, link: Link) {
    send_link_at(tx, clock.now(), link).await;
}

async fn send_link_at(tx: &InputSender, at: f64, link: Link) {
    // A closed receiver means the consumer is gone; nothing to do.
    let _ = tx
        .send(Stamped {
            at,
            input: Input::Link(link),
        })
        .await;
}

/// The journey is over on time: it ended at its end, not at the timer's
/// wake-up a moment later.
async fn ended_on_time(
    tx: &InputSender,
    clock: &JourneyClock,
    end_at: f64,
) -> Result<Ended, LiveError> {
    let at = clock.now().min(end_at);
    send_link_at(tx, at, Link::new(Connection::Ended)).await;
    Ok(Ended::JourneyOver)
}

/// Follows one journey until it is over or fails for good.
///
/// Every reconnect counts toward the backoff and `max_retries` — a drift
/// re-sync and a connection that drops before it was stable included — so
/// no server can make the client reconnect in a tight loop. Only a
/// connection that stayed up for `stable_after` forgives earlier failures.
pub async fn follow(
    target: &Target,
    opts: &FollowOptions,
    clock: &JourneyClock,
    tx: &InputSender,
) -> Result<Ended, LiveError> {
    let link = |l: Link| send_link(tx, clock, l);
    // Over at the duration plus the lookback: events still in flight were
    // sent by then. We close the socket ourselves rather than wait for the
    // server's auto-close (duration + lookback + 10 s).
    let end_at = target.spec.duration + opts.attempt.lookback.max(0.0);
    let over = || clock.is_started() && clock.now() >= end_at;
    let ended = || async {
        link(Link::new(Connection::Ended)).await;
        Ok(Ended::JourneyOver)
    };
    let (mut failures, mut drifts, mut drifts_in_a_row, mut attempts) = (0u32, 0u32, 0u32, 0u64);
    let mut settings = opts.attempt.clone();
    loop {
        if over() {
            return ended().await;
        }
        attempts += 1;
        if attempts == 1 {
            link(Link::new(Connection::Connecting)).await;
        }
        settings.drift_tolerance = widened(opts.attempt.drift_tolerance, drifts);
        tracing::info!(url = %target.ws.to_url(), attempt = attempts, "connecting");
        let lost = match connection::connect(&target.ws, &target.spec, &settings, clock).await {
            Ok(ws) => {
                link(Link::new(Connection::Live)).await;
                // Dropping the stream at the end closes the socket.
                let streamed = tokio::select! {
                    s = connection::stream(ws, &settings, clock, tx) => s,
                    () = sleep_until_time(clock, end_at) => return ended_on_time(tx, clock, end_at).await,
                };
                if streamed.lasted >= settings.stable_after {
                    failures = 0;
                    drifts_in_a_row = 0;
                }
                match lost_stream(&streamed.end, &settings, over()) {
                    Some(lost) => lost,
                    None => return ended().await,
                }
            }
            Err(e) if e.is_fatal() => {
                let message = e.to_string();
                tracing::error!(%message, "giving up");
                link(Link {
                    connection: Connection::Failed,
                    detail: Some(message.clone()),
                    retry_at: None,
                })
                .await;
                return Err(match e {
                    AttemptError::Forbidden => LiveError::Refused(message),
                    AttemptError::NotFound { .. } => LiveError::NotFound(message),
                    _ => LiveError::Rejected(message),
                });
            }
            Err(e) => Lost {
                reason: e.to_string(),
                drift: false,
            },
        };
        failures += 1;
        if lost.drift {
            drifts += 1;
            drifts_in_a_row += 1;
        } else {
            drifts_in_a_row = 0;
        }
        tracing::warn!(reason = %lost.reason, failures, "connection lost");
        if let Some(max) = opts.max_retries
            && failures > max
        {
            let message = format!(
                "giving up after {} in a row: {}",
                attempts_phrase(failures),
                lost.reason
            );
            link(Link {
                connection: Connection::Failed,
                detail: Some(message.clone()),
                retry_at: None,
            })
            .await;
            return Err(LiveError::GaveUp(message));
        }
        if over() {
            continue;
        }
        // A drift reconnect is how we re-sync: the first one at once, the
        // ones right after it with the backoff.
        let delay = if lost.drift && drifts_in_a_row == 1 {
            Duration::ZERO
        } else {
            opts.backoff.delay(failures, attempts)
        };
        link(Link {
            connection: Connection::Reconnecting,
            detail: Some(lost.reason),
            retry_at: Some(clock.now() + delay.as_secs_f64()),
        })
        .await;
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_one_second_four_times_then_five() {
        let b = Backoff::default();
        for f in 1..=4 {
            let d = b.delay(f, u64::from(f)).as_secs_f64();
            assert!((0.8..=1.2).contains(&d), "{d}");
        }
        let d = b.delay(5, 7).as_secs_f64();
        assert!((4.0..=6.0).contains(&d), "{d}");
    }

    #[test]
    fn attempts_are_counted_in_plain_words() {
        assert_eq!(attempts_phrase(1), "1 failed attempt");
        assert_eq!(attempts_phrase(11), "11 failed attempts");
    }

    #[test]
    fn drift_tolerance_widens_and_caps() {
        assert_eq!(widened(0.25, 0), 0.25);
        assert_eq!(widened(0.25, 1), 0.5);
        assert_eq!(widened(0.25, 2), 1.0);
        assert_eq!(widened(0.25, 10), 4.0);
    }
}
