//! The engine's tunables.

/// Tunables; the defaults suit the real server.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngineConfig {
    /// Forget event uids this many seconds behind the clock. The server only
    /// forwards events within lookback (≤ 10 s), so 30 s is safely more.
    pub dedupe_horizon: f64,
    /// Reject events this far ahead of the clock (the server's lookahead is
    /// ≤ 10 s); keeps a hostile timestamp from parking in the heap forever.
    pub future_horizon: f64,
    /// The journey clock when the engine starts.
    pub start_at: f64,
}

/// The engine's memory bounds. Every engine has them (the same in a live
/// run and its replay); [`crate::JourneyState::with_limits`] changes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Events per second taken into dedupe and the release heap; beyond
    /// this (plus [`crate::RateGuard`]'s slack) events are counted and
    /// dropped. The default is the protocol's largest bandwidth (5000); the
    /// live client also enforces the bandwidth it asked for, before
    /// recording, so a replay admits exactly what the live run admitted.
    pub max_rate: u32,
    /// Events held in the release heap at most; beyond it new events are
    /// counted and dropped. The default holds 15 s at the largest bandwidth.
    pub max_pending: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_rate: 5000,
            max_pending: 75_000,
        }
    }
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            dedupe_horizon: 30.0,
            future_horizon: 60.0,
            start_at: 0.0,
        }
    }
}
