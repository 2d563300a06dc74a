//! The HTTP stats endpoint's response (PROTOCOL.md §6.3) and its bin maths.

use crate::prompt::MAX_RATING;
use crate::{Prompt, Style};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One `GET …/events/stats?uid=…&bin=…` response: prefix sums over bins
/// `0..=bin`, valid at the end of that bin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsResponse {
    /// The start of the bin (`journey_time`, or `prompt_time` in the
    /// interactive variant).
    #[serde(alias = "prompt_time")]
    pub journey_time: f64,
    pub bin_width: f64,
    pub users: i64,
    pub likes: i64,
    /// Sparse, keyed by the rating as a string; `null` if not numeric.
    pub numeric_active: Option<BTreeMap<String, i64>>,
    pub press_active: Option<i64>,
    pub press: Option<i64>,
    pub color_active: Option<Vec<i64>>,
    pub word_active: Option<Vec<i64>>,
}

/// Option lists kept from a stats response when the prompt is unknown
/// (real prompts have at most 8 options).
const MAX_UNKNOWN_OPTIONS: usize = 64;

impl StatsResponse {
    /// Keeps only what the prompt can hold, the same checks wherever the
    /// response comes from (the poller, a recording): numeric keys that are
    /// ratings of the prompt (`min..=max`; `0..=MAX_RATING` when the prompt
    /// is unknown), option lists no longer than the prompt's options (64
    /// when unknown), and no field of another style. Returns how many
    /// entries were dropped.
    pub fn fit_to(&mut self, prompt: Option<&Prompt>) -> usize {
        let style = prompt.map(Prompt::style);
        let (lo, hi) = match prompt {
            Some(Prompt::Numeric { min, max, .. }) => (*min, *max),
            _ => (0, MAX_RATING),
        };
        let mut dropped = 0;
        let other = |s: Style| style.is_some_and(|p| p != s);
        if let Some(m) = &mut self.numeric_active {
            if other(Style::Numeric) {
                dropped += m.len().max(1);
                self.numeric_active = None;
            } else {
                let before = m.len();
                m.retain(|k, _| k.parse::<i64>().is_ok_and(|r| (lo..=hi).contains(&r)));
                dropped += before - m.len();
            }
        }
        if other(Style::Press) {
            dropped += usize::from(self.press_active.take().is_some());
            dropped += usize::from(self.press.take().is_some());
        }
        for (list, s) in [
            (&mut self.color_active, Style::Color),
            (&mut self.word_active, Style::Word),
        ] {
            let keep = match prompt {
                Some(p) if p.style() == s => p.option_count(),
                Some(_) => 0,
                None => MAX_UNKNOWN_OPTIONS,
            };
            if let Some(v) = list {
                if other(s) {
                    dropped += v.len().max(1);
                    *list = None;
                } else if v.len() > keep {
                    dropped += v.len() - keep;
                    v.truncate(keep);
                }
            }
        }
        dropped
    }
}

/// Bin geometry for a prompt of `duration` seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bins {
    pub count: usize,
    pub width: f64,
}

impl Bins {
    /// `bins = 2^ceil(log2(duration)) − 1`, or 1 for a duration ≤ 1 s.
    pub fn for_duration(duration: f64) -> Bins {
        if duration.is_nan() || duration <= 1.0 || !duration.is_finite() {
            return Bins {
                count: 1,
                width: duration.max(f64::MIN_POSITIVE),
            };
        }
        let count = (2f64.powf(duration.log2().ceil()) - 1.0).max(1.0);
        let count = count.min(1e6) as usize;
        let width = duration / count as f64;
        // Count bins as round(duration / width), never ceil (float error).
        let count = (duration / width).round() as usize;
        Bins { count, width }
    }

    /// The bin an event at `t` falls in. `truncate` is the interactive
    /// variant's behaviour of truncating `t` to an integer first.
    pub fn bin_of(&self, t: f64, truncate: bool) -> usize {
        let t = if truncate { t.trunc() } else { t };
        let b = (t / self.width).floor();
        if b < 0.0 {
            0
        } else {
            (b as usize).min(self.count.saturating_sub(1))
        }
    }

    /// The last bin that is complete at time `t` (what current clients show).
    pub fn last_completed(&self, t: f64) -> Option<usize> {
        let b = (t / self.width).floor() - 1.0;
        if b < 0.0 {
            None
        } else {
            Some((b as usize).min(self.count.saturating_sub(1)))
        }
    }

    /// The bin whose answer bin `b`'s answer repeats. An answer is a prefix
    /// sum, so two bins answer alike when no event can fall between them;
    /// when the server truncates times to whole seconds (`truncate`), a bin
    /// with no whole second in it is such a bin, and so is every bin after
    /// the last whole second before it. That is the bin holding the latest
    /// whole second before `b` ends; without truncation, `b` itself.
    pub fn answer_of(&self, b: usize, truncate: bool) -> usize {
        let last = self.count.saturating_sub(1);
        // The last bin also holds events at exactly the duration.
        if !truncate || b >= last {
            return b.min(last);
        }
        // The latest whole second that falls in bins 0..=b (bin 0 holds 0).
        let mut second = self.end_of(b).floor();
        while second > 0.0 && self.bin_of(second, true) > b {
            second -= 1.0;
        }
        self.bin_of(second.max(0.0), true)
    }

    /// The first bin after `b` that answers for itself (see
    /// [`Self::answer_of`]); the last bin when none is left.
    pub fn next_answer(&self, b: usize, truncate: bool) -> usize {
        let last = self.count.saturating_sub(1);
        let mut next = b.saturating_add(1);
        while next < last && self.answer_of(next, truncate) != next {
            next += 1;
        }
        next.min(last)
    }

    /// When bin `b`'s numbers become valid: the end of the bin.
    pub fn end_of(&self, b: usize) -> f64 {
        (b + 1) as f64 * self.width
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bin_examples_from_the_protocol() {
        let b = Bins::for_duration(20.0);
        assert_eq!(b.count, 31);
        assert!((b.width - 0.6452).abs() < 1e-4);
        assert_eq!(Bins::for_duration(10.0).count, 15);
        assert_eq!(Bins::for_duration(60.0).count, 63);
        let b16 = Bins::for_duration(16.0);
        assert_eq!(b16.count, 15);
        assert!((b16.width - 1.0667).abs() < 1e-4);
        assert_eq!(Bins::for_duration(1.0).count, 1);
        assert_eq!(Bins::for_duration(0.5).count, 1);
    }

    #[test]
    fn events_at_the_end_fall_in_the_last_bin() {
        let b = Bins::for_duration(20.0);
        assert_eq!(b.bin_of(20.0, false), 30);
        assert_eq!(b.bin_of(0.0, false), 0);
        assert_eq!(b.bin_of(-1.0, false), 0);
        assert_eq!(b.bin_of(0.7, true), 0);
    }

    #[test]
    fn bins_without_a_whole_second_repeat_the_bin_before() {
        // 300 s: 511 bins of 0.587 s. Bin 8 holds second 5; bin 9
        // ([5.28, 5.87)) holds none; bin 10 holds second 6.
        let b = Bins::for_duration(300.0);
        assert_eq!(b.answer_of(8, true), 8);
        assert_eq!(b.answer_of(9, true), 8);
        assert_eq!(b.answer_of(10, true), 10);
        assert_eq!(b.answer_of(9, false), 9);
        assert_eq!(b.answer_of(0, true), 0);
        assert_eq!(b.answer_of(510, true), 510);
        assert_eq!(b.answer_of(600, true), 510);
        // Bins wider than a second hold one each: nothing repeats.
        let b16 = Bins::for_duration(16.0);
        assert!((0..b16.count).all(|i| b16.answer_of(i, true) == i));
        assert_eq!(b.next_answer(8, true), 10);
        assert_eq!(b.next_answer(8, false), 9);
        assert_eq!(b.next_answer(510, true), 510);
        // One request per whole second, not per bin.
        let asked: std::collections::BTreeSet<usize> =
            (0..b.count).map(|i| b.answer_of(i, true)).collect();
        assert_eq!(asked.len(), 301);
    }

    #[test]
    fn stats_response_reads_both_variants() {
        let j = r#"{"journey_time":3.2258,"bin_width":0.6452,"users":1532,"likes":240,
            "numeric_active":{"1":3,"5":120,"7":410},"press_active":null,"press":null,
            "color_active":null,"word_active":null}"#;
        let r: StatsResponse = serde_json::from_str(j).unwrap();
        assert_eq!(r.numeric_active.unwrap()["7"], 410);
        let p = j.replace("journey_time", "prompt_time");
        assert!(serde_json::from_str::<StatsResponse>(&p).is_ok());
    }

    #[test]
    fn fit_to_drops_what_the_prompt_cannot_hold() {
        let mut huge = std::collections::BTreeMap::new();
        for k in 0..20_000 {
            huge.insert(k.to_string(), 1);
        }
        huge.insert("x".into(), 1);
        huge.insert("-1".into(), 1);
        let mut r = StatsResponse {
            journey_time: 0.0,
            bin_width: 1.0,
            users: 1,
            likes: 0,
            numeric_active: Some(huge),
            press_active: Some(3),
            press: None,
            color_active: Some(vec![1; 100]),
            word_active: None,
        };
        let p = Prompt::default_for(Style::Numeric);
        let dropped = r.fit_to(Some(&p));
        assert_eq!(r.numeric_active.as_ref().map(BTreeMap::len), Some(10));
        assert_eq!(r.press_active, None);
        assert_eq!(r.color_active, None);
        assert_eq!(dropped, 20_002 - 10 + 1 + 100);
        let mut w = r.clone();
        w.word_active = Some(vec![1; 9]);
        w.numeric_active = None;
        w.fit_to(Some(&Prompt::default_for(Style::Word)));
        assert_eq!(w.word_active, Some(vec![1; 3]));
    }
}
