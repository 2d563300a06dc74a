//! Issue 11 item 6: SIGTERM is heard by one listener for the life of the
//! process, in every mode — the first signal stops the binary, with its
//! final line and its recording's end line, and the exit status says which
//! signal (128 + 15). Signals are sent with the `kill` command.

mod common;
#[path = "common/hostile.rs"]
mod hostile;

use common::{bin, temp};
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A child whose stdout lines are collected as they come.
struct Running {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    reader: std::thread::JoinHandle<()>,
}

fn start(args: &[&str]) -> Running {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let out = child.stdout.take().unwrap();
    let sink = lines.clone();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { return };
            sink.lock().unwrap().push(line);
        }
    });
    Running {
        child,
        lines,
        reader,
    }
}

impl Running {
    /// Waits (a guard against a hang, not a timing) for `n` lines.
    fn wait_for_lines(&mut self, n: usize, within: Duration) {
        let deadline = Instant::now() + within;
        while self.lines.lock().unwrap().len() < n {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("exited early with {status}");
            }
            assert!(Instant::now() < deadline, "fewer than {n} lines");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends one SIGTERM; returns the exit code, the stdout lines and the
    /// time from the signal to the exit.
    fn terminate(mut self, within: Duration) -> (Option<i32>, Vec<String>, Duration) {
        let sent = Instant::now();
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill failed");
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let took = sent.elapsed();
                self.reader.join().unwrap();
                let lines = self.lines.lock().unwrap().clone();
                return (status.code(), lines, took);
            }
            if sent.elapsed() > within {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("still running {within:?} after one SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn last_is_final(lines: &[String]) {
    let last: serde_json::Value = serde_json::from_str(lines.last().expect("no output")).unwrap();
    assert_eq!(last["final"], true, "{last}");
    let finals = lines
        .iter()
        .filter(|l| l.contains(r#""final":true"#))
        .count();
    assert_eq!(finals, 1, "one final line");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_headless_under_a_flood_stops_on_the_first_sigterm() {
    let server = hostile::hostile(hostile::Attack::Flood {
        per_batch: 5000,
        batches: 1_000_000,
    })
    .await;
    let journey = temp("signal-journey.json");
    std::fs::write(
        &journey,
        format!(
            r#"{{"uid":"oseh_ip_flood","jwt":"aa.bb.cc","duration_seconds":600,
                "prompt":{{"style":"press","text":"Hold"}},"server":"{}"}}"#,
            server.url()
        ),
    )
    .unwrap();
    let record = temp("signal-watch.jsonl");
    let _ = std::fs::remove_file(&record);
    let (j, r) = (
        journey.to_str().unwrap().to_string(),
        record.to_str().unwrap().to_string(),
    );
    let (code, lines, _) = tokio::task::spawn_blocking(move || {
        let mut run = start(&[
            "watch",
            "--headless",
            "--journey-file",
            &j,
            "--record",
            &r,
            "--every",
            "0.2",
        ]);
        // Two lines: connected and under the flood for a while.
        run.wait_for_lines(2, Duration::from_secs(60));
        run.terminate(Duration::from_secs(20))
    })
    .await
    .unwrap();
    assert!(server.connections() >= 1);
    assert_eq!(code, Some(143), "exit status after one SIGTERM");
    last_is_final(&lines);
    let recording = std::fs::read_to_string(&record).unwrap();
    let end: serde_json::Value =
        serde_json::from_str(recording.lines().last().expect("empty recording")).unwrap();
    assert_eq!(
        (end["kind"].as_str(), end["reason"].as_str()),
        (Some("end"), Some("signal")),
        "{end}"
    );
}

#[test]
fn replay_headless_at_speed_one_stops_on_the_first_sigterm() {
    // 2,000 events at 2 a second: a recording of about 1,090 s.
    let recording = temp("signal-long.jsonl");
    let out = bin()
        .args(["simulate", "--write-recording"])
        .arg(&recording)
        .args(["--events", "2000", "--rate", "2", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let path = recording.to_str().unwrap();
    // At 1/64× one second of the journey takes 64 s: the signal is heard
    // in the middle of the wait for a line, not after it.
    for (speed, first_lines) in [("1", 2), ("0.015625", 1)] {
        let mut run = start(&["replay", "--headless", "--speed", speed, path]);
        run.wait_for_lines(first_lines, Duration::from_secs(60));
        let (code, lines, took) = run.terminate(Duration::from_secs(120));
        assert_eq!(code, Some(143), "exit status after one SIGTERM at {speed}×");
        last_is_final(&lines);
        // Paced at 1×, the whole file would take over 18 minutes.
        assert!(lines.len() < 100, "{} lines", lines.len());
        assert!(took < Duration::from_secs(10), "took {took:?} at {speed}×");
    }
}

#[test]
fn replay_summary_of_a_huge_recording_stops_on_sigterm() {
    // Big enough that the summary takes seconds (2 s for 200,000 events in
    // a debug build, 0.5 s in release): the signal comes well before.
    let recording = temp("signal-huge.jsonl");
    let out = bin()
        .args(["simulate", "--write-recording"])
        .arg(&recording)
        .args(["--events", "300000", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let run = start(&["replay", "--summary", recording.to_str().unwrap()]);
    // Let it get into the file.
    std::thread::sleep(Duration::from_millis(300));
    let (code, lines, _) = run.terminate(Duration::from_secs(20));
    let _ = std::fs::remove_file(&recording);
    assert_eq!(code, Some(143), "exit status after one SIGTERM");
    assert!(lines.is_empty(), "no summary of half a file: {lines:?}");
}
