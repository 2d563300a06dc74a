//! The one mapping from what the server sends while streaming (PROTOCOL.md
//! §2.4) to an [`Input`]. The live client, the engine fuzz target and its
//! regression test all go through here, so what they feed the engine cannot
//! drift apart.
//!
//! Only the streaming phase comes here. The handshake of §2.2
//! (`sync_request`, `auth_response`, an `error` answering `authorize`) is the
//! client's business: it reads those as [`ServerPacket`]s before the stream
//! begins. Should one of them arrive after the handshake, it is out of
//! place and becomes [`Input::UnknownPacket`] — counted, never fatal, like
//! any packet the engine has no use for.

use crate::Input;
use journeytop_protocol::text::for_log;
use journeytop_protocol::{DecodeError, Posters, ServerBody, ServerPacket};

impl Input {
    /// Reads one text or binary frame received at journey time
    /// `received_at`; a frame that is not a packet becomes
    /// [`Input::MalformedPacket`].
    pub fn from_frame(frame: &[u8], received_at: f64) -> Input {
        Input::from_frame_with(frame, received_at, Posters::Keep)
    }

    /// [`Input::from_frame`], keeping who posted each event or not: the
    /// engine never reads them; only a recording does.
    pub fn from_frame_with(frame: &[u8], received_at: f64, posters: Posters) -> Input {
        match ServerPacket::decode_with(frame, posters) {
            Ok(packet) => Input::from_packet(packet, received_at),
            Err(err) => Input::malformed(&err),
        }
    }

    /// A decoded packet received at journey time `received_at`.
    fn from_packet(packet: ServerPacket, received_at: f64) -> Input {
        match packet.body {
            ServerBody::EventBatch(batch) => Input::Batch(batch),
            // §2.3: the server's estimate of our clock as the packet lands.
            ServerBody::LatencyDetection {
                expected_receive_time,
            } => Input::Latency {
                offset: expected_receive_time - received_at,
            },
            ServerBody::Unknown { kind } => Input::UnknownPacket { kind },
            // §2.1: the server closes right after an error; the close ends
            // the stream, the packet itself is only counted.
            ServerBody::Error(e) => Input::UnknownPacket {
                // The error's `type` is the server's text: sanitized and
                // bounded here, as the decoder does for every other kind,
                // before the log, the feed or a recording sees it.
                kind: format!("error {} {}", e.code, for_log(&e.kind)),
            },
            ServerBody::SyncRequest => Input::UnknownPacket {
                kind: "sync_request (after the handshake)".into(),
            },
            ServerBody::AuthResponse => Input::UnknownPacket {
                kind: "auth_response (after the handshake)".into(),
            },
        }
    }

    /// A frame that could not be decoded as a packet.
    fn malformed(err: &DecodeError) -> Input {
        Input::MalformedPacket {
            reason: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(frame: &str) -> Option<String> {
        match Input::from_frame(frame.as_bytes(), 0.0) {
            Input::UnknownPacket { kind } => Some(kind),
            _ => None,
        }
    }

    #[test]
    fn latency_is_the_estimate_minus_our_clock() {
        let frame = br#"{"type":"latency_detection","data":{"expected_receive_prompt_time":10.5}}"#;
        match Input::from_frame(frame, 10.0) {
            Input::Latency { offset } => assert!((offset - 0.5).abs() < 1e-12),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn handshake_and_error_packets_while_streaming_are_only_counted() {
        assert_eq!(
            kind_of(r#"{"type":"sync_request","data":{}}"#).as_deref(),
            Some("sync_request (after the handshake)")
        );
        assert_eq!(
            kind_of(r#"{"type":"auth_response"}"#).as_deref(),
            Some("auth_response (after the handshake)")
        );
        assert_eq!(
            kind_of(r#"{"type":"error","data":{"code":503,"type":"unavailable","message":"x"}}"#)
                .as_deref(),
            Some("error 503 unavailable")
        );
        assert_eq!(
            kind_of(r#"{"type":"new_kind"}"#).as_deref(),
            Some("new_kind")
        );
    }

    #[test]
    fn an_error_packets_type_while_streaming_is_sanitized_and_bounded() {
        let hostile = format!(
            "\u{1b}]0;pwned\u{7}boom\u{1b}[2J\u{ad}\u{202e}\u{200b}\u{9b}31m{}",
            "x".repeat(100_000)
        );
        let frame = serde_json::json!({
            "type": "error",
            "data": {"code": 500, "type": hostile, "message": "m"}
        })
        .to_string();
        let kind = kind_of(&frame).unwrap();
        assert!(kind.starts_with("error 500 "), "{kind}");
        assert!(kind.contains("boom"), "{kind}");
        assert!(
            !kind.chars().any(|c| c.is_control()
                || journeytop_protocol::text::is_bidi(c)
                || journeytop_protocol::text::is_format(c)),
            "{kind:?}"
        );
        assert!(!kind.contains("pwned") && !kind.contains("[2J"), "{kind:?}");
        assert!(
            kind.len() <= 800 + "error 500 ".len(),
            "{} bytes",
            kind.len()
        );
    }

    #[test]
    fn a_frame_that_is_not_a_packet_is_malformed() {
        assert!(matches!(
            Input::from_frame(b"not json", 0.0),
            Input::MalformedPacket { .. }
        ));
        assert!(matches!(
            Input::from_frame(br#"{"type":"latency_detection","data":{}}"#, 0.0),
            Input::MalformedPacket { .. }
        ));
    }
}
