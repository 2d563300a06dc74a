//! `journeytop simulate` as a user runs it: one line per connection and
//! per POST on stdout (none with `-q`), an empty room with `--crowd 0`, and
//! no panic when nobody reads its output.

mod common;

use common::*;
use journeytop_protocol::{JourneySpec, ServerBody};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncBufReadExt;

/// Starts `simulate --listen 127.0.0.1:0 --journey-file-out FILE extra…`
/// and returns it with its journey file once written.
async fn start(
    name: &str,
    extra: &[&str],
    out: Stdio,
    err: Stdio,
) -> (tokio::process::Child, JourneySpec) {
    let file = temp(&format!("{name}.json"));
    let _ = std::fs::remove_file(&file);
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_journeytop"));
    isolate(&mut c, "simulate");
    c.args(["--listen", "127.0.0.1:0", "--journey-file-out"])
        .arg(&file)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    let child = tokio::process::Command::from(c)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        if let Ok(spec) = JourneySpec::from_json(&text) {
            return (child, spec);
        }
        assert!(tokio::time::Instant::now() < deadline, "no journey file");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn post(
    spec: &JourneySpec,
    route: &str,
    session: &str,
    t: f64,
    data: serde_json::Value,
) -> u16 {
    let v = spec.variant;
    let body = serde_json::json!({
        v.uid_field(): spec.uid, v.jwt_field(): spec.jwt.expose(),
        "session_uid": session, v.time_field(): t, "data": data
    });
    let api = spec.api.clone().unwrap();
    reqwest::Client::new()
        .post(format!("{api}{}/{route}", v.events_path()))
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A websocket through the whole handshake, our clock at `clock`.
async fn follow(spec: &JourneySpec, clock: f64) -> Ws {
    let v = spec.variant;
    let url = format!("{}{}", spec.server.clone().unwrap(), v.ws_path());
    let mut ws = tokio_tungstenite::connect_async(url).await.unwrap().0;
    send(
        &mut ws,
        authorize(v, &spec.uid, spec.jwt.expose(), 100, 3.0, 3.0),
    )
    .await;
    let Next::Packet(p) = next(&mut ws, Duration::from_secs(5)).await else {
        panic!("no sync_request")
    };
    assert_eq!(p.kind(), "sync_request");
    send(&mut ws, sync_response(clock, clock)).await;
    let Next::Packet(p) = next(&mut ws, Duration::from_secs(5)).await else {
        panic!("no auth_response")
    };
    assert_eq!(p.kind(), "auth_response");
    ws
}

/// Reads stdout lines until one matches `want` (30 s at most); returns
/// every line read.
async fn lines_until(
    lines: &mut tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
    seen: &mut Vec<String>,
    want: impl Fn(&str) -> bool,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let line = tokio::time::timeout_at(deadline, lines.next_line())
            .await
            .expect("the line within 30 s")
            .unwrap()
            .expect("stdout still open");
        let done = want(&line);
        seen.push(line);
        if done {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_post_and_connection_is_one_line_and_an_empty_room_hears_only_us() {
    let (mut child, spec) = start("notes", &["--crowd", "0"], Stdio::piped(), Stdio::null()).await;
    let stdout = child.stdout.take().unwrap();
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let mut seen = Vec::new();
    let me = "oseh_ips_\u{1b}[31mme";
    assert_eq!(
        post(&spec, "join", me, 1.0, serde_json::json!({"name": "Me"})).await,
        201
    );
    lines_until(&mut lines, &mut seen, |l| l.starts_with("POST ")).await;
    let mut ws = follow(&spec, 2.0).await;
    lines_until(&mut lines, &mut seen, |l| l.starts_with("ws ")).await;
    // Our like is the only event in the room.
    assert_eq!(
        post(&spec, "like", me, 2.0, serde_json::json!({})).await,
        201
    );
    let batch = loop {
        match next(&mut ws, Duration::from_secs(10)).await {
            Next::Packet(p) => {
                if let ServerBody::EventBatch(b) = p.body {
                    break b;
                }
            }
            other => panic!("no batch: {other:?}"),
        }
    };
    let kinds: Vec<&str> = batch.events.iter().map(|e| e.data.evtype_str()).collect();
    assert_eq!(kinds, ["like"], "crowd 0 is an empty room");
    lines_until(&mut lines, &mut seen, |l| l.starts_with("POST like")).await;
    drop(ws);
    lines_until(&mut lines, &mut seen, |l| l.starts_with("ws #1 ended")).await;
    let notes: Vec<&String> = seen
        .iter()
        .filter(|l| l.starts_with("POST") || l.starts_with("ws"))
        .collect();
    assert_eq!(notes.len(), 4, "{seen:#?}");
    assert!(
        notes[0].starts_with("POST join session oseh_ips_me → 201"),
        "{}",
        notes[0]
    );
    assert!(
        notes[0].contains(&spec.uid) && notes[0].contains("interactive-prompts"),
        "{}",
        notes[0]
    );
    assert!(!notes.iter().any(|l| l.contains('\u{1b}')), "sanitized");
    assert!(
        notes[1].starts_with("ws #1 connected: ") && notes[1].contains(&spec.uid),
        "{}",
        notes[1]
    );
    assert!(
        notes[2].starts_with("POST like") && notes[2].contains("201"),
        "{}",
        notes[2]
    );
    assert!(
        notes[3].contains("dropped: the client went away"),
        "{}",
        notes[3]
    );
    let _ = child.start_kill();
    let _ = child.wait().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_prints_no_connection_or_post() {
    let (mut child, spec) = start("quiet", &["-q"], Stdio::piped(), Stdio::null()).await;
    assert_eq!(
        post(&spec, "join", "oseh_ips_q", 1.0, serde_json::json!({})).await,
        201
    );
    drop(follow(&spec, 1.0).await);
    assert_eq!(
        post(&spec, "join", "oseh_ips_r", 1.0, serde_json::json!({})).await,
        201
    );
    // Printed lines would be out within milliseconds.
    tokio::time::sleep(Duration::from_millis(500)).await;
    child.start_kill().unwrap();
    let out = child.wait_with_output().await.unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&spec.uid),
        "the journey file is still printed"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("POST") || l.starts_with("ws")),
        "{text}"
    );
}

/// `simulate 2>&1 | head -3`: with both outputs closed from the start it
/// keeps serving and stops cleanly on SIGTERM (it used to panic, exit 101).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_outputs_do_not_stop_the_server() {
    let closed = || {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        Stdio::from(writer)
    };
    let (mut child, spec) = start("closed", &[], closed(), closed()).await;
    for (i, session) in ["oseh_ips_a", "oseh_ips_b", "oseh_ips_c"]
        .iter()
        .enumerate()
    {
        assert_eq!(
            post(&spec, "join", session, 1.0, serde_json::json!({})).await,
            201,
            "post {i}"
        );
    }
    drop(follow(&spec, 1.0).await);
    assert_eq!(
        post(&spec, "like", "oseh_ips_a", 2.0, serde_json::json!({})).await,
        201
    );
    assert!(child.try_wait().unwrap().is_none(), "still serving");
    let pid = child.id().unwrap().to_string();
    let term = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(term.success());
    let status = tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .expect("it stops on SIGTERM")
        .unwrap();
    // Stopped by a signal, as in every mode: 128 + 15.
    assert_eq!(status.code(), Some(143), "{status:?}");
}

#[test]
fn crowd_zero_is_for_simulate_only() {
    let out = jt("demo")
        .args(["--crowd", "0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = jt("simulate")
        .args(["--crowd", "0", "--write-recording"])
        .arg(temp("zero.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least one session"));
}

#[test]
fn flags_only_where_they_mean_something() {
    let help = |args: &[&str]| {
        let out = bin().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let simulate = help(&["simulate", "--help"]);
    assert!(
        !simulate.contains("--theme") && !simulate.contains("--no-color"),
        "{simulate}"
    );
    assert!(
        simulate.contains("--log-file") && simulate.contains("--quiet"),
        "{simulate}"
    );
    let completions = help(&["completions", "--help"]);
    for flag in ["--theme", "--no-color", "--log-file"] {
        assert!(!completions.contains(flag), "{completions}");
    }
    for cmd in ["demo", "watch", "replay"] {
        let text = help(&[cmd, "--help"]);
        for flag in ["--theme", "--no-color", "--log-file"] {
            assert!(text.contains(flag), "{cmd} lacks {flag}");
        }
    }
    assert!(help(&["ticket", "--help"]).contains("--log-file"));
    // `watch` alone names every way to say which journey.
    let out = jt("watch").stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for way in ["--journey-file", "--uid", "--jwt-file", "--api", "--public"] {
        assert!(err.contains(way), "{way} missing from: {err}");
    }
}
