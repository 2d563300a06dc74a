//! The journey clock: seconds of journey time on a monotonic clock.
//!
//! Like the real clients, our clock starts at `start_at` (default 0) when
//! the first handshake begins, and both sync timestamps are read from it.
//! Before it starts it reads `start_at`.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct JourneyClock {
    start_at: f64,
    origin: Arc<OnceLock<Instant>>,
}

impl JourneyClock {
    pub fn new(start_at: f64) -> JourneyClock {
        JourneyClock {
            start_at,
            origin: Arc::new(OnceLock::new()),
        }
    }

    /// A clock that is already running.
    pub fn started(start_at: f64) -> JourneyClock {
        let c = JourneyClock::new(start_at);
        c.start();
        c
    }

    /// Starts the clock; later calls do nothing.
    pub fn start(&self) {
        self.origin.get_or_init(Instant::now);
    }

    /// Journey time at which the clock starts.
    pub fn start_at(&self) -> f64 {
        self.start_at
    }

    pub fn is_started(&self) -> bool {
        self.origin.get().is_some()
    }

    /// Journey time now.
    pub fn now(&self) -> f64 {
        match self.origin.get() {
            Some(o) => self.start_at + o.elapsed().as_secs_f64(),
            None => self.start_at,
        }
    }

    /// The instant at which the clock reads `t` (for timers).
    pub fn instant_at(&self, t: f64) -> Option<Instant> {
        let o = *self.origin.get()?;
        let dt = t - self.start_at;
        if dt <= 0.0 {
            Some(o)
        } else {
            o.checked_add(std::time::Duration::from_secs_f64(dt.min(1e9)))
        }
    }
}
