//! Dedupe by event uid, with memory bounded by time rather than by the number
//! of events ever seen: the server only forwards events whose time is within
//! lookback/lookahead (≤ 10 s) of the client's clock, so a uid older than the
//! horizon can never come back and is forgotten.

use super::key::KeySet;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

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

/// When each remembered uid may be forgotten. Events mostly arrive in time
/// order, so most stamps go to the back of a sorted queue (O(1) in and
/// out); one older than the queue's newest waits in a heap instead.
/// Forgetting takes from both, so the order is exact either way.
#[derive(Debug, Default, Clone)]
pub(crate) struct Dedupe {
    seen: KeySet,
    in_order: VecDeque<(f64, u64)>,
    stragglers: BinaryHeap<Reverse<(Stamp, u64)>>,
}

impl Dedupe {
    /// Records `key` at event time `t`; false if it was already seen.
    pub(crate) fn insert(&mut self, key: u64, t: f64) -> bool {
        if !self.seen.insert(key) {
            return false;
        }
        match self.in_order.back() {
            Some(&(newest, _)) if t.total_cmp(&newest).is_lt() => {
                self.stragglers.push(Reverse((Stamp(t), key)));
            }
            _ => self.in_order.push_back((t, key)),
        }
        true
    }

    /// Forgets every uid whose event time is before `cutoff`.
    pub(crate) fn forget_before(&mut self, cutoff: f64) {
        while let Some(&(t, key)) = self.in_order.front() {
            if t >= cutoff {
                break;
            }
            self.in_order.pop_front();
            self.seen.remove(&key);
        }
        while let Some(Reverse((Stamp(t), key))) = self.stragglers.peek().copied() {
            if t >= cutoff {
                break;
            }
            self.stragglers.pop();
            self.seen.remove(&key);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.seen.len()
    }

    /// The remembered uids as plain lists, for a copy that is kept a while
    /// (a replay's checkpoint): half the bytes of the set and queues, which
    /// [`Dedupe::from_window`] rebuilds.
    pub(crate) fn window(&self) -> DedupeWindow {
        DedupeWindow {
            in_order: self.in_order.iter().copied().collect(),
            stragglers: self
                .stragglers
                .iter()
                .map(|Reverse((Stamp(t), key))| (*t, *key))
                .collect(),
        }
    }

    /// The memory `window` was taken from: the same uids, forgotten at the
    /// same times in the same order.
    pub(crate) fn from_window(window: &DedupeWindow) -> Dedupe {
        let mut seen = KeySet::default();
        seen.reserve(window.in_order.len() + window.stragglers.len());
        seen.extend(
            window
                .in_order
                .iter()
                .chain(&*window.stragglers)
                .map(|&(_, key)| key),
        );
        Dedupe {
            seen,
            in_order: window.in_order.iter().copied().collect(),
            stragglers: window
                .stragglers
                .iter()
                .map(|&(t, key)| Reverse((Stamp(t), key)))
                .collect(),
        }
    }
}

/// A dedupe memory as plain lists of (event time, uid key): see
/// [`JourneyState::take_dedupe`](crate::JourneyState::take_dedupe).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DedupeWindow {
    in_order: Box<[(f64, u64)]>,
    stragglers: Box<[(f64, u64)]>,
}

impl DedupeWindow {
    /// The uids it remembers.
    pub fn len(&self) -> usize {
        self.in_order.len() + self.stragglers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// About the bytes it takes.
    pub fn bytes(&self) -> usize {
        self.len() * size_of::<(f64, u64)>()
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

    /// A memory rebuilt from its window remembers and forgets exactly as
    /// the one it was taken from, stragglers included.
    #[test]
    fn a_rebuilt_window_remembers_and_forgets_alike() {
        let mut d = Dedupe::default();
        for (key, t) in [(1, 5.0), (2, 9.0), (3, 2.0), (4, 9.0), (5, 7.0), (6, -1.0)] {
            assert!(d.insert(key, t));
        }
        let window = d.window();
        assert_eq!(window.len(), 6);
        let mut rebuilt = Dedupe::from_window(&window);
        for cutoff in [0.0, 3.0, 6.0, 8.0, 10.0] {
            d.forget_before(cutoff);
            rebuilt.forget_before(cutoff);
            assert_eq!(rebuilt.len(), d.len(), "at {cutoff}");
            assert_eq!(rebuilt.window(), d.window(), "at {cutoff}");
            for key in 1..=7 {
                assert_eq!(
                    rebuilt.seen.contains(&key),
                    d.seen.contains(&key),
                    "{key} at {cutoff}"
                );
            }
        }
    }

    #[test]
    fn out_of_order_stamps_are_forgotten_at_their_own_time() {
        let mut d = Dedupe::default();
        for (key, t) in [(1, 5.0), (2, 9.0), (3, 2.0), (4, 9.0), (5, 7.0), (6, -1.0)] {
            assert!(d.insert(key, t));
        }
        d.forget_before(6.0);
        // 5.0, 2.0 and -1.0 are gone; 9.0, 9.0 and 7.0 are remembered.
        assert_eq!(d.len(), 3);
        for (key, t) in [(1, 5.0), (3, 2.0), (6, -1.0)] {
            assert!(d.insert(key, t), "{key} was forgotten");
        }
        for (key, t) in [(2, 9.0), (4, 9.0), (5, 7.0)] {
            assert!(!d.insert(key, t), "{key} is still remembered");
        }
        d.forget_before(f64::INFINITY);
        assert_eq!(d.len(), 0);
    }
}
