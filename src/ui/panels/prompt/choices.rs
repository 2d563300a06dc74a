//! The tally of a choice prompt (color or word): one bar per option with
//! its count and share, the leader, and answers per second. The styles
//! differ only in how an option is named and painted ([`Options`]).

use super::Scene;
use super::rows::{BarRow, line, no_data, row_height};
use crate::ui::format::{compact, percent, percent_of};
use crate::ui::text::cut;
use crate::ui::theme::Theme;
use crate::ui::view::Numbers;
use crate::ui::widgets::{self, spark, take_rows};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

/// How one choice style names and paints its options.
pub(super) trait Options {
    /// The counts per option in a scope, if the scope has any.
    fn counts<'n>(&self, nums: &'n Numbers) -> Option<&'n Vec<u64>>;
    /// Width of the label column in a panel `w` cells wide.
    fn label_width(&self, w: usize) -> usize;
    /// Pushes option `i`'s label (after the leader marker); returns the
    /// bar's and the count's styles.
    fn label(
        &self,
        i: usize,
        lead: bool,
        label_w: usize,
        spans: &mut Vec<Span<'static>>,
    ) -> (Style, Style);
    /// Option `i` in words, for the leader line.
    fn name(&self, i: usize) -> String;
}

pub(super) fn draw(scene: &Scene, options: &impl Options, area: Rect, buf: &mut Buffer) {
    let Scene {
        scoped: s, theme, ..
    } = scene;
    let mut rest = area;
    let Some(counts) = options.counts(s.nums) else {
        no_data(buf, area, s, theme);
        return;
    };
    let total: u64 = counts.iter().sum();
    let peak = counts.iter().copied().max().unwrap_or(0);
    let leaders = counts.iter().filter(|c| **c == peak).count();
    let summary = if total == 0 {
        "no answers yet".to_string()
    } else {
        format!("{} answers", compact(total))
    };
    line(buf, &mut rest, vec![Span::styled(summary, theme.dim)]);
    let w = rest.width as usize;
    // Label: marker + the option's own label. Bars get what is left.
    let label_w = options.label_width(w);
    let h = row_height(rest, counts.len(), 2);
    for (i, n) in counts.iter().enumerate() {
        let lead = *n == peak && peak > 0 && leaders == 1;
        let marker = if lead { "▶ " } else { "  " };
        let mut label = vec![Span::styled(marker, theme.warn)];
        let (bar_style, text_style) = options.label(i, lead, label_w, &mut label);
        let frac = if total == 0 {
            0.0
        } else {
            *n as f64 / total as f64
        };
        BarRow {
            label,
            label_w,
            count: compact(*n),
            share: percent(*n, total),
            frac,
            bar_style,
            text_style,
        }
        .draw(buf, &mut rest, h, theme);
    }
    if peak > 0 && rest.height > 0 {
        let leader = if leaders > 1 {
            format!("tied at {} each", compact(peak))
        } else {
            let i = counts.iter().position(|c| *c == peak).unwrap_or(0);
            let name = options.name(i);
            format!("leader: {name} with {}%", percent_of(peak, total))
        };
        line(
            buf,
            &mut rest,
            vec![Span::styled(cut(&leader, w), theme.accent)],
        );
    }
    if rest.height >= 3 && s.label == "live" {
        answers_per_second(scene, rest, buf, theme);
    }
}

fn answers_per_second(scene: &Scene, mut rest: Rect, buf: &mut Buffer, theme: &Theme) {
    take_rows(&mut rest, 1);
    line(
        buf,
        &mut rest,
        vec![Span::styled("answers per second", theme.dim)],
    );
    let h = rest.height.min(6);
    let area = take_rows(&mut rest, h);
    let data = widgets::window(&scene.view.timelines.answers, scene.window);
    spark(buf, area, data, true, None, theme.accent);
}
