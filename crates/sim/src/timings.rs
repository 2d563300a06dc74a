//! The websocket's timings. The defaults are the real server's
//! (PROTOCOL.md §2); tests shorten them to check behaviour exactly.

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
}

impl Default for Timings {
    fn default() -> Timings {
        Timings {
            send_timeout: Duration::from_secs(1),
            batch_interval: Duration::from_millis(250),
            latency_interval: Duration::from_secs(2),
            handshake_timeout: Duration::from_secs(5),
            stay_past_close: Duration::from_secs(10),
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
