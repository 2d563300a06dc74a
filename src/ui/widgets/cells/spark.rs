//! A sparkline written straight into the cells: what ratatui's `Sparkline`
//! draws with the default bar set, a style, a maximum and a blank for
//! absent values, without building its bars or indexing the buffer cell by
//! cell, a row at a time.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::bar::NINE_LEVELS;

/// Draws `points` (one a column from the left; `None`: absent, drawn
/// blank) scaled so that `max` fills `area`'s height: what
/// `Sparkline::default().data(points).max(max).style(style)
/// .absent_value_symbol(" ")` draws, clipped to the buffer.
pub(crate) fn sparkline(
    buf: &mut Buffer,
    area: Rect,
    points: &[Option<u64>],
    max: u64,
    style: Style,
) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let columns = points.len().min(usize::from(area.width));
    let rows = area.height;
    // Eighths of a cell each column fills, from the bottom; an absent
    // value is blank over the whole height.
    let heights: Vec<Option<u64>> = points[..columns]
        .iter()
        .map(|p| p.map(|v| scale_height(v, max, rows)))
        .collect();
    for j in 0..rows {
        // Row `j` from the top holds the eighths above `below` ones.
        let below = u64::from(rows - 1 - j) * 8;
        let start = buf.index_of(area.x, area.y + j);
        let cells = &mut buf.content[start..start + columns];
        for (cell, height) in cells.iter_mut().zip(&heights) {
            let symbol = match height {
                Some(h) => bar_symbol(h.saturating_sub(below)),
                None => " ",
            };
            // Blank cells (most of a tall chart) already hold the space.
            if symbol != " " || !matches!(cell.symbol().as_bytes(), [b' ']) {
                cell.set_symbol(symbol);
            }
            cell.set_style(style);
        }
    }
}

/// ratatui's scaling: the value's share of `max` in eighths of the height.
fn scale_height(value: u64, max: u64, rows: u16) -> u64 {
    if max == 0 {
        return 0;
    }
    let max_ticks = u128::from(rows) * 8;
    let ticks = u128::from(value) * max_ticks / u128::from(max);
    u64::try_from(ticks.min(max_ticks)).unwrap_or(u64::MAX)
}

/// The bar symbol for `eighths` filled (a full cell from 8 on).
fn bar_symbol(eighths: u64) -> &'static str {
    let set = NINE_LEVELS;
    match eighths {
        0 => set.empty,
        1 => set.one_eighth,
        2 => set.one_quarter,
        3 => set.three_eighths,
        4 => set.half,
        5 => set.five_eighths,
        6 => set.three_quarters,
        7 => set.seven_eighths,
        _ => set.full,
    }
}
