//! Lines, frames, charts and blank screens written straight into buffer
//! cells: the same cells, symbols and styles as ratatui's `Line`, `Span`,
//! `Block`, `Sparkline` and `Clear` widgets write, but without their
//! grapheme segmentation for the simple characters (ASCII, Latin letters,
//! box drawing, block elements, punctuation, CJK) that most of a frame is
//! made of. Any other text goes through ratatui's own `Span` rendering, so
//! combining marks, joiners and emoji are drawn exactly as before.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

mod chars;
mod spark;
#[cfg(test)]
use chars::simple_text_width;
pub(crate) use chars::simple_width;
use chars::{Text, text_kind};
pub(crate) use spark::sparkline;

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
    let line_w: usize = spans.iter().map(|s| span_width(s).1).sum();
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
fn put_span(buf: &mut Buffer, (x, y): (u16, u16), right: u16, span: &Span<'_>, kind: Text) -> u16 {
    let next = x.saturating_add(u16::try_from(kind_width(kind, span)).unwrap_or(u16::MAX));
    if x >= right {
        return next;
    }
    let text = span.content.as_ref();
    let style = span.style;
    // `x..right` is inside the buffer (the callers clip to it), so the
    // row's cells are indexed directly.
    let row = buf.index_of(x, y);
    let room = usize::from(right - x);
    match kind {
        Text::Ascii(_) => {
            let cells = buf.content[row..row + room].iter_mut();
            for (at, cell) in cells.take(text.len()).enumerate() {
                put_symbol(cell, &text[at..=at], style);
            }
        }
        Text::Simple(_) => put_simple(&mut buf.content[row..row + room], text, style),
        Text::Other => span.render(
            Rect {
                x,
                y,
                width: right - x,
                height: 1,
            },
            buf,
        ),
    }
    next
}

/// Simple characters, one grapheme each, one or two cells, into `cells`
/// from the first; a wide one that does not fit ends the text.
fn put_simple(cells: &mut [Cell], text: &str, style: Style) {
    let mut at = 0usize;
    for (i, c) in text.char_indices() {
        let w = usize::from(simple_width(c).unwrap_or(1));
        let Some(run) = cells.get_mut(at..at + w) else {
            break;
        };
        put_symbol(&mut run[0], &text[i..i + c.len_utf8()], style);
        // A wide character hides the cell after it: ratatui resets it.
        for hidden in &mut run[1..] {
            hidden.reset();
        }
        at += w;
    }
}

/// `cell.set_symbol(symbol).set_style(style)` for one character's
/// `symbol` (a slice of the text: no character to encode); a blank cell
/// (as `clear` leaves them) already holds a space, and building the symbol
/// again costs more than the whole check.
fn put_symbol(cell: &mut Cell, symbol: &str, style: Style) {
    if !is_space(symbol) || !is_space(cell.symbol()) {
        cell.set_symbol(symbol);
    }
    cell.set_style(style);
}

/// A symbol that is one space (as `Cell::EMPTY`'s reads), compared by its
/// byte rather than through a string comparison's call.
fn is_space(symbol: &str) -> bool {
    matches!(symbol.as_bytes(), [b' '])
}

/// Spans one after the other from `x`, as ratatui's line rendering places
/// them: empty-width spans are skipped, and nothing is drawn past `right`.
fn put_spans(buf: &mut Buffer, mut x: u16, y: u16, right: u16, spans: &[Span<'_>]) {
    for span in spans {
        if x >= right {
            break;
        }
        let (kind, width) = span_width(span);
        if width == 0 {
            continue;
        }
        x = put_span(buf, (x, y), right, span, kind);
    }
}

/// How a span is drawn, and its width in cells as ratatui counts it.
fn span_width(span: &Span<'_>) -> (Text, usize) {
    let kind = text_kind(&span.content);
    (kind, kind_width(kind, span))
}

fn kind_width(kind: Text, span: &Span<'_>) -> usize {
    match kind {
        Text::Ascii(w) | Text::Simple(w) => w,
        Text::Other => span.width(),
    }
}

/// A frame's line symbols and their style.
pub(crate) struct Border<'a> {
    pub(crate) set: ratatui::symbols::border::Set<'a>,
    pub(crate) style: Style,
}

/// A frame's titles on its top border: `left` (with the line style
/// `left_style`) from the left, `right` (spans) right-aligned; either may
/// be empty.
pub(crate) struct Titles<'a> {
    pub(crate) left: &'a str,
    pub(crate) left_style: Style,
    pub(crate) right: &'a [Span<'a>],
}

/// A frame on all four sides of `area` with titles on the top border:
/// what `Block::bordered()` with that border set and border style, a
/// `Line::from(left).style(left_style)` title and a right-aligned
/// `Line::from(right)` title draws (sides first, then corners, then the
/// left title, then the right one, as ratatui orders them).
pub(crate) fn frame(buf: &mut Buffer, area: Rect, border: &Border<'_>, titles: &Titles<'_>) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let (left, top) = (area.left(), area.top());
    let (right, bottom) = (area.right() - 1, area.bottom() - 1);
    let set = &border.set;
    let style = border.style;
    // `area` is inside the buffer: cells are indexed without a call each.
    let (origin, width) = (buf.area, usize::from(buf.area.width));
    let mut put = |(x, y): (u16, u16), symbol: &str| {
        let i = usize::from(y - origin.y) * width + usize::from(x - origin.x);
        if let Some(cell) = buf.content.get_mut(i) {
            cell.set_symbol(symbol).set_style(style);
        }
    };
    for y in top..=bottom {
        put((left, y), set.vertical_left);
    }
    for x in left..=right {
        put((x, top), set.horizontal_top);
    }
    for y in top..=bottom {
        put((right, y), set.vertical_right);
    }
    for x in left..=right {
        put((x, bottom), set.horizontal_bottom);
    }
    put((right, bottom), set.bottom_right);
    put((right, top), set.top_right);
    put((left, bottom), set.bottom_left);
    put((left, top), set.top_left);
    // The title row: inside the side borders.
    let room = Rect {
        x: left.saturating_add(1),
        y: top,
        width: area.width.saturating_sub(2),
        height: 1,
    };
    if room.is_empty() {
        return;
    }
    let title = Span::raw(titles.left);
    let title_w = u16::try_from(span_width(&title).1).unwrap_or(u16::MAX);
    if title_w > 0 {
        let title_area = Rect {
            width: title_w.min(room.width),
            ..room
        };
        fill_style(buf, title_area, titles.left_style);
        put_spans(buf, title_area.x, top, title_area.right(), &[title]);
    }
    let right_w: usize = titles.right.iter().map(|s| span_width(s).1).sum();
    let right_w = u16::try_from(right_w).unwrap_or(u16::MAX);
    if right_w > 0 {
        let title_area = Rect {
            x: room.right().saturating_sub(right_w).max(room.x),
            width: right_w.min(room.width),
            ..room
        };
        put_line_right(buf, title_area, titles.right);
    }
}

/// Sets `style` on every cell of `area` (what a `Block` with only a style
/// does), a row at a time.
pub(crate) fn fill_style(buf: &mut Buffer, area: Rect, style: Style) {
    for_each_cell(buf, area, |cell| {
        cell.set_style(style);
    });
}

/// Calls `f` on every cell of `area` (clipped to the buffer), a row at a
/// time.
fn for_each_cell(buf: &mut Buffer, area: Rect, mut f: impl FnMut(&mut Cell)) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let w = usize::from(area.width);
    for y in area.top()..area.bottom() {
        let start = buf.index_of(area.x, y);
        buf.content[start..start + w].iter_mut().for_each(&mut f);
    }
}

/// Blanks every cell of `area` in `style`: what ratatui's `Clear` and then
/// a `Block` with only that style draw (a frame drawn over an older one
/// starts from this, as one drawn into a reset buffer starts from the
/// style alone).
pub(crate) fn clear(buf: &mut Buffer, area: Rect, style: Style) {
    for_each_cell(buf, area, |cell| {
        // `Cell::reset` in place: the constant stored without a call.
        *cell = Cell::EMPTY;
        cell.set_style(style);
    });
}

#[cfg(test)]
mod tests;
