//! Memory at 100,000 sessions: the engine folds a million events from
//! 100,000 sessions with peak RSS ≤ 64 MiB, and its dedupe memory stays
//! bounded by the time horizon, not by the number of events seen. Replay
//! too: the summary and headless lines stream, and the dashboard's player,
//! which reads its file as it plays, peaks at the same memory for a
//! journey twice as long with the same sessions.
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
/// Event `n` of a crowd of `sessions`, `RATE` a second: everyone joins
/// first, then ratings (replacing older ones), or a like where `like`.
fn crowd_event(n: usize, sessions: usize, like: bool) -> Event {
    let s = n % sessions;
    let data = if n < sessions {
        EventData::Join {
            name: Some(format!("Participant {s}")),
        }
    } else if like {
        EventData::Like
    } else {
        EventData::Numeric {
            rating: (n % 10 + 1) as i64,
        }
    };
    Event {
        uid: format!("oseh_ipe_{n:022}"),
        user_sub: None,
        session_uid: Some(format!("oseh_ips_{s:022}")),
        time: n as f64 / RATE as f64,
        icon: None,
        data,
    }
}

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
        batch.push(crowd_event(n, SESSIONS, (n / SESSIONS) % 4 == 3));
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
    let line = child_figures("memory_child", (CHILD, "1".as_ref()), "MEMORY ");
    println!("{line}");
    let hwm = figure(&line, "vmhwm_kib=");
    assert!(hwm > 0, "{line}");
    assert!(hwm <= BUDGET_KIB, "peak RSS {hwm} KiB > 64 MiB: {line}");
}

/// Runs `test` of this binary alone in a child process with `env` set
/// (so nothing else the tests allocate counts) and returns the line of
/// figures it prints, from `marker` on.
fn child_figures(test: &str, env: (&str, &std::ffi::OsStr), marker: &str) -> String {
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(env.0, env.1)
        .output()
        .expect("the child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .find_map(|l| l.find(marker).map(|i| l[i..].to_string()))
        .unwrap_or_else(|| panic!("no figures from the child:\n{stdout}"))
}

/// The number after `name` (`name=` included) in a line of figures.
fn figure(line: &str, name: &str) -> u64 {
    line.split_whitespace()
        .find_map(|f| f.strip_prefix(name))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} in {line}"))
}

// ---- replay memory -----------------------------------------------------------

/// Peak RSS of a replay, in MiB. Before replay streamed, a replay of this
/// file held every input and an engine copy every 4,096 events: well past
/// 200 MiB here. Folding as it reads, it holds the journey's state.
const REPLAY_BUDGET_KIB: u64 = 64 * 1024;
/// Long enough that memory growing with the file's length shows.
const REPLAY_EVENTS: &str = "200000";
const REPLAY_EVENTS_TWICE: &str = "400000";
/// Sessions in both recordings (one per ~6 events of the shorter).
const REPLAY_SESSIONS: &str = "32000";
/// What twice the history may add to the peak: the timeline's seconds and
/// the allocator's slack, far less than the 47 MB of input lines the
/// longer file adds.
const LENGTH_SLACK_KIB: u64 = 10 * 1024;

/// Runs `journeytop args…` (with its own log file in `dir`) and returns
/// its stdout and peak RSS in KiB, read from /proc while it runs.
fn peak_of(dir: &std::path::Path, name: &str, args: &[&str]) -> (Vec<u8>, u64) {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_journeytop"))
        .args(args)
        .arg("--log-file")
        .arg(dir.join(format!("{name}.log")))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let status_path = format!("/proc/{}/status", child.id());
    let mut stdout = child.stdout.take().expect("piped stdout");
    // Drain stdout on a thread so the child never blocks on a full pipe.
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let mut peak = 0;
    loop {
        if let Some(hwm) = std::fs::read_to_string(&status_path).ok().and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        }) {
            peak = peak.max(hwm);
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let out = child.wait_with_output().expect("the child ends");
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = reader.join().expect("reader").expect("stdout");
    (stdout, peak)
}

/// Writes a generated recording of `events` events from `sessions`
/// sessions to `dir/name.jsonl`.
fn generated(dir: &std::path::Path, name: &str, events: &str, sessions: &str) -> String {
    let rec = dir.join(format!("{name}.jsonl"));
    let rec_s = rec.to_str().unwrap().to_string();
    peak_of(
        dir,
        name,
        &[
            "simulate",
            "--write-recording",
            &rec_s,
            "--events",
            events,
            "--crowd",
            sessions,
            "--seed",
            "3",
            "--force",
        ],
    );
    rec_s
}

#[test]
fn replay_memory_stays_bounded_on_a_long_recording() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("journeytop-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rec_s = generated(&dir, "long", REPLAY_EVENTS, REPLAY_SESSIONS);
    let rec_s = rec_s.as_str();
    let (summary, summary_peak) =
        peak_of(&dir, "summary", &["replay", "--summary", "--json", rec_s]);
    let v: serde_json::Value = serde_json::from_slice(&summary).expect("summary JSON");
    assert_eq!(v["events_in_file"], 200_000, "{v}");
    assert_eq!(v["final"]["live"]["events"]["applied"], 200_000, "{v}");
    let (lines, headless_peak) = peak_of(&dir, "headless", &["replay", "--headless", rec_s]);
    let lines = String::from_utf8_lossy(&lines);
    let last: serde_json::Value =
        serde_json::from_str(lines.lines().last().expect("lines")).expect("a JSON line");
    assert_eq!(last["final"], true);
    assert_eq!(
        last["live"], v["final"]["live"],
        "headless ends where the summary does"
    );
    // Twice the history from the same sessions: the state is the same
    // size, so the peak must be too (within the allocator's slack).
    let twice = generated(&dir, "twice", REPLAY_EVENTS_TWICE, REPLAY_SESSIONS);
    let (twice_summary, twice_peak) = peak_of(
        &dir,
        "twice-summary",
        &["replay", "--summary", "--json", &twice],
    );
    let w: serde_json::Value = serde_json::from_slice(&twice_summary).expect("summary JSON");
    assert_eq!(w["events_in_file"], 400_000, "{w}");
    println!(
        "REPLAY events={REPLAY_EVENTS} file_bytes={} summary_kib={summary_peak} headless_kib={headless_peak}; events={REPLAY_EVENTS_TWICE} summary_kib={twice_peak}",
        std::fs::metadata(rec_s).map(|m| m.len()).unwrap_or(0)
    );
    for (what, peak) in [("summary", summary_peak), ("headless", headless_peak)] {
        assert!(peak > 0, "no VmHWM read for {what}");
        assert!(
            peak <= REPLAY_BUDGET_KIB,
            "replay --{what} peaked at {peak} KiB, over {REPLAY_BUDGET_KIB} KiB"
        );
    }
    assert!(
        twice_peak <= summary_peak + LENGTH_SLACK_KIB,
        "replay --summary of twice the history peaked at {twice_peak} KiB, {summary_peak} KiB for the shorter one: memory grows with the recording's length"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- the replay dashboard's memory -------------------------------------------

/// Sessions in the dashboard's recordings: the journey's state.
const DASHBOARD_SESSIONS: usize = 5_000;
/// Events in the shorter recording; the longer one has twice as many, from
/// the same sessions (a longer history, not a larger crowd).
const DASHBOARD_EVENTS: usize = 250_000;
/// The peak RSS of a child that opens the recording as the dashboard does,
/// plays it to the end and seeks all over it: about 53 MiB, most of it the
/// checkpoints (each keeps the engine's 30 s dedupe window, 30,000 uids at
/// this rate, as plain lists; as hash sets and queues it was about 80).
/// Holding the decoded inputs as well, as the dashboard once did, adds
/// about 55 MiB.
const DASHBOARD_BUDGET_KIB: u64 = 80 * 1024;
/// What twice the length may add to that peak: about 5 MiB (the timelines
/// and the checkpoints' session changes grow until they cover the whole
/// journey). Holding the decoded inputs adds 65 MiB.
const DASHBOARD_MARGIN_KIB: u64 = 10 * 1024;
/// The recording the dashboard child opens.
const DASHBOARD_FILE: &str = "JOURNEYTOP_DASHBOARD_FILE";

/// Writes a recording of `events` events from `DASHBOARD_SESSIONS`
/// sessions: everyone joins first, then ratings (replacing older ones)
/// and likes, `RATE` a second in batches of `BATCH`.
fn write_dashboard_recording(path: &std::path::Path, events: usize) {
    use journeytop::record::{Header, Recording, reader};
    use std::io::Write;
    let header = Header::new(
        Variant::InteractivePrompts,
        "oseh_ip_dashboard_memory",
        Some(Prompt::default_for(Style::Numeric)),
        Some((events / RATE) as f64 + 10.0),
        0.0,
    );
    let text = |inputs: Vec<Stamped>| {
        reader::to_text(&Recording {
            header: header.clone(),
            header_found: true,
            inputs,
            end: None,
            problems: Vec::new(),
        })
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(text(Vec::new()).as_bytes()).unwrap();
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..events {
        let t = n as f64 / RATE as f64;
        batch.push(crowd_event(n, DASHBOARD_SESSIONS, n % 7 == 3));
        if batch.len() == BATCH || n + 1 == events {
            let line = text(vec![Stamped {
                at: t + 0.02,
                input: Input::Batch(EventBatch {
                    events: std::mem::take(&mut batch),
                    malformed: vec![],
                }),
            }]);
            // Past the header line every chunk starts with.
            let body = line.split_once('\n').map_or("", |(_, rest)| rest);
            out.write_all(body.as_bytes()).unwrap();
        }
    }
    out.flush().unwrap();
}

/// The child: opens the recording as the dashboard does (one pass that
/// folds it to the end and keeps the checkpoints), seeks back and forth
/// all over it, ends at the end, and prints its peak RSS.
#[test]
fn dashboard_child() {
    let Some(path) = std::env::var_os(DASHBOARD_FILE) else {
        return;
    };
    let mut p = journeytop::record::Player::open(std::path::Path::new(&path)).unwrap();
    let opened_kib = status_kib("VmHWM:").unwrap_or(0);
    let (start, end) = (p.start(), p.end());
    let n = 24u32;
    for i in 0..n {
        let t = start + (end - start) * f64::from((i * 7) % n) / f64::from(n - 1);
        p.seek(t);
        p.state();
    }
    p.seek(end);
    let e = p.state();
    let applied = e.counts().applied;
    let users = e.live().users;
    assert!(p.stopped().is_none(), "{:?}", p.stopped());
    println!(
        "DASHBOARD events={applied} users={users} checkpoints={} session_bytes={} opened_kib={opened_kib} vmhwm_kib={}",
        p.checkpoint_count(),
        p.checkpoint_bytes().0,
        status_kib("VmHWM:").unwrap_or(0)
    );
}

/// The child's peak RSS (KiB) on the recording at `path`, and its figures.
fn dashboard_peak(path: &std::path::Path) -> (u64, String) {
    let line = child_figures(
        "dashboard_child",
        (DASHBOARD_FILE, path.as_os_str()),
        "DASHBOARD ",
    );
    let field = |name: &str| figure(&line, name);
    assert_eq!(field("users=") as usize, DASHBOARD_SESSIONS, "{line}");
    (field("vmhwm_kib="), line)
}

#[test]
fn the_replay_dashboards_memory_grows_with_the_sessions_not_the_length() {
    if std::env::var_os(CHILD).is_some() || std::env::var_os(DASHBOARD_FILE).is_some() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("journeytop-dashboard-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut peaks = Vec::new();
    for events in [DASHBOARD_EVENTS, 2 * DASHBOARD_EVENTS] {
        let path = dir.join(format!("{events}.jsonl"));
        write_dashboard_recording(&path, events);
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let (peak, line) = dashboard_peak(&path);
        let _ = std::fs::remove_file(&path);
        println!("{line} file_bytes={bytes}");
        assert!(line.contains(&format!("events={events} ")), "{line}");
        assert!(peak > 0, "no VmHWM read: {line}");
        assert!(
            peak <= DASHBOARD_BUDGET_KIB,
            "the dashboard peaked at {peak} KiB on {events} events, over {DASHBOARD_BUDGET_KIB} KiB"
        );
        peaks.push(peak);
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        peaks[1] <= peaks[0] + DASHBOARD_MARGIN_KIB,
        "twice the length, same sessions: the peak went from {} to {} KiB (more than {DASHBOARD_MARGIN_KIB} KiB more)",
        peaks[0],
        peaks[1]
    );
}
