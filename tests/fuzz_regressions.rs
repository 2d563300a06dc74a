//! The fuzz targets' properties (fuzz/, cargo-fuzz) on fixed inputs, and a
//! home for every crash the fuzzers find: each one becomes a case here.
//! The runs recorded in docs/PERFORMANCE.md found no crash; the cases below
//! are the hostile seeds the fuzzers started from.

use journeytop::ui::{App, ColorMode, Meta, Mode, ThemeName, View};
use journeytop_engine::{EngineConfig, Input, JourneyState, Stamped};
use journeytop_protocol::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// What fuzz/fuzz_targets/sanitize.rs checks: no Cc, bidi, Cf or
/// default-ignorable character survives; idempotent; every width and byte
/// limit kept.
fn sanitize_holds(max: u8, bytes: &[u8]) {
    use journeytop_protocol::text::{
        bounded, clean, cut, for_log, is_bidi, is_default_ignorable, is_format, sanitize, width,
    };
    const BIDI: &[char] = &[
        '\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
        '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    ];
    let clean_char = |c: char| {
        !(c.is_control()
            || c == '\u{7f}'
            || BIDI.contains(&c)
            || is_bidi(c)
            || is_format(c)
            || is_default_ignorable(c)
            || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}'
                | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}' | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}'))
    };
    let safe = |s: &str| s.chars().all(clean_char);
    let text = String::from_utf8_lossy(bytes);
    let s = sanitize(&text);
    assert!(safe(&s), "{s:?}");
    assert_eq!(sanitize(&s), s);
    let max_bytes = usize::from((bytes.len() + 1) as u8 ^ max);
    let max = usize::from(max);
    let c = clean(&text, max);
    assert!(safe(&c) && width(&c) <= max, "{c:?}");
    assert!(width(&cut(&s, max)) <= max);
    let b = bounded(&text, max, max_bytes);
    assert!(safe(&b), "{b:?}");
    assert!(width(&b) <= max.max(1), "{b:?} over {max} cells");
    assert!(b.len() <= max_bytes.max(3), "{b:?} over {max_bytes} bytes");
    let l = for_log(&text);
    assert!(safe(&l) && width(&l) <= 200 && l.len() <= 800, "{l:?}");
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
        (
            12,
            "soft\u{ad}hy\u{200b}\u{200d}\u{2060}\u{2064}\u{feff}\u{fffa}\u{e0041}\u{e007f}\u{3164}\u{115f}\u{ffa0}\u{61c}\u{2066}\u{2028}x",
        ),
        (
            2,
            "\u{fe0f}\u{34f}\u{17b4}\u{180e}\u{1d173}\u{13430}\u{e0100}",
        ),
    ] {
        sanitize_holds(max, text.as_bytes());
    }
    sanitize_holds(4, &[0xff, 0xfe, 0x1b, b'[', 0xc2, 0x9b, b'x']);
    // A long name: bounded and for_log cut it by cells and by bytes.
    sanitize_holds(7, "陈静\u{ad}".repeat(5000).as_bytes());
    sanitize_holds(200, "🙂\u{200b}".repeat(2000).as_bytes());
    // Every Cc, Cf, bidi and default-ignorable code point at once.
    let all: String = (0..=0x10ffff_u32)
        .filter_map(char::from_u32)
        .filter(|c| {
            use journeytop_protocol::text::{is_bidi, is_default_ignorable, is_format};
            c.is_control() || is_bidi(*c) || is_format(*c) || is_default_ignorable(*c)
        })
        .collect();
    sanitize_holds(255, all.as_bytes());
    assert_eq!(journeytop_protocol::text::sanitize(&all).trim(), "");
}

/// What fuzz/fuzz_targets/journey_file.rs checks: a prompt that parses,
/// alone or in a journey file, holds the validator's limits.
fn journey_file_holds(text: &str) {
    fn prompt_ok(p: &Prompt) {
        let text = p.text().chars().count();
        assert!((1..=75).contains(&text), "{p:?}");
        match p {
            Prompt::Numeric { min, max, step, .. } => {
                assert!(
                    *step == 1 && 0 <= *min && min <= max && *max <= 1000 && max - min <= 10,
                    "{p:?}"
                );
            }
            Prompt::Press { .. } => {}
            Prompt::Color { colors, .. } => {
                assert!((2..=8).contains(&colors.len()), "{p:?}");
                for c in colors {
                    let b = c.as_bytes();
                    assert!(
                        b.len() == 7
                            && b[0] == b'#'
                            && b[1..]
                                .iter()
                                .all(|x| x.is_ascii_digit() || (b'A'..=b'F').contains(x)),
                        "{c:?}"
                    );
                }
            }
            Prompt::Word { options, .. } => {
                assert!((2..=8).contains(&options.len()), "{p:?}");
                assert!(
                    options
                        .iter()
                        .all(|o| (1..=45).contains(&o.chars().count())),
                    "{p:?}"
                );
            }
        }
    }
    if let Ok(p) = Prompt::from_json(text) {
        prompt_ok(&p);
    }
    if let Ok(spec) = JourneySpec::from_json(text) {
        assert!(spec.duration > 0.0 && spec.duration <= MAX_DURATION);
        if let Some(p) = &spec.prompt {
            prompt_ok(p);
        }
        assert!(JourneySpec::from_json(&spec.to_json().to_string()).is_ok());
    }
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
        journey_file_holds(text);
    }
    assert!(Prompt::from_json(&cases[0]).is_ok() && Prompt::from_json(&cases[1]).is_err());
}

/// What fuzz/fuzz_targets/stats_fit.rs checks.
fn stats_fit_holds(prompt: Option<&Prompt>, body: &str) {
    let Ok(mut stats) = serde_json::from_str::<StatsResponse>(body) else {
        return;
    };
    let entries = |s: &StatsResponse| {
        s.numeric_active.as_ref().map_or(0, |m| m.len())
            + usize::from(s.press_active.is_some())
            + usize::from(s.press.is_some())
            + s.color_active.as_ref().map_or(0, Vec::len)
            + s.word_active.as_ref().map_or(0, Vec::len)
    };
    let before = entries(&stats);
    let dropped = stats.fit_to(prompt);
    assert!(dropped >= before - entries(&stats));
    let style = prompt.map(Prompt::style);
    let (lo, hi) = match prompt {
        Some(Prompt::Numeric { min, max, .. }) => (*min, *max),
        _ => (0, 1000),
    };
    if let Some(m) = &stats.numeric_active {
        assert!(style.is_none() || style == Some(Style::Numeric));
        assert!(
            m.keys()
                .all(|k| k.parse::<i64>().is_ok_and(|r| (lo..=hi).contains(&r))),
            "{m:?}"
        );
    }
    if stats.press_active.is_some() || stats.press.is_some() {
        assert!(style.is_none() || style == Some(Style::Press));
    }
    for (list, s) in [
        (&stats.color_active, Style::Color),
        (&stats.word_active, Style::Word),
    ] {
        if let Some(v) = list {
            let keep = match prompt {
                Some(p) if p.style() == s => p.option_count(),
                Some(_) => panic!("a {s:?} list kept for a {style:?} prompt"),
                None => 64,
            };
            assert!(v.len() <= keep);
        }
    }
    let fitted = stats.clone();
    assert_eq!(stats.fit_to(prompt), 0);
    assert_eq!(stats, fitted);
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
            stats_fit_holds(p.as_ref(), body);
        }
    }
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
