//! Memory at 100,000 sessions: the engine folds a million events from
//! 100,000 sessions with peak RSS ≤ 64 MiB, and its dedupe memory stays
//! bounded by the time horizon, not by the number of events seen.
//!
//! The peak is measured in a child process (this test binary run again with
//! `JOURNEYTOP_MEMORY_CHILD` set), so nothing else the tests allocate counts:
//! the child reads VmHWM from /proc/self/status and prints it.
//! `cargo test --release --test memory -- --nocapture` shows the figures.

use journeytop_engine::{EngineConfig, Input, JourneyState, Stamped};
use journeytop_protocol::*;

const SESSIONS: usize = 100_000;
const EVENTS: usize = 1_000_000;
/// Events per journey second: a million events over 1,000 s.
const RATE: usize = 1_000;
const BATCH: usize = 250;
const BUDGET_KIB: u64 = 64 * 1024;
const CHILD: &str = "JOURNEYTOP_MEMORY_CHILD";

fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Folds `EVENTS` events from `SESSIONS` sessions: everyone joins in the
/// first 100 s, then ratings (replacing older ones), likes and presses of
/// nothing in particular. Returns the largest dedupe size seen.
fn run() -> (JourneyState, usize) {
    let dedupe_horizon = 30.0;
    let mut e = JourneyState::new(
        Some(Prompt::default_for(Style::Numeric)),
        Some((EVENTS / RATE) as f64 + 10.0),
        EngineConfig {
            dedupe_horizon,
            future_horizon: 60.0,
            start_at: 0.0,
        },
    );
    let mut max_dedupe = 0;
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..EVENTS {
        let t = n as f64 / RATE as f64;
        let s = n % SESSIONS;
        let data = if n < SESSIONS {
            EventData::Join {
                name: Some(format!("Participant {s}")),
            }
        } else if (n / SESSIONS) % 4 == 3 {
            EventData::Like
        } else {
            EventData::Numeric {
                rating: (n % 10 + 1) as i64,
            }
        };
        batch.push(Event {
            uid: format!("oseh_ipe_{n:022}"),
            user_sub: None,
            session_uid: Some(format!("oseh_ips_{s:022}")),
            time: t,
            icon: None,
            data,
        });
        if batch.len() == BATCH {
            e.ingest(Stamped {
                at: t,
                input: Input::Batch(EventBatch {
                    events: std::mem::take(&mut batch),
                    malformed: vec![],
                }),
            });
            max_dedupe = max_dedupe.max(e.dedupe_len());
            // Bounded by the horizon: ≤ RATE × (horizon + one batch) events.
            let bound = RATE * (dedupe_horizon as usize + 1) + BATCH;
            assert!(
                e.dedupe_len() <= bound,
                "dedupe holds {} uids at t = {t}, more than {bound}",
                e.dedupe_len()
            );
        }
    }
    e.advance_to(EVENTS as f64 / RATE as f64 + 1.0);
    (e, max_dedupe)
}

/// The child: folds, checks, prints its figures.
#[test]
fn memory_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let start = std::time::Instant::now();
    let (e, max_dedupe) = run();
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(e.counts().applied, EVENTS as u64);
    assert_eq!(e.live().users, SESSIONS as u64);
    assert_eq!(e.live().sessions_tracked(), SESSIONS);
    let hwm = status_kib("VmHWM:").unwrap_or(0);
    let rss = status_kib("VmRSS:").unwrap_or(0);
    println!(
        "MEMORY sessions={SESSIONS} events={EVENTS} vmhwm_kib={hwm} vmrss_kib={rss} max_dedupe={max_dedupe} final_dedupe={} secs={secs:.2}",
        e.dedupe_len()
    );
}

/// The parent: runs the child in its own process and checks its peak RSS.
#[test]
fn hundred_thousand_sessions_fit_in_64_mib() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .args(["memory_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .expect("the child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.find("MEMORY ").map(|i| &l[i..]))
        .unwrap_or_else(|| panic!("no figures from the child:\n{stdout}"));
    println!("{line}");
    let hwm: u64 = line
        .split_whitespace()
        .find_map(|f| f.strip_prefix("vmhwm_kib="))
        .and_then(|v| v.parse().ok())
        .expect("vmhwm_kib");
    assert!(hwm > 0, "{line}");
    assert!(hwm <= BUDGET_KIB, "peak RSS {hwm} KiB > 64 MiB: {line}");
}
