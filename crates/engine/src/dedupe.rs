//! Dedupe by event uid, with memory bounded by time rather than by the number
//! of events ever seen: the server only forwards events whose time is within
//! lookback/lookahead (≤ 10 s) of the client's clock, so a uid older than the
//! horizon can never come back and is forgotten.

use super::key::KeySet;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Stamp(f64);

impl Eq for Stamp {}
impl PartialOrd for Stamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Stamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Dedupe {
    seen: KeySet,
    by_time: BinaryHeap<Reverse<(Stamp, u64)>>,
}

impl Dedupe {
    /// Records `key` at event time `t`; false if it was already seen.
    pub(crate) fn insert(&mut self, key: u64, t: f64) -> bool {
        if !self.seen.insert(key) {
            return false;
        }
        self.by_time.push(Reverse((Stamp(t), key)));
        true
    }

    /// Forgets every uid whose event time is before `cutoff`.
    pub(crate) fn forget_before(&mut self, cutoff: f64) {
        while let Some(Reverse((Stamp(t), key))) = self.by_time.peek().copied() {
            if t >= cutoff {
                break;
            }
            self.by_time.pop();
            self.seen.remove(&key);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_forgetting() {
        let mut d = Dedupe::default();
        assert!(d.insert(1, 0.5));
        assert!(!d.insert(1, 0.5));
        assert!(d.insert(2, 5.0));
        d.forget_before(1.0);
        assert_eq!(d.len(), 1);
        assert!(d.insert(1, 0.5), "forgotten keys are new again");
    }
}
