//! A large block-digit font for the numbers that must read across a room.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Glyph height in rows (before scaling).
pub(crate) const HEIGHT: u16 = 5;
/// Glyph width in columns (before scaling), plus one column of space.
pub(crate) const ADVANCE: u16 = 4;

fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        '0' => ["███", "█ █", "█ █", "█ █", "███"],
        '1' => [" █ ", "██ ", " █ ", " █ ", "███"],
        '2' => ["███", "  █", "███", "█  ", "███"],
        '3' => ["███", "  █", " ██", "  █", "███"],
        '4' => ["█ █", "█ █", "███", "  █", "  █"],
        '5' => ["███", "█  ", "███", "  █", "███"],
        '6' => ["███", "█  ", "███", "█ █", "███"],
        '7' => ["███", "  █", "  █", " █ ", " █ "],
        '8' => ["███", "█ █", "███", "█ █", "███"],
        '9' => ["███", "█ █", "███", "  █", "███"],
        '.' => ["   ", "   ", "   ", "   ", " █ "],
        '%' => ["█ █", "  █", " █ ", "█  ", "█ █"],
        'k' => ["█  ", "█ █", "██ ", "█ █", "█ █"],
        'M' => ["█ █", "███", "███", "█ █", "█ █"],
        'B' => ["██ ", "█ █", "██ ", "█ █", "██ "],
        _ => return None,
    })
}

/// Cells needed to draw `text` at `scale`, or `None` if a char has no glyph.
pub(crate) fn size(text: &str, scale: u16) -> Option<(u16, u16)> {
    let n = text.chars().count() as u16;
    if n == 0 || text.chars().any(|c| glyph(c).is_none()) {
        return None;
    }
    let w = (n * ADVANCE - 1).saturating_mul(scale);
    Some((w, HEIGHT * scale))
}

/// The largest scale (1 or 2) at which `text` fits `area`, if any.
pub(crate) fn fits(text: &str, area: Rect) -> Option<u16> {
    [2u16, 1]
        .into_iter()
        .find(|&s| size(text, s).is_some_and(|(w, h)| w <= area.width && h <= area.height))
}

/// Draws `text` at the top-left of `area` at `scale`, clipped to `area`.
pub(crate) fn draw(buf: &mut Buffer, area: Rect, text: &str, scale: u16, style: Style) {
    let scale = scale.max(1);
    let mut x0 = area.x;
    for c in text.chars() {
        let Some(rows) = glyph(c) else { continue };
        for (row, line) in rows.iter().enumerate() {
            for (col, ch) in line.chars().enumerate() {
                if ch == ' ' {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let x = x0 + col as u16 * scale + dx;
                        let y = area.y + row as u16 * scale + dy;
                        if x < area.right()
                            && y < area.bottom()
                            && let Some(cell) = buf.cell_mut((x, y))
                        {
                            cell.set_symbol("█").set_style(style);
                        }
                    }
                }
            }
        }
        x0 = x0.saturating_add(ADVANCE * scale);
    }
}
