//! Ingest: raw `event_batch` frames (a realistic evtype mix, 100 events a
//! batch, both variants) → decoded → released → folded into the engine,
//! through the live client's own frame → input function: without posters
//! (`ingest`), as the dashboard reads them, and with them (`ingest_recording`),
//! as it reads them while recording.
//! Target: ≥ 3,000,000 events/s on one core (the README's Performance
//! section says whether it is met).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use journeytop_engine::{EngineConfig, Input, JourneyState};
use journeytop_protocol::*;
use std::hint::black_box;
// Linked for the app's global allocator, so the bench allocates as it does.
use journeytop as _;

const BATCH: usize = 100;
const BATCHES: usize = 100;

/// Frames as the real server writes them, with a mix like the crowd's:
/// joins and leaves with names, likes, answers that replace older ones.
fn frames(variant: Variant) -> Vec<Vec<u8>> {
    let mut out = Vec::with_capacity(BATCHES);
    let mut n: u64 = 0;
    for b in 0..BATCHES {
        let mut events = Vec::with_capacity(BATCH);
        for i in 0..BATCH {
            n += 1;
            let session = n % 2000;
            let t = (b * BATCH + i) as f64 * 0.0005;
            let data = match n % 10 {
                0 => EventData::Join {
                    name: Some("Alexandra".into()),
                },
                1 => EventData::Leave {
                    name: Some("Alexandra".into()),
                },
                2 | 3 => EventData::Like,
                _ => EventData::Numeric {
                    rating: (n % 10 + 1) as i64,
                },
            };
            events.push(Event {
                uid: format!("{}{:022}", variant.event_uid_prefix(), n),
                user_sub: Some(format!("oseh_u_{session:022}")),
                session_uid: Some(format!("{}{session:022}", variant.session_uid_prefix())),
                time: t,
                icon: n.is_multiple_of(2).then(|| Box::new(Icon { uid: format!("oseh_if_{session:022}"), jwt: Jwt::new("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvc2VoX2lmX3gifQ.c2lnbmF0dXJl") })),
                data,
            });
        }
        let packet = ServerPacket {
            uid: Some("oseh_packet_0123456789abcdefghijkl".into()),
            body: ServerBody::EventBatch(EventBatch {
                events,
                malformed: vec![],
            }),
        };
        out.push(packet.encode(variant).into_bytes());
    }
    out
}

fn ingest(frames: &[Vec<u8>], posters: Posters) -> u64 {
    let mut engine = JourneyState::new(
        Some(Prompt::default_for(Style::Numeric)),
        Some(20.0),
        EngineConfig {
            future_horizon: 1e9,
            dedupe_horizon: 30.0,
            start_at: 0.0,
        },
    );
    for frame in frames {
        let input = Input::from_frame_with(frame, 0.0, posters);
        let last = match &input {
            Input::Batch(batch) => batch.events.last().map_or(0.0, |e| e.time),
            _ => 0.0,
        };
        engine.apply(input);
        engine.advance_to(last);
    }
    engine.counts().applied
}

fn bench(c: &mut Criterion) {
    for (name, posters) in [
        ("ingest", Posters::Skip),
        ("ingest_recording", Posters::Keep),
    ] {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements((BATCH * BATCHES) as u64));
        for variant in Variant::ALL {
            let frames = frames(variant);
            assert_eq!(ingest(&frames, posters), (BATCH * BATCHES) as u64);
            group.bench_with_input(
                BenchmarkId::from_parameter(variant.name()),
                &frames,
                |b, f| b.iter(|| black_box(ingest(f, posters))),
            );
        }
        group.finish();
    }

    // The decode alone, to show how ingest splits between reading and folding.
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements((BATCH * BATCHES) as u64));
    for variant in Variant::ALL {
        let frames = frames(variant);
        group.bench_with_input(
            BenchmarkId::from_parameter(variant.name()),
            &frames,
            |b, f| b.iter(|| black_box(decode(f))),
        );
    }
    group.finish();
}

fn decode(frames: &[Vec<u8>]) -> usize {
    frames
        .iter()
        .filter_map(|f| match ServerPacket::decode(f) {
            Ok(ServerPacket {
                body: ServerBody::EventBatch(batch),
                ..
            }) => Some(batch.events.len()),
            _ => None,
        })
        .sum()
}

criterion_group!(benches, bench);
criterion_main!(benches);
