//! The fuzz targets' properties (fuzz/, cargo-fuzz) on fixed inputs, and a
//! home for every crash the fuzzers find: each one becomes a case here.
//! The runs recorded in docs/PERFORMANCE.md found no crash; the cases below
//! are the hostile seeds the fuzzers started from.

// The fuzz targets' own properties (one copy each, in fuzz/properties/).
#[path = "../fuzz/properties/engine.rs"]
mod engine;
#[path = "../fuzz/properties/journey_file.rs"]
mod journey_file;
#[path = "../fuzz/properties/recording.rs"]
mod recording;
#[path = "../fuzz/properties/sanitize.rs"]
mod sanitize;
#[path = "../fuzz/properties/stats_fit.rs"]
mod stats_fit;

use journeytop_protocol::*;

#[test]
fn sanitizer_on_hostile_text() {
    for (max, text) in [
        (
            20,
            "\u{1b}[2J\u{1b}[31mMallory\u{1b}]0;pwned\u{7}\u{9b}1m\r\n",
        ),
        (0, "Émile 陈静 \u{202e}evil"),
        (1, "陈静"),
        (3, "a\tb\nc\u{7f}\u{85}\u{9c}"),
        (5, "\u{1b}P+q\u{1b}\\ok\u{1b}"),
        (9, "\u{9d}8;;http://x\u{9c}link\u{1b}[\u{1b}[m"),
        (255, "\u{1b}\u{1b}\u{1b}[[[\u{90}\u{1b}\u{1b}\\"),
        (
            12,
            "soft\u{ad}hy\u{200b}\u{200d}\u{2060}\u{2064}\u{feff}\u{fffa}\u{e0041}\u{e007f}\u{3164}\u{115f}\u{ffa0}\u{61c}\u{2066}\u{2028}x",
        ),
        (
            2,
            "\u{fe0f}\u{34f}\u{17b4}\u{180e}\u{1d173}\u{13430}\u{e0100}",
        ),
    ] {
        sanitize::holds(&[&[max], text.as_bytes()].concat());
    }
    sanitize::holds(&[&[4][..], &[0xff, 0xfe, 0x1b, b'[', 0xc2, 0x9b, b'x']].concat());
    // A long name: bounded and for_log cut it by cells and by bytes.
    sanitize::holds(&[&[7][..], "陈静\u{ad}".repeat(5000).as_bytes()].concat());
    sanitize::holds(&[&[200][..], "🙂\u{200b}".repeat(2000).as_bytes()].concat());
    // Every Cc, Cf, bidi and default-ignorable code point at once.
    let all: String = (0..=0x10ffff_u32)
        .filter_map(char::from_u32)
        .filter(|c| {
            use journeytop_protocol::text::{is_bidi, is_default_ignorable, is_format};
            c.is_control() || is_bidi(*c) || is_format(*c) || is_default_ignorable(*c)
        })
        .collect();
    sanitize::holds(&[&[255][..], all.as_bytes()].concat());
    assert_eq!(journeytop_protocol::text::sanitize(&all).trim(), "");
}

#[test]
fn journey_files_and_prompts_hold_the_validators_limits() {
    let words = |n: usize, len: usize| serde_json::to_string(&vec!["w".repeat(len); n]).unwrap();
    let cases = [
        r##"{"style":"color","text":"c","colors":["#aabbcc","#00ff00"]}"##.to_string(),
        r##"{"style":"color","text":"c","colors":["#zzzzzz","#00ff00"]}"##.to_string(),
        r#"{"style":"numeric","text":"n","min":0,"max":1000000000,"step":1}"#.to_string(),
        r#"{"style":"numeric","text":"n","min":-9223372036854775808,"max":9223372036854775807,"step":1}"#.to_string(),
        r#"{"style":"numeric","text":"n","min":990,"max":1000,"step":1}"#.to_string(),
        format!(r#"{{"style":"word","text":"w","options":{}}}"#, words(8, 45)),
        format!(r#"{{"style":"word","text":"w","options":{}}}"#, words(9, 4)),
        format!(r#"{{"style":"word","text":"w","options":{}}}"#, words(3, 46)),
        format!(r#"{{"style":"press","text":"{}"}}"#, "t".repeat(76)),
        format!(
            r#"{{"uid":"oseh_ip_x","jwt":"a.b.c","duration_seconds":20,"prompt":{{"style":"word","text":"w","options":{}}}}}"#,
            words(2, 1)
        ),
        r#"{"uid":"oseh_ip_x","jwt":"a.b.c","duration_seconds":1e300,"prompt":{"style":"press","text":"p"}}"#.to_string(),
    ];
    for text in &cases {
        journey_file::holds(text.as_bytes());
    }
    assert!(Prompt::from_json(&cases[0]).is_ok() && Prompt::from_json(&cases[1]).is_err());
}

#[test]
fn stats_responses_fit_to_every_prompt() {
    let many: String = (0..2000)
        .map(|i| format!(r#""{i}":1"#))
        .collect::<Vec<_>>()
        .join(",");
    let bodies = [
        r#"{"journey_time":1.0,"bin_width":0.6,"users":3,"likes":1,"numeric_active":{"1":3,"5":120,"99":4,"x":1,"-1":2},"press_active":2,"press":3,"color_active":[1,2,3],"word_active":null}"#.to_string(),
        r#"{"prompt_time":7.7,"bin_width":0.6,"users":1,"likes":0,"numeric_active":null,"press_active":null,"press":null,"color_active":[1,2,3,4,5,6,7,8,9,10],"word_active":[]}"#.to_string(),
        format!(r#"{{"journey_time":0,"bin_width":1,"users":0,"likes":0,"numeric_active":{{{many}}},"press_active":null,"press":null,"color_active":null,"word_active":[{}]}}"#, vec!["1"; 100].join(",")),
    ];
    let prompts = [
        None,
        Some(Prompt::default_for(Style::Numeric)),
        Some(Prompt::default_for(Style::Press)),
        Some(Prompt::default_for(Style::Color)),
        Some(Prompt::default_for(Style::Word)),
    ];
    for body in &bodies {
        for p in &prompts {
            stats_fit::fits(p.as_ref(), body.as_bytes());
            // The fuzzer's own form: the first byte picks the prompt.
            for head in 0..6u8 {
                stats_fit::holds(&[&[head][..], body.as_bytes()].concat());
            }
        }
    }
}

#[test]
fn engine_on_odd_frames() {
    let mut data = vec![1u8];
    for (step, frame) in [
        (
            0u8,
            r#"{"type":"event_batch","data":{"events":[{"uid":"a","session_uid":"s","evtype":"press_prompt_end_response","journey_time":1,"data":{}}]}}"#,
        ),
        (
            16,
            r#"{"type":"event_batch","data":{"events":[{"uid":"b","session_uid":"s","evtype":"leave","journey_time":1e300,"data":{}},{"uid":"c","session_uid":"s","evtype":"leave","journey_time":-1e300,"data":{"name":null}}]}}"#,
        ),
        (
            255,
            r#"{"type":"latency_detection","data":{"expected_receive_journey_time":1e308}}"#,
        ),
        (
            1,
            r#"{"type":"event_batch","data":{"events":[{"uid":"a","evtype":"press_prompt_end_response","journey_time":2,"data":{}}]}}"#,
        ),
        (
            1,
            r#"{"type":"event_batch","data":{"events":[{"uid":"d","evtype":"numeric_prompt_response","journey_time":40,"data":{"rating":9223372036854775807}}]}}"#,
        ),
        (1, "not json"),
        (1, r#"{"type":"new_kind"}"#),
        (
            3,
            r#"{"journey_time":-5,"bin_width":0,"users":-9223372036854775808,"likes":-1,"numeric_active":{"x":1,"-3":-2,"99999999999":5},"press_active":-1,"press":null,"color_active":[-1,2],"word_active":[]}"#,
        ),
    ] {
        data.push(step);
        data.extend_from_slice(frame.as_bytes());
        data.push(b'\n');
    }
    for head in [0, 1, 2, 3, 4, 0x25, 0x46, 0x87, 0xc8, 0xe9] {
        data[0] = head;
        engine::holds(&data);
    }
}

#[test]
fn decoded_packets_encode_and_decode_again() {
    let fixtures = include_str!("../crates/protocol/tests/fixtures/captured-packets.jsonl");
    let (mut from_server, mut decoded) = (0, 0);
    for line in fixtures.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let Some(raw) = row["raw"].as_str() else {
            continue;
        };
        from_server += usize::from(row["direction"] == "s2c");
        if let Ok(p) = ServerPacket::decode(raw.as_bytes()) {
            for v in Variant::ALL {
                // What we write reads back as the same packet, and writes
                // back to the same bytes.
                let bytes = p.encode(v);
                let again = ServerPacket::decode(bytes.as_bytes())
                    .unwrap_or_else(|e| panic!("{bytes}: {e}"));
                assert_eq!(again.kind(), p.kind(), "{bytes}");
                assert_eq!(again.encode(v), bytes);
            }
            decoded += usize::from(row["direction"] == "s2c");
        }
    }
    // Not vacuous: every frame the real server sent decodes.
    assert!(from_server > 0);
    assert_eq!(decoded, from_server, "server frames that did not decode");
}

#[test]
fn recording_on_hostile_files() {
    let header = r#"{"format":"journeytop-recording","version":1,"variant":"journeys","uid":"oseh_j_x","prompt":null,"duration":20.0,"journeytop":"0","started":0.0,"start_at":0.0}"#;
    let mut cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"\n\n\n".to_vec(),
        vec![0xff, 0xfe, 0x00, b'\n', 0xc3],
        header.as_bytes().to_vec(),
        br#"{"format":"journeytop-recording","version":2}"#.to_vec(),
        format!("{header}\n{{\"t\":1e308,\"wall\":0,\"kind\":\"latency\",\"offset\":1}}\n").into_bytes(),
        format!("{header}\n{{\"t\":-1e308,\"wall\":0,\"kind\":\"link\",\"connection\":\"live\"}}\n").into_bytes(),
        format!("{header}\n{{\"t\":\"soon\",\"kind\":\"batch\",\"events\":[]}}\n").into_bytes(),
        format!(
            "{header}\n{{\"t\":5,\"wall\":0,\"kind\":\"end\",\"reason\":\"quit\"}}\n{{\"t\":9,\"wall\":0,\"kind\":\"batch\",\"events\":[{{\"uid\":\"e\",\"evtype\":\"like\",\"journey_time\":1e300,\"data\":{{}}}}]}}\n"
        )
        .into_bytes(),
        format!("{header}\n{{\"t\":1,\"wall\":0,\"kind\":\"batch\",\"events\":[{{\"uid\":\"e\",\"evtype\":\"numeric_prompt_response\",\"journey_time\":1,\"data\":{{\"rating\":9223372036854775807}}}}]}}\n").into_bytes(),
        format!("{header}\n{{\"t\":2,\"wall\":0,\"kind\":\"stats\",\"bin\":99999999,\"response\":{{\"journey_time\":0,\"bin_width\":0,\"users\":-5,\"likes\":-1,\"numeric_active\":{{\"x\":1}},\"press_active\":null,\"press\":null,\"color_active\":[-3],\"word_active\":null}}}}\n").into_bytes(),
        format!("{header}\n{{\"t\":3,\"wall\":0,\"kind\":\"batch\",\"ev").into_bytes(),
    ];
    // Inputs before the start and out of order, with and without a header.
    let like = |t: f64, uid: &str| {
        format!(
            "{{\"t\":{t},\"wall\":0,\"kind\":\"batch\",\"events\":[{{\"uid\":\"oseh_je_{uid}\",\"session_uid\":\"s\",\"evtype\":\"like\",\"journey_time\":{t},\"data\":{{}}}}]}}\n"
        )
    };
    let body = [(-3.0, "a"), (7.5, "b"), (2.0, "c"), (7.5, "d"), (19.0, "e")]
        .map(|(t, uid)| like(t, uid))
        .concat();
    let shifted = header.replace("\"start_at\":0.0", "\"start_at\":5.0");
    cases.push(format!("{shifted}\n{body}").into_bytes());
    cases.push(body.into_bytes());
    for case in cases {
        recording::holds(&case);
    }
}
