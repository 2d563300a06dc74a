//! The simulator's timings and limits. The websocket's defaults are the
//! real server's (PROTOCOL.md §2); the HTTP side's are the simulator's own
//! guards against hostile clients (PROTOCOL.md §8). Tests shorten them to
//! check behaviour exactly.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timings {
    /// How long one send may take before a slow reader is dropped.
    pub send_timeout: Duration,
    /// How long events gather after the first one before a batch goes out.
    pub batch_interval: Duration,
    /// The period of the latency_detection packets.
    pub latency_interval: Duration,
    /// Silence allowed while waiting for each handshake packet.
    pub handshake_timeout: Duration,
    /// How long past duration + lookback (on the client's clock) the socket
    /// stays open before its normal close.
    pub stay_past_close: Duration,
    /// How long a client has to send a request's head (the request line
    /// and headers), counted from when the server starts waiting for it —
    /// on a fresh connection and on an idle keep-alive one alike. Past it
    /// the connection is dropped.
    pub header_read_timeout: Duration,
    /// How long a client has to send a request's whole body once its head
    /// is in; past it the answer is 408 and the connection is closed.
    pub body_read_timeout: Duration,
    /// Connections held at once (HTTP and websocket). One more is answered
    /// 503 with a JSON body and closed.
    pub max_connections: usize,
    /// Events the journal keeps in its log (the oldest half goes when it is
    /// full; the stats trees still count every event).
    pub journal_events: usize,
    /// Sessions one journey remembers. When full, those that have left are
    /// forgotten; if none has, a join for a new session is answered 503.
    pub journal_sessions: usize,
}

impl Default for Timings {
    fn default() -> Timings {
        Timings {
            send_timeout: Duration::from_secs(1),
            batch_interval: Duration::from_millis(250),
            latency_interval: Duration::from_secs(2),
            handshake_timeout: Duration::from_secs(5),
            stay_past_close: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            max_connections: 512,
            journal_events: crate::journal::DEFAULT_LOG_EVENTS,
            journal_sessions: crate::journal::DEFAULT_SESSIONS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real server's timings (tests elsewhere shorten them).
    #[test]
    fn the_defaults_are_the_real_servers() {
        let t = Timings::default();
        assert_eq!(t.send_timeout, Duration::from_secs(1));
        assert_eq!(t.batch_interval, Duration::from_millis(250));
        assert_eq!(t.latency_interval, Duration::from_secs(2));
        assert_eq!(t.handshake_timeout, Duration::from_secs(5));
        assert_eq!(t.stay_past_close, Duration::from_secs(10));
    }
}
