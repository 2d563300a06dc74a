//! Each command's arguments.

use super::values::*;
use super::{DisplayOpts, LogOpts};
use clap::Args;
use journeytop_protocol::{Style, Variant};
use std::net::SocketAddr;
use std::path::PathBuf;

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

pub(super) const TICKET_HELP: &str = "\
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
