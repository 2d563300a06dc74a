//! The release heap (§2.4): events wait, keyed by event time, until the
//! journey clock reaches them. Ties at exactly the same time break by evtype
//! rank (a press start before a press end) and then by uid, so the order of
//! release does not depend on the order of arrival.

use journeytop_protocol::EventData;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

/// What the engine keeps of a queued event: what the counting rules, the
/// feed and the timelines read. The uid is already a key (dedupe has it),
/// the session is a key, and the user, icon and uid strings are dropped
/// when the event is taken in, so a waiting event holds no string but its
/// (bounded) name.
#[derive(Debug, Clone)]
pub(crate) struct Held {
    pub(crate) time: f64,
    /// The session's key ([`crate::key::key64`] of its uid).
    pub(crate) session: Option<u64>,
    pub(crate) data: EventData,
}

impl Held {
    pub(crate) fn name(&self) -> Option<&str> {
        match &self.data {
            EventData::Join { name } | EventData::Leave { name } => name.as_deref(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Pending {
    rank: u8,
    key: u64,
    held: Held,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Pending {
    fn cmp(&self, other: &Self) -> Ordering {
        self.held
            .time
            .total_cmp(&other.held.time)
            .then(self.rank.cmp(&other.rank))
            .then(self.key.cmp(&other.key))
    }
}

/// Events mostly arrive in release order, so most go to the back of a
/// sorted queue (O(1) in and out, no sifting of big entries through a
/// heap); one that sorts before the queue's last waits in a heap instead.
/// Release takes the smaller of the two fronts, so the order is exactly a
/// single priority queue's either way.
#[derive(Debug, Default, Clone)]
pub(crate) struct Reorder {
    in_order: VecDeque<Pending>,
    stragglers: BinaryHeap<Reverse<Pending>>,
}

impl Reorder {
    /// Queues `held`; `key` is its uid's key (the last tie-break).
    pub(crate) fn push(&mut self, held: Held, key: u64) {
        let rank = held.data.evtype().map_or(u8::MAX, |e| e.tie_rank());
        let pending = Pending { rank, key, held };
        match self.in_order.back() {
            Some(last) if pending < *last => self.stragglers.push(Reverse(pending)),
            _ => self.in_order.push_back(pending),
        }
    }

    /// The next event due at or before `now`.
    pub(crate) fn pop_due(&mut self, now: f64) -> Option<Held> {
        let from_queue = match (self.in_order.front(), self.stragglers.peek()) {
            (Some(q), Some(Reverse(h))) => q <= h,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        let next = if from_queue {
            self.in_order.front()
        } else {
            self.stragglers.peek().map(|Reverse(p)| p)
        };
        if next?.held.time > now {
            return None;
        }
        if from_queue {
            self.in_order.pop_front().map(|p| p.held)
        } else {
            self.stragglers.pop().map(|Reverse(p)| p.held)
        }
    }

    /// When the next waiting event is due.
    pub(crate) fn next_due(&self) -> Option<f64> {
        let queued = self.in_order.front().map(|p| p.held.time);
        let straggling = self.stragglers.peek().map(|Reverse(p)| p.held.time);
        match (queued, straggling) {
            (Some(a), Some(b)) => Some(if a.total_cmp(&b).is_le() { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.in_order.len() + self.stragglers.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Releases exactly what one priority queue over (time, rank, key)
    /// releases, for arrivals mostly in order with stragglers, ties at
    /// the same instant, and releases in between.
    #[test]
    fn releases_exactly_as_one_priority_queue() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut queue = Reorder::default();
        let mut reference: BinaryHeap<Reverse<Pending>> = BinaryHeap::new();
        let (mut got, mut want) = (Vec::new(), Vec::new());
        let mut clock = 0.0f64;
        let mut release =
            |queue: &mut Reorder, reference: &mut BinaryHeap<Reverse<Pending>>, now: f64| {
                while let Some(h) = queue.pop_due(now) {
                    got.push((h.time, h.session));
                }
                while reference
                    .peek()
                    .is_some_and(|Reverse(p)| p.held.time <= now)
                {
                    if let Some(Reverse(p)) = reference.pop() {
                        want.push((p.held.time, p.held.session));
                    }
                }
                assert_eq!(
                    queue.next_due(),
                    reference.peek().map(|Reverse(p)| p.held.time)
                );
            };
        for key in 0..5_000u64 {
            // Mostly forward by 1 ms; one in 8 from up to 2 s back; one in
            // 16 at exactly the last time (ties broken by rank, then key).
            let r = next();
            let time = match r % 16 {
                0 => clock,
                1 | 2 => clock - ((r >> 8) % 2000) as f64 / 1000.0,
                _ => {
                    clock += 0.001;
                    clock
                }
            };
            let data = match (r >> 4) % 3 {
                0 => EventData::PressEnd,
                1 => EventData::PressStart,
                _ => EventData::Like,
            };
            let held = Held {
                time,
                session: Some(key),
                data,
            };
            let rank = held.data.evtype().map_or(u8::MAX, |e| e.tie_rank());
            reference.push(Reverse(Pending {
                rank,
                key: key ^ 0x5555,
                held: held.clone(),
            }));
            queue.push(held, key ^ 0x5555);
            assert_eq!(queue.len(), reference.len());
            if r % 50 == 0 {
                release(&mut queue, &mut reference, clock - 1.0);
            }
        }
        assert!(!queue.stragglers.is_empty() && !queue.in_order.is_empty());
        release(&mut queue, &mut reference, f64::INFINITY);
        assert_eq!(queue.len(), 0);
        assert_eq!(got.len(), 5_000);
        assert_eq!(got, want);
    }
}
