//! `journeytop ticket` against the simulator's ticket routes (both), every
//! refusal's plain words and exit code (from a stub that answers each
//! status), and `watch --public` doing the ticket and the watch in one step.

mod common;

use axum::http::{HeaderMap, StatusCode};
use common::*;
use journeytop_protocol::*;
use serde_json::Value;

fn ticket_cmd(api: &str) -> std::process::Command {
    let mut cmd = jt("ticket");
    cmd.env("JOURNEYTOP_TOKEN", "any-id-token")
        .args(["--api", api]);
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_tickets_for_the_three_identifiers() {
    let sim = sim(config(Variant::InteractivePrompts, Style::Numeric, 30.0, 0)).await;
    for (id, text, words) in journeytop_sim::tickets::PUBLIC {
        let mut cmd = ticket_cmd(&sim.api_url());
        cmd.args(["--public", id]);
        let out = run(cmd).await;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let spec = JourneySpec::from_json(&String::from_utf8_lossy(&out.stdout)).unwrap();
        assert_eq!(spec.variant, Variant::InteractivePrompts);
        assert_eq!(spec.duration, 60.0);
        assert_eq!(spec.uid, sim.hubs.public(id).unwrap().uid());
        match spec.prompt {
            Some(Prompt::Word { text: t, options }) => {
                assert_eq!(t, text);
                assert_eq!(
                    options,
                    words.iter().map(|w| w.to_string()).collect::<Vec<_>>()
                );
            }
            other => panic!("{id}: {other:?}"),
        }
        assert_eq!(spec.api.as_deref(), Some(sim.api_url().as_str()));
    }
    // An unknown identifier is a 404: exit 4.
    let mut cmd = ticket_cmd(&sim.api_url());
    cmd.args(["--public", "no-such-prompt"]);
    let out = run(cmd).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("404"));
    // No token: exit 2 before any request.
    let mut cmd = jt("ticket");
    cmd.args(["--api", &sim.api_url(), "--public", "notification-time"])
        .env_remove("JOURNEYTOP_TOKEN");
    let out = run(cmd).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("JOURNEYTOP_TOKEN"));
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journeys_ticket_and_a_jwt_for_another_journey() {
    let sim = sim(config(Variant::Journeys, Style::Color, 30.0, 0)).await;
    let jwt = temp("journey.jwt");
    std::fs::write(&jwt, sim.spec.jwt.expose()).unwrap();
    let mut cmd = ticket_cmd(&sim.api_url());
    cmd.args(["--journey-uid", &sim.spec.uid, "--journey-jwt-file"])
        .arg(&jwt);
    let out = run(cmd).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spec = JourneySpec::from_json(&String::from_utf8_lossy(&out.stdout)).unwrap();
    assert_eq!(spec.variant, Variant::InteractivePrompts);
    assert_eq!(spec.prompt, sim.spec.prompt);
    assert_ne!(spec.uid, sim.spec.uid);
    // The JWT of this journey for another uid: 403, exit 3.
    let mut cmd = ticket_cmd(&sim.api_url());
    cmd.args(["--journey-uid", "oseh_j_someoneelse", "--journey-jwt-file"])
        .arg(&jwt);
    let out = run(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    sim.stop().await;
}

/// A stub API that answers every ticket request with `status`.
async fn stub(status: u16) -> String {
    let app = axum::Router::new().fallback(move || async move {
        let mut headers = HeaderMap::new();
        if status == 503 {
            headers.insert("retry-after", "15".parse().unwrap());
        }
        let body = serde_json::json!({"type": "stub_kind", "message": "stub says no"});
        (
            StatusCode::from_u16(status).unwrap(),
            headers,
            axum::Json(body),
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_has_plain_words_and_its_exit_code() {
    for (status, code, words) in [
        (401, 3, "id token"),
        (403, 3, "refused"),
        (404, 4, "does not know"),
        (409, 2, "conflict"),
        (422, 2, "invalid"),
        (503, 5, "in 15 s (Retry-After)"),
    ] {
        let api = stub(status).await;
        let mut cmd = ticket_cmd(&api);
        cmd.args(["--public", "notification-time"]);
        let out = run(cmd).await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{status}: {stderr}");
        assert!(stderr.contains(words), "{status}: {stderr}");
        assert!(stderr.contains("stub says no"), "{status}: {stderr}");
        assert!(!stderr.contains("any-id-token"), "the token never shows");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_public_gets_the_ticket_then_watches() {
    let sim = sim(config(
        Variant::InteractivePrompts,
        Style::Numeric,
        30.0,
        50,
    ))
    .await;
    let token = temp("token");
    std::fs::write(&token, "any-id-token\n").unwrap();
    let mut cmd = jt("watch");
    cmd.args([
        "--headless",
        "--until",
        "2",
        "--api",
        &sim.api_url(),
        "--public",
        "onboarding-prompt-feeling",
        "--token-file",
    ])
    .arg(&token);
    let out = run(cmd).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last: Value = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .map(|l| serde_json::from_str(l).unwrap())
        .unwrap();
    assert_eq!(last["final"], true);
    assert_eq!(last["connection"], "live");
    assert!(last["live"]["word_active"].is_array(), "{last}");
    sim.stop().await;
}

/// The simulator's ticket routes refuse as the real API does: 401 without a
/// bearer token, FastAPI's 422 for a bad body, 404 for an unknown public
/// identifier, 403 for a journey JWT that is not this journey's, 503 when
/// the journey is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulators_ticket_routes_refuse_like_the_real_api() {
    let sim = sim(config(Variant::Journeys, Style::Word, 30.0, 0)).await;
    let client = reqwest::Client::new();
    let post = |path: &str, auth: bool, body: &str| {
        let mut req = client
            .post(format!("{}{path}", sim.api_url()))
            .header("content-type", "application/json")
            .body(body.to_string());
        if auth {
            req = req.header("authorization", "bearer any-id-token");
        }
        req.send()
    };
    let public = "/api/1/interactive_prompts/start_public";
    let journey = "/api/1/journeys/start_interactive_prompt";
    let jwt = sim.spec.jwt.expose().to_string();
    let own = serde_json::json!({"journey_uid": sim.spec.uid, "journey_jwt": jwt}).to_string();
    let other = serde_json::json!({"journey_uid": "oseh_j_other", "journey_jwt": jwt}).to_string();
    let cases: Vec<(&str, bool, String, u16, &str)> = vec![
        (
            public,
            false,
            r#"{"identifier":"notification-time"}"#.into(),
            401,
            "",
        ),
        (public, true, "not json".into(), 422, "JSON decode error"),
        (public, true, "{}".into(), 422, "field required"),
        (
            public,
            true,
            r#"{"identifier":5}"#.into(),
            422,
            "str type expected",
        ),
        (
            public,
            true,
            r#"{"identifier":"nope"}"#.into(),
            404,
            "not_found",
        ),
        (
            public,
            true,
            r#"{"identifier":"notification-time"}"#.into(),
            200,
            "session_uid",
        ),
        (journey, false, own.clone(), 401, ""),
        (
            journey,
            true,
            r#"{"journey_uid":"x"}"#.into(),
            422,
            "journey_jwt",
        ),
        (journey, true, other, 403, "invalid"),
        (journey, true, own, 201, "duration_seconds"),
    ];
    for (path, auth, body, status, words) in cases {
        let r = post(path, auth, &body).await.unwrap();
        let got = r.status().as_u16();
        let text = r.text().await.unwrap();
        assert_eq!(got, status, "{path} {body}: {text}");
        assert!(text.contains(words), "{path} {body}: {text}");
        let _: Value = serde_json::from_str(&text).unwrap();
    }
    sim.stop().await;
}
