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
        let area = self.area(terminal)?;
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

    /// The terminal's area for the next frame (a new size clears the
    /// screen, as ratatui's own frames do).
    pub fn area<B: Backend>(&mut self, terminal: &mut Terminal<B>) -> Result<Rect, B::Error> {
        terminal.autoresize()?;
        let size = terminal.size()?;
        Ok(Rect::new(0, 0, size.width, size.height))
    }

    /// Whether the terminal is known to show the last frame written, at
    /// `area`: only then can parts of it be drawn alone.
    pub fn shows(&self, area: Rect) -> bool {
        self.shown.as_ref().is_some_and(|s| s.area == area)
    }

    /// Draws only `regions` (inside the screen, not overlapping) with
    /// `draw`, which gets each region's index and a buffer of its own area
    /// and must set every cell of it, and writes what changed there; the rest of the
    /// screen stays as shown. Needs [`FrameWriter::shows`] for `area`,
    /// else draws nothing and says so (`Ok(false)`).
    pub fn draw_regions<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        area: Rect,
        regions: &[Rect],
        mut draw: impl FnMut(usize, &mut Buffer),
    ) -> Result<bool, B::Error> {
        let Some(shown) = self.shown.as_mut().filter(|s| s.area == area) else {
            return Ok(false);
        };
        let drawn: Vec<Buffer> = regions
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut buf = Buffer::empty(r.intersection(area));
                draw(i, &mut buf);
                buf
            })
            .collect();
        let width = usize::from(area.width);
        let row_of = |buf: &Buffer, j: u16| {
            let w = usize::from(buf.area.width);
            j as usize * w..(j as usize + 1) * w
        };
        let at = |x: u16, y: u16| usize::from(y) * width + usize::from(x);
        {
            let shown: &Buffer = shown;
            let updates = drawn.iter().flat_map(|buf| {
                let r = buf.area;
                (0..r.height).flat_map(move |j| {
                    let start = at(r.x, r.y + j);
                    Diff::of_cells(
                        Some(&shown.content[start..start + usize::from(r.width)]),
                        &buf.content[row_of(buf, j)],
                        (r.x, r.y + j),
                        r.width,
                    )
                })
            });
            let backend = terminal.backend_mut();
            backend.draw(updates)?;
            backend.hide_cursor()?;
            backend.flush()?;
        }
        // What was written is shown now.
        for buf in &drawn {
            let r = buf.area;
            for j in 0..r.height {
                let start = at(r.x, r.y + j);
                shown.content[start..start + usize::from(r.width)]
                    .clone_from_slice(&buf.content[row_of(buf, j)]);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests;
