//! Likes: the count and likes per second over the journey.

use super::Panel;
use crate::ui::figures::compact;
use crate::ui::text::cut;
use crate::ui::widgets::cells::put_line;
use crate::ui::widgets::figure::FigurePanel;
use crate::ui::widgets::{labelled_spark, span_secs, take_bottom_row, take_rows, window};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Widget;

pub(crate) struct LikesPanel<'a>(pub(crate) Panel<'a>);

impl Widget for LikesPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut rest = FigurePanel {
            title: "Likes",
            unit: "likes",
            pick: |n| n.likes,
            panel: self.0,
        }
        .draw(area, buf);
        let Panel {
            view, app, theme, ..
        } = self.0;
        if rest.height == 0 {
            return;
        }
        let series = window(view.likes(), app.window());
        let peak_row = take_bottom_row(&mut rest);
        let h = rest.height.min(10);
        let spark = take_rows(&mut rest, h);
        let span = span_secs(view, app.window(), series.len());
        labelled_spark(buf, spark, "likes/s", series, span, theme.like, theme);
        if let Some(row) = peak_row {
            let peak = series.iter().copied().max().unwrap_or(0);
            let last10: u64 = series.iter().rev().take(10).sum();
            let text = format!(
                "heard live · {} · peak {}/s · last 10 s: {}",
                compact(view.live.likes),
                compact(peak),
                compact(last10)
            );
            put_line(
                buf,
                row,
                &[Span::styled(cut(&text, row.width as usize), theme.dim)],
            );
        }
    }
}
