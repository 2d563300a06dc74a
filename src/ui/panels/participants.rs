//! Participants: how many are here, joins and leaves over the journey, and
//! the latest names.

use super::Panel;
use crate::ui::text::cut;
use crate::ui::widgets::cells::put_line;
use crate::ui::widgets::figure::FigurePanel;
use crate::ui::widgets::{labelled_spark, span_secs, take_bottom_row, take_rows, window};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::Widget;

pub(crate) struct ParticipantsPanel<'a>(pub(crate) Panel<'a>);

impl Widget for ParticipantsPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut rest = FigurePanel {
            title: "Participants",
            unit: "people here now",
            pick: |n| n.users,
            panel: self.0,
        }
        .draw(area, buf);
        let Panel {
            view, app, theme, ..
        } = self.0;
        if rest.height == 0 {
            return;
        }
        let names_row = take_bottom_row(&mut rest);
        let h = rest.height.min(10);
        let spark_rows = take_rows(&mut rest, h);
        let win = app.window();
        let [ja, la] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(spark_rows);
        let joins = window(view.joins(), win);
        let span = span_secs(view, win, joins.len());
        labelled_spark(buf, ja, "joins", joins, span, theme.good, theme);
        let leaves = window(view.leaves(), win);
        labelled_spark(buf, la, "leaves", leaves, span, theme.bad, theme);
        // The rows above are live activity; this caption says so.
        if let Some(row) = names_row {
            let names = if view.names.is_empty() {
                "no names yet".to_string()
            } else {
                view.names.join(", ")
            };
            let w = row.width as usize;
            let lead = "heard live · latest: ";
            let names = cut(&names, w.saturating_sub(lead.chars().count()));
            put_line(
                buf,
                row,
                &[
                    Span::styled(lead, theme.dim),
                    Span::styled(names, theme.text),
                ],
            );
        }
    }
}
