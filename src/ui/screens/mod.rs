//! Whole-screen states and overlays: terminal too small, the splash while
//! connecting, the error screen, the end-of-journey summary, the help popup.

mod end_summary;
mod error;
pub(crate) mod help;
mod splash;

pub(crate) use end_summary::Summary;
pub(crate) use error::ErrorScreen;
pub(crate) use help::HelpPopup;
pub(crate) use splash::Splash;

use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Widget, Wrap};

/// Below this the dashboard cannot be read: a notice instead.
pub(crate) const MIN_WIDTH: u16 = 40;
pub(crate) const MIN_HEIGHT: u16 = 12;

pub(super) fn popup<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.focus)
        .title(Line::from(Span::styled(title, theme.focus)).centered())
        .style(theme.base)
        .padding(Padding::new(2, 2, 1, 1))
}

/// The notice instead of a dashboard too cramped to read.
pub(crate) struct TooSmall<'a> {
    pub(crate) theme: &'a Theme,
}

impl Widget for TooSmall<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let lines = vec![
            Line::from(Span::styled("Terminal too small", theme.warn)),
            Line::from(Span::styled(
                format!(
                    "{}×{}, need {MIN_WIDTH}×{MIN_HEIGHT}",
                    area.width, area.height
                ),
                theme.text,
            )),
        ];
        let h = (lines.len() as u16).min(area.height);
        let at = Rect {
            y: area.y + (area.height - h) / 2,
            height: h,
            ..area
        };
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(at, buf);
    }
}
