//! Press and hold: how many hold now (big), against the people here, how
//! many have resonated, and holding over time.

use super::Scene;
use super::rows::{line, no_data};
use crate::ui::figures::{compact, people, percent};
use crate::ui::text::width;
use crate::ui::widgets::{self, bar, bignum, span_secs, spark, take_rows};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

pub(super) fn draw(scene: &Scene, area: Rect, buf: &mut Buffer) {
    let Scene {
        view,
        scoped: s,
        theme,
        ..
    } = scene;
    let mut rest = area;
    let (Some(active), pressed) = (s.nums.press_active, s.nums.press) else {
        no_data(buf, area, s, theme);
        return;
    };
    let pressed = pressed.unwrap_or(0);
    let users = s.nums.users;
    // The count of people holding, big when it fits.
    let resonating = if active == 1 {
        format!("person is holding now · {}", s.label)
    } else {
        format!("people are holding now · {}", s.label)
    };
    let value = compact(active);
    let room = Rect {
        height: rest.height.saturating_sub(5),
        ..rest
    };
    if let Some(scale) = bignum::fits(&value, room) {
        let digits = take_rows(&mut rest, bignum::HEIGHT * scale);
        bignum::draw(buf, digits, &value, scale, theme.big);
        line(buf, &mut rest, &[Span::styled(resonating, theme.title)]);
    } else {
        line(
            buf,
            &mut rest,
            &[
                Span::styled(value, theme.big),
                Span::raw(" "),
                Span::styled(resonating, theme.title),
            ],
        );
    }
    // Holding now against the people here.
    let w = rest.width as usize;
    let tail = format!(
        " {} / {} ({})",
        compact(active),
        compact(users),
        percent(active, users)
    );
    let label = "holding now ";
    let bar_w = w.saturating_sub(width(label) + width(&tail));
    let frac = if users == 0 {
        0.0
    } else {
        active as f64 / users as f64
    };
    line(
        buf,
        &mut rest,
        &[
            Span::styled(label, theme.dim),
            Span::styled(bar(frac, bar_w), theme.accent),
            Span::styled(tail, theme.text),
        ],
    );
    let ripple = if active >= 101 {
        "  · strong ripple"
    } else if active >= 11 {
        "  · ripple"
    } else {
        ""
    };
    line(
        buf,
        &mut rest,
        &[
            Span::styled(format!("{} ever pressed", people(pressed)), theme.text),
            Span::styled(ripple, theme.warn),
        ],
    );
    if rest.height >= 2 {
        line(
            buf,
            &mut rest,
            &[Span::styled(
                "holding now over time · heard live",
                theme.dim,
            )],
        );
        let data = widgets::window(view.holding(), scene.window);
        let span = span_secs(view, scene.window, data.len());
        spark(buf, rest, data, span, false, None, theme.accent);
    }
}
