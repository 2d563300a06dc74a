//! The counting rules of PROTOCOL.md §4, as the backend's Fenwick trees
//! compute them: users = joins − leaves; likes; per-session replacement for
//! numeric / color / word answers; press_active = starts − ends and press =
//! starts. `leave` changes only `users`. No count goes below zero: a change
//! that would is clamped and counted as an anomaly (it means events were
//! dropped upstream, e.g. by the token bucket).

use super::key::KeyMap;
use journeytop_protocol::EventData;
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub users: u64,
    pub likes: u64,
    pub press_active: u64,
    pub press: u64,
    /// Active answers by rating (sparse; a known prompt fills min..max).
    pub numeric: BTreeMap<i64, u64>,
    /// Active answers by option index.
    pub color: Vec<u64>,
    pub word: Vec<u64>,
    /// Changes that would have taken a count below zero.
    pub clamped: u64,
    /// Answers of sessions beyond `MAX_SESSIONS`, counted but not replaceable.
    pub untracked: u64,
    /// Σ rating × count over `numeric`, and Σ count: the mood is their
    /// ratio, kept as the counts change, so the timeline can record it after
    /// every answer without walking the histogram.
    pub(crate) rating_sum: i128,
    pub(crate) ratings: u64,
    pub(crate) last_numeric: KeyMap<i64>,
    pub(crate) last_color: KeyMap<usize>,
    pub(crate) last_word: KeyMap<usize>,
}

/// Sessions whose latest answer is remembered, per style. Beyond it a new
/// session's answer still counts but cannot be replaced later (it is
/// counted in `untracked`): memory stays bounded whatever the server sends.
pub(crate) const MAX_SESSIONS: usize = 200_000;

/// Remembers `value` as `session`'s latest answer, within the cap; returns
/// the previous answer. A session beyond the cap is counted in `untracked`.
fn remember<V>(
    last: &mut KeyMap<V>,
    session: Option<u64>,
    value: V,
    untracked: &mut u64,
) -> Option<V> {
    let s = session?;
    if last.len() < MAX_SESSIONS || last.contains_key(&s) {
        last.insert(s, value)
    } else {
        *untracked += 1;
        None
    }
}

fn dec(n: &mut u64, clamped: &mut u64) {
    if *n == 0 {
        *clamped += 1;
    } else {
        *n -= 1;
    }
}

fn slot(v: &mut Vec<u64>, i: usize) -> &mut u64 {
    if v.len() <= i {
        v.resize(i + 1, 0);
    }
    &mut v[i]
}

/// What an applied event changed, for the feed and timelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Joined,
    Left,
    Liked,
    Answered,
    PressStarted,
    PressEnded,
    Nothing,
}

impl Tally {
    /// Sizes the per-option lists for a known prompt, so zero counts show.
    pub(crate) fn with_options(colors: usize, words: usize) -> Tally {
        Tally {
            color: vec![0; colors],
            word: vec![0; words],
            ..Tally::default()
        }
    }

    /// Applies one already-validated event. `session` is the session key;
    /// without one an answer cannot replace anything and simply adds.
    pub(crate) fn apply(&mut self, data: &EventData, session: Option<u64>) -> Change {
        let clamped = &mut self.clamped;
        match data {
            EventData::Join { .. } => {
                self.users += 1;
                Change::Joined
            }
            EventData::Leave { .. } => {
                dec(&mut self.users, clamped);
                Change::Left
            }
            EventData::Like => {
                self.likes += 1;
                Change::Liked
            }
            EventData::PressStart => {
                self.press_active += 1;
                self.press += 1;
                Change::PressStarted
            }
            EventData::PressEnd => {
                dec(&mut self.press_active, clamped);
                Change::PressEnded
            }
            EventData::Numeric { rating } => {
                if let Some(prev) = remember(
                    &mut self.last_numeric,
                    session,
                    *rating,
                    &mut self.untracked,
                ) {
                    match self.numeric.get_mut(&prev) {
                        Some(n) if *n > 0 => {
                            *n -= 1;
                            self.rating_sum -= i128::from(prev);
                            self.ratings -= 1;
                        }
                        _ => *clamped += 1,
                    }
                }
                *self.numeric.entry(*rating).or_insert(0) += 1;
                self.rating_sum += i128::from(*rating);
                self.ratings += 1;
                Change::Answered
            }
            EventData::Color { index } => {
                replace(
                    &mut self.color,
                    &mut self.last_color,
                    session,
                    *index as usize,
                    (clamped, &mut self.untracked),
                );
                Change::Answered
            }
            EventData::Word { index } => {
                replace(
                    &mut self.word,
                    &mut self.last_word,
                    session,
                    *index as usize,
                    (clamped, &mut self.untracked),
                );
                Change::Answered
            }
            EventData::Unknown(_) | EventData::Invalid(_) => Change::Nothing,
        }
    }

    /// The room mood: the weighted mean of the active ratings.
    pub fn mood(&self) -> Option<f64> {
        // The same figure as `mean` over the histogram: both sums are exact
        // (ratings ≤ 1000, counts far below 2^43), so one division of the
        // same two numbers.
        (self.ratings > 0).then(|| self.rating_sum as f64 / self.ratings as f64)
    }

    pub fn sessions_tracked(&self) -> usize {
        self.last_numeric.len() + self.last_color.len() + self.last_word.len()
    }
}

fn replace(
    counts: &mut Vec<u64>,
    last: &mut KeyMap<usize>,
    session: Option<u64>,
    index: usize,
    (clamped, untracked): (&mut u64, &mut u64),
) {
    if let Some(prev) = remember(last, session, index, untracked) {
        dec(slot(counts, prev), clamped);
    }
    *slot(counts, index) += 1;
}

/// Weighted mean of (rating, count) pairs; `None` with no answers.
pub(crate) fn mean(pairs: impl Iterator<Item = (i64, u64)>) -> Option<f64> {
    let (mut sum, mut n) = (0f64, 0u64);
    for (r, c) in pairs {
        sum += r as f64 * c as f64;
        n += c;
    }
    (n > 0).then(|| sum / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_answer_replaces_older() {
        let mut t = Tally::default();
        t.apply(&EventData::Numeric { rating: 5 }, Some(1));
        t.apply(&EventData::Numeric { rating: 8 }, Some(1));
        t.apply(&EventData::Numeric { rating: 8 }, Some(2));
        assert_eq!(t.numeric.get(&5), Some(&0));
        assert_eq!(t.numeric.get(&8), Some(&2));
        assert_eq!(t.mood(), Some(8.0));
    }

    proptest::proptest! {
        /// The mood kept as counts change is the weighted mean of the
        /// histogram, after any answers, replacements and clamps.
        #[test]
        fn mood_is_the_mean_of_the_histogram(
            answers in proptest::collection::vec((0i64..=1000, proptest::option::of(0u64..20)), 0..200),
        ) {
            let mut t = Tally::default();
            for (rating, session) in answers {
                t.apply(&EventData::Numeric { rating }, session);
                let want = mean(t.numeric.iter().map(|(r, n)| (*r, *n)));
                proptest::prop_assert_eq!(t.mood().map(f64::to_bits), want.map(f64::to_bits));
            }
        }
    }

    #[test]
    fn leave_while_pressing_keeps_press_active() {
        let mut t = Tally::default();
        t.apply(&EventData::Join { name: None }, Some(1));
        t.apply(&EventData::PressStart, Some(1));
        t.apply(&EventData::Leave { name: None }, Some(1));
        assert_eq!((t.users, t.press_active, t.press), (0, 1, 1));
    }

    #[test]
    fn clamps_at_zero_and_counts_it() {
        let mut t = Tally::default();
        t.apply(&EventData::Leave { name: None }, Some(1));
        t.apply(&EventData::PressEnd, Some(1));
        assert_eq!((t.users, t.press_active, t.clamped), (0, 0, 2));
    }

    #[test]
    fn session_memory_is_capped() {
        let mut t = Tally::default();
        for s in 0..(MAX_SESSIONS as u64 + 10) {
            t.apply(&EventData::Numeric { rating: 1 }, Some(s));
        }
        assert_eq!(t.sessions_tracked(), MAX_SESSIONS);
        assert_eq!(t.untracked, 10);
        assert_eq!(t.numeric.get(&1), Some(&(MAX_SESSIONS as u64 + 10)));
    }
}
