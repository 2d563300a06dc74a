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
    draw_recording(buf, area, view, app);
}

/// [`draw`], and for the plain dashboard each part's place and what it
/// read of the view's time-driven fields (see [`parts`]); `None` for any
/// other screen.
pub(crate) fn draw_recording(
    buf: &mut Buffer,
    area: Rect,
    view: &View,
    app: &App,
) -> Option<Vec<DrawnPart>> {
    if area.width == 0 || area.height == 0 {
        return None;
    }
    let theme = &Theme::new(app.theme, app.color);
    // Every cell blank in the base style: the buffer may hold an older
    // frame (the live dashboard draws over the frame before last).
    clear(buf, area, theme.base);
    if let Some(parts) = parts(area, view, app) {
        let drawn = parts
            .into_iter()
            .map(|(part, rect)| {
                let _ = view.take_reads();
                draw_part(buf, part, rect, view, app, theme);
                DrawnPart {
                    part,
                    rect,
                    reads: view.take_reads(),
                }
            })
            .collect();
        return Some(drawn);
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        TooSmall { theme }.render(area, buf);
        return None;
    }
    let [top, body, bottom] = frame_areas(area);
    Header { view, app, theme }.render(top, buf);
    Footer { view, app, theme }.render(bottom, buf);
    if view.link().connection == Connection::Failed {
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
    None
}

/// A part of the dashboard that draws alone, inside its own rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Header,
    Footer,
    Participants,
    Likes,
    Prompt,
    Feed,
}

/// A part as drawn: where, and what it read of the view's time-driven
/// fields (so it is drawn again only when one of those, or anything
/// else in the view, changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DrawnPart {
    pub(crate) part: Part,
    pub(crate) rect: Rect,
    pub(crate) reads: crate::ui::view::ReadSet,
}

/// The parts of the plain dashboard and their places: the header, the
/// footer and the panels, which do not overlap. `None` for every other
/// screen (too small, the error, the splash, the summary or help over the
/// dashboard): those are drawn whole.
pub(crate) fn parts(area: Rect, view: &View, app: &App) -> Option<Vec<(Part, Rect)>> {
    let plain = area.width >= MIN_WIDTH
        && area.height >= MIN_HEIGHT
        && !app.help
        && view.link().connection != Connection::Failed
        && !view.waiting()
        && !app.summary_shown(view.ended());
    if !plain {
        return None;
    }
    let [top, body, bottom] = frame_areas(area);
    let mut parts = vec![(Part::Header, top), (Part::Footer, bottom)];
    parts.extend(panel_parts(body, app));
    Some(parts)
}

/// The panels and their places in the body; a panel given no room (the
/// others when one is expanded, the feed on a narrow screen) is left out.
fn panel_parts(body: Rect, app: &App) -> impl Iterator<Item = (Part, Rect)> {
    [Part::Participants, Part::Likes, Part::Prompt, Part::Feed]
        .into_iter()
        .zip(dashboard_areas(body, app))
        .filter(|(_, a)| a.width > 0 && a.height > 0)
}

/// Draws one part into its rectangle (cleared to the base style first by
/// the caller).
pub(crate) fn draw_part(
    buf: &mut Buffer,
    part: Part,
    rect: Rect,
    view: &View,
    app: &App,
    theme: &Theme,
) {
    let panel = |f: Focus| Panel {
        view,
        app,
        theme,
        focused: app.focus == f,
    };
    match part {
        Part::Header => Header { view, app, theme }.render(rect, buf),
        Part::Footer => Footer { view, app, theme }.render(rect, buf),
        Part::Participants => ParticipantsPanel(panel(Focus::Participants)).render(rect, buf),
        Part::Likes => LikesPanel(panel(Focus::Likes)).render(rect, buf),
        Part::Prompt => PromptPanel(panel(Focus::Prompt)).render(rect, buf),
        Part::Feed => FeedPanel(panel(Focus::Feed)).render(rect, buf),
    }
}

/// The header, the body and the footer.
fn frame_areas(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(4),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area)
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

/// Where the panels go: the layout for the size, or the focused panel
/// over the whole body (the others then get no room).
fn dashboard_areas(body: Rect, app: &App) -> [Rect; 4] {
    match app.expanded_focus() {
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
    }
}

fn dashboard(buf: &mut Buffer, body: Rect, view: &View, app: &App, theme: &Theme) {
    for (part, rect) in panel_parts(body, app) {
        draw_part(buf, part, rect, view, app, theme);
    }
}
