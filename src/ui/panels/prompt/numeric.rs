//! The numeric prompt: the room mood, a histogram of the ratings, and the
//! mood over time.

use super::Scene;
use super::rows::{BarRow, line, no_data, row_height};
use crate::ui::format::{compact, percent};
use crate::ui::text::pad_left;
use crate::ui::view::Options;
use crate::ui::widgets::{self, spark, take_rows};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

pub(super) fn draw(scene: &Scene, area: Rect, buf: &mut Buffer) {
    let Scene {
        view,
        scoped: s,
        theme,
        ..
    } = scene;
    let mut rest = area;
    let Some(pairs) = s.nums.numeric.as_ref() else {
        no_data(buf, area, s, theme);
        return;
    };
    let (min, max) = match view.options {
        Options::Numeric { min, max } => (min, max),
        _ => (
            pairs.first().map(|p| p.0).unwrap_or(0),
            pairs.last().map(|p| p.0).unwrap_or(0),
        ),
    };
    let total: u64 = pairs.iter().map(|p| p.1).sum();
    let answers = format!("{} answers", compact(total));
    match s.nums.mood {
        Some(m) => line(
            buf,
            &mut rest,
            vec![
                Span::styled("Room mood ", theme.text),
                Span::styled(format!("{m:.1}"), theme.big),
                Span::styled(format!(" / {max}  · {answers}"), theme.dim),
            ],
        ),
        None => line(
            buf,
            &mut rest,
            vec![
                Span::styled("Room mood ", theme.text),
                Span::styled("—", theme.big),
                Span::styled("  no answers yet", theme.dim),
            ],
        ),
    }
    let label_w = pairs
        .iter()
        .map(|(r, _)| r.to_string().len())
        .max()
        .unwrap_or(1);
    let h = row_height(rest, pairs.len(), 7);
    // With no responses at all the official UI shows the middle option at
    // 100 % (PROTOCOL.md §5); do the same, dimmed.
    let middle = min + (max - min) / 2;
    let peak = pairs.iter().map(|p| p.1).max().unwrap_or(0);
    for (r, n) in pairs {
        let (frac, share, bar_style) = if total == 0 {
            if *r == middle {
                (1.0, "100%".to_string(), theme.dim)
            } else {
                (0.0, "0%".to_string(), theme.dim)
            }
        } else {
            let st = if *n == peak { theme.accent } else { theme.bar };
            (*n as f64 / total as f64, percent(*n, total), st)
        };
        BarRow {
            label: vec![Span::styled(pad_left(&r.to_string(), label_w), theme.title)],
            label_w,
            count: compact(*n),
            share,
            frac,
            bar_style,
            text_style: theme.text,
        }
        .draw(buf, &mut rest, h, theme);
    }
    // The mood's trend over the journey, when rows are left.
    if rest.height >= 2 && s.label == "live" {
        line(
            buf,
            &mut rest,
            vec![Span::styled("Room mood over time", theme.dim)],
        );
        let data: Vec<u64> = widgets::window(&view.timelines.mood, scene.window)
            .iter()
            .map(|m| match m {
                Some(m) => ((m - min as f64) * 10.0).max(0.0) as u64 + 1,
                None => 0,
            })
            .collect();
        let top = ((max - min).max(1) as u64) * 10 + 1;
        let h = rest.height.min(6);
        let area = take_rows(&mut rest, h);
        spark(buf, area, &data, false, Some(top), theme.accent);
    }
}
