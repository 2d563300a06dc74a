//! What counts as a change for the parts drawn from a view.

use super::*;
use crate::ui::meta::Mode;
use journeytop_engine::{EngineConfig, EventCounts};
use journeytop_protocol::Variant;

/// A change made to a view, by hand.
type Change = fn(&mut View);
/// A read of a view, through its accessor.
type Get = fn(&View);

fn view() -> View {
    let prompt = Prompt::Numeric {
        text: "How are you feeling?".into(),
        min: 1,
        max: 10,
        step: 1,
    };
    let mut engine = JourneyState::new(Some(prompt), Some(60.0), EngineConfig::default());
    engine.advance_to(12.5);
    let meta = Meta {
        variant: Variant::InteractivePrompts,
        uid: "oseh_ip_x".into(),
        mode: Mode::Watch,
        source: "test".into(),
        stats: StatsPlan::Endpoint,
    };
    let mut v = View::build(&engine, &meta);
    v.totals = Some(Numbers::empty_at(10.0));
    v
}

#[test]
fn a_change_to_any_field_that_does_not_tick_redraws_every_part() {
    let base = view();
    let changes: Vec<(&str, Change)> = vec![
        ("mode", |v| v.mode = Mode::Demo),
        ("variant", |v| v.variant = "journeys"),
        ("uid", |v| v.uid.push('y')),
        ("source", |v| v.source.push('y')),
        ("prompt text", |v| v.prompt_text = None),
        ("style", |v| v.style = StyleInfo::Unknown),
        ("options", |v| v.options = Options::Unknown),
        ("duration", |v| v.duration = Some(61.0)),
        ("live users", |v| v.live.users += 1),
        ("live likes", |v| v.live.likes += 1),
        ("live ratings", |v| v.live.numeric = None),
        ("live mood", |v| v.live.mood = Some(3.0)),
        ("live press", |v| v.live.press = Some(1)),
        ("live holding", |v| v.live.press_active = Some(1)),
        ("live colors", |v| v.live.color = Some(vec![1])),
        ("live words", |v| v.live.word = Some(vec![1])),
        ("live refined", |v| v.live.refined = true),
        ("totals", |v| v.totals = None),
        ("totals users", |v| {
            if let Some(t) = &mut v.totals {
                t.users += 1;
            }
        }),
        ("stats plan", |v| v.stats_plan = StatsPlan::NoEndpoint),
        ("phase", |v| v.phase = Phase::Ended),
        ("feed", |v| {
            v.feed.push(FeedLine {
                time: 1.0,
                who: "Ana".into(),
                what: "joined".into(),
                tone: FeedTone::Join,
                swatch: None,
            });
        }),
        ("names", |v| v.names.push("Ana".into())),
        ("counts", |v| {
            v.counts = EventCounts {
                received: 1,
                ..v.counts
            }
        }),
        ("clamped", |v| v.clamped += 1),
        ("rejections", |v| v.rejections += 1),
        ("playback", |v| {
            v.playback = Some(Playback {
                speed: 1.0,
                paused: true,
                start: 0.0,
                end: 1.0,
            });
        }),
        ("stopped", |v| v.stopped = Some("why".into())),
    ];
    assert_eq!(base.changes(&base.clone()), Some(ReadSet::default()));
    for (what, change) in changes {
        let mut other = base.clone();
        change(&mut other);
        assert_eq!(base.changes(&other), None, "{what}");
    }
}

#[test]
fn a_change_to_a_field_that_ticks_redraws_the_parts_that_read_it() {
    let base = view();
    let changes: Vec<(Read, Change)> = vec![
        (Read::Now, |v| v.now += 1.0),
        (Read::Link, |v| v.link.latency_ms = Some(7)),
        (Read::Joins, |v| v.timelines.joins.push(0)),
        (Read::Leaves, |v| v.timelines.leaves.push(0)),
        (Read::Likes, |v| v.timelines.likes.push(0)),
        (Read::Answers, |v| v.timelines.answers.push(0)),
        (Read::Users, |v| v.timelines.users.push(0)),
        (Read::Holding, |v| v.timelines.holding.push(1)),
        (Read::Mood, |v| v.timelines.mood.push(Some(5.0))),
        (Read::Lead, |v| v.timelines.lead = Some(0)),
        (Read::Lead, |v| v.timelines.lead_share.push(Some(50))),
        (Read::LiveAt, |v| v.live.at += 1.0),
        (Read::TotalsAt, |v| {
            if let Some(t) = &mut v.totals {
                t.at += 1.0;
            }
        }),
    ];
    for (read, change) in changes {
        let mut other = base.clone();
        change(&mut other);
        assert_eq!(
            base.changes(&other),
            Some(ReadSet::default().with(read)),
            "{read:?}"
        );
    }
}

#[test]
fn each_accessor_records_its_read() {
    let v = view();
    let _ = v.take_reads();
    let reads: Vec<(Read, Get)> = vec![
        (Read::Now, |v| {
            let _ = v.now();
        }),
        (Read::Link, |v| {
            let _ = v.link();
        }),
        (Read::Joins, |v| {
            let _ = v.joins();
        }),
        (Read::Leaves, |v| {
            let _ = v.leaves();
        }),
        (Read::Likes, |v| {
            let _ = v.likes();
        }),
        (Read::Answers, |v| {
            let _ = v.answers();
        }),
        (Read::Users, |v| {
            let _ = v.users();
        }),
        (Read::Holding, |v| {
            let _ = v.holding();
        }),
        (Read::Mood, |v| {
            let _ = v.mood();
        }),
        (Read::Lead, |v| {
            let _ = v.lead();
        }),
        (Read::LiveAt, |v| {
            let _ = v.live.at();
        }),
        (Read::TotalsAt, |v| {
            let _ = v.totals.as_ref().map(Numbers::at);
        }),
    ];
    for (read, get) in reads {
        get(&v);
        assert_eq!(v.take_reads(), ReadSet::default().with(read), "{read:?}");
    }
}

#[test]
fn level_series_end_at_their_last_second_with_a_value() {
    assert_eq!(
        quiet_end_cut(vec![0, 2, 0, 3, 0, 0], |n| *n == 0),
        [0, 2, 0, 3]
    );
    assert_eq!(quiet_end_cut(vec![None, None], Option::<f64>::is_none), []);
}
