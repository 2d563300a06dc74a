//! One followed journey, wired: the connection task, the stats poller, the
//! engine it feeds and, with `--record`, the recorder's tee. Commands build a
//! [`LiveSession`] and start it; the dashboard, the headless printer and the
//! demo all follow journeys through it.

use super::connection::AttemptSettings;
use super::error::LiveError;
use super::target::{Target, TargetArgs, resolve, resolve_many, websocket_url};
use super::{Backoff, Ended, FollowOptions, follow, stats, tls};
use crate::channel::InputSender;
use crate::clock::JourneyClock;
use crate::record::{Header, Recorder};
use journeytop_engine::{EngineConfig, JourneyState};
use journeytop_protocol::Posters;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How to connect, besides where.
#[derive(Debug, Clone)]
pub struct ConnectArgs {
    pub bandwidth: u32,
    pub lookback: f64,
    pub lookahead: f64,
    pub start_at: f64,
    pub max_retries: Option<u32>,
    pub ca_file: Option<PathBuf>,
    pub allow_plaintext: bool,
}

/// Everything resolved from the arguments, before anything connects.
pub struct LiveSession {
    pub target: Target,
    pub follow: FollowOptions,
    pub http: reqwest::Client,
    pub start_at: f64,
    /// The files read (journey, JWT, prompt, CA): `--record` never writes
    /// onto one of them.
    pub inputs: Vec<PathBuf>,
    /// `--force`: `--record` may overwrite an existing file.
    pub overwrite: bool,
}

/// Where `--record` may write: never onto an input (compared by canonical
/// path, so `./j.json` and `j.json` are the same file), and onto another
/// existing file only with `--force`.
pub(crate) fn check_record_path(
    path: &Path,
    inputs: &[PathBuf],
    force: bool,
) -> Result<(), String> {
    let shown = journeytop_protocol::text::sanitize(&path.display().to_string());
    let Ok(target) = std::fs::canonicalize(path) else {
        // Nothing there yet (creating it says what goes wrong, if anything).
        return Ok(());
    };
    if inputs
        .iter()
        .any(|i| std::fs::canonicalize(i).is_ok_and(|c| c == target))
    {
        return Err(format!(
            "refusing to record to {shown}: it is one of the files being read"
        ));
    }
    if !force {
        return Err(format!(
            "{shown} already exists; pass --force to overwrite it with the recording"
        ));
    }
    Ok(())
}

/// The files a target reads: `--record` never writes onto one of them.
fn input_files(t: &TargetArgs) -> Vec<PathBuf> {
    [&t.journey_file, &t.jwt_file, &t.prompt_file]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
}

/// The connection settings: 10 s to connect and shake hands, dead after 5 s
/// of silence, re-sync beyond 250 ms of drift, the web client's backoff.
fn follow_options(
    bandwidth: u32,
    lookback: f64,
    lookahead: f64,
    tls: Arc<rustls::ClientConfig>,
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
            stable_after: Duration::from_secs(10),
            tls,
            posters: Posters::Keep,
        },
        backoff: Backoff::default(),
        max_retries,
    }
}

fn http_client(
    extra: &[rustls_pki_types::CertificateDer<'static>],
) -> Result<reqwest::Client, LiveError> {
    let mut http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .use_rustls_tls();
    for cert in extra {
        let c = reqwest::Certificate::from_der(cert)
            .map_err(|e| LiveError::input(format!("CA file: {e}")))?;
        http = http.add_root_certificate(c);
    }
    http.build()
        .map_err(|e| LiveError::input(format!("HTTP client: {e}")))
}

impl LiveSession {
    /// Reads the journey, the server and the TLS settings. Plain text to
    /// another machine is refused unless allowed (then warned about).
    pub fn prepare(
        target: &TargetArgs,
        connect: &ConnectArgs,
        env_jwt: Option<String>,
    ) -> Result<LiveSession, LiveError> {
        let mut session = LiveSession::for_target(resolve(target, env_jwt)?, connect)?;
        session.inputs.extend(input_files(target));
        Ok(session)
    }

    /// One session per journey of every journey file in `targets` (a file
    /// may hold an array of journeys), in order.
    pub fn prepare_many(
        targets: &[TargetArgs],
        connect: &ConnectArgs,
        env_jwt: Option<&str>,
    ) -> Result<Vec<LiveSession>, LiveError> {
        let mut out = Vec::new();
        for t in targets {
            for target in resolve_many(t, env_jwt.map(str::to_string))? {
                let mut session = LiveSession::for_target(target, connect)?;
                session.inputs.extend(input_files(t));
                out.push(session);
            }
        }
        Ok(out)
    }

    /// A resolved target with the connection settings.
    pub fn for_target(target: Target, connect: &ConnectArgs) -> Result<LiveSession, LiveError> {
        target.check_plaintext(connect.allow_plaintext)?;
        let extra = match &connect.ca_file {
            Some(p) => tls::read_ca_file(p).map_err(|e| LiveError::input(e.to_string()))?,
            None => Vec::new(),
        };
        let tls_config = tls::client_config(&extra).map_err(|e| LiveError::input(e.to_string()))?;
        let inputs = connect.ca_file.iter().cloned().collect();
        Ok(LiveSession {
            target,
            follow: follow_options(
                connect.bandwidth,
                connect.lookback,
                connect.lookahead,
                tls_config,
                connect.max_retries,
            ),
            http: http_client(&extra)?,
            start_at: connect.start_at,
            inputs,
            overwrite: false,
        })
    }

    /// Following the in-process simulator: its own journey file, the
    /// production client's settings, retrying forever.
    pub fn for_simulator(
        sim: &journeytop_sim::server::SimHandle,
    ) -> Result<LiveSession, LiveError> {
        LiveSession::for_simulated(&sim.spec)
    }

    /// Following one journey of the in-process simulator, from its journey
    /// file (which names the simulator's websocket and API).
    pub fn for_simulated(
        spec: &journeytop_protocol::JourneySpec,
    ) -> Result<LiveSession, LiveError> {
        let server = spec.server.as_deref().unwrap_or_default();
        let ws = websocket_url(server, spec.variant).map_err(LiveError::Input)?;
        let api = super::target::api_url(spec.api.as_deref().unwrap_or(server))
            .map_err(LiveError::Input)?;
        let target = Target {
            spec: spec.clone(),
            ws,
            api: Some(api),
        };
        let tls_config = tls::client_config(&[]).map_err(|e| LiveError::input(e.to_string()))?;
        Ok(LiveSession {
            target,
            follow: follow_options(100, 3.0, 3.0, tls_config, None),
            http: http_client(&[])?,
            start_at: 0.0,
            inputs: Vec::new(),
            overwrite: false,
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
    pub fn recorder(&self, path: &Path) -> Result<Recorder, LiveError> {
        check_record_path(path, &self.inputs, self.overwrite).map_err(LiveError::input)?;
        let header = Header::for_spec(&self.target.spec, self.start_at);
        Recorder::create(path, &header, Some(&self.target.spec.jwt)).map_err(|e| {
            LiveError::input(format!(
                "cannot record to {}: {e}",
                journeytop_protocol::text::sanitize(&path.display().to_string())
            ))
        })
    }

    /// Starts the connection and the stats poller; returns the follow task.
    /// Follows the journey into `tx`; events keep who posted them only
    /// when `recorder` will write them.
    pub fn start(
        &self,
        clock: &JourneyClock,
        tx: InputSender,
        recorder: Option<&Recorder>,
    ) -> tokio::task::JoinHandle<Result<Ended, LiveError>> {
        if let Some(api) = self.target.api_base() {
            tokio::spawn(stats::poll(
                self.http.clone(),
                api,
                self.target.spec.clone(),
                clock.clone(),
                tx.clone(),
                stats::RETRIES.to_vec(),
            ));
        }
        let (target, mut opts, clock) = (self.target.clone(), self.follow.clone(), clock.clone());
        opts.attempt.posters = match recorder {
            Some(_) => Posters::Keep,
            None => Posters::Skip,
        };
        tokio::spawn(async move { follow(&target, &opts, &clock, &tx).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The production settings, which tests elsewhere replace with short
    /// ones: 10 s to connect and shake hands, dead after 5 s of silence,
    /// re-sync beyond 250 ms, the web client's backoff.
    #[test]
    fn the_connection_settings_are_the_production_clients() {
        let tls = tls::client_config(&[]).unwrap();
        let opts = follow_options(100, 3.0, 3.0, tls, Some(7));
        let a = &opts.attempt;
        assert_eq!(a.handshake_timeout, Duration::from_secs(10));
        assert_eq!(a.dead_after, Duration::from_secs(5));
        assert_eq!(a.drift_tolerance, 0.25);
        assert_eq!(a.stable_after, Duration::from_secs(10));
        assert_eq!((a.bandwidth, a.lookback, a.lookahead), (100, 3.0, 3.0));
        assert_eq!(opts.max_retries, Some(7));
        let b = opts.backoff;
        assert_eq!(
            (b.first, b.first_count, b.later),
            (Duration::from_secs(1), 4, Duration::from_secs(5))
        );
    }
}
