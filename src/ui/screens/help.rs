//! The help popup: every key of this dashboard, from the key table, and
//! what the scopes mean.

use super::popup;
use crate::ui::app::{App, Mode};
use crate::ui::keys;
use crate::ui::text::width;
use crate::ui::theme::{ColorMode, Theme};
use crate::ui::view::View;
use crate::ui::widgets::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph, Widget};

pub(crate) struct HelpPopup<'a> {
    pub(crate) view: &'a View,
    pub(crate) app: &'a App,
    pub(crate) theme: &'a Theme,
}

impl Widget for HelpPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { view, app, theme } = self;
        let screen = app.screen(keys::Screen::of_view(view));
        let color = app.color != ColorMode::None;
        // Borders and padding take 6 columns and 4 rows; long lines wrap.
        let inner_w = usize::from(area.width.min(78).saturating_sub(6)).max(1);
        let mut lines = key_lines(keys::help_lines_with(screen, color), inner_w, theme);
        let spacer = lines.len();
        lines.push(Line::from(""));
        // Where the headline numbers come from, first: it is what a
        // moderator must not get wrong.
        let totals = if view.totals.is_some() {
            "totals: all sessions ever, from the stats endpoint."
        } else {
            view.stats_plan.missing_help()
        };
        let mut notes: Vec<String> = vec![totals.to_string()];
        notes.push(
            "live: what this dashboard counted from the socket since it started (or since r)."
                .to_string(),
        );
        if view.mode == Mode::Demo {
            notes.push(
                "demo: restarts itself 5 s after the journey ends; any key stays.".to_string(),
            );
        }
        let look = if color {
            format!("theme {}", app.theme.label())
        } else {
            "no colour (NO_COLOR or --no-color)".to_string()
        };
        notes.push(format!("{look} · timeline {}", app.window_label()));
        // Wrapped here, like the keys, so the popup's height is its rows.
        lines.extend(note_lines(notes.iter().map(String::as_str), inner_w, theme));
        // On a short terminal (80×24) the blank rows go first, so that every
        // key and note still shows.
        let mut block = popup(" Help · keys ", theme);
        let mut frame = 4;
        if lines.len() + frame > usize::from(area.height) {
            lines.remove(spacer);
            block = block.padding(Padding::horizontal(2));
            frame = 2;
        }
        let h = u16::try_from(lines.len() + frame).unwrap_or(u16::MAX);
        let at = centered(area, 78, h);
        Clear.render(at, buf);
        Paragraph::new(lines).block(block).render(at, buf);
    }
}

/// Help rows for keys, `inner_w` cells wide: each label in the key column,
/// its description wrapped under itself rather than under the keys.
pub(crate) fn key_lines<'a>(
    keys: impl Iterator<Item = (&'a str, &'a str)>,
    inner_w: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    // Too narrow to hang: the description starts each row.
    let indent = if inner_w >= keys::LABEL_WIDTH + 24 {
        keys::LABEL_WIDTH
    } else {
        0
    };
    let mut lines = vec![];
    for (k, d) in keys {
        let label = keys::label_cell(k);
        let first_w = inner_w.saturating_sub(width(&label));
        for (i, part) in hang(d, first_w, inner_w - indent).into_iter().enumerate() {
            let lead = if i == 0 {
                Span::styled(label.clone(), theme.accent)
            } else {
                Span::raw(" ".repeat(indent))
            };
            lines.push(Line::from(vec![lead, Span::styled(part, theme.text)]));
        }
    }
    lines
}

/// Notes under the keys, dim, wrapped to `inner_w` cells.
pub(crate) fn note_lines<'a>(
    notes: impl Iterator<Item = &'a str>,
    inner_w: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    notes
        .flat_map(|n| hang(n, inner_w, inner_w))
        .map(|row| Line::from(Span::styled(row, theme.dim)))
        .collect()
}

/// `text` word-wrapped: the first row `first` cells wide, the others
/// `rest` (each at least one). A word wider than its row is split.
fn hang(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut rows: Vec<String> = vec![String::new()];
    if first == 0 && !text.trim().is_empty() {
        // No room beside the label: the text starts on the next row.
        rows.push(String::new());
    }
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let room = |rows: &Vec<String>| if rows.len() == 1 { first } else { rest }.max(1);
        let n = width(word);
        if used > 0 && used + 1 + n <= room(&rows) {
            if let Some(row) = rows.last_mut() {
                row.push(' ');
                row.push_str(word);
            }
            used += 1 + n;
            continue;
        }
        if used > 0 {
            rows.push(String::new());
            used = 0;
        }
        for c in word.chars() {
            let w = width(c.encode_utf8(&mut [0; 4]));
            if used > 0 && used + w > room(&rows) {
                rows.push(String::new());
                used = 0;
            }
            if let Some(row) = rows.last_mut() {
                row.push(c);
            }
            used += w;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    #[test]
    fn descriptions_wrap_under_themselves() {
        let rows = super::hang(
            "scroll the feed (the mouse wheel too); k at the top",
            30,
            20,
        );
        assert_eq!(
            rows,
            ["scroll the feed (the mouse", "wheel too); k at the", "top"]
        );
        assert_eq!(super::hang("abcdefgh", 3, 3), ["abc", "def", "gh"]);
        assert_eq!(super::hang("quit", 0, 10), ["", "quit"]);
        assert_eq!(super::hang("", 5, 5), [""]);
    }
}
