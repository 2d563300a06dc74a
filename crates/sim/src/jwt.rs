//! HS256 JWTs as the real websocket and backend sign and verify them
//! (PROTOCOL.md §2.6): sub = the journey / prompt uid, iss "oseh", aud per
//! variant, iat and exp required.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

/// The shared secret. Its Debug never shows it.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<secret>")
    }
}

impl Secret {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Secret {
        Secret(bytes.into())
    }

    /// A random secret from the OS (via the std hasher's random keys plus
    /// time), good enough for a local simulator's throwaway tokens.
    pub fn random() -> Secret {
        use std::hash::{BuildHasher, Hasher};
        let mut bytes = Vec::with_capacity(32);
        for i in 0..4u64 {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(i);
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            bytes.extend_from_slice(&h.finish().to_le_bytes());
        }
        Secret(bytes)
    }

    fn mac(&self) -> Hmac<Sha256> {
        #[allow(clippy::expect_used)]
        Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC accepts keys of any length")
    }
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Signs `claims` with HS256.
pub fn sign(claims: &Claims, secret: &Secret) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signing_input = format!("{header}.{payload}");
    let mut mac = secret.mac();
    mac.update(signing_input.as_bytes());
    let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{sig}")
}

/// A token for `sub` with audience `aud`, valid for `lifetime` seconds
/// (iat one second in the past, as the later real code does).
pub fn issue(sub: &str, aud: &str, lifetime: i64, secret: &Secret) -> String {
    let now = now_unix();
    let claims = Claims {
        sub: sub.into(),
        iss: "oseh".into(),
        aud: aud.into(),
        iat: now - 1,
        exp: now + lifetime,
    };
    sign(&claims, secret)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("not a JWT")]
    Format,
    #[error("not HS256")]
    Algorithm,
    #[error("bad signature")]
    Signature,
    #[error("missing or malformed claims")]
    Claims,
    #[error("wrong issuer")]
    Issuer,
    #[error("wrong audience")]
    Audience,
    #[error("expired")]
    Expired,
    #[error("issued in the future")]
    NotYetValid,
    #[error("for another journey")]
    Subject,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

/// Verifies signature, iss, aud, iat, exp and (when given) sub.
pub fn verify(
    token: &str,
    secret: &Secret,
    aud: &str,
    sub: Option<&str>,
) -> Result<Claims, JwtError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Format);
    };
    let header: Header = URL_SAFE_NO_PAD
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(JwtError::Format)?;
    if header.alg != "HS256" {
        return Err(JwtError::Algorithm);
    }
    let sig = URL_SAFE_NO_PAD.decode(s).map_err(|_| JwtError::Format)?;
    let mut mac = secret.mac();
    mac.update(h.as_bytes());
    mac.update(b".");
    mac.update(p.as_bytes());
    mac.verify_slice(&sig).map_err(|_| JwtError::Signature)?;
    let claims: Claims = URL_SAFE_NO_PAD
        .decode(p)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(JwtError::Claims)?;
    if claims.iss != "oseh" {
        return Err(JwtError::Issuer);
    }
    if claims.aud != aud {
        return Err(JwtError::Audience);
    }
    let now = now_unix();
    if claims.exp <= now {
        return Err(JwtError::Expired);
    }
    if claims.iat > now + 60 {
        return Err(JwtError::NotYetValid);
    }
    if sub.is_some_and(|s| s != claims.sub) {
        return Err(JwtError::Subject);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_verify() {
        let secret = Secret::new(b"s3cret".to_vec());
        let t = issue("oseh_ip_x", "oseh-interactive-prompt", 60, &secret);
        assert!(verify(&t, &secret, "oseh-interactive-prompt", Some("oseh_ip_x")).is_ok());
        assert_eq!(
            verify(&t, &secret, "oseh-journey", None),
            Err(JwtError::Audience)
        );
        assert_eq!(
            verify(&t, &secret, "oseh-interactive-prompt", Some("oseh_ip_y")),
            Err(JwtError::Subject)
        );
        assert_eq!(
            verify(
                &t,
                &Secret::new(b"other".to_vec()),
                "oseh-interactive-prompt",
                None
            ),
            Err(JwtError::Signature)
        );
        assert_eq!(
            verify("this.is-not.a-jwt", &secret, "a", None),
            Err(JwtError::Format)
        );
        let expired = issue("oseh_ip_x", "oseh-interactive-prompt", -10, &secret);
        assert_eq!(
            verify(&expired, &secret, "oseh-interactive-prompt", None),
            Err(JwtError::Expired)
        );
    }

    #[test]
    fn verifies_the_captured_token_shape() {
        // The reference packets' tokens are HS256 with a throwaway secret we
        // do not have: the signature must fail, not the parsing.
        let t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvc2VoX2pfaGFybmVzc19kZW1vIiwiaXNzIjoib3NlaCIsImF1ZCI6Im9zZWgtam91cm5leSIsImlhdCI6MTc5NTgzNDgzNiwiZXhwIjoxNzk1ODM2NjM2fQ.jT0MQX8GmA1QlvLFZhyWR7y53VDz-feC0G5XhewWVwM";
        assert_eq!(
            verify(t, &Secret::new(b"x".to_vec()), "oseh-journey", None),
            Err(JwtError::Signature)
        );
    }
}
