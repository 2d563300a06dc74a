//! The file as lines and items: a line reader with a size cap (a longer
//! line is named and skipped, never held), and the scan that turns each
//! line into the header, an input, the end, or a problem.

use super::{Problem, ReadError, Where};
use crate::record::format::{self, Body, EndReason, FORMAT, Header, HeaderProbe, InLine, VERSION};
use journeytop_engine::Stamped;
use journeytop_protocol::Posters;
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

/// Where a line starts in a file: its byte offset, and how many lines come
/// before it (so a scan resumed there numbers lines as a whole read does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub offset: u64,
    pub line: usize,
}

/// Reads a file line by line with a cap on the line length: memory is one
/// line, never the file.
pub struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    number: usize,
    offset: u64,
    /// Bytes of the line handed out last, still in `inner`'s buffer: they
    /// are consumed when the next line is asked for.
    handed_out: usize,
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
            handed_out: 0,
        }
    }

    /// The reader, past the lines handed out (to seek it elsewhere).
    pub fn into_inner(mut self) -> R {
        self.inner.consume(self.handed_out);
        self.inner
    }

    /// The next line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> std::io::Result<Option<Line<'_>>> {
        self.inner.consume(std::mem::take(&mut self.handed_out));
        // A line that ends inside the buffer, with more after it, is lent
        // from the buffer as it is; only one that spans a refill is copied.
        let avail = self.inner.fill_buf()?;
        if let Some(i) =
            memchr::memchr(b'\n', avail).filter(|&i| i + 1 < avail.len() && i <= MAX_LINE)
        {
            self.handed_out = i + 1;
            self.number += 1;
            let offset = self.offset;
            self.offset += (i + 1) as u64;
            // The same buffered bytes again (nothing was consumed, so
            // nothing is read).
            let avail = self.inner.fill_buf()?;
            return Ok(Some(Line {
                number: self.number,
                offset,
                bytes: avail.get(..i),
                len: i,
                is_last: false,
                newline: true,
            }));
        }
        self.buf.clear();
        let (mut len, mut newline, mut any) = (0usize, false, false);
        loop {
            let avail = self.inner.fill_buf()?;
            if avail.is_empty() {
                break;
            }
            any = true;
            let (take, used) = match memchr::memchr(b'\n', avail) {
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
pub enum Item<I = Stamped> {
    /// The header (the first line, when it is one).
    Header(Box<Header>),
    /// An input line, with its `wall` time.
    Input(I, Option<f64>),
    /// The end line: its time, reason and `wall` time.
    End(f64, EndReason, Option<f64>),
    Problem(Problem),
}

impl<I> Item<I> {
    /// The same item with its input (if it is one) made into another form.
    pub fn map_input<J>(self, f: impl FnOnce(I) -> J) -> Item<J> {
        match self {
            Item::Header(h) => Item::Header(h),
            Item::Input(input, wall) => Item::Input(f(input), wall),
            Item::End(t, reason, wall) => Item::End(t, reason, wall),
            Item::Problem(p) => Item::Problem(p),
        }
    }
}

/// A recording read as it streams: one line in memory at a time.
pub struct Scan<R> {
    lines: Lines<R>,
    pub(super) name: String,
    seen_first: bool,
    pending: std::collections::VecDeque<Item>,
    done: bool,
    posters: Posters,
}

impl<R: BufRead> Scan<R> {
    /// `name` is used in errors.
    pub fn new(lines: Lines<R>, name: &str) -> Scan<R> {
        Scan {
            lines,
            name: name.to_string(),
            seen_first: false,
            pending: std::collections::VecDeque::new(),
            posters: Posters::Keep,
            done: false,
        }
    }

    /// A scan that starts mid-file, after the header (a player's seek).
    pub fn resume(lines: Lines<R>, name: &str) -> Scan<R> {
        let mut s = Scan::new(lines, name);
        s.seen_first = true;
        s
    }

    /// Where the next line starts. Right after an [`Item::Input`], that is
    /// the line after the input's own (an input is the last item of its line).
    pub fn position(&self) -> Position {
        Position {
            offset: self.lines.offset,
            line: self.lines.number,
        }
    }

    /// The reader under the scan (to seek it and resume elsewhere).
    pub fn into_inner(self) -> R {
        self.lines.into_inner()
    }

    /// Events are read without who posted them and their icon (checked,
    /// not kept): for a fold, which never reads them.
    pub fn without_posters(mut self) -> Scan<R> {
        self.posters = Posters::Skip;
        self
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
            let Some(text) = journeytop_protocol::utf8(bytes) else {
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
            let out = classify(text, &self.name, &mut self.seen_first, at, self.posters)?;
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
    posters: Posters,
) -> Result<Vec<Item>, ReadError> {
    let problem = |what: String| {
        Item::Problem(Problem {
            line: at.number,
            what,
        })
    };
    // Only a line that names a format can be a header: skip the probe for
    // body lines, which never have that key (nor escapes that could spell it).
    let has = |needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
    if (has("format") || has("\\u"))
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
    if let Some((t, wall, input, notes)) = format::fast_batch(text, posters) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    /// (number, offset, bytes, len, is_last, newline) for every line.
    type Seen = Vec<(usize, u64, Option<Vec<u8>>, usize, bool, bool)>;

    fn read_all<R: BufRead>(mut lines: Lines<R>) -> Seen {
        let mut out = Vec::new();
        while let Some(l) = lines.next_line().unwrap() {
            out.push((
                l.number,
                l.offset,
                l.bytes.map(<[u8]>::to_vec),
                l.len,
                l.is_last,
                l.newline,
            ));
        }
        out
    }

    /// Lines lent from the buffer and lines copied across refills read the
    /// same, whatever the buffer's size: offsets, the last line with or
    /// without its newline, empty lines, and a line over the cap.
    #[test]
    fn lines_read_the_same_whatever_the_buffer() {
        let long = "x".repeat(MAX_LINE + 1);
        for text in [
            format!("ab\n\ncdef\n{long}\ng\nlast"),
            "one\ntwo\n".to_string(),
            "\n".to_string(),
            String::new(),
        ] {
            let expected: Seen = {
                let mut out = Vec::new();
                let (mut offset, mut number) = (0u64, 0usize);
                let pieces: Vec<&str> = text.split_inclusive('\n').collect();
                for (i, piece) in pieces.iter().enumerate() {
                    number += 1;
                    let newline = piece.ends_with('\n');
                    let body = piece.strip_suffix('\n').unwrap_or(piece);
                    let bytes = (body.len() <= MAX_LINE).then(|| body.as_bytes().to_vec());
                    out.push((
                        number,
                        offset,
                        bytes,
                        body.len(),
                        i + 1 == pieces.len(),
                        newline,
                    ));
                    offset += piece.len() as u64;
                }
                out
            };
            for capacity in [1, 2, 3, 5, 8, 64, 1 << 16, 1 << 21] {
                let reader = BufReader::with_capacity(capacity, text.as_bytes());
                assert_eq!(
                    read_all(Lines::new(reader)),
                    expected,
                    "capacity {capacity}"
                );
            }
            assert_eq!(read_all(Lines::new(text.as_bytes())), expected);
        }
    }
}
