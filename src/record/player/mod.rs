//! Playing a recording on a virtual journey clock, with seeking, reading
//! the file as it plays: memory is the checkpoints, the engine and a read
//! buffer — the journey's state, never its length.
//!
//! The state at position `p` is, by definition, the engine fed the longest
//! prefix of the inputs (in file order) whose times are all `<= p`, then
//! advanced to `p` — exactly what the live headless loop holds at `p`.
//! Folding in steps gives the same state as folding at once, so playing,
//! seeking forward and restoring a checkpoint then folding all agree.
//!
//! Opening reads the whole file once (`index`): the engine folded to the
//! end, keeping checkpoints (`checkpoint`) with where in the file the
//! inputs after each start. Playing then reads on from where the reader
//! stands (`reread`); a seek back, or far ahead, restores the nearest
//! checkpoint and reads on from its offset. The file is read through a
//! `source::Source`: the file kept open, or bytes in memory.

mod checkpoint;
mod index;
mod reread;
mod source;

use super::format::Header;
use super::reader::{self, Position, Problem, ReadError, Recording};
use super::transport::Transport;
use checkpoint::Checkpoints;
use journeytop_engine::{Input, JourneyState, Stamped};
use reread::Reread;
use source::Source;
use std::path::Path;
use std::time::Duration;

pub use super::transport::{MAX_SPEED, MIN_SPEED};
pub use checkpoint::{FULL_EVERY, MAX_CHECKPOINTS};
pub use index::Indexed;

/// A seek forward restores a checkpoint instead of reading on when that
/// skips at least this much of the file (restoring costs about what
/// reading and folding a few thousand events does).
const JUMP_BYTES: u64 = 1 << 20;
/// [`Player::last_event_at`] looks back this many inputs at most: a long
/// quiet stretch reads as none.
const LOOK_BACK: usize = 4096;

pub struct Player {
    facts: Indexed,
    /// Where the virtual clock is, and how it moves.
    clock: Transport,
    checkpoints: Checkpoints,
    reread: Reread,
    /// The engine is folded exactly up to `folded_at`, with the first
    /// `taken` inputs in; the line after the last of them starts at `resume`.
    engine: JourneyState,
    folded_at: f64,
    taken: usize,
    resume: Position,
    /// The time and number of the last input with events taken in.
    last_event: Option<(f64, usize)>,
    /// The next input, read but stamped later than the engine's clock.
    pending: Option<(Stamped, Position)>,
    /// Why playback stopped (the file changed under it): the engine then
    /// stays as it was.
    stopped: Option<Problem>,
    /// How many times the reader was moved (for tests).
    repositions: usize,
}

impl Player {
    /// Opens the recording at `path` (a regular file) and reads it once.
    pub fn open(path: &Path) -> Result<Player, ReadError> {
        let name = path.display().to_string();
        let file = reader::open_file(path)?;
        let source = std::io::BufReader::with_capacity(1 << 16, file);
        Player::from_source(Box::new(source), &name)
    }

    /// A recording held in memory (tests, the fuzz target); `name` is used in errors.
    pub fn from_bytes(bytes: Vec<u8>, name: &str) -> Result<Player, ReadError> {
        Player::from_source(Box::new(std::io::Cursor::new(bytes)), name)
    }

    /// A recording built in memory, written out as a file would hold it.
    pub fn from_recording(recording: &Recording) -> Result<Player, ReadError> {
        Player::from_bytes(reader::to_text(recording).into_bytes(), "recording")
    }

    /// Reads `source` once (the index pass), then stands at the start,
    /// playing at speed 1.
    fn from_source(mut source: Box<dyn Source>, name: &str) -> Result<Player, ReadError> {
        let io = |e: std::io::Error| ReadError::Io {
            path: journeytop_protocol::text::sanitize(name),
            error: e.to_string(),
        };
        let len = source.len_now().map_err(io)?;
        source.rewind().map_err(io)?;
        let index::Index {
            facts,
            end,
            checkpoints,
        } = index::index(source.as_mut(), len, name)?;
        let start = facts.start();
        // The index pass's engine is gone: the start's checkpoint stands in.
        let mut engine = JourneyState::new(None, None, Default::default());
        let engine = checkpoints.engine_at(0, &mut engine).unwrap_or(engine);
        let mut player = Player {
            clock: Transport::new(start, end),
            reread: Reread::new(source, facts.bytes, name),
            facts,
            checkpoints,
            engine,
            folded_at: start,
            taken: 0,
            resume: Position::default(),
            last_event: None,
            pending: None,
            stopped: None,
            repositions: 0,
        };
        if let Err(p) = player.reposition(0) {
            player.stop(p);
        }
        player.put_at(0);
        Ok(player)
    }

    /// What the file says besides its inputs: the header, the end line,
    /// the problems, how many inputs and events.
    pub fn indexed(&self) -> &Indexed {
        &self.facts
    }

    pub fn header(&self) -> &Header {
        &self.facts.header
    }

    /// Why playback stopped, if the file changed under the player (the
    /// state shown then stays where it was).
    pub fn stopped(&self) -> Option<&Problem> {
        self.stopped.as_ref()
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

    /// The engine folded exactly up to the current position (or where it
    /// stood when playback stopped).
    pub fn state(&mut self) -> &JourneyState {
        self.sync();
        &self.engine
    }

    /// Folds the engine to the current position: from the nearest
    /// checkpoint at or before the position when the position is behind
    /// the engine, or far enough ahead of it that restoring beats reading
    /// on; otherwise forward from where it is.
    pub fn sync(&mut self) {
        if self.stopped.is_some() {
            return;
        }
        let t = self.clock.position();
        let i = self.checkpoints.nearest(t);
        if let Some(c) = self.checkpoints.mark(i) {
            let behind = t < self.folded_at;
            let far_ahead =
                c.at > self.folded_at && c.resume.offset >= self.resume.offset + JUMP_BYTES;
            if (behind || far_ahead) && !self.restore(i) {
                return;
            }
        }
        self.fold_forward(t);
    }

    /// Puts the engine where checkpoint `i` is, once the file reads there
    /// as it did when it was opened; otherwise playback stops, the engine
    /// stays as it is, and this is false.
    fn restore(&mut self, i: usize) -> bool {
        match self.reposition(i) {
            Ok(()) => {
                self.put_at(i);
                true
            }
            Err(p) => {
                self.stop(p);
                false
            }
        }
    }

    /// Stops playback for good: the first reason is the one kept.
    fn stop(&mut self, why: Problem) {
        self.stopped.get_or_insert(why);
    }

    /// Moves the reader to where checkpoint `i` resumes, and reads the
    /// input after it (checked against the index).
    fn reposition(&mut self, i: usize) -> Result<(), Problem> {
        let Some(c) = self.checkpoints.mark(i).copied() else {
            return Ok(());
        };
        self.pending = None;
        self.repositions += 1;
        self.reread.seek(c.resume, i)?;
        self.pending = self
            .reread
            .next(&self.checkpoints, c.taken, self.facts.inputs)?;
        Ok(())
    }

    /// The engine and counts of checkpoint `i` (the reader is already there).
    fn put_at(&mut self, i: usize) {
        let Some(c) = self.checkpoints.mark(i).copied() else {
            return;
        };
        if let Some(engine) = self.checkpoints.engine_at(i, &mut self.engine) {
            self.engine = engine;
        }
        self.folded_at = c.at;
        self.taken = c.taken;
        self.resume = c.resume;
        self.last_event = c.last_event;
    }

    /// Takes in the inputs stamped up to `t` (stopping at the first later
    /// one, as the live loop does), then advances the clock to `t`.
    fn fold_forward(&mut self, t: f64) {
        loop {
            if self.pending.is_none() {
                match self
                    .reread
                    .next(&self.checkpoints, self.taken, self.facts.inputs)
                {
                    Ok(None) => break,
                    Ok(next) => self.pending = next,
                    Err(p) => {
                        // What was taken in stays; the clock stays too.
                        self.stop(p);
                        return;
                    }
                }
            }
            let Some((s, after)) = self.pending.take_if(|(s, _)| s.at <= t) else {
                break;
            };
            if let Input::Batch(b) = &s.input
                && !b.events.is_empty()
            {
                self.last_event = Some((s.at, self.taken));
            }
            self.engine.ingest(s);
            self.taken += 1;
            self.resume = after;
        }
        self.engine.advance_to(t);
        self.folded_at = t.max(self.folded_at);
    }

    /// Journey time of the last batch with events taken in so far (looking
    /// back a bounded number of inputs: a long quiet stretch reads as none).
    pub fn last_event_at(&self) -> Option<f64> {
        self.last_event
            .filter(|&(_, i)| self.taken.saturating_sub(i) <= LOOK_BACK)
            .map(|(at, _)| at)
    }

    /// How many times the reader was moved to a checkpoint's offset, the
    /// first at the start included (for tests: playing on never moves it).
    pub fn repositions(&self) -> usize {
        self.repositions
    }

    /// How many checkpoints are kept (for tests and the debug view).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// The journey times of the checkpoints, in order (for tests).
    pub fn checkpoint_times(&self) -> Vec<f64> {
        self.checkpoints.times()
    }

    /// About the bytes the checkpoints' per-session maps take, and how many
    /// of them are full copies (the rest of each checkpoint is bounded by
    /// the engine's own limits: the dedupe horizon, the release heap, the
    /// timeline's seconds).
    pub fn checkpoint_bytes(&self) -> (usize, usize) {
        self.checkpoints.bytes()
    }

    /// About the bytes the checkpoints' dedupe memories take (plain lists
    /// of the uids within the dedupe horizon of each).
    pub fn checkpoint_dedupe_bytes(&self) -> usize {
        self.checkpoints.dedupe_bytes()
    }
}
