//! A property test of the engine against a naive reference fold: any
//! shuffle, any batching, duplicates, and a live-like stream with
//! lookahead all give the numbers of PROTOCOL.md §4 folded in time order.

use journeytop_engine::*;
use journeytop_protocol::*;
use proptest::prelude::*;

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

#[derive(Debug, Clone)]
struct Log {
    prompt: Prompt,
    events: Vec<Event>,
}

fn arb_prompt() -> impl Strategy<Value = Prompt> {
    prop_oneof![
        Just(Prompt::default_for(Style::Numeric)),
        Just(Prompt::default_for(Style::Press)),
        Just(Prompt::default_for(Style::Color)),
        Just(Prompt::default_for(Style::Word)),
    ]
}

/// One session's actions as (time step in tenths of a second, action code).
fn arb_session() -> impl Strategy<Value = (u8, Vec<(u8, u8)>, bool)> {
    (
        0u8..100,
        prop::collection::vec((0u8..12, any::<u8>()), 0..12),
        any::<bool>(),
    )
}

/// Builds a log that respects the backend's session rules (§4): join first,
/// times never go backwards, never the same evtype twice at one time, press
/// start/end alternate, nothing after leave, answers fit the prompt.
fn arb_log() -> impl Strategy<Value = Log> {
    (arb_prompt(), prop::collection::vec(arb_session(), 1..25)).prop_map(|(prompt, sessions)| {
        let mut events = Vec::new();
        let mut n = 0;
        for (s, (start, actions, leaves)) in sessions.into_iter().enumerate() {
            let session = format!("oseh_ips_{s}");
            let mut t = f64::from(start) / 10.0;
            let mut push = |t: f64, data: EventData, events: &mut Vec<Event>| {
                n += 1;
                events.push(ev(&format!("oseh_ipe_{n}"), &session, t, data));
            };
            push(
                t,
                EventData::Join {
                    name: Some(format!("P{s}")),
                },
                &mut events,
            );
            let mut pressing = false;
            // Evtypes already used at the current time `t`.
            let mut used_at_t: Vec<std::mem::Discriminant<EventData>> = vec![];
            for (step, pick) in actions {
                if step > 0 {
                    t += f64::from(step) / 10.0;
                    used_at_t.clear();
                }
                let data = match (pick % 3, &prompt) {
                    (0, _) => EventData::Like,
                    (_, Prompt::Numeric { min, max, .. }) => EventData::Numeric {
                        rating: min + i64::from(pick) % (max - min + 1),
                    },
                    (_, Prompt::Press { .. }) => {
                        pressing = !pressing;
                        if pressing {
                            EventData::PressStart
                        } else {
                            EventData::PressEnd
                        }
                    }
                    (_, Prompt::Color { colors, .. }) => EventData::Color {
                        index: i64::from(pick) % colors.len() as i64,
                    },
                    (_, Prompt::Word { options, .. }) => EventData::Word {
                        index: i64::from(pick) % options.len() as i64,
                    },
                };
                let kind = std::mem::discriminant(&data);
                if used_at_t.contains(&kind) {
                    t += 0.1; // the same evtype twice at one time is rejected upstream
                    used_at_t.clear();
                }
                used_at_t.push(kind);
                push(t, data, &mut events);
            }
            if leaves {
                t += 0.1;
                push(
                    t,
                    EventData::Leave {
                        name: Some(format!("P{s}")),
                    },
                    &mut events,
                );
            }
        }
        Log { prompt, events }
    })
}

/// The backend's rules, folded naively over the time-sorted log.
fn reference(log: &Log) -> (i64, i64, Vec<i64>, i64, i64) {
    let mut sorted = log.events.clone();
    sorted.sort_by(|a, b| a.time.total_cmp(&b.time));
    let slots = log.prompt.option_count();
    let (mut users, mut likes, mut press_active, mut press) = (0i64, 0i64, 0i64, 0i64);
    let mut counts = vec![0i64; slots];
    let mut last = std::collections::HashMap::<String, usize>::new();
    let min = match &log.prompt {
        Prompt::Numeric { min, .. } => *min,
        _ => 0,
    };
    for e in &sorted {
        let answer = match &e.data {
            EventData::Join { .. } => {
                users += 1;
                None
            }
            EventData::Leave { .. } => {
                users -= 1;
                None
            }
            EventData::Like => {
                likes += 1;
                None
            }
            EventData::PressStart => {
                press_active += 1;
                press += 1;
                None
            }
            EventData::PressEnd => {
                press_active -= 1;
                None
            }
            EventData::Numeric { rating } => Some((rating - min) as usize),
            EventData::Color { index } | EventData::Word { index } => Some(*index as usize),
            _ => None,
        };
        if let Some(i) = answer {
            if let Some(prev) = last.insert(e.session_uid.clone().unwrap(), i) {
                counts[prev] -= 1;
            }
            counts[i] += 1;
        }
    }
    (users, likes, counts, press_active, press)
}

fn observed(s: &Snapshot) -> (i64, i64, Vec<i64>, i64, i64) {
    let counts: Vec<u64> = match (&s.numeric_active, &s.color_active, &s.word_active) {
        (Some(n), _, _) => n.iter().map(|(_, c)| *c).collect(),
        (_, Some(c), _) => c.clone(),
        (_, _, Some(w)) => w.clone(),
        _ => vec![],
    };
    (
        s.users as i64,
        s.likes as i64,
        counts.into_iter().map(|c| c as i64).collect(),
        s.press_active.unwrap_or(0) as i64,
        s.press.unwrap_or(0) as i64,
    )
}

fn config() -> EngineConfig {
    EngineConfig {
        dedupe_horizon: 1e9,
        future_horizon: 1e9,
        start_at: -1.0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any shuffle, cut into any batches, with duplicates, all received
    /// before the clock reaches them: the same snapshot as the naive fold.
    #[test]
    fn shuffled_batches_equal_the_reference_fold(
        log in arb_log(),
        order in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        cuts in prop::collection::vec(1usize..20, 1..50),
    ) {
        let mut shuffled = log.events.clone();
        // Deterministic shuffle from the seed (Fisher–Yates with an LCG).
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (x >> 33) as usize % (i + 1));
        }
        // Re-send a few events, as a reconnect might.
        let dupes = order.index(shuffled.len().max(1)).min(5);
        let resent: Vec<Event> = shuffled.iter().take(dupes).cloned().collect();
        shuffled.extend(resent);

        let mut e = JourneyState::new(Some(log.prompt.clone()), Some(30.0), config());
        let mut rest = shuffled.as_slice();
        for cut in cuts.iter().cycle() {
            if rest.is_empty() { break; }
            let (head, tail) = rest.split_at((*cut).min(rest.len()));
            e.apply(Input::Batch(EventBatch { events: head.to_vec(), malformed: vec![] }));
            rest = tail;
        }
        e.advance_to(1000.0);
        let s = e.snapshot();
        prop_assert_eq!(observed(&s), reference(&log));
        let c = s.events.unwrap();
        prop_assert_eq!(c.applied as usize, log.events.len());
        prop_assert_eq!(c.duplicates as usize, dupes);
        prop_assert_eq!(e.live().clamped, 0);
    }

    /// Events arrive as a live socket delivers them — each some time before
    /// it is due, batches in arrival order — while the clock moves.
    #[test]
    fn streamed_with_lookahead_equals_the_reference_fold(
        log in arb_log(),
        leads in prop::collection::vec(0u8..30, 1..64),
    ) {
        let mut arrivals: Vec<(f64, Event)> = log.events.iter().enumerate()
            .map(|(i, e)| (e.time - f64::from(leads[i % leads.len()]) / 10.0, e.clone()))
            .collect();
        arrivals.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut e = JourneyState::new(Some(log.prompt.clone()), Some(30.0), config());
        let mut i = 0;
        while i < arrivals.len() {
            let at = arrivals[i].0;
            // Everything arriving within the same quarter second is one batch.
            let mut events = vec![];
            while i < arrivals.len() && arrivals[i].0 < at + 0.25 {
                events.push(arrivals[i].1.clone());
                i += 1;
            }
            e.advance_to(at - 0.01);
            e.apply(Input::Batch(EventBatch { events, malformed: vec![] }));
        }
        e.advance_to(1000.0);
        prop_assert_eq!(observed(&e.snapshot()), reference(&log));
    }
}
