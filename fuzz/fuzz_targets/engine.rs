//! Bytes → packets → engine. The input is split into frames at newlines;
//! the first byte of each frame picks how far the clock moves before it.
//! Never a panic (counts are u64 and overflow-checked here, so a count
//! going below zero panics), and the snapshot always serializes.
#![no_main]

use journeytop::engine::{EngineConfig, Input, JourneyState, Stamped};
use journeytop::protocol::{Prompt, ServerBody, ServerPacket, Style};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let prompt = match head % 5 {
        0 => Some(Prompt::default_for(Style::Numeric)),
        1 => Some(Prompt::default_for(Style::Press)),
        2 => Some(Prompt::default_for(Style::Color)),
        3 => Some(Prompt::default_for(Style::Word)),
        _ => None,
    };
    let mut e = JourneyState::new(prompt, Some(60.0), EngineConfig::default());
    let mut at = 0.0;
    for frame in rest.split(|b| *b == b'\n') {
        let Some((&step, frame)) = frame.split_first() else {
            continue;
        };
        at += f64::from(step) / 16.0;
        let input = match ServerPacket::decode(frame) {
            Ok(p) => match p.body {
                ServerBody::EventBatch(b) => Input::Batch(b),
                ServerBody::LatencyDetection {
                    expected_receive_time,
                } => Input::Latency {
                    offset: expected_receive_time - at,
                },
                ServerBody::Unknown { kind } => Input::UnknownPacket { kind },
                _ => continue,
            },
            Err(err) => Input::MalformedPacket {
                reason: err.to_string(),
            },
        };
        e.ingest(Stamped { at, input });
        let c = e.counts();
        assert!(
            c.applied + c.duplicates + c.rejected + c.unknown + e.pending() as u64 <= c.received,
            "{c:?} pending {}",
            e.pending()
        );
    }
    e.advance_to(at + 1000.0);
    let live = e.live();
    assert!(live.press_active <= live.press, "{live:?}");
    let snap = e.snapshot();
    serde_json::to_string(&snap).expect("the snapshot serializes");
    if let Some(t) = e.totals_snapshot() {
        serde_json::to_string(&t).expect("the totals snapshot serializes");
    }
});
