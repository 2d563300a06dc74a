//! HS256 JWTs as the real websocket and backend sign and verify them
//! (PROTOCOL.md §2.6): sub = the journey / prompt uid, iss "oseh", aud per
//! variant, iat and exp required. The `jsonwebtoken` crate does the encoding
//! and the signature; the claim rules are the server's (pyjwt's).

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore as _;
use serde::{Deserialize, Serialize};

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

    /// 32 bytes from the OS-seeded thread generator: a throwaway secret for
    /// a local simulator's tokens.
    pub fn random() -> Secret {
        let mut bytes = vec![0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Secret(bytes)
    }
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Signs `claims` with HS256.
fn sign(claims: &Claims, secret: &Secret) -> String {
    let key = EncodingKey::from_secret(&secret.0);
    // Only a serialization failure could fail here, and `Claims` always
    // serializes; an empty token would then simply be refused by `verify`.
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &key).unwrap_or_default()
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

/// How far in the future `iat` may be (clock skew), as the server allows.
const IAT_SKEW_SECONDS: i64 = 60;

/// The server's rules: HS256 only, every claim present, no leeway on exp.
fn validation(aud: &str, sub: Option<&str>) -> Validation {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
    v.set_issuer(&["oseh"]);
    v.set_audience(&[aud]);
    v.sub = sub.map(str::to_owned);
    v.leeway = 0;
    // pyjwt treats `exp == now` as expired; the crate rejects `exp - this <
    // now`, so 1 makes it `exp <= now`.
    v.reject_tokens_expiring_in_less_than = 1;
    v
}

/// Verifies signature, iss, aud, iat, exp and (when given) sub.
pub fn verify(
    token: &str,
    secret: &Secret,
    aud: &str,
    sub: Option<&str>,
) -> Result<Claims, JwtError> {
    // The header first, so a JSON error after it can only be the claims'.
    let header = jsonwebtoken::decode_header(token).map_err(|_| JwtError::Format)?;
    if header.alg != Algorithm::HS256 {
        return Err(JwtError::Algorithm);
    }
    let key = DecodingKey::from_secret(&secret.0);
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation(aud, sub))
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidSignature => JwtError::Signature,
            ErrorKind::InvalidAlgorithm => JwtError::Algorithm,
            ErrorKind::InvalidIssuer => JwtError::Issuer,
            ErrorKind::InvalidAudience => JwtError::Audience,
            ErrorKind::ExpiredSignature => JwtError::Expired,
            ErrorKind::InvalidSubject => JwtError::Subject,
            ErrorKind::Json(_)
            | ErrorKind::MissingRequiredClaim(_)
            | ErrorKind::InvalidClaimFormat(_) => JwtError::Claims,
            _ => JwtError::Format,
        })?
        .claims;
    // iat is not a claim the crate checks.
    if claims.iat > now_unix() + IAT_SKEW_SECONDS {
        return Err(JwtError::NotYetValid);
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

    fn signed(claims: &Claims) -> String {
        sign(claims, &Secret::new(b"k".to_vec()))
    }

    #[test]
    fn claim_rules_match_the_server() {
        let secret = Secret::new(b"k".to_vec());
        let now = now_unix();
        let base = Claims {
            sub: "oseh_j_x".into(),
            iss: "oseh".into(),
            aud: "oseh-journey".into(),
            iat: now,
            exp: now + 60,
        };
        let check = |c: &Claims| verify(&signed(c), &secret, "oseh-journey", Some("oseh_j_x"));
        assert_eq!(check(&base), Ok(base.clone()));
        let other_issuer = Claims {
            iss: "else".into(),
            ..base.clone()
        };
        assert_eq!(check(&other_issuer), Err(JwtError::Issuer));
        // pyjwt: a token whose exp is now has expired.
        let ends_now = Claims {
            exp: now,
            ..base.clone()
        };
        assert_eq!(check(&ends_now), Err(JwtError::Expired));
        let from_the_future = Claims {
            iat: now + 120,
            ..base.clone()
        };
        assert_eq!(check(&from_the_future), Err(JwtError::NotYetValid));
        // A payload without `iat` verifies its signature, then fails as claims.
        let key = EncodingKey::from_secret(b"k");
        let no_iat = serde_json::json!({"sub": "oseh_j_x", "iss": "oseh", "aud": "oseh-journey", "exp": now + 60});
        let t = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &no_iat, &key).unwrap();
        assert_eq!(
            verify(&t, &secret, "oseh-journey", None),
            Err(JwtError::Claims)
        );
        // Another algorithm is refused before the signature is looked at.
        let hs512 = jsonwebtoken::encode(&Header::new(Algorithm::HS512), &base, &key).unwrap();
        assert_eq!(
            verify(&hs512, &secret, "oseh-journey", None),
            Err(JwtError::Algorithm)
        );
    }
}
