//! The overview's loop: terminal keys, and a 10 Hz pump of every journey
//! (a non-blocking drain; no journey can hold up another or the keys).
//! Redraws when something changed, and at least once a second for the
//! clocks. A journey's dashboard keeps its own view state while closed, and
//! its engine never stops counting, so opening it again is instant.

use super::source::Journeys;
use super::{Overview, Row, table};
use crate::ui::app::{App, Meta, Mode};
use crate::ui::keys::{self, Effect, OverviewAction, Screen};
use crate::ui::layout::render;
use crate::ui::theme::{ColorMode, Theme, ThemeName};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use futures_util::StreamExt;
use std::time::Duration;
use tokio::time::{Instant, MissedTickBehavior};

const PUMP: Duration = Duration::from_millis(100);

/// The rows for every journey, in the given order.
pub(crate) fn rows(src: &mut impl Journeys) -> Vec<Row> {
    (0..src.count()).filter_map(|i| src.row(i)).collect()
}

/// What a key did.
enum Step {
    Quit,
    Changed,
    Nothing,
}

/// A key on a journey's dashboard.
fn dashboard_key(
    src: &mut impl Journeys,
    app: &mut App,
    (i, meta): (usize, &Meta),
    key: KeyEvent,
    o: &mut Overview,
) -> Step {
    let screen = app.screen(Screen::of(meta.mode));
    match keys::handle(app, key, screen) {
        Effect::Quit => Step::Quit,
        Effect::Overview(OverviewAction::Back) => {
            o.drilled = None;
            Step::Changed
        }
        Effect::ResetLive => {
            src.reset_live(i);
            Step::Changed
        }
        Effect::Freeze => {
            app.frozen = src.view(i, meta).map(Box::new);
            Step::Changed
        }
        Effect::Player(action) => {
            src.play(action);
            Step::Changed
        }
        Effect::Redraw | Effect::Overview(_) => Step::Changed,
        // `n` (the demo's next journey) is not bound on a drilled dashboard.
        Effect::None | Effect::Next => Step::Nothing,
    }
}

/// A key on the table (or while typing the filter).
fn table_key(
    src: &mut impl Journeys,
    table_app: &mut App,
    key: KeyEvent,
    o: &mut Overview,
) -> Step {
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
    match keys::handle(table_app, key, o.screen()) {
        Effect::Quit => Step::Quit,
        Effect::Overview(a) => {
            o.apply(a, &rows(src));
            Step::Changed
        }
        Effect::Player(action) => {
            src.play(action);
            Step::Changed
        }
        Effect::None => Step::Nothing,
        _ => Step::Changed,
    }
}

/// Runs the overview until the user quits.
pub(crate) async fn run(
    terminal: &mut crate::ui::terminal::DefaultTerminal,
    src: &mut impl Journeys,
    mode: Mode,
    theme: ThemeName,
    color: ColorMode,
) -> anyhow::Result<()> {
    let metas: Vec<Meta> = (0..src.count()).map(|i| src.meta(i, mode)).collect();
    let mut apps: Vec<App> = metas
        .iter()
        .map(|_| App {
            drilled: true,
            ..App::new(theme, color)
        })
        .collect();
    let mut table_app = App::new(theme, color);
    let mut o = Overview::new();
    o.clock = src.replay_clock();
    let mut events = crate::ui::term_events::terminal_events();
    let mut terminal_open = true;
    let mut pump = tokio::time::interval(PUMP);
    pump.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut pumped_at = Instant::now();
    let mut dirty = true;
    let mut drawn_at = Instant::now();
    loop {
        if dirty || drawn_at.elapsed() >= Duration::from_secs(1) {
            o.clock = src.replay_clock();
            draw(terminal, src, &metas, &apps, &table_app, &o)?;
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
                        Some(i) if i < apps.len() => dashboard_key(src, &mut apps[i], (i, &metas[i]), key, &mut o),
                        _ => table_key(src, &mut table_app, key, &mut o),
                    };
                    match step {
                        Step::Quit => return Ok(()),
                        Step::Changed => dirty = true,
                        Step::Nothing => {}
                    }
                }
                Some(Ok(Event::Mouse(m))) => {
                    if let Some(app) = o.drilled.and_then(|i| apps.get_mut(i)) {
                        dirty |= keys::mouse(app, m) != Effect::None;
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
                let now = Instant::now();
                let changed = src.pump(now.duration_since(pumped_at));
                pumped_at = now;
                // Only the journey on screen asks for a redraw; the table
                // redraws for any.
                dirty |= match o.drilled {
                    Some(i) => apps.get(i).is_some_and(|a| a.frozen.is_none()) && changed,
                    None => changed,
                };
            }
        }
    }
}

/// Draws the journey whose dashboard is open, or the table.
fn draw(
    terminal: &mut crate::ui::terminal::DefaultTerminal,
    src: &mut impl Journeys,
    metas: &[Meta],
    apps: &[App],
    table_app: &App,
    o: &Overview,
) -> std::io::Result<()> {
    if let Some((i, app)) = o.drilled.and_then(|i| Some((i, apps.get(i)?))) {
        let view = match app.frozen.as_deref() {
            Some(v) => Some(v.clone()),
            None => src.view(i, &metas[i]),
        };
        if let Some(view) = view {
            terminal.draw(|f| render(f, &view, app))?;
            return Ok(());
        }
    }
    let rows = rows(src);
    let theme = Theme::new(table_app.theme, table_app.color);
    terminal.draw(|f| {
        let area = f.area();
        table::draw(f.buffer_mut(), area, &rows, o, table_app.help, &theme);
    })?;
    Ok(())
}
