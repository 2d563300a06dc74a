//! The big figures: which scope (live or totals) drives them, the figure
//! itself (block digits when they fit), and the frame the two big-number
//! panels (participants, likes) share.

use super::{bignum, panel, take_rows};
use crate::ui::app::{App, Scope};
use crate::ui::format::compact;
use crate::ui::text::{cut, width};
use crate::ui::theme::Theme;
use crate::ui::view::{Numbers, View};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// Honest words for a missing totals scope.
pub(crate) const NO_TOTALS: &str = "totals: none (no stats endpoint)";

/// The numbers that drive the big figures, and how to label them.
pub(crate) struct Scoped<'a> {
    pub(crate) nums: &'a Numbers,
    /// "live" or "totals".
    pub(crate) label: &'static str,
    /// The other scope, for a small second figure.
    pub(crate) other: Option<(&'static str, &'a Numbers)>,
}

pub(crate) fn scoped<'a>(view: &'a View, app: &App) -> Scoped<'a> {
    match (&view.totals, app.scope) {
        (Some(t), Scope::Totals) => Scoped {
            nums: t,
            label: "totals",
            other: Some(("live", &view.live)),
        },
        (Some(t), Scope::Live) => Scoped {
            nums: &view.live,
            label: "live",
            other: Some(("totals", t)),
        },
        (None, _) => Scoped {
            nums: &view.live,
            label: "live",
            other: None,
        },
    }
}

/// The frame of a big-number panel: a titled block, the figure of the
/// scope that drives the big numbers, the other scope's figure as a note,
/// and rows kept free below for the sparklines.
pub(crate) struct FigurePanel<'a> {
    pub(crate) title: &'a str,
    pub(crate) unit: &'a str,
    /// Which number of a scope this panel shows.
    pub(crate) pick: fn(&Numbers) -> u64,
    pub(crate) view: &'a View,
    pub(crate) app: &'a App,
    pub(crate) theme: &'a Theme,
    pub(crate) focused: bool,
}

impl FigurePanel<'_> {
    /// Draws the frame and the figure; returns the area left under the
    /// figure (empty when none), for the panel's own rows.
    pub(crate) fn draw(self, area: Rect, buf: &mut Buffer) -> Rect {
        let Self {
            title,
            unit,
            pick,
            view,
            app,
            theme,
            focused,
        } = self;
        let s = scoped(view, app);
        let block = panel(format!(" {title} · {} ", s.label), focused, theme);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return Rect { height: 0, ..inner };
        }
        let note = match s.other {
            Some((label, n)) => format!("{label} {}", compact(pick(n))),
            None => NO_TOTALS.to_string(),
        };
        // Keep rows for the sparklines (and names) when there is room.
        let reserve = match inner.height {
            9.. => 3,
            8 => 2,
            _ => 1,
        };
        BigFigure {
            value: &compact(pick(s.nums)),
            label: unit,
            note: &note,
            reserve,
            theme,
        }
        .draw(inner, buf)
    }
}

/// A big figure at the top of an area: block digits when they fit (with a
/// label line under them), else one bold line.
pub(crate) struct BigFigure<'a> {
    pub(crate) value: &'a str,
    pub(crate) label: &'a str,
    pub(crate) note: &'a str,
    /// Rows to leave free below the digits.
    pub(crate) reserve: u16,
    pub(crate) theme: &'a Theme,
}

impl BigFigure<'_> {
    /// Draws the figure; returns the rows left below it.
    pub(crate) fn draw(self, area: Rect, buf: &mut Buffer) -> Rect {
        let Self {
            value,
            label,
            note,
            reserve,
            theme,
        } = self;
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
}
