//! Seeking in the replay dashboard's player on the 1,000,000-event
//! recording that `journeytop simulate --write-recording FILE --events
//! 1000000 --seed 7` writes (made here: the same bytes, written to a
//! temporary file).
//!
//! Not a criterion benchmark: one fixed measurement, printed. It opens the
//! file as the dashboard does (`Player::open`: one pass that folds it to
//! the end and keeps the checkpoints; the inputs stay in the file), then
//! seeks all over it — backward, forward, to the start and the end —
//! timing each `seek` + `state()`, and reads VmRSS / VmHWM from
//! /proc/self/status between the steps. The recording's bytes are never
//! held: VmHWM is the player's.
//!
//! `cargo bench --bench replay_seek`; REPLAY_EVENTS=N for another size.

use journeytop::record::Player;
use journeytop::record::generate::{self, Plan};
use journeytop_protocol::{Prompt, Style, Variant};
use std::time::{Duration, Instant};

/// A figure from /proc/self/status, in KiB (0 where there is none).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Writes the recording to a temporary file, straight from the generator.
fn write_recording(events: u64) -> std::path::PathBuf {
    let plan = Plan {
        variant: Variant::InteractivePrompts,
        prompt: Prompt::default_for(Style::Numeric),
        events,
        sessions: None,
        rate: 1000.0,
        seed: 7,
    };
    let path = std::env::temp_dir().join(format!(
        "journeytop-replay-seek-{}.jsonl",
        std::process::id()
    ));
    let t = Instant::now();
    let file = std::fs::File::create(&path).expect("a temporary file");
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    generate::write(&plan, &mut out).expect("writing the recording");
    drop(out);
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!(
        "replay_seek: generated {events} events, {:.1} MB, in {:.2} s",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    path
}

/// Seeks to each of `targets`, timing each; prints median, p90 and worst.
fn seek_all(p: &mut Player, targets: &[f64]) {
    let mut times = Vec::with_capacity(targets.len());
    let mut worst = (Duration::ZERO, 0.0);
    for &t in targets {
        let begun = Instant::now();
        p.seek(t);
        p.state();
        let took = begun.elapsed();
        if took > worst.0 {
            worst = (took, t);
        }
        times.push(took);
    }
    times.sort();
    let pick = |q: f64| ms(times[((times.len() - 1) as f64 * q) as usize]);
    println!(
        "replay_seek: {} seeks: median {:.1} ms, p90 {:.1} ms, worst {:.1} ms (to {:.1} s of {:.1}..{:.1})",
        times.len(),
        pick(0.5),
        pick(0.9),
        ms(worst.0),
        worst.1,
        p.start(),
        p.end()
    );
}

fn main() {
    // Criterion-style arguments (`--bench`, filters) are ignored.
    let events: u64 = std::env::var("REPLAY_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let path = write_recording(events);
    let before = status_kib("VmRSS:");
    let t = Instant::now();
    let p = Player::open(&path);
    let _ = std::fs::remove_file(&path);
    let mut p = p.expect("a readable recording");
    println!(
        "replay_seek: opened in {:.2} s ({} inputs, {} events, {} checkpoints); {:.0} MiB of RSS more",
        t.elapsed().as_secs_f64(),
        p.indexed().inputs,
        p.indexed().events,
        p.checkpoint_count(),
        mib(status_kib("VmRSS:").saturating_sub(before))
    );
    let (start, end) = (p.start(), p.end());
    // Seek targets all over the file, in an order that goes back and forth.
    let n = 400u32;
    let span = end - start;
    let mut targets: Vec<f64> = (0..n)
        .map(|i| start + span * f64::from((i * 173) % n) / f64::from(n - 1))
        .collect();
    targets.extend([start, end, start, end - 0.3, start + 0.3]);
    seek_all(&mut p, &targets);
    // Playing on at 1×: 33 ms frames, never a restore.
    let t = Instant::now();
    p.seek(start + span / 2.0);
    p.state();
    let frames = 300;
    for _ in 0..frames {
        p.tick(Duration::from_millis(33));
        p.state();
    }
    println!(
        "replay_seek: {frames} frames at 1×: {:.2} ms a frame; {} reader moves in all",
        ms(t.elapsed()) / f64::from(frames),
        p.repositions()
    );
    let (bytes, full) = p.checkpoint_bytes();
    println!(
        "replay_seek: checkpoints {} ({full} with the session maps in full, {:.0} MiB of them; dedupe memories {:.0} MiB); VmRSS {:.0} MiB, VmHWM {:.0} MiB",
        p.checkpoint_count(),
        bytes as f64 / f64::from(1 << 20),
        p.checkpoint_dedupe_bytes() as f64 / f64::from(1 << 20),
        mib(status_kib("VmRSS:")),
        mib(status_kib("VmHWM:"))
    );
}
