//! The journey engine: pure, synchronous, deterministic, no tokio.
//!
//! Sources hand it [`Input`]s stamped with the journey clock; it dedupes
//! events, holds them in a release heap until the clock reaches them, and
//! folds them into the numbers the Oseh backend computes (PROTOCOL.md §4).
//! Same inputs in, same state out — so replays and tests need no terminal
//! and no socket.

pub mod dedupe;
pub mod feed;
pub mod key;
pub mod reorder;
pub mod snapshot;
pub mod tally;
pub mod timeline;

use dedupe::Dedupe;
use feed::{Feed, FeedItem, FeedKind};
use journeytop_protocol::{
    Bins, EvType, Event, EventBatch, EventData, Prompt, StatsResponse, Style,
};
use key::{KeyMap, key64};
use reorder::Reorder;
pub use snapshot::{EventCounts, Snapshot};
use std::collections::VecDeque;
use tally::{Change, Tally};
use timeline::Timeline;

/// Everything a source can tell the engine.
#[derive(Debug, Clone)]
pub enum Input {
    /// The events of one `event_batch`.
    Batch(EventBatch),
    /// One stats response (§6.3) for bin `bin`, loaded into the totals scope.
    Stats { bin: usize, response: StatsResponse },
    /// A `latency_detection`: how far the server's estimate of our clock is
    /// ahead of our clock as the packet arrived (seconds; ≈ rtt/2).
    Latency { offset: f64 },
    /// The connection changed.
    Link(Link),
    /// A frame that could not be read as a packet: counted and skipped.
    MalformedPacket { reason: String },
    /// A packet of a type this build does not know: counted, never fatal.
    UnknownPacket { kind: String },
}

/// Packets (not events) that were skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PacketCounts {
    pub malformed: u64,
    pub unknown: u64,
}

/// An input with the journey time at which it was received: what sources
/// send on their channel and what a recording stores. Feeding the same
/// stamped inputs gives the same state (`ingest`: `advance_to(at)`, then `apply`).
#[derive(Debug, Clone)]
pub struct Stamped {
    pub at: f64,
    pub input: Input,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Connection {
    Connecting,
    Live,
    Reconnecting,
    Ended,
    Failed,
}

impl Connection {
    pub fn name(self) -> &'static str {
        match self {
            Connection::Connecting => "connecting",
            Connection::Live => "live",
            Connection::Reconnecting => "reconnecting",
            Connection::Ended => "ended",
            Connection::Failed => "failed",
        }
    }
}

/// The connection as the screen shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub connection: Connection,
    /// Plain words: why we are reconnecting, or what failed and what to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Journey time at which the next attempt starts, while reconnecting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<f64>,
}

impl Link {
    pub fn new(connection: Connection) -> Link {
        Link {
            connection,
            detail: None,
            retry_at: None,
        }
    }
}

/// Tunables; the defaults suit the real server.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngineConfig {
    /// Forget event uids this many seconds behind the clock. The server only
    /// forwards events within lookback (≤ 10 s), so 30 s is safely more.
    pub dedupe_horizon: f64,
    /// Reject events this far ahead of the clock (the server's lookahead is
    /// ≤ 10 s); keeps a hostile timestamp from parking in the heap forever.
    pub future_horizon: f64,
    /// The journey clock when the engine starts.
    pub start_at: f64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            dedupe_horizon: 30.0,
            future_horizon: 60.0,
            start_at: 0.0,
        }
    }
}

/// What the engine knows of the prompt: given, inferred from events, or not
/// yet known at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleInfo {
    Known(Style),
    Inferred(Style),
    Unknown,
}

impl StyleInfo {
    pub fn style(self) -> Option<Style> {
        match self {
            StyleInfo::Known(s) | StyleInfo::Inferred(s) => Some(s),
            StyleInfo::Unknown => None,
        }
    }
}

/// The totals scope: the latest stats snapshot from the HTTP endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    pub bin: usize,
    pub response: StatsResponse,
    /// Journey time at which it was loaded.
    pub loaded_at: f64,
}

/// Largest option index accepted when the prompt is unknown (real prompts
/// have at most 8 options).
const MAX_UNKNOWN_INDEX: i64 = 63;
/// Largest rating accepted when the prompt is unknown.
const MAX_UNKNOWN_RATING: i64 = 1000;
/// Names remembered for the feed; beyond this, answers show without a name.
const MAX_NAMES: usize = 200_000;
const MAX_REJECTIONS: usize = 16;
const RECENT_JOINS: usize = 16;

/// Cloneable so a replay can keep checkpoints to seek from.
#[derive(Debug, Clone)]
pub struct JourneyState {
    config: EngineConfig,
    prompt: Option<Prompt>,
    duration: Option<f64>,
    now: f64,
    pending: Reorder,
    dedupe: Dedupe,
    live: Tally,
    totals: Option<Totals>,
    timeline: Timeline,
    feed: Feed,
    counts: EventCounts,
    /// Applied events per evtype, in `EvType::ALL` order.
    by_evtype: [u64; 8],
    packets: PacketCounts,
    names: KeyMap<String>,
    /// Answer events seen per style, to infer an unknown prompt.
    style_votes: [u64; 4],
    rejections: VecDeque<String>,
    /// The names of the latest joins, newest first (the feed scrolls past
    /// them quickly when answers and leaves pour in).
    recent_joins: VecDeque<String>,
    link: Link,
    latency: Option<f64>,
    /// Bumped on every change, so a screen can redraw only when needed.
    generation: u64,
}

impl JourneyState {
    pub fn new(
        prompt: Option<Prompt>,
        duration: Option<f64>,
        config: EngineConfig,
    ) -> JourneyState {
        let live = fresh_tally(prompt.as_ref());
        JourneyState {
            config,
            prompt,
            duration,
            now: config.start_at,
            pending: Reorder::default(),
            dedupe: Dedupe::default(),
            live,
            totals: None,
            timeline: Timeline::default(),
            feed: Feed::default(),
            counts: EventCounts::default(),
            by_evtype: [0; 8],
            packets: PacketCounts::default(),
            names: KeyMap::default(),
            style_votes: [0; 4],
            rejections: VecDeque::new(),
            recent_joins: VecDeque::new(),
            link: Link::new(Connection::Connecting),
            latency: None,
            generation: 0,
        }
    }

    /// Moves the journey clock forward (never back) and releases every
    /// waiting event that is now due, in time order.
    pub fn advance_to(&mut self, now: f64) {
        if now > self.now {
            self.now = now;
        }
        while let Some(ev) = self.pending.pop_due(self.now) {
            self.apply_event(&ev);
        }
        self.dedupe
            .forget_before(self.now - self.config.dedupe_horizon);
    }

    /// Takes one stamped input: the clock moves to its time, then it applies.
    pub fn ingest(&mut self, stamped: Stamped) {
        self.advance_to(stamped.at);
        self.apply(stamped.input);
    }

    /// Takes one input at the current clock.
    pub fn apply(&mut self, input: Input) {
        self.generation += 1;
        match input {
            Input::Batch(batch) => self.receive(batch),
            Input::Stats { bin, response } => {
                self.totals = Some(Totals {
                    bin,
                    response,
                    loaded_at: self.now,
                });
            }
            Input::Latency { offset } => self.latency = Some(offset),
            Input::Link(link) => {
                if link.connection != Connection::Live {
                    self.latency = None;
                }
                self.link = link;
            }
            Input::MalformedPacket { reason } => {
                self.packets.malformed += 1;
                self.note_rejection(format!("malformed packet: {reason}"));
            }
            Input::UnknownPacket { kind } => {
                self.packets.unknown += 1;
                self.note_rejection(format!("unknown packet type {kind:?}"));
            }
        }
    }

    fn receive(&mut self, batch: EventBatch) {
        let malformed = batch.malformed.len() as u64;
        self.counts.received += batch.events.len() as u64 + malformed;
        self.counts.rejected += malformed;
        for reason in batch.malformed {
            self.note_rejection(format!("malformed event: {reason}"));
        }
        for ev in batch.events {
            let key = key64(&ev.uid);
            if let Err(reason) = self.check(&ev) {
                self.counts.rejected += 1;
                self.note_rejection(format!("{} {}: {reason}", ev.data.evtype_str(), ev.uid));
                continue;
            }
            if !self.dedupe.insert(key, ev.time) {
                self.counts.duplicates += 1;
                continue;
            }
            if let EventData::Unknown { .. } = ev.data {
                self.counts.unknown += 1;
                continue;
            }
            self.pending.push(ev, key);
        }
        self.advance_to(self.now);
    }

    /// Why an event cannot count, if it cannot.
    fn check(&mut self, ev: &Event) -> Result<(), String> {
        if ev.time < self.now - self.config.dedupe_horizon {
            return Err(format!(
                "event time {:.2} s is more than {} s behind the clock ({:.2} s); a duplicate could no longer be recognised",
                ev.time, self.config.dedupe_horizon, self.now
            ));
        }
        if ev.time > self.now + self.config.future_horizon {
            return Err(format!(
                "event time {:.2} s is more than {} s ahead of the clock ({:.2} s)",
                ev.time, self.config.future_horizon, self.now
            ));
        }
        let style = self.prompt.as_ref().map(Prompt::style);
        let wrong_style = |wanted: Style| match style {
            Some(s) if s != wanted => Err(format!("a {} event on a {s} prompt", wanted.name())),
            _ => Ok(()),
        };
        match (&ev.data, &self.prompt) {
            (EventData::Invalid { reason, .. }, _) => Err(reason.clone()),
            (EventData::Numeric { rating }, Some(Prompt::Numeric { min, max, .. })) => {
                if rating < min || rating > max {
                    Err(format!(
                        "rating {rating} is outside the prompt's {min}..{max}"
                    ))
                } else {
                    Ok(())
                }
            }
            (EventData::Numeric { rating }, _) => {
                wrong_style(Style::Numeric)?;
                if !(0..=MAX_UNKNOWN_RATING).contains(rating) {
                    return Err(format!(
                        "rating {rating} is outside 0..{MAX_UNKNOWN_RATING}"
                    ));
                }
                self.style_votes[0] += 1;
                Ok(())
            }
            (EventData::PressStart | EventData::PressEnd, _) => {
                wrong_style(Style::Press)?;
                self.style_votes[1] += 1;
                Ok(())
            }
            (EventData::Color { index }, p) => {
                wrong_style(Style::Color)?;
                self.style_votes[2] += 1;
                check_index(*index, p.as_ref().map(Prompt::option_count))
            }
            (EventData::Word { index }, p) => {
                wrong_style(Style::Word)?;
                self.style_votes[3] += 1;
                check_index(*index, p.as_ref().map(Prompt::option_count))
            }
            _ => Ok(()),
        }
    }

    fn note_rejection(&mut self, reason: String) {
        tracing::debug!(%reason, "event rejected");
        if self.rejections.len() == MAX_REJECTIONS {
            self.rejections.pop_front();
        }
        self.rejections.push_back(reason);
    }

    fn apply_event(&mut self, ev: &Event) {
        self.generation += 1;
        let session = ev.session_uid.as_deref().map(key64);
        let change = self.live.apply(&ev.data, session);
        self.counts.applied += 1;
        if let Some(i) = ev
            .data
            .evtype()
            .and_then(|t| EvType::ALL.iter().position(|e| *e == t))
        {
            self.by_evtype[i] += 1;
        }
        if let (Some(s), Some(name)) = (session, ev.name())
            && (self.names.len() < MAX_NAMES || self.names.contains_key(&s))
        {
            self.names.insert(s, name.to_string());
        }
        let name = || {
            ev.name()
                .map(str::to_string)
                .or_else(|| session.and_then(|s| self.names.get(&s).cloned()))
        };
        if let (Change::Joined, Some(n)) = (change, ev.name()) {
            if self.recent_joins.len() == RECENT_JOINS {
                self.recent_joins.pop_back();
            }
            self.recent_joins.push_front(n.to_string());
        }
        let kind = match (change, &ev.data) {
            (Change::Joined, _) => Some(FeedKind::Joined),
            (Change::Left, _) => Some(FeedKind::Left),
            (Change::Liked, _) => Some(FeedKind::Liked),
            (Change::PressStarted, _) => Some(FeedKind::Pressed),
            (Change::Answered, EventData::Numeric { rating }) => Some(FeedKind::Rated(*rating)),
            (Change::Answered, EventData::Color { index } | EventData::Word { index }) => {
                Some(FeedKind::Chose(*index as usize))
            }
            _ => None,
        };
        if let Some(kind) = kind {
            let item = FeedItem {
                time: ev.time,
                name: name(),
                kind,
            };
            self.feed.push(item);
        }
        let mood = matches!(ev.data, EventData::Numeric { .. })
            .then(|| self.live.mood())
            .flatten();
        let sec = self.timeline.at_mut(ev.time);
        match change {
            Change::Joined => sec.joins += 1,
            Change::Left => sec.leaves += 1,
            Change::Liked => sec.likes += 1,
            Change::Answered => sec.answers += 1,
            Change::PressStarted => sec.press_starts += 1,
            Change::PressEnded | Change::Nothing => {}
        }
        sec.users = Some(self.live.users);
        sec.holding = Some(self.live.press_active);
        if mood.is_some() {
            sec.mood = mood;
        }
    }

    /// Clears the live scope (the `r` key): counts, timelines and feed start
    /// again from now. Dedupe memory and waiting events are kept, so nothing
    /// already seen is counted twice.
    pub fn reset_live(&mut self) {
        self.generation += 1;
        self.live = fresh_tally(self.prompt.as_ref());
        self.timeline = Timeline::default();
        self.feed = Feed::default();
        self.counts = EventCounts::default();
        self.by_evtype = [0; 8];
        self.rejections.clear();
        self.recent_joins.clear();
    }

    // ---- reading -------------------------------------------------------

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
        self.recent_joins.iter().map(String::as_str)
    }

    /// The most recent rejection reasons, oldest first.
    pub fn rejections(&self) -> impl Iterator<Item = &str> {
        self.rejections.iter().map(String::as_str)
    }

    /// The poster's name for a session, if their join was seen.
    pub fn name_of(&self, session_uid: &str) -> Option<&str> {
        self.names.get(&key64(session_uid)).map(String::as_str)
    }

    /// The prompt's style: given, inferred from the answers seen, or unknown.
    pub fn style(&self) -> StyleInfo {
        if let Some(p) = &self.prompt {
            return StyleInfo::Known(p.style());
        }
        let styles = [Style::Numeric, Style::Press, Style::Color, Style::Word];
        let best = (0..4).max_by_key(|&i| (self.style_votes[i], std::cmp::Reverse(i)));
        match best {
            Some(i) if self.style_votes[i] > 0 => StyleInfo::Inferred(styles[i]),
            _ => StyleInfo::Unknown,
        }
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

    /// The totals scope, when a stats response has been loaded: numeric
    /// ratings zero-filled over the prompt's range, lists padded to its options.
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

    /// The stats bins for this prompt's duration, when it is known.
    pub fn bins(&self) -> Option<Bins> {
        self.duration.map(Bins::for_duration)
    }
}

fn fresh_tally(prompt: Option<&Prompt>) -> Tally {
    match prompt {
        Some(Prompt::Color { colors, .. }) => Tally::with_options(colors.len(), 0),
        Some(Prompt::Word { options, .. }) => Tally::with_options(0, options.len()),
        _ => Tally::default(),
    }
}

fn check_index(index: i64, options: Option<usize>) -> Result<(), String> {
    match options {
        Some(n) if index < 0 || index as u64 >= n as u64 => {
            Err(format!("index {index} is beyond the prompt's {n} options"))
        }
        None if !(0..=MAX_UNKNOWN_INDEX).contains(&index) => {
            Err(format!("index {index} is outside 0..{MAX_UNKNOWN_INDEX}"))
        }
        _ => Ok(()),
    }
}
