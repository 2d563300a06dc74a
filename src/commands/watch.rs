//! `journeytop watch`: follow a journey on a real server (or the simulator),
//! on the dashboard or as headless NDJSON.

use crate::cli::{DisplayOpts, WatchArgs};
use crate::clock::JourneyClock;
use crate::live::fleet::Fleet;
use crate::live::target::TargetArgs;
use crate::live::{ConnectArgs, Ended, LiveError, LiveSession};
use crate::output::headless;
use crate::process::exit::Fatal;
use crate::record::{self, EndReason};
use std::io::IsTerminal;

/// The journeys and the server, as the live layer takes them: one per
/// journey file (each may hold several journeys), or the `--uid` one.
fn target_args(args: &WatchArgs) -> Vec<TargetArgs> {
    if args.journey_file.is_empty() {
        return vec![one_target(args, None)];
    }
    args.journey_file
        .iter()
        .map(|f| one_target(args, Some(f.clone())))
        .collect()
}

fn one_target(args: &WatchArgs, journey_file: Option<std::path::PathBuf>) -> TargetArgs {
    TargetArgs {
        journey_file,
        uid: args.uid.clone(),
        jwt_file: args.jwt_file.clone(),
        prompt_file: args.prompt_file.clone(),
        duration: args.duration,
        server: args.server.clone(),
        api: args.api.clone(),
        variant: args.variant,
    }
}

fn connect_args(args: &WatchArgs) -> ConnectArgs {
    ConnectArgs {
        bandwidth: args.bandwidth,
        lookback: args.lookback,
        lookahead: args.lookahead,
        start_at: args.start_at,
        max_retries: Some(args.max_retries),
        ca_file: args.ca_file.clone(),
        allow_plaintext: args.allow_plaintext,
    }
}

/// Runs `watch`. Headless when asked or when stdout is not a terminal.
pub(super) async fn run(args: WatchArgs, global: DisplayOpts) -> Result<(), Fatal> {
    let env_jwt = std::env::var("JOURNEYTOP_JWT").ok();
    let mut sessions = match (&args.public, &args.api) {
        // The ticket first, then the watch.
        (Some(public), Some(api)) => {
            let ask = crate::cli::AskArgs {
                public: Some(public.clone()),
                journey_uid: None,
                journey_jwt_file: None,
                token_file: args.token_file.clone(),
                allow_plaintext: args.allow_plaintext,
            };
            let spec = super::ticket::get(api, &ask).await?;
            let target = crate::live::target::finish(spec, &one_target(&args, None))?;
            vec![LiveSession::for_target(target, &connect_args(&args))?]
        }
        _ => LiveSession::prepare_many(
            &target_args(&args),
            &connect_args(&args),
            env_jwt.as_deref(),
        )?,
    };
    for session in &mut sessions {
        session.overwrite = args.force;
    }
    let headless = args.headless || !std::io::stdout().is_terminal();
    if sessions.len() > 1 {
        return run_many(sessions, &args, &global, headless).await;
    }
    let Some(mut prepared) = sessions.pop() else {
        return Err(Fatal::usage("no journey to watch"));
    };
    if !headless {
        // The dashboard retries forever (showing the countdown); only
        // headless mode gives up after --max-retries.
        prepared.follow.max_retries = None;
        let meta = crate::ui::Meta {
            variant: prepared.target.spec.variant,
            uid: prepared.target.spec.uid.clone(),
            mode: crate::ui::Mode::Watch,
            source: prepared.target.ws.to_url(),
            stats: if prepared.target.api_base().is_some() {
                crate::ui::StatsPlan::Endpoint
            } else {
                crate::ui::StatsPlan::NoEndpoint
            },
        };
        return super::dashboard::run_live(&prepared, meta, &global, args.record.as_deref()).await;
    }
    let clock = JourneyClock::new(prepared.start_at);
    let (tx, rx) = crate::channel::input_channel();
    let recorder = match &args.record {
        Some(path) => Some(prepared.recorder(path)?),
        None => None,
    };
    let mut rx = match &recorder {
        Some(r) => record::tee(rx, r.clone()),
        None => rx,
    };
    let mut engine = prepared.engine();
    let task = prepared.start(&clock, tx, recorder.as_ref());
    let (done_tx, done_rx) = tokio::sync::oneshot::channel::<Result<Ended, LiveError>>();
    let waiter = tokio::spawn(async move {
        let result = task
            .await
            .unwrap_or_else(|e| Err(LiveError::GaveUp(format!("internal error: {e}"))));
        let _ = done_tx.send(result);
    });
    let mut result_slot = None;
    let done = async {
        result_slot = done_rx.await.ok();
    };
    let mut stdout = std::io::stdout().lock();
    let stop = headless::run(
        &mut engine,
        &mut rx,
        &clock,
        args.every,
        args.until,
        done,
        &mut stdout,
    )
    .await
    .map_err(|e| crate::process::exit::stdout_failed(&e))?;
    waiter.abort();
    if let Some(r) = recorder {
        // The engine's clock is where the final line was printed.
        let reason = match stop {
            headless::Stop::SourceDone => EndReason::SourceDone,
            headless::Stop::Until => EndReason::Until,
            headless::Stop::Signal => EndReason::Signal,
        };
        if let Err(e) = r.finish(engine.now(), reason) {
            eprintln!("journeytop: {}", journeytop_protocol::text::for_stderr(&e));
        }
    }
    match (stop, result_slot) {
        (headless::Stop::SourceDone, Some(Err(e))) => Err(e.into()),
        _ => Ok(()),
    }
}

/// Several journeys: the overview, or one NDJSON line per journey per tick.
async fn run_many(
    mut sessions: Vec<LiveSession>,
    args: &WatchArgs,
    global: &DisplayOpts,
    headless: bool,
) -> Result<(), Fatal> {
    if !headless {
        // Like the dashboard, the overview retries forever.
        for s in &mut sessions {
            s.follow.max_retries = None;
        }
    }
    let mut fleet = Fleet::start(sessions, args.record.as_deref())?;
    if headless {
        let mut stdout = std::io::stdout().lock();
        super::fleet::headless(&mut fleet, args.every, args.until, &mut stdout).await
    } else {
        super::fleet::overview(&mut fleet, crate::ui::Mode::Watch, global).await
    }
}
