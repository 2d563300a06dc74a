//! The prompt panel, one drawing per style: numeric histogram with the room
//! mood, press-and-hold meter, color bars in their own colors, word bars,
//! and an honest panel when the prompt is not known.

use super::App;
use super::bignum;
use super::format::{compact, people, percent, percent_of};
use super::render::{Scoped, scoped};
use super::text::{cut, pad, pad_left, width};
use super::theme::Theme;
use super::view::{Options, View};
use super::widgets::{bar, panel, spark, take_rows, window};
use journeytop_engine::StyleInfo;
use journeytop_protocol::Style as PromptStyle;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub fn render(buf: &mut Buffer, area: Rect, view: &View, app: &App, theme: &Theme, focused: bool) {
    let s = scoped(view, app);
    let (style, inferred) = match view.style {
        StyleInfo::Known(st) => (Some(st), false),
        StyleInfo::Inferred(st) => (Some(st), true),
        StyleInfo::Unknown => (None, false),
    };
    let title = match style {
        Some(st) => {
            let name = match st {
                PromptStyle::Numeric => "Numeric prompt",
                PromptStyle::Press => "Press and hold",
                PromptStyle::Color => "Color prompt",
                PromptStyle::Word => "Word prompt",
            };
            if inferred {
                format!(" {name} (inferred from answers) · {} ", s.label)
            } else {
                format!(" {name} · {} ", s.label)
            }
        }
        None => " Prompt · not known yet ".to_string(),
    };
    let block = panel(title, focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    match style {
        Some(PromptStyle::Numeric) => numeric(buf, inner, view, &s, app, theme),
        Some(PromptStyle::Press) => press(buf, inner, view, &s, app, theme),
        Some(PromptStyle::Color) => choices(buf, inner, view, &s, app, true, theme),
        Some(PromptStyle::Word) => choices(buf, inner, view, &s, app, false, theme),
        None => unknown(buf, inner, view, theme),
    }
}

fn line(buf: &mut Buffer, area: &mut Rect, spans: Vec<Span<'_>>) {
    if area.height == 0 {
        return;
    }
    let row = take_rows(area, 1);
    Line::from(spans).render(row, buf);
}

fn no_data(buf: &mut Buffer, area: Rect, s: &Scoped, theme: &Theme) {
    let text = format!("No answers in the {} scope.", s.label);
    Paragraph::new(Span::styled(text, theme.dim))
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// Rows per option and the gap after each: taller, spaced bars when the
/// panel has the room (easier to read from across a room).
fn row_height(area: Rect, options: usize, other_rows: u16) -> (u16, u16) {
    let n = options.max(1) as u16;
    match area.height.saturating_sub(other_rows) / n {
        0 | 1 => (1, 0),
        2 => (1, 1),
        _ => (2, 1),
    }
}

/// One labelled bar row: `label │bar│ count share`.
#[allow(clippy::too_many_arguments)]
fn bar_row(
    buf: &mut Buffer,
    area: &mut Rect,
    (h, gap): (u16, u16),
    label: Vec<Span<'_>>,
    label_w: usize,
    count: &str,
    share: &str,
    frac: f64,
    bar_style: Style,
    text_style: Style,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    let rows = take_rows(area, h);
    let w = rows.width as usize;
    let count_s = pad_left(count, 6);
    let pct_s = pad_left(share, 5);
    let bar_w = w.saturating_sub(label_w + 1 + 1 + count_s.len() + pct_s.len());
    for dy in 0..rows.height {
        let row = Rect {
            y: rows.y + dy,
            height: 1,
            ..rows
        };
        let mut spans = if dy == 0 {
            label.clone()
        } else {
            vec![Span::raw(" ".repeat(label_w))]
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(bar(frac, bar_w), bar_style));
        spans.push(Span::raw(" "));
        if dy == 0 {
            spans.push(Span::styled(count_s.clone(), text_style));
            spans.push(Span::styled(pct_s.clone(), theme.dim));
        }
        Line::from(spans).render(row, buf);
    }
    take_rows(area, gap);
}

fn numeric(buf: &mut Buffer, area: Rect, view: &View, s: &Scoped, app: &App, theme: &Theme) {
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
        bar_row(
            buf,
            &mut rest,
            h,
            vec![Span::styled(pad_left(&r.to_string(), label_w), theme.title)],
            label_w,
            &compact(*n),
            &share,
            frac,
            bar_style,
            theme.text,
            theme,
        );
    }
    // The mood's trend over the journey, when rows are left.
    if rest.height >= 2 && s.label == "live" {
        line(
            buf,
            &mut rest,
            vec![Span::styled("Room mood over time", theme.dim)],
        );
        let data: Vec<u64> = window(&view.timelines.mood, app.window())
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

fn press(buf: &mut Buffer, area: Rect, view: &View, s: &Scoped, app: &App, theme: &Theme) {
    let mut rest = area;
    let (Some(active), pressed) = (s.nums.press_active, s.nums.press) else {
        no_data(buf, area, s, theme);
        return;
    };
    let pressed = pressed.unwrap_or(0);
    let users = s.nums.users;
    // The count of people holding, big when it fits.
    let resonating = if active == 1 {
        "person is resonating"
    } else {
        "people are resonating"
    };
    let value = compact(active);
    let room = Rect {
        height: rest.height.saturating_sub(5),
        ..rest
    };
    if let Some(scale) = bignum::fits(&value, room) {
        let digits = take_rows(&mut rest, bignum::HEIGHT * scale);
        bignum::draw(buf, digits, &value, scale, theme.big);
        line(buf, &mut rest, vec![Span::styled(resonating, theme.title)]);
    } else {
        line(
            buf,
            &mut rest,
            vec![
                Span::styled(value, theme.big),
                Span::raw(" "),
                Span::styled(resonating, theme.title),
            ],
        );
    }
    // Holding now against the people here.
    let w = rest.width as usize;
    let tail = format!(
        " {} / {} ({})",
        compact(active),
        compact(users),
        percent(active, users)
    );
    let label = "holding now ";
    let bar_w = w.saturating_sub(width(label) + width(&tail));
    let frac = if users == 0 {
        0.0
    } else {
        active as f64 / users as f64
    };
    line(
        buf,
        &mut rest,
        vec![
            Span::styled(label, theme.dim),
            Span::styled(bar(frac, bar_w), theme.accent),
            Span::styled(tail, theme.text),
        ],
    );
    let ripple = if active >= 101 {
        "  · strong ripple"
    } else if active >= 11 {
        "  · ripple"
    } else {
        ""
    };
    line(
        buf,
        &mut rest,
        vec![
            Span::styled(format!("{} have resonated", people(pressed)), theme.text),
            Span::styled(ripple, theme.warn),
        ],
    );
    if rest.height >= 2 && s.label == "live" {
        line(
            buf,
            &mut rest,
            vec![Span::styled("holding now over time", theme.dim)],
        );
        let h = rest.height.min(8);
        let area = take_rows(&mut rest, h);
        let data = window(&view.timelines.holding, app.window());
        spark(buf, area, data, false, None, theme.accent);
    }
}

fn choices(
    buf: &mut Buffer,
    area: Rect,
    view: &View,
    s: &Scoped,
    app: &App,
    colors: bool,
    theme: &Theme,
) {
    let mut rest = area;
    let counts = if colors {
        s.nums.color.as_ref()
    } else {
        s.nums.word.as_ref()
    };
    let Some(counts) = counts else {
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
    let words: Vec<String> = match &view.options {
        Options::Words(w) => w.clone(),
        _ => Vec::new(),
    };
    let w = rest.width as usize;
    // Label: marker + (swatch, name, hex | word). Bars get what is left.
    let label_w = if colors {
        (2 + 3 + 10 + 8).min(w / 2)
    } else {
        let longest = words.iter().map(|x| width(x)).max().unwrap_or(9).max(9);
        (2 + longest).min(w * 2 / 5).max(6)
    };
    let h = row_height(rest, counts.len(), 2);
    for (i, n) in counts.iter().enumerate() {
        let lead = *n == peak && peak > 0 && leaders == 1;
        let marker = if lead { "▶ " } else { "  " };
        let mut label = vec![Span::styled(marker, theme.warn)];
        let (bar_style, text_style) = if colors {
            match view.color(i) {
                Some(c) => {
                    let sw = theme.swatch(c.rgb);
                    let name = pad(&format!("{} {}", c.name, c.hex), label_w.saturating_sub(5));
                    label.push(Span::styled("██ ", sw));
                    label.push(Span::styled(
                        name,
                        if lead { theme.title } else { theme.text },
                    ));
                    (sw, theme.text)
                }
                None => {
                    label.push(Span::styled(
                        pad(&format!("color #{}", i + 1), label_w.saturating_sub(2)),
                        theme.text,
                    ));
                    (theme.bar, theme.text)
                }
            }
        } else {
            let text = words
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("option #{}", i + 1));
            label.push(Span::styled(
                pad(&text, label_w.saturating_sub(2)),
                if lead { theme.title } else { theme.text },
            ));
            (if lead { theme.accent } else { theme.bar }, theme.text)
        };
        let frac = if total == 0 {
            0.0
        } else {
            *n as f64 / total as f64
        };
        bar_row(
            buf,
            &mut rest,
            h,
            label,
            label_w,
            &compact(*n),
            &percent(*n, total),
            frac,
            bar_style,
            text_style,
            theme,
        );
    }
    if peak > 0 && rest.height > 0 {
        let leader = if leaders > 1 {
            format!("tied at {} each", compact(peak))
        } else {
            let i = counts.iter().position(|c| *c == peak).unwrap_or(0);
            let name = if colors {
                view.color(i)
                    .map(|c| format!("{} {}", c.name, c.hex))
                    .unwrap_or_else(|| format!("color #{}", i + 1))
            } else {
                words
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("option #{}", i + 1))
            };
            format!("leader: {name} with {}%", percent_of(peak, total))
        };
        line(
            buf,
            &mut rest,
            vec![Span::styled(cut(&leader, w), theme.accent)],
        );
    }
    if rest.height >= 3 && s.label == "live" {
        take_rows(&mut rest, 1);
        line(
            buf,
            &mut rest,
            vec![Span::styled("answers per second", theme.dim)],
        );
        let h = rest.height.min(6);
        let area = take_rows(&mut rest, h);
        let data = window(&view.timelines.answers, app.window());
        spark(buf, area, data, true, None, theme.accent);
    }
}

fn unknown(buf: &mut Buffer, area: Rect, view: &View, theme: &Theme) {
    let lines = vec![
        Line::from(Span::styled("The prompt was not given.", theme.title)),
        Line::from(Span::styled(
            "Its style will be inferred from answers as they arrive; until then only \
             participants and likes are counted.",
            theme.text,
        )),
        Line::from(""),
        Line::from(Span::styled(
            format!(
                "events received {} · applied {}",
                compact(view.counts.received),
                compact(view.counts.applied)
            ),
            theme.dim,
        )),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
