//! The HTTP side of the simulator: the stats endpoint (§6.3) and the event
//! POST routes (§6.2), for both variants' paths.

use super::hubs::Hubs;
use super::journal::{MAX_NAME_CHARS, MAX_SESSION_UID_BYTES};
use super::jwt;
use super::notes::{SimNote, keep};
use super::rng::random_uid_tail;
use super::timings::Timings;
use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use journeytop_protocol::{EvType, Event, EventData, Variant};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The largest request body taken (an event POST is under 1 KiB).
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// A request's body, read within `body_read_timeout` and at most
/// [`MAX_BODY`] bytes; otherwise the 408 or 413 to answer with (and the
/// connection is closed).
pub(crate) async fn read_body(
    body: axum::body::Body,
    timings: Timings,
) -> Result<axum::body::Bytes, Box<Response>> {
    use http_body_util::BodyExt;
    let limited = http_body_util::Limited::new(body, MAX_BODY);
    let refuse = |status: StatusCode, kind: &str, message: String| {
        let mut r = error(status, kind, message);
        r.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        Box::new(r)
    };
    match tokio::time::timeout(timings.body_read_timeout, limited.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the request body is over {MAX_BODY} bytes"),
        )),
        Ok(Err(e)) => Err(refuse(
            StatusCode::BAD_REQUEST,
            "bad_body",
            format!("the request body could not be read: {e}"),
        )),
        Err(_) => Err(refuse(
            StatusCode::REQUEST_TIMEOUT,
            "body_timeout",
            format!(
                "the request body did not arrive within {:.1} s",
                timings.body_read_timeout.as_secs_f64()
            ),
        )),
    }
}

pub(crate) fn error(status: StatusCode, kind: &str, message: impl Into<String>) -> Response {
    let message = message.into();
    (
        status,
        Json(json!({ "type": kind, "message": message, "markdown": message })),
    )
        .into_response()
}

/// FastAPI's validation shape for a bad query parameter or body field.
pub(crate) fn detail(loc: &[&str], msg: &str, kind: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "detail": [{ "loc": loc, "msg": msg, "type": kind }] })),
    )
        .into_response()
}

/// Pydantic's answer to a string over its `max_length`.
fn too_long(loc: &[&str], limit: usize) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "detail": [{
            "loc": loc,
            "msg": format!("ensure this value has at most {limit} characters"),
            "type": "value_error.any_str.max_length",
            "ctx": { "limit_value": limit },
        }] })),
    )
        .into_response()
}

/// The bearer token, or the 401 to answer with.
pub(crate) fn bearer(headers: &HeaderMap) -> Result<&str, Box<Response>> {
    let Some(value) = headers.get("authorization") else {
        let r = error(
            StatusCode::UNAUTHORIZED,
            "not_set",
            "authorization header not set",
        );
        return Err(Box::new(r));
    };
    let value = value.to_str().unwrap_or_default();
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim())
        }
        _ => Err(Box::new(error(
            StatusCode::UNAUTHORIZED,
            "bad_format",
            "authorization header should start with 'bearer '",
        ))),
    }
}

/// `GET /api/1/{journeys,interactive_prompts}/events/stats?uid=…&bin=…`
pub(crate) fn stats(
    hubs: &Hubs,
    variant: Variant,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Response {
    // FastAPI validates the query before the handler reads the header.
    let Some(uid) = query.get("uid") else {
        return detail(&["query", "uid"], "field required", "value_error.missing");
    };
    let bin: i64 = match query.get("bin").map(|b| b.parse::<i64>()) {
        Some(Ok(b)) => b,
        Some(Err(_)) => {
            return detail(
                &["query", "bin"],
                "value is not a valid integer",
                "type_error.integer",
            );
        }
        None => return detail(&["query", "bin"], "field required", "value_error.missing"),
    };
    let hub = hubs.pick(uid);
    if bin < 0 {
        return detail(
            &["query", "bin"],
            "ensure this value is greater than or equal to 0",
            "value_error.number.not_ge",
        );
    }
    let token = match bearer(headers) {
        Ok(t) => t,
        Err(r) => return *r,
    };
    if jwt::verify(token, &hub.secret, variant.jwt_audience(), Some(uid)).is_err() {
        return error(
            StatusCode::FORBIDDEN,
            "invalid",
            "the JWT is invalid, expired, or for another journey",
        );
    }
    if variant != hub.variant || *uid != hub.uid {
        let kind = match variant {
            Variant::Journeys => "journey_not_found",
            Variant::InteractivePrompts => "interactive_prompt_not_found",
        };
        return error(
            StatusCode::NOT_FOUND,
            kind,
            format!("that {} does not exist", variant.noun()),
        );
    }
    let result = hub.journal().stats(bin);
    match result {
        Ok(response) => {
            let mut value = serde_json::to_value(response).unwrap_or(Value::Null);
            if let Some(obj) = value.as_object_mut()
                && variant == Variant::InteractivePrompts
                && let Some(t) = obj.shift_remove("journey_time")
            {
                obj.shift_insert(0, "prompt_time".into(), t);
            }
            Json(value).into_response()
        }
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::NOT_FOUND);
            (status, Json(e.body())).into_response()
        }
    }
}

/// `POST /api/1/{journeys,interactive_prompts}/events/{route}` — no user
/// token needed: this is a local simulator. The observer hears the answer.
pub(crate) fn post_event(hubs: &Hubs, variant: Variant, route: &str, body: &[u8]) -> Response {
    let response = answer_post(hubs, variant, route, body);
    if hubs.observed() {
        let fields: Option<Value> = serde_json::from_slice(body).ok();
        let text = |key: &str| {
            fields
                .as_ref()
                .and_then(|f| f.get(key))
                .and_then(Value::as_str)
                .map(keep)
        };
        hubs.note(SimNote::Posted {
            variant,
            uid: text(variant.uid_field()),
            evtype: EvType::from_post_route(route)
                .map_or_else(|| keep(route), |e| e.as_str().to_string()),
            session: text("session_uid"),
            status: response.status().as_u16(),
        });
    }
    response
}

fn answer_post(hubs: &Hubs, variant: Variant, route: &str, body: &[u8]) -> Response {
    let Some(evtype) = EvType::from_post_route(route) else {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no route {route:?}"),
        );
    };
    let body: Value = match serde_json::from_slice(body) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => return detail(&["body"], "value is not a valid dict", "type_error.dict"),
        Err(e) => {
            return detail(
                &["body", &e.to_string()],
                "JSON decode error",
                "value_error.jsondecode",
            );
        }
    };
    let text = |key: &str| body.get(key).and_then(Value::as_str);
    let (Some(uid), Some(token), Some(session)) = (
        text(variant.uid_field()),
        text(variant.jwt_field()),
        text("session_uid"),
    ) else {
        let missing = [variant.uid_field(), variant.jwt_field(), "session_uid"]
            .into_iter()
            .find(|k| text(k).is_none())
            .unwrap_or("session_uid");
        return detail(&["body", missing], "field required", "value_error.missing");
    };
    let Some(time) = body.get(variant.time_field()).and_then(Value::as_f64) else {
        return detail(
            &["body", variant.time_field()],
            "value is not a valid float",
            "type_error.float",
        );
    };
    if session.len() > MAX_SESSION_UID_BYTES {
        return too_long(&["body", "session_uid"], MAX_SESSION_UID_BYTES);
    }
    let data = body.get("data").cloned().unwrap_or_else(|| json!({}));
    if let Some(name) = data.get("name").and_then(Value::as_str)
        && name.chars().count() > MAX_NAME_CHARS
    {
        return too_long(&["body", "data", "name"], MAX_NAME_CHARS);
    }
    let hub = hubs.pick(uid);
    if jwt::verify(token, &hub.secret, variant.jwt_audience(), Some(uid)).is_err() {
        return error(
            StatusCode::FORBIDDEN,
            "invalid",
            "the JWT is invalid, expired, or for another journey",
        );
    }
    if variant != hub.variant || uid != hub.uid {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("that {} does not exist", variant.noun()),
        );
    }
    let data = match event_data(evtype, &data) {
        Ok(EventData::Leave { name: None }) => {
            // The real server names a leave after the user's profile: here,
            // the name the session joined with.
            let joined = hub.journal().joined_name(session).map(str::to_string);
            EventData::Leave {
                name: Some(joined.unwrap_or_else(|| ANONYMOUS.to_string())),
            }
        }
        Ok(d) => d,
        Err((field, msg)) => return detail(&["body", "data", field], msg, "type_error.integer"),
    };
    let event = Event {
        uid: {
            let mut uid = variant.event_uid_prefix().to_string();
            random_uid_tail(&mut uid);
            uid
        },
        user_sub: Some(format!(
            "oseh_u_{}",
            session.trim_start_matches(variant.session_uid_prefix())
        )),
        session_uid: Some(session.to_string()),
        time,
        icon: None,
        data,
    };
    match hub.publish(event) {
        Ok(ev) => created(variant, &ev),
        Err(rule) => {
            let status = StatusCode::from_u16(rule.status).unwrap_or(StatusCode::CONFLICT);
            error(status, &rule.kind, rule.message)
        }
    }
}

/// The name of a join that gives none (`data.name` is a simulator extension).
const ANONYMOUS: &str = "Anonymous";

/// The event's data from the POST body's `data`, or the field FastAPI
/// rejects (an integer it could not read) with its message.
fn event_data(evtype: EvType, data: &Value) -> Result<EventData, (&'static str, &'static str)> {
    let int = |key: &str| data.get(key).and_then(Value::as_i64);
    let name = || data.get("name").and_then(Value::as_str).map(str::to_string);
    let data = match evtype {
        EvType::Join => EventData::Join {
            name: Some(name().unwrap_or_else(|| ANONYMOUS.to_string())),
        },
        // Without a name: the joiner's (filled in by the caller).
        EvType::Leave => EventData::Leave { name: name() },
        EvType::Like => EventData::Like,
        EvType::PressPromptStartResponse => EventData::PressStart,
        EvType::PressPromptEndResponse => EventData::PressEnd,
        EvType::NumericPromptResponse => match int("rating") {
            Some(rating) if rating >= 0 => EventData::Numeric { rating },
            _ => {
                return Err(("rating", "value is not a valid non-negative integer"));
            }
        },
        EvType::ColorPromptResponse | EvType::WordPromptResponse => match int("index") {
            Some(index) if evtype == EvType::ColorPromptResponse => EventData::Color { index },
            Some(index) => EventData::Word { index },
            None => {
                return Err(("index", "value is not a valid integer"));
            }
        },
    };
    Ok(data)
}

/// The 201 reply: the event as the backend echoes it.
fn created(variant: Variant, ev: &Event) -> Response {
    let mut reply = serde_json::Map::new();
    reply.insert("uid".into(), ev.uid.clone().into());
    reply.insert("user_sub".into(), json!(ev.user_sub));
    reply.insert("session_uid".into(), json!(ev.session_uid));
    reply.insert("type".into(), ev.data.evtype_str().into());
    reply.insert(variant.time_field().into(), json!(ev.time));
    reply.insert("icon".into(), Value::Null);
    reply.insert("data".into(), ev.data_json());
    (StatusCode::CREATED, Json(Value::Object(reply))).into_response()
}
