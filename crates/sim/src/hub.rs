//! The simulated journey's server-side state and its one event path:
//! validate → append to the log → update the Fenwick trees (the journal) →
//! fan out to every connected socket. Crowd events and HTTP POSTs both come
//! through [`Hub::publish`].

use super::journal::{Journal, RuleError};
use super::jwt::{self, Secret};
use super::rng::random_uid_tail;
use super::timings::Timings;
use journeytop_protocol::{Event, Icon, Jwt, Prompt, Variant};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Instant;
use tokio::sync::broadcast;

/// An event as fanned out: when it was published (for the window filter),
/// and its wire JSON, encoded by the first socket that sends it and shared
/// by every other one ([`Hub::wire`]).
#[derive(Debug)]
pub(crate) struct Published {
    pub(crate) at: Instant,
    pub(crate) event: Arc<Event>,
    wire: OnceLock<Box<str>>,
}

/// Lifetime of the image JWTs minted for icons (the real ones are short).
const ICON_JWT_SECONDS: i64 = 3600;
/// Broadcast buffer per subscriber; a socket further behind than this is
/// slower than the send timeout would allow anyway.
const FANOUT_BUFFER: usize = 1 << 16;

#[derive(Debug)]
pub struct Hub {
    pub(crate) variant: Variant,
    pub(crate) uid: String,
    pub(crate) prompt: Prompt,
    /// What the websocket's auto-close counts from.
    pub(crate) socket_duration: f64,
    pub(crate) secret: Secret,
    /// The websocket's timings (the real server's unless a test sets them).
    pub(crate) timings: Timings,
    pub(crate) started: Instant,
    journal: Mutex<Journal>,
    fanout: broadcast::Sender<Arc<Published>>,
    /// Events encoded to JSON for the sockets, each once at most.
    event_encodes: AtomicU64,
    next_connection: AtomicU64,
    streaming: std::sync::atomic::AtomicUsize,
    /// Flipped to true when the simulator stops: every socket drops at once.
    stopping: tokio::sync::watch::Sender<bool>,
    /// What each connection was sent and when it ended, when recording is
    /// on (tests).
    record: Option<Mutex<Record>>,
}

impl Hub {
    pub(crate) fn new(
        variant: Variant,
        uid: String,
        prompt: Prompt,
        duration: f64,
        secret: Secret,
        timings: Timings,
        record_deliveries: bool,
    ) -> Hub {
        let (fanout, _) = broadcast::channel(FANOUT_BUFFER);
        Hub {
            journal: Mutex::new(Journal::new(variant, prompt.clone(), duration).with_limits(
                timings.journal_events,
                super::journal::LOG_BYTES,
                timings.journal_sessions,
            )),
            variant,
            uid,
            prompt,
            socket_duration: duration,
            secret,
            timings,
            started: Instant::now(),
            fanout,
            event_encodes: AtomicU64::new(0),
            next_connection: AtomicU64::new(1),
            streaming: std::sync::atomic::AtomicUsize::new(0),
            stopping: tokio::sync::watch::Sender::new(false),
            record: record_deliveries.then(|| Mutex::new(Record::default())),
        }
    }

    /// The journey's (or prompt's) uid.
    pub fn uid(&self) -> &str {
        &self.uid
    }

    pub fn journal(&self) -> MutexGuard<'_, Journal> {
        // A poisoned lock only means a panic elsewhere; the data is intact.
        self.journal.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The one event path. On success the event (with its icon's image JWT
    /// minted) has been logged and fanned out.
    pub fn publish(&self, mut event: Event) -> Result<Arc<Event>, RuleError> {
        if let Some(icon) = &mut event.icon
            && icon.jwt.is_empty()
        {
            **icon = Icon {
                uid: icon.uid.clone(),
                jwt: Jwt::new(jwt::issue(
                    &icon.uid,
                    "oseh-image",
                    ICON_JWT_SECONDS,
                    &self.secret,
                )),
            };
        }
        let event = Arc::new(self.journal().submit(event)?.clone());
        // No subscribers is fine: nobody is watching.
        let _ = self.fanout.send(Arc::new(Published {
            at: Instant::now(),
            event: event.clone(),
            wire: OnceLock::new(),
        }));
        Ok(event)
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.fanout.subscribe()
    }

    /// The event as this hub's variant writes it in a batch: encoded the
    /// first time a socket asks, then shared, so a batch costs each socket a
    /// splice, not an encode per event.
    pub(crate) fn wire<'a>(&self, published: &'a Published) -> &'a str {
        published.wire.get_or_init(|| {
            self.event_encodes.fetch_add(1, Ordering::Relaxed);
            published.event.encode_wire(self.variant).into_boxed_str()
        })
    }

    /// How many events have been encoded for the sockets (each once, however
    /// many sockets took it; never one that no socket took).
    pub fn event_encodes(&self) -> u64 {
        self.event_encodes.load(Ordering::Relaxed)
    }

    /// `oseh_packet_` + a random uid tail, as the server names packets.
    pub(crate) fn packet_uid(&self) -> String {
        let mut out = String::with_capacity(34);
        out.push_str("oseh_packet_");
        random_uid_tail(&mut out);
        out
    }

    /// Registers a streaming socket; it counts until the guard drops.
    pub(crate) fn streaming_guard(&self) -> StreamingGuard<'_> {
        self.streaming.fetch_add(1, Ordering::Relaxed);
        StreamingGuard {
            hub: self,
            connection: self.next_connection.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Drops every socket, as a killed server would.
    pub(crate) fn stop_all(&self) {
        self.stopping.send_replace(true);
    }

    /// Resolves once the simulator is stopping.
    pub(crate) fn stopping(&self) -> tokio::sync::watch::Receiver<bool> {
        self.stopping.subscribe()
    }

    /// Sockets past the handshake right now.
    pub fn connections_streaming(&self) -> usize {
        self.streaming.load(Ordering::Relaxed)
    }

    fn record(&self) -> Option<MutexGuard<'_, Record>> {
        let r = self.record.as_ref()?;
        Some(r.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub(crate) fn record_delivery(&self, connection: u64, events: &[Arc<Published>]) {
        if let Some(mut r) = self.record() {
            let batch = Delivery {
                sent_at: Instant::now(),
                events: events.iter().map(|p| (*p.event).clone()).collect(),
            };
            r.batches.entry(connection).or_default().push(batch);
        }
    }

    /// What was delivered to each connection (only when recording is on).
    pub fn deliveries(&self) -> HashMap<u64, Vec<Event>> {
        self.delivered_batches()
            .into_iter()
            .map(|(c, batches)| (c, batches.into_iter().flat_map(|b| b.events).collect()))
            .collect()
    }

    /// Each connection's batches with the time each was sent (only when
    /// recording is on).
    pub fn delivered_batches(&self) -> HashMap<u64, Vec<Delivery>> {
        self.record().map(|r| r.batches.clone()).unwrap_or_default()
    }

    /// When each connection that has stopped streaming stopped (only when
    /// recording is on).
    pub fn streams_ended(&self) -> HashMap<u64, Instant> {
        self.record().map(|r| r.ended.clone()).unwrap_or_default()
    }

    /// Seconds since the simulator started.
    pub(crate) fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}

/// One event batch as a connection was sent it.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// When the send completed.
    pub sent_at: Instant,
    pub events: Vec<Event>,
}

#[derive(Debug, Default)]
struct Record {
    batches: HashMap<u64, Vec<Delivery>>,
    ended: HashMap<u64, Instant>,
}

/// Counts a streaming socket while it lives.
pub(crate) struct StreamingGuard<'a> {
    hub: &'a Hub,
    pub(crate) connection: u64,
}

impl Drop for StreamingGuard<'_> {
    fn drop(&mut self) {
        self.hub.streaming.fetch_sub(1, Ordering::Relaxed);
        if let Some(mut r) = self.hub.record() {
            r.ended.insert(self.connection, Instant::now());
        }
    }
}
