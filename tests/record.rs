//! Recording and replay: a live run recorded over loopback replays to the
//! same lines; bad files are named by line; seeking equals playing; the
//! shipped assets play.

mod common;

use common::*;
use journeytop::output::headless;
use journeytop::record::{EndReason, Header, Player, Recording, reader};
use journeytop_engine::{Connection, Input, Link, Stamped};
use journeytop_protocol::{Event, EventBatch, EventData, Prompt, StatsResponse, Style, Variant};
use std::process::{Output, Stdio};

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Records a live headless run of the simulator through the binary, then
/// replays the file headless: every line must be identical.
async fn round_trip(variant: Variant, style: Style, until: u32, name: &str) {
    let sim = sim(config(variant, style, 20.0, 600)).await;
    let journey = temp(&format!("{name}.journey.json"));
    std::fs::write(&journey, sim.spec.to_json().to_string()).unwrap();
    let rec = temp(&format!("{name}.jsonl"));
    // Its own log file, checked for secrets below.
    let mut cmd = bin();
    cmd.args([
        "watch",
        "--headless",
        "--lookback",
        "10",
        "--lookahead",
        "10",
    ])
    .args(["--until", &until.to_string(), "--journey-file"])
    .arg(&journey)
    .arg("--record")
    .arg(&rec)
    .arg("--log-file")
    .arg(temp(&format!("{name}.log")));
    let live = run(cmd).await;
    assert!(
        live.status.success(),
        "{}",
        String::from_utf8_lossy(&live.stderr)
    );
    let live = json_lines(&live.stdout);
    assert_eq!(live.len(), until as usize + 2, "lines 0..=until and final");

    // No JWT of any kind in the file.
    let text = std::fs::read_to_string(&rec).unwrap();
    assert!(!text.contains(sim.spec.jwt.expose()), "the journey JWT");
    assert!(!text.contains("eyJ"), "a JWT-shaped token");
    assert!(
        text.contains("\"icon\":{"),
        "icons are kept, without their JWT"
    );
    assert!(
        text.contains("\"user_sub\":\"oseh_u_"),
        "who posted each event is kept"
    );

    let mut cmd = jt("replay");
    cmd.args(["--headless"]).arg(&rec);
    let replay = run(cmd).await;
    assert!(
        replay.status.success(),
        "{}",
        String::from_utf8_lossy(&replay.stderr)
    );
    assert!(replay.stderr.is_empty(), "no problems in a fresh recording");
    let replay = json_lines(&replay.stdout);
    assert_eq!(live.len(), replay.len());
    for (l, r) in live.iter().zip(&replay) {
        assert_eq!(l, r, "live and replay differ at {}", l["journey_time"]);
    }
    let last = replay.last().unwrap();
    assert_eq!(last["final"], true);
    assert!(last["live"]["users"].as_u64().unwrap() > 0, "{last}");
    assert!(last["totals"]["users"].as_u64().is_some(), "{last}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_live_run_replays_to_the_same_lines() {
    round_trip(Variant::InteractivePrompts, Style::Numeric, 4, "numeric").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_journeys_variant_run_replays_to_the_same_lines() {
    round_trip(Variant::Journeys, Style::Press, 3, "press").await;
}

// ---- recordings built in memory --------------------------------------------

fn event(i: usize, session: usize, time: f64, data: EventData) -> Event {
    Event {
        uid: format!("oseh_ipe_{i}"),
        user_sub: Some(format!("oseh_u_{session}")),
        session_uid: Some(format!("oseh_ips_{session}")),
        time,
        icon: None,
        data,
    }
}

/// `n` events over `seconds` of journey time in batches of 100, arriving a
/// little after their times, with a few duplicates, stats and link changes.
fn synthetic(n: usize, seconds: f64) -> Recording {
    let mut inputs = vec![
        Stamped {
            at: 0.0,
            input: Input::Link(Link::new(Connection::Connecting)),
        },
        Stamped {
            at: 0.01,
            input: Input::Link(Link::new(Connection::Live)),
        },
    ];
    // A third of the events (at most 5000) are joins, the rest answers.
    let people = (n / 3).clamp(1, 5000);
    let per_batch = 100;
    let batches = n.div_ceil(per_batch);
    let mut i = 0;
    for b in 0..batches {
        let at = 0.02 + seconds * b as f64 / batches as f64;
        let mut events = Vec::with_capacity(per_batch);
        while events.len() < per_batch && i < n {
            let session = i % people;
            let time = (at - 0.3 + 0.5 * ((i * 7) % 11) as f64 / 11.0).max(0.0);
            let data = if i < people {
                EventData::Join {
                    name: Some(format!("Person {session}")),
                }
            } else if i % 13 == 0 {
                EventData::Like
            } else {
                EventData::Numeric {
                    rating: 1 + (i % 10) as i64,
                }
            };
            events.push(event(i, session, time, data));
            // Every 97th event comes twice.
            if i % 97 == 0 && events.len() < per_batch {
                events.push(events[events.len() - 1].clone());
            }
            i += 1;
        }
        inputs.push(Stamped {
            at,
            input: Input::Batch(EventBatch {
                events,
                malformed: Vec::new(),
            }),
        });
        if b % 50 == 0 {
            inputs.push(Stamped {
                at: at + 0.001,
                input: Input::Stats {
                    bin: b % 31,
                    response: StatsResponse {
                        journey_time: at.floor(),
                        bin_width: 1.0,
                        users: (i % people) as i64,
                        likes: (i / 13) as i64,
                        numeric_active: Some([("5".to_string(), i as i64)].into()),
                        press_active: None,
                        press: None,
                        color_active: None,
                        word_active: None,
                    },
                },
            });
        }
    }
    Recording {
        header: Header::new(
            Variant::InteractivePrompts,
            "oseh_ip_synthetic",
            Some(Prompt::default_for(Style::Numeric)),
            Some(seconds),
            0.0,
        ),
        header_found: true,
        inputs,
        end: Some((seconds + 0.5, EndReason::SourceDone)),
        problems: Vec::new(),
    }
}

/// A player of `rec`, written out as a file would hold it.
fn player(rec: &Recording) -> Player {
    Player::from_recording(rec).unwrap()
}

fn line_at(player: &mut Player, t: f64) -> String {
    player.seek(t);
    assert_eq!(player.position(), t);
    headless::line(player.state(), t, false)
}

/// The state at `t` without a player: the engine fed, in file order, the
/// inputs up to the first one stamped after `t` — as the live loop does.
fn reference(rec: &Recording, t: f64) -> String {
    let mut engine = journeytop_engine::JourneyState::new(
        rec.header.prompt.clone(),
        rec.header.duration,
        journeytop_engine::EngineConfig::default(),
    );
    for s in rec.inputs.iter().take_while(|s| s.at <= t) {
        engine.ingest(s.clone());
    }
    engine.advance_to(t);
    headless::line(&engine, t, false)
}

#[test]
fn seeking_gives_the_same_snapshot_as_playing_up_to_t() {
    let rec = synthetic(20_000, 30.0);
    let times = [0.0, 0.5, 3.0, 7.25, 12.0, 19.9, 25.0, 30.5];
    let fresh: Vec<String> = times.iter().map(|&t| reference(&rec, t)).collect();
    for (&t, f) in times.iter().zip(&fresh) {
        assert_eq!(&line_at(&mut player(&rec), t), f, "fresh player at {t}");
    }
    // Played forward by small ticks, the player passes through every time.
    let mut played = player(&rec);
    let mut ticked = Vec::new();
    for &t in &times {
        // Ticks are whole nanoseconds: stop within a microsecond.
        while t - played.position() > 1e-6 {
            let step = (t - played.position()).min(0.37);
            played.tick(std::time::Duration::from_secs_f64(step));
            played.state();
        }
        played.seek(t); // float sums land a hair off
        ticked.push(headless::line(played.state(), t, false));
    }
    assert_eq!(fresh, ticked, "ticking forward");
    // One player seeking forward, backward, to the start, and around.
    let mut p = player(&rec);
    let order = [7, 2, 0, 5, 3, 6, 1, 4, 0, 7, 4, 2];
    for &i in &order {
        assert_eq!(line_at(&mut p, times[i]), fresh[i], "seek to {}", times[i]);
    }
    p.seek_start();
    assert_eq!(headless::line(p.state(), 0.0, false), fresh[0]);
    assert!(p.checkpoint_count() > 3, "checkpoints are kept");
}

#[test]
fn seeking_a_100k_event_recording_back_and_forth() {
    let rec = synthetic(100_000, 60.0);
    assert_eq!(rec.event_count(), 100_000, "duplicates included");
    let mut p = player(&rec);
    let end = p.end();
    p.seek(end);
    let at_end = headless::line(p.state(), end, true);
    for t in [30.0, 59.0, 1.0, 45.5, 10.0, 58.0, 0.0] {
        p.seek(t);
        p.state();
    }
    p.seek(end);
    assert_eq!(headless::line(p.state(), end, true), at_end);
    let snap = p.state().snapshot();
    assert_eq!(snap.users, 5000);
    assert!(snap.events.unwrap().duplicates > 1000);
    // Checkpoints every ≤ 4096 events: a seek re-folds at most that many.
    assert!(
        p.checkpoint_count() >= 100_000 / 4096,
        "{}",
        p.checkpoint_count()
    );
    // And the same numbers as a fresh player seeking straight to 45.5.
    p.seek(45.5);
    let a = headless::line(p.state(), 45.5, false);
    assert_eq!(a, line_at(&mut player(&rec), 45.5));
}

#[test]
fn player_speed_pause_and_seek() {
    let mut p = player(&synthetic(1000, 20.0));
    assert_eq!((p.position(), p.speed(), p.paused()), (0.0, 1.0, false));
    p.set_speed(p.speed() * 2.0);
    assert_eq!(p.speed(), 2.0);
    p.set_speed(p.speed() / 2.0);
    p.set_speed(p.speed() / 2.0);
    assert_eq!(p.speed(), 0.5);
    p.tick(std::time::Duration::from_secs(4));
    assert_eq!(p.position(), 2.0);
    p.toggle_pause();
    assert!(p.paused());
    p.tick(std::time::Duration::from_secs(4));
    assert_eq!(p.position(), 2.0, "paused");
    p.seek_by(5.0);
    assert_eq!(p.position(), 7.0);
    p.seek_by(-5.0);
    p.seek_by(-5.0);
    assert_eq!(p.position(), 0.0, "kept within the recording");
    p.seek_by(5.0);
    p.seek_start();
    assert_eq!(p.position(), 0.0);
    // Playing to the end pauses there; space then starts over.
    p.toggle_pause();
    p.set_speed(64.0);
    p.tick(std::time::Duration::from_secs(10));
    assert!(p.at_end() && p.paused());
    p.toggle_pause();
    assert_eq!((p.position(), p.paused()), (0.0, false));
}

// ---- bad files, through the binary -----------------------------------------

fn small_text() -> String {
    reader::to_text(&synthetic(600, 5.0))
}

fn replay_text(name: &str, text: &str, args: &[&str]) -> Output {
    let path = temp(name);
    std::fs::write(&path, text).unwrap();
    jt("replay")
        .args(args)
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn lines_of(out: &Output) -> Vec<serde_json::Value> {
    json_lines(&out.stdout)
}

#[test]
fn a_good_file_plays_without_problems() {
    let out = replay_text("good.jsonl", &small_text(), &["--headless"]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = lines_of(&out);
    let times: Vec<f64> = lines
        .iter()
        .map(|l| l["journey_time"].as_f64().unwrap())
        .collect();
    assert_eq!(times, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 5.5]);
}

#[test]
fn a_truncated_last_line_is_named_and_the_rest_plays() {
    let text = small_text();
    // Cut the file in the middle of its last input line (before the end line).
    let lines: Vec<&str> = text.lines().collect();
    let keep = lines.len() - 1;
    let mut cut = lines[..keep - 1].join("\n");
    cut.push('\n');
    cut.push_str(&lines[keep - 1][..lines[keep - 1].len() / 2]);
    let out = replay_text("truncated.jsonl", &cut, &["--headless"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains(&format!("line {keep}: truncated")), "{err}");
    let lines = lines_of(&out);
    assert!(lines.len() >= 5, "what could be read plays");
    assert_eq!(lines.last().unwrap()["final"], true);
}

#[test]
fn a_garbage_line_is_named_and_skipped() {
    let text = small_text();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(3, "this is not JSON at all");
    lines.insert(6, r#"{"t": 1.0, "kind": "teleport"}"#);
    let bad = lines.join("\n") + "\n";
    let out = replay_text("garbage.jsonl", &bad, &["--headless"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("line 4: not a recording line"), "{err}");
    assert!(
        err.contains("line 7: unknown line kind \"teleport\""),
        "{err}"
    );
    // Apart from the skipped lines it plays exactly as the good file.
    let good = replay_text("good2.jsonl", &text, &["--headless"]);
    assert_eq!(lines_of(&out), lines_of(&good));
    // The summary lists the problems too.
    let out = replay_text("garbage2.jsonl", &bad, &["--summary", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["problems"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["problems"][0]["line"], 4);
}

#[test]
fn a_missing_header_is_said_and_the_events_still_play() {
    let text = small_text();
    let headless_text: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
    let out = replay_text("noheader.jsonl", &headless_text, &["--headless"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("line 1: no header"), "{err}");
    let last = lines_of(&out).pop().unwrap();
    assert_eq!(last["final"], true);
    assert!(last["live"]["users"].as_u64().unwrap() > 0);
    assert!(
        last["live"]["numeric_active"].is_object(),
        "the style is inferred from the answers: {last}"
    );
}

#[test]
fn an_unknown_format_version_is_refused_with_exit_2() {
    let text = small_text().replacen("\"version\":1", "\"version\":2", 1);
    let out = replay_text("v2.jsonl", &text, &["--headless"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("format version 2"), "{err}");
    assert!(err.contains("reads version 1"), "{err}");
    assert!(out.stdout.is_empty());
    // Same for the summary, and for a file that is not there at all.
    let out = replay_text("v2b.jsonl", &text, &["--summary"]);
    assert_eq!(out.status.code(), Some(2));
    let out = jt("replay")
        .args(["--headless", "/nonexistent/journeytop.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn replay_is_headless_by_itself_when_stdout_is_not_a_terminal() {
    let piped = replay_text("piped.jsonl", &small_text(), &[]);
    let headless = replay_text("piped-h.jsonl", &small_text(), &["--headless"]);
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    assert!(!piped.stdout.is_empty());
    assert_eq!(piped.stdout, headless.stdout);
}

#[test]
fn the_summary_table_reads_well() {
    let out = replay_text("summary.jsonl", &small_text(), &["--summary"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for word in [
        "Participants",
        "Likes",
        "Ratings",
        "Room mood",
        "Events",
        "duplicates",
        "Connection",
        "2 changes",
        "Problems",
        "none",
    ] {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
}

// ---- the shipped assets ------------------------------------------------------

#[test]
fn every_asset_replays_without_problems() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/recordings");
    let mut styles = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("jsonl") {
            continue;
        }
        assert!(
            std::fs::metadata(&path).unwrap().len() < 1_000_000,
            "{path:?} is small"
        );
        let mut p = Player::open(&path).unwrap();
        let rec = p.indexed();
        assert!(rec.problems.is_empty(), "{path:?}: {:?}", rec.problems);
        assert!(rec.header_found && rec.end.is_some(), "{path:?}");
        if let Some(p) = &rec.header.prompt {
            styles.push(p.style());
        }
        assert!(p.end() - p.start() >= 20.0, "{path:?} is ~25 s");
        p.seek(p.end());
        let s = p.state().snapshot();
        assert!(s.users > 0 && s.events.unwrap().applied > 0, "{path:?}");
        assert!(p.state().totals().is_some(), "{path:?} has stats");
    }
    styles.sort_by_key(|s| s.name());
    assert_eq!(
        styles,
        [Style::Color, Style::Numeric, Style::Press, Style::Word]
    );
}

#[test]
fn several_recordings_need_the_overview_and_say_so() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/recordings");
    let (a, b) = (dir.join("numeric.jsonl"), dir.join("press.jsonl"));
    for extra in [&[][..], &["--summary"][..], &["--headless"][..]] {
        let out = common::bin()
            .arg("replay")
            .arg(&a)
            .arg(&b)
            .args(extra)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains("side by side"), "{extra:?}: {err}");
        assert!(out.stdout.is_empty(), "{extra:?}");
    }
}
