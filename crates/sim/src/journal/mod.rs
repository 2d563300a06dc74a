//! The journey's server-side state: the one path every simulated event goes
//! through, whether the crowd made it or an HTTP POST did.
//!
//! `submit` applies the backend's checks in the backend's order
//! (meetoseh/backend `interactive_prompts/events/helper.py`
//! `create_interactive_prompt_event` and the per-route `bonus_error_checks`;
//! `journeys/events/helper.py` is the same under the old names):
//!
//! 1. request validation (FastAPI, 422): a known evtype with well-formed
//!    data, a session uid, a finite time, `index >= 0`;
//! 2. `time < 0` → `impossible_{journey,prompt}_time`;
//! 3. `time > duration` → the same;
//! 4. `session_not_found` (unknown session, or another user's);
//! 5. `session_not_started` (first event not a join) /
//!    `session_already_started` (a second join);
//! 6. `session_already_ended` (the session has left);
//! 7. `session_has_later_event` (time goes backwards);
//! 8. `session_has_same_event_at_same_time`;
//! 9. `impossible_event` (evtype does not fit the prompt's style);
//! 10. `impossible_event_data` (rating / index out of range, press start
//!     while pressing, press end while not pressing).
//!
//! On success the event is logged and the Fenwick trees of
//! `*_event_fenwick_trees` are updated exactly as the backend's
//! `PrefixSumUpdate`s do.
//!
//! Split by job: [`rules`] (the checks and the per-session memory),
//! [`stats`] (the trees and the stats endpoint), [`errors`].

mod errors;
mod rules;
mod stats;

pub use errors::{RuleError, StatsError};
use journeytop_protocol::{Bins, Event, EventData, Prompt, Variant};
use rules::{Session, bit};
use stats::Trees;
use std::collections::HashMap;

/// Events the log keeps by default (the oldest half goes when it is full).
pub(crate) const DEFAULT_LOG_EVENTS: usize = 131_072;
/// Bytes (an estimate: the event and its strings) the log keeps at most.
pub(crate) const LOG_BYTES: usize = 32 << 20;
/// Sessions remembered by default.
pub(crate) const DEFAULT_SESSIONS: usize = 100_000;
/// The longest `data.name` taken, in characters (a simulator limit: the
/// real server takes names from profiles). Longer is a 422.
pub(crate) const MAX_NAME_CHARS: usize = 256;
/// The longest `session_uid` taken, in bytes (the protocol's uid limit).
pub(crate) const MAX_SESSION_UID_BYTES: usize = 255;

pub struct Journal {
    variant: Variant,
    prompt: Prompt,
    duration: f64,
    bins: Bins,
    truncate: bool,
    log: Vec<Event>,
    /// The estimated size of `log`, see [`event_bytes`].
    log_bytes: usize,
    max_log: usize,
    max_log_bytes: usize,
    sessions: HashMap<String, Session>,
    /// How many of `sessions` have left (they can be forgotten when full).
    ended: usize,
    max_sessions: usize,
    trees: Trees,
}

/// What an event holds on the heap and inline, roughly.
fn event_bytes(e: &Event) -> usize {
    let name = match &e.data {
        EventData::Join { name } | EventData::Leave { name } => {
            name.as_ref().map_or(0, String::len)
        }
        _ => 0,
    };
    let icon = e
        .icon
        .as_ref()
        .map_or(0, |i| i.uid.len() + i.jwt.expose().len());
    std::mem::size_of::<Event>()
        + e.uid.len()
        + e.user_sub.as_ref().map_or(0, String::len)
        + e.session_uid.as_ref().map_or(0, String::len)
        + name
        + icon
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal")
            .field("variant", &self.variant)
            .field("duration", &self.duration)
            .field("events", &self.log.len())
            .field("sessions", &self.sessions.len())
            .finish()
    }
}

impl Journal {
    pub fn new(variant: Variant, prompt: Prompt, duration: f64) -> Journal {
        let bins = Bins::for_duration(duration);
        let n = bins.count;
        let options = prompt.option_count();
        Journal {
            variant,
            duration,
            bins,
            truncate: variant == Variant::InteractivePrompts,
            log: Vec::new(),
            log_bytes: 0,
            max_log: DEFAULT_LOG_EVENTS,
            max_log_bytes: LOG_BYTES,
            sessions: HashMap::new(),
            ended: 0,
            max_sessions: DEFAULT_SESSIONS,
            trees: Trees::new(n, options),
            prompt,
        }
    }

    /// The same journal with other caps on its log (events and estimated
    /// bytes) and its sessions (each at least 1; `usize::MAX` for none).
    pub fn with_limits(mut self, log_events: usize, log_bytes: usize, sessions: usize) -> Journal {
        self.max_log = log_events.max(1);
        self.max_log_bytes = log_bytes.max(1);
        self.max_sessions = sessions.max(1);
        self
    }

    /// The estimated bytes the log holds (never above its cap, by default
    /// [`LOG_BYTES`], plus one event).
    pub fn log_bytes(&self) -> usize {
        self.log_bytes
    }

    /// Room for one more session: forgets those that have left when full,
    /// or says why there is none.
    fn make_room(&mut self) -> Result<(), RuleError> {
        if self.sessions.len() < self.max_sessions {
            return Ok(());
        }
        if self.ended > 0 {
            self.sessions.retain(|_, s| !s.ended);
            self.ended = 0;
        }
        if self.sessions.len() < self.max_sessions {
            return Ok(());
        }
        Err(RuleError::new(
            503,
            "too_many_sessions",
            format!(
                "the simulator holds {} sessions that have not left; try again later",
                self.sessions.len()
            ),
        ))
    }

    /// Appends to the log, first dropping its oldest half when it is full.
    fn push_log(&mut self, event: Event) {
        let bytes = event_bytes(&event);
        if self.log.len() >= self.max_log || self.log_bytes + bytes > self.max_log_bytes {
            let drop = self.log.len().div_ceil(2);
            let gone: usize = self.log.drain(..drop).map(|e| event_bytes(&e)).sum();
            self.log_bytes -= gone;
        }
        self.log_bytes += bytes;
        self.log.push(event);
    }

    pub fn variant(&self) -> Variant {
        self.variant
    }

    pub fn prompt(&self) -> &Prompt {
        &self.prompt
    }

    pub fn duration(&self) -> f64 {
        self.duration
    }

    pub fn bins(&self) -> Bins {
        self.bins
    }

    /// The accepted events still kept (the newest; see [`Journal::with_limits`]),
    /// in acceptance order.
    pub fn log(&self) -> &[Event] {
        &self.log
    }

    /// Sessions known (opened or joined), including those that have left.
    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Sessions that joined and have not left.
    pub fn active_sessions(&self) -> usize {
        self.sessions
            .values()
            .filter(|s| s.started && !s.ended)
            .count()
    }

    /// The name the session joined with, if it joined with one.
    pub fn joined_name(&self, session_uid: &str) -> Option<&str> {
        self.sessions.get(session_uid)?.name.as_deref()
    }

    /// Registers a session that exists but has not joined yet, as the
    /// backend's start endpoints do. Returns false if it was already known.
    /// (A join for a session never opened opens it implicitly: the simulator
    /// has no start endpoint to require.)
    pub fn open_session(&mut self, session_uid: &str, user_sub: Option<&str>) -> bool {
        if self.sessions.contains_key(session_uid) || self.make_room().is_err() {
            return false;
        }
        self.sessions.insert(
            session_uid.to_string(),
            Session::new(user_sub.map(str::to_string)),
        );
        true
    }

    /// Validates `event` against the backend's rules and, if it passes,
    /// logs it and updates the stats. Never panics on bad input.
    pub fn submit(&mut self, event: Event) -> Result<&Event, RuleError> {
        let evtype = self.check(&event)?;
        let Some(session_uid) = event.session_uid.as_deref() else {
            return Err(RuleError::unprocessable("session_uid is required"));
        };
        if !self.sessions.contains_key(session_uid) {
            // Only a join gets here unknown (check() saw to that): it opens it.
            self.make_room()?;
            let fresh = Session::new(event.user_sub.clone());
            self.sessions.insert(session_uid.to_string(), fresh);
        }
        let Some(session) = self.sessions.get_mut(session_uid) else {
            return Err(RuleError::new(500, "internal_error", "session vanished"));
        };
        let bin = self.bins.bin_of(event.time, self.truncate);
        let t = &mut self.trees;
        match &event.data {
            EventData::Join { name } => {
                session.started = true;
                session.name.clone_from(name);
                t.users.add(bin, 1);
            }
            EventData::Leave { .. } => {
                session.ended = true;
                self.ended += 1;
                t.users.add(bin, -1);
            }
            EventData::Like => t.likes.add(bin, 1),
            EventData::PressStart => {
                session.last_press_start = Some(event.time);
                t.press_active.add(bin, 1);
                t.press.add(bin, 1);
            }
            EventData::PressEnd => {
                session.last_press_end = Some(event.time);
                t.press_active.add(bin, -1);
            }
            EventData::Numeric { rating: v }
            | EventData::Color { index: v }
            | EventData::Word { index: v } => {
                let base = match &self.prompt {
                    Prompt::Numeric { min, .. } => *min,
                    _ => 0,
                };
                // Both updates land at the new event's bin (PrefixSumUpdate).
                let mut touch = |value: i64, delta: i64| {
                    let Ok(i) = usize::try_from(value - base) else {
                        return;
                    };
                    if let Some(tree) = t.options.get_mut(i) {
                        tree.add(bin, delta);
                        let first = &mut t.first_bin[i];
                        *first = Some(first.map_or(bin, |f| f.min(bin)));
                    }
                };
                touch(*v, 1);
                if let Some(prev) = session.last_answer.replace(*v) {
                    touch(prev, -1);
                }
            }
            EventData::Unknown(_) | EventData::Invalid(_) => {}
        }
        if event.time > session.last_time {
            session.last_time = event.time;
            session.types_at_last = 0;
        }
        session.types_at_last |= bit(evtype);
        self.push_log(event);
        // Just pushed, so the log is not empty.
        self.log
            .last()
            .ok_or_else(|| RuleError::new(500, "internal_error", "the event log is empty"))
    }
}
