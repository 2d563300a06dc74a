//! Playing a recording on a virtual journey clock, with seeking.
//!
//! The state at position `p` is, by definition, the engine fed the longest
//! prefix of the inputs (in file order) whose times are all `<= p`, then
//! advanced to `p` — exactly what the live headless loop holds at `p`.
//! Folding in steps gives the same state as folding at once, so playing,
//! seeking forward and restoring a checkpoint then folding all agree.

use super::reader::Recording;
use super::transport::Transport;
use journeytop_engine::{EngineConfig, Input, JourneyState};
use std::time::Duration;

/// A checkpoint is taken after this much journey time…
const CHECKPOINT_SECONDS: f64 = 5.0;
/// …or this many events, whichever comes first, so a seek re-folds little.
const CHECKPOINT_EVENTS: usize = 4096;
/// At most this many checkpoints are kept: past it every other one goes and
/// the spacing doubles (a ladder), so their memory is bounded by the
/// journey's state, never by the recording's length.
pub const MAX_CHECKPOINTS: usize = 32;
pub use super::transport::{MAX_SPEED, MIN_SPEED};
/// A seek forward restores a checkpoint instead of folding when that skips
/// at least this many inputs (a clone costs about what a few batches do).
const JUMP_INPUTS: usize = 16;

/// The engine folded exactly up to `at`, with the inputs before `cursor` in.
#[derive(Clone)]
struct Checkpoint {
    at: f64,
    cursor: usize,
    engine: JourneyState,
}

pub struct Player {
    recording: Recording,
    /// Where the virtual clock is, and how it moves.
    clock: Transport,
    /// The engine is folded exactly up to `folded_at` (inputs before `cursor` in).
    engine: JourneyState,
    cursor: usize,
    folded_at: f64,
    events_since_checkpoint: usize,
    /// Increasing in `at` and `cursor`; the first is the start.
    checkpoints: Vec<Checkpoint>,
    /// The current spacing of checkpoints (doubles as the ladder thins).
    every_seconds: f64,
    every_events: usize,
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
        let mut p = Player {
            recording,
            clock: Transport::new(start, end),
            engine,
            cursor: 0,
            folded_at: start,
            events_since_checkpoint: 0,
            checkpoints: Vec::new(),
            every_seconds: CHECKPOINT_SECONDS,
            every_events: CHECKPOINT_EVENTS,
        };
        p.fold_forward(start);
        p.checkpoints.push(Checkpoint {
            at: start,
            cursor: p.cursor,
            engine: p.engine.clone(),
        });
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
            let far_ahead = c.at > self.folded_at && c.cursor >= self.cursor + JUMP_INPUTS;
            if behind || far_ahead {
                self.engine = c.engine.clone();
                self.cursor = c.cursor;
                self.folded_at = c.at;
                self.events_since_checkpoint = 0;
            }
        }
        self.fold_forward(t);
    }

    /// Takes in the inputs stamped up to `t` (stopping at the first later
    /// one, as the live loop does), then advances the clock to `t`.
    fn fold_forward(&mut self, t: f64) {
        while let Some(s) = self.recording.inputs.get(self.cursor).filter(|s| s.at <= t) {
            if let Input::Batch(b) = &s.input {
                self.events_since_checkpoint += b.events.len();
            }
            self.engine.ingest(s.clone());
            self.cursor += 1;
            self.maybe_checkpoint();
        }
        self.engine.advance_to(t);
        self.folded_at = t.max(self.folded_at);
    }

    /// Keeps a copy of the engine when enough has happened since the last
    /// one, at a point where it is exactly the fold up to its own clock.
    fn maybe_checkpoint(&mut self) {
        let now = self.engine.now();
        let Some(last) = self.checkpoints.last() else {
            return;
        };
        let due = now - last.at >= self.every_seconds
            || self.events_since_checkpoint >= self.every_events;
        // Only past the newest checkpoint, and only where the next input is
        // later than the clock (so the prefix up to `now` ends here).
        let quiet = self
            .recording
            .inputs
            .get(self.cursor)
            .is_none_or(|next| next.at > now);
        if due && quiet && self.cursor > last.cursor && now > last.at {
            self.checkpoints.push(Checkpoint {
                at: now,
                cursor: self.cursor,
                engine: self.engine.clone(),
            });
            self.events_since_checkpoint = 0;
            if self.checkpoints.len() > MAX_CHECKPOINTS {
                self.thin();
            }
        }
    }

    /// Keeps the start and every other checkpoint after it, and doubles the
    /// spacing of the next ones.
    fn thin(&mut self) {
        let mut i = 0;
        self.checkpoints.retain(|_| {
            i += 1;
            i % 2 == 1
        });
        self.every_seconds *= 2.0;
        self.every_events *= 2;
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
}
