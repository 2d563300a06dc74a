//! Inferring an unknown prompt's style from the answers seen: only events
//! that pass validation and are new may vote (a repeat of an event the
//! server sent twice, or an event rejected for its data, says nothing about
//! the prompt).

use journeytop_engine::{EngineConfig, Input, JourneyState, StyleInfo};
use journeytop_protocol::{Event, EventBatch, EventData, Style};

fn answer(uid: &str, data: EventData) -> Event {
    Event {
        uid: uid.into(),
        user_sub: None,
        session_uid: Some(format!("oseh_js_{uid}")),
        time: 1.0,
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

fn unknown_prompt() -> JourneyState {
    JourneyState::new(None, None, EngineConfig::default())
}

#[test]
fn a_duplicated_answer_votes_once() {
    let mut e = unknown_prompt();
    let word = answer("w", EventData::Word { index: 0 });
    e.apply(batch(vec![
        answer("c1", EventData::Color { index: 0 }),
        answer("c2", EventData::Color { index: 1 }),
        word.clone(),
    ]));
    // The same word answer again, twice (a reconnect replays the window).
    e.apply(batch(vec![word.clone()]));
    e.apply(batch(vec![word]));
    assert_eq!(e.counts().duplicates, 2);
    assert_eq!(e.style(), StyleInfo::Inferred(Style::Color));
}

#[test]
fn a_rejected_answer_does_not_vote() {
    let mut e = unknown_prompt();
    e.apply(batch(vec![
        answer("c", EventData::Color { index: 0 }),
        // Beyond any prompt's options: rejected, so no evidence of a word prompt.
        answer("w1", EventData::Word { index: 5000 }),
        answer("w2", EventData::Word { index: -1 }),
    ]));
    assert_eq!(e.counts().rejected, 2);
    assert_eq!(e.style(), StyleInfo::Inferred(Style::Color));
}

#[test]
fn without_valid_answers_the_style_stays_unknown() {
    let mut e = unknown_prompt();
    e.apply(batch(vec![answer(
        "n",
        EventData::Numeric { rating: 1_000_000 },
    )]));
    assert_eq!(e.counts().rejected, 1);
    assert_eq!(e.style(), StyleInfo::Unknown);
}
