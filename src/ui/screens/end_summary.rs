//! The end-of-journey summary over the dashboard, worth putting on a
//! slide: people, likes, answers and the response rate, the prompt's
//! result, and charts over the whole journey. `s` hides and brings it back.

use super::popup;
use crate::ui::app::{App, Mode};
use crate::ui::figures::{clock, compact, percent_of, shares};
use crate::ui::text::{cut, pad, width};
use crate::ui::theme::Theme;
use crate::ui::view::{Numbers, Options, Phase, View};
use crate::ui::widgets::figure::{Scoped, scoped};
use crate::ui::widgets::{bar, centered, spark, take_rows};
use journeytop_protocol::Style as PromptStyle;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

pub(crate) struct Summary<'a> {
    pub(crate) view: &'a View,
    pub(crate) app: &'a App,
    pub(crate) theme: &'a Theme,
}

/// Width of the left column of names.
const KEY_W: usize = 11;
/// Rows the compact charts take: a caption and a one-row sparkline.
const CHART_ROWS: u16 = 2;
/// Below this many inner rows the popup keeps its rows for figures.
const CHARTS_MIN_POPUP: u16 = 10;

impl Widget for Summary<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { view, app, theme } = self;
        let s = scoped(view, app);
        let result = result_rows(view, s.nums, theme);
        let at_w = area.width.min(110);
        let lines = facts(view, &s, theme, at_w.saturating_sub(6) as usize);
        let want_h = (lines.len() + result.len()) as u16 + 4 + 2 + 8;
        let at = centered(area, at_w, want_h.min(area.height));
        Clear.render(at, buf);
        let title = match view.phase {
            Phase::Running => " Journey so far ".to_string(),
            Phase::Settling => " ■ The journey has ended · settling the last events ".to_string(),
            Phase::Ended => " ■ The journey has ended ".to_string(),
        };
        let block = popup(&title, theme);
        let mut inner = block.inner(at);
        block.render(at, buf);
        let hint = match view.mode {
            Mode::Demo => "s hide · n next journey · q quit",
            _ => "s hide · q quit",
        };
        if let Some(row) = crate::ui::widgets::take_bottom_row(&mut inner) {
            Line::from(Span::styled(hint, theme.dim))
                .right_aligned()
                .render(row, buf);
        }
        // Rows that do not fit are counted, never silently dropped. The
        // compact charts (a caption and one row) keep their two rows
        // unless the popup is tiny.
        let all: Vec<Line> = lines.into_iter().chain(result).collect();
        let reserve = if inner.height >= CHARTS_MIN_POPUP {
            CHART_ROWS
        } else {
            0
        };
        let room = inner.height.saturating_sub(reserve) as usize;
        let (shown, hidden) = if all.len() > room {
            (room.saturating_sub(1), all.len() + 1 - room)
        } else {
            (all.len(), 0)
        };
        for l in all.into_iter().take(shown) {
            l.render(take_rows(&mut inner, 1), buf);
        }
        if hidden > 0 && inner.height > 0 {
            let text = if reserve == 0 {
                format!("+{hidden} more rows and the charts: a taller terminal shows them")
            } else {
                format!("+{hidden} more rows: Enter on the prompt panel shows them all")
            };
            Line::from(Span::styled(cut(&text, inner.width as usize), theme.warn))
                .render(take_rows(&mut inner, 1), buf);
        }
        charts(view, inner, buf, theme);
    }
}

fn row<'a>(key: &str, spans: Vec<Span<'a>>, theme: &Theme) -> Line<'a> {
    let mut v = vec![Span::styled(pad(key, KEY_W), theme.dim)];
    v.extend(spans);
    Line::from(v)
}

/// People, likes, answers: the headline scope's figures, each labelled;
/// the journey's shape (peak, joined) is what was heard live.
fn facts<'a>(view: &View, s: &Scoped, theme: &Theme, w: usize) -> Vec<Line<'a>> {
    let n = s.nums;
    let joined: u64 = view.joins().iter().sum();
    let peak = view.users().iter().copied().max().unwrap_or(0);
    let duration = view.duration.unwrap_or(view.now());
    let mut lines = vec![
        row(
            "Journey",
            vec![
                Span::styled(clock(duration), theme.title),
                Span::styled(
                    cut(
                        &format!("  · figures: {}, {}", s.label, s.note()),
                        w.saturating_sub(KEY_W + 5),
                    ),
                    theme.dim,
                ),
            ],
            theme,
        ),
        row(
            "People",
            vec![
                Span::styled(compact(n.users), theme.big),
                Span::styled(" here at the end", theme.text),
                Span::styled(
                    format!(
                        "  · heard live: peak {}, {} joined",
                        compact(peak),
                        compact(joined)
                    ),
                    theme.dim,
                ),
            ],
            theme,
        ),
        row(
            "Likes",
            vec![Span::styled(compact(n.likes), theme.big)],
            theme,
        ),
    ];
    let answers = n.answers().unwrap_or(0);
    // Answers of people who have left still count, so a rate over the
    // people here only means something while it stays within them.
    let rate = if n.users == 0 {
        String::new()
    } else if answers <= n.users {
        format!(
            " from {} here · response rate {}%",
            compact(n.users),
            percent_of(answers, n.users)
        )
    } else {
        format!(
            " · {} here now (some answered, then left)",
            compact(n.users)
        )
    };
    let what = match view.style.style() {
        Some(PromptStyle::Press) => "ever pressed",
        _ => "answers",
    };
    lines.push(row(
        "Answers",
        vec![
            Span::styled(compact(answers), theme.big),
            Span::styled(format!(" {what}{rate}"), theme.text),
        ],
        theme,
    ));
    lines
}

/// The prompt's result: mood with its histogram, holding now and ever
/// pressed, or each option's share (shares sum to 100 %).
fn result_rows<'a>(view: &View, n: &Numbers, theme: &Theme) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    match view.style.style() {
        Some(PromptStyle::Numeric) => {
            let mood = n.mood.map_or("—".to_string(), |m| format!("{m:.1}"));
            out.push(row("Room mood", vec![Span::styled(mood, theme.big)], theme));
            if let Some(pairs) = &n.numeric {
                let counts: Vec<u64> = pairs.iter().map(|p| p.1).collect();
                let names: Vec<String> = pairs.iter().map(|p| p.0.to_string()).collect();
                out.extend(share_rows(&names, &counts, theme));
            }
        }
        Some(PromptStyle::Press) => out.push(row(
            "Holding",
            vec![
                Span::styled(compact(n.press_active.unwrap_or(0)), theme.big),
                Span::styled(
                    format!(" now · {} ever pressed", compact(n.press.unwrap_or(0))),
                    theme.text,
                ),
            ],
            theme,
        )),
        Some(PromptStyle::Color) | Some(PromptStyle::Word) => {
            let (counts, names) = match (&view.options, &n.color, &n.word) {
                (Options::Colors(c), Some(counts), _) => (
                    counts.clone(),
                    c.iter().map(|c| format!("{} {}", c.name, c.hex)).collect(),
                ),
                (Options::Words(w), _, Some(counts)) => (counts.clone(), w.clone()),
                (_, c, w) => {
                    let counts = c.clone().or_else(|| w.clone()).unwrap_or_default();
                    let names = (1..=counts.len()).map(|i| format!("option #{i}")).collect();
                    (counts, names)
                }
            };
            out.extend(share_rows(&names, &counts, theme));
        }
        None => out.push(row(
            "Prompt",
            vec![Span::styled("its style stayed unknown", theme.text)],
            theme,
        )),
    }
    out
}

/// One row per option: name, bar, count and share.
fn share_rows<'a>(names: &[String], counts: &[u64], theme: &Theme) -> Vec<Line<'a>> {
    let pct = shares(counts);
    let peak = counts.iter().copied().max().unwrap_or(0);
    let name_w = names.iter().map(|n| width(n)).max().unwrap_or(1).min(24);
    names
        .iter()
        .zip(counts)
        .zip(pct)
        .map(|((name, n), p)| {
            let style = if *n == peak && peak > 0 {
                theme.accent
            } else {
                theme.bar
            };
            Line::from(vec![
                Span::raw(" ".repeat(KEY_W)),
                Span::styled(pad(&cut(name, name_w), name_w + 1), theme.text),
                Span::styled(bar(f64::from(p as u32) / 100.0, 30), style),
                Span::styled(format!(" {:>5} {:>4}%", compact(*n), p), theme.text),
            ])
        })
        .collect()
}

/// Charts over the whole journey, side by side: people here, and the
/// prompt's own curve (mood, holding now, or answers per second).
/// With two rows, each chart is its caption over a one-row sparkline; with
/// less, a note says the charts need room instead of leaving a silent gap.
fn charts(view: &View, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    if area.height < 2 || area.width < 40 {
        let note = "charts over the journey need more room: a taller or wider terminal shows them";
        Line::from(Span::styled(cut(note, area.width as usize), theme.dim))
            .render(Rect { height: 1, ..area }, buf);
        return;
    }
    let lead_label;
    let (label, data, rate, top): (&str, Vec<u64>, bool, Option<u64>) = match view.style.style() {
        Some(PromptStyle::Numeric) => {
            let (min, max) = match view.options {
                Options::Numeric { min, max } => (min, max),
                _ => (1, 10),
            };
            let data = view
                .mood()
                .iter()
                .map(|m| m.map_or(0, |m| ((m - min as f64) * 10.0).max(0.0) as u64 + 1))
                .collect();
            (
                "room mood",
                data,
                false,
                Some(((max - min).max(1) as u64) * 10 + 1),
            )
        }
        Some(PromptStyle::Press) => ("holding now", view.holding().to_vec(), false, None),
        // A colour or word prompt: how the option leading now got there.
        _ => match (view.lead(), lead_name(view)) {
            ((Some(_), share), Some(name)) => {
                lead_label = format!("{name}'s share of answers");
                let data = share.iter().map(|p| p.map_or(0, |p| p + 1)).collect();
                (lead_label.as_str(), data, false, Some(101))
            }
            _ => ("answers per second", view.answers().to_vec(), true, None),
        },
    };
    let span = crate::ui::widgets::span_secs(view, None, view.users().len());
    let half = area.width / 2;
    let left = Rect {
        width: half.saturating_sub(1),
        ..area
    };
    let right = Rect {
        x: area.x + half + 1,
        width: area.width - half - 1,
        ..area
    };
    for (rect, caption, series, rate, top, style) in [
        (
            left,
            "people here over the journey",
            view.users(),
            false,
            None,
            theme.good,
        ),
        (right, label, &data, rate, top, theme.accent),
    ] {
        let mut r = rect;
        let head = take_rows(&mut r, 1);
        let text = format!("{caption} · heard live");
        Line::from(Span::styled(cut(&text, head.width as usize), theme.dim)).render(head, buf);
        spark(buf, r, series, span, rate, top, style);
    }
}

/// The name of the option leading now: the colour's name or the word.
fn lead_name(view: &View) -> Option<String> {
    let i = view.lead().0?;
    match &view.options {
        Options::Colors(c) => c.get(i).map(|c| c.name.to_string()),
        Options::Words(w) => w.get(i).map(|w| format!("“{}”", cut(w, 16))),
        _ => None,
    }
}
