//! A recording folded as it is read: the summary and the headless lines of
//! `replay` without holding the file, its inputs or any engine copy. One
//! thread reads and decodes lines, the caller's thread folds them in file
//! order, so memory is the journey's state plus a few chunks in flight.
//!
//! The fold makes exactly the calls a [`Player`](super::Player) makes when
//! it is seeked to the start, then to each whole second, then to the end:
//! the inputs of the longest prefix stamped at or before each stop, then
//! the clock advanced to it. So the lines and the summary are the same.

use super::format::{EndReason, Header};
use super::reader::{self, Item, Lines, Problem, ReadError, Scan, chunks, chunks::Taken};
use crate::process::signals::{self, Signal};
use journeytop_engine::{Connection, EngineConfig, JourneyState};
use journeytop_protocol::Variant;
use std::io::BufReader;
use std::path::Path;
mod source;

use source::open;

/// Where the fold stops to show the state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Stop {
    /// Where playback starts (nothing is shown there).
    Start(f64),
    /// A whole second of journey time (headless lines).
    Second(f64),
    /// The end of the recording.
    Final(f64),
}

/// A connection change in the file.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Change {
    pub t: f64,
    pub connection: Connection,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// What the whole file says, besides the engine's state.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub header: Header,
    pub header_found: bool,
    pub start: f64,
    pub end: f64,
    pub ended: Option<EndReason>,
    /// Input lines in the file (those past the end included).
    pub inputs: usize,
    /// Events in all batches of the file.
    pub events_in_file: usize,
    pub changes: Vec<Change>,
}

/// Why a fold stopped early.
#[derive(Debug, thiserror::Error)]
pub enum FoldError {
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The output failed (a closed pipe, say).
    #[error("{0}")]
    Output(std::io::Error),
    /// A stop signal arrived (the one listener's, `process::signals`).
    #[error("stopped by a signal")]
    Signal(Signal),
}

/// What a `show` callback returns to stop the fold for a signal.
#[derive(Debug)]
pub(crate) struct Stopped(pub Signal);

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stopped by {:?}", self.0)
    }
}

impl std::error::Error for Stopped {}

impl Stopped {
    /// The error a `show` callback returns to stop the fold.
    pub(crate) fn error(signal: Signal) -> std::io::Error {
        std::io::Error::other(Stopped(signal))
    }
}

impl From<std::io::Error> for FoldError {
    fn from(e: std::io::Error) -> FoldError {
        match e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<Stopped>())
        {
            Some(Stopped(s)) => FoldError::Signal(*s),
            None => FoldError::Output(e),
        }
    }
}

/// Journey time a recording may run past its prompt's duration before the
/// fold stops showing it (the server stays `lookback + 10` s past the end;
/// 60 s covers it). Bounds the headless lines of any file, whatever its
/// `end` line says: at most `duration + END_SLACK + 2` of them.
pub(crate) const END_SLACK: f64 = 60.0;

/// The next place the fold stops at.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Next {
    /// The start (nothing is shown there).
    Start,
    /// The `i`-th whole second after the start: counted by integer, so a
    /// start of 1e17 (where `k + 1.0 == k`) cannot stall the fold.
    Second(u64),
    Final,
    Done,
}

/// The engine with the stops it still has to make.
struct Fold {
    engine: JourneyState,
    start: f64,
    seconds: bool,
    /// The latest journey time the fold shows: the start plus the prompt's
    /// duration (or the longest journey) plus [`END_SLACK`].
    limit: f64,
    /// The end, once known (never past `limit`).
    end: Option<f64>,
    next: Next,
}

impl Fold {
    fn new(
        engine: JourneyState,
        start: f64,
        seconds: bool,
        duration: Option<f64>,
        end: Option<f64>,
    ) -> Fold {
        let span = duration
            .filter(|d| d.is_finite() && *d > 0.0)
            .unwrap_or(journeytop_protocol::MAX_DURATION)
            .min(journeytop_protocol::MAX_DURATION)
            + END_SLACK;
        let mut fold = Fold {
            engine,
            start,
            seconds,
            limit: start + span,
            end: None,
            next: Next::Start,
        };
        fold.set_end(end);
        fold
    }

    fn set_end(&mut self, end: Option<f64>) {
        self.end = end.map(|e| e.clamp(self.start, self.limit.max(self.start)));
    }

    /// The journey time of the `i`-th whole second.
    fn second(&self, i: u64) -> f64 {
        self.start.ceil() + i as f64
    }

    /// The time of the next stop (+∞ for an end not known yet), after
    /// turning a second past the end (or past the limit) into the end.
    fn next_time(&mut self) -> Option<f64> {
        if let Next::Second(i) = self.next {
            let k = self.second(i);
            let past_end = self.end.is_some_and(|end| k > end);
            let past_limit = k > self.limit || i > (self.limit - self.start) as u64;
            if past_end || past_limit {
                self.next = Next::Final;
            }
        }
        match self.next {
            Next::Start => Some(self.start),
            Next::Second(i) => Some(self.second(i)),
            Next::Final => Some(self.end.unwrap_or(f64::INFINITY).min(self.limit)),
            Next::Done => None,
        }
    }

    /// Makes every stop earlier than `at` (all of them for +∞).
    fn stop_before(
        &mut self,
        at: f64,
        show: &mut impl FnMut(&JourneyState, Stop) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        while let Some(t) = self.next_time() {
            if at <= t || t.is_infinite() {
                break;
            }
            self.engine.advance_to(t);
            self.next = match self.next {
                Next::Start => {
                    show(&self.engine, Stop::Start(t))?;
                    if self.seconds {
                        Next::Second(0)
                    } else {
                        Next::Final
                    }
                }
                Next::Second(i) => {
                    show(&self.engine, Stop::Second(t))?;
                    Next::Second(i + 1)
                }
                Next::Final | Next::Done => {
                    show(&self.engine, Stop::Final(t))?;
                    Next::Done
                }
            };
        }
        Ok(())
    }

    /// Takes one input, after the stops before it; nothing past the end.
    fn input(
        &mut self,
        taken: Taken,
        show: &mut impl FnMut(&JourneyState, Stop) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.stop_before(taken.at(), show)?;
        if self.next != Next::Done {
            taken.ingest_into(&mut self.engine);
        }
        Ok(())
    }
}

/// Folds the recording at `path`, calling `problem` for each problem in the
/// file as it is found and `show` at each stop (each whole second when
/// `seconds`, then the end). Returns the engine at the end and the facts.
pub(crate) fn fold(
    path: &Path,
    seconds: bool,
    mut problem: impl FnMut(Problem),
    mut show: impl FnMut(&JourneyState, Stop) -> std::io::Result<()>,
) -> Result<(JourneyState, Facts), FoldError> {
    let name = path.display().to_string();
    let (file, end_hint) = open(path, &name)?;
    let scan =
        Scan::new(Lines::new(BufReader::with_capacity(1 << 16, file)), &name).without_posters();
    let rx = chunks::spawn(scan);
    let mut header: Option<Header> = None;
    let mut fold: Option<Fold> = None;
    let mut facts = Tally::default();
    for chunk in rx {
        // The one signal listener: a stop signal ends the fold within a
        // chunk (a few thousand events), not at the end of the file.
        if let Some(s) = signals::received() {
            return Err(FoldError::Signal(s));
        }
        for (item, _) in chunk? {
            match item {
                Item::Header(h) => header = Some(*h),
                Item::Problem(p) => problem(p),
                Item::End(t, reason, wall) => {
                    facts.first_wall = facts.first_wall.or(wall);
                    facts.end = Some((t, reason));
                }
                Item::Input(s, wall) => {
                    facts.first_wall = facts.first_wall.or(wall);
                    facts.note(&s);
                    let f = fold.get_or_insert_with(|| {
                        let (prompt, duration, start) = match &header {
                            Some(h) => (h.prompt.clone(), h.duration, h.start_at),
                            // No header: the clock starts at the first input's second.
                            None => (None, None, s.at().floor()),
                        };
                        Fold::new(
                            engine_for(prompt, duration, start),
                            start,
                            seconds,
                            duration,
                            end_hint,
                        )
                    });
                    f.input(s, &mut show)?;
                }
            }
        }
    }
    let header_found = header.is_some();
    let header = match header {
        Some(h) => h,
        None => {
            let Some(first) = facts.first_at else {
                return Err(ReadError::Empty { path: name }.into());
            };
            reader::derived_header(
                first,
                facts.variant.unwrap_or(Variant::InteractivePrompts),
                facts.first_wall,
            )
        }
    };
    let start = header.start_at;
    let mut fold = fold.unwrap_or_else(|| {
        Fold::new(
            engine_for(header.prompt.clone(), header.duration, start),
            start,
            seconds,
            header.duration,
            end_hint,
        )
    });
    let file_end = match facts.end {
        Some((t, _)) => t.max(start),
        None => facts.max_at.map_or(start, |m| m.max(start)),
    };
    fold.set_end(Some(file_end));
    let end = fold.end.unwrap_or(start);
    if end < file_end {
        problem(Problem {
            line: 0,
            what: format!(
                "the recording runs to journey time {file_end:.0} s, far past its duration; lines stop at {end:.0} s ({END_SLACK:.0} s after the end)"
            ),
        });
    }
    fold.stop_before(f64::INFINITY, &mut show)?;
    let facts = Facts {
        header,
        header_found,
        start,
        end,
        ended: facts.end.map(|(_, r)| r),
        inputs: facts.inputs,
        events_in_file: facts.events,
        changes: facts.changes,
    };
    Ok((fold.engine, facts))
}

fn engine_for(
    prompt: Option<journeytop_protocol::Prompt>,
    duration: Option<f64>,
    start: f64,
) -> JourneyState {
    JourneyState::new(
        prompt,
        duration,
        EngineConfig {
            start_at: start,
            ..EngineConfig::default()
        },
    )
}

/// What the fold counts of the file as it passes.
#[derive(Default)]
struct Tally {
    inputs: usize,
    events: usize,
    changes: Vec<Change>,
    end: Option<(f64, EndReason)>,
    first_at: Option<f64>,
    first_wall: Option<f64>,
    max_at: Option<f64>,
    variant: Option<Variant>,
}

impl Tally {
    fn note(&mut self, taken: &Taken) {
        let at = taken.at();
        self.inputs += 1;
        self.first_at = self.first_at.or(Some(at));
        self.max_at = Some(self.max_at.map_or(at, |m| m.max(at)));
        self.events += taken.events();
        if self.variant.is_none() {
            self.variant = taken.variant();
        }
        if let Some(l) = taken.link() {
            self.changes.push(Change {
                t: at,
                connection: l.connection,
                detail: l.detail.clone(),
            });
        }
    }
}
