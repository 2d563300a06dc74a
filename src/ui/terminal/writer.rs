//! The live dashboard's frames onto the terminal. ratatui's `Terminal::draw`
//! resets every cell of its back buffer, the dashboard then sets the base
//! style on every cell again, and its diff measures every symbol before it
//! compares. Here a frame is drawn into the buffer of the frame before
//! last (the drawing clears each cell to the base style in one pass) and
//! written through [`Diff`], which yields the updates ratatui's diff
//! yields, faster. What reaches the terminal is the same.

use super::diff::Diff;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// What the terminal shows, and the buffer the next frame is drawn into.
#[derive(Debug, Default)]
pub struct FrameWriter {
    /// The last frame written; `None` until the first (which then writes
    /// every cell: the terminal may show anything, a demo's last journey).
    shown: Option<Buffer>,
    next: Buffer,
}

impl FrameWriter {
    /// Draws one frame with `draw` and writes what changed. `draw` gets a
    /// buffer of the terminal's size holding an older frame, and must set
    /// every cell (the dashboard's drawing clears the screen to its base
    /// style first).
    pub fn draw<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        draw: impl FnOnce(&mut Buffer),
    ) -> Result<(), B::Error> {
        // A new size clears the screen, as ratatui's own frames do.
        terminal.autoresize()?;
        let size = terminal.size()?;
        let area = Rect::new(0, 0, size.width, size.height);
        if self.next.area != area {
            self.next = Buffer::empty(area);
            // Cleared if it was known; still unknown before the first frame.
            self.shown = self.shown.as_ref().map(|_| Buffer::empty(area));
        }
        draw(&mut self.next);
        let backend = terminal.backend_mut();
        backend.draw(Diff::new(self.shown.as_ref(), &self.next))?;
        backend.hide_cursor()?;
        backend.flush()?;
        // The frame just written is shown; the one before is drawn over next.
        let shown = self.shown.take().unwrap_or_else(|| Buffer::empty(area));
        self.shown = Some(std::mem::replace(&mut self.next, shown));
        Ok(())
    }
}

#[cfg(test)]
mod tests;
