//! The command line (clap derive): one subcommand per mode.

use crate::ui::keys::{Screen, keys_help};
use crate::ui::theme::ThemeName;
use clap::{Args, Parser, Subcommand};
use journeytop_protocol::{Style, Variant};
use std::net::SocketAddr;
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

#[derive(Debug, Args, Clone)]
pub struct CrowdArgs {
    /// The prompt style.
    #[arg(long, value_enum, default_value_t = Style::Numeric)]
    pub style: Style,
    /// Seed of the crowd (same seed, same event log).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Protocol naming variant.
    #[arg(long, value_enum, default_value_t = Variant::InteractivePrompts)]
    pub variant: Variant,
    /// Prompt duration in seconds (real lobbies are 5–300 s; longer ones
    /// are allowed here for soak tests).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=86_400))]
    pub duration: u32,
}

pub const SIMULATE_CROWD: u32 = 40;
pub const DEMO_CROWD: u32 = 240;
/// The most journeys one simulator serves or one overview follows.
pub const MAX_JOURNEYS: i64 = 500;

#[derive(Debug, Args, Clone)]
pub struct DemoArgs {
    #[command(flatten)]
    pub crowd: CrowdArgs,
    /// Arrival scale: people arriving per prompt duration (1–100000;
    /// default 240, so a demo is lively from the first second).
    #[arg(long = "crowd", value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub arrivals: Option<u32>,
    #[command(flatten)]
    pub display: DisplayOpts,
    #[command(flatten)]
    pub log: LogOpts,
    /// Simulate this many journeys at once and show them in the overview
    /// (styles cycle numeric, press, color, word); 1 is the dashboard.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=MAX_JOURNEYS))]
    pub journeys: u32,
    /// Also record the journey to this JSONL file (with --journeys N > 1: a
    /// folder, one DIR/<uid>.jsonl per journey); an existing file only with
    /// --force.
    #[arg(long, value_name = "PATH")]
    pub record: Option<PathBuf>,
    /// With --record: overwrite an existing file (never one of the inputs).
    #[arg(long, requires = "record")]
    pub force: bool,
}

#[derive(Debug, Args, Clone)]
pub struct SimulateArgs {
    /// Address to listen on. Loopback by default; any other address lets
    /// anyone who can reach it post events.
    #[arg(long, default_value = "127.0.0.1:8765")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub crowd: CrowdArgs,
    /// Arrival scale: people arriving per prompt duration (0–100000;
    /// default 40). 0 is an empty room where only your own POSTs land.
    #[arg(long = "crowd", value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub arrivals: Option<u32>,
    /// Print nothing about connections and POSTs (by default one line each
    /// on stdout, after the journey file).
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub log: LogOpts,
    /// Serve this many journeys at once on the one port, each with its own
    /// crowd and JWT (styles cycle numeric, press, color, word from --style).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=MAX_JOURNEYS))]
    pub journeys: u32,
    /// Write the journey file (uid, JWT, prompt, server, api) here; with
    /// --journeys N > 1, a JSON array of N journeys.
    #[arg(long, value_name = "PATH")]
    pub journey_file_out: Option<PathBuf>,
    /// Read the HS256 JWT secret from this file (default: random per run).
    #[arg(long, value_name = "PATH")]
    pub jwt_secret_file: Option<PathBuf>,
    /// Load generator: also post this many events a second (likes and
    /// answers from a cohort that joined at start) at the simulator's own
    /// clock — for soak and load tests. With --journeys N, each journey
    /// posts this many.
    #[arg(long, value_name = "EVENTS_PER_SEC", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub flood: Option<u32>,
    /// Serve nothing: fast-forward the seeded crowd and write what the live
    /// recorder would have written to this file (same seed, same file).
    /// With it, --crowd is the number of sessions (default: one per ~6.4
    /// events) and the journey lasts --events / --rate seconds plus 90.
    #[arg(long, value_name = "FILE")]
    pub write_recording: Option<PathBuf>,
    /// With --write-recording: how many events the file holds.
    #[arg(long, default_value_t = 1_000_000, requires = "write_recording")]
    pub events: u64,
    /// With --write-recording: events per second of journey time.
    #[arg(long, default_value_t = 1000, requires = "write_recording", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub rate: u32,
    /// With --write-recording: replace the file if it exists.
    #[arg(long, requires = "write_recording")]
    pub force: bool,
}

#[derive(Debug, Args, Clone)]
pub struct WatchArgs {
    /// The journey file (the JSON an Oseh start endpoint returns, or a JSON
    /// array of them). Repeat it to watch several journeys in the overview.
    #[arg(
        long,
        value_name = "PATH",
        conflicts_with_all = ["uid", "public"]
    )]
    pub journey_file: Vec<PathBuf>,
    /// Get the ticket for this public prompt from --api first (with your id
    /// token from --token-file or JOURNEYTOP_TOKEN), then watch it.
    #[arg(
        long,
        value_name = "IDENTIFIER",
        requires = "api",
        conflicts_with = "uid"
    )]
    pub public: Option<String>,
    /// The id token for --public, in a file (else JOURNEYTOP_TOKEN).
    #[arg(long, value_name = "PATH", requires = "public")]
    pub token_file: Option<PathBuf>,
    /// The journey or prompt uid (with --jwt-file or JOURNEYTOP_JWT).
    #[arg(long)]
    pub uid: Option<String>,
    /// Read the JWT from this file. Never pass a JWT as an argument: it would show in `ps`.
    #[arg(long, value_name = "PATH")]
    pub jwt_file: Option<PathBuf>,
    /// The prompt JSON ({"style": "numeric", ...}), when not in a journey file.
    #[arg(long, value_name = "PATH")]
    pub prompt_file: Option<PathBuf>,
    /// Duration in seconds, when not in a journey file (above 0, at most 86400).
    #[arg(long, value_parser = duration_seconds)]
    pub duration: Option<f64>,
    /// Websocket base URL (ws:// or wss://); the variant's path is appended
    /// unless the URL has one.
    #[arg(long, value_name = "WS_URL")]
    pub server: Option<String>,
    /// HTTP base URL of the API, for the stats endpoint (totals).
    #[arg(long, value_name = "HTTP_URL")]
    pub api: Option<String>,
    /// Events per second the server may send (1–5000).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=5000))]
    pub bandwidth: u32,
    /// Seconds of past events to accept (0–10).
    #[arg(long, default_value_t = 3.0, value_parser = window_seconds)]
    pub lookback: f64,
    /// Seconds of future events to accept (0–10).
    #[arg(long, default_value_t = 3.0, value_parser = window_seconds)]
    pub lookahead: f64,
    /// Journey time at which our clock starts (-86400 to 86400 s).
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true, value_parser = journey_time)]
    pub start_at: f64,
    /// Record the journey to this JSONL file; with several journeys, to a
    /// folder: one DIR/<uid>.jsonl per journey. An existing file only with
    /// --force.
    #[arg(long, value_name = "PATH")]
    pub record: Option<PathBuf>,
    /// With --record: overwrite an existing file (never one of the inputs).
    #[arg(long, requires = "record")]
    pub force: bool,
    /// NDJSON on stdout instead of the dashboard (automatic when stdout is
    /// not a terminal). With several journeys: one line per journey per
    /// tick, each with its "uid", then each one's final line.
    #[arg(long)]
    pub headless: bool,
    /// Headless: seconds of journey time between lines (0.1 to 3600).
    #[arg(long, default_value_t = 1.0, value_parser = every_seconds)]
    pub every: f64,
    /// Headless: stop at this journey time (-86400 to 86400 s).
    #[arg(long, allow_negative_numbers = true, value_parser = journey_time)]
    pub until: Option<f64>,
    /// Headless: give up after this many failed attempts in a row.
    #[arg(long, default_value_t = 10)]
    pub max_retries: u32,
    /// Trust this extra CA certificate (PEM) for wss://.
    #[arg(long, value_name = "PATH")]
    pub ca_file: Option<PathBuf>,
    /// Protocol naming variant (default: from the journey file or uid prefix).
    #[arg(long, value_enum)]
    pub variant: Option<Variant>,
    /// Send the JWT over plain ws:// / http:// to a host that is not this
    /// machine (refused without it: anyone on the path could read it).
    #[arg(long)]
    pub allow_plaintext: bool,
    #[command(flatten)]
    pub display: DisplayOpts,
    #[command(flatten)]
    pub log: LogOpts,
}

const TICKET_HELP: &str = "\
The id token is read from --token-file or the JOURNEYTOP_TOKEN environment
variable, never from an argument. The journey file is printed on stdout.

Exit codes:
  0  ok
  2  usage, or the API rejected the request (409 conflict, 422 invalid)
  3  the API refused the token or the journey JWT (401, 403)
  4  no such public prompt or journey (404)
  5  the API is unavailable (503, with when to retry) or unreachable";

#[derive(Debug, Args, Clone)]
pub struct TicketArgs {
    /// HTTP base URL of the Oseh API (https://…).
    #[arg(long, value_name = "HTTP_URL")]
    pub api: String,
    #[command(flatten)]
    pub ask: AskArgs,
    #[command(flatten)]
    pub log: LogOpts,
}

/// Which ticket, and the user's id token.
#[derive(Debug, Args, Clone)]
pub struct AskArgs {
    /// A public interactive prompt's identifier (onboarding-prompt-feeling,
    /// onboarding-prompt-feeling-result, notification-time).
    #[arg(long, value_name = "IDENTIFIER", conflicts_with = "journey_uid")]
    pub public: Option<String>,
    /// The journey whose interactive prompt to start (with --journey-jwt-file).
    #[arg(long, value_name = "UID", requires = "journey_jwt_file")]
    pub journey_uid: Option<String>,
    /// The journey's JWT, in a file.
    #[arg(long, value_name = "PATH", requires = "journey_uid")]
    pub journey_jwt_file: Option<PathBuf>,
    /// The user's Oseh id token, in a file (else JOURNEYTOP_TOKEN).
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,
    /// Send the id token over plain http:// to a host that is not this machine.
    #[arg(long)]
    pub allow_plaintext: bool,
}

#[derive(Debug, Args, Clone)]
pub struct ReplayArgs {
    /// The recording (JSONL) to play; several play side by side in the
    /// overview on one shared clock (on a terminal only).
    #[arg(required = true, num_args = 1.., value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Playback speed (1 = real time; `[` / `]` halve / double it while
    /// playing). Default: 1 on the dashboard; with --headless, as fast as
    /// possible unless --speed is given.
    #[arg(long, value_parser = speed_factor)]
    pub speed: Option<f64>,
    /// NDJSON on stdout instead of the dashboard: the same lines as
    /// `watch --headless`, one per second of journey time and a final one.
    #[arg(long)]
    pub headless: bool,
    /// Print a final summary instead of playing.
    #[arg(long, conflicts_with = "headless")]
    pub summary: bool,
    /// With --summary: JSON instead of a table.
    #[arg(long, requires = "summary")]
    pub json: bool,
    #[command(flatten)]
    pub display: DisplayOpts,
    #[command(flatten)]
    pub log: LogOpts,
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

fn window_seconds(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if (0.0..=10.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("must be between 0 and 10 seconds, got {x}"))
    }
}

/// A finite number in `lo..=hi` (or `lo < x <= hi` with `open_low`), in
/// words that name the range. NaN and infinities are refused.
fn number_in(s: &str, lo: f64, hi: f64, open_low: bool, unit: &str) -> Result<f64, String> {
    let x: f64 = s.trim().parse().map_err(|_| {
        format!(
            "\"{}\" is not a number",
            journeytop_protocol::text::for_log(s)
        )
    })?;
    let low_ok = if open_low { x > lo } else { x >= lo };
    if x.is_finite() && low_ok && x <= hi {
        Ok(x)
    } else if open_low {
        Err(format!(
            "must be above {lo} and at most {hi}{unit}, got {x}"
        ))
    } else {
        Err(format!("must be between {lo} and {hi}{unit}, got {x}"))
    }
}

/// `--duration`: (0, 86400] seconds.
fn duration_seconds(s: &str) -> Result<f64, String> {
    number_in(s, 0.0, journeytop_protocol::MAX_DURATION, true, " seconds")
}

/// `--every`: 0.1 to 3600 seconds between headless lines.
fn every_seconds(s: &str) -> Result<f64, String> {
    number_in(s, 0.1, 3600.0, false, " seconds")
}

/// `--start-at`, `--until`: a journey time, -86400 to 86400 seconds.
fn journey_time(s: &str) -> Result<f64, String> {
    let day = journeytop_protocol::MAX_DURATION;
    number_in(s, -day, day, false, " seconds")
}

/// `--speed`: 1/64 to 1024 times real time.
fn speed_factor(s: &str) -> Result<f64, String> {
    number_in(s, 1.0 / 64.0, 1024.0, false, "×")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn watch_needs_a_journey() {
        let bare = Cli::try_parse_from(["journeytop", "watch"]).map(|c| c.check());
        assert!(matches!(bare, Ok(Err(m)) if m == WATCH_NEEDS_A_JOURNEY));
        let uid = Cli::try_parse_from(["journeytop", "watch", "--uid", "oseh_j_x"]);
        assert!(uid.is_ok_and(|c| c.check().is_ok()));
        assert!(
            Cli::try_parse_from(["journeytop", "watch", "--uid", "x", "--lookback", "11"]).is_err()
        );
        assert!(
            Cli::try_parse_from(["journeytop", "watch", "--uid", "x", "--bandwidth", "0"]).is_err()
        );
    }

    /// Issue 11: every numeric flag is finite and in its stated range.
    #[test]
    fn numeric_flags_are_finite_and_in_range() {
        let watch = |flag: &str, v: &str| {
            Cli::try_parse_from(["journeytop", "watch", "--uid", "x", flag, v]).is_ok()
        };
        for (flag, bad) in [
            ("--every", "1e-300"),
            ("--every", "0.05"),
            ("--every", "3601"),
            ("--every", "NaN"),
            ("--start-at", "NaN"),
            ("--start-at", "1e17"),
            ("--start-at", "inf"),
            ("--duration", "NaN"),
            ("--duration", "inf"),
            ("--duration", "0"),
            ("--duration", "86401"),
            ("--until", "NaN"),
            ("--until", "-inf"),
            ("--lookback", "NaN"),
        ] {
            assert!(!watch(flag, bad), "{flag} {bad} accepted");
        }
        for (flag, good) in [
            ("--every", "0.1"),
            ("--every", "3600"),
            ("--start-at", "-5"),
            ("--duration", "86400"),
            ("--until", "30"),
        ] {
            assert!(watch(flag, good), "{flag} {good} refused");
        }
        let replay = |v: &str| {
            Cli::try_parse_from(["journeytop", "replay", "r.jsonl", "--speed", v]).is_ok()
        };
        assert!(!replay("NaN") && !replay("0") && !replay("0.01") && !replay("2000"));
        assert!(replay("0.015625") && replay("1024"));
    }
}
