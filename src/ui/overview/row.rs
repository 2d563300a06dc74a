//! One row of the overview: what the table shows of one journey, taken from
//! its engine in one go. Untrusted text (prompt, options, reasons, uid) is
//! cleaned here, as the dashboard's view model does.

use crate::ui::figures;
use crate::ui::text::clean;
use crate::ui::theme::color_name;
use journeytop_engine::timeline::Series;
use journeytop_engine::{Connection, JourneyState, Snapshot};
use journeytop_protocol::Prompt;
use journeytop_protocol::prompt::parse_hex_color;

/// Longest untrusted text kept (the table cuts further to fit).
const MAX_TEXT: usize = 80;
/// Seconds of likes in the sparkline.
pub(crate) const SPARK_SECONDS: usize = 30;

/// What the overview shows of one journey.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// The journey's place in the fleet (drilling in opens it).
    pub(crate) slot: usize,
    pub(crate) uid: String,
    pub(crate) prompt: String,
    pub(crate) style: &'static str,
    pub(crate) connection: Connection,
    /// "live", "reconnecting: why", "ended", "failed: why".
    pub(crate) state: String,
    pub(crate) time: f64,
    pub(crate) duration: Option<f64>,
    pub(crate) people: u64,
    /// "totals" when the stats endpoint answers (authoritative), else "live".
    pub(crate) scope: &'static str,
    pub(crate) likes: u64,
    /// Likes in each of the last seconds, oldest first.
    pub(crate) likes_per_second: Vec<u64>,
    /// Room mood, holding now, or the leading colour / word with its share.
    pub(crate) headline: String,
    pub(crate) swatch: Option<(u8, u8, u8)>,
    /// Answers ÷ people.
    pub(crate) rate: Option<f64>,
    /// Seconds since the last event arrived.
    pub(crate) since_last: Option<f64>,
}

impl Row {
    /// The row for journey `slot`. `last_event` is the journey time of the
    /// last batch with events.
    pub(crate) fn build(
        slot: usize,
        uid: &str,
        engine: &JourneyState,
        last_event: Option<f64>,
    ) -> Row {
        let now = engine.now();
        let (numbers, scope) = match engine.totals_snapshot() {
            Some(t) => (t, "totals"),
            None => (engine.snapshot(), "live"),
        };
        let prompt = engine.prompt();
        let (headline, swatch) = headline(prompt, &numbers);
        let link = engine.link();
        let state = match (&link.connection, &link.detail) {
            (Connection::Failed | Connection::Reconnecting, Some(why)) => {
                format!("{}: {}", link.connection.name(), clean(why, MAX_TEXT))
            }
            (c, _) => c.name().to_string(),
        };
        let upto = (now.max(0.0).floor() as usize + 1).max(engine.timeline().len());
        let likes = engine.timeline().series(Series::Likes, upto);
        let likes_per_second = likes[likes.len().saturating_sub(SPARK_SECONDS)..].to_vec();
        let answers = answers(&numbers);
        Row {
            slot,
            uid: clean(uid, MAX_TEXT),
            prompt: prompt.map_or_else(|| "(no prompt)".to_string(), |p| clean(p.text(), MAX_TEXT)),
            style: engine
                .style()
                .style()
                .map_or("?", journeytop_protocol::Style::name),
            connection: link.connection,
            state,
            time: now,
            duration: engine.duration().filter(|d| d.is_finite() && *d > 0.0),
            people: numbers.users,
            scope,
            likes: numbers.likes,
            likes_per_second,
            headline,
            swatch,
            rate: (numbers.users > 0).then(|| answers as f64 / numbers.users as f64),
            since_last: last_event.map(|t| (now - t).max(0.0)),
        }
    }
}

/// Answers in the tally: ratings, colours or words chosen; presses.
fn answers(s: &Snapshot) -> u64 {
    if let Some(n) = &s.numeric_active {
        return n.iter().map(|(_, c)| c).sum();
    }
    if let Some(c) = s.color_active.as_ref().or(s.word_active.as_ref()) {
        return c.iter().sum();
    }
    s.press.unwrap_or(0)
}

/// The prompt's headline and, for a colour prompt, the leading colour.
fn headline(prompt: Option<&Prompt>, s: &Snapshot) -> (String, Option<(u8, u8, u8)>) {
    let leading = |counts: &[u64]| {
        let total: u64 = counts.iter().sum();
        let (i, n) = counts
            .iter()
            .enumerate()
            .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))?;
        (*n > 0).then(|| (i, figures::percent(*n, total)))
    };
    match prompt {
        Some(Prompt::Numeric { .. }) => match s.mood() {
            Some(m) => (format!("mood {m:.1}"), None),
            None => ("mood –".to_string(), None),
        },
        Some(Prompt::Press { .. }) => (
            format!("holding {}", figures::compact(s.press_active.unwrap_or(0))),
            None,
        ),
        Some(Prompt::Color { colors, .. }) => {
            match leading(s.color_active.as_deref().unwrap_or_default()) {
                Some((i, share)) => {
                    let rgb = colors.get(i).and_then(|h| parse_hex_color(h));
                    let name = rgb.map_or("colour", color_name);
                    (format!("{name} {share}"), rgb)
                }
                None => ("no colour yet".to_string(), None),
            }
        }
        Some(Prompt::Word { options, .. }) => {
            match leading(s.word_active.as_deref().unwrap_or_default()) {
                Some((i, share)) => {
                    let word = options.get(i).map_or_else(String::new, |w| clean(w, 24));
                    (format!("“{word}” {share}"), None)
                }
                None => ("no word yet".to_string(), None),
            }
        }
        None => (String::new(), None),
    }
}
