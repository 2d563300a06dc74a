//! The big figures: which scope (live or totals) drives them, the figure
//! itself (block digits when they fit), and the frame the two big-number
//! panels (participants, likes) share.

use super::cells::put_line;
use super::{bignum, panel, take_rows};
use crate::ui::app::{App, Scope, StatsPlan};
use crate::ui::figures::{clock, compact};
use crate::ui::text::{cut, width};
use crate::ui::theme::Theme;
use crate::ui::view::{Numbers, View};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

/// The headline's scope, as every label names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    /// The stats endpoint's numbers: every session of the journey.
    AllSessions,
    /// What this dashboard's socket heard since it connected (or `r`).
    HeardLive,
}

impl ScopeKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            ScopeKind::AllSessions => "all sessions",
            ScopeKind::HeardLive => "heard live",
        }
    }
}

/// The numbers that drive the headline, and how to label them.
pub(crate) struct Scoped<'a> {
    pub(crate) nums: &'a Numbers,
    pub(crate) kind: ScopeKind,
    /// "all sessions" or "heard live".
    pub(crate) label: &'static str,
    source: Source,
}

/// Where a scope's numbers come from.
enum Source {
    /// The stats endpoint, as of the time its numbers hold for.
    Stats,
    /// Said in fixed words: heard live by choice, or why all-session
    /// numbers are missing.
    Words(&'static str),
}

impl Scoped<'_> {
    /// Where the numbers come from, or why all-session numbers are missing.
    /// Made when shown: the stats' time moves with every poll, and only a
    /// drawing that shows it should be drawn again for it.
    pub(crate) fn note(&self) -> String {
        match self.source {
            Source::Stats if self.nums.refined => {
                format!("stats at {} + heard live since", clock(self.nums.at()))
            }
            Source::Stats => format!("stats at {}", clock(self.nums.at())),
            Source::Words(words) => words.to_string(),
        }
    }
}

/// Which numbers drive the headline: all sessions when the stats endpoint
/// answered (unless `t` chose heard live), else heard live with the reason.
pub(crate) fn scoped<'a>(view: &'a View, app: &App) -> Scoped<'a> {
    scope_of(view.totals.as_ref(), &view.live, app.scope, view.stats_plan)
}

/// [`scoped`] from its parts (unit-tested).
pub(crate) fn scope_of<'a>(
    totals: Option<&'a Numbers>,
    live: &'a Numbers,
    chosen: Scope,
    plan: StatsPlan,
) -> Scoped<'a> {
    match (totals, chosen) {
        (Some(t), Scope::Totals) => Scoped {
            nums: t,
            kind: ScopeKind::AllSessions,
            label: ScopeKind::AllSessions.label(),
            source: Source::Stats,
        },
        (Some(_), Scope::Live) => Scoped {
            nums: live,
            kind: ScopeKind::HeardLive,
            label: ScopeKind::HeardLive.label(),
            source: Source::Words("since connecting; t shows all sessions"),
        },
        (None, _) => Scoped {
            nums: live,
            kind: ScopeKind::HeardLive,
            label: ScopeKind::HeardLive.label(),
            source: Source::Words(plan.missing()),
        },
    }
}

/// The frame of a big-number panel: a titled block naming the scope, the
/// figure of that scope with where it comes from, and rows kept free below
/// for the sparklines. Only one scope's figure: a panel never mixes them.
pub(crate) struct FigurePanel<'a> {
    pub(crate) title: &'a str,
    pub(crate) unit: &'a str,
    /// Which number of a scope this panel shows.
    pub(crate) pick: fn(&Numbers) -> u64,
    pub(crate) panel: super::Panel<'a>,
}

impl FigurePanel<'_> {
    /// Draws the frame and the figure; returns the area left under the
    /// figure (empty when none), for the panel's own rows.
    pub(crate) fn draw(self, area: Rect, buf: &mut Buffer) -> Rect {
        let Self {
            title,
            unit,
            pick,
            panel:
                super::Panel {
                    view,
                    app,
                    theme,
                    focused,
                },
        } = self;
        let s = scoped(view, app);
        let title = format!(" {title} · {} ", s.label);
        let inner = panel(buf, area, &title, focused, theme);
        if inner.height == 0 || inner.width == 0 {
            return Rect { height: 0, ..inner };
        }
        let note = s.note();
        // Keep rows for the sparklines (and names) when there is room.
        let reserve = match inner.height {
            9.. => 3,
            8 => 2,
            _ => 1,
        };
        BigFigure {
            value: &compact(pick(s.nums)),
            label: unit,
            note: &note,
            reserve,
            theme,
        }
        .draw(inner, buf)
    }
}

/// A big figure at the top of an area: block digits when they fit (with a
/// label line under them), else one bold line.
pub(crate) struct BigFigure<'a> {
    pub(crate) value: &'a str,
    pub(crate) label: &'a str,
    pub(crate) note: &'a str,
    /// Rows to leave free below the digits.
    pub(crate) reserve: u16,
    pub(crate) theme: &'a Theme,
}

impl BigFigure<'_> {
    /// Draws the figure; returns the rows left below it.
    pub(crate) fn draw(self, area: Rect, buf: &mut Buffer) -> Rect {
        let Self {
            value,
            label,
            note,
            reserve,
            theme,
        } = self;
        let mut rest = area;
        if area.width == 0 || area.height == 0 {
            return rest;
        }
        // Block digits need their rows plus the label, and leave `reserve` rows.
        let room = Rect {
            height: area.height.saturating_sub(1 + reserve),
            ..area
        };
        if let Some(scale) = bignum::fits(value, room) {
            let h = bignum::HEIGHT * scale;
            let digits = take_rows(&mut rest, h);
            bignum::draw(buf, digits, value, scale, theme.big);
            let line = take_rows(&mut rest, 1);
            let text = if note.is_empty() {
                label.to_string()
            } else {
                format!("{label} · {note}")
            };
            put_line(
                buf,
                line,
                &[Span::styled(cut(&text, line.width as usize), theme.text)],
            );
            return rest;
        }
        let line = take_rows(&mut rest, 1);
        let w = line.width as usize;
        let mut spans = vec![Span::styled(value.to_string(), theme.big)];
        let mut used = width(value);
        for (t, style) in [(label, theme.text), (note, theme.dim)] {
            if t.is_empty() || used + 2 >= w {
                continue;
            }
            // A note that does not fit drops its "(why)" before being cut.
            let room = w - used - 2;
            let t = match t.split_once(" (") {
                Some((short, _)) if width(t) > room => short,
                _ => t,
            };
            let piece = cut(t, room);
            used += 2 + width(&piece);
            spans.push(Span::raw("  "));
            spans.push(Span::styled(piece, style));
        }
        put_line(buf, line, &spans);
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(users: u64, refined: bool) -> Numbers {
        let mut n = Numbers::empty_at(40.0);
        n.users = users;
        n.refined = refined;
        n
    }

    #[test]
    fn every_scope_is_labelled_and_says_where_it_comes_from() {
        let (live, stats) = (nums(4, false), nums(59, true));
        let s = scope_of(Some(&stats), &live, Scope::Totals, StatsPlan::Endpoint);
        assert_eq!((s.nums.users, s.label), (59, "all sessions"));
        assert_eq!(s.note(), "stats at 00:40 + heard live since");
        let s = scope_of(Some(&stats), &live, Scope::Live, StatsPlan::Endpoint);
        assert_eq!(
            (s.nums.users, s.label, s.kind),
            (4, "heard live", ScopeKind::HeardLive)
        );
        let plain = nums(59, false);
        let s = scope_of(Some(&plain), &live, Scope::Totals, StatsPlan::Endpoint);
        assert_eq!(s.note(), "stats at 00:40");
    }

    #[test]
    fn without_stats_the_label_says_why_and_what_to_do() {
        let live = nums(4, false);
        for (plan, words) in [
            (StatsPlan::NoEndpoint, "add --api URL"),
            (StatsPlan::Endpoint, "has not answered"),
            (StatsPlan::Recording, "recording holds no stats"),
        ] {
            let s = scope_of(None, &live, Scope::Totals, plan);
            assert_eq!(s.label, "heard live", "never all sessions without stats");
            assert!(s.note().contains(words), "{plan:?}: {}", s.note());
        }
    }
}
