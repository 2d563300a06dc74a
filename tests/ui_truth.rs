//! What the screen says must be true: the help names why the all-session
//! totals are missing and what to do, `NO_COLOR` never offers a theme key,
//! and the error screen's clock stops at the failure.

use journeytop::ui::{App, ColorMode, Meta, Mode, StatsPlan, ThemeName, View, render};
use journeytop_engine::*;
use journeytop_protocol::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn meta(stats: StatsPlan) -> Meta {
    Meta {
        variant: Variant::InteractivePrompts,
        uid: "oseh_ip_AbCdEfGhIjKlMnOpQrStUv".into(),
        mode: Mode::Watch,
        source: "wss://example.invalid".into(),
        stats,
    }
}

fn link(e: &mut JourneyState, at: f64, connection: Connection) {
    e.ingest(Stamped {
        at,
        input: Input::Link(Link {
            connection,
            detail: None,
            retry_at: None,
        }),
    });
}

/// A numeric journey, live, with a few people who joined and answered.
fn journey() -> JourneyState {
    let mut e = JourneyState::new(
        Some(Prompt::default_for(Style::Numeric)),
        Some(60.0),
        EngineConfig::default(),
    );
    link(&mut e, 0.0, Connection::Live);
    let events = (0..6)
        .flat_map(|i| {
            let s = format!("oseh_ips_{i}");
            let ev = |n: &str, t: f64, data| Event {
                uid: format!("oseh_ipe_{i}{n}"),
                user_sub: None,
                session_uid: Some(s.clone()),
                time: t,
                icon: None,
                data,
            };
            let name = Some(format!("P{i}"));
            [
                ev("j", f64::from(i), EventData::Join { name }),
                ev(
                    "a",
                    f64::from(i) + 0.5,
                    EventData::Numeric {
                        rating: 3 + i64::from(i),
                    },
                ),
            ]
        })
        .collect();
    e.ingest(Stamped {
        at: 10.0,
        input: Input::Batch(EventBatch {
            events,
            malformed: vec![],
        }),
    });
    e.advance_to(20.0);
    e
}

fn text(view: &View, app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| render(f, view, app)).unwrap();
    let b = terminal.backend().buffer();
    (0..b.area.height)
        .map(|y| {
            (0..b.area.width)
                .map(|x| b[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn help_app(color: ColorMode) -> App {
    let mut a = App::new(ThemeName::Dark, color);
    a.help = true;
    a
}

#[test]
fn help_says_why_the_totals_are_missing_and_what_to_do() {
    let e = journey();
    let a = help_app(ColorMode::None);
    // --api given, the server down: the endpoint has not answered.
    let down = View::build(&e, &meta(StatsPlan::Endpoint));
    let shown = text(&down, &a, 120, 40);
    assert!(
        shown.contains("the stats endpoint has not answered"),
        "{shown}"
    );
    assert!(!shown.contains("no stats endpoint"), "{shown}");
    insta::assert_snapshot!("help_stats_down_120x40", shown);
    let none = text(&View::build(&e, &meta(StatsPlan::NoEndpoint)), &a, 120, 40);
    assert!(
        none.contains("no stats endpoint was given; run with --api URL"),
        "{none}"
    );
    let rec = text(&View::build(&e, &meta(StatsPlan::Recording)), &a, 120, 40);
    assert!(rec.contains("this recording holds no stats"), "{rec}");
}

#[test]
fn no_color_never_offers_the_theme_key() {
    let e = journey();
    let view = View::build(&e, &meta(StatsPlan::NoEndpoint));
    let help = |c| text(&view, &help_app(c), 120, 40);
    let footer = |c| {
        let all = text(&view, &App::new(ThemeName::Dark, c), 250, 40);
        all.lines().last().unwrap_or_default().to_string()
    };
    assert!(!help(ColorMode::None).contains("cycle themes"));
    assert!(help(ColorMode::TrueColor).contains("cycle themes"));
    assert!(
        !footer(ColorMode::None).contains("theme"),
        "{}",
        footer(ColorMode::None)
    );
    assert!(
        footer(ColorMode::TrueColor).contains("c theme: dark"),
        "{}",
        footer(ColorMode::TrueColor)
    );
}

#[test]
fn the_error_screen_freezes_its_clock_at_the_failure() {
    let mut e = journey();
    link(&mut e, 21.0, Connection::Failed);
    e.advance_to(33.0);
    let view = View::build(&e, &meta(StatsPlan::NoEndpoint));
    assert_eq!(view.now(), 21.0);
    let shown = text(&view, &App::new(ThemeName::Dark, ColorMode::None), 80, 24);
    assert!(shown.contains("00:21 / 01:00"), "{shown}");
    assert!(!shown.contains("00:33"), "{shown}");
    // Not failed: the clock runs on.
    let mut live = journey();
    live.advance_to(33.0);
    assert_eq!(View::build(&live, &meta(StatsPlan::NoEndpoint)).now(), 33.0);
}
