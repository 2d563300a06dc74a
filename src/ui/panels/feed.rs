//! The event feed: who joined, left, answered, pressed or liked, heard
//! live, newest journey time first; scrolls with j/k, arrows, PgUp/PgDn
//! and the mouse wheel.

use super::Panel;
use crate::ui::figures::push_clock;
use crate::ui::text::{cut, width};
use crate::ui::view::FeedTone;
use crate::ui::widgets::cells::put_line;
use crate::ui::widgets::panel;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use std::borrow::Cow;

pub(crate) struct FeedPanel<'a>(pub(crate) Panel<'a>);

impl Widget for FeedPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Panel {
            view,
            app,
            theme,
            focused,
        } = self.0;
        // Inside the frame: the rows the lines can use.
        let rows = area.height.saturating_sub(2) as usize;
        let scroll = app.feed_scroll.min(view.feed.len().saturating_sub(rows));
        let below = view.feed.len().saturating_sub(scroll + rows);
        let title = title(scroll, below, area.width.saturating_sub(2) as usize);
        let inner = panel(buf, area, &title, focused, theme);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        if view.feed.is_empty() {
            Line::from(Span::styled(
                cut("nothing yet", inner.width as usize),
                theme.dim,
            ))
            .render(inner, buf);
            return;
        }
        let w = inner.width as usize;
        // The time goes first when the panel is wide enough to keep it.
        let timed = w >= 24;
        let mut time = String::with_capacity(10);
        for (i, item) in view
            .feed
            .iter()
            .skip(scroll)
            .take(inner.height as usize)
            .enumerate()
        {
            let row = Rect {
                y: inner.y + i as u16,
                height: 1,
                ..inner
            };
            let (marker, style) = match item.swatch {
                // A color answer's swatch, outlined so it reads on any theme.
                Some(rgb) => ("▐█▌", theme.swatch(rgb)),
                None => match item.tone {
                    FeedTone::Join => ("+", theme.good),
                    FeedTone::Leave => ("−", theme.bad),
                    FeedTone::Like => ("♥", theme.like),
                    FeedTone::Answer => ("●", theme.accent),
                    FeedTone::Press => ("◉", theme.warn),
                },
            };
            time.clear();
            if timed {
                push_clock(&mut time, item.time);
                time.push(' ');
            }
            let used = if timed { 6 } else { 0 } + if item.swatch.is_some() { 4 } else { 2 };
            let room = w.saturating_sub(used);
            let who_w = width(&item.who);
            let what = match item.short() {
                Some(short) if who_w + 1 + width(&item.what) > room => short,
                _ => &item.what,
            };
            let (who, what) = fit_line(&item.who, what, room);
            let gap = if what.is_empty() { "" } else { " " };
            // Empty spans take no cells: every line has the same six.
            put_line(
                buf,
                row,
                &[
                    Span::styled(time.as_str(), theme.dim),
                    Span::styled(marker, style),
                    Span::raw(" "),
                    Span::styled(who, theme.title),
                    Span::raw(gap),
                    Span::styled(what, theme.text),
                ],
            );
        }
    }
}

/// The frame's title: the scope and the scroll position, as long as fits.
fn title(scroll: usize, below: usize, room: usize) -> String {
    let arrows = match (scroll, below) {
        (0, 0) => String::new(),
        (0, n) => format!("↓{n}"),
        (up, 0) => format!("↑{up}"),
        (up, n) => format!("↑{up} ↓{n}"),
    };
    let long = match (scroll, below) {
        (0, 0) => " Events · heard live · newest first ".to_string(),
        (0, n) => format!(" Events · heard live · newest first · {n} older ↓ "),
        (up, n) => format!(" Events · heard live · {up} newer ↑ · {n} older ↓ "),
    };
    let gap = if arrows.is_empty() { "" } else { " " };
    [
        long,
        format!(" Events · heard live{gap}{arrows} "),
        format!(" Events{gap}{arrows} "),
    ]
    .into_iter()
    .find(|t| width(t) <= room)
    .unwrap_or_else(|| " Events ".to_string())
}

/// Fits "who what" into `room` cells: both whole when they fit; else the
/// name is cut first (what they chose stays whole), down to a few cells;
/// only then is the rest cut.
pub(crate) fn fit_line<'a>(
    who: &'a str,
    what: &'a str,
    room: usize,
) -> (Cow<'a, str>, Cow<'a, str>) {
    let (who_w, what_w) = (width(who), width(what));
    if who_w + 1 + what_w <= room {
        return (Cow::Borrowed(who), Cow::Borrowed(what));
    }
    let least = who_w.min(6);
    if room >= what_w + 1 + least {
        return (Cow::Owned(cut(who, room - what_w - 1)), Cow::Borrowed(what));
    }
    let who = cut(who, least.min(room));
    let what = cut(what, room.saturating_sub(width(&who) + 1));
    (Cow::Owned(who), Cow::Owned(what))
}

#[cfg(test)]
mod tests {
    use super::fit_line;

    #[test]
    fn names_are_cut_only_when_they_do_not_fit_and_the_choice_stays_whole() {
        // `Alejandro left` in 24 columns minus time and marker: whole.
        assert_eq!(
            fit_line("Alejandro", "left", 16),
            ("Alejandro".into(), "left".into())
        );
        assert_eq!(
            fit_line("Ines Fernández", "chose “Desire”", 24),
            ("Ines Fer…".into(), "chose “Desire”".into())
        );
        let (who, what) = fit_line("Ines", "chose a very long option indeed", 16);
        assert_eq!(who, "Ines");
        assert!(what.ends_with('…'), "{what}");
    }
}
