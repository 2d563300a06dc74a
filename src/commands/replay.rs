//! `journeytop replay PATH`: a recording played headless (the same NDJSON
//! as `watch --headless`), summarized, or — once the dashboard lands — on
//! screen through a [`Player`].

use crate::cli::{GlobalOpts, ReplayArgs};
use crate::output::{paced::play_headless, summary};
use crate::process::exit::Fatal;
use crate::record::reader::Problem;
use crate::record::stream::{self, FoldError};
use crate::record::{Player, Recording, read_file};
use journeytop_protocol::text::for_stderr;
use std::io::Write;

/// The summary lists at most this many problems (a hostile file can have
/// one a line), then says how many more there were.
const MAX_PROBLEMS_LISTED: usize = 10_000;

fn fold_failed(e: FoldError) -> Fatal {
    match e {
        FoldError::Read(e) => Fatal::usage(e.to_string()),
        FoldError::Output(e) => crate::process::exit::stdout_failed(&e),
        // `main` exits with the signal's code.
        FoldError::Signal(_) => Fatal::new(crate::process::exit::ExitCode::Ok, ""),
    }
}

pub async fn run(args: ReplayArgs, global: GlobalOpts) -> Result<(), Fatal> {
    let path = args.path.display().to_string();
    if args.summary {
        let mut problems = Vec::new();
        let mut unlisted = 0usize;
        let mut last_line = 0;
        let (state, facts) = stream::fold(
            &args.path,
            false,
            |p| {
                last_line = p.line;
                if problems.len() < MAX_PROBLEMS_LISTED {
                    problems.push(p);
                } else {
                    unlisted += 1;
                }
            },
            |_, _| Ok(()),
        )
        .map_err(fold_failed)?;
        if unlisted > 0 {
            problems.push(Problem {
                line: last_line,
                what: format!("{unlisted} more problems, not listed"),
            });
        }
        let text = if args.json {
            summary::json(&state, &facts, &problems, &path)
        } else {
            summary::table(&state, &facts, &problems, &path)
        };
        // A closed pipe (`| head`) is not an error worth a message.
        let _ = writeln!(std::io::stdout().lock(), "{text}");
        return Ok(());
    }
    // Like `watch`: the dashboard on a terminal, NDJSON into a pipe.
    if !args.headless && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        let recording = read_file(&args.path).map_err(|e| Fatal::usage(e.to_string()))?;
        return dashboard(recording, &args, &path, global).await;
    }
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    play_headless(&args.path, args.speed, &mut stdout, |p| {
        eprintln!("journeytop: {}", for_stderr(&format!("{path} {p}")));
    })
    .map_err(fold_failed)
}

/// The recording on the dashboard, starting at `--speed` (default 1×).
async fn dashboard(
    recording: Recording,
    args: &ReplayArgs,
    path: &str,
    global: GlobalOpts,
) -> Result<(), Fatal> {
    use crate::ui::{self, App, ColorMode, Meta, Mode};
    let problems = recording.problems.clone();
    let meta = Meta {
        variant: recording.header.variant,
        uid: recording.header.uid.clone(),
        mode: Mode::Replay,
        stats: crate::ui::StatsPlan::Recording,
        source: path.to_string(),
    };
    let mut player = Player::new(recording);
    player.set_speed(args.speed.unwrap_or(1.0));
    let mut session = ui::terminal::Session::start()
        .map_err(|e| Fatal::usage(format!("cannot set up the terminal: {e}")))?;
    let mut app = App::new(global.theme, ColorMode::detect(global.no_color));
    let result = ui::replay::run(session.terminal(), &meta, &mut player, &mut app).await;
    drop(session);
    // Problems in the file are worth knowing after the screen is gone.
    for p in &problems {
        eprintln!("journeytop: {}", for_stderr(&format!("{path} {p}")));
    }
    result
        .map(|_| ())
        .map_err(|e| Fatal::usage(format!("the dashboard failed: {e}")))
}
