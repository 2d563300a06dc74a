//! Which of a [`View`](super::View)'s time-driven fields a drawing read.
//!
//! Most of a view only changes when something happens; a few fields change
//! with time alone (the clock, the latency, the times the numbers hold
//! for, the per-second series that gain a second each second). The
//! dashboard redraws a part of the screen only when what it drew from
//! changed: every other field of the view counts for every part, and each
//! of these counts only for the parts that read it, as recorded here by
//! the accessors that hand them out. Reading is recorded, not declared, so
//! a drawing that shows a field only in some states depends on it only in
//! those states, and no list can fall behind the code.

use std::sync::atomic::{AtomicU32, Ordering};

/// One time-driven field of a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    Now,
    Link,
    Joins,
    Leaves,
    Likes,
    Answers,
    Users,
    Holding,
    Mood,
    Lead,
    /// The time the live numbers hold for.
    LiveAt,
    /// The time the all-session numbers hold for.
    TotalsAt,
}

impl Read {
    pub(crate) const ALL: [Read; 12] = [
        Read::Now,
        Read::Link,
        Read::Joins,
        Read::Leaves,
        Read::Likes,
        Read::Answers,
        Read::Users,
        Read::Holding,
        Read::Mood,
        Read::Lead,
        Read::LiveAt,
        Read::TotalsAt,
    ];

    fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// A set of [`Read`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ReadSet(u32);

impl ReadSet {
    #[cfg(test)]
    pub(crate) fn contains(self, read: Read) -> bool {
        self.0 & read.bit() != 0
    }

    pub(crate) fn with(self, read: Read) -> ReadSet {
        ReadSet(self.0 | read.bit())
    }

    /// Whether the two sets share a read.
    pub(crate) fn meets(self, other: ReadSet) -> bool {
        self.0 & other.0 != 0
    }
}

/// The reads recorded since they were last taken. Atomic only so that a
/// view stays `Sync`; one thread draws.
#[derive(Debug, Default)]
pub(crate) struct Reads(AtomicU32);

impl Reads {
    #[inline]
    pub(crate) fn mark(&self, read: Read) {
        self.0.fetch_or(read.bit(), Ordering::Relaxed);
    }

    /// The reads so far, and a fresh start.
    pub(crate) fn take(&self) -> ReadSet {
        ReadSet(self.0.swap(0, Ordering::Relaxed))
    }
}

/// A copy starts with nothing read.
impl Clone for Reads {
    fn clone(&self) -> Reads {
        Reads::default()
    }
}

/// Bookkeeping, not content: two views that hold the same are equal
/// whatever was read of them.
impl PartialEq for Reads {
    fn eq(&self, _: &Reads) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taking_the_reads_starts_afresh() {
        let reads = Reads::default();
        reads.mark(Read::Now);
        reads.mark(Read::TotalsAt);
        let set = reads.take();
        assert!(set.contains(Read::Now) && set.contains(Read::TotalsAt));
        assert!(!set.contains(Read::Link));
        assert!(set.meets(ReadSet::default().with(Read::Now)));
        assert!(!set.meets(ReadSet::default().with(Read::Mood)));
        assert_eq!(reads.take(), ReadSet::default());
    }
}
