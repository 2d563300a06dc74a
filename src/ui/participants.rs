//! Participants: how many are here, joins and leaves over the journey, and
//! the latest names.

use super::App;
use super::format::compact;
use super::render::{NO_TOTALS, scoped};
use super::text::cut;
use super::theme::Theme;
use super::view::View;
use super::widgets::{big_figure, labelled_spark, panel, take_rows, window};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub fn render(buf: &mut Buffer, area: Rect, view: &View, app: &App, theme: &Theme, focused: bool) {
    let s = scoped(view, app);
    let block = panel(format!(" Participants · {} ", s.label), focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let note = match s.other {
        Some((label, n)) => format!("{label} {}", compact(n.users)),
        None => NO_TOTALS.to_string(),
    };
    // Keep a row for the sparklines and one for names when there is room.
    let reserve = if inner.height >= 9 {
        3
    } else if inner.height >= 8 {
        2
    } else {
        1
    };
    let mut rest = big_figure(
        buf,
        inner,
        &compact(s.nums.users),
        "people here now",
        &note,
        reserve,
        theme,
    );
    if rest.height == 0 {
        return;
    }
    let names_row = if rest.height >= 2 {
        let r = Rect {
            y: rest.bottom() - 1,
            height: 1,
            ..rest
        };
        rest.height -= 1;
        Some(r)
    } else {
        None
    };
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
