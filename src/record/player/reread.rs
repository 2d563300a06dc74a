//! The inputs read again, forward from a checkpoint's offset. The source
//! stays open and positioned, so playing on reads on from where the last
//! frame stopped; only a restore seeks it. Each re-read is checked against
//! what the index pass saw — the file's length, every checkpoint's next
//! input (its line and time) and the number of inputs — so a file changed
//! under the player stops playback with a problem, never a wrong state.

use super::checkpoint::Checkpoints;
use super::source::{Capped, Source};
use crate::record::reader::{Item, Lines, Position, Problem, Scan};
use journeytop_engine::Stamped;

type Reader = Capped<Box<dyn Source>>;

pub(super) struct Reread {
    /// The scan since the last seek; `None` before the first one, or after
    /// one failed (then playback has stopped).
    scan: Option<Scan<Reader>>,
    /// The reader before the first seek.
    parked: Option<Reader>,
    name: String,
    /// The checkpoint whose next input is the next one to check.
    check: usize,
}

/// A problem that stops playback; its text is sanitized.
fn stop(line: usize, what: &str) -> Problem {
    Problem {
        line,
        what: journeytop_protocol::text::sanitize(&format!("{what}; playback stops here")),
    }
}

fn changed(line: usize) -> Problem {
    stop(
        line,
        "the file changed since it was opened: this line does not read as it did",
    )
}

impl Reread {
    /// Reads `source` up to `len` (what the index pass read); it reads
    /// nothing before its first [`seek`](Self::seek).
    pub(super) fn new(source: Box<dyn Source>, len: u64, name: &str) -> Reread {
        Reread {
            scan: None,
            parked: Some(Capped::new(source, 0, len)),
            name: name.to_string(),
            check: 0,
        }
    }

    /// Moves to `at`, where checkpoint `check` resumes, once the file is
    /// seen to be at least as long as when it was opened.
    pub(super) fn seek(&mut self, at: Position, check: usize) -> Result<(), Problem> {
        let reader = self.scan.take().map(Scan::into_inner);
        let Some(mut reader) = reader.or_else(|| self.parked.take()) else {
            return Err(stop(0, "the file cannot be read again"));
        };
        let io = |e: std::io::Error| stop(0, &format!("the file cannot be read again ({e})"));
        let now = reader.get_ref().len_now().map_err(io)?;
        if now < reader.end() {
            return Err(stop(
                0,
                &format!(
                    "the file changed since it was opened: {now} bytes now, {} then (cut or rewritten)",
                    reader.end()
                ),
            ));
        }
        reader.seek_to(at.offset).map_err(io)?;
        let lines = Lines::at(reader, at.offset, at.line);
        self.scan = Some(Scan::resume(lines, &self.name).without_posters());
        self.check = check;
        Ok(())
    }

    /// The next input and where the line after it starts, checked against
    /// the checkpoints; `taken` inputs (of `total` in the file) are in
    /// before it. `None` at the end of what was indexed.
    pub(super) fn next(
        &mut self,
        checkpoints: &Checkpoints,
        taken: usize,
        total: usize,
    ) -> Result<Option<(Stamped, Position)>, Problem> {
        let Some(scan) = &mut self.scan else {
            return Err(stop(0, "the file cannot be read again"));
        };
        let input = loop {
            match scan.next_item() {
                Ok(Some(Item::Input(s, _))) => break Some(s),
                // Said once, by the index pass.
                Ok(Some(_)) => {}
                Ok(None) => break None,
                Err(e) => {
                    return Err(stop(0, &format!("the file cannot be read again ({e})")));
                }
            }
        };
        let after = scan.position();
        let Some(s) = input else {
            if taken != total {
                return Err(stop(
                    0,
                    &format!(
                        "the file changed since it was opened: it now ends after {taken} inputs, not {total}"
                    ),
                ));
            }
            return Ok(None);
        };
        self.check_input(checkpoints, after.line, s.at, taken)?;
        Ok(Some((s, after)))
    }

    /// An input read at `line`, stamped `at`, after `taken` others: when a
    /// checkpoint's next input was there, it must be the same.
    fn check_input(
        &mut self,
        checkpoints: &Checkpoints,
        line: usize,
        at: f64,
        taken: usize,
    ) -> Result<(), Problem> {
        let Some(mark) = checkpoints.mark(self.check) else {
            return Ok(());
        };
        match mark.next {
            Some((l, t)) if l == line => {
                if t.to_bits() != at.to_bits() || mark.taken != taken {
                    return Err(changed(line));
                }
                self.check += 1;
                Ok(())
            }
            // The input the index pass read there is not one any more.
            Some((l, _)) if l < line => Err(changed(l)),
            // An input where the index pass read none.
            None if line > mark.resume.line => Err(changed(line)),
            _ => Ok(()),
        }
    }
}
