//! A small seeded PRNG of our own: xoshiro256** seeded through splitmix64.
//!
//! Written out here (not taken from a crate) so a seed gives the same crowd on
//! every platform and across dependency upgrades: recorded demos and tests
//! stay reproducible.

use base64::Engine as _;

/// One splitmix64 step: advances `state` and returns the next output.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Mixes two numbers into one seed (for independent sub-streams).
pub fn mix(a: u64, b: u64) -> u64 {
    let mut s = a ^ b.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    splitmix64(&mut s)
}

/// xoshiro256**.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        // splitmix64 never yields four zeros from one seed, but stay safe:
        // the all-zero state is xoshiro's only fixed point.
        if s == [0; 4] {
            return Rng { s: [1, 2, 3, 4] };
        }
        Rng { s }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), 53 bits of precision.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi) (or `lo` when the range is empty).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        if hi <= lo {
            return lo;
        }
        lo + (hi - lo) * self.next_f64()
    }

    /// Uniform integer in [lo, hi] (inclusive; `lo` when empty).
    pub fn range_i64(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        lo + self.below(span) as i64
    }

    /// Uniform in [0, n) without modulo bias (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Lemire's multiply-shift with rejection.
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = (self.next_u64() as u128) * (n as u128);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
        }
    }

    /// True with probability `p`.
    pub fn bool(&mut self, p: f64) -> bool {
        self.next_f64() < p
    }

    /// An exponential variate with the given rate (mean 1/rate); +∞ for a
    /// rate that is not positive.
    pub fn exponential(&mut self, rate: f64) -> f64 {
        if rate <= 0.0 || rate.is_nan() {
            return f64::INFINITY;
        }
        // 1 - u is in (0, 1], so the log is finite.
        -(1.0 - self.next_f64()).ln() / rate
    }

    /// A uniformly chosen element, `None` for an empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    /// An index drawn with the given non-negative weights (uniform when they
    /// sum to zero; 0 for an empty slice).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
        if total <= 0.0 || !total.is_finite() {
            return self.below(weights.len() as u64) as usize;
        }
        let mut x = self.next_f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if *w > 0.0 {
                if x < *w {
                    return i;
                }
                x -= w;
            }
        }
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }

    /// 22 url-safe base64 characters from 16 random bytes, like Python's
    /// `secrets.token_urlsafe(16)` (the tail of every Oseh uid).
    pub fn uid_tail(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    /// `prefix` followed by a fresh uid tail.
    pub fn uid(&mut self, prefix: &str) -> String {
        let mut s = String::with_capacity(prefix.len() + 22);
        s.push_str(prefix);
        s.push_str(&self.uid_tail());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers_keep_the_stream_stable() {
        // splitmix64 reference values for seed 0 (from the reference C code).
        let mut s = 0u64;
        assert_eq!(splitmix64(&mut s), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix64(&mut s), 0x6E78_9E6A_A1B9_65F4);
        // Pin our own stream so an accidental change is caught.
        let mut a = Rng::new(42);
        let first: Vec<u64> = (0..3).map(|_| a.next_u64()).collect();
        let mut b = Rng::new(42);
        assert_eq!(first, (0..3).map(|_| b.next_u64()).collect::<Vec<_>>());
        assert_ne!(Rng::new(42).next_u64(), Rng::new(43).next_u64());
    }

    #[test]
    fn helpers_stay_in_range() {
        let mut r = Rng::new(7);
        for _ in 0..10_000 {
            let x = r.next_f64();
            assert!((0.0..1.0).contains(&x));
            let y = r.range(2.0, 3.0);
            assert!((2.0..3.0).contains(&y));
            let k = r.range_i64(-2, 2);
            assert!((-2..=2).contains(&k));
            assert!(r.exponential(2.0) >= 0.0);
            assert!(*r.pick(&[1, 2, 3]).unwrap() <= 3);
        }
        assert_eq!(r.pick::<u8>(&[]), None);
        assert!(r.exponential(0.0).is_infinite());
        assert_eq!(r.weighted(&[0.0, 0.0, 5.0]), 2);
    }

    #[test]
    fn bool_and_mean_are_roughly_right() {
        let mut r = Rng::new(1);
        let n = 20_000;
        let hits = (0..n).filter(|_| r.bool(0.3)).count() as f64 / n as f64;
        assert!((hits - 0.3).abs() < 0.02, "{hits}");
        let mean = (0..n).map(|_| r.exponential(4.0)).sum::<f64>() / n as f64;
        assert!((mean - 0.25).abs() < 0.02, "{mean}");
    }

    #[test]
    fn uid_tails_look_like_token_urlsafe_16() {
        let mut r = Rng::new(3);
        for _ in 0..100 {
            let t = r.uid_tail();
            assert_eq!(t.len(), 22);
            assert!(
                t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            );
        }
        assert!(r.uid("oseh_u_").starts_with("oseh_u_"));
    }
}
