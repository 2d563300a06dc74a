//! `journeytop ticket`: a journey file from the Oseh API, with the user's id
//! token; `watch --public` uses it to get the ticket and watch in one step.

use crate::cli::{AskArgs, TicketArgs};
use crate::live::LiveError;
use crate::live::target::api_url;
use crate::live::ticket::{Ask, fetch};
use crate::process::exit::Fatal;
use crate::process::files::read_small_text;
use journeytop_protocol::{JourneySpec, Jwt};
use std::io::Write;

/// The id token: from the file, else JOURNEYTOP_TOKEN.
fn token(args: &AskArgs) -> Result<Jwt, Fatal> {
    let text = match &args.token_file {
        Some(p) => read_small_text(p, "token file").map_err(|e| Fatal::usage(e.to_string()))?,
        None => std::env::var("JOURNEYTOP_TOKEN").map_err(|_| {
            Fatal::usage(
                "no id token: put it in a file and pass --token-file PATH, or set JOURNEYTOP_TOKEN",
            )
        })?,
    };
    let token = Jwt::new(text.trim().to_string());
    if token.is_empty() {
        return Err(Fatal::usage("the id token is empty"));
    }
    Ok(token)
}

fn ask(args: &AskArgs) -> Result<Ask, Fatal> {
    match (&args.public, &args.journey_uid, &args.journey_jwt_file) {
        (Some(id), _, _) => Ok(Ask::Public(id.clone())),
        (None, Some(uid), Some(f)) => {
            let jwt =
                read_small_text(f, "journey JWT file").map_err(|e| Fatal::usage(e.to_string()))?;
            Ok(Ask::Journey {
                uid: uid.clone(),
                jwt: Jwt::new(jwt.trim().to_string()),
            })
        }
        _ => Err(Fatal::usage(
            "say which ticket: --public IDENTIFIER, or --journey-uid UID with --journey-jwt-file PATH",
        )),
    }
}

/// Gets the ticket: the journey file, with `server` and `api` set to `api`.
pub(super) async fn get(api: &str, args: &AskArgs) -> Result<JourneySpec, Fatal> {
    let token = token(args)?;
    let ask = ask(args)?;
    let endpoint = api_url(api).map_err(Fatal::usage)?;
    if endpoint.is_plaintext_off_host() {
        let what = format!(
            "{} is plain text to a host that is not this machine: the id token would travel unencrypted",
            crate::ui::text::sanitize(&endpoint.authority())
        );
        if !args.allow_plaintext {
            return Err(Fatal::usage(format!(
                "{what}. Use https://, or pass --allow-plaintext"
            )));
        }
        eprintln!("journeytop: warning: {what} (--allow-plaintext)");
    }
    let http = reqwest::Client::builder()
        .use_rustls_tls()
        .build()
        .map_err(|e| Fatal::from(LiveError::input(format!("HTTP client: {e}"))))?;
    Ok(fetch(&http, api, &token, &ask).await?)
}

pub(super) async fn run(args: TicketArgs) -> Result<(), Fatal> {
    let spec = get(&args.api, &args.ask).await?;
    let file = serde_json::to_string_pretty(&spec.to_json()).unwrap_or_default();
    writeln!(std::io::stdout().lock(), "{file}")
        .map_err(|e| crate::process::exit::stdout_failed(&e))
}
