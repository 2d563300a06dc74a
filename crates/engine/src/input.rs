//! What sources tell the engine: [`Input`]s, stamped with the journey time at
//! which they arrived. A recording stores exactly these, so the types here
//! are the engine's whole interface to the outside.

use journeytop_protocol::{EventBatch, StatsResponse};

/// Everything a source can tell the engine.
#[derive(Debug, Clone)]
pub enum Input {
    /// The events of one `event_batch`.
    Batch(EventBatch),
    /// One stats response (§6.3) for bin `bin`, loaded into the totals scope.
    Stats { bin: usize, response: StatsResponse },
    /// A `latency_detection`: how far the server's estimate of our clock is
    /// ahead of our clock as the packet arrived (seconds; ≈ rtt/2).
    Latency { offset: f64 },
    /// The connection changed.
    Link(Link),
    /// A frame that could not be read as a packet: counted and skipped.
    MalformedPacket { reason: String },
    /// A packet of a type this build does not know, or one of no use while
    /// streaming: counted, never fatal.
    UnknownPacket { kind: String },
}

/// Packets (not events) that were skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PacketCounts {
    pub malformed: u64,
    pub unknown: u64,
}

/// An input with the journey time at which it was received: what sources
/// send on their channel and what a recording stores. Feeding the same
/// stamped inputs gives the same state (`ingest`: `advance_to(at)`, then `apply`).
#[derive(Debug, Clone)]
pub struct Stamped {
    pub at: f64,
    pub input: Input,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Connection {
    Connecting,
    Live,
    Reconnecting,
    Ended,
    Failed,
}

impl Connection {
    pub fn name(self) -> &'static str {
        match self {
            Connection::Connecting => "connecting",
            Connection::Live => "live",
            Connection::Reconnecting => "reconnecting",
            Connection::Ended => "ended",
            Connection::Failed => "failed",
        }
    }
}

/// The connection as the screen shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub connection: Connection,
    /// Plain words: why we are reconnecting, or what failed and what to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Journey time at which the next attempt starts, while reconnecting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<f64>,
}

impl Link {
    pub fn new(connection: Connection) -> Link {
        Link {
            connection,
            detail: None,
            retry_at: None,
        }
    }
}
