//! The help popup: every key of this dashboard, from the key table, and
//! what the scopes mean.

use super::popup;
use crate::ui::app::{App, Mode};
use crate::ui::keys::{self, LABEL_WIDTH};
use crate::ui::theme::Theme;
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
        let mut lines: Vec<Line> = keys::help_lines(screen)
            .map(|(k, d)| {
                Line::from(vec![
                    Span::styled(format!("{k:<LABEL_WIDTH$}"), theme.accent),
                    Span::styled(d, theme.text),
                ])
            })
            .collect();
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "live: what this dashboard counted from the socket since it started (or since r).",
            theme.dim,
        )));
        let totals = if view.totals.is_some() {
            "totals: all sessions ever, from the stats endpoint."
        } else {
            "totals: none (no stats endpoint)."
        };
        lines.push(Line::from(Span::styled(totals, theme.dim)));
        if view.mode == Mode::Demo {
            lines.push(Line::from(Span::styled(
                "demo: restarts itself 5 s after the journey ends; any key stays.",
                theme.dim,
            )));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "theme {} · timeline {}",
                app.theme.label(),
                app.window_label()
            ),
            theme.dim,
        )));
        let h = lines.len() as u16 + 4;
        let at = centered(area, 78, h + 2);
        Clear.render(at, buf);
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(popup(" Help · keys ", theme))
            .render(at, buf);
    }
}
