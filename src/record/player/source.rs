//! Where a player reads its inputs again: the recording's bytes from any
//! offset — a file kept open, or bytes in memory (tests, the fuzz target) —
//! and never past the length the index pass read, so a recording still
//! being written plays up to where it was when it was opened.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};

/// A recording's bytes, read from any offset.
pub(crate) trait Source: BufRead + Seek + Send {
    /// The bytes there are now: a file can be cut, or grow, while it plays.
    fn len_now(&self) -> io::Result<u64>;
}

impl Source for BufReader<File> {
    fn len_now(&self) -> io::Result<u64> {
        self.get_ref().metadata().map(|m| m.len())
    }
}

impl Source for Cursor<Vec<u8>> {
    fn len_now(&self) -> io::Result<u64> {
        Ok(self.get_ref().len() as u64)
    }
}

/// A reader that ends at `end`, wherever the bytes under it end.
pub(crate) struct Capped<S> {
    inner: S,
    /// The offset of the next byte `inner` gives.
    pos: u64,
    end: u64,
}

impl<S> Capped<S> {
    /// `inner`, at `pos`, read up to `end`.
    pub(crate) fn new(inner: S, pos: u64, end: u64) -> Capped<S> {
        Capped { inner, pos, end }
    }

    pub(crate) fn get_ref(&self) -> &S {
        &self.inner
    }

    pub(crate) fn end(&self) -> u64 {
        self.end
    }
}

impl<S: Seek> Capped<S> {
    /// Moves to `offset` (the buffer under it is dropped).
    pub(crate) fn seek_to(&mut self, offset: u64) -> io::Result<()> {
        self.inner.seek(SeekFrom::Start(offset))?;
        self.pos = offset;
        Ok(())
    }
}

impl<S: BufRead> Read for Capped<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<S: BufRead> BufRead for Capped<S> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let left = self.end.saturating_sub(self.pos);
        if left == 0 {
            return Ok(&[]);
        }
        let avail = self.inner.fill_buf()?;
        let n = usize::try_from(left).map_or(avail.len(), |left| left.min(avail.len()));
        Ok(&avail[..n])
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
        self.pos += amt as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_reader_stops_at_its_end_and_seeks() {
        let mut c = Capped::new(Cursor::new(b"one\ntwo\nthree\n".to_vec()), 0, 8);
        let mut text = String::new();
        c.read_to_string(&mut text).unwrap();
        assert_eq!(text, "one\ntwo\n");
        c.seek_to(4).unwrap();
        let mut line = String::new();
        c.read_line(&mut line).unwrap();
        assert_eq!(line, "two\n");
        line.clear();
        assert_eq!(c.read_line(&mut line).unwrap(), 0, "nothing past the end");
        assert_eq!(c.get_ref().len_now().unwrap(), 14);
    }
}
