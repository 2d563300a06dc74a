//! A websocket server that misbehaves on purpose, one mode per attack, for
//! the live client's tests. It speaks just enough of the protocol (the
//! 4-part handshake, latency packets) to reach the misbehaviour.
// Each test binary uses only some of the modes.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use journeytop_protocol::{ServerBody, ServerPacket, Variant};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

#[derive(Debug, Clone, Copy)]
pub(crate) enum Attack {
    /// Shakes hands, then reports our clock `offset` seconds off, every `every`.
    Drift { offset: f64, every: Duration },
    /// Never answers `authorize`; pings every `every`.
    PingsBeforeHandshake { every: Duration },
    /// Shakes hands, then sends nothing but pings every `every`.
    PingsAfterHandshake { every: Duration },
    /// Shakes hands, sends `packets` latency packets `every` apart, then
    /// nothing but pings.
    SilentAfterLatency { packets: usize, every: Duration },
    /// Shakes hands and sends one latency packet, then closes at once.
    AcceptThenClose,
    /// Shakes hands, then sends one text message of `size` bytes.
    HugeMessage { size: usize },
    /// Shakes hands, then sends `batches` event batches of `per_batch`
    /// likes back to back, far beyond any bandwidth, with latency packets.
    Flood { per_batch: usize, batches: usize },
    /// Shakes hands, then sends batches of `per_batch` joins whose names
    /// are `name_bytes` long, back to back, until the client goes.
    BigNames { name_bytes: usize, per_batch: usize },
    /// Answers `authorize` with an error packet whose type and message are
    /// full of terminal escapes and invisible characters.
    EscapingError { code: u16 },
}

pub(crate) struct Hostile {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
}

impl Hostile {
    pub(crate) fn url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// Connections accepted so far.
    pub(crate) fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Starts the server on a free loopback port; it runs until the test ends.
pub(crate) async fn hostile(attack: Attack) -> Hostile {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let count = connections.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(serve(tcp, attack));
        }
    });
    Hostile { addr, connections }
}

fn packet(body: ServerBody) -> Message {
    ServerPacket {
        uid: Some("oseh_packet_hostile".into()),
        body,
    }
    .encode(Variant::InteractivePrompts)
    .into()
}

type Ws = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

/// The handshake; returns the client's clock at the sync and when we heard it.
async fn handshake(ws: &mut Ws) -> Option<(f64, Instant)> {
    let _authorize = ws.next().await?;
    ws.send(packet(ServerBody::SyncRequest)).await.ok()?;
    let msg = ws.next().await?.ok()?;
    let heard = Instant::now();
    let sync: serde_json::Value = serde_json::from_str(msg.to_text().ok()?).ok()?;
    let clock = sync["data"]["receive_timestamp"].as_f64()?;
    ws.send(packet(ServerBody::AuthResponse)).await.ok()?;
    Some((clock, heard))
}

async fn pings_forever(ws: &mut Ws, every: Duration) {
    loop {
        if ws.send(Message::Ping(Vec::new().into())).await.is_err() {
            return;
        }
        // Read (and drop) whatever the client says, e.g. pongs.
        let _ = tokio::time::timeout(every, ws.next()).await;
    }
}

/// Answers the handshake with an error packet full of escapes, then closes.
async fn escaping_error(ws: &mut Ws, code: u16) {
    let _authorize = ws.next().await;
    let error = journeytop_protocol::ServerError {
        code,
        kind: "\u{1b}[31mboom\u{ad}\u{202e}".into(),
        message: "\u{1b}]0;pwned\u{7}the \u{200b}journey\u{1b}[2J does not exist\u{9b}31m".into(),
    };
    let _ = ws.send(packet(ServerBody::Error(error))).await;
    let _ = ws.close(None).await;
}

async fn serve(tcp: tokio::net::TcpStream, attack: Attack) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(tcp).await else {
        return;
    };
    if let Attack::PingsBeforeHandshake { every } = attack {
        pings_forever(&mut ws, every).await;
        return;
    }
    if let Attack::EscapingError { code } = attack {
        escaping_error(&mut ws, code).await;
        return;
    }
    let Some((clock, heard)) = handshake(&mut ws).await else {
        return;
    };
    let latency = |offset: f64| {
        packet(ServerBody::LatencyDetection {
            expected_receive_time: clock + heard.elapsed().as_secs_f64() + offset,
        })
    };
    match attack {
        Attack::Drift { offset, every } => loop {
            if ws.send(latency(offset)).await.is_err() {
                return;
            }
            tokio::time::sleep(every).await;
        },
        Attack::PingsAfterHandshake { every } => pings_forever(&mut ws, every).await,
        Attack::SilentAfterLatency { packets, every } => {
            for _ in 0..packets {
                if ws.send(latency(0.0)).await.is_err() {
                    return;
                }
                tokio::time::sleep(every).await;
            }
            pings_forever(&mut ws, every).await;
        }
        Attack::AcceptThenClose => {
            let _ = ws.send(latency(0.0)).await;
            let _ = ws.close(None).await;
        }
        Attack::HugeMessage { size } => {
            let _ = ws.send(latency(0.0)).await;
            let _ = ws.send(Message::text("x".repeat(size))).await;
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
        Attack::Flood { per_batch, batches } => {
            for b in 0..batches {
                let events = (0..per_batch)
                    .map(|i| journeytop_protocol::Event {
                        uid: format!("oseh_ipe_{b}_{i}"),
                        user_sub: None,
                        session_uid: Some(format!("oseh_ips_{i}")),
                        time: clock + heard.elapsed().as_secs_f64(),
                        icon: None,
                        data: journeytop_protocol::EventData::Like,
                    })
                    .collect();
                let batch = ServerBody::EventBatch(journeytop_protocol::EventBatch {
                    events,
                    malformed: vec![],
                });
                if ws.send(packet(batch)).await.is_err() || ws.send(latency(0.0)).await.is_err() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
        Attack::BigNames {
            name_bytes,
            per_batch,
        } => {
            let name = "N".repeat(name_bytes);
            for b in 0u64.. {
                let events = (0..per_batch)
                    .map(|i| journeytop_protocol::Event {
                        uid: format!("oseh_ipe_big_{b}_{i}"),
                        user_sub: None,
                        session_uid: Some(format!("oseh_ips_big_{b}_{i}")),
                        time: clock + heard.elapsed().as_secs_f64(),
                        icon: None,
                        data: journeytop_protocol::EventData::Join {
                            name: Some(format!("{name}{b}")),
                        },
                    })
                    .collect();
                let batch = ServerBody::EventBatch(journeytop_protocol::EventBatch {
                    events,
                    malformed: vec![],
                });
                if ws.send(packet(batch)).await.is_err() || ws.send(latency(0.0)).await.is_err() {
                    return;
                }
            }
        }
        Attack::PingsBeforeHandshake { .. } | Attack::EscapingError { .. } => {}
    }
}
