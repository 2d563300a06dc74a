//! The overview's screen: a title line, the table of journeys, and the key
//! hints (or the filter being typed); the help as a popup. Pure: draws rows
//! and the overview's state into a buffer. Fewer columns on a narrow
//! terminal: 80 columns keep prompt, state, time, people, likes, headline
//! and rate; from 120 the style, the likes sparkline and the last event
//! join; from 180 the uid.

use super::{Overview, Row};
use crate::ui::figures;
use crate::ui::keys::{self, FooterState, Screen};
use crate::ui::panels::header::speed_text;
use crate::ui::text::{cut, width};
use crate::ui::theme::Theme;
use crate::ui::widgets::centered;
use journeytop_engine::Connection;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Clear, Paragraph, Row as TableRow, StatefulWidget, Table, TableState,
    Widget,
};

const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Likes per second as a one-line sparkline (a space for none).
pub(crate) fn sparkline(values: &[u64], cells: usize) -> String {
    let tail = &values[values.len().saturating_sub(cells)..];
    let max = tail.iter().copied().max().unwrap_or(0);
    let mut out: String = " ".repeat(cells - tail.len());
    for v in tail {
        out.push(match *v {
            0 => ' ',
            v => SPARKS[((v * 7).div_ceil(max.max(1)) as usize).min(7)],
        });
    }
    out
}

/// Which columns fit.
#[derive(Debug, Clone, Copy)]
struct Fit {
    wide: bool,
    huge: bool,
}

fn time_text(r: &Row) -> String {
    match r.duration {
        Some(d) => format!("{}/{}", figures::clock(r.time), figures::clock(d)),
        None => figures::clock(r.time),
    }
}

fn state_style(r: &Row, theme: &Theme) -> Style {
    match r.connection {
        Connection::Live => theme.good,
        Connection::Reconnecting | Connection::Connecting => theme.warn,
        Connection::Failed => theme.bad,
        Connection::Ended => theme.dim,
    }
}

fn cells<'a>(r: &Row, fit: Fit, theme: &Theme, selected: bool) -> Vec<Cell<'a>> {
    let scope = match (r.scope, fit.wide) {
        ("totals", false) => "tot",
        (s, _) => s,
    };
    let mut headline = Vec::new();
    if let Some(rgb) = r.swatch {
        headline.push(Span::styled("██ ", theme.swatch(rgb)));
    }
    headline.push(Span::raw(r.headline.clone()));
    let mut out = vec![
        Cell::from(if selected { "›" } else { " " }),
        Cell::from(r.prompt.clone()),
    ];
    if fit.wide {
        out.push(Cell::from(r.style));
    }
    out.extend([
        Cell::from(Span::styled(r.state.clone(), state_style(r, theme))),
        Cell::from(time_text(r)),
        Cell::from(format!("{} {scope}", figures::compact(r.people))),
        Cell::from(Span::styled(figures::compact(r.likes), theme.like)),
    ]);
    if fit.wide {
        out.push(Cell::from(Span::styled(
            sparkline(&r.likes_per_second, 20),
            theme.like,
        )));
    }
    out.push(Cell::from(Line::from(headline)));
    out.push(Cell::from(match r.rate {
        Some(x) => format!("{}%", (x * 100.0).round().min(999.0)),
        None => "–".to_string(),
    }));
    if fit.wide {
        out.push(Cell::from(match r.since_last {
            Some(s) if s < 100.0 => format!("{s:.1}s"),
            Some(s) => format!("{}s", s.min(99_999.0).round()),
            None => "–".to_string(),
        }));
    }
    if fit.huge {
        out.push(Cell::from(r.uid.clone()));
    }
    out
}

fn header_and_widths(fit: Fit) -> (Vec<&'static str>, Vec<Constraint>) {
    use Constraint::{Length, Min};
    let mut cols: Vec<(&str, Constraint)> = vec![(" ", Length(1)), ("prompt", Min(12))];
    if fit.wide {
        cols.push(("style", Length(7)));
    }
    cols.extend([
        ("state", Length(if fit.wide { 16 } else { 12 })),
        ("time", Length(11)),
        ("people", Length(if fit.wide { 11 } else { 9 })),
        ("likes", Length(5)),
    ]);
    if fit.wide {
        cols.push(("likes/s (30 s)", Length(20)));
    }
    cols.push(("headline", Length(if fit.wide { 22 } else { 15 })));
    cols.push(("resp", Length(4)));
    if fit.wide {
        cols.push(("last", Length(6)));
    }
    if fit.huge {
        cols.push(("uid", Length(32)));
    }
    cols.into_iter().unzip()
}

/// Draws the overview into `buf`.
pub(crate) fn draw(
    buf: &mut Buffer,
    area: Rect,
    rows: &[Row],
    o: &Overview,
    help: bool,
    theme: &Theme,
) {
    if area.width < 20 || area.height < 5 {
        return;
    }
    Block::new().style(theme.base).render(area, buf);
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let visible = o.visible(rows);
    title(buf, top, rows, visible.len(), o, theme);
    let fit = Fit {
        wide: area.width >= 120,
        huge: area.width >= 180,
    };
    let (names, widths) = header_and_widths(fit);
    let cursor = o.cursor(&visible);
    let lines: Vec<TableRow> = visible
        .iter()
        .enumerate()
        .map(|(i, r)| TableRow::new(cells(r, fit, theme, Some(i) == cursor)))
        .collect();
    let empty = lines.is_empty();
    let table = Table::new(lines, widths)
        .header(TableRow::new(names).style(theme.title))
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .block(
            Block::new()
                .borders(Borders::TOP)
                .border_style(theme.border),
        )
        .style(theme.text);
    let mut state = TableState::default().with_selected(cursor);
    StatefulWidget::render(table, body, buf, &mut state);
    if empty {
        let msg = if rows.is_empty() {
            "no journeys"
        } else {
            "no journey matches the filter (Esc clears it)"
        };
        let at = Rect {
            y: body.y + 2,
            height: 1,
            ..body
        };
        Paragraph::new(Span::styled(msg, theme.dim)).render(at, buf);
    }
    footer(buf, bottom, o, help, theme);
    if help {
        help_popup(buf, body, o.screen(), theme);
    }
}

fn title(buf: &mut Buffer, area: Rect, rows: &[Row], shown: usize, o: &Overview, theme: &Theme) {
    let live = rows
        .iter()
        .filter(|r| r.connection == Connection::Live)
        .count();
    let arrow = if o.sort.descending() != o.reverse {
        "↓"
    } else {
        "↑"
    };
    let sort = o.sort.label();
    let mut text = match o.clock {
        // Recordings on one clock: where it stands instead of how many are live.
        Some(c) => format!(
            " journeytop · replay of {} recordings · {} / {} · {} {} · sort: {sort} {arrow}",
            rows.len(),
            figures::clock(c.position),
            figures::clock(c.playback.end),
            speed_text(c.playback.speed),
            if c.playback.paused {
                "paused"
            } else {
                "playing"
            },
        ),
        None => format!(
            " journeytop · {} journeys, {live} live · sort: {sort} {arrow}",
            rows.len()
        ),
    };
    if !o.filter.is_empty() {
        text.push_str(&format!(" · filter “{}”: {shown} shown", o.filter));
    }
    Paragraph::new(Span::styled(cut(&text, area.width as usize), theme.title)).render(area, buf);
}

fn footer(buf: &mut Buffer, area: Rect, o: &Overview, help: bool, theme: &Theme) {
    let max = area.width as usize;
    let mut spans = Vec::new();
    if o.editing {
        spans.push(Span::styled(" filter: ", theme.accent));
        spans.push(Span::styled(format!("{}▏", o.filter), theme.text));
        spans.push(Span::styled("  Enter keep · Esc clear", theme.dim));
    } else {
        let state = if help {
            FooterState::HelpOpen
        } else {
            FooterState::Dashboard
        };
        let mut used = 0;
        for h in keys::footer_hints(state, o.screen(), false) {
            let word = match (h.word, o.clock) {
                (keys::HintWord::Fixed(w), _) => w.to_string(),
                (keys::HintWord::PlayPause, Some(c)) if c.playback.paused => "play".into(),
                (keys::HintWord::PlayPause, Some(_)) => "pause".into(),
                (keys::HintWord::Speed, Some(c)) => {
                    format!("speed {}", speed_text(c.playback.speed))
                }
                _ => String::new(),
            };
            let piece = width(h.keys) + width(&word) + 3;
            if used + piece > max {
                break;
            }
            used += piece;
            spans.push(Span::styled(format!(" {}", h.keys), theme.accent));
            spans.push(Span::styled(format!(" {word} "), theme.dim));
        }
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn help_popup(buf: &mut Buffer, body: Rect, screen: Screen, theme: &Theme) {
    use crate::ui::screens::help::{key_lines, note_lines};
    // The popup is at most 80 wide; its border takes 2.
    let inner_w = usize::from(body.width.min(80).saturating_sub(2)).max(1);
    let mut lines = key_lines(keys::help_lines(screen), inner_w, theme);
    lines.push(Line::from(""));
    lines.extend(note_lines(
        [
            "people: totals (stats endpoint, authoritative) when it answers, else live.",
            "resp: answers ÷ people. last: seconds since the last event.",
            "On a journey's dashboard, Esc comes back here.",
        ]
        .into_iter(),
        inner_w,
        theme,
    ));
    let h = lines.len() as u16 + 2;
    let area = centered(body, 80, h);
    Clear.render(area, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(" keys ")
                .border_style(theme.border)
                .style(theme.base),
        )
        .render(area, buf);
}
