//! What a new user meets first: `demo` somewhere that is not a terminal
//! says what to do, and a headless watch ends on time (its final line by
//! duration + lookback, not at the server's auto-close).

mod common;

use common::*;
use journeytop_protocol::{Style, Variant};
use std::process::Stdio;

#[test]
fn demo_without_a_terminal_says_what_to_do() {
    for extra in [&[][..], &["--journeys", "2"][..]] {
        let out = jt("demo")
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        for words in [
            "needs an interactive terminal",
            "Run it in one",
            "journeytop watch --headless",
        ] {
            assert!(
                err.contains(words),
                "{extra:?}: {words:?} missing from: {err}"
            );
        }
        assert!(out.stdout.is_empty(), "no escape sequences into a pipe");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_final_headless_line_comes_by_duration_plus_lookback() {
    let (duration, lookback) = (3.0, 1.0);
    let sim = sim(config(
        Variant::InteractivePrompts,
        Style::Numeric,
        duration,
        200,
    ))
    .await;
    let file = temp("short.json");
    std::fs::write(&file, sim.spec.to_json().to_string()).unwrap();
    let mut cmd = jt("watch");
    cmd.args(["--headless", "--lookback", "1", "--journey-file"])
        .arg(&file);
    let started = std::time::Instant::now();
    let out = run(cmd).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["final"], true, "{stdout}");
    let t = last["journey_time"].as_f64().unwrap();
    assert!(
        t >= duration && t <= duration + lookback,
        "final line at journey time {t}, not within [{duration}, {}]: {stdout}",
        duration + lookback
    );
    // Not the server's auto-close (duration + lookback + 10 s) either.
    assert!(started.elapsed().as_secs_f64() < duration + lookback + 8.0);
    sim.stop().await;
}
