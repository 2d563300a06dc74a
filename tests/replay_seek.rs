//! The replay player, reading its file as it plays: its checkpoints — a
//! fixed number, most keeping only the changes since the previous one — on
//! long recordings, seeks that equal a fresh fold, a file changed under it,
//! and generated recordings that depend on their seed only.

mod common;

use common::*;
use journeytop::output::headless;
use journeytop::record::generate::{self, Plan};
use journeytop::record::player::{FULL_EVERY, MAX_CHECKPOINTS};
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

/// The states at `times` without a player: for each, every input up to
/// the first one stamped after it, in file order, then the clock advanced
/// to it. One fold through the file, stopping at each time in order.
fn references(rec: &Recording, times: &[f64]) -> Vec<String> {
    let mut order: Vec<usize> = (0..times.len()).collect();
    order.sort_by(|&a, &b| times[a].total_cmp(&times[b]));
    let mut engine = journeytop_engine::JourneyState::new(
        rec.header.prompt.clone(),
        rec.header.duration,
        journeytop_engine::EngineConfig {
            start_at: rec.start(),
            ..journeytop_engine::EngineConfig::default()
        },
    );
    let mut next = 0;
    let mut out = vec![String::new(); times.len()];
    for i in order {
        let t = times[i];
        while let Some(s) = rec.inputs.get(next).filter(|s| s.at <= t) {
            engine.ingest(s.clone());
            next += 1;
        }
        // Advancing is what a fresh fold to `t` does last; the next time
        // is later, so advancing to this one first changes nothing there.
        engine.advance_to(t);
        out[i] = headless::line(&engine, t, false);
    }
    out
}

/// Seeks `p` to each of `times` in turn and checks it against a fresh fold.
fn seek_and_compare(p: &mut Player, rec: &Recording, times: &[f64]) {
    for (&t, want) in times.iter().zip(references(rec, times)) {
        p.seek(t);
        assert_eq!(headless::line(p.state(), t, false), want, "seek to {t}");
    }
}

/// A player of `bytes` as the dashboard opens one: from a file (gone from
/// the folder once open; the player keeps it open).
fn file_player(bytes: &[u8], name: &str) -> Player {
    let (p, path) = player_of_file(bytes, name);
    std::fs::remove_file(&path).unwrap();
    p
}

/// A player of `bytes` written to a file that stays, for a test to change
/// under it, and the file's path.
fn player_of_file(bytes: &[u8], name: &str) -> (Player, std::path::PathBuf) {
    let path = temp(name);
    std::fs::write(&path, bytes).unwrap();
    (Player::open(&path).unwrap(), path)
}

/// A file-backed player of `bytes`, and the same recording parsed whole
/// (the reference); the two read the file alike.
fn opened(bytes: &[u8], name: &str) -> (Player, Recording) {
    let rec = reader::parse(bytes, name).unwrap();
    let p = file_player(bytes, name);
    let facts = p.indexed();
    assert_eq!(facts.problems, rec.problems);
    assert_eq!(facts.header_found, rec.header_found);
    assert_eq!(facts.end, rec.end);
    assert_eq!(facts.inputs, rec.inputs.len());
    assert_eq!(facts.events, rec.event_count());
    assert_eq!((p.start(), p.end()), (rec.start(), rec.end_time()));
    (p, rec)
}

/// About the bytes of one full copy of the per-session maps at the end.
fn full_copy_bytes(p: &mut Player) -> usize {
    p.state().clone().take_sessions().bytes()
}

#[test]
fn a_long_recording_keeps_at_most_the_fixed_number_of_checkpoints_and_every_seek_equals_a_fresh_fold()
 {
    // 8,000 events at 10 events/s: ~890 s of journey time.
    let (mut p, rec) = opened(&generated(&plan(8_000, 10.0, 3)), "long.jsonl");
    assert!(rec.problems.is_empty(), "{:?}", rec.problems);
    let (start, end) = (rec.start(), rec.end_time());
    let kept = p.checkpoint_count();
    assert!(kept <= MAX_CHECKPOINTS, "{kept} checkpoints kept");
    assert!(kept >= 4, "only {kept} checkpoints kept");
    // Seeks all over the file, backward and forward.
    let span = end - start;
    let mut times: Vec<f64> = (0..48)
        .map(|i| start + span * f64::from((i * 29) % 48) / 47.0)
        .collect();
    times.extend([start, end, start + 0.26, end - 0.01, start + span / 3.0]);
    seek_and_compare(&mut p, &rec, &times);
    // Seeking never adds checkpoints.
    assert_eq!(p.checkpoint_count(), kept);
}

#[test]
fn seeks_across_checkpoint_boundaries_backward_and_forward_equal_a_fresh_fold() {
    // Many sessions, so most checkpoints keep only changes.
    let (mut p, rec) = opened(&generated(&plan(30_000, 1000.0, 5)), "boundaries.jsonl");
    let at = p.checkpoint_times();
    assert!(at.len() > 2 * FULL_EVERY, "{} checkpoints", at.len());
    let (_, full) = p.checkpoint_bytes();
    assert!(
        full >= 2 && full < at.len(),
        "{full} full copies of {}",
        at.len()
    );
    // Just before, at and just after every checkpoint, from the last to the
    // first (each a step back), then from the first to the last (forward,
    // restoring or folding on), then jumping between far ones.
    let around = |t: f64| [t - 0.001, t, t + 0.001];
    let backward: Vec<f64> = at.iter().rev().flat_map(|&t| around(t)).collect();
    seek_and_compare(&mut p, &rec, &backward);
    let forward: Vec<f64> = at.iter().flat_map(|&t| around(t)).collect();
    seek_and_compare(&mut p, &rec, &forward);
    let n = at.len();
    let jumps: Vec<f64> = (0..n)
        .map(|i| at[(i * 37) % n] + if i % 2 == 0 { 0.4 } else { -0.4 })
        .collect();
    seek_and_compare(&mut p, &rec, &jumps);
}

#[test]
fn checkpoint_count_and_memory_stay_bounded_as_the_recording_grows() {
    let mut ratios = Vec::new();
    for events in [20_000, 80_000] {
        let mut p = file_player(&generated(&plan(events, 1000.0, 9)), "bounded.jsonl");
        p.seek(p.end());
        let kept = p.checkpoint_count();
        assert!(
            kept <= MAX_CHECKPOINTS,
            "{events} events: {kept} checkpoints"
        );
        let (bytes, full) = p.checkpoint_bytes();
        // One full copy of the session maps in every FULL_EVERY checkpoints
        // (or when the changes would be more than half a copy).
        assert!(
            full <= MAX_CHECKPOINTS.div_ceil(FULL_EVERY) + 2,
            "{events} events: {full} full copies"
        );
        // All of them together are a few full copies of the end's maps,
        // however long the recording: not one copy per checkpoint.
        let one = full_copy_bytes(&mut p);
        let ratio = bytes as f64 / one as f64;
        assert!(
            ratio <= 16.0,
            "{events} events: checkpoints hold {bytes} bytes, {ratio:.1} copies of {one}"
        );
        ratios.push((events, kept, ratio));
    }
    println!("events, checkpoints, bytes in full copies of the end: {ratios:?}");
}

#[test]
fn playing_on_reads_on_and_only_a_seek_back_or_far_ahead_moves_the_reader() {
    let (mut p, rec) = opened(&generated(&plan(30_000, 1000.0, 5)), "play.jsonl");
    let (start, end) = (p.start(), p.end());
    let opened_at = p.repositions();
    // A second at a time, as frames at normal speed would go (each step
    // reads far less than a restore would skip): never a seek.
    let times: Vec<f64> = (0..=(end - start).ceil() as u32)
        .map(|i| (start + f64::from(i)).min(end))
        .collect();
    seek_and_compare(&mut p, &rec, &times);
    assert_eq!(
        p.repositions(),
        opened_at,
        "playing forward re-read in place"
    );
    // Back to the start, then far ahead: one move each.
    seek_and_compare(&mut p, &rec, &[start, end]);
    assert_eq!(p.repositions(), opened_at + 2);
}

/// The snapshot and clock a player shows now.
fn shown(p: &mut Player) -> (journeytop_engine::Snapshot, f64) {
    let s = p.state();
    (s.snapshot(), s.now())
}

#[test]
fn a_file_cut_under_the_player_stops_it_with_a_problem_and_keeps_what_it_showed() {
    let bytes = generated(&plan(30_000, 1000.0, 5));
    let (mut p, path) = player_of_file(&bytes, "cut.jsonl");
    let (start, end) = (p.start(), p.end());
    // Early on: the end is megabytes ahead, so seeking there restores.
    let early = p.checkpoint_times()[2] + 0.5;
    p.seek(early);
    let before = shown(&mut p);
    assert_eq!(before.1, early);
    assert!(p.stopped().is_none());
    // Cut to a quarter, then seek far ahead: the restore sees the file is
    // shorter than it was and stops; the screen keeps what it showed.
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(bytes.len() as u64 / 4).unwrap();
    p.seek(end);
    assert_eq!(shown(&mut p), before, "the state shown stays");
    let why = p.stopped().map(ToString::to_string).unwrap_or_default();
    assert!(why.contains("cut or rewritten"), "{why}");
    assert!(why.contains("playback stops here"), "{why}");
    // Stopped for good: a seek back changes nothing either.
    p.seek(start);
    assert_eq!(shown(&mut p), before);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_file_cut_while_playing_on_stops_where_the_inputs_end() {
    let bytes = generated(&plan(30_000, 1000.0, 5));
    let rec = reader::parse(&bytes, "reference.jsonl").unwrap();
    let (mut p, path) = player_of_file(&bytes, "cut-playing.jsonl");
    let (start, end) = (p.start(), p.end());
    // Cut mid-line, past what the reader holds in its buffer; then play on a
    // second at a time (never a restore): the reader finds the end early.
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(bytes.len() as u64 * 3 / 5 + 17).unwrap();
    let mut t = start;
    let mut last_good = shown(&mut p);
    while t < end && p.stopped().is_none() {
        t = (t + 1.0).min(end);
        p.seek(t);
        let now = shown(&mut p);
        if p.stopped().is_none() {
            // Until it stops, every frame is the true state.
            assert_eq!(
                headless::line(p.state(), t, false),
                references(&rec, &[t])[0]
            );
            last_good = now;
        }
    }
    let why = p.stopped().map(ToString::to_string).unwrap_or_default();
    assert!(why.contains("now ends after"), "{why}");
    assert!(t < end, "stopped before the end ({t} of {end})");
    // What it had taken in stays on screen, whatever is asked of it next.
    let stopped = shown(&mut p);
    assert!(stopped.1 >= last_good.1, "never back in time");
    for t in [start, end, t] {
        p.seek(t);
        assert_eq!(shown(&mut p), stopped);
    }
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_line_rewritten_under_the_player_is_seen_at_the_next_checkpoint() {
    let bytes = generated(&plan(30_000, 1000.0, 5));
    let (mut p, path) = player_of_file(&bytes, "rewritten.jsonl");
    let (start, end) = (p.start(), p.end());
    // The same length, one input line blanked out in the last third: a
    // forward read meets a checkpoint whose next input is not there, or
    // reaches the end one input short.
    let from = bytes.len() * 2 / 3;
    let line_start = from + bytes[from..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let line_len = bytes[line_start..]
        .iter()
        .position(|&b| b == b'\n')
        .unwrap();
    let mut changed = bytes;
    changed[line_start..line_start + line_len].fill(b' ');
    std::fs::write(&path, &changed).unwrap();
    let mut t = start;
    while t < end && p.stopped().is_none() {
        t = (t + 1.0).min(end);
        p.seek(t);
        p.state();
    }
    let why = p.stopped().map(ToString::to_string).unwrap_or_default();
    assert!(
        why.contains("does not read as it did") || why.contains("now ends after"),
        "{why}"
    );
    let _ = std::fs::remove_file(&path);
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
