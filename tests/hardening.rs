//! Issue 11, run as an attacker would, against the built binary: hostile
//! recordings and files are generated here; every run has its own log file
//! in a temporary folder. Bounds are counts (lines, bytes), never timings.

mod common;

use common::{bin, temp};
use std::process::{Output, Stdio};

/// Runs the binary with its own log file; kills it (failing the test) if it
/// has not finished after `secs` — only a guard against a hang.
fn run(args: &[&str], log: &std::path::Path, secs: u64) -> Output {
    let mut child = bin()
        .args(args)
        .arg("--log-file")
        .arg(log)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "{args:?} still running after {secs} s; {} bytes out",
                out.stdout.len()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn header(prompt: &str, start_at: f64) -> String {
    format!(
        r#"{{"format":"journeytop-recording","version":1,"variant":"interactive-prompts","uid":"oseh_ip_x","prompt":{prompt},"duration":20.0,"journeytop":"0.1.0","started":0.0,"start_at":{start_at}}}"#
    )
}

const NUMERIC: &str = r#"{"style":"numeric","text":"Rate","min":1,"max":10,"step":1}"#;

#[test]
fn a_recording_ending_at_1e12_prints_a_bounded_number_of_lines() {
    let path = temp("far-end.jsonl");
    let text = format!(
        "{}\n{}\n{}\n",
        header(NUMERIC, 0.0),
        r#"{"t":0.0,"kind":"link","connection":"live"}"#,
        r#"{"t":1e12,"kind":"end","reason":"until"}"#
    );
    std::fs::write(&path, text).unwrap();
    let out = run(
        &["replay", "--headless", path.to_str().unwrap()],
        &temp("far-end.log"),
        120,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = out
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    // Duration 20 s + 60 s of slack, whole seconds, plus the final line.
    assert!(lines <= 20 + 60 + 2, "{lines} lines");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("lines stop at 80 s"), "{stderr}");
}

#[test]
fn a_recording_starting_at_1e17_ends() {
    let path = temp("far-start.jsonl");
    let text = format!(
        "{}\n{}\n",
        header(NUMERIC, 1e17),
        r#"{"t":1.0000000001e17,"kind":"end","reason":"until"}"#
    );
    std::fs::write(&path, text).unwrap();
    let out = run(
        &["replay", "--headless", path.to_str().unwrap()],
        &temp("far-start.log"),
        120,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = out
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    assert!(lines <= 20 + 60 + 2, "{lines} lines");
}

#[test]
fn hostile_header_prompts_are_refused_in_clean_words() {
    let colors = vec![r##""#000000""##; 10_000].join(",");
    let words = vec![r#""w""#; 10_000].join(",");
    let prompts = [
        r#"{"style":"numeric","text":"Rate","min":0,"max":1000000000,"step":1}"#.to_string(),
        r#"{"style":"numeric","text":"Rate","min":-9223372036854775808,"max":9223372036854775807,"step":1}"#.to_string(),
        format!(r#"{{"style":"color","text":"Pick","colors":[{colors}]}}"#),
        r##"{"style":"color","text":"Pick","colors":["#zzzzzz","#000000"]}"##.to_string(),
        format!(r#"{{"style":"word","text":"Pick","options":[{words}]}}"#),
        r#"{"style":"\u001b]0;pwned\u0007\u001b[2J","text":"x"}"#.to_string(),
    ];
    for (i, prompt) in prompts.iter().enumerate() {
        let path = temp(&format!("prompt-{i}.jsonl"));
        let text = format!(
            "{}\n{}\n{}\n",
            header(prompt, 0.0),
            r#"{"t":0.5,"kind":"batch","events":[{"uid":"oseh_ipe_1","session_uid":"oseh_ips_1","evtype":"numeric_prompt_response","prompt_time":0.5,"icon":null,"data":{"rating":5}}]}"#,
            r#"{"t":2.0,"kind":"end","reason":"until"}"#
        );
        std::fs::write(&path, text).unwrap();
        let out = run(
            &["replay", "--headless", path.to_str().unwrap()],
            &temp(&format!("prompt-{i}.log")),
            120,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{i}: {stderr}");
        assert!(
            stderr.contains("the header cannot be read"),
            "{i}: {stderr}"
        );
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "{i}: escapes reached stderr: {stderr:?}"
        );
        assert!(
            out.stdout.len() < 100_000,
            "{i}: {} bytes",
            out.stdout.len()
        );
    }
}

fn journey_file(name: &str) -> std::path::PathBuf {
    let file = temp(name);
    std::fs::write(
        &file,
        r#"{"uid":"oseh_ip_x","jwt":"aa.bb.cc","duration_seconds":20,
            "prompt":{"style":"press","text":"Hold"},"server":"ws://127.0.0.1:9"}"#,
    )
    .unwrap();
    file
}

#[test]
fn record_never_overwrites_an_input_nor_an_existing_file_without_force() {
    let journey = journey_file("record-journey.json");
    let before = std::fs::read(&journey).unwrap();
    let j = journey.to_str().unwrap();
    let log = temp("record.log");
    let out = run(
        &[
            "watch",
            "--headless",
            "--journey-file",
            j,
            "--record",
            j,
            "--force",
        ],
        &log,
        60,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("one of the files being read"), "{stderr}");
    assert_eq!(
        std::fs::read(&journey).unwrap(),
        before,
        "the journey file was touched"
    );

    let existing = temp("existing.jsonl");
    std::fs::write(&existing, "keep me\n").unwrap();
    let e = existing.to_str().unwrap();
    let out = run(
        &["watch", "--headless", "--journey-file", j, "--record", e],
        &log,
        60,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already exists; pass --force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me\n");
}

#[test]
fn an_unusable_log_file_fails_at_start_in_words() {
    let journey = journey_file("log-journey.json");
    let j = journey.to_str().unwrap();
    let dir = temp("a-log-folder");
    std::fs::create_dir_all(&dir).unwrap();
    let blocker = temp("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    for log in [dir, blocker.join("journeytop.log")] {
        let out = run(&["watch", "--headless", "--journey-file", j], &log, 60);
        assert_eq!(out.status.code(), Some(2), "{}", log.display());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("cannot write the log file"), "{stderr}");
        assert!(out.stdout.is_empty(), "nothing ran");
    }
}
