//! A player's checkpoints: the engine at a few points of the recording,
//! each with where in the file the inputs after it start. At most
//! [`MAX_CHECKPOINTS`], spaced evenly through the file's bytes; one in
//! [`FULL_EVERY`] keeps the per-session maps in full, the others only what
//! changed since the previous one. So they cost a few copies of the
//! journey's state, whatever the recording's length.

use crate::record::reader::Position;
use journeytop_engine::{DedupeWindow, JourneyState, SessionChanges, Sessions};

/// At most this many checkpoints, the start included, whatever the
/// recording's length: they are at least 1/63 of the file apart, so a seek
/// re-reads about 1/63 of the file at most.
pub const MAX_CHECKPOINTS: usize = 64;
/// …but never closer than this (about a thousand events: a short
/// recording needs few).
const MIN_SPACING: u64 = 256 << 10;
/// One checkpoint in this many keeps the per-session maps in full; the
/// others keep only their changes since the previous checkpoint, so a
/// restore clones one full copy and applies at most this many − 1 changes.
pub const FULL_EVERY: usize = 8;

/// A checkpoint's per-session maps: in full, or what changed since the
/// previous checkpoint.
enum Kept {
    Full(Sessions),
    Changes(SessionChanges),
}

impl Kept {
    fn bytes(&self) -> usize {
        match self {
            Kept::Full(s) => s.bytes(),
            Kept::Changes(c) => c.bytes(),
        }
    }
}

/// Where a checkpoint stands in the recording, besides the engine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Mark {
    /// The engine is folded exactly up to this journey time.
    pub(super) at: f64,
    /// Inputs folded in (in file order), and where the line after the
    /// last of them starts: the inputs after the checkpoint are read from here.
    pub(super) taken: usize,
    pub(super) resume: Position,
    /// The line and time of the next input, as the index pass read it:
    /// a re-read checks it got the same (`None`: no input follows).
    pub(super) next: Option<(usize, f64)>,
    /// The time and number of the last input with events before it.
    pub(super) last_event: Option<(f64, usize)>,
}

/// The engine folded exactly up to `mark.at`: `rest` without its
/// per-session maps, which are `sessions`, and without its dedupe memory,
/// which is `dedupe` (as plain lists: half the bytes).
struct Checkpoint {
    mark: Mark,
    rest: JourneyState,
    sessions: Kept,
    dedupe: DedupeWindow,
}

pub(super) struct Checkpoints {
    /// Increasing in time, inputs taken and offset; the first is the start (in full).
    list: Vec<Checkpoint>,
    /// The bytes of file between two checkpoints.
    spacing: u64,
    /// The newest checkpoint's per-session maps, to take the next one's
    /// changes against; dropped once the index pass is done.
    newest: Option<Sessions>,
}

impl Checkpoints {
    /// Checkpoints for a file of `len` bytes.
    pub(super) fn new(len: u64) -> Checkpoints {
        Checkpoints {
            list: Vec::new(),
            spacing: len.div_ceil(MAX_CHECKPOINTS as u64 - 1).max(MIN_SPACING),
            newest: None,
        }
    }

    /// Whether the engine, now at `mark`, should be kept: far enough into
    /// the file past the newest checkpoint, and later in time and inputs.
    pub(super) fn due(&self, mark: &Mark) -> bool {
        self.list.last().is_some_and(|last| {
            let last = &last.mark;
            mark.resume.offset >= last.resume.offset + self.spacing
                && mark.taken > last.taken
                && mark.at > last.at
        })
    }

    /// Keeps `engine` as the newest checkpoint: its per-session maps in
    /// full every [`FULL_EVERY`] checkpoints (or when the changes would be
    /// more than half a full copy), otherwise their changes.
    pub(super) fn keep(&mut self, engine: &mut JourneyState, mark: Mark) {
        let sessions = engine.take_sessions();
        let dedupe = engine.take_dedupe();
        let rest = engine.clone();
        engine.put_dedupe(&dedupe);
        let since_full = self
            .list
            .iter()
            .rev()
            .take_while(|c| matches!(c.sessions, Kept::Changes(_)))
            .count();
        let changes = match &self.newest {
            Some(newest) if since_full + 1 < FULL_EVERY => {
                Some(sessions.changes_since(newest)).filter(|c| 2 * c.len() <= sessions.len())
            }
            _ => None,
        };
        let kept = match (changes, &mut self.newest) {
            (Some(changes), Some(newest)) => {
                newest.apply(&changes);
                Kept::Changes(changes)
            }
            _ => {
                self.newest = Some(sessions.clone());
                Kept::Full(sessions.clone())
            }
        };
        engine.put_sessions(sessions);
        self.list.push(Checkpoint {
            mark,
            rest,
            sessions: kept,
            dedupe,
        });
    }

    /// No more checkpoints come: the copy kept to take changes against goes.
    pub(super) fn done(&mut self) {
        self.newest = None;
    }

    pub(super) fn mark(&self, i: usize) -> Option<&Mark> {
        self.list.get(i).map(|c| &c.mark)
    }

    /// The latest checkpoint at or before journey time `t` (the first when
    /// none is).
    pub(super) fn nearest(&self, t: f64) -> usize {
        self.list
            .partition_point(|c| c.mark.at <= t)
            .saturating_sub(1)
    }

    /// The engine as it was at checkpoint `i`: the nearest full copy of the
    /// per-session maps at or before it, the changes after that one up to
    /// `i`, and `i`'s rest of the state. `old` is emptied first, so two
    /// large copies are never held at once.
    pub(super) fn engine_at(&self, i: usize, old: &mut JourneyState) -> Option<JourneyState> {
        let c = self.list.get(i)?;
        let full = self.list[..=i]
            .iter()
            .rposition(|c| matches!(c.sessions, Kept::Full(_)))?;
        drop(old.take_sessions());
        let mut sessions = Sessions::default();
        for k in &self.list[full..=i] {
            match &k.sessions {
                Kept::Full(s) => sessions.clone_from(s),
                Kept::Changes(ch) => sessions.apply(ch),
            }
        }
        let mut engine = c.rest.clone();
        engine.put_sessions(sessions);
        engine.put_dedupe(&c.dedupe);
        Some(engine)
    }

    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    pub(super) fn times(&self) -> Vec<f64> {
        self.list.iter().map(|c| c.mark.at).collect()
    }

    /// About the bytes of the dedupe memories kept.
    pub(super) fn dedupe_bytes(&self) -> usize {
        self.list.iter().map(|c| c.dedupe.bytes()).sum()
    }

    /// About the bytes of the per-session maps kept, and how many are full copies.
    pub(super) fn bytes(&self) -> (usize, usize) {
        let bytes = self.list.iter().map(|c| c.sessions.bytes()).sum();
        let full = self
            .list
            .iter()
            .filter(|c| matches!(c.sessions, Kept::Full(_)))
            .count();
        (bytes, full)
    }
}
