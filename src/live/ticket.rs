//! Tickets from the Oseh API (PROTOCOL.md §6.1): with the user's id token,
//! `start_public` (a public prompt by identifier) or
//! `start_interactive_prompt` (a journey's prompt, with its uid and JWT)
//! answers an `ExternalInteractivePrompt` — a journey file. Every refusal
//! becomes plain words and a [`LiveError`] (and so an exit code).

use super::error::LiveError;
use super::target::api_url;
use journeytop_protocol::text::{clean, sanitize};
use journeytop_protocol::{JourneySpec, Jwt};
use std::time::Duration;

/// Which ticket to ask for.
#[derive(Debug, Clone)]
pub(crate) enum Ask {
    /// `POST /api/1/interactive_prompts/start_public` `{identifier}`.
    Public(String),
    /// `POST /api/1/journeys/start_interactive_prompt` `{journey_uid, journey_jwt}`.
    Journey { uid: String, jwt: Jwt },
}

/// Largest answer read.
const MAX_ANSWER: usize = 256 * 1024;

/// Calls the ticket route on `api` with the user's id `token`; the answer
/// as a journey file whose `server` and `api` are `api`.
pub(crate) async fn fetch(
    http: &reqwest::Client,
    api: &str,
    token: &Jwt,
    ask: &Ask,
) -> Result<JourneySpec, LiveError> {
    let base = api_url(api).map_err(LiveError::Input)?;
    let (path, body) = match ask {
        Ask::Public(id) => (
            "interactive_prompts/start_public",
            serde_json::json!({ "identifier": id }),
        ),
        Ask::Journey { uid, jwt } => (
            "journeys/start_interactive_prompt",
            serde_json::json!({ "journey_uid": uid, "journey_jwt": jwt.expose() }),
        ),
    };
    let url = format!("{}/api/1/{path}", base.api_base());
    let reply = http
        .post(&url)
        .bearer_auth(token.expose())
        .json(&body)
        .timeout(Duration::from_secs(15))
        .send()
        .await
        .map_err(|e| {
            LiveError::GaveUp(format!(
                "cannot reach {}: {}",
                sanitize(&url),
                sanitize(&e.to_string())
            ))
        })?;
    let status = reply.status().as_u16();
    let retry_after = reply
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let bytes = reply.bytes().await.map_err(|e| {
        LiveError::GaveUp(format!(
            "the answer broke off: {}",
            sanitize(&e.to_string())
        ))
    })?;
    if bytes.len() > MAX_ANSWER {
        return Err(LiveError::Rejected(format!(
            "the answer is {} bytes, over the {MAX_ANSWER}-byte limit",
            bytes.len()
        )));
    }
    let text = String::from_utf8_lossy(&bytes);
    if !(200..300).contains(&status) {
        return Err(refusal(status, &text, retry_after));
    }
    let mut spec = JourneySpec::from_json(&text).map_err(|e| {
        LiveError::Rejected(format!(
            "the answer is not a ticket: {}",
            sanitize(&e.to_string())
        ))
    })?;
    spec.server = Some(base.api_base());
    spec.api = Some(base.api_base());
    Ok(spec)
}

/// The server's own words, from `{"type", "message"}` when it sent them.
fn server_words(text: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let kind = v.get("type").and_then(|t| t.as_str()).unwrap_or_default();
    let message = v
        .get("message")
        .and_then(|t| t.as_str())
        .unwrap_or_default();
    match (kind, message) {
        ("", "") => String::new(),
        (k, "") => format!(" ({})", clean(k, 60)),
        (k, m) => format!(" ({}: {})", clean(k, 60), clean(m, 200)),
    }
}

/// Plain words and the kind of error for a refused ticket.
pub(crate) fn refusal(status: u16, text: &str, retry_after: Option<u64>) -> LiveError {
    let said = server_words(text);
    match status {
        401 => LiveError::Refused(format!(
            "the API did not accept the id token (401){said}: it is missing, malformed or expired — sign in again and save a fresh token"
        )),
        403 => LiveError::Refused(format!(
            "the API refused (403){said}: the token or the journey JWT is not valid for this"
        )),
        404 => LiveError::NotFound(format!(
            "the API does not know that prompt or journey (404){said}"
        )),
        409 => LiveError::Rejected(format!(
            "the API refused because of a conflict (409){said}: try again, or start another journey"
        )),
        422 => LiveError::Rejected(format!(
            "the API rejected the request as invalid (422){said}"
        )),
        503 => {
            let when = retry_after.map_or_else(
                || "later".to_string(),
                |s| format!("in {s} s (Retry-After)"),
            );
            LiveError::GaveUp(format!(
                "the API cannot start the prompt right now (503){said}: try again {when}"
            ))
        }
        other => LiveError::GaveUp(format!("the API answered {other}{said}")),
    }
}
