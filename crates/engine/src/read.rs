//! Reading the state: plain accessors, the prompt's style, and the two
//! scopes as the stats endpoint would name them (PROTOCOL.md §6.3). Nothing
//! here changes the state.

use crate::feed::Feed;
use crate::key::key64;
use crate::style::StyleInfo;
use crate::tally::Tally;
use crate::timeline::Timeline;
use crate::{EventCounts, JourneyState, Link, PacketCounts, Snapshot, Totals};
use journeytop_protocol::{EvType, Prompt, Style};

impl JourneyState {
    pub fn now(&self) -> f64 {
        self.now
    }

    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    pub fn duration(&self) -> Option<f64> {
        self.duration
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn live(&self) -> &Tally {
        &self.live
    }

    pub fn totals(&self) -> Option<&Totals> {
        self.totals.as_ref()
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn feed(&self) -> &Feed {
        &self.feed
    }

    pub fn counts(&self) -> EventCounts {
        self.counts
    }

    /// Applied events per evtype (every evtype listed, zeros included).
    pub fn applied_by_evtype(&self) -> Vec<(EvType, u64)> {
        EvType::ALL.into_iter().zip(self.by_evtype).collect()
    }

    /// Packets skipped as malformed or of an unknown type.
    pub fn packets(&self) -> PacketCounts {
        self.packets
    }

    pub fn link(&self) -> &Link {
        &self.link
    }

    /// Journey time at which the link entered its current state (a failed
    /// connection's screen freezes its clock there).
    pub fn link_since(&self) -> f64 {
        self.link_since
    }

    /// The last latency reading in seconds (server estimate − our clock).
    pub fn latency(&self) -> Option<f64> {
        self.latency
    }

    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    pub fn next_due(&self) -> Option<f64> {
        self.pending.next_due()
    }

    pub fn dedupe_len(&self) -> usize {
        self.dedupe.len()
    }

    /// The names of the latest joins, newest first (untrusted text).
    pub fn recent_joins(&self) -> impl Iterator<Item = &str> {
        self.recent_joins.iter().map(|n| &**n)
    }

    /// The most recent rejection reasons, oldest first.
    pub fn rejections(&self) -> impl Iterator<Item = &str> {
        self.rejections.iter().map(String::as_str)
    }

    /// The poster's name for a session, if their join was seen.
    pub fn name_of(&self, session_uid: &str) -> Option<&str> {
        self.names.get(&key64(session_uid)).map(|n| &**n)
    }

    /// The prompt's style: given, inferred from the answers seen, or unknown.
    pub fn style(&self) -> StyleInfo {
        if let Some(p) = &self.prompt {
            return StyleInfo::Known(p.style());
        }
        self.style_votes
            .leader()
            .map_or(StyleInfo::Unknown, StyleInfo::Inferred)
    }

    /// The live scope as the stats endpoint would name it.
    pub fn snapshot(&self) -> Snapshot {
        let t = &self.live;
        let style = self.style().style();
        let numeric_active = (style == Some(Style::Numeric)).then(|| match &self.prompt {
            Some(Prompt::Numeric { min, max, .. }) => (*min..=*max)
                .map(|r| (r, t.numeric.get(&r).copied().unwrap_or(0)))
                .collect(),
            _ => t.numeric.iter().map(|(r, n)| (*r, *n)).collect(),
        });
        let press = style == Some(Style::Press);
        Snapshot {
            journey_time: self.now,
            users: t.users,
            likes: t.likes,
            numeric_active,
            press_active: press.then_some(t.press_active),
            press: press.then_some(t.press),
            color_active: (style == Some(Style::Color)).then(|| t.color.clone()),
            word_active: (style == Some(Style::Word)).then(|| t.word.clone()),
            events: Some(self.counts),
        }
    }

    /// The journey time the totals hold at: the end of the stats bin (its
    /// response names the bin's start, PROTOCOL.md §6.3).
    pub fn totals_valid_at(&self) -> Option<f64> {
        let r = &self.totals.as_ref()?.response;
        let width = if r.bin_width.is_finite() {
            r.bin_width.max(0.0)
        } else {
            0.0
        };
        Some(r.journey_time + width).filter(|t| t.is_finite())
    }

    /// The totals scope, when a stats response has been loaded: numeric
    /// ratings zero-filled over the prompt's range, lists padded to its
    /// options, and negative counts (a hostile server) read as zero.
    pub fn totals_snapshot(&self) -> Option<Snapshot> {
        let r = &self.totals.as_ref()?.response;
        let pos = |n: i64| n.max(0) as u64;
        let list = |v: &Option<Vec<i64>>| {
            v.as_ref().map(|v| {
                let mut out: Vec<u64> = v.iter().map(|n| pos(*n)).collect();
                if let Some(n) = self.prompt.as_ref().map(Prompt::option_count)
                    && out.len() < n
                {
                    out.resize(n, 0);
                }
                out
            })
        };
        let numeric_active = r.numeric_active.as_ref().map(|m| {
            let mut pairs: Vec<(i64, u64)> = m
                .iter()
                .filter_map(|(k, n)| Some((k.parse::<i64>().ok()?, pos(*n))))
                .collect();
            if let Some(Prompt::Numeric { min, max, .. }) = &self.prompt {
                for r in *min..=*max {
                    if !pairs.iter().any(|(k, _)| *k == r) {
                        pairs.push((r, 0));
                    }
                }
            }
            pairs.sort_unstable();
            pairs
        });
        Some(Snapshot {
            journey_time: r.journey_time,
            users: pos(r.users),
            likes: pos(r.likes),
            numeric_active,
            press_active: r.press_active.map(pos),
            press: r.press.map(pos),
            color_active: list(&r.color_active),
            word_active: list(&r.word_active),
            events: None,
        })
    }
}
