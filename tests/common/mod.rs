//! Helpers shared by the integration tests: an in-process simulator and a
//! bare websocket client that speaks the protocol by hand.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use journeytop_protocol::{Prompt, ServerPacket, Style, Variant};
use journeytop_sim::jwt::Secret;
use journeytop_sim::server::{self, SimConfig, SimHandle};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

pub(crate) type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) fn secret() -> Secret {
    Secret::new(b"journeytop-test-secret".to_vec())
}

pub(crate) fn config(variant: Variant, style: Style, duration: f64, crowd: u32) -> SimConfig {
    SimConfig {
        variant,
        prompt: Prompt::default_for(style),
        duration,
        crowd,
        seed: 7,
        secret: secret(),
        record_deliveries: true,
        timings: journeytop_sim::Timings::default(),
    }
}

pub(crate) async fn sim(cfg: SimConfig) -> SimHandle {
    server::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

pub(crate) async fn connect(sim: &SimHandle, variant: Variant) -> Ws {
    let url = format!("{}{}", sim.ws_url(), variant.ws_path());
    tokio_tungstenite::connect_async(url).await.unwrap().0
}

pub(crate) fn authorize(
    variant: Variant,
    uid: &str,
    jwt: &str,
    bandwidth: u32,
    lookback: f64,
    lookahead: f64,
) -> String {
    serde_json::json!({"type": "authorize", "data": {
        variant.uid_field(): uid, "jwt": jwt, "bandwidth": bandwidth, "lookback": lookback, "lookahead": lookahead
    }})
    .to_string()
}

pub(crate) fn sync_response(receive: f64, transmit: f64) -> String {
    serde_json::json!({"type": "sync_response", "data": {"receive_timestamp": receive, "transmit_timestamp": transmit}})
        .to_string()
}

/// What the next frame was.
#[derive(Debug)]
pub(crate) enum Next {
    Packet(ServerPacket),
    /// A close frame with its code.
    Closed(u16),
    /// The connection ended without a close frame (1006).
    Dropped,
    Timeout,
}

pub(crate) async fn next(ws: &mut Ws, within: Duration) -> Next {
    loop {
        match tokio::time::timeout(within, ws.next()).await {
            Err(_) => return Next::Timeout,
            Ok(None) | Ok(Some(Err(_))) => return Next::Dropped,
            Ok(Some(Ok(Message::Text(t)))) => {
                return Next::Packet(ServerPacket::decode(t.as_bytes()).unwrap());
            }
            Ok(Some(Ok(Message::Binary(b)))) => {
                return Next::Packet(ServerPacket::decode(&b).unwrap());
            }
            Ok(Some(Ok(Message::Close(f)))) => {
                return Next::Closed(f.map_or(1005, |f| u16::from(f.code)));
            }
            Ok(Some(Ok(_))) => continue,
        }
    }
}

pub(crate) async fn send(ws: &mut Ws, text: String) {
    ws.send(Message::text(text)).await.unwrap();
}

/// Runs the whole handshake with our clock reading `clock` and returns the
/// streaming socket (the first latency_detection not yet read).
pub(crate) async fn handshake(
    sim: &SimHandle,
    bandwidth: u32,
    lookback: f64,
    lookahead: f64,
    clock: f64,
) -> Ws {
    let v = sim.spec.variant;
    let mut ws = connect(sim, v).await;
    send(
        &mut ws,
        authorize(
            v,
            &sim.spec.uid,
            sim.spec.jwt.expose(),
            bandwidth,
            lookback,
            lookahead,
        ),
    )
    .await;
    let Next::Packet(p) = next(&mut ws, Duration::from_secs(2)).await else {
        panic!("no sync_request")
    };
    assert_eq!(p.kind(), "sync_request");
    send(&mut ws, sync_response(clock, clock)).await;
    let Next::Packet(p) = next(&mut ws, Duration::from_secs(2)).await else {
        panic!("no auth_response")
    };
    assert_eq!(p.kind(), "auth_response");
    ws
}

/// The journeytop binary under test, its default state folder (and so any
/// default log file) in this test binary's temporary folder. Add the
/// subcommand; for one that logs, prefer [`jt`], which also names the log.
pub(crate) fn bin() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_journeytop"));
    cmd.env("XDG_STATE_HOME", temp("state"));
    cmd
}

/// `journeytop SUB`, logging into this test binary's own temporary folder,
/// never into the user's real log.
pub(crate) fn jt(sub: &str) -> std::process::Command {
    let mut cmd = bin();
    isolate(&mut cmd, sub);
    cmd
}

/// Adds the subcommand `sub` to a bare command, with the state folder and
/// (for a command that logs: all but completions) `--log-file` in a temp
/// dir, where the flag now belongs: after the subcommand.
pub(crate) fn isolate(cmd: &mut std::process::Command, sub: &str) {
    let state = temp("state");
    cmd.env("XDG_STATE_HOME", &state).arg(sub);
    if sub != "completions" {
        cmd.arg("--log-file").arg(state.join(format!("{sub}.log")));
    }
}

/// A path in this test binary's own temporary folder.
pub(crate) fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "journeytop-{}-{}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Runs a command to completion off the async runtime, stdin closed.
pub(crate) async fn run(mut cmd: std::process::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || cmd.stdin(std::process::Stdio::null()).output().unwrap())
        .await
        .unwrap()
}

/// What a fresh engine folds from `events` (every one, whatever its age)
/// at journey time `at`: the numbers a client that heard them all shows.
pub(crate) fn fold_all(
    spec: &journeytop_protocol::JourneySpec,
    events: Vec<journeytop_protocol::Event>,
    at: f64,
) -> journeytop_engine::Snapshot {
    use journeytop_engine::{EngineConfig, Input, JourneyState};
    use journeytop_protocol::EventBatch;
    let mut e = JourneyState::new(
        spec.prompt.clone(),
        Some(spec.prompt_duration()),
        EngineConfig {
            dedupe_horizon: 1e9,
            future_horizon: 1e9,
            start_at: 0.0,
        },
    );
    e.apply(Input::Batch(EventBatch {
        events,
        malformed: vec![],
    }));
    e.advance_to(at);
    e.snapshot()
}

/// Two snapshots show the same counts, in every style.
pub(crate) fn same_numbers(a: &journeytop_engine::Snapshot, b: &journeytop_engine::Snapshot) {
    assert_eq!((a.users, a.likes), (b.users, b.likes));
    assert_eq!(a.numeric_active, b.numeric_active);
    assert_eq!((a.press_active, a.press), (b.press_active, b.press));
    assert_eq!(
        (&a.color_active, &a.word_active),
        (&b.color_active, &b.word_active)
    );
}
