//! The terminal's size, remembered between frames.
//!
//! ratatui asks the backend for the terminal's size before every frame, and
//! crossterm answers by opening `/dev/tty` for an `ioctl` and closing it:
//! three system calls a frame, 30 frames a second on a busy journey. The
//! size only changes with a resize, which every dashboard loop reads as an
//! event (through [`crate::ui::term_events`], which calls [`note_resize`]).
//! The size is read again after a resize, and at least every five seconds
//! in case a resize was never read as an event (a loop that stopped
//! reading the terminal after an error); a quiet dashboard draws once a
//! second, and reading it each time was a fifth of its frame's system
//! calls.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::cell::Cell as Shared;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Resizes read so far, by any loop.
static RESIZES: AtomicU64 = AtomicU64::new(0);

/// A remembered size is read again after this long, resize or not.
const MAX_AGE: Duration = Duration::from_secs(5);

/// The terminal was resized: the next frame reads its size afresh.
pub(crate) fn note_resize() {
    RESIZES.fetch_add(1, Ordering::SeqCst);
}

/// A size read at `read_at`, valid until the resize count moves on.
#[derive(Debug, Clone, Copy)]
struct Remembered {
    size: Size,
    resizes: u64,
    read_at: Instant,
}

/// A backend whose [`Backend::size`] is read from `inner` only when the
/// terminal may have changed size; everything else goes straight through.
#[derive(Debug)]
pub(crate) struct SizeCached<B> {
    inner: B,
    remembered: Shared<Option<Remembered>>,
}

impl<B: Backend> SizeCached<B> {
    pub(crate) fn new(inner: B) -> SizeCached<B> {
        SizeCached {
            inner,
            remembered: Shared::new(None),
        }
    }

    /// The size, read from `inner` unless one read since the last resize
    /// and within [`MAX_AGE`] of `now` is remembered.
    fn size_at(&self, now: Instant) -> Result<Size, B::Error> {
        let resizes = RESIZES.load(Ordering::SeqCst);
        if let Some(r) = self.remembered.get()
            && r.resizes == resizes
            && now.saturating_duration_since(r.read_at) < MAX_AGE
        {
            return Ok(r.size);
        }
        let size = self.inner.size()?;
        self.remembered.set(Some(Remembered {
            size,
            resizes,
            read_at: now,
        }));
        Ok(size)
    }
}

impl<B: Backend> Backend for SizeCached<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.size_at(Instant::now())
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    /// The size is read once for many frames, again after a resize is
    /// noted, and again once the remembered one is `MAX_AGE` old.
    #[test]
    fn the_size_is_read_again_only_after_a_resize_or_a_second() {
        let mut backend = SizeCached::new(TestBackend::new(200, 60));
        let t0 = Instant::now();
        assert_eq!(backend.size_at(t0).unwrap(), Size::new(200, 60));
        // The terminal changes size; without a resize noted, frames within
        // `MAX_AGE` keep the remembered size.
        backend.inner.resize(120, 40);
        let soon = t0 + Duration::from_millis(500);
        assert_eq!(backend.size_at(soon).unwrap(), Size::new(200, 60));
        note_resize();
        assert_eq!(backend.size_at(soon).unwrap(), Size::new(120, 40));
        // A resize nobody read as an event shows within `MAX_AGE`.
        backend.inner.resize(80, 24);
        let later = soon + MAX_AGE;
        assert_eq!(backend.size_at(later).unwrap(), Size::new(80, 24));
    }
}
