//! `journeytop simulate`: the local Oseh live server as a tool of its own.

use crate::cli::SimulateArgs;
use crate::process::exit::{ExitCode, Fatal};
use crate::process::signals;
use journeytop_protocol::text::bounded;
use journeytop_protocol::{JourneySpec, Prompt, Style};
use journeytop_sim::jwt::Secret;
use journeytop_sim::server::{self, SimConfig};
use journeytop_sim::{SimNote, SocketEnd};
use std::io::Write;

/// A line on stderr. Nobody reading stderr (`2>&1 | head`) is no reason to
/// stop serving, let alone to panic as `eprintln!` would.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Client text for a note's line: sanitized and short.
fn shown(s: &str) -> String {
    bounded(s, 64, 256)
}

/// The one line that tells what a note says, with every piece of client
/// text sanitized.
pub(super) fn note_line(note: &SimNote) -> String {
    let uid = |u: &Option<String>| u.as_deref().map_or_else(|| "?".to_string(), shown);
    match note {
        SimNote::Connected {
            variant,
            uid: u,
            connection,
        } => format!("ws #{connection} connected: {} ({variant})", shown(u)),
        SimNote::Closed {
            variant,
            uid: u,
            connection,
            end,
        } => {
            let n = connection.map_or_else(String::new, |c| format!(" #{c}"));
            let verb = match end {
                SocketEnd::Refused { .. } | SocketEnd::Abandoned => "handshake",
                SocketEnd::Closed { .. } | SocketEnd::Dropped { .. } => "ended",
            };
            format!("ws{n} {verb}: {} ({variant}): {end}", uid(u))
        }
        SimNote::Posted {
            variant,
            uid: u,
            evtype,
            session,
            status,
        } => format!(
            "POST {} session {} → {status} ({} {variant})",
            shown(evtype),
            uid(session),
            uid(u)
        ),
    }
}

/// Prints each note on stdout as it comes, one line each, until the
/// simulator stops. A closed stdout just drops the lines.
fn spawn_printer(
    mut notes: tokio::sync::broadcast::Receiver<SimNote>,
) -> tokio::task::JoinHandle<()> {
    use tokio::sync::broadcast::error::RecvError;
    tokio::spawn(async move {
        loop {
            let line = match notes.recv().await {
                Ok(note) => note_line(&note),
                Err(RecvError::Lagged(n)) => format!("({n} more connections and posts not shown)"),
                Err(RecvError::Closed) => return,
            };
            let _ = writeln!(std::io::stdout().lock(), "{line}");
        }
    })
}

/// The simulator's settings from the command line.
pub(super) fn config(args: &SimulateArgs) -> Result<SimConfig, Fatal> {
    let secret = match &args.jwt_secret_file {
        Some(p) => {
            // Regular files of at most 1 MiB, like every file read whole.
            let bytes = crate::process::files::read_capped(
                p,
                "JWT secret file",
                crate::process::files::SMALL_FILE_CAP,
            )
            .map_err(|e| Fatal::usage(e.to_string()))?;
            let trimmed = String::from_utf8_lossy(&bytes).trim().to_string();
            if trimmed.is_empty() {
                return Err(Fatal::usage(format!(
                    "the JWT secret file {} is empty",
                    journeytop_protocol::text::sanitize(&p.display().to_string())
                )));
            }
            Secret::new(trimmed.into_bytes())
        }
        None => Secret::random(),
    };
    Ok(SimConfig {
        variant: args.crowd.variant,
        prompt: Prompt::default_for(args.crowd.style),
        duration: f64::from(args.crowd.duration),
        crowd: args.arrivals.unwrap_or(crate::cli::SIMULATE_CROWD),
        seed: args.crowd.seed,
        secret,
        record_deliveries: false,
        timings: journeytop_sim::Timings::default(),
    })
}

/// `--write-recording`: the crowd fast-forwarded into a recording file.
/// An existing file is kept unless `--force`.
fn write_recording(args: &SimulateArgs, path: &std::path::Path) -> Result<(), Fatal> {
    use crate::record::generate::{self, Plan};
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if args.force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Fatal::usage(format!(
                "{} exists; pass --force to replace it",
                path.display()
            ))
        } else {
            Fatal::usage(format!("cannot create {}: {e}", path.display()))
        }
    })?;
    let plan = Plan {
        variant: args.crowd.variant,
        prompt: Prompt::default_for(args.crowd.style),
        events: args.events,
        sessions: args.arrivals.map(u64::from),
        rate: f64::from(args.rate),
        seed: args.crowd.seed,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let written = generate::write(&plan, &mut out)
        .map_err(|e| Fatal::usage(format!("cannot write {}: {e}", path.display())))?;
    say(&format!(
        "journeytop simulate: wrote {written} events to {}",
        path.display()
    ));
    Ok(())
}

/// The styles several journeys cycle through.
const STYLES: [Style; 4] = [Style::Numeric, Style::Press, Style::Color, Style::Word];

/// The style of journey `i` of many: the cycle numeric, press, color, word,
/// starting from `first`.
pub(super) fn nth_style(first: Style, i: usize) -> Style {
    let start = STYLES.iter().position(|s| *s == first).unwrap_or(0);
    STYLES[(start + i) % STYLES.len()]
}

/// `n` journeys from one configuration: styles cycle, seeds count up (so
/// each has its own uid, crowd and JWT); secret and timings are shared.
pub(super) fn many(first: &SimConfig, style: Style, n: u32) -> Vec<SimConfig> {
    (0..n as usize)
        .map(|i| SimConfig {
            prompt: Prompt::default_for(nth_style(style, i)),
            seed: first.seed.wrapping_add(i as u64),
            ..first.clone()
        })
        .collect()
}

pub(super) async fn run(args: SimulateArgs) -> Result<(), Fatal> {
    if let Some(path) = &args.write_recording {
        if args.arrivals == Some(0) {
            return Err(Fatal::usage(
                "--crowd 0 with --write-recording: a recording needs at least one session",
            ));
        }
        return write_recording(&args, path);
    }
    if !args.listen.ip().is_loopback() {
        say(&format!(
            "journeytop: warning: listening on {} — anyone who can reach this address can post events and read the journey",
            args.listen
        ));
    }
    let cfgs = many(&config(&args)?, args.crowd.style, args.journeys);
    let handle = server::start_many(cfgs, args.listen).await.map_err(|e| {
        Fatal::new(
            ExitCode::Usage,
            format!("cannot listen on {}: {e}", args.listen),
        )
    })?;
    // Subscribed before anything is printed: a client that reads the
    // journey file and connects at once is heard.
    let printer = (!args.quiet).then(|| spawn_printer(handle.notes()));
    // Every journey floods at the rate (the overview's load test).
    let floods: Vec<_> = args
        .flood
        .into_iter()
        .flat_map(|rate| {
            handle
                .hubs
                .all()
                .iter()
                .map(move |hub| server::spawn_flood(hub.clone(), rate))
        })
        .collect();
    // One journey: the object as today; several: an array of them.
    let value = if handle.specs.len() == 1 {
        handle.spec.to_json()
    } else {
        serde_json::Value::Array(handle.specs.iter().map(JourneySpec::to_json).collect())
    };
    let file = serde_json::to_string_pretty(&value).unwrap_or_default();
    if let Some(path) = &args.journey_file_out {
        std::fs::write(path, format!("{file}\n"))
            .map_err(|e| Fatal::usage(format!("cannot write {}: {e}", path.display())))?;
    }
    // Nobody reading stdout (a closed pipe) must not stop the server.
    let _ = writeln!(std::io::stdout().lock(), "{file}");
    let shown = args.journey_file_out.as_ref().map_or_else(
        || "journey.json (save the JSON above)".to_string(),
        |p| p.display().to_string(),
    );
    let what = if handle.specs.len() == 1 {
        format!("a {} {} prompt", handle.spec.variant, args.crowd.style)
    } else {
        format!("{} {} journeys", handle.specs.len(), handle.spec.variant)
    };
    say(&format!(
        "journeytop simulate: serving {what} on ws://{addr} and http://{addr} — watch it with: journeytop watch --journey-file {shown}   (Ctrl-C stops)",
        addr = handle.addr
    ));
    signals::shutdown().await;
    for task in floods.into_iter().chain(printer) {
        task.abort();
    }
    handle.stop().await;
    Ok(())
}
