//! The replay player's checkpoint ladder on a recording long enough to thin
//! it, and generated recordings that depend on their seed only.

mod common;

use common::*;
use journeytop::output::headless;
use journeytop::record::generate::{self, Plan};
use journeytop::record::player::MAX_CHECKPOINTS;
use journeytop::record::{Player, Recording, reader};
use journeytop_protocol::{Prompt, Style, Variant};

fn plan(events: u64, rate: f64, seed: u64) -> Plan {
    Plan {
        variant: Variant::InteractivePrompts,
        prompt: Prompt::default_for(Style::Numeric),
        events,
        sessions: None,
        rate,
        seed,
    }
}

fn generated(plan: &Plan) -> Vec<u8> {
    let mut out = Vec::new();
    generate::write(plan, &mut out).unwrap();
    out
}

/// The state at `t` without a player: every input up to the first one
/// stamped after `t`, in file order, then the clock advanced to `t`.
fn reference(rec: &Recording, t: f64) -> String {
    let mut engine = journeytop_engine::JourneyState::new(
        rec.header.prompt.clone(),
        rec.header.duration,
        journeytop_engine::EngineConfig {
            start_at: rec.start(),
            ..journeytop_engine::EngineConfig::default()
        },
    );
    for s in rec.inputs.iter().take_while(|s| s.at <= t) {
        engine.ingest(s.clone());
    }
    engine.advance_to(t);
    headless::line(&engine, t, false)
}

#[test]
fn a_long_recording_thins_the_ladder_and_every_seek_still_equals_a_fresh_fold() {
    // 8,000 events at 10 events/s: ~890 s of journey time, so a checkpoint
    // every 5 s would be ~178 of them. The ladder must thin (twice at least).
    let rec = reader::parse(&generated(&plan(8_000, 10.0, 3)), "long").unwrap();
    assert!(rec.problems.is_empty(), "{:?}", rec.problems);
    let (start, end) = (rec.start(), rec.end_time());
    assert!(
        end - start > 5.0 * 4.0 * MAX_CHECKPOINTS as f64,
        "long enough to thin twice: {start}..{end}"
    );
    let mut p = Player::new(rec.clone());
    p.seek(end);
    p.state();
    let kept = p.checkpoint_count();
    assert!(kept <= MAX_CHECKPOINTS, "{kept} checkpoints kept");
    // Thinning keeps every other one, so the ladder still covers the file.
    assert!(kept > MAX_CHECKPOINTS / 2, "only {kept} checkpoints kept");
    // Seeks all over the file, backward and forward, after the thinning.
    let span = end - start;
    let mut times: Vec<f64> = (0..48)
        .map(|i| start + span * f64::from((i * 29) % 48) / 47.0)
        .collect();
    times.extend([start, end, start + 0.26, end - 0.01, start + span / 3.0]);
    for &t in &times {
        p.seek(t);
        assert_eq!(
            headless::line(p.state(), t, false),
            reference(&rec, t),
            "seek to {t}"
        );
    }
    // Seeking never adds checkpoints past the cap.
    assert!(p.checkpoint_count() <= MAX_CHECKPOINTS);
}

/// Everything after the header line (whose uid names the seed).
fn body(bytes: &[u8]) -> Option<&[u8]> {
    bytes.splitn(2, |&c| c == b'\n').nth(1)
}

#[test]
fn the_same_seed_generates_the_same_bytes_and_another_seed_does_not() {
    let a = generated(&plan(20_000, 1000.0, 7));
    assert_eq!(a, generated(&plan(20_000, 1000.0, 7)), "same seed");
    let b = generated(&plan(20_000, 1000.0, 8));
    assert_ne!(a, b, "another seed");
    assert_ne!(body(&a), body(&b), "another seed, another crowd");
}

#[tokio::test]
async fn simulate_write_recording_writes_the_same_file_for_the_same_seed() {
    let write = |name: &str, seed: &str| {
        let path = temp(name);
        let _ = std::fs::remove_file(&path);
        let mut cmd = bin();
        cmd.args(["simulate", "--write-recording"])
            .arg(&path)
            .args(["--events", "5000", "--seed", seed]);
        (path, cmd)
    };
    let mut files = Vec::new();
    for (name, seed) in [("a.jsonl", "11"), ("b.jsonl", "11"), ("c.jsonl", "12")] {
        let (path, cmd) = write(name, seed);
        let out = run(cmd).await;
        assert!(out.status.success(), "{out:?}");
        files.push(std::fs::read(&path).unwrap());
    }
    assert!(files[0].len() > 100_000, "{} bytes", files[0].len());
    assert_eq!(files[0], files[1], "seed 11 twice");
    assert_ne!(body(&files[0]), body(&files[2]), "seed 11 and seed 12");
}
