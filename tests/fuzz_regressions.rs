//! The fuzz targets' properties (fuzz/, cargo-fuzz) on fixed inputs, and a
//! home for every crash the fuzzers find: each one becomes a case here.
//! The runs recorded in docs/PERFORMANCE.md found no crash; the cases below
//! are the hostile seeds the fuzzers started from.

use journeytop::ui::text::{clean, cut, sanitize, width};
use journeytop::ui::{App, ColorMode, Meta, Mode, ThemeName, View};
use journeytop_engine::{EngineConfig, Input, JourneyState, Stamped};
use journeytop_protocol::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// What fuzz/fuzz_targets/sanitize.rs checks.
fn sanitize_holds(max: u8, bytes: &[u8]) {
    let safe = |s: &str| !s.chars().any(|c| c.is_control() || c == '\u{7f}');
    let text = String::from_utf8_lossy(bytes);
    let s = sanitize(&text);
    assert!(safe(&s), "{s:?}");
    assert_eq!(sanitize(&s), s);
    let max = usize::from(max);
    let c = clean(&text, max);
    assert!(safe(&c) && width(&c) <= max, "{c:?}");
    assert!(width(&cut(&s, max)) <= max);
}

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
    ] {
        sanitize_holds(max, text.as_bytes());
    }
    sanitize_holds(4, &[0xff, 0xfe, 0x1b, b'[', 0xc2, 0x9b, b'x']);
}

/// What fuzz/fuzz_targets/engine.rs does with its input.
fn engine_holds(data: &[u8]) {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let prompt = match head % 5 {
        4 => None,
        i => Some(Prompt::default_for(
            [Style::Numeric, Style::Press, Style::Color, Style::Word][usize::from(i)],
        )),
    };
    let mut e = JourneyState::new(prompt, Some(60.0), EngineConfig::default());
    let mut at = 0.0;
    for frame in rest.split(|b| *b == b'\n') {
        let Some((&step, frame)) = frame.split_first() else {
            continue;
        };
        at += f64::from(step) / 16.0;
        // The live client's mapping; a frame that is no packet may be a
        // stats response, which loads the totals scope.
        let mut input = Input::from_frame(frame, at);
        if let Input::MalformedPacket { .. } = input
            && let Ok(response) = serde_json::from_slice::<StatsResponse>(frame)
        {
            input = Input::Stats {
                bin: usize::from(step),
                response,
            };
        }
        e.ingest(Stamped { at, input });
        let c = e.counts();
        assert!(
            c.applied + c.duplicates + c.rejected + c.unknown + e.pending() as u64 <= c.received
        );
    }
    e.advance_to(at + 1000.0);
    assert!(e.live().press_active <= e.live().press);
    serde_json::to_string(&e.snapshot()).unwrap();
    if let Some(t) = e.totals_snapshot() {
        serde_json::to_string(&t).unwrap();
    }
    let meta = Meta {
        variant: Variant::InteractivePrompts,
        uid: "oseh_ip_x".into(),
        mode: Mode::Watch,
        source: "fuzz".into(),
        stats: journeytop::ui::StatsPlan::NoEndpoint,
    };
    let view = View::build(&e, &meta);
    let (w, h) = [(80, 24), (200, 60), (41, 13), (120, 40)][usize::from(head >> 6)];
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    let mut app = App::new(ThemeName::Dark, ColorMode::TrueColor);
    app.help = head & 0x20 != 0;
    journeytop::ui::render::draw(&mut buf, area, &view, &app);
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
        engine_holds(&data);
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

/// The `recording` target's properties: any bytes give a recording (its
/// problems naming lines) or a refusal; what parses plays and prints.
fn recording_holds(bytes: &[u8]) {
    let Ok(rec) = journeytop::record::reader::parse(bytes, "fuzz.jsonl") else {
        return;
    };
    assert!(rec.problems.iter().all(|p| p.line >= 1));
    let mut player = journeytop::record::Player::new(rec);
    let (start, end) = (player.start(), player.end());
    assert!(
        start.is_finite() && end.is_finite() && start <= end,
        "{start}..{end}"
    );
    for t in [end, start, (start + end) / 2.0] {
        player.seek(t);
        let line = journeytop::output::headless::line(player.state(), t, false);
        assert!(
            serde_json::from_str::<serde_json::Value>(&line).is_ok(),
            "{line}"
        );
    }
}

#[test]
fn recording_on_hostile_files() {
    let header = r#"{"format":"journeytop-recording","version":1,"variant":"journeys","uid":"oseh_j_x","prompt":null,"duration":20.0,"journeytop":"0","started":0.0,"start_at":0.0}"#;
    let cases: Vec<Vec<u8>> = vec![
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
    for case in cases {
        recording_holds(&case);
    }
}
