//! The help popup: every key of this dashboard, from the key table, and
//! what the scopes mean.

use super::popup;
use crate::ui::app::{App, Mode};
use crate::ui::keys;
use crate::ui::text::width;
use crate::ui::theme::{ColorMode, Theme};
use crate::ui::view::View;
use crate::ui::widgets::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

pub(crate) struct HelpPopup<'a> {
    pub(crate) view: &'a View,
    pub(crate) app: &'a App,
    pub(crate) theme: &'a Theme,
}

impl Widget for HelpPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { view, app, theme } = self;
        let screen = app.screen(keys::Screen::of_view(view));
        let color = app.color != ColorMode::None;
        let mut lines: Vec<Line> = keys::help_lines_with(screen, color)
            .map(|(k, d)| {
                Line::from(vec![
                    Span::styled(keys::label_cell(k), theme.accent),
                    Span::styled(d, theme.text),
                ])
            })
            .collect();
        lines.push(Line::from(""));
        // Where the headline numbers come from, first: it is what a
        // moderator must not get wrong.
        let totals = if view.totals.is_some() {
            "totals: all sessions ever, from the stats endpoint."
        } else {
            view.stats_plan.missing_help()
        };
        lines.push(Line::from(Span::styled(totals, theme.dim)));
        lines.push(Line::from(Span::styled(
            "live: what this dashboard counted from the socket since it started (or since r).",
            theme.dim,
        )));
        if view.mode == Mode::Demo {
            lines.push(Line::from(Span::styled(
                "demo: restarts itself 5 s after the journey ends; any key stays.",
                theme.dim,
            )));
        }
        let look = if color {
            format!("theme {}", app.theme.label())
        } else {
            "no colour (NO_COLOR or --no-color)".to_string()
        };
        lines.push(Line::from(Span::styled(
            format!("{look} · timeline {}", app.window_label()),
            theme.dim,
        )));
        // Borders and padding take 6 columns and 4 rows; long lines wrap.
        let inner_w = usize::from(area.width.min(78).saturating_sub(6)).max(1);
        let rows: usize = lines
            .iter()
            .map(|l| wrapped_rows(&line_text(l), inner_w))
            .sum();
        let h = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(4);
        let at = centered(area, 78, h);
        Clear.render(at, buf);
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(popup(" Help · keys ", theme))
            .render(at, buf);
    }
}

fn line_text(line: &Line) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Rows `text` takes when word-wrapped to `w` columns (at least one).
/// Runs of spaces count (the key column is padded with them).
fn wrapped_rows(text: &str, w: usize) -> usize {
    let mut rows = 1;
    let mut used: Option<usize> = None;
    for word in text.split(' ') {
        let n = width(word);
        match used {
            Some(u) if u + 1 + n <= w => {
                used = Some(u + 1 + n);
                continue;
            }
            None if n <= w => {
                used = Some(n);
                continue;
            }
            Some(_) if n == 0 => continue,
            Some(_) => rows += 1,
            None => {}
        }
        // The word starts a row; a word longer than the row takes more.
        let extra = n.saturating_sub(1) / w;
        rows += extra;
        used = Some(n - extra * w);
    }
    rows
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrapping_counts_rows() {
        assert_eq!(super::wrapped_rows("", 10), 1);
        assert_eq!(super::wrapped_rows("aaaa bbbb", 9), 1);
        assert_eq!(super::wrapped_rows("aaaa bbbb", 8), 2);
        assert_eq!(super::wrapped_rows("aaaa bbbb cc", 8), 2);
        assert_eq!(super::wrapped_rows("aaaaaaaaaaaa", 5), 3);
    }
}
