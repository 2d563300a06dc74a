//! The whole screen: picks the state (too small, error, splash, dashboard),
//! lays out the panels for the size, and draws overlays. Pure: reads a
//! [`View`] and the [`App`], draws into the frame.

use super::app::{App, Focus};
use super::panels::{FeedPanel, Footer, Header, LikesPanel, Panel, ParticipantsPanel, PromptPanel};
use super::screens::{ErrorScreen, HelpPopup, MIN_HEIGHT, MIN_WIDTH, Splash, Summary, TooSmall};
use super::theme::Theme;
use super::view::View;
use super::widgets::cells::clear;
use journeytop_engine::Connection;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

/// Draws one frame.
pub fn render(frame: &mut Frame, view: &View, app: &App) {
    let area = frame.area();
    draw(frame.buffer_mut(), area, view, app);
}

/// Draws into a buffer (what `render` does, usable without a `Frame`).
pub fn draw(buf: &mut Buffer, area: Rect, view: &View, app: &App) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let theme = &Theme::new(app.theme, app.color);
    // Every cell blank in the base style: the buffer may hold an older
    // frame (the live dashboard draws over the frame before last).
    clear(buf, area, theme.base);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        TooSmall { theme }.render(area, buf);
        return;
    }
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    Header { view, app, theme }.render(top, buf);
    Footer { view, app, theme }.render(bottom, buf);
    if view.link.connection == Connection::Failed {
        ErrorScreen { view, theme }.render(body, buf);
    } else if view.waiting() {
        Splash { view, theme }.render(body, buf);
    } else {
        dashboard(buf, body, view, app, theme);
        if app.summary_shown(view.ended()) {
            Summary { view, app, theme }.render(body, buf);
        }
    }
    if app.help {
        HelpPopup { view, app, theme }.render(area, buf);
    }
}

/// Size classes: compact from 80×24, wide from about 150×40.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Size {
    Compact,
    Medium,
    Wide,
}

pub(crate) fn size_class(area: Rect) -> Size {
    if area.width >= 150 && area.height >= 36 {
        Size::Wide
    } else if area.width >= 100 && area.height >= 26 {
        Size::Medium
    } else {
        Size::Compact
    }
}

/// Where the four panels go: participants, likes, prompt, feed (the feed
/// gets no width on narrow compact screens).
fn panel_areas(body: Rect) -> [Rect; 4] {
    match size_class(body) {
        Size::Wide => {
            let [left, mid, right] = Layout::horizontal([
                Constraint::Percentage(30),
                Constraint::Percentage(45),
                Constraint::Percentage(25),
            ])
            .areas(body);
            let [p, l] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(left);
            [p, l, mid, right]
        }
        Size::Medium => {
            let [top, rest] =
                Layout::vertical([Constraint::Length(10), Constraint::Min(0)]).areas(body);
            let [p, l] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
            let [pr, fd] =
                Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(rest);
            [p, l, pr, fd]
        }
        Size::Compact => {
            let top_h = if body.height >= 16 { 5 } else { 4 };
            let [top, rest] =
                Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(body);
            let [p, l] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
            let feed_w = if body.width >= 70 {
                body.width * 40 / 100
            } else {
                0
            };
            let [pr, fd] =
                Layout::horizontal([Constraint::Min(0), Constraint::Length(feed_w)]).areas(rest);
            [p, l, pr, fd]
        }
    }
}

fn dashboard(buf: &mut Buffer, body: Rect, view: &View, app: &App, theme: &Theme) {
    let [parts, likes, prompt, feed] = match app.expanded_focus() {
        // The focused panel gets the whole body; the others are not drawn.
        Some(focus) => {
            let none = Rect {
                width: 0,
                height: 0,
                ..body
            };
            let mut areas = [none; 4];
            let i = match focus {
                Focus::Participants => 0,
                Focus::Likes => 1,
                Focus::Prompt => 2,
                Focus::Feed => 3,
            };
            areas[i] = body;
            areas
        }
        None => panel_areas(body),
    };
    let panel = |f: Focus| Panel {
        view,
        app,
        theme,
        focused: app.focus == f,
    };
    let drawn = |a: Rect| a.width > 0 && a.height > 0;
    if drawn(parts) {
        ParticipantsPanel(panel(Focus::Participants)).render(parts, buf);
    }
    if drawn(likes) {
        LikesPanel(panel(Focus::Likes)).render(likes, buf);
    }
    if drawn(prompt) {
        PromptPanel(panel(Focus::Prompt)).render(prompt, buf);
    }
    if drawn(feed) {
        FeedPanel(panel(Focus::Feed)).render(feed, buf);
    }
}
