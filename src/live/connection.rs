//! One connection attempt: connect, the 4-part handshake of §2.2, then read
//! the stream until it ends. The reader forwards every packet as a stamped
//! [`Input`] on the bounded input channel ([`crate::channel::INPUT_CAPACITY`]
//! inputs): when the consumer falls behind, the reader waits for room
//! (backpressure) rather than hold more. Events beyond the bandwidth asked
//! for are counted and dropped before they are sent on.
//!
//! Just over 400 lines: one attempt's deadlines (the handshake's one
//! deadline for all four parts, the dead-link silence, the bandwidth) are
//! easiest to check when the whole attempt reads top to bottom.

use super::target::Endpoint;
use crate::channel::InputSender;
use crate::clock::JourneyClock;
use futures_util::{SinkExt, StreamExt};
use journeytop_engine::RateGuard;
use journeytop_engine::{Input, Stamped};
use journeytop_protocol::client::fields_in_422_message;
use journeytop_protocol::text::for_log;
use journeytop_protocol::{
    Authorize, ClientPacket, JourneySpec, Posters, ServerBody, ServerError, ServerPacket,
    SyncResponse,
};
use std::sync::Arc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::{self, Message, protocol::frame::coding::CloseCode};

/// Knobs of one attempt.
#[derive(Debug, Clone)]
pub struct AttemptSettings {
    pub bandwidth: u32,
    pub lookback: f64,
    pub lookahead: f64,
    /// Give up on connect + handshake after this long.
    pub handshake_timeout: Duration,
    /// No packet for this long means the connection is dead (latency
    /// packets come every 2 s).
    pub dead_after: Duration,
    /// Reconnect when |server estimate − our clock| exceeds this (seconds).
    pub drift_tolerance: f64,
    /// A connection that stayed up this long was healthy: the failures
    /// before it are forgiven. A shorter one counts as a failure, so a
    /// server that accepts and drops at once still meets the backoff.
    pub stable_after: Duration,
    pub tls: Arc<rustls::ClientConfig>,
    /// Whether events keep who posted them and their icon: only a
    /// recording needs them; the engine never reads them.
    pub posters: Posters,
}

/// Why a streaming connection ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StreamEnd {
    /// The server closed the socket; `code` is None when it dropped without
    /// a close frame (1006).
    Closed { code: Option<u16> },
    /// No packet for `dead_after`.
    Dead,
    /// The server's estimate of our clock is off by `offset` seconds.
    Drift { offset: f64 },
    /// The server sent a message larger than we accept.
    TooLarge { size: usize, max: usize },
}

/// The largest websocket message (and frame) we read. A batch at the
/// protocol's top bandwidth (5,000 events/s, 0.25 s batches) is well under
/// 1 MiB; anything near this is hostile or broken.
pub const MAX_MESSAGE: usize = 16 * 1024 * 1024;

/// How a stream ended, and how long it had been up.
#[derive(Debug, Clone, PartialEq)]
pub struct Streamed {
    pub end: StreamEnd,
    pub lasted: Duration,
}

/// Why an attempt failed before the stream began.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AttemptError {
    #[error(
        "the server refused the JWT (expired, or for another journey) — get a fresh journey file"
    )]
    Forbidden,
    #[error("{noun} not found: the server says {message:?} — check the uid and the server")]
    NotFound { noun: &'static str, message: String },
    #[error("the server rejected {fields} as invalid (422): {first_line}")]
    Unprocessable {
        fields: String,
        first_line: String,
        message: String,
    },
    #[error("the server answered with error {}: {} ({})", .0.code, .0.kind, .0.message)]
    Server(ServerError),
    #[error("connection refused by {0} — is the server running?")]
    Refused(String),
    #[error("cannot reach {host}: {reason}")]
    Unreachable { host: String, reason: String },
    #[error("TLS failure talking to {host}: {reason}")]
    Tls { host: String, reason: String },
    #[error("the server answered HTTP {status} to the websocket upgrade — check the URL ({url})")]
    Http { status: u16, url: String },
    #[error("no answer within {0:?} during the handshake ({1})")]
    Timeout(Duration, &'static str),
    #[error("the server closed the connection during the handshake")]
    ClosedDuringHandshake,
    #[error("protocol error: {0}")]
    Protocol(String),
}

impl AttemptError {
    /// Errors that retrying cannot fix.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            AttemptError::Forbidden
                | AttemptError::NotFound { .. }
                | AttemptError::Unprocessable { .. }
        )
    }

    fn from_server(err: &ServerError, spec: &JourneySpec) -> AttemptError {
        match err.code {
            403 => AttemptError::Forbidden,
            // Server text is sanitized before it reaches any message.
            404 => AttemptError::NotFound {
                noun: spec.variant.noun(),
                message: for_log(&err.message),
            },
            422 => {
                let fields = fields_in_422_message(&err.message);
                let fields = if fields.is_empty() {
                    "the handshake".to_string()
                } else {
                    fields
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let first_line = for_log(err.message.lines().next().unwrap_or_default());
                AttemptError::Unprocessable {
                    fields: for_log(&fields),
                    first_line,
                    message: for_log(&err.message),
                }
            }
            _ => AttemptError::Server(ServerError {
                code: err.code,
                kind: for_log(&err.kind),
                message: for_log(&err.message),
            }),
        }
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn classify_connect_error(e: tungstenite::Error, ep: &Endpoint) -> AttemptError {
    let host = journeytop_protocol::text::sanitize(&ep.authority());
    match e {
        tungstenite::Error::Io(io) => {
            // rustls reports certificate problems through io::Error.
            let tls = io
                .get_ref()
                .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some());
            match io.kind() {
                _ if tls => AttemptError::Tls {
                    host,
                    reason: tls_reason(&io.to_string()),
                },
                std::io::ErrorKind::ConnectionRefused => AttemptError::Refused(host),
                _ => AttemptError::Unreachable {
                    host,
                    reason: io.to_string(),
                },
            }
        }
        tungstenite::Error::Tls(t) => AttemptError::Tls {
            host,
            reason: tls_reason(&t.to_string()),
        },
        tungstenite::Error::Http(resp) => AttemptError::Http {
            status: resp.status().as_u16(),
            url: ep.to_url(),
        },
        tungstenite::Error::Url(u) => AttemptError::Unreachable {
            host,
            reason: u.to_string(),
        },
        other => AttemptError::Unreachable {
            host,
            reason: other.to_string(),
        },
    }
}

/// A certificate failure in words: rustls names them by their enum
/// (`Other(OtherError(CaUsedAsEndEntity))`), which says nothing to a user.
pub fn tls_reason(raw: &str) -> String {
    let words = if raw.contains("CaUsedAsEndEntity") {
        "the server presents a CA certificate as its own (leaf) certificate. The \
         certificate in --ca-file is a CA (it may sign certificates), and the server \
         uses it directly: give the server a leaf certificate signed by that CA, or \
         make its self-signed certificate a leaf (not CA:TRUE) and pass that in --ca-file"
    } else if raw.contains("UnknownIssuer") {
        "the server's certificate is not signed by a CA we trust; for a self-hosted \
         server, pass the CA that signed it with --ca-file"
    } else if raw.contains("NotValidForName") {
        "the server's certificate is not valid for this host name; connect by the \
         name the certificate was issued for"
    } else if raw.contains("Expired") || raw.contains("NotValidYet") {
        "the server's certificate is expired or not yet valid (check the clocks)"
    } else {
        return for_log(raw);
    };
    words.to_string()
}

/// Connects and completes the handshake; starts `clock` just before the
/// first handshake begins.
pub async fn connect(
    ep: &Endpoint,
    spec: &JourneySpec,
    settings: &AttemptSettings,
    clock: &JourneyClock,
) -> Result<Socket, AttemptError> {
    let limit = settings.handshake_timeout;
    // One deadline for connecting and all four handshake packets: a server
    // that trickles pings cannot stretch it.
    let deadline = tokio::time::Instant::now() + limit;
    let connector = tokio_tungstenite::Connector::Rustls(settings.tls.clone());
    let config = tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE))
        .max_frame_size(Some(MAX_MESSAGE));
    let connecting = tokio_tungstenite::connect_async_tls_with_config(
        ep.to_url(),
        Some(config),
        true,
        Some(connector),
    );
    let (mut ws, _response) = tokio::time::timeout_at(deadline, connecting)
        .await
        .map_err(|_| AttemptError::Timeout(limit, "connecting"))?
        .map_err(|e| classify_connect_error(e, ep))?;

    clock.start();
    let authorize = ClientPacket::Authorize(Authorize {
        uid: spec.uid.clone(),
        jwt: spec.jwt.clone(),
        bandwidth: settings.bandwidth,
        lookback: settings.lookback,
        lookahead: settings.lookahead,
    });
    send(&mut ws, authorize.encode(spec.variant)).await?;

    let sync_request = next_packet(&mut ws, deadline, limit, "waiting for sync_request").await?;
    let receive = clock.now();
    match sync_request.body {
        ServerBody::SyncRequest => {}
        ServerBody::Error(e) => return Err(AttemptError::from_server(&e, spec)),
        _ => {
            return Err(AttemptError::Protocol(format!(
                "expected sync_request, got {}",
                sync_request.kind()
            )));
        }
    }
    let sync = ClientPacket::SyncResponse(SyncResponse {
        receive_timestamp: receive,
        transmit_timestamp: clock.now().max(receive),
    });
    send(&mut ws, sync.encode(spec.variant)).await?;

    let auth = next_packet(&mut ws, deadline, limit, "waiting for auth_response").await?;
    match auth.body {
        ServerBody::AuthResponse => Ok(ws),
        ServerBody::Error(e) => Err(AttemptError::from_server(&e, spec)),
        _ => Err(AttemptError::Protocol(format!(
            "expected auth_response, got {}",
            auth.kind()
        ))),
    }
}

async fn send(ws: &mut Socket, text: String) -> Result<(), AttemptError> {
    ws.send(Message::text(text))
        .await
        .map_err(|e| AttemptError::Protocol(format!("sending failed: {e}")))
}

async fn next_packet(
    ws: &mut Socket,
    deadline: tokio::time::Instant,
    limit: Duration,
    stage: &'static str,
) -> Result<ServerPacket, AttemptError> {
    loop {
        let msg = tokio::time::timeout_at(deadline, ws.next())
            .await
            .map_err(|_| AttemptError::Timeout(limit, stage))?;
        let bytes = match msg {
            Some(Ok(Message::Text(t))) => t.as_bytes().to_vec(),
            Some(Ok(Message::Binary(b))) => b.to_vec(),
            Some(Ok(Message::Close(_))) | None => return Err(AttemptError::ClosedDuringHandshake),
            Some(Ok(_)) => continue, // ping / pong
            Some(Err(e)) => return Err(AttemptError::Protocol(e.to_string())),
        };
        return ServerPacket::decode(&bytes).map_err(|e| AttemptError::Protocol(e.to_string()));
    }
}

/// Reads the stream until it ends, forwarding inputs. Sends nothing: any
/// application message after the handshake makes the server close.
pub async fn stream(
    ws: Socket,
    settings: &AttemptSettings,
    clock: &JourneyClock,
    tx: &InputSender,
) -> Streamed {
    let began = tokio::time::Instant::now();
    let end = read_stream(ws, settings, clock, tx).await;
    Streamed {
        end,
        lasted: began.elapsed(),
    }
}

async fn read_stream(
    mut ws: Socket,
    settings: &AttemptSettings,
    clock: &JourneyClock,
    tx: &InputSender,
) -> StreamEnd {
    // The bandwidth we asked for, enforced (with the slack the server's own
    // bucket and batching need): events far beyond it are counted and
    // dropped here, before the recorder and the engine ever hold them.
    let mut guard = RateGuard::for_bandwidth(settings.bandwidth);
    let mut noted = 0;
    // Dead means no protocol packet for `dead_after` (latency packets come
    // every 2 s); pings and pongs do not move this deadline.
    let mut dead_at = tokio::time::Instant::now() + settings.dead_after;
    loop {
        let msg = match tokio::time::timeout_at(dead_at, ws.next()).await {
            Err(_) => return StreamEnd::Dead,
            Ok(None) => return StreamEnd::Closed { code: None },
            Ok(Some(Err(tungstenite::Error::Capacity(
                tungstenite::error::CapacityError::MessageTooLong { size, max_size },
            )))) => {
                return StreamEnd::TooLarge {
                    size,
                    max: max_size,
                };
            }
            Ok(Some(Err(e))) => {
                tracing::info!(error = %for_log(&e.to_string()), "websocket read failed");
                return StreamEnd::Closed { code: None };
            }
            Ok(Some(Ok(m))) => m,
        };
        if matches!(msg, Message::Text(_) | Message::Binary(_)) {
            dead_at = tokio::time::Instant::now() + settings.dead_after;
        }
        let bytes: &[u8] = match &msg {
            Message::Text(t) => t.as_bytes(),
            Message::Binary(b) => b,
            Message::Close(frame) => {
                let code = frame.as_ref().map_or(CloseCode::Status, |f| f.code);
                return StreamEnd::Closed {
                    code: Some(u16::from(code)),
                };
            }
            _ => continue,
        };
        // The one packet → input mapping shared with the fuzz target.
        let mut input = Input::from_frame_with(bytes, clock.now(), settings.posters);
        if let Input::Batch(batch) = &mut input {
            let before = batch.events.len();
            let now = clock.now();
            batch.events.retain(|_| guard.admit(now));
            if batch.events.len() < before {
                let dropped = before - batch.events.len();
                let events = if dropped == 1 { "event" } else { "events" };
                batch.malformed.push(format!(
                    "{dropped} {events} beyond the asked bandwidth of {} a second, dropped",
                    settings.bandwidth
                ));
                if guard.dropped() >= noted {
                    tracing::warn!(
                        dropped = guard.dropped(),
                        bandwidth = settings.bandwidth,
                        "the server sends far beyond the bandwidth we asked for; the excess is dropped"
                    );
                    noted = guard.dropped().saturating_mul(2).max(1);
                }
            }
        }
        let drift = match &input {
            Input::Latency { offset } => {
                (offset.abs() > settings.drift_tolerance).then_some(*offset)
            }
            Input::MalformedPacket { reason } => {
                tracing::warn!(%reason, "skipping a malformed packet");
                None
            }
            Input::UnknownPacket { kind } => {
                tracing::warn!(%kind, "a packet of no use while streaming, counted");
                None
            }
            _ => None,
        };
        // Backpressure: wait for room rather than pile inputs up. A closed
        // receiver means the consumer is gone; nothing to do.
        let _ = tx
            .send(Stamped {
                at: clock.now(),
                input,
            })
            .await;
        if let Some(offset) = drift {
            return StreamEnd::Drift { offset };
        }
    }
}
