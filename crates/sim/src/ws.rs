//! The live websocket, exactly as PROTOCOL.md §2 describes the real one:
//! the 4-part handshake with its errors, the NTP-like clock estimate, the
//! lookback/lookahead window, the token bucket, 0.25 s batching, latency
//! packets every 2 s, the 1 s send timeout, close on any client message,
//! and the auto-close after duration + lookback + 10 s. Those timings come
//! from the hub's [`Timings`](super::timings::Timings).

use super::hub::{Hub, Published};
use super::hubs::Hubs;
use super::jwt;
use super::notes::{SimNote, SocketEnd, keep};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use journeytop_protocol::{
    Authorize, ClientKind, ClientPacket, ServerBody, ServerError, ServerPacket, Variant,
    encode_event_batch,
};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::error::RecvError;

/// The server's model of the client's clock (§2.3): receive + elapsed since
/// originate + rtt/2, with rate fixed at 1.
#[derive(Debug, Clone, Copy)]
struct ClockEstimate {
    originate: Instant,
    receive: f64,
    half_rtt: f64,
}

impl ClockEstimate {
    fn at(&self, now: Instant) -> f64 {
        self.receive + now.saturating_duration_since(self.originate).as_secs_f64() + self.half_rtt
    }
}

/// `bandwidth` tokens, refilled lazily by whole tokens with the fractional
/// remainder carried over; starts full (§2.5).
#[derive(Debug)]
struct TokenBucket {
    capacity: u32,
    tokens: u32,
    last: Instant,
}

impl TokenBucket {
    fn new(capacity: u32, now: Instant) -> TokenBucket {
        TokenBucket {
            capacity,
            tokens: capacity,
            last: now,
        }
    }

    fn take(&mut self, now: Instant) -> bool {
        let rate = f64::from(self.capacity);
        let earned = now.saturating_duration_since(self.last).as_secs_f64() * rate;
        let whole = earned.floor();
        if whole >= 1.0 {
            self.tokens =
                (u64::from(self.tokens) + whole as u64).min(u64::from(self.capacity)) as u32;
            // Keep the fraction: move `last` forward by the whole tokens only.
            self.last += Duration::from_secs_f64(whole / rate);
        }
        if self.tokens == 0 {
            return false;
        }
        self.tokens -= 1;
        true
    }
}

enum Stop {
    /// Close with a close frame (code 1000, no reason), for this reason.
    Normal(&'static str),
    /// Drop the connection without a close frame (the client sees 1006),
    /// for this reason.
    Abrupt(&'static str),
}

async fn send_text(ws: &mut WebSocket, hub: &Hub, text: String) -> bool {
    matches!(
        tokio::time::timeout(
            hub.timings.send_timeout,
            ws.send(Message::Text(text.into()))
        )
        .await,
        Ok(Ok(()))
    )
}

async fn close_normally(hub: &Hub, mut ws: WebSocket) {
    let frame = CloseFrame {
        code: 1000,
        reason: "".into(),
    };
    let _ = tokio::time::timeout(
        hub.timings.send_timeout,
        ws.send(Message::Close(Some(frame))),
    )
    .await;
}

/// Why a handshake packet was not accepted.
enum Refusal {
    /// Silence for 5 s or a closed socket: close without an error packet.
    Silent,
    /// It did not validate: the 422 message, in pydantic's words.
    Invalid(String),
}

/// Waits for the handshake packet `kind` and validates it as the server does.
async fn next_client_packet(
    ws: &mut WebSocket,
    hub: &Hub,
    kind: ClientKind,
    variant: Variant,
) -> Result<ClientPacket, Refusal> {
    let frame = receive_packet(ws, hub.timings.handshake_timeout)
        .await
        .ok_or(Refusal::Silent)?;
    ClientPacket::decode(&frame, kind, variant)
        .map_err(|errors| Refusal::Invalid(errors.to_string()))
}

/// Waits for one handshake packet. `None` on timeout or a closed socket.
async fn receive_packet(ws: &mut WebSocket, timeout: Duration) -> Option<Vec<u8>> {
    let deadline = Instant::now() + timeout;
    loop {
        let msg = tokio::time::timeout_at(deadline.into(), ws.recv())
            .await
            .ok()??
            .ok()?;
        match msg {
            Message::Text(t) => return Some(t.as_bytes().to_vec()),
            Message::Binary(b) => return Some(b.to_vec()),
            Message::Close(_) => return None,
            Message::Ping(_) | Message::Pong(_) => continue,
        }
    }
}

async fn send_error(
    hub: &Hub,
    variant: Variant,
    mut ws: WebSocket,
    code: u16,
    kind: &str,
    message: String,
) -> SocketEnd {
    let packet = ServerPacket {
        uid: Some(hub.packet_uid()),
        body: ServerBody::Error(ServerError {
            code,
            kind: kind.into(),
            message,
        }),
    };
    if send_text(&mut ws, hub, packet.encode(variant)).await {
        close_normally(hub, ws).await;
    }
    SocketEnd::Refused { code }
}

fn simple(hub: &Hub, body: ServerBody) -> ServerPacket {
    ServerPacket {
        uid: Some(hub.packet_uid()),
        body,
    }
}

/// What an observer learns about a socket as it goes.
#[derive(Default)]
struct Seen {
    uid: Option<String>,
    connection: Option<u64>,
}

/// Serves one websocket on the route of `variant`, and tells the observer
/// how it ended.
pub(crate) async fn serve(ws: WebSocket, hubs: Arc<Hubs>, variant: Variant) {
    let mut seen = Seen::default();
    let end = serve_socket(ws, &hubs, variant, &mut seen).await;
    hubs.note(SimNote::Closed {
        variant,
        uid: seen.uid,
        connection: seen.connection,
        end,
    });
}

/// The handshake, then the stream, then the close.
async fn serve_socket(
    mut ws: WebSocket,
    hubs: &Hubs,
    variant: Variant,
    seen: &mut Seen,
) -> SocketEnd {
    // Every journey shares the timings and the secret; the uid in the
    // authorize packet says which journey this socket follows.
    let hub = hubs.all()[0].clone();
    // 1. authorize
    let auth = match next_client_packet(&mut ws, &hub, ClientKind::Authorize, variant).await {
        Ok(ClientPacket::Authorize(a)) => a,
        Ok(_) | Err(Refusal::Silent) => {
            close_normally(&hub, ws).await;
            return SocketEnd::Abandoned;
        }
        Err(Refusal::Invalid(message)) => {
            return send_error(&hub, variant, ws, 422, "unprocessable_entity", message).await;
        }
    };
    seen.uid = Some(keep(&auth.uid));
    if jwt::verify(
        auth.jwt.expose(),
        &hub.secret,
        variant.jwt_audience(),
        Some(&auth.uid),
    )
    .is_err()
    {
        return send_error(&hub, variant, ws, 403, "forbidden", "invalid JWT".into()).await;
    }
    let hub = hubs.pick(&auth.uid).clone();
    if variant != hub.variant || auth.uid != hub.uid {
        let message = format!(
            "the {} does not exist; it may have been deleted",
            variant.noun()
        );
        return send_error(&hub, variant, ws, 404, "not_found", message).await;
    }
    const LOST: SocketEnd = SocketEnd::Dropped {
        reason: "send timed out during the handshake",
    };
    // 2. sync_request, noting "originate" just before it goes out.
    let originate = Instant::now();
    if !send_text(
        &mut ws,
        &hub,
        simple(&hub, ServerBody::SyncRequest).encode(variant),
    )
    .await
    {
        return LOST;
    }
    // 3. sync_response, noting "destination" as it arrives.
    let received = next_client_packet(&mut ws, &hub, ClientKind::SyncResponse, variant).await;
    let destination = Instant::now();
    let sync = match received {
        Ok(ClientPacket::SyncResponse(s)) => s,
        Ok(_) | Err(Refusal::Silent) => {
            close_normally(&hub, ws).await;
            return SocketEnd::Abandoned;
        }
        Err(Refusal::Invalid(message)) => {
            return send_error(&hub, variant, ws, 422, "unprocessable_entity", message).await;
        }
    };
    let rtt = destination.duration_since(originate).as_secs_f64()
        - (sync.transmit_timestamp - sync.receive_timestamp);
    let clock = ClockEstimate {
        originate,
        receive: sync.receive_timestamp,
        half_rtt: rtt / 2.0,
    };
    // 4. auth_response; the stream begins.
    let events = hub.subscribe();
    if !send_text(
        &mut ws,
        &hub,
        simple(&hub, ServerBody::AuthResponse).encode(variant),
    )
    .await
    {
        return LOST;
    }
    let guard = hub.streaming_guard();
    let connection = guard.connection;
    seen.connection = Some(connection);
    hubs.note(SimNote::Connected {
        variant,
        uid: hub.uid.clone(),
        connection,
    });
    tracing::info!(connection, bandwidth = auth.bandwidth, "socket streaming");
    let stop = stream(&mut ws, &hub, variant, &auth, clock, events, connection).await;
    drop(guard);
    match stop {
        Stop::Normal(reason) => {
            close_normally(&hub, ws).await;
            SocketEnd::Closed { reason }
        }
        Stop::Abrupt(reason) => {
            drop(ws);
            SocketEnd::Dropped { reason }
        }
    }
}

async fn stream(
    ws: &mut WebSocket,
    hub: &Hub,
    variant: Variant,
    auth: &Authorize,
    clock: ClockEstimate,
    mut events: tokio::sync::broadcast::Receiver<Arc<Published>>,
    connection: u64,
) -> Stop {
    let mut bucket = TokenBucket::new(auth.bandwidth, Instant::now());
    let mut batch: Vec<Arc<Published>> = Vec::new();
    let mut batch_due: Option<Instant> = None;
    let close_after =
        hub.socket_duration + auth.lookback + hub.timings.stay_past_close.as_secs_f64();
    let mut stopping = hub.stopping();
    let mut latency = tokio::time::interval(hub.timings.latency_interval);
    latency.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let flush = async {
            match batch_due {
                Some(d) => tokio::time::sleep_until(d.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = async { stopping.wait_for(|s| *s).await.map(|_| ()) } => return Stop::Abrupt("the simulator stopped"),
            received = events.recv() => match received {
                Ok(p) => {
                    let t = clock.at(p.at);
                    let time = p.event.time;
                    if t - auth.lookback <= time && time <= t + auth.lookahead && bucket.take(Instant::now()) {
                        batch.push(p);
                        batch_due.get_or_insert_with(|| Instant::now() + hub.timings.batch_interval);
                    }
                }
                Err(RecvError::Lagged(n)) => tracing::warn!(connection, lost = n, "socket fell behind the fan-out"),
                Err(RecvError::Closed) => return Stop::Normal("the journey closed"),
            },
            () = flush => {
                batch_due = None;
                let events = std::mem::take(&mut batch);
                // Each event was encoded once for every socket; this
                // socket only splices them into its own packet.
                let text = {
                    let wires: Vec<&str> = events.iter().map(|p| hub.wire(p)).collect();
                    encode_event_batch(Some(&hub.packet_uid()), &wires, variant)
                };
                if !send_text(ws, hub, text).await {
                    tracing::info!(connection, "send timed out: dropping a slow reader");
                    return Stop::Abrupt("send timed out (a slow reader)");
                }
                hub.record_delivery(connection, &events);
            }
            _ = latency.tick() => {
                let expected = clock.at(Instant::now());
                if expected > close_after {
                    return Stop::Normal("auto-close after the journey");
                }
                let packet = simple(hub, ServerBody::LatencyDetection { expected_receive_time: expected });
                if !send_text(ws, hub, packet.encode(variant)).await {
                    return Stop::Abrupt("send timed out (a slow reader)");
                }
            }
            msg = ws.recv() => match msg {
                // Any application message after the handshake ends the
                // connection, without a close frame, as the real server does.
                Some(Ok(Message::Text(_) | Message::Binary(_))) => return Stop::Abrupt("the client sent a message"),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return Stop::Abrupt("the client went away"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_bursts_then_refills_by_whole_tokens() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(5, t0);
        assert_eq!((0..10).filter(|_| b.take(t0)).count(), 5);
        // 0.3 s at 5/s = 1.5 tokens: one whole token, half carried over.
        let t1 = t0 + Duration::from_millis(300);
        assert!(b.take(t1));
        assert!(!b.take(t1));
        let t2 = t0 + Duration::from_millis(400); // 2.0 earned since t0 in total
        assert!(b.take(t2));
        assert!(!b.take(t2));
    }

    #[test]
    fn estimate_adds_half_the_round_trip() {
        let t0 = Instant::now();
        let c = ClockEstimate {
            originate: t0,
            receive: 10.0,
            half_rtt: 0.05,
        };
        assert!((c.at(t0 + Duration::from_secs(2)) - 12.05).abs() < 1e-9);
    }
}
