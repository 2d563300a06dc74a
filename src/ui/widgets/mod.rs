//! Small drawing helpers shared by the panels: titled blocks that show
//! focus, labelled bars with eighth-cell precision, and sparklines squeezed
//! to any width. Panels and screens draw with these; nothing here knows the
//! layout.

pub(crate) mod bignum;
pub(crate) mod cells;
pub(crate) mod figure;

use super::theme::Theme;
use super::view::View;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::BorderType;

/// A bordered panel with a title; focused panels get a thick, bright border.
/// Draws the frame and returns the area inside it (one column of padding
/// each side) — what `Block::bordered()` with that border, title and
/// padding draws, written straight into the cells.
pub(crate) fn panel(
    buf: &mut Buffer,
    area: Rect,
    title: &str,
    focused: bool,
    theme: &Theme,
) -> Rect {
    let (border_type, border_style, title_style) = if focused {
        (BorderType::Thick, theme.focus, theme.focus)
    } else {
        (BorderType::Rounded, theme.border, theme.title)
    };
    let border = cells::Border {
        set: border_type.to_border_set(),
        style: border_style,
    };
    let titles = cells::Titles {
        left: title,
        left_style: title_style,
        right: &[],
    };
    cells::frame(buf, area, &border, &titles);
    panel_inner(area)
}

/// The area inside a [`panel`]: borders, then one column of padding each
/// side (`Block::inner`'s arithmetic, saturating on tiny areas).
pub(crate) fn panel_inner(area: Rect) -> Rect {
    let mut inner = area;
    inner.x = inner.x.saturating_add(1).min(inner.right());
    inner.width = inner.width.saturating_sub(1);
    inner.y = inner.y.saturating_add(1).min(inner.bottom());
    inner.height = inner.height.saturating_sub(1);
    inner.width = inner.width.saturating_sub(1);
    inner.height = inner.height.saturating_sub(1);
    inner.x = inner.x.saturating_add(1);
    inner.width = inner.width.saturating_sub(2);
    inner
}

const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A horizontal bar `frac` (0..=1) of `width` cells, to eighth-cell
/// precision, padded with spaces to exactly `width`.
pub(crate) fn bar(frac: f64, width: usize) -> String {
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

/// The last `window` seconds of a series (all of it for `None`).
pub(crate) fn window<T>(data: &[T], window: Option<u64>) -> &[T] {
    match window {
        Some(w) => {
            let w = usize::try_from(w).unwrap_or(usize::MAX);
            &data[data.len().saturating_sub(w)..]
        }
        None => data,
    }
}

/// Seconds a chart's x axis spans: the zoom window, or for the whole
/// journey its duration (the chart fills as the journey goes), never less
/// than the data.
pub(crate) fn span_secs(view: &View, window: Option<u64>, len: usize) -> usize {
    let span = match window {
        Some(w) => usize::try_from(w).unwrap_or(usize::MAX),
        None => view
            .duration
            .map_or(len, |d| (d.ceil().min(1e6) as usize).max(len)),
    };
    span.clamp(1, 1_000_000)
}

/// A per-second series on `width` columns spanning `span` seconds from the
/// series' start: stretched when there are fewer seconds than columns (so
/// `+` magnifies), squeezed when there are more. Rates keep the mean per
/// second (rounded up, so a lone event still shows), levels the peak.
/// Seconds not reached yet are absent.
pub(crate) fn resample(data: &[u64], span: usize, width: usize, rate: bool) -> Vec<Option<u64>> {
    let span = span.max(1);
    (0..width)
        .map(|c| {
            let a = c * span / width;
            let b = ((c + 1) * span / width).max(a + 1).min(data.len());
            let chunk = data.get(a..b).filter(|c| !c.is_empty())?;
            Some(if rate {
                chunk.iter().sum::<u64>().div_ceil(chunk.len() as u64)
            } else {
                chunk.iter().copied().max().unwrap_or(0)
            })
        })
        .collect()
}

/// A one-label sparkline: `label` then the series in the rest of `area`.
pub(crate) fn labelled_spark(
    buf: &mut Buffer,
    area: Rect,
    label: &str,
    data: &[u64],
    span: usize,
    style: Style,
    theme: &Theme,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let lw = (crate::ui::text::width(label) as u16 + 1).min(area.width);
    cells::put_line(
        buf,
        Rect { width: lw, ..area },
        &[Span::styled(label, theme.dim)],
    );
    let rest = Rect {
        x: area.x + lw,
        width: area.width - lw,
        ..area
    };
    spark(buf, rest, data, span, true, None, style);
}

/// A sparkline over `area`: `data` (per second, from the axis' start) on
/// an axis of `span` seconds that fills the width; `max` fixes the scale.
pub(crate) fn spark(
    buf: &mut Buffer,
    area: Rect,
    data: &[u64],
    span: usize,
    rate: bool,
    max: Option<u64>,
    style: Style,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let points = resample(data, span, area.width as usize, rate);
    let top = max.unwrap_or_else(|| points.iter().flatten().copied().max().unwrap_or(0).max(1));
    cells::sparkline(buf, area, &points, top, style);
}

/// Splits `area` into rows from the top; takes what fits.
pub(crate) fn take_rows(area: &mut Rect, n: u16) -> Rect {
    let n = n.min(area.height);
    let row = Rect { height: n, ..*area };
    area.y += n;
    area.height -= n;
    row
}

/// Takes the bottom row of `area` for a caption, when at least one row stays
/// above it.
pub(crate) fn take_bottom_row(area: &mut Rect) -> Option<Rect> {
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

/// A rect of at most `w`×`h`, centered in `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
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
    fn charts_fill_the_width_stretched_or_squeezed() {
        // 2 seconds of data on a 4 s axis over 8 columns: magnified, the
        // seconds not reached yet absent.
        let r = resample(&[1, 3], 4, 8, false);
        assert_eq!(
            r,
            [Some(1), Some(1), Some(3), Some(3), None, None, None, None]
        );
        // Squeezed: rates keep the mean per second (rounded up), levels the peak.
        assert_eq!(resample(&[1, 2, 3, 4], 4, 2, true), [Some(2), Some(4)]);
        assert_eq!(resample(&[0, 0, 1, 0], 4, 1, true), [Some(1)]);
        assert_eq!(resample(&[1, 5, 3, 4], 4, 2, false), [Some(5), Some(4)]);
        assert!(resample(&[1, 2], 2, 0, true).is_empty());
        assert_eq!(window(&[1, 2, 3], Some(2)), &[2, 3]);
        assert_eq!(window(&[1, 2, 3], None), &[1, 2, 3]);
    }

    /// Why a view's level series may stop at their last second with a
    /// value: quiet seconds after it draw blank, as seconds not reached do.
    #[test]
    fn a_level_chart_draws_quiet_seconds_at_its_end_as_absent() {
        let area = Rect::new(0, 0, 23, 4);
        let draw = |data: &[u64]| {
            let mut buf = Buffer::empty(area);
            spark(&mut buf, area, data, 90, false, None, Style::new());
            buf
        };
        let data = [0, 3, 1, 0, 7, 2];
        for quiet in [1, 3, 4, 17, 60] {
            let mut longer = data.to_vec();
            longer.extend(std::iter::repeat_n(0, quiet));
            assert_eq!(draw(&data), draw(&longer), "{quiet} quiet seconds");
        }
    }
}

/// What every dashboard panel borrows to draw: the view model, the view
/// state, the theme, and whether the panel has the focus.
#[derive(Clone, Copy)]
pub(crate) struct Panel<'a> {
    pub(crate) view: &'a super::view::View,
    pub(crate) app: &'a super::app::App,
    pub(crate) theme: &'a super::theme::Theme,
    pub(crate) focused: bool,
}
