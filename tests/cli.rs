//! The binary as a user runs it: help, headless watch against the simulator,
//! exit codes, and the JWT never showing in any output or log.

mod common;

use common::*;
use journeytop_protocol::{Style, Variant};
use std::process::Stdio;

#[test]
fn help_shows_the_whole_cli_and_the_exit_codes() {
    let out = bin().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "demo",
        "simulate",
        "watch",
        "replay",
        "completions",
        "Exit codes",
        "3  the server refused the JWT",
    ] {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
    let out = jt("watch").args(["--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--journey-file",
        "--uid",
        "--jwt-file",
        "--prompt-file",
        "--server",
        "--api",
        "--bandwidth",
        "--lookback",
        "--lookahead",
        "--start-at",
        "--record",
        "--headless",
        "--every",
        "--until",
        "--max-retries",
        "--ca-file",
        "--variant",
    ] {
        assert!(text.contains(flag), "{flag} missing");
    }
    assert!(!text.contains("--jwt "), "no bare JWT argument");
    // Completions name every command and the flags people type most.
    for (shell, marker) in [
        ("bash", "complete -F _journeytop"),
        ("zsh", "#compdef journeytop"),
        ("fish", "complete -c journeytop"),
    ] {
        let out = jt("completions").args([shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        // Each shell gets its own script, not another shell's.
        assert!(text.contains(marker), "{shell} completions lack {marker:?}");
        for word in [
            "watch",
            "demo",
            "simulate",
            "replay",
            "journey-file",
            "headless",
            "record",
            "speed",
        ] {
            assert!(text.contains(word), "{shell} completions lack {word}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headless_watch_prints_a_line_per_second_and_a_final_line() {
    let sim = sim(config(
        Variant::InteractivePrompts,
        Style::Numeric,
        20.0,
        400,
    ))
    .await;
    let file = temp("journey.json");
    std::fs::write(&file, sim.spec.to_json().to_string()).unwrap();
    let log = temp("headless.log");
    let mut cmd = bin();
    cmd.args(["watch", "--headless", "--until", "3", "--journey-file"])
        .arg(&file)
        .arg("--log-file")
        .arg(&log);
    let out = run(cmd).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let times: Vec<f64> = lines
        .iter()
        .map(|l| l["journey_time"].as_f64().unwrap())
        .collect();
    assert_eq!(times, [0.0, 1.0, 2.0, 3.0, 3.0], "{stdout}");
    let last = lines.last().unwrap();
    assert_eq!(last["final"], true);
    assert!(lines[..4].iter().all(|l| l.get("final").is_none()));
    assert_eq!(lines[3]["connection"], "live");
    assert!(last["live"]["numeric_active"].as_object().unwrap().len() == 10);
    assert!(
        last["totals"]["users"].as_u64().is_some(),
        "the simulator's stats load as totals: {last}"
    );
    assert!(
        last["live"]["events"]["received"].as_u64().unwrap() > 0,
        "{last}"
    );
    // The JWT is nowhere: not on stdout, stderr, nor in the log.
    let jwt = sim.spec.jwt.expose();
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!logged.is_empty(), "logs go to the file");
    for (name, text) in [
        ("stdout", stdout.as_ref()),
        ("stderr", stderr.as_ref()),
        ("log", logged.as_str()),
    ] {
        assert!(!text.contains(jwt), "the JWT leaked into {name}");
    }
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_is_headless_by_itself_when_stdout_is_not_a_terminal() {
    let sim = sim(config(Variant::Journeys, Style::Press, 20.0, 200)).await;
    let file = temp("auto.json");
    std::fs::write(&file, sim.spec.to_json().to_string()).unwrap();
    // No --headless: stdout is a pipe here, so NDJSON it is; every 0.5 s.
    let mut cmd = jt("watch");
    cmd.args(["--every", "0.5", "--until", "2", "--journey-file"])
        .arg(&file);
    let out = run(cmd).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let times: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["journey_time"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert_eq!(times, [0.0, 0.5, 1.0, 1.5, 2.0, 2.0]);
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_and_plain_words() {
    let sim = sim(config(Variant::InteractivePrompts, Style::Numeric, 20.0, 0)).await;
    let mut bad_jwt = sim.spec.clone();
    let foreign = journeytop_sim::jwt::issue(
        "oseh_ip_other",
        "oseh-interactive-prompt",
        600,
        &journeytop_sim::jwt::Secret::new(b"other".to_vec()),
    );
    bad_jwt.jwt = journeytop_protocol::Jwt::new(foreign.clone());
    let f403 = temp("403.json");
    std::fs::write(&f403, bad_jwt.to_json().to_string()).unwrap();
    let out = run({
        let mut c = jt("watch");
        c.args(["--headless", "--journey-file"]).arg(&f403);
        c
    })
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("refused the JWT") && !stderr.contains(&foreign),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(
        (last["final"].as_bool(), last["connection"].as_str()),
        (Some(true), Some("failed"))
    );
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_and_gave_up_have_their_exit_codes() {
    let sim = sim(config(Variant::InteractivePrompts, Style::Numeric, 20.0, 0)).await;
    let f403 = temp("403b.json");
    std::fs::write(&f403, sim.spec.to_json().to_string()).unwrap();
    // 404 through --uid and JOURNEYTOP_JWT.
    let jwt404 =
        journeytop_sim::jwt::issue("oseh_ip_missing", "oseh-interactive-prompt", 600, &secret());
    let out = run({
        let mut c = jt("watch");
        c.args([
            "--headless",
            "--uid",
            "oseh_ip_missing",
            "--duration",
            "20",
            "--server",
            &sim.ws_url(),
        ])
        .env("JOURNEYTOP_JWT", &jwt404);
        c
    })
    .await;
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Refused, retried, given up: exit 5.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let out = run({
        let mut c = jt("watch");
        c.args(["--headless", "--max-retries", "1", "--journey-file"])
            .arg(&f403)
            .args(["--server", &format!("ws://127.0.0.1:{port}")]);
        c
    })
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("refused"), "{stderr}");
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_exit_2_with_the_reason() {
    // Bad input: exit 2 with the reason.
    let broken = temp("broken.json");
    std::fs::write(&broken, "{\"uid\": 5}").unwrap();
    let out = run({
        let mut c = jt("watch");
        c.args(["--headless", "--journey-file"]).arg(&broken);
        c
    })
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`uid` is not a string"));
    let out = run({
        let mut c = jt("watch");
        c.args([
            "--headless",
            "--uid",
            "oseh_ip_x",
            "--duration",
            "5",
            "--server",
            "ws://127.0.0.1:1",
        ])
        .env_remove("JOURNEYTOP_JWT");
        c
    })
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("JOURNEYTOP_JWT"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulate_serves_a_journey_file_and_accepts_a_curl_like_post() {
    let out_file = temp("sim-journey.json");
    let mut child = tokio::process::Command::from({
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_journeytop"));
        isolate(&mut c, "simulate");
        c
    })
    .args([
        "--listen",
        "127.0.0.1:0",
        "--style",
        "word",
        "--crowd",
        "100",
        "--journey-file-out",
    ])
    .arg(&out_file)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .kill_on_drop(true)
    .spawn()
    .unwrap();
    let mut text = String::new();
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        text = std::fs::read_to_string(&out_file).unwrap_or_default();
        if text.contains("api") {
            break;
        }
    }
    let spec = journeytop_protocol::JourneySpec::from_json(&text).unwrap();
    assert_eq!(spec.variant, Variant::InteractivePrompts);
    let api = spec.api.clone().unwrap();
    let body = serde_json::json!({
        "interactive_prompt_uid": spec.uid, "interactive_prompt_jwt": spec.jwt.expose(),
        "session_uid": "oseh_ips_meeting", "prompt_time": 1.0, "data": {}
    });
    let r = reqwest::Client::new()
        .post(format!("{api}/api/1/interactive_prompts/events/join"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let mut like = body.clone();
    like["prompt_time"] = 2.0.into();
    let r = reqwest::Client::new()
        .post(format!("{api}/api/1/interactive_prompts/events/like"))
        .json(&like)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    child.start_kill().unwrap();
    let out = child.wait_with_output().await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&spec.uid),
        "the journey file is printed too"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("journeytop watch --journey-file"));
}

#[test]
fn watch_gives_up_after_ten_failed_attempts_by_default() {
    use clap::Parser;
    use journeytop::cli::{Cli, Command};
    let parse = |extra: &[&str]| {
        let args = ["journeytop", "watch", "--journey-file", "j.json"];
        match Cli::try_parse_from(args.iter().chain(extra))
            .unwrap()
            .command
        {
            Command::Watch(w) => w.max_retries,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(parse(&[]), 10);
    assert_eq!(parse(&["--max-retries", "3"]), 3);
}
