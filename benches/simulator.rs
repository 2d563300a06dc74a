//! The simulator: stats-bin queries (`Journal::stats`, prefix sums over the
//! Fenwick trees) on a journal of 100,000 events, and the fan-out of
//! `Hub::publish` to 100 connected websocket clients at 5,000 events/s.
//!
//! The stats part is a criterion benchmark. The fan-out part is a fixed
//! measurement printed after it: it starts the in-process simulator (no
//! crowd) on its own runtime, connects 100 tokio-tungstenite clients on
//! another runtime (each runs the handshake with bandwidth 5000 and a 10 s
//! window either way), publishes from one thread at 5,000 events/s for a few
//! seconds, and reports the events the clients received per second and the
//! CPU time of the server threads, the clients and the publisher, read per
//! thread from /proc/self/task/*/stat.
//!
//! `cargo bench --bench simulator` runs both; `-- stats` only the criterion
//! part; `-- fanout` only the fan-out. FANOUT_SECONDS / FANOUT_CLIENTS /
//! FANOUT_RATE change the fan-out run.

use criterion::{BenchmarkId, Criterion, Throughput};
use futures_util::{SinkExt, StreamExt};
use journeytop_protocol::*;
use journeytop_sim::Journal;
use journeytop_sim::jwt::Secret;
use journeytop_sim::server::{self, SimConfig, SimHandle};
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

const JOURNAL_EVENTS: usize = 100_000;
const DURATION: f64 = 600.0;

fn ev(n: usize, session: usize, t: f64, data: EventData) -> Event {
    Event {
        uid: format!("oseh_ipe_{n:022}"),
        user_sub: Some(format!("oseh_u_{session:022}")),
        session_uid: Some(format!("oseh_ips_{session:022}")),
        time: t,
        icon: None,
        data,
    }
}

/// A journal of `JOURNAL_EVENTS` accepted events over `DURATION` seconds:
/// 2,000 sessions join, then rate, replace their ratings and like.
fn journal(style: Style) -> Journal {
    let mut j = Journal::new(
        Variant::InteractivePrompts,
        Prompt::default_for(style),
        DURATION,
    );
    let sessions = 2000;
    let mut n = 0;
    for s in 0..sessions {
        n += 1;
        let data = EventData::Join { name: None };
        j.submit(ev(n, s, s as f64 * 0.01, data))
            .expect("a valid join");
    }
    let per = (JOURNAL_EVENTS - sessions) / sessions;
    let step = (DURATION - 30.0) / per as f64;
    for k in 0..per {
        for s in 0..sessions {
            n += 1;
            let t = 25.0 + k as f64 * step + s as f64 * 1e-4;
            let data = match (k + s) % 3 {
                0 => EventData::Like,
                _ => match style {
                    Style::Numeric => EventData::Numeric {
                        rating: ((k * 7 + s) % 10 + 1) as i64,
                    },
                    Style::Color => EventData::Color {
                        index: ((k + s) % 8) as i64,
                    },
                    Style::Word => EventData::Word {
                        index: ((k + s) % 3) as i64,
                    },
                    Style::Press => EventData::Like,
                },
            };
            j.submit(ev(n, s, t, data)).expect("a valid event");
        }
    }
    assert_eq!(j.log().len(), JOURNAL_EVENTS);
    j
}

fn stats(c: &mut Criterion) {
    let mut group = c.benchmark_group("stats");
    for style in [Style::Numeric, Style::Color] {
        let j = journal(style);
        let bins = j.bins().count as i64;
        group.throughput(Throughput::Elements(bins as u64));
        // Every bin once per iteration: what a poller sweeping the journey asks.
        group.bench_with_input(BenchmarkId::new("every_bin", style.name()), &j, |b, j| {
            b.iter(|| {
                for bin in 0..bins {
                    black_box(j.stats(bin).ok());
                }
            })
        });
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(BenchmarkId::new("last_bin", style.name()), &j, |b, j| {
            b.iter(|| black_box(j.stats(bins - 1).ok()))
        });
        group.bench_with_input(
            BenchmarkId::new("last_bin_json", style.name()),
            &j,
            |b, j| b.iter(|| black_box(j.stats_json(bins - 1).ok())),
        );
    }
    group.finish();
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// user + system CPU seconds of this process's threads whose name starts
/// with `prefix`.
fn thread_cpu(prefix: &str) -> f64 {
    let tick = 100.0; // USER_HZ on Linux
    let mut total = 0u64;
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return f64::NAN;
    };
    for task in dir.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid ... : comm may hold spaces, split after ')'.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        if !stat[open + 1..close].starts_with(prefix) {
            continue;
        }
        let fields: Vec<&str> = stat[close + 2..].split(' ').collect();
        // utime and stime are fields 14 and 15 of stat; 12 and 13 here.
        let utime: u64 = fields.get(11).and_then(|f| f.parse().ok()).unwrap_or(0);
        let stime: u64 = fields.get(12).and_then(|f| f.parse().ok()).unwrap_or(0);
        total += utime + stime;
    }
    total as f64 / tick
}

async fn handshake(sim_url: String, spec: JourneySpec, clock: f64) -> Ws {
    let v = spec.variant;
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("{sim_url}{}", v.ws_path()))
        .await
        .expect("connect");
    let auth = serde_json::json!({"type": "authorize", "data": {
        v.uid_field(): spec.uid, "jwt": spec.jwt.expose(), "bandwidth": 5000, "lookback": 10.0, "lookahead": 10.0
    }});
    ws.send(Message::text(auth.to_string()))
        .await
        .expect("send");
    let _ = ws.next().await.expect("sync_request").expect("a frame");
    let sync = serde_json::json!({"type": "sync_response", "data": {"receive_timestamp": clock, "transmit_timestamp": clock}});
    ws.send(Message::text(sync.to_string()))
        .await
        .expect("send");
    let _ = ws.next().await.expect("auth_response").expect("a frame");
    ws
}

/// Reads until the socket ends, counting the events in each batch.
async fn count(mut ws: Ws, received: Arc<AtomicU64>) {
    while let Some(Ok(msg)) = ws.next().await {
        let bytes = match &msg {
            Message::Text(t) => t.as_bytes(),
            Message::Binary(b) => b,
            _ => continue,
        };
        if let Ok(ServerPacket {
            body: ServerBody::EventBatch(b),
            ..
        }) = ServerPacket::decode(bytes)
        {
            received.fetch_add(b.events.len() as u64, Ordering::Relaxed);
        }
    }
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Publishes `rate` events a second for `seconds` from `sessions` joined
/// sessions; returns (published, seconds taken, the publisher's CPU).
fn spawn_publisher(
    hub: Arc<journeytop_sim::hub::Hub>,
    rate: f64,
    seconds: f64,
    sessions: usize,
    mut n: usize,
    journey_time: impl Fn(Instant) -> f64 + Send + 'static,
) -> std::thread::JoinHandle<(usize, f64, f64)> {
    std::thread::Builder::new()
        .name("sim-publisher".into())
        .spawn(move || {
            let start = Instant::now();
            let interval = Duration::from_secs_f64(1.0 / rate);
            let total = (rate * seconds) as usize;
            let mut published = 0usize;
            let mut last = vec![0.0f64; sessions];
            while published < total {
                // Publish whatever is due, then sleep a millisecond.
                let due = ((start.elapsed().as_secs_f64() * rate) as usize).min(total);
                while published < due {
                    n += 1;
                    let s = n % sessions;
                    let mut t = journey_time(Instant::now());
                    if t <= last[s] {
                        t = last[s] + 1e-6;
                    }
                    last[s] = t;
                    let data = if n.is_multiple_of(3) {
                        EventData::Like
                    } else {
                        EventData::Numeric {
                            rating: (n % 10 + 1) as i64,
                        }
                    };
                    if hub.publish(ev(n, s, t, data)).is_ok() {
                        published += 1;
                    }
                }
                std::thread::sleep(interval.max(Duration::from_millis(1)));
            }
            (
                published,
                start.elapsed().as_secs_f64(),
                thread_cpu("sim-publisher"),
            )
        })
        .expect("a thread")
}

fn fanout() {
    let clients: usize = env_or("FANOUT_CLIENTS", 100);
    let rate: f64 = env_or("FANOUT_RATE", 5000.0);
    let seconds: f64 = env_or("FANOUT_SECONDS", 10.0);
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .thread_name("sim-server")
        .enable_all()
        .build()
        .expect("a runtime");
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .thread_name("sim-client")
        .enable_all()
        .build()
        .expect("a runtime");
    let cfg = SimConfig {
        variant: Variant::InteractivePrompts,
        prompt: Prompt::default_for(Style::Numeric),
        duration: 100_000.0,
        crowd: 0,
        seed: 7,
        secret: Secret::new(b"journeytop-bench-secret".to_vec()),
        record_deliveries: false,
        timings: journeytop_sim::Timings::default(),
    };
    let sim: SimHandle = server_rt
        .block_on(server::start(
            cfg,
            "127.0.0.1:0".parse().expect("an address"),
        ))
        .expect("the simulator starts");
    // Every client's clock reads `base` + seconds since `t0`.
    let base = 1000.0;
    let t0 = Instant::now();
    let received = Arc::new(AtomicU64::new(0));
    let url = sim.ws_url();
    let readers: Vec<_> = client_rt.block_on(async {
        let mut out = vec![];
        for _ in 0..clients {
            let clock = base + t0.elapsed().as_secs_f64();
            let ws = handshake(url.clone(), sim.spec.clone(), clock).await;
            out.push(tokio::spawn(count(ws, received.clone())));
        }
        out
    });
    // A socket counts as streaming just after its auth_response goes out.
    let deadline = Instant::now() + Duration::from_secs(10);
    while sim.hub.connections_streaming() < clients {
        assert!(Instant::now() < deadline, "not every client streams");
        std::thread::sleep(Duration::from_millis(5));
    }
    let sessions = 1000;
    let mut n = 0usize;
    let journey_time = move |at: Instant| base + at.duration_since(t0).as_secs_f64();
    for s in 0..sessions {
        n += 1;
        let data = EventData::Join { name: None };
        let event = ev(n, s, journey_time(Instant::now()), data);
        sim.hub.publish(event).expect("a valid join");
    }
    // Let the joins drain, then start counting.
    std::thread::sleep(Duration::from_millis(600));
    let publisher = spawn_publisher(sim.hub.clone(), rate, seconds, sessions, n, journey_time);
    let before_server = thread_cpu("sim-server");
    let before_client = thread_cpu("sim-client");
    let before_received = received.load(Ordering::Relaxed);
    let encodes_before = sim.hub.event_encodes();
    let started = Instant::now();
    let (published, publish_secs, publisher_cpu) = publisher.join().expect("the publisher");
    // The last batch goes out 0.25 s after its first event.
    std::thread::sleep(Duration::from_millis(600));
    let wall = started.elapsed().as_secs_f64();
    let got = received.load(Ordering::Relaxed) - before_received;
    let server_cpu = thread_cpu("sim-server") - before_server;
    let client_cpu = thread_cpu("sim-client") - before_client;
    let expected = published as u64 * clients as u64;
    println!(
        "fanout: {clients} clients, {published} events published in {publish_secs:.2} s ({:.0} events/s)",
        published as f64 / publish_secs
    );
    println!(
        "fanout: delivered {got} of {expected} ({:.2} %), {:.0} delivered events/s over {wall:.2} s",
        got as f64 / expected as f64 * 100.0,
        got as f64 / wall
    );
    println!(
        "fanout: CPU server {server_cpu:.2} s ({:.1} % of a core), publisher {publisher_cpu:.2} s, clients {client_cpu:.2} s",
        server_cpu / wall * 100.0
    );
    println!(
        "fanout: CPU per published event: server+publisher {:.1} µs, per delivered event (server) {:.2} µs",
        (server_cpu + publisher_cpu) / published as f64 * 1e6,
        server_cpu / got.max(1) as f64 * 1e6
    );
    println!(
        "fanout: events encoded to JSON: {} for {published} published ({clients} sockets)",
        sim.hub.event_encodes() - encodes_before
    );
    server_rt.block_on(sim.stop());
    client_rt.block_on(async {
        for r in readers {
            r.abort();
        }
    });
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = |part: &str| args.iter().any(|a| a == part);
    let testing = args.iter().any(|a| a == "--test" || a == "--list");
    let run_stats = !only("fanout");
    let run_fanout = !testing && !only("stats");
    if run_stats {
        let mut c = Criterion::default().configure_from_args();
        stats(&mut c);
        c.final_summary();
    }
    if run_fanout {
        fanout();
    }
}
