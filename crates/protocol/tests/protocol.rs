//! Wire protocol: every captured real frame, every packet both ways, both
//! naming variants, and malformed input as error values.

use journeytop_protocol::client::fields_in_422_message;
use journeytop_protocol::*;
use serde_json::Value;

struct Frame {
    label: String,
    c2s: bool,
    raw: Option<String>,
}

fn frames() -> Vec<Frame> {
    include_str!("fixtures/captured-packets.jsonl")
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("fixture line is JSON");
            Frame {
                label: v["label"].as_str().unwrap_or_default().to_string(),
                c2s: v["direction"] == "c2s",
                raw: v["raw"].as_str().map(str::to_string),
            }
        })
        .collect()
}

#[test]
fn every_captured_server_frame_decodes_and_re_encodes_byte_for_byte() {
    let mut n = 0;
    for f in frames().iter().filter(|f| !f.c2s) {
        let Some(raw) = &f.raw else { continue };
        let packet =
            ServerPacket::decode(raw.as_bytes()).unwrap_or_else(|e| panic!("{}: {e}", f.label));
        assert!(
            packet
                .uid
                .as_deref()
                .is_some_and(|u| u.starts_with("oseh_packet_"))
        );
        assert!(
            !matches!(packet.body, ServerBody::Unknown { .. }),
            "{}",
            f.label
        );
        // The simulator writes exactly what the real journeys server wrote.
        assert_eq!(&packet.encode(Variant::Journeys), raw, "{}", f.label);
        // And binary frames carry the same JSON.
        assert_eq!(ServerPacket::decode(raw.as_bytes()).ok(), Some(packet));
        n += 1;
    }
    assert!(n >= 60, "only {n} server frames");
}

#[test]
fn captured_stream_has_typed_events() {
    let mut seen = std::collections::BTreeSet::new();
    for f in frames()
        .iter()
        .filter(|f| !f.c2s && f.label == "scenario:basic")
    {
        let Some(raw) = &f.raw else { continue };
        if let ServerBody::EventBatch(batch) = ServerPacket::decode(raw.as_bytes()).unwrap().body {
            assert!(batch.malformed.is_empty());
            for ev in batch.events {
                seen.insert(ev.data.evtype_str().to_string());
                assert!(ev.session_uid.is_some());
                if let EventData::Join { name } = &ev.data {
                    assert!(name.is_some());
                }
            }
        }
    }
    assert_eq!(seen.len(), 8, "all eight evtypes appear: {seen:?}");
}

#[test]
fn numeric_response_with_empty_data_is_an_invalid_event_not_an_error() {
    let f = frames()
        .into_iter()
        .find(|f| {
            f.label == "probe:bad-data"
                && f.raw.as_deref().is_some_and(|r| r.contains("event_batch"))
        })
        .unwrap();
    let ServerBody::EventBatch(batch) = ServerPacket::decode(f.raw.unwrap().as_bytes())
        .unwrap()
        .body
    else {
        panic!("not a batch")
    };
    assert!(matches!(
        &batch.events[0].data,
        EventData::Invalid(invalid) if invalid.evtype == EvType::NumericPromptResponse
    ));
}

#[test]
fn server_errors_decode_with_code_type_and_message() {
    for f in frames().iter().filter(|f| !f.c2s) {
        let Some(raw) = &f.raw else { continue };
        if let ServerBody::Error(e) = ServerPacket::decode(raw.as_bytes()).unwrap().body {
            let code: u16 = f.label[..3].parse().unwrap();
            assert_eq!(e.code, code, "{}", f.label);
            match code {
                403 => assert_eq!(
                    (e.kind.as_str(), e.message.as_str()),
                    ("forbidden", "invalid JWT")
                ),
                404 => assert_eq!(e.kind, "not_found"),
                422 => {
                    assert_eq!(e.kind, "unprocessable_entity");
                    assert!(!fields_in_422_message(&e.message).is_empty());
                }
                _ => panic!("unexpected code {code}"),
            }
        }
    }
}

#[test]
fn our_validation_writes_the_real_servers_422_messages() {
    let all = frames();
    let mut checked = 0;
    for (i, reply) in all.iter().enumerate() {
        let Some(text) = reply.raw.as_deref() else {
            continue;
        };
        if reply.c2s || !reply.label.starts_with("422") || !text.contains("\"error\"") {
            continue;
        }
        // The client frame the server answered: the last one before the reply.
        let sent = all[..i]
            .iter()
            .rev()
            .find(|f| f.c2s && f.label == reply.label)
            .unwrap();
        let raw = sent.raw.as_deref().unwrap();
        let kind = if raw.contains("sync_response") {
            ClientKind::SyncResponse
        } else {
            ClientKind::Authorize
        };
        let ServerBody::Error(err) = ServerPacket::decode(text.as_bytes()).unwrap().body else {
            panic!("not an error")
        };
        let ours = ClientPacket::decode(raw.as_bytes(), kind, Variant::Journeys).unwrap_err();
        if reply.label.contains("not JSON") {
            // Python's json error text differs from serde's; the shape matches.
            assert!(ours.to_string().starts_with(
                "1 validation error for ClientPacket[Literal['authorize'], AuthRequestPacketData]\n__root__\n"
            ));
        } else {
            assert_eq!(ours.to_string(), err.message, "{}", reply.label);
        }
        checked += 1;
    }
    assert_eq!(checked, 6);
}

#[test]
fn every_captured_client_frame_decodes_or_fails_like_the_server() {
    for f in frames().iter().filter(|f| f.c2s) {
        let raw = f.raw.as_deref().unwrap();
        let kind = if raw.contains("sync_response") {
            ClientKind::SyncResponse
        } else {
            ClientKind::Authorize
        };
        let result = ClientPacket::decode(raw.as_bytes(), kind, Variant::Journeys);
        let should_fail = f.label.starts_with("422")
            && (kind == ClientKind::SyncResponse || !f.label.contains("sync_response"));
        if raw.contains("\"ping\"") {
            continue; // a mid-stream packet, not a handshake packet
        }
        assert_eq!(result.is_err(), should_fail, "{}: {result:?}", f.label);
        if let Ok(ClientPacket::Authorize(a)) = result {
            assert!(a.uid.starts_with("oseh_j_"));
            assert!(!format!("{a:?}").contains(a.jwt.expose()));
        }
    }
}

fn sample_events(v: Variant) -> Vec<Event> {
    let batch = format!(
        r#"{{"events":[
        {{"uid":"e1","user_sub":"u1","session_uid":"s1","evtype":"join","{t}":1.5,"icon":{{"uid":"oseh_if_x","jwt":"img.jwt.x"}},"data":{{"name":"Tim"}}}},
        {{"uid":"e2","user_sub":null,"session_uid":null,"evtype":"like","{t}":2.0,"icon":null,"data":{{}}}},
        {{"uid":"e3","evtype":"numeric_prompt_response","{t}":2.5,"data":{{"rating":7}}}},
        {{"uid":"e4","evtype":"press_prompt_start_response","{t}":3.0,"data":{{}}}},
        {{"uid":"e5","evtype":"press_prompt_end_response","{t}":3.5,"data":{{}}}},
        {{"uid":"e6","evtype":"color_prompt_response","{t}":4.0,"data":{{"index":2}}}},
        {{"uid":"e7","evtype":"word_prompt_response","{t}":4.5,"data":{{"index":1}}}},
        {{"uid":"e8","evtype":"leave","{t}":5.0,"data":{{"name":"Tim"}}}},
        {{"uid":"e9","evtype":"confetti","{t}":5.5,"data":{{"amount":3}}}},
        {{"uid":"e10","evtype":"word_prompt_response","{t}":6.0,"data":{{"index":"one"}}}}
        ]}}"#,
        t = v.time_field()
    );
    let packet =
        format!(r#"{{"success":true,"type":"event_batch","uid":"oseh_packet_1","data":{batch}}}"#);
    let ServerBody::EventBatch(b) = ServerPacket::decode(packet.as_bytes()).unwrap().body else {
        panic!()
    };
    assert!(b.malformed.is_empty());
    b.events
}

#[test]
fn every_server_packet_round_trips_in_both_variants() {
    for v in Variant::ALL {
        let events = sample_events(v);
        assert_eq!(events.len(), 10);
        assert!(matches!(events[8].data, EventData::Unknown(_)));
        assert!(matches!(
            &events[9].data,
            EventData::Invalid(invalid) if invalid.evtype == EvType::WordPromptResponse
        ));
        let packets = [
            ServerBody::SyncRequest,
            ServerBody::AuthResponse,
            ServerBody::EventBatch(EventBatch {
                events,
                malformed: vec![],
            }),
            ServerBody::LatencyDetection {
                expected_receive_time: -1.25,
            },
            ServerBody::Error(ServerError {
                code: 404,
                kind: "not_found".into(),
                message: "gone".into(),
            }),
        ];
        for body in packets {
            let p = ServerPacket {
                uid: Some("oseh_packet_abc".into()),
                body,
            };
            let text = p.encode(v);
            // The other variant's names never leak in.
            let other = Variant::ALL.into_iter().find(|o| *o != v).unwrap();
            assert!(
                !text.contains(&format!("\"{}\"", other.time_field())),
                "{text}"
            );
            assert!(!text.contains(other.latency_field()), "{text}");
            assert_eq!(
                ServerPacket::decode(text.as_bytes()).unwrap(),
                p,
                "{v}: {text}"
            );
        }
    }
}

/// A batch spliced from events encoded one by one is byte for byte the
/// batch encoded whole: for every captured batch, and for every kind of
/// event in both variants (so a server may encode each event once).
#[test]
fn spliced_batches_equal_whole_batches_byte_for_byte() {
    let splice = |p: &ServerPacket, v: Variant| {
        let ServerBody::EventBatch(b) = &p.body else {
            return None;
        };
        let wires: Vec<String> = b.events.iter().map(|e| e.encode_wire(v)).collect();
        let wires: Vec<&str> = wires.iter().map(String::as_str).collect();
        Some(encode_event_batch(p.uid.as_deref(), &wires, v))
    };
    let mut captured = 0;
    for f in frames().iter().filter(|f| !f.c2s) {
        let Some(raw) = &f.raw else { continue };
        let packet = ServerPacket::decode(raw.as_bytes()).unwrap();
        if let Some(text) = splice(&packet, Variant::Journeys) {
            assert_eq!(&text, raw, "{}", f.label);
            captured += 1;
        }
    }
    assert!(captured >= 10, "only {captured} captured batches");
    for v in Variant::ALL {
        for (uid, events) in [
            (Some("oseh_packet_a\"b"), sample_events(v)),
            (None, sample_events(v)[..1].to_vec()),
            (Some("oseh_packet_empty"), vec![]),
        ] {
            let p = ServerPacket {
                uid: uid.map(str::to_string),
                body: ServerBody::EventBatch(EventBatch {
                    events,
                    malformed: vec![],
                }),
            };
            assert_eq!(splice(&p, v), Some(p.encode(v)), "{v}");
        }
    }
}

#[test]
fn interactive_variant_is_compact_and_journeys_is_spaced() {
    let p = ServerPacket {
        uid: Some("oseh_packet_x".into()),
        body: ServerBody::SyncRequest,
    };
    assert_eq!(
        p.encode(Variant::InteractivePrompts),
        r#"{"success":true,"type":"sync_request","uid":"oseh_packet_x","data":{}}"#
    );
    assert_eq!(
        p.encode(Variant::Journeys),
        r#"{"success": true, "type": "sync_request", "uid": "oseh_packet_x", "data": {}}"#
    );
}

#[test]
fn client_packets_round_trip_in_both_variants() {
    for v in Variant::ALL {
        let auth = ClientPacket::Authorize(Authorize {
            uid: format!("{}abc", v.uid_prefix()),
            jwt: Jwt::new("header.payload.sig"),
            bandwidth: 100,
            lookback: 3.0,
            lookahead: 2.5,
        });
        let text = auth.encode(v);
        assert!(text.contains(v.uid_field()));
        assert_eq!(
            ClientPacket::decode(text.as_bytes(), ClientKind::Authorize, v).unwrap(),
            auth
        );
        let sync = ClientPacket::SyncResponse(SyncResponse {
            receive_timestamp: -1.5,
            transmit_timestamp: -1.25,
        });
        assert_eq!(
            ClientPacket::decode(sync.encode(v).as_bytes(), ClientKind::SyncResponse, v).unwrap(),
            sync
        );
        // The wrong variant's uid field is a missing field.
        let other = Variant::ALL.into_iter().find(|o| *o != v).unwrap();
        let err = ClientPacket::decode(text.as_bytes(), ClientKind::Authorize, other).unwrap_err();
        assert_eq!(err.fields(), vec![other.uid_field()]);
    }
}

#[test]
fn handshake_validation_rules() {
    let v = Variant::Journeys;
    let auth = |bw: &str, lb: &str, la: &str| {
        format!(
            r#"{{"type":"authorize","data":{{"journey_uid":"oseh_j_x","jwt":"ab","bandwidth":{bw},"lookback":{lb},"lookahead":{la}}}}}"#
        )
    };
    let ok = |s: String| ClientPacket::decode(s.as_bytes(), ClientKind::Authorize, v).is_ok();
    assert!(ok(auth("1", "0", "10")));
    assert!(ok(auth("5000", "10", "0")));
    assert!(!ok(auth("0", "3", "3")));
    assert!(!ok(auth("5001", "3", "3")));
    assert!(!ok(auth("1.5", "3", "3")));
    assert!(!ok(auth("100", "-0.1", "3")));
    assert!(!ok(auth("100", "3", "10.5")));
    let short_jwt = r#"{"type":"authorize","data":{"journey_uid":"oseh_j_x","jwt":"a","bandwidth":1,"lookback":1,"lookahead":1}}"#;
    let err = ClientPacket::decode(short_jwt.as_bytes(), ClientKind::Authorize, v).unwrap_err();
    assert_eq!(err.fields(), vec!["jwt"]);
    let sync = r#"{"type":"sync_response","data":{"receive_timestamp":5,"transmit_timestamp":4}}"#;
    let err = ClientPacket::decode(sync.as_bytes(), ClientKind::SyncResponse, v).unwrap_err();
    assert_eq!(err.fields(), vec!["transmit_timestamp"]);
}

#[test]
fn malformed_frames_are_errors_not_panics() {
    for bad in [
        "",
        "not json",
        "[]",
        "{}",
        r#"{"type":"event_batch","data":{"events":"x"}}"#,
        r#"{"type":"latency_detection","data":{}}"#,
        r#"{"type":"error","data":{"code":"x"}}"#,
    ] {
        assert!(ServerPacket::decode(bad.as_bytes()).is_err(), "{bad}");
    }
    let unknown =
        ServerPacket::decode(br#"{"success":true,"type":"future_thing","uid":"p","data":{"a":1}}"#)
            .unwrap();
    assert_eq!(
        unknown.body,
        ServerBody::Unknown {
            kind: "future_thing".into()
        }
    );
    // One broken event does not sink its batch.
    let batch = br#"{"type":"event_batch","data":{"events":[{"uid":"a","evtype":"like","journey_time":1,"data":{}},{"evtype":"like"},{"uid":"c","evtype":"like","journey_time":"x","data":{}}]}}"#;
    let ServerBody::EventBatch(b) = ServerPacket::decode(batch).unwrap().body else {
        panic!()
    };
    assert_eq!((b.events.len(), b.malformed.len()), (1, 2));
}

proptest::proptest! {
    /// The vector UTF-8 check answers exactly as the standard library's:
    /// on text, on text with a byte changed or cut, on any bytes.
    #[test]
    fn utf8_answers_as_the_standard_check(
        text in "\\PC{0,80}",
        at in 0usize..400,
        byte in proptest::prelude::any::<u8>(),
        noise in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
    ) {
        let mut bytes = text.repeat(4).into_bytes();
        proptest::prop_assert_eq!(utf8(&bytes), std::str::from_utf8(&bytes).ok());
        if let Some(b) = bytes.get_mut(at) {
            *b = byte;
        }
        proptest::prop_assert_eq!(utf8(&bytes), std::str::from_utf8(&bytes).ok());
        bytes.truncate(at);
        proptest::prop_assert_eq!(utf8(&bytes), std::str::from_utf8(&bytes).ok());
        proptest::prop_assert_eq!(utf8(&noise), std::str::from_utf8(&noise).ok());
    }
}
