//! Server → client packets (PROTOCOL.md §2.1–2.4): typed, lenient decoding of
//! text or binary frames, and encoding in the real server's exact style.

use super::event::{Event, EventList, Posters, WireEventRef};
use super::{Variant, pyjson, scan};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;

/// One decoded server packet.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerPacket {
    /// `oseh_packet_…`. The code always sends it; the docs sometimes omit it.
    pub uid: Option<String>,
    pub body: ServerBody,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ServerBody {
    SyncRequest,
    AuthResponse,
    EventBatch(EventBatch),
    LatencyDetection {
        expected_receive_time: f64,
    },
    Error(ServerError),
    /// A packet type this build does not know: kept, counted, never fatal.
    Unknown {
        kind: String,
    },
}

/// The events of one `event_batch`, plus any entries that could not be read
/// as events at all (counted and skipped; the rest of the batch still counts).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventBatch {
    pub events: Vec<Event>,
    pub malformed: Vec<String>,
}

/// `{"code": 403, "type": "forbidden", "message": "invalid JWT"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerError {
    pub code: u16,
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
}

/// Why a frame could not be read as a server packet at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecodeError {
    #[error("frame is not JSON: {0}")]
    NotJson(String),
    #[error("`{kind}` packet has a malformed `data`: {reason}")]
    BadData { kind: String, reason: String },
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default)]
    uid: Option<String>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// The envelope as one pass reads it: when `type` comes before `data`, as
/// the server writes it, a batch's events are deserialized in place instead
/// of `data` being scanned once to skip it and again to read it.
struct OnePass<'a> {
    kind: Cow<'a, str>,
    uid: Option<String>,
    data: PacketData<'a>,
}

enum PacketData<'a> {
    Absent,
    Raw(&'a RawValue),
    Events(EventList),
}

impl<'a> From<Envelope<'a>> for OnePass<'a> {
    fn from(env: Envelope<'a>) -> Self {
        OnePass {
            kind: env.kind,
            uid: env.uid,
            data: env.data.map_or(PacketData::Absent, PacketData::Raw),
        }
    }
}

impl<'de> Deserialize<'de> for OnePass<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(OnePassVisitor)
    }
}

struct OnePassVisitor;

impl<'de> serde::de::Visitor<'de> for OnePassVisitor {
    type Value = OnePass<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a server packet object")
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        use serde::de::Error;
        let mut kind: Option<Cow<'de, str>> = None;
        let mut uid: Option<Option<String>> = None;
        let mut data: Option<PacketData<'de>> = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "type" if kind.is_none() => kind = Some(map.next_value()?),
                "uid" if uid.is_none() => uid = Some(map.next_value()?),
                "data" if data.is_none() => {
                    data = Some(if kind.as_deref() == Some("event_batch") {
                        PacketData::Events(map.next_value::<FastBatchData>()?.events)
                    } else {
                        map.next_value::<Option<&'de RawValue>>()?
                            .map_or(PacketData::Absent, PacketData::Raw)
                    });
                }
                // A repeated field: left to the other reader, which says so.
                "type" | "uid" | "data" => return Err(M::Error::custom("repeated field")),
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(OnePass {
            kind: kind.ok_or_else(|| M::Error::missing_field("type"))?,
            uid: uid.flatten(),
            data: data.unwrap_or(PacketData::Absent),
        })
    }
}

/// Events count; the entries that did not decode are malformed.
impl From<EventList> for EventBatch {
    fn from(list: EventList) -> Self {
        EventBatch {
            events: list.events,
            malformed: list.undecodable.into_iter().map(|(_, why)| why).collect(),
        }
    }
}

#[derive(Deserialize)]
struct BatchData<'a> {
    #[serde(borrow)]
    events: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct FastBatchData {
    events: EventList,
}

#[derive(Deserialize)]
struct LatencyData {
    #[serde(alias = "expected_receive_prompt_time")]
    expected_receive_journey_time: f64,
}

use crate::text::for_log;

impl ServerPacket {
    /// Decodes a text or binary frame; both variants' names are accepted.
    pub fn decode(frame: &[u8]) -> Result<ServerPacket, DecodeError> {
        Self::decode_with(frame, Posters::Keep)
    }

    /// [`ServerPacket::decode`], keeping who posted each event and their
    /// icon or not: a client that only folds (it records nothing) never
    /// reads them, so it need not copy them.
    pub fn decode_with(frame: &[u8], posters: Posters) -> Result<ServerPacket, DecodeError> {
        // The frame's UTF-8 is checked once, up front, rather than string by
        // string as a byte reader would.
        let text = crate::utf8(frame);
        // The common batch, in the server's own shape, is read by the
        // known-shape reader; it answers as serde would, or not at all.
        if let Some((uid, events)) = text.and_then(|t| scan::event_batch_frame(t, posters)) {
            return Ok(ServerPacket {
                uid,
                body: ServerBody::EventBatch(EventBatch {
                    events,
                    malformed: Vec::new(),
                }),
            });
        }
        let mut packet = Self::decode_serde(frame, text);
        if let (
            Ok(ServerPacket {
                body: ServerBody::EventBatch(batch),
                ..
            }),
            Posters::Skip,
        ) = (&mut packet, posters)
        {
            for ev in &mut batch.events {
                ev.user_sub = None;
                ev.icon = None;
            }
        }
        packet
    }

    /// What [`ServerPacket::decode`] gives, read with serde_json alone,
    /// without the known-shape reader: the reference the fuzz target and
    /// the tests hold that reader to.
    pub fn decode_by_serde(frame: &[u8]) -> Result<ServerPacket, DecodeError> {
        Self::decode_serde(frame, crate::utf8(frame))
    }

    /// [`ServerPacket::decode_by_serde`] with the frame's text, when it is
    /// UTF-8, already at hand.
    pub(crate) fn decode_serde(
        frame: &[u8],
        text: Option<&str>,
    ) -> Result<ServerPacket, DecodeError> {
        // One pass reads the common frame whole; anything it does not read
        // (a bad event, `data` before `type`, …) is read as before, so the
        // result is the same either way.
        let one_pass = text.and_then(|text| serde_json::from_str::<OnePass<'_>>(text).ok());
        match one_pass {
            Some(env) => Self::from_envelope(env),
            None => Self::decode_two_pass(frame),
        }
    }

    /// The envelope first with `data` held raw, then `data` by the type.
    pub(crate) fn decode_two_pass(frame: &[u8]) -> Result<ServerPacket, DecodeError> {
        let env: Envelope<'_> = serde_json::from_slice(frame)
            .map_err(|e| DecodeError::NotJson(for_log(&e.to_string())))?;
        Self::from_envelope(env.into())
    }

    fn from_envelope(env: OnePass<'_>) -> Result<ServerPacket, DecodeError> {
        let data = match env.data {
            PacketData::Events(list) => {
                return Ok(ServerPacket {
                    uid: env.uid,
                    body: ServerBody::EventBatch(list.into()),
                });
            }
            PacketData::Raw(raw) => raw.get(),
            PacketData::Absent => "{}",
        };
        // Server text is sanitized and bounded here, once: these strings
        // reach the log, the screen and error messages.
        let bad = |e: serde_json::Error| DecodeError::BadData {
            kind: for_log(&env.kind),
            reason: for_log(&e.to_string()),
        };
        let body = match env.kind.as_ref() {
            "sync_request" => ServerBody::SyncRequest,
            "auth_response" => ServerBody::AuthResponse,
            "event_batch" => {
                // Fast path: every event reads in one pass. Only when one
                // does not is the batch split into raw events, so that a bad
                // event is counted as malformed and the others still count.
                // Both paths read each event with the same `WireEvent`, so
                // they give the same batch.
                let list = match serde_json::from_str::<FastBatchData>(data) {
                    Ok(fast) => fast.events,
                    Err(_) => {
                        let raw: BatchData<'_> = serde_json::from_str(data).map_err(bad)?;
                        let mut list = EventList::default();
                        for (i, item) in raw.events.into_iter().enumerate() {
                            list.push(i, Event::from_raw(item));
                        }
                        list
                    }
                };
                ServerBody::EventBatch(list.into())
            }
            "latency_detection" => {
                let d: LatencyData = serde_json::from_str(data).map_err(bad)?;
                ServerBody::LatencyDetection {
                    expected_receive_time: d.expected_receive_journey_time,
                }
            }
            "error" => ServerBody::Error(serde_json::from_str(data).map_err(bad)?),
            other => ServerBody::Unknown {
                kind: for_log(other),
            },
        };
        Ok(ServerPacket { uid: env.uid, body })
    }

    pub fn kind(&self) -> &str {
        match &self.body {
            ServerBody::SyncRequest => "sync_request",
            ServerBody::AuthResponse => "auth_response",
            ServerBody::EventBatch(_) => "event_batch",
            ServerBody::LatencyDetection { .. } => "latency_detection",
            ServerBody::Error(_) => "error",
            ServerBody::Unknown { kind } => kind,
        }
    }

    /// Encodes the packet the way the real server for `variant` writes it:
    /// pydantic v1 spacing for journeys, compact for interactive prompts,
    /// and `latency_detection` always compact (it is built by concatenation).
    pub fn encode(&self, variant: Variant) -> String {
        let success = !matches!(self.body, ServerBody::Error(_));
        let uid = self.uid.as_deref();
        match &self.body {
            ServerBody::LatencyDetection {
                expected_receive_time,
            } => {
                let mut out = String::with_capacity(120);
                out.push_str(r#"{"success":true,"type":"latency_detection","uid":"#);
                out.push_str(&serde_json::to_string(&uid).unwrap_or_else(|_| "null".into()));
                out.push_str(r#","data":{""#);
                out.push_str(variant.latency_field());
                out.push_str(r#"":"#);
                out.push_str(&float_repr(*expected_receive_time));
                out.push_str("}}");
                out
            }
            body => {
                let envelope = EncodeEnvelope {
                    success,
                    kind: self.kind(),
                    uid,
                    data: EncodeData { body, variant },
                };
                match variant {
                    Variant::Journeys => pyjson::to_spaced_string(&envelope),
                    Variant::InteractivePrompts => {
                        serde_json::to_string(&envelope).unwrap_or_default()
                    }
                }
            }
        }
    }
}

impl Event {
    /// This event as the server for `variant` writes it inside an
    /// `event_batch`: what [`encode_event_batch`] splices.
    pub fn encode_wire(&self, variant: Variant) -> String {
        let wire = self.wire(variant);
        match variant {
            Variant::Journeys => pyjson::to_spaced_string(&wire),
            Variant::InteractivePrompts => serde_json::to_string(&wire).unwrap_or_default(),
        }
    }
}

/// An `event_batch` packet from events each already encoded with
/// [`Event::encode_wire`] for `variant`: byte for byte what
/// [`ServerPacket::encode`] writes for the same packet, so a server that
/// fans one event out to many sockets encodes it once and only splices.
pub fn encode_event_batch(uid: Option<&str>, events: &[&str], variant: Variant) -> String {
    let (head, data, separator) = match variant {
        Variant::Journeys => (
            r#"{"success": true, "type": "event_batch", "uid": "#,
            r#", "data": {"events": ["#,
            ", ",
        ),
        Variant::InteractivePrompts => (
            r#"{"success":true,"type":"event_batch","uid":"#,
            r#","data":{"events":["#,
            ",",
        ),
    };
    let uid = serde_json::to_string(&uid).unwrap_or_else(|_| "null".into());
    let body: usize = events.iter().map(|e| e.len() + separator.len()).sum();
    let mut out = String::with_capacity(head.len() + uid.len() + data.len() + body + 3);
    out.push_str(head);
    out.push_str(&uid);
    out.push_str(data);
    for (i, event) in events.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(event);
    }
    out.push_str("]}}");
    out
}

/// A float as Python's `repr` would show it in JSON (always with a `.0` or an
/// exponent, so it reads back as a float).
pub(crate) fn float_repr(x: f64) -> String {
    if !x.is_finite() {
        return "null".to_string();
    }
    let s = serde_json::to_string(&x).unwrap_or_else(|_| "0.0".into());
    if s.contains(['.', 'e', 'E']) {
        s
    } else {
        format!("{s}.0")
    }
}

#[derive(Serialize)]
struct EncodeEnvelope<'a> {
    success: bool,
    #[serde(rename = "type")]
    kind: &'a str,
    uid: Option<&'a str>,
    data: EncodeData<'a>,
}

struct EncodeData<'a> {
    body: &'a ServerBody,
    variant: Variant,
}

impl Serialize for EncodeData<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self.body {
            ServerBody::EventBatch(batch) => {
                let events: Vec<WireEventRef<'_>> =
                    batch.events.iter().map(|e| e.wire(self.variant)).collect();
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("events", &events)?;
                m.end()
            }
            ServerBody::Error(err) => err.serialize(s),
            ServerBody::LatencyDetection {
                expected_receive_time,
            } => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry(self.variant.latency_field(), expected_receive_time)?;
                m.end()
            }
            _ => s.serialize_map(Some(0))?.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass reader gives what the two-pass reader gives for every
    /// captured server frame and for frames it must hand over: `data`
    /// before `type`, a bad event, repeated fields, escaped keys, `null`
    /// data, an array, broken JSON.
    #[test]
    fn one_pass_decode_equals_the_two_pass_decode() {
        let captured = include_str!("../tests/fixtures/captured-packets.jsonl")
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["direction"] == "s2c")
            .filter_map(|v| v["raw"].as_str().map(str::to_string));
        let ev = r#"{"uid":"e","session_uid":"s","evtype":"like","journey_time":1.0,"data":{}}"#;
        let edge = [
            format!(r#"{{"type":"event_batch","uid":"p","data":{{"events":[{ev}]}}}}"#),
            format!(r#"{{"data":{{"events":[{ev}]}},"type":"event_batch"}}"#),
            format!(r#"{{"type":"event_batch","data":{{"events":[{ev},7,{{"uid":1}}]}}}}"#),
            format!(r#"{{"type":"event_batch","type":"error","data":{{"events":[{ev}]}}}}"#),
            format!(
                r#"{{"type":"event_batch","data":{{"events":[]}},"data":{{"events":[{ev}]}}}}"#
            ),
            format!(r#"{{"type":"event_batch","data":{{"events":[{ev}]}}}}"#),
            format!(r#"{{"type":"event_batch","uid":null,"data":{{"events":[{ev}]}},"x":[1]}}"#),
            r#"{"type":"event_batch","data":null}"#.to_string(),
            r#"{"type":"event_batch"}"#.to_string(),
            r#"["event_batch",null,{"events":[]}]"#.to_string(),
            r#"{"type":"latency_detection","data":{"expected_receive_prompt_time":2.5}}"#
                .to_string(),
            r#"{"type":"sync_request","data":{}}"#.to_string(),
            r#"{"type":"surprise","data":{}}"#.to_string(),
            r#"{"data":{}}"#.to_string(),
            r#"{"type":"event_batch","data":{"events":[]}"#.to_string(),
        ];
        let mut batches = 0;
        for frame in captured.chain(edge) {
            let one = ServerPacket::decode(frame.as_bytes());
            assert_eq!(
                one,
                ServerPacket::decode_two_pass(frame.as_bytes()),
                "{frame}"
            );
            batches +=
                usize::from(matches!(&one, Ok(p) if matches!(p.body, ServerBody::EventBatch(_))));
        }
        assert!(batches >= 10, "only {batches} batches read");
    }

    /// The one-pass fast path gives exactly what reading each event from its
    /// raw text gives: escapes, icons, both time keys, unknown types and
    /// invalid data included.
    #[test]
    fn fast_batch_path_equals_the_raw_path() {
        let events = r#"[
            {"uid":"a\u0041","user_sub":"u","session_uid":"s","evtype":"join","journey_time":1.5,"icon":{"uid":"i","jwt":"j.w.t"},"data":{"name":"T\"im\n"}},
            {"uid":"b","evtype":"numeric_prompt_response","prompt_time":2,"data":{"rating":3}},
            {"uid":"c","evtype":"numeric_prompt_response","journey_time":2,"data":{}},
            {"uid":"d","evtype":"future_evtype","journey_time":3,"data":{"x":[1,{"y":null}]}},
            {"uid":"e","evtype":"like","journey_time":4,"extra":true}
        ]"#;
        let frame = format!(r#"{{"type":"event_batch","data":{{"events":{events}}}}}"#);
        let ServerBody::EventBatch(fast) = ServerPacket::decode(frame.as_bytes()).unwrap().body
        else {
            panic!("not a batch")
        };
        let raw: Vec<&RawValue> = serde_json::from_str(events).unwrap();
        let slow: Vec<Event> = raw.iter().map(|r| Event::from_raw(r).unwrap()).collect();
        assert_eq!(fast.events, slow);
        assert!(fast.malformed.is_empty());
        assert_eq!(fast.events.len(), 5);
    }
}
