//! Reading a recording: whatever can be read is played; what cannot is
//! named by line. Only a file that cannot be read at all is refused.

use super::format::{self, Body, EndReason, FORMAT, Header, HeaderProbe, InLine, VERSION};
use journeytop_engine::{Input, Stamped};
use journeytop_protocol::Variant;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

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
}

/// The longest line read; a longer one is named as a problem and skipped
/// without being held in memory.
pub const MAX_LINE: usize = 1 << 20;

/// One line of a file as the [`Lines`] reader hands it out.
pub struct Line<'a> {
    /// 1-based.
    pub number: usize,
    /// The byte offset of the line's first byte.
    pub offset: u64,
    /// The text without its newline, or `None` when it was longer than
    /// [`MAX_LINE`] (then its length is in `len`).
    pub bytes: Option<&'a [u8]>,
    pub len: usize,
    /// True when nothing follows this line.
    pub is_last: bool,
    /// Whether the line ended with a newline (only the last one may not).
    pub newline: bool,
}

/// Reads a file line by line with a cap on the line length: memory is one
/// line, never the file.
pub struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    number: usize,
    offset: u64,
}

impl<R: BufRead> Lines<R> {
    pub fn new(inner: R) -> Lines<R> {
        Lines::at(inner, 0, 0)
    }

    /// Lines of `inner`, whose first byte is at `offset` in the file and
    /// whose first line is line `number + 1`.
    pub fn at(inner: R, offset: u64, number: usize) -> Lines<R> {
        Lines {
            inner,
            buf: Vec::new(),
            number,
            offset,
        }
    }

    /// The next line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> std::io::Result<Option<Line<'_>>> {
        self.buf.clear();
        let (mut len, mut newline, mut any) = (0usize, false, false);
        loop {
            let avail = self.inner.fill_buf()?;
            if avail.is_empty() {
                break;
            }
            any = true;
            let (take, used) = match avail.iter().position(|b| *b == b'\n') {
                Some(i) => {
                    newline = true;
                    (i, i + 1)
                }
                None => (avail.len(), avail.len()),
            };
            if len + take <= MAX_LINE {
                self.buf.extend_from_slice(&avail[..take]);
            } else {
                self.buf = Vec::new();
            }
            len += take;
            self.inner.consume(used);
            if newline {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        let is_last = !newline || self.inner.fill_buf()?.is_empty();
        self.number += 1;
        let offset = self.offset;
        self.offset += (len + usize::from(newline)) as u64;
        Ok(Some(Line {
            number: self.number,
            offset,
            bytes: (len <= MAX_LINE).then_some(self.buf.as_slice()),
            len,
            is_last,
            newline,
        }))
    }
}

/// What a recording yields, line by line.
#[derive(Debug)]
pub enum Item {
    /// The header (the first line, when it is one).
    Header(Box<Header>),
    /// An input line, with its `wall` time.
    Input(Stamped, Option<f64>),
    /// The end line: its time, reason and `wall` time.
    End(f64, EndReason, Option<f64>),
    Problem(Problem),
}

/// A recording read as it streams: one line in memory at a time.
pub struct Scan<R> {
    lines: Lines<R>,
    name: String,
    seen_first: bool,
    pending: std::collections::VecDeque<Item>,
    done: bool,
}

impl<R: BufRead> Scan<R> {
    /// `name` is used in errors.
    pub fn new(lines: Lines<R>, name: &str) -> Scan<R> {
        Scan {
            lines,
            name: name.to_string(),
            seen_first: false,
            pending: std::collections::VecDeque::new(),
            done: false,
        }
    }

    /// A scan that starts mid-file, after the header (a player's seek).
    pub fn resume(lines: Lines<R>, name: &str) -> Scan<R> {
        let mut s = Scan::new(lines, name);
        s.seen_first = true;
        s
    }

    /// Where the next line starts, and its number less one.
    pub fn position(&self) -> (u64, usize) {
        (self.lines.offset, self.lines.number)
    }

    /// The next item; `Ok(None)` at the end of the file. A header of
    /// another format or version anywhere refuses the file.
    pub fn next_item(&mut self) -> Result<Option<Item>, ReadError> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Ok(Some(item));
            }
            if self.done {
                return Ok(None);
            }
            let line = self.lines.next_line().map_err(|e| ReadError::Io {
                path: self.name.clone(),
                error: e.to_string(),
            })?;
            let Some(line) = line else {
                self.done = true;
                continue;
            };
            let (number, is_last, newline, len) =
                (line.number, line.is_last, line.newline, line.len);
            let problem = |what: String| Item::Problem(Problem { line: number, what });
            let Some(bytes) = line.bytes else {
                self.seen_first = true;
                self.pending.push_back(problem(format!(
                    "a line of {len} bytes, longer than the {MAX_LINE}-byte limit; skipped"
                )));
                continue;
            };
            let Ok(text) = std::str::from_utf8(bytes) else {
                self.pending
                    .push_back(problem("not UTF-8 text; skipped".to_string()));
                self.seen_first = true;
                continue;
            };
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let at = Where {
                number,
                is_last,
                newline,
            };
            let out = classify(text, &self.name, &mut self.seen_first, at)?;
            self.pending.extend(out);
        }
    }
}

/// What one non-empty line says: a header, a body line, or problems (line
/// numbers are filled in by the caller).
fn classify(
    text: &str,
    name: &str,
    seen_first: &mut bool,
    at: Where,
) -> Result<Vec<Item>, ReadError> {
    let problem = |what: String| {
        Item::Problem(Problem {
            line: at.number,
            what,
        })
    };
    // Only a line that names a format can be a header: skip the probe for
    // body lines, which never have that key (nor escapes that could spell it).
    if (text.contains("format") || text.contains("\\u"))
        && let Ok(probe) = serde_json::from_str::<HeaderProbe>(text)
        && let Some(found) = probe.format
    {
        if found != FORMAT {
            return Err(ReadError::OtherFormat {
                path: name.to_string(),
                found,
            });
        }
        match probe.version {
            Some(v) if v.as_u64() == Some(u64::from(VERSION)) => {}
            other => {
                return Err(ReadError::Version {
                    path: name.to_string(),
                    found: other.map_or_else(|| "(none)".to_string(), |v| v.to_string()),
                });
            }
        }
        if *seen_first {
            return Ok(vec![problem("a second header; skipped".to_string())]);
        }
        *seen_first = true;
        return Ok(vec![match serde_json::from_str::<Header>(text) {
            Ok(h) => Item::Header(Box::new(h)),
            Err(e) => problem(format!(
                "the header cannot be read ({e}); the prompt, variant and duration are derived from the events"
            )),
        }]);
    }
    let mut out = Vec::new();
    if !*seen_first {
        *seen_first = true;
        out.push(problem(
            "no header (the first line is not a journeytop-recording header); the prompt, variant and duration are derived from the events".to_string(),
        ));
    }
    let parsed = match serde_json::from_str::<InLine<'_>>(text) {
        Ok(l) => l,
        Err(e) if at.is_last && (e.is_eof() || !at.newline) => {
            out.push(problem(format!(
                "truncated: the last line stops mid-way ({e}); the recorder was probably stopped while writing; skipped"
            )));
            return Ok(out);
        }
        Err(e) => {
            out.push(problem(format!("not a recording line ({e}); skipped")));
            return Ok(out);
        }
    };
    let (t, wall) = (parsed.t, parsed.wall);
    match parsed.body() {
        Ok((body, notes)) => {
            out.extend(notes.into_iter().map(problem));
            out.push(match body {
                Body::Input(input) => Item::Input(Stamped { at: t, input }, wall),
                Body::End(reason) => Item::End(t, reason, wall),
            });
        }
        Err(what) => out.push(problem(format!("{what}; skipped"))),
    }
    Ok(out)
}

/// The largest recording the dashboard's replay loads whole (it holds the
/// file's inputs in memory). The 1,000,000-event benchmark recording is
/// 234 MB. `replay --headless` and `--summary` stream any size.
pub const MAX_LOADED: u64 = 256 << 20;

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

/// Reads the file at `path` into memory: at most [`MAX_LOADED`] bytes.
pub fn read_file(path: &Path) -> Result<Recording, ReadError> {
    let name = path.display().to_string();
    let file = open_file(path)?;
    let len = file.metadata().map_or(0, |m| m.len());
    if len > MAX_LOADED {
        return Err(ReadError::Io {
            path: journeytop_protocol::text::sanitize(&name),
            error: format!(
                "it is {} MiB; the dashboard loads recordings of at most {} MiB — use `replay --headless` or `--summary`, which stream any size",
                len >> 20,
                MAX_LOADED >> 20
            ),
        });
    }
    let capped = std::io::Read::take(file, MAX_LOADED);
    collect(Scan::new(
        Lines::new(BufReader::with_capacity(1 << 16, capped)),
        &name,
    ))
}

/// Parses a recording held in memory; `name` is used in errors.
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
    let e = b.events.first()?;
    Variant::ALL
        .into_iter()
        .find(|v| e.uid.starts_with(v.event_uid_prefix()))
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
