//! The simulator's server: one port serving both websocket routes, the stats
//! endpoints and the event POSTs, with the crowd publishing in the background.

use super::crowd::{Crowd, CrowdConfig};
use super::hub::Hub;
use super::hubs::Hubs;
use super::jwt::{self, Secret};
use super::rng::{Rng, mix};
use super::timings::Timings;
use super::{http, listen, tickets, ws};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Query, State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use journeytop_protocol::{Event, EventData, JourneySpec, Jwt, Prompt, Variant};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Lifetime of the journey JWT the simulator hands out: hours, so a demo
/// never runs into an expired token.
pub const JOURNEY_JWT_SECONDS: i64 = 12 * 3600;
/// How often the crowd driver publishes what is due.
const CROWD_TICK: Duration = Duration::from_millis(20);

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub variant: Variant,
    pub prompt: Prompt,
    /// The prompt duration in seconds.
    pub duration: f64,
    /// Arrivals per prompt duration; 0 = no crowd (tests drive events).
    pub crowd: u32,
    pub seed: u64,
    pub secret: Secret,
    /// Keep what each connection was sent (for tests).
    pub record_deliveries: bool,
    /// The websocket's timings; `Timings::default()` mirrors the server.
    pub timings: Timings,
}

/// A running simulator.
pub struct SimHandle {
    pub addr: SocketAddr,
    /// The first journey's hub (the only one unless several were started).
    pub hub: Arc<Hub>,
    /// The first journey's file: uid, JWT, prompt, duration, server and api.
    pub spec: JourneySpec,
    /// Every journey served, in order (the first is `hub`).
    pub hubs: Arc<Hubs>,
    /// Every journey's file, in the same order.
    pub specs: Vec<JourneySpec>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl SimHandle {
    /// Stops serving and drops every connection.
    pub async fn stop(mut self) {
        for hub in self.hubs.every() {
            hub.stop_all();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        for t in self.tasks.drain(..) {
            t.abort();
            let _ = t.await;
        }
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    pub fn api_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What happens on the port from now on: each websocket's start and
    /// end, each event POST's answer.
    pub fn notes(&self) -> tokio::sync::broadcast::Receiver<crate::notes::SimNote> {
        self.hubs.notes()
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        for hub in self.hubs.every() {
            hub.stop_all();
        }
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// `prefix` and a uid tail derived from the seed, so a seeded simulator
/// names its journey the same way every run.
fn seeded_uid(prefix: &str, seed: u64, salt: u64) -> String {
    Rng::new(mix(seed, salt)).uid(prefix)
}

fn router(hubs: Arc<Hubs>) -> Router {
    let mut app = Router::new();
    for variant in Variant::ALL {
        app = app
            .route(
                variant.ws_path(),
                get(move |State(hubs): State<Arc<Hubs>>, upgrade: WebSocketUpgrade| async move {
                    upgrade.on_upgrade(move |socket| ws::serve(socket, hubs, variant))
                }),
            )
            .route(
                variant.stats_path(),
                get(
                    move |State(hubs): State<Arc<Hubs>>, headers: HeaderMap, Query(q): Query<HashMap<String, String>>| async move {
                        http::stats(&hubs, variant, &headers, &q)
                    },
                ),
            )
            .route(
                &format!("{}/{{*route}}", variant.events_path()),
                post(move |State(hubs): State<Arc<Hubs>>, Path(route): Path<String>, body: Body| async move {
                    let r: Response = match http::read_body(body, hubs.timings()).await {
                        Ok(body) => http::post_event(&hubs, variant, &route, &body),
                        Err(refused) => *refused,
                    };
                    r
                }),
            );
    }
    app.route(
        "/api/1/interactive_prompts/start_public",
        post(
            |State(hubs): State<Arc<Hubs>>, headers: HeaderMap, body: Body| async move {
                match http::read_body(body, hubs.timings()).await {
                    Ok(body) => tickets::start_public(&hubs, &headers, &body),
                    Err(refused) => *refused,
                }
            },
        ),
    )
    .route(
        "/api/1/journeys/start_interactive_prompt",
        post(
            |State(hubs): State<Arc<Hubs>>, headers: HeaderMap, body: Body| async move {
                match http::read_body(body, hubs.timings()).await {
                    Ok(body) => tickets::start_interactive_prompt(&hubs, &headers, &body),
                    Err(refused) => *refused,
                }
            },
        ),
    )
    .layer(DefaultBodyLimit::max(http::MAX_BODY))
    .with_state(hubs)
}

/// Binds `listen` and starts serving and (with a crowd) publishing.
pub async fn start(cfg: SimConfig, listen: SocketAddr) -> std::io::Result<SimHandle> {
    start_many(vec![cfg], listen).await
}

/// One journey of a simulator: its hub and its journey file.
fn journey(cfg: &SimConfig, addr: SocketAddr) -> (Arc<Hub>, JourneySpec) {
    let uid = seeded_uid(cfg.variant.uid_prefix(), cfg.seed, 1);
    let hub = Arc::new(Hub::new(
        cfg.variant,
        uid.clone(),
        cfg.prompt.clone(),
        cfg.duration,
        cfg.secret.clone(),
        cfg.timings,
        cfg.record_deliveries,
    ));
    let token = jwt::issue(
        &uid,
        cfg.variant.jwt_audience(),
        JOURNEY_JWT_SECONDS,
        &cfg.secret,
    );
    let spec = JourneySpec {
        variant: cfg.variant,
        uid,
        jwt: Jwt::new(token),
        session_uid: Some(seeded_uid(cfg.variant.session_uid_prefix(), cfg.seed, 2)),
        prompt: Some(cfg.prompt.clone()),
        duration: cfg.duration,
        // The simulator's journeys have no audio: the socket closes after
        // the lobby like an interactive prompt's.
        lobby: (cfg.variant == Variant::Journeys).then_some(cfg.duration),
        server: Some(format!("ws://{addr}")),
        api: Some(format!("http://{addr}")),
    };
    (hub, spec)
}

/// Binds `listen` and serves every journey of `cfgs` on it, each with its
/// own crowd, journal and JWT. Give each a different seed (their uids come
/// from it) and the same secret and timings (the socket reads the first's
/// before it knows which journey it follows).
pub async fn start_many(cfgs: Vec<SimConfig>, listen: SocketAddr) -> std::io::Result<SimHandle> {
    if cfgs.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "no journey to serve",
        ));
    }
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let (list, specs): (Vec<_>, Vec<_>) = cfgs.iter().map(|c| journey(c, addr)).unzip();
    // The public prompts and each journey's interactive prompt, for the
    // ticket routes.
    let mut extra_cfgs = Vec::new();
    let public = tickets::public_configs(&cfgs[0])
        .into_iter()
        .map(|(id, cfg)| {
            let hub = journey(&cfg, addr).0;
            extra_cfgs.push(cfg);
            (id, hub)
        })
        .collect();
    let companions = cfgs
        .iter()
        .zip(&specs)
        .filter(|(c, _)| c.variant == Variant::Journeys)
        .map(|(c, spec)| {
            let cfg = tickets::companion_config(c);
            let hub = journey(&cfg, addr).0;
            extra_cfgs.push(cfg);
            (spec.uid.clone(), hub)
        })
        .collect();
    let hubs = Arc::new(Hubs::new(list, public, companions));
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = router(hubs.clone());
    let serve = tokio::spawn(listen::accept_loop(listener, app, cfgs[0].timings, stopped));
    let mut tasks = vec![serve];
    for (hub, cfg) in hubs.all().iter().zip(cfgs) {
        if cfg.crowd > 0 {
            tasks.push(tokio::spawn(drive_crowd(hub.clone(), cfg)));
        }
    }
    // The ticket routes' prompts get their crowd once someone watches them:
    // an idle simulator costs no more than before.
    let extras = hubs.every().skip(hubs.all().len());
    for (hub, cfg) in extras.zip(extra_cfgs) {
        if cfg.crowd > 0 {
            let hub = hub.clone();
            tasks.push(tokio::spawn(async move {
                while hub.connections_streaming() == 0 {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                drive_crowd(hub, cfg).await;
            }));
        }
    }
    Ok(SimHandle {
        addr,
        hub: hubs.all()[0].clone(),
        spec: specs[0].clone(),
        hubs,
        specs,
        shutdown: Some(shutdown),
        tasks,
    })
}

/// Publishes the crowd's events as their wall-clock time comes, forever.
async fn drive_crowd(hub: Arc<Hub>, cfg: SimConfig) {
    let mut crowd = Crowd::new(CrowdConfig {
        prompt: cfg.prompt,
        variant: cfg.variant,
        duration: cfg.duration,
        crowd: cfg.crowd,
        seed: cfg.seed,
    });
    let mut tick = tokio::time::interval(CROWD_TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        for planned in crowd.advance(hub.elapsed()) {
            if let Err(e) = hub.publish(planned.event) {
                // The crowd follows the session rules; this is a bug to log.
                tracing::warn!(kind = %e.kind, message = %e.message, "crowd event rejected");
            }
        }
    }
}

/// Sessions in the flood's cohort.
const FLOOD_COHORT: usize = 1000;

/// A load generator for soak and load tests: once the first client is
/// streaming, a cohort joins and then posts `rate` events a second (likes
/// and answers, the answers skewed up the scale like the crowd's) at the
/// simulator's own clock — a client that connected within its lookahead of
/// the start sees all of them. Every event goes through the same path as
/// the crowd's.
pub fn spawn_flood(hub: Arc<Hub>, rate: u32) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let v = hub.variant;
        let session = |i: usize| format!("{}flood{i:06}", v.session_uid_prefix());
        let mut n: u64 = 0;
        let mut event = |i: usize, t: f64, data: EventData| {
            n += 1;
            Event {
                uid: format!("{}flood{n:014}", v.event_uid_prefix()),
                user_sub: Some(format!("oseh_u_flood{i:06}")),
                session_uid: Some(session(i)),
                time: t,
                icon: None,
                data,
            }
        };
        while hub.connections_streaming() == 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let joined = hub.elapsed();
        for i in 0..FLOOD_COHORT {
            let name = crate::names::NAMES[i % crate::names::NAMES.len()];
            let join = EventData::Join {
                name: Some(name.to_string()),
            };
            let _ = hub.publish(event(i, joined, join));
        }
        // Two draws of a cheap hash give a triangular spread a little above
        // the middle, so the histogram and the mood look like a room's.
        let skew = |k: u64, n: u64| {
            let h = k.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let (a, b) = ((h >> 20) % 1000, (h >> 40) % 1000);
            (((a + b) as f64 / 2000.0 * 0.9 + 0.1) * n as f64) as u64
        };
        let answer = |k: u64| match &hub.prompt {
            Prompt::Numeric { min, max, .. } => EventData::Numeric {
                rating: min + skew(k, (max - min + 1) as u64) as i64,
            },
            Prompt::Color { colors, .. } => EventData::Color {
                index: skew(k, colors.len() as u64) as i64,
            },
            Prompt::Word { options, .. } => EventData::Word {
                index: skew(k, options.len() as u64) as i64,
            },
            Prompt::Press { .. } => EventData::Like,
        };
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        let mut sent: u64 = 0;
        let mut next = 0usize;
        loop {
            tick.tick().await;
            let due = ((hub.elapsed() - joined) * f64::from(rate)) as u64;
            while sent < due {
                sent += 1;
                // Round-robin over the cohort; times only move forward.
                let i = next;
                next = (next + 1) % FLOOD_COHORT;
                let data = if sent.is_multiple_of(2) {
                    EventData::Like
                } else {
                    answer(sent / 2)
                };
                if let Err(e) = hub.publish(event(i, hub.elapsed(), data)) {
                    tracing::debug!(kind = %e.kind, "flood event rejected");
                }
            }
        }
    })
}
