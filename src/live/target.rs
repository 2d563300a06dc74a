//! Where and what to watch: the websocket URL, the HTTP base for stats, and
//! the journey itself, resolved from the command line and the journey file.
//! Every URL goes through a real URL parser: the host that decides whether
//! the JWT may travel in plain text is the host the connection goes to.

use super::error::LiveError;
use crate::process::files::read_small_text;
use journeytop_protocol::text::sanitize;
use journeytop_protocol::{JourneySpec, Jwt, Prompt, Variant};
use std::path::PathBuf;
use url::{Host, Url};

/// A parsed websocket or HTTP endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: Url,
}

impl Endpoint {
    /// Parses an absolute URL with a host. Credentials in the URL are
    /// refused: they would travel with every request and show in logs.
    pub fn parse(text: &str) -> Result<Endpoint, String> {
        let shown = sanitize(text);
        let url = Url::parse(text.trim()).map_err(|e| {
            format!("{shown:?} is not a URL ({e}): expected ws://host:port or wss://host")
        })?;
        if url.host().is_none() {
            return Err(format!("{shown:?} has no host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(format!(
                "{:?} carries credentials; give the URL without user:password@",
                sanitize(url.host_str().unwrap_or_default())
            ));
        }
        Ok(Endpoint { url })
    }

    pub fn scheme(&self) -> &str {
        self.url.scheme()
    }

    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// `host[:port]`, as people write it (IPv6 in brackets).
    pub fn authority(&self) -> String {
        let host = self.url.host_str().unwrap_or_default();
        match self.url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_string(),
        }
    }

    /// True when the host is this machine: `localhost` or a loopback address.
    pub fn is_loopback(&self) -> bool {
        match self.url.host() {
            Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        }
    }

    /// Plain text (ws:// or http://) to a host that is not this machine.
    pub fn is_plaintext_off_host(&self) -> bool {
        matches!(self.scheme(), "ws" | "http") && !self.is_loopback()
    }

    pub fn to_url(&self) -> String {
        self.url.as_str().to_string()
    }
}

/// The websocket URL for `variant`: the variant's path is appended unless
/// the URL already has one; http(s) becomes ws(s).
pub fn websocket_url(base: &str, variant: Variant) -> Result<Endpoint, String> {
    let mut ep = Endpoint::parse(base)?;
    let scheme = match ep.scheme() {
        "ws" | "http" => "ws",
        "wss" | "https" => "wss",
        other => {
            return Err(format!(
                "unsupported scheme {:?}: use ws:// or wss://",
                sanitize(other)
            ));
        }
    };
    // ws, wss, http and https are all "special" schemes: switching among
    // them cannot fail.
    let _ = ep.url.set_scheme(scheme);
    if ep.url.path().is_empty() || ep.url.path() == "/" {
        ep.url.set_path(variant.ws_path());
    }
    ep.url.set_fragment(None);
    Ok(ep)
}

/// The HTTP API base: http(s) only, without a trailing slash.
pub fn api_url(base: &str) -> Result<Endpoint, String> {
    let ep = Endpoint::parse(base)?;
    match ep.scheme() {
        "http" | "https" => Ok(ep),
        other => Err(format!(
            "unsupported API scheme {:?}: use http:// or https://",
            sanitize(other)
        )),
    }
}

impl Endpoint {
    /// The base for API paths: the URL without a trailing slash.
    pub fn api_base(&self) -> String {
        self.to_url().trim_end_matches('/').to_string()
    }
}

/// The HTTP origin of a websocket URL (the simulator serves both on one port).
pub fn http_origin(ws: &Endpoint) -> String {
    let scheme = if ws.scheme() == "wss" {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{}", ws.authority())
}

/// Everything `watch` needs, resolved.
#[derive(Debug, Clone)]
pub struct Target {
    pub spec: JourneySpec,
    pub ws: Endpoint,
    pub api: Option<Endpoint>,
}

impl Target {
    /// The API base for stats: the given one, or — when the server is on
    /// this machine (the simulator) — its own origin.
    pub fn api_base(&self) -> Option<String> {
        match &self.api {
            Some(api) => Some(api.api_base()),
            None => self.ws.is_loopback().then(|| http_origin(&self.ws)),
        }
    }

    /// Refuses plain text to another machine unless `allow` (then warns):
    /// the JWT travels in the handshake and in the stats requests.
    pub fn check_plaintext(&self, allow: bool) -> Result<(), LiveError> {
        let mut exposed: Vec<&Endpoint> = vec![&self.ws];
        exposed.extend(self.api.as_ref());
        for ep in exposed.into_iter().filter(|e| e.is_plaintext_off_host()) {
            let what = format!(
                "{}://{} is plain text to a host that is not this machine: the JWT would travel unencrypted",
                ep.scheme(),
                sanitize(&ep.authority())
            );
            if !allow {
                return Err(LiveError::input(format!(
                    "{what}. Use wss:// / https:// if the server offers it, or pass --allow-plaintext to send it anyway"
                )));
            }
            eprintln!("journeytop: warning: {what} (--allow-plaintext)");
        }
        Ok(())
    }
}

/// What the user said about the journey and the server.
#[derive(Debug, Clone, Default)]
pub struct TargetArgs {
    pub journey_file: Option<PathBuf>,
    pub uid: Option<String>,
    pub jwt_file: Option<PathBuf>,
    pub prompt_file: Option<PathBuf>,
    pub duration: Option<f64>,
    pub server: Option<String>,
    pub api: Option<String>,
    pub variant: Option<Variant>,
}

/// Resolves the journey, server and API from the arguments. `env_jwt` is the
/// value of JOURNEYTOP_JWT, if set.
pub fn resolve(args: &TargetArgs, env_jwt: Option<String>) -> Result<Target, LiveError> {
    let spec = match &args.journey_file {
        Some(path) => JourneySpec::from_json(&read_small_text(path, "journey file")?)
            .map_err(|e| file_error(path, &e))?,
        None => spec_from_flags(args, env_jwt)?,
    };
    finish(spec, args)
}

/// Like [`resolve`], but a journey file may hold a JSON array of journeys:
/// one target each, in order.
pub fn resolve_many(args: &TargetArgs, env_jwt: Option<String>) -> Result<Vec<Target>, LiveError> {
    let Some(path) = &args.journey_file else {
        return Ok(vec![resolve(args, env_jwt)?]);
    };
    JourneySpec::many_from_json(&read_small_text(path, "journey file")?)
        .map_err(|e| file_error(path, &e))?
        .into_iter()
        .map(|spec| finish(spec, args))
        .collect()
}

fn file_error(path: &std::path::Path, e: &journeytop_protocol::JourneyFileError) -> LiveError {
    LiveError::input(format!(
        "{}: {}",
        sanitize(&path.display().to_string()),
        sanitize(&e.to_string())
    ))
}

/// The command line's overrides, the websocket URL and the API base.
pub fn finish(mut spec: JourneySpec, args: &TargetArgs) -> Result<Target, LiveError> {
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
        .ok_or_else(|| LiveError::input("no server: pass --server ws://host:port (or wss://…), or add a \"server\" key to the journey file"))?;
    let ws = websocket_url(&base, spec.variant).map_err(LiveError::Input)?;
    let api = match args.api.clone().or_else(|| spec.api.clone()) {
        Some(a) => Some(api_url(&a).map_err(LiveError::Input)?),
        None => None,
    };
    Ok(Target { spec, ws, api })
}

/// A journey described by flags: `--uid`, the JWT, `--prompt-file`, `--duration`.
fn spec_from_flags(args: &TargetArgs, env_jwt: Option<String>) -> Result<JourneySpec, LiveError> {
    let uid = args
        .uid
        .clone()
        .ok_or_else(|| LiveError::input("give --journey-file, or --uid with a JWT"))?;
    let jwt = match (&args.jwt_file, env_jwt) {
        (Some(p), _) => read_small_text(p, "JWT file")?,
        (None, Some(j)) => j,
        (None, None) => {
            return Err(LiveError::input(
                "no JWT: put it in a file and pass --jwt-file PATH, or set JOURNEYTOP_JWT",
            ));
        }
    };
    let jwt = Jwt::new(jwt);
    if jwt.is_empty() {
        return Err(LiveError::input("the JWT is empty"));
    }
    let prompt = match &args.prompt_file {
        Some(p) => Some(
            Prompt::from_json(&read_small_text(p, "prompt file")?).map_err(|e| {
                LiveError::input(format!(
                    "{}: {}",
                    sanitize(&p.display().to_string()),
                    sanitize(&e.to_string())
                ))
            })?,
        ),
        None => None,
    };
    let duration = args.duration.ok_or_else(|| {
        LiveError::input(
            "--duration SECS is needed with --uid (the journey file carries it otherwise)",
        )
    })?;
    let variant = args
        .variant
        .or_else(|| Variant::from_uid(&uid))
        .unwrap_or(Variant::InteractivePrompts);
    Ok(JourneySpec {
        variant,
        uid,
        jwt,
        session_uid: None,
        prompt,
        duration,
        lobby: None,
        server: None,
        api: None,
    })
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
        assert_eq!(ep.path(), "/custom/live");
        let ep = websocket_url("https://example.com", Variant::Journeys).unwrap();
        assert_eq!(ep.scheme(), "wss");
        assert!(websocket_url("ftp://x", Variant::Journeys).is_err());
        assert!(websocket_url("nonsense", Variant::Journeys).is_err());
    }

    #[test]
    fn loopback_detection() {
        for url in [
            "ws://127.0.0.1:1",
            "ws://localhost",
            "ws://LOCALHOST:9",
            "ws://[::1]:80",
            "ws://127.9.9.9",
        ] {
            assert!(Endpoint::parse(url).unwrap().is_loopback(), "{url}");
        }
        for url in [
            "ws://10.0.0.1",
            "ws://example.com:80",
            "ws://[2001:db8::1]:1",
            "ws://[::ffff:7f00:1]:1",
        ] {
            assert!(!Endpoint::parse(url).unwrap().is_loopback(), "{url}");
        }
        let ep = Endpoint::parse("ws://127.0.0.1:8765/api/2/journeys/live").unwrap();
        assert_eq!(http_origin(&ep), "http://127.0.0.1:8765");
        let ep = Endpoint::parse("ws://[::1]:8765/x").unwrap();
        assert_eq!(http_origin(&ep), "http://[::1]:8765");
    }

    /// The host is the one the connection goes to, whatever the text after
    /// `?`, `#` or `@` pretends.
    #[test]
    fn tricks_that_put_loopback_in_the_text_are_not_loopback() {
        for url in [
            "ws://far.example:9?@127.0.0.1",
            "ws://far.example:9#@127.0.0.1",
            "ws://far.example/path@127.0.0.1",
            "ws://far.example:9/?x=@localhost",
            "ws://[2001:db8::1]:9?@[::1]",
        ] {
            let ep = websocket_url(url, Variant::Journeys).unwrap();
            assert!(!ep.is_loopback(), "{url} parsed as loopback");
            assert!(ep.is_plaintext_off_host(), "{url}");
        }
        // Credentials are refused outright (userinfo before the real host).
        for url in ["ws://127.0.0.1@far.example:9", "ws://u:p@localhost:9"] {
            assert!(Endpoint::parse(url).is_err(), "{url}");
        }
    }

    #[test]
    fn plaintext_off_host_is_refused_unless_allowed() {
        let spec = JourneySpec::from_json(
            r#"{"uid":"oseh_ip_x","jwt":"a.b.c","duration_seconds":20,
                "prompt":{"style":"press","text":"Hold"}}"#,
        )
        .unwrap();
        let target = |ws: &str, api: Option<&str>| Target {
            spec: spec.clone(),
            ws: websocket_url(ws, Variant::InteractivePrompts).unwrap(),
            api: api.map(|a| api_url(a).unwrap()),
        };
        assert!(
            target("ws://127.0.0.1:1", None)
                .check_plaintext(false)
                .is_ok()
        );
        assert!(
            target("wss://far.example", Some("https://far.example"))
                .check_plaintext(false)
                .is_ok()
        );
        let e = target("ws://far.example:9?@127.0.0.1", None)
            .check_plaintext(false)
            .unwrap_err();
        assert!(e.to_string().contains("--allow-plaintext"), "{e}");
        // The stats requests carry the JWT too.
        assert!(
            target("wss://far.example", Some("http://far.example"))
                .check_plaintext(false)
                .is_err()
        );
        assert!(
            target("ws://far.example", None)
                .check_plaintext(true)
                .is_ok()
        );
    }
}
