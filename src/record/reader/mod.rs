//! Reading a recording: whatever can be read is played; what cannot is
//! named by line. Only a file that cannot be read at all is refused.
//!
//! [`Scan`] reads a file as it streams (one line in memory), `chunks`
//! does so on a thread of its own; [`parse`] holds a whole recording in
//! memory (tests and tools).

use super::format::{self, EndReason, Header, VERSION};
use journeytop_engine::{Input, Stamped};
use journeytop_protocol::Variant;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

pub(crate) mod chunks;
mod scan;

pub use scan::{Item, Line, Lines, MAX_LINE, Position, Scan};

/// Something wrong on one line (1-based) that replay skipped or worked around.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub line: usize,
    pub what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Line 0 is about the file as a whole.
        match self.line {
            0 => write!(f, "{}", self.what),
            n => write!(f, "line {n}: {}", self.what),
        }
    }
}

/// Problems named one by one, at most this many (a hostile file can have
/// one a line); the rest are counted.
pub const MAX_PROBLEMS: usize = 10_000;

/// A file's problems as they are found: the first [`MAX_PROBLEMS`] kept,
/// the others counted, so memory never grows with the file's length.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    listed: Vec<Problem>,
    unlisted: usize,
    last_line: usize,
}

impl Problems {
    pub fn push(&mut self, p: Problem) {
        self.last_line = p.line;
        if self.listed.len() < MAX_PROBLEMS {
            self.listed.push(p);
        } else {
            self.unlisted += 1;
        }
    }

    /// The problems kept, then one that says how many more there were.
    pub fn into_list(self) -> Vec<Problem> {
        let mut out = self.listed;
        if self.unlisted > 0 {
            out.push(Problem {
                line: self.last_line,
                what: format!("{} more problems, not listed", self.unlisted),
            });
        }
        out
    }
}

/// A parsed recording.
#[derive(Debug, Clone)]
pub struct Recording {
    /// The header, or one derived from the inputs when it was missing.
    pub header: Header,
    pub header_found: bool,
    /// The inputs in file order (the order the live consumer saw them).
    pub inputs: Vec<Stamped>,
    /// The end line: when and why recording stopped, if it got that far.
    pub end: Option<(f64, EndReason)>,
    pub problems: Vec<Problem>,
}

/// Why a file cannot be replayed at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {error}")]
    Io { path: String, error: String },
    #[error(
        "{path} is a journeytop recording of format version {found}; this journeytop ({ours}) reads version {VERSION} only — replay it with the journeytop that wrote it, or a newer one",
        ours = env!("CARGO_PKG_VERSION")
    )]
    Version { path: String, found: String },
    #[error("{path} is not a journeytop recording (its header says format {found:?})")]
    OtherFormat { path: String, found: String },
    #[error("{path} holds nothing to replay: no header and no readable input line")]
    Empty { path: String },
    /// A stop signal arrived while the file was read.
    #[error("stopped by a signal")]
    Stopped(crate::process::signals::Signal),
}

/// Opens the recording at `path` if it is a regular file (a FIFO or a
/// device is refused at once, see [`crate::process::files::open_regular`]).
pub fn open_file(path: &Path) -> Result<File, ReadError> {
    crate::process::files::open_regular(path, "recording").map_err(|e| ReadError::Io {
        path: journeytop_protocol::text::sanitize(&path.display().to_string()),
        error: match e {
            crate::process::files::FileError::Io { source, .. } => source.to_string(),
            _ => "it is not a regular file (a FIFO, a device or a folder is never read)".into(),
        },
    })
}

/// Opens `path` for a streaming read.
pub fn open(path: &Path) -> Result<Scan<BufReader<File>>, ReadError> {
    let name = path.display().to_string();
    let file = open_file(path)?;
    Ok(Scan::new(
        Lines::new(BufReader::with_capacity(1 << 16, file)),
        &name,
    ))
}

/// Parses a recording held in memory, every input decoded and held (tests
/// and tools; the dashboard's [`Player`](super::Player) reads a file as it
/// plays); `name` is used in errors.
pub fn parse(bytes: &[u8], name: &str) -> Result<Recording, ReadError> {
    collect(Scan::new(Lines::new(bytes), name))
}

fn collect<R: BufRead>(mut scan: Scan<R>) -> Result<Recording, ReadError> {
    let mut header = None;
    let mut inputs = Vec::new();
    let mut end = None;
    let mut problems = Vec::new();
    let mut first_wall = None;
    while let Some(item) = scan.next_item()? {
        match item {
            Item::Header(h) => header = Some(*h),
            Item::Input(s, wall) => {
                first_wall = first_wall.or(wall);
                inputs.push(s);
            }
            Item::End(t, r, wall) => {
                first_wall = first_wall.or(wall);
                end = Some((t, r));
            }
            Item::Problem(p) => problems.push(p),
        }
    }
    let header_found = header.is_some();
    let header = match header {
        Some(h) => h,
        None => {
            let Some(first) = inputs.first() else {
                return Err(ReadError::Empty { path: scan.name });
            };
            derived_header(first.at, guess_variant(&inputs), first_wall)
        }
    };
    Ok(Recording {
        header,
        header_found,
        inputs,
        end,
        problems,
    })
}

/// Where a line is in the file.
#[derive(Clone, Copy)]
struct Where {
    number: usize,
    is_last: bool,
    newline: bool,
}

/// The header of a file that has none: the clock starts at the first
/// input's whole second; the variant is what the event uids name.
pub fn derived_header(first_at: f64, variant: Variant, first_wall: Option<f64>) -> Header {
    let mut h = Header::new(variant, "(unknown)", None, None, first_at.floor());
    h.started = first_wall.unwrap_or(0.0);
    h
}

/// The variant the uid of a batch's first event names, if it names one.
pub fn variant_of(input: &Input) -> Option<Variant> {
    let Input::Batch(b) = input else { return None };
    variant_of_uid(&b.events.first()?.uid)
}

/// The variant an event uid names (`oseh_je_…` / `oseh_ipe_…`), if any.
pub fn variant_of_uid(uid: &str) -> Option<Variant> {
    Variant::ALL
        .into_iter()
        .find(|v| uid.starts_with(v.event_uid_prefix()))
}

/// The variant the event uids name (`oseh_je_…` / `oseh_ipe_…`).
fn guess_variant(inputs: &[Stamped]) -> Variant {
    inputs
        .iter()
        .find_map(|s| variant_of(&s.input))
        .unwrap_or(Variant::InteractivePrompts)
}

impl Recording {
    /// Where playback starts: the journey time at which the clock started.
    pub fn start(&self) -> f64 {
        self.header.start_at
    }

    /// Where playback ends: the end line, or the last input.
    pub fn end_time(&self) -> f64 {
        let last = self
            .inputs
            .iter()
            .map(|s| s.at)
            .fold(self.start(), f64::max);
        match self.end {
            Some((t, _)) => t.max(self.start()),
            None => last,
        }
    }

    /// The events in all batches.
    pub fn event_count(&self) -> usize {
        self.inputs
            .iter()
            .map(|s| match &s.input {
                Input::Batch(b) => b.events.len(),
                _ => 0,
            })
            .sum()
    }
}

/// Writes a whole recording to a string (tests, and tools that build
/// recordings in memory).
pub fn to_text(recording: &Recording) -> String {
    let mut out = format::header_line(&recording.header);
    out.push('\n');
    for s in &recording.inputs {
        out.push_str(&format::input_line(s, 0.0, recording.header.variant));
        out.push('\n');
    }
    if let Some((t, reason)) = recording.end {
        out.push_str(&format::end_line(t, 0.0, reason));
        out.push('\n');
    }
    out
}
