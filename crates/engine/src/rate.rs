//! A token bucket on the journey clock: how many events per second a source
//! may hand on. The server promises at most `bandwidth` events a second (a
//! burst of `bandwidth`, then `bandwidth` per second, §2.5); a server that
//! sends far more is not trusted to be kept in memory. Pure and driven by
//! stamps only, so a replay admits exactly what the live run admitted.

/// Admits events at a bandwidth plus slack; counts what it refuses.
#[derive(Debug, Clone, PartialEq)]
pub struct RateGuard {
    per_second: f64,
    capacity: f64,
    tokens: f64,
    at: Option<f64>,
    dropped: u64,
}

impl RateGuard {
    /// For a socket that asked for `bandwidth` events a second. The slack
    /// covers what the server's own bucket and batching allow, plus network
    /// bunching: a bucket of `2 × bandwidth + 16` (the server's burst after a
    /// reconnect on top of a full second), refilled at `1.25 × bandwidth`
    /// a second.
    pub fn for_bandwidth(bandwidth: u32) -> RateGuard {
        let bw = f64::from(bandwidth.max(1));
        let capacity = 2.0 * bw + 16.0;
        RateGuard {
            per_second: 1.25 * bw,
            capacity,
            tokens: capacity,
            at: None,
            dropped: 0,
        }
    }

    /// Whether one more event, arriving at journey time `now`, is admitted.
    pub fn admit(&mut self, now: f64) -> bool {
        let elapsed = match self.at {
            Some(at) if now.is_finite() && now > at => now - at,
            _ => 0.0,
        };
        if self.at.is_none() || elapsed > 0.0 {
            self.at = Some(now);
        }
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            self.dropped += 1;
            false
        }
    }

    /// Events refused so far.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_is_cut_to_the_bandwidth_and_slack() {
        let mut g = RateGuard::for_bandwidth(100);
        // 10 s of 10,000 events a second, 250 ms batches.
        let mut admitted = 0u64;
        for step in 0..40 {
            let now = f64::from(step) * 0.25;
            admitted += (0..2500).filter(|_| g.admit(now)).count() as u64;
        }
        // At most the bucket plus 1.25 × 100 for each of ~10 s.
        assert!(admitted <= 216 + 1250, "{admitted}");
        assert_eq!(g.dropped(), 100_000 - admitted);
    }

    #[test]
    fn a_server_within_its_bandwidth_loses_nothing() {
        let mut g = RateGuard::for_bandwidth(100);
        // A full burst, then 100 a second in 250 ms batches, for a minute.
        assert!((0..100).all(|_| g.admit(0.0)));
        for step in 1..240 {
            let now = f64::from(step) * 0.25;
            assert!((0..25).all(|_| g.admit(now)), "at {now}");
        }
        assert_eq!(g.dropped(), 0);
    }
}
