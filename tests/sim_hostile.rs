//! The simulator facing hostile clients: half-sent requests, too many
//! connections, bodies that never finish, over-long names and a flood of
//! joins. Every limit is set short here through `Timings`.

mod common;

use common::*;
use journeytop_protocol::*;
use journeytop_sim::server::SimHandle;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const V: Variant = Variant::InteractivePrompts;

/// Reads until the server closes (EOF or reset) or `within` passes;
/// returns what arrived and whether the server closed.
async fn read_to_close(stream: &mut TcpStream, within: Duration) -> (String, bool) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), false),
            Ok(Ok(0) | Err(_)) => return (String::from_utf8_lossy(&got).into_owned(), true),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

fn stats_request(sim: &SimHandle) -> String {
    format!(
        "GET {}?uid={}&bin=0 HTTP/1.1\r\nhost: {}\r\nauthorization: bearer {}\r\nconnection: close\r\n\r\n",
        V.stats_path(),
        sim.spec.uid,
        sim.addr,
        sim.spec.jwt.expose()
    )
}

fn join_body(sim: &SimHandle, session: &str, name: &str) -> serde_json::Value {
    serde_json::json!({
        V.uid_field(): sim.spec.uid, V.jwt_field(): sim.spec.jwt.expose(),
        "session_uid": session, V.time_field(): 1.0, "data": {"name": name}
    })
}

async fn post_join(
    client: &reqwest::Client,
    sim: &SimHandle,
    body: &serde_json::Value,
) -> (u16, serde_json::Value) {
    let url = format!("{}{}/join", sim.api_url(), V.events_path());
    let r = client.post(url).json(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn half_sent_requests_are_dropped_after_the_header_timeout() {
    let mut cfg = config(V, Style::Numeric, 20.0, 0);
    cfg.timings.header_read_timeout = Duration::from_millis(400);
    let sim = sim(cfg).await;
    // A request line and one header, never the blank line that ends them.
    let mut half = TcpStream::connect(sim.addr).await.unwrap();
    let t0 = Instant::now();
    half.write_all(
        format!(
            "GET {}?uid=x&bin=0 HTTP/1.1\r\nhost: sim\r\n",
            V.stats_path()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    // A connection that sends nothing at all.
    let mut silent = TcpStream::connect(sim.addr).await.unwrap();
    let (_, closed) = read_to_close(&mut half, Duration::from_secs(5)).await;
    let waited = t0.elapsed();
    assert!(closed, "a half-sent request was still held after 5 s");
    assert!(
        waited >= Duration::from_millis(350),
        "dropped before the timeout: {waited:?}"
    );
    let (_, closed) = read_to_close(&mut silent, Duration::from_secs(5)).await;
    assert!(closed, "a silent connection was still held after 5 s");
    // A whole request still gets its answer.
    let mut whole = TcpStream::connect(sim.addr).await.unwrap();
    whole
        .write_all(stats_request(&sim).as_bytes())
        .await
        .unwrap();
    let (answer, _) = read_to_close(&mut whole, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    sim.stop().await;
}

#[tokio::test]
async fn one_connection_over_the_cap_gets_a_503_and_a_freed_place_is_reused() {
    const CAP: usize = 4;
    let mut cfg = config(V, Style::Numeric, 20.0, 0);
    cfg.timings.max_connections = CAP;
    cfg.timings.header_read_timeout = Duration::from_secs(30);
    let sim = sim(cfg).await;
    // A websocket holds a place too: CAP - 1 idle connections and one socket.
    let mut held = Vec::new();
    for _ in 0..CAP - 1 {
        held.push(TcpStream::connect(sim.addr).await.unwrap());
    }
    let ws = handshake(&sim, 100, 3.0, 3.0, 1.0).await;
    for _ in 0..3 {
        let mut extra = TcpStream::connect(sim.addr).await.unwrap();
        extra
            .write_all(stats_request(&sim).as_bytes())
            .await
            .unwrap();
        let (answer, closed) = read_to_close(&mut extra, Duration::from_secs(5)).await;
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        assert!(closed, "the refused connection was kept");
        let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["type"], "too_many_connections", "{body}");
        assert!(
            json["message"].as_str().unwrap().contains("4 connections"),
            "{body}"
        );
    }
    // A websocket client is refused the same way.
    let url = format!("{}{}", sim.ws_url(), V.ws_path());
    let refused = tokio_tungstenite::connect_async(url).await;
    assert!(
        matches!(&refused, Err(tokio_tungstenite::tungstenite::Error::Http(r)) if r.status() == 503),
        "{refused:?}"
    );
    // Closing the websocket gives its place back.
    drop(ws);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut next = TcpStream::connect(sim.addr).await.unwrap();
        next.write_all(stats_request(&sim).as_bytes())
            .await
            .unwrap();
        let (answer, _) = read_to_close(&mut next, Duration::from_secs(5)).await;
        if answer.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        assert!(Instant::now() < deadline, "the place never came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(held);
    sim.stop().await;
}

#[tokio::test]
async fn a_body_that_never_finishes_gets_a_408_and_a_huge_one_a_413() {
    let mut cfg = config(V, Style::Numeric, 20.0, 0);
    cfg.timings.body_read_timeout = Duration::from_millis(400);
    let sim = sim(cfg).await;
    let path = format!("{}/join", V.events_path());
    let mut slow = TcpStream::connect(sim.addr).await.unwrap();
    slow.write_all(
        format!(
            "POST {path} HTTP/1.1\r\nhost: sim\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{{\"session"
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let (answer, closed) = read_to_close(&mut slow, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("body_timeout"), "{answer}");
    assert!(closed);
    let client = reqwest::Client::new();
    let big = "x".repeat(2 << 20);
    let (status, reply) = post_join(&client, &sim, &join_body(&sim, "oseh_ips_big", &big)).await;
    assert_eq!(
        (status, reply["type"].as_str()),
        (413, Some("body_too_large"))
    );
    assert!(sim.hub.journal().log().is_empty());
    sim.stop().await;
}

#[tokio::test]
async fn an_over_long_name_gets_a_422_and_nothing_lands() {
    let sim = sim(config(V, Style::Numeric, 20.0, 0)).await;
    let client = reqwest::Client::new();
    for name in ["n".repeat(257), "é".repeat(300), "🙂".repeat(10_000)] {
        let (status, reply) =
            post_join(&client, &sim, &join_body(&sim, "oseh_ips_long", &name)).await;
        assert_eq!(status, 422, "{reply}");
        let d = &reply["detail"][0];
        assert_eq!(
            d["loc"],
            serde_json::json!(["body", "data", "name"]),
            "{reply}"
        );
        assert_eq!(d["type"], "value_error.any_str.max_length");
        assert_eq!(d["ctx"]["limit_value"], 256);
        assert_eq!(d["msg"], "ensure this value has at most 256 characters");
    }
    let long_session = format!("oseh_ips_{}", "s".repeat(300));
    let (status, reply) = post_join(&client, &sim, &join_body(&sim, &long_session, "Ok")).await;
    assert_eq!(status, 422, "{reply}");
    assert_eq!(
        reply["detail"][0]["loc"],
        serde_json::json!(["body", "session_uid"])
    );
    {
        let journal = sim.hub.journal();
        assert!(journal.log().is_empty(), "{journal:?}");
        assert_eq!(journal.session_count(), 0);
    }
    // 256 characters (of four bytes each) are fine.
    let (status, reply) = post_join(
        &client,
        &sim,
        &join_body(&sim, "oseh_ips_ok", &"🙂".repeat(256)),
    )
    .await;
    assert_eq!(status, 201, "{reply}");
    assert_eq!(sim.hub.journal().log().len(), 1);
    sim.stop().await;
}

#[tokio::test]
async fn a_flood_of_joins_with_big_names_keeps_the_journal_bounded() {
    const EVENTS: usize = 200;
    const SESSIONS: usize = 150;
    let mut cfg = config(V, Style::Numeric, 20.0, 0);
    cfg.timings.journal_events = EVENTS;
    cfg.timings.journal_sessions = SESSIONS;
    let sim = sim(cfg).await;
    let client = reqwest::Client::new();
    let over = "N".repeat(60_000);
    let most = "🙂".repeat(256);
    let (mut created, mut refused_long, mut full) = (0, 0, 0);
    for i in 0..400 {
        // Every other join is over-long, the rest as long as allowed.
        let name = if i % 2 == 0 { &over } else { &most };
        let session = format!("oseh_ips_flood{i:04}_{}", "u".repeat(200));
        let (status, reply) = post_join(&client, &sim, &join_body(&sim, &session, name)).await;
        match (status, reply["type"].as_str()) {
            (201, _) => created += 1,
            (422, _) => refused_long += 1,
            (503, Some("too_many_sessions")) => full += 1,
            other => panic!("{other:?} {reply}"),
        }
        let journal = sim.hub.journal();
        assert!(journal.log().len() <= EVENTS, "{journal:?}");
        assert!(journal.session_count() <= SESSIONS, "{journal:?}");
    }
    assert_eq!(refused_long, 200);
    assert_eq!((created, full), (SESSIONS, 200 - SESSIONS));
    // Sessions that leave make room again, and the log keeps its newest.
    for i in (1..100).step_by(2) {
        let session = format!("oseh_ips_flood{i:04}_{}", "u".repeat(200));
        let mut body = join_body(&sim, &session, "x");
        body[V.time_field()] = 2.0.into();
        let url = format!("{}{}/leave", sim.api_url(), V.events_path());
        let r = client.post(url).json(&body).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 201);
    }
    let (status, reply) = post_join(&client, &sim, &join_body(&sim, "oseh_ips_after", &most)).await;
    assert_eq!(status, 201, "{reply}");
    {
        let journal = sim.hub.journal();
        assert!(journal.log().len() <= EVENTS);
        assert!(journal.session_count() <= SESSIONS);
        assert_eq!(
            journal.log().last().and_then(|e| e.session_uid.as_deref()),
            Some("oseh_ips_after")
        );
        // Each kept event holds at most a 1 KiB name, a 255-byte session uid
        // and its user_sub: the estimate stays under 2 KiB an event.
        assert!(
            journal.log_bytes() <= EVENTS * 2048,
            "{} bytes for {} events",
            journal.log_bytes(),
            journal.log().len()
        );
    }
    sim.stop().await;
}
