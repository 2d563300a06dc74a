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

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            dedupe_horizon: 30.0,
            future_horizon: 60.0,
            start_at: 0.0,
        }
    }
}
