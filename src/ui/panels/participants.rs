//! Participants: how many are here, joins and leaves over the journey, and
//! the latest names.

use super::App;
use super::render::figure_panel;
use super::text::cut;
use super::theme::Theme;
use super::view::View;
use super::widgets::{labelled_spark, take_bottom_row, take_rows, window};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub fn render(buf: &mut Buffer, area: Rect, view: &View, app: &App, theme: &Theme, focused: bool) {
    let mut rest = figure_panel(
        buf,
        area,
        "Participants",
        "people here now",
        |n| n.users,
        view,
        app,
        theme,
        focused,
    );
    if rest.height == 0 {
        return;
    }
    let names_row = take_bottom_row(&mut rest);
    let h = rest.height.min(10);
    let spark_rows = take_rows(&mut rest, h);
    let win = app.window();
    let [ja, la] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(spark_rows);
    labelled_spark(
        buf,
        ja,
        "joins",
        window(&view.timelines.joins, win),
        true,
        theme.good,
        theme,
    );
    labelled_spark(
        buf,
        la,
        "leaves",
        window(&view.timelines.leaves, win),
        true,
        theme.bad,
        theme,
    );
    if let Some(row) = names_row {
        let names = if view.names.is_empty() {
            "no names yet".to_string()
        } else {
            view.names.join(", ")
        };
        let w = row.width as usize;
        Line::from(vec![
            Span::styled("latest: ", theme.dim),
            Span::styled(cut(&names, w.saturating_sub(8)), theme.text),
        ])
        .render(row, buf);
    }
}
