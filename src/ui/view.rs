//! The view model: exactly what the screen shows, taken from the engine in
//! one go. Freezing keeps an old `View` while the engine keeps counting.
//! The fields that change with time alone are read through accessors that
//! record the read ([`reads`]), so the screen redraws only what changed.

mod reads;
use reads::Reads;
pub(crate) use reads::{Read, ReadSet};

use super::figures;
use super::meta::{Meta, Mode, StatsPlan};
use super::text::{clean, sanitize};
use super::theme::color_name;
use journeytop_engine::feed::FeedKind;
use journeytop_engine::timeline::{MAX_SECONDS, Series};
use journeytop_engine::{Connection, EventCounts, JourneyState, Snapshot, StyleInfo};
use journeytop_protocol::Prompt;
use journeytop_protocol::prompt::parse_hex_color;
use std::borrow::Cow;

/// Longest untrusted string kept (the screen cuts further to fit).
const MAX_TEXT: usize = 120;
/// Feed lines kept for the screen.
const FEED_LINES: usize = 64;
/// Names shown under the participant count.
const NAMES: usize = 8;

/// One scope's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbers {
    pub users: u64,
    pub likes: u64,
    /// (rating, count) over min..max, zero-filled.
    pub numeric: Option<Vec<(i64, u64)>>,
    pub mood: Option<f64>,
    pub press_active: Option<u64>,
    pub press: Option<u64>,
    pub color: Option<Vec<u64>>,
    pub word: Option<Vec<u64>>,
    /// The journey time these numbers hold for ([`Numbers::at`]).
    at: f64,
    /// All sessions only: participants and likes heard live after the
    /// stats bin were added (joins − leaves, likes), so the headline moves
    /// between bins without counting anything twice.
    pub refined: bool,
    /// Whether `at` was read (it moves with time alone).
    at_read: Reads,
}

impl Numbers {
    fn from_snapshot(s: &Snapshot) -> Numbers {
        Numbers {
            users: s.users,
            likes: s.likes,
            mood: s.mood(),
            numeric: s.numeric_active.clone(),
            press_active: s.press_active,
            press: s.press,
            color: s.color_active.clone(),
            word: s.word_active.clone(),
            at: s.journey_time,
            refined: false,
            at_read: Reads::default(),
        }
    }

    /// Numbers of nothing, holding for journey time `at`.
    #[cfg(test)]
    pub(crate) fn empty_at(at: f64) -> Numbers {
        Numbers {
            users: 0,
            likes: 0,
            numeric: None,
            mood: None,
            press_active: None,
            press: None,
            color: None,
            word: None,
            at,
            refined: false,
            at_read: Reads::default(),
        }
    }

    /// The journey time these numbers hold for.
    pub fn at(&self) -> f64 {
        self.at_read.mark(Read::LiveAt);
        self.at
    }

    /// Whether every field but the time they hold for is equal.
    fn same_but_at(&self, other: &Numbers) -> bool {
        // Every field named: a new one has to be placed here.
        let Numbers {
            users,
            likes,
            numeric,
            mood,
            press_active,
            press,
            color,
            word,
            at: _,
            refined,
            at_read: _,
        } = self;
        *users == other.users
            && *likes == other.likes
            && *numeric == other.numeric
            && *mood == other.mood
            && *press_active == other.press_active
            && *press == other.press
            && *color == other.color
            && *word == other.word
            && *refined == other.refined
    }

    /// Answers in this scope: the ratings or choices held now, or for a
    /// press prompt the people who ever pressed.
    pub fn answers(&self) -> Option<u64> {
        if let Some(n) = &self.numeric {
            return Some(n.iter().map(|p| p.1).sum());
        }
        if let Some(c) = self.color.as_ref().or(self.word.as_ref()) {
            return Some(c.iter().sum());
        }
        self.press
    }

    /// Adds what was heard live from second `from` on to the stats' users
    /// and likes (the timelines are per second; `from` is rounded up, so a
    /// partly covered second is left to the next bin rather than counted
    /// twice).
    fn refine(&mut self, from: f64, t: &Timelines) {
        let from = if from.is_finite() && from > 0.0 {
            from.ceil() as usize
        } else {
            0
        };
        let after = |v: &[u64]| v.get(from..).map_or(0, |s| s.iter().sum::<u64>());
        let (joins, leaves) = (after(&t.joins), after(&t.leaves));
        self.users = self.users.saturating_add(joins).saturating_sub(leaves);
        self.likes = self.likes.saturating_add(after(&t.likes));
        self.refined = true;
    }
}

/// Where the journey stands on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Running,
    /// Past its duration: the journey has ended, events sent in time may
    /// still arrive (within the lookback) and are counted.
    Settling,
    /// Over, and the connection closed (or the recording played to its end).
    Ended,
}

/// A prompt color, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ColorOption {
    pub hex: String,
    pub rgb: (u8, u8, u8),
    pub name: &'static str,
}

/// The prompt's answer options, as far as they are known.
#[derive(Debug, Clone, PartialEq)]
pub enum Options {
    Numeric {
        min: i64,
        max: i64,
    },
    Press,
    Colors(Vec<ColorOption>),
    Words(Vec<String>),
    /// Not given: answers show by index (or rating).
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedTone {
    Join,
    Leave,
    Like,
    Answer,
    Press,
}

/// One line of the event feed, already sanitized.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedLine {
    pub time: f64,
    pub who: String,
    /// What they did ("joined", "rated 7", "chose red #CC0001"): the fixed
    /// words are not copied, every line of every frame.
    pub what: Cow<'static, str>,
    pub tone: FeedTone,
    /// A color answer's color, for a swatch.
    pub swatch: Option<(u8, u8, u8)>,
}

impl FeedLine {
    /// What they did in fewer words (a choice without "chose"), for a
    /// narrow feed: the option stays whole before anything is cut.
    pub fn short(&self) -> Option<&str> {
        self.what.strip_prefix("chose ")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LinkView {
    pub connection: Connection,
    pub detail: Option<String>,
    /// Seconds until the next attempt, while reconnecting.
    pub retry_in: Option<f64>,
    pub latency_ms: Option<u64>,
}

/// Per-second series over the journey, from second 0 to now. The level
/// series (holding, mood, the leading share) stop at their last second
/// that holds something: a level chart draws the quiet seconds after it
/// blank either way, so a quiet second leaves them, and what is drawn from
/// them, unchanged.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timelines {
    pub joins: Vec<u64>,
    pub leaves: Vec<u64>,
    pub likes: Vec<u64>,
    pub answers: Vec<u64>,
    pub users: Vec<u64>,
    pub holding: Vec<u64>,
    pub mood: Vec<Option<f64>>,
    /// A colour or word prompt: the option leading now (heard live) and its
    /// share of the answers per second, in whole percent.
    pub lead: Option<usize>,
    pub lead_share: Vec<Option<u64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub mode: Mode,
    pub variant: &'static str,
    pub uid: String,
    pub source: String,
    pub prompt_text: Option<String>,
    pub style: StyleInfo,
    pub options: Options,
    /// The connection ([`View::link`]).
    link: LinkView,
    /// The journey clock ([`View::now`]).
    now: f64,
    pub duration: Option<f64>,
    pub live: Numbers,
    /// All sessions: the stats endpoint's numbers, refined (see [`Numbers`]).
    pub totals: Option<Numbers>,
    /// Where all-session numbers could come from (for honest labels).
    pub stats_plan: StatsPlan,
    pub phase: Phase,
    /// Per-second series, one accessor each ([`View::joins`] …).
    timelines: Timelines,
    pub feed: Vec<FeedLine>,
    /// Latest names that joined, newest first.
    pub names: Vec<String>,
    pub counts: EventCounts,
    /// Changes the live tally had to clamp at zero (dropped events upstream).
    pub clamped: u64,
    pub rejections: usize,
    /// Set when the screen plays a recording.
    pub playback: Option<Playback>,
    /// Why a replay stopped short (its file changed under it), sanitized:
    /// the numbers on screen are where it stopped. The line it names is
    /// said on stderr when the dashboard closes.
    pub stopped: Option<String>,
    /// Which time-driven fields were read since the last [`View::take_reads`].
    reads: Reads,
}

/// Where a replay stands, for the header and the footer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Playback {
    pub speed: f64,
    pub paused: bool,
    /// The recording's first journey time (where `Home` goes).
    pub start: f64,
    /// The recording's last journey time.
    pub end: f64,
}

impl View {
    pub fn build(engine: &JourneyState, meta: &Meta) -> View {
        let prompt = engine.prompt();
        let options = match prompt {
            Some(Prompt::Numeric { min, max, .. }) => Options::Numeric {
                min: *min,
                max: *max,
            },
            Some(Prompt::Press { .. }) => Options::Press,
            Some(Prompt::Color { colors, .. }) => {
                Options::Colors(colors.iter().map(|hex| color_option(hex)).collect())
            }
            Some(Prompt::Word { options, .. }) => {
                Options::Words(options.iter().map(|o| clean(o, MAX_TEXT)).collect())
            }
            None => Options::Unknown,
        };
        let link = engine.link();
        // The error screen freezes the clock at the moment of failure.
        let now = if link.connection == Connection::Failed {
            engine.link_since().min(engine.now())
        } else {
            engine.now()
        };
        let upto = timeline_len(now, engine.timeline().len());
        let t = engine.timeline();
        let lead = leading(&engine.snapshot());
        let timelines = Timelines {
            joins: t.series(Series::Joins, upto),
            leaves: t.series(Series::Leaves, upto),
            likes: t.series(Series::Likes, upto),
            answers: t.series(Series::Answers, upto),
            users: t.series(Series::Users, upto),
            holding: quiet_end_cut(t.series(Series::Holding, upto), |n| *n == 0),
            mood: quiet_end_cut(t.mood_series(upto), Option::is_none),
            lead,
            lead_share: quiet_end_cut(
                lead.map_or_else(Vec::new, |i| t.share_series(i, upto)),
                Option::is_none,
            ),
        };
        let feed = feed_lines(engine, &options);
        let names = engine
            .recent_joins()
            .map(|n| clean(n, 40))
            .filter(|n| !n.is_empty())
            .take(NAMES)
            .collect();
        let duration = engine.duration().filter(|d| d.is_finite() && *d > 0.0);
        let totals = engine.totals_snapshot().map(|s| {
            let mut n = Numbers::from_snapshot(&s);
            n.at = engine.totals_valid_at().unwrap_or(s.journey_time);
            n.refine(n.at, &timelines);
            n
        });
        let phase = match link.connection {
            Connection::Ended => Phase::Ended,
            Connection::Failed => Phase::Running,
            _ if duration.is_some_and(|d| now >= d) => Phase::Settling,
            _ => Phase::Running,
        };
        View {
            mode: meta.mode,
            variant: meta.variant.name(),
            uid: sanitize(&meta.uid),
            source: clean(&meta.source, MAX_TEXT),
            prompt_text: prompt.map(|p| clean(p.text(), MAX_TEXT)),
            style: engine.style(),
            options,
            link: LinkView {
                connection: link.connection,
                detail: link.detail.as_deref().map(sanitize),
                retry_in: link.retry_at.map(|at| (at - now).max(0.0)),
                latency_ms: engine
                    .latency()
                    .filter(|l| l.is_finite())
                    .map(|l| (l.abs() * 1000.0).round() as u64),
            },
            now,
            duration,
            live: Numbers::from_snapshot(&engine.snapshot()),
            totals,
            stats_plan: meta.stats,
            phase,
            timelines,
            feed,
            names,
            counts: engine.counts(),
            clamped: engine.live().clamped,
            rejections: engine.rejections().count(),
            stopped: None,
            playback: None,
            reads: Reads::default(),
        }
    }

    /// The journey clock.
    pub fn now(&self) -> f64 {
        self.reads.mark(Read::Now);
        self.now
    }

    /// The connection: its state, detail, retry and latency.
    pub fn link(&self) -> &LinkView {
        self.reads.mark(Read::Link);
        &self.link
    }

    /// Joins a second.
    pub fn joins(&self) -> &[u64] {
        self.reads.mark(Read::Joins);
        &self.timelines.joins
    }

    /// Leaves a second.
    pub fn leaves(&self) -> &[u64] {
        self.reads.mark(Read::Leaves);
        &self.timelines.leaves
    }

    /// Likes a second.
    pub fn likes(&self) -> &[u64] {
        self.reads.mark(Read::Likes);
        &self.timelines.likes
    }

    /// Answers a second.
    pub fn answers(&self) -> &[u64] {
        self.reads.mark(Read::Answers);
        &self.timelines.answers
    }

    /// Participants each second.
    pub fn users(&self) -> &[u64] {
        self.reads.mark(Read::Users);
        &self.timelines.users
    }

    /// People holding each second.
    pub fn holding(&self) -> &[u64] {
        self.reads.mark(Read::Holding);
        &self.timelines.holding
    }

    /// The room mood each second.
    pub fn mood(&self) -> &[Option<f64>] {
        self.reads.mark(Read::Mood);
        &self.timelines.mood
    }

    /// The option leading now, and its share of the answers each second.
    pub fn lead(&self) -> (Option<usize>, &[Option<u64>]) {
        self.reads.mark(Read::Lead);
        (self.timelines.lead, &self.timelines.lead_share)
    }

    /// The time-driven fields read since the last call, and a fresh start.
    pub(crate) fn take_reads(&self) -> ReadSet {
        let mut set = self.reads.take();
        if self.live.at_read.take() != ReadSet::default() {
            set = set.with(Read::LiveAt);
        }
        if let Some(t) = &self.totals
            && t.at_read.take() != ReadSet::default()
        {
            set = set.with(Read::TotalsAt);
        }
        set
    }

    /// What changed from this view to `other`, for the parts drawn from
    /// it: `None` when a field that does not move with time alone changed
    /// (every part draws from those), else the time-driven fields that
    /// changed (only the parts that read one of them draw differently).
    pub(crate) fn changes(&self, other: &View) -> Option<ReadSet> {
        // Every field named: a new one has to be placed here.
        let View {
            mode,
            variant,
            uid,
            source,
            prompt_text,
            style,
            options,
            link,
            now,
            duration,
            live,
            totals,
            stats_plan,
            phase,
            timelines,
            feed,
            names,
            counts,
            clamped,
            rejections,
            playback,
            stopped,
            reads: _,
        } = self;
        let totals_same = match (totals, &other.totals) {
            (Some(a), Some(b)) => a.same_but_at(b),
            (None, None) => true,
            _ => false,
        };
        let untimed_same = *mode == other.mode
            && *variant == other.variant
            && *uid == other.uid
            && *source == other.source
            && *prompt_text == other.prompt_text
            && *style == other.style
            && *options == other.options
            && *duration == other.duration
            && live.same_but_at(&other.live)
            && totals_same
            && *stats_plan == other.stats_plan
            && *phase == other.phase
            && *feed == other.feed
            && *names == other.names
            && *counts == other.counts
            && *clamped == other.clamped
            && *rejections == other.rejections
            && *playback == other.playback
            && *stopped == other.stopped;
        if !untimed_same {
            return None;
        }
        let t = &other.timelines;
        let same_at = |a: &Numbers, b: &Numbers| a.at.to_bits() == b.at.to_bits();
        let changed = Read::ALL.into_iter().filter(|read| match read {
            Read::Now => now.to_bits() != other.now.to_bits(),
            Read::Link => *link != other.link,
            Read::Joins => timelines.joins != t.joins,
            Read::Leaves => timelines.leaves != t.leaves,
            Read::Likes => timelines.likes != t.likes,
            Read::Answers => timelines.answers != t.answers,
            Read::Users => timelines.users != t.users,
            Read::Holding => timelines.holding != t.holding,
            Read::Mood => timelines.mood != t.mood,
            Read::Lead => timelines.lead != t.lead || timelines.lead_share != t.lead_share,
            Read::LiveAt => !same_at(live, &other.live),
            Read::TotalsAt => match (totals, &other.totals) {
                (Some(a), Some(b)) => !same_at(a, b),
                _ => false,
            },
        });
        Some(changed.fold(ReadSet::default(), ReadSet::with))
    }

    /// The journey is over (settling or closed): the summary's time.
    pub(crate) fn ended(&self) -> bool {
        self.phase != Phase::Running
    }

    /// Before anything arrived: the splash screen (never over a recording:
    /// its start is a state worth seeing).
    pub(crate) fn waiting(&self) -> bool {
        self.playback.is_none()
            && self.link().connection == journeytop_engine::Connection::Connecting
            && self.counts.received == 0
            && self.totals.is_none()
    }

    /// The color option at an index, when the prompt gave it.
    pub(crate) fn color(&self, index: usize) -> Option<&ColorOption> {
        match &self.options {
            Options::Colors(c) => c.get(index),
            _ => None,
        }
    }
}

/// The feed as drawn: newest journey time first, names cleaned.
fn feed_lines(engine: &JourneyState, options: &Options) -> Vec<FeedLine> {
    // Newest first by journey time (late events within the lookback
    // are released in arrival order, so the feed's own order is not).
    let mut items: Vec<_> = engine.feed().iter().take(FEED_LINES).collect();
    items.sort_by(|a, b| b.time.total_cmp(&a.time));
    let chosen = chosen_words(options);
    items
        .into_iter()
        .map(|item| {
            let who = item
                .name
                .as_deref()
                .map(|n| clean(n, MAX_TEXT))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "someone".to_string());
            let (what, tone, swatch) = describe(&item.kind, options, &chosen);
            FeedLine {
                time: item.time,
                who,
                what,
                tone,
                swatch,
            }
        })
        .collect()
}

/// A level series without the quiet seconds at its end (see [`Timelines`]).
fn quiet_end_cut<T>(mut series: Vec<T>, quiet: impl Fn(&T) -> bool) -> Vec<T> {
    let kept = series.iter().rposition(|v| !quiet(v)).map_or(0, |i| i + 1);
    series.truncate(kept);
    series
}

/// Seconds of timeline to take: through now, at least what has data.
fn timeline_len(now: f64, have: usize) -> usize {
    let through_now = if now.is_finite() && now > 0.0 {
        (now.floor() as usize).saturating_add(1)
    } else {
        1
    };
    through_now.max(have).min(MAX_SECONDS)
}

fn color_option(hex: &str) -> ColorOption {
    let rgb = parse_hex_color(hex).unwrap_or((128, 128, 128));
    ColorOption {
        hex: clean(hex, 9),
        rgb,
        name: color_name(rgb),
    }
}

/// The feed's words for what someone did. The words for each option are
/// made once a view (`chosen`, in option order), not once a line.
fn describe(
    kind: &FeedKind,
    options: &Options,
    chosen: &[String],
) -> (Cow<'static, str>, FeedTone, Option<(u8, u8, u8)>) {
    let (what, tone, swatch) = match kind {
        FeedKind::Joined => return ("joined".into(), FeedTone::Join, None),
        FeedKind::Left => return ("left".into(), FeedTone::Leave, None),
        FeedKind::Liked => return ("liked this".into(), FeedTone::Like, None),
        FeedKind::Pressed => return ("resonates".into(), FeedTone::Press, None),
        FeedKind::Rated(n) => return (rated(*n), FeedTone::Answer, None),
        FeedKind::Chose(i) => match (options, chosen.get(*i)) {
            (Options::Colors(c), Some(words)) => {
                (words.clone(), FeedTone::Answer, c.get(*i).map(|c| c.rgb))
            }
            (Options::Colors(_), None) => {
                (format!("chose color #{}", i + 1), FeedTone::Answer, None)
            }
            (_, Some(words)) => (words.clone(), FeedTone::Answer, None),
            (_, None) => (format!("chose option #{}", i + 1), FeedTone::Answer, None),
        },
    };
    (what.into(), tone, swatch)
}

/// The words for choosing each option, in option order (none when the
/// options are not given).
fn chosen_words(options: &Options) -> Vec<String> {
    match options {
        Options::Colors(c) => c
            .iter()
            .map(|c| format!("chose {} {}", c.name, c.hex))
            .collect(),
        Options::Words(w) => w.iter().map(|word| format!("chose “{word}”")).collect(),
        _ => Vec::new(),
    }
}

/// "rated 7": the default prompts' ratings without a string each.
fn rated(n: i64) -> Cow<'static, str> {
    const RATED: [&str; 11] = [
        "rated 0", "rated 1", "rated 2", "rated 3", "rated 4", "rated 5", "rated 6", "rated 7",
        "rated 8", "rated 9", "rated 10",
    ];
    match usize::try_from(n).ok().and_then(|i| RATED.get(i)) {
        Some(words) => Cow::Borrowed(words),
        None => Cow::Owned(format!("rated {n}")),
    }
}

/// "42 ms" style latency for the header.
pub(crate) fn latency_text(ms: u64) -> String {
    format!("{} ms", figures::compact(ms))
}

/// The option with the most answers heard live (the first of a tie), for a
/// colour or word prompt with at least one answer.
fn leading(live: &Snapshot) -> Option<usize> {
    let counts = live.color_active.as_ref().or(live.word_active.as_ref())?;
    let (i, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))?;
    (*n > 0).then_some(i)
}

#[cfg(test)]
mod tests;
