//! The dashboard around a live source: terminal setup and restore, the
//! connection and stats tasks, and the demo's journey cycles.

use crate::cli::DisplayOpts;
use crate::clock::JourneyClock;
use crate::live::LiveSession;
use crate::process::exit::{ExitCode, Fatal};
use crate::record::EndReason;
use crate::ui::{self, App, ColorMode, Meta, Outcome};
use journeytop_engine::Connection;
use std::path::{Path, PathBuf};

/// Runs the dashboard until the user quits. In demo mode a journey that
/// ends starts again by itself (a fresh clock, engine and connection).
/// A fatal connection error stays on screen until the user quits, then
/// becomes the exit code.
/// With `record`, each journey is recorded: the first to `record`, later
/// demo cycles to `name-2.jsonl`, `name-3.jsonl`, ….
pub(super) async fn run_live(
    prepared: &LiveSession,
    meta: Meta,
    global: &DisplayOpts,
    record: Option<&Path>,
) -> Result<(), Fatal> {
    let mut session = ui::terminal::Session::start().map_err(|e| no_terminal(&e))?;
    let mut app = App::new(global.theme, ColorMode::detect(global.no_color));
    for cycle in 1.. {
        let clock = JourneyClock::new(prepared.start_at);
        let (tx, rx) = crate::channel::input_channel();
        let recorder = match record {
            Some(path) => Some(prepared.recorder(&cycle_path(path, cycle))?),
            None => None,
        };
        let mut rx = match &recorder {
            Some(r) => crate::record::tee(rx, r.clone()),
            None => rx,
        };
        let mut engine = prepared.engine();
        let task = prepared.start(&clock, tx, recorder.as_ref());
        let now = {
            let c = clock.clone();
            move || c.now()
        };
        let outcome = ui::run(
            session.terminal(),
            &meta,
            &mut engine,
            &mut rx,
            &now,
            &mut app,
        )
        .await;
        let finished = task.is_finished();
        task.abort();
        let result = if finished { task.await.ok() } else { None };
        if let Some(r) = recorder {
            let reason = match outcome {
                _ if crate::process::signals::received().is_some() => EndReason::Signal,
                Ok(Outcome::Restart) => EndReason::SourceDone,
                _ => EndReason::Quit,
            };
            // A journey that closed ends its recording where it closed, not
            // where the demo's countdown stopped.
            let end = if engine.link().connection == Connection::Ended {
                engine.link_since()
            } else {
                engine.now()
            };
            if let Err(e) = r.finish(end, reason) {
                tracing::warn!(error = %e, "finishing the recording failed");
            }
        }
        match outcome {
            Ok(Outcome::Restart) => {
                app.next_journey();
                continue;
            }
            Ok(Outcome::Quit) => {
                return match result {
                    Some(Err(e)) => Err(e.into()),
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
    Ok(())
}

/// Why a dashboard could not start, and what to do instead (exit 2).
pub(super) fn no_terminal(e: &std::io::Error) -> Fatal {
    Fatal::new(
        ExitCode::Usage,
        format!(
            "cannot set up the terminal ({e}): the dashboard needs an interactive terminal. \
             Run it in one, or use `journeytop watch --headless` (or `replay --headless`) for \
             line-by-line output"
        ),
    )
}

/// `rec.jsonl` for the first journey, `rec-2.jsonl`, `rec-3.jsonl` after.
fn cycle_path(path: &Path, cycle: u32) -> PathBuf {
    if cycle <= 1 {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{cycle}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{cycle}"),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn later_cycles_get_numbered_files() {
        use std::path::Path;
        assert_eq!(
            super::cycle_path(Path::new("a/rec.jsonl"), 1),
            Path::new("a/rec.jsonl")
        );
        assert_eq!(
            super::cycle_path(Path::new("a/rec.jsonl"), 3),
            Path::new("a/rec-3.jsonl")
        );
        assert_eq!(super::cycle_path(Path::new("rec"), 2), Path::new("rec-2"));
    }
}
