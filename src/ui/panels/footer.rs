//! The key-hint bar. It tells the truth: hints come from the key table and
//! follow the state (help open, frozen, journey ended, demo restart pending).

use crate::ui::app::{App, AutoRestart, Scope, ZOOMS};
use crate::ui::keys::{self, FooterState, HintWord};
use crate::ui::panels::header::speed_text;
use crate::ui::text::width;
use crate::ui::theme::ColorMode;
use crate::ui::theme::Theme;
use crate::ui::view::View;
use crate::ui::widgets::cells::{put_line, put_line_right};
use journeytop_engine::Connection;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Widget;

pub(crate) struct Footer<'a> {
    pub(crate) view: &'a View,
    pub(crate) app: &'a App,
    pub(crate) theme: &'a Theme,
}

/// The notice on the left (demo restart), then the key hints.
fn hints(view: &View, app: &App) -> (Option<String>, Vec<(&'static str, String)>) {
    let state = if app.help {
        FooterState::HelpOpen
    } else if view.link().connection == Connection::Failed || view.waiting() {
        // The error screen and the splash only take a few keys.
        FooterState::Notice
    } else {
        FooterState::Dashboard
    };
    let notice = match app.restart {
        _ if state == FooterState::HelpOpen => None,
        AutoRestart::Pending { secs } => Some(format!("next journey in {secs} s — any key stays")),
        _ => None,
    };
    let screen = app.screen(keys::Screen::of_view(view));
    let hints = keys::footer_hints(state, screen, view.ended())
        .into_iter()
        // Without colour there is no theme to cycle.
        .filter(|h| !(h.word == HintWord::Theme && app.color == ColorMode::None))
        .map(|h| (h.keys, word(h.word, view, app)))
        .collect();
    (notice, hints)
}

/// A hint's words in the current state.
fn word(word: HintWord, view: &View, app: &App) -> String {
    match word {
        HintWord::Fixed(w) => w.to_string(),
        HintWord::PlayPause => match view.playback {
            Some(p) if p.paused => "play".into(),
            _ => "pause".into(),
        },
        HintWord::Freeze if app.is_frozen() => "unfreeze".into(),
        HintWord::Freeze => "freeze".into(),
        HintWord::Scope => match (app.scope, view.totals.is_some()) {
            (_, false) => "all sessions (no stats)".into(),
            (Scope::Live, true) => "all sessions".into(),
            (Scope::Totals, true) => "heard live".into(),
        },
        HintWord::Speed => match view.playback {
            Some(p) => format!("speed {}", speed_text(p.speed)),
            None => "speed".into(),
        },
        HintWord::Expand if app.expanded => "back".into(),
        HintWord::Expand => "expand".into(),
        HintWord::Summary if app.summary_shown(view.ended()) => "hide summary".into(),
        HintWord::Summary => "summary".into(),
        HintWord::Zoom if app.zoom + 1 < ZOOMS.len() && app.zoom > 0 => "zoom".into(),
        HintWord::Zoom if app.zoom == 0 => "zoom in".into(),
        HintWord::Zoom => "zoom out".into(),
        HintWord::Theme => format!("theme: {}", app.theme.label()),
    }
}

impl Widget for Footer<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { view, app, theme } = self;
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
        let right = format!("timeline: {}", app.window_label());
        let dashboard =
            view.link().connection != Connection::Failed && !view.waiting() && !app.help;
        let right = if view.playback.is_some() {
            // The replay's speed is always on screen, paused or not.
            let p = view
                .playback
                .map(|p| speed_text(p.speed))
                .unwrap_or_default();
            format!("{right} · {p}")
        } else {
            right
        };
        if dashboard && used + width(&right) < w {
            put_line(buf, area, &spans);
            put_line_right(buf, area, &[Span::styled(right, theme.dim)]);
        } else {
            put_line(buf, area, &spans);
        }
    }
}
