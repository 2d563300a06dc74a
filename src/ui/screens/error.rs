//! The error screen: what happened, what to do, the last numbers.

use crate::ui::app::Mode;
use crate::ui::figures::{compact, people};
use crate::ui::theme::Theme;
use crate::ui::view::View;
use crate::ui::widgets::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph, Widget, Wrap};

pub(crate) struct ErrorScreen<'a> {
    pub(crate) view: &'a View,
    pub(crate) theme: &'a Theme,
}

impl Widget for ErrorScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { view, theme } = self;
        let detail = view
            .link()
            .detail
            .clone()
            .unwrap_or_else(|| "The connection failed and gave no reason.".to_string());
        let todo = match view.mode {
            Mode::Watch => {
                "Check the journey uid, the server address and your network, then run journeytop again."
            }
            Mode::Demo => "The built-in simulator stopped. Run `journeytop demo` again.",
            Mode::Replay => "Check that the recording file is complete and readable.",
        };
        let lines = vec![
            Line::from(Span::styled("What happened", theme.title)),
            Line::from(Span::styled(detail, theme.text)),
            Line::from(""),
            Line::from(Span::styled("What to do", theme.title)),
            Line::from(Span::styled(todo, theme.text)),
            Line::from(""),
            Line::from(Span::styled(
                format!(
                    "Last numbers: {} · {} likes · {} events applied",
                    people(view.live.users),
                    compact(view.live.likes),
                    compact(view.counts.applied)
                ),
                theme.dim,
            )),
            Line::from(Span::styled("Press q to quit.", theme.dim)),
        ];
        let at = centered(area, 76, 16);
        Clear.render(at, buf);
        let block = Block::bordered()
            .border_type(BorderType::Double)
            .border_style(theme.bad)
            .title(Line::from(Span::styled(" ✖ Cannot follow this journey ", theme.bad)).centered())
            .style(theme.base)
            .padding(Padding::new(2, 2, 1, 1));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(block)
            .render(at, buf);
    }
}
