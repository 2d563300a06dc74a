//! The reading side of the streaming fold: the file opened as a regular
//! file, and where it ends (its last line, or one scan). The lines are read
//! and decoded on a thread of their own ([`reader::chunks`]).

use super::FoldError;
use crate::record::format::{HeaderProbe, InLine};
use crate::record::reader::{self, Lines, MAX_LINE, ReadError};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// The end of the recording when the file says it up front: its last line
/// is an end line (so no later one can change it). `None` when the last
/// line is something else or the file cannot be seeked.
fn end_from_tail(file: &mut File) -> Option<f64> {
    let len = file.seek(SeekFrom::End(0)).ok()?;
    let from = len.saturating_sub(MAX_LINE as u64);
    file.seek(SeekFrom::Start(from)).ok()?;
    let mut tail = Vec::new();
    file.take(MAX_LINE as u64).read_to_end(&mut tail).ok()?;
    let text = std::str::from_utf8(&tail).ok().or_else(|| {
        // A cut multi-byte character at the front: start after the first newline.
        let i = tail.iter().position(|b| *b == b'\n')?;
        std::str::from_utf8(&tail[i + 1..]).ok()
    })?;
    let last = text.lines().rev().find(|l| !l.trim().is_empty())?;
    end_of(last.trim())
}

/// The time of an end line, when `text` is a valid one.
fn end_of(text: &str) -> Option<f64> {
    let line: InLine<'_> = serde_json::from_str(text).ok()?;
    if line.kind != "end" {
        return None;
    }
    let t = line.t;
    match line.body() {
        Ok((crate::record::format::Body::End(_), _)) => Some(t),
        _ => None,
    }
}

/// The last end line's time, read through the whole file (for files whose
/// last line is not one); refuses a file with a header of another format or
/// version, as reading it would.
fn end_from_scan(path: &Path, name: &str) -> Result<Option<f64>, ReadError> {
    let io = |e: std::io::Error| ReadError::Io {
        path: name.to_string(),
        error: e.to_string(),
    };
    let file = reader::open_file(path)?;
    let mut lines = Lines::new(BufReader::with_capacity(1 << 16, file));
    let mut end = None;
    while let Some(line) = lines.next_line().map_err(io)? {
        let Some(text) = line.bytes.and_then(journeytop_protocol::utf8) else {
            continue;
        };
        let text = text.trim();
        if text.contains("end") {
            end = end_of(text).or(end);
        }
        if (text.contains("format") || text.contains("\\u"))
            && let Ok(HeaderProbe {
                format: Some(found),
                version,
            }) = serde_json::from_str::<HeaderProbe>(text)
        {
            if found != crate::record::format::FORMAT {
                return Err(ReadError::OtherFormat {
                    path: name.to_string(),
                    found,
                });
            }
            if version.as_ref().and_then(serde_json::Value::as_u64)
                != Some(u64::from(crate::record::format::VERSION))
            {
                return Err(ReadError::Version {
                    path: name.to_string(),
                    found: version.map_or_else(|| "(none)".to_string(), |v| v.to_string()),
                });
            }
        }
    }
    Ok(end)
}

/// The recording, opened and rewound, and where it ends if its last line
/// (or one scan) says.
pub(super) fn open(path: &Path, name: &str) -> Result<(File, Option<f64>), FoldError> {
    // Regular files only: a FIFO would block and `/dev/zero` never ends.
    let mut file = reader::open_file(path)?;
    let end_hint = match end_from_tail(&mut file) {
        Some(t) => Some(t),
        None => end_from_scan(path, name)?,
    };
    file.seek(SeekFrom::Start(0)).map_err(|e| ReadError::Io {
        path: name.to_string(),
        error: e.to_string(),
    })?;
    Ok((file, end_hint))
}
