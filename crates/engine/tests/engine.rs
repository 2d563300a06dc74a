//! The journey engine: every counting rule of PROTOCOL.md §4, dedupe, time
//! order, timelines and the feed (the property test against a naive fold
//! is in reference_fold.rs).

use journeytop_engine::feed::FeedKind;
use journeytop_engine::*;
use journeytop_protocol::*;

fn ev(uid: &str, session: &str, t: f64, data: EventData) -> Event {
    Event {
        uid: uid.into(),
        user_sub: Some(format!("oseh_u_{session}")),
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

fn numeric() -> Prompt {
    Prompt::default_for(Style::Numeric)
}

fn engine(prompt: Option<Prompt>) -> JourneyState {
    JourneyState::new(prompt, Some(20.0), EngineConfig::default())
}

fn ratings(s: &Snapshot) -> Vec<u64> {
    s.numeric_active
        .as_ref()
        .unwrap()
        .iter()
        .map(|(_, n)| *n)
        .collect()
}

fn join(uid: &str, session: &str, t: f64) -> Event {
    ev(
        uid,
        session,
        t,
        EventData::Join {
            name: Some(session.to_uppercase()),
        },
    )
}

#[test]
fn answer_replacement_moves_the_histogram() {
    let mut e = engine(Some(numeric()));
    e.apply(batch(vec![
        join("j1", "a", 0.0),
        ev("n1", "a", 0.25, EventData::Numeric { rating: 5 }),
        ev("n2", "a", 1.5, EventData::Numeric { rating: 8 }),
        join("j2", "b", 0.5),
        ev("n3", "b", 0.75, EventData::Numeric { rating: 5 }),
    ]));
    e.advance_to(1.0);
    assert_eq!(ratings(&e.snapshot()), [0, 0, 0, 0, 2, 0, 0, 0, 0, 0]);
    e.advance_to(2.0);
    let s = e.snapshot();
    assert_eq!(ratings(&s), [0, 0, 0, 0, 1, 0, 0, 8 - 7, 0, 0]);
    assert_eq!(s.mood(), Some(6.5));
    assert_eq!(s.users, 2);
    assert_eq!(s.press, None);
    assert_eq!(s.color_active, None);
}

#[test]
fn color_and_word_replacement() {
    let mut e = engine(Some(Prompt::default_for(Style::Word)));
    e.apply(batch(vec![
        ev("w1", "a", 1.0, EventData::Word { index: 0 }),
        ev("w2", "a", 2.0, EventData::Word { index: 2 }),
        ev("w3", "b", 2.0, EventData::Word { index: 2 }),
    ]));
    e.advance_to(3.0);
    assert_eq!(e.snapshot().word_active, Some(vec![0, 0, 2]));
    let mut c = engine(Some(Prompt::default_for(Style::Color)));
    c.apply(batch(vec![ev(
        "c1",
        "a",
        1.0,
        EventData::Color { index: 7 },
    )]));
    c.advance_to(3.0);
    assert_eq!(
        c.snapshot().color_active,
        Some(vec![0, 0, 0, 0, 0, 0, 0, 1])
    );
}

#[test]
fn leave_changes_only_users_even_while_pressing() {
    let mut e = engine(Some(Prompt::default_for(Style::Press)));
    e.apply(batch(vec![
        join("j", "a", 0.0),
        ev("s", "a", 1.0, EventData::PressStart),
        ev(
            "l",
            "a",
            2.0,
            EventData::Leave {
                name: Some("A".into()),
            },
        ),
        ev("lk", "a", 1.5, EventData::Like),
    ]));
    e.advance_to(3.0);
    let s = e.snapshot();
    assert_eq!(
        (s.users, s.likes, s.press_active, s.press),
        (0, 1, Some(1), Some(1))
    );
}

#[test]
fn press_active_is_starts_minus_ends_and_press_counts_starts() {
    let mut e = engine(Some(Prompt::default_for(Style::Press)));
    e.apply(batch(vec![
        ev("s1", "a", 1.0, EventData::PressStart),
        ev("e1", "a", 2.0, EventData::PressEnd),
        ev("s2", "a", 2.0, EventData::PressStart),
        ev("s3", "b", 1.5, EventData::PressStart),
    ]));
    e.advance_to(5.0);
    let s = e.snapshot();
    assert_eq!((s.press_active, s.press), (Some(2), Some(3)));
    assert_eq!(e.live().clamped, 0);
}

#[test]
fn a_start_sorts_before_an_end_at_the_same_instant() {
    // Nobody is pressing: if the end were applied first it would be clamped
    // (nothing to end) and the start would leave one person holding. The
    // uids sort the other way, so only the evtype rank can decide.
    let mut e = engine(Some(Prompt::default_for(Style::Press)));
    e.apply(batch(vec![
        ev("z_start", "a", 2.0, EventData::PressStart),
        ev("a_end", "a", 2.0, EventData::PressEnd),
    ]));
    e.advance_to(3.0);
    let s = e.snapshot();
    assert_eq!((s.press_active, s.press), (Some(0), Some(1)));
    assert_eq!(e.live().clamped, 0, "the end found the start before it");
}

#[test]
fn duplicates_are_counted_once() {
    let mut e = engine(None);
    let like = ev("dup", "a", 1.0, EventData::Like);
    e.apply(batch(vec![like.clone(), like.clone()]));
    e.advance_to(2.0);
    e.apply(batch(vec![like])); // re-sent across a reconnect
    let s = e.snapshot();
    assert_eq!(s.likes, 1);
    let c = s.events.unwrap();
    assert_eq!((c.received, c.applied, c.duplicates), (3, 1, 2));
}

#[test]
fn dedupe_memory_is_bounded_by_time() {
    let mut e = engine(None);
    for sec in 0..600 {
        let t = f64::from(sec);
        let events = (0..50)
            .map(|i| ev(&format!("e{sec}_{i}"), "a", t, EventData::Like))
            .collect();
        e.apply(batch(events));
        e.advance_to(t + 0.5);
    }
    assert_eq!(e.snapshot().likes, 30_000);
    // 30 s horizon × 50 events a second, plus the current second.
    assert!(e.dedupe_len() <= 31 * 50, "{}", e.dedupe_len());
}

#[test]
fn out_of_range_answers_are_rejected_with_a_reason() {
    let mut e = engine(Some(numeric()));
    e.apply(batch(vec![
        ev("a", "a", 1.0, EventData::Numeric { rating: 11 }),
        ev("b", "a", 1.0, EventData::Numeric { rating: 0 }),
        ev("c", "a", 1.0, EventData::Color { index: 0 }),
        ev("d", "a", 1.0, EventData::PressStart),
    ]));
    e.advance_to(2.0);
    let s = e.snapshot();
    assert_eq!(ratings(&s).iter().sum::<u64>(), 0);
    assert_eq!(s.events.unwrap().rejected, 4);
    let reasons: Vec<&str> = e.rejections().collect();
    assert!(
        reasons[0].contains("rating 11 is outside the prompt's 1..10"),
        "{reasons:?}"
    );
    assert!(
        reasons[2].contains("a color event on a numeric prompt"),
        "{reasons:?}"
    );
    // Each note names its own event: evtype and uid, in batch order.
    for (reason, head) in reasons.iter().zip([
        "numeric_prompt_response a: ",
        "numeric_prompt_response b: ",
        "color_prompt_response c: ",
        "press_prompt_start_response d: ",
    ]) {
        assert!(reason.starts_with(head), "{reason:?} names {head:?}");
    }
    let mut w = engine(Some(Prompt::default_for(Style::Word)));
    w.apply(batch(vec![
        ev("a", "a", 1.0, EventData::Word { index: 3 }),
        ev("b", "a", 1.0, EventData::Word { index: -1 }),
    ]));
    w.advance_to(2.0);
    assert_eq!(w.snapshot().word_active, Some(vec![0, 0, 0]));
    assert_eq!(w.counts().rejected, 2);
}

#[test]
fn counts_never_go_below_zero_and_anomalies_are_counted() {
    let mut e = engine(Some(Prompt::default_for(Style::Press)));
    e.apply(batch(vec![
        ev("l", "a", 1.0, EventData::Leave { name: None }),
        ev("e", "a", 1.0, EventData::PressEnd),
    ]));
    e.advance_to(2.0);
    let s = e.snapshot();
    assert_eq!((s.users, s.press_active), (0, Some(0)));
    assert_eq!(e.live().clamped, 2);
}

#[test]
fn events_wait_for_the_clock_and_release_in_time_order() {
    let mut e = engine(Some(numeric()));
    e.advance_to(1.0);
    e.apply(batch(vec![
        ev("late", "a", 3.0, EventData::Numeric { rating: 9 }),
        ev("early", "a", 2.0, EventData::Numeric { rating: 2 }),
        ev("past", "b", 0.5, EventData::Like),
    ]));
    assert_eq!(e.snapshot().likes, 1, "events in the past apply at once");
    assert_eq!(e.pending(), 2);
    e.advance_to(2.5);
    assert_eq!(e.live().mood(), Some(2.0));
    e.advance_to(3.0);
    // The later answer replaced the earlier one although it arrived first.
    assert_eq!(ratings(&e.snapshot()), [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    assert_eq!(e.next_due(), None);
}

#[test]
fn events_far_outside_the_clock_are_rejected() {
    let mut e = engine(None);
    e.advance_to(100.0);
    e.apply(batch(vec![
        ev("old", "a", 10.0, EventData::Like),
        ev("future", "a", 1e12, EventData::Like),
    ]));
    assert_eq!(e.counts().rejected, 2);
    assert_eq!(e.pending(), 0);
}

#[test]
fn unknown_evtypes_and_empty_data_are_counted_never_fatal() {
    let raw = br#"{"success":true,"type":"event_batch","uid":"p","data":{"events":[
        {"uid":"u1","evtype":"confetti","journey_time":1.0,"data":{"n":1}},
        {"uid":"u2","evtype":"numeric_prompt_response","journey_time":1.0,"data":{}},
        {"uid":"u3","evtype":"like","journey_time":1.0,"data":{}},
        {"uid":"u4"}
    ]}}"#;
    let ServerBody::EventBatch(b) = ServerPacket::decode(raw).unwrap().body else {
        panic!()
    };
    let mut e = engine(Some(numeric()));
    e.apply(Input::Batch(b));
    e.advance_to(2.0);
    let c = e.counts();
    assert_eq!((c.received, c.applied, c.unknown, c.rejected), (4, 1, 1, 2));
    assert_eq!(e.snapshot().likes, 1);
}

#[test]
fn the_captured_real_stream_folds_to_the_expected_numbers() {
    let mut e = JourneyState::new(None, None, EngineConfig::default());
    for line in include_str!("../../protocol/tests/fixtures/captured-packets.jsonl").lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["label"] != "scenario:basic" || v["direction"] != "s2c" {
            continue;
        }
        let Some(raw) = v["raw"].as_str() else {
            continue;
        };
        if let ServerBody::EventBatch(b) = ServerPacket::decode(raw.as_bytes()).unwrap().body {
            e.apply(Input::Batch(b));
        }
    }
    e.advance_to(20.0);
    // Alice, Bob, Carol join; Bob and Carol leave.
    let t = e.live();
    assert_eq!((t.users, t.likes, t.press_active, t.press), (1, 4, 1, 2));
    // Alice 7 → 9, Bob 3.
    assert_eq!(
        t.numeric
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(r, n)| (*r, *n))
            .collect::<Vec<_>>(),
        [(3, 1), (9, 1)]
    );
    assert_eq!(t.word, [1, 1], "Alice word 1, Carol word 0");
    assert_eq!(t.color, [0, 0, 1]);
    assert_eq!(e.style(), StyleInfo::Inferred(Style::Numeric));
    assert_eq!(e.name_of("oseh_js_harness_carol"), Some("Carol"));
    let feed: Vec<_> = e
        .feed()
        .iter()
        .map(|f| (f.name.clone(), f.kind.clone()))
        .collect();
    assert_eq!(feed[0], (Some("Carol".into()), feed::FeedKind::Left));
}

#[test]
fn unknown_prompt_reports_what_it_saw() {
    let mut e = JourneyState::new(None, None, EngineConfig::default());
    assert_eq!(e.style(), StyleInfo::Unknown);
    e.apply(batch(vec![
        ev("a", "a", 1.0, EventData::Color { index: 4 }),
        ev("b", "b", 1.0, EventData::Color { index: 1 }),
    ]));
    e.advance_to(2.0);
    assert_eq!(e.style(), StyleInfo::Inferred(Style::Color));
    assert_eq!(e.snapshot().color_active, Some(vec![0, 1, 0, 0, 1]));
    assert_eq!(e.snapshot().numeric_active, None);
}

#[test]
fn snapshot_serializes_with_stats_field_names() {
    let mut e = engine(Some(numeric()));
    e.apply(batch(vec![ev(
        "a",
        "a",
        1.0,
        EventData::Numeric { rating: 10 },
    )]));
    e.advance_to(1.5);
    let json = serde_json::to_value(e.snapshot()).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "journey_time",
            "users",
            "likes",
            "numeric_active",
            "press_active",
            "press",
            "color_active",
            "word_active",
            "events"
        ]
    );
    let ratings: Vec<&str> = json["numeric_active"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(ratings, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    assert_eq!(json["numeric_active"]["10"], 1);
    assert!(json["press"].is_null());
    let back: Snapshot = serde_json::from_value(json).unwrap();
    assert_eq!(back, e.snapshot());
}

#[test]
fn totals_scope_is_kept_apart_and_zero_filled() {
    let mut e = engine(Some(numeric()));
    let response: StatsResponse = serde_json::from_str(
        r#"{"prompt_time":3.2258,"bin_width":0.6452,"users":1532,"likes":240,
        "numeric_active":{"1":3,"5":120,"7":410},"press_active":null,"press":null,
        "color_active":null,"word_active":null}"#,
    )
    .unwrap();
    e.apply(Input::Stats { bin: 5, response });
    let t = e.totals_snapshot().unwrap();
    assert_eq!(t.users, 1532);
    assert_eq!(ratings(&t), [3, 0, 0, 0, 120, 0, 410, 0, 0, 0]);
    assert_eq!(t.events, None);
    assert_eq!(e.snapshot().users, 0, "live scope untouched");
}

#[test]
fn reset_live_keeps_dedupe() {
    let mut e = engine(None);
    let like = ev("x", "a", 1.0, EventData::Like);
    e.apply(batch(vec![like.clone()]));
    e.advance_to(1.0);
    e.reset_live();
    e.apply(batch(vec![like]));
    assert_eq!(e.snapshot().likes, 0);
}

#[test]
fn timelines_record_per_second_activity_and_levels() {
    let mut e = engine(Some(Prompt::default_for(Style::Press)));
    e.apply(batch(vec![
        join("j1", "a", 0.2),
        join("j2", "b", 0.7),
        ev("s", "a", 1.5, EventData::PressStart),
        ev("l", "b", 3.1, EventData::Like),
    ]));
    e.advance_to(4.0);
    let tl = e.timeline();
    assert_eq!(tl.series(timeline::Series::Joins, 4), [2, 0, 0, 0]);
    assert_eq!(tl.series(timeline::Series::Users, 5), [2, 2, 2, 2, 2]);
    assert_eq!(tl.series(timeline::Series::Holding, 4), [0, 1, 1, 1]);
    assert_eq!(tl.series(timeline::Series::Likes, 4), [0, 0, 0, 1]);
}

#[test]
fn an_options_share_of_answers_is_kept_per_second() {
    let mut e = engine(Some(Prompt::default_for(Style::Word)));
    e.apply(batch(vec![
        ev("w1", "a", 1.2, EventData::Word { index: 0 }),
        ev("w2", "b", 2.5, EventData::Word { index: 1 }),
        ev("w3", "c", 2.7, EventData::Word { index: 1 }),
        // a changes its mind: option 1 now holds every answer.
        ev("w4", "a", 4.1, EventData::Word { index: 1 }),
    ]));
    e.advance_to(5.0);
    let tl = e.timeline();
    assert_eq!(
        tl.share_series(1, 6),
        [None, Some(0), Some(66), Some(66), Some(100), Some(100)]
    );
    assert_eq!(
        tl.share_series(0, 6),
        [None, Some(100), Some(33), Some(33), Some(0), Some(0)]
    );
    // Only colour and word answers carry shares.
    let mut n = engine(Some(numeric()));
    n.apply(batch(vec![ev(
        "n1",
        "a",
        0.5,
        EventData::Numeric { rating: 3 },
    )]));
    n.advance_to(2.0);
    assert_eq!(n.timeline().share_series(0, 2), [None, None]);
}

/// Each feed item names its poster as they were named when it happened,
/// even when the session is renamed later in the same advance, and items
/// are named whether they are read at once or after many others.
#[test]
fn feed_items_keep_the_name_the_poster_had_at_the_time() {
    let named = |uid: &str, t: f64, name: &str| {
        ev(
            uid,
            "a",
            t,
            EventData::Join {
                name: Some(name.into()),
            },
        )
    };
    let mut e = engine(Some(numeric()));
    e.apply(batch(vec![
        named("j1", 0.0, "Ann"),
        ev("l1", "a", 0.1, EventData::Like),
        named("j2", 0.2, "Bob"),
        ev("l2", "a", 0.3, EventData::Like),
        ev("n1", "a", 0.4, EventData::Numeric { rating: 3 }),
        ev("l3", "b", 0.5, EventData::Like),
    ]));
    e.advance_to(1.0);
    let feed: Vec<_> = e
        .feed()
        .iter()
        .map(|i| (i.kind.clone(), i.name.as_deref().map(str::to_string)))
        .collect();
    let name = |n: &str| Some(n.to_string());
    assert_eq!(
        feed,
        [
            (FeedKind::Liked, None),
            (FeedKind::Rated(3), name("Bob")),
            (FeedKind::Liked, name("Bob")),
            (FeedKind::Joined, name("Bob")),
            (FeedKind::Liked, name("Ann")),
            (FeedKind::Joined, name("Ann")),
        ]
    );
    // A hundred more likes in one advance: the feed keeps the newest, named.
    e.apply(batch(
        (0..100)
            .map(|i| {
                ev(
                    &format!("m{i}"),
                    "a",
                    2.0 + f64::from(i) * 0.01,
                    EventData::Like,
                )
            })
            .collect(),
    ));
    e.advance_to(5.0);
    assert!(e.feed().len() >= 50);
    assert!(e.feed().iter().all(|i| i.name.as_deref() == Some("Bob")));
}
