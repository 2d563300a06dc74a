//! The numeric prompt: the room mood (the headline, in block digits when
//! there is room), a histogram of the ratings with shares that sum to
//! 100 %, and the mood over the journey.

use super::Scene;
use super::rows::{BarRow, bar_rows, line, no_data};
use crate::ui::figures::{compact, shares};
use crate::ui::text::pad_left;
use crate::ui::view::Options;
use crate::ui::widgets::{self, bignum, span_secs, spark, take_rows};
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
    let counts: Vec<u64> = pairs.iter().map(|p| p.1).collect();
    let total: u64 = counts.iter().sum();
    headline(scene, &mut rest, total, max, pairs.len() as u16, buf);
    let label_w = pairs
        .iter()
        .map(|(r, _)| r.to_string().len())
        .max()
        .unwrap_or(1);
    let peak = counts.iter().copied().max().unwrap_or(0);
    let pct = shares(&counts);
    let rows = pairs
        .iter()
        .zip(pct)
        .map(|((r, n), share)| {
            let bar_style = if *n == peak && total > 0 {
                theme.accent
            } else {
                theme.bar
            };
            let frac = if total == 0 {
                0.0
            } else {
                *n as f64 / total as f64
            };
            BarRow {
                label: vec![Span::styled(pad_left(&r.to_string(), label_w), theme.title)],
                label_w,
                count: compact(*n),
                share: format!("{share}%"),
                frac,
                bar_style,
                text_style: theme.text,
            }
        })
        .collect();
    // Only the ratings that do not fit are named, on the "+N more" line.
    let name = |i: usize| match pairs.get(i) {
        Some((r, n)) => format!("{r} ({})", compact(*n)),
        None => String::new(),
    };
    // Keep a few rows for the chart when the panel is tall.
    let keep = if rest.height >= pairs.len() as u16 * 2 + 6 {
        5
    } else {
        0
    };
    bar_rows(buf, &mut rest, rows, &name, (keep, theme));
    // The mood over the journey, in the rest of the panel.
    if rest.height >= 3 {
        take_rows(&mut rest, 1);
        line(
            buf,
            &mut rest,
            &[Span::styled("Room mood over time · heard live", theme.dim)],
        );
        let data: Vec<u64> = widgets::window(view.mood(), scene.window)
            .iter()
            .map(|m| match m {
                Some(m) => ((m - min as f64) * 10.0).max(0.0) as u64 + 1,
                None => 0,
            })
            .collect();
        let top = ((max - min).max(1) as u64) * 10 + 1;
        let span = span_secs(view, scene.window, data.len());
        spark(buf, rest, &data, span, false, Some(top), theme.accent);
    }
}

/// The room mood: block digits when the histogram and a chart still fit
/// below, else one line; with the answers and the scope.
fn headline(scene: &Scene, rest: &mut Rect, total: u64, max: i64, rows: u16, buf: &mut Buffer) {
    let Scene {
        scoped: s, theme, ..
    } = scene;
    let answers = format!("{} answers · {}", compact(total), s.label);
    // The headline: block digits when the histogram and a chart still fit.
    let mood = s.nums.mood.map(|m| format!("{m:.1}"));
    let big_room = Rect {
        height: rest.height.saturating_sub(rows + 4),
        ..*rest
    };
    match mood
        .as_deref()
        .and_then(|m| Some((m, bignum::fits(m, big_room)?)))
    {
        Some((m, scale)) => {
            let digits = take_rows(rest, bignum::HEIGHT * scale);
            bignum::draw(buf, digits, m, scale, theme.big);
            line(
                buf,
                rest,
                &[
                    Span::styled(format!("Room mood / {max}"), theme.title),
                    Span::styled(format!("  · {answers}"), theme.dim),
                ],
            );
        }
        None => line(
            buf,
            rest,
            &match &mood {
                Some(m) => vec![
                    Span::styled("Room mood ", theme.text),
                    Span::styled(m.clone(), theme.big),
                    Span::styled(format!(" / {max}  · {answers}"), theme.dim),
                ],
                None => vec![
                    Span::styled("Room mood ", theme.text),
                    Span::styled("—", theme.big),
                    Span::styled(format!("  no answers yet · {}", s.label), theme.dim),
                ],
            },
        ),
    }
}
