//! The simulator over real loopback sockets: handshake errors, batching,
//! the window filter, the token bucket, closes, the send timeout, stats and
//! the POST routes.

mod common;

use common::*;
use journeytop_engine::{EngineConfig, Input, JourneyState};
use journeytop_protocol::*;
use journeytop_sim::hub::Delivery;
use journeytop_sim::jwt;
use std::time::{Duration, Instant};

const V: Variant = Variant::InteractivePrompts;

async fn expect_error(ws: &mut Ws, code: u16, kind: &str) -> String {
    let Next::Packet(p) = next(ws, Duration::from_secs(2)).await else {
        panic!("no error packet")
    };
    let ServerBody::Error(e) = p.body else {
        panic!("not an error: {p:?}")
    };
    assert_eq!((e.code, e.kind.as_str()), (code, kind), "{}", e.message);
    // An error packet is followed by a normal close.
    assert!(matches!(
        next(ws, Duration::from_secs(2)).await,
        Next::Closed(1000)
    ));
    e.message
}

type Case<'a> = (String, u16, &'a str, Option<&'a str>);

/// Sends each first packet on a fresh socket and checks the error answer.
async fn expect_errors(sim: &journeytop_sim::server::SimHandle, cases: Vec<Case<'_>>) {
    for (packet, code, kind, needle) in cases {
        let mut ws = connect(sim, V).await;
        send(&mut ws, packet.clone()).await;
        let message = expect_error(&mut ws, code, kind).await;
        if let Some(needle) = needle {
            assert!(message.contains(needle), "{packet}: {message}");
        }
    }
}

#[tokio::test]
async fn malformed_handshakes_get_the_real_422_texts() {
    let sim = sim(config(V, Style::Numeric, 20.0, 0)).await;
    let uid = sim.spec.uid.clone();
    let good = sim.spec.jwt.expose().to_string();
    let cases: Vec<Case<'_>> = vec![
        (
            "not json at all".into(),
            422,
            "unprocessable_entity",
            Some("__root__"),
        ),
        (
            r#"{"type":"hello","data":{}}"#.into(),
            422,
            "unprocessable_entity",
            Some("unexpected value; permitted: 'authorize'"),
        ),
        (
            authorize(V, &uid, &good, 0, 3.0, 3.0),
            422,
            "unprocessable_entity",
            Some("data -> bandwidth\n  ensure this value is greater than or equal to 1"),
        ),
        (
            authorize(V, &uid, &good, 5001, 3.0, 3.0),
            422,
            "unprocessable_entity",
            Some("less than or equal to 5000"),
        ),
        (
            authorize(V, &uid, &good, 100, 11.0, 3.0),
            422,
            "unprocessable_entity",
            Some("data -> lookback"),
        ),
        (
            authorize(V, &uid, &good, 100, 3.0, -1.0),
            422,
            "unprocessable_entity",
            Some("data -> lookahead"),
        ),
    ];
    expect_errors(&sim, cases).await;
    // transmit < receive in the sync_response.
    let mut ws = connect(&sim, V).await;
    send(&mut ws, authorize(V, &uid, &good, 100, 3.0, 3.0)).await;
    assert!(
        matches!(next(&mut ws, Duration::from_secs(2)).await, Next::Packet(p) if p.kind() == "sync_request")
    );
    send(&mut ws, sync_response(5.0, 4.0)).await;
    let message = expect_error(&mut ws, 422, "unprocessable_entity").await;
    assert!(
        message.contains("transmit_timestamp must be at least receive_timestamp"),
        "{message}"
    );
    sim.stop().await;
}

#[tokio::test]
async fn refused_and_unknown_journeys_get_403_and_404() {
    let sim = sim(config(V, Style::Numeric, 20.0, 0)).await;
    let uid = sim.spec.uid.clone();
    let aud = V.jwt_audience();
    let cases: Vec<Case<'_>> = vec![
        (
            authorize(V, &uid, "garbage", 100, 3.0, 3.0),
            403,
            "forbidden",
            Some("invalid JWT"),
        ),
        (
            authorize(
                V,
                &uid,
                &jwt::issue(&uid, aud, -5, &secret()),
                100,
                3.0,
                3.0,
            ),
            403,
            "forbidden",
            None,
        ),
        (
            authorize(
                V,
                &uid,
                &jwt::issue(&uid, "oseh-journey", 60, &secret()),
                100,
                3.0,
                3.0,
            ),
            403,
            "forbidden",
            None,
        ),
        (
            authorize(
                V,
                &uid,
                &jwt::issue(&uid, aud, 60, &jwt::Secret::new(b"x".to_vec())),
                100,
                3.0,
                3.0,
            ),
            403,
            "forbidden",
            None,
        ),
        (
            authorize(
                V,
                &uid,
                &jwt::issue("oseh_ip_other", aud, 60, &secret()),
                100,
                3.0,
                3.0,
            ),
            403,
            "forbidden",
            None,
        ),
        (
            authorize(
                V,
                "oseh_ip_unknown",
                &jwt::issue("oseh_ip_unknown", aud, 60, &secret()),
                100,
                3.0,
                3.0,
            ),
            404,
            "not_found",
            Some("does not exist"),
        ),
    ];
    expect_errors(&sim, cases).await;
    sim.stop().await;
}

#[tokio::test]
async fn the_journeys_variant_speaks_with_its_own_names() {
    let sim = sim(config(Variant::Journeys, Style::Numeric, 20.0, 0)).await;
    let mut ws = handshake(&sim, 100, 3.0, 3.0, 0.0).await;
    let Next::Packet(p) = next(&mut ws, Duration::from_secs(2)).await else {
        panic!()
    };
    assert!(matches!(p.body, ServerBody::LatencyDetection { .. }));
    // The other route does not know this journey's JWT (wrong audience).
    let mut other = connect(&sim, Variant::InteractivePrompts).await;
    send(
        &mut other,
        authorize(
            Variant::InteractivePrompts,
            &sim.spec.uid,
            sim.spec.jwt.expose(),
            100,
            3.0,
            3.0,
        ),
    )
    .await;
    expect_error(&mut other, 403, "forbidden").await;
    sim.stop().await;
}

#[tokio::test]
async fn handshake_times_out_after_five_seconds_of_silence() {
    let sim = sim(config(V, Style::Numeric, 20.0, 0)).await;
    let mut ws = connect(&sim, V).await;
    let start = Instant::now();
    let end = next(&mut ws, Duration::from_secs(8)).await;
    let waited = start.elapsed().as_secs_f64();
    assert!(matches!(end, Next::Closed(1000) | Next::Dropped), "{end:?}");
    assert!((4.5..7.0).contains(&waited), "closed after {waited} s");
    sim.stop().await;
}

/// Joins a session through the one event path and returns its uid.
fn join(sim: &journeytop_sim::server::SimHandle, session: &str, t: f64) {
    sim.hub
        .publish(event(
            session,
            &format!("j-{session}"),
            t,
            EventData::Join {
                name: Some("Ann".into()),
            },
        ))
        .unwrap();
}

fn event(session: &str, uid: &str, t: f64, data: EventData) -> Event {
    Event {
        uid: format!("oseh_ipe_{uid}"),
        user_sub: Some("oseh_u_t".into()),
        session_uid: Some(session.into()),
        time: t,
        icon: None,
        data,
    }
}

/// Reads until `want` events have come in batches (other packets skipped),
/// failing after a deadline generous enough for a loaded machine. Waits on
/// the condition, never on a guess of how long the server takes.
async fn read_events(ws: &mut Ws, want: usize) -> Vec<Vec<Event>> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut batches: Vec<Vec<Event>> = vec![];
    while batches.iter().map(Vec::len).sum::<usize>() < want {
        let left = deadline.saturating_duration_since(Instant::now());
        match next(ws, left).await {
            Next::Packet(ServerPacket {
                body: ServerBody::EventBatch(b),
                ..
            }) => batches.push(b.events),
            Next::Packet(_) => {}
            other => panic!("{other:?} after {batches:?}"),
        }
    }
    batches
}

fn uids(batches: &[Vec<Event>]) -> Vec<String> {
    batches.iter().flatten().map(|e| e.uid.clone()).collect()
}

/// The server's record of the one connection's batches, once it holds
/// `want` events (the record is written just after each send).
async fn server_batches(sim: &journeytop_sim::server::SimHandle, want: usize) -> Vec<Delivery> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let batches = sim
            .hub
            .delivered_batches()
            .into_values()
            .next()
            .unwrap_or_default();
        if batches.iter().map(|b| b.events.len()).sum::<usize>() >= want {
            return batches;
        }
        assert!(Instant::now() < deadline, "the server sent {batches:?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Publishes a like of s1 at `t`, returning when publishing began.
fn like(sim: &journeytop_sim::server::SimHandle, uid: &str, t: f64) -> Instant {
    let before = Instant::now();
    sim.hub
        .publish(event("s1", uid, t, EventData::Like))
        .unwrap();
    before
}

#[tokio::test]
async fn events_are_batched_a_quarter_second_after_the_first() {
    let sim = sim(config(V, Style::Numeric, 300.0, 0)).await;
    let mut ws = handshake(&sim, 100, 3.0, 3.0, 10.0).await;
    // A burst published with no await in between: the socket's task cannot
    // run before all of it is queued, so it is one batch.
    let first = Instant::now();
    join(&sim, "s1", 10.0);
    for i in 0..5 {
        like(&sim, &format!("l{i}"), 10.1 + f64::from(i) * 0.01);
    }
    let got = read_events(&mut ws, 6).await;
    let burst: Vec<String> = std::iter::once("oseh_ipe_j-s1".to_string())
        .chain((0..5).map(|i| format!("oseh_ipe_l{i}")))
        .collect();
    assert_eq!(got.len(), 1, "one batch: {got:?}");
    assert_eq!(uids(&got), burst);
    // A later event opens a new batch, again a quarter second on.
    let second = like(&sim, "later", 10.5);
    let got = read_events(&mut ws, 1).await;
    assert_eq!(uids(&got), ["oseh_ipe_later"]);
    // On the server's own clock: each batch went out at least 0.25 s after
    // its first event was published (and so at least 0.25 s apart).
    let sent = server_batches(&sim, 7).await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    let interval = Duration::from_millis(250);
    assert!(sent[0].sent_at >= first + interval, "{sent:?}");
    assert!(sent[1].sent_at >= second + interval, "{sent:?}");
    assert!(sent[1].sent_at >= sent[0].sent_at + interval, "{sent:?}");
    sim.stop().await;
}

#[tokio::test]
async fn the_window_filter_keeps_only_events_near_our_clock() {
    let sim = sim(config(V, Style::Numeric, 300.0, 0)).await;
    let mut ws = handshake(&sim, 100, 2.0, 1.0, 50.0).await;
    join(&sim, "s1", 40.0);
    // Our clock is ≈ 50 s: keep 48..51.
    for (uid, t) in [
        ("old", 47.0),
        ("back", 48.5),
        ("now", 50.2),
        ("ahead", 50.9),
        ("far", 52.5),
    ] {
        like(&sim, uid, t);
    }
    // Events reach one socket in order: once the last kept one is in,
    // anything the filter let through has arrived.
    let got = uids(&read_events(&mut ws, 3).await);
    assert_eq!(got, ["oseh_ipe_back", "oseh_ipe_now", "oseh_ipe_ahead"]);
    sim.stop().await;
}

/// Publishes likes `uids` of session s1 at once (times from `t0`, a
/// millisecond apart).
fn burst_of_likes(sim: &journeytop_sim::server::SimHandle, uids: std::ops::Range<u32>, t0: f64) {
    for i in uids {
        like(sim, &format!("l{i}"), t0 + f64::from(i) * 0.001);
    }
}

#[tokio::test]
async fn the_token_bucket_drops_a_burst_beyond_bandwidth() {
    let sim = sim(config(V, Style::Numeric, 300.0, 0)).await;
    let mut ws = handshake(&sim, 3, 3.0, 3.0, 10.0).await;
    // The join spends one token; of the burst, two more go through and
    // the rest are dropped silently.
    join(&sim, "s1", 10.0);
    burst_of_likes(&sim, 0..10, 10.0);
    let mut got = uids(&read_events(&mut ws, 3).await);
    // After a second the bucket is full again (3 tokens, not more).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    burst_of_likes(&sim, 10..15, 11.2);
    got.extend(uids(&read_events(&mut ws, 3).await));
    // A token later, a last event: its arrival shows nothing else came.
    tokio::time::sleep(Duration::from_millis(400)).await;
    like(&sim, "last", 11.6);
    got.extend(uids(&read_events(&mut ws, 1).await));
    let expected: Vec<String> = ["j-s1", "l0", "l1", "l10", "l11", "l12", "last"]
        .iter()
        .map(|u| format!("oseh_ipe_{u}"))
        .collect();
    assert_eq!(got, expected);
    sim.stop().await;
}

#[tokio::test]
async fn latency_packets_come_at_once_then_every_two_seconds() {
    let sim = sim(config(V, Style::Numeric, 300.0, 0)).await;
    let mut ws = handshake(&sim, 100, 3.0, 3.0, 5.0).await;
    let start = Instant::now();
    let mut seen = vec![];
    while seen.len() < 2 {
        match next(&mut ws, Duration::from_secs(10)).await {
            Next::Packet(ServerPacket {
                body:
                    ServerBody::LatencyDetection {
                        expected_receive_time,
                    },
                ..
            }) => seen.push((start.elapsed().as_secs_f64(), expected_receive_time)),
            other => panic!("{other:?}"),
        }
    }
    // On the server's clock (its estimate of ours when it sent each): the
    // first at once (our clock read 5 s at the handshake), the next two
    // seconds of the interval later. (The first estimate is read a moment
    // after the interval started, hence the small margin below 2 s.)
    assert!((5.0..5.2).contains(&seen[0].1), "{seen:?}");
    let gap = seen[1].1 - seen[0].1;
    assert!((1.95..2.4).contains(&gap), "{seen:?}");
    // The estimate tracks our clock.
    assert!((seen[1].1 - (5.0 + seen[1].0)).abs() < 0.1, "{seen:?}");
    sim.stop().await;
}

#[tokio::test]
async fn closes_normally_once_our_clock_passes_duration_plus_lookback_plus_ten() {
    let sim = sim(config(V, Style::Numeric, 20.0, 0)).await;
    // Our clock starts at 32: the close is due after 20 + 1 + 10 = 31.
    let mut ws = handshake(&sim, 100, 1.0, 1.0, 29.5).await;
    let start = Instant::now();
    loop {
        match next(&mut ws, Duration::from_secs(6)).await {
            Next::Packet(_) => continue,
            Next::Closed(code) => {
                assert_eq!(code, 1000);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    let waited = start.elapsed().as_secs_f64();
    assert!((1.4..4.5).contains(&waited), "closed after {waited} s");
    sim.stop().await;
}

#[tokio::test]
async fn any_client_message_after_the_handshake_drops_the_socket() {
    let sim = sim(config(V, Style::Numeric, 20.0, 0)).await;
    let mut ws = handshake(&sim, 100, 3.0, 3.0, 0.0).await;
    send(&mut ws, r#"{"type":"ping","data":{}}"#.into()).await;
    loop {
        match next(&mut ws, Duration::from_secs(2)).await {
            Next::Packet(_) => continue,
            end => {
                assert!(
                    matches!(end, Next::Dropped),
                    "no close frame, like the real server: {end:?}"
                );
                break;
            }
        }
    }
    sim.stop().await;
}

#[tokio::test]
async fn a_reader_that_stalls_is_dropped_by_the_send_timeout() {
    // A distinctive, short send timeout and quick batches, so the drop can
    // be timed exactly: well under the 1 s default.
    let timeout = Duration::from_millis(300);
    let batch_interval = Duration::from_millis(20);
    let mut cfg = config(V, Style::Numeric, 100_000.0, 0);
    cfg.timings.send_timeout = timeout;
    cfg.timings.batch_interval = batch_interval;
    let sim = sim(cfg).await;
    // A client whose receive buffer is tiny and that stops reading.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(sim.addr).await.unwrap();
    let url = format!("{}{}", sim.ws_url(), V.ws_path());
    let (mut ws, _) =
        tokio_tungstenite::client_async(url, tokio_tungstenite::MaybeTlsStream::Plain(stream))
            .await
            .unwrap();
    send(
        &mut ws,
        authorize(V, &sim.spec.uid, sim.spec.jwt.expose(), 5000, 10.0, 10.0),
    )
    .await;
    assert!(matches!(
        next(&mut ws, Duration::from_secs(2)).await,
        Next::Packet(_)
    ));
    send(&mut ws, sync_response(100.0, 100.0)).await;
    assert!(matches!(
        next(&mut ws, Duration::from_secs(2)).await,
        Next::Packet(_)
    ));
    // As long as the simulator takes (256 characters).
    let name = "N".repeat(256);
    let hub = sim.hub.clone();
    let start = Instant::now();
    let flood_period = Duration::from_millis(20);
    let flood = tokio::spawn(async move {
        let mut i = 0u64;
        loop {
            for _ in 0..100 {
                i += 1;
                let s = format!("s{i}");
                let _ = hub.publish(event(
                    &s,
                    &format!("j{i}"),
                    100.0 + start.elapsed().as_secs_f64(),
                    EventData::Join {
                        name: Some(name.clone()),
                    },
                ));
            }
            tokio::time::sleep(flood_period).await;
        }
    });
    // Stop reading; wait (generously) for the server to give up on us.
    let ended = loop {
        if let Some(&at) = sim.hub.streams_ended().values().next() {
            break at;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the stalled reader was never dropped"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    flood.abort();
    // The send that stalled began after the last one that went through
    // (within a flood period and a batch interval of it), and was given
    // exactly the timeout: not less, and not the 1 s default.
    let batches = sim.hub.delivered_batches();
    let last_sent = batches
        .values()
        .next()
        .and_then(|b| b.last())
        .map_or(start, |b| b.sent_at);
    let stalled = ended.duration_since(last_sent);
    let slack = Duration::from_millis(250);
    assert!(
        stalled >= timeout && stalled < timeout + flood_period + batch_interval + slack,
        "dropped {stalled:?} after the last send that went through"
    );
    drop(ws);
    sim.stop().await;
}

async fn post(
    sim: &journeytop_sim::server::SimHandle,
    route: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let url = format!(
        "{}{}/{route}",
        sim.api_url(),
        sim.spec.variant.events_path()
    );
    let r = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

fn body(
    sim: &journeytop_sim::server::SimHandle,
    session: &str,
    t: f64,
    data: &serde_json::Value,
) -> serde_json::Value {
    let v = sim.spec.variant;
    serde_json::json!({
        v.uid_field(): sim.spec.uid, v.jwt_field(): sim.spec.jwt.expose(),
        "session_uid": session, v.time_field(): t, "data": data
    })
}

#[tokio::test]
async fn posts_enforce_the_session_rules_and_reach_connected_sockets() {
    let sim = sim(config(V, Style::Numeric, 20.0, 0)).await;
    let mut ws = handshake(&sim, 100, 3.0, 3.0, 2.0).await;
    let s = "oseh_ips_curl";
    let (status, reply) = post(
        &sim,
        "respond_numeric_prompt",
        body(&sim, s, 2.0, &serde_json::json!({"rating": 5})),
    )
    .await;
    assert_eq!(
        (status, reply["type"].as_str()),
        (409, Some("session_not_found")),
        "{reply}"
    );
    let (status, reply) = post(
        &sim,
        "join",
        body(&sim, s, 2.0, &serde_json::json!({"name": "Curl"})),
    )
    .await;
    assert_eq!(status, 201, "{reply}");
    assert_eq!(reply["type"], "join");
    assert_eq!(reply["prompt_time"], 2.0);
    assert_eq!(reply["data"]["name"], "Curl");
    let (status, reply) = post(&sim, "join", body(&sim, s, 2.1, &serde_json::json!({}))).await;
    assert_eq!(
        (status, reply["type"].as_str()),
        (409, Some("session_already_started"))
    );
    let (status, _) = post(
        &sim,
        "respond_numeric_prompt",
        body(&sim, s, 2.2, &serde_json::json!({"rating": 7})),
    )
    .await;
    assert_eq!(status, 201);
    let (status, reply) = post(
        &sim,
        "respond_numeric_prompt",
        body(&sim, s, 2.1, &serde_json::json!({"rating": 8})),
    )
    .await;
    assert_eq!(
        (status, reply["type"].as_str()),
        (409, Some("session_has_later_event"))
    );
    let (status, reply) = post(
        &sim,
        "respond_numeric_prompt",
        body(&sim, s, 2.5, &serde_json::json!({"rating": 11})),
    )
    .await;
    assert_eq!(status, 409, "{reply}");
    let (status, reply) = post(
        &sim,
        "respond_press_prompt/start",
        body(&sim, s, 2.6, &serde_json::json!({})),
    )
    .await;
    assert_eq!(status, 409, "a press on a numeric prompt: {reply}");
    let (status, reply) = post(&sim, "like", body(&sim, s, 25.0, &serde_json::json!({}))).await;
    assert_eq!(
        (status, reply["type"].as_str()),
        (409, Some("impossible_prompt_time"))
    );
    let (status, reply) = post(&sim, "leave", body(&sim, s, 3.0, &serde_json::json!({}))).await;
    assert_eq!(status, 201);
    // A leave without a name keeps the joiner's, as the real server names
    // it after the user.
    assert_eq!(reply["data"]["name"], "Curl", "{reply}");
    let (status, reply) = post(&sim, "like", body(&sim, s, 3.5, &serde_json::json!({}))).await;
    assert_eq!(
        (status, reply["type"].as_str()),
        (409, Some("session_already_ended"))
    );
    let mut bad = body(&sim, s, 3.5, &serde_json::json!({}));
    bad[V.jwt_field()] = "nope".into();
    assert_eq!(post(&sim, "like", bad).await.0, 403);
    // The accepted ones reached our socket.
    let got: Vec<String> = read_events(&mut ws, 3)
        .await
        .iter()
        .flatten()
        .map(|e| e.data.evtype_str().to_string())
        .collect();
    assert_eq!(got, ["join", "numeric_prompt_response", "leave"]);
    sim.stop().await;
}

async fn stats(
    sim: &journeytop_sim::server::SimHandle,
    uid: &str,
    bin: &str,
    jwt: Option<&str>,
) -> (u16, serde_json::Value) {
    let url = format!("{}{}", sim.api_url(), sim.spec.variant.stats_path());
    let mut req = reqwest::Client::new()
        .get(url)
        .query(&[("uid", uid), ("bin", bin)]);
    if let Some(j) = jwt {
        req = req.header("Authorization", format!("bearer {j}"));
    }
    let r = req.send().await.unwrap();
    (
        r.status().as_u16(),
        r.json().await.unwrap_or(serde_json::Value::Null),
    )
}

#[tokio::test]
async fn the_stats_endpoint_serves_prefix_sums_with_the_real_errors() {
    for v in Variant::ALL {
        let sim = sim(config(v, Style::Color, 20.0, 0)).await;
        let uid = sim.spec.uid.clone();
        let jwt = sim.spec.jwt.expose().to_string();
        let mk = |s: &str, u: &str, t: f64, data| Event {
            uid: format!("{}{u}", v.event_uid_prefix()),
            user_sub: None,
            session_uid: Some(s.into()),
            time: t,
            icon: None,
            data,
        };
        sim.hub
            .publish(mk("a", "1", 1.0, EventData::Join { name: None }))
            .unwrap();
        sim.hub
            .publish(mk("a", "2", 2.0, EventData::Color { index: 3 }))
            .unwrap();
        sim.hub
            .publish(mk("a", "3", 10.0, EventData::Color { index: 5 }))
            .unwrap();
        let (status, early) = stats(&sim, &uid, "3", Some(&jwt)).await; // bins of 0.645 s: up to 2.58 s
        assert_eq!(status, 200, "{early}");
        assert_eq!(early["users"], 1);
        assert_eq!(
            early["color_active"],
            serde_json::json!([0, 0, 0, 1, 0, 0, 0, 0])
        );
        assert!(early["numeric_active"].is_null() && early["press"].is_null());
        assert!(early.get(v.time_field()).is_some(), "{early}");
        assert!((early["bin_width"].as_f64().unwrap() - 20.0 / 31.0).abs() < 1e-9);
        let (_, last) = stats(&sim, &uid, "30", Some(&jwt)).await;
        assert_eq!(
            last["color_active"],
            serde_json::json!([0, 0, 0, 0, 0, 1, 0, 0])
        );
        assert_eq!(
            stats(&sim, &uid, "31", Some(&jwt)).await.1["type"],
            "bin_not_found"
        );
        assert_eq!(stats(&sim, &uid, "31", Some(&jwt)).await.0, 404);
        assert_eq!(stats(&sim, &uid, "-1", Some(&jwt)).await.0, 422);
        let other = jwt::issue("oseh_ip_else", v.jwt_audience(), 60, &secret());
        assert_eq!(
            stats(&sim, &uid, "1", Some(&other)).await.0,
            403,
            "uid must equal the JWT's sub"
        );
        assert_eq!(stats(&sim, &uid, "1", None).await.0, 401);
        sim.stop().await;
    }
}

#[tokio::test]
async fn the_engine_folded_over_the_full_log_equals_the_last_stats_bin() {
    for style in [Style::Numeric, Style::Press, Style::Color, Style::Word] {
        let sim = sim(config(V, style, 20.0, 400)).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        // The log and the stats under one lock, so they describe the same moment.
        let (log, response) = {
            let journal = sim.hub.journal();
            let last = journal.bins().count as i64 - 1;
            (journal.log().to_vec(), journal.stats(last).unwrap())
        };
        assert!(
            log.len() > 50,
            "{style}: the crowd published {} events",
            log.len()
        );
        let mut engine = JourneyState::new(
            Some(Prompt::default_for(style)),
            Some(20.0),
            EngineConfig {
                dedupe_horizon: 1e9,
                future_horizon: 1e9,
                start_at: 0.0,
            },
        );
        engine.apply(Input::Batch(EventBatch {
            events: log,
            malformed: vec![],
        }));
        engine.advance_to(1e6);
        let live = engine.snapshot();
        let mut from_stats = JourneyState::new(
            Some(Prompt::default_for(style)),
            Some(20.0),
            EngineConfig::default(),
        );
        from_stats.apply(Input::Stats { bin: 30, response });
        let totals = from_stats.totals_snapshot().unwrap();
        assert_eq!(
            (live.users, live.likes),
            (totals.users, totals.likes),
            "{style}"
        );
        assert_eq!(live.numeric_active, totals.numeric_active, "{style}");
        assert_eq!(
            (live.press_active, live.press),
            (totals.press_active, totals.press),
            "{style}"
        );
        assert_eq!(live.color_active, totals.color_active, "{style}");
        assert_eq!(live.word_active, totals.word_active, "{style}");
        assert_eq!(
            engine.counts().rejected,
            0,
            "{style}: {:?}",
            engine.rejections().collect::<Vec<_>>()
        );
        sim.stop().await;
    }
}

/// The observer hears each socket's start and end and each POST's answer,
/// with the uid, the variant, the session and the status.
#[tokio::test]
async fn the_observer_hears_sockets_and_posts() {
    use journeytop_sim::{SimNote, SocketEnd};
    let sim = sim(config(V, Style::Numeric, 20.0, 0)).await;
    let mut notes = sim.notes();
    let s = "oseh_ips_noted";
    let (status, _) = post(&sim, "join", body(&sim, s, 1.0, &serde_json::json!({}))).await;
    assert_eq!(status, 201);
    let (status, _) = post(
        &sim,
        "like",
        body(&sim, "oseh_ips_nobody", 1.0, &serde_json::json!({})),
    )
    .await;
    assert_eq!(status, 409);
    let ws = handshake(&sim, 100, 3.0, 3.0, 2.0).await;
    drop(ws);
    let mut got = Vec::new();
    while got.len() < 4 {
        let note = tokio::time::timeout(Duration::from_secs(10), notes.recv())
            .await
            .expect("a note within 10 s")
            .unwrap();
        got.push(note);
    }
    let uid = Some(sim.spec.uid.clone());
    assert_eq!(
        got[0],
        SimNote::Posted {
            variant: V,
            uid: uid.clone(),
            evtype: "join".into(),
            session: Some(s.into()),
            status: 201
        }
    );
    assert!(
        matches!(&got[1], SimNote::Posted { evtype, status: 409, .. } if evtype == "like"),
        "{got:?}"
    );
    assert!(
        matches!(&got[2], SimNote::Connected { variant: V, uid: u, .. } if *u == sim.spec.uid),
        "{got:?}"
    );
    assert!(
        matches!(&got[3], SimNote::Closed { uid: u, end: SocketEnd::Dropped { .. }, connection: Some(_), .. } if *u == uid),
        "{got:?}"
    );
    sim.stop().await;
}
