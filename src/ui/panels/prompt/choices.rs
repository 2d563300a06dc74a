//! The tally of a choice prompt (color or word): one bar per option with
//! its count and share, the leader, and answers per second. The styles
//! differ only in how an option is named and painted ([`Options`]).

use super::Scene;
use super::rows::{BarRow, bar_rows, line, no_data};
use crate::ui::figures::{compact, shares};
use crate::ui::text::cut;
use crate::ui::theme::Theme;
use crate::ui::view::Numbers;
use crate::ui::widgets::{self, bignum, span_secs, spark, take_rows};
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
    let pct = shares(counts);
    let w = rest.width as usize;
    // The headline: the leader and its share, the share in block digits
    // when the bars and a chart still fit.
    let lead_i = (peak > 0 && leaders == 1)
        .then(|| counts.iter().position(|c| *c == peak))
        .flatten();
    let headline = match lead_i {
        Some(i) => format!(
            "{} leads · {} answers · {}",
            options.name(i),
            compact(total),
            s.label
        ),
        None if total == 0 => format!("no answers yet · {}", s.label),
        None => format!(
            "tied at {} each · {} answers · {}",
            compact(peak),
            compact(total),
            s.label
        ),
    };
    let big_room = Rect {
        height: rest.height.saturating_sub(counts.len() as u16 + 4),
        ..rest
    };
    let big = lead_i.map(|i| format!("{}%", pct[i]));
    if let Some((text, scale)) = big
        .as_deref()
        .and_then(|b| Some((b, bignum::fits(b, big_room)?)))
    {
        let digits = take_rows(&mut rest, bignum::HEIGHT * scale);
        bignum::draw(buf, digits, text, scale, theme.big);
    }
    line(
        buf,
        &mut rest,
        &[Span::styled(cut(&headline, w), theme.title)],
    );
    // Label: marker + the option's own label. Bars get what is left.
    let label_w = options.label_width(w);
    let rows = counts
        .iter()
        .zip(pct)
        .enumerate()
        .map(|(i, (n, share))| {
            let lead = lead_i == Some(i);
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
                share: format!("{share}%"),
                frac,
                bar_style,
                text_style,
            }
        })
        .collect();
    // Only the rows that do not fit are named, on the "+N more" line.
    let name = |i: usize| {
        let n = counts.get(i).copied().unwrap_or(0);
        format!("{} ({})", options.name(i), compact(n))
    };
    let keep = if rest.height >= counts.len() as u16 * 2 + 6 {
        5
    } else {
        0
    };
    bar_rows(buf, &mut rest, rows, &name, (keep, theme));
    if rest.height >= 3 {
        answers_per_second(scene, rest, buf, theme);
    }
}

fn answers_per_second(scene: &Scene, mut rest: Rect, buf: &mut Buffer, theme: &Theme) {
    take_rows(&mut rest, 1);
    line(
        buf,
        &mut rest,
        &[Span::styled("answers per second · heard live", theme.dim)],
    );
    let data = widgets::window(scene.view.answers(), scene.window);
    let span = span_secs(scene.view, scene.window, data.len());
    spark(buf, rest, data, span, true, None, theme.accent);
}
