//! Reading a recording: whatever can be read is played; what cannot is
//! named by line. Only a file that cannot be read at all is refused.

use super::format::{self, Body, EndReason, FORMAT, Header, HeaderProbe, InLine, VERSION};
use journeytop_engine::{Input, Stamped};
use journeytop_protocol::Variant;
use std::path::Path;

/// Something wrong on one line (1-based) that replay skipped or worked around.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub line: usize,
    pub what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.what)
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

/// Reads and parses the file at `path`.
pub fn read_file(path: &Path) -> Result<Recording, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io {
        path: path.display().to_string(),
        error: e.to_string(),
    })?;
    parse(&bytes, &path.display().to_string())
}

/// Parses a recording; `name` is used in errors.
pub fn parse(bytes: &[u8], name: &str) -> Result<Recording, ReadError> {
    let ends_with_newline = bytes.last() == Some(&b'\n');
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    // The (possibly empty) piece after the last newline is not a line.
    let count = if ends_with_newline {
        lines.len() - 1
    } else {
        lines.len()
    };
    let mut header: Option<Header> = None;
    let mut seen_first = false;
    let mut inputs = Vec::new();
    let mut end = None;
    let mut problems = Vec::new();
    let mut first_wall = None;
    for (i, raw) in lines.iter().take(count).enumerate() {
        let n = i + 1;
        let is_last = n == count;
        let problem = |what: String| Problem { line: n, what };
        let Ok(text) = std::str::from_utf8(raw) else {
            problems.push(problem("not UTF-8 text; skipped".to_string()));
            seen_first = true;
            continue;
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if let Ok(probe) = serde_json::from_str::<HeaderProbe>(text)
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
            if seen_first {
                problems.push(problem("a second header; skipped".to_string()));
                continue;
            }
            seen_first = true;
            match serde_json::from_str::<Header>(text) {
                Ok(h) => header = Some(h),
                Err(e) => problems.push(problem(format!(
                    "the header cannot be read ({e}); the prompt, variant and duration are derived from the events"
                ))),
            }
            continue;
        }
        if !seen_first {
            seen_first = true;
            problems.push(problem(
                "no header (the first line is not a journeytop-recording header); the prompt, variant and duration are derived from the events".to_string(),
            ));
        }
        let parsed = match serde_json::from_str::<InLine<'_>>(text) {
            Ok(l) => l,
            Err(e) if is_last && (e.is_eof() || !ends_with_newline) => {
                problems.push(problem(format!(
                    "truncated: the last line stops mid-way ({e}); the recorder was probably stopped while writing; skipped"
                )));
                continue;
            }
            Err(e) => {
                problems.push(problem(format!("not a recording line ({e}); skipped")));
                continue;
            }
        };
        let (t, wall) = (parsed.t, parsed.wall);
        match parsed.body() {
            Ok((body, notes)) => {
                problems.extend(notes.into_iter().map(problem));
                first_wall = first_wall.or(wall);
                match body {
                    Body::Input(input) => inputs.push(Stamped { at: t, input }),
                    Body::End(reason) => end = Some((t, reason)),
                }
            }
            Err(what) => problems.push(problem(format!("{what}; skipped"))),
        }
    }
    let header_found = header.is_some();
    let header = match header {
        Some(h) => h,
        None => {
            let Some(first) = inputs.first() else {
                return Err(ReadError::Empty {
                    path: name.to_string(),
                });
            };
            let start_at = first.at.floor();
            let mut h = Header::new(guess_variant(&inputs), "(unknown)", None, None, start_at);
            h.started = first_wall.unwrap_or(0.0);
            h
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

/// The variant the event uids name (`oseh_je_…` / `oseh_ipe_…`).
fn guess_variant(inputs: &[Stamped]) -> Variant {
    inputs
        .iter()
        .filter_map(|s| match &s.input {
            Input::Batch(b) => b.events.first(),
            _ => None,
        })
        .find_map(|e| {
            Variant::ALL
                .into_iter()
                .find(|v| e.uid.starts_with(v.event_uid_prefix()))
        })
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
