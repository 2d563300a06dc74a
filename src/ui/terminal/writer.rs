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
    /// `draw`, which gets each region's index and place and a buffer of the
    /// screen's size, and must set every cell of the region (and no other);
    /// writes what changed there, and the rest of the screen stays as
    /// shown. Needs [`FrameWriter::shows`] for `area`, else draws nothing
    /// and says so (`Ok(false)`).
    pub fn draw_regions<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        area: Rect,
        regions: &[Rect],
        mut draw: impl FnMut(usize, Rect, &mut Buffer),
    ) -> Result<bool, B::Error> {
        let Some(shown) = self.shown.as_mut().filter(|s| s.area == area) else {
            return Ok(false);
        };
        // The regions are drawn into the buffer of the frame before last:
        // its other cells are never read, and a whole frame sets them all.
        if self.next.area != area {
            self.next = Buffer::empty(area);
        }
        let regions: Vec<Rect> = regions.iter().map(|r| r.intersection(area)).collect();
        for (i, r) in regions.iter().enumerate() {
            draw(i, *r, &mut self.next);
        }
        let width = usize::from(area.width);
        let rows = |r: Rect| {
            (r.y..r.bottom()).map(move |y| {
                let start = usize::from(y) * width + usize::from(r.x);
                (y, start..start + usize::from(r.width))
            })
        };
        {
            let (shown, next): (&Buffer, &Buffer) = (shown, &self.next);
            let updates = regions.iter().flat_map(|r| {
                rows(*r).flat_map(move |(y, cells)| {
                    Diff::of_cells(
                        Some(&shown.content[cells.clone()]),
                        &next.content[cells],
                        (r.x, y),
                        r.width,
                    )
                })
            });
            let backend = terminal.backend_mut();
            backend.draw(updates)?;
            backend.hide_cursor()?;
            backend.flush()?;
        }
        // What was written is shown now (a swap: no symbol is copied).
        for r in &regions {
            for (_, cells) in rows(*r) {
                shown.content[cells.clone()].swap_with_slice(&mut self.next.content[cells]);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests;
