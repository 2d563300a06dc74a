//! `journeytop replay PATH`: a recording played headless (the same NDJSON
//! as `watch --headless`), summarized, or on screen through a [`Player`]
//! (which reads the file as it plays: any length).

use crate::cli::{DisplayOpts, ReplayArgs};
use crate::output::{paced::play_headless, summary};
use crate::process::exit::Fatal;
use crate::record::reader::Problems;
use crate::record::stream::{self, FoldError};
use crate::record::{Player, ReadError};
use journeytop_protocol::text::for_stderr;
use std::io::Write;

fn open_failed(e: ReadError) -> Fatal {
    match e {
        // `main` exits with the signal's code.
        ReadError::Stopped(_) => Fatal::new(crate::process::exit::ExitCode::Ok, ""),
        e => Fatal::usage(e.to_string()),
    }
}

fn fold_failed(e: FoldError) -> Fatal {
    match e {
        FoldError::Read(e) => Fatal::usage(e.to_string()),
        FoldError::Output(e) => crate::process::exit::stdout_failed(&e),
        // `main` exits with the signal's code.
        FoldError::Signal(_) => Fatal::new(crate::process::exit::ExitCode::Ok, ""),
    }
}

pub(super) async fn run(args: ReplayArgs, global: DisplayOpts) -> Result<(), Fatal> {
    if args.paths.len() > 1 {
        return side_by_side(&args, &global).await;
    }
    let Some(first) = args.paths.first() else {
        return Err(Fatal::usage("no recording given"));
    };
    let path = first.display().to_string();
    if args.summary {
        let mut problems = Problems::default();
        let (state, facts) =
            stream::fold(first, false, |p| problems.push(p), |_, _| Ok(())).map_err(fold_failed)?;
        let problems = problems.into_list();
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
        let player = Player::open(first).map_err(open_failed)?;
        return dashboard(player, &args, &path, global).await;
    }
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    play_headless(first, args.speed, &mut stdout, |p| {
        eprintln!("journeytop: {}", for_stderr(&format!("{path} {p}")));
    })
    .map_err(fold_failed)
}

/// The recording on the dashboard, starting at `--speed` (default 1×).
async fn dashboard(
    mut player: Player,
    args: &ReplayArgs,
    path: &str,
    global: DisplayOpts,
) -> Result<(), Fatal> {
    use crate::ui::{self, App, ColorMode, Meta, Mode};
    let header = player.header();
    let meta = Meta {
        variant: header.variant,
        uid: header.uid.clone(),
        mode: Mode::Replay,
        stats: crate::ui::StatsPlan::Recording,
        source: path.to_string(),
    };
    player.set_speed(args.speed.unwrap_or(1.0));
    let mut session =
        ui::terminal::Session::start().map_err(|e| super::dashboard::no_terminal(&e))?;
    let mut app = App::new(global.theme, ColorMode::detect(global.no_color));
    let result = ui::replay_loop::run(session.terminal(), &meta, &mut player, &mut app).await;
    drop(session);
    // Problems in the file are worth knowing after the screen is gone.
    for p in player.indexed().problems.iter().chain(player.stopped()) {
        eprintln!("journeytop: {}", for_stderr(&format!("{path} {p}")));
    }
    result
        .map(|_| ())
        .map_err(|e| Fatal::usage(format!("the dashboard failed: {e}")))
}

/// Several recordings in the overview, on one clock: the table of them,
/// the replay keys moving them all, `Enter` a recording's dashboard.
async fn side_by_side(args: &ReplayArgs, global: &DisplayOpts) -> Result<(), Fatal> {
    use crate::ui::{self, ColorMode, Mode};
    if args.summary || args.headless {
        return Err(Fatal::usage(
            "--summary and --headless read one recording at a time; \
several play side by side only in the overview",
        ));
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(Fatal::usage(
            "several recordings play side by side in the overview, which needs a terminal; \
use --headless or --summary with one recording at a time",
        ));
    }
    let mut players = Vec::with_capacity(args.paths.len());
    for p in &args.paths {
        let path = p.display().to_string();
        players.push((Player::open(p).map_err(open_failed)?, path));
    }
    let mut shared = crate::record::SharedReplay::new(players, args.speed.unwrap_or(1.0));
    let mut session = ui::terminal::Session::start()
        .map_err(|e| Fatal::usage(format!("cannot set up the terminal: {e}")))?;
    let color = ColorMode::detect(global.no_color);
    let result = ui::overview::run(
        session.terminal(),
        &mut shared,
        Mode::Replay,
        global.theme,
        color,
    )
    .await;
    drop(session);
    for (player, path) in shared.players() {
        for p in player.indexed().problems.iter().chain(player.stopped()) {
            eprintln!("journeytop: {}", for_stderr(&format!("{path} {p}")));
        }
    }
    result.map_err(|e| Fatal::usage(format!("the overview failed: {e}")))
}
