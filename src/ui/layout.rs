//! The whole screen: picks the state (too small, error, splash, dashboard),
//! lays out the panels for the size, and draws overlays. Pure: reads a
//! [`View`] and the [`App`], draws into the frame.

use super::theme::Theme;
use super::view::{Numbers, View};
use super::{App, Focus, Scope, feed, footer, header, likes, participants, prompt, screens};
use journeytop_engine::Connection;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Widget};

/// Below this the dashboard cannot be read: a notice instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// The numbers that drive the big figures, and how to label them.
pub struct Scoped<'a> {
    pub nums: &'a Numbers,
    /// "live" or "totals".
    pub label: &'static str,
    /// The other scope, for a small second figure.
    pub other: Option<(&'static str, &'a Numbers)>,
    /// Totals were asked for (or would be shown) but there are none.
    pub no_totals: bool,
}

pub fn scoped<'a>(view: &'a View, app: &App) -> Scoped<'a> {
    match (&view.totals, app.scope) {
        (Some(t), Scope::Totals) => Scoped {
            nums: t,
            label: "totals",
            other: Some(("live", &view.live)),
            no_totals: false,
        },
        (Some(t), Scope::Live) => Scoped {
            nums: &view.live,
            label: "live",
            other: Some(("totals", t)),
            no_totals: false,
        },
        (None, _) => Scoped {
            nums: &view.live,
            label: "live",
            other: None,
            no_totals: true,
        },
    }
}

/// Honest words for a missing totals scope.
pub const NO_TOTALS: &str = "totals: none (no stats endpoint)";

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
    let theme = Theme::new(app.theme, app.color);
    Block::new().style(theme.base).render(area, buf);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        screens::too_small(buf, area, &theme);
        return;
    }
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    header::render(buf, top, view, app, &theme);
    footer::render(buf, bottom, view, app, &theme);
    if view.link.connection == Connection::Failed {
        screens::error(buf, body, view, &theme);
    } else if view.waiting() {
        screens::splash(buf, body, view, &theme);
    } else {
        dashboard(buf, body, view, app, &theme);
        if view.link.connection == Connection::Ended {
            screens::summary(buf, body, view, app, &theme);
        }
    }
    if app.help {
        screens::help(buf, area, view, app, &theme);
    }
}

/// Size classes: compact from 80×24, wide from about 150×40.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Compact,
    Medium,
    Wide,
}

pub fn size_class(area: Rect) -> Size {
    if area.width >= 150 && area.height >= 36 {
        Size::Wide
    } else if area.width >= 100 && area.height >= 26 {
        Size::Medium
    } else {
        Size::Compact
    }
}

fn dashboard(buf: &mut Buffer, body: Rect, view: &View, app: &App, theme: &Theme) {
    let size = size_class(body);
    let (parts, likes_area, prompt_area, feed_area) = match size {
        Size::Wide => {
            let [left, mid, right] = Layout::horizontal([
                Constraint::Percentage(30),
                Constraint::Percentage(45),
                Constraint::Percentage(25),
            ])
            .areas(body);
            let [p, l] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(left);
            (p, l, mid, right)
        }
        Size::Medium => {
            let [top, rest] =
                Layout::vertical([Constraint::Length(10), Constraint::Min(0)]).areas(body);
            let [p, l] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
            let [pr, fd] =
                Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(rest);
            (p, l, pr, fd)
        }
        Size::Compact => {
            let top_h = if body.height >= 16 { 5 } else { 4 };
            let [top, rest] =
                Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(body);
            let [p, l] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
            let feed_w = if body.width >= 70 {
                body.width * 35 / 100
            } else {
                0
            };
            let [pr, fd] =
                Layout::horizontal([Constraint::Min(0), Constraint::Length(feed_w)]).areas(rest);
            (p, l, pr, fd)
        }
    };
    participants::render(
        buf,
        parts,
        view,
        app,
        theme,
        app.focus == Focus::Participants,
    );
    likes::render(buf, likes_area, view, app, theme, app.focus == Focus::Likes);
    prompt::render(
        buf,
        prompt_area,
        view,
        app,
        theme,
        app.focus == Focus::Prompt,
    );
    if feed_area.width > 0 {
        feed::render(buf, feed_area, view, theme, app.focus == Focus::Feed);
    }
}

/// A rect of at most `w`×`h`, centered in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The frame shared by the two big-number panels (participants, likes): a
/// titled block, the figure of the scope that drives the big numbers, the
/// other scope's figure as a note, and rows kept free below for the
/// sparklines. Returns the area left under the figure (empty when none).
#[allow(clippy::too_many_arguments)]
pub fn figure_panel(
    buf: &mut ratatui::buffer::Buffer,
    area: Rect,
    title: &str,
    unit: &str,
    pick: fn(&Numbers) -> u64,
    view: &View,
    app: &App,
    theme: &Theme,
    focused: bool,
) -> Rect {
    use ratatui::widgets::Widget;
    let s = scoped(view, app);
    let block = super::widgets::panel(format!(" {title} · {} ", s.label), focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return Rect { height: 0, ..inner };
    }
    let note = match s.other {
        Some((label, n)) => format!("{label} {}", super::format::compact(pick(n))),
        None => NO_TOTALS.to_string(),
    };
    // Keep rows for the sparklines (and names) when there is room.
    let reserve = match inner.height {
        9.. => 3,
        8 => 2,
        _ => 1,
    };
    super::widgets::big_figure(
        buf,
        inner,
        &super::format::compact(pick(s.nums)),
        unit,
        &note,
        reserve,
        theme,
    )
}
