//! The release heap (§2.4): events wait, keyed by event time, until the
//! journey clock reaches them. Ties at exactly the same time break by evtype
//! rank (a press start before a press end) and then by uid, so the order of
//! release does not depend on the order of arrival.

use journeytop_protocol::EventData;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

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

#[derive(Debug, Default, Clone)]
pub(crate) struct Reorder {
    heap: BinaryHeap<Reverse<Pending>>,
}

impl Reorder {
    /// Queues `held`; `key` is its uid's key (the last tie-break).
    pub(crate) fn push(&mut self, held: Held, key: u64) {
        let rank = held.data.evtype().map_or(u8::MAX, |e| e.tie_rank());
        self.heap.push(Reverse(Pending { rank, key, held }));
    }

    /// The next event due at or before `now`.
    pub(crate) fn pop_due(&mut self, now: f64) -> Option<Held> {
        if self.heap.peek()?.0.held.time <= now {
            self.heap.pop().map(|Reverse(p)| p.held)
        } else {
            None
        }
    }

    /// When the next waiting event is due.
    pub(crate) fn next_due(&self) -> Option<f64> {
        self.heap.peek().map(|Reverse(p)| p.held.time)
    }

    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }
}
