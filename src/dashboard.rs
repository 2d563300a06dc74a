//! The dashboard around a live source: terminal setup and restore, the
//! connection and stats tasks, and the demo's journey cycles.

use crate::cli::GlobalOpts;
use crate::clock::JourneyClock;
use crate::exit::{ExitCode, Fatal};
use crate::ui::{self, App, AutoRestart, ColorMode, Meta, Outcome};
use crate::watch::Prepared;
use tokio::sync::mpsc::unbounded_channel;

/// Runs the dashboard until the user quits. In demo mode a journey that
/// ends starts again by itself (a fresh clock, engine and connection).
/// A fatal connection error stays on screen until the user quits, then
/// becomes the exit code.
pub async fn run_live(prepared: &Prepared, meta: Meta, global: &GlobalOpts) -> Result<(), Fatal> {
    let mut terminal = ui::terminal::init()
        .map_err(|e| Fatal::new(ExitCode::Usage, format!("cannot set up the terminal: {e}")))?;
    let _restore = ui::terminal::Guard;
    let _signals = ui::terminal::spawn_signal_watch();
    let mut app = App::new(global.theme, ColorMode::detect(global.no_color));
    loop {
        let clock = JourneyClock::new(prepared.start_at);
        let (tx, mut rx) = unbounded_channel();
        let mut engine = prepared.engine();
        let task = prepared.start(&clock, tx);
        let now = {
            let c = clock.clone();
            move || c.now()
        };
        let outcome = ui::run(&mut terminal, &meta, &mut engine, &mut rx, &now, &mut app).await;
        let finished = task.is_finished();
        task.abort();
        let result = if finished { task.await.ok() } else { None };
        match outcome {
            Ok(Outcome::Restart) => {
                app.restart = AutoRestart::Idle;
                continue;
            }
            Ok(Outcome::Quit) => {
                return match result {
                    Some(Err(fatal)) => Err(fatal),
                    _ => Ok(()),
                };
            }
            Err(e) => {
                return Err(Fatal::new(
                    ExitCode::Usage,
                    format!("the dashboard failed: {e}"),
                ));
            }
        }
    }
}
