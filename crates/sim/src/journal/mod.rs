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

pub struct Journal {
    variant: Variant,
    prompt: Prompt,
    duration: f64,
    bins: Bins,
    truncate: bool,
    log: Vec<Event>,
    sessions: HashMap<String, Session>,
    trees: Trees,
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
            sessions: HashMap::new(),
            trees: Trees::new(n, options),
            prompt,
        }
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

    /// Every accepted event, in acceptance order.
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
        if self.sessions.contains_key(session_uid) {
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
            EventData::Unknown { .. } | EventData::Invalid { .. } => {}
        }
        if event.time > session.last_time {
            session.last_time = event.time;
            session.types_at_last = 0;
        }
        session.types_at_last |= bit(evtype);
        self.log.push(event);
        // Just pushed, so the log is not empty.
        self.log
            .last()
            .ok_or_else(|| RuleError::new(500, "internal_error", "the event log is empty"))
    }
}
