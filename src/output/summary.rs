//! A recording's final summary: a table for people, JSON for scripts.

use super::headless;
use crate::record::reader::Problem;
use crate::record::stream::Facts;
use journeytop_engine::timeline::Series;
use journeytop_engine::{JourneyState, shares};
use journeytop_protocol::Prompt;

/// Who was there, as this socket heard it: at the end, at the peak (per
/// second) and how many joined in all — so an empty room at the end never
/// reads as nobody came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Participants {
    pub at_end: u64,
    pub peak: u64,
    pub joined: u64,
}

impl Participants {
    pub(crate) fn of(state: &JourneyState) -> Participants {
        let t = state.timeline();
        let at_end = state.snapshot().users;
        let users = t.series(Series::Users, t.len());
        Participants {
            at_end,
            peak: users.iter().copied().max().unwrap_or(0).max(at_end),
            joined: t.series(Series::Joins, t.len()).iter().sum(),
        }
    }

    /// The table's words: "12 at the end · peak 40 · 52 joined".
    pub(crate) fn text(self) -> String {
        format!(
            "{} at the end · peak {} · {} joined (heard live)",
            self.at_end, self.peak, self.joined
        )
    }
}

/// A connection change as the summary lists it.
#[derive(serde::Serialize)]
struct Change<'a> {
    t: f64,
    connection: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
}

fn changes(facts: &Facts) -> Vec<Change<'_>> {
    facts
        .changes
        .iter()
        .map(|c| Change {
            t: c.t,
            connection: c.connection.name(),
            detail: c.detail.as_deref(),
        })
        .collect()
}

/// The summary as JSON: the final headless line plus the recording's facts.
/// `state` is the engine folded to the end.
pub(crate) fn json(
    state: &JourneyState,
    facts: &Facts,
    problems: &[Problem],
    path: &str,
) -> String {
    let end = facts.end;
    let last: serde_json::Value =
        serde_json::from_str(&headless::line(state, end, true)).unwrap_or_default();
    let mood = state.snapshot().mood();
    let packets = state.packets();
    let evtypes: serde_json::Map<String, serde_json::Value> = state
        .applied_by_evtype()
        .into_iter()
        .map(|(t, n)| (t.as_str().to_string(), n.into()))
        .collect();
    let v = serde_json::json!({
        "path": path,
        "header": facts.header,
        "header_found": facts.header_found,
        "start": facts.start,
        "end": end,
        "duration": end - facts.start,
        "ended": facts.ended,
        "inputs": facts.inputs,
        "events_in_file": facts.events_in_file,
        "final": last,
        "participants": Participants::of(state),
        "mood": mood,
        "evtypes": evtypes,
        "packets": packets,
        "connection_changes": changes(facts),
        "problems": problems,
    });
    let text = serde_json::to_string_pretty(&v).unwrap_or_default();
    journeytop_protocol::text::json_terminal_safe(&text)
}

/// The summary as a table for people.
pub(crate) fn table(
    state: &JourneyState,
    facts: &Facts,
    problems: &[Problem],
    path: &str,
) -> String {
    let end = facts.end;
    let h = &facts.header;
    let snap = state.snapshot();
    let mut o = String::new();
    let mut row = |k: &str, v: String| o.push_str(&format!("{k:<14}{v}\n"));
    row("Recording", clean(path));
    if facts.header_found {
        row(
            "Journey",
            format!(
                "{} {} — recorded {} by journeytop {}",
                h.variant,
                clean(&h.uid),
                utc(h.started),
                clean(&h.journeytop)
            ),
        );
    } else {
        row("Journey", format!("{} (no header in the file)", h.variant));
    }
    row(
        "Prompt",
        match (&h.prompt, state.style().style()) {
            (Some(p), _) => describe_prompt(p),
            (None, Some(s)) => format!("{s} (inferred from the answers)"),
            (None, None) => "unknown".to_string(),
        },
    );
    let ended = facts
        .ended
        .map_or("the file stops (no end line)".to_string(), |r| {
            format!("{r:?}").to_lowercase()
        });
    row(
        "Duration",
        format!(
            "{:.1} s (journey time {:.1} s → {:.1} s; ended: {ended})",
            end - facts.start,
            facts.start,
            end
        ),
    );
    row("Participants", Participants::of(state).text());
    row("Likes", snap.likes.to_string());
    tallies(&mut o, &snap, h.prompt.as_ref());
    let mut row = |k: &str, v: String| o.push_str(&format!("{k:<14}{v}\n"));
    if let (Some(a), Some(p)) = (snap.press_active, snap.press) {
        row("Pressing", format!("{a} holding now, {p} presses in all"));
    }
    if snap.numeric_active.is_some() {
        row(
            "Room mood",
            snap.mood()
                .map_or("no ratings yet".to_string(), |m| format!("{m:.2}")),
        );
    }
    let c = state.counts();
    row(
        "Events",
        format!(
            "received {} · applied {} · duplicates {} · rejected {} · unknown {}",
            c.received, c.applied, c.duplicates, c.rejected, c.unknown
        ),
    );
    let by_type: Vec<String> = state
        .applied_by_evtype()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(t, n)| format!("{} {n}", t.as_str()))
        .collect();
    row("By evtype", by_type.join(" · "));
    let p = state.packets();
    row(
        "Packets",
        format!("malformed {} · unknown {}", p.malformed, p.unknown),
    );
    let ch = changes(facts);
    let list: Vec<String> = ch
        .iter()
        .map(|c| format!("{:.1} s {}", c.t, c.connection))
        .collect();
    row(
        "Connection",
        format!("{} changes: {}", ch.len(), list.join(", ")),
    );
    if problems.is_empty() {
        row("Problems", "none".to_string());
    } else {
        row("Problems", format!("{} in the file", problems.len()));
        for p in problems {
            row("", clean(&p.to_string()));
        }
    }
    o.trim_end().to_string()
}

/// The answer tallies (ratings, colors or words) with their shares.
fn tallies(o: &mut String, snap: &journeytop_engine::Snapshot, prompt: Option<&Prompt>) {
    let mut tally = |label: &str, items: Vec<(String, u64)>| {
        // Whole percents by largest remainder, as on the dashboard: they
        // sum to exactly 100 (0 everywhere without answers).
        let counts: Vec<u64> = items.iter().map(|(_, n)| *n).collect();
        let pct = shares(&counts);
        let width = items
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        for (i, ((l, n), share)) in items.iter().zip(pct).enumerate() {
            let bar = "█".repeat(share.div_ceil(5) as usize);
            let k = if i == 0 { label } else { "" };
            o.push_str(&format!(
                "{k:<14}{l:<width$}  {n:>6}  {share:>3} %  {bar}\n"
            ));
        }
    };
    if let Some(r) = &snap.numeric_active {
        tally(
            "Ratings",
            r.iter().map(|(r, n)| (r.to_string(), *n)).collect(),
        );
    }
    if let Some(c) = &snap.color_active {
        let names = match prompt {
            Some(Prompt::Color { colors, .. }) => colors.clone(),
            _ => Vec::new(),
        };
        tally("Colors", labelled(c, &names));
    }
    if let Some(w) = &snap.word_active {
        let names = match prompt {
            Some(Prompt::Word { options, .. }) => options.clone(),
            _ => Vec::new(),
        };
        tally("Words", labelled(w, &names));
    }
}

fn labelled(counts: &[u64], names: &[String]) -> Vec<(String, u64)> {
    counts
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let name = names.get(i).map_or_else(|| format!("#{i}"), |s| clean(s));
            (name, *n)
        })
        .collect()
}

fn describe_prompt(p: &Prompt) -> String {
    match p {
        Prompt::Numeric { text, min, max, .. } => {
            format!("numeric {min}..{max}: {}", clean(text))
        }
        Prompt::Press { text } => format!("press: {}", clean(text)),
        Prompt::Color { text, colors } => format!("color ({}): {}", colors.len(), clean(text)),
        Prompt::Word { text, options } => format!("word ({}): {}", options.len(), clean(text)),
    }
}

/// Untrusted text through the one sanitizer (escape sequences, controls,
/// bidi and invisible characters removed; bounded).
fn clean(s: &str) -> String {
    journeytop_protocol::text::for_log(s)
}

/// Unix seconds as `YYYY-MM-DD HH:MM UTC`.
fn utc(unix: f64) -> String {
    if !unix.is_finite() || unix <= 0.0 {
        return "at an unknown time".to_string();
    }
    // Whole seconds; anything out of jiff's range is as unknown as NaN.
    match jiff::Timestamp::from_second(unix as i64) {
        Ok(t) => t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => "at an unknown time".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journeytop_engine::{EngineConfig, Input, Stamped};
    use journeytop_protocol::{Event, EventBatch, EventData, Style};

    fn ev(i: usize, t: f64, data: EventData) -> Event {
        Event {
            uid: format!("oseh_ipe_{i}_{t}"),
            user_sub: None,
            session_uid: Some(format!("oseh_ips_{i}")),
            time: t,
            icon: None,
            data,
        }
    }

    /// Three people rate 1, 2 and 3, then everyone leaves.
    fn emptied_room() -> JourneyState {
        let prompt = Prompt::default_for(Style::Numeric);
        let mut e = JourneyState::new(Some(prompt), Some(20.0), EngineConfig::default());
        let mut events = Vec::new();
        for i in 0..3 {
            events.push(ev(i, 1.0, EventData::Join { name: None }));
            events.push(ev(
                i,
                2.0,
                EventData::Numeric {
                    rating: i as i64 + 1,
                },
            ));
            events.push(ev(i, 5.0, EventData::Leave { name: None }));
        }
        e.ingest(Stamped {
            at: 6.0,
            input: Input::Batch(EventBatch {
                events,
                malformed: vec![],
            }),
        });
        e.advance_to(10.0);
        e
    }

    #[test]
    fn participants_never_read_a_misleading_zero() {
        let p = Participants::of(&emptied_room());
        assert_eq!(
            p,
            Participants {
                at_end: 0,
                peak: 3,
                joined: 3
            }
        );
        assert_eq!(p.text(), "0 at the end · peak 3 · 3 joined (heard live)");
    }

    #[test]
    fn table_shares_add_up_to_one_hundred() {
        let mut o = String::new();
        let snap = emptied_room().snapshot();
        tallies(&mut o, &snap, None);
        let pcts: Vec<u64> = o
            .lines()
            .filter_map(|l| l.split(" %").next()?.rsplit(' ').next()?.parse().ok())
            .collect();
        // Three equal thirds: naive rounding says 33 + 33 + 33 = 99.
        assert_eq!(pcts, [34, 33, 33, 0, 0, 0, 0, 0, 0, 0], "{o}");
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0.5), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_718_000_000.0), "2024-06-10 06:13 UTC");
        assert_eq!(utc(f64::NAN), "at an unknown time");
        assert_eq!(utc(1e300), "at an unknown time");
    }
}
