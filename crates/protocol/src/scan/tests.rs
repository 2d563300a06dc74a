use super::*;
use crate::packet::{ServerBody, ServerPacket};
use proptest::prelude::*;

/// The server frames captured from the real server.
fn captured() -> Vec<String> {
    include_str!("../../tests/fixtures/captured-packets.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["direction"] == "s2c")
        .filter_map(|v| v["raw"].as_str().map(str::to_string))
        .collect()
}

/// Where the known-shape reader answers for a frame, serde answers the same.
fn agrees(frame: &str) -> bool {
    match event_batch_frame(frame, Posters::Keep) {
        None => false,
        Some((uid, events)) => {
            let serde = ServerPacket::decode_serde(frame.as_bytes(), Some(frame));
            let known = ServerPacket {
                uid,
                body: ServerBody::EventBatch(crate::EventBatch {
                    events,
                    malformed: Vec::new(),
                }),
            };
            assert_eq!(Ok(known), serde, "{frame}");
            true
        }
    }
}

#[test]
fn every_captured_batch_reads_as_serde_reads_it() {
    let frames = captured();
    let batches = frames.iter().filter(|f| f.contains("event_batch")).count();
    let read = frames.iter().filter(|f| agrees(f)).count();
    // The captured server sends escapes in a few names and `{}` for a
    // numeric response that failed validation: those are left to serde.
    assert!(
        batches >= 10 && read * 10 >= batches * 8,
        "{read} of {batches}"
    );
}

#[test]
fn what_it_does_not_know_it_leaves_to_serde() {
    let ev = |body: &str| {
        format!(
            r#"{{"type":"event_batch","data":{{"events":[{{"uid":"e","evtype":"like","journey_time":1.0{body}}}]}}}}"#
        )
    };
    assert!(agrees(&ev("")));
    for odd in [
        r#","extra":1"#,
        r#","uidx":"a""#,
        r#","dat":{}"#,
        r#","\u0064ata":{}"#,
        r#","uid":"again""#,
        r#","prompt_time":2.0"#,
        r#","data":{"x":1}"#,
        r#","user_sub":"a\"b""#,
        r#","session_uid":7"#,
        r#","icon":{"uid":"i"}"#,
        r#","icon":{"uid":"i","jwt":"j","x":1}"#,
    ] {
        assert_eq!(event_batch_frame(&ev(odd), Posters::Keep), None, "{odd}");
    }
    for time in [
        "01", "1.", ".5", "+1", "1e", "-0", "1e400", "1e-400", "NaN", "1x",
    ] {
        let frame = ev("").replace("1.0", time);
        assert_eq!(event_batch_frame(&frame, Posters::Keep), None, "{time}");
    }
    let typed = |evtype: &str, data: &str| {
        format!(
            r#"{{"type":"event_batch","data":{{"events":[{{"uid":"e","evtype":"{evtype}","journey_time":1,"data":{data}}}]}}}}"#
        )
    };
    for (evtype, data) in [
        ("numeric_prompt_response", "{}"),
        ("numeric_prompt_response", r#"{"rating":3.0}"#),
        (
            "numeric_prompt_response",
            r#"{"rating":99999999999999999999}"#,
        ),
        ("color_prompt_response", r#"{"rating":1}"#),
        ("future_evtype", "{}"),
        ("join", r#"{"name":"a","name":"b"}"#),
        ("like", r#"{"name":"a"}"#),
    ] {
        assert_eq!(
            event_batch_frame(&typed(evtype, data), Posters::Keep),
            None,
            "{evtype} {data}"
        );
    }
    for (evtype, data) in [
        ("numeric_prompt_response", r#"{"rating":-3}"#),
        ("word_prompt_response", r#"{ "index" : 2 }"#),
        ("join", r#"{"name":null}"#),
        ("join", "null"),
        ("leave", r#"{"name":"Zoë 😀"}"#),
        ("press_prompt_end_response", "{}"),
    ] {
        assert!(agrees(&typed(evtype, data)), "{evtype} {data}");
    }
    for frame in [
        r#"{"type":"event_batch","data":{"events":[]}} x"#,
        r#"{"type":"event_batch","type":"event_batch","data":{"events":[]}}"#,
        r#"{"type":"latency_detection","data":{"expected_receive_journey_time":1.0}}"#,
        r#"{"type":"event_batch","data":{"events":[],"more":1}}"#,
        r#"{"type":"event_batch"}"#,
    ] {
        assert_eq!(event_batch_frame(frame, Posters::Keep), None, "{frame}");
    }
}

/// One event in the server's shape from its parts, the time written as
/// given and the members in the order given.
fn event_text(fields: &[(usize, String)], order: &[usize]) -> String {
    let members: Vec<&str> = order
        .iter()
        .filter_map(|i| fields.iter().find(|(k, _)| k == i).map(|(_, s)| s.as_str()))
        .collect();
    format!("{{{}}}", members.join(", "))
}

fn string_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_-]{0,24}".prop_map(|s| format!("\"{s}\"")),
        "[ -~é😀]{0,8}".prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
        Just("null".to_string()),
        Just("\"a\\u0041\"".to_string()),
    ]
}

fn number_value() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..100_000, 0u32..1000).prop_map(|(a, b)| format!("{a}.{b:03}")),
        any::<f64>().prop_map(|x| serde_json::to_string(&x).unwrap_or_default()),
        any::<i64>().prop_map(|x| x.to_string()),
        "-?[0-9]{1,3}(\\.[0-9]{0,3})?([eE][+-]?[0-9]{0,3})?",
    ]
}

fn event_strategy() -> impl Strategy<Value = String> {
    let evtypes = prop::sample::select(vec![
        "join",
        "leave",
        "like",
        "numeric_prompt_response",
        "press_prompt_start_response",
        "press_prompt_end_response",
        "color_prompt_response",
        "word_prompt_response",
        "surprise",
    ]);
    let data = prop_oneof![
        Just("{}".to_string()),
        Just("null".to_string()),
        string_value().prop_map(|s| format!("{{\"name\": {s}}}")),
        number_value().prop_map(|n| format!("{{\"rating\":{n}}}")),
        number_value().prop_map(|n| format!("{{\"index\": {n}}}")),
        Just(r#"{"index":1,"rating":2}"#.to_string()),
    ];
    let icon = prop_oneof![
        Just("null".to_string()),
        (string_value(), string_value()).prop_map(|(u, j)| format!("{{\"uid\":{u},\"jwt\":{j}}}")),
    ];
    (
        string_value(),
        string_value(),
        string_value(),
        evtypes,
        number_value(),
        prop::bool::ANY,
        icon,
        data,
        Just((0..8).collect::<Vec<usize>>()).prop_shuffle(),
        prop::collection::vec(prop::bool::weighted(0.9), 8),
    )
        .prop_map(
            |(uid, sub, session, evtype, time, prompt, icon, data, order, present)| {
                let time_key = if prompt {
                    "prompt_time"
                } else {
                    "journey_time"
                };
                let fields = [
                    (0, format!("\"uid\": {uid}")),
                    (1, format!("\"user_sub\": {sub}")),
                    (2, format!("\"session_uid\": {session}")),
                    (3, format!("\"evtype\": \"{evtype}\"")),
                    (4, format!("\"{time_key}\": {time}")),
                    (5, format!("\"icon\": {icon}")),
                    (6, format!("\"data\": {data}")),
                    // Now and then a second time member.
                    (7, "\"journey_time\": 1.5".to_string()),
                ];
                let kept: Vec<(usize, String)> = fields
                    .into_iter()
                    .filter(|(i, _)| present[*i] != (*i == 7))
                    .collect();
                event_text(&kept, &order)
            },
        )
}

/// An event of the known shape, members in any order, values of any kind
/// the shape allows.
fn known_event_strategy() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        "[a-zA-Z0-9_-]{0,33}".prop_map(|s| format!("\"{s}\"")),
        "[a-z é😀ß.!]{0,12}".prop_map(|s| format!("\"{s}\"")),
    ];
    let text_or_null = prop_oneof![4 => text.clone(), 1 => Just("null".to_string())];
    let time = prop_oneof![
        (0u32..100_000, 0u32..1000).prop_map(|(a, b)| format!("{a}.{b:03}")),
        (0.0f64..1e6).prop_map(|x| serde_json::to_string(&x).unwrap_or_default()),
        (-5i64..100_000).prop_map(|x| x.to_string()),
        (1u32..9, -5i32..5).prop_map(|(a, e)| format!("{a}.5e{e}")),
    ];
    let int = any::<i64>().prop_map(|x| x.to_string());
    let data = prop_oneof![
        Just(("like", "{}".to_string())),
        Just(("press_prompt_start_response", "null".to_string())),
        Just(("press_prompt_end_response", "{ }".to_string())),
        text_or_null
            .clone()
            .prop_map(|n| ("join", format!("{{\"name\": {n}}}"))),
        text_or_null
            .clone()
            .prop_map(|n| ("leave", format!("{{\"name\":{n}}}"))),
        int.clone()
            .prop_map(|n| ("numeric_prompt_response", format!("{{\"rating\": {n}}}"))),
        int.clone()
            .prop_map(|n| ("color_prompt_response", format!("{{\"index\":{n}}}"))),
        int.prop_map(|n| ("word_prompt_response", format!("{{ \"index\" : {n} }}"))),
    ];
    let icon = prop_oneof![
        Just("null".to_string()),
        (text.clone(), text.clone()).prop_map(|(u, j)| format!("{{\"jwt\": {j}, \"uid\": {u}}}")),
    ];
    (
        text,
        text_or_null.clone(),
        text_or_null,
        data,
        time,
        prop::bool::ANY,
        icon,
        Just((0..7).collect::<Vec<usize>>()).prop_shuffle(),
        prop::collection::vec(prop::bool::weighted(0.8), 7),
    )
        .prop_map(
            |(uid, sub, session, (evtype, data), time, prompt, icon, order, present)| {
                let time_key = if prompt {
                    "prompt_time"
                } else {
                    "journey_time"
                };
                let fields = [
                    (0, format!("\"uid\":{uid}")),
                    (1, format!("\"user_sub\": {sub}")),
                    (2, format!("\"session_uid\" :{session}")),
                    (3, format!("\"evtype\": \"{evtype}\"")),
                    (4, format!("\"{time_key}\": {time}")),
                    (5, format!("\"icon\": {icon}")),
                    (6, format!("\"data\": {data}")),
                ];
                // uid, evtype, time and (for most evtypes) data are needed.
                let kept: Vec<(usize, String)> = fields
                    .into_iter()
                    .filter(|(i, _)| present[*i] || [0, 3, 4, 6].contains(i))
                    .collect();
                event_text(&kept, &order)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Every event of the known shape is read by the reader, as serde
    /// reads it.
    #[test]
    fn known_events_are_read_and_read_as_serde_reads_them(
        events in prop::collection::vec(known_event_strategy(), 0..6),
        spaced in prop::bool::ANY,
    ) {
        let sep = if spaced { ", " } else { "," };
        let frame = format!(
            r#"{{"success": true, "type": "event_batch", "uid": null, "data": {{"events": [{}]}}}}"#,
            events.join(sep)
        );
        prop_assert!(agrees(&frame), "not read: {}", frame);
    }

    /// Events of every shape, well formed or not, in any member order: the
    /// reader answers as serde does or leaves the frame to it.
    #[test]
    fn generated_events_read_as_serde_reads_them(
        events in prop::collection::vec(event_strategy(), 1..6),
        spaced in prop::bool::ANY,
    ) {
        let sep = if spaced { ", " } else { "," };
        let frame = format!(
            r#"{{"success": true, "type": "event_batch", "uid": "p", "data": {{"events": [{}]}}}}"#,
            events.join(sep)
        );
        agrees(&frame);
    }

    /// Captured frames with bytes changed, added or taken away: wherever
    /// the reader still answers, it answers as serde does.
    #[test]
    fn mutated_frames_read_as_serde_reads_them(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), 0u8..3, prop::sample::select(
                b" \t\n{}[]:,\"\\0123456789.-eE+nulltruefalseabc".to_vec())),
            1..4,
        ),
    ) {
        let frames: Vec<String> = captured().into_iter().filter(|f| f.contains("event_batch")).collect();
        let mut bytes = pick.get(&frames).clone().into_bytes();
        for (at, how, byte) in edits {
            let i = at.index(bytes.len() + 1);
            match how {
                0 => bytes.insert(i, byte),
                1 if i < bytes.len() => { bytes.remove(i); }
                _ if i < bytes.len() => bytes[i] = byte,
                _ => {}
            }
        }
        if let Ok(frame) = String::from_utf8(bytes) {
            agrees(&frame);
        }
    }
}

#[test]
fn an_array_reads_whole_or_not_at_all() {
    let one = r#"{"uid":"a","evtype":"like","journey_time":1}"#;
    let two = format!("[{one}, {one}]");
    let mut r = Reader::new(&two);
    assert_eq!(r.events(Posters::Keep).map(|e| e.len()), Some(2));
    assert!(r.at_end());
    assert_eq!(
        Reader::new(&format!("[{one},]")).events(Posters::Keep),
        None
    );
    assert_eq!(
        Reader::new(&format!("[{one} {one}]")).events(Posters::Keep),
        None
    );
    assert_eq!(Reader::new("[").events(Posters::Keep), None);
    assert_eq!(Reader::new(" [ ] ").events(Posters::Keep), Some(vec![]));
}

#[test]
fn posters_are_kept_or_skipped() {
    let text = r#"[{"uid":"a","user_sub":"u","session_uid":"s","evtype":"join","journey_time":1,"icon":{"uid":"i","jwt":" j.w.t "},"data":{"name":"N"}}]"#;
    let kept = Reader::new(text).events(Posters::Keep).unwrap_or_default();
    let serde: Vec<Event> = serde_json::from_str::<crate::EventList>(text)
        .map(|l| l.events)
        .unwrap_or_default();
    assert_eq!(kept, serde);
    assert_eq!(kept[0].icon.as_ref().map(|i| i.jwt.expose()), Some("j.w.t"));
    let skipped = Reader::new(text).events(Posters::Skip).unwrap_or_default();
    let serde: Vec<Event> = serde_json::from_str::<crate::EventListWithoutPosters>(text)
        .map(|l| l.0.events)
        .unwrap_or_default();
    assert_eq!(skipped, serde);
    assert_eq!(
        (skipped[0].user_sub.as_ref(), skipped[0].icon.as_ref()),
        (None, None)
    );
    assert_eq!(skipped[0].session_uid.as_deref(), Some("s"));
}

proptest! {
    /// The word-at-a-time search stops where a byte-at-a-time one does.
    #[test]
    fn plain_len_stops_at_the_first_quote_backslash_or_control(
        bytes in prop::collection::vec(prop_oneof![
            6 => 0x20u8..0x7f, 1 => Just(b'"'), 1 => Just(b'\\'), 1 => 0u8..0x20, 2 => 0x80u8..=0xff
        ], 0..40),
    ) {
        let slow = bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(bytes.len());
        prop_assert_eq!(plain_len(&bytes), slow);
    }
}

/// Decoding without posters is decoding with them, then dropping them:
/// for frames the known-shape reader reads and for those it leaves to serde.
#[test]
fn decoding_without_posters_drops_exactly_the_posters() {
    let mut frames = captured();
    // An escape sends this one to serde.
    frames.push(r#"{"type":"event_batch","data":{"events":[{"uid":"e\u0041","user_sub":"u","evtype":"like","journey_time":1,"icon":{"uid":"i","jwt":"j"}}]}}"#.to_string());
    let mut posters_seen = 0;
    for frame in &frames {
        let mut kept = ServerPacket::decode(frame.as_bytes());
        if let Ok(ServerPacket {
            body: ServerBody::EventBatch(b),
            ..
        }) = &mut kept
        {
            for ev in &mut b.events {
                posters_seen += usize::from(ev.user_sub.is_some() || ev.icon.is_some());
                ev.user_sub = None;
                ev.icon = None;
            }
        }
        assert_eq!(
            ServerPacket::decode_with(frame.as_bytes(), Posters::Skip),
            kept,
            "{frame}"
        );
    }
    assert!(posters_seen > 10, "{posters_seen}");
}

/// Numbers as the grammar allows them, short and long, with and without
/// a fraction, an exponent or a sign, and some that are not numbers.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..100_000, 0u32..1_000_000).prop_map(|(a, b)| format!("{a}.{b}")),
        (0u64..=u64::MAX, 0u32..4).prop_map(|(a, z)| format!("{a}.{}1", "0".repeat(z as usize))),
        any::<f64>().prop_map(|x| serde_json::to_string(&x).unwrap_or_default()),
        any::<i64>().prop_map(|x| x.to_string()),
        "-?[0-9]{1,20}(\\.[0-9]{0,20})?([eE][+-]?[0-9]{0,3})?",
        "[0-9.eE+-]{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// The fast paths for short decimals and integers read exactly what a
    /// full parse reads, and take only what they can read exactly.
    #[test]
    fn number_fast_paths_read_as_a_full_parse(text in number_text(), after in "[,}\\] ]?") {
        let framed = format!("{text}{after}");
        if let Some((x, len)) = exact_decimal(framed.as_bytes()) {
            prop_assert_eq!(len, text.len());
            let full: f64 = text.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(x.to_bits(), full.to_bits(), "{}", text);
            prop_assert_eq!(Reader::new(&framed).float(), Some(x));
        }
        if let Some((n, len)) = small_integer(framed.as_bytes()) {
            prop_assert_eq!(len, text.len());
            prop_assert_eq!(Some(n), text.parse::<i64>().ok(), "{}", text);
        }
        // Where the grammar has a number, the reader answers as serde does.
        let serde_float = serde_json::from_str::<f64>(&text).ok().filter(|x| x.is_finite());
        if let Some(x) = Reader::new(&framed).float() {
            prop_assert_eq!(Some(x.to_bits()), serde_float.map(f64::to_bits), "{}", text);
        }
    }
}

/// Times as the server writes them take the fast path; what it cannot
/// read exactly does not.
#[test]
fn short_decimals_take_the_fast_path() {
    for (text, want) in [
        ("0", 0.0),
        ("12.345", 12.345),
        ("1090.0", 1090.0),
        ("0.001", 0.001),
    ] {
        assert_eq!(
            exact_decimal(text.as_bytes()),
            Some((want, text.len())),
            "{text}"
        );
    }
    for text in [
        "-1.5",
        "1e3",
        "01",
        "1.",
        ".5",
        "12345678901234567",
        "9007199254740993",
    ] {
        assert_eq!(exact_decimal(text.as_bytes()), None, "{text}");
    }
    assert_eq!(small_integer(b"-42,"), Some((-42, 3)));
    assert_eq!(small_integer(b"-0"), Some((0, 2)));
    for text in ["1.0", "01", "-", "1234567890123456789", "7x"] {
        assert_eq!(small_integer(text.as_bytes()), None, "{text}");
    }
}
