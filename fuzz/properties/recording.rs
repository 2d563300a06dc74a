//! Recording parsing: any bytes give a recording (with its problems listed
//! by line) or a clear refusal, never a panic; whatever parses plays — every
//! seek and the final summary line — and its snapshot serializes. The
//! player, which reads the bytes as it plays, finds what the whole-file
//! parse finds, and at every seek holds the fresh fold of the parsed inputs.
//! Shared by the fuzz target and tests/fuzz_regressions.rs (one copy).

use journeytop::record::reader::parse;
use journeytop::record::{Player, Recording};
use journeytop_engine::{EngineConfig, JourneyState};

/// The engine fed the inputs up to the first one stamped after `t`, then
/// advanced to `t`: the state at `t` by definition.
fn fresh_fold(recording: &Recording, t: f64) -> String {
    let mut engine = JourneyState::new(
        recording.header.prompt.clone(),
        recording.header.duration,
        EngineConfig {
            start_at: recording.start(),
            ..EngineConfig::default()
        },
    );
    for s in recording.inputs.iter().take_while(|s| s.at <= t) {
        engine.ingest(s.clone());
    }
    engine.advance_to(t);
    journeytop::output::headless::line(&engine, t, false)
}

/// The property, on one input: panics when it does not hold.
pub(crate) fn holds(data: &[u8]) {
    let parsed = parse(data, "fuzz.jsonl");
    let played = Player::from_bytes(data.to_vec(), "fuzz.jsonl");
    let (recording, mut player) = match (parsed, played) {
        (Ok(r), Ok(p)) => (r, p),
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "both refuse alike");
            return;
        }
        (a, b) => panic!("the parse and the player disagree: {a:?} / {:?}", b.err()),
    };
    for p in &recording.problems {
        assert!(p.line >= 1, "problems name a line: {p:?}");
    }
    let facts = player.indexed();
    assert_eq!(facts.problems, recording.problems);
    assert_eq!(facts.end, recording.end);
    assert_eq!(facts.inputs, recording.inputs.len());
    let (start, end) = (player.start(), player.end());
    assert!(
        start.is_finite() && end.is_finite() && start <= end,
        "{start}..{end}"
    );
    assert_eq!(
        (start.to_bits(), end.to_bits()),
        (recording.start().to_bits(), recording.end_time().to_bits())
    );
    for t in [end, start, (start + end) / 2.0, end] {
        player.seek(t);
        let line = journeytop::output::headless::line(player.state(), t, false);
        assert!(player.stopped().is_none(), "{:?}", player.stopped());
        assert!(
            serde_json::from_str::<serde_json::Value>(&line).is_ok(),
            "{line}"
        );
        assert_eq!(line, fresh_fold(&recording, t), "at {t}");
    }
}
