//! The stats side: the Fenwick trees of `*_event_fenwick_trees` and the
//! stats endpoint's prefix sums over them (§6.3).

use super::{Journal, StatsError};
use crate::fenwick::Fenwick;
use journeytop_protocol::{Prompt, StatsResponse, Style};
use std::collections::BTreeMap;

/// The per-stat Fenwick trees over the prompt's bins.
#[derive(Debug, Clone)]
pub(super) struct Trees {
    pub(super) users: Fenwick,
    pub(super) likes: Fenwick,
    pub(super) press_active: Fenwick,
    pub(super) press: Fenwick,
    /// One tree per rating (offset by `min`), color or word.
    pub(super) options: Vec<Fenwick>,
    /// Per option, the lowest bin any update touched: the backend's stats
    /// query only returns a rating when a tree row exists for it in the
    /// prefix, which is exactly when some update landed at a bin ≤ b.
    pub(super) first_bin: Vec<Option<usize>>,
}

impl Trees {
    pub(super) fn new(bins: usize, options: usize) -> Trees {
        Trees {
            users: Fenwick::new(bins),
            likes: Fenwick::new(bins),
            press_active: Fenwick::new(bins),
            press: Fenwick::new(bins),
            options: (0..options).map(|_| Fenwick::new(bins)).collect(),
            first_bin: vec![None; options],
        }
    }
}

impl Journal {
    /// The stats endpoint: prefix sums over bins `0..=bin` (§6.3).
    pub fn stats(&self, bin: i64) -> Result<StatsResponse, StatsError> {
        if bin < 0 {
            return Err(StatsError::NegativeBin);
        }
        let b = bin as u64;
        if b >= self.bins.count as u64 {
            return Err(StatsError::BinNotFound {
                bins: self.bins.count,
                noun: self.variant.noun(),
            });
        }
        let b = b as usize;
        let t = &self.trees;
        let lists = || {
            t.options
                .iter()
                .map(|f| f.prefix_sum(b))
                .collect::<Vec<_>>()
        };
        let style = self.prompt.style();
        let numeric_active = match &self.prompt {
            Prompt::Numeric { min, .. } => Some(
                t.options
                    .iter()
                    .zip(&t.first_bin)
                    .enumerate()
                    .filter(|(_, (_, first))| first.is_some_and(|f| f <= b))
                    .map(|(i, (f, _))| ((min + i as i64).to_string(), f.prefix_sum(b)))
                    .collect::<BTreeMap<_, _>>(),
            ),
            _ => None,
        };
        let press = style == Style::Press;
        Ok(StatsResponse {
            journey_time: b as f64 * self.bins.width,
            bin_width: self.bins.width,
            users: t.users.prefix_sum(b),
            likes: t.likes.prefix_sum(b),
            numeric_active,
            press_active: press.then(|| t.press_active.prefix_sum(b)),
            press: press.then(|| t.press.prefix_sum(b)),
            color_active: (style == Style::Color).then(lists),
            word_active: (style == Style::Word).then(lists),
        })
    }

    /// The stats response as the variant's server writes it: the first key is
    /// `journey_time` or `prompt_time`, numeric keys in rating order.
    pub fn stats_json(&self, bin: i64) -> Result<serde_json::Value, StatsError> {
        let r = self.stats(bin)?;
        let numeric = r.numeric_active.map(|m| {
            let mut pairs: Vec<(i64, i64)> = m
                .into_iter()
                .filter_map(|(k, v)| Some((k.parse::<i64>().ok()?, v)))
                .collect();
            pairs.sort_unstable();
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::from(v)))
                .collect::<serde_json::Map<_, _>>()
        });
        let mut m = serde_json::Map::new();
        m.insert(self.variant.time_field().into(), r.journey_time.into());
        m.insert("bin_width".into(), r.bin_width.into());
        m.insert("users".into(), r.users.into());
        m.insert("likes".into(), r.likes.into());
        m.insert("numeric_active".into(), numeric.into());
        m.insert("press_active".into(), r.press_active.into());
        m.insert("press".into(), r.press.into());
        m.insert("color_active".into(), r.color_active.into());
        m.insert("word_active".into(), r.word_active.into());
        Ok(serde_json::Value::Object(m))
    }
}
