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
    let text = format!("No answers ({}: {}).", s.label, s.note());
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
        let bar_text = bar(self.frac, bar_w);
        let bar_span = Span::styled(bar_text.as_str(), self.bar_style);
        let row = |dy: u16| Rect {
            y: rows.y + dy,
            height: 1,
            ..rows
        };
        if rows.height == 0 {
            take_rows(area, gap);
            return;
        }
        // The first row: the label, the bar, the count and the share.
        let mut first = self.label;
        first.extend([
            Span::raw(" "),
            bar_span.clone(),
            Span::raw(" "),
            Span::styled(count_s.as_str(), self.text_style),
            Span::styled(pct_s.as_str(), theme.dim),
        ]);
        put_line(buf, row(0), &first);
        // A taller bar goes on under a blank label.
        let blank = " ".repeat(label_w);
        for dy in 1..rows.height {
            let spans = [
                Span::raw(blank.as_str()),
                Span::raw(" "),
                bar_span.clone(),
                Span::raw(" "),
            ];
            put_line(buf, row(dy), &spans);
        }
        take_rows(area, gap);
    }
}

/// Draws bar rows at the top of `area`, keeping `keep` rows free below:
/// taller rows when there is room, one line each when not, and when even
/// that does not fit, as many as fit and a "+N more" line naming the rest
/// (`name` of each row's index) — never silently dropped.
pub(super) fn bar_rows(
    buf: &mut Buffer,
    area: &mut Rect,
    rows: Vec<BarRow<'_>>,
    name: &dyn Fn(usize) -> String,
    (keep, theme): (u16, &Theme),
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
        for row in rows {
            row.draw(buf, area, (h, gap), theme);
        }
        return;
    }
    let shown = (avail as usize).saturating_sub(1);
    for row in rows.into_iter().take(shown) {
        row.draw(buf, area, (1, 0), theme);
    }
    let hidden: Vec<String> = (shown..n).map(name).collect();
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
