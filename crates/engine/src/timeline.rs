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
        // Read each second in place (a `Second` is ~100 bytes), and pick the
        // field once rather than per second.
        let have = &self.seconds[..upto.min(self.seconds.len())];
        let mut out = Vec::with_capacity(upto);
        let level_of: Option<fn(&Second) -> Option<u64>> = match which {
            Series::Users => Some(|s| s.users),
            Series::Holding => Some(|s| s.holding),
            _ => None,
        };
        if let Some(level_of) = level_of {
            let mut level = 0u64;
            out.extend(have.iter().map(|s| {
                level = level_of(s).unwrap_or(level);
                level
            }));
            // Seconds not reached yet hold the last level.
            out.resize(upto, level);
            return out;
        }
        let count_of: fn(&Second) -> u32 = match which {
            Series::Joins => |s| s.joins,
            Series::Leaves => |s| s.leaves,
            Series::Likes => |s| s.likes,
            Series::Answers => |s| s.answers,
            _ => |s| s.press_starts,
        };
        out.extend(have.iter().map(|s| u64::from(count_of(s))));
        out.resize(upto, 0);
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
