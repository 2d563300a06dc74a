//! Rows the prompt styles share: one-line rows, the "no answers" note and
//! the labelled bar rows of the tallies.

use crate::ui::text::pad_left;
use crate::ui::theme::Theme;
use crate::ui::widgets::cells::put_line;
use crate::ui::widgets::figure::Scoped;
use crate::ui::widgets::{bar, take_rows};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Draws one line at the top of `area` and takes its row.
pub(super) fn line(buf: &mut Buffer, area: &mut Rect, spans: &[Span<'_>]) {
    if area.height == 0 {
        return;
    }
    let row = take_rows(area, 1);
    put_line(buf, row, spans);
}

pub(super) fn no_data(buf: &mut Buffer, area: Rect, s: &Scoped, theme: &Theme) {
    let text = format!("No answers ({}: {}).", s.label, s.note);
    Paragraph::new(Span::styled(text, theme.dim))
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// Rows per option and the gap after each: taller, spaced bars when the
/// panel has the room (easier to read from across a room).
pub(super) fn row_height(area: Rect, options: usize, other_rows: u16) -> (u16, u16) {
    let n = options.max(1) as u16;
    match area.height.saturating_sub(other_rows) / n {
        0 | 1 => (1, 0),
        2 => (1, 1),
        _ => (2, 1),
    }
}

/// One labelled bar row: `label │bar│ count share`.
pub(super) struct BarRow<'a> {
    pub(super) label: Vec<Span<'a>>,
    pub(super) label_w: usize,
    pub(super) count: String,
    pub(super) share: String,
    /// The bar's length, 0..=1.
    pub(super) frac: f64,
    pub(super) bar_style: Style,
    pub(super) text_style: Style,
}

impl BarRow<'_> {
    /// Draws the row (`h` rows tall, then `gap` empty) at the top of `area`
    /// and takes its rows.
    pub(super) fn draw(
        self,
        buf: &mut Buffer,
        area: &mut Rect,
        (h, gap): (u16, u16),
        theme: &Theme,
    ) {
        if area.height == 0 {
            return;
        }
        let rows = take_rows(area, h);
        let w = rows.width as usize;
        let count_s = pad_left(&self.count, 6);
        let pct_s = pad_left(&self.share, 5);
        let label_w = self.label_w;
        let bar_w = w.saturating_sub(label_w + 1 + 1 + count_s.len() + pct_s.len());
        for dy in 0..rows.height {
            let row = Rect {
                y: rows.y + dy,
                height: 1,
                ..rows
            };
            let mut spans = if dy == 0 {
                self.label.clone()
            } else {
                vec![Span::raw(" ".repeat(label_w))]
            };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(bar(self.frac, bar_w), self.bar_style));
            spans.push(Span::raw(" "));
            if dy == 0 {
                spans.push(Span::styled(count_s.clone(), self.text_style));
                spans.push(Span::styled(pct_s.clone(), theme.dim));
            }
            put_line(buf, row, &spans);
        }
        take_rows(area, gap);
    }
}

/// Draws bar rows at the top of `area`, keeping `keep` rows free below:
/// taller rows when there is room, one line each when not, and when even
/// that does not fit, as many as fit and a "+N more" line naming the rest
/// — never silently dropped.
pub(super) fn bar_rows(
    buf: &mut Buffer,
    area: &mut Rect,
    rows: Vec<(String, BarRow<'_>)>,
    keep: u16,
    theme: &Theme,
) {
    let avail = area.height.saturating_sub(keep);
    let n = rows.len();
    let (h, gap) = row_height(
        Rect {
            height: avail,
            ..*area
        },
        n,
        0,
    );
    if n <= avail as usize {
        for (_, row) in rows {
            row.draw(buf, area, (h, gap), theme);
        }
        return;
    }
    let shown = (avail as usize).saturating_sub(1);
    let mut rest = rows.into_iter();
    for (_, row) in rest.by_ref().take(shown) {
        row.draw(buf, area, (1, 0), theme);
    }
    let hidden: Vec<String> = rest.map(|(name, _)| name).collect();
    if avail > 0 {
        let text = format!("+{} more: {}", hidden.len(), hidden.join(", "));
        let w = area.width as usize;
        line(
            buf,
            area,
            &[Span::styled(crate::ui::text::cut(&text, w), theme.warn)],
        );
    }
}
