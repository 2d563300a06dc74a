//! Small drawing helpers shared by the panels: titled blocks that show
//! focus, labelled bars with eighth-cell precision, and sparklines squeezed
//! to any width.

use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Sparkline, Widget};

/// A bordered panel with a title; focused panels get a thick, bright border.
pub fn panel<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    let (border_type, border_style, title_style) = if focused {
        (BorderType::Thick, theme.focus, theme.focus)
    } else {
        (BorderType::Rounded, theme.border, theme.title)
    };
    Block::bordered()
        .border_type(border_type)
        .border_style(border_style)
        .title(title.into().style(title_style))
        .padding(Padding::horizontal(1))
}

const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A horizontal bar `frac` (0..=1) of `width` cells, to eighth-cell
/// precision, padded with spaces to exactly `width`.
pub fn bar(frac: f64, width: usize) -> String {
    let frac = if frac.is_finite() {
        frac.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let eighths = (frac * width as f64 * 8.0).round() as usize;
    let full = eighths / 8;
    let rest = eighths % 8;
    let mut s = "█".repeat(full.min(width));
    if full < width {
        if rest > 0 {
            s.push(EIGHTHS[rest]);
        }
        let used = full + usize::from(rest > 0);
        s.push_str(&" ".repeat(width - used));
    }
    s
}

/// Squeezes (or keeps) a per-second series to at most `width` points:
/// counts are summed per bucket, levels keep the bucket's maximum.
pub fn squeeze(data: &[u64], width: usize, sum: bool) -> Vec<u64> {
    if width == 0 {
        return Vec::new();
    }
    if data.len() <= width {
        return data.to_vec();
    }
    let per = data.len().div_ceil(width);
    data.chunks(per)
        .map(|c| {
            if sum {
                c.iter().sum()
            } else {
                c.iter().copied().max().unwrap_or(0)
            }
        })
        .collect()
}

/// The last `window` seconds of a series (all of it for `None`).
pub fn window<T>(data: &[T], window: Option<u64>) -> &[T] {
    match window {
        Some(w) => {
            let w = usize::try_from(w).unwrap_or(usize::MAX);
            &data[data.len().saturating_sub(w)..]
        }
        None => data,
    }
}

/// A one-label sparkline: `label` then the series in the rest of `area`.
pub fn labelled_spark(
    buf: &mut Buffer,
    area: Rect,
    label: &str,
    data: &[u64],
    sum: bool,
    style: Style,
    theme: &Theme,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let lw = (super::text::width(label) as u16 + 1).min(area.width);
    Line::from(Span::styled(label.to_string(), theme.dim)).render(Rect { width: lw, ..area }, buf);
    let rest = Rect {
        x: area.x + lw,
        width: area.width - lw,
        ..area
    };
    spark(buf, rest, data, sum, None, style);
}

/// A sparkline over `area`, squeezed to its width; `max` fixes the scale.
pub fn spark(
    buf: &mut Buffer,
    area: Rect,
    data: &[u64],
    sum: bool,
    max: Option<u64>,
    style: Style,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let points = squeeze(data, area.width as usize, sum);
    let top = max.unwrap_or_else(|| points.iter().copied().max().unwrap_or(0).max(1));
    Sparkline::default()
        .data(&points)
        .max(top)
        .style(style)
        .render(area, buf);
}

/// Splits `area` into rows from the top; takes what fits.
pub fn take_rows(area: &mut Rect, n: u16) -> Rect {
    let n = n.min(area.height);
    let row = Rect { height: n, ..*area };
    area.y += n;
    area.height -= n;
    row
}

/// Takes the bottom row of `area` for a caption, when at least one row stays
/// above it.
pub fn take_bottom_row(area: &mut Rect) -> Option<Rect> {
    if area.height < 2 {
        return None;
    }
    area.height -= 1;
    Some(Rect {
        y: area.bottom(),
        height: 1,
        ..*area
    })
}

/// A big figure at the top of `area`: block digits when they fit (with a
/// label line under them), else one bold line. Returns the rows left below.
pub fn big_figure(
    buf: &mut Buffer,
    area: Rect,
    value: &str,
    label: &str,
    note: &str,
    reserve: u16,
    theme: &Theme,
) -> Rect {
    use super::bignum;
    use super::text::{cut, width};
    let mut rest = area;
    if area.width == 0 || area.height == 0 {
        return rest;
    }
    // Block digits need their rows plus the label, and leave `reserve` rows.
    let room = Rect {
        height: area.height.saturating_sub(1 + reserve),
        ..area
    };
    if let Some(scale) = bignum::fits(value, room) {
        let h = bignum::HEIGHT * scale;
        let digits = take_rows(&mut rest, h);
        bignum::draw(buf, digits, value, scale, theme.big);
        let line = take_rows(&mut rest, 1);
        let text = if note.is_empty() {
            label.to_string()
        } else {
            format!("{label} · {note}")
        };
        Line::from(Span::styled(cut(&text, line.width as usize), theme.text)).render(line, buf);
        return rest;
    }
    let line = take_rows(&mut rest, 1);
    let w = line.width as usize;
    let mut spans = vec![Span::styled(value.to_string(), theme.big)];
    let mut used = width(value);
    for (t, style) in [(label, theme.text), (note, theme.dim)] {
        if t.is_empty() || used + 2 >= w {
            continue;
        }
        // A note that does not fit drops its "(why)" before being cut.
        let room = w - used - 2;
        let t = match t.split_once(" (") {
            Some((short, _)) if width(t) > room => short,
            _ => t,
        };
        let piece = cut(t, room);
        used += 2 + width(&piece);
        spans.push(Span::raw("  "));
        spans.push(Span::styled(piece, style));
    }
    Line::from(spans).render(line, buf);
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_have_exact_width() {
        assert_eq!(bar(0.0, 4), "    ");
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.5, 4), "██  ");
        assert_eq!(bar(0.5625, 4), "██▎ ");
        assert_eq!(bar(f64::NAN, 3), "   ");
        assert_eq!(bar(2.0, 0), "");
    }

    #[test]
    fn squeeze_sums_counts_and_keeps_level_peaks() {
        assert_eq!(squeeze(&[1, 2, 3, 4], 2, true), vec![3, 7]);
        assert_eq!(squeeze(&[1, 5, 3, 4], 2, false), vec![5, 4]);
        assert_eq!(squeeze(&[1, 2], 5, true), vec![1, 2]);
        assert!(squeeze(&[1, 2], 0, true).is_empty());
        assert_eq!(window(&[1, 2, 3], Some(2)), &[2, 3]);
        assert_eq!(window(&[1, 2, 3], None), &[1, 2, 3]);
    }
}
