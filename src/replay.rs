//! `journeytop replay PATH`: a recording played headless (the same NDJSON
//! as `watch --headless`), summarized, or — once the dashboard lands — on
//! screen through a [`Player`].

use crate::cli::{GlobalOpts, ReplayArgs};
use crate::exit::Fatal;
use crate::headless;
use crate::record::{Player, Recording, read_file};
use journeytop_engine::{Input, JourneyState};
use journeytop_protocol::Prompt;
use std::io::Write;
use std::time::{Duration, Instant};

pub async fn run(args: ReplayArgs, global: GlobalOpts) -> Result<(), Fatal> {
    let recording = read_file(&args.path).map_err(|e| Fatal::usage(e.to_string()))?;
    let path = args.path.display().to_string();
    if args.summary {
        let mut player = Player::new(recording);
        let text = if args.json {
            summary_json(&mut player, &path)
        } else {
            summary_table(&mut player, &path)
        };
        // A closed pipe (`| head`) is not an error worth a message.
        let _ = writeln!(std::io::stdout().lock(), "{text}");
        return Ok(());
    }
    // Like `watch`: the dashboard on a terminal, NDJSON into a pipe.
    if !args.headless && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return dashboard(recording, &args, &path, global).await;
    }
    for p in &recording.problems {
        eprintln!("journeytop: {path} {p}");
    }
    let mut player = Player::new(recording);
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    play_headless(&mut player, args.speed, &mut stdout)
        .await
        .map_err(crate::exit::stdout_failed)
}

/// Prints the line for every whole second of journey time from the start to
/// the end, then the final line — as `watch --headless` printed them. As
/// fast as possible without a speed; paced to `speed`× real time with one.
pub async fn play_headless(
    player: &mut Player,
    speed: Option<f64>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let (start, end) = (player.start(), player.end());
    let began = Instant::now();
    let pace =
        |t: f64| speed.map(|s| began + Duration::from_secs_f64(((t - start) / s).clamp(0.0, 1e9)));
    let mut k = start.ceil();
    while k <= end {
        if let Some(at) = pace(k) {
            tokio::time::sleep_until(at.into()).await;
        }
        player.seek(k);
        writeln!(out, "{}", headless::line(player.state(), k, false))?;
        if speed.is_some() {
            out.flush()?;
        }
        k += 1.0;
    }
    if let Some(at) = pace(end) {
        tokio::time::sleep_until(at.into()).await;
    }
    player.seek(end);
    writeln!(out, "{}", headless::line(player.state(), end, true))?;
    out.flush()
}

/// A connection change as the summary lists it.
#[derive(serde::Serialize)]
struct Change<'a> {
    t: f64,
    connection: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
}

fn changes(rec: &Recording) -> Vec<Change<'_>> {
    rec.inputs
        .iter()
        .filter_map(|s| match &s.input {
            Input::Link(l) => Some(Change {
                t: s.at,
                connection: l.connection.name(),
                detail: l.detail.as_deref(),
            }),
            _ => None,
        })
        .collect()
}

/// The summary as JSON: the final headless line plus the recording's facts.
pub fn summary_json(player: &mut Player, path: &str) -> String {
    let end = player.end();
    player.seek(end);
    let last: serde_json::Value =
        serde_json::from_str(&headless::line(player.state(), end, true)).unwrap_or_default();
    let state = player.state();
    let mood = state.snapshot().mood();
    let packets = state.packets();
    let evtypes: serde_json::Map<String, serde_json::Value> = state
        .applied_by_evtype()
        .into_iter()
        .map(|(t, n)| (t.as_str().to_string(), n.into()))
        .collect();
    let rec = player.recording();
    let v = serde_json::json!({
        "path": path,
        "header": rec.header,
        "header_found": rec.header_found,
        "start": rec.start(),
        "end": end,
        "duration": end - rec.start(),
        "ended": rec.end.map(|(_, r)| r),
        "inputs": rec.inputs.len(),
        "events_in_file": rec.event_count(),
        "final": last,
        "mood": mood,
        "evtypes": evtypes,
        "packets": packets,
        "connection_changes": changes(rec),
        "problems": rec.problems,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// The summary as a table for people.
pub fn summary_table(player: &mut Player, path: &str) -> String {
    let end = player.end();
    player.seek(end);
    let state: JourneyState = player.state().clone();
    let rec = player.recording();
    let h = &rec.header;
    let snap = state.snapshot();
    let mut o = String::new();
    let mut row = |k: &str, v: String| o.push_str(&format!("{k:<14}{v}\n"));
    row("Recording", clean(path));
    if rec.header_found {
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
    let ended = rec
        .end
        .map_or("the file stops (no end line)".to_string(), |(_, r)| {
            format!("{r:?}").to_lowercase()
        });
    row(
        "Duration",
        format!(
            "{:.1} s (journey time {:.1} s → {:.1} s; ended: {ended})",
            end - rec.start(),
            rec.start(),
            end
        ),
    );
    row("Participants", snap.users.to_string());
    row("Likes", snap.likes.to_string());
    let mut tally = |label: &str, items: Vec<(String, u64)>| {
        let total: u64 = items.iter().map(|(_, n)| n).sum();
        let width = items
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        for (i, (l, n)) in items.iter().enumerate() {
            let share = if total > 0 {
                100.0 * *n as f64 / total as f64
            } else {
                0.0
            };
            let bar = "█".repeat((share / 5.0).round() as usize);
            let k = if i == 0 { label } else { "" };
            o.push_str(&format!(
                "{k:<14}{l:<width$}  {n:>6}  {share:>5.1} %  {bar}\n"
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
        let names = match &h.prompt {
            Some(Prompt::Color { colors, .. }) => colors.clone(),
            _ => Vec::new(),
        };
        tally("Colors", labelled(c, &names));
    }
    if let Some(w) = &snap.word_active {
        let names = match &h.prompt {
            Some(Prompt::Word { options, .. }) => options.clone(),
            _ => Vec::new(),
        };
        tally("Words", labelled(w, &names));
    }
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
    let ch = changes(rec);
    let list: Vec<String> = ch
        .iter()
        .map(|c| format!("{:.1} s {}", c.t, c.connection))
        .collect();
    row(
        "Connection",
        format!("{} changes: {}", ch.len(), list.join(", ")),
    );
    if rec.problems.is_empty() {
        row("Problems", "none".to_string());
    } else {
        row("Problems", format!("{} in the file", rec.problems.len()));
        for p in &rec.problems {
            row("", clean(&p.to_string()));
        }
    }
    o.trim_end().to_string()
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

/// Untrusted text without control characters (escape sequences included).
fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// Unix seconds as `YYYY-MM-DD HH:MM UTC`.
fn utc(unix: f64) -> String {
    if !unix.is_finite() || unix <= 0.0 {
        return "at an unknown time".to_string();
    }
    let secs = unix as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// The recording on the dashboard, starting at `--speed` (default 1×).
async fn dashboard(
    recording: Recording,
    args: &ReplayArgs,
    path: &str,
    global: GlobalOpts,
) -> Result<(), Fatal> {
    use crate::ui::{self, App, ColorMode, Meta, Mode};
    let problems = recording.problems.clone();
    let meta = Meta {
        variant: recording.header.variant,
        uid: recording.header.uid.clone(),
        mode: Mode::Replay,
        source: path.to_string(),
    };
    let mut player = Player::new(recording);
    player.set_speed(args.speed.unwrap_or(1.0));
    let mut session = ui::terminal::Session::start()
        .map_err(|e| Fatal::usage(format!("cannot set up the terminal: {e}")))?;
    let mut app = App::new(global.theme, ColorMode::detect(global.no_color));
    let result = ui::replay::run(session.terminal(), &meta, &mut player, &mut app).await;
    drop(session);
    // Problems in the file are worth knowing after the screen is gone.
    for p in &problems {
        eprintln!("journeytop: {path} {p}");
    }
    result
        .map(|_| ())
        .map_err(|e| Fatal::usage(format!("the dashboard failed: {e}")))
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0.5), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_718_000_000.0), "2024-06-10 06:13 UTC");
    }
}
