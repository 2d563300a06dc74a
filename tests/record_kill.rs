//! "A killed process loses at most the last half second": `watch --record`
//! killed with SIGKILL (no chance to flush or write its end line) still
//! has in its file every event the server sent more than half a second
//! before the kill. The flush interval itself is checked exactly in
//! src/record/writer.rs; this is the whole path, through the binary.

mod common;

use common::*;
use journeytop_protocol::{Style, Variant};
use std::collections::HashSet;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};

/// The promise, plus room for the socket, the decode and a loaded machine
/// scheduling the recorder late.
const LOSS_ALLOWED: Duration = Duration::from_millis(500);
const SCHEDULING_MARGIN: Duration = Duration::from_millis(500);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_recording_keeps_all_but_the_last_half_second() {
    let sim = sim(config(
        Variant::InteractivePrompts,
        Style::Numeric,
        20.0,
        40,
    ))
    .await;
    let journey = temp("kill.journey.json");
    std::fs::write(&journey, sim.spec.to_json().to_string()).unwrap();
    let rec = temp("kill.jsonl");
    let _ = std::fs::remove_file(&rec);
    let mut cmd = bin();
    cmd.args([
        "watch",
        "--headless",
        "--lookback",
        "10",
        "--lookahead",
        "10",
    ])
    .arg("--journey-file")
    .arg(&journey)
    .arg("--record")
    .arg(&rec);
    let mut child = tokio::process::Command::from(cmd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // Four seconds of journey time, as the headless lines say. The crowd is
    // small so that four seconds of lines fit in the writer's 8 KiB buffer:
    // only the recorder's own flushes can have put them in the file.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let reached = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            if v["journey_time"].as_f64().is_some_and(|t| t >= 4.0) {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(reached, Ok(true), "the run never reached 4 s");
    let killed = Instant::now();
    child.start_kill().unwrap(); // SIGKILL
    let _ = child.wait().await;

    // Whatever the file holds is read like any damaged recording.
    let bytes = std::fs::read(&rec).unwrap();
    let recording = journeytop::record::reader::parse(&bytes, "killed").unwrap();
    assert!(recording.end.is_none(), "a killed run writes no end line");
    let in_file: HashSet<String> = recording
        .inputs
        .iter()
        .filter_map(|s| match &s.input {
            journeytop_engine::Input::Batch(b) => Some(b.events.iter().map(|e| e.uid.clone())),
            _ => None,
        })
        .flatten()
        .collect();
    let old_enough = |sent: Instant| sent + LOSS_ALLOWED + SCHEDULING_MARGIN <= killed;
    let batches = sim.hub.delivered_batches();
    let mut checked = 0;
    for d in batches.values().flatten().filter(|d| old_enough(d.sent_at)) {
        for e in &d.events {
            assert!(
                in_file.contains(&e.uid),
                "{} sent {:?} before the kill is not in the file",
                e.uid,
                killed.duration_since(d.sent_at)
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 5,
        "only {checked} events were old enough to check"
    );
    let size = std::fs::metadata(&rec).unwrap().len();
    assert!(
        size < 8192,
        "{size} bytes: the buffer alone could have flushed them"
    );
    sim.stop().await;
}
