//! Where and what to watch: the websocket URL, the HTTP base for stats, and
//! the journey itself, resolved from the command line and the journey file.

use crate::cli::WatchArgs;
use crate::exit::Fatal;
use journeytop_protocol::{JourneySpec, Jwt, Prompt, Variant};

/// Splits `scheme://authority/path?query` without pulling in a URL crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub scheme: String,
    pub authority: String,
    pub path: String,
}

impl Endpoint {
    pub fn parse(url: &str) -> Result<Endpoint, String> {
        let (scheme, rest) = url.split_once("://").ok_or_else(|| {
            format!("{url:?} is not a URL (expected ws://host:port or wss://host)")
        })?;
        let scheme = scheme.to_ascii_lowercase();
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.is_empty() {
            return Err(format!("{url:?} has no host"));
        }
        Ok(Endpoint {
            scheme,
            authority: authority.to_string(),
            path: path.to_string(),
        })
    }

    /// The host without port or brackets.
    pub fn host(&self) -> &str {
        let a = self
            .authority
            .rsplit_once('@')
            .map_or(self.authority.as_str(), |(_, h)| h);
        if let Some(rest) = a.strip_prefix('[') {
            return rest.split(']').next().unwrap_or(rest);
        }
        a.split(':').next().unwrap_or(a)
    }

    pub fn is_loopback(&self) -> bool {
        let h = self.host();
        h.eq_ignore_ascii_case("localhost")
            || h.parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    pub fn to_url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.authority, self.path)
    }
}

/// The websocket URL for `variant`: the variant's path is appended unless
/// the URL already has one.
pub fn websocket_url(base: &str, variant: Variant) -> Result<Endpoint, String> {
    let mut ep = Endpoint::parse(base)?;
    match ep.scheme.as_str() {
        "ws" | "wss" => {}
        "http" => ep.scheme = "ws".into(),
        "https" => ep.scheme = "wss".into(),
        other => return Err(format!("unsupported scheme {other:?}: use ws:// or wss://")),
    }
    if ep.path.is_empty() || ep.path == "/" {
        ep.path = variant.ws_path().to_string();
    }
    Ok(ep)
}

/// The HTTP origin of a websocket URL (the simulator serves both on one port).
pub fn http_origin(ws: &Endpoint) -> String {
    let scheme = if ws.scheme == "wss" { "https" } else { "http" };
    format!("{scheme}://{}", ws.authority)
}

/// Everything `watch` needs, resolved.
#[derive(Debug, Clone)]
pub struct Target {
    pub spec: JourneySpec,
    pub ws: Endpoint,
    pub api: Option<String>,
}

fn read_text(path: &std::path::Path, what: &str) -> Result<String, Fatal> {
    std::fs::read_to_string(path)
        .map_err(|e| Fatal::usage(format!("cannot read the {what} {}: {e}", path.display())))
}

/// Resolves the journey, server and API from the arguments. `env_jwt` is the
/// value of JOURNEYTOP_JWT, if set.
pub fn resolve(args: &WatchArgs, env_jwt: Option<String>) -> Result<Target, Fatal> {
    let mut spec = if let Some(path) = &args.journey_file {
        JourneySpec::from_json(&read_text(path, "journey file")?)
            .map_err(|e| Fatal::usage(format!("{}: {e}", path.display())))?
    } else {
        let uid = args
            .uid
            .clone()
            .ok_or_else(|| Fatal::usage("give --journey-file, or --uid with a JWT"))?;
        let jwt = match (&args.jwt_file, env_jwt) {
            (Some(p), _) => read_text(p, "JWT file")?,
            (None, Some(j)) => j,
            (None, None) => {
                return Err(Fatal::usage(
                    "no JWT: put it in a file and pass --jwt-file PATH, or set JOURNEYTOP_JWT",
                ));
            }
        };
        let jwt = Jwt::new(jwt);
        if jwt.is_empty() {
            return Err(Fatal::usage("the JWT is empty"));
        }
        let prompt = match &args.prompt_file {
            Some(p) => Some(
                Prompt::from_json(&read_text(p, "prompt file")?)
                    .map_err(|e| Fatal::usage(format!("{}: {e}", p.display())))?,
            ),
            None => None,
        };
        let duration = args.duration.ok_or_else(|| {
            Fatal::usage(
                "--duration SECS is needed with --uid (the journey file carries it otherwise)",
            )
        })?;
        if !(duration.is_finite() && duration > 0.0) {
            return Err(Fatal::usage(format!(
                "--duration must be positive, got {duration}"
            )));
        }
        let variant = args
            .variant
            .or_else(|| Variant::from_uid(&uid))
            .unwrap_or(Variant::InteractivePrompts);
        JourneySpec {
            variant,
            uid,
            jwt,
            session_uid: None,
            prompt,
            duration,
            lobby: None,
            server: None,
            api: None,
        }
    };
    if let Some(v) = args.variant {
        spec.variant = v;
    }
    if let Some(d) = args.duration {
        spec.duration = d;
    }
    let base = args
        .server
        .clone()
        .or_else(|| spec.server.clone())
        .ok_or_else(|| Fatal::usage("no server: pass --server ws://host:port (or wss://…), or add a \"server\" key to the journey file"))?;
    let ws = websocket_url(&base, spec.variant).map_err(Fatal::usage)?;
    let api = args
        .api
        .clone()
        .or_else(|| spec.api.clone())
        .map(|a| a.trim_end_matches('/').to_string());
    Ok(Target { spec, ws, api })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_path_is_appended_unless_present() {
        let ep = websocket_url("ws://127.0.0.1:8765", Variant::Journeys).unwrap();
        assert_eq!(ep.to_url(), "ws://127.0.0.1:8765/api/2/journeys/live");
        let ep = websocket_url("wss://example.com/", Variant::InteractivePrompts).unwrap();
        assert_eq!(
            ep.to_url(),
            "wss://example.com/api/2/interactive_prompts/live"
        );
        let ep = websocket_url("wss://example.com/custom/live", Variant::Journeys).unwrap();
        assert_eq!(ep.path, "/custom/live");
        assert!(websocket_url("ftp://x", Variant::Journeys).is_err());
        assert!(websocket_url("nonsense", Variant::Journeys).is_err());
    }

    #[test]
    fn loopback_detection() {
        for url in [
            "ws://127.0.0.1:1",
            "ws://localhost",
            "ws://[::1]:80",
            "ws://127.9.9.9",
        ] {
            assert!(Endpoint::parse(url).unwrap().is_loopback(), "{url}");
        }
        for url in [
            "ws://10.0.0.1",
            "ws://example.com:80",
            "ws://[2001:db8::1]:1",
        ] {
            assert!(!Endpoint::parse(url).unwrap().is_loopback(), "{url}");
        }
        let ep = Endpoint::parse("ws://127.0.0.1:8765/api/2/journeys/live").unwrap();
        assert_eq!(http_origin(&ep), "http://127.0.0.1:8765");
    }
}
