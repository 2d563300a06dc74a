//! Client → server packets (`authorize`, `sync_response`), their encoding,
//! and the server's validation of them with pydantic-v1-style error text
//! (what the simulator sends back in a 422, as the real server does).
//! Over 400 lines on purpose: both packets and the validator share one set
//! of field rules, and the 422 texts must match the real server's to the
//! byte, so they are kept side by side.

use super::{Jwt, Variant};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Authorize {
    pub uid: String,
    pub jwt: Jwt,
    /// Events per second, 1–5000.
    pub bandwidth: u32,
    /// Seconds, 0–10.
    pub lookback: f64,
    /// Seconds, 0–10.
    pub lookahead: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyncResponse {
    pub receive_timestamp: f64,
    pub transmit_timestamp: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ClientPacket {
    Authorize(Authorize),
    SyncResponse(SyncResponse),
}

/// Which handshake packet the server is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    Authorize,
    SyncResponse,
}

impl ClientKind {
    fn type_name(self) -> &'static str {
        match self {
            ClientKind::Authorize => "authorize",
            ClientKind::SyncResponse => "sync_response",
        }
    }

    fn model_name(self) -> &'static str {
        match self {
            ClientKind::Authorize => "AuthRequestPacketData",
            ClientKind::SyncResponse => "SyncResponsePacketData",
        }
    }
}

pub(crate) const BANDWIDTH_RANGE: std::ops::RangeInclusive<u32> = 1..=5000;
pub(crate) const WINDOW_RANGE: std::ops::RangeInclusive<f64> = 0.0..=10.0;

impl ClientPacket {
    /// The JSON text a client sends for `variant`.
    pub fn encode(&self, variant: Variant) -> String {
        let value = match self {
            ClientPacket::Authorize(a) => {
                let mut data = Map::new();
                data.insert(variant.uid_field().into(), a.uid.clone().into());
                data.insert("jwt".into(), a.jwt.expose().into());
                data.insert("bandwidth".into(), a.bandwidth.into());
                data.insert("lookback".into(), a.lookback.into());
                data.insert("lookahead".into(), a.lookahead.into());
                serde_json::json!({"type": "authorize", "data": data})
            }
            ClientPacket::SyncResponse(s) => serde_json::json!({
                "type": "sync_response",
                "data": {
                    "receive_timestamp": s.receive_timestamp,
                    "transmit_timestamp": s.transmit_timestamp,
                }
            }),
        };
        value.to_string()
    }

    /// Parses and validates a handshake packet as the server does. On failure
    /// the error carries every problem, in pydantic's order, ready to be sent
    /// as a 422 message.
    pub fn decode(
        frame: &[u8],
        expected: ClientKind,
        variant: Variant,
    ) -> Result<ClientPacket, ValidationErrors> {
        let mut errs = ValidationErrors::new(expected);
        let root: Value = match serde_json::from_slice(frame) {
            Ok(v) => v,
            Err(e) => {
                errs.push("__root__", format!("{e}"), "value_error.jsondecode", "");
                return Err(errs);
            }
        };
        let Some(obj) = root.as_object() else {
            errs.push(
                "__root__",
                "value is not a valid dict",
                "type_error.dict",
                "",
            );
            return Err(errs);
        };
        match obj.get("type") {
            Some(Value::String(t)) if t == expected.type_name() => {}
            Some(other) => {
                let given = other
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| other.to_string());
                let want = expected.type_name();
                errs.push(
                    "type",
                    format!("unexpected value; permitted: '{want}'"),
                    "value_error.const",
                    &format!("; given={given}; permitted=('{want}',)"),
                );
            }
            None => errs.push("type", "field required", "value_error.missing", ""),
        }
        let empty = Map::new();
        let data = match obj.get("data") {
            Some(Value::Object(d)) => d,
            Some(_) => {
                errs.push("data", "value is not a valid dict", "type_error.dict", "");
                &empty
            }
            None => {
                errs.push("data", "field required", "value_error.missing", "");
                return Err(errs);
            }
        };
        let mut f = Fields {
            data,
            errs: &mut errs,
        };
        let packet = match expected {
            ClientKind::Authorize => {
                let uid = f.string(variant.uid_field(), 1, 255);
                let jwt = f.string("jwt", 2, usize::MAX);
                let bandwidth = f.int(
                    "bandwidth",
                    *BANDWIDTH_RANGE.start() as i64,
                    *BANDWIDTH_RANGE.end() as i64,
                );
                let lookback = f.float("lookback", *WINDOW_RANGE.start(), *WINDOW_RANGE.end());
                let lookahead = f.float("lookahead", *WINDOW_RANGE.start(), *WINDOW_RANGE.end());
                match (uid, jwt, bandwidth, lookback, lookahead) {
                    (Some(uid), Some(jwt), Some(bw), Some(lb), Some(la)) => {
                        Some(ClientPacket::Authorize(Authorize {
                            uid,
                            jwt: Jwt::new(jwt),
                            bandwidth: bw as u32,
                            lookback: lb,
                            lookahead: la,
                        }))
                    }
                    _ => None,
                }
            }
            ClientKind::SyncResponse => {
                let r = f.float("receive_timestamp", f64::MIN, f64::MAX);
                let t = f.float("transmit_timestamp", f64::MIN, f64::MAX);
                match (r, t) {
                    (Some(r), Some(t)) if t < r => {
                        errs.push(
                            "data -> transmit_timestamp",
                            "transmit_timestamp must be at least receive_timestamp",
                            "value_error",
                            "",
                        );
                        None
                    }
                    (Some(r), Some(t)) => Some(ClientPacket::SyncResponse(SyncResponse {
                        receive_timestamp: r,
                        transmit_timestamp: t,
                    })),
                    _ => None,
                }
            }
        };
        match packet {
            Some(p) if errs.is_empty() => Ok(p),
            _ => Err(errs),
        }
    }
}

struct Fields<'a> {
    data: &'a Map<String, Value>,
    errs: &'a mut ValidationErrors,
}

impl Fields<'_> {
    fn get(&mut self, key: &str) -> Option<&Value> {
        match self.data.get(key) {
            Some(v) => Some(v),
            None => {
                self.errs.push(
                    &format!("data -> {key}"),
                    "field required",
                    "value_error.missing",
                    "",
                );
                None
            }
        }
    }

    fn string(&mut self, key: &str, min: usize, max: usize) -> Option<String> {
        let loc = format!("data -> {key}");
        let s = match self.get(key)? {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => {
                self.errs
                    .push(&loc, "str type expected", "type_error.str", "");
                return None;
            }
        };
        let len = s.chars().count();
        if len < min {
            self.errs.push(
                &loc,
                format!("ensure this value has at least {min} characters"),
                "value_error.any_str.min_length",
                &format!("; limit_value={min}"),
            );
            return None;
        }
        if len > max {
            self.errs.push(
                &loc,
                format!("ensure this value has at most {max} characters"),
                "value_error.any_str.max_length",
                &format!("; limit_value={max}"),
            );
            return None;
        }
        Some(s)
    }

    fn number(&mut self, key: &str, integer: bool) -> Option<f64> {
        let loc = format!("data -> {key}");
        let v = self.get(key)?;
        let n = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        };
        match n {
            Some(x) if integer && x.fract() != 0.0 => {
                self.errs.push(
                    &loc,
                    "value is not a valid integer",
                    "type_error.integer",
                    "",
                );
                None
            }
            Some(x) if x.is_finite() => Some(x),
            _ if integer => {
                self.errs.push(
                    &loc,
                    "value is not a valid integer",
                    "type_error.integer",
                    "",
                );
                None
            }
            _ => {
                self.errs
                    .push(&loc, "value is not a valid float", "type_error.float", "");
                None
            }
        }
    }

    fn bounded(
        &mut self,
        key: &str,
        x: f64,
        min: f64,
        max: f64,
        shown: (&str, &str),
    ) -> Option<f64> {
        let loc = format!("data -> {key}");
        if x < min {
            self.errs.push(
                &loc,
                format!("ensure this value is greater than or equal to {}", shown.0),
                "value_error.number.not_ge",
                &format!("; limit_value={}", shown.0),
            );
            return None;
        }
        if x > max {
            self.errs.push(
                &loc,
                format!("ensure this value is less than or equal to {}", shown.1),
                "value_error.number.not_le",
                &format!("; limit_value={}", shown.1),
            );
            return None;
        }
        Some(x)
    }

    fn int(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        let x = self.number(key, true)?;
        self.bounded(
            key,
            x,
            min as f64,
            max as f64,
            (&min.to_string(), &max.to_string()),
        )
        .map(|x| x as i64)
    }

    fn float(&mut self, key: &str, min: f64, max: f64) -> Option<f64> {
        let x = self.number(key, false)?;
        let show = |v: f64| {
            if v.fract() == 0.0 {
                format!("{}", v as i64)
            } else {
                v.to_string()
            }
        };
        self.bounded(key, x, min, max, (&show(min), &show(max)))
    }
}

/// Every validation problem of one client packet.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationErrors {
    kind: ClientKind,
    pub(crate) errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldError {
    /// `data -> bandwidth`, `type`, `__root__`.
    pub loc: String,
    pub msg: String,
    /// pydantic's error type, e.g. `value_error.missing`.
    pub kind: String,
    /// `; limit_value=1` and the like.
    pub ctx: String,
}

impl ValidationErrors {
    fn new(kind: ClientKind) -> Self {
        ValidationErrors {
            kind,
            errors: Vec::new(),
        }
    }

    fn push(&mut self, loc: &str, msg: impl Into<String>, kind: &str, ctx: &str) {
        self.errors.push(FieldError {
            loc: loc.to_string(),
            msg: msg.into(),
            kind: kind.to_string(),
            ctx: ctx.to_string(),
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The field names that were rejected (`bandwidth`, `transmit_timestamp`).
    pub fn fields(&self) -> Vec<&str> {
        self.errors
            .iter()
            .map(|e| e.loc.rsplit(" -> ").next().unwrap_or(&e.loc))
            .collect()
    }
}

impl std::fmt::Display for ValidationErrors {
    /// pydantic v1's `str(ValidationError)`, as the real server sends it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.errors.len();
        write!(
            f,
            "{n} validation error{} for ClientPacket[Literal['{}'], {}]",
            if n == 1 { "" } else { "s" },
            self.kind.type_name(),
            self.kind.model_name()
        )?;
        for e in &self.errors {
            write!(f, "\n{}\n  {} (type={}{})", e.loc, e.msg, e.kind, e.ctx)?;
        }
        Ok(())
    }
}

/// Pulls the rejected field names out of a real server's 422 message, so the
/// client can say "the server rejected `bandwidth`" in plain words.
pub fn fields_in_422_message(message: &str) -> Vec<String> {
    message
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.contains("validation error"))
        .map(|l| l.rsplit(" -> ").next().unwrap_or(l).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}
