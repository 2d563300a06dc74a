//! The key-hint bar. It tells the truth: hints change with the state
//! (help open, frozen, journey ended, demo restart pending).

use super::text::width;
use super::theme::Theme;
use super::view::View;
use super::{App, AutoRestart, Scope, ZOOMS};
use journeytop_engine::Connection;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The timeline window in words.
pub fn window_label(app: &App) -> String {
    match app.window() {
        None => "whole journey".to_string(),
        Some(s) => format!("last {s} s"),
    }
}

pub fn hints(view: &View, app: &App) -> (Option<String>, Vec<(&'static str, String)>) {
    let mut notice = None;
    let mut h: Vec<(&'static str, String)> = Vec::new();
    if app.help {
        h.push(("Esc", "close help".into()));
        h.push(("q", "quit".into()));
        return (None, h);
    }
    match app.restart {
        AutoRestart::Pending { secs } => {
            notice = Some(format!(
                "restarting the demo in {secs} s — press any key to stay"
            ));
        }
        AutoRestart::Stopped if view.link.connection == Connection::Ended => {
            notice = Some("auto-restart stopped".to_string());
        }
        _ => {}
    }
    // The error screen and the splash only take these two keys.
    if view.link.connection == Connection::Failed || view.waiting() {
        h.push(("q", "quit".into()));
        h.push(("?", "help".into()));
        return (notice, h);
    }
    h.push(("q", "quit".into()));
    h.push(("?", "help".into()));
    if let Some(p) = view.playback {
        h.push((
            "space",
            if p.paused {
                "play".into()
            } else {
                "pause".into()
            },
        ));
        h.push(("[/]", "speed".into()));
        h.push(("←/→", "seek 5 s".into()));
        h.push(("Home", "start".into()));
    }
    if app.is_frozen() {
        h.push(("f", "unfreeze".into()));
    } else {
        h.push(("f", "freeze".into()));
    }
    if view.playback.is_none() {
        h.push(("r", "reset live".into()));
    }
    let scope = match (app.scope, view.totals.is_some()) {
        (_, false) => "totals (none)",
        (Scope::Live, true) => "show totals",
        (Scope::Totals, true) => "show live",
    };
    h.push(("t", scope.into()));
    h.push(("Tab", "focus".into()));
    let zoom = if app.zoom + 1 < ZOOMS.len() && app.zoom > 0 {
        "zoom"
    } else if app.zoom == 0 {
        "zoom in"
    } else {
        "zoom out"
    };
    h.push(("+/-", zoom.into()));
    h.push(("c", format!("theme: {}", app.theme.label())));
    (notice, h)
}

pub fn render(buf: &mut Buffer, area: Rect, view: &View, app: &App, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let (notice, hints) = hints(view, app);
    let w = area.width as usize;
    let mut spans = Vec::new();
    let mut used = 0;
    if let Some(n) = notice {
        let n = format!(" {n} ");
        if width(&n) < w {
            used += width(&n) + 1;
            spans.push(Span::styled(n, theme.badge));
            spans.push(Span::raw(" "));
        }
    }
    // Whole hints only: drop the ones that do not fit rather than cut them.
    for (key, what) in hints {
        let piece = width(key) + 1 + width(&what) + 2;
        if used + piece > w {
            break;
        }
        used += piece;
        spans.push(Span::styled(key, theme.accent));
        spans.push(Span::styled(format!(" {what}  "), theme.dim));
    }
    let right = format!("timeline: {}", window_label(app));
    let dashboard = view.link.connection != Connection::Failed && !view.waiting() && !app.help;
    if dashboard && used + width(&right) < w {
        Line::from(spans).render(area, buf);
        Line::from(Span::styled(right, theme.dim))
            .right_aligned()
            .render(area, buf);
    } else {
        Line::from(spans).render(area, buf);
    }
}
