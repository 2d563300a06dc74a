//! The end-of-journey summary over the dashboard.

use super::popup;
use crate::ui::app::{App, Scope};
use crate::ui::format::{clock, compact, people, percent_of};
use crate::ui::text::cut;
use crate::ui::theme::Theme;
use crate::ui::view::{Numbers, Options, View};
use crate::ui::widgets::centered;
use crate::ui::widgets::figure::scoped;
use journeytop_engine::StyleInfo;
use journeytop_protocol::Style as PromptStyle;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

pub(crate) struct Summary<'a> {
    pub(crate) view: &'a View,
    pub(crate) app: &'a App,
    pub(crate) theme: &'a Theme,
}

impl Widget for Summary<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { view, app, theme } = self;
        let s = scoped(view, app);
        let n = s.nums;
        let joined: u64 = view.timelines.joins.iter().sum();
        let peak = view.timelines.users.iter().copied().max().unwrap_or(0);
        let mut lines = vec![
            Line::from(vec![
                Span::styled("Duration      ", theme.dim),
                Span::styled(clock(view.duration.unwrap_or(view.now)), theme.title),
            ]),
            Line::from(vec![
                Span::styled("Participants  ", theme.dim),
                Span::styled(compact(n.users), theme.big),
                Span::styled(
                    format!(
                        " at the end · {} joined · peak {}",
                        compact(joined),
                        compact(peak)
                    ),
                    theme.text,
                ),
            ]),
            Line::from(vec![
                Span::styled("Likes         ", theme.dim),
                Span::styled(compact(n.likes), theme.big),
            ]),
        ];
        let answer = match view.style.style() {
            Some(PromptStyle::Numeric) => match n.mood {
                Some(m) => format!("room mood {m:.1}"),
                None => "no ratings".to_string(),
            },
            Some(PromptStyle::Press) => format!("{} resonated", people(n.press.unwrap_or(0))),
            Some(PromptStyle::Color) | Some(PromptStyle::Word) => leader(view, n),
            None => "the prompt's style stayed unknown".to_string(),
        };
        let inferred = if matches!(view.style, StyleInfo::Inferred(_)) {
            " (inferred from answers)"
        } else {
            ""
        };
        lines.push(Line::from(vec![
            Span::styled("Answers       ", theme.dim),
            Span::styled(answer, theme.title),
            Span::styled(inferred, theme.dim),
        ]));
        lines.push(Line::from(vec![
            Span::styled("Scope         ", theme.dim),
            Span::styled(
                if s.label == "totals" || app.scope == Scope::Live {
                    s.label.to_string()
                } else {
                    format!("{} (no totals)", s.label)
                },
                theme.text,
            ),
        ]));
        lines.push(Line::from(vec![
            Span::styled("Events        ", theme.dim),
            Span::styled(
                format!(
                    "{} applied · {} duplicates · {} rejected",
                    compact(view.counts.applied),
                    compact(view.counts.duplicates),
                    compact(view.counts.rejected)
                ),
                theme.text,
            ),
        ]));
        let h = lines.len() as u16 + 4;
        let at = centered(area, 72, h);
        Clear.render(at, buf);
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(popup(" ■ The journey has ended ", theme))
            .render(at, buf);
    }
}

fn leader(view: &View, n: &Numbers) -> String {
    let counts = match view.style.style() {
        Some(PromptStyle::Color) => n.color.as_ref(),
        _ => n.word.as_ref(),
    };
    let Some(counts) = counts else {
        return "no answers".to_string();
    };
    let total: u64 = counts.iter().sum();
    let peak = counts.iter().copied().max().unwrap_or(0);
    if total == 0 {
        return "no answers".to_string();
    }
    let i = counts.iter().position(|c| *c == peak).unwrap_or(0);
    let name = match &view.options {
        Options::Colors(c) => c
            .get(i)
            .map(|c| format!("{} {}", c.name, c.hex))
            .unwrap_or_else(|| format!("color #{}", i + 1)),
        Options::Words(w) => w
            .get(i)
            .map(|w| cut(w, 30))
            .unwrap_or_else(|| format!("option #{}", i + 1)),
        _ => format!("option #{}", i + 1),
    };
    format!("top answer {name} · {}%", percent_of(peak, total))
}
