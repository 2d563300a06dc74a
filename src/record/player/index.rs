//! The index pass: one streaming read of the whole file when a player
//! opens it. It folds the engine once to the end, keeping the checkpoints
//! on the way, and collects what the file says besides its inputs: the
//! header, the end line, the problems (by line) and the time range. Lines
//! are decoded on a second thread, as `replay --summary` reads them.

use super::checkpoint::{Checkpoints, Mark};
use super::source::{Capped, Source};
use crate::process::signals;
use crate::record::format::{EndReason, Header};
use crate::record::reader::{
    self, Item, Lines, Position, Problem, Problems, ReadError, Scan, chunks, chunks::Taken,
};
use journeytop_engine::{EngineConfig, JourneyState};
use journeytop_protocol::Variant;

/// What the index pass found in a recording, besides its checkpoints.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// The header, or one derived from the inputs when it was missing.
    pub header: Header,
    pub header_found: bool,
    /// The end line: when and why recording stopped, if it got that far.
    pub end: Option<(f64, EndReason)>,
    /// What was skipped or worked around, by line (the first
    /// [`reader::MAX_PROBLEMS`], then how many more).
    pub problems: Vec<Problem>,
    /// Input lines, and events in all batches.
    pub inputs: usize,
    pub events: usize,
    /// The bytes read: the file's length when it was opened. A re-read
    /// never goes past it.
    pub bytes: u64,
}

impl Indexed {
    /// Where playback starts: the journey time at which the clock started.
    pub fn start(&self) -> f64 {
        self.header.start_at
    }
}

/// The index pass's result: the facts, where playback ends, the checkpoints.
pub(super) struct Index {
    pub(super) facts: Indexed,
    pub(super) end: f64,
    pub(super) checkpoints: Checkpoints,
}

/// Reads `source` (from its start, `len` bytes) to the end.
pub(super) fn index(source: &mut dyn Source, len: u64, name: &str) -> Result<Index, ReadError> {
    let scan = Scan::new(Lines::new(Capped::new(source, 0, len)), name).without_posters();
    let mut pass = Pass::new(len);
    std::thread::scope(|s| {
        let (tx, rx) = chunks::channel();
        s.spawn(move || chunks::send(scan, &tx));
        for chunk in rx {
            // The one signal listener: a stop signal ends the pass within
            // a chunk (a few thousand events), not at the end of the file.
            if let Some(sig) = signals::received() {
                return Err(ReadError::Stopped(sig));
            }
            for (item, after) in chunk? {
                pass.item(item, after);
            }
        }
        Ok(())
    })?;
    pass.finish(name, len)
}

/// The fold through the file, with what it counts on the way.
struct Pass {
    header: Option<Header>,
    end: Option<(f64, EndReason)>,
    problems: Problems,
    events: usize,
    first_at: Option<f64>,
    first_wall: Option<f64>,
    max_at: Option<f64>,
    variant: Option<Variant>,
    /// Made at the first input, once the start is known.
    engine: Option<JourneyState>,
    /// Where playback starts (from the header, or the first input).
    start: f64,
    /// Whether the start's checkpoint was kept.
    started: bool,
    checkpoints: Checkpoints,
    /// Inputs folded, where the line after the last one starts, and the
    /// last input with events.
    taken: usize,
    resume: Position,
    last_event: Option<(f64, usize)>,
}

impl Pass {
    fn new(len: u64) -> Pass {
        Pass {
            header: None,
            end: None,
            problems: Problems::default(),
            events: 0,
            first_at: None,
            first_wall: None,
            max_at: None,
            variant: None,
            engine: None,
            start: 0.0,
            started: false,
            checkpoints: Checkpoints::new(len),
            taken: 0,
            resume: Position::default(),
            last_event: None,
        }
    }

    fn item(&mut self, item: Item<Taken>, after: Position) {
        match item {
            Item::Header(h) => self.header = Some(*h),
            Item::Problem(p) => self.problems.push(p),
            Item::End(t, reason, wall) => {
                self.first_wall = self.first_wall.or(wall);
                self.end = Some((t, reason));
            }
            Item::Input(s, wall) => {
                self.first_wall = self.first_wall.or(wall);
                self.input(s, after);
            }
        }
    }

    /// Folds one input, keeping a checkpoint before it when one is due:
    /// where it is stamped later than the engine's clock, so the inputs
    /// up to that clock end here.
    fn input(&mut self, s: Taken, after: Position) {
        self.note(&s);
        let at = s.at();
        if self.engine.is_none() {
            // No header: the clock starts at the first input's second.
            self.start = self.header.as_ref().map_or(at.floor(), |h| h.start_at);
            self.engine = Some(engine_for(self.header.as_ref(), self.start));
        }
        let next = Some((after.line, at));
        if !self.started {
            // The start's checkpoint: before the first input stamped after it.
            if at > self.start {
                self.keep_start(next);
            }
        } else if let Some(now) = self.now()
            && at > now
        {
            self.maybe_keep(self.mark(now, next));
        }
        if s.events() > 0 {
            self.last_event = Some((at, self.taken));
        }
        if let Some(engine) = &mut self.engine {
            s.ingest_into(engine);
        }
        self.taken += 1;
        self.resume = after;
    }

    /// The engine's clock.
    fn now(&self) -> Option<f64> {
        self.engine.as_ref().map(JourneyState::now)
    }

    fn maybe_keep(&mut self, mark: Mark) {
        if self.checkpoints.due(&mark)
            && let Some(engine) = &mut self.engine
        {
            self.checkpoints.keep(engine, mark);
        }
    }

    fn note(&mut self, s: &Taken) {
        let at = s.at();
        self.first_at = self.first_at.or(Some(at));
        self.max_at = Some(self.max_at.map_or(at, |m| m.max(at)));
        self.events += s.events();
        if self.variant.is_none() {
            self.variant = s.variant();
        }
    }

    fn mark(&self, at: f64, next: Option<(usize, f64)>) -> Mark {
        Mark {
            at,
            taken: self.taken,
            resume: self.resume,
            next,
            last_event: self.last_event,
        }
    }

    /// The engine advanced to the start, kept as the first checkpoint.
    fn keep_start(&mut self, next: Option<(usize, f64)>) {
        let mark = self.mark(self.start, next);
        if let Some(engine) = &mut self.engine {
            engine.advance_to(self.start);
            self.checkpoints.keep(engine, mark);
        }
        self.started = true;
    }

    fn finish(mut self, name: &str, len: u64) -> Result<Index, ReadError> {
        let header_found = self.header.is_some();
        let header = match self.header.take() {
            Some(h) => h,
            None => {
                let Some(first) = self.first_at else {
                    return Err(ReadError::Empty {
                        path: name.to_string(),
                    });
                };
                reader::derived_header(
                    first,
                    self.variant.unwrap_or(Variant::InteractivePrompts),
                    self.first_wall,
                )
            }
        };
        if self.engine.is_none() {
            self.start = header.start_at;
            self.engine = Some(engine_for(Some(&header), self.start));
        }
        if !self.started {
            self.keep_start(None);
        } else if let Some(now) = self.now() {
            // No checkpoint comes after the last input but this one.
            self.maybe_keep(self.mark(now, None));
        }
        self.checkpoints.done();
        let start = header.start_at;
        let end = match self.end {
            Some((t, _)) => t.max(start),
            None => self.max_at.map_or(start, |m| m.max(start)),
        };
        Ok(Index {
            facts: Indexed {
                header,
                header_found,
                end: self.end,
                problems: self.problems.into_list(),
                inputs: self.taken,
                events: self.events,
                bytes: len,
            },
            end,
            checkpoints: self.checkpoints,
        })
    }
}

fn engine_for(header: Option<&Header>, start: f64) -> JourneyState {
    JourneyState::new(
        header.and_then(|h| h.prompt.clone()),
        header.and_then(|h| h.duration),
        EngineConfig {
            start_at: start,
            ..EngineConfig::default()
        },
    )
}
