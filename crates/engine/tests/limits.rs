//! Issue 11: server-controlled data cannot grow the engine's memory. Names
//! are sanitized and cut once when taken in; events beyond the rate and the
//! release heap's cap are counted and dropped; stats entries the prompt
//! cannot hold are dropped and counted; rejection texts are clean.

use journeytop_engine::*;
use journeytop_protocol::*;
use std::collections::BTreeMap;

fn ev(uid: String, session: &str, t: f64, data: EventData) -> Event {
    Event {
        uid,
        user_sub: Some("oseh_u_x".into()),
        session_uid: Some(session.into()),
        time: t,
        icon: None,
        data,
    }
}

fn batch(events: Vec<Event>) -> Input {
    Input::Batch(EventBatch {
        events,
        malformed: vec![],
    })
}

fn engine() -> JourneyState {
    JourneyState::new(
        Some(Prompt::default_for(Style::Numeric)),
        Some(60.0),
        EngineConfig::default(),
    )
}

#[test]
fn megabyte_names_are_kept_sanitized_and_bounded() {
    let mut e = engine();
    let name = format!(
        "\u{1b}]0;pwned\u{7}Tim\u{ad}\u{200b}{}",
        "é".repeat(1_000_000)
    );
    e.ingest(Stamped {
        at: 1.0,
        input: batch(vec![ev(
            "oseh_ipe_1".into(),
            "s1",
            1.0,
            EventData::Join { name: Some(name) },
        )]),
    });
    let stored: Vec<String> = e
        .feed()
        .iter()
        .filter_map(|f| f.name.as_deref().map(str::to_string))
        .chain(e.recent_joins().map(str::to_string))
        .chain(e.name_of("s1").map(str::to_string))
        .collect();
    assert_eq!(stored.len(), 3);
    for n in stored {
        assert!(n.len() <= NAME_BYTES, "{} bytes", n.len());
        assert!(text::width(&n) <= NAME_CELLS);
        assert!(n.starts_with("Timé"), "{n:.20}");
        assert!(n.chars().all(|c| !text::is_dropped(c)));
    }
}

#[test]
fn a_flood_parked_in_the_future_is_cut_by_the_rate() {
    let mut e = engine();
    // 200,000 likes, all 59 s ahead, in one instant.
    let events = (0..200_000)
        .map(|i| {
            ev(
                format!("oseh_ipe_{i}"),
                &format!("s{i}"),
                59.0,
                EventData::Like,
            )
        })
        .collect();
    e.ingest(Stamped {
        at: 0.0,
        input: batch(events),
    });
    let limits = e.limits();
    assert!(e.pending() <= 10_016, "{} held", e.pending());
    assert_eq!(limits.over_rate as usize + e.pending(), 200_000);
    assert_eq!(e.counts().rejected, limits.over_rate);
    assert!(e.rejections().any(|r| r.contains("beyond 5000 a second")));
}

#[test]
fn the_release_heap_has_a_cap() {
    let mut e = engine().with_limits(Limits {
        max_rate: 1_000_000,
        max_pending: 1000,
    });
    let events = (0..5000)
        .map(|i| {
            ev(
                format!("oseh_ipe_{i}"),
                &format!("s{i}"),
                59.0,
                EventData::Like,
            )
        })
        .collect();
    e.ingest(Stamped {
        at: 0.0,
        input: batch(events),
    });
    assert_eq!(e.pending(), 1000);
    assert_eq!(e.limits().heap_full, 4000);
    assert!(
        e.rejections()
            .any(|r| r.contains("1000 events held for the future"))
    );
}

#[test]
fn stats_keys_outside_the_prompt_are_dropped_and_counted() {
    let mut e = engine();
    let mut numeric = BTreeMap::new();
    for k in 0..200_000 {
        numeric.insert(k.to_string(), 7);
    }
    numeric.insert("\u{1b}[2J".to_string(), 1);
    e.apply(Input::Stats {
        bin: 3,
        response: StatsResponse {
            journey_time: 2.0,
            bin_width: 0.9,
            users: 5,
            likes: 1,
            numeric_active: Some(numeric),
            press_active: Some(4),
            press: None,
            color_active: None,
            word_active: Some(vec![1, 2, 3]),
        },
    });
    let t = e.totals_snapshot().unwrap();
    let ratings: Vec<i64> = t.numeric_active.unwrap().iter().map(|(r, _)| *r).collect();
    assert_eq!(ratings, (1..=10).collect::<Vec<_>>());
    assert_eq!(t.press_active, None);
    assert_eq!(t.word_active, None);
    assert_eq!(e.limits().stats_entries, 200_001 - 10 + 1 + 3);
    assert!(
        e.rejections()
            .any(|r| r.contains("entries the prompt cannot hold"))
    );
}

#[test]
fn rejection_texts_are_sanitized_and_bounded() {
    let mut e = engine();
    e.apply(Input::UnknownPacket {
        kind: format!("\u{1b}[31m{}", "x".repeat(100_000)),
    });
    e.apply(Input::MalformedPacket {
        reason: "\u{9b}2J\u{202e}evil".into(),
    });
    for r in e.rejections() {
        assert!(r.len() <= 800, "{}", r.len());
        assert!(r.chars().all(|c| !text::is_dropped(c)), "{r:?}");
    }
}
