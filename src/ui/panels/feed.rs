//! The event feed: who joined, left, answered, pressed or liked, newest first.

use crate::ui::format::clock;
use crate::ui::text::{cut, width};
use crate::ui::theme::Theme;
use crate::ui::view::{FeedTone, View};
use crate::ui::widgets::panel;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub(crate) struct FeedPanel<'a> {
    pub(crate) view: &'a View,
    pub(crate) theme: &'a Theme,
    pub(crate) focused: bool,
}

impl Widget for FeedPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self {
            view,
            theme,
            focused,
        } = self;
        let block = panel(" Events · newest first ", focused, theme);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        if view.feed.is_empty() {
            Line::from(Span::styled(
                cut("nothing yet", inner.width as usize),
                theme.dim,
            ))
            .render(inner, buf);
            return;
        }
        let w = inner.width as usize;
        for (i, item) in view.feed.iter().take(inner.height as usize).enumerate() {
            let row = Rect {
                y: inner.y + i as u16,
                height: 1,
                ..inner
            };
            let (marker, style) = match item.tone {
                FeedTone::Join => ("+", theme.good),
                FeedTone::Leave => ("−", theme.bad),
                FeedTone::Like => ("♥", theme.like),
                FeedTone::Answer => ("●", theme.accent),
                FeedTone::Press => ("◉", theme.warn),
            };
            let mut spans = Vec::new();
            let mut used = 0;
            // The time goes first when the panel is wide enough to keep it.
            if w >= 24 {
                spans.push(Span::styled(format!("{} ", clock(item.time)), theme.dim));
                used += 6;
            }
            let marker_style = match (item.swatch, item.tone) {
                (Some(rgb), _) => theme.swatch(rgb),
                _ => style,
            };
            spans.push(Span::styled(format!("{marker} "), marker_style));
            used += 2;
            let room = w.saturating_sub(used);
            // Names get at most half the room, so what they did stays readable.
            let who = cut(&item.who, (room / 2).max(1).min(room));
            let who_w = width(&who);
            let what = cut(&item.what, room.saturating_sub(who_w + 1));
            spans.push(Span::styled(who, theme.title));
            if !what.is_empty() {
                spans.push(Span::raw(" "));
                spans.push(Span::styled(what, theme.text));
            }
            Line::from(spans).render(row, buf);
        }
    }
}
