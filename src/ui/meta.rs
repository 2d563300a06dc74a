//! What a dashboard follows, fixed for a run: the journey, how it is fed
//! and where its all-session numbers could come from. The view model and
//! the view state both read it; it reads neither.

use journeytop_protocol::Variant;

/// How the dashboard is fed; changes what the footer and summary say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A live journey on a real server (or the simulator).
    Watch,
    /// The embedded simulator; restarts itself after the journey ends.
    Demo,
    /// A recording.
    Replay,
}

impl Mode {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Mode::Watch => "watch",
            Mode::Demo => "demo",
            Mode::Replay => "replay",
        }
    }
}

/// What the dashboard follows, fixed for a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub variant: Variant,
    /// The journey / interactive-prompt uid.
    pub uid: String,
    pub mode: Mode,
    /// Where the data comes from, in words ("wss://…", "simulator", a file).
    pub source: String,
    /// Where all-session numbers could come from.
    pub stats: StatsPlan,
}

/// Where the all-session numbers (the stats endpoint's) could come from;
/// when none have arrived, it says why and what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsPlan {
    /// No stats endpoint was given.
    NoEndpoint,
    /// A stats endpoint is polled.
    Endpoint,
    /// A recording: it has stats only if they were recorded.
    Recording,
}

impl StatsPlan {
    /// Why there are no all-session numbers, and what the user can do.
    pub(crate) fn missing(self) -> &'static str {
        match self {
            StatsPlan::NoEndpoint => "no stats endpoint: add --api URL for all-session numbers",
            StatsPlan::Endpoint => "the stats endpoint has not answered (yet)",
            StatsPlan::Recording => "this recording holds no stats",
        }
    }

    /// The help's line on the all-session totals when none have arrived:
    /// why, and what to do.
    pub(crate) fn missing_help(self) -> &'static str {
        match self {
            StatsPlan::NoEndpoint => {
                "totals: none — no stats endpoint was given; run with --api URL for all-session numbers."
            }
            StatsPlan::Endpoint => {
                "totals: none yet — the stats endpoint has not answered; it is asked again every few seconds (check that --api is right and the server is up)."
            }
            StatsPlan::Recording => {
                "totals: none — this recording holds no stats (record with --api to keep them)."
            }
        }
    }
}
