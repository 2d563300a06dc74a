//! The stats poller (§5, §6.3): like the current Oseh clients, show the last
//! *completed* bin, prefetch the next, and retry at 1, 2 and 4 s. Each
//! response is loaded into the engine's totals scope.

use crate::channel::InputSender;
use crate::clock::JourneyClock;
use journeytop_engine::{Input, Stamped};
use journeytop_protocol::{Bins, JourneySpec, StatsResponse};
use std::time::Duration;

/// The largest stats response read (a real one is a few hundred bytes);
/// the body is read in chunks and abandoned beyond this.
pub const MAX_BODY: usize = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    #[error("the stats endpoint refused the JWT (403)")]
    Forbidden,
    #[error("the stats endpoint has no bin {0} (404)")]
    NoBin(usize),
    #[error("the stats endpoint answered HTTP {0}")]
    Status(u16),
    #[error("stats request failed: {0}")]
    Transport(String),
    #[error("stats response is not in the expected shape: {0}")]
    Shape(String),
    #[error("the stats response is larger than {} bytes; abandoned", MAX_BODY)]
    TooLarge,
}

pub const RETRIES: [Duration; 3] = [
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
];

/// One journey's stats endpoint, made once: its URL with the journey's uid
/// and its JWT header (marked sensitive, so no debug print shows it). Each
/// poll only adds `bin`; a URL that cannot be made ends the polling once,
/// rather than failing every bin.
#[derive(Debug, Clone)]
pub struct Endpoint {
    url: reqwest::Url,
    auth: reqwest::header::HeaderValue,
    prompt: Option<journeytop_protocol::Prompt>,
}

impl Endpoint {
    pub fn new(api: &str, spec: &JourneySpec) -> Result<Endpoint, StatsError> {
        let mut url = reqwest::Url::parse(&format!("{api}{}", spec.variant.stats_path()))
            .map_err(|e| StatsError::Transport(format!("the stats URL is not valid: {e}")))?;
        url.query_pairs_mut().append_pair("uid", spec.uid.as_str());
        let mut auth =
            reqwest::header::HeaderValue::try_from(format!("bearer {}", spec.jwt.expose()))
                .map_err(|_| StatsError::Transport("the JWT cannot be sent in a header".into()))?;
        // Never shown by a Debug print or a log.
        auth.set_sensitive(true);
        Ok(Endpoint {
            url,
            auth,
            prompt: spec.prompt.clone(),
        })
    }
}

/// Fetches one bin once.
pub async fn fetch(
    http: &reqwest::Client,
    endpoint: &Endpoint,
    bin: usize,
) -> Result<StatsResponse, StatsError> {
    let mut url = endpoint.url.clone();
    url.query_pairs_mut().append_pair("bin", &bin.to_string());
    let resp = http
        .get(url)
        .header(reqwest::header::AUTHORIZATION, endpoint.auth.clone())
        .send()
        .await
        // reqwest errors name the URL, never the headers.
        .map_err(|e| StatsError::Transport(e.without_url().to_string()))?;
    match resp.status().as_u16() {
        200 => {}
        403 => return Err(StatsError::Forbidden),
        404 => return Err(StatsError::NoBin(bin)),
        s => return Err(StatsError::Status(s)),
    }
    let body = read_capped(resp, MAX_BODY).await?;
    let mut response: StatsResponse = serde_json::from_slice(&body)
        .map_err(|e| StatsError::Shape(journeytop_protocol::text::for_log(&e.to_string())))?;
    // The same checks the engine applies: keys the prompt cannot hold go.
    let dropped = response.fit_to(endpoint.prompt.as_ref());
    if dropped > 0 {
        tracing::warn!(
            bin,
            dropped,
            "stats entries the prompt cannot hold, dropped"
        );
    }
    Ok(response)
}

/// Reads a body chunk by chunk, giving up as soon as it passes `max` bytes
/// (an endless body costs at most `max` bytes and the request's timeout).
async fn read_capped(mut resp: reqwest::Response, max: usize) -> Result<Vec<u8>, StatsError> {
    if resp.content_length().is_some_and(|n| n > max as u64) {
        return Err(StatsError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| StatsError::Transport(e.without_url().to_string()))?
    {
        if body.len() + chunk.len() > max {
            return Err(StatsError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// What a fetch with retries came to.
#[derive(Debug)]
pub enum Fetched {
    Got(StatsResponse),
    /// The endpoint refused the JWT: retrying, or asking for another bin,
    /// cannot help.
    Refused,
    /// Every try failed.
    Failed,
}

/// Fetches with the client's retry schedule (a 403 is not retried).
pub async fn fetch_with_retries(
    http: &reqwest::Client,
    endpoint: &Endpoint,
    bin: usize,
    retries: &[Duration],
) -> Fetched {
    let mut waits = retries.iter();
    loop {
        match fetch(http, endpoint, bin).await {
            Ok(r) => return Fetched::Got(r),
            Err(StatsError::Forbidden) => {
                tracing::warn!(bin, "the stats endpoint refused the JWT; no more stats");
                return Fetched::Refused;
            }
            Err(e) => {
                tracing::warn!(bin, error = %e, "stats fetch failed");
                let Some(wait) = waits.next() else {
                    return Fetched::Failed;
                };
                tokio::time::sleep(*wait).await;
            }
        }
    }
}

/// Polls until the journey is over: at each bin boundary of our clock, loads
/// the last completed bin (prefetched while the previous one showed). A bin
/// that can only repeat the answer of a bin before it ([`Bins::answer_of`]:
/// the interactive server bins whole seconds, so with bins narrower than a
/// second up to half hold none) is neither asked for nor sent: the answer
/// on screen already holds for it (docs/PROTOCOL.md §6.3).
pub async fn poll(
    http: reqwest::Client,
    api: String,
    spec: JourneySpec,
    clock: JourneyClock,
    tx: InputSender,
    retries: Vec<Duration>,
) {
    let endpoint = match Endpoint::new(&api, &spec) {
        Ok(e) => e,
        Err(e) => {
            tracing::warn!(error = %e, "no stats");
            return;
        }
    };
    let bins = Bins::for_duration(spec.prompt_duration());
    let truncate = spec.variant.stats_truncate_times();
    let last = bins.count.saturating_sub(1);
    let mut shown: Option<usize> = None;
    let mut prefetched: Option<(usize, tokio::task::JoinHandle<Fetched>)> = None;
    loop {
        let now = clock.now();
        // Show bin 0 from the start (nothing is completed yet), as the
        // current clients' max(0, floor(t/w) − 1) does.
        let completed = bins.last_completed(now).unwrap_or(0).min(last);
        let want = bins.answer_of(completed, truncate);
        if shown != Some(want) {
            let fetched = match prefetched.take() {
                Some((b, handle)) if b == want => handle.await.unwrap_or(Fetched::Failed),
                _ => fetch_with_retries(&http, &endpoint, want, &retries).await,
            };
            if let Fetched::Refused = fetched {
                return;
            }
            if let Fetched::Got(response) = fetched {
                let _ = tx
                    .send(Stamped {
                        at: clock.now(),
                        input: Input::Stats {
                            bin: want,
                            response,
                        },
                    })
                    .await;
                shown = Some(want);
            }
            if want < last {
                let (http, endpoint, retries) = (http.clone(), endpoint.clone(), retries.clone());
                let next = bins.next_answer(want, truncate);
                prefetched = Some((
                    next,
                    tokio::spawn(async move {
                        fetch_with_retries(&http, &endpoint, next, &retries).await
                    }),
                ));
            }
        }
        if shown == Some(last) && now > spec.prompt_duration() {
            return; // the final bin holds the whole journey
        }
        if tx.is_closed() {
            return;
        }
        // Sleep until the next bin that can answer differently completes.
        let next_boundary = bins.end_of(bins.next_answer(completed, truncate));
        let wait = if clock.is_started() {
            (next_boundary - clock.now()).clamp(0.05, 2.0)
        } else {
            0.2
        };
        tokio::time::sleep(Duration::from_secs_f64(wait)).await;
    }
}
