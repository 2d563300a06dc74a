//! Seeking in the replay dashboard's player on the 1,000,000-event
//! recording that `journeytop simulate --write-recording FILE --events
//! 1000000 --seed 7` writes (made here in memory: the same bytes).
//!
//! Not a criterion benchmark: one fixed measurement, printed. It reads the
//! recording as the dashboard does (`reader::parse`, every input decoded
//! and held), folds it once to the end (which takes the checkpoints), then seeks all over it — backward, forward, to the start and
//! the end — timing each `seek` + `state()`, and reads VmRSS / VmHWM from
//! /proc/self/status between the steps.
//!
//! `cargo bench --bench replay_seek`; REPLAY_EVENTS=N for another size.

use journeytop::record::generate::{self, Plan};
use journeytop::record::{Player, reader};
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

fn main() {
    // Criterion-style arguments (`--bench`, filters) are ignored.
    let events: u64 = std::env::var("REPLAY_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let plan = Plan {
        variant: Variant::InteractivePrompts,
        prompt: Prompt::default_for(Style::Numeric),
        events,
        sessions: None,
        rate: 1000.0,
        seed: 7,
    };
    let t = Instant::now();
    let mut bytes = Vec::new();
    generate::write(&plan, &mut bytes).expect("writing into memory");
    println!(
        "replay_seek: generated {events} events, {:.1} MB, in {:.2} s",
        bytes.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let before = status_kib("VmRSS:");
    let t = Instant::now();
    let rec = reader::parse(&bytes, "generated").expect("a readable recording");
    drop(bytes);
    let parsed = status_kib("VmRSS:");
    println!(
        "replay_seek: parsed in {:.2} s; inputs held: {} ({:.0} MiB of RSS)",
        t.elapsed().as_secs_f64(),
        rec.inputs.len(),
        mib(parsed.saturating_sub(before))
    );
    let mut p = Player::new(rec);
    let (start, end) = (p.start(), p.end());
    let t = Instant::now();
    p.seek(end);
    p.state();
    let folded = status_kib("VmRSS:");
    println!(
        "replay_seek: first fold to the end {:.0} ms; {} checkpoints, {:.0} MiB of RSS more",
        ms(t.elapsed()),
        p.checkpoint_count(),
        mib(folded.saturating_sub(parsed))
    );
    // Seek targets all over the file, in an order that goes back and forth.
    let n = 400u32;
    let span = end - start;
    let mut targets: Vec<f64> = (0..n)
        .map(|i| start + span * f64::from((i * 173) % n) / f64::from(n - 1))
        .collect();
    targets.extend([start, end, start, end - 0.3, start + 0.3]);
    let mut times = Vec::with_capacity(targets.len());
    let mut worst = (Duration::ZERO, 0.0);
    for &t in &targets {
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
        start,
        end
    );
    let (bytes, full) = p.checkpoint_bytes();
    println!(
        "replay_seek: checkpoints {} ({full} with the session maps in full, {:.0} MiB of them); VmRSS {:.0} MiB, VmHWM {:.0} MiB",
        p.checkpoint_count(),
        bytes as f64 / f64::from(1 << 20),
        mib(status_kib("VmRSS:")),
        mib(status_kib("VmHWM:"))
    );
}
