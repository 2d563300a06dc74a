//! The journal's errors in the backend's shapes: a rejected event and a
//! refused stats request.

use serde::Serialize;

/// A rejected event, in the backend's error shape `{type, message, markdown}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// 409 for every rule; 422 for a body FastAPI would not accept; 404 for
    /// an evtype that has no route.
    pub status: u16,
    /// The error `type`, e.g. `session_already_ended`.
    pub kind: String,
    /// Plain words.
    pub message: String,
}

impl RuleError {
    pub(crate) fn new(status: u16, kind: &str, message: impl Into<String>) -> RuleError {
        RuleError {
            status,
            kind: kind.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn conflict(kind: &str, message: impl Into<String>) -> RuleError {
        RuleError::new(409, kind, message)
    }

    pub(crate) fn unprocessable(message: impl Into<String>) -> RuleError {
        RuleError::new(422, "unprocessable_entity", message)
    }
}

impl Serialize for RuleError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("type", &self.kind)?;
        m.serialize_entry("message", &self.message)?;
        // StandardErrorResponse defaults markdown to the message.
        m.serialize_entry("markdown", &self.message)?;
        m.end()
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.kind, self.message)
    }
}

impl std::error::Error for RuleError {}

/// Why a stats request failed (§6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsError {
    /// `bin >= bins`: 404 `bin_not_found`. `noun` is "journey" or
    /// "interactive prompt", for the message.
    BinNotFound { bins: usize, noun: &'static str },
    /// `bin < 0`: FastAPI's 422.
    NegativeBin,
}

impl StatsError {
    pub fn status(&self) -> u16 {
        match self {
            StatsError::BinNotFound { .. } => 404,
            StatsError::NegativeBin => 422,
        }
    }

    /// The response body, as the backend writes it.
    pub fn body(&self) -> serde_json::Value {
        match self {
            StatsError::BinNotFound { bins, noun } => {
                let message =
                    format!("The bin you requested was not found; the {noun} only has {bins} bins");
                serde_json::json!({"type": "bin_not_found", "message": message, "markdown": message})
            }
            StatsError::NegativeBin => serde_json::json!({"detail": [{
                "loc": ["query", "bin"],
                "msg": "ensure this value is greater than or equal to 0",
                "type": "value_error.number.not_ge",
            }]}),
        }
    }
}

impl std::fmt::Display for StatsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatsError::BinNotFound { bins, .. } => {
                write!(f, "bin_not_found: only {bins} bins")
            }
            StatsError::NegativeBin => f.write_str("bin must be >= 0"),
        }
    }
}

impl std::error::Error for StatsError {}
