//! The header: the prompt, which journey, the connection and the clock.

use crate::ui::app::App;
use crate::ui::figures::clock;
use crate::ui::text::{cut, width};
use crate::ui::theme::Theme;
use crate::ui::view::{Phase, Playback, View, latency_text};
use crate::ui::widgets::cells::{Border, Titles, frame, put_line, put_line_right};
use crate::ui::widgets::figure::{ScopeKind, scoped};
use crate::ui::widgets::{bar, panel_inner};
use journeytop_engine::{Connection, StyleInfo};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{BorderType, Widget};

/// A uid is 30 characters of noise; keep the prefix and both ends.
pub(crate) fn short_uid(uid: &str, max: usize) -> String {
    let chars: Vec<char> = uid.chars().collect();
    if chars.len() <= max || max < 8 {
        return cut(uid, max);
    }
    let tail = 4;
    let head = max - tail - 1;
    let start: String = chars[..head].iter().collect();
    let end: String = chars[chars.len() - tail..].iter().collect();
    format!("{start}…{end}")
}

/// `1×`, `4×`, `1/2×`, `1/64×`: speeds are powers of two, and a fraction
/// reads better than `0.015625×`.
pub(crate) fn speed_text(speed: f64) -> String {
    if !speed.is_finite() || speed <= 0.0 {
        return "0×".to_string();
    }
    if speed >= 1.0 || speed.fract() == 0.0 {
        let s = format!("{speed:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        return format!("{s}×");
    }
    let inverse = 1.0 / speed;
    if (inverse - inverse.round()).abs() < 1e-9 {
        format!("1/{}×", inverse.round() as u64)
    } else {
        format!("{speed:.3}×")
    }
}

fn connection_span<'a>(view: &View, theme: &Theme) -> Span<'a> {
    let l = view.link();
    if view.phase == Phase::Settling {
        return Span::styled("■ ended · settling the last events", theme.accent);
    }
    match l.connection {
        Connection::Connecting => Span::styled("◌ connecting…", theme.warn),
        Connection::Live => Span::styled(
            match l.latency_ms {
                Some(ms) => format!("● live · {}", latency_text(ms)),
                None => "● live".to_string(),
            },
            theme.good,
        ),
        Connection::Reconnecting => Span::styled(
            match l.retry_in {
                Some(s) => format!("◌ reconnecting in {} s", s.ceil() as u64),
                None => "◌ reconnecting…".to_string(),
            },
            theme.warn,
        ),
        Connection::Ended => Span::styled("■ ended", theme.accent),
        Connection::Failed => Span::styled("✖ error", theme.bad),
    }
}

/// In a replay: where the player stands (or why it stopped), then what the
/// link was doing at that moment of the recording when that says something
/// (a "connecting" from the recording's first line would only mislead).
fn replay_span<'a>(view: &View, p: Playback, theme: &Theme) -> Span<'a> {
    // A file changed under the player: why the clock shown stands still.
    if let Some(why) = &view.stopped {
        return Span::styled(format!("✖ stopped · {why}"), theme.bad);
    }
    let state = if view.phase == Phase::Ended {
        "■ end of the recording".to_string()
    } else if view.now() <= p.start {
        if p.paused {
            "⏸ at the start of the recording".to_string()
        } else {
            "▶ playing from the start".to_string()
        }
    } else if p.paused {
        "⏸ paused".to_string()
    } else {
        format!("▶ playing at {}", speed_text(p.speed))
    };
    let text = match view.link().connection {
        _ if view.phase == Phase::Ended => state,
        Connection::Connecting => state,
        _ => format!(
            "{state} · recorded {}",
            connection_span(view, theme).content
        ),
    };
    Span::styled(text, theme.accent)
}

/// The connection badge: what the link (or the player) is doing, never
/// the scope.
fn connection_badge(view: &View, theme: &Theme) -> (String, ratatui::style::Style) {
    use ratatui::style::Modifier;
    let rev = |s: ratatui::style::Style| s.add_modifier(Modifier::REVERSED);
    if let Some(p) = view.playback {
        let state = match (view.phase, p.paused) {
            (Phase::Ended, _) => format!(" ■ REPLAY END · {} ", speed_text(p.speed)),
            (_, true) => format!(" ⏸ PAUSED · {} ", speed_text(p.speed)),
            (_, false) => format!(" ▶ REPLAY · {} ", speed_text(p.speed)),
        };
        return (state, theme.badge);
    }
    match (view.phase, view.link().connection) {
        (_, Connection::Failed) => (" ✖ ERROR ".into(), rev(theme.bad)),
        (Phase::Settling, _) => (" ■ ENDED · SETTLING ".into(), rev(theme.warn)),
        (Phase::Ended, _) | (_, Connection::Ended) => (" ■ ENDED ".into(), rev(theme.dim)),
        (_, Connection::Live) => (" ● LIVE ".into(), rev(theme.good)),
        (_, Connection::Connecting) => (" ◌ CONNECTING ".into(), rev(theme.warn)),
        (_, Connection::Reconnecting) => (" ◌ RECONNECTING ".into(), rev(theme.warn)),
    }
}

pub(crate) struct Header<'a> {
    pub(crate) view: &'a View,
    pub(crate) app: &'a App,
    pub(crate) theme: &'a Theme,
}

impl Widget for Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.frame(area, buf);
        let inner = panel_inner(area);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let [l1, l2] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
        self.prompt_line(l1, buf);
        self.status_line(l2, buf);
    }
}

impl Header<'_> {
    /// The frame: the mode on the left, the state badges on the right —
    /// the connection (or the replay) and the headline's scope, apart.
    fn frame(&self, area: Rect, buf: &mut Buffer) {
        let Self { view, app, theme } = *self;
        let mut badges: Vec<Span> = Vec::new();
        if app.is_frozen() {
            badges.push(Span::styled(" FROZEN ", theme.badge));
            badges.push(Span::raw(" "));
        }
        let (state, style) = connection_badge(view, theme);
        badges.push(Span::styled(state, style));
        badges.push(Span::raw(" "));
        let scope = match scoped(view, app).kind {
            ScopeKind::AllSessions => " ALL SESSIONS ",
            ScopeKind::HeardLive => " HEARD LIVE ",
        };
        badges.push(Span::styled(
            scope,
            theme
                .accent
                .add_modifier(ratatui::style::Modifier::REVERSED),
        ));
        let border = Border {
            set: BorderType::Rounded.to_border_set(),
            style: theme.border,
        };
        let mode = format!(" journeytop · {} ", view.mode.label());
        let titles = Titles {
            left: &mode,
            left_style: theme.title,
            right: &badges,
        };
        frame(buf, area, &border, &titles);
    }

    /// Line 1: the prompt, and its style.
    fn prompt_line(&self, l1: Rect, buf: &mut Buffer) {
        let Self { view, theme, .. } = *self;
        let style_note = match (view.style, &view.prompt_text) {
            (StyleInfo::Known(s), _) => format!("{s} prompt"),
            (StyleInfo::Inferred(s), _) => format!("{s} (inferred from answers)"),
            (StyleInfo::Unknown, _) => "prompt not given".to_string(),
        };
        let note_w = (width(&style_note) as u16 + 2).min(l1.width / 2);
        let [pa, na] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(note_w)]).areas(l1);
        let text = view
            .prompt_text
            .clone()
            .unwrap_or_else(|| "(prompt text unknown)".to_string());
        put_line(
            buf,
            pa,
            &[Span::styled(cut(&text, pa.width as usize), theme.title)],
        );
        let note = cut(&style_note, na.width as usize);
        put_line_right(buf, na, &[Span::styled(note, theme.dim)]);
    }

    /// Line 2: uid · variant · connection, then the clock and progress.
    fn status_line(&self, l2: Rect, buf: &mut Buffer) {
        let Self { view, theme, .. } = *self;
        let clock_text = clock_text(view.now(), view.duration);
        let right_w = if view.duration.is_some() {
            (l2.width / 3).clamp(width(&clock_text) as u16, 46)
        } else {
            width(&clock_text) as u16
        };
        // Computed by hand so the two sides always keep a two-cell gap.
        let right_w = right_w.min(l2.width);
        let ra = Rect {
            x: l2.right() - right_w,
            width: right_w,
            ..l2
        };
        let la = Rect {
            width: l2.width.saturating_sub(right_w + 2),
            ..l2
        };
        let conn = match view.playback {
            Some(p) => replay_span(view, p, theme),
            None => connection_span(view, theme),
        };
        let conn_w = width(&conn.content);
        let avail = (la.width as usize).saturating_sub(conn_w + 3);
        let variant = view.variant;
        let ident = if avail >= width(variant) + 3 + 12 {
            let uid = short_uid(&view.uid, (avail - width(variant) - 3).min(24));
            format!("{uid} · {variant}")
        } else {
            short_uid(&view.uid, avail)
        };
        let mut spans = vec![];
        if !ident.is_empty() {
            spans.push(Span::styled(ident, theme.dim));
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(conn);
        put_line(buf, la, &spans);
        let mut right = vec![Span::styled(clock_text.clone(), theme.title)];
        if let Some(d) = view.duration {
            let bar_w = (ra.width as usize).saturating_sub(width(&clock_text) + 1);
            if bar_w >= 4 {
                right.push(Span::raw(" "));
                right.push(Span::styled(bar(view.now() / d, bar_w), theme.bar));
            }
        }
        put_line_right(buf, ra, &right);
    }
}

/// The journey clock against its duration. Past the end the journey clock
/// stops at its duration and the time since is shown apart, so the clock
/// never reads more than the journey lasts ("18:10 / 18:10 +00:13").
fn clock_text(now: f64, duration: Option<f64>) -> String {
    match duration {
        Some(d) if now > d && clock(now) != clock(d) => {
            format!("{} / {} +{}", clock(d), clock(d), clock(now - d))
        }
        Some(d) => format!("{} / {}", clock(now), clock(d)),
        None => clock(now),
    }
}

#[cfg(test)]
mod tests {
    use super::{clock_text, short_uid, speed_text};

    #[test]
    fn the_clock_stops_at_the_duration_and_shows_the_time_since() {
        assert_eq!(clock_text(315.2, Some(1090.0)), "05:15 / 18:10");
        assert_eq!(clock_text(1090.0, Some(1090.0)), "18:10 / 18:10");
        assert_eq!(clock_text(1090.7, Some(1090.0)), "18:10 / 18:10");
        assert_eq!(clock_text(1103.4, Some(1090.0)), "18:10 / 18:10 +00:13");
        assert_eq!(clock_text(75.0, None), "01:15");
    }

    #[test]
    fn speeds_read_as_fractions() {
        assert_eq!(speed_text(1.0), "1×");
        assert_eq!(speed_text(2.0), "2×");
        assert_eq!(speed_text(64.0), "64×");
        assert_eq!(speed_text(0.5), "1/2×");
        assert_eq!(speed_text(0.015625), "1/64×");
        assert_eq!(speed_text(1.5), "1.5×");
    }

    #[test]
    fn uid_shortening() {
        let uid = "oseh_ip_AbCdEfGhIjKlMnOpQrStUv";
        assert_eq!(short_uid(uid, 100), uid);
        assert_eq!(short_uid(uid, 16), "oseh_ip_AbC…StUv");
        assert_eq!(short_uid(uid, 5), "oseh…");
    }
}
