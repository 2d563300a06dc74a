//! The simulator's fan-out: each event is encoded once, however many
//! sockets take it, and every socket's frames are still byte for byte what
//! the real server (and our own packet encoder) writes.

mod common;

use common::*;
use futures_util::StreamExt;
use journeytop_protocol::*;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

const SOCKETS: usize = 5;

fn event(variant: Variant, session: &str, uid: &str, t: f64, data: EventData) -> Event {
    Event {
        uid: format!("{}{uid}", variant.event_uid_prefix()),
        user_sub: Some("oseh_u_t".into()),
        session_uid: Some(session.into()),
        time: t,
        icon: None,
        data,
    }
}

/// The events a crowd of two sends: joins (one with an icon and a name
/// that needs escaping), ratings, likes and a leave.
fn script(variant: Variant, t0: f64) -> Vec<Event> {
    let mut with_icon = event(
        variant,
        "s1",
        "j1",
        t0,
        EventData::Join {
            name: Some("Ann \"Q\" \\ é\n\u{1F600}".into()),
        },
    );
    with_icon.icon = Some(Box::new(Icon {
        uid: "oseh_img_1".into(),
        jwt: Jwt::new(String::new()),
    }));
    vec![
        with_icon,
        event(
            variant,
            "s2",
            "j2",
            t0 + 0.01,
            EventData::Join { name: None },
        ),
        event(
            variant,
            "s1",
            "r1",
            t0 + 0.02,
            EventData::Numeric { rating: 3 },
        ),
        event(variant, "s2", "l1", t0 + 0.03, EventData::Like),
        event(
            variant,
            "s1",
            "r2",
            t0 + 0.04,
            EventData::Numeric { rating: 7 },
        ),
        event(
            variant,
            "s2",
            "x1",
            t0 + 0.05,
            EventData::Leave {
                name: Some("Bo".into()),
            },
        ),
    ]
}

/// Reads raw frames until `want` events came in event batches; every batch
/// frame must re-encode byte for byte.
async fn batch_frames(ws: &mut Ws, variant: Variant, want: usize) -> (Vec<String>, Vec<Event>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let (mut frames, mut events) = (Vec::new(), Vec::new());
    while events.len() < want {
        let left = deadline.saturating_duration_since(Instant::now());
        let msg = tokio::time::timeout(left, ws.next())
            .await
            .unwrap_or_else(|_| panic!("only {} of {want} events came", events.len()));
        let Some(Ok(Message::Text(text))) = msg else {
            continue;
        };
        let raw = text.as_str().to_string();
        let packet = ServerPacket::decode(raw.as_bytes()).unwrap();
        if let ServerBody::EventBatch(b) = &packet.body {
            assert_eq!(
                packet.encode(variant),
                raw,
                "{variant}: the frame re-encodes"
            );
            events.extend(b.events.iter().cloned());
            frames.push(raw);
        }
    }
    (frames, events)
}

async fn once_per_event(variant: Variant) {
    let sim = sim(config(variant, Style::Numeric, 300.0, 0)).await;
    let mut sockets = Vec::new();
    for _ in 0..SOCKETS {
        sockets.push(handshake(&sim, 1000, 3.0, 3.0, 10.0).await);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while sim.hub.connections_streaming() < SOCKETS {
        assert!(Instant::now() < deadline, "the sockets never streamed");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // Outside every socket's window (their clocks read ≈ 10 s): nobody
    // takes it, so it is never encoded. It goes first, and events reach a
    // socket in order, so it has been passed over once the others are in.
    let late = event(variant, "s9", "j9", 100.0, EventData::Join { name: None });
    sim.hub.publish(late).unwrap();
    let script = script(variant, 10.0);
    let n = script.len();
    let mut published = Vec::new();
    for e in script {
        published.push((*sim.hub.publish(e).unwrap()).clone());
    }
    let mut seen = Vec::new();
    for ws in &mut sockets {
        seen.push(batch_frames(ws, variant, n).await);
    }
    for (_, events) in &seen {
        assert_eq!(
            events, &published,
            "{variant}: every socket got every event"
        );
    }
    assert_eq!(
        sim.hub.event_encodes(),
        n as u64,
        "{variant}: {n} events to {SOCKETS} sockets"
    );
    sim.stop().await;
}

#[tokio::test]
async fn each_event_is_encoded_once_for_every_socket_interactive_prompts() {
    once_per_event(Variant::InteractivePrompts).await;
}

#[tokio::test]
async fn each_event_is_encoded_once_for_every_socket_journeys() {
    once_per_event(Variant::Journeys).await;
}
