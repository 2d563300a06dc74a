//! Likes: the count and likes per second over the journey.

use super::App;
use super::format::compact;
use super::render::figure_panel;
use super::text::cut;
use super::theme::Theme;
use super::view::View;
use super::widgets::{labelled_spark, take_bottom_row, take_rows, window};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub fn render(buf: &mut Buffer, area: Rect, view: &View, app: &App, theme: &Theme, focused: bool) {
    let mut rest = figure_panel(
        buf,
        area,
        "Likes",
        "likes",
        |n| n.likes,
        view,
        app,
        theme,
        focused,
    );
    if rest.height == 0 {
        return;
    }
    let series = window(&view.timelines.likes, app.window());
    let peak_row = take_bottom_row(&mut rest);
    let h = rest.height.min(10);
    let spark = take_rows(&mut rest, h);
    labelled_spark(buf, spark, "likes/s", series, true, theme.like, theme);
    if let Some(row) = peak_row {
        let peak = series.iter().copied().max().unwrap_or(0);
        let last10: u64 = series.iter().rev().take(10).sum();
        let text = format!("peak {}/s · last 10 s: {}", compact(peak), compact(last10));
        Line::from(Span::styled(cut(&text, row.width as usize), theme.dim)).render(row, buf);
    }
}
