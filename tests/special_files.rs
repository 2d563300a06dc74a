//! Issue 11 item 8: every file flag, given `/dev/zero` or a FIFO nobody
//! writes to, is refused at once with exit 2 and a message naming the file
//! — never read until memory runs out, never waited on.

mod common;

use common::{bin, temp};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary; kills it (failing the test) if it has not finished
/// after 30 s — a guard against the hang this file is about.
fn run(args: &[String]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still running after 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn fifo() -> String {
    let path = temp("nobody-writes.fifo");
    if !path.exists() {
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success(), "mkfifo failed");
    }
    path.to_str().unwrap().to_string()
}

fn file(name: &str, text: &str) -> String {
    let path = temp(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Each command line, with `{}` where the special file goes.
fn cases() -> Vec<(&'static str, Vec<String>)> {
    let jwt = file("good.jwt", "aa.bb.cc\n");
    let prompt = file("good-prompt.json", r#"{"style":"press","text":"Hold"}"#);
    let journey = file(
        "good-journey.json",
        r#"{"uid":"oseh_ip_x","jwt":"aa.bb.cc","duration_seconds":20,
            "prompt":{"style":"press","text":"Hold"},"server":"ws://127.0.0.1:9"}"#,
    );
    let token = file("good-token", "id-token\n");
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let by_hand = |jwt: &str, prompt: &str| {
        s(&[
            "watch",
            "--headless",
            "--uid",
            "oseh_ip_x",
            "--duration",
            "20",
            "--server",
            "ws://127.0.0.1:9",
            "--jwt-file",
            jwt,
            "--prompt-file",
            prompt,
            "--max-retries",
            "0",
        ])
    };
    vec![
        (
            "journey file",
            s(&["watch", "--headless", "--journey-file", "{}"]),
        ),
        ("JWT file", by_hand("{}", &prompt)),
        ("prompt file", by_hand(&jwt, "{}")),
        (
            "CA file",
            s(&[
                "watch",
                "--headless",
                "--journey-file",
                &journey,
                "--ca-file",
                "{}",
            ]),
        ),
        (
            "JWT secret file",
            s(&[
                "simulate",
                "--listen",
                "127.0.0.1:0",
                "--jwt-secret-file",
                "{}",
            ]),
        ),
        (
            "token file",
            s(&[
                "ticket",
                "--api",
                "http://127.0.0.1:9",
                "--public",
                "notification-time",
                "--token-file",
                "{}",
            ]),
        ),
        (
            "journey JWT file",
            s(&[
                "ticket",
                "--api",
                "http://127.0.0.1:9",
                "--journey-uid",
                "oseh_j_x",
                "--journey-jwt-file",
                "{}",
                "--token-file",
                &token,
            ]),
        ),
        ("recording", s(&["replay", "--headless", "{}"])),
        ("recording", s(&["replay", "--summary", "{}"])),
        (
            "recording",
            s(&["replay", "--headless", "--speed", "2", "{}"]),
        ),
    ]
}

#[test]
fn every_file_flag_refuses_dev_zero_and_a_fifo_at_once() {
    let fifo = fifo();
    for (what, args) in cases() {
        for special in ["/dev/zero", fifo.as_str()] {
            let args: Vec<String> = args.iter().map(|a| a.replace("{}", special)).collect();
            let began = Instant::now();
            let out = run(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(
                stderr.contains(special) && stderr.contains("not a regular file"),
                "{what} {args:?}: {stderr}"
            );
            assert!(out.stdout.is_empty(), "{args:?} printed output");
            // Refused before any work: no network, no waiting.
            assert!(
                began.elapsed() < Duration::from_secs(15),
                "{args:?} took {:?}",
                began.elapsed()
            );
        }
    }
}

#[test]
fn the_dashboard_reads_a_huge_file_a_line_at_a_time() {
    // A header, then a sparse 300 MiB line of zeros: past any whole-file
    // cap, read without being held (the line is named and skipped).
    let big = temp("sparse-huge.jsonl");
    let mut f = std::fs::File::create(&big).unwrap();
    let header = journeytop::record::Header::new(
        journeytop_protocol::Variant::InteractivePrompts,
        "oseh_ip_huge",
        None,
        Some(30.0),
        0.0,
    );
    let mut text = serde_json::to_string(&header).unwrap();
    text.push('\n');
    std::io::Write::write_all(&mut f, text.as_bytes()).unwrap();
    f.set_len(300 << 20).unwrap();
    drop(f);
    let began = Instant::now();
    // The dashboard needs a terminal; its player is checked through the library.
    let p = journeytop::record::Player::open(&big);
    let _ = std::fs::remove_file(&big);
    let p = p.unwrap();
    assert!(
        began.elapsed() < Duration::from_secs(30),
        "{:?}",
        began.elapsed()
    );
    let problems = &p.indexed().problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 2);
    assert!(problems[0].what.contains("longer than"), "{problems:?}");
    assert_eq!((p.start(), p.end()), (0.0, 0.0));
}
