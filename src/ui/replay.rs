//! The dashboard over a recording: the same screen, with the journey clock
//! following a [`Player`] — speed, pause and seek on keys, the position in
//! the header. The player folds the engine exactly to its position, so at
//! every journey time the screen shows what the live run showed.

use super::view::{Playback, View};
use super::{Action, App, Meta, Outcome, render};
use crate::record::Player;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use std::time::Duration;
use tokio::time::Instant;

const FRAME: Duration = Duration::from_millis(33);
const IDLE: Duration = Duration::from_secs(1);

fn view_of(player: &mut Player, meta: &Meta) -> View {
    let mut view = View::build(player.state(), meta);
    view.playback = Some(Playback {
        speed: player.speed(),
        paused: player.paused(),
        end: player.end(),
    });
    view
}

/// Plays until the user quits. Keys go to the player first (space, `[`,
/// `]`, arrows, Home), then to the dashboard; `r` does nothing here — a
/// replay cannot change what was recorded.
pub async fn run(
    terminal: &mut ratatui::DefaultTerminal,
    meta: &Meta,
    player: &mut Player,
    app: &mut App,
) -> anyhow::Result<Outcome> {
    let mut events = EventStream::new();
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
                        end: player.end(),
                    });
                    v
                }
                None => view_of(player, meta),
            };
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
            ev = events.next() => match ev {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                    dirty = true;
                    if player.handle_key(key.code) {
                        continue;
                    }
                    match app.handle_key(key) {
                        Action::Quit => return Ok(Outcome::Quit),
                        Action::Freeze => app.frozen = Some(Box::new(view_of(player, meta))),
                        Action::ResetLive | Action::None | Action::Redraw => {}
                    }
                }
                Some(Ok(Event::Resize(..))) => dirty = true,
                Some(Ok(_)) => {}
                // No terminal input any more: keep playing to the end.
                Some(Err(_)) | None => tokio::time::sleep(wait).await,
            },
            () = tokio::time::sleep(wait) => {}
        }
    }
}
