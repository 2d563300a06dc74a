//! `journeytop watch`: follow a journey on a real server (or the simulator),
//! on the dashboard or as headless NDJSON.

use crate::cli::{GlobalOpts, WatchArgs};
use crate::clock::JourneyClock;
use crate::exit::{ExitCode, Fatal};
use crate::headless;
use crate::live::connection::AttemptSettings;
use crate::live::target::{Target, http_origin, resolve};
use crate::live::{Backoff, FollowOptions, follow, stats, tls};
use crate::record::{self, EndReason, Header, Recorder};
use journeytop_engine::{EngineConfig, JourneyState, Stamped};
use std::io::IsTerminal;
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

/// Everything resolved from the arguments, before anything connects.
pub struct Prepared {
    pub target: Target,
    pub follow: FollowOptions,
    pub http: reqwest::Client,
    pub start_at: f64,
}

/// Reads the journey, the server and the TLS settings; prints the warning
/// about plain `ws://` to a non-loopback host.
pub fn prepare(args: &WatchArgs, env_jwt: Option<String>) -> Result<Prepared, Fatal> {
    let target = resolve(args, env_jwt)?;
    if target.ws.scheme == "ws" && !target.ws.is_loopback() {
        eprintln!(
            "journeytop: warning: {} is plain ws:// to a host that is not this machine — the JWT travels unencrypted; use wss:// if the server offers it",
            target.ws.authority
        );
    }
    let extra = match &args.ca_file {
        Some(p) => tls::read_ca_file(p).map_err(|e| Fatal::usage(e.to_string()))?,
        None => Vec::new(),
    };
    let tls_config = tls::client_config(&extra).map_err(|e| Fatal::usage(e.to_string()))?;
    let mut http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .use_rustls_tls();
    for cert in &extra {
        let c = reqwest::Certificate::from_der(cert)
            .map_err(|e| Fatal::usage(format!("CA file: {e}")))?;
        http = http.add_root_certificate(c);
    }
    let http = http
        .build()
        .map_err(|e| Fatal::usage(format!("HTTP client: {e}")))?;
    let follow = follow_options(
        args.bandwidth,
        args.lookback,
        args.lookahead,
        tls_config,
        Some(args.max_retries),
    );
    Ok(Prepared {
        target,
        follow,
        http,
        start_at: args.start_at,
    })
}

/// The connection settings: 10 s to connect and shake hands, dead after 5 s
/// of silence, re-sync beyond 250 ms of drift, the web client's backoff.
fn follow_options(
    bandwidth: u32,
    lookback: f64,
    lookahead: f64,
    tls: std::sync::Arc<rustls::ClientConfig>,
    max_retries: Option<u32>,
) -> FollowOptions {
    FollowOptions {
        attempt: AttemptSettings {
            bandwidth,
            lookback,
            lookahead,
            handshake_timeout: Duration::from_secs(10),
            dead_after: Duration::from_secs(5),
            drift_tolerance: 0.25,
            tls,
        },
        backoff: Backoff::default(),
        max_retries,
    }
}

impl Prepared {
    /// Following the in-process simulator: its own journey file, the
    /// production client's settings, retrying forever.
    pub fn for_simulator(sim: &journeytop_sim::server::SimHandle) -> Result<Prepared, Fatal> {
        let ws = crate::live::target::websocket_url(&sim.ws_url(), sim.spec.variant)
            .map_err(Fatal::usage)?;
        let target = Target {
            spec: sim.spec.clone(),
            ws,
            api: Some(sim.api_url()),
        };
        let tls_config = tls::client_config(&[]).map_err(|e| Fatal::usage(e.to_string()))?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| Fatal::usage(format!("HTTP client: {e}")))?;
        Ok(Prepared {
            target,
            follow: follow_options(100, 3.0, 3.0, tls_config, None),
            http,
            start_at: 0.0,
        })
    }

    /// A fresh engine for this journey.
    pub fn engine(&self) -> JourneyState {
        let spec = &self.target.spec;
        JourneyState::new(
            spec.prompt.clone(),
            Some(spec.prompt_duration()),
            EngineConfig {
                start_at: self.start_at,
                ..EngineConfig::default()
            },
        )
    }

    /// Creates the recording file for `--record` and writes its header
    /// (never the JWT).
    pub fn recorder(&self, path: &std::path::Path) -> Result<Recorder, Fatal> {
        let header = Header::for_spec(&self.target.spec, self.start_at);
        Recorder::create(path, &header, Some(&self.target.spec.jwt))
            .map_err(|e| Fatal::usage(format!("cannot record to {}: {e}", path.display())))
    }

    /// The API base for stats: `--api`, the journey file's `api`, or — when
    /// the server is the simulator on this machine — its own origin.
    pub fn api(&self) -> Option<String> {
        self.target.api.clone().or_else(|| {
            self.target
                .ws
                .is_loopback()
                .then(|| http_origin(&self.target.ws))
        })
    }

    /// Starts the connection and the stats poller; returns the follow task.
    pub fn start(
        &self,
        clock: &JourneyClock,
        tx: UnboundedSender<Stamped>,
    ) -> tokio::task::JoinHandle<Result<crate::live::Ended, Fatal>> {
        if let Some(api) = self.api() {
            tokio::spawn(stats::poll(
                self.http.clone(),
                api,
                self.target.spec.clone(),
                clock.clone(),
                tx.clone(),
                stats::RETRIES.to_vec(),
            ));
        }
        let (target, opts, clock) = (self.target.clone(), self.follow.clone(), clock.clone());
        tokio::spawn(async move { follow(&target, &opts, &clock, &tx).await })
    }
}

/// Runs `watch`. Headless when asked or when stdout is not a terminal.
pub async fn run(args: WatchArgs, global: GlobalOpts) -> Result<(), Fatal> {
    let mut prepared = prepare(&args, std::env::var("JOURNEYTOP_JWT").ok())?;
    let headless = args.headless || !std::io::stdout().is_terminal();
    if !headless {
        // The dashboard retries forever (showing the countdown); only
        // headless mode gives up after --max-retries.
        prepared.follow.max_retries = None;
        let meta = crate::ui::Meta {
            variant: prepared.target.spec.variant,
            uid: prepared.target.spec.uid.clone(),
            mode: crate::ui::Mode::Watch,
            source: prepared.target.ws.to_url(),
        };
        return crate::dashboard::run_live(&prepared, meta, &global, args.record.as_deref()).await;
    }
    let clock = JourneyClock::new(prepared.start_at);
    let (tx, rx) = unbounded_channel();
    let recorder = match &args.record {
        Some(path) => Some(prepared.recorder(path)?),
        None => None,
    };
    let mut rx = match &recorder {
        Some(r) => record::tee(rx, r.clone()),
        None => rx,
    };
    let mut engine = prepared.engine();
    let task = prepared.start(&clock, tx);
    let (done_tx, done_rx) = tokio::sync::oneshot::channel::<Result<crate::live::Ended, Fatal>>();
    let waiter = tokio::spawn(async move {
        let result = task.await.unwrap_or_else(|e| {
            Err(Fatal::new(
                ExitCode::ConnectionFailed,
                format!("internal error: {e}"),
            ))
        });
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
    .map_err(crate::exit::stdout_failed)?;
    waiter.abort();
    if let Some(r) = recorder {
        // The engine's clock is where the final line was printed.
        let reason = match stop {
            headless::Stop::SourceDone => EndReason::SourceDone,
            headless::Stop::Until => EndReason::Until,
            headless::Stop::Signal => EndReason::Signal,
        };
        if let Err(e) = r.finish(engine.now(), reason) {
            eprintln!("journeytop: {e}");
        }
    }
    match (stop, result_slot) {
        (headless::Stop::SourceDone, Some(Err(fatal))) => Err(fatal),
        _ => Ok(()),
    }
}
