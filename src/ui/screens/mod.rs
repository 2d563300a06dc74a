//! Whole-screen states and overlays: terminal too small, the splash while
//! connecting, the error screen, the end-of-journey summary, the help popup.

use super::format::{clock, compact, people, percent_of};
use super::render::{MIN_HEIGHT, MIN_WIDTH, centered, scoped};
use super::text::cut;
use super::theme::Theme;
use super::view::{Options, View};
use super::{App, Mode, Scope};
use journeytop_engine::StyleInfo;
use journeytop_protocol::Style as PromptStyle;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph, Widget, Wrap};

fn popup<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.focus)
        .title(Line::from(Span::styled(title, theme.focus)).centered())
        .style(theme.base)
        .padding(Padding::new(2, 2, 1, 1))
}

pub fn too_small(buf: &mut Buffer, area: Rect, theme: &Theme) {
    let lines = vec![
        Line::from(Span::styled("Terminal too small", theme.warn)),
        Line::from(Span::styled(
            format!(
                "{}×{}, need {MIN_WIDTH}×{MIN_HEIGHT}",
                area.width, area.height
            ),
            theme.text,
        )),
    ];
    let h = (lines.len() as u16).min(area.height);
    let at = Rect {
        y: area.y + (area.height - h) / 2,
        height: h,
        ..area
    };
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(at, buf);
}

pub fn splash(buf: &mut Buffer, area: Rect, view: &View, theme: &Theme) {
    let what = match view.mode {
        Mode::Watch => "Connecting to the live journey",
        Mode::Demo => "Starting the built-in simulator",
        Mode::Replay => "Opening the recording",
    };
    let lines = vec![
        Line::from(Span::styled("journeytop", theme.big)),
        Line::from(Span::styled(
            "one live Oseh journey, as it happens",
            theme.dim,
        )),
        Line::from(""),
        Line::from(Span::styled(format!("{what}…"), theme.title)),
        Line::from(Span::styled(view.source.clone(), theme.text)),
        Line::from(Span::styled(
            format!("{} · {}", view.variant, view.uid),
            theme.dim,
        )),
        Line::from(""),
        Line::from(Span::styled(
            "Waiting for the first event. Press q to quit, ? for help.",
            theme.dim,
        )),
    ];
    let h = (lines.len() as u16 + 2).min(area.height);
    let w = 70.min(area.width);
    let at = centered(area, w, h);
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .block(Block::new().padding(Padding::vertical(1)))
        .render(at, buf);
}

pub fn error(buf: &mut Buffer, area: Rect, view: &View, theme: &Theme) {
    let detail = view
        .link
        .detail
        .clone()
        .unwrap_or_else(|| "The connection failed and gave no reason.".to_string());
    let todo = match view.mode {
        Mode::Watch => {
            "Check the journey uid, the server address and your network, then run journeytop again."
        }
        Mode::Demo => "The built-in simulator stopped. Run `journeytop demo` again.",
        Mode::Replay => "Check that the recording file is complete and readable.",
    };
    let lines = vec![
        Line::from(Span::styled("What happened", theme.title)),
        Line::from(Span::styled(detail, theme.text)),
        Line::from(""),
        Line::from(Span::styled("What to do", theme.title)),
        Line::from(Span::styled(todo, theme.text)),
        Line::from(""),
        Line::from(Span::styled(
            format!(
                "Last numbers: {} · {} likes · {} events applied",
                people(view.live.users),
                compact(view.live.likes),
                compact(view.counts.applied)
            ),
            theme.dim,
        )),
        Line::from(Span::styled("Press q to quit.", theme.dim)),
    ];
    let at = centered(area, 76, 16);
    Clear.render(at, buf);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.bad)
        .title(Line::from(Span::styled(" ✖ Cannot follow this journey ", theme.bad)).centered())
        .style(theme.base)
        .padding(Padding::new(2, 2, 1, 1));
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(block)
        .render(at, buf);
}

pub fn summary(buf: &mut Buffer, area: Rect, view: &View, app: &App, theme: &Theme) {
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

fn leader(view: &View, n: &super::view::Numbers) -> String {
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

pub fn help(buf: &mut Buffer, area: Rect, view: &View, app: &App, theme: &Theme) {
    let mut keys: Vec<(&str, &str)> = vec![
        ("?", "show / hide this help"),
        ("q  Esc  Ctrl-C", "quit (Esc closes this help first)"),
        ("f", "freeze the screen; data keeps coming in"),
    ];
    if view.playback.is_some() {
        keys.extend([
            ("space", "pause / play the recording"),
            ("[  ]", "halve / double the speed"),
            ("←  →", "seek 5 s back / forward"),
            ("Home", "back to the start"),
        ]);
    } else {
        keys.push(("r", "reset the live counts, timelines and feed"));
    }
    keys.extend([
        ("t", "switch the big numbers between live and totals"),
        ("Tab  Shift-Tab", "move focus between panels"),
        ("+  -", "zoom the timelines in / out"),
        ("c", "cycle themes: dark, light, high contrast"),
    ]);
    let mut lines: Vec<Line> = keys
        .iter()
        .map(|(k, d)| {
            Line::from(vec![
                Span::styled(format!("{k:<16}"), theme.accent),
                Span::styled(*d, theme.text),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "live: what this dashboard counted from the socket since it started (or since r).",
        theme.dim,
    )));
    let totals = if view.totals.is_some() {
        "totals: all sessions ever, from the stats endpoint."
    } else {
        "totals: none (no stats endpoint)."
    };
    lines.push(Line::from(Span::styled(totals, theme.dim)));
    if view.mode == Mode::Demo {
        lines.push(Line::from(Span::styled(
            "demo: restarts itself 5 s after the journey ends; any key stays.",
            theme.dim,
        )));
    }
    lines.push(Line::from(Span::styled(
        format!(
            "theme {} · timeline {}",
            app.theme.label(),
            super::footer::window_label(app)
        ),
        theme.dim,
    )));
    let h = lines.len() as u16 + 4;
    let at = centered(area, 78, h + 2);
    Clear.render(at, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(popup(" Help · keys ", theme))
        .render(at, buf);
}
