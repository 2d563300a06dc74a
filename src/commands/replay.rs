//! `journeytop replay PATH`: a recording played headless (the same NDJSON
//! as `watch --headless`), summarized, or — once the dashboard lands — on
//! screen through a [`Player`].

use crate::cli::{GlobalOpts, ReplayArgs};
use crate::output::{paced::play_headless, summary};
use crate::process::exit::Fatal;
use crate::record::{Player, Recording, read_file};
use journeytop_protocol::text::for_stderr;
use std::io::Write;

pub async fn run(args: ReplayArgs, global: GlobalOpts) -> Result<(), Fatal> {
    let recording = read_file(&args.path).map_err(|e| Fatal::usage(e.to_string()))?;
    let path = args.path.display().to_string();
    if args.summary {
        let mut player = Player::new(recording);
        let text = if args.json {
            summary::json(&mut player, &path)
        } else {
            summary::table(&mut player, &path)
        };
        // A closed pipe (`| head`) is not an error worth a message.
        let _ = writeln!(std::io::stdout().lock(), "{text}");
        return Ok(());
    }
    // Like `watch`: the dashboard on a terminal, NDJSON into a pipe.
    if !args.headless && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return dashboard(recording, &args, &path, global).await;
    }
    for p in &recording.problems {
        eprintln!("journeytop: {}", for_stderr(&format!("{path} {p}")));
    }
    let mut player = Player::new(recording);
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    play_headless(&mut player, args.speed, &mut stdout)
        .await
        .map_err(crate::process::exit::stdout_failed)
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
