//! Per-second timelines over the journey, for the sparklines: counts of what
//! happened in each second, and the levels (users, holding now, mood) as they
//! stood at the end of it.

/// Seconds tracked; later events land in the last second. Journeys and
/// prompts last at most a few minutes, so this is a generous bound that keeps
/// a hostile timestamp from allocating without limit.
pub const MAX_SECONDS: usize = 3 * 3600;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Second {
    pub(crate) joins: u32,
    pub(crate) leaves: u32,
    pub(crate) likes: u32,
    pub(crate) answers: u32,
    pub(crate) press_starts: u32,
    /// Levels at the last event of this second; `None` when nothing happened
    /// (readers carry the previous level forward).
    pub(crate) users: Option<u64>,
    pub(crate) holding: Option<u64>,
    pub(crate) mood: Option<f64>,
    /// A colour or word prompt's answers per option at the last answer of
    /// this second (prompts have at most 8 options).
    pub(crate) choices: Option<[u32; 8]>,
}

#[derive(Debug, Clone, Default)]
pub struct Timeline {
    seconds: Vec<Second>,
}

/// Which per-second series to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Joins,
    Leaves,
    Likes,
    Answers,
    PressStarts,
    Users,
    Holding,
}

fn second_of(t: f64) -> usize {
    if t.is_nan() || t < 0.0 {
        0
    } else {
        (t.floor() as usize).min(MAX_SECONDS - 1)
    }
}

impl Timeline {
    pub(crate) fn at_mut(&mut self, t: f64) -> &mut Second {
        let i = second_of(t);
        if self.seconds.len() <= i {
            self.seconds.resize(i + 1, Second::default());
        }
        &mut self.seconds[i]
    }

    pub fn len(&self) -> usize {
        self.seconds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seconds.is_empty()
    }

    /// The series for seconds `0..upto`, levels carried forward.
    pub fn series(&self, which: Series, upto: usize) -> Vec<u64> {
        let mut out = Vec::with_capacity(upto);
        let mut level = 0u64;
        for i in 0..upto {
            let s = self.seconds.get(i).copied().unwrap_or_default();
            let v = match which {
                Series::Joins => u64::from(s.joins),
                Series::Leaves => u64::from(s.leaves),
                Series::Likes => u64::from(s.likes),
                Series::Answers => u64::from(s.answers),
                Series::PressStarts => u64::from(s.press_starts),
                Series::Users => {
                    level = s.users.unwrap_or(level);
                    level
                }
                Series::Holding => {
                    level = s.holding.unwrap_or(level);
                    level
                }
            };
            out.push(v);
        }
        out
    }

    /// Option `i`'s share of a colour or word prompt's answers per second,
    /// in whole percent, carried forward; `None` before any answer.
    pub fn share_series(&self, i: usize, upto: usize) -> Vec<Option<u64>> {
        let mut level = None;
        (0..upto)
            .map(|s| {
                if let Some(c) = self.seconds.get(s).and_then(|s| s.choices) {
                    let total: u64 = c.iter().map(|n| u64::from(*n)).sum();
                    let mine = c.get(i).map_or(0, |n| u64::from(*n));
                    level = (total > 0).then(|| mine * 100 / total);
                }
                level
            })
            .collect()
    }

    /// The room mood per second, carried forward; `None` before any answer.
    pub fn mood_series(&self, upto: usize) -> Vec<Option<f64>> {
        let mut level = None;
        (0..upto)
            .map(|i| {
                if let Some(m) = self.seconds.get(i).and_then(|s| s.mood) {
                    level = Some(m);
                }
                level
            })
            .collect()
    }
}
