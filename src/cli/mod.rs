//! The command line (clap derive): one subcommand per mode. The arguments
//! of each command are in [`args`], the checks on numeric values in
//! [`values`].

mod args;
mod values;

use crate::ui::keys::{Screen, keys_help};
use crate::ui::theme::ThemeName;
pub use args::*;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  ok
  2  usage or bad input (a bad flag, an unreadable journey file, a 422 from the server)
  3  the server refused the JWT (expired, or for another journey)
  4  the journey or prompt was not found
  5  the connection failed for good (after --max-retries in headless mode)
  128+N  stopped by a signal: 130 SIGINT, 143 SIGTERM, 129 SIGHUP
With several journeys, 0 when every journey ended well, else the highest
code among them (5 over 4 over 3 over 2).";

#[derive(Debug, Parser)]
#[command(
    name = "journeytop",
    version,
    about = "A terminal dashboard for one live Oseh journey or interactive prompt",
    long_about = "journeytop follows ONE live Oseh journey (or interactive prompt) and shows, as it \
happens: participants, likes, the numeric rating histogram with the room's mood, press-and-hold \
meters, and color / word tallies. `journeytop demo` needs no network and no account.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// How the screen looks: for the commands that draw one (demo, watch,
/// replay).
#[derive(Debug, Args, Clone)]
pub struct DisplayOpts {
    /// No colors (the NO_COLOR environment variable does the same).
    #[arg(long)]
    pub no_color: bool,
    /// Color theme.
    #[arg(long, value_enum, default_value_t = ThemeName::Dark)]
    pub theme: ThemeName,
}

/// Where the log goes: for the commands that log (all but completions).
#[derive(Debug, Args, Clone)]
pub struct LogOpts {
    /// Write logs here (default: <command>-<pid>.log under
    /// ~/.local/state/journeytop/, the last 5 of each command kept).
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
}

/// What `watch` without a journey says: every way to name one.
pub const WATCH_NEEDS_A_JOURNEY: &str = "say which journey to watch: --journey-file PATH \
(repeat it for several), or --uid UID with --jwt-file PATH (or JOURNEYTOP_JWT), or \
--api URL --public IDENTIFIER (with --token-file PATH or JOURNEYTOP_TOKEN)";

impl Cli {
    /// Parses the command line and checks what clap cannot say well; a
    /// problem exits 2 with clap's usage, as a bad flag does.
    pub fn parse_checked() -> Cli {
        let cli = Cli::parse();
        if let Err(message) = cli.check() {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let cmd = cmd.find_subcommand_mut("watch").cloned().unwrap_or(cmd);
            let mut cmd = cmd.bin_name("journeytop watch");
            cmd.error(clap::error::ErrorKind::MissingRequiredArgument, message)
                .exit();
        }
        cli
    }

    /// `watch` must be told which journey.
    pub fn check(&self) -> Result<(), &'static str> {
        match &self.command {
            Command::Watch(w)
                if w.journey_file.is_empty() && w.uid.is_none() && w.public.is_none() =>
            {
                Err(WATCH_NEEDS_A_JOURNEY)
            }
            _ => Ok(()),
        }
    }
}

/// The command's name for its log file and the log file it was given;
/// `None` for a command that does not log.
impl Command {
    pub fn log(&self) -> Option<(&'static str, Option<PathBuf>)> {
        let (name, opts) = match self {
            Command::Demo(a) => ("demo", &a.log),
            Command::Simulate(a) => ("simulate", &a.log),
            Command::Watch(a) => ("watch", &a.log),
            Command::Replay(a) => ("replay", &a.log),
            Command::Ticket(a) => ("ticket", &a.log),
            Command::Completions { .. } => return None,
        };
        Some((name, opts.log_file.clone()))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// A lively dashboard fed by the embedded simulator: no network, no account.
    Demo(DemoArgs),
    /// Run the local Oseh live server (websocket + stats + event POSTs) with a simulated crowd.
    #[command(
        after_help = "The POST routes accept events without a user id token: this is a local \
simulator, and anyone who can reach --listen can post events."
    )]
    Simulate(SimulateArgs),
    /// Follow a live journey on a real Oseh server (or the simulator); with
    /// several, an overview of them all.
    #[command(after_help = watch_after_help())]
    Watch(WatchArgs),
    /// Play a recording made with --record.
    #[command(
        after_help = replay_after_help()
    )]
    Replay(ReplayArgs),
    /// Get a journey file from the Oseh API with your id token: a public
    /// prompt (--public) or a journey's prompt (--journey-uid).
    #[command(after_help = TICKET_HELP)]
    Ticket(TicketArgs),
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `replay --help`: the keys, read from the dashboard's key table, then
/// what happens to a damaged file.
fn replay_after_help() -> String {
    format!(
        "{}\n\nA damaged recording still plays: bad lines are named and skipped. Exit 2 when \
the file cannot be read at all (missing, or an unknown format version).",
        keys_help(Screen::Replay)
    )
}

/// `watch --help`: the overview's keys (from the key table), then the exit
/// codes.
fn watch_after_help() -> String {
    format!(
        "{}\n\n{EXIT_CODES}",
        crate::ui::keys::overview::overview_help()
    )
}

#[cfg(test)]
mod tests;
