//! Which parts of the screen a frame draws. On the plain dashboard, a part
//! (the header, the footer, each panel) is drawn again only when what it
//! drew from changed: any field of the view that does not move with time
//! alone, or a time-driven one it read (the clock, the stats' time, a
//! series). A quiet second then redraws the header's clock and the panels
//! that name the stats' time, not the whole screen: no blanking, drawing
//! and comparing of every cell of two screen-sized buffers that went cold
//! during the second (most of an idle dashboard's CPU). Every other screen,
//! a new size, a key, and at least every [`WHOLE_EVERY`], the whole screen.

use super::app::App;
use super::layout::{self, DrawnPart, Part};
use super::terminal::FrameWriter;
use super::theme::Theme;
use super::view::View;
use super::widgets::cells::clear;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;
use std::time::Duration;
use tokio::time::Instant;

/// The whole screen is drawn at least this often, whatever changed.
pub(crate) const WHOLE_EVERY: Duration = Duration::from_secs(10);

/// What one frame drew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drawn {
    Whole,
    /// Only these parts; the rest of the screen was already right.
    Parts(Vec<Part>),
}

/// Draws frames through a [`FrameWriter`], remembering what each part of
/// the last one drew from.
#[derive(Debug, Default)]
pub struct Painter {
    writer: FrameWriter,
    last: Option<Last>,
}

/// The last frame: the view and view state it drew, and its parts.
#[derive(Debug)]
struct Last {
    view: View,
    app: App,
    area: Rect,
    /// The plain dashboard's parts; `None`: another screen.
    parts: Option<Vec<DrawnPart>>,
    /// When the whole screen was last drawn.
    whole_at: Instant,
}

impl Painter {
    /// Draws `view` with `app`'s view state: the parts that changed, or
    /// the whole screen.
    pub fn paint<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        view: View,
        app: &App,
    ) -> Result<Drawn, B::Error> {
        let area = self.writer.area(terminal)?;
        let now = Instant::now();
        if let Some(stale) = self.stale_parts(area, &view, app, now)
            && stale.len() < self.part_count()
        {
            return self.paint_parts(terminal, area, view, app, &stale);
        }
        self.paint_whole(terminal, area, view, app)
    }

    /// Draws the whole screen and remembers what each part read.
    fn paint_whole<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        area: Rect,
        view: View,
        app: &App,
    ) -> Result<Drawn, B::Error> {
        let mut parts = None;
        self.writer.draw(terminal, |buf| {
            parts = layout::draw_recording(buf, buf.area, &view, app);
        })?;
        self.last = Some(Last {
            view,
            app: app.clone(),
            area,
            parts,
            whole_at: Instant::now(),
        });
        Ok(Drawn::Whole)
    }

    fn part_count(&self) -> usize {
        self.last
            .as_ref()
            .and_then(|l| l.parts.as_ref())
            .map_or(0, Vec::len)
    }

    /// The indexes of the last frame's parts that `view` would draw
    /// differently; `None` when the whole screen has to be drawn.
    fn stale_parts(&self, area: Rect, view: &View, app: &App, now: Instant) -> Option<Vec<usize>> {
        let last = self.last.as_ref()?;
        let parts = last.parts.as_ref()?;
        let same_screen = last.area == area
            && self.writer.shows(area)
            && last.app == *app
            && now.saturating_duration_since(last.whole_at) < WHOLE_EVERY;
        if !same_screen {
            return None;
        }
        // The same parts in the same places (the layout reads the view).
        let placed = layout::parts(area, view, app)?;
        if placed.len() != parts.len()
            || placed
                .iter()
                .zip(parts)
                .any(|((part, rect), drawn)| *part != drawn.part || *rect != drawn.rect)
        {
            return None;
        }
        let changed = last.view.changes(view)?;
        Some(
            (0..parts.len())
                .filter(|&i| parts[i].reads.meets(changed))
                .collect(),
        )
    }

    fn paint_parts<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        area: Rect,
        view: View,
        app: &App,
        stale: &[usize],
    ) -> Result<Drawn, B::Error> {
        let Some(Last {
            view: last_view,
            parts: Some(parts),
            ..
        }) = self.last.as_mut()
        else {
            return self.paint_whole(terminal, area, view, app);
        };
        let theme = Theme::new(app.theme, app.color);
        let rects: Vec<Rect> = stale.iter().map(|&i| parts[i].rect).collect();
        let mut reads = Vec::with_capacity(stale.len());
        let drawn = self
            .writer
            .draw_regions(terminal, area, &rects, |k, rect, buf| {
                let part = parts[stale[k]];
                clear(buf, rect, theme.base);
                let _ = view.take_reads();
                layout::draw_part(buf, part.part, part.rect, &view, app, &theme);
                reads.push(view.take_reads());
            })?;
        if !drawn {
            // The writer does not know what the screen shows: all of it.
            return self.paint_whole(terminal, area, view, app);
        }
        for (&i, read) in stale.iter().zip(reads) {
            parts[i].reads = read;
        }
        let names = stale.iter().map(|&i| parts[i].part).collect();
        // A part not drawn drew the same from this view as from the last,
        // and so read the same of it.
        *last_view = view;
        Ok(Drawn::Parts(names))
    }
}

#[cfg(test)]
mod tests;
