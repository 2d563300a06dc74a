//! The release heap (§2.4): events wait, keyed by event time, until the
//! journey clock reaches them. Ties at exactly the same time break by evtype
//! rank (a press start before a press end) and then by uid, so the order of
//! release does not depend on the order of arrival.

use journeytop_protocol::Event;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

#[derive(Debug, Clone)]
struct Pending {
    time: f64,
    rank: u8,
    key: u64,
    /// Boxed: the heap moves its entries on every push and pop, and an
    /// event is ~200 bytes.
    event: Box<Event>,
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
        self.time
            .total_cmp(&other.time)
            .then(self.rank.cmp(&other.rank))
            .then(self.key.cmp(&other.key))
    }
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Reorder {
    heap: BinaryHeap<Reverse<Pending>>,
}

impl Reorder {
    pub(crate) fn push(&mut self, event: Event, key: u64) {
        let rank = event.data.evtype().map_or(u8::MAX, |e| e.tie_rank());
        self.heap.push(Reverse(Pending {
            time: event.time,
            rank,
            key,
            event: Box::new(event),
        }));
    }

    /// The next event due at or before `now`.
    pub(crate) fn pop_due(&mut self, now: f64) -> Option<Event> {
        if self.heap.peek()?.0.time <= now {
            self.heap.pop().map(|Reverse(p)| *p.event)
        } else {
            None
        }
    }

    /// When the next waiting event is due.
    pub(crate) fn next_due(&self) -> Option<f64> {
        self.heap.peek().map(|Reverse(p)| p.time)
    }

    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }
}
