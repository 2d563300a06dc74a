//! The demo's restart: from the journey's end, 5 s on the summary, then the
//! next journey — unless a key was pressed. Pure: the engine's clock is set
//! by hand.

use super::*;
use crate::ui::{ColorMode, ThemeName};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use journeytop_engine::EngineConfig;
use journeytop_protocol::Variant;

fn meta(mode: Mode) -> Meta {
    Meta {
        variant: Variant::InteractivePrompts,
        uid: "oseh_ip_x".into(),
        mode,
        source: "test".into(),
        stats: crate::ui::StatsPlan::Endpoint,
    }
}

/// A 20 s journey with its clock at `now`.
fn engine_at(now: f64) -> JourneyState {
    let mut e = JourneyState::new(None, Some(20.0), EngineConfig::default());
    e.advance_to(now);
    e
}

fn app() -> App {
    App::new(ThemeName::Dark, ColorMode::TrueColor)
}

#[test]
fn the_demo_counts_down_from_the_end_and_restarts_five_seconds_after_it() {
    let demo = meta(Mode::Demo);
    let mut app = app();
    assert_eq!(demo_countdown(&demo, &engine_at(19.5), &mut app), None);
    assert_eq!(app.restart, AutoRestart::Idle, "still running");
    for (now, secs) in [(20.0, 5), (22.0, 3), (22.5, 3), (24.9, 1)] {
        assert_eq!(demo_countdown(&demo, &engine_at(now), &mut app), None);
        assert_eq!(app.restart, AutoRestart::Pending { secs }, "at {now}");
    }
    assert_eq!(
        demo_countdown(&demo, &engine_at(25.0), &mut app),
        Some(Outcome::Restart)
    );
    assert_eq!(
        demo_countdown(&demo, &engine_at(31.0), &mut app),
        Some(Outcome::Restart)
    );
}

#[test]
fn watch_never_restarts() {
    let mut app = app();
    for now in [20.0, 22.0, 25.0, 100.0] {
        assert_eq!(
            demo_countdown(&meta(Mode::Watch), &engine_at(now), &mut app),
            None
        );
        assert_eq!(app.restart, AutoRestart::Idle);
    }
}

#[test]
fn any_key_during_the_countdown_stays_on_the_summary() {
    let demo = meta(Mode::Demo);
    let mut app = app();
    assert_eq!(demo_countdown(&demo, &engine_at(22.0), &mut app), None);
    assert_eq!(app.restart, AutoRestart::Pending { secs: 3 });
    // Tab: a key that does something else; it also stops the countdown.
    let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE);
    keys::handle(&mut app, tab, Screen::Demo);
    assert_eq!(app.restart, AutoRestart::Stopped);
    for now in [25.0, 40.0] {
        assert_eq!(demo_countdown(&demo, &engine_at(now), &mut app), None);
    }
    // The next journey starts the countdown afresh.
    app.next_journey();
    assert_eq!(
        demo_countdown(&demo, &engine_at(25.0), &mut app),
        Some(Outcome::Restart)
    );
}
