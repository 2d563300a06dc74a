//! `journeytop simulate`: the local Oseh live server as a tool of its own.

use crate::cli::SimulateArgs;
use crate::process::exit::{ExitCode, Fatal};
use crate::process::signals;
use journeytop_protocol::{JourneySpec, Prompt, Style};
use journeytop_sim::jwt::Secret;
use journeytop_sim::server::{self, SimConfig};
use std::io::Write;

/// The simulator's settings from the command line.
pub fn config(args: &SimulateArgs) -> Result<SimConfig, Fatal> {
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
        crowd: args.crowd.crowd.unwrap_or(crate::cli::SIMULATE_CROWD),
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
        sessions: args.crowd.crowd.map(u64::from),
        rate: f64::from(args.rate),
        seed: args.crowd.seed,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let written = generate::write(&plan, &mut out)
        .map_err(|e| Fatal::usage(format!("cannot write {}: {e}", path.display())))?;
    eprintln!(
        "journeytop simulate: wrote {written} events to {}",
        path.display()
    );
    Ok(())
}

/// The styles several journeys cycle through.
const STYLES: [Style; 4] = [Style::Numeric, Style::Press, Style::Color, Style::Word];

/// The style of journey `i` of many: the cycle numeric, press, color, word,
/// starting from `first`.
pub fn nth_style(first: Style, i: usize) -> Style {
    let start = STYLES.iter().position(|s| *s == first).unwrap_or(0);
    STYLES[(start + i) % STYLES.len()]
}

/// `n` journeys from one configuration: styles cycle, seeds count up (so
/// each has its own uid, crowd and JWT); secret and timings are shared.
pub fn many(first: &SimConfig, style: Style, n: u32) -> Vec<SimConfig> {
    (0..n as usize)
        .map(|i| SimConfig {
            prompt: Prompt::default_for(nth_style(style, i)),
            seed: first.seed.wrapping_add(i as u64),
            ..first.clone()
        })
        .collect()
}

pub async fn run(args: SimulateArgs) -> Result<(), Fatal> {
    if let Some(path) = &args.write_recording {
        return write_recording(&args, path);
    }
    if !args.listen.ip().is_loopback() {
        eprintln!(
            "journeytop: warning: listening on {} — anyone who can reach this address can post events and read the journey",
            args.listen
        );
    }
    let cfgs = many(&config(&args)?, args.crowd.style, args.journeys);
    let handle = server::start_many(cfgs, args.listen).await.map_err(|e| {
        Fatal::new(
            ExitCode::Usage,
            format!("cannot listen on {}: {e}", args.listen),
        )
    })?;
    let flood = args
        .flood
        .map(|rate| server::spawn_flood(handle.hub.clone(), rate));
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
    eprintln!(
        "journeytop simulate: serving {what} on ws://{addr} and http://{addr} — watch it with: journeytop watch --journey-file {shown}   (Ctrl-C stops)",
        addr = handle.addr
    );
    signals::shutdown().await;
    if let Some(f) = flood {
        f.abort();
    }
    handle.stop().await;
    Ok(())
}
