//! The dashboard over a recording: the same screen, with the journey clock
//! following a [`Player`] — speed, pause and seek on keys, the position in
//! the header. The player folds the engine exactly to its position, so at
//! every journey time the screen shows what the live run showed.

use super::app::{App, Meta};
use super::keys::{self, Effect, PlayerAction, Screen};
use super::layout::render;
use super::runtime::Outcome;
use super::view::{Phase, Playback, View};
use crate::record::Player;
use crate::record::transport::Transport;
use crossterm::event::Event;
use futures_util::StreamExt;
use std::time::Duration;
use tokio::time::Instant;

const FRAME: Duration = Duration::from_millis(33);
const IDLE: Duration = Duration::from_secs(1);
/// How far ← / → seek, in journey seconds (the help says 5 s).
pub(crate) const SEEK_STEP: f64 = 5.0;

/// Carries out a replay key on a replay's clock (one recording's, or the
/// shared clock of several).
pub(crate) fn play(clock: &mut Transport, action: PlayerAction) {
    match action {
        PlayerAction::TogglePause => clock.toggle_pause(),
        PlayerAction::Slower => clock.set_speed(clock.speed() / 2.0),
        PlayerAction::Faster => clock.set_speed(clock.speed() * 2.0),
        PlayerAction::Back => clock.seek_by(-SEEK_STEP),
        PlayerAction::Forward => clock.seek_by(SEEK_STEP),
        PlayerAction::ToStart => clock.seek_start(),
    }
}

/// What the screen shows of the player where it stands: the engine at its
/// position, with the replay's speed, pause and bounds.
pub fn view_of(player: &mut Player, meta: &Meta) -> View {
    let mut view = View::build(player.state(), meta);
    view.playback = Some(Playback {
        speed: player.speed(),
        paused: player.paused(),
        start: player.start(),
        end: player.end(),
    });
    // A replay ends on its summary.
    if player.at_end() {
        view.phase = Phase::Ended;
    }
    view.stopped = player.stopped().map(|why| why.what.clone());
    view
}

/// Plays until the user quits. The replay keys (space, `[`, `]`, arrows,
/// Home) move the player; `r` is not bound here — a replay cannot change
/// what was recorded.
pub(crate) async fn run(
    terminal: &mut crate::ui::terminal::DefaultTerminal,
    meta: &Meta,
    player: &mut Player,
    app: &mut App,
) -> anyhow::Result<Outcome> {
    let mut events = crate::ui::term_events::terminal_events();
    let mut last = Instant::now();
    let mut dirty = true;
    let mut drawn_at: Option<(f64, bool, f64)> = None;
    loop {
        // Draw when the position, pause or speed moved, or on request.
        let now = Instant::now();
        player.tick(now.duration_since(last));
        last = now;
        let shown = (player.position(), player.paused(), player.speed());
        if dirty || drawn_at != Some(shown) {
            let view = match app.frozen.as_deref() {
                Some(v) => {
                    let mut v = v.clone();
                    v.playback = Some(Playback {
                        speed: shown.2,
                        paused: shown.1,
                        start: player.start(),
                        end: player.end(),
                    });
                    v
                }
                None => view_of(player, meta),
            };
            app.ended = view.ended();
            terminal.draw(|f| render(f, &view, app))?;
            drawn_at = Some(shown);
            dirty = false;
        }
        let wait = if player.paused() || player.at_end() {
            IDLE
        } else {
            FRAME
        };
        tokio::select! {
            biased;
            // A stop signal quits like `q` (the caller restores the terminal).
            _ = crate::process::signals::shutdown() => return Ok(Outcome::Quit),
            ev = events.next() => match ev {
                Some(Ok(Event::Mouse(m))) => dirty |= keys::mouse(app, m) != Effect::None,
                Some(Ok(Event::Key(key))) => match keys::handle(app, key, Screen::Replay) {
                    Effect::Quit => return Ok(Outcome::Quit),
                    Effect::Player(action) => {
                        play(player.transport_mut(), action);
                        dirty = true;
                    }
                    Effect::Freeze => {
                        app.frozen = Some(Box::new(view_of(player, meta)));
                        dirty = true;
                    }
                    Effect::Redraw | Effect::ResetLive | Effect::Next => dirty = true,
                    Effect::None | Effect::Overview(_) => {}
                },
                Some(Ok(Event::Resize(..))) => dirty = true,
                Some(Ok(_)) => {}
                // No terminal input any more: keep playing to the end.
                Some(Err(_)) | None => tokio::time::sleep(wait).await,
            },
            () = tokio::time::sleep(wait) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{EndReason, Header, Recording};
    use crate::ui::theme::{ColorMode, ThemeName};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use journeytop_engine::{Connection, Input, Link, Stamped};
    use journeytop_protocol::Variant;

    /// A 20 s recording with nothing in it but the connection.
    fn player() -> Player {
        let link = |at, connection| Stamped {
            at,
            input: Input::Link(Link::new(connection)),
        };
        Player::from_recording(&Recording {
            header: Header::new(
                Variant::InteractivePrompts,
                "oseh_ip_x",
                None,
                Some(20.0),
                0.0,
            ),
            header_found: true,
            inputs: vec![link(0.0, Connection::Live), link(20.0, Connection::Ended)],
            end: Some((20.0, EndReason::SourceDone)),
            problems: Vec::new(),
        })
        .unwrap()
    }

    /// Presses `code` on the replay dashboard, as the loop does.
    fn press(player: &mut Player, app: &mut App, code: KeyCode) -> Effect {
        let effect = keys::handle(app, KeyEvent::new(code, KeyModifiers::NONE), Screen::Replay);
        if let Effect::Player(action) = effect {
            play(player.transport_mut(), action);
        }
        effect
    }

    #[test]
    fn replay_keys_move_the_player() {
        let (mut p, mut a) = (player(), App::new(ThemeName::Dark, ColorMode::None));
        assert_eq!((p.position(), p.speed(), p.paused()), (0.0, 1.0, false));
        press(&mut p, &mut a, KeyCode::Char(']'));
        assert_eq!(p.speed(), 2.0);
        press(&mut p, &mut a, KeyCode::Char('['));
        press(&mut p, &mut a, KeyCode::Char('['));
        assert_eq!(p.speed(), 0.5);
        press(&mut p, &mut a, KeyCode::Char(' '));
        assert!(p.paused());
        press(&mut p, &mut a, KeyCode::Right);
        assert_eq!(p.position(), SEEK_STEP);
        press(&mut p, &mut a, KeyCode::Left);
        press(&mut p, &mut a, KeyCode::Left);
        assert_eq!(p.position(), 0.0, "kept within the recording");
        press(&mut p, &mut a, KeyCode::Right);
        press(&mut p, &mut a, KeyCode::Home);
        assert_eq!(p.position(), 0.0);
        let r = press(&mut p, &mut a, KeyCode::Char('r'));
        assert_eq!(r, Effect::None, "a replay cannot reset what was recorded");
        let q = press(&mut p, &mut a, KeyCode::Char('q'));
        assert_eq!(q, Effect::Quit);
    }
}
