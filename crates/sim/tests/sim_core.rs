//! The simulator's pure core: the crowd's output passes the backend's rules,
//! stats match a brute-force recount and the engine's fold, and a seed
//! replays exactly.

use journeytop_engine::{EngineConfig, Input, JourneyState};
use journeytop_protocol::{
    Bins, EvType, Event, EventBatch, EventData, InvalidData, Prompt, RawJson, Style, UnknownData,
    Variant,
};
use journeytop_sim::{Crowd, CrowdConfig, Journal, Planned, RuleError, StatsError};
use std::collections::{BTreeMap, HashMap};

const STYLES: [Style; 4] = [Style::Numeric, Style::Press, Style::Color, Style::Word];

fn ev(session: &str, t: f64, data: EventData) -> Event {
    Event {
        uid: format!("oseh_ipe_{session}_{t}_{}", data.evtype_str()),
        user_sub: Some("oseh_u_me".into()),
        session_uid: Some(session.into()),
        time: t,
        icon: None,
        data,
    }
}

fn join(session: &str, t: f64) -> Event {
    ev(
        session,
        t,
        EventData::Join {
            name: Some("Tim".into()),
        },
    )
}

fn journal(style: Style) -> Journal {
    Journal::new(
        Variant::InteractivePrompts,
        Prompt::default_for(style),
        20.0,
    )
}

fn err(j: &mut Journal, e: Event) -> RuleError {
    match j.submit(e) {
        Ok(e) => panic!("accepted {e:?}"),
        Err(e) => e,
    }
}

fn kind(j: &mut Journal, e: Event) -> String {
    err(j, e).kind
}

fn ok(j: &mut Journal, e: Event) {
    if let Err(e) = j.submit(e) {
        panic!("rejected: {e}");
    }
}

// ---- rule errors ----------------------------------------------------------

#[test]
fn session_not_found_for_a_session_that_never_joined() {
    let mut j = journal(Style::Numeric);
    let e = err(&mut j, ev("s1", 1.0, EventData::Like));
    assert_eq!((e.status, e.kind.as_str()), (409, "session_not_found"));
    // Another user's session is "not found" too.
    ok(&mut j, join("s2", 0.0));
    let mut theirs = ev("s2", 1.0, EventData::Like);
    theirs.user_sub = Some("oseh_u_someone_else".into());
    assert_eq!(kind(&mut j, theirs), "session_not_found");
}

#[test]
fn session_not_started_for_an_opened_session_without_join() {
    let mut j = journal(Style::Numeric);
    assert!(j.open_session("s1", Some("oseh_u_me")));
    assert!(!j.open_session("s1", Some("oseh_u_me")));
    assert_eq!(
        kind(&mut j, ev("s1", 1.0, EventData::Like)),
        "session_not_started"
    );
    ok(&mut j, join("s1", 0.5));
    ok(&mut j, ev("s1", 1.0, EventData::Like));
}

#[test]
fn session_already_started_on_a_second_join() {
    let mut j = journal(Style::Numeric);
    ok(&mut j, join("s1", 0.0));
    assert_eq!(kind(&mut j, join("s1", 1.0)), "session_already_started");
}

#[test]
fn session_already_ended_after_leave() {
    let mut j = journal(Style::Numeric);
    ok(&mut j, join("s1", 0.0));
    ok(&mut j, ev("s1", 5.0, EventData::Leave { name: None }));
    assert_eq!(
        kind(&mut j, ev("s1", 6.0, EventData::Like)),
        "session_already_ended"
    );
    // Ended is checked before the time order (backend order).
    assert_eq!(
        kind(&mut j, ev("s1", 1.0, EventData::Like)),
        "session_already_ended"
    );
    // ...but a second join is "already started" first.
    assert_eq!(kind(&mut j, join("s1", 6.0)), "session_already_started");
}

#[test]
fn session_has_later_event_when_time_goes_back() {
    let mut j = journal(Style::Numeric);
    ok(&mut j, join("s1", 0.0));
    ok(&mut j, ev("s1", 5.0, EventData::Like));
    assert_eq!(
        kind(&mut j, ev("s1", 4.999, EventData::Numeric { rating: 5 })),
        "session_has_later_event"
    );
    // Equal times are fine for a different evtype.
    ok(&mut j, ev("s1", 5.0, EventData::Numeric { rating: 5 }));
}

#[test]
fn same_event_type_at_the_same_time_is_rejected() {
    let mut j = journal(Style::Numeric);
    ok(&mut j, join("s1", 0.0));
    ok(&mut j, ev("s1", 3.0, EventData::Like));
    ok(&mut j, ev("s1", 3.0, EventData::Numeric { rating: 4 }));
    assert_eq!(
        kind(&mut j, ev("s1", 3.0, EventData::Like)),
        "session_has_same_event_at_same_time"
    );
    assert_eq!(
        kind(&mut j, ev("s1", 3.0, EventData::Numeric { rating: 7 })),
        "session_has_same_event_at_same_time"
    );
    ok(&mut j, ev("s1", 3.5, EventData::Like));
}

#[test]
fn impossible_time_outside_zero_to_duration_in_both_variants() {
    for (variant, name) in [
        (Variant::Journeys, "impossible_journey_time"),
        (Variant::InteractivePrompts, "impossible_prompt_time"),
    ] {
        let mut j = Journal::new(variant, Prompt::default_for(Style::Press), 20.0);
        // Checked before the session exists at all.
        assert_eq!(kind(&mut j, join("s1", -0.001)), name);
        assert_eq!(kind(&mut j, join("s1", 20.001)), name);
        ok(&mut j, join("s1", 0.0));
        ok(&mut j, ev("s1", 20.0, EventData::Leave { name: None }));
        assert_eq!(err(&mut j, join("s2", 21.0)).status, 409);
    }
}

#[test]
fn impossible_event_when_the_evtype_does_not_fit_the_prompt() {
    let mut j = journal(Style::Numeric);
    ok(&mut j, join("s1", 0.0));
    for data in [
        EventData::PressStart,
        EventData::PressEnd,
        EventData::Color { index: 0 },
        // Style is checked before the data: index 99 is not the complaint.
        EventData::Word { index: 99 },
    ] {
        assert_eq!(kind(&mut j, ev("s1", 1.0, data)), "impossible_event");
    }
    let mut p = journal(Style::Press);
    ok(&mut p, join("s1", 0.0));
    assert_eq!(
        kind(&mut p, ev("s1", 1.0, EventData::Numeric { rating: 5 })),
        "impossible_event"
    );
}

#[test]
fn impossible_event_data_for_out_of_range_answers() {
    let mut j = journal(Style::Numeric);
    ok(&mut j, join("s1", 0.0));
    for rating in [0, 11, -3] {
        assert_eq!(
            kind(&mut j, ev("s1", 1.0, EventData::Numeric { rating })),
            "impossible_event_data"
        );
    }
    ok(&mut j, ev("s1", 1.0, EventData::Numeric { rating: 10 }));
    let mut w = journal(Style::Word);
    ok(&mut w, join("s1", 0.0));
    assert_eq!(
        kind(&mut w, ev("s1", 1.0, EventData::Word { index: 3 })),
        "impossible_event_data"
    );
    ok(&mut w, ev("s1", 1.0, EventData::Word { index: 2 }));
    let mut c = journal(Style::Color);
    ok(&mut c, join("s1", 0.0));
    assert_eq!(
        kind(&mut c, ev("s1", 1.0, EventData::Color { index: 8 })),
        "impossible_event_data"
    );
}

#[test]
fn press_pairing_is_impossible_event_data() {
    let mut j = journal(Style::Press);
    ok(&mut j, join("s1", 0.0));
    let e = err(&mut j, ev("s1", 0.5, EventData::PressEnd));
    assert_eq!((e.status, e.kind.as_str()), (409, "impossible_event_data"));
    ok(&mut j, ev("s1", 1.0, EventData::PressStart));
    assert_eq!(
        kind(&mut j, ev("s1", 1.5, EventData::PressStart)),
        "impossible_event_data"
    );
    ok(&mut j, ev("s1", 2.0, EventData::PressEnd));
    ok(&mut j, ev("s1", 3.0, EventData::PressStart));
    ok(&mut j, ev("s1", 4.0, EventData::PressEnd));
    // Leave while pressing is fine, and keeps press_active.
    ok(&mut j, ev("s1", 5.0, EventData::PressStart));
    ok(&mut j, ev("s1", 6.0, EventData::Leave { name: None }));
    let last = j.stats(j.bins().count as i64 - 1).unwrap();
    assert_eq!(
        (last.users, last.press_active, last.press),
        (0, Some(1), Some(3))
    );
}

#[test]
fn an_end_at_the_same_time_as_its_start_leaves_the_session_pressing() {
    // The backend's test is "a start with no end strictly after it".
    let mut j = journal(Style::Press);
    ok(&mut j, join("s1", 0.0));
    ok(&mut j, ev("s1", 1.0, EventData::PressStart));
    ok(&mut j, ev("s1", 1.0, EventData::PressEnd));
    assert_eq!(
        kind(&mut j, ev("s1", 2.0, EventData::PressStart)),
        "impossible_event_data"
    );
    ok(&mut j, ev("s1", 2.0, EventData::PressEnd));
    ok(&mut j, ev("s1", 3.0, EventData::PressStart));
}

#[test]
fn malformed_bodies_are_422_and_unknown_routes_404() {
    let mut j = journal(Style::Word);
    ok(&mut j, join("s1", 0.0));
    let e = err(&mut j, ev("s1", 1.0, EventData::Word { index: -1 }));
    assert_eq!((e.status, e.kind.as_str()), (422, "unprocessable_entity"));
    let mut no_session = ev("s1", 1.0, EventData::Like);
    no_session.session_uid = None;
    assert_eq!(err(&mut j, no_session).status, 422);
    assert_eq!(err(&mut j, ev("s1", f64::NAN, EventData::Like)).status, 422);
    let raw = || RawJson(serde_json::value::RawValue::from_string("{}".into()).unwrap());
    let invalid = EventData::Invalid(Box::new(InvalidData {
        evtype: EvType::WordPromptResponse,
        reason: "no index".into(),
        data: raw(),
    }));
    assert_eq!(err(&mut j, ev("s1", 1.0, invalid)).status, 422);
    let unknown = EventData::Unknown(Box::new(UnknownData {
        evtype: "dance".into(),
        data: raw(),
    }));
    assert_eq!(err(&mut j, ev("s1", 1.0, unknown)).status, 404);
    assert_eq!(j.log().len(), 1);
}

#[test]
fn rule_errors_serialize_in_the_backend_shape() {
    let mut j = journal(Style::Numeric);
    let e = err(&mut j, ev("s1", 1.0, EventData::Like));
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["type"], "session_not_found");
    assert_eq!(v["message"], v["markdown"]);
    assert_eq!(v.as_object().unwrap().len(), 3);
}

// ---- stats ----------------------------------------------------------------

#[test]
fn stats_errors() {
    let j = journal(Style::Numeric);
    assert_eq!(j.stats(-1), Err(StatsError::NegativeBin));
    assert_eq!(j.stats(-1).unwrap_err().status(), 422);
    let e = j.stats(31).unwrap_err();
    assert_eq!(
        (e, e.status()),
        (
            StatsError::BinNotFound {
                bins: 31,
                noun: "interactive prompt"
            },
            404
        )
    );
    assert_eq!(e.body()["type"], "bin_not_found");
    let s = j.stats(30).unwrap();
    assert_eq!(s.users, 0);
    assert_eq!(s.numeric_active, Some(BTreeMap::new()));
    assert_eq!((s.press, s.color_active, s.word_active), (None, None, None));
}

#[test]
fn numeric_active_keeps_a_rating_whose_rows_net_to_zero() {
    // The backend returns a rating when any tree row for it exists in the
    // prefix: here 5 was touched (+1 then −1), 9 never was.
    let mut j = journal(Style::Numeric);
    ok(&mut j, join("s1", 0.0));
    ok(&mut j, ev("s1", 0.25, EventData::Numeric { rating: 5 }));
    ok(&mut j, ev("s1", 10.0, EventData::Numeric { rating: 7 }));
    let early = j.stats(0).unwrap().numeric_active.unwrap();
    assert_eq!(early, BTreeMap::from([("5".to_string(), 1)]));
    let last = j.stats(30).unwrap().numeric_active.unwrap();
    assert_eq!(
        last,
        BTreeMap::from([("5".to_string(), 0), ("7".to_string(), 1)])
    );
    let wire = j.stats_json(30).unwrap();
    assert!(wire.get("prompt_time").is_some());
    assert_eq!(wire["numeric_active"]["7"], 1);
}

#[test]
fn replacements_land_at_the_new_events_bin_and_interactive_truncates() {
    let mut j = journal(Style::Color);
    let w = j.bins().width; // 0.645 s
    ok(&mut j, join("s1", 0.0));
    ok(&mut j, ev("s1", 0.3, EventData::Color { index: 1 }));
    // 1.9 truncates to 1.0 → bin 1 in the interactive variant.
    ok(&mut j, ev("s1", 1.9, EventData::Color { index: 4 }));
    assert_eq!(j.bins().bin_of(1.9, true), 1);
    let b1 = j.stats(1).unwrap();
    assert_eq!(b1.color_active.unwrap(), vec![0, 0, 0, 0, 1, 0, 0, 0]);
    assert!((b1.journey_time - w).abs() < 1e-12);
    let b0 = j.stats(0).unwrap().color_active.unwrap();
    assert_eq!(b0, vec![0, 1, 0, 0, 0, 0, 0, 0]);
    // The journeys variant does not truncate: 1.9 s is bin 2.
    let mut jj = Journal::new(Variant::Journeys, Prompt::default_for(Style::Color), 20.0);
    ok(&mut jj, join("s1", 0.0));
    ok(&mut jj, ev("s1", 0.3, EventData::Color { index: 1 }));
    ok(&mut jj, ev("s1", 1.9, EventData::Color { index: 4 }));
    assert_eq!(jj.stats(1).unwrap().color_active.unwrap()[1], 1);
    assert!(jj.stats_json(0).unwrap().get("journey_time").is_some());
}

// ---- the crowd through the journal ----------------------------------------

fn crowd_cfg(style: Style, variant: Variant, crowd: u32, seed: u64) -> CrowdConfig {
    CrowdConfig {
        prompt: Prompt::default_for(style),
        variant,
        duration: 20.0,
        crowd,
        seed,
    }
}

/// Runs a crowd for `wall` seconds in 1 s steps and submits everything.
fn run(cfg: CrowdConfig, wall: f64) -> (Journal, Vec<Planned>) {
    // Every event kept: these tests compare the whole log.
    let mut j = Journal::new(cfg.variant, cfg.prompt.clone(), cfg.duration).with_limits(
        usize::MAX,
        usize::MAX,
        usize::MAX,
    );
    let mut crowd = Crowd::new(cfg);
    let mut all = Vec::new();
    let mut t = 0.0;
    while t < wall {
        t += 1.0;
        for p in crowd.advance(t) {
            if let Err(e) = j.submit(p.event.clone()) {
                panic!("rejected {:?}: {e}", p.event);
            }
            all.push(p);
        }
    }
    (j, all)
}

#[test]
fn ten_minutes_of_crowd_all_pass_the_rules() {
    for style in STYLES {
        for variant in Variant::ALL {
            let (j, all) = run(crowd_cfg(style, variant, 40, 11), 600.0);
            assert_eq!(j.log().len(), all.len());
            assert!(all.len() > 1000, "{style} {variant}: {}", all.len());
        }
    }
}

#[test]
fn a_big_crowd_all_passes_the_rules() {
    let (j, all) = run(
        crowd_cfg(Style::Numeric, Variant::InteractivePrompts, 2000, 12),
        600.0,
    );
    assert_eq!(j.log().len(), all.len());
    assert!(j.session_count() > 50_000, "{}", j.session_count());
    let (j, _) = run(crowd_cfg(Style::Press, Variant::Journeys, 2000, 13), 120.0);
    assert!(j.session_count() > 10_000);
}

/// Recounts stats for bin `b` straight from the log.
type Recount = (i64, i64, BTreeMap<i64, i64>, Vec<i64>, i64, i64);

fn brute(j: &Journal, b: usize) -> Recount {
    let bins: Bins = j.bins();
    let trunc = j.variant() == Variant::InteractivePrompts;
    let (mut users, mut likes, mut pa, mut press) = (0, 0, 0, 0);
    let mut latest: HashMap<&str, i64> = HashMap::new();
    let mut touched: BTreeMap<i64, ()> = BTreeMap::new();
    for e in j.log() {
        if bins.bin_of(e.time, trunc) > b {
            continue;
        }
        let s = e.session_uid.as_deref().unwrap();
        match e.data {
            EventData::Join { .. } => users += 1,
            EventData::Leave { .. } => users -= 1,
            EventData::Like => likes += 1,
            EventData::PressStart => {
                pa += 1;
                press += 1
            }
            EventData::PressEnd => pa -= 1,
            EventData::Numeric { rating: v }
            | EventData::Color { index: v }
            | EventData::Word { index: v } => {
                // The log is in time order per session, so the last wins.
                latest.insert(s, v);
                touched.insert(v, ());
            }
            _ => {}
        }
    }
    let n = j.prompt().option_count();
    let mut hist = BTreeMap::new();
    let mut list = vec![0; n];
    for v in touched.keys() {
        hist.insert(*v, 0);
    }
    for v in latest.values() {
        *hist.entry(*v).or_insert(0) += 1;
        if let Some(slot) = list.get_mut(*v as usize) {
            *slot += 1;
        }
    }
    (users, likes, hist, list, pa, press)
}

#[test]
fn every_bin_matches_a_brute_force_recount() {
    for style in STYLES {
        for variant in Variant::ALL {
            let (j, _) = run(crowd_cfg(style, variant, 40, 21), 120.0);
            for b in 0..j.bins().count {
                let s = j.stats(b as i64).unwrap();
                let (users, likes, hist, list, pa, press) = brute(&j, b);
                assert_eq!(
                    (s.users, s.likes),
                    (users, likes),
                    "{style} {variant} bin {b}"
                );
                assert!((s.journey_time - b as f64 * j.bins().width).abs() < 1e-9);
                match style {
                    Style::Numeric => {
                        let want: BTreeMap<String, i64> =
                            hist.iter().map(|(k, v)| (k.to_string(), *v)).collect();
                        assert_eq!(s.numeric_active, Some(want), "bin {b}");
                        assert_eq!(s.press, None);
                    }
                    Style::Press => {
                        assert_eq!((s.press_active, s.press), (Some(pa), Some(press)));
                        assert_eq!(s.numeric_active, None);
                    }
                    Style::Color => assert_eq!(s.color_active, Some(list)),
                    Style::Word => assert_eq!(s.word_active, Some(list)),
                }
            }
        }
    }
}

/// The poller asks only for bins that can answer differently
/// (`Bins::answer_of`): every other bin's answer is the one it repeats, to
/// the count, in both variants (times truncated to whole seconds or not).
#[test]
fn a_bin_answers_as_the_bin_it_repeats() {
    for style in STYLES {
        for variant in Variant::ALL {
            for duration in [20.0, 45.0] {
                let cfg = CrowdConfig {
                    duration,
                    ..crowd_cfg(style, variant, 40, 23)
                };
                let (j, _) = run(cfg, duration + 5.0);
                let bins = j.bins();
                let mut repeats = 0;
                for b in 0..bins.count {
                    let a = bins.answer_of(b, variant.stats_truncate_times());
                    let own = j.stats(b as i64).unwrap();
                    let mut answer = j.stats(a as i64).unwrap();
                    answer.journey_time = own.journey_time;
                    assert_eq!(own, answer, "{style} {variant} {b}");
                    repeats += usize::from(a != b);
                }
                // Bins of 0.65 s (20 s) and 0.71 s (45 s): about a third
                // hold no whole second, when the server truncates.
                if variant.stats_truncate_times() {
                    assert!(repeats * 4 > bins.count, "{repeats} of {}", bins.count);
                } else {
                    assert_eq!(repeats, 0);
                }
            }
        }
    }
}

#[test]
fn the_last_bin_equals_the_engines_fold() {
    for style in STYLES {
        let (j, _) = run(crowd_cfg(style, Variant::InteractivePrompts, 60, 31), 200.0);
        let config = EngineConfig {
            dedupe_horizon: 1e12,
            future_horizon: 1e12,
            start_at: 0.0,
        };
        let mut state = JourneyState::new(Some(j.prompt().clone()), Some(j.duration()), config);
        state.apply(Input::Batch(EventBatch {
            events: j.log().to_vec(),
            malformed: vec![],
        }));
        state.advance_to(j.duration() + 1.0);
        assert_eq!(state.counts().rejected, 0);
        let t = state.live();
        assert_eq!(t.clamped, 0);
        let s = j.stats(j.bins().count as i64 - 1).unwrap();
        assert_eq!(s.users, t.users as i64, "{style}");
        assert_eq!(s.likes, t.likes as i64);
        let as_i64 = |v: &Vec<u64>| v.iter().map(|n| *n as i64).collect::<Vec<_>>();
        match style {
            Style::Numeric => {
                let want: BTreeMap<String, i64> = t
                    .numeric
                    .iter()
                    .map(|(r, n)| (r.to_string(), *n as i64))
                    .collect();
                assert_eq!(s.numeric_active, Some(want));
            }
            Style::Press => {
                assert_eq!(s.press_active, Some(t.press_active as i64));
                assert_eq!(s.press, Some(t.press as i64));
            }
            Style::Color => assert_eq!(s.color_active, Some(as_i64(&t.color))),
            Style::Word => assert_eq!(s.word_active, Some(as_i64(&t.word))),
        }
    }
}

// ---- determinism ----------------------------------------------------------

fn key(p: &Planned) -> (u64, String) {
    (p.publish_at.to_bits(), format!("{:?}", p.event))
}

#[test]
fn slicing_does_not_change_the_events() {
    for style in STYLES {
        let cfg = crowd_cfg(style, Variant::Journeys, 50, 7);
        let whole: Vec<_> = Crowd::new(cfg.clone())
            .advance(90.0)
            .iter()
            .map(key)
            .collect();
        let mut c = Crowd::new(cfg.clone());
        let mut sliced = Vec::new();
        let mut t: f64 = 0.0;
        let mut step: f64 = 0.013;
        while t < 90.0 {
            t = (t + step).min(90.0);
            step = if step > 2.0 { 0.001 } else { step * 1.7 };
            sliced.extend(c.advance(t).iter().map(key));
            // Repeating a time yields nothing new.
            assert!(c.advance(t).is_empty());
        }
        assert_eq!(whole, sliced, "{style}");
        assert!(whole.len() > 500);
        // Publish order is non-decreasing.
        assert!(
            whole
                .windows(2)
                .all(|w| f64::from_bits(w[0].0) <= f64::from_bits(w[1].0))
        );
    }
}

#[test]
fn same_seed_same_log_different_seed_different_log() {
    let log = |seed| {
        let (j, _) = run(
            crowd_cfg(Style::Word, Variant::InteractivePrompts, 40, seed),
            60.0,
        );
        j.log().iter().map(|e| format!("{e:?}")).collect::<Vec<_>>()
    };
    assert_eq!(log(5), log(5));
    assert_ne!(log(5), log(6));
}

/// The first events of seed 7, in full. The values are arbitrary, but they
/// must not move: `rand` and `rand_pcg` are value-stable within a major
/// version, so a change here means a dependency bump changed every seeded
/// crowd (and recorded demo). Update the values only knowingly.
#[test]
fn a_seed_pins_its_first_events() {
    let (_, all) = run(
        crowd_cfg(Style::Numeric, Variant::InteractivePrompts, 40, 7),
        5.0,
    );
    let first: Vec<String> = all
        .iter()
        .take(4)
        .map(|p| {
            let e = &p.event;
            format!(
                "{:.4} {} {} {} {:.3} {:?}",
                p.publish_at,
                e.uid,
                e.user_sub.as_deref().unwrap_or("-"),
                e.session_uid.as_deref().unwrap_or("-"),
                e.time,
                e.data
            )
        })
        .collect();
    assert_eq!(first, PINNED_SEED_7);
}

const PINNED_SEED_7: [&str; 4] = [
    "0.4162 oseh_ipe_8iwJPLC6_ZMssE8iUdmkLA oseh_u_hZmYEsx-CvRGMBSvrBsr5g oseh_ips_uAAomz1tevKAPld4Uq88MA 0.000 Join { name: Some(\"Olivia\") }",
    "0.6372 oseh_ipe_iAKI5D0yYez7rFNPu8XtdA oseh_u_hZmYEsx-CvRGMBSvrBsr5g oseh_ips_uAAomz1tevKAPld4Uq88MA 0.221 Numeric { rating: 5 }",
    "0.8145 oseh_ipe_QD5bNT2xFg0M9veJ_NM7SQ oseh_u_sbR6zZX5f64__2yOrmJpjQ oseh_ips_74cDvkvhhqQGiKmAA567RQ 0.000 Join { name: Some(\"Beatriz\") }",
    "1.0845 oseh_ipe_XovrsnC-gokfW-WjXVGA_w oseh_u_sbR6zZX5f64__2yOrmJpjQ oseh_ips_74cDvkvhhqQGiKmAA567RQ 0.270 Numeric { rating: 5 }",
];

// ---- crowd shape ----------------------------------------------------------

/// Each session's events, in order.
fn sessions(all: &[Planned]) -> Vec<Vec<&Planned>> {
    let mut by: HashMap<&str, Vec<&Planned>> = HashMap::new();
    let mut order = Vec::new();
    for p in all {
        let s = p.event.session_uid.as_deref().unwrap();
        by.entry(s).or_insert_with(|| {
            order.push(s);
            Vec::new()
        });
        by.get_mut(s).unwrap().push(p);
    }
    order.into_iter().map(|s| by.remove(s).unwrap()).collect()
}

fn finished(all: &[Planned]) -> Vec<Vec<&Planned>> {
    sessions(all)
        .into_iter()
        .filter(|s| matches!(s.last().unwrap().event.data, EventData::Leave { .. }))
        .collect()
}

#[test]
fn numeric_shape() {
    let (_, all) = run(
        crowd_cfg(Style::Numeric, Variant::InteractivePrompts, 100, 41),
        300.0,
    );
    let done = finished(&all);
    assert!(done.len() > 1000);
    let mut later = [0usize; 11];
    let mut early_leaves = 0;
    for s in &done {
        let join = &s[0];
        assert!(matches!(join.event.data, EventData::Join { name: Some(_) }));
        assert_eq!(join.event.time, 0.0);
        let answers: Vec<(f64, i64)> = s
            .iter()
            .filter_map(|p| match p.event.data {
                EventData::Numeric { rating } => Some((p.event.time, rating)),
                _ => None,
            })
            .collect();
        let leave = s.last().unwrap();
        if leave.event.time < 20.0 {
            early_leaves += 1;
        }
        if leave.event.time > 0.35 {
            let (t0, r0) = answers[0];
            assert!((0.2..=0.35).contains(&t0), "{t0}");
            assert!(r0 == 5 || r0 == 6, "{r0}");
        }
        assert!(answers.len() <= 4);
        for w in answers.windows(2) {
            assert!(w[1].0 - w[0].0 >= 1.0 - 1e-9);
            assert_ne!(w[1].1, w[0].1);
        }
        for (_, r) in &answers[1.min(answers.len())..] {
            later[*r as usize] += 1;
        }
        for p in s {
            assert!((p.publish_at - (join.publish_at + p.event.time)).abs() < 1e-9);
            assert!((0.0..=20.0).contains(&p.event.time));
        }
    }
    // Changes skew up the scale: 6–8 beat 1–3 by a wide margin.
    let high: usize = later[6..=8].iter().sum();
    let low: usize = later[1..=3].iter().sum();
    assert!(high > 4 * low, "{later:?}");
    let share = early_leaves as f64 / done.len() as f64;
    assert!((0.06..0.14).contains(&share), "{share}");
}

#[test]
fn press_shape() {
    let (_, all) = run(crowd_cfg(Style::Press, Variant::Journeys, 100, 42), 300.0);
    let mut holds = 0;
    for s in finished(&all) {
        let mut start: Option<f64> = None;
        for p in &s {
            match p.event.data {
                EventData::PressStart => {
                    assert!(start.is_none(), "overlapping holds");
                    start = Some(p.event.time);
                }
                EventData::PressEnd => {
                    let d = p.event.time - start.take().expect("end without start");
                    assert!((0.5 - 1e-9..=4.0 + 1e-9).contains(&d), "{d}");
                    holds += 1;
                }
                _ => {}
            }
        }
        // A dangling start only for someone who left early.
        if start.is_some() {
            assert!(s.last().unwrap().event.time < 20.0);
        }
    }
    assert!(holds > 1000);
}

#[test]
fn choices_favour_some_options_and_uids_have_real_prefixes() {
    let (_, all) = run(
        crowd_cfg(Style::Word, Variant::InteractivePrompts, 100, 43),
        300.0,
    );
    let mut picks = [0usize; 3];
    let mut icons = 0;
    for p in &all {
        assert!(p.event.uid.starts_with("oseh_ipe_"));
        assert_eq!(p.event.uid.len(), "oseh_ipe_".len() + 22);
        assert!(
            p.event
                .session_uid
                .as_deref()
                .unwrap()
                .starts_with("oseh_ips_")
        );
        assert!(p.event.user_sub.as_deref().unwrap().starts_with("oseh_u_"));
        if let Some(icon) = &p.event.icon {
            assert!(icon.uid.starts_with("oseh_if_"));
            assert!(icon.jwt.is_empty());
        }
        if let EventData::Join { .. } = p.event.data {
            icons += usize::from(p.event.icon.is_some());
        }
        if let EventData::Word { index } = p.event.data {
            picks[index as usize] += 1;
        }
    }
    let joins = all
        .iter()
        .filter(|p| matches!(p.event.data, EventData::Join { .. }))
        .count();
    let share = icons as f64 / joins as f64;
    assert!((0.4..0.6).contains(&share), "{share}");
    let (max, min) = (picks.iter().max().unwrap(), picks.iter().min().unwrap());
    assert!(*max as f64 > 1.3 * *min as f64, "{picks:?}");
}

#[test]
fn odd_durations_also_pass_the_rules() {
    for duration in [0.5, 1.0, 10.0, 16.0, 20.5, 60.0] {
        for style in STYLES {
            let cfg = CrowdConfig {
                duration,
                ..crowd_cfg(style, Variant::Journeys, 30, 51)
            };
            let (j, all) = run(cfg, 180.0);
            assert_eq!(j.log().len(), all.len(), "{duration} {style}");
            assert!(all.iter().all(|p| (0.0..=duration).contains(&p.event.time)));
        }
    }
}
