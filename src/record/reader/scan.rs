//! The file as lines and items: a line reader with a size cap (a longer
//! line is named and skipped, never held), and the scan that turns each
//! line into the header, an input, the end, or a problem.

use super::{Problem, ReadError, Where};
use crate::record::format::{self, Body, EndReason, FORMAT, Header, HeaderProbe, InLine, VERSION};
use journeytop_engine::Stamped;
use std::io::BufRead;

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
    pub(super) name: String,
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
    if let Some((t, wall, input, notes)) = format::fast_batch(text) {
        out.extend(notes.into_iter().map(problem));
        out.push(Item::Input(Stamped { at: t, input }, wall));
        return Ok(out);
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
