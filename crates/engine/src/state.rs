//! The fold: [`JourneyState`] takes inputs in clock order and keeps the
//! numbers of both scopes. Events are checked, deduped by uid, held in the
//! release heap until the clock reaches them (§2.4), then applied with the
//! counting rules of PROTOCOL.md §4. About 400 lines: the fold's steps
//! (take in, release, apply, both scopes) read best in order in one file;
//! validation, tallies, projections and the heap live in their own modules.

use crate::dedupe::Dedupe;
use crate::feed::{Feed, FeedItem, FeedKind};
use crate::key::KeyMap;
use crate::ready::{ReadyBatch, ReadyEvent};
use crate::reorder::{Held, Reorder};
use crate::style::StyleVotes;
use crate::tally::{Change, Tally};
use crate::timeline::Timeline;
use crate::validate;
use crate::{Connection, EngineConfig, EventCounts, Input, Link, PacketCounts, Stamped};
use crate::{Limits, RateGuard};
use journeytop_protocol::{EvType, EventData, Prompt, StatsResponse};
use std::collections::VecDeque;
use std::sync::Arc;

/// Names remembered for the feed; beyond this, answers show without a name.
const MAX_NAMES: usize = 200_000;
const MAX_REJECTIONS: usize = 16;
/// A name is kept to this many cells and bytes, sanitized, when its event
/// is taken in — so nothing later re-cleans a megabyte name every frame.
pub const NAME_CELLS: usize = 64;
pub const NAME_BYTES: usize = 256;
const RECENT_JOINS: usize = 16;

/// The totals scope: the latest stats snapshot from the HTTP endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    pub(crate) bin: usize,
    pub(crate) response: StatsResponse,
    /// Journey time at which it was loaded.
    pub(crate) loaded_at: f64,
}

/// Cloneable so a replay can keep checkpoints to seek from. The fields are
/// read by the accessors in `read.rs`; only this file changes them.
#[derive(Debug, Clone)]
pub struct JourneyState {
    pub(crate) config: EngineConfig,
    pub(crate) prompt: Option<Prompt>,
    pub(crate) duration: Option<f64>,
    pub(crate) now: f64,
    pub(crate) pending: Reorder,
    pub(crate) dedupe: Dedupe,
    pub(crate) live: Tally,
    pub(crate) totals: Option<Totals>,
    pub(crate) timeline: Timeline,
    pub(crate) feed: Feed,
    pub(crate) counts: EventCounts,
    /// Applied events per evtype, in `EvType::ALL` order.
    pub(crate) by_evtype: [u64; 8],
    pub(crate) packets: PacketCounts,
    /// Shared, not copied, by the clones a replay keeps as checkpoints.
    pub(crate) names: KeyMap<Arc<str>>,
    /// New, valid answers seen per style, to infer an unknown prompt.
    pub(crate) style_votes: StyleVotes,
    pub(crate) rejections: VecDeque<String>,
    /// The names of the latest joins, newest first (the feed scrolls past
    /// them quickly when answers and leaves pour in).
    pub(crate) recent_joins: VecDeque<Arc<str>>,
    pub(crate) link: Link,
    /// Journey time at which the link last changed state.
    pub(crate) link_since: f64,
    pub(crate) latency: Option<f64>,
    /// Bumped on every change, so a screen can redraw only when needed.
    pub(crate) generation: u64,
    pub(crate) bounds: Limits,
    /// Admits at most `bounds.max_rate` events a second (plus slack).
    pub(crate) rate: RateGuard,
    pub(crate) limits: LimitCounts,
}

/// What the engine's bounds refused, counted (each is also a rejection).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitCounts {
    /// Events beyond the rate the engine takes in.
    pub over_rate: u64,
    /// Events that found the release heap full.
    pub heap_full: u64,
    /// Stats entries the prompt cannot hold (ratings outside min..max,
    /// options beyond the prompt's, fields of another style).
    pub stats_entries: u64,
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
            style_votes: StyleVotes::default(),
            rejections: VecDeque::new(),
            recent_joins: VecDeque::new(),
            link: Link::new(Connection::Connecting),
            link_since: config.start_at,
            latency: None,
            generation: 0,
            bounds: Limits::default(),
            rate: RateGuard::for_bandwidth(Limits::default().max_rate),
            limits: LimitCounts::default(),
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
        self.feed.name_pending(&self.names);
        self.dedupe
            .forget_before(self.now - self.config.dedupe_horizon);
    }

    /// Takes one stamped input: the clock moves to its time, then it applies.
    pub fn ingest(&mut self, stamped: Stamped) {
        let at = stamped.at;
        self.advance_to(at);
        let before = self.link.connection;
        self.apply(stamped.input);
        // A link change counts from its own stamp, even when an input from
        // another source, stamped a moment later, moved the clock past it.
        if self.link.connection != before && at.is_finite() && at < self.link_since {
            self.link_since = at;
        }
    }

    /// Takes one input at the current clock.
    pub fn apply(&mut self, input: Input) {
        self.generation += 1;
        match input {
            Input::Batch(batch) => self.receive(ReadyBatch::new(batch)),
            Input::Stats { bin, mut response } => {
                let dropped = response.fit_to(self.prompt.as_ref());
                if dropped > 0 {
                    self.limits.stats_entries += dropped as u64;
                    self.note_rejection(format!(
                        "stats for bin {bin}: {} the prompt cannot hold, dropped",
                        plural(dropped, "entry", "entries")
                    ));
                }
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
                if link.connection != self.link.connection {
                    self.link_since = self.now;
                }
                self.link = link;
            }
            Input::MalformedPacket { reason } => {
                self.packets.malformed += 1;
                self.note_rejection(format!("malformed packet: {reason}"));
            }
            Input::UnknownPacket { kind } => {
                self.packets.unknown += 1;
                self.note_rejection(format!("unknown packet type \"{kind}\""));
            }
        }
    }

    /// Takes one batch made ready off the fold's thread: the clock moves
    /// to `at`, then the batch applies — exactly what [`Self::ingest`] does
    /// with the same batch as an [`Input::Batch`].
    pub fn ingest_ready(&mut self, at: f64, batch: ReadyBatch) {
        self.advance_to(at);
        self.generation += 1;
        self.receive(batch);
    }

    /// Checks, dedupes and queues the events of one batch, then releases
    /// whatever is already due.
    fn receive(&mut self, batch: ReadyBatch) {
        let ReadyBatch {
            events,
            uids,
            malformed,
        } = batch;
        let malformed_count = malformed.len() as u64;
        self.counts.received += events.len() as u64 + malformed_count;
        self.counts.rejected += malformed_count;
        for reason in malformed {
            self.note_rejection(format!("malformed event: {reason}"));
        }
        let mut uid_start = 0;
        for ev in events {
            let uid = uids.get(uid_start..ev.uid_end).unwrap_or_default();
            uid_start = ev.uid_end;
            let ReadyEvent { key, held, .. } = ev;
            let checked = validate::check(
                held.time,
                &held.data,
                self.prompt.as_ref(),
                self.now,
                &self.config,
            );
            if let Err(rejection) = checked {
                self.counts.rejected += 1;
                self.note_rejection(format!("{} {uid}: {rejection}", held.data.evtype_str()));
                continue;
            }
            if !self.rate.admit(self.now) {
                self.counts.rejected += 1;
                self.limits.over_rate += 1;
                // One note per thousand is plenty.
                if self.limits.over_rate == 1 || self.limits.over_rate.is_multiple_of(1000) {
                    self.note_rejection(format!(
                        "{} beyond {} a second, dropped",
                        plural(self.limits.over_rate as usize, "event", "events"),
                        self.bounds.max_rate
                    ));
                }
                continue;
            }
            if !self.dedupe.insert(key, held.time) {
                self.counts.duplicates += 1;
                continue;
            }
            // Valid and new: only now may it vote on an unknown prompt's style.
            self.style_votes.count(&held.data);
            if let EventData::Unknown(_) = held.data {
                self.counts.unknown += 1;
                continue;
            }
            if self.pending.len() >= self.bounds.max_pending {
                self.counts.rejected += 1;
                self.limits.heap_full += 1;
                if self.limits.heap_full == 1 || self.limits.heap_full.is_multiple_of(1000) {
                    self.note_rejection(format!(
                        "{} held for the future is the most kept; {} dropped",
                        plural(self.bounds.max_pending, "event", "events"),
                        plural(self.limits.heap_full as usize, "event", "events")
                    ));
                }
                continue;
            }
            self.pending.push(held, key);
        }
        self.advance_to(self.now);
    }

    fn note_rejection(&mut self, reason: impl AsRef<str>) {
        // Reasons quote server text: sanitized and bounded once, here.
        let reason = journeytop_protocol::text::for_log(reason.as_ref());
        tracing::debug!(%reason, "event rejected");
        if self.rejections.len() == MAX_REJECTIONS {
            self.rejections.pop_front();
        }
        self.rejections.push_back(reason);
    }

    /// Applies one released event to the live scope, the feed and the
    /// timelines.
    fn apply_event(&mut self, ev: &Held) {
        self.generation += 1;
        let session = ev.session;
        let change = self.live.apply(&ev.data, session);
        self.counts.applied += 1;
        if let Some(i) = ev
            .data
            .evtype()
            .and_then(|t| EvType::ALL.iter().position(|e| *e == t))
        {
            self.by_evtype[i] += 1;
        }
        let own_name = self.remember_name(session, ev.name());
        if let (Change::Joined, Some(n)) = (change, &own_name) {
            if self.recent_joins.len() == RECENT_JOINS {
                self.recent_joins.pop_back();
            }
            self.recent_joins.push_front(Arc::clone(n));
        }
        if let Some(kind) = feed_kind(change, &ev.data) {
            match (own_name, session) {
                (None, Some(s)) => self.feed.push_unnamed(ev.time, kind, s),
                (name, _) => self.feed.push(FeedItem {
                    time: ev.time,
                    name,
                    kind,
                }),
            }
        }
        self.mark_timeline(ev, change);
    }

    /// A join or leave names its session; answers show that name later.
    /// Returns the event's own name, shared with the map when it is kept
    /// there (the feed and the recent joins hold the same text, not copies).
    fn remember_name(&mut self, session: Option<u64>, name: Option<&str>) -> Option<Arc<str>> {
        let name = name?;
        let Some(s) = session else {
            return Some(name.into());
        };
        if let Some(held) = self.names.get(&s)
            && **held == *name
        {
            // A leave repeats the join's name: keep the one already held.
            return Some(Arc::clone(held));
        }
        let name: Arc<str> = name.into();
        if self.names.len() < MAX_NAMES || self.names.contains_key(&s) {
            // Items still waiting for the session's name get the old one.
            self.feed.name_pending_of(s, self.names.get(&s));
            self.names.insert(s, Arc::clone(&name));
        }
        Some(name)
    }

    /// Counts `change` in the second of `ev` and records the levels after it.
    fn mark_timeline(&mut self, ev: &Held, change: Change) {
        let mood = matches!(ev.data, EventData::Numeric { .. })
            .then(|| self.live.mood())
            .flatten();
        let counts = match ev.data {
            EventData::Color { .. } => Some(&self.live.color),
            EventData::Word { .. } => Some(&self.live.word),
            _ => None,
        };
        let choices = counts.map(|v| {
            let mut a = [0u32; 8];
            for (slot, n) in a.iter_mut().zip(v) {
                *slot = u32::try_from(*n).unwrap_or(u32::MAX);
            }
            a
        });
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
        if choices.is_some() {
            sec.choices = choices;
        }
    }

    /// The same engine with other memory bounds (before any input).
    #[must_use]
    pub fn with_limits(mut self, bounds: Limits) -> JourneyState {
        self.bounds = bounds;
        self.rate = RateGuard::for_bandwidth(bounds.max_rate);
        self
    }

    /// What the engine's bounds refused so far.
    pub fn limits(&self) -> LimitCounts {
        self.limits
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
}

/// "1 entry", "3 entries".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What the feed shows for an applied change, if anything.
fn feed_kind(change: Change, data: &EventData) -> Option<FeedKind> {
    match (change, data) {
        (Change::Joined, _) => Some(FeedKind::Joined),
        (Change::Left, _) => Some(FeedKind::Left),
        (Change::Liked, _) => Some(FeedKind::Liked),
        (Change::PressStarted, _) => Some(FeedKind::Pressed),
        (Change::Answered, EventData::Numeric { rating }) => Some(FeedKind::Rated(*rating)),
        (Change::Answered, EventData::Color { index } | EventData::Word { index }) => {
            Some(FeedKind::Chose(*index as usize))
        }
        _ => None,
    }
}

/// An empty live scope, its option lists sized for a known prompt.
fn fresh_tally(prompt: Option<&Prompt>) -> Tally {
    match prompt {
        Some(Prompt::Color { colors, .. }) => Tally::with_options(colors.len(), 0),
        Some(Prompt::Word { options, .. }) => Tally::with_options(0, options.len()),
        _ => Tally::default(),
    }
}
