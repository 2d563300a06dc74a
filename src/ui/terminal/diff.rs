//! The cells to write to turn one buffer into another: the updates
//! ratatui's `BufferDiff` yields, in the same order, but a cell equal to
//! the one shown with a symbol of one cell is passed over without
//! measuring its symbol's width (most of a screen, most frames).

use crate::ui::widgets::cells::simple_width;
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::style::{Color, Modifier};

/// Modifiers that show on a blank cell: a wide symbol's trailing cells
/// are rewritten when it is replaced by a narrower one on such a cell.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// The updates from `prev` (what the terminal shows) to `next`; with
/// `prev` unknown (`None`), every cell of `next` is written. The buffers
/// share their origin and width.
pub(crate) struct Diff<'a> {
    prev: Option<&'a [Cell]>,
    next: &'a [Cell],
    origin: (u16, u16),
    width: usize,
    pos: usize,
    trailing: Option<Trailing>,
}

/// Cells after a wide symbol that may need writing too.
struct Trailing {
    next_index: usize,
    end: usize,
    force: bool,
}

impl<'a> Diff<'a> {
    pub(crate) fn new(prev: Option<&'a Buffer>, next: &'a Buffer) -> Diff<'a> {
        Diff::of_cells(
            prev.map(|p| &p.content[..]),
            &next.content,
            (next.area.x, next.area.y),
            next.area.width,
        )
    }

    /// The updates for cells laid out `width` to a row from `origin` (a
    /// row of a screen, or a whole one).
    pub(crate) fn of_cells(
        prev: Option<&'a [Cell]>,
        next: &'a [Cell],
        origin: (u16, u16),
        width: u16,
    ) -> Diff<'a> {
        let len = prev.map_or(next.len(), <[Cell]>::len).min(next.len());
        Diff {
            prev: prev.map(|p| &p[..len]),
            next: &next[..len],
            origin,
            width: usize::from(width).max(1),
            pos: 0,
            trailing: None,
        }
    }

    #[inline]
    fn prev(&self, i: usize) -> &'a Cell {
        self.prev.map_or(&Cell::EMPTY, |p| &p[i])
    }

    fn at(&self, i: usize) -> (u16, u16, &'a Cell) {
        let x = i % self.width + usize::from(self.origin.0);
        let y = i / self.width + usize::from(self.origin.1);
        (
            u16::try_from(x).unwrap_or(u16::MAX),
            u16::try_from(y).unwrap_or(u16::MAX),
            &self.next[i],
        )
    }

    /// The cells after a wide symbol: those whose symbol changed (or all,
    /// when forced), stepping over wide symbols.
    fn next_trailing(&mut self) -> Option<(u16, u16, &'a Cell)> {
        let len = self.next.len();
        let t = self.trailing.as_mut()?;
        while t.next_index < t.end.min(len) {
            let j = t.next_index;
            let cell = &self.next[j];
            t.next_index += usize::from(cell_width(cell).max(1));
            t.end = t.end.max(t.next_index).min(len);
            let changed = t.force || self.prev.map_or(" ", |p| p[j].symbol()) != cell.symbol();
            if !is_skip(cell) && changed {
                return Some(self.at(j));
            }
        }
        self.pos = t.end;
        self.trailing = None;
        None
    }
}

impl<'a> Iterator for Diff<'a> {
    type Item = (u16, u16, &'a Cell);

    fn next(&mut self) -> Option<Self::Item> {
        if self.trailing.is_some()
            && let Some(update) = self.next_trailing()
        {
            return Some(update);
        }
        let known = self.prev.is_some();
        while self.pos < self.next.len() {
            let i = self.pos;
            self.pos += 1;
            let current = &self.next[i];
            let previous = self.prev(i);
            match current.diff_option {
                CellDiffOption::Skip => {}
                _ if is_skip(current) => {}
                CellDiffOption::ForcedWidth(w) => {
                    self.pos = self.pos.saturating_add(usize::from(w.get()) - 1);
                    if !known || !same(current, previous) {
                        return Some(self.at(i));
                    }
                }
                CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                    let symbol = current.symbol();
                    let width = usize::from(symbol_width(symbol));
                    let always = matches!(current.diff_option, CellDiffOption::AlwaysUpdate);
                    if known
                        && !always
                        && same_symbol(symbol, previous.symbol())
                        && same_rest(current, previous)
                    {
                        self.pos += width.saturating_sub(1);
                        continue;
                    }
                    if width > 1 && symbol.contains('\u{fe0f}') {
                        self.trailing = Some(Trailing {
                            next_index: i + 1,
                            end: (i + width).min(self.next.len()),
                            force: !known,
                        });
                    } else if width > 1 {
                        self.pos += width - 1;
                    } else if previous.bg != Color::Reset
                        || previous.modifier.intersects(VISIBLE_ON_BLANK)
                    {
                        // A wide symbol replaced by a narrow one on a cell
                        // that shows blank: its trailing cells are written.
                        let previous_width = usize::from(cell_width(previous));
                        if previous_width > width {
                            self.trailing = Some(Trailing {
                                next_index: i + 1,
                                end: i + previous_width,
                                force: true,
                            });
                        }
                    }
                    return Some(self.at(i));
                }
            }
        }
        None
    }
}

/// What `Cell`'s equality says.
fn same(a: &Cell, b: &Cell) -> bool {
    same_symbol(a.symbol(), b.symbol()) && same_rest(a, b)
}

/// Symbols compared without a call for the short ones a screen is made of.
#[inline(always)]
fn same_symbol(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    x.len() == y.len()
        && if x.len() <= 4 {
            x.iter().zip(y).all(|(p, q)| p == q)
        } else {
            x == y
        }
}

/// `Cell`'s equality but for the symbol: the style, the diff option and
/// the (deprecated) skip flag.
#[inline(always)]
fn same_rest(a: &Cell, b: &Cell) -> bool {
    #[allow(deprecated)]
    let skip = a.skip == b.skip;
    // Field by field: comparing two `style()`s builds and compares options.
    skip && a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
        && a.diff_option == b.diff_option
}

/// A cell's width as ratatui measures it (`CellWidth` for `Cell`).
fn cell_width(cell: &Cell) -> u16 {
    match cell.diff_option {
        CellDiffOption::ForcedWidth(w) => w.get(),
        _ => symbol_width(cell.symbol()),
    }
}

/// A symbol's width as ratatui measures it (`CellWidth`), with the one
/// and two cell characters of the screen's own text known without
/// looking them up.
#[inline(always)]
fn symbol_width(symbol: &str) -> u16 {
    match symbol.as_bytes() {
        // ASCII, and box drawing and block elements (U+2500 to U+259F):
        // the panels' borders, bars and charts.
        [_] | [0xe2, 0x94 | 0x95, _] | [0xe2, 0x96, 0x80..=0x9f] => return 1,
        _ => {}
    }
    let mut chars = symbol.chars();
    match (chars.next().and_then(simple_width), chars.next()) {
        (Some(w), None) => w,
        _ => symbol.cell_width(),
    }
}

/// A cell the diff passes over.
#[allow(deprecated)]
#[inline(always)]
fn is_skip(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip)
        || (cell.skip && matches!(cell.diff_option, CellDiffOption::None))
}

#[cfg(test)]
mod tests;
