//! The journey file: the JSON an Oseh start endpoint returns (§6.1) — an
//! `ExternalJourney` or an `ExternalInteractivePrompt` — plus the optional
//! `server` (websocket URL) and `api` (HTTP base URL) keys journeytop reads.

use super::{Jwt, Prompt, PromptError, Variant};
use serde::Serialize;
use serde_json::Value;

/// Everything needed to follow one journey or prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneySpec {
    pub variant: Variant,
    pub uid: String,
    pub jwt: Jwt,
    pub session_uid: Option<String>,
    pub prompt: Option<Prompt>,
    /// What the websocket's auto-close counts from: the audio length for a
    /// journey, the prompt's own duration for an interactive prompt.
    pub duration: f64,
    /// The journey lobby (when the prompt runs); `None` for interactive prompts.
    pub lobby: Option<f64>,
    pub server: Option<String>,
    pub api: Option<String>,
}

impl JourneySpec {
    /// How long the prompt accepts events: the lobby of a journey, the whole
    /// duration of an interactive prompt. The stats bins span this.
    pub fn prompt_duration(&self) -> f64 {
        self.lobby.unwrap_or(self.duration)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JourneyFileError {
    #[error("the journey file is not JSON: {0}")]
    Json(String),
    #[error("the journey file has no `{0}`")]
    Missing(&'static str),
    #[error("the journey file's `{field}` is not {expected}")]
    Type {
        field: &'static str,
        expected: &'static str,
    },
    #[error(
        "the journey file's `{field}` must be a number of seconds above 0 and at most {MAX_DURATION}, got {value}"
    )]
    Duration { field: &'static str, value: f64 },
    #[error("the journey file's prompt is invalid: {0}")]
    Prompt(#[from] PromptError),
    #[error(
        "the journey file is contradictory: its uid \"{uid}\" names the {by_uid} variant but its fields are those of the {by_shape} variant"
    )]
    Contradiction {
        uid: String,
        by_uid: Variant,
        by_shape: Variant,
    },
}

/// The longest journey or prompt accepted, in seconds (a day; real lobbies
/// are 5–300 s and journeys a few minutes). Everything sized by the
/// duration — stats bins, headless lines — is bounded by it.
pub const MAX_DURATION: f64 = 86_400.0;

fn string(
    obj: &serde_json::Map<String, Value>,
    key: &'static str,
) -> Result<Option<String>, JourneyFileError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(JourneyFileError::Type {
            field: key,
            expected: "a string",
        }),
    }
}

fn seconds(
    obj: &serde_json::Map<String, Value>,
    key: &'static str,
) -> Result<Option<f64>, JourneyFileError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            let value = n.as_f64().unwrap_or(f64::NAN);
            if value.is_finite() && value > 0.0 && value <= MAX_DURATION {
                Ok(Some(value))
            } else {
                Err(JourneyFileError::Duration { field: key, value })
            }
        }
        Some(_) => Err(JourneyFileError::Type {
            field: key,
            expected: "a number",
        }),
    }
}

impl JourneySpec {
    /// Parses a journey file. The variant follows from the uid prefix
    /// (`oseh_j_` / `oseh_ip_`) and from the shape (`lobby_duration_seconds`
    /// exists only on an ExternalJourney); when both speak they must agree.
    pub fn from_json(text: &str) -> Result<JourneySpec, JourneyFileError> {
        let root: Value = serde_json::from_str(text)
            .map_err(|e| JourneyFileError::Json(crate::text::for_log(&e.to_string())))?;
        JourneySpec::from_value(&root)
    }

    /// Parses a journey file holding one journey (an object) or several (a
    /// JSON array of them, as `simulate --journeys N` writes). An empty
    /// array is refused.
    pub fn many_from_json(text: &str) -> Result<Vec<JourneySpec>, JourneyFileError> {
        let root: Value = serde_json::from_str(text)
            .map_err(|e| JourneyFileError::Json(crate::text::for_log(&e.to_string())))?;
        match &root {
            Value::Array(items) if items.is_empty() => Err(JourneyFileError::Type {
                field: "top level",
                expected: "an object or a non-empty array",
            }),
            Value::Array(items) => items.iter().map(JourneySpec::from_value).collect(),
            _ => Ok(vec![JourneySpec::from_value(&root)?]),
        }
    }

    fn from_value(root: &Value) -> Result<JourneySpec, JourneyFileError> {
        let obj = root.as_object().ok_or(JourneyFileError::Type {
            field: "top level",
            expected: "an object",
        })?;
        let uid = string(obj, "uid")?.ok_or(JourneyFileError::Missing("uid"))?;
        let jwt = string(obj, "jwt")?.ok_or(JourneyFileError::Missing("jwt"))?;
        let lobby = seconds(obj, "lobby_duration_seconds")?;
        let duration = seconds(obj, "duration_seconds")?
            .ok_or(JourneyFileError::Missing("duration_seconds"))?;
        let by_shape = lobby.map(|_| Variant::Journeys);
        let variant = match (Variant::from_uid(&uid), by_shape) {
            (Some(by_uid), Some(by_shape)) if by_uid != by_shape => {
                return Err(JourneyFileError::Contradiction {
                    uid: crate::text::for_log(&uid),
                    by_uid,
                    by_shape,
                });
            }
            (Some(v), _) | (None, Some(v)) => v,
            (None, None) => Variant::InteractivePrompts,
        };
        let prompt = match obj.get("prompt") {
            None | Some(Value::Null) => None,
            Some(p) => {
                // `Prompt` deserializes through its checks.
                Some(Prompt::from_json(&p.to_string())?)
            }
        };
        Ok(JourneySpec {
            variant,
            uid,
            jwt: Jwt::new(jwt),
            session_uid: string(obj, "session_uid")?,
            prompt,
            duration,
            lobby: if variant == Variant::Journeys {
                lobby
            } else {
                None
            },
            server: string(obj, "server")?,
            api: string(obj, "api")?,
        })
    }

    /// The file in the start endpoint's shape for its variant, with the
    /// `server` and `api` keys (the simulator writes this).
    pub fn to_json(&self) -> Value {
        let file = JourneyFileOut {
            uid: &self.uid,
            jwt: &self.jwt,
            session_uid: self.session_uid.as_deref(),
            duration_seconds: self.duration,
            lobby_duration_seconds: self.lobby,
            prompt: self.prompt.as_ref(),
            server: self.server.as_deref(),
            api: self.api.as_deref(),
        };
        serde_json::to_value(file).unwrap_or(Value::Null)
    }
}

#[derive(Serialize)]
struct JourneyFileOut<'a> {
    uid: &'a str,
    jwt: &'a Jwt,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_uid: Option<&'a str>,
    duration_seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    lobby_duration_seconds: Option<f64>,
    prompt: Option<&'a Prompt>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOURNEY: &str = r#"{"uid":"oseh_j_abc","jwt":"a.b.c","session_uid":"oseh_js_x",
        "duration_seconds":62.5,"lobby_duration_seconds":20,"title":"ignored",
        "prompt":{"style":"numeric","text":"How are you feeling?","min":1,"max":10,"step":1}}"#;

    #[test]
    fn external_journey() {
        let spec = JourneySpec::from_json(JOURNEY).unwrap();
        assert_eq!(spec.variant, Variant::Journeys);
        assert_eq!(spec.lobby, Some(20.0));
        assert_eq!(spec.prompt_duration(), 20.0);
        assert_eq!(spec.duration, 62.5);
        assert!(!format!("{spec:?}").contains("a.b.c"));
    }

    #[test]
    fn external_interactive_prompt() {
        let text = r##"{"uid":"oseh_ip_abc","jwt":"a.b.c","session_uid":"oseh_ips_x","duration_seconds":10,
            "prompt":{"style":"color","text":"Pick","colors":["#cc0001","#00FF00"]},
            "server":"ws://127.0.0.1:1","api":"http://127.0.0.1:1"}"##;
        let spec = JourneySpec::from_json(text).unwrap();
        assert_eq!(spec.variant, Variant::InteractivePrompts);
        assert_eq!(spec.prompt_duration(), 10.0);
        assert_eq!(spec.server.as_deref(), Some("ws://127.0.0.1:1"));
        let back = JourneySpec::from_json(&spec.to_json().to_string()).unwrap();
        assert_eq!(back, spec);
    }

    #[test]
    fn contradiction_and_missing() {
        let bad = JOURNEY.replace("oseh_j_abc", "oseh_ip_abc");
        assert!(matches!(
            JourneySpec::from_json(&bad),
            Err(JourneyFileError::Contradiction { .. })
        ));
        let no_jwt = JOURNEY.replace(r#""jwt":"a.b.c","#, "");
        assert_eq!(
            JourneySpec::from_json(&no_jwt).unwrap_err().to_string(),
            "the journey file has no `jwt`"
        );
        let zero = JOURNEY.replace("62.5", "0");
        assert!(matches!(
            JourneySpec::from_json(&zero),
            Err(JourneyFileError::Duration { .. })
        ));
    }

    #[test]
    fn arrays_hold_several_journeys() {
        let one = JourneySpec::many_from_json(JOURNEY).unwrap();
        assert_eq!(one.len(), 1);
        let two = format!(
            "[{JOURNEY}, {}]",
            JOURNEY.replace("oseh_j_abc", "oseh_j_def")
        );
        let specs = JourneySpec::many_from_json(&two).unwrap();
        assert_eq!(specs.len(), 2);
        assert_eq!(specs[1].uid, "oseh_j_def");
        assert!(JourneySpec::many_from_json("[]").is_err());
        assert!(JourneySpec::many_from_json("[1]").is_err());
        assert!(JourneySpec::from_json(&two).is_err());
    }
}
