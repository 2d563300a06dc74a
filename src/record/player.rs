//! Playing a recording on a virtual journey clock, with seeking.
//!
//! The state at position `p` is, by definition, the engine fed the longest
//! prefix of the inputs (in file order) whose times are all `<= p`, then
//! advanced to `p` — exactly what the live headless loop holds at `p`.
//! Folding in steps gives the same state as folding at once, so playing,
//! seeking forward and restoring a checkpoint then folding all agree.

use super::reader::Recording;
use super::transport::Transport;
use journeytop_engine::{EngineConfig, Input, JourneyState, SessionChanges, Sessions, Stamped};
use std::time::Duration;

/// At most this many checkpoints, the start included, whatever the
/// recording's length: they are spaced evenly by the work a re-fold does
/// (see [`cost`]), so a seek re-folds at most 1/63 of the recording.
pub const MAX_CHECKPOINTS: usize = 64;
/// …but never closer than this much work (a short recording needs few).
const MIN_SPACING: usize = 1024;
/// One checkpoint in this many keeps the per-session maps in full; the
/// others keep only their changes since the previous checkpoint, so a
/// restore clones one full copy and applies at most this many − 1 changes.
pub const FULL_EVERY: usize = 8;
/// A seek forward restores a checkpoint instead of folding when that skips
/// at least this much work (restoring costs about what folding a few
/// thousand events does).
const JUMP_COST: usize = 4096;
pub use super::transport::{MAX_SPEED, MIN_SPEED};

/// What re-folding an input costs, in units of about one event.
fn cost(s: &Stamped) -> usize {
    match &s.input {
        Input::Batch(b) => 1 + b.events.len(),
        _ => 1,
    }
}

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

/// The engine folded exactly up to `at`, with the inputs before `cursor`
/// (`done` work) in: `rest` without its per-session maps, which are `sessions`.
struct Checkpoint {
    at: f64,
    cursor: usize,
    done: usize,
    rest: JourneyState,
    sessions: Kept,
}

pub struct Player {
    recording: Recording,
    /// Where the virtual clock is, and how it moves.
    clock: Transport,
    /// The engine is folded exactly up to `folded_at` (inputs before `cursor` in).
    engine: JourneyState,
    cursor: usize,
    /// The work of the inputs before `cursor`.
    done: usize,
    folded_at: f64,
    /// Increasing in `at` and `cursor`; the first is the start (in full).
    checkpoints: Vec<Checkpoint>,
    /// The work between two checkpoints.
    spacing: usize,
    /// The newest checkpoint's per-session maps, to take the next one's
    /// changes against; dropped once the fold has reached the last input.
    newest: Option<Sessions>,
}

impl Player {
    /// A player at the start of `recording`, playing at speed 1.
    pub fn new(recording: Recording) -> Player {
        let start = recording.start();
        let end = recording.end_time();
        let h = &recording.header;
        let engine = JourneyState::new(
            h.prompt.clone(),
            h.duration,
            EngineConfig {
                start_at: start,
                ..EngineConfig::default()
            },
        );
        let total: usize = recording.inputs.iter().map(cost).sum();
        let mut p = Player {
            recording,
            clock: Transport::new(start, end),
            engine,
            cursor: 0,
            done: 0,
            folded_at: start,
            checkpoints: Vec::new(),
            spacing: total.div_ceil(MAX_CHECKPOINTS - 1).max(MIN_SPACING),
            newest: None,
        };
        p.fold_forward(start);
        p.keep_checkpoint();
        p
    }

    pub fn recording(&self) -> &Recording {
        &self.recording
    }

    pub fn position(&self) -> f64 {
        self.clock.position()
    }

    pub fn start(&self) -> f64 {
        self.clock.start()
    }

    pub fn end(&self) -> f64 {
        self.clock.end()
    }

    pub fn speed(&self) -> f64 {
        self.clock.speed()
    }

    pub fn paused(&self) -> bool {
        self.clock.paused()
    }

    pub fn at_end(&self) -> bool {
        self.clock.at_end()
    }

    /// The replay keys move this (speed, pause, seek).
    pub fn transport_mut(&mut self) -> &mut Transport {
        &mut self.clock
    }

    /// Sets the speed, kept within 1/64× … 256×.
    pub fn set_speed(&mut self, speed: f64) {
        self.clock.set_speed(speed);
    }

    pub fn toggle_pause(&mut self) {
        self.clock.toggle_pause();
    }

    /// Moves the clock to `t`, kept within the recording.
    pub fn seek(&mut self, t: f64) {
        self.clock.seek(t);
    }

    pub fn seek_by(&mut self, dt: f64) {
        self.clock.seek_by(dt);
    }

    pub fn seek_start(&mut self) {
        self.clock.seek_start();
    }

    /// Advances the clock by `wall_elapsed` × speed unless paused; pauses at the end.
    pub fn tick(&mut self, wall_elapsed: Duration) {
        self.clock.tick(wall_elapsed);
    }

    /// The engine folded exactly up to the current position.
    pub fn state(&mut self) -> &JourneyState {
        self.sync();
        &self.engine
    }

    /// Folds the engine to the current position: from the nearest
    /// checkpoint at or before the position when the position is behind
    /// the engine, or far enough ahead of it that restoring beats folding;
    /// otherwise forward from where it is.
    pub fn sync(&mut self) {
        let t = self.clock.position();
        let i = self
            .checkpoints
            .partition_point(|c| c.at <= t)
            .saturating_sub(1);
        if let Some(c) = self.checkpoints.get(i) {
            let behind = t < self.folded_at;
            let far_ahead = c.at > self.folded_at && c.done >= self.done + JUMP_COST;
            if behind || far_ahead {
                self.restore(i);
            }
        }
        self.fold_forward(t);
    }

    /// Puts the engine where checkpoint `i` is: the nearest full copy of
    /// the per-session maps at or before it, the changes after that one up
    /// to `i`, and `i`'s rest of the state.
    fn restore(&mut self, i: usize) {
        let Some(c) = self.checkpoints.get(i) else {
            return;
        };
        let full = self.checkpoints[..=i]
            .iter()
            .rposition(|c| matches!(c.sessions, Kept::Full(_)));
        let Some(full) = full else { return };
        // The old engine's maps go first, so two large copies are never held at once.
        drop(self.engine.take_sessions());
        let mut sessions = Sessions::default();
        for k in &self.checkpoints[full..=i] {
            match &k.sessions {
                Kept::Full(s) => sessions.clone_from(s),
                Kept::Changes(ch) => sessions.apply(ch),
            }
        }
        self.engine = c.rest.clone();
        self.engine.put_sessions(sessions);
        self.cursor = c.cursor;
        self.done = c.done;
        self.folded_at = c.at;
    }

    /// Takes in the inputs stamped up to `t` (stopping at the first later
    /// one, as the live loop does), then advances the clock to `t`.
    fn fold_forward(&mut self, t: f64) {
        while let Some(s) = self.recording.inputs.get(self.cursor).filter(|s| s.at <= t) {
            self.done += cost(s);
            self.engine.ingest(s.clone());
            self.cursor += 1;
            self.maybe_checkpoint();
        }
        self.engine.advance_to(t);
        self.folded_at = t.max(self.folded_at);
        if self.cursor >= self.recording.inputs.len() {
            // No checkpoint comes after the last input.
            self.newest = None;
        }
    }

    /// Keeps a checkpoint when enough work was done since the newest one, at
    /// a point where the engine is exactly the fold up to its own clock.
    fn maybe_checkpoint(&mut self) {
        let now = self.engine.now();
        let Some(last) = self.checkpoints.last() else {
            return;
        };
        let due = self.done >= last.done + self.spacing;
        // Only past the newest checkpoint, and only where the next input is
        // later than the clock (so the prefix up to `now` ends here).
        let quiet = self
            .recording
            .inputs
            .get(self.cursor)
            .is_none_or(|next| next.at > now);
        if due && quiet && self.cursor > last.cursor && now > last.at {
            self.keep_checkpoint();
        }
    }

    /// Keeps the engine as it is as the newest checkpoint: its per-session
    /// maps in full every [`FULL_EVERY`] checkpoints (or when the changes
    /// would be more than half a full copy), otherwise their changes.
    fn keep_checkpoint(&mut self) {
        let sessions = self.engine.take_sessions();
        let rest = self.engine.clone();
        let since_full = self
            .checkpoints
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
        self.engine.put_sessions(sessions);
        self.checkpoints.push(Checkpoint {
            at: self.engine.now(),
            cursor: self.cursor,
            done: self.done,
            rest,
            sessions: kept,
        });
    }

    /// Journey time of the last batch with events taken in so far (looking
    /// back a bounded number of inputs: a long quiet stretch reads as none).
    pub fn last_event_at(&self) -> Option<f64> {
        const LOOK_BACK: usize = 4096;
        self.recording.inputs[..self.cursor.min(self.recording.inputs.len())]
            .iter()
            .rev()
            .take(LOOK_BACK)
            .find(|s| matches!(&s.input, Input::Batch(b) if !b.events.is_empty()))
            .map(|s| s.at)
    }

    /// How many checkpoints are kept (for tests and the debug view).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// The journey times of the checkpoints, in order (for tests).
    pub fn checkpoint_times(&self) -> Vec<f64> {
        self.checkpoints.iter().map(|c| c.at).collect()
    }

    /// About the bytes the checkpoints' per-session maps take, and how many
    /// of them are full copies (the rest of each checkpoint is bounded by
    /// the engine's own limits: the dedupe horizon, the release heap, the
    /// timeline's seconds).
    pub fn checkpoint_bytes(&self) -> (usize, usize) {
        let bytes = self.checkpoints.iter().map(|c| c.sessions.bytes()).sum();
        let full = self
            .checkpoints
            .iter()
            .filter(|c| matches!(c.sessions, Kept::Full(_)))
            .count();
        (bytes, full)
    }
}
