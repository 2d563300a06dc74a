//! Recording parsing: any bytes give a recording (with its problems listed
//! by line) or a clear refusal, never a panic; whatever parses plays — every
//! seek and the final summary line — and its snapshot serializes.
//! Shared by the fuzz target and tests/fuzz_regressions.rs (one copy).

use journeytop::record::Player;
use journeytop::record::reader::parse;

/// The property, on one input: panics when it does not hold.
pub(crate) fn holds(data: &[u8]) {
    let Ok(recording) = parse(data, "fuzz.jsonl") else {
        return;
    };
    for p in &recording.problems {
        assert!(p.line >= 1, "problems name a line: {p:?}");
    }
    let mut player = Player::new(recording);
    let (start, end) = (player.start(), player.end());
    assert!(
        start.is_finite() && end.is_finite() && start <= end,
        "{start}..{end}"
    );
    for t in [end, start, (start + end) / 2.0, end] {
        player.seek(t);
        let line = journeytop::output::headless::line(player.state(), t, false);
        assert!(
            serde_json::from_str::<serde_json::Value>(&line).is_ok(),
            "{line}"
        );
    }
}
