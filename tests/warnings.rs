//! The warnings the binary prints on stderr: plain `ws://` to another host
//! (refused, or warned with --allow-plaintext: the JWT would travel
//! unencrypted) and a simulator listening beyond loopback (anyone who can
//! reach it can post events). Neither is printed for loopback.

mod common;

use common::*;
use journeytop_protocol::{Style, Variant};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};

/// Starts `cmd` and reads its stderr until a line contains `until` (or 30 s
/// pass, or stderr closes); kills it and returns what it printed.
async fn stderr_until(cmd: std::process::Command, until: &str) -> String {
    let mut child = tokio::process::Command::from(cmd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = String::new();
    let _ = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            seen.push_str(&line);
            seen.push('\n');
            if line.contains(until) {
                break;
            }
        }
    })
    .await;
    let _ = child.kill().await;
    seen
}

/// A journey file for the in-process simulator.
async fn journey_file(name: &str) -> (journeytop_sim::server::SimHandle, std::path::PathBuf) {
    let sim = sim(config(Variant::InteractivePrompts, Style::Numeric, 20.0, 0)).await;
    let path = temp(name);
    std::fs::write(&path, sim.spec.to_json().to_string()).unwrap();
    (sim, path)
}

const PLAINTEXT: &str = "ws://192.0.2.1:9 is plain text to a host that is not this machine: the JWT would travel unencrypted";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_ws_to_another_host_is_refused_without_allow_plaintext() {
    let (sim, file) = journey_file("plain-refused.json").await;
    let out = run({
        let mut c = bin();
        c.args(["watch", "--headless", "--journey-file"])
            .arg(&file)
            .args(["--server", "ws://192.0.2.1:9"]);
        c
    })
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(PLAINTEXT), "{stderr}");
    assert!(stderr.contains("pass --allow-plaintext"), "{stderr}");
    assert!(!stderr.contains(sim.spec.jwt.expose()), "{stderr}");
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_ws_to_another_host_is_warned_with_allow_plaintext() {
    let (sim, file) = journey_file("plain-warned.json").await;
    let mut c = bin();
    c.args(["watch", "--headless", "--allow-plaintext", "--journey-file"])
        .arg(&file)
        .args(["--server", "ws://192.0.2.1:9"]);
    let stderr = stderr_until(c, "warning").await;
    assert!(
        stderr.contains(&format!(
            "journeytop: warning: {PLAINTEXT} (--allow-plaintext)"
        )),
        "{stderr}"
    );
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_ws_to_this_machine_is_not_warned() {
    let (sim, file) = journey_file("plain-loopback.json").await;
    let out = run({
        let mut c = bin();
        c.args(["watch", "--headless", "--until", "0.5", "--journey-file"])
            .arg(&file);
        c
    })
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(sim.ws_url().starts_with("ws://127.0.0.1"));
    assert!(!stderr.contains("plain text"), "{stderr}");
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simulator_listening_beyond_loopback_warns() {
    let mut c = bin();
    c.args(["simulate", "--listen", "0.0.0.0:0", "--crowd", "1"]);
    let stderr = stderr_until(c, "serving").await;
    assert!(
        stderr.contains(
            "journeytop: warning: listening on 0.0.0.0:0 — anyone who can reach this address can post events and read the journey"
        ),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simulator_on_loopback_does_not_warn() {
    let mut c = bin();
    c.args(["simulate", "--listen", "127.0.0.1:0", "--crowd", "1"]);
    let stderr = stderr_until(c, "serving").await;
    assert!(stderr.contains("journeytop simulate: serving"), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
