//! The journey / prompt JWT as a secret.
//!
//! It grants access to a journey's live stream and stats; it must never reach
//! a log line, an error message, a recording or the screen. `Debug` and
//! `Display` print a redaction; the only way to the real text is `expose()`,
//! which the wire encoders call.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Jwt(String);

impl Jwt {
    pub fn new(token: impl Into<String>) -> Self {
        let token = token.into();
        // Most tokens have nothing to trim: keep their text, don't copy it.
        match token.trim() {
            trimmed if trimmed.len() == token.len() => Jwt(token),
            trimmed => Jwt(trimmed.to_string()),
        }
    }

    /// The token itself, for the authorize packet and the Authorization header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

const REDACTED: &str = "<redacted JWT>";

impl fmt::Debug for Jwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Jwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

// Serialization is for the wire (authorize packet, journey files written by
// the simulator); never serialize a Jwt into logs or recordings.
impl Serialize for Jwt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Jwt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Jwt::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let jwt = Jwt::new("eyJhbGciOiJIUzI1NiJ9.secret.sig");
        assert!(!format!("{jwt:?}").contains("secret"));
        assert!(!format!("{jwt}").contains("secret"));
        assert_eq!(jwt.expose(), "eyJhbGciOiJIUzI1NiJ9.secret.sig");
    }

    #[test]
    fn surrounding_space_is_trimmed() {
        assert_eq!(Jwt::new(" \ta.b.c\n").expose(), "a.b.c");
        assert_eq!(Jwt::new("a.b.c").expose(), "a.b.c");
    }
}
