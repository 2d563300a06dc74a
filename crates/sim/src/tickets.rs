//! The ticket routes (PROTOCOL.md §6.1): `POST /api/1/interactive_prompts/
//! start_public` with `{identifier}` and `POST /api/1/journeys/
//! start_interactive_prompt` with `{journey_uid, journey_jwt}`. Both need a
//! bearer token (any token: this is a local simulator) and answer an
//! `ExternalInteractivePrompt` for a prompt this simulator serves: the three
//! public prompts, or the interactive prompt of one of its journeys.

use super::http::{bearer, detail, error};
use super::hub::Hub;
use super::hubs::Hubs;
use super::jwt;
use super::rng::random_uid_tail;
use super::server::{JOURNEY_JWT_SECONDS, SimConfig};
use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use journeytop_protocol::{Prompt, Variant};
use serde_json::{Value, json};

/// The public prompts of the 2023 backend: identifier, text, words. Each
/// runs 60 s.
pub const PUBLIC: [(&str, &str, &[&str]); 3] = [
    (
        "onboarding-prompt-feeling",
        "Today I want to....",
        &["Relax", "Destress", "Connect"],
    ),
    (
        "onboarding-prompt-feeling-result",
        "How are you feeling after your first class?",
        &[
            "Lighter and lifted.",
            "Calm, cool, collected.",
            "Grounded and grateful.",
        ],
    ),
    (
        "notification-time",
        "When’s the best time to remind you to take a class?",
        &["Morning", "Afternoon", "Evening"],
    ),
];

/// The public prompts' duration.
pub const PUBLIC_SECONDS: f64 = 60.0;

/// The configurations of the public prompts, from the first journey's.
pub(crate) fn public_configs(base: &SimConfig) -> Vec<(String, SimConfig)> {
    PUBLIC
        .iter()
        .enumerate()
        .map(|(i, (id, text, words))| {
            let cfg = SimConfig {
                variant: Variant::InteractivePrompts,
                prompt: Prompt::Word {
                    text: (*text).to_string(),
                    options: words.iter().map(|w| (*w).to_string()).collect(),
                },
                duration: PUBLIC_SECONDS,
                seed: base.seed.wrapping_add(0x9_0000 + i as u64),
                ..base.clone()
            };
            ((*id).to_string(), cfg)
        })
        .collect()
}

/// The interactive prompt of a journey (`--variant journeys`): the same
/// prompt, served under an interactive-prompt uid.
pub(crate) fn companion_config(journey: &SimConfig) -> SimConfig {
    SimConfig {
        variant: Variant::InteractivePrompts,
        seed: journey.seed.wrapping_add(0xA_0000),
        ..journey.clone()
    }
}

/// The `ExternalInteractivePrompt` for `hub`, with a fresh JWT and session.
fn ticket(hub: &Hub, status: StatusCode) -> Response {
    let token = jwt::issue(
        &hub.uid,
        Variant::InteractivePrompts.jwt_audience(),
        JOURNEY_JWT_SECONDS,
        &hub.secret,
    );
    let mut session = Variant::InteractivePrompts.session_uid_prefix().to_string();
    random_uid_tail(&mut session);
    let body = json!({
        "uid": hub.uid,
        "jwt": token,
        "session_uid": session,
        "prompt": hub.prompt,
        "duration_seconds": hub.socket_duration.round() as i64,
    });
    (status, Json(body)).into_response()
}

/// The body as a JSON object, or FastAPI's 422.
fn object(body: &[u8]) -> Result<serde_json::Map<String, Value>, Box<Response>> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(Box::new(detail(
            &["body"],
            "value is not a valid dict",
            "type_error.dict",
        ))),
        Err(_) => Err(Box::new(detail(
            &["body"],
            "JSON decode error",
            "value_error.jsondecode",
        ))),
    }
}

fn text_field(
    obj: &serde_json::Map<String, Value>,
    key: &'static str,
) -> Result<String, Box<Response>> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(Box::new(detail(
            &["body", key],
            "str type expected",
            "type_error.str",
        ))),
        None => Err(Box::new(detail(
            &["body", key],
            "field required",
            "value_error.missing",
        ))),
    }
}

/// `POST /api/1/interactive_prompts/start_public` — 200.
pub(crate) fn start_public(hubs: &Hubs, headers: &HeaderMap, body: &[u8]) -> Response {
    let run = || -> Result<Response, Box<Response>> {
        bearer(headers)?;
        let identifier = text_field(&object(body)?, "identifier")?;
        match hubs.public(&identifier) {
            Some(hub) => Ok(ticket(hub, StatusCode::OK)),
            None => Ok(error(
                StatusCode::NOT_FOUND,
                "not_found",
                "there is no public interactive prompt with that identifier",
            )),
        }
    };
    run().unwrap_or_else(|r| *r)
}

/// `POST /api/1/journeys/start_interactive_prompt` — 201.
pub(crate) fn start_interactive_prompt(hubs: &Hubs, headers: &HeaderMap, body: &[u8]) -> Response {
    let run = || -> Result<Response, Box<Response>> {
        bearer(headers)?;
        let obj = object(body)?;
        let uid = text_field(&obj, "journey_uid")?;
        let token = text_field(&obj, "journey_jwt")?;
        let Some(journey) = hubs.all().first() else {
            return Ok(error(StatusCode::NOT_FOUND, "not_found", "no journeys"));
        };
        let aud = Variant::Journeys.jwt_audience();
        if jwt::verify(&token, &journey.secret, aud, Some(&uid)).is_err() {
            return Ok(error(
                StatusCode::FORBIDDEN,
                "invalid",
                "the journey JWT is invalid, expired, or for another journey",
            ));
        }
        match hubs.companion(&uid) {
            Some(hub) => Ok(ticket(hub, StatusCode::CREATED)),
            None => Ok(error(
                StatusCode::SERVICE_UNAVAILABLE,
                "journey_gone",
                "that journey does not exist",
            )),
        }
    };
    run().unwrap_or_else(|r| *r)
}
