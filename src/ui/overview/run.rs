//! The overview's loop: terminal keys, and a 10 Hz pump of every journey
//! (a non-blocking drain; no journey can hold up another or the keys).
//! Redraws when something changed, and at least once a second for the
//! clocks. A journey's dashboard keeps its own view state while closed, and
//! its engine never stops counting, so opening it again is instant.

use super::{Overview, Row, table};
use crate::live::fleet::Fleet;
use crate::ui::app::{App, Meta, Mode};
use crate::ui::keys::{self, Effect, OverviewAction, Screen};
use crate::ui::layout::render;
use crate::ui::theme::{ColorMode, Theme, ThemeName};
use crate::ui::view::View;
use crossterm::event::{Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use futures_util::StreamExt;
use std::time::Duration;
use tokio::time::{Instant, MissedTickBehavior};

const PUMP: Duration = Duration::from_millis(100);

/// The rows for every journey, in the fleet's order.
pub(crate) fn rows(fleet: &Fleet) -> Vec<Row> {
    fleet
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| Row::build(i, s.uid(), &s.engine, s.last_event))
        .collect()
}

fn metas(fleet: &Fleet, mode: Mode) -> Vec<Meta> {
    fleet
        .slots
        .iter()
        .map(|s| Meta {
            variant: s.session.target.spec.variant,
            uid: s.uid().to_string(),
            mode,
            source: s.session.target.ws.to_url(),
            stats: if s.session.target.api_base().is_some() {
                crate::ui::StatsPlan::Endpoint
            } else {
                crate::ui::StatsPlan::NoEndpoint
            },
        })
        .collect()
}

/// What a key did.
enum Step {
    Quit,
    Changed,
    Nothing,
}

/// A key on a journey's dashboard.
fn dashboard_key(
    fleet: &mut Fleet,
    app: &mut App,
    i: usize,
    meta: &Meta,
    key: KeyEvent,
    o: &mut Overview,
) -> Step {
    match keys::handle(app, key, Screen::Drilled) {
        Effect::Quit => Step::Quit,
        Effect::Overview(OverviewAction::Back) => {
            o.drilled = None;
            Step::Changed
        }
        Effect::ResetLive => {
            if let Some(s) = fleet.slots.get_mut(i) {
                s.engine.reset_live();
            }
            Step::Changed
        }
        Effect::Freeze => {
            if let Some(s) = fleet.slots.get(i) {
                app.frozen = Some(Box::new(View::build(&s.engine, meta)));
            }
            Step::Changed
        }
        Effect::Redraw | Effect::Overview(_) => Step::Changed,
        // `n` (the demo's next journey) is not bound on a drilled dashboard.
        Effect::None | Effect::Player(_) | Effect::Next => Step::Nothing,
    }
}

/// A key on the table (or while typing the filter).
fn table_key(fleet: &Fleet, table_app: &mut App, key: KeyEvent, o: &mut Overview) -> Step {
    if o.editing {
        if key.kind == KeyEventKind::Release {
            return Step::Nothing;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Step::Quit;
        }
        o.edit(key.code);
        return Step::Changed;
    }
    match keys::handle(table_app, key, Screen::Overview) {
        Effect::Quit => Step::Quit,
        Effect::Overview(a) => {
            o.apply(a, &rows(fleet));
            Step::Changed
        }
        Effect::None | Effect::Player(_) => Step::Nothing,
        _ => Step::Changed,
    }
}

/// Runs the overview until the user quits.
pub(crate) async fn run(
    terminal: &mut ratatui::DefaultTerminal,
    fleet: &mut Fleet,
    mode: Mode,
    theme: ThemeName,
    color: ColorMode,
) -> anyhow::Result<()> {
    let metas = metas(fleet, mode);
    let mut apps: Vec<App> = fleet
        .slots
        .iter()
        .map(|_| App {
            drilled: true,
            ..App::new(theme, color)
        })
        .collect();
    let mut table_app = App::new(theme, color);
    let mut o = Overview::new();
    let mut events = EventStream::new();
    let mut terminal_open = true;
    let mut pump = tokio::time::interval(PUMP);
    pump.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut dirty = true;
    let mut drawn_at = Instant::now();
    loop {
        if dirty || drawn_at.elapsed() >= Duration::from_secs(1) {
            match o.drilled {
                Some(i) if i < apps.len() => {
                    let app = &apps[i];
                    let built;
                    let view = match app.frozen.as_deref() {
                        Some(v) => v,
                        None => {
                            built = View::build(&fleet.slots[i].engine, &metas[i]);
                            &built
                        }
                    };
                    terminal.draw(|f| render(f, view, app))?;
                }
                _ => {
                    let rows = rows(fleet);
                    let theme = Theme::new(table_app.theme, table_app.color);
                    terminal.draw(|f| {
                        let area = f.area();
                        table::draw(f.buffer_mut(), area, &rows, &o, table_app.help, &theme);
                    })?;
                }
            }
            dirty = false;
            drawn_at = Instant::now();
        }
        tokio::select! {
            biased;
            // A stop signal quits like `q` (the caller restores the terminal).
            _ = crate::process::signals::shutdown() => return Ok(()),
            ev = events.next(), if terminal_open => match ev {
                Some(Ok(Event::Key(key))) => {
                    let step = match o.drilled {
                        Some(i) if i < apps.len() => dashboard_key(fleet, &mut apps[i], i, &metas[i], key, &mut o),
                        _ => table_key(fleet, &mut table_app, key, &mut o),
                    };
                    match step {
                        Step::Quit => return Ok(()),
                        Step::Changed => dirty = true,
                        Step::Nothing => {}
                    }
                }
                Some(Ok(Event::Resize(..))) => dirty = true,
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    tracing::warn!(error = %e, "terminal input failed");
                    terminal_open = false;
                }
                None => terminal_open = false,
            },
            _ = pump.tick() => {
                // Only the journey on screen asks for a redraw; the table
                // redraws for any.
                let changed = fleet.pump();
                dirty |= match o.drilled {
                    Some(i) => apps.get(i).is_some_and(|a| a.frozen.is_none()) && changed,
                    None => changed,
                };
            }
        }
    }
}
