//! The stats poller against a scripted endpoint: the 1/2/4 s retry schedule
//! (scaled down here), no retry and no more polling after a 403, and the
//! prefetched bin used rather than fetched again.

#[path = "common/stats_server.rs"]
mod stats_server;

use journeytop::channel::{InputReceiver, input_channel};
use journeytop::clock::JourneyClock;
use journeytop::live::stats;
use journeytop_engine::Input;
use journeytop_protocol::{Bins, JourneySpec, Jwt, Prompt, Style, Variant};
use stats_server::{StatsServer, stats_server};
use std::time::Duration;

/// A 20 s word prompt: 31 bins of 0.645 s.
fn spec() -> JourneySpec {
    spec_for(Variant::InteractivePrompts)
}

fn spec_for(variant: Variant) -> JourneySpec {
    JourneySpec {
        variant,
        uid: "oseh_ip_stats".into(),
        jwt: Jwt::new("aa.bb.cc"),
        session_uid: None,
        prompt: Some(Prompt::default_for(Style::Word)),
        duration: 20.0,
        lobby: None,
        server: None,
        api: None,
    }
}

fn loaded(rx: &mut InputReceiver) -> Vec<(f64, usize)> {
    let mut out = vec![];
    while let Ok(s) = rx.try_recv() {
        if let Input::Stats { bin, .. } = s.input {
            out.push((s.at, bin));
        }
    }
    out
}

/// Polls `api` from journey time 0 for `run`, with the given retry waits.
async fn poll_for(api: String, run: Duration, retries: &[u64]) -> Vec<(f64, usize)> {
    poll_variant(api, run, retries, Variant::InteractivePrompts).await
}

async fn poll_variant(
    api: String,
    run: Duration,
    retries: &[u64],
    variant: Variant,
) -> Vec<(f64, usize)> {
    let clock = JourneyClock::started(0.0);
    let (tx, mut rx) = input_channel();
    let retries = retries
        .iter()
        .map(|ms| Duration::from_millis(*ms))
        .collect();
    let poller = tokio::spawn(stats::poll(
        reqwest::Client::new(),
        api,
        spec_for(variant),
        clock,
        tx,
        retries,
    ));
    tokio::time::sleep(run).await;
    poller.abort();
    loaded(&mut rx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_fetches_are_retried_on_the_schedule_then_loaded() {
    // Bin 0 fails three times, then answers.
    let server = stats_server(|bin, before| if bin == 0 && before < 3 { 500 } else { 200 }).await;
    let got = poll_for(server.api(), Duration::from_millis(1200), &[100, 200, 400]).await;
    let tries = server.requests_for(0);
    assert_eq!(tries.len(), 4, "one try and three retries");
    let gaps: Vec<u128> = tries
        .windows(2)
        .map(|w| (w[1] - w[0]).as_millis())
        .collect();
    // Each retry waits its turn (the server sees a request a little after
    // the client's timer fires, never before).
    assert!(
        gaps[0] >= 95 && gaps[1] >= 195 && gaps[2] >= 395,
        "{gaps:?}"
    );
    assert_eq!(got.first().map(|(_, b)| *b), Some(0), "{got:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bin_that_keeps_failing_is_given_up_after_the_last_retry() {
    let server = stats_server(|bin, _| if bin == 0 { 503 } else { 200 }).await;
    let got = poll_for(server.api(), Duration::from_millis(1000), &[50, 100, 200]).await;
    assert_eq!(server.requests_for(0).len(), 4, "{:?}", server.requests());
    assert!(got.iter().all(|(_, b)| *b != 0), "{got:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_jwt_stops_the_polling() {
    let server = stats_server(|_, _| 403).await;
    let got = poll_for(server.api(), Duration::from_millis(2500), &[50, 100, 200]).await;
    assert!(got.is_empty());
    // Not retried, and no other bin asked for: the JWT will not get better.
    assert_eq!(server.requests().len(), 1, "{:?}", server.requests());
}

/// Each bin that can answer differently is fetched once, prefetched while
/// the one before shows, and loaded once it is complete. With the
/// interactive variant's whole seconds, a bin holding none (bin 2 of
/// 0.645 s bins: 1.29–1.94 s) repeats the bin before: it is neither asked
/// for nor loaded. The journeys variant asks for every bin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_bin_that_can_differ_is_fetched_once_and_shown_once_it_is_complete() {
    let bins = Bins::for_duration(20.0);
    for variant in Variant::ALL {
        let truncate = variant.stats_truncate_times();
        let server = stats_server(|_, _| 200).await;
        let got = poll_variant(server.api(), Duration::from_millis(3000), &[50], variant).await;
        // 3 s spans bins 0..=3 completing.
        let shown: Vec<usize> = got.iter().map(|(_, b)| *b).collect();
        assert!(shown.len() >= 3, "{variant}: {got:?}");
        // In order, every bin that answers for itself, and no other.
        let expected: Vec<usize> = (0..bins.count)
            .filter(|b| bins.answer_of(*b, truncate) == *b)
            .take(shown.len())
            .collect();
        assert_eq!(shown, expected, "{variant}");
        assert_eq!(shown.contains(&2), !truncate, "{variant}: {shown:?}");
        for (at, bin) in &got {
            // The bin shown answers for the last completed one when it is
            // loaded (bin 0 from the start); loading may just cross the
            // next boundary.
            let done = bins.last_completed(*at).unwrap_or(0);
            let want = bins.answer_of(done, truncate);
            let before = bins.answer_of(done.saturating_sub(1), truncate);
            assert!(
                *bin == want || *bin == before,
                "{variant}: bin {bin} at {at}"
            );
        }
        // The next bin is prefetched while one shows, and that fetch is
        // used: no bin is asked for twice, and none that only repeats.
        let requests = server.requests();
        for bin in 0..=shown.last().copied().unwrap_or(0) + 2 {
            let n = requests.iter().filter(|(b, _)| *b == bin).count();
            let most = usize::from(bins.answer_of(bin, truncate) == bin);
            assert!(
                n <= most,
                "{variant}: bin {bin} fetched {n} times: {requests:?}"
            );
        }
        let next = bins.next_answer(*shown.last().unwrap(), truncate);
        assert!(requests.iter().all(|(b, _)| *b <= next), "{variant}");
    }
}

/// The endpoint of [`spec`] at `api`.
fn endpoint(api: &str) -> stats::Endpoint {
    stats::Endpoint::new(api, &spec()).unwrap()
}

/// Bin 0 fetched with the production retry schedule.
async fn fetch_bin_zero(server: &StatsServer) -> stats::Fetched {
    stats::fetch_with_retries(
        &reqwest::Client::new(),
        &endpoint(&server.api()),
        0,
        &stats::RETRIES,
    )
    .await
}

/// The tries for bin 0 were exactly 1, 2 and 4 s apart.
fn assert_waits_one_two_four(server: &StatsServer) {
    let tries = server.requests_for(0);
    let gaps: Vec<Duration> = tries.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(gaps, [1, 2, 4].map(Duration::from_secs), "{tries:?}");
}

/// The production schedule itself, on paused time: the waits between the
/// tries are exactly 1, 2 and 4 s (time only moves when every task waits,
/// straight to the next timer, so nothing else can stretch a gap).
#[tokio::test(start_paused = true)]
async fn the_production_retries_wait_exactly_one_two_and_four_seconds() {
    let server = stats_server(|bin, before| if bin == 0 && before < 3 { 500 } else { 200 }).await;
    let got = fetch_bin_zero(&server).await;
    assert!(matches!(got, stats::Fetched::Got(_)), "{got:?}");
    assert_waits_one_two_four(&server);
}

#[tokio::test(start_paused = true)]
async fn after_the_last_retry_the_fetch_gives_up() {
    let server = stats_server(|_, _| 503).await;
    let got = fetch_bin_zero(&server).await;
    assert!(matches!(got, stats::Fetched::Failed), "{got:?}");
    assert_waits_one_two_four(&server);
}

#[tokio::test(start_paused = true)]
async fn a_403_is_not_retried() {
    let server = stats_server(|_, _| 403).await;
    let got = fetch_bin_zero(&server).await;
    assert!(matches!(got, stats::Fetched::Refused), "{got:?}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn the_production_retry_schedule_is_one_two_four_seconds() {
    assert_eq!(
        stats::RETRIES,
        [1, 2, 4].map(Duration::from_secs),
        "the current Oseh clients' schedule"
    );
}

/// Issue 11: a stats body past 1 MiB is abandoned — declared, undeclared
/// or endless — after at most about that much is read, never gigabytes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stats_body_over_one_mib_is_abandoned_early() {
    use stats_server::{HugeBody, huge_body_server};
    use std::sync::atomic::Ordering;
    for mode in [
        HugeBody::Endless,
        HugeBody::Declared(1 << 30),
        HugeBody::Undeclared(64 << 20),
    ] {
        let (addr, sent) = huge_body_server(mode).await;
        let began = std::time::Instant::now();
        let got = stats::fetch(
            &reqwest::Client::new(),
            &endpoint(&format!("http://{addr}")),
            0,
        )
        .await;
        assert!(
            matches!(got, Err(stats::StatsError::TooLarge)),
            "{mode:?}: {got:?}"
        );
        // The server may have filled the socket buffers too, but nothing
        // near what it would send to a reader that kept going.
        let written = sent.load(Ordering::SeqCst);
        assert!(written < 32 << 20, "{mode:?}: {written} bytes sent");
        assert!(
            began.elapsed() < Duration::from_secs(8),
            "{mode:?}: {:?}",
            began.elapsed()
        );
    }
    // Just under the cap is read (spaces are JSON whitespace).
    let (addr, _) = huge_body_server(HugeBody::Undeclared((1 << 20) - 1)).await;
    let got = stats::fetch(
        &reqwest::Client::new(),
        &endpoint(&format!("http://{addr}")),
        0,
    )
    .await;
    assert!(got.is_ok(), "{got:?}");
}

/// The endpoint is made once per journey; its JWT header is marked
/// sensitive, so a debug print of it shows no token.
#[test]
fn the_endpoint_never_prints_its_jwt() {
    let printed = format!("{:?}", endpoint("http://127.0.0.1:9"));
    assert!(printed.contains("oseh_ip_stats"), "{printed}");
    assert!(!printed.contains("aa.bb.cc"), "{printed}");
    assert!(stats::Endpoint::new("not a url", &spec()).is_err());
}
