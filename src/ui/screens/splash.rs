//! The splash while connecting (or opening the recording).

use crate::ui::app::Mode;
use crate::ui::theme::Theme;
use crate::ui::view::View;
use crate::ui::widgets::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Widget, Wrap};

pub(crate) struct Splash<'a> {
    pub(crate) view: &'a View,
    pub(crate) theme: &'a Theme,
}

impl Widget for Splash<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { view, theme } = self;
        let what = match view.mode {
            Mode::Watch => "Connecting to the live journey",
            Mode::Demo => "Starting the built-in simulator",
            Mode::Replay => "Opening the recording",
        };
        let lines = vec![
            Line::from(Span::styled("journeytop", theme.big)),
            Line::from(Span::styled(
                "one live Oseh journey, as it happens",
                theme.dim,
            )),
            Line::from(""),
            Line::from(Span::styled(format!("{what}…"), theme.title)),
            Line::from(Span::styled(view.source.clone(), theme.text)),
            Line::from(Span::styled(
                format!("{} · {}", view.variant, view.uid),
                theme.dim,
            )),
            Line::from(""),
            Line::from(Span::styled(
                "Waiting for the first event. Press q to quit, ? for help.",
                theme.dim,
            )),
        ];
        let h = (lines.len() as u16 + 2).min(area.height);
        let w = 70.min(area.width);
        let at = centered(area, w, h);
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(Block::new().padding(Padding::vertical(1)))
            .render(at, buf);
    }
}
