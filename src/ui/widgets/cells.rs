//! Lines written straight into buffer cells: the same cells, symbols and
//! styles as ratatui's `Line` and `Span` widgets write, but without their
//! grapheme segmentation for the plain characters (ASCII, box drawing,
//! block elements) that most of a frame is made of. Any other text goes
//! through ratatui's own `Span` rendering, so wide characters, combining
//! marks and emoji are drawn exactly as before.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// A character that is one cell wide and a grapheme of its own whatever
/// its neighbours in this set (printable ASCII, box drawing, block
/// elements, and the few symbols the panels use): drawn one cell each.
/// The test `plain_characters_are_one_cell_graphemes` checks every one.
fn is_plain(c: char) -> bool {
    matches!(
        c,
        ' '..='~'
            | '\u{2500}'..='\u{259f}'
            | '·'
            | '…'
            | '—'
            | '−'
            | '●'
            | '◉'
            | '◌'
            | '■'
            | '♥'
            | '▶'
            | '↑'
            | '↓'
    )
}

/// Draws `spans` from the left of `area`'s first row, clipped to it: what
/// `Line::from(spans).render(area, buf)` draws.
pub(crate) fn put_line(buf: &mut Buffer, area: Rect, spans: &[Span<'_>]) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    put_spans(buf, area.x, area.y, area.right(), spans);
}

/// Draws `spans` right-aligned in `area`'s first row: what
/// `Line::from(spans).right_aligned().render(area, buf)` draws.
pub(crate) fn put_line_right(buf: &mut Buffer, area: Rect, spans: &[Span<'_>]) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let line_w: usize = spans.iter().map(Span::width).sum();
    if line_w > usize::from(area.width) {
        // Cut on the left: rare, and ratatui's rule for it is subtle.
        Line::from(spans.to_vec()).right_aligned().render(area, buf);
        return;
    }
    let indent = area.width - line_w as u16;
    put_spans(buf, area.x + indent, area.y, area.right(), spans);
}

/// One span at `x`, clipped at `right`; returns where the next span starts
/// (`x` plus the span's width, as ratatui advances).
fn put_span(buf: &mut Buffer, x: u16, y: u16, right: u16, span: &Span<'_>) -> u16 {
    let text = span.content.as_ref();
    if text.chars().all(is_plain) {
        // One cell per character, so the span is as wide as its length.
        let mut x = x;
        for c in text.chars() {
            if x >= right {
                return right;
            }
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_char(c).set_style(span.style);
            }
            x += 1;
        }
        return x;
    }
    let w = span.width();
    if x < right {
        span.render(
            Rect {
                x,
                y,
                width: right - x,
                height: 1,
            },
            buf,
        );
    }
    x.saturating_add(u16::try_from(w).unwrap_or(u16::MAX))
}

/// Spans one after the other from `x`, as ratatui's line rendering places
/// them: empty-width spans are skipped, and nothing is drawn past `right`.
fn put_spans(buf: &mut Buffer, mut x: u16, y: u16, right: u16, spans: &[Span<'_>]) {
    for span in spans {
        if x >= right {
            break;
        }
        if span.width() == 0 {
            continue;
        }
        x = put_span(buf, x, y, right, span);
    }
}

/// A frame's line symbols and their style.
pub(crate) struct Border<'a> {
    pub(crate) set: ratatui::symbols::border::Set<'a>,
    pub(crate) style: Style,
}

/// A frame on all four sides of `area` with a left-aligned title on the
/// top border: what `Block::bordered()` with that border set, border style
/// and a `Line::from(title).style(title_style)` title draws (sides first,
/// then corners, then the title, as ratatui orders them).
pub(crate) fn frame(
    buf: &mut Buffer,
    area: Rect,
    border: &Border<'_>,
    title: &str,
    title_style: Style,
) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let (left, top) = (area.left(), area.top());
    let (right, bottom) = (area.right() - 1, area.bottom() - 1);
    let set = &border.set;
    let mut put = |x: u16, y: u16, symbol: &str| {
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_symbol(symbol).set_style(border.style);
        }
    };
    for y in top..=bottom {
        put(left, y, set.vertical_left);
    }
    for x in left..=right {
        put(x, top, set.horizontal_top);
    }
    for y in top..=bottom {
        put(right, y, set.vertical_right);
    }
    for x in left..=right {
        put(x, bottom, set.horizontal_bottom);
    }
    put(right, bottom, set.bottom_right);
    put(right, top, set.top_right);
    put(left, bottom, set.bottom_left);
    put(left, top, set.top_left);
    // The title row: inside the side borders, as wide as the title.
    let room = Rect {
        x: left.saturating_add(1),
        y: top,
        width: area.width.saturating_sub(2),
        height: 1,
    };
    let title = Span::raw(title);
    let title_w = u16::try_from(title.width()).unwrap_or(u16::MAX);
    if room.is_empty() || title_w == 0 {
        return;
    }
    let title_area = Rect {
        width: title_w.min(room.width),
        ..room
    };
    fill_style(buf, title_area, title_style);
    put_spans(buf, title_area.x, top, title_area.right(), &[title]);
}

/// Sets `style` on every cell of `area` (what a `Block` with only a style
/// does), a row at a time.
pub(crate) fn fill_style(buf: &mut Buffer, area: Rect, style: Style) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let w = usize::from(area.width);
    for y in area.top()..area.bottom() {
        let start = buf.index_of(area.x, y);
        for cell in &mut buf.content[start..start + w] {
            cell.set_style(style);
        }
    }
}

#[cfg(test)]
mod tests;
